#!/usr/bin/env bash
# Ingest benchmark: leaseledger ingest + seal of N generated usage records, against the
# floor of a bare COPY of the same rows into a table with the same indexes.
#
# Usage: bench/ingest_bench.sh [OPTIONS] N
#
#   N                 records to generate and ingest (tenants x meters x hours = N)
#   --tenants K       tenants (default 1); each gets its own contract and K-th of the records
#   --hours H         hours per tenant (default: 1000 if it divides N/K, else the divisor
#                     of N/K nearest 1000); meters = N / (K x H)
#   --pod-gpus G      GPUs per meter (default 8: one meter per 8-GPU server)
#   --chunk C         passed to leaseledger ingest --chunk (default: its own, 20,000)
#   --build DIR       where leaseledger and gen_usage are (default: build-bench)
#   --pg DIR          the benchmark's private PostgreSQL (default: var/bench-pg)
#   --profile         also profile: perf record over ingest and seal (client and server),
#                     the backend's wait events (sampled every 2 ms), and
#                     pg_stat_statements (the server is restarted with it loaded; a run
#                     without --profile restarts it without). Profiled figures are not
#                     the headline ones: run once without --profile for those.
#   --stop            stop the server at the end (default: leave it running for
#                     bench/verify_bench.sh, which uses the same database)
#   -h, --help        this help
#
# Build first:  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release &&
#               cmake --build build-bench -j2
#
# What it does (every command is printed as it runs, and listed again at the end):
#   1. starts the server (scripts/pg start var/bench-pg), creates the database bench_nN
#      fresh, migrates it, makes a signing key, loads a site with enough capacity for the
#      generated meters and one contract per tenant covering the generated hours;
#   2. generates the records (gen_usage, CSV, no energy or downtime records, so that
#      tenants x meters x hours = N exactly) into var/bench/nN/usage.csv;
#   3. times (a) `leaseledger ingest` then `leaseledger seal` (each after a CHECKPOINT),
#      peak RSS of each from /usr/bin/time -v;
#   4. exports the stored rows of ledger.usage in the table's own column format
#      (COPY (SELECT ...) TO) and times (b) the floor: one `\copy ledger.usage FROM` of
#      those rows into bench_nN_floor, a fresh database with the same schema (same
#      indexes and triggers), after a CHECKPOINT;
#   5. times (c) `leaseledger ingest --seal` of the same file into bench_nN_onego, a third
#      fresh database set up as the first: the same work in one command, the entries
#      proved on a second connection while the file is read (DESIGN.md "Sealing while
#      ingesting"); it must sign the same checkpoint and write the same tiles as (a);
#   6. prints records/s of each, the ratios (a)/(b) and (c)/(b), bytes per stored record,
#      peak RSS.
# Figures are also written to var/bench/nN/ingest.results (key=value; ingest-profile.results
# with --profile).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/ingest_bench.sh

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

n="" tenants=1 hours="" pod_gpus=8 chunk="" build=build-bench pgdir=var/bench-pg
profile=0 stop=0
while (($#)); do
    case $1 in
    -h | --help)
        awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
        exit 0
        ;;
    --tenants) tenants=${2:?}; shift ;;
    --hours) hours=${2:?}; shift ;;
    --pod-gpus) pod_gpus=${2:?}; shift ;;
    --chunk) chunk=${2:?}; shift ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --profile) profile=1 ;;
    --stop) stop=1 ;;
    -*) usage_error "unknown option \"$1\"" ;;
    *)
        [[ -z "$n" ]] || usage_error "unexpected argument \"$1\""
        n=$1
        ;;
    esac
    shift
done
[[ -n "$n" ]] || usage_error "missing N (records)"
is_count() { [[ "$1" =~ ^[1-9][0-9]{0,11}$ ]]; }
is_count "$n" || usage_error "N must be a positive integer"
is_count "$tenants" || usage_error "--tenants must be a positive integer"
is_count "$pod_gpus" || usage_error "--pod-gpus must be a positive integer"
[[ -z "$chunk" ]] || is_count "$chunk" || usage_error "--chunk must be a positive integer"
((n % tenants == 0)) || usage_error "N must be a multiple of --tenants"
per_tenant=$((n / tenants))
if [[ -z "$hours" ]]; then
    # the divisor of N/K nearest 1000 (1000 itself when it divides)
    best=1
    for ((d = 1; d <= per_tenant && d <= 100000; d++)); do
        if ((per_tenant % d == 0)); then
            dist=$((d > 1000 ? d - 1000 : 1000 - d))
            bdist=$((best > 1000 ? best - 1000 : 1000 - best))
            ((dist < bdist)) && best=$d
        fi
    done
    hours=$best
fi
is_count "$hours" || usage_error "--hours must be a positive integer"
((per_tenant % hours == 0)) || usage_error "--hours must divide N / tenants ($per_tenant)"
meters=$((per_tenant / hours))
((meters <= 1000000)) || usage_error "$meters meters per tenant: more than gen_usage allows; give --hours"

LL=$root/$build/leaseledger
GEN=$root/$build/gen_usage
[[ "$build" == /* ]] && LL=$build/leaseledger GEN=$build/gen_usage
[[ -x "$LL" ]] || die "no $LL: build first (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2)"
[[ -x "$GEN" ]] || die "no $GEN: build first (target gen_usage)"
command -v psql >/dev/null || die "psql not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
if ((profile)); then
    command -v perf >/dev/null || die "--profile needs perf (apt-get install linux-perf)"
fi

work=var/bench/n$n
db=bench_n$n
floor_db=bench_n${n}_floor
onego_db=bench_n${n}_onego
mkdir -p "$work"
chmod 700 "$work"
cmds=()

# Prints a command (shell-quoted) on the original stderr (fd 3, so that it shows even
# when the command's own output is redirected) and records it for the list at the end.
exec 3>&2
note_raw()
{
    echo "+ $1" >&3
    cmds+=("$1")
}
# Shell-quotes its arguments readably: plain words as they are, others in '...'.
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
rss_kib() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }
cpu_s() {
    awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 }
        END { printf "%.2f", u + s }' "$1"
}
sqlq() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
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
# Server CPU seconds between two cpu_snap results.
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
# Profiling (--profile): the client under `perf record -- CMD`, and the server by
# attaching to the postmaster (`perf record -p`; the backends it forks inherit it), so
# that other work on the machine stays out of both profiles.
perf_summary()
{
    local f n
    for f in client server; do
        n=$(perf script -i "$work/perf-$1-$f.data" -F ip 2>/dev/null | wc -l)
        echo "== perf ($1, $f): $n samples at 999 Hz = $(awk -v n="$n" 'BEGIN { printf "%.1f", n / 999 }') s of CPU; top symbols"
        perf report -i "$work/perf-$1-$f.data" --stdio --no-children --sort dso,sym -q \
            2>/dev/null >"$work/perf-$1-$f.txt" || true
        head -n 20 "$work/perf-$1-$f.txt"
    done
}

echo "== server ($pgdir)"
run scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"
note_raw "eval \"\$(scripts/pg env $pgdir)\""

# pg_stat_statements only when profiling: restart to load or unload it.
have_pss=0
[[ "$(sqlq -d postgres -c 'SHOW shared_preload_libraries')" == *pg_stat_statements* ]] &&
    have_pss=1
# Other scripts may share this server (bench/*.sh default to var/bench-pg): never restart
# it under someone's feet.
busy_server()
{
    local k
    k=$(sqlq -d postgres -c "SELECT count(*) FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
    ((k == 0)) || die "$k other session(s) on the server in $pgdir: cannot restart it to" \
        "load or unload pg_stat_statements now; try again when they are done"
}
if ((profile && !have_pss)); then
    busy_server
    run psql -X -q -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
    run scripts/pg stop "$pgdir" >&2
    run scripts/pg start "$pgdir" >&2
elif ((!profile && have_pss)); then
    busy_server
    run psql -X -q -d postgres -c "ALTER SYSTEM RESET shared_preload_libraries"
    run scripts/pg stop "$pgdir" >&2
    run scripts/pg start "$pgdir" >&2
fi

echo "== databases $db, $floor_db and $onego_db (fresh), schema, key, site, contracts"
for d in "$db" "$floor_db" "$onego_db"; do
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)"
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $d TEMPLATE template0"
    run "$LL" migrate --db "dbname=$d" >&2
done
export PGDATABASE=$db
note_cmd export PGDATABASE="$db"
if ((profile)); then
    run psql -X -q -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
fi
rm -f "$work/operator.key" "$work/operator.key.pub"
run "$LL" keygen --name bench.example/leaseledger --out "$work/operator.key" >"$work/verifier.key"
export LEASELEDGER_KEY=$root/$work/operator.key
note_cmd export LEASELEDGER_KEY="$LEASELEDGER_KEY"

site=bench-1
start=2026-11-10T00:00:00Z
start_s=$(date -u -d "$start" +%s)
end=$(date -u -d "@$((start_s + hours * 3600))" +%Y-%m-%dT%H:%M:%SZ)
# Every meter of every tenant at once, of any class, with room to spare; 1.4 kW per GPU.
gpus=$((tenants * meters * pod_gpus))
power_mw=$(((gpus * 14 + 9999) / 10000 + 1))
cat >"$work/site.json" <<EOF
{"site": "$site", "name": "Benchmark site",
 "gpus": {"H100": $gpus, "H200": $gpus, "GB200": $gpus}, "power_mw": "$power_mw",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
run "$LL" site load "$work/site.json" >&2
run "$LL" site load --db "dbname=$onego_db" "$work/site.json" >&2

if ((tenants == 1)); then
    names=(bench)
    gen_tenant=(--tenant bench)
else
    names=()
    for ((t = 1; t <= tenants; t++)); do names+=("$(printf 'bench-%04d' "$t")"); done
    gen_tenant=(--tenants "$tenants" --tenant-prefix bench-)
fi
i=0
for t in "${names[@]}"; do
    i=$((i + 1))
    cat >"$work/contract-$t.json" <<EOF
{"contract": "BENCH-$i", "tenant": "$t", "tenant_name": "Benchmark tenant $i",
 "site": "$site", "currency": "USD", "invoice_series": "B$i",
 "starts": "$start", "ends": "$end",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.850000", "overage_rate": "1.850000"},
         {"class": "H200", "reserved": 1, "rate": "2.100000", "overage_rate": "2.100000"},
         {"class": "GB200", "reserved": 1, "rate": "3.200000", "overage_rate": "3.200000"}],
 "energy": {"rate_per_mwh": "62.500000", "pue": "1.250000",
            "capacity_mw": "1", "capacity_rate_per_mw_month": "15000.000000"},
 "sla": {"target": "99.900000", "credits": [{"below": "99.900000", "percent": "5"}]},
 "minimum_monthly": "0.00"}
EOF
    run "$LL" contract load "$work/contract-$t.json" >&2
    run "$LL" contract load --db "dbname=$onego_db" "$work/contract-$t.json" >&2
done

echo "== generate $n records: $tenants tenant(s) x $meters meters x $hours hours"
csv=$work/usage.csv
gen_args=("${gen_tenant[@]}" --site "$site" --meters "$meters" --hours "$hours"
    --start "$start" --class mix --pod-gpus "$pod_gpus" --energy-meters 0 --seed 1)
note_raw "$(quote "$GEN" "${gen_args[@]}") >$csv"
"$GEN" "${gen_args[@]}" >"$csv"
lines=$(($(wc -l <"$csv") - 1))
((lines == n)) || die "gen_usage wrote $lines records, expected $n"
csv_bytes=$(stat -c %s "$csv")

if ((profile)); then
    run psql -X -q -d "$db" -c "SELECT pg_stat_statements_reset()" >/dev/null
fi

# Samples, every 2 ms from a second session, the state and wait event of the one client
# backend of database $1 until it goes (or none came within 60 s), and writes the share
# of each to $2: on CPU, waiting for the client between statements ("idle") or inside one
# ("active / Client:ClientRead", e.g. for COPY data), or for I/O. Says where the server
# waits, which perf (CPU only) does not.
wait_sampler()
{
    psql -X -q -tA -F ' ' -v ON_ERROR_STOP=1 -d postgres -c "CREATE TEMP TABLE s (w text)" \
        -c "DO \$\$ DECLARE seen bool := false; r text; t0 timestamptz := clock_timestamp();
            BEGIN LOOP
                PERFORM pg_stat_clear_snapshot();
                SELECT state || ' / ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU')
                  INTO r FROM pg_stat_activity
                  WHERE datname = '$1' AND backend_type = 'client backend' LIMIT 1;
                IF r IS NOT NULL THEN seen := true; INSERT INTO s VALUES (r);
                ELSIF seen OR clock_timestamp() - t0 > interval '60 s' THEN EXIT; END IF;
                PERFORM pg_sleep(0.002);
            END LOOP; END \$\$" \
        -c "SELECT lpad(round(100.0 * count(*) / sum(count(*)) OVER (), 1) || ' %', 8), w
            FROM s GROUP BY w ORDER BY count(*) DESC" >"$2"
}

# Runs a command, under perf when profiling: "profiled NAME DB CMD...". Sets ph_t0/ph_t1
# (ns) and ph_c0/ph_c1 (cpu_snap) around the command alone.
profiled()
{
    local name=$1 pdb=$2 spid wpid st=0
    shift 2
    if ((profile)); then
        perf record -F 999 -q -p "$(head -n 1 "$pgdir/data/postmaster.pid")" \
            -o "$work/perf-$name-server.data" 3>&- &
        spid=$!
        note_raw "perf record -F 999 -p POSTMASTER_PID -o $work/perf-$name-server.data &"
        wait_sampler "$pdb" "$work/waits-$name.txt" 3>&- &
        wpid=$!
        note_raw "wait_sampler $pdb $work/waits-$name.txt & (pg_stat_activity every 2 ms)"
        sleep 1
        ph_c0=$(cpu_snap) ph_t0=$(now_ns)
        run perf record -F 999 -q -o "$work/perf-$name-client.data" -- "$@" || st=$?
        ph_t1=$(now_ns)
        sleep 0.3 # let the postmaster reap the backend, whose CPU time it then holds
        ph_c1=$(cpu_snap)
        kill -INT "$spid"
        wait "$spid" || true
        wait "$wpid" || true
        return $st
    fi
    ph_c0=$(cpu_snap) ph_t0=$(now_ns)
    run "$@" || st=$?
    ph_t1=$(now_ns)
    sleep 0.3 # let the postmaster reap the backend, whose CPU time it then holds
    ph_c1=$(cpu_snap)
    return $st
}

echo "== (a) leaseledger ingest + seal"
ingest_args=(ingest --quiet)
[[ -n "$chunk" ]] && ingest_args+=(--chunk "$chunk")
run psql -X -q -c CHECKPOINT
others_start=$(others)
st=0
profiled ingest "$db" /usr/bin/time -v -o "$work/time-ingest.txt" "$LL" "${ingest_args[@]}" "$csv" \
    >"$work/ingest.out" 2>"$work/ingest.err" || st=$?
t0=$ph_t0 t1=$ph_t1 c0=$ph_c0 c1=$ph_c1
cat "$work/ingest.out"
((st == 0)) || {
    head -n 20 "$work/ingest.err" >&2
    die "ingest exited $st"
}
accepted=$(sed -n 's/.*records: \([0-9]*\) accepted.*/\1/p' "$work/ingest.out")
[[ "$accepted" == "$n" ]] || die "ingest accepted ${accepted:-?} records, expected $n"
run psql -X -q -c CHECKPOINT
profiled seal "$db" /usr/bin/time -v -o "$work/time-seal.txt" "$LL" seal >"$work/seal.out" \
    2>"$work/seal.err" || {
    cat "$work/seal.err" >&2
    die "seal failed"
}
t2=$ph_t0 t3=$ph_t1 c2=$ph_c0 c3=$ph_c1
cat "$work/seal.out"
ingest_s=$(secs "$t0" "$t1")
seal_s=$(secs "$t2" "$t3")
both_s=$(awk -v a="$ingest_s" -v b="$seal_s" 'BEGIN { printf "%.3f", a + b }')

sizes=$(sqlq -F ' ' -c "SELECT pg_total_relation_size('ledger.usage'),
    pg_relation_size('ledger.usage'), pg_indexes_size('ledger.usage'),
    pg_total_relation_size('ledger.usage_hourly'), pg_total_relation_size('ledger.log_tile'),
    (SELECT count(*) FROM ledger.usage), (SELECT count(*) FROM ledger.log_tile),
    (SELECT count(*) FROM ledger.usage_hourly)")
read -r usage_total usage_heap usage_idx hourly_total tile_total usage_rows tile_rows \
    hourly_rows <<<"$sizes"
((usage_rows == n)) || die "ledger.usage holds $usage_rows rows, expected $n"

if ((profile)); then
    echo "== pg_stat_statements: top statements of ingest + seal by total time"
    psql -X -P pager=off -d "$db" -c "SELECT calls, round(total_exec_time::numeric / 1000, 2) AS total_s,
        round(mean_exec_time::numeric, 3) AS mean_ms, rows,
        round(100 * total_exec_time::numeric / sum(total_exec_time::numeric) OVER (), 1) AS pct,
        left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 15" | tee "$work/pgss-ingest.txt"
fi

echo "== (b) floor: bare COPY of the same rows into $floor_db"
cols="seq, start_at, end_at, qty_micros, tenant_id, site_id, kind, class, meter, event_id, corrects"
rows=$work/usage-rows.copy
run psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
    -c "\\copy (SELECT $cols FROM ledger.usage ORDER BY tenant_id, seq) TO '$rows'"
rows_bytes=$(stat -c %s "$rows")
run psql -X -q -d "$floor_db" -c CHECKPOINT
others_floor=$(others)
profiled floor "$floor_db" /usr/bin/time -v -o "$work/time-floor.txt" \
    psql -X -q -v ON_ERROR_STOP=1 -d "$floor_db" -c "\\copy ledger.usage ($cols) FROM '$rows'"
t4=$ph_t0 t5=$ph_t1 c4=$ph_c0 c5=$ph_c1
floor_s=$(secs "$t4" "$t5")
floor_total=$(sqlq -d "$floor_db" -c "SELECT pg_total_relation_size('ledger.usage')")
rm -f "$rows"

echo "== (c) leaseledger ingest --seal: the same, in one command, into $onego_db"
run psql -X -q -d "$onego_db" -c CHECKPOINT
profiled onego "$onego_db" /usr/bin/time -v -o "$work/time-onego.txt" "$LL" "${ingest_args[@]}" \
    --seal --db "dbname=$onego_db" "$csv" >"$work/onego.out" 2>"$work/onego.err" || {
    head -n 20 "$work/onego.err" >&2
    die "ingest --seal failed"
}
t6=$ph_t0 t7=$ph_t1 c6=$ph_c0 c7=$ph_c1
cat "$work/onego.out"
onego_s=$(secs "$t6" "$t7")
# the same checkpoint (Ed25519 signatures are deterministic) and the same tiles
same_log=$(for d in "$db" "$onego_db"; do
    sqlq -d "$d" -c "SELECT (SELECT md5(string_agg(note, '|' ORDER BY tenant_id, size))
        FROM ledger.checkpoint) || (SELECT md5(string_agg(md5(hashes), '|'
        ORDER BY tenant_id, level, idx, width)) FROM ledger.log_tile)"
done | uniq | wc -l)
((same_log == 1)) || die "ingest --seal signed another checkpoint or wrote other tiles than ingest, then seal"

ours_rps=$(per_s "$n" "$both_s")
ingest_rps=$(per_s "$n" "$ingest_s")
floor_rps=$(per_s "$n" "$floor_s")
ratio=$(awk -v a="$floor_s" -v b="$both_s" 'BEGIN { printf "%.3f", a / b }')
ratio_ingest=$(awk -v a="$floor_s" -v b="$ingest_s" 'BEGIN { printf "%.3f", a / b }')
ratio_onego=$(awk -v a="$floor_s" -v b="$onego_s" 'BEGIN { printf "%.3f", a / b }')
onego_rps=$(per_s "$n" "$onego_s")
rss_onego=$(rss_kib "$work/time-onego.txt")
cpu_onego=$(cpu_s "$work/time-onego.txt")
srv_onego=$(server_cpu "$c6" "$c7")
bpr_all=$(awk -v a="$usage_total" -v b="$hourly_total" -v c="$tile_total" -v n="$n" \
    'BEGIN { printf "%.1f", (a + b + c) / n }')
bpr_usage=$(awk -v a="$usage_total" -v n="$n" 'BEGIN { printf "%.1f", a / n }')
bpr_heap=$(awk -v a="$usage_heap" -v n="$n" 'BEGIN { printf "%.1f", a / n }')
bpr_idx=$(awk -v a="$usage_idx" -v n="$n" 'BEGIN { printf "%.1f", a / n }')
bpr_floor=$(awk -v a="$floor_total" -v n="$n" 'BEGIN { printf "%.1f", a / n }')
rss_ingest=$(rss_kib "$work/time-ingest.txt")
rss_seal=$(rss_kib "$work/time-seal.txt")
cpu_ingest=$(cpu_s "$work/time-ingest.txt")
cpu_seal=$(cpu_s "$work/time-seal.txt")
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
cpu_floor=$(cpu_s "$work/time-floor.txt")
srv_ingest=$(server_cpu "$c0" "$c1")
srv_seal=$(server_cpu "$c2" "$c3")
srv_floor=$(server_cpu "$c4" "$c5")
ours_cpu=$(awk -v a="$cpu_ingest" -v b="$cpu_seal" -v c="$srv_ingest" -v d="$srv_seal" \
    'BEGIN { printf "%.2f", a + b + c + d }')
floor_cpu=$(awk -v a="$cpu_floor" -v b="$srv_floor" 'BEGIN { printf "%.2f", a + b }')
cpu_ratio=$(awk -v a="$floor_cpu" -v b="$ours_cpu" 'BEGIN { printf "%.3f", a / b }')

if ((profile)); then
    for ph in ingest seal floor onego; do
        perf_summary "$ph"
        echo "== the $ph backend's time by state / wait event (pg_stat_activity every 2 ms)"
        cat "$work/waits-$ph.txt"
    done
fi


suffix=""
if ((profile)); then suffix=-profile; fi
results=$work/ingest$suffix.results
cat >"$results" <<EOF
n=$n
tenants=$tenants
meters=$meters
hours=$hours
pod_gpus=$pod_gpus
chunk=${chunk:-default}
profile=$profile
csv_bytes=$csv_bytes
copy_rows_bytes=$rows_bytes
ingest_s=$ingest_s
seal_s=$seal_s
ingest_seal_s=$both_s
floor_s=$floor_s
ours_rps=$ours_rps
ingest_only_rps=$ingest_rps
floor_rps=$floor_rps
ratio=$ratio
ratio_ingest_only=$ratio_ingest
ingest_seal_one_command_s=$onego_s
ratio_one_command=$ratio_onego
one_command_peak_rss_kib=$rss_onego
one_command_client_cpu_s=$cpu_onego
one_command_server_cpu_s=$srv_onego
cpu_busy_one_command_pct=$(cpu_busy "$c6" "$c7")
usage_total_bytes=$usage_total
usage_heap_bytes=$usage_heap
usage_index_bytes=$usage_idx
usage_hourly_bytes=$hourly_total
log_tile_bytes=$tile_total
floor_usage_total_bytes=$floor_total
usage_hourly_rows=$hourly_rows
log_tile_rows=$tile_rows
bytes_per_record_all=$bpr_all
bytes_per_record_usage=$bpr_usage
bytes_per_record_usage_heap=$bpr_heap
bytes_per_record_usage_indexes=$bpr_idx
bytes_per_record_floor=$bpr_floor
ingest_peak_rss_kib=$rss_ingest
seal_peak_rss_kib=$rss_seal
ingest_client_cpu_s=$cpu_ingest
seal_client_cpu_s=$cpu_seal
floor_client_cpu_s=$cpu_floor
ingest_server_cpu_s=$srv_ingest
seal_server_cpu_s=$srv_seal
floor_server_cpu_s=$srv_floor
ours_cpu_s=$ours_cpu
floor_cpu_s=$floor_cpu
cpu_ratio=$cpu_ratio
cpu_busy_ingest_pct=$(cpu_busy "$c0" "$c1")
cpu_busy_seal_pct=$(cpu_busy "$c2" "$c3")
cpu_busy_floor_pct=$(cpu_busy "$c4" "$c5")
other_processes_at_ingest="$others_start"
other_processes_at_floor="$others_floor"
EOF

cat <<EOF

== results: N = $n ($tenants tenant(s) x $meters meters x $hours hours, CSV $(mib $((csv_bytes / 1024))) MiB)$( ((profile)) && echo ' [PROFILED: perf and pg_stat_statements on]')
                       wall         records/s   CPU s: client + server
(a) ingest             $ingest_s s   $ingest_rps   $cpu_ingest + $srv_ingest   peak RSS $(mib "$rss_ingest") MiB
    seal               $seal_s s                $cpu_seal + $srv_seal   peak RSS $(mib "$rss_seal") MiB
    ingest + seal      $both_s s   $ours_rps   $ours_cpu
(b) floor: bare COPY   $floor_s s   $floor_rps   $cpu_floor + $srv_floor = $floor_cpu
(c) ingest --seal      $onego_s s   $onego_rps   $cpu_onego + $srv_onego   peak RSS $(mib "$rss_onego") MiB   (the same checkpoint and tiles as (a))
ratio (a)/(b)          $ratio by wall time (ingest alone: $ratio_ingest); $cpu_ratio by CPU time
ratio (c)/(b)          $ratio_onego by wall time (aim >= 0.8)
bytes per record       $bpr_all   (usage + usage_hourly + log_tile: $usage_total + $hourly_total + $tile_total bytes)
  ledger.usage alone   $bpr_usage   (heap $bpr_heap, indexes $bpr_idx; floor table $bpr_floor)
peak memory            ingest $(mib "$rss_ingest") MiB, seal $(mib "$rss_seal") MiB, ingest --seal $(mib "$rss_onego") MiB   (aim < 256 MiB)
machine load           both CPUs busy: ingest $(cpu_busy "$c0" "$c1")%, seal $(cpu_busy "$c2" "$c3")%, floor $(cpu_busy "$c4" "$c5")%, ingest --seal $(cpu_busy "$c6" "$c7")%
                       other processes >= 5% CPU at start: ingest: $others_start; floor: $others_floor
figures also in $results

commands run:
EOF
printf '  %s\n' "${cmds[@]}"
if ((stop)); then
    scripts/pg stop "$pgdir"
else
    echo "server left running for bench/verify_bench.sh $n; stop it with: scripts/pg stop $pgdir"
fi
