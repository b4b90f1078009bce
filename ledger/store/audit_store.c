/*
 * Evidence from the store. See audit_store.h for what a bundle covers.
 *
 * One REPEATABLE READ, READ ONLY transaction per call. The entries reach the bundle
 * writer (bundle.h) in seq order: the document entries (contracts, invoices) are few and
 * read first; the usage records are streamed through a cursor and merged with them. The
 * writer checks at the end that the covered leaves and the subtree hashes read from the
 * tiles give the signed root, so a bundle that would not verify is never written out.
 *
 * Completeness: a document that carries a basis (invoice.h) commits to what it was
 * rated from, and the verifier requires every log entry from its basis.from up to the
 * document itself, whatever its kind, so that nothing the rating could have used can be
 * left out unseen (docs/bundle.md). An invoice bundle therefore also carries every entry
 * in [the least basis.from of the invoice's family, the invoice's seq): those stored in
 * ledger.log_doc, and the payments, whose bytes are rebuilt from ledger.payment's typed
 * row by the encoder verify uses (entry.h), as the usage records' are.
 *
 * Dropped: reading the hourly rollups (they are what billing rates from, but the
 * tenant cannot check a rollup against the log; the raw records can be, and rating them
 * gives the same lines, rate.h's split rule); and reading every usage record of the
 * tenant (only those the rating could have used: the contract's site, the period, seq
 * below the rated checkpoint).
 */
#include "ledger/store/audit_store.h"

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/demand.h"
#include "ledger/entry.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/receivable.h"
#include "ledger/store/logstore.h"
#include "ledger/store/pg_array.h"
#include "ledger/store/verify.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FETCH_ROWS "8192"
#define DRAIN_ROWS 256 /* rows written between two reads of the socket (fetch_drain) */
#define MAX_DOCS   4096

typedef struct doc_entry {
    int64_t seq;
    unsigned char *body; /* PQunescapeBytea (PQfreemem), or malloc when rebuilt */
    size_t len;
    bool rebuilt; /* a payment entry rebuilt from its typed row: free() */
} doc_entry;

typedef struct bstate {
    ldg_store *st;
    const ldg_audit_scope *scope;
    ldg_audit_bundle_stats *stats;
    ldg_bundle_sink sink;
    void *sink_ctx;
    int32_t tenant_id;
    char tenant[64];
    /* the latest checkpoint */
    int64_t size;
    char *note;
    char vkey[LDG_VERIFIER_KEY_MAX];
    /* invoice scope */
    int64_t target_seq;
    char contract_id[128];
    char period[8];
    int64_t rated[MAX_DOCS]; /* distinct rated_from sizes */
    size_t nrated;
    int64_t max_rated;
    int64_t *doc_seqs; /* the invoice family */
    size_t ndoc_seqs;
    int64_t cover_from; /* every entry in [cover_from, target_seq); -1: none */
    /* contract and usage filters */
    int32_t site_id;
    ldg_time use_from, use_to;   /* usage overlapping [from, to) */
    ldg_time term_from, term_to; /* and overlapping the contract's term */
    ldg_time demand_from;        /* 15-minute energy from here to use_from: the ratchet */
    doc_entry *docs;
    size_t ndocs, capdocs;
    ldg_tile_source *ts;
    ldg_buf bytes;
} bstate;

static void doc_free(doc_entry *d)
{
    if (d->rebuilt)
        free(d->body);
    else
        PQfreemem(d->body);
}

static const char *i64(char buf[24], int64_t v)
{
    return ldg_store_i64(buf, v);
}

static ldg_code begin_snapshot(ldg_store *st, ldg_error *err)
{
    return ldg_store_exec(NULL, st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
                          NULL, err);
}

/* The latest checkpoint of tenant_id and the C2SP key of its signer. */
static ldg_code latest_checkpoint(int64_t *size, char **note,
                                  char vkey[LDG_VERIFIER_KEY_MAX], ldg_store *st,
                                  int32_t tenant_id, const char *tenant, ldg_error *err)
{
    char t[24];
    const char *params[1] = { i64(t, tenant_id) };
    PGresult *res = NULL;
    ldg_verifier *v = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT c.size, c.note, c.key_name, c.key_id,"
                       " encode(k.public_key, 'hex'),"
                       /* its cosignatures ride along: lines of its signed note */
                       " (SELECT coalesce(string_agg(x.line, '' ORDER BY x.key_name,"
                       "   x.key_id), '') FROM ledger.checkpoint_cosig x"
                       "   WHERE x.tenant_id = c.tenant_id AND x.size = c.size)"
                       " FROM ledger.checkpoint c LEFT JOIN ledger.signing_key k"
                       "  ON k.key_name = c.key_name AND k.key_id = c.key_id"
                       " WHERE c.tenant_id = $1 ORDER BY c.size DESC LIMIT 1",
                       1, params, err);

    *note = NULL;
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 0) {
        rc = ldg_error_set(err, LDG_ENOTFOUND,
                           "tenant \"%s\" has no signed checkpoint yet", tenant);
        ldg_error_hint(err, "Run 'leaseledger seal'.");
    } else if (PQgetisnull(res, 0, 4) || PQgetlength(res, 0, 4) != 2 * LDG_ED25519_LEN) {
        rc = ldg_error_set(err, LDG_EINTERNAL,
                           "the key \"%s\" that signed tenant \"%s\"'s checkpoint is not"
                           " recorded",
                           PQgetvalue(res, 0, 2), tenant);
    } else {
        uint8_t pub[LDG_ED25519_LEN];
        const char *hex = PQgetvalue(res, 0, 4);

        for (size_t i = 0; i < LDG_ED25519_LEN; i++) {
            unsigned hi =
                (unsigned)(hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10);
            unsigned lo = (unsigned)(hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0'
                                                           : hex[2 * i + 1] - 'a' + 10);
            pub[i] = (uint8_t)(hi << 4 | lo);
        }
        *size = ldg_store_int64(res, 0, 0);
        rc = ldg_verifier_from_raw(&v, PQgetvalue(res, 0, 2), pub, err);
        if (rc == LDG_OK && (int64_t)ldg_verifier_key_id(v) != ldg_store_int64(res, 0, 3))
            rc = ldg_error_set(err, LDG_EINTERNAL,
                               "the recorded key \"%s\" does not have the key id of the"
                               " checkpoint's signer",
                               PQgetvalue(res, 0, 2));
        if (rc == LDG_OK)
            rc = ldg_verifier_format(vkey, LDG_VERIFIER_KEY_MAX, v, err);
        if (rc == LDG_OK) {
            size_t a = strlen(PQgetvalue(res, 0, 1)), b = strlen(PQgetvalue(res, 0, 5));

            if (!(*note = malloc(a + b + 1)))
                rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
            else
                snprintf(*note, a + b + 1, "%s%s", PQgetvalue(res, 0, 1),
                         PQgetvalue(res, 0, 5));
        }
    }
    ldg_verifier_free(v);
    PQclear(res);
    return rc;
}

/* Room for one more document entry at b->docs[b->ndocs]. */
static ldg_code doc_room(bstate *b, ldg_error *err)
{
    if (b->ndocs == b->capdocs) {
        size_t cap = b->capdocs ? b->capdocs * 2 : 16;
        doc_entry *p = realloc(b->docs, cap * sizeof(*p));

        if (!p)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        b->docs = p;
        b->capdocs = cap;
    }
    return LDG_OK;
}

/* Reads the document entries (seq, canonical bytes) the query returns, in seq order,
 * adding them to b->docs. params[0] is the tenant id. */
static ldg_code read_docs(bstate *b, const char *sql, int nparams,
                          const char *const *params, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, b->st, sql, nparams, params, err);

    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        doc_entry *d;

        if ((rc = doc_room(b, err)) != LDG_OK)
            break;
        d = &b->docs[b->ndocs];
        d->seq = ldg_store_int64(res, r, 0);
        d->rebuilt = false;
        d->body = PQunescapeBytea((const unsigned char *)PQgetvalue(res, r, 1), &d->len);
        if (!d->body)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        else
            b->ndocs++;
    }
    PQclear(res);
    return rc;
}

/* The payment entries of the tenant with seq in [from, to), their canonical bytes
 * rebuilt from ledger.payment's typed columns by the encoder verify uses (entry.h):
 * a payment is not in ledger.log_doc. */
static ldg_code read_payments(bstate *b, int64_t from, int64_t to, ldg_error *err)
{
    char t[24], f[24], s[24];
    const char *params[3] = { i64(t, b->tenant_id), i64(f, from), i64(s, to) };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, b->st,
                       "SELECT seq, payment_id, extract(epoch FROM received_at)::bigint,"
                       " amount_micros, currency, reference, payer, assigned_by"
                       " FROM ledger.payment WHERE tenant_id = $1 AND seq >= $2"
                       " AND seq < $3 ORDER BY seq",
                       3, params, err);

    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        ldg_payment_entry p = {
            .payment_id = PQgetvalue(res, r, 1),
            .received = ldg_store_int64(res, r, 2),
            .amount_micros = ldg_store_int64(res, r, 3),
            .currency = PQgetvalue(res, r, 4),
            .reference = PQgetvalue(res, r, 5),
            .payer = PQgetvalue(res, r, 6),
            .assigned_by = PQgetisnull(res, r, 7) ? NULL : PQgetvalue(res, r, 7),
        };
        doc_entry *d;

        ldg_buf_reset(&b->bytes);
        rc = ldg_entry_payment_bytes(&b->bytes, b->tenant, ldg_store_int64(res, r, 0), &p,
                                     err);
        if (rc == LDG_OK)
            rc = doc_room(b, err);
        if (rc != LDG_OK)
            break;
        d = &b->docs[b->ndocs];
        d->seq = ldg_store_int64(res, r, 0);
        d->rebuilt = true;
        d->len = b->bytes.len;
        if (!(d->body = malloc(d->len)))
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        else {
            memcpy(d->body, b->bytes.data, d->len);
            b->ndocs++;
        }
    }
    PQclear(res);
    return rc;
}

static int doc_cmp(const void *x, const void *y)
{
    const doc_entry *a = x, *b = y;

    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The invoice, its family, the period, the rated sizes. */
static ldg_code resolve_invoice(bstate *b, ldg_error *err)
{
    const char *params[2] = { b->scope->invoice, b->scope->tenant };
    char t[24], s[24];
    PGresult *res = NULL;
    const char *original;
    ldg_code rc =
        ldg_store_exec(&res, b->st,
                       "SELECT i.tenant_id, t.tenant, i.seq, i.contract_id, i.period,"
                       " coalesce(i.amends, i.number)"
                       " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
                       " WHERE i.number = $1 AND ($2::text IS NULL OR t.tenant = $2)",
                       2, params, err);
    char orig[128];

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = ldg_error_set(
            err, LDG_ENOTFOUND, "no invoice or credit note numbered \"%s\"%s%s%s",
            b->scope->invoice, b->scope->tenant ? " for tenant \"" : "",
            b->scope->tenant ? b->scope->tenant : "", b->scope->tenant ? "\"" : "");
    else if (PQntuples(res) > 1)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "invoice number \"%s\" exists for several tenants: give --tenant",
            b->scope->invoice);
    if (rc == LDG_OK) {
        b->tenant_id = (int32_t)ldg_store_int64(res, 0, 0);
        snprintf(b->tenant, sizeof(b->tenant), "%s", PQgetvalue(res, 0, 1));
        b->target_seq = ldg_store_int64(res, 0, 2);
        snprintf(b->contract_id, sizeof(b->contract_id), "%s", PQgetvalue(res, 0, 3));
        snprintf(b->period, sizeof(b->period), "%s", PQgetvalue(res, 0, 4));
        snprintf(orig, sizeof(orig), "%s", PQgetvalue(res, 0, 5));
    }
    PQclear(res);
    if (rc != LDG_OK)
        return rc;
    original = orig;
    {
        const char *p3[3] = { i64(t, b->tenant_id), original, i64(s, b->target_seq) };
        rc =
            ldg_store_exec(&res, b->st,
                           "SELECT seq, rated_size, (doc -> 'basis' ->> 'from')::bigint"
                           " FROM ledger.invoice WHERE tenant_id = $1"
                           " AND (number = $2 OR amends = $2) AND seq <= $3 ORDER BY seq",
                           3, p3, err);
    }
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) > MAX_DOCS)
        rc = ldg_error_set(err, LDG_EINVAL, "invoice %s has more than %d amendments",
                           original, MAX_DOCS);
    if (rc == LDG_OK &&
        !(b->doc_seqs = calloc((size_t)PQntuples(res) + 1, sizeof(int64_t))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        int64_t size = ldg_store_int64(res, r, 1);
        size_t k;

        b->doc_seqs[b->ndoc_seqs++] = ldg_store_int64(res, r, 0);
        if (!PQgetisnull(res, r, 2) &&
            (b->cover_from < 0 || ldg_store_int64(res, r, 2) < b->cover_from))
            b->cover_from = ldg_store_int64(res, r, 2);
        for (k = 0; k < b->nrated && b->rated[k] != size; k++)
            ;
        if (k == b->nrated)
            b->rated[b->nrated++] = size;
        if (size > b->max_rated)
            b->max_rated = size;
    }
    PQclear(res);
    return rc;
}

static ldg_code resolve_tenant(bstate *b, ldg_error *err)
{
    ldg_code rc = ldg_tenant_id(&b->tenant_id, b->st, b->scope->tenant, err);

    snprintf(b->tenant, sizeof(b->tenant), "%s", b->scope->tenant);
    return rc;
}

/* Contract entries of the invoice's contract logged before it, and from them the site,
 * term and period that select the usage. */
static ldg_code invoice_contract(bstate *b, ldg_error *err)
{
    char t[24], s[24];
    const char *params[3] = { i64(t, b->tenant_id), b->contract_id,
                              i64(s, b->target_seq) };
    const json_t **amend = NULL;
    json_t **parsed = NULL;
    const json_t *base = NULL;
    ldg_contract *c = NULL;
    ldg_period p;
    size_t na = 0, first = b->ndocs;
    ldg_code rc =
        read_docs(b,
                  "SELECT d.seq, d.body FROM ledger.contract_doc c"
                  " JOIN ledger.log_doc d ON d.tenant_id = c.tenant_id AND d.seq = c.seq"
                  " WHERE c.tenant_id = $1 AND c.contract_id = $2 AND c.seq < $3"
                  " ORDER BY c.seq",
                  3, params, err);

    if (rc == LDG_OK && b->ndocs == first)
        rc = ldg_error_set(err, LDG_EINTERNAL, "contract \"%s\" has no entry in the log",
                           b->contract_id);
    if (rc == LDG_OK && (!(amend = calloc(b->ndocs - first, sizeof(*amend))) ||
                         !(parsed = calloc(b->ndocs - first, sizeof(*parsed)))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = first; rc == LDG_OK && i < b->ndocs; i++) {
        json_t *e = json_loadb((const char *)b->docs[i].body, b->docs[i].len, 0, NULL);
        const json_t *data = json_object_get(e, "data");

        parsed[i - first] = e;
        if (!json_is_object(data))
            rc = ldg_error_set(err, LDG_EINTERNAL,
                               "contract entry seq %" PRId64 " is not JSON",
                               b->docs[i].seq);
        else if (json_object_get(data, "amends"))
            amend[na++] = data;
        else if (!base)
            base = data;
    }
    if (rc == LDG_OK && !base)
        rc = ldg_error_set(err, LDG_EINTERNAL, "contract \"%s\" has no base document",
                           b->contract_id);
    if (rc == LDG_OK)
        rc = ldg_contract_from_json(&c, base, amend, na, err);
    if (rc == LDG_OK)
        rc = ldg_period_parse(&p, b->period, err);
    if (rc == LDG_OK) {
        const char *sp[1] = { ldg_contract_site(c) };
        PGresult *res = NULL;

        b->use_from = p.start;
        b->use_to = p.end;
        b->term_from = ldg_contract_starts(c);
        b->term_to = ldg_contract_ends(c);
        /* the ratchet's earlier periods (demand.h): their 15-minute energy records */
        b->demand_from = ldg_demand_applies(c, p) ? ldg_demand_since(c, p) : p.start;
        rc = ldg_store_exec(
            &res, b->st, "SELECT site_id FROM ledger.site WHERE site = $1", 1, sp, err);
        if (rc == LDG_OK && PQntuples(res) != 1)
            rc = ldg_error_set(err, LDG_EINTERNAL, "unknown site \"%s\"",
                               ldg_contract_site(c));
        if (rc == LDG_OK)
            b->site_id = (int32_t)ldg_store_int64(res, 0, 0);
        PQclear(res);
    }
    for (size_t i = 0; parsed && i < b->ndocs - first; i++)
        json_decref(parsed[i]);
    free(parsed);
    free(amend);
    ldg_contract_free(c);
    return rc;
}

/* The invoice family's own entries. */
static ldg_code invoice_docs(bstate *b, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    char t[24];
    const char *params[2] = { i64(t, b->tenant_id), NULL };
    ldg_code rc = ldg_pg_arrays_open(&a, 1, err);

    for (size_t i = 0; rc == LDG_OK && i < b->ndoc_seqs; i++)
        rc = ldg_pg_arrays_i64(&a, 0, b->doc_seqs[i], err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params + 1, &a, err);
    if (rc == LDG_OK)
        rc = read_docs(b,
                       "SELECT seq, body FROM ledger.log_doc WHERE tenant_id = $1"
                       " AND seq = ANY ($2::bigint[]) ORDER BY seq",
                       2, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

/* Every entry other than usage (any kind) the family's bases require: seq in
 * [cover_from, target_seq), from ledger.log_doc and ledger.payment. */
static ldg_code covered_docs(bstate *b, ldg_error *err)
{
    char t[24], f[24], s[24];
    const char *params[3] = { i64(t, b->tenant_id), i64(f, b->cover_from),
                              i64(s, b->target_seq) };
    ldg_code rc;

    if (b->cover_from < 0)
        return LDG_OK;
    rc = read_docs(b,
                   "SELECT seq, body FROM ledger.log_doc WHERE tenant_id = $1"
                   " AND seq >= $2 AND seq < $3 ORDER BY seq",
                   3, params, err);
    if (rc == LDG_OK)
        rc = read_payments(b, b->cover_from, b->target_seq, err);
    return rc;
}

/* Sorts the documents by seq and drops those read twice. */
static void sort_docs(bstate *b)
{
    size_t k = 0;

    qsort(b->docs, b->ndocs, sizeof(*b->docs), doc_cmp);
    for (size_t i = 0; i < b->ndocs; i++) {
        if (k > 0 && b->docs[k - 1].seq == b->docs[i].seq)
            doc_free(&b->docs[i]);
        else
            b->docs[k++] = b->docs[i];
    }
    b->ndocs = k;
}

static ldg_code range_contracts(bstate *b, ldg_error *err)
{
    char t[24], s[24];
    const char *params[2] = { i64(t, b->tenant_id), i64(s, b->size) };

    return read_docs(
        b,
        "SELECT d.seq, d.body FROM ledger.contract_doc c"
        " JOIN ledger.log_doc d ON d.tenant_id = c.tenant_id AND d.seq = c.seq"
        " WHERE c.tenant_id = $1 AND c.seq < $2 ORDER BY c.seq",
        2, params, err);
}

/* A statement bundle's entries: every invoice, credit note and payment of the tenant
 * below the checkpoint. */
static ldg_code statement_docs(bstate *b, ldg_error *err)
{
    char t[24], s[24];
    const char *params[2] = { i64(t, b->tenant_id), i64(s, b->size) };
    ldg_code rc = read_docs(b,
                            "SELECT seq, body FROM ledger.log_doc WHERE tenant_id = $1"
                            " AND seq < $2 AND kind IN ('invoice', 'credit_note')"
                            " ORDER BY seq",
                            2, params, err);

    if (rc == LDG_OK)
        rc = read_payments(b, 0, b->size, err);
    if (rc == LDG_OK && b->ndocs == 0)
        rc =
            ldg_error_set(err, LDG_ENOTFOUND,
                          "tenant \"%s\" has no invoice, credit note or payment under its"
                          " latest checkpoint",
                          b->tenant);
    return rc;
}

/* ---- the bundle -------------------------------------------------------------------- */

typedef struct counting_sink {
    ldg_bundle_sink sink;
    void *ctx;
    int64_t bytes;
} counting_sink;

static ldg_code count_sink(void *ctx, const void *p, size_t n, ldg_error *err)
{
    counting_sink *c = ctx;

    c->bytes += (int64_t)n;
    return c->sink(c->ctx, p, n, err);
}

/* Subtree (level, index) from the tiles: the 2^(level mod 8) stored hashes under it at
 * tile level level / 8, hashed up. */
static ldg_code tile_node(void *ctx, unsigned level, uint64_t index, ldg_hash *out,
                          ldg_error *err)
{
    bstate *b = ctx;
    ldg_hash buf[LDG_TILE_WIDTH];
    unsigned tl = level / LDG_TILE_HEIGHT, r = level % LDG_TILE_HEIGHT;
    uint64_t first = index << r, cnt = UINT64_C(1) << r;
    unsigned off = (unsigned)(first % LDG_TILE_WIDTH);
    ldg_code rc = ldg_tile_source_read(b->ts, (int)tl, first / LDG_TILE_WIDTH,
                                       (int)(off + cnt), buf, err);

    if (rc == LDG_OK)
        ldg_merkle_root_of(out, buf + off, cnt);
    return rc;
}

static ldg_code add_doc(bstate *b, ldg_bundle_writer *w, size_t i, ldg_error *err)
{
    b->stats->entries++;
    return ldg_bundle_writer_add(w, b->docs[i].seq, b->docs[i].body, b->docs[i].len, err);
}

/* The usage cursor of a bundle, in the column order its rows are read in (usage_row);
 * each scope adds its own WHERE. */
#define USAGE_CURSOR                                                  \
    "DECLARE ldg_bundle_usage NO SCROLL CURSOR FOR"                   \
    " SELECT u.seq, s.site, u.meter, u.event_id, u.corrects, u.kind," \
    "  u.class, u.start_at, u.end_at, u.qty_micros"                   \
    " FROM ledger.usage u JOIN ledger.site s USING (site_id)"

/*
 * A row of the usage cursor, fetched in binary as verify reads its rows (verify.h): no
 * number or time written as text by the server nor parsed here (issue 13; the server's
 * extract(epoch ...) and the text of each number were most of its work), times rounded
 * to seconds as extract(epoch ...)::bigint rounded them, so each entry is rebuilt to the
 * same bytes.
 */
static ldg_code usage_row(ldg_record *u, int64_t *seq, const PGresult *res, int r,
                          const char *tenant, ldg_error *err)
{
    ldg_code rc;

    *seq = ldg_verify_col_i64(res, r, 0);
    *u = (ldg_record){
        .tenant = tenant,
        .site = PQgetvalue(res, r, 1),
        .meter = PQgetvalue(res, r, 2),
        .event_id = PQgetvalue(res, r, 3),
        .corrects = PQgetisnull(res, r, 4) ? NULL : PQgetvalue(res, r, 4),
        .kind = (int)ldg_verify_col_i64(res, r, 5),
        .cls = (int)ldg_verify_col_i64(res, r, 6),
        .qty_micros = ldg_verify_col_i64(res, r, 9),
    };
    rc = ldg_verify_col_epoch(&u->start, res, r, 7, err);
    if (rc == LDG_OK)
        rc = ldg_verify_col_epoch(&u->end, res, r, 8, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "usage seq %" PRId64, *seq);
    return rc;
}

/* Asks for the next batch of the usage cursor, in the background (fetch_receive). */
static ldg_code fetch_send(ldg_store *st, ldg_error *err)
{
    if (!PQsendQueryParams(ldg_store_conn(st),
                           "FETCH " FETCH_ROWS " FROM ldg_bundle_usage", 0, NULL, NULL,
                           NULL, NULL, 1))
        return ldg_error_set(err, LDG_EDB, "could not read from the database: %s",
                             PQerrorMessage(ldg_store_conn(st)));
    return LDG_OK;
}

/* Reads what has arrived of the batch fetch_send asked for, without waiting: a batch is
 * larger than the socket holds, and the server stops reading until the client takes
 * what it sent, so it is taken now and then while the batch before is written. */
static void fetch_drain(ldg_store *st)
{
    if (PQconsumeInput(ldg_store_conn(st)))
        (void)PQisBusy(ldg_store_conn(st)); /* parses what came */
}

/* The batch fetch_send asked for; on LDG_OK the caller PQclear()s *out. */
static ldg_code fetch_receive(PGresult **out, ldg_store *st, ldg_error *err)
{
    PGresult *res = NULL, *r;
    ldg_code rc = LDG_OK;

    while ((r = PQgetResult(ldg_store_conn(st))) != NULL) {
        if (!res)
            res = r;
        else
            PQclear(r);
    }
    if (!res)
        rc = ldg_error_set(err, LDG_EDB, "could not read from the database: %s",
                           PQerrorMessage(ldg_store_conn(st)));
    else if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = ldg_store__result_error(st, res, err);
    if (rc != LDG_OK) {
        PQclear(res);
        res = NULL;
    }
    *out = res;
    return rc;
}

/* Streams the usage records and merges the documents in. */
static ldg_code stream_entries(bstate *b, ldg_bundle_writer *w, ldg_error *err)
{
    char t[24], below[24], site[24], f[24], e[24], tf[24], te[24], cf[24], ct[24];
    size_t d = 0;
    ldg_code rc;

    if (b->scope->statement) {
        /* no usage: the documents and payments alone */
        for (rc = LDG_OK; rc == LDG_OK && d < b->ndocs; d++)
            rc = add_doc(b, w, d, err);
        return rc;
    }
    if (b->scope->invoice) {
        /* no basis: an empty cover range */
        char df[24];
        const char *params[10] = { i64(t, b->tenant_id),
                                   i64(below, b->max_rated),
                                   i64(site, b->site_id),
                                   i64(f, b->use_from),
                                   i64(e, b->use_to),
                                   i64(tf, b->term_from),
                                   i64(te, b->term_to),
                                   i64(cf, b->cover_from < 0 ? 0 : b->cover_from),
                                   i64(ct, b->cover_from < 0 ? 0 : b->target_seq),
                                   i64(df, b->demand_from) };
        rc = ldg_store_exec(
            NULL, b->st,
            USAGE_CURSOR
            " WHERE u.tenant_id = $1 AND ((u.seq < $2 AND u.site_id = $3"
            "  AND u.start_at < to_timestamp($5) AND u.end_at > to_timestamp($4)"
            "  AND u.start_at < to_timestamp($7) AND u.end_at > to_timestamp($6))"
            "  OR (u.seq >= $8 AND u.seq < $9)"
            "  OR (u.seq < $2 AND u.site_id = $3 AND u.kind = 2"
            "   AND u.end_at - u.start_at <= interval '15 minutes'"
            "   AND u.start_at < to_timestamp($4) AND u.end_at > to_timestamp($10)"
            "   AND u.start_at < to_timestamp($7) AND u.end_at > to_timestamp($6)))"
            " ORDER BY u.seq",
            10, params, err);
    } else {
        const char *params[5] = { i64(t, b->tenant_id), i64(below, b->size),
                                  i64(f, b->scope->from), i64(e, b->scope->to),
                                  b->scope->meter };
        rc = ldg_store_exec(
            NULL, b->st,
            USAGE_CURSOR
            " WHERE u.tenant_id = $1 AND u.seq < $2"
            "  AND u.start_at < to_timestamp($4) AND u.end_at > to_timestamp($3)"
            "  AND ($5::text IS NULL OR u.meter = $5)"
            " ORDER BY u.seq",
            5, params, err);
    }
    /* each batch is asked for before the one before it is written, so the server reads
     * while the entries are rebuilt, hashed and escaped (issue 13) */
    if (rc == LDG_OK)
        rc = fetch_send(b->st, err);
    while (rc == LDG_OK) {
        PGresult *res = NULL;
        int n;

        rc = fetch_receive(&res, b->st, err);
        if (rc != LDG_OK)
            break;
        n = PQntuples(res);
        if (n > 0)
            rc = fetch_send(b->st, err);
        for (int r = 0; rc == LDG_OK && r < n; r++) {
            ldg_record u;
            int64_t seq;

            rc = usage_row(&u, &seq, res, r, b->tenant, err);
            if (r % DRAIN_ROWS == 0) /* the next batch is on the wire */
                fetch_drain(b->st);
            while (rc == LDG_OK && d < b->ndocs && b->docs[d].seq < seq)
                rc = add_doc(b, w, d++, err);
            ldg_buf_reset(&b->bytes);
            if (rc == LDG_OK)
                rc = ldg_entry_record_bytes(&b->bytes, &u, seq, err);
            if (rc == LDG_OK)
                rc = ldg_bundle_writer_add(w, seq, b->bytes.data, b->bytes.len, err);
            b->stats->entries++;
            b->stats->usage++;
        }
        PQclear(res);
        if (n == 0)
            break;
    }
    while (rc == LDG_OK && d < b->ndocs)
        rc = add_doc(b, w, d++, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, b->st, "CLOSE ldg_bundle_usage", 0, NULL, err);
    return rc;
}

static ldg_code write_bundle(bstate *b, ldg_error *err)
{
    size_t ncons = 0, nodes = 0;
    ldg_bundle_consistency cons[LDG_BUNDLE_MAX_CONSISTENCY];
    ldg_hash proofs[LDG_BUNDLE_MAX_CONSISTENCY][LDG_PROOF_MAX];
    ldg_bundle_header h = { 0 };
    ldg_bundle_writer *w = NULL;
    counting_sink cs = { .sink = b->sink, .ctx = b->sink_ctx };
    json_t *scope = NULL;
    int64_t sizes[LDG_BUNDLE_MAX_CONSISTENCY];
    ldg_code rc = LDG_OK;

    for (size_t i = 0; i < b->nrated + b->scope->nold; i++) {
        int64_t s = i < b->nrated ? b->rated[i] : b->scope->old_sizes[i - b->nrated];
        size_t k;

        if (s < 1 || s > b->size)
            return ldg_error_set(err, LDG_EINVAL,
                                 "tree size %" PRId64 " is not 1..%" PRId64
                                 ", the size of tenant \"%s\"'s latest checkpoint",
                                 s, b->size, b->tenant);
        for (k = 0; k < ncons && sizes[k] != s; k++)
            ;
        if (k < ncons)
            continue;
        if (ncons == LDG_BUNDLE_MAX_CONSISTENCY)
            return ldg_error_set(err, LDG_EINVAL,
                                 "at most %d consistency proofs per bundle",
                                 LDG_BUNDLE_MAX_CONSISTENCY);
        sizes[ncons] = s;
        cons[ncons].size = (uint64_t)s;
        cons[ncons].proof = proofs[ncons];
        rc = ldg_tree_root(&cons[ncons].root, (uint64_t)s, ldg_tile_source_read, b->ts,
                           err);
        if (rc == LDG_OK && s < b->size)
            rc = ldg_tree_consistency_proof(proofs[ncons], &cons[ncons].n, (uint64_t)s,
                                            (uint64_t)b->size, ldg_tile_source_read,
                                            b->ts, err);
        else
            cons[ncons].n = 0;
        if (rc != LDG_OK)
            return rc;
        ncons++;
    }
    if (b->scope->invoice) {
        scope = json_pack("{s:s}", "invoice", b->scope->invoice);
    } else if (b->scope->statement) {
        char day[LDG_RECEIVABLE_DAY_BUFLEN];

        scope = json_pack("{s:s}", "statement",
                          ldg_receivable_day_format(day, b->scope->statement_day));
    } else {
        char from[LDG_TIME_BUFLEN], to[LDG_TIME_BUFLEN];

        scope = json_pack("{s:s, s:s}", "from", ldg_time_format(from, b->scope->from),
                          "to", ldg_time_format(to, b->scope->to));
        if (scope && b->scope->meter)
            json_object_set_new(scope, "meter", json_string(b->scope->meter));
    }
    if (!scope)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    h.tenant = b->tenant;
    h.vkey = b->vkey;
    h.checkpoint = b->note;
    h.scope = scope;
    h.consistency = cons;
    h.nconsistency = ncons;
    rc = ldg_bundle_writer_new(&w, &h, count_sink, &cs, err);
    if (rc == LDG_OK)
        rc = stream_entries(b, w, err);
    if (rc == LDG_OK)
        rc = ldg_bundle_writer_finish(w, tile_node, b, &nodes, err);
    b->stats->nodes = (int64_t)nodes;
    b->stats->bytes = cs.bytes;
    ldg_bundle_writer_free(w);
    json_decref(scope);
    return rc;
}

ldg_code ldg_audit_bundle(ldg_store *st, const ldg_audit_scope *scope,
                          ldg_bundle_sink sink, void *ctx, ldg_audit_bundle_stats *stats,
                          ldg_error *err)
{
    ldg_audit_bundle_stats local;
    bstate b;
    ldg_code rc;

    memset(&b, 0, sizeof(b));
    memset(&local, 0, sizeof(local));
    b.st = st;
    b.scope = scope;
    b.stats = stats ? stats : &local;
    memset(b.stats, 0, sizeof(*b.stats));
    b.sink = sink;
    b.sink_ctx = ctx;
    b.cover_from = -1;
    if (scope->statement && (scope->invoice || !scope->tenant))
        return ldg_error_set(err, LDG_EINVAL, "a statement bundle needs a tenant alone");
    if (!scope->invoice && !scope->statement &&
        (!scope->tenant || scope->from >= scope->to))
        return ldg_error_set(err, LDG_EINVAL,
                             "a range bundle needs a tenant and a range from < to");
    rc = begin_snapshot(st, err);
    if (rc != LDG_OK)
        return rc;
    rc = scope->invoice ? resolve_invoice(&b, err) : resolve_tenant(&b, err);
    if (rc == LDG_OK)
        rc = latest_checkpoint(&b.size, &b.note, b.vkey, st, b.tenant_id, b.tenant, err);
    if (rc == LDG_OK && scope->invoice && b.target_seq >= b.size) {
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "invoice %s (log seq %" PRId64
                           ") is not covered by tenant \"%s\"'s"
                           " latest checkpoint (tree size %" PRId64 ") yet",
                           scope->invoice, b.target_seq, b.tenant, b.size);
        ldg_error_hint(err, "Run 'leaseledger seal' first.");
    }
    if (rc == LDG_OK && scope->invoice)
        rc = invoice_contract(&b, err);
    if (rc == LDG_OK && scope->invoice)
        rc = invoice_docs(&b, err);
    if (rc == LDG_OK && scope->invoice)
        rc = covered_docs(&b, err);
    if (rc == LDG_OK && scope->statement)
        rc = statement_docs(&b, err);
    else if (rc == LDG_OK && !scope->invoice)
        rc = range_contracts(&b, err);
    if (rc == LDG_OK && b.ndocs > 1)
        sort_docs(&b);
    if (rc == LDG_OK)
        rc = ldg_tile_source_new(&b.ts, st, b.tenant_id, err);
    if (rc == LDG_OK) {
        snprintf(b.stats->tenant, sizeof(b.stats->tenant), "%s", b.tenant);
        b.stats->checkpoint_size = b.size;
        rc = write_bundle(&b, err);
    }
    ldg_store_rollback(st);
    ldg_tile_source_free(b.ts);
    for (size_t i = 0; i < b.ndocs; i++)
        doc_free(&b.docs[i]);
    free(b.docs);
    free(b.doc_seqs);
    free(b.note);
    ldg_buf_cleanup(&b.bytes);
    return rc;
}

ldg_code ldg_audit_consistency(json_t **out, ldg_store *st, const char *tenant,
                               int64_t old_size, ldg_error *err)
{
    char vkey[LDG_VERIFIER_KEY_MAX];
    ldg_hash proof[LDG_PROOF_MAX];
    ldg_tile_source *ts = NULL;
    json_t *doc = NULL, *arr = NULL;
    char *note = NULL;
    int64_t size = 0;
    int32_t tenant_id = 0;
    size_t n = 0;
    ldg_code rc;

    *out = NULL;
    rc = begin_snapshot(st, err);
    if (rc != LDG_OK)
        return rc;
    rc = ldg_tenant_id(&tenant_id, st, tenant, err);
    if (rc == LDG_OK)
        rc = latest_checkpoint(&size, &note, vkey, st, tenant_id, tenant, err);
    if (rc == LDG_OK && (old_size < 1 || old_size > size))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "old size %" PRId64 " is not 1..%" PRId64
                           ", the size of tenant \"%s\"'s latest checkpoint",
                           old_size, size, tenant);
    if (rc == LDG_OK)
        rc = ldg_tile_source_new(&ts, st, tenant_id, err);
    if (rc == LDG_OK)
        rc = ldg_tree_consistency_proof(proof, &n, (uint64_t)old_size, (uint64_t)size,
                                        ldg_tile_source_read, ts, err);
    if (rc == LDG_OK && (!(arr = json_array()) || !(doc = json_object())))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        char b64[45];

        ldg_hash_to_base64(b64, &proof[i]);
        if (json_array_append_new(arr, json_string(b64)) != 0)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if (rc == LDG_OK &&
        (json_object_set_new(doc, "checkpoint", json_string(note)) != 0 ||
         json_object_set_new(doc, "new_size", json_integer(size)) != 0 ||
         json_object_set_new(doc, "old_size", json_integer(old_size)) != 0 ||
         json_object_set(doc, "proof", arr) != 0 ||
         json_object_set_new(doc, "tenant", json_string(tenant)) != 0))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    ldg_store_rollback(st);
    ldg_tile_source_free(ts);
    json_decref(arr);
    free(note);
    if (rc != LDG_OK) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return LDG_OK;
}
