#!/usr/bin/env bash
# Evidence bundles of a log that holds payments (issue 9; docs/bundle.md): a payment
# entry lives in ledger.payment, not ledger.log_doc, and a bundle rebuilds it from its
# typed row with the encoder verify uses. An invoice issued after a payment was logged
# has that payment inside its basis range, so its bundle must carry it to verify
# complete.
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
[[ -x "$LV" ]] || fail "no executable $LV: build first"
command -v jq >/dev/null || fail "jq is required"
CASES="$LDG_SRC/tests/cases/ledger"

fresh_db bundle_payments
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
# the log: contract (seq 0), usage (1), a payment on account (2), the invoice (3)
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,pods-h100,gpu,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,50000000,gpu_hour,u1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
cat >"$TMP/pay1.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P-ADVANCE,anthropic,2026-11-20,1000.50,USD,"advance ""on account"""
EOF
expect_exit 0 "$LL" payment import --format csv "$TMP/pay1.csv"
expect_contains "$OUT" "1 matched"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice C1-2026-000001"
[[ $(sql -c "SELECT seq FROM ledger.payment") == 2 ]] || fail "the payment is not seq 2"
expect_exit 0 "$LL" seal

# --- the invoice's bundle carries the payment and verifies complete --------------------
B="$TMP/inv.bundle.json"
expect_exit 0 "$LL" audit bundle --invoice C1-2026-000001 --out "$B"
[[ $(jq -j .entries "$B" | jq -r 'select(.kind == "payment") | .seq') == 2 ]] ||
    fail "the bundle lacks the payment entry: $(jq -j .entries "$B")"
# the carried bytes are the log's: verify rebuilds the same leaf from the row
jq -j .entries "$B" | jq -c 'select(.kind == "payment") | .data' >"$TMP/pay.json"
expect_contains "$TMP/pay.json" '"amount":"1000.50"'
expect_contains "$TMP/pay.json" '"reference":"advance \"on account\""'
expect_exit 0 "$LV" "$B" --vkey "$VK"
expect_contains "$OUT" "C1-2026-000001: complete: the bundle holds all 2 log entries in seq [1, 3)"
expect_contains "$OUT" "VERIFIED: "
expect_contains "$OUT" "; complete: nothing the invoices could be rated from was left out"
expect_exit 0 "$LL" verify

# --- a payment entry the bundle parser refuses (exit 65, before any proof) -------------
# jq -cjS writes RFC 8785 bytes here, so only the entry itself is wrong.
bad_payment()
{
    jq -cjS --arg a "$1" --arg b "$2" '.entries |= sub($a; $b)' "$B" >"$TMP/bad.json"
    expect_exit 65 "$LV" "$TMP/bad.json" --vkey "$VK"
    expect_contains "$ERR" "$3"
}
bad_payment '"amount":"1000.50"' '"amount":"1000.5"' \
    "its amount does not have exactly its currency's minor digits"
bad_payment '"amount":"1000.50"' '"amount":"-1000.50"' "entry seq 2"
bad_payment '"currency":"USD","id":"P-ADVANCE"' '"currency":"XYZ","id":"P-ADVANCE"' \
    "payment entry is malformed"
bad_payment '"id":"P-ADVANCE"' '"id":""' "payment entry is malformed"
bad_payment '"payer":""' '"payer":"x","zzz":1' "or it has members a payment entry does not have"
