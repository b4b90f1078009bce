/*
 * Audit queries: explain an issued document from the log, and stream a tenant's usage
 * records with their leaf hashes. See audit_query.h.
 *
 * Invariant: an explanation is computed from exactly what the document was rated
 * from: usage entries with seq below its rated_from size (billing locks the log head
 * and rates only usage a checkpoint covers, so those are the entries it summed), and
 * the contract documents logged before it. Reading the hourly rollups instead was
 * dropped: they carry no seq, so they cannot tell which records were there when the
 * document was issued, nor name the first and last of them.
 *
 * Design: per window one aggregate query gives the counts and the sum of the records
 * lying wholly inside it; the few records crossing a window edge are fetched and cut
 * with ldg_rate_split(), as the rater cuts them. Records stream through a cursor so a
 * range of any size runs in bounded memory.
 */
#include "ledger/store/audit_query.h"

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/explain.h"
#include "ledger/fixed.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/store/demand_store.h"
#include "ledger/store/invoice_query.h"
#include "ledger/store/logstore.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FETCH_ROWS "5000"

static const char *i64(char buf[24], int64_t v)
{
    return ldg_store_i64(buf, v);
}

static ldg_code begin_snapshot(ldg_store *st, ldg_error *err)
{
    return ldg_store_exec(NULL, st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
                          NULL, err);
}

/* ---- explain ----------------------------------------------------------------------- */

typedef struct xdoc {
    int32_t tenant_id;
    char tenant[64];
    int64_t seq;
    char contract_id[128];
    ldg_period period;
    ldg_invoice *inv;
} xdoc;

/* A document from its log entry (kind and canonical JSON text). */
static ldg_code parse_entry(ldg_invoice **out, const char *kind_text, const char *body,
                            const char *number, ldg_error *err)
{
    json_error_t jerr;
    json_t *entry = json_loads(body, JSON_REJECT_DUPLICATES, &jerr);
    const char *kind = json_string_value(json_object_get(entry, "kind"));
    ldg_invoice_kind k;
    ldg_code rc;

    *out = NULL;
    if (!entry)
        return ldg_error_set(err, LDG_EINTERNAL, "log entry of \"%s\" is not JSON: %s",
                             number, jerr.text);
    if (!kind || strcmp(kind, kind_text) != 0)
        rc = ldg_error_set(err, LDG_EINTERNAL,
                           "log entry of \"%s\" is of kind \"%s\", its index says \"%s\"",
                           number, kind ? kind : "", kind_text);
    else
        rc = ldg_invoice_kind_parse(&k, kind, err);
    if (rc == LDG_OK)
        rc = ldg_invoice_from_json(out, json_object_get(entry, "data"), k, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "invoice \"%s\"", number);
    json_decref(entry);
    return rc;
}

static ldg_code load_document(xdoc *d, ldg_store *st, const char *tenant,
                              const char *number, ldg_error *err)
{
    const char *params[2] = { number, tenant };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT i.tenant_id, t.tenant, i.seq, i.kind, i.contract_id,"
                       " i.period, convert_from(d.body, 'UTF8')"
                       " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
                       " JOIN ledger.log_doc d ON d.tenant_id = i.tenant_id"
                       "  AND d.seq = i.seq"
                       " WHERE i.number = $1 AND ($2::text IS NULL OR t.tenant = $2)",
                       2, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = tenant ? ldg_error_set(err, LDG_ENOTFOUND,
                                    "no invoice numbered \"%s\" for tenant \"%s\"",
                                    number, tenant)
                    : ldg_error_set(err, LDG_ENOTFOUND, "no invoice numbered \"%s\"",
                                    number);
    else if (PQntuples(res) > 1)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "invoice number \"%s\" exists for several tenants: give --tenant", number);
    if (rc == LDG_OK) {
        d->tenant_id = (int32_t)ldg_store_int64(res, 0, 0);
        snprintf(d->tenant, sizeof(d->tenant), "%s", PQgetvalue(res, 0, 1));
        d->seq = ldg_store_int64(res, 0, 2);
        snprintf(d->contract_id, sizeof(d->contract_id), "%s", PQgetvalue(res, 0, 4));
        rc = ldg_period_parse(&d->period, PQgetvalue(res, 0, 5), err);
    }
    if (rc == LDG_OK)
        rc = parse_entry(&d->inv, PQgetvalue(res, 0, 3), PQgetvalue(res, 0, 6), number,
                         err);
    PQclear(res);
    return rc;
}

/* The contract as logged before the document, and the seq of each of its documents. */
static ldg_code load_contract(ldg_contract **out, int64_t **seqs, int16_t *site_id,
                              ldg_store *st, const xdoc *d, ldg_error *err)
{
    char t[24], s[24];
    const char *params[3] = { i64(t, d->tenant_id), d->contract_id, i64(s, d->seq) };
    PGresult *res = NULL;
    json_t **docs = NULL;
    ldg_time *eff = NULL;
    int n = 0;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT seq, doc::text, amends IS NULL,"
                       " coalesce(extract(epoch FROM effective)::bigint, 0), site_id"
                       " FROM ledger.contract_doc WHERE tenant_id = $1"
                       " AND contract_id = $2 AND seq < $3"
                       " ORDER BY amends IS NOT NULL, seq",
                       3, params, err);

    *out = NULL;
    *seqs = NULL;
    if (rc != LDG_OK)
        return rc;
    n = PQntuples(res);
    if (n == 0 || strcmp(PQgetvalue(res, 0, 2), "t") != 0)
        rc = ldg_error_set(err, LDG_EINTERNAL,
                           "contract \"%s\" of invoice was not logged before it",
                           d->contract_id);
    if (rc == LDG_OK && (!(docs = calloc((size_t)n, sizeof(*docs))) ||
                         !(eff = calloc((size_t)n, sizeof(*eff))) ||
                         !(*seqs = calloc((size_t)n, sizeof(**seqs)))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int i = 0; rc == LDG_OK && i < n; i++) {
        if (!(docs[i] = json_loads(PQgetvalue(res, i, 1), 0, NULL)))
            rc =
                ldg_error_set(err, LDG_EINTERNAL, "stored contract document is not JSON");
        eff[i] = ldg_store_int64(res, i, 3);
    }
    if (rc == LDG_OK) {
        *site_id = (int16_t)ldg_store_int64(res, 0, 4);
        rc = ldg_contract_from_json(out, docs[0], (const json_t *const *)(docs + 1),
                                    (size_t)n - 1, err);
    }
    if (rc == LDG_OK) {
        /* Amendments come in effective order; effective instants are unique per
         * contract (a second amendment at the same instant is refused on load). */
        int64_t *by_doc = *seqs;
        int64_t base_seq = ldg_store_int64(res, 0, 0);

        by_doc[0] = base_seq;
        for (size_t a = 0; a < ldg_contract_amendment_count(*out); a++) {
            ldg_time e = ldg_contract_doc_effective(ldg_contract_amendment(*out, a));
            by_doc[a + 1] = -1;
            for (int i = 1; i < n; i++)
                if (eff[i] == e)
                    by_doc[a + 1] = ldg_store_int64(res, i, 0);
        }
    }
    for (int i = 0; docs && i < n; i++)
        json_decref(docs[i]);
    free(docs);
    free(eff);
    PQclear(res);
    if (rc != LDG_OK) {
        ldg_contract_free(*out);
        *out = NULL;
        free(*seqs);
        *seqs = NULL;
    }
    return rc;
}

/* Row i of load_earlier's query: kind, log entry, number. */
static ldg_code earlier_doc(ldg_invoice **out, const PGresult *res, int i, ldg_error *err)
{
    return parse_entry(out, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
                       PQgetvalue(res, i, 2), err);
}

/* The documents of the same contract and period issued before d, oldest first. */
static ldg_code load_earlier(ldg_invoice ***out, size_t *n, ldg_store *st, const xdoc *d,
                             ldg_error *err)
{
    char t[24], s[24], per[8];
    const char *params[4] = { i64(t, d->tenant_id), d->contract_id,
                              ldg_period_format(per, d->period), i64(s, d->seq) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT i.kind, convert_from(d.body, 'UTF8'), i.number"
                                 " FROM ledger.invoice i JOIN ledger.log_doc d"
                                 " ON d.tenant_id = i.tenant_id AND d.seq = i.seq"
                                 " WHERE i.tenant_id = $1 AND i.contract_id = $2"
                                 " AND i.period = $3 AND i.seq < $4 ORDER BY i.seq",
                                 4, params, err);

    *out = NULL;
    *n = 0;
    if (rc == LDG_OK)
        rc = ldg_invoice_docs(out, n, res, earlier_doc, err);
    PQclear(res);
    return rc;
}

/* Record kinds and classes (entry.h numbering) to the rating core's. */
static int usage_of(ldg_usage_kind *kind, ldg_gpu_class *cls, int64_t k, int64_t c)
{
    ldg_usage u;

    if (k < INT_MIN || k > INT_MAX || c < LDG_CLASS_NONE || c >= LDG_CLASS_COUNT ||
        !ldg_rate_usage_of(&u, (int)k, (int)c))
        return 0;
    *kind = u.kind;
    *cls = u.cls;
    return (*kind == LDG_USAGE_ENERGY) == (*cls == LDG_GPU_NONE);
}

/* Index of (kind, class) in a window's table of sums: GPU by class, then downtime by
 * class, then energy. */
#define NSLOTS (2 * LDG_GPU_NCLASS + 1)
static int slot_of(ldg_usage_kind kind, ldg_gpu_class cls)
{
    if (kind == LDG_USAGE_ENERGY)
        return NSLOTS - 1;
    return (kind == LDG_USAGE_GPU ? 0 : LDG_GPU_NCLASS) + (int)cls;
}

static const char SQL_WINDOW_SUMS[] =
    "SELECT kind, class, count(*), count(*) FILTER (WHERE corrects IS NOT NULL),"
    " count(*) FILTER (WHERE start_at < to_timestamp($4) OR end_at > to_timestamp($5)),"
    " count(DISTINCT meter),"
    " count(DISTINCT date_trunc('hour', greatest(start_at, to_timestamp($4)))),"
    " min(seq), max(seq),"
    " coalesce(sum(qty_micros) FILTER (WHERE start_at >= to_timestamp($4)"
    "  AND end_at <= to_timestamp($5)), 0)::bigint"
    " FROM ledger.usage WHERE tenant_id = $1 AND site_id = $2 AND seq < $3"
    " AND start_at < to_timestamp($5) AND end_at > to_timestamp($4)"
    " GROUP BY kind, class";

static const char SQL_WINDOW_CROSSING[] =
    "SELECT kind, class, extract(epoch FROM start_at)::bigint,"
    " extract(epoch FROM end_at)::bigint, qty_micros"
    " FROM ledger.usage WHERE tenant_id = $1 AND site_id = $2 AND seq < $3"
    " AND start_at < to_timestamp($5) AND end_at > to_timestamp($4)"
    " AND (start_at < to_timestamp($4) OR end_at > to_timestamp($5))";

/* Reads the sums of window i into ex. */
static ldg_code window_sums(ldg_explain *ex, size_t i, ldg_store *st, const xdoc *d,
                            int16_t site_id, ldg_error *err)
{
    char t[24], s[24], sz[24], f[24], e[24];
    ldg_time from, to;
    ldg_explain_sum sums[NSLOTS];
    ldg_i128 qty[NSLOTS];
    int present[NSLOTS] = { 0 };
    PGresult *res = NULL;
    ldg_code rc;

    ldg_explain_window(ex, i, &from, &to);
    {
        const char *params[5] = { i64(t, d->tenant_id), i64(s, site_id),
                                  i64(sz, ldg_invoice_rated_from_size(d->inv)),
                                  i64(f, from), i64(e, to) };
        rc = ldg_store_exec(&res, st, SQL_WINDOW_SUMS, 5, params, err);
        for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
            ldg_usage_kind kind;
            ldg_gpu_class cls;
            int k;

            if (!usage_of(&kind, &cls, ldg_store_int64(res, r, 0),
                          ldg_store_int64(res, r, 1)))
                continue; /* verify names a record of an unknown kind; rating skips it */
            k = slot_of(kind, cls);
            present[k] = 1;
            memset(&sums[k], 0, sizeof(sums[k]));
            sums[k].records = ldg_store_int64(res, r, 2);
            sums[k].corrections = ldg_store_int64(res, r, 3);
            sums[k].split = ldg_store_int64(res, r, 4);
            sums[k].meters = ldg_store_int64(res, r, 5);
            sums[k].hours = ldg_store_int64(res, r, 6);
            sums[k].first_seq = ldg_store_int64(res, r, 7);
            sums[k].last_seq = ldg_store_int64(res, r, 8);
            qty[k] = ldg_store_int64(res, r, 9);
        }
        PQclear(res);
        res = NULL;
        if (rc == LDG_OK)
            rc = ldg_store_exec(&res, st, SQL_WINDOW_CROSSING, 5, params, err);
    }
    /* Records crossing an edge count by their piece inside, F(to) - F(from). */
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        ldg_usage_kind kind;
        ldg_gpu_class cls;
        int64_t lo, hi, q = ldg_store_int64(res, r, 4);
        ldg_time rs = ldg_store_int64(res, r, 2), re = ldg_store_int64(res, r, 3);
        int k;

        if (!usage_of(&kind, &cls, ldg_store_int64(res, r, 0),
                      ldg_store_int64(res, r, 1)))
            continue;
        k = slot_of(kind, cls);
        ldg_rate_split(&lo, q, rs, re, from);
        ldg_rate_split(&hi, q, rs, re, to);
        if (present[k])
            qty[k] += (ldg_i128)hi - lo;
    }
    PQclear(res);
    for (int k = 0; rc == LDG_OK && k < NSLOTS; k++) {
        ldg_usage_kind kind = k == NSLOTS - 1      ? LDG_USAGE_ENERGY
                              : k < LDG_GPU_NCLASS ? LDG_USAGE_GPU
                                                   : LDG_USAGE_DOWNTIME;
        ldg_gpu_class cls =
            k == NSLOTS - 1 ? LDG_GPU_NONE : (ldg_gpu_class)(k % LDG_GPU_NCLASS);

        if (!present[k])
            continue;
        if (qty[k] > INT64_MAX || qty[k] < INT64_MIN) {
            rc = ldg_error_set(err, LDG_ERANGE, "usage sum out of range");
            break;
        }
        sums[k].qty_micros = (int64_t)qty[k];
        rc = ldg_explain_set_sum(ex, i, kind, cls, &sums[k], err);
    }
    return rc;
}

static ldg_code explain_in_snapshot(json_t **out, ldg_store *st, const char *tenant,
                                    const char *number, size_t line, ldg_error *err)
{
    xdoc d;
    ldg_contract *c = NULL;
    ldg_explain *ex = NULL;
    ldg_demand_usage *du = NULL;
    ldg_invoice **earlier = NULL;
    size_t nearlier = 0;
    int64_t *seqs = NULL;
    int16_t site_id = 0;
    ldg_code rc;

    memset(&d, 0, sizeof(d));
    rc = load_document(&d, st, tenant, number, err);
    if (rc == LDG_OK)
        rc = load_contract(&c, &seqs, &site_id, st, &d, err);
    if (rc == LDG_OK && ldg_invoice_amends(d.inv))
        rc = load_earlier(&earlier, &nearlier, st, &d, err);
    if (rc == LDG_OK)
        rc = ldg_explain_new(&ex, c, d.period, err);
    for (size_t i = 0; rc == LDG_OK && i <= ldg_contract_amendment_count(c); i++)
        if (seqs[i] >= 0)
            rc = ldg_explain_set_entry_seq(ex, i, seqs[i], err);
    for (size_t i = 0; rc == LDG_OK && i < ldg_explain_window_count(ex); i++)
        rc = window_sums(ex, i, st, &d, site_id, err);
    if (rc == LDG_OK)
        rc = ldg_demand_store_load(&du, st, d.tenant_id, site_id, c, d.period, err);
    if (rc == LDG_OK)
        ldg_explain_set_demand(ex, du);
    if (rc == LDG_OK)
        rc = ldg_explain_document(out, ex, d.inv, (const ldg_invoice *const *)earlier,
                                  nearlier, line, err);
    ldg_explain_free(ex);
    ldg_demand_usage_free(du);
    ldg_invoice_docs_free(earlier, nearlier);
    free(seqs);
    ldg_contract_free(c);
    ldg_invoice_free(d.inv);
    return rc;
}

ldg_code ldg_audit_explain(json_t **out, ldg_store *st, const char *tenant,
                           const char *number, size_t line, ldg_error *err)
{
    ldg_code rc;

    *out = NULL;
    if ((rc = begin_snapshot(st, err)) != LDG_OK)
        return rc;
    rc = explain_in_snapshot(out, st, tenant, number, line, err);
    ldg_store_rollback(st); /* read only: nothing to keep */
    return rc;
}

/* ---- records ----------------------------------------------------------------------- */

/* The selection, shared by the widths query and the cursor: $1 tenant id, $2 $3 the
 * window (epochs), $4 meter, $5 kind, $6 class, $7 $8 seq bounds (inclusive), $9 site
 * id; NULL leaves a filter out. */
#define RECORDS_WHERE                                                    \
    " FROM ledger.usage u JOIN ledger.site s ON s.site_id = u.site_id"   \
    " WHERE u.tenant_id = $1"                                            \
    " AND ($2::bigint IS NULL OR u.end_at > to_timestamp($2::bigint))"   \
    " AND ($3::bigint IS NULL OR u.start_at < to_timestamp($3::bigint))" \
    " AND ($4::text IS NULL OR u.meter = $4)"                            \
    " AND ($5::smallint IS NULL OR u.kind = $5::smallint)"               \
    " AND ($6::smallint IS NULL OR u.class = $6::smallint)"              \
    " AND ($7::bigint IS NULL OR u.seq >= $7::bigint)"                   \
    " AND ($8::bigint IS NULL OR u.seq <= $8::bigint)"                   \
    " AND ($9::smallint IS NULL OR u.site_id = $9::smallint)"

/* The event ids of the later corrections naming u, in seq order. */
#define CORRECTED_BY                                                         \
    "(SELECT string_agg(c.event_id, ' ' ORDER BY c.seq) FROM ledger.usage c" \
    " WHERE c.tenant_id = u.tenant_id AND c.corrects = u.event_id AND c.seq > u.seq)"

static const char SQL_RECORDS[] =
    "DECLARE ldg_audit_records NO SCROLL CURSOR FOR"
    " SELECT u.seq, s.site, u.meter, u.event_id, u.corrects, u.kind, u.class,"
    "  extract(epoch FROM u.start_at)::bigint, extract(epoch FROM u.end_at)::bigint,"
    "  u.qty_micros, " CORRECTED_BY RECORDS_WHERE " ORDER BY u.seq";

static const char SQL_WIDTHS[] =
    "SELECT coalesce(max(octet_length(u.event_id)), 0),"
    " coalesce(max(octet_length(u.meter)), 0),"
    " coalesce(max(octet_length(u.corrects)), 0),"
    " coalesce(max(octet_length(" CORRECTED_BY ")), 0)" RECORDS_WHERE;

/* The query resolved: tenant id, invoice basis and line folded into the filters. */
typedef struct rsel {
    int32_t tenant_id;
    char tenant[64];
    int empty; /* two filters exclude each other: no record */
    int has_from, has_to, has_lo, has_hi;
    ldg_time from, to;
    int64_t lo, hi; /* seq bounds, inclusive */
    int kind, cls;
    int32_t site_id; /* 0: every site */
    const char *meter;
} rsel;

typedef struct rstate {
    rsel sel;
    ldg_audit_record_cb cb;
    void *ctx;
    ldg_buf bytes;
    int64_t count;
} rstate;

/* Records overlapping [from, to) as well as what the selection already says. */
static void narrow_window(rsel *s, ldg_time from, ldg_time to)
{
    if (!s->has_from || from > s->from)
        s->from = from;
    if (!s->has_to || to < s->to)
        s->to = to;
    s->has_from = s->has_to = 1;
    s->empty |= s->from >= s->to;
}

/* One kind and class (0: any) as well as what the selection already says. */
static void narrow_kind(rsel *s, int kind, int cls)
{
    if (kind && s->kind && s->kind != kind)
        s->empty = 1;
    if (cls && s->cls && s->cls != cls)
        s->empty = 1;
    if (kind)
        s->kind = kind;
    if (cls)
        s->cls = cls;
}

/* Line k of the document: its records' kind and class, and its window. */
static ldg_code narrow_to_line(rsel *s, const ldg_invoice *inv, const char *number,
                               size_t k, ldg_error *err)
{
    size_t n = ldg_invoice_line_count(inv);
    const ldg_line *l;
    int cls;

    if (k > n)
        return ldg_error_set(err, LDG_EINVAL, "invoice \"%s\" has %zu line%s, not %zu",
                             number, n, n == 1 ? "" : "s", k);
    l = ldg_invoice_line(inv, k - 1);
    cls = l->cls == LDG_GPU_NONE ? 0 : ldg_class_of_gpu(l->cls);
    switch (l->stream) {
    case LDG_STREAM_GPU_RESERVED:
    case LDG_STREAM_GPU_OVERAGE:
        narrow_kind(s, LDG_KIND_GPU, cls);
        break;
    case LDG_STREAM_ENERGY:
    case LDG_STREAM_DEMAND:        /* from the period's energy records */
    case LDG_STREAM_POWER_OVERAGE: /* (their 15-minute ones: demand.h) */
        narrow_kind(s, LDG_KIND_ENERGY, 0);
        break;
    case LDG_STREAM_SLA_CREDIT:
        narrow_kind(s, LDG_KIND_DOWNTIME, cls);
        break;
    case LDG_STREAM_COMMITMENT_TRUE_UP: /* from the GPU usage of every class */
        narrow_kind(s, LDG_KIND_GPU, 0);
        break;
    default:
        return ldg_error_set(err, LDG_EINVAL,
                             "line %zu of \"%s\" is %s, priced from the contract alone:"
                             " no usage record is behind it",
                             k, number, ldg_rate_stream_name(l->stream));
    }
    narrow_window(s, l->from, l->to);
    return LDG_OK;
}

/* The basis of an issued document, as its bundle selects it (audit_store.c): seq below
 * its rated_from size, at its contract's site, overlapping its period and the term. */
static ldg_code select_invoice(rsel *s, ldg_store *st, const ldg_audit_records_query *q,
                               ldg_error *err)
{
    xdoc d;
    ldg_contract *c = NULL;
    int64_t *seqs = NULL, below;
    int16_t site_id = 0;
    ldg_code rc;

    memset(&d, 0, sizeof(d));
    rc = load_document(&d, st, q->tenant, q->invoice, err);
    if (rc == LDG_OK)
        rc = load_contract(&c, &seqs, &site_id, st, &d, err);
    if (rc == LDG_OK) {
        s->tenant_id = d.tenant_id;
        snprintf(s->tenant, sizeof(s->tenant), "%s", d.tenant);
        s->site_id = site_id;
        below = ldg_invoice_rated_from_size(d.inv);
        if (!s->has_hi || below - 1 < s->hi)
            s->hi = below - 1;
        s->has_hi = 1;
        s->empty |= s->has_lo && s->lo > s->hi;
        narrow_window(s, d.period.start, d.period.end);
        narrow_window(s, ldg_contract_starts(c), ldg_contract_ends(c));
        if (q->line)
            rc = narrow_to_line(s, d.inv, q->invoice, q->line, err);
    }
    free(seqs);
    ldg_contract_free(c);
    ldg_invoice_free(d.inv);
    return rc;
}

static ldg_code select_tenant(rsel *s, ldg_store *st, const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st, "SELECT tenant_id FROM ledger.tenant WHERE tenant = $1",
                       1, params, err);

    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant \"%s\"", tenant);
    if (rc == LDG_OK) {
        s->tenant_id = (int32_t)ldg_store_int64(res, 0, 0);
        snprintf(s->tenant, sizeof(s->tenant), "%s", tenant);
    }
    PQclear(res);
    return rc;
}

/* The query's filters, then the tenant's id or the invoice's basis folded in. */
static ldg_code resolve(rsel *s, ldg_store *st, const ldg_audit_records_query *q,
                        ldg_error *err)
{
    memset(s, 0, sizeof(*s));
    s->has_from = q->has_from;
    s->has_to = q->has_to;
    s->from = q->from;
    s->to = q->to;
    s->kind = q->kind;
    s->cls = q->cls;
    s->has_lo = q->has_from_seq;
    s->has_hi = q->has_to_seq;
    s->lo = q->from_seq;
    s->hi = q->to_seq;
    s->meter = q->meter;
    s->empty = s->has_lo && s->has_hi && s->lo > s->hi;
    return q->invoice ? select_invoice(s, st, q, err)
                      : select_tenant(s, st, q->tenant, err);
}

/* The nine parameters of RECORDS_WHERE; buf holds their text. */
static void where_params(const char *p[9], char buf[8][24], const rsel *s)
{
    p[0] = i64(buf[0], s->tenant_id);
    p[1] = s->has_from ? i64(buf[1], s->from) : NULL;
    p[2] = s->has_to ? i64(buf[2], s->to) : NULL;
    p[3] = s->meter;
    p[4] = s->kind ? i64(buf[3], s->kind) : NULL;
    p[5] = s->cls ? i64(buf[4], s->cls) : NULL;
    p[6] = s->has_lo ? i64(buf[5], s->lo) : NULL;
    p[7] = s->has_hi ? i64(buf[6], s->hi) : NULL;
    p[8] = s->site_id ? i64(buf[7], s->site_id) : NULL;
}

static ldg_code measure(ldg_audit_widths *w, ldg_store *st, const char *const p[9],
                        ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SQL_WIDTHS, 9, p, err);

    if (rc == LDG_OK) {
        w->event_id = (int)ldg_store_int64(res, 0, 0);
        w->meter = (int)ldg_store_int64(res, 0, 1);
        w->corrects = (int)ldg_store_int64(res, 0, 2);
        w->corrected_by = (int)ldg_store_int64(res, 0, 3);
    }
    PQclear(res);
    return rc;
}

static ldg_code take_record(rstate *rs, const PGresult *res, int r, ldg_error *err)
{
    ldg_audit_record a;
    ldg_code rc;

    memset(&a, 0, sizeof(a));
    a.seq = ldg_record_row(&a.rec, res, r, rs->sel.tenant);
    a.corrected_by = PQgetisnull(res, r, 10) ? NULL : PQgetvalue(res, r, 10);
    ldg_buf_reset(&rs->bytes);
    rc = ldg_entry_record_bytes(&rs->bytes, &a.rec, a.seq, err);
    if (rc != LDG_OK) {
        ldg_error_where(err, "tenant %s seq %" PRId64, rs->sel.tenant, a.seq);
        return rc;
    }
    ldg_entry_leaf(&a.leaf, &rs->bytes);
    a.bytes = &rs->bytes;
    rs->count++;
    return rs->cb(rs->ctx, &a, err);
}

static ldg_code stream_records(rstate *rs, ldg_audit_widths *widths, ldg_store *st,
                               const ldg_audit_records_query *q, ldg_error *err)
{
    char buf[8][24];
    const char *p[9];
    ldg_code rc = resolve(&rs->sel, st, q, err);

    if (rc != LDG_OK || rs->sel.empty)
        return rc;
    where_params(p, buf, &rs->sel);
    if (widths)
        rc = measure(widths, st, p, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, st, SQL_RECORDS, 9, p, err);
    while (rc == LDG_OK) {
        PGresult *res = NULL;
        int n;

        rc = ldg_store_exec(&res, st, "FETCH " FETCH_ROWS " FROM ldg_audit_records", 0,
                            NULL, err);
        if (rc != LDG_OK)
            break;
        n = PQntuples(res);
        for (int r = 0; rc == LDG_OK && r < n; r++)
            rc = take_record(rs, res, r, err);
        PQclear(res);
        if (n == 0)
            break;
    }
    return rc;
}

ldg_code ldg_audit_records(int64_t *count, ldg_audit_widths *widths, ldg_store *st,
                           const ldg_audit_records_query *q, ldg_audit_record_cb cb,
                           void *ctx, ldg_error *err)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];
    rstate rs = { .cb = cb, .ctx = ctx };
    ldg_code rc;

    if (count)
        *count = 0;
    if (widths)
        memset(widths, 0, sizeof(*widths));
    if ((!q->tenant || !*q->tenant) && !q->invoice)
        return ldg_error_set(err, LDG_EINVAL, "a tenant or an invoice is required");
    if (q->kind != 0 && !ldg_kind_name(q->kind))
        return ldg_error_set(err, LDG_EINVAL, "unknown record kind %d", q->kind);
    if (q->cls != 0 && !ldg_class_name(q->cls))
        return ldg_error_set(err, LDG_EINVAL, "unknown record class %d", q->cls);
    if (q->has_from && q->has_to && q->from >= q->to)
        return ldg_error_set(err, LDG_EINVAL, "empty range: %s is not before %s",
                             ldg_time_format(t1, q->from), ldg_time_format(t2, q->to));
    if ((rc = begin_snapshot(st, err)) != LDG_OK)
        return rc;
    rc = stream_records(&rs, widths, st, q, err);
    ldg_store_rollback(st); /* closes the cursor too */
    ldg_buf_cleanup(&rs.bytes);
    if (count)
        *count = rs.count;
    return rc;
}
