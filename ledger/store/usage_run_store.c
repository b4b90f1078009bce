/* ledger.usage_run. See usage_run_store.h. */
#include "ledger/store/usage_run_store.h"

#include "ledger/store/pg_array.h"

#include <inttypes.h>
#include <libpq-fe.h>

enum { RUN_COLS = 8 };

/* One run as the next element of each array column (site 0: NULL, several sites). */
static ldg_code put_run(ldg_pg_arrays *a, const ldg_usage_run *r, ldg_error *err)
{
    const int64_t v[RUN_COLS] = { r->tenant_id, r->seq_lo,    r->seq_hi,  r->site_id,
                                  r->start_min, r->start_max, r->end_min, r->end_max };
    ldg_code rc = LDG_OK;

    for (int c = 0; c < RUN_COLS && rc == LDG_OK; c++)
        rc = c == 3 && v[c] == 0 ? ldg_pg_arrays_text(a, c, NULL, err)
                                 : ldg_pg_arrays_i64(a, c, v[c], err);
    return rc;
}

ldg_code ldg_usage_run_put(ldg_store *st, const ldg_usage_runs *rs, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    const char *params[RUN_COLS];
    ldg_code rc;

    if (rs->n == 0)
        return LDG_OK;
    rc = ldg_pg_arrays_open(&a, RUN_COLS, err);
    for (size_t i = 0; i < rs->n && rc == LDG_OK; i++)
        rc = put_run(&a, &rs->v[i], err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec_later(
            st,
            "INSERT INTO ledger.usage_run (tenant_id, seq_lo, seq_hi, site_id, start_min,"
            " start_max, end_min, end_max) SELECT t, l, h, s, to_timestamp(s0),"
            " to_timestamp(s1), to_timestamp(e0), to_timestamp(e1) FROM unnest("
            "$1::int[], $2::bigint[], $3::bigint[], $4::smallint[], $5::bigint[],"
            " $6::bigint[], $7::bigint[], $8::bigint[]) AS x(t, l, h, s, s0, s1, e0, e1)",
            RUN_COLS, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

ldg_code ldg_usage_run_send(ldg_store_ticket *ticket, ldg_store *st, int32_t tenant_id,
                            int32_t site_id, int64_t below, ldg_time from, ldg_time to,
                            ldg_error *err)
{
    char t[24], s[24], b[24], f[LDG_TIME_BUFLEN], e[LDG_TIME_BUFLEN];
    const char *params[5] = { ldg_store_i64(t, tenant_id), ldg_store_i64(s, site_id),
                              ldg_store_i64(b, below), ldg_time_format(f, from),
                              ldg_time_format(e, to) };

    return ldg_store_send(
        ticket, st,
        "SELECT seq_lo, seq_hi, coalesce(site_id, 0), extract(epoch FROM "
        "start_min)::bigint,"
        " extract(epoch FROM start_max)::bigint, extract(epoch FROM end_min)::bigint,"
        " extract(epoch FROM end_max)::bigint FROM ledger.usage_run"
        " WHERE tenant_id = $1 AND end_max > $4 AND start_min < $5 AND seq_lo < $3"
        " AND (site_id IS NULL OR site_id = $2) ORDER BY seq_lo",
        5, params, err);
}

ldg_code ldg_usage_run_take(ldg_usage_runs *out, ldg_store *st, ldg_store_ticket ticket,
                            ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, ticket, err);

    *out = (ldg_usage_runs){ 0 };
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_usage_run r = { .seq_lo = ldg_store_int64(res, i, 0),
                            .seq_hi = ldg_store_int64(res, i, 1),
                            .site_id = (int32_t)ldg_store_int64(res, i, 2),
                            .start_min = ldg_store_int64(res, i, 3),
                            .start_max = ldg_store_int64(res, i, 4),
                            .end_min = ldg_store_int64(res, i, 5),
                            .end_max = ldg_store_int64(res, i, 6) };

        if (out->n > 0 && r.seq_lo <= out->v[out->n - 1].seq_hi)
            rc = ldg_error_set(err, LDG_EINTERNAL,
                               "usage runs overlap at seq %" PRId64
                               " (ledger.usage_run is not as ingest wrote it)",
                               r.seq_lo);
        if (rc == LDG_OK)
            rc = ldg_usage_runs_push(out, &r, err);
    }
    PQclear(res);
    if (rc != LDG_OK)
        ldg_usage_runs_cleanup(out);
    return rc;
}
