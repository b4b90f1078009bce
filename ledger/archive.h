/*
 * The nightly batch's replay manifest, SPOOL/done/ARCHIVE (written by
 * ledger/store/nightly.c, read by `leaseledger replay`): the runs in the order they
 * happened, each with its as-of instant, its tenant (--tenant) and the files it took.
 *
 *   run 2026-12-01T02:00:00Z
 *   file <64 hex digits of SHA-256> usage usage-2026-11-30.csv
 *   file <...> payments camt053-2026-11-30.xml
 *   run 2026-12-02T02:00:00Z tenant acme
 *
 * Parsing is strict: any other line is an error naming its line number. Pure.
 */
#ifndef LEASELEDGER_ARCHIVE_H
#define LEASELEDGER_ARCHIVE_H

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
ldg_code ldg_archive_parse(ldg_archive *out, const char *text, size_t len,
                           const char *name, ldg_error *err);
void ldg_archive_cleanup(ldg_archive *a);

#endif
