/*
 * Invoice documents for people: PDF (cairo) and plain text from one model.
 *
 * Invariant: the two renderers print the same strings. doc_build() turns the invoice
 * and its context into strings once (every number through ldg_fixed_format, with
 * thousands separators inserted into the string), and the renderers only place them;
 * so no quantity, rate or amount ever passes through a double, and the PDF and the
 * text cannot disagree. Doubles appear only as page coordinates and text widths.
 *
 * Design: the PDF is laid out twice by one function, first without drawing to count
 * the pages (so every footer can say "Page i of n"; a PDF page cannot be revisited),
 * then drawing; both passes measure with the same cairo context, so they break pages
 * at the same rows. cairo's toy text API with DejaVu Sans (fontconfig substitutes a
 * sans font when it is missing) was chosen over pango to keep the dependencies to
 * cairo alone; invoices hold Latin text, names and numbers, which it renders well.
 * The file is opened here rather than by cairo_pdf_surface_create() so that a failure
 * carries the system's reason (errno), and is removed when anything fails. The PDF's
 * creation date is set to the issue instant, so the same invoice renders to the same
 * bytes.
 */
#include "reports/invoice_doc.h"

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/contract_billing.h"
#include "ledger/fixed.h"
#include "ledger/receivable.h"
#include "ledger/time.h"
#include "ledger/utf8.h"
#include "reports/doc_format.h"

#include <assert.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- numbers and labels ------------------------------------------------------------ */

char *rpt_invoice_format_number(char *buf, int64_t v, int decimals)
{
    char plain[LDG_FIXED_BUFLEN];
    const char *p = ldg_fixed_format(plain, v, decimals);
    size_t o = 0, nint, i;

    assert(buf);
    if (*p == '-')
        buf[o++] = *p++;
    nint = strcspn(p, ".");
    for (i = 0; i < nint; i++) {
        if (i > 0 && (nint - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = p[i];
    }
    for (i = nint; p[i] != '\0'; i++)
        buf[o++] = p[i];
    buf[o] = '\0';
    assert(o < RPT_NUMBER_BUFLEN);
    return buf;
}

static const char *const stream_labels[LDG_STREAM_COUNT] = {
    "Reserved GPU capacity", "GPU overage", "Energy (PUE applied)",
    "Power capacity",        "SLA credit",  "Commitment true-up",
};

const char *rpt_invoice_stream_label(ldg_stream s)
{
    if ((int)s < 0 || (int)s >= LDG_STREAM_COUNT)
        return NULL;
    return stream_labels[s];
}

/* A line's unit for people; a currency code (sla_credit, true-up) stays as it is. */
static const char *unit_label(const char *unit)
{
    if (strcmp(unit, "gpu_hour") == 0)
        return "GPU-hour";
    if (strcmp(unit, "mwh") == 0)
        return "MWh";
    if (strcmp(unit, "mw_month") == 0)
        return "MW-month";
    return unit;
}

/* "2026-11-10", or "2026-11-15 12:00" (":SS" too when not zero) off midnight. */
static void format_date(char *buf, size_t len, ldg_time t)
{
    int64_t y;
    int m, d, hh, mm, ss;

    ldg_time_to_civil(t, &y, &m, &d, &hh, &mm, &ss);
    if (hh == 0 && mm == 0 && ss == 0)
        snprintf(buf, len, "%04" PRId64 "-%02d-%02d", y, m, d);
    else if (ss == 0)
        snprintf(buf, len, "%04" PRId64 "-%02d-%02d %02d:%02d", y, m, d, hh, mm);
    else
        snprintf(buf, len, "%04" PRId64 "-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mm, ss);
}

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* ---- strings the caller hands us --------------------------------------------------- */

/* Well-formed UTF-8 without control characters (C0, DEL, C1; '\n' allowed when
 * multiline), so that cairo accepts it and plain-text columns stay aligned. */
static bool text_ok(const char *s, bool multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, len = strlen(s), step;
    uint32_t cp;

    while (i < len) {
        step = ldg_utf8_next(&cp, p + i, len - i);
        if (step == 0 || (cp < 0x20 && !(multiline && cp == '\n')) ||
            (cp >= 0x7f && cp <= 0x9f))
            return false;
        i += step;
    }
    return true;
}

static ldg_code check_field(const char *inv_no, const char *who, const char *field,
                            const char *s, bool required, bool multiline, ldg_error *err)
{
    if (!s) {
        if (!required)
            return LDG_OK;
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot render invoice \"%s\": %s %s is missing", inv_no,
                             who, field);
    }
    if (required && *s == '\0')
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot render invoice \"%s\": %s %s is empty", inv_no, who,
                             field);
    if (!text_ok(s, multiline))
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot render invoice \"%s\": %s %s is not valid UTF-8 "
                             "text (control characters are not allowed)",
                             inv_no, who, field);
    return LDG_OK;
}

static ldg_code check_party(const char *inv_no, const char *who, const rpt_party *p,
                            ldg_error *err)
{
    ldg_code rc;

    if (!p)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot render invoice \"%s\": the %s is missing", inv_no,
                             who);
    if ((rc = check_field(inv_no, who, "name", p->name, true, false, err)) != LDG_OK ||
        (rc = check_field(inv_no, who, "address", p->address, false, true, err)) !=
            LDG_OK ||
        (rc = check_field(inv_no, who, "tax id", p->tax_id, false, false, err)) !=
            LDG_OK ||
        (rc = check_field(inv_no, who, "account", p->account, false, false, err)) !=
            LDG_OK)
        return rc;
    return LDG_OK;
}

static ldg_code check_ctx(const ldg_invoice *inv, const rpt_invoice_ctx *ctx,
                          ldg_error *err)
{
    const char *no = ldg_invoice_number(inv);
    ldg_code rc;

    if (!ctx)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot render invoice \"%s\": no seller and buyer given",
                             no);
    if ((rc = check_party(no, "seller", ctx->seller, err)) != LDG_OK ||
        (rc = check_party(no, "buyer", ctx->buyer, err)) != LDG_OK ||
        (rc = check_field(no, "the", "site", ctx->site, false, false, err)) != LDG_OK ||
        (rc = check_field(no, "the", "tenant", ctx->tenant, false, false, err)) != LDG_OK)
        return rc;
    for (size_t i = 0; i < ctx->nexemptions; i++)
        if ((rc = check_field(no, "an", "exemption name", ctx->exemptions[i].name, true,
                              false, err)) != LDG_OK ||
            (rc = check_field(no, "an", "exemption reason", ctx->exemptions[i].reason,
                              true, false, err)) != LDG_OK)
            return rc;
    if (ctx->remit_to &&
        ((rc = check_field(no, "remit-to", "bank", ctx->remit_to->bank, false, false,
                           err)) != LDG_OK ||
         (rc = check_field(no, "remit-to", "account", ctx->remit_to->account, false,
                           false, err)) != LDG_OK ||
         (rc = check_field(no, "remit-to", "routing", ctx->remit_to->routing, false,
                           false, err)) != LDG_OK ||
         (rc = check_field(no, "remit-to", "iban", ctx->remit_to->iban, false, false,
                           err)) != LDG_OK ||
         (rc = check_field(no, "remit-to", "reference", ctx->remit_to->reference, false,
                           false, err)) != LDG_OK))
        return rc;
    return LDG_OK;
}

/* ---- a list of owned strings ------------------------------------------------------- */

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

static void sl_free(strlist *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static ldg_code sl_add(strlist *l, const char *s, size_t len, ldg_error *err)
{
    char *copy;

    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **v = realloc(l->v, cap * sizeof(*v));

        if (!v)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    if (!(copy = malloc(len + 1)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    memcpy(copy, s, len);
    copy[len] = '\0';
    l->v[l->n++] = copy;
    return LDG_OK;
}

static ldg_code sl_addf(strlist *l, ldg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ldg_code sl_addf(strlist *l, ldg_error *err, const char *fmt, ...)
{
    ldg_buf line = { 0 };
    va_list ap;
    ldg_code rc;

    va_start(ap, fmt);
    rc = ldg_buf_vprintf(&line, err, fmt, ap);
    va_end(ap);
    if (rc == LDG_OK)
        rc = sl_add(l, line.data, line.len, err);
    ldg_buf_cleanup(&line);
    return rc;
}

/* Greedy word wrap of s into lines no wider than width (a word wider than width gets
 * a line of its own); '\n' in s ends a line. measure gives a NUL-terminated string's
 * width in the caller's unit. */
typedef double (*measure_fn)(void *ctx, const char *s);

static ldg_code wrap(strlist *out, const char *s, double width, measure_fn measure,
                     void *mctx, ldg_error *err)
{
    size_t len = strlen(s), i = 0;
    char *buf = malloc(len + 1); /* the words of a line, single-spaced: never longer */
    ldg_code rc = LDG_OK;

    if (!buf)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (;;) {
        size_t cur = 0;

        while (i < len && s[i] != '\n') {
            size_t w0, w1, before = cur;

            while (i < len && s[i] == ' ')
                i++;
            if (i >= len || s[i] == '\n')
                break;
            w0 = i;
            while (i < len && s[i] != ' ' && s[i] != '\n')
                i++;
            w1 = i;
            if (cur > 0)
                buf[cur++] = ' ';
            memcpy(buf + cur, s + w0, w1 - w0);
            cur += w1 - w0;
            buf[cur] = '\0';
            if (before > 0 && measure(mctx, buf) > width) {
                if ((rc = sl_add(out, buf, before, err)) != LDG_OK)
                    goto done;
                memcpy(buf, s + w0, w1 - w0);
                cur = w1 - w0;
            }
        }
        if ((rc = sl_add(out, buf, cur, err)) != LDG_OK || i >= len)
            goto done;
        i++; /* the '\n' */
    }
done:
    free(buf);
    return rc;
}

/* ---- the model --------------------------------------------------------------------- */

enum { COL_STREAM, COL_CLASS, COL_PERIOD, COL_QTY, COL_UNIT, COL_RATE, COL_AMOUNT, NCOL };

static const bool col_right[NCOL] = { false, false, false, true, false, true, true };

#define NUMBER_MAX  80 /* longest invoice number ledger/invoice.c accepts */
#define DATE_BUFLEN 32
#define MAX_META    10
#define MAX_STREAMS 32 /* subtotals: more streams than rating will ever have */
#define MAX_SUMS    (MAX_STREAMS + LDG_TAX_MAX_ENTRIES + 1)
#define CELL_BUFLEN RPT_DOC_PERIOD_BUFLEN /* the widest cell: a period in words */

typedef struct doc_row {
    char cell[NCOL][CELL_BUFLEN];
    strlist detail; /* sentences under the row: how its amount arises */
} doc_row;

typedef struct meta_row {
    const char *label;
    const char *value;
} meta_row;

typedef struct doc {
    const ldg_invoice *inv;
    const char *title;
    char amends[NUMBER_MAX + 32]; /* "" for an original */
    meta_row meta[MAX_META];
    size_t nmeta;
    char issue_date[DATE_BUFLEN], period[48], service[RPT_DOC_PERIOD_BUFLEN];
    strlist seller, buyer; /* first line the name */
    strlist why;           /* a heading, then why the document exists; may be empty */
    const char *header[NCOL];
    char amount_header[32];
    doc_row *rows;
    size_t nrows;
    meta_row sums[MAX_SUMS]; /* subtotals; with terms net and tax; over the total */
    char sum_text[MAX_SUMS][2][160];
    size_t nsums;
    char due[LDG_RECEIVABLE_DAY_BUFLEN];
    strlist tax_notes, payment; /* with terms: reverse charge, exemptions; remit_to */
    char total_label[48];
    char total[RPT_NUMBER_BUFLEN];
    char note[160];
    char checkpoint[160];
    char verify[NUMBER_MAX + 400];
} doc;

static void doc_cleanup(doc *d)
{
    for (size_t i = 0; d->rows && i < d->nrows; i++)
        sl_free(&d->rows[i].detail);
    sl_free(&d->seller);
    sl_free(&d->buyer);
    sl_free(&d->why);
    sl_free(&d->tax_notes);
    sl_free(&d->payment);
    free(d->rows);
    d->rows = NULL;
}

static ldg_code party_lines(strlist *l, const rpt_party *p, const char *tenant,
                            ldg_error *err)
{
    ldg_code rc = sl_add(l, p->name, strlen(p->name), err);

    if (rc == LDG_OK && p->address) {
        const char *s = p->address;

        while (rc == LDG_OK) {
            size_t n = strcspn(s, "\n");

            if (n > 0)
                rc = sl_add(l, s, n, err);
            if (s[n] == '\0')
                break;
            s += n + 1;
        }
    }
    if (rc == LDG_OK && tenant)
        rc = sl_addf(l, err, "Tenant ID: %s", tenant);
    if (rc == LDG_OK && p->tax_id)
        rc = sl_addf(l, err, "Tax ID: %s", p->tax_id);
    if (rc == LDG_OK && p->account)
        rc = sl_addf(l, err, "Account: %s", p->account);
    return rc;
}

static void add_meta(doc *d, const char *label, const char *value)
{
    assert(d->nmeta < MAX_META);
    d->meta[d->nmeta].label = label;
    d->meta[d->nmeta].value = value;
    d->nmeta++;
}

/* The bill_to of a document with terms as the buyer's block; tenant as party_lines. */
static ldg_code bill_to_lines(strlist *l, const ldg_bill_to *b, const char *tenant,
                              ldg_error *err)
{
    ldg_code rc = sl_add(l, b->legal_name, strlen(b->legal_name), err);

    for (size_t i = 0; rc == LDG_OK && i < b->naddress; i++)
        rc = sl_add(l, b->address[i], strlen(b->address[i]), err);
    if (rc == LDG_OK)
        rc = sl_add(l, b->country, strlen(b->country), err);
    if (rc == LDG_OK && tenant)
        rc = sl_addf(l, err, "Tenant ID: %s", tenant);
    if (rc == LDG_OK && b->tax_id)
        rc = sl_addf(l, err, "Tax ID: %s", b->tax_id);
    return rc;
}

/* A percent without trailing zeros: 7000000 -> "7", 9250000 -> "9.25". */
static char *percent_text(char *buf, int64_t micros)
{
    size_t n;

    rpt_invoice_format_number(buf, micros, 6);
    n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    return buf;
}

static const char *exemption_of(const rpt_invoice_ctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->nexemptions; i++)
        if (strcmp(ctx->exemptions[i].name, name) == 0)
            return ctx->exemptions[i].reason;
    return NULL;
}

/* Net and one row per tax entry over the total; the reverse charge and exemptions. */
static ldg_code tax_rows(doc *d, const ldg_invoice_terms *t, const ldg_bill_to *bt,
                         const rpt_invoice_ctx *ctx, int digits, ldg_error *err)
{
    char pct[RPT_NUMBER_BUFLEN], taxable[RPT_NUMBER_BUFLEN];
    const char *cur = ldg_invoice_currency(d->inv), *reason;
    ldg_code rc = LDG_OK;

    snprintf(d->sum_text[d->nsums][0], sizeof(d->sum_text[0][0]), "Net (%s)", cur);
    rpt_invoice_format_number(d->sum_text[d->nsums][1], ldg_invoice_net(d->inv), digits);
    d->nsums++;
    for (size_t i = 0; i < t->ntax; i++, d->nsums++) {
        const ldg_invoice_tax *x = &t->tax[i];
        const char *code = ldg_tax_category_name(x->category);

        snprintf(d->sum_text[d->nsums][0], sizeof(d->sum_text[0][0]), "%s %s%% of %s",
                 x->name, percent_text(pct, x->percent_micros),
                 rpt_invoice_format_number(taxable, x->taxable_micros, digits));
        rpt_invoice_format_number(d->sum_text[d->nsums][1], x->amount_micros, digits);
        if (rc == LDG_OK && x->category == LDG_TAX_AE)
            rc = sl_addf(&d->tax_notes, err,
                         "Reverse charge (%s): the buyer accounts for the tax. Buyer tax "
                         "ID: %s.",
                         x->name, bt && bt->tax_id ? bt->tax_id : "not stated");
        reason = exemption_of(ctx, x->name);
        if (rc == LDG_OK && x->category != LDG_TAX_S && reason)
            rc = sl_addf(&d->tax_notes, err, "%s (%s): %s", x->name, code, reason);
    }
    for (size_t i = 0; i < d->nsums; i++) {
        d->sums[i].label = d->sum_text[i][0];
        d->sums[i].value = d->sum_text[i][1];
    }
    return rc;
}

/* The seller's payment instructions, quoting the document's number. */
static ldg_code payment_lines(strlist *l, const rpt_remit *r, const char *no,
                              ldg_error *err)
{
    ldg_code rc = sl_addf(l, err, "Payment instructions");

    if (rc == LDG_OK && r->bank)
        rc = sl_addf(l, err, "Bank: %s", r->bank);
    if (rc == LDG_OK && r->account)
        rc = sl_addf(l, err, "Account: %s", r->account);
    if (rc == LDG_OK && r->routing)
        rc = sl_addf(l, err, "Routing: %s", r->routing);
    if (rc == LDG_OK && r->iban)
        rc = sl_addf(l, err, "IBAN: %s", r->iban);
    if (rc == LDG_OK)
        rc = sl_addf(l, err, "Reference: %s%s%s", no, r->reference ? " " : "",
                     r->reference ? r->reference : "");
    return rc;
}

/* What a document with terms adds: due date, purchase order, bill_to, tax, payment. */
static ldg_code terms_build(doc *d, const rpt_invoice_ctx *ctx, int digits,
                            ldg_error *err)
{
    const ldg_invoice_terms *t = ldg_invoice_terms_of(d->inv);
    ldg_bill_to bt;
    ldg_code rc = LDG_OK;

    add_meta(d, "Due date", ldg_receivable_day_format(d->due, t->due_day));
    if (t->purchase_order)
        add_meta(d, "Purchase order", t->purchase_order);
    if (t->bill_to &&
        (rc = ldg_contract_bill_to_parse(&bt, t->bill_to, "bill_to", err)) == LDG_OK)
        rc = bill_to_lines(&d->buyer, &bt, ctx->tenant, err);
    else if (rc == LDG_OK)
        rc = party_lines(&d->buyer, ctx->buyer, ctx->tenant, err);
    if (rc == LDG_OK)
        rc = tax_rows(d, t, t->bill_to ? &bt : NULL, ctx, digits, err);
    if (rc == LDG_OK && ctx->remit_to)
        rc = payment_lines(&d->payment, ctx->remit_to, ldg_invoice_number(d->inv), err);
    return rc;
}

/* The label of a stream name: rpt_invoice_stream_label's, else the name itself (a
 * stream this file has no label for still gets a subtotal). */
static const char *stream_label_of(const char *name)
{
    for (int s = 0; s < LDG_STREAM_COUNT; s++) {
        const char *n = ldg_rate_stream_name((ldg_stream)s);

        if (n && strcmp(n, name) == 0 && rpt_invoice_stream_label((ldg_stream)s))
            return rpt_invoice_stream_label((ldg_stream)s);
    }
    return name;
}

/* One subtotal per stream, in the order the streams first appear, when there are two
 * or more and one of them has several lines (otherwise each subtotal is a line, or the
 * net). */
static ldg_code subtotal_rows(doc *d, int digits, ldg_error *err)
{
    size_t n = d->nrows, k = 0;
    const char **names = calloc(n ? n : 1, sizeof(*names));
    int64_t *amounts = calloc(n ? n : 1, sizeof(*amounts));
    rpt_subtotal *sub = calloc(n ? n : 1, sizeof(*sub));
    ldg_code rc = LDG_OK;

    if (!names || !amounts || !sub)
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        const ldg_line *l = ldg_invoice_line(d->inv, i);

        names[i] = ldg_rate_stream_name(l->stream);
        names[i] = names[i] ? names[i] : "?";
        amounts[i] = l->amount_micros;
    }
    if (rc == LDG_OK)
        rc = rpt_doc_subtotals(sub, &k, names, amounts, n, err);
    if (rc == LDG_OK && k > MAX_STREAMS)
        rc = ldg_error_set(err, LDG_EINTERNAL, "an invoice of %zu streams", k);
    for (size_t j = 0; rc == LDG_OK && k > 1 && k < n && j < k; j++, d->nsums++) {
        snprintf(d->sum_text[d->nsums][0], sizeof(d->sum_text[0][0]), "Subtotal %s",
                 stream_label_of(sub[j].stream));
        rpt_invoice_format_number(d->sum_text[d->nsums][1], sub[j].amount_micros, digits);
        d->sums[d->nsums].label = d->sum_text[d->nsums][0];
        d->sums[d->nsums].value = d->sum_text[d->nsums][1];
    }
    free(names);
    free(amounts);
    free(sub);
    return rc;
}

/* Adds the sentence *s (malloc'd by a doc_format function that returned rc) to l,
 * and frees it. */
static ldg_code sl_take(strlist *l, char *s, ldg_code rc, ldg_error *err)
{
    if (rc == LDG_OK)
        rc = sl_add(l, s, strlen(s), err);
    free(s);
    return rc;
}

/* The SLA credit line's sentence: its availability and band when the facts are of its
 * band, the reserved charges it is a percentage of. */
static ldg_code sla_detail(strlist *l, const ldg_line *line, const ldg_doc_line_facts *f,
                           const char *cur, int digits, ldg_error *err)
{
    int64_t percent = -line->rate_micros * 100, base = line->qty_micros;
    char pct[RPT_DOC_NUMBER_BUFLEN];
    rpt_sla_facts sf = { 0 };
    char *s = NULL;
    ldg_code rc;

    /* a key that vanished on re-rating keeps its rate: the band may be another */
    if (f && f->has_sla && f->percent_micros == percent)
        sf = (rpt_sla_facts){ 1,
                              f->availability_micros,
                              f->availability_exact,
                              f->below_micros,
                              f->downtime_micros,
                              f->reserved_micros };
    if (f && f->has_before)
        base += f->before_qty_micros; /* the re-rated base */
    if (base == 0) /* the key vanished: the credit issued before is reversed */
        return sl_addf(l, err, "No credit at %s%% as re-rated",
                       rpt_doc_format_trimmed(pct, percent, 0));
    rc = rpt_doc_format_sla(&s, percent, base, digits, cur, &sf, err);
    return sl_take(l, s, rc, err);
}

/* The sentences under a row: the SLA's availability and band, the energy's metered MWh
 * and PUE, and for an amending document re-rated, issued before and difference. */
static ldg_code row_detail(doc_row *r, const ldg_line *l, const ldg_doc_line_facts *f,
                           const char *cur, int digits, ldg_error *err)
{
    char *s = NULL;
    ldg_code rc = LDG_OK;

    if (l->stream == LDG_STREAM_SLA_CREDIT)
        rc = sla_detail(&r->detail, l, f, cur, digits, err);
    if (rc == LDG_OK && f && f->has_energy) {
        rc = rpt_doc_format_energy(&s, f->metered_micros, f->pue_micros, err);
        rc = sl_take(&r->detail, s, rc, err);
        s = NULL;
    }
    if (rc == LDG_OK && f && f->has_before) {
        bool money = l->stream == LDG_STREAM_SLA_CREDIT ||
                     l->stream == LDG_STREAM_COMMITMENT_TRUE_UP; /* no quantity to add */
        rpt_difference df = { l->qty_micros,
                              l->amount_micros,
                              f->before_qty_micros,
                              f->before_amount_micros,
                              money ? NULL : unit_label(l->unit),
                              digits };

        rc = rpt_doc_format_difference(&s, &df, err);
        rc = sl_take(&r->detail, s, rc, err);
    }
    return rc;
}

static ldg_code row_build(doc_row *r, const ldg_line *l, const ldg_doc_line_facts *f,
                          const char *cur, int digits, ldg_error *err)
{
    const char *label = rpt_invoice_stream_label(l->stream);
    const char *cls = ldg_contract_class_name(l->cls);
    char pct[RPT_DOC_NUMBER_BUFLEN];

    if (!label)
        label = ldg_rate_stream_name(l->stream);
    snprintf(r->cell[COL_STREAM], CELL_BUFLEN, "%s", label ? label : "?");
    snprintf(r->cell[COL_CLASS], CELL_BUFLEN, "%s", cls ? cls : "");
    rpt_doc_format_period(r->cell[COL_PERIOD], l->from, l->to);
    if (l->stream == LDG_STREAM_SLA_CREDIT) {
        /* a percentage of a base the sentence under it names, not a quantity in money */
        snprintf(r->cell[COL_RATE], CELL_BUFLEN, "-%s%%",
                 rpt_doc_format_trimmed(pct, -l->rate_micros * 100, 0));
    } else {
        rpt_doc_format_quantity(r->cell[COL_QTY], l->qty_micros);
        snprintf(r->cell[COL_UNIT], CELL_BUFLEN, "%s", unit_label(l->unit));
        rpt_doc_format_trimmed(r->cell[COL_RATE], l->rate_micros, digits);
    }
    rpt_invoice_format_number(r->cell[COL_AMOUNT], l->amount_micros, digits);
    return row_detail(r, l, f, cur, digits, err);
}

static ldg_code rows_build(doc *d, const rpt_invoice_ctx *ctx, int digits, ldg_error *err)
{
    const ldg_doc_context *facts = ctx->facts;
    ldg_code rc = LDG_OK;

    if (facts && facts->nlines != d->nrows)
        facts = NULL; /* not this document's: the lines alone */
    if (d->nrows > 0 && !(d->rows = calloc(d->nrows, sizeof(*d->rows))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < d->nrows; i++)
        rc = row_build(&d->rows[i], ldg_invoice_line(d->inv, i),
                       facts ? &facts->lines[i] : NULL, ldg_invoice_currency(d->inv),
                       digits, err);
    return rc;
}

/* "1 acknowledged finding", "3 late usage records". */
static void count_text(char *buf, size_t len, int64_t n, const char *one,
                       const char *many)
{
    snprintf(buf, len, "%" PRId64 " %s", n, n == 1 ? one : many);
}

/* "2 late usage records", "1 correction", "2 late usage records and 1 correction". */
static void late_text(char *buf, size_t len, const ldg_doc_context *f)
{
    char late[64], fixes[64];
    int64_t records = f->late_records - f->late_corrections;

    count_text(late, sizeof(late), records, "late usage record", "late usage records");
    count_text(fixes, sizeof(fixes), f->late_corrections, "correction", "corrections");
    if (records > 0 && f->late_corrections > 0)
        snprintf(buf, len, "%s and %s", late, fixes);
    else
        snprintf(buf, len, "%s", records > 0 ? late : fixes);
}

/* Why the document exists: for an amending one, what came in after the document before
 * it was rated; for an original, findings acknowledged before it was issued. */
static ldg_code why_build(doc *d, const ldg_doc_context *f, ldg_error *err)
{
    const char *no = ldg_invoice_number(d->inv);
    bool amends = ldg_invoice_amends(d->inv) != NULL;
    char late[160], acks[64];
    ldg_code rc;

    if (!amends && f->acks == 0)
        return LDG_OK;
    late_text(late, sizeof(late), f);
    count_text(acks, sizeof(acks), f->acks, "finding", "findings");
    rc = sl_addf(&d->why, err, "Why this %s",
                 !amends ? "invoice"
                 : ldg_invoice_kind_of(d->inv) == LDG_INVOICE_KIND_CREDIT_NOTE
                     ? "credit note"
                     : "supplementary invoice");
    if (rc == LDG_OK && amends && f->late_records > 0)
        rc = sl_addf(&d->why, err,
                     "%s for %s %s logged after %s was rated; the period was rated again "
                     "and this document carries the differences.",
                     late, d->period, f->late_records == 1 ? "was" : "were",
                     f->since[0] ? f->since : "the invoice");
    else if (rc == LDG_OK && amends)
        rc = sl_addf(&d->why, err,
                     "The period rated again differs from what was issued, with no late "
                     "usage record.");
    if (rc == LDG_OK && f->acks > 0)
        rc = sl_addf(&d->why, err, "%s of %s %s acknowledged before it was issued.", acks,
                     d->period, f->acks == 1 ? "was" : "were");
    if (rc == LDG_OK)
        rc =
            sl_addf(&d->why, err,
                    "To see how each line is computed: leaseledger audit explain %s", no);
    return rc;
}

/* The title, what it amends, and the service period every line lies in. */
static void head_build(doc *d)
{
    const ldg_invoice *inv = d->inv;
    ldg_period p = ldg_invoice_period(inv);
    ldg_time first = p.start, last = p.end;

    if (ldg_invoice_kind_of(inv) == LDG_INVOICE_KIND_CREDIT_NOTE)
        d->title = "CREDIT NOTE";
    else if (ldg_invoice_amends(inv))
        d->title = "SUPPLEMENTARY INVOICE";
    else
        d->title = "INVOICE";
    if (ldg_invoice_amends(inv))
        snprintf(d->amends, sizeof(d->amends), "Amends invoice %s",
                 ldg_invoice_amends(inv));
    for (size_t i = 0; i < d->nrows; i++) {
        const ldg_line *l = ldg_invoice_line(inv, i);

        first = i == 0 || l->from < first ? l->from : first;
        last = i == 0 || l->to > last ? l->to : last;
    }
    /* the issue date alone: the instant is in the JSON and in the log */
    format_date(d->issue_date, sizeof(d->issue_date),
                ldg_invoice_issued(inv) - ldg_invoice_issued(inv) % 86400);
    snprintf(d->period, sizeof(d->period), "%s %d",
             p.month >= 1 && p.month <= 12 ? month_names[p.month - 1] : "?", p.year);
    rpt_doc_format_period(d->service, first, last);
}

static ldg_code doc_build(doc *d, const ldg_invoice *inv, const rpt_invoice_ctx *ctx,
                          ldg_error *err)
{
    const char *cur = ldg_invoice_currency(inv);
    const char *no = ldg_invoice_number(inv);
    int digits = ldg_rate_draft_currency_digits(ldg_invoice_draft(inv));
    ldg_code rc;

    memset(d, 0, sizeof(*d));
    d->inv = inv;
    if ((rc = check_ctx(inv, ctx, err)) != LDG_OK)
        return rc;
    d->nrows = ldg_invoice_line_count(inv);
    head_build(d);
    add_meta(d, "Number", no);
    add_meta(d, "Issue date", d->issue_date);
    add_meta(d, "Billing period", d->period);
    add_meta(d, "Service period", d->service);
    add_meta(d, "Contract", ldg_invoice_contract(inv));
    if (ctx->site)
        add_meta(d, "Site", ctx->site);
    add_meta(d, "Currency", cur);

    if ((rc = party_lines(&d->seller, ctx->seller, NULL, err)) != LDG_OK ||
        (rc = subtotal_rows(d, digits, err)) != LDG_OK ||
        (ldg_invoice_terms_of(inv)
             ? (rc = terms_build(d, ctx, digits, err))
             : (rc = party_lines(&d->buyer, ctx->buyer, ctx->tenant, err))) != LDG_OK ||
        (rc = rows_build(d, ctx, digits, err)) != LDG_OK ||
        (ctx->facts && (rc = why_build(d, ctx->facts, err)) != LDG_OK))
        goto fail;

    d->header[COL_STREAM] = "Description";
    d->header[COL_CLASS] = "Class";
    d->header[COL_PERIOD] = "Period";
    d->header[COL_QTY] = "Quantity";
    d->header[COL_UNIT] = "Unit";
    d->header[COL_RATE] = "Rate";
    snprintf(d->amount_header, sizeof(d->amount_header), "Amount (%s)", cur);
    d->header[COL_AMOUNT] = d->amount_header;

    snprintf(d->total_label, sizeof(d->total_label), "%s (%s)",
             ldg_invoice_kind_of(inv) == LDG_INVOICE_KIND_CREDIT_NOTE ? "Total credit"
                                                                      : "Total due",
             cur);
    rpt_invoice_format_number(d->total, ldg_invoice_total(inv), digits);

    snprintf(d->note, sizeof(d->note),
             "Dates are UTC; a period includes the last day it names.");
    snprintf(d->checkpoint, sizeof(d->checkpoint),
             "Rated from log checkpoint: tree size %" PRId64 ", root %s",
             ldg_invoice_rated_from_size(inv), ldg_invoice_rated_from_root(inv));
    snprintf(d->verify, sizeof(d->verify),
             "To verify this document without trusting the operator's database, obtain "
             "its evidence bundle (leaseledger audit bundle --invoice %s) and run "
             "leaseledger-verify on it with the operator's public key: it checks the "
             "signed checkpoint above, proves that every usage record behind these "
             "lines is in the log, and re-rates every line.",
             no);
    return LDG_OK;

fail:
    doc_cleanup(d);
    return rc;
}

/* ---- plain text -------------------------------------------------------------------- */

#define TEXT_WRAP 80
#define TEXT_GAP  2

static double measure_chars(void *unused, const char *s)
{
    (void)unused;
    return (double)ldg_utf8_chars(s);
}

static void put_pad(FILE *out, size_t n)
{
    while (n-- > 0)
        fputc(' ', out);
}

/* s in a column of width w, right- or left-aligned; no trailing spaces at the end. */
static void put_cell(FILE *out, const char *s, size_t w, bool right, bool last)
{
    size_t sw = ldg_utf8_chars(s);

    if (right)
        put_pad(out, w > sw ? w - sw : 0);
    fputs(s, out);
    if (!right && !last)
        put_pad(out, w > sw ? w - sw : 0);
}

static void put_row(FILE *out, const char *const cell[NCOL], const size_t w[NCOL])
{
    size_t c;

    for (c = 0; c < NCOL; c++) {
        if (c > 0)
            put_pad(out, TEXT_GAP);
        put_cell(out, cell[c], w[c], col_right[c], c + 1 == NCOL);
    }
    fputc('\n', out);
}

static ldg_code put_wrapped(FILE *out, const char *s, ldg_error *err)
{
    strlist l = { 0 };
    size_t i;
    ldg_code rc = wrap(&l, s, TEXT_WRAP, measure_chars, NULL, err);

    for (i = 0; rc == LDG_OK && i < l.n; i++)
        fprintf(out, "%s\n", l.v[i]);
    sl_free(&l);
    return rc;
}

static void put_party(FILE *out, const char *heading, const strlist *l)
{
    size_t i;

    fprintf(out, "%s\n", heading);
    for (i = 0; i < l->n; i++)
        fprintf(out, "  %s\n", l->v[i]);
}

/* A label right-aligned to end just before the amount column at total_x, and value. */
static void put_sum(FILE *out, const char *label, const char *value, size_t total_x,
                    size_t w)
{
    size_t lw = ldg_utf8_chars(label) + TEXT_GAP;

    put_pad(out, total_x > lw ? total_x - lw : 0);
    fprintf(out, "%s", label);
    put_pad(out, TEXT_GAP);
    put_cell(out, value, w, true, true);
    fputc('\n', out);
}

static ldg_code text_render(FILE *out, const doc *d, ldg_error *err)
{
    size_t w[NCOL], label_w = 0, i, c, total_x;
    const char *cell[NCOL];
    ldg_code rc;

    fprintf(out, "%s\n", d->title);
    if (d->amends[0])
        fprintf(out, "%s\n", d->amends);
    fputc('\n', out);
    for (i = 0; i < d->nmeta; i++)
        if (ldg_utf8_chars(d->meta[i].label) > label_w)
            label_w = ldg_utf8_chars(d->meta[i].label);
    for (i = 0; i < d->nmeta; i++) {
        put_cell(out, d->meta[i].label, label_w + TEXT_GAP, false, false);
        fprintf(out, "%s\n", d->meta[i].value);
    }
    fputc('\n', out);
    put_party(out, "From", &d->seller);
    fputc('\n', out);
    put_party(out, "Bill to", &d->buyer);
    fputc('\n', out);
    if (d->why.n > 0) {
        fprintf(out, "%s\n", d->why.v[0]);
        for (i = 1; i < d->why.n; i++) /* one line each, whatever its length: grep-able */
            fprintf(out, "  %s\n", d->why.v[i]);
        fputc('\n', out);
    }

    for (c = 0; c < NCOL; c++) {
        w[c] = ldg_utf8_chars(d->header[c]);
        for (i = 0; i < d->nrows; i++)
            if (ldg_utf8_chars(d->rows[i].cell[c]) > w[c])
                w[c] = ldg_utf8_chars(d->rows[i].cell[c]);
    }
    if (ldg_utf8_chars(d->total) > w[COL_AMOUNT])
        w[COL_AMOUNT] = ldg_utf8_chars(d->total);
    for (i = 0; i < d->nsums; i++)
        if (ldg_utf8_chars(d->sums[i].value) > w[COL_AMOUNT])
            w[COL_AMOUNT] = ldg_utf8_chars(d->sums[i].value);
    put_row(out, d->header, w);
    for (c = 0; c < NCOL; c++) {
        if (c > 0)
            put_pad(out, TEXT_GAP);
        for (i = 0; i < w[c]; i++)
            fputc('-', out);
    }
    fputc('\n', out);
    for (i = 0; i < d->nrows; i++) {
        for (c = 0; c < NCOL; c++)
            cell[c] = d->rows[i].cell[c];
        put_row(out, cell, w);
        for (size_t k = 0; k < d->rows[i].detail.n; k++) /* unwrapped, as the table */
            fprintf(out, "  %s\n", d->rows[i].detail.v[k]);
    }

    /* The total under the amount column, its label right-aligned just before it. */
    for (total_x = 0, c = 0; c < COL_AMOUNT; c++)
        total_x += w[c] + TEXT_GAP;
    put_pad(out, total_x);
    for (i = 0; i < w[COL_AMOUNT]; i++)
        fputc('=', out);
    fputc('\n', out);
    for (i = 0; i < d->nsums; i++)
        put_sum(out, d->sums[i].label, d->sums[i].value, total_x, w[COL_AMOUNT]);
    put_sum(out, d->total_label, d->total, total_x, w[COL_AMOUNT]);
    fputc('\n', out);
    for (i = 0; i < d->tax_notes.n; i++)
        if ((rc = put_wrapped(out, d->tax_notes.v[i], err)) != LDG_OK)
            return rc;
    if (d->payment.n > 0) {
        if (d->tax_notes.n > 0)
            fputc('\n', out);
        put_party(out, d->payment.v[0],
                  &(strlist){ d->payment.v + 1, d->payment.n - 1, 0 });
        fputc('\n', out);
    } else if (d->tax_notes.n > 0) {
        fputc('\n', out);
    }

    if ((rc = put_wrapped(out, d->note, err)) != LDG_OK)
        return rc;
    fprintf(out, "%s\n", d->checkpoint); /* one line, whatever its length: grep-able */
    return put_wrapped(out, d->verify, err);
}

ldg_code rpt_invoice_text(FILE *out, const ldg_invoice *inv, const rpt_invoice_ctx *ctx,
                          ldg_error *err)
{
    doc d;
    ldg_code rc;

    assert(out && inv);
    if ((rc = doc_build(&d, inv, ctx, err)) != LDG_OK)
        return rc;
    errno = 0;
    rc = text_render(out, &d, err);
    doc_cleanup(&d);
    if (rc == LDG_OK && (fflush(out) != 0 || ferror(out)))
        rc = ldg_error_set(err, LDG_EIO, "could not write invoice \"%s\" as text: %s",
                           ldg_invoice_number(inv), strerror(errno ? errno : EIO));
    return rc;
}

/* ---- PDF --------------------------------------------------------------------------- */

/* A4 portrait in points, and the page's margins. */
#define PAGE_W      595.276
#define PAGE_H      841.890
#define MARGIN      48.0
#define BODY_BOTTOM (PAGE_H - MARGIN - 24.0)
#define TABLE_SIZE  8.0
#define TABLE_GAP   10.0
#define ROW_H       12.0
#define SMALL_SIZE  8.0
#define BLOCK_SIZE  9.0
#define LEADING     1.4
#define FONT_FAMILY "DejaVu Sans"

typedef struct pdf {
    cairo_t *cr;
    const doc *d;
    bool draw;
    int page, npages;
    double y;
    bool in_table;
    double table_size;      /* font size of the table, shrunk when columns are wide */
    double col_x[NCOL + 1]; /* left edges, and the right edge of the last column */
    double col_w[NCOL];
    ldg_code rc;
    ldg_error *err;
} pdf;

static void pdf_font(pdf *p, double size, bool bold)
{
    cairo_select_font_face(p->cr, FONT_FAMILY, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
}

static double pdf_width_of(void *vp, const char *s)
{
    pdf *p = vp;
    cairo_text_extents_t ext;

    cairo_text_extents(p->cr, s, &ext);
    return ext.x_advance;
}

static void pdf_text(pdf *p, double x, double y, const char *s)
{
    if (!p->draw)
        return;
    cairo_move_to(p->cr, x, y);
    cairo_show_text(p->cr, s);
}

static void pdf_text_right(pdf *p, double right, double y, const char *s)
{
    pdf_text(p, right - pdf_width_of(p, s), y, s);
}

static void pdf_rule(pdf *p, double x0, double x1, double y, double width)
{
    if (!p->draw)
        return;
    cairo_set_line_width(p->cr, width);
    cairo_move_to(p->cr, x0, y);
    cairo_line_to(p->cr, x1, y);
    cairo_stroke(p->cr);
}

static void pdf_page_footer(pdf *p)
{
    char buf[64];

    pdf_font(p, 7.0, false);
    cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    snprintf(buf, sizeof(buf), "Page %d of %d", p->page, p->npages);
    pdf_rule(p, MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN - 10.0, 0.4);
    pdf_text(p, MARGIN, PAGE_H - MARGIN, p->d->title);
    pdf_text(p, MARGIN + pdf_width_of(p, p->d->title) + 4.0, PAGE_H - MARGIN,
             ldg_invoice_number(p->d->inv));
    pdf_text_right(p, PAGE_W - MARGIN, PAGE_H - MARGIN, buf);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void pdf_table_header(pdf *p)
{
    size_t c;

    pdf_font(p, p->table_size, true);
    p->y += ROW_H;
    for (c = 0; c < NCOL; c++) {
        if (col_right[c])
            pdf_text_right(p, p->col_x[c] + p->col_w[c], p->y, p->d->header[c]);
        else
            pdf_text(p, p->col_x[c], p->y, p->d->header[c]);
    }
    pdf_rule(p, MARGIN, PAGE_W - MARGIN, p->y + 4.0, 0.8);
    p->y += 4.0;
}

static void pdf_new_page(pdf *p)
{
    char buf[NUMBER_MAX + 64];

    if (p->page > 0) {
        pdf_page_footer(p);
        if (p->draw)
            cairo_show_page(p->cr);
    }
    p->page++;
    p->y = MARGIN;
    if (p->page > 1) {
        pdf_font(p, BLOCK_SIZE, true);
        snprintf(buf, sizeof(buf), "%s %s (continued)", p->d->title,
                 ldg_invoice_number(p->d->inv));
        p->y += BLOCK_SIZE;
        pdf_text(p, MARGIN, p->y, buf);
        p->y += 10.0;
        if (p->in_table)
            pdf_table_header(p);
    }
}

/* Room for h more points on this page, else a new page. */
static void pdf_ensure(pdf *p, double h)
{
    if (p->y + h > BODY_BOTTOM)
        pdf_new_page(p);
}

/* Lines of text at x, wrapped to width, the first one bold if asked; returns the y
 * below them. Used for the blocks on page one, which never break. */
static double pdf_block(pdf *p, const strlist *lines, double x, double y, double width,
                        double size, bool first_bold)
{
    size_t i, j;

    for (i = 0; i < lines->n && p->rc == LDG_OK; i++) {
        strlist w = { 0 };

        pdf_font(p, size, first_bold && i == 0);
        p->rc = wrap(&w, lines->v[i], width, pdf_width_of, p, p->err);
        for (j = 0; j < w.n; j++) {
            y += size * LEADING;
            pdf_text(p, x, y, w.v[j]);
        }
        sl_free(&w);
    }
    return y;
}

static void pdf_columns(pdf *p)
{
    const doc *d = p->d;
    double avail = PAGE_W - 2 * MARGIN, sum = 0, scale = 1.0, x = MARGIN, wd;
    size_t c, i;

    for (c = 0; c < NCOL; c++) {
        pdf_font(p, TABLE_SIZE, true);
        p->col_w[c] = pdf_width_of(p, d->header[c]);
        pdf_font(p, TABLE_SIZE, false);
        for (i = 0; i < d->nrows; i++)
            if ((wd = pdf_width_of(p, d->rows[i].cell[c])) > p->col_w[c])
                p->col_w[c] = wd;
    }
    pdf_font(p, TABLE_SIZE, true);
    for (i = 0; i < d->nsums; i++)
        if ((wd = pdf_width_of(p, d->sums[i].value)) > p->col_w[COL_AMOUNT])
            p->col_w[COL_AMOUNT] = wd;
    if ((wd = pdf_width_of(p, d->total)) > p->col_w[COL_AMOUNT])
        p->col_w[COL_AMOUNT] = wd;
    for (c = 0; c < NCOL; c++)
        sum += p->col_w[c];
    /* Text widths scale with the font size: shrink the table to fit the page. */
    if (sum + TABLE_GAP * (NCOL - 1) > avail)
        scale = (avail - TABLE_GAP * (NCOL - 1)) / sum;
    p->table_size = TABLE_SIZE * scale;
    /* Spread what is left between the columns, so the amount ends at the margin. */
    wd = (avail - sum * scale) / (NCOL - 1);
    for (c = 0; c < NCOL; c++) {
        p->col_w[c] *= scale;
        p->col_x[c] = x;
        x += p->col_w[c] + wd;
    }
    p->col_x[NCOL] = PAGE_W - MARGIN;
}

/* One row under the amount column: label right-aligned before it, value at the right. */
static void pdf_sum(pdf *p, const char *label, const char *value, bool bold)
{
    double wd;

    p->y += ROW_H;
    pdf_font(p, p->table_size, bold); /* the size the amount column was measured at */
    wd = PAGE_W - MARGIN - pdf_width_of(p, value);
    pdf_text_right(p, (wd < p->col_x[COL_AMOUNT] ? wd : p->col_x[COL_AMOUNT]) - TABLE_GAP,
                   p->y, label);
    pdf_text_right(p, PAGE_W - MARGIN, p->y, value);
}

/* Row i and the sentences under it, kept on one page. */
static void pdf_row(pdf *p, size_t i)
{
    const doc_row *r = &p->d->rows[i];
    double detail_h = SMALL_SIZE * LEADING;
    strlist lines = { 0 };
    size_t c, k;

    pdf_font(p, SMALL_SIZE, false);
    for (k = 0; k < r->detail.n && p->rc == LDG_OK; k++)
        p->rc = wrap(&lines, r->detail.v[k], PAGE_W - 2 * MARGIN - 12.0, pdf_width_of, p,
                     p->err);
    pdf_ensure(p, ROW_H + (double)lines.n * detail_h);
    if (p->draw && i % 2 == 1) {
        cairo_set_source_rgb(p->cr, 0.94, 0.94, 0.94);
        cairo_rectangle(p->cr, MARGIN, p->y + 3.0, PAGE_W - 2 * MARGIN, ROW_H);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    }
    p->y += ROW_H;
    pdf_font(p, p->table_size, false);
    for (c = 0; c < NCOL; c++) {
        if (col_right[c])
            pdf_text_right(p, p->col_x[c] + p->col_w[c], p->y, r->cell[c]);
        else
            pdf_text(p, p->col_x[c], p->y, r->cell[c]);
    }
    pdf_font(p, SMALL_SIZE, false);
    for (k = 0; k < lines.n; k++) {
        p->y += detail_h;
        pdf_text(p, MARGIN + 12.0, p->y, lines.v[k]);
    }
    sl_free(&lines);
}

static void pdf_layout(pdf *p)
{
    const doc *d = p->d;
    double half = (PAGE_W - 2 * MARGIN) / 2, right_x = MARGIN + half + 12.0;
    double yl, yr, label_w = 0, wd;
    strlist tmp = { 0 };
    size_t i;

    p->page = 0;
    p->in_table = false;
    pdf_new_page(p);

    /* Seller at the top left; title, amends and the facts of issue on the right. */
    yl = pdf_block(p, &d->seller, MARGIN, p->y, half - 12.0, BLOCK_SIZE + 1.0, true);
    pdf_font(p, 20.0, true);
    yr = p->y + 20.0;
    pdf_text_right(p, PAGE_W - MARGIN, yr, d->title);
    if (d->amends[0]) {
        pdf_font(p, BLOCK_SIZE + 1.0, true);
        yr += 16.0;
        pdf_text_right(p, PAGE_W - MARGIN, yr, d->amends);
    }
    yr += 10.0;
    pdf_font(p, BLOCK_SIZE, true);
    for (i = 0; i < d->nmeta; i++)
        if ((wd = pdf_width_of(p, d->meta[i].label)) > label_w)
            label_w = wd;
    for (i = 0; i < d->nmeta; i++) {
        yr += BLOCK_SIZE * LEADING;
        pdf_font(p, BLOCK_SIZE, true);
        pdf_text(p, right_x, yr, d->meta[i].label);
        pdf_font(p, BLOCK_SIZE, false);
        pdf_text(p, right_x + label_w + 10.0, yr, d->meta[i].value);
    }

    /* The buyer under the seller. */
    yl += 18.0;
    pdf_font(p, BLOCK_SIZE, true);
    if (p->draw)
        cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    pdf_text(p, MARGIN, yl, "BILL TO");
    if (p->draw)
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    yl = pdf_block(p, &d->buyer, MARGIN, yl + 2.0, half - 12.0, BLOCK_SIZE + 1.0, true);
    p->y = (yl > yr ? yl : yr) + 24.0;

    /* Why the document exists, across the page. */
    if (d->why.n > 0)
        p->y = pdf_block(p, &d->why, MARGIN, p->y - 8.0, PAGE_W - 2 * MARGIN, BLOCK_SIZE,
                         true) +
               18.0;

    /* The lines; the header again on every page they run over to. */
    pdf_columns(p);
    pdf_table_header(p);
    p->in_table = true;
    for (i = 0; i < d->nrows && p->rc == LDG_OK; i++)
        pdf_row(p, i);
    p->in_table = false;

    /* Net and tax (with terms) and the total, kept on the page of the last line when
     * they fit. */
    pdf_ensure(p, (double)(2 + d->nsums) * ROW_H);
    pdf_rule(p, p->col_x[COL_AMOUNT], PAGE_W - MARGIN, p->y + 4.0, 0.8);
    p->y += 4.0;
    for (i = 0; i < d->nsums; i++)
        pdf_sum(p, d->sums[i].label, d->sums[i].value, false);
    pdf_sum(p, d->total_label, d->total, true);

    /* The notes and the checkpoint, together. */
    pdf_font(p, SMALL_SIZE, false);
    for (i = 0; p->rc == LDG_OK && i < d->tax_notes.n; i++)
        p->rc =
            wrap(&tmp, d->tax_notes.v[i], PAGE_W - 2 * MARGIN, pdf_width_of, p, p->err);
    for (i = 0; p->rc == LDG_OK && i < d->payment.n; i++)
        p->rc = sl_add(&tmp, d->payment.v[i], strlen(d->payment.v[i]), p->err);
    if (p->rc == LDG_OK && tmp.n > 0)
        p->rc = sl_add(&tmp, "", 0, p->err);
    if (p->rc == LDG_OK &&
        (p->rc = wrap(&tmp, d->note, PAGE_W - 2 * MARGIN, pdf_width_of, p, p->err)) ==
            LDG_OK &&
        (p->rc = sl_add(&tmp, "", 0, p->err)) == LDG_OK &&
        (p->rc = wrap(&tmp, d->checkpoint, PAGE_W - 2 * MARGIN, pdf_width_of, p,
                      p->err)) == LDG_OK)
        p->rc = wrap(&tmp, d->verify, PAGE_W - 2 * MARGIN, pdf_width_of, p, p->err);
    if (p->rc == LDG_OK) {
        pdf_ensure(p, 28.0 + (double)tmp.n * SMALL_SIZE * LEADING);
        p->y += 28.0;
        for (i = 0; i < tmp.n; i++) {
            pdf_text(p, MARGIN, p->y, tmp.v[i]);
            p->y += SMALL_SIZE * LEADING;
        }
    }
    sl_free(&tmp);
    pdf_page_footer(p);
    if (p->draw)
        cairo_show_page(p->cr);
    p->npages = p->page;
}

typedef struct sink {
    FILE *f;
    int errnum; /* 0 until a write fails */
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int length)
{
    sink *s = closure;

    errno = 0;
    /* a full buffer is flushed inside fwrite(), whose count may not show it failed */
    if (fwrite(data, 1, length, s->f) != length || ferror(s->f)) {
        s->errnum = errno ? errno : EIO;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

ldg_code rpt_invoice_pdf(const ldg_invoice *inv, const rpt_invoice_ctx *ctx,
                         const char *path, ldg_error *err)
{
    cairo_surface_t *surface = NULL;
    cairo_status_t st;
    sink out = { NULL, 0 };
    struct stat fst;
    bool regular;
    char title[NUMBER_MAX + 32], date[LDG_TIME_BUFLEN];
    pdf p;
    doc d;
    int pages;
    ldg_code rc;

    assert(inv && path);
    if ((rc = doc_build(&d, inv, ctx, err)) != LDG_OK)
        return rc;
    errno = 0;
    if (!(out.f = fopen(path, "wb"))) {
        rc = ldg_error_set(err, LDG_EIO, "could not open \"%s\" for writing: %s", path,
                           strerror(errno));
        doc_cleanup(&d);
        return rc;
    }
    /* Only a regular file is removed on failure: never a device such as /dev/full. */
    regular = fstat(fileno(out.f), &fst) == 0 && S_ISREG(fst.st_mode);
    surface = cairo_pdf_surface_create_for_stream(sink_write, &out, PAGE_W, PAGE_H);
    snprintf(title, sizeof(title), "%s %s", d.title, ldg_invoice_number(inv));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, ctx->seller->name);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "leaseledger");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                   ldg_time_format(date, ldg_invoice_issued(inv)));

    memset(&p, 0, sizeof(p));
    p.cr = cairo_create(surface);
    p.d = &d;
    p.err = err;
    p.rc = LDG_OK;
    p.draw = false;
    pdf_layout(&p); /* counts the pages */
    pages = p.npages;
    if (p.rc == LDG_OK) {
        p.draw = true;
        pdf_layout(&p);
        if (p.rc == LDG_OK && p.npages != pages)
            p.rc = ldg_error_set(err, LDG_EINTERNAL,
                                 "invoice \"%s\" laid out on %d pages, then on %d",
                                 ldg_invoice_number(inv), pages, p.npages);
    }
    rc = p.rc;
    st = cairo_status(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc == LDG_OK && st != CAIRO_STATUS_SUCCESS)
        rc = out.errnum ? ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", path,
                                        strerror(out.errnum))
                        : ldg_error_set(err, LDG_EIO, "could not render \"%s\": %s", path,
                                        cairo_status_to_string(st));
    /* stdio may have buffered what cairo wrote and failed to flush it since: a write
     * error shows only in the stream's error flag or in fflush()/fclose() */
    errno = 0;
    if ((fflush(out.f) != 0 || ferror(out.f)) && rc == LDG_OK)
        rc = ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", path,
                           strerror(out.errnum ? out.errnum
                                    : errno    ? errno
                                               : EIO));
    errno = 0;
    if (fclose(out.f) != 0 && rc == LDG_OK)
        rc = ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", path,
                           strerror(errno ? errno : EIO));
    if (rc != LDG_OK && regular)
        remove(path); /* no half-written invoice left behind */
    doc_cleanup(&d);
    return rc;
}
