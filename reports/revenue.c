/*
 * Revenue report (see revenue.h).
 *
 * One constant SQL statement does the summing: every issued line joined to its
 * document, tenant and the site of its contract, with each dimension the user did not
 * ask for masked to NULL by a boolean parameter, grouped by the masked dimensions and
 * the currency. So the SQL text never depends on input, and PostgreSQL sums bigint
 * micro-units into numeric, which cannot overflow or round. The C side then parses each
 * sum into int64 (LDG_ERANGE if it does not fit), sorts the rows by the dimensions in
 * the order asked and pivots currencies into columns; per-currency totals are checked
 * int64 additions.
 *
 * Alternatives dropped: ORDER BY in SQL would need the sort order as parameters in a
 * CASE per position (the order of --by is the user's), and string-built SQL is banned;
 * summing in C from individual lines would ship every line to the client.
 *
 * The site comes from the contract's base document (contract_doc with amends NULL,
 * the first loaded if ever there were two), joined with LEFT JOINs so that no line can
 * drop out of the sums: a line whose site could not be found shows an empty site.
 */
#include "reports/revenue.h"

#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/time.h"
#include "reports/chart.h"
#include "reports/invoice_doc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Result columns of REVENUE_SQL. */
enum {
    C_MONTH,
    C_TENANT,
    C_TENANT_NAME,
    C_SITE,
    C_STREAM,
    C_DOCUMENT,
    C_CURRENCY,
    C_AMOUNT,
    C_TAX
};

static const char REVENUE_SQL[] =
    "WITH base AS ("
    " SELECT DISTINCT ON (tenant_id, contract_id) tenant_id, contract_id, site_id"
    " FROM ledger.contract_doc WHERE amends IS NULL"
    " ORDER BY tenant_id, contract_id, seq"
    "), d AS ("
    " SELECT i.currency, i.tenant_id, i.number, t.tenant, s.site,"
    "  CASE WHEN $1 = 'earned' THEN i.period"
    "   ELSE to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM') END AS month,"
    "  CASE WHEN i.kind = 'credit_note' THEN 'credit_note'"
    "   WHEN i.amends IS NOT NULL THEN 'supplementary_invoice' ELSE 'invoice' END AS "
    "document,"
    /* $9 (--with-tax): the document's tax, the sum of its "tax" array's amounts
     * (decimal strings of the currency; none before tax existed) */
    "  CASE WHEN $9 THEN (SELECT coalesce(sum((e->>'amount')::numeric), 0)"
    "   FROM jsonb_array_elements(CASE jsonb_typeof(i.doc->'tax') WHEN 'array'"
    "    THEN i.doc->'tax' ELSE '[]'::jsonb END) e) END AS tax"
    " FROM ledger.invoice i"
    " JOIN ledger.tenant t ON t.tenant_id = i.tenant_id"
    " LEFT JOIN base b ON b.tenant_id = i.tenant_id AND b.contract_id = i.contract_id"
    " LEFT JOIN ledger.site s ON s.site_id = b.site_id"
    /* the range on the stored columns, not on the month text: $1 is known when the
     * statement is planned, so each CASE folds to a plain range the planner can
     * estimate (a to_char() filter estimated 62 rows for 11,400 and nested-looped) */
    " WHERE ($2::text IS NULL OR CASE WHEN $1 = 'earned' THEN i.period >= $2::text"
    "   ELSE i.issued_at >= ($2::text || '-01')::timestamp AT TIME ZONE 'UTC' END)"
    "  AND ($3::text IS NULL OR CASE WHEN $1 = 'earned' THEN i.period <= $3::text"
    "   ELSE i.issued_at < (($3::text || '-01')::date + interval '1 month')"
    "    AT TIME ZONE 'UTC' END)"
    /* issue 16: --period is the service month, --tenant one tenant */
    "  AND ($10::text IS NULL OR i.period = $10::text)"
    "  AND ($11::text IS NULL OR t.tenant = $11::text)"
    "), l AS ("
    " SELECT d.currency, d.tenant_id, d.tenant, d.site, li.stream, li.amount_micros,"
    "  0::numeric AS tax, d.month, d.document"
    " FROM d JOIN ledger.invoice_line li"
    "  ON li.tenant_id = d.tenant_id AND li.number = d.number"
    " UNION ALL" /* with tax: one row per document more, its tax, no stream */
    " SELECT d.currency, d.tenant_id, d.tenant, d.site, NULL, 0, d.tax, d.month,"
    "  d.document FROM d WHERE $9"
    "), g AS ("
    " SELECT CASE WHEN $4 THEN month END AS month,"
    "  CASE WHEN $5 THEN tenant_id END AS tenant_id,"
    "  CASE WHEN $5 THEN tenant END AS tenant,"
    "  CASE WHEN $6 THEN site END AS site,"
    "  CASE WHEN $7 THEN stream END AS stream,"
    "  CASE WHEN $8 THEN document END AS document,"
    "  currency, sum(amount_micros) AS amount, sum(tax) AS tax"
    " FROM l GROUP BY 1, 2, 3, 4, 5, 6, 7"
    ")"
    " SELECT month, tenant,"
    "  (SELECT c.doc->>'tenant_name' FROM ledger.contract_doc c"
    "   WHERE c.tenant_id = g.tenant_id AND c.amends IS NULL"
    "   ORDER BY c.seq DESC LIMIT 1),"
    "  site, stream, document, currency, amount::text, tax::text"
    " FROM g";

static const char *const dim_names[RPT_DIM_COUNT] = { "month", "tenant", "site", "stream",
                                                      "document" };
/* result column of each dimension */
static const int dim_col[RPT_DIM_COUNT] = { C_MONTH, C_TENANT, C_SITE, C_STREAM,
                                            C_DOCUMENT };

static const char *const doc_kinds[3] = { "invoice", "supplementary_invoice",
                                          "credit_note" };

/* One result row, its dimension values arranged in the order asked. */
typedef struct rrow {
    const char *key[RPT_DIM_COUNT]; /* NULL past nby */
    int rank[RPT_DIM_COUNT];        /* stream and document order; 0 for the others */
    const char *currency;
    int64_t amount, tax;
    int row; /* in the PGresult */
} rrow;

struct rpt_revenue {
    PGresult *res;
    rpt_dim by[RPT_DIM_COUNT];
    size_t nby;
    int with_tax;
    const char **cur; /* borrowed from res, sorted */
    size_t ncur;
    int64_t *totals; /* per currency */
    size_t ngroups;
    int *group_row;      /* result row holding the group's dimension values */
    int64_t *amount;     /* ngroups x ncur */
    int64_t *tax;        /* ngroups x ncur, with_tax */
    int64_t *tax_totals; /* per currency, with_tax */
    unsigned char *has;  /* ngroups x ncur: a line in that currency exists */
};

ldg_code rpt_revenue_parse_by(rpt_dim out[RPT_DIM_COUNT], size_t *n, const char *list,
                              ldg_error *err)
{
    const char *p = list;

    *n = 0;
    if (list == NULL || list[0] == '\0')
        return ldg_error_set(err, LDG_EINVAL,
                             "no grouping given: expected one or more of month, tenant, "
                             "site, stream, document");
    for (;;) {
        size_t len = strcspn(p, ",");
        int found = -1;

        if (len == 0)
            return ldg_error_set(err, LDG_EINVAL, "empty grouping name in \"%s\"", list);
        for (int d = 0; d < RPT_DIM_COUNT; d++)
            if (strlen(dim_names[d]) == len && strncmp(p, dim_names[d], len) == 0)
                found = d;
        if (found < 0)
            return ldg_error_set(
                err, LDG_EINVAL,
                "unknown grouping \"%.*s\": expected month, tenant, site, "
                "stream or document",
                (int)(len > 64 ? 64 : len), p);
        for (size_t i = 0; i < *n; i++)
            if (out[i] == (rpt_dim)found)
                return ldg_error_set(err, LDG_EINVAL, "grouping \"%s\" given twice",
                                     dim_names[found]);
        out[(*n)++] = (rpt_dim)found;
        if (p[len] == '\0')
            return LDG_OK;
        p += len + 1;
    }
}

ldg_code rpt_revenue_parse_basis(rpt_basis *out, const char *s, ldg_error *err)
{
    if (strcmp(s, "billed") == 0)
        *out = RPT_BASIS_BILLED;
    else if (strcmp(s, "earned") == 0)
        *out = RPT_BASIS_EARNED;
    else
        return ldg_error_set(err, LDG_EINVAL,
                             "unknown basis \"%s\": expected billed or earned", s);
    return LDG_OK;
}

ldg_code rpt_revenue_check_range(const char *from, const char *to, ldg_error *err)
{
    ldg_period pf, pt;

    if (from != NULL && ldg_period_parse(&pf, from, err) != LDG_OK)
        return LDG_EINVAL;
    if (to != NULL && ldg_period_parse(&pt, to, err) != LDG_OK)
        return LDG_EINVAL;
    if (from != NULL && to != NULL && pf.start > pt.start)
        return ldg_error_set(err, LDG_EINVAL,
                             "month range is empty: from %s is after to %s", from, to);
    return LDG_OK;
}

static ldg_code check_opts(const rpt_revenue_opts *o, ldg_error *err)
{
    if (o->nby == 0 || o->nby > RPT_DIM_COUNT)
        return ldg_error_set(err, LDG_EINVAL, "no grouping given");
    for (size_t i = 0; i < o->nby; i++) {
        if ((int)o->by[i] < 0 || (int)o->by[i] >= RPT_DIM_COUNT)
            return ldg_error_set(err, LDG_EINVAL, "unknown grouping %d", (int)o->by[i]);
        for (size_t j = 0; j < i; j++)
            if (o->by[j] == o->by[i])
                return ldg_error_set(err, LDG_EINVAL, "grouping \"%s\" given twice",
                                     dim_names[o->by[i]]);
    }
    for (size_t i = 0; o->with_tax && i < o->nby; i++)
        if (o->by[i] == RPT_DIM_STREAM)
            return ldg_error_set(err, LDG_EINVAL,
                                 "--with-tax cannot be grouped by stream: tax is computed"
                                 " per document and tax entry, not per line; group by"
                                 " month, tenant, site or document");
    if (o->basis != RPT_BASIS_BILLED && o->basis != RPT_BASIS_EARNED)
        return ldg_error_set(err, LDG_EINVAL, "unknown basis %d", (int)o->basis);
    if (o->period) {
        ldg_period p;

        if (ldg_period_parse(&p, o->period, err) != LDG_OK)
            return LDG_EINVAL;
    }
    return rpt_revenue_check_range(o->from, o->to, err);
}

/* ---- sorting and pivoting ------------------------------------------------------- */

static int stream_rank(const char *s)
{
    ldg_stream st;

    if (s != NULL && ldg_rate_stream_parse(&st, s, NULL) == LDG_OK)
        return (int)st;
    return LDG_STREAM_COUNT; /* unknown names after the known ones, by name */
}

static int doc_rank(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s != NULL && strcmp(s, doc_kinds[i]) == 0)
            return i;
    return 3;
}

static int cmp_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_keys(const rrow *a, const rrow *b)
{
    for (int k = 0; k < RPT_DIM_COUNT; k++) {
        int c;

        if (a->rank[k] != b->rank[k])
            return a->rank[k] < b->rank[k] ? -1 : 1;
        c = cmp_str(a->key[k], b->key[k]);
        if (c != 0)
            return c;
    }
    return 0;
}

static int cmp_rrow(const void *pa, const void *pb)
{
    const rrow *a = pa, *b = pb;
    int c = cmp_keys(a, b);

    return c != 0 ? c : strcmp(a->currency, b->currency);
}

static int cmp_cstr(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static const char *cell(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* A numeric sum printed by PostgreSQL ("-4662000000000") into int64. */
static ldg_code parse_sum(int64_t *out, const char *s, const char *what, ldg_error *err)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno == ERANGE)
        return ldg_error_set(err, LDG_ERANGE, "%s %s is out of range for micro-units",
                             what, s);
    if (end == s || *end != '\0')
        return ldg_error_set(err, LDG_EINTERNAL, "%s \"%s\" is not an integer", what, s);
    *out = (int64_t)v;
    return LDG_OK;
}

void rpt_revenue_free(rpt_revenue *r)
{
    if (r == NULL)
        return;
    PQclear(r->res);
    free(r->cur);
    free(r->totals);
    free(r->group_row);
    free(r->amount);
    free(r->tax);
    free(r->tax_totals);
    free(r->has);
    free(r);
}

static ldg_code pivot(rpt_revenue *r, ldg_error *err)
{
    int nrows = PQntuples(r->res);
    rrow *rows = calloc(nrows > 0 ? (size_t)nrows : 1, sizeof *rows);
    size_t n = (size_t)nrows, g;
    ldg_code rc = LDG_OK;

    if (rows == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    r->cur = calloc(n > 0 ? n : 1, sizeof *r->cur);
    if (r->cur == NULL) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        rrow *x = &rows[i];

        x->row = (int)i;
        x->currency = PQgetvalue(r->res, x->row, C_CURRENCY);
        for (size_t k = 0; k < r->nby; k++) {
            rpt_dim d = r->by[k];

            x->key[k] = cell(r->res, x->row, dim_col[d]);
            if (d == RPT_DIM_STREAM)
                x->rank[k] = stream_rank(x->key[k]);
            else if (d == RPT_DIM_DOCUMENT)
                x->rank[k] = doc_rank(x->key[k]);
        }
        rc = parse_sum(&x->amount, PQgetvalue(r->res, x->row, C_AMOUNT), "revenue sum",
                       err);
        if (rc == LDG_OK && r->with_tax)
            rc = ldg_fixed_parse_str(&x->tax, PQgetvalue(r->res, x->row, C_TAX), err);
        if (rc != LDG_OK)
            goto done;
        r->cur[i] = x->currency;
    }
    /* currencies: sorted, unique */
    qsort(r->cur, n, sizeof *r->cur, cmp_cstr);
    for (size_t i = 0; i < n; i++)
        if (r->ncur == 0 || strcmp(r->cur[r->ncur - 1], r->cur[i]) != 0)
            r->cur[r->ncur++] = r->cur[i];
    qsort(rows, n, sizeof *rows, cmp_rrow);

    r->totals = calloc(r->ncur > 0 ? r->ncur : 1, sizeof *r->totals);
    r->group_row = calloc(n > 0 ? n : 1, sizeof *r->group_row);
    r->amount = calloc(n * (r->ncur > 0 ? r->ncur : 1) + 1, sizeof *r->amount);
    r->has = calloc(n * (r->ncur > 0 ? r->ncur : 1) + 1, sizeof *r->has);
    r->tax = calloc(n * (r->ncur > 0 ? r->ncur : 1) + 1, sizeof *r->tax);
    r->tax_totals = calloc(r->ncur > 0 ? r->ncur : 1, sizeof *r->tax_totals);
    if (r->totals == NULL || r->group_row == NULL || r->amount == NULL ||
        r->has == NULL || r->tax == NULL || r->tax_totals == NULL) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    g = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;

        if (i == 0 || cmp_keys(&rows[i - 1], &rows[i]) != 0)
            r->group_row[g++] = rows[i].row;
        while (strcmp(r->cur[c], rows[i].currency) != 0)
            c++;
        /* one SQL group per (dimensions, currency): each cell is set once */
        r->amount[(g - 1) * r->ncur + c] = rows[i].amount;
        r->has[(g - 1) * r->ncur + c] = 1;
        r->tax[(g - 1) * r->ncur + c] = rows[i].tax;
        rc = ldg_fixed_add(&r->totals[c], r->totals[c], rows[i].amount, err);
        if (rc == LDG_OK)
            rc = ldg_fixed_add(&r->tax_totals[c], r->tax_totals[c], rows[i].tax, err);
        if (rc != LDG_OK) {
            ldg_error_detail(err,
                             "The %s total of the report does not fit in int64 "
                             "micro-units.",
                             r->cur[c]);
            goto done;
        }
    }
    r->ngroups = g;
done:
    free(rows);
    return rc;
}

size_t rpt_revenue_groups(const rpt_revenue *r)
{
    return r->ngroups;
}

/* LDG_ENOTFOUND unless tenant is a tenant of the ledger. */
static ldg_code check_tenant(ldg_store *st, const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st, "SELECT 1 FROM ledger.tenant WHERE tenant = $1::text", 1, params, err);

    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant \"%s\"", tenant);
    PQclear(res);
    return rc;
}

ldg_code rpt_revenue_run(rpt_revenue **out, ldg_store *st, const rpt_revenue_opts *opts,
                         ldg_error *err)
{
    const char *params[11];
    int want[RPT_DIM_COUNT] = { 0 };
    rpt_revenue *r;
    ldg_code rc;

    *out = NULL;
    rc = check_opts(opts, err);
    if (rc != LDG_OK)
        return rc;
    for (size_t i = 0; i < opts->nby; i++)
        want[opts->by[i]] = 1;
    params[0] = opts->basis == RPT_BASIS_EARNED ? "earned" : "billed";
    params[1] = opts->from;
    params[2] = opts->to;
    params[3] = want[RPT_DIM_MONTH] ? "t" : "f";
    params[4] = want[RPT_DIM_TENANT] ? "t" : "f";
    params[5] = want[RPT_DIM_SITE] ? "t" : "f";
    params[6] = want[RPT_DIM_STREAM] ? "t" : "f";
    params[7] = want[RPT_DIM_DOCUMENT] ? "t" : "f";
    params[8] = opts->with_tax ? "t" : "f";
    params[9] = opts->period;
    params[10] = opts->tenant;
    if (opts->tenant && (rc = check_tenant(st, opts->tenant, err)) != LDG_OK)
        return rc;

    r = calloc(1, sizeof *r);
    if (r == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    memcpy(r->by, opts->by, sizeof r->by);
    r->nby = opts->nby;
    r->with_tax = opts->with_tax;
    rc = ldg_store_exec(&r->res, st, REVENUE_SQL, 11, params, err);
    if (rc == LDG_OK)
        rc = pivot(r, err);
    if (rc != LDG_OK) {
        rpt_revenue_free(r);
        return rc;
    }
    *out = r;
    return LDG_OK;
}

/* ---- table ---------------------------------------------------------------------- */

static int currency_digits(const char *cur)
{
    int d = ldg_contract_currency_digits(cur);
    return d < 0 ? 6 : d; /* an unsupported code cannot be issued; show it all */
}

static void format_amount(char *buf, int64_t v, const char *cur, int for_people)
{
    if (for_people)
        rpt_invoice_format_number(buf, v, currency_digits(cur));
    else
        ldg_fixed_format(buf, v, currency_digits(cur));
}

/* The per cells of one currency (amount; with tax also tax and total = amount + tax)
 * into cells, formatted in buf; all NULL when amount is NULL (no line in it). */
static ldg_code money_cells(const char **cells, char (*buf)[RPT_NUMBER_BUFLEN],
                            const int64_t *amount, int64_t tax, const char *cur,
                            size_t per, int for_people, ldg_error *err)
{
    int64_t v[3] = { 0, tax, 0 };
    ldg_code rc = LDG_OK;

    if (amount == NULL) {
        for (size_t k = 0; k < per; k++)
            cells[k] = NULL;
        return LDG_OK;
    }
    v[0] = *amount;
    if (per == 3 && (rc = ldg_fixed_add(&v[2], *amount, tax, err)) != LDG_OK)
        ldg_error_detail(err, "A %s total with tax does not fit in int64 micro-units.",
                         cur);
    for (size_t k = 0; rc == LDG_OK && k < per; k++) {
        format_amount(buf[k], v[k], cur, for_people);
        cells[k] = buf[k];
    }
    return rc;
}

ldg_code rpt_revenue_table(rpt_table **out, const rpt_revenue *r, int for_people,
                           ldg_error *err)
{
    size_t ndim = r->nby, ncols, per = r->with_tax ? 3 : 1;
    const char **cells = NULL;
    char(*amt)[RPT_NUMBER_BUFLEN] = NULL;
    rpt_table *t = NULL;
    ldg_code rc;

    *out = NULL;
    rc = rpt_table_new(&t, err);
    for (size_t k = 0; rc == LDG_OK && k < ndim; k++) {
        rc = rpt_table_add_column(t, dim_names[r->by[k]], RPT_COL_TEXT, err);
        if (rc == LDG_OK && r->by[k] == RPT_DIM_TENANT)
            rc = rpt_table_add_column(t, "tenant_name", RPT_COL_TEXT, err);
    }
    for (size_t c = 0; rc == LDG_OK && c < r->ncur; c++)
        for (size_t k = 0; rc == LDG_OK && k < per; k++) {
            static const char *const money_cols[3] = { "amount", "tax", "total" };
            char name[64];

            snprintf(name, sizeof name, "%s_%s", money_cols[k], r->cur[c]);
            rc = rpt_table_add_column(t, name, RPT_COL_NUMBER, err);
        }
    if (rc != LDG_OK)
        goto done;
    ncols = rpt_table_columns(t);
    cells = calloc(ncols, sizeof *cells);
    amt = calloc(r->ncur > 0 ? r->ncur * per : 1, sizeof *amt);
    if (cells == NULL || amt == NULL) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t g = 0; rc == LDG_OK && g < r->ngroups; g++) {
        size_t col = 0;
        int row = r->group_row[g];

        for (size_t k = 0; k < ndim; k++) {
            cells[col++] = cell(r->res, row, dim_col[r->by[k]]);
            if (r->by[k] == RPT_DIM_TENANT)
                cells[col++] = cell(r->res, row, C_TENANT_NAME);
        }
        for (size_t c = 0; rc == LDG_OK && c < r->ncur; c++) {
            size_t at = g * r->ncur + c;

            rc = money_cells(cells + col, amt + c * per,
                             r->has[at] ? &r->amount[at] : NULL, r->tax[at], r->cur[c],
                             per, for_people, err);
            col += per;
        }
        if (rc == LDG_OK)
            rc = rpt_table_add_row(t, cells, err);
    }
    if (rc == LDG_OK && for_people && r->ngroups > 0) {
        size_t col = 0;

        for (; col < ncols - r->ncur * per; col++)
            cells[col] = col == 0 ? "total" : NULL;
        for (size_t c = 0; rc == LDG_OK && c < r->ncur; c++) {
            rc = money_cells(cells + col, amt + c * per, &r->totals[c], r->tax_totals[c],
                             r->cur[c], per, 1, err);
            col += per;
        }
        if (rc == LDG_OK)
            rc = rpt_table_add_row(t, cells, err);
    }
done:
    free(cells);
    free(amt);
    if (rc != LDG_OK) {
        rpt_table_free(t);
        return rc;
    }
    *out = t;
    return LDG_OK;
}

/* ---- chart ---------------------------------------------------------------------- */

/* Months since year 0 of "YYYY-MM" (valid: from the database or checked input). */
static int64_t month_index(const char *s)
{
    ldg_period p;

    if (s == NULL || ldg_period_parse(&p, s, NULL) != LDG_OK)
        return -1;
    return (int64_t)p.year * 12 + p.month - 1;
}

/* path with "-CUR" before its extension, in a new string (free()). */
static char *path_for_currency(const char *path, const char *cur)
{
    const char *dot = strrchr(path, '.');
    size_t stem = dot != NULL ? (size_t)(dot - path) : strlen(path);
    size_t len = strlen(path) + strlen(cur) + 2;
    char *p = malloc(len);

    if (p != NULL)
        snprintf(p, len, "%.*s-%s%s", (int)stem, path, cur, dot != NULL ? dot : "");
    return p;
}

typedef struct chart_buf {
    char (*month)[16];
    const char **cat;
    const char **series;
    int64_t *values;
} chart_buf;

static void chart_buf_free(chart_buf *b)
{
    free(b->month);
    free(b->cat);
    free(b->series);
    free(b->values);
}

static ldg_code draw_currency(const rpt_revenue *r, size_t c, const rpt_revenue_opts *o,
                              int64_t first, size_t nmonths, const char *path,
                              ldg_error *err)
{
    const char *names[RPT_CHART_MAX_SERIES];
    int rank[RPT_CHART_MAX_SERIES];
    size_t nseries = 0;
    chart_buf b = { 0 };
    char title[96], note[160], ylabel[64];
    rpt_chart chart = { 0 };
    ldg_code rc = LDG_OK;

    /* series: the streams with a line in this currency, in stream order */
    for (size_t g = 0; g < r->ngroups; g++) {
        const char *s = cell(r->res, r->group_row[g], C_STREAM);
        size_t i = 0;

        if (!r->has[g * r->ncur + c] || s == NULL)
            continue;
        while (i < nseries && strcmp(names[i], s) != 0)
            i++;
        if (i < nseries)
            continue;
        if (nseries == RPT_CHART_MAX_SERIES)
            return ldg_error_set(err, LDG_EINVAL, "too many streams to chart");
        names[nseries] = s;
        rank[nseries++] = stream_rank(s);
    }
    for (size_t i = 1; i < nseries; i++) /* insertion sort by rank, then name */
        for (size_t j = i;
             j > 0 && (rank[j - 1] > rank[j] ||
                       (rank[j - 1] == rank[j] && strcmp(names[j - 1], names[j]) > 0));
             j--) {
            const char *tn = names[j];
            int tr = rank[j];

            names[j] = names[j - 1];
            rank[j] = rank[j - 1];
            names[j - 1] = tn;
            rank[j - 1] = tr;
        }

    b.month = calloc(nmonths > 0 ? nmonths : 1, sizeof *b.month);
    b.cat = calloc(nmonths > 0 ? nmonths : 1, sizeof *b.cat);
    b.series = calloc(nseries > 0 ? nseries : 1, sizeof *b.series);
    b.values = calloc((nseries > 0 ? nseries : 1) * (nmonths > 0 ? nmonths : 1),
                      sizeof *b.values);
    if (b.month == NULL || b.cat == NULL || b.series == NULL || b.values == NULL) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < nmonths; k++) {
        int64_t m = first + (int64_t)k;

        snprintf(b.month[k], sizeof b.month[k], "%04d-%02d", (int)(m / 12),
                 (int)(m % 12) + 1);
        b.cat[k] = b.month[k];
    }
    for (size_t s = 0; s < nseries; s++) {
        ldg_stream st;
        b.series[s] = ldg_rate_stream_parse(&st, names[s], NULL) == LDG_OK
                          ? rpt_invoice_stream_label(st)
                          : names[s];
    }
    for (size_t g = 0; g < r->ngroups; g++) {
        const char *s = cell(r->res, r->group_row[g], C_STREAM);
        int64_t k = month_index(cell(r->res, r->group_row[g], C_MONTH)) - first;
        size_t i = 0;

        if (!r->has[g * r->ncur + c] || s == NULL || k < 0 || (size_t)k >= nmonths)
            continue;
        while (strcmp(names[i], s) != 0)
            i++;
        rc = ldg_fixed_add(&b.values[i * nmonths + (size_t)k],
                           b.values[i * nmonths + (size_t)k], r->amount[g * r->ncur + c],
                           err);
        if (rc != LDG_OK)
            goto done;
    }
    snprintf(title, sizeof title, "Revenue by stream and month, %s", r->cur[c]);
    snprintf(note, sizeof note,
             "Basis: %s. Credits (SLA credits, credit notes) are drawn below zero.",
             o->basis == RPT_BASIS_EARNED ? "earned (the service month billed)"
                                          : "billed (the month of issue)");
    snprintf(ylabel, sizeof ylabel, "Revenue (%s)", r->cur[c]);
    chart.kind = RPT_CHART_STACKED;
    chart.title = title;
    chart.note = note;
    chart.x_label = o->basis == RPT_BASIS_EARNED ? "Service month" : "Month of issue";
    chart.y_label = ylabel;
    chart.ncategories = nmonths;
    chart.categories = b.cat;
    chart.nseries = nseries;
    chart.series = b.series;
    chart.values = b.values;
    rc = rpt_chart_write(&chart, path, err);
done:
    chart_buf_free(&b);
    return rc;
}

ldg_code rpt_revenue_chart(ldg_store *st, const rpt_revenue_opts *opts, const char *path,
                           rpt_chart_done_fn done, void *ctx, ldg_error *err)
{
    rpt_revenue_opts o = *opts;
    rpt_revenue *r = NULL;
    rpt_chart_format fmt;
    int64_t first = -1, last = -1;
    ldg_code rc;

    rc = rpt_chart_format_of(&fmt, path, err);
    if (rc != LDG_OK)
        return rc;
    o.by[0] = RPT_DIM_MONTH;
    o.by[1] = RPT_DIM_STREAM;
    o.nby = 2;
    o.with_tax = 0; /* the chart draws net revenue by stream */
    rc = rpt_revenue_run(&r, st, &o, err);
    if (rc != LDG_OK)
        return rc;
    if (o.from != NULL && o.to != NULL && month_index(o.to) - month_index(o.from) < 120) {
        first = month_index(o.from);
        last = month_index(o.to);
    } else {
        for (size_t g = 0; g < r->ngroups; g++) {
            int64_t m = month_index(cell(r->res, r->group_row[g], C_MONTH));

            if (m >= 0 && (first < 0 || m < first))
                first = m;
            if (m > last)
                last = m;
        }
    }
    if (r->ncur == 0) {
        static const char *const none[1] = { "Revenue" };
        rpt_chart chart = { RPT_CHART_STACKED,
                            "Revenue by stream and month",
                            NULL,
                            "Month",
                            "Revenue",
                            0,
                            NULL,
                            1,
                            none,
                            NULL };

        chart.note = "No invoice or credit note in the selected months.";
        rc = rpt_chart_write(&chart, path, err);
        if (rc == LDG_OK && done != NULL)
            done(ctx, path, NULL);
    }
    for (size_t c = 0; rc == LDG_OK && c < r->ncur; c++) {
        char *p = c == 0 ? NULL : path_for_currency(path, r->cur[c]);
        size_t nmonths = first >= 0 ? (size_t)(last - first + 1) : 0;

        if (c > 0 && p == NULL) {
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
            break;
        }
        if (nmonths > RPT_CHART_MAX_CATEGORIES) {
            free(p);
            rc = ldg_error_set(err, LDG_EINVAL,
                               "cannot chart %zu months: at most %d; narrow the range "
                               "with --from and --to",
                               nmonths, RPT_CHART_MAX_CATEGORIES);
            break;
        }
        rc = draw_currency(r, c, &o, first, nmonths, c == 0 ? path : p, err);
        if (rc == LDG_OK && done != NULL)
            done(ctx, c == 0 ? path : p, r->cur[c]);
        free(p);
    }
    rpt_revenue_free(r);
    return rc;
}
