/*
 * ledger.overlap_tail, ledger.overlap_mark and ledger.overlap_suspect as ingest reads
 * and writes them (overlap_store.h). Parameters travel as arrays through libpq, as the
 * hourly rollups do. Reads are index probes per tenant or key (a LATERAL subquery with
 * LIMIT or GROUP BY stays one; a join could become a scan of every tenant's rows), so
 * their cost follows the chunk, not the table. In the common case (a run appending alone,
 * its keys met in its first chunks) a chunk sends none of these statements.
 */
#include "ledger/store/overlap_store.h"

#include "ledger/store/pg_array.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

/* $1 tenant ids, $2 from seqs (NULL: the tenant's mark, 0 without one), $3 to seqs: the
 * greatest end per key of the records that are not corrections in [from, to). */
static const char SQL_SINCE[] =
    "SELECT x.t, g.site_id, g.kind, g.meter, g.e FROM unnest($1::int[], $2::bigint[],"
    " $3::bigint[]) AS x(t, f, e) CROSS JOIN LATERAL (SELECT u.site_id, u.kind, u.meter,"
    " extract(epoch FROM max(u.end_at))::bigint AS e FROM ledger.usage u"
    " WHERE u.tenant_id = x.t AND u.seq < x.e AND u.corrects IS NULL"
    " AND u.seq >= coalesce(x.f, (SELECT m.seq FROM ledger.overlap_mark m"
    "  WHERE m.tenant_id = x.t), 0)"
    " GROUP BY u.site_id, u.kind, u.meter) g";

/* $1..$4 keys: the index (from 0) and stored tail of those with a row. */
static const char SQL_TAILS[] =
    "SELECT x.i - 1, o.e FROM unnest($1::int[], $2::smallint[], $3::text[],"
    " $4::smallint[]) WITH ORDINALITY AS x(t, s, m, k, i) CROSS JOIN LATERAL (SELECT"
    " extract(epoch FROM o.end_at)::bigint AS e FROM ledger.overlap_tail o"
    " WHERE o.tenant_id = x.t AND o.site_id = x.s AND o.meter = x.m AND o.kind = x.k"
    " LIMIT 1) o";

static const char SQL_SUSPECTS[] =
    "INSERT INTO ledger.overlap_suspect (tenant_id, seq, start_at, end_at, site_id, kind,"
    " meter)"
    " SELECT t, q, to_timestamp(s0), to_timestamp(e0), s, k, m FROM unnest($1::int[],"
    " $2::bigint[], $3::bigint[], $4::bigint[], $5::smallint[], $6::smallint[],"
    " $7::text[]) AS x(t, q, s0, e0, s, k, m)";

static const char SQL_RAISE_TAILS[] =
    "INSERT INTO ledger.overlap_tail AS o (tenant_id, site_id, kind, meter, end_at)"
    " SELECT t, s, k, m, to_timestamp(e) FROM unnest($1::int[], $2::smallint[],"
    " $3::smallint[], $4::text[], $5::bigint[]) AS x(t, s, k, m, e)"
    " ON CONFLICT (tenant_id, site_id, meter, kind) DO UPDATE SET end_at = "
    "EXCLUDED.end_at"
    " WHERE o.end_at < EXCLUDED.end_at";

static const char SQL_RAISE_MARKS[] =
    "INSERT INTO ledger.overlap_mark AS m (tenant_id, seq)"
    " SELECT t, q FROM unnest($1::int[], $2::bigint[]) AS x(t, q)"
    " ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq WHERE m.seq < "
    "EXCLUDED.seq";

/* Closes the arrays and runs sql with them as $1..$n; *res as ldg_store_exec. */
static ldg_code arrays_run(PGresult **res, ldg_store *st, const char *sql,
                           ldg_pg_arrays *a, ldg_error *err)
{
    const char *params[LDG_PG_ARRAYS_MAX];
    ldg_code rc = ldg_pg_arrays_close(params, a, err);

    return rc == LDG_OK ? ldg_store_exec(res, st, sql, a->n, params, err) : rc;
}

ldg_code ldg_overlap_store_sync(ldg_store *st, ldg_overlap_tail *t, const int32_t *ids,
                                const int64_t *heads, size_t n, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    PGresult *res = NULL;
    int any = 0;
    ldg_code rc = ldg_pg_arrays_open(&a, 3, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        int64_t seq = 0;
        int known = ldg_overlap_tail_tenant_seq(t, ids[i], &seq);

        if (known && seq >= heads[i])
            continue;
        any = 1;
        if ((rc = ldg_pg_arrays_i64(&a, 0, ids[i], err)) == LDG_OK)
            rc = known ? ldg_pg_arrays_i64(&a, 1, seq, err)
                       : ldg_pg_arrays_text(&a, 1, NULL, err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_i64(&a, 2, heads[i], err);
    }
    if (rc == LDG_OK && any)
        rc = arrays_run(&res, st, SQL_SINCE, &a, err);
    for (int row = 0; rc == LDG_OK && row < PQntuples(res); row++)
        rc = ldg_overlap_tail_merge(
            t, (int32_t)ldg_store_int64(res, row, 0),
            (int16_t)ldg_store_int64(res, row, 1), (int)ldg_store_int64(res, row, 2),
            PQgetvalue(res, row, 3), ldg_store_int64(res, row, 4), err);
    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = ldg_overlap_tail_tenant_set(t, ids[i], heads[i], err);
    PQclear(res);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* Reads the stored tails of the chunk's keys that are not fetched yet. */
static ldg_code fetch_tails(ldg_store *st, ldg_overlap_tail *t, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    PGresult *res = NULL;
    size_t *want = NULL, nwant = 0, nchunk = ldg_overlap_tail_chunk_nkeys(t);
    ldg_code rc = ldg_pg_arrays_open(&a, 4, err);

    if (rc == LDG_OK && nchunk > 0 && !(want = calloc(nchunk, sizeof(*want))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t j = 0; rc == LDG_OK && j < nchunk; j++) {
        size_t i = ldg_overlap_tail_chunk_key(t, j);
        const ldg_overlap_key *k = ldg_overlap_tail_key(t, i);

        if (k->fetched)
            continue;
        want[nwant++] = i;
        if ((rc = ldg_pg_arrays_i64(&a, 0, k->tenant_id, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 1, k->site_id, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_text(&a, 2, k->meter, err)) == LDG_OK)
            rc = ldg_pg_arrays_i64(&a, 3, k->kind, err);
    }
    if (rc == LDG_OK && nwant > 0)
        rc = arrays_run(&res, st, SQL_TAILS, &a, err);
    for (int row = 0; rc == LDG_OK && row < PQntuples(res); row++) {
        int64_t w = ldg_store_int64(res, row, 0);

        if (w < 0 || (size_t)w >= nwant)
            rc = ldg_error_set(err, LDG_EINTERNAL, "stored tail of an unknown key");
        else
            ldg_overlap_tail_set_stored(t, want[w], ldg_store_int64(res, row, 1));
    }
    /* the keys without a row have no stored tail: theirs is what the run met */
    for (size_t w = 0; rc == LDG_OK && w < nwant; w++)
        ldg_overlap_tail_set_stored(t, want[w], LDG_OVERLAP_NONE);
    free(want);
    PQclear(res);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

static ldg_code insert_suspects(ldg_store *st, const ldg_overlap_tail *t, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    ldg_code rc = ldg_pg_arrays_open(&a, 7, err);

    for (size_t i = 0; rc == LDG_OK && i < ldg_overlap_tail_nrecs(t); i++) {
        const ldg_overlap_rec *r = ldg_overlap_tail_rec(t, i);
        const ldg_overlap_key *k = ldg_overlap_tail_key(t, r->key);

        if (!r->suspect)
            continue;
        if ((rc = ldg_pg_arrays_i64(&a, 0, k->tenant_id, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 1, r->seq, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 2, r->start, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 3, r->end, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 4, k->site_id, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 5, k->kind, err)) == LDG_OK)
            rc = ldg_pg_arrays_text(&a, 6, k->meter, err);
    }
    if (rc == LDG_OK)
        rc = arrays_run(NULL, st, SQL_SUSPECTS, &a, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

ldg_code ldg_overlap_store_chunk(ldg_store *st, ldg_overlap_tail *t, ldg_error *err)
{
    ldg_code rc = fetch_tails(st, t, err);

    if (rc == LDG_OK && ldg_overlap_tail_walk(t) > 0)
        rc = insert_suspects(st, t, err);
    return rc;
}

static ldg_code raise_tails(ldg_store *st, const ldg_overlap_tail *t, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    int any = 0;
    ldg_code rc = ldg_pg_arrays_open(&a, 5, err);

    for (size_t i = 0; rc == LDG_OK && i < ldg_overlap_tail_nkeys(t); i++) {
        const ldg_overlap_key *k = ldg_overlap_tail_key(t, i);

        if (k->tail == LDG_OVERLAP_NONE)
            continue;
        any = 1;
        if ((rc = ldg_pg_arrays_i64(&a, 0, k->tenant_id, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 1, k->site_id, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_i64(&a, 2, k->kind, err)) == LDG_OK &&
            (rc = ldg_pg_arrays_text(&a, 3, k->meter, err)) == LDG_OK)
            rc = ldg_pg_arrays_i64(&a, 4, k->tail, err);
    }
    if (rc == LDG_OK && any)
        rc = arrays_run(NULL, st, SQL_RAISE_TAILS, &a, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

static ldg_code raise_marks(ldg_store *st, const ldg_overlap_tail *t, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    size_t n = ldg_overlap_tail_ntenants(t);
    ldg_code rc = ldg_pg_arrays_open(&a, 2, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        int32_t id;
        int64_t seq;

        ldg_overlap_tail_tenant_at(t, i, &id, &seq);
        if ((rc = ldg_pg_arrays_i64(&a, 0, id, err)) == LDG_OK)
            rc = ldg_pg_arrays_i64(&a, 1, seq, err);
    }
    if (rc == LDG_OK && n > 0)
        rc = arrays_run(NULL, st, SQL_RAISE_MARKS, &a, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

ldg_code ldg_overlap_store_flush(ldg_store *st, ldg_overlap_tail *t, ldg_error *err)
{
    /* tails first: a mark promises that the tails hold every record below it */
    ldg_code rc = raise_tails(st, t, err);

    return rc == LDG_OK ? raise_marks(st, t, err) : rc;
}
