/*
 * Utilization report (see utilization.h).
 *
 * Four constant queries in one read-only repeatable-read transaction: the sites, their
 * capacity over the period, the hourly usage sums of the period, and the reserved and
 * energy quantities of the documents billing the period. Everything is summed by
 * PostgreSQL as numeric over bigint micro-units and parsed into int64 here (LDG_ERANGE
 * when it does not fit); the rest is checked int64 arithmetic in C.
 *
 * Capacity: each site version covers [valid_from, next valid_from); its overlap with
 * the period in microseconds (timestamptz resolution) times the GPUs gives GPU-
 * microseconds, and GPU-microseconds / 3600 are micro-GPU-hours. PostgreSQL's numeric
 * division keeps at least 16 significant digits, and a quotient by 3600 is either a tie
 * exactly or at least 1/3600 away from one, so round() there is the exact half-away
 * rounding.
 *
 * Usage comes from ledger.usage_hourly, whose hours are exact pieces of the records
 * (split by ldg_rate_split at ingest), so summing the period's hours is exact for
 * records that cross the month's edges.
 */
#include "reports/utilization.h"

#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "reports/chart.h"
#include "reports/invoice_doc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NCLASS LDG_CLASS_COUNT /* indexed by ledger.usage.class, 0 for none */

static const char SQL_SITES[] = "SELECT site_id, site FROM ledger.site"
                                " WHERE ($1::text IS NULL OR site = $1::text)"
                                " ORDER BY site COLLATE \"C\"";

/* Per site and class (ledger.site_class of each version in force in the period). */
static const char SQL_CAPACITY[] =
    "SELECT site_id, class, round(sum(gpus * us) / 3600)::text"
    " FROM (SELECT v.site_id, c.class, c.gpus,"
    "   (extract(epoch FROM upper(v.r)) - extract(epoch FROM lower(v.r))) * 1000000 AS us"
    "  FROM (SELECT sv.site_id, sv.valid_from,"
    "    tstzrange(sv.valid_from, lead(sv.valid_from, 1, 'infinity'::timestamptz)"
    "      OVER (PARTITION BY sv.site_id ORDER BY sv.valid_from))"
    "    * tstzrange($1::timestamptz, $2::timestamptz) AS r"
    "   FROM ledger.site_version sv) v"
    "  JOIN ledger.site_class c ON c.site_id = v.site_id AND c.valid_from = v.valid_from"
    "  WHERE NOT isempty(v.r)) x"
    " GROUP BY site_id, class";

static const char SQL_USAGE[] =
    "SELECT site_id, kind, class, sum(qty_micros)::text"
    " FROM ledger.usage_hourly"
    " WHERE hour >= $1::timestamptz AND hour < $2::timestamptz"
    " GROUP BY 1, 2, 3";

static const char SQL_BILLED[] =
    "WITH base AS ("
    " SELECT DISTINCT ON (tenant_id, contract_id) tenant_id, contract_id, site_id"
    " FROM ledger.contract_doc WHERE amends IS NULL"
    " ORDER BY tenant_id, contract_id, seq"
    ")"
    " SELECT b.site_id, li.stream, coalesce(li.class, ''), sum(li.qty_micros)::text"
    " FROM ledger.invoice i"
    " JOIN ledger.invoice_line li ON li.tenant_id = i.tenant_id AND li.number = i.number"
    " JOIN base b ON b.tenant_id = i.tenant_id AND b.contract_id = i.contract_id"
    " WHERE i.period = $1::text AND li.stream IN ('gpu_reserved', 'energy')"
    " GROUP BY 1, 2, 3";

typedef struct site_acc {
    int64_t site_id;
    const char *name; /* borrowed from sites result */
    int64_t cap[NCLASS], reserved[NCLASS], used[NCLASS], down[NCLASS];
    int64_t energy_metered, energy_billed;
} site_acc;

struct rpt_utilization {
    ldg_period period;
    PGresult *sites_res;
    site_acc *sites;
    size_t nsites;
    rpt_util_row *rows;
    size_t nrows;
};

int rpt_util_percent(int64_t *out, int64_t part, int64_t whole)
{
    ldg_i128 hundredths;

    if (whole <= 0)
        return 0;
    hundredths = ldg_fixed_div_round((ldg_i128)part * 10000, whole);
    /* exact in 128 bits; a share beyond +-9.2 x 10^10 percent (only with a capacity of
     * a few micro-GPU-hours) is clamped rather than wrapped */
    if (hundredths > INT64_MAX / 10000)
        hundredths = INT64_MAX / 10000;
    if (hundredths < INT64_MIN / 10000)
        hundredths = INT64_MIN / 10000;
    *out = (int64_t)hundredths * 10000;
    return 1;
}

void rpt_utilization_free(rpt_utilization *u)
{
    if (u == NULL)
        return;
    PQclear(u->sites_res);
    free(u->sites);
    free(u->rows);
    free(u);
}

static ldg_code parse_sum(int64_t *out, const char *s, ldg_error *err)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno == ERANGE)
        return ldg_error_set(err, LDG_ERANGE, "utilization sum %s is out of range", s);
    if (end == s || *end != '\0')
        return ldg_error_set(err, LDG_EINTERNAL,
                             "utilization sum \"%s\" is not an integer", s);
    *out = (int64_t)v;
    return LDG_OK;
}

static site_acc *find_site(rpt_utilization *u, int64_t site_id)
{
    for (size_t i = 0; i < u->nsites; i++)
        if (u->sites[i].site_id == site_id)
            return &u->sites[i];
    return NULL; /* a site filtered out by --site */
}

static ldg_code load_sites(rpt_utilization *u, ldg_store *st, const char *site,
                           ldg_error *err)
{
    const char *params[1] = { site };
    int n;
    ldg_code rc = ldg_store_exec(&u->sites_res, st, SQL_SITES, 1, params, err);

    if (rc != LDG_OK)
        return rc;
    n = PQntuples(u->sites_res);
    if (site != NULL && n == 0)
        return ldg_error_set(err, LDG_ENOTFOUND, "unknown site \"%s\"", site);
    u->sites = calloc(n > 0 ? (size_t)n : 1, sizeof *u->sites);
    if (u->sites == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        u->sites[i].site_id = ldg_store_int64(u->sites_res, i, 0);
        u->sites[i].name = PQgetvalue(u->sites_res, i, 1);
    }
    u->nsites = (size_t)n;
    return LDG_OK;
}

static ldg_code load_capacity(rpt_utilization *u, ldg_store *st, const char *start,
                              const char *end, ldg_error *err)
{
    const char *params[2] = { start, end };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SQL_CAPACITY, 2, params, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        site_acc *s = find_site(u, ldg_store_int64(res, i, 0));
        int64_t c = ldg_store_int64(res, i, 1);

        if (s != NULL && c > 0 && c < NCLASS)
            rc = parse_sum(&s->cap[c], PQgetvalue(res, i, 2), err);
    }
    PQclear(res);
    return rc;
}

static ldg_code load_usage(rpt_utilization *u, ldg_store *st, const char *start,
                           const char *end, ldg_error *err)
{
    const char *params[2] = { start, end };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SQL_USAGE, 2, params, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        site_acc *s = find_site(u, ldg_store_int64(res, i, 0));
        int64_t kind = ldg_store_int64(res, i, 1), cls = ldg_store_int64(res, i, 2),
                v = 0;

        if (s == NULL || cls < 0 || cls >= NCLASS)
            continue;
        rc = parse_sum(&v, PQgetvalue(res, i, 3), err);
        if (rc != LDG_OK)
            break;
        if (kind == LDG_KIND_GPU)
            s->used[cls] = v;
        else if (kind == LDG_KIND_ENERGY)
            rc = ldg_fixed_add(&s->energy_metered, s->energy_metered, v, err);
        else if (kind == LDG_KIND_DOWNTIME || kind == LDG_KIND_MAINTENANCE)
            /* unavailable either way: maintenance is only left out of the SLA */
            rc = ldg_fixed_add(&s->down[cls], s->down[cls], v, err);
    }
    PQclear(res);
    return rc;
}

static ldg_code load_billed(rpt_utilization *u, ldg_store *st, const char *period,
                            ldg_error *err)
{
    const char *params[1] = { period };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SQL_BILLED, 1, params, err);

    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        site_acc *s = find_site(u, ldg_store_int64(res, i, 0));
        const char *stream = PQgetvalue(res, i, 1);
        int64_t v = 0;
        int cls;

        if (s == NULL)
            continue;
        rc = parse_sum(&v, PQgetvalue(res, i, 3), err);
        if (rc != LDG_OK)
            break;
        if (strcmp(stream, "energy") == 0) {
            rc = ldg_fixed_add(&s->energy_billed, s->energy_billed, v, err);
        } else if ((cls = ldg_class_parse(PQgetvalue(res, i, 2),
                                          strlen(PQgetvalue(res, i, 2)))) > 0) {
            rc = ldg_fixed_add(&s->reserved[cls], s->reserved[cls], v, err);
        }
    }
    PQclear(res);
    return rc;
}

static ldg_code build_rows(rpt_utilization *u, ldg_error *err)
{
    u->rows = calloc(u->nsites * NCLASS + 1, sizeof *u->rows);
    if (u->rows == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; i < u->nsites; i++) {
        const site_acc *s = &u->sites[i];
        rpt_util_row all = { 0 };

        all.site = s->name;
        all.class_name = "all";
        for (int n = 0; n < LDG_GPU_NCLASS; n++) {
            int c = ldg_class_of_gpu(ldg_gpu_class_nth(n)); /* gpu_class.h's order */
            rpt_util_row *r = &u->rows[u->nrows];

            if (s->cap[c] == 0 && s->reserved[c] == 0 && s->used[c] == 0 &&
                s->down[c] == 0)
                continue;
            r->site = s->name;
            r->class_name = ldg_class_name(c);
            r->capacity_micros = s->cap[c];
            r->reserved_micros = s->reserved[c];
            r->used_micros = s->used[c];
            r->downtime_micros = s->down[c];
            r->idle_micros = 0;
            if ((ldg_i128)s->reserved[c] > s->used[c] &&
                ldg_fixed_sub(&r->idle_micros, s->reserved[c], s->used[c], err) != LDG_OK)
                return LDG_ERANGE;
            if (ldg_fixed_add(&all.capacity_micros, all.capacity_micros,
                              r->capacity_micros, err) != LDG_OK ||
                ldg_fixed_add(&all.reserved_micros, all.reserved_micros,
                              r->reserved_micros, err) != LDG_OK ||
                ldg_fixed_add(&all.used_micros, all.used_micros, r->used_micros, err) !=
                    LDG_OK ||
                ldg_fixed_add(&all.downtime_micros, all.downtime_micros,
                              r->downtime_micros, err) != LDG_OK ||
                ldg_fixed_add(&all.idle_micros, all.idle_micros, r->idle_micros, err) !=
                    LDG_OK)
                return LDG_ERANGE;
            u->nrows++;
        }
        all.has_energy = 1;
        all.energy_metered_micros = s->energy_metered;
        all.energy_billed_micros = s->energy_billed;
        u->rows[u->nrows++] = all;
    }
    return LDG_OK;
}

ldg_code rpt_utilization_run(rpt_utilization **out, ldg_store *st, ldg_period period,
                             const char *site, ldg_error *err)
{
    char start[LDG_TIME_BUFLEN], end[LDG_TIME_BUFLEN], pname[16];
    rpt_utilization *u;
    ldg_code rc;

    *out = NULL;
    u = calloc(1, sizeof *u);
    if (u == NULL)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    u->period = period;
    ldg_time_format(start, period.start);
    ldg_time_format(end, period.end);
    ldg_period_format(pname, period);
    rc = ldg_store_exec(NULL, st, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0,
                        NULL, err);
    if (rc == LDG_OK)
        rc = load_sites(u, st, site, err);
    if (rc == LDG_OK)
        rc = load_capacity(u, st, start, end, err);
    if (rc == LDG_OK)
        rc = load_usage(u, st, start, end, err);
    if (rc == LDG_OK)
        rc = load_billed(u, st, pname, err);
    ldg_store_rollback(st); /* read only: nothing to keep */
    if (rc == LDG_OK)
        rc = build_rows(u, err);
    if (rc != LDG_OK) {
        rpt_utilization_free(u);
        return rc;
    }
    *out = u;
    return LDG_OK;
}

/* ---- table ---------------------------------------------------------------------- */

enum { NUM_COLS = 11 };

static const char *const col_names[2 + NUM_COLS] = {
    "site",
    "class",
    "capacity_gpu_h",
    "reserved_gpu_h",
    "reserved_pct",
    "used_gpu_h",
    "used_pct",
    "downtime_gpu_h",
    "downtime_pct",
    "idle_gpu_h",
    "idle_pct",
    "energy_metered_mwh",
    "energy_billed_mwh",
};

static void fmt(char *buf, int64_t v, int decimals, int for_people)
{
    if (for_people)
        rpt_invoice_format_number(buf, v, decimals);
    else
        ldg_fixed_format(buf, v, decimals);
}

/* value and its percent of capacity into two cells */
static void with_pct(const char **cells, char (*buf)[RPT_NUMBER_BUFLEN], size_t at,
                     int64_t v, int64_t capacity, int for_people)
{
    int64_t pct;

    fmt(buf[at], v, 6, for_people);
    cells[at] = buf[at];
    if (rpt_util_percent(&pct, v, capacity)) {
        fmt(buf[at + 1], pct, 2, for_people);
        cells[at + 1] = buf[at + 1];
    } else {
        cells[at + 1] = NULL;
    }
}

ldg_code rpt_utilization_table(rpt_table **out, const rpt_utilization *u, int for_people,
                               ldg_error *err)
{
    char buf[2 + NUM_COLS][RPT_NUMBER_BUFLEN];
    const char *cells[2 + NUM_COLS];
    rpt_table *t = NULL;
    ldg_code rc;

    *out = NULL;
    rc = rpt_table_new(&t, err);
    for (size_t c = 0; rc == LDG_OK && c < 2 + NUM_COLS; c++)
        rc = rpt_table_add_column(t, col_names[c], c < 2 ? RPT_COL_TEXT : RPT_COL_NUMBER,
                                  err);
    for (size_t i = 0; rc == LDG_OK && i < u->nrows; i++) {
        const rpt_util_row *r = &u->rows[i];

        cells[0] = r->site;
        cells[1] = r->class_name;
        fmt(buf[2], r->capacity_micros, 6, for_people);
        cells[2] = buf[2];
        with_pct(cells, buf, 3, r->reserved_micros, r->capacity_micros, for_people);
        with_pct(cells, buf, 5, r->used_micros, r->capacity_micros, for_people);
        with_pct(cells, buf, 7, r->downtime_micros, r->capacity_micros, for_people);
        with_pct(cells, buf, 9, r->idle_micros, r->capacity_micros, for_people);
        if (r->has_energy) {
            fmt(buf[11], r->energy_metered_micros, 6, for_people);
            fmt(buf[12], r->energy_billed_micros, 6, for_people);
            cells[11] = buf[11];
            cells[12] = buf[12];
        } else {
            cells[11] = NULL;
            cells[12] = NULL;
        }
        rc = rpt_table_add_row(t, cells, err);
    }
    if (rc != LDG_OK) {
        rpt_table_free(t);
        return rc;
    }
    *out = t;
    return LDG_OK;
}

/* ---- chart ---------------------------------------------------------------------- */

ldg_code rpt_utilization_chart(const rpt_utilization *u, const char *path, ldg_error *err)
{
    static const char *const series[4] = { "Capacity", "Reserved (sold)", "Used",
                                           "Idle" };
    char title[80], note[200], pname[16];
    char(*names)[160] = NULL;
    const char **cats = NULL;
    int64_t *values = NULL;
    size_t n = 0, k = 0, off = 0;
    rpt_chart chart = { 0 };
    rpt_chart_format f;
    ldg_code rc;

    rc = rpt_chart_format_of(&f, path, err);
    if (rc != LDG_OK)
        return rc;
    for (size_t i = 0; i < u->nrows; i++)
        n += strcmp(u->rows[i].class_name, "all") != 0;
    names = calloc(n > 0 ? n : 1, sizeof *names);
    cats = calloc(n > 0 ? n : 1, sizeof *cats);
    values = calloc(4 * (n > 0 ? n : 1), sizeof *values);
    if (names == NULL || cats == NULL || values == NULL) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < u->nrows; i++) {
        const rpt_util_row *r = &u->rows[i];

        if (strcmp(r->class_name, "all") == 0)
            continue;
        if (u->nsites > 1)
            snprintf(names[k], sizeof names[k], "%s %s", r->site, r->class_name);
        else
            snprintf(names[k], sizeof names[k], "%s", r->class_name);
        cats[k] = names[k];
        values[0 * n + k] = r->capacity_micros;
        values[1 * n + k] = r->reserved_micros;
        values[2 * n + k] = r->used_micros;
        values[3 * n + k] = r->idle_micros;
        k++;
    }
    ldg_period_format(pname, u->period);
    snprintf(title, sizeof title, "Utilization by GPU class, %s", pname);
    if (u->nsites == 1)
        off = (size_t)snprintf(note, sizeof note, "Site %s. ", u->sites[0].name);
    snprintf(note + off, sizeof note - off,
             "Reserved is what the period's invoices sold; idle is reserved less used.");
    chart.kind = RPT_CHART_GROUPED;
    chart.title = title;
    chart.note = note;
    chart.x_label = u->nsites > 1 ? "Site and GPU class" : "GPU class";
    chart.y_label = "GPU-hours";
    chart.ncategories = n;
    chart.categories = cats;
    chart.nseries = 4;
    chart.series = series;
    chart.values = values;
    rc = rpt_chart_write(&chart, path, err);
done:
    free(names);
    free(cats);
    free(values);
    return rc;
}
