#!/usr/bin/env bash
# Demand benchmark (issue 10): a month of 15-minute energy records of a 300 MW site
# (96 intervals a day x halls x days) through `leaseledger ingest` + `seal`, against the
# floor of a bare COPY of the same rows into a table with the same indexes, as
# bench/ingest_bench.sh measures GPU records. Ingest also keeps the 15-minute sums
# (ledger.usage_quarter) and the hourly ones: the ratio says what they cost.
#
# Usage: bench/demand_bench.sh [--halls H] [--days D] [--short-names] [--build DIR] [--pg DIR]
#                               [--stop]
#
#   --halls H   hall meters (default 20: 15 MW each, 300 MW in all)
#   --days D    days from 2026-11-01 (default 30: November, 2,880 intervals a meter)
#   --short-names  meters `hall-001` and event ids `hall-001/Q` (Q the quarter's number), as
#               before 5 Dec 2026. By default the meter and event id have the widths of
#               gen_usage's GPU records (13 and 27 bytes: `hall-mtr-0001`,
#               `hall-mtr-0001/20261101T0015`), so that the floor stores rows of the same
#               width and index keys of the same length as bench/ingest_bench.sh's floor,
#               and the two ratios compare like for like
#   --build DIR where leaseledger is (default build-bench: a Release build)
#   --pg DIR    the benchmark's private PostgreSQL (default var/bench-pg)
#   --stop      stop the server at the end
#
# Prints each command as it runs, then records, seconds, records/s of (a) ingest + seal
# and (b) the floor, their CPU time (client + server, as bench/ingest_bench.sh counts it),
# and the ratio (b)/(a) by wall time and by CPU time (1.0 = as fast as the floor).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/demand_bench.sh
die()
{
    echo "$prog: $*" >&2
    exit 1
}

halls=20 days=30 build=build-bench pgdir=var/bench-pg stop=0 short=0
while (($#)); do
    case $1 in
    -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        exit 0
        ;;
    --halls) halls=${2:?}; shift ;;
    --days) days=${2:?}; shift ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --stop) stop=1 ;;
    --short-names) short=1 ;;
    *) echo "$prog: unknown argument \"$1\"" >&2; exit 64 ;;
    esac
    shift
done
[[ "$halls" =~ ^[1-9][0-9]{0,3}$ ]] || die "--halls must be 1..9999"
[[ "$days" =~ ^[1-9][0-9]{0,2}$ ]] && ((days <= 365)) || die "--days must be 1..365"
LL=$root/$build/leaseledger
[[ "$build" == /* ]] && LL=$build/leaseledger
[[ -x "$LL" ]] || die "no $LL: build first (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

n=$((halls * days * 96))
work=var/bench/demand-n$n
db=bench_demand_n$n
floor_db=${db}_floor
mkdir -p "$work"
chmod 700 "$work"
run()
{
    echo "+ $*" >&2
    "$@"
}
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

run scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"
for d in "$db" "$floor_db"; do
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)"
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $d TEMPLATE template0"
    run "$LL" migrate --db "dbname=$d" >&2
done
export PGDATABASE=$db
rm -f "$work/operator.key" "$work/operator.key.pub"
run "$LL" keygen --name bench.example/leaseledger --out "$work/operator.key" >/dev/null
export LEASELEDGER_KEY=$root/$work/operator.key

cat >"$work/site.json" <<EOF
{"site": "bench-300", "name": "Benchmark site, 300 MW",
 "gpus": {"H100": 220000}, "power_mw": "300",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
run "$LL" site load "$work/site.json" >&2
cat >"$work/contract.json" <<EOF
{"contract": "DEMAND-1", "tenant": "bench", "tenant_name": "Benchmark tenant",
 "site": "bench-300", "currency": "USD", "invoice_series": "DB",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 0, "rate": "1.85", "overage_rate": "1.85"}],
 "energy": {"rate_per_mwh": "62.5", "pue": "1.25", "capacity_mw": "300",
            "capacity_rate_per_mw_month": "15000",
            "demand": {"rate_per_kw_month": "11.5", "ratchet": {"percent": "80", "months": 11}}}}
EOF
run "$LL" contract load "$work/contract.json" >&2

# Each hall draws 13.5..15 MW: 3.375..3.75 MWh a quarter-hour, in kWh with 3 decimals.
# Records in time order, every hall for one quarter-hour then the next (as gen_usage
# writes every meter for one hour then the next).
csv=$work/energy.csv
echo "+ awk (generate $n records: $halls halls x $days days x 96; short names: $short) >$csv" >&2
TZ=UTC awk -v halls="$halls" -v days="$days" -v short="$short" 'BEGIN {
    print "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
    t0 = 1793491200 # 2026-11-01T00:00:00Z
    for (q = 0; q < days * 96; q++) {
        s = strftime("%Y-%m-%dT%H:%M:%SZ", t0 + q * 900, 1)
        e = strftime("%Y-%m-%dT%H:%M:%SZ", t0 + q * 900 + 900, 1)
        b = strftime("%Y%m%dT%H%M", t0 + q * 900, 1)
        for (h = 1; h <= halls; h++) {
            kwh = 3375 + ((q * 7919 + h * 104729) % 375001) / 1000
            m = sprintf(short ? "hall-%03d" : "hall-mtr-%04d", h)
            printf "bench,bench-300,%s,energy,,%s,%s,%.3f,kwh,%s/%s\n",
                m, s, e, kwh, m, (short ? q : b)
        }
    }
}' >"$csv"

# CPU time of our processes only, as bench/ingest_bench.sh counts it (steadier than wall
# time on a shared machine): the client's from /usr/bin/time, the server's as the CPU
# time of the postmaster's reaped children (the backends of our connections).
clk_tck=$(getconf CLK_TCK)
server_ticks()
{
    awk '{ print $14 + $15 + $16 + $17 }' "/proc/$(head -n 1 "$pgdir/data/postmaster.pid")/stat"
}
# timed NAME CMD...: runs CMD under /usr/bin/time; sets ph_s (wall seconds) and ph_cpu
# (client + server CPU seconds).
timed()
{
    local name=$1 a b s0 s1
    shift
    echo "+ $*" >&2
    s0=$(server_ticks) a=$(now_ns)
    /usr/bin/time -f '%U %S' -o "$work/time-$name.txt" "$@"
    b=$(now_ns)
    sleep 0.3 # let the postmaster reap the backend, whose CPU time it then holds
    s1=$(server_ticks)
    ph_s=$(secs "$a" "$b")
    ph_cpu=$(awk -v s0="$s0" -v s1="$s1" -v hz="$clk_tck" \
        '{ printf "%.2f", $1 + $2 + (s1 - s0) / hz }' "$work/time-$name.txt")
}

run psql -X -q -c CHECKPOINT
timed ingest "$LL" ingest --quiet "$csv"
ingest_s=$ph_s ingest_cpu=$ph_cpu
run psql -X -q -c CHECKPOINT # as bench/ingest_bench.sh does before seal
timed seal "$LL" seal >/dev/null
seal_s=$ph_s seal_cpu=$ph_cpu
rows=$(psql -X -qtA -c "SELECT count(*) FROM ledger.usage")
quarters=$(psql -X -qtA -c "SELECT count(*) FROM ledger.usage_quarter")
widths=$(psql -X -qtA -F ' ' -c "SELECT round(avg(octet_length(meter)), 1),
    round(avg(octet_length(event_id)), 1) FROM ledger.usage")
((rows == n)) || die "ledger.usage holds $rows rows, expected $n"

cols="seq, start_at, end_at, qty_micros, tenant_id, site_id, kind, class, meter, event_id, corrects"
run psql -X -q -v ON_ERROR_STOP=1 \
    -c "\\copy (SELECT $cols FROM ledger.usage ORDER BY tenant_id, seq) TO '$work/rows.copy'"
run psql -X -q -d "$floor_db" -c CHECKPOINT
timed floor psql -X -q -v ON_ERROR_STOP=1 -d "$floor_db" -c "\\copy ledger.usage ($cols) FROM '$work/rows.copy'"
floor_s=$ph_s floor_cpu=$ph_cpu
rm -f "$work/rows.copy"

floor_bpr=$(psql -X -qtA -d "$floor_db" -c "SELECT round(pg_total_relation_size('ledger.usage') / $n.0, 1)")
ours_s=$(awk -v a="$ingest_s" -v b="$seal_s" 'BEGIN { printf "%.3f", a + b }')
ours_cpu=$(awk -v a="$ingest_cpu" -v b="$seal_cpu" 'BEGIN { printf "%.2f", a + b }')
echo "== $n 15-minute energy records ($halls halls x $days days x 96), $quarters quarter-hour sums"
echo "mean bytes: meter, event_id $widths; floor's ledger.usage $floor_bpr bytes per record"
echo "(a) ingest $ingest_s s + seal $seal_s s = $ours_s s, $(awk -v n="$n" -v s="$ours_s" 'BEGIN { printf "%.0f", n / s }') records/s; CPU $ingest_cpu + $seal_cpu = $ours_cpu s"
echo "(b) floor (bare COPY) $floor_s s, $(awk -v n="$n" -v s="$floor_s" 'BEGIN { printf "%.0f", n / s }') records/s; CPU $floor_cpu s"
echo "ratio (b)/(a) by wall time: $(awk -v a="$floor_s" -v b="$ours_s" 'BEGIN { printf "%.3f", a / b }'); by CPU time: $(awk -v a="$floor_cpu" -v b="$ours_cpu" 'BEGIN { printf "%.3f", a / b }')"
if ((stop)); then
    run scripts/pg stop "$pgdir" >&2
fi
