#!/usr/bin/env bash
# Issue 14, F1 and F3 (verify), replayed with the least privilege that could try them:
# the writer role (ldg_batch_login, SET ROLE ldg_writer; no key, no superuser).
#
#  (a) the signing oracle: a level-0 tile row one hash wider than the genuine one, with
#      one genuine leaf replaced, and log_head raised by one. `seal` refuses and signs
#      nothing; `verify --vkey` names the forged row and the seq, not the checkpoint.
#  (b) a leaf with no record behind it (head raised, row widened, nothing else): refused.
#  (c) checkpoint rows the writer inserts are not trusted: one beyond the last seal, and
#      one the writer moved ledger.seal_state to (it may call seal_advance: seal runs as
#      the writer); the writer cannot change seal_state otherwise, nor shrink it.
#  (d) a tile row of a higher level inserted before seal writes it: refused, not kept.
#  (e) F3: a site and a tenant with ids outside the identity (-1) make verify report,
#      exit 1, and not crash (the sanitizer build aborts on an out-of-bounds index).
# Each scenario starts from a fresh log of 601 entries (contract + 600 usage records),
# sealed and verified: level-0 tiles 0 and 1 full, tile 2 partial (89 hashes).
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
USAGE="$TMP/usage.csv"
awk -v n=600 -v pods=10 -f "$CASES/gen_usage.awk" >"$USAGE"
awk -v n=800 -v pods=10 -f "$CASES/gen_usage.awk" >"$TMP/usage800.csv"

make_key

ledger()
{
    fresh_db "$1"
    expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
    expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
    expect_exit 0 "$LL" ingest -q "$USAGE"
    expect_contains "$OUT" "600 records: 600 accepted, 0 duplicates, 0 rejected"
    expect_exit 0 "$LL" seal
    expect_contains "$OUT" "sealed anthropic: 0 -> 601 entries"
    expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"
}

# as_writer SQL: runs SQL as the batch login in the writer role; must succeed.
as_writer()
{
    PGUSER=ldg_batch_login sql -c "SET ROLE ldg_writer; $1" >"$OUT" 2>"$ERR" ||
        fail "the writer was refused: $1: $(cat "$ERR")"
}

# writer_fails SQL TEXT: the writer's SQL fails with TEXT.
writer_fails()
{
    local rc=0
    PGUSER=ldg_batch_login sql -c "SET ROLE ldg_writer; $1" >"$OUT" 2>"$ERR" || rc=$?
    ((rc != 0)) || fail "the writer was allowed: $1"
    expect_contains "$ERR" "$2"
}

# nothing_signed SIZE: the only checkpoints and the seal state end at SIZE.
nothing_signed()
{
    [[ $(sql -c "SELECT max(size) FROM ledger.checkpoint
                 WHERE note NOT LIKE 'forged%'") == "$1" ]] || fail "seal signed past $1"
    [[ $(sql -c "SELECT size FROM ledger.seal_state") == "$1" ]] ||
        fail "seal state moved: $(sql -c "SELECT size FROM ledger.seal_state")"
}

# --- (a) the signing oracle --------------------------------------------------------------
ledger oracle
as_writer "INSERT INTO ledger.log_tile (tenant_id, level, idx, width, hashes)
           SELECT tenant_id, 0, 2, 90,
                  overlay(hashes placing sha256('qty of seq 520, never metered')
                          from 8 * 32 + 1 for 32) || sha256('seq 601')
             FROM ledger.log_tile WHERE level = 0 AND idx = 2 AND width = 89;
           UPDATE ledger.log_head SET size = size + 1"
expect_exit 1 "$LL" seal
expect_contains "$ERR" "seq 601: tile 0/2 holds 90 hashes but the log has entries for 89"
expect_contains "$ERR" "3 problems in the entries to be sealed"
expect_contains "$ERR" "sealing tenant \"anthropic\""
nothing_signed 601
expect_exit 1 "$LL" verify -q --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "FAIL tenant anthropic seq 520: entry does not match the leaf hash logged for it in tile 0/2 (row of width 90"
expect_contains "$OUT" "FAIL tenant anthropic seq 601: tile 0/2 holds 90 hashes but the log has entries for 89"
expect_not_contains "$OUT" "checkpoint at size 601"
expect_not_contains "$OUT" "seq 519:"
expect_not_contains "$OUT" "seq 521:"

# --- (b) a leaf with no record behind it ------------------------------------------------
ledger orphan
as_writer "INSERT INTO ledger.log_tile (tenant_id, level, idx, width, hashes)
           SELECT tenant_id, 0, 2, 90, hashes || sha256('seq 601')
             FROM ledger.log_tile WHERE level = 0 AND idx = 2 AND width = 89;
           UPDATE ledger.log_head SET size = size + 1"
expect_exit 1 "$LL" seal
expect_contains "$ERR" "seq 601: tile 0/2 holds 90 hashes but the log has entries for 89"
nothing_signed 601

# --- (c) checkpoint rows and the seal state -------------------------------------------
ledger checkpoints
writer_fails "UPDATE ledger.seal_state SET size = 1" "permission denied for table seal_state"
writer_fails "DELETE FROM ledger.seal_state" "permission denied for table seal_state"
writer_fails "INSERT INTO ledger.seal_state (tenant_id, size, root) VALUES (1, 1, sha256(''))" \
    "permission denied for table seal_state"
writer_fails "SELECT ledger.seal_advance(1, 601, 600, sha256(''))" "can only grow"
writer_fails "SELECT ledger.seal_advance(1, 0, 700, sha256(''))" "is at size 601, not 0"
# a checkpoint row beyond the last seal: the honest appends that follow are not sealed
# on top of it
as_writer "INSERT INTO ledger.checkpoint (tenant_id, size, root, note, key_name, key_id)
           VALUES (1, 700, sha256('x'), 'forged', 'test-operator', 1)"
expect_exit 0 "$LL" ingest -q "$TMP/usage800.csv"
expect_contains "$OUT" "800 records: 200 accepted, 600 duplicates, 0 rejected"
expect_exit 1 "$LL" seal
expect_contains "$ERR" "a checkpoint at size 700 is stored but seal last signed 601 entries"
nothing_signed 601
# the writer moves the seal state onto its own row (it may: seal runs as the writer)
as_writer "INSERT INTO ledger.checkpoint (tenant_id, size, root, note, key_name, key_id)
           VALUES (1, 650, sha256('y'), 'forged too', 'test-operator', 1);
           SELECT ledger.seal_advance(1, 601, 650, sha256('y'))"
[[ $(sql -c "SELECT size FROM ledger.seal_state") == 650 ]] || fail "seal_advance refused"
expect_exit 1 "$LL" seal
expect_contains "$ERR" "stored checkpoint at size 650 does not verify"
[[ $(sql -c "SELECT count(*) FROM ledger.checkpoint WHERE size > 700") == 0 ]] ||
    fail "seal signed on top of a forged checkpoint"

# --- (d) a higher tile row inserted before seal writes it ------------------------------
ledger tiles
expect_exit 0 "$LL" ingest -q "$TMP/usage800.csv"
# 801 entries: seal will write level-1 tile 0 with 3 hashes (3 full level-0 tiles)
as_writer "INSERT INTO ledger.log_tile (tenant_id, level, idx, width, hashes)
           VALUES (1, 1, 0, 3, sha256('a') || sha256('b') || sha256('c'))"
expect_exit 1 "$LL" seal
expect_contains "$ERR" "stored tile 1/0 (row of width 3) lies beyond the signed tree of 601 entries"
nothing_signed 601

# --- (e) F3: ids outside the identity --------------------------------------------------
ledger ids
# Migration 0006 takes the writer's way in away and adds CHECK (id > 0) (replayed in
# test_redteam_roles.sh); a superuser can still drop the checks, and whatever the rows,
# verify must report and carry on, so they go in as superuser without the checks.
sql -c "ALTER TABLE ledger.site DROP CONSTRAINT site_id_positive;
        ALTER TABLE ledger.tenant DROP CONSTRAINT tenant_id_positive" >/dev/null
sql -c "INSERT INTO ledger.site (site_id, site) OVERRIDING SYSTEM VALUE VALUES (-1, 'evil-site');
        INSERT INTO ledger.tenant (tenant_id, tenant) OVERRIDING SYSTEM VALUE
            VALUES (-1, 'evil-tenant');
        INSERT INTO ledger.log_head (tenant_id) VALUES (-1)" >/dev/null
expect_exit 1 "$LL" verify -q --vkey "$VERIFIER_KEY"
expect_contains "$OUT" "site \"evil-site\" has id -1, outside 1..32767"
expect_contains "$OUT" "FAILED: 2 tenants"
expect_not_contains "$OUT" "FAIL tenant anthropic"
sql -c "INSERT INTO ledger.site (site_id, site) OVERRIDING SYSTEM VALUE VALUES (32767, 'top')" >/dev/null
expect_exit 1 "$LL" verify -q
expect_not_contains "$OUT" "site \"top\""
