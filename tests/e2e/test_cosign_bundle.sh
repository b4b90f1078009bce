#!/usr/bin/env bash
# Countersigned checkpoints in evidence bundles (issue 11; docs/audit.md "An invoice the
# tenant countersigned"):
#  (a) an invoice bundle written before the tenant cosigned verifies as before, and
#      leaseledger-verify --require-cosigned --witness WKEY fails on it (exit 1);
#  (b) once the cosignature is attached, the bundle's checkpoint carries it: the bundle
#      still verifies with the operator's key alone (the line is one more signature line
#      of the note), leaseledger-verify reports it as cosigned by the given witness and
#      --require-cosigned passes; without --witness it is listed, unchecked; a witness
#      key that did not cosign fails --require-cosigned;
#  (c) a bundle whose cosignature line was altered fails, naming it; the checkpoint with
#      its cosignature still verifies with stock openssl (docs/audit.md recipe);
#  (d) a range bundle carries the cosignatures of its checkpoint too.
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
CASES="$LDG_SRC/tests/cases/ledger"
command -v jq >/dev/null || fail "jq is required"

fresh_db cosign_bundle
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
expect_exit 0 "$LL" ingest -q "$CASES/usage-good.csv"
expect_exit 0 "$LL" keygen --witness witness.example/anthropic --out "$TMP/w"
WK=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" keygen --witness witness.example/other --out "$TMP/o"
OK_OTHER=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_exit 0 "$LL" bill --period 2026-11 --tenant anthropic --as-of 2026-12-01T02:00:00Z
expect_exit 0 "$LL" seal
NUM=$(sql -c "SELECT number FROM ledger.invoice ORDER BY seq LIMIT 1")
[[ -n $NUM ]] || fail "no invoice was issued"

# --- (a) before the tenant cosigned ------------------------------------------------------
expect_exit 0 "$LL" audit bundle --invoice "$NUM" --out "$TMP/b0.json"
expect_exit 0 "$LV" "$TMP/b0.json" --vkey "$VK"
expect_contains "$OUT" "VERIFIED: "
expect_exit 1 "$LV" "$TMP/b0.json" --vkey "$VK" --witness "$WK" --require-cosigned
expect_contains "$OUT" "FAIL: checkpoint carries no cosignature by witness \"witness.example/anthropic\""
expect_exit 64 "$LV" "$TMP/b0.json" --vkey "$VK" --require-cosigned

# --- (b) the tenant cosigns what it checked --------------------------------------------
jq -j .checkpoint "$TMP/b0.json" >"$TMP/cp"
expect_exit 0 "$LL" publish -q --out "$TMP/pub"
expect_exit 0 "$LV" cosign "$TMP/pub/anthropic" --vkey "$VK" --key "$TMP/w" \
    --state "$TMP/state"
cp "$OUT" "$TMP/line"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/line"
expect_exit 0 "$LL" audit bundle --invoice "$NUM" --out "$TMP/b1.json"
jq -j .checkpoint "$TMP/b1.json" >"$TMP/cp1"
cmp -s <(cat "$TMP/cp" "$TMP/line") "$TMP/cp1" ||
    fail "the bundle's checkpoint is not the note followed by the cosignature line"
expect_exit 0 "$LV" "$TMP/b1.json" --vkey "$VK"
expect_contains "$OUT" "NOTE: checkpoint carries a cosignature by \"witness.example/anthropic\""
expect_exit 0 "$LV" "$TMP/b1.json" --vkey "$VK" --witness "$WK" --require-cosigned
expect_contains "$OUT" "ok: checkpoint (tree size"
expect_contains "$OUT" "is cosigned by witness \"witness.example/anthropic\""
expect_contains "$OUT" "; cosigned by the given witness"
# the witness key from a file, as --vkey takes it
echo "$WK" >"$TMP/wk.txt"
expect_exit 0 "$LV" "$TMP/b1.json" --vkey "$VK" --witness "$TMP/wk.txt" --require-cosigned
expect_exit 1 "$LV" "$TMP/b1.json" --vkey "$VK" --witness "$OK_OTHER" --require-cosigned
expect_contains "$OUT" "FAIL: checkpoint carries no cosignature by witness \"witness.example/other\""
# an operator key given as a witness key is refused, naming it
expect_exit 1 "$LV" "$TMP/b1.json" --vkey "$VK" --witness "$VK"
expect_contains "$OUT" "FAIL: witness key 1: invalid witness key"

# --- (c) tampering ---------------------------------------------------------------------------
# one character of the cosignature's signature changed, the bundle otherwise canonical
GOOD=$(awk '{ print $3 }' "$TMP/line")
BAD=$(printf '%s' "$GOOD" | perl -pe 's/^(.{50})(.)/$1 . ($2 eq "A" ? "B" : "A")/e')
GOOD="$GOOD" BAD="$BAD" perl -pe 's/\Q$ENV{GOOD}\E/$ENV{BAD}/' "$TMP/b1.json" >"$TMP/b2.json"
cmp -s "$TMP/b1.json" "$TMP/b2.json" && fail "the cosignature was not altered"
expect_exit 1 "$LV" "$TMP/b2.json" --vkey "$VK" --witness "$WK"
expect_contains "$OUT" "FAIL: checkpoint cosignature: cosignature by witness key \"witness.example/anthropic\""
# stock openssl still verifies the operator's signature of the cosigned note
expect_exit 0 "$LV" vkey-to-pem "$VK"
cp "$OUT" "$TMP/key.pem"
awk '/^$/ { exit } { print }' "$TMP/cp1" >"$TMP/body"
awk -v k="${VK%%+*}" '$1 == "—" && $2 == k { print $3 }' "$TMP/cp1" | base64 -d | tail -c 64 \
    >"$TMP/sig"
expect_exit 0 openssl pkeyutl -verify -rawin -pubin -inkey "$TMP/key.pem" -sigfile "$TMP/sig" \
    -in "$TMP/body"

# --- (d) a range bundle ------------------------------------------------------------------------
expect_exit 0 "$LL" audit bundle --tenant anthropic --from 2026-11-10T00:00:00Z \
    --to 2026-11-11T00:00:00Z --out "$TMP/r.json"
expect_exit 0 "$LV" "$TMP/r.json" --vkey "$VK" --witness "$WK" --require-cosigned
echo "PASS: $TEST_NAME"
