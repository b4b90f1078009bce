#!/usr/bin/env bash
# Report benchmark (issue 4): a year of revenue for K tenants (default 1,000). Each report
# and export is timed against its SQL floor: the bare query over the same rows (the
# aggregate for the reports, the plain SELECT of the same lines for the exports).
#
# Usage: bench/report_bench.sh [--tenants K] [--meters M] [--hours H] [--late L]
#                              [--runs R] [--reuse] [--build DIR] [--pg DIR] [--stop]
#
#   --tenants K   tenants, one contract each for 2026 (default 1000; every 4th in EUR, the
#                 others in USD; names with a comma, so CSV quotes them)
#   --meters M    pods per tenant (default 3, class mix, 8 GPUs each; a downtime record
#                 every 7th pod-hour) and one hall meter
#   --hours H     hours of usage per tenant per month (default 4): the reports read the
#                 invoices, not the usage, so a little usage is enough for a year of
#                 invoices; reserved capacity, power capacity and the monthly minimum are
#                 billed whatever the usage (take-or-pay)
#   --late L      June also gets late usage for L tenants (a supplementary invoice each)
#                 and an energy correction for L others (a credit note each), issued
#                 2026-07-15 (default 100)
#   --runs R      timed runs of each command and each floor (default 3; the median is
#                 reported)
#   --reuse       keep the database of an earlier run (same options) instead of building
#   --build DIR   where leaseledger and gen_usage are (default: build-bench; build it with
#                 cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release &&
#                 cmake --build build-bench -j2 --target leaseledger gen_usage)
#   --pg DIR      the benchmark's private PostgreSQL (default: var/bench-pg)
#   --stop        stop the server at the end
#
# Building the data (timed, but not the benchmark), in a fresh database bench_report:
#   site load; K contracts from 2026-01-01 to 2027-01-01; then for each month of 2026:
#   gen_usage for its first H hours, ingest, `bill --period 2026-MM` issued at 02:00 on the
#   1st of the next month (so every document has its own issue month); after June, the
#   late usage and corrections and `bill --period 2026-06` issued 2026-07-15. Then
#   VACUUM ANALYZE and CHECKPOINT.
# Measured, R times each, median wall clock of the whole process (connection included),
# with the client's CPU time, and the server's statement time from one extra run with
# log_min_duration_statement = 0:
#   leaseledger report revenue --from 2026-01 --to 2026-12 with the default grouping
#   (month,stream,document), --by tenant, --by tenant,month,stream, --basis earned (two
#   groupings), --format csv (two groupings); report utilization --period 2026-06;
#   export focus --period 2026-06; export journal --period 2026-07 --dialect hledger;
#   each against its floor run by psql -X -tA -f FILE (the SQL is printed, and kept in
#   var/bench/report/floor-*.sql), output to a file in both cases.
# Checks (a wrong benchmark is worse than none): the CSV revenue totals equal the floor's
# per currency to the cent; focus rows and journal transactions equal the floor's lines
# and documents. Figures go to var/bench/report/report.results (key=value).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/report_bench.sh

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

tenants=1000 meters=3 hours=4 late=100 runs=3 reuse=0 build=build-bench pgdir=var/bench-pg
stop=0
while (($#)); do
    case $1 in
    -h | --help)
        sed -n '2,46p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    --tenants) tenants=${2:?}; shift ;;
    --meters) meters=${2:?}; shift ;;
    --hours) hours=${2:?}; shift ;;
    --late) late=${2:?}; shift ;;
    --runs) runs=${2:?}; shift ;;
    --reuse) reuse=1 ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --stop) stop=1 ;;
    *) usage_error "unexpected argument \"$1\"" ;;
    esac
    shift
done
is_count() { [[ "$1" =~ ^[1-9][0-9]{0,8}$ ]]; }
if ! is_count "$tenants" || ((tenants > 9999)); then usage_error "--tenants must be 1..9999"; fi
if ! is_count "$meters" || ((meters < 3)); then
    usage_error "--meters must be 3 or more (class mix: one pod of each class)"
fi
if ! is_count "$hours" || ((hours > 672)); then usage_error "--hours must be 1..672"; fi
[[ "$late" =~ ^[0-9]{1,4}$ ]] || usage_error "--late must be 0..9999"
((2 * late <= tenants)) || usage_error "--late must be at most half of --tenants"
if ! is_count "$runs" || ((runs > 99)); then usage_error "--runs must be 1..99"; fi

LL=$root/$build/leaseledger
GEN=$root/$build/gen_usage
[[ "$build" == /* ]] && LL=$build/leaseledger GEN=$build/gen_usage
[[ -x "$LL" ]] || die "no $LL: build first (see --help)"
[[ -x "$GEN" ]] || die "no $GEN: build first (target gen_usage)"
command -v psql >/dev/null || die "psql not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

work=var/bench/report
mkdir -p "$work"
chmod 700 "$work"
results=$work/report.results
: >"$results"
pglog=$pgdir/log/postgresql.log
db=bench_report
shape="tenants=$tenants meters=$meters hours=$hours late=$late"

# Every command that matters is printed as it runs.
run()
{
    echo "+ $*" >&2
    "$@"
}
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
sqlq() { psql -X -q -v ON_ERROR_STOP=1 -tA "$@"; }
others()
{
    ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 5 && $2 !~ /^(postgres|leaseledger|psql|ps|awk)$/ {
        printf "%s%s %s%%", (n++ ? ", " : ""), $2, $1 } END { if (!n) printf "none" }'
}
result() { echo "$1=$2" >>"$results"; }
next_month() # 2026-MM -> the first instant of the next month
{
    local y=${1%-*} m=$((10#${1#*-}))
    if ((m == 12)); then printf '%04d-01-01T00:00:00Z' $((y + 1)); else printf '%s-%02d-01T00:00:00Z' "$y" $((m + 1)); fi
}

echo "== server ($pgdir)"
run scripts/pg start "$pgdir" >&2
eval "$(scripts/pg env "$pgdir")"


# --- the data: a year of invoices -----------------------------------------------------------
have_db()
{
    [[ $(sqlq -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$db'") == 1 ]] &&
        [[ $(sqlq -d "$db" -c "SELECT obj_description('ledger.invoice'::regclass)" \
            2>/dev/null) == "bench: $shape" ]]
}

build_data()
{
    local t0 t1 i t cur p as_of bill_total=0 ingest_total=0
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db TEMPLATE template0"
    run "$LL" migrate --db "dbname=$db" >&2
    export PGDATABASE=$db
    rm -f "$work/operator.key" "$work/operator.key.pub"
    run "$LL" keygen --name bench.example/leaseledger --out "$work/operator.key" >/dev/null
    export LEASELEDGER_KEY=$root/$work/operator.key

    cat >"$work/site.json" <<EOF
{"site": "rb-1", "name": "Report benchmark site",
 "gpus": {"H100": $((tenants * 30)), "H200": $((tenants * 30)), "GB200": $((tenants * 30))},
 "power_mw": "$((tenants * 2))",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
    run "$LL" site load "$work/site.json" >&2
    echo "+ $LL contract load $work/contracts/rb-NNNN.json   ($tenants times)" >&2
    mkdir -p "$work/contracts"
    t0=$(now_ns)
    for ((i = 1; i <= tenants; i++)); do
        t=$(printf 'rb-%04d' "$i")
        cur=USD
        ((i % 4 == 0)) && cur=EUR
        cat >"$work/contracts/$t.json" <<EOF
{"contract": "RB-$i", "tenant": "$t", "tenant_name": "Benchmark tenant $i, Inc.",
 "site": "rb-1", "currency": "$cur", "invoice_series": "R$i",
 "starts": "2026-01-01T00:00:00Z", "ends": "2027-01-01T00:00:00Z",
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
    t1=$(now_ns)
    echo "   $(secs "$t0" "$t1") s"
    result contracts_load_s "$(secs "$t0" "$t1")"

    for ((i = 1; i <= 12; i++)); do
        p=$(printf '2026-%02d' "$i")
        as_of=$(next_month "$p" | sed 's/T00:/T02:/')
        "$GEN" --tenants "$tenants" --tenant-prefix rb- --site rb-1 --class mix --pod-gpus 8 \
            --meters "$meters" --energy-meters 1 --hours "$hours" --start "${p}-01T00:00:00Z" \
            --downtime-every 7 --seed "$i" >"$work/usage-$p.csv"
        t0=$(now_ns)
        "$LL" ingest -q "$work/usage-$p.csv" >&2 || die "ingest $p failed"
        t1=$(now_ns)
        ingest_total=$((ingest_total + t1 - t0))
        t0=$(now_ns)
        "$LL" bill --period "$p" --as-of "$as_of" >"$work/bill-$p.out" 2>"$work/bill-$p.err" ||
            { cat "$work/bill-$p.err" >&2; die "bill --period $p failed"; }
        t1=$(now_ns)
        bill_total=$((bill_total + t1 - t0))
        echo "   $p: $(grep -c '^issued' "$work/bill-$p.out" || true) documents issued" \
            "as of $as_of in $(secs "$t0" "$t1") s (others: $(others))"
        if [[ "$p" == 2026-06 ]] && ((late > 0)); then
            # late usage: hour 600 of June (the 26th, 00:00) for tenants 1..L: more energy,
            # so a supplementary invoice each
            "$GEN" --tenants "$late" --tenant-prefix rb- --site rb-1 --class mix \
                --pod-gpus 8 --meters "$meters" --energy-meters 1 --hours 1 \
                --start 2026-06-26T00:00:00Z --seed 99 >"$work/late-2026-06.csv"
            # corrections: -0.01 MWh on the first June energy record of tenants L+1..2L,
            # so a credit note each
            awk -F, -v lo=$((late + 1)) -v hi=$((2 * late)) 'NR == 1 { print $0 ",corrects"; next }
                $4 == "energy" && $6 == "2026-06-01T00:00:00Z" {
                    n = substr($1, 4) + 0
                    if (n >= lo && n <= hi)
                        printf "%s,%s,%s,energy,,%s,%s,-0.01,mwh,fix/%s,%s\n", $1, $2, $3, $6, $7, $10, $10
                }' "$work/usage-$p.csv" >"$work/fix-2026-06.csv"
            run "$LL" ingest -q "$work/late-2026-06.csv" >&2 || die "ingest late usage failed"
            run "$LL" ingest -q "$work/fix-2026-06.csv" >&2 || die "ingest corrections failed"
            t0=$(now_ns)
            run "$LL" bill --period 2026-06 --as-of 2026-07-15T02:00:00Z \
                >"$work/bill-2026-06-late.out" 2>"$work/bill-2026-06-late.err" ||
                { cat "$work/bill-2026-06-late.err" >&2; die "bill of the late June failed"; }
            t1=$(now_ns)
            bill_total=$((bill_total + t1 - t0))
            echo "   2026-06 again: $(grep -c '^issued invoice' "$work/bill-2026-06-late.out" || true)" \
                "supplementary invoices, $(grep -c '^issued credit_note' "$work/bill-2026-06-late.out" || true)" \
                "credit notes as of 2026-07-15T02:00:00Z in $(secs "$t0" "$t1") s"
        fi
        rm -f "$work/usage-$p.csv"
    done
    result ingest_s "$(secs 0 "$ingest_total")"
    result bill_s "$(secs 0 "$bill_total")"
    run "$LL" seal -q >&2
    run psql -X -q -v ON_ERROR_STOP=1 -c "COMMENT ON TABLE ledger.invoice IS 'bench: $shape'"
}

if ((reuse)) && have_db; then
    echo "== data: reusing database $db ($shape)"
    export PGDATABASE=$db
else
    echo "== data: database $db, $tenants tenants x 12 months ($meters pods, $hours h a month)"
    build_data
fi
run psql -X -q -c "VACUUM (ANALYZE)" -c CHECKPOINT

usage_records=$(sqlq -c "SELECT count(*) FROM ledger.usage")
hourly_rows=$(sqlq -c "SELECT count(*) FROM ledger.usage_hourly")
docs=$(sqlq -c "SELECT count(*) FILTER (WHERE kind = 'invoice' AND amends IS NULL) || ' '
    || count(*) FILTER (WHERE kind = 'invoice' AND amends IS NOT NULL) || ' '
    || count(*) FILTER (WHERE kind = 'credit_note') FROM ledger.invoice")
read -r n_orig n_supp n_cn <<<"$docs"
n_lines=$(sqlq -c "SELECT count(*) FROM ledger.invoice_line")
echo "   usage records $usage_records, hourly rows $hourly_rows; documents: $n_orig invoices," \
    "$n_supp supplementary, $n_cn credit notes; $n_lines lines"
result usage_records "$usage_records"
result hourly_rows "$hourly_rows"
result invoices "$n_orig"
result supplementary "$n_supp"
result credit_notes "$n_cn"
result lines "$n_lines"
result db_bytes "$(sqlq -c "SELECT pg_database_size(current_database())")"

# --- the floors -----------------------------------------------------------------------------
JOIN="FROM ledger.invoice i
 JOIN ledger.invoice_line li ON li.tenant_id = i.tenant_id AND li.number = i.number"
BILLED="WHERE i.issued_at >= '2026-01-01T00:00:00Z' AND i.issued_at < '2027-01-01T00:00:00Z'"
EARNED="WHERE i.period >= '2026-01' AND i.period <= '2026-12'"
ISSUE_MONTH="to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM')"
DOC="CASE WHEN i.kind = 'credit_note' THEN 'credit_note'
 WHEN i.amends IS NOT NULL THEN 'supplementary_invoice' ELSE 'invoice' END"
floor_sql()
{
    case $1 in
    msd_billed) echo "SELECT $ISSUE_MONTH, li.stream, $DOC, i.currency, sum(li.amount_micros)
 $JOIN
 $BILLED
 GROUP BY 1, 2, 3, 4;" ;;
    msd_earned) echo "SELECT i.period, li.stream, $DOC, i.currency, sum(li.amount_micros)
 $JOIN
 $EARNED
 GROUP BY 1, 2, 3, 4;" ;;
    tenant) echo "SELECT i.tenant_id, i.currency, sum(li.amount_micros)
 $JOIN
 $BILLED
 GROUP BY 1, 2;" ;;
    tms_billed) echo "SELECT i.tenant_id, $ISSUE_MONTH, li.stream, i.currency, sum(li.amount_micros)
 $JOIN
 $BILLED
 GROUP BY 1, 2, 3, 4;" ;;
    tms_earned) echo "SELECT i.tenant_id, i.period, li.stream, i.currency, sum(li.amount_micros)
 $JOIN
 $EARNED
 GROUP BY 1, 2, 3, 4;" ;;
    utilization) echo "SELECT site_id, kind, class, sum(qty_micros) FROM ledger.usage_hourly
 WHERE hour >= '2026-06-01T00:00:00Z' AND hour < '2026-07-01T00:00:00Z'
 GROUP BY 1, 2, 3;
SELECT li.stream, li.class, sum(li.qty_micros)
 $JOIN
 WHERE i.period = '2026-06' AND li.stream IN ('gpu_reserved', 'energy')
 GROUP BY 1, 2;" ;;
    focus) echo "SELECT i.tenant_id, i.number, i.kind, i.amends, i.contract_id, i.currency,
 i.issued_at, li.line_no, li.stream, li.class, li.from_at, li.to_at, li.qty_micros, li.unit,
 li.rate_micros, li.amount_micros
 $JOIN
 WHERE i.period = '2026-06'
 ORDER BY i.tenant_id, i.contract_id, i.issued_at, i.seq, li.line_no;" ;;
    journal) echo "SELECT i.tenant_id, i.number, i.kind, i.amends, i.contract_id, i.currency,
 i.period, i.issued_at, i.total_micros, li.stream, li.amount_micros
 FROM ledger.invoice i
 LEFT JOIN ledger.invoice_line li ON li.tenant_id = i.tenant_id AND li.number = i.number
 WHERE i.issued_at >= '2026-07-01T00:00:00Z' AND i.issued_at < '2026-08-01T00:00:00Z'
 ORDER BY i.issued_at, i.tenant_id, i.seq, li.line_no;" ;;
    *) die "no floor $1" ;;
    esac
}

# --- timing ---------------------------------------------------------------------------------
# timed NAME KIND CMD...: R runs of CMD, stdout to $work/NAME-KIND.out; sets T_WALL (median
# s), T_CPU (median client user+sys s), T_SERVER (server statement ms of one extra run).
timed()
{
    local name=$1 kind=$2 i t0 t1 walls=() cpus=() off
    shift 2
    for ((i = 0; i < runs; i++)); do
        t0=$(now_ns)
        /usr/bin/time -f '%U %S' -o "$work/$name-$kind.time" "$@" \
            >"$work/$name-$kind.out" 2>"$work/$name-$kind.err" ||
            { cat "$work/$name-$kind.err" >&2; die "$name: $kind failed: $*"; }
        t1=$(now_ns)
        walls+=("$(secs "$t0" "$t1")")
        cpus+=("$(awk '{ printf "%.3f", $1 + $2 }' "$work/$name-$kind.time")")
    done
    T_WALL=$(median "${walls[@]}")
    T_CPU=$(median "${cpus[@]}")
    T_SERVER=-
    if [[ -r "$pglog" ]]; then
        off=$(stat -c %s "$pglog")
        PGOPTIONS="-c log_min_duration_statement=0" "$@" >/dev/null 2>&1 || true
        sleep 0.2
        T_SERVER=$(tail -c +"$((off + 1))" "$pglog" |
            awk '{ for (i = 1; i < NF; i++) if ($i == "duration:") s += $(i + 1) }
                 END { printf "%.1f", s }')
    fi
    echo "   $kind: runs ${walls[*]} s; median $T_WALL s, client CPU $T_CPU s, server statements $T_SERVER ms"
}

# measure NAME FLOOR SKIP LEASELEDGER-ARGS...
#   SKIP: how many output lines are not rows (header, rule, total), or txn to count the
#   journal's transactions
declare -a summary=()
measure()
{
    local name=$1 floor=$2 skip=$3 l_wall l_cpu l_srv f_wall f_srv rows frows
    shift 3
    floor_sql "$floor" >"$work/floor-$floor.sql"
    echo "== $name: leaseledger $* (others: $(others))"
    echo "+ $LL $*" >&2
    timed "$name" cmd "$LL" "$@"
    l_wall=$T_WALL l_cpu=$T_CPU l_srv=$T_SERVER
    echo "+ psql -X -tA -f $work/floor-$floor.sql" >&2
    timed "$name" floor psql -X -q -v ON_ERROR_STOP=1 -tA -f "$work/floor-$floor.sql"
    f_wall=$T_WALL f_srv=$T_SERVER
    if [[ $skip == txn ]]; then # journal: transactions, one dated header line each
        rows=$(grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] ' "$work/$name-cmd.out" || true)
    else
        rows=$(($(wc -l <"$work/$name-cmd.out") - skip))
    fi
    frows=$(wc -l <"$work/$name-floor.out")
    echo "   rows out $rows (floor $frows); ratio $(ratio "$l_wall" "$f_wall") x"
    result "${name}_s" "$l_wall"
    result "${name}_cpu_s" "$l_cpu"
    result "${name}_server_ms" "$l_srv"
    result "${name}_floor_s" "$f_wall"
    result "${name}_floor_server_ms" "$f_srv"
    result "${name}_ratio" "$(ratio "$l_wall" "$f_wall")"
    result "${name}_rows" "$rows"
    result "${name}_floor_rows" "$frows"
    summary+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s |' "$*" "$l_wall" "$l_cpu" \
        "$l_srv" "$f_wall" "$f_srv" "$(ratio "$l_wall" "$f_wall")" "$rows / $frows")")
}

echo "== null floor: psql -c 'SELECT 1' (process start and connection)"
echo "SELECT 1;" >"$work/floor-null.sql"
timed null floor psql -X -q -tA -f "$work/floor-null.sql"
result null_floor_s "$T_WALL"

R="report revenue --from 2026-01 --to 2026-12"
# table output: header, rule and (revenue, when not empty) the total row are not rows
# shellcheck disable=SC2086
{
    measure rev_default msd_billed 3 $R
    measure rev_tenant tenant 3 $R --by tenant
    measure rev_tms tms_billed 3 $R --by tenant,month,stream
    measure rev_earned msd_earned 3 $R --basis earned
    measure rev_earned_tms tms_earned 3 $R --basis earned --by tenant,month,stream
    measure rev_csv msd_billed 1 $R --format csv
    measure rev_tms_csv tms_billed 1 $R --by tenant,month,stream --format csv
    measure utilization utilization 2 report utilization --period 2026-06
    measure focus focus 1 export focus --period 2026-06
    measure journal journal txn export journal --period 2026-07 --dialect hledger
}

# --- checks ---------------------------------------------------------------------------------
echo "== checks"
# CSV totals per currency, in cents (both currencies have 2 digits), against the floor.
csv_totals()
{
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^amount_/) { c[i] = substr($i, 8); sub(/\r$/, "", c[i]) } next }
        { for (i in c) { v = $i; sub(/\r$/, "", v); if (v == "") continue; gsub(/\./, "", v); s[c[i]] += v } }
        END { for (k in s) printf "%s %.0f\n", k, s[k] }' "$1" | sort
}
floor_totals()
{
    sqlq -c "SELECT i.currency || ' ' || (sum(li.amount_micros) / 10000)::bigint $JOIN $1
        GROUP BY i.currency ORDER BY 1"
}
bad=0
for pair in rev_csv:"$BILLED" rev_tms_csv:"$BILLED"; do
    name=${pair%%:*}
    # rev_tms_csv has quoted tenant names with commas: take the amounts from the right
    if [[ $name == rev_tms_csv ]]; then
        ncur=$(head -n 1 "$work/$name-cmd.out" | tr ',' '\n' | grep -c '^amount_')
        got=$(awk -F, -v n="$ncur" 'NR == 1 { for (i = 0; i < n; i++) { h = $(NF - i); sub(/\r$/, "", h); c[i] = substr(h, 8) } next }
            { for (i = 0; i < n; i++) { v = $(NF - i); sub(/\r$/, "", v); if (v == "") continue; gsub(/\./, "", v); s[c[i]] += v } }
            END { for (k in s) printf "%s %.0f\n", k, s[k] }' "$work/$name-cmd.out" | sort)
    else
        got=$(csv_totals "$work/$name-cmd.out")
    fi
    want=$(floor_totals "${pair#*:}")
    if [[ "$got" == "$want" ]]; then
        echo "   $name: totals tie out to the cent: $(echo "$got" | tr '\n' ' ')"
    else
        echo "   $name: TOTALS DIFFER: report $(echo "$got" | tr '\n' ' '), floor $(echo "$want" | tr '\n' ' ')"
        bad=1
    fi
done
f_rows=$(grep -c . "$work/focus-floor.out")
if [[ $(($(wc -l <"$work/focus-cmd.out") - 1)) == "$f_rows" ]]; then
    echo "   focus: one row per line of the period ($f_rows)"
else
    echo "   focus: ROW COUNT DIFFERS from the floor's $f_rows"
    bad=1
fi
j_docs=$(sqlq -c "SELECT count(*) FROM ledger.invoice
    WHERE issued_at >= '2026-07-01T00:00:00Z' AND issued_at < '2026-08-01T00:00:00Z'")
j_got=$(grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] ' "$work/journal-cmd.out" || true)
if [[ "$j_got" == "$j_docs" ]]; then
    echo "   journal: one transaction per document issued in July ($j_docs)"
else
    echo "   journal: $j_got TRANSACTIONS, expected $j_docs"
    bad=1
fi
result checks_ok $((1 - bad))

echo "== results ($results)"
cat "$results"
echo
echo "| command | median | client CPU | server SQL ms | floor | floor SQL ms | ratio | rows (report / floor) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${summary[@]}"
echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo);" \
    "PostgreSQL $(sqlq -d postgres -c 'SHOW server_version'); others now: $(others)"
if ((stop)); then
    run scripts/pg stop "$pgdir" >&2
fi
((bad == 0)) || die "a check failed (see above)"
