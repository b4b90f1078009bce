/*
 * Key rotation over the store. One transaction appends the rotation to every log, so a
 * rotation is in all logs or in none. Its locks are taken in one order (the rotation
 * lock, then each tenant's seal lock by tenant_id, then each log head as the entries are
 * appended); an ingest holding a log head meanwhile can at worst deadlock with it, which
 * the server detects and ldg_store_run retries.
 *
 * Keys are compared as formatted C2SP verifier keys: the format is canonical (name,
 * lower-case hex key id, canonical base64), so equal strings are equal keys.
 *
 * A rotation row is trusted only when its signature verifies (issue 14, F6 b): the
 * writer role can append any row of kind "key", so one unsigned row naming another key
 * used to stop every seal, and the error then advised sealing with the key it named.
 * Only the holder of a key can retire it, so "is my key rotated out?" is answered by the
 * rows that verify with that very key (ldg_keyring_take with it as the only anchor);
 * every other row is ignored here and named by `verify`. Rows are read as bytes and
 * parsed in C, never cast to jsonb in SQL, where one malformed row would fail the query.
 * Only rows inside the log (seq below its head) count.
 */
#include "ledger/store/keyring_store.h"

#include "ledger/keyring.h"
#include "ledger/store/logstore.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct appended {
    char *tenant;
    int64_t seq;
} appended;

typedef struct rotate_ctx {
    const ldg_signer *old;
    ldg_verifier *old_v; /* old's public half */
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

/* A verified rotation entry: where it is and what it says. */
typedef struct retirement {
    char tenant[64];
    char seq[24];
    char effective[LDG_TIME_BUFLEN];
    char new_vkey[LDG_VERIFIER_KEY_MAX];
    int this_log; /* in the log of the tenant_id asked about */
} retirement;

/*
 * Every key row inside its log: tenant, seq, whether of tenant_id, the body (bytea),
 * rows of tenant_id first, then by tenant and seq.
 */
static ldg_code key_rows(PGresult **out, ldg_store *st, int32_t tenant_id, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };

    return ldg_store_exec(out, st,
                          "SELECT t.tenant, d.seq, d.tenant_id = $1, d.body"
                          " FROM ledger.log_doc d JOIN ledger.tenant t USING (tenant_id)"
                          " JOIN ledger.log_head h USING (tenant_id)"
                          " WHERE d.kind = 'key' AND d.seq < h.size"
                          " ORDER BY d.tenant_id = $1 DESC, d.tenant_id, d.seq",
                          1, params, err);
}

/* The string member key of the data of rotation entry j, or "". */
static const char *data_str(const json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(json_object_get(j, "data"), key));

    return s ? s : "";
}

/*
 * Whether row i of key_rows is a rotation signed by `by` as its old key, under every
 * rule of ldg_keyring_take; on 1, fills *r from it. A malformed or unsigned row is 0.
 */
static ldg_code row_signed_by(int *yes, retirement *r, const PGresult *rows, int i,
                              const ldg_verifier *by, ldg_error *err)
{
    ldg_verifier *const anchor[1] = { (ldg_verifier *)(uintptr_t)by };
    const char *tenant = PQgetvalue(rows, i, 0);
    int64_t seq = ldg_store_int64(rows, i, 1);
    size_t len = 0;
    unsigned char *body =
        PQunescapeBytea((const unsigned char *)PQgetvalue(rows, i, 3), &len);
    ldg_keyring *kr = NULL;
    json_t *j = NULL;
    ldg_code rc;

    *yes = 0;
    if (!body)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    rc = ldg_keyring_new(&kr, anchor, 1, err);
    if (rc == LDG_OK &&
        ldg_keyring_take(kr, tenant, seq, (const char *)body, len, NULL) == LDG_OK)
        j = json_loadb((const char *)body, len, 0, NULL);
    if (j) {
        *yes = 1;
        snprintf(r->tenant, sizeof(r->tenant), "%s", tenant);
        snprintf(r->seq, sizeof(r->seq), "%" PRId64, seq);
        snprintf(r->effective, sizeof(r->effective), "%s", data_str(j, "effective"));
        snprintf(r->new_vkey, sizeof(r->new_vkey), "%s", data_str(j, "new"));
        r->this_log = strcmp(PQgetvalue(rows, i, 2), "t") == 0;
    }
    json_decref(j);
    ldg_keyring_free(kr);
    PQfreemem(body);
    return rc;
}

/*
 * The first rotation, in the log of tenant_id first, then in any log, that `key` itself
 * signed to hand over to another key: only such a row can retire it.
 */
static ldg_code find_retired(int *found, retirement *r, ldg_store *st, int32_t tenant_id,
                             const ldg_verifier *key, ldg_error *err)
{
    PGresult *rows = NULL;
    ldg_code rc = key_rows(&rows, st, tenant_id, err);

    *found = 0;
    for (int i = 0; rc == LDG_OK && !*found && i < PQntuples(rows); i++)
        rc = row_signed_by(found, r, rows, i, key, err);
    PQclear(rows);
    return rc;
}

/*
 * Whether some rotation inside a log hands over to vkey and verifies with the key it
 * names as old: the history before a key that was never rotated out.
 */
static ldg_code brought_in(int *found, ldg_store *st, const char *vkey, ldg_error *err)
{
    PGresult *rows = NULL;
    ldg_code rc = key_rows(&rows, st, 0, err);

    *found = 0;
    for (int i = 0; rc == LDG_OK && !*found && i < PQntuples(rows); i++) {
        size_t len = 0;
        unsigned char *body =
            PQunescapeBytea((const unsigned char *)PQgetvalue(rows, i, 3), &len);
        json_t *j = body ? json_loadb((const char *)body, len, 0, NULL) : NULL;
        ldg_verifier *old = NULL;
        retirement r;

        if (!body)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        if (j && strcmp(data_str(j, "new"), vkey) == 0 &&
            ldg_verifier_parse(&old, data_str(j, "old"), NULL) == LDG_OK)
            rc = row_signed_by(found, &r, rows, i, old, err);
        ldg_verifier_free(old);
        json_decref(j);
        PQfreemem(body);
    }
    PQclear(rows);
    return rc;
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
 * c->out->already is set). Errors when old is not the key in force. Only rotations that
 * verify count (see the top of this file).
 */
static ldg_code check_state(int *go, ldg_store *st, rotate_ctx *c, ldg_error *err)
{
    PGresult *res = NULL;
    retirement r;
    int found = 0;
    ldg_code rc;

    *go = 0;
    rc = find_retired(&found, &r, st, 0, c->new_key, err);
    if (rc == LDG_OK && found)
        return ldg_error_set(
            err, LDG_ECONFLICT,
            "cannot rotate to key \"%s\" (id %08" PRIx32 "): it was rotated out"
            " effective %s (tenant \"%s\" seq %s)",
            ldg_verifier_name(c->new_key), ldg_verifier_key_id(c->new_key), r.effective,
            r.tenant, r.seq);
    if (rc == LDG_OK)
        rc = find_retired(&found, &r, st, 0, c->old_v, err);
    if (rc == LDG_OK && found) {
        if (strcmp(r.new_vkey, c->new_vkey) == 0) {
            c->out->already = 1;
            ldg_time_parse_str(&c->out->effective, r.effective, NULL);
            return LDG_OK;
        }
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "key \"%s\" (id %08" PRIx32 ") was rotated out effective %s"
                           " (tenant \"%s\" seq %s)",
                           ldg_signer_name(c->old), ldg_signer_key_id(c->old),
                           r.effective, r.tenant, r.seq);
        /* named by a rotation this very key signed, so not the database's say-so */
        ldg_error_detail(err, "The key in force is %s, since %s.", r.new_vkey,
                         r.effective);
        return rc;
    }
    if (rc == LDG_OK)
        rc = brought_in(&found, st, c->old_vkey, err);
    if (rc != LDG_OK || found) {
        *go = found;
        return rc;
    }
    /* no rotation to old: old must be the key that signed every log's latest checkpoint
     */
    {
        char id[24];
        const char *params[2] = { ldg_signer_name(c->old),
                                  ldg_store_i64(id, ldg_signer_key_id(c->old)) };

        rc = ldg_store_exec(
            &res, st,
            "SELECT t.tenant, c.key_name, c.key_id FROM ledger.tenant t"
            " JOIN ledger.seal_state s ON s.tenant_id = t.tenant_id"
            " JOIN LATERAL (SELECT key_name, key_id FROM ledger.checkpoint c"
            "  WHERE c.tenant_id = t.tenant_id AND c.size = s.size AND c.root = s.root"
            "  LIMIT 1)"
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
    json_t *data = NULL;
    appended *grown;
    int64_t seq = 0, got = -1;
    /* the seq the entry will get, under the head's lock, since the signature covers it */
    ldg_code rc = ldg_log_lock_head(&seq, st, tenant_id, err);

    if (rc != LDG_OK)
        return rc;
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
    rc = ldg_store_xact_lock(st, LDG_LOCK_ROTATE, 0, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            &tenants, st,
            "SELECT tenant_id, tenant FROM ledger.tenant ORDER BY tenant_id", 0, NULL,
            err);
    if (rc != LDG_OK)
        return rc;
    n = PQntuples(tenants);
    for (int i = 0; rc == LDG_OK && i < n; i++)
        rc = ldg_store_xact_lock(st, LDG_LOCK_SEAL,
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
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    rc = ldg_signer_verifier(&c.old_v, old, err);
    if (rc == LDG_OK)
        rc = ldg_verifier_format(c.old_vkey, sizeof(c.old_vkey), c.old_v, err);
    if (rc == LDG_OK)
        rc = ldg_verifier_format(c.new_vkey, sizeof(c.new_vkey), new_key, err);
    if (rc == LDG_OK && strcmp(ldg_signer_name(old), ldg_verifier_name(new_key)) != 0)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the new key is named \"%s\" but the key in force is named"
                           " \"%s\": a rotation keeps the name",
                           ldg_verifier_name(new_key), ldg_signer_name(old));
    if (rc == LDG_OK && strcmp(c.old_vkey, c.new_vkey) == 0)
        rc = ldg_error_set(err, LDG_EINVAL, "the new key is the key in force");
    if (rc == LDG_OK)
        rc = ldg_store_run(st, rotate_work, &c, err);
    ldg_verifier_free(c.old_v);
    if (rc == LDG_OK && cb)
        for (size_t i = 0; i < c.ndone; i++)
            cb(cbctx, c.done[i].tenant, c.done[i].seq);
    forget_done(&c);
    return rc;
}

ldg_code ldg_keyring_check_signer(ldg_store *st, int32_t tenant_id,
                                  const ldg_signer *signer, ldg_error *err)
{
    ldg_verifier *v = NULL;
    retirement r;
    int found = 0;
    ldg_code rc = ldg_signer_verifier(&v, signer, err);

    if (rc == LDG_OK)
        rc = find_retired(&found, &r, st, tenant_id, v, err);
    ldg_verifier_free(v);
    if (rc != LDG_OK || !found)
        return rc;
    if (!r.this_log)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "key \"%s\" (id %08" PRIx32 ") was rotated out effective %s"
                             " (tenant \"%s\" seq %s)",
                             ldg_signer_name(signer), ldg_signer_key_id(signer),
                             r.effective, r.tenant, r.seq);
    rc = ldg_error_set(err, LDG_ECONFLICT,
                       "key \"%s\" (id %08" PRIx32 ") is not the key in force for"
                       " this log since its rotation at seq %s, effective %s",
                       ldg_signer_name(signer), ldg_signer_key_id(signer), r.seq,
                       r.effective);
    /* the new key comes from a rotation this very key signed, not from the database */
    ldg_error_hint(err, "Seal with the key in force: %s", r.new_vkey);
    return rc;
}
