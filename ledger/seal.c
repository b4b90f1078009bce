/*
 * Seal: tiles above level 0, the tree root from tiles, and a signed checkpoint, per
 * tenant in one transaction. The root is computed from the stored tiles rather than
 * carried in memory, so a checkpoint can only be signed over what is committed.
 */
#include "ledger/seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/keyring_store.h"
#include "ledger/logstore.h"
#include "ledger/note.h"

#define SEAL_LOCK_CLASS 7270003

ldg_code ldg_checkpoint_latest(ldg_checkpoint_row *out, ldg_store *st, int32_t tenant_id,
                               ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    out->size = -1;
    rc = ldg_store_exec(&res, st,
                        "SELECT size, encode(root, 'base64'), note FROM ledger.checkpoint"
                        " WHERE tenant_id = $1 ORDER BY size DESC LIMIT 1",
                        1, params, err);
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1) {
        out->size = ldg_store_int64(res, 0, 0);
        rc = ldg_hash_from_base64(&out->root, PQgetvalue(res, 0, 1),
                                  (size_t)PQgetlength(res, 0, 1), err);
        if (rc == LDG_OK) {
            out->note = strdup(PQgetvalue(res, 0, 2));
            if (!out->note)
                rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        }
    }
    PQclear(res);
    return rc;
}

static ldg_code record_key(ldg_store *st, const ldg_signer *signer, ldg_error *err)
{
    ldg_verifier *v = NULL;
    char id[24];
    ldg_code rc = ldg_signer_verifier(&v, signer, err);

    if (rc == LDG_OK) {
        const char *params[3] = { ldg_verifier_name(v),
                                  ldg_store_i64(id, ldg_verifier_key_id(v)),
                                  (const char *)ldg_verifier_public(v) };
        int lengths[3] = { 0, 0, LDG_ED25519_LEN };
        int formats[3] = { 0, 0, 1 };

        rc = ldg_store_execb(NULL, st,
                             "INSERT INTO ledger.signing_key (key_name, key_id, public_key)"
                             " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                             3, params, lengths, formats, 0, err);
    }
    ldg_verifier_free(v);
    return rc;
}

typedef struct seal_one {
    const ldg_signer *signer;
    int32_t tenant_id;
    const char *tenant;
    int64_t old_size, new_size;
    int signed_one;
} seal_one;

static ldg_code insert_checkpoint(ldg_store *st, const seal_one *s, const ldg_hash *root,
                                  const char *note, ldg_error *err)
{
    ldg_verifier *v = NULL;
    char t[24], sz[24], id[24];
    ldg_code rc = ldg_signer_verifier(&v, s->signer, err);

    if (rc == LDG_OK) {
        const char *params[6] = { ldg_store_i64(t, s->tenant_id),
                                  ldg_store_i64(sz, s->new_size), (const char *)root->b,
                                  note, ldg_verifier_name(v),
                                  ldg_store_i64(id, ldg_verifier_key_id(v)) };
        int lengths[6] = { 0, 0, LDG_HASH_LEN, 0, 0, 0 };
        int formats[6] = { 0, 0, 1, 0, 0, 0 };

        rc = ldg_store_execb(NULL, st,
                             "INSERT INTO ledger.checkpoint (tenant_id, size, root, note,"
                             " key_name, key_id) VALUES ($1, $2, $3, $4, $5, $6)",
                             6, params, lengths, formats, 0, err);
    }
    ldg_verifier_free(v);
    return rc;
}

static ldg_code seal_work(ldg_store *st, void *vctx, ldg_error *err)
{
    seal_one *s = vctx;
    char t[24];
    const char *params[1] = { ldg_store_i64(t, s->tenant_id) };
    PGresult *res = NULL;
    ldg_tile_source *ts = NULL;
    ldg_checkpoint cp;
    ldg_hash root;
    char *text = NULL, *note = NULL;
    ldg_code rc;

    s->signed_one = 0;
    rc = ldg_store_xact_lock(st, SEAL_LOCK_CLASS, s->tenant_id, err);
    if (rc == LDG_OK) /* under the lock: a rotation cannot slip in before the signing */
        rc = ldg_keyring_check_signer(st, s->tenant_id, s->signer, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT h.size, coalesce((SELECT max(size) FROM ledger.checkpoint c"
                            " WHERE c.tenant_id = h.tenant_id), 0)"
                            " FROM ledger.log_head h WHERE h.tenant_id = $1",
                            1, params, err);
    if (rc != LDG_OK)
        return rc;
    s->new_size = ldg_store_int64(res, 0, 0);
    s->old_size = ldg_store_int64(res, 0, 1);
    PQclear(res);
    if (s->new_size <= s->old_size)
        return LDG_OK; /* nothing new (a concurrent seal got here first), or empty */

    rc = ldg_tile_source_new(&ts, st, s->tenant_id, err);
    if (rc == LDG_OK)
        rc = ldg_tiles_extend((uint64_t)s->old_size, (uint64_t)s->new_size,
                              ldg_tile_source_read, ts, ldg_tile_source_write, ts, err);
    if (rc == LDG_OK)
        rc = ldg_tree_root(&root, (uint64_t)s->new_size, ldg_tile_source_read, ts, err);
    if (rc == LDG_OK) {
        memset(&cp, 0, sizeof(cp));
        snprintf(cp.origin, sizeof(cp.origin), "%s/%s", ldg_signer_name(s->signer),
                 s->tenant);
        cp.size = (uint64_t)s->new_size;
        cp.root = root;
        rc = ldg_checkpoint_text(&text, &cp, err);
    }
    if (rc == LDG_OK)
        rc = ldg_note_sign(&note, text, s->signer, err);
    if (rc == LDG_OK)
        rc = insert_checkpoint(st, s, &root, note, err);
    if (rc == LDG_OK)
        s->signed_one = 1;
    free(text);
    free(note);
    ldg_tile_source_free(ts);
    return rc;
}

ldg_code ldg_seal(int *sealed, ldg_store *st, const ldg_signer *signer, const char *tenant,
                  ldg_seal_cb cb, void *cbctx, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc;

    *sealed = 0;
    rc = record_key(st, signer, err); /* autocommit: the key outlives any one seal */
    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT t.tenant_id, t.tenant FROM ledger.tenant t"
                            " JOIN ledger.log_head h USING (tenant_id)"
                            " WHERE ($1::text IS NULL OR t.tenant = $1) AND h.size >"
                            " coalesce((SELECT max(size) FROM ledger.checkpoint c"
                            "           WHERE c.tenant_id = t.tenant_id), 0)"
                            " ORDER BY t.tenant_id",
                            1, params, err);
    if (rc != LDG_OK)
        return rc;
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        seal_one s = { .signer = signer,
                       .tenant_id = (int32_t)ldg_store_int64(res, i, 0),
                       .tenant = PQgetvalue(res, i, 1) };

        rc = ldg_store_run(st, seal_work, &s, err);
        if (rc != LDG_OK)
            ldg_error_where(err, "sealing tenant \"%s\"", s.tenant);
        else if (s.signed_one) {
            (*sealed)++;
            if (cb)
                cb(cbctx, s.tenant, s.old_size, s.new_size);
        }
    }
    PQclear(res);
    return rc;
}
