#!/usr/bin/env bash
# Signing keys end to end (SECURITY.md "Keys"):
#  (a) key files: refused unless a regular file of the running user with mode 0600 or
#      stricter; keygen writes 0600 and never overwrites;
#  (b) the process that holds a key cannot dump core and is not dumpable;
#  (c) `key rotate`: the rotation is a signed entry in every tenant's log, checkable with
#      stock openssl and the old public key; seal refuses the old key afterwards; old
#      checkpoints keep verifying with the old key; a tenant holding only the old key
#      accepts the new one; a checkpoint signed by the old key over a tree holding the
#      rotation, or stored as signed after it, is rejected by verify;
#  (d) no private key material in anything the program printed (every command's stdout
#      and stderr in this test, --verbose included) or stored in the database.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
command -v openssl >/dev/null || fail "openssl not found (install openssl)"
command -v jq >/dev/null || fail "jq not found (install jq)"
ALL="$TMP/all-output" # every byte the program printed, checked for key material at the end
: >"$ALL"

# run EXIT CMD...: expect_exit, and keep what was printed.
run()
{
    expect_exit "$@"
    cat "$OUT" "$ERR" >>"$ALL"
}

fresh_db keys
run 0 "$LL" keygen --name test-operator --out "$TMP/a"
VK_A=$(tail -n 1 "$OUT")
run 0 "$LL" keygen --name test-operator --out "$TMP/b"
VK_B=$(tail -n 1 "$OUT")
run 0 "$LL" keygen --name test-operator --out "$TMP/d"
VK_D=$(tail -n 1 "$OUT")
run 0 "$LL" keygen --name other-operator --out "$TMP/c"
ID_A=${VK_A#*+}
ID_A=${ID_A%%+*}
ID_B=${VK_B#*+}
ID_B=${ID_B%%+*}

# --- (a) key files ----------------------------------------------------------------
[[ $(stat -c %a "$TMP/a") == 600 ]] || fail "keygen wrote mode $(stat -c %a "$TMP/a")"
[[ $(stat -c %a "$TMP/a.pub") == 644 ]] || fail "public key mode $(stat -c %a "$TMP/a.pub")"
cp "$TMP/a" "$TMP/a.orig"
run 73 "$LL" keygen --name test-operator --out "$TMP/a"
cmp -s "$TMP/a" "$TMP/a.orig" || fail "keygen overwrote an existing key"

run 0 "$LL" site load "$CASES/site-colossus-1.json"
run 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
jq '.tenant = "beta" | .tenant_name = "Beta" | .contract = "C2-BETA" |
    .invoice_series = "C2"' "$CASES/contract-C1-ANTH.json" >"$TMP/beta.json"
run 0 "$LL" contract load "$TMP/beta.json"
awk -v n=40 -f "$CASES/gen_usage.awk" >"$TMP/u40.csv"
awk -v n=80 -f "$CASES/gen_usage.awk" >"$TMP/u80.csv"
awk -v n=120 -f "$CASES/gen_usage.awk" >"$TMP/u120.csv"
run 0 "$LL" ingest -q "$TMP/u40.csv"

# key_refused MODE_OR_SETUP TEXT: seal with $TMP/k exits 78 and says TEXT; nothing sealed.
key_refused()
{
    run 78 "$LL" seal --key "$TMP/k"
    expect_contains "$ERR" "$1"
    run 78 "$LL" seal --verbose --key "$TMP/k"
    expect_contains "$ERR" "$1"
    [[ $(sql -c "SELECT count(*) FROM ledger.checkpoint") == 0 ]] ||
        fail "a checkpoint was signed with a refused key"
}
for mode in 640 604 660 644 610 602; do
    install -m "$mode" "$TMP/a" "$TMP/k"
    key_refused "key file \"$TMP/k\" has group or other permissions (mode 0$mode)"
    expect_contains "$ERR" "HINT: Run chmod 600 on the key file."
done
rm -f "$TMP/k"
key_refused "could not open key file \"$TMP/k\": No such file or directory"
mkdir -m 700 "$TMP/k"
key_refused "key file \"$TMP/k\" is not a regular file"
rmdir "$TMP/k"
printf 'not a key\n' >"$TMP/k" && chmod 600 "$TMP/k"
key_refused "does not begin with a \"leaseledger-key-name:\" line"
{ echo "leaseledger-key-name: test-operator"; openssl genpkey -algorithm rsa \
    -pkeyopt rsa_keygen_bits:1024 2>/dev/null; } >"$TMP/k"
key_refused "key \"test-operator\" is not an Ed25519 key"
{ echo "leaseledger-key-name: test-operator"; tail -n +2 "$TMP/a" |
    openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:secret; } >"$TMP/k"
key_refused "holds no readable private key" </dev/null
if [[ $(id -u) == 0 ]]; then
    install -m 600 -o nobody "$TMP/a" "$TMP/k"
    key_refused "key file \"$TMP/k\" is not owned by the current user"
else
    echo "note: not root: the other-owner case is covered by tests/unit/test_keys.c only"
fi
# stricter than 0600 and a symbolic link to a good key are accepted
install -m 400 "$TMP/a" "$TMP/k"
ln -s "$TMP/k" "$TMP/k-link"
run 0 "$LL" seal --key "$TMP/k-link"
expect_contains "$OUT" "sealed anthropic: 0 -> 41 entries"
expect_contains "$OUT" "sealed beta: 0 -> 1 entries"
rm -f "$TMP/k" "$TMP/k-link"
export LEASELEDGER_KEY="$TMP/a"

# --- (b) no core dump: a seal blocked while it holds the key ------------------------
# The seal waits for its log's seal lock (held here by psql), with the key loaded. Its
# /proc files belong to root once it is not dumpable (proc(5)), unlike those of a
# control process of the same user; and its core size limit is 0. Run as an ordinary
# user so that the ownership says something: the server user when we are root.
run 0 "$LL" ingest -q "$TMP/u80.csv"
tid=$(sql -c "SELECT tenant_id FROM ledger.tenant WHERE tenant = 'anthropic'")
if [[ $(id -u) == 0 ]]; then
    user=leaseledger
    getent passwd "$user" >/dev/null || fail "no user \"$user\" (scripts/pg creates it)"
    mkdir -m 700 "$TMP/u"
    install -m 600 -o "$user" "$TMP/a" "$TMP/u/key"
    chown "$user" "$TMP/u"
    chmod 711 "$TMP"
    as_user=(setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups --)
else
    user=$(id -un)
    mkdir -m 700 "$TMP/u"
    install -m 600 "$TMP/a" "$TMP/u/key"
    as_user=()
fi
sql -c "SELECT pg_advisory_lock(7270003, $tid), pg_sleep(120)" >/dev/null 2>&1 &
holder=$!
at_exit "kill $holder 2>/dev/null"
for ((i = 0; i < 100; i++)); do
    [[ $(sql -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                 AND classid = 7270003 AND objid = $tid AND objsubid = 2
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 1 ]] && break
    sleep 0.1
done
((i < 100)) || fail "psql did not take the seal lock"
# a copy of the binary (static but for system libraries), so that the build directory
# need not be reachable by that user
install -m 755 "$LL" "$TMP/u/leaseledger"
HOME="$TMP/u" "${as_user[@]}" "$TMP/u/leaseledger" seal --key "$TMP/u/key" >"$TMP/blocked.out" \
    2>"$TMP/blocked.err" &
sealer=$!
at_exit "kill $sealer 2>/dev/null"
HOME="$TMP/u" "${as_user[@]}" sleep 60 &
control=$!
at_exit "kill $control 2>/dev/null"
for ((i = 0; i < 300; i++)); do
    [[ $(sql -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                 AND classid = 7270003 AND objid = $tid
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 1 ]] && break
    sleep 0.1
done
((i < 300)) || fail "the seal never waited for the lock: $(cat "$TMP/blocked.err")"
[[ $(stat -c %U "/proc/$control/status") == "$user" ]] ||
    fail "control process files belong to $(stat -c %U "/proc/$control/status"), not $user"
[[ $(stat -c %U "/proc/$sealer/status") == root ]] ||
    fail "the seal holding the key is dumpable (/proc/$sealer owned by $(stat -c %U "/proc/$sealer/status"))"
grep -Eq '^Max core file size +0 +0 +bytes' "/proc/$sealer/limits" ||
    fail "core dumps are not disabled: $(grep 'core file' "/proc/$sealer/limits")"
kill "$control"
sql -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'
        AND granted AND classid = 7270003 AND objid = $tid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())" >/dev/null
wait "$holder" 2>/dev/null || true
rc=0
wait "$sealer" || rc=$?
cat "$TMP/blocked.out" "$TMP/blocked.err" >>"$ALL"
((rc == 0)) || fail "the blocked seal exited $rc: $(cat "$TMP/blocked.err")"
expect_contains "$TMP/blocked.out" "sealed anthropic: 41 -> 81 entries"
chmod 700 "$TMP"

# --- (c) rotation --------------------------------------------------------------------
verify_ok()
{
    run 0 "$LL" verify -q "$@"
    expect_contains "$OUT" ", 0 problems"
}
verify_fails()
{
    local args=() t
    while [[ $1 == --* ]]; do
        args+=("$1" "$2")
        shift 2
    done
    run 1 "$LL" verify -q "${args[@]}"
    for t in "$@"; do
        expect_contains "$OUT" "$t"
    done
}
verify_ok --vkey "$VK_A"
before=$(sql -c "SELECT floor(extract(epoch FROM now()))::bigint")
run 0 "$LL" key rotate --new "$TMP/b" # the old key from LEASELEDGER_KEY
expect_contains "$OUT" "anthropic: rotation entry at seq 81"
expect_contains "$OUT" "beta: rotation entry at seq 1"
expect_contains "$OUT" "key \"test-operator\" rotated from id $ID_A to id $ID_B in 2 logs, effective"
[[ $(tail -n 1 "$OUT") == "$VK_B" ]] || fail "rotate did not print the new verifier key last"
entry()
{
    sql -c "SELECT convert_from(d.body, 'UTF8') FROM ledger.log_doc d JOIN ledger.tenant t
            USING (tenant_id) WHERE t.tenant = '$1' AND d.kind = 'key' ORDER BY d.seq"
}
entry anthropic >"$TMP/rot.json"
[[ $(wc -l <"$TMP/rot.json") == 1 ]] || fail "anthropic has $(wc -l <"$TMP/rot.json") key entries"
[[ $(jq -r .data.old "$TMP/rot.json") == "$VK_A" && $(jq -r .data.new "$TMP/rot.json") == "$VK_B" &&
    $(jq -r '.seq, .kind, .tenant' "$TMP/rot.json" | paste -sd' ') == "81 key anthropic" ]] ||
    fail "rotation entry: $(cat "$TMP/rot.json")"
effective=$(jq -r .data.effective "$TMP/rot.json")
eff_epoch=$(date -ud "$effective" +%s)
((eff_epoch > before && eff_epoch <= before + 60)) ||
    fail "effective $effective is not just after the rotation ($before)"
[[ $(entry beta | jq -r .data.effective) == "$effective" ]] || fail "beta's rotation differs"

# A tenant with the old public key and stock tools checks the rotation: the signature
# covers the entry without data.signature, in canonical form (jq -cS is RFC 8785 here:
# ASCII strings and small integers only).
jq -cjS 'del(.data.signature)' "$TMP/rot.json" >"$TMP/rot.msg"
[[ $(head -c 9 "$TMP/rot.msg") == '{"data":{' ]] || fail "canonical message: $(cat "$TMP/rot.msg")"
jq -rj .data.signature "$TMP/rot.json" | base64 -d >"$TMP/rot.sig"
[[ $(wc -c <"$TMP/rot.sig") == 64 ]] || fail "rotation signature is not 64 bytes"
run 0 openssl pkeyutl -verify -pubin -inkey "$TMP/a.pub" -rawin -in "$TMP/rot.msg" \
    -sigfile "$TMP/rot.sig"
expect_contains "$OUT" "Signature Verified Successfully"
run 1 openssl pkeyutl -verify -pubin -inkey "$TMP/b.pub" -rawin -in "$TMP/rot.msg" \
    -sigfile "$TMP/rot.sig"
sed 's/"seq":81/"seq":82/' "$TMP/rot.msg" >"$TMP/rot-moved.msg"
run 1 openssl pkeyutl -verify -pubin -inkey "$TMP/a.pub" -rawin -in "$TMP/rot-moved.msg" \
    -sigfile "$TMP/rot.sig"

# Running it again changes nothing.
run 0 "$LL" key rotate --new "$TMP/b" --key "$TMP/a"
expect_contains "$OUT" "key \"test-operator\" was already rotated to id $ID_B effective $effective: nothing to do"
[[ $(sql -c "SELECT count(*) FROM ledger.log_doc WHERE kind = 'key'") == 2 ]] ||
    fail "a second run appended rotation entries"

# The old key can no longer seal; the new one can.
run 0 "$LL" ingest -q "$TMP/u120.csv"
run 1 "$LL" seal --key "$TMP/a"
expect_contains "$ERR" "key \"test-operator\" (id $ID_A) is not the key in force for this log since its rotation at seq 81, effective $effective"
expect_contains "$ERR" "HINT: Seal with the key in force: $VK_B"
[[ $(sql -c "SELECT max(size) FROM ledger.checkpoint") == 81 ]] || fail "the old key sealed"
run 0 "$LL" seal --key "$TMP/b"
expect_contains "$OUT" "sealed anthropic: 81 -> 122 entries"
expect_contains "$OUT" "sealed beta: 1 -> 2 entries"
[[ $(sql -c "SELECT string_agg(DISTINCT key_id::text, ',') FROM ledger.checkpoint
             WHERE size > 81 OR (size = 2)") == $((16#$ID_B)) ]] ||
    fail "checkpoints after the rotation are not signed by the new key"

# Old checkpoints verify with the old key; the holder of only the old key accepts the
# new one from its log; the new key alone cannot vouch for the history before it.
verify_ok
verify_ok --vkey "$VK_A"
verify_ok --vkey "$VK_A" --vkey "$VK_B"
verify_ok --tenant beta --vkey "$VK_A"
verify_fails --vkey "$VK_B" \
    "FAIL tenant anthropic seq 81: key rotation refused: rotation is signed by key \"test-operator\" (id $ID_A), which is not a trusted key" \
    "FAIL tenant anthropic: checkpoint at size 81: signature does not verify"
expect_not_contains "$OUT" "checkpoint at size 122"

# A log created after the rotation: the retired key is refused there too.
jq '.tenant = "gamma" | .tenant_name = "Gamma" | .contract = "C3-GAMMA" |
    .invoice_series = "C3"' "$CASES/contract-C1-ANTH.json" >"$TMP/gamma.json"
run 0 "$LL" contract load "$TMP/gamma.json"
run 1 "$LL" seal --key "$TMP/a" --tenant gamma
expect_contains "$ERR" "key \"test-operator\" (id $ID_A) was rotated out effective $effective"
run 0 "$LL" seal --key "$TMP/b" --tenant gamma

# Rotations that are refused, and change nothing.
run 65 "$LL" key rotate --new "$TMP/c" --key "$TMP/b"
expect_contains "$ERR" "the new key is named \"other-operator\" but the key in force is named \"test-operator\": a rotation keeps the name"
run 65 "$LL" key rotate --new "$TMP/b" --key "$TMP/b"
expect_contains "$ERR" "the new key is the key in force"
run 1 "$LL" key rotate --new "$TMP/a" --key "$TMP/b"
expect_contains "$ERR" "cannot rotate to key \"test-operator\" (id $ID_A): it was rotated out effective $effective"
run 1 "$LL" key rotate --new "$TMP/d" --key "$TMP/a"
expect_contains "$ERR" "key \"test-operator\" (id $ID_A) was rotated out effective $effective"
expect_contains "$ERR" "DETAIL: The key in force is $VK_B, since $effective."
install -m 644 "$TMP/d" "$TMP/d-open"
run 78 "$LL" key rotate --new "$TMP/d-open" --key "$TMP/b"
expect_contains "$ERR" "has group or other permissions (mode 0644)"
run 78 "$LL" key rotate --new "$TMP/none" --key "$TMP/b"
run 64 "$LL" key rotate --key "$TMP/b"
expect_contains "$ERR" "--new FILE is required"
run 64 "$LL" key revoke --new "$TMP/d"
expect_contains "$ERR" "unknown subcommand \"revoke\""
run 0 "$LL" key --help
expect_contains "$OUT" "Usage: leaseledger key rotate --new FILE"
[[ $(sql -c "SELECT count(*) FROM ledger.log_doc WHERE kind = 'key'") == 2 ]] ||
    fail "a refused rotation appended entries"
verify_ok --vkey "$VK_A" --vkey "$VK_B" # gamma was only ever signed by the new key

# A checkpoint signed by the old key over a tree that holds the rotation (what a thief of
# the old key could make), put in place of the genuine one by a superuser.
row=$(sql -c "SELECT size || ' ' || encode(root, 'base64') FROM ledger.checkpoint c JOIN
              ledger.tenant t USING (tenant_id) WHERE t.tenant = 'anthropic' AND size = 122")
printf 'test-operator/anthropic\n%s\n%s\n' "${row%% *}" "${row#* }" >"$TMP/forged.txt"
tail -n +2 "$TMP/a" >"$TMP/a.pem"
chmod 600 "$TMP/a.pem"
openssl pkeyutl -sign -inkey "$TMP/a.pem" -rawin -in "$TMP/forged.txt" -out "$TMP/forged.sig"
sigfield=$({ printf '%b' "\\x${ID_A:0:2}\\x${ID_A:2:2}\\x${ID_A:4:2}\\x${ID_A:6:2}"
    cat "$TMP/forged.sig"; } | base64 -w0)
{ cat "$TMP/forged.txt"; printf '\n\xe2\x80\x94 test-operator %s\n' "$sigfield"; } >"$TMP/forged.note"
sql -c "SELECT note FROM ledger.checkpoint WHERE size = 122" >"$TMP/genuine.note"
sql -v note="$(cat "$TMP/forged.note")" -v id=$((16#$ID_A)) <<'EOF'
ALTER TABLE ledger.checkpoint DISABLE TRIGGER checkpoint_append_only;
UPDATE ledger.checkpoint SET note = :'note' || E'\n', key_id = :id WHERE size = 122;
EOF
for keys in "" "--tenant anthropic --vkey $VK_A" "--vkey $VK_A --vkey $VK_B"; do
    # shellcheck disable=SC2086 # word splitting wanted
    verify_fails $keys "FAIL tenant anthropic: checkpoint at size 122: signature does not verify: signed by key \"test-operator\" (id $ID_A), which was rotated out at seq 81, inside this tree"
done
sql -v note="$(cat "$TMP/genuine.note")" -v id=$((16#$ID_B)) <<'EOF'
UPDATE ledger.checkpoint SET note = :'note' || E'\n', key_id = :id WHERE size = 122;
EOF
verify_ok --tenant anthropic --vkey "$VK_A"

# An old-key checkpoint whose tree predates the rotation but is stored as signed after it.
sql -c "UPDATE ledger.checkpoint SET signed_at = '$effective'::timestamptz + interval '1 day'
        WHERE size = 81"
verify_fails "FAIL tenant anthropic: checkpoint at size 81: signature does not verify: signed at $(date -ud "@$((eff_epoch + 86400))" +%Y-%m-%dT%H:%M:%SZ) by key \"test-operator\" (id $ID_A), which was rotated out at seq 81 effective $effective"
sql -c "UPDATE ledger.checkpoint SET signed_at = '$effective'::timestamptz - interval '1 second'
        WHERE size = 81"
verify_ok
sql -c "ALTER TABLE ledger.checkpoint ENABLE TRIGGER checkpoint_append_only"

# The rotation entry itself altered: named at its seq, and no longer trusted.
sql -v vk="$VK_D" <<'EOF'
ALTER TABLE ledger.log_doc DISABLE TRIGGER log_doc_append_only;
UPDATE ledger.log_doc SET body = convert_to(jsonb_set(convert_from(body, 'UTF8')::jsonb,
    '{data,new}', to_jsonb(:'vk'::text))::text, 'UTF8') WHERE kind = 'key' AND seq = 81;
EOF
verify_fails --tenant anthropic --vkey "$VK_A" "FAIL tenant anthropic seq 81: entry does not match" \
    "FAIL tenant anthropic seq 81: key rotation refused"

# --- (d) no key material anywhere -----------------------------------------------------
for k in a b c d; do
    # the PEM body lines, and the 32-byte seed (the end of the PKCS#8 DER) in base64 and hex
    {
        grep -v -e '^-----' -e '^leaseledger-key-name:' "$TMP/$k"
        tail -n +2 "$TMP/$k" | openssl pkey -outform DER | tail -c 32 | base64
        tail -n +2 "$TMP/$k" | openssl pkey -outform DER | tail -c 32 | od -An -tx1 |
            tr -d ' \n'
        echo
    } >>"$TMP/secrets"
done
[[ $(wc -l <"$TMP/secrets") -ge 12 ]] || fail "could not extract the key material"
[[ $(wc -c <"$ALL") -gt 5000 ]] || fail "too little output collected ($(wc -c <"$ALL") bytes)"
if grep -F -f "$TMP/secrets" "$ALL"; then
    fail "private key material appears in the program's output (above)"
fi
pg_dump --data-only --no-owner "$DB" >"$TMP/dump.sql" || fail "pg_dump failed"
if grep -F -f "$TMP/secrets" "$TMP/dump.sql"; then
    fail "private key material appears in the database (above)"
fi

echo "PASS: $TEST_NAME"
