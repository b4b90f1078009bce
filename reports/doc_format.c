/*
 * Numbers, periods and explanations for people (doc_format.h). Every number comes from
 * rpt_invoice_format_number() (ledger/fixed.c's string with separators) and is only
 * cut here, so nothing passes through floating point.
 */
#include "reports/doc_format.h"

#include "ledger/buf.h"
#include "ledger/fixed.h"
#include "reports/invoice_doc.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The buffer's string as the caller's, or the error. */
static ldg_code take(char **out, ldg_buf *b, ldg_code rc)
{
    if (rc != LDG_OK) {
        ldg_buf_cleanup(b);
        return rc;
    }
    *out = b->data; /* NUL-terminated after a successful append: now the caller's */
    return LDG_OK;
}

char *rpt_doc_format_trimmed(char *buf, int64_t v, int min_decimals)
{
    size_t n, point;

    assert(buf && min_decimals >= 0 && min_decimals <= 6);
    rpt_invoice_format_number(buf, v, 6);
    n = strlen(buf);
    point = strcspn(buf, ".");
    while (n > point + 1 + (size_t)min_decimals && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n == point + 1)
        buf[--n] = '\0';
    return buf;
}

char *rpt_doc_format_quantity(char *buf, int64_t qty_micros)
{
    return rpt_doc_format_trimmed(buf, qty_micros, 0);
}

static const char *const months[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

typedef struct civil {
    int64_t y;
    int m, d, hh, mm, ss;
} civil;

static civil civil_of(ldg_time t)
{
    civil c;

    ldg_time_to_civil(t, &c.y, &c.m, &c.d, &c.hh, &c.mm, &c.ss);
    return c;
}

/* "12:00", or "12:00:30"; a midnight end is "24:00" of the day before (end24). */
static void clock_text(char *buf, size_t len, const civil *c, bool end24)
{
    int hh = end24 ? 24 : c->hh;

    if (c->ss)
        snprintf(buf, len, "%02d:%02d:%02d", hh, c->mm, c->ss);
    else
        snprintf(buf, len, "%02d:%02d", hh, c->mm);
}

/* [from, to) with a bound off midnight: both instants, the end as a clock time. */
static char *period_with_times(char *buf, ldg_time from, ldg_time to)
{
    bool end24 = to % 86400 == 0;
    civil a = civil_of(from), b = civil_of(end24 ? to - 86400 : to);
    char ta[16], tb[16];

    clock_text(ta, sizeof(ta), &a, false);
    clock_text(tb, sizeof(tb), &b, end24);
    if (a.y == b.y && a.m == b.m && a.d == b.d)
        snprintf(buf, RPT_DOC_PERIOD_BUFLEN, "%d %s %" PRId64 " %s\u2013%s", a.d,
                 months[a.m - 1], a.y, ta, tb);
    else
        snprintf(buf, RPT_DOC_PERIOD_BUFLEN,
                 "%d %s %" PRId64 " %s \u2013 %d %s %" PRId64 " %s", a.d, months[a.m - 1],
                 a.y, ta, b.d, months[b.m - 1], b.y, tb);
    return buf;
}

char *rpt_doc_format_period(char *buf, ldg_time from, ldg_time to)
{
    civil a, b;

    assert(buf && from < to);
    if (from % 86400 != 0 || to % 86400 != 0)
        return period_with_times(buf, from, to);
    a = civil_of(from);
    b = civil_of(to - 86400); /* the last day, inclusive */
    if (a.y != b.y)
        snprintf(buf, RPT_DOC_PERIOD_BUFLEN, "%d %s %" PRId64 " \u2013 %d %s %" PRId64,
                 a.d, months[a.m - 1], a.y, b.d, months[b.m - 1], b.y);
    else if (a.m != b.m)
        snprintf(buf, RPT_DOC_PERIOD_BUFLEN, "%d %s \u2013 %d %s %" PRId64, a.d,
                 months[a.m - 1], b.d, months[b.m - 1], b.y);
    else if (a.d != b.d)
        snprintf(buf, RPT_DOC_PERIOD_BUFLEN, "%d\u2013%d %s %" PRId64, a.d, b.d,
                 months[a.m - 1], a.y);
    else
        snprintf(buf, RPT_DOC_PERIOD_BUFLEN, "%d %s %" PRId64, a.d, months[a.m - 1], a.y);
    return buf;
}

ldg_code rpt_doc_format_sla(char **out, int64_t percent_micros, int64_t base_micros,
                            int digits, const char *currency, const rpt_sla_facts *facts,
                            ldg_error *err)
{
    char pct[RPT_DOC_NUMBER_BUFLEN], base[RPT_DOC_NUMBER_BUFLEN];
    char av[RPT_DOC_NUMBER_BUFLEN], below[RPT_DOC_NUMBER_BUFLEN];
    char down[RPT_DOC_NUMBER_BUFLEN], res[RPT_DOC_NUMBER_BUFLEN];
    ldg_buf b = { 0 };
    ldg_code rc;

    assert(out && currency);
    *out = NULL;
    rpt_doc_format_trimmed(pct, percent_micros, 0);
    rpt_doc_format_trimmed(base, base_micros, digits);
    if (facts && facts->has_facts)
        rc = ldg_buf_printf(
            &b, err,
            "Availability %s%s%% (%s of %s reserved GPU-hours down) is below %s%%: "
            "credit %s%% of %s %s reserved charges",
            rpt_doc_format_trimmed(av, facts->availability_micros, 0),
            facts->availability_exact ? "" : "\u2026",
            rpt_doc_format_quantity(down, facts->downtime_micros),
            rpt_doc_format_quantity(res, facts->reserved_micros),
            rpt_doc_format_trimmed(below, facts->below_micros, 0), pct, base, currency);
    else
        rc = ldg_buf_printf(&b, err, "Credit %s%% of %s %s reserved charges", pct, base,
                            currency);
    return take(out, &b, rc);
}

ldg_code rpt_doc_subtotals(rpt_subtotal *out, size_t *nout, const char *const *streams,
                           const int64_t *amounts, size_t n, ldg_error *err)
{
    size_t k = 0, i, j;

    assert(out && nout && (n == 0 || (streams && amounts)));
    for (i = 0; i < n; i++) {
        for (j = 0; j < k && strcmp(out[j].stream, streams[i]) != 0; j++)
            ;
        if (j == k)
            out[k++] = (rpt_subtotal){ .stream = streams[i] };
        if (ldg_fixed_add(&out[j].amount_micros, out[j].amount_micros, amounts[i], err) !=
            LDG_OK) {
            ldg_error_where(err, "the subtotal of stream \"%s\"", streams[i]);
            return LDG_ERANGE;
        }
        out[j].lines++;
    }
    *nout = k;
    return LDG_OK;
}

ldg_code rpt_doc_format_energy(char **out, int64_t metered_micros, int64_t pue_micros,
                               ldg_error *err)
{
    char m[RPT_DOC_NUMBER_BUFLEN], p[RPT_DOC_NUMBER_BUFLEN], q[RPT_DOC_NUMBER_BUFLEN];
    ldg_i128 exact = (ldg_i128)metered_micros * pue_micros; /* 10^-12 MWh */
    int64_t billed;
    ldg_buf b = { 0 };
    ldg_code rc;

    assert(out);
    *out = NULL;
    if ((rc = ldg_fixed_round_amount(&billed, exact, 12, 6, err)) != LDG_OK)
        return rc;
    rc = ldg_buf_printf(&b, err, "Metered %s MWh \u00d7 PUE %s = %s MWh%s",
                        rpt_doc_format_quantity(m, metered_micros),
                        rpt_doc_format_trimmed(p, pue_micros, 0),
                        rpt_doc_format_quantity(q, billed),
                        exact % LDG_MICRO == 0 ? "" : " (rounded to 6 decimals)");
    return take(out, &b, rc);
}

ldg_code rpt_doc_format_difference(char **out, const rpt_difference *d, ldg_error *err)
{
    char ra[RPT_DOC_NUMBER_BUFLEN], ba[RPT_DOC_NUMBER_BUFLEN], da[RPT_DOC_NUMBER_BUFLEN];
    char rq[RPT_DOC_NUMBER_BUFLEN], bq[RPT_DOC_NUMBER_BUFLEN], dq[RPT_DOC_NUMBER_BUFLEN];
    int64_t rerated_amount, rerated_qty;
    ldg_buf b = { 0 };
    ldg_code rc;

    assert(out && d);
    *out = NULL;
    if ((rc = ldg_fixed_add(&rerated_amount, d->before_amount_micros, d->amount_micros,
                            err)) != LDG_OK ||
        (rc = ldg_fixed_add(&rerated_qty, d->before_qty_micros, d->qty_micros, err)) !=
            LDG_OK)
        return rc;
    rc = ldg_buf_printf(&b, err, "Re-rated %s minus issued before %s = %s",
                        rpt_invoice_format_number(ra, rerated_amount, d->digits),
                        rpt_invoice_format_number(ba, d->before_amount_micros, d->digits),
                        rpt_invoice_format_number(da, d->amount_micros, d->digits));
    if (rc == LDG_OK && d->unit)
        rc = ldg_buf_printf(&b, err, " (quantity %s - %s = %s %s)",
                            rpt_doc_format_quantity(rq, rerated_qty),
                            rpt_doc_format_quantity(bq, d->before_qty_micros),
                            rpt_doc_format_quantity(dq, d->qty_micros), d->unit);
    return take(out, &b, rc);
}
