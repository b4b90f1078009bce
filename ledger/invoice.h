/*
 * The invoice document (DESIGN.md "The invoice document"): a rated draft plus the
 * facts of issue (number, instant, what it amends, the log checkpoint it was rated
 * from), to and from JSON, and the difference between a re-rated period and what was
 * already invoiced for it.
 *
 * The JSON is the `data` of an `invoice` or `credit_note` log entry:
 *   {"number", "contract", "period", "currency", "issued", "amends" (string or null),
 *    "lines": [{"stream", "class" (string, or null for energy, power_capacity and
 *               commitment_true_up), "from", "to", "quantity", "unit", "rate",
 *               "amount"}],
 *    "total", "rated_from": {"size", "root"}[, "basis": {"count", "from", "sha256"}]}
 * Documents issued with the billing terms (issue 9) carry, after "lines":
 *    "net" (the sum of the lines), "tax": [{"category", "name", "percent", "taxable",
 *    "amount"}] (one per tax entry of the contract, [] for none), "total" (net + the
 *    tax amounts), "due" ("YYYY-MM-DD"), "bill_to" (object or null), "purchase_order"
 *    (string or null), "approved_by" (string or null). Older documents have none of
 *    these; they read as net = total, no tax, due on the issue date.
 * Every number is a decimal string in canonical form: quantity and rate with exactly 6
 * decimals, amount and total with exactly the currency's minor digits (2, or 0 for
 * JPY: "93240000"); rated_from.size is a JSON integer (a tree size, like seq).
 *
 * Supplementary invoices and credit notes. A period can rise in one stream and fall
 * in another, while DESIGN.md wants a supplementary invoice positive and a credit note
 * negative. So ldg_invoice_diff() matches lines by (stream, class, from, to, unit,
 * rate), takes per key the difference between the re-rated line and the sum of every
 * line already issued under that key (original, supplementary invoices, credit
 * notes), and issues the keys whose amount rose as one supplementary invoice (every
 * line and the total positive) and the keys whose amount fell as one credit note
 * (every line and the total negative), both naming the original invoice in "amends".
 * A key whose quantity moved but whose rounded amount did not is not issued: nothing
 * is owed either way, and the next re-rating compares against what was issued, so the
 * movement is not lost. The amount of a difference line is the difference of rounded
 * amounts, not quantity x rate rounded again, so that the amounts issued under a key
 * always sum to the re-rated amount exactly.
 *
 * Pure: no I/O, no database. Numbering and appending to the log are the store's.
 */
#ifndef LEASELEDGER_INVOICE_H
#define LEASELEDGER_INVOICE_H

#include "ledger/error.h"
#include "ledger/rate.h"
#include "ledger/tax.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The log entry kind the document travels under. */
typedef enum ldg_invoice_kind {
    LDG_INVOICE_KIND_INVOICE = 0, /* original (amends null) or supplementary */
    LDG_INVOICE_KIND_CREDIT_NOTE,
} ldg_invoice_kind;

/* "invoice", "credit_note"; NULL for an unknown value. */
const char *ldg_invoice_kind_name(ldg_invoice_kind kind);
ldg_code ldg_invoice_kind_parse(ldg_invoice_kind *out, const char *name, ldg_error *err);

/*
 * What a document was rated from (DESIGN.md "The invoice document", docs/bundle.md),
 * so that an evidence bundle can prove nothing was left out. The set is: every usage
 * entry at the contract's site, overlapping its term and the period, with seq below
 * rated_from.size; the contract's entries (base and amendments) logged before the
 * document; and, for a supplementary invoice or credit note, the original and every
 * document amending it logged before it. Documents issued before the commitment
 * existed carry none (and must keep loading and verifying as they were).
 */
typedef struct ldg_invoice_basis {
    int64_t from;  /* the first usage seq of the set; rated_from.size when it has none */
    int64_t count; /* entries in the set */
    char sha256[45]; /* base64 of SHA-256 over the set's seqs ascending, each in decimal
                      * followed by '\n' (ldg_basis_digest) */
} ldg_invoice_basis;

/* One element of a document's "tax": an entry of the contract and what it came to. */
typedef struct ldg_invoice_tax {
    ldg_tax_category category;
    const char *name;
    int64_t percent_micros; /* "7.000000" */
    int64_t taxable_micros; /* whole minor units, like amount */
    int64_t amount_micros;
} ldg_invoice_tax;

/*
 * The terms a document issued from issue 9 on carries (strings copied by
 * ldg_invoice_new()). A document without them is of the older form.
 */
typedef struct ldg_invoice_terms {
    size_t ntax; /* 0..LDG_TAX_MAX_ENTRIES */
    const ldg_invoice_tax *tax;
    int64_t due_day;            /* days since 1970-01-01 (receivable.h), >= issue day */
    const json_t *bill_to;      /* NULL: null; else ldg_contract_bill_to_parse's shape */
    const char *purchase_order; /* NULL: null */
    const char *approved_by;    /* NULL: null */
} ldg_invoice_terms;

/* The facts of issue; strings are copied by ldg_invoice_new(). */
typedef struct ldg_invoice_meta {
    ldg_invoice_kind kind;
    const char *number;             /* "<series>-<YYYY>-<NNNNNN>", NNNNNN >= 000001 */
    ldg_time issued;                /* whole seconds, UTC */
    const char *amends;             /* NULL for an original invoice, else its number */
    int64_t rated_from_size;        /* tree size of the checkpoint, 0..2^53 */
    const char *rated_from_root;    /* its root hash, standard base64 of 32 bytes */
    const ldg_invoice_basis *basis; /* NULL: a document without the commitment */
    const ldg_invoice_terms *terms; /* NULL: a document of the older form */
} ldg_invoice_meta;

typedef struct ldg_invoice ldg_invoice;

/*
 * An invoice document of draft's lines and total under meta. Checks the document
 * rules: number and amends formats; an original is kind invoice with amends NULL; a
 * supplementary invoice (kind invoice, amends set) has at least one line and every
 * line amount > 0; a credit note needs amends, at least one line and every amount
 * < 0; every line's unit fits its stream (gpu_hour, mwh, mw_month, or the currency
 * for sla_credit and commitment_true_up), class is set exactly for the GPU streams
 * and sla_credit, from < to inside the period, amounts in whole minor units, no two
 * lines share a key; with terms, whole minor units in every taxable and tax amount, a
 * tax amount of the sign of the document (never negative on an invoice, never
 * positive on a credit note), due not before the issue date, a valid bill_to.
 * LDG_EINVAL naming the rule, LDG_ENOMEM. The draft is copied. On
 * LDG_OK free *out with ldg_invoice_free().
 */
ldg_code ldg_invoice_new(ldg_invoice **out, const ldg_draft *draft,
                         const ldg_invoice_meta *meta, ldg_error *err);

void ldg_invoice_free(ldg_invoice *inv);

/*
 * The document's JSON (the log entry's data), members in DESIGN.md's order. Same
 * invoice, same bytes under any serializer that sorts keys (JCS). On LDG_OK release
 * *out with json_decref(). LDG_ENOMEM.
 */
ldg_code ldg_invoice_to_json(json_t **out, const ldg_invoice *inv, ldg_error *err);

/*
 * Parses the data of a log entry of the given kind, strictly: exactly the members
 * above, every one present (amends may be null), numbers canonical as described
 * above (the terms members all or none), net equal to the sum of the lines, total to
 * net plus the tax amounts (without terms: total to the sum of the lines), and the
 * rules of ldg_invoice_new().
 * LDG_EINVAL naming the field ("lines[2].amount"), LDG_ERANGE, LDG_ENOMEM. data is not
 * kept. On LDG_OK free *out with ldg_invoice_free().
 */
ldg_code ldg_invoice_from_json(ldg_invoice **out, const json_t *data,
                               ldg_invoice_kind kind, ldg_error *err);

/* Accessors; strings and lines borrowed until inv is freed. */
ldg_invoice_kind ldg_invoice_kind_of(const ldg_invoice *inv);
const char *ldg_invoice_number(const ldg_invoice *inv);
const char *ldg_invoice_contract(const ldg_invoice *inv);
ldg_period ldg_invoice_period(const ldg_invoice *inv);
const char *ldg_invoice_currency(const ldg_invoice *inv);
ldg_time ldg_invoice_issued(const ldg_invoice *inv);
const char *ldg_invoice_amends(const ldg_invoice *inv); /* NULL: an original */
size_t ldg_invoice_line_count(const ldg_invoice *inv);
const ldg_line *ldg_invoice_line(const ldg_invoice *inv, size_t i);
/* net + tax: what the tenant owes for the document (older form: the sum of the lines) */
int64_t ldg_invoice_total(const ldg_invoice *inv);
/* The sum of the lines. */
int64_t ldg_invoice_net(const ldg_invoice *inv);
/* The sum of the tax amounts (0 for the older form). */
int64_t ldg_invoice_tax_total(const ldg_invoice *inv);
/* The terms, borrowed; NULL for a document of the older form. */
const ldg_invoice_terms *ldg_invoice_terms_of(const ldg_invoice *inv);
/* The due date in days since 1970-01-01: terms' due, else the issue date. */
int64_t ldg_invoice_due_day(const ldg_invoice *inv);
int64_t ldg_invoice_rated_from_size(const ldg_invoice *inv);
const char *ldg_invoice_rated_from_root(const ldg_invoice *inv);
/* NULL when the document predates the commitment. */
const ldg_invoice_basis *ldg_invoice_basis_of(const ldg_invoice *inv);
/* Who approved the document's draft (docs/receivables.md "Approval"); NULL when it was
 * issued without approval. */
const char *ldg_invoice_approved_by(const ldg_invoice *inv);
/* The lines and total as a draft, borrowed. */
const ldg_draft *ldg_invoice_draft(const ldg_invoice *inv);

/*
 * The difference between rerated (the period rated again) and what was already
 * issued for it: issued[0..n) is the original invoice and every supplementary invoice
 * and credit note that amends it, in any order. *supplement receives the positive
 * differences (issue as kind invoice), *credit_note the negative ones (issue as kind
 * credit_note), each to be issued with amends = the original's number; either or both
 * are NULL when there is nothing of that sign. Both NULL: nothing changed. Lines come
 * in rerated's order, then keys that vanished, in stream, class, from, to, unit, rate
 * order. LDG_EINVAL when the documents are not one original (kind invoice, amends
 * NULL) and its amendments, or differ from rerated in contract, period or currency;
 * LDG_ERANGE; LDG_ENOMEM. On LDG_OK free the drafts with ldg_rate_draft_free().
 */
ldg_code ldg_invoice_diff(ldg_draft **supplement, ldg_draft **credit_note,
                          const ldg_draft *rerated, const ldg_invoice *const *issued,
                          size_t n, ldg_error *err);

/*
 * The basis digest, streamed: SHA-256 over the seqs, which must come strictly
 * ascending, each written in decimal and followed by a line feed; with stock tools,
 * `printf '%s\n' SEQ... | openssl dgst -sha256 -binary | base64`.
 */
typedef struct ldg_basis_digest ldg_basis_digest;

/* LDG_ENOMEM. On LDG_OK free *out with ldg_basis_digest_free(). */
ldg_code ldg_basis_digest_new(ldg_basis_digest **out, ldg_error *err);
/* LDG_EINVAL when seq is negative or not above the previous one. */
ldg_code ldg_basis_digest_add(ldg_basis_digest *d, int64_t seq, ldg_error *err);
/* Adds every seq from lo to hi (none when hi < lo), as many calls of the above. */
ldg_code ldg_basis_digest_add_range(ldg_basis_digest *d, int64_t lo, int64_t hi,
                                    ldg_error *err);
/* Sets out->count and out->sha256 (not out->from); the digest cannot be added to after.
 */
void ldg_basis_digest_finish(ldg_basis_digest *d, ldg_invoice_basis *out);
void ldg_basis_digest_free(ldg_basis_digest *d);

#endif
