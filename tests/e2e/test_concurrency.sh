#!/usr/bin/env bash
# Concurrency (issue "Reliability and security"): two `nightly` runs, an `ingest` and
# `verify` at the same time, repeatedly. Nothing may hang (deadlock), every command
# must succeed (a serialization failure, exit 75, is retried and counted, a deadlock
# reported by the server is a failure), no record may be logged twice or lost, every
# log must stay gapless, and `verify`, run over and over while the logs grow, must
# never report a problem.
#
# Each of ITERATIONS rounds puts a new file of anthropic's usage in the spool and a new
# file of internal-training's usage beside it, then starts at once: nightly, nightly
# (same spool: one takes the file, the other waits for the lock and finds nothing
# left), ingest of the other file, and a loop of verify that runs until the three are
# done. The last round's nightly runs are as of 2026-12-01T02:00:00Z, so both try to
# issue November's invoices while usage is still arriving.
source "$(dirname "$0")/lib.sh"

ITERATIONS=${LDG_CONCURRENCY_ITERATIONS:-8}
CMD_TIMEOUT=180 # a command still running after this long is taken for a deadlock
GEN=$LDG_BIN/gen_usage
[[ -x "$GEN" ]] || fail "no executable $GEN"

fresh_db concurrency
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/sample/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/sample/contract-internal.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/sample/contract-anthropic.json"

SPOOL=$TMP/spool
mkdir -p "$SPOOL" "$TMP/files" "$TMP/logs"

# Round i's files: anthropic 63 hours from Nov 10 (spool), internal-training 27 hours
# from Nov 1 (ingest). 48 pods and 2 halls each: about 3,200 and 1,300 records.
make_files()
{
    local i=$1 a_start i_start
    a_start=$(date -u -d "2026-11-10T00:00:00Z + $((i * 63)) hours" +%Y-%m-%dT%H:%M:%SZ)
    i_start=$(date -u -d "2026-11-01T00:00:00Z + $((i * 27)) hours" +%Y-%m-%dT%H:%M:%SZ)
    "$GEN" --tenant anthropic --meters 48 --energy-meters 2 --hours 63 --start "$a_start" \
        --downtime-every 97 --seed $((100 + i)) >"$TMP/files/anthropic-$i.csv"
    "$GEN" --tenant internal-training --meters 48 --energy-meters 2 --hours 27 \
        --start "$i_start" --downtime-every 97 --seed $((200 + i)) --format ndjson \
        >"$TMP/files/internal-$i.ndjson"
}

retries=0
verifies=0
waits=0

# run NAME CMD...: runs CMD to its end, again while it exits 75 (run again), with a
# timeout; stdout and stderr in $TMP/logs/NAME.*; its final status in $TMP/logs/NAME.rc.
run()
{
    local name=$1 rc attempt
    shift
    for ((attempt = 1; attempt <= 5; attempt++)); do
        rc=0
        timeout -k 5 $CMD_TIMEOUT "$@" >"$TMP/logs/$name.out" 2>"$TMP/logs/$name.err" || rc=$?
        ((rc == 75)) || break
        echo retry >>"$TMP/logs/retries"
    done
    echo "$rc" >"$TMP/logs/$name.rc"
}

# verify_loop: verify again and again until $TMP/logs/stop exists; each run must find
# no problem. Its count in $TMP/logs/verify.count, a failure in $TMP/logs/verify.fail.
verify_loop()
{
    local n=0 rc
    while [[ ! -e "$TMP/logs/stop" ]]; do
        rc=0
        timeout -k 5 $CMD_TIMEOUT "$LL" verify -q --vkey "$VERIFIER_KEY" \
            >"$TMP/logs/verify.out" 2>&1 || rc=$?
        n=$((n + 1))
        if ((rc != 0)) || ! grep -q " 0 problems" "$TMP/logs/verify.out"; then
            { echo "verify run $n exited $rc:"; cat "$TMP/logs/verify.out"; } >"$TMP/logs/verify.fail"
            break
        fi
    done
    echo "$n" >"$TMP/logs/verify.count"
}

start=$SECONDS
for ((i = 0; i < ITERATIONS; i++)); do
    make_files "$i"
    as_of=2026-11-20T00:00:00Z
    ((i < ITERATIONS - 1)) || as_of=2026-12-01T02:00:00Z
    cp "$TMP/files/anthropic-$i.csv" "$SPOOL/.anthropic-$i.csv"
    mv "$SPOOL/.anthropic-$i.csv" "$SPOOL/anthropic-$i.csv" # the spool protocol
    rm -f "$TMP/logs/stop" "$TMP/logs/verify.fail"

    verify_loop &
    vpid=$!
    run nightly1 "$LL" nightly --spool "$SPOOL" --as-of "$as_of" &
    p1=$!
    run nightly2 "$LL" nightly --spool "$SPOOL" --as-of "$as_of" &
    p2=$!
    run ingest "$LL" ingest -q --chunk 200 "$TMP/files/internal-$i.ndjson" &
    p3=$!
    wait "$p1" "$p2" "$p3"
    touch "$TMP/logs/stop"
    wait "$vpid"

    for name in nightly1 nightly2 ingest; do
        rc=$(cat "$TMP/logs/$name.rc")
        if ((rc != 0)); then
            for n in nightly1 nightly2 ingest; do # the others' too: a race needs both sides
                echo "--- $n exited $(cat "$TMP/logs/$n.rc"); stdout:"
                cat "$TMP/logs/$n.out"
                echo "--- $n stderr:"
                cat "$TMP/logs/$n.err"
            done >&2
            ls -lR --full-time "$SPOOL" >&2
            ((rc != 124 && rc != 137)) || fail "round $i: $name did not end within $CMD_TIMEOUT s (deadlock?)"
            fail "round $i: $name exited $rc"
        fi
        ! grep -qi "deadlock" "$TMP/logs/$name.err" || fail "round $i: $name: $(cat "$TMP/logs/$name.err")"
    done
    [[ ! -e "$TMP/logs/verify.fail" ]] ||
        fail "round $i: verify reported a problem on a growing log: $(cat "$TMP/logs/verify.fail")"
    verifies=$((verifies + $(cat "$TMP/logs/verify.count")))
    waits=$((waits + $(cat "$TMP/logs/nightly1.err" "$TMP/logs/nightly2.err" | grep -c "waiting for it" || true)))
    taken=$(cat "$TMP/logs/nightly1.out" "$TMP/logs/nightly2.out" | grep -c "^ingested anthropic-$i.csv" || true)
    [[ "$taken" == 1 ]] || fail "round $i: the spool file was ingested $taken times"
    echo "round $i: nightly x2, ingest and $(cat "$TMP/logs/verify.count") verify runs ok"
done
[[ -e "$TMP/logs/retries" ]] && retries=$(wc -l <"$TMP/logs/retries")

# Nothing lost, nothing twice: every record of every file is logged exactly once.
want=0
for f in "$TMP"/files/*.csv; do want=$((want + $(wc -l <"$f") - 1)); done
for f in "$TMP"/files/*.ndjson; do want=$((want + $(wc -l <"$f"))); done
[[ $(sql -c "SELECT count(*) FROM ledger.usage") == "$want" ]] ||
    fail "the log holds $(sql -c "SELECT count(*) FROM ledger.usage") usage records, the files $want"
[[ $(sql -c "SELECT count(*) - count(DISTINCT (tenant_id, event_id)) FROM ledger.usage") == 0 ]] ||
    fail "an event is logged twice"

# Every log gapless: its entries' seqs are exactly 0 .. size - 1.
bad=$(sql -c "SELECT t.tenant FROM ledger.log_head h JOIN ledger.tenant t USING (tenant_id)
              WHERE h.size <> (SELECT count(*) FROM (SELECT seq FROM ledger.usage u
                                                     WHERE u.tenant_id = h.tenant_id
                                                     UNION ALL
                                                     SELECT seq FROM ledger.log_doc d
                                                     WHERE d.tenant_id = h.tenant_id) s)
                 OR h.size <> (SELECT count(DISTINCT seq) FROM (SELECT seq FROM ledger.usage u
                                                     WHERE u.tenant_id = h.tenant_id
                                                     UNION ALL
                                                     SELECT seq FROM ledger.log_doc d
                                                     WHERE d.tenant_id = h.tenant_id) s)
                 OR (SELECT max(seq) FROM (SELECT seq FROM ledger.usage u WHERE u.tenant_id = h.tenant_id
                                           UNION ALL SELECT seq FROM ledger.log_doc d
                                           WHERE d.tenant_id = h.tenant_id) s) <> h.size - 1")
[[ -z "$bad" ]] || fail "the log of $bad has gaps or duplicate seqs"

# November billed once per contract, numbers gapless; and once more, alone, the batch
# finds nothing new in the spool and verify is clean.
[[ $(sql -c "SELECT count(*) FROM ledger.invoice WHERE period = '2026-11' AND amends IS NULL") == 2 ]] ||
    fail "November was not invoiced exactly once per contract: $(sql -c "SELECT number FROM ledger.invoice")"
expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of 2026-12-01T02:00:00Z
expect_exit 0 "$LL" invoice list --format csv
tail -n +2 "$OUT" | cut -d, -f1 | awk -F- '{ k = $1 "-" $2; n[k]++; s[k, $3 + 0] = 1 }
    END { for (k in n) for (i = 1; i <= n[k]; i++) if (!((k, i) in s)) { print k "-" i; bad = 1 }
          exit bad }' >"$TMP/gaps" || fail "invoice numbers are not gapless: $(cat "$TMP/gaps")"
expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"
expect_contains "$OUT" " 0 problems"

((waits > 0)) || fail "no nightly run ever waited for the other: they did not overlap"
echo "PASS: $TEST_NAME: $ITERATIONS rounds, $verifies verify runs during writes, $waits nightly" \
    "runs waited for the other, $want records each logged once, $retries retries after exit 75" \
    "($((SECONDS - start)) s)"
