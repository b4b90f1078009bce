/* leaseledger replay: the archived nightly runs, again, after a restore. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/store/replay.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger replay --archive SPOOL [--key FILE] [--db CONNINFO] [-q]\n\n"
        "After a restore to an earlier point (docs/OPERATIONS.md, \"Back up, restore,\n"
        "replay\"): runs again, in order, every nightly run recorded in\n"
        "SPOOL/done/ARCHIVE (the manifest nightly appends to), each with its own as-of\n"
        "instant and tenant, over the very files it took (SPOOL/done/ and\n"
        "SPOOL/payments/done/, found by name and SHA-256, copied into a private\n"
        "temporary spool; SPOOL itself is only read). Entries, invoices and signed\n"
        "checkpoints are a pure function of the files and the instants, so the logs\n"
        "reach the roots they had: 'leaseledger verify --checkpoint' passes again for\n"
        "every checkpoint a tenant kept. Runs the database still holds take nothing\n"
        "again and bill nothing twice. Commands run by hand between nightly runs (an\n"
        "acknowledgement, a contract, a payment assigned) are not in the manifest:\n"
        "redo them in their place (their own log entries say when).\n\n"
        "  --archive SPOOL  the archived spool folder (a copy of the live one)\n"
        "  --key FILE       signing key (else LEASELEDGER_KEY)\n"
        "  --db CONNINFO    database (else DATABASE_URL, else PG* variables)\n"
        "  -q, --quiet      only errors and the result (one line per run)\n"
        "  -h, --help       this help\n\n"
        "Exit status: 0 every run replayed; 1 a run stopped (named, with why); 65 the\n"
        "manifest is malformed (file and line named); other codes as 'leaseledger\n"
        "--help'.\n");
}

typedef struct replay_ui {
    int quiet;
} replay_ui;

static void on_run(void *ctx, const ldg_archive_run *run, size_t index, size_t nruns,
                   const ldg_nightly_summary *s)
{
    char at[LDG_TIME_BUFLEN];

    (void)ctx;
    printf("replayed run %zu of %zu (as of %s%s%s): %zu files, %" PRId64
           " records accepted, %" PRId64 " checkpoints, %" PRId64
           " invoices issued, %" PRId64
           " supplementary invoices or credit notes, %" PRId64 " held\n",
           index + 1, nruns, ldg_time_format(at, run->as_of),
           run->tenant[0] ? ", tenant " : "", run->tenant, run->n, s->accepted,
           s->checkpoints, s->issued, s->amended, s->held);
}

static void on_event(void *ctx, ldg_nightly_event ev, const char *name,
                     const char *detail)
{
    replay_ui *ui = ctx;

    if (ev == LDG_NIGHTLY_FILE_FAILED || ev == LDG_NIGHTLY_FILE_LEFT)
        cmd_warn("replayed spool file \"%s\": %s", name ? name : "-", detail);
    else if (!ui->quiet && ev == LDG_NIGHTLY_HELD)
        printf("  held contract %s period %s\n", name, detail);
}

int cmd_replay(int argc, char **argv)
{
    const char *db = NULL, *key = NULL;
    replay_ui ui = { 0 };
    ldg_replay_opts ro = { 0 };
    ldg_signer *signer;
    ldg_store *st;
    ldg_error err;
    size_t runs = 0;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("archive", ro.archive),
                             CMD_TEXT("key", key), CMD_FLAG("quiet", 'q', ui.quiet) };

    if ((code = cmd_options(argc, argv, "replay", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("replay", "unexpected argument \"%s\"", argv[optind]);
    if (!ro.archive)
        return cmd_usage_error("replay", "--archive SPOOL is required");
    if (!key || !*key)
        key = getenv("LEASELEDGER_KEY");
    if (!(signer = cmd_load_key(key, &code)))
        return code;
    ldg_signer_free(signer);
    ro.key_path = key;
    ro.on_run = on_run;
    ro.on_event = on_event;
    ro.ctx = &ui;
    if (!(st = cmd_open_store_as(db, "ldg_writer", &code)))
        return code;
    ldg_error_clear(&err);
    if (ldg_replay(&runs, st, &ro, &err) != LDG_OK) {
        code = cmd_fail(&err);
        cmd_warn("%zu runs were replayed before it stopped; run replay again to go on"
                 " (runs already done take nothing again)",
                 runs);
    } else if (!ui.quiet) {
        printf("replay: %zu runs replayed\n", runs);
    }
    ldg_store_close(st);
    return code;
}
