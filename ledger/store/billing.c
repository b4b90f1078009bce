/*
 * Billing. See billing.h. One transaction per contract and period: lock the tenant's
 * log head (no usage can be appended meanwhile), check the checkpoint covers all
 * usage, check reconciliation holds, rate from the rollups, diff against what was
 * issued, number and append each document, index it.
 */
#include "ledger/store/billing.h"

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/entry.h"
#include "ledger/invoice.h"
#include "ledger/invoice_terms.h"
#include "ledger/merkle.h"
#include "ledger/rate.h"
#include "ledger/store/demand_store.h"
#include "ledger/store/hold_store.h"
#include "ledger/store/invoice_query.h"
#include "ledger/store/logstore.h"
#include "ledger/store/recon_store.h"
#include "ledger/store/registry.h"
#include "ledger/store/seal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bill_ctx {
    const ldg_contract_ref *c;
    ldg_period p;
    const ldg_bill_opts *o;
    ldg_contract *contract;
    ldg_billing_terms terms; /* in force for the period (invoice_terms.h) */
    ldg_bill_outcome outcome;
    int needs_seal; /* usage no checkpoint covers: nothing done, seal and run again */
    int hold;       /* documents wait for a person: stored as drafts (draft_store.h) */
    int drafted;    /* drafts stored by this run */
    int stale;      /* approving: the period gained usage after the draft was rated */
    int amend_held; /* amending documents drafted because above a threshold */
    int64_t original_total; /* amending: the original invoice's total, micro-units */
    int64_t ck_size;
    char ck_root[64];
    /* the reads sent ahead (store.h, ldg_store_send), by what they read */
    struct {
        ldg_store_ticket lock, contract, hold, issued, late, gate, rollups;
    } sent;
} bill_ctx;

static const char *i64(char buf[24], int64_t v)
{
    return ldg_store_i64(buf, v);
}

/* Locks the head and reads the latest checkpoint: $1 tenant id. */
static const char SQL_LOCK[] =
    "SELECT h.size, coalesce(c.size, 0), coalesce(encode(c.root, 'base64'), ''),"
    " EXISTS (SELECT 1 FROM ledger.usage u WHERE"
    "  u.tenant_id = h.tenant_id AND u.seq >= coalesce(c.size, 0))"
    " FROM ledger.log_head h LEFT JOIN ledger.seal_state c ON c.tenant_id = h.tenant_id"
    " WHERE h.tenant_id = $1 FOR UPDATE OF h";

/* SQL_LOCK's answer; flags usage the checkpoint does not cover (not an error: the
 * caller seals, or refuses when it has no signer). */
static void lock_read(bill_ctx *b, const PGresult *res)
{
    b->ck_size = ldg_store_int64(res, 0, 1);
    snprintf(b->ck_root, sizeof(b->ck_root), "%s", PQgetvalue(res, 0, 2));
    if (!b->ck_root[0]) { /* no checkpoint yet (only a draft gets this far) */
        ldg_hash empty;
        ldg_merkle_empty_root(&empty);
        ldg_hash_to_base64(b->ck_root, &empty);
    }
    b->needs_seal = strcmp(PQgetvalue(res, 0, 3), "t") == 0 || b->ck_size == 0;
    /* a draft writes nothing, not even a checkpoint: it rates what is there */
    if (b->needs_seal && b->o->dry_run)
        b->needs_seal = 0;
}

/* SQL_LOCK sent (send_reads) and its answer taken. */
static ldg_code lock_take(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, b->sent.lock, err);

    if (rc == LDG_OK)
        lock_read(b, res);
    PQclear(res);
    return rc;
}

/* SQL_LOCK now (after sealing in bill_work; what send_reads sent is still to take). */
static ldg_code lock_and_check_sealed(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    char t[24];
    const char *params[1] = { i64(t, b->c->tenant_id) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SQL_LOCK, 1, params, err);

    if (rc == LDG_OK)
        lock_read(b, res);
    PQclear(res);
    return rc;
}

/* Row i of load_issued's query: kind, doc::text. */
static ldg_code issued_doc(ldg_invoice **out, const PGresult *res, int i, ldg_error *err)
{
    ldg_invoice_kind kind;
    json_t *doc = json_loads(PQgetvalue(res, i, 1), 0, NULL);
    ldg_code rc = ldg_invoice_kind_parse(&kind, PQgetvalue(res, i, 0), err);

    if (rc == LDG_OK && !doc)
        rc = ldg_error_set(err, LDG_EINTERNAL, "stored invoice is not JSON");
    if (rc == LDG_OK)
        rc = ldg_invoice_from_json(out, doc, kind, err);
    json_decref(doc);
    return rc;
}

/* Documents already issued for the contract and period (sent: load_issued reads
 * them). */
static ldg_code issued_send(ldg_store *st, bill_ctx *b, ldg_error *err)
{
    char t[24], per[8];
    const char *params[3] = { i64(t, b->c->tenant_id), b->c->contract_id,
                              ldg_period_format(per, b->p) };

    return ldg_store_send(&b->sent.issued, st,
                          "SELECT kind, doc::text FROM ledger.invoice"
                          " WHERE tenant_id = $1 AND contract_id = $2 AND period = $3"
                          " ORDER BY seq",
                          3, params, err);
}

/* issued_send's documents, oldest first. */
static ldg_code load_issued(ldg_invoice ***out, size_t *n, ldg_store *st,
                            const bill_ctx *b, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, b->sent.issued, err);

    *out = NULL;
    *n = 0;
    if (rc == LDG_OK)
        rc = ldg_invoice_docs(out, n, res, issued_doc, err);
    PQclear(res);
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

/* Whether usage at or after log size `rated` lies in the billed part: $1 tenant, $3
 * site, $4, $5 the covered part (epochs). */
#define SQL_LATE_USAGE(rated)                                        \
    "SELECT EXISTS (SELECT 1 FROM ledger.usage WHERE tenant_id = $1" \
    " AND seq >= " rated " AND site_id = $3"                         \
    " AND start_at < to_timestamp($5) AND end_at > to_timestamp($4))"

/* Usage newer than a rating of the period (at log size rated_size). */
static ldg_code has_late_usage(int *late, ldg_store *st, const bill_ctx *b,
                               int64_t rated_size, ldg_error *err)
{
    char t[24], s[24], site[24], f[24], e[24];
    ldg_time from, to;
    PGresult *res = NULL;
    ldg_code rc;

    covered(&from, &to, b);
    {
        const char *params[5] = { i64(t, b->c->tenant_id), i64(s, rated_size),
                                  i64(site, b->c->site_id), i64(f, from), i64(e, to) };
        rc = ldg_store_exec(&res, st, SQL_LATE_USAGE("$2"), 5, params, err);
    }
    if (rc == LDG_OK)
        *late = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

/*
 * Usage newer than the documents issued for the period were rated from (the largest
 * rated_size among them), sent with the opening reads: a period invoiced already, with
 * nothing new (every night, for every closed period), is settled in one round trip.
 * $2 contract, $6 period.
 */
static ldg_code late_send(ldg_store *st, bill_ctx *b, ldg_error *err)
{
    char t[24], site[24], f[24], e[24], per[8];
    ldg_time from, to;

    covered(&from, &to, b);
    {
        const char *params[6] = { i64(t, b->c->tenant_id),
                                  b->c->contract_id,
                                  i64(site, b->c->site_id),
                                  i64(f, from),
                                  i64(e, to),
                                  ldg_period_format(per, b->p) };
        return ldg_store_send(&b->sent.late, st,
                              SQL_LATE_USAGE("(SELECT coalesce(max(rated_size), 0)"
                                             " FROM ledger.invoice WHERE tenant_id = $1"
                                             " AND contract_id = $2 AND period = $6)"),
                              6, params, err);
    }
}

static ldg_code late_take(int *late, ldg_store *st, const bill_ctx *b, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, b->sent.late, err);

    if (rc == LDG_OK)
        *late = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

/* Sends the read of the covered part's hourly rollups (rate takes it): sent with the
 * blocking checks, it costs no round trip of its own. */
static ldg_code rollups_send(ldg_store *st, bill_ctx *b, ldg_error *err)
{
    char t[24], site[24], f[24], e[24];
    ldg_time from, to;

    covered(&from, &to, b);
    {
        const char *params[4] = { i64(t, b->c->tenant_id), i64(site, b->c->site_id),
                                  i64(f, from), i64(e, to) };
        return ldg_store_send(
            &b->sent.rollups, st,
            "SELECT extract(epoch FROM hour)::bigint, kind, class, qty_micros"
            " FROM ledger.usage_hourly WHERE tenant_id = $1 AND site_id = $2"
            " AND hour >= to_timestamp($3) AND hour < to_timestamp($4)"
            " AND qty_micros <> 0",
            4, params, err);
    }
}

/* Rates the period from the hourly rollups rollups_send asked for (they split records
 * by the same rule the rating core uses, so this equals rating the raw records). */
static ldg_code rate(ldg_draft **out, ldg_store *st, const bill_ctx *b, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_rating *r = NULL;
    ldg_demand_usage *du = NULL;
    ldg_code rc = ldg_store_take(&res, st, b->sent.rollups, err);

    *out = NULL;
    if (rc == LDG_OK)
        rc = ldg_rate_new(&r, b->contract, b->p, err);
    if (rc == LDG_OK) /* demand lines: the 15-minute sums (none without demand terms) */
        rc = ldg_demand_store_load(&du, st, b->c->tenant_id, b->c->site_id, b->contract,
                                   b->p, err);
    if (rc == LDG_OK)
        ldg_rate_set_demand(r, du);
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        ldg_usage u;

        if (!ldg_rollup_row_usage(&u, res, i))
            continue;
        rc = ldg_rate_add(r, &u, err);
    }
    if (rc == LDG_OK)
        rc = ldg_rate_finish(out, r, err);
    ldg_rate_free(r);
    ldg_demand_usage_free(du);
    PQclear(res);
    return rc;
}

/* Takes the next number of the contract's series for the year of as_of (sent: the
 * caller reads it with number_take, after the reads sent with it). */
static ldg_code number_send(ldg_store_ticket *ticket, ldg_store *st, const bill_ctx *b,
                            ldg_error *err)
{
    char t[24], y[24];
    int64_t year;
    int mo, d, hh, mm, ss;

    ldg_time_to_civil(b->o->as_of, &year, &mo, &d, &hh, &mm, &ss);
    {
        const char *params[3] = { i64(t, b->c->tenant_id),
                                  ldg_contract_invoice_series(b->contract),
                                  i64(y, year) };
        return ldg_store_send(
            ticket, st,
            "INSERT INTO ledger.invoice_counter AS c (tenant_id, series, year,"
            " last) VALUES ($1, $2, $3, 1) ON CONFLICT (tenant_id, series, year)"
            " DO UPDATE SET last = c.last + 1 RETURNING last, year",
            3, params, err);
    }
}

static ldg_code number_take(char *out, size_t size, ldg_store *st, const bill_ctx *b,
                            ldg_store_ticket ticket, ldg_error *err)
{
    const char *series = ldg_contract_invoice_series(b->contract);
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, ticket, err);

    if (rc == LDG_OK) {
        int64_t n = ldg_store_int64(res, 0, 0), year = ldg_store_int64(res, 0, 1);
        if (n > 999999)
            rc =
                ldg_error_set(err, LDG_ERANGE,
                              "invoice series \"%s\" is full for %" PRId64, series, year);
        else
            snprintf(out, size, "%s-%04" PRId64 "-%06" PRId64, series, year, n);
    }
    PQclear(res);
    return rc;
}

/* Appends one element to a PostgreSQL array literal being built in a (the text of the
 * parameter, never of the SQL): NULL unquoted, every text quoted with " and \ escaped. */
static ldg_code array_put(ldg_buf *a, const char *v, ldg_error *err)
{
    ldg_code rc =
        ldg_buf_putc(a, a->len > 0 && a->data[a->len - 1] != '{' ? ',' : '{', err);

    if (rc == LDG_OK && !v)
        return ldg_buf_puts(a, "NULL", err);
    if (rc == LDG_OK)
        rc = ldg_buf_putc(a, '"', err);
    for (; rc == LDG_OK && *v; v++) {
        if (*v == '"' || *v == '\\')
            rc = ldg_buf_putc(a, '\\', err);
        if (rc == LDG_OK)
            rc = ldg_buf_putc(a, *v, err);
    }
    return rc == LDG_OK ? ldg_buf_putc(a, '"', err) : rc;
}

enum { LINE_COLS = 9 }; /* line_no .. amount: one array each */

/* Line i of inv as the LINE_COLS array elements insert_lines unnests. */
static ldg_code line_put(ldg_buf cols[LINE_COLS], const ldg_invoice *inv, size_t i,
                         ldg_error *err)
{
    const ldg_line *l = ldg_invoice_line(inv, i);
    char no[24], f[24], e[24], q[24], r[24], a[24];
    const char *v[LINE_COLS] = { i64(no, (int64_t)i + 1),
                                 ldg_rate_stream_name(l->stream),
                                 ldg_contract_class_name(l->cls),
                                 i64(f, l->from),
                                 i64(e, l->to),
                                 i64(q, l->qty_micros),
                                 l->unit,
                                 i64(r, l->rate_micros),
                                 i64(a, l->amount_micros) };
    ldg_code rc = LDG_OK;

    for (int c = 0; rc == LDG_OK && c < LINE_COLS; c++)
        rc = array_put(&cols[c], v[c], err);
    return rc;
}

/* Every line of inv in one statement (one round trip per invoice, not one per line):
 * each column an array parameter, unnested in line order. */
static ldg_code insert_lines(ldg_store *st, int32_t tenant_id, const ldg_invoice *inv,
                             ldg_error *err)
{
    ldg_buf cols[LINE_COLS] = { { 0 } };
    char t[24];
    const char *params[2 + LINE_COLS] = { i64(t, tenant_id), ldg_invoice_number(inv) };
    size_t n = ldg_invoice_line_count(inv);
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = line_put(cols, inv, i, err);
    for (int c = 0; rc == LDG_OK && c < LINE_COLS; c++) {
        rc = ldg_buf_putc(&cols[c], '}', err);
        params[2 + c] = cols[c].data;
    }
    if (rc == LDG_OK && n > 0)
        rc = ldg_store_exec_later(
            st,
            "INSERT INTO ledger.invoice_line (tenant_id, number, line_no, stream,"
            " class, from_at, to_at, qty_micros, unit, rate_micros, amount_micros)"
            " SELECT $1, $2, l.no, l.stream, l.class, to_timestamp(l.f),"
            " to_timestamp(l.e), l.q, l.unit, l.r, l.a FROM unnest($3::int[],"
            " $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[],"
            " $9::text[], $10::bigint[], $11::bigint[])"
            " WITH ORDINALITY AS l(no, stream, class, f, e, q, unit, r, a, ord)"
            " ORDER BY l.ord",
            2 + LINE_COLS, params, err);
    for (int c = 0; c < LINE_COLS; c++)
        ldg_buf_cleanup(&cols[c]);
    return rc;
}

/* Rows per FETCH (the digest's memory stays bounded), as a number and in the SQL. */
#define BASIS_FETCH     8192
#define BASIS_FETCH_SQL "FETCH 8192 FROM ldg_basis"

/*
 * What the document about to be issued is rated from (invoice.h, ldg_invoice_basis):
 * the usage the bundle verifier re-rates (the contract's site and term, overlapping the
 * period, below the checkpoint), the contract's entries and the documents already
 * issued for the period, in one seq-ordered query streamed through a cursor. The log
 * head is locked, so all of them precede the document. Rating reads the rollups, which
 * carry no seq; the raw rows are what a tenant can check, and the rollups are written in
 * the transaction that writes them.
 */
static ldg_code rated_basis(ldg_invoice_basis *out, ldg_store *st, const bill_ctx *b,
                            ldg_error *err)
{
    char t[24], s[24], site[24], f[24], e[24], tf[24], te[24], per[8];
    const char *params[9] = { i64(t, b->c->tenant_id),
                              i64(s, b->ck_size),
                              i64(site, b->c->site_id),
                              i64(f, b->p.start),
                              i64(e, b->p.end),
                              i64(tf, ldg_contract_starts(b->contract)),
                              i64(te, ldg_contract_ends(b->contract)),
                              b->c->contract_id,
                              ldg_period_format(per, b->p) };
    ldg_basis_digest *d = NULL;
    ldg_code rc = ldg_basis_digest_new(&d, err);

    out->from = b->ck_size;
    if (rc == LDG_OK) /* sent with the first FETCH */
        rc = ldg_store_exec_later(
            st,
            "DECLARE ldg_basis NO SCROLL CURSOR FOR"
            " SELECT seq, true FROM ledger.usage WHERE tenant_id = $1 AND seq < $2"
            "  AND site_id = $3 AND start_at < to_timestamp($5)"
            "  AND end_at > to_timestamp($4) AND start_at < to_timestamp($7)"
            "  AND end_at > to_timestamp($6)"
            " UNION ALL SELECT seq, false FROM ledger.contract_doc"
            "  WHERE tenant_id = $1 AND contract_id = $8"
            " UNION ALL SELECT seq, false FROM ledger.invoice"
            "  WHERE tenant_id = $1 AND contract_id = $8 AND period = $9"
            " ORDER BY seq",
            9, params, err);
    while (rc == LDG_OK) {
        PGresult *res = NULL;
        int n;

        rc = ldg_store_exec(&res, st, BASIS_FETCH_SQL, 0, NULL, err);
        n = rc == LDG_OK ? PQntuples(res) : 0;
        for (int r = 0; rc == LDG_OK && r < n; r++) {
            int64_t seq = ldg_store_int64(res, r, 0);

            if (strcmp(PQgetvalue(res, r, 1), "t") == 0 && seq < out->from)
                out->from = seq;
            rc = ldg_basis_digest_add(d, seq, err);
        }
        PQclear(res);
        if (n < BASIS_FETCH) /* a short batch is the last: no empty FETCH to learn it */
            break;
    }
    if (rc == LDG_OK)
        rc = ldg_store_exec_later(st, "CLOSE ldg_basis", 0, NULL, err);
    if (rc == LDG_OK)
        ldg_basis_digest_finish(d, out);
    ldg_basis_digest_free(d);
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

/* Numbers, appends and indexes one document, whose tax per entry is tax. */
static ldg_code issue(ldg_store *st, bill_ctx *b, const ldg_draft *draft,
                      ldg_invoice_kind kind, const char *amends,
                      const ldg_tax_amount *tax, ldg_error *err)
{
    char number[64], t[24], seqs[24], total[24], issued[24], size[24], per[8];
    ldg_invoice_meta meta = { 0 };
    ldg_invoice_tax tax_items[LDG_TAX_MAX_ENTRIES];
    ldg_invoice_terms terms;
    ldg_invoice_basis basis;
    ldg_invoice *inv = NULL;
    ldg_log_appender *log = NULL;
    ldg_log_appender_sent log_sent;
    ldg_store_ticket number_sent = 0;
    json_t *data = NULL;
    char *text = NULL;
    int64_t seq = -1;
    int go = 1;
    ldg_code rc = awaits_person(&go, st, b, draft, kind, amends, tax, err);

    if (rc != LDG_OK || !go)
        return rc;
    /* the number and the log's head travel with the basis's first read */
    rc = number_send(&number_sent, st, b, err);
    if (rc == LDG_OK)
        rc = ldg_log_appender_send(&log_sent, st, b->c->tenant_id, err);
    if (rc == LDG_OK)
        rc = rated_basis(&basis, st, b, err);
    if (rc == LDG_OK)
        rc = number_take(number, sizeof(number), st, b, number_sent, err);
    if (rc == LDG_OK)
        rc = ldg_log_appender_take(&log, st, b->c->tenant_id, &log_sent, err);
    meta.basis = &basis;

    meta.kind = kind;
    meta.number = number;
    meta.issued = b->o->as_of;
    meta.amends = amends;
    meta.rated_from_size = b->ck_size;
    meta.rated_from_root = b->ck_root;
    meta.terms = &terms;
    if (rc == LDG_OK)
        rc = ldg_invoice_terms_make(&terms, tax_items, &b->terms, tax, b->o->as_of, err);
    if (rc == LDG_OK && b->o->approve)
        terms.approved_by = b->o->approve->by; /* the person who approved its draft */
    if (rc == LDG_OK)
        rc = ldg_invoice_new(&inv, draft, &meta, err);
    if (rc == LDG_OK)
        rc = ldg_invoice_to_json(&data, inv, err);
    if (rc == LDG_OK && b->o->on_doc)
        b->o->on_doc(b->o->ctx, b->c, ldg_invoice_kind_name(kind), data, b->o->dry_run);
    if (rc == LDG_OK)
        rc = ldg_log_append_doc_to(&seq, log, b->c->tenant, ldg_invoice_kind_name(kind),
                                   data, err);
    if (rc == LDG_OK && !(text = json_dumps(data, JSON_COMPACT)))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (rc == LDG_OK) {
        const char *params[13] = { i64(t, b->c->tenant_id),
                                   number,
                                   i64(seqs, seq),
                                   ldg_invoice_kind_name(kind),
                                   b->c->contract_id,
                                   ldg_period_format(per, b->p),
                                   amends,
                                   ldg_contract_currency(b->contract),
                                   i64(total, ldg_invoice_total(inv)),
                                   i64(issued, b->o->as_of),
                                   i64(size, b->ck_size),
                                   b->ck_root,
                                   text };
        rc = ldg_store_exec_later(
            st,
            "INSERT INTO ledger.invoice (tenant_id, number, seq, kind,"
            " contract_id, period, amends, currency, total_micros, issued_at,"
            " rated_size, rated_root, doc) VALUES ($1, $2, $3, $4, $5, $6, $7,"
            " $8, $9, to_timestamp($10), $11, decode($12, 'base64'), $13::jsonb)",
            13, params, err);
    }
    if (rc == LDG_OK)
        rc = insert_lines(st, b->c->tenant_id, inv, err);
    if (rc == LDG_OK && b->o->approve)
        rc = ldg_draft_approved(st, b->o->approve, b->c, number, b->o->as_of, err);
    free(text);
    json_decref(data);
    ldg_invoice_free(inv);
    ldg_log_appender_free(log);
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

/* Blocking findings of the contract, with the site-wide capacity part memoised. */
static ldg_code blocking(int *count, ldg_store *st, const bill_ctx *b, ldg_error *err)
{
    ldg_bill_memo *m = b->o->memo;
    int with_capacity = 1;
    size_t i;

    if (m) {
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
            with_capacity = m->periods[i].over_capacity;
    }
    return ldg_recon_blocking(
        count, st, b->c->tenant_id, b->c->contract_id, b->p, with_capacity,
        ldg_recon_maintenance_checked(b->contract, covered_end(b)), err);
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
    ldg_code rc = b->o->approve
                      ? ldg_draft_lock(&g, st, b->c->tenant_id, b->o->approve, err)
                      : ldg_draft_gate_take(&g, st, b->sent.gate, err);

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
static ldg_code person_holds(int *held, ldg_store *st, const bill_ctx *b, ldg_error *err)
{
    ldg_contract_hold h;
    ldg_code rc = ldg_hold_take(&h, st, b->sent.hold, err);

    *held = rc == LDG_OK && h.held;
    if (*held && b->o->approve)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "contract \"%s\" is held by %s: %s (release it first with"
                             " 'leaseledger invoice release --tenant %s --contract %s')",
                             b->c->contract_id, h.held_by, h.reason, b->c->tenant,
                             b->c->contract_id);
    return rc;
}

/* The contract as it stands under the head's lock, and its terms for the period. */
static ldg_code contract_take(bill_ctx *b, ldg_store *st, ldg_error *err)
{
    ldg_code rc;

    ldg_contract_free(b->contract); /* a run before (retried, or sealed in between) */
    b->contract = NULL;
    rc = ldg_registry_contract_take(&b->contract, st, b->sent.contract, b->c->contract_id,
                                    err);
    if (rc == LDG_OK)
        ldg_invoice_terms_in_force(&b->terms, b->contract, b->p);
    return rc;
}

/*
 * The reads every run of bill_work makes, sent in one round trip (store.h,
 * ldg_store_send): the head's lock first, so that each read after it runs under the
 * lock on its own snapshot, as if sent one by one; then the contract, its hold, the
 * documents issued for the period, whether usage came after them, the draft gate.
 * Sealing in between (bill_work) changes none of what they read: it adds no usage.
 */
static ldg_code send_reads(ldg_store *st, bill_ctx *b, ldg_error *err)
{
    char t[24];
    const char *params[1] = { i64(t, b->c->tenant_id) };
    ldg_code rc = ldg_store_send(&b->sent.lock, st, SQL_LOCK, 1, params, err);

    if (rc == LDG_OK)
        rc = ldg_registry_contract_send(&b->sent.contract, st, b->c->tenant_id,
                                        b->c->contract_id, err);
    if (rc == LDG_OK)
        rc = ldg_hold_send(&b->sent.hold, st, b->c->tenant_id, b->c->contract_id, err);
    if (rc == LDG_OK)
        rc = issued_send(st, b, err);
    if (rc == LDG_OK)
        rc = late_send(st, b, err);
    if (rc == LDG_OK && !b->o->approve)
        rc = ldg_draft_gate_send(&b->sent.gate, st, b->c->tenant_id, b->c->contract_id,
                                 b->p, err);
    return rc;
}

static ldg_code bill_work(ldg_store *st, void *vctx, ldg_error *err)
{
    bill_ctx *b = vctx;
    ldg_invoice **docs = NULL;
    ldg_draft *draft = NULL;
    size_t n = 0;
    int nblocking = 0, late = 1, held = 0;
    ldg_code rc = send_reads(st, b, err);

    if (rc == LDG_OK)
        rc = lock_take(b, st, err);
    if (rc == LDG_OK)
        rc = contract_take(b, st, err);
    if (rc == LDG_OK)
        rc = person_holds(&held, st, b, err);
    if (rc == LDG_OK && held) {
        b->needs_seal = 0;
        b->outcome = LDG_BILL_STOPPED;
        return LDG_OK;
    }

    /* sealed here, under the log head's lock: sealed in a transaction of its own, an
     * ingest running meanwhile commits a chunk before this one locks the head, every
     * time, and billing beside an ingest gave up (bill_sealed) */
    if (rc == LDG_OK && b->needs_seal && b->o->signer && !b->o->dry_run)
        rc =
            ldg_seal_tenant_in_xact(st, b->o->signer, b->c->tenant_id, b->c->tenant, err);
    if (rc == LDG_OK && b->needs_seal && b->o->signer && !b->o->dry_run)
        rc = lock_and_check_sealed(b, st, err);
    if (rc == LDG_OK && b->needs_seal)
        return LDG_OK; /* nothing written: the caller seals and runs again */
    /* an invoiced period with nothing new is settled before any reconciliation */
    if (rc == LDG_OK)
        rc = load_issued(&docs, &n, st, b, err);
    if (rc == LDG_OK && n > 0)
        rc = late_take(&late, st, b, err);
    if (rc == LDG_OK)
        rc = gate(&late, st, b, err);
    if (rc == LDG_OK && !late && b->outcome != LDG_BILL_AWAITING)
        b->outcome = LDG_BILL_UNCHANGED;
    if (rc == LDG_OK && late)
        rc = rollups_send(st, b, err);
    if (rc == LDG_OK && late)
        rc = blocking(&nblocking, st, b, err);
    if (rc == LDG_OK && late && nblocking > 0) {
        b->outcome = LDG_BILL_HELD;
        late = 0;
    }
    if (rc == LDG_OK && late)
        rc = rate(&draft, st, b, err);
    if (rc == LDG_OK && late) {
        if (n == 0) {
            ldg_tax_amount tax[LDG_TAX_MAX_ENTRIES];

            rc = ldg_invoice_tax_of(tax, &b->terms, draft, false, NULL, 0, err);
            if (rc == LDG_OK)
                rc = issue(st, b, draft, LDG_INVOICE_KIND_INVOICE, NULL, tax, err);
            b->outcome = LDG_BILL_ISSUED;
        } else {
            rc = amend(st, b, draft, docs, n, err);
        }
    }
    if (rc == LDG_OK && b->drafted)
        b->outcome = b->amend_held ? LDG_BILL_AMEND_HELD : LDG_BILL_DRAFTED;
    if (rc == LDG_OK && b->o->approve && !b->o->approve->issued &&
        b->outcome != LDG_BILL_HELD)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "draft D%" PRId64 " no longer matches its period's rating",
                           b->o->approve->draft_no);
    ldg_rate_draft_free(draft);
    ldg_invoice_docs_free(docs, n);
    return rc;
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
    return rc;
}

ldg_code ldg_bill_contract(ldg_bill_outcome *outcome, ldg_store *st,
                           const ldg_contract_ref *c, ldg_period p,
                           const ldg_bill_opts *opts, ldg_error *err)
{
    bill_ctx b = { .c = c, .p = p, .o = opts };
    char per[8], at[LDG_TIME_BUFLEN];
    ldg_code rc;

    *outcome = 0;
    if (p.end > opts->as_of)
        return ldg_error_set(err, LDG_EINVAL, "period %s has not ended by %s",
                             ldg_period_format(per, p), ldg_time_format(at, opts->as_of));
    if (c->starts >= p.end || c->ends <= p.start)
        return ldg_error_set(err, LDG_EINVAL, "contract \"%s\" does not cover period %s",
                             c->contract_id, ldg_period_format(per, p));
    rc = bill_sealed(st, &b, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "contract \"%s\" period %s", c->contract_id,
                        ldg_period_format(per, p));
    *outcome = b.outcome;
    ldg_contract_free(b.contract);
    return rc;
}
