/* leaseledger audit proof: one entry's C2SP tlog-proof (ledger/tlog_proof.h). */
#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_audit.h"
#include "ledger/store/publish_query.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static void proof_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger audit proof --tenant T --seq N [--size S] [--db CONNINFO]\n\n"
        "Prints the C2SP tlog-proof (c2sp.org/tlog-proof@v1) of tenant T's log entry\n"
        "seq N: the entry itself (base64, on the \"extra\" line), its RFC 9162\n"
        "inclusion proof and the signed checkpoint of tree size S (default: the\n"
        "latest). Check it offline with 'leaseledger-verify proof FILE --vkey VKEY'.\n\n"
        "  --tenant T     the tenant\n"
        "  --seq N        the entry's seq\n"
        "  --size S       a checkpoint's tree size (default: the latest)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 printed; 1 no such tenant or checkpoint; 65 N not below the\n"
        "checkpoint's size; 64 usage.\n");
}

static int parse_int(int64_t *out, const char *text)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

int cmd_audit_proof(int argc, char **argv)
{
    const char *db = NULL, *tenant = NULL, *seq_text = NULL, *size_text = NULL;
    int64_t seq = -1, size = -1;
    ldg_buf out = { 0 };
    ldg_store *st;
    ldg_error err;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("tenant", tenant),
                             CMD_TEXT("seq", seq_text), CMD_TEXT("size", size_text) };

    if ((code = cmd_options(argc, argv, "audit proof", proof_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("audit proof", "unexpected argument \"%s\"", argv[optind]);
    if (!tenant || !seq_text)
        return cmd_usage_error("audit proof", "--tenant and --seq are required");
    if (parse_int(&seq, seq_text) != 0)
        return cmd_usage_error("audit proof", "--seq must be a seq, not \"%s\"",
                               seq_text);
    if (size_text && (parse_int(&size, size_text) != 0 || size < 1))
        return cmd_usage_error("audit proof", "--size must be a tree size, not \"%s\"",
                               size_text);
    st = cmd_open_store_as(db, "ldg_reader", &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (ldg_publish_proof(&out, st, tenant, seq, size, &err) != LDG_OK)
        code = cmd_fail(&err);
    else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0)
        code = LDG_EXIT_IOERR;
    ldg_buf_cleanup(&out);
    ldg_store_close(st);
    return code;
}
