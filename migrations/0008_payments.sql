SET LOCAL ROLE ldg_migrator;
-- Payments received (issue 9; docs/receivables.md "Payments in the ledger").
--
-- ledger.payment holds the payment entries of the tenants' logs (kind "payment") with
-- typed columns, as ledger.usage holds the usage entries: the canonical bytes of an
-- entry are rebuilt from them (ledger/entry.c ldg_entry_payment_bytes), so no JSON copy
-- is stored, and `verify` names a row that was altered. Idempotent by (tenant,
-- payment_id). amount_micros is in micro-units of the currency, a whole number of its
-- minor unit; reference and payer are '' when the bank gave none; assigned_by names the
-- person who assigned a payment that matched no tenant (NULL when matching found it).
--
-- ledger.payment_unmatched holds the payments that matched no tenant: no log entry (a
-- log is a tenant's), nothing lost. `payment assign` appends the payment to a tenant's
-- log; the unmatched row stays (the table is append-only like the logs), and a payment
-- counts as still unmatched while no log holds a payment of that id, amount, currency
-- and received instant. Its key is the payment id alone: it has no tenant (the one key
-- of the ledger that does not begin with the tenant; the table is small and would be a
-- reference table on Citus).

CREATE TABLE ledger.payment (
    tenant_id     integer NOT NULL REFERENCES ledger.tenant,
    seq           bigint NOT NULL CHECK (seq >= 0),
    payment_id    text NOT NULL CHECK (length(payment_id) BETWEEN 1 AND 256),
    received_at   timestamptz NOT NULL,
    amount_micros bigint NOT NULL CHECK (amount_micros > 0),
    currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reference     text NOT NULL CHECK (length(reference) <= 2048),
    payer         text NOT NULL CHECK (length(payer) <= 256),
    assigned_by   text CHECK (length(assigned_by) BETWEEN 1 AND 256),
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, payment_id)
);
-- a payment already in some tenant's log is not held as unmatched again
CREATE INDEX payment_by_id ON ledger.payment (payment_id);

CREATE TABLE ledger.payment_unmatched (
    payment_id    text PRIMARY KEY CHECK (length(payment_id) BETWEEN 1 AND 256),
    received_at   timestamptz NOT NULL,
    amount_micros bigint NOT NULL CHECK (amount_micros > 0),
    currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    reference     text NOT NULL CHECK (length(reference) <= 2048),
    payer         text NOT NULL CHECK (length(payer) <= 256),
    tenant_hint   text NOT NULL CHECK (length(tenant_hint) <= 256), -- CSV tenant, unknown
    source        text NOT NULL,                                    -- the file's name
    imported_at   timestamptz NOT NULL DEFAULT now()
);

-- The payments held that no log holds yet: what `payment list --unmatched` shows and
-- reconcile reports (payment_unmatched).
CREATE VIEW ledger.payment_pending AS
SELECT u.*
  FROM ledger.payment_unmatched u
 WHERE NOT EXISTS (SELECT 1 FROM ledger.payment p
                    WHERE p.payment_id = u.payment_id AND p.received_at = u.received_at
                      AND p.amount_micros = u.amount_micros AND p.currency = u.currency);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['payment', 'payment_unmatched']
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

REVOKE ALL ON ledger.payment, ledger.payment_unmatched, ledger.payment_pending FROM PUBLIC;
GRANT SELECT, INSERT ON ledger.payment, ledger.payment_unmatched TO ldg_writer;
GRANT SELECT ON ledger.payment_pending TO ldg_writer;
GRANT SELECT ON ledger.payment, ledger.payment_unmatched, ledger.payment_pending
    TO ldg_reader;
