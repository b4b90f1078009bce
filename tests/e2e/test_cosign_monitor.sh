#!/usr/bin/env bash
# The tenant cosigns only what its monitor accepted (issue 11; SECURITY.md "Witness keys
# and cosignatures"): `leaseledger-verify cosign DIR/<tenant>` prints no cosignature, exits
# 1 and leaves its state alone when the published log has a flipped byte in a hash tile,
# a flipped byte in an entry bundle, a forged checkpoint (root changed under the
# operator's signature, or signed by another key of the operator's name), or is rolled
# back behind the checkpoint the tenant cosigned last; and it cosigns the intact log, the
# line verifying with `checkpoint cosign`. Also its command-line errors.
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
CASES="$LDG_SRC/tests/cases/ledger"
command -v perl >/dev/null || fail "perl is required"

# flip_byte FILE POS: xor the byte at POS with 0x01, in place
flip_byte()
{
    perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
             read($f, my $c, 1); seek($f, $ARGV[1], 0); print $f chr(ord($c) ^ 1);' "$1" "$2"
}

# refused DIR STATE: cosign exits 1, prints no line, names a problem, leaves STATE as is
refused()
{
    local before=absent
    [[ -f $2 ]] && before=$(sha256sum <"$2")
    expect_exit 1 "$LV" cosign "$1" --vkey "$VK" --key "$TMP/w" --state "$2"
    expect_empty "$OUT"
    expect_contains "$ERR" "REFUSED: the monitor found"
    expect_contains "$ERR" "nothing was signed"
    local after=absent
    [[ -f $2 ]] && after=$(sha256sum <"$2")
    [[ $before == "$after" ]] || fail "a refused cosign changed its state file"
}

fresh_db cosign_monitor
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
awk -v n=300 -f "$CASES/gen_usage.awk" >"$TMP/u300.csv"
expect_exit 0 "$LL" ingest -q "$TMP/u300.csv"
expect_exit 0 "$LL" keygen --witness witness.example/anthropic --out "$TMP/w"
WK=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" publish -q --out "$TMP/pub"
P="$TMP/pub/anthropic"
[[ -f $P/checkpoint ]] || fail "publish wrote no checkpoint"

# --- a flipped byte in a hash tile, in an entry bundle ---------------------------------
cp -r "$P" "$TMP/t1" && TILE=$(find "$TMP/t1/tile/0" -type f | sort | head -n 1)
[[ -n $TILE ]] || fail "no level-0 tile was published"
flip_byte "$TILE" 7
refused "$TMP/t1" "$TMP/s-t1"
cp -r "$P" "$TMP/t2" && EB=$(find "$TMP/t2/tile/entries" -type f | sort | head -n 1)
[[ -n $EB ]] || fail "no entry bundle was published"
flip_byte "$EB" 40
refused "$TMP/t2" "$TMP/s-t2"

# --- a forged checkpoint -----------------------------------------------------------------
cp -r "$P" "$TMP/f1"
perl -i -pe 's/^([A-Za-z0-9+\/]{43}=)$/($1 =~ tr#A-Za-z#B-ZAb-za#r)/e if $. == 3' \
    "$TMP/f1/checkpoint"
cmp -s "$P/checkpoint" "$TMP/f1/checkpoint" && fail "the root was not changed"
refused "$TMP/f1" "$TMP/s-f1"
# signed for real, by another key under the operator's name
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/other"
cp -r "$P" "$TMP/f2"
fresh_db cosign_monitor_other
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
expect_exit 0 "$LL" ingest -q "$TMP/u300.csv"
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_exit 0 "$LL" seal --key "$TMP/other"
expect_exit 0 "$LL" publish -q --out "$TMP/otherpub"
cp "$TMP/otherpub/anthropic/checkpoint" "$TMP/f2/checkpoint"
refused "$TMP/f2" "$TMP/s-f2"
fresh_db cosign_monitor_back

# --- the intact log is cosigned; a rollback behind it is not ----------------------------
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
expect_exit 0 "$LL" ingest -q "$TMP/u300.csv"
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_exit 0 "$LL" seal
rm -rf "$TMP/pub" && expect_exit 0 "$LL" publish -q --out "$TMP/pub"
cp -r "$P" "$TMP/old"
expect_exit 0 "$LV" cosign "$P" --vkey "$VK" --key "$TMP/w" --state "$TMP/state"
[[ $(wc -l <"$OUT") == 1 ]] || fail "cosign printed more than the line"
cp "$OUT" "$TMP/line1"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/line1"
awk -v n=600 -f "$CASES/gen_usage.awk" >"$TMP/u600.csv"
expect_exit 0 "$LL" ingest -q "$TMP/u600.csv"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" publish -q --out "$TMP/pub"
expect_exit 0 "$LV" cosign "$P" --vkey "$VK" --key "$TMP/w" --state "$TMP/state" -q
expect_empty "$ERR"
cp "$OUT" "$TMP/line2"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/line2"
refused "$TMP/old" "$TMP/state"
expect_exit 0 "$LL" verify --vkey "$VK" --require-cosigned

# --- usage ---------------------------------------------------------------------------------
expect_exit 64 "$LV" cosign "$P" --vkey "$VK" --key "$TMP/w"
expect_exit 64 "$LV" cosign --vkey "$VK" --key "$TMP/w" --state "$TMP/state"
expect_exit 78 "$LV" cosign "$P" --vkey "$VK" --key "$TMP/nokey" --state "$TMP/state"
expect_empty "$OUT"
expect_exit 0 "$LV" cosign --help
expect_contains "$OUT" "only when it passes"
echo "PASS: $TEST_NAME"
