/*
 * Hourly rollups in memory: usage records summed per (tenant, hour, site, kind,
 * class), each record cut at clock hours by the billing split rule (rate.h), so the
 * sums rate exactly like the records. Ingest builds one per chunk and adds it to
 * ledger.usage_hourly in the chunk's transaction; verify builds one per tenant from the
 * log and compares it with the stored rollups. Memory grows with the hours covered,
 * not with the number of records.
 */
#ifndef LEASELEDGER_ROLLUP_H
#define LEASELEDGER_ROLLUP_H

#include "ledger/entry.h"
#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ldg_rollup_key {
    int64_t hour; /* instant of the hour's start */
    int32_t tenant_id;
    int16_t site_id;
    int8_t kind, cls;
} ldg_rollup_key;

typedef struct ldg_rollup ldg_rollup;

ldg_code ldg_rollup_new(ldg_rollup **out, ldg_error *err);
void ldg_rollup_free(ldg_rollup *r);
void ldg_rollup_clear(ldg_rollup *r);
size_t ldg_rollup_count(const ldg_rollup *r);

/* Adds a record's pieces to the hours it touches. LDG_ERANGE on overflow. */
ldg_code ldg_rollup_add(ldg_rollup *r, int32_t tenant_id, int16_t site_id,
                        const ldg_record *u, ldg_error *err);

/* Adds qty of one record to the sum under key k (demand.c's quarter-hours). */
ldg_code ldg_rollup_add_piece(ldg_rollup *r, const ldg_rollup_key *k, int64_t qty,
                              ldg_error *err);

/* Iteration over slots: returns -1 past the end, 0 for an empty slot, 1 with the
 * entry filled. */
int ldg_rollup_at(const ldg_rollup *r, size_t i, ldg_rollup_key *key, int64_t *qty,
                  int64_t *records);

/* Looks one key up: 1 found (qty, records set), 0 not. */
int ldg_rollup_get(const ldg_rollup *r, const ldg_rollup_key *key, int64_t *qty,
                   int64_t *records);

#endif
