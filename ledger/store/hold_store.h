/*
 * Contract holds: a person stops one contract's documents (issue 16; DESIGN.md "Holds";
 * migrations/0010_contract_hold.sql).
 *
 * `invoice hold` records who (the name given, and the database login), when and why;
 * while the hold stands, billing issues and drafts nothing for the contract (billing.h
 * LDG_BILL_STOPPED) and refuses to approve its drafts; `invoice release` ends it,
 * recording who and when. Rows are never deleted: the table is the record of every hold.
 * A hold is not a log entry: it decides nothing about a document, it postpones them.
 */
#ifndef LEASELEDGER_HOLD_STORE_H
#define LEASELEDGER_HOLD_STORE_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stdint.h>

/* Limits on what a person types, in bytes (the table's CHECKs). */
#define LDG_HOLD_BY_MAX     200
#define LDG_HOLD_REASON_MAX 2000

/* A standing hold, as billing and the summaries show it. */
typedef struct ldg_contract_hold {
    int held;         /* 0: the contract is not held (the rest is empty) */
    ldg_time held_at; /* epoch seconds */
    char held_by[LDG_HOLD_BY_MAX + 1];
    char reason[LDG_HOLD_REASON_MAX + 1];
} ldg_contract_hold;

/*
 * Holds contract_id of tenant from instant at, by (a person's name) for reason (each
 * 1 to their limit in bytes, no control characters). Runs its own transaction.
 * LDG_ENOTFOUND for an unknown tenant or contract; LDG_EINVAL for by or reason;
 * LDG_ECONFLICT when the contract is already held (the message says by whom, since
 * when and why).
 */
ldg_code ldg_hold_put(ldg_store *st, const char *tenant, const char *contract_id,
                      const char *by, const char *reason, ldg_time at, ldg_error *err);

/*
 * Releases the standing hold of contract_id of tenant at instant at, by a person.
 * *was receives the hold released. Runs its own transaction. LDG_ENOTFOUND for an
 * unknown tenant or contract, or a contract that is not held; LDG_EINVAL for by.
 */
ldg_code ldg_hold_release(ldg_contract_hold *was, ldg_store *st, const char *tenant,
                          const char *contract_id, const char *by, ldg_time at,
                          ldg_error *err);

/*
 * The standing hold of tenant_id's contract_id (out->held 0 when none), read in the
 * caller's transaction (billing reads it under the tenant's log head lock).
 */
ldg_code ldg_hold_get(ldg_contract_hold *out, ldg_store *st, int32_t tenant_id,
                      const char *contract_id, ldg_error *err);
/* The same for n contracts (tenant_ids[i], contract_ids[i]) in one statement, in two
 * steps (store.h, ldg_store_send): billing sends it with its other reads of a batch, in
 * one round trip, takes the answer (ldg_store_take) and reads the i-th's hold from it
 * (ldg_hold_of). */
ldg_code ldg_hold_send(ldg_store_ticket *ticket, ldg_store *st, const int32_t *tenant_ids,
                       const char *const *contract_ids, size_t n, ldg_error *err);
void ldg_hold_of(ldg_contract_hold *out, const PGresult *res, size_t i);

#endif
