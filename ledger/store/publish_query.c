/*
 * The store side of `publish` (publish_query.h): one snapshot per tenant, the latest
 * checkpoint, its tiles through ldg_tile_source (limited to the checkpoint's size, so a
 * level-0 row wider than the signed tree is never taken), and the entries rebuilt as
 * verify rebuilds them. Dropped: verify's three cursors (a cursor needs its own
 * statement per stream; three small ordered queries a batch give the same order with
 * bounded memory and no cursor state to close on every error path).
 */
#include "ledger/store/publish_query.h"

#include "ledger/buf.h"
#include "ledger/entry.h"
#include "ledger/store/logstore.h"
#include "ledger/store/seal.h"
#include "ledger/tlog_proof.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct ldg_publish_log {
    ldg_store *st;
    int32_t tenant_id;
    char *tenant;
    ldg_checkpoint_row cp;
    ldg_tile_source *ts;
    ldg_publish_source src;
    ldg_buf bytes;
};

static ldg_code publish_entries(void *ctx, int64_t from, int64_t to,
                                ldg_publish_entry_fn fn, void *fnctx, ldg_error *err);

ldg_code ldg_publish_tenants(const char ***out, size_t *n, ldg_store *st, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT t.tenant FROM ledger.tenant t WHERE EXISTS"
                                 " (SELECT 1 FROM ledger.checkpoint c"
                                 "  WHERE c.tenant_id = t.tenant_id) ORDER BY t.tenant",
                                 0, NULL, err);

    *out = NULL;
    *n = 0;
    if (rc == LDG_OK)
        rc = ldg_store_copy_text(out, n, res, err);
    PQclear(res);
    return rc;
}

ldg_code ldg_publish_log_open(ldg_publish_log **out, ldg_store *st, const char *tenant,
                              ldg_error *err)
{
    ldg_publish_log *lg = calloc(1, sizeof(*lg));
    ldg_code rc;

    *out = NULL;
    if (!lg || !(lg->tenant = strdup(tenant))) {
        free(lg);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    lg->st = st;
    lg->cp.size = -1;
    rc = ldg_store_exec(NULL, st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
                        NULL, err);
    if (rc == LDG_OK)
        rc = ldg_tenant_id(&lg->tenant_id, st, tenant, err);
    if (rc == LDG_OK)
        rc = ldg_checkpoint_latest(&lg->cp, st, lg->tenant_id, err);
    if (rc == LDG_OK && !lg->cp.note) {
        rc = ldg_error_set(err, LDG_ENOTFOUND,
                           "tenant \"%s\" has no signed checkpoint yet", tenant);
        ldg_error_hint(err, "Run 'leaseledger seal'.");
    }
    if (rc == LDG_OK)
        rc = ldg_tile_source_new(&lg->ts, st, lg->tenant_id, err);
    if (rc != LDG_OK) {
        ldg_publish_log_close(lg);
        return rc;
    }
    ldg_tile_source_limit(lg->ts, lg->cp.size);
    lg->src = (ldg_publish_source){ .tenant = lg->tenant,
                                    .note = lg->cp.note,
                                    .tiles = ldg_tile_source_read,
                                    .tiles_ctx = lg->ts,
                                    .entries = publish_entries,
                                    .entries_ctx = lg };
    *out = lg;
    return LDG_OK;
}

void ldg_publish_log_close(ldg_publish_log *lg)
{
    if (!lg)
        return;
    ldg_store_rollback(lg->st); /* read only: nothing to keep */
    ldg_tile_source_free(lg->ts);
    free(lg->cp.note);
    free(lg->tenant);
    ldg_buf_cleanup(&lg->bytes);
    free(lg);
}

const ldg_publish_source *ldg_publish_log_source(const ldg_publish_log *lg)
{
    return &lg->src;
}

/* The three streams of one batch. */
typedef struct batch {
    PGresult *res[3]; /* usage, documents, payments; each ordered by seq */
    int row[3];
} batch;

static ldg_code usage_bytes(ldg_publish_log *lg, const PGresult *res, int r,
                            ldg_error *err)
{
    ldg_record u;
    int64_t seq = ldg_record_row(&u, res, r, lg->tenant);

    return ldg_entry_record_bytes(&lg->bytes, &u, seq, err);
}

static ldg_code payment_bytes(ldg_publish_log *lg, const PGresult *res, int r,
                              ldg_error *err)
{
    ldg_payment_entry p = {
        .payment_id = PQgetvalue(res, r, 1),
        .received = ldg_store_int64(res, r, 2),
        .amount_micros = ldg_store_int64(res, r, 3),
        .currency = PQgetvalue(res, r, 4),
        .reference = PQgetvalue(res, r, 5),
        .payer = PQgetvalue(res, r, 6),
        .assigned_by = PQgetisnull(res, r, 7) ? NULL : PQgetvalue(res, r, 7),
    };

    return ldg_entry_payment_bytes(&lg->bytes, lg->tenant, ldg_store_int64(res, r, 0), &p,
                                   err);
}

static ldg_code doc_bytes(ldg_publish_log *lg, const PGresult *res, int r, ldg_error *err)
{
    size_t len = 0;
    unsigned char *body =
        PQunescapeBytea((const unsigned char *)PQgetvalue(res, r, 1), &len);
    ldg_code rc;

    if (!body)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    rc = ldg_buf_append(&lg->bytes, body, len, err);
    PQfreemem(body);
    return rc;
}

static ldg_code read_batch(batch *b, ldg_publish_log *lg, int64_t lo, int64_t hi,
                           ldg_error *err)
{
    static const char *const sql[3] = {
        "SELECT u.seq, s.site, u.meter, u.event_id, u.corrects, u.kind, u.class,"
        " extract(epoch FROM u.start_at)::bigint, extract(epoch FROM u.end_at)::bigint,"
        " u.qty_micros FROM ledger.usage u JOIN ledger.site s USING (site_id)"
        " WHERE u.tenant_id = $1 AND u.seq >= $2 AND u.seq < $3 ORDER BY u.seq",
        "SELECT seq, body FROM ledger.log_doc WHERE tenant_id = $1 AND seq >= $2"
        " AND seq < $3 ORDER BY seq",
        "SELECT seq, payment_id, extract(epoch FROM received_at)::bigint,"
        " amount_micros, currency, reference, payer, assigned_by FROM ledger.payment"
        " WHERE tenant_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq",
    };
    char t[24], l[24], h[24];
    const char *params[3] = { ldg_store_i64(t, lg->tenant_id), ldg_store_i64(l, lo),
                              ldg_store_i64(h, hi) };
    ldg_code rc = LDG_OK;

    for (int k = 0; rc == LDG_OK && k < 3; k++)
        rc = ldg_store_exec(&b->res[k], lg->st, sql[k], 3, params, err);
    return rc;
}

/* Merges the batch's three streams by seq into fn. */
static ldg_code emit_batch(batch *b, ldg_publish_log *lg, ldg_publish_entry_fn fn,
                           void *fnctx, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    while (rc == LDG_OK) {
        int64_t best = INT64_MAX, seq;
        int k = -1;

        for (int i = 0; i < 3; i++)
            if (b->row[i] < PQntuples(b->res[i]) &&
                (seq = ldg_store_int64(b->res[i], b->row[i], 0)) < best) {
                best = seq;
                k = i;
            }
        if (k < 0)
            break;
        ldg_buf_reset(&lg->bytes);
        rc = k == 0   ? usage_bytes(lg, b->res[0], b->row[0], err)
             : k == 1 ? doc_bytes(lg, b->res[1], b->row[1], err)
                      : payment_bytes(lg, b->res[2], b->row[2], err);
        b->row[k]++;
        if (rc == LDG_OK)
            rc = fn(fnctx, best, lg->bytes.data, lg->bytes.len, err);
    }
    return rc;
}

static ldg_code publish_entries(void *ctx, int64_t from, int64_t to,
                                ldg_publish_entry_fn fn, void *fnctx, ldg_error *err)
{
    ldg_publish_log *lg = ctx;
    ldg_code rc = LDG_OK;

    for (int64_t lo = from; rc == LDG_OK && lo < to; lo += LDG_PUBLISH_BATCH) {
        int64_t hi = to - lo > LDG_PUBLISH_BATCH ? lo + LDG_PUBLISH_BATCH : to;
        batch b = { 0 };

        rc = read_batch(&b, lg, lo, hi, err);
        if (rc == LDG_OK)
            rc = emit_batch(&b, lg, fn, fnctx, err);
        for (int k = 0; k < 3; k++)
            PQclear(b.res[k]);
    }
    return rc;
}

/* The checkpoint note of tree size `size` of the open log (the latest when -1). */
static ldg_code note_at(ldg_publish_log *lg, int64_t size, ldg_error *err)
{
    char t[24], z[24];
    const char *params[2] = { ldg_store_i64(t, lg->tenant_id), ldg_store_i64(z, size) };
    PGresult *res = NULL;
    ldg_code rc;

    if (size < 0 || size == lg->cp.size)
        return LDG_OK;
    rc = ldg_store_exec(&res, lg->st,
                        "SELECT note FROM ledger.checkpoint WHERE tenant_id = $1"
                        " AND size = $2",
                        2, params, err);
    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND,
                           "tenant \"%s\" has no checkpoint of tree size %" PRId64,
                           lg->tenant, size);
    if (rc == LDG_OK) {
        char *note = strdup(PQgetvalue(res, 0, 0));

        if (!note)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        free(lg->cp.note);
        lg->cp.note = note;
        lg->cp.size = size;
        ldg_tile_source_limit(lg->ts, size);
    }
    PQclear(res);
    return rc;
}

static ldg_code keep_entry(void *ctx, int64_t seq, const void *bytes, size_t len,
                           ldg_error *err)
{
    (void)seq;
    return ldg_buf_append(ctx, bytes, len, err);
}

ldg_code ldg_publish_proof(ldg_buf *out, ldg_store *st, const char *tenant, int64_t seq,
                           int64_t size, ldg_error *err)
{
    ldg_publish_log *lg = NULL;
    ldg_buf entry = { 0 };
    ldg_hash proof[LDG_PROOF_MAX], leaf;
    ldg_checkpoint cp;
    size_t n = 0;
    const char *blank;
    ldg_code rc = ldg_publish_log_open(&lg, st, tenant, err);

    if (rc == LDG_OK)
        rc = note_at(lg, size, err);
    if (rc == LDG_OK && (seq < 0 || seq >= lg->cp.size))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "seq %" PRId64
                           " is not below the checkpoint's tree size %" PRId64,
                           seq, lg->cp.size);
    if (rc == LDG_OK)
        rc = publish_entries(lg, seq, seq + 1, keep_entry, &entry, err);
    if (rc == LDG_OK)
        rc = ldg_tree_inclusion_proof(proof, &n, (uint64_t)seq, (uint64_t)lg->cp.size,
                                      ldg_tile_source_read, lg->ts, err);
    blank = rc == LDG_OK ? strstr(lg->cp.note, "\n\n") : NULL;
    if (rc == LDG_OK && (!blank || ldg_checkpoint_parse(&cp, lg->cp.note,
                                                        (size_t)(blank - lg->cp.note) + 1,
                                                        err) != LDG_OK))
        rc = ldg_error_set(err, LDG_EINTERNAL, "stored checkpoint note is malformed");
    if (rc == LDG_OK) {
        ldg_merkle_leaf_hash(&leaf, entry.data, entry.len);
        if (ldg_merkle_verify_inclusion(&leaf, (uint64_t)seq, cp.size, proof, n, &cp.root,
                                        NULL) != LDG_OK)
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "the stored tiles do not prove entry seq %" PRId64
                               " in the checkpoint (run 'leaseledger verify')",
                               seq);
    }
    if (rc == LDG_OK)
        rc = ldg_tlog_proof_format(out, (uint64_t)seq, proof, n, entry.data, entry.len,
                                   lg->cp.note, err);
    ldg_buf_cleanup(&entry);
    ldg_publish_log_close(lg);
    return rc;
}
