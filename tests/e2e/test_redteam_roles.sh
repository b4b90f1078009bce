#!/usr/bin/env bash
# Issue 14, replayed with the least-privileged login that could try each finding
# (migration 0006; SECURITY.md "Database roles"):
#   F3 (db)  the writer puts a site or tenant with id -1 (OVERRIDING SYSTEM VALUE)
#   F5 (a)   the audit login reads a tenant it is not bound to by setting leaseledger.tenant
#   F5 (b)   the audit login holds seal's advisory lock so that seal waits forever
#   F6 (a)   the writer renames a site (usage entries are rebuilt from its name)
#   F6 (b)   the writer appends an unsigned key rotation row: seal must go on, and never
#            advise the key the row names
#   also     a tenant name that is a spreadsheet formula, or holds control characters
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"

fresh_db redteam
make_key
SUPERUSER=${PGUSER:-$(id -un)}
at_exit "export PGUSER=$SUPERUSER" # the database is dropped as the superuser

# as LOGIN SQL [EXPECTED_ERROR], as in test_roles.sh
as()
{
    local login=$1 query=$2 rc=0
    PGUSER=$login sql -c "$query" >"$OUT" 2>"$ERR" || rc=$?
    if [[ $# -eq 3 ]]; then
        ((rc != 0)) || fail "$login was allowed: $query"
        expect_contains "$ERR" "$3"
    elif ((rc != 0)); then
        fail "$login was refused: $query: $(cat "$ERR")"
    fi
}

export PGUSER=ldg_batch_login
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
jq '.tenant = "beta" | .tenant_name = "Beta" | .contract = "C2-BETA" |
    .invoice_series = "C2"' "$CASES/contract-C1-ANTH.json" >"$TMP/beta.json"
expect_exit 0 "$LL" contract load "$TMP/beta.json"
awk -v n=20 -f "$CASES/gen_usage.awk" >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_exit 0 "$LL" seal
export PGUSER=$SUPERUSER

# --- F3: no dictionary id but the identity's, and never one below 1 ------------------------
as ldg_batch_login "INSERT INTO ledger.site (site_id, site) OVERRIDING SYSTEM VALUE VALUES (-1, 'evil')" \
    "permission denied for table site"
as ldg_batch_login "INSERT INTO ledger.tenant (tenant_id, tenant) OVERRIDING SYSTEM VALUE VALUES (-1, 'evil')" \
    "permission denied for table tenant"
as ldg_batch_login "SELECT nextval('ledger.site_site_id_seq')" "permission denied for sequence"
# even the owner cannot store a non-positive id
as "$SUPERUSER" "INSERT INTO ledger.site (site_id, site) OVERRIDING SYSTEM VALUE VALUES (-1, 'evil')" \
    'violates check constraint "site_id_positive"'
as "$SUPERUSER" "INSERT INTO ledger.tenant (tenant_id, tenant) OVERRIDING SYSTEM VALUE VALUES (0, 'evil')" \
    'violates check constraint "tenant_id_positive"'
as ldg_batch_login "INSERT INTO ledger.usage (seq, start_at, end_at, qty_micros, tenant_id,
        site_id, kind, class, meter, event_id) VALUES (999, now(), now() + interval '1 hour',
        1, 1, -1, 1, 1, 'm', 'evil')" 'violates check constraint "usage_site_id_positive"'
# the name alone still goes in (what site load does), with an id from the identity
as ldg_batch_login "INSERT INTO ledger.site (site) VALUES ('later-site') RETURNING site_id > 0"
[[ $(cat "$OUT") == t ]] || fail "a site inserted by name got a non-positive id"

# --- F6 (a): names are immutable, the writer updates only derived columns ----------------
as ldg_batch_login "UPDATE ledger.site SET site = 'renamed'" "permission denied for table site"
as ldg_batch_login "UPDATE ledger.tenant SET tenant = 'renamed'" "permission denied for table tenant"
as ldg_batch_login "UPDATE ledger.ingest_file SET name = 'x'" "permission denied for table ingest_file"
as ldg_batch_login "UPDATE ledger.log_head SET tenant_id = tenant_id" "permission denied for table log_head"
as ldg_migrate_login "UPDATE ledger.site SET site = 'renamed'" \
    'ledger table "site" is append-only: UPDATE refused'
as ldg_migrate_login "DELETE FROM ledger.tenant WHERE tenant = 'beta'" \
    'ledger table "tenant" is append-only: DELETE refused'
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" ", 0 problems"

# --- F5 (a): an audit login sees the tenant it is bound to, whatever it sets ---------------
as "$SUPERUSER" "SELECT ledger.audit_login_grant('beta_audit', 'beta')"
[[ $(cat "$OUT") == created ]] || fail "audit_login_grant: $(cat "$OUT")"
[[ $(sql -c "SELECT string_agg(r.rolname, ' ') FROM pg_auth_members a
             JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
             WHERE m.rolname = 'beta_audit'") == ldg_auditor ]] ||
    fail "an audit login must be a member of ldg_auditor and nothing else"
as beta_audit "SELECT count(*) FROM audit.records"
[[ $(cat "$OUT") == 0 ]] || fail "beta's auditor sees $(cat "$OUT") records (beta has none)"
as beta_audit "SELECT count(*) FROM audit.checkpoints"
[[ $(cat "$OUT") == 1 ]] || fail "beta's auditor sees $(cat "$OUT") checkpoints, not beta's one"
for v in records invoices invoice_lines checkpoints; do
    as beta_audit "SET leaseledger.tenant = 'anthropic'; SELECT count(*) FROM audit.$v"
    [[ $(cat "$OUT") == 0 ]] || fail "beta's auditor read anthropic's audit.$v by setting the tenant"
done
as beta_audit "SET leaseledger.tenant = 'anthropic'; SELECT count(*) FROM audit.checkpoints WHERE tenant = 'anthropic'"
[[ $(cat "$OUT") == 0 ]] || fail "beta's auditor read anthropic's checkpoints"
# the mapping is not the auditor's to change, nor the writer's
as beta_audit "UPDATE ledger.audit_login SET tenant = '*'" "permission denied for schema ledger"
as beta_audit "SELECT ledger.audit_login_grant('beta_audit', '*')" "permission denied for schema ledger"
as ldg_batch_login "INSERT INTO ledger.audit_login VALUES ('beta_audit', '*')" \
    "permission denied for table audit_login"
as ldg_batch_login "SELECT ledger.audit_login_grant('x_audit', '*')" \
    "permission denied for function audit_login_grant"
# an auditor of the operator ('*') sees every tenant, and may narrow with the setting
as "$SUPERUSER" "SELECT ledger.audit_login_grant('op_audit', '*')"
as op_audit "SELECT count(DISTINCT tenant) FROM audit.checkpoints"
[[ $(cat "$OUT") == 2 ]] || fail "the operator's auditor sees $(cat "$OUT") tenants"
as op_audit "SET leaseledger.tenant = 'anthropic'; SELECT count(*) FROM audit.records"
[[ $(cat "$OUT") == 20 ]] || fail "the operator's auditor narrowed to anthropic sees $(cat "$OUT") records"
# the grant function refuses to make a program's login or a superuser an auditor
as "$SUPERUSER" "SELECT ledger.audit_login_grant('ldg_batch_login', 'beta')" \
    'cannot make "ldg_batch_login" an audit login'
as "$SUPERUSER" "SELECT ledger.audit_login_grant('$SUPERUSER', 'beta')" "is not an audit login"
as "$SUPERUSER" "SELECT ledger.audit_login_grant('gamma_audit', 'gamma')" 'unknown tenant "gamma"'
# (roles are cluster-wide: other tests' audit logins may be members too)
[[ $(sql -c "SELECT string_agg(r.rolname || '>' || g.rolname, ' ' ORDER BY r.rolname)
             FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
             JOIN pg_roles g ON g.oid = m.roleid
             WHERE r.rolname IN ('beta_audit', 'op_audit', 'ldg_batch_login')") == \
    "beta_audit>ldg_auditor ldg_batch_login>ldg_writer op_audit>ldg_auditor" ]] ||
    fail "memberships of the audit logins differ"

# --- F5 (b): nobody but the writer and the migrator takes advisory locks ------------------
for login in ldg_audit_login beta_audit ldg_report_login; do
    as $login "SELECT pg_advisory_lock(7270003, 1)" "permission denied for function pg_advisory_lock"
    as $login "SELECT pg_try_advisory_lock(7270010::bigint)" \
        "permission denied for function pg_try_advisory_lock"
    as $login "BEGIN; SELECT pg_advisory_xact_lock_shared(7270003, 1); COMMIT" \
        "permission denied for function pg_advisory_xact_lock_shared"
done
[[ $(sql -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace
             AND proname LIKE 'pg\_%advisory\_%'
             AND has_function_privilege('public', oid, 'EXECUTE')") == 0 ]] ||
    fail "an advisory-lock function is still executable by PUBLIC"
# a writer session that holds seal's lock (the most a login can still do): seal gives up
# after lock_timeout, exit 75, naming who holds the lock
tid=$(sql -c "SELECT tenant_id FROM ledger.tenant WHERE tenant = 'anthropic'")
mkfifo "$TMP/hold"
PGUSER=ldg_batch_login sql -c "SELECT pg_advisory_lock(7270003, $tid)" \
    -c "SELECT pg_sleep(60)" <"$TMP/hold" >/dev/null 2>&1 &
holder=$!
exec 9>"$TMP/hold"
at_exit "kill $holder 2>/dev/null; exec 9>&-"
for _ in $(seq 50); do
    [[ $(sql -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7270003
                 AND objid = $tid AND granted AND database = (SELECT oid FROM pg_database
                 WHERE datname = current_database())") == 1 ]] && break
    sleep 0.1
done
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv" # duplicates only: nothing to seal...
awk -v n=21 -f "$CASES/gen_usage.awk" >"$TMP/usage21.csv"
export PGUSER=ldg_batch_login
expect_exit 0 "$LL" ingest -q "$TMP/usage21.csv"
start=$(date +%s)
PGOPTIONS="-c lock_timeout=2s" expect_exit 75 "$LL" seal --tenant anthropic
(($(date +%s) - start < 30)) || fail "seal waited $(($(date +%s) - start)) s for a 2 s lock_timeout"
expect_contains "$ERR" "gave up waiting for lock (7270003, $tid)"
hpid=$(sql -c "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 7270003
               AND objid = $tid AND granted AND database = (SELECT oid FROM pg_database
               WHERE datname = current_database())")
expect_contains "$ERR" "It was held by login \"ldg_batch_login\" (pid $hpid,"
export PGUSER=$SUPERUSER
sql -c "SELECT pg_terminate_backend($hpid)" >/dev/null
wait "$holder" 2>/dev/null || true
export PGUSER=ldg_batch_login
expect_exit 0 "$LL" seal --tenant anthropic

# nightly and migrate hold session locks across transactions: bounded the same way (a
# writer session holding the nightly lock makes nightly give up after lock_timeout)
rm -f "$TMP/hold"
mkfifo "$TMP/hold"
sql -c "SELECT pg_advisory_lock(7270030, 0)" -c "SELECT pg_sleep(60)" <"$TMP/hold" \
    >/dev/null 2>&1 &
holder=$!
exec 9>"$TMP/hold"
for _ in $(seq 50); do
    [[ $(sql -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 7270030
                 AND granted AND database = (SELECT oid FROM pg_database
                                             WHERE datname = current_database())") == 1 ]] &&
        break
    sleep 0.1
done
PGOPTIONS="-c lock_timeout=2s" expect_exit 75 "$LL" nightly --as-of 2026-12-01T02:00:00Z
expect_contains "$ERR" "gave up waiting for lock (7270030, 0)"
expect_contains "$ERR" "It was held by login \"ldg_batch_login\""
export PGUSER=$SUPERUSER
sql -c "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'
        AND classid = 7270030 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())" \
    >/dev/null
wait "$holder" 2>/dev/null || true
exec 9>&-
export PGUSER=ldg_batch_login
expect_exit 0 "$LL" nightly --as-of 2026-12-01T02:00:00Z

# --- F6 (b): an unsigned key row does not stop seal, and its key is never advised ---------
# a genuine rotation first (key -> key2), then the writer appends to anthropic's log a
# rotation from key2 to a key of its own with a made-up signature, and a row that is not
# even JSON (row and head, as an append would; no tiles: not sealed)
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/key2"
VK2=$(tail -n 1 "$OUT")
expect_exit 0 "$LL" key rotate --new "$TMP/key2"
export PGUSER=$SUPERUSER
as ldg_batch_login "SELECT size FROM ledger.log_head WHERE tenant_id = $tid"
seq=$(cat "$OUT")
evil_vkey="test-operator+deadbeef+AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
body=$(jq -cjS -n --arg vk "$evil_vkey" --arg old "$VK2" --argjson seq "$seq" \
    '{v: 1, tenant: "anthropic", seq: $seq, kind: "key", data: {effective: "2099-01-01T00:00:00Z",
      new: $vk, old: $old, signature: ("A" * 86 + "==")}}')
as ldg_batch_login "BEGIN; INSERT INTO ledger.log_doc VALUES ($tid, $seq, 'key', convert_to('$body', 'UTF8'));
    UPDATE ledger.log_head SET size = size + 1 WHERE tenant_id = $tid;
    INSERT INTO ledger.log_doc VALUES ($tid, $((seq + 1)), 'key', convert_to('not json', 'UTF8'));
    UPDATE ledger.log_head SET size = size + 1 WHERE tenant_id = $tid; COMMIT"
export PGUSER=ldg_batch_login LEASELEDGER_KEY="$TMP/key2"
expect_exit 0 "$LL" seal --tenant beta
expect_not_contains "$ERR" "$evil_vkey"
# anthropic's seal is not stopped by the rotation rows (it may still refuse the unsealed
# rows for a reason of their own, F1: then not one about the key)
rc=0
"$LL" seal --tenant anthropic >"$OUT" 2>"$ERR" || rc=$?
for bad in "$evil_vkey" "not the key in force" "rotated out" "deadbeef"; do
    expect_not_contains "$ERR" "$bad"
done
# the retired key is refused for its genuine rotation, and the hint names the genuine key
jq '.contract = "C2B-BETA" | .invoice_series = "C2B"' "$TMP/beta.json" >"$TMP/beta2.json"
expect_exit 0 "$LL" contract load "$TMP/beta2.json"
expect_exit 1 "$LL" seal --tenant beta --key "$TMP/key"
expect_contains "$ERR" "is not the key in force for this log since its rotation"
expect_contains "$ERR" "HINT: Seal with the key in force: $VK2"
expect_not_contains "$ERR" "deadbeef"
# verify names the forged rows
export PGUSER=ldg_report_login
rc=0
"$LL" verify >"$OUT" 2>"$ERR" || rc=$?
((rc != 0)) || fail "verify accepted the forged rotation rows"
grep -q "tenant anthropic seq $seq" "$OUT" "$ERR" || fail "verify did not name seq $seq: $(cat "$OUT" "$ERR")"
export PGUSER=$SUPERUSER

# --- names: control characters refused at load; formulas neutralised in CSV --------------
jq '.tenant = "gamma" | .tenant_name = "Gamma\u001b[2J" | .contract = "C3-GAMMA" |
    .invoice_series = "C3"' "$CASES/contract-C1-ANTH.json" >"$TMP/gamma.json"
export PGUSER=ldg_batch_login
expect_exit 65 "$LL" contract load "$TMP/gamma.json"
expect_contains "$ERR" "tenant_name"
expect_contains "$ERR" "must not hold control characters"
jq '.name = "Colossus\r2"' "$CASES/site-colossus-1.json" >"$TMP/site-ctl.json"
expect_exit 65 "$LL" site load "$TMP/site-ctl.json"
expect_contains "$ERR" "must not hold control characters"
jq '.tenant = "delta" | .tenant_name = "=HYPERLINK(\"http://x\")" | .contract = "C4-DELTA" |
    .invoice_series = "C4"' "$CASES/contract-C1-ANTH.json" >"$TMP/delta.json"
expect_exit 0 "$LL" contract load "$TMP/delta.json"
export PGUSER=$SUPERUSER
echo "PASS: $TEST_NAME"
