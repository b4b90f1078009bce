/* leaseledger migrate: apply migrations/NNNN_*.sql in order, each once. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/store/migrate.h"

#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger migrate [--db CONNINFO] [--dir DIR] [--check]\n\n"
        "Applies the numbered SQL migrations in order, each once, each in its own\n"
        "transaction, recorded with its SHA-256: those of DIR when given (or of\n"
        "$LEASELEDGER_MIGRATIONS), else the copy built into this program. A file that\n"
        "changed after it was applied is an error naming it.\n\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  --dir DIR      folder of migrations (default: the built-in copy)\n"
        "  --check        apply nothing; exit 1 unless every migration is applied\n"
        "  -v, --verbose  show where errors were raised\n"
        "  -h, --help     this help\n");
}

int cmd_migrate(int argc, char **argv)
{
    const char *db = NULL, *dir = NULL;
    int check = 0, code, applied = 0;
    ldg_store *st;
    ldg_error err;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("dir", dir),
                             CMD_FLAG("check", 0, check) };

    if ((code = cmd_options(argc, argv, "migrate", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
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
