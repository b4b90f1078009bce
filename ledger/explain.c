/*
 * Explaining invoice lines. See explain.h for the contract.
 *
 * Invariant: every number this module prints is computed from exact integers (the
 * sums it was given, the terms of ldg_contract_terms_at) with the rater's arithmetic:
 * products exact in 128 bits, rounded once, half away from zero. The explanation then
 * states whether the operator's rater, fed the same sums, reproduces the line; the two
 * computations agree by construction, and a disagreement names the line.
 *
 * Design: the windows are the rater's own (ldg_rate_windows()), so a line's [from, to)
 * names one window (or, for sla_credit and commitment_true_up, the billed part of the
 * period); explain_stream.c narrates each stream with the rater's rules. Sentences are
 * built next to the structured fields, in the same function, so the text and the JSON
 * cannot say different things. Jansson allocation failures are collected in one flag
 * and reported once as LDG_ENOMEM.
 */
#include "ledger/explain_int.h"
#include "ledger/gpu_class.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

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
    rc = ldg_explain__stream(x, lo, sn, l, &c, err);
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

    for (int n = 0; n < LDG_GPU_NCLASS; n++) {
        int k = ldg_gpu_class_nth(n);

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
                fx(q, d->qty_micros), cls, tm(t1, w->win.from), tm(t2, w->win.to),
                d->records, d->records == 1 ? "" : "s", d->first_seq, d->last_seq, cls);
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
        am(x, a, ldg_invoice_net(doc)));
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
                         i ? ", " : "", tm(t1, ex->w[i].win.from),
                         tm(t2, ex->w[i].win.to), ex->w[i].win.hours);
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
    put_amount(&x, root, "total", ldg_invoice_net(doc));
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
