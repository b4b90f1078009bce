/* leaseledger bill: rate and invoice contracts for a closed period. */
#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_invoice_hold.h"
#include "ledger/fixed.h"
#include "ledger/store/billing.h"
#include "ledger/store/hold_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger bill --period YYYY-MM [--tenant T] [--dry-run] [--hold]\n"
        "                        [--hold-amend-above AMOUNT] [--hold-amend-percent P]\n"
        "                        [--as-of TIME] [--batch N]\n"
        "                        [--db CONNINFO] [--key FILE] [--format text|json]\n\n"
        "Rates every contract of the period (or only T's) and issues its invoice. A\n"
        "period already invoiced is left as it is, unless usage arrived or was "
        "corrected\n"
        "after it was rated: then the difference is issued as a supplementary invoice\n"
        "and/or a credit note naming it. Contracts held by unacknowledged blocking\n"
        "reconciliation findings, and contracts a person holds ('leaseledger invoice\n"
        "hold'), are not invoiced. With --key, usage not yet covered by a checkpoint is\n"
        "sealed first.\n\n"
        "  --period P     the service month to bill (YYYY-MM; must have ended)\n"
        "  --tenant T     only this tenant\n"
        "  --dry-run      print the drafts, write nothing\n"
        "  --hold         store the documents as drafts that wait for approval\n"
        "                 ('leaseledger invoice drafts'), as contracts with\n"
        "                 \"approval\": \"required\" always are\n"
        "  --hold-amend-above AMOUNT\n"
        "                 store a supplementary invoice or credit note whose total is\n"
        "                 above AMOUNT (in its currency, either sign) as a draft\n"
        "  --hold-amend-percent P\n"
        "                 likewise above P percent of the original invoice's total\n"
        "                 (a contract's \"amend_approval\" holds as well)\n"
        "  --as-of TIME   issue instant (RFC 3339 UTC; default now)\n"
        "  --batch N      contracts billed per transaction, 1..128 (default 128);\n"
        "                 each batch holds its tenants' logs until it commits\n"
        "  --key FILE     signing key to seal unsealed usage (else LEASELEDGER_KEY, if "
        "set)\n"
        "  --format FMT   text (default) or json (the documents' log data)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 every contract invoiced or unchanged; 1 some held (by findings,\n"
        "a person's hold or an approval threshold) or refused.\n");
}

typedef struct bill_ui {
    int json;
    json_t *docs;
} bill_ui;

static void on_doc(void *ctx, const ldg_contract_ref *c, const char *kind,
                   const json_t *data, int draft)
{
    bill_ui *ui = ctx;

    if (ui->json) {
        json_t *o = json_pack("{s:s, s:s, s:b, s:O}", "tenant", c->tenant, "kind", kind,
                              "draft", draft, "data", data);
        json_array_append_new(ui->docs, o);
        return;
    }
    printf("%s %s %s for contract %s (%s): total %s %s\n", draft ? "draft" : "issued",
           cmd_doc_kind_text(kind, data),
           json_string_value(json_object_get(data, "number")), c->contract_id, c->tenant,
           json_string_value(json_object_get(data, "total")),
           json_string_value(json_object_get(data, "currency")));
}

/*
 * Whether outcome is held by a person (said: who, since when, why, and the command that
 * releases it) or by an approval threshold (said by cmd_print_amend_held already).
 */
static int guard_held(ldg_store *st, const ldg_contract_ref *c, ldg_bill_outcome outcome,
                      const char *period)
{
    char since[LDG_TIME_BUFLEN] = "?";
    ldg_contract_hold h;
    ldg_error err;

    if (outcome != LDG_BILL_STOPPED)
        return outcome == LDG_BILL_AMEND_HELD;
    ldg_error_clear(&err);
    if (ldg_hold_get(&h, st, c->tenant_id, c->contract_id, &err) == LDG_OK && h.held) {
        ldg_time_format(since, h.held_at);
    } else { /* released meanwhile */
        snprintf(h.held_by, sizeof(h.held_by), "a person");
        h.reason[0] = '\0';
    }
    cmd_warn("contract \"%s\" period %s held by %s since %s: %s\nHINT: release it with"
             " 'leaseledger invoice release --tenant %s --contract %s --by NAME'",
             c->contract_id, period, h.held_by, since, h.reason, c->tenant,
             c->contract_id);
    return 1;
}

/* Says what happened to a contract's period; 1 when it is held. */
static int report_outcome(ldg_store *st, const bill_ui *ui, const ldg_contract_ref *c,
                          ldg_bill_outcome outcome, const char *period)
{
    if (outcome == LDG_BILL_HELD) {
        cmd_warn("contract \"%s\" period %s held: unacknowledged blocking reconciliation"
                 " findings\nHINT: see 'leaseledger reconcile --period %s --tenant %s'",
                 c->contract_id, period, period, c->tenant);
        return 1;
    }
    if (guard_held(st, c, outcome, period))
        return 1;
    if (outcome == LDG_BILL_DRAFTED && !ui->json)
        printf("drafted: contract %s (%s) period %s waits for approval (see "
               "'leaseledger invoice drafts')\n",
               c->contract_id, c->tenant, period);
    else if (outcome == LDG_BILL_AWAITING && !ui->json)
        printf("awaiting: contract %s (%s) period %s has a draft waiting for a "
               "person, or rejected, and no new usage\n",
               c->contract_id, c->tenant, period);
    else if (outcome == LDG_BILL_UNCHANGED && !ui->json)
        printf("unchanged: contract %s (%s) period %s is invoiced and has no new "
               "usage\n",
               c->contract_id, c->tenant, period);
    return 0;
}

static int parse_batch(ldg_bill_opts *bo, const char *batch)
{
    char *end;
    long n = strtol(batch, &end, 10);

    if (*end || n < 1 || n > LDG_BILL_BATCH_MAX)
        return cmd_usage_error("bill", "--batch must be 1..%d", LDG_BILL_BATCH_MAX);
    bo->batch = (int)n;
    return LDG_EXIT_OK;
}

int cmd_bill(int argc, char **argv)
{
    const char *db = NULL, *period = NULL, *tenant = NULL, *as_of = NULL, *key = NULL;
    const char *format = NULL, *amend_above = NULL, *amend_percent = NULL, *batch = NULL;
    ldg_bill_opts bo = { 0 };
    ldg_bill_memo memo = { 0 };
    bill_ui ui = { 0 };
    ldg_contract_ref *refs = NULL;
    ldg_bill_item *items = NULL;
    size_t nrefs = 0;
    ldg_signer *signer = NULL;
    ldg_period p;
    ldg_store *st;
    ldg_error err;
    int code, held = 0, billed = 0;
    const cmd_opt opts[] = { CMD_TEXT("db", db),
                             CMD_TEXT("period", period),
                             CMD_TEXT("tenant", tenant),
                             CMD_FLAG("dry-run", 0, bo.dry_run),
                             CMD_TEXT("as-of", as_of),
                             CMD_TEXT("key", key),
                             CMD_TEXT("format", format),
                             CMD_FLAG("hold", 0, bo.hold),
                             CMD_TEXT("hold-amend-above", amend_above),
                             CMD_TEXT("hold-amend-percent", amend_percent),
                             CMD_TEXT("batch", batch) };

    if ((code = cmd_options(argc, argv, "bill", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (format && cmd_parse_format(format, "text,json") < 0)
        return cmd_usage_error("bill", "--format must be text or json");
    ui.json = format && strcmp(format, "json") == 0;
    if (optind < argc)
        return cmd_usage_error("bill", "unexpected argument \"%s\"", argv[optind]);
    if (!period)
        return cmd_usage_error("bill", "--period YYYY-MM is required");
    if (batch && (code = parse_batch(&bo, batch)) != LDG_EXIT_OK)
        return code;
    ldg_error_clear(&err);
    if (ldg_period_parse(&p, period, &err) != LDG_OK)
        return cmd_usage_error("bill", "--period: %s", err.message);
    if ((code = cmd_time_now_or(&bo.as_of, as_of, "bill")) != LDG_EXIT_OK)
        return code;
    if ((code = cmd_amend_threshold(&bo.amend_hold, amend_above, amend_percent,
                                    "bill")) != LDG_EXIT_OK)
        return code;
    if (p.end > bo.as_of) {
        return cmd_failf(LDG_EXIT_DATAERR,
                         "period %s has not ended yet: it cannot be billed", period);
    }
    if (key || getenv("LEASELEDGER_KEY")) {
        signer = cmd_load_key(key, &code);
        if (!signer)
            return code;
    }
    bo.signer = signer;
    bo.memo = &memo;
    bo.on_doc = on_doc;
    bo.on_held = ui.json ? NULL : cmd_print_amend_held;
    bo.ctx = &ui;
    ui.docs = json_array();
    st = cmd_open_store(db, &code);
    if (!st)
        goto done;
    if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
        ldg_registry_contracts(&refs, &nrefs, st, tenant, &err) != LDG_OK) {
        code = cmd_fail(&err);
        goto done;
    }
    if (tenant && nrefs == 0) {
        code = cmd_failf(LDG_EXIT_REFUSED, "tenant \"%s\" has no contract", tenant);
        goto done;
    }
    if (!(items = calloc(nrefs + 1, sizeof(*items)))) {
        code = cmd_failf(LDG_EXIT_SOFTWARE, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nrefs; i++)
        if (refs[i].starts < p.end && refs[i].ends > p.start)
            items[billed++] = (ldg_bill_item){ .c = &refs[i], .p = p };
    for (size_t i = 0, k = 0; i < (size_t)billed && code == LDG_EXIT_OK; i += k) {
        ldg_code rc = ldg_bill_batch(&k, st, items + i, (size_t)billed - i, &bo, &err);

        for (size_t j = i; j < i + k; j++)
            held += report_outcome(st, &ui, items[j].c, items[j].outcome, period);
        if (rc != LDG_OK)
            code = cmd_fail(&err);
    }
    if (code == LDG_EXIT_OK && billed == 0) {
        cmd_warn("no contract covers period %s%s%s", period, tenant ? " for tenant " : "",
                 tenant ? tenant : "");
        if (tenant) /* asked to bill a tenant: nothing to bill is a refusal */
            code = LDG_EXIT_REFUSED;
    }
    if (code == LDG_EXIT_OK && ui.json) {
        json_dumpf(ui.docs, stdout, JSON_INDENT(2));
        putchar('\n');
    }
    if (code == LDG_EXIT_OK && held)
        code = LDG_EXIT_REFUSED;
done:
    ldg_bill_memo_end(&memo);
    json_decref(ui.docs);
    free(items);
    free(refs);
    ldg_store_close(st);
    ldg_signer_free(signer);
    return code;
}
