-- Roles (cluster-wide, so created only when missing; a test database cloned from a
-- template finds them already there). All NOLOGIN: a login role is granted membership
-- and the programs SET ROLE to the least they need (SECURITY.md).
--   ldg_writer  : INSERT and SELECT on the log tables, nothing more; may update the
--                 derived state (heads, rollups) that the log is the source of truth for
--   ldg_reader  : SELECT on everything (reports and exports)
--   ldg_auditor : the audit schema's views only (later migration)
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ldg_writer') THEN
        CREATE ROLE ldg_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ldg_reader') THEN
        CREATE ROLE ldg_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ldg_auditor') THEN
        CREATE ROLE ldg_auditor NOLOGIN;
    END IF;
END
$$;
