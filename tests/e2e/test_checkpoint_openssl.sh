#!/usr/bin/env bash
# A checkpoint verifies with the stock OpenSSL command line, with no leaseledger code
# involved but the PEM a tenant derives from the published verifier key (DESIGN.md "The
# signed log"). The recipe of docs/audit.md ("Checking a checkpoint with openssl") is run
# here exactly as written, its one VKEY line set to this test's key: vkey-to-pem writes
# key.pem, the body is the note's text through its final newline, the signature is the
# base64 field of the key's signature line minus its 4-byte key id.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
LV="$LDG_BIN/leaseledger-verify"
[[ -x "$LV" ]] || fail "no executable $LV: build first"
command -v openssl >/dev/null || fail "openssl not found (install openssl)"

fresh_db checkpoint
make_key
[[ -s "$TMP/key.pub" ]] || fail "keygen wrote no $TMP/key.pub"
expect_contains "$TMP/key.pub" "-----BEGIN PUBLIC KEY-----"
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
awk -v n=300 -f "$CASES/gen_usage.awk" >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_exit 1 "$LL" checkpoint --tenant anthropic
expect_contains "$ERR" 'no checkpoint for tenant "anthropic" yet'
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" checkpoint --tenant anthropic
cp "$OUT" "$TMP/note"

# The note: origin, size, root, blank line, one signature line by our key.
key_name=${VERIFIER_KEY%%+*}
key_hex=${VERIFIER_KEY#*+}
key_hex=${key_hex%%+*}
[[ $(sed -n 1p "$TMP/note") == "$key_name/anthropic" ]] || fail "origin line: $(sed -n 1p "$TMP/note")"
[[ $(sed -n 2p "$TMP/note") == 301 ]] || fail "size line: $(sed -n 2p "$TMP/note")"
sed -n 3p "$TMP/note" | grep -Eq '^[A-Za-z0-9+/]{43}=$' || fail "root line: $(sed -n 3p "$TMP/note")"
[[ -z $(sed -n 4p "$TMP/note") ]] || fail "line 4 is not the blank separator"
[[ $(wc -l <"$TMP/note") == 5 ]] || fail "the note has $(wc -l <"$TMP/note") lines, not 5"
sig_line=$(sed -n 5p "$TMP/note")
[[ "$sig_line" == "— $key_name "* ]] || fail "signature line: $sig_line"

printf '%s' "${sig_line##* }" | base64 -d >"$TMP/sigfield" || fail "signature is not base64"
[[ $(wc -c <"$TMP/sigfield") == 68 ]] || fail "signature field holds $(wc -c <"$TMP/sigfield") bytes, not 4 + 64"
[[ $(head -c 4 "$TMP/sigfield" | od -An -tx1 | tr -d ' \n') == "$key_hex" ]] ||
    fail "the key id in the signature is not the verifier key's ($key_hex)"

# --- docs/audit.md's recipe, as written ---------------------------------------------------
# The fenced block after the marker comment, with its VKEY line replaced by ours; run in a
# directory holding only checkpoint.note, with leaseledger-verify on PATH.
awk '/runs this block as written/ { on = 1; next }
     on && /^```sh$/ { inblock = 1; next }
     inblock && /^```$/ { exit }
     inblock { print }' "$LDG_SRC/docs/audit.md" >"$TMP/recipe.sh"
[[ $(grep -c '^VKEY=' "$TMP/recipe.sh") == 1 ]] || fail "the recipe in docs/audit.md has no one VKEY line"
grep -q '^openssl pkeyutl -verify -rawin -pubin -inkey key.pem -sigfile sig -in body$' \
    "$TMP/recipe.sh" || fail "the recipe in docs/audit.md does not end in the openssl check"
R="$TMP/recipe"
mkdir "$R"
cp "$TMP/note" "$R/checkpoint.note"
sed "s|^VKEY=.*|VKEY='$VERIFIER_KEY'|" "$TMP/recipe.sh" >"$R/recipe.sh"
expect_exit 0 env -C "$R" PATH="$LDG_BIN:$PATH" bash -euo pipefail recipe.sh
expect_contains "$OUT" "Signature Verified Successfully"
# What the recipe made: the PEM keygen wrote, the body (the 3 lines before the blank
# one), the 64 signature bytes after the key id.
cmp -s "$R/key.pem" "$TMP/key.pub" || fail "vkey-to-pem's PEM differs from keygen's"
[[ $(wc -l <"$R/body") == 3 ]] || fail "the body is not the 3 lines before the blank one"
head -n 3 "$TMP/note" | cmp -s - "$R/body" || fail "the body is not the note's first 3 lines"
tail -c 64 "$TMP/sigfield" | cmp -s - "$R/sig" || fail "sig is not the signature's 64 bytes"

# The root the note signs is the root the database stored.
[[ $(sql -c "SELECT encode(root, 'base64') FROM ledger.checkpoint c JOIN ledger.tenant t
             USING (tenant_id) WHERE t.tenant = 'anthropic' AND c.size = 301") == \
    $(sed -n 3p "$TMP/note") ]] || fail "the stored root differs from the signed one"

# One flipped byte anywhere in the body (the root's first character, the size, the
# origin), or one in the signature, and openssl refuses.
flip()
{
    # flip FILE OFFSET OUT: OUT is FILE with the byte at OFFSET xor 0x01
    local byte
    byte=$(od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' ')
    {
        head -c "$2" "$1"
        printf '%b' "\\$(printf '%03o' $((byte ^ 1)))"
        tail -c +$(($2 + 2)) "$1"
    } >"$3"
    if [[ $(wc -c <"$3") != $(wc -c <"$1") ]] || cmp -s "$1" "$3"; then
        fail "flip $1 $2"
    fi
}
len=$(wc -c <"$R/body")
origin_len=$(($(sed -n 1p "$R/body" | wc -c)))
for off in 0 $((${#key_name} + 1)) "$origin_len" $((len - 45)) $((len - 2)) $((len - 1)); do
    flip "$R/body" "$off" "$TMP/bad"
    expect_exit 1 openssl pkeyutl -verify -pubin -inkey "$R/key.pem" -rawin -in "$TMP/bad" \
        -sigfile "$R/sig"
    expect_contains "$OUT" "Signature Verification Failure"
done
flip "$R/sig" 10 "$TMP/badsig"
expect_exit 1 openssl pkeyutl -verify -pubin -inkey "$R/key.pem" -rawin -in "$R/body" \
    -sigfile "$TMP/badsig"
expect_contains "$OUT" "Signature Verification Failure"

# Another key's public half, derived the same way, refuses the genuine note.
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/other"
other_vkey=$(tail -n 1 "$OUT")
expect_exit 0 "$LV" vkey-to-pem "$other_vkey"
cp "$OUT" "$TMP/other.pem"
cmp -s "$TMP/other.pem" "$TMP/other.pub" || fail "vkey-to-pem's PEM differs from keygen's"
expect_exit 1 openssl pkeyutl -verify -rawin -pubin -inkey "$TMP/other.pem" -sigfile "$R/sig" \
    -in "$R/body"
expect_contains "$OUT" "Signature Verification Failure"

# --- vkey-to-pem's input -------------------------------------------------------------------
# The key from a file (its first line), as --vkey takes it.
printf '%s\n' "$VERIFIER_KEY" >"$TMP/vkey"
expect_exit 0 "$LV" vkey-to-pem "$TMP/vkey"
cmp -s "$OUT" "$TMP/key.pub" || fail "vkey-to-pem of a key file differs from keygen's PEM"
expect_exit 0 "$LV" vkey-to-pem --help
expect_contains "$OUT" "Usage: leaseledger-verify vkey-to-pem VKEY"
# A malformed key is refused with the reason, exit 65, and nothing on stdout.
bad_id=${VERIFIER_KEY/+$key_hex+/+00000000+}
[[ "$bad_id" != "$VERIFIER_KEY" ]] || fail "could not alter the key id"
for bad in "not+a+key" "$bad_id" "${VERIFIER_KEY%?????}" "test-operator+$key_hex+"; do
    expect_exit 65 "$LV" vkey-to-pem "$bad"
    expect_contains "$ERR" "leaseledger-verify: vkey-to-pem: invalid verifier key"
    [[ ! -s "$OUT" ]] || fail "vkey-to-pem printed something for \"$bad\""
done
expect_exit 65 "$LV" vkey-to-pem "$bad_id"
expect_contains "$ERR" "key id"
expect_exit 66 "$LV" vkey-to-pem "$TMP/no-such-vkey"
expect_exit 64 "$LV" vkey-to-pem
expect_exit 64 "$LV" vkey-to-pem "$VERIFIER_KEY" "$VERIFIER_KEY"

echo "PASS: $TEST_NAME"
