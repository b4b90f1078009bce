/*
 * The nightly batch: ingest every new file of the spool, seal, bill every closed
 * period (issuing originals, and supplementary invoices / credit notes for periods
 * that received late or corrected usage), seal again.
 *
 * Reconciliation warnings of the last closed period are reported (they never hold an
 * invoice); blocking findings hold their contract's invoice (see billing.h).
 *
 * Spool protocol (docs/DESIGN.md, "The spool", says it for producers): producers write a
 * file under a name starting with '.' and rename it into the spool's top level when
 * complete; nightly takes the other names, in name order, at most 100,000 a run. A
 * regular file with one link is taken once, by content (SHA-256 recorded in
 * ledger.ingest_file with its counts), then moved to done/; rejected records of a
 * taken file are written to rejected/NAME.rejects (lines) and NAME.reasons. Anything
 * else (a file that cannot be read as usage; a symbolic link, fifo, socket, device,
 * directory or hard-linked file, which is never read) is moved to failed/ with a
 * NAME.error saying why and does not stop the others. Nothing is ever overwritten: a
 * name already in done/, failed/ or rejected/ gets a ".N" suffix.
 *
 * Bank files (a payments CSV or camt.053, told apart by content) go in SPOOL/payments/,
 * a spool of its own under the same protocol (its own done/, failed/, rejected/); each
 * is imported whole in one transaction (payment_store.h) before the logs are sealed, or
 * set aside in failed/ with the reason when it is refused.
 *
 * Nothing in the spool is trusted to say where the batch writes: done/, failed/ and
 * rejected/ must be real directories owned by the user running nightly and writable by
 * no one else (nightly creates them so), and the spool is named by itself, not by a
 * symbolic link; otherwise the run stops before any work (out->spool_unsafe).
 *
 * Safe to run twice at once (a session advisory lock makes the second wait) and to
 * kill at any instant: ingest chunks, seals and invoices each commit whole, so the
 * next run finishes the work and invoice numbers stay gapless.
 */
#ifndef LEASELEDGER_NIGHTLY_H
#define LEASELEDGER_NIGHTLY_H

#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store/billing.h"
#include "ledger/store/store.h"

#include <stdint.h>

/* Currencies the summary's overdue totals keep apart (more are summed under the last). */
#define LDG_NIGHTLY_MAX_CURRENCIES 8

typedef struct ldg_nightly_summary {
    int64_t files_taken, files_failed, files_already;
    int64_t accepted, duplicates, rejected;
    int64_t payments_matched, payments_unmatched; /* from SPOOL/payments/ */
    int64_t checkpoints;
    int64_t issued, amended, unchanged, held;
    int64_t drafted, awaiting; /* periods drafted now; periods waiting for a person */
    int64_t warnings;          /* reconciliation warnings of the last closed period */
    int64_t files_left; /* left in the spool for the next run (LDG_NIGHTLY_FILE_LEFT) */
    /* open amounts past their due date as of the run's day, per currency (the aging's
     * d1_30 + d31_60 + d61_90 + d91_plus over every tenant; docs/receivables.md) */
    struct {
        char currency[4];
        int64_t micros;
    } overdue[LDG_NIGHTLY_MAX_CURRENCIES];
    size_t noverdue;
    int spool_unsafe; /* the run stopped: the spool's setup is unsafe (see above) */
} ldg_nightly_summary;

typedef enum ldg_nightly_event {
    LDG_NIGHTLY_FILE_TAKEN,   /* name, detail: counts */
    LDG_NIGHTLY_FILE_FAILED,  /* name, detail: the error */
    LDG_NIGHTLY_FILE_ALREADY, /* name */
    LDG_NIGHTLY_HELD,         /* name: contract, detail: period; its findings follow */
    LDG_NIGHTLY_WAITING,      /* another run holds the lock */
    LDG_NIGHTLY_WARNING,      /* name: finding id, detail: tenant, meter, what it says */
    LDG_NIGHTLY_FILE_LEFT,    /* name (NULL: several), detail: why it waits */
    LDG_NIGHTLY_DRAFTED,      /* name: contract, detail: period (draft_store.h) */
    /* after LDG_NIGHTLY_HELD, once per unacknowledged block finding of that contract and
     * period: name: finding id, detail: kind, tenant, meter, hours, what it says */
    LDG_NIGHTLY_BLOCKING,
    /* after LDG_NIGHTLY_FILE_TAKEN of a file with rejected records: name: the spool file,
     * detail: "SPOOL/rejected/T", the path of T.rejects and T.reasons without suffix */
    LDG_NIGHTLY_REJECTS,
    /* a dry run's rejected record (it writes no rejected/ file): name: the spool file,
     * detail: "line N: why"; after the first 20 of a file, one "N more rejected records"
     */
    LDG_NIGHTLY_REJECT_LINE,
    /* a person holds the contract (hold_store.h): name: contract, detail: the tenant,
     * who, since when, why and the release command. Once per contract and run */
    LDG_NIGHTLY_STOPPED,
} ldg_nightly_event;

typedef void (*ldg_nightly_cb)(void *ctx, ldg_nightly_event ev, const char *name,
                               const char *detail);

typedef struct ldg_nightly_opts {
    const char *spool; /* NULL: no ingest */
    ldg_time as_of;    /* periods ending by then are billed; the issue instant */
    /* required but for a dry run: the signing key's file, opened only once the spool is
     * ingested, so the private key is never in memory while hostile spool files are
     * parsed */
    const char *key_path;
    int hold; /* every document becomes a draft that waits for a person */
    /* a rehearsal: everything is done in one transaction that is rolled back, and
     * nothing is signed (key_path is not used; checkpoints counts the logs a run would
     * sign; each document is rated and rolled back on its own, so documents of one series
     * in one run show the same next number); the spool is read, never written: no
     * directory created, no file moved, no side file; events say what would be */
    int dry_run;
    /* not NULL: seal, bill, report warnings and overdue totals of this tenant only;
     * spool files are still taken whole, whoever's records they hold */
    const char *tenant;
    /* amending documents above these (amend_threshold.h) become drafts, each reported
     * through on_held; the contract's "amend_approval" holds as well */
    ldg_amend_threshold amend_hold;
    ldg_bill_held_cb on_held;
    /* not NULL (and not a dry run): proves the spool's new entries while they are
     * taken, for the seal after the spool (seal_ahead.h; its own connection) */
    struct ldg_seal_ahead *ahead;
    ldg_nightly_cb on_event;
    ldg_bill_doc_cb on_doc;
    void *ctx;
} ldg_nightly_opts;

ldg_code ldg_nightly(ldg_nightly_summary *out, ldg_store *st,
                     const ldg_nightly_opts *opts, ldg_error *err);

#endif
