/*
 * Proving a log's new entries while they are still being appended, for the seal that
 * follows (`ingest --seal`). A thread on a connection of its own takes each stretch of
 * whole level-0 tiles as soon as its entries are committed, rebuilds the entries from
 * their stored records and compares them with the stored leaves, exactly as seal does
 * (ldg_verify_leaf_roots), and keeps the root of each tile. The seal at the end
 * (ldg_seal_with) then reads only what is left: the proof is the same, done earlier, on
 * the core the append leaves idle.
 *
 * Nothing here is trusted beyond what seal.h's ldg_seal_known promises, and the seal
 * checks that it still holds. A problem found, or any failure of this connection, only
 * loses the head start for that tenant: its seal then reads everything, as ldg_seal
 * does, and names the problem.
 */
#ifndef LEASELEDGER_SEAL_AHEAD_H
#define LEASELEDGER_SEAL_AHEAD_H

#include "ledger/error.h"
#include "ledger/store/seal.h"
#include "ledger/store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ldg_seal_ahead ldg_seal_ahead;

/* Starts the thread on st, which it uses alone until ldg_seal_ahead_finish. LDG_ENOMEM,
 * or LDG_EINTERNAL when no thread can be started. */
ldg_code ldg_seal_ahead_start(ldg_seal_ahead **out, ldg_store *st, ldg_error *err);

/* Tells the thread (ctx, the ldg_seal_ahead) that tenant_id's log holds size entries,
 * committed: an ldg_ingest_commit_cb (ingest.h). Thread-safe; returns at once. */
void ldg_seal_ahead_committed(void *ctx, int32_t tenant_id, int64_t size);

/* Stops the thread (after the stretch it is proving) and gives what it proved: one
 * entry per tenant with a proof, *n of them, owned by sa. */
void ldg_seal_ahead_finish(ldg_seal_ahead *sa, const ldg_seal_known **known, size_t *n);

/* Stops the thread if it still runs, and frees sa (NULL: nothing). */
void ldg_seal_ahead_free(ldg_seal_ahead *sa);

#endif
