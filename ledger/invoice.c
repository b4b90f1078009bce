/*
 * Invoice documents: JSON both ways, and the difference of a re-rated period against
 * what was issued. Formats and the supplementary/credit-note decision are in
 * invoice.h.
 *
 * Invariant: an ldg_invoice satisfies every document rule (checked once, in one
 * function, whether it came from rating or from JSON), so to_json(from_json(x)) is x
 * byte for byte whenever from_json accepts x; numbers are checked by formatting them
 * back and comparing, which admits exactly one spelling of each value.
 *
 * Design: an invoice is a draft (lines, total, contract, currency, period) plus the
 * facts of issue, so rating, the verifier and the difference all work on one line
 * type. Matching keys in the difference is quadratic in the number of lines: a period
 * has a few dozen lines at most, and a hash table would be more code to trust.
 */
#include "ledger/invoice.h"

#include "ledger/contract.h"
#include "ledger/contract_billing.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/merkle.h"
#include "ledger/receivable.h"
#include "ledger/text.h"

#include <assert.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX      80
#define ROOT_B64_LEN    44 /* standard base64 of 32 bytes */
#define SIZE_MAX_JSON   ((int64_t)1 << 53)
#define FIELD_MAX_BYTES 64

struct ldg_invoice {
    ldg_invoice_kind kind;
    char number[NUMBER_MAX + 1];
    char amends_buf[NUMBER_MAX + 1];
    bool has_amends;
    ldg_time issued;
    int64_t size;
    char root[ROOT_B64_LEN + 1];
    bool has_basis;
    ldg_invoice_basis basis;
    ldg_draft *draft;
    bool has_terms;
    ldg_invoice_terms terms; /* points into the members below */
    ldg_invoice_tax tax[LDG_TAX_MAX_ENTRIES];
    char *tax_names[LDG_TAX_MAX_ENTRIES];
    int64_t tax_total;
    json_t *bill_to;
    char *purchase_order, *approved_by;
};

static const char *const kind_names[] = { "invoice", "credit_note" };

const char *ldg_invoice_kind_name(ldg_invoice_kind kind)
{
    if ((int)kind < 0 || (int)kind > (int)LDG_INVOICE_KIND_CREDIT_NOTE)
        return NULL;
    return kind_names[kind];
}

ldg_code ldg_invoice_kind_parse(ldg_invoice_kind *out, const char *name, ldg_error *err)
{
    assert(out && name);
    if (strcmp(name, "invoice") == 0)
        *out = LDG_INVOICE_KIND_INVOICE;
    else if (strcmp(name, "credit_note") == 0)
        *out = LDG_INVOICE_KIND_CREDIT_NOTE;
    else
        return ldg_error_set(
            err, LDG_EINVAL,
            "unknown invoice kind \"%.32s\" (known: invoice, credit_note)", name);
    return LDG_OK;
}

/* ---- document rules ---------------------------------------------------------------- */

static bool is_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "<series>-<YYYY>-<NNNNNN>", series of letters, digits, '.', '_', '-'. */
static bool valid_number(const char *s)
{
    size_t len = s ? strlen(s) : 0, i;

    if (len < 13 || len > NUMBER_MAX)
        return false;
    if (s[len - 7] != '-' || !is_digits(s + len - 6, 6) || s[len - 12] != '-' ||
        !is_digits(s + len - 11, 4) || strcmp(s + len - 6, "000000") == 0)
        return false;
    for (i = 0; i < len - 12; i++) {
        char c = s[i];

        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* Canonical standard base64 of exactly 32 bytes: 43 symbols, the last with its two
 * low bits zero, then one '=' (merkle.c's rule for a hash, which this is). */
static bool valid_root(const char *s)
{
    ldg_hash h;

    return s && ldg_hash_from_base64(&h, s, strlen(s), NULL) == LDG_OK;
}

static const char *stream_unit(ldg_stream s, const char *currency)
{
    switch (s) {
    case LDG_STREAM_GPU_RESERVED:
    case LDG_STREAM_GPU_OVERAGE:
        return "gpu_hour";
    case LDG_STREAM_ENERGY:
        return "mwh";
    case LDG_STREAM_POWER_CAPACITY:
        return "mw_month";
    case LDG_STREAM_SLA_CREDIT:
    case LDG_STREAM_COMMITMENT_TRUE_UP:
        return currency;
    case LDG_STREAM_FIXED:
        return "month"; /* or "once" (fixed_unit) */
    case LDG_STREAM_DEMAND:
    case LDG_STREAM_POWER_OVERAGE:
        return "kw_month";
    }
    return NULL;
}

static bool stream_has_class(ldg_stream s)
{
    return s == LDG_STREAM_GPU_RESERVED || s == LDG_STREAM_GPU_OVERAGE ||
           s == LDG_STREAM_SLA_CREDIT;
}

static bool same_key(const ldg_line *a, const ldg_line *b)
{
    return a->stream == b->stream && a->cls == b->cls && a->from == b->from &&
           a->to == b->to && a->rate_micros == b->rate_micros &&
           strcmp(a->unit, b->unit) == 0;
}

static int64_t minor_unit(int digits)
{
    int64_t u = 1;
    int i;

    for (i = digits; i < 6; i++)
        u *= 10;
    return u;
}

/* The rules every document obeys; who names it in messages is `what`. */
static ldg_code check_document(const char *what, const ldg_draft *d,
                               const ldg_invoice_meta *m, ldg_error *err)
{
    const char *cur = ldg_rate_draft_currency(d);
    int64_t unit = minor_unit(ldg_rate_draft_currency_digits(d));
    ldg_period p = ldg_rate_draft_period(d);
    size_t n = ldg_rate_draft_line_count(d), i, j;

    if (!valid_number(m->number))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"number\": must be <series>-<YYYY>-<NNNNNN>",
                             what);
    if (m->amends && !valid_number(m->amends))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"amends\": must be an invoice number", what);
    if (m->amends && strcmp(m->amends, m->number) == 0)
        return ldg_error_set(err, LDG_EINVAL, "%s: field \"amends\": names itself", what);
    if (!valid_root(m->rated_from_root))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"rated_from.root\": must be the base64 of a "
                             "32-byte hash",
                             what);
    if (m->rated_from_size < 0 || m->rated_from_size > SIZE_MAX_JSON)
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"rated_from.size\": must be 0..2^53", what);
    if (m->basis && (!valid_root(m->basis->sha256) || m->basis->count < 0 ||
                     m->basis->count > SIZE_MAX_JSON || m->basis->from < 0 ||
                     m->basis->from > m->rated_from_size))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"basis\": count must be 0..2^53, from "
                             "0..rated_from.size and sha256 the base64 of a 32-byte hash",
                             what);
    if (m->kind != LDG_INVOICE_KIND_INVOICE && m->kind != LDG_INVOICE_KIND_CREDIT_NOTE)
        return ldg_error_set(err, LDG_EINVAL, "%s: unknown kind (%d)", what,
                             (int)m->kind);
    if (m->kind == LDG_INVOICE_KIND_CREDIT_NOTE && !m->amends)
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: a credit note must name the invoice it amends", what);
    if (m->amends && n == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: a supplementary invoice or credit note needs lines",
                             what);
    for (i = 0; i < n; i++) {
        const ldg_line *l = ldg_rate_draft_line(d, i);
        const char *want = stream_unit(l->stream, cur);

        if (!want)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"lines[%zu].stream\": "
                                 "unknown stream",
                                 what, i);
        if (strcmp(l->unit, want) != 0 &&
            !(l->stream == LDG_STREAM_FIXED && strcmp(l->unit, "once") == 0))
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"lines[%zu].unit\": a %s line is in \"%s\"",
                                 what, i, ldg_rate_stream_name(l->stream), want);
        if (stream_has_class(l->stream) ? !ldg_contract_class_name(l->cls)
                                        : l->cls != LDG_GPU_NONE)
            return ldg_error_set(
                err, LDG_EINVAL, "%s: field \"lines[%zu].class\": %s", what, i,
                stream_has_class(l->stream) ? "a GPU class is required for this stream"
                                            : "must be null for this stream");
        if (l->from >= l->to || l->from < p.start || l->to > p.end)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"lines[%zu].to\": the line must cover a "
                                 "non-empty part of the period",
                                 what, i);
        if (l->amount_micros % unit != 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"lines[%zu].amount\": not whole minor units "
                                 "of %s",
                                 what, i, cur);
        if (m->amends && m->kind == LDG_INVOICE_KIND_INVOICE && l->amount_micros <= 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"lines[%zu].amount\": every line of a "
                                 "supplementary invoice must be positive",
                                 what, i);
        if (m->kind == LDG_INVOICE_KIND_CREDIT_NOTE && l->amount_micros >= 0)
            return ldg_error_set(
                err, LDG_EINVAL,
                "%s: field \"lines[%zu].amount\": every line of a credit "
                "note must be negative",
                what, i);
        for (j = 0; j < i; j++)
            if (same_key(ldg_rate_draft_line(d, j), l))
                return ldg_error_set(err, LDG_EINVAL,
                                     "%s: field \"lines[%zu]\": same stream, class, "
                                     "from, to, unit and rate as lines[%zu]",
                                     what, i, j);
    }
    return LDG_OK;
}

/* A text the documents print as one line: non-empty, no control character at all. */
static bool one_line(const char *s)
{
    return s && s[0] && ldg_text_no_controls(s, strlen(s)) && !strchr(s, '\n');
}

/* The rules of a document's terms (invoice.h); *tax_total receives the tax's sum. */
static ldg_code check_terms(int64_t *tax_total, const char *what, const ldg_draft *d,
                            const ldg_invoice_meta *m, ldg_error *err)
{
    const ldg_invoice_terms *t = m->terms;
    int64_t unit = minor_unit(ldg_rate_draft_currency_digits(d));
    bool supplementary = m->amends && m->kind == LDG_INVOICE_KIND_INVOICE;
    ldg_i128 sum = 0;
    ldg_bill_to bt;

    if (t->ntax > LDG_TAX_MAX_ENTRIES || (t->ntax > 0 && !t->tax))
        return ldg_error_set(err, LDG_EINVAL, "%s: field \"tax\": at most %d entries",
                             what, LDG_TAX_MAX_ENTRIES);
    for (size_t i = 0; i < t->ntax; i++) {
        const ldg_invoice_tax *x = &t->tax[i];

        if (!ldg_tax_category_name(x->category) || !one_line(x->name) ||
            x->percent_micros < 0 || x->percent_micros > LDG_TAX_MAX_PERCENT_MICROS)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"tax[%zu]\": needs a category, a name and "
                                 "a percent 0..100",
                                 what, i);
        if (x->taxable_micros % unit != 0 || x->amount_micros % unit != 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"tax[%zu]\": not whole minor units of %s",
                                 what, i, ldg_rate_draft_currency(d));
        if ((supplementary && x->amount_micros < 0) ||
            (m->kind == LDG_INVOICE_KIND_CREDIT_NOTE && x->amount_micros > 0))
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"tax[%zu].amount\": against the sign of "
                                 "the document",
                                 what, i);
        sum += x->amount_micros;
    }
    sum += ldg_rate_draft_total(d);
    if (sum > INT64_MAX || sum < INT64_MIN)
        return ldg_error_set(err, LDG_ERANGE, "%s: field \"total\": out of range", what);
    *tax_total = (int64_t)(sum - ldg_rate_draft_total(d));
    if ((t->purchase_order && !one_line(t->purchase_order)) ||
        (t->approved_by && !one_line(t->approved_by)))
        return ldg_error_set(
            err, LDG_EINVAL,
            "%s: purchase_order and approved_by must be one line of text", what);
    if (t->due_day < ldg_receivable_day_of(m->issued))
        return ldg_error_set(err, LDG_EINVAL, "%s: field \"due\": before the issue date",
                             what);
    if (t->bill_to && ldg_contract_bill_to_parse(&bt, t->bill_to, what, err) != LDG_OK)
        return LDG_EINVAL;
    return LDG_OK;
}

/* Copies the terms into inv (its own strings and bill_to). */
static ldg_code copy_terms(ldg_invoice *inv, const ldg_invoice_terms *t, ldg_error *err)
{
    bool ok = true;

    inv->has_terms = true;
    inv->terms = *t;
    for (size_t i = 0; i < t->ntax; i++) {
        inv->tax[i] = t->tax[i];
        ok = ok && (inv->tax_names[i] = strdup(t->tax[i].name)) != NULL;
        inv->tax[i].name = inv->tax_names[i];
    }
    inv->terms.tax = inv->tax;
    ok = ok && (!t->bill_to || (inv->bill_to = json_deep_copy(t->bill_to)) != NULL);
    ok = ok && (!t->purchase_order ||
                (inv->purchase_order = strdup(t->purchase_order)) != NULL);
    ok = ok && (!t->approved_by || (inv->approved_by = strdup(t->approved_by)) != NULL);
    inv->terms.bill_to = inv->bill_to;
    inv->terms.purchase_order = inv->purchase_order;
    inv->terms.approved_by = inv->approved_by;
    return ok ? LDG_OK : ldg_error_set(err, LDG_ENOMEM, "out of memory");
}

/* A copy of d's identity, lines and total. */
static ldg_code copy_draft(ldg_draft **out, const ldg_draft *d, ldg_error *err)
{
    size_t i;
    ldg_code rc;

    rc = ldg_rate_draft_new(out, ldg_rate_draft_contract(d), ldg_rate_draft_currency(d),
                            ldg_rate_draft_period(d), err);
    for (i = 0; rc == LDG_OK && i < ldg_rate_draft_line_count(d); i++)
        rc = ldg_rate_draft_add_line(*out, ldg_rate_draft_line(d, i), err);
    if (rc != LDG_OK) {
        ldg_rate_draft_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Builds the invoice taking draft (freed on failure). */
static ldg_code invoice_make(ldg_invoice **out, const char *what, ldg_draft *draft,
                             const ldg_invoice_meta *m, ldg_error *err)
{
    ldg_invoice *inv;
    int64_t tax_total = 0;
    ldg_code rc;

    *out = NULL;
    if ((rc = check_document(what, draft, m, err)) != LDG_OK ||
        (m->terms && (rc = check_terms(&tax_total, what, draft, m, err)) != LDG_OK)) {
        ldg_rate_draft_free(draft);
        return rc;
    }
    if (!(inv = calloc(1, sizeof(*inv)))) {
        ldg_rate_draft_free(draft);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    inv->kind = m->kind;
    snprintf(inv->number, sizeof(inv->number), "%s", m->number);
    inv->has_amends = m->amends != NULL;
    if (m->amends)
        snprintf(inv->amends_buf, sizeof(inv->amends_buf), "%s", m->amends);
    inv->issued = m->issued;
    inv->size = m->rated_from_size;
    snprintf(inv->root, sizeof(inv->root), "%s", m->rated_from_root);
    inv->has_basis = m->basis != NULL;
    if (m->basis)
        inv->basis = *m->basis;
    inv->draft = draft;
    inv->tax_total = tax_total;
    if (m->terms && (rc = copy_terms(inv, m->terms, err)) != LDG_OK) {
        ldg_invoice_free(inv);
        return rc;
    }
    *out = inv;
    return LDG_OK;
}

ldg_code ldg_invoice_new(ldg_invoice **out, const ldg_draft *draft,
                         const ldg_invoice_meta *meta, ldg_error *err)
{
    char what[NUMBER_MAX + 16];
    ldg_draft *copy = NULL;
    ldg_code rc;

    assert(out && draft && meta);
    *out = NULL;
    snprintf(what, sizeof(what), "invoice \"%.*s\"", NUMBER_MAX,
             meta->number ? meta->number : "");
    if ((rc = copy_draft(&copy, draft, err)) != LDG_OK)
        return rc;
    return invoice_make(out, what, copy, meta, err);
}

void ldg_invoice_free(ldg_invoice *inv)
{
    if (!inv)
        return;
    ldg_rate_draft_free(inv->draft);
    for (size_t i = 0; i < LDG_TAX_MAX_ENTRIES; i++)
        free(inv->tax_names[i]);
    json_decref(inv->bill_to);
    free(inv->purchase_order);
    free(inv->approved_by);
    free(inv);
}

ldg_invoice_kind ldg_invoice_kind_of(const ldg_invoice *inv)
{
    return inv->kind;
}

const char *ldg_invoice_number(const ldg_invoice *inv)
{
    return inv->number;
}

const char *ldg_invoice_contract(const ldg_invoice *inv)
{
    return ldg_rate_draft_contract(inv->draft);
}

ldg_period ldg_invoice_period(const ldg_invoice *inv)
{
    return ldg_rate_draft_period(inv->draft);
}

const char *ldg_invoice_currency(const ldg_invoice *inv)
{
    return ldg_rate_draft_currency(inv->draft);
}

ldg_time ldg_invoice_issued(const ldg_invoice *inv)
{
    return inv->issued;
}

const char *ldg_invoice_amends(const ldg_invoice *inv)
{
    return inv->has_amends ? inv->amends_buf : NULL;
}

size_t ldg_invoice_line_count(const ldg_invoice *inv)
{
    return ldg_rate_draft_line_count(inv->draft);
}

const ldg_line *ldg_invoice_line(const ldg_invoice *inv, size_t i)
{
    return ldg_rate_draft_line(inv->draft, i);
}

int64_t ldg_invoice_total(const ldg_invoice *inv)
{
    return ldg_rate_draft_total(inv->draft) + inv->tax_total;
}

int64_t ldg_invoice_net(const ldg_invoice *inv)
{
    return ldg_rate_draft_total(inv->draft);
}

int64_t ldg_invoice_tax_total(const ldg_invoice *inv)
{
    return inv->tax_total;
}

const ldg_invoice_terms *ldg_invoice_terms_of(const ldg_invoice *inv)
{
    return inv->has_terms ? &inv->terms : NULL;
}

int64_t ldg_invoice_due_day(const ldg_invoice *inv)
{
    return inv->has_terms ? inv->terms.due_day : ldg_receivable_day_of(inv->issued);
}

int64_t ldg_invoice_rated_from_size(const ldg_invoice *inv)
{
    return inv->size;
}

const char *ldg_invoice_rated_from_root(const ldg_invoice *inv)
{
    return inv->root;
}

const ldg_invoice_basis *ldg_invoice_basis_of(const ldg_invoice *inv)
{
    return inv->has_basis ? &inv->basis : NULL;
}

const char *ldg_invoice_approved_by(const ldg_invoice *inv)
{
    return inv->has_terms ? inv->approved_by : NULL;
}

const ldg_draft *ldg_invoice_draft(const ldg_invoice *inv)
{
    return inv->draft;
}

/* ---- to JSON ----------------------------------------------------------------------- */

static bool set_new(json_t *obj, const char *key, json_t *v)
{
    return v && json_object_set_new(obj, key, v) == 0; /* takes v even on failure */
}

static json_t *decimal(int64_t v, int digits)
{
    char buf[LDG_FIXED_BUFLEN];

    return json_string(ldg_fixed_format(buf, v, digits));
}

static json_t *instant(ldg_time t)
{
    char buf[LDG_TIME_BUFLEN];

    return json_string(ldg_time_format(buf, t));
}

static json_t *line_json(const ldg_line *l, int digits)
{
    json_t *o = json_object();
    const char *cls = ldg_contract_class_name(l->cls);
    bool ok = o != NULL;

    ok = ok && set_new(o, "stream", json_string(ldg_rate_stream_name(l->stream)));
    ok = ok && set_new(o, "class", cls ? json_string(cls) : json_null());
    ok = ok && set_new(o, "from", instant(l->from));
    ok = ok && set_new(o, "to", instant(l->to));
    ok = ok && set_new(o, "quantity", decimal(l->qty_micros, 6));
    ok = ok && set_new(o, "unit", json_string(l->unit));
    ok = ok && set_new(o, "rate", decimal(l->rate_micros, 6));
    ok = ok && set_new(o, "amount", decimal(l->amount_micros, digits));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *tax_json(const ldg_invoice_tax *x, int digits)
{
    return json_pack(
        "{s:s, s:s, s:o, s:o, s:o}", "category", ldg_tax_category_name(x->category),
        "name", x->name, "percent", decimal(x->percent_micros, 6), "taxable",
        decimal(x->taxable_micros, digits), "amount", decimal(x->amount_micros, digits));
}

/* "net", "tax", "total", "due", "bill_to", "purchase_order", "approved_by" in order. */
static bool terms_json(json_t *o, const ldg_invoice *inv, int digits)
{
    char day[LDG_RECEIVABLE_DAY_BUFLEN];
    json_t *tax = json_array();
    bool ok = tax && set_new(o, "net", decimal(ldg_invoice_net(inv), digits));

    for (size_t i = 0; ok && i < inv->terms.ntax; i++)
        ok = json_array_append_new(tax, tax_json(&inv->tax[i], digits)) == 0;
    if (ok) {
        ok = set_new(o, "tax", tax);
        tax = NULL;
    }
    json_decref(tax);
    ok = ok && set_new(o, "total", decimal(ldg_invoice_total(inv), digits));
    ok = ok && set_new(o, "due",
                       json_string(ldg_receivable_day_format(day, inv->terms.due_day)));
    ok = ok &&
         set_new(o, "bill_to", inv->bill_to ? json_deep_copy(inv->bill_to) : json_null());
    ok = ok && set_new(o, "purchase_order", string_or_null(inv->purchase_order));
    return ok && set_new(o, "approved_by", string_or_null(inv->approved_by));
}

ldg_code ldg_invoice_to_json(json_t **out, const ldg_invoice *inv, ldg_error *err)
{
    const ldg_draft *d = inv->draft;
    int digits = ldg_rate_draft_currency_digits(d);
    json_t *o = json_object(), *lines = json_array(), *rf = json_object();
    char pb[8];
    size_t i;
    bool ok = o && lines && rf;

    assert(out);
    *out = NULL;
    ok = ok && set_new(o, "number", json_string(inv->number));
    ok = ok && set_new(o, "contract", json_string(ldg_rate_draft_contract(d)));
    ok = ok && set_new(o, "period",
                       json_string(ldg_period_format(pb, ldg_rate_draft_period(d))));
    ok = ok && set_new(o, "currency", json_string(ldg_rate_draft_currency(d)));
    ok = ok && set_new(o, "issued", instant(inv->issued));
    ok = ok && set_new(o, "amends",
                       inv->has_amends ? json_string(inv->amends_buf) : json_null());
    for (i = 0; ok && i < ldg_rate_draft_line_count(d); i++) {
        json_t *l = line_json(ldg_rate_draft_line(d, i), digits);

        ok = l && json_array_append_new(lines, l) == 0;
    }
    if (ok) {
        ok = set_new(o, "lines", lines);
        lines = NULL;
    }
    if (inv->has_terms)
        ok = ok && terms_json(o, inv, digits);
    else
        ok = ok && set_new(o, "total", decimal(ldg_rate_draft_total(d), digits));
    ok = ok && set_new(rf, "size", json_integer(inv->size));
    ok = ok && set_new(rf, "root", json_string(inv->root));
    if (ok) {
        ok = set_new(o, "rated_from", rf);
        rf = NULL;
    }
    /* only documents that carry it: an older one keeps its exact bytes */
    if (ok && inv->has_basis)
        ok = set_new(o, "basis",
                     json_pack("{s:I, s:I, s:s}", "count", (json_int_t)inv->basis.count,
                               "from", (json_int_t)inv->basis.from, "sha256",
                               inv->basis.sha256));
    json_decref(lines);
    json_decref(rf);
    if (!ok) {
        json_decref(o);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    *out = o;
    return LDG_OK;
}

/* ---- from JSON --------------------------------------------------------------------- */

typedef struct jctx {
    const char *what; /* "invoice \"C1-2026-000001\"" */
    ldg_error *err;
} jctx;

__attribute__((format(printf, 3, 4))) static ldg_code
jerror(const jctx *j, const char *field, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ldg_error_set(j->err, LDG_EINVAL, "%s: field \"%s\": %s", j->what, field, msg);
}

/* obj must have exactly the members in keys (NULL-terminated). */
static ldg_code exact_keys(const jctx *j, json_t *obj, const char *prefix,
                           const char *const *keys)
{
    char field[FIELD_MAX_BYTES];
    const char *key;
    json_t *v;
    size_t i;

    json_object_foreach(obj, key, v)
    {
        bool known = false;

        (void)v;
        for (i = 0; keys[i]; i++)
            known = known || strcmp(key, keys[i]) == 0;
        if (!known) {
            snprintf(field, sizeof(field), "%s%.32s", prefix, key);
            return jerror(j, field, "unknown field");
        }
    }
    for (i = 0; keys[i]; i++) {
        if (!json_object_get(obj, keys[i])) {
            snprintf(field, sizeof(field), "%s%s", prefix, keys[i]);
            return jerror(j, field, "required field missing");
        }
    }
    return LDG_OK;
}

static ldg_code jstring(const char **out, const jctx *j, const json_t *obj,
                        const char *key, const char *field)
{
    const json_t *v = json_object_get(obj, key);

    if (!json_is_string(v))
        return jerror(j, field, "must be a string");
    *out = json_string_value(v);
    return LDG_OK;
}

/* A decimal string with exactly `digits` decimals in canonical form. */
static ldg_code jdecimal(int64_t *out, const jctx *j, const json_t *obj, const char *key,
                         const char *field, int digits)
{
    char buf[LDG_FIXED_BUFLEN];
    const char *s = NULL;
    ldg_error tmp;
    ldg_code rc;

    if ((rc = jstring(&s, j, obj, key, field)) != LDG_OK)
        return rc;
    ldg_error_clear(&tmp);
    rc = ldg_fixed_parse_dp(out, s, strlen(s), digits, &tmp);
    if (rc == LDG_ERANGE)
        return ldg_error_set(j->err, LDG_ERANGE, "%s: field \"%s\": %s", j->what, field,
                             tmp.message);
    if (rc != LDG_OK || strcmp(ldg_fixed_format(buf, *out, digits), s) != 0)
        return jerror(j, field,
                      "must be a decimal string with exactly %d decimals, like \"%s\"",
                      digits, ldg_fixed_format(buf, 0, digits));
    return LDG_OK;
}

static ldg_code jinstant(ldg_time *out, const jctx *j, const json_t *obj, const char *key,
                         const char *field)
{
    char buf[LDG_TIME_BUFLEN];
    const char *s = NULL;
    ldg_error tmp;
    ldg_code rc;

    if ((rc = jstring(&s, j, obj, key, field)) != LDG_OK)
        return rc;
    ldg_error_clear(&tmp);
    if (ldg_time_parse_str(out, s, &tmp) != LDG_OK)
        return jerror(j, field, "malformed timestamp: %s", tmp.message);
    if (strcmp(ldg_time_format(buf, *out), s) != 0)
        return jerror(j, field, "must be written YYYY-MM-DDTHH:MM:SSZ");
    return LDG_OK;
}

static ldg_code parse_line(ldg_line *l, const jctx *j, json_t *o, size_t i, int digits)
{
    static const char *const line_keys[] = { "stream", "class",    "from",
                                             "to",     "quantity", "unit",
                                             "rate",   "amount",   NULL };
    char prefix[FIELD_MAX_BYTES], field[FIELD_MAX_BYTES];
    const json_t *cls;
    const char *s = NULL;
    ldg_code rc;

    memset(l, 0, sizeof(*l));
    snprintf(prefix, sizeof(prefix), "lines[%zu]", i);
    if (!json_is_object(o))
        return jerror(j, prefix, "must be an object");
    snprintf(prefix, sizeof(prefix), "lines[%zu].", i);
    if ((rc = exact_keys(j, o, prefix, line_keys)) != LDG_OK)
        return rc;
#define FIELD(name) (snprintf(field, sizeof(field), "lines[%zu]." name, i), field)
    if ((rc = jstring(&s, j, o, "stream", FIELD("stream"))) != LDG_OK)
        return rc;
    if (ldg_rate_stream_parse(&l->stream, s, NULL) != LDG_OK)
        return jerror(j, field, "unknown stream \"%.32s\"", s);
    cls = json_object_get(o, "class");
    l->cls = LDG_GPU_NONE;
    if (!json_is_null(cls)) {
        if ((rc = jstring(&s, j, o, "class", FIELD("class"))) != LDG_OK)
            return rc;
        if (ldg_gpu_class_intern(&l->cls, s, strlen(s), NULL) != LDG_OK)
            return jerror(j, field, "not a GPU class \"%.32s\"", s);
    }
    if ((rc = jinstant(&l->from, j, o, "from", FIELD("from"))) != LDG_OK ||
        (rc = jinstant(&l->to, j, o, "to", FIELD("to"))) != LDG_OK ||
        (rc = jdecimal(&l->qty_micros, j, o, "quantity", FIELD("quantity"), 6)) !=
            LDG_OK ||
        (rc = jstring(&s, j, o, "unit", FIELD("unit"))) != LDG_OK)
        return rc;
    if (strlen(s) >= sizeof(l->unit))
        return jerror(j, field, "unknown unit");
    snprintf(l->unit, sizeof(l->unit), "%s", s);
    if ((rc = jdecimal(&l->rate_micros, j, o, "rate", FIELD("rate"), 6)) != LDG_OK ||
        (rc = jdecimal(&l->amount_micros, j, o, "amount", FIELD("amount"), digits)) !=
            LDG_OK)
        return rc;
#undef FIELD
    return LDG_OK;
}

static ldg_code parse_basis(ldg_invoice_basis *out, const jctx *j, json_t *o)
{
    static const char *const keys[] = { "count", "from", "sha256", NULL };
    const json_t *count = json_object_get(o, "count"), *from = json_object_get(o, "from");
    const char *sha = NULL;
    ldg_code rc;

    if (!json_is_object(o))
        return jerror(j, "basis", "must be an object");
    if ((rc = exact_keys(j, o, "basis.", keys)) != LDG_OK ||
        (rc = jstring(&sha, j, o, "sha256", "basis.sha256")) != LDG_OK)
        return rc;
    if (!json_is_integer(count) || !json_is_integer(from))
        return jerror(j, "basis", "count and from must be integers");
    if (strlen(sha) != ROOT_B64_LEN)
        return jerror(j, "basis.sha256", "must be the base64 of a 32-byte hash");
    out->count = (int64_t)json_integer_value(count);
    out->from = (int64_t)json_integer_value(from);
    memcpy(out->sha256, sha, ROOT_B64_LEN + 1);
    return LDG_OK; /* the ranges are checked with the rest of the document */
}

/* What the document was rated from: "rated_from" (size and root of the checkpoint) and,
 * when present, "basis" (null stands for absent here: ldg_invoice_from_json). */
static ldg_code parse_provenance(ldg_invoice_meta *m, ldg_invoice_basis *basis, jctx *j,
                                 json_t *doc)
{
    static const char *const rf_keys[] = { "size", "root", NULL };
    json_t *rf = json_object_get(doc, "rated_from"), *size;
    ldg_code rc;

    if (!json_is_object(rf))
        return jerror(j, "rated_from", "must be an object");
    if ((rc = exact_keys(j, rf, "rated_from.", rf_keys)) != LDG_OK ||
        (rc = jstring(&m->rated_from_root, j, rf, "root", "rated_from.root")) != LDG_OK)
        return rc;
    size = json_object_get(rf, "size");
    if (!json_is_integer(size))
        return jerror(j, "rated_from.size", "must be an integer");
    m->rated_from_size = (int64_t)json_integer_value(size);
    if (!json_is_null(json_object_get(doc, "basis"))) {
        if ((rc = parse_basis(basis, j, json_object_get(doc, "basis"))) != LDG_OK)
            return rc;
        m->basis = basis;
    }
    return LDG_OK;
}

/* The terms read from a document: ldg_invoice_terms and the tax it points at. */
typedef struct terms_buf {
    ldg_invoice_terms t;
    ldg_invoice_tax tax[LDG_TAX_MAX_ENTRIES];
} terms_buf;

/* A string member or null (NULL). */
static ldg_code jstring_or_null(const char **out, const jctx *j, const json_t *obj,
                                const char *key)
{
    *out = NULL;
    return json_is_null(json_object_get(obj, key)) ? LDG_OK
                                                   : jstring(out, j, obj, key, key);
}

static ldg_code parse_tax_item(ldg_invoice_tax *x, const jctx *j, json_t *o, size_t i,
                               int digits)
{
    static const char *const keys[] = { "category", "name",   "percent",
                                        "taxable",  "amount", NULL };
    char prefix[FIELD_MAX_BYTES], field[FIELD_MAX_BYTES];
    const char *code = NULL;
    ldg_code rc;

    snprintf(prefix, sizeof(prefix), "tax[%zu]", i);
    if (!json_is_object(o))
        return jerror(j, prefix, "must be an object");
    snprintf(prefix, sizeof(prefix), "tax[%zu].", i);
#define FIELD(name) (snprintf(field, sizeof(field), "tax[%zu]." name, i), field)
    if ((rc = exact_keys(j, o, prefix, keys)) != LDG_OK ||
        (rc = jstring(&code, j, o, "category", FIELD("category"))) != LDG_OK ||
        (rc = jstring(&x->name, j, o, "name", FIELD("name"))) != LDG_OK ||
        (rc = jdecimal(&x->percent_micros, j, o, "percent", FIELD("percent"), 6)) !=
            LDG_OK ||
        (rc = jdecimal(&x->taxable_micros, j, o, "taxable", FIELD("taxable"), digits)) !=
            LDG_OK ||
        (rc = jdecimal(&x->amount_micros, j, o, "amount", FIELD("amount"), digits)) !=
            LDG_OK)
        return rc;
    if (ldg_tax_category_parse(&x->category, code, NULL) != LDG_OK)
        return jerror(j, FIELD("category"), "unknown tax category \"%.16s\"", code);
#undef FIELD
    return LDG_OK;
}

/* "net", "tax", "due", "bill_to", "purchase_order" and "approved_by" into tb. */
static ldg_code parse_terms(terms_buf *tb, const jctx *j, json_t *doc, int digits)
{
    json_t *tax = json_object_get(doc, "tax");
    const char *due = NULL;
    ldg_error tmp;
    ldg_code rc;

    memset(tb, 0, sizeof(*tb));
    if (!json_is_array(tax) || json_array_size(tax) > LDG_TAX_MAX_ENTRIES)
        return jerror(j, "tax", "must be an array of at most %d entries",
                      LDG_TAX_MAX_ENTRIES);
    tb->t.ntax = json_array_size(tax);
    tb->t.tax = tb->tax;
    for (size_t i = 0; i < tb->t.ntax; i++)
        if ((rc = parse_tax_item(&tb->tax[i], j, json_array_get(tax, i), i, digits)) !=
            LDG_OK)
            return rc;
    if ((rc = jstring(&due, j, doc, "due", "due")) != LDG_OK)
        return rc;
    ldg_error_clear(&tmp);
    if (ldg_receivable_day_parse(&tb->t.due_day, due, &tmp) != LDG_OK)
        return jerror(j, "due", "%s", tmp.message);
    if (!json_is_null(json_object_get(doc, "bill_to")))
        tb->t.bill_to = json_object_get(doc, "bill_to");
    if ((rc = jstring_or_null(&tb->t.purchase_order, j, doc, "purchase_order")) !=
            LDG_OK ||
        (rc = jstring_or_null(&tb->t.approved_by, j, doc, "approved_by")) != LDG_OK)
        return rc;
    return LDG_OK;
}

/* The document's sums: "net" (with terms) and "total" against the lines and tax. */
static ldg_code parse_totals(ldg_invoice_meta *m, terms_buf *tb, const jctx *j,
                             json_t *doc, const ldg_draft *d)
{
    char a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN];
    int digits = ldg_rate_draft_currency_digits(d);
    int64_t net = ldg_rate_draft_total(d), total = 0;
    ldg_i128 want = net;
    ldg_code rc;

    if (json_object_get(doc, "net")) {
        if ((rc = jdecimal(&net, j, doc, "net", "net", digits)) != LDG_OK ||
            (rc = parse_terms(tb, j, doc, digits)) != LDG_OK)
            return rc;
        if (net != ldg_rate_draft_total(d))
            return jerror(j, "net", "%s is not the sum of the lines (%s)",
                          ldg_fixed_format(a, net, digits),
                          ldg_fixed_format(b, ldg_rate_draft_total(d), digits));
        for (size_t i = 0; i < tb->t.ntax; i++)
            want += tb->tax[i].amount_micros;
        if (want > INT64_MAX || want < INT64_MIN)
            return jerror(j, "total", "out of range");
        m->terms = &tb->t;
    }
    if ((rc = jdecimal(&total, j, doc, "total", "total", digits)) != LDG_OK)
        return rc;
    if (total != (int64_t)want)
        return jerror(j, "total", "%s is not %s (%s)", ldg_fixed_format(a, total, digits),
                      m->terms ? "net plus the tax" : "the sum of the lines",
                      ldg_fixed_format(b, (int64_t)want, digits));
    return LDG_OK;
}

ldg_code ldg_invoice_from_json(ldg_invoice **out, const json_t *data,
                               ldg_invoice_kind kind, ldg_error *err)
{
    static const char *const top_keys[] = { "number",   "contract", "period",
                                            "currency", "issued",   "amends",
                                            "lines",    "total",    "rated_from",
                                            "basis",    NULL };
    static const char *const terms_keys[] = {
        "number",         "contract",    "period",     "currency", "issued", "amends",
        "lines",          "net",         "tax",        "total",    "due",    "bill_to",
        "purchase_order", "approved_by", "rated_from", "basis",    NULL
    };
    char what[NUMBER_MAX + 16];
    const char *number = NULL, *contract = NULL, *period_s = NULL, *currency = NULL;
    ldg_invoice_meta m;
    ldg_invoice_basis basis;
    terms_buf terms;
    ldg_period period;
    ldg_draft *d = NULL;
    json_t *doc = NULL, *lines, *amends;
    ldg_error tmp;
    jctx j = { "invoice document", err };
    int digits;
    size_t i;
    ldg_code rc;

    assert(out);
    *out = NULL;
    memset(&m, 0, sizeof(m));
    if (!json_is_object(data))
        return ldg_error_set(err, LDG_EINVAL, "invoice document: must be a JSON object");
    /* A private copy: Jansson's iteration wants a non-const value. */
    if (!(doc = json_deep_copy(data)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (json_is_string(json_object_get(doc, "number"))) {
        snprintf(what, sizeof(what), "invoice \"%.*s\"", NUMBER_MAX,
                 json_string_value(json_object_get(doc, "number")));
        j.what = what;
    }
    /* "basis" is the one optional member (documents issued before it have none); it is
     * an object when present, and absent stands for null below */
    if (json_is_null(json_object_get(doc, "basis"))) {
        rc = jerror(&j, "basis", "must be an object");
        goto done;
    }
    if (!json_object_get(doc, "basis") &&
        json_object_set_new(doc, "basis", json_null()) != 0) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = exact_keys(&j, doc, "",
                         json_object_get(doc, "net") ? terms_keys : top_keys)) !=
            LDG_OK ||
        (rc = jstring(&number, &j, doc, "number", "number")) != LDG_OK ||
        (rc = jstring(&contract, &j, doc, "contract", "contract")) != LDG_OK ||
        (rc = jstring(&period_s, &j, doc, "period", "period")) != LDG_OK ||
        (rc = jstring(&currency, &j, doc, "currency", "currency")) != LDG_OK)
        goto done;
    ldg_error_clear(&tmp);
    if (ldg_period_parse(&period, period_s, &tmp) != LDG_OK) {
        rc = jerror(&j, "period", "%s", tmp.message);
        goto done;
    }
    if ((digits = ldg_contract_currency_digits(currency)) < 0) {
        rc = jerror(&j, "currency", "currency \"%.16s\" not supported", currency);
        goto done;
    }
    if (contract[0] == '\0') {
        rc = jerror(&j, "contract", "must not be empty");
        goto done;
    }
    if ((rc = jinstant(&m.issued, &j, doc, "issued", "issued")) != LDG_OK)
        goto done;
    amends = json_object_get(doc, "amends");
    if (!json_is_null(amends) &&
        (rc = jstring(&m.amends, &j, doc, "amends", "amends")) != LDG_OK)
        goto done;
    if ((rc = parse_provenance(&m, &basis, &j, doc)) != LDG_OK)
        goto done;
    m.kind = kind;
    m.number = number;
    if ((rc = ldg_rate_draft_new(&d, contract, currency, period, err)) != LDG_OK)
        goto done;
    lines = json_object_get(doc, "lines");
    if (!json_is_array(lines)) {
        rc = jerror(&j, "lines", "must be an array");
        goto done;
    }
    for (i = 0; i < json_array_size(lines); i++) {
        ldg_line l;

        if ((rc = parse_line(&l, &j, json_array_get(lines, i), i, digits)) != LDG_OK ||
            (rc = ldg_rate_draft_add_line(d, &l, err)) != LDG_OK)
            goto done;
    }
    if ((rc = parse_totals(&m, &terms, &j, doc, d)) != LDG_OK)
        goto done;
    if (kind != LDG_INVOICE_KIND_INVOICE && kind != LDG_INVOICE_KIND_CREDIT_NOTE) {
        rc = ldg_error_set(err, LDG_EINVAL, "%s: unknown kind (%d)", j.what, (int)kind);
        goto done;
    }
    rc = invoice_make(out, j.what, d, &m, err);
    d = NULL; /* taken */
done:
    ldg_rate_draft_free(d);
    json_decref(doc);
    return rc;
}

/* ---- difference -------------------------------------------------------------------- */

typedef struct keyed {
    ldg_line line;   /* key fields; quantity and amount unused */
    ldg_i128 qty;    /* sum over issued documents */
    ldg_i128 amount; /* sum over issued documents */
    bool rerated;    /* the key is in the re-rated draft */
} keyed;

static int cmp_line_key(const void *pa, const void *pb)
{
    const ldg_line *a = &((const keyed *)pa)->line, *b = &((const keyed *)pb)->line;
    int c;

    if (a->stream != b->stream)
        return a->stream < b->stream ? -1 : 1;
    if (a->cls !=
        b->cls) /* none (-1) sorts before the classes, then gpu_class.h's order */
        return ldg_gpu_class_rank(a->cls) < ldg_gpu_class_rank(b->cls) ? -1 : 1;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->to != b->to)
        return a->to < b->to ? -1 : 1;
    if ((c = strcmp(a->unit, b->unit)) != 0)
        return c;
    return (a->rate_micros > b->rate_micros) - (a->rate_micros < b->rate_micros);
}

static ldg_code check_issued(const ldg_draft *rerated, const ldg_invoice *const *issued,
                             size_t n, ldg_error *err)
{
    ldg_period p = ldg_rate_draft_period(rerated);
    const ldg_invoice *orig = NULL;
    char pb[8];
    size_t i;

    if (n == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "nothing was issued for contract \"%s\" period %s: issue an "
                             "invoice, not a difference",
                             ldg_rate_draft_contract(rerated), ldg_period_format(pb, p));
    for (i = 0; i < n; i++) {
        const ldg_invoice *inv = issued[i];

        if (strcmp(ldg_invoice_contract(inv), ldg_rate_draft_contract(rerated)) != 0 ||
            ldg_invoice_period(inv).start != p.start ||
            strcmp(ldg_invoice_currency(inv), ldg_rate_draft_currency(rerated)) != 0)
            return ldg_error_set(
                err, LDG_EINVAL,
                "invoice \"%s\" is not for contract \"%s\" period %s in "
                "%s",
                ldg_invoice_number(inv), ldg_rate_draft_contract(rerated),
                ldg_period_format(pb, p), ldg_rate_draft_currency(rerated));
        if (!ldg_invoice_amends(inv)) {
            if (orig || inv->kind != LDG_INVOICE_KIND_INVOICE)
                return ldg_error_set(err, LDG_EINVAL,
                                     "invoice \"%s\": a period has one original invoice",
                                     ldg_invoice_number(inv));
            orig = inv;
        }
    }
    if (!orig)
        return ldg_error_set(
            err, LDG_EINVAL,
            "the original invoice of contract \"%s\" period %s is missing",
            ldg_rate_draft_contract(rerated), ldg_period_format(pb, p));
    for (i = 0; i < n; i++)
        if (ldg_invoice_amends(issued[i]) &&
            strcmp(ldg_invoice_amends(issued[i]), orig->number) != 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invoice \"%s\" amends \"%s\", not the original \"%s\"",
                                 ldg_invoice_number(issued[i]),
                                 ldg_invoice_amends(issued[i]), orig->number);
    return LDG_OK;
}

/* Index of line's key in keys[0..n), or n. */
static size_t find_key(const keyed *keys, size_t n, const ldg_line *line)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (same_key(&keys[i].line, line))
            return i;
    return n;
}

/* Adds the difference line (new - issued) of key k to the draft of its sign. */
static ldg_code emit_diff(ldg_draft **supp, ldg_draft **credit, const ldg_draft *rerated,
                          const ldg_line *key, ldg_i128 dqty, ldg_i128 damount,
                          ldg_error *err)
{
    ldg_draft **target;
    ldg_line l = *key;
    ldg_code rc;

    if (damount == 0)
        return LDG_OK; /* nothing owed either way; see invoice.h */
    if (dqty > INT64_MAX || dqty < INT64_MIN || damount > INT64_MAX ||
        damount < INT64_MIN)
        return ldg_error_set(err, LDG_ERANGE, "invoice difference out of range");
    l.qty_micros = (int64_t)dqty;
    l.amount_micros = (int64_t)damount;
    target = damount > 0 ? supp : credit;
    if (!*target) {
        rc = ldg_rate_draft_new(target, ldg_rate_draft_contract(rerated),
                                ldg_rate_draft_currency(rerated),
                                ldg_rate_draft_period(rerated), err);
        if (rc != LDG_OK)
            return rc;
    }
    return ldg_rate_draft_add_line(*target, &l, err);
}

ldg_code ldg_invoice_diff(ldg_draft **supplement, ldg_draft **credit_note,
                          const ldg_draft *rerated, const ldg_invoice *const *issued,
                          size_t n, ldg_error *err)
{
    keyed *keys = NULL;
    size_t nkeys = 0, cap = 0, i, j, k, nvanished;
    ldg_code rc;

    assert(supplement && credit_note && rerated);
    *supplement = *credit_note = NULL;
    if ((rc = check_issued(rerated, issued, n, err)) != LDG_OK)
        return rc;
    for (i = 0; i < n; i++) {
        for (j = 0; j < ldg_invoice_line_count(issued[i]); j++) {
            const ldg_line *l = ldg_invoice_line(issued[i], j);

            if ((k = find_key(keys, nkeys, l)) == nkeys) {
                if (nkeys == cap) {
                    size_t ncap = cap ? 2 * cap : 32;
                    keyed *p = realloc(keys, ncap * sizeof(*p));

                    if (!p) {
                        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
                        goto done;
                    }
                    keys = p;
                    cap = ncap;
                }
                memset(&keys[nkeys], 0, sizeof(keys[nkeys]));
                keys[nkeys].line = *l;
                nkeys++;
            }
            keys[k].qty += l->qty_micros;
            keys[k].amount += l->amount_micros;
        }
    }
    /* Keys of the re-rated period, in its order. */
    for (i = 0; i < ldg_rate_draft_line_count(rerated); i++) {
        const ldg_line *l = ldg_rate_draft_line(rerated, i);
        ldg_i128 qty = 0, amount = 0;

        if ((k = find_key(keys, nkeys, l)) < nkeys) {
            keys[k].rerated = true;
            qty = keys[k].qty;
            amount = keys[k].amount;
        }
        rc = emit_diff(supplement, credit_note, rerated, l, l->qty_micros - qty,
                       l->amount_micros - amount, err);
        if (rc != LDG_OK)
            goto done;
    }
    /* Keys that vanished: reverse what was issued, in key order. */
    for (i = 0, nvanished = 0; i < nkeys; i++)
        if (!keys[i].rerated)
            keys[nvanished++] = keys[i];
    if (nvanished > 1)
        qsort(keys, nvanished, sizeof(*keys), cmp_line_key);
    for (i = 0; i < nvanished; i++) {
        rc = emit_diff(supplement, credit_note, rerated, &keys[i].line, -keys[i].qty,
                       -keys[i].amount, err);
        if (rc != LDG_OK)
            goto done;
    }
    rc = LDG_OK;
done:
    free(keys);
    if (rc != LDG_OK) {
        ldg_rate_draft_free(*supplement);
        ldg_rate_draft_free(*credit_note);
        *supplement = *credit_note = NULL;
    }
    return rc;
}

/* ---- the basis digest -------------------------------------------------------------- */

struct ldg_basis_digest {
    EVP_MD *md;
    EVP_MD_CTX *ctx;
    int64_t count, last;
    size_t len;     /* bytes in buf not hashed yet */
    char buf[4096]; /* lines are hashed a buffer at a time, not one by one */
};

ldg_code ldg_basis_digest_new(ldg_basis_digest **out, ldg_error *err)
{
    ldg_basis_digest *d = calloc(1, sizeof(*d));

    *out = NULL;
    if (d) {
        d->md = EVP_MD_fetch(NULL, "SHA256", NULL);
        d->ctx = EVP_MD_CTX_new();
        d->last = -1;
    }
    if (!d || !d->md || !d->ctx || EVP_DigestInit_ex2(d->ctx, d->md, NULL) != 1) {
        ldg_basis_digest_free(d);
        return ldg_error_set(err, LDG_ENOMEM, "could not set up SHA-256 (out of memory)");
    }
    *out = d;
    return LDG_OK;
}

/* As merkle.c: SHA-256 fails only when OpenSSL cannot allocate; a wrong digest would be
 * worse than stopping. */
static _Noreturn void digest_failed(void)
{
    fputs("leaseledger: SHA-256 failed: out of memory in OpenSSL\n", stderr);
    abort();
}

static void digest_flush(ldg_basis_digest *d)
{
    if (d->len > 0 && EVP_DigestUpdate(d->ctx, d->buf, d->len) != 1)
        digest_failed();
    d->len = 0;
}

/* seq (not negative) in decimal and a line feed, into the buffer. */
static void digest_line(ldg_basis_digest *d, int64_t seq)
{
    char tmp[24];
    size_t n = 0;
    uint64_t v = (uint64_t)seq;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (d->len + n + 1 > sizeof(d->buf))
        digest_flush(d);
    while (n)
        d->buf[d->len++] = tmp[--n];
    d->buf[d->len++] = '\n';
}

ldg_code ldg_basis_digest_add_range(ldg_basis_digest *d, int64_t lo, int64_t hi,
                                    ldg_error *err)
{
    if (lo <= d->last || lo < 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "basis: seq %" PRId64 " does not follow %" PRId64, lo,
                             d->last);
    for (int64_t seq = lo; seq <= hi; seq++)
        digest_line(d, seq);
    if (hi >= lo) {
        d->count += hi - lo + 1;
        d->last = hi;
    }
    return LDG_OK;
}

ldg_code ldg_basis_digest_add(ldg_basis_digest *d, int64_t seq, ldg_error *err)
{
    return ldg_basis_digest_add_range(d, seq, seq, err);
}

void ldg_basis_digest_finish(ldg_basis_digest *d, ldg_invoice_basis *out)
{
    ldg_hash h;
    unsigned int len = 0;

    digest_flush(d);
    if (EVP_DigestFinal_ex(d->ctx, h.b, &len) != 1 || len != LDG_HASH_LEN)
        digest_failed();
    out->count = d->count;
    ldg_hash_to_base64(out->sha256, &h);
}

void ldg_basis_digest_free(ldg_basis_digest *d)
{
    if (!d)
        return;
    EVP_MD_CTX_free(d->ctx);
    EVP_MD_free(d->md);
    free(d);
}
