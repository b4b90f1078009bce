/*
 * Rating a period of a contract into invoice lines. The rules, the split rule and the
 * rounding rule are stated in rate.h; docs/billing.md works an example by hand.
 *
 * Invariant: every usage item is reduced to exact per-window sums (128-bit, so the
 * order of items cannot change the result or overflow midway), and every line amount
 * is computed from exact integers and rounded exactly once. Nothing here reads a
 * clock, a file or a database: the same inputs give the same bytes.
 *
 * Design: a rating holds the windows of the period with the terms in force in each
 * (from ldg_contract_terms_at at the window's start; terms are constant inside a
 * window because every instant where they may change is a boundary) and the usage
 * sums. Prices are applied only in ldg_rate_finish(). Keeping per-hour sums was
 * dropped: the rules only ever need per-window and per-period sums, and per-window
 * memory keeps the verifier bounded whatever the bundle's size.
 */
#include "ledger/rate.h"

#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CUR_BUFLEN 8

static const char *const stream_names[LDG_STREAM_COUNT] = {
    "gpu_reserved",   "gpu_overage", "energy",
    "power_capacity", "sla_credit",  "commitment_true_up",
};

const char *ldg_rate_stream_name(ldg_stream s)
{
    if ((int)s < 0 || (int)s >= LDG_STREAM_COUNT)
        return NULL;
    return stream_names[s];
}

ldg_code ldg_rate_stream_parse(ldg_stream *out, const char *name, ldg_error *err)
{
    int i;

    assert(out && name);
    for (i = 0; i < LDG_STREAM_COUNT; i++) {
        if (strcmp(name, stream_names[i]) == 0) {
            *out = (ldg_stream)i;
            return LDG_OK;
        }
    }
    return ldg_error_set(err, LDG_EINVAL, "unknown stream \"%.32s\"", name);
}

void ldg_rate_split(int64_t *before, int64_t q, ldg_time s, ldg_time e, ldg_time x)
{
    assert(before && e > s);
    if (x <= s) {
        *before = 0;
        return;
    }
    if (x >= e) {
        *before = q;
        return;
    }
    /* C division truncates toward zero: the remainder goes to the later piece. */
    *before = (int64_t)((ldg_i128)q * (x - s) / (e - s));
}

/* ---- drafts ------------------------------------------------------------------------ */

struct ldg_draft {
    char *contract;
    char currency[CUR_BUFLEN];
    int digits;
    ldg_period period;
    ldg_line *lines;
    size_t n, cap;
    int64_t total;
    ldg_time covered_from, covered_to;
};

ldg_code ldg_rate_draft_new(ldg_draft **out, const char *contract_id,
                            const char *currency, ldg_period period, ldg_error *err)
{
    int digits = ldg_contract_currency_digits(currency);
    ldg_draft *d;
    size_t len;

    assert(out && contract_id);
    *out = NULL;
    if (digits < 0)
        return ldg_error_set(err, LDG_EINVAL, "currency \"%.16s\" not supported",
                             currency ? currency : "");
    if (!(d = calloc(1, sizeof(*d))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    len = strlen(contract_id);
    if (!(d->contract = malloc(len + 1))) {
        free(d);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    memcpy(d->contract, contract_id, len + 1);
    snprintf(d->currency, sizeof(d->currency), "%s", currency);
    d->digits = digits;
    d->period = period;
    *out = d;
    return LDG_OK;
}

ldg_code ldg_rate_draft_add_line(ldg_draft *d, const ldg_line *line, ldg_error *err)
{
    int64_t total = 0;
    ldg_code rc;

    assert(d && line);
    if ((rc = ldg_fixed_add(&total, d->total, line->amount_micros, err)) != LDG_OK)
        return rc;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        ldg_line *p = realloc(d->lines, cap * sizeof(*p));

        if (!p)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        d->lines = p;
        d->cap = cap;
    }
    d->lines[d->n++] = *line;
    d->total = total;
    return LDG_OK;
}

void ldg_rate_draft_free(ldg_draft *d)
{
    if (!d)
        return;
    free(d->contract);
    free(d->lines);
    free(d);
}

const char *ldg_rate_draft_contract(const ldg_draft *d)
{
    return d->contract;
}

const char *ldg_rate_draft_currency(const ldg_draft *d)
{
    return d->currency;
}

int ldg_rate_draft_currency_digits(const ldg_draft *d)
{
    return d->digits;
}

ldg_period ldg_rate_draft_period(const ldg_draft *d)
{
    return d->period;
}

size_t ldg_rate_draft_line_count(const ldg_draft *d)
{
    return d->n;
}

const ldg_line *ldg_rate_draft_line(const ldg_draft *d, size_t i)
{
    assert(i < d->n);
    return &d->lines[i];
}

int64_t ldg_rate_draft_total(const ldg_draft *d)
{
    return d->total;
}

ldg_time ldg_rate_draft_covered_from(const ldg_draft *d)
{
    return d->covered_from;
}

ldg_time ldg_rate_draft_covered_to(const ldg_draft *d)
{
    return d->covered_to;
}

/* ---- rating ------------------------------------------------------------------------ */

/* A window and the usage summed in it. */
typedef struct window {
    ldg_rate_window win;
    ldg_i128 gpu[LDG_GPU_NCLASS];  /* micro-GPU-hours used */
    ldg_i128 down[LDG_GPU_NCLASS]; /* micro-GPU-hours down */
    ldg_i128 energy;               /* micro-MWh metered */
} window;

struct ldg_rating {
    const ldg_contract *c;
    ldg_period p;
    window *w;
    size_t nw;
};

void ldg_rate_free(ldg_rating *r)
{
    if (!r)
        return;
    free(r->w);
    free(r);
}

ldg_code ldg_rate_windows(ldg_rate_window **out, size_t *n, const ldg_contract *c,
                          ldg_period p, ldg_error *err)
{
    ldg_time from = p.start, to = p.end, *b = NULL;
    char pb[8];
    ldg_rate_window *w;
    size_t nb, i;
    ldg_code rc;

    assert(out && n && c);
    *out = NULL;
    *n = 0;
    if (from < ldg_contract_starts(c))
        from = ldg_contract_starts(c);
    if (to > ldg_contract_ends(c))
        to = ldg_contract_ends(c);
    if (from >= to)
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\" does not cover any hour of period %s",
                             ldg_contract_id(c), ldg_period_format(pb, p));
    if ((rc = ldg_contract_boundaries(&b, &nb, c, from, to, err)) != LDG_OK)
        return rc;
    if (!(w = calloc(nb + 1, sizeof(*w)))) {
        free(b);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (i = 0; i <= nb && rc == LDG_OK; i++) {
        w[i].from = i == 0 ? from : b[i - 1];
        w[i].to = i == nb ? to : b[i];
        w[i].hours = (w[i].to - w[i].from) / LDG_SECS_PER_HOUR;
        /* Boundaries are whole hours (contract.h), so windows are whole hours. */
        assert(w[i].hours * LDG_SECS_PER_HOUR == w[i].to - w[i].from);
        rc = ldg_contract_terms_at(&w[i].terms, c, w[i].from, err);
    }
    free(b);
    if (rc != LDG_OK) {
        free(w);
        return rc;
    }
    *out = w;
    *n = nb + 1;
    return LDG_OK;
}

ldg_code ldg_rate_new(ldg_rating **out, const ldg_contract *c, ldg_period p,
                      ldg_error *err)
{
    ldg_rate_window *win = NULL;
    ldg_rating *r;
    size_t nw, i;
    ldg_code rc;

    assert(out && c);
    *out = NULL;
    if ((rc = ldg_rate_windows(&win, &nw, c, p, err)) != LDG_OK)
        return rc;
    if (!(r = calloc(1, sizeof(*r))) || !(r->w = calloc(nw, sizeof(*r->w)))) {
        free(r);
        free(win);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    r->c = c;
    r->p = p;
    r->nw = nw;
    for (i = 0; i < nw; i++)
        r->w[i].win = win[i];
    free(win);
    *out = r;
    return LDG_OK;
}

int ldg_rate_usage_of(ldg_usage *u, int kind, int cls)
{
    switch (kind) {
    case LDG_KIND_GPU:
        u->kind = LDG_USAGE_GPU;
        break;
    case LDG_KIND_ENERGY:
        u->kind = LDG_USAGE_ENERGY;
        break;
    case LDG_KIND_DOWNTIME:
        u->kind = LDG_USAGE_DOWNTIME;
        break;
    default:
        return 0;
    }
    u->cls = ldg_class_to_gpu(cls);
    return 1;
}

int ldg_rate_kind_stored(ldg_usage_kind kind)
{
    switch (kind) {
    case LDG_USAGE_GPU:
        return LDG_KIND_GPU;
    case LDG_USAGE_ENERGY:
        return LDG_KIND_ENERGY;
    case LDG_USAGE_DOWNTIME:
        return LDG_KIND_DOWNTIME;
    }
    return 0;
}

/* "gpu", "energy", "downtime" (entry.c's names); "unknown" for anything else. */
static const char *usage_kind_name(ldg_usage_kind k)
{
    const char *name = ldg_kind_name(ldg_rate_kind_stored(k));

    return name ? name : "unknown";
}

ldg_code ldg_rate_add(ldg_rating *r, const ldg_usage *u, ldg_error *err)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];
    const ldg_contract *c = r->c;
    size_t i;

    assert(r && u);
    if (u->kind != LDG_USAGE_GPU && u->kind != LDG_USAGE_ENERGY &&
        u->kind != LDG_USAGE_DOWNTIME)
        return ldg_error_set(err, LDG_EINVAL, "usage item has an unknown kind (%d)",
                             (int)u->kind);
    if (u->kind == LDG_USAGE_ENERGY ? u->cls != LDG_GPU_NONE
                                    : ldg_contract_class_name(u->cls) == NULL)
        return ldg_error_set(err, LDG_EINVAL,
                             "usage item of kind %s has a wrong class (%d): energy has "
                             "none, gpu and downtime need one",
                             usage_kind_name(u->kind), (int)u->cls);
    if (u->end <= u->start)
        return ldg_error_set(err, LDG_EINVAL,
                             "usage item [%s, %s) ends at or before its start",
                             ldg_time_format(t1, u->start), ldg_time_format(t2, u->end));
    /* A record crossing the start or end of the term bills its part inside (the
     * window loop below drops the rest); one wholly outside is not this contract's. */
    if (u->end <= ldg_contract_starts(c) || u->start >= ldg_contract_ends(c))
        return ldg_error_set(err, LDG_EINVAL,
                             "usage item [%s, %s) lies outside the term of contract "
                             "\"%s\"",
                             ldg_time_format(t1, u->start), ldg_time_format(t2, u->end),
                             ldg_contract_id(c));
    if (u->end <= r->p.start || u->start >= r->p.end)
        return ldg_error_set(
            err, LDG_EINVAL,
            "usage item [%s, %s) does not overlap the period being rated",
            ldg_time_format(t1, u->start), ldg_time_format(t2, u->end));
    for (i = 0; i < r->nw; i++) {
        window *w = &r->w[i];
        int64_t lo, hi;
        ldg_i128 piece;

        if (u->end <= w->win.from || u->start >= w->win.to)
            continue;
        /* F on the original record at both ends: pieces telescope to the record. */
        ldg_rate_split(&lo, u->qty_micros, u->start, u->end, w->win.from);
        ldg_rate_split(&hi, u->qty_micros, u->start, u->end, w->win.to);
        piece = (ldg_i128)hi - lo;
        switch (u->kind) {
        case LDG_USAGE_GPU:
            w->gpu[u->cls] += piece;
            break;
        case LDG_USAGE_DOWNTIME:
            w->down[u->cls] += piece;
            break;
        case LDG_USAGE_ENERGY:
            w->energy += piece;
            break;
        }
    }
    return LDG_OK;
}

ldg_code ldg_rate_ignored_downtime(int64_t *qty, ldg_time *from, ldg_time *to,
                                   const ldg_rating *r, const ldg_usage *u,
                                   ldg_error *err)
{
    ldg_i128 sum = 0;
    size_t i;

    assert(qty && from && to && r && u);
    *qty = 0;
    *from = *to = 0;
    if (u->kind != LDG_USAGE_DOWNTIME || ldg_contract_class_name(u->cls) == NULL ||
        u->end <= u->start)
        return ldg_error_set(err, LDG_EINVAL,
                             "not a downtime item of a GPU class with end > start");
    for (i = 0; i < r->nw; i++) {
        const window *w = &r->w[i];
        int64_t lo, hi;

        if (w->win.terms.gpu[u->cls].present || u->end <= w->win.from ||
            u->start >= w->win.to)
            continue;
        ldg_rate_split(&lo, u->qty_micros, u->start, u->end, w->win.from);
        ldg_rate_split(&hi, u->qty_micros, u->start, u->end, w->win.to);
        sum += (ldg_i128)hi - lo;
        if (*from == *to)
            *from = u->start > w->win.from ? u->start : w->win.from;
        *to = u->end < w->win.to ? u->end : w->win.to;
    }
    /* the pieces of one record sum to at most |q|: no overflow */
    *qty = (int64_t)sum;
    return LDG_OK;
}

int ldg_rate_has_ignored_downtime(const ldg_rating *r)
{
    size_t i;
    int k;

    for (i = 0; i < r->nw; i++)
        for (k = 0; k < LDG_GPU_NCLASS; k++)
            if (!r->w[i].win.terms.gpu[k].present && r->w[i].down[k] != 0)
                return 1;
    return 0;
}

/* ---- pricing ----------------------------------------------------------------------- */

static ldg_code range_error(ldg_error *err)
{
    return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range while rating");
}

/*
 * An amount of num / den micro-units of the currency (den > 0, exact rational),
 * rounded once to the minor unit (fixed.c states the rule); returned in micro-units.
 * Out of range is this module's message, as for every other product here.
 */
static ldg_code amount_of(int64_t *out, ldg_i128 num, ldg_i128 den, int digits,
                          ldg_error *err)
{
    ldg_code rc = ldg_fixed_round_quotient(out, num, den, 6, digits, NULL);

    return rc == LDG_OK ? LDG_OK : range_error(err);
}

/* A line's amount: qty x rate (both micro-units), rounded once. */
static ldg_code amount_qty_rate(int64_t *out, int64_t qty, int64_t rate, int digits,
                                ldg_error *err)
{
    return amount_of(out, (ldg_i128)qty * rate, LDG_MICRO, digits, err);
}

static ldg_code emit(ldg_draft *d, ldg_stream s, ldg_gpu_class cls, ldg_time from,
                     ldg_time to, int64_t qty, const char *unit, int64_t rate,
                     int64_t amount, ldg_error *err)
{
    ldg_line line;

    memset(&line, 0, sizeof(line));
    line.stream = s;
    line.cls = cls;
    line.from = from;
    line.to = to;
    line.qty_micros = qty;
    snprintf(line.unit, sizeof(line.unit), "%s", unit);
    line.rate_micros = rate;
    line.amount_micros = amount;
    return ldg_rate_draft_add_line(d, &line, err);
}

ldg_code ldg_rate_reserved(int64_t *out, const ldg_rate_window *w, int k, ldg_error *err)
{
    const ldg_gpu_terms *g = &w->terms.gpu[k];

    *out = 0;
    if (!g->present)
        return LDG_OK;
    return ldg_i128_to_i64(out, (ldg_i128)g->reserved * w->hours * LDG_MICRO, err);
}

/* Usage the terms cannot price is an error, not a silent zero. */
static ldg_code check_priced(const ldg_rating *r, ldg_error *err)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN], q[LDG_FIXED_BUFLEN];
    size_t i;
    int k;

    for (i = 0; i < r->nw; i++) {
        const window *w = &r->w[i];

        for (k = 0; k < LDG_GPU_NCLASS; k++) {
            if (w->win.terms.gpu[k].present || w->gpu[k] == 0)
                continue;
            return ldg_error_set(
                err, LDG_EINVAL,
                "could not rate contract \"%s\": %s GPU-hours of class %s used in [%s, "
                "%s), but the contract has no terms for that class",
                ldg_contract_id(r->c),
                w->gpu[k] > INT64_MAX || w->gpu[k] < INT64_MIN
                    ? "too many"
                    : ldg_fixed_format(q, (int64_t)w->gpu[k], 6),
                ldg_contract_class_name((ldg_gpu_class)k),
                ldg_time_format(t1, w->win.from), ldg_time_format(t2, w->win.to));
        }
        if (!w->win.terms.energy.present && w->energy != 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "could not rate contract \"%s\": energy metered in [%s, "
                                 "%s), but the contract has no energy terms",
                                 ldg_contract_id(r->c), ldg_time_format(t1, w->win.from),
                                 ldg_time_format(t2, w->win.to));
    }
    return LDG_OK;
}

static ldg_code rate_reserved(ldg_draft *d, const ldg_rating *r, ldg_error *err)
{
    size_t i;
    int k, n;
    ldg_code rc;

    for (n = 0; n < LDG_GPU_NCLASS; n++) {
        k = ldg_gpu_class_nth(n);
        for (i = 0; i < r->nw; i++) {
            const window *w = &r->w[i];
            const ldg_gpu_terms *g = &w->win.terms.gpu[k];
            int64_t qty = 0, amount = 0;

            if (!g->present || g->reserved == 0)
                continue;
            if ((rc = ldg_rate_reserved(&qty, &w->win, k, err)) != LDG_OK ||
                (rc = amount_qty_rate(&amount, qty, g->rate_micros, d->digits, err)) !=
                    LDG_OK ||
                (rc = emit(d, LDG_STREAM_GPU_RESERVED, (ldg_gpu_class)k, w->win.from,
                           w->win.to, qty, "gpu_hour", g->rate_micros, amount, err)) !=
                    LDG_OK)
                return rc;
        }
    }
    return LDG_OK;
}

size_t ldg_rate_segments(ldg_rate_segment seg[LDG_RATE_MAX_SEGMENTS],
                         const ldg_gpu_terms *g, ldg_i128 cum, ldg_i128 over)
{
    ldg_i128 hi = cum + over, tier_lo = 0;
    size_t j, n = 0;

    assert(over > 0 && cum >= 0);
    for (j = 0; j <= g->ntiers; j++) {
        /* Past the last tier: the plain overage rate, unless that tier is unbounded. */
        bool plain = j == g->ntiers;
        const ldg_tier *t = plain ? NULL : &g->tiers[j];
        ldg_i128 lo = cum > tier_lo ? cum : tier_lo;
        ldg_i128 top = plain || !t->bounded ? hi : t->up_to_micros;

        if (plain && g->ntiers > 0 && !g->tiers[g->ntiers - 1].bounded)
            break;
        if ((top < hi ? top : hi) > lo)
            seg[n++] =
                (ldg_rate_segment){ plain ? -1 : (int)j,
                                    plain ? g->overage_rate_micros : t->rate_micros, lo,
                                    top < hi ? top : hi };
        if (!plain)
            tier_lo = t->up_to_micros;
    }
    return n;
}

/* A window's segments merged by rate, in order of first tier: one line per rate, so
 * no two lines share a key. */
static size_t merge_segments(ldg_rate_segment *seg, size_t n)
{
    size_t i, j, m = 0;

    for (i = 0; i < n; i++) {
        for (j = 0; j < m && seg[j].rate_micros != seg[i].rate_micros; j++)
            ;
        if (j < m) {
            seg[j].hi += seg[i].hi - seg[i].lo; /* [lo, hi) now only measures qty */
        } else {
            seg[m] = seg[i];
            m++;
        }
    }
    return m;
}

static ldg_i128 max128(ldg_i128 a, ldg_i128 b)
{
    return a > b ? a : b;
}

static ldg_i128 min128(ldg_i128 a, ldg_i128 b)
{
    return a < b ? a : b;
}

static ldg_code rate_overage(ldg_draft *d, const ldg_rating *r, ldg_error *err)
{
    ldg_rate_segment seg[LDG_RATE_MAX_SEGMENTS];
    size_t i, j, nseg;
    int k, n;
    ldg_code rc;

    for (n = 0; n < LDG_GPU_NCLASS; n++) {
        k = ldg_gpu_class_nth(n);
        ldg_i128 cum = 0; /* cumulative overage of class k in P so far */

        for (i = 0; i < r->nw; i++) {
            const window *w = &r->w[i];
            int64_t reserved = 0;
            ldg_i128 over;

            if (!w->win.terms.gpu[k].present)
                continue;
            if ((rc = ldg_rate_reserved(&reserved, &w->win, k, err)) != LDG_OK)
                return rc;
            over = w->gpu[k] - reserved;
            if (over <= 0)
                continue;
            nseg = merge_segments(
                seg, ldg_rate_segments(seg, &w->win.terms.gpu[k], cum, over));
            for (j = 0; j < nseg; j++) {
                int64_t qty = 0, amount = 0;

                if ((rc = ldg_i128_to_i64(&qty, seg[j].hi - seg[j].lo, err)) != LDG_OK ||
                    (rc = amount_qty_rate(&amount, qty, seg[j].rate_micros, d->digits,
                                          err)) != LDG_OK ||
                    (rc = emit(d, LDG_STREAM_GPU_OVERAGE, (ldg_gpu_class)k, w->win.from,
                               w->win.to, qty, "gpu_hour", seg[j].rate_micros, amount,
                               err)) != LDG_OK)
                    return rc;
            }
            cum += over;
        }
    }
    return LDG_OK;
}

static ldg_code rate_energy(ldg_draft *d, const ldg_rating *r, ldg_error *err)
{
    size_t i;
    ldg_code rc;

    for (i = 0; i < r->nw; i++) {
        const window *w = &r->w[i];
        const ldg_energy_terms *en = &w->win.terms.energy;
        ldg_i128 billed, exact = 0;
        int64_t e = 0, qty = 0, amount = 0;

        if (w->energy == 0)
            continue;
        assert(en->present); /* check_priced */
        if ((rc = ldg_i128_to_i64(&e, w->energy, err)) != LDG_OK)
            return rc;
        billed = (ldg_i128)e * en->pue_micros; /* MWh x PUE, 10^-12 */
        if ((rc = ldg_i128_to_i64(&qty, ldg_fixed_div_round(billed, LDG_MICRO), err)) !=
                LDG_OK ||
            (rc = ldg_i128_mul(&exact, billed, en->rate_per_mwh_micros, err)) != LDG_OK ||
            (rc = amount_of(&amount, exact, (ldg_i128)LDG_MICRO * LDG_MICRO, d->digits,
                            err)) != LDG_OK ||
            (rc = emit(d, LDG_STREAM_ENERGY, LDG_GPU_NONE, w->win.from, w->win.to, qty,
                       "mwh", en->rate_per_mwh_micros, amount, err)) != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

static ldg_code rate_capacity(ldg_draft *d, const ldg_rating *r, ldg_error *err)
{
    int64_t period_hours = ldg_period_hours(r->p);
    size_t i;
    ldg_code rc;

    for (i = 0; i < r->nw; i++) {
        const window *w = &r->w[i];
        const ldg_energy_terms *en = &w->win.terms.energy;
        ldg_i128 exact = 0;
        int64_t qty = 0, amount = 0;

        if (!en->present || en->capacity_mw_micros == 0)
            continue;
        /* MW x rate x h_w / hours(P): one exact rational, rounded once. */
        if ((rc = ldg_i128_mul(
                 &exact, (ldg_i128)en->capacity_mw_micros * en->capacity_rate_micros,
                 w->win.hours, err)) != LDG_OK ||
            (rc = ldg_i128_to_i64(
                 &qty,
                 ldg_fixed_div_round((ldg_i128)en->capacity_mw_micros * w->win.hours,
                                     period_hours),
                 err)) != LDG_OK ||
            (rc = amount_of(&amount, exact, (ldg_i128)period_hours * LDG_MICRO, d->digits,
                            err)) != LDG_OK ||
            (rc = emit(d, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, w->win.from, w->win.to,
                       qty, "mw_month", en->capacity_rate_micros, amount, err)) != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

int64_t ldg_rate_sla_percent(const ldg_sla_terms *sla, const ldg_sla_band *band)
{
    if (sla->capped && sla->cap_percent_micros < band->percent_micros)
        return sla->cap_percent_micros;
    return band->percent_micros;
}

static ldg_code rate_sla(ldg_draft *d, const ldg_rating *r, ldg_error *err)
{
    const ldg_sla_terms *sla = &r->w[r->nw - 1].win.terms.sla;
    size_t i, b;
    int k, n;
    ldg_code rc;

    if (!sla->present)
        return LDG_OK;
    for (n = 0; n < LDG_GPU_NCLASS; n++) {
        k = ldg_gpu_class_nth(n);
        ldg_i128 reserved = 0, down = 0, value = 0, exact = 0, lhs, rhs;
        const ldg_sla_band *band = NULL;
        int64_t qty = 0, amount = 0, pct;

        for (i = 0; i < r->nw; i++) {
            const window *w = &r->w[i];
            int64_t rw = 0;

            if (!w->win.terms.gpu[k].present)
                continue;
            if ((rc = ldg_rate_reserved(&rw, &w->win, k, err)) != LDG_OK ||
                (rc = ldg_i128_add(&value, (ldg_i128)rw * w->win.terms.gpu[k].rate_micros,
                                   err)) != LDG_OK)
                return rc;
            reserved += rw;
            down += w->down[k];
        }
        if (reserved == 0)
            continue;
        down = max128(0, min128(down, reserved));
        /* availability < below  <=>  100 x 10^6 x (R - D) < below_micros x R */
        lhs = (ldg_i128)100 * LDG_MICRO * (reserved - down);
        for (b = 0; b < sla->nbands; b++) {
            rhs = (ldg_i128)sla->bands[b].below_micros * reserved;
            if (lhs < rhs)
                band = &sla->bands[b]; /* bands descend: the last hit is the lowest */
        }
        if (!band || (pct = ldg_rate_sla_percent(sla, band)) == 0)
            continue;
        /* -percent/100 x value: value in 10^-12, percent in 10^-6 -> 10^-20 */
        if ((rc = ldg_i128_mul(&exact, value, -pct, err)) != LDG_OK ||
            (rc = ldg_i128_to_i64(&qty, ldg_fixed_div_round(value, LDG_MICRO), err)) !=
                LDG_OK ||
            (rc = amount_of(&amount, exact, (ldg_i128)100 * LDG_MICRO * LDG_MICRO,
                            d->digits, err)) != LDG_OK ||
            (rc = emit(d, LDG_STREAM_SLA_CREDIT, (ldg_gpu_class)k, d->covered_from,
                       d->covered_to, qty, d->currency, -pct / 100, amount, err)) !=
                LDG_OK)
            return rc;
    }
    return LDG_OK;
}

static ldg_code rate_true_up(ldg_draft *d, const ldg_rating *r, ldg_error *err)
{
    int64_t period_hours = ldg_period_hours(r->p), amount = 0;
    ldg_i128 minimum = 0, billed = 0, excess = 0;
    size_t i;
    ldg_code rc;

    for (i = 0; i < r->nw; i++)
        minimum += (ldg_i128)r->w[i].win.terms.minimum_monthly_micros * r->w[i].win.hours;
    for (i = 0; i < d->n; i++)
        if (d->lines[i].stream <= LDG_STREAM_POWER_CAPACITY)
            billed += d->lines[i].amount_micros;
    /* excess / hours(P) micro-units: minimum x h / hours(P) - billed, exact. */
    if ((rc = ldg_i128_mul(&excess, billed, period_hours, err)) != LDG_OK)
        return rc;
    excess = minimum - excess;
    if (excess <= 0)
        return LDG_OK;
    if ((rc = amount_of(&amount, excess, period_hours, d->digits, err)) != LDG_OK)
        return rc;
    if (amount == 0)
        return LDG_OK;
    return emit(d, LDG_STREAM_COMMITMENT_TRUE_UP, LDG_GPU_NONE, d->covered_from,
                d->covered_to, LDG_MICRO, d->currency, amount, amount, err);
}

ldg_code ldg_rate_finish(ldg_draft **out, const ldg_rating *r, ldg_error *err)
{
    ldg_draft *d = NULL;
    ldg_code rc;

    assert(out && r && r->nw > 0);
    *out = NULL;
    if ((rc = check_priced(r, err)) != LDG_OK)
        return rc;
    rc = ldg_rate_draft_new(&d, ldg_contract_id(r->c), ldg_contract_currency(r->c), r->p,
                            err);
    if (rc != LDG_OK)
        return rc;
    d->covered_from = r->w[0].win.from;
    d->covered_to = r->w[r->nw - 1].win.to;
    if ((rc = rate_reserved(d, r, err)) != LDG_OK ||
        (rc = rate_overage(d, r, err)) != LDG_OK ||
        (rc = rate_energy(d, r, err)) != LDG_OK ||
        (rc = rate_capacity(d, r, err)) != LDG_OK ||
        (rc = rate_sla(d, r, err)) != LDG_OK ||
        (rc = rate_true_up(d, r, err)) != LDG_OK) {
        ldg_rate_draft_free(d);
        return rc;
    }
    *out = d;
    return LDG_OK;
}

ldg_code ldg_rate_period(ldg_draft **out, const ldg_contract *c, ldg_period p,
                         const ldg_usage *items, size_t n, ldg_error *err)
{
    ldg_rating *r = NULL;
    size_t i;
    ldg_code rc;

    assert(out);
    *out = NULL;
    if ((rc = ldg_rate_new(&r, c, p, err)) != LDG_OK)
        return rc;
    for (i = 0; i < n && rc == LDG_OK; i++)
        if ((rc = ldg_rate_add(r, &items[i], err)) != LDG_OK)
            ldg_error_where(err, "usage item %zu", i);
    if (rc == LDG_OK)
        rc = ldg_rate_finish(out, r, err);
    ldg_rate_free(r);
    return rc;
}
