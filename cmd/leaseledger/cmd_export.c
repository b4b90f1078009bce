/*
 * leaseledger export focus | journal: the finance exports (reports/focus.h,
 * reports/journal.h). Output goes to stdout, or with --out to a temporary file in the
 * same directory renamed over FILE once complete, so a failed export never leaves a
 * half-written file and never clobbers the previous one.
 */
#include "cmd/leaseledger/cmd.h"
#include "reports/focus.h"
#include "reports/journal.h"
#include "reports/period_hint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger export focus --period YYYY-MM [--out FILE]\n"
        "       leaseledger export journal --period YYYY-MM [--basis issued|earned]\n"
        "                          [--dialect hledger|ledger|beancount] [--out FILE]\n"
        "       leaseledger export journal --opens --dialect beancount [--out FILE]\n\n"
        "focus: one row per charge (every line of every invoice, supplementary\n"
        "invoice and credit note whose SERVICE MONTH is P) as a FOCUS " RPT_FOCUS_VERSION
        "\n"
        "cost-and-usage dataset: RFC 4180 CSV with a header record.\n\n"
        "journal: a general-ledger journal of the transactions DATED in P (UTC):\n"
        "documents on their issue date, payments on their receipt date, accruals on\n"
        "the service month's last day. One balanced transaction per document, the\n"
        "invoice number as the transaction code, tenant, contract, period (the\n"
        "service month), kind, amends and rated_from as metadata. Read by hledger,\n"
        "ledger and beancount. November's invoices, issued in December, are in\n"
        "focus --period 2026-11 and in journal --period 2026-12.\n\n"
        "  --period P     the month (YYYY-MM; not after --as-of): the service month\n"
        "                 (focus), the month transactions are dated in (journal)\n"
        "  --basis B      journal: issued (default): revenue when invoiced, receivable\n"
        "                 against revenue on the issue date; earned: revenue in the\n"
        "                 service month, Assets:Unbilled:<Tenant> against revenue on "
        "its\n"
        "                 last day, reversed into the receivable on the issue date\n"
        "  --dialect D    journal: hledger (default), ledger or beancount\n"
        "                 (--format D is the old spelling, still accepted)\n"
        "  --opens        beancount: the open directive of every account, once, for a\n"
        "                 main file that includes it and the monthly files\n"
        "  --as-of WHEN   what counts as now (YYYY-MM, YYYY-MM-DD or RFC 3339; a month\n"
        "                 or day means its end; default the clock)\n"
        "  --out FILE     write FILE (replaced only once complete); default stdout\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -v, --verbose  show where errors were raised\n"
        "  -h, --help     this help\n\n"
        "An empty period gives the header (focus) or the declarations (journal) alone,\n"
        "exit 0, and a note on stderr saying where that month's documents are.\n"
        "Exit status: 0 written; 1 two tenants would share an account name;\n"
        "64 bad arguments; 65 inconsistent data; 69 database unavailable; 73 FILE\n"
        "cannot be created; 74 write error.\n");
}

/* An output being written: stdout, or a temporary file renamed over path at the end. */
typedef struct output {
    FILE *fp;
    const char *path; /* NULL: stdout */
    char *tmp;
} output;

static int output_open(output *o, const char *path)
{
    mode_t mask;
    int fd;
    size_t len;

    o->fp = stdout;
    o->path = NULL;
    o->tmp = NULL;
    if (!path || strcmp(path, "-") == 0)
        return LDG_EXIT_OK;
    len = strlen(path);
    if (!(o->tmp = malloc(len + 8))) {
        return cmd_failf(LDG_EXIT_SOFTWARE, "out of memory");
    }
    memcpy(o->tmp, path, len);
    memcpy(o->tmp + len, ".XXXXXX", 8);
    if ((fd = mkstemp(o->tmp)) < 0) {
        cmd_warn("could not create \"%s\": %s", path, strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return LDG_EXIT_CANTCREAT;
    }
    mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || !(o->fp = fdopen(fd, "w"))) {
        cmd_warn("could not create \"%s\": %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        o->fp = stdout;
        return LDG_EXIT_CANTCREAT;
    }
    o->path = path;
    return LDG_EXIT_OK;
}

/* Finishes the output: on ok, flush and rename into place; else remove the temp. */
static int output_close(output *o, int ok)
{
    int code = LDG_EXIT_OK;

    if (!o->path) {
        if (ok && fflush(stdout) != 0) {
            code = cmd_failf(LDG_EXIT_IOERR, "could not write to stdout: %s",
                             strerror(errno));
        }
        return code;
    }
    if (fclose(o->fp) != 0 && ok) {
        code = cmd_failf(LDG_EXIT_IOERR, "could not write \"%s\": %s", o->path,
                         strerror(errno));
    }
    if (ok && code == LDG_EXIT_OK && rename(o->tmp, o->path) != 0) {
        code = cmd_failf(LDG_EXIT_CANTCREAT, "could not create \"%s\": %s", o->path,
                         strerror(errno));
    }
    if (!ok || code != LDG_EXIT_OK)
        unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    return code;
}

/* export journal --opens --dialect beancount: the accounts, once (issue 16). */
static int export_opens(const char *db, int beancount, const char *out, int journal,
                        const char *period_text)
{
    ldg_error err;
    ldg_store *st;
    output o;
    size_t n = 0;
    int code, close_code;

    ldg_error_clear(&err);
    if (!journal || !beancount || period_text)
        return cmd_usage_error("export", "--opens goes with journal --dialect beancount "
                                         "and without --period");
    if (out && !*out)
        return cmd_usage_error("export", "--out needs a file name");
    if (!(st = cmd_open_store_as(db, "ldg_reader", &code)))
        return code;
    if ((code = output_open(&o, out)) != LDG_EXIT_OK) {
        ldg_store_close(st);
        return code;
    }
    code = rpt_journal_export_opens(o.fp, st, &n, &err) == LDG_OK ? LDG_EXIT_OK
                                                                  : cmd_fail(&err);
    close_code = output_close(&o, code == LDG_EXIT_OK);
    if (code == LDG_EXIT_OK)
        code = close_code;
    if (code == LDG_EXIT_OK && out && strcmp(out, "-") != 0)
        printf("wrote %zu open directive%s (beancount) to %s\n", n, n == 1 ? "" : "s",
               out);
    ldg_store_close(st);
    return code;
}

/* The options of an export, as given. */
typedef struct export_args {
    const char *db, *period, *format, *dialect, *basis, *out, *as_of;
    int opens, journal;
} export_args;

/* The journal's dialect from --dialect, or from the old --format with a warning. */
static int journal_dialect(rpt_journal_format *fmt, const export_args *a)
{
    ldg_error err;

    ldg_error_clear(&err);
    *fmt = RPT_JOURNAL_HLEDGER;
    if (a->format && !a->journal)
        return cmd_usage_error("export", "--format applies to the journal export only");
    if (a->format && a->dialect)
        return cmd_usage_error("export", "--format is the old spelling of --dialect: "
                                         "give --dialect only");
    if (a->dialect && !a->journal)
        return cmd_usage_error("export", "--dialect applies to the journal export only");
    if (a->format)
        cmd_warn("export journal --format is deprecated: use --dialect %s", a->format);
    if ((a->dialect || a->format) &&
        rpt_journal_format_parse(fmt, a->dialect ? a->dialect : a->format, &err) !=
            LDG_OK)
        return cmd_usage_error("export", "%s: %s", a->dialect ? "--dialect" : "--format",
                               err.message);
    return LDG_EXIT_OK;
}

/* --period (required, not after --as-of) and --basis. */
static int period_and_basis(ldg_period *period, rpt_journal_basis *basis,
                            const export_args *a)
{
    ldg_when as_of;
    ldg_error err;

    ldg_error_clear(&err);
    *basis = RPT_JOURNAL_ISSUED;
    if (!a->period)
        return cmd_usage_error("export", "--period YYYY-MM is required");
    if (ldg_period_parse(period, a->period, &err) != LDG_OK)
        return cmd_usage_error("export", "--period: %s", err.message);
    if (!a->as_of)
        as_of.end = (ldg_time)time(NULL) + 1;
    else if (ldg_when_parse(&as_of, a->as_of, &err) != LDG_OK)
        return cmd_usage_error("export", "--as-of: %s", err.message);
    /* a month or a day as --as-of means its end */
    if (period->start > as_of.end - 1)
        return cmd_usage_error("export", "--period: period %s is in the future",
                               a->period);
    if (a->basis && !a->journal)
        return cmd_usage_error("export", "--basis applies to the journal export only");
    if (a->basis && rpt_journal_basis_parse(basis, a->basis, &err) != LDG_OK)
        return cmd_usage_error("export", "--basis: %s", err.message);
    return LDG_EXIT_OK;
}

/* An empty export: say on stderr where the month's documents are (the exit stays 0). */
static void empty_hint(ldg_store *st, int journal, ldg_period period)
{
    char hint[RPT_PERIOD_HINT_BUFLEN];

    if (rpt_period_hint(hint, sizeof(hint), st,
                        journal ? RPT_PERIOD_BY_DATE : RPT_PERIOD_BY_SERVICE, period,
                        NULL, NULL) == LDG_OK)
        cmd_warn("%s", hint);
}

static int run_export(const export_args *a, rpt_journal_format jfmt,
                      rpt_journal_basis basis, ldg_period period)
{
    ldg_error err;
    ldg_store *st;
    output o;
    size_t n = 0;
    int code, close_code;

    ldg_error_clear(&err);
    if (!(st = cmd_open_store_as(a->db, "ldg_reader", &code)))
        return code;
    if ((code = output_open(&o, a->out)) != LDG_EXIT_OK) {
        ldg_store_close(st);
        return code;
    }
    if (a->journal)
        code = rpt_journal_export(o.fp, st, jfmt, basis, period, &n, &err) == LDG_OK
                   ? LDG_EXIT_OK
                   : cmd_fail(&err);
    else
        code = rpt_focus_export(o.fp, st, period, &n, &err) == LDG_OK ? LDG_EXIT_OK
                                                                      : cmd_fail(&err);
    close_code = output_close(&o, code == LDG_EXIT_OK);
    if (code == LDG_EXIT_OK)
        code = close_code;
    if (code == LDG_EXIT_OK && a->out && strcmp(a->out, "-") != 0) {
        if (a->journal)
            printf("wrote %zu transaction%s (%s, basis %s, dated in %s) to %s\n", n,
                   n == 1 ? "" : "s", rpt_journal_format_name(jfmt),
                   basis == RPT_JOURNAL_EARNED ? "earned" : "issued", a->period, a->out);
        else
            printf("wrote %zu row%s (FOCUS %s, service period %s) to %s\n", n,
                   n == 1 ? "" : "s", RPT_FOCUS_VERSION, a->period, a->out);
    }
    if (code == LDG_EXIT_OK && n == 0)
        empty_hint(st, a->journal, period);
    ldg_store_close(st);
    return code;
}

int cmd_export(int argc, char **argv)
{
    export_args a = { 0 };
    rpt_journal_format jfmt;
    rpt_journal_basis basis;
    ldg_period period;
    const char *what;
    int code;
    const cmd_opt opts[] = {
        CMD_TEXT("db", a.db),         CMD_TEXT("period", a.period),
        CMD_TEXT("format", a.format), CMD_TEXT("dialect", a.dialect),
        CMD_TEXT("basis", a.basis),   CMD_TEXT("out", a.out),
        CMD_TEXT("as-of", a.as_of),   CMD_FLAG("opens", 0, a.opens)
    };

    if ((code = cmd_options(argc, argv, "export", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("export", "expected \"focus\" or \"journal\"");
    what = argv[optind];
    if (strcmp(what, "journal") == 0)
        a.journal = 1;
    else if (strcmp(what, "focus") != 0)
        return cmd_usage_error("export",
                               "unknown export \"%s\": expected focus or journal", what);
    if (optind + 1 < argc)
        return cmd_usage_error("export", "unexpected argument \"%s\"", argv[optind + 1]);
    if ((code = journal_dialect(&jfmt, &a)) != LDG_EXIT_OK)
        return code;
    if (a.opens) {
        /* --opens names its dialect: beancount alone needs the opens file */
        int beancount = (a.dialect || a.format) && jfmt == RPT_JOURNAL_BEANCOUNT;

        return a.basis ? cmd_usage_error("export", "--opens serves both bases: "
                                                   "give no --basis")
                       : export_opens(a.db, beancount, a.out, a.journal, a.period);
    }
    if ((code = period_and_basis(&period, &basis, &a)) != LDG_EXIT_OK)
        return code;
    if (a.out && !*a.out)
        return cmd_usage_error("export", "--out needs a file name");
    return run_export(&a, jfmt, basis, period);
}
