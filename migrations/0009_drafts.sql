SET LOCAL ROLE ldg_migrator;

-- Drafts (docs/receivables.md "Approval"; DESIGN.md "Receivables"): a document that
-- waits for a person. With "approval": "required" in its contract, or `nightly --hold` /
-- `bill --hold`, billing stores the rated document here, without a number and outside
-- the log, instead of issuing it. A draft is not signed: it is a proposal. What a person
-- decides is: approving issues the document (a number, an invoice entry naming the
-- approver in "approved_by") and both decisions append a "draft_decision" entry to the
-- tenant's log, which `verify` compares with the row (decision_seq).
--
-- States: pending (waits; blocks issuing for its contract and period) -> approved
-- (number set) | rejected | replaced (the batch re-rated the period after it gained
-- usage, and stored a new pending draft instead). Only pending rows change, once.
CREATE TABLE ledger.invoice_draft (
    tenant_id     integer NOT NULL,
    draft_no      bigint NOT NULL CHECK (draft_no > 0),   -- shown as "D<draft_no>"
    contract_id   text NOT NULL,
    period        text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    kind          text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    amends        text,                     -- the original invoice's number
    currency      text NOT NULL,
    total_micros  bigint NOT NULL,
    doc           jsonb NOT NULL,           -- the document as it would be issued,
                                            -- without number, issued and basis
    rated_size    bigint NOT NULL CHECK (rated_size >= 0),
    rated_root    bytea NOT NULL CHECK (length(rated_root) = 32),
    created_at    timestamptz NOT NULL,     -- the batch's instant
    state         text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'approved', 'rejected', 'replaced')),
    decided_by    text,
    decided_at    timestamptz,
    note          text,                     -- approve --note, reject --reason
    number        text,                     -- the invoice issued on approval
    decision_seq  bigint,                   -- its draft_decision entry in the log
    PRIMARY KEY (tenant_id, draft_no),
    CHECK ((state = 'pending') = (decided_at IS NULL)),
    CHECK ((state IN ('approved', 'rejected')) = (decided_by IS NOT NULL)),
    CHECK ((state IN ('approved', 'rejected')) = (decision_seq IS NOT NULL)),
    CHECK ((state = 'approved') = (number IS NOT NULL)),
    CHECK (state <> 'rejected' OR length(note) > 0)
);
CREATE INDEX invoice_draft_period ON ledger.invoice_draft (tenant_id, contract_id, period);

-- Decided rows never change again; pending ones change once, to their decision.
CREATE FUNCTION ledger.invoice_draft_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.state <> 'pending' THEN
        RAISE EXCEPTION 'draft D% of tenant % is %: it cannot change', OLD.draft_no,
            OLD.tenant_id, OLD.state USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.tenant_id, NEW.draft_no, NEW.contract_id, NEW.period, NEW.kind, NEW.amends,
        NEW.currency, NEW.total_micros, NEW.doc, NEW.rated_size, NEW.rated_root,
        NEW.created_at) IS DISTINCT FROM
       (OLD.tenant_id, OLD.draft_no, OLD.contract_id, OLD.period, OLD.kind, OLD.amends,
        OLD.currency, OLD.total_micros, OLD.doc, OLD.rated_size, OLD.rated_root,
        OLD.created_at) THEN
        RAISE EXCEPTION 'a draft''s document never changes (draft D%)', OLD.draft_no
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER invoice_draft_guard BEFORE UPDATE ON ledger.invoice_draft
    FOR EACH ROW EXECUTE FUNCTION ledger.invoice_draft_guard();
CREATE TRIGGER invoice_draft_no_delete BEFORE DELETE ON ledger.invoice_draft
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER invoice_draft_no_truncate BEFORE TRUNCATE ON ledger.invoice_draft
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

REVOKE ALL ON ledger.invoice_draft FROM PUBLIC;
GRANT SELECT, INSERT ON ledger.invoice_draft TO ldg_writer;
GRANT UPDATE (state, decided_by, decided_at, note, number, decision_seq)
    ON ledger.invoice_draft TO ldg_writer;
GRANT SELECT ON ledger.invoice_draft TO ldg_reader;
