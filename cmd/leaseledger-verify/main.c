/*
 * leaseledger-verify: checks an evidence bundle (docs/bundle.md) offline, with nothing
 * but the operator's published verifier key. Links the pure core only (no database).
 */
#include "cmd/leaseledger-verify/cosign.h"
#include "cmd/leaseledger-verify/verify_cmds.h"
#include "cmd/leaseledger/exitcode.h"
#include "ledger/bundle.h"
#include "ledger/error.h"
#include "ledger/file.h"
#include "ledger/keys.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_FILE_MAX (1 << 16)
#define VKEY_FILE_MAX 4096
#define CONS_FILE_MAX (1 << 20)

/* Every check held, but only with the bundle's own key (no --vkey): anyone can sign a
 * bundle, so a script testing $? must not take this for VERIFIED (0). The verifier's
 * own code, beside the shared ones of exitcode.h. */
#define EXIT_UNTRUSTED_KEY 2

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger-verify BUNDLE [--vkey VKEY] [--old-checkpoint FILE]\n"
        "                          [--tenant T] [--max-bytes N] [-q]\n"
        "                          [--witness WKEY]... [--require-cosigned]\n"
        "       leaseledger-verify --consistency FILE --old-checkpoint FILE --vkey "
        "VKEY\n"
        "       leaseledger-verify vkey-to-pem VKEY\n"
        "       leaseledger-verify monitor DIR --vkey VKEY --state FILE\n"
        "       leaseledger-verify cosign DIR --vkey VKEY --key FILE --state FILE\n"
        "       leaseledger-verify proof FILE --vkey VKEY\n"
        "       leaseledger-verify --version\n\n"
        "Checks an evidence bundle written by 'leaseledger audit bundle', offline:\n"
        "  - the checkpoint's signature, with VKEY (the operator's published C2SP\n"
        "    verifier key, NAME+ID+BASE64, or a file holding it); the bundle's own key\n"
        "    must then be the same. Without --vkey the bundle's own key is used, and "
        "the\n"
        "    verdict is UNTRUSTED KEY (exit 2), never VERIFIED: anyone can sign a "
        "bundle;\n"
        "  - that the checkpoint's origin and every entry name the bundle's tenant\n"
        "    (and T, when given);\n"
        "  - every entry's inclusion in the signed tree (one shared multi-proof);\n"
        "  - every consistency proof, including from a checkpoint note you kept\n"
        "    (--old-checkpoint: it must verify with the same key and be a prefix);\n"
        "  - every invoice and credit note, re-rated line by line from the bundled\n"
        "    contract and usage entries with leaseledger's own rating code;\n"
        "  - the witnesses' cosignatures the checkpoint carries (C2SP cosignature/v1):\n"
        "    each by a key given with --witness (the tenant's own cosignature/v1\n"
        "    verifier key, NAME+ID+BASE64 of type 0x04, or a file holding it) is\n"
        "    verified, others are listed unchecked. With --require-cosigned, every\n"
        "    witness given must have cosigned the checkpoint (exit 1 otherwise).\n\n"
        "With --consistency, checks instead the output of 'leaseledger audit\n"
        "consistency' against the checkpoint you kept.\n\n"
        "vkey-to-pem prints the Ed25519 public key of VKEY (or of the file holding it)\n"
        "as a PEM SubjectPublicKeyInfo, for 'openssl pkeyutl -verify -rawin -pubin\n"
        "-inkey' (docs/audit.md, \"Checking a checkpoint with openssl\").\n\n"
        "  --vkey VKEY            the operator's verifier key (or a file holding it)\n"
        "  --old-checkpoint FILE  a signed checkpoint note of the tenant you kept\n"
        "  --tenant T             the tenant the bundle must be for\n"
        "  --consistency FILE     a consistency document to check instead of a bundle\n"
        "  --max-bytes N          refuse bundles larger than N bytes (default %zu)\n"
        "  --witness WKEY         a witness key whose cosignature to check (repeatable)\n"
        "  --require-cosigned     a missing or bad --witness cosignature is a failure\n"
        "  -q, --quiet            only errors and the result (failures, verdict)\n"
        "  -h, --help             this help\n"
        "  --version              the verifier's version\n\n"
        "Exit status: 0 everything holds, with the key given by --vkey (VERIFIED);\n"
        "1 a check failed (each failure is printed with what failed); 2 every check\n"
        "holds but no --vkey was given, so the signer is unknown (UNTRUSTED KEY); 64\n"
        "usage; 65 the bundle is malformed (not a bundle, too large, truncated, nested\n"
        "too deep, numbers out of range), or vkey-to-pem's VKEY is; 66 a file cannot be\n"
        "read; 78 the key given by --vkey is malformed.\n",
        (size_t)LDG_BUNDLE_MAX_BYTES);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "leaseledger-verify: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'leaseledger-verify --help'.\n");
    return LDG_EXIT_USAGE;
}

static void print_error(const ldg_error *err)
{
    ldg_error_print(stderr, "leaseledger-verify", err, 0);
}

int verify_read_file(char **out, size_t *len, const char *path, size_t max)
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
    print_error(&err);
    return rc == LDG_EIO      ? LDG_EXIT_NOINPUT
           : rc == LDG_ERANGE ? LDG_EXIT_DATAERR
                              : LDG_EXIT_SOFTWARE;
}

int verify_vkey_text(const char **out, char **owned, const char *arg)
{
    size_t len = 0;
    int code;

    *owned = NULL;
    *out = arg;
    if (!strchr(arg, '+')) {
        code = verify_read_file(owned, &len, arg, VKEY_FILE_MAX);
        if (code != LDG_EXIT_OK)
            return code;
        if (strlen(*owned) != len) { /* not text: nothing after a NUL would be read */
            fprintf(stderr,
                    "leaseledger-verify: %s: a verifier key file holds a NUL byte\n",
                    arg);
            return LDG_EXIT_CONFIG;
        }
        (*owned)[strcspn(*owned, "\r\n")] = '\0';
        *out = *owned;
    }
    return LDG_EXIT_OK;
}

/* --vkey: read and checked before any bundle is opened. */
static int load_vkey(const char **out, char **owned, const char *arg)
{
    int code = verify_vkey_text(out, owned, arg);
    ldg_verifier *v = NULL;
    ldg_error err;

    if (code != LDG_EXIT_OK)
        return code;
    ldg_error_clear(&err);
    if (ldg_verifier_parse(&v, *out, &err) != LDG_OK) {
        fprintf(stderr, "leaseledger-verify: --vkey: %s\n", err.message);
        return LDG_EXIT_CONFIG;
    }
    ldg_verifier_free(v);
    return LDG_EXIT_OK;
}

/* vkey-to-pem VKEY: the PEM a stock openssl verifies a checkpoint with. The key is the
 * input here, so a malformed one is bad data (65), not configuration (78). */
static int vkey_to_pem(int argc, char **argv)
{
    const char *text = NULL;
    char *owned = NULL, *pem = NULL;
    ldg_verifier *v = NULL;
    ldg_error err;
    int code;

    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("Usage: leaseledger-verify vkey-to-pem VKEY\n\n"
               "Prints the Ed25519 public key of the C2SP verifier key VKEY\n"
               "(NAME+ID+BASE64, or a file holding it) as a PEM SubjectPublicKeyInfo.\n");
        return LDG_EXIT_OK;
    }
    if (argc != 2)
        return usage_error("vkey-to-pem takes exactly one verifier key");
    code = verify_vkey_text(&text, &owned, argv[1]);
    ldg_error_clear(&err);
    if (code == LDG_EXIT_OK && ldg_verifier_parse(&v, text, &err) != LDG_OK) {
        fprintf(stderr, "leaseledger-verify: vkey-to-pem: %s\n", err.message);
        code = LDG_EXIT_DATAERR;
    }
    if (code == LDG_EXIT_OK && ldg_verifier_pem(&pem, v, &err) != LDG_OK) {
        print_error(&err);
        code = LDG_EXIT_SOFTWARE;
    }
    if (code == LDG_EXIT_OK && (fputs(pem, stdout) == EOF || fflush(stdout) != 0))
        code = LDG_EXIT_IOERR;
    free(pem);
    ldg_verifier_free(v);
    free(owned);
    return code;
}

typedef struct ui {
    int quiet;
} ui;

static void on_report(void *ctx, int ok, const char *what)
{
    const ui *u = ctx;

    if (!ok)
        printf("FAIL: %s\n", what);
    else if (ok == LDG_BUNDLE_NOTE && !u->quiet)
        printf("NOTE: %s\n", what);
    else if (!u->quiet)
        printf("ok: %s\n", what);
}

/* What the verdict says of completeness (docs/bundle.md): a bundle whose documents all
 * commit to what they were rated from is complete; one with an older document is not
 * provably so, and never called complete. */
static const char *completeness(const ldg_bundle_summary *s)
{
    if (s->statement)
        return "; statement replayed; completeness not provable: a document or payment"
               " may be left out";
    if (s->incomplete > 0)
        return "; completeness not provable: an invoice predates the commitment";
    if (s->documents > 0 && s->complete == s->documents)
        return "; complete: nothing the invoices could be rated from was left out";
    return "";
}

static int check_consistency_doc(const char *path, const char *old_path, const char *vkey)
{
    char *doc = NULL, *old = NULL;
    size_t dlen = 0, olen = 0;
    ldg_error err;
    int code = verify_read_file(&doc, &dlen, path, CONS_FILE_MAX);

    if (code == LDG_EXIT_OK)
        code = verify_read_file(&old, &olen, old_path, NOTE_FILE_MAX);
    if (code == LDG_EXIT_OK) {
        ldg_error_clear(&err);
        if (ldg_bundle_verify_consistency(doc, dlen, old, olen, vkey, &err) == LDG_OK) {
            printf(
                "VERIFIED: the kept checkpoint is a prefix of the current one (RFC 9162"
                " consistency)\n");
        } else {
            printf("FAIL: %s%s%s\n", err.message, err.where[0] ? ": " : "", err.where);
            printf("FAILED: the kept checkpoint is not proven a prefix of the current "
                   "one\n");
            code = LDG_EXIT_REFUSED;
        }
    }
    free(doc);
    free(old);
    return code;
}

/* The command line. */
#define MAX_WITNESS 16
#define GO_ON       (-1) /* parse_args: the options are good, run */

typedef struct args {
    const char *vkey, *old_path, *tenant, *cons, *bundle;
    size_t max;
    ui u;
    const char *witness[MAX_WITNESS];
    char *witness_owned[MAX_WITNESS];
    size_t nwitness;
    int require_cosigned;
} args;

/* --witness: inline or in a file (verify_vkey_text), checked in the bundle verifier. */
static int add_witness(args *a, const char *arg)
{
    if (a->nwitness == MAX_WITNESS)
        return usage_error("at most %d --witness keys", MAX_WITNESS);
    if (verify_vkey_text(&a->witness[a->nwitness], &a->witness_owned[a->nwitness], arg) !=
        LDG_EXIT_OK)
        return LDG_EXIT_NOINPUT;
    a->nwitness++;
    return GO_ON;
}

static int parse_max_bytes(size_t *out, const char *text)
{
    char *end = NULL;
    unsigned long long v;

    errno = 0;
    v = strtoull(text, &end, 10);
    if (errno || !end || *end || end == text || v == 0 || text[0] == '-' ||
        v > SIZE_MAX / 2)
        return usage_error("--max-bytes must be a positive number of bytes, not \"%s\"",
                           text);
    *out = (size_t)v;
    return GO_ON;
}

/* Fills a from argv; GO_ON, or the exit code (help printed, or a usage error). */
static int parse_args(args *a, int argc, char **argv)
{
    static const struct option opts[] = { { "vkey", required_argument, NULL, 'k' },
                                          { "old-checkpoint", required_argument, NULL,
                                            'o' },
                                          { "tenant", required_argument, NULL, 't' },
                                          { "consistency", required_argument, NULL, 'c' },
                                          { "max-bytes", required_argument, NULL, 'm' },
                                          { "quiet", no_argument, NULL, 'q' },
                                          { "help", no_argument, NULL, 'h' },
                                          { "version", no_argument, NULL, 'V' },
                                          { "witness", required_argument, NULL, 'w' },
                                          { "require-cosigned", no_argument, NULL, 'C' },
                                          { 0 } };
    int c, code = GO_ON;

    opterr = 0;
    while (code == GO_ON && (c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            a->vkey = optarg;
            break;
        case 'o':
            a->old_path = optarg;
            break;
        case 't':
            a->tenant = optarg;
            break;
        case 'c':
            a->cons = optarg;
            break;
        case 'm':
            code = parse_max_bytes(&a->max, optarg);
            break;
        case 'q':
            a->u.quiet = 1;
            break;
        case 'w':
            code = add_witness(a, optarg);
            break;
        case 'C':
            a->require_cosigned = 1;
            break;
        case 'h':
            usage(stdout);
            return LDG_EXIT_OK;
        case 'V':
            printf("leaseledger-verify %s\n", LDG_VERSION);
            return LDG_EXIT_OK;
        default:
            return usage_error("unknown option \"%s\"", argv[optind - 1]);
        }
    }
    if (code != GO_ON)
        return code;
    if (a->cons) {
        if (optind < argc)
            return usage_error("unexpected argument \"%s\" with --consistency",
                               argv[optind]);
        if (!a->old_path || !a->vkey)
            return usage_error("--consistency needs --old-checkpoint and --vkey");
        return GO_ON;
    }
    if (a->require_cosigned && a->nwitness == 0)
        return usage_error("--require-cosigned needs the witness keys (--witness WKEY)");
    if (optind >= argc)
        return usage_error("a bundle file is required");
    if (optind + 1 < argc)
        return usage_error("unexpected argument \"%s\"", argv[optind + 1]);
    a->bundle = argv[optind];
    return GO_ON;
}

/* The verdict line of a bundle that was read; *sum gains a failure for a wrong tenant.
 * Failures come first: a bundle that fails is FAILED whatever the key. */
static int verdict(ldg_bundle_summary *sum, const char *tenant)
{
    if (tenant && strcmp(tenant, sum->tenant) != 0) {
        printf("FAIL: the bundle is tenant \"%s\"'s, not \"%s\"'s\n", sum->tenant,
               tenant);
        sum->failures++;
    }
    if (sum->failures > 0) {
        printf("FAILED: %" PRId64 " check%s failed\n", sum->failures,
               sum->failures == 1 ? "" : "s");
        return LDG_EXIT_REFUSED;
    }
    printf("%s: tenant %s, checkpoint tree size %" PRIu64 ", %" PRId64
           " entries (%" PRId64 " usage records), %" PRId64 " document%s with %" PRId64
           " line%s re-rated%s%s%s\n",
           sum->used_bundle_key ? "UNTRUSTED KEY" : "VERIFIED", sum->tenant,
           sum->checkpoint_size, sum->entries, sum->usage, sum->documents,
           sum->documents == 1 ? "" : "s", sum->lines, sum->lines == 1 ? "" : "s",
           completeness(sum), sum->cosigned > 0 ? "; cosigned by the given witness" : "",
           sum->used_bundle_key ? "; but checked only with the bundle's own key, which "
                                  "anyone can sign with: give --vkey with the "
                                  "operator's published key"
                                : "");
    return sum->used_bundle_key ? EXIT_UNTRUSTED_KEY : LDG_EXIT_OK;
}

static int verify_bundle(args *a)
{
    char *data = NULL, *old = NULL;
    size_t len = 0, old_len = 0;
    ldg_bundle_verify_opts vo = { 0 };
    ldg_bundle_summary sum;
    ldg_error err;
    int code = verify_read_file(&data, &len, a->bundle, a->max);

    if (code == LDG_EXIT_OK && a->old_path)
        code = verify_read_file(&old, &old_len, a->old_path, NOTE_FILE_MAX);
    if (code != LDG_EXIT_OK) {
        free(data);
        return code;
    }
    vo.vkey = a->vkey;
    vo.old_note = old;
    vo.old_note_len = old_len;
    vo.max_bytes = a->max;
    vo.report = on_report;
    vo.ctx = &a->u;
    vo.witness = a->witness;
    vo.nwitness = a->nwitness;
    vo.require_cosigned = a->require_cosigned;
    ldg_error_clear(&err);
    if (ldg_bundle_verify(&sum, data, len, &vo, &err) != LDG_OK) {
        print_error(&err);
        printf("FAILED: \"%s\" is not a readable evidence bundle\n", a->bundle);
        code = err.code == LDG_ENOMEM ? LDG_EXIT_SOFTWARE : LDG_EXIT_DATAERR;
    } else {
        code = verdict(&sum, a->tenant);
    }
    free(data);
    free(old);
    return code;
}

int main(int argc, char **argv)
{
    args a = { .max = LDG_BUNDLE_MAX_BYTES };
    char *vkey_owned = NULL;
    int code;

    /* A bundle file named vkey-to-pem is still reachable as ./vkey-to-pem. */
    if (argc >= 2 && strcmp(argv[1], "vkey-to-pem") == 0)
        return vkey_to_pem(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "cosign") == 0)
        return lv_cosign(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "monitor") == 0)
        return verify_monitor(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "proof") == 0)
        return verify_proof(argc - 1, argv + 1);
    code = parse_args(&a, argc, argv);
    if (code == GO_ON && a.vkey &&
        (code = load_vkey(&a.vkey, &vkey_owned, a.vkey)) == LDG_EXIT_OK)
        code = GO_ON;
    if (code == GO_ON)
        code = a.cons ? check_consistency_doc(a.cons, a.old_path, a.vkey)
                      : verify_bundle(&a);
    free(vkey_owned);
    for (size_t i = 0; i < a.nwitness; i++)
        free(a.witness_owned[i]);
    return code;
}
