/*
 * leaseledger audit: evidence for a dispute. `bundle` and `consistency` live here;
 * `explain` and `records` are in cmd_audit_explain.c (cmd_audit.h).
 */
#include "cmd/leaseledger/cmd_audit.h"

#include "cmd/leaseledger/cmd.h"
#include "ledger/bundle.h"
#include "ledger/store/audit_store.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OLD_SIZES 16

static void audit_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger audit COMMAND [OPTIONS]\n\n"
        "Evidence for a dispute over an invoice.\n\n"
        "Commands:\n"
        "  explain      why each line of an invoice is what it is\n"
        "  records      the usage records behind it, with seq and leaf hash\n"
        "  bundle       a self-contained evidence bundle for leaseledger-verify\n"
        "  consistency  the RFC 9162 proof that an older checkpoint is a prefix of the\n"
        "               current one\n"
        "  proof        one entry's C2SP tlog-proof (inclusion in a signed "
        "checkpoint)\n\n"
        "  -h, --help   this help\n\n"
        "'leaseledger audit COMMAND --help' describes each.\n");
}

/* bundle ---------------------------------------------------------------------------- */

static void bundle_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger audit bundle --invoice NUMBER [--tenant T] --out FILE\n"
        "       leaseledger audit bundle --tenant T --from TIME --to TIME [--meter M]\n"
        "                                --out FILE\n"
        "       leaseledger audit bundle --tenant T --statement [--to D] --out FILE\n\n"
        "Writes a self-contained JSON evidence bundle (docs/bundle.md): the tenant's\n"
        "latest signed checkpoint, the operator's verifier key, the canonical bytes of\n"
        "every entry it covers and one shared multi-proof of their inclusion. For an\n"
        "invoice: the invoice (and, for a supplementary invoice or credit note, the\n"
        "documents it follows), its contract's entries and every usage record it was\n"
        "rated from, with the consistency proof from the checkpoint it was rated from.\n"
        "For a range: the tenant's usage records overlapping [FROM, TO) and its\n"
        "contract entries. For a statement: every invoice, credit note and payment of\n"
        "the tenant, which leaseledger-verify replays into the balances and open\n"
        "amounts `leaseledger statement --to D` shows. Check it with "
        "leaseledger-verify.\n\n"
        "  --invoice NUMBER  the invoice or credit note\n"
        "  --tenant T        the tenant (required for a range)\n"
        "  --from TIME       range start, RFC 3339 UTC\n"
        "  --to TIME         range end (exclusive); with --statement, the as-of day\n"
        "                    YYYY-MM-DD (default: today, UTC)\n"
        "  --statement       the tenant's documents and payments (a statement bundle)\n"
        "  --meter M         only this meter's records (range)\n"
        "  --old-size N      also prove consistency from the tenant's kept checkpoint "
        "of\n"
        "                    tree size N (repeatable)\n"
        "  --out FILE        where to write the bundle ('-': standard output)\n"
        "  --db CONNINFO     database (else DATABASE_URL, else PG* variables)\n"
        "  -q, --quiet       only errors and the result (none: the file is)\n"
        "  -h, --help        this help\n\n"
        "Exit status: 0 written; 1 unknown invoice or tenant, or not sealed yet;\n"
        "64 usage; 65 bad input; 73 cannot create FILE.\n");
}

typedef struct file_sink {
    FILE *f;
    const char *path;
} file_sink;

static ldg_code write_sink(void *ctx, const void *p, size_t n, ldg_error *err)
{
    file_sink *s = ctx;

    if (n > 0 && fwrite(p, 1, n, s->f) != n)
        return ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", s->path,
                             strerror(errno));
    return LDG_OK;
}

static int parse_size(int64_t *out, const char *text)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno || !end || *end || end == text || v < 1 || text[0] == '+' || text[0] == ' ')
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* Writes to a temporary file next to path and renames it into place on success, so
 * a failed run never leaves a truncated bundle behind. */
static int bundle_to_file(ldg_store *st, const ldg_audit_scope *scope, const char *path,
                          ldg_audit_bundle_stats *stats)
{
    file_sink sink = { .path = path };
    char *tmp = NULL;
    ldg_error err;
    int code = LDG_EXIT_OK, fd = -1;

    ldg_error_clear(&err);
    if (strcmp(path, "-") == 0) {
        sink.f = stdout;
    } else {
        size_t n = strlen(path) + sizeof(".tmp-XXXXXX");
        if (!(tmp = malloc(n))) {
            return cmd_failf(LDG_EXIT_SOFTWARE, "out of memory");
        }
        snprintf(tmp, n, "%s.tmp-XXXXXX", path);
        fd = mkstemp(tmp);
        if (fd < 0 || fchmod(fd, 0644) != 0 || !(sink.f = fdopen(fd, "wb"))) {
            cmd_warn("could not create \"%s\": %s", path, strerror(errno));
            if (fd >= 0) {
                close(fd);
                unlink(tmp);
            }
            free(tmp);
            return LDG_EXIT_CANTCREAT;
        }
    }
    if (ldg_audit_bundle(st, scope, write_sink, &sink, stats, &err) != LDG_OK)
        code = cmd_fail(&err);
    if (sink.f != stdout) {
        if (fflush(sink.f) != 0 || fsync(fileno(sink.f)) != 0) {
            if (code == LDG_EXIT_OK)
                cmd_warn("could not write \"%s\": %s", path, strerror(errno));
            code = code == LDG_EXIT_OK ? LDG_EXIT_IOERR : code;
        }
        fclose(sink.f);
        if (code == LDG_EXIT_OK && rename(tmp, path) != 0) {
            code = cmd_failf(LDG_EXIT_CANTCREAT, "could not create \"%s\": %s", path,
                             strerror(errno));
        }
        if (code != LDG_EXIT_OK)
            unlink(tmp);
        free(tmp);
    } else if (fflush(stdout) != 0 && code == LDG_EXIT_OK) {
        code = LDG_EXIT_IOERR;
    }
    return code;
}

/* The scope's other options against --invoice, --statement or a range; 0 or the exit
 * code of a usage error. */
static int bundle_scope(ldg_audit_scope *scope, const char *from, const char *to)
{
    int code;

    if (scope->invoice && (from || to || scope->meter || scope->statement))
        return cmd_usage_error("audit bundle",
                               "give either --invoice, or --tenant with --from and --to"
                               " or --statement");
    if (scope->statement) {
        if (!scope->tenant || from || scope->meter)
            return cmd_usage_error("audit bundle",
                                   "--statement takes --tenant and --to D alone");
        return cmd_day_arg(&scope->statement_day, to, "audit bundle", "--to");
    }
    if (!scope->invoice) {
        if (!scope->tenant || !from || !to)
            return cmd_usage_error("audit bundle",
                                   "give --invoice NUMBER, or --tenant, --from and --to");
        if ((code = cmd_time_now_or(&scope->from, from, "audit bundle")) != 0 ||
            (code = cmd_time_now_or(&scope->to, to, "audit bundle")) != 0)
            return code;
        if (scope->from >= scope->to)
            return cmd_usage_error("audit bundle", "--from must be before --to");
    }
    return LDG_EXIT_OK;
}

static int audit_bundle(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "invoice", required_argument, NULL, 'i' },
                                          { "tenant", required_argument, NULL, 't' },
                                          { "from", required_argument, NULL, 'F' },
                                          { "to", required_argument, NULL, 'T' },
                                          { "meter", required_argument, NULL, 'm' },
                                          { "old-size", required_argument, NULL, 'o' },
                                          { "statement", no_argument, NULL, 'S' },
                                          { "out", required_argument, NULL, 'O' },
                                          { "quiet", no_argument, NULL, 'q' },
                                          CMD_COMMON_OPTIONS,
                                          { 0 } };
    const char *db = NULL, *from = NULL, *to = NULL, *out = NULL;
    int64_t old[MAX_OLD_SIZES];
    ldg_audit_scope scope = { 0 };
    ldg_audit_bundle_stats stats;
    ldg_store *st;
    ldg_error err;
    int c, code, quiet = 0;

    cmd_getopt_reset();
    while ((c = getopt_long(argc, argv, "hvq", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'i':
            scope.invoice = optarg;
            break;
        case 't':
            scope.tenant = optarg;
            break;
        case 'F':
            from = optarg;
            break;
        case 'T':
            to = optarg;
            break;
        case 'm':
            scope.meter = optarg;
            break;
        case 'S':
            scope.statement = true;
            break;
        case 'o':
            if (scope.nold == MAX_OLD_SIZES)
                return cmd_usage_error("audit bundle", "at most %d --old-size",
                                       MAX_OLD_SIZES);
            if (parse_size(&old[scope.nold], optarg) != 0)
                return cmd_usage_error("audit bundle",
                                       "--old-size must be a tree size of at least 1, not"
                                       " \"%s\"",
                                       optarg);
            scope.nold++;
            break;
        case 'O':
            out = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        default:
            if ((code = cmd_option(c, argv, "audit bundle", bundle_usage)) != CMD_GO_ON)
                return code;
        }
    }
    if (optind < argc)
        return cmd_usage_error("audit bundle", "unexpected argument \"%s\"",
                               argv[optind]);
    if (!out)
        return cmd_usage_error("audit bundle", "--out FILE is required");
    if ((code = bundle_scope(&scope, from, to)) != LDG_EXIT_OK)
        return code;
    scope.old_sizes = old;
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    memset(&stats, 0, sizeof(stats));
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        code = bundle_to_file(st, &scope, out, &stats);
    if (code == LDG_EXIT_OK && !quiet && strcmp(out, "-") != 0)
        printf("wrote %s: tenant %s, %" PRId64 " entries (%" PRId64
               " usage records), %" PRId64 " proof hashes, %" PRId64
               " bytes, checkpoint size %" PRId64 "\n",
               out, stats.tenant, stats.entries, stats.usage, stats.nodes, stats.bytes,
               stats.checkpoint_size);
    ldg_store_close(st);
    return code;
}

/* consistency ----------------------------------------------------------------------- */

static void consistency_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger audit consistency --tenant T --old-size N [--db CONNINFO]\n\n"
        "Prints, as JSON, the RFC 9162 consistency proof from the tenant's tree of size\n"
        "N (a checkpoint the tenant kept) to its latest signed checkpoint:\n"
        "{\"checkpoint\": the latest signed note, \"new_size\", \"old_size\",\n"
        " \"proof\": [base64 hashes], \"tenant\"}. Check it offline with\n"
        "leaseledger-verify --consistency FILE --old-checkpoint KEPT --vkey VKEY.\n\n"
        "  --tenant T     the tenant\n"
        "  --old-size N   the kept checkpoint's tree size\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help     this help\n");
}

static int audit_consistency(int argc, char **argv)
{
    const char *db = NULL, *tenant = NULL, *old_text = NULL;
    int64_t old_size = 0;
    json_t *doc = NULL;
    ldg_store *st;
    ldg_error err;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("tenant", tenant),
                             CMD_TEXT("old-size", old_text) };

    if ((code = cmd_options(argc, argv, "audit consistency", consistency_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (old_text && parse_size(&old_size, old_text) != 0)
        return cmd_usage_error("audit consistency",
                               "--old-size must be a tree size of at least 1, not \"%s\"",
                               old_text);
    if (optind < argc)
        return cmd_usage_error("audit consistency", "unexpected argument \"%s\"",
                               argv[optind]);
    if (!tenant || old_size == 0)
        return cmd_usage_error("audit consistency",
                               "--tenant and --old-size are required");
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
        ldg_audit_consistency(&doc, st, tenant, old_size, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
        putchar('\n');
        if (fflush(stdout) != 0)
            code = LDG_EXIT_IOERR;
    }
    json_decref(doc);
    ldg_store_close(st);
    return code;
}

/* dispatch -------------------------------------------------------------------------- */

int cmd_audit(int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : NULL;

    if (!sub)
        return cmd_usage_error("audit", "a command is required (explain, records, bundle,"
                                        " consistency)");
    if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
        audit_usage(stdout);
        return LDG_EXIT_OK;
    }
    /* hook: `audit explain`, implemented in cmd_audit_explain.c */
    if (strcmp(sub, "explain") == 0)
        return cmd_audit_explain(argc - 1, argv + 1);
    /* hook: `audit records`, implemented in cmd_audit_explain.c */
    if (strcmp(sub, "records") == 0)
        return cmd_audit_records(argc - 1, argv + 1);
    if (strcmp(sub, "bundle") == 0)
        return audit_bundle(argc - 1, argv + 1);
    if (strcmp(sub, "consistency") == 0)
        return audit_consistency(argc - 1, argv + 1);
    /* hook: `audit proof`, implemented in cmd_audit_proof.c */
    if (strcmp(sub, "proof") == 0)
        return cmd_audit_proof(argc - 1, argv + 1);
    return cmd_usage_error("audit", "unknown command \"%s\"", sub);
}
