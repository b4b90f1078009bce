-- Read-only SQL for auditors (docs/audit.md): views in the schema "audit" over the
-- signed ledger, each showing only the rows of the tenant named in the session:
--
--     SET ROLE ldg_auditor;               -- or log in as a member (ldg_audit_login)
--     SET leaseledger.tenant = 'anthropic';
--     SELECT * FROM audit.invoices;
--
-- Without the setting (or with an unknown tenant) every view is empty. ldg_auditor
-- holds USAGE on this schema and SELECT on these views, nothing on the ledger schema:
-- a view reads the ledger with its owner's privileges and hands out only the filtered
-- rows.
--
-- Design: security_barrier views rather than row-level security on the ledger tables.
-- Policies on the tables would also apply to the writer and reader roles the programs
-- run as (every one would need a policy of its own, and a forgotten one fails
-- silently as "no rows"); the views leave the ledger as it is. security_barrier makes
-- PostgreSQL apply the tenant filter before any condition of the auditor's query that
-- could leak a filtered row (a function raising an error on it, say); only leakproof
-- conditions (comparisons on plain columns) are pushed down, so "WHERE seq = 42" still
-- uses the index.
--
-- The tenant setting selects; it does not authenticate. Whoever may use ldg_auditor may
-- name any tenant: give an outside auditor a database of its own tenant's data, or
-- access only through `leaseledger audit` and bundles (docs/audit.md, "Access").
--
-- Numbers: quantities and rates as numeric with 6 decimals, amounts with the currency's
-- minor digits (0 for JPY, 2 otherwise, as ledger/contract.c), and the exact micro-unit
-- integers next to them. Hashes and roots are standard base64, as in checkpoints.

CREATE SCHEMA audit;

-- Usage records, with whether a later correction names them and the leaf hash the
-- stored level-0 tile holds for their seq (what the signed tree commits to; `leaseledger
-- audit records` recomputes it from the record and `leaseledger verify` checks both
-- agree).
CREATE VIEW audit.records WITH (security_barrier) AS
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
 WHERE t.tenant = current_setting('leaseledger.tenant', true);

-- Issued invoices, supplementary invoices and credit notes, with the document as
-- logged (its "data").
CREATE VIEW audit.invoices WITH (security_barrier) AS
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
 WHERE t.tenant = current_setting('leaseledger.tenant', true);

CREATE VIEW audit.invoice_lines WITH (security_barrier) AS
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
 WHERE t.tenant = current_setting('leaseledger.tenant', true);

-- Signed checkpoints: the note verifies with the operator's public key
-- (`openssl pkeyutl -verify -rawin`, docs/audit.md).
CREATE VIEW audit.checkpoints WITH (security_barrier) AS
SELECT t.tenant,
       c.size,
       encode(c.root, 'base64') AS root,
       c.note,
       c.key_name,
       c.key_id,
       c.signed_at
  FROM ledger.checkpoint c
  JOIN ledger.tenant t ON t.tenant_id = c.tenant_id
 WHERE t.tenant = current_setting('leaseledger.tenant', true);

-- Privileges: the auditor reads these views and nothing else of ours; the reader may
-- use them too.
REVOKE ALL ON SCHEMA audit FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM PUBLIC;
GRANT USAGE ON SCHEMA audit TO ldg_auditor, ldg_reader;
GRANT SELECT ON audit.records, audit.invoices, audit.invoice_lines, audit.checkpoints
    TO ldg_auditor, ldg_reader;
REVOKE ALL ON SCHEMA ledger FROM ldg_auditor;
REVOKE ALL ON ALL TABLES IN SCHEMA ledger FROM ldg_auditor;
