#!/usr/bin/env bash
# Least privilege (SECURITY.md "Database roles"; migrations 0001, 0002, 0003, 0005):
# the roles the migrations create, what each can and cannot do, checked both with the
# catalog (every table of the ledger schema, including ones added later) and by trying,
# as the login roles the programs use. The test server trusts local connections, so
# `PGUSER=ldg_batch_login` is all it takes to be that role here.
source "$(dirname "$0")/lib.sh"

CASES="$LDG_SRC/tests/cases/ledger"

fresh_db roles
make_key
SUPERUSER=${PGUSER:-$(id -un)} # who the harness connects as (scripts/pg: leaseledger)

# as LOGIN SQL [EXPECTED_ERROR]: runs SQL connected as LOGIN; with EXPECTED_ERROR it must
# fail with that text, without it it must succeed (output in $OUT).
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

for login in ldg_migrate_login ldg_batch_login ldg_report_login ldg_audit_login; do
    PGUSER=$login sql -c "SELECT 1" >/dev/null 2>"$ERR" ||
        fail "cannot connect as $login (the test server must trust local connections): $(cat "$ERR")"
done

# --- the roles and their attributes ------------------------------------------------------
# name:LOGIN SUPERUSER CREATEROLE CREATEDB BYPASSRLS, as 1 and 0
[[ $(sql -c "SELECT string_agg(rolname || ':' || rolcanlogin::int || rolsuper::int ||
                  rolcreaterole::int || rolcreatedb::int || rolbypassrls::int, ' '
                  ORDER BY rolname) FROM pg_roles WHERE rolname LIKE 'ldg\_%'") == \
    "ldg_audit_login:10000 ldg_auditor:00000 ldg_batch_login:10000 ldg_migrate_login:10000 ldg_migrator:00000 ldg_reader:00000 ldg_report_login:10000 ldg_writer:00000" ]] ||
    fail "roles: $(sql -c "SELECT string_agg(rolname, ' ') FROM pg_roles WHERE rolname LIKE 'ldg%'")"
# each login is a member of exactly one role, and no group role of another. Roles are
# cluster-wide: per-tenant audit logins made by other tests (ledger.audit_login_grant,
# members of ldg_auditor only) may exist meanwhile, so only the project's own roles count
# as members here; what an audit login may hold is test_redteam_roles.sh's to check.
[[ $(sql -c "SELECT string_agg(m.rolname || '>' || r.rolname, ' ' ORDER BY m.rolname)
             FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid
             JOIN pg_roles m ON m.oid = a.member
             WHERE m.rolname LIKE 'ldg\_%'") == \
    "ldg_audit_login>ldg_auditor ldg_batch_login>ldg_writer ldg_migrate_login>ldg_migrator ldg_report_login>ldg_reader" ]] ||
    fail "memberships differ"

# --- the catalog: owner and privileges of every ledger table ------------------------------
[[ $(sql -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'ledger' AND c.relkind IN ('r', 'p', 'v', 'm')
               AND pg_get_userbyid(c.relowner) <> 'ldg_migrator'") == 0 ]] ||
    fail "ledger relations not owned by ldg_migrator: $(sql -c "SELECT string_agg(c.relname || '=' ||
        pg_get_userbyid(c.relowner), ' ') FROM pg_class c JOIN pg_namespace n ON n.oid =
        c.relnamespace WHERE n.nspname = 'ledger' AND c.relkind IN ('r','p','v','m')
        AND pg_get_userbyid(c.relowner) <> 'ldg_migrator'")"
[[ $(sql -c "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'ledger'") == \
    ldg_migrator ]] || fail "schema ledger is not owned by ldg_migrator"
[[ $(sql -c "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'
             AND tablename = 'ldg_migration'") == ldg_migrator ]] ||
    fail "public.ldg_migration is not owned by ldg_migrator"

# privs ROLE TABLE: the privileges ROLE holds on TABLE, as "SIUDTRt" letters.
privs()
{
    sql -c "SELECT concat_ws('', CASE WHEN has_table_privilege('$1', '$2', 'SELECT') THEN 'S' END,
                CASE WHEN has_table_privilege('$1', '$2', 'INSERT') THEN 'I' END,
                CASE WHEN has_table_privilege('$1', '$2', 'UPDATE') THEN 'U' END,
                CASE WHEN has_table_privilege('$1', '$2', 'DELETE') THEN 'D' END,
                CASE WHEN has_table_privilege('$1', '$2', 'TRUNCATE') THEN 'T' END,
                CASE WHEN has_table_privilege('$1', '$2', 'REFERENCES') THEN 'R' END,
                CASE WHEN has_table_privilege('$1', '$2', 'TRIGGER') THEN 't' END)"
}
# The append-only tables are those with the refusing trigger; the writer may only add to
# them, and read.
append_only=$(sql -c "SELECT string_agg(DISTINCT c.oid::regclass::text, ' ')
                      FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                      WHERE g.tgname LIKE '%\_append\_only'")
for t in ledger.usage ledger.log_doc ledger.log_tile ledger.checkpoint ledger.contract_doc \
    ledger.site_version ledger.signing_key ledger.invoice ledger.invoice_line \
    ledger.finding_ack; do
    [[ " $append_only " == *" $t "* ]] || fail "$t has no append-only trigger"
done
for t in ledger.tenant ledger.site; do
    [[ " $append_only " == *" $t "* ]] || fail "dictionary $t has no append-only trigger (0006)"
done
for t in $append_only; do
    case $t in
    # the dictionaries: INSERT of the name column only, so the id comes from the identity
    ledger.tenant | ledger.site) want=S ;;
    *) want=SI ;;
    esac
    [[ $(privs ldg_writer "$t") == "$want" ]] || fail "ldg_writer holds $(privs ldg_writer "$t") on $t"
done
# column privileges of the writer (0006): INSERT of the dictionaries' names, UPDATE of
# the derived columns the programs update, nothing else
[[ $(sql -c "SELECT string_agg(table_name || '.' || column_name || ':' || privilege_type, ' '
                 ORDER BY table_name, column_name, privilege_type)
             FROM information_schema.column_privileges
             WHERE grantee = 'ldg_writer' AND table_schema = 'ledger'
               AND privilege_type IN ('INSERT', 'UPDATE')
               AND table_name IN ('tenant', 'site', 'log_head', 'usage_hourly',
                                  'invoice_counter', 'ingest_file')
               AND NOT (privilege_type = 'INSERT' AND table_name IN
                        ('log_head', 'usage_hourly', 'invoice_counter', 'ingest_file'))") == \
    "invoice_counter.last:UPDATE log_head.size:UPDATE site.site:INSERT tenant.tenant:INSERT usage_hourly.qty_micros:UPDATE usage_hourly.records:UPDATE" ]] ||
    fail "writer column privileges differ"
[[ $(sql -c "SELECT count(*) FROM information_schema.usage_privileges
             WHERE grantee = 'ldg_writer' AND object_schema = 'ledger'
               AND object_type = 'SEQUENCE'") == 0 ]] || fail "ldg_writer may use a sequence"
for t in $(sql -c "SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n
                   ON n.oid = c.relnamespace WHERE n.nspname = 'ledger'
                   AND c.relkind IN ('r', 'p', 'v', 'm')"); do
    [[ $(privs ldg_reader "$t") == S ]] || fail "ldg_reader holds $(privs ldg_reader "$t") on $t"
    [[ -z $(privs ldg_auditor "$t") ]] || fail "ldg_auditor holds $(privs ldg_auditor "$t") on $t"
    [[ -z $(privs public "$t") ]] || fail "PUBLIC holds $(privs public "$t") on $t"
    [[ $(privs ldg_writer "$t") != *[DTRt]* ]] || fail "ldg_writer holds $(privs ldg_writer "$t") on $t"
done
[[ $(sql -c "SELECT has_schema_privilege('ldg_auditor', 'ledger', 'USAGE'),
                    has_schema_privilege('ldg_writer', 'ledger', 'CREATE'),
                    has_schema_privilege('ldg_reader', 'ledger', 'CREATE'),
                    has_schema_privilege('public', 'public', 'CREATE'),
                    has_schema_privilege('ldg_writer', 'public', 'CREATE')") == "f|f|f|f|f" ]] ||
    fail "schema privileges are too wide"

# --- the batch login runs the writing commands --------------------------------------------
export PGUSER=ldg_batch_login
expect_exit 0 "$LL" site load "$CASES/site-colossus-1.json"
expect_exit 0 "$LL" contract load "$CASES/contract-C1-ANTH.json"
awk -v n=30 -f "$CASES/gen_usage.awk" >"$TMP/usage.csv"
expect_exit 0 "$LL" ingest -q "$TMP/usage.csv"
expect_contains "$OUT" "30 records: 30 accepted"
expect_exit 0 "$LL" seal
expect_contains "$OUT" "sealed anthropic: 0 -> 31 entries"
expect_exit 0 "$LL" keygen --name test-operator --out "$TMP/key2"
expect_exit 0 "$LL" key rotate --new "$TMP/key2"
expect_contains "$OUT" "anthropic: rotation entry at seq 31"
export LEASELEDGER_KEY="$TMP/key2"
export PGUSER=$SUPERUSER

# ... and can do nothing else: no change to what is logged, no new objects, no owner's
# powers, no other role.
for t in usage log_doc log_tile checkpoint contract_doc site_version signing_key; do
    col=$(sql -c "SELECT attname FROM pg_attribute WHERE attrelid = 'ledger.$t'::regclass
                  AND attnum = 1")
    as ldg_batch_login "UPDATE ledger.$t SET $col = $col" "permission denied for table $t"
    as ldg_batch_login "DELETE FROM ledger.$t" "permission denied for table $t"
    as ldg_batch_login "TRUNCATE ledger.$t" "permission denied for table $t"
done
as ldg_batch_login "CREATE TABLE ledger.x (i int)" "permission denied for schema ledger"
as ldg_batch_login "CREATE TABLE public.x (i int)" "permission denied for schema public"
as ldg_batch_login "CREATE VIEW ledger.v AS SELECT 1" "permission denied for schema ledger"
as ldg_batch_login "CREATE FUNCTION ledger.f() RETURNS int LANGUAGE sql AS 'SELECT 1'" \
    "permission denied for schema ledger"
as ldg_batch_login "CREATE SCHEMA evil" "permission denied for database"
as ldg_batch_login "ALTER TABLE ledger.usage DISABLE TRIGGER usage_append_only" \
    "must be owner of table usage"
as ldg_batch_login "DROP TABLE ledger.checkpoint" "must be owner of table checkpoint"
as ldg_batch_login "SET ROLE ldg_migrator" "permission denied to set role \"ldg_migrator\""
as ldg_batch_login "SET ROLE ldg_reader" "permission denied to set role \"ldg_reader\""
as ldg_batch_login "GRANT ldg_migrator TO ldg_batch_login" "must have admin option on role"
# the same holds after SET ROLE from a superuser, as the programs do
as "$SUPERUSER" "SET ROLE ldg_writer; UPDATE ledger.usage SET qty_micros = 1" \
    "permission denied for table usage"
as "$SUPERUSER" "SET ROLE ldg_writer; CREATE TABLE ledger.x (i int)" \
    "permission denied for schema ledger"
as ldg_batch_login "INSERT INTO ledger.log_head (tenant_id, size) VALUES (999999, 0)" \
    "violates foreign key constraint" # INSERT is allowed; the constraint refuses

# --- the report login reads, and only reads -------------------------------------------------
export PGUSER=ldg_report_login
expect_exit 0 "$LL" verify -q
expect_contains "$OUT" "OK: 1 tenant, 32 entries"
expect_exit 0 "$LL" checkpoint --tenant anthropic
expect_contains "$OUT" "test-operator/anthropic"
expect_exit 0 "$LL" invoice list
# a writing command cannot take the writer role: exit 77 (no permission)
expect_exit 77 "$LL" ingest -q "$TMP/usage.csv"
expect_contains "$ERR" "permission denied to set role \"ldg_writer\""
expect_exit 77 "$LL" seal
expect_contains "$ERR" "permission denied to set role \"ldg_writer\""
export PGUSER=$SUPERUSER
as ldg_report_login "SELECT count(*) FROM ledger.usage"
[[ $(cat "$OUT") == 30 ]] || fail "the reader counted $(cat "$OUT") usage rows"
as ldg_report_login "INSERT INTO ledger.usage SELECT * FROM ledger.usage LIMIT 1" \
    "permission denied for table usage"
as ldg_report_login "INSERT INTO ledger.signing_key VALUES ('x', 1, decode(repeat('00', 32), 'hex'))" \
    "permission denied for table signing_key"
as ldg_report_login "UPDATE ledger.log_head SET size = 0" "permission denied for table log_head"
as ldg_report_login "DELETE FROM ledger.invoice_counter" \
    "permission denied for table invoice_counter"
as ldg_report_login "CREATE TABLE ledger.x (i int)" "permission denied for schema ledger"
as ldg_report_login "SET ROLE ldg_writer" "permission denied to set role \"ldg_writer\""
as "$SUPERUSER" "SET ROLE ldg_reader; INSERT INTO ledger.tenant (tenant) VALUES ('x')" \
    "permission denied for table tenant"

# --- the audit login sees the audit schema only ---------------------------------------------
as ldg_audit_login "SELECT count(*) FROM ledger.usage" "permission denied for schema ledger"
as ldg_audit_login "SELECT count(*) FROM ledger.tenant" "permission denied for schema ledger"
as ldg_audit_login "CREATE TABLE public.x (i int)" "permission denied for schema public"
as ldg_audit_login "SET ROLE ldg_reader" "permission denied to set role \"ldg_reader\""
if [[ $(sql -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'") == 1 ]]; then
    for v in $(sql -c "SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n
                       ON n.oid = c.relnamespace WHERE n.nspname = 'audit'
                       AND c.relkind IN ('v', 'm', 'r', 'p')"); do
        as ldg_audit_login "SELECT count(*) FROM $v"
        [[ $(privs ldg_auditor "$v") == S ]] ||
            fail "ldg_auditor holds $(privs ldg_auditor "$v") on $v"
    done
    # unmapped (0006), the audit login sees nothing, whatever it sets
    as ldg_audit_login "SET leaseledger.tenant = 'anthropic'; SELECT count(*) FROM audit.records"
    [[ $(cat "$OUT") == 0 ]] || fail "the unmapped audit login sees $(cat "$OUT") records"
    as "$SUPERUSER" "SELECT ledger.audit_login_grant('ldg_audit_login', 'anthropic')"
    [[ $(cat "$OUT") == mapped ]] || fail "audit_login_grant said $(cat "$OUT")"
    as ldg_audit_login "SELECT count(*) FROM audit.records"
    [[ $(cat "$OUT") == 30 ]] || fail "the auditor sees $(cat "$OUT") of anthropic's 30 records"
    as ldg_audit_login "SELECT ledger.audit_login_grant('ldg_audit_login', '*')" \
        "permission denied for schema ledger"
    # nothing outside the two schemas of ours is readable either
    [[ $(sql -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname NOT IN ('audit', 'pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'p', 'v', 'm')
                   AND has_table_privilege('ldg_auditor', c.oid, 'SELECT')") == 0 ]] ||
        fail "ldg_auditor can read relations outside the audit schema"
else
    echo "note: no audit schema yet (0004): only the refusals were checked"
fi

# --- the migrate login applies migrations and owns what it creates -------------------------
export PGUSER=ldg_migrate_login
expect_exit 0 "$LL" migrate
expect_contains "$OUT" "applied 0 migrations"
export PGUSER=$SUPERUSER
as ldg_migrate_login "BEGIN; SET LOCAL ROLE ldg_migrator; CREATE TABLE ledger.later (i int);
                      SELECT has_table_privilege('ldg_reader', 'ledger.later', 'SELECT'),
                             pg_get_userbyid(relowner) FROM pg_class
                      WHERE oid = 'ledger.later'::regclass; ROLLBACK"
[[ $(cat "$OUT") == "t|ldg_migrator" ]] ||
    fail "a table a later migration adds: $(cat "$OUT") (reader SELECT, owner)"
# the owner's powers are an insider's: even it is stopped by the triggers, and verify
# finds what it changes with them disabled (tests/e2e/test_tamper.sh)
as ldg_migrate_login "UPDATE ledger.usage SET qty_micros = 1" \
    'ledger table "usage" is append-only: UPDATE refused'

expect_exit 0 "$LL" verify -q
expect_contains "$OUT" ", 0 problems"
echo "PASS: $TEST_NAME"
