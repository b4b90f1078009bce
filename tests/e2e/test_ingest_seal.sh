#!/usr/bin/env bash
# `ingest --seal` (DESIGN.md "Sealing while ingesting"; SECURITY.md F1): the entries are
# proved against their records on a second connection while the file is read, and the
# seal at the end takes that proof only while it still holds.
#
#  (a) the same file through `ingest --seal` and through `ingest` then `seal` gives the
#      same checkpoint note (Ed25519 signs deterministically) and the same tiles, with
#      the proof run ahead (a pipe that pauses half way until it did) and with the file
#      in one chunk; a second file on top (the signed size then ends inside a tile);
#  (b) a forged level-0 row the writer role inserted before the file is found by the
#      proof: nothing is signed, the error names the row, the records stay committed;
#  (c) the same forgery inserted while the file pauses, after the proof of those tiles:
#      the seal sees a row was added since, proves everything again and refuses;
#  (d) usage errors: --key without --seal; --seal without a key (nothing is read).
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
cd "$TMP" || fail "cd $TMP"
awk -v n=12000 -v pods=100 -f "$CASES/gen_usage.awk" >usage.csv
awk -v n=20000 -v pods=100 -f "$CASES/gen_usage.awk" >usage20k.csv
{ head -n 1 usage20k.csv; tail -n +12002 usage20k.csv; } >more.csv # 8,000 new records

make_key

ledger()
{
    fresh_db "$1"
    expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
    expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
}

# log_state: the checkpoint notes and every tile row, one md5 each.
log_state()
{
    sql -c "SELECT md5(string_agg(note, '|' ORDER BY tenant_id, size)) FROM ledger.checkpoint" \
        -c "SELECT md5(string_agg(tenant_id || ':' || level || ':' || idx || ':' || width
                || ':' || encode(hashes, 'hex'), '|' ORDER BY tenant_id, level, idx, width))
              FROM ledger.log_tile"
}

# worker_proved: waits (up to 60 s) until a session of this database has just rolled a
# transaction back: the proving thread's (it reads in transactions it rolls back), so a
# stretch committed before the pause is proved.
worker_proved()
{
    for _ in $(seq 600); do
        [[ $(sql -c "SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND state = 'idle'
                     AND query = 'ROLLBACK'") -ge 1 ]] && return 0
        sleep 0.1
    done
    fail "the proving thread proved nothing in 60 s: $(cat "$OUT" "$ERR")"
}

# ingest_paused FILE: `ingest --seal --chunk 1000 -` of FILE, its first 6,000 records
# first (6 chunks: committed), then nothing until the proving thread has proved a
# stretch and $MEANWHILE (a command) has run, then the rest. Sets rc.
ingest_paused()
{
    rm -f go
    exec 4< <(
        head -n 6001 "$1"
        for _ in $(seq 900); do
            [[ -e go ]] && break
            sleep 0.1
        done
        tail -n +6002 "$1"
    )
    "$LL" ingest --seal --chunk 1000 - <&4 >"$OUT" 2>"$ERR" &
    local pid=$!
    exec 4<&-
    worker_proved
    eval "${MEANWHILE:-:}"
    touch go
    rc=0
    wait "$pid" || rc=$?
}

# proved_at_least N: the summary says at least N entries (whole tiles) were proved while
# reading.
proved_at_least()
{
    local proved
    proved=$(sed -n 's/.*checkpoint signed (\([0-9]*\) entries proved while reading).*/\1/p' \
        "$OUT")
    [[ -n "$proved" ]] || fail "no \"proved while reading\" figure: $(cat "$OUT")"
    ((proved >= $1 && proved % 256 == 0)) ||
        fail "$proved entries proved while reading: expected whole tiles, at least $1"
}

# --- (a) the same checkpoint and tiles ------------------------------------------------------
ledger plain
expect_exit 0 "$LL" ingest -q --chunk 1000 usage.csv
expect_exit 0 "$LL" seal
expect_contains "$OUT" "sealed anthropic: 0 -> 12001 entries"
log_state >plain-1
expect_exit 0 "$LL" ingest -q --chunk 1000 more.csv
expect_exit 0 "$LL" seal
expect_contains "$OUT" "sealed anthropic: 12001 -> 20001 entries"
log_state >plain-2

ledger ahead
ingest_paused usage.csv
((rc == 0)) || fail "ingest --seal exited $rc: $(cat "$OUT" "$ERR")"
expect_contains "$OUT" "12000 records: 12000 accepted"
expect_contains "$OUT" "sealed anthropic: 0 -> 12001 entries"
proved_at_least 1792
log_state >ahead-1
cmp -s plain-1 ahead-1 || fail "ingest --seal signed or wrote otherwise: $(diff plain-1 ahead-1)"
expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"
# on top: the signed size (12,001) ends inside a tile; the proof starts at the next one
ingest_paused more.csv
((rc == 0)) || fail "ingest --seal on top exited $rc: $(cat "$OUT" "$ERR")"
expect_contains "$OUT" "sealed anthropic: 12001 -> 20001 entries"
proved_at_least 1792
log_state >ahead-2
cmp -s plain-2 ahead-2 || fail "ingest --seal on top differs: $(diff plain-2 ahead-2)"
expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"

ledger whole
expect_exit 0 "$LL" ingest --seal --chunk 20000 usage.csv
proved_at_least 0 # as the thread and the end of the file race: none, or the one chunk
log_state >whole-1 # the partial rows differ (chunks end elsewhere): the checkpoint may not
[[ $(head -n 1 plain-1) == $(head -n 1 whole-1) ]] || fail "ingest --seal in one chunk signed otherwise"

# --- (b) and (c) a forged leaf row --------------------------------------------------------
# Tile 0/5 holds seqs 1280..1535; no chunk of 1,000 ends in it, so no genuine row of width
# 10 is ever written there.
FORGE="SET ROLE ldg_writer;
       INSERT INTO ledger.log_tile (tenant_id, level, idx, width, hashes)
       SELECT tenant_id, 0, 5, 10, decode(repeat('ab', 320), 'hex')
         FROM ledger.log_head"

# refused: ingest --seal committed the records, then refused to sign (exit 1, as seal)
refused()
{
    ((rc == 1)) || fail "ingest --seal exited $rc, not 1: $(cat "$OUT" "$ERR")"
    expect_contains "$OUT" "12000 records: 12000 accepted"
    expect_contains "$ERR" "tile 0/5"
    expect_not_contains "$OUT" "checkpoint signed"
    [[ $(sql -c "SELECT count(*) FROM ledger.checkpoint") == 0 ]] ||
        fail "a checkpoint was signed over a forged row"
    [[ $(sql -c "SELECT count(*) FROM ledger.seal_state WHERE size > 0") == 0 ]] ||
        fail "the seal state moved"
    [[ $(sql -c "SELECT size FROM ledger.log_head") == 12001 ]] ||
        fail "the records were not committed"
}

ledger forged_before
PGUSER=ldg_batch_login sql -c "$FORGE" >/dev/null || fail "the writer could not insert"
ingest_paused usage.csv
refused

ledger forged_during
MEANWHILE='PGUSER=ldg_batch_login sql -c "$FORGE" >/dev/null || fail "the writer could not insert"'
ingest_paused usage.csv
refused

# --- (d) usage errors ---------------------------------------------------------------------
expect_exit 64 "$LL" ingest --key "$TMP/key" usage.csv
expect_contains "$ERR" "--key is for --seal"
LEASELEDGER_KEY='' expect_exit 78 "$LL" ingest --seal usage.csv
expect_contains "$ERR" "no signing key"
[[ $(sql -c "SELECT size FROM ledger.log_head") == 12001 ]] ||
    fail "ingest without a key read the file"
