/*
 * leaseledger invoice hold | release: a person stops one contract's documents, and
 * lets them go again (ledger/store/hold_store.h; DESIGN.md "Holds").
 */
#include "cmd/leaseledger/cmd_invoice_hold.h"

#include "cmd/leaseledger/cmd.h"
#include "ledger/fixed.h"
#include "ledger/store/hold_store.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger invoice hold --tenant T --contract C --by NAME --reason "
        "TEXT\n"
        "                                [--as-of TIME] [--db CONNINFO]\n"
        "       leaseledger invoice release --tenant T --contract C --by NAME\n"
        "                                [--as-of TIME] [--db CONNINFO]\n\n"
        "hold: stops contract C's documents until a person releases it: 'bill' and\n"
        "      'nightly' issue and draft nothing for it, list it as held (with the\n"
        "      release command) and exit as for held invoices; approving one of its\n"
        "      drafts is refused. Who (NAME and the database login), when and why are\n"
        "      recorded; a contract has one hold at a time.\n"
        "release: ends the hold, recording who and when; the next run bills the\n"
        "      contract's periods as usual.\n\n"
        "  --tenant T     the contract's tenant\n"
        "  --contract C   the contract (its base id)\n"
        "  --by NAME      the person who holds or releases (1 to 200 bytes)\n"
        "  --reason TEXT  hold: why (1 to 2000 bytes), shown in every summary\n"
        "  --as-of TIME   the instant recorded (RFC 3339 UTC; default now)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 done; 1 refused (already held, not held, unknown tenant or\n"
        "contract); 64 bad arguments; see 'leaseledger --help' for the others.\n");
}

typedef struct hold_args {
    const char *db, *tenant, *contract, *by, *reason, *as_of;
} hold_args;

static int check_args(const char *verb, int operands, const hold_args *a)
{
    if (operands != 0)
        return cmd_usage_error("invoice", "%s takes no argument", verb);
    if (!a->tenant || !a->contract)
        return cmd_usage_error("invoice", "%s needs --tenant T and --contract C", verb);
    if (!a->by)
        return cmd_usage_error("invoice", "%s needs --by NAME", verb);
    if (strcmp(verb, "hold") == 0 && !a->reason)
        return cmd_usage_error("invoice", "hold needs --reason TEXT");
    if (strcmp(verb, "release") == 0 && a->reason)
        return cmd_usage_error("invoice", "release takes no --reason");
    return CMD_GO_ON;
}

static int run(ldg_store *st, const char *verb, const hold_args *a, ldg_time at)
{
    ldg_contract_hold was;
    char since[LDG_TIME_BUFLEN];
    ldg_error err;

    ldg_error_clear(&err);
    if (strcmp(verb, "hold") == 0) {
        if (ldg_hold_put(st, a->tenant, a->contract, a->by, a->reason, at, &err) !=
            LDG_OK)
            return cmd_fail(&err);
        printf("held contract %s of tenant %s (by %s): release with 'leaseledger invoice"
               " release --tenant %s --contract %s --by NAME'\n",
               a->contract, a->tenant, a->by, a->tenant, a->contract);
        return LDG_EXIT_OK;
    }
    if (ldg_hold_release(&was, st, a->tenant, a->contract, a->by, at, &err) != LDG_OK)
        return cmd_fail(&err);
    printf("released contract %s of tenant %s (by %s; held by %s since %s: %s)\n",
           a->contract, a->tenant, a->by, was.held_by,
           ldg_time_format(since, was.held_at), was.reason);
    return LDG_EXIT_OK;
}

int cmd_invoice_hold(int argc, char **argv)
{
    hold_args a = { 0 };
    ldg_store *st;
    ldg_time at;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", a.db),
                             CMD_TEXT("tenant", a.tenant),
                             CMD_TEXT("contract", a.contract),
                             CMD_TEXT("by", a.by),
                             CMD_TEXT("reason", a.reason),
                             CMD_TEXT("as-of", a.as_of) };

    /* argv[1] is the verb: getopt_long starts after it */
    if ((code = cmd_options(argc - 1, argv + 1, "invoice", usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if ((code = check_args(argv[1], argc - 1 - optind, &a)) != CMD_GO_ON)
        return code;
    if ((code = cmd_time_now_or(&at, a.as_of, "invoice")) != LDG_EXIT_OK)
        return code;
    st = cmd_open_store_as(a.db, "ldg_writer", &code);
    if (!st)
        return code;
    code = run(st, argv[1], &a, at);
    ldg_store_close(st);
    return code;
}

/* One non-negative decimal option. */
static int threshold_value(bool *has, int64_t *out, const char *text, const char *option,
                           const char *cmd)
{
    ldg_error err;

    if (!text)
        return LDG_EXIT_OK;
    ldg_error_clear(&err);
    if (ldg_fixed_parse_str(out, text, &err) != LDG_OK || *out < 0)
        return cmd_usage_error(cmd, "%s must be a non-negative decimal, like 10000.00",
                               option);
    *has = true;
    return LDG_EXIT_OK;
}

int cmd_amend_threshold(ldg_amend_threshold *out, const char *above, const char *percent,
                        const char *cmd)
{
    int code = threshold_value(&out->has_amount, &out->amount_micros, above,
                               "--hold-amend-above", cmd);

    return code == LDG_EXIT_OK ? threshold_value(&out->has_percent, &out->percent_micros,
                                                 percent, "--hold-amend-percent", cmd)
                               : code;
}

void cmd_print_amend_held(void *ctx, const ldg_contract_ref *c, ldg_period p,
                          const char *kind, const char *total, const char *currency,
                          const char *why)
{
    char per[8];

    (void)ctx;
    printf("held %s of %s %s for contract %s (%s) period %s: %s; stored as a draft "
           "(see 'leaseledger invoice drafts --tenant %s', then approve or reject it)\n",
           strcmp(kind, "credit_note") == 0 ? "credit note" : "supplementary invoice",
           total, currency, c->contract_id, c->tenant, ldg_period_format(per, p), why,
           c->tenant);
}
