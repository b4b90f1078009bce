/* leaseledger report revenue | utilization | aging: finance reports, optionally with a
 * chart. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/receivable.h"
#include "ledger/store/receivable_store.h"
#include "ledger/time.h"
#include "reports/aging.h"
#include "reports/chart.h"
#include "reports/period_hint.h"
#include "reports/revenue.h"
#include "reports/table.h"
#include "reports/utilization.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger report revenue [--period YYYY-MM | --from M --to M]\n"
        "                                  [--tenant T] [--by LIST]\n"
        "                                  [--basis billed|earned] [--with-tax] "
        "[--format FMT]\n"
        "                                  [--chart FILE.svg|FILE.png] [--db CONNINFO]\n"
        "       leaseledger report utilization [--period YYYY-MM] [--site S] [--format "
        "FMT]\n"
        "                                  [--chart FILE.svg|FILE.png] [--db "
        "CONNINFO]\n"
        "       leaseledger report aging [--as-of WHEN] [--tenant T] [--format FMT]\n"
        "                                  [--db CONNINFO]\n\n"
        "revenue: the amounts of every issued invoice, supplementary invoice and credit\n"
        "note, summed by the groupings of --by, one amount column per currency\n"
        "(amount_EUR, amount_USD, ...: currencies are never added together). Each line "
        "of\n"
        "each document is in exactly one group, so any grouping adds up, to the cent, "
        "to\n"
        "the documents' totals.\n"
        "  --by LIST      comma-separated, in the order wanted (default %s):\n"
        "                   month     month of issue (billed) or service month (earned)\n"
        "                   tenant    tenant id, with its tenant_name\n"
        "                   site      the contract's site\n"
        "                   stream    gpu_reserved, gpu_overage, energy, "
        "power_capacity,\n"
        "                             sla_credit, commitment_true_up\n"
        "                   document  invoice (original), supplementary_invoice (bills\n"
        "                             what an issued one missed: late or corrected\n"
        "                             usage) or credit_note\n"
        "  --basis B      billed (default): a document counts in the month it was "
        "issued;\n"
        "                 earned: in the period it bills, so a credit note issued in\n"
        "                 December for November lowers November\n"
        "  --period P     only the documents of SERVICE MONTH P (YYYY-MM), whatever\n"
        "                 the basis (as invoice list and export focus select); an empty\n"
        "                 result says on stderr where that month's documents are\n"
        "  --from M, --to M  first and last month counted (inclusive), by the basis:\n"
        "                 month of issue (billed) or service month (earned); M is\n"
        "                 YYYY-MM, or a day or RFC 3339 instant naming its month\n"
        "  --tenant T     only tenant T's documents (exit 1: no such tenant)\n"
        "  --with-tax     after each amount_CUR (net), tax_CUR (the documents' tax) and\n"
        "                 total_CUR (net + tax); not with --by stream: tax is per\n"
        "                 document and tax entry, not per line (default --by %s)\n"
        "  --chart FILE   also draw revenue by stream by month as stacked bars, one "
        "chart\n"
        "                 per currency: the first currency (by code) in FILE, the "
        "others\n"
        "                 in FILE with -CUR before the extension (rev.svg, "
        "rev-USD.svg)\n\n",
        RPT_REVENUE_DEFAULT_BY, RPT_REVENUE_DEFAULT_BY_TAX);
    /* in two parts: a string literal over 4095 bytes is not portable C */
    fputs(
        "utilization: per site and GPU class, capacity (GPUs x hours), reserved (sold: "
        "the\n"
        "period's invoiced gpu_reserved GPU-hours), used, downtime and idle (reserved -\n"
        "used, not below 0), in GPU-hours and as a percent of capacity; per site (class\n"
        "\"all\") energy metered (IT) and billed (after PUE), in MWh.\n"
        "  --period P     the service month the hours are in (YYYY-MM; default: the\n"
        "                 last month that has ended)\n"
        "  --site S       only this site\n"
        "  --chart FILE   also draw capacity, reserved, used and idle by class\n\n"
        "aging: per tenant and currency, the open amounts as of the day of --as-of\n"
        "(YYYY-MM-DD, an RFC 3339 instant, or YYYY-MM: its last day; default today)\n"
        "by days past due (--tenant T: that tenant only):\n"
        "current (not yet due; due today is current), d1_30, d31_60, d61_90, d91_plus,\n"
        "then credit (unapplied, negative) and total (the balance). json: {\"as_of\",\n"
        "\"rows\": [{\"tenant\", \"currency\", \"current\", ..., \"total\"}]}.\n\n"
        "  --format FMT   table (default: aligned, thousands separators, a total row),\n"
        "                 csv (RFC 4180, CRLF, UTF-8) or json ({\"columns\", \"rows\"},\n"
        "                 numbers as decimal strings, no entry as null)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -v, --verbose  show where errors were raised\n"
        "  -h, --help     this help\n\n"
        "An empty selection prints the headers only. Chart files are named on stderr.\n"
        "Exit status: 0 done; 1 unknown site; 64 bad arguments (unknown grouping, bad\n"
        "month, chart name not .svg/.png); 73 a chart cannot be written; see\n"
        "'leaseledger --help' for the others.\n",
        out);
}

typedef struct report_args {
    const char *db, *from, *to, *by, *basis, *format, *chart, *period, *site, *as_of;
    const char *tenant;
    int with_tax;
} report_args;

static int finish_output(int code)
{
    if (fflush(stdout) != 0 || ferror(stdout))
        return cmd_failf(LDG_EXIT_IOERR, "could not write the report to standard output");
    return code;
}

static int write_table(rpt_table *t, rpt_format fmt)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (rpt_table_write(t, stdout, fmt, &err) != LDG_OK)
        return cmd_fail(&err);
    return finish_output(LDG_EXIT_OK);
}

/* Chart failures: a file we cannot create is 73, the rest as usual. */
static int chart_fail(const ldg_error *err)
{
    cmd_print_error(err);
    return err->code == LDG_EIO ? LDG_EXIT_CANTCREAT : cmd_exit_code(err);
}

static void chart_done(void *ctx, const char *path, const char *currency)
{
    (void)ctx;
    if (currency != NULL)
        fprintf(stderr, "wrote chart %s (%s)\n", path, currency);
    else
        fprintf(stderr, "wrote chart %s (no data)\n", path);
}

/* A month option (--from, --to) in any date form: the month of the date's start, or
 * for an end (--to) of its last second. text NULL: nothing to do. */
static int month_arg(char out[8], const char *text, const char *option, int is_end)
{
    ldg_when w;
    ldg_error err;

    ldg_error_clear(&err);
    out[0] = '\0';
    if (!text)
        return LDG_EXIT_OK;
    if (ldg_when_parse(&w, text, &err) != LDG_OK)
        return cmd_usage_error("report", "%s: %s", option, err.message);
    ldg_period_format(out, ldg_period_of(is_end ? w.end - 1 : w.start));
    return LDG_EXIT_OK;
}

/* An empty revenue report for a service month: say where that month's documents are
 * (stderr; the exit stays 0). */
static void revenue_hint(ldg_store *st, const report_args *a, const rpt_revenue *r)
{
    char hint[RPT_PERIOD_HINT_BUFLEN];
    ldg_period p;

    if (!a->period || rpt_revenue_groups(r) != 0 ||
        ldg_period_parse(&p, a->period, NULL) != LDG_OK)
        return;
    if (rpt_period_hint(hint, sizeof(hint), st, RPT_PERIOD_BY_SERVICE, p, a->tenant,
                        NULL) == LDG_OK)
        cmd_warn("%s", hint);
}

static int revenue(const report_args *a, rpt_format fmt)
{
    rpt_revenue_opts o = { 0 };
    char from[8], to[8];
    ldg_period period;
    rpt_revenue *r = NULL;
    rpt_table *t = NULL;
    ldg_store *st = NULL;
    ldg_error err;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    /* --with-tax has no tax per stream: its default grouping leaves stream out */
    if (rpt_revenue_parse_by(o.by, &o.nby,
                             a->by         ? a->by
                             : a->with_tax ? RPT_REVENUE_DEFAULT_BY_TAX
                                           : RPT_REVENUE_DEFAULT_BY,
                             &err) != LDG_OK)
        return cmd_usage_error("report", "--by: %s", err.message);
    if (a->basis && rpt_revenue_parse_basis(&o.basis, a->basis, &err) != LDG_OK)
        return cmd_usage_error("report", "--basis: %s", err.message);
    if ((code = month_arg(from, a->from, "--from", 0)) != LDG_EXIT_OK ||
        (code = month_arg(to, a->to, "--to", 1)) != LDG_EXIT_OK)
        return code;
    o.from = a->from ? from : NULL;
    o.to = a->to ? to : NULL;
    if (rpt_revenue_check_range(o.from, o.to, &err) != LDG_OK)
        return cmd_usage_error("report", "%s%s", a->from || a->to ? "--from/--to: " : "",
                               err.message);
    if (a->period && (a->from || a->to))
        return cmd_usage_error("report", "--period is one service month: give it or "
                                         "--from/--to, not both");
    if (a->period && ldg_period_parse(&period, a->period, &err) != LDG_OK)
        return cmd_usage_error("report", "--period: %s", err.message);
    o.period = a->period;
    o.tenant = a->tenant;
    o.with_tax = a->with_tax;
    for (size_t i = 0; o.with_tax && i < o.nby; i++)
        if (o.by[i] == RPT_DIM_STREAM)
            return cmd_usage_error("report",
                                   "--with-tax cannot be grouped by stream: tax is per"
                                   " document and tax entry, not per line (without"
                                   " --by it groups by %s)",
                                   RPT_REVENUE_DEFAULT_BY_TAX);

    st = cmd_open_store(a->db, &code);
    if (!st)
        return code;
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
        rpt_revenue_run(&r, st, &o, &err) != LDG_OK ||
        rpt_revenue_table(&t, r, fmt == RPT_FORMAT_TABLE, &err) != LDG_OK) {
        code = cmd_fail(&err);
        goto done;
    }
    code = write_table(t, fmt);
    if (code == LDG_EXIT_OK)
        revenue_hint(st, a, r);
    if (code == LDG_EXIT_OK && a->chart &&
        rpt_revenue_chart(st, &o, a->chart, chart_done, NULL, &err) != LDG_OK)
        code = chart_fail(&err);
done:
    rpt_table_free(t);
    rpt_revenue_free(r);
    ldg_store_close(st);
    return code;
}

static int utilization(const report_args *a, rpt_format fmt)
{
    rpt_utilization *u = NULL;
    rpt_table *t = NULL;
    ldg_store *st = NULL;
    ldg_period p;
    ldg_error err;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    if (a->period) {
        if (ldg_period_parse(&p, a->period, &err) != LDG_OK)
            return cmd_usage_error("report", "--period: %s", err.message);
    } else {
        /* the last month that has ended */
        p = ldg_period_of(ldg_period_of((ldg_time)time(NULL)).start - 1);
    }
    st = cmd_open_store(a->db, &code);
    if (!st)
        return code;
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
        rpt_utilization_run(&u, st, p, a->site, &err) != LDG_OK ||
        rpt_utilization_table(&t, u, fmt == RPT_FORMAT_TABLE, &err) != LDG_OK) {
        code = cmd_fail(&err);
        goto done;
    }
    code = write_table(t, fmt);
    if (code == LDG_EXIT_OK && a->chart) {
        if (rpt_utilization_chart(u, a->chart, &err) != LDG_OK)
            code = chart_fail(&err);
        else
            chart_done(NULL, a->chart, "GPU-hours");
    }
done:
    rpt_table_free(t);
    rpt_utilization_free(u);
    ldg_store_close(st);
    return code;
}

static int aging(const report_args *a, rpt_format fmt)
{
    ldg_receivable_log log = { 0 };
    ldg_store *st;
    ldg_error err;
    ldg_when as_of;
    int64_t day;
    int code;

    ldg_error_clear(&err);
    if (!a->as_of)
        day = ldg_receivable_day_of((ldg_time)time(NULL));
    else if (ldg_when_parse(&as_of, a->as_of, &err) != LDG_OK)
        return cmd_usage_error("report", "--as-of: %s", err.message);
    else /* a month means its last day */
        day = ldg_receivable_day_of(as_of.end - 1);
    if (!(st = cmd_open_store_as(a->db, "ldg_reader", &code)))
        return code;
    if (ldg_receivable_log_load(&log, st, a->tenant, &err) != LDG_OK ||
        rpt_aging_write(stdout, fmt, &log, day, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        code = finish_output(LDG_EXIT_OK);
    ldg_receivable_log_cleanup(&log);
    ldg_store_close(st);
    return code;
}

/* report aging: its options are --as-of and --format only. */
static int aging_args(const report_args *a)
{
    rpt_format fmt = RPT_FORMAT_TABLE;
    ldg_error err;

    if (a->chart || a->period || a->site || a->from || a->to || a->by || a->basis ||
        a->with_tax)
        return cmd_usage_error("report",
                               "aging takes --as-of, --tenant and --format only");
    ldg_error_clear(&err);
    if (a->format && rpt_format_parse(&fmt, a->format, &err) != LDG_OK)
        return cmd_usage_error("report", "--format: %s", err.message);
    return aging(a, fmt);
}

int cmd_report(int argc, char **argv)
{
    report_args a = { 0 };
    rpt_format fmt = RPT_FORMAT_TABLE;
    rpt_chart_format chart_fmt;
    const char *verb;
    ldg_error err;
    int code, is_revenue;
    const cmd_opt opts[] = {
        CMD_TEXT("db", a.db),         CMD_TEXT("from", a.from),
        CMD_TEXT("to", a.to),         CMD_TEXT("by", a.by),
        CMD_TEXT("basis", a.basis),   CMD_TEXT("format", a.format),
        CMD_TEXT("chart", a.chart),   CMD_TEXT("period", a.period),
        CMD_TEXT("site", a.site),     CMD_TEXT("as-of", a.as_of),
        CMD_TEXT("tenant", a.tenant), CMD_FLAG("with-tax", 0, a.with_tax)
    };

    if ((code = cmd_options(argc, argv, "report", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("report",
                               "expected \"revenue\", \"utilization\" or \"aging\"");
    verb = argv[optind];
    if (optind + 1 < argc)
        return cmd_usage_error("report", "unexpected argument \"%s\"", argv[optind + 1]);
    if (strcmp(verb, "aging") == 0)
        return aging_args(&a);
    if (a.as_of)
        return cmd_usage_error("report", "--as-of is an option of 'report aging'");
    if (strcmp(verb, "revenue") == 0)
        is_revenue = 1;
    else if (strcmp(verb, "utilization") == 0)
        is_revenue = 0;
    else
        return cmd_usage_error(
            "report", "unknown report \"%s\": expected revenue, utilization or aging",
            verb);
    if (is_revenue && a.site)
        return cmd_usage_error("report", "--site is an option of 'report utilization'");
    if (!is_revenue && a.tenant)
        return cmd_usage_error("report", "--tenant is an option of 'report revenue' "
                                         "and 'report aging'");
    if (!is_revenue && (a.from || a.to || a.by || a.basis || a.with_tax))
        return cmd_usage_error("report", "%s is an option of 'report revenue'",
                               a.from       ? "--from"
                               : a.to       ? "--to"
                               : a.by       ? "--by"
                               : a.with_tax ? "--with-tax"
                                            : "--basis");
    ldg_error_clear(&err);
    if (a.format && rpt_format_parse(&fmt, a.format, &err) != LDG_OK)
        return cmd_usage_error("report", "--format: %s", err.message);
    if (a.chart && rpt_chart_format_of(&chart_fmt, a.chart, &err) != LDG_OK)
        return cmd_usage_error("report", "--chart: %s", err.message);
    return is_revenue ? revenue(&a, fmt) : utilization(&a, fmt);
}
