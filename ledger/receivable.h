/*
 * Receivables (DESIGN.md "Receivables", docs/receivables.md): due dates, and the
 * allocation of a tenant's payments and credit notes to its documents, with the
 * statement balances, statuses and aging that follow from it.
 *
 * Dates are UTC calendar days counted from 1970-01-01 (int64_t, named *_day).
 *
 * THE ALLOCATION RULE. A pure function of the tenant's log: its documents and payments
 * replayed in seq order, each currency on its own (no FX), only items dated on or
 * before the as-of day (a document by its issue date, a payment by its received date,
 * whenever it was imported). Amounts are exact micro-units; nothing is rounded.
 *   - A document with a positive total (an invoice or a supplementary invoice) is
 *     owed from its issue; credit on account, if any, is applied to it at once.
 *   - A credit note (or an invoice with a negative total) first reduces the open
 *     documents of its family (the original invoice and the supplementary invoices
 *     amending it) by due date, then seq; what is left goes to the other open
 *     documents of the currency, oldest due first; what is left then is credit on
 *     account.
 *   - A payment goes first to the invoice numbers its reference names, in the order
 *     they first appear, each up to its open amount; then to the open documents,
 *     oldest due first (due date, then seq); what is left is credit on account.
 *   - Credit on account is used oldest first (seq), applied to the next documents as
 *     they are issued. So credit on account and an open document never coexist in
 *     one currency.
 * A reference names a document when the document's number occurs in it, ASCII case
 * ignored, with neither a letter nor a digit just before or just after it
 * ("paid C1-2026-000001," and "INV:c1-2026-000001" name C1-2026-000001;
 * "C1-2026-0000012" does not). Only documents with an open amount, in the payment's
 * currency and issued before it (seq) can be named.
 *
 * Balances are what the tenant owes: the sum of the totals of the documents minus the
 * payments, so a credit is negative. For every currency the balance equals the sum of
 * the open amounts minus the credit on account (asserted on every replay).
 *
 * Design: one pass in seq order with, per currency, a heap of open documents keyed by
 * (due, seq) (the oldest due in O(log n)) and a queue of unapplied credits; reference
 * numbers are found by looking for the "-YYYY-NNNNNN" tail every number ends with and
 * trying the possible series before it in a hash map of the numbers seen, so a
 * payment costs O(reference length), not O(documents). Dropped: matching every
 * document's number against every reference (quadratic in a tenant's history).
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_RECEIVABLE_H
#define LEASELEDGER_RECEIVABLE_H

#include "ledger/error.h"
#include "ledger/time.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest payment terms accepted, in days. */
#define LDG_RECEIVABLE_MAX_NET_DAYS 365
/* "YYYY-MM-DD" and a NUL. */
#define LDG_RECEIVABLE_DAY_BUFLEN 11

/* The UTC calendar day of instant t (days since 1970-01-01, floor). */
int64_t ldg_receivable_day_of(ldg_time t);

/*
 * The due date of a document issued at instant issued under terms of net_days: the
 * issue instant's UTC date plus net_days (0 when the contract states no terms: due on
 * the issue date). LDG_EINVAL when net_days is outside 0..LDG_RECEIVABLE_MAX_NET_DAYS.
 */
ldg_code ldg_receivable_due(int64_t *out_day, ldg_time issued, int64_t net_days,
                            ldg_error *err);

/* "2026-12-31"; buf holds LDG_RECEIVABLE_DAY_BUFLEN bytes; day in years 1970..9999.
 * Returns buf. */
char *ldg_receivable_day_format(char *buf, int64_t day);

/* Parses "YYYY-MM-DD" strictly (years 1970..9999, real dates, nothing around it).
 * LDG_EINVAL otherwise. */
ldg_code ldg_receivable_day_parse(int64_t *out_day, const char *s, ldg_error *err);

/* Whether number is named in reference by the rule above (NULL reference: false). */
bool ldg_receivable_reference_names(const char *reference, const char *number);

typedef enum ldg_receivable_kind {
    LDG_RECEIVABLE_INVOICE = 0, /* an original invoice (amends NULL) */
    LDG_RECEIVABLE_SUPPLEMENT,  /* a supplementary invoice: total > 0 */
    LDG_RECEIVABLE_CREDIT_NOTE, /* total < 0 */
    LDG_RECEIVABLE_PAYMENT,     /* amount > 0 */
} ldg_receivable_kind;

/* One entry of the tenant's log; strings borrowed. */
typedef struct ldg_receivable_item {
    ldg_receivable_kind kind;
    int64_t seq;           /* log seq; strictly ascending over the items */
    const char *currency;  /* "USD": three capital letters */
    const char *id;        /* document number, or payment id */
    const char *amends;    /* supplement, credit note: the original's number */
    int64_t day;           /* issue date, or payment received date */
    int64_t due_day;       /* documents: the due date (ldg_receivable_due) */
    int64_t amount_micros; /* documents: the total (net + tax); payments: amount */
    const char *reference; /* payments: remittance text, or NULL */
} ldg_receivable_item;

typedef enum ldg_receivable_status {
    LDG_RECEIVABLE_OPEN = 0, /* open > 0, not past due */
    LDG_RECEIVABLE_OVERDUE,  /* open > 0 and due before the as-of day */
    LDG_RECEIVABLE_PAID,     /* open == 0 and some payment went to it (or total 0) */
    LDG_RECEIVABLE_CREDITED, /* open == 0 by credit notes alone; every credit note */
} ldg_receivable_status;

/* "open", "overdue", "paid", "credited". Static string. */
/* "invoice", "supplement", "credit_note" or "payment": statements, in print and JSON. */
const char *ldg_receivable_kind_name(ldg_receivable_kind k);
const char *ldg_receivable_status_name(ldg_receivable_status s);

/* One allocation: amount of item `from` (a payment, a credit note or an invoice with
 * a negative total) applied to document `to`; indexes into the items replayed. */
typedef struct ldg_receivable_alloc {
    size_t from;
    size_t to;
    int64_t amount_micros; /* > 0 */
} ldg_receivable_alloc;

/* One currency's account as of the replay's day, micro-units. Aging buckets hold the
 * open amounts by days past due (as-of day minus due date): current <= 0 (due today
 * is current), d1_30, d31_60, d61_90, d91_plus >= 91. credit is the credit on account
 * (<= 0). total = the buckets + credit = the balance. */
typedef struct ldg_receivable_account {
    char currency[4];
    int64_t current, d1_30, d31_60, d61_90, d91_plus;
    int64_t credit;
    int64_t total;
} ldg_receivable_account;

typedef struct ldg_receivable ldg_receivable;

/*
 * Replays items[0..n) (the tenant's log in seq order) as of as_of_day by the rule
 * above; items dated after it are left out. items is borrowed and must outlive *out.
 * LDG_EINVAL naming the item's seq when: seqs do not ascend, a currency is not three
 * capital letters, a date is outside 1970..9999, an amount has the wrong sign for its
 * kind, a due date is not 0..LDG_RECEIVABLE_MAX_NET_DAYS days after its issue date, a
 * document number is repeated (ASCII case ignored) or longer than 80 bytes, or a
 * supplement or credit note amends no earlier original invoice of its currency;
 * LDG_ERANGE; LDG_ENOMEM. On LDG_OK free *out with ldg_receivable_free().
 */
ldg_code ldg_receivable_replay(ldg_receivable **out, const ldg_receivable_item *items,
                               size_t n, int64_t as_of_day, ldg_error *err);

void ldg_receivable_free(ldg_receivable *r);

/* Whether item i is dated on or before the as-of day (left-out items have no open
 * amount, status or allocation). */
bool ldg_receivable_counted(const ldg_receivable *r, size_t i);

/* What item i still adds to its currency's balance: a document's open amount (>= 0),
 * or minus the unapplied part of a payment or credit (<= 0). 0 when not counted. */
int64_t ldg_receivable_open(const ldg_receivable *r, size_t i);

/* The status of counted document i (not a payment) as of the replay's day. */
ldg_receivable_status ldg_receivable_status_of(const ldg_receivable *r, size_t i);

/* The allocations from or to item i, in the order they were made; borrowed until r
 * is freed. */
size_t ldg_receivable_alloc_count(const ldg_receivable *r, size_t i);
const ldg_receivable_alloc *ldg_receivable_alloc_at(const ldg_receivable *r, size_t i,
                                                    size_t k);

/* The accounts, one per currency with a counted item, by currency code; borrowed. */
size_t ldg_receivable_account_count(const ldg_receivable *r);
const ldg_receivable_account *ldg_receivable_account_at(const ldg_receivable *r,
                                                        size_t k);

/*
 * A statement's opening balance: what the tenant owed in currency at the start of
 * from_day (counted items dated before it). The closing balance is the account's total;
 * the statement's items are the counted ones dated from from_day on. LDG_ERANGE.
 */
ldg_code ldg_receivable_opening(int64_t *out, const ldg_receivable *r,
                                const char *currency, int64_t from_day, ldg_error *err);

#endif
