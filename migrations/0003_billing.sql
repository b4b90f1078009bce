-- Billing: issued invoices and credit notes (each also an entry of the tenant's log),
-- their lines for reports, gapless numbering per series and year, reconciliation
-- acknowledgements, and the spool files taken by the nightly batch.

CREATE TABLE ledger.invoice (
    tenant_id     integer NOT NULL,
    number        text NOT NULL,
    seq           bigint NOT NULL,          -- its entry in the tenant's log
    kind          text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    contract_id   text NOT NULL,
    period        text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    amends        text,                     -- the original invoice's number
    currency      text NOT NULL,
    total_micros  bigint NOT NULL,
    issued_at     timestamptz NOT NULL,
    rated_size    bigint NOT NULL,
    rated_root    bytea NOT NULL,
    doc           jsonb NOT NULL,           -- the entry's data, as logged
    PRIMARY KEY (tenant_id, number),
    UNIQUE (tenant_id, seq)
);
-- exactly one original invoice per contract and period, whatever runs concurrently
CREATE UNIQUE INDEX invoice_one_original ON ledger.invoice (tenant_id, contract_id, period)
    WHERE amends IS NULL;
CREATE INDEX invoice_by_period ON ledger.invoice (tenant_id, period);

CREATE TABLE ledger.invoice_line (
    tenant_id     integer NOT NULL,
    number        text NOT NULL,
    line_no       integer NOT NULL,
    stream        text NOT NULL,
    class         text,
    from_at       timestamptz NOT NULL,
    to_at         timestamptz NOT NULL,
    qty_micros    bigint NOT NULL,
    unit          text NOT NULL,
    rate_micros   bigint NOT NULL,
    amount_micros bigint NOT NULL,
    PRIMARY KEY (tenant_id, number, line_no)
);

-- Last number issued per series and year; the row is updated in the transaction that
-- issues the invoice, so numbers are gapless (a rolled-back issue leaves no hole).
CREATE TABLE ledger.invoice_counter (
    tenant_id   integer NOT NULL,
    series      text NOT NULL,
    year        integer NOT NULL,
    last        integer NOT NULL CHECK (last >= 0),
    PRIMARY KEY (tenant_id, series, year)
);

-- A blocking reconciliation finding released by an operator (also a log entry, kind
-- "ack").
CREATE TABLE ledger.finding_ack (
    tenant_id   integer NOT NULL,
    finding_id  text NOT NULL,
    seq         bigint NOT NULL,
    reason      text NOT NULL CHECK (length(reason) > 0),
    acked_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, finding_id)
);

-- Index for corrections (ingest looks up the corrections of a record).
CREATE INDEX usage_corrections ON ledger.usage (tenant_id, corrects)
    WHERE corrects IS NOT NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['invoice', 'invoice_line', 'finding_ack']
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

REVOKE ALL ON ledger.invoice, ledger.invoice_line, ledger.invoice_counter,
    ledger.finding_ack FROM PUBLIC;
GRANT SELECT, INSERT ON ledger.invoice, ledger.invoice_line, ledger.finding_ack
    TO ldg_writer;
GRANT SELECT, INSERT, UPDATE ON ledger.invoice_counter TO ldg_writer;
GRANT SELECT ON ledger.invoice, ledger.invoice_line, ledger.invoice_counter,
    ledger.finding_ack TO ldg_reader;
