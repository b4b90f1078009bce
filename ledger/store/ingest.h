/*
 * Ingest: usage records from a CSV or NDJSON stream into the tenants' logs.
 *
 * Records are read, validated and appended in chunks; each chunk is one transaction
 * holding the records, their level-0 tiles, the new log sizes and the hourly rollups.
 * A run killed at any instant loses nothing it reported committed, and run again it
 * reaches the same state a clean run would: records are idempotent by (tenant,
 * event_id) and are appended in file order, so the same records get the same seq.
 * Memory is bounded by the chunk size whatever the file size.
 */
#ifndef LEASELEDGER_INGEST_H
#define LEASELEDGER_INGEST_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/usage_parse.h"

#include <stdint.h>
#include <stdio.h>

typedef struct ldg_ingest_summary {
    int64_t lines;      /* data lines read (header and blank lines excluded) */
    int64_t accepted;   /* records appended */
    int64_t duplicates; /* records already in the log, skipped */
    int64_t rejected;
    int64_t by_reason[LDG_REJ_COUNT];
    int64_t chunks; /* transactions committed */
} ldg_ingest_summary;

/* Called for each rejected record, in line order per chunk, after its chunk commits.
 * line is NULL for a line too long to hold; offset and raw_len then locate it in the
 * input so a caller with a seekable input can copy it. */
typedef void (*ldg_ingest_reject_cb)(void *ctx, int64_t lineno, ldg_reject_reason reason,
                                     const char *message, const char *line, size_t len,
                                     int64_t offset, int64_t raw_len);
/* Called after each committed chunk. */
typedef void (*ldg_ingest_progress_cb)(void *ctx, const ldg_ingest_summary *sofar,
                                       int64_t bytes_read);

/* Called after each committed chunk, once per tenant it appended to: tenant_id's log
 * now holds size entries, committed. */
typedef void (*ldg_ingest_commit_cb)(void *ctx, int32_t tenant_id, int64_t size);

/* Called once with the CSV header line (to copy it into a rejects file). */
typedef void (*ldg_ingest_header_cb)(void *ctx, const char *line, size_t len);

typedef struct ldg_ingest_opts {
    ldg_usage_format format;
    ldg_ingest_header_cb on_header;
    size_t chunk_records; /* 0: default (20,000) */
    ldg_ingest_reject_cb on_reject;
    ldg_ingest_progress_cb on_progress;
    void *ctx;
    ldg_ingest_commit_cb on_commit; /* may be NULL */
    void *commit_ctx;
} ldg_ingest_opts;

/*
 * Ingests every record of in. Returns LDG_OK when the file was read through (some
 * records may have been rejected: see out->rejected), LDG_EINVAL for a file that
 * cannot be read as usage at all (empty, bad header: nothing is committed), or the
 * store's error (chunks committed before it stay committed). err->where names the
 * line for file-level errors.
 */
ldg_code ldg_ingest(ldg_ingest_summary *out, ldg_store *st, FILE *in,
                    const ldg_ingest_opts *opts, ldg_error *err);

#endif
