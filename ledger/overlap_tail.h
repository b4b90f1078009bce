/*
 * The overlap answer of one ingest chunk, in memory (migration 0015; DESIGN.md
 * "Overlaps kept at ingest").
 *
 * Rule. A key is (tenant, site, meter, kind); only records that are not corrections
 * count, in append (seq) order. A key's tail is the latest end of its records appended
 * so far. A record is a suspect when it starts before its key's tail as it is appended:
 *
 *     suspect(r)  <=>  r.start < max(stored tail of r's key, max end of the chunk's
 *                                    earlier records of r's key)
 *
 * Why it is enough: of two overlapping records of a key, the tail at the later one's
 * append is at least the earlier one's end, which is past the later one's start; so the
 * later one is a suspect, and the overlap lies inside it. Reconciliation looks for
 * overlaps only in keys with a suspect intersecting the period (recon_store.c).
 *
 * Use: clear, add the chunk's records in append order, read the keys (each with the
 * least start and the greatest end of its records in the chunk), set the stored tail of
 * every key whose tail is past that least start (other stored tails cannot make a
 * suspect), walk, then read the records' suspect flags. Memory grows with the chunk's
 * records; meters are borrowed from the caller and must outlive the walk.
 *
 * Dropped: asking the database per record (one lookup per record), and keeping the
 * stored tails between chunks in memory (another process may append to the tenant
 * between two chunks; the tails are read under the tenant's log head lock instead).
 */
#ifndef LEASELEDGER_OVERLAP_TAIL_H
#define LEASELEDGER_OVERLAP_TAIL_H

#include "ledger/error.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ldg_overlap_key {
    int32_t tenant_id;
    int16_t site_id;
    int16_t kind;
    const char *meter; /* borrowed from the first record added */
    ldg_time lo, hi;   /* least start, greatest end of the chunk's records */
    ldg_time stored;   /* the stored tail, when has_stored */
    int has_stored;
    ldg_time tail; /* after ldg_overlap_tail_walk: the tail with this chunk's records */
} ldg_overlap_key;

typedef struct ldg_overlap_rec {
    size_t key; /* index into the keys */
    int64_t seq;
    ldg_time start, end;
    int suspect; /* set by ldg_overlap_tail_walk */
} ldg_overlap_rec;

typedef struct ldg_overlap_tail ldg_overlap_tail;

ldg_code ldg_overlap_tail_new(ldg_overlap_tail **out, ldg_error *err);
void ldg_overlap_tail_free(ldg_overlap_tail *t);
/* Forgets the keys and records, keeping the memory. */
void ldg_overlap_tail_clear(ldg_overlap_tail *t);

/* Adds one record that is not a correction, in append order. meter is borrowed.
 * LDG_ENOMEM. */
ldg_code ldg_overlap_tail_add(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                              int kind, const char *meter, ldg_time start, ldg_time end,
                              int64_t seq, ldg_error *err);

size_t ldg_overlap_tail_nkeys(const ldg_overlap_tail *t);
/* Key i (i < nkeys), borrowed until the next clear or add. */
const ldg_overlap_key *ldg_overlap_tail_key(const ldg_overlap_tail *t, size_t i);
/* Key i's tail as stored before this chunk. */
void ldg_overlap_tail_set_stored(ldg_overlap_tail *t, size_t i, ldg_time tail);

/* Sets every record's suspect flag by the rule above, and every key's tail; returns
 * how many records are suspects. */
size_t ldg_overlap_tail_walk(ldg_overlap_tail *t);

size_t ldg_overlap_tail_nrecs(const ldg_overlap_tail *t);
/* Record i (i < nrecs) in the order added, borrowed until the next clear or add. */
const ldg_overlap_rec *ldg_overlap_tail_rec(const ldg_overlap_tail *t, size_t i);

#endif
