#!/usr/bin/env bash
# Evidence bundles end to end (docs/bundle.md): `audit bundle` for an invoice of the
# sample-like data verifies offline with the operator's published key, and fails, naming
# what failed, when: another key is expected; a byte anywhere is flipped (sampled
# positions); an invoice line is altered; a bundle of one tenant is offered as another's;
# a kept checkpoint comes from a rewritten (forked) log; the input is hostile. Also:
# range bundles, a supplementary invoice (and the refusal to bundle an invoice no
# checkpoint covers yet), `audit consistency` checked with leaseledger-verify, and the
# command-line errors.
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
GEN="$LDG_BIN/gen_usage"
[[ -x "$LV" ]] || fail "no executable $LV: build first"
[[ -x "$GEN" ]] || fail "no executable $GEN: build first"
command -v jq >/dev/null || fail "jq is required"
command -v perl >/dev/null || fail "perl is required"

SAMPLE="$LDG_SRC/sample"
B="$TMP/bundle.json"

# day N (1-based) of anthropic's November usage, 22 pods and 2 halls, seed S
anthropic_day()
{
    "$GEN" --tenant anthropic --class mix --pod-gpus 1000 --meters 22 --energy-meters 2 \
        --hours 24 --start "2026-11-$(printf %02d $((9 + $1)))T00:00:00Z" \
        --downtime-every 97 --seed "$2"
}

# flip_byte FILE POS: xor the byte at POS with 0x01, in place
flip_byte()
{
    perl -e 'open(my $f, "+<", $ARGV[0]) or die; binmode $f; seek($f, $ARGV[1], 0);
             read($f, my $c, 1); seek($f, $ARGV[1], 0); print $f chr(ord($c) ^ 1);' "$1" "$2"
}

# verify_fails ARGS... TEXT: leaseledger-verify exits 1 and prints FAIL lines holding TEXT
verify_fails()
{
    local text=${*: -1}
    expect_exit 1 "$LV" "${@:1:$#-1}"
    expect_contains "$OUT" "FAIL: $text"
    expect_contains "$OUT" "FAILED: "
}

# --- the ledger: two tenants under one key -------------------------------------------
fresh_db bundle
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/key2"
VK2=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" site load "$SAMPLE/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-internal.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-anthropic.json"
anthropic_day 1 1 >"$TMP/day1.csv"
"$GEN" --tenant internal-training --class mix --pod-gpus 1000 --meters 22 --energy-meters 2 \
    --hours 24 --start 2026-11-01T00:00:00Z --seed 4100 >"$TMP/internal.csv"
expect_exit 0 "$LL" ingest -q "$TMP/day1.csv"
expect_exit 0 "$LL" ingest -q "$TMP/internal.csv"
expect_exit 0 "$LL" seal

# the tenant keeps the checkpoint it was shown after day 1
expect_exit 0 "$LL" checkpoint --tenant anthropic
cp "$OUT" "$TMP/kept.note"
K=$(sed -n 2p "$TMP/kept.note")
[[ "$K" =~ ^[0-9]+$ ]] || fail "kept checkpoint has no size: $(cat "$TMP/kept.note")"

mkdir -p "$TMP/spool"
anthropic_day 2 1 >"$TMP/spool/day2.csv"
expect_exit 0 "$LL" nightly --spool "$TMP/spool" --as-of 2026-12-01T02:00:00Z --quiet
expect_exit 0 "$LL" invoice list --format csv
expect_contains "$OUT" "C1-2026-000001"
expect_contains "$OUT" "INT-2026-000001"

# --- an invoice bundle verifies ---------------------------------------------------------
expect_exit 0 "$LL" audit bundle --invoice C1-2026-000001 --old-size "$K" --out "$B"
expect_contains "$OUT" "wrote $B: tenant anthropic, "
[[ -s "$B" ]] || fail "no bundle written"
# canonical: jq re-serializes it byte for byte
jq -cjS . "$B" | cmp -s - "$B" || fail "the bundle is not in canonical form"
NUSAGE=$(jq -r '.entries' "$B" | grep -c '"kind":"usage"')
expect_exit 0 "$LV" "$B" --vkey "$VK"
expect_contains "$OUT" "ok: the bundle's key is the given key $VK"
expect_contains "$OUT" "ok: checkpoint origin \"test-operator/anthropic\" names tenant \"anthropic\""
expect_contains "$OUT" "ok: C1-2026-000001: all 5 lines and the total "
expect_contains "$OUT" "over $NUSAGE usage records below seq"
expect_contains "$OUT" "ok: the tree of size $K is a prefix of the checkpoint's"
expect_contains "$OUT" "VERIFIED: tenant anthropic, "
expect_not_contains "$OUT" "WARNING"
# one canonical entry per line: contract, usage records, invoice
jq -j '.entries' "$B" >"$TMP/entries"
[[ $(wc -l <"$TMP/entries") == $((NUSAGE + 2)) ]] || fail "entries are not one per line"

# the key in a file works too, and -q prints only the verdict
echo "$VK" >"$TMP/vkey"
expect_exit 0 "$LV" -q "$B" --vkey "$TMP/vkey" --tenant anthropic
[[ $(wc -l <"$OUT") == 1 ]] || fail "-q printed more than the verdict"

# without a key every check runs with the bundle's own, but anyone can sign a bundle: the
# verdict is UNTRUSTED KEY with exit 2, never VERIFIED and 0 (-q keeps the verdict)
expect_exit 2 "$LV" "$B"
expect_contains "$OUT" "NOTE: no key was given: the checkpoint is checked with the bundle's own key $VK"
expect_contains "$OUT" "UNTRUSTED KEY: tenant anthropic, "
expect_contains "$OUT" "checked only with the bundle's own key, which anyone can sign with: give --vkey"
expect_not_contains "$OUT" "VERIFIED"
expect_not_contains "$OUT" "ok: no key was given"
expect_exit 2 "$LV" -q "$B" --tenant anthropic
[[ $(wc -l <"$OUT") == 1 ]] || fail "-q printed more than the verdict"
expect_contains "$OUT" "UNTRUSTED KEY: "
# and a failure wins over the missing key: FAILED, exit 1
jq -cjS '.consistency[0].proof += .consistency[0].proof' "$B" >"$TMP/long-nokey.json"
expect_exit 1 "$LV" "$TMP/long-nokey.json"
expect_contains "$OUT" "FAILED: "
expect_not_contains "$OUT" "UNTRUSTED KEY"

# --- another key ----------------------------------------------------------------------
verify_fails "$B" --vkey "$VK2" "the bundle's key $VK is not the given key $VK2"
expect_contains "$OUT" "FAIL: checkpoint signature: "
expect_exit 78 "$LV" "$B" --vkey "not+a+key"
# a key file is text: the good key with a NUL and more after it is refused, not cut
printf '%s\0junk\n' "$VK" >"$TMP/nul.vkey"
expect_exit 78 "$LV" "$B" --vkey "$TMP/nul.vkey"
expect_contains "$ERR" "a verifier key file holds a NUL byte"

# --- the kept checkpoint, and audit consistency -----------------------------------------
expect_exit 0 "$LV" "$B" --vkey "$VK" --old-checkpoint "$TMP/kept.note"
expect_contains "$OUT" "ok: kept checkpoint (tree size $K) is a prefix of the bundle's"
expect_exit 0 "$LL" audit consistency --tenant anthropic --old-size "$K"
cp "$OUT" "$TMP/cons.json"
[[ $(jq -r .old_size "$TMP/cons.json") == "$K" ]] || fail "consistency old_size"
[[ $(jq -r '.proof | length' "$TMP/cons.json") -ge 1 ]] || fail "consistency proof empty"
expect_exit 0 "$LV" --consistency "$TMP/cons.json" --old-checkpoint "$TMP/kept.note" --vkey "$VK"
expect_contains "$OUT" "VERIFIED: the kept checkpoint is a prefix of the current one"
# a proof hash altered
jq '.proof[0] = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="' "$TMP/cons.json" >"$TMP/cons-bad.json"
expect_exit 1 "$LV" --consistency "$TMP/cons-bad.json" --old-checkpoint "$TMP/kept.note" \
    --vkey "$VK"
expect_contains "$OUT" "FAIL: "
# a size the bundle has no proof from
expect_exit 0 "$LL" checkpoint --tenant internal-training
cp "$OUT" "$TMP/internal.note"
verify_fails "$B" --vkey "$VK" --old-checkpoint "$TMP/internal.note" \
    "kept checkpoint's origin \"test-operator/internal-training\" is not the bundle's"

# --- one tenant's bundle offered as another's ---------------------------------------------
expect_exit 0 "$LL" audit bundle --invoice INT-2026-000001 --out "$TMP/int.json"
expect_exit 0 "$LV" "$TMP/int.json" --vkey "$VK"
verify_fails "$TMP/int.json" --vkey "$VK" --tenant anthropic \
    "the bundle is tenant \"internal-training\"'s, not \"anthropic\"'s"
verify_fails "$TMP/int.json" --vkey "$VK" --old-checkpoint "$TMP/kept.note" \
    "kept checkpoint's origin \"test-operator/anthropic\" is not the bundle's"
jq -cjS '.tenant = "anthropic"' "$TMP/int.json" >"$TMP/swap.json"
verify_fails "$TMP/swap.json" --vkey "$VK" \
    "checkpoint origin \"test-operator/internal-training\" is not \"test-operator/anthropic\""
expect_contains "$OUT" "FAIL: entry seq 0 names tenant \"internal-training\", not \"anthropic\""

# --- an invoice line altered in the bundle ------------------------------------------------
expect_exit 0 "$LL" invoice show C1-2026-000001 --format json
AMOUNT=$(jq -r '.data.lines[0].amount' "$OUT")
TOTAL=$(jq -r '.data.net' "$OUT")
GROSS=$(jq -r '.data.total' "$OUT")
AMOUNT2="$((${AMOUNT%.*} + 1)).${AMOUNT#*.}"
TOTAL2="$((${TOTAL%.*} + 1)).${TOTAL#*.}"
GROSS2="$((${GROSS%.*} + 1)).${GROSS#*.}"
# a consistent alteration: the line, the document's net (the sum of its lines, which
# re-rating compares) and its total (net + tax) move together
jq -cjS --arg a "\"amount\":\"$AMOUNT\"" --arg a2 "\"amount\":\"$AMOUNT2\"" \
    --arg t "\"total\":\"$GROSS\"" --arg t2 "\"total\":\"$GROSS2\"" \
    --arg n "\"net\":\"$TOTAL\"" --arg n2 "\"net\":\"$TOTAL2\"" \
    '.entries |= (split($a) | join($a2) | split($t) | join($t2) | split($n) | join($n2))' \
    "$B" >"$TMP/altered.json"
cmp -s "$B" "$TMP/altered.json" && fail "the alteration changed nothing"
verify_fails "$TMP/altered.json" --vkey "$VK" "inclusion: the "
expect_contains "$OUT" "FAIL: C1-2026-000001 line 1 (gpu_reserved H100 "
expect_contains "$OUT" "amount $AMOUNT2 in the document; re-rated quantity"
expect_contains "$OUT" "FAIL: C1-2026-000001 total $TOTAL2 does not match the re-rated total $TOTAL"

# --- flipped bytes: every 10th of the bundle's ends, 100 sampled in between ---------------
SIZE=$(stat -c %s "$B")
positions=$(
    seq 0 10 1499
    seq $((SIZE - 1500)) 10 $((SIZE - 1))
    seq 1500 $(((SIZE - 3000) / 100 + 1)) $((SIZE - 1500))
)
n=0
for pos in $positions; do
    cp "$B" "$TMP/flip.json"
    flip_byte "$TMP/flip.json" "$pos"
    rc=0
    "$LV" "$TMP/flip.json" --vkey "$VK" >"$OUT" 2>"$ERR" || rc=$?
    if ((rc == 0)); then
        fail "flipping byte $pos of $SIZE still verifies"
    elif ((rc == 1)); then
        grep -q '^FAIL: ' "$OUT" || fail "flipping byte $pos: exit 1 without a FAIL line"
    elif ((rc == 65)); then
        grep -q '^leaseledger-verify: ' "$ERR" || fail "flipping byte $pos: exit 65 without a reason"
    else
        cat "$ERR" >&2
        fail "flipping byte $pos: exit $rc (crash?)"
    fi
    n=$((n + 1))
done
((n >= 390)) || fail "only $n positions flipped"

# --- hostile input ----------------------------------------------------------------------
head -c 1000 "$B" >"$TMP/trunc.json"
expect_exit 65 "$LV" "$TMP/trunc.json" --vkey "$VK"
expect_contains "$ERR" "leaseledger-verify: bundle is not valid JSON: "
: >"$TMP/empty.json"
expect_exit 65 "$LV" "$TMP/empty.json"
perl -e 'print "[" x 100000, "]" x 100000' >"$TMP/deep.json"
expect_exit 65 "$LV" "$TMP/deep.json"
expect_contains "$ERR" "bundle nests deeper than 8 levels"
sed 's/"version":1,/"version":9007199254740993,/' "$B" >"$TMP/big.json"
expect_exit 65 "$LV" "$TMP/big.json"
expect_contains "$ERR" "bundle holds the integer 9007199254740993, beyond 2^53"
sed 's/"version":1/"version":9223372036854775808/' "$B" >"$TMP/huge.json"
expect_exit 65 "$LV" "$TMP/huge.json"
expect_contains "$ERR" "bundle is not valid JSON: "
jq -cjS '.consistency[0].proof += .consistency[0].proof' "$B" >"$TMP/long.json"
verify_fails "$TMP/long.json" --vkey "$VK" "consistency from tree size $K to "
expect_exit 65 "$LV" "$B" --max-bytes 1000
expect_contains "$ERR" "is larger than 1000 bytes"
expect_exit 66 "$LV" "$TMP/no-such-file.json"
expect_exit 64 "$LV"
expect_exit 64 "$LV" "$B" --bogus
expect_exit 0 "$LV" --help
expect_contains "$OUT" "Exit status: 0 everything holds, with the key given by --vkey"
expect_contains "$OUT" "2 every check"
expect_contains "$OUT" "(UNTRUSTED KEY)"
# --version: the project's version, from CMakeLists.txt (the auditor records which ran)
version=$(sed -nE 's/^project\(leaseledger VERSION ([0-9.]+).*/\1/p' "$LDG_SRC/CMakeLists.txt")
[[ -n "$version" ]] || fail "no project version in $LDG_SRC/CMakeLists.txt"
expect_exit 0 "$LV" --version
[[ "$(cat "$OUT")" == "leaseledger-verify $version" ]] ||
    fail "--version printed \"$(cat "$OUT")\", expected \"leaseledger-verify $version\""
expect_empty "$ERR"

# --- a range bundle ------------------------------------------------------------------------
expect_exit 0 "$LL" audit bundle --tenant anthropic --from 2026-11-10T00:00:00Z \
    --to 2026-11-10T02:00:00Z --meter hall-A --out "$TMP/range.json"
expect_exit 0 "$LV" "$TMP/range.json" --vkey "$VK"
expect_contains "$OUT" "VERIFIED: tenant anthropic, checkpoint tree size "
expect_contains "$OUT" ", 3 entries (2 usage records), 0 documents with 0 lines re-rated"

# --- a supplementary invoice, first not yet under a checkpoint ----------------------------------
printf '%s\n' "tenant,site,meter,kind,class,start,end,quantity,unit,event_id" \
    "anthropic,colossus-1,hall-A,energy,,2026-11-15T00:00:00Z,2026-11-15T01:00:00Z,5,mwh,late/hall-A/1" \
    >"$TMP/late.csv"
expect_exit 0 "$LL" ingest -q "$TMP/late.csv"
expect_exit 0 "$LL" bill --period 2026-11 --tenant anthropic --as-of 2026-12-02T02:00:00Z
expect_exit 1 "$LL" audit bundle --invoice C1-2026-000002 --out "$TMP/sup.json"
expect_contains "$ERR" "is not covered by tenant \"anthropic\"'s latest checkpoint"
[[ ! -e "$TMP/sup.json" ]] || fail "a failed bundle left a file behind"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" audit bundle --invoice C1-2026-000002 --out "$TMP/sup.json"
expect_exit 0 "$LV" "$TMP/sup.json" --vkey "$VK"
expect_contains "$OUT" "ok: C1-2026-000001: all 5 lines"
expect_contains "$OUT" "ok: C1-2026-000002: all 1 line and the total equal the difference"

# --- command-line errors ---------------------------------------------------------------------
expect_exit 0 "$LL" audit --help
expect_exit 0 "$LL" audit bundle --help
expect_exit 0 "$LL" audit consistency --help
expect_exit 64 "$LL" audit
expect_exit 64 "$LL" audit nonsense
expect_exit 64 "$LL" audit bundle --invoice C1-2026-000001
expect_contains "$ERR" "--out FILE is required"
expect_exit 64 "$LL" audit bundle --invoice C1-2026-000001 --from 2026-11-01T00:00:00Z --out x
expect_exit 64 "$LL" audit bundle --tenant anthropic --from 2026-11-02T00:00:00Z \
    --to 2026-11-01T00:00:00Z --out x
expect_exit 64 "$LL" audit bundle --invoice C1-2026-000001 --old-size 0 --out x
expect_exit 1 "$LL" audit bundle --invoice C1-2026-999999 --out "$TMP/x.json"
expect_contains "$ERR" "no invoice or credit note numbered \"C1-2026-999999\""
expect_exit 1 "$LL" audit bundle --tenant nobody --from 2026-11-01T00:00:00Z \
    --to 2026-11-02T00:00:00Z --out "$TMP/x.json"
expect_contains "$ERR" "unknown tenant \"nobody\""
expect_exit 65 "$LL" audit bundle --invoice C1-2026-000001 --old-size 99999999 --out "$TMP/x.json"
expect_contains "$ERR" "tree size 99999999 is not 1.."
expect_exit 64 "$LL" audit consistency --tenant anthropic --old-size 0
expect_exit 65 "$LL" audit consistency --tenant anthropic --old-size 99999999
expect_exit 1 "$LL" audit consistency --tenant nobody --old-size 1
[[ ! -e "$TMP/x.json" ]] || fail "a failed bundle left a file behind"

# --- a kept checkpoint from a rewritten log ---------------------------------------------------
# The operator showed the tenant a log whose first day said something else: same key,
# same size, another root. Build that log in a database of its own.
fresh_db fork
expect_exit 0 "$LL" site load "$SAMPLE/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-internal.json"
expect_exit 0 "$LL" contract load "$SAMPLE/contract-anthropic.json"
anthropic_day 1 2 >"$TMP/day1-fork.csv"
expect_exit 0 "$LL" ingest -q "$TMP/day1-fork.csv"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" checkpoint --tenant anthropic
cp "$OUT" "$TMP/forged.note"
[[ $(sed -n 2p "$TMP/forged.note") == "$K" ]] || fail "the fork has another size"
cmp -s "$TMP/forged.note" "$TMP/kept.note" && fail "the fork has the same root"
verify_fails "$B" --vkey "$VK" --old-checkpoint "$TMP/forged.note" \
    "kept checkpoint (tree size $K) has another root than the tree the bundle proves consistent"
expect_exit 1 "$LV" --consistency "$TMP/cons.json" --old-checkpoint "$TMP/forged.note" \
    --vkey "$VK"
expect_contains "$OUT" "FAILED: the kept checkpoint is not proven a prefix of the current one"

echo "bundle: OK ($n flipped bundles refused)"
