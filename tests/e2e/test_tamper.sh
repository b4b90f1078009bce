#!/usr/bin/env bash
# The log is append-only twice over (DESIGN.md "The signed log"): PostgreSQL refuses
# UPDATE, DELETE and TRUNCATE on the log tables (the writer role lacks the privilege; the
# triggers refuse even a superuser), and when a superuser gets round both, `verify`
# finds the edit and names the tenant and seq. Each scenario starts from a fresh,
# sealed, verified log of 601 entries: the contract (seq 0) and 600 usage records
# (seq 1..600), so that level-0 tiles 0 and 1 are full and tile 2 is partial (89).
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
USAGE="$TMP/usage.csv"
awk -v n=600 -v pods=10 -f "$CASES/gen_usage.awk" >"$USAGE"

make_key
VK1=$VERIFIER_KEY
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/key2"
VK2=$(tail -n 1 "$OUT")
[[ "$VK2" == test-operator+* && "$VK2" != "$VK1" ]] || fail "second keygen printed \"$VK2\""

# ledger NAME [USAGE_FILE] [KEY_FILE]: a fresh database with the site, the contract and
# the usage, sealed with KEY_FILE (default the first key) and verified clean.
ledger()
{
    fresh_db "$1"
    expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
    expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
    expect_contains "$OUT" "(log seq 0)"
    expect_exit 0 "$LL" ingest -q "${2:-$USAGE}"
    expect_contains "$OUT" "600 records: 600 accepted, 0 duplicates, 0 rejected"
    expect_exit 0 "$LL" seal --key "${3:-$TMP/key}"
    expect_contains "$OUT" "sealed anthropic: 0 -> 601 entries"
    verify_ok
}

verify_ok()
{
    expect_exit 0 "$LL" verify -q "$@"
    expect_contains "$OUT" "OK: 1 tenant, 601 entries"
    expect_contains "$OUT" ", 0 problems"
}

# verify_fails TEXT...: verify exits 1, says FAILED, and its output holds every TEXT.
verify_fails()
{
    local t
    expect_exit 1 "$LL" verify -q
    expect_contains "$OUT" "FAILED: 1 tenant"
    for t in "$@"; do
        expect_contains "$OUT" "$t"
    done
}

# psql_fails SQL TEXT: the statement fails and psql's error holds TEXT.
psql_fails()
{
    local rc=0
    sql -c "$1" >"$OUT" 2>"$ERR" || rc=$?
    ((rc != 0)) || fail "the database accepted: $1"
    expect_contains "$ERR" "$2"
}

row()
{
    sql -c "SELECT qty_micros, event_id FROM ledger.usage WHERE seq = $1"
}

LEAF="entry does not match the leaf hash logged for it"

# --- (a) the database refuses changes ------------------------------------------------
ledger refuse
psql_fails "SET ROLE ldg_writer; UPDATE ledger.usage SET qty_micros = 1 WHERE seq = 300" \
    "permission denied for table usage"
psql_fails "SET ROLE ldg_writer; DELETE FROM ledger.usage WHERE seq = 600" \
    "permission denied for table usage"
psql_fails "SET ROLE ldg_writer; TRUNCATE ledger.usage" "permission denied for table usage"
psql_fails "SET ROLE ldg_writer; UPDATE ledger.log_doc SET kind = 'x'" \
    "permission denied for table log_doc"
psql_fails "SET ROLE ldg_writer; DELETE FROM ledger.log_tile" \
    "permission denied for table log_tile"
psql_fails "SET ROLE ldg_writer; UPDATE ledger.checkpoint SET note = ''" \
    "permission denied for table checkpoint"
psql_fails "SET ROLE ldg_writer; TRUNCATE ledger.checkpoint" \
    "permission denied for table checkpoint"
# A superuser is stopped by the triggers.
psql_fails "UPDATE ledger.usage SET qty_micros = 1 WHERE seq = 300" \
    'ledger table "usage" is append-only: UPDATE refused'
psql_fails "DELETE FROM ledger.usage WHERE seq = 600" \
    'ledger table "usage" is append-only: DELETE refused'
psql_fails "TRUNCATE ledger.usage" 'ledger table "usage" is append-only: TRUNCATE refused'
psql_fails "UPDATE ledger.log_doc SET kind = 'x'" \
    'ledger table "log_doc" is append-only: UPDATE refused'
psql_fails "DELETE FROM ledger.log_tile" 'ledger table "log_tile" is append-only: DELETE refused'
psql_fails "TRUNCATE ledger.checkpoint" \
    'ledger table "checkpoint" is append-only: TRUNCATE refused'
[[ $(sql -c "SELECT count(*), sum(qty_micros) FROM ledger.usage") == "600|$(awk -F, 'NR > 1 {
    split($8, q, "."); s += q[1] * 1000000 + q[2] } END { printf "%.0f", s }' "$USAGE")" ]] ||
    fail "usage changed although every change was refused"
verify_ok
verify_ok --vkey "$VK1"
verify_ok --key "$TMP/key"
expect_exit 1 "$LL" verify -q --vkey "$VK2"
expect_contains "$OUT" "FAIL tenant anthropic: checkpoint at size 601: signature does not verify"
expect_exit 1 "$LL" verify -q --key "$TMP/key2"
expect_contains "$OUT" "FAIL tenant anthropic: checkpoint at size 601: signature does not verify"

# --- (b) a superuser disables the trigger and edits one quantity; then restores it ----
sql -c "ALTER TABLE ledger.usage DISABLE TRIGGER usage_append_only"
orig=$(row 300)
sql -c "UPDATE ledger.usage SET qty_micros = qty_micros + 1 WHERE seq = 300"
verify_fails "FAIL tenant anthropic seq 300: $LEAF"
expect_not_contains "$OUT" "seq 299:"
expect_not_contains "$OUT" "seq 301:"
expect_exit 1 "$LL" verify -q --format json
expect_contains "$OUT" '"seq": 300'
expect_contains "$OUT" '"ok": false'
sql -c "UPDATE ledger.usage SET qty_micros = qty_micros - 1 WHERE seq = 300"
[[ $(row 300) == "$orig" ]] || fail "seq 300 not restored"
verify_ok

# The writer role may update the derived hourly rollups (ingest adds to them), so verify
# recomputes them from the log: a doubled rollup, which billing would rate from, is caught.
sql -c "SET ROLE ldg_writer; UPDATE ledger.usage_hourly SET qty_micros = qty_micros * 2
        WHERE hour = (SELECT min(hour) FROM ledger.usage_hourly)"
verify_fails "hourly rollup at 2026-11-10T00:00:00Z"
sql -c "SET ROLE ldg_writer; UPDATE ledger.usage_hourly SET qty_micros = qty_micros / 2
        WHERE hour = (SELECT min(hour) FROM ledger.usage_hourly)"
verify_ok

# --- (c) swap the quantities of two rows in different tiles, then the event_ids of two
# neighbours in one tile: both seqs are named each time ------------------------------
sql -c "UPDATE ledger.usage u SET qty_micros = o.qty_micros FROM ledger.usage o
        WHERE (u.seq, o.seq) IN ((10, 500), (500, 10))"
[[ $(row 10 | cut -d'|' -f1) == 1014000499 && $(row 500 | cut -d'|' -f1) == 1009000009 ]] ||
    fail "quantities of seq 10 and 500 were not swapped: $(row 10) $(row 500)"
verify_fails "FAIL tenant anthropic seq 10: $LEAF" "FAIL tenant anthropic seq 500: $LEAF"
sql -c "UPDATE ledger.usage u SET qty_micros = o.qty_micros FROM ledger.usage o
        WHERE (u.seq, o.seq) IN ((10, 500), (500, 10))"
verify_ok
swap_event_ids()
{
    sql -v a="$1" -v b="$2" <<'EOF'
BEGIN;
CREATE TEMP TABLE swap AS SELECT seq, event_id FROM ledger.usage WHERE seq IN (:a, :b);
UPDATE ledger.usage SET event_id = 'swap-in-progress' WHERE seq = :a;
UPDATE ledger.usage SET event_id = (SELECT event_id FROM swap WHERE seq = :a) WHERE seq = :b;
UPDATE ledger.usage SET event_id = (SELECT event_id FROM swap WHERE seq = :b) WHERE seq = :a;
COMMIT;
EOF
}
swap_event_ids 20 21
[[ $(row 20 | cut -d'|' -f2) == pod-0001/2026-11-10T02:00:00Z ]] ||
    fail "event_ids of seq 20 and 21 were not swapped: $(row 20)"
verify_fails "FAIL tenant anthropic seq 20: $LEAF" "FAIL tenant anthropic seq 21: $LEAF"
swap_event_ids 20 21
verify_ok
sql -c "ALTER TABLE ledger.usage ENABLE TRIGGER usage_append_only"

# --- (d) the newest rows are removed after the seal: truncation -----------------------
ledger truncate
sql -c "ALTER TABLE ledger.usage DISABLE TRIGGER usage_append_only;
        DELETE FROM ledger.usage WHERE seq >= 598"
verify_fails "FAIL tenant anthropic seq 598: the log has 598 entries but recorded 601: the log was truncated (entries removed)" \
    "FAIL tenant anthropic: checkpoint at size 601 but the log has 598 entries: the log was truncated (entries removed)"
# ... even when the head is lowered to match
sql -c "UPDATE ledger.log_head SET size = 598"
verify_fails "FAIL tenant anthropic: checkpoint at size 601 but the log has 598 entries: the log was truncated (entries removed)" \
    "FAIL tenant anthropic seq 598: tile 0/2 holds 89 hashes but the log has entries for 86: the log was truncated (entries removed)"

# ... and a row from the middle: the gap is named
ledger gap
sql -c "ALTER TABLE ledger.usage DISABLE TRIGGER usage_append_only;
        DELETE FROM ledger.usage WHERE seq IN (100, 101)"
verify_fails "FAIL tenant anthropic seq 100: entries 100..101 are missing from the log (removed)"

# --- a stored leaf hash in a tile is edited (the records are intact) ------------------
ledger tile
sql -c "ALTER TABLE ledger.log_tile DISABLE TRIGGER log_tile_append_only;
        UPDATE ledger.log_tile SET hashes = set_byte(hashes, 32, get_byte(hashes, 32) # 1)
        WHERE level = 0 AND idx = 1"
verify_fails "FAIL tenant anthropic seq 257: "
expect_not_contains "$OUT" "seq 256:"
expect_not_contains "$OUT" "seq 258:"

# --- (e) the contract entry's body is edited in ledger.log_doc ------------------------
ledger contract
sql -c "ALTER TABLE ledger.log_doc DISABLE TRIGGER log_doc_append_only;
        UPDATE ledger.log_doc SET body = convert_to(replace(convert_from(body, 'UTF8'),
            '\"rate\":\"1.850000\"', '\"rate\":\"1.750000\"'), 'UTF8') WHERE seq = 0"
[[ $(sql -c "SELECT position('\"rate\":\"1.750000\"' in convert_from(body, 'UTF8')) > 0
             FROM ledger.log_doc WHERE seq = 0") == t ]] || fail "the contract was not edited"
verify_fails "FAIL tenant anthropic seq 0: $LEAF"
expect_not_contains "$OUT" "seq 1:"

# --- (f) forged checkpoints ---------------------------------------------------------
# The note's root is changed (the row keeps the true one): the signature breaks.
ledger note
sql -c "ALTER TABLE ledger.checkpoint DISABLE TRIGGER checkpoint_append_only;
        UPDATE ledger.checkpoint SET note = regexp_replace(note, '\n[A-Za-z0-9+/]{43}=\n',
            E'\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n')"
sql -c "SELECT note FROM ledger.checkpoint" >"$TMP/note"
expect_contains "$TMP/note" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
expect_contains "$TMP/note" "test-operator/anthropic"
verify_fails "FAIL tenant anthropic: checkpoint at size 601: signature does not verify"

# A whole consistent forgery: seq 300 carries another quantity, and the tiles and the
# checkpoint are those of a log built honestly from the forged records, signed by another
# key of the same name. Only the signature can tell; the keys recorded in the database
# and an independent --vkey both refuse it, the forger's key accepts it.
awk -F, -v OFS=, 'NR == 301 { $8 = "1.000000" } 1' "$USAGE" >"$TMP/forged.csv"
[[ $(diff "$USAGE" "$TMP/forged.csv" | grep -c '^[<>]') == 2 ]] || fail "forged.csv is wrong"
ledger forger "$TMP/forged.csv" "$TMP/key2"
forger=$DB
ledger victim
victim=$DB
copy()
{
    sql -d "$forger" -c "COPY (SELECT * FROM ledger.$1 $2) TO STDOUT" |
        sql -d "$victim" -c "COPY ledger.$1 FROM STDIN"
}
sql -d "$victim" -c "ALTER TABLE ledger.usage DISABLE TRIGGER usage_append_only;
    ALTER TABLE ledger.log_tile DISABLE TRIGGER log_tile_append_only;
    ALTER TABLE ledger.checkpoint DISABLE TRIGGER checkpoint_append_only;
    DELETE FROM ledger.usage WHERE seq = 300; DELETE FROM ledger.log_tile;
    DELETE FROM ledger.checkpoint; DELETE FROM ledger.usage_hourly"
copy usage "WHERE seq = 300"
copy usage_hourly ""
copy log_tile ""
copy checkpoint ""
[[ $(sql -c "SELECT qty_micros FROM ledger.usage WHERE seq = 300") == 1000000 ]] ||
    fail "the forgery did not land"
verify_fails "FAIL tenant anthropic: checkpoint at size 601: signature does not verify: note has no verifiable signature by a known key"
expect_not_contains "$OUT" "$LEAF"
expect_not_contains "$OUT" "FAIL tenant anthropic: tile"
expect_exit 1 "$LL" verify -q --vkey "$VK1"
expect_contains "$OUT" "FAIL tenant anthropic: checkpoint at size 601: signature does not verify"
verify_ok --vkey "$VK2"

echo "PASS: $TEST_NAME"
