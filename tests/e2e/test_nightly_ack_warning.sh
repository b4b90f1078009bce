#!/usr/bin/env bash
# e2e.nightly_ack_warning: issue 16 item 2, a warning acknowledged with `reconcile ack`
# is neither printed nor counted again by the next nightly runs; the warnings nobody
# acknowledged still are, every night.
source "$(dirname "$0")/lib.sh"

fresh_db nightly_ack_warning
make_key

cat >"$TMP/site.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny test hall",
 "gpus": {"H100": 10, "H200": 4, "GB200": 2}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 4, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"

# two meters that each report one hour of 48: two gap warnings
SPOOL="$TMP/spool"
mkdir "$SPOOL"
cat >"$SPOOL/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,a1,
acme,tiny-1,pod-c,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,2,gpu_hour,c1,
EOF
AS_OF=2025-04-01T02:00:00Z

expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$OUT" "; 2 reconciliation warnings"
WA=$(sed -n 's/^warning \([0-9a-f]\{16\}\): tenant acme, meter pod-a, .*/\1/p' "$OUT")
WC=$(sed -n 's/^warning \([0-9a-f]\{16\}\): tenant acme, meter pod-c, .*/\1/p' "$OUT")
[[ -n "$WA" && -n "$WC" ]] || fail "the warnings do not name their meters: $(cat "$OUT")"

# every night the same, until a person acknowledges one
expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$OUT" "; 2 reconciliation warnings"
expect_exit 0 "$LL" reconcile ack "$WA" --reason "pod-a was drained for repairs"

for night in 1 2; do
    expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
    expect_contains "$OUT" "; 1 reconciliation warnings"
    expect_not_contains "$OUT" "$WA"
    expect_contains "$OUT" "warning $WC: tenant acme, meter pod-c, "
done
# reconcile still lists it, acknowledged
expect_exit 0 "$LL" reconcile --period 2025-03 --format json
expect_contains "$OUT" "$WA"
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
echo "ok: $TEST_NAME"
