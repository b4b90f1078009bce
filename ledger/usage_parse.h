/*
 * Reading usage files: a bounded line reader, and the CSV / NDJSON record parser with
 * every check that needs no database (DESIGN.md "Usage records" validation: formats,
 * kind/class/unit combinations, end after start, sign). Pure: no database, so the
 * parser can be fuzzed and unit-tested alone; ingest.c adds the checks that need the
 * store (tenant, site, contract, capacity, duplicates, corrections).
 *
 * Limits (SECURITY.md): a line is at most LDG_LINE_MAX bytes (longer lines are
 * rejected and skipped without being buffered whole); a string field at most
 * LDG_FIELD_MAX bytes; fields must be valid UTF-8 without control characters.
 */
#ifndef LEASELEDGER_USAGE_PARSE_H
#define LEASELEDGER_USAGE_PARSE_H

#include "ledger/entry.h"
#include "ledger/error.h"

#include <stdint.h>
#include <stdio.h>

#define LDG_LINE_MAX  (64 * 1024)
#define LDG_FIELD_MAX 256

/* Line reader ------------------------------------------------------------------------ */

typedef struct ldg_line_reader ldg_line_reader;

ldg_code ldg_line_reader_new(ldg_line_reader **out, FILE *f, ldg_error *err);
void ldg_line_reader_free(ldg_line_reader *r);

/*
 * Next line without its terminator ("\n" or "\r\n"). Returns 1 with *line and *len set
 * (borrowed until the next call), 0 at end of file, -1 on a read error (err set).
 * *lineno is 1-based. A line longer than LDG_LINE_MAX is returned with *too_long = 1
 * and len 0 (its bytes are skipped, never held).
 */
int ldg_line_reader_next(ldg_line_reader *r, const char **line, size_t *len,
                         int64_t *lineno, int *too_long, ldg_error *err);
/* Where the last line returned starts in the input, and its length without the
 * terminator (also for a line too long to hold: the caller may copy it from a
 * seekable input). */
void ldg_line_reader_span(const ldg_line_reader *r, int64_t *offset, int64_t *len);

/* Bytes consumed so far (for progress). */
int64_t ldg_line_reader_offset(const ldg_line_reader *r);

/* Rejection reasons, counted in the ingest summary. */
typedef enum ldg_reject_reason {
    LDG_REJ_NONE = 0,
    LDG_REJ_TOO_LONG,   /* line longer than LDG_LINE_MAX */
    LDG_REJ_ENCODING,   /* NUL, control character or invalid UTF-8 */
    LDG_REJ_MALFORMED,  /* wrong field count, bad quoting, not a JSON object */
    LDG_REJ_FIELD,      /* a required field empty, too long, or of the wrong type */
    LDG_REJ_NUMBER,     /* malformed quantity */
    LDG_REJ_TIME,       /* malformed timestamp */
    LDG_REJ_INTERVAL,   /* end <= start */
    LDG_REJ_KIND,       /* unknown kind */
    LDG_REJ_CLASS,      /* unknown or misplaced GPU class */
    LDG_REJ_UNIT,       /* unit does not fit the kind */
    LDG_REJ_NEGATIVE,   /* negative quantity outside a correction */
    LDG_REJ_TENANT,     /* unknown tenant */
    LDG_REJ_SITE,       /* unknown site, or not the contract's site */
    LDG_REJ_CONTRACT,   /* outside every contract of the tenant */
    LDG_REJ_CAPACITY,   /* more than the site could physically deliver */
    LDG_REJ_CONFLICT,   /* event_id already used by a different record */
    LDG_REJ_CORRECTION, /* correction of an unknown or different record */
    LDG_REJ_METER,      /* not in the site's meter inventory, or not what it measures */
    LDG_REJ_COUNT
} ldg_reject_reason;

/* A short stable name ("malformed number", ...). */
const char *ldg_reject_reason_name(ldg_reject_reason r);

/* Record parser ---------------------------------------------------------------------- */

typedef enum ldg_usage_format {
    LDG_FORMAT_AUTO = 0, /* decided by the first non-blank line: '{' means NDJSON */
    LDG_FORMAT_CSV,
    LDG_FORMAT_NDJSON,
} ldg_usage_format;

typedef struct ldg_usage_parser ldg_usage_parser;

ldg_code ldg_usage_parser_new(ldg_usage_parser **out, ldg_usage_format fmt,
                              ldg_error *err);
void ldg_usage_parser_free(ldg_usage_parser *p);

/* Whether the parser still needs its CSV header (or the format decided). */
int ldg_usage_parser_wants_header(const ldg_usage_parser *p);
ldg_usage_format ldg_usage_parser_format(const ldg_usage_parser *p);

/*
 * Feeds one non-blank line. For CSV, the first line is the header: an unknown,
 * duplicate or missing column is a fatal LDG_EINVAL (the file cannot be read); other
 * column orders are fine; `corrects` is optional. Returns LDG_OK with *have_record = 1
 * and *out filled (strings borrowed until the next call) for a valid record; LDG_EINVAL
 * with *reason and err->message saying why for an invalid record (the caller rejects
 * it and goes on); *have_record = 0 after a header.
 */
ldg_code ldg_usage_parser_line(ldg_usage_parser *p, const char *line, size_t len,
                               ldg_record *out, int *have_record,
                               ldg_reject_reason *reason, ldg_error *err);

/*
 * 1 if u keeps every promise the parser makes of a record it returns: tenant, site,
 * meter and event_id present, corrects absent or present, each 1..LDG_FIELD_MAX bytes
 * of clean text (text.h); a known kind, a GPU class exactly when the kind is not
 * energy; end after start; a negative quantity only in a correction. The parser
 * asserts it of every record it hands out, so code that trusts a record can assert it
 * again where the record comes back.
 */
int ldg_usage_record_ok(const ldg_record *u);

#endif
