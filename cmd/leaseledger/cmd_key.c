/* leaseledger key rotate: replace the operator's signing key by a signed log entry. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/keyring.h"
#include "ledger/store/keyring_store.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger key rotate --new FILE [--key OLD] [--db CONNINFO] [-q]\n\n"
        "Replaces the operator's signing key OLD (else LEASELEDGER_KEY) by the key in\n"
        "FILE (made by 'leaseledger keygen' under the same name). In one transaction,\n"
        "appends to every tenant's log an entry of kind \"key\" naming the old and the\n"
        "new verifier key and the instant the new one is in force from, signed by the\n"
        "old key, so that a tenant who trusts only the old key can accept the new one.\n"
        "From then on 'seal' refuses OLD and signs with the new key; checkpoints signed\n"
        "before keep verifying with OLD. Running it again changes nothing. Prints the\n"
        "new C2SP verifier key on the last line. Both key files must be mode 0600 and\n"
        "owned by the user running it. See SECURITY.md.\n\n"
        "  --new FILE     the new private key\n"
        "  --key OLD      the key in force (else LEASELEDGER_KEY)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -q, --quiet    only errors and the result (the new verifier key)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 rotated (or already rotated); 1 OLD is not the key in force, or\n"
        "the new key was rotated out before; 65 the keys differ in name or are the "
        "same;\n"
        "78 a key file is missing, unreadable or unsafe.\n");
}

static void on_rotated(void *ctx, const char *tenant, int64_t seq)
{
    if (!*(const int *)ctx)
        printf("%s: rotation entry at seq %" PRId64 "\n", tenant, seq);
}

static int rotate(const char *db, const char *old_path, const char *new_path, int quiet)
{
    ldg_keyring_rotation_result r;
    ldg_signer *old = NULL, *new_key = NULL;
    ldg_verifier *new_v = NULL;
    ldg_store *st = NULL;
    char vkey[LDG_VERIFIER_KEY_MAX], when[LDG_TIME_BUFLEN];
    ldg_error err;
    int code;

    ldg_error_clear(&err);
    /* before any private key is in memory */
    if (ldg_keyring_protect_process(&err) != LDG_OK)
        return cmd_fail(&err);
    old = cmd_load_key(old_path, &code);
    if (old)
        new_key = cmd_load_key(new_path, &code);
    if (new_key && (ldg_signer_verifier(&new_v, new_key, &err) != LDG_OK ||
                    ldg_verifier_format(vkey, sizeof(vkey), new_v, &err) != LDG_OK))
        code = cmd_fail(&err);
    /* the new private key is not needed past this point: proof we hold it is enough */
    ldg_signer_free(new_key);
    if (new_v)
        st = cmd_open_store(db, &code);
    if (st) {
        if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
            ldg_keyring_rotate(&r, st, old, new_v, on_rotated, &quiet, &err) != LDG_OK) {
            code = cmd_fail(&err);
        } else {
            if (!quiet && r.already)
                printf("key \"%s\" was already rotated to id %08" PRIx32
                       " effective %s: nothing to do\n",
                       ldg_verifier_name(new_v), ldg_verifier_key_id(new_v),
                       ldg_time_format(when, r.effective));
            else if (!quiet)
                printf("key \"%s\" rotated from id %08" PRIx32 " to id %08" PRIx32
                       " in %" PRId64 " log%s, effective %s\n",
                       ldg_verifier_name(new_v), ldg_signer_key_id(old),
                       ldg_verifier_key_id(new_v), r.logs, r.logs == 1 ? "" : "s",
                       ldg_time_format(when, r.effective));
            printf("%s\n", vkey);
            code = LDG_EXIT_OK;
        }
        ldg_store_close(st);
    }
    ldg_verifier_free(new_v);
    ldg_signer_free(old);
    return code;
}

int cmd_key(int argc, char **argv)
{
    const char *db = NULL, *key = NULL, *new_path = NULL;
    int code, quiet = 0;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("key", key),
                             CMD_TEXT("new", new_path), CMD_FLAG("quiet", 'q', quiet) };

    if ((code = cmd_options(argc, argv, "key", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind >= argc)
        return cmd_usage_error("key", "missing subcommand (rotate)");
    if (strcmp(argv[optind], "rotate") != 0)
        return cmd_usage_error("key", "unknown subcommand \"%s\"", argv[optind]);
    if (optind + 1 < argc)
        return cmd_usage_error("key", "unexpected argument \"%s\"", argv[optind + 1]);
    if (!new_path || !*new_path)
        return cmd_usage_error("key", "--new FILE is required");
    return rotate(db, key, new_path, quiet);
}
