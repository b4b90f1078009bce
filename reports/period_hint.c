/*
 * Where an empty month's documents are (period_hint.h).
 *
 * Design. One constant query per meaning counts the documents of the month under the
 * other meaning, grouped by month; a pure function turns the counts into one line. The
 * hint is advice printed beside an empty result, so it names at most four months and
 * suggests the first: a month's invoices are issued together, usually in the next
 * month, and later amending documents are the stragglers.
 */
#include "reports/period_hint.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most months a hint names. */
#define NAMED_MAX 4

/* Documents of service month $2 by their UTC issue month. */
static const char by_issue_sql[] =
    "SELECT to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM'), count(*),"
    " bool_and(i.kind = 'invoice' AND i.amends IS NULL)"
    " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
    " WHERE i.period = $2::text AND ($1::text IS NULL OR t.tenant = $1::text)"
    " GROUP BY 1 ORDER BY 1";

/* Documents issued in [$2, $3) by their service month. */
static const char by_service_sql[] =
    "SELECT i.period, count(*), bool_and(i.kind = 'invoice' AND i.amends IS NULL)"
    " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
    " WHERE i.issued_at >= to_timestamp($2::bigint)"
    "  AND i.issued_at < to_timestamp($3::bigint)"
    "  AND ($1::text IS NULL OR t.tenant = $1::text)"
    " GROUP BY 1 ORDER BY 1";

/* Appends to buf[*o..size), keeping it terminated and stopping at its end. */
static void put(char *buf, size_t size, size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t size, size_t *o, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (*o + 1 >= size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(buf + *o, size - *o, fmt, ap);
    va_end(ap);
    if (n > 0)
        *o = (size_t)n < size - *o ? *o + (size_t)n : size - 1;
}

void rpt_period_hint_text(char *buf, size_t size, rpt_period_by by, ldg_period p,
                          const char *tenant, const rpt_period_count *counts, size_t n)
{
    char m[8];
    int64_t total = 0;
    int invoices = 1;
    size_t o = 0, named = n < NAMED_MAX ? n : NAMED_MAX;

    if (size == 0)
        return;
    buf[0] = '\0';
    ldg_period_format(m, p);
    for (size_t i = 0; i < n; i++) {
        total += counts[i].n;
        invoices = invoices && counts[i].all_invoices;
    }
    put(buf, size, &o,
        by == RPT_PERIOD_BY_DATE ? "no transactions dated %s"
                                 : "no documents for service month %s",
        m);
    if (tenant)
        put(buf, size, &o, " for tenant \"%s\"", tenant);
    if (n == 0) {
        put(buf, size, &o,
            by == RPT_PERIOD_BY_DATE ? ", and no document is for service month %s"
                                     : ", and no document was issued in %s",
            m);
        return;
    }
    put(buf, size, &o, "; %" PRId64 " %s%s", total, invoices ? "invoice" : "document",
        total == 1 ? "" : "s");
    put(buf, size, &o,
        by == RPT_PERIOD_BY_DATE ? " for service month %s %s issued in "
                                 : " issued in %s %s for service month ",
        m,
        by == RPT_PERIOD_BY_DATE ? (total == 1 ? "was" : "were")
                                 : (total == 1 ? "is" : "are"));
    for (size_t i = 0; i < named; i++) {
        put(buf, size, &o, "%s%s",
            i == 0       ? ""
            : i + 1 == n ? " and "
                         : ", ",
            counts[i].month);
        if (n > 1)
            put(buf, size, &o, " (%" PRId64 ")", counts[i].n);
    }
    if (named < n)
        put(buf, size, &o, " and %zu more month%s", n - named, n - named == 1 ? "" : "s");
    put(buf, size, &o, " (try --period %s)", counts[0].month);
}

ldg_code rpt_period_hint(char *buf, size_t size, ldg_store *st, rpt_period_by by,
                         ldg_period p, const char *tenant, ldg_error *err)
{
    char m[8], a[24], b[24];
    const char *params[3] = { tenant, ldg_period_format(m, p), NULL };
    rpt_period_count *counts;
    PGresult *res = NULL;
    size_t n;
    ldg_code rc;

    if (by == RPT_PERIOD_BY_SERVICE) {
        params[1] = ldg_store_i64(a, p.start);
        params[2] = ldg_store_i64(b, p.end);
    }
    rc =
        ldg_store_exec(&res, st, by == RPT_PERIOD_BY_DATE ? by_issue_sql : by_service_sql,
                       by == RPT_PERIOD_BY_DATE ? 2 : 3, params, err);
    if (rc != LDG_OK)
        return rc;
    n = (size_t)PQntuples(res);
    if (!(counts = calloc(n + 1, sizeof(*counts)))) {
        PQclear(res);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (size_t r = 0; r < n; r++) {
        snprintf(counts[r].month, sizeof(counts[r].month), "%s",
                 PQgetvalue(res, (int)r, 0));
        counts[r].n = ldg_store_int64(res, (int)r, 1);
        counts[r].all_invoices = strcmp(PQgetvalue(res, (int)r, 2), "t") == 0;
    }
    PQclear(res);
    rpt_period_hint_text(buf, size, by, p, tenant, counts, n);
    free(counts);
    return LDG_OK;
}
