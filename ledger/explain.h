/*
 * Explaining an invoice line: why each line of an issued document is what it is.
 *
 * Given a contract, a period, the windows of that period (the rater's own,
 * ldg_rate_windows(): cut at the contract's start and end, every amendment and every
 * escalation instant) and, per window, the sums of the usage the document was rated
 * from (with how they were summed: records, meters, hours, first and last seq), this
 * module says for each line: the terms in force and the contract log entries (seq)
 * that set them, the window, the reserved and used quantities, the rate (and its
 * escalation steps), the exact 128-bit product as an exact decimal string and the one
 * rounding applied, e.g.
 *   50400000.000000 gpu_hour × 1.850000 USD = 93240000.000000000000 → 93240000.00
 *   (half away from zero to 0.01)
 * and it re-rates the period from those very sums with the operator's rating code
 * (rate.h) to state whether the line is reproduced. For a supplementary invoice or a
 * credit note it explains the re-rated line and the difference against the earlier
 * documents of the period, key by key (invoice.h).
 *
 * Design: the sums are the caller's (the store reads ledger.usage for seq < the
 * document's rated_from size; a test passes numbers). Each window's sum is fed to the
 * rater as one item spanning the window, which is exact because a sum over an interval
 * that crosses no window boundary rates like the records it sums (rate.h). The rules
 * themselves (windows, R_c(w), the tier walk, the rounding) are the rater's exported
 * functions, so explaining narrates them rather than restating them; the re-rating
 * check still names any line where the narration and the rater disagree.
 *
 * Output is a Jansson object (see ldg_explain_document) whose lines carry both
 * structured fields and an "explanation" array of sentences; ldg_explain_text renders
 * those sentences. Pure: no I/O, no database, no clock.
 */
#ifndef LEASELEDGER_EXPLAIN_H
#define LEASELEDGER_EXPLAIN_H

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/fixed.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The usage of one kind and class inside one window, as read from the log.
 * qty_micros is the split-rule sum (rate.h): records lying inside the window count
 * whole, records crossing an edge count by their piece inside.
 */
typedef struct ldg_explain_sum {
    int64_t qty_micros;  /* micro-GPU-hours or micro-MWh */
    int64_t records;     /* records overlapping the window, corrections included */
    int64_t corrections; /* of which corrections (negative deltas allowed) */
    int64_t split;       /* of which cross an edge of the window (split pro rata) */
    int64_t meters;      /* distinct meters */
    int64_t hours;       /* distinct clock hours of the window in which a record starts */
    int64_t first_seq;   /* lowest seq; -1 when records is 0 */
    int64_t last_seq;    /* highest seq; -1 when records is 0 */
} ldg_explain_sum;

typedef struct ldg_explain ldg_explain;

/*
 * Prepares the explanation of contract c for period p: the windows of the billed part
 * of p and the terms in force in each. c is borrowed and must outlive *out. Every
 * entry seq starts unknown (-1) and every sum empty. LDG_EINVAL when c covers no hour
 * of p, LDG_ERANGE, LDG_ENOMEM. On LDG_OK free *out with ldg_explain_free().
 */
ldg_code ldg_explain_new(ldg_explain **out, const ldg_contract *c, ldg_period p,
                         ldg_error *err);

/* Frees; NULL is fine. */
void ldg_explain_free(ldg_explain *ex);

/* The windows, in time order: [*from, *to) of window i < ldg_explain_window_count. */
size_t ldg_explain_window_count(const ldg_explain *ex);
void ldg_explain_window(const ldg_explain *ex, size_t i, ldg_time *from, ldg_time *to);

/*
 * The log seq of the contract's documents: doc 0 is the base contract, doc i + 1 the
 * amendment ldg_contract_amendment(c, i) (effective order). LDG_EINVAL when doc is out
 * of range or seq negative.
 */
ldg_code ldg_explain_set_entry_seq(ldg_explain *ex, size_t doc, int64_t seq,
                                   ldg_error *err);

/* The 15-minute energy sums demand lines are explained and re-rated from (demand.h),
 * borrowed until ex is freed; NULL: none. */
struct ldg_demand_usage;
void ldg_explain_set_demand(ldg_explain *ex, const struct ldg_demand_usage *du);

/*
 * Records the sum of kind and class (LDG_GPU_NONE for energy, a class otherwise) in
 * window i, replacing any earlier one. LDG_EINVAL for a window out of range, a wrong
 * class for the kind, negative counts, or first/last seq inconsistent with records.
 */
ldg_code ldg_explain_set_sum(ldg_explain *ex, size_t window, ldg_usage_kind kind,
                             ldg_gpu_class cls, const ldg_explain_sum *sum,
                             ldg_error *err);

/*
 * Explains doc (an issued invoice, supplementary invoice or credit note of ex's
 * contract and period, whose usage sums were set above). earlier[0..n) are the
 * documents of the same contract and period issued before doc (only used when doc
 * amends one: the original and the amendments before it, any order). line is 0 for
 * every line, else the 1-based line to explain.
 *
 * *out: {"number", "kind", "contract", "tenant", "site", "period", "currency",
 *        "amends" (string or null), "rated_from": {"size", "root"},
 *        "covered": {"from", "to", "hours"}, "period_hours",
 *        "contract_entries": [{"seq", "role" ("contract"|"amendment"), "effective"}],
 *        "earlier": [{"number", "kind"}] (amending documents only),
 *        "ignored_downtime": [{"class", "from", "to", "quantity", "records",
 *                              "first_seq", "last_seq"}] (only when some window has
 *                              downtime of a class without terms there: rating ignores
 *                              it; the summary says so in a sentence per window),
 *        "lines": [{"line", "stream", "class", "from", "to", "quantity", "unit",
 *                   "rate", "amount", "windows": [...], "terms": [...],
 *                   "computation": {...}, "product": {"expression", "exact",
 *                   "rounded", "rounding"}, "rerated": {...} or null,
 *                   "difference": {...} (amending documents), "matches",
 *                   "explanation": [sentences]}],
 *        "total", "rerated_total", "matches", "summary": [sentences]}
 * Decimals are strings (6 decimals for quantities and rates, the currency's digits for
 * amounts, 12/18 decimals for exact products); seqs are integers. "matches" is true
 * when re-rating the sums reproduces the line exactly (for an amending document: the
 * re-rated line minus what earlier documents issued under its key).
 *
 * LDG_EINVAL when doc is of another contract, period or currency, or line is beyond
 * the document; the rater's errors (LDG_EINVAL for usage the terms cannot price,
 * LDG_ERANGE); LDG_ENOMEM. On LDG_OK release *out with json_decref().
 */
ldg_code ldg_explain_document(json_t **out, const ldg_explain *ex, const ldg_invoice *doc,
                              const ldg_invoice *const *earlier, size_t n, size_t line,
                              ldg_error *err);

/*
 * Appends the readable text of an explanation made by ldg_explain_document: its
 * summary, then per line a heading and its sentences, indented. LDG_EINVAL when
 * explanation does not have that shape, LDG_ENOMEM.
 */
ldg_code ldg_explain_text(ldg_buf *out, const json_t *explanation, ldg_error *err);

/*
 * Writes v, a multiple of 10^-scale (0 <= scale <= 36), as an exact decimal with
 * exactly scale digits after the point (none when scale is 0): (93240000000000000000,
 * 12) -> "93240000.000000000000". buf must hold LDG_EXPLAIN_DECBUF bytes. Returns buf.
 */
#define LDG_EXPLAIN_DECBUF 80
char *ldg_explain_decimal(char *buf, ldg_i128 v, int scale);

#endif
