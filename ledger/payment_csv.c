/*
 * Payments CSV: the header `payment_id,tenant,received,amount,currency,reference`
 * exactly (after an optional UTF-8 byte-order mark), then one payment per line.
 * Quoting is usage files' (RFC 4180 within one line: a field in double quotes may hold
 * commas, "" is a quote; a record never spans lines); "\n" or "\r\n" ends a line; blank
 * lines are skipped. received is "YYYY-MM-DD" (that date at 00:00:00Z) or an RFC 3339
 * UTC instant. A line longer than LDG_LINE_MAX bytes refuses the file before any of it
 * is copied.
 *
 * The column order is fixed, unlike usage files: the file is small and written by a
 * person or a bank export script, and one fixed order is one thing to get right.
 */
#include "ledger/payment_int.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <string.h>

#define PAY_HEADER "payment_id,tenant,received,amount,currency,reference"
#define PAY_NCOLS  6

enum { COL_ID, COL_TENANT, COL_RECEIVED, COL_AMOUNT, COL_CURRENCY, COL_REFERENCE };

/* One line split into PAY_NCOLS fields, unquoted into buf (which holds the line). */
typedef struct csv_row {
    const char *f[PAY_NCOLS];
    size_t len[PAY_NCOLS];
} csv_row;

/* Reads one field starting at line[*i] into *w; 0 on bad quoting. */
static int csv_field(const char *line, size_t len, size_t *i, char **w)
{
    if (*i < len && line[*i] == '"') {
        for ((*i)++;; (*i)++) {
            if (*i >= len)
                return 0; /* unterminated quote */
            if (line[*i] == '"') {
                if (*i + 1 < len && line[*i + 1] == '"') {
                    *(*w)++ = '"';
                    (*i)++;
                    continue;
                }
                (*i)++;
                break;
            }
            *(*w)++ = line[*i];
        }
        return *i >= len || line[*i] == ',';
    }
    for (; *i < len && line[*i] != ','; (*i)++) {
        if (line[*i] == '"')
            return 0; /* a quote inside an unquoted field */
        *(*w)++ = line[*i];
    }
    return 1;
}

/* Splits line into row (texts in buf, len + 1 bytes); an error names the problem. */
static ldg_code csv_split(csv_row *row, char *buf, const char *line, size_t len,
                          ldg_error *err)
{
    size_t i = 0;
    char *w = buf;
    int n = 0;

    for (;;) {
        char *start = w;

        if (n == PAY_NCOLS)
            return ldg_error_set(err, LDG_EINVAL, "more than %d fields", PAY_NCOLS);
        if (!csv_field(line, len, &i, &w))
            return ldg_error_set(err, LDG_EINVAL, "malformed CSV: bad quoting");
        row->f[n] = start;
        row->len[n] = (size_t)(w - start);
        n++;
        if (i >= len)
            break;
        i++; /* the comma; a trailing one starts an empty last field */
    }
    if (n != PAY_NCOLS)
        return ldg_error_set(err, LDG_EINVAL, "expected %d fields, found %d", PAY_NCOLS,
                             n);
    return LDG_OK;
}

/* received: a date, or an RFC 3339 UTC instant. */
static ldg_code csv_received(ldg_time *out, const char *s, size_t len, ldg_error *err)
{
    ldg_error e;

    if (len == 10)
        return ldg_payment__date(out, s, len, err);
    ldg_error_clear(&e);
    if (ldg_time_parse(out, s, len, &e) != LDG_OK)
        return ldg_error_set(err, LDG_EINVAL, "received: %s (or a date YYYY-MM-DD)",
                             e.message);
    return LDG_OK;
}

static ldg_code csv_record(ldg_payment_file *pf, char *buf, const char *line, size_t len,
                           int64_t lineno, ldg_error *err)
{
    ldg_payment_raw raw = { 0 };
    csv_row row;
    ldg_code rc;

    if (!ldg_text_is_clean(line, len))
        return ldg_error_set(err, LDG_EINVAL,
                             "line holds a NUL, control character or invalid UTF-8");
    if ((rc = csv_split(&row, buf, line, len, err)) != LDG_OK ||
        (rc = csv_received(&raw.received, row.f[COL_RECEIVED], row.len[COL_RECEIVED],
                           err)) != LDG_OK)
        return rc;
    raw.id = row.f[COL_ID], raw.id_len = row.len[COL_ID];
    raw.tenant = row.f[COL_TENANT], raw.tenant_len = row.len[COL_TENANT];
    raw.amount = row.f[COL_AMOUNT], raw.amount_len = row.len[COL_AMOUNT];
    raw.currency = row.f[COL_CURRENCY], raw.currency_len = row.len[COL_CURRENCY];
    raw.reference = row.f[COL_REFERENCE], raw.reference_len = row.len[COL_REFERENCE];
    raw.payer = "", raw.payer_len = 0;
    raw.pos = lineno;
    return ldg_payment__add(pf, &raw, err);
}

static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* The header, exactly; a BOM before it was already dropped. */
static ldg_code csv_header(const char *line, size_t len, ldg_error *err)
{
    char q[LDG_QUOTE_BUFLEN];

    if (len == strlen(PAY_HEADER) && memcmp(line, PAY_HEADER, len) == 0)
        return LDG_OK;
    return ldg_error_set(err, LDG_EINVAL, "header %s is not \"%s\"",
                         ldg_text_quote(q, line, len), PAY_HEADER);
}

ldg_code ldg_payment__csv(ldg_payment_file *pf, const char *data, size_t len,
                          const char *name, ldg_error *err)
{
    char buf[LDG_LINE_MAX + 1];
    size_t pos = 0;
    int64_t lineno = 0;
    int have_header = 0;
    ldg_code rc = LDG_OK;

    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        pos = 3; /* a UTF-8 byte-order mark, as spreadsheet exports write */
    while (rc == LDG_OK && pos < len) {
        const char *line = data + pos, *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;

        pos += n + (nl ? 1 : 0);
        lineno++;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        if (n > LDG_LINE_MAX)
            rc = ldg_error_set(err, LDG_EINVAL, "line is longer than %d bytes",
                               LDG_LINE_MAX);
        else if (blank(line, n))
            continue;
        else if (!have_header)
            rc = csv_header(line, n, err), have_header = 1;
        else if (++pf->counts.entries > LDG_PAY_ENTRIES_MAX)
            rc = ldg_error_set(err, LDG_EINVAL, "more than %d payments in one file",
                               LDG_PAY_ENTRIES_MAX);
        else
            rc = csv_record(pf, buf, line, n, lineno, err);
    }
    if (rc == LDG_OK && !have_header)
        rc = ldg_error_set(err, LDG_EINVAL, "empty file: no header \"%s\"", PAY_HEADER);
    if (rc != LDG_OK && lineno > 0)
        ldg_error_where(err, "%s:%" PRId64, name, lineno);
    else if (rc != LDG_OK)
        ldg_error_where(err, "%s", name);
    return rc;
}
