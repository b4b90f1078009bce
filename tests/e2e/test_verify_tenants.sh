#!/usr/bin/env bash
# verify reads every tenant in one pass (issue 13): one set of cursors over all the logs,
# usage records in batches of 4,096 that a second thread rebuilds and hashes while the
# first takes the batch before. Three tenants of 4,601 entries each (13,803 usage rows:
# four batches, each tenant's records spanning two) check that an edit is still named
# by its own tenant and seq whatever batch it falls in, that what is wrong with one log
# (a doubled rollup, the end of a log removed: its tiles then lie beyond it) is reported
# for that tenant alone and leaves the next tenant's tiles and rollups checked from
# their first row, and that --tenant reads one tenant's rows only.
source "$(dirname "$0")/lib.sh"

GEN="$LDG_BIN/gen_usage"
[[ -x "$GEN" ]] || fail "no executable $GEN: build first"
LEAF="entry does not match the leaf hash logged for it"

fresh_db verify_tenants
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
for t in t-0001 t-0002 t-0003; do
    cat >"$TMP/contract-$t.json" <<EOF
{"contract": "C-$t", "tenant": "$t", "tenant_name": "Tenant $t",
 "site": "colossus-1", "currency": "USD", "invoice_series": "S$t",
 "starts": "2026-11-01T00:00:00Z", "ends": "2027-11-01T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 100, "rate": "1.850000", "overage_rate": "2.400000"}],
 "minimum_monthly": "0.00"}
EOF
    expect_exit 0 "$LL" contract load "$TMP/contract-$t.json"
done
"$GEN" --tenants 3 --tenant-prefix t- --class H100 --pod-gpus 8 --meters 45 \
    --energy-meters 1 --hours 100 --start 2026-11-01T00:00:00Z --seed 13 >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_exit 0 "$LL" seal
[[ $(sql -c "SELECT string_agg(size::text, ' ' ORDER BY tenant_id) FROM ledger.log_head") == \
    "4601 4601 4601" ]] || fail "the three logs are not 4,601 entries each"

verify_ok()
{
    expect_exit 0 "$LL" verify -q "$@"
    expect_contains "$OUT" ", 0 problems"
}
# only_tenant T: the problems in $OUT are all T's.
only_tenant()
{
    local other
    for other in t-0001 t-0002 t-0003; do
        [[ "$other" == "$1" ]] || expect_not_contains "$OUT" "FAIL tenant $other"
    done
}
tid() { sql -c "SELECT tenant_id FROM ledger.tenant WHERE tenant = '$1'"; }

verify_ok
expect_contains "$OUT" "OK: 3 tenants, 13803 entries"

# An edit in the second tenant's records, in the usage stream's second batch, and one in
# the last tenant's last batch: each named by its own tenant and seq (and what follows
# from it: the tiles above, the rollup, the checkpoint), the first tenant not at all.
T2=$(tid t-0002)
T3=$(tid t-0003)
sql -c "ALTER TABLE ledger.usage DISABLE TRIGGER usage_append_only"
sql -c "UPDATE ledger.usage SET qty_micros = qty_micros + 1
        WHERE tenant_id IN ($T2, $T3) AND seq IN (4000, 4600)"
expect_exit 1 "$LL" verify -q
expect_contains "$OUT" "FAILED: 3 tenants, 13803 entries"
for t in t-0002 t-0003; do
    for s in 4000 4600; do expect_contains "$OUT" "FAIL tenant $t seq $s: $LEAF"; done
done
expect_not_contains "$OUT" "FAIL tenant t-0001"
expect_not_contains "$OUT" "seq 3999:"
expect_not_contains "$OUT" "seq 4001:"
sql -c "UPDATE ledger.usage SET qty_micros = qty_micros - 1
        WHERE tenant_id IN ($T2, $T3) AND seq IN (4000, 4600)"
verify_ok

# A doubled rollup of the middle tenant: its own, and only it.
sql -c "SET ROLE ldg_writer; UPDATE ledger.usage_hourly SET qty_micros = qty_micros * 2
        WHERE tenant_id = $T2 AND hour = '2026-11-02T00:00:00Z'"
expect_exit 1 "$LL" verify -q
expect_contains "$OUT" "FAIL tenant t-0002: hourly rollup at 2026-11-02T00:00:00Z"
only_tenant t-0002
sql -c "SET ROLE ldg_writer; UPDATE ledger.usage_hourly SET qty_micros = qty_micros / 2
        WHERE tenant_id = $T2 AND hour = '2026-11-02T00:00:00Z'"
verify_ok

# The first tenant's last 300 entries removed: its stored tiles for them lie beyond its
# log; the next tenants' tiles are read from their own first row and verify clean.
sql -c "DELETE FROM ledger.usage WHERE tenant_id = $(tid t-0001) AND seq >= 4301"
expect_exit 1 "$LL" verify -q
expect_contains "$OUT" "FAIL tenant t-0001 seq 4301: the log has 4301 entries but recorded 4601"
expect_contains "$OUT" "FAIL tenant t-0001 seq 4301: tile 0/16 holds 256 hashes but the log has entries for 205"
expect_contains "$OUT" "tile(s) at level 0 lie beyond the end of the log: the log was truncated (entries removed)"
expect_contains "$OUT" "FAIL tenant t-0001: checkpoint at size 4601 but the log has 4301 entries"
only_tenant t-0001
expect_exit 0 "$LL" verify -q --tenant t-0002
expect_contains "$OUT" "OK: 1 tenant, 4601 entries"
expect_exit 0 "$LL" verify -q --tenant t-0003
expect_contains "$OUT" "OK: 1 tenant, 4601 entries"
sql -c "ALTER TABLE ledger.usage ENABLE TRIGGER usage_append_only"
echo "PASS: $TEST_NAME"
