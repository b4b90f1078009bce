/* leaseledger-verify monitor: a tenant watching its published log (ledger/monitor.h). */
#include "cmd/leaseledger-verify/verify_cmds.h"
#include "cmd/leaseledger/exitcode.h"
#include "ledger/monitor.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void monitor_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger-verify monitor DIR --vkey VKEY --state FILE [-q]\n\n"
        "Watches a tenant's log as 'leaseledger publish' wrote it (DIR is\n"
        "DIR/<tenant>, a local copy or mirror of what the operator serves), offline:\n"
        "  - the checkpoint is signed by VKEY (the operator's published key);\n"
        "  - its tree is not shorter than the one kept in FILE, and has the kept root "
        "at\n"
        "    the kept size: otherwise a fork (or a rollback), and both checkpoints are\n"
        "    printed; the tiles prove the kept tree a prefix (RFC 9162 consistency);\n"
        "  - every new entry hashes to its leaf, and every new tile to the tiles below;\n"
        "  - every new invoice and credit note re-rates, line by line, from the\n"
        "    published contract and usage entries (the evidence bundle checks).\n"
        "FILE is replaced only when all of that holds; a missing FILE starts from the\n"
        "empty tree. Only tiles and entries at or above the kept size are read, and the\n"
        "entries a new invoice was rated from.\n\n"
        "  --vkey VKEY    the operator's verifier key (or a file holding it)\n"
        "  --state FILE   the monitor's state: the checkpoint it last accepted\n"
        "  -q, --quiet    only errors and the result (problems, verdict)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 everything holds (state updated); 1 a problem was found (each\n"
        "printed; state unchanged); 64 usage; 65 FILE is not a state file of this key;\n"
        "66 DIR or FILE cannot be read; 74 FILE cannot be written; 78 VKEY malformed.\n");
}

static int usage_error(const char *msg)
{
    fprintf(stderr,
            "leaseledger-verify: monitor: %s\nTry 'leaseledger-verify monitor "
            "--help'.\n",
            msg);
    return LDG_EXIT_USAGE;
}

static void on_report(void *ctx, int ok, const char *what)
{
    if (!ok)
        printf("FAIL: %s\n", what);
    else if (!*(const int *)ctx)
        printf("ok: %s\n", what);
}

static int verdict(const ldg_monitor_result *r)
{
    if (r->fork)
        printf("FORK: the operator has shown two histories of this log; both signed"
               " checkpoints follow.\n--- kept (tree size %" PRIu64 ")\n%s--- published"
               " (tree size %" PRIu64 ")\n%s",
               r->kept_size, r->kept_note ? r->kept_note : "(none)\n", r->size,
               r->note ? r->note : "(unreadable)\n");
    if (r->problems > 0) {
        printf("FAILED: %" PRId64 " problem%s; the state is unchanged\n", r->problems,
               r->problems == 1 ? "" : "s");
        return LDG_EXIT_REFUSED;
    }
    printf("MONITORED: tree size %" PRIu64 " -> %" PRIu64 ", %" PRId64
           " new entries, %" PRId64 " document%s re-rated, %" PRId64
           " files read; state updated\n",
           r->kept_size, r->size, r->entries, r->documents, r->documents == 1 ? "" : "s",
           r->tiles);
    return LDG_EXIT_OK;
}

static int exit_of(const ldg_error *err)
{
    switch (err->code) {
    case LDG_EINVAL:
        return LDG_EXIT_DATAERR;
    case LDG_EIO:
    case LDG_ENOTFOUND:
        return strstr(err->message, "could not write") ||
                       strstr(err->message, "could not rename")
                   ? LDG_EXIT_IOERR
                   : LDG_EXIT_NOINPUT;
    default:
        return LDG_EXIT_SOFTWARE;
    }
}

int verify_monitor(int argc, char **argv)
{
    static const struct option opts[] = { { "vkey", required_argument, NULL, 'k' },
                                          { "state", required_argument, NULL, 's' },
                                          { "quiet", no_argument, NULL, 'q' },
                                          { "help", no_argument, NULL, 'h' },
                                          { 0 } };
    const char *vkey = NULL, *state = NULL, *key = NULL;
    char *owned = NULL;
    ldg_monitor_result r;
    ldg_error err;
    int c, quiet = 0, code;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        if (c == 'k')
            vkey = optarg;
        else if (c == 's')
            state = optarg;
        else if (c == 'q')
            quiet = 1;
        else if (c == 'h') {
            monitor_usage(stdout);
            return LDG_EXIT_OK;
        } else
            return usage_error("unknown option");
    }
    if (optind + 1 != argc)
        return usage_error("exactly one published directory DIR/<tenant> is required");
    if (!vkey || !state)
        return usage_error("--vkey and --state are required");
    if ((code = verify_vkey_text(&key, &owned, vkey)) != LDG_EXIT_OK)
        return code;
    ldg_error_clear(&err);
    if (ldg_monitor_run(&r, argv[optind], key, state, on_report, &quiet, &err) !=
        LDG_OK) {
        ldg_error_print(stderr, "leaseledger-verify", &err, 0);
        code = strstr(err.message, "verifier key") && !strstr(err.where, "kept")
                   ? LDG_EXIT_CONFIG
                   : exit_of(&err);
    } else {
        code = verdict(&r);
    }
    ldg_monitor_result_cleanup(&r);
    free(owned);
    return code;
}
