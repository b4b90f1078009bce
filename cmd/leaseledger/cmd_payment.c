/* leaseledger payment import | list | assign: payments received, into the tenants' logs.
 */
#include "cmd/leaseledger/cmd.h"
#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/store/payment_store.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger payment import [--input-format csv|camt053] FILE\n"
        "       leaseledger payment list [--tenant T] [--unmatched]\n"
        "                                [--format table|json|csv]\n"
        "       leaseledger payment assign ID --tenant T --by NAME\n\n"
        "import: reads a payments CSV or an ISO 20022 camt.053 statement (by content\n"
        "unless --input-format says) and appends each payment to the log of its tenant: "
        "the\n"
        "one whose invoice number the reference names, else whose contract lists the\n"
        "payer account, else the CSV's tenant column. A payment that matches no tenant\n"
        "is held as unmatched. One transaction per file: all or nothing. Idempotent by\n"
        "(tenant, payment id): the same payment again is a duplicate.\n"
        "list: the payments in the logs, then those held as unmatched.\n"
        "assign: appends a held payment to tenant T's log, naming who assigned it.\n\n"
        "  --input-format F  import: csv or camt053 (default: by content; the old\n"
        "                    spelling --format is still accepted there)\n"
        "  --tenant T        list: only tenant T's payments; assign: the tenant\n"
        "  --unmatched       list: only the payments held as unmatched\n"
        "  --format FMT      list: table (default), json or csv\n"
        "  --by NAME         assign: who assigns the payment (recorded in the log)\n"
        "  --db CONNINFO     database (else DATABASE_URL, else PG* variables)\n"
        "  -v, --verbose     show where errors were raised\n"
        "  -h, --help        this help\n\n"
        "Exit status: 0 done; 1 refused (a different payment under a used id, an\n"
        "unknown tenant or payment); 65 the file cannot be read as payments, or a\n"
        "payment is in a currency its tenant is not billed in (nothing is stored);\n"
        "66 the file cannot be opened; see 'leaseledger --help' for the others.\n");
}

static int import(const char *db, const char *format, const char *path)
{
    ldg_payment_format fmt = LDG_PAYMENT_AUTO;
    ldg_payment_file *pf = NULL;
    ldg_payment_summary sum;
    const ldg_payment_counts *c;
    ldg_store *st;
    ldg_error err;
    char *data = NULL;
    size_t len = 0;
    ldg_code rc;
    int code;

    if (format && strcmp(format, "csv") == 0)
        fmt = LDG_PAYMENT_CSV;
    else if (format && strcmp(format, "camt053") == 0)
        fmt = LDG_PAYMENT_CAMT053;
    else if (format)
        return cmd_usage_error("payment", "import --input-format must be csv or camt053");
    /* read whole from one descriptor by the commands' one reader: what is parsed is what
     * was read, whatever happens to the path meanwhile */
    if ((code = cmd_read_file(&data, &len, path, LDG_PAY_FILE_MAX)) != LDG_EXIT_OK)
        return code;
    ldg_error_clear(&err);
    rc = ldg_payment_parse(&pf, data, len, fmt, path, &err);
    free(data);
    if (rc != LDG_OK)
        return cmd_fail(&err);
    st = cmd_open_store_as(db, "ldg_writer", &code);
    if (st && ldg_payment_import(&sum, st, pf, path, &err) != LDG_OK) {
        code = cmd_fail(&err);
        cmd_warn("nothing of \"%s\" was stored", path);
    } else if (st) {
        c = ldg_payment_file_counts(pf);
        printf("%s: %zu payments: %" PRId64 " matched, %" PRId64 " unmatched, %" PRId64
               " duplicates",
               path, ldg_payment_file_count(pf), sum.matched, sum.unmatched,
               sum.duplicates);
        if (c->debits || c->unbooked || c->reversals || c->duplicates)
            printf("; skipped %" PRId64 " debits, %" PRId64 " not booked, %" PRId64
                   " reversals, %" PRId64 " repeated in the file",
                   c->debits, c->unbooked, c->reversals, c->duplicates);
        putchar('\n');
    }
    ldg_store_close(st);
    ldg_payment_file_free(pf);
    return code;
}

static const char *amount_text(char buf[LDG_FIXED_BUFLEN], const ldg_payment_row *r)
{
    int digits = ldg_contract_currency_digits(r->currency);
    int64_t unit = 1;

    for (int i = digits; i >= 0 && i < 6; i++)
        unit *= 10;
    if (digits < 0 || r->amount_micros % unit != 0)
        digits = 6; /* a row no import wrote: shown exactly, never rounded */
    return ldg_fixed_format(buf, r->amount_micros, digits);
}

static void print_row(const ldg_payment_row *r, int fmt, json_t *arr)
{
    char amount[LDG_FIXED_BUFLEN], received[LDG_TIME_BUFLEN], seq[24] = "-";
    const char *cols[9] = { r->tenant[0] ? r->tenant : NULL,
                            seq,
                            r->payment_id,
                            ldg_time_format(received, r->received),
                            amount_text(amount, r),
                            r->currency,
                            r->reference,
                            r->payer,
                            r->assigned_by };
    static const char *const names[9] = { "tenant",    "seq",    "id",
                                          "received",  "amount", "currency",
                                          "reference", "payer",  "assigned_by" };

    if (r->seq >= 0)
        snprintf(seq, sizeof(seq), "%" PRId64, r->seq);
    if (fmt == CMD_FMT_JSON) {
        json_t *o = json_object();
        for (int c = 0; c < 9; c++)
            json_object_set_new(o, names[c],
                                c == 1
                                    ? (r->seq >= 0 ? json_integer(r->seq) : json_null())
                                : cols[c] ? json_string(cols[c])
                                          : json_null());
        json_array_append_new(arr, o);
    } else if (fmt == CMD_FMT_CSV) {
        for (int c = 0; c < 9; c++) {
            if (c)
                putchar(',');
            cmd_csv_field(stdout, cols[c] && (c != 1 || r->seq >= 0) ? cols[c] : "");
        }
        putchar('\n');
    } else {
        printf("%-18s %8s %-20s %-20s %16s %-4s %-14s %s\n", cols[0] ? cols[0] : "-", seq,
               r->payment_id, received, amount, r->currency,
               r->assigned_by ? r->assigned_by : "-", r->reference);
    }
}

static int list(const char *db, const char *tenant, int unmatched, const char *format)
{
    int fmt = cmd_parse_format(format ? format : "table", "table,json,csv"), code;
    ldg_payment_rows rows;
    json_t *arr = NULL;
    ldg_store *st;
    ldg_error err;

    if (fmt < 0)
        return cmd_usage_error("payment", "list --format must be table, json or csv");
    if (tenant && unmatched)
        return cmd_usage_error("payment", "unmatched payments have no tenant: give"
                                          " --tenant or --unmatched, not both");
    if (!(st = cmd_open_store_as(db, "ldg_reader", &code)))
        return code;
    ldg_error_clear(&err);
    if (ldg_payment_list(&rows, st, tenant, unmatched, &err) != LDG_OK) {
        ldg_store_close(st);
        return cmd_fail(&err);
    }
    if (fmt == CMD_FMT_JSON)
        arr = json_array();
    else if (fmt == CMD_FMT_CSV)
        printf("tenant,seq,id,received,amount,currency,reference,payer,assigned_by\n");
    else
        printf("%-18s %8s %-20s %-20s %16s %-4s %-14s %s\n", "TENANT", "SEQ", "ID",
               "RECEIVED", "AMOUNT", "CUR", "ASSIGNED_BY", "REFERENCE");
    for (size_t i = 0; i < rows.n; i++)
        print_row(&rows.items[i], fmt, arr);
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(arr);
    }
    ldg_payment_rows_cleanup(&rows);
    ldg_store_close(st);
    return LDG_EXIT_OK;
}

static int assign(const char *db, const char *id, const char *tenant, const char *by)
{
    ldg_store *st;
    ldg_error err;
    int64_t seq;
    int code, already;

    if (!tenant || !by)
        return cmd_usage_error("payment", "assign needs --tenant T and --by NAME");
    if (!(st = cmd_open_store_as(db, "ldg_writer", &code)))
        return code;
    ldg_error_clear(&err);
    if (ldg_payment_assign(&seq, &already, st, id, tenant, by, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        printf("payment \"%s\" %s tenant %s's log at seq %" PRId64 "\n", id,
               already ? "was already in" : "assigned to", tenant, seq);
    ldg_store_close(st);
    return code;
}

int cmd_payment(int argc, char **argv)
{
    const char *db = NULL, *tenant = NULL, *format = NULL, *by = NULL, *verb;
    const char *input_format = NULL;
    int code, unmatched = 0;
    const cmd_opt opts[] = { CMD_TEXT("db", db),
                             CMD_TEXT("tenant", tenant),
                             CMD_TEXT("format", format),
                             CMD_TEXT("by", by),
                             CMD_TEXT("input-format", input_format),
                             CMD_FLAG("unmatched", 0, unmatched) };

    if ((code = cmd_options(argc, argv, "payment", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("payment", "expected \"import FILE\", \"list\" or"
                                          " \"assign ID\"");
    verb = argv[optind];
    if (strcmp(verb, "import") == 0 && optind + 2 == argc)
        return import(db,
                      cmd_renamed_option("payment import", "input-format", input_format,
                                         "format", format),
                      argv[optind + 1]);
    if (strcmp(verb, "list") == 0 && optind + 1 == argc)
        return list(db, tenant, unmatched, format);
    if (strcmp(verb, "assign") == 0 && optind + 2 == argc)
        return assign(db, argv[optind + 1], tenant, by);
    if (strcmp(verb, "import") == 0 || strcmp(verb, "list") == 0 ||
        strcmp(verb, "assign") == 0)
        return cmd_usage_error("payment", "wrong number of arguments to \"%s\"", verb);
    return cmd_usage_error("payment", "unknown action \"%s\"", verb);
}
