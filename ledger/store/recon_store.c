/*
 * Reconciliation against the store. See recon_store.h.
 *
 * One query per kind of finding, each returning finished rows (tenant and site by
 * name, the contract assigned, epoch seconds), so this file only copies columns into
 * ldg_finding values. Times travel as epoch seconds (to_timestamp / extract) to keep
 * every query independent of the session's time zone. Overage, idle and SLA come from
 * the rating core, never from SQL arithmetic, so they always agree with the invoice.
 */
#include "ledger/store/recon_store.h"

#include "ledger/contract.h"
#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/rate.h"
#include "ledger/store/demand_store.h"
#include "ledger/store/logstore.h"
#include "ledger/store/pg_array.h"
#include "ledger/store/recon_physical.h"
#include "ledger/store/recon_sql.h"
#include "ledger/store/registry.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REASON_MAX 1024

/* $1 tenant id or NULL, $2 period start, $3 period end (epochs): the keys with a
 * suspect intersecting the period (migration 0015, ledger/overlap_tail.h), as four
 * arrays (tenant ids, site ids, meters, kinds); all NULL when there is none. */
static const char SQL_OVERLAP_KEYS[] =
    "SELECT array_agg(tenant_id)::text, array_agg(site_id)::text, array_agg(meter)::text,"
    " array_agg(kind)::text FROM (SELECT DISTINCT tenant_id, site_id, meter, kind"
    " FROM ledger.overlap_suspect WHERE ($1::int IS NULL OR tenant_id = $1)"
    " AND start_at < to_timestamp($3) AND end_at > to_timestamp($2)) s";

/* The same for several tenants' periods at once: $1 tenant ids, $2 period starts, $3
 * period ends (epochs), arrays of one element per period; one row per period with some
 * key (its place in the arrays from 1, then its four arrays). */
static const char SQL_OVERLAP_KEYS_OF[] =
    "SELECT q.ord, array_agg(s.tenant_id)::text, array_agg(s.site_id)::text,"
    " array_agg(s.meter)::text, array_agg(s.kind)::text"
    " FROM unnest($1::int[], $2::bigint[], $3::bigint[]) WITH ORDINALITY AS q(t, ps, pe, "
    "ord)"
    " CROSS JOIN LATERAL (SELECT DISTINCT tenant_id, site_id, meter, kind"
    " FROM ledger.overlap_suspect WHERE tenant_id = q.t"
    " AND start_at < to_timestamp(q.pe) AND end_at > to_timestamp(q.ps)) s GROUP BY "
    "q.ord";

/* $1 tenant id or NULL, $2 period start, $3 period end (epochs), $4..$7 the keys of
 * SQL_OVERLAP_KEYS: an overlap of two records lies inside a suspect of their key, so
 * the other keys hold none. Corrections are summed by tenant only (as before): they
 * name their record by event id. */
static const char SQL_OVERLAP[] =
    "WITH " SQL_K ","
    " c AS (SELECT tenant_id, corrects, sum(qty_micros)::bigint AS delta FROM "
    "ledger.usage"
    "  WHERE corrects IS NOT NULL AND ($1::int IS NULL OR tenant_id = $1)"
    "  AND tenant_id = ANY($4::int[])"
    "  AND start_at < to_timestamp($3) AND end_at > to_timestamp($2)"
    "  GROUP BY tenant_id, corrects),"
    " r AS (SELECT u.tenant_id, u.site_id, u.meter, u.kind, u.class, u.seq, u.event_id,"
    "  extract(epoch FROM u.start_at)::bigint AS s, extract(epoch FROM u.end_at)::bigint "
    "AS e,"
    "  u.qty_micros + coalesce(c.delta, 0) AS net"
    "  FROM ledger.usage u LEFT JOIN c ON c.tenant_id = u.tenant_id AND c.corrects = "
    "u.event_id"
    "  WHERE u.corrects IS NULL AND ($1::int IS NULL OR u.tenant_id = $1)"
    "  AND u.tenant_id = ANY($4::int[]) AND (u.tenant_id, u.site_id, u.meter, u.kind)"
    "  IN (SELECT * FROM unnest($4::int[], $5::smallint[], $6::text[], $7::smallint[]))"
    "  AND u.start_at < to_timestamp($3) AND u.end_at > to_timestamp($2)),"
    /* the earlier record (in start, seq order) that ends last, as [end, seq] */
    " w AS (SELECT r.*, max(ARRAY[e, seq]) OVER (PARTITION BY tenant_id, site_id, meter, "
    "kind"
    "  ORDER BY s, seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev"
    "  FROM r WHERE net <> 0),"
    " x AS (SELECT w.tenant_id, w.site_id, w.meter, w.kind, a.class AS class_a,"
    "  w.class AS class_b, a.event_id AS ev_a, a.seq AS seq_a, a.net AS net_a,"
    "  w.event_id AS ev_b, w.seq AS seq_b, w.net AS net_b, w.s AS t0, least(a.e, w.e) AS "
    "t1"
    "  FROM w JOIN r a ON a.tenant_id = w.tenant_id AND a.seq = w.prev[2]"
    "  WHERE w.prev[1] > w.s)"
    " SELECT t.tenant, si.site, x.meter, x.kind, x.class_a, x.class_b, x.ev_a, x.seq_a,"
    " x.net_a, x.ev_b, x.seq_b, x.net_b, x.t0, x.t1, kc.contract_id"
    " FROM x JOIN ledger.tenant t ON t.tenant_id = x.tenant_id"
    " JOIN ledger.site si ON si.site_id = x.site_id" SQL_CONTRACT_OF("x", "x.t0", "x.t1");

/* $1 tenant or NULL, $2, $3 period, $4 as_of's hour (epochs). */
static const char SQL_GAP[] =
    "WITH " SQL_K ","
    " win AS (SELECT tenant_id, contract_id, site_id,"
    "  greatest(extract(epoch FROM starts)::bigint, $2::bigint) AS w0,"
    "  least(extract(epoch FROM ends)::bigint, $3::bigint, $4::bigint) AS w1 FROM k),"
    /* the hours each record touches, clipped to its contract's window */
    " r AS (SELECT win.tenant_id, win.contract_id, win.site_id, win.w0, win.w1, u.meter,"
    "  u.kind, greatest((extract(epoch FROM u.start_at)::bigint / 3600) * 3600, win.w0) "
    "AS hs,"
    "  least(((extract(epoch FROM u.end_at)::bigint + 3599) / 3600) * 3600, win.w1) AS he"
    "  FROM win JOIN ledger.usage u ON u.tenant_id = win.tenant_id"
    "  AND u.site_id = win.site_id"
    "  WHERE win.w0 < win.w1 AND u.kind IN (1, 2) AND u.corrects IS NULL"
    "  AND u.start_at < to_timestamp(win.w1) AND u.end_at > to_timestamp(win.w0)),"
    " g AS (SELECT r.*, max(he) OVER (PARTITION BY tenant_id, contract_id, meter, kind"
    "  ORDER BY hs, he ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS cov FROM r),"
    /* leading and inner holes, then the trailing one */
    " holes AS (SELECT tenant_id, contract_id, site_id, meter, kind, w0, w1,"
    "  coalesce(cov, w0) AS h0, hs AS h1 FROM g WHERE hs > coalesce(cov, w0)"
    "  UNION ALL SELECT tenant_id, contract_id, site_id, meter, kind, w0, w1, max(he), w1"
    "  FROM r GROUP BY tenant_id, contract_id, site_id, meter, kind, w0, w1"
    "  HAVING max(he) < w1)"
    " SELECT t.tenant, si.site, h.contract_id, h.meter, h.kind,"
    " (sum(h.h1 - h.h0) / 3600)::bigint, (h.w1 - h.w0) / 3600, min(h.h0), max(h.h1) - "
    "3600"
    " FROM holes h JOIN ledger.tenant t ON t.tenant_id = h.tenant_id"
    " JOIN ledger.site si ON si.site_id = h.site_id"
    " GROUP BY t.tenant, si.site, h.contract_id, h.meter, h.kind, h.w0, h.w1";

/* $1 tenant or NULL, $2, $3 period. Per tenant, site and UTC day with energy metered,
 * one row per class used that day (class 0 and no GPU-hours when none): its GPU-hours
 * and the kW band of the site version in force at the day's start (NULL: built-in). */
static const char SQL_ENERGY[] =
    "WITH " SQL_K ","
    " h AS (SELECT tenant_id, site_id, (extract(epoch FROM hour)::bigint / 86400) * 86400"
    "  AS day, kind, class, sum(qty_micros)::bigint AS q FROM ledger.usage_hourly"
    "  WHERE ($1::int IS NULL OR tenant_id = $1) AND kind IN (1, 2)"
    "  AND hour >= to_timestamp($2) AND hour < to_timestamp($3)"
    "  GROUP BY 1, 2, 3, 4, 5),"
    " m AS (SELECT DISTINCT tenant_id, site_id FROM h WHERE kind = 2 AND q <> 0),"
    " x AS (SELECT h.tenant_id, h.site_id, h.day AS t0,"
    "  coalesce(sum(q) FILTER (WHERE kind = 2), 0)::bigint AS e"
    "  FROM h JOIN m ON m.tenant_id = h.tenant_id AND m.site_id = h.site_id"
    "  GROUP BY 1, 2, 3)"
    " SELECT t.tenant, si.site, x.t0, x.e, coalesce(g.class, 0), coalesce(g.q, 0),"
    "  kc.contract_id, b.kw_low_micros, b.kw_high_micros"
    " FROM x JOIN ledger.tenant t ON t.tenant_id = x.tenant_id"
    " JOIN ledger.site si ON si.site_id = x.site_id"
    " LEFT JOIN h g ON g.tenant_id = x.tenant_id AND g.site_id = x.site_id"
    "  AND g.day = x.t0 AND g.kind = 1"
    " LEFT JOIN LATERAL (SELECT c.kw_low_micros, c.kw_high_micros"
    "  FROM ledger.site_version v JOIN ledger.site_class c ON c.site_id = v.site_id"
    "  AND c.valid_from = v.valid_from AND c.class = g.class"
    "  WHERE v.site_id = x.site_id AND v.valid_from <= to_timestamp(x.t0)"
    "  ORDER BY v.valid_from DESC LIMIT 1) b ON true" SQL_CONTRACT_OF(
        "x", "x.t0", "x.t0 + 86400") " ORDER BY t.tenant, si.site, x.t0, 5";

/* $1 tenant or NULL: every contract with its tenant and site names. */
static const char SQL_CONTRACTS[] =
    "WITH " SQL_K " SELECT k.tenant_id, t.tenant, k.contract_id, k.site_id, si.site,"
    " extract(epoch FROM k.starts)::bigint, extract(epoch FROM k.ends)::bigint"
    " FROM k JOIN ledger.tenant t ON t.tenant_id = k.tenant_id"
    " JOIN ledger.site si ON si.site_id = k.site_id ORDER BY t.tenant, k.contract_id";

/* $1 tenant, $2 site, $3, $4 the covered part of the period: rollups to rate. */
static const char SQL_ROLLUPS[] =
    "SELECT extract(epoch FROM hour)::bigint, kind, class, qty_micros"
    " FROM ledger.usage_hourly WHERE tenant_id = $1 AND site_id = $2"
    " AND hour >= to_timestamp($3) AND hour < to_timestamp($4) AND qty_micros <> 0";

/* $1 tenant or NULL, $2, $3 period. Records of the period not inside any one term of
 * their tenant at their site, with every term there (as two text arrays of epochs). */
static const char SQL_OUTSIDE[] =
    "WITH " SQL_K ","
    " x AS (SELECT u.tenant_id, u.site_id, u.meter, u.kind, u.class, u.seq, u.event_id,"
    "  extract(epoch FROM u.start_at)::bigint AS s, extract(epoch FROM u.end_at)::bigint"
    "  AS e, u.qty_micros FROM ledger.usage u"
    "  WHERE ($1::int IS NULL OR u.tenant_id = $1)"
    "  AND u.start_at < to_timestamp($3) AND u.end_at > to_timestamp($2)"
    "  AND NOT EXISTS (SELECT 1 FROM k WHERE k.tenant_id = u.tenant_id"
    "   AND k.site_id = u.site_id AND k.starts <= u.start_at AND k.ends >= u.end_at))"
    " SELECT t.tenant, si.site, x.meter, x.kind, x.class, x.seq, x.event_id, x.s, x.e,"
    " x.qty_micros,"
    " ARRAY(SELECT extract(epoch FROM k.starts)::bigint FROM k"
    "  WHERE k.tenant_id = x.tenant_id AND k.site_id = x.site_id ORDER BY k.contract_id)"
    "  ::text,"
    " ARRAY(SELECT extract(epoch FROM k.ends)::bigint FROM k"
    "  WHERE k.tenant_id = x.tenant_id AND k.site_id = x.site_id ORDER BY k.contract_id)"
    "  ::text,"
    " kc.contract_id"
    " FROM x JOIN ledger.tenant t ON t.tenant_id = x.tenant_id"
    " JOIN ledger.site si ON si.site_id = x.site_id" SQL_CONTRACT_OF("x", "x.s", "x.e");

/* $1 tenant, $2 site, $3, $4 the covered part of the period: downtime records. */
static const char SQL_DOWNTIME[] =
    "SELECT u.meter, u.class, u.seq, u.event_id, extract(epoch FROM u.start_at)::bigint,"
    " extract(epoch FROM u.end_at)::bigint, u.qty_micros FROM ledger.usage u"
    " WHERE u.tenant_id = $1 AND u.site_id = $2 AND u.kind = 3 AND u.qty_micros <> 0"
    " AND u.start_at < to_timestamp($4) AND u.end_at > to_timestamp($3) ORDER BY u.seq";

typedef struct recon {
    ldg_store *st;
    ldg_findings *out;
    ldg_period p;
    const char *tid; /* tenant id as text, or NULL for all */
    char tidbuf[24], ps[24], pe[24], asof[24];
    ldg_time elapsed; /* hours before it have ended: as_of's hour, at most p.end */
} recon;

static void copy_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static ldg_code add(recon *r, ldg_finding *f, ldg_error *err)
{
    ldg_code rc;

    f->period = r->p;
    rc = ldg_recon_finding_id(f, err);
    if (rc == LDG_OK)
        rc = ldg_recon_findings_add(r->out, f, err);
    return rc;
}

/* Runs one of the queries above with ($1 tenant, $2 start, $3 end[, $4 as_of]). */
static ldg_code query(PGresult **res, recon *r, const char *sql, int nparams,
                      ldg_error *err)
{
    const char *params[4] = { r->tid, r->ps, r->pe, r->asof };

    return ldg_store_exec(res, r->st, sql, nparams, params, err);
}

/* Overlaps of records of one meter and kind, looked for only in the keys with a
 * suspect (row `row` of SQL_OVERLAP_KEYS's answer, or of SQL_OVERLAP_KEYS_OF's from
 * column 1: col; row -1 or NULL keys: none, and no query over the records at all). */
static ldg_code check_overlap_of(recon *r, const PGresult *keys, int row, int col,
                                 ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = LDG_OK;

    if (row >= 0 && !PQgetisnull(keys, row, col)) {
        const char *params[7] = { r->tid,
                                  r->ps,
                                  r->pe,
                                  PQgetvalue(keys, row, col),
                                  PQgetvalue(keys, row, col + 1),
                                  PQgetvalue(keys, row, col + 2),
                                  PQgetvalue(keys, row, col + 3) };
        rc = ldg_store_exec(&res, r->st, SQL_OVERLAP, 7, params, err);
    }
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_finding f;
        ldg_gpu_class ca = ldg_class_to_gpu((int)ldg_store_int64(res, i, 4)),
                      cb = ldg_class_to_gpu((int)ldg_store_int64(res, i, 5));

        ldg_recon_finding_init(&f, LDG_RECON_OVERLAP);
        copy_str(f.tenant, sizeof(f.tenant), PQgetvalue(res, i, 0));
        copy_str(f.site, sizeof(f.site), PQgetvalue(res, i, 1));
        copy_str(f.meter, sizeof(f.meter), PQgetvalue(res, i, 2));
        f.usage = (int)ldg_store_int64(res, i, 3);
        f.cls = ca == cb ? ca : LDG_GPU_NONE;
        copy_str(f.event[0], sizeof(f.event[0]), PQgetvalue(res, i, 6));
        f.seq[0] = ldg_store_int64(res, i, 7);
        f.n.overlap.qty_micros[0] = ldg_store_int64(res, i, 8);
        copy_str(f.event[1], sizeof(f.event[1]), PQgetvalue(res, i, 9));
        f.seq[1] = ldg_store_int64(res, i, 10);
        f.n.overlap.qty_micros[1] = ldg_store_int64(res, i, 11);
        f.from = ldg_store_int64(res, i, 12);
        f.to = ldg_store_int64(res, i, 13);
        copy_str(f.contract, sizeof(f.contract), PQgetvalue(res, i, 14));
        rc = add(r, &f, err);
    }
    PQclear(res);
    return rc;
}

static ldg_code check_overlap(recon *r, ldg_error *err)
{
    PGresult *keys = NULL;
    ldg_code rc = query(&keys, r, SQL_OVERLAP_KEYS, 3, err);

    if (rc == LDG_OK)
        rc = check_overlap_of(r, keys, 0, 0, err);
    PQclear(keys);
    return rc;
}

static ldg_code check_gap(recon *r, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = query(&res, r, SQL_GAP, 4, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_finding f;

        ldg_recon_finding_init(&f, LDG_RECON_GAP);
        copy_str(f.tenant, sizeof(f.tenant), PQgetvalue(res, i, 0));
        copy_str(f.site, sizeof(f.site), PQgetvalue(res, i, 1));
        copy_str(f.contract, sizeof(f.contract), PQgetvalue(res, i, 2));
        copy_str(f.meter, sizeof(f.meter), PQgetvalue(res, i, 3));
        f.usage = (int)ldg_store_int64(res, i, 4);
        f.n.gap.silent_hours = ldg_store_int64(res, i, 5);
        f.n.gap.window_hours = ldg_store_int64(res, i, 6);
        f.n.gap.first = ldg_store_int64(res, i, 7);
        f.n.gap.last = ldg_store_int64(res, i, 8);
        f.from = f.n.gap.first;
        f.to = f.n.gap.last + LDG_SECS_PER_HOUR;
        rc = add(r, &f, err);
    }
    PQclear(res);
    return rc;
}

/* Row i's class into f and its band into low, high: the site's, else the built-in. */
static void energy_class(ldg_finding *f, int64_t *low, int64_t *high, const PGresult *res,
                         int i)
{
    ldg_gpu_class c = ldg_class_to_gpu((int)ldg_store_int64(res, i, 4));

    if ((int)c < 0 || (int)c >= LDG_GPU_NCLASS)
        return;
    f->n.energy.gpu_micros[c] = ldg_store_int64(res, i, 5);
    if (!PQgetisnull(res, i, 7)) {
        low[c] = ldg_store_int64(res, i, 7);
        high[c] = ldg_store_int64(res, i, 8);
    } else if (ldg_contract_class_name(c)) {
        ldg_gpu_class_default_band(&low[c], &high[c], ldg_contract_class_name(c));
    }
}

static ldg_code check_energy(recon *r, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = query(&res, r, SQL_ENERGY, 3, err);
    int rows = rc == LDG_OK ? PQntuples(res) : 0;

    for (int i = 0; rc == LDG_OK && i < rows;) {
        int64_t low[LDG_GPU_NCLASS] = { 0 }, high[LDG_GPU_NCLASS] = { 0 };
        ldg_finding f;
        int j;

        ldg_recon_finding_init(&f, LDG_RECON_ENERGY);
        copy_str(f.tenant, sizeof(f.tenant), PQgetvalue(res, i, 0));
        copy_str(f.site, sizeof(f.site), PQgetvalue(res, i, 1));
        f.usage = LDG_KIND_ENERGY;
        f.from = ldg_store_int64(res, i, 2);
        f.to = f.from + 86400;
        f.n.energy.energy_micros = ldg_store_int64(res, i, 3);
        copy_str(f.contract, sizeof(f.contract), PQgetvalue(res, i, 6));
        for (j = i; j < rows && strcmp(PQgetvalue(res, j, 0), f.tenant) == 0 &&
                    strcmp(PQgetvalue(res, j, 1), f.site) == 0 &&
                    ldg_store_int64(res, j, 2) == f.from;
             j++)
            energy_class(&f, low, high, res, j);
        i = j;
        rc = ldg_recon_energy_check_bands(&f.n.energy.eval, f.n.energy.energy_micros,
                                          f.n.energy.gpu_micros, low, high, err);
        if (rc == LDG_OK && f.n.energy.eval.verdict != 0)
            rc = add(r, &f, err);
    }
    PQclear(res);
    return rc;
}

/* The epochs of a PostgreSQL bigint[] text ("{1,2}") into out[0..max); *n their
 * number. LDG_EINTERNAL when it does not parse or holds more than max. */
static ldg_code epoch_array(ldg_time *out, size_t max, size_t *n, const char *text,
                            ldg_error *err)
{
    const char *p = text;

    *n = 0;
    if (*p++ != '{')
        return ldg_error_set(err, LDG_EINTERNAL, "unexpected array \"%.32s\"", text);
    while (*p && *p != '}') {
        char *end;
        long long v = strtoll(p, &end, 10);

        if (end == p || *n == max)
            return ldg_error_set(err, LDG_EINTERNAL, "unexpected array \"%.32s\"", text);
        out[(*n)++] = (ldg_time)v;
        p = *end == ',' ? end + 1 : end;
    }
    return LDG_OK;
}

#define MAX_TERMS_AT_SITE 256 /* contracts of one tenant at one site */

static ldg_code check_outside(recon *r, ldg_error *err)
{
    ldg_time starts[MAX_TERMS_AT_SITE], ends[MAX_TERMS_AT_SITE];
    ldg_recon_part parts[MAX_TERMS_AT_SITE + 1];
    PGresult *res = NULL;
    ldg_code rc = query(&res, r, SQL_OUTSIDE, 3, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        size_t ns = 0, ne = 0, np = 0;
        ldg_time s = ldg_store_int64(res, i, 7), e = ldg_store_int64(res, i, 8);
        int64_t q = ldg_store_int64(res, i, 9);

        if ((rc = epoch_array(starts, MAX_TERMS_AT_SITE, &ns, PQgetvalue(res, i, 10),
                              err)) != LDG_OK ||
            (rc = epoch_array(ends, MAX_TERMS_AT_SITE, &ne, PQgetvalue(res, i, 11),
                              err)) != LDG_OK)
            break;
        if (ns != ne) {
            rc = ldg_error_set(err, LDG_EINTERNAL, "contract terms do not pair up");
            break;
        }
        ldg_recon_outside_parts(parts, &np, starts, ends, ns, s, e, q, r->p.start,
                                r->p.end);
        for (size_t j = 0; rc == LDG_OK && j < np; j++) {
            ldg_finding f;

            ldg_recon_finding_init(&f, LDG_RECON_OUTSIDE_TERM);
            copy_str(f.tenant, sizeof(f.tenant), PQgetvalue(res, i, 0));
            copy_str(f.site, sizeof(f.site), PQgetvalue(res, i, 1));
            copy_str(f.meter, sizeof(f.meter), PQgetvalue(res, i, 2));
            f.usage = (int)ldg_store_int64(res, i, 3);
            f.cls = ldg_class_to_gpu((int)ldg_store_int64(res, i, 4));
            f.seq[0] = ldg_store_int64(res, i, 5);
            copy_str(f.event[0], sizeof(f.event[0]), PQgetvalue(res, i, 6));
            copy_str(f.contract, sizeof(f.contract), PQgetvalue(res, i, 12));
            f.from = parts[j].from;
            f.to = parts[j].to;
            f.n.part.qty_micros = parts[j].qty_micros;
            f.n.part.record_micros = q;
            f.n.part.start = s;
            f.n.part.end = e;
            rc = add(r, &f, err);
        }
    }
    PQclear(res);
    return rc;
}

/* Rated findings ----------------------------------------------------------------------
 */

typedef struct rated {
    int64_t used[LDG_GPU_NCLASS], down[LDG_GPU_NCLASS];        /* from the rollups */
    int64_t reserved[LDG_GPU_NCLASS], overage[LDG_GPU_NCLASS]; /* from the draft */
    /* the same in the elapsed hours only (recon.elapsed), for idle */
    int64_t used_elapsed[LDG_GPU_NCLASS], reserved_elapsed[LDG_GPU_NCLASS];
    int64_t maint[LDG_GPU_NCLASS]; /* maintenance GPU-hours, from the rollups */
} rated;

/* The contract a rating is for, by name, for the findings. */
typedef struct named {
    const char *tenant, *site, *contract;
} named;

/* Downtime records whose part in windows where their class has no terms the SLA
 * ignores: one downtime_no_terms finding each. */
static ldg_code check_downtime_no_terms(recon *r, const ldg_rating *rt, const named *nm,
                                        const char *const params[4], ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, r->st, SQL_DOWNTIME, 4, params, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_usage u = { .kind = LDG_USAGE_DOWNTIME };
        ldg_time from = 0, to = 0;
        int64_t q = 0;
        ldg_finding f;

        u.cls = ldg_class_to_gpu((int)ldg_store_int64(res, i, 1));
        u.start = ldg_store_int64(res, i, 4);
        u.end = ldg_store_int64(res, i, 5);
        u.qty_micros = ldg_store_int64(res, i, 6);
        if ((rc = ldg_rate_ignored_downtime(&q, &from, &to, rt, &u, err)) != LDG_OK)
            break;
        if (q == 0)
            continue;
        ldg_recon_finding_init(&f, LDG_RECON_DOWNTIME_NO_TERMS);
        copy_str(f.tenant, sizeof(f.tenant), nm->tenant);
        copy_str(f.site, sizeof(f.site), nm->site);
        copy_str(f.contract, sizeof(f.contract), nm->contract);
        copy_str(f.meter, sizeof(f.meter), PQgetvalue(res, i, 0));
        f.usage = LDG_KIND_DOWNTIME;
        f.cls = u.cls;
        f.seq[0] = ldg_store_int64(res, i, 2);
        copy_str(f.event[0], sizeof(f.event[0]), PQgetvalue(res, i, 3));
        f.from = from;
        f.to = to;
        f.n.part.qty_micros = q;
        f.n.part.record_micros = u.qty_micros;
        f.n.part.start = u.start;
        f.n.part.end = u.end;
        rc = add(r, &f, err);
    }
    PQclear(res);
    return rc;
}

/* A rollup rating skips (maintenance) into sums->maint. */
static ldg_code add_maintenance(rated *sums, const PGresult *res, int i, ldg_error *err)
{
    ldg_gpu_class c = ldg_class_to_gpu((int)ldg_store_int64(res, i, 2));

    if (ldg_store_int64(res, i, 1) != LDG_KIND_MAINTENANCE || (int)c < 0 ||
        (int)c >= LDG_GPU_NCLASS)
        return LDG_OK;
    return ldg_fixed_add(&sums->maint[c], sums->maint[c], ldg_store_int64(res, i, 3),
                         err);
}

/* Rates one contract's part of the period from the rollups, as billing does. */
static ldg_code rate_contract(ldg_draft **out, rated *sums, recon *r,
                              const ldg_contract *c, const named *nm,
                              const char *tenant_id, const char *site_id, ldg_time from,
                              ldg_time to, ldg_error *err)
{
    char f[24], e[24];
    const char *params[4] = { tenant_id, site_id, ldg_store_i64(f, from),
                              ldg_store_i64(e, to) };
    PGresult *res = NULL;
    ldg_rating *rt = NULL;
    ldg_code rc = ldg_store_exec(&res, r->st, SQL_ROLLUPS, 4, params, err);

    *out = NULL;
    if (rc == LDG_OK)
        rc = ldg_rate_new(&rt, c, r->p, err);
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_usage u;

        if (!ldg_rollup_row_usage(&u, res, i)) {
            rc = add_maintenance(sums, res, i, err);
            continue;
        }
        rc = ldg_rate_add(rt, &u, err);
        if (rc == LDG_OK && u.cls != LDG_GPU_NONE && u.kind == LDG_USAGE_GPU)
            rc = ldg_fixed_add(&sums->used[u.cls], sums->used[u.cls], u.qty_micros, err);
        /* a rollup is one hour: elapsed when it starts before the elapsed bound */
        if (rc == LDG_OK && u.cls != LDG_GPU_NONE && u.kind == LDG_USAGE_GPU &&
            u.start < r->elapsed)
            rc = ldg_fixed_add(&sums->used_elapsed[u.cls], sums->used_elapsed[u.cls],
                               u.qty_micros, err);
        if (rc == LDG_OK && u.cls != LDG_GPU_NONE && u.kind == LDG_USAGE_DOWNTIME)
            rc = ldg_fixed_add(&sums->down[u.cls], sums->down[u.cls], u.qty_micros, err);
    }
    if (rc == LDG_OK && ldg_rate_has_ignored_downtime(rt))
        rc = check_downtime_no_terms(r, rt, nm, params, err);
    if (rc == LDG_OK)
        rc = ldg_rate_finish(out, rt, err);
    ldg_rate_free(rt);
    PQclear(res);
    return rc;
}

static void rated_base(ldg_finding *f, ldg_recon_kind kind, const char *tenant,
                       const char *site, const char *contract, ldg_gpu_class cls,
                       ldg_time from, ldg_time to)
{
    ldg_recon_finding_init(f, kind);
    copy_str(f->tenant, sizeof(f->tenant), tenant);
    copy_str(f->site, sizeof(f->site), site);
    copy_str(f->contract, sizeof(f->contract), contract);
    f->cls = cls;
    f->from = from;
    f->to = to;
}

static ldg_code rated_findings(recon *r, const ldg_draft *d, const rated *s,
                               const char *tenant, const char *site, const char *contract,
                               ldg_error *err)
{
    ldg_time from = ldg_rate_draft_covered_from(d), to = ldg_rate_draft_covered_to(d);
    ldg_code rc = LDG_OK;

    for (int c = 0; rc == LDG_OK && c < LDG_GPU_NCLASS; c++) {
        ldg_finding f;

        if (s->overage[c] > 0) {
            rated_base(&f, LDG_RECON_OVERAGE, tenant, site, contract, (ldg_gpu_class)c,
                       from, to);
            f.usage = LDG_KIND_GPU;
            f.n.overage.used_micros = s->used[c];
            f.n.overage.reserved_micros = s->reserved[c];
            f.n.overage.overage_micros = s->overage[c];
            rc = add(r, &f, err);
        }
        /* below half of the elapsed hours' reservation: 2U < R, exact (the hours
         * not yet over would otherwise count as idle) */
        if (rc == LDG_OK && s->reserved_elapsed[c] > 0 &&
            (ldg_i128)s->used_elapsed[c] * 2 < (ldg_i128)s->reserved_elapsed[c]) {
            rated_base(&f, LDG_RECON_IDLE, tenant, site, contract, (ldg_gpu_class)c, from,
                       to);
            f.usage = LDG_KIND_GPU;
            f.n.idle.used_micros = s->used_elapsed[c];
            f.n.idle.reserved_micros = s->reserved_elapsed[c];
            f.n.idle.so_far = r->elapsed < r->p.end;
            rc = add(r, &f, err);
        }
    }
    for (size_t i = 0; rc == LDG_OK && i < ldg_rate_draft_line_count(d); i++) {
        const ldg_line *l = ldg_rate_draft_line(d, i);
        ldg_finding f;
        int64_t rsv, down;

        if (l->stream != LDG_STREAM_SLA_CREDIT || l->cls == LDG_GPU_NONE)
            continue;
        rsv = s->reserved[l->cls];
        down = s->down[l->cls] < 0 ? 0 : s->down[l->cls] > rsv ? rsv : s->down[l->cls];
        rated_base(&f, LDG_RECON_SLA, tenant, site, contract, l->cls, l->from, l->to);
        f.usage = LDG_KIND_DOWNTIME;
        f.n.sla.downtime_micros = s->down[l->cls];
        f.n.sla.reserved_micros = rsv;
        f.n.sla.percent_micros = -l->rate_micros * 100;
        f.n.sla.credit_micros = l->amount_micros;
        f.n.sla.digits = ldg_rate_draft_currency_digits(d);
        copy_str(f.n.sla.currency, sizeof(f.n.sla.currency), ldg_rate_draft_currency(d));
        rc = rsv > 0 ? ldg_fixed_muldiv(&f.n.sla.availability_micros, rsv - down,
                                        100 * LDG_MICRO, rsv, err)
                     : LDG_OK;
        if (rc == LDG_OK)
            rc = add(r, &f, err);
    }
    return rc;
}

/*
 * Maintenance beyond the SLA's allowance (issue 10): per class, the period's maintenance
 * GPU-hours (inside the term) above maintenance_hours_per_month x the class's reserved
 * GPUs, both from the terms in force in the last billed hour, is a block finding. A
 * contract whose SLA states no allowance allows any maintenance.
 */
/* Whether terms t allow maintenance hours, so that maintenance beyond them is found. */
static int allows_maintenance(const ldg_terms *t)
{
    return t->sla.present && t->sla.maintenance_hours >= 0;
}

int ldg_recon_maintenance_checked(const ldg_contract *c, ldg_time to)
{
    ldg_terms t;
    ldg_error ignored;

    ldg_error_clear(&ignored);
    return ldg_contract_terms_at(&t, c, to - 1, &ignored) != LDG_OK ||
           allows_maintenance(&t);
}

static ldg_code check_maintenance(recon *r, const ldg_contract *c, const rated *s,
                                  const named *nm, ldg_time from, ldg_time to,
                                  ldg_error *err)
{
    ldg_terms t;
    ldg_code rc = ldg_contract_terms_at(&t, c, to - 1, err);

    if (rc != LDG_OK || !allows_maintenance(&t))
        return rc;
    for (int k = 0; rc == LDG_OK && k < LDG_GPU_NCLASS; k++) {
        int64_t gpus = t.gpu[k].present ? t.gpu[k].reserved : 0, allowed = 0;
        ldg_finding f;

        if (s->maint[k] <= 0)
            continue;
        if ((rc = ldg_fixed_muldiv(&allowed, t.sla.maintenance_hours * LDG_MICRO, gpus, 1,
                                   err)) != LDG_OK ||
            s->maint[k] <= allowed)
            continue;
        rated_base(&f, LDG_RECON_MAINTENANCE, nm->tenant, nm->site, nm->contract,
                   (ldg_gpu_class)k, from, to);
        f.usage = LDG_KIND_MAINTENANCE;
        f.n.maintenance.maintenance_micros = s->maint[k];
        f.n.maintenance.allowed_micros = allowed;
        f.n.maintenance.hours_per_month = t.sla.maintenance_hours;
        f.n.maintenance.reserved_gpus = gpus;
        rc = add(r, &f, err);
    }
    return rc;
}

/* Adds a reserved line to sums: whole, and its part in the hours before elapsed (the
 * line's quantity is the GPUs times its window's hours, so the part is exact). */
static ldg_code add_reserved(rated *sums, const ldg_line *l, ldg_time elapsed,
                             ldg_error *err)
{
    ldg_time span = l->to - l->from;
    ldg_time done = elapsed <= l->from ? 0 : elapsed >= l->to ? span : elapsed - l->from;
    int64_t part = 0;
    ldg_code rc = ldg_fixed_add(&sums->reserved[l->cls], sums->reserved[l->cls],
                                l->qty_micros, err);

    if (rc == LDG_OK && span > 0)
        rc = ldg_fixed_muldiv(&part, l->qty_micros, done, span, err);
    if (rc == LDG_OK)
        rc = ldg_fixed_add(&sums->reserved_elapsed[l->cls],
                           sums->reserved_elapsed[l->cls], part, err);
    return rc;
}

/* demand_data and power_overage (reconcile.h) of one contract with demand terms. */
static ldg_code check_demand(recon *r, const ldg_contract *c, const named *nm,
                             int32_t tenant_id, int16_t site_id, ldg_error *err)
{
    ldg_demand_findings df;
    ldg_finding f;
    ldg_code rc = ldg_demand_store_findings(&df, r->st, tenant_id, site_id, c, r->p,
                                            r->elapsed, err);

    if (rc != LDG_OK || !df.applies)
        return rc;
    if (df.missing > 0 || df.coarse_micros != 0) {
        /* over the covered part, not the hours so far: the id stays put */
        rated_base(&f, LDG_RECON_DEMAND_DATA, nm->tenant, nm->site, nm->contract,
                   LDG_GPU_NONE, df.res.from, df.res.to);
        f.usage = LDG_KIND_ENERGY;
        f.n.demand.quarters = df.quarters;
        f.n.demand.missing = df.missing;
        f.n.demand.first_missing = df.first_missing;
        f.n.demand.coarse_micros = df.coarse_micros;
        rc = add(r, &f, err);
    }
    if (rc == LDG_OK && df.res.has_data && df.res.terms.capacity_kw_micros > 0 &&
        df.res.peak_kw_micros > df.res.terms.capacity_kw_micros) {
        rated_base(&f, LDG_RECON_POWER_OVERAGE, nm->tenant, nm->site, nm->contract,
                   LDG_GPU_NONE, df.res.peak_at, df.res.peak_at + LDG_DEMAND_QUARTER);
        f.usage = LDG_KIND_ENERGY;
        f.n.demand.peak_kw_micros = df.res.peak_kw_micros;
        f.n.demand.capacity_kw_micros = df.res.terms.capacity_kw_micros;
        rc = add(r, &f, err);
    }
    return rc;
}

static ldg_code check_rated(recon *r, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = query(&res, r, SQL_CONTRACTS, 1, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        const char *tenant = PQgetvalue(res, i, 1), *cid = PQgetvalue(res, i, 2),
                   *site = PQgetvalue(res, i, 4);
        ldg_time starts = ldg_store_int64(res, i, 5), ends = ldg_store_int64(res, i, 6);
        ldg_time from = starts > r->p.start ? starts : r->p.start,
                 to = ends < r->p.end ? ends : r->p.end;
        ldg_contract *c = NULL;
        ldg_draft *d = NULL;
        named nm = { tenant, site, cid };
        rated sums;

        if (from >= to)
            continue; /* the contract covers no hour of the period */
        memset(&sums, 0, sizeof(sums));
        rc = ldg_registry_contract(&c, r->st, (int32_t)ldg_store_int64(res, i, 0), cid,
                                   err);
        if (rc == LDG_OK)
            rc = rate_contract(&d, &sums, r, c, &nm, PQgetvalue(res, i, 0),
                               PQgetvalue(res, i, 3), from, to, err);
        for (size_t j = 0; rc == LDG_OK && j < ldg_rate_draft_line_count(d); j++) {
            const ldg_line *l = ldg_rate_draft_line(d, j);
            if (l->cls == LDG_GPU_NONE)
                continue;
            if (l->stream == LDG_STREAM_GPU_RESERVED)
                rc = add_reserved(&sums, l, r->elapsed, err);
            else if (l->stream == LDG_STREAM_GPU_OVERAGE)
                rc = ldg_fixed_add(&sums.overage[l->cls], sums.overage[l->cls],
                                   l->qty_micros, err);
        }
        if (rc == LDG_OK)
            rc = rated_findings(r, d, &sums, tenant, site, cid, err);
        if (rc == LDG_OK)
            rc = check_maintenance(r, c, &sums, &nm, from, to, err);
        if (rc == LDG_OK)
            rc = check_demand(r, c, &nm, (int32_t)ldg_store_int64(res, i, 0),
                              (int16_t)ldg_store_int64(res, i, 3), err);
        if (rc != LDG_OK)
            ldg_error_where(err, "reconciling contract \"%s\" of tenant \"%s\"", cid,
                            tenant);
        ldg_rate_draft_free(d);
        ldg_contract_free(c);
    }
    PQclear(res);
    return rc;
}

/* $1 tenant, $2 site, $3, $4 the covered part of the period: maintenance by class. */
static const char SQL_MAINTENANCE[] =
    "SELECT class, sum(qty_micros)::bigint FROM ledger.usage_hourly"
    " WHERE tenant_id = $1 AND site_id = $2 AND kind = 4"
    " AND hour >= to_timestamp($3) AND hour < to_timestamp($4) GROUP BY class";

/* check_maintenance for one contract alone, without rating it: what billing holds on. */
static ldg_code maintenance_blocking(recon *r, const char *contract_id, ldg_error *err)
{
    PGresult *res = NULL, *m = NULL;
    ldg_code rc = query(&res, r, SQL_CONTRACTS, 1, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_time from = ldg_store_int64(res, i, 5), to = ldg_store_int64(res, i, 6);
        named nm = { PQgetvalue(res, i, 1), PQgetvalue(res, i, 4), contract_id };
        ldg_contract *c = NULL;
        rated sums;
        char f[24], e[24];

        from = from > r->p.start ? from : r->p.start;
        to = to < r->p.end ? to : r->p.end;
        if (strcmp(PQgetvalue(res, i, 2), contract_id) != 0 || from >= to)
            continue;
        memset(&sums, 0, sizeof(sums));
        {
            const char *params[4] = { PQgetvalue(res, i, 0), PQgetvalue(res, i, 3),
                                      ldg_store_i64(f, from), ldg_store_i64(e, to) };
            rc = ldg_store_exec(&m, r->st, SQL_MAINTENANCE, 4, params, err);
        }
        for (int j = 0; rc == LDG_OK && j < PQntuples(m); j++) {
            ldg_gpu_class k = ldg_class_to_gpu((int)ldg_store_int64(m, j, 0));

            if ((int)k >= 0 && (int)k < LDG_GPU_NCLASS)
                sums.maint[k] = ldg_store_int64(m, j, 1);
        }
        PQclear(m);
        m = NULL;
        if (rc == LDG_OK)
            rc = ldg_registry_contract(&c, r->st, (int32_t)ldg_store_int64(res, i, 0),
                                       contract_id, err);
        if (rc == LDG_OK)
            rc = check_maintenance(r, c, &sums, &nm, from, to, err);
        ldg_contract_free(c);
    }
    PQclear(res);
    return rc;
}

/* Acknowledgements ------------------------------------------------------------------- */

typedef struct ack_ref {
    const char *tenant, *id;
} ack_ref;

static int cmp_ack(const void *va, const void *vb)
{
    const ack_ref *a = va, *b = vb;
    int c = strcmp(a->id, b->id);
    return c ? c : strcmp(a->tenant, b->tenant);
}

/* Sets the acknowledged flag of out->items[first..]. */
static ldg_code mark_acked(recon *r, size_t first, ldg_error *err)
{
    PGresult *res = NULL;
    ack_ref *refs = NULL;
    int n;
    ldg_code rc = query(&res, r,
                        "SELECT t.tenant, a.finding_id FROM ledger.finding_ack a"
                        " JOIN ledger.tenant t ON t.tenant_id = a.tenant_id"
                        " WHERE $1::int IS NULL OR a.tenant_id = $1",
                        1, err);

    if (rc != LDG_OK)
        return rc;
    n = PQntuples(res);
    if (n > 0 && !(refs = calloc((size_t)n, sizeof(*refs)))) {
        PQclear(res);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        refs[i].tenant = PQgetvalue(res, i, 0);
        refs[i].id = PQgetvalue(res, i, 1);
    }
    if (n > 1)
        qsort(refs, (size_t)n, sizeof(*refs), cmp_ack);
    for (size_t i = first; n > 0 && i < r->out->n; i++) {
        ldg_finding *f = &r->out->items[i];
        ack_ref key = { f->tenant, f->id };
        f->acknowledged = bsearch(&key, refs, (size_t)n, sizeof(*refs), cmp_ack) != NULL;
    }
    free(refs);
    PQclear(res);
    return LDG_OK;
}

/* Payments received in the period that match no tenant (ledger.payment_pending): one
 * warning each. They belong to no tenant, so only a run over every tenant shows them. */
static ldg_code check_payments(recon *r, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc;

    if (r->tid)
        return LDG_OK;
    rc =
        query(&res, r,
              "SELECT payment_id, extract(epoch FROM received_at)::bigint, amount_micros,"
              " currency FROM ledger.payment_pending WHERE $1::int IS NULL"
              " AND received_at >= to_timestamp($2) AND received_at < to_timestamp($3)"
              " ORDER BY received_at, payment_id",
              3, err);
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_finding f;

        ldg_recon_finding_init(&f, LDG_RECON_PAYMENT_UNMATCHED);
        copy_str(f.event[0], sizeof(f.event[0]), PQgetvalue(res, i, 0));
        f.from = ldg_store_int64(res, i, 1);
        f.to = f.from + 1;
        f.n.payment.amount_micros = ldg_store_int64(res, i, 2);
        copy_str(f.n.payment.currency, sizeof(f.n.payment.currency),
                 PQgetvalue(res, i, 3));
        f.n.payment.digits = ldg_contract_currency_digits(f.n.payment.currency);
        rc = add(r, &f, err);
    }
    PQclear(res);
    return rc;
}

static void recon_init(recon *r, ldg_store *st, ldg_findings *out, int32_t tenant_id,
                       ldg_period p, ldg_time as_of)
{
    /* hours from as_of's on have not ended: they cannot be silent yet */
    ldg_time hour =
        as_of - (((as_of % LDG_SECS_PER_HOUR) + LDG_SECS_PER_HOUR) % LDG_SECS_PER_HOUR);

    memset(r, 0, sizeof(*r));
    r->st = st;
    r->out = out;
    r->p = p;
    r->tid = tenant_id > 0 ? ldg_store_i64(r->tidbuf, tenant_id) : NULL;
    ldg_store_i64(r->ps, p.start);
    ldg_store_i64(r->pe, p.end);
    ldg_store_i64(r->asof, hour);
    r->elapsed = hour < p.end ? hour : p.end;
}

ldg_code ldg_recon_run(ldg_findings *out, ldg_store *st, const char *tenant, ldg_period p,
                       ldg_time as_of, ldg_error *err)
{
    int32_t tenant_id = 0;
    size_t first = out->n;
    recon r;
    ldg_code rc = tenant ? ldg_tenant_id(&tenant_id, st, tenant, err) : LDG_OK;

    if (rc != LDG_OK)
        return rc;
    recon_init(&r, st, out, tenant_id, p, as_of);
    if ((rc = check_overlap(&r, err)) == LDG_OK &&
        (rc = ldg_recon_physical(out, st, r.tid, p, err)) == LDG_OK &&
        (rc = check_gap(&r, err)) == LDG_OK && (rc = check_energy(&r, err)) == LDG_OK &&
        (rc = check_outside(&r, err)) == LDG_OK &&
        (rc = check_rated(&r, err)) == LDG_OK && (rc = check_payments(&r, err)) == LDG_OK)
        rc = mark_acked(&r, first, err);
    if (rc == LDG_OK)
        ldg_recon_sort(out->items + first, out->n - first);
    return rc;
}

ldg_code ldg_recon_over_capacity(int *any, ldg_store *st, ldg_period p, ldg_error *err)
{
    ldg_findings fs = { 0 };
    ldg_code rc = ldg_recon_physical(&fs, st, NULL, p, err);

    *any = fs.n > 0;
    ldg_recon_findings_cleanup(&fs);
    return rc;
}

/* The keys' arrays of each period, one element each. */
static ldg_code keys_arrays(const char *params[3], ldg_pg_arrays *a,
                            const int32_t *tenant_ids, const ldg_period *periods,
                            size_t n, ldg_error *err)
{
    ldg_code rc = ldg_pg_arrays_open(a, 3, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        if (tenant_ids[i] <= 0)
            return ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant id %" PRId32,
                                 tenant_ids[i]);
        rc = ldg_pg_arrays_i64(a, 0, tenant_ids[i], err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_i64(a, 1, periods[i].start, err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_i64(a, 2, periods[i].end, err);
    }
    return rc == LDG_OK ? ldg_pg_arrays_close(params, a, err) : rc;
}

ldg_code ldg_recon_blocking_send(ldg_store_ticket *ticket, ldg_store *st,
                                 const int32_t *tenant_ids, const ldg_period *periods,
                                 size_t n, ldg_error *err)
{
    const char *params[3];
    ldg_pg_arrays a = { 0 };
    ldg_code rc = keys_arrays(params, &a, tenant_ids, periods, n, err);

    if (rc == LDG_OK)
        rc = ldg_store_send(ticket, st, SQL_OVERLAP_KEYS_OF, 3, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

ldg_code ldg_recon_blocking_take(int *count, ldg_store *st, const PGresult *keys,
                                 size_t i, int32_t tenant_id, const char *contract_id,
                                 ldg_period p, int with_capacity, int with_maintenance,
                                 ldg_error *err)
{
    ldg_findings fs = { 0 };
    recon r;
    ldg_code rc;

    *count = 0;
    recon_init(&r, st, &fs, tenant_id, p, p.end);
    if ((rc = check_overlap_of(&r, keys, ldg_store_row_of(keys, 0, i), 1, err)) ==
            LDG_OK &&
        (!with_capacity || (rc = ldg_recon_physical(&fs, st, r.tid, p, err)) == LDG_OK) &&
        (!with_maintenance ||
         (rc = maintenance_blocking(&r, contract_id, err)) == LDG_OK) &&
        fs.n > 0) /* no finding: no acknowledgement to look up */
        rc = mark_acked(&r, 0, err);
    for (size_t k = 0; rc == LDG_OK && k < fs.n; k++)
        if (!fs.items[k].acknowledged && strcmp(fs.items[k].contract, contract_id) == 0)
            (*count)++;
    ldg_recon_findings_cleanup(&fs);
    return rc;
}

/* The earliest instant a finding of the tenant filter can concern, or INT64_MIN. */
static ldg_code earliest(ldg_time *out, ldg_store *st, const char *tid, ldg_error *err)
{
    const char *params[1] = { tid };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT extract(epoch FROM least("
                                 " (SELECT min(starts) FROM ledger.contract_doc WHERE "
                                 "$1::int IS NULL OR tenant_id = $1),"
                                 " (SELECT min(hour) FROM ledger.usage_hourly WHERE "
                                 "$1::int IS NULL OR tenant_id = $1)"
                                 "))::bigint",
                                 1, params, err);

    *out = INT64_MIN;
    if (rc == LDG_OK && !ldg_store_isnull(res, 0, 0))
        *out = ldg_store_int64(res, 0, 0);
    PQclear(res);
    return rc;
}

static ldg_period period_prev(ldg_period p)
{
    return ldg_period_of(p.start - 1);
}

/* Looks for id among the findings of one period; *found 1 with *out set. */
static ldg_code find_in(int *found, ldg_finding *out, ldg_store *st, const char *id,
                        const char *tenant, ldg_period p, ldg_time as_of, ldg_error *err)
{
    ldg_findings fs = { 0 };
    ldg_code rc = ldg_recon_run(&fs, st, tenant, p, as_of, err);

    *found = 0;
    for (size_t i = 0; rc == LDG_OK && i < fs.n && !*found; i++)
        if (strcmp(fs.items[i].id, id) == 0) {
            *out = fs.items[i];
            *found = 1;
        }
    ldg_recon_findings_cleanup(&fs);
    return rc;
}

ldg_code ldg_recon_find(ldg_finding *out, ldg_store *st, const char *id,
                        const char *tenant, const ldg_period *p, ldg_time as_of,
                        ldg_error *err)
{
    int32_t tenant_id = 0;
    char tbuf[24];
    ldg_time first = INT64_MIN;
    ldg_period q;
    int found = 0;
    ldg_code rc;

    if (!ldg_recon_id_valid(id))
        return ldg_error_set(
            err, LDG_EINVAL,
            "invalid finding id \"%.40s\": expected %d lowercase hex digits", id,
            LDG_RECON_ID_LEN);
    if (tenant && (rc = ldg_tenant_id(&tenant_id, st, tenant, err)) != LDG_OK)
        return rc;
    if (p) {
        rc = find_in(&found, out, st, id, tenant, *p, as_of, err);
    } else {
        rc = earliest(&first, st, tenant ? ldg_store_i64(tbuf, tenant_id) : NULL, err);
        /* newest first: the period about to be billed is the likely one */
        for (q = ldg_period_of(as_of);
             rc == LDG_OK && !found && first != INT64_MIN && q.end > first && q.start > 0;
             q = period_prev(q))
            rc = find_in(&found, out, st, id, tenant, q, as_of, err);
    }
    if (rc == LDG_OK && !found) {
        char per[16];
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no finding \"%s\"%s%s%s%s", id,
                           p ? " in period " : "", p ? ldg_period_format(per, *p) : "",
                           tenant ? " of tenant " : "", tenant ? tenant : "");
        ldg_error_hint(err, "run 'leaseledger reconcile --period YYYY-MM' to list the"
                            " findings and their ids");
    }
    return rc;
}

typedef struct ack_ctx {
    const ldg_finding *f;
    const char *reason;
    int32_t tenant_id;
    ldg_ack_result result;
    int64_t seq;
} ack_ctx;

static ldg_code ack_work(ldg_store *st, void *vctx, ldg_error *err)
{
    ack_ctx *a = vctx;
    const ldg_finding *f = a->f;
    char t[24], s[24], per[16];
    const char *params[4] = { ldg_store_i64(t, a->tenant_id), f->id, NULL, a->reason };
    PGresult *res = NULL;
    json_t *data = NULL;
    ldg_code rc = ldg_store_xact_lock(st, LDG_LOCK_ACK, a->tenant_id, err);

    a->result = 0;
    a->seq = -1;
    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT seq FROM ledger.finding_ack"
                            " WHERE tenant_id = $1 AND finding_id = $2",
                            2, params, err);
    if (rc == LDG_OK && PQntuples(res) > 0) {
        a->result = LDG_ACK_ALREADY;
        a->seq = ldg_store_int64(res, 0, 0);
        PQclear(res);
        return LDG_OK;
    }
    PQclear(res);
    if (rc != LDG_OK)
        return rc;
    data = json_pack("{s:s, s:s, s:s, s:s, s:s}", "finding", f->id, "reason", a->reason,
                     "period", ldg_period_format(per, f->period), "kind",
                     ldg_recon_kind_name(f->kind), "severity",
                     ldg_recon_severity_name(ldg_recon_kind_severity(f->kind)));
    if (!data)
        return ldg_error_set(err, LDG_EINVAL,
                             "could not build the acknowledgement entry");
    rc = ldg_log_append_doc(&a->seq, st, a->tenant_id, f->tenant, "ack", data, err);
    json_decref(data);
    if (rc == LDG_OK) {
        params[2] = ldg_store_i64(s, a->seq);
        rc = ldg_store_exec(
            NULL, st,
            "INSERT INTO ledger.finding_ack (tenant_id, finding_id, seq, reason)"
            " VALUES ($1, $2, $3, $4)",
            4, params, err);
    }
    if (rc == LDG_OK)
        a->result = LDG_ACK_RECORDED;
    return rc;
}

/* Whether s is valid UTF-8 (Jansson checks it when building the entry too; this names
 * the problem). */
static int utf8_valid(const char *s)
{
    json_t *j = json_string(s);
    int ok = j != NULL;

    json_decref(j);
    return ok;
}

ldg_code ldg_recon_ack(ldg_ack_result *out, int64_t *seq, ldg_store *st,
                       const ldg_finding *f, const char *reason, ldg_error *err)
{
    ack_ctx a = { .f = f, .reason = reason };
    ldg_code rc;

    *out = 0;
    *seq = -1;
    if (!reason || !*reason)
        return ldg_error_set(err, LDG_EINVAL, "an acknowledgement needs a reason");
    if (strlen(reason) > REASON_MAX)
        return ldg_error_set(err, LDG_EINVAL, "reason is longer than %d bytes",
                             REASON_MAX);
    if (!utf8_valid(reason))
        return ldg_error_set(err, LDG_EINVAL, "reason is not valid UTF-8");
    if (!ldg_recon_id_valid(f->id))
        return ldg_error_set(err, LDG_EINVAL, "invalid finding id \"%.40s\"", f->id);
    rc = ldg_tenant_id(&a.tenant_id, st, f->tenant, err);
    if (rc == LDG_OK)
        rc = ldg_store_run(st, ack_work, &a, err);
    if (rc == LDG_OK) {
        *out = a.result;
        *seq = a.seq;
    }
    return rc;
}
