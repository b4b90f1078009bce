/*
 * Key rotation over the store. One transaction appends the rotation to every log, so a
 * rotation is in all logs or in none. Its locks are taken in one order (the rotation
 * lock, then each tenant's seal lock by tenant_id, then each log head as the entries are
 * appended); an ingest holding a log head meanwhile can at worst deadlock with it, which
 * the server detects and ldg_store_run retries.
 *
 * Keys are compared as formatted C2SP verifier keys: the format is canonical (name,
 * lower-case hex key id, canonical base64), so equal strings are equal keys.
 */
#include "ledger/keyring_store.h"

#include "ledger/keyring.h"
#include "ledger/logstore.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEAL_LOCK_CLASS   7270003 /* seal.c's: one sealer per log */
#define ROTATE_LOCK_CLASS 7270020 /* one rotation at a time */

/* Where the data of a key entry is, as SQL over ledger.log_doc d. */
#define KEY_DATA "(convert_from(d.body, 'UTF8')::jsonb -> 'data')"

typedef struct appended {
    char *tenant;
    int64_t seq;
} appended;

typedef struct rotate_ctx {
    const ldg_signer *old;
    const ldg_verifier *new_key;
    char old_vkey[LDG_VERIFIER_KEY_MAX];
    char new_vkey[LDG_VERIFIER_KEY_MAX];
    ldg_keyring_rotation_result *out;
    appended *done;
    size_t ndone;
} rotate_ctx;

static void forget_done(rotate_ctx *c)
{
    for (size_t i = 0; i < c->ndone; i++)
        free(c->done[i].tenant);
    free(c->done);
    c->done = NULL;
    c->ndone = 0;
}

/* The rotation entry (tenant, seq, effective) whose data names vkey as "old", if any. */
static ldg_code find_retired(int *found, char *where, size_t size, ldg_store *st,
                             const char *vkey, ldg_error *err)
{
    const char *params[1] = { vkey };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT t.tenant, d.seq, " KEY_DATA " ->> 'effective'"
                       " FROM ledger.log_doc d JOIN ledger.tenant t USING (tenant_id)"
                       " WHERE d.kind = 'key' AND " KEY_DATA " ->> 'old' = $1"
                       " ORDER BY d.tenant_id, d.seq LIMIT 1",
                       1, params, err);

    *found = 0;
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1) {
        *found = 1;
        snprintf(where, size, "effective %s (tenant \"%s\" seq %s)",
                 PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return LDG_OK;
}

static ldg_code record_key(ldg_store *st, const ldg_verifier *v, ldg_error *err)
{
    char id[24];
    const char *params[3] = { ldg_verifier_name(v),
                              ldg_store_i64(id, ldg_verifier_key_id(v)),
                              (const char *)ldg_verifier_public(v) };
    int lengths[3] = { 0, 0, LDG_ED25519_LEN };
    int formats[3] = { 0, 0, 1 };

    return ldg_store_execb(NULL, st,
                           "INSERT INTO ledger.signing_key (key_name, key_id, public_key)"
                           " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                           3, params, lengths, formats, 0, err);
}

/*
 * Whether the rotation may go ahead: 1 in *go, or 0 when it was already done (then
 * c->out->already is set). Errors when old is not the key in force.
 */
static ldg_code check_state(int *go, ldg_store *st, rotate_ctx *c, ldg_error *err)
{
    PGresult *res = NULL;
    char where[256];
    int found = 0;
    ldg_code rc;

    *go = 0;
    rc = find_retired(&found, where, sizeof(where), st, c->new_vkey, err);
    if (rc == LDG_OK && found)
        return ldg_error_set(
            err, LDG_ECONFLICT,
            "cannot rotate to key \"%s\" (id %08" PRIx32 "): it was rotated out %s",
            ldg_verifier_name(c->new_key), ldg_verifier_key_id(c->new_key), where);
    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT " KEY_DATA " ->> 'old', " KEY_DATA " ->> 'new',"
                            " " KEY_DATA " ->> 'effective'"
                            " FROM ledger.log_doc d WHERE d.kind = 'key'"
                            " ORDER BY " KEY_DATA " ->> 'effective' DESC, d.tenant_id,"
                            " d.seq DESC LIMIT 1",
                            0, NULL, err);
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1) {
        const char *last_old = PQgetvalue(res, 0, 0), *last_new = PQgetvalue(res, 0, 1);

        if (strcmp(last_old, c->old_vkey) == 0 && strcmp(last_new, c->new_vkey) == 0) {
            c->out->already = 1;
            ldg_time_parse_str(&c->out->effective, PQgetvalue(res, 0, 2), NULL);
        } else if (strcmp(last_new, c->old_vkey) == 0) {
            *go = 1;
        } else {
            rc = find_retired(&found, where, sizeof(where), st, c->old_vkey, err);
            if (rc == LDG_OK && found)
                rc = ldg_error_set(err, LDG_ECONFLICT,
                                   "key \"%s\" (id %08" PRIx32 ") was rotated out %s",
                                   ldg_signer_name(c->old), ldg_signer_key_id(c->old),
                                   where);
            else if (rc == LDG_OK)
                rc =
                    ldg_error_set(err, LDG_ECONFLICT,
                                  "key \"%s\" (id %08" PRIx32 ") is not the key in force",
                                  ldg_signer_name(c->old), ldg_signer_key_id(c->old));
            if (rc == LDG_ECONFLICT)
                ldg_error_detail(err, "The key in force is %s, since %s.", last_new,
                                 PQgetvalue(res, 0, 2));
        }
        PQclear(res);
        return rc;
    }
    PQclear(res);
    /* no rotation yet: old must be the key that signed every log's latest checkpoint */
    {
        char id[24];
        const char *params[2] = { ldg_signer_name(c->old),
                                  ldg_store_i64(id, ldg_signer_key_id(c->old)) };

        rc = ldg_store_exec(
            &res, st,
            "SELECT t.tenant, c.key_name, c.key_id FROM ledger.tenant t"
            " JOIN LATERAL (SELECT key_name, key_id FROM ledger.checkpoint c"
            "  WHERE c.tenant_id = t.tenant_id ORDER BY size DESC LIMIT 1)"
            " c ON true WHERE (c.key_name, c.key_id) <> ($1, $2::bigint)"
            " ORDER BY t.tenant_id LIMIT 1",
            2, params, err);
    }
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1)
        rc =
            ldg_error_set(err, LDG_ECONFLICT,
                          "the latest checkpoint of tenant \"%s\" is signed by key \"%s\""
                          " (id %08" PRIx64 "), not by key \"%s\" (id %08" PRIx32 ")",
                          PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
                          (uint64_t)ldg_store_int64(res, 0, 2), ldg_signer_name(c->old),
                          ldg_signer_key_id(c->old));
    else
        *go = 1;
    PQclear(res);
    return rc;
}

static ldg_code append_one(ldg_store *st, rotate_ctx *c, int32_t tenant_id,
                           const char *tenant, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    json_t *data = NULL;
    appended *grown;
    int64_t seq, got = -1;
    ldg_code rc;

    /* the seq the entry will get, under the head's lock, since the signature covers it */
    rc = ldg_store_exec(
        &res, st, "SELECT size FROM ledger.log_head WHERE tenant_id = $1 FOR UPDATE", 1,
        params, err);
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return ldg_error_set(err, LDG_EINTERNAL, "tenant \"%s\" has no log head", tenant);
    }
    seq = ldg_store_int64(res, 0, 0);
    PQclear(res);
    rc = ldg_keyring_rotation_data(&data, tenant, seq, c->old, c->new_key,
                                   c->out->effective, err);
    if (rc == LDG_OK)
        rc = ldg_log_append_doc(&got, st, tenant_id, tenant, LDG_KEYRING_KIND, data, err);
    json_decref(data);
    if (rc == LDG_OK && got != seq)
        rc = ldg_error_set(err, LDG_EINTERNAL,
                           "rotation entry of tenant \"%s\" signed for seq %" PRId64
                           " but appended at %" PRId64,
                           tenant, seq, got);
    if (rc != LDG_OK)
        return rc;
    grown = realloc(c->done, (c->ndone + 1) * sizeof(*grown));
    if (!grown)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    c->done = grown;
    c->done[c->ndone].seq = seq;
    c->done[c->ndone].tenant = strdup(tenant);
    if (!c->done[c->ndone].tenant)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    c->ndone++;
    return LDG_OK;
}

static ldg_code rotate_work(ldg_store *st, void *vctx, ldg_error *err)
{
    rotate_ctx *c = vctx;
    PGresult *tenants = NULL, *res = NULL;
    int go = 0, n;
    ldg_code rc;

    forget_done(c); /* a retried attempt starts over */
    c->out->already = 0;
    c->out->logs = 0;
    rc = ldg_store_xact_lock(st, ROTATE_LOCK_CLASS, 0, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            &tenants, st,
            "SELECT tenant_id, tenant FROM ledger.tenant ORDER BY tenant_id", 0, NULL,
            err);
    if (rc != LDG_OK)
        return rc;
    n = PQntuples(tenants);
    for (int i = 0; rc == LDG_OK && i < n; i++)
        rc = ldg_store_xact_lock(st, SEAL_LOCK_CLASS,
                                 (int32_t)ldg_store_int64(tenants, i, 0), err);
    if (rc == LDG_OK)
        rc = check_state(&go, st, c, err);
    if (rc == LDG_OK && go && n == 0) {
        rc = ldg_error_set(err, LDG_ENOTFOUND,
                           "there is no tenant log to record the"
                           " rotation in");
        ldg_error_hint(err,
                       "Without a log nothing was signed yet: seal with the new key.");
    }
    /* after the locks: a seal that got in first is stored as signed before this */
    if (rc == LDG_OK && go)
        rc = ldg_store_exec(&res, st,
                            "SELECT ceil(extract(epoch FROM clock_timestamp()))::bigint",
                            0, NULL, err);
    if (rc == LDG_OK && go) {
        c->out->effective = ldg_store_int64(res, 0, 0);
        rc = record_key(st, c->new_key, err);
    }
    PQclear(res);
    for (int i = 0; rc == LDG_OK && go && i < n; i++) {
        rc = append_one(st, c, (int32_t)ldg_store_int64(tenants, i, 0),
                        PQgetvalue(tenants, i, 1), err);
        if (rc != LDG_OK)
            ldg_error_where(err, "tenant \"%s\"", PQgetvalue(tenants, i, 1));
    }
    if (rc == LDG_OK)
        c->out->logs = (int64_t)c->ndone;
    PQclear(tenants);
    return rc;
}

ldg_code ldg_keyring_rotate(ldg_keyring_rotation_result *out, ldg_store *st,
                            const ldg_signer *old, const ldg_verifier *new_key,
                            ldg_keyring_rotated_cb cb, void *cbctx, ldg_error *err)
{
    rotate_ctx c = { .old = old, .new_key = new_key, .out = out };
    ldg_verifier *old_v = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    rc = ldg_signer_verifier(&old_v, old, err);
    if (rc == LDG_OK)
        rc = ldg_verifier_format(c.old_vkey, sizeof(c.old_vkey), old_v, err);
    if (rc == LDG_OK)
        rc = ldg_verifier_format(c.new_vkey, sizeof(c.new_vkey), new_key, err);
    if (rc == LDG_OK && strcmp(ldg_signer_name(old), ldg_verifier_name(new_key)) != 0)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the new key is named \"%s\" but the key in force is named"
                           " \"%s\": a rotation keeps the name",
                           ldg_verifier_name(new_key), ldg_signer_name(old));
    if (rc == LDG_OK && strcmp(c.old_vkey, c.new_vkey) == 0)
        rc = ldg_error_set(err, LDG_EINVAL, "the new key is the key in force");
    ldg_verifier_free(old_v);
    if (rc == LDG_OK)
        rc = ldg_store_run(st, rotate_work, &c, err);
    if (rc == LDG_OK && cb)
        for (size_t i = 0; i < c.ndone; i++)
            cb(cbctx, c.done[i].tenant, c.done[i].seq);
    forget_done(&c);
    return rc;
}

ldg_code ldg_keyring_check_signer(ldg_store *st, int32_t tenant_id,
                                  const ldg_signer *signer, ldg_error *err)
{
    char vkey[LDG_VERIFIER_KEY_MAX], t[24], where[256];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    ldg_verifier *v = NULL;
    PGresult *res = NULL;
    int found = 0;
    ldg_code rc = ldg_signer_verifier(&v, signer, err);

    if (rc == LDG_OK)
        rc = ldg_verifier_format(vkey, sizeof(vkey), v, err);
    ldg_verifier_free(v);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            &res, st,
            "SELECT d.seq, " KEY_DATA " ->> 'new', " KEY_DATA " ->> 'effective'"
            " FROM ledger.log_doc d WHERE d.tenant_id = $1 AND d.kind = 'key'"
            " ORDER BY d.seq DESC LIMIT 1",
            1, params, err);
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 1), vkey) != 0) {
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "key \"%s\" (id %08" PRIx32 ") is not the key in force for"
                           " this log since its rotation at seq %s, effective %s",
                           ldg_signer_name(signer), ldg_signer_key_id(signer),
                           PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 2));
        ldg_error_hint(err, "Seal with the key in force: %s", PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    if (rc == LDG_OK)
        rc = find_retired(&found, where, sizeof(where), st, vkey, err);
    if (rc == LDG_OK && found)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "key \"%s\" (id %08" PRIx32 ") was rotated out %s",
                           ldg_signer_name(signer), ldg_signer_key_id(signer), where);
    return rc;
}
