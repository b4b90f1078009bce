SET LOCAL ROLE ldg_migrator;

-- Contract holds (issue 16; DESIGN.md "Holds"): a person stops one contract's documents
-- (`leaseledger invoice hold --tenant T --contract C --by NAME --reason TEXT`) until a
-- person releases it (`invoice release`). While a contract is held, bill and nightly
-- issue and draft nothing for it, list it as held with the release command, and exit as
-- for held invoices; approving one of its drafts is refused.
--
-- A hold is not a log entry: it decides nothing about any document, it only postpones
-- them, and every document issued after the release is logged and signed as always.
-- Rows are kept for the record: a released hold never changes and is never deleted;
-- a held one changes once, to released. One hold at a time per contract.
CREATE TABLE ledger.contract_hold (
    tenant_id    integer NOT NULL,
    contract_id  text NOT NULL,
    held_at      timestamptz NOT NULL,
    held_by      text NOT NULL CHECK (length(held_by) BETWEEN 1 AND 200),
    held_login   name NOT NULL DEFAULT session_user,   -- the database login that held it
    reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    released_at  timestamptz,
    released_by  text CHECK (length(released_by) BETWEEN 1 AND 200),
    released_login name,
    PRIMARY KEY (tenant_id, contract_id, held_at),
    CHECK ((released_at IS NULL) = (released_by IS NULL)),
    CHECK ((released_at IS NULL) = (released_login IS NULL)),
    CHECK (released_at IS NULL OR released_at >= held_at)
);
CREATE UNIQUE INDEX contract_hold_one ON ledger.contract_hold (tenant_id, contract_id)
    WHERE released_at IS NULL;

-- Released rows never change; held ones change once, to released, and only there.
CREATE FUNCTION ledger.contract_hold_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.released_at IS NOT NULL THEN
        RAISE EXCEPTION 'the hold of contract % (tenant %) was released: it cannot change',
            OLD.contract_id, OLD.tenant_id USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.tenant_id, NEW.contract_id, NEW.held_at, NEW.held_by, NEW.held_login,
        NEW.reason) IS DISTINCT FROM
       (OLD.tenant_id, OLD.contract_id, OLD.held_at, OLD.held_by, OLD.held_login,
        OLD.reason) THEN
        RAISE EXCEPTION 'a hold''s who, when and why never change (contract %)',
            OLD.contract_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.released_login IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION 'released_login must be the releasing login (%)', session_user
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER contract_hold_guard BEFORE UPDATE ON ledger.contract_hold
    FOR EACH ROW EXECUTE FUNCTION ledger.contract_hold_guard();
CREATE TRIGGER contract_hold_no_delete BEFORE DELETE ON ledger.contract_hold
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER contract_hold_no_truncate BEFORE TRUNCATE ON ledger.contract_hold
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

-- held_login is the login's own: its default, never a value the writer chooses
-- (INSERT is granted on the other columns only).
REVOKE ALL ON ledger.contract_hold FROM PUBLIC;
GRANT SELECT ON ledger.contract_hold TO ldg_writer, ldg_reader;
GRANT INSERT (tenant_id, contract_id, held_at, held_by, reason)
    ON ledger.contract_hold TO ldg_writer;
GRANT UPDATE (released_at, released_by, released_login)
    ON ledger.contract_hold TO ldg_writer;
