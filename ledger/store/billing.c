/*
 * Billing. See billing.h. For each contract and period, in a transaction of its own or
 * of a batch: lock the tenant's log head (no usage can be appended meanwhile), check
 * the checkpoint covers all usage, check reconciliation holds, rate from the rollups,
 * diff against what was issued, number and append each document, index it. The work
 * is three phases (open_take, rate_take, issue_finish), so that a batch sends each
 * phase's reads of all its periods in one round trip.
 */
#include "ledger/store/billing.h"

#include "ledger/contract.h"
#include "ledger/demand.h"
#include "ledger/entry.h"
#include "ledger/invoice.h"
#include "ledger/invoice_terms.h"
#include "ledger/merkle.h"
#include "ledger/rate.h"
#include "ledger/store/demand_store.h"
#include "ledger/store/hold_store.h"
#include "ledger/store/invoice_query.h"
#include "ledger/store/logstore.h"
#include "ledger/store/pg_array.h"
#include "ledger/store/recon_store.h"
#include "ledger/store/registry.h"
#include "ledger/store/seal.h"
#include "ledger/store/usage_run_store.h"
#include "ledger/store/verify.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bill_ctx {
    const ldg_contract_ref *c;
    ldg_period p;
    const ldg_bill_opts *o;
    ldg_contract *contract;
    int64_t *contract_seqs; /* the log seqs of its documents, ascending (a basis's) */
    size_t ncontract_seqs;
    ldg_billing_terms terms; /* in force for the period (invoice_terms.h) */
    ldg_bill_outcome outcome;
    int needs_seal; /* usage no checkpoint covers: nothing done, seal and run again */
    int hold;       /* documents wait for a person: stored as drafts (draft_store.h) */
    int demand;     /* the contract's demand terms apply to the period (demand.h) */
    int drafted;    /* drafts stored by this run */
    int stale;      /* approving: the period gained usage after the draft was rated */
    int amend_held; /* amending documents drafted because above a threshold */
    int64_t original_total; /* amending: the original invoice's total, micro-units */
    int64_t ck_size;
    char ck_root[64];
    /* what is read for all the periods billed together in one statement each, borrowed
     * (run_phases): their checkpoints, contracts, holds, draft gates and issued
     * documents (this period the i-th), the overlap suspects' keys of those rated (this
     * period the keys_i-th) and their hourly rollups (this period's: rows[0..nrows) of
     * rollups) */
    const PGresult *checkpoints, *contracts, *holds, *gates, *issued, *keys, *rollups;
    size_t i, keys_i;
    const int *rows;
    size_t nrows;
    /* one of a batch (ldg_bill_batch): a period to amend ends the batch before it */
    int batched;
    int step;           /* STEP_*: what the next phase does for this period */
    ldg_invoice **docs; /* issued for the period already, oldest first */
    size_t ndocs;
    ldg_draft *draft;        /* the period rated */
    struct issuing *issuing; /* the original invoice sent for (issue_send) */
    /* the documents issued, for opts->on_doc once the transaction is over */
    struct {
        const char *kind;
        json_t *data;
    } out[2];
    size_t nout;
} bill_ctx;

typedef struct bill_batch bill_batch;
static void batch_free(bill_batch *bb);

/* What a period needs next, phase by phase (bill_work, and a batch's). */
enum {
    STEP_DONE,  /* settled: b->outcome says how */
    STEP_RATE,  /* to rate: its rollups and blocking checks are read (rating_read) */
    STEP_ISSUE, /* its basis is sent, its number and log head next (issue_read) */
    STEP_ALONE, /* a batch leaves it (and what follows) to a transaction of its own */
};

static const char *i64(char buf[24], int64_t v)
{
    return ldg_store_i64(buf, v);
}

/*
 * Locks the log heads of the tenants $1, in tenant id order, as ingest does (so that
 * neither two batches nor a batch and an ingest can deadlock, whatever order a caller
 * lists periods in). Read by a statement of its own, after it: a statement that waits for
 * a lock held by an ingest's chunk sees, once it has it, the head row as that chunk left
 * it, but every other row (the checkpoint, the usage) as it was when the statement
 * began, so it found the chunk's usage sealed when it was not, and the period was rated
 * with that usage but named a checkpoint that does not cover it
 * (tests/e2e/test_billing_lock_race.sh).
 */
static const char SQL_LOCK[] =
    "SELECT h.tenant_id FROM unnest($1::int[]) WITH ORDINALITY AS q(t, ord)"
    " JOIN ledger.log_head h ON h.tenant_id = q.t ORDER BY h.tenant_id FOR UPDATE OF h";

/* The latest checkpoint of each tenant $1 (ord, from 1), and whether usage lies at or
 * after it, asked of the tenant's last usage seq (one descent of the (tenant_id, seq)
 * index): as EXISTS over seq >= size, the planner chose a scan of every usage row
 * whenever it expected many after the checkpoint, and found none. */
static const char SQL_CHECKPOINTS[] =
    "SELECT q.ord, coalesce(c.size, 0), coalesce(encode(c.root, 'base64'), ''),"
    " coalesce((SELECT max(u.seq) FROM ledger.usage u WHERE u.tenant_id = q.t)"
    "  >= coalesce(c.size, 0), false)"
    " FROM unnest($1::int[]) WITH ORDINALITY AS q(t, ord)"
    " JOIN ledger.log_head h ON h.tenant_id = q.t"
    " LEFT JOIN ledger.seal_state c ON c.tenant_id = q.t ORDER BY q.ord";

/* Row `row` of SQL_CHECKPOINTS's answer; flags usage the checkpoint does not cover (not
 * an error: the caller seals, or refuses when it has no signer). */
static void lock_read(bill_ctx *b, const PGresult *res, int row)
{
    b->ck_size = ldg_store_int64(res, row, 1);
    snprintf(b->ck_root, sizeof(b->ck_root), "%s", PQgetvalue(res, row, 2));
    if (!b->ck_root[0]) { /* no checkpoint yet (only a draft gets this far) */
        ldg_hash empty;
        ldg_merkle_empty_root(&empty);
        ldg_hash_to_base64(b->ck_root, &empty);
    }
    b->needs_seal = strcmp(PQgetvalue(res, row, 3), "t") == 0 || b->ck_size == 0;
    /* a draft writes nothing, not even a checkpoint: it rates what is there */
    if (b->needs_seal && b->o->dry_run)
        b->needs_seal = 0;
}

/* The period's row of the checkpoints locks_send read under the locks. */
static ldg_code lock_take(bill_ctx *b, ldg_error *err)
{
    int row = ldg_store_row_of(b->checkpoints, 0, b->i);

    if (row < 0)
        return ldg_error_set(err, LDG_EINTERNAL, "tenant id %" PRId32 " has no log head",
                             b->c->tenant_id);
    lock_read(b, b->checkpoints, row);
    return LDG_OK;
}

/* The checkpoint again, after sealing in the lock (seal_in_lock), which this
 * transaction holds already. */
static ldg_code lock_and_check_sealed(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    const char *params[1];
    ldg_pg_arrays a = { 0 };
    PGresult *res = NULL;
    ldg_code rc = ldg_pg_arrays_tenants(&params[0], &a, &b->c->tenant_id, 1, err);

    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st, SQL_CHECKPOINTS, 1, params, err);
    if (rc == LDG_OK && PQntuples(res) != 1)
        rc = ldg_error_set(err, LDG_EINTERNAL, "no checkpoint row for tenant id %" PRId32,
                           b->c->tenant_id);
    if (rc == LDG_OK)
        lock_read(b, res, 0);
    PQclear(res);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* Row i of SQL_ISSUED's answer: ord, kind, doc::text, late. */
static ldg_code issued_doc(ldg_invoice **out, const PGresult *res, int i, ldg_error *err)
{
    ldg_invoice_kind kind;
    json_t *doc = json_loads(PQgetvalue(res, i, 2), 0, NULL);
    ldg_code rc = ldg_invoice_kind_parse(&kind, PQgetvalue(res, i, 1), err);

    if (rc == LDG_OK && !doc)
        rc = ldg_error_set(err, LDG_EINTERNAL, "stored invoice is not JSON");
    if (rc == LDG_OK)
        rc = ldg_invoice_from_json(out, doc, kind, err);
    json_decref(doc);
    return rc;
}

/* The billed part of the period: [max(p.start, starts), min(p.end, ends)). */
static void covered(ldg_time *from, ldg_time *to, const bill_ctx *b)
{
    *from = b->p.start > b->c->starts ? b->p.start : b->c->starts;
    *to = b->p.end < b->c->ends ? b->p.end : b->c->ends;
}

static ldg_time covered_end(const bill_ctx *b)
{
    ldg_time from, to;

    covered(&from, &to, b);
    return to;
}

/*
 * Whether usage of tenant T at site S overlapping [F, E) lies at or after log size
 * RATED (each an SQL expression): usage a rating at RATED did not see. Asked of the
 * usage runs (migration 0016: every usage entry lies in exactly one, which bounds its
 * site, starts and ends) from the one holding RATED on: a run that cannot hold such an
 * entry is passed over, the entries of one that may are read (the (tenant_id, seq)
 * index, within the run). Walking the entries
 * themselves from RATED on, as billing did until issue 13's fifth round, read every entry
 * appended since the period was rated, every night, for every invoiced period: 0.58 s
 * for a period rated 5 M entries ago, 0.5 ms through the runs. A run that lies about its
 * bounds could hide late usage here as it could from an invoice's basis: verify names
 * it, and the evidence bundle's completeness check refuses the basis.
 */
#define SQL_LATE(T, RATED, S, F, E)                                             \
    "EXISTS (SELECT 1 FROM ledger.usage_run r WHERE r.tenant_id = " T           \
    " AND r.seq_lo >= coalesce((SELECT max(r0.seq_lo) FROM ledger.usage_run r0" \
    "  WHERE r0.tenant_id = " T " AND r0.seq_lo <= " RATED "), 0)"              \
    " AND r.seq_hi >= " RATED " AND (r.site_id IS NULL OR r.site_id = " S ")"   \
    " AND r.start_min < " E " AND r.end_max > " F                               \
    " AND EXISTS (SELECT 1 FROM ledger.usage u WHERE u.tenant_id = " T          \
    "  AND u.seq >= greatest(r.seq_lo, " RATED ") AND u.seq <= r.seq_hi"        \
    "  AND u.site_id = " S " AND u.start_at < " E " AND u.end_at > " F "))"

/* SQL_LATE for one period: $1 tenant, $2 the rating's log size, $3 site, $4, $5 the
 * covered part. */
static const char SQL_LATE_USAGE[] = "SELECT " SQL_LATE("$1", "$2", "$3", "$4", "$5");

/* SQL_LATE_USAGE's parameters $1, $3, $4 and $5 (the buffers hold their text). */
typedef struct late_params {
    char t[24], site[24], from[LDG_TIME_BUFLEN], to[LDG_TIME_BUFLEN];
} late_params;

static void late_params_set(late_params *lp, const bill_ctx *b)
{
    ldg_time from, to;

    covered(&from, &to, b);
    i64(lp->t, b->c->tenant_id);
    i64(lp->site, b->c->site_id);
    ldg_time_format(lp->from, from);
    ldg_time_format(lp->to, to);
}

/* Usage newer than a rating of the period (at log size rated_size). */
static ldg_code has_late_usage(int *late, ldg_store *st, const bill_ctx *b,
                               int64_t rated_size, ldg_error *err)
{
    char s[24];
    late_params lp;
    PGresult *res = NULL;
    ldg_code rc;

    late_params_set(&lp, b);
    {
        const char *params[5] = { lp.t, i64(s, rated_size), lp.site, lp.from, lp.to };
        rc = ldg_store_exec(&res, st, SQL_LATE_USAGE, 5, params, err);
    }
    if (rc == LDG_OK)
        *late = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

/*
 * The documents issued for each contract and period, oldest first, each with whether
 * usage came after the ones they were rated from (the largest rated_size among them):
 * read with the opening reads, so that a period invoiced already with nothing new
 * (every night, for every closed period) is settled in one round trip. The usage is
 * looked at only when there is a document. Arrays of one element per period: $1
 * tenant, $2 contract, $3 site, $4, $5 its covered part (SQL_LATE's), $6 period;
 * rows: its place in them (from 1), kind, doc::text, late.
 */
#define SQL_ISSUED_LATE SQL_LATE("q.t", "m.rated", "q.s", "q.f", "q.e")
static const char SQL_ISSUED[] =
    "SELECT q.ord, i.kind, i.doc::text, " SQL_ISSUED_LATE
    " FROM unnest($1::int[], $2::text[], $3::smallint[], $4::timestamptz[],"
    " $5::timestamptz[], $6::text[]) WITH ORDINALITY AS q(t, c, s, f, e, per, ord)"
    " CROSS JOIN LATERAL (SELECT max(rated_size) AS rated FROM ledger.invoice"
    " WHERE tenant_id = q.t AND contract_id = q.c AND period = q.per) m"
    " JOIN ledger.invoice i ON i.tenant_id = q.t AND i.contract_id = q.c"
    " AND i.period = q.per ORDER BY q.ord, i.seq";

/* Period b's element of each of SQL_ISSUED's arrays. */
static ldg_code issued_put(ldg_pg_arrays *a, const bill_ctx *b, ldg_error *err)
{
    char per[8];
    late_params lp;
    ldg_code rc = ldg_pg_arrays_i64(a, 0, b->c->tenant_id, err);

    late_params_set(&lp, b);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 1, b->c->contract_id, err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_i64(a, 2, b->c->site_id, err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 3, lp.from, err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 4, lp.to, err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 5, ldg_period_format(per, b->p), err);
    return rc;
}

/* SQL_ISSUED for the periods b[0..n). */
static ldg_code issued_send(ldg_store_ticket *ticket, ldg_store *st, const bill_ctx *b,
                            size_t n, ldg_error *err)
{
    const char *params[6];
    ldg_pg_arrays a = { 0 };
    ldg_code rc = ldg_pg_arrays_open(&a, 6, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = issued_put(&a, &b[i], err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    if (rc == LDG_OK)
        rc = ldg_store_send(ticket, st, SQL_ISSUED, 6, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* The period's documents in SQL_ISSUED's answer (b->issued), and whether usage came
 * after them (*late; 1 without a document). */
static ldg_code load_issued(ldg_invoice ***out, size_t *n, int *late, const bill_ctx *b,
                            ldg_error *err)
{
    const PGresult *res = b->issued;
    int first = 0, rows = PQntuples(res), k = 0;
    ldg_invoice **docs = NULL;
    ldg_code rc = LDG_OK;

    while (first < rows && ldg_store_int64(res, first, 0) < (int64_t)b->i + 1)
        first++;
    while (first + k < rows && ldg_store_int64(res, first + k, 0) == (int64_t)b->i + 1)
        k++;
    *out = NULL;
    *n = 0;
    *late = k == 0 || strcmp(PQgetvalue(res, first, 3), "t") == 0;
    if (k > 0 && !(docs = calloc((size_t)k, sizeof(*docs))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int r = 0; rc == LDG_OK && r < k; r++)
        rc = issued_doc(&docs[r], res, first + r, err);
    if (rc != LDG_OK) {
        ldg_invoice_docs_free(docs, (size_t)k); /* calloc'd: the unparsed ones are NULL */
        *late = 1;
        return rc;
    }
    *out = docs;
    *n = (size_t)k;
    return LDG_OK;
}

/*
 * The hourly rollups of the periods to rate, in one statement: every row of their
 * tenants (each tenant once in a batch) at their sites in the hours any of them covers;
 * rollups_split gives each period the rows of its own site and covered part, in the
 * order read. Read in binary, the hour as it is stored (formatting each value as text,
 * the hour through extract(epoch ...), was a quarter of the time).
 */
static const char SQL_ROLLUPS[] =
    "SELECT tenant_id, site_id, hour, kind, class, qty_micros FROM ledger.usage_hourly"
    " WHERE tenant_id = ANY($1::int[]) AND site_id = ANY($2::smallint[])"
    " AND hour >= to_timestamp($3) AND hour < to_timestamp($4) AND qty_micros <> 0";
enum { ROLLUP_COL = 2 }; /* hour, kind, class, qty_micros from here */

/* Rates the period from its hourly rollups (rating_read; they split records by the
 * same rule the rating core uses, so this equals rating the raw records). */
static ldg_code rate(ldg_draft **out, ldg_store *st, const bill_ctx *b, ldg_error *err)
{
    ldg_rating *r = NULL;
    ldg_demand_usage *du = NULL;
    ldg_code rc = ldg_rate_new(&r, b->contract, b->p, err);

    *out = NULL;
    if (rc == LDG_OK) /* demand lines: the 15-minute sums (none without demand terms) */
        rc = ldg_demand_store_load(&du, st, b->c->tenant_id, b->c->site_id, b->contract,
                                   b->p, err);
    if (rc == LDG_OK)
        ldg_rate_set_demand(r, du);
    for (size_t i = 0; rc == LDG_OK && i < b->nrows; i++) {
        ldg_usage u;
        int is = 0;

        rc = ldg_rollup_row_usage_bin(&is, &u, b->rollups, b->rows[i], ROLLUP_COL, err);
        if (rc == LDG_OK && is)
            rc = ldg_rate_add(r, &u, err);
    }
    if (rc == LDG_OK)
        rc = ldg_rate_finish(out, r, err);
    ldg_rate_free(r);
    ldg_demand_usage_free(du);
    return rc;
}

/*
 * The next number of each series (one per tenant) for the year of as_of, and the log
 * heads, of the documents about to be issued together: one statement each
 * (doc_reads). $1 tenant ids, $2 series, $3 years.
 */
static const char SQL_NUMBERS[] =
    "INSERT INTO ledger.invoice_counter AS c (tenant_id, series, year, last)"
    " SELECT q.t, q.s, q.y, 1 FROM unnest($1::int[], $2::text[], $3::int[]) AS q(t, s, y)"
    " ON CONFLICT (tenant_id, series, year) DO UPDATE SET last = c.last + 1"
    " RETURNING tenant_id, last, year";

typedef struct doc_answers {
    PGresult *numbers, *heads;
} doc_answers;

static ldg_code numbers_send(ldg_store_ticket *ticket, ldg_store *st, bill_ctx *const *bs,
                             size_t k, ldg_error *err)
{
    const char *params[3];
    ldg_pg_arrays a = { 0 };
    int64_t year;
    int mo, d, hh, mm, ss;
    ldg_code rc = ldg_pg_arrays_open(&a, 3, err);

    for (size_t i = 0; rc == LDG_OK && i < k; i++) {
        ldg_time_to_civil(bs[i]->o->as_of, &year, &mo, &d, &hh, &mm, &ss);
        rc = ldg_pg_arrays_i64(&a, 0, bs[i]->c->tenant_id, err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_text(&a, 1, ldg_contract_invoice_series(bs[i]->contract),
                                    err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_i64(&a, 2, year, err);
    }
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    if (rc == LDG_OK)
        rc = ldg_store_send(ticket, st, SQL_NUMBERS, 3, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* The numbers and log heads of the documents of bs[0..k) (each of another tenant), in
 * one round trip with what was sent before them (their basis's reads). */
static ldg_code doc_reads(doc_answers *out, ldg_store *st, bill_ctx *const *bs, size_t k,
                          ldg_error *err)
{
    int32_t tenants[LDG_BILL_BATCH_MAX] = { 0 };
    ldg_store_ticket tn = 0, th = 0;
    ldg_code rc;

    for (size_t i = 0; i < k && i < LDG_BILL_BATCH_MAX; i++)
        tenants[i] = bs[i]->c->tenant_id;
    rc = numbers_send(&tn, st, bs, k, err);
    if (rc == LDG_OK)
        rc = ldg_log_appenders_send_locked(&th, st, tenants, k, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&out->numbers, st, tn, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&out->heads, st, th, err);
    return rc;
}

static void doc_answers_clear(doc_answers *a)
{
    PQclear(a->numbers);
    PQclear(a->heads);
    a->numbers = NULL;
    a->heads = NULL;
}

/* The number SQL_NUMBERS gave b's document. */
static ldg_code number_of(char *out, size_t size, const bill_ctx *b, const PGresult *res,
                          ldg_error *err)
{
    const char *series = ldg_contract_invoice_series(b->contract);

    for (int r = 0; r < PQntuples(res); r++)
        if (ldg_store_int64(res, r, 0) == b->c->tenant_id) {
            int64_t n = ldg_store_int64(res, r, 1), year = ldg_store_int64(res, r, 2);

            if (n > 999999)
                return ldg_error_set(err, LDG_ERANGE,
                                     "invoice series \"%s\" is full for %" PRId64, series,
                                     year);
            snprintf(out, size, "%s-%04" PRId64 "-%06" PRId64, series, year, n);
            return LDG_OK;
        }
    return ldg_error_set(err, LDG_EINTERNAL, "no invoice number for contract \"%s\"",
                         b->c->contract_id);
}

enum { LINE_COLS = 9 }; /* line_no .. amount: one array each */

/* Line i of inv as the next element of each of the LINE_COLS arrays line_arrays
 * gives. */
static ldg_code line_put(ldg_pg_arrays *a, const ldg_invoice *inv, size_t i,
                         ldg_error *err)
{
    const ldg_line *l = ldg_invoice_line(inv, i);
    const int64_t n[] = { (int64_t)i + 1, l->from,        l->to,
                          l->qty_micros,  l->rate_micros, l->amount_micros };
    const int at[] = { 0, 3, 4, 5, 7, 8 }; /* the integer columns */
    ldg_code rc = LDG_OK;

    for (size_t k = 0; rc == LDG_OK && k < sizeof(at) / sizeof(at[0]); k++)
        rc = ldg_pg_arrays_i64(a, at[k], n[k], err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 1, ldg_rate_stream_name(l->stream), err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 2, ldg_contract_class_name(l->cls), err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_text(a, 6, l->unit, err);
    return rc;
}

/* Every line of inv as LINE_COLS array parameters (params[0..LINE_COLS), valid until
 * a is cleaned up), unnested in line order by insert_invoice's statement. */
static ldg_code line_arrays(const char **params, ldg_pg_arrays *a, const ldg_invoice *inv,
                            ldg_error *err)
{
    size_t n = ldg_invoice_line_count(inv);
    ldg_code rc = ldg_pg_arrays_open(a, LINE_COLS, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = line_put(a, inv, i, err);
    return rc == LDG_OK ? ldg_pg_arrays_close(params, a, err) : rc;
}

/*
 * What the document about to be issued is rated from (invoice.h, ldg_invoice_basis):
 * the usage the bundle verifier re-rates (the contract's site and term, overlapping the
 * period, below the checkpoint), the contract's entries and the documents already
 * issued for the period, in seq order. The log head is locked, so all of them precede
 * the document. Rating reads the rollups, which carry no seq; the raw entries are what a
 * tenant can check. The usage part comes from the runs ingest wrote with the entries
 * (usage_run.h): a run wholly inside the selection gives its seqs without reading its
 * entries, one partly inside has its entries read.
 */

/* $1 tenant, $2 contract, $3 period: the basis's entries that are not usage. */
static const char SQL_BASIS_DOCS[] =
    "SELECT seq FROM ledger.contract_doc WHERE tenant_id = $1 AND contract_id = $2"
    " UNION ALL SELECT seq FROM ledger.invoice"
    " WHERE tenant_id = $1 AND contract_id = $2 AND period = $3 ORDER BY seq";

/* $1 tenant, seqs $2 to $3, at site $4, ending after $5 and starting before $6: the
 * usage entries of the basis in a run partly inside it. */
static const char SQL_BASIS_USAGE[] =
    "SELECT seq FROM ledger.usage WHERE tenant_id = $1 AND seq >= $2 AND seq <= $3"
    " AND site_id = $4 AND end_at > $5 AND start_at < $6 ORDER BY seq";

/* The selection's bounds: the period's and the term's together. */
static void basis_bounds(ldg_time *from, ldg_time *to, const bill_ctx *b)
{
    ldg_time tf = ldg_contract_starts(b->contract), te = ldg_contract_ends(b->contract);

    *from = b->p.start > tf ? b->p.start : tf;
    *to = b->p.end < te ? b->p.end : te;
}

typedef struct basis_sent {
    ldg_store_ticket runs, docs;
    int docs_sent; /* 0: the documents are the contract's, read with it (b->contract_seqs)
                    */
} basis_sent;

/* Sends the basis's reads (basis_take reads them, and the entries of partial runs). */
static ldg_code basis_send(basis_sent *sent, ldg_store *st, const bill_ctx *b,
                           ldg_error *err)
{
    char t[24], per[8];
    const char *params[3] = { i64(t, b->c->tenant_id), b->c->contract_id,
                              ldg_period_format(per, b->p) };
    ldg_time from, to;
    ldg_code rc;

    basis_bounds(&from, &to, b);
    rc = ldg_usage_run_send(&sent->runs, st, b->c->tenant_id, b->c->site_id, b->ck_size,
                            from, to, err);
    /* the period's first document: no document of it exists (read under the lock), so
     * its entries are the contract's, read with it under the same lock */
    sent->docs_sent = !(b->ndocs == 0 && b->nout == 0);
    if (rc != LDG_OK || !sent->docs_sent)
        return rc;
    return ldg_store_send(&sent->docs, st, SQL_BASIS_DOCS, 3, params, err);
}

/* The digest as it is built: usage seqs in order, the documents' merged in. */
typedef struct basis_walk {
    ldg_basis_digest *d;
    ldg_invoice_basis *out;
    const int64_t *docs; /* the documents' seqs, ascending */
    size_t ndocs;
    size_t doc; /* the next one */
} basis_walk;

/* Adds the documents before seq. */
static ldg_code docs_before(basis_walk *w, int64_t seq, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (; rc == LDG_OK && w->doc < w->ndocs; w->doc++) {
        int64_t d = w->docs[w->doc];

        if (d >= seq)
            break;
        rc = ldg_basis_digest_add(w->d, d, err);
    }
    return rc;
}

/* Adds the usage seqs lo to hi, and the documents before and between them. */
static ldg_code usage_range(basis_walk *w, int64_t lo, int64_t hi, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    if (lo < w->out->from)
        w->out->from = lo;
    while (rc == LDG_OK && lo <= hi) {
        int64_t next = INT64_MAX, upto;

        rc = docs_before(w, lo, err);
        if (rc == LDG_OK && w->doc < w->ndocs)
            next = w->docs[w->doc];
        if (rc == LDG_OK && next == lo)
            return ldg_error_set(err, LDG_EINTERNAL,
                                 "basis: seq %" PRId64 " is a document and, by"
                                 " ledger.usage_run, a usage entry",
                                 lo);
        upto = next <= hi ? next - 1 : hi;
        if (rc == LDG_OK)
            rc = ldg_basis_digest_add_range(w->d, lo, upto, err);
        lo = upto + 1;
    }
    return rc;
}

/* The entries of a run partly inside the selection, read. */
static ldg_code usage_rows(basis_walk *w, ldg_store *st, const bill_ctx *b, int64_t lo,
                           int64_t hi, ldg_error *err)
{
    char t[24], l[24], h[24], site[24], f[LDG_TIME_BUFLEN], e[LDG_TIME_BUFLEN];
    ldg_time from, to;
    PGresult *res = NULL;
    ldg_code rc;

    basis_bounds(&from, &to, b);
    {
        const char *params[6] = { i64(t, b->c->tenant_id),
                                  i64(l, lo),
                                  i64(h, hi),
                                  i64(site, b->c->site_id),
                                  ldg_time_format(f, from),
                                  ldg_time_format(e, to) };
        rc = ldg_store_exec(&res, st, SQL_BASIS_USAGE, 6, params, err);
    }
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        int64_t seq = ldg_store_int64(res, r, 0);
        rc = usage_range(w, seq, seq, err);
    }
    PQclear(res);
    return rc;
}

/* The usage of runs, each below the checkpoint: whole, read, or not at all. */
static ldg_code basis_runs(basis_walk *w, ldg_store *st, const bill_ctx *b,
                           const ldg_usage_runs *runs, ldg_error *err)
{
    ldg_time from, to;
    ldg_code rc = LDG_OK;

    basis_bounds(&from, &to, b);
    for (size_t i = 0; rc == LDG_OK && i < runs->n; i++) {
        const ldg_usage_run *r = &runs->v[i];
        int64_t hi = r->seq_hi < b->ck_size ? r->seq_hi : b->ck_size - 1;

        switch (r->seq_lo <= hi ? ldg_usage_run_cover(r, b->c->site_id, from, to)
                                : LDG_RUN_NONE) {
        case LDG_RUN_ALL:
            rc = usage_range(w, r->seq_lo, hi, err);
            break;
        case LDG_RUN_SOME:
            rc = usage_rows(w, st, b, r->seq_lo, hi, err);
            break;
        case LDG_RUN_NONE:
            break;
        }
    }
    return rc;
}

/* The documents' seqs SQL_BASIS_DOCS read (*seqs, to free()), or the contract's. */
static ldg_code basis_docs(basis_walk *w, int64_t **seqs, ldg_store *st,
                           const bill_ctx *b, const basis_sent *sent, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc;

    *seqs = NULL;
    w->docs = b->contract_seqs;
    w->ndocs = b->ncontract_seqs;
    if (!sent->docs_sent)
        return LDG_OK;
    rc = ldg_store_take(&res, st, sent->docs, err);
    w->ndocs = rc == LDG_OK ? (size_t)PQntuples(res) : 0;
    if (rc == LDG_OK && w->ndocs > 0 && !(*seqs = malloc(w->ndocs * sizeof(**seqs))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < w->ndocs; i++)
        (*seqs)[i] = ldg_store_int64(res, (int)i, 0);
    w->docs = *seqs;
    PQclear(res);
    return rc;
}

/* basis_send's answers, and the entries of runs partly inside the selection. */
static ldg_code basis_take(ldg_invoice_basis *out, ldg_store *st, const bill_ctx *b,
                           const basis_sent *sent, ldg_error *err)
{
    ldg_usage_runs runs = { 0 };
    int64_t *docs = NULL;
    basis_walk w = { .out = out };
    ldg_code rc = basis_docs(&w, &docs, st, b, sent, err);

    out->from = b->ck_size;
    if (rc == LDG_OK)
        rc = ldg_usage_run_take(&runs, st, sent->runs, err);
    if (rc == LDG_OK)
        rc = ldg_basis_digest_new(&w.d, err);
    if (rc == LDG_OK)
        rc = basis_runs(&w, st, b, &runs, err);
    if (rc == LDG_OK)
        rc = docs_before(&w, INT64_MAX, err);
    if (rc == LDG_OK)
        ldg_basis_digest_finish(w.d, out);
    ldg_basis_digest_free(w.d);
    ldg_usage_runs_cleanup(&runs);
    free(docs);
    return rc;
}

/* The document a draft holds: as it would be issued, with its tax, without number,
 * issue instant, due date and basis (they are the approval's: a placeholder number
 * passes the document rules and is removed). */
static ldg_code draft_doc(json_t **out, const bill_ctx *b, const ldg_draft *draft,
                          ldg_invoice_kind kind, const char *amends,
                          const ldg_tax_amount *tax, ldg_error *err)
{
    char number[64];
    ldg_invoice_tax tax_items[LDG_TAX_MAX_ENTRIES];
    ldg_invoice_terms terms;
    ldg_invoice_meta meta = { .kind = kind,
                              .number = number,
                              .issued = b->o->as_of,
                              .amends = amends,
                              .rated_from_size = b->ck_size,
                              .rated_from_root = b->ck_root,
                              .terms = &terms };
    ldg_invoice *inv = NULL;
    ldg_code rc;

    snprintf(number, sizeof(number), "%s-0000-999999",
             ldg_contract_invoice_series(b->contract));
    rc = ldg_invoice_terms_make(&terms, tax_items, &b->terms, tax, b->o->as_of, err);
    if (rc == LDG_OK)
        rc = ldg_invoice_new(&inv, draft, &meta, err);
    if (rc == LDG_OK)
        rc = ldg_invoice_to_json(out, inv, err);
    if (rc == LDG_OK) {
        json_object_del(*out, "number");
        json_object_del(*out, "issued");
        json_object_del(*out, "due");
    }
    ldg_invoice_free(inv);
    return rc;
}

/* "above the contract's amend_approval.amount_above 10000.00" and the like. */
static void limit_phrase(char *out, size_t size, ldg_amend_limit l, int contract,
                         const ldg_amend_threshold *t, int digits)
{
    char v[LDG_FIXED_BUFLEN];

    if (l == LDG_AMEND_ABOVE_AMOUNT)
        snprintf(out, size, "above %s %s",
                 contract ? "the contract's amend_approval"
                            ".amount_above"
                          : "--hold-amend-above",
                 ldg_fixed_format(v, t->amount_micros, digits));
    else
        snprintf(out, size, "above %s %s%% of the original's total",
                 contract ? "the contract's amend_approval.percent_above"
                          : "--hold-amend-percent",
                 ldg_fixed_format(v, t->percent_micros, 6));
}

/*
 * Whether the amending document doc is above the contract's threshold own (NULL: none)
 * or the run's (amend_threshold.h): *over = 1 holds it, and the caller is told why.
 */
static ldg_code amend_above(int *over, bill_ctx *b, const json_t *doc, const char *kind,
                            const ldg_amend_threshold *own, ldg_error *err)
{
    const json_t *total = json_object_get(doc, "total");
    const char *cur = ldg_contract_currency(b->contract);
    int digits = ldg_contract_currency_digits(cur);
    ldg_amend_limit l = LDG_AMEND_WITHIN;
    int64_t t = 0;
    char why[160];
    ldg_code rc =
        ldg_fixed_parse(&t, json_string_value(total), json_string_length(total), err);

    *over = 0;
    if (rc != LDG_OK)
        return rc;
    if ((l = ldg_amend_threshold_above(own, t, b->original_total)) != LDG_AMEND_WITHIN)
        limit_phrase(why, sizeof(why), l, 1, own, digits);
    else if ((l = ldg_amend_threshold_above(&b->o->amend_hold, t, b->original_total)) !=
             LDG_AMEND_WITHIN)
        limit_phrase(why, sizeof(why), l, 0, &b->o->amend_hold, digits);
    *over = l != LDG_AMEND_WITHIN;
    b->amend_held += *over;
    if (*over && b->o->on_held)
        b->o->on_held(b->o->ctx, b->c, b->p, kind, json_string_value(total), cur, why);
    return LDG_OK;
}

/*
 * The branch for documents that wait for a person (docs/receivables.md "Approval"):
 * *go = 1 issues as usual. Holding, the document is stored as a draft instead. When
 * approving, only the approved draft's document is issued, and only if the period's
 * rating still gives it (ldg_draft_match refuses otherwise); others wait.
 */
static ldg_code awaits_person(int *go, ldg_store *st, bill_ctx *b, const ldg_draft *draft,
                              ldg_invoice_kind kind, const char *amends,
                              const ldg_tax_amount *tax, ldg_error *err)
{
    const char *k = ldg_invoice_kind_name(kind);
    const ldg_amend_threshold *own =
        b->terms.has_amend_approval ? &b->terms.amend_approval : NULL;
    json_t *doc = NULL;
    int over = 0;
    ldg_code rc;

    /* an amending document is measured also when it is drafted anyway (a pending
     * draft, --hold), so that one above a limit is reported as held every time */
    int measure = amends && !b->o->approve &&
                  (own || b->o->amend_hold.has_amount || b->o->amend_hold.has_percent);

    *go = !b->hold && !b->o->approve;
    if (*go && !measure)
        return LDG_OK;
    rc = draft_doc(&doc, b, draft, kind, amends, tax, err);
    if (rc == LDG_OK && measure) {
        rc = amend_above(&over, b, doc, k, own, err);
        *go = *go && !over;
    }
    if (rc == LDG_OK && (b->hold || over)) {
        rc = ldg_draft_put(st, b->c, b->p, k, amends, doc, b->ck_size, b->ck_root,
                           b->o->as_of, err);
        b->drafted++;
    } else if (rc == LDG_OK && b->o->approve) {
        rc = ldg_draft_match(go, b->o->approve, k, amends, doc, b->stale, err);
    }
    json_decref(doc);
    return rc;
}

/* A document about to be issued: what it is, the reads sent for it, and its number and
 * log head (doc_reads, borrowed). */
typedef struct issuing {
    const ldg_draft *draft;
    ldg_invoice_kind kind;
    const char *amends;
    ldg_tax_amount tax[LDG_TAX_MAX_ENTRIES];
    basis_sent basis;
    const doc_answers *answers;
} issuing;

/*
 * The first half of issuing one document, whose tax per entry is tax: unless it waits
 * for a person (*go 0), its basis's reads are sent, and then its number and the log's
 * head are asked for (doc_reads: with those of the other periods of a batch), for
 * issue_finish to read in the same round trip as other periods' reads.
 */
static ldg_code issue_send(int *go, issuing *is, ldg_store *st, bill_ctx *b,
                           const ldg_draft *draft, ldg_invoice_kind kind,
                           const char *amends, const ldg_tax_amount *tax, ldg_error *err)
{
    ldg_code rc = awaits_person(go, st, b, draft, kind, amends, tax, err);

    is->draft = draft;
    is->kind = kind;
    is->amends = amends;
    memcpy(is->tax, tax, sizeof(is->tax));
    is->answers = NULL;
    if (rc != LDG_OK || !*go)
        return rc;
    return basis_send(&is->basis, st, b, err);
}

/* Keeps the document's data for opts->on_doc, called once the transaction is over. */
static void keep_out(bill_ctx *b, ldg_invoice_kind kind, json_t *data)
{
    if (b->nout < sizeof(b->out) / sizeof(b->out[0])) {
        b->out[b->nout].kind = ldg_invoice_kind_name(kind);
        b->out[b->nout++].data = json_incref(data);
    }
}

/*
 * The invoice's row and its lines, queued (inv numbered, appended at seq), in one
 * statement: the lines are inserted from the invoice's row as it is inserted (so in
 * that order, as two statements did), each column of them an array parameter.
 */
static const char SQL_INSERT_INVOICE[] =
    "WITH i AS (INSERT INTO ledger.invoice (tenant_id, number, seq, kind,"
    " contract_id, period, amends, currency, total_micros, issued_at,"
    " rated_size, rated_root, doc) VALUES ($1, $2, $3, $4, $5, $6, $7,"
    " $8, $9, to_timestamp($10), $11, decode($12, 'base64'), $13::jsonb)"
    " RETURNING tenant_id, number)"
    " INSERT INTO ledger.invoice_line (tenant_id, number, line_no, stream,"
    " class, from_at, to_at, qty_micros, unit, rate_micros, amount_micros)"
    " SELECT i.tenant_id, i.number, l.no, l.stream, l.class, to_timestamp(l.f),"
    " to_timestamp(l.e), l.q, l.unit, l.r, l.a FROM i, unnest($14::int[],"
    " $15::text[], $16::text[], $17::bigint[], $18::bigint[], $19::bigint[],"
    " $20::text[], $21::bigint[], $22::bigint[])"
    " WITH ORDINALITY AS l(no, stream, class, f, e, q, unit, r, a, ord)"
    " ORDER BY l.ord";

static ldg_code insert_invoice(ldg_store *st, const bill_ctx *b, const issuing *is,
                               const ldg_invoice *inv, int64_t seq, const json_t *data,
                               ldg_error *err)
{
    char t[24], seqs[24], total[24], issued[24], size[24], per[8];
    char *text = json_dumps(data, JSON_COMPACT);
    const char *params[13 + LINE_COLS] = { i64(t, b->c->tenant_id),
                                           ldg_invoice_number(inv),
                                           i64(seqs, seq),
                                           ldg_invoice_kind_name(is->kind),
                                           b->c->contract_id,
                                           ldg_period_format(per, b->p),
                                           is->amends,
                                           ldg_contract_currency(b->contract),
                                           i64(total, ldg_invoice_total(inv)),
                                           i64(issued, b->o->as_of),
                                           i64(size, b->ck_size),
                                           b->ck_root,
                                           text };
    ldg_pg_arrays a = { 0 };
    ldg_code rc = text ? LDG_OK : ldg_error_set(err, LDG_ENOMEM, "out of memory");

    if (rc == LDG_OK)
        rc = line_arrays(params + 13, &a, inv, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec_later(st, SQL_INSERT_INVOICE, 13 + LINE_COLS, params, err);
    ldg_pg_arrays_cleanup(&a);
    free(text);
    return rc;
}

/* The second half: numbers, appends and indexes the document issue_send sent for. */
static ldg_code issue_finish(ldg_store *st, bill_ctx *b, const issuing *is,
                             ldg_error *err)
{
    char number[64];
    ldg_invoice_meta meta = { .kind = is->kind,
                              .number = number,
                              .issued = b->o->as_of,
                              .amends = is->amends,
                              .rated_from_size = b->ck_size,
                              .rated_from_root = b->ck_root };
    ldg_invoice_tax tax_items[LDG_TAX_MAX_ENTRIES];
    ldg_invoice_terms terms;
    ldg_invoice_basis basis;
    ldg_invoice *inv = NULL;
    ldg_log_appender *log = NULL;
    json_t *data = NULL;
    int64_t seq = -1;
    ldg_code rc = number_of(number, sizeof(number), b, is->answers->numbers, err);

    if (rc == LDG_OK)
        rc = ldg_log_appender_of(&log, st, b->c->tenant_id, is->answers->heads, err);
    if (rc == LDG_OK)
        rc = basis_take(&basis, st, b, &is->basis, err);
    meta.basis = &basis;
    meta.terms = &terms;
    if (rc == LDG_OK)
        rc = ldg_invoice_terms_make(&terms, tax_items, &b->terms, is->tax, b->o->as_of,
                                    err);
    if (rc == LDG_OK && b->o->approve)
        terms.approved_by = b->o->approve->by; /* the person who approved its draft */
    if (rc == LDG_OK)
        rc = ldg_invoice_new(&inv, is->draft, &meta, err);
    if (rc == LDG_OK)
        rc = ldg_invoice_to_json(&data, inv, err);
    if (rc == LDG_OK)
        keep_out(b, is->kind, data);
    if (rc == LDG_OK)
        rc = ldg_log_append_doc_one(&seq, log, b->c->tenant,
                                    ldg_invoice_kind_name(is->kind), data, err);
    if (rc == LDG_OK)
        rc = insert_invoice(st, b, is, inv, seq, data, err);
    if (rc == LDG_OK && b->o->approve)
        rc = ldg_draft_approved(st, b->o->approve, b->c, number, b->o->as_of, err);
    json_decref(data);
    ldg_invoice_free(inv);
    ldg_log_appender_free(log);
    return rc;
}

/* Numbers, appends and indexes one document, whose tax per entry is tax. */
static ldg_code issue(ldg_store *st, bill_ctx *b, const ldg_draft *draft,
                      ldg_invoice_kind kind, const char *amends,
                      const ldg_tax_amount *tax, ldg_error *err)
{
    issuing is;
    doc_answers a = { 0 };
    int go = 0;
    ldg_code rc = issue_send(&go, &is, st, b, draft, kind, amends, tax, err);

    if (rc == LDG_OK && go)
        rc = doc_reads(&a, st, &b, 1, err);
    is.answers = &a;
    if (rc == LDG_OK && go)
        rc = issue_finish(st, b, &is, err);
    doc_answers_clear(&a);
    return rc;
}

static ldg_code amend(ldg_store *st, bill_ctx *b, const ldg_draft *rerated,
                      ldg_invoice **docs, size_t n, ldg_error *err)
{
    ldg_tax_amount issued[LDG_TAX_MAX_ENTRIES], sup_tax[LDG_TAX_MAX_ENTRIES],
        cn_tax[LDG_TAX_MAX_ENTRIES];
    ldg_draft *sup = NULL, *cn = NULL;
    const char *original = NULL;
    ldg_code rc;

    for (size_t i = 0; i < n; i++)
        if (!ldg_invoice_amends(docs[i])) {
            original = ldg_invoice_number(docs[i]);
            b->original_total = ldg_invoice_total(docs[i]);
        }
    rc = ldg_invoice_diff(&sup, &cn, rerated, (const ldg_invoice *const *)docs, n, err);
    /* both documents' tax at once: the credit note's counts the supplementary's */
    if (rc == LDG_OK && (sup || cn))
        rc = ldg_invoice_tax_issued(issued, &b->terms, (const ldg_invoice *const *)docs,
                                    n, err);
    if (rc == LDG_OK && (sup || cn))
        rc = ldg_tax_amend(sup_tax, cn_tax, b->terms.tax, b->terms.ntax, issued, sup, cn,
                           err);
    if (rc == LDG_OK && sup)
        rc = issue(st, b, sup, LDG_INVOICE_KIND_INVOICE, original, sup_tax, err);
    if (rc == LDG_OK && cn)
        rc = issue(st, b, cn, LDG_INVOICE_KIND_CREDIT_NOTE, original, cn_tax, err);
    b->outcome = sup || cn ? LDG_BILL_AMENDED : LDG_BILL_UNCHANGED;
    ldg_rate_draft_free(sup);
    ldg_rate_draft_free(cn);
    return rc;
}

/* Whether any site was over capacity in b's period, asked once per period of a run
 * (ldg_bill_memo); 1 without a memo: every contract runs the full check. */
static ldg_code capacity_memo(int *with_capacity, ldg_store *st, const bill_ctx *b,
                              ldg_error *err)
{
    ldg_bill_memo *m = b->o->memo;
    size_t i;

    *with_capacity = 1;
    if (!m)
        return LDG_OK;
    for (i = 0; i < m->n && m->periods[i].period_start != b->p.start; i++)
        ;
    if (i == m->n && m->n < sizeof(m->periods) / sizeof(m->periods[0])) {
        int any = 1;
        ldg_code rc = ldg_recon_over_capacity(&any, st, b->p, err);
        if (rc != LDG_OK)
            return rc;
        m->periods[m->n].period_start = b->p.start;
        m->periods[m->n].over_capacity = any;
        m->n++;
    }
    if (i < m->n)
        *with_capacity = m->periods[i].over_capacity;
    return LDG_OK;
}

/* Blocking findings of the contract (rating_read read their first part). */
static ldg_code blocking_take(int *count, ldg_store *st, const bill_ctx *b,
                              ldg_error *err)
{
    int with_capacity = 1;
    ldg_code rc = capacity_memo(&with_capacity, st, b, err);

    *count = 0;
    return rc == LDG_OK
               ? ldg_recon_blocking_take(
                     count, st, b->keys, b->keys_i, b->c->tenant_id, b->c->contract_id,
                     b->p, with_capacity,
                     ldg_recon_maintenance_checked(b->contract, covered_end(b)), err)
               : rc;
}

/*
 * The drafts of the period (draft_store.h). A pending or rejected draft keeps the
 * period waiting while it has no usage newer than the draft's rating: the batch does
 * not issue around a pending draft, nor propose a rejected rating again. Once usage
 * moved, the period is rated again, as drafts when one was pending, the run holds or
 * the contract asks for approval. Approving rates again too, to compare.
 */
static ldg_code gate(int *late, ldg_store *st, bill_ctx *b, ldg_error *err)
{
    ldg_draft_gate g;
    int moved = 1;
    ldg_code rc = LDG_OK;

    if (b->o->approve)
        rc = ldg_draft_lock(&g, st, b->c->tenant_id, b->o->approve, err);
    else
        ldg_draft_gate_of(&g, b->gates, b->i);
    if (rc == LDG_OK && g.rated_size >= 0)
        rc = has_late_usage(&moved, st, b, g.rated_size, err);
    if (rc != LDG_OK)
        return rc;
    b->drafted = 0;
    b->amend_held = 0;
    b->outcome = 0;
    if (b->o->approve) {
        b->stale = moved;
        b->hold = 0;
        *late = 1;
    } else if ((g.pending || g.rejected) && !moved) {
        *late = 0;
        b->outcome = LDG_BILL_AWAITING;
    } else {
        *late = *late || g.pending;
        b->hold = g.pending || b->o->hold || ldg_contract_approval_required(b->contract);
    }
    return LDG_OK;
}

/*
 * Whether a person holds the contract (hold_store.h): then nothing is issued or drafted
 * for it, and approving one of its drafts is refused, until the hold is released. Read
 * under the log head's lock, so a hold committed before it stops this run.
 */
static ldg_code person_holds(int *held, const bill_ctx *b, ldg_error *err)
{
    ldg_contract_hold h;

    ldg_hold_of(&h, b->holds, b->i);
    *held = h.held;
    if (*held && b->o->approve)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "contract \"%s\" is held by %s: %s (release it first with"
                             " 'leaseledger invoice release --tenant %s --contract %s')",
                             b->c->contract_id, h.held_by, h.reason, b->c->tenant,
                             b->c->contract_id);
    return LDG_OK;
}

/* Forgets the contract a run read. */
static void contract_drop(bill_ctx *b)
{
    ldg_contract_free(b->contract);
    free(b->contract_seqs);
    b->contract = NULL;
    b->contract_seqs = NULL;
    b->ncontract_seqs = 0;
}

/* The contract as it stands under the head's lock, and its terms for the period. */
static ldg_code contract_take(bill_ctx *b, ldg_error *err)
{
    ldg_code rc;

    contract_drop(b); /* a run before (retried, or sealed in between) */
    rc = ldg_registry_contract_of(&b->contract, &b->contract_seqs, &b->ncontract_seqs,
                                  b->contracts, b->i, b->c->contract_id, err);
    if (rc == LDG_OK) {
        ldg_invoice_terms_in_force(&b->terms, b->contract, b->p);
        b->demand = ldg_demand_applies(b->contract, b->p);
    }
    return rc;
}

/*
 * The heads' locks, the first statement of every run of a batch (store.h,
 * ldg_store_exec_later), then their checkpoints (*ticket): what the periods read next
 * (their contracts, holds, draft gates and documents issued: marks_read) is sent after
 * them, so that it runs under the locks on a snapshot of its own. Sealing in between
 * (seal_in_lock) changes none of what they read: it adds no usage.
 */
static ldg_code locks_send(ldg_store_ticket *ticket, ldg_store *st,
                           const int32_t *tenants, size_t n, ldg_error *err)
{
    const char *params[1];
    ldg_pg_arrays a = { 0 };
    ldg_code rc = ldg_pg_arrays_tenants(&params[0], &a, tenants, n, err);

    if (rc == LDG_OK)
        rc = ldg_store_exec_later(st, SQL_LOCK, 1, params, err);
    if (rc == LDG_OK)
        rc = ldg_store_send(ticket, st, SQL_CHECKPOINTS, 1, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* Forgets what a run of the period before learned (a retried transaction). */
static void bill_reset(bill_ctx *b)
{
    ldg_invoice_docs_free(b->docs, b->ndocs);
    ldg_rate_draft_free(b->draft);
    free(b->issuing);
    for (size_t i = 0; i < b->nout; i++)
        json_decref(b->out[i].data);
    b->docs = NULL;
    b->ndocs = 0;
    b->draft = NULL;
    b->issuing = NULL;
    b->nout = 0;
    b->outcome = 0;
    b->needs_seal = 0;
    b->drafted = 0;
    b->amend_held = 0;
    b->step = STEP_DONE;
}

/* Seals the tenant's usage under the head's lock (with a signer, not rehearsing) and
 * reads its checkpoint again; b->needs_seal stays 1 when that is not possible. */
static ldg_code seal_in_lock(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    /* sealed here, under the log head's lock: sealed in a transaction of its own, an
     * ingest running meanwhile commits a chunk before this one locks the head, every
     * time, and billing beside an ingest gave up (bill_sealed) */
    ldg_code rc = LDG_OK;

    if (b->o->signer && !b->o->dry_run)
        rc =
            ldg_seal_tenant_in_xact(st, b->o->signer, b->c->tenant_id, b->c->tenant, err);
    if (rc == LDG_OK && b->o->signer && !b->o->dry_run)
        rc = lock_and_check_sealed(b, st, err);
    return rc;
}

/*
 * The first phase's answers (marks_read): what the period needs. A period held by a
 * person, invoiced already with nothing new, or waiting for a person is settled; one
 * to rate has its rollups and blocking checks sent (STEP_RATE). Usage no checkpoint
 * covers, once sealing in the lock could not cover it, leaves the period for
 * bill_sealed (b->needs_seal); so does a batch with a period to amend (STEP_ALONE).
 */
static ldg_code open_take(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    int held = 0, late = 1;
    ldg_code rc = lock_take(b, err);

    if (rc == LDG_OK)
        rc = contract_take(b, err);
    if (rc == LDG_OK)
        rc = person_holds(&held, b, err);
    if (rc == LDG_OK && held) {
        b->needs_seal = 0;
        b->outcome = LDG_BILL_STOPPED;
        return LDG_OK;
    }
    if (rc == LDG_OK && b->needs_seal)
        rc = seal_in_lock(b, st, err);
    if (rc == LDG_OK && b->needs_seal) {
        b->step = b->batched ? STEP_ALONE : STEP_DONE; /* the caller seals, runs again */
        return LDG_OK;
    }
    /* an invoiced period with nothing new is settled before any reconciliation */
    if (rc == LDG_OK)
        rc = load_issued(&b->docs, &b->ndocs, &late, b, err);
    if (rc == LDG_OK)
        rc = gate(&late, st, b, err);
    if (rc == LDG_OK && !late && b->outcome != LDG_BILL_AWAITING)
        b->outcome = LDG_BILL_UNCHANGED;
    if (rc != LDG_OK || !late)
        return rc;
    if (b->batched && b->ndocs > 0) {
        b->step = STEP_ALONE;
        return LDG_OK;
    }
    b->step =
        STEP_RATE; /* its rollups and blocking checks: rating_read, for all at once */
    return LDG_OK;
}

/* The original invoice of the period, sent for (STEP_ISSUE) unless it waits for a
 * person. */
static ldg_code original_send(ldg_store *st, bill_ctx *b, ldg_error *err)
{
    ldg_tax_amount tax[LDG_TAX_MAX_ENTRIES] = { 0 };
    int go = 0;
    /* not rated yet (rates_late): taxed once it is (issue_take) */
    ldg_code rc = b->draft
                      ? ldg_invoice_tax_of(tax, &b->terms, b->draft, false, NULL, 0, err)
                      : LDG_OK;

    if (rc == LDG_OK && !(b->issuing = malloc(sizeof(*b->issuing))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (rc == LDG_OK)
        rc = issue_send(&go, b->issuing, st, b, b->draft, LDG_INVOICE_KIND_INVOICE, NULL,
                        tax, err);
    b->outcome = LDG_BILL_ISSUED;
    b->step = rc == LDG_OK && go ? STEP_ISSUE : STEP_DONE;
    return rc;
}

/*
 * Whether a batched period's original invoice is sent for before the period is rated,
 * and rated in the third phase, just before it is issued: the rating then runs while the
 * server inserts the documents before it, instead of with the server idle (the second
 * phase). Only when nothing but the rating decides the document: no person to wait for
 * (that is decided on the rated draft), and no demand terms (their 15-minute sums are
 * read by a statement of their own, which would wait for those inserts).
 */
static int rates_late(const bill_ctx *b)
{
    return b->batched && b->ndocs == 0 && !b->hold && !b->o->approve && !b->demand;
}

/* The third phase: the period rated if it was not (rates_late), then its original
 * invoice issued. */
static ldg_code issue_take(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    issuing *is = b->issuing;
    ldg_code rc = LDG_OK;

    if (!b->draft) {
        rc = rate(&b->draft, st, b, err);
        if (rc == LDG_OK)
            rc = ldg_invoice_tax_of(is->tax, &b->terms, b->draft, false, NULL, 0, err);
        is->draft = b->draft;
    }
    return rc == LDG_OK ? issue_finish(st, b, is, err) : rc;
}

/* The second phase: held by a blocking finding, or rated, then the original invoice
 * sent for, or the amending documents issued. */
static ldg_code rate_take(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    int nblocking = 0;
    ldg_code rc = blocking_take(&nblocking, st, b, err);

    b->step = STEP_DONE;
    if (rc == LDG_OK && nblocking > 0) {
        b->outcome = LDG_BILL_HELD;
        return LDG_OK;
    }
    if (rc == LDG_OK && !rates_late(b))
        rc = rate(&b->draft, st, b, err);
    if (rc == LDG_OK && b->ndocs == 0)
        rc = original_send(st, b, err);
    else if (rc == LDG_OK)
        rc = amend(st, b, b->draft, b->docs, b->ndocs, err);
    return rc;
}

/* What the period's outcome is, once its documents are issued or drafted. */
static ldg_code settle(bill_ctx *b, ldg_error *err)
{
    if (b->drafted)
        b->outcome = b->amend_held ? LDG_BILL_AMEND_HELD : LDG_BILL_DRAFTED;
    if (b->o->approve && !b->o->approve->issued && b->outcome != LDG_BILL_HELD)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "draft D%" PRId64 " no longer matches its period's rating",
                             b->o->approve->draft_no);
    return LDG_OK;
}

/* The phases of one period, for phase in 1..3 (STEP_* says whether it has one). */
static ldg_code bill_phase(bill_ctx *b, ldg_store *st, int phase, ldg_error *err)
{
    switch (phase) {
    case 1:
        return open_take(b, st, err);
    case 2:
        return b->step == STEP_RATE ? rate_take(b, st, err) : LDG_OK;
    default:
        return b->step == STEP_ISSUE ? issue_take(b, st, err) : LDG_OK;
    }
}

/* What the batch's periods b[0..n) read together (run_phases); freed by marks_free. */
typedef struct marks {
    PGresult *checkpoints, *contracts, *holds, *gates, *issued, *keys, *rollups;
    ldg_store_ticket ahead_rollups;               /* read ahead (ahead_send; 0: none) */
    unsigned char documented[LDG_BILL_BATCH_MAX]; /* period i has a document already */
    doc_answers docs; /* the numbers and log heads of the documents to issue */
    int *rows;        /* the rollups' rows, period after period (b[i].rows points in) */
} marks;

static void marks_free(marks *m, bill_ctx *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        b[i].checkpoints = NULL;
        b[i].contracts = NULL;
        b[i].holds = NULL;
        b[i].gates = NULL;
        b[i].issued = NULL;
        b[i].keys = NULL;
        b[i].rollups = NULL;
        b[i].rows = NULL;
        b[i].nrows = 0;
    }
    PQclear(m->checkpoints);
    PQclear(m->contracts);
    PQclear(m->holds);
    PQclear(m->gates);
    PQclear(m->issued);
    PQclear(m->keys);
    PQclear(m->rollups);
    free(m->rows);
    doc_answers_clear(&m->docs);
}

/* The periods to rate, each STEP_RATE period's place among them set (keys_i). */
typedef struct to_rate {
    bill_ctx *b[LDG_BILL_BATCH_MAX];
    int32_t tenant[LDG_BILL_BATCH_MAX];
    ldg_period p[LDG_BILL_BATCH_MAX];
    size_t n;
} to_rate;

static ldg_code rollups_send(ldg_store_ticket *ticket, ldg_store *st, const to_rate *tr,
                             ldg_error *err)
{
    const char *params[4];
    char f[24], e[24];
    ldg_time from = INT64_MAX, to = INT64_MIN;
    ldg_pg_arrays a = { 0 };
    ldg_code rc = ldg_pg_arrays_open(&a, 2, err);

    for (size_t k = 0; rc == LDG_OK && k < tr->n; k++) {
        ldg_time kf, kt;

        covered(&kf, &kt, tr->b[k]);
        from = kf < from ? kf : from;
        to = kt > to ? kt : to;
        rc = ldg_pg_arrays_i64(&a, 0, tr->tenant[k], err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_i64(&a, 1, tr->b[k]->c->site_id, err);
    }
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    params[2] = i64(f, from);
    params[3] = i64(e, to);
    if (rc == LDG_OK)
        rc = ldg_store_sendb(ticket, st, SQL_ROLLUPS, 4, params, NULL, NULL, 1, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* The place of tenant among the periods to rate, or -1. */
static int tenant_at(const to_rate *tr, int64_t tenant)
{
    for (size_t k = 0; k < tr->n; k++)
        if (tr->tenant[k] == tenant)
            return (int)k;
    return -1;
}

/* Which period to rate row r of the rollups is for (-1: none; its site or hour is
 * outside that period's); *last caches the tenant's place (rows come tenant by tenant).
 */
static ldg_code rollup_owner(int *owner, int *last, const PGresult *res, int r,
                             const to_rate *tr, ldg_error *err)
{
    int64_t tenant = ldg_verify_col_i64(res, r, 0), site = ldg_verify_col_i64(res, r, 1);
    ldg_time hour, from, to;
    ldg_code rc = ldg_verify_col_epoch(&hour, res, r, ROLLUP_COL, err);

    *owner = -1;
    if (*last < 0 || tr->tenant[*last] != tenant)
        *last = tenant_at(tr, tenant);
    if (rc != LDG_OK || *last < 0)
        return rc;
    covered(&from, &to, tr->b[*last]);
    if (site == tr->b[*last]->c->site_id && hour >= from && hour < to)
        *owner = *last;
    return LDG_OK;
}

/* The rows of each period (m->rows, period after period, each in the order read). */
static ldg_code rollups_split(marks *m, const to_rate *tr, ldg_error *err)
{
    int nr = PQntuples(m->rollups), last = -1, *owner;
    size_t at[LDG_BILL_BATCH_MAX + 1] = { 0 };
    ldg_code rc = LDG_OK;

    if (!(owner = malloc(((size_t)nr + 1) * sizeof(*owner))) ||
        !(m->rows = malloc(((size_t)nr + 1) * sizeof(*m->rows)))) {
        free(owner);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (int r = 0; rc == LDG_OK && r < nr; r++) {
        rc = rollup_owner(&owner[r], &last, m->rollups, r, tr, err);
        if (rc == LDG_OK && owner[r] >= 0)
            at[owner[r] + 1]++;
    }
    for (size_t k = 0; k < tr->n; k++) {
        at[k + 1] += at[k];
        tr->b[k]->rollups = m->rollups;
        tr->b[k]->rows = m->rows + at[k];
        tr->b[k]->nrows = at[k + 1] - at[k];
    }
    for (int r = 0; rc == LDG_OK && r < nr; r++)
        if (owner[r] >= 0)
            m->rows[at[owner[r]]++] = r;
    free(owner);
    return rc;
}

/*
 * What a batch reads ahead, once its opening answers are taken: the rollups of the
 * periods with no document yet (SQL_ISSUED's answer), sent and pushed (ldg_store_push)
 * so that the server reads them while the client works through the first phase, not
 * after it (4-5 % of a bill). A period with a document is never rated in a batch
 * (open_take), and one re-checked every night reads nothing ahead. Nothing in between
 * changes them: the heads are locked, and sealing in the lock adds no usage. (The log
 * heads read ahead the same way made no difference above the noise.)
 */
static ldg_code ahead_send(marks *m, ldg_store *st, bill_ctx *b, size_t n, ldg_error *err)
{
    to_rate tr = { .n = 0 };
    int rows = PQntuples(m->issued);
    ldg_code rc;

    for (int r = 0; r < rows; r++) { /* SQL_ISSUED's rows: ord (from 1), ... */
        int64_t ord = ldg_store_int64(m->issued, r, 0);

        if (ord >= 1 && (size_t)ord <= n)
            m->documented[ord - 1] = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!m->documented[i]) {
            tr.b[tr.n] = &b[i];
            tr.tenant[tr.n] = b[i].c->tenant_id;
            tr.p[tr.n++] = b[i].p;
        }
    if (tr.n == 0)
        return LDG_OK;
    rc = rollups_send(&m->ahead_rollups, st, &tr, err);
    return rc == LDG_OK ? ldg_store_push(st, err) : rc;
}

/* Whether the rollups read ahead cover every period of b[0..n) to rate. */
static int ahead_covers(const marks *m, const bill_ctx *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i].step == STEP_RATE && m->documented[b[i].i])
            return 0;
    return 1;
}

/*
 * The heads' locks and checkpoints (locks_send), then the contracts, holds, draft gates
 * and issued documents of the periods b[0..n), one statement each: they run under every
 * head's lock, and are taken (b[i].checkpoints, .contracts, .holds, .gates, .issued) in
 * one round trip; then what a batch reads ahead (ahead_send), taken by the second
 * phase (rating_read).
 */
static ldg_code marks_read(marks *m, ldg_store *st, bill_ctx *b, size_t n, ldg_error *err)
{
    int32_t tenants[LDG_BILL_BATCH_MAX] = { 0 };
    const char *contracts[LDG_BILL_BATCH_MAX] = { 0 };
    ldg_period periods[LDG_BILL_BATCH_MAX] = { 0 };
    ldg_store_ticket tk = 0, tc = 0, th = 0, tg = 0, ti = 0;
    ldg_code rc;

    for (size_t i = 0; i < n; i++) {
        tenants[i] = b[i].c->tenant_id;
        contracts[i] = b[i].c->contract_id;
        periods[i] = b[i].p;
        b[i].i = i;
    }
    rc = locks_send(&tk, st, tenants, n, err);
    if (rc == LDG_OK)
        rc = ldg_registry_contracts_send(&tc, st, tenants, contracts, n, err);
    if (rc == LDG_OK)
        rc = ldg_hold_send(&th, st, tenants, contracts, n, err);
    if (rc == LDG_OK && !b->o->approve) /* approving locks its draft instead (gate) */
        rc = ldg_draft_gate_send(&tg, st, tenants, contracts, periods, n, err);
    if (rc == LDG_OK)
        rc = issued_send(&ti, st, b, n, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&m->checkpoints, st, tk, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&m->contracts, st, tc, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&m->holds, st, th, err);
    if (rc == LDG_OK && !b->o->approve)
        rc = ldg_store_take(&m->gates, st, tg, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&m->issued, st, ti, err);
    if (rc == LDG_OK && b->batched) /* read while the first phase takes those */
        rc = ahead_send(m, st, b, n, err);
    for (size_t i = 0; i < n; i++) {
        b[i].checkpoints = m->checkpoints;
        b[i].contracts = m->contracts;
        b[i].holds = m->holds;
        b[i].gates = m->gates;
        b[i].issued = m->issued;
    }
    return rc;
}

/*
 * What rating the periods b[0..n) to rate (STEP_RATE) reads first, two statements for
 * all of them: their rollups, and their overlap suspects' keys (ldg_recon_blocking_send,
 * the blocking checks' first read), taken in the one round trip the second phase needs.
 */
static ldg_code rating_read(marks *m, ldg_store *st, bill_ctx *b, size_t n,
                            ldg_error *err)
{
    to_rate tr = { .n = 0 };
    ldg_store_ticket tk = 0, tu = 0;
    ldg_code rc;

    for (size_t i = 0; i < n && tr.n < LDG_BILL_BATCH_MAX; i++)
        if (b[i].step == STEP_RATE) {
            b[i].keys_i = tr.n;
            tr.b[tr.n] = &b[i];
            tr.tenant[tr.n] = b[i].c->tenant_id;
            tr.p[tr.n++] = b[i].p;
        }
    if (tr.n == 0)
        return LDG_OK;
    if (m->ahead_rollups && ahead_covers(m, b, n))
        tu = m->ahead_rollups;
    rc = tu ? LDG_OK : rollups_send(&tu, st, &tr, err);
    if (rc == LDG_OK)
        rc = ldg_recon_blocking_send(&tk, st, tr.tenant, tr.p, tr.n, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&m->rollups, st, tu, err);
    if (rc == LDG_OK)
        rc = ldg_store_take(&m->keys, st, tk, err);
    if (rc == LDG_OK)
        rc = rollups_split(m, &tr, err);
    for (size_t k = 0; k < tr.n; k++)
        tr.b[k]->keys = m->keys;
    return rc;
}

/* The numbers and log heads of the original invoices of the periods b[0..n) to issue
 * (STEP_ISSUE), one statement each (doc_reads). */
static ldg_code issue_read(marks *m, ldg_store *st, bill_ctx *b, size_t n, ldg_error *err)
{
    bill_ctx *bs[LDG_BILL_BATCH_MAX];
    size_t k = 0;

    for (size_t i = 0; i < n && k < LDG_BILL_BATCH_MAX; i++)
        if (b[i].step == STEP_ISSUE) {
            b[i].issuing->answers = &m->docs;
            bs[k++] = &b[i];
        }
    return k > 0 ? doc_reads(&m->docs, st, bs, k, err) : LDG_OK;
}

/* The run's last batch's work (ldg_bill_memo), freed once this transaction's statements
 * are on their way to the server, which the commit then waits for. */
static ldg_code spent_free(ldg_bill_memo *memo, ldg_store *st, ldg_error *err)
{
    ldg_code rc;

    if (!memo || !memo->spent)
        return LDG_OK;
    rc = ldg_store_push(st, err);
    batch_free(memo->spent);
    memo->spent = NULL;
    return rc;
}

/*
 * The periods b[0..n) in one transaction, phase after phase, each phase's reads of all
 * of them sent together (store.h): n periods cost the round trips of one. A period a
 * batch leaves to a transaction of its own (STEP_ALONE) and those after it are not
 * billed: *cut receives the first of them (n: none), *at the period being billed (the
 * one a failure names).
 */
static ldg_code run_phases(ldg_store *st, bill_ctx *b, size_t n, size_t *cut, size_t *at,
                           ldg_error *err)
{
    marks m = { 0 };
    ldg_code rc = LDG_OK;

    *cut = n;
    for (size_t i = 0; i < n; i++)
        bill_reset(&b[i]);
    *at = n; /* the opening reads are the batch's: a failure there names no period */
    rc = marks_read(&m, st, b, n, err);
    for (int phase = 1; rc == LDG_OK && phase <= 3; phase++) {
        if (phase == 2)
            rc = rating_read(&m, st, b, *cut, err);
        if (phase == 3 && rc == LDG_OK)
            rc = issue_read(&m, st, b, *cut, err);
        for (size_t i = 0; rc == LDG_OK && i < *cut; i++) {
            *at = i;
            rc = bill_phase(&b[i], st, phase, err);
            if (rc == LDG_OK && b[i].step == STEP_ALONE)
                *cut = i;
        }
    }
    for (size_t i = 0; rc == LDG_OK && i < *cut; i++) {
        *at = i;
        rc = settle(&b[i], err);
    }
    if (rc == LDG_OK)
        rc = spent_free(b->o->memo, st, err);
    marks_free(&m, b, n);
    return rc;
}

static ldg_code bill_work(ldg_store *st, void *vctx, ldg_error *err)
{
    size_t cut, at;

    return run_phases(st, vctx, 1, &cut, &at, err);
}

/* Tells opts->on_doc of the documents the period's committed run issued. */
static void emit(const bill_ctx *b)
{
    for (size_t i = 0; i < b->nout && b->o->on_doc; i++)
        b->o->on_doc(b->o->ctx, b->c, b->out[i].kind, b->out[i].data, b->o->dry_run);
}

/*
 * Runs bill_work in one transaction (retried on serialization failure; a dry run is
 * rolled back) until a checkpoint covers the usage: with a signer, unsealed usage is
 * sealed (at most twice: a sealer racing ingest) and the period billed again.
 */
static ldg_code bill_sealed(ldg_store *st, bill_ctx *b, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (int sealed = 0; rc == LDG_OK; sealed++) {
        int n = 0;

        rc = b->o->dry_run ? ldg_store_rehearse(st, bill_work, b, err)
                           : ldg_store_run(st, bill_work, b, err);
        if (rc != LDG_OK || !b->needs_seal)
            break;
        if (!b->o->signer || sealed == 2)
            return ldg_error_set(err, LDG_ECONFLICT,
                                 "tenant \"%s\" has usage no checkpoint covers yet",
                                 b->c->tenant);
        rc = ldg_seal(&n, st, b->o->signer, b->c->tenant, NULL, NULL, err);
    }
    if (rc == LDG_OK)
        emit(b);
    return rc;
}

/* The checks made before any transaction: the period has ended, the contract covers
 * it. */
static ldg_code billable(const ldg_contract_ref *c, ldg_period p, const ldg_bill_opts *o,
                         ldg_error *err)
{
    char per[8], at[LDG_TIME_BUFLEN];

    if (p.end > o->as_of)
        return ldg_error_set(err, LDG_EINVAL, "period %s has not ended by %s",
                             ldg_period_format(per, p), ldg_time_format(at, o->as_of));
    if (c->starts >= p.end || c->ends <= p.start)
        return ldg_error_set(err, LDG_EINVAL, "contract \"%s\" does not cover period %s",
                             c->contract_id, ldg_period_format(per, p));
    return LDG_OK;
}

ldg_code ldg_bill_contract(ldg_bill_outcome *outcome, ldg_store *st,
                           const ldg_contract_ref *c, ldg_period p,
                           const ldg_bill_opts *opts, ldg_error *err)
{
    bill_ctx b = { .c = c, .p = p, .o = opts };
    char per[8];
    ldg_code rc = billable(c, p, opts, err);

    *outcome = 0;
    if (rc != LDG_OK)
        return rc;
    rc = bill_sealed(st, &b, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "contract \"%s\" period %s", c->contract_id,
                        ldg_period_format(per, p));
    *outcome = b.outcome;
    bill_reset(&b);
    contract_drop(&b);
    return rc;
}

struct bill_batch {
    bill_ctx b[LDG_BILL_BATCH_MAX];
    size_t n;
    size_t cut; /* the first period left to a transaction of its own (n: none) */
    size_t at;  /* the period being billed (the one a failure names) */
};

static void batch_free(bill_batch *bb)
{
    for (size_t i = 0; bb && i < bb->n; i++) {
        bill_reset(&bb->b[i]);
        contract_drop(&bb->b[i]);
    }
    free(bb);
}

void ldg_bill_memo_end(ldg_bill_memo *m)
{
    batch_free(m->spent);
    m->spent = NULL;
}

static ldg_code batch_work(ldg_store *st, void *vctx, ldg_error *err)
{
    bill_batch *bb = vctx;

    return run_phases(st, bb->b, bb->n, &bb->cut, &bb->at, err);
}

/* How many leading items one batch takes: billable periods of different tenants (one
 * log append per tenant and transaction), none skipped, at most o->batch
 * (LDG_BILL_BATCH_MAX).
 */
static size_t batch_extent(const ldg_bill_item *items, size_t n, const ldg_bill_opts *o)
{
    ldg_error ignored;
    size_t k = 0;

    size_t most = o->batch > 0 && o->batch < LDG_BILL_BATCH_MAX ? (size_t)o->batch
                                                                : LDG_BILL_BATCH_MAX;

    if (o->approve)
        return 1;
    for (; k < n && k < most && !items[k].skip; k++) {
        for (size_t j = 0; j < k; j++)
            if (items[j].c->tenant_id == items[k].c->tenant_id)
                return k;
        ldg_error_clear(&ignored);
        if (billable(items[k].c, items[k].p, o, &ignored) != LDG_OK)
            return k; /* its own call reports why */
    }
    return k;
}

/* items[0] billed alone (*settled 1 once it is). */
static ldg_code bill_alone(size_t *settled, ldg_store *st, ldg_bill_item *item,
                           const ldg_bill_opts *o, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    item->outcome = 0;
    if (!item->skip)
        rc = ldg_bill_contract(&item->outcome, st, item->c, item->p, o, err);
    *settled += rc == LDG_OK;
    return rc;
}

/* The batch's periods one by one (the batch failed: each error as its own run gives
 * it, after the periods before it). */
static ldg_code bill_each(size_t *settled, ldg_store *st, ldg_bill_item *items, size_t n,
                          const ldg_bill_opts *o, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = bill_alone(settled, st, &items[i], o, err);
    return rc;
}

/* The committed batch's outcomes, in order, then the period it left alone. */
static ldg_code batch_settle(size_t *settled, ldg_store *st, bill_batch *bb,
                             ldg_bill_item *items, const ldg_bill_opts *o, ldg_error *err)
{
    for (size_t i = 0; i < bb->cut; i++) {
        items[i].outcome = bb->b[i].outcome;
        emit(&bb->b[i]);
    }
    *settled = bb->cut;
    return bb->cut < bb->n ? bill_alone(settled, st, &items[bb->cut], o, err) : LDG_OK;
}

ldg_code ldg_bill_batch(size_t *settled, ldg_store *st, ldg_bill_item *items, size_t n,
                        const ldg_bill_opts *opts, ldg_error *err)
{
    size_t k = batch_extent(items, n, opts);
    bill_batch *bb;
    ldg_code rc;

    *settled = 0;
    if (n == 0)
        return LDG_OK;
    if (k <= 1)
        return bill_alone(settled, st, &items[0], opts, err);
    if (!(bb = calloc(1, sizeof(*bb))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory billing");
    bb->n = k;
    for (size_t i = 0; i < k; i++)
        bb->b[i] =
            (bill_ctx){ .c = items[i].c, .p = items[i].p, .o = opts, .batched = 1 };
    rc = opts->dry_run ? ldg_store_rehearse(st, batch_work, bb, err)
                       : ldg_store_run(st, batch_work, bb, err);
    if (rc == LDG_OK) {
        rc = batch_settle(settled, st, bb, items, opts, err);
    } else if (rc != LDG_EDB && rc != LDG_ERETRY) {
        ldg_error_clear(err); /* each period again, alone: its own error, if any */
        rc = bill_each(settled, st, items, k, opts, err);
    } else if (bb->at < k) { /* the server's (or the connection's): as it is */
        char per[8];

        ldg_error_where(err, "contract \"%s\" period %s", items[bb->at].c->contract_id,
                        ldg_period_format(per, items[bb->at].p));
    }
    if (opts->memo) { /* freed by the next batch, or at the run's end */
        batch_free(opts->memo->spent);
        opts->memo->spent = bb;
    } else {
        batch_free(bb);
    }
    return rc;
}
