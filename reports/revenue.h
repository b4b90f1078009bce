/*
 * Revenue report: the amounts of every issued document (invoices, supplementary
 * invoices and credit notes, ledger.invoice / ledger.invoice_line) summed by the
 * groupings the user asks for, one amount column per currency.
 *
 * Groupings ("dimensions"), in any order and combination:
 *   month     the month the line counts in: under the billed basis the UTC month of the
 *             document's issue instant; under the earned basis the period the document
 *             bills (so a December credit note for November lowers November)
 *   tenant    the tenant id, plus a tenant_name column: the name given by the tenant's
 *             most recently loaded base contract (a tenant is one group even if its
 *             contracts spell its name differently)
 *   site      the site of the document's contract (contract_doc.site_id -> ledger.site)
 *   stream    the line's stream: gpu_reserved, gpu_overage, energy, power_capacity,
 *             sla_credit, commitment_true_up (DESIGN.md, "Billing rules")
 *   document  what kind of document the line is on: "invoice" (the original invoice of
 *             a contract and period), "supplementary" (an invoice that amends one: late
 *             or corrected usage billed after the original) or "credit_note"
 *
 * Supplementary invoices and credit notes are told apart by the document dimension
 * rather than as pseudo-streams, so a late energy reading shows as stream energy,
 * document supplementary, and summing over documents gives the stream's revenue.
 *
 * Currency is always a grouping key and is never summed across: the report has one
 * amount column per currency present ("amount_EUR", "amount_USD", sorted by code), and a
 * group with no line in a currency has an empty (NULL) cell there, not 0. Every amount
 * is summed as integers (PostgreSQL numeric over bigint micro-units, then checked int64
 * in C): each line is in exactly one group, so the groups of any grouping add up, to
 * the cent, to the totals of the documents they cover.
 */
#ifndef LEASELEDGER_REPORTS_REVENUE_H
#define LEASELEDGER_REPORTS_REVENUE_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "reports/table.h"

#include <stddef.h>
#include <stdint.h>

typedef enum rpt_basis {
    RPT_BASIS_BILLED = 0, /* month of the document's issue instant (UTC) */
    RPT_BASIS_EARNED = 1, /* the period the document bills */
} rpt_basis;

typedef enum rpt_dim {
    RPT_DIM_MONTH = 0,
    RPT_DIM_TENANT,
    RPT_DIM_SITE,
    RPT_DIM_STREAM,
    RPT_DIM_DOCUMENT,
} rpt_dim;

#define RPT_DIM_COUNT 5

/* The default grouping when --by is not given. */
#define RPT_REVENUE_DEFAULT_BY "month,stream,document"
/* ... and with --with-tax, which cannot group by stream. */
#define RPT_REVENUE_DEFAULT_BY_TAX "month,document"

typedef struct rpt_revenue_opts {
    rpt_basis basis;
    const char *from; /* first month "YYYY-MM", inclusive, or NULL: no bound */
    const char *to;   /* last month "YYYY-MM", inclusive, or NULL: no bound */
    /* issue 16: only the documents of this service month "YYYY-MM" (whatever the
     * basis; the month column still follows it), or NULL */
    const char *period;
    const char *tenant; /* only this tenant's documents, or NULL */
    rpt_dim by[RPT_DIM_COUNT];
    size_t nby;   /* 1..RPT_DIM_COUNT, no dimension twice */
    int with_tax; /* also tax_<CUR> and total_<CUR>; not with RPT_DIM_STREAM */
} rpt_revenue_opts;

/*
 * Parses a comma-separated list of dimension names ("stream,tenant") into out, in the
 * order given. Returns LDG_OK or LDG_EINVAL: empty list or item, unknown name (the
 * message lists the known ones), a name given twice.
 */
ldg_code rpt_revenue_parse_by(rpt_dim out[RPT_DIM_COUNT], size_t *n, const char *list,
                              ldg_error *err);

/* "billed" or "earned". LDG_EINVAL otherwise. */
ldg_code rpt_revenue_parse_basis(rpt_basis *out, const char *s, ldg_error *err);

/*
 * Checks a month range: from and to (either may be NULL) are strict "YYYY-MM"
 * (ledger/time.h ldg_period_parse) and from <= to. LDG_EINVAL naming the bad value.
 */
ldg_code rpt_revenue_check_range(const char *from, const char *to, ldg_error *err);

/* A computed report: groups x currencies. */
typedef struct rpt_revenue rpt_revenue;

/*
 * Runs the report: one aggregate query over every issued document. opts is checked
 * (range, period, dimensions; with_tax refused with the stream dimension: tax is per
 * document and tax entry, so a stream has no tax of its own) first. On LDG_OK free *out
 * with rpt_revenue_free(). Returns LDG_OK, LDG_EINVAL (opts), LDG_ENOTFOUND (opts->tenant
 * is no tenant), LDG_ERANGE (a sum does not fit int64 micro-units), LDG_EDB and the
 * store's other codes, LDG_ENOMEM. An empty selection is LDG_OK with no groups and no
 * currencies.
 */
ldg_code rpt_revenue_run(rpt_revenue **out, ldg_store *st, const rpt_revenue_opts *opts,
                         ldg_error *err);

void rpt_revenue_free(rpt_revenue *r);

/* The number of groups (rows before the total) of r. */
size_t rpt_revenue_groups(const rpt_revenue *r);

/*
 * The report as a table: one column per dimension in the order asked (tenant adds
 * tenant_name after tenant), then amount_<CUR> per currency (with_tax: amount_<CUR>,
 * tax_<CUR>, total_<CUR> per currency; tax = the sum of the "tax" amounts of the
 * group's documents, 0 for documents issued without tax; total = amount + tax), as
 * decimal strings with
 * the currency's minor digits ("1234.50"; JPY "101"). Rows are sorted by the
 * dimensions in the order asked: months and ids ascending (byte order), streams in the
 * order of DESIGN.md's table, documents invoice, supplementary, credit_note. With
 * for_people, amounts get thousands separators and a last row "total" holds each
 * currency's total (omitted when there are no groups). On LDG_OK free *out with
 * rpt_table_free(). LDG_ENOMEM, LDG_EINVAL (a tenant name that is not UTF-8).
 */
ldg_code rpt_revenue_table(rpt_table **out, const rpt_revenue *r, int for_people,
                           ldg_error *err);

/* Called for each chart file written: its path and currency (NULL: no data). */
typedef void (*rpt_chart_done_fn)(void *ctx, const char *path, const char *currency);

/*
 * Draws revenue by stream by month as stacked bars (reports/chart.h), one chart per
 * currency: the first currency (by code) at path, each other one at path with "-<CUR>"
 * inserted before the extension ("rev.svg" -> "rev-USD.svg"). Months run without gaps
 * from opts->from to opts->to when both are given and span at most 120 months, else
 * from the first to the last month with revenue. Runs its own query (grouped by month
 * and stream, opts' basis and range; opts->by is ignored). An empty selection writes one
 * chart at path saying there is no data. done (may be NULL) is called per file.
 * Returns LDG_OK, LDG_EINVAL (path's extension, opts), LDG_EIO, the store's codes,
 * LDG_ERANGE, LDG_ENOMEM.
 */
ldg_code rpt_revenue_chart(ldg_store *st, const rpt_revenue_opts *opts, const char *path,
                           rpt_chart_done_fn done, void *ctx, ldg_error *err);

#endif
