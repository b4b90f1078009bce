/* leaseledger nightly history: the files earlier runs took, run by run. */
#include "cmd/leaseledger/cmd_nightly_history.h"

#include "cmd/leaseledger/cmd.h"
#include "ledger/store/nightly_history.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger nightly history [--limit N] [--format table|json|csv]"
        "\n                                   [--db CONNINFO]\n\n"
        "The files the nightly runs took from the spool, newest run first: when, the\n"
        "file's name and SHA-256, and what became of its records (accepted,\n"
        "duplicates, rejected). The ledger keeps a row per file taken (none per run):\n"
        "files taken less than 30 minutes apart are one run. Files set aside in\n"
        "failed/ and runs that took no file are not recorded (their summaries are).\n\n"
        "  --limit N          the last N runs (default 10)\n"
        "  --format FORMAT    table (default), json or csv: one row per file\n"
        "  --db CONNINFO      database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help         this help\n\n"
        "Exit status: 0; other codes as 'leaseledger --help'.\n");
}

static void print_csv(const ldg_nightly_file *f, const char *taken)
{
    printf("%" PRId64 ",%s,", f->run, taken);
    cmd_csv_field(stdout, f->name);
    printf(",%s,%" PRId64 ",%" PRId64 ",%" PRId64 "\n", f->sha256, f->accepted,
           f->duplicates, f->rejected);
}

static json_t *file_json(const ldg_nightly_file *f, const char *taken)
{
    return json_pack("{sI,ss,ss,ss,sI,sI,sI}", "run", (json_int_t)f->run, "taken", taken,
                     "file", f->name, "sha256", f->sha256, "accepted",
                     (json_int_t)f->accepted, "duplicates", (json_int_t)f->duplicates,
                     "rejected", (json_int_t)f->rejected);
}

/* A line per run ("run 3, 2026-12-02T02:00:05Z: 2 files"), then its files. */
static void print_table(const ldg_nightly_files *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        const ldg_nightly_file *f = &fs->items[i];
        char taken[LDG_TIME_BUFLEN];
        size_t k = i;

        if (i == 0 || fs->items[i - 1].run != f->run) {
            while (k < fs->n && fs->items[k].run == f->run)
                k++;
            printf("%srun %" PRId64 ", %s: %zu file%s taken\n", i ? "\n" : "", f->run,
                   ldg_time_format(taken, f->taken), k - i, k - i == 1 ? "" : "s");
            printf("  %-20s %12s %12s %12s  %-16s %s\n", "TAKEN", "ACCEPTED",
                   "DUPLICATES", "REJECTED", "SHA256", "FILE");
        }
        printf("  %-20s %12" PRId64 " %12" PRId64 " %12" PRId64 "  %.16s ",
               ldg_time_format(taken, f->taken), f->accepted, f->duplicates, f->rejected,
               f->sha256);
        for (const char *p = f->name; *p; p++) /* a producer's name: no control bytes */
            putchar((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
        putchar('\n');
    }
    if (fs->n == 0)
        printf("no spool file taken yet\n");
}

static void print_history(const ldg_nightly_files *fs, int fmt)
{
    json_t *arr = fmt == CMD_FMT_JSON ? json_array() : NULL;

    if (fmt == CMD_FMT_TABLE) {
        print_table(fs);
        return;
    }
    if (fmt == CMD_FMT_CSV)
        printf("run,taken,file,sha256,accepted,duplicates,rejected\n");
    for (size_t i = 0; i < fs->n; i++) {
        char taken[LDG_TIME_BUFLEN];

        ldg_time_format(taken, fs->items[i].taken);
        if (arr)
            json_array_append_new(arr, file_json(&fs->items[i], taken));
        else
            print_csv(&fs->items[i], taken);
    }
    if (arr) {
        json_dumpf(arr, stdout, JSON_INDENT(2));
        putchar('\n');
        json_decref(arr);
    }
}

int cmd_nightly_history(int argc, char **argv)
{
    const char *db = NULL, *limit = NULL, *format = NULL;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("limit", limit),
                             CMD_TEXT("format", format) };
    ldg_nightly_files fs;
    ldg_store *st;
    ldg_error err;
    long long runs = 10;
    char *end = NULL;
    int fmt, code;

    if ((code = cmd_options(argc, argv, "nightly history", usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("nightly history", "unexpected argument \"%s\"",
                               argv[optind]);
    if ((fmt = cmd_parse_format(format ? format : "table", "table,json,csv")) < 0)
        return cmd_usage_error("nightly history", "--format must be table, json or csv");
    if (limit &&
        ((runs = strtoll(limit, &end, 10)) < 1 || *end || end == limit || runs > 1000000))
        return cmd_usage_error("nightly history",
                               "--limit must be a number of runs from 1 to 1000000");
    if (!(st = cmd_open_store_as(db, "ldg_reader", &code)))
        return code;
    ldg_error_clear(&err);
    code = LDG_EXIT_OK;
    if (ldg_nightly_history(&fs, st, runs, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        print_history(&fs, fmt);
    ldg_nightly_files_cleanup(&fs);
    ldg_store_close(st);
    return code;
}
