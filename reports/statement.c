/*
 * Statements (statement.h). One model, a Jansson object in the pinned JSON shape, is
 * built from the replay; the text is rendered from that model, and the PDF draws the
 * text's lines, so the three formats cannot disagree on a figure.
 *
 * Dropped: a PDF laid out in columns like the invoice (invoice_doc.c). A statement is a
 * list of dated amounts; a fixed-pitch rendering of the text keeps its columns aligned
 * with no layout code of its own.
 */
#include "reports/statement.h"

#include "ledger/contract.h"
#include "reports/doc_format.h"

#include <assert.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

char *rpt_money(char buf[LDG_FIXED_BUFLEN], int64_t micros, const char *currency)
{
    int digits = ldg_contract_currency_digits(currency);
    int64_t scale = 1;

    for (int i = digits; i >= 0 && i < 6; i++)
        scale *= 10;
    return ldg_fixed_format(buf, micros, digits >= 0 && micros % scale == 0 ? digits : 6);
}

ldg_code rpt_receivable_each(const ldg_receivable_log *log, int64_t day, rpt_tenant_fn fn,
                             void *ctx, ldg_error *err)
{
    for (size_t i = 0, end; i < log->n; i = end) {
        ldg_receivable *r = NULL;
        ldg_code rc;

        end = ldg_receivable_log_group_end(log, i);
        rc = ldg_receivable_replay(&r, log->items + i, end - i, day, err);
        if (rc != LDG_OK) {
            ldg_error_where(err, "the receivables of tenant \"%s\"", log->tenants[i]);
            return rc;
        }
        rc = fn(ctx, log, i, r, err);
        ldg_receivable_free(r);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

/* ---- document states (invoice list) ---------------------------------------------- */

/* A document by name, for the lookup. */
typedef struct named {
    const char *tenant, *id;
    size_t index; /* into the log */
} named;

struct rpt_doc_states {
    rpt_doc_state *state; /* by log item */
    named *by_name;       /* the log's documents sorted by (tenant, id) */
    size_t n;
};

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->tenant, y->tenant);

    return c ? c : strcmp(x->id, y->id);
}

/* The state of document k of a tenant's replay r. */
static void doc_state(rpt_doc_state *st, const ldg_receivable_item *items,
                      const ldg_receivable *r, size_t k)
{
    *st = (rpt_doc_state){ .due_day = items[k].due_day, .currency = items[k].currency };
    if (!(st->counted = ldg_receivable_counted(r, k)))
        return;
    st->open = ldg_receivable_open(r, k);
    st->status = ldg_receivable_status_of(r, k);
    for (size_t a = 0; a < ldg_receivable_alloc_count(r, k); a++) {
        const ldg_receivable_alloc *al = ldg_receivable_alloc_at(r, k, a);
        if (al->to == k && items[al->from].kind == LDG_RECEIVABLE_PAYMENT)
            st->paid += al->amount_micros;
    }
}

static ldg_code fill_states(void *ctx, const ldg_receivable_log *log, size_t first,
                            const ldg_receivable *r, ldg_error *err)
{
    rpt_doc_states *s = ctx;
    size_t end = ldg_receivable_log_group_end(log, first);

    (void)err;
    for (size_t i = first; i < end; i++) {
        if (log->items[i].kind == LDG_RECEIVABLE_PAYMENT)
            continue;
        doc_state(&s->state[i], log->items + first, r, i - first);
        s->by_name[s->n++] = (named){ log->tenants[i], log->items[i].id, i };
    }
    return LDG_OK;
}

ldg_code rpt_doc_states_new(rpt_doc_states **out, const ldg_receivable_log *log,
                            int64_t day, ldg_error *err)
{
    rpt_doc_states *s = calloc(1, sizeof(*s));
    ldg_code rc;

    *out = NULL;
    if (!s || !(s->state = calloc(log->n + 1, sizeof(*s->state))) ||
        !(s->by_name = calloc(log->n + 1, sizeof(*s->by_name)))) {
        rpt_doc_states_free(s);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if ((rc = rpt_receivable_each(log, day, fill_states, s, err)) != LDG_OK) {
        rpt_doc_states_free(s);
        return rc;
    }
    qsort(s->by_name, s->n, sizeof(*s->by_name), cmp_named);
    *out = s;
    return LDG_OK;
}

const rpt_doc_state *rpt_doc_states_find(const rpt_doc_states *s, const char *tenant,
                                         const char *number)
{
    named key = { tenant, number, 0 };
    const named *hit = bsearch(&key, s->by_name, s->n, sizeof(*s->by_name), cmp_named);

    return hit ? &s->state[hit->index] : NULL;
}

void rpt_doc_states_free(rpt_doc_states *s)
{
    if (!s)
        return;
    free(s->state);
    free(s->by_name);
    free(s);
}

/* ---- the model ----------------------------------------------------------------------
 */

static json_t *money(int64_t micros, const char *currency)
{
    char buf[LDG_FIXED_BUFLEN];

    return json_string(rpt_money(buf, micros, currency));
}

static json_t *day_json(int64_t day)
{
    char buf[LDG_RECEIVABLE_DAY_BUFLEN];

    return json_string(ldg_receivable_day_format(buf, day));
}

static json_t *allocations(const ldg_receivable *r, const ldg_receivable_item *items,
                           size_t i)
{
    json_t *arr = json_array();
    size_t n = ldg_receivable_alloc_count(r, i);

    for (size_t k = 0; k < n; k++) {
        const ldg_receivable_alloc *a = ldg_receivable_alloc_at(r, i, k);
        json_t *o = json_object();

        json_object_set_new(o, "from", json_string(items[a->from].id));
        json_object_set_new(o, "to", json_string(items[a->to].id));
        json_object_set_new(o, "amount", money(a->amount_micros, items[i].currency));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *item_json(const ldg_receivable *r, const ldg_receivable_item *items,
                         size_t i)
{
    const ldg_receivable_item *it = &items[i];
    bool pay = it->kind == LDG_RECEIVABLE_PAYMENT;
    json_t *o = json_object();

    json_object_set_new(o, "date", day_json(it->day));
    json_object_set_new(o, "kind", json_string(ldg_receivable_kind_name(it->kind)));
    json_object_set_new(o, "id", json_string(it->id));
    json_object_set_new(o, "currency", json_string(it->currency));
    json_object_set_new(
        o, "amount", money(pay ? -it->amount_micros : it->amount_micros, it->currency));
    json_object_set_new(o, "due", pay ? json_null() : day_json(it->due_day));
    json_object_set_new(o, "open", money(ldg_receivable_open(r, i), it->currency));
    json_object_set_new(
        o, "status",
        pay ? json_null()
            : json_string(ldg_receivable_status_name(ldg_receivable_status_of(r, i))));
    json_object_set_new(o, "reference",
                        pay && it->reference ? json_string(it->reference) : json_null());
    json_object_set_new(o, "allocations", allocations(r, items, i));
    return o;
}

static ldg_code balances(json_t *arr, const ldg_receivable *r, int64_t from_day,
                         ldg_error *err)
{
    for (size_t k = 0; k < ldg_receivable_account_count(r); k++) {
        const ldg_receivable_account *a = ldg_receivable_account_at(r, k);
        json_t *o;
        int64_t opening;
        ldg_code rc = ldg_receivable_opening(&opening, r, a->currency, from_day, err);

        if (rc != LDG_OK)
            return rc;
        o = json_object();
        json_object_set_new(o, "currency", json_string(a->currency));
        json_object_set_new(o, "opening", money(opening, a->currency));
        json_object_set_new(o, "closing", money(a->total, a->currency));
        json_array_append_new(arr, o);
    }
    return LDG_OK;
}

static ldg_code build(json_t **out, const char *tenant, const ldg_receivable_log *log,
                      int64_t from_day, int64_t to_day, ldg_error *err)
{
    ldg_receivable *r = NULL;
    json_t *o, *items;
    ldg_code rc;

    *out = NULL;
    if (from_day > to_day)
        return ldg_error_set(err, LDG_EINVAL, "the statement's --from is after its --to");
    if ((rc = ldg_receivable_replay(&r, log->items, log->n, to_day, err)) != LDG_OK)
        return rc;
    o = json_object();
    items = json_array();
    json_object_set_new(o, "tenant", json_string(tenant));
    json_object_set_new(o, "from", day_json(from_day));
    json_object_set_new(o, "to", day_json(to_day));
    json_object_set_new(o, "balances", json_array());
    json_object_set_new(o, "items", items);
    rc = balances(json_object_get(o, "balances"), r, from_day, err);
    for (size_t i = 0; rc == LDG_OK && i < log->n; i++)
        if (ldg_receivable_counted(r, i) && log->items[i].day >= from_day)
            json_array_append_new(items, item_json(r, log->items, i));
    ldg_receivable_free(r);
    if (rc != LDG_OK)
        json_decref(o);
    else
        *out = o;
    return rc;
}

/* ---- text ---------------------------------------------------------------------------
 */

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void text_allocations(FILE *out, const json_t *item)
{
    const json_t *a;
    size_t k;
    bool pay = strcmp(str(item, "kind"), "payment") == 0;

    json_array_foreach(json_object_get(item, "allocations"), k, a)
    {
        bool from_it = strcmp(str(a, "from"), str(item, "id")) == 0;
        fprintf(out, "              %s %-24s %14s\n", from_it ? "to  " : "from",
                str(a, from_it ? "to" : "from"), str(a, "amount"));
    }
    if (pay && *str(item, "reference"))
        fprintf(out, "              reference: %s\n", str(item, "reference"));
}

static void text_currency(FILE *out, const json_t *model, const json_t *bal)
{
    const char *cur = str(bal, "currency");
    const json_t *it;
    size_t i;

    fprintf(out, "\n%s\n  %-62s %14s\n", cur, "Opening balance", str(bal, "opening"));
    json_array_foreach(json_object_get(model, "items"), i, it)
    {
        if (strcmp(str(it, "currency"), cur) != 0)
            continue;
        fprintf(out, "  %s  %-11s %-24s %-14s %-8s %14s  open %s\n", str(it, "date"),
                str(it, "kind"), str(it, "id"), *str(it, "due") ? str(it, "due") : "",
                str(it, "status"), str(it, "amount"), str(it, "open"));
        text_allocations(out, it);
    }
    fprintf(out, "  %-62s %14s\n", "Closing balance", str(bal, "closing"));
}

static void text_render(FILE *out, const json_t *model)
{
    char words[RPT_DOC_PERIOD_BUFLEN];
    int64_t from = 0, to = 0;
    ldg_code rc;
    const json_t *bal;
    size_t k;

    /* the days [from, to], both included, as documents write periods (doc_format.h);
     * the model is build()'s, so both parse */
    rc = ldg_receivable_day_parse(&from, str(model, "from"), NULL);
    if (rc == LDG_OK)
        rc = ldg_receivable_day_parse(&to, str(model, "to"), NULL);
    assert(rc == LDG_OK && from <= to);
    (void)rc;
    rpt_doc_format_period(words, from * 86400, (to + 1) * 86400);
    fprintf(out, "Statement of account: %s, %s\n", str(model, "tenant"), words);
    fputs("Balances are what the tenant owes; a credit is negative.\n", out);
    if (json_array_size(json_object_get(model, "balances")) == 0)
        fputs("\nNo documents or payments up to the end of the statement.\n", out);
    json_array_foreach(json_object_get(model, "balances"), k, bal)
        text_currency(out, model, bal);
}

/* ---- PDF ----------------------------------------------------------------------------
 */

#define PAGE_W    595.276 /* A4 portrait, points */
#define PAGE_H    841.890
#define MARGIN    40.0
#define FONT_SIZE 7.0
#define LINE_H    9.5

/* Draws the lines of text, a fixed-pitch page after page. */
static void pdf_lines(cairo_t *cr, char *text)
{
    double y = MARGIN;

    cairo_select_font_face(cr, "DejaVu Sans Mono", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, FONT_SIZE);
    for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
        if ((nl = strchr(line, '\n')))
            *nl = '\0';
        if (y + LINE_H > PAGE_H - MARGIN) {
            cairo_show_page(cr);
            y = MARGIN;
        }
        y += LINE_H;
        cairo_move_to(cr, MARGIN, y);
        cairo_show_text(cr, line);
    }
    cairo_show_page(cr);
}

static ldg_code pdf_write(const char *path, const json_t *model, ldg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    cairo_surface_t *s;
    cairo_t *cr;
    cairo_status_t st;

    if (!mem)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    text_render(mem, model);
    if (fclose(mem) != 0) {
        free(text);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Statement of account");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "leaseledger");
    cr = cairo_create(s);
    pdf_lines(cr, text);
    st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    free(text);
    if (st != CAIRO_STATUS_SUCCESS) {
        remove(path); /* no half-written statement left behind */
        return ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", path,
                             cairo_status_to_string(st));
    }
    return LDG_OK;
}

ldg_code rpt_statement_write(FILE *out, const char *path, rpt_statement_format fmt,
                             const char *tenant, const ldg_receivable_log *log,
                             int64_t from_day, int64_t to_day, ldg_error *err)
{
    json_t *model = NULL;
    ldg_code rc = build(&model, tenant, log, from_day, to_day, err);

    if (rc != LDG_OK)
        return rc;
    if (fmt == RPT_STATEMENT_PDF) {
        rc = pdf_write(path, model, err);
    } else {
        if (fmt == RPT_STATEMENT_JSON) {
            json_dumpf(model, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            fputc('\n', out);
        } else {
            text_render(out, model);
        }
        if (fflush(out) != 0 || ferror(out))
            rc = ldg_error_set(err, LDG_EIO, "could not write the statement");
    }
    json_decref(model);
    return rc;
}
