/* leaseledger publish: each tenant's log as C2SP tlog-tiles under a directory
 * (ledger/publish.h), for any static web server or object-store sync to serve. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/publish.h"
#include "ledger/store/publish_query.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void publish_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger publish --out DIR [--tenant T] [--db CONNINFO] [-q]\n\n"
        "Writes each tenant's log (only T's with --tenant) as C2SP tlog-tiles under\n"
        "DIR/<tenant>/: 'checkpoint' (the latest signed checkpoint, as 'leaseledger\n"
        "checkpoint' prints it), hash tiles 'tile/<L>/<N>[.p/<W>]' and entry bundles\n"
        "'tile/entries/<N>[.p/<W>]'. Incremental: only tiles that are new or grew are\n"
        "written, each to a temporary name then renamed, and the checkpoint last. DIR\n"
        "is created if missing; a symbolic link under it is refused, never followed.\n"
        "DIR/<tenant>/ holds that tenant's whole log: serve it to that tenant only\n"
        "(SECURITY.md). Tenants check it with 'leaseledger-verify monitor'.\n\n"
        "  --out DIR      the directory to publish into\n"
        "  --tenant T     only this tenant\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -q, --quiet    only errors and the result (none: the files are)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 published; 1 no checkpoint yet, or the store disagrees with its\n"
        "own checkpoint or with what DIR already holds (nothing of that tenant is\n"
        "changed past the last good file); 65 an entry too long for a bundle; 73 DIR\n"
        "cannot be created; 74 a file cannot be written; 64 usage.\n");
}

static int publish_one(ldg_store *st, int dirfd, const char *tenant, int quiet)
{
    ldg_publish_log *lg = NULL;
    ldg_publish_stats ps;
    ldg_error err;
    int code = LDG_EXIT_OK;

    ldg_error_clear(&err);
    if (ldg_publish_log_open(&lg, st, tenant, &err) != LDG_OK ||
        ldg_publish_tenant(&ps, dirfd, ldg_publish_log_source(lg), &err) != LDG_OK)
        code = cmd_fail(&err);
    else if (!quiet)
        printf("published %s: tree size %" PRIu64 " (was %" PRIu64 "), %" PRId64
               " tiles and %" PRId64 " entry bundles written, %" PRId64 " bytes\n",
               tenant, ps.size, ps.old_size, ps.tiles, ps.bundles, ps.bytes);
    ldg_publish_log_close(lg);
    return code;
}

int cmd_publish(int argc, char **argv)
{
    const char *db = NULL, *out = NULL, *tenant = NULL;
    const char **tenants = NULL;
    size_t n = 0;
    ldg_store *st;
    ldg_error err;
    int code, quiet = 0, dirfd = -1;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("out", out),
                             CMD_TEXT("tenant", tenant), CMD_FLAG("quiet", 'q', quiet) };

    if ((code = cmd_options(argc, argv, "publish", publish_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("publish", "unexpected argument \"%s\"", argv[optind]);
    if (!out)
        return cmd_usage_error("publish", "--out DIR is required");
    st = cmd_open_store_as(db, "ldg_reader", &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (ldg_publish_open_dir(&dirfd, AT_FDCWD, out, 1, &err) != LDG_OK) {
        cmd_print_error(&err);
        code = LDG_EXIT_CANTCREAT;
    } else if (tenant) {
        code = publish_one(st, dirfd, tenant, quiet);
    } else if (ldg_publish_tenants(&tenants, &n, st, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        /* every tenant is tried: one tenant's trouble does not keep the others stale */
        for (size_t i = 0; i < n; i++) {
            int c = publish_one(st, dirfd, tenants[i], quiet);

            if (code == LDG_EXIT_OK)
                code = c;
        }
    }
    free(tenants);
    if (dirfd >= 0)
        close(dirfd);
    ldg_store_close(st);
    return code;
}
