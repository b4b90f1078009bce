/*
 * The arena (see arena.h): a list of blocks of ARENA_BLOCK bytes (a larger one for a
 * larger request), newest first; reset keeps the oldest block, so a steady workload
 * stops calling malloc after its first chunk.
 */
#include "ledger/arena.h"

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
