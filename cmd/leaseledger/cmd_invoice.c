/* leaseledger invoice list | show: the issued documents. */
#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_invoice_draft.h"
#include "cmd/leaseledger/cmd_invoice_hold.h"
#include "ledger/fixed.h"
#include "ledger/invoice.h"
#include "ledger/store/doc_context.h"
#include "ledger/store/invoice_query.h"
#include "ledger/store/receivable_store.h"
#include "reports/invoice_doc.h"
#include "reports/statement.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger invoice list [--tenant T] [--period P] [--as-of T]\n"
        "                                [--format table|json|csv]\n"
        "       leaseledger invoice show NUMBER [--tenant T] [--format text|json|pdf]\n"
        "                                [--out FILE]\n"
        "       leaseledger invoice drafts | approve DRAFT | reject DRAFT ...\n"
        "                                (see 'leaseledger invoice drafts --help')\n"
        "       leaseledger invoice hold | release --tenant T --contract C ...\n"
        "                                (see 'leaseledger invoice hold --help')\n\n"
        "list: the issued invoices and credit notes, oldest first, with their due date\n"
        "and, as of --as-of (YYYY-MM-DD or an RFC 3339 UTC instant; default now), the\n"
        "amount paid, the open amount and the status (open, overdue, paid, credited;\n"
        "empty for a document issued after --as-of).\n"
        "show: one document. json prints its canonical log entry; text a readable\n"
        "document; pdf the document a finance team sends (needs --out).\n\n"
        "  --tenant T     list: only tenant T; show: the tenant, when the number\n"
        "                 exists for several\n"
        "  --period P     list: only documents for service month P (YYYY-MM), whenever\n"
        "                 they were issued\n"
        "  --as-of T      list: the day the paid and open amounts are taken on\n"
        "  --format FMT   list: table (default), json or csv; show: text (default),\n"
        "                 json or pdf\n"
        "  --out FILE     show: write there instead of standard output (pdf: required)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help     this help\n");
}

/* The receivable columns of a row, after the issued ones. */
enum { R_DUE, R_PAID, R_OPEN, R_STATUS, NR };

static const char *const rcols[NR] = { "due", "paid", "open", "status" };

/* Fills cells[NR] from the document's state (NULL: an amending document of total 0,
 * which owes nothing: due on issue, paid). */
static void receivable_cells(const char *cells[NR], char buf[NR][LDG_FIXED_BUFLEN],
                             const rpt_doc_state *s, const char *issued)
{
    if (!s) {
        memcpy(buf[R_DUE], issued, LDG_RECEIVABLE_DAY_BUFLEN - 1);
        buf[R_DUE][LDG_RECEIVABLE_DAY_BUFLEN - 1] = '\0';
        cells[R_DUE] = buf[R_DUE];
        cells[R_PAID] = cells[R_OPEN] = "0";
        cells[R_STATUS] = "paid";
        return;
    }
    cells[R_DUE] = ldg_receivable_day_format(buf[R_DUE], s->due_day);
    cells[R_PAID] = s->counted ? rpt_money(buf[R_PAID], s->paid, s->currency) : NULL;
    cells[R_OPEN] = s->counted ? rpt_money(buf[R_OPEN], s->open, s->currency) : NULL;
    cells[R_STATUS] = s->counted ? ldg_receivable_status_name(s->status) : NULL;
}

static void print_row(const char *const *row, const char *const *rc, int fmt, json_t *arr)
{
    static const char *const cols[LDG_INVOICE_NCOLS] = { "number",   "kind",   "tenant",
                                                         "contract", "period", "amends",
                                                         "currency", "total",  "issued" };

    if (fmt == CMD_FMT_JSON) {
        json_t *o = json_object();
        for (int c = 0; c < LDG_INVOICE_NCOLS; c++)
            json_object_set_new(o, cols[c],
                                c == LDG_INVOICE_COL_AMENDS && !*row[c]
                                    ? json_null()
                                    : json_string(row[c]));
        for (int c = 0; c < NR; c++)
            json_object_set_new(o, rcols[c], rc[c] ? json_string(rc[c]) : json_null());
        json_array_append_new(arr, o);
    } else if (fmt == CMD_FMT_CSV) {
        for (int c = 0; c < LDG_INVOICE_NCOLS; c++) {
            if (c)
                putchar(',');
            cmd_csv_field(stdout, row[c]);
        }
        for (int c = 0; c < NR; c++) {
            putchar(',');
            cmd_csv_field(stdout, rc[c] ? rc[c] : "");
        }
        putchar('\n');
    } else {
        printf(
            "%-18s %-11s %-18s %-10s %-7s %-18s %-4s %18s  %-20s  %-10s %18s %18s  %s\n",
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
            rc[R_DUE], rc[R_PAID] ? rc[R_PAID] : "", rc[R_OPEN] ? rc[R_OPEN] : "",
            rc[R_STATUS] ? rc[R_STATUS] : "");
    }
}

/* The states of the documents of tenant (NULL: all) as of day. */
static int load_states(rpt_doc_states **out, ldg_receivable_log *log, ldg_store *st,
                       const char *tenant, int64_t day)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_receivable_log_load(log, st, tenant, &err) != LDG_OK ||
        rpt_doc_states_new(out, log, day, &err) != LDG_OK)
        return cmd_fail(&err);
    return LDG_EXIT_OK;
}

static void print_head(int fmt)
{
    if (fmt == CMD_FMT_CSV)
        printf("number,kind,tenant,contract,period,amends,currency,total,issued,"
               "due,paid,open,status\n");
    if (fmt == CMD_FMT_TABLE)
        printf(
            "%-18s %-11s %-18s %-10s %-7s %-18s %-4s %18s  %-20s  %-10s %18s %18s  %s\n",
            "NUMBER", "KIND", "TENANT", "CONTRACT", "PERIOD", "AMENDS", "CUR", "TOTAL",
            "ISSUED", "DUE", "PAID", "OPEN", "STATUS");
}

static int list(ldg_store *st, const char *tenant, const char *period, int64_t day,
                int fmt)
{
    const char **rows = NULL;
    size_t n = 0;
    ldg_error err;
    json_t *arr = NULL;
    ldg_receivable_log log = { 0 };
    rpt_doc_states *states = NULL;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    if (ldg_invoice_list(&rows, &n, st, tenant, period, &err) != LDG_OK)
        return cmd_fail(&err);
    /* no rows: nothing to look up (and an unknown --tenant lists nothing, as before) */
    if (n > 0 && (code = load_states(&states, &log, st, tenant, day)) != LDG_EXIT_OK)
        goto done;
    if (fmt == CMD_FMT_JSON)
        arr = json_array();
    print_head(fmt);
    for (size_t r = 0; r < n; r++) {
        const char *const *row = rows + r * LDG_INVOICE_NCOLS;
        const char *rc[NR];
        char buf[NR][LDG_FIXED_BUFLEN];

        receivable_cells(rc, buf,
                         rpt_doc_states_find(states, row[LDG_INVOICE_COL_TENANT],
                                             row[LDG_INVOICE_COL_NUMBER]),
                         row[LDG_INVOICE_COL_ISSUED]);
        print_row(row, rc, fmt, arr);
    }
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(arr);
    }
done:
    rpt_doc_states_free(states);
    ldg_receivable_log_cleanup(&log);
    free(rows);
    return code;
}

/* "" (what the query gives for an absent member) as NULL. */
static const char *or_null(const char *s)
{
    return s && s[0] ? s : NULL;
}

/* The exemption reasons of the contract's tax entries (tax_json, "" for none) into
 * out[0..LDG_TAX_MAX_ENTRIES); the strings are tax's, which the caller releases. */
static size_t exemptions_of(rpt_exemption *out, json_t **tax, const char *tax_json)
{
    size_t n = 0, i;
    json_t *e;

    *tax = tax_json[0] ? json_loads(tax_json, 0, NULL) : NULL;
    json_array_foreach(*tax, i, e)
    {
        const char *name = json_string_value(json_object_get(e, "name"));
        const char *reason = json_string_value(json_object_get(e, "exemption_reason"));

        if (name && reason && n < LDG_TAX_MAX_ENTRIES)
            out[n++] = (rpt_exemption){ .name = name, .reason = reason };
    }
    return n;
}

/* Seller (the site's operator) and buyer (the tenant) of an invoice, as the renderer
 * takes them; the strings are p's. */
static rpt_invoice_ctx render_ctx(rpt_party *seller, rpt_party *buyer, rpt_remit *remit,
                                  const ldg_invoice_parties *p)
{
    *seller = (rpt_party){ .name = p->seller_name,
                           .address = p->seller_address,
                           .tax_id = p->seller_tax_id };
    *buyer = (rpt_party){ .name = p->buyer_name, .account = p->tenant };
    *remit = (rpt_remit){ .bank = or_null(p->remit_bank),
                          .account = or_null(p->remit_account),
                          .routing = or_null(p->remit_routing),
                          .iban = or_null(p->remit_iban),
                          .reference = or_null(p->remit_reference) };
    return (rpt_invoice_ctx){ .seller = seller,
                              .buyer = buyer,
                              .site = p->site,
                              .tenant = p->tenant,
                              .remit_to = remit->bank ? remit : NULL };
}

/* Opens out for writing, or stdout when out is NULL. */
static int open_out(FILE **f, const char *out)
{
    *f = stdout;
    if (out && !(*f = cmd_create_output(out)))
        return cmd_failf(LDG_EXIT_CANTCREAT, "could not create output: %s",
                         strerror(errno));
    return LDG_EXIT_OK;
}

/* Closes f unless it is stdout; LDG_EXIT_IOERR when the last writes failed. */
static int close_out(FILE *f, int code)
{
    return f != stdout && fclose(f) != 0 ? LDG_EXIT_IOERR : code;
}

static int show_json(const json_t *entry, const char *out)
{
    FILE *f;
    int code = open_out(&f, out);

    if (code != LDG_EXIT_OK)
        return code;
    json_dumpf(entry, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    return close_out(f, code);
}

/* The readable document: text to out (or stdout), or a PDF file out. */
static int render(const ldg_invoice *inv, const ldg_invoice_parties *p,
                  const ldg_doc_context *facts, int fmt, const char *out)
{
    rpt_party seller, buyer;
    rpt_remit remit;
    rpt_exemption exemptions[LDG_TAX_MAX_ENTRIES];
    rpt_invoice_ctx ctx = render_ctx(&seller, &buyer, &remit, p);
    json_t *tax = NULL;
    ldg_error err;
    FILE *f;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    ctx.exemptions = exemptions;
    ctx.nexemptions = exemptions_of(exemptions, &tax, p->tax_json);
    ctx.facts = facts;
    if (fmt == CMD_FMT_PDF) {
        if (rpt_invoice_pdf(inv, &ctx, out, &err) != LDG_OK)
            code = cmd_fail(&err);
        else
            printf("wrote %s\n", out);
    } else if ((code = open_out(&f, out)) == LDG_EXIT_OK) {
        if (rpt_invoice_text(f, inv, &ctx, &err) != LDG_OK)
            code = cmd_fail(&err);
        code = close_out(f, code);
    }
    json_decref(tax);
    return code;
}

static int show_doc(ldg_store *st, const json_t *entry, const char *number,
                    const char *tenant, int fmt, const char *out)
{
    ldg_invoice_parties p = { 0 };
    ldg_doc_context facts = { 0 };
    ldg_invoice *inv = NULL;
    ldg_invoice_kind kind;
    ldg_error err;
    int code;

    ldg_error_clear(&err);
    if (ldg_invoice_kind_parse(&kind, json_string_value(json_object_get(entry, "kind")),
                               &err) != LDG_OK ||
        ldg_invoice_from_json(&inv, json_object_get(entry, "data"), kind, &err) !=
            LDG_OK ||
        ldg_invoice_parties_load(&p, st, number, tenant, &err) != LDG_OK ||
        ldg_doc_context_load(&facts, st, tenant, number, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        code = render(inv, &p, &facts, fmt, out);
    ldg_doc_context_cleanup(&facts);
    ldg_invoice_parties_cleanup(&p);
    ldg_invoice_free(inv);
    return code;
}

static int show(ldg_store *st, const char *number, const char *tenant, int fmt,
                const char *out)
{
    json_t *entry = NULL;
    ldg_error err;
    int code;

    ldg_error_clear(&err);
    if (ldg_invoice_entry(&entry, st, tenant, number, &err) != LDG_OK)
        return cmd_fail(&err);
    code = fmt == CMD_FMT_JSON ? show_json(entry, out)
                               : show_doc(st, entry, number, tenant, fmt, out);
    json_decref(entry);
    return code;
}

int cmd_invoice(int argc, char **argv)
{
    const char *db = NULL, *tenant = NULL, *period = NULL, *format = NULL, *out = NULL;
    const char *as_of = NULL, *verb;
    int64_t day = 0;
    ldg_store *st;
    int code, fmt;
    const cmd_opt opts[] = { CMD_TEXT("db", db),         CMD_TEXT("tenant", tenant),
                             CMD_TEXT("period", period), CMD_TEXT("format", format),
                             CMD_TEXT("out", out),       CMD_TEXT("as-of", as_of) };

    if (argc > 1 && (strcmp(argv[1], "drafts") == 0 || strcmp(argv[1], "approve") == 0 ||
                     strcmp(argv[1], "reject") == 0))
        return cmd_invoice_draft(argc, argv);
    if (argc > 1 && (strcmp(argv[1], "hold") == 0 || strcmp(argv[1], "release") == 0))
        return cmd_invoice_hold(argc, argv);
    if ((code = cmd_options(argc, argv, "invoice", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("invoice", "expected \"list\" or \"show NUMBER\"");
    verb = argv[optind];
    if (strcmp(verb, "list") == 0) {
        if (optind + 1 != argc)
            return cmd_usage_error("invoice", "list takes no argument");
        fmt = cmd_parse_format(format ? format : "table", "table,json,csv");
        if (fmt < 0)
            return cmd_usage_error("invoice", "list --format must be table, json or csv");
        if (period) {
            ldg_period p;
            ldg_error err;
            ldg_error_clear(&err);
            if (ldg_period_parse(&p, period, &err) != LDG_OK)
                return cmd_usage_error("invoice", "--period: %s", err.message);
        }
        if ((code = cmd_day_arg(&day, as_of, "invoice", "--as-of")) != LDG_EXIT_OK)
            return code;
    } else if (strcmp(verb, "show") == 0) {
        if (optind + 2 != argc)
            return cmd_usage_error("invoice", "show takes one NUMBER");
        if (as_of)
            return cmd_usage_error("invoice", "--as-of is an option of list");
        fmt = cmd_parse_format(format ? format : "text", "text,json,pdf");
        if (fmt < 0)
            return cmd_usage_error("invoice", "show --format must be text, json or pdf");
        if (fmt == CMD_FMT_PDF && !out)
            return cmd_usage_error("invoice", "show --format pdf needs --out FILE");
    } else {
        return cmd_usage_error("invoice", "unknown action \"%s\"", verb);
    }
    st = cmd_open_store_as(db, "ldg_reader", &code);
    if (!st)
        return code;
    if (strcmp(verb, "list") == 0)
        code = list(st, tenant, period, day, fmt);
    else
        code = show(st, argv[optind + 1], tenant, fmt, out);
    ldg_store_close(st);
    return code;
}
