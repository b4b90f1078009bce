/*
 * leaseledger invoice drafts | approve | reject: documents that wait for a person
 * (docs/receivables.md "Approval"; ledger/store/draft_store.h).
 */
#include "cmd/leaseledger/cmd_invoice_draft.h"

#include "cmd/leaseledger/cmd.h"
#include "ledger/store/draft_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger invoice drafts [--tenant T] [--format table|json|csv]\n"
        "       leaseledger invoice approve DRAFT --by NAME [--note TEXT] [--tenant T]\n"
        "                                   [--as-of TIME] [--key FILE]\n"
        "       leaseledger invoice reject DRAFT --by NAME --reason TEXT [--tenant T]\n\n"
        "Documents of contracts with \"approval\": \"required\", and of 'nightly "
        "--hold'\n"
        "and 'bill --hold' runs, wait as drafts: numberless, unsigned, and blocking\n"
        "their contract's period until a person decides.\n"
        "drafts: every draft (D<n>, per tenant) with its state: pending, approved,\n"
        "        rejected, or replaced (re-rated after its period gained usage).\n"
        "approve: issues the draft's document (a number, \"approved_by\": NAME) and "
        "logs\n"
        "        the decision; refused, with the line differences, when its period\n"
        "        gained usage after it was rated (the next batch drafts it again).\n"
        "reject: logs the decision with the reason; the period is drafted again once\n"
        "        its usage changes.\n\n"
        "  --tenant T     drafts: only tenant T; approve, reject: the draft's tenant\n"
        "                 (needed when several hold the id)\n"
        "  --format FMT   drafts: table (default), json or csv\n"
        "  --by NAME      approve, reject: who decides (logged)\n"
        "  --note TEXT    approve: a note kept with the decision\n"
        "  --reason TEXT  reject: why (required)\n"
        "  --as-of TIME   approve: the issue instant (RFC 3339 UTC; default now)\n"
        "  --key FILE     approve: signing key to seal unsealed usage first\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 done; 1 refused (not pending, stale, held, not found).\n");
}

static const char *const cols[LDG_DRAFT_NCOLS] = {
    "draft",      "tenant", "contract", "period",  "kind",       "amends",
    "currency",   "total",  "state",    "created", "rated_size", "decided_by",
    "decided_at", "note",   "number",   "doc"
};

/* One draft as JSON: text cells, null for none, rated_size a number, doc the document. */
static json_t *row_json(const char *const *row)
{
    json_t *o = json_object();

    for (int c = 0; o && c < LDG_DRAFT_NCOLS; c++) {
        json_t *v;

        if (c == LDG_DRAFT_COL_DOC)
            v = json_loads(row[c], 0, NULL);
        else if (c == LDG_DRAFT_COL_RATED_SIZE)
            v = json_integer(strtoll(row[c], NULL, 10));
        else
            v = *row[c] ? json_string(row[c]) : json_null();
        json_object_set_new(o, cols[c], v);
    }
    return o;
}

static void print_row(const char *const *row, int fmt, json_t *arr)
{
    if (fmt == CMD_FMT_JSON) {
        json_array_append_new(arr, row_json(row));
    } else if (fmt == CMD_FMT_CSV) {
        for (int c = 0; c < LDG_DRAFT_COL_DOC; c++) {
            if (c)
                putchar(',');
            cmd_csv_field(stdout, row[c]);
        }
        putchar('\n');
    } else {
        printf("%-6s %-14s %-10s %-7s %-11s %-4s %16s  %-8s %s\n", row[0], row[1], row[2],
               row[3], row[4], row[6], row[7], row[8],
               *row[LDG_DRAFT_COL_NUMBER] ? row[LDG_DRAFT_COL_NUMBER]
                                          : row[LDG_DRAFT_COL_DECIDED_BY]);
    }
}

static int list(ldg_store *st, const char *tenant, int fmt)
{
    const char **rows = NULL;
    json_t *arr = fmt == CMD_FMT_JSON ? json_array() : NULL;
    size_t n = 0;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_draft_list(&rows, &n, st, tenant, &err) != LDG_OK) {
        json_decref(arr);
        return cmd_fail(&err);
    }
    if (fmt == CMD_FMT_CSV) {
        for (int c = 0; c < LDG_DRAFT_COL_DOC; c++)
            printf("%s%s", c ? "," : "", cols[c]);
        putchar('\n');
    } else if (fmt == CMD_FMT_TABLE) {
        printf("%-6s %-14s %-10s %-7s %-11s %-4s %16s  %-8s %s\n", "DRAFT", "TENANT",
               "CONTRACT", "PERIOD", "KIND", "CUR", "TOTAL", "STATE", "NUMBER/BY");
    }
    for (size_t r = 0; r < n; r++)
        print_row(rows + r * LDG_DRAFT_NCOLS, fmt, arr);
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(arr);
    }
    free(rows);
    return LDG_EXIT_OK;
}

typedef struct draft_args {
    const char *db, *tenant, *format, *by, *note, *reason, *as_of, *key;
} draft_args;

static int approve(ldg_store *st, const char *id, const draft_args *a)
{
    ldg_signer *signer = NULL;
    ldg_buf diff = { 0 };
    char number[96];
    ldg_time at;
    ldg_error err;
    int code;

    if ((code = cmd_time_now_or(&at, a->as_of, "invoice")) != LDG_EXIT_OK)
        return code;
    if ((a->key || getenv("LEASELEDGER_KEY")) && !(signer = cmd_load_key(a->key, &code)))
        return code;
    ldg_error_clear(&err);
    if (ldg_draft_approve(number, &diff, st, a->tenant, id, a->by, a->note, at, signer,
                          &err) == LDG_OK) {
        printf("approved %s: issued %s (approved by %s)\n", id, number, a->by);
    } else {
        if (diff.len)
            fwrite(diff.data, 1, diff.len, stderr);
        code = cmd_fail(&err);
    }
    ldg_buf_cleanup(&diff);
    ldg_signer_free(signer);
    return code;
}

static int reject(ldg_store *st, const char *id, const draft_args *a)
{
    ldg_time at;
    ldg_error err;
    int code;

    if ((code = cmd_time_now_or(&at, a->as_of, "invoice")) != LDG_EXIT_OK)
        return code;
    ldg_error_clear(&err);
    if (ldg_draft_reject(st, a->tenant, id, a->by, a->reason, at, &err) != LDG_OK)
        return cmd_fail(&err);
    printf("rejected %s (by %s)\n", id, a->by);
    return LDG_EXIT_OK;
}

/* Checks the operands and options of verb; returns CMD_GO_ON or an exit code. */
static int check_args(const char *verb, int operands, const draft_args *a, int *fmt)
{
    if (strcmp(verb, "drafts") == 0) {
        if (operands != 0)
            return cmd_usage_error("invoice", "drafts takes no argument");
        *fmt = cmd_parse_format(a->format ? a->format : "table", "table,json,csv");
        if (*fmt < 0)
            return cmd_usage_error("invoice",
                                   "drafts --format must be table, json or csv");
        return CMD_GO_ON;
    }
    if (operands != 1)
        return cmd_usage_error("invoice", "%s takes one DRAFT", verb);
    if (!a->by)
        return cmd_usage_error("invoice", "%s needs --by NAME", verb);
    if (strcmp(verb, "reject") == 0 && !a->reason)
        return cmd_usage_error("invoice", "reject needs --reason TEXT");
    if (strcmp(verb, "reject") == 0 && a->note)
        return cmd_usage_error("invoice", "reject takes --reason, not --note");
    if (strcmp(verb, "approve") == 0 && a->reason)
        return cmd_usage_error("invoice", "approve takes --note, not --reason");
    return CMD_GO_ON;
}

int cmd_invoice_draft(int argc, char **argv)
{
    draft_args a = { 0 };
    const char *verb;
    ldg_store *st;
    int code, fmt = CMD_FMT_TABLE;
    const cmd_opt opts[] = { CMD_TEXT("db", a.db),         CMD_TEXT("tenant", a.tenant),
                             CMD_TEXT("format", a.format), CMD_TEXT("by", a.by),
                             CMD_TEXT("note", a.note),     CMD_TEXT("reason", a.reason),
                             CMD_TEXT("as-of", a.as_of),   CMD_TEXT("key", a.key) };

    /* argv[1] is the verb: getopt_long starts after it */
    if ((code = cmd_options(argc - 1, argv + 1, "invoice", usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    verb = argv[1];
    if ((code = check_args(verb, argc - 1 - optind, &a, &fmt)) != CMD_GO_ON)
        return code;
    st = cmd_open_store_as(
        a.db, strcmp(verb, "drafts") == 0 ? "ldg_reader" : "ldg_writer", &code);
    if (!st)
        return code;
    if (strcmp(verb, "drafts") == 0)
        code = list(st, a.tenant, fmt);
    else if (strcmp(verb, "approve") == 0)
        code = approve(st, argv[1 + optind], &a);
    else
        code = reject(st, argv[1 + optind], &a);
    ldg_store_close(st);
    return code;
}
