#!/usr/bin/env bash
# Ingest killed with SIGKILL in the middle, then run again, ends in exactly the state a
# clean run reaches (issue "The signed ledger": "a run killed at any instant loses
# nothing that was reported committed and, run again, ends in exactly the state a clean
# run reaches (same entries, same roots)"). 50,000 records in chunks of 1,000; killed at
# three points (early, middle, late), each in a database of its own, and once more in a
# database killed three times in a row; every one must equal the clean run: the same
# usage rows (seq, event_id, quantity ...), the same hourly rollups, the same widest
# tiles, the same checkpoint root, and verify clean.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"
TOTAL=50000
CHUNK=1000
USAGE="$TMP/usage.csv"
awk -v n=$TOTAL -v pods=100 -f "$CASES/gen_usage.awk" >"$USAGE"
[[ $(wc -l <"$USAGE") == $((TOTAL + 1)) ]] || fail "the generator wrote $(wc -l <"$USAGE") lines"
make_key

setup()
{
    fresh_db "$1"
    expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
    expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
}

log_size()
{
    sql -c "SELECT coalesce(sum(size), 0) FROM ledger.log_head"
}

# What must be identical between two runs, one line each.
state()
{
    sql -c "SELECT count(*), md5(string_agg(concat_ws(',', seq, event_id, qty_micros, start_at,
                end_at, meter, kind, class, site_id, corrects), ';' ORDER BY seq))
            FROM ledger.usage"
    sql -c "SELECT count(*), md5(string_agg(concat_ws(',', tenant_id, hour, site_id, kind, class,
                qty_micros, records), ';' ORDER BY tenant_id, hour, site_id, kind, class))
            FROM ledger.usage_hourly"
    sql -c "SELECT count(*), md5(string_agg(concat_ws(',', level, idx, width, encode(hashes, 'hex')),
                ';' ORDER BY level, idx))
            FROM (SELECT DISTINCT ON (level, idx) * FROM ledger.log_tile
                  ORDER BY level, idx, width DESC) t"
    sql -c "SELECT size FROM ledger.log_head"
    "$LL" checkpoint --tenant anthropic | sed -n 2,3p
}

# kill_ingest AT: starts the ingest in the background, waits until the log holds more
# than AT entries, lets it run a few more milliseconds (so the kill lands inside a
# chunk as often as between two), kills it with SIGKILL, and checks that what it left
# is whole chunks: the log size is 1 (the contract) plus a multiple of the chunk, and
# every logged record has its rollup.
kill_ingest()
{
    local at=$1 pid size deadline rc=0
    # The ingest reads a pipe that is fed only the first AT + 3 chunks of records and then
    # held open: it can pass AT but never reach the end, however fast the machine (a file
    # read at full speed was sometimes ingested whole before the kill landed).
    rm -f "$TMP/feed"
    mkfifo "$TMP/feed"
    "$LL" ingest -q --chunk $CHUNK - <"$TMP/feed" >"$TMP/killed.out" 2>"$TMP/killed.err" &
    pid=$!
    exec 9>"$TMP/feed"
    head -n $((at + 3 * CHUNK + 1)) "$USAGE" >&9
    deadline=$((SECONDS + 60))
    while size=$(log_size) && ((size <= at)); do
        kill -0 "$pid" 2>/dev/null || break
        ((SECONDS < deadline)) || { kill -9 "$pid"; fail "ingest did not pass $at entries in 60 s"; }
        sleep 0.01
    done
    sleep "0.0$((RANDOM % 5))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || rc=$? # no "Killed" notice
    exec 9>&-
    ((rc == 137)) || {
        cat "$TMP/killed.out" "$TMP/killed.err" >&2
        fail "the ingest ended (status $rc) before it was killed at $at entries"
    }
    [[ ! -s "$TMP/killed.out" ]] || fail "the killed ingest printed a summary"
    # The killed session may still be finishing on the server; wait until it is gone.
    deadline=$((SECONDS + 30))
    until [[ $(sql -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                        AND pid <> pg_backend_pid() AND backend_type = 'client backend'") == 0 ]]; do
        ((SECONDS < deadline)) || fail "the killed ingest's session did not end"
        sleep 0.05
    done
    size=$(log_size)
    ((size > at && size < TOTAL + 1)) || fail "after the kill the log holds $size entries"
    (((size - 1) % CHUNK == 0)) || fail "after the kill the log holds $size entries: a partial chunk"
    [[ $(sql -c "SELECT count(*) + 1 FROM ledger.usage") == "$size" ]] ||
        fail "after the kill, the usage rows and the log size disagree"
    [[ $(sql -c "SELECT (SELECT coalesce(sum(qty_micros), 0) FROM ledger.usage) =
                        (SELECT coalesce(sum(qty_micros), 0) FROM ledger.usage_hourly)") == t ]] ||
        fail "after the kill, the rollups do not add up to the records"
    KILLED_AT=$size
}

# finish: ingest again to the end; exactly the records not committed before are added.
finish()
{
    local done=$(($1 - 1))
    expect_exit 0 "$LL" ingest -q --chunk $CHUNK "$USAGE"
    expect_contains "$OUT" "$TOTAL records: $((TOTAL - done)) accepted, $done duplicates, 0 rejected"
    expect_exit 0 "$LL" seal
    expect_contains "$OUT" "sealed anthropic: 0 -> $((TOTAL + 1)) entries"
    expect_exit 0 "$LL" verify -q
    expect_contains "$OUT" "OK: 1 tenant, $((TOTAL + 1)) entries"
}

start=$SECONDS

# The clean run.
setup clean
expect_exit 0 "$LL" ingest -q --chunk $CHUNK "$USAGE"
expect_contains "$OUT" "$TOTAL records: $TOTAL accepted, 0 duplicates, 0 rejected"
expect_exit 0 "$LL" seal
expect_exit 0 "$LL" verify -q
state >"$TMP/clean.state"
[[ $(sed -n 1p "$TMP/clean.state") == "$TOTAL|"* && $(sed -n 5p "$TMP/clean.state") == $((TOTAL + 1)) ]] ||
    fail "unexpected clean state: $(cat "$TMP/clean.state")"

# Killed once, at three points.
for at in 3000 24000 44000; do
    setup "killed_$at"
    kill_ingest $at
    echo "killed at $at: $KILLED_AT entries were committed"
    finish "$KILLED_AT"
    state >"$TMP/killed_$at.state"
    diff "$TMP/clean.state" "$TMP/killed_$at.state" >&2 ||
        fail "killed after $at entries and run again, the state differs from the clean run's"
done

# Killed three times in a row, then finished.
setup killed_thrice
for at in 2000 15000 33000; do
    kill_ingest $at
    echo "killed again at $at: $KILLED_AT entries were committed"
done
finish "$KILLED_AT"
state >"$TMP/thrice.state"
diff "$TMP/clean.state" "$TMP/thrice.state" >&2 ||
    fail "killed three times and run again, the state differs from the clean run's"

echo "PASS: $TEST_NAME ($((SECONDS - start)) s)"
