#!/usr/bin/env bash
# e2e.nightly_dry_run: issue 16 item 1, `nightly --dry-run` shows what a run would do
# (files it would take, each rejected record's reason, documents it would issue or hold,
# findings, the summary, the exit status) and writes nothing: the row count of every
# ledger table (checkpoints and signing keys among them: it signs nothing) and the spool
# (names, modes, contents; no done/, failed/, rejected/ created) are the same after it,
# and the real run that follows prints the same summary.
source "$(dirname "$0")/lib.sh"

fresh_db nightly_dry_run
make_key

source "$(dirname "$0")/tiny_two_tenants.sh"
load_tiny_two_tenants

# a1 + a-dup overlap on pod-a (AC-1 held); beta's b1 is billed; b2 is rejected; bad.csv
# cannot be read as usage; a payments file for the payments spool.
SPOOL="$TMP/spool"
mkdir -p "$SPOOL/payments"
cat >"$SPOOL/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,100,gpu_hour,a1,
acme,tiny-1,pod-a,gpu,H100,2025-03-10T12:00:00Z,2025-03-10T13:00:00Z,5,gpu_hour,a-dup,
beta,tiny-1,pod-b,gpu,H200,2025-03-10T05:00:00Z,2025-03-10T06:00:00Z,3,gpu_hour,b1,
beta,tiny-1,pod-b,gpu,H200,2025-03-10T06:00:00Z,2025-03-10T07:00:00Z,lots,gpu_hour,b2,
EOF
printf 'not,a,usage,header\n' >"$SPOOL/bad.csv"
printf '%s\n' "payment_id,tenant,received,amount,currency,reference" \
    "P-1,beta,2025-03-20,1.00,USD," >"$SPOOL/payments/bank.csv"
AS_OF=2025-04-01T02:00:00Z

# Every ledger table's row count, and every name under the spool with its type, mode and
# content hash.
db_state()
{
    local t
    for t in $(sql -c "SELECT tablename FROM pg_tables WHERE schemaname = 'ledger'
                       ORDER BY tablename"); do
        printf '%s %s\n' "$t" "$(sql -c "SELECT count(*) FROM ledger.$t")"
    done
}
spool_state()
{
    (cd "$SPOOL" && find . -printf '%p %y %m %s\n' | sort &&
        find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
summary() { grep '^nightly: \(files\|overdue\)' "$1"; }

db_state >"$TMP/db.before"
spool_state >"$TMP/spool.before"
[[ $(wc -l <"$TMP/db.before") -ge 10 ]] || fail "too few ledger tables: $(cat "$TMP/db.before")"

# --- the dry run: says what would happen, with the code the run would have --------------
expect_exit 81 "$LL" nightly --dry-run --spool "$SPOOL" --as-of "$AS_OF"
cp "$OUT" "$TMP/dry.out"
expect_contains "$OUT" "would ingest usage.csv: 3 accepted, 0 duplicates, 1 rejected"
expect_contains "$OUT" "  would reject from usage.csv: line 5: "
expect_contains "$OUT" "would hold contract AC-1 period 2025-03 by blocking reconciliation findings"
grep -q '^  block [0-9a-f]\{16\}: overlap, .*tenant acme, meter pod-a' "$OUT" ||
    fail "the dry run names no blocking finding: $(cat "$OUT")"
expect_contains "$OUT" "would issue invoice BE-2025-000001 to beta (contract BE-1, period 2025-03)"
grep -q '^warning [0-9a-f]\{16\}: tenant beta, meter pod-b, ' "$OUT" ||
    fail "the dry run shows no warning: $(cat "$OUT")"
expect_contains "$OUT" "nightly: dry run: nothing was written"
expect_contains "$OUT" "payments 1 matched, 0 unmatched"
expect_contains "$ERR" 'spool file "bad.csv" would be set aside in failed/'
expect_not_contains "$OUT" "rejected records of usage.csv: lines in"

# --- nothing written: the database and the spool are as they were -------------------------
db_state >"$TMP/db.after"
spool_state >"$TMP/spool.after"
diff -u "$TMP/db.before" "$TMP/db.after" >&2 || fail "the dry run changed row counts"
diff -u "$TMP/spool.before" "$TMP/spool.after" >&2 || fail "the dry run changed the spool"
[[ ! -e "$SPOOL/done" && ! -e "$SPOOL/rejected" && ! -e "$SPOOL/failed" ]] ||
    fail "the dry run created the spool's directories"
expect_exit 0 "$LL" invoice list
expect_not_contains "$OUT" "BE-2025"

# --- twice in a row: the same (nothing it did is left for the second to see); it signs
# nothing, so it needs no key --------------------------------------------------------------
expect_exit 81 env -u LEASELEDGER_KEY "$LL" nightly --dry-run --spool "$SPOOL" --as-of "$AS_OF"
diff -u <(summary "$TMP/dry.out") <(summary "$OUT") >&2 || fail "a second dry run differs"

# --- with --hold: the drafts it would store, none stored ------------------------------------
expect_exit 81 "$LL" nightly --dry-run --hold --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$OUT" "would draft contract BE-1 period 2025-03: waits for approval"
expect_contains "$OUT" "documents: 0 invoices issued, 0 supplementary invoices or credit notes, 0 periods unchanged, 1 held, 1 drafted"
db_state >"$TMP/db.after"
diff -u "$TMP/db.before" "$TMP/db.after" >&2 || fail "a dry run with --hold changed row counts"

# --- the real run: the same summary, and it did write ---------------------------------------
expect_exit 81 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
diff -u <(summary "$TMP/dry.out") <(summary "$OUT") >&2 ||
    fail "the dry run's summary is not the real run's"
expect_contains "$OUT" "issued invoice BE-2025-000001 to beta"
[[ -f "$SPOOL/done/usage.csv" && -f "$SPOOL/failed/bad.csv" && -f "$SPOOL/payments/done/bank.csv" ]] ||
    fail "the real run moved nothing"
OVERLAP=$(sed -n 's/^  block \([0-9a-f]\{16\}\): overlap, .*/\1/p' "$OUT" | head -n 1)
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"

# --- after the release: a dry run shows the held invoice issued; the run issues it ------
expect_exit 0 "$LL" reconcile ack "$OVERLAP" --reason "firmware resent hour 12"
db_state >"$TMP/db.before"
spool_state >"$TMP/spool.before"
expect_exit 0 "$LL" nightly --dry-run --spool "$SPOOL" --as-of "$AS_OF"
cp "$OUT" "$TMP/dry.out"
expect_contains "$OUT" "would issue invoice AC-2025-000001 to acme (contract AC-1, period 2025-03)"
db_state >"$TMP/db.after"
spool_state >"$TMP/spool.after"
diff -u "$TMP/db.before" "$TMP/db.after" >&2 || fail "the second dry run changed row counts"
diff -u "$TMP/spool.before" "$TMP/spool.after" >&2 || fail "the second dry run changed the spool"
expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
diff -u <(summary "$TMP/dry.out") <(summary "$OUT") >&2 ||
    fail "after the release, the dry run's summary is not the real run's"
expect_contains "$OUT" "issued invoice AC-2025-000001 to acme"
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
echo "ok: $TEST_NAME"
