/*
 * The overlap answer of one ingest chunk (overlap_tail.h): a strmap from the packed key
 * to an index into the keys, and the records in the order added.
 */
#include "ledger/overlap_tail.h"

#include "ledger/strmap.h"
#include "ledger/usage_parse.h"

#include <stdlib.h>
#include <string.h>

struct ldg_overlap_tail {
    ldg_strmap *ix; /* packed key -> index into keys */
    ldg_overlap_key *keys;
    size_t nkeys, capkeys;
    ldg_overlap_rec *recs;
    size_t nrecs, caprecs;
};

ldg_code ldg_overlap_tail_new(ldg_overlap_tail **out, ldg_error *err)
{
    ldg_overlap_tail *t = calloc(1, sizeof(*t));

    *out = NULL;
    if (!t || ldg_strmap_new(&t->ix, err) != LDG_OK) {
        free(t);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    *out = t;
    return LDG_OK;
}

void ldg_overlap_tail_free(ldg_overlap_tail *t)
{
    if (!t)
        return;
    ldg_strmap_free(t->ix);
    free(t->keys);
    free(t->recs);
    free(t);
}

void ldg_overlap_tail_clear(ldg_overlap_tail *t)
{
    ldg_strmap_clear(t->ix);
    t->nkeys = 0;
    t->nrecs = 0;
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

/* The index of the record's key, added when new; -1 when out of memory. */
static int64_t key_index(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                         int kind, const char *meter)
{
    unsigned char packed[8 + LDG_FIELD_MAX];
    size_t mlen = strlen(meter), len;
    int16_t k = (int16_t)kind;
    int64_t *ix;
    int added = 0;

    /* longer meters are refused by the parser; cut, they would still key apart */
    mlen = mlen < LDG_FIELD_MAX ? mlen : LDG_FIELD_MAX;
    memcpy(packed, &tenant_id, 4);
    memcpy(packed + 4, &site_id, 2);
    memcpy(packed + 6, &k, 2);
    memcpy(packed + 8, meter, mlen);
    len = 8 + mlen;
    if (!(ix = ldg_strmap_put(t->ix, packed, len, (int64_t)t->nkeys, &added)))
        return -1;
    if (added) {
        if (!reserve((void **)&t->keys, &t->capkeys, t->nkeys, sizeof(*t->keys)))
            return -1;
        t->keys[t->nkeys++] = (ldg_overlap_key){ .tenant_id = tenant_id,
                                                 .site_id = site_id,
                                                 .kind = k,
                                                 .meter = meter,
                                                 .lo = INT64_MAX,
                                                 .hi = INT64_MIN };
    }
    return *ix;
}

ldg_code ldg_overlap_tail_add(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                              int kind, const char *meter, ldg_time start, ldg_time end,
                              int64_t seq, ldg_error *err)
{
    int64_t ix = key_index(t, tenant_id, site_id, kind, meter);
    ldg_overlap_key *k;

    if (ix < 0 || !reserve((void **)&t->recs, &t->caprecs, t->nrecs, sizeof(*t->recs)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    k = &t->keys[ix];
    k->lo = start < k->lo ? start : k->lo;
    k->hi = end > k->hi ? end : k->hi;
    t->recs[t->nrecs++] = (ldg_overlap_rec){ (size_t)ix, seq, start, end, 0 };
    return LDG_OK;
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
    t->keys[i].stored = tail;
    t->keys[i].has_stored = 1;
}

size_t ldg_overlap_tail_walk(ldg_overlap_tail *t)
{
    size_t n = 0;

    /* each key's running tail starts at its stored one */
    for (size_t i = 0; i < t->nkeys; i++)
        t->keys[i].tail = t->keys[i].has_stored ? t->keys[i].stored : INT64_MIN;
    for (size_t i = 0; i < t->nrecs; i++) {
        ldg_overlap_rec *r = &t->recs[i];
        ldg_overlap_key *k = &t->keys[r->key];

        r->suspect = r->start < k->tail;
        n += (size_t)r->suspect;
        k->tail = r->end > k->tail ? r->end : k->tail;
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
