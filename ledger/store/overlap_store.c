/*
 * ledger.overlap_tail and ledger.overlap_suspect, written with ingest's chunk
 * (overlap_store.h). Two statements per chunk at most, parameters as arrays through
 * libpq, as the hourly rollups are written. The stored tails are read and moved in one
 * statement: its sub-statements share one snapshot, so the read sees the tails before
 * the move. Only tails past a start of the chunk come back: the others cannot make a
 * suspect, and in the common case (records in time order) none does. The read is one
 * index probe per key (LIMIT 1 keeps the subquery from becoming a join): a hash join
 * would read every tenant's tails for each chunk.
 */
#include "ledger/store/overlap_store.h"

#include "ledger/buf.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#define KEY_COLS 6
#define SUS_COLS 7

static const char SQL_TAILS[] =
    "WITH k AS (SELECT * FROM unnest($1::int[], $2::smallint[], $3::text[],"
    "  $4::smallint[], $5::bigint[], $6::bigint[]) WITH ORDINALITY AS x(t, s, m, k, lo,"
    "  hi, i)),"
    " old AS (SELECT k.i, k.lo, o.e FROM k CROSS JOIN LATERAL (SELECT extract(epoch"
    "  FROM o.end_at)::bigint AS e FROM ledger.overlap_tail o WHERE o.tenant_id = k.t"
    "  AND o.site_id = k.s AND o.meter = k.m AND o.kind = k.k LIMIT 1) o),"
    " up AS (INSERT INTO ledger.overlap_tail AS o (tenant_id, site_id, kind, meter, "
    "end_at)"
    "  SELECT t, s, k, m, to_timestamp(hi) FROM k"
    "  ON CONFLICT (tenant_id, site_id, meter, kind) DO UPDATE SET end_at = "
    "EXCLUDED.end_at"
    "  WHERE o.end_at < EXCLUDED.end_at)"
    " SELECT i - 1, e FROM old WHERE e > lo";

static const char SQL_SUSPECTS[] =
    "INSERT INTO ledger.overlap_suspect (tenant_id, seq, start_at, end_at, site_id, kind,"
    " meter)"
    " SELECT t, q, to_timestamp(s0), to_timestamp(e0), s, k, m FROM unnest($1::int[],"
    " $2::bigint[], $3::bigint[], $4::bigint[], $5::smallint[], $6::smallint[],"
    " $7::text[]) AS x(t, q, s0, e0, s, k, m)";

/* Appends v as the next element of the array literal in b ("{" already there). */
static ldg_code put_i64(ldg_buf *b, int64_t v, ldg_error *err)
{
    char s[24];
    ldg_code rc = b->len > 1 ? ldg_buf_putc(b, ',', err) : LDG_OK;

    return rc == LDG_OK ? ldg_buf_puts(b, ldg_store_i64(s, v), err) : rc;
}

/* Appends s, quoted, as the next element of the text[] literal in b. */
static ldg_code put_text(ldg_buf *b, const char *s, ldg_error *err)
{
    ldg_code rc = ldg_buf_puts(b, b->len > 1 ? ",\"" : "\"", err);

    for (const char *p = s; rc == LDG_OK && *p; p++) {
        if (*p == '"' || *p == '\\')
            rc = ldg_buf_putc(b, '\\', err);
        if (rc == LDG_OK)
            rc = ldg_buf_putc(b, *p, err);
    }
    return rc == LDG_OK ? ldg_buf_putc(b, '"', err) : rc;
}

static ldg_code open_arrays(ldg_buf *cols, int n, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (int c = 0; c < n && rc == LDG_OK; c++)
        rc = ldg_buf_putc(&cols[c], '{', err);
    return rc;
}

/* Closes the n array literals and runs sql with them as $1..$n; *res as ldg_store_exec.
 */
static ldg_code run_arrays(PGresult **res, ldg_store *st, const char *sql, ldg_buf *cols,
                           int n, ldg_error *err)
{
    const char *params[SUS_COLS];
    ldg_code rc = LDG_OK;

    for (int c = 0; c < n && rc == LDG_OK; c++) {
        rc = ldg_buf_puts(&cols[c], "}", err);
        params[c] = cols[c].data;
    }
    return rc == LDG_OK ? ldg_store_exec(res, st, sql, n, params, err) : rc;
}

/* Moves the tails of t's keys and sets in t the stored tails that matter. */
static ldg_code flush_tails(ldg_store *st, ldg_overlap_tail *t, ldg_error *err)
{
    ldg_buf cols[KEY_COLS] = { { 0 } };
    PGresult *res = NULL;
    size_t n = ldg_overlap_tail_nkeys(t);
    ldg_code rc = open_arrays(cols, KEY_COLS, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        const ldg_overlap_key *k = ldg_overlap_tail_key(t, i);

        if ((rc = put_i64(&cols[0], k->tenant_id, err)) == LDG_OK &&
            (rc = put_i64(&cols[1], k->site_id, err)) == LDG_OK &&
            (rc = put_text(&cols[2], k->meter, err)) == LDG_OK &&
            (rc = put_i64(&cols[3], k->kind, err)) == LDG_OK &&
            (rc = put_i64(&cols[4], k->lo, err)) == LDG_OK)
            rc = put_i64(&cols[5], k->hi, err);
    }
    if (rc == LDG_OK)
        rc = run_arrays(&res, st, SQL_TAILS, cols, KEY_COLS, err);
    for (int row = 0; rc == LDG_OK && row < PQntuples(res); row++) {
        int64_t i = ldg_store_int64(res, row, 0);

        if (i < 0 || (size_t)i >= n)
            rc = ldg_error_set(err, LDG_EINTERNAL, "overlap tail of an unknown key %lld",
                               (long long)i);
        else
            ldg_overlap_tail_set_stored(t, (size_t)i, ldg_store_int64(res, row, 1));
    }
    PQclear(res);
    for (int c = 0; c < KEY_COLS; c++)
        ldg_buf_cleanup(&cols[c]);
    return rc;
}

static ldg_code insert_suspects(ldg_store *st, const ldg_overlap_tail *t, ldg_error *err)
{
    ldg_buf cols[SUS_COLS] = { { 0 } };
    ldg_code rc = open_arrays(cols, SUS_COLS, err);

    for (size_t i = 0; rc == LDG_OK && i < ldg_overlap_tail_nrecs(t); i++) {
        const ldg_overlap_rec *r = ldg_overlap_tail_rec(t, i);
        const ldg_overlap_key *k = ldg_overlap_tail_key(t, r->key);

        if (!r->suspect)
            continue;
        if ((rc = put_i64(&cols[0], k->tenant_id, err)) == LDG_OK &&
            (rc = put_i64(&cols[1], r->seq, err)) == LDG_OK &&
            (rc = put_i64(&cols[2], r->start, err)) == LDG_OK &&
            (rc = put_i64(&cols[3], r->end, err)) == LDG_OK &&
            (rc = put_i64(&cols[4], k->site_id, err)) == LDG_OK &&
            (rc = put_i64(&cols[5], k->kind, err)) == LDG_OK)
            rc = put_text(&cols[6], k->meter, err);
    }
    if (rc == LDG_OK)
        rc = run_arrays(NULL, st, SQL_SUSPECTS, cols, SUS_COLS, err);
    for (int c = 0; c < SUS_COLS; c++)
        ldg_buf_cleanup(&cols[c]);
    return rc;
}

ldg_code ldg_overlap_store_flush(ldg_store *st, ldg_overlap_tail *t, ldg_error *err)
{
    ldg_code rc;

    if (ldg_overlap_tail_nkeys(t) == 0)
        return LDG_OK;
    rc = flush_tails(st, t, err);
    if (rc == LDG_OK && ldg_overlap_tail_walk(t) > 0)
        rc = insert_suspects(st, t, err);
    return rc;
}
