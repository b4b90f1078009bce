#!/usr/bin/env bash
# Billing benchmark: `leaseledger bill` (rate and invoice one month) against the SQL floor
# (one GROUP BY over the same month's usage), for two data sets:
#
#   sample   the whole sample site (sample/) at per-pod-hour records, generated exactly as
#            scripts/demo does: internal-training Nov 1-10 and anthropic Nov 10-Dec 1, 2026,
#            220 pods of 1,000 GPUs, 4 hall meters, some downtime (about 163,000 records);
#            two contracts.
#   tenants  for each shape KxMxH: K generated tenants with M pods each (class mix, 8
#            GPUs each, one hourly hall energy meter, some downtime), each with its own
#            contract for the whole of November 2026, usage for its first H hours. The
#            default shapes are issue 13's: 1000x50x24 (1,200,000 GPU records) and
#            300x16x48 (230,400 GPU records + hourly energy, about 245,000 rows);
#            720 hours is the whole month (36 M records at 1000x50, long to ingest).
#
# Usage: bench/bill_bench.sh [--shape KxMxH]... [--tenants K --meters M --hours H]
#                            [--only sample|tenants] [--build DIR] [--pg DIR] [--stop]
#
#   --shape KxMxH one tenants shape (repeatable; replaces the defaults)
#   --tenants K, --meters M, --hours H
#                 one shape given by parts (defaults 1000, 50, 24)
#   --build DIR   where leaseledger and gen_usage are (default: build-bench; build it with
#                 cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release &&
#                 cmake --build build-bench -j2 --target leaseledger gen_usage)
#   --pg DIR      the benchmark's private PostgreSQL (default: var/bench-pg)
#   --stop        stop the server at the end
#
# For each data set, in a fresh database: load, ingest, seal, ANALYZE (untimed),
# CHECKPOINT, then
#   (a) `leaseledger bill --period 2026-11 --dry-run`, 3 times: rate every contract (read
#       the hourly rollups, reconcile, price), write nothing; the best is reported;
#   (b) `leaseledger bill --period 2026-11`: the same, and issue every invoice (number,
#       log entry, index, lines), in batches of up to 128 contracts per transaction
#       (DESIGN.md "Billing in batches"); 3 times, each on a fresh copy of the database
#       (CREATE DATABASE ... TEMPLATE; an untimed dry run reads its pages first, as (a)
#       read the original's); the best is reported;
#   (c) the floor, 3 times: psql running
#         SELECT tenant_id, kind, class, sum(qty_micros) FROM ledger.usage
#         WHERE start_at >= '2026-11-01' AND start_at < '2026-12-01' GROUP BY 1, 2, 3
#       (every usage row of the month read once, summed per tenant, kind and class: the
#       least work any biller must do); the best is reported.
# Times are wall clock of the whole process (connection included) on an otherwise idle
# server; the ratio is (b) / (c). Figures go to var/bench/bill/bill.results (key=value),
# and a table of every data set (path, floor, ratio side by side) ends the output.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/bill_bench.sh

die()
{
    echo "$prog: $*" >&2
    exit 1
}
usage_error()
{
    echo "$prog: $*" >&2
    echo "Try '$prog --help'." >&2
    exit 64
}

tenants="" meters="" hours="" shapes=() only="" build=build-bench pgdir=var/bench-pg stop=0
while (($#)); do
    case $1 in
    -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        exit 0
        ;;
    --shape) shapes+=("${2:?}"); shift ;;
    --tenants) tenants=${2:?}; shift ;;
    --meters) meters=${2:?}; shift ;;
    --hours) hours=${2:?}; shift ;;
    --only) only=${2:?}; shift ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --stop) stop=1 ;;
    *) usage_error "unexpected argument \"$1\"" ;;
    esac
    shift
done
is_count() { [[ "$1" =~ ^[1-9][0-9]{0,8}$ ]]; }
if [[ -n "$tenants$meters$hours" ]]; then
    shapes+=("${tenants:-1000}x${meters:-50}x${hours:-24}")
fi
((${#shapes[@]})) || shapes=(1000x50x24 300x16x48)
for shape in "${shapes[@]}"; do
    IFS=x read -r tenants meters hours <<<"$shape"
    [[ "$shape" =~ ^[0-9]+x[0-9]+x[0-9]+$ ]] || usage_error "--shape must be KxMxH, not \"$shape\""
    if ! is_count "$tenants" || ((tenants > 9999)); then usage_error "tenants must be 1..9999"; fi
    is_count "$meters" || usage_error "meters must be a positive integer"
    if ! is_count "$hours" || ((hours > 720)); then usage_error "hours must be 1..720 (November)"; fi
done
[[ -z "$only" || "$only" == sample || "$only" == tenants ]] ||
    usage_error "--only must be sample or tenants"

LL=$root/$build/leaseledger
GEN=$root/$build/gen_usage
[[ "$build" == /* ]] && LL=$build/leaseledger GEN=$build/gen_usage
[[ -x "$LL" ]] || die "no $LL: build first (see --help)"
[[ -x "$GEN" ]] || die "no $GEN: build first (target gen_usage)"
command -v psql >/dev/null || die "psql not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

work=var/bench/bill
mkdir -p "$work"
chmod 700 "$work"
results=$work/bill.results
: >"$results"

# Every command that matters is printed as it runs.
run()
{
    echo "+ $*" >&2
    "$@"
}
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
min3() { printf '%s\n' "$@" | sort -n | head -n 1; }
rss_mib() {
    sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1" |
        awk '{ printf "%.1f", $1 / 1024 }'
}
sqlq() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
others()
{
    ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5 && $2 !~ /^(postgres|leaseledger|ps|awk)$/ {
        printf "%s%s %s%%", (n++ ? ", " : ""), $2, $1 } END { if (!n) printf "none" }'
}
result() { echo "$1=$2" >>"$results"; }

echo "== server ($pgdir)"
run scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"

# fresh_db NAME: drops and creates NAME, migrates it, exports PGDATABASE.
fresh_db()
{
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $1 TEMPLATE template0"
    run "$LL" migrate --db "dbname=$1" >&2
    export PGDATABASE=$1
}

rm -f "$work/operator.key" "$work/operator.key.pub"
run "$LL" keygen --name bench.example/leaseledger --out "$work/operator.key" >/dev/null
export LEASELEDGER_KEY=$root/$work/operator.key

FLOOR_SQL="SELECT tenant_id, kind, class, sum(qty_micros) FROM ledger.usage
 WHERE start_at >= '2026-11-01T00:00:00Z' AND start_at < '2026-12-01T00:00:00Z'
 GROUP BY 1, 2, 3"

# measure SET: (a), (b) and (c) above on the current database, figures as SET_*.
measure()
{
    local set=$1 t0 t1 i dry=() floor=() bills=() bill_s groups n_inv records hourly copy
    records=$(sqlq -c "SELECT count(*) FROM ledger.usage")
    hourly=$(sqlq -c "SELECT count(*) FROM ledger.usage_hourly")
    # statistics, as a database in service has them: without, the floor's GROUP BY
    # sorts (a third slower), and whether autovacuum got there first decided the ratio
    run psql -X -q -c ANALYZE
    run psql -X -q -c CHECKPOINT
    echo "== $set: (a) bill --dry-run, 3 times (others on the machine: $(others))"
    for i in 1 2 3; do
        t0=$(now_ns)
        "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z --dry-run \
            >"$work/$set-dry.out" 2>"$work/$set-dry.err" ||
            { cat "$work/$set-dry.err" >&2; die "$set: bill --dry-run failed"; }
        t1=$(now_ns)
        dry+=("$(secs "$t0" "$t1")")
    done
    echo "   ${dry[*]} s"
    echo "== $set: (b) bill, 3 times, each on a copy of the database (others: $(others))"
    for i in 1 2 3; do
        copy=${PGDATABASE}_bill
        run psql -X -q -v ON_ERROR_STOP=1 -d postgres \
            -c "DROP DATABASE IF EXISTS $copy WITH (FORCE)" \
            -c "CREATE DATABASE $copy TEMPLATE $PGDATABASE"
        # its pages read once, as the dry runs read the original's: untimed
        "$LL" bill --db "dbname=$copy" --period 2026-11 --as-of 2026-12-01T02:00:00Z \
            --dry-run >/dev/null 2>&1 || true
        run psql -X -q -d "$copy" -c CHECKPOINT
        t0=$(now_ns)
        /usr/bin/time -v -o "$work/$set-time-bill.txt" \
            "$LL" bill --db "dbname=$copy" --period 2026-11 --as-of 2026-12-01T02:00:00Z \
            >"$work/$set-bill.out" 2>"$work/$set-bill.err" ||
            { cat "$work/$set-bill.err" >&2; die "$set: bill failed"; }
        t1=$(now_ns)
        bills+=("$(secs "$t0" "$t1")")
    done
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE $copy WITH (FORCE)"
    bill_s=$(min3 "${bills[@]}")
    n_inv=$(grep -c '^issued invoice' "$work/$set-bill.out" || true)
    echo "   ${bills[*]} s, $n_inv invoices issued, peak RSS $(rss_mib "$work/$set-time-bill.txt") MiB"
    echo "== $set: (c) floor, 3 times (others: $(others))"
    echo "+ psql -c \"$FLOOR_SQL\"" >&2
    for i in 1 2 3; do
        t0=$(now_ns)
        psql -X -q -v ON_ERROR_STOP=1 -tA -c "$FLOOR_SQL" >"$work/$set-floor.out"
        t1=$(now_ns)
        floor+=("$(secs "$t0" "$t1")")
    done
    groups=$(wc -l <"$work/$set-floor.out")
    echo "   ${floor[*]} s ($groups groups)"
    result "${set}_records" "$records"
    result "${set}_hourly_rows" "$hourly"
    result "${set}_invoices" "$n_inv"
    result "${set}_dry_run_s" "$(min3 "${dry[@]}")"
    result "${set}_bill_s" "$bill_s"
    result "${set}_bill_rss_mib" "$(rss_mib "$work/$set-time-bill.txt")"
    result "${set}_floor_s" "$(min3 "${floor[@]}")"
    result "${set}_floor_groups" "$groups"
    result "${set}_ratio" "$(awk -v b="$bill_s" -v f="$(min3 "${floor[@]}")" \
        'BEGIN { printf "%.1f", b / f }')"
    result "${set}_ratio_dry_run" "$(awk -v b="$(min3 "${dry[@]}")" -v f="$(min3 "${floor[@]}")" \
        'BEGIN { printf "%.1f", b / f }')"
}

sets=()

# --- the sample site ----------------------------------------------------------------------
if [[ -z "$only" || "$only" == sample ]]; then
    echo "== sample: database bill_sample, site, contracts, usage as scripts/demo"
    fresh_db bill_sample
    run "$LL" site load sample/site-colossus-1.json >&2
    run "$LL" contract load sample/contract-internal.json >&2
    run "$LL" contract load sample/contract-anthropic.json >&2
    run "$GEN" --tenant internal-training --site colossus-1 --class mix --pod-gpus 1000 \
        --meters 220 --energy-meters 4 --hours 216 --start 2026-11-01T00:00:00Z \
        --downtime-every 97 --seed 4100 >"$work/sample-internal.csv"
    run "$GEN" --tenant anthropic --site colossus-1 --class mix --pod-gpus 1000 \
        --meters 220 --energy-meters 4 --hours 504 --start 2026-11-10T00:00:00Z \
        --downtime-every 97 --seed 1 >"$work/sample-anthropic.csv"
    run "$LL" ingest -q "$work/sample-internal.csv" >&2
    run "$LL" ingest -q "$work/sample-anthropic.csv" >&2
    run "$LL" seal -q >&2
    measure sample
    sets+=(sample)
    rm -f "$work"/sample-*.csv
fi

# --- K generated tenants --------------------------------------------------------------------
# tenants_set K M H: one shape, measured as the set tKxMxH.
tenants_set()
{
    local tenants=$1 meters=$2 hours=$3 set="t${1}x${2}x${3}" gpus power_mw i t t0
    echo "== $set: database bill_$set, $tenants tenants x $meters pods x $hours hours"
    fresh_db "bill_$set"
    gpus=$((tenants * meters * 8))
    power_mw=$(((gpus * 14 + 9999) / 10000 + 1))
    cat >"$work/site.json" <<EOF
{"site": "bench-1", "name": "Benchmark site",
 "gpus": {"H100": $gpus, "H200": $gpus, "GB200": $gpus}, "power_mw": "$power_mw",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
    run "$LL" site load "$work/site.json" >&2
    echo "+ $LL contract load $work/contracts/bench-NNNN.json   ($tenants times)" >&2
    mkdir -p "$work/contracts"
    t0=$(now_ns)
    for ((i = 1; i <= tenants; i++)); do
        t=$(printf 'bench-%04d' "$i")
        cat >"$work/contracts/$t.json" <<EOF
{"contract": "BENCH-$i", "tenant": "$t", "tenant_name": "Benchmark tenant $i",
 "site": "bench-1", "currency": "USD", "invoice_series": "B$i",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 20, "rate": "1.850000", "overage_rate": "2.400000",
          "overage_tiers": [{"up_to": "1000", "rate": "2.400000"}, {"rate": "2.100000"}]},
         {"class": "H200", "reserved": 10, "rate": "2.450000", "overage_rate": "3.180000"},
         {"class": "GB200", "reserved": 14, "rate": "3.900000", "overage_rate": "5.070000"}],
 "energy": {"rate_per_mwh": "62.500000", "pue": "1.250000",
            "capacity_mw": "1", "capacity_rate_per_mw_month": "15000.000000"},
 "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"},
                                            {"below": "99.000000", "percent": "10"}]},
 "minimum_monthly": "100000.00",
 "escalator": {"percent": "3.000000", "every_months": 12}}
EOF
        "$LL" contract load "$work/contracts/$t.json" >/dev/null ||
            die "contract load $t failed"
    done
    echo "   $(secs "$t0" "$(now_ns)") s"
    run "$GEN" --tenants "$tenants" --tenant-prefix bench- --site bench-1 --class mix \
        --pod-gpus 8 --meters "$meters" --energy-meters 1 --hours "$hours" \
        --start 2026-11-01T00:00:00Z --downtime-every 97 --seed 1 >"$work/tenants.csv"
    t0=$(now_ns)
    run "$LL" ingest -q "$work/tenants.csv" >&2
    echo "   ingest $(secs "$t0" "$(now_ns)") s"
    t0=$(now_ns)
    run "$LL" seal -q >&2
    echo "   seal $(secs "$t0" "$(now_ns)") s"
    rm -f "$work/tenants.csv"
    measure "$set"
    sets+=("$set")
}
if [[ -z "$only" || "$only" == tenants ]]; then
    for shape in "${shapes[@]}"; do
        IFS=x read -r k m h <<<"$shape"
        tenants_set "$k" "$m" "$h"
    done
fi

echo "== results ($results)"
cat "$results"
# get SET KEY: one figure of the results file
get() { sed -n "s/^$1_$2=//p" "$results"; }
echo
echo "| data set | records | invoices | bill s | dry run s | floor s | bill / floor | dry run / floor | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|"
for set in "${sets[@]}"; do
    echo "| $set | $(get "$set" records) | $(get "$set" invoices) | $(get "$set" bill_s) |" \
        "$(get "$set" dry_run_s) | $(get "$set" floor_s) | $(get "$set" ratio) |" \
        "$(get "$set" ratio_dry_run) | $(get "$set" bill_rss_mib) |"
done
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
    "PostgreSQL $(sqlq -d postgres -c 'SHOW server_version')"
if ((stop)); then
    run scripts/pg stop "$pgdir" >&2
fi
