/*
 * Runs of usage entries (migration 0016; DESIGN.md "Usage runs"): what ingest records,
 * for each tenant and chunk, about the usage entries it appended there, so that billing
 * finds the entries of an invoice's basis (invoice.h, ldg_invoice_basis) without
 * reading each one.
 *
 * A run says: every seq from seq_lo to seq_hi is a usage entry of the tenant, each at
 * site site_id (0: at more than one site), each starting in [start_min, start_max] and
 * ending in [end_min, end_max]. Ingest appends a chunk's entries of one tenant under
 * the tenant's log head lock with consecutive seqs, so one chunk gives each tenant one
 * run; every usage entry lies in exactly one run.
 *
 * The basis of a period selects the entries at one site with start < to and end > from
 * (the period and the contract's term together). Against a run that is all of its
 * entries, none, or some (ldg_usage_run_cover): only the last kind is read entry by
 * entry.
 */
#ifndef LEASELEDGER_USAGE_RUN_H
#define LEASELEDGER_USAGE_RUN_H

#include "ledger/error.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

typedef struct ldg_usage_run {
    int32_t tenant_id;
    int32_t site_id; /* 0: entries at more than one site */
    int64_t seq_lo, seq_hi;
    ldg_time start_min, start_max, end_min, end_max;
} ldg_usage_run;

/* A growing list of runs; zero-initialise. */
typedef struct ldg_usage_runs {
    ldg_usage_run *v;
    size_t n, cap;
} ldg_usage_runs;

/* Adds the entry seq of tenant_id: it extends the last run when that is the tenant's
 * and ends at seq - 1, else starts a new one. LDG_ENOMEM. */
ldg_code ldg_usage_runs_add(ldg_usage_runs *rs, int32_t tenant_id, int32_t site_id,
                            int64_t seq, ldg_time start, ldg_time end, ldg_error *err);
/* Appends r as a run of its own. LDG_ENOMEM. */
ldg_code ldg_usage_runs_push(ldg_usage_runs *rs, const ldg_usage_run *r, ldg_error *err);
void ldg_usage_runs_clear(ldg_usage_runs *rs);
void ldg_usage_runs_cleanup(ldg_usage_runs *rs);

typedef enum ldg_run_cover {
    LDG_RUN_NONE, /* no entry of the run is selected */
    LDG_RUN_ALL,  /* every entry is */
    LDG_RUN_SOME, /* read the entries to know */
} ldg_run_cover;

/* Which entries of r are at site_id and have start < to and end > from. */
ldg_run_cover ldg_usage_run_cover(const ldg_usage_run *r, int32_t site_id, ldg_time from,
                                  ldg_time to);

/*
 * Checking stored runs against the entries they describe (verify): fed a tenant's runs
 * in seq order, then its usage entries with seqs in [from, to), in seq order, it reports
 * each entry that lies in no run or outside its run's bounds, and each run wholly inside
 * [from, to) whose seqs are not all usage entries. The caller's `bad` is called with
 * the seq concerned and a phrase.
 */
typedef void (*ldg_usage_run_bad)(void *ctx, int64_t seq, const char *why);

typedef struct ldg_usage_run_check {
    const ldg_usage_runs *runs;
    int64_t from, to;
    size_t at;    /* the run the next entry may be in */
    int64_t seen; /* entries met in runs->v[at] */
    ldg_usage_run_bad bad;
    void *ctx;
} ldg_usage_run_check;

void ldg_usage_run_check_begin(ldg_usage_run_check *c, const ldg_usage_runs *runs,
                               int64_t from, int64_t to, ldg_usage_run_bad bad,
                               void *ctx);
void ldg_usage_run_check_entry(ldg_usage_run_check *c, int64_t seq, int32_t site_id,
                               ldg_time start, ldg_time end);
/* After the tenant's last entry. */
void ldg_usage_run_check_end(ldg_usage_run_check *c);

#endif
