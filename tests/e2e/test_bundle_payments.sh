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
# the log: contract (seq 0), usage (1, 2), a payment on account (3), the invoice (4)
cat >"$TMP/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,pods-h100,gpu,H100,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,50000000,gpu_hour,u1,
anthropic,colossus-1,hall-A,energy,,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,35280.5,mwh,e1,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
cat >"$TMP/pay1.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P-ADVANCE,anthropic,2026-11-20,1000.50,USD,"advance ""on account"""
EOF
expect_exit 0 "$LL" payment import --input-format csv "$TMP/pay1.csv"
expect_contains "$OUT" "1 matched"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice C1-2026-000001"
[[ $(sql -c "SELECT seq FROM ledger.payment") == 3 ]] || fail "the payment is not seq 3"
expect_exit 0 "$LL" seal

# --- the invoice's bundle carries the payment and verifies complete --------------------
B="$TMP/inv.bundle.json"
expect_exit 0 "$LL" audit bundle --invoice C1-2026-000001 --out "$B"
[[ $(jq -j .entries "$B" | jq -r 'select(.kind == "payment") | .seq') == 3 ]] ||
    fail "the bundle lacks the payment entry: $(jq -j .entries "$B")"
# the carried bytes are the log's: verify rebuilds the same leaf from the row
jq -j .entries "$B" | jq -c 'select(.kind == "payment") | .data' >"$TMP/pay.json"
expect_contains "$TMP/pay.json" '"amount":"1000.50"'
expect_contains "$TMP/pay.json" '"reference":"advance \"on account\""'
expect_exit 0 "$LV" "$B" --vkey "$VK"
expect_contains "$OUT" "C1-2026-000001: complete: the bundle holds all 3 log entries in seq [1, 4)"
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
bad_payment '"amount":"1000.50"' '"amount":"-1000.50"' "entry seq 3"
bad_payment '"currency":"USD","id":"P-ADVANCE"' '"currency":"XYZ","id":"P-ADVANCE"' \
    "payment entry is malformed"
bad_payment '"id":"P-ADVANCE"' '"id":""' "payment entry is malformed"
bad_payment '"payer":""' '"payer":"x","zzz":1' "or it has members a payment entry does not have"

# --- a statement bundle: the verifier replays the allocation ---------------------------
# Add to the log: a payment naming the invoice (2026-12-10), a correction lowering
# November's usage, hence a credit note, and a payment dated after the as-of day.
cat >"$TMP/pay2.csv" <<'EOF'
payment_id,tenant,received,amount,currency,reference
P-PART,anthropic,2026-12-10,2000.00,USD,Invoice C1-2026-000001
P-LATE,anthropic,2027-01-05,10.00,USD,
EOF
expect_exit 0 "$LL" payment import --input-format csv "$TMP/pay2.csv"
cat >"$TMP/fix.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
anthropic,colossus-1,hall-A,energy,,2026-11-10T00:00:00Z,2026-12-01T00:00:00Z,-100,mwh,e1-fix,e1
EOF
expect_exit 0 "$LL" ingest -q "$TMP/fix.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-15T02:00:00Z
expect_contains "$OUT" "credit_note C1-2026-000002"
expect_exit 0 "$LL" seal

S="$TMP/statement.bundle.json"
expect_exit 0 "$LL" audit bundle --tenant anthropic --statement --to 2026-12-31 --out "$S"
[[ $(jq -j .entries "$S" | jq -r .kind | sort | uniq -c | tr -s ' ' | tr '\n' ';') == \
    " 1 credit_note; 1 invoice; 3 payment;" ]] ||
    fail "the statement bundle holds $(jq -j .entries "$S" | jq -r .kind | sort | uniq -c)"
[[ $(jq -c .scope "$S") == '{"statement":"2026-12-31"}' ]] || fail "scope $(jq -c .scope "$S")"
expect_exit 0 "$LV" "$S" --vkey "$VK"
cp "$OUT" "$TMP/verified.txt"
expect_contains "$OUT" "ok: statement as of 2026-12-31: 2 documents and 3 payments replayed"
expect_contains "$OUT" "NOTE: statement: completeness not provable"
expect_contains "$OUT" "; statement replayed; completeness not provable"
# received after the as-of day: not counted
expect_contains "$OUT" "NOTE: P-LATE (payment, USD) is dated 2027-01-05, after the statement's day"
expect_not_contains "$OUT" "ok: P-LATE"
# the allocation by hand: the invoice (99,146,289.06) takes the credit on account from
# P-ADVANCE (1,000.50) at issue, then P-PART (2,000.00, naming it) and the credit note
# (-7,812.50): 99,146,289.06 - 1,000.50 - 2,000.00 - 7,812.50 = 99,135,476.06 open.
expect_contains "$OUT" "ok: C1-2026-000001 (invoice, USD): amount 99146289.06, due 2026-12-01, open 99135476.06 as of 2026-12-31, overdue"
expect_contains "$OUT" "ok: closing balance USD as of 2026-12-31: 99135476.06 (open documents 99135476.06, credit on account 0.00)"

# The operator's statement of the same log and day says the same, figure for figure.
expect_exit 0 "$LL" statement --tenant anthropic --from 2026-01-01 --to 2026-12-31 \
    --format json
cp "$OUT" "$TMP/statement.json"
n=0
while IFS=$'\t' read -r cur closing; do
    expect_contains "$TMP/verified.txt" "ok: closing balance $cur as of 2026-12-31: $closing ("
    n=$((n + 1))
done < <(jq -r '.balances[] | [.currency, .closing] | @tsv' "$TMP/statement.json")
[[ $n == 1 ]] || fail "the statement has $n balances"
while IFS=$'\t' read -r id kind cur open; do
    if [[ $kind == payment ]]; then
        expect_contains "$TMP/verified.txt" "ok: $id (payment, $cur): "
    else
        expect_contains "$TMP/verified.txt" "ok: $id ($kind, $cur): "
    fi
    grep -qF "ok: $id (" "$TMP/verified.txt" &&
        grep -F "ok: $id (" "$TMP/verified.txt" | grep -qF ", open $open as of 2026-12-31" ||
        fail "the verifier's open amount of $id is not the statement's $open"
    n=$((n + 1))
done < <(jq -r '.items[] | [.id, .kind, .currency, .open] | @tsv' "$TMP/statement.json")
[[ $n == 5 ]] || fail "the statement has $((n - 1)) items, not 4"

# --- statement bundles: the command line, and a scope that does not read -----------------
expect_exit 64 "$LL" audit bundle --invoice C1-2026-000001 --statement --out "$TMP/x.json"
expect_exit 64 "$LL" audit bundle --statement --out "$TMP/x.json"
expect_exit 64 "$LL" audit bundle --tenant anthropic --statement --to 2026-13-01 \
    --out "$TMP/x.json"
expect_exit 1 "$LL" audit bundle --tenant nobody --statement --out "$TMP/x.json"
[[ ! -e "$TMP/x.json" ]] || fail "a failed bundle left a file behind"
jq -cjS '.scope.statement = "2026-02-30"' "$S" >"$TMP/bad.json"
expect_exit 65 "$LV" "$TMP/bad.json" --vkey "$VK"
expect_contains "$ERR" "scope's statement day"
jq -cjS '.scope.meter = "m"' "$S" >"$TMP/bad.json"
expect_exit 65 "$LV" "$TMP/bad.json" --vkey "$VK"
expect_contains "$ERR" "scope names a statement and something else"
echo "bundle_payments: OK"
