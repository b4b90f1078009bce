/*
 * leaseledger-verify cosign: the tenant's side of countersigned checkpoints (issue 11).
 * Runs the monitor (monitor.h) over the published log and, only when every check holds,
 * prints one C2SP cosignature/v1 line over the checkpoint the monitor accepted, signed
 * with the tenant's witness key at the current time. The operator attaches the line
 * with `leaseledger checkpoint cosign`.
 *
 * What is checked before signing is what makes a cosignature worth anything: a witness
 * that signs whatever it is shown vouches for nothing. So the line is over the very note
 * the monitor verified (its result), never over a file read again afterwards, and the
 * key is loaded before the monitor runs, so that a monitor run that advanced the state
 * is never left without its cosignature by a key that cannot be read.
 */
#include "cmd/leaseledger-verify/cosign.h"

#include "cmd/leaseledger-verify/verify_cmds.h"
#include "cmd/leaseledger/exitcode.h"
#include "ledger/cosig.h"
#include "ledger/keyring.h"
#include "ledger/keys.h"
#include "ledger/monitor.h"
#include "ledger/note.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger-verify cosign DIR/TENANT --vkey VKEY --key FILE --state "
        "STATE\n"
        "                                 [-q]\n\n"
        "Runs 'leaseledger-verify monitor DIR/TENANT --vkey VKEY --state STATE' and,\n"
        "only when it passes, prints one C2SP cosignature/v1 line (Ed25519, timestamped\n"
        "now) over the checkpoint it accepted, signed with the tenant's witness key "
        "FILE\n"
        "(made by 'leaseledger keygen --witness'). Nothing is signed when the monitor\n"
        "finds a problem (a changed tile or entry, a fork or rollback, a forged\n"
        "checkpoint, an invoice that does not re-rate) or when the checkpoint's origin\n"
        "is not VKEY's name followed by /TENANT (the last component of DIR). Give the\n"
        "line to the operator, who attaches it with 'leaseledger checkpoint cosign'.\n"
        "The monitor's report goes to standard error; standard output holds the line.\n\n"
        "  --vkey VKEY    the operator's verifier key (or a file holding it)\n"
        "  --key FILE     the tenant's witness private key (mode 0600)\n"
        "  --state STATE  the monitor's state file (see 'monitor --help')\n"
        "  -q, --quiet    report only problems\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 the line was printed; 1 the monitor found a problem, or the\n"
        "origin is wrong (nothing is signed); 64 usage; 65 STATE is not a state file\n"
        "of this key; 66 DIR or STATE cannot be read; 74 STATE cannot be written; 78\n"
        "a key is malformed, unreadable or unsafe.\n");
}

static int fail_usage(const char *msg)
{
    fprintf(stderr,
            "leaseledger-verify: cosign: %s\nTry 'leaseledger-verify cosign --help'.\n",
            msg);
    return LDG_EXIT_USAGE;
}

typedef struct cosign_args {
    const char *dir, *vkey, *key, *state;
    int quiet;
} cosign_args;

static int parse(cosign_args *a, int argc, char **argv)
{
    static const struct option opts[] = { { "vkey", required_argument, NULL, 'k' },
                                          { "key", required_argument, NULL, 'K' },
                                          { "state", required_argument, NULL, 's' },
                                          { "quiet", no_argument, NULL, 'q' },
                                          { "help", no_argument, NULL, 'h' },
                                          { 0 } };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        if (c == 'k')
            a->vkey = optarg;
        else if (c == 'K')
            a->key = optarg;
        else if (c == 's')
            a->state = optarg;
        else if (c == 'q')
            a->quiet = 1;
        else if (c == 'h') {
            usage(stdout);
            return LDG_EXIT_OK;
        } else
            return fail_usage("unknown option");
    }
    if (optind + 1 != argc)
        return fail_usage("exactly one published directory DIR/<tenant> is required");
    if (!a->vkey || !a->key || !a->state)
        return fail_usage("--vkey, --key and --state are required");
    a->dir = argv[optind];
    return -1;
}

static void on_report(void *ctx, int ok, const char *what)
{
    if (!ok)
        fprintf(stderr, "FAIL: %s\n", what);
    else if (!*(const int *)ctx)
        fprintf(stderr, "ok: %s\n", what);
}

/* The origin the checkpoint must have: the operator key's name, '/', the last
 * component of dir (the tenant publish wrote it for). */
static void want_origin(char *out, size_t size, const char *key_name, const char *dir)
{
    size_t n = strlen(dir);
    const char *p;

    while (n > 1 && dir[n - 1] == '/')
        n--;
    for (p = dir + n; p > dir && p[-1] != '/'; p--)
        ;
    snprintf(out, size, "%s/%.*s", key_name, (int)(dir + n - p), p);
}

/* The accepted note's body, checked to be the tenant's checkpoint; 0 or 1 (printed). */
static int accepted_body(size_t *body_len, const ldg_monitor_result *r,
                         const ldg_verifier *op, const char *dir)
{
    ldg_verifier *const known[1] = { (ldg_verifier *)(uintptr_t)op };
    char want[LDG_KEY_NAME_MAX + 300];
    ldg_checkpoint cp;
    ldg_error err;

    ldg_error_clear(&err);
    if (!r->note ||
        ldg_note_open(body_len, r->note, strlen(r->note), known, 1, &err) != LDG_OK ||
        ldg_checkpoint_parse(&cp, r->note, *body_len, &err) != LDG_OK) {
        fprintf(stderr, "FAIL: the accepted checkpoint: %s\n",
                r->note ? err.message : "none");
        return LDG_EXIT_REFUSED;
    }
    want_origin(want, sizeof(want), ldg_verifier_name(op), dir);
    if (strcmp(cp.origin, want) != 0) {
        fprintf(stderr, "FAIL: checkpoint origin \"%s\" is not \"%s\"\n", cp.origin,
                want);
        return LDG_EXIT_REFUSED;
    }
    return LDG_EXIT_OK;
}

/* Signs body[0..len) with s at now and prints the line. */
static int sign_and_print(const ldg_signer *s, const char *body, size_t len)
{
    char line[LDG_COSIG_LINE_MAX];
    time_t now = time(NULL);
    ldg_cosig c;
    ldg_error err;

    ldg_error_clear(&err);
    if (now < 0 || ldg_cosig_sign(&c, body, len, (uint64_t)now, s, &err) != LDG_OK ||
        ldg_cosig_format(line, sizeof(line), &c, &err) != LDG_OK) {
        ldg_error_print(stderr, "leaseledger-verify", &err, 0);
        return LDG_EXIT_SOFTWARE;
    }
    if (fputs(line, stdout) == EOF || fflush(stdout) != 0)
        return LDG_EXIT_IOERR;
    return LDG_EXIT_OK;
}

/* Runs the monitor and, when it passes, signs; the exit status. */
static int monitor_then_sign(const cosign_args *a, const char *vkey, const ldg_signer *s)
{
    ldg_monitor_result r;
    ldg_verifier *op = NULL;
    size_t body_len = 0;
    ldg_error err;
    int code;

    ldg_error_clear(&err);
    if (ldg_verifier_parse(&op, vkey, &err) != LDG_OK) {
        fprintf(stderr, "leaseledger-verify: --vkey: %s\n", err.message);
        return LDG_EXIT_CONFIG;
    }
    if (ldg_monitor_run(&r, a->dir, vkey, a->state, on_report,
                        (void *)(uintptr_t)&a->quiet, &err) != LDG_OK) {
        ldg_error_print(stderr, "leaseledger-verify", &err, 0);
        code = err.code == LDG_EINVAL ? LDG_EXIT_DATAERR
               : err.code == LDG_EIO  ? LDG_EXIT_NOINPUT
                                      : LDG_EXIT_SOFTWARE;
    } else if (r.problems > 0 || r.fork) {
        fprintf(stderr,
                "REFUSED: the monitor found %" PRId64 " problem%s%s; nothing was"
                " signed\n",
                r.problems, r.problems == 1 ? "" : "s", r.fork ? " (a fork)" : "");
        code = LDG_EXIT_REFUSED;
    } else {
        code = accepted_body(&body_len, &r, op, a->dir);
        if (code == LDG_EXIT_OK)
            code = sign_and_print(s, r.note, body_len);
        if (code == LDG_EXIT_OK && !a->quiet)
            fprintf(stderr,
                    "COSIGNED: tree size %" PRIu64 " (monitored from %" PRIu64 ")\n",
                    r.size, r.kept_size);
    }
    ldg_monitor_result_cleanup(&r);
    ldg_verifier_free(op);
    return code;
}

int lv_cosign(int argc, char **argv)
{
    cosign_args a = { 0 };
    const char *vkey = NULL;
    char *owned = NULL;
    ldg_signer *s = NULL;
    ldg_error err;
    int code = parse(&a, argc, argv);

    if (code != -1)
        return code;
    code = verify_vkey_text(&vkey, &owned, a.vkey);
    ldg_error_clear(&err);
    /* before the private key is in memory: no core dump, no ptrace */
    if (code == LDG_EXIT_OK && (ldg_keyring_protect_process(&err) != LDG_OK ||
                                ldg_signer_load(&s, a.key, &err) != LDG_OK)) {
        ldg_error_print(stderr, "leaseledger-verify", &err, 0);
        code = LDG_EXIT_CONFIG;
    }
    if (code == LDG_EXIT_OK)
        code = monitor_then_sign(&a, vkey, s);
    ldg_signer_free(s);
    free(owned);
    return code;
}
