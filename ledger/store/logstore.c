/*
 * Log appends and tile storage over ledger.log_head / log_doc / log_tile.
 *
 * The appender keeps the tenant's current level-0 tile in memory: the leaves already
 * stored in its widest row plus those added now. Tiles completed by the append are kept
 * in memory too and written at finish, with the last partial tile as a row of its own
 * width (rows are insert-only: a later append writes a wider row and readers take the
 * widest row no wider than the tree they read allows, so a row forged wider than the
 * log is never read). Writing nothing until finish lets ingest stream its COPY of the
 * records while it adds their leaves.
 */
#include "ledger/store/logstore.h"

#include "ledger/entry.h"
#include "ledger/publish.h"
#include "ledger/store/pg_array.h"
#include "ledger/store/verify.h"

#include <stdlib.h>
#include <string.h>

struct ldg_log_appender {
    ldg_store *st;
    int32_t tenant_id;
    int64_t size;
    ldg_hash (*done)[LDG_TILE_WIDTH]; /* full tiles completed, not yet written */
    uint64_t done_first;              /* index of done[0] */
    size_t ndone, done_cap;
    uint64_t tile_index;           /* level-0 tile holding leaf `size` */
    int tile_stored;               /* leaves of that tile already in a stored row */
    int tile_fill;                 /* leaves of that tile in memory */
    ldg_hash tile[LDG_TILE_WIDTH]; /* the tile's leaves */
};

static ldg_code insert_tile(ldg_store *st, int32_t tenant_id, int level, uint64_t index,
                            int width, const ldg_hash *hashes, int ignore_existing,
                            ldg_error *err)
{
    char t[24], l[24], i[24], w[24];
    const char *params[5] = { ldg_store_i64(t, tenant_id), ldg_store_i64(l, level),
                              ldg_store_i64(i, (int64_t)index), ldg_store_i64(w, width),
                              (const char *)hashes };
    int lengths[5] = { 0, 0, 0, 0, width * LDG_HASH_LEN };
    int formats[5] = { 0, 0, 0, 0, 1 };

    return ldg_store_execb_later(
        st,
        ignore_existing ? "INSERT INTO ledger.log_tile (tenant_id, level, idx, width,"
                          " hashes) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
                        : "INSERT INTO ledger.log_tile (tenant_id, level, idx, width,"
                          " hashes) VALUES ($1, $2, $3, $4, $5)",
        5, params, lengths, formats, err);
}

_Static_assert(LDG_TILE_WIDTH *LDG_HASH_LEN == 8192, "a whole tile is 8,192 bytes");

/* At most this many whole tiles (8 MiB) in one statement. */
#define WHOLE_TILES_MAX 1024

/*
 * Whole level-0 tiles first .. first + n - 1, in one statement of n rows cut from one
 * parameter: one statement per tile cost the server more than the rows themselves
 * (issue 13: about 35 us of message handling each, 4,000 per million entries).
 */
static ldg_code insert_whole_tiles(ldg_store *st, int32_t tenant_id, uint64_t first,
                                   size_t n, const ldg_hash (*tiles)[LDG_TILE_WIDTH],
                                   ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t done = 0; rc == LDG_OK && done < n; done += WHOLE_TILES_MAX) {
        size_t k = n - done < WHOLE_TILES_MAX ? n - done : WHOLE_TILES_MAX;
        char t[24], f[24], c[24];
        const char *params[4] = { ldg_store_i64(t, tenant_id),
                                  ldg_store_i64(f, (int64_t)(first + done)),
                                  ldg_store_i64(c, (int64_t)k),
                                  (const char *)tiles[done] };
        int lengths[4] = { 0, 0, 0, (int)(k * sizeof(*tiles)) };
        int formats[4] = { 0, 0, 0, 1 };

        rc = ldg_store_execb_later(
            st,
            "INSERT INTO ledger.log_tile (tenant_id, level, idx, width, hashes)"
            " SELECT $1, 0, $2::bigint + g, 256,"
            " substring($4::bytea FROM (g * 8192 + 1)::int FOR 8192)"
            " FROM generate_series(0, $3::bigint - 1) g",
            4, params, lengths, formats, err);
    }
    return rc;
}

ldg_code ldg_log_lock_head(int64_t *size, ldg_store *st, int32_t tenant_id,
                           ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    /* the head row exists from the tenant's creation; lock it for this transaction */
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT size FROM ledger.log_head WHERE tenant_id = $1"
                                 " FOR UPDATE",
                                 1, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1)
        *size = ldg_store_int64(res, 0, 0);
    else
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no log for tenant id %d", (int)tenant_id);
    PQclear(res);
    return rc;
}

/*
 * Sends the head's lock and the read of the stored row of its last, partial level-0
 * tile (no row when the size is a multiple of the width): the tile's read is a second
 * statement, so that it runs after the lock is held, on a snapshot that sees the head
 * as the lock left it.
 */
ldg_code ldg_log_appender_send(ldg_log_appender_sent *sent, ldg_store *st,
                               int32_t tenant_id, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    ldg_code rc =
        ldg_store_send(&sent->head, st,
                       "SELECT size FROM ledger.log_head WHERE tenant_id = $1 FOR UPDATE",
                       1, params, err);

    if (rc == LDG_OK)
        rc = ldg_store_sendb(
            &sent->tile, st,
            "SELECT t.hashes FROM ledger.log_head h JOIN ledger.log_tile t"
            " ON t.tenant_id = h.tenant_id AND t.level = 0"
            " AND t.idx = h.size / 256 AND t.width = h.size % 256"
            " WHERE h.tenant_id = $1",
            1, params, NULL, NULL, 1, err);
    return rc;
}

/* ldg_log_appender_send's two answers: the size, and the partial tile's row. */
static ldg_code head_and_tile(int64_t *size, PGresult **tile, ldg_store *st,
                              int32_t tenant_id, const ldg_log_appender_sent *sent,
                              ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, sent->head, err);

    if (rc == LDG_OK && PQntuples(res) != 1)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no log for tenant id %d", (int)tenant_id);
    if (rc == LDG_OK)
        *size = ldg_store_int64(res, 0, 0);
    PQclear(res);
    if (rc == LDG_OK)
        rc = ldg_store_take(tile, st, sent->tile, err);
    return rc;
}

/* An appender of tenant_id's log at size, whose partial tile is in column col of row
 * row of tile (row -1: none). */
static ldg_code appender_new(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                             int64_t size, const PGresult *tile, int row, int col,
                             ldg_error *err)
{
    ldg_log_appender *a;
    int want = (int)((uint64_t)size % LDG_TILE_WIDTH);

    *out = NULL;
    if (want > 0 && (row < 0 || PQgetlength(tile, row, col) != want * LDG_HASH_LEN))
        return ldg_error_set(
            err, LDG_EINTERNAL,
            "log of tenant id %d has size %lld but its last tile is missing",
            (int)tenant_id, (long long)size);
    if (!(a = calloc(1, sizeof(*a))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    a->st = st;
    a->tenant_id = tenant_id;
    a->size = size;
    a->tile_index = (uint64_t)a->size / LDG_TILE_WIDTH;
    if (want > 0)
        memcpy(a->tile, PQgetvalue(tile, row, col), (size_t)want * LDG_HASH_LEN);
    /* a wider row than the size was not written by an append: a later append that
     * reaches its width fails on the primary key instead of building on it */
    a->tile_stored = want;
    a->tile_fill = want;
    *out = a;
    return LDG_OK;
}

ldg_code ldg_log_appender_take(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                               const ldg_log_appender_sent *sent, ldg_error *err)
{
    int64_t size = 0;
    PGresult *tile = NULL;
    ldg_code rc = head_and_tile(&size, &tile, st, tenant_id, sent, err);

    *out = NULL;
    if (rc == LDG_OK)
        rc = appender_new(out, st, tenant_id, size, tile, PQntuples(tile) == 1 ? 0 : -1,
                          0, err);
    PQclear(tile);
    return rc;
}

/*
 * Under the locks the caller holds, one statement reads every head and its partial
 * tile, on a snapshot that sees the heads as they stand (a statement that waits for a
 * lock would read the tile of the head it saw before the wait: ldg_log_appender_send
 * reads it in a statement of its own).
 */
ldg_code ldg_log_appenders_send_locked(ldg_store_ticket *ticket, ldg_store *st,
                                       const int32_t *tenant_ids, size_t n,
                                       ldg_error *err)
{
    const char *params[1];
    ldg_pg_arrays a = { 0 };
    ldg_code rc = ldg_pg_arrays_tenants(&params[0], &a, tenant_ids, n, err);

    if (rc == LDG_OK)
        rc = ldg_store_sendb(ticket, st,
                             "SELECT h.tenant_id, h.size, t.hashes FROM ledger.log_head h"
                             " LEFT JOIN ledger.log_tile t ON t.tenant_id = h.tenant_id"
                             " AND t.level = 0 AND t.idx = h.size / 256"
                             " AND t.width = h.size % 256"
                             " WHERE h.tenant_id = ANY($1::int[])",
                             1, params, NULL, NULL, 1, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

ldg_code ldg_log_appender_of(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                             const PGresult *res, ldg_error *err)
{
    *out = NULL;
    for (int r = 0; r < PQntuples(res); r++)
        if (ldg_verify_col_i64(res, r, 0) == tenant_id)
            return appender_new(out, st, tenant_id, ldg_verify_col_i64(res, r, 1), res,
                                PQgetisnull(res, r, 2) ? -1 : r, 2, err);
    return ldg_error_set(err, LDG_ENOTFOUND, "no log for tenant id %d", (int)tenant_id);
}

ldg_code ldg_log_appender_open(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                               ldg_error *err)
{
    ldg_log_appender_sent sent;
    ldg_code rc = ldg_log_appender_send(&sent, st, tenant_id, err);

    *out = NULL;
    return rc == LDG_OK ? ldg_log_appender_take(out, st, tenant_id, &sent, err) : rc;
}

void ldg_log_appender_free(ldg_log_appender *a)
{
    if (a)
        free(a->done);
    free(a);
}

int64_t ldg_log_appender_size(const ldg_log_appender *a)
{
    return a->size;
}

ldg_code ldg_log_appender_add(ldg_log_appender *a, const ldg_hash *leaf, ldg_error *err)
{
    a->tile[a->tile_fill++] = *leaf;
    a->size++;
    if (a->tile_fill == LDG_TILE_WIDTH) {
        if (a->ndone == a->done_cap) {
            size_t cap = a->done_cap ? a->done_cap * 2 : 16;
            void *p = realloc(a->done, cap * sizeof(*a->done));
            if (!p)
                return ldg_error_set(err, LDG_ENOMEM, "out of memory");
            a->done = p;
            a->done_cap = cap;
        }
        if (a->ndone == 0)
            a->done_first = a->tile_index;
        memcpy(a->done[a->ndone++], a->tile, sizeof(a->tile));
        a->tile_index++;
        a->tile_fill = 0;
        a->tile_stored = 0;
    }
    return LDG_OK;
}

ldg_code ldg_log_appender_finish(ldg_log_appender *a, ldg_error *err)
{
    char t[24], s[24];
    const char *params[2] = { ldg_store_i64(t, a->tenant_id), ldg_store_i64(s, a->size) };
    ldg_code rc = LDG_OK;

    if (a->ndone > 0)
        rc = insert_whole_tiles(a->st, a->tenant_id, a->done_first, a->ndone,
                                (const ldg_hash(*)[LDG_TILE_WIDTH])a->done, err);
    if (rc == LDG_OK)
        a->ndone = 0;
    if (rc == LDG_OK && a->tile_fill > a->tile_stored) {
        rc = insert_tile(a->st, a->tenant_id, 0, a->tile_index, a->tile_fill, a->tile, 0,
                         err);
        if (rc == LDG_OK)
            a->tile_stored = a->tile_fill;
    }
    if (rc == LDG_OK)
        rc = ldg_store_exec_later(
            a->st, "UPDATE ledger.log_head SET size = $2 WHERE tenant_id = $1", 2, params,
            err);
    return rc;
}

/* The canonical bytes of the document entry appended next. */
static ldg_code doc_entry(ldg_buf *bytes, const ldg_log_appender *a, const char *tenant,
                          const char *kind, const json_t *data, ldg_error *err)
{
    ldg_code rc =
        ldg_entry_doc_bytes(bytes, tenant, ldg_log_appender_size(a), kind, data, err);

    /* documents are the one kind of entry with no bound from their fields: refused here
     * rather than logged and then unpublishable (publish.h, a uint16 length each) */
    if (rc == LDG_OK && bytes->len > LDG_PUBLISH_ENTRY_MAX)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the %s entry of tenant \"%s\" would be %zu bytes, more than "
                           "the %d a published entry bundle can hold",
                           kind, tenant, bytes->len, LDG_PUBLISH_ENTRY_MAX);
    return rc;
}

ldg_code ldg_log_append_doc_to(int64_t *seq, ldg_log_appender *a, const char *tenant,
                               const char *kind, const json_t *data, ldg_error *err)
{
    ldg_buf bytes = { 0 };
    ldg_hash leaf;
    ldg_code rc = doc_entry(&bytes, a, tenant, kind, data, err);

    *seq = -1;
    if (rc == LDG_OK) {
        char t[24], q[24];
        const char *params[4] = { ldg_store_i64(t, a->tenant_id),
                                  ldg_store_i64(q, ldg_log_appender_size(a)), kind,
                                  bytes.data };
        int lengths[4] = { 0, 0, 0, (int)bytes.len };
        int formats[4] = { 0, 0, 0, 1 };

        rc = ldg_store_execb_later(
            a->st,
            "INSERT INTO ledger.log_doc (tenant_id, seq, kind, body)"
            " VALUES ($1, $2, $3, $4)",
            4, params, lengths, formats, err);
    }
    if (rc == LDG_OK) {
        *seq = ldg_log_appender_size(a);
        ldg_merkle_leaf_hash(&leaf, bytes.data, bytes.len);
        rc = ldg_log_appender_add(a, &leaf, err);
    }
    if (rc == LDG_OK)
        rc = ldg_log_appender_finish(a, err);
    ldg_buf_cleanup(&bytes);
    return rc;
}

/* The one level-0 tile row a single entry's append writes: the tile it completed, or
 * the partial tile holding it (*hashes, *width hashes; *index). */
static void one_tile(uint64_t *index, int *width, const ldg_hash **hashes,
                     const ldg_log_appender *a)
{
    if (a->ndone == 1) {
        *index = a->done_first;
        *width = LDG_TILE_WIDTH;
        *hashes = a->done[0];
    } else {
        *index = a->tile_index;
        *width = a->tile_fill;
        *hashes = a->tile;
    }
}

/* The entry bytes (its seq the appender's size before it), its tile and the new size. */
static ldg_code write_one(ldg_log_appender *a, const char *kind, const ldg_buf *bytes,
                          ldg_error *err)
{
    char t[24], q[24], i[24], w[24], s[24];
    uint64_t index;
    int width;
    const ldg_hash *hashes;

    one_tile(&index, &width, &hashes, a);
    {
        const char *params[8] = { ldg_store_i64(t, a->tenant_id),
                                  ldg_store_i64(q, a->size - 1),
                                  kind,
                                  (const char *)bytes->data,
                                  ldg_store_i64(i, (int64_t)index),
                                  ldg_store_i64(w, width),
                                  (const char *)hashes,
                                  ldg_store_i64(s, a->size) };
        int lengths[8] = { 0, 0, 0, (int)bytes->len, 0, 0, width * LDG_HASH_LEN, 0 };
        int formats[8] = { 0, 0, 0, 1, 0, 0, 1, 0 };

        return ldg_store_execb_later(
            a->st,
            "WITH d AS (INSERT INTO ledger.log_doc (tenant_id, seq, kind, body)"
            " VALUES ($1, $2, $3, $4)), t AS (INSERT INTO ledger.log_tile (tenant_id,"
            " level, idx, width, hashes) VALUES ($1, 0, $5, $6, $7))"
            " UPDATE ledger.log_head SET size = $8 WHERE tenant_id = $1",
            8, params, lengths, formats, err);
    }
}

ldg_code ldg_log_append_doc_one(int64_t *seq, ldg_log_appender *a, const char *tenant,
                                const char *kind, const json_t *data, ldg_error *err)
{
    ldg_buf bytes = { 0 };
    ldg_hash leaf;
    ldg_code rc = a->ndone == 0 && a->tile_fill == a->tile_stored
                      ? doc_entry(&bytes, a, tenant, kind, data, err)
                      : ldg_error_set(err, LDG_EINTERNAL, "appender has entries already");

    *seq = -1;
    if (rc == LDG_OK) {
        ldg_merkle_leaf_hash(&leaf, bytes.data, bytes.len);
        rc = ldg_log_appender_add(a, &leaf, err);
    }
    if (rc == LDG_OK)
        rc = write_one(a, kind, &bytes, err);
    if (rc == LDG_OK) { /* written: as ldg_log_appender_finish leaves it */
        *seq = a->size - 1;
        a->ndone = 0;
        a->tile_stored = a->tile_fill;
    }
    ldg_buf_cleanup(&bytes);
    return rc;
}

ldg_code ldg_log_append_doc(int64_t *seq, ldg_store *st, int32_t tenant_id,
                            const char *tenant, const char *kind, const json_t *data,
                            ldg_error *err)
{
    ldg_log_appender *a = NULL;
    ldg_code rc = ldg_log_appender_open(&a, st, tenant_id, err);

    *seq = -1;
    if (rc == LDG_OK)
        rc = ldg_log_append_doc_to(seq, a, tenant, kind, data, err);
    ldg_log_appender_free(a);
    return rc;
}

/* Tile source ----------------------------------------------------------------------- */

#define TILE_CACHE 96 /* tiles held (8 KiB each) */
#define TILE_BATCH                                                      \
    64 /* a miss reads this many consecutive tiles of the level at once \
        */

typedef struct cached_tile {
    int valid;
    int level;
    uint64_t index;
    int width;
    ldg_hash hashes[LDG_TILE_WIDTH];
} cached_tile;

struct ldg_tile_source {
    ldg_store *st;
    int32_t tenant_id;
    int64_t limit; /* tree size: no row wider than a tree of this size is read */
    unsigned next; /* round-robin replacement */
    cached_tile cache[TILE_CACHE];
};

ldg_code ldg_tile_source_new(ldg_tile_source **out, ldg_store *st, int32_t tenant_id,
                             ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    ldg_tile_source *ts;
    ldg_code rc;

    *out = NULL;
    rc = ldg_store_exec(&res, st, "SELECT size FROM ledger.log_head WHERE tenant_id = $1",
                        1, params, err);
    if (rc != LDG_OK)
        return rc;
    ts = calloc(1, sizeof(*ts));
    if (!ts) {
        PQclear(res);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    ts->st = st;
    ts->tenant_id = tenant_id;
    ts->limit = PQntuples(res) == 1 ? ldg_store_int64(res, 0, 0) : 0;
    PQclear(res);
    *out = ts;
    return LDG_OK;
}

void ldg_tile_source_limit(ldg_tile_source *ts, int64_t size)
{
    ts->limit = size;
    for (int i = 0; i < TILE_CACHE; i++)
        ts->cache[i].valid = 0;
}

void ldg_tile_source_free(ldg_tile_source *ts)
{
    free(ts);
}

/* Reads the widest stored row of tiles [index, index + TILE_BATCH) of level that a tree
 * of ts->limit leaves has room for into the cache, one query for the batch. */
static ldg_code prefetch(ldg_tile_source *ts, int level, uint64_t index, ldg_error *err)
{
    char t[24], l[24], lo[24], hi[24], n[24];
    const char *params[5] = { ldg_store_i64(t, ts->tenant_id), ldg_store_i64(l, level),
                              ldg_store_i64(lo, (int64_t)index),
                              ldg_store_i64(hi, (int64_t)(index + TILE_BATCH)),
                              ldg_store_i64(n, ts->limit) };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_execb(&res, ts->st,
                        "SELECT DISTINCT ON (idx) idx, hashes FROM ledger.log_tile"
                        " WHERE tenant_id = $1 AND level = $2 AND idx >= $3"
                        " AND idx < $4"
                        " AND ($5::bigint >> (8 * level)) >= width"
                        " AND idx <= (($5::bigint >> (8 * level)) - width) / 256"
                        " ORDER BY idx, width DESC",
                        5, params, NULL, NULL, 1, err);

    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        cached_tile *slot = &ts->cache[ts->next++ % TILE_CACHE];
        int len = PQgetlength(res, r, 1);
        uint64_t idx = 0;

        for (int i = 0; i < 8; i++)
            idx = idx << 8 | (unsigned char)PQgetvalue(res, r, 0)[i];
        if (len <= 0 || len % LDG_HASH_LEN != 0 || len > LDG_TILE_WIDTH * LDG_HASH_LEN) {
            rc = ldg_error_set(err, LDG_EINTERNAL, "stored tile %d/%llu has %d bytes",
                               level, (unsigned long long)idx, len);
            break;
        }
        slot->valid = 1;
        slot->level = level;
        slot->index = idx;
        slot->width = len / LDG_HASH_LEN;
        memcpy(slot->hashes, PQgetvalue(res, r, 1), (size_t)len);
    }
    PQclear(res);
    return rc;
}

ldg_code ldg_tile_source_read(void *ctx, int level, uint64_t index, int width,
                              ldg_hash *out, ldg_error *err)
{
    ldg_tile_source *ts = ctx;
    cached_tile *slot;
    ldg_code rc;

    for (int i = 0; i < TILE_CACHE; i++) {
        cached_tile *c = &ts->cache[i];
        if (c->valid && c->level == level && c->index == index && c->width >= width) {
            memcpy(out, c->hashes, (size_t)width * sizeof(ldg_hash));
            return LDG_OK;
        }
    }
    /* roots, proofs and tile building read tiles in index order: fetch ahead */
    rc = prefetch(ts, level, index, err);
    if (rc != LDG_OK)
        return rc;
    slot = NULL; /* the widest copy held: an older, narrower one may linger */
    for (int i = 0; i < TILE_CACHE; i++) {
        cached_tile *c = &ts->cache[i];
        if (c->valid && c->level == level && c->index == index &&
            (!slot || c->width > slot->width))
            slot = c;
    }
    if (slot && slot->width >= width) {
        memcpy(out, slot->hashes, (size_t)width * sizeof(ldg_hash));
        return LDG_OK;
    }
    return ldg_error_set(err, LDG_ENOTFOUND, "tile %d/%llu of width %d is not stored",
                         level, (unsigned long long)index, width);
}

/* Tiles are written again when a seal is retried (or a crash left some), so a row that
 * exists is fine when it holds the same hashes; a row of that tile disagreeing with
 * these over their common prefix was not computed from this log, and is an error
 * rather than silently kept (first row in would win). */
ldg_code ldg_tile_source_write(void *ctx, int level, uint64_t index, int width,
                               const ldg_hash *hashes, ldg_error *err)
{
    ldg_tile_source *ts = ctx;
    char t[24], l[24], i[24], w[24];
    const char *params[5] = { ldg_store_i64(t, ts->tenant_id), ldg_store_i64(l, level),
                              ldg_store_i64(i, (int64_t)index), ldg_store_i64(w, width),
                              (const char *)hashes };
    int lengths[5] = { 0, 0, 0, 0, width * LDG_HASH_LEN };
    int formats[5] = { 0, 0, 0, 0, 1 };
    PGresult *res = NULL;
    ldg_code rc = insert_tile(ts->st, ts->tenant_id, level, index, width, hashes, 1, err);

    if (rc == LDG_OK)
        rc = ldg_store_execb(&res, ts->st,
                             "SELECT width FROM ledger.log_tile WHERE tenant_id = $1"
                             " AND level = $2 AND idx = $3"
                             " AND substr(hashes, 1, 32 * least(width, $4::int))"
                             "  <> substr($5::bytea, 1, 32 * least(width, $4::int))"
                             " ORDER BY width LIMIT 1",
                             5, params, lengths, formats, 0, err);
    if (rc == LDG_OK && PQntuples(res) > 0)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "stored tile %d/%llu (row of width %s) differs from the tile"
                           " computed from the log",
                           level, (unsigned long long)index, PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* Tenants --------------------------------------------------------------------------- */

ldg_code ldg_tenant_id(int32_t *out, ldg_store *st, const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st, "SELECT tenant_id FROM ledger.tenant WHERE tenant = $1",
                       1, params, err);

    *out = 0;
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant \"%s\"", tenant);
    else
        *out = (int32_t)ldg_store_int64(res, 0, 0);
    PQclear(res);
    return rc;
}

ldg_code ldg_tenant_ensure(int32_t *out, ldg_store *st, const char *tenant,
                           ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc;

    /* a tenant and its empty log head come into being together */
    rc = ldg_store_exec(&res, st,
                        "WITH t AS (INSERT INTO ledger.tenant (tenant) VALUES ($1)"
                        " ON CONFLICT (tenant) DO NOTHING RETURNING tenant_id),"
                        " h AS (INSERT INTO ledger.log_head (tenant_id)"
                        " SELECT tenant_id FROM t RETURNING tenant_id)"
                        " SELECT tenant_id FROM h UNION ALL"
                        " SELECT tenant_id FROM ledger.tenant WHERE tenant = $1",
                        1, params, err);
    if (rc != LDG_OK)
        return rc;
    *out = PQntuples(res) > 0 ? (int32_t)ldg_store_int64(res, 0, 0) : 0;
    PQclear(res);
    if (*out == 0)
        return ldg_error_set(err, LDG_EINTERNAL, "could not create tenant \"%s\"",
                             tenant);
    return LDG_OK;
}

int64_t ldg_record_row(ldg_record *u, const PGresult *res, int r, const char *tenant)
{
    *u = (ldg_record){
        .tenant = tenant,
        .site = PQgetvalue(res, r, 1),
        .meter = PQgetvalue(res, r, 2),
        .event_id = PQgetvalue(res, r, 3),
        .corrects = PQgetisnull(res, r, 4) ? NULL : PQgetvalue(res, r, 4),
        .kind = (int)ldg_store_int64(res, r, 5),
        .cls = (int)ldg_store_int64(res, r, 6),
        .start = ldg_store_int64(res, r, 7),
        .end = ldg_store_int64(res, r, 8),
        .qty_micros = ldg_store_int64(res, r, 9),
    };
    return ldg_store_int64(res, r, 0);
}

int ldg_rollup_row_usage(ldg_usage *u, const PGresult *res, int row)
{
    memset(u, 0, sizeof(*u));
    if (!ldg_rate_usage_of(u, (int)ldg_store_int64(res, row, 1),
                           (int)ldg_store_int64(res, row, 2)))
        return 0;
    u->start = ldg_store_int64(res, row, 0);
    u->end = u->start + LDG_SECS_PER_HOUR;
    u->qty_micros = ldg_store_int64(res, row, 3);
    return 1;
}

ldg_code ldg_rollup_row_usage_bin(int *is, ldg_usage *u, const PGresult *res, int row,
                                  int col, ldg_error *err)
{
    int64_t kind = ldg_verify_col_i64(res, row, col + 1),
            cls = ldg_verify_col_i64(res, row, col + 2),
            qty = ldg_verify_col_i64(res, row, col + 3);
    ldg_code rc;

    memset(u, 0, sizeof(*u));
    *is = 0;
    if (kind == INT64_MIN || cls == INT64_MIN || qty == INT64_MIN)
        return ldg_error_set(err, LDG_EINVAL,
                             "an hourly rollup's column has another type");
    if (!ldg_rate_usage_of(u, (int)kind, (int)cls))
        return LDG_OK;
    rc = ldg_verify_col_epoch(&u->start, res, row, col, err);
    u->end = u->start + LDG_SECS_PER_HOUR;
    u->qty_micros = qty;
    *is = rc == LDG_OK;
    return rc;
}
