/*
 * Rating: a contract, a billing period and usage in; an invoice draft (lines and
 * total) out. Pure: no I/O, no database. The nightly batch feeds it hourly sums read
 * from PostgreSQL, the offline verifier feeds it the raw records of an evidence
 * bundle, and both get the same lines, to the micro-unit, because of the split rule.
 *
 * THE SPLIT RULE. The part of a usage record [s, e) with quantity q that falls before
 * an instant x, s < x < e, is
 *
 *     F(x) = trunc(q * (x - s) / (e - s))        (toward zero, exact in 128 bits)
 *
 * and the rest, q - F(x), goes to the later piece. To cut one record at several
 * instants x1 < x2 < ..., the piece [xi, xj) is F(xj) - F(xi) with F computed on the
 * ORIGINAL record every time (F(s) = 0, F(e) = q); never re-split a remainder. The
 * pieces then sum exactly to q, and cutting a record at every clock hour and summing
 * the hours of a window gives exactly the piece of that window (the sums telescope).
 * Contract instants are whole hours (contract.h) and periods are calendar months, so
 * every window boundary is a clock hour, an hourly rollup lies wholly inside one
 * window, and rating hourly rollups built with ldg_rate_split() equals rating the raw
 * records. Rounding of the corrections: a correction is a record of its own and is
 * split by the same rule with its own (possibly negative) quantity.
 *
 * THE ROUNDING RULE. Every product is exact in 128 bits and rounded once, per line, to
 * the currency's minor unit, half away from zero. The draft total is the sum of the
 * rounded lines. Overflow anywhere is LDG_ERANGE, never a wrap.
 *
 * Rules per stream (DESIGN.md "Billing rules"; docs/billing.md works an example):
 * the period P is cut into windows at the contract's start and end, every amendment's
 * effective instant and every escalation instant; only windows inside the term are
 * billed. Per class c and window w, R_c(w) = reserved x h_w.
 *   gpu_reserved    R_c(w) x rate(w); kept with no usage (take-or-pay); none when
 *                   reserved is 0.
 *   gpu_overage     max(0, U_c(w) - R_c(w)), graduated on the class's cumulative
 *                   overage in P (windows in time order), each window priced with its
 *                   own tier table; beyond a bounded last tier, overage_rate(w). One
 *                   line per class, window and rate (tier segments at equal rates are
 *                   merged, so no two lines share a key). Zero lines omitted.
 *   energy          quantity E(w) x pue(w) rounded to 6 decimals; amount from the exact
 *                   E x pue x rate_per_mwh. Zero lines omitted.
 *   power_capacity  quantity capacity_mw x h_w / hours(P) MW-months (6 decimals);
 *                   amount from the exact capacity_mw x rate x h_w / hours(P).
 *   sla_credit      per class over P: availability 100 x (1 - D_c / R_c), D_c the
 *                   downtime clamped to 0..R_c; the credit band is the lowest band whose
 *                   `below` the availability is strictly under, from the SLA in force in
 *                   the last billed window; quantity S = sum_w R_c(w) x rate(w) in the
 *                   currency (6 decimals), rate -percent/100, amount -percent/100 x S
 *                   exactly, rounded once. With "cap_percent" C in that SLA (measure
 *                   "class"), percent is min(band percent, C): the credit is at most C %
 *                   of S, the class's reserved charges of P. None when R_c = 0, no band
 *                   applies or the percent is 0.
 * commitment_true_up  max(0, sum_w minimum_monthly(w) x h_w / hours(P) -
 * the rounded gpu_reserved, gpu_overage, energy and power_capacity lines), rounded once;
 * quantity 1, rate = amount, unit = currency. Line order: stream as listed, then class
 * (H100, H200, GB200, then any other class in byte order of its name: gpu_class.h; none),
 * then window start, then tier.
 */
#ifndef LEASELEDGER_RATE_H
#define LEASELEDGER_RATE_H

#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/fixed.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The split rule above: *before = F(x) for the record [s, e) of quantity q; s < e.
 * x <= s gives 0 and x >= e gives q, so F can be evaluated at any instant.
 * |*before| <= |q| always; nothing can overflow.
 */
void ldg_rate_split(int64_t *before, int64_t q, ldg_time s, ldg_time e, ldg_time x);

typedef enum ldg_usage_kind {
    LDG_USAGE_GPU = 0, /* GPU-hours delivered, micro-GPU-hours */
    LDG_USAGE_ENERGY,  /* IT energy metered, micro-MWh, class LDG_GPU_NONE */
    LDG_USAGE_DOWNTIME /* reserved GPU-hours unavailable, micro-GPU-hours */
} ldg_usage_kind;

/*
 * One usage item: a raw record (which may cross hours and windows), a correction
 * (negative qty allowed), or a sum over an interval that crosses no window boundary
 * (an hourly rollup). A sum over a longer interval would be split pro rata, which is
 * not what its records say: do not pass one.
 */
typedef struct ldg_usage {
    ldg_usage_kind kind;
    ldg_gpu_class cls; /* LDG_GPU_NONE for energy, a class otherwise */
    ldg_time start, end;
    int64_t qty_micros;
} ldg_usage;

/*
 * The one conversion each way between a stored record's numbers (entry.h, as in
 * ledger.usage.kind and .class) and a rating item's kind and class. ldg_rate_usage_of
 * sets u->kind and u->cls and returns 1, or returns 0 with u unchanged when kind is no
 * kind rating counts (maintenance is never rated: callers skip it); the class converts by
 * ldg_class_to_gpu (ldg_rate_add refuses one that does not fit the kind).
 * ldg_rate_kind_stored gives 0 for a value that is no kind.
 */
int ldg_rate_usage_of(ldg_usage *u, int kind, int cls);
int ldg_rate_kind_stored(ldg_usage_kind kind);

typedef enum ldg_stream {
    LDG_STREAM_GPU_RESERVED = 0,
    LDG_STREAM_GPU_OVERAGE,
    LDG_STREAM_ENERGY,
    LDG_STREAM_POWER_CAPACITY,
    LDG_STREAM_SLA_CREDIT,
    LDG_STREAM_COMMITMENT_TRUE_UP,
} ldg_stream;

#define LDG_STREAM_COUNT 6
#define LDG_UNIT_BUFLEN  12

/* The credit percent of an SLA band as rated: the band's, capped at the SLA's
 * cap_percent when it states one (sla_credit above). */
int64_t ldg_rate_sla_percent(const ldg_sla_terms *sla, const ldg_sla_band *band);

/* "gpu_reserved", ...; NULL for an unknown value. Static string. */
const char *ldg_rate_stream_name(ldg_stream s);
/* Exact name to stream; LDG_EINVAL otherwise. */
ldg_code ldg_rate_stream_parse(ldg_stream *out, const char *name, ldg_error *err);

/* One invoice line: one quantity, one unit, one rate, one rounded amount. */
typedef struct ldg_line {
    ldg_stream stream;
    ldg_gpu_class cls; /* LDG_GPU_NONE for energy, power_capacity, true-up */
    ldg_time from, to; /* the window, or the billed part of P (sla, true-up) */
    int64_t qty_micros;
    char unit[LDG_UNIT_BUFLEN]; /* "gpu_hour", "mwh", "mw_month" or the currency */
    int64_t rate_micros;
    int64_t amount_micros; /* a multiple of the currency's minor unit */
} ldg_line;

/* A rated period or a difference of periods: lines and their total. */
typedef struct ldg_draft ldg_draft;

/*
 * An empty draft for contract_id, currency (supported, see contract.h) and period;
 * used to build difference drafts (invoice.h). Strings are copied. On LDG_OK free
 * *out with ldg_rate_draft_free(). LDG_EINVAL (currency), LDG_ENOMEM.
 */
ldg_code ldg_rate_draft_new(ldg_draft **out, const char *contract_id,
                            const char *currency, ldg_period period, ldg_error *err);

/* Appends a copy of line and adds its amount to the total. LDG_ERANGE, LDG_ENOMEM. */
ldg_code ldg_rate_draft_add_line(ldg_draft *d, const ldg_line *line, ldg_error *err);

void ldg_rate_draft_free(ldg_draft *d);

/* Accessors; strings and lines borrowed until d is freed or changed. */
const char *ldg_rate_draft_contract(const ldg_draft *d);
const char *ldg_rate_draft_currency(const ldg_draft *d);
int ldg_rate_draft_currency_digits(const ldg_draft *d);
ldg_period ldg_rate_draft_period(const ldg_draft *d);
size_t ldg_rate_draft_line_count(const ldg_draft *d);
const ldg_line *ldg_rate_draft_line(const ldg_draft *d, size_t i);
int64_t ldg_rate_draft_total(const ldg_draft *d);
/* The billed part of P, [from, to); both 0 in a draft not made by rating. */
ldg_time ldg_rate_draft_covered_from(const ldg_draft *d);
ldg_time ldg_rate_draft_covered_to(const ldg_draft *d);

/* One window of a period: [from, to) in whole hours, with the terms in force. */
typedef struct ldg_rate_window {
    ldg_time from, to;
    int64_t hours;
    ldg_terms terms; /* ldg_contract_terms_at(from): constant inside the window */
} ldg_rate_window;

/*
 * The windows of the billed part of period p for contract c, as rating cuts them: p
 * clipped to the contract's term and cut at every amendment's effective instant and
 * every escalation instant (ldg_contract_boundaries), in time order. Explaining
 * narrates these very windows. On LDG_OK *out holds *n >= 1 windows; free it with
 * free(). LDG_EINVAL when c covers no hour of p; LDG_ERANGE; LDG_ENOMEM.
 */
ldg_code ldg_rate_windows(ldg_rate_window **out, size_t *n, const ldg_contract *c,
                          ldg_period p, ldg_error *err);

/* R_c(w) = reserved x h_w of class k in micro-GPU-hours; 0 where the class has no
 * terms. LDG_ERANGE when it does not fit int64. */
ldg_code ldg_rate_reserved(int64_t *out, const ldg_rate_window *w, int k, ldg_error *err);

/* A piece of a window's overage priced at one rate: [lo, hi) of the class's
 * cumulative overage in P; tier indexes the window's tier table, -1 for overage_rate. */
typedef struct ldg_rate_segment {
    int tier;
    int64_t rate_micros;
    ldg_i128 lo, hi;
} ldg_rate_segment;

#define LDG_RATE_MAX_SEGMENTS (LDG_CONTRACT_MAX_TIERS + 1)

/*
 * The tier walk of gpu_overage: the overage [cum, cum + over) of a window whose class
 * terms are g, cut at each tier's up_to, then beyond a bounded last tier (or with no
 * tiers) at g's overage_rate. Pieces in tier order, empty ones left out; returns their
 * number. over > 0, cum >= 0.
 */
size_t ldg_rate_segments(ldg_rate_segment seg[LDG_RATE_MAX_SEGMENTS],
                         const ldg_gpu_terms *g, ldg_i128 cum, ldg_i128 over);

/*
 * A rating in progress: the windows of P and per-window sums of usage. Memory is
 * O(windows), whatever the number of items, so the verifier can stream millions of
 * raw records through it.
 */
typedef struct ldg_rating ldg_rating;

/*
 * Starts rating contract c for period p. c is borrowed and must outlive the rating.
 * LDG_EINVAL when the contract covers no hour of p; LDG_ERANGE; LDG_ENOMEM. On LDG_OK
 * free *out with ldg_rate_free().
 */
ldg_code ldg_rate_new(ldg_rating **out, const ldg_contract *c, ldg_period p,
                      ldg_error *err);

/*
 * Adds one usage item, cut at the window boundaries by the split rule; the parts
 * outside the billed part of P (outside P, or outside the contract's term: a record
 * crossing the term's start or end bills only its part inside) are dropped. Order of
 * items does not matter (sums are exact). LDG_EINVAL when end <= start, the kind or
 * class is wrong, the item lies wholly outside the contract's term, or it does not
 * overlap the billed part of P; r is then unchanged.
 */
ldg_code ldg_rate_add(ldg_rating *r, const ldg_usage *u, ldg_error *err);

/*
 * Downtime the SLA does not count (it counts only against reserved hours, that is in
 * windows where the class has terms). *qty receives the sum of the pieces (split rule)
 * of downtime item u that fall in windows of r where u's class has no terms, and
 * [*from, *to) the part of u they span: from the start of the first such piece to the
 * end of the last. *qty = 0 and *from = *to = 0 when there is none. Parts of u outside
 * the billed part of P are not counted here. r is unchanged. LDG_EINVAL unless u is a
 * downtime item with a class and end > start.
 */
ldg_code ldg_rate_ignored_downtime(int64_t *qty, ldg_time *from, ldg_time *to,
                                   const ldg_rating *r, const ldg_usage *u,
                                   ldg_error *err);

/* Whether the items added so far put downtime of some class in a window where that
 * class has no terms (a non-zero sum): the cheap test before looking for the records. */
int ldg_rate_has_ignored_downtime(const ldg_rating *r);

/*
 * Prices the sums into a draft (lines in the order above, total = sum of lines). r is
 * unchanged, so calling again gives the same draft. LDG_EINVAL when GPU or energy usage
 * falls in a window whose terms have no price for it; LDG_ERANGE on overflow. On LDG_OK
 * free *out with ldg_rate_draft_free().
 */
ldg_code ldg_rate_finish(ldg_draft **out, const ldg_rating *r, ldg_error *err);

void ldg_rate_free(ldg_rating *r);

/* Convenience: new, add every item, finish. */
ldg_code ldg_rate_period(ldg_draft **out, const ldg_contract *c, ldg_period p,
                         const ldg_usage *items, size_t n, ldg_error *err);

#endif
