/*
 * Log verification. See verify.h for what is checked. The leaves are rebuilt from the
 * stored records and pushed up a stack of per-level tile buffers (one 256-hash tile per
 * level, as in C2SP tlog-tiles), so every stored tile row is compared with what the
 * records imply while memory stays bounded, whatever the log's size.
 *
 * Reading (issue 13): one pass over every tenant. The entries come from three cursors
 * (usage records, documents, payments), the stored tiles from one cursor per level, the
 * hourly rollups and the checkpoints from one each, every one declared once for the
 * whole run over all the tenants, ordered by tenant and then by seq (tiles: by index;
 * checkpoints: by size), and fetched in binary (no number or time is written as text by
 * the server or parsed here; integers as stored, no cast). The next batch of usage
 * records is asked for before the one just received is rebuilt and hashed, so the server
 * reads while the client hashes, and a batch that arrives early is rebuilt and hashed by
 * a second thread (pipeline, below); what has arrived of it is read off the socket now
 * and then meanwhile (drain), since a batch is larger than the socket holds and the
 * server would stop sending until it is. Dropped: cursors per tenant (36 statements per
 * tenant, most of the run's time at 300 small tenants); COPY (no other statement can run
 * on the connection until it ends, and the tiles and checkpoints are read between
 * batches); a second connection in an exported snapshot (a second login, role and
 * transaction to get right for a small gain over the read-ahead).
 */
#include "ledger/store/verify.h"

#include "ledger/entry.h"
#include "ledger/jcs.h"
#include "ledger/keyring.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/rollup.h"
#include "ledger/store/cosig_store.h"
#include "ledger/store/demand_store.h"
#include "ledger/store/verify_kept.h"
#include "ledger/usage_run.h"

#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* PostgreSQL's epoch, 2000-01-01, in Unix seconds */
#define PG_EPOCH_OFFSET INT64_C(946684800)
/* microseconds from it within which col_epoch needs no 128-bit arithmetic */
#define EPOCH_FAST        (INT64_C(1) << 62)
#define LEVELS            8
#define FETCH_ENTRIES     4096 /* entries per FETCH */
#define FETCH_TILES       256  /* stored tile rows per FETCH (at most 2 MB of hashes) */
#define FETCH_CHECKPOINTS 256  /* stored checkpoints per FETCH */
#define DRAIN_ROWS        256  /* rows between two reads of the socket (drain) */
#define DRAIN_WAIT_NS     200000L /* and nanoseconds, while waiting for the thread */
/* type OIDs of PostgreSQL's integers (pg_type.dat: fixed since 6.x) */
#define PG_INT8     20
#define PG_INT2     21
#define PG_INT4     23
#define SITE_ID_MAX 32767 /* site_id is a smallint identity: 1..32767 */

__extension__ typedef __int128 vf_i128;

/* A cursor read a batch at a time, binary results; every row starts with tenant_id. */
typedef struct cursor {
    char name[24];  /* as declared; "" when not */
    char fetch[64]; /* the FETCH statement */
    PGresult *res;  /* the batch being read */
    int row, rows;
    int done;
} cursor;

/* What the rollups and the runs check of a usage row need, as the hashing thread
 * decoded it to make its leaf: the main thread reads no column of the row again. */
typedef struct decoded {
    int64_t start, end, qty_micros, site_id;
    int kind, cls;
} decoded;

/* A batch of usage rows and the leaves the hashing thread made of them. */
typedef struct batch {
    PGresult *res;
    ldg_hash *leaves; /* one per row */
    decoded *dec;     /* each row's fields, as its leaf was made of them */
    size_t cap;
    int bad_row; /* the first row whose leaf could not be made, or -1 */
    ldg_code rc; /* and why */
    ldg_error err;
} batch;

/* A tenant being verified, for the hashing thread (which needs its name). */
typedef struct tenant_name {
    int64_t id;
    const char *name;
} tenant_name;

/*
 * The usage records' pipeline: while the main thread takes batch k (rollups, tiles,
 * checkpoints, problems, in seq order: everything that speaks to the database or
 * reports), the hashing thread rebuilds and hashes batch k + 1 if it has arrived, and
 * the server reads the next (usage_batch says when the main thread hashes a batch
 * itself). Three batches at most are held (4096 rows each), whatever the log's size.
 * The thread only reads: the batch given to it, the site and tenant names (fixed for
 * the run); it writes the batch's leaves, which the main thread reads only after
 * waiting for it.
 */
typedef struct pipeline {
    batch slot[3];
    batch *cur;     /* the batch being taken, its leaves made */
    batch *hashing; /* given to the thread */
    batch *held;    /* received, waiting for the thread */
    int wire;       /* a FETCH of the usage cursor is on the wire */
    int eof;        /* a FETCH returned no rows */
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    batch *job;    /* the thread's batch: given, not yet done; NULL when done */
    ldg_buf bytes; /* the main thread's, when it hashes a batch itself */
    ldg_merkle_hasher *hs;
    int quit; /* the thread is to end */
    const struct vstate *vs;
} pipeline;

/* The three kinds of entry rows, one cursor each, and their columns (all binary). */
enum { ST_USAGE, ST_DOCS, ST_PAYS, ST_N };
enum { C_TENANT, C_SEQ };
enum {
    CU_SITE = 2,
    CU_METER,
    CU_EVENT,
    CU_CORRECTS,
    CU_KIND,
    CU_CLASS,
    CU_START,
    CU_END,
    CU_QTY
};
enum { CD_KIND = 2, CD_BODY };
enum {
    CP_ID = 2,
    CP_RECEIVED,
    CP_AMOUNT,
    CP_CURRENCY,
    CP_REFERENCE,
    CP_PAYER,
    CP_ASSIGNED
};
enum { CT_IDX = 1, CT_WIDTH, CT_HASHES }; /* tile rows: tenant_id, idx, width, hashes */
/* checkpoint rows: tenant_id, size, root (base64), note, key_name, signed_at (seconds) */
enum { CC_SIZE = 1, CC_ROOT, CC_NOTE, CC_KEY, CC_SIGNED };

/* One of the tenant's checkpoints: a row of a batch of the checkpoint cursor. */
typedef struct cp_ref {
    const PGresult *res;
    int row;
} cp_ref;

/* A stored row of one tile, as check_tile compares it. */
typedef struct tile_row {
    int width;
    int len;       /* bytes of hashes stored */
    size_t offset; /* of its hashes in vstate.tile_bytes */
} tile_row;

typedef struct level_state {
    uint64_t idx;
    int fill;
    ldg_hash buf[LDG_TILE_WIDTH];
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
    cursor entries[ST_N];
    cursor tiles[LEVELS];       /* stored tile rows of each level (one for a seal) */
    cursor hourly;              /* the stored hourly rollups */
    cursor runs;                /* the stored runs of usage entries (usage_run.h) */
    ldg_usage_runs truns;       /* the tenant's runs */
    ldg_usage_run_check rcheck; /* its entries against them, as they stream */
    PGresult *index_bad[4];     /* rows of the index checks that failed, by tenant */
    int index_at[4];
    int has_quarters;         /* the tenant has stored 15-minute sums */
    int has_cosigs;           /* cosignatures or witness keys */
    pipeline pipe;            /* feeds entries[ST_USAGE] */
    const tenant_name *names; /* the tenants verified, by id */
    size_t nnames;
    tile_row *trows; /* the stored rows of the tile being checked */
    size_t ntrows, trows_cap;
    ldg_buf tile_bytes; /* their hashes */
    ldg_verifier **keys;
    size_t nkeys;
    ldg_rollup *rollup;   /* hourly sums rebuilt from the log */
    ldg_rollup *quarters; /* 15-minute energy sums rebuilt from the log (demand.h) */
    ldg_keyring *keyring; /* trusted keys and the log's rotations */
    int leaves_only;      /* ldg_verify_leaves: level-0 tiles of a range, nothing else */
    int64_t tree_limit;   /* tile rows wider than a tree of this size are not read */
    ldg_hash *roots;      /* ldg_verify_leaf_roots: each whole level-0 tile's root */
    uint64_t roots_first; /* the tile of roots[0] */
    cursor cpc;           /* the stored checkpoints, by tenant and size */
    cp_ref *cps;          /* the tenant's checkpoints, by size */
    size_t ncps, cps_cap;
    PGresult **cp_kept; /* batches of cpc passed while they hold the tenant's rows */
    size_t nkept, kept_cap;
    ldg_hash *cp_roots; /* root of the rebuilt entries at each checkpoint's size */
    unsigned char *cp_have;
    size_t cp_next; /* first checkpoint whose size the stream has not reached */
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

static uint64_t be64(const char *p)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v = v << 8 | (unsigned char)p[i];
    return v;
}

/* An integer column of a binary result: smallint, integer or bigint, each as stored (the
 * server casting each to bigint cost it more than sending it; issue 13). A column of
 * another type, or a value of another width, is never read past its end: it reads as
 * INT64_MIN, which no entry holds, so its leaf and tile do not match. */
static int64_t col_i64(const PGresult *res, int r, int c)
{
    const unsigned char *p = (const unsigned char *)PQgetvalue(res, r, c);
    int len = PQgetlength(res, r, c);
    Oid type = PQftype(res, c);

    if (type == PG_INT8 && len == 8)
        return (int64_t)be64((const char *)p);
    if (type == PG_INT4 && len == 4)
        return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
                         (uint32_t)p[2] << 8 | p[3]);
    if (type == PG_INT2 && len == 2)
        return (int16_t)((uint16_t)p[0] << 8 | p[1]);
    return INT64_MIN;
}

/* A text column, or NULL for SQL NULL: libpq ends every value with a zero byte. */
static const char *col_text(const PGresult *res, int r, int c)
{
    return PQgetisnull(res, r, c) ? NULL : PQgetvalue(res, r, c);
}

/*
 * A timestamptz column (binary: microseconds since 2000-01-01) as Unix seconds, rounded
 * half away from zero as extract(epoch FROM x)::bigint rounds, which is what verify read
 * before: a row is rebuilt the same whichever way it is read. Infinity has no seconds.
 */
static ldg_code col_epoch(int64_t *out, const PGresult *res, int r, int c, ldg_error *err)
{
    vf_i128 us, q, rem;

    if (PQgetlength(res, r, c) != 8)
        return ldg_error_set(err, LDG_EINVAL, "a time column is not a timestamptz");
    us = (int64_t)be64(PQgetvalue(res, r, c));

    if (us == INT64_MIN || us == INT64_MAX)
        return ldg_error_set(err, LDG_EINVAL, "cannot convert infinity to bigint");
    if (us > -EPOCH_FAST && us < EPOCH_FAST) { /* any time of years -144,000..148,000 */
        int64_t t = (int64_t)us + PG_EPOCH_OFFSET * 1000000, s = t / 1000000,
                m = t % 1000000;

        if (2 * (m < 0 ? -m : m) >= 1000000)
            s += t < 0 ? -1 : 1;
        *out = s;
        return LDG_OK;
    }
    us += (vf_i128)PG_EPOCH_OFFSET * 1000000;
    q = us / 1000000;
    rem = us % 1000000;
    if (2 * (rem < 0 ? -rem : rem) >= 1000000)
        q += us < 0 ? -1 : 1;
    *out = (int64_t)q;
    return LDG_OK;
}

int64_t ldg_verify_col_i64(const PGresult *res, int r, int c)
{
    return col_i64(res, r, c);
}

ldg_code ldg_verify_col_epoch(int64_t *out, const PGresult *res, int r, int c,
                              ldg_error *err)
{
    return col_epoch(out, res, r, c, err);
}

static ldg_code fetch_result(PGresult **out, vstate *vs, ldg_error *err)
{
    PGconn *conn = ldg_store_conn(vs->st);
    PGresult *res = NULL, *r;
    ldg_code rc = LDG_OK;

    while ((r = PQgetResult(conn)) != NULL) {
        if (!res)
            res = r;
        else
            PQclear(r);
    }
    if (!res)
        rc = ldg_error_set(err, LDG_EDB, "could not read from the database: %s",
                           PQerrorMessage(conn));
    else if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = ldg_store__result_error(vs->st, res, err);
    if (rc != LDG_OK) {
        PQclear(res);
        res = NULL;
    }
    *out = res;
    return rc;
}

/* The free one of the pipeline's three batches. */
static batch *free_slot(pipeline *p)
{
    for (int k = 0; k < 3; k++)
        if (&p->slot[k] != p->cur && &p->slot[k] != p->hashing && &p->slot[k] != p->held)
            return &p->slot[k];
    assert(!"three batches in use");
    return NULL;
}

static ldg_code send_fetch(vstate *vs, ldg_error *err)
{
    if (!PQsendQueryParams(ldg_store_conn(vs->st), vs->entries[ST_USAGE].fetch, 0, NULL,
                           NULL, NULL, NULL, 1))
        return ldg_error_set(err, LDG_EDB, "could not read from the database: %s",
                             PQerrorMessage(ldg_store_conn(vs->st)));
    vs->pipe.wire = 1;
    return LDG_OK;
}

/* Gives batch b to the hashing thread, which must be idle. */
static void give(pipeline *p, batch *b)
{
    pthread_mutex_lock(&p->mu);
    assert(!p->job);
    p->job = b;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    p->hashing = b;
}

static int drain(const vstate *vs);

/* Waits for the hashing thread's batch; returns it (NULL when it had none). While it
 * waits, it reads the socket now and then (drain), so the server goes on sending. */
static batch *take_hashed(pipeline *p)
{
    batch *b = p->hashing;

    int more = p->wire; /* of the FETCH on the wire, some has not arrived */

    pthread_mutex_lock(&p->mu);
    while (p->job) {
        struct timespec at;

        if (!more) {
            pthread_cond_wait(&p->cv, &p->mu);
            continue;
        }
        clock_gettime(CLOCK_REALTIME, &at);
        at.tv_nsec += DRAIN_WAIT_NS;
        if (at.tv_nsec >= 1000000000L) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &at);
        if (p->job) {
            pthread_mutex_unlock(&p->mu);
            more = drain(p->vs);
            pthread_mutex_lock(&p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    p->hashing = NULL;
    return b;
}

/* Receives the usage batch on the wire (waiting for it) into a free batch. */
static ldg_code receive(batch **out, vstate *vs, ldg_error *err)
{
    pipeline *p = &vs->pipe;
    batch *b = free_slot(p);
    ldg_code rc;

    p->wire = 0;
    rc = fetch_result(&b->res, vs, err);
    if (rc != LDG_OK)
        return rc;
    p->eof = PQntuples(b->res) == 0;
    *out = b;
    return LDG_OK;
}

/* Receives the usage batch on the wire, if any: to the thread if it is idle, else held.
 * Called before every other statement verify sends, so that the connection is free. */
static ldg_code settle(vstate *vs, ldg_error *err)
{
    pipeline *p = &vs->pipe;
    batch *b = NULL;
    ldg_code rc = p->wire ? receive(&b, vs, err) : LDG_OK;

    if (rc != LDG_OK || !b)
        return rc;
    if (!p->hashing)
        give(p, b);
    else
        p->held = b;
    return LDG_OK;
}

static void hash_batch(const vstate *vs, batch *b, ldg_buf *bytes, ldg_merkle_hasher *hs,
                       int drains);

/*
 * Reads what has arrived of the FETCH on the wire, without waiting. A batch is larger
 * than the socket holds, so the server stops sending (and reading) until the client
 * takes what it sent: taken now and then while the main thread works, the server goes on.
 * 1 while some of the FETCH has still to arrive.
 */
static int drain(const vstate *vs)
{
    PGconn *conn = ldg_store_conn(vs->st);

    /* PQisBusy parses what came; a failure is taken with the result (fetch_result) */
    return vs->pipe.wire && PQconsumeInput(conn) && PQisBusy(conn);
}

/*
 * Keeps the pipeline going without waiting: a batch that has arrived goes to the thread
 * (or is held while the thread is busy), a held one to the thread once it is idle, and
 * the next FETCH goes on the wire once nothing is received and not yet hashed.
 */
static ldg_code pump(vstate *vs, ldg_error *err)
{
    pipeline *p = &vs->pipe;
    PGconn *conn = ldg_store_conn(vs->st);
    ldg_code rc = LDG_OK;

    if (p->wire && !p->held && PQconsumeInput(conn) && !PQisBusy(conn))
        rc = settle(vs, err);
    if (rc == LDG_OK && p->held && !p->hashing) {
        give(p, p->held);
        p->held = NULL;
    }
    if (rc == LDG_OK && !p->wire && !p->held && !p->eof)
        rc = send_fetch(vs, err);
    return rc;
}

/*
 * The usage cursor's next batch, its leaves made. When the thread has none ready, the
 * main thread hashes the batch it takes itself (it would only wait for the thread),
 * after asking for the next: so while the server is the slower side, server and client
 * overlap without a handoff, and once the client is, batches arrive early and the
 * second thread takes its share.
 */
static ldg_code usage_batch(vstate *vs, cursor *c, ldg_error *err)
{
    pipeline *p = &vs->pipe;
    batch *mine = NULL;
    ldg_code rc = LDG_OK;

    if (p->cur) {
        PQclear(p->cur->res);
        p->cur->res = NULL;
    }
    c->res = NULL;
    if (p->hashing) {
        p->cur = take_hashed(p);
    } else {
        if (!p->held && !p->wire && !p->eof)
            rc = send_fetch(vs, err);
        if (rc == LDG_OK && !p->held && p->wire)
            rc = receive(&p->held, vs, err);
        mine = p->cur = p->held; /* NULL at the end */
        p->held = NULL;
    }
    if (rc == LDG_OK)
        rc = pump(vs, err);
    if (rc == LDG_OK && mine) {
        hash_batch(vs, mine, &p->bytes, p->hs, 1);
        rc = pump(vs, err); /* the next may have come meanwhile: to the thread */
    }
    c->res = p->cur ? p->cur->res : NULL;
    return rc;
}

/* The cursor's next batch. */
static ldg_code next_batch(vstate *vs, cursor *c, ldg_error *err)
{
    ldg_code rc;

    if (c == &vs->entries[ST_USAGE]) {
        rc = usage_batch(vs, c, err);
    } else {
        PQclear(c->res);
        c->res = NULL;
        rc = settle(vs, err);
        if (rc == LDG_OK)
            rc = ldg_store_execb(&c->res, vs->st, c->fetch, 0, NULL, NULL, NULL, 1, err);
    }
    if (rc != LDG_OK)
        return rc;
    c->row = 0;
    c->rows = c->res ? PQntuples(c->res) : 0;
    c->done = c->rows == 0;
    return LDG_OK;
}

/* The tenant of the cursor's current row (INT64_MAX at the end), fetching as needed. */
static ldg_code cursor_tenant(int64_t *tenant_id, vstate *vs, cursor *c, ldg_error *err)
{
    if (!c->done && c->row == c->rows) {
        ldg_code rc = next_batch(vs, c, err);
        if (rc != LDG_OK)
            return rc;
    }
    *tenant_id = c->done ? INT64_MAX : col_i64(c->res, c->row, C_TENANT);
    return LDG_OK;
}

/* The stored rows of tile (level, idx) of the tenant, in width order, into vs->trows.
 * A level's tiles are checked in index order, tenant after tenant, as its cursor reads
 * them; rows it passes over belong to no tenant being verified. */
static ldg_code tile_rows(vstate *vs, int level, uint64_t idx, ldg_error *err)
{
    cursor *c = &vs->tiles[level];
    ldg_code rc = LDG_OK;

    vs->ntrows = 0;
    ldg_buf_reset(&vs->tile_bytes);
    for (;;) {
        int64_t t;
        uint64_t i;
        tile_row *row;

        rc = cursor_tenant(&t, vs, c, err);
        if (rc != LDG_OK || t > vs->tenant_id)
            break;
        i = (uint64_t)col_i64(c->res, c->row, CT_IDX);
        if (t == vs->tenant_id && i > idx)
            break;
        if (t < vs->tenant_id || i < idx) {
            c->row++;
            continue;
        }
        if (vs->ntrows == vs->trows_cap) {
            size_t cap = vs->trows_cap ? 2 * vs->trows_cap : 8;
            tile_row *more = realloc(vs->trows, cap * sizeof(*more));
            if (!more)
                return ldg_error_set(err, LDG_ENOMEM, "out of memory");
            vs->trows = more;
            vs->trows_cap = cap;
        }
        row = &vs->trows[vs->ntrows++];
        row->width = (int)col_i64(c->res, c->row, CT_WIDTH);
        row->len = PQgetlength(c->res, c->row, CT_HASHES);
        row->offset = vs->tile_bytes.len;
        rc = ldg_buf_append(&vs->tile_bytes, PQgetvalue(c->res, c->row, CT_HASHES),
                            (size_t)row->len, err);
        if (rc != LDG_OK)
            break;
        c->row++;
    }
    return rc;
}

/* Rows of the level's cursor left for the tenant past its last tile: counted, passed. */
static ldg_code count_beyond(int64_t *n, vstate *vs, int level, ldg_error *err)
{
    cursor *c = &vs->tiles[level];
    ldg_code rc;
    int64_t t;

    *n = 0;
    while ((rc = cursor_tenant(&t, vs, c, err)) == LDG_OK && t <= vs->tenant_id) {
        if (t == vs->tenant_id)
            (*n)++;
        c->row++;
    }
    return rc;
}

/* Compares every stored row of tile (level, idx) with the n hashes recomputed. */
static ldg_code check_tile(vstate *vs, int level, uint64_t idx, const ldg_hash *buf,
                           int n, int final, ldg_error *err)
{
    unsigned char reported[LDG_TILE_WIDTH] = {
        0
    }; /* one report per entry, not per row */
    int have_exact = 0;
    ldg_code rc = tile_rows(vs, level, idx, err);

    if (rc != LDG_OK)
        return rc;
    for (size_t r = 0; r < vs->ntrows; r++) {
        int width = vs->trows[r].width;
        const ldg_hash *stored =
            (const ldg_hash *)(const void *)(vs->tile_bytes.data + vs->trows[r].offset);

        vs->sum->tiles++;
        if (vs->trows[r].len != width * LDG_HASH_LEN) {
            problem(vs, -1, "tile %d/%" PRIu64 " width %d holds %d bytes", level, idx,
                    width, vs->trows[r].len);
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
    if (level == 0 && vs->roots)
        vs->roots[ls->idx - vs->roots_first] = up;
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
    while (vs->cp_next < vs->ncps) {
        const cp_ref *cp = &vs->cps[vs->cp_next];
        int64_t size = col_i64(cp->res, cp->row, CC_SIZE);
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

/* The record of a usage row but its times; NULL tenant: the row is of a tenant not
 * verified. */
static void usage_fields(ldg_record *u, int64_t *site_id, const vstate *vs,
                         const char *tenant, const PGresult *res, int r)
{
    *site_id = col_i64(res, r, CU_SITE);
    *u = (ldg_record){
        .tenant = tenant,
        .site = *site_id >= 0 && *site_id < vs->nsites && vs->sites[*site_id]
                    ? vs->sites[*site_id]
                    : "?",
        .meter = PQgetvalue(res, r, CU_METER),
        .event_id = PQgetvalue(res, r, CU_EVENT),
        .corrects = col_text(res, r, CU_CORRECTS),
        .kind = (int)col_i64(res, r, CU_KIND),
        .cls = (int)col_i64(res, r, CU_CLASS),
        .qty_micros = col_i64(res, r, CU_QTY),
    };
}

/* The record of a usage row; NULL tenant: the row is of a tenant not verified. */
static ldg_code usage_record(ldg_record *u, int64_t *site_id, const vstate *vs,
                             const char *tenant, const PGresult *res, int r,
                             ldg_error *err)
{
    ldg_code rc;

    usage_fields(u, site_id, vs, tenant, res, r);
    rc = col_epoch(&u->start, res, r, CU_START, err);
    if (rc == LDG_OK)
        rc = col_epoch(&u->end, res, r, CU_END, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "tenant %s seq %" PRId64, tenant, col_i64(res, r, C_SEQ));
    return rc;
}

static const char *tenant_of(const vstate *vs, int64_t id)
{
    size_t lo = 0, hi = vs->nnames;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (vs->names[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < vs->nnames && vs->names[lo].id == id ? vs->names[lo].name : NULL;
}

/* The hashing thread's work: every row's canonical bytes and leaf. A row that cannot be
 * rebuilt is noted (the main thread fails there, as it would have itself). */
static void hash_batch(const vstate *vs, batch *b, ldg_buf *bytes, ldg_merkle_hasher *hs,
                       int drains)
{
    int rows = PQntuples(b->res);

    b->bad_row = -1;
    b->rc = LDG_OK;
    ldg_error_clear(&b->err);
    for (int r = 0; r < rows; r++) {
        const char *tenant = tenant_of(vs, col_i64(b->res, r, C_TENANT));
        ldg_record u;
        int64_t site_id;
        ldg_code rc = LDG_OK;

        memset(&b->leaves[r], 0, sizeof(b->leaves[r]));
        if (drains && r % DRAIN_ROWS == 0)
            (void)drain(vs);
        if (!tenant) /* passed over by the main thread */
            continue;
        rc = usage_record(&u, &site_id, vs, tenant, b->res, r, &b->err);
        ldg_buf_reset(bytes);
        if (rc == LDG_OK) {
            b->dec[r] = (decoded){ .start = u.start,
                                   .end = u.end,
                                   .qty_micros = u.qty_micros,
                                   .site_id = site_id,
                                   .kind = u.kind,
                                   .cls = u.cls };
            rc = ldg_entry_record_bytes(bytes, &u, col_i64(b->res, r, C_SEQ), &b->err);
        }
        if (rc == LDG_OK)
            ldg_merkle_hasher_leaf(hs, &b->leaves[r], bytes->data, bytes->len);
        else if (b->bad_row < 0) {
            b->bad_row = r;
            b->rc = rc;
        }
    }
}

static void *hash_thread(void *arg)
{
    pipeline *p = arg;
    ldg_buf bytes = { 0 };
    ldg_merkle_hasher *hs = NULL;
    ldg_error e;

    ldg_error_clear(&e);
    if (ldg_merkle_hasher_new(&hs, &e) != LDG_OK)
        hs = NULL; /* each batch then fails, below */
    pthread_mutex_lock(&p->mu);
    for (;;) {
        batch *b;

        while (!p->job && !p->quit)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->quit)
            break;
        b = p->job;
        pthread_mutex_unlock(&p->mu);
        if (!hs || (size_t)PQntuples(b->res) > b->cap) {
            b->bad_row = 0;
            b->rc = ldg_error_set(&b->err, LDG_ENOMEM, "out of memory");
        } else {
            hash_batch(p->vs, b, &bytes, hs, 0);
        }
        pthread_mutex_lock(&p->mu);
        p->job = NULL;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    ldg_buf_cleanup(&bytes);
    ldg_merkle_hasher_free(hs);
    return NULL;
}

static ldg_code start_pipeline(vstate *vs, ldg_error *err)
{
    pipeline *p = &vs->pipe;

    memset(p, 0, sizeof(*p));
    p->vs = vs;
    if (ldg_merkle_hasher_new(&p->hs, err) != LDG_OK)
        return LDG_ENOMEM;
    for (int k = 0; k < 3; k++) {
        p->slot[k].cap = FETCH_ENTRIES;
        p->slot[k].leaves = calloc(p->slot[k].cap, sizeof(ldg_hash));
        p->slot[k].dec = calloc(p->slot[k].cap, sizeof(decoded));
        if (!p->slot[k].leaves || !p->slot[k].dec)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        return ldg_error_set(err, LDG_ENOMEM, "could not start the hashing thread");
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        return ldg_error_set(err, LDG_ENOMEM, "could not start the hashing thread");
    }
    if (pthread_create(&p->thread, NULL, hash_thread, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        return ldg_error_set(err, LDG_ENOMEM, "could not start the hashing thread");
    }
    p->started = 1;
    return LDG_OK;
}

/* Ends the thread (after its batch, if it has one) and frees the batches. */
static void stop_pipeline(pipeline *p)
{
    if (p->started) {
        pthread_mutex_lock(&p->mu);
        while (p->job)
            pthread_cond_wait(&p->cv, &p->mu);
        p->quit = 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
    }
    for (int k = 0; k < 3; k++) {
        PQclear(p->slot[k].res);
        free(p->slot[k].leaves);
        free(p->slot[k].dec);
    }
    ldg_buf_cleanup(&p->bytes);
    ldg_merkle_hasher_free(p->hs);
    memset(p, 0, sizeof(*p));
}

/* A usage row's leaf, made by the hashing thread, its sums added to the rollups, and
 * the row checked against its stored run of usage entries. */
static ldg_code usage_leaf(vstate *vs, int r, int64_t seq, ldg_hash *leaf, ldg_error *err)
{
    const batch *b = vs->pipe.cur;
    const decoded *d = &b->dec[r];
    ldg_record u;
    ldg_code rc;

    if (b->bad_row == r) {
        if (err && err->code == LDG_OK)
            *err = b->err;
        return b->rc;
    }
    *leaf = b->leaves[r];
    /* the fields as the hashing thread decoded them (a row it could not decode is the
     * batch's bad_row, above): what the sums and the runs check read of a record */
    u = (ldg_record){ .tenant = vs->tenant,
                      .kind = d->kind,
                      .cls = d->cls,
                      .start = d->start,
                      .end = d->end,
                      .qty_micros = d->qty_micros };
    if (vs->rcheck.runs) /* a full verify: the entry against its stored run */
        ldg_usage_run_check_entry(&vs->rcheck, seq, (int32_t)d->site_id, u.start, u.end);
    rc = LDG_OK;
    if (vs->rollup)
        rc = ldg_rollup_add(vs->rollup, vs->tenant_id, (int16_t)d->site_id, &u, err);
    if (rc == LDG_OK && vs->quarters)
        rc = ldg_demand_rollup_add(vs->quarters, vs->tenant_id, (int16_t)d->site_id, &u,
                                   err);
    return rc;
}

/* A payment entry rebuilt from its typed row (ledger.payment). A row that cannot be
 * written exactly (an amount that is no whole number of its currency's minor unit) is
 * named, and its leaf left zero, so its tile disagrees too. */
static ldg_code payment_leaf(vstate *vs, const PGresult *res, int r, int64_t seq,
                             ldg_hash *leaf, ldg_error *err)
{
    ldg_payment_entry p = {
        .payment_id = PQgetvalue(res, r, CP_ID),
        .amount_micros = col_i64(res, r, CP_AMOUNT),
        .currency = PQgetvalue(res, r, CP_CURRENCY),
        .reference = PQgetvalue(res, r, CP_REFERENCE),
        .payer = PQgetvalue(res, r, CP_PAYER),
        .assigned_by = col_text(res, r, CP_ASSIGNED),
    };
    ldg_error e;
    ldg_code rc = col_epoch(&p.received, res, r, CP_RECEIVED, err);

    if (rc != LDG_OK) {
        ldg_error_where(err, "tenant %s seq %" PRId64, vs->tenant, seq);
        return rc;
    }
    ldg_error_clear(&e);
    ldg_buf_reset(&vs->bytes);
    if (ldg_entry_payment_bytes(&vs->bytes, vs->tenant, seq, &p, &e) != LDG_OK) {
        problem(vs, seq, "payment row cannot be rebuilt: %s", e.message);
        memset(leaf, 0, sizeof(*leaf));
        return LDG_OK;
    }
    ldg_merkle_leaf_hash(leaf, vs->bytes.data, vs->bytes.len);
    return LDG_OK;
}

/* A stored document entry, kind and body as stored; a key rotation also goes to the
 * keyring. */
static void doc_leaf(vstate *vs, const PGresult *res, int r, int64_t seq, ldg_hash *leaf)
{
    const char *kind = PQgetvalue(res, r, CD_KIND);
    const char *body = PQgetvalue(res, r, CD_BODY);
    size_t len = (size_t)PQgetlength(res, r, CD_BODY);

    check_doc(vs, seq, kind, body, len);
    if (vs->keyring && strcmp(kind, LDG_KEYRING_KIND) == 0) {
        ldg_error e;

        ldg_error_clear(&e);
        if (ldg_keyring_take(vs->keyring, vs->tenant, seq, body, len, &e) != LDG_OK)
            problem(vs, seq, "key rotation refused: %s", e.message);
    }
    ldg_merkle_leaf_hash(leaf, body, len);
}

static ldg_code take_row(vstate *vs, int kind, const PGresult *res, int r, ldg_error *err)
{
    int64_t seq = col_i64(res, r, C_SEQ);
    ldg_hash leaf;
    ldg_code rc = LDG_OK;

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
    if (kind == ST_USAGE) {
        rc = usage_leaf(vs, r, seq, &leaf, err);
    } else if (kind == ST_PAYS) {
        rc = payment_leaf(vs, res, r, seq, &leaf, err);
    } else {
        doc_leaf(vs, res, r, seq, &leaf);
    }
    if (rc != LDG_OK)
        return rc;
    vs->sum->entries++;
    return add_leaf(vs, &leaf, err);
}

/* Declares cursor c as ldg_verify_<name> for sql, fetched n rows at a time in binary. */
static ldg_code declare(vstate *vs, cursor *c, const char *name, int n, const char *sql,
                        int nparams, const char *const *params, ldg_error *err)
{
    char decl[1024];
    ldg_code rc;

    snprintf(c->name, sizeof(c->name), "ldg_verify_%s", name);
    snprintf(c->fetch, sizeof(c->fetch), "FETCH %d FROM %s", n, c->name);
    if ((size_t)snprintf(decl, sizeof(decl), "DECLARE %s NO SCROLL CURSOR FOR %s",
                         c->name, sql) >= sizeof(decl))
        return ldg_error_set(err, LDG_EINTERNAL, "cursor statement too long");
    rc = ldg_store_exec(NULL, vs->st, decl, nparams, params, err);
    if (rc != LDG_OK)
        c->name[0] = '\0';
    return rc;
}

/*
 * Opens the run's cursors: the entries of tenants [lo, hi] with seq in [from, to), in
 * (tenant, seq) order from each table's primary key, so the server streams them without
 * sorting (a UNION ... ORDER BY sorted the whole log, on disk at ten million entries);
 * and the stored tiles of each level, by (tenant, index, width), the rows a tree of
 * tree_limit leaves has room for (a seal reads no wider row: appends may be adding them).
 */
static ldg_code open_streams(vstate *vs, int64_t lo, int64_t hi, int64_t from, int64_t to,
                             ldg_error *err)
{
    static const char *const entry_sql[ST_N] = {
        "SELECT tenant_id, seq, site_id, meter, event_id, corrects,"
        "  kind, class, start_at, end_at, qty_micros FROM ledger.usage u"
        " WHERE tenant_id BETWEEN $1 AND $2 AND seq >= $3 AND seq < $4"
        " ORDER BY u.tenant_id, seq",
        "SELECT tenant_id, seq, kind, body FROM ledger.log_doc d"
        " WHERE tenant_id BETWEEN $1 AND $2 AND seq >= $3 AND seq < $4"
        " ORDER BY d.tenant_id, seq",
        "SELECT tenant_id, seq, payment_id, received_at, amount_micros, currency,"
        "  reference, payer, assigned_by FROM ledger.payment p"
        " WHERE tenant_id BETWEEN $1 AND $2 AND seq >= $3 AND seq < $4"
        " ORDER BY p.tenant_id, seq",
    };
    static const char *const tile_sql =
        "SELECT tenant_id, idx, width, hashes FROM ledger.log_tile t"
        " WHERE tenant_id BETWEEN $1 AND $2 AND level = $3 AND idx >= $4"
        " AND ($5::bigint >> (8 * level)) >= width"
        " AND idx <= (($5::bigint >> (8 * level)) - width) / 256"
        " ORDER BY t.tenant_id, idx, t.width";
    char b[5][24];
    const char *params[5] = { param_i64(b[0], lo), param_i64(b[1], hi),
                              param_i64(b[2], from), param_i64(b[3], to), NULL };

    ldg_code rc = start_pipeline(vs, err);

    for (int k = 0; rc == LDG_OK && k < ST_N; k++) {
        char name[4] = { 'e', (char)('0' + k), 0 };

        rc = declare(vs, &vs->entries[k], name, FETCH_ENTRIES, entry_sql[k], 4, params,
                     err);
    }
    for (int l = 0; rc == LDG_OK && l < (vs->leaves_only ? 1 : LEVELS); l++) {
        /* the first tile a range needs: `from`'s, at each level */
        params[2] = param_i64(b[2], l);
        params[3] = param_i64(
            b[3], l + 1 < LEVELS ? (int64_t)((uint64_t)from >> (8 * (l + 1))) : 0);
        params[4] = param_i64(b[4], vs->tree_limit);
        char name[4] = { 't', (char)('0' + l), 0 };

        rc = declare(vs, &vs->tiles[l], name, FETCH_TILES, tile_sql, 5, params, err);
    }
    if (rc == LDG_OK && !vs->leaves_only)
        /* a tile or rollup FETCH waits for the usage batch on the wire: fewer, larger
         * ones wait less often (issue 13: 8 % at 300 tenants) */
        rc = declare(vs, &vs->hourly, "h", 4 * FETCH_ENTRIES,
                     "SELECT tenant_id, hour, site_id, kind, class,"
                     " qty_micros, records FROM ledger.usage_hourly h"
                     " WHERE tenant_id BETWEEN $1 AND $2 ORDER BY h.tenant_id",
                     2, params, err);
    if (rc == LDG_OK && !vs->leaves_only)
        rc = declare(vs, &vs->runs, "r", 4 * FETCH_ENTRIES,
                     "SELECT tenant_id, seq_lo, seq_hi, coalesce(site_id, 0), start_min,"
                     " start_max, end_min, end_max FROM ledger.usage_run r"
                     " WHERE tenant_id BETWEEN $1 AND $2 ORDER BY r.tenant_id, seq_lo",
                     2, params, err);
    if (rc == LDG_OK && !vs->leaves_only)
        rc = declare(
            vs, &vs->cpc, "c", FETCH_CHECKPOINTS,
            "SELECT tenant_id, size, encode(root, 'base64'), note, key_name,"
            " floor(extract(epoch FROM signed_at))::bigint FROM ledger.checkpoint c"
            " WHERE tenant_id BETWEEN $1 AND $2 ORDER BY c.tenant_id, size",
            2, params, err);
    return rc;
}

/* Closes the cursors (a seal goes on in its transaction); also on a failed run, so the
 * connection is left with nothing on the wire. */
static ldg_code close_streams(vstate *vs, ldg_code rc, ldg_error *err)
{
    cursor *all[ST_N + LEVELS + 3];
    size_t n = 0;
    ldg_error ignored;
    ldg_code settled;

    ldg_error_clear(&ignored);
    settled = settle(vs, rc == LDG_OK ? err : &ignored);
    if (rc == LDG_OK)
        rc = settled;
    for (int k = 0; k < ST_N; k++)
        all[n++] = &vs->entries[k];
    for (int l = 0; l < LEVELS; l++)
        all[n++] = &vs->tiles[l];
    all[n++] = &vs->hourly;
    all[n++] = &vs->runs;
    all[n++] = &vs->cpc;
    stop_pipeline(&vs->pipe); /* the usage cursor's batches are the pipeline's */
    vs->entries[ST_USAGE].res = NULL;
    for (size_t k = 0; k < n; k++) {
        char sql[48];

        PQclear(all[k]->res);
        snprintf(sql, sizeof(sql), "CLOSE %s", all[k]->name);
        if (rc == LDG_OK && all[k]->name[0])
            rc = ldg_store_exec(NULL, vs->st, sql, 0, NULL, err);
        memset(all[k], 0, sizeof(*all[k]));
    }
    return rc;
}

/* The tenant's entries in seq order, merged from the three cursors; rows of tenants
 * before it (none being verified) are passed over. */
static ldg_code stream_entries(vstate *vs, ldg_error *err)
{
    int64_t taken = 0;
    ldg_code rc = LDG_OK;

    for (;;) {
        int64_t best = INT64_MAX;
        int next = -1;

        for (int k = 0; rc == LDG_OK && k < ST_N; k++) {
            cursor *c = &vs->entries[k];
            int64_t t, seq;

            while ((rc = cursor_tenant(&t, vs, c, err)) == LDG_OK && t < vs->tenant_id)
                c->row++;
            if (rc != LDG_OK || t != vs->tenant_id)
                continue;
            seq = col_i64(c->res, c->row, C_SEQ);
            if (next < 0 || seq < best) {
                best = seq;
                next = k;
            }
        }
        if (rc != LDG_OK || next < 0)
            break;
        rc = take_row(vs, next, vs->entries[next].res, vs->entries[next].row++, err);
        /* now and then, a batch that has arrived goes to the idle thread */
        if (rc == LDG_OK && next == ST_USAGE && vs->entries[next].row % 1024 == 0)
            rc = pump(vs, err);
        else if (taken % DRAIN_ROWS == 0)
            (void)drain(vs);
        if (++taken % 65536 == 0 && vs->o->progress)
            vs->o->progress(vs->o->ctx, vs->tenant, vs->next_seq, vs->head_size);
    }
    if (vs->o->progress)
        vs->o->progress(vs->o->ctx, vs->tenant, vs->next_seq, vs->head_size);
    return rc;
}

/* The last partial tile of each level, and rows beyond the end of the log. */
static ldg_code check_tail(vstate *vs, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (int level = 0; rc == LDG_OK && level < (vs->leaves_only ? 1 : LEVELS); level++) {
        level_state *ls = &vs->lv[level];
        int64_t beyond = 0;

        rc = check_tile(vs, level, ls->idx, ls->buf, ls->fill, 1, err);
        if (rc == LDG_OK && !vs->leaves_only)
            rc = count_beyond(&beyond, vs, level, err);
        if (rc == LDG_OK && beyond > 0)
            problem(vs, -1,
                    "%" PRId64
                    " tile(s) at level %d lie beyond the end of the log: the log"
                    " was truncated (entries removed)",
                    beyond, level);
    }
    if (rc == LDG_OK && vs->next_seq < vs->head_size)
        problem(vs, vs->next_seq,
                "the log has %" PRId64 " entries but recorded %" PRId64
                ": the log was truncated (entries removed)",
                vs->next_seq, vs->head_size);
    return rc;
}

/* One stored hourly rollup of the tenant against the sums rebuilt from the log. */
static ldg_code check_rollup(vstate *vs, const PGresult *res, int r, ldg_error *err)
{
    ldg_rollup_key k;
    int64_t qty = 0, n = 0;
    char at[LDG_TIME_BUFLEN];
    ldg_code rc;

    memset(&k, 0, sizeof(k));
    rc = col_epoch(&k.hour, res, r, 1, err);
    if (rc != LDG_OK)
        return rc;
    k.tenant_id = vs->tenant_id;
    k.site_id = (int16_t)col_i64(res, r, 2);
    k.kind = (int8_t)col_i64(res, r, 3);
    k.cls = (int8_t)col_i64(res, r, 4);
    if (!ldg_rollup_get(vs->rollup, &k, &qty, &n))
        problem(vs, -1,
                "hourly rollup at %s (kind %d, class %d) has no records behind it",
                ldg_time_format(at, k.hour), k.kind, k.cls);
    else if (qty != col_i64(res, r, 5) || n != col_i64(res, r, 6))
        problem(vs, -1,
                "hourly rollup at %s (kind %d, class %d) holds %" PRId64 " micro-units of"
                " %" PRId64 " records; the log's records sum to %" PRId64 " of %" PRId64,
                ldg_time_format(at, k.hour), k.kind, k.cls, col_i64(res, r, 5),
                col_i64(res, r, 6), qty, n);
    return LDG_OK;
}

/* The stored hourly rollups must equal the sums rebuilt from the log's records. */
static ldg_code check_rollups(vstate *vs, ldg_error *err)
{
    cursor *c = &vs->hourly;
    size_t stored = 0;
    int64_t t;
    ldg_code rc;

    while ((rc = cursor_tenant(&t, vs, c, err)) == LDG_OK && t <= vs->tenant_id) {
        if (t == vs->tenant_id) {
            stored++;
            rc = check_rollup(vs, c->res, c->row, err);
            if (rc != LDG_OK)
                break;
        }
        c->row++;
    }
    if (rc == LDG_OK && stored < ldg_rollup_count(vs->rollup))
        problem(vs, -1, "%zu hourly rollups are missing for records in the log",
                ldg_rollup_count(vs->rollup) - stored);
    return rc;
}

/* The stored 15-minute energy sums must equal those rebuilt from the log's records. */
static ldg_code check_quarters(vstate *vs, ldg_error *err)
{
    char msg[512];
    int64_t bad = 0;
    ldg_code rc = ldg_demand_store_compare(&bad, msg, sizeof(msg), vs->st, vs->tenant_id,
                                           vs->quarters, err);

    if (rc == LDG_OK && bad > 0)
        problem(vs, -1, "%s (%" PRId64 " such sums)", msg, bad);
    return rc;
}

/*
 * Contract and invoice indexes must say what their log entries say. Each check runs once
 * for every tenant of the run (its failing rows are few: one per altered index row), and
 * each tenant's rows are reported in its turn (report_indexes).
 */
static ldg_code run_index_checks(vstate *vs, int64_t lo, int64_t hi, ldg_error *err)
{
    static const char *const checks[4] = {
        "SELECT c.tenant_id, c.seq, 'contract index differs from its log entry' FROM "
        "ledger.contract_doc c"
        " LEFT JOIN ledger.log_doc d ON d.tenant_id = c.tenant_id AND d.seq = c.seq"
        " WHERE c.tenant_id BETWEEN $1 AND $2 AND (d.seq IS NULL OR d.kind <> 'contract'"
        " OR convert_from(d.body, 'UTF8')::jsonb -> 'data' IS DISTINCT FROM c.doc)"
        " ORDER BY c.tenant_id",
        "SELECT i.tenant_id, i.seq, 'invoice ' || i.number || ' index differs from its "
        "log"
        " entry' FROM ledger.invoice i"
        " LEFT JOIN ledger.log_doc d ON d.tenant_id = i.tenant_id AND d.seq = i.seq"
        " WHERE i.tenant_id BETWEEN $1 AND $2 AND (d.seq IS NULL OR d.kind <> i.kind"
        " OR convert_from(d.body, 'UTF8')::jsonb -> 'data' IS DISTINCT FROM i.doc"
        " OR i.doc ->> 'number' <> i.number) ORDER BY i.tenant_id",
        "SELECT i.tenant_id, i.seq, 'invoice ' || i.number || ' lines differ from its log"
        " entry' FROM ledger.invoice i LEFT JOIN (SELECT tenant_id, number, count(*) AS "
        "n,"
        "  sum(amount_micros) AS total FROM ledger.invoice_line"
        "  WHERE tenant_id BETWEEN $1 AND $2 GROUP BY tenant_id, number) l"
        "  USING (tenant_id, number)"
        " WHERE i.tenant_id BETWEEN $1 AND $2"
        " AND (coalesce(l.n, 0) <> jsonb_array_length(i.doc -> 'lines')"
        /* the lines sum to the net (issue 9; older documents: net = total) and the
         * index's total_micros is the document's total, tax included */
        " OR coalesce(l.total, 0) <> coalesce(round((i.doc ->> 'net')::numeric"
        "  * 1000000)::bigint, i.total_micros)"
        " OR round((i.doc ->> 'total')::numeric * 1000000)::bigint <> i.total_micros)"
        " ORDER BY i.tenant_id",
        /* drafts are not entries, their decisions are (draft_store.h): each decided
         * row and each draft_decision entry must name the other, and an approval the
         * invoice that names its approver */
        "SELECT coalesce(e.tenant_id, d.tenant_id), coalesce(e.seq, d.decision_seq),"
        " 'draft decision ' || coalesce(e.data ->> 'draft', 'D' || d.draft_no)"
        " || ' differs from its log entry'"
        " FROM (SELECT * FROM ledger.invoice_draft WHERE tenant_id BETWEEN $1 AND $2"
        "  AND decision_seq IS NOT NULL) d"
        " FULL JOIN (SELECT tenant_id, seq,"
        "  convert_from(body, 'UTF8')::jsonb -> 'data' AS data FROM ledger.log_doc"
        "  WHERE tenant_id BETWEEN $1 AND $2 AND kind = 'draft_decision') e"
        " ON e.tenant_id = d.tenant_id AND e.seq = d.decision_seq"
        " WHERE d.draft_no IS NULL OR e.seq IS NULL"
        " OR e.data ->> 'draft' IS DISTINCT FROM 'D' || d.draft_no"
        " OR e.data ->> 'decision' IS DISTINCT FROM d.state"
        " OR e.data ->> 'by' IS DISTINCT FROM d.decided_by"
        " OR e.data ->> 'note' IS DISTINCT FROM d.note"
        " OR e.data ->> 'number' IS DISTINCT FROM d.number"
        " OR e.data ->> 'contract' IS DISTINCT FROM d.contract_id"
        " OR e.data ->> 'period' IS DISTINCT FROM d.period"
        " OR (d.state = 'approved' AND NOT EXISTS (SELECT 1 FROM ledger.invoice i"
        "  WHERE i.tenant_id = d.tenant_id AND i.number = d.number"
        "  AND i.doc ->> 'approved_by' = d.decided_by))"
        " ORDER BY 1",
    };
    char a[24], b[24];
    const char *params[2] = { param_i64(a, lo), param_i64(b, hi) };
    ldg_code rc = LDG_OK;

    for (int c = 0; rc == LDG_OK && c < 4; c++) {
        vs->index_at[c] = 0;
        rc = ldg_store_exec(&vs->index_bad[c], vs->st, checks[c], 2, params, err);
    }
    return rc;
}

/* The tenant's rows of the index checks, check after check. */
static void report_indexes(vstate *vs)
{
    for (int c = 0; c < 4; c++) {
        const PGresult *res = vs->index_bad[c];
        int *r = &vs->index_at[c];

        for (; res && *r < PQntuples(res) && ldg_store_int64(res, *r, 0) <= vs->tenant_id;
             (*r)++)
            if (ldg_store_int64(res, *r, 0) == vs->tenant_id)
                problem(vs, ldg_store_int64(res, *r, 1), "%s", PQgetvalue(res, *r, 2));
    }
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
static void check_checkpoint(vstate *vs, size_t i)
{
    const PGresult *res = vs->cps[i].res;
    int r = vs->cps[i].row;
    int64_t size = col_i64(res, r, CC_SIZE);
    const char *note = PQgetvalue(res, r, CC_NOTE);
    const char *key_name = PQgetvalue(res, r, CC_KEY);
    ldg_checkpoint cp;
    ldg_hash root;
    size_t text_len = 0;
    ldg_error e;

    vs->sum->checkpoints++;
    ldg_error_clear(&e);
    if (ldg_hash_from_base64(&root, PQgetvalue(res, r, CC_ROOT),
                             (size_t)PQgetlength(res, r, CC_ROOT), &e) != LDG_OK) {
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
    if (ldg_keyring_open(&text_len, vs->keyring, size, col_i64(res, r, CC_SIGNED), note,
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
    if (!vs->cp_have[i] || memcmp(&vs->cp_roots[i], &root, sizeof(root)) != 0)
        problem(vs, -1,
                "checkpoint at size %" PRId64
                ": signed root does not match the log's entries",
                size);
}

/* Keeps the checkpoint cursor's batch, which holds rows of the tenant's, past the
 * cursor's next FETCH: until the tenant's checkpoints are checked (release_checkpoints).
 */
static ldg_code keep_cp_batch(vstate *vs, ldg_error *err)
{
    cursor *c = &vs->cpc;

    if (vs->nkept == vs->kept_cap) {
        size_t cap = vs->kept_cap ? 2 * vs->kept_cap : 4;
        PGresult **more = realloc(vs->cp_kept, cap * sizeof(*more));

        if (!more)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        vs->cp_kept = more;
        vs->kept_cap = cap;
    }
    vs->cp_kept[vs->nkept++] = c->res;
    c->res = NULL;
    return LDG_OK;
}

static ldg_code add_cp_ref(vstate *vs, ldg_error *err)
{
    if (vs->ncps == vs->cps_cap) {
        size_t cap = vs->cps_cap ? 2 * vs->cps_cap : 16;
        cp_ref *more = realloc(vs->cps, cap * sizeof(*more));

        if (!more)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        vs->cps = more;
        vs->cps_cap = cap;
    }
    vs->cps[vs->ncps++] = (cp_ref){ .res = vs->cpc.res, .row = vs->cpc.row };
    return LDG_OK;
}

/*
 * The tenant's checkpoints, read before the entries are streamed so that the roots at
 * their sizes can be taken on the way (capture_roots). They come from one cursor over
 * every tenant of the run, by tenant and size (issue 13: a query per tenant was most of
 * the fixed cost per tenant left); a batch that holds some of them is kept until they are
 * checked, so a tenant holds what its one query held before.
 */
static ldg_code load_checkpoints(vstate *vs, ldg_error *err)
{
    cursor *c = &vs->cpc;
    int mine = 0; /* c->res holds some of the tenant's rows */
    ldg_code rc = LDG_OK;

    vs->ncps = 0;
    vs->cp_next = 0;
    for (;;) {
        int64_t t;

        if (mine && !c->done && c->row == c->rows) {
            rc = keep_cp_batch(vs, err);
            mine = 0;
        }
        if (rc == LDG_OK)
            rc = cursor_tenant(&t, vs, c, err);
        if (rc != LDG_OK || t > vs->tenant_id)
            break;
        if (t == vs->tenant_id) {
            rc = add_cp_ref(vs, err);
            mine = 1;
        }
        if (rc != LDG_OK)
            break;
        c->row++;
    }
    if (rc != LDG_OK)
        return rc;
    vs->cp_roots = calloc(vs->ncps + 1, sizeof(*vs->cp_roots));
    vs->cp_have = calloc(vs->ncps + 1, 1);
    if (!vs->cp_roots || !vs->cp_have)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    return capture_roots(vs, err); /* a checkpoint of the empty tree */
}

/* After the tenant's checks: its checkpoints and the batches kept for them. */
static void release_checkpoints(vstate *vs)
{
    for (size_t k = 0; k < vs->nkept; k++)
        PQclear(vs->cp_kept[k]);
    vs->nkept = 0;
    vs->ncps = 0;
    vs->cp_next = 0;
    free(vs->cp_roots);
    free(vs->cp_have);
    vs->cp_roots = NULL;
    vs->cp_have = NULL;
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

/* The tenants of the run (the list's rows, by id), for the hashing thread. */
static ldg_code tenant_names(vstate *vs, const PGresult *res, ldg_error *err)
{
    size_t n = (size_t)PQntuples(res);
    tenant_name *names = calloc(n, sizeof(*names));

    if (!names)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t r = 0; r < n; r++) {
        names[r].id = ldg_store_int64(res, (int)r, 0);
        names[r].name = PQgetvalue(res, (int)r, 1);
    }
    vs->names = names;
    vs->nnames = n;
    return LDG_OK;
}

static void run_bad(void *ctx, int64_t seq, const char *why)
{
    problem(ctx, seq, "%s", why);
}

/* Row r of the runs cursor, a run of the tenant, added to vs->truns. */
static ldg_code take_run(vstate *vs, const PGresult *res, int r, ldg_error *err)
{
    ldg_usage_run run = { .tenant_id = vs->tenant_id,
                          .seq_lo = col_i64(res, r, 1),
                          .seq_hi = col_i64(res, r, 2),
                          .site_id = (int32_t)col_i64(res, r, 3) };
    ldg_code rc = col_epoch(&run.start_min, res, r, 4, err);

    if (rc == LDG_OK)
        rc = col_epoch(&run.start_max, res, r, 5, err);
    if (rc == LDG_OK)
        rc = col_epoch(&run.end_min, res, r, 6, err);
    if (rc == LDG_OK)
        rc = col_epoch(&run.end_max, res, r, 7, err);
    return rc == LDG_OK ? ldg_usage_runs_push(&vs->truns, &run, err) : rc;
}

/* The tenant's stored runs of usage entries, for its entries to be checked against as
 * they stream (usage_run.h); rows of tenants before it are passed over. */
static ldg_code load_runs(vstate *vs, ldg_error *err)
{
    cursor *c = &vs->runs;
    int64_t t;
    ldg_code rc;

    ldg_usage_runs_clear(&vs->truns);
    while ((rc = cursor_tenant(&t, vs, c, err)) == LDG_OK && t <= vs->tenant_id) {
        if (t == vs->tenant_id && (rc = take_run(vs, c->res, c->row, err)) != LDG_OK)
            break;
        c->row++;
    }
    ldg_usage_run_check_begin(&vs->rcheck, &vs->truns, 0, INT64_MAX, run_bad, vs);
    return rc;
}

static ldg_code verify_tenant(vstate *vs, ldg_error *err)
{
    ldg_code rc;

    vs->next_seq = 0;
    memset(vs->lv, 0, sizeof(vs->lv));
    ldg_rollup_clear(vs->rollup);
    if (vs->quarters)
        ldg_rollup_clear(vs->quarters);
    ldg_keyring_reset(vs->keyring);
    /* the cursors settle the connection when they fetch (next_batch); the queries of
     * the 15-minute and cosignature checks below settle it themselves */
    rc = load_checkpoints(vs, err);
    if (rc == LDG_OK)
        rc = load_runs(vs, err);
    if (rc == LDG_OK)
        rc = stream_entries(vs, err);
    if (rc == LDG_OK)
        ldg_usage_run_check_end(&vs->rcheck);
    if (rc == LDG_OK)
        rc = check_tail(vs, err);
    if (rc == LDG_OK)
        rc = check_rollups(vs, err);
    /* a tenant with no stored 15-minute sums and no energy records to make any has
     * nothing to compare: the query is left out, which matters at many small tenants */
    if (rc == LDG_OK && vs->quarters &&
        (vs->has_quarters || ldg_rollup_count(vs->quarters) > 0) &&
        (rc = settle(vs, err)) == LDG_OK)
        rc = check_quarters(vs, err);
    if (rc == LDG_OK)
        report_indexes(vs);
    for (size_t i = 0; rc == LDG_OK && i < vs->ncps; i++)
        check_checkpoint(vs, i);
    /* the witnesses' cosignatures of those checkpoints; a log without any and without
     * witness keys has none to check (unless one is required) */
    if (rc == LDG_OK && (vs->has_cosigs || vs->o->require_cosigned) &&
        (rc = settle(vs, err)) == LDG_OK)
        rc = ldg_cosig_verify_log(&vs->sum->problems, vs->st, vs->tenant_id, vs->tenant,
                                  vs->o->require_cosigned, vs->o->report, vs->o->cosigned,
                                  vs->o->ctx, err);
    release_checkpoints(vs);
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
    if (rc == LDG_OK)
        rc = ldg_rollup_new(&vs.quarters, err);
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
            "SELECT t.tenant_id, t.tenant, h.size,"
            " EXISTS (SELECT 1 FROM ledger.usage_quarter q"
            "  WHERE q.tenant_id = t.tenant_id),"
            " EXISTS (SELECT 1 FROM ledger.checkpoint_cosig x"
            "  WHERE x.tenant_id = t.tenant_id)"
            " OR EXISTS (SELECT 1 FROM ledger.log_doc d WHERE d.tenant_id = t.tenant_id"
            "  AND d.kind = 'witness')"
            " FROM ledger.tenant t JOIN ledger.log_head h USING (tenant_id)"
            " WHERE $1::text IS NULL OR t.tenant = $1 ORDER BY t.tenant_id",
            1, params, err);
    if (rc == LDG_OK && opts->tenant && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant \"%s\"", opts->tenant);
    if (rc == LDG_OK && PQntuples(res) > 0) {
        int64_t lo = opts->tenant ? ldg_store_int64(res, 0, 0) : INT32_MIN;
        int64_t hi = opts->tenant ? lo : INT32_MAX;

        rc = tenant_names(&vs, res, err);
        if (rc == LDG_OK)
            rc = run_index_checks(&vs, lo, hi, err);
        if (rc == LDG_OK)
            rc = open_streams(&vs, lo, hi, 0, INT64_MAX, err);
        for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
            vs.tenant_id = (int32_t)ldg_store_int64(res, r, 0);
            vs.tenant = PQgetvalue(res, r, 1);
            vs.head_size = ldg_store_int64(res, r, 2);
            vs.has_quarters = strcmp(PQgetvalue(res, r, 3), "t") == 0;
            vs.has_cosigs = strcmp(PQgetvalue(res, r, 4), "t") == 0;
            rc = verify_tenant(&vs, err);
        }
        rc = close_streams(&vs, rc, err);
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
    ldg_buf_cleanup(&vs.tile_bytes);
    free(vs.trows);
    ldg_rollup_free(vs.rollup);
    ldg_rollup_free(vs.quarters);
    ldg_usage_runs_cleanup(&vs.truns);
    ldg_keyring_free(vs.keyring);
    free((tenant_name *)(uintptr_t)vs.names);
    free(vs.cps);
    free(vs.cp_kept);
    for (int c = 0; c < 4; c++)
        PQclear(vs.index_bad[c]);
    return rc;
}

/* ldg_verify_leaves, and with roots the root of each whole level-0 tile of the range
 * (ldg_verify_leaf_roots). */
static ldg_code verify_leaves(int64_t *problems, int64_t *rows, ldg_store *st,
                              int32_t tenant_id, const char *tenant, int64_t from,
                              int64_t to, const ldg_hash *prefix, ldg_hash *roots,
                              ldg_verify_report report, void *ctx, ldg_error *err)
{
    ldg_verify_summary sum;
    ldg_verify_opts o = { .tenant = tenant, .report = report, .ctx = ctx };
    tenant_name name = { .id = tenant_id, .name = tenant };
    vstate vs = { .st = st,
                  .names = &name,
                  .nnames = 1,
                  .o = &o,
                  .sum = &sum,
                  .tenant_id = tenant_id,
                  .tenant = tenant,
                  .head_size = to,
                  .next_seq = from,
                  .leaves_only = 1,
                  .tree_limit = to,
                  .roots = roots,
                  .roots_first = (uint64_t)from / LDG_TILE_WIDTH };
    ldg_code rc;

    memset(&sum, 0, sizeof(sum));
    *problems = 0;
    if (from < 0 || from > to)
        return ldg_error_set(err, LDG_EINVAL,
                             "entries %" PRId64 "..%" PRId64 " are no range", from, to);
    /* the leaves before `from` in its tile are the caller's, bound to a signed root */
    vs.lv[0].idx = (uint64_t)from / LDG_TILE_WIDTH;
    vs.lv[0].fill = (int)((uint64_t)from % LDG_TILE_WIDTH);
    if (vs.lv[0].fill > 0)
        memcpy(vs.lv[0].buf, prefix, (size_t)vs.lv[0].fill * sizeof(ldg_hash));
    rc = load_sites(&vs, err);
    if (rc == LDG_OK) {
        rc = open_streams(&vs, tenant_id, tenant_id, from, to, err);
        if (rc == LDG_OK)
            rc = stream_entries(&vs, err);
        if (rc == LDG_OK)
            rc = check_tail(&vs, err);
        rc = close_streams(&vs, rc, err);
    }
    *problems = sum.problems;
    *rows = sum.tiles;
    for (int i = 0; i < vs.nsites; i++)
        free(vs.sites[i]);
    free(vs.sites);
    ldg_buf_cleanup(&vs.bytes);
    ldg_buf_cleanup(&vs.tile_bytes);
    free(vs.trows);
    return rc;
}

ldg_code ldg_verify_leaves(int64_t *problems, ldg_store *st, int32_t tenant_id,
                           const char *tenant, int64_t from, int64_t to,
                           const ldg_hash *prefix, ldg_verify_report report, void *ctx,
                           ldg_error *err)
{
    int64_t rows;

    return verify_leaves(problems, &rows, st, tenant_id, tenant, from, to, prefix, NULL,
                         report, ctx, err);
}

ldg_code ldg_verify_leaf_roots(int64_t *problems, int64_t *rows, ldg_store *st,
                               int32_t tenant_id, const char *tenant, int64_t from,
                               int64_t to, ldg_hash *roots, ldg_verify_report report,
                               void *ctx, ldg_error *err)
{
    if (from % LDG_TILE_WIDTH != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "entries %" PRId64 "..%" PRId64 " do not start a tile", from,
                             to);
    return verify_leaves(problems, rows, st, tenant_id, tenant, from, to, NULL, roots,
                         report, ctx, err);
}
