/*
 * leaseledger reconcile: list a period's reconciliation findings; reconcile ack: release
 * one. The exit status of the listing says whether anything holds billing.
 */
#include "cmd/leaseledger/cmd.h"
#include "ledger/reconcile.h"
#include "ledger/store/recon_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger reconcile --period YYYY-MM [--tenant T]\n"
        "                             [--format table|json|csv]\n"
        "                             [--as-of TIME] [--db CONNINFO]\n"
        "       leaseledger reconcile ack FINDING --reason TEXT [--period YYYY-MM]\n"
        "                             [--tenant T] [--db CONNINFO]\n\n"
        "Compares what was metered in the period with what the contracts and the sites\n"
        "make possible, and lists the findings, each with a stable id:\n"
        "  block  overlap   two records of one meter and kind overlap (double counting)\n"
        "  block  capacity  GPU-hours of a class in an hour above the site's GPUs\n"
        "  block  meter_overload  GPU-hours + downtime of one meter in an hour above "
        "the\n"
        "                 GPUs the site's meter inventory gives it\n"
        "  block  downtime_capacity  downtime of a class in an hour above the site's "
        "GPUs\n"
        "  warn   gap       a meter silent for some hours inside its contract's term\n"
        "  warn   energy    energy per GPU-hour of a day outside the plausible band\n"
        "  info   overage   GPU-hours above reserved\n"
        "  info   idle      GPU-hours below half of reserved\n"
        "  info   sla       downtime that earns an SLA credit\n"
        "  block  maintenance  maintenance GPU-hours beyond the SLA's allowance\n"
        "A block finding holds its contract's invoice for the period until the records\n"
        "are corrected or it is acknowledged with 'reconcile ack' (see its --help).\n\n"
        "  --period P     the service month (YYYY-MM), not in the future\n"
        "  --tenant T     only this tenant\n"
        "  --format FMT   table (default), json (an array of findings) or csv (one\n"
        "                 row per finding: id, kind, severity, tenant, contract,\n"
        "                 site, meter, class, usage, period, from, to, acknowledged,\n"
        "                 what)\n"
        "  --as-of TIME   judge as of TIME (RFC 3339 UTC; default now): hours after it\n"
        "                 are not silent yet\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -v, --verbose  show where errors were raised\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 nothing blocks billing; 1 an unacknowledged block finding (or "
        "the\n"
        "tenant is unknown); 64 bad arguments; see 'leaseledger --help' for the "
        "others.\n");
}

static void ack_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger reconcile ack FINDING --reason TEXT [--period YYYY-MM]\n"
        "                             [--tenant T] [--db CONNINFO]\n\n"
        "Acknowledges finding FINDING (its 16-digit id from 'leaseledger reconcile'): a\n"
        "block finding then no longer holds its contract's invoice. The acknowledgement\n"
        "is appended to the tenant's signed log (an entry of kind \"ack\" with the\n"
        "finding, reason, period, kind and severity) and recorded, in one transaction.\n"
        "Acknowledging the same finding again changes nothing.\n\n"
        "  --reason TEXT  why it is acceptable (required, at most 1024 bytes)\n"
        "  --period P     the finding's service month; without it, the months from now\n"
        "                 back to the first contract are searched, newest first\n"
        "  --tenant T     the finding's tenant (narrows the search)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -v, --verbose  show where errors were raised\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 acknowledged (now or before); 1 no such finding, or unknown\n"
        "tenant; 64 bad arguments.\n");
}

/* Parses --period and refuses a period that starts after now. 0 or an exit code. */
static int parse_period(ldg_period *out, const char *text, ldg_time now, const char *cmd)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_period_parse(out, text, &err) != LDG_OK)
        return cmd_usage_error(cmd, "--period: %s", err.message);
    if (out->start > now)
        return cmd_usage_error(cmd, "--period: period %s is in the future", text);
    return LDG_EXIT_OK;
}

/* Prints the findings; 0 on success, else an exit code (after printing the error). */
/* The CSV columns: the finding's JSON members of one value each (ldg_recon_finding_json,
 * the one description of a finding), in this order. */
static const char *const csv_columns[] = { "id",           "kind",   "severity", "tenant",
                                           "contract",     "site",   "meter",    "class",
                                           "usage",        "period", "from",     "to",
                                           "acknowledged", "what" };
#define CSV_NCOLUMNS (sizeof(csv_columns) / sizeof(csv_columns[0]))

static int print_csv(const ldg_findings *fs)
{
    ldg_error err;

    ldg_error_clear(&err);
    for (size_t c = 0; c < CSV_NCOLUMNS; c++)
        printf("%s%s", c ? "," : "", csv_columns[c]);
    putchar('\n');
    for (size_t i = 0; i < fs->n; i++) {
        json_t *o = NULL;
        if (ldg_recon_finding_json(&o, &fs->items[i], &err) != LDG_OK)
            return cmd_fail(&err);
        for (size_t c = 0; c < CSV_NCOLUMNS; c++) {
            json_t *v = json_object_get(o, csv_columns[c]);
            if (c)
                putchar(',');
            cmd_csv_field(stdout, json_is_string(v) ? json_string_value(v)
                                  : json_is_boolean(v)
                                      ? (json_is_true(v) ? "true" : "false")
                                      : "");
        }
        putchar('\n');
        json_decref(o);
    }
    return LDG_EXIT_OK;
}

static int print_findings(const ldg_findings *fs, int fmt)
{
    ldg_error err;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    if (fmt == CMD_FMT_CSV) {
        code = print_csv(fs);
    } else if (fmt == CMD_FMT_JSON) {
        json_t *arr = NULL;
        if (ldg_recon_json(&arr, fs->items, fs->n, &err) != LDG_OK)
            return cmd_fail(&err);
        if (json_dumpf(arr, stdout, JSON_INDENT(2)) != 0 || putchar('\n') == EOF)
            code = LDG_EXIT_IOERR;
        json_decref(arr);
    } else {
        ldg_buf b = { 0 };
        if (ldg_recon_table(&b, fs->items, fs->n, &err) != LDG_OK) {
            ldg_buf_cleanup(&b);
            return cmd_fail(&err);
        }
        if (fwrite(b.data, 1, b.len, stdout) != b.len)
            code = LDG_EXIT_IOERR;
        ldg_buf_cleanup(&b);
    }
    if (fflush(stdout) != 0)
        code = LDG_EXIT_IOERR;
    return code;
}

/* Runs the reconciliation in one read-only snapshot. */
static ldg_code run_snapshot(ldg_findings *fs, ldg_store *st, const char *tenant,
                             ldg_period p, ldg_time as_of, ldg_error *err)
{
    ldg_code rc = ldg_store_begin(st, err);

    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, st,
                            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                            0, NULL, err);
    if (rc == LDG_OK)
        rc = ldg_recon_run(fs, st, tenant, p, as_of, err);
    if (rc == LDG_OK)
        rc = ldg_store_commit(st, err);
    else
        ldg_store_rollback(st);
    return rc;
}

static int cmd_reconcile_ack(int argc, char **argv)
{
    const char *db = NULL, *reason = NULL, *period = NULL, *tenant = NULL, *id;
    ldg_time now = (ldg_time)time(NULL);
    ldg_period p;
    ldg_finding f;
    ldg_ack_result result = 0;
    int64_t seq = -1;
    ldg_store *st;
    ldg_error err;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("reason", reason),
                             CMD_TEXT("period", period), CMD_TEXT("tenant", tenant) };

    if ((code = cmd_options(argc, argv, "reconcile ack", ack_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("reconcile ack", "expected the FINDING id to acknowledge");
    if (optind + 1 < argc)
        return cmd_usage_error("reconcile ack", "unexpected argument \"%s\"",
                               argv[optind + 1]);
    id = argv[optind];
    if (!ldg_recon_id_valid(id))
        return cmd_usage_error(
            "reconcile ack",
            "invalid finding id \"%.40s\": expected %d lowercase hex digits", id,
            LDG_RECON_ID_LEN);
    if (!reason || !*reason)
        return cmd_usage_error("reconcile ack", "--reason TEXT is required");
    if (strlen(reason) > 1024)
        return cmd_usage_error("reconcile ack", "--reason is longer than 1024 bytes");
    if (period && (code = parse_period(&p, period, now, "reconcile ack")) != LDG_EXIT_OK)
        return code;
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
        ldg_recon_find(&f, st, id, tenant, period ? &p : NULL, now, &err) != LDG_OK ||
        ldg_recon_ack(&result, &seq, st, &f, reason, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        char per[16];
        printf("finding %s (%s %s, tenant %s, period %s) %s (log seq %" PRId64 ")\n",
               f.id, ldg_recon_severity_name(ldg_recon_kind_severity(f.kind)),
               ldg_recon_kind_name(f.kind), f.tenant, ldg_period_format(per, f.period),
               result == LDG_ACK_ALREADY ? "was already acknowledged" : "acknowledged",
               seq);
        code = LDG_EXIT_OK;
    }
    ldg_store_close(st);
    return code;
}

int cmd_reconcile(int argc, char **argv)
{
    const char *db = NULL, *period = NULL, *tenant = NULL, *as_of_text = NULL;
    const char *format = NULL;
    ldg_findings fs = { 0 };
    ldg_time as_of;
    ldg_period p;
    ldg_store *st;
    ldg_error err;
    int code, fmt;

    if (argc >= 2 && strcmp(argv[1], "ack") == 0)
        return cmd_reconcile_ack(argc - 1, argv + 1);
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("period", period),
                             CMD_TEXT("tenant", tenant), CMD_TEXT("format", format),
                             CMD_TEXT("as-of", as_of_text) };

    if ((code = cmd_options(argc, argv, "reconcile", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    fmt = format ? cmd_parse_format(format, "table,json,csv") : CMD_FMT_TABLE;
    if (fmt < 0)
        return cmd_usage_error("reconcile", "--format must be table, json or csv");
    if (optind < argc)
        return cmd_usage_error("reconcile", "unexpected argument \"%s\"%s", argv[optind],
                               strcmp(argv[optind], "ack") == 0
                                   ? " (write 'reconcile ack FINDING ...', ack first)"
                                   : "");
    if (!period)
        return cmd_usage_error("reconcile", "--period YYYY-MM is required");
    if ((code = cmd_time_now_or(&as_of, as_of_text, "reconcile")) != LDG_EXIT_OK ||
        (code = parse_period(&p, period, as_of, "reconcile")) != LDG_EXIT_OK)
        return code;
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
        run_snapshot(&fs, st, tenant, p, as_of, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        code = print_findings(&fs, fmt);
        if (code == LDG_EXIT_OK && ldg_recon_count_blocking(fs.items, fs.n) > 0)
            code = LDG_EXIT_REFUSED;
    }
    ldg_recon_findings_cleanup(&fs);
    ldg_store_close(st);
    return code;
}
