#!/usr/bin/env bash
# A checkpoint verifies with the stock OpenSSL command line and the PEM public key that
# keygen writes, with no leaseledger code involved (DESIGN.md "The signed log"; the
# recipe is tests/vectors/signed-note.json "openssl_cli_check"): split the note at the
# blank line, the body is the text with its final newline, the signature is the base64
# field of the signature line minus its 4-byte key id.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
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

# Split as openssl_cli_check says: body = the text through its final newline.
awk '/^$/ { exit } { print }' "$TMP/note" >"$TMP/body"
[[ $(wc -l <"$TMP/body") == 3 ]] || fail "the body is not the 3 lines before the blank one"
printf '%s' "${sig_line##* }" | base64 -d >"$TMP/sigfield" || fail "signature is not base64"
[[ $(wc -c <"$TMP/sigfield") == 68 ]] || fail "signature field holds $(wc -c <"$TMP/sigfield") bytes, not 4 + 64"
[[ $(head -c 4 "$TMP/sigfield" | od -An -tx1 | tr -d ' \n') == "$key_hex" ]] ||
    fail "the key id in the signature is not the verifier key's ($key_hex)"
tail -c 64 "$TMP/sigfield" >"$TMP/sig"

expect_exit 0 openssl pkeyutl -verify -pubin -inkey "$TMP/key.pub" -rawin -in "$TMP/body" \
    -sigfile "$TMP/sig"
expect_contains "$OUT" "Signature Verified Successfully"

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
len=$(wc -c <"$TMP/body")
origin_len=$(($(sed -n 1p "$TMP/body" | wc -c)))
for off in 0 $((${#key_name} + 1)) "$origin_len" $((len - 45)) $((len - 2)) $((len - 1)); do
    flip "$TMP/body" "$off" "$TMP/bad"
    expect_exit 1 openssl pkeyutl -verify -pubin -inkey "$TMP/key.pub" -rawin -in "$TMP/bad" \
        -sigfile "$TMP/sig"
    expect_contains "$OUT" "Signature Verification Failure"
done
flip "$TMP/sig" 10 "$TMP/badsig"
expect_exit 1 openssl pkeyutl -verify -pubin -inkey "$TMP/key.pub" -rawin -in "$TMP/body" \
    -sigfile "$TMP/badsig"
expect_contains "$OUT" "Signature Verification Failure"

# Another key's public half refuses the genuine note.
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/other"
expect_exit 1 openssl pkeyutl -verify -pubin -inkey "$TMP/other.pub" -rawin -in "$TMP/body" \
    -sigfile "$TMP/sig"
expect_contains "$OUT" "Signature Verification Failure"

echo "PASS: $TEST_NAME"
