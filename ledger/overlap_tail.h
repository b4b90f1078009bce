/*
 * The overlap answer of one ingest run, in memory (migration 0015; DESIGN.md "Overlaps
 * kept at ingest").
 *
 * Rule. A key is (tenant, site, meter, kind); only records that are not corrections
 * count, in append (seq) order. A key's tail is the latest end of its records appended
 * so far. A record is a suspect when it starts before its key's tail as it is appended:
 *
 *     suspect(r)  <=>  r.start < tail of r's key over the records before r
 *
 * Why it is enough: of two overlapping records of a key, the tail at the later one's
 * append is at least the earlier one's end, which is past the later one's start; so the
 * later one is a suspect, and the overlap lies inside it. Reconciliation looks for
 * overlaps only in keys with a suspect intersecting the period (recon_store.c).
 *
 * What is stored (overlap_store.h): the suspects, with each chunk; the tails and, per
 * tenant, a mark (every record of the tenant with seq below it is in the tails), once per
 * run. So a tail is exact as max(its stored value, the ends of its records from the mark
 * on), and a run keeps the exact tails of the keys it met here: it reads the stored tail
 * of a key once, the records from the mark on once per tenant, and the records other
 * processes append between its chunks (the log head at each chunk says whether there
 * are any); its own records it adds as it appends them.
 *
 * Use per chunk attempt: begin; per tenant, the records appended since the tenant's seq
 * (tenant_seq) are merged and the seq set (tenant_set); add the chunk's records in append
 * order; set the stored tail of every chunk key not fetched yet; walk (the suspect
 * flags); stage each tenant's seq after the chunk (tenant_done); once the chunk's
 * transaction commits, commit. A chunk attempt that rolls back changes nothing but what
 * it learnt of committed records. Memory grows with the keys met (reset after a flush).
 *
 * Dropped: writing the chunk's tails with each chunk (one row update per key and chunk:
 * when every record of a chunk is another meter's, as in a file sorted by hour over
 * thousands of meters, that tripled ingest's time); asking the database per record.
 */
#ifndef LEASELEDGER_OVERLAP_TAIL_H
#define LEASELEDGER_OVERLAP_TAIL_H

#include "ledger/error.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_OVERLAP_NONE INT64_MIN /* no tail: the key has no record */

typedef struct ldg_overlap_key {
    int32_t tenant_id;
    int16_t site_id;
    int16_t kind;
    const char *meter; /* owned by the run state */
    ldg_time tail;     /* exact once fetched: max(stored tail, records met) */
    int fetched;       /* the stored tail is in tail */
    ldg_time pending;  /* the tail with this chunk's records (after walk) */
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
/* Forgets every key and tenant (after a flush), keeping the memory. */
void ldg_overlap_tail_reset(ldg_overlap_tail *t);

/* A chunk attempt starts: forgets the chunk's records and staged seqs. */
void ldg_overlap_tail_begin(ldg_overlap_tail *t);

/* 1 and *seq when the run knows every record of tenant_id below *seq, else 0. */
int ldg_overlap_tail_tenant_seq(const ldg_overlap_tail *t, int32_t tenant_id,
                                int64_t *seq);
/* The run now knows every record of tenant_id below seq. LDG_ENOMEM. */
ldg_code ldg_overlap_tail_tenant_set(ldg_overlap_tail *t, int32_t tenant_id, int64_t seq,
                                     ldg_error *err);
/* Staged until commit: the tenant's log size after this chunk. */
ldg_code ldg_overlap_tail_tenant_done(ldg_overlap_tail *t, int32_t tenant_id, int64_t seq,
                                      ldg_error *err);

/* A committed record of another run (read back from the log): its key's tail grows to
 * end. meter is copied. LDG_ENOMEM. */
ldg_code ldg_overlap_tail_merge(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                                int kind, const char *meter, ldg_time end,
                                ldg_error *err);

/* Adds one of the chunk's records that is not a correction, in append order. meter is
 * copied. LDG_ENOMEM. */
ldg_code ldg_overlap_tail_add(ldg_overlap_tail *t, int32_t tenant_id, int16_t site_id,
                              int kind, const char *meter, ldg_time start, ldg_time end,
                              int64_t seq, ldg_error *err);

/* The keys of the chunk's records, each once: index j < chunk_nkeys -> key index. */
size_t ldg_overlap_tail_chunk_nkeys(const ldg_overlap_tail *t);
size_t ldg_overlap_tail_chunk_key(const ldg_overlap_tail *t, size_t j);

/* Every key the run met (i < nkeys), borrowed until the next add, merge or reset. */
size_t ldg_overlap_tail_nkeys(const ldg_overlap_tail *t);
const ldg_overlap_key *ldg_overlap_tail_key(const ldg_overlap_tail *t, size_t i);
/* Key i's stored tail (LDG_OVERLAP_NONE: no row) is read: the key's tail is exact. */
void ldg_overlap_tail_set_stored(ldg_overlap_tail *t, size_t i, ldg_time tail);

/* Sets every chunk record's suspect flag by the rule above (every chunk key must be
 * fetched) and each chunk key's pending tail; returns how many records are suspects. */
size_t ldg_overlap_tail_walk(ldg_overlap_tail *t);

size_t ldg_overlap_tail_nrecs(const ldg_overlap_tail *t);
/* Chunk record i (i < nrecs) in the order added. */
const ldg_overlap_rec *ldg_overlap_tail_rec(const ldg_overlap_tail *t, size_t i);

/* The chunk committed: its keys' tails and its tenants' seqs become the run's. */
void ldg_overlap_tail_commit(ldg_overlap_tail *t);

/* The tenants the run knows (i < ntenants): id and seq, for the flush. */
size_t ldg_overlap_tail_ntenants(const ldg_overlap_tail *t);
void ldg_overlap_tail_tenant_at(const ldg_overlap_tail *t, size_t i, int32_t *tenant_id,
                                int64_t *seq);

#endif
