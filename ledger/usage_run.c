/* Runs of usage entries. See usage_run.h. */
#include "ledger/usage_run.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

ldg_code ldg_usage_runs_add(ldg_usage_runs *rs, int32_t tenant_id, int32_t site_id,
                            int64_t seq, ldg_time start, ldg_time end, ldg_error *err)
{
    ldg_usage_run *r = rs->n > 0 ? &rs->v[rs->n - 1] : NULL;

    if (r && r->tenant_id == tenant_id && r->seq_hi == seq - 1) {
        r->seq_hi = seq;
        if (r->site_id != site_id)
            r->site_id = 0;
        r->start_min = start < r->start_min ? start : r->start_min;
        r->start_max = start > r->start_max ? start : r->start_max;
        r->end_min = end < r->end_min ? end : r->end_min;
        r->end_max = end > r->end_max ? end : r->end_max;
        return LDG_OK;
    }
    return ldg_usage_runs_push(rs,
                               &(ldg_usage_run){ .tenant_id = tenant_id,
                                                 .site_id = site_id,
                                                 .seq_lo = seq,
                                                 .seq_hi = seq,
                                                 .start_min = start,
                                                 .start_max = start,
                                                 .end_min = end,
                                                 .end_max = end },
                               err);
}

ldg_code ldg_usage_runs_push(ldg_usage_runs *rs, const ldg_usage_run *r, ldg_error *err)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? 2 * rs->cap : 16;
        ldg_usage_run *v = realloc(rs->v, cap * sizeof(*v));

        if (!v)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory (usage runs)");
        rs->v = v;
        rs->cap = cap;
    }
    rs->v[rs->n++] = *r;
    return LDG_OK;
}

void ldg_usage_runs_clear(ldg_usage_runs *rs)
{
    rs->n = 0;
}

void ldg_usage_runs_cleanup(ldg_usage_runs *rs)
{
    free(rs->v);
    *rs = (ldg_usage_runs){ 0 };
}

ldg_run_cover ldg_usage_run_cover(const ldg_usage_run *r, int32_t site_id, ldg_time from,
                                  ldg_time to)
{
    if ((r->site_id != 0 && r->site_id != site_id) || r->start_min >= to ||
        r->end_max <= from)
        return LDG_RUN_NONE;
    if (r->site_id == site_id && r->start_max < to && r->end_min > from)
        return LDG_RUN_ALL;
    return LDG_RUN_SOME;
}

void ldg_usage_run_check_begin(ldg_usage_run_check *c, const ldg_usage_runs *runs,
                               int64_t from, int64_t to, ldg_usage_run_bad bad, void *ctx)
{
    *c = (ldg_usage_run_check){
        .runs = runs, .from = from, .to = to, .bad = bad, .ctx = ctx
    };
}

/* Leaves the current run: all its seqs must have been usage entries (when it lies
 * wholly in [from, to)). */
static void run_done(ldg_usage_run_check *c)
{
    const ldg_usage_run *r = &c->runs->v[c->at];
    char why[160];

    if (r->seq_lo >= c->from && r->seq_hi < c->to &&
        c->seen != r->seq_hi - r->seq_lo + 1) {
        snprintf(why, sizeof(why),
                 "usage run %" PRId64 "..%" PRId64 " names %" PRId64 " seqs, but %" PRId64
                 " of them are usage entries",
                 r->seq_lo, r->seq_hi, r->seq_hi - r->seq_lo + 1, c->seen);
        c->bad(c->ctx, r->seq_lo, why);
    }
    c->at++;
    c->seen = 0;
}

void ldg_usage_run_check_entry(ldg_usage_run_check *c, int64_t seq, int32_t site_id,
                               ldg_time start, ldg_time end)
{
    const ldg_usage_run *r;

    while (c->at < c->runs->n && c->runs->v[c->at].seq_hi < seq)
        run_done(c);
    r = c->at < c->runs->n ? &c->runs->v[c->at] : NULL;
    if (!r || r->seq_lo > seq) {
        c->bad(c->ctx, seq, "usage entry lies in no usage run");
        return;
    }
    c->seen++;
    if ((r->site_id != 0 && r->site_id != site_id) || start < r->start_min ||
        start > r->start_max || end < r->end_min || end > r->end_max)
        c->bad(c->ctx, seq, "usage entry lies outside the bounds of its usage run");
}

void ldg_usage_run_check_end(ldg_usage_run_check *c)
{
    while (c->at < c->runs->n)
        run_done(c);
}
