/* leaseledger invoice list | show: the issued documents. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/leaseledger/cmd.h"
#include "ledger/store/billing.h"
#include "ledger/fixed.h"
#include "ledger/invoice.h"
#include "reports/invoice_doc.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: leaseledger invoice list [--tenant T] [--period P] [--format table|json|csv]\n"
            "       leaseledger invoice show NUMBER [--tenant T] [--format text|json|pdf]\n"
            "                                [--out FILE]\n\n"
            "list: the issued invoices and credit notes, oldest first.\n"
            "show: one document. json prints its canonical log entry; text a readable\n"
            "document; pdf the document a finance team sends (needs --out).\n\n"
            "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
            "  -h, --help     this help\n");
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static int list(ldg_store *st, const char *tenant, const char *period, int fmt)
{
    const char *params[2] = { tenant, period };
    static const char *const cols[] = { "number", "kind",  "tenant",   "contract",
                                        "period", "amends", "currency", "total",
                                        "issued" };
    PGresult *res = NULL;
    ldg_error err;
    json_t *arr = NULL;

    ldg_error_clear(&err);
    if (ldg_store_exec(&res, st,
                       "SELECT i.number, i.kind, t.tenant, i.contract_id, i.period,"
                       " coalesce(i.amends, ''), i.currency, i.doc->>'total',"
                       " to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                       " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
                       " WHERE ($1::text IS NULL OR t.tenant = $1)"
                       " AND ($2::text IS NULL OR i.period = $2)"
                       " ORDER BY i.issued_at, t.tenant, i.seq",
                       2, params, &err) != LDG_OK)
        return cmd_fail(&err);
    if (fmt == CMD_FMT_JSON)
        arr = json_array();
    if (fmt == CMD_FMT_CSV)
        printf("number,kind,tenant,contract,period,amends,currency,total,issued\n");
    if (fmt == CMD_FMT_TABLE)
        printf("%-18s %-11s %-18s %-10s %-7s %-18s %-4s %18s  %s\n", "NUMBER", "KIND", "TENANT",
               "CONTRACT", "PERIOD", "AMENDS", "CUR", "TOTAL", "ISSUED");
    for (int r = 0; r < PQntuples(res); r++) {
        if (fmt == CMD_FMT_JSON) {
            json_t *o = json_object();
            for (int c = 0; c < 9; c++)
                json_object_set_new(o, cols[c],
                                    c == 5 && !*PQgetvalue(res, r, c)
                                        ? json_null()
                                        : json_string(PQgetvalue(res, r, c)));
            json_array_append_new(arr, o);
        } else if (fmt == CMD_FMT_CSV) {
            for (int c = 0; c < 9; c++) {
                if (c)
                    putchar(',');
                csv_field(stdout, PQgetvalue(res, r, c));
            }
            putchar('\n');
        } else {
            printf("%-18s %-11s %-18s %-10s %-7s %-18s %-4s %18s  %s\n", PQgetvalue(res, r, 0),
                   PQgetvalue(res, r, 1), PQgetvalue(res, r, 2), PQgetvalue(res, r, 3),
                   PQgetvalue(res, r, 4), PQgetvalue(res, r, 5), PQgetvalue(res, r, 6),
                   PQgetvalue(res, r, 7), PQgetvalue(res, r, 8));
        }
    }
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(arr);
    }
    PQclear(res);
    return LDG_EXIT_OK;
}

/* Seller (the site's operator) and buyer (the tenant) of an invoice. */
typedef struct parties {
    PGresult *res;
    rpt_party seller, buyer;
    rpt_invoice_ctx ctx;
} parties;

static ldg_code load_parties(parties *p, ldg_store *st, const char *number,
                             const char *tenant, ldg_error *err)
{
    const char *params[2] = { number, tenant };
    ldg_code rc = ldg_store_exec(&p->res, st,
                                 "SELECT sv.doc->'operator'->>'name',"
                                 " sv.doc->'operator'->>'address',"
                                 " sv.doc->'operator'->>'tax_id', b.doc->>'tenant_name', t.tenant,"
                                 " s.site"
                                 " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
                                 " JOIN ledger.contract_doc b ON b.tenant_id = i.tenant_id"
                                 "  AND b.contract_id = i.contract_id AND b.amends IS NULL"
                                 " JOIN ledger.site s ON s.site_id = b.site_id"
                                 " JOIN LATERAL (SELECT doc FROM ledger.site_version v"
                                 "  WHERE v.site_id = b.site_id AND v.valid_from <= i.issued_at"
                                 "  ORDER BY valid_from DESC LIMIT 1) sv ON true"
                                 " WHERE i.number = $1 AND ($2::text IS NULL OR t.tenant = $2)",
                                 2, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(p->res) < 1)
        return ldg_error_set(err, LDG_ENOTFOUND, "no invoice numbered \"%s\"", number);
    p->seller.name = PQgetvalue(p->res, 0, 0);
    p->seller.address = PQgetvalue(p->res, 0, 1);
    p->seller.tax_id = PQgetvalue(p->res, 0, 2);
    p->buyer.name = PQgetvalue(p->res, 0, 3);
    p->buyer.account = PQgetvalue(p->res, 0, 4);
    p->ctx.seller = &p->seller;
    p->ctx.buyer = &p->buyer;
    p->ctx.tenant = PQgetvalue(p->res, 0, 4);
    p->ctx.site = PQgetvalue(p->res, 0, 5);
    return LDG_OK;
}

static int show(ldg_store *st, const char *number, const char *tenant, int fmt,
                const char *out)
{
    json_t *entry = NULL;
    ldg_invoice *inv = NULL;
    ldg_invoice_kind kind;
    parties p = { 0 };
    ldg_error err;
    int code = LDG_EXIT_OK;
    FILE *f = stdout;

    ldg_error_clear(&err);
    if (ldg_invoice_entry(&entry, st, tenant, number, &err) != LDG_OK)
        return cmd_fail(&err);
    if (fmt == CMD_FMT_JSON) {
        if (out && !(f = fopen(out, "w"))) {
            perror("leaseledger: could not create output");
            json_decref(entry);
            return LDG_EXIT_CANTCREAT;
        }
        json_dumpf(entry, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', f);
        if (f != stdout && fclose(f) != 0)
            code = LDG_EXIT_IOERR;
        json_decref(entry);
        return code;
    }
    if (ldg_invoice_kind_parse(&kind, json_string_value(json_object_get(entry, "kind")), &err) !=
            LDG_OK ||
        ldg_invoice_from_json(&inv, json_object_get(entry, "data"), kind, &err) != LDG_OK ||
        load_parties(&p, st, number, tenant, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else if (fmt == CMD_FMT_TEXT) {
        if (out && !(f = fopen(out, "w"))) {
            perror("leaseledger: could not create output");
            code = LDG_EXIT_CANTCREAT;
        } else {
            if (rpt_invoice_text(f, inv, &p.ctx, &err) != LDG_OK)
                code = cmd_fail(&err);
            if (f != stdout && fclose(f) != 0)
                code = LDG_EXIT_IOERR;
        }
    } else if (rpt_invoice_pdf(inv, &p.ctx, out, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        printf("wrote %s\n", out);
    }
    PQclear(p.res);
    ldg_invoice_free(inv);
    json_decref(entry);
    return code;
}

int cmd_invoice(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "tenant", required_argument, NULL, 't' },
                                          { "period", required_argument, NULL, 'p' },
                                          { "format", required_argument, NULL, 'f' },
                                          { "out", required_argument, NULL, 'o' },
                                          CMD_COMMON_OPTIONS,
                                          { 0 } };
    const char *db = NULL, *tenant = NULL, *period = NULL, *format = NULL, *out = NULL;
    const char *verb;
    ldg_store *st;
    int c, code, fmt;

    while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': tenant = optarg; break;
        case 'p': period = optarg; break;
        case 'f': format = optarg; break;
        case 'o': out = optarg; break;
        case 'v': cmd_verbose = 1; break;
        case 'h': usage(stdout); return LDG_EXIT_OK;
        default: return cmd_usage_error("invoice", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
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
    } else if (strcmp(verb, "show") == 0) {
        if (optind + 2 != argc)
            return cmd_usage_error("invoice", "show takes one NUMBER");
        fmt = cmd_parse_format(format ? format : "text", "text,json,pdf");
        if (fmt < 0)
            return cmd_usage_error("invoice", "show --format must be text, json or pdf");
        if (fmt == CMD_FMT_PDF && !out)
            return cmd_usage_error("invoice", "show --format pdf needs --out FILE");
    } else {
        return cmd_usage_error("invoice", "unknown action \"%s\"", verb);
    }
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    {
        ldg_error err;
        ldg_error_clear(&err);
        if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK) {
            ldg_store_close(st);
            return cmd_fail(&err);
        }
    }
    if (strcmp(verb, "list") == 0)
        code = list(st, tenant, period, fmt);
    else
        code = show(st, argv[optind + 1], tenant, fmt, out);
    ldg_store_close(st);
    return code;
}
