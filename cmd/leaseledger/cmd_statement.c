/* leaseledger statement: one tenant's statement of account (docs/receivables.md). */
#include "cmd/leaseledger/cmd.h"
#include "ledger/receivable.h"
#include "ledger/store/receivable_store.h"
#include "reports/statement.h"

#include <errno.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger statement --tenant T [--from D] [--to D]\n"
        "                             [--format text|json|pdf] [--out FILE]\n\n"
        "The tenant's statement of account, per currency: the opening balance at the\n"
        "start of --from, every document and payment dated from --from to --to with\n"
        "its allocations as of --to, and the closing balance as of --to. Balances are\n"
        "what the tenant owes; a credit is negative.\n\n"
        "  --tenant T     the tenant (required)\n"
        "  --from D       first day (YYYY-MM-DD or an RFC 3339 UTC instant's day;\n"
        "                 default: the first day of --to's month)\n"
        "  --to D         last day (default: today, UTC); may lie in the future\n"
        "  --format F     text (default), json ({\"tenant\", \"from\", \"to\",\n"
        "                 \"balances\", \"items\"}) or pdf (needs --out)\n"
        "  --out FILE     write there instead of standard output\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help     this help\n");
}

int cmd_day_arg(int64_t *out, const char *text, const char *cmd, const char *option)
{
    ldg_time t;
    ldg_error err;

    if (!text) {
        *out = ldg_receivable_day_of((ldg_time)time(NULL));
        return LDG_EXIT_OK;
    }
    ldg_error_clear(&err);
    if (strlen(text) == LDG_RECEIVABLE_DAY_BUFLEN - 1)
        return ldg_receivable_day_parse(out, text, &err) == LDG_OK
                   ? LDG_EXIT_OK
                   : cmd_usage_error(cmd, "%s: %s", option, err.message);
    if (ldg_time_parse_str(&t, text, &err) != LDG_OK)
        return cmd_usage_error(cmd, "%s: %s", option, err.message);
    *out = ldg_receivable_day_of(t);
    return LDG_EXIT_OK;
}

/* The first day of day's month. */
static int64_t month_start(int64_t day)
{
    char buf[LDG_RECEIVABLE_DAY_BUFLEN];
    int64_t out = day;

    ldg_receivable_day_format(buf, day);
    memcpy(buf + 8, "01", 2);
    (void)ldg_receivable_day_parse(&out, buf, NULL);
    return out;
}

static int run(const char *db, const char *tenant, rpt_statement_format fmt,
               const char *path, int64_t from, int64_t to)
{
    ldg_receivable_log log;
    ldg_store *st;
    ldg_error err;
    FILE *f = stdout;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    if (!(st = cmd_open_store_as(db, "ldg_reader", &code)))
        return code;
    if (ldg_receivable_log_load(&log, st, tenant, &err) != LDG_OK) {
        code = cmd_fail(&err);
        goto done;
    }
    if (path && fmt != RPT_STATEMENT_PDF && !(f = cmd_create_output(path))) {
        code = cmd_failf(LDG_EXIT_CANTCREAT, "could not create \"%s\": %s", path,
                         strerror(errno));
        goto done;
    }
    if (rpt_statement_write(f, path, fmt, tenant, &log, from, to, &err) != LDG_OK)
        code = cmd_fail(&err);
    if (f != stdout && fclose(f) != 0 && code == LDG_EXIT_OK)
        code = cmd_failf(LDG_EXIT_IOERR, "could not write \"%s\"", path);
    if (code == LDG_EXIT_OK && path)
        fprintf(stderr, "wrote %s\n", path);
done:
    ldg_receivable_log_cleanup(&log);
    ldg_store_close(st);
    return code;
}

int cmd_statement(int argc, char **argv)
{
    const char *db = NULL, *tenant = NULL, *from = NULL, *to = NULL, *format = NULL;
    const char *out = NULL;
    int64_t from_day, to_day;
    int code, fmt;
    const cmd_opt opts[] = { CMD_TEXT("db", db),         CMD_TEXT("tenant", tenant),
                             CMD_TEXT("from", from),     CMD_TEXT("to", to),
                             CMD_TEXT("format", format), CMD_TEXT("out", out) };

    if ((code = cmd_options(argc, argv, "statement", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("statement", "unexpected argument \"%s\"", argv[optind]);
    if (!tenant)
        return cmd_usage_error("statement", "--tenant is required");
    fmt = cmd_parse_format(format ? format : "text", "text,json,pdf");
    if (fmt < 0)
        return cmd_usage_error("statement", "--format must be text, json or pdf");
    if (fmt == CMD_FMT_PDF && !out)
        return cmd_usage_error("statement", "--format pdf needs --out FILE");
    if ((code = cmd_day_arg(&to_day, to, "statement", "--to")) != LDG_EXIT_OK)
        return code;
    from_day = month_start(to_day);
    if (from &&
        (code = cmd_day_arg(&from_day, from, "statement", "--from")) != LDG_EXIT_OK)
        return code;
    if (from_day > to_day)
        return cmd_usage_error("statement", "--from is after --to");
    return run(db, tenant,
               fmt == CMD_FMT_JSON  ? RPT_STATEMENT_JSON
               : fmt == CMD_FMT_PDF ? RPT_STATEMENT_PDF
                                    : RPT_STATEMENT_TEXT,
               out, from_day, to_day);
}
