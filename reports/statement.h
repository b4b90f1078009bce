/*
 * The views of a tenant's receivables (docs/receivables.md "Statements", "Aging"):
 * the statement of one tenant over a window of days, as text, JSON or PDF, and the
 * helpers the aging report and `invoice list` share: money in a currency's digits and
 * one replay per tenant of a loaded log (ledger/store/receivable_store.h).
 *
 * Statement JSON (pinned by issue 9; amounts are decimal strings in the currency's
 * minor unit, dates "YYYY-MM-DD"):
 *   {"tenant", "from", "to",
 *    "balances": [{"currency", "opening", "closing"}],          by currency code
 *    "items": [{"date", "kind", "id", "currency", "amount", "due", "open", "status",
 *               "reference", "allocations": [{"from", "to", "amount"}]}]}
 * items are the documents and payments dated in [from, to], in log order. kind is
 * invoice, supplement, credit_note or payment. amount is what the item adds to the
 * balance (a payment's is negative), so per currency opening + the items' amounts =
 * closing. due and status are null for a payment, reference null for a document;
 * open is what the item still adds as of `to` (ldg_receivable_open). allocations are
 * every allocation from or to the item, by number or payment id, as of `to`.
 */
#ifndef LEASELEDGER_REPORTS_STATEMENT_H
#define LEASELEDGER_REPORTS_STATEMENT_H

#include "ledger/error.h"
#include "ledger/fixed.h"
#include "ledger/receivable.h"
#include "ledger/store/receivable_store.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* micros in the currency's minor digits ("-12.50"), or with 6 decimals when it is not
 * a whole number of minor units or the currency is unknown. Returns buf. */
char *rpt_money(char buf[LDG_FIXED_BUFLEN], int64_t micros, const char *currency);

/* Called once per tenant of a log with that tenant's replay: the tenant's items are
 * log->items[first .. first + the replay's item count). */
typedef ldg_code (*rpt_tenant_fn)(void *ctx, const ldg_receivable_log *log, size_t first,
                                  const ldg_receivable *r, ldg_error *err);

/* Replays every tenant of log as of day and calls fn for each, in log order. Stops at
 * the first error (a replay error names the tenant). */
ldg_code rpt_receivable_each(const ldg_receivable_log *log, int64_t day, rpt_tenant_fn fn,
                             void *ctx, ldg_error *err);

/* A document's standing as of a day, for `invoice list`. */
typedef struct rpt_doc_state {
    bool counted;    /* issued on or before the day; else only due_day is set */
    int64_t due_day; /* receivable.h day */
    int64_t paid;    /* micros allocated to it from payments (credit on account from a
                        payment included) */
    int64_t open;    /* ldg_receivable_open */
    ldg_receivable_status status;
    const char *currency;
} rpt_doc_state;

typedef struct rpt_doc_states rpt_doc_states;

/* The states of every document of log as of day. LDG_EINVAL (a tenant's log does not
 * replay), LDG_ENOMEM. Free *out with rpt_doc_states_free(); it borrows log. */
ldg_code rpt_doc_states_new(rpt_doc_states **out, const ldg_receivable_log *log,
                            int64_t day, ldg_error *err);

/* The state of tenant's document number, or NULL (not in the log: an amending
 * document of total 0). O(log n). */
const rpt_doc_state *rpt_doc_states_find(const rpt_doc_states *s, const char *tenant,
                                         const char *number);
void rpt_doc_states_free(rpt_doc_states *s);

typedef enum rpt_statement_format {
    RPT_STATEMENT_TEXT = 0,
    RPT_STATEMENT_JSON,
    RPT_STATEMENT_PDF,
} rpt_statement_format;

/*
 * Writes the statement of tenant (whose items are log, one tenant's) for the days
 * [from_day, to_day]: text or JSON to out, or a PDF file at path (out unused; a
 * half-written file is removed). LDG_EINVAL (from after to, or the log does not
 * replay), LDG_EIO, LDG_ENOMEM.
 */
ldg_code rpt_statement_write(FILE *out, const char *path, rpt_statement_format fmt,
                             const char *tenant, const ldg_receivable_log *log,
                             int64_t from_day, int64_t to_day, ldg_error *err);

#endif
