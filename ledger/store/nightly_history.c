/* nightly history: the runs, as ledger.ingest_file records the files they took. */
#include "ledger/store/nightly_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs numbered from the oldest: a file taken more than the gap after the one before it
 * starts a new run (LDG_NIGHTLY_RUN_GAP); ties in time are ordered by name. */
static const char HISTORY_SQL[] =
    "WITH f AS (SELECT taken_at, name, file_sha256, accepted, duplicates, rejected,"
    "  CASE WHEN lag(taken_at) OVER w IS NULL"
    "   OR taken_at - lag(taken_at) OVER w > make_interval(secs => $2::int)"
    "  THEN 1 ELSE 0 END AS starts"
    "  FROM ledger.ingest_file WINDOW w AS (ORDER BY taken_at, name)),"
    " r AS (SELECT *, sum(starts) OVER (ORDER BY taken_at, name) AS run FROM f)"
    " SELECT run, floor(extract(epoch FROM taken_at))::bigint, name,"
    "  encode(file_sha256, 'hex'), accepted, duplicates, rejected FROM r"
    " WHERE run > (SELECT coalesce(max(run), 0) FROM r) - $1"
    " ORDER BY run DESC, taken_at, name";

ldg_code ldg_nightly_history(ldg_nightly_files *out, ldg_store *st, int64_t runs,
                             ldg_error *err)
{
    char lim[24], gap[24];
    const char *params[2] = { ldg_store_i64(lim, runs),
                              ldg_store_i64(gap, LDG_NIGHTLY_RUN_GAP) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, HISTORY_SQL, 2, params, err);
    int n;

    memset(out, 0, sizeof(*out));
    if (rc != LDG_OK)
        return rc;
    n = PQntuples(res);
    if (n > 0 && !(out->items = calloc((size_t)n, sizeof(*out->items))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory reading the nightly history");
    for (int i = 0; rc == LDG_OK && i < n; i++) {
        ldg_nightly_file *f = &out->items[i];

        f->run = ldg_store_int64(res, i, 0);
        f->taken = ldg_store_int64(res, i, 1);
        snprintf(f->name, sizeof(f->name), "%s", PQgetvalue(res, i, 2));
        snprintf(f->sha256, sizeof(f->sha256), "%s", PQgetvalue(res, i, 3));
        f->accepted = ldg_store_int64(res, i, 4);
        f->duplicates = ldg_store_int64(res, i, 5);
        f->rejected = ldg_store_int64(res, i, 6);
        out->n++;
    }
    PQclear(res);
    return rc;
}

void ldg_nightly_files_cleanup(ldg_nightly_files *f)
{
    free(f->items);
    memset(f, 0, sizeof(*f));
}
