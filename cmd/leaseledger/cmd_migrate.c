/* leaseledger migrate: apply migrations/NNNN_*.sql in order, each once. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/leaseledger/cmd.h"
#include "ledger/store/migrate.h"

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: leaseledger migrate [--db CONNINFO] [--dir DIR] [--check]\n\n"
            "Applies the numbered SQL files of DIR (default: $LEASELEDGER_MIGRATIONS, else\n"
            "the migrations/ folder of the source tree) in order, each once, each in its own\n"
            "transaction, recorded with its SHA-256. A file that changed after it was\n"
            "applied is an error naming it.\n\n"
            "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
            "  --dir DIR      folder of migrations\n"
            "  --check        apply nothing; exit 1 unless every migration is applied\n"
            "  -v, --verbose  show where errors were raised\n"
            "  -h, --help     this help\n");
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "dir", required_argument, NULL, 'D' },
                                          { "check", no_argument, NULL, 'c' },
                                          CMD_COMMON_OPTIONS,
                                          { 0 } };
    const char *db = NULL, *dir = NULL;
    int check = 0, c, code, applied = 0;
    ldg_store *st;
    ldg_error err;

    while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'D': dir = optarg; break;
        case 'c': check = 1; break;
        default:
            if ((code = cmd_option(c, argv, "migrate", usage)) != CMD_GO_ON)
                return code;
        }
    }
    if (optind < argc)
        return cmd_usage_error("migrate", "unexpected argument \"%s\"", argv[optind]);
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (check) {
        if (ldg_migrate_check(st, dir, &err) != LDG_OK)
            code = cmd_fail(&err);
        else
            printf("all migrations applied\n");
    } else if (ldg_migrate_run(&applied, st, dir, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        printf("applied %d migration%s\n", applied, applied == 1 ? "" : "s");
    }
    ldg_store_close(st);
    return code;
}
