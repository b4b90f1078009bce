/* Kept checkpoints against the database's logs: see verify_kept.h. */
#include "ledger/store/verify_kept.h"

#include "ledger/note.h"
#include "ledger/store/logstore.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The database's side of one tenant: its log size and latest signed checkpoint. */
typedef struct db_side {
    int32_t tenant_id;
    int64_t size;         /* entries in the log */
    int64_t signed_size;  /* the latest checkpoint's size, -1 when none */
    char signed_root[45]; /* its root, base64 */
} db_side;

/* Fills d for tenant; LDG_ENOTFOUND when the database has no such tenant. */
static ldg_code load_side(db_side *d, ldg_store *st, const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT t.tenant_id, h.size, c.size, encode(c.root, 'base64')"
        " FROM ledger.tenant t JOIN ledger.log_head h USING (tenant_id)"
        " LEFT JOIN LATERAL (SELECT size, root FROM ledger.checkpoint k"
        "  WHERE k.tenant_id = t.tenant_id ORDER BY size DESC LIMIT 1) c ON true"
        " WHERE t.tenant = $1",
        1, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return LDG_ENOTFOUND;
    }
    d->tenant_id = (int32_t)ldg_store_int64(res, 0, 0);
    d->size = ldg_store_int64(res, 0, 1);
    d->signed_size = PQgetisnull(res, 0, 2) ? -1 : ldg_store_int64(res, 0, 2);
    snprintf(d->signed_root, sizeof(d->signed_root), "%s",
             PQgetisnull(res, 0, 3) ? "-" : PQgetvalue(res, 0, 3));
    PQclear(res);
    return LDG_OK;
}

/* The root of the first size entries of tenant_id's log, from the stored tiles. */
static ldg_code db_root_at(ldg_hash *out, ldg_store *st, int32_t tenant_id, int64_t limit,
                           uint64_t size, ldg_error *err)
{
    ldg_tile_source *ts = NULL;
    ldg_code rc = ldg_tile_source_new(&ts, st, tenant_id, err);

    if (rc == LDG_OK) {
        ldg_tile_source_limit(ts, limit);
        rc = ldg_tree_root(out, size, ldg_tile_source_read, ts, err);
    }
    ldg_tile_source_free(ts);
    return rc;
}

/* Opens one note and finds its tenant; 0 with a problem reported when it cannot. */
static int open_note(ldg_checkpoint *cp, const char **tenant, const ldg_kept_note *k,
                     ldg_verifier *const *keys, size_t nkeys, ldg_verify_report report,
                     void *ctx)
{
    char what[512];
    ldg_error e;
    size_t text_len = 0;

    ldg_error_clear(&e);
    if (ldg_note_open(&text_len, k->note, k->len, keys, nkeys, &e) != LDG_OK ||
        ldg_checkpoint_parse(cp, k->note, text_len, &e) != LDG_OK) {
        snprintf(what, sizeof(what), "kept checkpoint %s: %s", k->name, e.message);
        report(ctx, "-", -1, what);
        return 0;
    }
    *tenant = strrchr(cp->origin, '/');
    if (!*tenant || !(*tenant)[1]) {
        snprintf(what, sizeof(what), "kept checkpoint %s: origin \"%s\" names no tenant",
                 k->name, cp->origin);
        report(ctx, "-", -1, what);
        return 0;
    }
    (*tenant)++;
    return 1;
}

/* Compares one opened kept checkpoint with the database; 1 when the log extends it. */
static ldg_code compare(int *extends, ldg_store *st, const ldg_kept_note *k,
                        const ldg_checkpoint *cp, const char *tenant,
                        ldg_verify_report report, void *ctx, ldg_error *err)
{
    char what[1024], kept_root[45], db_root_b64[45];
    ldg_hash root;
    db_side d;
    ldg_code rc = load_side(&d, st, tenant, err);

    *extends = 0;
    ldg_hash_to_base64(kept_root, &cp->root);
    if (rc == LDG_ENOTFOUND) {
        snprintf(what, sizeof(what),
                 "kept checkpoint %s (size %" PRIu64 ", root %s): the"
                 " database has no log for this tenant",
                 k->name, cp->size, kept_root);
        report(ctx, tenant, -1, what);
        return LDG_OK;
    }
    if (rc != LDG_OK)
        return rc;
    if ((uint64_t)d.size < cp->size) {
        snprintf(what, sizeof(what),
                 "rolled back: kept checkpoint %s has size %" PRIu64
                 " and root %s, but the database's log has %" PRId64
                 " entries (its latest"
                 " checkpoint: size %" PRId64 ", root %s)",
                 k->name, cp->size, kept_root, d.size, d.signed_size, d.signed_root);
        report(ctx, tenant, -1, what);
        return LDG_OK;
    }
    rc = db_root_at(&root, st, d.tenant_id, d.size, cp->size, err);
    if (rc != LDG_OK)
        return rc;
    if (memcmp(root.b, cp->root.b, sizeof(root.b)) != 0) {
        ldg_hash_to_base64(db_root_b64, &root);
        snprintf(what, sizeof(what),
                 "fork: kept checkpoint %s has root %s at size %" PRIu64
                 ", the database's log has root %s at that size (its latest checkpoint:"
                 " size %" PRId64 ", root %s)",
                 k->name, kept_root, cp->size, db_root_b64, d.signed_size, d.signed_root);
        report(ctx, tenant, -1, what);
        return LDG_OK;
    }
    *extends = 1;
    return LDG_OK;
}

static void ignore(void *ctx, const char *tenant, int64_t seq, const char *what)
{
    (void)ctx, (void)tenant, (void)seq, (void)what;
}

ldg_code ldg_verify_kept(int64_t *problems, int64_t *extended, ldg_store *st,
                         const ldg_kept_note *kept, ldg_verifier *const *keys,
                         size_t nkeys, const char *opts_tenant, ldg_verify_report report,
                         void *ctx, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    if (!report)
        report = ignore;
    for (const ldg_kept_note *k = kept; rc == LDG_OK && k && k->note; k++) {
        ldg_checkpoint cp;
        const char *tenant = NULL;
        int extends = 0;

        if (!open_note(&cp, &tenant, k, keys, nkeys, report, ctx)) {
            (*problems)++;
            continue;
        }
        if (opts_tenant && strcmp(opts_tenant, tenant) != 0)
            continue; /* verify --tenant T: another tenant's checkpoint is not asked for
                       */
        rc = compare(&extends, st, k, &cp, tenant, report, ctx, err);
        if (rc == LDG_OK && extends)
            (*extended)++;
        else if (rc == LDG_OK)
            (*problems)++;
    }
    return rc;
}
