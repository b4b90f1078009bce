SET LOCAL ROLE ldg_migrator;
-- Countersigned checkpoints (issue 11; DESIGN.md "The signed log", SECURITY.md "Witness
-- keys and cosignatures").
--
-- A tenant's witness keys are entries of kind "witness" in its own log (appended by
-- `leaseledger key witness add`), never rows of a table that could say otherwise: the
-- partial index below finds them, as 0005's does the key rotations.
--
-- A cosignature (C2SP tlog-cosignature/v1, Ed25519, timestamped) is kept here, one row
-- per checkpoint and witness key, as the line the witness sent; `leaseledger checkpoint
-- cosign` stores it only after checking it is that witness's good signature over the
-- stored checkpoint, and `verify` checks it again from the line. Rows are append-only,
-- like the checkpoints they countersign. The writer inserts and selects; the reader
-- selects (0005's default privileges); nobody updates or deletes.

CREATE INDEX log_doc_witness ON ledger.log_doc (tenant_id, seq) WHERE kind = 'witness';

CREATE TABLE ledger.checkpoint_cosig (
    tenant_id    integer NOT NULL,
    size         bigint NOT NULL,
    key_name     text NOT NULL,
    key_id       bigint NOT NULL CHECK (key_id BETWEEN 0 AND 4294967295),
    cosigned_at  timestamptz NOT NULL,   -- the cosignature's own timestamp
    line         text NOT NULL CHECK (line LIKE E'\u2014 %' AND right(line, 1) = E'\n'),
    attached_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, size, key_name, key_id)
);
-- No foreign key to ledger.checkpoint: it would change how a TRUNCATE of the checkpoints
-- is refused (by the constraint, before the append-only trigger). `checkpoint cosign`
-- stores a row only for a stored checkpoint, and `verify` names a row without one.

CREATE TRIGGER checkpoint_cosig_append_only BEFORE UPDATE OR DELETE
    ON ledger.checkpoint_cosig FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER checkpoint_cosig_no_truncate BEFORE TRUNCATE
    ON ledger.checkpoint_cosig FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

REVOKE ALL ON ledger.checkpoint_cosig FROM PUBLIC;
GRANT SELECT, INSERT ON ledger.checkpoint_cosig TO ldg_writer;
GRANT SELECT ON ledger.checkpoint_cosig TO ldg_reader;

-- Auditors see the cosignatures of their tenant's checkpoints, filtered like 0006's views
-- (a login bound to a tenant sees that tenant's rows, one bound to '*' every tenant's).
CREATE VIEW audit.cosignatures WITH (security_barrier) AS
SELECT t.tenant,
       x.size,
       x.key_name,
       x.key_id,
       x.cosigned_at,
       x.line,
       x.attached_at
  FROM ledger.checkpoint_cosig x
  JOIN ledger.tenant t ON t.tenant_id = x.tenant_id
 WHERE t.tenant IN (SELECT CASE a.tenant WHEN '*' THEN t.tenant ELSE a.tenant END
                      FROM ledger.audit_login a WHERE a.login = session_user)
   AND t.tenant = coalesce(nullif(current_setting('leaseledger.tenant', true), ''), t.tenant);
GRANT SELECT ON audit.cosignatures TO ldg_auditor, ldg_reader;
