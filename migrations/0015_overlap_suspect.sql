SET LOCAL ROLE ldg_migrator;

-- The overlap answer kept at ingest (issue 13; DESIGN.md "Overlaps kept at ingest"). A
-- key is (tenant, site, meter, kind); only records that are not corrections (corrects IS
-- NULL) count, taken in append (seq) order:
--   overlap_suspect  each such record that started before its key's tail (the latest end
--                    of the key's records before it) when it was appended, by its seq;
--   overlap_tail     per key, the latest end of its records in the tails so far;
--   overlap_mark     per tenant, a seq: every record of the tenant below it is in the
--                    tails (the tails hold only committed records; both only grow).
-- Two records of one key that overlap make the later-appended one a suspect, and the
-- overlap lies inside it; so reconciliation runs its overlap query only over the keys
-- with a suspect intersecting the period (none: no query), and its findings are the
-- ones the query over every key gives. Ingest inserts the suspects in each chunk's
-- transaction, under the tenant's log head lock, which orders the appends of a tenant;
-- it keeps the tails of a run in memory and stores them, and the marks, after its last
-- chunk (a key's exact tail is max(stored tail, the ends of its records from the mark)).
CREATE TABLE ledger.overlap_tail (
    tenant_id   integer NOT NULL,
    site_id     smallint NOT NULL,
    kind        smallint NOT NULL,
    meter       text NOT NULL,
    end_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, site_id, meter, kind)
);

CREATE TABLE ledger.overlap_suspect (
    tenant_id   integer NOT NULL,
    seq         bigint NOT NULL,
    start_at    timestamptz NOT NULL,
    end_at      timestamptz NOT NULL,
    site_id     smallint NOT NULL,
    kind        smallint NOT NULL,
    meter       text NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    CHECK (end_at > start_at)
);
CREATE TABLE ledger.overlap_mark (
    tenant_id   integer PRIMARY KEY,
    seq         bigint NOT NULL CHECK (seq >= 0)
);

-- Reconciliation reads the suspects intersecting a period: those ending after its start
-- are the recent ones, whatever the history.
CREATE INDEX overlap_suspect_end ON ledger.overlap_suspect (tenant_id, end_at);

-- A suspect is never taken back (removing one would hide an overlap): append-only like
-- the log, even for the owner. A tail and a mark only grow.
CREATE TRIGGER overlap_suspect_append_only BEFORE UPDATE OR DELETE ON ledger.overlap_suspect
    FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change();
CREATE TRIGGER overlap_suspect_no_truncate BEFORE TRUNCATE ON ledger.overlap_suspect
    FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change();

CREATE FUNCTION ledger.overlap_tail_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.end_at < OLD.end_at THEN
        RAISE EXCEPTION 'the overlap tail of meter "%" only grows: % to % refused',
            OLD.meter, OLD.end_at, NEW.end_at USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER overlap_tail_grows BEFORE UPDATE ON ledger.overlap_tail
    FOR EACH ROW EXECUTE FUNCTION ledger.overlap_tail_grows();

CREATE FUNCTION ledger.overlap_mark_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'the overlap mark of tenant id % only grows: % to % refused',
            OLD.tenant_id, OLD.seq, NEW.seq USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER overlap_mark_grows BEFORE UPDATE ON ledger.overlap_mark
    FOR EACH ROW EXECUTE FUNCTION ledger.overlap_mark_grows();

GRANT SELECT, INSERT ON ledger.overlap_tail, ledger.overlap_mark, ledger.overlap_suspect
    TO ldg_writer;
GRANT UPDATE (end_at) ON ledger.overlap_tail TO ldg_writer;
GRANT UPDATE (seq) ON ledger.overlap_mark TO ldg_writer;
GRANT SELECT ON ledger.overlap_tail, ledger.overlap_mark, ledger.overlap_suspect
    TO ldg_reader;

-- Records already stored: the answer ingest would have written, appending them in seq
-- order. The tail before a record is the latest end of the earlier ones of its key.
INSERT INTO ledger.overlap_suspect (tenant_id, seq, start_at, end_at, site_id, kind, meter)
SELECT tenant_id, seq, start_at, end_at, site_id, kind, meter
FROM (
    SELECT u.tenant_id, u.seq, u.start_at, u.end_at, u.site_id, u.kind, u.meter,
           max(u.end_at) OVER (PARTITION BY u.tenant_id, u.site_id, u.meter, u.kind
                               ORDER BY u.seq
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS tail
    FROM ledger.usage u
    WHERE u.corrects IS NULL
) w
WHERE start_at < tail;

INSERT INTO ledger.overlap_tail (tenant_id, site_id, kind, meter, end_at)
SELECT tenant_id, site_id, kind, meter, max(end_at)
FROM ledger.usage
WHERE corrects IS NULL
GROUP BY tenant_id, site_id, kind, meter;

INSERT INTO ledger.overlap_mark (tenant_id, seq)
SELECT tenant_id, size FROM ledger.log_head;
