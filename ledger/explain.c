/*
 * Explaining invoice lines. See explain.h for the contract.
 *
 * Invariant: every number this module prints is computed from exact integers (the
 * sums it was given, the terms of ldg_contract_terms_at) with the rater's arithmetic:
 * products exact in 128 bits, rounded once, half away from zero. The explanation then
 * states whether the operator's rater, fed the same sums, reproduces the line; the two
 * computations agree by construction, and a disagreement names the line.
 *
 * Design: the windows are rebuilt from ldg_contract_boundaries() exactly as
 * ldg_rate_new() builds them, so a line's [from, to) names one window (or, for
 * sla_credit and commitment_true_up, the billed part of the period). Sentences are
 * built next to the structured fields, in the same function, so the text and the JSON
 * cannot say different things. Jansson allocation failures are collected in one flag
 * and reported once as LDG_ENOMEM.
 */
#include "ledger/explain.h"

#include "ledger/entry.h"
#include "ledger/fixed.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENTENCE_MAX 2048 /* a sentence; its parts below are shorter */
#define PART_MAX     768
#define MONTHS_MAX   (12 * 10000)

__extension__ typedef unsigned __int128 u128;

typedef struct xwin {
    ldg_rate_window win; /* the rater's window (ldg_rate_windows), narrated */
    ldg_explain_sum gpu[LDG_GPU_NCLASS];
    ldg_explain_sum down[LDG_GPU_NCLASS];
    ldg_explain_sum energy;
} xwin;

struct ldg_explain {
    const ldg_contract *c;
    ldg_period p;
    xwin *w;
    size_t nw;
    int64_t *seqs; /* per document: 0 base, i + 1 amendment i; -1 unknown */
    size_t ndocs;
};

/* ---- numbers ----------------------------------------------------------------------- */

char *ldg_explain_decimal(char *buf, ldg_i128 v, int scale)
{
    char tmp[LDG_EXPLAIN_DECBUF];
    size_t n = 0, o = 0, sc;
    u128 mag;

    assert(buf && scale >= 0 && scale <= 36);
    sc = (size_t)scale;
    /* Magnitude unsigned, so the smallest ldg_i128 needs no special case. */
    mag = v < 0 ? (u128)(-(v + 1)) + 1 : (u128)v;
    do {
        tmp[n++] = (char)('0' + (int)(mag % 10));
        mag /= 10;
    } while (mag != 0 || n <= sc);
    if (v < 0)
        buf[o++] = '-';
    while (n > 0) {
        buf[o++] = tmp[--n];
        if (n == sc && sc > 0)
            buf[o++] = '.';
    }
    buf[o] = '\0';
    return buf;
}

static ldg_code range_error(ldg_error *err)
{
    return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range while explaining");
}

/* ---- building the output ---------------------------------------------------------- */

typedef struct xctx {
    const ldg_explain *ex;
    const ldg_draft *rerated;
    const char *cur;
    int digits;
    bool oom;
} xctx;

static void put(xctx *x, json_t *o, const char *k, json_t *v)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        x->oom = true;
}

static void push(xctx *x, json_t *a, json_t *v)
{
    if (!v || json_array_append_new(a, v) != 0)
        x->oom = true;
}

static json_t *obj(xctx *x)
{
    json_t *o = json_object();

    if (!o)
        x->oom = true;
    return o;
}

static json_t *arr(xctx *x)
{
    json_t *a = json_array();

    if (!a)
        x->oom = true;
    return a;
}

static json_t *seq_value(int64_t seq)
{
    return seq < 0 ? json_null() : json_integer((json_int_t)seq);
}

__attribute__((format(printf, 3, 4))) static void say(xctx *x, json_t *sentences,
                                                      const char *fmt, ...)
{
    char buf[SENTENCE_MAX];
    va_list ap;

    int n;
    size_t len;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    len = n < 0 ? 0 : (size_t)n;
    if (len >= sizeof(buf)) {
        /* Cut at a character boundary: a sentence stays valid UTF-8. */
        len = sizeof(buf) - 1;
        while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
            len--;
    }
    push(x, sentences, json_stringn(buf, len));
}

static void put_fixed(xctx *x, json_t *o, const char *k, int64_t v)
{
    char b[LDG_FIXED_BUFLEN];

    put(x, o, k, json_string(ldg_fixed_format(b, v, 6)));
}

static void put_amount(xctx *x, json_t *o, const char *k, int64_t v)
{
    char b[LDG_FIXED_BUFLEN];

    put(x, o, k, json_string(ldg_fixed_format(b, v, x->digits)));
}

static void put_time(xctx *x, json_t *o, const char *k, ldg_time t)
{
    char b[LDG_TIME_BUFLEN];

    put(x, o, k, json_string(ldg_time_format(b, t)));
}

static const char *fx(char b[LDG_FIXED_BUFLEN], int64_t v)
{
    return ldg_fixed_format(b, v, 6);
}

static const char *am(const xctx *x, char b[LDG_FIXED_BUFLEN], int64_t v)
{
    return ldg_fixed_format(b, v, x->digits);
}

static const char *tm(char b[LDG_TIME_BUFLEN], ldg_time t)
{
    return ldg_time_format(b, t);
}

static const char *seqtxt(char b[32], int64_t seq)
{
    if (seq < 0)
        snprintf(b, 32, "seq ?");
    else
        snprintf(b, 32, "seq %" PRId64, seq);
    return b;
}

/* "half away from zero to 0.01" for 2 digits, "to 1" for 0. */
static const char *rounding_rule(char b[48], int digits)
{
    int n;

    if (digits == 0) {
        snprintf(b, 48, "half away from zero to 1");
        return b;
    }
    n = snprintf(b, 48, "half away from zero to 0.");
    for (int i = 1; i < digits && n < 46; i++)
        b[n++] = '0';
    b[n++] = '1';
    b[n] = '\0';
    return b;
}

/* ---- contract documents and terms -------------------------------------------------- */

typedef enum comp { COMP_GPU, COMP_ENERGY, COMP_SLA, COMP_MINIMUM } comp;

typedef enum rfield {
    RF_NONE,
    RF_GPU,
    RF_OVERAGE,
    RF_TIER,
    RF_ENERGY,
    RF_CAPACITY
} rfield;

static const ldg_contract_doc *doc_at(const ldg_explain *ex, size_t d)
{
    return d == 0 ? ldg_contract_base(ex->c) : ldg_contract_amendment(ex->c, d - 1);
}

static ldg_time doc_effective(const ldg_explain *ex, size_t d)
{
    return d == 0 ? ldg_contract_starts(ex->c)
                  : ldg_contract_doc_effective(doc_at(ex, d));
}

static const char *doc_role(size_t d)
{
    return d == 0 ? "contract" : "amendment";
}

/* Whether document j states the component (a base contract states them all). */
static bool doc_states(const json_t *j, comp cp, int k)
{
    const json_t *g, *e;
    size_t i;

    switch (cp) {
    case COMP_GPU:
        g = json_object_get(j, "gpu");
        json_array_foreach(g, i, e)
        {
            const char *n = json_string_value(json_object_get(e, "class"));
            if (n && strcmp(n, ldg_contract_class_name((ldg_gpu_class)k)) == 0)
                return true;
        }
        return false;
    case COMP_ENERGY:
        return json_object_get(j, "energy") != NULL;
    case COMP_SLA:
        return json_object_get(j, "sla") != NULL;
    case COMP_MINIMUM:
        return json_object_get(j, "minimum_monthly") != NULL;
    }
    return false;
}

/* The document that last set the component at instant at: the base, or the latest
 * amendment effective by then that states it. */
static size_t source_doc(const ldg_explain *ex, ldg_time at, comp cp, int k)
{
    size_t src = 0;

    for (size_t d = 1; d < ex->ndocs; d++)
        if (doc_effective(ex, d) <= at &&
            doc_states(ldg_contract_doc_json(doc_at(ex, d)), cp, k))
            src = d;
    return src;
}

static int64_t field_rate(const ldg_terms *t, int k, rfield f, size_t tier)
{
    switch (f) {
    case RF_GPU:
        return t->gpu[k].rate_micros;
    case RF_OVERAGE:
        return t->gpu[k].overage_rate_micros;
    case RF_TIER:
        return tier < t->gpu[k].ntiers ? t->gpu[k].tiers[tier].rate_micros : 0;
    case RF_ENERGY:
        return t->energy.rate_per_mwh_micros;
    case RF_CAPACITY:
        return t->energy.capacity_rate_micros;
    case RF_NONE:
        break;
    }
    return 0;
}

static const char *field_name(rfield f)
{
    switch (f) {
    case RF_GPU:
        return "rate";
    case RF_OVERAGE:
        return "overage_rate";
    case RF_TIER:
        return "tier rate";
    case RF_ENERGY:
        return "rate_per_mwh";
    case RF_CAPACITY:
        return "capacity_rate_per_mw_month";
    case RF_NONE:
        break;
    }
    return "";
}

static const char *comp_label(char b[40], comp cp, int k)
{
    switch (cp) {
    case COMP_GPU:
        snprintf(b, 40, "%s terms", ldg_contract_class_name((ldg_gpu_class)k));
        return b;
    case COMP_ENERGY:
        return "energy terms";
    case COMP_SLA:
        return "SLA terms";
    case COMP_MINIMUM:
        return "minimum_monthly";
    }
    return "";
}

/*
 * The terms of one component in force in window w: which contract entries are in
 * force, which one set the component, and for a rate the stated value and each
 * escalation step up to the window's start. Appends to terms and sentences.
 */
static ldg_code explain_terms(xctx *x, json_t *terms, json_t *sentences, const xwin *w,
                              comp cp, int k, rfield f, size_t tier, ldg_error *err)
{
    const ldg_explain *ex = x->ex;
    const json_t *base = ldg_contract_doc_json(ldg_contract_base(ex->c));
    const json_t *esc = json_object_get(base, "escalator");
    char t1[LDG_TIME_BUFLEN], s1[32], r1[LDG_FIXED_BUFLEN], lbl[40];
    char inforce[PART_MAX], rate_txt[PART_MAX];
    size_t src = source_doc(ex, w->win.from, cp, k), used = 0, rlen = 0;
    json_t *t = obj(x), *entries = arr(x), *set_by = obj(x);
    ldg_time eff = doc_effective(ex, src);
    ldg_terms stated;
    ldg_code rc;

    if (!t || !entries || !set_by) {
        json_decref(t);
        json_decref(entries);
        json_decref(set_by);
        return LDG_OK;
    }
    put_time(x, t, "at", w->win.from);
    for (size_t d = 0; d < ex->ndocs; d++) {
        json_t *e;
        int n;

        if (doc_effective(ex, d) > w->win.from)
            continue;
        e = obj(x);
        if (e) {
            put(x, e, "seq", seq_value(ex->seqs[d]));
            put(x, e, "role", json_string(doc_role(d)));
            put_time(x, e, "effective", doc_effective(ex, d));
        }
        push(x, entries, e);
        n = snprintf(inforce + used, sizeof(inforce) - used, "%s%s (%s%s%s)",
                     d ? ", " : "", seqtxt(s1, ex->seqs[d]), doc_role(d),
                     d ? " effective " : " ",
                     d ? tm(t1, doc_effective(ex, d)) : ldg_contract_id(ex->c));
        if (n > 0 && (size_t)n < sizeof(inforce) - used)
            used += (size_t)n;
    }
    put(x, t, "entries", entries);
    put(x, set_by, "seq", seq_value(ex->seqs[src]));
    put(x, set_by, "role", json_string(doc_role(src)));
    put_time(x, set_by, "effective", eff);
    put(x, t, "component", json_string(comp_label(lbl, cp, k)));
    put(x, t, "set_by", set_by);
    rate_txt[0] = '\0';
    if (f != RF_NONE) {
        json_t *r = obj(x), *steps = arr(x);
        int64_t months = 0;
        int64_t every = (int64_t)json_integer_value(json_object_get(esc, "every_months"));
        bool full = false;
        int n;

        if ((rc = ldg_contract_terms_at(&stated, ex->c, eff, err)) != LDG_OK) {
            json_decref(r);
            json_decref(steps);
            json_decref(t);
            return rc;
        }
        n = snprintf(rate_txt, sizeof(rate_txt), "; %s %s stated", field_name(f),
                     fx(r1, field_rate(&stated, k, f, tier)));
        rlen = n > 0 ? (size_t)n : 0;
        if (r) {
            put(x, r, "name", json_string(field_name(f)));
            put_fixed(x, r, "stated", field_rate(&stated, k, f, tier));
        }
        /* The escalation instants x with eff < x <= window start (contract.h). */
        for (int64_t kk = 1; esc && every > 0 && (months = kk * every) <= MONTHS_MAX;
             kk++) {
            ldg_time at = ldg_time_add_months(ldg_contract_starts(ex->c), (int)months);
            ldg_terms st;
            json_t *s;

            if (at > w->win.from)
                break;
            if (at <= eff)
                continue;
            if ((rc = ldg_contract_terms_at(&st, ex->c, at, err)) != LDG_OK) {
                json_decref(r);
                json_decref(steps);
                json_decref(t);
                return rc;
            }
            s = obj(x);
            if (s) {
                put_time(x, s, "at", at);
                put_fixed(x, s, "rate", field_rate(&st, k, f, tier));
            }
            push(x, steps, s);
            if (full)
                continue;
            /* Here rlen + 8 <= sizeof(rate_txt): room for ", …" at least. */
            n = snprintf(rate_txt + rlen, sizeof(rate_txt) - rlen,
                         ", escalated %s %% at %s → %s",
                         json_string_value(json_object_get(esc, "percent")), tm(t1, at),
                         fx(r1, field_rate(&st, k, f, tier)));
            if (n > 0 && (size_t)n + 8 <= sizeof(rate_txt) - rlen) {
                rlen += (size_t)n;
            } else {
                /* Too many steps for one sentence (the JSON lists them all). */
                snprintf(rate_txt + rlen, sizeof(rate_txt) - rlen, ", …");
                full = true;
            }
        }
        if (r) {
            put(x, r, "escalations", steps);
            put_fixed(x, r, "in_force", field_rate(&w->win.terms, k, f, tier));
        } else {
            json_decref(steps);
        }
        put(x, t, "rate", r);
    }
    push(x, terms, t);
    say(x, sentences, "terms in force from %s: %s; %s set by %s (%s)%s", tm(t1, w->win.from),
        inforce, comp_label(lbl, cp, k), seqtxt(s1, ex->seqs[src]), doc_role(src),
        rate_txt);
    return LDG_OK;
}

/* ---- windows and sums -------------------------------------------------------------- */

static const xwin *find_window(const ldg_explain *ex, ldg_time from, ldg_time to,
                               size_t *idx)
{
    for (size_t i = 0; i < ex->nw; i++) {
        if (ex->w[i].win.from == from && ex->w[i].win.to == to) {
            if (idx)
                *idx = i;
            return &ex->w[i];
        }
    }
    return NULL;
}

static json_t *window_obj(xctx *x, const xwin *w)
{
    json_t *o = obj(x);

    if (o) {
        put_time(x, o, "from", w->win.from);
        put_time(x, o, "to", w->win.to);
        put(x, o, "hours", json_integer((json_int_t)w->win.hours));
    }
    return o;
}

static const char *kind_label(ldg_usage_kind kind)
{
    const char *name = ldg_kind_name(ldg_rate_kind_stored(kind));

    return name ? name : "?";
}

/* One sum as {"kind", "class", "quantity", "unit", "records", ...} and a sentence. */
static void explain_sum(xctx *x, json_t *wobj, const char *key, json_t *sentences,
                        const char *label, const ldg_explain_sum *s, ldg_usage_kind kind,
                        int k)
{
    const char *unit = kind == LDG_USAGE_ENERGY ? "mwh" : "gpu_hour";
    const char *cls = k >= 0 ? ldg_contract_class_name((ldg_gpu_class)k) : NULL;
    char q[LDG_FIXED_BUFLEN], of[32];
    json_t *o = obj(x);

    if (o) {
        put(x, o, "kind", json_string(kind_label(kind)));
        put(x, o, "class", cls ? json_string(cls) : json_null());
        put_fixed(x, o, "quantity", s->qty_micros);
        put(x, o, "unit", json_string(unit));
        put(x, o, "records", json_integer((json_int_t)s->records));
        put(x, o, "corrections", json_integer((json_int_t)s->corrections));
        put(x, o, "split", json_integer((json_int_t)s->split));
        put(x, o, "meters", json_integer((json_int_t)s->meters));
        put(x, o, "hours", json_integer((json_int_t)s->hours));
        put(x, o, "first_seq", seq_value(s->first_seq));
        put(x, o, "last_seq", seq_value(s->last_seq));
    }
    put(x, wobj, key, o);
    snprintf(of, sizeof(of), "%s%s", cls ? " of class " : "", cls ? cls : "");
    if (s->records == 0) {
        say(x, sentences, "%s: %s %s: no %s records%s in the window", label,
            fx(q, s->qty_micros), unit, kind_label(kind), of);
        return;
    }
    say(x, sentences,
        "%s: %s %s, the sum of %" PRId64 " %s record%s%s (%" PRId64
        " correction%s, %" PRId64 " split at the window's edges) from %" PRId64
        " meter%s in %" PRId64 " hour%s, seq %" PRId64 "..%" PRId64,
        label, fx(q, s->qty_micros), unit, s->records, kind_label(kind),
        s->records == 1 ? "" : "s", of, s->corrections, s->corrections == 1 ? "" : "s",
        s->split, s->meters, s->meters == 1 ? "" : "s", s->hours,
        s->hours == 1 ? "" : "s", s->first_seq, s->last_seq);
}

/*
 * The product and its one rounding: {"expression", "exact", "rounded", "rounding"};
 * num / den in units of 10^-scale. *amount receives the rounded amount.
 */
static ldg_code explain_product(xctx *x, json_t *lo, json_t *sentences, const char *expr,
                                ldg_i128 num, ldg_i128 den, int scale, int64_t *amount,
                                ldg_error *err)
{
    char ex1[LDG_EXPLAIN_DECBUF], ex2[LDG_EXPLAIN_DECBUF], a[LDG_FIXED_BUFLEN], rr[48];
    char exact[3 * LDG_EXPLAIN_DECBUF + 32];
    json_t *p;

    /* The rater's one rounding (fixed.c), so the two cannot round differently. */
    if (ldg_fixed_round_quotient(amount, num, den, scale, x->digits, NULL) != LDG_OK)
        return range_error(err);
    if (den == 1 || num % den == 0) {
        snprintf(exact, sizeof(exact), "%s", ldg_explain_decimal(ex1, num / den, scale));
    } else {
        /* Not a finite decimal: the truncated digits, then the exact fraction. */
        char d[LDG_EXPLAIN_DECBUF];

        snprintf(exact, sizeof(exact), "%s… (exactly %s / %s)",
                 ldg_explain_decimal(ex1, num / den, scale),
                 ldg_explain_decimal(ex2, num, scale), ldg_explain_decimal(d, den, 0));
    }
    p = obj(x);
    if (p) {
        put(x, p, "expression", json_string(expr));
        put(x, p, "exact", json_string(exact));
        put_amount(x, p, "rounded", *amount);
        put(x, p, "rounding", json_string(rounding_rule(rr, x->digits)));
    }
    put(x, lo, "product", p);
    say(x, sentences, "amount: %s = %s → %s (%s)", expr, exact, am(x, a, *amount),
        rounding_rule(rr, x->digits));
    return LDG_OK;
}

/* ---- the streams ------------------------------------------------------------------- */

/* What a stream explanation computed: the line it says the sums give. */
typedef struct computed {
    bool present;
    int64_t qty, amount;
} computed;


static void window_sentence(xctx *x, json_t *sentences, const xwin *w)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];

    say(x, sentences, "window %s .. %s: %" PRId64 " hours", tm(t1, w->win.from),
        tm(t2, w->win.to), w->win.hours);
}

static void no_window(xctx *x, json_t *sentences, const ldg_line *l)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];

    say(x, sentences,
        "no window of contract %s is [%s, %s): the line cannot be explained",
        ldg_contract_id(x->ex->c), tm(t1, l->from), tm(t2, l->to));
}

/* {"gpus", "quantity"} of the class's reservation in w, under "reserved" in wo. */
static void put_reserved(xctx *x, json_t *wo, const xwin *w, int k, int64_t qty)
{
    json_t *ro;

    if (!wo)
        return;
    if ((ro = obj(x)) != NULL) {
        put(x, ro, "gpus", json_integer((json_int_t)w->win.terms.gpu[k].reserved));
        put_fixed(x, ro, "quantity", qty);
    }
    put(x, wo, "reserved", ro);
}

static ldg_code ex_reserved(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                            computed *out, ldg_error *err)
{
    char q[LDG_FIXED_BUFLEN], r[LDG_FIXED_BUFLEN], expr[SENTENCE_MAX];
    const xwin *w = find_window(x->ex, l->from, l->to, NULL);
    json_t *windows = arr(x), *terms = arr(x), *wo;
    int k = (int)l->cls;
    int64_t reserved = 0;
    ldg_code rc = LDG_OK;

    put(x, lo, "windows", windows);
    put(x, lo, "terms", terms);
    if (!w || k < 0 || !windows) {
        no_window(x, sn, l);
        return LDG_OK;
    }
    wo = window_obj(x, w);
    push(x, windows, wo);
    window_sentence(x, sn, w);
    if ((rc = explain_terms(x, terms, sn, w, COMP_GPU, k, RF_GPU, 0, err)) != LDG_OK ||
        (rc = ldg_rate_reserved(&reserved, &w->win, k, err)) != LDG_OK)
        return rc;
    if (!w->win.terms.gpu[k].present || w->win.terms.gpu[k].reserved == 0) {
        say(x, sn, "no %s GPUs reserved in this window: no reserved line",
            ldg_contract_class_name((ldg_gpu_class)k));
        return LDG_OK;
    }
    out->qty = reserved;
    put_reserved(x, wo, w, k, out->qty);
    say(x, sn,
        "reserved: %" PRId64 " GPUs × %" PRId64
        " hours = %s gpu_hour (take-or-pay: billed whether used or not)",
        w->win.terms.gpu[k].reserved, w->win.hours, fx(q, out->qty));
    explain_sum(x, wo, "used", sn, "used", &w->gpu[k], LDG_USAGE_GPU, k);
    snprintf(expr, sizeof(expr), "%s gpu_hour × %s %s", fx(q, out->qty),
             fx(r, w->win.terms.gpu[k].rate_micros), x->cur);
    rc = explain_product(x, lo, sn, expr,
                         (ldg_i128)out->qty * w->win.terms.gpu[k].rate_micros, 1, 12,
                         &out->amount, err);
    out->present = rc == LDG_OK;
    return rc;
}

/* The class's cumulative overage in the period before window idx, as the rater sums
 * it; every window's reservation is checked to fit, as the rater does. */
static ldg_code overage_before(ldg_i128 *cum, const ldg_explain *ex, size_t idx, int k,
                               ldg_error *err)
{
    int64_t reserved = 0;
    ldg_code rc;

    *cum = 0;
    for (size_t i = 0; i < ex->nw; i++) {
        const xwin *v = &ex->w[i];
        ldg_i128 o;

        if ((rc = ldg_rate_reserved(&reserved, &v->win, k, err)) != LDG_OK)
            return rc;
        o = (ldg_i128)v->gpu[k].qty_micros - reserved;
        if (i < idx && v->win.terms.gpu[k].present && o > 0)
            *cum += o;
    }
    return LDG_OK;
}

/* The tier segments priced at the line's rate, as JSON under comp_o and a sentence
 * each; returns their sum. */
static ldg_i128 narrate_segments(xctx *x, json_t *comp_o, json_t *sn,
                                 const ldg_gpu_terms *g, const ldg_rate_segment *segs,
                                 size_t nseg)
{
    char q[LDG_FIXED_BUFLEN], q2[LDG_FIXED_BUFLEN], q3[LDG_FIXED_BUFLEN],
        r[LDG_FIXED_BUFLEN], c[LDG_FIXED_BUFLEN];
    json_t *sa = arr(x);
    ldg_i128 sum = 0;

    if (comp_o) {
        put(x, comp_o, "segments", sa);
    } else {
        json_decref(sa);
        sa = NULL;
    }
    for (size_t j = 0; j < nseg; j++) {
        const ldg_rate_segment *s = &segs[j];
        json_t *so = obj(x);

        if (so) {
            put(x, so, "tier", s->tier >= 0 ? json_integer(s->tier + 1) : json_null());
            put_fixed(x, so, "from", (int64_t)s->lo);
            put_fixed(x, so, "to", (int64_t)s->hi);
            put_fixed(x, so, "quantity", (int64_t)(s->hi - s->lo));
            put_fixed(x, so, "rate", s->rate_micros);
        }
        if (sa)
            push(x, sa, so);
        else
            json_decref(so);
        if (s->tier >= 0 && g->tiers[s->tier].bounded)
            say(x, sn, "tier %d (up to %s) at %s: [%s, %s) = %s gpu_hour", s->tier + 1,
                fx(c, g->tiers[s->tier].up_to_micros), fx(r, s->rate_micros),
                fx(q, (int64_t)s->lo), fx(q2, (int64_t)s->hi),
                fx(q3, (int64_t)(s->hi - s->lo)));
        else if (s->tier >= 0)
            say(x, sn, "tier %d (unbounded) at %s: [%s, %s) = %s gpu_hour", s->tier + 1,
                fx(r, s->rate_micros), fx(q, (int64_t)s->lo), fx(q2, (int64_t)s->hi),
                fx(q3, (int64_t)(s->hi - s->lo)));
        else
            say(x, sn, "%s at the overage_rate %s: [%s, %s) = %s gpu_hour",
                g->ntiers ? "beyond the last tier" : "no tiers", fx(r, s->rate_micros),
                fx(q, (int64_t)s->lo), fx(q2, (int64_t)s->hi),
                fx(q3, (int64_t)(s->hi - s->lo)));
        sum += s->hi - s->lo;
    }
    return sum;
}

static ldg_code ex_overage(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                           computed *out, ldg_error *err)
{
    char q[LDG_FIXED_BUFLEN], q2[LDG_FIXED_BUFLEN], q3[LDG_FIXED_BUFLEN],
        r[LDG_FIXED_BUFLEN], expr[SENTENCE_MAX];
    ldg_rate_segment all[LDG_RATE_MAX_SEGMENTS], segs[LDG_RATE_MAX_SEGMENTS];
    size_t idx = 0, nall = 0, nseg = 0;
    const xwin *w = find_window(x->ex, l->from, l->to, &idx);
    json_t *windows = arr(x), *terms = arr(x), *wo, *comp_o;
    int k = (int)l->cls;
    const ldg_gpu_terms *g;
    ldg_i128 cum = 0, over, sum;
    int64_t reserved = 0, cum64 = 0, over64 = 0;
    ldg_code rc;

    put(x, lo, "windows", windows);
    put(x, lo, "terms", terms);
    if (!w || k < 0 || !windows) {
        no_window(x, sn, l);
        return LDG_OK;
    }
    g = &w->win.terms.gpu[k];
    wo = window_obj(x, w);
    push(x, windows, wo);
    window_sentence(x, sn, w);
    if ((rc = overage_before(&cum, x->ex, idx, k, err)) != LDG_OK ||
        (rc = ldg_rate_reserved(&reserved, &w->win, k, err)) != LDG_OK)
        return rc;
    put_reserved(x, wo, w, k, reserved);
    say(x, sn, "reserved: %" PRId64 " GPUs × %" PRId64 " hours = %s gpu_hour",
        g->reserved, w->win.hours, fx(q, reserved));
    explain_sum(x, wo, "used", sn, "used", &w->gpu[k], LDG_USAGE_GPU, k);
    over = (ldg_i128)w->gpu[k].qty_micros - reserved;
    if ((rc = ldg_i128_to_i64(&over64, over, err)) != LDG_OK ||
        (rc = ldg_i128_to_i64(&cum64, cum, err)))
        return rc;
    comp_o = obj(x);
    put(x, lo, "computation", comp_o);
    if (comp_o) {
        put_fixed(x, comp_o, "overage", over64 > 0 ? over64 : 0);
        put_fixed(x, comp_o, "cumulative_before", cum64);
    }
    if (!g->present || over <= 0) {
        if ((rc = explain_terms(x, terms, sn, w, COMP_GPU, k, RF_OVERAGE, 0, err)) !=
            LDG_OK)
            return rc;
        say(x, sn,
            "overage: used %s − reserved %s = %s gpu_hour: no overage in this window",
            fx(q, w->gpu[k].qty_micros), fx(q2, reserved), fx(q3, over64));
        return LDG_OK;
    }
    /* The rater's tier walk, the pieces this line's rate prices. */
    nall = ldg_rate_segments(all, g, cum, over);
    for (size_t j = 0; j < nall; j++)
        if (all[j].rate_micros == l->rate_micros)
            segs[nseg++] = all[j];
    if ((rc = explain_terms(x, terms, sn, w, COMP_GPU, k,
                            nseg > 0 && segs[0].tier >= 0 ? RF_TIER : RF_OVERAGE,
                            nseg > 0 && segs[0].tier >= 0 ? (size_t)segs[0].tier : 0,
                            err)) != LDG_OK)
        return rc;
    say(x, sn, "overage: used %s − reserved %s = %s gpu_hour",
        fx(q, w->gpu[k].qty_micros), fx(q2, reserved), fx(q3, over64));
    say(x, sn,
        "cumulative %s overage in the period: %s before this window, %s after it "
        "(tiers are graduated on it, windows in time order)",
        ldg_contract_class_name((ldg_gpu_class)k), fx(q, cum64),
        fx(q2, (int64_t)(cum + over)));
    sum = narrate_segments(x, comp_o, sn, g, segs, nseg);
    if (nseg == 0) {
        say(x, sn, "no part of this window's overage is priced at %s",
            fx(r, l->rate_micros));
        return LDG_OK;
    }
    if (nseg > 1)
        say(x, sn, "segments at the same rate are one line: %s gpu_hour",
            fx(q, (int64_t)sum));
    out->qty = (int64_t)sum;
    snprintf(expr, sizeof(expr), "%s gpu_hour × %s %s", fx(q, out->qty),
             fx(r, l->rate_micros), x->cur);
    rc = explain_product(x, lo, sn, expr, (ldg_i128)out->qty * l->rate_micros, 1, 12,
                         &out->amount, err);
    out->present = rc == LDG_OK;
    return rc;
}

static ldg_code ex_energy(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                          computed *out, ldg_error *err)
{
    char q[LDG_FIXED_BUFLEN], p[LDG_FIXED_BUFLEN], r[LDG_FIXED_BUFLEN];
    char b[LDG_EXPLAIN_DECBUF], expr[SENTENCE_MAX];
    const xwin *w = find_window(x->ex, l->from, l->to, NULL);
    json_t *windows = arr(x), *terms = arr(x), *wo, *co;
    const ldg_energy_terms *en;
    ldg_i128 billed, exact = 0;
    ldg_code rc;

    put(x, lo, "windows", windows);
    put(x, lo, "terms", terms);
    if (!w || !windows) {
        no_window(x, sn, l);
        return LDG_OK;
    }
    en = &w->win.terms.energy;
    wo = window_obj(x, w);
    push(x, windows, wo);
    window_sentence(x, sn, w);
    if ((rc = explain_terms(x, terms, sn, w, COMP_ENERGY, -1, RF_ENERGY, 0, err)) !=
        LDG_OK)
        return rc;
    explain_sum(x, wo, "metered", sn, "metered", &w->energy, LDG_USAGE_ENERGY, -1);
    if (!en->present || w->energy.qty_micros == 0) {
        say(x, sn, "%s",
            en->present ? "no energy metered: no energy line"
                        : "the contract has no energy terms in this window");
        return LDG_OK;
    }
    billed = (ldg_i128)w->energy.qty_micros * en->pue_micros; /* MWh, 10^-12 */
    if ((rc = ldg_i128_to_i64(&out->qty, ldg_fixed_div_round(billed, LDG_MICRO), err)) != LDG_OK ||
        (rc = ldg_i128_mul(&exact, billed, en->rate_per_mwh_micros, err)) != LDG_OK)
        return rc;
    co = obj(x);
    if (co) {
        put_fixed(x, co, "pue", en->pue_micros);
        put(x, co, "billed_exact", json_string(ldg_explain_decimal(b, billed, 12)));
        put_fixed(x, co, "quantity", out->qty);
    }
    put(x, lo, "computation", co);
    say(x, sn,
        "billed energy: %s mwh × PUE %s = %s mwh, shown as %s mwh (rounded to 6 "
        "decimals; the amount uses the exact value)",
        fx(q, w->energy.qty_micros), fx(p, en->pue_micros),
        ldg_explain_decimal(b, billed, 12), fx(r, out->qty));
    snprintf(expr, sizeof(expr), "%s mwh × %s (PUE) × %s %s", fx(q, w->energy.qty_micros),
             fx(p, en->pue_micros), fx(r, en->rate_per_mwh_micros), x->cur);
    rc = explain_product(x, lo, sn, expr, exact, 1, 18, &out->amount, err);
    out->present = rc == LDG_OK;
    return rc;
}

static ldg_code ex_capacity(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                            computed *out, ldg_error *err)
{
    char c[LDG_FIXED_BUFLEN], r[LDG_FIXED_BUFLEN], q[LDG_FIXED_BUFLEN],
        expr[SENTENCE_MAX];
    const xwin *w = find_window(x->ex, l->from, l->to, NULL);
    int64_t ph = ldg_period_hours(x->ex->p);
    json_t *windows = arr(x), *terms = arr(x), *co;
    const ldg_energy_terms *en;
    ldg_i128 exact = 0;
    ldg_code rc;

    put(x, lo, "windows", windows);
    put(x, lo, "terms", terms);
    if (!w || !windows) {
        no_window(x, sn, l);
        return LDG_OK;
    }
    en = &w->win.terms.energy;
    push(x, windows, window_obj(x, w));
    window_sentence(x, sn, w);
    if ((rc = explain_terms(x, terms, sn, w, COMP_ENERGY, -1, RF_CAPACITY, 0, err)) !=
        LDG_OK)
        return rc;
    if (!en->present || en->capacity_mw_micros == 0) {
        say(x, sn, "no capacity in the energy terms: no power_capacity line");
        return LDG_OK;
    }
    if ((rc = ldg_i128_mul(&exact, (ldg_i128)en->capacity_mw_micros * en->capacity_rate_micros,
                     w->win.hours, err)) != LDG_OK ||
        (rc = ldg_i128_to_i64(&out->qty,
                     ldg_fixed_div_round((ldg_i128)en->capacity_mw_micros * w->win.hours, ph),
                     err)) != LDG_OK)
        return rc;
    co = obj(x);
    if (co) {
        put_fixed(x, co, "capacity_mw", en->capacity_mw_micros);
        put(x, co, "period_hours", json_integer((json_int_t)ph));
        put_fixed(x, co, "quantity", out->qty);
    }
    put(x, lo, "computation", co);
    say(x, sn,
        "capacity: %s MW × %" PRId64 " hours / %" PRId64
        " hours in the period = %s mw_month (rounded to 6 decimals)",
        fx(c, en->capacity_mw_micros), w->win.hours, ph, fx(q, out->qty));
    snprintf(expr, sizeof(expr), "%s MW × %s %s × %" PRId64 " h / %" PRId64 " h",
             fx(c, en->capacity_mw_micros), fx(r, en->capacity_rate_micros), x->cur,
             w->win.hours, ph);
    rc = explain_product(x, lo, sn, expr, exact, ph, 12, &out->amount, err);
    out->present = rc == LDG_OK;
    return rc;
}

/* 100 x (R - D) / R in micro-percent, truncated; *exact says whether it is exact. */
static int64_t availability(ldg_i128 reserved, ldg_i128 down, bool *exact)
{
    ldg_i128 num = (ldg_i128)100 * LDG_MICRO * (reserved - down);

    *exact = num % reserved == 0;
    return (int64_t)(num / reserved);
}

/*
 * The windows where class k has terms, each with its reservation, its value at the
 * rate and its downtime; sums[0..3) receive the period's reserved, downtime and value
 * (reserved x rate, 10^-12), as the rater sums them.
 */
static ldg_code sla_windows(xctx *x, json_t *windows, json_t *terms, json_t *sn, int k,
                            ldg_i128 sums[3], ldg_error *err)
{
    const ldg_explain *ex = x->ex;
    char q[LDG_FIXED_BUFLEN], r[LDG_FIXED_BUFLEN], b[LDG_EXPLAIN_DECBUF];
    ldg_code rc;

    sums[0] = sums[1] = sums[2] = 0;
    for (size_t i = 0; i < ex->nw; i++) {
        const xwin *w = &ex->w[i];
        const ldg_gpu_terms *g = &w->win.terms.gpu[k];
        int64_t rw = 0;
        json_t *wo;

        if (!g->present)
            continue;
        if ((rc = ldg_rate_reserved(&rw, &w->win, k, err)) != LDG_OK)
            return rc;
        wo = window_obj(x, w);
        push(x, windows, wo);
        window_sentence(x, sn, w);
        if ((rc = explain_terms(x, terms, sn, w, COMP_GPU, k, RF_GPU, 0, err)) !=
                LDG_OK ||
            (rc = ldg_i128_add(&sums[2], (ldg_i128)rw * g->rate_micros, err)) != LDG_OK)
            return rc;
        sums[0] += rw;
        sums[1] += w->down[k].qty_micros;
        if (wo) {
            json_t *ro = obj(x);
            if (ro) {
                put(x, ro, "gpus", json_integer((json_int_t)g->reserved));
                put_fixed(x, ro, "quantity", rw);
                put_fixed(x, ro, "rate", g->rate_micros);
                put(x, ro, "value",
                    json_string(
                        ldg_explain_decimal(b, (ldg_i128)rw * g->rate_micros, 12)));
            }
            put(x, wo, "reserved", ro);
        }
        say(x, sn,
            "reserved: %" PRId64 " GPUs × %" PRId64 " hours = %s gpu_hour at %s = %s %s",
            g->reserved, w->win.hours, fx(q, rw), fx(r, g->rate_micros),
            ldg_explain_decimal(b, (ldg_i128)rw * g->rate_micros, 12), x->cur);
        explain_sum(x, wo, "downtime", sn, "downtime", &w->down[k], LDG_USAGE_DOWNTIME,
                    k);
    }
    return LDG_OK;
}

static ldg_code ex_sla(xctx *x, json_t *lo, json_t *sn, const ldg_line *l, computed *out,
                       ldg_error *err)
{
    const ldg_explain *ex = x->ex;
    const xwin *last = &ex->w[ex->nw - 1];
    const ldg_sla_terms *sla = &last->win.terms.sla;
    char q[LDG_FIXED_BUFLEN], q2[LDG_FIXED_BUFLEN], q3[LDG_FIXED_BUFLEN];
    char r[LDG_FIXED_BUFLEN], b[LDG_EXPLAIN_DECBUF], expr[SENTENCE_MAX];
    json_t *windows = arr(x), *terms = arr(x), *co, *bands;
    ldg_i128 reserved = 0, down = 0, value = 0, lhs, exact = 0, sums[3];
    const ldg_sla_band *band = NULL;
    int k = (int)l->cls;
    int64_t avail, rate, clamped;
    bool avail_exact;
    ldg_code rc;

    put(x, lo, "windows", windows);
    put(x, lo, "terms", terms);
    if (k < 0 || !windows) {
        no_window(x, sn, l);
        return LDG_OK;
    }
    if ((rc = explain_terms(x, terms, sn, last, COMP_SLA, -1, RF_NONE, 0, err)) != LDG_OK)
        return rc;
    if ((rc = sla_windows(x, windows, terms, sn, k, sums, err)) != LDG_OK)
        return rc;
    reserved = sums[0];
    down = sums[1];
    value = sums[2];
    co = obj(x);
    put(x, lo, "computation", co);
    if (reserved == 0) {
        say(x, sn, "no %s GPUs reserved in the period: no credit",
            ldg_contract_class_name((ldg_gpu_class)k));
        return LDG_OK;
    }
    clamped = (int64_t)(down < 0 ? 0 : down > reserved ? reserved : down);
    avail = availability(reserved, clamped, &avail_exact);
    if (co) {
        put_fixed(x, co, "reserved", (int64_t)reserved);
        put_fixed(x, co, "downtime", (int64_t)clamped);
        put_fixed(x, co, "availability", avail);
        put(x, co, "availability_exact", json_boolean(avail_exact));
    }
    say(x, sn, "availability: 100 × (1 − downtime %s / reserved %s) = %s%s %%%s",
        fx(q, clamped), fx(q2, (int64_t)reserved), fx(q3, avail), avail_exact ? "" : "…",
        down == clamped ? "" : " (downtime clamped to 0..reserved)");
    lhs = (ldg_i128)100 * LDG_MICRO * (reserved - clamped);
    bands = arr(x);
    for (size_t i = 0; i < sla->nbands; i++) {
        bool under = lhs < (ldg_i128)sla->bands[i].below_micros * reserved;
        json_t *bo = obj(x);

        if (under)
            band = &sla->bands[i]; /* bands descend: the last hit is the lowest */
        if (bo) {
            put_fixed(x, bo, "below", sla->bands[i].below_micros);
            put_fixed(x, bo, "percent", sla->bands[i].percent_micros);
            put(x, bo, "under", json_boolean(under));
        }
        push(x, bands, bo);
        say(x, sn, "band below %s %% (credit %s %%): availability is %s it",
            fx(q, sla->bands[i].below_micros), fx(q2, sla->bands[i].percent_micros),
            under ? "strictly under" : "not under");
    }
    if (co)
        put(x, co, "bands", bands);
    else
        json_decref(bands);
    if (!band || band->percent_micros == 0) {
        say(x, sn, "no band applies: no credit");
        return LDG_OK;
    }
    rate = -band->percent_micros / 100;
    if ((rc = ldg_i128_to_i64(&out->qty, ldg_fixed_div_round(value, LDG_MICRO), err)) != LDG_OK ||
        (rc = ldg_i128_mul(&exact, value, rate, err)) != LDG_OK)
        return rc;
    say(x, sn,
        "the lowest band that applies: %s %%, so the rate is −%s / 100 = %s; the credit "
        "base is Σ reserved × rate = %s %s (shown as %s)",
        fx(q, band->percent_micros), fx(q2, band->percent_micros), fx(r, rate),
        ldg_explain_decimal(b, value, 12), x->cur, fx(q3, out->qty));
    if (co) {
        put(x, co, "credit_base", json_string(ldg_explain_decimal(b, value, 12)));
        put_fixed(x, co, "rate", rate);
    }
    snprintf(expr, sizeof(expr), "%s %s × %s", ldg_explain_decimal(b, value, 12), x->cur,
             fx(r, rate));
    rc = explain_product(x, lo, sn, expr, exact, 1, 18, &out->amount, err);
    out->present = rc == LDG_OK;
    return rc;
}

static ldg_code ex_true_up(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                           computed *out, ldg_error *err)
{
    const ldg_explain *ex = x->ex;
    int64_t ph = ldg_period_hours(ex->p);
    char m[LDG_FIXED_BUFLEN], a[LDG_FIXED_BUFLEN], b[LDG_EXPLAIN_DECBUF];
    char expr[SENTENCE_MAX];
    json_t *windows = arr(x), *terms = arr(x);
    ldg_i128 minimum = 0, billed = 0, excess = 0;
    size_t nbilled = 0;
    ldg_code rc;

    (void)l; /* the line is the period's: every window explains it */
    put(x, lo, "windows", windows);
    put(x, lo, "terms", terms);
    for (size_t i = 0; i < ex->nw; i++) {
        const xwin *w = &ex->w[i];
        json_t *wo = window_obj(x, w);

        push(x, windows, wo);
        if (wo)
            put_fixed(x, wo, "minimum_monthly", w->win.terms.minimum_monthly_micros);
        window_sentence(x, sn, w);
        if ((rc = explain_terms(x, terms, sn, w, COMP_MINIMUM, -1, RF_NONE, 0, err)) !=
            LDG_OK)
            return rc;
        say(x, sn, "minimum: %s %s × %" PRId64 " / %" PRId64 " hours",
            fx(m, w->win.terms.minimum_monthly_micros), x->cur, w->win.hours, ph);
        minimum += (ldg_i128)w->win.terms.minimum_monthly_micros * w->win.hours;
    }
    for (size_t i = 0; i < ldg_rate_draft_line_count(x->rerated); i++) {
        const ldg_line *rl = ldg_rate_draft_line(x->rerated, i);
        if (rl->stream <= LDG_STREAM_POWER_CAPACITY) {
            billed += rl->amount_micros;
            nbilled++;
        }
    }
    say(x, sn,
        "billed by the %zu rounded gpu_reserved, gpu_overage, energy and power_capacity "
        "lines: %s %s",
        nbilled, ldg_explain_decimal(b, billed, 6), x->cur);
    if ((rc = ldg_i128_mul(&excess, billed, ph, err)) != LDG_OK)
        return rc;
    excess = minimum - excess;
    if (excess <= 0) {
        say(x, sn, "the minimum is met: no true-up");
        return LDG_OK;
    }
    snprintf(expr, sizeof(expr), "Σ minimum_monthly × h / %" PRId64 " h − %s %s", ph,
             ldg_explain_decimal(b, billed, 6), x->cur);
    rc = explain_product(x, lo, sn, expr, excess, ph, 6, &out->amount, err);
    if (rc == LDG_OK && out->amount == 0) {
        say(x, sn, "the shortfall rounds to %s: no line", am(x, a, 0));
        return LDG_OK;
    }
    out->qty = LDG_MICRO;
    out->present = rc == LDG_OK;
    return rc;
}

/* One explainer per stream, in ldg_stream order, as ldg_rate_finish prices them. */
typedef ldg_code (*explainer)(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                              computed *out, ldg_error *err);
static const explainer explainers[LDG_STREAM_COUNT] = {
    ex_reserved, ex_overage, ex_energy, ex_capacity, ex_sla, ex_true_up,
};

/* ---- documents --------------------------------------------------------------------- */

static bool same_key(const ldg_line *a, const ldg_line *b)
{
    return a->stream == b->stream && a->cls == b->cls && a->from == b->from &&
           a->to == b->to && strcmp(a->unit, b->unit) == 0 &&
           a->rate_micros == b->rate_micros;
}

static const ldg_line *find_key(const ldg_draft *d, const ldg_line *key)
{
    for (size_t i = 0; i < ldg_rate_draft_line_count(d); i++)
        if (same_key(ldg_rate_draft_line(d, i), key))
            return ldg_rate_draft_line(d, i);
    return NULL;
}

static void put_line_fields(xctx *x, json_t *o, const ldg_line *l)
{
    const char *cls = ldg_contract_class_name(l->cls);

    put(x, o, "stream", json_string(ldg_rate_stream_name(l->stream)));
    put(x, o, "class", cls ? json_string(cls) : json_null());
    put_time(x, o, "from", l->from);
    put_time(x, o, "to", l->to);
    put_fixed(x, o, "quantity", l->qty_micros);
    put(x, o, "unit", json_string(l->unit));
    put_fixed(x, o, "rate", l->rate_micros);
    put_amount(x, o, "amount", l->amount_micros);
}

static json_t *qty_amount(xctx *x, ldg_i128 qty, ldg_i128 amount)
{
    char b[LDG_EXPLAIN_DECBUF];
    json_t *o = obj(x);
    ldg_i128 unit = ldg_pow10(6 - x->digits);

    if (o) {
        put(x, o, "quantity", json_string(ldg_explain_decimal(b, qty, 6)));
        put(x, o, "amount",
            json_string(ldg_explain_decimal(b, amount / unit, x->digits)));
    }
    return o;
}

/* The difference of an amending document's line against the earlier documents. */
static bool explain_difference(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                               const ldg_line *rl, const ldg_invoice *const *earlier,
                               size_t n)
{
    char q[LDG_EXPLAIN_DECBUF], a[LDG_EXPLAIN_DECBUF], q2[LDG_EXPLAIN_DECBUF],
        a2[LDG_EXPLAIN_DECBUF];
    ldg_i128 pq = 0, pa = 0, eq, ea, unit = ldg_pow10(6 - x->digits);
    json_t *d = obj(x), *before = arr(x);
    bool match;

    if (rl)
        say(x, sn, "re-rated: %s %s, amount %s",
            ldg_explain_decimal(q, rl->qty_micros, 6), rl->unit,
            ldg_explain_decimal(a, rl->amount_micros / unit, x->digits));
    else
        say(x, sn,
            "re-rated: the line is gone from the re-rating, so what was issued under "
            "its key is reversed");
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < ldg_invoice_line_count(earlier[i]); j++) {
            const ldg_line *e = ldg_invoice_line(earlier[i], j);
            json_t *eo;

            if (!same_key(e, l))
                continue;
            pq += e->qty_micros;
            pa += e->amount_micros;
            eo = qty_amount(x, e->qty_micros, e->amount_micros);
            if (eo) {
                put(x, eo, "number", json_string(ldg_invoice_number(earlier[i])));
                put(x, eo, "kind",
                    json_string(ldg_invoice_kind_name(ldg_invoice_kind_of(earlier[i]))));
            }
            push(x, before, eo);
            say(x, sn, "issued before under this key: %s %s %s %s, amount %s",
                ldg_invoice_kind_name(ldg_invoice_kind_of(earlier[i])),
                ldg_invoice_number(earlier[i]), ldg_explain_decimal(q, e->qty_micros, 6),
                e->unit, ldg_explain_decimal(a, e->amount_micros / unit, x->digits));
        }
    }
    eq = (rl ? rl->qty_micros : 0) - pq;
    ea = (rl ? rl->amount_micros : 0) - pa;
    match = eq == l->qty_micros && ea == l->amount_micros;
    if (d) {
        put(x, d, "rerated",
            rl ? qty_amount(x, rl->qty_micros, rl->amount_micros) : json_null());
        put(x, d, "issued_before", before);
        put(x, d, "issued_sum", qty_amount(x, pq, pa));
        put(x, d, "expected", qty_amount(x, eq, ea));
    } else {
        json_decref(before);
    }
    put(x, lo, "difference", d);
    say(x, sn,
        "difference: re-rated minus issued before = %s %s, amount %s (the amount is the "
        "difference of rounded amounts, never rounded again): %s",
        ldg_explain_decimal(q, eq, 6), l->unit,
        ldg_explain_decimal(a, ea / unit, x->digits),
        match ? "this line" : "NOT this line");
    if (!match)
        say(x, sn, "this document says %s %s, amount %s",
            ldg_explain_decimal(q2, l->qty_micros, 6), l->unit,
            ldg_explain_decimal(a2, l->amount_micros / unit, x->digits));
    return match;
}

static ldg_code explain_line(xctx *x, json_t *lines, const ldg_invoice *doc, size_t i,
                             const ldg_invoice *const *earlier, size_t n, bool *all_match,
                             ldg_error *err)
{
    const ldg_line *l = ldg_invoice_line(doc, i);
    const ldg_line *rl = find_key(x->rerated, l);
    char q[LDG_FIXED_BUFLEN], a[LDG_FIXED_BUFLEN];
    json_t *lo = obj(x), *sn = arr(x);
    computed c = { 0 };
    bool match;
    ldg_code rc = LDG_OK;

    if (!lo || !sn) {
        json_decref(lo);
        json_decref(sn);
        return LDG_OK;
    }
    put(x, lo, "line", json_integer((json_int_t)(i + 1)));
    put_line_fields(x, lo, l);
    if ((int)l->stream >= 0 && l->stream < LDG_STREAM_COUNT)
        rc = explainers[l->stream](x, lo, sn, l, &c, err);
    if (rc != LDG_OK) {
        json_decref(lo);
        json_decref(sn);
        ldg_error_where(err, "line %zu", i + 1);
        return rc;
    }
    put(x, lo, "rerated",
        rl ? qty_amount(x, rl->qty_micros, rl->amount_micros) : json_null());
    /* Our arithmetic and the rater's must agree; a disagreement is named. */
    if (c.present != (rl != NULL) ||
        (rl && (c.qty != rl->qty_micros || c.amount != rl->amount_micros)))
        say(x, sn,
            "note: this explanation computes %s %s, amount %s, but the rater "
            "gives %s",
            fx(q, c.qty), l->unit, am(x, a, c.amount),
            rl ? "a different line" : "no such line");
    if (ldg_invoice_amends(doc)) {
        match = explain_difference(x, lo, sn, l, rl, earlier, n);
    } else {
        match = rl && rl->qty_micros == l->qty_micros &&
                rl->amount_micros == l->amount_micros;
        if (match)
            say(x, sn,
                "check: re-rating these sums gives %s %s, amount %s: the same as "
                "the invoice",
                fx(q, rl->qty_micros), rl->unit, am(x, a, rl->amount_micros));
        else if (rl)
            say(x, sn,
                "check: re-rating these sums gives %s %s, amount %s: NOT the "
                "invoice's line",
                fx(q, rl->qty_micros), rl->unit, am(x, a, rl->amount_micros));
        else
            say(x, sn,
                "check: re-rating these sums gives no such line: NOT the invoice's "
                "line");
    }
    put(x, lo, "matches", json_boolean(match));
    put(x, lo, "explanation", sn);
    push(x, lines, lo);
    if (!match)
        *all_match = false;
    return LDG_OK;
}

/* Re-rates the period from the window sums: one item per window, kind and class. */
static ldg_code rerate(ldg_draft **out, const ldg_explain *ex, ldg_error *err)
{
    ldg_rating *r = NULL;
    ldg_code rc = ldg_rate_new(&r, ex->c, ex->p, err);

    for (size_t i = 0; rc == LDG_OK && i < ex->nw; i++) {
        const xwin *w = &ex->w[i];
        ldg_usage u = { .start = w->win.from, .end = w->win.to };

        for (int k = 0; rc == LDG_OK && k < LDG_GPU_NCLASS; k++) {
            u.cls = (ldg_gpu_class)k;
            u.kind = LDG_USAGE_GPU;
            u.qty_micros = w->gpu[k].qty_micros;
            if (u.qty_micros != 0)
                rc = ldg_rate_add(r, &u, err);
            u.kind = LDG_USAGE_DOWNTIME;
            u.qty_micros = w->down[k].qty_micros;
            if (rc == LDG_OK && u.qty_micros != 0)
                rc = ldg_rate_add(r, &u, err);
        }
        u.kind = LDG_USAGE_ENERGY;
        u.cls = LDG_GPU_NONE;
        u.qty_micros = w->energy.qty_micros;
        if (rc == LDG_OK && u.qty_micros != 0)
            rc = ldg_rate_add(r, &u, err);
    }
    if (rc == LDG_OK)
        rc = ldg_rate_finish(out, r, err);
    ldg_rate_free(r);
    return rc;
}

static ldg_code check_document(const ldg_explain *ex, const ldg_invoice *doc,
                               ldg_error *err)
{
    ldg_period p = ldg_invoice_period(doc);
    char p1[8], p2[8];

    if (strcmp(ldg_invoice_contract(doc), ldg_contract_id(ex->c)) != 0 ||
        p.year != ex->p.year || p.month != ex->p.month ||
        strcmp(ldg_invoice_currency(doc), ldg_contract_currency(ex->c)) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "document \"%s\" (contract \"%s\", period %s, %s) is not of "
                             "contract \"%s\", period %s, %s",
                             ldg_invoice_number(doc), ldg_invoice_contract(doc),
                             ldg_period_format(p1, p), ldg_invoice_currency(doc),
                             ldg_contract_id(ex->c), ldg_period_format(p2, ex->p),
                             ldg_contract_currency(ex->c));
    return LDG_OK;
}

/*
 * Downtime in windows where its class has no terms: rating ignores it (downtime
 * counts only against reserved hours), so say so rather than let it vanish. Adds
 * "ignored_downtime": [{class, from, to, quantity, records, first_seq, last_seq}] to
 * root when there is any.
 */
static void ignored_downtime(xctx *x, json_t *root, json_t *sn)
{
    const ldg_explain *ex = x->ex;
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN], q[LDG_FIXED_BUFLEN];
    json_t *list = NULL;

    for (int k = 0; k < LDG_GPU_NCLASS; k++) {
        for (size_t i = 0; i < ex->nw; i++) {
            const xwin *w = &ex->w[i];
            const ldg_explain_sum *d = &w->down[k];
            const char *cls = ldg_contract_class_name((ldg_gpu_class)k);
            json_t *o;

            if (w->win.terms.gpu[k].present || d->records == 0 || d->qty_micros == 0)
                continue;
            if (!list)
                list = arr(x);
            if ((o = obj(x)) != NULL) {
                put(x, o, "class", json_string(cls));
                put_time(x, o, "from", w->win.from);
                put_time(x, o, "to", w->win.to);
                put_fixed(x, o, "quantity", d->qty_micros);
                put(x, o, "records", json_integer((json_int_t)d->records));
                put(x, o, "first_seq", seq_value(d->first_seq));
                put(x, o, "last_seq", seq_value(d->last_seq));
            }
            push(x, list, o);
            say(x, sn,
                "Downtime ignored: %s gpu_hour of %s downtime in %s .. %s (%" PRId64
                " record%s, seq %" PRId64 "..%" PRId64 "), where the contract has no %s "
                "terms; downtime counts only against reserved hours, so it has no SLA "
                "effect (reconcile reports it as downtime_no_terms)",
                fx(q, d->qty_micros), cls, tm(t1, w->win.from), tm(t2, w->win.to), d->records,
                d->records == 1 ? "" : "s", d->first_seq, d->last_seq, cls);
        }
    }
    if (list)
        put(x, root, "ignored_downtime", list);
}

static void summary(xctx *x, json_t *root, json_t *sn, const ldg_invoice *doc,
                    const ldg_invoice *const *earlier, size_t n)
{
    const ldg_explain *ex = x->ex;
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN], a[LDG_FIXED_BUFLEN], per[8], s1[32];
    char buf[SENTENCE_MAX];
    json_t *entries = arr(x), *wins = arr(x), *cov = obj(x);
    int64_t covered = 0;
    size_t used = 0;

    say(x, sn, "%s %s of contract %s, tenant %s, site %s, period %s, %s: total %s",
        ldg_invoice_kind_of(doc) == LDG_INVOICE_KIND_CREDIT_NOTE ? "Credit note"
        : ldg_invoice_amends(doc)                                ? "Supplementary invoice"
                                                                 : "Invoice",
        ldg_invoice_number(doc), ldg_contract_id(ex->c), ldg_contract_tenant(ex->c),
        ldg_contract_site(ex->c), ldg_period_format(per, ex->p), x->cur,
        am(x, a, ldg_invoice_total(doc)));
    if (ldg_invoice_amends(doc)) {
        json_t *ea = arr(x);
        int m;

        buf[0] = '\0';
        for (size_t i = 0; i < n; i++) {
            json_t *e = obj(x);
            if (e) {
                put(x, e, "number", json_string(ldg_invoice_number(earlier[i])));
                put(x, e, "kind",
                    json_string(ldg_invoice_kind_name(ldg_invoice_kind_of(earlier[i]))));
            }
            push(x, ea, e);
            m = snprintf(buf + used, sizeof(buf) - used, "%s%s (%s)", i ? ", " : "",
                         ldg_invoice_number(earlier[i]),
                         ldg_invoice_kind_name(ldg_invoice_kind_of(earlier[i])));
            if (m > 0 && (size_t)m < sizeof(buf) - used)
                used += (size_t)m;
        }
        put(x, root, "earlier", ea);
        say(x, sn,
            "It amends %s. Each line is the difference, key by key (stream, class, from, "
            "to, unit, rate), between the period re-rated from the log and what was "
            "issued before: %s",
            ldg_invoice_amends(doc), n ? buf : "nothing");
    }
    say(x, sn,
        "Rated from the log of tenant %s at checkpoint size %" PRId64
        " (root %s): the usage entries with seq < %" PRId64 " at site %s",
        ldg_contract_tenant(ex->c), ldg_invoice_rated_from_size(doc),
        ldg_invoice_rated_from_root(doc), ldg_invoice_rated_from_size(doc),
        ldg_contract_site(ex->c));
    used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < ex->nw; i++) {
        int m = snprintf(buf + used, sizeof(buf) - used, "%s[%s, %s) %" PRId64 " h",
                         i ? ", " : "", tm(t1, ex->w[i].win.from), tm(t2, ex->w[i].win.to),
                         ex->w[i].win.hours);
        if (m > 0 && (size_t)m < sizeof(buf) - used)
            used += (size_t)m;
        covered += ex->w[i].win.hours;
        push(x, wins, window_obj(x, &ex->w[i]));
    }
    if (cov) {
        put_time(x, cov, "from", ex->w[0].win.from);
        put_time(x, cov, "to", ex->w[ex->nw - 1].win.to);
        put(x, cov, "hours", json_integer((json_int_t)covered));
    }
    put(x, root, "covered", cov);
    put(x, root, "period_hours", json_integer((json_int_t)ldg_period_hours(ex->p)));
    put(x, root, "windows", wins);
    say(x, sn,
        "Billed part of the period: %s .. %s, %" PRId64 " of %" PRId64
        " hours, in %zu window%s (cut at the contract's start and end, amendments and "
        "escalations): %s",
        tm(t1, ex->w[0].win.from), tm(t2, ex->w[ex->nw - 1].win.to), covered,
        ldg_period_hours(ex->p), ex->nw, ex->nw == 1 ? "" : "s", buf);
    used = 0;
    buf[0] = '\0';
    for (size_t d = 0; d < ex->ndocs; d++) {
        json_t *e = obj(x);
        int m;

        if (e) {
            put(x, e, "seq", seq_value(ex->seqs[d]));
            put(x, e, "role", json_string(doc_role(d)));
            put_time(x, e, "effective", doc_effective(ex, d));
        }
        push(x, entries, e);
        m = snprintf(buf + used, sizeof(buf) - used, "%s%s %s %s", d ? "; " : "",
                     seqtxt(s1, ex->seqs[d]), doc_role(d),
                     d ? tm(t1, doc_effective(ex, d)) : ldg_contract_id(ex->c));
        if (m > 0 && (size_t)m < sizeof(buf) - used)
            used += (size_t)m;
    }
    put(x, root, "contract_entries", entries);
    say(x, sn, "Contract entries in the log: %s", buf);
    ignored_downtime(x, root, sn);
}

ldg_code ldg_explain_document(json_t **out, const ldg_explain *ex, const ldg_invoice *doc,
                              const ldg_invoice *const *earlier, size_t n, size_t line,
                              ldg_error *err)
{
    char per[8], a[LDG_FIXED_BUFLEN];
    xctx x = { .ex = ex };
    ldg_draft *rerated = NULL;
    json_t *root = NULL, *lines = NULL, *sn = NULL, *rf = NULL;
    size_t nlines;
    bool all_match = true;
    ldg_code rc;

    assert(out && ex && doc);
    *out = NULL;
    nlines = ldg_invoice_line_count(doc);
    if ((rc = check_document(ex, doc, err)) != LDG_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = check_document(ex, earlier[i], err)) != LDG_OK)
            return rc;
    if (line > nlines)
        return ldg_error_set(err, LDG_EINVAL, "%s \"%s\" has %zu line%s, not %zu",
                             ldg_invoice_kind_name(ldg_invoice_kind_of(doc)),
                             ldg_invoice_number(doc), nlines, nlines == 1 ? "" : "s",
                             line);
    if ((rc = rerate(&rerated, ex, err)) != LDG_OK) {
        ldg_error_where(err, "re-rating contract \"%s\" period %s",
                        ldg_contract_id(ex->c), ldg_period_format(per, ex->p));
        return rc;
    }
    x.rerated = rerated;
    x.cur = ldg_contract_currency(ex->c);
    x.digits = ldg_contract_currency_digits(x.cur);
    root = obj(&x);
    lines = arr(&x);
    sn = arr(&x);
    rf = obj(&x);
    if (x.oom)
        goto done;
    put(&x, root, "number", json_string(ldg_invoice_number(doc)));
    put(&x, root, "kind", json_string(ldg_invoice_kind_name(ldg_invoice_kind_of(doc))));
    put(&x, root, "contract", json_string(ldg_contract_id(ex->c)));
    put(&x, root, "tenant", json_string(ldg_contract_tenant(ex->c)));
    put(&x, root, "site", json_string(ldg_contract_site(ex->c)));
    put(&x, root, "period", json_string(ldg_period_format(per, ex->p)));
    put(&x, root, "currency", json_string(x.cur));
    put(&x, root, "amends",
        ldg_invoice_amends(doc) ? json_string(ldg_invoice_amends(doc)) : json_null());
    put(&x, rf, "size", json_integer((json_int_t)ldg_invoice_rated_from_size(doc)));
    put(&x, rf, "root", json_string(ldg_invoice_rated_from_root(doc)));
    put(&x, root, "rated_from", rf);
    rf = NULL;
    summary(&x, root, sn, doc, earlier, n);
    for (size_t i = 0; rc == LDG_OK && i < nlines; i++)
        if (line == 0 || line == i + 1)
            rc = explain_line(&x, lines, doc, i, earlier, n, &all_match, err);
    if (rc != LDG_OK)
        goto done;
    /* A re-rated line the original lacks is a difference too. */
    if (!ldg_invoice_amends(doc) && line == 0) {
        for (size_t i = 0; i < ldg_rate_draft_line_count(rerated); i++) {
            const ldg_line *rl = ldg_rate_draft_line(rerated, i);
            bool found = false;

            for (size_t j = 0; j < nlines && !found; j++)
                found = same_key(ldg_invoice_line(doc, j), rl);
            if (!found) {
                char q[LDG_FIXED_BUFLEN], t1[LDG_TIME_BUFLEN];
                all_match = false;
                say(&x, sn,
                    "The re-rating has a line the invoice lacks: %s %s from %s, %s %s, "
                    "amount %s",
                    ldg_rate_stream_name(rl->stream),
                    rl->cls == LDG_GPU_NONE ? "-" : ldg_contract_class_name(rl->cls),
                    tm(t1, rl->from), fx(q, rl->qty_micros), rl->unit,
                    am(&x, a, rl->amount_micros));
            }
        }
    }
    put_amount(&x, root, "total", ldg_invoice_total(doc));
    put_amount(&x, root, "rerated_total", ldg_rate_draft_total(rerated));
    put(&x, root, "matches", json_boolean(all_match));
    if (ldg_invoice_amends(doc))
        say(&x, sn, "Re-rated total of the period: %s; %s",
            am(&x, a, ldg_rate_draft_total(rerated)),
            all_match ? "every line explained is the difference the re-rating gives"
                      : "some lines are NOT the difference the re-rating gives");
    else
        say(&x, sn, "Re-rated total from these sums: %s; %s",
            am(&x, a, ldg_rate_draft_total(rerated)),
            all_match ? (line ? "the line is reproduced exactly"
                              : "every line is reproduced exactly")
                      : "some lines are NOT reproduced");
    put(&x, root, "summary", sn);
    sn = NULL;
    put(&x, root, "lines", lines);
    lines = NULL;
done:
    json_decref(rf);
    json_decref(sn);
    json_decref(lines);
    ldg_rate_draft_free(rerated);
    if (rc == LDG_OK && x.oom)
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (rc != LDG_OK) {
        json_decref(root);
        return rc;
    }
    *out = root;
    return LDG_OK;
}

/* ---- text -------------------------------------------------------------------------- */

static const char *member_str(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

ldg_code ldg_explain_text(ldg_buf *out, const json_t *e, ldg_error *err)
{
    const json_t *sn = json_object_get(e, "summary"),
                 *lines = json_object_get(e, "lines");
    const json_t *v, *lo;
    size_t i, j;
    ldg_code rc = LDG_OK;
    char head[SENTENCE_MAX];

    if (!json_is_array(sn) || !json_is_array(lines))
        return ldg_error_set(err, LDG_EINVAL, "not an explanation: no summary or lines");
    json_array_foreach(sn, i, v)
    {
        if (!json_is_string(v))
            return ldg_error_set(err, LDG_EINVAL, "not an explanation: summary[%zu]", i);
        if ((rc = ldg_buf_puts(out, json_string_value(v), err)) != LDG_OK ||
            (rc = ldg_buf_putc(out, '\n', err)) != LDG_OK)
            return rc;
    }
    json_array_foreach(lines, i, lo)
    {
        const json_t *ex = json_object_get(lo, "explanation");
        const char *cls = member_str(lo, "class");

        if (!json_is_integer(json_object_get(lo, "line")) || !member_str(lo, "stream") ||
            !member_str(lo, "from") || !member_str(lo, "to") ||
            !member_str(lo, "quantity") || !member_str(lo, "unit") ||
            !member_str(lo, "rate") || !member_str(lo, "amount") || !json_is_array(ex))
            return ldg_error_set(err, LDG_EINVAL, "not an explanation: lines[%zu]", i);
        snprintf(head, sizeof(head),
                 "\nLine %" JSON_INTEGER_FORMAT ": %s%s%s %s .. %s: %s %s at %s = %s\n",
                 json_integer_value(json_object_get(lo, "line")),
                 member_str(lo, "stream"), cls ? " " : "", cls ? cls : "",
                 member_str(lo, "from"), member_str(lo, "to"), member_str(lo, "quantity"),
                 member_str(lo, "unit"), member_str(lo, "rate"),
                 member_str(lo, "amount"));
        if ((rc = ldg_buf_puts(out, head, err)) != LDG_OK)
            return rc;
        json_array_foreach(ex, j, v)
        {
            if (!json_is_string(v))
                return ldg_error_set(err, LDG_EINVAL,
                                     "not an explanation: lines[%zu].explanation[%zu]", i,
                                     j);
            if ((rc = ldg_buf_puts(out, "  ", err)) != LDG_OK ||
                (rc = ldg_buf_puts(out, json_string_value(v), err)) != LDG_OK ||
                (rc = ldg_buf_putc(out, '\n', err)) != LDG_OK)
                return rc;
        }
    }
    return LDG_OK;
}

/* ---- setup ------------------------------------------------------------------------- */

void ldg_explain_free(ldg_explain *ex)
{
    if (!ex)
        return;
    free(ex->w);
    free(ex->seqs);
    free(ex);
}

static void empty_sum(ldg_explain_sum *s)
{
    memset(s, 0, sizeof(*s));
    s->first_seq = -1;
    s->last_seq = -1;
}

ldg_code ldg_explain_new(ldg_explain **out, const ldg_contract *c, ldg_period p,
                         ldg_error *err)
{
    ldg_rate_window *win = NULL;
    ldg_explain *ex;
    size_t nw;
    ldg_code rc;

    assert(out && c);
    *out = NULL;
    if ((rc = ldg_rate_windows(&win, &nw, c, p, err)) != LDG_OK)
        return rc;
    ex = calloc(1, sizeof(*ex));
    if (!ex || !(ex->w = calloc(nw, sizeof(*ex->w))) ||
        !(ex->seqs = malloc((ldg_contract_amendment_count(c) + 1) * sizeof(*ex->seqs)))) {
        free(win);
        ldg_explain_free(ex);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    ex->c = c;
    ex->p = p;
    ex->nw = nw;
    ex->ndocs = ldg_contract_amendment_count(c) + 1;
    for (size_t d = 0; d < ex->ndocs; d++)
        ex->seqs[d] = -1;
    for (size_t i = 0; i < ex->nw; i++) {
        xwin *w = &ex->w[i];

        w->win = win[i];
        for (int k = 0; k < LDG_GPU_NCLASS; k++) {
            empty_sum(&w->gpu[k]);
            empty_sum(&w->down[k]);
        }
        empty_sum(&w->energy);
    }
    free(win);
    *out = ex;
    return LDG_OK;
}

size_t ldg_explain_window_count(const ldg_explain *ex)
{
    return ex->nw;
}

void ldg_explain_window(const ldg_explain *ex, size_t i, ldg_time *from, ldg_time *to)
{
    assert(i < ex->nw);
    *from = ex->w[i].win.from;
    *to = ex->w[i].win.to;
}

ldg_code ldg_explain_set_entry_seq(ldg_explain *ex, size_t doc, int64_t seq,
                                   ldg_error *err)
{
    if (doc >= ex->ndocs)
        return ldg_error_set(
            err, LDG_EINVAL, "contract \"%s\" has %zu document%s, not %zu",
            ldg_contract_id(ex->c), ex->ndocs, ex->ndocs == 1 ? "" : "s", doc + 1);
    if (seq < 0)
        return ldg_error_set(err, LDG_EINVAL, "seq %" PRId64 " is negative", seq);
    ex->seqs[doc] = seq;
    return LDG_OK;
}

ldg_code ldg_explain_set_sum(ldg_explain *ex, size_t window, ldg_usage_kind kind,
                             ldg_gpu_class cls, const ldg_explain_sum *s, ldg_error *err)
{
    xwin *w;

    if (window >= ex->nw)
        return ldg_error_set(err, LDG_EINVAL, "window %zu out of range (%zu windows)",
                             window, ex->nw);
    if (kind == LDG_USAGE_ENERGY ? cls != LDG_GPU_NONE
                                 : ldg_contract_class_name(cls) == NULL)
        return ldg_error_set(err, LDG_EINVAL,
                             "usage sum of kind %s has a wrong class (%d)",
                             kind_label(kind), (int)cls);
    if (kind != LDG_USAGE_GPU && kind != LDG_USAGE_ENERGY && kind != LDG_USAGE_DOWNTIME)
        return ldg_error_set(err, LDG_EINVAL, "usage sum has an unknown kind (%d)",
                             (int)kind);
    if (s->records < 0 || s->corrections < 0 || s->split < 0 || s->meters < 0 ||
        s->hours < 0 || s->corrections > s->records || s->split > s->records ||
        s->meters > s->records || s->hours > ex->w[window].win.hours)
        return ldg_error_set(err, LDG_EINVAL, "usage sum has inconsistent counts");
    if (s->records == 0 ? s->first_seq != -1 || s->last_seq != -1 || s->qty_micros != 0 ||
                              s->meters != 0 || s->hours != 0
                        : s->first_seq < 0 || s->last_seq < s->first_seq ||
                              s->meters == 0 || s->hours == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "usage sum has inconsistent seqs for %" PRId64 " records",
                             s->records);
    w = &ex->w[window];
    switch (kind) {
    case LDG_USAGE_GPU:
        w->gpu[cls] = *s;
        break;
    case LDG_USAGE_DOWNTIME:
        w->down[cls] = *s;
        break;
    case LDG_USAGE_ENERGY:
        w->energy = *s;
        break;
    }
    return LDG_OK;
}
