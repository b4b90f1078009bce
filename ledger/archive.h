/*
 * The nightly batch's replay manifest, SPOOL/done/ARCHIVE (written by
 * ledger/store/nightly.c, read by `leaseledger replay`): the runs in the order they
 * happened, each with its as-of instant, its tenant (--tenant) and the files it took.
 *
 *   run 2026-12-01T02:00:00Z
 *   file <64 hex digits of SHA-256> usage usage-2026-11-30.csv
 *   file <...> payments camt053-2026-11-30.xml
 *   run 2026-12-02T02:00:00Z tenant acme
 *   run 2026-12-03T02:00:00Z hold amend-above 10000.000000 amend-percent 5.000000
 *
 * A run line names what changes what the run issues: its as-of instant, then, each at
 * most once and in this order, "tenant T" (--tenant), "hold" (--hold: every document a
 * draft), "amend-above D" and "amend-percent D" (--hold-amend-above and
 * --hold-amend-percent, decimals with 6 places).
 * Parsing is strict: any other line is an error naming its line number. Pure.
 */
#ifndef LEASELEDGER_ARCHIVE_H
#define LEASELEDGER_ARCHIVE_H

#include "ledger/amend_threshold.h"
#include "ledger/error.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_ARCHIVE_NAME_MAX 255

typedef struct ldg_archive_file {
    unsigned char sha256[32];
    int payments; /* SPOOL/payments/ (bank files), else SPOOL/ (usage) */
    char name[LDG_ARCHIVE_NAME_MAX + 1];
} ldg_archive_file;

typedef struct ldg_archive_run {
    ldg_time as_of;
    char tenant[LDG_ARCHIVE_NAME_MAX + 1]; /* "" for every tenant */
    int hold;                              /* --hold */
    ldg_amend_threshold amend;             /* --hold-amend-above / -percent */
    size_t first, n;                       /* its files: files[first .. first + n) */
} ldg_archive_run;

typedef struct ldg_archive {
    ldg_archive_run *runs;
    size_t nruns;
    ldg_archive_file *files;
    size_t nfiles;
} ldg_archive;

/* Parses the manifest text[len] (name for messages) into *out (ldg_archive_cleanup).
 * LDG_EINVAL naming the line, LDG_ENOMEM. */
/* The run line for a run (without its "\n"), into out[size]: the line parse_run reads
 * back. 0 when it did not fit. */
int ldg_archive_run_line(char *out, size_t size, const ldg_archive_run *run);

ldg_code ldg_archive_parse(ldg_archive *out, const char *text, size_t len,
                           const char *name, ldg_error *err);
void ldg_archive_cleanup(ldg_archive *a);

#endif
