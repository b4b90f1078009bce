/*
 * Replay after a restore (docs/OPERATIONS.md, "Back up, restore, replay"): the nightly
 * runs of an archived spool's manifest (SPOOL/done/ARCHIVE, ledger/archive.h), again, in
 * order, each with its own as-of instant and tenant, over the very files it took (found
 * in SPOOL/done/ or SPOOL/payments/done/ by name and SHA-256, copied into a private
 * temporary spool). Entries and invoices are a pure function of the inputs and the
 * instants, so the replayed logs reach the roots they had: every checkpoint someone kept
 * verifies again. A run whose files are already in the database takes nothing again
 * (files are taken once, by content) and bills nothing twice.
 */
#ifndef LEASELEDGER_REPLAY_H
#define LEASELEDGER_REPLAY_H

#include "ledger/archive.h"
#include "ledger/error.h"
#include "ledger/store/nightly.h"
#include "ledger/store/store.h"

typedef void (*ldg_replay_run_cb)(void *ctx, const ldg_archive_run *run, size_t index,
                                  size_t nruns, const ldg_nightly_summary *s);

typedef struct ldg_replay_opts {
    const char *archive;      /* the archived spool folder (its done/ARCHIVE) */
    const char *key_path;     /* the signing key, as ldg_nightly_opts */
    ldg_replay_run_cb on_run; /* after each run */
    ldg_nightly_cb on_event;
    ldg_bill_doc_cb on_doc;
    void *ctx;
} ldg_replay_opts;

/* Replays every run of the archive; *runs counts those done. LDG_EINVAL for a bad
 * manifest (file and line named), LDG_ENOTFOUND for an archived file that is not there
 * with its hash, LDG_EIO, and what ldg_nightly returns (the run named). */
ldg_code ldg_replay(size_t *runs, ldg_store *st, const ldg_replay_opts *o,
                    ldg_error *err);

#endif
