#!/usr/bin/env bash
# e2e.overlap_stored: the overlap answer kept at ingest (issue 13, migration 0015;
# DESIGN.md "Overlaps kept at ingest").
#
# Two ingest runs (the second in chunks of 2 records) leave the suspects (records that
# started before their meter's tail when appended), per meter the tail and per tenant the
# mark (the log size the tails are complete to). Reconciliation
# looks for overlaps only in meters with a suspect in the period, and must report what
# the query over every meter reports: an overlap across two runs, one arriving out of
# order, a long record appended after the short ones it covers; none for an overlap
# cancelled by a correction, nor for an hour appended late that overlaps nothing. Then:
# the migration's back-fill over the stored records gives the same tails and suspects; a
# run that finds the tails behind the log (a run that stopped before storing them) reads
# the log from the mark; the findings do not change when every meter is made a suspect;
# the writer can neither take a suspect back nor lower a tail or a mark.
source "$(dirname "$0")/lib.sh"

fresh_db overlap_stored
make_key

cat >"$TMP/site.json" <<'EOF'
{"site": "tiny-1", "name": "Tiny test hall",
 "gpus": {"H100": 10, "H200": 4, "GB200": 2}, "power_mw": "1",
 "operator": {"name": "Example Compute Operator LLC", "address": "1 Example Way",
              "tax_id": "00-0000000"}}
EOF
cat >"$TMP/acme.json" <<'EOF'
{"contract": "AC-1", "tenant": "acme", "tenant_name": "Acme Labs",
 "site": "tiny-1", "currency": "USD", "invoice_series": "AC",
 "starts": "2025-03-10T00:00:00Z", "ends": "2025-03-12T00:00:00Z",
 "gpu": [{"class": "H100", "reserved": 1, "rate": "2.000000", "overage_rate": "3.000000"}]}
EOF
expect_exit 0 "$LL" site load "$TMP/site.json"
expect_exit 0 "$LL" contract load "$TMP/acme.json"

# Seqs: the contract is 0, then the records in file order.
#   pod-1  10, 11, 12, 13 h (seq 1-4)          run 2: 12 h again (15)      overlap
#   pod-4  08, 09 h (5, 6), then 03 h (7)      run 2: 07:30-08:30 (16)     overlap
#          (03 h is earlier than pod-4's tail, 10:00: a suspect, no overlap)
#   pod-3  00 .. 05 h (8-13)                   run 2: 00:00-06:00 (17)     6 overlaps
#   pod-2  05 h (14)                           run 2: 05 h (18) and its correction to 0
#                                              (19): no overlap
R=acme,tiny-1
cat >"$TMP/run1.csv" <<EOF
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
$R,pod-1,gpu,H100,2025-03-10T10:00:00Z,2025-03-10T11:00:00Z,1,gpu_hour,p1-10,
$R,pod-1,gpu,H100,2025-03-10T11:00:00Z,2025-03-10T12:00:00Z,1,gpu_hour,p1-11,
$R,pod-1,gpu,H100,2025-03-10T12:00:00Z,2025-03-10T13:00:00Z,1,gpu_hour,p1-12,
$R,pod-1,gpu,H100,2025-03-10T13:00:00Z,2025-03-10T14:00:00Z,1,gpu_hour,p1-13,
$R,pod-4,gpu,H100,2025-03-10T08:00:00Z,2025-03-10T09:00:00Z,1,gpu_hour,p4-08,
$R,pod-4,gpu,H100,2025-03-10T09:00:00Z,2025-03-10T10:00:00Z,1,gpu_hour,p4-09,
$R,pod-4,gpu,H100,2025-03-10T03:00:00Z,2025-03-10T04:00:00Z,1,gpu_hour,p4-03,
$R,pod-3,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,1,gpu_hour,p3-00,
$R,pod-3,gpu,H100,2025-03-10T01:00:00Z,2025-03-10T02:00:00Z,1,gpu_hour,p3-01,
$R,pod-3,gpu,H100,2025-03-10T02:00:00Z,2025-03-10T03:00:00Z,1,gpu_hour,p3-02,
$R,pod-3,gpu,H100,2025-03-10T03:00:00Z,2025-03-10T04:00:00Z,1,gpu_hour,p3-03,
$R,pod-3,gpu,H100,2025-03-10T04:00:00Z,2025-03-10T05:00:00Z,1,gpu_hour,p3-04,
$R,pod-3,gpu,H100,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,1,gpu_hour,p3-05,
$R,pod-2,gpu,H100,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,1,gpu_hour,p2-05,
EOF
cat >"$TMP/run2.csv" <<EOF
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
$R,pod-1,gpu,H100,2025-03-10T12:00:00Z,2025-03-10T13:00:00Z,2,gpu_hour,p1-12b,
$R,pod-4,gpu,H100,2025-03-10T07:30:00Z,2025-03-10T08:30:00Z,2,gpu_hour,p4-0730,
$R,pod-3,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T06:00:00Z,6,gpu_hour,p3-day,
$R,pod-2,gpu,H100,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,2,gpu_hour,p2-05b,
$R,pod-2,gpu,H100,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,-2,gpu_hour,p2-05b-void,p2-05b
EOF
expect_exit 0 "$LL" ingest -q "$TMP/run1.csv"
expect_contains "$OUT" "14 records: 14 accepted"
# after the first run only the late hour of pod-4 is a suspect: reconcile has no overlap
[[ $(sql -c "SELECT string_agg(seq::text, ' ' ORDER BY seq) FROM ledger.overlap_suspect") == 7 ]] ||
    fail "suspects after run 1: $(sql -c "SELECT seq FROM ledger.overlap_suspect")"
expect_exit 0 "$LL" reconcile --period 2025-03 --tenant acme
expect_not_contains "$OUT" "overlap:"

expect_exit 0 "$LL" ingest -q --chunk 2 "$TMP/run2.csv"
expect_contains "$OUT" "5 records: 5 accepted"
[[ $(sql -c "SELECT string_agg(seq::text, ' ' ORDER BY seq) FROM ledger.overlap_suspect") == \
    "7 15 16 17 18" ]] ||
    fail "suspects after run 2: $(sql -c "SELECT seq FROM ledger.overlap_suspect")"
[[ $(sql -c "SELECT string_agg(meter || '@' || to_char(end_at AT TIME ZONE 'UTC', 'HH24:MI'), ' '
             ORDER BY meter) FROM ledger.overlap_tail") == \
    "pod-1@14:00 pod-2@06:00 pod-3@06:00 pod-4@10:00" ]] ||
    fail "tails: $(sql -c "SELECT * FROM ledger.overlap_tail")"
[[ $(sql -c "SELECT m.seq = h.size FROM ledger.overlap_mark m JOIN ledger.log_head h
             USING (tenant_id) JOIN ledger.tenant t USING (tenant_id)
             WHERE t.tenant = 'acme'") == t ]] || fail "acme's mark is not its log size"

expect_exit 1 "$LL" reconcile --period 2025-03 --tenant acme
grep '^.*overlap:' "$OUT" >"$TMP/overlaps.txt" || true
[[ $(wc -l <"$TMP/overlaps.txt") == 8 ]] || fail "expected 8 overlaps: $(cat "$OUT")"
expect_contains "$OUT" 'overlap: gpu record "p1-12" (seq 3, 1.000000) overlaps "p1-12b" (seq 15, 2.000000)'
expect_contains "$OUT" 'overlap: gpu record "p4-0730" (seq 16, 2.000000) overlaps "p4-08" (seq 5, 1.000000)'
expect_contains "$OUT" 'overlap: gpu record "p3-00" (seq 8, 1.000000) overlaps "p3-day" (seq 17, 6.000000)'
for h in 1 2 3 4 5; do
    expect_contains "$OUT" "overlap: gpu record \"p3-day\" (seq 17, 6.000000) overlaps \"p3-0$h\" (seq $((8 + h)), 1.000000)"
done
expect_not_contains "$TMP/overlaps.txt" "p2-05"
expect_not_contains "$TMP/overlaps.txt" "p4-03"
# every tenant at once: the same findings
expect_exit 1 "$LL" reconcile --period 2025-03
grep '^.*overlap:' "$OUT" | cmp -s - "$TMP/overlaps.txt" ||
    fail "reconcile over every tenant differs: $(cat "$OUT")"
# billing holds the contract on them, as before
expect_exit 1 "$LL" bill --period 2025-03 --dry-run
expect_contains "$ERR" "held: unacknowledged blocking reconciliation findings"

# --- the back-fill of migration 0015 over the stored records gives the same answer ------
sql -c "CREATE TABLE public.bf_suspect (LIKE ledger.overlap_suspect);
        CREATE TABLE public.bf_tail (LIKE ledger.overlap_tail)"
sed -n '/^INSERT INTO ledger.overlap_suspect/,/^GROUP BY/p' \
    "$LDG_SRC/migrations/0015_overlap_suspect.sql" |
    sed 's/INSERT INTO ledger\.overlap_suspect/INSERT INTO public.bf_suspect/;
         s/INSERT INTO ledger\.overlap_tail/INSERT INTO public.bf_tail/' >"$TMP/fill.sql"
grep -q 'public.bf_suspect' "$TMP/fill.sql" && grep -q 'public.bf_tail' "$TMP/fill.sql" ||
    fail "the back-fill statements were not found in the migration"
same_as_backfill()
{
    sql -c "TRUNCATE public.bf_suspect, public.bf_tail" >/dev/null
    sql -f "$TMP/fill.sql"
    for t in suspect tail; do
        [[ $(sql -c "SELECT count(*) FROM ((TABLE public.bf_$t EXCEPT TABLE ledger.overlap_$t)
                     UNION ALL (TABLE ledger.overlap_$t EXCEPT TABLE public.bf_$t)) d") == 0 ]] ||
            fail "$1: the back-fill's overlap_$t differs from ingest's"
    done
}
same_as_backfill "after two runs"

# --- tails behind the log: the next run reads the records from the mark -----------------
# As if the runs had stopped before storing their tails: pod-1's 13 h (seq 4) is in no
# tail, and a record of run 3 overlapping it must still be a suspect (seq 20).
sql -c "DELETE FROM ledger.overlap_tail; DELETE FROM ledger.overlap_mark" >/dev/null
cat >"$TMP/run3.csv" <<EOF
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
$R,pod-1,gpu,H100,2025-03-10T13:30:00Z,2025-03-10T14:30:00Z,1,gpu_hour,p1-1330,
EOF
expect_exit 0 "$LL" ingest -q "$TMP/run3.csv"
[[ $(sql -c "SELECT string_agg(seq::text, ' ' ORDER BY seq) FROM ledger.overlap_suspect") == \
    "7 15 16 17 18 20" ]] ||
    fail "suspects after run 3: $(sql -c "SELECT seq FROM ledger.overlap_suspect")"
same_as_backfill "after run 3"
expect_exit 1 "$LL" reconcile --period 2025-03 --tenant acme
expect_contains "$OUT" 'overlap: gpu record "p1-13" (seq 4, 1.000000) overlaps "p1-1330" (seq 20, 1.000000)'
grep '^.*overlap:' "$OUT" >"$TMP/overlaps.txt" || true

# --- two runs at once, a record per chunk: each reads what the other appended between its
# chunks (the log head says so), so the suspects are those of the log's order ----------
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    for h in 10 11 12 13 14 15 16 17; do
        echo "$R,pod-5,gpu,H100,2025-03-11T$h:00:00Z,2025-03-11T$((h + 1)):00:00Z,1,gpu_hour,a5-$h,"
    done
} >"$TMP/a.csv"
{
    echo "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects"
    for h in 17 16 15 14 13 12 11 10; do
        echo "$R,pod-5,gpu,H100,2025-03-11T$h:30:00Z,2025-03-11T$((h + 1)):30:00Z,1,gpu_hour,b5-$h,"
    done
} >"$TMP/b.csv"
"$LL" ingest -q --chunk 1 "$TMP/a.csv" >"$TMP/a.out" 2>&1 &
"$LL" ingest -q --chunk 1 "$TMP/b.csv" >"$TMP/b.out" 2>&1 || fail "ingest b: $(cat "$TMP/b.out")"
wait $! || fail "ingest a: $(cat "$TMP/a.out")"
# every record of b overlaps a's records of its hours, in whatever order the two ran
[[ $(sql -c "SELECT count(*) FROM ledger.overlap_suspect WHERE meter = 'pod-5'") -ge 8 ]] ||
    fail "suspects of pod-5: $(sql -c "SELECT seq FROM ledger.overlap_suspect WHERE meter = 'pod-5'")"
same_as_backfill "after two runs at once"
expect_exit 1 "$LL" reconcile --period 2025-03 --tenant acme
grep '^.*overlap:' "$OUT" >"$TMP/overlaps.txt" || true
[[ $(grep -c 'b5-' "$TMP/overlaps.txt") -ge 8 ]] || fail "overlaps of pod-5: $(cat "$OUT")"

# --- every meter a suspect: the query over every key reports the same ----------------------
sql -c "INSERT INTO ledger.overlap_suspect (tenant_id, seq, start_at, end_at, site_id, kind,
            meter)
        SELECT tenant_id, 1000 + row_number() OVER (), '2025-03-01', '2025-04-01', site_id,
            kind, meter FROM ledger.overlap_tail" >/dev/null
expect_exit 1 "$LL" reconcile --period 2025-03 --tenant acme
grep '^.*overlap:' "$OUT" | cmp -s - "$TMP/overlaps.txt" ||
    fail "the findings over every meter differ: $(cat "$OUT")"

# --- the writer adds, never takes back ----------------------------------------------------
if sql -c "SET ROLE ldg_writer; DELETE FROM ledger.overlap_suspect" 2>"$ERR"; then
    fail "the writer deleted suspects"
fi
expect_contains "$ERR" "permission denied for table overlap_suspect"
if sql -c "DELETE FROM ledger.overlap_suspect WHERE seq = 7" 2>"$ERR"; then
    fail "the owner deleted a suspect"
fi
expect_contains "$ERR" 'ledger table "overlap_suspect" is append-only: DELETE refused'
if sql -c "SET ROLE ldg_writer; UPDATE ledger.overlap_tail SET end_at = end_at - interval '1 hour'" \
    2>"$ERR"; then
    fail "the writer lowered a tail"
fi
expect_contains "$ERR" "only grows"
if sql -c "SET ROLE ldg_writer; UPDATE ledger.overlap_mark SET seq = 0" 2>"$ERR"; then
    fail "the writer lowered a mark"
fi
expect_contains "$ERR" "only grows"
echo "ok"
