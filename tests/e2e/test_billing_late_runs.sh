#!/usr/bin/env bash
# e2e.billing_late_runs: whether usage came after an invoiced period's rating is asked of
# the usage runs (billing.c, SQL_LATE; migration 0016), not of every entry since: a late
# record must be found in a run it shares with later usage (and with another site's),
# after runs of later usage only; and the period stays unchanged after only later
# usage. An invoiced period wrongly found late would be rated again to the same
# documents and print the same "unchanged"; a period whose draft waits for a person
# (t2, "approval": "required") shows it: it waits ("awaiting") only while nothing is late.
source "$(dirname "$0")/lib.sh"

fresh_db late_runs
make_key
expect_exit 0 "$LL" site load "$LDG_SRC/tests/cases/billing/site-lab-1.json"
sed 's/"lab-1"/"lab-2"/' "$LDG_SRC/tests/cases/billing/site-lab-1.json" >"$TMP/site2.json"
expect_exit 0 "$LL" site load "$TMP/site2.json"
expect_exit 0 "$LL" contract load "$LDG_SRC/tests/cases/billing/contract-c1-t1.json"
sed 's/"C1"/"C2"/; s/"lab-1"/"lab-2"/; s/"S1"/"S2"/' \
    "$LDG_SRC/tests/cases/billing/contract-c1-t1.json" >"$TMP/c2.json"
expect_exit 0 "$LL" contract load "$TMP/c2.json"
# t2's contract asks for approval: its period waits for a person ("awaiting") while no
# usage is late, and is rated again (drafted anew) once some is: the draft path's check
# (SQL_LATE_USAGE), where an answer of "late" for nothing would show
sed 's/"C1"/"C3"/; s/"t1"/"t2"/; s/"Tenant t1"/"Tenant t2"/; s/"S1"/"S3"/;
     s/"ends": "2027-11-01T00:00:00Z"/&, "approval": "required"/' \
    "$LDG_SRC/tests/cases/billing/contract-c1-t1.json" >"$TMP/c3.json"
expect_exit 0 "$LL" contract load "$TMP/c3.json"

HEADER="tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
# line SITE DAY HOUR ID [GPU-H [TENANT]]: one hour of pod-1 at SITE on DAY (YYYY-MM-DD),
# 3 GPU-h of t1 unless given
line()
{
    printf '%s,%s,pod-1,gpu,H100,%sT%02d:00:00Z,%sT%02d:00:00Z,%s,gpu_hour,%s,\n' \
        "${6:-t1}" "$1" "$2" "$3" "$2" $(($3 + 1)) "${5:-3}" "$4"
}
{
    echo "$HEADER"
    for h in 0 1 2 3; do line lab-1 2026-11-10 "$h" "nov-$h"; done
    for h in 0 1 2 3; do line lab-1 2026-11-10 "$h" "t2-nov-$h" 3 t2; done
} >"$TMP/nov.csv"
expect_exit 0 "$LL" ingest "$TMP/nov.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-01T02:00:00Z
expect_contains "$OUT" "issued invoice S1-2026-000001"
expect_contains "$OUT" "drafted: contract C3 (t2) period 2026-11"

# December's usage in three runs (three files, each a chunk of its own): none is late
for f in 1 2 3; do
    {
        echo "$HEADER"
        for h in 0 1 2 3 4 5; do line lab-1 "2026-12-0$f" "$h" "dec-$f-$h"; done
        for h in 0 1 2 3 4 5; do line lab-1 "2026-12-0$f" "$h" "t2-dec-$f-$h" 3 t2; done
    } >"$TMP/dec$f.csv"
    expect_exit 0 "$LL" ingest "$TMP/dec$f.csv"
done
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-05T02:00:00Z
expect_contains "$OUT" "unchanged: contract C1 (t1) period 2026-11"
expect_contains "$OUT" "awaiting: contract C3 (t2) period 2026-11"

# two late November records inside a run of December usage at both sites (a run whose
# site is NULL, whose starts begin in November and end in December)
{
    echo "$HEADER"
    line lab-2 2026-12-04 0 dec-4-site2
    line lab-1 2026-12-04 1 dec-4-1
    line lab-1 2026-11-20 7 late-nov-a 900 # beyond the month's reservation (1,440
    line lab-1 2026-11-20 8 late-nov-b 900 # GPU-hours) together: an amendment
    line lab-1 2026-12-04 2 dec-4-2
    line lab-1 2026-11-21 9 t2-late-nov 3 t2
} >"$TMP/mixed.csv"
expect_exit 0 "$LL" ingest "$TMP/mixed.csv"
runs=$(sql -c "SELECT count(*) FROM ledger.usage_run r JOIN ledger.tenant t USING (tenant_id)
               WHERE t.tenant = 't1' AND r.site_id IS NULL AND r.start_min < '2026-12-01Z'")
[[ "$runs" == 1 ]] || fail "expected one run of both sites holding the late record, found $runs"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-05T03:00:00Z
expect_contains "$OUT" "issued supplementary invoice S1-2026-000002"
expect_contains "$OUT" "drafted: contract C3 (t2) period 2026-11"
expect_contains "$OUT" "unchanged: contract C2 (t1) period 2026-11"

# and after it, only later usage again: unchanged
expect_exit 0 "$LL" ingest "$TMP/dec1.csv" # duplicates: nothing appended
{
    echo "$HEADER"
    line lab-1 2026-12-05 0 dec-5-0
} >"$TMP/dec5.csv"
expect_exit 0 "$LL" ingest "$TMP/dec5.csv"
expect_exit 0 "$LL" bill --period 2026-11 --as-of 2026-12-06T02:00:00Z
expect_contains "$OUT" "unchanged: contract C1 (t1) period 2026-11"
expect_contains "$OUT" "awaiting: contract C3 (t2) period 2026-11"
expect_exit 0 "$LL" verify -q --vkey "$VERIFIER_KEY"
expect_contains "$OUT" " 0 problems"
echo "PASS: $TEST_NAME: late records found in a mixed run; later runs passed over"
