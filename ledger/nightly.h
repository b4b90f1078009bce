/*
 * The nightly batch: ingest every new file of the spool, seal, bill every closed
 * period (issuing originals, and supplementary invoices / credit notes for periods
 * that received late or corrected usage), seal again.
 *
 * Reconciliation warnings of the last closed period are reported (they never hold an
 * invoice); blocking findings hold their contract's invoice (see billing.h).
 *
 * Spool protocol: producers write a file under a name starting with '.' and rename
 * it when complete; nightly takes regular files not starting with '.', in name order.
 * A file is taken once, by content (SHA-256 recorded in ledger.ingest_file with its
 * counts), then moved to done/; a file that cannot be read as usage is moved to
 * failed/ with a NAME.error beside it and does not stop the others; rejected records
 * of a taken file are written to rejected/NAME.rejects.
 *
 * Safe to run twice at once (a session advisory lock makes the second wait) and to
 * kill at any instant: ingest chunks, seals and invoices each commit whole, so the
 * next run finishes the work and invoice numbers stay gapless.
 */
#ifndef LEASELEDGER_NIGHTLY_H
#define LEASELEDGER_NIGHTLY_H

#include <stdint.h>

#include "ledger/billing.h"
#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store.h"

typedef struct ldg_nightly_summary {
    int64_t files_taken, files_failed, files_already;
    int64_t accepted, duplicates, rejected;
    int64_t checkpoints;
    int64_t issued, amended, unchanged, held;
    int64_t warnings; /* reconciliation warnings of the last closed period */
} ldg_nightly_summary;

typedef enum ldg_nightly_event {
    LDG_NIGHTLY_FILE_TAKEN,   /* name, detail: counts */
    LDG_NIGHTLY_FILE_FAILED,  /* name, detail: the error */
    LDG_NIGHTLY_FILE_ALREADY, /* name */
    LDG_NIGHTLY_HELD,         /* name: contract, detail: period */
    LDG_NIGHTLY_WAITING,      /* another run holds the lock */
    LDG_NIGHTLY_WARNING,      /* name: finding id, detail: what it says */
} ldg_nightly_event;

typedef void (*ldg_nightly_cb)(void *ctx, ldg_nightly_event ev, const char *name,
                               const char *detail);

typedef struct ldg_nightly_opts {
    const char *spool;        /* NULL: no ingest */
    ldg_time as_of;           /* periods ending by then are billed; the issue instant */
    const ldg_signer *signer; /* required */
    ldg_nightly_cb on_event;
    ldg_bill_doc_cb on_doc;
    void *ctx;
} ldg_nightly_opts;

ldg_code ldg_nightly(ldg_nightly_summary *out, ldg_store *st, const ldg_nightly_opts *opts,
                     ldg_error *err);

#endif
