/*
 * The aging report (aging.h): the accounts of each tenant's replay, one row each, into
 * a table (table and csv through reports/table.c) or the pinned JSON shape.
 */
#include "reports/aging.h"

#include "reports/statement.h"

#include <jansson.h>

static const char *const columns[] = { "tenant", "currency", "current", "d1_30", "d31_60",
                                       "d61_90", "d91_plus", "credit",  "total" };
#define NCOL (sizeof(columns) / sizeof(columns[0]))

typedef struct aging {
    rpt_table *table; /* table, csv */
    json_t *rows;     /* json */
} aging;

static ldg_code add_account(aging *g, const char *tenant, const ldg_receivable_account *a,
                            ldg_error *err)
{
    const int64_t v[NCOL - 2] = { a->current,  a->d1_30,  a->d31_60, a->d61_90,
                                  a->d91_plus, a->credit, a->total };
    char buf[NCOL - 2][LDG_FIXED_BUFLEN];
    const char *cells[NCOL] = { tenant, a->currency };

    for (size_t c = 2; c < NCOL; c++)
        cells[c] = rpt_money(buf[c - 2], v[c - 2], a->currency);
    if (g->table)
        return rpt_table_add_row(g->table, cells, err);
    json_t *o = json_object();
    for (size_t c = 0; c < NCOL; c++)
        json_object_set_new(o, columns[c], json_string(cells[c]));
    json_array_append_new(g->rows, o);
    return LDG_OK;
}

static ldg_code add_tenant(void *ctx, const ldg_receivable_log *log, size_t first,
                           const ldg_receivable *r, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t k = 0; rc == LDG_OK && k < ldg_receivable_account_count(r); k++)
        rc = add_account(ctx, log->tenants[first], ldg_receivable_account_at(r, k), err);
    return rc;
}

static ldg_code write_json(FILE *out, const ldg_receivable_log *log, int64_t day,
                           ldg_error *err)
{
    char as_of[LDG_RECEIVABLE_DAY_BUFLEN];
    aging g = { .rows = json_array() };
    json_t *o = json_object();
    ldg_code rc;

    json_object_set_new(o, "as_of", json_string(ldg_receivable_day_format(as_of, day)));
    json_object_set_new(o, "rows", g.rows);
    rc = rpt_receivable_each(log, day, add_tenant, &g, err);
    if (rc == LDG_OK) {
        json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', out);
        if (fflush(out) != 0 || ferror(out))
            rc = ldg_error_set(err, LDG_EIO, "could not write the aging report");
    }
    json_decref(o);
    return rc;
}

ldg_code rpt_aging_write(FILE *out, rpt_format fmt, const ldg_receivable_log *log,
                         int64_t day, ldg_error *err)
{
    aging g = { 0 };
    ldg_code rc;

    if (fmt == RPT_FORMAT_JSON)
        return write_json(out, log, day, err);
    if ((rc = rpt_table_new(&g.table, err)) != LDG_OK)
        return rc;
    for (size_t c = 0; rc == LDG_OK && c < NCOL; c++)
        rc = rpt_table_add_column(g.table, columns[c],
                                  c < 2 ? RPT_COL_TEXT : RPT_COL_NUMBER, err);
    if (rc == LDG_OK)
        rc = rpt_receivable_each(log, day, add_tenant, &g, err);
    if (rc == LDG_OK)
        rc = rpt_table_write(g.table, out, fmt, err);
    rpt_table_free(g.table);
    return rc;
}
