/*
 * Proving committed entries ahead of the seal (seal_ahead.h). One worker thread, one
 * connection, one proof per tenant: whole tiles [lo, hi) proved so far, growing by
 * stretches as the appends commit.
 *
 * What the worker shares with the appending thread: the proofs' committed sizes (under
 * mu), and the process's GPU class table (gpu_class.h), which it only reads, by class
 * number, to rebuild a usage entry. A class this process appended was bound before its
 * records were committed, so before the worker heard of them (mu orders the two). The
 * one exception is a record another process appended with a class this process binds
 * at the same moment: the worker may then rebuild that entry wrongly, which loses the
 * proof (a problem found) and never passes a wrong one, and the seal, alone by then,
 * rebuilds everything itself.
 */
#include "ledger/store/seal_ahead.h"

#include "ledger/merkle.h"
#include "ledger/store/verify.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A shorter stretch waits for more entries: each proof costs a transaction and its
 * cursors, and what is left when the appends end is read by the seal anyway. */
#define STRETCH_MIN (4 * LDG_TILE_WIDTH)

typedef struct proof {
    ldg_seal_known k;  /* what is proved: tenant_id, [lo, hi), rows, roots */
    size_t cap;        /* roots allocated */
    int64_t committed; /* entries committed, as last told (under mu) */
    int begun;         /* lo known: what seal signed last, up to a whole tile */
    int lost;          /* a problem or a failure: no proof for this tenant */
    char *tenant;      /* its name: entries of other kinds are hashed with it */
} proof;

struct ldg_seal_ahead {
    ldg_store *st;
    pthread_t thread;
    int running;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    proof **proofs; /* the main thread adds and tells; the worker proves */
    size_t n, cap;
    int stop;
    ldg_seal_known *out;
};

static int64_t tile_floor(int64_t n)
{
    return n - n % LDG_TILE_WIDTH;
}

/* Reads the tenant's name and the size seal signed last: the proof starts at the first
 * whole tile after it (the seal reads the partial one with its signed prefix). */
static ldg_code begin(proof *p, ldg_store *st, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, p->k.tenant_id) };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT t.tenant, coalesce(g.size, 0) FROM ledger.tenant t"
                       " LEFT JOIN ledger.seal_state g USING (tenant_id)"
                       " WHERE t.tenant_id = $1",
                       1, params, err);

    if (rc == LDG_OK && PQntuples(res) != 1)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no tenant %d", (int)p->k.tenant_id);
    if (rc == LDG_OK && !(p->tenant = strdup(PQgetvalue(res, 0, 0))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (rc == LDG_OK) {
        p->k.lo = tile_floor(ldg_store_int64(res, 0, 1) + LDG_TILE_WIDTH - 1);
        p->k.hi = p->k.lo;
        p->begun = 1;
    }
    PQclear(res);
    return rc;
}

typedef struct stretch {
    proof *p;
    int64_t to;
    int64_t problems, rows;
} stretch;

static ldg_code prove_work(ldg_store *st, void *vctx, ldg_error *err)
{
    stretch *s = vctx;
    proof *p = s->p;

    return ldg_verify_leaf_roots(
        &s->problems, &s->rows, st, p->k.tenant_id, p->tenant, p->k.hi, s->to,
        p->k.roots + (p->k.hi - p->k.lo) / LDG_TILE_WIDTH, NULL, NULL, err);
}

/* Proves entries [hi, to) of p's log (after begin, the first time). 0: the proof is
 * lost (a problem found, or this connection failed). Outside the lock: only the worker
 * touches what is proved. */
static int prove(ldg_seal_ahead *sa, proof *p, int64_t to)
{
    stretch s = { .p = p, .to = to };
    size_t need;
    ldg_error err;

    ldg_error_clear(&err);
    if (!p->begun && begin(p, sa->st, &err) != LDG_OK)
        return 0;
    if (to <= p->k.hi)
        return 1;
    need = (size_t)((to - p->k.lo) / LDG_TILE_WIDTH);
    if (need > p->cap) {
        size_t cap = need * 2;
        ldg_hash *r = realloc(p->k.roots, cap * sizeof(*r));

        if (!r)
            return 0;
        p->k.roots = r;
        p->cap = cap;
    }
    if (ldg_store_rehearse(sa->st, prove_work, &s, &err) != LDG_OK || s.problems > 0)
        return 0;
    p->k.hi = to;
    p->k.rows += s.rows;
    return 1;
}

/* The next stretch worth proving, under mu: a tenant not begun, or one with at least
 * STRETCH_MIN whole-tile entries committed and not proved. */
static proof *next_stretch(const ldg_seal_ahead *sa, int64_t *to)
{
    for (size_t i = 0; i < sa->n; i++) {
        proof *p = sa->proofs[i];

        *to = tile_floor(p->committed);
        if (!p->lost && (!p->begun || *to - p->k.hi >= STRETCH_MIN))
            return p;
    }
    return NULL;
}

static void *worker(void *arg)
{
    ldg_seal_ahead *sa = arg;

    pthread_mutex_lock(&sa->mu);
    while (!sa->stop) {
        int64_t to = 0;
        proof *p = next_stretch(sa, &to);
        int kept;

        if (!p) {
            pthread_cond_wait(&sa->cv, &sa->mu);
            continue;
        }
        pthread_mutex_unlock(&sa->mu);
        kept = prove(sa, p, to);
        pthread_mutex_lock(&sa->mu);
        p->lost = !kept;
    }
    pthread_mutex_unlock(&sa->mu);
    return NULL;
}

ldg_code ldg_seal_ahead_start(ldg_seal_ahead **out, ldg_store *st, ldg_error *err)
{
    ldg_seal_ahead *sa = calloc(1, sizeof(*sa));

    *out = NULL;
    if (!sa)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    sa->st = st;
    pthread_mutex_init(&sa->mu, NULL);
    pthread_cond_init(&sa->cv, NULL);
    if (pthread_create(&sa->thread, NULL, worker, sa) != 0) {
        ldg_seal_ahead_free(sa);
        return ldg_error_set(err, LDG_EINTERNAL, "could not start the sealing thread");
    }
    sa->running = 1;
    *out = sa;
    return LDG_OK;
}

/* The proof of tenant_id, added when new (NULL: out of memory). Under mu. */
static proof *proof_of(ldg_seal_ahead *sa, int32_t tenant_id)
{
    proof *p;

    for (size_t i = 0; i < sa->n; i++)
        if (sa->proofs[i]->k.tenant_id == tenant_id)
            return sa->proofs[i];
    if (sa->n == sa->cap) {
        size_t cap = sa->cap ? 2 * sa->cap : 16;
        proof **grown = realloc(sa->proofs, cap * sizeof(*grown));

        if (!grown)
            return NULL;
        sa->proofs = grown;
        sa->cap = cap;
    }
    if (!(p = calloc(1, sizeof(*p))))
        return NULL;
    p->k.tenant_id = tenant_id;
    sa->proofs[sa->n++] = p;
    return p;
}

void ldg_seal_ahead_committed(void *ctx, int32_t tenant_id, int64_t size)
{
    ldg_seal_ahead *sa = ctx;
    proof *p;

    pthread_mutex_lock(&sa->mu);
    p = proof_of(sa, tenant_id);
    if (p && size > p->committed)
        p->committed = size;
    pthread_cond_signal(&sa->cv);
    pthread_mutex_unlock(&sa->mu);
}

static void stop(ldg_seal_ahead *sa)
{
    if (!sa->running)
        return;
    pthread_mutex_lock(&sa->mu);
    sa->stop = 1;
    pthread_cond_signal(&sa->cv);
    pthread_mutex_unlock(&sa->mu);
    pthread_join(sa->thread, NULL);
    sa->running = 0;
}

void ldg_seal_ahead_finish(ldg_seal_ahead *sa, const ldg_seal_known **known, size_t *n)
{
    size_t m = 0;

    stop(sa);
    free(sa->out);
    sa->out = calloc(sa->n ? sa->n : 1, sizeof(*sa->out));
    for (size_t i = 0; sa->out && i < sa->n; i++) {
        const proof *p = sa->proofs[i];

        if (!p->lost && p->begun && p->k.hi > p->k.lo)
            sa->out[m++] = p->k;
    }
    *known = sa->out;
    *n = m;
}

void ldg_seal_ahead_free(ldg_seal_ahead *sa)
{
    if (!sa)
        return;
    stop(sa);
    for (size_t i = 0; i < sa->n; i++) {
        free(sa->proofs[i]->k.roots);
        free(sa->proofs[i]->tenant);
        free(sa->proofs[i]);
    }
    free(sa->proofs);
    free(sa->out);
    pthread_cond_destroy(&sa->cv);
    pthread_mutex_destroy(&sa->mu);
    free(sa);
}
