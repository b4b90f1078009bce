#!/usr/bin/env bash
# e2e.nightly_summary: issue 16 item 2, what the morning after a nightly run must show.
# Each held document is printed with its blocking findings (id, kind, tenant, meter,
# hours) and the commands to see and release them; rejected records are named by their
# files under rejected/; warnings name tenant and meter; the exit status tells "held"
# (79) from "files failed or left" (80) and both (81), and warnings never change it.
source "$(dirname "$0")/lib.sh"

fresh_db nightly_summary
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

# --- held and a failed file: 81; -q still prints what needs a person --------------------
expect_exit 81 "$LL" nightly -q --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$OUT" "held contract AC-1 period 2025-03 by blocking reconciliation findings (see 'leaseledger reconcile --period 2025-03'; after checking, release with 'leaseledger reconcile ack ID --reason R'):"
OVERLAP=$(sed -n 's/^  block \([0-9a-f]\{16\}\): overlap, .*/\1/p' "$OUT")
[[ -n "$OVERLAP" ]] || fail "no blocking finding printed: $(cat "$OUT")"
expect_contains "$OUT" "  block $OVERLAP: overlap, hours 2025-03-10T12:00:00Z to 2025-03-10T13:00:00Z, tenant acme, meter pod-a, "
expect_contains "$OUT" "rejected records of usage.csv: lines in $SPOOL/rejected/usage.csv.rejects, reasons in $SPOOL/rejected/usage.csv.reasons"
[[ -f "$SPOOL/rejected/usage.csv.rejects" && -f "$SPOOL/rejected/usage.csv.reasons" ]] ||
    fail "the rejected/ files named are not there: $(ls "$SPOOL/rejected")"
expect_contains "$OUT" "tenant beta, meter pod-b, "
grep -q '^warning [0-9a-f]\{16\}: tenant beta, meter pod-b, ' "$OUT" || fail "the gap warning names no tenant and meter: $(cat "$OUT")"
expect_contains "$OUT" "1 held"
expect_contains "$ERR" 'spool file "bad.csv" set aside in failed/'
# the command printed shows the same finding
expect_exit 1 "$LL" reconcile --period 2025-03
expect_contains "$OUT" "$OVERLAP"

# --- only held: 79 -------------------------------------------------------------------------
expect_exit 79 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$OUT" "  block $OVERLAP: overlap"

# --- released by the command printed: 0, though warnings remain -------------------------
expect_exit 0 "$LL" reconcile ack "$OVERLAP" --reason "meter firmware resent hour 12"
expect_exit 0 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
expect_not_contains "$OUT" "held contract"
expect_not_contains "$OUT" "  block "
grep -q '^warning [0-9a-f]\{16\}: tenant beta, meter pod-b, ' "$OUT" || fail "the warning went: $(cat "$OUT")"
expect_contains "$OUT" "0 held"

# --- only a failed file: 80 -----------------------------------------------------------------
cp "$TMP/bad.csv" "$SPOOL/bad2.csv"
expect_exit 80 "$LL" nightly --spool "$SPOOL" --as-of "$AS_OF"
expect_not_contains "$OUT" "held contract"

# --- documented ------------------------------------------------------------------------------
expect_exit 0 "$LL" nightly --help
expect_contains "$OUT" "79 done, but some invoices are held"
expect_contains "$OUT" "80 done, but"
expect_contains "$OUT" "81 both"
grep -q '79 invoices held by blocking findings' "$LDG_SRC/README.md" || fail "README does not say nightly's exit codes"
