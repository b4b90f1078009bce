/*
 * The overlap answer of the store (ledger.overlap_tail, ledger.overlap_mark and
 * ledger.overlap_suspect, migration 0015; the rule in ledger/overlap_tail.h): what
 * ingest reads and writes. Reconciliation reads the suspects (recon_store.c,
 * check_overlap) to run its overlap query only over the keys that can hold an overlap.
 *
 * Invariant of what is stored, whatever runs crash: every record of a tenant with seq
 * below its mark is in the tails, and the tails hold only committed records (they and
 * the marks only grow). So a key's exact tail is max(its stored tail, the ends of its
 * records from the mark on). Suspects are exact per chunk, in the chunk's transaction.
 */
#ifndef LEASELEDGER_OVERLAP_STORE_H
#define LEASELEDGER_OVERLAP_STORE_H

#include "ledger/error.h"
#include "ledger/overlap_tail.h"
#include "ledger/store/store.h"

#include <stdint.h>

/*
 * In the chunk's transaction, which holds the log head locks of the n tenants ids,
 * whose logs have sizes heads: brings what t knows of each up to its head (the first
 * time in the run, from the tenant's mark; later, the records other processes appended
 * since the run's last chunk). One statement for all, none when nothing is missing.
 * LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_overlap_store_sync(ldg_store *st, ldg_overlap_tail *t, const int32_t *ids,
                                const int64_t *heads, size_t n, ldg_error *err);

/*
 * After the chunk's records are added to t: reads the stored tails of its keys that t
 * has not fetched (one statement, none when all are), walks t, and inserts the
 * suspects (one statement, none when there are none). LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_overlap_store_chunk(ldg_store *st, ldg_overlap_tail *t, ldg_error *err);

/*
 * In an open transaction (no lock needed: tails and marks are raised with greatest(), so
 * concurrent runs merge): raises the stored tail of every key t met and the mark of
 * every tenant t knows to t's. Reset t once the transaction commits. LDG_EDB,
 * LDG_ERETRY (a deadlock with another run's flush: run it again), LDG_ENOMEM.
 */
ldg_code ldg_overlap_store_flush(ldg_store *st, ldg_overlap_tail *t, ldg_error *err);

#endif
