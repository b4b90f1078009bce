/* leaseledger seal, verify and checkpoint: the signed side of the logs. */
#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_cosign.h"
#include "ledger/note.h"
#include "ledger/store/logstore.h"
#include "ledger/store/seal.h"
#include "ledger/store/verify.h"
#include "ledger/store/verify_kept.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VKEYS 16
#define MAX_KEPT  64 /* --checkpoint files */

/* seal ------------------------------------------------------------------------------ */

static void seal_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger seal [--db CONNINFO] [--key FILE] [--tenant T]\n\n"
        "For every log that grew since its last checkpoint (or only T's), extends the\n"
        "tiles and signs one checkpoint with the operator's key.\n\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  --key FILE     signing key (else LEASELEDGER_KEY)\n"
        "  --tenant T     only this tenant\n"
        "  -q, --quiet    only errors and the result (none: the exit status says it)\n"
        "  -h, --help     this help\n");
}

int cmd_seal(int argc, char **argv)
{
    const char *db = NULL, *key = NULL, *tenant = NULL;
    ldg_signer *signer;
    ldg_store *st;
    ldg_error err;
    int code, sealed = 0, quiet = 0;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("key", key),
                             CMD_TEXT("tenant", tenant), CMD_FLAG("quiet", 'q', quiet) };

    if ((code = cmd_options(argc, argv, "seal", seal_usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("seal", "unexpected argument \"%s\"", argv[optind]);
    signer = cmd_load_key(key, &code);
    if (!signer)
        return code;
    st = cmd_open_store(db, &code);
    if (st) {
        ldg_error_clear(&err);
        if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
            ldg_seal(&sealed, st, signer, tenant, cmd_print_sealed, &quiet, &err) !=
                LDG_OK)
            code = cmd_fail(&err);
        else if (!quiet)
            printf("%d checkpoint%s signed\n", sealed, sealed == 1 ? "" : "s");
        ldg_store_close(st);
    }
    ldg_signer_free(signer);
    return code;
}

/* verify ---------------------------------------------------------------------------- */

static void verify_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger verify [--db CONNINFO] [--tenant T] [--vkey VKEY]... [--key "
        "FILE]\n"
        "                          [--format table|json|csv] [--checkpoint FILE]...\n"
        "                          [--require-cosigned]\n\n"
        "Recomputes every leaf hash from the stored records, every tile, every "
        "checkpoint\n"
        "signature and root, and the consistency of each checkpoint with the one "
        "before,\n"
        "in one database snapshot. Each problem is reported with tenant, seq and what\n"
        "differs; a log shorter than its checkpoints is reported as truncated.\n\n"
        "Trusted keys: every --vkey (C2SP verifier key NAME+ID+BASE64), and the public "
        "half\n"
        "of --key FILE; with neither, the keys recorded in the database (which a "
        "database\n"
        "superuser could replace: give --vkey for an independent check).\n\n"
        "Cosignatures: every stored cosignature of a checkpoint ('checkpoint cosign') "
        "is\n"
        "checked again against the witness keys the tenant's log registers, and each\n"
        "that holds is listed (\"cosigned\"). With --require-cosigned, a log whose "
        "latest\n"
        "checkpoint carries none is a problem.\n\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  --tenant T     only this tenant\n"
        "  --checkpoint FILE  a checkpoint note someone kept (as 'leaseledger\n"
        "                 checkpoint' printed it; repeatable): the database's log of "
        "its\n"
        "                 tenant must extend it. A shorter log (rolled back, e.g. by a\n"
        "                 restore) or another root at its size (a fork) is a problem\n"
        "                 naming both checkpoints\n"
        "  --format FMT   table (default: each problem, the cosignatures, then a\n"
        "                 verdict line), json (the counts, the problems and the\n"
        "                 cosignatures) or csv (tenant,seq,problem: one row per\n"
        "                 problem, no verdict; the exit status says it)\n"
        "  --require-cosigned  each log's latest checkpoint must be cosigned\n"
        "  -q, --quiet    only errors and the result: no progress, no notes, no\n"
        "                 cosigned lines\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 everything holds; 1 a problem was found.\n");
}

typedef struct verify_ui {
    int progress;
    int json;
    int csv;
    int quiet;
    json_t *problems;
    json_t *cosigned;
} verify_ui;

static void on_cosigned(void *ctx, const char *tenant, int64_t size, const ldg_cosig *c)
{
    verify_ui *ui = ctx;
    char when[LDG_TIME_BUFLEN], id[9];

    ldg_time_format(when, (ldg_time)c->time);
    snprintf(id, sizeof(id), "%08" PRIx32, c->id);
    if (ui->progress)
        fputs("\r\033[K", stderr);
    if (ui->json)
        json_array_append_new(ui->cosigned,
                              json_pack("{s:s, s:I, s:s, s:s, s:s}", "tenant", tenant,
                                        "size", (json_int_t)size, "witness", c->name,
                                        "key_id", id, "time", when));
    else if (!ui->quiet && !ui->csv)
        printf("cosigned tenant %s size %" PRId64 ": by \"%s\" (id %s) at %s\n", tenant,
               size, c->name, id, when);
}

static void on_problem(void *ctx, const char *tenant, int64_t seq, const char *what)
{
    verify_ui *ui = ctx;

    if (ui->progress)
        fputs("\r\033[K", stderr);
    if (ui->json) {
        json_t *p = json_object();
        json_object_set_new(p, "tenant", json_string(tenant));
        json_object_set_new(p, "seq", seq >= 0 ? json_integer(seq) : json_null());
        json_object_set_new(p, "problem", json_string(what));
        json_array_append_new(ui->problems, p);
    } else if (ui->csv) {
        char seqtext[24] = "";
        if (seq >= 0)
            snprintf(seqtext, sizeof(seqtext), "%" PRId64, seq);
        cmd_csv_field(stdout, tenant);
        putchar(',');
        cmd_csv_field(stdout, seqtext);
        putchar(',');
        cmd_csv_field(stdout, what);
        putchar('\n');
    } else if (seq >= 0) {
        printf("FAIL tenant %s seq %" PRId64 ": %s\n", tenant, seq, what);
    } else {
        printf("FAIL tenant %s: %s\n", tenant, what);
    }
}

static void on_verify_progress(void *ctx, const char *tenant, int64_t done, int64_t total)
{
    verify_ui *ui = ctx;

    if (ui->progress)
        fprintf(stderr, "\r\033[Kverify %s: %" PRId64 " / %" PRId64 " entries", tenant,
                done, total);
}

static int add_vkey(ldg_verifier **keys, size_t *n, const char *text)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (*n == MAX_VKEYS)
        return cmd_usage_error("verify", "at most %d keys", MAX_VKEYS);
    if (ldg_verifier_parse(&keys[*n], text, &err) != LDG_OK) {
        cmd_print_error(&err);
        return LDG_EXIT_CONFIG;
    }
    (*n)++;
    return LDG_EXIT_OK;
}

static int key_from_signer(ldg_verifier **keys, size_t *n, const char *path)
{
    ldg_error err;
    int code;
    ldg_signer *s = cmd_load_key(path, &code);

    if (!s)
        return code;
    ldg_error_clear(&err);
    if (ldg_signer_verifier(&keys[*n], s, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        (*n)++;
    ldg_signer_free(s);
    return code;
}

/* Reads one --checkpoint FILE into kept[*n] (its buffer freed by the caller). */
static int add_kept(ldg_kept_note *kept, size_t *n, const char *path)
{
    char *data = NULL;
    size_t len = 0;
    int code;

    if (*n == MAX_KEPT)
        return cmd_usage_error("verify", "at most %d --checkpoint files", MAX_KEPT);
    if ((code = cmd_read_file(&data, &len, path, LDG_NOTE_MAX)) != LDG_EXIT_OK)
        return code;
    kept[*n].name = path;
    kept[*n].note = data;
    kept[*n].len = len;
    (*n)++;
    return LDG_EXIT_OK;
}

static void print_verify_summary(const verify_ui *ui, const ldg_verify_summary *sum,
                                 size_t nkept)
{
    if (ui->json) {
        json_t *o = json_pack(
            "{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:O, s:O}", "ok", sum->problems == 0,
            "tenants", (json_int_t)sum->tenants, "entries", (json_int_t)sum->entries,
            "tiles", (json_int_t)sum->tiles, "checkpoints", (json_int_t)sum->checkpoints,
            "kept_checkpoints_extended", (json_int_t)sum->kept_extended, "problems",
            (json_int_t)sum->problems, "findings", ui->problems, "cosignatures",
            ui->cosigned);
        json_dumpf(o, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(o);
    } else if (!ui->csv) {
        printf("%s: %" PRId64 " tenant%s, %" PRId64 " entries, %" PRId64
               " tile rows, %" PRId64 " checkpoints, ",
               sum->problems ? "FAILED" : "OK", sum->tenants,
               sum->tenants == 1 ? "" : "s", sum->entries, sum->tiles, sum->checkpoints);
        if (nkept)
            printf("%" PRId64 " of %zu kept checkpoints extended, ", sum->kept_extended,
                   nkept);
        printf("%" PRId64 " problem%s\n", sum->problems, sum->problems == 1 ? "" : "s");
    }
}

int cmd_verify(int argc, char **argv)
{
    static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
                                          { "tenant", required_argument, NULL, 't' },
                                          { "vkey", required_argument, NULL, 'V' },
                                          { "key", required_argument, NULL, 'k' },
                                          { "format", required_argument, NULL, 'f' },
                                          { "quiet", no_argument, NULL, 'q' },
                                          { "checkpoint", required_argument, NULL, 'c' },
                                          { "require-cosigned", no_argument, NULL, 'C' },
                                          CMD_COMMON_OPTIONS,
                                          { 0 } };
    const char *db = NULL;
    ldg_verifier *keys[MAX_VKEYS] = { 0 };
    ldg_kept_note kept[MAX_KEPT + 1] = { { 0 } };
    size_t nkeys = 0, nkept = 0;
    ldg_verify_opts vo = { 0 };
    ldg_verify_summary sum;
    verify_ui ui = { 0 };
    ldg_store *st = NULL;
    ldg_error err;
    int c, code = LDG_EXIT_OK, quiet = 0;

    while (code == LDG_EXIT_OK &&
           (c = getopt_long(argc, argv, "hvq", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 't':
            vo.tenant = optarg;
            break;
        case 'V':
            code = add_vkey(keys, &nkeys, optarg);
            break;
        case 'k':
            code = nkeys < MAX_VKEYS ? key_from_signer(keys, &nkeys, optarg)
                                     : LDG_EXIT_USAGE;
            break;
        case 'f': {
            int f = cmd_parse_format(optarg, "table,json,csv");
            if (f < 0)
                code = cmd_usage_error("verify", "--format must be table, json or csv");
            ui.json = f == CMD_FMT_JSON;
            ui.csv = f == CMD_FMT_CSV;
            break;
        }
        case 'q':
            quiet = 1;
            break;
        case 'c':
            code = add_kept(kept, &nkept, optarg);
            break;
        case 'C':
            vo.require_cosigned = 1;
            break;
        case 'v':
            cmd_verbose = 1;
            break;
        case 'h':
            verify_usage(stdout);
            code = -1;
            break;
        default:
            code = cmd_usage_error("verify", "unknown option \"%s\"", argv[optind - 1]);
        }
    }
    if (code == LDG_EXIT_OK && optind < argc)
        code = cmd_usage_error("verify", "unexpected argument \"%s\"", argv[optind]);
    if (code == LDG_EXIT_OK)
        st = cmd_open_store(db, &code);
    if (st) {
        ui.progress = !quiet && !ui.json && !ui.csv && cmd_progress_wanted();
        if (ui.csv)
            puts("tenant,seq,problem");
        ui.problems = json_array();
        ui.cosigned = json_array();
        ui.quiet = quiet;
        vo.cosigned = on_cosigned;
        vo.keys = keys;
        vo.nkeys = nkeys;
        if (nkeys == 0 && !quiet)
            cmd_warn(
                "note: signatures are checked with the keys recorded in the database;"
                " give --vkey for a check that does not trust it");
        vo.report = on_problem;
        vo.progress = on_verify_progress;
        vo.ctx = &ui;
        vo.kept = nkept ? kept : NULL;
        ldg_error_clear(&err);
        if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
            ldg_verify(&sum, st, &vo, &err) != LDG_OK) {
            code = cmd_fail(&err);
        } else {
            if (ui.progress)
                fputs("\r\033[K", stderr);
            print_verify_summary(&ui, &sum, nkept);
            code = sum.problems ? LDG_EXIT_REFUSED : LDG_EXIT_OK;
        }
        json_decref(ui.problems);
        json_decref(ui.cosigned);
        ldg_store_close(st);
    }
    for (size_t i = 0; i < nkeys; i++)
        ldg_verifier_free(keys[i]);
    for (size_t i = 0; i < nkept; i++)
        free((char *)(uintptr_t)kept[i].note);
    return code < 0 ? LDG_EXIT_OK : code;
}

/* checkpoint ------------------------------------------------------------------------ */

static void checkpoint_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger checkpoint [--db CONNINFO] [--tenant T] [--format "
        "text|json]\n"
        "       leaseledger checkpoint cosign --tenant T [--size N] FILE [-q]\n\n"
        "Prints the latest signed checkpoint note of tenant T (of every tenant when T\n"
        "is not given, separated by blank lines).\n\n"
        "cosign attaches the C2SP cosignature/v1 lines in FILE (what "
        "'leaseledger-verify\n"
        "cosign' printed; or the checkpoint note with them appended) to T's stored\n"
        "checkpoint: the latest, the one of tree size N, or the note's. Each line must "
        "be\n"
        "by a witness key registered for T ('key witness add'), verify over that\n"
        "checkpoint and be timed between its signing and now (5 minutes' skew allowed);\n"
        "one bad line attaches none. Bundles then carry them, and 'verify' checks them.\n"
        "Exit status: 0 attached (or already); 1 unknown tenant or checkpoint; 65 a\n"
        "line refused (malformed, unknown key, bad signature or time).\n\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  --tenant T     the tenant\n"
        "  --format FMT   text (default: the notes, byte for byte) or json (an array\n"
        "                 of {origin, size, root, note}, note being the same bytes)\n"
        "  --size N       cosign: the checkpoint of tree size N (default: the latest)\n"
        "  -q, --quiet    cosign: only errors and the result (none: the exit status)\n"
        "  -h, --help     this help\n");
}

/* A checkpoint note as JSON: its first three lines (origin, tree size, root hash) and
 * the whole note. */
static json_t *checkpoint_json(const char *note)
{
    const char *l2 = strchr(note, '\n'), *l3 = l2 ? strchr(l2 + 1, '\n') : NULL;
    const char *l4 = l3 ? strchr(l3 + 1, '\n') : NULL;
    json_t *o = json_object();

    if (!o || !l4)
        return o; /* a stored note always has its three lines: verify checks them */
    json_object_set_new(o, "origin", json_stringn(note, (size_t)(l2 - note)));
    json_object_set_new(o, "size", json_stringn(l2 + 1, (size_t)(l3 - l2 - 1)));
    json_object_set_new(o, "root", json_stringn(l3 + 1, (size_t)(l4 - l3 - 1)));
    json_object_set_new(o, "note", json_string(note));
    return o;
}

static int print_checkpoints(const char **notes, size_t n, int fmt)
{
    json_t *arr;

    if (fmt != CMD_FMT_JSON) {
        for (size_t i = 0; i < n; i++)
            printf("%s%s", i ? "\n" : "", notes[i]);
        return LDG_EXIT_OK;
    }
    arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, checkpoint_json(notes[i]));
    json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    putchar('\n');
    json_decref(arr);
    return LDG_EXIT_OK;
}

int cmd_checkpoint(int argc, char **argv)
{
    const char *db = NULL, *tenant = NULL, *format = "text", *size = NULL;
    ldg_store *st;
    ldg_error err;
    const char **notes = NULL;
    size_t n = 0;
    int code, fmt, quiet = 0;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("tenant", tenant),
                             CMD_TEXT("format", format), CMD_TEXT("size", size),
                             CMD_FLAG("quiet", 'q', quiet) };

    if ((code = cmd_options(argc, argv, "checkpoint", checkpoint_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind < argc && strcmp(argv[optind], "cosign") == 0)
        return cmd_checkpoint_cosign(db, tenant, size, argc - optind - 1,
                                     argv + optind + 1, quiet);
    if (optind < argc)
        return cmd_usage_error("checkpoint", "unexpected argument \"%s\"", argv[optind]);
    if (size || quiet)
        return cmd_usage_error("checkpoint",
                               "--size and --quiet are for checkpoint cosign");
    if ((fmt = cmd_parse_format(format, "text,json")) < 0)
        return cmd_usage_error("checkpoint", "--format must be text or json");
    st = cmd_open_store_as(db, "ldg_reader", &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    if (ldg_checkpoint_notes(&notes, &n, st, tenant, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        code = print_checkpoints(notes, n, fmt);
    free(notes);
    ldg_store_close(st);
    return code;
}
