#!/usr/bin/env bash
# e2e.nightly_tenant: issue 16 item 1, `nightly --tenant T` is the batch for one tenant:
# it seals, bills and reports (warnings, overdue totals) tenant T only. Spool files are
# still taken whole (a file is taken once, by content): the other tenants' records are
# stored and wait, unsealed and unbilled, for the next run over every tenant.
source "$(dirname "$0")/lib.sh"

fresh_db nightly_tenant
make_key

source "$(dirname "$0")/tiny_two_tenants.sh"
load_tiny_two_tenants

# one file with both tenants' records; acme's pod-a reports one hour (a gap: a warning of
# acme's, which a run for beta does not report)
SPOOL="$TMP/spool"
mkdir "$SPOOL"
cat >"$SPOOL/usage.csv" <<'EOF'
tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects
acme,tiny-1,pod-a,gpu,H100,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,4,gpu_hour,a1,
beta,tiny-1,pod-b,gpu,H200,2025-03-10T00:00:00Z,2025-03-12T00:00:00Z,48,gpu_hour,b1,
EOF
AS_OF=2025-04-01T02:00:00Z
ckpts() { sql -c "SELECT t.tenant || ' ' || count(c.size) FROM ledger.tenant t
                  LEFT JOIN ledger.checkpoint c USING (tenant_id) GROUP BY t.tenant ORDER BY 1"; }

# --- for beta: the file is taken whole, only beta is sealed and billed --------------------
expect_exit 0 "$LL" nightly --tenant beta --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$OUT" "ingested usage.csv: 2 accepted, 0 duplicates, 0 rejected"
expect_contains "$OUT" "issued invoice BE-2025-000001 to beta"
expect_not_contains "$OUT" "acme"
expect_contains "$OUT" "documents: 1 invoices issued, 0 supplementary invoices or credit notes"
[[ -f "$SPOOL/done/usage.csv" ]] || fail "the file was not taken whole"
[[ $(sql -c "SELECT count(*) FROM ledger.usage u JOIN ledger.tenant t USING (tenant_id)
             WHERE t.tenant = 'acme'") == 1 ]] || fail "acme's record was not stored"
[[ "$(ckpts)" == $'acme 0\nbeta 2' ]] || fail "checkpoints: $(ckpts)"
expect_exit 0 "$LL" invoice list --format csv
expect_contains "$OUT" "BE-2025-000001"
expect_not_contains "$OUT" "AC-2025"

# --- for acme, later: its log sealed, its invoice issued, its warning shown ---------------
expect_exit 0 "$LL" nightly --tenant acme --as-of "$AS_OF"
expect_contains "$OUT" "issued invoice AC-2025-000001 to acme"
grep -q '^warning [0-9a-f]\{16\}: tenant acme, meter pod-a, ' "$OUT" ||
    fail "acme's run shows no warning of acme's: $(cat "$OUT")"
expect_not_contains "$OUT" "beta"
[[ "$(ckpts)" == $'acme 2\nbeta 2' ]] || fail "checkpoints: $(ckpts)"

# --- a tenant nobody knows: an error before anything is taken -------------------------------
printf '%s\n%s\n' "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,corrects" \
    "beta,tiny-1,pod-b,gpu,H200,2025-03-10T00:00:00Z,2025-03-10T01:00:00Z,1,gpu_hour,b9," \
    >"$SPOOL/more.csv"
expect_exit 1 "$LL" nightly --tenant nobody --spool "$SPOOL" --as-of "$AS_OF"
expect_contains "$ERR" 'unknown tenant "nobody"'
[[ -f "$SPOOL/more.csv" ]] || fail "a run for an unknown tenant took a file"
rm "$SPOOL/more.csv"

# --- every tenant: nothing left to do ------------------------------------------------------
expect_exit 0 "$LL" nightly --as-of "$AS_OF"
expect_contains "$OUT" "documents: 0 invoices issued, 0 supplementary invoices or credit notes, 2 periods unchanged"
expect_exit 0 "$LL" verify --vkey "$VERIFIER_KEY"
echo "ok: $TEST_NAME"
