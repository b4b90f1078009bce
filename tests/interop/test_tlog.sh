#!/usr/bin/env bash
# interop.tlog: the published log (leaseledger publish, ledger/publish.h) checked by an
# implementation of C2SP signed notes and tlog tiles that is not ours: tlogcheck.go, built
# against Go's golang.org/x/mod/sumdb/tlog and note (Debian golang-golang-x-mod-dev). On
# the sample's site and contracts, a month of both tenants' usage, billed: the checkpoint
# opens with the operator's verifier key as keygen printed it (no conversion: our key id
# is the signed-note spec's), every tile is authenticated against the signed root and
# equals the file, every entry hashes to its leaf. Then a flipped byte in a tile and in
# an entry bundle, and a truncated bundle, are each refused by the same checker.
#
# Skipped (77) only where Go or the x/mod sources are missing and the run does not
# require every test (LEASELEDGER_TEST_REQUIRE_DB=1, as scripts/test and CI set, makes
# that a failure: scripts/install-deps installs golang-go and golang-golang-x-mod-dev).
source "$(dirname "$0")/../e2e/lib.sh"

GOSRC=/usr/share/gocode
if ! command -v go >/dev/null || [[ ! -d $GOSRC/src/golang.org/x/mod/sumdb/tlog ]]; then
    if [[ "${LEASELEDGER_TEST_REQUIRE_DB:-}" == 1 ]]; then
        fail "go or $GOSRC/src/golang.org/x/mod is missing (run scripts/install-deps)"
    fi
    echo "SKIP: $TEST_NAME: Go (golang-go) or golang-golang-x-mod-dev is not installed"
    exit 77
fi
GEN="$LDG_BIN/gen_usage"
[[ -x "$GEN" ]] || fail "no executable $GEN: build first"
SAMPLE="$LDG_SRC/sample"
CHECK="$TMP/tlogcheck"
# The module-less GOPATH build Debian's packaged sources allow; the build cache stays in
# the build directory so a second run does not compile the standard library again.
expect_exit 0 env GO111MODULE=off GOPATH=$GOSRC GOFLAGS= GOCACHE="$LDG_BIN/go-cache" \
    go build -o "$CHECK" "$LDG_SRC/tests/interop/tlogcheck.go"

fresh_db interop
make_key
expect_exit 0 "$LL" site load "$SAMPLE/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-internal.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-anthropic.json"
"$GEN" --tenant internal-training --site colossus-1 --class mix --pod-gpus 1000 \
    --meters 22 --energy-meters 2 --hours 216 --start 2026-11-01T00:00:00Z \
    --downtime-every 97 --seed 4100 >"$TMP/internal.csv"
"$GEN" --tenant anthropic --site colossus-1 --class mix --pod-gpus 1000 \
    --meters 132 --energy-meters 2 --hours 504 --start 2026-11-10T00:00:00Z \
    --downtime-every 97 --seed 1 >"$TMP/anthropic.csv"
expect_exit 0 "$LL" ingest -q "$TMP/internal.csv"
expect_exit 0 "$LL" ingest -q "$TMP/anthropic.csv"
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" publish --out "$TMP/log"

for tenant in anthropic internal-training; do
    expect_exit 0 "$CHECK" "$TMP/log/$tenant" "$VERIFIER_KEY"
    expect_contains "$OUT" "ok: test-operator/$tenant: tree size "
    size=$(sed -n 2p "$TMP/log/$tenant/checkpoint")
    expect_contains "$OUT" "tree size $size, "
    expect_contains "$OUT" " and $size entries verified with sumdb/tlog and note"
done
# the tree is deep enough for a level-2 tile: every level is exercised
[[ -n $(find "$TMP/log/anthropic/tile/2" -type f) ]] || fail "anthropic's log has no level-2 tile"

# flip_byte FILE POS: xor the byte at POS with 0x01, in place
flip_byte()
{
    perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
             read($f, my $c, 1); seek($f, $ARGV[1], 0); print $f chr(ord($c) ^ 1);' "$1" "$2"
}
# tampered WHAT CMD...: a fresh copy of anthropic's log in $T, CMD run on it, then the
# checker must refuse it
tampered()
{
    local what=$1
    shift
    T="$TMP/bad"
    rm -rf "$T"
    cp -a "$TMP/log/anthropic" "$T"
    "$@"
    expect_exit 1 "$CHECK" "$T" "$VERIFIER_KEY"
    expect_contains "$ERR" "tlogcheck: "
    echo "refused as it should be: $what: $(cat "$ERR")"
}
tampered "a level-1 tile" eval 'flip_byte "$T/tile/1/000" 100'
tampered "a level-0 tile" eval 'flip_byte "$T/tile/0/001" 4000'
tampered "an entry" eval 'flip_byte "$T/tile/entries/002" 300'
tampered "a truncated bundle" eval 'truncate -s -10 "$T/tile/entries/003"'
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/other"
expect_exit 1 "$CHECK" "$TMP/log/anthropic" "$(tail -n 1 "$OUT")"
expect_contains "$ERR" "checkpoint: "

echo "PASS: $TEST_NAME"
