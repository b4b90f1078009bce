/*
 * Witness keys and cosignatures over the store (cosig_store.h).
 *
 * Witness keys are read from the tenant's log entries of kind "witness" inside the log
 * (seq below its head), as keyring_store.c reads rotations: rows are read as bytes and
 * parsed in C, so one malformed row fails nothing but itself (verify names it). A
 * cosignature row is never trusted for what its columns say: the line is parsed and
 * verified again, and the columns must agree with it.
 */
#include "ledger/store/cosig_store.h"

#include "ledger/note.h"
#include "ledger/store/logstore.h"
#include "ledger/time.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The witness keys a log registers, in seq order. */
typedef struct wkeys {
    ldg_cosig_key *k;
    size_t n;
} wkeys;

static void wkeys_free(wkeys *w)
{
    free(w->k);
    w->k = NULL;
    w->n = 0;
}

/* The key of witness entry body[0..len) at seq of tenant's log, or LDG_EINVAL. */
static ldg_code witness_entry_key(ldg_cosig_key *out, const char *tenant, int64_t seq,
                                  const char *body, size_t len, ldg_error *err)
{
    json_t *j = json_loadb(body, len, 0, NULL);
    const char *vkey =
        json_string_value(json_object_get(json_object_get(j, "data"), "vkey"));
    const char *t = json_string_value(json_object_get(j, "tenant"));
    const json_t *s = json_object_get(j, "seq");
    ldg_code rc;

    if (!vkey || !t || strcmp(t, tenant) != 0 || !json_is_integer(s) ||
        json_integer_value(s) != seq)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "witness entry is malformed (no data.vkey, or another tenant"
                           " or seq)");
    else
        rc = ldg_cosig_key_parse(out, vkey, err);
    json_decref(j);
    return rc;
}

/* Loads tenant_id's witness keys; a malformed entry goes to report (may be NULL), which
 * counts in *bad, and is skipped. */
static ldg_code load_witness_keys(wkeys *w, int64_t *bad, ldg_store *st,
                                  int32_t tenant_id, const char *tenant,
                                  ldg_verify_report report, void *ctx, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT d.seq, d.body FROM ledger.log_doc d"
                                 " JOIN ledger.log_head h USING (tenant_id)"
                                 " WHERE d.tenant_id = $1 AND d.kind = 'witness'"
                                 " AND d.seq < h.size ORDER BY d.seq",
                                 1, params, err);
    int n = rc == LDG_OK ? PQntuples(res) : 0;

    memset(w, 0, sizeof(*w));
    if (rc == LDG_OK && n > 0 && !(w->k = calloc((size_t)n, sizeof(*w->k))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int r = 0; rc == LDG_OK && r < n; r++) {
        int64_t seq = ldg_store_int64(res, r, 0);
        size_t len = 0;
        unsigned char *body =
            PQunescapeBytea((const unsigned char *)PQgetvalue(res, r, 1), &len);
        ldg_error e;

        ldg_error_clear(&e);
        if (!body)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        else if (witness_entry_key(&w->k[w->n], tenant, seq, (const char *)body, len,
                                   &e) == LDG_OK)
            w->n++;
        else if (report) {
            char what[512];

            snprintf(what, sizeof(what), "witness key entry refused: %s", e.message);
            report(ctx, tenant, seq, what);
            (*bad)++;
        }
        PQfreemem(body);
    }
    PQclear(res);
    if (rc != LDG_OK)
        wkeys_free(w);
    return rc;
}

static const ldg_cosig_key *find_key(const wkeys *w, const ldg_cosig *c)
{
    for (size_t i = 0; i < w->n; i++)
        if (ldg_cosig_by(c, &w->k[i]))
            return &w->k[i];
    return NULL;
}

/* ---- witness add ------------------------------------------------------------------- */

typedef struct add_ctx {
    const char *tenant;
    const ldg_cosig_key *k;
    ldg_witness_added *out;
} add_ctx;

static ldg_code add_work(ldg_store *st, void *vctx, ldg_error *err)
{
    add_ctx *c = vctx;
    char vkey[LDG_VERIFIER_KEY_MAX], when[LDG_TIME_BUFLEN];
    PGresult *res = NULL;
    wkeys w = { 0 };
    json_t *data = NULL;
    int64_t size = 0, bad = 0;
    int32_t tid = 0;
    ldg_code rc = ldg_tenant_id(&tid, st, c->tenant, err);

    memset(c->out, 0, sizeof(*c->out));
    if (rc == LDG_OK)
        rc = ldg_log_lock_head(&size, st, tid, err); /* two adds of one key: one entry */
    if (rc == LDG_OK)
        rc = load_witness_keys(&w, &bad, st, tid, c->tenant, NULL, NULL, err);
    for (size_t i = 0; rc == LDG_OK && i < w.n; i++)
        if (memcmp(&w.k[i], c->k, sizeof(*c->k)) == 0) {
            c->out->already = 1;
            break;
        }
    wkeys_free(&w);
    if (rc != LDG_OK || c->out->already)
        return rc;
    rc = ldg_cosig_key_format(vkey, sizeof(vkey), c->k, err);
    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT floor(extract(epoch FROM clock_timestamp()))", 0,
                            NULL, err);
    if (rc == LDG_OK) {
        ldg_time_format(when, ldg_store_int64(res, 0, 0));
        data = json_pack("{s:s, s:s}", "added", when, "vkey", vkey);
        if (!data)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    PQclear(res);
    if (rc == LDG_OK)
        rc = ldg_log_append_doc(&c->out->seq, st, tid, c->tenant, LDG_WITNESS_KIND, data,
                                err);
    json_decref(data);
    return rc;
}

ldg_code ldg_witness_add(ldg_witness_added *out, ldg_store *st, const char *tenant,
                         const ldg_cosig_key *k, ldg_error *err)
{
    add_ctx c = { .tenant = tenant, .k = k, .out = out };

    return ldg_store_run(st, add_work, &c, err);
}

/* ---- attach ------------------------------------------------------------------------ */

typedef struct attach_ctx {
    const char *tenant;
    int64_t size;     /* wanted; < 0: the latest */
    const char *body; /* the note form's body, or NULL */
    size_t body_len;
    ldg_cosig_attached got[LDG_COSIG_MAX_LINES];
    size_t n;
} attach_ctx;

/* Parses the input into c (lines, and the body of the note form). */
static ldg_code parse_input(attach_ctx *c, const char *text, size_t len, ldg_error *err)
{
    size_t body_len = 0, at = 0, line = 0;
    const char *p, *end = text + len, *nl;
    ldg_checkpoint cp;
    ldg_code rc = LDG_OK;

    if (memchr(text, '\0', len))
        return ldg_error_set(err, LDG_EINVAL, "the cosignature file holds a NUL byte");
    /* lines alone start with a signature line; anything else must be a signed note */
    if (len < 3 || memcmp(text, "\xe2\x80\x94", 3) != 0) {
        rc = ldg_note_split(&body_len, &at, text, len, err);
        if (rc == LDG_OK)
            rc = ldg_checkpoint_parse(&cp, text, body_len, err);
        if (rc != LDG_OK)
            return rc;
        c->body = text;
        c->body_len = body_len;
        c->size = (int64_t)cp.size;
    }
    for (p = text + at; rc == LDG_OK && p < end; p = nl + 1) {
        ldg_cosig *cs;

        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end - 1;
        line++;
        if (nl == p && *nl == '\n')
            continue; /* a blank line between lines is tolerated */
        if (c->n == LDG_COSIG_MAX_LINES)
            return ldg_error_set(err, LDG_EINVAL, "more than %d cosignature lines",
                                 LDG_COSIG_MAX_LINES);
        cs = &c->got[c->n].cosig;
        rc = ldg_cosig_parse(cs, p, (size_t)(nl - p) + (*nl != '\n'), NULL);
        if (rc == LDG_OK)
            c->n++;
        else if (!c->body) /* a note's other signature lines are not ours to judge */
            rc = ldg_error_set(err, LDG_EINVAL,
                               "line %zu is not a C2SP cosignature/v1 line", line);
        else
            rc = LDG_OK;
    }
    if (rc == LDG_OK && c->n == 0)
        rc = ldg_error_set(err, LDG_EINVAL, "no cosignature line found");
    return rc;
}

/* The stored checkpoint c asks for: its size, note and signing instant. */
static ldg_code stored_checkpoint(PGresult **res, ldg_store *st, int32_t tid,
                                  const attach_ctx *c, ldg_error *err)
{
    char t[24], s[24];
    const char *params[2] = { ldg_store_i64(t, tid),
                              c->size >= 0 ? ldg_store_i64(s, c->size) : NULL };
    ldg_code rc =
        ldg_store_exec(res, st,
                       "SELECT size, note, floor(extract(epoch FROM signed_at))::bigint,"
                       " ceil(extract(epoch FROM clock_timestamp()))::bigint,"
                       " (SELECT count(*) FROM ledger.checkpoint_cosig x"
                       "   WHERE x.tenant_id = c.tenant_id AND x.size = c.size)"
                       " FROM ledger.checkpoint c WHERE tenant_id = $1 AND ($2::bigint "
                       "IS NULL OR size = $2)"
                       " ORDER BY size DESC LIMIT 1",
                       2, params, err);

    if (rc == LDG_OK && PQntuples(*res) == 0) {
        if (c->size >= 0)
            rc = ldg_error_set(
                err, LDG_ENOTFOUND,
                "tenant \"%s\" has no signed checkpoint of tree size %" PRId64, c->tenant,
                c->size);
        else
            rc = ldg_error_set(err, LDG_ENOTFOUND,
                               "tenant \"%s\" has no signed checkpoint yet", c->tenant);
    }
    return rc;
}

/* Checks got[i] against the stored checkpoint and stores it. */
static ldg_code attach_one(ldg_store *st, int32_t tid, attach_ctx *c, size_t i,
                           const wkeys *w, const PGresult *cp, ldg_error *err)
{
    const char *note = PQgetvalue(cp, 0, 1);
    ldg_cosig_attached *a = &c->got[i];
    const ldg_cosig_key *k = find_key(w, &a->cosig);
    int64_t signed_at = ldg_store_int64(cp, 0, 2), now = ldg_store_int64(cp, 0, 3);
    char line[LDG_COSIG_LINE_MAX], t[24], s[24], id[24], tm[24];
    size_t body_len = 0, at = 0;
    PGresult *res = NULL;
    ldg_code rc;

    a->size = ldg_store_int64(cp, 0, 0);
    if (!k) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "cosignature %zu is by key \"%s\" (id %08" PRIx32
                           "), which is not a witness key of tenant \"%s\"",
                           i + 1, a->cosig.name, a->cosig.id, c->tenant);
        ldg_error_hint(err,
                       "Register the tenant's key first: 'leaseledger key witness add"
                       " --tenant %s VKEY', then seal.",
                       c->tenant);
        return rc;
    }
    rc = ldg_note_split(&body_len, &at, note, strlen(note), err);
    if (rc == LDG_OK)
        rc = ldg_cosig_verify(&a->cosig, k, note, body_len, err);
    if (rc != LDG_OK) {
        ldg_error_where(
            err, "cosignature %zu, over tenant \"%s\"'s checkpoint of size %" PRId64,
            i + 1, c->tenant, a->size);
        return rc;
    }
    if ((int64_t)a->cosig.time < signed_at - LDG_COSIG_SKEW ||
        (int64_t)a->cosig.time > now + LDG_COSIG_SKEW)
        return ldg_error_set(err, LDG_EINVAL,
                             "cosignature %zu has time %" PRIu64
                             ", not between the checkpoint's signing (%" PRId64
                             ") and now (%" PRId64 "), give or take %d s",
                             i + 1, a->cosig.time, signed_at, now, LDG_COSIG_SKEW);
    rc = ldg_cosig_format(line, sizeof(line), &a->cosig, err);
    if (rc == LDG_OK) {
        const char *params[6] = { ldg_store_i64(t, tid),
                                  ldg_store_i64(s, a->size),
                                  a->cosig.name,
                                  ldg_store_i64(id, a->cosig.id),
                                  ldg_store_i64(tm, (int64_t)a->cosig.time),
                                  line };

        rc = ldg_store_exec(&res, st,
                            "INSERT INTO ledger.checkpoint_cosig"
                            " (tenant_id, size, key_name, key_id, cosigned_at, line)"
                            " VALUES ($1, $2, $3, $4, to_timestamp($5), $6)"
                            " ON CONFLICT DO NOTHING RETURNING 1",
                            6, params, err);
    }
    if (rc == LDG_OK)
        a->already = PQntuples(res) == 0;
    PQclear(res);
    return rc;
}

static ldg_code attach_work(ldg_store *st, void *vctx, ldg_error *err)
{
    attach_ctx *c = vctx;
    PGresult *cp = NULL;
    wkeys w = { 0 };
    int64_t bad = 0;
    int32_t tid = 0;
    ldg_code rc = ldg_tenant_id(&tid, st, c->tenant, err);

    if (rc == LDG_OK)
        rc = stored_checkpoint(&cp, st, tid, c, err);
    if (rc == LDG_OK && c->body) {
        const char *note = PQgetvalue(cp, 0, 1);
        size_t body_len = 0, at = 0;

        if (ldg_note_split(&body_len, &at, note, strlen(note), err) != LDG_OK ||
            body_len != c->body_len || memcmp(note, c->body, body_len) != 0)
            rc = ldg_error_set(err, LDG_EINVAL,
                               "the note's checkpoint is not tenant \"%s\"'s stored"
                               " checkpoint of tree size %" PRId64,
                               c->tenant, c->size);
    }
    if (rc == LDG_OK && ldg_store_int64(cp, 0, 4) + (int64_t)c->n > LDG_COSIG_MAX_LINES)
        rc = ldg_error_set(err, LDG_EINVAL, "a checkpoint keeps at most %d cosignatures",
                           LDG_COSIG_MAX_LINES);
    if (rc == LDG_OK)
        rc = load_witness_keys(&w, &bad, st, tid, c->tenant, NULL, NULL, err);
    for (size_t i = 0; rc == LDG_OK && i < c->n; i++)
        rc = attach_one(st, tid, c, i, &w, cp, err);
    wkeys_free(&w);
    PQclear(cp);
    return rc;
}

ldg_code ldg_cosig_attach(ldg_store *st, const char *tenant, int64_t size,
                          const char *text, size_t len, ldg_cosig_attached_cb cb,
                          void *ctx, ldg_error *err)
{
    attach_ctx *c = calloc(1, sizeof(*c));
    ldg_code rc;

    if (!c)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    c->tenant = tenant;
    c->size = size;
    rc = parse_input(c, text, len, err);
    if (rc == LDG_OK)
        rc = ldg_store_run(st, attach_work, c, err);
    for (size_t i = 0; rc == LDG_OK && cb && i < c->n; i++)
        cb(ctx, &c->got[i]);
    free(c);
    return rc;
}

/* ---- verify ------------------------------------------------------------------------ */

/* Row r of the stored cosignatures (size, note, key_name, key_id, time, line): NULL
 * when it holds, else what is wrong (into why). */
static const char *check_row(ldg_cosig *c, char *why, size_t cap, const PGresult *res,
                             int r, const wkeys *w)
{
    const char *note = PQgetvalue(res, r, 1), *line = PQgetvalue(res, r, 5);
    const ldg_cosig_key *k;
    size_t body_len = 0, at = 0;
    ldg_error e;

    ldg_error_clear(&e);
    if (ldg_store_isnull(res, r, 1)) {
        snprintf(why, cap, "there is no stored checkpoint of that size");
    } else if (ldg_cosig_parse(c, line, strlen(line), &e) != LDG_OK) {
        snprintf(why, cap, "stored line is not a cosignature: %s", e.message);
    } else if (strcmp(c->name, PQgetvalue(res, r, 2)) != 0 ||
               (int64_t)c->id != ldg_store_int64(res, r, 3) ||
               (int64_t)c->time != ldg_store_int64(res, r, 4)) {
        snprintf(why, cap, "stored row's key or time differs from its line");
    } else if (!(k = find_key(w, c))) {
        snprintf(why, cap,
                 "key \"%s\" (id %08" PRIx32 ") is not a witness key of the log", c->name,
                 c->id);
    } else if (ldg_note_split(&body_len, &at, note, strlen(note), &e) != LDG_OK ||
               ldg_cosig_verify(c, k, note, body_len, &e) != LDG_OK) {
        snprintf(why, cap, "%s", e.message);
    } else {
        return NULL;
    }
    return why;
}

ldg_code ldg_cosig_verify_log(int64_t *problems, ldg_store *st, int32_t tenant_id,
                              const char *tenant, int require, ldg_verify_report report,
                              ldg_verify_cosigned seen, void *ctx, ldg_error *err)
{
    char t[24], why[400], what[512];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    wkeys w = { 0 };
    int64_t latest = -1, latest_ok = 0;
    ldg_cosig c;
    ldg_code rc =
        load_witness_keys(&w, problems, st, tenant_id, tenant, report, ctx, err);

    if (rc == LDG_OK)
        rc = ldg_store_exec(
            &res, st,
            "SELECT x.size, c.note, x.key_name, x.key_id,"
            " floor(extract(epoch FROM x.cosigned_at))::bigint, x.line,"
            " (SELECT max(size) FROM ledger.checkpoint m WHERE m.tenant_id = $1)"
            " FROM (SELECT 1) one LEFT JOIN (ledger.checkpoint_cosig x"
            "  LEFT JOIN ledger.checkpoint c USING (tenant_id, size)) ON x.tenant_id = $1"
            " ORDER BY x.size, x.key_name, x.key_id",
            1, params, err);
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        int64_t size = ldg_store_int64(res, r, 0);

        if (!ldg_store_isnull(res, r, 6))
            latest = ldg_store_int64(res, r, 6);
        if (ldg_store_isnull(res, r, 0))
            continue; /* the one row of a log without cosignatures */
        if (check_row(&c, why, sizeof(why), res, r, &w)) {
            snprintf(what, sizeof(what),
                     "cosignature of the checkpoint at size %" PRId64 ": %s", size, why);
            if (report)
                report(ctx, tenant, -1, what);
            (*problems)++;
            continue;
        }
        if (seen)
            seen(ctx, tenant, size, &c);
        latest_ok += size == latest;
    }
    if (rc == LDG_OK && require && latest >= 0 && latest_ok == 0) {
        snprintf(what, sizeof(what),
                 "the latest checkpoint (size %" PRId64 ") carries no cosignature by a"
                 " witness key of the tenant (--require-cosigned)%s",
                 latest, w.n == 0 ? "; the log registers no witness key" : "");
        if (report)
            report(ctx, tenant, -1, what);
        (*problems)++;
    }
    PQclear(res);
    wkeys_free(&w);
    return rc;
}
