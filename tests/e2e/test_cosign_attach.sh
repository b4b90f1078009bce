#!/usr/bin/env bash
# Countersigned checkpoints, the operator's side (issue 11; SECURITY.md "Witness keys and
# cosignatures"):
#  (a) keygen --witness prints a C2SP cosignature/v1 key (type 0x04); key witness add
#      registers it as a log entry of kind "witness" (once: again changes nothing);
#  (b) the tenant's `leaseledger-verify cosign` line (the monitor ran over what `publish`
#      wrote, then the line was signed) is attached by `checkpoint cosign`,
#      once (again: already attached), and `verify` lists it;
#  (c) attach refuses, storing nothing: a cosignature over another checkpoint, a note
#      whose body is not the stored checkpoint, a key not registered for the tenant (or
#      registered for another tenant), a bad signature, an operator's signature line,
#      a timestamp far in the future (signed by hand with openssl);
#  (d) verify --require-cosigned fails while the latest checkpoint carries no
#      cosignature and passes once it does; a stored row whose line was altered by a
#      superuser is named by verify;
#  (e) the table is append-only and the reader cannot write it; audit.cosignatures shows
#      an audit login its own tenant's rows only.
source "$(dirname "$0")/lib.sh"

LV="$LDG_BIN/leaseledger-verify"
CASES="$LDG_SRC/tests/cases/ledger"
command -v openssl >/dev/null || fail "openssl not found (install openssl)"

fresh_db cosign_attach
make_key
VK=$VERIFIER_KEY
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
jq '.tenant = "beta" | .tenant_name = "Beta" | .contract = "C2-BETA" |
    .invoice_series = "C2"' "$CASES/contract-C1-ANTH.json" >"$TMP/beta.json"
expect_exit 0 "$LL" contract load "$TMP/beta.json"
expect_exit 0 "$LL" ingest -q "$CASES/usage-good.csv"
expect_exit 0 "$LL" seal

# --- (a) witness keys ----------------------------------------------------------------
expect_exit 0 "$LL" keygen --witness witness.example/anthropic --out "$TMP/w"
WK=$(tail -n 1 "$OUT")
[[ $WK == witness.example/anthropic+*+B* ]] || fail "keygen --witness printed \"$WK\""
[[ $(stat -c %a "$TMP/w") == 600 ]] || fail "witness key mode $(stat -c %a "$TMP/w")"
expect_exit 0 "$LL" keygen --witness witness.example/stranger --out "$TMP/x"
XK=$(tail -n 1 "$OUT")
expect_exit 64 "$LL" keygen --witness a --name b --out "$TMP/y"
# an operator key is not a witness key
expect_exit 65 "$LL" key witness add --tenant anthropic "$VK"
expect_contains "$ERR" "is not 0x04"
expect_exit 64 "$LL" key witness add "$WK"
expect_exit 1 "$LL" key witness add --tenant nobody "$WK"
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_contains "$OUT" "registered for tenant anthropic at seq"
expect_exit 0 "$LL" key witness add --tenant anthropic "$WK"
expect_contains "$OUT" "already registered"
expect_exit 0 "$LL" key witness add --tenant beta "$XK"
[[ $(sql -c "SELECT count(*) FROM ledger.log_doc WHERE kind = 'witness'") == 2 ]] ||
    fail "expected two witness entries"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" verify --vkey "$VK"

# --- (b) cosign and attach -----------------------------------------------------------
expect_exit 0 "$LL" checkpoint --tenant anthropic
cp "$OUT" "$TMP/cp1"
SIZE1=$(sed -n 2p "$TMP/cp1")
# the tenant monitors what the operator published, and cosigns only then
expect_exit 0 "$LL" publish -q --out "$TMP/pub"
expect_exit 0 "$LV" cosign "$TMP/pub/anthropic" --vkey "$VK" --key "$TMP/w" \
    --state "$TMP/state"
cp "$OUT" "$TMP/line1"
expect_contains "$ERR" "COSIGNED: tree size $SIZE1"
[[ $(wc -l <"$TMP/line1") == 1 ]] || fail "cosign printed more than one line"
expect_contains "$TMP/line1" "— witness.example/anthropic "
expect_exit 1 "$LL" verify --vkey "$VK" --require-cosigned
expect_contains "$OUT" "FAIL tenant anthropic: the latest checkpoint (size $SIZE1) carries no cosignature"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/line1"
expect_contains "$OUT" "attached to the checkpoint of tree size $SIZE1"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/line1"
expect_contains "$OUT" "was already attached"
expect_exit 0 "$LL" verify --vkey "$VK"
expect_contains "$OUT" "cosigned tenant anthropic size $SIZE1: by \"witness.example/anthropic\""
expect_exit 0 "$LL" verify --vkey "$VK" --format json
[[ $(jq -r '.cosignatures[0].witness' "$OUT") == witness.example/anthropic ]] ||
    fail "verify --format json does not list the cosignature"
# beta has a witness key but no cosignature: --require-cosigned names it, for one tenant
expect_exit 1 "$LL" verify --vkey "$VK" --require-cosigned
expect_contains "$OUT" "FAIL tenant beta: the latest checkpoint"
expect_not_contains "$OUT" "FAIL tenant anthropic"
expect_exit 0 "$LL" verify --vkey "$VK" --require-cosigned --tenant anthropic

# --- (c) refusals ----------------------------------------------------------------------
ROWS=$(sql -c "SELECT count(*) FROM ledger.checkpoint_cosig")
nothing_stored()
{
    [[ $(sql -c "SELECT count(*) FROM ledger.checkpoint_cosig") == "$ROWS" ]] ||
        fail "a refused cosignature was stored"
}
# a newer checkpoint: the old line does not verify over it
expect_exit 0 "$LL" ingest -q "$CASES/usage-reordered.csv"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" checkpoint --tenant anthropic
cp "$OUT" "$TMP/cp2"
SIZE2=$(sed -n 2p "$TMP/cp2")
[[ $SIZE2 -gt $SIZE1 ]] || fail "the log did not grow"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/line1"
expect_contains "$ERR" "does not verify"
expect_contains "$ERR" "checkpoint of size $SIZE2"
nothing_stored
# the same line named for its own checkpoint is fine (already there)
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic --size "$SIZE1" "$TMP/line1"
expect_exit 1 "$LL" checkpoint cosign --tenant anthropic --size 999999 "$TMP/line1"
expect_contains "$ERR" "no signed checkpoint of tree size 999999"
# a note whose body is not the stored checkpoint's
{ sed -n 1p "$TMP/cp2"; echo "$SIZE2"; echo "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    echo; sed -n '/^—/p' "$TMP/cp2"; cat "$TMP/line1"; } >"$TMP/forged-note"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/forged-note"
expect_contains "$ERR" "is not tenant \"anthropic\"'s stored checkpoint of tree size $SIZE2"
nothing_stored
# a key not registered for this tenant (registered for beta)
expect_exit 0 "$LL" publish -q --out "$TMP/pub"
expect_exit 0 "$LV" cosign "$TMP/pub/anthropic" --vkey "$VK" --key "$TMP/x" \
    --state "$TMP/xstate"
cp "$OUT" "$TMP/xline"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/xline"
expect_contains "$ERR" "which is not a witness key of tenant \"anthropic\""
nothing_stored
# a bad signature: one base64 character of the signature changed
expect_exit 0 "$LV" cosign "$TMP/pub/anthropic" --vkey "$VK" --key "$TMP/w" \
    --state "$TMP/state"
cp "$OUT" "$TMP/line2"
expect_contains "$ERR" "COSIGNED: tree size $SIZE2 (monitored from $SIZE1)"
perl -pe 's/(.{80})(.)/$1 . ($2 eq "A" ? "B" : "A")/e' "$TMP/line2" >"$TMP/badsig"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/badsig"
expect_contains "$ERR" "does not verify"
nothing_stored
# an operator's signature line is no cosignature
sed -n '/^—/p' "$TMP/cp2" >"$TMP/opline"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/opline"
expect_contains "$ERR" "line 1 is not a C2SP cosignature/v1 line"
nothing_stored
# handsign T OUT: a cosignature of $TMP/cp2 at time T, made by hand with openssl (not our
# code) and the witness key, as the line OUT
tail -n +2 "$TMP/w" >"$TMP/w.pem"
WID=${WK#*+}
WID=${WID%%+*}
handsign()
{
    { printf 'cosignature/v1\ntime %s\n' "$1"; awk '/^$/ { exit } { print }' "$TMP/cp2"; } \
        >"$TMP/msg"
    openssl pkeyutl -sign -rawin -inkey "$TMP/w.pem" -in "$TMP/msg" >"$TMP/sig"
    { printf '%s' "$WID" | xxd -r -p; printf '%016x' "$1" | xxd -r -p; cat "$TMP/sig"; } |
        base64 -w0 >"$TMP/b64"
    printf '— witness.example/anthropic %s\n' "$(cat "$TMP/b64")" >"$2"
}
# a timestamp a day ahead, and one an hour before the checkpoint was signed
handsign $(($(date +%s) + 86400)) "$TMP/future"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/future"
expect_contains "$ERR" "not between the checkpoint's signing"
nothing_stored
SIGNED=$(sql -c "SELECT floor(extract(epoch FROM c.signed_at))::bigint FROM ledger.checkpoint c
                 JOIN ledger.tenant t USING (tenant_id)
                 WHERE t.tenant = 'anthropic' AND c.size = $SIZE2")
handsign $((SIGNED - 3600)) "$TMP/past"
expect_exit 65 "$LL" checkpoint cosign --tenant anthropic "$TMP/past"
expect_contains "$ERR" "not between the checkpoint's signing"
nothing_stored
# the same hand-made construction at the current time is accepted: the format is C2SP's
handsign "$(date +%s)" "$TMP/byhand"
# the note form: the checkpoint with the cosignature appended
cat "$TMP/cp2" "$TMP/byhand" >"$TMP/note-form"
expect_exit 0 "$LL" checkpoint cosign --tenant anthropic "$TMP/note-form"
expect_contains "$OUT" "attached to the checkpoint of tree size $SIZE2"

# --- (d) verify --------------------------------------------------------------------------
expect_exit 0 "$LL" verify --vkey "$VK" --require-cosigned --tenant anthropic
expect_contains "$OUT" "cosigned tenant anthropic size $SIZE2"
# a superuser rewrites a stored line (bypassing the trigger): verify names it
sql -c "ALTER TABLE ledger.checkpoint_cosig DISABLE TRIGGER checkpoint_cosig_append_only;
    UPDATE ledger.checkpoint_cosig SET line = replace(line, substr(line, 60, 4), 'AAAA')
     WHERE size = $SIZE1;
    ALTER TABLE ledger.checkpoint_cosig ENABLE TRIGGER checkpoint_cosig_append_only;" >/dev/null
expect_exit 1 "$LL" verify --vkey "$VK" --tenant anthropic
expect_contains "$OUT" "FAIL tenant anthropic: cosignature of the checkpoint at size $SIZE1"

# --- (e) privileges ------------------------------------------------------------------------
expect_exit 0 sql -c "SET ROLE ldg_writer; SELECT count(*) FROM ledger.checkpoint_cosig"
if sql -c "SET ROLE ldg_writer; DELETE FROM ledger.checkpoint_cosig" >/dev/null 2>&1; then
    fail "the writer could delete a cosignature"
fi
if sql -c "SET ROLE ldg_reader; INSERT INTO ledger.checkpoint_cosig
    SELECT * FROM ledger.checkpoint_cosig LIMIT 1" >/dev/null 2>&1; then
    fail "the reader could insert a cosignature"
fi
# an auditor bound to beta sees no anthropic cosignature; one bound to anthropic sees them
LOGIN_A="cosign_aud_a_$$"
LOGIN_B="cosign_aud_b_$$"
at_exit "sql -c 'DROP OWNED BY $LOGIN_A, $LOGIN_B; DROP ROLE IF EXISTS $LOGIN_A, $LOGIN_B' >/dev/null 2>&1"
sql -c "SELECT ledger.audit_login_grant('$LOGIN_A', 'anthropic'),
               ledger.audit_login_grant('$LOGIN_B', 'beta')" >/dev/null
[[ $(PGUSER=$LOGIN_A sql -c "SELECT count(*) FROM audit.cosignatures") == \
    "$(sql -c "SELECT count(*) FROM ledger.checkpoint_cosig")" ]] ||
    fail "the anthropic auditor does not see its cosignatures"
[[ $(PGUSER=$LOGIN_B sql -c "SELECT count(*) FROM audit.cosignatures") == 0 ]] ||
    fail "the beta auditor sees anthropic's cosignatures"
if PGUSER=$LOGIN_A sql -c "SELECT count(*) FROM ledger.checkpoint_cosig" >/dev/null 2>&1; then
    fail "an auditor reads the ledger table"
fi
echo "PASS: $TEST_NAME"
