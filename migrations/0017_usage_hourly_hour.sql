SET LOCAL ROLE ldg_migrator;

-- The hourly rollups of every tenant in a range of hours (issue 13): the capacity and
-- downtime capacity checks (ledger/store/recon_physical.c, SQL_CLASS_OVER_SITE), which
-- every bill run asks once per period, sum a site's hours over all its tenants. Without
-- an index on the hour they read every rollup row of the table, a cost that grew with
-- every month of history: 172 ms for November at 300 tenants with a year of rollups
-- (716,400 rows), 29 ms with it (docs/BENCHMARKS.md). The rollup upsert of ingest keeps
-- one more index for it; its rows are one per tenant, hour, site, kind and class.
CREATE INDEX usage_hourly_hour ON ledger.usage_hourly (hour);
