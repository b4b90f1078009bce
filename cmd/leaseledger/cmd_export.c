/*
 * leaseledger export focus | journal: the finance exports (reports/focus.h,
 * reports/journal.h). Output goes to stdout, or with --out to a temporary file in the
 * same directory renamed over FILE once complete, so a failed export never leaves a
 * half-written file and never clobbers the previous one.
 */
#include "cmd/leaseledger/cmd.h"
#include "reports/focus.h"
#include "reports/journal.h"

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
        "       leaseledger export journal --period YYYY-MM\n"
        "                          [--format hledger|ledger|beancount] [--out FILE]\n"
        "       leaseledger export journal --opens --format beancount [--out FILE]\n\n"
        "focus: one row per charge (every line of every invoice, supplementary\n"
        "invoice and credit note whose service period is P) as a FOCUS " RPT_FOCUS_VERSION
        "\n"
        "cost-and-usage dataset: RFC 4180 CSV with a header record.\n\n"
        "journal: a general-ledger journal, one balanced transaction per invoice,\n"
        "supplementary invoice and credit note issued in P (by issue date, UTC):\n"
        "Assets:Receivable:<tenant> against Revenue:<Stream>, the invoice number as\n"
        "the transaction code, tenant, contract, period, kind, amends and rated_from\n"
        "as metadata. Read by hledger, ledger and beancount (default hledger).\n\n"
        "  --period P     the month (YYYY-MM; not after --as-of)\n"
        "  --as-of TIME   what counts as now (RFC 3339 UTC; default the clock)\n"
        "  --format FMT   journal format: hledger (default), ledger or beancount\n"
        "  --opens        beancount: the open directive of every account, once, for a\n"
        "                 main file that includes it and the monthly files\n"
        "  --out FILE     write FILE (replaced only once complete); default stdout\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -v, --verbose  show where errors were raised\n"
        "  -h, --help     this help\n\n"
        "An empty period gives the header (focus) or the declarations (journal) alone.\n"
        "Exit status: 0 written; 1 two tenants would share a beancount account name;\n"
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

/* export journal --opens --format beancount: the accounts, once (issue 16). */
static int export_opens(const char *db, const char *format, const char *out, int journal,
                        const char *period_text)
{
    ldg_error err;
    ldg_store *st;
    output o;
    size_t n = 0;
    int code, close_code;

    ldg_error_clear(&err);
    if (!journal || !format || strcmp(format, "beancount") != 0 || period_text)
        return cmd_usage_error("export", "--opens goes with journal --format beancount "
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

int cmd_export(int argc, char **argv)
{
    const char *db = NULL, *period_text = NULL, *format = NULL, *out = NULL, *what;
    const char *as_of_text = NULL;
    ldg_time as_of;
    rpt_journal_format jfmt = RPT_JOURNAL_HLEDGER;
    ldg_period period;
    ldg_error err;
    ldg_store *st;
    output o;
    size_t n = 0;
    int code, journal, opens = 0;
    const cmd_opt opts[] = {
        CMD_TEXT("db", db),   CMD_TEXT("period", period_text), CMD_TEXT("format", format),
        CMD_TEXT("out", out), CMD_TEXT("as-of", as_of_text),   CMD_FLAG("opens", 0, opens)
    };

    ldg_error_clear(&err);
    if ((code = cmd_options(argc, argv, "export", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("export", "expected \"focus\" or \"journal\"");
    what = argv[optind];
    if (strcmp(what, "journal") == 0) {
        journal = 1;
    } else if (strcmp(what, "focus") == 0) {
        journal = 0;
    } else {
        return cmd_usage_error("export",
                               "unknown export \"%s\": expected focus or journal", what);
    }
    if (optind + 1 < argc)
        return cmd_usage_error("export", "unexpected argument \"%s\"", argv[optind + 1]);
    if (opens)
        return export_opens(db, format, out, journal, period_text);
    if (!period_text)
        return cmd_usage_error("export", "--period YYYY-MM is required");
    if (ldg_period_parse(&period, period_text, &err) != LDG_OK)
        return cmd_usage_error("export", "--period: %s", err.message);
    if ((code = cmd_time_now_or(&as_of, as_of_text, "export")) != LDG_EXIT_OK)
        return code;
    if (period.start > as_of)
        return cmd_usage_error("export", "--period: period %s is in the future",
                               period_text);
    if (format && !journal)
        return cmd_usage_error("export", "--format applies to the journal export only");
    if (format && rpt_journal_format_parse(&jfmt, format, &err) != LDG_OK)
        return cmd_usage_error("export", "--format: %s", err.message);
    if (out && !*out)
        return cmd_usage_error("export", "--out needs a file name");

    st = cmd_open_store_as(db, "ldg_reader", &code);
    if (!st)
        return code;
    if ((code = output_open(&o, out)) != LDG_EXIT_OK) {
        ldg_store_close(st);
        return code;
    }
    if (journal)
        code = rpt_journal_export(o.fp, st, jfmt, period, &n, &err) == LDG_OK
                   ? LDG_EXIT_OK
                   : cmd_fail(&err);
    else
        code = rpt_focus_export(o.fp, st, period, &n, &err) == LDG_OK ? LDG_EXIT_OK
                                                                      : cmd_fail(&err);
    {
        int close_code = output_close(&o, code == LDG_EXIT_OK);
        if (code == LDG_EXIT_OK)
            code = close_code;
    }
    if (code == LDG_EXIT_OK && out && strcmp(out, "-") != 0) {
        if (journal)
            printf("wrote %zu transaction%s (%s, documents issued in %s) to %s\n", n,
                   n == 1 ? "" : "s", rpt_journal_format_name(jfmt), period_text, out);
        else
            printf("wrote %zu row%s (FOCUS %s, service period %s) to %s\n", n,
                   n == 1 ? "" : "s", RPT_FOCUS_VERSION, period_text, out);
    }
    ldg_store_close(st);
    return code;
}
