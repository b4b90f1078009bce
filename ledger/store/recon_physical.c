/*
 * The physical-limit block findings (recon_physical.h).
 *
 * Per-meter load is cut into clock hours in SQL, by the split rule of rate.h written
 * with PostgreSQL's div() (integer quotient truncated toward zero, exact on numeric):
 * a record [s, e) of quantity q gives hour [h, h + 3600) the piece F(min(h + 3600, e))
 * - F(max(h, s)), F(x) = trunc(q (x - s) / (e - s)), so the pieces of a record sum to
 * q as the hourly rollups' do. The server aggregates, so memory stays bounded whatever
 * the number of records. Dropped: reading the records into C and cutting them with
 * ldg_rate_split (the rule in one place, but every record of a month crossing the
 * wire for a check that, on honest data, finds nothing), and a per-meter rollup table
 * (a migration and a second write on every ingest for one check).
 */
#include "ledger/store/recon_physical.h"

#include "ledger/entry.h"
#include "ledger/store/recon_sql.h"

#include <stdio.h>
#include <string.h>

/*
 * THE list of usage kinds that occupy a meter's GPUs in an hour (entry.h numbers):
 * GPU-hours delivered (1), downtime (3) and maintenance (4: LDG_KIND_MAINTENANCE, the
 * usage kind issue 10 adds; no record carries 4 before it). Every kind listed counts in
 * load_micros (the finding's "load"); used and down name the first two, so a kind
 * added here shows as load beyond them.
 */
#define SQL_METER_LOAD_KINDS "1, 3, 4"

/* $1 tenant id or NULL (the tenants reported; the sums are over all), $2, $3 period. */
static const char SQL_METER_OVERLOAD[] =
    "WITH " SQL_K ","
    " sv AS (SELECT site_id, valid_from AS vf, coalesce(lead(valid_from) OVER"
    "  (PARTITION BY site_id ORDER BY valid_from), 'infinity') AS vt, doc"
    "  FROM ledger.site_version),"
    " inv AS (SELECT sv.site_id, sv.vf, sv.vt, m->>'id' AS meter, m->>'class' AS cls,"
    "  (m->>'gpus')::bigint AS gpus FROM sv CROSS JOIN LATERAL jsonb_array_elements("
    "  CASE WHEN jsonb_typeof(sv.doc->'meters') = 'array' THEN sv.doc->'meters'"
    "  ELSE '[]'::jsonb END) m),"
    " r AS (SELECT u.tenant_id, u.site_id, u.meter, u.kind,"
    "  extract(epoch FROM u.start_at)::bigint AS s,"
    "  extract(epoch FROM u.end_at)::bigint AS e, u.qty_micros::numeric AS q"
    "  FROM ledger.usage u WHERE u.kind IN (" SQL_METER_LOAD_KINDS ")"
    "  AND u.start_at < to_timestamp($3) AND u.end_at > to_timestamp($2)"
    "  AND EXISTS (SELECT 1 FROM inv WHERE inv.site_id = u.site_id"
    "   AND inv.meter = u.meter)),"
    " h AS (SELECT r.tenant_id, r.site_id, r.meter, r.kind, hr,"
    "  div(r.q * (least(hr + 3600, r.e) - r.s), r.e - r.s)"
    "  - div(r.q * (greatest(hr, r.s) - r.s), r.e - r.s) AS piece"
    "  FROM r CROSS JOIN LATERAL generate_series("
    "  (greatest(r.s, $2::bigint) / 3600) * 3600, least(r.e, $3::bigint) - 1, 3600) hr),"
    " tot AS (SELECT site_id, meter, hr, sum(piece) AS load,"
    "  coalesce(sum(piece) FILTER (WHERE kind = 1), 0) AS used,"
    "  coalesce(sum(piece) FILTER (WHERE kind = 3), 0) AS down"
    "  FROM h GROUP BY site_id, meter, hr),"
    " o AS (SELECT tot.*, inv.gpus, inv.cls FROM tot JOIN inv"
    "  ON inv.site_id = tot.site_id AND inv.meter = tot.meter"
    "  AND inv.vf <= to_timestamp(tot.hr) AND inv.vt > to_timestamp(tot.hr)"
    "  WHERE tot.load > inv.gpus::numeric * 1000000),"
    " x AS (SELECT h.tenant_id, o.site_id, o.meter, o.hr AS t0, o.cls, o.used, o.down,"
    "  o.load, o.gpus, sum(h.piece) AS tq"
    "  FROM o JOIN h ON h.site_id = o.site_id AND h.meter = o.meter AND h.hr = o.hr"
    "  WHERE ($1::int IS NULL OR h.tenant_id = $1)"
    "  GROUP BY h.tenant_id, o.site_id, o.meter, o.hr, o.cls, o.used, o.down, o.load,"
    "  o.gpus HAVING sum(h.piece) <> 0)"
    " SELECT t.tenant, si.site, x.meter, x.cls, x.t0, x.used::bigint, x.down::bigint,"
    " x.load::bigint, x.gpus, x.tq::bigint, kc.contract_id"
    " FROM x JOIN ledger.tenant t ON t.tenant_id = x.tenant_id"
    " JOIN ledger.site si ON si.site_id = x.site_id" SQL_CONTRACT_OF("x", "x.t0",
                                                                     "x.t0 + 3600");

/*
 * Hours of period [$2, $3) where the usage of a kind (1 GPU-hours delivered: capacity;
 * 3 downtime: downtime_capacity) of a class, summed over every tenant at a site, is
 * above the GPUs of that class of the site version in force at the start of the hour;
 * one row per tenant ($1, or every tenant when NULL) with some of it: tenant, site,
 * class, hour (epoch), the sum, the GPUs, the tenant's part, the contract, the kind.
 * Both kinds in one pass over the period's rollups (issue 13: it was one statement per
 * kind, a tenth of billing 300 small tenants).
 */
static const char SQL_CLASS_OVER_SITE[] =
    "WITH " SQL_K ","
    " tot AS (SELECT site_id, hour, class, kind, sum(qty_micros)::bigint AS used"
    "  FROM ledger.usage_hourly WHERE kind IN (1, 3)"
    "  AND hour >= to_timestamp($2) AND hour < to_timestamp($3)"
    "  GROUP BY site_id, hour, class, kind),"
    " o AS (SELECT tot.site_id, tot.hour, tot.class, tot.kind, tot.used, cap.gpus FROM "
    "tot"
    "  CROSS JOIN LATERAL (SELECT coalesce((SELECT c.gpus FROM ledger.site_class c"
    "   WHERE c.site_id = v.site_id AND c.valid_from = v.valid_from"
    "   AND c.class = tot.class), 0) AS gpus"
    "   FROM ledger.site_version v WHERE v.site_id = tot.site_id"
    "   AND v.valid_from <= tot.hour ORDER BY v.valid_from DESC LIMIT 1) cap"
    "  WHERE tot.used > cap.gpus::numeric * 1000000),"
    " x AS (SELECT h.tenant_id, h.site_id, o.class, o.kind,"
    "  extract(epoch FROM o.hour)::bigint AS t0, o.used, o.gpus, h.qty_micros"
    "  FROM o JOIN ledger.usage_hourly h ON h.site_id = o.site_id AND h.hour = o.hour"
    "  AND h.kind = o.kind AND h.class = o.class"
    "  WHERE ($1::int IS NULL OR h.tenant_id = $1) AND h.qty_micros > 0)"
    " SELECT t.tenant, si.site, x.class, x.t0, x.used, x.gpus, x.qty_micros,"
    " kc.contract_id, x.kind"
    " FROM x JOIN ledger.tenant t ON t.tenant_id = x.tenant_id"
    " JOIN ledger.site si ON si.site_id = x.site_id" SQL_CONTRACT_OF("x", "x.t0",
                                                                     "x.t0 + 3600");

static void copy_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* Row i of SQL_CLASS_OVER_SITE's answer: a capacity or downtime_capacity finding. */
static void class_over_site_row(ldg_finding *f, const PGresult *res, int i)
{
    int usage = (int)ldg_store_int64(res, i, 8);

    ldg_recon_finding_init(f, usage == LDG_KIND_DOWNTIME ? LDG_RECON_DOWNTIME_CAPACITY
                                                         : LDG_RECON_CAPACITY);
    copy_str(f->tenant, sizeof(f->tenant), PQgetvalue(res, i, 0));
    copy_str(f->site, sizeof(f->site), PQgetvalue(res, i, 1));
    f->usage = usage;
    f->cls = ldg_class_to_gpu((int)ldg_store_int64(res, i, 2));
    f->from = ldg_store_int64(res, i, 3);
    f->to = f->from + LDG_SECS_PER_HOUR;
    f->n.capacity.used_micros = ldg_store_int64(res, i, 4);
    f->n.capacity.gpus = ldg_store_int64(res, i, 5);
    f->n.capacity.tenant_micros = ldg_store_int64(res, i, 6);
    copy_str(f->contract, sizeof(f->contract), PQgetvalue(res, i, 7));
}

static ldg_code add(ldg_findings *out, ldg_finding *f, ldg_period p, ldg_error *err)
{
    ldg_code rc;

    f->period = p;
    rc = ldg_recon_finding_id(f, err);
    return rc == LDG_OK ? ldg_recon_findings_add(out, f, err) : rc;
}

/* Whether any version of any site lists its meters: without an inventory no meter has
 * a limit, so SQL_METER_OVERLOAD finds nothing (and its plan may still read every
 * record of the period: 0.6 s for 250,000 records, issue 13). */
static ldg_code any_inventory(int *any, ldg_store *st, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT EXISTS (SELECT 1 FROM ledger.site_version"
                                 " WHERE jsonb_typeof(doc->'meters') = 'array'"
                                 " AND jsonb_array_length(doc->'meters') > 0)",
                                 0, NULL, err);

    *any = rc == LDG_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

static ldg_code meter_overload(ldg_findings *out, ldg_store *st,
                               const char *const params[3], ldg_period p, ldg_error *err)
{
    PGresult *res = NULL;
    int any = 0;
    ldg_code rc = any_inventory(&any, st, err);

    if (rc == LDG_OK && any)
        rc = ldg_store_exec(&res, st, SQL_METER_OVERLOAD, 3, params, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        const char *cls = PQgetvalue(res, i, 3);
        ldg_finding f;

        ldg_recon_finding_init(&f, LDG_RECON_METER_OVERLOAD);
        copy_str(f.tenant, sizeof(f.tenant), PQgetvalue(res, i, 0));
        copy_str(f.site, sizeof(f.site), PQgetvalue(res, i, 1));
        copy_str(f.meter, sizeof(f.meter), PQgetvalue(res, i, 2));
        /* the inventory names the class as the site does; energy meters ("") report
         * no load kind, and a class the core does not know stays unnamed */
        f.cls = ldg_class_to_gpu(ldg_class_parse(cls, strlen(cls)));
        f.from = ldg_store_int64(res, i, 4);
        f.to = f.from + LDG_SECS_PER_HOUR;
        f.n.meter.gpu_micros = ldg_store_int64(res, i, 5);
        f.n.meter.down_micros = ldg_store_int64(res, i, 6);
        f.n.meter.load_micros = ldg_store_int64(res, i, 7);
        f.n.meter.gpus = ldg_store_int64(res, i, 8);
        f.n.meter.tenant_micros = ldg_store_int64(res, i, 9);
        copy_str(f.contract, sizeof(f.contract), PQgetvalue(res, i, 10));
        rc = add(out, &f, p, err);
    }
    PQclear(res);
    return rc;
}

static ldg_code class_over_site(ldg_findings *out, ldg_store *st,
                                const char *const params[3], ldg_period p, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SQL_CLASS_OVER_SITE, 3, params, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_finding f;

        class_over_site_row(&f, res, i);
        rc = add(out, &f, p, err);
    }
    PQclear(res);
    return rc;
}

ldg_code ldg_recon_physical(ldg_findings *out, ldg_store *st, const char *tid,
                            ldg_period p, ldg_error *err)
{
    char ps[24], pe[24];
    const char *params[3] = { tid, ldg_store_i64(ps, p.start), ldg_store_i64(pe, p.end) };
    ldg_code rc = class_over_site(out, st, params, p, err);

    return rc == LDG_OK ? meter_overload(out, st, params, p, err) : rc;
}
