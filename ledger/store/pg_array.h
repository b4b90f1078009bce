/*
 * PostgreSQL array literals built element by element, one per column, to be passed as
 * parameter values (never as SQL text) and unnested by the statement: how a chunk's or
 * a batch's rows travel in one statement. Elements: integers as they are, texts quoted
 * with '"' and '\' escaped, NULL unquoted.
 *
 * Zero-initialise once; ldg_pg_arrays_open starts (or starts again, keeping the
 * buffers) n empty arrays; ldg_pg_arrays_close ends them and gives their texts, valid
 * until the next open or ldg_pg_arrays_cleanup.
 */
#ifndef LEASELEDGER_PG_ARRAY_H
#define LEASELEDGER_PG_ARRAY_H

#include "ledger/buf.h"
#include "ledger/error.h"
#include "ledger/store/store.h"

#include <stdint.h>

#define LDG_PG_ARRAYS_MAX 11

typedef struct ldg_pg_arrays {
    ldg_buf col[LDG_PG_ARRAYS_MAX];
    int n;
} ldg_pg_arrays;

ldg_code ldg_pg_arrays_open(ldg_pg_arrays *a, int n, ldg_error *err);
/* v as the next element of column c. */
ldg_code ldg_pg_arrays_i64(ldg_pg_arrays *a, int c, int64_t v, ldg_error *err);
/* s, quoted, as the next element of column c; NULL: SQL NULL. */
ldg_code ldg_pg_arrays_text(ldg_pg_arrays *a, int c, const char *s, ldg_error *err);
/* The one array of tenant_ids[0..n) (int[]), a batch's tenants: opens a, fills it and
 * closes it into *param (valid until a is opened again or cleaned up). */
ldg_code ldg_pg_arrays_tenants(const char **param, ldg_pg_arrays *a,
                               const int32_t *tenant_ids, size_t n, ldg_error *err);
/* tenant_ids[i] and contract_ids[i], i < n, as the next elements of columns 0 and 1:
 * the contracts a batch reads for. */
ldg_code ldg_pg_arrays_contracts(ldg_pg_arrays *a, const int32_t *tenant_ids,
                                 const char *const *contract_ids, size_t n,
                                 ldg_error *err);
/* Sends sql (store.h, ldg_store_send) with $1 the tenant ids and $2 the contract ids
 * of n contracts, as arrays (int[], text[]). */
ldg_code ldg_pg_arrays_send_contracts(ldg_store_ticket *ticket, ldg_store *st,
                                      const char *sql, const int32_t *tenant_ids,
                                      const char *const *contract_ids, size_t n,
                                      ldg_error *err);
/* Ends the arrays; params[0..n) receive their texts. */
ldg_code ldg_pg_arrays_close(const char **params, ldg_pg_arrays *a, ldg_error *err);
void ldg_pg_arrays_cleanup(ldg_pg_arrays *a);

#endif
