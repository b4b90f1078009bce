#!/usr/bin/env bash
# e2e.billing_lock_race: billing that waits for a tenant's log head while an ingest's
# chunk holds it must see what that chunk committed. The head was locked and the
# checkpoint read in one statement: once the lock came, the head row was the chunk's
# but every other row (the checkpoint, the usage) was read as it was when the statement
# began, so billing found the chunk's usage sealed when it was not, rated it (the hourly
# rollups are read later, fresh) and named a checkpoint that does not cover it: an
# invoice whose evidence bundle does not re-rate to its total. billing.c, SQL_LOCK.
#
# The order is forced, not timed: a session holds the head's lock; the ingest queues
# for it, then the bill; the session commits.
source "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || fail "jq is required (scripts/install-deps installs it)"

AS_OF=2026-12-01T02:00:00Z
fresh_db race
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/tests/cases/billing/contract-c1-t1.json"

# records FROM_HOUR TO_HOUR PREFIX: hourly H100 records of pod-1 on 2026-11-10, 3 GPU-h
records()
{
    local h
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    for ((h = $1; h < $2; h++)); do
        printf 't1,lab-1,pod-1,gpu,H100,2026-11-10T%02d:00:00Z,2026-11-10T%02d:00:00Z,3,gpu_hour,%s-%d,\n' \
            "$h" $((h + 1)) "$3" "$h"
    done
}
records 0 6 a >"$TMP/a.csv"
records 6 12 b >"$TMP/b.csv"
expect_exit 0 "$LL" ingest "$TMP/a.csv"
expect_exit 0 "$LL" seal -q
sealed=$(sql -c "SELECT size FROM ledger.seal_state s JOIN ledger.tenant t USING (tenant_id)
                 WHERE t.tenant = 't1'")

# waiting N: until N backends of this database wait for a lock (at most 30 s)
waiting()
{
    local i
    for ((i = 0; i < 300; i++)); do
        [[ $(sql -c "SELECT count(*) FROM pg_stat_activity
                     WHERE datname = current_database() AND wait_event_type = 'Lock'" \
            3>&-) -ge $1 ]] && return 0
        sleep 0.1
    done
    fail "$1 sessions never waited for the head's lock"
}

# a session holds t1's head until told to commit (its commands come through a FIFO,
# open for writing on fd 3 here only: the commands below close it, so that the session
# ends when this shell closes it); every background command is bounded as expect_exit's
limit=${LDG_CMD_TIMEOUT:-120}
mkfifo "$TMP/holder"
timeout -k 5 "$limit" "$LDG_PSQL" -X -q -A -t -v ON_ERROR_STOP=1 <"$TMP/holder" \
    >"$TMP/holder.out" 2>&1 &
hpid=$!
exec 3>"$TMP/holder"
ipid="" bpid=""
at_exit 'exec 3>&- 2>/dev/null; kill $hpid $ipid $bpid 2>/dev/null || true'
echo "BEGIN; SELECT h.size FROM ledger.log_head h JOIN ledger.tenant t USING (tenant_id)
      WHERE t.tenant = 't1' FOR UPDATE OF h;
      \\! touch '$TMP/locked'" >&3
for ((i = 0; i < 300; i++)); do
    [[ -e "$TMP/locked" ]] && break
    sleep 0.1
done
[[ -e "$TMP/locked" ]] || fail "the session never locked the head: $(cat "$TMP/holder.out")"

timeout -k 5 "$limit" "$LL" ingest "$TMP/b.csv" >"$TMP/ingest.out" 2>&1 3>&- &
ipid=$!
waiting 1
timeout -k 5 "$limit" "$LL" bill --period 2026-11 --as-of "$AS_OF" --format json \
    >"$TMP/bill.json" 2>"$TMP/bill.err" 3>&- &
bpid=$!
waiting 2
echo "COMMIT;" >&3
exec 3>&-
wait "$hpid" || fail "the session holding the head failed: $(cat "$TMP/holder.out")"
wait "$ipid" || fail "the ingest failed: $(cat "$TMP/ingest.out")"
wait "$bpid" || fail "the bill failed: $(cat "$TMP/bill.err")"

head=$(sql -c "SELECT size FROM ledger.log_head h JOIN ledger.tenant t USING (tenant_id)
               WHERE t.tenant = 't1'")
rated=$(jq -r '.[0].data.rated_from.size' "$TMP/bill.json")
number=$(jq -r '.[0].data.number' "$TMP/bill.json")
quantity=$(jq -r '.[0].data.lines[] | select(.stream == "gpu_overage" or .stream ==
    "gpu_reserved") | .quantity' "$TMP/bill.json" | paste -sd' ')
# the invoice is the log's last entry: everything before it, the ingest's 6 records
# included, must lie under the checkpoint it names
((rated == head - 1)) ||
    fail "the invoice names checkpoint $rated (sealed before: $sealed), but the log held" \
        "$((head - 1)) entries before it: the ingest's usage was rated unsealed" \
        "(lines: $quantity)"
# and its evidence re-rates to its total
expect_exit 0 "$LL" seal -q
expect_exit 0 "$LL" audit bundle --invoice "$number" --out "$TMP/inv.bundle"
expect_exit 0 "$LDG_BIN/leaseledger-verify" "$TMP/inv.bundle" --vkey "$VERIFIER_KEY"
expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"
expect_contains "$OUT" " 0 problems"
echo "PASS: $TEST_NAME: the bill waited for the ingest's chunk and sealed it ($sealed -> $rated)"
