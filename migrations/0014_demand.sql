SET LOCAL ROLE ldg_migrator;

-- 15-minute energy sums (issue 10, DESIGN.md "demand"): per tenant, site and
-- quarter-hour, the energy of every record of at most 15 minutes, cut at quarter-hours
-- by the split rule (a record that short crosses at most one). Ingest upserts them in
-- the chunk's transaction, as it does ledger.usage_hourly; billing and `audit explain`
-- read the peak from them.
CREATE TABLE ledger.usage_quarter (
    tenant_id   integer NOT NULL,
    quarter     timestamptz NOT NULL,
    site_id     smallint NOT NULL,
    qty_micros  bigint NOT NULL,
    records     integer NOT NULL,
    PRIMARY KEY (tenant_id, quarter, site_id),
    CHECK (extract(epoch FROM quarter)::bigint % 900 = 0)
);

GRANT SELECT, INSERT ON ledger.usage_quarter TO ldg_writer;
GRANT UPDATE (qty_micros, records) ON ledger.usage_quarter TO ldg_writer;
GRANT SELECT ON ledger.usage_quarter TO ldg_reader;

-- Energy records already stored: the same pieces ingest would have written.
-- F(x) = trunc(q x (x - s) / (e - s)) at the quarter-hour x after the start.
INSERT INTO ledger.usage_quarter (tenant_id, quarter, site_id, qty_micros, records)
SELECT tenant_id, q, site_id, sum(piece)::bigint, count(*)::int
FROM (
    SELECT u.tenant_id, u.site_id, x.q, x.piece
    FROM ledger.usage u
    CROSS JOIN LATERAL (
        SELECT to_timestamp(qs) AS qstart, qs,
               extract(epoch FROM u.start_at)::bigint AS s,
               extract(epoch FROM u.end_at)::bigint AS e
        FROM (SELECT extract(epoch FROM u.start_at)::bigint
                     - mod(extract(epoch FROM u.start_at)::bigint, 900) AS qs) z
    ) b
    CROSS JOIN LATERAL (
        SELECT b.qstart AS q,
               CASE WHEN b.e <= b.qs + 900 THEN u.qty_micros::numeric
                    ELSE trunc(u.qty_micros::numeric * (b.qs + 900 - b.s) / (b.e - b.s))
               END AS piece
        UNION ALL
        SELECT to_timestamp(b.qs + 900),
               u.qty_micros::numeric
               - trunc(u.qty_micros::numeric * (b.qs + 900 - b.s) / (b.e - b.s))
        WHERE b.e > b.qs + 900
    ) x
    WHERE u.kind = 2 AND u.end_at - u.start_at <= interval '15 minutes'
) pieces
GROUP BY tenant_id, q, site_id;
