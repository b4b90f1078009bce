/*
 * Explaining one invoice line per stream: the terms in force and the contract entries
 * that set them, the window and its usage sums, and the product with its one rounding,
 * in the order ldg_rate_finish() prices the streams (rate.c). Part of the explain
 * family (explain_int.h); explain.c owns the explanation and the documents.
 *
 * Invariant: the narration uses the rater's own rules, not copies: the windows of
 * ldg_rate_windows(), R_c(w) of ldg_rate_reserved(), the tier walk of
 * ldg_rate_segments() and the rounding of ldg_fixed_round_quotient(). What remains here
 * is the arithmetic a sentence shows (availability, a credit base); explain.c re-rates
 * the sums with the rater and names any line where the two disagree.
 */
#include "ledger/explain_int.h"

#include <assert.h>
#include <string.h>

#define PART_MAX   768
#define MONTHS_MAX (12 * 10000)

static ldg_code range_error(ldg_error *err)
{
    return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range while explaining");
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
    say(x, sentences, "terms in force from %s: %s; %s set by %s (%s)%s",
        tm(t1, w->win.from), inforce, comp_label(lbl, cp, k), seqtxt(s1, ex->seqs[src]),
        doc_role(src), rate_txt);
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

/*
 * The opening of a line priced in one window: "windows" and "terms" in lo, then the
 * line's window (pushed, with its sentence) and its object in *wo; or NULL, after
 * saying so, when the line names no window (or no class where need_class).
 */
static const xwin *line_window(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                               bool need_class, size_t *idx, json_t **terms, json_t **wo)
{
    const xwin *w = find_window(x->ex, l->from, l->to, idx);
    json_t *windows = arr(x);

    *terms = arr(x);
    put(x, lo, "windows", windows);
    put(x, lo, "terms", *terms);
    if (!w || (need_class && (int)l->cls < 0) || !windows) {
        no_window(x, sn, l);
        return NULL;
    }
    *wo = window_obj(x, w);
    push(x, windows, *wo);
    window_sentence(x, sn, w);
    return w;
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
    json_t *terms = NULL, *wo = NULL;
    const xwin *w = line_window(x, lo, sn, l, true, NULL, &terms, &wo);
    int k = (int)l->cls;
    int64_t reserved = 0;
    ldg_code rc = LDG_OK;

    if (!w)
        return LDG_OK;
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
    json_t *terms = NULL, *wo = NULL, *comp_o;
    const xwin *w = line_window(x, lo, sn, l, true, &idx, &terms, &wo);
    int k = (int)l->cls;
    const ldg_gpu_terms *g;
    ldg_i128 cum = 0, over, sum;
    int64_t reserved = 0, cum64 = 0, over64 = 0;
    ldg_code rc;

    if (!w)
        return LDG_OK;
    g = &w->win.terms.gpu[k];
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
    json_t *terms = NULL, *wo = NULL, *co;
    const xwin *w = line_window(x, lo, sn, l, false, NULL, &terms, &wo);
    const ldg_energy_terms *en;
    ldg_i128 billed, exact = 0;
    ldg_code rc;

    if (!w)
        return LDG_OK;
    en = &w->win.terms.energy;
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
    if ((rc = ldg_i128_to_i64(&out->qty, ldg_fixed_div_round(billed, LDG_MICRO), err)) !=
            LDG_OK ||
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
    int64_t ph = ldg_period_hours(x->ex->p);
    json_t *terms = NULL, *wo = NULL, *co;
    const xwin *w = line_window(x, lo, sn, l, false, NULL, &terms, &wo);
    const ldg_energy_terms *en;
    ldg_i128 exact = 0;
    ldg_code rc;

    if (!w)
        return LDG_OK;
    en = &w->win.terms.energy;
    if ((rc = explain_terms(x, terms, sn, w, COMP_ENERGY, -1, RF_CAPACITY, 0, err)) !=
        LDG_OK)
        return rc;
    if (!en->present || en->capacity_mw_micros == 0) {
        say(x, sn, "no capacity in the energy terms: no power_capacity line");
        return LDG_OK;
    }
    if ((rc = ldg_i128_mul(&exact,
                           (ldg_i128)en->capacity_mw_micros * en->capacity_rate_micros,
                           w->win.hours, err)) != LDG_OK ||
        (rc = ldg_i128_to_i64(
             &out->qty,
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

/*
 * The band's percent as rated (ldg_rate_sla_percent): with "cap_percent" in the SLA, one
 * more step of the explanation says the cap and whether it decides (never a hidden
 * clamp). Returns the percent; says so when the cap leaves no credit.
 */
static int64_t sla_cap(xctx *x, json_t *co, json_t *sn, const ldg_sla_terms *sla,
                       const ldg_sla_band *band)
{
    char c[LDG_FIXED_BUFLEN], p[LDG_FIXED_BUFLEN];
    int64_t pct = ldg_rate_sla_percent(sla, band);

    if (!sla->capped)
        return pct;
    if (co) {
        put_fixed(x, co, "cap_percent", sla->cap_percent_micros);
        put(x, co, "capped", json_boolean(pct != band->percent_micros));
    }
    say(x, sn,
        "cap: credits are at most %s %% of the class's reserved charges of the period "
        "(sla.cap_percent, measure class): the band's %s %% is %s",
        fx(c, sla->cap_percent_micros), fx(p, band->percent_micros),
        pct != band->percent_micros ? "capped to the cap" : "within it");
    if (pct == 0)
        say(x, sn, "the cap is 0 %%: no credit");
    return pct;
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
    int64_t avail, rate, clamped, pct;
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
    if ((pct = sla_cap(x, co, sn, sla, band)) == 0)
        return LDG_OK;
    rate = -pct / 100;
    if ((rc = ldg_i128_to_i64(&out->qty, ldg_fixed_div_round(value, LDG_MICRO), err)) !=
            LDG_OK ||
        (rc = ldg_i128_mul(&exact, value, rate, err)) != LDG_OK)
        return rc;
    say(x, sn,
        "the lowest band that applies: %s %%, so the rate is −%s / 100 = %s; the credit "
        "base is Σ reserved × rate = %s %s (shown as %s)",
        fx(q, band->percent_micros), fx(q2, pct), fx(r, rate),
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

ldg_code ldg_explain__stream(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                             computed *out, ldg_error *err)
{
    if ((int)l->stream < 0 || l->stream >= LDG_STREAM_COUNT)
        return LDG_OK;
    return explainers[l->stream](x, lo, sn, l, out, err);
}
