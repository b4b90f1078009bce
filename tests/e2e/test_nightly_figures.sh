#!/usr/bin/env bash
# e2e.nightly_figures: `nightly --summary-json FILE` and `--metrics FILE` (issue 15,
# "Schedule and observe"). After a run, whatever its outcome, both files hold its
# figures; the metrics file parses as the Prometheus text format (tests/e2e/promparse.py,
# a strict reader); last_success moves only on a run that succeeded (exit 0 or 79) and
# keeps its value through a failed one; both files are replaced atomically (no temporary
# left); a dry run writes neither.
source "$(dirname "$0")/lib.sh"

fresh_db nightly_figures
make_key

source "$(dirname "$0")/tiny_two_tenants.sh"
load_tiny_two_tenants

# a1 + a-dup overlap 12:00-13:00 on pod-a (block: AC-1 is held); pod-b reports 1 hour of
# 48 (a gap: a warning of beta's); the last line is rejected (quantity not a number).
SPOOL="$TMP/spool"
mkdir "$SPOOL"
cat >"$SPOOL/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,100,gpu_hour,a1,
acme,tiny-1,pod-a,gpu,H100,2025-03-10T12:00:00Z,2025-03-10T13:00:00Z,5,gpu_hour,a-dup,
beta,tiny-1,pod-b,gpu,H200,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,3,gpu_hour,b1,
beta,tiny-1,pod-b,gpu,H200,2025-03-10T06:00:00Z,2025-03-10T07:00:00Z,lots,gpu_hour,b2,
EOF
printf 'not,a,usage,header\n' >"$TMP/bad.csv"
cp "$TMP/bad.csv" "$SPOOL/bad.csv"
AS_OF=2025-04-01T02:00:00Z
OUTDIR="$TMP/metrics"
mkdir "$OUTDIR"
M="$OUTDIR/leaseledger.prom"
J="$OUTDIR/last-run.json"
prom()
{
    "$LDG_SRC/tests/e2e/promparse.py" "$M" >"$TMP/samples.txt" ||
        fail "the metrics file does not parse: $(cat "$M")"
}
sample()
{
    # sample 'NAME{LABELS}': its value
    grep -F "$1 " "$TMP/samples.txt" | sed 's/.* //'
}

# a dry run writes neither
expect_exit 64 "$LL" nightly --dry-run --spool "$SPOOL" --as-of "$AS_OF" --metrics "$M"
[[ ! -e "$M" ]] || fail "a dry run wrote the metrics"

# --- run 1: held and a failed file: 81, not a success ---------------------------------
expect_exit 81 "$LL" nightly -q --spool "$SPOOL" --as-of "$AS_OF" --summary-json "$J" \
    --metrics "$M"
prom
[[ $(sample leaseledger_nightly_exit_status) == 81 ]] || fail "exit status: $(cat "$M")"
[[ $(sample leaseledger_nightly_last_run_success) == 0 ]] || fail "81 counted as success"
[[ $(sample leaseledger_nightly_last_success_timestamp_seconds) == 0 ]] ||
    fail "no run succeeded yet, but last_success is set"
[[ $(sample 'leaseledger_nightly_documents{outcome="held"}') == 1 ]] || fail "held: $(cat "$M")"
[[ $(sample 'leaseledger_nightly_files{outcome="failed"}') == 1 ]] || fail "files failed"
[[ $(sample 'leaseledger_nightly_records{outcome="rejected"}') == 1 ]] || fail "rejected"
[[ $(sample 'leaseledger_nightly_records{outcome="accepted"}') == 3 ]] || fail "accepted"
[[ $(sample 'leaseledger_nightly_findings{severity="block"}') == 1 ]] || fail "block findings"
[[ $(sample 'leaseledger_nightly_findings{severity="warn"}') -ge 1 ]] || fail "warn findings"
[[ $(sample leaseledger_nightly_as_of_timestamp_seconds) == $(date -d "$AS_OF" +%s) ]] ||
    fail "as_of"
grep -q "^# TYPE leaseledger_nightly_last_success_timestamp_seconds gauge$" "$M" ||
    fail "no TYPE line for last_success"
[[ $(jq -r .exit_status "$J") == 81 && $(jq -r .success "$J") == false ]] ||
    fail "summary json: $(cat "$J")"
[[ $(jq -r .documents.held "$J") == 1 && $(jq -r .findings.block "$J") == 1 ]] ||
    fail "summary json counts: $(cat "$J")"
[[ $(jq -r .records.accepted "$J") == 3 && $(jq -r .files.failed "$J") == 1 ]] ||
    fail "summary json counts: $(cat "$J")"
[[ $(jq -r .as_of "$J") == "$AS_OF" ]] || fail "summary json as_of: $(jq -r .as_of "$J")"
jq -e '.duration_ms >= 0 and .completed == true' "$J" >/dev/null || fail "duration"

# --- run 2: the finding released, nothing failed: 0, a success ------------------------
expect_exit 0 "$LL" reconcile ack "$(jq -r '.[0].id' <("$LL" reconcile --period 2025-03 \
    --tenant acme --as-of "$AS_OF" --format json))" --reason "duplicate of a1, checked" \
    --period 2025-03
rm -f "$SPOOL/failed/"*
expect_exit 0 "$LL" nightly -q --spool "$SPOOL" --as-of "$AS_OF" --summary-json "$J" \
    --metrics "$M"
prom
[[ $(sample leaseledger_nightly_exit_status) == 0 ]] || fail "exit status: $(cat "$M")"
[[ $(sample leaseledger_nightly_last_run_success) == 1 ]] || fail "0 not counted as success"
success=$(sample leaseledger_nightly_last_success_timestamp_seconds)
[[ "$success" == $(sample leaseledger_nightly_last_run_timestamp_seconds) ]] ||
    fail "last_success is not this run's end"
[[ $(sample 'leaseledger_nightly_documents{outcome="invoice_issued"}') == 1 ]] ||
    fail "the released invoice: $(cat "$M")"

# --- run 3: fails (no database): last_success kept from the file it replaces -----------
sleep 1
expect_exit 69 env PGHOST="$TMP/nowhere" "$LL" nightly -q --spool "$SPOOL" \
    --as-of "$AS_OF" --summary-json "$J" --metrics "$M"
prom
[[ $(sample leaseledger_nightly_exit_status) == 69 ]] || fail "exit status: $(cat "$M")"
[[ $(sample leaseledger_nightly_last_run_success) == 0 ]] || fail "69 counted as success"
[[ $(sample leaseledger_nightly_last_success_timestamp_seconds) == "$success" ]] ||
    fail "a failed run lost last_success"
[[ $(jq -r .completed "$J") == false ]] || fail "summary json: $(cat "$J")"

# atomically: nothing but the two files in the folder
[[ $(ls -A "$OUTDIR" | sort | paste -sd' ') == "last-run.json leaseledger.prom" ]] ||
    fail "left behind: $(ls -A "$OUTDIR")"

echo "ok: $TEST_NAME"
