/*
 * The figures of one nightly run, for machines: `nightly --summary-json FILE` (the run
 * as one JSON object) and `nightly --metrics FILE` (the Prometheus text format, for
 * node_exporter's textfile collector). Both files are replaced atomically, after the
 * run, whatever its outcome; docs/OPERATIONS.md has the alert rules that read them.
 */
#ifndef LEASELEDGER_NIGHTLY_FIGURES_H
#define LEASELEDGER_NIGHTLY_FIGURES_H

#include "ledger/store/nightly.h"
#include "ledger/time.h"

#include <stdint.h>

typedef struct nightly_figures {
    const ldg_nightly_summary *s; /* NULL members count 0 when the run stopped early */
    int64_t blocking;             /* blocking findings printed with held documents */
    ldg_time as_of;
    const char *tenant; /* --tenant, or NULL */
    int64_t started;    /* wall clock, Unix seconds */
    int64_t ended;
    int64_t duration_ms; /* monotonic */
    int exit_status;
    int completed; /* the run reached its summary (it may still exit 79, 80, 81) */
} nightly_figures;

/* Whether the run counts as a success for monitoring: it completed and no spool file
 * failed (exit 0, or 79: documents wait for a person, which the metrics say). */
int nightly_succeeded(const nightly_figures *f);

/* Writes the summary JSON to path; 0 or an exit code (printed). */
int nightly_write_summary_json(const char *path, const nightly_figures *f);

/*
 * Writes the metrics to path. leaseledger_nightly_last_success_timestamp_seconds keeps
 * the value of the file it replaces when this run did not succeed (0 when there is
 * none). 0 or an exit code (printed).
 */
int nightly_write_metrics(const char *path, const nightly_figures *f);

#endif
