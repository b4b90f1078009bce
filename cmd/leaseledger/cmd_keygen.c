/* leaseledger keygen: the operator's Ed25519 signing key, or a tenant's witness key. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/cosig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger keygen --name NAME --out FILE\n"
        "       leaseledger keygen --witness NAME --out FILE\n\n"
        "Creates an Ed25519 signing key named NAME in FILE (mode 0600; an existing file\n"
        "is never overwritten) and its public key as PEM in FILE.pub. Prints the C2SP\n"
        "verifier key (NAME+KEYID+BASE64) that tenants use to check checkpoints.\n\n"
        "With --witness, the key is a tenant's witness key, which countersigns the\n"
        "operator's checkpoints ('leaseledger-verify cosign'); it prints the C2SP\n"
        "cosignature/v1 verifier key (type 0x04) that 'key witness add' registers.\n\n"
        "  --name NAME     key name: the origin prefix of every checkpoint it signs\n"
        "  --witness NAME  a witness key instead, named NAME (a URL-like name of the\n"
        "                  tenant, e.g. witness.example.com/acme)\n"
        "  --out FILE      where to write the private key\n"
        "  -h, --help      this help\n");
}

static int write_public(const char *path, const char *pem)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
    size_t n = strlen(pem);

    if (fd < 0) {
        return cmd_failf(LDG_EXIT_CANTCREAT, "could not create public key file: %s",
                         strerror(errno));
    }
    if (write(fd, pem, n) != (ssize_t)n || close(fd) != 0) {
        return cmd_failf(LDG_EXIT_IOERR, "could not write public key file: %s",
                         strerror(errno));
    }
    return LDG_EXIT_OK;
}

/* The key to publish: the operator's (type 0x01), or the witness's (0x04, cosig.h). */
static ldg_code format_vkey(char *buf, size_t size, const ldg_signer *s,
                            const ldg_verifier *v, int witness, ldg_error *err)
{
    ldg_cosig_key k;
    ldg_code rc;

    if (!witness)
        return ldg_verifier_format(buf, size, v, err);
    rc = ldg_cosig_key_of(&k, s, err);
    return rc == LDG_OK ? ldg_cosig_key_format(buf, size, &k, err) : rc;
}

int cmd_keygen(int argc, char **argv)
{
    const char *name = NULL, *out = NULL, *witness = NULL;
    ldg_signer *s = NULL;
    ldg_verifier *v = NULL;
    char vkey[512], pubpath[4096];
    char *pem = NULL;
    ldg_error err;
    int code = LDG_EXIT_OK;
    const cmd_opt opts[] = { CMD_TEXT("name", name), CMD_TEXT("out", out),
                             CMD_TEXT("witness", witness) };

    if ((code = cmd_options(argc, argv, "keygen", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("keygen", "unexpected argument \"%s\"", argv[optind]);
    if (name && witness)
        return cmd_usage_error("keygen", "give --name or --witness, not both");
    if (witness)
        name = witness;
    if (!name || !out)
        return cmd_usage_error("keygen", "--name (or --witness) and --out are required");
    if (snprintf(pubpath, sizeof(pubpath), "%s.pub", out) >= (int)sizeof(pubpath))
        return cmd_usage_error("keygen", "--out path is too long");
    ldg_error_clear(&err);
    if (ldg_signer_generate(&s, name, &err) != LDG_OK ||
        ldg_signer_verifier(&v, s, &err) != LDG_OK ||
        format_vkey(vkey, sizeof(vkey), s, v, witness != NULL, &err) != LDG_OK ||
        ldg_verifier_pem(&pem, v, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else if (access(pubpath, F_OK) == 0) {
        code = cmd_failf(LDG_EXIT_CANTCREAT,
                         "\"%s\" already exists; refusing to overwrite it", pubpath);
    } else if (ldg_signer_save(s, out, &err) != LDG_OK) {
        cmd_print_error(&err);
        code = LDG_EXIT_CANTCREAT;
    } else {
        code = write_public(pubpath, pem);
        if (code == LDG_EXIT_OK)
            printf("%s\n", vkey);
    }
    free(pem);
    ldg_verifier_free(v);
    ldg_signer_free(s);
    return code;
}
