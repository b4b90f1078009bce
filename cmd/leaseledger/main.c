/*
 * leaseledger: the billing system of record. One binary, subcommands inside; each
 * subcommand owns its options and usage text (cmd_<name>.c).
 */
#include "cmd/leaseledger/cmd.h"

#include <stdio.h>
#include <string.h>

/*
 * LeakSanitizer hooks, one per program: fontconfig, reached through cairo when a PDF or
 * chart is drawn, keeps about 1 KB it never frees (a known fontconfig behaviour, not
 * ours); everything else still counts as a leak.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

/* ...and keeps quiet about having used that suppression (stderr is for diagnostics) */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} subcommand;

static const subcommand subcommands[] = {
    { "migrate", cmd_migrate, "apply the database migrations" },
    { "keygen", cmd_keygen,
      "create the operator's signing key or a tenant's witness key" },
    { "site", cmd_site, "load a site document" },
    { "contract", cmd_contract, "load a contract or amendment" },
    { "ingest", cmd_ingest, "append usage records (CSV or NDJSON) to the tenants' logs" },
    { "seal", cmd_seal, "sign a checkpoint for every log that grew" },
    { "verify", cmd_verify, "recompute and check every log, tile and checkpoint" },
    { "checkpoint", cmd_checkpoint,
      "print a tenant's latest checkpoint; attach cosignatures" },
    { "publish", cmd_publish, "write each tenant's log as static C2SP tlog-tiles" },
    { "reconcile", cmd_reconcile, "list reconciliation findings; acknowledge one" },
    { "bill", cmd_bill, "rate and invoice the contracts of a closed period" },
    { "invoice", cmd_invoice,
      "list and show documents; drafts to approve; hold or release a contract" },
    { "payment", cmd_payment, "import bank payments, list them, assign unmatched ones" },
    { "nightly", cmd_nightly, "the batch: ingest the spool, seal, bill closed periods" },
    { "replay", cmd_replay, "re-run archived nightly runs after a restore" },
    { "report", cmd_report, "revenue and utilization reports" },
    { "export", cmd_export, "FOCUS and general-ledger journal exports" },
    { "audit", cmd_audit, "explain an invoice, list records, build evidence bundles" },
    { "key", cmd_key, "signing key rotation; a tenant's witness keys (witness add)" },
    { "statement", cmd_statement, "a tenant's statement of account" },
};

static void usage(FILE *out)
{
    fprintf(out, "Usage: leaseledger COMMAND [OPTIONS]\n"
                 "       leaseledger COMMAND --help\n\n"
                 "       leaseledger --version\n\n"
                 "The billing system of record for leased GPU capacity.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        fprintf(out, "  %-12s %s\n", subcommands[i].name, subcommands[i].summary);
    fprintf(
        out,
        "\nEvery command takes the database from --db CONNINFO, else DATABASE_URL, else\n"
        "the libpq PG* variables; the signing key from --key FILE, else "
        "LEASELEDGER_KEY.\n"
        "\nExit status:\n"
        "   0  success\n"
        "   1  refused: a rule refused, records were rejected, or verify found a "
        "problem\n"
        "  64  bad option or argument\n"
        "  65  invalid input data\n"
        "  66  input file missing or unreadable\n"
        "  69  database unavailable\n"
        "  70  internal error\n"
        "  73  cannot create output\n"
        "  74  I/O error\n"
        "  75  temporary failure (serialization): run again\n"
        "  77  permission denied by the database\n"
        "  78  configuration: no database, or unusable key\n"
        "  79-81  nightly: held invoices (by findings, a person's hold or an approval\n"
        "         threshold), failed spool files, both ('nightly --help')\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return LDG_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return LDG_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("leaseledger %s\n", LDG_VERSION);
        return LDG_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
        if (strcmp(argv[1], subcommands[i].name) == 0) {
            cmd_getopt_reset();
            return subcommands[i].run(argc - 1, argv + 1);
        }
    return cmd_failf(LDG_EXIT_USAGE, "unknown command \"%s\"\nTry 'leaseledger --help'.",
                     argv[1]);
}
