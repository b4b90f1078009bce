/*
 * Hash map for per-chunk work, its keys in an arena (arena.c). FNV-1a hashing; the
 * table doubles at 50% load.
 */
#include "ledger/strmap.h"

#include "ledger/arena.h"

#include <stdlib.h>
#include <string.h>

typedef struct slot {
    char *key; /* NULL: empty */
    size_t len;
    uint64_t hash;
    int64_t value;
} slot;

struct ldg_strmap {
    slot *slots;
    size_t cap, count;
    ldg_arena *keys;
};

static uint64_t fnv1a(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint64_t h = 1469598103934665603u;

    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211u;
    }
    return h;
}

ldg_code ldg_strmap_new(ldg_strmap **out, ldg_error *err)
{
    ldg_strmap *m = calloc(1, sizeof(*m));

    *out = NULL;
    if (m) {
        m->cap = 1024;
        m->slots = calloc(m->cap, sizeof(slot));
    }
    if (!m || !m->slots || ldg_arena_new(&m->keys, err) != LDG_OK) {
        ldg_strmap_free(m);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    *out = m;
    return LDG_OK;
}

void ldg_strmap_free(ldg_strmap *m)
{
    if (!m)
        return;
    free(m->slots);
    ldg_arena_free(m->keys);
    free(m);
}

void ldg_strmap_clear(ldg_strmap *m)
{
    memset(m->slots, 0, m->cap * sizeof(slot));
    m->count = 0;
    ldg_arena_reset(m->keys);
}

size_t ldg_strmap_count(const ldg_strmap *m)
{
    return m->count;
}

static slot *find(slot *slots, size_t cap, const void *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);

    for (;;) {
        slot *s = &slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

int64_t *ldg_strmap_get(ldg_strmap *m, const void *key, size_t len)
{
    slot *s = find(m->slots, m->cap, key, len, fnv1a(key, len));

    return s->key ? &s->value : NULL;
}

static int grow(ldg_strmap *m)
{
    size_t cap = m->cap * 2;
    slot *slots = calloc(cap, sizeof(slot));

    if (!slots)
        return 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find(slots, cap, m->slots[i].key, m->slots[i].len, m->slots[i].hash) =
                m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 1;
}

int64_t *ldg_strmap_put(ldg_strmap *m, const void *key, size_t len, int64_t init,
                        int *added)
{
    uint64_t h = fnv1a(key, len);
    slot *s;

    *added = 0;
    if ((m->count + 1) * 2 > m->cap && !grow(m))
        return NULL;
    s = find(m->slots, m->cap, key, len, h);
    if (!s->key) {
        s->key = ldg_arena_strndup(m->keys, key, len);
        if (!s->key)
            return NULL;
        s->len = len;
        s->hash = h;
        s->value = init;
        m->count++;
        *added = 1;
    }
    return &s->value;
}

int ldg_strmap_at(const ldg_strmap *m, size_t i, const void **key, size_t *len,
                  int64_t *value)
{
    if (i >= m->cap)
        return -1;
    if (!m->slots[i].key)
        return 0;
    *key = m->slots[i].key;
    *len = m->slots[i].len;
    *value = m->slots[i].value;
    return 1;
}
