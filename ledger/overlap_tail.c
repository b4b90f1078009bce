/*
 * The overlap answer of one ingest run (overlap_tail.h): a strmap from the packed key to
 * an index into the keys, the keys' meters in an arena, the chunk's records in the order
 * added, and the tenants the run knows (few: a linear search).
 */
#include "ledger/overlap_tail.h"

#include "ledger/arena.h"
#include "ledger/strmap.h"
#include "ledger/usage_parse.h"

#include <stdlib.h>
#include <string.h>

typedef struct tenant_state {
    int32_t tenant_id;
    int64_t seq;     /* every record below it is known */
    int64_t pending; /* staged by tenant_done; -1: none */
} tenant_state;

struct ldg_overlap_tail {
    ldg_strmap *ix;    /* packed key -> index into keys */
    ldg_arena *meters; /* the keys' meters */
    ldg_overlap_key *keys;
    size_t nkeys, capkeys;
    size_t *chunk_keys; /* key indices of this chunk, each once */
    size_t nchunk_keys, capchunk_keys;
    uint64_t *stamp; /* per key: the attempt that listed it in chunk_keys */
    size_t capstamp;
    uint64_t attempt;
    ldg_overlap_rec *recs;
    size_t nrecs, caprecs;
    tenant_state *tenants;
    size_t ntenants, captenants;
};

ldg_code ldg_overlap_tail_new(ldg_overlap_tail **out, ldg_error *err)
{
    ldg_overlap_tail *t = calloc(1, sizeof(*t));

    *out = NULL;
    if (!t || ldg_strmap_new(&t->ix, err) != LDG_OK ||
        ldg_arena_new(&t->meters, err) != LDG_OK) {
        ldg_overlap_tail_free(t);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    t->attempt = 1;
    *out = t;
    return LDG_OK;
}

void ldg_overlap_tail_free(ldg_overlap_tail *t)
{
    if (!t)
        return;
    ldg_strmap_free(t->ix);
    ldg_arena_free(t->meters);
    free(t->keys);
    free(t->chunk_keys);
    free(t->stamp);
    free(t->recs);
    free(t->tenants);
    free(t);
}

void ldg_overlap_tail_begin(ldg_overlap_tail *t)
{
    t->attempt++;
    t->nchunk_keys = 0;
    t->nrecs = 0;
    for (size_t i = 0; i < t->ntenants; i++)
        t->tenants[i].pending = -1;
}

void ldg_overlap_tail_reset(ldg_overlap_tail *t)
{
    ldg_strmap_clear(t->ix);
    ldg_arena_reset(t->meters);
    t->nkeys = 0;
    t->ntenants = 0;
    ldg_overlap_tail_begin(t);
}

/* Room for one more of n items of size bytes at *items (capacity *cap): 1, or 0. */
static int reserve(void **items, size_t *cap, size_t n, size_t size)
{
    size_t want = *cap ? *cap * 2 : 1024;
    void *p;

    if (n < *cap)
        return 1;
    if (!(p = realloc(*items, want * size)))
        return 0;
    *items = p;
    *cap = want;
    return 1;
}

static tenant_state *find_tenant(const ldg_overlap_tail *t, int32_t tenant_id)
{
    for (size_t i = 0; i < t->ntenants; i++)
        if (t->tenants[i].tenant_id == tenant_id)
            return &t->tenants[i];
    return NULL;
}

int ldg_overlap_tail_tenant_seq(const ldg_overlap_tail *t, int32_t tenant_id,
                                int64_t *seq)
{
    const tenant_state *s = find_tenant(t, tenant_id);

    if (s)
        *seq = s->seq;
    return s != NULL;
}

static tenant_state *tenant_slot(ldg_overlap_tail *t, int32_t tenant_id)
{
    tenant_state *s = find_tenant(t, tenant_id);

    if (s)
        return s;
    if (!reserve((void **)&t->tenants, &t->captenants, t->ntenants, sizeof(*t->tenants)))
        return NULL;
    s = &t->tenants[t->ntenants++];
    *s = (tenant_state){ tenant_id, 0, -1 };
    return s;
}

ldg_code ldg_overlap_tail_tenant_set(ldg_overlap_tail *t, int32_t tenant_id, int64_t seq,
                                     ldg_error *err)
{
    tenant_state *s = tenant_slot(t, tenant_id);

    if (!s)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    s->seq = seq;
    return LDG_OK;
}

ldg_code ldg_overlap_tail_tenant_done(ldg_overlap_tail *t, int32_t tenant_id, int64_t seq,
                                      ldg_error *err)
{
    tenant_state *s = find_tenant(t, tenant_id);

    if (!s)
        return ldg_error_set(err, LDG_EINTERNAL, "tenant id %d was not synced",
                             (int)tenant_id);
    s->pending = seq;
    return LDG_OK;
}

/* The index of the key, added (no tail, not fetched) when new; -1 when out of memory. */
static int64_t key_index(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                         int kind, const char *meter)
{
    unsigned char packed[8 + LDG_FIELD_MAX];
    size_t mlen = strlen(meter);
    int16_t k = (int16_t)kind;
    int64_t *ix;
    int added = 0;
    char *copy;

    /* longer meters are refused by the parser; cut, they would still key apart */
    mlen = mlen < LDG_FIELD_MAX ? mlen : LDG_FIELD_MAX;
    memcpy(packed, &tenant_id, 4);
    memcpy(packed + 4, &site_id, 2);
    memcpy(packed + 6, &k, 2);
    memcpy(packed + 8, meter, mlen);
    if (!(ix = ldg_strmap_put(t->ix, packed, 8 + mlen, (int64_t)t->nkeys, &added)))
        return -1;
    if (!added)
        return *ix;
    if (!reserve((void **)&t->keys, &t->capkeys, t->nkeys, sizeof(*t->keys)) ||
        !reserve((void **)&t->stamp, &t->capstamp, t->nkeys, sizeof(*t->stamp)) ||
        !(copy = ldg_arena_strndup(t->meters, meter, mlen)))
        return -1;
    t->stamp[t->nkeys] = 0;
    t->keys[t->nkeys++] = (ldg_overlap_key){ .tenant_id = tenant_id,
                                             .site_id = site_id,
                                             .kind = k,
                                             .meter = copy,
                                             .tail = LDG_OVERLAP_NONE,
                                             .pending = LDG_OVERLAP_NONE };
    return *ix;
}

ldg_code ldg_overlap_tail_merge(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                                int kind, const char *meter, ldg_time end, ldg_error *err)
{
    int64_t ix = key_index(t, tenant_id, site_id, kind, meter);

    if (ix < 0)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (end > t->keys[ix].tail)
        t->keys[ix].tail = end;
    return LDG_OK;
}

ldg_code ldg_overlap_tail_add(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                              int kind, const char *meter, ldg_time start, ldg_time end,
                              int64_t seq, ldg_error *err)
{
    int64_t ix = key_index(t, tenant_id, site_id, kind, meter);

    if (ix < 0 || !reserve((void **)&t->recs, &t->caprecs, t->nrecs, sizeof(*t->recs)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (t->stamp[ix] != t->attempt) {
        if (!reserve((void **)&t->chunk_keys, &t->capchunk_keys, t->nchunk_keys,
                     sizeof(*t->chunk_keys)))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        t->stamp[ix] = t->attempt;
        t->chunk_keys[t->nchunk_keys++] = (size_t)ix;
    }
    t->recs[t->nrecs++] = (ldg_overlap_rec){ (size_t)ix, seq, start, end, 0 };
    return LDG_OK;
}

size_t ldg_overlap_tail_chunk_nkeys(const ldg_overlap_tail *t)
{
    return t->nchunk_keys;
}

size_t ldg_overlap_tail_chunk_key(const ldg_overlap_tail *t, size_t j)
{
    return t->chunk_keys[j];
}

size_t ldg_overlap_tail_nkeys(const ldg_overlap_tail *t)
{
    return t->nkeys;
}

const ldg_overlap_key *ldg_overlap_tail_key(const ldg_overlap_tail *t, size_t i)
{
    return &t->keys[i];
}

void ldg_overlap_tail_set_stored(ldg_overlap_tail *t, size_t i, ldg_time tail)
{
    if (tail > t->keys[i].tail)
        t->keys[i].tail = tail;
    t->keys[i].fetched = 1;
}

size_t ldg_overlap_tail_walk(ldg_overlap_tail *t)
{
    size_t n = 0;

    for (size_t j = 0; j < t->nchunk_keys; j++) {
        ldg_overlap_key *k = &t->keys[t->chunk_keys[j]];
        k->pending = k->tail;
    }
    for (size_t i = 0; i < t->nrecs; i++) {
        ldg_overlap_rec *r = &t->recs[i];
        ldg_overlap_key *k = &t->keys[r->key];

        r->suspect = r->start < k->pending;
        n += (size_t)r->suspect;
        if (r->end > k->pending)
            k->pending = r->end;
    }
    return n;
}

size_t ldg_overlap_tail_nrecs(const ldg_overlap_tail *t)
{
    return t->nrecs;
}

const ldg_overlap_rec *ldg_overlap_tail_rec(const ldg_overlap_tail *t, size_t i)
{
    return &t->recs[i];
}

void ldg_overlap_tail_commit(ldg_overlap_tail *t)
{
    for (size_t j = 0; j < t->nchunk_keys; j++) {
        ldg_overlap_key *k = &t->keys[t->chunk_keys[j]];
        if (k->pending > k->tail)
            k->tail = k->pending;
    }
    for (size_t i = 0; i < t->ntenants; i++)
        if (t->tenants[i].pending >= 0)
            t->tenants[i].seq = t->tenants[i].pending;
    ldg_overlap_tail_begin(t);
}

size_t ldg_overlap_tail_ntenants(const ldg_overlap_tail *t)
{
    return t->ntenants;
}

void ldg_overlap_tail_tenant_at(const ldg_overlap_tail *t, size_t i, int32_t *tenant_id,
                                int64_t *seq)
{
    *tenant_id = t->tenants[i].tenant_id;
    *seq = t->tenants[i].seq;
}
