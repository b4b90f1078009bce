#!/usr/bin/env bash
# Payment import benchmark (issue 9): `leaseledger payment import` of a camt.053 statement
# of N entries against the floor of a bare COPY of the same rows into a table shaped like
# ledger.payment.
#
# Usage: bench/payment_bench.sh [OPTIONS] [N]
#
#   N                   entries of the statement (default 100000)
#   --tenants K         tenants, each with its own contract (default 100)
#   --invoices I        issued invoices per tenant that references name (default 12)
#   --unmatched-every U every U-th entry names nothing and is held unmatched (default 20)
#   --build DIR         where leaseledger is (default: build-bench; build it with
#                       cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release &&
#                       cmake --build build-bench -j2 --target leaseledger)
#   --pg DIR            the benchmark's private PostgreSQL (default: var/bench-pg)
#   --profile           also run the import under perf record (client, and the server
#                       through its postmaster) and print the top symbols; not the
#                       headline figures
#   --stop              stop the server at the end
#
# In a fresh database pay_nN: a site, K contracts (`contract load`), and K x I invoices
# inserted straight into ledger.invoice as the superuser (numbers B<t>-2026-<nnnnnn>; only
# their numbers matter to matching: issuing them through `bill` would need usage and
# adds nothing here). bench/gen_camt.py writes the statement. Then, each after a CHECKPOINT:
#   (a) `leaseledger payment import --input-format camt053 FILE`, timed (parse, match, one
#       signed log entry per matched payment, the unmatched held; one transaction);
#   (b) the floor: the stored rows (ledger.payment, and the held ones with tenant_id 0)
#       exported in the table's column format (untimed), then one bare
#       `\copy floor.payment FROM` of them, timed, into a table created
#       `LIKE ledger.payment INCLUDING ALL` (same checks, primary key, unique and indexes).
# Reports both, and the ratio (a)/(b). Figures go to var/bench/payN/payment.results.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/payment_bench.sh

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

n=100000 tenants=100 invoices=12 unmatched_every=20 build=build-bench pgdir=var/bench-pg
profile=0 stop=0
while (($#)); do
    case $1 in
    -h | --help)
        sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    --tenants) tenants=${2:?}; shift ;;
    --invoices) invoices=${2:?}; shift ;;
    --unmatched-every) unmatched_every=${2:?}; shift ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --profile) profile=1 ;;
    --stop) stop=1 ;;
    -*) usage_error "unknown option \"$1\"" ;;
    *) n=$1 ;;
    esac
    shift
done
is_count() { [[ "$1" =~ ^[1-9][0-9]{0,8}$ ]]; }
is_count "$n" || usage_error "N must be a positive integer"
if ! is_count "$tenants" || ((tenants > 9999)); then usage_error "--tenants must be 1..9999"; fi
if ! is_count "$invoices" || ((invoices > 999)); then usage_error "--invoices must be 1..999"; fi
[[ "$unmatched_every" =~ ^[0-9]+$ ]] || usage_error "--unmatched-every must be a number"

LL=$root/$build/leaseledger
[[ "$build" == /* ]] && LL=$build/leaseledger
[[ -x "$LL" ]] || die "no $LL: build first (see --help)"
command -v psql >/dev/null || die "psql not found"
command -v python3 >/dev/null || die "python3 not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
((profile == 0)) || command -v perf >/dev/null || die "perf not found"

work=var/bench/pay$n
db=pay_n$n
mkdir -p "$work"
chmod 700 "$work"
results=$work/payment.results
: >"$results"
cmds=()

run()
{
    echo "+ $*" >&2
    cmds+=("$*")
    "$@"
}
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
rss_mib()
{
    sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1" |
        awk '{ printf "%.1f", $1 / 1024 }'
}
cpu_s()
{
    awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$1"
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

echo "== database $db (fresh), key, site, $tenants contracts, $((tenants * invoices)) invoices"
run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
run psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE $db TEMPLATE template0"
run "$LL" migrate --db "dbname=$db" >&2
export PGDATABASE=$db
rm -f "$work/operator.key" "$work/operator.key.pub"
run "$LL" keygen --name bench.example/leaseledger --out "$work/operator.key" >/dev/null
export LEASELEDGER_KEY=$root/$work/operator.key
cat >"$work/site.json" <<EOF
{"site": "bench-1", "name": "Benchmark site", "gpus": {"H100": 100000}, "power_mw": "200",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
run "$LL" site load "$work/site.json" >&2
echo "+ $LL contract load $work/contracts/bench-NNNN.json   ($tenants times)" >&2
cmds+=("$LL contract load $work/contracts/bench-NNNN.json   ($tenants times)")
mkdir -p "$work/contracts"
for ((i = 1; i <= tenants; i++)); do
    t=$(printf 'bench-%04d' "$i")
    cat >"$work/contracts/$t.json" <<EOF
{"contract": "BENCH-$i", "tenant": "$t", "tenant_name": "Benchmark tenant $i",
 "site": "bench-1", "currency": "USD", "invoice_series": "B$i",
 "starts": "2026-01-01T00:00:00Z", "ends": "2028-01-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "1.850000", "overage_rate": "2.400000"}],
 "minimum_monthly": "0.00"}
EOF
    "$LL" contract load "$work/contracts/$t.json" >/dev/null || die "contract load $t failed"
done
# Invoice k of tenant t: B<t>-2026-<k>, for period 2026-01 + k - 1 months, at seq 1000 + k
# (no log entry: matching reads only the numbers; the payments take seq 1, 2, ...).
INVOICES_SQL="INSERT INTO ledger.invoice (tenant_id, number, seq, kind, contract_id, period,
    currency, total_micros, issued_at, rated_size, rated_root, doc)
  SELECT t.tenant_id, format('B%s-2026-%s', c.n, lpad(k::text, 6, '0')), 1000 + k, 'invoice',
         'BENCH-' || c.n, to_char(date '2026-01-01' + (k - 1) * interval '1 month', 'YYYY-MM'),
         'USD', 1000000000, date '2026-01-01' + (k - 1) * interval '1 month', 0, '\\x00',
         jsonb_build_object('total', '1000.00', 'due', to_char(date '2026-01-31'
             + (k - 1) * interval '1 month', 'YYYY-MM-DD'))
    FROM ledger.tenant t
    CROSS JOIN LATERAL (SELECT substr(t.tenant, 7)::int AS n) c
    CROSS JOIN generate_series(1, $invoices) k"
run psql -X -q -v ON_ERROR_STOP=1 -c "$INVOICES_SQL"

echo "== generate a camt.053 statement of $n entries"
stmt=$work/statement.xml
echo "+ python3 bench/gen_camt.py $n --tenants $tenants --invoices $invoices --unmatched-every $unmatched_every >$stmt" >&2
cmds+=("python3 bench/gen_camt.py $n --tenants $tenants --invoices $invoices --unmatched-every $unmatched_every >$stmt")
python3 bench/gen_camt.py "$n" --tenants "$tenants" --invoices "$invoices" \
    --unmatched-every "$unmatched_every" >"$stmt"
stmt_bytes=$(stat -c %s "$stmt")

echo "== (a) leaseledger payment import (others on the machine: $(others))"
run psql -X -q -c CHECKPOINT
import=(/usr/bin/time -v -o "$work/time-import.txt" "$LL" payment import --input-format camt053 "$stmt")
if ((profile)); then
    perf record -F 999 -q -p "$(head -n 1 "$pgdir/data/postmaster.pid")" \
        -o "$work/perf-server.data" 3>&- &
    spid=$!
    sleep 1
    import=(perf record -F 999 -q -o "$work/perf-client.data" -- "${import[@]}")
fi
t0=$(now_ns)
st=0
run "${import[@]}" >"$work/import.out" 2>"$work/import.err" || st=$?
t1=$(now_ns)
if ((profile)); then
    sleep 0.3
    kill -INT "$spid"
    wait "$spid" || true
fi
cat "$work/import.out"
((st == 0)) || { head -n 20 "$work/import.err" >&2; die "payment import exited $st"; }
import_s=$(secs "$t0" "$t1")
stored=$(sqlq -c "SELECT (SELECT count(*) FROM ledger.payment) + (SELECT count(*) FROM ledger.payment_unmatched)")
((stored == n)) || die "$stored payments stored, expected $n"

echo "== (b) floor: bare COPY of the same rows into floor.payment"
cols="tenant_id, seq, payment_id, received_at, amount_micros, currency, reference, payer, assigned_by"
rows=$work/payment-rows.copy
run psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS floor CASCADE" \
    -c "CREATE SCHEMA floor" -c "CREATE TABLE floor.payment (LIKE ledger.payment INCLUDING ALL)"
run psql -X -q -v ON_ERROR_STOP=1 -c "\\copy (SELECT $cols FROM ledger.payment UNION ALL
    SELECT 0, row_number() OVER (ORDER BY payment_id), payment_id, received_at, amount_micros,
    currency, reference, payer, NULL FROM ledger.payment_unmatched) TO '$rows'"
run psql -X -q -c CHECKPOINT
t2=$(now_ns)
run /usr/bin/time -v -o "$work/time-floor.txt" \
    psql -X -q -v ON_ERROR_STOP=1 -c "\\copy floor.payment ($cols) FROM '$rows'"
t3=$(now_ns)
floor_s=$(secs "$t2" "$t3")
rm -f "$rows"

if ((profile)); then
    for f in client server; do
        echo "== perf ($f): top symbols"
        perf report -i "$work/perf-$f.data" --stdio --no-children --sort dso,sym -q \
            2>/dev/null | head -n 25 || true
    done
fi

matched=$(sqlq -c "SELECT count(*) FROM ledger.payment")
result n "$n"
result tenants "$tenants"
result invoices "$((tenants * invoices))"
result statement_bytes "$stmt_bytes"
result matched "$matched"
result unmatched "$((n - matched))"
result import_s "$import_s"
result import_per_s "$(awk -v n="$n" -v s="$import_s" 'BEGIN { printf "%.0f", n / s }')"
result import_client_cpu_s "$(cpu_s "$work/time-import.txt")"
result import_rss_mib "$(rss_mib "$work/time-import.txt")"
result floor_s "$floor_s"
result floor_per_s "$(awk -v n="$n" -v s="$floor_s" 'BEGIN { printf "%.0f", n / s }')"
result ratio "$(awk -v a="$import_s" -v b="$floor_s" 'BEGIN { printf "%.2f", a / b }')"
result profile "$profile"
echo "== results ($results)"
cat "$results"
echo "machine: $(nproc) CPUs; others now: $(others);" \
    "PostgreSQL $(sqlq -d postgres -c 'SHOW server_version')"
echo "commands run:"
printf '  %s\n' "${cmds[@]}"
if ((stop)); then
    run scripts/pg stop "$pgdir" >&2
fi
