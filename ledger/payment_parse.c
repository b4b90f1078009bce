/*
 * Payment files: the container, the one validator both formats feed, and the choice of
 * format. Design: the whole file is in memory (at most LDG_PAY_FILE_MAX bytes) because
 * a statement is refused or taken whole, and libxml2 builds its tree from memory
 * anyway; the payments found are validated one by one as they are found, so the first
 * bad one stops the parse. Strings live in one arena, freed with the file.
 *
 * Duplicates are found by payment_id alone, not (tenant, payment_id) as the log keys
 * them: within one file a bank never reuses a reference for two payments, so two
 * differing payments under one id are a broken file, whatever tenant a CSV names.
 */
#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/payment_int.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static ldg_code file_new(ldg_payment_file **out, ldg_error *err)
{
    ldg_payment_file *pf = calloc(1, sizeof(*pf));
    ldg_code rc;

    *out = NULL;
    if (!pf)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    rc = ldg_arena_new(&pf->arena, err);
    if (rc == LDG_OK)
        rc = ldg_strmap_new(&pf->ids, err);
    if (rc != LDG_OK) {
        ldg_payment_file_free(pf);
        return rc;
    }
    *out = pf;
    return LDG_OK;
}

void ldg_payment_file_free(ldg_payment_file *pf)
{
    if (!pf)
        return;
    free(pf->items);
    ldg_arena_free(pf->arena);
    ldg_strmap_free(pf->ids);
    free(pf);
}

size_t ldg_payment_file_count(const ldg_payment_file *pf)
{
    return pf->n;
}

const ldg_payment_in *ldg_payment_file_at(const ldg_payment_file *pf, size_t i)
{
    return i < pf->n ? &pf->items[i] : NULL;
}

ldg_payment_format ldg_payment_file_format(const ldg_payment_file *pf)
{
    return pf->fmt;
}

const ldg_payment_counts *ldg_payment_file_counts(const ldg_payment_file *pf)
{
    return &pf->counts;
}

const char *ldg_payment_format_name(ldg_payment_format fmt)
{
    switch (fmt) {
    case LDG_PAYMENT_CSV:
        return "csv";
    case LDG_PAYMENT_CAMT053:
        return "camt053";
    default:
        return "auto";
    }
}

/* Validation ------------------------------------------------------------------------- */

/* A text field: at most max bytes, clean; required ones not empty. */
static ldg_code check_text(const char *what, const char *s, size_t len, size_t max,
                           int required, ldg_error *err)
{
    if (required && len == 0)
        return ldg_error_set(err, LDG_EINVAL, "%s is empty", what);
    if (len > max)
        return ldg_error_set(err, LDG_EINVAL, "%s is longer than %zu bytes", what, max);
    if (!ldg_text_is_clean(s, len))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s holds a control character or invalid UTF-8", what);
    return LDG_OK;
}

/* Three upper-case letters of a currency with known minor-unit digits; *digits set. */
static ldg_code check_currency(int *digits, const char *s, size_t len, ldg_error *err)
{
    char code[4] = { 0 }, q[LDG_QUOTE_BUFLEN];

    *digits = -1;
    if (len == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
        s[2] >= 'A' && s[2] <= 'Z') {
        memcpy(code, s, 3);
        *digits = ldg_contract_currency_digits(code);
        if (*digits >= 0)
            return LDG_OK;
        return ldg_error_set(err, LDG_EINVAL,
                             "unknown currency %s: no minor unit known for it",
                             ldg_text_quote(q, s, len));
    }
    return ldg_error_set(
        err, LDG_EINVAL,
        "invalid currency %s: expected three upper-case letters (ISO 4217)",
        ldg_text_quote(q, s, len));
}

/* A positive amount with at most the currency's minor-unit decimals. */
static ldg_code check_amount(int64_t *out, const char *s, size_t len, int digits,
                             ldg_error *err)
{
    char q[LDG_QUOTE_BUFLEN];
    ldg_error e;

    ldg_error_clear(&e);
    if (ldg_fixed_parse_dp(out, s, len, digits, &e) != LDG_OK)
        return ldg_error_set(err, LDG_EINVAL, "amount: %s", e.message);
    if (*out <= 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "amount %s is not greater than zero: only money received is "
                             "read",
                             ldg_text_quote(q, s, len));
    return LDG_OK;
}

/* The first field in which two payments differ, or NULL. */
static const char *first_difference(const ldg_payment_in *a, const ldg_payment_in *b)
{
    if (a->amount_micros != b->amount_micros || strcmp(a->currency, b->currency) != 0)
        return "amount";
    if (a->received != b->received)
        return "date";
    if (strcmp(a->tenant, b->tenant) != 0)
        return "tenant";
    if (strcmp(a->reference, b->reference) != 0)
        return "reference";
    if (strcmp(a->payer, b->payer) != 0)
        return "payer";
    return NULL;
}

static ldg_code append(ldg_payment_file *pf, const ldg_payment_in *p, ldg_error *err)
{
    if (pf->n == pf->cap) {
        size_t cap = pf->cap ? pf->cap * 2 : 64;
        ldg_payment_in *items = realloc(pf->items, cap * sizeof(*items));
        if (!items)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        pf->items = items;
        pf->cap = cap;
    }
    pf->items[pf->n++] = *p;
    return LDG_OK;
}

/* Copies the raw texts into the arena. */
static ldg_code copy_texts(ldg_payment_file *pf, ldg_payment_in *p,
                           const ldg_payment_raw *raw, ldg_error *err)
{
    p->payment_id = ldg_arena_strndup(pf->arena, raw->id, raw->id_len);
    p->tenant = ldg_arena_strndup(pf->arena, raw->tenant, raw->tenant_len);
    p->reference = ldg_arena_strndup(pf->arena, raw->reference, raw->reference_len);
    p->payer = ldg_arena_strndup(pf->arena, raw->payer, raw->payer_len);
    if (!p->payment_id || !p->tenant || !p->reference || !p->payer)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    return LDG_OK;
}

static ldg_code check_raw(ldg_payment_in *p, const ldg_payment_raw *raw, ldg_error *err)
{
    int digits;
    ldg_code rc;

    if ((rc = check_text("payment id", raw->id, raw->id_len, LDG_FIELD_MAX, 1, err)) ||
        (rc =
             check_text("tenant", raw->tenant, raw->tenant_len, LDG_FIELD_MAX, 0, err)) ||
        (rc = check_currency(&digits, raw->currency, raw->currency_len, err)) ||
        (rc = check_amount(&p->amount_micros, raw->amount, raw->amount_len, digits,
                           err)) ||
        (rc = check_text("reference", raw->reference, raw->reference_len, LDG_PAY_REF_MAX,
                         0, err)) ||
        (rc = check_text("payer account", raw->payer, raw->payer_len, LDG_FIELD_MAX, 0,
                         err)))
        return rc;
    memcpy(p->currency, raw->currency, 3);
    p->currency[3] = '\0';
    p->received = raw->received;
    p->source_pos = raw->pos;
    return LDG_OK;
}

ldg_code ldg_payment__add(ldg_payment_file *pf, const ldg_payment_raw *raw,
                          ldg_error *err)
{
    ldg_payment_in p = { 0 };
    char q[LDG_QUOTE_BUFLEN];
    int64_t *slot;
    int added;
    ldg_code rc;

    if ((rc = check_raw(&p, raw, err)) != LDG_OK ||
        (rc = copy_texts(pf, &p, raw, err)) != LDG_OK)
        return rc;
    slot = ldg_strmap_put(pf->ids, raw->id, raw->id_len, (int64_t)pf->n, &added);
    if (!slot)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (!added) {
        const ldg_payment_in *first = &pf->items[*slot];
        const char *diff = first_difference(first, &p);

        if (diff)
            return ldg_error_set(err, LDG_EINVAL,
                                 "payment id %s repeats %s %" PRId64 " with another %s",
                                 ldg_text_quote(q, raw->id, raw->id_len), pf->pos_word,
                                 first->source_pos, diff);
        pf->counts.duplicates++; /* the same payment twice: kept once */
        return LDG_OK;
    }
    return append(pf, &p, err);
}

ldg_code ldg_payment__date(ldg_time *out, const char *s, size_t len, ldg_error *err)
{
    char q[LDG_QUOTE_BUFLEN];
    int v[3] = { 0 }, width[3] = { 4, 2, 2 };
    size_t pos = 0;

    for (int f = 0; f < 3; f++) {
        if (f > 0 && (pos >= len || s[pos++] != '-'))
            goto bad;
        for (int k = 0; k < width[f]; k++, pos++) {
            if (pos >= len || s[pos] < '0' || s[pos] > '9')
                goto bad;
            v[f] = v[f] * 10 + (s[pos] - '0');
        }
    }
    if (pos != len || v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
        v[2] > ldg_days_in_month(v[0], v[1]))
        goto bad;
    *out = ldg_time_from_civil(v[0], v[1], v[2], 0, 0, 0);
    return LDG_OK;
bad:
    return ldg_error_set(err, LDG_EINVAL,
                         "invalid date %s: expected YYYY-MM-DD, 1970..9999",
                         ldg_text_quote(q, s, len));
}

/* Entry points ----------------------------------------------------------------------- */

static ldg_payment_format sniff(const char *data, size_t len)
{
    size_t i = 0;

    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    while (i < len &&
           (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    return i < len && data[i] == '<' ? LDG_PAYMENT_CAMT053 : LDG_PAYMENT_CSV;
}

ldg_code ldg_payment_parse(ldg_payment_file **out, const char *data, size_t len,
                           ldg_payment_format fmt, const char *name, ldg_error *err)
{
    ldg_payment_file *pf = NULL;
    ldg_code rc;

    *out = NULL;
    if (len > LDG_PAY_FILE_MAX) {
        ldg_error_where(err, "%s", name);
        return ldg_error_set(err, LDG_EINVAL, "payment file is larger than %d MiB",
                             LDG_PAY_FILE_MAX / (1024 * 1024));
    }
    if ((rc = file_new(&pf, err)) != LDG_OK)
        return rc;
    pf->fmt = fmt == LDG_PAYMENT_AUTO ? sniff(data, len) : fmt;
    if (pf->fmt == LDG_PAYMENT_CSV) {
        pf->pos_word = "line";
        rc = ldg_payment__csv(pf, data, len, name, err);
    } else {
        pf->pos_word = "entry";
        rc = ldg_payment__camt053(pf, data, len, name, err);
    }
    if (rc != LDG_OK) {
        ldg_payment_file_free(pf);
        return rc;
    }
    ldg_strmap_free(pf->ids); /* only needed while reading */
    pf->ids = NULL;
    *out = pf;
    return LDG_OK;
}

ldg_code ldg_payment_read(ldg_payment_file **out, FILE *f, ldg_payment_format fmt,
                          const char *name, ldg_error *err)
{
    size_t cap = 1024 * 1024, len = 0;
    char *buf = malloc(cap), *grown;
    ldg_code rc;

    *out = NULL;
    for (;;) {
        if (!buf)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap || cap > LDG_PAY_FILE_MAX)
            break;
        /* one byte past the limit is enough to know the file is too long */
        cap = cap * 2 > (size_t)LDG_PAY_FILE_MAX ? (size_t)LDG_PAY_FILE_MAX + 1 : cap * 2;
        grown = realloc(buf, cap);
        if (!grown)
            free(buf);
        buf = grown;
    }
    if (ferror(f)) {
        free(buf);
        ldg_error_where(err, "%s", name);
        return ldg_error_set(err, LDG_EIO, "could not read payment file");
    }
    rc = ldg_payment_parse(out, buf, len, fmt, name, err);
    free(buf);
    return rc;
}
