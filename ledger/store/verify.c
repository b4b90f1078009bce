/*
 * Log verification. See verify.h for what is checked. The leaves are rebuilt from the
 * stored records and pushed up a stack of per-level tile buffers (one 256-hash tile per
 * level, as in C2SP tlog-tiles), so every stored tile row is compared with what the
 * records imply while memory stays bounded, whatever the log's size.
 */
#include "ledger/store/verify.h"

#include "ledger/entry.h"
#include "ledger/jcs.h"
#include "ledger/keyring.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/rollup.h"
#include "ledger/store/verify_kept.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS     8
#define FETCH_ROWS "4096"

#define TILE_BATCH  64    /* stored tile rows are read this many indexes at a time */
#define SITE_ID_MAX 32767 /* site_id is a smallint identity: 1..32767 */

typedef struct level_state {
    uint64_t idx;
    int fill;
    ldg_hash buf[LDG_TILE_WIDTH];
    PGresult *rows; /* stored rows of indexes [rows_lo, rows_hi), idx then width */
    uint64_t rows_lo, rows_hi;
    int rows_at; /* first row not yet passed */
} level_state;

typedef struct vstate {
    ldg_store *st;
    const ldg_verify_opts *o;
    ldg_verify_summary *sum;
    int32_t tenant_id;
    const char *tenant;
    int64_t head_size;
    int64_t next_seq;
    char **sites; /* site name by site_id */
    int nsites;
    ldg_buf bytes;
    level_state lv[LEVELS];
    ldg_verifier **keys;
    size_t nkeys;
    ldg_rollup *rollup;   /* hourly sums rebuilt from the log */
    ldg_keyring *keyring; /* trusted keys and the log's rotations */
    int leaves_only;      /* ldg_verify_leaves: level-0 tiles of a range, nothing else */
    int64_t tree_limit;   /* tile rows wider than a tree of this size are not read */
    const PGresult *cps;  /* the tenant's checkpoints, by size */
    ldg_hash *cp_roots;   /* root of the rebuilt entries at each checkpoint's size */
    unsigned char *cp_have;
    int cp_next; /* first checkpoint whose size the stream has not reached */
} vstate;

static void problem(vstate *vs, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(vstate *vs, int64_t seq, const char *fmt, ...)
{
    char what[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    /* stored bytes are quoted into some reports: none may drive the terminal */
    for (char *c = what; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    vs->sum->problems++;
    if (vs->o->report) /* problems outside any tenant (the site table) name none */
        vs->o->report(vs->o->ctx, vs->tenant ? vs->tenant : "-", seq, what);
}

static const char *param_i64(char buf[24], int64_t v)
{
    return ldg_store_i64(buf, v);
}

/* Compares every stored row of tile (level, idx) with the n hashes recomputed. */
static uint64_t be64(const char *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = v << 8 | (unsigned char)p[i];
    return v;
}

/* The stored rows of tile (level, idx): rows [*first, *first + *count) of *res. Tiles
 * are checked in index order, so rows are fetched TILE_BATCH indexes per query. */
static ldg_code tile_rows(PGresult **res, int *first, int *count, vstate *vs, int level,
                          uint64_t idx, ldg_error *err)
{
    level_state *ls = &vs->lv[level];
    int r;

    if (!ls->rows || idx < ls->rows_lo || idx >= ls->rows_hi) {
        char t[24], l[24], lo[24], hi[24], n[24];
        const char *params[5] = { param_i64(t, vs->tenant_id), param_i64(l, level),
                                  param_i64(lo, (int64_t)idx),
                                  param_i64(hi, (int64_t)(idx + TILE_BATCH)),
                                  param_i64(n, vs->tree_limit) };
        ldg_code rc;

        PQclear(ls->rows);
        ls->rows = NULL;
        /* verify reads every row (limit INT64_MAX); a seal only those its tree has room
         * for, since appends may be adding wider ones meanwhile */
        rc = ldg_store_execb(
            &ls->rows, vs->st,
            "SELECT idx, width, hashes FROM ledger.log_tile"
            " WHERE tenant_id = $1 AND level = $2 AND idx >= $3 AND idx < $4"
            " AND ($5::bigint >> (8 * level)) >= width"
            " AND idx <= (($5::bigint >> (8 * level)) - width) / 256"
            " ORDER BY idx, width",
            5, params, NULL, NULL, 1, err);
        if (rc != LDG_OK)
            return rc;
        ls->rows_lo = idx;
        ls->rows_hi = idx + TILE_BATCH;
        ls->rows_at = 0;
    }
    r = ls->rows_at;
    while (r < PQntuples(ls->rows) && be64(PQgetvalue(ls->rows, r, 0)) < idx)
        r++;
    *first = r;
    while (r < PQntuples(ls->rows) && be64(PQgetvalue(ls->rows, r, 0)) == idx)
        r++;
    *count = r - *first;
    ls->rows_at = r;
    *res = ls->rows;
    return LDG_OK;
}

static ldg_code check_tile(vstate *vs, int level, uint64_t idx, const ldg_hash *buf,
                           int n, int final, ldg_error *err)
{
    PGresult *res = NULL;
    unsigned char reported[LDG_TILE_WIDTH] = {
        0
    }; /* one report per entry, not per row */
    int have_exact = 0, first = 0, count = 0;
    ldg_code rc = tile_rows(&res, &first, &count, vs, level, idx, err);

    if (rc != LDG_OK)
        return rc;
    for (int r = first; r < first + count; r++) {
        const char *w_be = PQgetvalue(res, r, 1);
        int width = (int)(((unsigned char)w_be[0] << 8) | (unsigned char)w_be[1]);
        const ldg_hash *stored = (const ldg_hash *)(const void *)PQgetvalue(res, r, 2);

        vs->sum->tiles++;
        if (PQgetlength(res, r, 2) != width * LDG_HASH_LEN) {
            problem(vs, -1, "tile %d/%" PRIu64 " width %d holds %d bytes", level, idx,
                    width, PQgetlength(res, r, 2));
            continue;
        }
        if (width > n) /* its first n hashes are still checked below: a forged row names
                        * itself twice, as too wide and where it differs */
            problem(vs, level == 0 ? (int64_t)(idx * LDG_TILE_WIDTH) + n : -1,
                    "tile %d/%" PRIu64 " holds %d hashes but the log has entries for %d:"
                    " the log was truncated (entries removed), or the row was inserted"
                    " wider than the log",
                    level, idx, width, n);
        if (width == n)
            have_exact = 1;
        for (int j = 0; j < width && j < n; j++) {
            if (memcmp(&stored[j], &buf[j], sizeof(ldg_hash)) == 0 || reported[j])
                continue;
            reported[j] = 1;
            if (level == 0) {
                problem(
                    vs, (int64_t)(idx * LDG_TILE_WIDTH) + j,
                    "entry does not match the leaf hash logged for it in tile 0/%" PRIu64
                    " (row of width %d; the record or that row was altered, swapped,"
                    " reordered or forged after it was logged)",
                    idx, width);
            } else {
                problem(vs, -1,
                        "tile %d/%" PRIu64 " hash %d does not match the tiles below it",
                        level, idx, j);
                break; /* an upper tile: one report per row names it */
            }
        }
    }
    /* full tiles and the last leaf tile are always written with the entries */
    if (!have_exact && n > 0 && (!final || level == 0))
        problem(vs, -1, "tile %d/%" PRIu64 " of width %d is missing", level, idx, n);
    return LDG_OK;
}

static ldg_code push_hash(vstate *vs, int level, const ldg_hash *h, ldg_error *err)
{
    level_state *ls = &vs->lv[level];
    ldg_hash up;
    ldg_code rc;

    ls->buf[ls->fill++] = *h;
    if (ls->fill < LDG_TILE_WIDTH)
        return LDG_OK;
    rc = check_tile(vs, level, ls->idx, ls->buf, LDG_TILE_WIDTH, 0, err);
    if (rc != LDG_OK)
        return rc;
    ldg_merkle_root_of(&up, ls->buf, LDG_TILE_WIDTH);
    ls->idx++;
    ls->fill = 0;
    return level + 1 < LEVELS && !vs->leaves_only ? push_hash(vs, level + 1, &up, err)
                                                  : LDG_OK;
}

/* Matches ldg_tile_reader over the per-level buffers: after n leaves, level L holds the
 * hashes of the complete 256^L-leaf subtrees of n's last level-(L+1) tile, which is
 * every tile the root of the tree of n leaves reads (merkle.c range_hash). */
static ldg_code state_read(void *ctx, int level, uint64_t index, int width, ldg_hash *out,
                           ldg_error *err)
{
    const vstate *vs = ctx;

    if (level < 0 || level >= LEVELS || vs->lv[level].idx != index ||
        width > vs->lv[level].fill)
        return ldg_error_set(err, LDG_EINTERNAL, "tile %d/%" PRIu64 " is not held", level,
                             index);
    memcpy(out, vs->lv[level].buf, (size_t)width * sizeof(ldg_hash));
    return LDG_OK;
}

/* Roots of the rebuilt tree at the sizes of the stored checkpoints, as the stream
 * reaches them: a checkpoint is then checked against the records, never against the
 * stored tiles (which would blame an honest checkpoint for a forged tile). */
static ldg_code capture_roots(vstate *vs, ldg_error *err)
{
    while (vs->cps && vs->cp_next < PQntuples(vs->cps)) {
        int64_t size = ldg_store_int64(vs->cps, vs->cp_next, 0);
        ldg_code rc;

        if (size > vs->next_seq)
            break;
        if (size == vs->next_seq) {
            rc = ldg_tree_root(&vs->cp_roots[vs->cp_next], (uint64_t)size, state_read, vs,
                               err);
            if (rc != LDG_OK)
                return rc;
            vs->cp_have[vs->cp_next] = 1;
        }
        vs->cp_next++;
    }
    return LDG_OK;
}

/* The next leaf of the stream, seq vs->next_seq. */
static ldg_code add_leaf(vstate *vs, const ldg_hash *leaf, ldg_error *err)
{
    ldg_code rc = push_hash(vs, 0, leaf, err);

    if (rc != LDG_OK)
        return rc;
    vs->next_seq++;
    return capture_roots(vs, err);
}

/* A stored document entry: its JSON must be canonical and name this tenant, seq, kind. */
static void check_doc(vstate *vs, int64_t seq, const char *kind, const char *body,
                      size_t len)
{
    json_error_t jerr;
    json_t *j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    ldg_buf canon = { 0 };
    ldg_error e;

    ldg_error_clear(&e);
    if (!j) {
        problem(vs, seq, "stored entry is not valid JSON: %s", jerr.text);
        return;
    }
    if (ldg_jcs_serialize(&canon, j, &e) != LDG_OK || canon.len != len ||
        memcmp(canon.data, body, len) != 0)
        problem(vs, seq, "stored entry is not in canonical form");
    else if (!json_is_string(json_object_get(j, "tenant")) ||
             strcmp(json_string_value(json_object_get(j, "tenant")), vs->tenant) != 0)
        problem(vs, seq, "stored entry names another tenant");
    else if (json_integer_value(json_object_get(j, "seq")) != seq)
        problem(vs, seq, "stored entry carries seq %" PRId64,
                (int64_t)json_integer_value(json_object_get(j, "seq")));
    else if (!json_is_string(json_object_get(j, "kind")) ||
             strcmp(json_string_value(json_object_get(j, "kind")), kind) != 0)
        problem(vs, seq, "stored entry kind differs from its index (%s)", kind);
    ldg_buf_cleanup(&canon);
    json_decref(j);
}

static ldg_code usage_bytes(vstate *vs, const PGresult *res, int r, int64_t seq,
                            ldg_error *err)
{
    int64_t site_id = ldg_store_int64(res, r, 2);
    ldg_code rc;
    ldg_record u = {
        .tenant = vs->tenant,
        .site = site_id >= 0 && site_id < vs->nsites && vs->sites[site_id]
                    ? vs->sites[site_id]
                    : "?",
        .meter = PQgetvalue(res, r, 3),
        .event_id = PQgetvalue(res, r, 4),
        .corrects = PQgetisnull(res, r, 5) ? NULL : PQgetvalue(res, r, 5),
        .kind = (int)ldg_store_int64(res, r, 6),
        .cls = (int)ldg_store_int64(res, r, 7),
        .start = ldg_store_int64(res, r, 8),
        .end = ldg_store_int64(res, r, 9),
        .qty_micros = ldg_store_int64(res, r, 10),
    };

    ldg_buf_reset(&vs->bytes);
    rc = ldg_entry_record_bytes(&vs->bytes, &u, seq, err);
    if (rc == LDG_OK && vs->rollup)
        rc = ldg_rollup_add(vs->rollup, vs->tenant_id, (int16_t)site_id, &u, err);
    return rc;
}

/* A payment entry rebuilt from its typed row (ledger.payment). A row that cannot be
 * written exactly (an amount that is no whole number of its currency's minor unit) is
 * named, and its leaf left zero, so its tile disagrees too. */
static void payment_leaf(vstate *vs, const PGresult *res, int r, int64_t seq,
                         ldg_hash *leaf)
{
    ldg_payment_entry p = {
        .payment_id = PQgetvalue(res, r, 2),
        .received = ldg_store_int64(res, r, 3),
        .amount_micros = ldg_store_int64(res, r, 4),
        .currency = PQgetvalue(res, r, 5),
        .reference = PQgetvalue(res, r, 6),
        .payer = PQgetvalue(res, r, 7),
        .assigned_by = PQgetisnull(res, r, 8) ? NULL : PQgetvalue(res, r, 8),
    };
    ldg_error e;

    ldg_error_clear(&e);
    ldg_buf_reset(&vs->bytes);
    if (ldg_entry_payment_bytes(&vs->bytes, vs->tenant, seq, &p, &e) != LDG_OK) {
        problem(vs, seq, "payment row cannot be rebuilt: %s", e.message);
        memset(leaf, 0, sizeof(*leaf));
        return;
    }
    ldg_merkle_leaf_hash(leaf, vs->bytes.data, vs->bytes.len);
}

static ldg_code take_row(vstate *vs, const PGresult *res, int r, ldg_error *err)
{
    int64_t seq = ldg_store_int64(res, r, 0);
    ldg_hash leaf;
    ldg_code rc;

    if (seq < vs->next_seq) {
        problem(vs, seq, "seq appears twice in the log");
        return LDG_OK;
    }
    if (seq > vs->next_seq) {
        problem(vs, vs->next_seq,
                "entries %" PRId64 "..%" PRId64 " are missing from the log (removed)",
                vs->next_seq, seq - 1);
        /* leaves of the missing entries are unknown: the tiles will disagree; carry on
         * with placeholders so later entries are still checked against their slots */
        while (vs->next_seq < seq) {
            memset(&leaf, 0, sizeof(leaf));
            rc = add_leaf(vs, &leaf, err);
            if (rc != LDG_OK)
                return rc;
        }
    }
    if (strcmp(PQgetvalue(res, r, 1), "1") == 0) {
        rc = usage_bytes(vs, res, r, seq, err);
        if (rc != LDG_OK)
            return rc;
        ldg_merkle_leaf_hash(&leaf, vs->bytes.data, vs->bytes.len);
    } else if (strcmp(PQgetvalue(res, r, 1), "2") == 0) {
        payment_leaf(vs, res, r, seq, &leaf);
    } else {
        size_t len = 0;
        unsigned char *body =
            PQunescapeBytea((const unsigned char *)PQgetvalue(res, r, 12), &len);
        if (!body)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        check_doc(vs, seq, PQgetvalue(res, r, 11), (const char *)body, len);
        if (vs->keyring && strcmp(PQgetvalue(res, r, 11), LDG_KEYRING_KIND) == 0) {
            ldg_error e;

            ldg_error_clear(&e);
            if (ldg_keyring_take(vs->keyring, vs->tenant, seq, (const char *)body, len,
                                 &e) != LDG_OK)
                problem(vs, seq, "key rotation refused: %s", e.message);
        }
        ldg_merkle_leaf_hash(&leaf, body, len);
        PQfreemem(body);
    }
    vs->sum->entries++;
    return add_leaf(vs, &leaf, err);
}

/* One of the three ordered streams of entries (usage records, documents, payments),
 * read through a cursor a batch at a time. */
typedef struct entry_cursor {
    const char *fetch; /* the FETCH statement */
    PGresult *res;
    int row, rows;
    int done;
} entry_cursor;

static ldg_code cursor_peek(int64_t *seq, entry_cursor *c, vstate *vs, ldg_error *err)
{
    if (!c->done && c->row == c->rows) {
        ldg_code rc;

        PQclear(c->res);
        c->res = NULL;
        rc = ldg_store_exec(&c->res, vs->st, c->fetch, 0, NULL, err);
        if (rc != LDG_OK)
            return rc;
        c->row = 0;
        c->rows = PQntuples(c->res);
        c->done = c->rows == 0;
    }
    *seq = c->done ? INT64_MAX : ldg_store_int64(c->res, c->row, 0);
    return LDG_OK;
}

/*
 * Entries in seq order: usage records, documents and payments come from their own
 * primary-key ordered cursors, merged here, so the server streams both without sorting
 * the log (a UNION ... ORDER BY sorted all of it, on disk at ten million entries).
 */
static ldg_code stream_entries(vstate *vs, int64_t from, int64_t to, ldg_error *err)
{
    char t[24], lo[24], hi[24];
    const char *params[3] = { param_i64(t, vs->tenant_id), param_i64(lo, from),
                              param_i64(hi, to) };
    entry_cursor usage = { .fetch = "FETCH " FETCH_ROWS " FROM ldg_verify_usage" };
    entry_cursor docs = { .fetch = "FETCH " FETCH_ROWS " FROM ldg_verify_docs" };
    entry_cursor pays = { .fetch = "FETCH " FETCH_ROWS " FROM ldg_verify_pays" };
    int64_t taken = 0;
    ldg_code rc;

    rc = ldg_store_exec(
        NULL, vs->st,
        "DECLARE ldg_verify_usage NO SCROLL CURSOR FOR"
        " SELECT seq, 1, site_id, meter, event_id, corrects, kind, class,"
        "  extract(epoch FROM start_at)::bigint,"
        "  extract(epoch FROM end_at)::bigint, qty_micros, NULL, NULL"
        " FROM ledger.usage WHERE tenant_id = $1 AND seq >= $2 AND seq < $3"
        " ORDER BY seq",
        3, params, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            NULL, vs->st,
            "DECLARE ldg_verify_docs NO SCROLL CURSOR FOR"
            " SELECT seq, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            "  NULL, kind, body FROM ledger.log_doc WHERE tenant_id = $1"
            " AND seq >= $2 AND seq < $3 ORDER BY seq",
            3, params, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            NULL, vs->st,
            "DECLARE ldg_verify_pays NO SCROLL CURSOR FOR"
            " SELECT seq, 2, payment_id, extract(epoch FROM received_at)::bigint,"
            "  amount_micros, currency, reference, payer, assigned_by"
            " FROM ledger.payment WHERE tenant_id = $1 AND seq >= $2 AND seq < $3"
            " ORDER BY seq",
            3, params, err);
    while (rc == LDG_OK) {
        int64_t us, ds, ps;
        entry_cursor *next;

        rc = cursor_peek(&us, &usage, vs, err);
        if (rc == LDG_OK)
            rc = cursor_peek(&ds, &docs, vs, err);
        if (rc == LDG_OK)
            rc = cursor_peek(&ps, &pays, vs, err);
        if (rc != LDG_OK || (usage.done && docs.done && pays.done))
            break;
        next = us <= ds && us <= ps ? &usage : ds <= ps ? &docs : &pays;
        rc = take_row(vs, next->res, next->row++, err);
        if (++taken % 65536 == 0 && vs->o->progress)
            vs->o->progress(vs->o->ctx, vs->tenant, vs->next_seq, vs->head_size);
    }
    if (vs->o->progress)
        vs->o->progress(vs->o->ctx, vs->tenant, vs->next_seq, vs->head_size);
    PQclear(usage.res);
    PQclear(docs.res);
    PQclear(pays.res);
    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, vs->st, "CLOSE ldg_verify_usage", 0, NULL, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, vs->st, "CLOSE ldg_verify_docs", 0, NULL, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, vs->st, "CLOSE ldg_verify_pays", 0, NULL, err);
    return rc;
}

/* The last partial tile of each level, and rows beyond the end of the log. */
static ldg_code check_tail(vstate *vs, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (int level = 0; rc == LDG_OK && level < (vs->leaves_only ? 1 : LEVELS); level++) {
        level_state *ls = &vs->lv[level];
        char t[24], l[24], i[24];
        const char *params[3] = { param_i64(t, vs->tenant_id), param_i64(l, level),
                                  param_i64(i, (int64_t)ls->idx) };
        PGresult *res = NULL;

        rc = check_tile(vs, level, ls->idx, ls->buf, ls->fill, 1, err);
        if (rc == LDG_OK && !vs->leaves_only)
            rc =
                ldg_store_exec(&res, vs->st,
                               "SELECT count(*) FROM ledger.log_tile WHERE tenant_id = $1"
                               " AND level = $2 AND idx > $3",
                               3, params, err);
        if (rc == LDG_OK && res && ldg_store_int64(res, 0, 0) > 0)
            problem(vs, -1,
                    "%" PRId64
                    " tile(s) at level %d lie beyond the end of the log: the log"
                    " was truncated (entries removed)",
                    ldg_store_int64(res, 0, 0), level);
        PQclear(res);
    }
    if (rc == LDG_OK && vs->next_seq < vs->head_size)
        problem(vs, vs->next_seq,
                "the log has %" PRId64 " entries but recorded %" PRId64
                ": the log was truncated (entries removed)",
                vs->next_seq, vs->head_size);
    return rc;
}

/* The stored hourly rollups must equal the sums rebuilt from the log's records. */
static ldg_code check_rollups(vstate *vs, ldg_error *err)
{
    char t[24];
    const char *params[1] = { param_i64(t, vs->tenant_id) };
    PGresult *res = NULL;
    int64_t matched = 0;
    ldg_code rc =
        ldg_store_exec(&res, vs->st,
                       "SELECT extract(epoch FROM hour)::bigint, site_id, kind, class,"
                       " qty_micros, records FROM ledger.usage_hourly"
                       " WHERE tenant_id = $1",
                       1, params, err);

    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        ldg_rollup_key k;
        int64_t qty = 0, n = 0;
        char at[LDG_TIME_BUFLEN];

        memset(&k, 0, sizeof(k));
        k.hour = ldg_store_int64(res, r, 0);
        k.tenant_id = vs->tenant_id;
        k.site_id = (int16_t)ldg_store_int64(res, r, 1);
        k.kind = (int8_t)ldg_store_int64(res, r, 2);
        k.cls = (int8_t)ldg_store_int64(res, r, 3);
        if (!ldg_rollup_get(vs->rollup, &k, &qty, &n))
            problem(vs, -1,
                    "hourly rollup at %s (kind %d, class %d) has no records behind it",
                    ldg_time_format(at, k.hour), k.kind, k.cls);
        else if (qty != ldg_store_int64(res, r, 4) || n != ldg_store_int64(res, r, 5))
            problem(
                vs, -1,
                "hourly rollup at %s (kind %d, class %d) holds %" PRId64 " micro-units of"
                " %" PRId64 " records; the log's records sum to %" PRId64 " of %" PRId64,
                ldg_time_format(at, k.hour), k.kind, k.cls, ldg_store_int64(res, r, 4),
                ldg_store_int64(res, r, 5), qty, n);
        else
            matched++;
    }
    if (rc == LDG_OK && (size_t)PQntuples(res) < ldg_rollup_count(vs->rollup))
        problem(vs, -1, "%zu hourly rollups are missing for records in the log",
                ldg_rollup_count(vs->rollup) - (size_t)PQntuples(res));
    (void)matched;
    PQclear(res);
    return rc;
}

/* Contract and invoice indexes must say what their log entries say. */
static ldg_code check_indexes(vstate *vs, ldg_error *err)
{
    static const char *const checks[] = {
        "SELECT c.seq, 'contract index differs from its log entry' FROM "
        "ledger.contract_doc c"
        " LEFT JOIN ledger.log_doc d ON d.tenant_id = c.tenant_id AND d.seq = c.seq"
        " WHERE c.tenant_id = $1 AND (d.seq IS NULL OR d.kind <> 'contract'"
        " OR convert_from(d.body, 'UTF8')::jsonb -> 'data' IS DISTINCT FROM c.doc)",
        "SELECT i.seq, 'invoice ' || i.number || ' index differs from its log entry'"
        " FROM ledger.invoice i"
        " LEFT JOIN ledger.log_doc d ON d.tenant_id = i.tenant_id AND d.seq = i.seq"
        " WHERE i.tenant_id = $1 AND (d.seq IS NULL OR d.kind <> i.kind"
        " OR convert_from(d.body, 'UTF8')::jsonb -> 'data' IS DISTINCT FROM i.doc"
        " OR i.doc ->> 'number' <> i.number)",
        "SELECT i.seq, 'invoice ' || i.number || ' lines differ from its log entry'"
        " FROM ledger.invoice i LEFT JOIN (SELECT number, count(*) AS n,"
        "  sum(amount_micros) AS total FROM ledger.invoice_line WHERE tenant_id = $1"
        "  GROUP BY number) l USING (number)"
        " WHERE i.tenant_id = $1 AND (coalesce(l.n, 0) <> jsonb_array_length(i.doc -> "
        "'lines')"
        /* the lines sum to the net (issue 9; older documents: net = total) and the
         * index's total_micros is the document's total, tax included */
        " OR coalesce(l.total, 0) <> coalesce(round((i.doc ->> 'net')::numeric"
        "  * 1000000)::bigint, i.total_micros)"
        " OR round((i.doc ->> 'total')::numeric * 1000000)::bigint <> i.total_micros)",
        /* drafts are not entries, their decisions are (draft_store.h): each decided
         * row and each draft_decision entry must name the other, and an approval the
         * invoice that names its approver */
        "SELECT coalesce(e.seq, d.decision_seq), 'draft decision '"
        " || coalesce(e.data ->> 'draft', 'D' || d.draft_no)"
        " || ' differs from its log entry'"
        " FROM (SELECT * FROM ledger.invoice_draft WHERE tenant_id = $1"
        "  AND decision_seq IS NOT NULL) d"
        " FULL JOIN (SELECT seq, convert_from(body, 'UTF8')::jsonb -> 'data' AS data"
        "  FROM ledger.log_doc WHERE tenant_id = $1 AND kind = 'draft_decision') e"
        " ON e.seq = d.decision_seq"
        " WHERE d.draft_no IS NULL OR e.seq IS NULL"
        " OR e.data ->> 'draft' IS DISTINCT FROM 'D' || d.draft_no"
        " OR e.data ->> 'decision' IS DISTINCT FROM d.state"
        " OR e.data ->> 'by' IS DISTINCT FROM d.decided_by"
        " OR e.data ->> 'note' IS DISTINCT FROM d.note"
        " OR e.data ->> 'number' IS DISTINCT FROM d.number"
        " OR e.data ->> 'contract' IS DISTINCT FROM d.contract_id"
        " OR e.data ->> 'period' IS DISTINCT FROM d.period"
        " OR (d.state = 'approved' AND NOT EXISTS (SELECT 1 FROM ledger.invoice i"
        "  WHERE i.tenant_id = $1 AND i.number = d.number"
        "  AND i.doc ->> 'approved_by' = d.decided_by))",
    };
    char t[24];
    const char *params[1] = { param_i64(t, vs->tenant_id) };
    ldg_code rc = LDG_OK;

    for (size_t c = 0; rc == LDG_OK && c < sizeof(checks) / sizeof(checks[0]); c++) {
        PGresult *res = NULL;
        rc = ldg_store_exec(&res, vs->st, checks[c], 1, params, err);
        for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++)
            problem(vs, ldg_store_int64(res, r, 0), "%s", PQgetvalue(res, r, 1));
        PQclear(res);
    }
    return rc;
}

static int origin_ok(const char *origin, const char *key_name, const char *tenant)
{
    size_t kn = strlen(key_name);

    return strncmp(origin, key_name, kn) == 0 && origin[kn] == '/' &&
           strcmp(origin + kn + 1, tenant) == 0;
}

/* One checkpoint: signature, body, and root over the entries rebuilt from the records.
 * Two checkpoints whose roots both match the rebuilt tree are consistent (RFC 9162) by
 * construction: they are roots of prefixes of one sequence of leaves. */
static void check_checkpoint(vstate *vs, int r)
{
    const PGresult *res = vs->cps;
    int64_t size = ldg_store_int64(res, r, 0);
    const char *note = PQgetvalue(res, r, 2);
    const char *key_name = PQgetvalue(res, r, 3);
    ldg_checkpoint cp;
    ldg_hash root;
    size_t text_len = 0;
    ldg_error e;

    vs->sum->checkpoints++;
    ldg_error_clear(&e);
    if (ldg_hash_from_base64(&root, PQgetvalue(res, r, 1), (size_t)PQgetlength(res, r, 1),
                             &e) != LDG_OK) {
        problem(vs, -1, "checkpoint at size %" PRId64 ": stored root is malformed", size);
        return;
    }
    if (size > vs->next_seq) {
        problem(vs, -1,
                "checkpoint at size %" PRId64 " but the log has %" PRId64
                " entries: the log was truncated (entries removed)",
                size, vs->next_seq);
        return;
    }
    if (ldg_keyring_open(&text_len, vs->keyring, size, ldg_store_int64(res, r, 4), note,
                         strlen(note), &e) != LDG_OK) {
        problem(vs, -1, "checkpoint at size %" PRId64 ": signature does not verify: %s",
                size, e.message);
        return;
    }
    ldg_error_clear(&e);
    if (ldg_checkpoint_parse(&cp, note, text_len, &e) != LDG_OK) {
        problem(vs, -1, "checkpoint at size %" PRId64 ": %s", size, e.message);
        return;
    }
    if (!origin_ok(cp.origin, key_name, vs->tenant) || cp.size != (uint64_t)size ||
        memcmp(&cp.root, &root, sizeof(root)) != 0) {
        problem(vs, -1,
                "checkpoint at size %" PRId64
                ": signed body (origin \"%s\", size %" PRIu64
                ") differs from its stored row",
                size, cp.origin, cp.size);
        return;
    }
    if (!vs->cp_have[r] || memcmp(&vs->cp_roots[r], &root, sizeof(root)) != 0)
        problem(vs, -1,
                "checkpoint at size %" PRId64
                ": signed root does not match the log's entries",
                size);
}

/* The tenant's checkpoints, read before the entries are streamed so that the roots at
 * their sizes can be taken on the way (capture_roots). */
static ldg_code load_checkpoints(vstate *vs, PGresult **res, ldg_error *err)
{
    char t[24];
    const char *params[1] = { param_i64(t, vs->tenant_id) };
    ldg_code rc =
        ldg_store_exec(res, vs->st,
                       "SELECT size, encode(root, 'base64'), note, key_name,"
                       " floor(extract(epoch FROM signed_at))::bigint"
                       " FROM ledger.checkpoint WHERE tenant_id = $1 ORDER BY size",
                       1, params, err);
    size_t n;

    if (rc != LDG_OK)
        return rc;
    n = (size_t)PQntuples(*res);
    vs->cp_roots = calloc(n + 1, sizeof(*vs->cp_roots));
    vs->cp_have = calloc(n + 1, 1);
    if (!vs->cp_roots || !vs->cp_have)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    vs->cps = *res;
    vs->cp_next = 0;
    return capture_roots(vs, err); /* a checkpoint of the empty tree */
}

/* Sites by id. An id outside 1..SITE_ID_MAX (a row inserted around the identity) is
 * reported and left out of the table, so it can never index outside it; records naming
 * it then fail as records of an unknown site. */
static ldg_code load_sites(vstate *vs, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, vs->st,
                                 "SELECT site_id, site FROM ledger.site ORDER BY site_id",
                                 0, NULL, err);
    int64_t max = 0;

    if (rc != LDG_OK)
        return rc;
    for (int r = 0; r < PQntuples(res); r++) {
        int64_t id = ldg_store_int64(res, r, 0);

        if ((id < 1 || id > SITE_ID_MAX) && !vs->leaves_only) /* seal: only its range */
            problem(vs, -1,
                    "site \"%s\" has id %" PRId64
                    ", outside 1..%d: the row was not made by"
                    " `load site` (inserted with OVERRIDING SYSTEM VALUE?)",
                    PQgetvalue(res, r, 1), id, SITE_ID_MAX);
        if (id >= 1 && id <= SITE_ID_MAX && id > max)
            max = id;
    }
    vs->nsites = (int)max + 1;
    vs->sites = calloc((size_t)vs->nsites, sizeof(char *));
    if (!vs->sites)
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        int64_t id = ldg_store_int64(res, r, 0);

        if (id < 1 || id > max || vs->sites[id])
            continue;
        vs->sites[id] = strdup(PQgetvalue(res, r, 1));
        if (!vs->sites[id])
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    PQclear(res);
    return rc;
}

static ldg_code load_db_keys(vstate *vs, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_execb(&res, vs->st,
                                  "SELECT key_name, public_key FROM ledger.signing_key"
                                  " ORDER BY added_at",
                                  0, NULL, NULL, NULL, 1, err);
    int n;

    if (rc != LDG_OK)
        return rc;
    n = PQntuples(res);
    vs->keys = calloc((size_t)n + 1, sizeof(*vs->keys));
    if (!vs->keys)
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int r = 0; rc == LDG_OK && r < n; r++) {
        if (PQgetlength(res, r, 1) != LDG_ED25519_LEN)
            continue;
        rc = ldg_verifier_from_raw(&vs->keys[vs->nkeys], PQgetvalue(res, r, 0),
                                   (const uint8_t *)PQgetvalue(res, r, 1), err);
        if (rc == LDG_OK)
            vs->nkeys++;
    }
    PQclear(res);
    return rc;
}

static ldg_code verify_tenant(vstate *vs, ldg_error *err)
{
    PGresult *cps = NULL;
    ldg_code rc;

    vs->next_seq = 0;
    for (int l = 0; l < LEVELS; l++)
        PQclear(vs->lv[l].rows);
    memset(vs->lv, 0, sizeof(vs->lv));
    ldg_rollup_clear(vs->rollup);
    ldg_keyring_reset(vs->keyring);
    rc = load_checkpoints(vs, &cps, err);
    if (rc == LDG_OK)
        rc = stream_entries(vs, 0, INT64_MAX, err);
    if (rc == LDG_OK)
        rc = check_tail(vs, err);
    if (rc == LDG_OK)
        rc = check_rollups(vs, err);
    if (rc == LDG_OK)
        rc = check_indexes(vs, err);
    for (int r = 0; rc == LDG_OK && r < PQntuples(cps); r++)
        check_checkpoint(vs, r);
    vs->cps = NULL;
    PQclear(cps);
    free(vs->cp_roots);
    free(vs->cp_have);
    vs->cp_roots = NULL;
    vs->cp_have = NULL;
    vs->sum->tenants++;
    return rc;
}

ldg_code ldg_verify(ldg_verify_summary *out, ldg_store *st, const ldg_verify_opts *opts,
                    ldg_error *err)
{
    const char *params[1] = { opts->tenant };
    vstate vs = { .st = st, .o = opts, .sum = out, .tree_limit = INT64_MAX };
    PGresult *res = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    /* one snapshot for the whole run: a log growing meanwhile is seen as it was */
    rc = ldg_store_exec(NULL, st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
                        NULL, err);
    if (rc != LDG_OK)
        return rc;
    rc = load_sites(&vs, err);
    if (rc == LDG_OK)
        rc = ldg_rollup_new(&vs.rollup, err);
    if (rc == LDG_OK) {
        if (opts->nkeys > 0) {
            vs.keys = (ldg_verifier **)(uintptr_t)opts->keys;
            vs.nkeys = opts->nkeys;
        } else {
            rc = load_db_keys(&vs, err);
        }
    }
    if (rc == LDG_OK)
        rc = ldg_keyring_new(&vs.keyring, vs.keys, vs.nkeys, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            &res, st,
            "SELECT t.tenant_id, t.tenant, h.size FROM ledger.tenant t"
            " JOIN ledger.log_head h USING (tenant_id)"
            " WHERE $1::text IS NULL OR t.tenant = $1 ORDER BY t.tenant_id",
            1, params, err);
    if (rc == LDG_OK && opts->tenant && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant \"%s\"", opts->tenant);
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        vs.tenant_id = (int32_t)ldg_store_int64(res, r, 0);
        vs.tenant = PQgetvalue(res, r, 1);
        vs.head_size = ldg_store_int64(res, r, 2);
        rc = verify_tenant(&vs, err);
    }
    if (rc == LDG_OK && opts->kept)
        rc = ldg_verify_kept(&out->problems, &out->kept_extended, st, opts->kept, vs.keys,
                             vs.nkeys, opts->tenant, opts->report, opts->ctx, err);
    PQclear(res);
    ldg_store_rollback(st);
    if (opts->nkeys == 0) {
        for (size_t i = 0; i < vs.nkeys; i++)
            ldg_verifier_free(vs.keys[i]);
        free(vs.keys);
    }
    for (int i = 0; i < vs.nsites; i++)
        free(vs.sites[i]);
    free(vs.sites);
    ldg_buf_cleanup(&vs.bytes);
    ldg_rollup_free(vs.rollup);
    for (int l = 0; l < LEVELS; l++)
        PQclear(vs.lv[l].rows);
    ldg_keyring_free(vs.keyring);
    return rc;
}

ldg_code ldg_verify_leaves(int64_t *problems, ldg_store *st, int32_t tenant_id,
                           const char *tenant, int64_t from, int64_t to,
                           const ldg_hash *prefix, ldg_verify_report report, void *ctx,
                           ldg_error *err)
{
    ldg_verify_summary sum;
    ldg_verify_opts o = { .tenant = tenant, .report = report, .ctx = ctx };
    vstate vs = { .st = st,
                  .o = &o,
                  .sum = &sum,
                  .tenant_id = tenant_id,
                  .tenant = tenant,
                  .head_size = to,
                  .next_seq = from,
                  .leaves_only = 1,
                  .tree_limit = to };
    ldg_code rc;

    memset(&sum, 0, sizeof(sum));
    *problems = 0;
    if (from < 0 || from > to)
        return ldg_error_set(err, LDG_EINVAL,
                             "entries %" PRId64 "..%" PRId64 " are no range", from, to);
    /* the leaves before `from` in its tile are the caller's, bound to a signed root */
    vs.lv[0].idx = (uint64_t)from / LDG_TILE_WIDTH;
    vs.lv[0].fill = (int)((uint64_t)from % LDG_TILE_WIDTH);
    memcpy(vs.lv[0].buf, prefix, (size_t)vs.lv[0].fill * sizeof(ldg_hash));
    rc = load_sites(&vs, err);
    if (rc == LDG_OK)
        rc = stream_entries(&vs, from, to, err);
    if (rc == LDG_OK)
        rc = check_tail(&vs, err);
    *problems = sum.problems;
    for (int i = 0; i < vs.nsites; i++)
        free(vs.sites[i]);
    free(vs.sites);
    ldg_buf_cleanup(&vs.bytes);
    PQclear(vs.lv[0].rows);
    return rc;
}
