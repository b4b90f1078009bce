/* leaseledger-verify proof: checks a C2SP tlog-proof (ledger/tlog_proof.h) offline. */
#include "cmd/leaseledger-verify/verify_cmds.h"
#include "cmd/leaseledger/exitcode.h"
#include "ledger/tlog_proof.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void proof_usage(FILE *out)
{
    fprintf(out,
            "Usage: leaseledger-verify proof FILE --vkey VKEY\n\n"
            "Checks a C2SP tlog-proof (c2sp.org/tlog-proof@v1) that 'leaseledger audit\n"
            "proof' printed: the checkpoint is signed by VKEY (the operator's published\n"
            "key), the entry it carries (the \"extra\" line) is the log entry of the\n"
            "checkpoint's tenant at the proof's index, and the inclusion proof takes\n"
            "that entry's leaf hash to the signed root.\n\n"
            "  --vkey VKEY    the operator's verifier key (or a file holding it)\n"
            "  -h, --help     this help\n\n"
            "Exit status: 0 the entry is in the signed log; 1 it is not proven (the\n"
            "reason printed); 64 usage; 66 FILE cannot be read; 78 VKEY malformed.\n");
}

static int usage_error(const char *msg)
{
    fprintf(stderr,
            "leaseledger-verify: proof: %s\nTry 'leaseledger-verify proof --help'.\n",
            msg);
    return LDG_EXIT_USAGE;
}

int verify_proof(int argc, char **argv)
{
    static const struct option opts[] = { { "vkey", required_argument, NULL, 'k' },
                                          { "help", no_argument, NULL, 'h' },
                                          { 0 } };
    const char *vkey = NULL, *key = NULL;
    char *owned = NULL, *text = NULL;
    size_t len = 0;
    ldg_tlog_proof_result r;
    ldg_error err;
    int c, code;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'k') {
            vkey = optarg;
        } else if (c == 'h') {
            proof_usage(stdout);
            return LDG_EXIT_OK;
        } else {
            return usage_error("unknown option");
        }
    }
    if (optind + 1 != argc || !vkey)
        return usage_error("a proof FILE and --vkey are required");
    if ((code = verify_vkey_text(&key, &owned, vkey)) != LDG_EXIT_OK)
        return code;
    code = verify_read_file(&text, &len, argv[optind], LDG_TLOG_PROOF_MAX);
    ldg_error_clear(&err);
    if (code == LDG_EXIT_OK &&
        ldg_tlog_proof_verify(&r, text, len, key, &err) == LDG_OK) {
        printf("VERIFIED: entry seq %" PRIu64 " (%s) is in the log \"%s\" of tree size "
               "%" PRIu64 ", signed by the key\n",
               r.index, r.kind, r.cp.origin, r.cp.size);
    } else if (code == LDG_EXIT_OK) {
        printf("FAIL: %s%s%s\nFAILED: the entry is not proven in the signed log\n",
               err.message, err.where[0] ? ": " : "", err.where);
        code = strstr(err.message, "invalid verifier key") ? LDG_EXIT_CONFIG
                                                           : LDG_EXIT_REFUSED;
    }
    free(text);
    free(owned);
    return code;
}
