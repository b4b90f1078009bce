#!/usr/bin/env bash
# Verify benchmark: `leaseledger verify` over the data bench/ingest_bench.sh N left in the
# database bench_nN (or a many-tenant shape it makes itself, --tenants), against its floor:
# reading the same rows (`\copy (SELECT ...) TO /dev/null`), and `openssl speed sha256`.
#
# Usage: bench/verify_bench.sh [OPTIONS] N
#        bench/verify_bench.sh [OPTIONS] --tenants K [--meters M] [--hours H]
#
#   N               the N of an earlier bench/ingest_bench.sh run (database bench_nN)
#   --tenants K     instead of N: make (once; again with --fresh) the database
#                   bench_vKxMxH: K tenants, each with its own contract, M pods (class mix,
#                   8 GPUs each) and one hall energy meter, H hours of records from
#                   2026-11-01 (gen_usage, hourly energy), ingested and sealed; issue 13's
#                   shape is --tenants 300 --meters 16 --hours 48 (244,800 records)
#   --meters M      pods per tenant with --tenants (default 16)
#   --hours H       hours with --tenants (default 48)
#   --fresh         with --tenants: make the database again even if it exists
#   --build DIR     where leaseledger is (default: build-bench)
#   --pg DIR        the benchmark's private PostgreSQL (default: var/bench-pg)
#   --profile       also perf record verify (client) and the server (attached to the
#                   postmaster): CPU seconds and top symbols of each
#   --runs R        time verify and its floor R times, alternately, and report the best
#                   of each (default 1; the machine is shared, so 3 gives steadier ratios)
#   --stop          stop the server at the end
#   -h, --help      this help
#
# What it does (every command is printed as it runs, and listed again at the end):
#   1. `openssl speed -seconds 3 sha256`: hashes per second for 64- and 256-byte blocks;
#   2. after a CHECKPOINT, times `leaseledger verify --vkey KEY` (every leaf rebuilt from
#      its record and hashed, every tile recomputed and compared, every checkpoint);
#   3. times the database side alone: the same rows verify reads, streamed by
#      `\copy (SELECT ...) TO /dev/null`;
#   4. prints entries/s and hashes/s (leaf hashes plus the interior hashes of every full
#      tile at every level, which is what verify computes), against openssl's figures.
# Figures are also written to var/bench/nN/verify.results (key=value; verify-profile.results
# with --profile).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/verify_bench.sh

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

n="" build=build-bench pgdir=var/bench-pg profile=0 stop=0
tenants="" meters=16 hours=48 fresh=0 runs=1
while (($#)); do
    case $1 in
    -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        exit 0
        ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --profile) profile=1 ;;
    --stop) stop=1 ;;
    --tenants) tenants=${2:?}; shift ;;
    --meters) meters=${2:?}; shift ;;
    --hours) hours=${2:?}; shift ;;
    --fresh) fresh=1 ;;
    --runs) runs=${2:?}; shift ;;
    -*) usage_error "unknown option \"$1\"" ;;
    *)
        [[ -z "$n" ]] || usage_error "unexpected argument \"$1\""
        n=$1
        ;;
    esac
    shift
done
is_count() { [[ "$1" =~ ^[1-9][0-9]{0,8}$ ]]; }
is_count "$runs" || usage_error "--runs must be a positive integer"
if [[ -n "$tenants" ]]; then
    [[ -z "$n" ]] || usage_error "give N or --tenants, not both"
    if ! is_count "$tenants" || ((tenants > 9999)); then usage_error "--tenants must be 1..9999"; fi
    is_count "$meters" || usage_error "--meters must be a positive integer"
    if ! is_count "$hours" || ((hours > 720)); then usage_error "--hours must be 1..720"; fi
else
    [[ "$n" =~ ^[1-9][0-9]{0,11}$ ]] || usage_error "N must be a positive integer"
fi
LL=$root/$build/leaseledger
GEN=$root/$build/gen_usage
[[ "$build" == /* ]] && LL=$build/leaseledger GEN=$build/gen_usage
[[ -x "$LL" ]] || die "no $LL: build first (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2)"
command -v openssl >/dev/null || die "openssl not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
if ((profile)); then
    command -v perf >/dev/null || die "--profile needs perf"
fi
if [[ -n "$tenants" ]]; then
    n=$tenants-tenants
    work=var/bench/v${tenants}x${meters}x$hours
    db=bench_v${tenants}x${meters}x$hours
    mkdir -p "$work"
    chmod 700 "$work"
else
    work=var/bench/n$n
    db=bench_n$n
    [[ -s "$work/verifier.key" ]] || die "no $work/verifier.key: run bench/ingest_bench.sh $n first"
fi

cmds=()
exec 3>&2
note_raw()
{
    echo "+ $1" >&3
    cmds+=("$1")
}
quote()
{
    local a out=""
    for a in "$@"; do
        if [[ "$a" =~ ^[A-Za-z0-9_./=:@%+,-]+$ ]]; then
            out+=" $a"
        else
            out+=" '${a//\'/\'\\\'\'}'"
        fi
    done
    printf '%s' "${out# }"
}
note_cmd() { note_raw "$(quote "$@")"; }
run() { note_cmd "$@"; "$@" 3>&-; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
sqlq() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# The machine is shared: how busy were both CPUs over a timed phase (100% = both cores
# fully used by anything, ours or not), and what else was running when we started.
# cpu_snap: "TOTAL IDLE SERVER": jiffies of all CPUs, of them idle, and the CPU time of the
# benchmark server: its postmaster plus every child it has reaped (the backends of our
# connections, parallel workers, autovacuum), in clock ticks.
cpu_snap()
{
    local pm
    pm=$(head -n 1 "$pgdir/data/postmaster.pid")
    echo "$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat)" \
        "$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat")"
}
clk_tck=$(getconf CLK_TCK)
server_cpu() { awk -v a="$1" -v b="$2" -v hz="$clk_tck" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", (y[3] - x[3]) / hz }'; }
cpu_busy()
{
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
        t = y[1] - x[1]; i = y[2] - x[2]; printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0) }'
}
others()
{
    ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5 && $2 !~ /^(postgres|leaseledger|ps|awk)$/ {
        printf "%s%s %s%%", (n++ ? ", " : ""), $2, $1 } END { if (!n) printf "none" }'
    printf '; other sessions on the benchmark server: %s' "$(sqlq -d postgres -c "SELECT count(*)
        FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")"
}

# make_shape: the database of --tenants K --meters M --hours H, made fresh (untimed).
make_shape()
{
    local gpus power_mw t i
    echo "== making $db: $tenants tenants x $meters pods x $hours hours + hourly energy"
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db TEMPLATE template0"
    run "$LL" migrate --db "dbname=$db" >&2
    rm -f "$work/operator.key" "$work/operator.key.pub"
    run "$LL" keygen --name bench.example/leaseledger --out "$work/operator.key" \
        >"$work/verifier.key"
    export LEASELEDGER_KEY=$root/$work/operator.key
    gpus=$((tenants * meters * 8))
    power_mw=$(((gpus * 14 + 9999) / 10000 + 1))
    cat >"$work/site.json" <<EOF
{"site": "bench-1", "name": "Benchmark site",
 "gpus": {"H100": $gpus, "H200": $gpus, "GB200": $gpus}, "power_mw": "$power_mw",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
    run "$LL" site load "$work/site.json" >&2
    note_raw "$LL contract load $work/contracts/bench-NNNN.json   ($tenants times)"
    mkdir -p "$work/contracts"
    for ((i = 1; i <= tenants; i++)); do
        t=$(printf 'bench-%04d' "$i")
        cat >"$work/contracts/$t.json" <<EOF
{"contract": "BENCH-$i", "tenant": "$t", "tenant_name": "Benchmark tenant $i",
 "site": "bench-1", "currency": "USD", "invoice_series": "B$i",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 20, "rate": "1.850000", "overage_rate": "2.400000"},
         {"class": "H200", "reserved": 10, "rate": "2.450000", "overage_rate": "3.180000"},
         {"class": "GB200", "reserved": 14, "rate": "3.900000", "overage_rate": "5.070000"}],
 "energy": {"rate_per_mwh": "62.500000", "pue": "1.250000",
            "capacity_mw": "1", "capacity_rate_per_mw_month": "15000.000000"},
 "minimum_monthly": "0.00"}
EOF
        "$LL" contract load "$work/contracts/$t.json" >/dev/null || die "contract load $t failed"
    done
    local gen_args=(--tenants "$tenants" --tenant-prefix bench- --site bench-1 --class mix
        --pod-gpus 8 --meters "$meters" --energy-meters 1 --hours "$hours"
        --start 2026-11-01T00:00:00Z --seed 1)
    note_raw "$(quote "$GEN" "${gen_args[@]}") >$work/usage.csv"
    "$GEN" "${gen_args[@]}" >"$work/usage.csv"
    run "$LL" ingest -q "$work/usage.csv" >&2
    run "$LL" seal -q >&2
    rm -f "$work/usage.csv"
}

echo "== openssl speed -seconds 3 sha256"
run openssl speed -seconds 3 sha256 >"$work/openssl-speed.txt" 2>&1
# "Doing sha256 for 3s on 64 size blocks: 11111111 sha256's in 3.00s"
ossl_rate()
{
    sed -n "s/^Doing sha256 for [0-9]*s on $1 size blocks: \([0-9]*\) sha256's in \([0-9.]*\)s.*/\1 \2/p" \
        "$work/openssl-speed.txt" | awk '{ printf "%.0f", $1 / $2 }'
}
ossl64=$(ossl_rate 64)
ossl256=$(ossl_rate 256)
[[ -n "$ossl64" && -n "$ossl256" ]] || die "could not read openssl speed output ($work/openssl-speed.txt)"
grep '^sha256 ' "$work/openssl-speed.txt" || true
echo "openssl: $ossl64 hashes/s on 64-byte blocks, $ossl256 on 256-byte blocks"

echo "== server ($pgdir), database $db"
run scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"
note_raw "eval \"\$(scripts/pg env $pgdir)\""
export PGDATABASE=$db
note_cmd export PGDATABASE="$db"
if [[ -n "$tenants" ]]; then
    have_db=$(sqlq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$db'")
    if ((fresh || have_db == 0)) || [[ ! -s "$work/verifier.key" ]]; then make_shape; fi
fi
[[ "$(sqlq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$db'")" == 1 ]] ||
    die "no database $db: run bench/ingest_bench.sh $n first"

# What verify hashes: per tenant, one leaf hash per entry, and 255 interior hashes per
# full tile at each level (verify.c folds each full 256-hash tile into one hash for the
# level above, for 8 levels). Checkpoint roots add a few hundred more per tenant.
read -r entries leaves interior <<<"$(sqlq -F ' ' -c "
    SELECT sum(size), sum(size), coalesce(sum((SELECT sum(floor(h.size / 256.0 ^ l) * 255)
        FROM generate_series(1, 8) AS l)), 0)::bigint
    FROM ledger.log_head h")"
hashes=$((leaves + interior))
# Mean bytes hashed per usage leaf: 0x00 and the canonical entry (ledger/entry.c), rebuilt
# here in SQL over up to 100,000 records; interior hashes take 65 bytes.
leaf_bytes=$(sqlq -c "
    SELECT round(avg(1 + octet_length(format(
        '{\"data\":{%s%s\"end\":\"%s\",\"event_id\":\"%s\",\"kind\":\"%s\",\"meter\":\"%s\",'
        '\"quantity\":\"%s\",\"site\":\"%s\",\"start\":\"%s\",\"unit\":\"%s\"},\"kind\":\"usage\",'
        '\"seq\":%s,\"tenant\":\"%s\",\"v\":1}',
        CASE u.class WHEN 1 THEN '\"class\":\"H100\",' WHEN 2 THEN '\"class\":\"H200\",'
            WHEN 3 THEN '\"class\":\"GB200\",' ELSE '' END,
        CASE WHEN u.corrects IS NULL THEN '' ELSE '\"corrects\":\"' || u.corrects || '\",' END,
        to_char(u.end_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), u.event_id,
        CASE u.kind WHEN 1 THEN 'gpu' WHEN 2 THEN 'energy' ELSE 'downtime' END, u.meter,
        (CASE WHEN u.qty_micros < 0 THEN '-' ELSE '' END) || (abs(u.qty_micros) / 1000000)::text
            || '.' || lpad((abs(u.qty_micros) % 1000000)::text, 6, '0'),
        s.site, to_char(u.start_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
        CASE u.kind WHEN 2 THEN 'mwh' ELSE 'gpu_hour' END, u.seq, t.tenant))))
    FROM (SELECT * FROM ledger.usage ORDER BY tenant_id, seq LIMIT 100000) u
    JOIN ledger.site s USING (site_id) JOIN ledger.tenant t USING (tenant_id)")

echo "== leaseledger verify"
run psql -X -q -c CHECKPOINT
others_start=$(others)
verify_cmd=(/usr/bin/time -v -o "$work/time-verify.txt" "$LL" verify --quiet
    --vkey "$(cat "$work/verifier.key")")
c0=$(cpu_snap)
t0=$(now_ns)
st=0
if ((profile)); then
    # the client under perf; the server by attaching to the postmaster (its backends
    # inherit it), so that other work on the machine stays out of both profiles
    perf record -F 999 -q -p "$(head -n 1 "$pgdir/data/postmaster.pid")" \
        -o "$work/perf-verify-server.data" 3>&- &
    spid=$!
    note_raw "perf record -F 999 -p POSTMASTER_PID -o $work/perf-verify-server.data &"
    sleep 1
    c0=$(cpu_snap)
    t0=$(now_ns)
    run perf record -F 999 -q -o "$work/perf-verify-client.data" -- "${verify_cmd[@]}" \
        >"$work/verify.out" 2>"$work/verify.err" || st=$?
    t1=$(now_ns)
    sleep 0.3 # let the postmaster reap the backend, whose CPU time it then holds
    c1=$(cpu_snap)
    kill -INT "$spid"
    wait "$spid" || true
else
    run "${verify_cmd[@]}" >"$work/verify.out" 2>"$work/verify.err" || st=$?
    t1=$(now_ns)
    sleep 0.3
    c1=$(cpu_snap)
fi
cat "$work/verify.out"
((st == 0)) || {
    cat "$work/verify.err" >&2
    die "verify exited $st"
}
verify_s=$(secs "$t0" "$t1")
got=$(sed -n 's/^OK: [0-9]* tenants\{0,1\}, \([0-9]*\) entries.*/\1/p' "$work/verify.out")
[[ "$got" == "$entries" ]] || die "verify checked ${got:-?} entries, the logs hold $entries"
rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/time-verify.txt")
cpu=$(awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 }
    END { printf "%.2f", u + s }' "$work/time-verify.txt")

echo "== the database side alone: the rows verify reads, streamed to /dev/null"
run psql -X -q -c CHECKPOINT
c2=$(cpu_snap)
t2=$(now_ns)
# The floor: every column verify reads of every entry (usage records and documents), in
# whatever order the server finds cheapest (no ORDER BY: before issue 13 this query
# sorted the whole log by seq, on disk at 10 M, which made the floor slower than it need
# be), as text, to /dev/null.
floor_sql="\\copy (SELECT tenant_id, seq, site_id, meter, event_id,
    corrects, kind, class, start_at, end_at, qty_micros, NULL, NULL FROM ledger.usage
    UNION ALL SELECT tenant_id, seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    kind, body FROM ledger.log_doc) TO '/dev/null'"
run /usr/bin/time -v -o "$work/time-read.txt" psql -X -q -v ON_ERROR_STOP=1 -c "$floor_sql"
t3=$(now_ns)
sleep 0.3
c3=$(cpu_snap)
read_s=$(secs "$t2" "$t3")
srv_verify=$(server_cpu "$c0" "$c1")
srv_read=$(server_cpu "$c2" "$c3")
cpu_read=$(awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 }
    END { printf "%.2f", u + s }' "$work/time-read.txt")
# More runs (--runs): verify then its floor again, wall time only; the best of each.
verify_all=$verify_s read_all=$read_s
for ((i = 2; i <= runs && !profile; i++)); do
    note_raw "(run $i of $runs: the same verify, then the same floor)"
    t0=$(now_ns)
    "$LL" verify --quiet --vkey "$(cat "$work/verifier.key")" >/dev/null || die "verify failed"
    t1=$(now_ns)
    psql -X -q -v ON_ERROR_STOP=1 -c "$floor_sql" || die "the floor failed"
    t2=$(now_ns)
    verify_all+=" $(secs "$t0" "$t1")" read_all+=" $(secs "$t1" "$t2")"
done
verify_s=$(printf '%s\n' $verify_all | sort -n | head -n 1)
read_s=$(printf '%s\n' $read_all | sort -n | head -n 1)

if ((profile)); then
    for f in client server; do
        ns=$(perf script -i "$work/perf-verify-$f.data" -F ip 2>/dev/null | wc -l)
        echo "== perf (verify, $f): $ns samples at 999 Hz = $(awk -v n="$ns" 'BEGIN { printf "%.1f", n / 999 }') s of CPU; top symbols"
        perf report -i "$work/perf-verify-$f.data" --stdio --no-children --sort dso,sym -q \
            2>/dev/null >"$work/perf-verify-$f.txt" || true
        head -n 20 "$work/perf-verify-$f.txt"
    done
fi

entries_rps=$(per_s "$entries" "$verify_s")
hashes_rps=$(per_s "$hashes" "$verify_s")
ratio64=$(awk -v a="$hashes_rps" -v b="$ossl64" 'BEGIN { printf "%.3f", a / b }')
ratio256=$(awk -v a="$hashes_rps" -v b="$ossl256" 'BEGIN { printf "%.3f", a / b }')
# Time the hashing alone would take at openssl's speed: leaves at the 256-byte figure
# (a leaf hashes ~230 bytes), interior nodes at the 64-byte figure (65 bytes).
hash_only_s=$(awk -v l="$leaves" -v i="$interior" -v a="$ossl256" -v b="$ossl64" \
    'BEGIN { printf "%.3f", l / a + i / b }')
floor_ratio=$(awk -v v="$verify_s" -v r="$read_s" 'BEGIN { printf "%.2f", (r > 0 ? v / r : 0) }')
hash_share=$(awk -v h="$hash_only_s" -v v="$verify_s" 'BEGIN { printf "%.1f", 100 * h / v }')

suffix=""
if ((profile)); then suffix=-profile; fi
results=$work/verify$suffix.results
cat >"$results" <<EOF
n=$n
entries=$entries
leaf_hashes=$leaves
interior_hashes=$interior
hashes=$hashes
mean_leaf_bytes=$leaf_bytes
verify_s=$verify_s
entries_per_s=$entries_rps
hashes_per_s=$hashes_rps
openssl_sha256_64B_per_s=$ossl64
openssl_sha256_256B_per_s=$ossl256
ratio_vs_openssl_64B=$ratio64
ratio_vs_openssl_256B=$ratio256
hash_only_s_at_openssl_speed=$hash_only_s
hash_share_pct=$hash_share
db_read_alone_s=$read_s
ratio_verify_to_read=$floor_ratio
verify_runs_s="$verify_all"
db_read_runs_s="$read_all"
verify_peak_rss_kib=$rss
verify_client_cpu_s=$cpu
verify_server_cpu_s=$srv_verify
db_read_alone_client_cpu_s=$cpu_read
db_read_alone_server_cpu_s=$srv_read
profile=$profile
cpu_busy_verify_pct=$(cpu_busy "$c0" "$c1")
other_processes_at_verify="$others_start"
EOF

cat <<EOF

== results: verify over N = $n ($entries entries)$( ((profile)) && echo ' [PROFILED: perf on]')
verify / floor         $verify_s s / $read_s s = $floor_ratio (issue 13 aims at <= 1.5); best of $runs: verify $verify_all s, floor $read_all s
verify                 $verify_s s   $entries_rps entries/s   peak RSS $(mib "$rss") MiB   CPU s: client $cpu + server $srv_verify
hashes computed        $hashes ($leaves leaves of ~$leaf_bytes bytes, $interior interior of 65 bytes)
verify hash rate       $hashes_rps hashes/s
openssl speed sha256   $ossl64 hashes/s (64-byte blocks), $ossl256 hashes/s (256-byte blocks)
ratio                  $ratio64 of the 64-byte figure ($ratio256 of the 256-byte figure)
hashing alone          $hash_only_s s at openssl speed = $hash_share% of verify's time
floor: the same rows   $read_s s (every column verify reads, \\copy (SELECT ...) TO /dev/null); CPU s: psql $cpu_read + server $srv_read
machine load           both CPUs busy during verify: $(cpu_busy "$c0" "$c1")%; other processes >= 5% CPU at start: $others_start
figures also in $results

commands run:
EOF
printf '  %s\n' "${cmds[@]}"
if ((stop)); then
    scripts/pg stop "$pgdir"
else
    echo "server left running; stop it with: scripts/pg stop $pgdir"
fi
