/*
 * The overlap answer of the store (ledger.overlap_tail and ledger.overlap_suspect,
 * migration 0015; the rule in ledger/overlap_tail.h): what ingest writes with each
 * chunk. Reconciliation reads the suspects (recon_store.c, check_overlap) to run its
 * overlap query only over the keys that can hold an overlap.
 */
#ifndef LEASELEDGER_OVERLAP_STORE_H
#define LEASELEDGER_OVERLAP_STORE_H

#include "ledger/error.h"
#include "ledger/overlap_tail.h"
#include "ledger/store/store.h"

/*
 * In the open transaction, which holds the log head lock of every tenant in t (so no
 * other append moves their tails meanwhile): reads the stored tails of t's keys that
 * are past a start in the chunk and moves every key's tail to its greatest end (one
 * statement), walks t (ldg_overlap_tail_walk), and inserts the suspects (one statement,
 * none when there are none). Nothing when t is empty. LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_overlap_store_flush(ldg_store *st, ldg_overlap_tail *t, ldg_error *err);

#endif
