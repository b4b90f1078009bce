/*
 * Billing against the store: rate a contract's period from the hourly rollups of the
 * log up to a signed checkpoint, and issue the invoice (or, for a period already
 * invoiced that received late or corrected usage, the supplementary invoice and/or
 * credit note for the difference), in a transaction that also takes the series' next
 * gapless number and appends the document to the tenant's log: one per period
 * (ldg_bill_contract), or one per batch of periods of different tenants
 * (ldg_bill_batch).
 *
 * Exactly once: the tenant's log head is locked for the whole issue, a unique index
 * allows one original invoice per contract and period, and a period already invoiced
 * with no usage newer than its rating is left as it is. Rating reads only usage that a
 * checkpoint covers (no usage entry after the latest checkpoint may exist when rating;
 * with a signing key, billing seals first), so every document names the checkpoint
 * (size and root) whose entries it was rated from.
 */
#ifndef LEASELEDGER_BILLING_H
#define LEASELEDGER_BILLING_H

#include "ledger/amend_threshold.h"
#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store/draft_store.h"
#include "ledger/store/registry.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdint.h>

typedef enum ldg_bill_outcome {
    LDG_BILL_ISSUED = 1, /* original invoice issued (or drafted with dry_run) */
    LDG_BILL_AMENDED,    /* supplementary invoice and/or credit note issued */
    LDG_BILL_UNCHANGED,  /* already invoiced, nothing new */
    LDG_BILL_HELD,       /* unacknowledged blocking reconciliation findings */
    LDG_BILL_DRAFTED,    /* stored as draft(s) that wait for a person (draft_store.h) */
    LDG_BILL_AWAITING,   /* a draft waits for a person, or was rejected, and the period
                          * has no usage newer than it: nothing done */
    LDG_BILL_STOPPED,    /* a person holds the contract (hold_store.h): nothing done */
    LDG_BILL_AMEND_HELD, /* an amending document above an approval threshold
                          * (amend_threshold.h) was stored as a draft, not issued */
} ldg_bill_outcome;

/* Called for each document issued (or drafted): kind "invoice"/"credit_note", its
 * log entry data (borrowed for the call). */
typedef void (*ldg_bill_doc_cb)(void *ctx, const ldg_contract_ref *c, const char *kind,
                                const json_t *data, int draft);

/* Called for each amending document held by an approval threshold and stored as a
 * draft: its kind, total and currency (decimal text, borrowed for the call) and which
 * limit it is above, as a phrase ("above --hold-amend-above 1000.00"). */
typedef void (*ldg_bill_held_cb)(void *ctx, const ldg_contract_ref *c, ldg_period p,
                                 const char *kind, const char *total,
                                 const char *currency, const char *why);

/*
 * What a run of batches carries from one batch to the next. Whether any site was over
 * capacity in a period, learnt once per period instead of once per contract (see
 * ldg_recon_blocking_take); and the last batch's work (its contracts, ratings and
 * documents), freed by the next batch while the server inserts that one's documents,
 * instead of with the server idle between batches (5 % of billing 1,000 tenants).
 * Zero-initialise; end the run with ldg_bill_memo_end.
 */
typedef struct ldg_bill_memo {
    size_t n;
    struct {
        ldg_time period_start;
        int over_capacity;
    } periods[64];
    struct bill_batch *spent;
} ldg_bill_memo;

/* Frees what the run's last batch left in m (none: nothing). */
void ldg_bill_memo_end(ldg_bill_memo *m);

/*
 * The most periods billed in one transaction (ldg_bill_batch). Each phase of a batch
 * costs a round trip and a statement or two whatever its size, so larger batches cost
 * less per period (issue 13: 32 -> 128 took 15 % off billing 1,000 tenants); each holds
 * its tenants' log heads until it commits, which an ingest of those tenants waits for.
 */
#define LDG_BILL_BATCH_MAX 128

typedef struct ldg_bill_opts {
    ldg_time as_of;           /* issue instant; the period must have ended by then */
    const ldg_signer *signer; /* seals unsealed usage first; NULL: unsealed is an error */
    int dry_run;              /* rate and show, write nothing */
    ldg_bill_doc_cb on_doc;
    void *ctx;
    ldg_bill_memo *memo; /* may be NULL: every contract runs the full check */
    int batch;           /* periods per transaction, 1..LDG_BILL_BATCH_MAX; 0: the most */
    int hold;            /* store drafts instead of issuing (as "approval": "required") */
    /* not NULL: issue only the document of this pending draft, if the period's rating
     * still gives it, naming the approver (ldg_draft_approve) */
    ldg_draft_approval *approve;
    /* the run's approval thresholds for amending documents (has_* false: none); the
     * contract's "amend_approval" holds as well */
    ldg_amend_threshold amend_hold;
    ldg_bill_held_cb on_held; /* may be NULL */
} ldg_bill_opts;

/*
 * Bills contract c for period p. *outcome says what happened; held findings are not
 * an error (LDG_OK, LDG_BILL_HELD). Documents that wait for a person (the contract's
 * "approval": "required", opts->hold, or a pending draft of the period) are stored as
 * drafts instead of issued (LDG_BILL_DRAFTED; see draft_store.h). LDG_EINVAL when p has
 * not ended by as_of or the contract does not cover p; LDG_ECONFLICT for unsealed usage
 * without a signer.
 */
ldg_code ldg_bill_contract(ldg_bill_outcome *outcome, ldg_store *st,
                           const ldg_contract_ref *c, ldg_period p,
                           const ldg_bill_opts *opts, ldg_error *err);

/* One contract's period for ldg_bill_batch. */
typedef struct ldg_bill_item {
    const ldg_contract_ref *c;
    ldg_period p;
    int skip;                 /* the caller's: not billed (outcome 0) */
    ldg_bill_outcome outcome; /* set once it is settled */
} ldg_bill_item;

/*
 * Bills items from the first, as ldg_bill_contract would one by one and with the same
 * outcomes and errors, but several periods of different tenants in one transaction,
 * each phase's reads of all of them sent together: *settled receives how many leading
 * items were settled (outcome set, opts->on_doc told of their documents; at least one
 * on LDG_OK), and the caller calls again from there. On failure items[*settled] is the
 * period that failed, err why; the ones before it are committed (a failure of the
 * server or of the connection, LDG_EDB or LDG_ERETRY, is returned as it is, with none
 * settled: the batch's transaction is undone whole). A period to amend, or
 * whose usage needs sealing first, is billed in a transaction of its own; so is every
 * approval.
 */
ldg_code ldg_bill_batch(size_t *settled, ldg_store *st, ldg_bill_item *items, size_t n,
                        const ldg_bill_opts *opts, ldg_error *err);

#endif
