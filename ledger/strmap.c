/*
 * Arena and hash map for per-chunk work. FNV-1a hashing; the table doubles at 50% load.
 */
#include "ledger/strmap.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (1u << 20)

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    _Alignas(8) unsigned char data[];
} arena_block;

struct ldg_arena {
    arena_block *head;
};

ldg_code ldg_arena_new(ldg_arena **out, ldg_error *err)
{
    *out = calloc(1, sizeof(**out));
    return *out ? LDG_OK : ldg_error_set(err, LDG_ENOMEM, "out of memory");
}

void ldg_arena_free(ldg_arena *a)
{
    if (!a)
        return;
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void ldg_arena_reset(ldg_arena *a)
{
    arena_block *b = a->head;

    if (!b)
        return;
    /* keep the oldest (last in the list) block, free the others */
    while (b->next) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
}

void *ldg_arena_alloc(ldg_arena *a, size_t n)
{
    arena_block *b = a->head;
    size_t need = (n + 7) & ~(size_t)7;

    if (need < n)
        return NULL;
    if (!b || b->cap - b->used < need) {
        size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        arena_block *nb = malloc(sizeof(*nb) + cap);
        if (!nb)
            return NULL;
        nb->cap = cap;
        nb->used = 0;
        nb->next = b;
        a->head = b = nb;
    }
    b->used += need;
    return b->data + b->used - need;
}

char *ldg_arena_strndup(ldg_arena *a, const char *s, size_t len)
{
    char *p = ldg_arena_alloc(a, len + 1);

    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

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
