/* leaseledger nightly: the billing batch. */
#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_invoice_hold.h"
#include "cmd/leaseledger/cmd_nightly_history.h"
#include "cmd/leaseledger/nightly_figures.h"
#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/store/nightly.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger nightly [--spool DIR] [--as-of TIME] [--hold] [--dry-run]"
        "\n                           [--tenant T] [--db CONNINFO] [--key FILE]\n"
        "                           [--summary-json FILE] [--metrics FILE]\n"
        "                           [--hold-amend-above AMOUNT] [--hold-amend-percent "
        "P]\n"
        "       leaseledger nightly history [--limit N] [--format table|json|csv]\n\n"
        "The batch: ingests every new file of the spool (each taken once, by content;\n"
        "a file that cannot be read, and anything that is not a regular file, is moved\n"
        "to DIR/failed/ with its error and does not stop the others; rejected records\n"
        "go to DIR/rejected/; nothing is overwritten), seals, bills every\n"
        "period that has closed (originals; and for periods that received late or\n"
        "corrected usage, a supplementary invoice and/or credit note), seals again and\n"
        "prints a summary. A second run started meanwhile waits for the first. Killed "
        "at\n"
        "any instant, the next run finishes the work; invoice numbers stay gapless.\n\n"
        "  --spool DIR    folder of usage files (CSV or NDJSON); bank files (payments\n"
        "                 CSV or camt.053) go in DIR/payments/\n"
        "  --as-of TIME   bill periods ended by TIME, issued at TIME (default now)\n"
        "  --hold         store every document as a draft that waits for approval\n"
        "                 ('leaseledger invoice drafts'), as contracts with\n"
        "                 \"approval\": \"required\" always are\n"
        "  --dry-run      show what the run would do (files it would take, each\n"
        "                 rejected record's reason, documents it would issue or hold,\n"
        "                 findings, the summary and exit status) and write nothing:\n"
        "                 the work is done in a transaction that is rolled back, the\n"
        "                 spool is only read (no directory made, no file moved or\n"
        "                 written), and nothing is signed (no key needed: the summary\n"
        "                 counts the checkpoints the run would sign). Documents of one\n"
        "                 series issued in one run all show that series' next number\n");
    fprintf(
        out,
        "  --tenant T     seal, bill, and report the warnings and overdue totals of\n"
        "                 tenant T only; spool files are still taken whole, whoever's\n"
        "                 records they hold (the others' wait, unsealed and unbilled,\n"
        "                 for the next run over every tenant)\n"
        "  --summary-json FILE  after the run, whatever its outcome, its figures as\n"
        "                 one JSON object (files, records, checkpoints, documents,\n"
        "                 findings by severity, payments, overdue, duration, exit\n"
        "                 status), replacing FILE atomically\n"
        "  --metrics FILE the same figures in the Prometheus text format, for\n"
        "                 node_exporter's textfile collector (atomically; with\n"
        "                 leaseledger_nightly_last_success_timestamp_seconds kept from\n"
        "                 the file it replaces when this run did not succeed)\n"
        "  --hold-amend-above AMOUNT\n"
        "                 store a supplementary invoice or credit note whose total is\n"
        "                 above AMOUNT (in its currency, either sign) as a draft, and\n"
        "                 count it as held\n"
        "  --hold-amend-percent P\n"
        "                 likewise above P percent of the original invoice's total\n"
        "                 (a contract's \"amend_approval\" holds as well)\n"
        "  --db CONNINFO  database (else DATABASE_URL, else PG* variables)\n"
        "  --key FILE     signing key (else LEASELEDGER_KEY)\n"
        "  -q, --quiet    only errors and the result (the summary and what needs a\n"
        "                 person)\n"
        "  -h, --help     this help\n\n"
        "Exit status: 0 done: nothing held, every file taken (warnings never change\n"
        "it); 79 done, but some invoices are held: by blocking reconciliation findings\n"
        "(each printed with the commands to see and acknowledge them), by a person\n"
        "('leaseledger invoice hold'; printed with the release command) or, for a\n"
        "supplementary invoice or credit note, by an approval threshold (stored as a\n"
        "draft: 'leaseledger invoice drafts'); 80 done, but\n"
        "some spool files failed or were left for the next run; 81 both; 75 another\n"
        "run kept the lock too long; 78 nothing done: the spool is unsafe (DIR a\n"
        "symbolic link, or DIR/done, failed or rejected not a directory of this\n"
        "user's that no one else can write); other codes as 'leaseledger --help'.\n"
        "A dry run exits with the code the run would have.\n\n"
        "Warnings acknowledged with 'leaseledger reconcile ack ID --reason R' are\n"
        "neither printed nor counted again. 'nightly history --help': the runs so "
        "far.\n");
}

typedef struct nightly_ui {
    int quiet;
    int64_t blocking; /* blocking findings reported (the figures' "block" count) */
    int dry;          /* --dry-run: say "would" */
} nightly_ui;

/* Spool file names and parse errors are the producers' bytes: none may drive the
 * terminal. */
static void put_clean(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* leaseledger: spool file "NAME" PLACE: DETAIL */
static void file_line(const char *name, const char *place, const char *detail)
{
    fputs("leaseledger: spool file \"", stderr);
    put_clean(stderr, name);
    fprintf(stderr, "\" %s: ", place);
    put_clean(stderr, detail);
    fputc('\n', stderr);
}

static void on_event(void *ctx, ldg_nightly_event ev, const char *name,
                     const char *detail)
{
    nightly_ui *ui = ctx;

    switch (ev) {
    case LDG_NIGHTLY_FILE_TAKEN:
        if (!ui->quiet) {
            fputs(ui->dry ? "would ingest " : "ingested ", stdout);
            put_clean(stdout, name);
            printf(": %s\n", detail);
        }
        break;
    case LDG_NIGHTLY_FILE_FAILED:
        file_line(name,
                  ui->dry ? "would be set aside in failed/" : "set aside in failed/",
                  detail);
        break;
    case LDG_NIGHTLY_FILE_LEFT:
        if (name)
            file_line(name, "left in the spool", detail);
        else
            cmd_warn("spool: %s", detail);
        break;
    case LDG_NIGHTLY_FILE_ALREADY:
        if (!ui->quiet) {
            fputs(ui->dry ? "would skip " : "skipped ", stdout);
            put_clean(stdout, name);
            fputs(": already ingested\n", stdout);
        }
        break;
    case LDG_NIGHTLY_REJECT_LINE:
        fputs("  would reject from ", stdout);
        put_clean(stdout, name);
        fputs(": ", stdout);
        put_clean(stdout, detail);
        putchar('\n');
        break;
    case LDG_NIGHTLY_HELD:
        printf("%s contract %s period %s by blocking reconciliation findings (see "
               "'leaseledger reconcile --period %s'; after checking, release with "
               "'leaseledger reconcile ack ID --reason R'):\n",
               ui->dry ? "would hold" : "held", name, detail, detail);
        break;
    case LDG_NIGHTLY_BLOCKING:
        ui->blocking++;
        printf("  block %s: ", name);
        put_clean(stdout, detail);
        putchar('\n');
        break;
    case LDG_NIGHTLY_REJECTS:
        fputs("rejected records of ", stdout);
        put_clean(stdout, name);
        fputs(": lines in ", stdout);
        put_clean(stdout, detail);
        fputs(".rejects, reasons in ", stdout);
        put_clean(stdout, detail);
        fputs(".reasons\n", stdout);
        break;
    case LDG_NIGHTLY_WARNING:
        printf("warning %s: ", name);
        put_clean(stdout, detail);
        putchar('\n');
        break;
    case LDG_NIGHTLY_DRAFTED:
        if (!ui->quiet)
            printf("%s contract %s period %s: waits for approval (see 'leaseledger "
                   "invoice drafts')\n",
                   ui->dry ? "would draft" : "drafted", name, detail);
        break;
    case LDG_NIGHTLY_STOPPED:
        printf("held contract %s by a person: ", name);
        put_clean(stdout, detail);
        putchar('\n');
        break;
    case LDG_NIGHTLY_WAITING:
        cmd_warn("another nightly run is in progress; waiting for it");
        break;
    }
}

static void on_doc(void *ctx, const ldg_contract_ref *c, const char *kind,
                   const json_t *data, int draft)
{
    nightly_ui *ui = ctx;

    (void)draft;
    if (!ui->quiet)
        printf("%s %s %s to %s (contract %s, period %s): %s %s\n",
               ui->dry ? "would issue" : "issued", cmd_doc_kind_text(kind, data),
               json_string_value(json_object_get(data, "number")), c->tenant,
               c->contract_id, json_string_value(json_object_get(data, "period")),
               json_string_value(json_object_get(data, "total")),
               json_string_value(json_object_get(data, "currency")));
}

/* "overdue USD 126087639.19, EUR 10.00" (or "overdue none"): what the morning asks first.
 */
static void print_overdue(const ldg_nightly_summary *s)
{
    printf("nightly: overdue");
    if (s->noverdue == 0)
        printf(" none");
    for (size_t k = 0; k < s->noverdue; k++) {
        char amount[LDG_FIXED_BUFLEN];
        int digits = ldg_contract_currency_digits(s->overdue[k].currency);

        /* open amounts are whole minor units: documents and payments are */
        printf("%s %s %s", k ? "," : "", s->overdue[k].currency,
               digits < 0 ? "?" : ldg_fixed_format(amount, s->overdue[k].micros, digits));
    }
    putchar('\n');
}

/* Held invoices and files not taken each have their own code, so a script can tell
 * which needs a person; warnings never change it. */
static int nightly_exit(const ldg_nightly_summary *s)
{
    int held = s->held > 0, files = s->files_failed > 0 || s->files_left > 0;

    if (held && files)
        return LDG_EXIT_NIGHTLY_BOTH;
    if (held)
        return LDG_EXIT_NIGHTLY_HELD;
    return files ? LDG_EXIT_NIGHTLY_FILES : LDG_EXIT_OK;
}

/* Writes --summary-json and --metrics (either may be NULL) once the run is over. The
 * run's exit code, unless it was 0 and a file could not be written. */
static int write_figures(nightly_figures *f, const char *summary_json,
                         const char *metrics, const struct timespec *t0, int code)
{
    struct timespec t1;
    int wcode = LDG_EXIT_OK;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    f->duration_ms = (int64_t)(t1.tv_sec - t0->tv_sec) * 1000 +
                     (int64_t)(t1.tv_nsec - t0->tv_nsec) / 1000000;
    f->ended = (int64_t)time(NULL);
    f->exit_status = code;
    if (summary_json)
        wcode = nightly_write_summary_json(summary_json, f);
    if (metrics) {
        int m = nightly_write_metrics(metrics, f);
        wcode = wcode == LDG_EXIT_OK ? m : wcode;
    }
    return code == LDG_EXIT_OK ? wcode : code;
}

int cmd_nightly(int argc, char **argv)
{
    const char *db = NULL, *as_of = NULL, *key = NULL, *summary_json = NULL;
    const char *metrics = NULL, *amend_above = NULL, *amend_percent = NULL;
    nightly_figures fig = { 0 };
    struct timespec t0;
    ldg_nightly_opts no = { 0 };
    cmd_seal_ahead ahead = { 0 };
    ldg_nightly_summary s = { 0 };
    nightly_ui ui = { 0 };
    ldg_signer *signer;
    ldg_store *st;
    ldg_error err;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db),
                             CMD_TEXT("spool", no.spool),
                             CMD_TEXT("as-of", as_of),
                             CMD_TEXT("key", key),
                             CMD_FLAG("quiet", 'q', ui.quiet),
                             CMD_FLAG("hold", 0, no.hold),
                             CMD_FLAG("dry-run", 0, no.dry_run),
                             CMD_TEXT("tenant", no.tenant),
                             CMD_TEXT("summary-json", summary_json),
                             CMD_TEXT("metrics", metrics),
                             CMD_TEXT("hold-amend-above", amend_above),
                             CMD_TEXT("hold-amend-percent", amend_percent) };

    if (argc >= 2 && strcmp(argv[1], "history") == 0)
        return cmd_nightly_history(argc - 1, argv + 1);
    if ((code = cmd_options(argc, argv, "nightly", usage, opts, CMD_NOPTS(opts))) !=
        CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("nightly", "unexpected argument \"%s\"", argv[optind]);
    if ((code = cmd_time_now_or(&no.as_of, as_of, "nightly")) != LDG_EXIT_OK)
        return code;
    if ((code = cmd_amend_threshold(&no.amend_hold, amend_above, amend_percent,
                                    "nightly")) != LDG_EXIT_OK)
        return code;
    if (no.dry_run && (summary_json || metrics))
        return cmd_usage_error("nightly", "a dry run writes nothing: no --summary-json"
                                          " or --metrics with --dry-run");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    fig.started = (int64_t)time(NULL);
    fig.as_of = no.as_of;
    fig.tenant = no.tenant;
    /* the key is checked now, so a missing one fails before any work, and opened again
     * only after the spool is ingested (ldg_nightly_opts.key_path); a dry run signs
     * nothing and needs none */
    if (!key || !*key)
        key = getenv("LEASELEDGER_KEY");
    if (!no.dry_run) {
        if (!(signer = cmd_load_key(key, &code)))
            return code;
        ldg_signer_free(signer);
    }
    no.key_path = key;
    no.on_event = on_event;
    no.on_doc = on_doc;
    no.on_held = cmd_print_amend_held;
    no.ctx = &ui;
    ui.dry = no.dry_run;
    st = cmd_open_store(db, &code);
    if (st && no.spool && !no.dry_run)
        cmd_seal_ahead_start(&ahead, db);
    no.ahead = ahead.sa;
    if (st) {
        ldg_error_clear(&err);
        if (ldg_store_set_role(st, "ldg_writer", &err) != LDG_OK ||
            ldg_nightly(&s, st, &no, &err) != LDG_OK) {
            code = cmd_fail(&err);
            if (s.spool_unsafe) {
                code = LDG_EXIT_CONFIG;
                cmd_warn("the nightly run did nothing.");
            } else if (no.dry_run) {
                cmd_warn("the dry run stopped; nothing was written.");
            } else {
                cmd_warn(
                    "the nightly run stopped; everything reported above is committed."
                    " Run it again to finish.");
            }
        } else {
            char left[48] = "";

            if (s.files_left)
                snprintf(left, sizeof(left), ", %" PRId64 " left for the next run",
                         s.files_left);
            printf("nightly: files %" PRId64 " taken, %" PRId64 " failed, %" PRId64
                   " already taken%s; records %" PRId64 " accepted, %" PRId64
                   " duplicates, %" PRId64 " rejected; %" PRId64
                   " checkpoints; documents: %" PRId64 " invoices issued, %" PRId64
                   " supplementary invoices or credit notes, %" PRId64
                   " periods unchanged, %" PRId64 " held, %" PRId64 " drafted, %" PRId64
                   " awaiting approval; payments %" PRId64 " matched, %" PRId64
                   " unmatched; %" PRId64 " reconciliation warnings\n",
                   s.files_taken, s.files_failed, s.files_already, left, s.accepted,
                   s.duplicates, s.rejected, s.checkpoints, s.issued, s.amended,
                   s.unchanged, s.held, s.drafted, s.awaiting, s.payments_matched,
                   s.payments_unmatched, s.warnings);
            print_overdue(&s);
            if (no.dry_run)
                printf("nightly: dry run: nothing was written (the transaction was rolled"
                       " back, the spool only read)\n");
            code = nightly_exit(&s);
            fig.completed = 1;
        }
        ldg_store_close(st);
    }
    cmd_seal_ahead_stop(&ahead);
    fig.s = &s;
    fig.blocking = ui.blocking;
    return write_figures(&fig, summary_json, metrics, &t0, code);
}
