/*
 * A byte-string -> int64 hash map (open addressing, linear probing) with its keys
 * copied into an arena (arena.h). Both are reset per unit of work (an ingest chunk),
 * which is what keeps ingest's memory bounded whatever the file size.
 */
#ifndef LEASELEDGER_STRMAP_H
#define LEASELEDGER_STRMAP_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ldg_strmap ldg_strmap;

ldg_code ldg_strmap_new(ldg_strmap **out, ldg_error *err);
void ldg_strmap_free(ldg_strmap *m);
void ldg_strmap_clear(ldg_strmap *m);
size_t ldg_strmap_count(const ldg_strmap *m);

/* Pointer to the value of key, or NULL. */
int64_t *ldg_strmap_get(ldg_strmap *m, const void *key, size_t len);
/* Pointer to the value of key, inserting it with value `init` when absent; *added
 * says which. NULL when out of memory. */
int64_t *ldg_strmap_put(ldg_strmap *m, const void *key, size_t len, int64_t init,
                        int *added);

/* Iteration: i from 0 while ldg_strmap_at returns >= 0 (1: slot used). */
int ldg_strmap_at(const ldg_strmap *m, size_t i, const void **key, size_t *len,
                  int64_t *value);

#endif
