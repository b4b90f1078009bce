/*
 * A bump allocator for per-chunk work: allocations are never freed one by one, the
 * whole arena is reset once the unit of work (an ingest chunk) is done, which keeps
 * memory bounded whatever the file size (PostgreSQL's memory contexts in miniature).
 */
#ifndef LEASELEDGER_ARENA_H
#define LEASELEDGER_ARENA_H

#include "ledger/error.h"

#include <stddef.h>

typedef struct ldg_arena ldg_arena;

ldg_code ldg_arena_new(ldg_arena **out, ldg_error *err);
void ldg_arena_free(ldg_arena *a);
/* Forgets every allocation, keeping the first block for reuse. */
void ldg_arena_reset(ldg_arena *a);
/* n bytes, 8-aligned; NULL when out of memory. Valid until reset or free. */
void *ldg_arena_alloc(ldg_arena *a, size_t n);
/* Copies len bytes and a NUL. */
char *ldg_arena_strndup(ldg_arena *a, const char *s, size_t len);

#endif
