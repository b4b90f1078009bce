/*
 * ledger.usage_quarter: written with ingest's chunk, read by billing and explain
 * (demand_store.h). Parameters go through libpq as arrays, as the hourly rollups do.
 */
#include "ledger/store/demand_store.h"

#include "ledger/store/pg_array.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 5

ldg_code ldg_demand_store_flush(ldg_store *st, const ldg_rollup *q, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    const char *params[NCOLS];
    ldg_code rc;
    ldg_rollup_key k;
    int64_t qty, n;
    int s;

    if (ldg_rollup_count(q) == 0)
        return LDG_OK;
    rc = ldg_pg_arrays_open(&a, NCOLS, err);
    for (size_t i = 0; rc == LDG_OK && (s = ldg_rollup_at(q, i, &k, &qty, &n)) >= 0;
         i++) {
        const int64_t v[NCOLS] = { k.tenant_id, k.hour, k.site_id, qty, n };

        for (int c = 0; s != 0 && c < NCOLS && rc == LDG_OK; c++)
            rc = ldg_pg_arrays_i64(&a, c, v[c], err);
    }
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            NULL, st,
            "INSERT INTO ledger.usage_quarter AS u (tenant_id, quarter, site_id,"
            " qty_micros, records)"
            " SELECT t, to_timestamp(qr), s, q, n FROM unnest($1::int[], $2::bigint[],"
            " $3::smallint[], $4::bigint[], $5::int[]) AS x(t, qr, s, q, n)"
            " ON CONFLICT (tenant_id, quarter, site_id) DO UPDATE"
            " SET qty_micros = u.qty_micros + EXCLUDED.qty_micros,"
            " records = u.records + EXCLUDED.records",
            NCOLS, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

ldg_code ldg_demand_store_load(ldg_demand_usage **out, ldg_store *st, int32_t tenant_id,
                               int16_t site_id, const ldg_contract *c, ldg_period p,
                               ldg_error *err)
{
    char t[24], s[24], f[24], e[24];
    const char *params[4] = { ldg_store_i64(t, tenant_id), ldg_store_i64(s, site_id), f,
                              ldg_store_i64(e, p.end) };
    PGresult *res = NULL;
    ldg_time since;
    ldg_code rc;

    *out = NULL;
    if (!ldg_demand_applies(c, p)) /* first: most contracts have no demand terms */
        return LDG_OK;
    since = ldg_demand_since(c, p);
    ldg_store_i64(f, since);
    if ((rc = ldg_demand_usage_new(out, since, p.end, err)) != LDG_OK)
        return rc;
    rc = ldg_store_exec(&res, st,
                        "SELECT extract(epoch FROM quarter)::bigint, qty_micros, records"
                        " FROM ledger.usage_quarter WHERE tenant_id = $1 AND site_id = $2"
                        " AND quarter >= to_timestamp($3) AND quarter < to_timestamp($4)",
                        4, params, err);
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++)
        rc = ldg_demand_usage_add_sum(*out, ldg_store_int64(res, i, 0),
                                      ldg_store_int64(res, i, 1),
                                      ldg_store_int64(res, i, 2), err);
    PQclear(res);
    if (rc != LDG_OK) {
        ldg_demand_usage_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Energy of [from, to) in the hourly sums minus that in the quarter-hour sums: what
 * records longer than 15 minutes metered there (both cut by the split rule at whole
 * hours, so the difference is exact). */
static ldg_code coarse_energy(int64_t *out, ldg_store *st, int32_t tenant_id,
                              int16_t site_id, ldg_time from, ldg_time to, ldg_error *err)
{
    char t[24], s[24], f[24], e[24];
    const char *params[4] = { ldg_store_i64(t, tenant_id), ldg_store_i64(s, site_id),
                              ldg_store_i64(f, from), ldg_store_i64(e, to) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT (SELECT coalesce(sum(qty_micros), 0) FROM ledger.usage_hourly"
        " WHERE tenant_id = $1 AND site_id = $2 AND kind = 2"
        " AND hour >= to_timestamp($3) AND hour < to_timestamp($4))"
        " - (SELECT coalesce(sum(qty_micros), 0) FROM ledger.usage_quarter"
        " WHERE tenant_id = $1 AND site_id = $2"
        " AND quarter >= to_timestamp($3) AND quarter < to_timestamp($4))",
        4, params, err);

    if (rc == LDG_OK)
        *out = ldg_store_int64(res, 0, 0);
    PQclear(res);
    return rc;
}

ldg_code ldg_demand_store_findings(ldg_demand_findings *out, ldg_store *st,
                                   int32_t tenant_id, int16_t site_id,
                                   const ldg_contract *c, ldg_period p, ldg_time elapsed,
                                   ldg_error *err)
{
    ldg_demand_usage *du = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = ldg_demand_store_load(&du, st, tenant_id, site_id, c, p, err)) != LDG_OK ||
        !du)
        return rc;
    out->applies = true;
    rc = ldg_demand_compute(&out->res, c, p, du, err);
    out->from = out->res.from;
    out->to = out->res.to < elapsed ? out->res.to : elapsed;
    if (rc == LDG_OK && out->to > out->from) {
        out->quarters = (out->to - out->from) / LDG_DEMAND_QUARTER;
        out->missing = ldg_demand_missing(&out->first_missing, du, out->from, out->to);
        rc = coarse_energy(&out->coarse_micros, st, tenant_id, site_id, out->from,
                           out->to, err);
    }
    ldg_demand_usage_free(du);
    return rc;
}

ldg_code ldg_demand_store_compare(int64_t *bad, char *msg, size_t msglen, ldg_store *st,
                                  int32_t tenant_id, const ldg_rollup *q, ldg_error *err)
{
    char t[24], at[LDG_TIME_BUFLEN];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT extract(epoch FROM quarter)::bigint, site_id,"
                                 " qty_micros, records FROM ledger.usage_quarter"
                                 " WHERE tenant_id = $1",
                                 1, params, err);

    *bad = 0;
    msg[0] = '\0';
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        ldg_rollup_key k;
        int64_t qty = 0, n = 0;
        int found;

        memset(&k, 0, sizeof(k));
        k.hour = ldg_store_int64(res, r, 0);
        k.tenant_id = tenant_id;
        k.site_id = (int16_t)ldg_store_int64(res, r, 1);
        k.kind = LDG_KIND_ENERGY;
        found = ldg_rollup_get(q, &k, &qty, &n);
        if (found && qty == ldg_store_int64(res, r, 2) && n == ldg_store_int64(res, r, 3))
            continue;
        if ((*bad)++ == 0)
            snprintf(msg, msglen,
                     "15-minute energy sum at %s (site %d) holds %" PRId64
                     " micro-MWh of %" PRId64
                     " records; the log's records sum to %" PRId64 " of %" PRId64,
                     ldg_time_format(at, k.hour), (int)k.site_id,
                     ldg_store_int64(res, r, 2), ldg_store_int64(res, r, 3), qty, n);
    }
    if (rc == LDG_OK && (size_t)PQntuples(res) < ldg_rollup_count(q)) {
        if (*bad == 0)
            snprintf(msg, msglen,
                     "%zu 15-minute energy sums are missing for records in the log",
                     ldg_rollup_count(q) - (size_t)PQntuples(res));
        *bad += (int64_t)(ldg_rollup_count(q) - (size_t)PQntuples(res));
    }
    PQclear(res);
    return rc;
}
