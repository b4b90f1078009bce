/*
 * Drafts: documents that wait for a person (docs/receivables.md "Approval").
 *
 * With "approval": "required" in a contract, or a run with --hold, billing stores each
 * document it would issue as a draft in ledger.invoice_draft (migrations/0009): the
 * rated document without number, issue instant or basis, and the checkpoint it was
 * rated from. A draft is not a log entry and is not signed; it is a proposal. The
 * decisions are entries: approving issues the document through billing (number, an
 * invoice entry whose "approved_by" names the approver) and appends a "draft_decision"
 * entry; rejecting appends a "draft_decision" entry alone. `verify` compares each
 * decided row with its entry (ledger/store/verify.c, check_indexes).
 *
 * States: pending -> approved | rejected | replaced. A pending draft blocks issuing for
 * its contract and period: the batch neither issues around it nor drafts it again
 * while the period has no usage newer than the draft's rating. When usage arrives, the
 * batch rates again and stores a new pending draft; the old one becomes "replaced".
 * Approval rates the period again inside the issuing transaction and refuses (with
 * the line differences) when the period gained usage after the draft was rated, or
 * when the rating no longer gives the draft's lines.
 *
 * Draft ids are "D<n>", n counting per tenant from 1 (no sequence shared across
 * tenants, DESIGN.md "Scale"); an id held by several tenants needs the tenant.
 *
 * The data of a draft_decision entry: {"draft", "contract", "period", "kind",
 * "amends" (string or null), "total", "rated_from": {"size", "root"}, "decision"
 * ("approved" or "rejected"), "by", "note" (string or null; the reason of a
 * rejection), "number" (the invoice issued, or null), "decided" (RFC 3339)}.
 *
 * Dropped: updating a stale draft in place (same id, new figures). An approval names
 * what a person saw; a new id for new figures keeps "approve D7" meaning one document.
 */
#ifndef LEASELEDGER_DRAFT_STORE_H
#define LEASELEDGER_DRAFT_STORE_H

#include "ledger/buf.h"
#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store/registry.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdint.h>

/* Limits on what a person types: --by and --note/--reason, in bytes. */
#define LDG_DRAFT_BY_MAX   200
#define LDG_DRAFT_NOTE_MAX 2000

/* What the drafts of one contract and period say, for billing. */
typedef struct ldg_draft_gate {
    int pending;  /* some draft of it is pending */
    int rejected; /* none pending, and the latest draft was rejected */
    int64_t
        rated_size; /* the log size the pending (else rejected) one was rated at; -1 */
} ldg_draft_gate;

/* An approval under way (ldg_draft_approve); billing fills the loaded and out parts. */
typedef struct ldg_draft_approval {
    int64_t draft_no;
    const char *by, *note;
    /* loaded from the draft, under its row lock */
    char kind[16];
    char amends[96]; /* "" for an original */
    int64_t rated_size;
    json_t *doc; /* the draft's document */
    /* out */
    char number[96]; /* the invoice issued */
    int issued;
    ldg_buf diff; /* the line differences when the draft no longer matches */
} ldg_draft_approval;

/* Reads the gates of n contracts' periods (tenant_ids[i], contract_ids[i], periods[i]) in
 * billing's transaction, in one statement, in two steps (store.h, ldg_store_send):
 * billing sends it with its other reads of a batch, takes the answer (ldg_store_take)
 * and reads the i-th's gate from it (ldg_draft_gate_of). */
ldg_code ldg_draft_gate_send(ldg_store_ticket *ticket, ldg_store *st,
                             const int32_t *tenant_ids, const char *const *contract_ids,
                             const ldg_period *periods, size_t n, ldg_error *err);
void ldg_draft_gate_of(ldg_draft_gate *out, const PGresult *res, size_t i);

/*
 * Locks a's draft (FOR UPDATE) and loads it into a, resetting its out part; the gate
 * gets the draft's rating. LDG_ENOTFOUND; LDG_ECONFLICT when it is not pending.
 */
ldg_code ldg_draft_lock(ldg_draft_gate *gate, ldg_store *st, int32_t tenant_id,
                        ldg_draft_approval *a, ldg_error *err);

/*
 * Stores a pending draft of c's period: doc is the document as it would be issued,
 * without "number", "issued" and "basis"; rated_size and rated_root the checkpoint it
 * was rated from. Pending drafts of the same contract and period rated from an older
 * checkpoint become "replaced" at instant at.
 */
ldg_code ldg_draft_put(ldg_store *st, const ldg_contract_ref *c, ldg_period p,
                       const char *kind, const char *amends, const json_t *doc,
                       int64_t rated_size, const char *rated_root, ldg_time at,
                       ldg_error *err);

/*
 * Whether doc (rated now, of kind and amends) is the document a approves: *same = 0
 * when kind or amends differ (not this draft's document). Of the same kind, refuses
 * with LDG_ECONFLICT when stale (the period gained usage after the draft was rated) or
 * when the lines differ, with the differences in a->diff.
 */
ldg_code ldg_draft_match(int *same, ldg_draft_approval *a, const char *kind,
                         const char *amends, const json_t *doc, int stale,
                         ldg_error *err);

/* Records a's approval after its document was issued as number: the draft_decision
 * entry in c's tenant's log and the row's new state. */
ldg_code ldg_draft_approved(ldg_store *st, ldg_draft_approval *a,
                            const ldg_contract_ref *c, const char *number, ldg_time at,
                            ldg_error *err);

/*
 * Approves draft id ("D<n>") of tenant (NULL: the one tenant holding that id): issues
 * its document at as_of through billing (signer seals unsealed usage first, as bill
 * does) and logs the decision; number receives the invoice's number. LDG_ENOTFOUND;
 * LDG_EINVAL for a malformed id or by/note; LDG_ECONFLICT when the draft is not pending,
 * its period is held by reconciliation findings, or it no longer matches the period's
 * rating (the differences are in diff, which the caller frees with ldg_buf_cleanup).
 */
ldg_code ldg_draft_approve(char number[96], ldg_buf *diff, ldg_store *st,
                           const char *tenant, const char *id, const char *by,
                           const char *note, ldg_time as_of, const ldg_signer *signer,
                           ldg_error *err);

/* Rejects a pending draft: a draft_decision entry with the reason, in one transaction.
 * LDG_ENOTFOUND, LDG_EINVAL (id, by, reason), LDG_ECONFLICT (not pending). */
ldg_code ldg_draft_reject(ldg_store *st, const char *tenant, const char *id,
                          const char *by, const char *reason, ldg_time at,
                          ldg_error *err);

/* Columns of ldg_draft_list rows. */
enum {
    LDG_DRAFT_COL_ID,
    LDG_DRAFT_COL_TENANT,
    LDG_DRAFT_COL_CONTRACT,
    LDG_DRAFT_COL_PERIOD,
    LDG_DRAFT_COL_KIND,
    LDG_DRAFT_COL_AMENDS,
    LDG_DRAFT_COL_CURRENCY,
    LDG_DRAFT_COL_TOTAL,
    LDG_DRAFT_COL_STATE,
    LDG_DRAFT_COL_CREATED,
    LDG_DRAFT_COL_RATED_SIZE,
    LDG_DRAFT_COL_DECIDED_BY,
    LDG_DRAFT_COL_DECIDED_AT,
    LDG_DRAFT_COL_NOTE,
    LDG_DRAFT_COL_NUMBER,
    LDG_DRAFT_COL_DOC,
    LDG_DRAFT_NCOLS
};

/* Every draft, or tenant's, by tenant and id; cells as text ("" for none), *out one
 * block to free(). */
ldg_code ldg_draft_list(const char ***out, size_t *n, ldg_store *st, const char *tenant,
                        ldg_error *err);

#endif
