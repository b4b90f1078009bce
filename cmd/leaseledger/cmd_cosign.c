/*
 * Countersigned checkpoints, the operator's side (issue 11): `key witness add` registers
 * a tenant's witness key in its log, `checkpoint cosign` attaches the cosignatures the
 * tenant sent back. The tenant's side is `leaseledger-verify cosign`.
 */
#include "cmd/leaseledger/cmd_cosign.h"

#include "ledger/cosig.h"
#include "ledger/store/cosig_store.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COSIG_FILE_MAX (1 << 16)

int cmd_key_witness(const char *db, const char *tenant, int argc, char **argv, int quiet)
{
    ldg_witness_added r;
    ldg_cosig_key k;
    ldg_store *st = NULL;
    char vkey[LDG_VERIFIER_KEY_MAX];
    ldg_error err;
    int code = LDG_EXIT_OK;

    if (argc < 1 || strcmp(argv[0], "add") != 0)
        return cmd_usage_error("key", "missing or unknown witness subcommand (add)");
    if (argc != 2)
        return cmd_usage_error("key", "key witness add takes exactly one VKEY");
    if (!tenant)
        return cmd_usage_error("key", "key witness add needs --tenant T");
    ldg_error_clear(&err);
    if (ldg_cosig_key_parse(&k, argv[1], &err) != LDG_OK) {
        cmd_print_error(&err);
        return LDG_EXIT_DATAERR;
    }
    st = cmd_open_store_as(db, "ldg_writer", &code);
    if (!st)
        return code;
    if (ldg_witness_add(&r, st, tenant, &k, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else if (!quiet) {
        ldg_cosig_key_format(vkey, sizeof(vkey), &k, NULL);
        if (r.already)
            printf("witness key \"%s\" (id %08" PRIx32
                   ") is already registered for tenant"
                   " %s: nothing to do\n",
                   k.name, k.id, tenant);
        else
            printf("witness key \"%s\" (id %08" PRIx32 ") registered for tenant %s at seq"
                   " %" PRId64 "; seal to sign it into the log\n",
                   k.name, k.id, tenant, r.seq);
    }
    ldg_store_close(st);
    return code;
}

static void on_attached(void *ctx, const ldg_cosig_attached *a)
{
    char when[LDG_TIME_BUFLEN];

    if (*(const int *)ctx)
        return;
    printf("cosignature by \"%s\" (id %08" PRIx32 ") at %s %s checkpoint of tree size"
           " %" PRId64 "\n",
           a->cosig.name, a->cosig.id, ldg_time_format(when, (ldg_time)a->cosig.time),
           a->already ? "was already attached to the" : "attached to the", a->size);
}

static int parse_size(int64_t *out, const char *text)
{
    char *end = NULL;
    long long v;

    *out = -1;
    if (!text)
        return LDG_EXIT_OK;
    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno || !end || *end || end == text || v < 0)
        return cmd_usage_error("checkpoint", "--size must be a tree size, not \"%s\"",
                               text);
    *out = v;
    return LDG_EXIT_OK;
}

int cmd_checkpoint_cosign(const char *db, const char *tenant, const char *size_text,
                          int argc, char **argv, int quiet)
{
    ldg_store *st = NULL;
    char *text = NULL;
    size_t len = 0;
    int64_t size = -1;
    ldg_error err;
    int code;

    if (argc != 1)
        return cmd_usage_error("checkpoint", "checkpoint cosign takes exactly one FILE");
    if (!tenant)
        return cmd_usage_error("checkpoint", "checkpoint cosign needs --tenant T");
    if ((code = parse_size(&size, size_text)) != LDG_EXIT_OK)
        return code;
    if ((code = cmd_read_file(&text, &len, argv[0], COSIG_FILE_MAX)) != LDG_EXIT_OK)
        return code;
    st = cmd_open_store_as(db, "ldg_writer", &code);
    if (st) {
        ldg_error_clear(&err);
        if (ldg_cosig_attach(st, tenant, size, text, len, on_attached, &quiet, &err) !=
            LDG_OK)
            code = cmd_fail(&err);
        ldg_store_close(st);
    }
    free(text);
    return code;
}
