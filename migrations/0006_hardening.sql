SET LOCAL ROLE ldg_migrator;
-- What the writer role and the audit logins can no longer do (issue 14: F3, F5, F6;
-- SECURITY.md, "Database roles", has the table of every role after this migration).
--
-- 1. Dictionaries (F3). The writer held INSERT on ledger.tenant and ledger.site, so
--    `INSERT ... OVERRIDING SYSTEM VALUE` gave a site the id -1, which programs use as
--    an array index. Ids are positive (CHECK, on the dictionaries and on the tables
--    that carry a site id), and the writer may insert only the name column: the id
--    then always comes from the identity (naming tenant_id or site_id in an INSERT
--    needs INSERT on that column). The writer no longer holds USAGE on the identity
--    sequences either (an identity column takes its value without it), so it cannot
--    burn the 32767 site ids with nextval().
-- 2. Names are immutable (F6 a). Usage entries are rebuilt from the tenant and site
--    names, so renaming a site made every entry fail verification. The dictionaries are
--    now append-only like the log tables (the same trigger, which stops the owner too),
--    and the writer holds UPDATE only on the columns the programs update: log_head.size,
--    usage_hourly.qty_micros and .records, invoice_counter.last.
-- 3. Audit logins are bound to a tenant on the server (F5 a). The views of 0004
--    filtered on the setting leaseledger.tenant, which any session may set: the one
--    audit login read every tenant. Now each view shows the rows of the tenant that
--    ledger.audit_login maps the session's login (session_user) to, or every tenant for
--    a login mapped to '*'; the setting only narrows what such a login sees. A login
--    without a mapping sees nothing. Only the migrator (and a superuser) write the
--    mapping; ledger.audit_login_grant() creates a per-tenant login and maps it
--    (SECURITY.md, "Database roles"). This supersedes the comment at the top of
--    0004_audit.sql ("The tenant setting selects; it does not authenticate") and the
--    line on ldg_audit_login in 0005_security.sql: ldg_audit_login is now one more
--    audit login, which sees nothing until it is mapped.
-- 4. Advisory locks (F5 b). pg_advisory_lock() and its kin are executable by PUBLIC, so
--    an audit session could hold the lock numbers of seal and nightly and make them
--    wait forever. EXECUTE on them goes to the writer and the migrator only. Revoking a
--    privilege on a pg_catalog function needs a superuser: that part is last, and a run
--    of this file by anyone else fails there (and leaves no trace) unless a superuser
--    already made the change.

-- 1. Dictionaries ---------------------------------------------------------------------

DO $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(format('%s %s', what, id), ', ') INTO bad
      FROM (SELECT 'tenant_id' AS what, tenant_id::integer AS id FROM ledger.tenant
             WHERE tenant_id <= 0
            UNION ALL SELECT 'site_id', site_id FROM ledger.site WHERE site_id <= 0) s;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'ledger dictionaries hold ids that are not positive: %', bad
            USING HINT = 'Someone inserted them with OVERRIDING SYSTEM VALUE (issue 14, F3):'
                         ' find what refers to them, remove them as a superuser, and migrate again.';
    END IF;
END
$$;

-- NOT VALID then VALIDATE: the check of existing rows takes a weaker lock than ADD
-- CONSTRAINT would; on a large usage table it is still one scan.
ALTER TABLE ledger.tenant ADD CONSTRAINT tenant_id_positive CHECK (tenant_id > 0) NOT VALID;
ALTER TABLE ledger.site ADD CONSTRAINT site_id_positive CHECK (site_id > 0) NOT VALID;
ALTER TABLE ledger.site_version ADD CONSTRAINT site_version_site_id_positive
    CHECK (site_id > 0) NOT VALID;
ALTER TABLE ledger.usage ADD CONSTRAINT usage_site_id_positive CHECK (site_id > 0) NOT VALID;
ALTER TABLE ledger.usage_hourly ADD CONSTRAINT usage_hourly_site_id_positive
    CHECK (site_id > 0) NOT VALID;
ALTER TABLE ledger.contract_doc ADD CONSTRAINT contract_doc_site_id_positive
    CHECK (site_id > 0) NOT VALID;
ALTER TABLE ledger.tenant VALIDATE CONSTRAINT tenant_id_positive;
ALTER TABLE ledger.site VALIDATE CONSTRAINT site_id_positive;
ALTER TABLE ledger.site_version VALIDATE CONSTRAINT site_version_site_id_positive;
ALTER TABLE ledger.usage VALIDATE CONSTRAINT usage_site_id_positive;
ALTER TABLE ledger.usage_hourly VALIDATE CONSTRAINT usage_hourly_site_id_positive;
ALTER TABLE ledger.contract_doc VALIDATE CONSTRAINT contract_doc_site_id_positive;

REVOKE INSERT, UPDATE ON ledger.tenant, ledger.site FROM ldg_writer;
GRANT INSERT (tenant) ON ledger.tenant TO ldg_writer;
GRANT INSERT (site) ON ledger.site TO ldg_writer;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA ledger FROM ldg_writer;

-- 2. Immutable names, UPDATE only where the programs update ----------------------------

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['tenant', 'site']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON ledger.%I '
                       'FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()',
                       t || '_append_only', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON ledger.%I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()',
                       t || '_no_truncate', t);
    END LOOP;
END
$$;

REVOKE UPDATE ON ledger.log_head, ledger.usage_hourly, ledger.invoice_counter,
    ledger.ingest_file FROM ldg_writer;
GRANT UPDATE (size) ON ledger.log_head TO ldg_writer;
GRANT UPDATE (qty_micros, records) ON ledger.usage_hourly TO ldg_writer;
GRANT UPDATE (last) ON ledger.invoice_counter TO ldg_writer;

-- 3. Audit logins bound to a tenant ----------------------------------------------------

-- login: a role name (session_user); tenant: a tenant's name, or '*' for an auditor of
-- the operator who may read every tenant. The tenant need not exist yet when the row is
-- written by hand; audit_login_grant() requires it.
CREATE TABLE ledger.audit_login (
    login       name PRIMARY KEY,
    tenant      text NOT NULL
                CHECK (tenant = '*' OR tenant ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'),
    granted_at  timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON ledger.audit_login FROM PUBLIC, ldg_writer;

-- Whether the session may see tenant's rows: its login is mapped to that tenant or to
-- '*', and the setting leaseledger.tenant, when set, names that tenant (it narrows, it
-- never widens). Written out in each view rather than as a function, so that the
-- planner sees a plain condition.
CREATE OR REPLACE VIEW audit.records WITH (security_barrier) AS
SELECT t.tenant,
       u.seq,
       s.site,
       u.meter,
       u.event_id,
       u.corrects,
       CASE u.kind WHEN 1 THEN 'gpu' WHEN 2 THEN 'energy' WHEN 3 THEN 'downtime' END AS kind,
       CASE u.class WHEN 1 THEN 'H100' WHEN 2 THEN 'H200' WHEN 3 THEN 'GB200' END AS class,
       u.start_at,
       u.end_at,
       round(u.qty_micros::numeric / 1000000, 6) AS quantity,
       CASE u.kind WHEN 2 THEN 'mwh' ELSE 'gpu_hour' END AS unit,
       u.qty_micros,
       EXISTS (SELECT 1 FROM ledger.usage c
               WHERE c.tenant_id = u.tenant_id AND c.corrects = u.event_id
                 AND c.seq > u.seq) AS corrected,
       (SELECT encode(substring(lt.hashes FROM (u.seq % 256)::integer * 32 + 1 FOR 32),
                      'base64')
          FROM ledger.log_tile lt
         WHERE lt.tenant_id = u.tenant_id AND lt.level = 0 AND lt.idx = u.seq / 256
           AND lt.width > u.seq % 256
         ORDER BY lt.width DESC LIMIT 1) AS leaf_hash
  FROM ledger.usage u
  JOIN ledger.tenant t ON t.tenant_id = u.tenant_id
  JOIN ledger.site s ON s.site_id = u.site_id
 WHERE t.tenant IN (SELECT CASE a.tenant WHEN '*' THEN t.tenant ELSE a.tenant END
                      FROM ledger.audit_login a WHERE a.login = session_user)
   AND t.tenant = coalesce(nullif(current_setting('leaseledger.tenant', true), ''), t.tenant);

CREATE OR REPLACE VIEW audit.invoices WITH (security_barrier) AS
SELECT t.tenant,
       i.number,
       i.kind,
       i.contract_id AS contract,
       i.period,
       i.amends,
       i.currency,
       round(i.total_micros::numeric / 1000000,
             CASE i.currency WHEN 'JPY' THEN 0 ELSE 2 END) AS total,
       i.total_micros,
       i.issued_at,
       i.seq,
       i.rated_size,
       encode(i.rated_root, 'base64') AS rated_root,
       i.doc AS document
  FROM ledger.invoice i
  JOIN ledger.tenant t ON t.tenant_id = i.tenant_id
 WHERE t.tenant IN (SELECT CASE a.tenant WHEN '*' THEN t.tenant ELSE a.tenant END
                      FROM ledger.audit_login a WHERE a.login = session_user)
   AND t.tenant = coalesce(nullif(current_setting('leaseledger.tenant', true), ''), t.tenant);

CREATE OR REPLACE VIEW audit.invoice_lines WITH (security_barrier) AS
SELECT t.tenant,
       l.number,
       l.line_no,
       l.stream,
       l.class,
       l.from_at,
       l.to_at,
       round(l.qty_micros::numeric / 1000000, 6) AS quantity,
       l.unit,
       round(l.rate_micros::numeric / 1000000, 6) AS rate,
       round(l.amount_micros::numeric / 1000000,
             CASE i.currency WHEN 'JPY' THEN 0 ELSE 2 END) AS amount,
       l.qty_micros,
       l.rate_micros,
       l.amount_micros
  FROM ledger.invoice_line l
  JOIN ledger.invoice i ON i.tenant_id = l.tenant_id AND i.number = l.number
  JOIN ledger.tenant t ON t.tenant_id = l.tenant_id
 WHERE t.tenant IN (SELECT CASE a.tenant WHEN '*' THEN t.tenant ELSE a.tenant END
                      FROM ledger.audit_login a WHERE a.login = session_user)
   AND t.tenant = coalesce(nullif(current_setting('leaseledger.tenant', true), ''), t.tenant);

CREATE OR REPLACE VIEW audit.checkpoints WITH (security_barrier) AS
SELECT t.tenant,
       c.size,
       encode(c.root, 'base64') AS root,
       c.note,
       c.key_name,
       c.key_id,
       c.signed_at
  FROM ledger.checkpoint c
  JOIN ledger.tenant t ON t.tenant_id = c.tenant_id
 WHERE t.tenant IN (SELECT CASE a.tenant WHEN '*' THEN t.tenant ELSE a.tenant END
                      FROM ledger.audit_login a WHERE a.login = session_user)
   AND t.tenant = coalesce(nullif(current_setting('leaseledger.tenant', true), ''), t.tenant);

-- Creates (when missing) the login role `login`, makes it a member of ldg_auditor and
-- of nothing else, and maps it to tenant (or '*'). Runs with the caller's rights
-- (SECURITY INVOKER, on purpose): creating a role needs a superuser or CREATEROLE, and
-- the function must not lend that to anyone. It refuses a name that is not a plain
-- lower-case identifier, an existing role that is anything but such an audit login
-- (so that it can never hand the views to ldg_batch_login, say, or make a superuser
-- "an auditor"), and an unknown tenant. Returns 'created' or 'mapped'.
CREATE FUNCTION ledger.audit_login_grant(p_login name, p_tenant text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    r pg_roles%ROWTYPE;
    existed boolean;
    other text;
BEGIN
    IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_]{0,62}$' OR p_login ~ '^pg_'
       OR p_login IN ('ldg_migrator', 'ldg_writer', 'ldg_reader', 'ldg_auditor',
                    'ldg_migrate_login', 'ldg_batch_login', 'ldg_report_login') THEN
        RAISE EXCEPTION 'cannot make "%" an audit login: use a new lower-case name'
            ' ([a-z_][a-z0-9_]*, not pg_*, not a leaseledger role)', p_login
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_tenant IS NULL OR (p_tenant <> '*' AND NOT EXISTS
            (SELECT 1 FROM ledger.tenant t WHERE t.tenant = p_tenant)) THEN
        RAISE EXCEPTION 'unknown tenant "%"', p_tenant USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO r FROM pg_roles WHERE rolname = p_login;
    existed := FOUND;
    IF existed THEN
        SELECT string_agg(g.rolname, ', ') INTO other
          FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
         WHERE m.member = r.oid AND g.rolname <> 'ldg_auditor';
        IF r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication
           OR r.rolbypassrls OR NOT r.rolcanlogin OR other IS NOT NULL
           OR EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.roleid = r.oid) THEN
            RAISE EXCEPTION 'role "%" exists and is not an audit login', p_login
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'An audit login can log in, has no other attribute, and is a'
                               ' member of ldg_auditor and of no other role.';
        END IF;
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
                       ' NOREPLICATION NOBYPASSRLS', p_login);
    END IF;
    IF NOT pg_has_role(p_login, 'ldg_auditor', 'MEMBER') THEN
        EXECUTE format('GRANT ldg_auditor TO %I', p_login);
    END IF;
    INSERT INTO ledger.audit_login AS a (login, tenant) VALUES (p_login, p_tenant)
        ON CONFLICT ON CONSTRAINT audit_login_pkey
        DO UPDATE SET tenant = EXCLUDED.tenant, granted_at = now();
    RETURN CASE WHEN existed THEN 'mapped' ELSE 'created' END;
END
$$;
REVOKE ALL ON FUNCTION ledger.audit_login_grant(name, text) FROM PUBLIC;

-- 4. Advisory locks (needs a superuser) ---------------------------------------------------

RESET ROLE;
DO $$
DECLARE
    f regprocedure;
    open_to_public boolean;
    super boolean;
BEGIN
    SELECT bool_or(has_function_privilege('public', p.oid, 'EXECUTE')) INTO open_to_public
      FROM pg_proc p WHERE p.pronamespace = 'pg_catalog'::regnamespace
       AND p.proname LIKE 'pg\_%advisory\_%';
    IF NOT open_to_public THEN
        RETURN; -- a superuser revoked them already
    END IF;
    SELECT rolsuper INTO super FROM pg_roles WHERE rolname = current_user;
    IF NOT super THEN
        RAISE EXCEPTION 'migration 0006 must be applied by a superuser the first time'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'It revokes EXECUTE on pg_advisory_lock() and its kin from PUBLIC,'
                           ' which only a superuser may do.',
                  HINT = 'Run "leaseledger migrate" once connected as a superuser.';
    END IF;
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'pg_catalog'::regnamespace
                AND p.proname LIKE 'pg\_%advisory\_%'
    LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO ldg_writer, ldg_migrator', f);
    END LOOP;
END
$$;
