/*
 * Tabular report output (see table.h).
 *
 * Storage: the column names and every cell are strdup'd into growable arrays owned by
 * the table; a row is a slice of ncols cells in one flat array. Reports are at most a
 * few hundred thousand cells, so a flat array of pointers is simpler than an arena and
 * frees in one pass.
 *
 * JSON goes through Jansson so escaping is its job; rows are built one at a time and
 * dumped with json_dumpf, so a large table never exists twice as a JSON tree.
 */
#include "reports/table.h"

#include "ledger/utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct rpt_table {
    char **names;
    rpt_col_kind *kinds;
    size_t ncols;
    char **cells; /* nrows * ncols */
    size_t nrows;
    size_t cap_rows;
};

/* ---- UTF-8 ---------------------------------------------------------------------- */

static ldg_code check_utf8(const char *s, const char *what, ldg_error *err)
{
    if (s != NULL && !ldg_utf8_valid(s, strlen(s)))
        return ldg_error_set(err, LDG_EINVAL, "%s is not valid UTF-8", what);
    return LDG_OK;
}

/* ---- CSV ------------------------------------------------------------------------ */

int rpt_csv_needs_quotes(const char *s)
{
    size_t len = strlen(s);

    if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

/* 1 if s is a plain decimal number, "-12.50" or "7": a negative amount is no formula. */
static int is_decimal(const char *s)
{
    const char *p = s + (s[0] == '-');
    int digits = 0, dot = 0;

    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p == '.' && !dot && digits > 0)
            dot = 1;
        else
            return 0;
    }
    return digits > 0 && p[-1] != '.';
}

int rpt_csv_is_formula(const char *s)
{
    if (s[0] == '-')
        return !is_decimal(s);
    return s[0] != '\0' && strchr("=+@\t\r", s[0]) != NULL;
}

ldg_code rpt_csv_field(FILE *fp, const char *s, ldg_error *err)
{
    if (s == NULL || s[0] == '\0')
        return LDG_OK;
    if (check_utf8(s, "CSV field", err) != LDG_OK)
        return LDG_EINVAL;
    /* a spreadsheet would run it: the OWASP rule, a leading single quote */
    if (rpt_csv_is_formula(s) && putc('\'', fp) == EOF)
        return ldg_error_set(err, LDG_EIO, "could not write CSV output");
    if (!rpt_csv_needs_quotes(s)) {
        if (fputs(s, fp) == EOF)
            return ldg_error_set(err, LDG_EIO, "could not write CSV output");
        return LDG_OK;
    }
    if (putc('"', fp) == EOF)
        return ldg_error_set(err, LDG_EIO, "could not write CSV output");
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '"' && putc('"', fp) == EOF)
            return ldg_error_set(err, LDG_EIO, "could not write CSV output");
        if (putc((unsigned char)*p, fp) == EOF)
            return ldg_error_set(err, LDG_EIO, "could not write CSV output");
    }
    if (putc('"', fp) == EOF)
        return ldg_error_set(err, LDG_EIO, "could not write CSV output");
    return LDG_OK;
}

ldg_code rpt_csv_row(FILE *fp, const char *const *fields, size_t n, ldg_error *err)
{
    for (size_t i = 0; i < n; i++) {
        ldg_code rc;

        if (i > 0 && putc(',', fp) == EOF)
            return ldg_error_set(err, LDG_EIO, "could not write CSV output");
        rc = rpt_csv_field(fp, fields[i], err);
        if (rc != LDG_OK)
            return rc;
    }
    if (fputs("\r\n", fp) == EOF)
        return ldg_error_set(err, LDG_EIO, "could not write CSV output");
    return LDG_OK;
}

/* ---- table model ---------------------------------------------------------------- */

ldg_code rpt_table_new(rpt_table **out, ldg_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    return LDG_OK;
}

void rpt_table_free(rpt_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->names[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->names);
    free(t->kinds);
    free(t->cells);
    free(t);
}

static char *dup_or_null(const char *s, int *failed)
{
    char *d;

    if (s == NULL)
        return NULL;
    d = strdup(s);
    if (d == NULL)
        *failed = 1;
    return d;
}

ldg_code rpt_table_add_column(rpt_table *t, const char *name, rpt_col_kind kind,
                              ldg_error *err)
{
    char **names;
    rpt_col_kind *kinds;
    char *copy;

    if (name == NULL || name[0] == '\0')
        return ldg_error_set(err, LDG_EINVAL, "column name is empty");
    if (t->nrows > 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot add column \"%s\" after rows were added", name);
    if (check_utf8(name, "column name", err) != LDG_OK)
        return LDG_EINVAL;
    names = realloc(t->names, (t->ncols + 1) * sizeof *names);
    if (names == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    t->names = names;
    kinds = realloc(t->kinds, (t->ncols + 1) * sizeof *kinds);
    if (kinds == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    t->kinds = kinds;
    copy = strdup(name);
    if (copy == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    t->names[t->ncols] = copy;
    t->kinds[t->ncols] = kind;
    t->ncols++;
    return LDG_OK;
}

ldg_code rpt_table_add_row(rpt_table *t, const char *const *cells, ldg_error *err)
{
    size_t base = t->nrows * t->ncols;
    int failed = 0;

    for (size_t i = 0; i < t->ncols; i++) {
        if (cells[i] != NULL && !ldg_utf8_valid(cells[i], strlen(cells[i])))
            return ldg_error_set(err, LDG_EINVAL,
                                 "value of column \"%s\" is not valid UTF-8",
                                 t->names[i]);
    }
    if (t->nrows == t->cap_rows) {
        size_t cap = t->cap_rows == 0 ? 16 : t->cap_rows * 2;
        char **cs;

        if (t->ncols > 0 && cap > SIZE_MAX / sizeof *cs / t->ncols)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        cs = realloc(t->cells, cap * (t->ncols > 0 ? t->ncols : 1) * sizeof *cs);
        if (cs == NULL)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        t->cells = cs;
        t->cap_rows = cap;
    }
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[base + i] = dup_or_null(cells[i], &failed);
    if (failed) {
        for (size_t i = 0; i < t->ncols; i++)
            free(t->cells[base + i]);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    t->nrows++;
    return LDG_OK;
}

size_t rpt_table_columns(const rpt_table *t)
{
    return t->ncols;
}

size_t rpt_table_rows(const rpt_table *t)
{
    return t->nrows;
}

const char *rpt_table_cell(const rpt_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

const char *rpt_table_column_name(const rpt_table *t, size_t col)
{
    return t->names[col];
}

/* ---- writers -------------------------------------------------------------------- */

/* Code points in a valid UTF-8 string; 0 for NULL (an empty cell). */
static size_t utf8_width(const char *s)
{
    return s == NULL ? 0 : ldg_utf8_chars(s);
}

static int put_pad(FILE *fp, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (putc(' ', fp) == EOF)
            return -1;
    return 0;
}

/* The cell with control characters shown as spaces, so a row stays on one line. */
static int put_text_cell(FILE *fp, const char *s)
{
    if (s == NULL)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        int c = (*p < 0x20 || *p == 0x7F) ? ' ' : *p;

        if (putc(c, fp) == EOF)
            return -1;
    }
    return 0;
}

static int put_aligned(FILE *fp, const char *s, size_t width, rpt_col_kind kind, int last)
{
    size_t w = utf8_width(s);
    size_t pad = width > w ? width - w : 0;

    if (kind == RPT_COL_NUMBER && put_pad(fp, pad) != 0)
        return -1;
    if (put_text_cell(fp, s) != 0)
        return -1;
    if (kind != RPT_COL_NUMBER && !last && put_pad(fp, pad) != 0)
        return -1;
    return 0;
}

static ldg_code write_text(const rpt_table *t, FILE *fp, ldg_error *err)
{
    size_t *width = calloc(t->ncols > 0 ? t->ncols : 1, sizeof *width);
    ldg_code rc = LDG_OK;

    if (width == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = utf8_width(t->names[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = utf8_width(rpt_table_cell(t, r, c));
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        if ((c > 0 && fputs("  ", fp) == EOF) ||
            put_aligned(fp, t->names[c], width[c], t->kinds[c], c + 1 == t->ncols) != 0)
            goto io;
    }
    if (putc('\n', fp) == EOF)
        goto io;
    for (size_t c = 0; c < t->ncols; c++) {
        if (c > 0 && fputs("  ", fp) == EOF)
            goto io;
        for (size_t i = 0; i < width[c]; i++)
            if (putc('-', fp) == EOF)
                goto io;
    }
    if (putc('\n', fp) == EOF)
        goto io;
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            if ((c > 0 && fputs("  ", fp) == EOF) ||
                put_aligned(fp, rpt_table_cell(t, r, c), width[c], t->kinds[c],
                            c + 1 == t->ncols) != 0)
                goto io;
        }
        if (putc('\n', fp) == EOF)
            goto io;
    }
    goto done;
io:
    rc = ldg_error_set(err, LDG_EIO, "could not write report output");
done:
    free(width);
    return rc;
}

static ldg_code write_csv(const rpt_table *t, FILE *fp, ldg_error *err)
{
    ldg_code rc = rpt_csv_row(fp, (const char *const *)t->names, t->ncols, err);

    for (size_t r = 0; rc == LDG_OK && r < t->nrows; r++)
        rc = rpt_csv_row(fp, (const char *const *)&t->cells[r * t->ncols], t->ncols, err);
    return rc;
}

static ldg_code json_put(FILE *fp, json_t *v, ldg_error *err)
{
    int bad;

    if (v == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    bad = json_dumpf(v, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(v);
    if (bad != 0)
        return ldg_error_set(err, LDG_EIO, "could not write report output");
    return LDG_OK;
}

static ldg_code write_json(const rpt_table *t, FILE *fp, ldg_error *err)
{
    json_t *cols = json_array();
    ldg_code rc;

    if (cols == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t c = 0; c < t->ncols; c++) {
        if (json_array_append_new(cols, json_string(t->names[c])) != 0) {
            json_decref(cols);
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        }
    }
    if (fputs("{\"columns\":", fp) == EOF) {
        json_decref(cols);
        return ldg_error_set(err, LDG_EIO, "could not write report output");
    }
    rc = json_put(fp, cols, err);
    if (rc != LDG_OK)
        return rc;
    if (fputs(",\"rows\":[", fp) == EOF)
        return ldg_error_set(err, LDG_EIO, "could not write report output");
    for (size_t r = 0; r < t->nrows; r++) {
        json_t *row = json_object();

        if (row == NULL)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = rpt_table_cell(t, r, c);
            json_t *v = s == NULL ? json_null() : json_string(s);

            if (json_object_set_new(row, t->names[c], v) != 0) {
                json_decref(row);
                return ldg_error_set(err, LDG_ENOMEM, "out of memory");
            }
        }
        if (r > 0 && putc(',', fp) == EOF) {
            json_decref(row);
            return ldg_error_set(err, LDG_EIO, "could not write report output");
        }
        rc = json_put(fp, row, err);
        if (rc != LDG_OK)
            return rc;
    }
    if (fputs("]}\n", fp) == EOF)
        return ldg_error_set(err, LDG_EIO, "could not write report output");
    return LDG_OK;
}

ldg_code rpt_table_write(const rpt_table *t, FILE *fp, rpt_format format, ldg_error *err)
{
    switch (format) {
    case RPT_FORMAT_TABLE:
        return write_text(t, fp, err);
    case RPT_FORMAT_CSV:
        return write_csv(t, fp, err);
    case RPT_FORMAT_JSON:
        return write_json(t, fp, err);
    }
    return ldg_error_set(err, LDG_EINTERNAL, "unknown report format %d", (int)format);
}

ldg_code rpt_format_parse(rpt_format *out, const char *s, ldg_error *err)
{
    if (strcmp(s, "table") == 0)
        *out = RPT_FORMAT_TABLE;
    else if (strcmp(s, "csv") == 0)
        *out = RPT_FORMAT_CSV;
    else if (strcmp(s, "json") == 0)
        *out = RPT_FORMAT_JSON;
    else
        return ldg_error_set(err, LDG_EINVAL,
                             "unknown format \"%s\": expected table, csv or json", s);
    return LDG_OK;
}
