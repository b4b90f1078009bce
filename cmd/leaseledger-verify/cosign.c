/*
 * leaseledger-verify cosign: the tenant's side of countersigned checkpoints (issue 11).
 * Checks the operator's checkpoint and, only when every check holds, prints one C2SP
 * cosignature/v1 line over it, signed with the tenant's witness key at the current time.
 * The operator attaches the line with `leaseledger checkpoint cosign`.
 *
 * What is checked before signing is what makes a cosignature worth anything: a witness
 * that signs whatever it is shown vouches for nothing. The check is in one function,
 * check_checkpoint(), so that what it covers is said in one place (SECURITY.md).
 */
#include "cmd/leaseledger-verify/cosign.h"

#include "cmd/leaseledger/exitcode.h"
#include "ledger/cosig.h"
#include "ledger/file.h"
#include "ledger/keyring.h"
#include "ledger/keys.h"
#include "ledger/note.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define NOTE_MAX (1 << 16)
#define VKEY_MAX 4096

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger-verify cosign DIR/TENANT|CHECKPOINT --vkey VKEY --key FILE\n"
        "                                 [--tenant T]\n\n"
        "Checks the operator's signed checkpoint (DIR/TENANT/checkpoint as 'leaseledger\n"
        "publish' writes it, or a checkpoint note file) with the operator's published\n"
        "key VKEY and, only when it holds, prints one C2SP cosignature/v1 line "
        "(Ed25519,\n"
        "timestamped now) over it, signed with the tenant's witness key FILE (made by\n"
        "'leaseledger keygen --witness'). Give the line to the operator, who attaches "
        "it\n"
        "with 'leaseledger checkpoint cosign'.\n\n"
        "Checked before signing: the checkpoint's signature by VKEY, its form, and that\n"
        "its origin is VKEY's name followed by /T (T from --tenant, else the last\n"
        "component of the path when it is a directory).\n\n"
        "  --vkey VKEY   the operator's verifier key (or a file holding it)\n"
        "  --key FILE    the tenant's witness private key (mode 0600)\n"
        "  --tenant T    the tenant the checkpoint must be for\n"
        "  -h, --help    this help\n\n"
        "Exit status: 0 the line was printed; 1 a check failed (nothing is signed);\n"
        "64 usage; 65 the checkpoint is malformed; 66 a file cannot be read; 78 a key\n"
        "is malformed, unreadable or unsafe.\n");
}

static int fail_usage(const char *msg)
{
    fprintf(stderr,
            "leaseledger-verify: cosign: %s\nTry 'leaseledger-verify cosign --help'.\n",
            msg);
    return LDG_EXIT_USAGE;
}

static void say_error(const ldg_error *err)
{
    ldg_error_print(stderr, "leaseledger-verify", err, 0);
}

/* Reads path whole (at most max bytes) into *out (free()). */
static int slurp(char **out, size_t *len, const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    ldg_error err;
    ldg_code rc;

    *out = NULL;
    if (!f) {
        fprintf(stderr, "leaseledger-verify: could not open \"%s\": %s\n", path,
                strerror(errno));
        return LDG_EXIT_NOINPUT;
    }
    ldg_error_clear(&err);
    rc = ldg_file_read(out, len, f, path, max, &err);
    fclose(f);
    if (rc == LDG_OK)
        return LDG_EXIT_OK;
    say_error(&err);
    return rc == LDG_EIO ? LDG_EXIT_NOINPUT : LDG_EXIT_DATAERR;
}

typedef struct cosign_args {
    const char *path, *vkey, *key, *tenant;
} cosign_args;

static int parse(cosign_args *a, int argc, char **argv)
{
    static const struct option opts[] = { { "vkey", required_argument, NULL, 'k' },
                                          { "key", required_argument, NULL, 'K' },
                                          { "tenant", required_argument, NULL, 't' },
                                          { "help", no_argument, NULL, 'h' },
                                          { 0 } };
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'k')
            a->vkey = optarg;
        else if (c == 'K')
            a->key = optarg;
        else if (c == 't')
            a->tenant = optarg;
        else if (c == 'h') {
            usage(stdout);
            return LDG_EXIT_OK;
        } else
            return fail_usage("unknown option");
    }
    if (optind + 1 != argc)
        return fail_usage("give exactly one DIR/TENANT or checkpoint file");
    if (!a->vkey || !a->key)
        return fail_usage("--vkey and --key are required");
    a->path = argv[optind];
    return -1;
}

/* The checkpoint file of path: path/checkpoint when path is a directory; the tenant it
 * names (its last component) into *tenant when none was given. */
static int checkpoint_path(char *out, size_t size, const char **tenant, const char *path)
{
    struct stat sb;
    const char *slash;
    size_t n = strlen(path);

    while (n > 1 && path[n - 1] == '/')
        n--;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        snprintf(out, size, "%s", path);
        return LDG_EXIT_OK;
    }
    if ((size_t)snprintf(out, size, "%.*s/checkpoint", (int)n, path) >= size)
        return fail_usage("path is too long");
    if (!*tenant) {
        static char last[256];

        for (slash = path + n; slash > path && slash[-1] != '/'; slash--)
            ;
        snprintf(last, sizeof(last), "%.*s", (int)(path + n - slash), slash);
        *tenant = last;
    }
    return LDG_EXIT_OK;
}

/*
 * Every check that must hold before the tenant signs: the note verifies with the
 * operator's key, its body is a checkpoint, its origin names that key and the tenant.
 * *body_len is the body's length. Prints each failure; LDG_EXIT_OK or 1.
 */
static int check_checkpoint(size_t *body_len, const char *note, size_t len,
                            const ldg_verifier *op, const char *tenant)
{
    ldg_verifier *const known[1] = { (ldg_verifier *)(uintptr_t)op };
    char want[LDG_KEY_NAME_MAX + 300];
    ldg_checkpoint cp;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_note_open(body_len, note, len, known, 1, &err) != LDG_OK ||
        ldg_checkpoint_parse(&cp, note, *body_len, &err) != LDG_OK) {
        printf("FAIL: %s\n", err.message);
        return LDG_EXIT_REFUSED;
    }
    snprintf(want, sizeof(want), "%s/%s", ldg_verifier_name(op), tenant ? tenant : "");
    if (tenant ? strcmp(cp.origin, want) != 0
               : strncmp(cp.origin, want, strlen(want)) != 0) {
        printf("FAIL: checkpoint origin \"%s\" is not \"%s%s\"\n", cp.origin, want,
               tenant ? "" : "TENANT");
        return LDG_EXIT_REFUSED;
    }
    fprintf(stderr, "ok: checkpoint \"%s\" at tree size %" PRIu64 " is signed by %s\n",
            cp.origin, cp.size, ldg_verifier_name(op));
    return LDG_EXIT_OK;
}

/* Signs body with the witness key in path at now and prints the line. */
static int sign_and_print(const char *key_path, const char *body, size_t body_len)
{
    char line[LDG_COSIG_LINE_MAX];
    ldg_signer *s = NULL;
    ldg_cosig c;
    ldg_error err;
    time_t now = time(NULL);

    ldg_error_clear(&err);
    if (ldg_keyring_protect_process(&err) != LDG_OK ||
        ldg_signer_load(&s, key_path, &err) != LDG_OK) {
        say_error(&err);
        return LDG_EXIT_CONFIG;
    }
    if (now < 0 || ldg_cosig_sign(&c, body, body_len, (uint64_t)now, s, &err) != LDG_OK ||
        ldg_cosig_format(line, sizeof(line), &c, &err) != LDG_OK) {
        say_error(&err);
        ldg_signer_free(s);
        return LDG_EXIT_SOFTWARE;
    }
    ldg_signer_free(s);
    if (fputs(line, stdout) == EOF || fflush(stdout) != 0)
        return LDG_EXIT_IOERR;
    return LDG_EXIT_OK;
}

int lv_cosign(int argc, char **argv)
{
    cosign_args a = { 0 };
    char path[4096];
    char *note = NULL, *vkey_text = NULL;
    size_t len = 0, vlen = 0, body_len = 0;
    ldg_verifier *op = NULL;
    ldg_error err;
    int code = parse(&a, argc, argv);

    if (code != -1)
        return code;
    code = checkpoint_path(path, sizeof(path), &a.tenant, a.path);
    if (code == LDG_EXIT_OK && !strchr(a.vkey, '+')) {
        code = slurp(&vkey_text, &vlen, a.vkey, VKEY_MAX);
        if (code == LDG_EXIT_OK)
            vkey_text[strcspn(vkey_text, "\r\n")] = '\0';
    }
    ldg_error_clear(&err);
    if (code == LDG_EXIT_OK &&
        ldg_verifier_parse(&op, vkey_text ? vkey_text : a.vkey, &err) != LDG_OK) {
        fprintf(stderr, "leaseledger-verify: --vkey: %s\n", err.message);
        code = LDG_EXIT_CONFIG;
    }
    if (code == LDG_EXIT_OK)
        code = slurp(&note, &len, path, NOTE_MAX);
    if (code == LDG_EXIT_OK)
        code = check_checkpoint(&body_len, note, len, op, a.tenant);
    if (code == LDG_EXIT_OK)
        code = sign_and_print(a.key, note, body_len);
    else if (code == LDG_EXIT_REFUSED)
        printf("REFUSED: nothing was signed\n");
    free(note);
    free(vkey_text);
    ldg_verifier_free(op);
    return code;
}
