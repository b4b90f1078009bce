#!/usr/bin/env bash
# Aging benchmark (issue 9): `leaseledger report aging` over N open documents against
# the floor of one GROUP BY over the same rows.
#
# Usage: bench/aging_bench.sh [OPTIONS] [N]
#
#   N               open documents (default 100000), spread evenly over the tenants
#   --tenants K     tenants, each with its own contract (default 100)
#   --build DIR     where leaseledger is (default: build-bench; build it with
#                   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release &&
#                   cmake --build build-bench -j2 --target leaseledger)
#   --pg DIR        the benchmark's private PostgreSQL (default: var/bench-pg)
#   --stop          stop the server at the end
#
# In a fresh database aging_nN: a site, K contracts (`contract load`), and N invoices
# inserted straight into ledger.invoice as the superuser, N / K per tenant (issuing
# 100,000 invoices through `bill` would need 100,000 contract-months of usage; the
# report reads only the documents' number, seq, issue instant, currency and the "total"
# and "due" of their JSON). Invoice k of a tenant is issued k mod 200 days before the
# as-of date 2027-01-01, due 30 days after issue, for 0.01..10,000.00 USD; no payment,
# so every document is open and falls in every bucket. Then, after a CHECKPOINT:
#   (a) `leaseledger report aging --as-of 2027-01-01 --format csv`, 3 times, the best:
#       read every tenant's documents and payments in seq order, replay the allocation
#       (ledger/receivable.h), bucket, print;
#   (b) the floor, 3 times, the best: one GROUP BY of the same rows by tenant and
#       currency with one sum per bucket, printed as the same CSV; the two outputs must
#       be identical (the script stops if not).
# Reports both and the ratio (a)/(b). Figures go to var/bench/agingN/aging.results.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
prog=bench/aging_bench.sh

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

n=100000 tenants=100 build=build-bench pgdir=var/bench-pg stop=0
while (($#)); do
    case $1 in
    -h | --help)
        sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    --tenants) tenants=${2:?}; shift ;;
    --build) build=${2:?}; shift ;;
    --pg) pgdir=${2:?}; shift ;;
    --stop) stop=1 ;;
    -*) usage_error "unknown option \"$1\"" ;;
    *) n=$1 ;;
    esac
    shift
done
is_count() { [[ "$1" =~ ^[1-9][0-9]{0,8}$ ]]; }
is_count "$n" || usage_error "N must be a positive integer"
if ! is_count "$tenants" || ((tenants > 9999)); then usage_error "--tenants must be 1..9999"; fi
((n % tenants == 0)) || usage_error "N must be a multiple of --tenants"
per=$((n / tenants))
((per <= 999999)) || usage_error "at most 999,999 documents per tenant"

LL=$root/$build/leaseledger
[[ "$build" == /* ]] && LL=$build/leaseledger
[[ -x "$LL" ]] || die "no $LL: build first (see --help)"
command -v psql >/dev/null || die "psql not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

work=var/bench/aging$n
db=aging_n$n
mkdir -p "$work"
chmod 700 "$work"
results=$work/aging.results
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
min3() { printf '%s\n' "$@" | sort -n | head -n 1; }
rss_mib()
{
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

echo "== database $db (fresh), key, site, $tenants contracts, $n invoices"
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
# Invoice k of tenant t: B<t>-2026-<k> at seq k (after the contract at 0), one distinct
# period per k (the one-original-per-period index), issued k mod 200 days before
# 2027-01-01 (12:00 UTC), due 30 days later, (k x 7919 mod 1,000,000) + 1 cents.
INVOICES_SQL="INSERT INTO ledger.invoice (tenant_id, number, seq, kind, contract_id, period,
    currency, total_micros, issued_at, rated_size, rated_root, doc)
  SELECT t.tenant_id, format('B%s-2026-%s', c.n, lpad(k::text, 6, '0')), k, 'invoice',
         'BENCH-' || c.n, to_char(date '1000-01-01' + k * interval '1 month', 'YYYY-MM'),
         'USD', a.cents * 10000, x.issued + interval '12 hours', 0, '\\x00',
         jsonb_build_object('net', a.total, 'tax', '[]'::jsonb, 'total', a.total,
                            'due', to_char(x.issued + 30, 'YYYY-MM-DD'))
    FROM ledger.tenant t
    CROSS JOIN LATERAL (SELECT substr(t.tenant, 7)::int AS n) c
    CROSS JOIN generate_series(1, $per) k
    CROSS JOIN LATERAL (SELECT date '2027-01-01' - k % 200 AS issued) x
    CROSS JOIN LATERAL (SELECT (k::bigint * 7919) % 1000000 + 1 AS cents) a0
    CROSS JOIN LATERAL (SELECT a0.cents,
        format('%s.%s', a0.cents / 100, lpad((a0.cents % 100)::text, 2, '0')) AS total) a"
run psql -X -q -v ON_ERROR_STOP=1 -c "$INVOICES_SQL"
run psql -X -q -c "VACUUM ANALYZE ledger.invoice"
docs=$(sqlq -c "SELECT count(*) FROM ledger.invoice")
((docs == n)) || die "$docs documents stored, expected $n"

FLOOR_SQL="SELECT t.tenant, d.currency,
    coalesce(sum(d.a) FILTER (WHERE d.late <= 0), 0)::numeric(20, 2) AS current,
    coalesce(sum(d.a) FILTER (WHERE d.late BETWEEN 1 AND 30), 0)::numeric(20, 2) AS d1_30,
    coalesce(sum(d.a) FILTER (WHERE d.late BETWEEN 31 AND 60), 0)::numeric(20, 2) AS d31_60,
    coalesce(sum(d.a) FILTER (WHERE d.late BETWEEN 61 AND 90), 0)::numeric(20, 2) AS d61_90,
    coalesce(sum(d.a) FILTER (WHERE d.late > 90), 0)::numeric(20, 2) AS d91_plus,
    0::numeric(20, 2) AS credit, sum(d.a)::numeric(20, 2) AS total
  FROM (SELECT tenant_id, currency, (doc->>'total')::numeric AS a,
               date '2027-01-01' - (doc->>'due')::date AS late FROM ledger.invoice) d
  JOIN ledger.tenant t USING (tenant_id)
  GROUP BY 1, 2 ORDER BY 1, 2"

run psql -X -q -c CHECKPOINT
echo "== (a) leaseledger report aging, 3 times (others on the machine: $(others))"
aging=()
for i in 1 2 3; do
    t0=$(now_ns)
    run /usr/bin/time -v -o "$work/time-aging.txt" "$LL" report aging --as-of 2027-01-01 \
        --format csv >"$work/aging.csv" 2>"$work/aging.err" ||
        { cat "$work/aging.err" >&2; die "report aging failed"; }
    t1=$(now_ns)
    aging+=("$(secs "$t0" "$t1")")
done
echo "   ${aging[*]} s"
echo "== (b) floor: one GROUP BY, 3 times (others: $(others))"
floor=()
for i in 1 2 3; do
    t0=$(now_ns)
    run psql -X -q -v ON_ERROR_STOP=1 --csv -c "$FLOOR_SQL" >"$work/floor.csv"
    t1=$(now_ns)
    floor+=("$(secs "$t0" "$t1")")
done
echo "   ${floor[*]} s"
tr -d '\r' <"$work/aging.csv" | cmp -s - "$work/floor.csv" ||
    die "the report and the floor disagree: diff $work/aging.csv $work/floor.csv"
echo "   the report's CSV and the floor's are identical ($(($(wc -l <"$work/floor.csv") - 1)) rows)"

best=$(min3 "${aging[@]}")
best_floor=$(min3 "${floor[@]}")
result n "$n"
result tenants "$tenants"
result aging_s "$best"
result aging_runs "${aging[*]}"
result aging_rss_mib "$(rss_mib "$work/time-aging.txt")"
result floor_s "$best_floor"
result floor_runs "${floor[*]}"
result ratio "$(awk -v a="$best" -v b="$best_floor" 'BEGIN { printf "%.2f", a / b }')"
echo "== results ($results)"
cat "$results"
echo "machine: $(nproc) CPUs; others now: $(others);" \
    "PostgreSQL $(sqlq -d postgres -c 'SHOW server_version')"
echo "commands run:"
printf '  %s\n' "${cmds[@]}"
if ((stop)); then
    run scripts/pg stop "$pgdir" >&2
fi
