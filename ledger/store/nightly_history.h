/*
 * What earlier nightly runs took from the spool: ledger.ingest_file, the one record the
 * batch keeps of its runs (a row per file taken, by content, with its counts; written
 * when the file is taken, so a file's time is its run's). The table has no run column:
 * a run is the files taken less than LDG_NIGHTLY_RUN_GAP apart (the files of one run are
 * taken one after another), newest run first. Files set aside in failed/ and runs that
 * took no file are not in it.
 */
#ifndef LEASELEDGER_NIGHTLY_HISTORY_H
#define LEASELEDGER_NIGHTLY_HISTORY_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

/* Seconds between two files taken that start a new run. */
#define LDG_NIGHTLY_RUN_GAP 1800

typedef struct ldg_nightly_file {
    int64_t run;     /* 1 is the oldest run */
    ldg_time taken;  /* when the file was taken (whole seconds) */
    char name[256];  /* its name in the spool (a directory entry: at most 255 bytes) */
    char sha256[65]; /* its content's SHA-256, hex */
    int64_t accepted, duplicates, rejected;
} ldg_nightly_file;

typedef struct ldg_nightly_files {
    ldg_nightly_file *items;
    size_t n;
} ldg_nightly_files;

/* The files of the last `runs` runs (runs > 0), newest run first, each run's files in
 * the order they were taken. Read-only. LDG_EDB, LDG_ENOMEM. */
ldg_code ldg_nightly_history(ldg_nightly_files *out, ldg_store *st, int64_t runs,
                             ldg_error *err);
void ldg_nightly_files_cleanup(ldg_nightly_files *f);

#endif
