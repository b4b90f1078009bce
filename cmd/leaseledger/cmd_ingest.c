/* leaseledger ingest: usage records into the tenants' logs. */
#include "cmd/leaseledger/cmd.h"
#include "ledger/store/ingest.h"
#include "ledger/store/seal.h"
#include "ledger/store/seal_ahead.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN_REJECTS 50 /* messages printed on stderr; --rejects keeps them all */

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger ingest [--db CONNINFO] [--input-format csv|ndjson]\n"
        "                          [--rejects FILE] [--seal [--key FILE]] FILE|-\n\n"
        "Appends the usage records of FILE (or standard input) to the tenants' logs,\n"
        "in chunks that each commit whole. Idempotent by (tenant, event_id): a record\n"
        "already logged is counted as a duplicate; a different record under a used\n"
        "event_id is rejected. Rejected records are reported with their line number\n"
        "and reason; the others are still appended.\n\n"
        "  --db CONNINFO      database (else DATABASE_URL, else PG* variables)\n"
        "  --input-format F   csv or ndjson (default: decided by the first line; the\n"
        "                     old spelling --format is still accepted)\n"
        "  --rejects FILE     write the rejected lines there (with the CSV header)\n"
        "  --chunk N          records per transaction (default 20000; a chunk also\n"
        "                     ends at 32 MiB of records held, about 80,000 lines)\n"
        "  --seal             then seal, as 'leaseledger seal' does: every log that\n"
        "                     grew gets one signed checkpoint. The new entries are\n"
        "                     proved against their records while the file is read,\n"
        "                     on a second connection, so that little is left at the\n"
        "                     end. Not when the file fails; rejected records do not\n"
        "                     stop it\n"
        "  --key FILE         signing key for --seal (else LEASELEDGER_KEY)\n"
        "  -q, --quiet        only errors and the result (the summary): no progress\n"
        "  -v, --verbose      show where errors were raised\n"
        "  -h, --help         this help\n\n"
        "Exit status: 0 all records accepted or duplicates (and, with --seal, sealed);\n"
        "65 some were rejected or the file cannot be read as usage; with --seal, a "
        "seal\n"
        "that fails exits as 'leaseledger seal' would; see 'leaseledger --help' for the\n"
        "others.\n");
}

typedef struct ingest_ui {
    const char *name;
    FILE *input; /* a second handle on a regular input file, to copy over-long lines */
    FILE *rejects;
    int64_t shown;
    int progress;
} ingest_ui;

static void on_header(void *ctx, const char *line, size_t len)
{
    ingest_ui *ui = ctx;

    if (ui->rejects) {
        fwrite(line, 1, len, ui->rejects);
        fputc('\n', ui->rejects);
    }
}

/* Copies an over-long rejected line from the input file, in blocks. */
static void copy_span(ingest_ui *ui, int64_t offset, int64_t len)
{
    char buf[65536];

    if (!ui->input || fseeko(ui->input, (off_t)offset, SEEK_SET) != 0)
        return;
    while (len > 0) {
        size_t want = len > (int64_t)sizeof(buf) ? sizeof(buf) : (size_t)len;
        size_t got = fread(buf, 1, want, ui->input);
        if (got == 0)
            break;
        fwrite(buf, 1, got, ui->rejects);
        len -= (int64_t)got;
    }
    fputc('\n', ui->rejects);
}

static void on_reject(void *ctx, int64_t lineno, ldg_reject_reason reason,
                      const char *message, const char *line, size_t len, int64_t offset,
                      int64_t raw_len)
{
    ingest_ui *ui = ctx;

    (void)reason;
    if (ui->shown++ < SHOWN_REJECTS) {
        if (ui->progress)
            fputs("\r\033[K", stderr);
        fprintf(stderr, "%s:%" PRId64 ": %s\n", ui->name, lineno, message);
    }
    if (ui->rejects && line) {
        fwrite(line, 1, len, ui->rejects);
        fputc('\n', ui->rejects);
    } else if (ui->rejects) {
        copy_span(ui, offset, raw_len);
    }
}

static void on_progress(void *ctx, const ldg_ingest_summary *s, int64_t bytes)
{
    ingest_ui *ui = ctx;

    if (ui->progress)
        fprintf(stderr, "\r\033[Kingest %s: %" PRId64 " records, %" PRId64 " MiB",
                ui->name, s->lines, bytes >> 20);
}

static void print_summary(const ingest_ui *ui, const ldg_ingest_summary *s)
{
    if (ui->progress)
        fputs("\r\033[K", stderr);
    if (ui->shown > SHOWN_REJECTS)
        fprintf(stderr, "... and %" PRId64 " more rejected records\n",
                ui->shown - SHOWN_REJECTS);
    printf("%s: %" PRId64 " records: %" PRId64 " accepted, %" PRId64
           " duplicates, %" PRId64 " rejected\n",
           ui->name, s->lines, s->accepted, s->duplicates, s->rejected);
    for (int r = 1; r < LDG_REJ_COUNT; r++)
        if (s->by_reason[r])
            printf("  rejected, %s: %" PRId64 "\n",
                   ldg_reject_reason_name((ldg_reject_reason)r), s->by_reason[r]);
}

static int parse_format(ldg_ingest_opts *io, const char *format)
{
    if (!format)
        return LDG_EXIT_OK;
    if (strcmp(format, "csv") == 0)
        io->format = LDG_FORMAT_CSV;
    else if (strcmp(format, "ndjson") == 0)
        io->format = LDG_FORMAT_NDJSON;
    else
        return cmd_usage_error("ingest", "--input-format must be csv or ndjson");
    return LDG_EXIT_OK;
}

static int parse_chunk(ldg_ingest_opts *io, const char *chunk)
{
    char *end;
    long n;

    if (!chunk)
        return LDG_EXIT_OK;
    n = strtol(chunk, &end, 10);
    if (*end || n < 1 || n > 1000000)
        return cmd_usage_error("ingest", "--chunk must be 1..1000000");
    io->chunk_records = (size_t)n;
    return LDG_EXIT_OK;
}

/* What --seal needs: the signer, and the thread proving entries as chunks commit. */
typedef struct ingest_seal {
    ldg_signer *signer;
    cmd_seal_ahead ahead;
} ingest_seal;

/* Seals every log that grew, taking what the thread proved; code is ingest's. */
static int seal_finish(ingest_seal *is, ldg_store *st, int quiet, int code)
{
    const ldg_seal_known *known = NULL;
    size_t nknown = 0;
    ldg_error err;
    int64_t proved = 0;
    int sealed = 0;

    if (is->ahead.sa)
        ldg_seal_ahead_finish(is->ahead.sa, &known, &nknown);
    ldg_error_clear(&err);
    if (ldg_seal_with(&sealed, &proved, st, is->signer, NULL, known, nknown,
                      cmd_print_sealed, &quiet, &err) != LDG_OK)
        return cmd_fail(&err);
    printf("%d checkpoint%s signed (%" PRId64 " entries proved while reading)\n", sealed,
           sealed == 1 ? "" : "s", proved);
    return code;
}

static void seal_cleanup(ingest_seal *is)
{
    cmd_seal_ahead_stop(&is->ahead);
    ldg_signer_free(is->signer);
}

int cmd_ingest(int argc, char **argv)
{
    const char *db = NULL, *rejects = NULL, *format = NULL, *old_format = NULL;
    const char *chunk = NULL, *key = NULL, *path;
    ldg_ingest_opts io = { 0 };
    ingest_seal is = { 0 };
    ldg_ingest_summary sum;
    ingest_ui ui = { 0 };
    ldg_store *st;
    ldg_error err;
    FILE *in;
    int code, quiet = 0, seal = 0;
    const cmd_opt opts[] = { CMD_TEXT("db", db),
                             CMD_TEXT("input-format", format),
                             CMD_TEXT("format", old_format),
                             CMD_TEXT("rejects", rejects),
                             CMD_TEXT("chunk", chunk),
                             CMD_FLAG("seal", 0, seal),
                             CMD_TEXT("key", key),
                             CMD_FLAG("quiet", 'q', quiet) };

    if ((code = cmd_options(argc, argv, "ingest", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    format = cmd_renamed_option("ingest", "input-format", format, "format", old_format);
    if ((code = parse_format(&io, format)) != LDG_EXIT_OK ||
        (code = parse_chunk(&io, chunk)) != LDG_EXIT_OK)
        return code;
    if (optind + 1 != argc)
        return cmd_usage_error("ingest",
                               "expected exactly one FILE (or - for standard input)");
    if (key && !seal)
        return cmd_usage_error("ingest", "--key is for --seal");
    if (seal && !(is.signer = cmd_load_key(key, &code)))
        return code;
    path = argv[optind];
    in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        seal_cleanup(&is);
        return cmd_failf(LDG_EXIT_NOINPUT, "could not open \"%s\": %s", path,
                         strerror(errno));
    }
    ui.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    ui.progress = !quiet && cmd_progress_wanted();
    if (rejects && !(ui.rejects = cmd_create_output(rejects))) {
        cmd_warn("could not create \"%s\": %s", rejects, strerror(errno));
        if (in != stdin)
            fclose(in);
        seal_cleanup(&is);
        return LDG_EXIT_CANTCREAT;
    }
    if (ui.rejects && in != stdin)
        ui.input = fopen(path, "rb"); /* NULL (not seekable): long lines not copied */
    io.on_header = on_header;
    io.on_reject = on_reject;
    io.on_progress = on_progress;
    io.ctx = &ui;
    st = cmd_open_store(db, &code);
    if (st && seal)
        cmd_seal_ahead_start(&is.ahead, db);
    if (is.ahead.sa) {
        io.on_commit = ldg_seal_ahead_committed;
        io.commit_ctx = is.ahead.sa;
    }
    if (st) {
        ldg_error_clear(&err);
        memset(&sum, 0, sizeof(sum));
        if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
            ldg_ingest(&sum, st, in, &io, &err) != LDG_OK) {
            if (ui.progress)
                fputs("\r\033[K", stderr);
            {
                /* name the file in front of the line the library named */
                char where[sizeof(err.where)];
                int n = snprintf(where, sizeof(where), "%s%s%s", ui.name,
                                 err.where[0] ? ": " : "", err.where);
                if (n > 0)
                    memcpy(err.where, where, sizeof(where));
            }
            code = cmd_fail(&err);
            if (sum.chunks > 0)
                cmd_warn("%" PRId64
                         " records were committed before the error; run again to"
                         " finish (duplicates are skipped)",
                         sum.accepted);
        } else {
            print_summary(&ui, &sum);
            code = sum.rejected ? LDG_EXIT_DATAERR : LDG_EXIT_OK;
            if (seal)
                code = seal_finish(&is, st, quiet, code);
        }
        ldg_store_close(st);
    }
    seal_cleanup(&is);
    if (ui.rejects && fclose(ui.rejects) != 0) {
        code = cmd_failf(LDG_EXIT_IOERR, "could not write \"%s\"", rejects);
    }
    if (ui.input)
        fclose(ui.input);
    if (in != stdin)
        fclose(in);
    return code;
}
