#!/usr/bin/env bash
# e2e.billing_tile_edge: an invoice whose log entry completes a level-0 tile, and one
# that starts the next (ledger/store/logstore.c, ldg_log_append_doc_one: billing writes
# an entry, its one tile row and the log's new size in one statement). The tenant's log
# is filled to 255 entries (its contract and usage), so that the invoice is entry 255:
# its tile row must be the full tile 0 (256 hashes) and the log's size 256; late usage
# then makes a supplementary invoice, whose tile row is the partial tile 1. `verify`
# rebuilds every leaf from the stored entries and compares the tiles.
source "$(dirname "$0")/lib.sh"

AS_OF=2026-12-01T02:00:00Z
fresh_db tile_edge
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/tests/cases/billing/contract-c1-t1.json"

size() { sql -c "SELECT size FROM ledger.log_head JOIN ledger.tenant USING (tenant_id) WHERE tenant = 't1'"; }
# tiles: the tenant's level-0 tile rows as "idx:width", in order
tiles()
{
    sql -c "SELECT string_agg(idx || ':' || width, ' ' ORDER BY idx, width) FROM ledger.log_tile
            JOIN ledger.tenant USING (tenant_id) WHERE tenant = 't1' AND level = 0"
}

# records FROM TO PREFIX: hourly H100 records of meter pod-1 from November 2nd on, one
# per hour FROM..TO-1, 8 GPU-h each (above the 2 reserved: late ones change the total)
records()
{
    local h
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    for ((h = $1; h < $2; h++)); do
        printf 't1,lab-1,pod-1,gpu,H100,2026-11-%02dT%02d:00:00Z,2026-11-%02dT%02d:59:00Z,8,gpu_hour,%s-%d,\n' \
            $((2 + h / 24)) $((h % 24)) $((2 + h / 24)) $((h % 24)) "$3" "$h"
    done
}

fill=$((255 - $(size)))
((fill > 0)) || fail "the contract left the log at $(size) entries"
records 0 "$fill" e >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest "$TMP/usage.csv"
expect_exit 0 "$LL" seal -q
[[ "$(size)" == 255 ]] || fail "the log has $(size) entries before billing, not 255"

expect_exit 0 "$LL" bill --period 2026-11 --as-of "$AS_OF"
expect_contains "$OUT" "issued invoice S1-2026-000001"
[[ "$(size)" == 256 ]] || fail "after the invoice the log has $(size) entries, not 256"
[[ "$(tiles)" == *"0:256" ]] || fail "the invoice did not complete tile 0: $(tiles)"
[[ "$(sql -c "SELECT seq FROM ledger.invoice WHERE number = 'S1-2026-000001'")" == 255 ]] ||
    fail "the invoice is not entry 255"

# late usage: three entries, then the supplementary invoice at 259, in tile 1
records "$fill" $((fill + 3)) late >"$TMP/late.csv"
expect_exit 0 "$LL" ingest "$TMP/late.csv"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" bill --period 2026-11 --as-of "$AS_OF"
expect_contains "$OUT" "S1-2026-000002"
[[ "$(size)" == 260 ]] || fail "after the supplementary invoice the log has $(size) entries"
[[ "$(tiles)" == *"0:256 1:3 1:4" ]] || fail "tile 1 is not the partial row of 4: $(tiles)"

expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
echo "PASS: $TEST_NAME"
