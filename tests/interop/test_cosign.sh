#!/usr/bin/env bash
# interop.cosign: leaseledger's C2SP tlog-cosignature/v1 lines against an implementation
# that is not ours: cosigcheck.go, written from the spec on Go's golang.org/x/mod/sumdb/note
# (Debian golang-golang-x-mod-dev). Both ways:
#  - the line `leaseledger-verify cosign` makes, carried by an invoice bundle's checkpoint,
#    verifies in Go together with the operator's signature (which Go's note opens with the
#    verifier key as keygen printed it); the same note with one character of the
#    cosignature changed does not;
#  - a line Go makes with the tenant's leaseledger key file is accepted by `leaseledger
#    checkpoint cosign`, listed by `verify`, and checked by `leaseledger-verify
#    --require-cosigned` in the next bundle; Go's line over another checkpoint is refused.
#
# Skipped (77) only where Go or the x/mod sources are missing and the run does not
# require every test (as tests/interop/test_tlog.sh).
source "$(dirname "$0")/../e2e/lib.sh"

GOSRC=/usr/share/gocode
if ! command -v go >/dev/null || [[ ! -d $GOSRC/src/golang.org/x/mod/sumdb/note ]]; then
    if [[ "${LEASELEDGER_TEST_REQUIRE_DB:-}" == 1 ]]; then
        fail "go or $GOSRC/src/golang.org/x/mod is missing (run scripts/install-deps)"
    fi
    echo "SKIP: $TEST_NAME: Go (golang-go) or golang-golang-x-mod-dev is not installed"
    exit 77
fi
LV="$LDG_BIN/leaseledger-verify"
CASES="$LDG_SRC/tests/cases/ledger"
CHECK="$TMP/cosigcheck"
expect_exit 0 env GO111MODULE=off GOPATH=$GOSRC GOFLAGS= GOCACHE="$LDG_BIN/go-cache" \
    go build -o "$CHECK" "$LDG_SRC/tests/interop/cosigcheck.go"

fresh_db interop_cosign
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
expect_exit 0 "$LL" ingest -q "$CASES/usage-good.csv"
expect_exit 0 "$LL" keygen --witness witness.example/anthropic --out "$TMP/w"
WK=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" keygen --witness witness.example/anthropic-go --out "$TMP/g"
GK=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_exit 0 "$LL" key witness add --tenant anthropic "$GK"
expect_exit 0 "$LL" bill --period 2026-11 --tenant anthropic --as-of 2026-12-01T02:00:00Z
expect_exit 0 "$LL" seal
NUM=$(sql -c "SELECT number FROM ledger.invoice ORDER BY seq LIMIT 1")

# --- ours, checked by Go ----------------------------------------------------------------
expect_exit 0 "$LL" publish -q --out "$TMP/pub"
expect_exit 0 "$LV" cosign "$TMP/pub/anthropic" --vkey "$VK" --key "$TMP/w" \
    --state "$TMP/state"
cp "$OUT" "$TMP/line"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/line"
expect_exit 0 "$LL" audit bundle --invoice "$NUM" --out "$TMP/b.json"
jq -j .checkpoint "$TMP/b.json" >"$TMP/note"
expect_exit 0 "$CHECK" verify "$TMP/note" "$VK" "$WK"
expect_contains "$OUT" "ok: signed by test-operator and cosigned by witness.example/anthropic at "
perl -pe 's/^(\xe2\x80\x94 witness\S+ .{60})(.)/$1 . ($2 eq "A" ? "B" : "A")/e' "$TMP/note" \
    >"$TMP/bad"
cmp -s "$TMP/note" "$TMP/bad" && fail "the cosignature was not altered"
expect_exit 1 "$CHECK" verify "$TMP/bad" "$VK" "$WK"

# --- Go's, checked by us -------------------------------------------------------------------
expect_exit 0 "$CHECK" sign "$TMP/pub/anthropic/checkpoint" "$TMP/g"
cp "$OUT" "$TMP/goline"
expect_contains "$TMP/goline" "— witness.example/anthropic-go "
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/goline"
expect_contains "$OUT" "attached to the checkpoint of tree size"
expect_not_contains "$OUT" "already"
expect_exit 0 "$LL" verify --vkey "$VK" --require-cosigned
expect_contains "$OUT" "by \"witness.example/anthropic-go\""
expect_exit 0 "$LL" audit bundle --invoice "$NUM" --out "$TMP/b2.json"
expect_exit 0 "$LV" "$TMP/b2.json" --vkey "$VK" --witness "$WK" --witness "$GK" \
    --require-cosigned
expect_contains "$OUT" "is cosigned by witness \"witness.example/anthropic-go\""
# Go's line over an older checkpoint is refused for the latest
cp "$TMP/pub/anthropic/checkpoint" "$TMP/old-cp"
expect_exit 0 "$LL" ingest -q "$CASES/usage-reordered.csv"
expect_exit 0 "$LL" seal
expect_exit 0 "$CHECK" sign "$TMP/old-cp" "$TMP/g"
cp "$OUT" "$TMP/oldline"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/oldline"
expect_contains "$ERR" "does not verify"
echo "PASS: $TEST_NAME"
