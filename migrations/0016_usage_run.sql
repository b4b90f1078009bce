SET LOCAL ROLE ldg_migrator;

-- Runs of usage entries (issue 13; DESIGN.md "Usage runs"; ledger/usage_run.h). For
-- each tenant and ingest chunk, one row: every seq from seq_lo to seq_hi is a usage
-- entry of the tenant, each at site site_id (NULL: at more than one), each starting in
-- [start_min, start_max] and ending in [end_min, end_max]. Every usage entry lies in
-- exactly one run. Billing reads the runs of a period to find the entries of an
-- invoice's basis, and reads entries one by one only in runs that straddle the period,
-- the term or a site. A wrong run makes a wrong basis, which the evidence bundle's
-- completeness check refuses (docs/bundle.md).
CREATE TABLE ledger.usage_run (
    tenant_id   integer NOT NULL,
    seq_lo      bigint NOT NULL,
    seq_hi      bigint NOT NULL,
    site_id     smallint,
    start_min   timestamptz NOT NULL,
    start_max   timestamptz NOT NULL,
    end_min     timestamptz NOT NULL,
    end_max     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seq_lo),
    CHECK (seq_lo >= 0 AND seq_hi >= seq_lo),
    CHECK (start_min <= start_max AND end_min <= end_max)
);

-- A period's runs are those ending after its start.
CREATE INDEX usage_run_end ON ledger.usage_run (tenant_id, end_max);

-- Append-only like the entries they describe, even for the owner.
CREATE TRIGGER usage_run_append_only BEFORE UPDATE OR DELETE ON ledger.usage_run
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER usage_run_no_truncate BEFORE TRUNCATE ON ledger.usage_run
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

GRANT SELECT, INSERT ON ledger.usage_run TO ldg_writer;
GRANT SELECT ON ledger.usage_run TO ldg_reader;

-- Entries already stored: runs of consecutive seqs, at most 20,000 entries each (an
-- ingest chunk's size).
INSERT INTO ledger.usage_run (tenant_id, seq_lo, seq_hi, site_id, start_min, start_max,
                              end_min, end_max)
SELECT tenant_id, min(seq), max(seq),
       CASE WHEN min(site_id) = max(site_id) THEN min(site_id) END,
       min(start_at), max(start_at), min(end_at), max(end_at)
FROM (
    SELECT u.tenant_id, u.seq, u.site_id, u.start_at, u.end_at,
           u.seq - row_number() OVER w AS island, (row_number() OVER w) / 20000 AS part
    FROM ledger.usage u
    WINDOW w AS (PARTITION BY u.tenant_id ORDER BY u.seq)
) x
GROUP BY tenant_id, island, part;
