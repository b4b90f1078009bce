/*
 * Audit queries against the store: the explanation of an issued invoice line by line
 * (explain.h), and a tenant's usage records with their leaf hashes and corrections.
 *
 * Both read one REPEATABLE READ, READ ONLY snapshot, so a log growing meanwhile changes
 * nothing they say, and neither writes anything.
 *
 * What an explanation is computed from: the document's log entry (the canonical bytes
 * the checkpoint signs, not the index table), the contract documents logged before it
 * (base and amendments, each with its seq), the documents of the same contract and
 * period issued before it (for a supplementary invoice or credit note), and per window
 * of the period the usage entries of the tenant at the contract's site with seq below
 * the document's rated_from size, summed by kind and class with the split rule for the
 * records that cross a window's edge (rate.h). Memory is O(windows), plus the records
 * that cross a window edge (a handful per meter).
 *
 * Records are streamed through a cursor (a fetch of rows at a time, whatever the range):
 * each record's canonical bytes are rebuilt as ingest and verify build them (entry.h),
 * and hashed into its RFC 9162 leaf hash, which must equal the level-0 tile the log
 * stores for its seq (`leaseledger verify` checks that).
 */
#ifndef LEASELEDGER_AUDIT_QUERY_H
#define LEASELEDGER_AUDIT_QUERY_H

#include "ledger/entry.h"
#include "ledger/error.h"
#include "ledger/merkle.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The explanation of invoice or credit note number (tenant may be NULL when the number
 * is unique across tenants), every line (line 0) or the 1-based line, as
 * ldg_explain_document() makes it. LDG_ENOTFOUND (no such document), LDG_EINVAL (the
 * number exists for several tenants, line beyond the document, usage the terms cannot
 * price), LDG_EDB; stored documents that do not parse are LDG_EINTERNAL. On LDG_OK
 * release *out with json_decref().
 */
ldg_code ldg_audit_explain(json_t **out, ldg_store *st, const char *tenant,
                           const char *number, size_t line, ldg_error *err);

/*
 * Which records: a tenant's, optionally those overlapping [from, to), one meter, one
 * kind, one class, seq in [from_seq, to_seq]. With invoice, the records the document
 * was rated from, as its bundle's basis selects them: seq below its rated_from size, at
 * its contract's site, overlapping its period and the contract's term; with line K
 * (1-based) also only line K's kind and class within its window. The filters combine.
 */
typedef struct ldg_audit_records_query {
    const char *tenant;   /* may be NULL with invoice (a number unique across tenants) */
    int has_from, has_to; /* whether from / to bound the range */
    ldg_time from, to;    /* records with end > from and start < to */
    const char *meter;    /* NULL: every meter */
    int kind;             /* ldg_record_kind, 0: every kind */
    int cls;              /* ldg_record_class (entry.h), 0: every class */
    int has_from_seq, has_to_seq;
    int64_t from_seq, to_seq; /* inclusive bounds */
    const char *invoice;      /* NULL, or the number of an issued document */
    size_t line;              /* with invoice: 0 every line, else line K */
} ldg_audit_records_query;

/* The widest value of each variable-width column among the records selected, in bytes
 * (0 when none), so that a table can be aligned before the first row streams out. */
typedef struct ldg_audit_widths {
    int event_id, meter, corrects, corrected_by;
} ldg_audit_widths;

/* One record as the callback sees it; everything borrowed for the call. */
typedef struct ldg_audit_record {
    int64_t seq;
    ldg_record rec;           /* tenant, site, meter, event_id, corrects, ... */
    const ldg_buf *bytes;     /* the canonical bytes of its log entry */
    ldg_hash leaf;            /* SHA-256(0x00 || bytes) */
    const char *corrected_by; /* event ids of later corrections naming it, in seq
                                 order, separated by one space; NULL when none */
} ldg_audit_record;

/* Called once per record in seq order; a code other than LDG_OK stops the stream and
 * is returned. */
typedef ldg_code (*ldg_audit_record_cb)(void *ctx, const ldg_audit_record *r,
                                        ldg_error *err);

/*
 * Streams the records of q to cb in seq order; *count (may be NULL) receives how many,
 * *widths (may be NULL: not measured) is filled before the first call of cb.
 * LDG_ENOTFOUND for an unknown tenant or invoice, LDG_EINVAL for from >= to, an unknown
 * kind or class, a line beyond the document or one priced from no usage
 * (power_capacity), LDG_EDB, or the callback's code.
 */
ldg_code ldg_audit_records(int64_t *count, ldg_audit_widths *widths, ldg_store *st,
                           const ldg_audit_records_query *q, ldg_audit_record_cb cb,
                           void *ctx, ldg_error *err);

#endif
