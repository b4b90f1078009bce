-- Least privilege (SECURITY.md, "Database roles"). After this migration:
--
--   ldg_migrator  owns the schemas ledger (and audit, when present), every object in
--                 them and the migration record public.ldg_migration; NOLOGIN. A later
--                 migration starts with SET LOCAL ROLE ldg_migrator, so that what it
--                 creates is owned here too, whoever runs `leaseledger migrate`.
--   ldg_writer    INSERT and SELECT on the log tables, UPDATE only on derived state
--                 (0002, 0003): the batch commands SET ROLE to it.
--   ldg_reader    SELECT on the ledger schema, nothing else: the reading commands.
--   ldg_auditor   the audit schema only (0004).
--
-- Login roles, one per use, each a member of exactly one of the roles above and able to
-- do nothing else. They have no password: set one (ALTER ROLE ... PASSWORD) or map a
-- client certificate or a peer identity to them in pg_hba.conf. They are not superusers
-- and cannot create roles or databases.
--
--   ldg_migrate_login  -> ldg_migrator   migrations after the first (roles are created
--                                        by the first run, which needs a superuser or
--                                        CREATEROLE)
--   ldg_batch_login    -> ldg_writer     ingest, seal, bill, nightly, loads, key rotate
--   ldg_report_login   -> ldg_reader     verify, checkpoint, invoice, report, export
--   ldg_audit_login    -> ldg_auditor    the tenant's or an auditor's read-only access
--
-- Roles are cluster-wide, so they are created only when missing (a test database
-- cloned from a template finds them already there); grants are per database.

DO $$
DECLARE
    r record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ldg_migrator') THEN
        CREATE ROLE ldg_migrator NOLOGIN;
    END IF;
    FOR r IN SELECT * FROM (VALUES ('ldg_migrate_login', 'ldg_migrator'),
                                   ('ldg_batch_login', 'ldg_writer'),
                                   ('ldg_report_login', 'ldg_reader'),
                                   ('ldg_audit_login', 'ldg_auditor')) AS v(login, grp)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE'
                           ' NOREPLICATION NOBYPASSRLS', r.login);
        END IF;
        IF NOT pg_has_role(r.login, r.grp, 'MEMBER') THEN
            EXECUTE format('GRANT %I TO %I', r.grp, r.login);
        END IF;
    END LOOP;
END
$$;

-- Key rotations are found by kind (ledger/store/keyring_store.c): a small partial index.
CREATE INDEX log_doc_key ON ledger.log_doc (tenant_id, seq) WHERE kind = 'key';

-- Ownership: schemas, relations (indexes and owned sequences follow their tables),
-- routines and stand-alone types of ledger and audit, and the migration record.
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT nspname FROM pg_namespace WHERE nspname IN ('ledger', 'audit')
    LOOP
        EXECUTE format('ALTER SCHEMA %I OWNER TO ldg_migrator', r.nspname);
    END LOOP;
    FOR r IN SELECT c.oid::regclass AS rel, c.relkind
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('ledger', 'audit')
               AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                 AND d.deptype IN ('a', 'i'))
    LOOP
        EXECUTE format('ALTER %s %s OWNER TO ldg_migrator',
                       CASE r.relkind WHEN 'v' THEN 'VIEW'
                                      WHEN 'm' THEN 'MATERIALIZED VIEW'
                                      WHEN 'f' THEN 'FOREIGN TABLE'
                                      WHEN 'S' THEN 'SEQUENCE'
                                      ELSE 'TABLE' END, r.rel);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS fn
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname IN ('ledger', 'audit') AND p.prokind IN ('f', 'p')
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO ldg_migrator', r.fn);
    END LOOP;
    FOR r IN SELECT t.oid::regtype AS typ
             FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname IN ('ledger', 'audit') AND t.typtype IN ('e', 'd', 'r')
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO ldg_migrator', r.typ);
    END LOOP;
    IF to_regclass('public.ldg_migration') IS NOT NULL THEN
        ALTER TABLE public.ldg_migration OWNER TO ldg_migrator;
    END IF;
END
$$;

-- Nobody but the migrator creates objects. PostgreSQL 15 already withholds CREATE on
-- schema public from PUBLIC; older servers do not. The migrator needs it for the
-- migration record (CREATE TABLE IF NOT EXISTS checks the privilege first).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CREATE ON SCHEMA public TO ldg_migrator;
REVOKE ALL ON SCHEMA ledger FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA ledger FROM PUBLIC;

-- The reader reads the ledger schema, including tables added after 0002 and those a
-- later migration (run as ldg_migrator) adds.
GRANT USAGE ON SCHEMA ledger TO ldg_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO ldg_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE ldg_migrator IN SCHEMA ledger
    GRANT SELECT ON TABLES TO ldg_reader;
