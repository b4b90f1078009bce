/* The figures of one nightly run as JSON and as Prometheus metrics: see
 * nightly_figures.h.
 */
#include "cmd/leaseledger/nightly_figures.h"

#include "cmd/leaseledger/cmd.h"
#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/file.h"
#include "ledger/fixed.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAST_SUCCESS "leaseledger_nightly_last_success_timestamp_seconds"

static const ldg_nightly_summary no_summary; /* a run that stopped before its summary */

int nightly_succeeded(const nightly_figures *f)
{
    return f->completed &&
           (f->exit_status == LDG_EXIT_OK || f->exit_status == LDG_EXIT_NIGHTLY_HELD);
}

/* The overdue amount of summary entry k, exactly, in its currency's minor digits. */
static const char *overdue_text(char buf[LDG_FIXED_BUFLEN], const ldg_nightly_summary *s,
                                size_t k)
{
    int digits = ldg_contract_currency_digits(s->overdue[k].currency);

    return ldg_fixed_format(buf, s->overdue[k].micros, digits < 0 ? 6 : digits);
}

static json_t *summary_json(const nightly_figures *f)
{
    const ldg_nightly_summary *s = f->s ? f->s : &no_summary;
    char as_of[LDG_TIME_BUFLEN], started[LDG_TIME_BUFLEN], ended[LDG_TIME_BUFLEN];
    json_t *overdue = json_array();

    for (size_t k = 0; k < s->noverdue; k++) {
        char amount[LDG_FIXED_BUFLEN];
        json_array_append_new(overdue,
                              json_pack("{s:s, s:s}", "currency", s->overdue[k].currency,
                                        "amount", overdue_text(amount, s, k)));
    }
    return json_pack(
        "{s:s, s:s?, s:s, s:s, s:I, s:i, s:b, s:b,"
        " s:{s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:I,"
        " s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:o}",
        "as_of", ldg_time_format(as_of, f->as_of), "tenant", f->tenant, "started",
        ldg_time_format(started, (ldg_time)f->started), "ended",
        ldg_time_format(ended, (ldg_time)f->ended), "duration_ms",
        (json_int_t)f->duration_ms, "exit_status", f->exit_status, "completed",
        f->completed, "success", nightly_succeeded(f), "files", "taken",
        (json_int_t)s->files_taken, "failed", (json_int_t)s->files_failed,
        "already_taken", (json_int_t)s->files_already, "left", (json_int_t)s->files_left,
        "records", "accepted", (json_int_t)s->accepted, "duplicates",
        (json_int_t)s->duplicates, "rejected", (json_int_t)s->rejected,
        "checkpoints_signed", (json_int_t)s->checkpoints, "documents", "invoices_issued",
        (json_int_t)s->issued, "supplementary_or_credit_notes", (json_int_t)s->amended,
        "periods_unchanged", (json_int_t)s->unchanged, "held", (json_int_t)s->held,
        "drafted", (json_int_t)s->drafted, "awaiting_approval", (json_int_t)s->awaiting,
        "findings", "block", (json_int_t)f->blocking, "warn", (json_int_t)s->warnings,
        "payments", "matched", (json_int_t)s->payments_matched, "unmatched",
        (json_int_t)s->payments_unmatched, "overdue", overdue);
}

int nightly_write_summary_json(const char *path, const nightly_figures *f)
{
    json_t *o = summary_json(f);
    char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    int code;

    json_decref(o);
    if (!text)
        return cmd_failf(LDG_EXIT_SOFTWARE, "out of memory");
    {
        size_t n = strlen(text);
        char *withnl = realloc(text, n + 2);
        if (!withnl) {
            free(text);
            return cmd_failf(LDG_EXIT_SOFTWARE, "out of memory");
        }
        withnl[n] = '\n';
        withnl[n + 1] = '\0';
        code = cmd_write_atomic(path, withnl, n + 1);
        free(withnl);
    }
    return code;
}

/* The last success recorded in the metrics file being replaced; 0 when none. Only a
 * line this program writes is believed: the name, one space, decimal digits. */
static int64_t previous_success(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    int64_t v = 0;
    ldg_error err;

    ldg_error_clear(&err);
    /* the folder is the service's; still, never read it through a link */
    if (ldg_file_read_regular(&text, &len, path, 1u << 20, &err) != LDG_OK)
        return 0;
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');

        if (strncmp(line, LAST_SUCCESS " ", strlen(LAST_SUCCESS " ")) == 0) {
            const char *p = line + strlen(LAST_SUCCESS " ");
            size_t n = strspn(p, "0123456789");

            if (n > 0 && n < 19 && (p[n] == '\n' || !p[n]))
                v = strtoll(p, NULL, 10);
        }
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return v;
}

/* "# HELP name help\n# TYPE name gauge\n" */
static ldg_code head(ldg_buf *b, const char *name, const char *help, ldg_error *err)
{
    return ldg_buf_printf(b, err, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static ldg_code gauge(ldg_buf *b, const char *name, const char *help, int64_t v,
                      ldg_error *err)
{
    ldg_code rc = head(b, name, help, err);
    return rc == LDG_OK ? ldg_buf_printf(b, err, "%s %" PRId64 "\n", name, v) : rc;
}

/* One gauge with a label: n values named by labels[]. */
static ldg_code labelled(ldg_buf *b, const char *name, const char *help,
                         const char *label, const char *const *labels,
                         const int64_t *values, size_t n, ldg_error *err)
{
    ldg_code rc = head(b, name, help, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = ldg_buf_printf(b, err, "%s{%s=\"%s\"} %" PRId64 "\n", name, label, labels[i],
                            values[i]);
    return rc;
}

static ldg_code run_metrics(ldg_buf *b, const nightly_figures *f, int64_t last_success,
                            ldg_error *err)
{
    ldg_code rc = gauge(b, "leaseledger_nightly_last_run_timestamp_seconds",
                        "When the last nightly run ended (Unix time).", f->ended, err);

    if (rc == LDG_OK)
        rc = gauge(b, LAST_SUCCESS,
                   "When the last nightly run that succeeded ended (exit 0 or 79).",
                   last_success, err);
    if (rc == LDG_OK)
        rc = gauge(b, "leaseledger_nightly_last_run_success",
                   "1 when the last run succeeded (exit 0 or 79), else 0.",
                   nightly_succeeded(f), err);
    if (rc == LDG_OK)
        rc = gauge(b, "leaseledger_nightly_exit_status",
                   "The last run's exit status (docs/cli.md).", f->exit_status, err);
    if (rc == LDG_OK)
        rc = head(b, "leaseledger_nightly_duration_seconds",
                  "How long the last run took.", err);
    if (rc == LDG_OK)
        rc = ldg_buf_printf(
            b, err, "leaseledger_nightly_duration_seconds %" PRId64 ".%03" PRId64 "\n",
            f->duration_ms / 1000, f->duration_ms % 1000);
    if (rc == LDG_OK)
        rc = gauge(b, "leaseledger_nightly_as_of_timestamp_seconds",
                   "The as-of instant of the last run (Unix time).", (int64_t)f->as_of,
                   err);
    return rc;
}

static ldg_code count_metrics(ldg_buf *b, const nightly_figures *f, ldg_error *err)
{
    const ldg_nightly_summary *s = f->s ? f->s : &no_summary;
    static const char *const files[] = { "taken", "failed", "already_taken", "left" };
    static const char *const records[] = { "accepted", "duplicate", "rejected" };
    static const char *const docs[] = {
        "invoice_issued",   "supplementary_or_credit_note",
        "period_unchanged", "held",
        "drafted",          "awaiting_approval"
    };
    static const char *const findings[] = { "block", "warn" };
    static const char *const payments[] = { "matched", "unmatched" };
    const int64_t fv[] = { s->files_taken, s->files_failed, s->files_already,
                           s->files_left };
    const int64_t rv[] = { s->accepted, s->duplicates, s->rejected };
    const int64_t dv[] = { s->issued, s->amended, s->unchanged,
                           s->held,   s->drafted, s->awaiting };
    const int64_t nv[] = { f->blocking, s->warnings };
    const int64_t pv[] = { s->payments_matched, s->payments_unmatched };
    ldg_code rc = labelled(b, "leaseledger_nightly_files", "Spool files of the last run.",
                           "outcome", files, fv, 4, err);

    if (rc == LDG_OK)
        rc = labelled(b, "leaseledger_nightly_records", "Usage records of the last run.",
                      "outcome", records, rv, 3, err);
    if (rc == LDG_OK)
        rc = gauge(b, "leaseledger_nightly_checkpoints_signed",
                   "Checkpoints the last run signed.", s->checkpoints, err);
    if (rc == LDG_OK)
        rc = labelled(
            b, "leaseledger_nightly_documents",
            "Documents and periods of the last run (held: waiting for a person).",
            "outcome", docs, dv, 6, err);
    if (rc == LDG_OK)
        rc = labelled(b, "leaseledger_nightly_findings",
                      "Unacknowledged reconciliation findings of the last run.",
                      "severity", findings, nv, 2, err);
    if (rc == LDG_OK)
        rc = labelled(b, "leaseledger_nightly_payments", "Payments of the last run.",
                      "outcome", payments, pv, 2, err);
    if (rc == LDG_OK)
        rc = head(b, "leaseledger_receivables_overdue",
                  "Open amounts past their due date, per currency, as of the last run.",
                  err);
    for (size_t k = 0; rc == LDG_OK && k < s->noverdue; k++) {
        char amount[LDG_FIXED_BUFLEN];
        rc = ldg_buf_printf(b, err,
                            "leaseledger_receivables_overdue{currency=\"%.3s\"} %s\n",
                            s->overdue[k].currency, overdue_text(amount, s, k));
    }
    return rc;
}

int nightly_write_metrics(const char *path, const nightly_figures *f)
{
    ldg_buf b = { 0 };
    ldg_error err;
    int64_t last = nightly_succeeded(f) ? f->ended : previous_success(path);
    int code;

    ldg_error_clear(&err);
    if (run_metrics(&b, f, last, &err) != LDG_OK || count_metrics(&b, f, &err) != LDG_OK)
        code = cmd_fail(&err);
    else
        code = cmd_write_atomic(path, b.data, b.len);
    ldg_buf_cleanup(&b);
    return code;
}
