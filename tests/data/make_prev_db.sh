#!/usr/bin/env bash
# Makes tests/data/prev-3074f33.sql, the database e2e.prev_release restores: a small
# ledger made by the previous release (main at 3074f33, before GPU classes became data and
# migration 0012), so that the test proves every log and invoice made before the change
# migrates, verifies, re-rates and bundles unchanged. Not run by the tests (they build
# nothing): run it by hand to remake the dump, e.g.
#   git worktree add /tmp/ldg-prev 3074f33
#   cmake -S /tmp/ldg-prev -B /tmp/ldg-prev/build -DCMAKE_BUILD_TYPE=Release
#   cmake --build /tmp/ldg-prev/build --target leaseledger gen_usage
#   eval "$(scripts/pg env var/dev-pg)"; tests/data/make_prev_db.sh /tmp/ldg-prev/build
# The key is made here and thrown away; the dump keeps its public half, and the test
# checks signatures against the verifier key this script prints (PREV_VKEY in the test).
set -euo pipefail
bin=${1:?usage: make_prev_db.sh BUILD_DIR_OF_3074f33}
src=$(cd "$(dirname "$0")/../.." && pwd -P)
LL="$bin/leaseledger"
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"; dropdb --if-exists ldg_prev_make' EXIT
dropdb --if-exists ldg_prev_make
createdb -T template0 ldg_prev_make
export PGDATABASE=ldg_prev_make LEASELEDGER_KEY=$tmp/key
"$LL" migrate
"$LL" keygen --name prev-operator --out "$tmp/key" | tail -n 1 >"$tmp/vkey"
"$LL" site load "$src/sample/site-colossus-1.json"
"$LL" contract load "$src/sample/contract-internal.json"
"$LL" contract load "$src/sample/contract-anthropic.json"
# November: internal-training before the 10th, anthropic after, both with downtime
"$bin/gen_usage" --tenant internal-training --meters 3 --energy-meters 1 --hours 12 \
    --start 2026-11-02T00:00:00Z --downtime-every 5 --seed 7 >"$tmp/int.csv"
"$bin/gen_usage" --tenant anthropic --meters 6 --energy-meters 2 --hours 24 \
    --start 2026-11-20T00:00:00Z --downtime-every 4 --seed 8 >"$tmp/anth.csv"
"$LL" ingest -q "$tmp/int.csv"
"$LL" ingest -q "$tmp/anth.csv"
"$LL" nightly --as-of 2026-12-01T02:00:00Z --quiet
# late usage for November: a supplementary invoice; a correction: a credit note
cat >"$tmp/late.csv" <<CSV
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,hall-late,energy,,2026-11-25T00:00:00Z,2026-11-25T01:00:00Z,2,mwh,late/1,
CSV
"$LL" ingest -q "$tmp/late.csv"
"$LL" bill --period 2026-11 --as-of 2026-12-06T02:00:00Z
cat >"$tmp/fix.csv" <<CSV
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,hall-late,energy,,2026-11-25T00:00:00Z,2026-11-25T01:00:00Z,-1,mwh,late/1-fix,late/1
CSV
"$LL" ingest -q "$tmp/fix.csv"
"$LL" bill --period 2026-11 --as-of 2026-12-06T03:00:00Z
cat >"$tmp/pay.csv" <<CSV
payment_id,tenant,received,amount,currency,reference
PREV-0001,anthropic,2026-12-15T00:00:00Z,1000000.00,USD,Invoice C1-2026-000001
CSV
"$LL" payment import "$tmp/pay.csv"
"$LL" seal -q
"$LL" verify --vkey "$(cat "$tmp/vkey")"
"$LL" invoice list --format csv
echo "verifier key: $(cat "$tmp/vkey")"
pg_dump --format=plain --no-comments ldg_prev_make >"$src/tests/data/prev-3074f33.sql"
