/*
 * Seal: tiles above level 0, the tree root from tiles, and a signed checkpoint, per
 * tenant in one transaction. The root is computed from the stored tiles rather than
 * carried in memory, so a checkpoint can only be signed over what is committed.
 *
 * The stored rows are not trusted for what they claim: the writer role can insert
 * tiles, checkpoints and a larger log_head. Seal starts from what it signed last
 * (ledger.seal_state, which only grows), checks every stored checkpoint's signature,
 * that the tiles still give the signed root, that the new entries rebuilt from their
 * records are the new leaves (ldg_verify_leaves), and that the new root extends the old
 * (RFC 9162 consistency), before it signs. Rebuilding only the new range keeps a seal
 * proportional to what was appended; the old range is bound by the signed root.
 * Dropped: trusting "the largest checkpoint row" (anyone with INSERT can add one).
 */
#include "ledger/store/seal.h"

#include "ledger/keyring.h"
#include "ledger/note.h"
#include "ledger/store/keyring_store.h"
#include "ledger/store/logstore.h"
#include "ledger/store/verify.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

ldg_code ldg_checkpoint_notes(const char ***out, size_t *n, ldg_store *st,
                              const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT DISTINCT ON (t.tenant) c.note FROM ledger.checkpoint c"
                       " JOIN ledger.tenant t USING (tenant_id)"
                       " WHERE $1::text IS NULL OR t.tenant = $1"
                       " ORDER BY t.tenant, c.size DESC",
                       1, params, err);

    *out = NULL;
    *n = 0;
    if (rc == LDG_OK)
        rc = ldg_store_copy_text(out, n, res, err);
    PQclear(res);
    if (rc == LDG_OK && *n == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no checkpoint%s%s%s yet",
                           tenant ? " for tenant \"" : "", tenant ? tenant : "",
                           tenant ? "\"" : "");
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

        rc = ldg_store_execb(
            NULL, st,
            "INSERT INTO ledger.signing_key (key_name, key_id, public_key)"
            " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            3, params, lengths, formats, 0, err);
    }
    ldg_verifier_free(v);
    return rc;
}

typedef struct seal_one {
    const ldg_signer *signer;
    const ldg_verifier *pub; /* the signer's public half */
    int32_t tenant_id;
    const char *tenant;
    int64_t old_size, new_size;
    ldg_hash old_root;           /* what seal last signed (ledger.seal_state) */
    const ldg_seal_known *known; /* proved already, if it still holds (ldg_seal_with) */
    int64_t proved;              /* entries taken from known */
    int signed_one;
} seal_one;

static ldg_code insert_checkpoint(ldg_store *st, const seal_one *s, const ldg_hash *root,
                                  const char *note, ldg_error *err)
{
    char t[24], sz[24], id[24], old[24];
    const char *params[6] = {
        ldg_store_i64(t, s->tenant_id), ldg_store_i64(sz, s->new_size),
        (const char *)root->b,          note,
        ldg_verifier_name(s->pub),      ldg_store_i64(id, ldg_verifier_key_id(s->pub))
    };
    const char *adv[4] = { t, ldg_store_i64(old, s->old_size), sz,
                           (const char *)root->b };
    int lengths[6] = { 0, 0, LDG_HASH_LEN, 0, 0, 0 };
    int formats[6] = { 0, 0, 1, 0, 0, 0 };
    ldg_code rc =
        ldg_store_execb(NULL, st,
                        "INSERT INTO ledger.checkpoint (tenant_id, size, root, note,"
                        " key_name, key_id) VALUES ($1, $2, $3, $4, $5, $6)",
                        6, params, lengths, formats, 0, err);

    /* same transaction: a crash leaves the checkpoint and the state together or neither
     */
    if (rc == LDG_OK)
        rc = ldg_store_execb(NULL, st, "SELECT ledger.seal_advance($1, $2, $3, $4)", 4,
                             adv, (const int[]){ 0, 0, 0, LDG_HASH_LEN },
                             (const int[]){ 0, 0, 0, 1 }, 0, err);
    return rc;
}

/* Reads the log's size and what seal last signed of it. */
static ldg_code read_state(ldg_store *st, seal_one *s, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, s->tenant_id) };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT h.size, coalesce(g.size, 0), encode(g.root, 'hex')"
                       " FROM ledger.log_head h LEFT JOIN ledger.seal_state g"
                       " USING (tenant_id) WHERE h.tenant_id = $1",
                       1, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) != 1)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no log for tenant \"%s\"", s->tenant);
    if (rc == LDG_OK) {
        s->new_size = ldg_store_int64(res, 0, 0);
        s->old_size = ldg_store_int64(res, 0, 1);
        ldg_merkle_empty_root(&s->old_root); /* nothing signed yet: the empty tree */
        if (s->old_size > 0)
            rc = ldg_hash_from_hex(&s->old_root, PQgetvalue(res, 0, 2),
                                   (size_t)PQgetlength(res, 0, 2), err);
    }
    PQclear(res);
    if (rc == LDG_OK && s->new_size < s->old_size)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "the log has %lld entries but %lld were signed: entries were"
                           " removed",
                           (long long)s->new_size, (long long)s->old_size);
    return rc;
}

/*
 * The keyring seal trusts: its own key, and the log's rotations in seq order (taken
 * under keyring.h's rules, refused ones left out). The first rotation's old key is taken
 * as an anchor on its own word; check_history then holds every stored checkpoint to the
 * rules, so a rotation forged to put another key in force before some size is caught by
 * the honest checkpoints signed below it (and with none, there is nothing to forge).
 */
static ldg_code load_keyring(ldg_keyring **out, ldg_verifier **first_old, ldg_store *st,
                             const seal_one *s, ldg_error *err)
{
    char t[24], n[24];
    const char *params[2] = { ldg_store_i64(t, s->tenant_id),
                              ldg_store_i64(n, s->new_size) };
    ldg_verifier *anchors[2] = { (ldg_verifier *)(uintptr_t)s->pub, NULL };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT seq, body FROM ledger.log_doc WHERE tenant_id = $1"
                       " AND kind = 'key' AND seq < $2 ORDER BY seq",
                       2, params, err);

    *out = NULL;
    *first_old = NULL;
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        size_t len = 0;
        unsigned char *body =
            PQunescapeBytea((const unsigned char *)PQgetvalue(res, r, 1), &len);
        ldg_error e;

        if (!body) {
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
            break;
        }
        if (r == 0) {
            json_t *j = json_loadb((const char *)body, len, 0, NULL);
            const char *old =
                json_string_value(json_object_get(json_object_get(j, "data"), "old"));

            ldg_error_clear(&e);
            if (old && ldg_verifier_parse(first_old, old, &e) == LDG_OK)
                anchors[1] = *first_old;
            json_decref(j);
            rc = ldg_keyring_new(out, anchors, anchors[1] ? 2 : 1, err);
        }
        ldg_error_clear(&e);
        if (rc == LDG_OK) /* a refused rotation is not applied: verify reports it */
            (void)ldg_keyring_take(*out, s->tenant, ldg_store_int64(res, r, 0),
                                   (const char *)body, len, &e);
        PQfreemem(body);
    }
    if (rc == LDG_OK && !*out)
        rc = ldg_keyring_new(out, anchors, 1, err);
    PQclear(res);
    return rc;
}

/* One stored checkpoint must open under the keyring and say what its row says. */
static ldg_code check_one(const ldg_keyring *kr, const seal_one *s, const PGresult *res,
                          int r, ldg_error *err)
{
    int64_t size = ldg_store_int64(res, r, 0);
    const char *note = PQgetvalue(res, r, 2);
    char origin[sizeof(((ldg_checkpoint *)0)->origin)];
    ldg_checkpoint cp;
    ldg_hash root;
    size_t text_len = 0;
    ldg_error e;

    ldg_error_clear(&e);
    snprintf(origin, sizeof(origin), "%s/%s", ldg_verifier_name(s->pub), s->tenant);
    if (ldg_hash_from_hex(&root, PQgetvalue(res, r, 1), (size_t)PQgetlength(res, r, 1),
                          &e) != LDG_OK ||
        ldg_keyring_open(&text_len, kr, size, ldg_store_int64(res, r, 3), note,
                         strlen(note), &e) != LDG_OK ||
        ldg_checkpoint_parse(&cp, note, text_len, &e) != LDG_OK)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "stored checkpoint at size %lld does not verify: %s",
                             (long long)size, e.message);
    if (strcmp(cp.origin, origin) != 0 || cp.size != (uint64_t)size ||
        memcmp(&cp.root, &root, sizeof(root)) != 0)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "stored checkpoint at size %lld: its row differs from the"
                             " signed note",
                             (long long)size);
    if (size == s->old_size && memcmp(&root, &s->old_root, sizeof(root)) != 0)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "stored checkpoint at size %lld is not the one seal signed",
                             (long long)size);
    return LDG_OK;
}

/*
 * Checkpoint rows can be inserted by the writer role, so none is taken on its word: the
 * one at the last signed size must be there with the signed root, none may lie beyond
 * it, and every one must carry a signature the keyring rules accept.
 */
static ldg_code check_history(ldg_store *st, const seal_one *s, ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, s->tenant_id) };
    PGresult *res = NULL;
    ldg_keyring *kr = NULL;
    ldg_verifier *first_old = NULL;
    int found = s->old_size == 0;
    ldg_code rc = load_keyring(&kr, &first_old, st, s, err);

    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT size, encode(root, 'hex'), note,"
                            " floor(extract(epoch FROM signed_at))::bigint"
                            " FROM ledger.checkpoint WHERE tenant_id = $1 ORDER BY size",
                            1, params, err);
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        int64_t size = ldg_store_int64(res, r, 0);

        if (size > s->old_size)
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "a checkpoint at size %lld is stored but seal last signed"
                               " %lld entries: it was not inserted by seal",
                               (long long)size, (long long)s->old_size);
        else
            rc = check_one(kr, s, res, r, err);
        found |= size == s->old_size;
    }
    if (rc == LDG_OK && !found)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "the checkpoint seal signed at size %lld is not stored",
                           (long long)s->old_size);
    PQclear(res);
    ldg_keyring_free(kr);
    ldg_verifier_free(first_old);
    return rc;
}

typedef struct first_problem {
    int64_t seq;
    char what[300];
} first_problem;

static void on_problem(void *ctx, const char *tenant, int64_t seq, const char *what)
{
    first_problem *p = ctx;

    (void)tenant;
    if (p->what[0] == '\0') {
        p->seq = seq;
        snprintf(p->what, sizeof(p->what), "%s", what);
    }
}

/* Seal alone writes tiles above level 0, in the transaction that signs them: one there
 * beyond the signed tree was put there by someone else, to be built upon. */
static ldg_code check_no_upper_rows(ldg_store *st, const seal_one *s, ldg_error *err)
{
    char t[24], n[24];
    const char *params[2] = { ldg_store_i64(t, s->tenant_id),
                              ldg_store_i64(n, s->old_size) };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT level, idx, width FROM ledger.log_tile"
                       " WHERE tenant_id = $1 AND level >= 1"
                       " AND NOT (($2::bigint >> (8 * level)) >= width AND idx <="
                       "  (($2::bigint >> (8 * level)) - width) / 256)"
                       " ORDER BY level, idx, width LIMIT 1",
                       2, params, err);

    if (rc == LDG_OK && PQntuples(res) > 0)
        rc = ldg_error_set(
            err, LDG_ECONFLICT,
            "stored tile %s/%s (row of width %s) lies beyond the signed tree"
            " of %lld entries: it was not written by seal",
            PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
            (long long)s->old_size);
    PQclear(res);
    return rc;
}

/* Rebuilds entries [from, to) and compares them with the stored leaves (prefix: the
 * leaves of from's tile before it); problems are counted in *problems. */
static ldg_code leaves_check(int64_t *problems, ldg_store *st, const seal_one *s,
                             int64_t from, int64_t to, const ldg_hash *prefix,
                             first_problem *fp, ldg_error *err)
{
    int64_t found = 0;
    ldg_code rc = from < to ? ldg_verify_leaves(&found, st, s->tenant_id, s->tenant, from,
                                                to, prefix, on_problem, fp, err)
                            : LDG_OK;

    *problems += found;
    return rc;
}

/* Whether s->known still holds: seal signed no entry of it, and no level-0 row was
 * added to its tiles since it was proved (rows are never changed or removed). */
static ldg_code known_holds(int *holds, ldg_store *st, const seal_one *s, ldg_error *err)
{
    const ldg_seal_known *k = s->known;
    char t[24], lo[24], hi[24];
    const char *params[3];
    PGresult *res = NULL;
    ldg_code rc;

    *holds = 0;
    if (!k || k->lo < s->old_size || k->hi > s->new_size || k->hi <= k->lo)
        return LDG_OK;
    params[0] = ldg_store_i64(t, s->tenant_id);
    params[1] = ldg_store_i64(lo, k->lo / LDG_TILE_WIDTH);
    params[2] = ldg_store_i64(hi, k->hi / LDG_TILE_WIDTH);
    rc = ldg_store_exec(&res, st,
                        "SELECT count(*) FROM ledger.log_tile WHERE tenant_id = $1"
                        " AND level = 0 AND idx >= $2 AND idx < $3",
                        3, params, err);
    if (rc == LDG_OK)
        *holds = ldg_store_int64(res, 0, 0) == k->rows;
    PQclear(res);
    return rc;
}

/*
 * The new tree must extend the signed one by exactly the logged entries: the stored
 * tiles of the first old_size entries give the signed root; entries old_size..new_size,
 * rebuilt from their records, are the stored leaves; the RFC 9162 consistency proof
 * from the signed root to the new one verifies.
 */
static ldg_code check_extension(ldg_store *st, const seal_one *s, int known,
                                ldg_tile_source *ts, ldg_error *err)
{
    ldg_hash root, prefix[LDG_TILE_WIDTH];
    first_problem fp = { .seq = -1 };
    int64_t problems = 0;
    int keep = (int)(s->old_size % LDG_TILE_WIDTH);
    ldg_code rc;

    ldg_tile_source_limit(ts, s->old_size); /* the signed tree: no row wider than it */
    rc = ldg_tree_root(&root, (uint64_t)s->old_size, ldg_tile_source_read, ts, err);

    if (rc == LDG_OK && memcmp(&root, &s->old_root, sizeof(root)) != 0)
        return ldg_error_set(
            err, LDG_ECONFLICT,
            "the stored tiles of the first %lld entries no longer give the"
            " signed root: a tile row was altered or forged",
            (long long)s->old_size);
    if (rc == LDG_OK && keep > 0)
        rc = ldg_tile_source_read(ts, 0, (uint64_t)s->old_size / LDG_TILE_WIDTH, keep,
                                  prefix, err);
    ldg_tile_source_limit(ts, s->new_size); /* appends may be running meanwhile */
    if (rc == LDG_OK)
        rc = check_no_upper_rows(st, s, err);
    if (rc == LDG_OK && known) { /* [lo, hi) is proved: the rest, on either side */
        rc = leaves_check(&problems, st, s, s->old_size, s->known->lo, prefix, &fp, err);
        if (rc == LDG_OK)
            rc =
                leaves_check(&problems, st, s, s->known->hi, s->new_size, NULL, &fp, err);
    } else if (rc == LDG_OK) {
        rc = leaves_check(&problems, st, s, s->old_size, s->new_size, prefix, &fp, err);
    }
    if (rc == LDG_OK && problems > 0) {
        if (fp.seq >= 0)
            rc = ldg_error_set(err, LDG_ECONFLICT, "seq %lld: %s", (long long)fp.seq,
                               fp.what);
        else
            rc = ldg_error_set(err, LDG_ECONFLICT, "%s", fp.what);
        if (problems > 1)
            ldg_error_detail(
                err,
                "%lld problems in the entries to be sealed; `leaseledger verify`"
                " names each.",
                (long long)problems);
    }
    return rc;
}

static ldg_code prove_extension(const seal_one *s, ldg_tile_source *ts,
                                const ldg_hash *new_root, ldg_error *err)
{
    ldg_hash proof[LDG_PROOF_MAX];
    size_t n = 0;
    ldg_error e;
    ldg_code rc;

    if (s->old_size == 0)
        return LDG_OK;
    ldg_error_clear(&e);
    rc = ldg_tree_consistency_proof(proof, &n, (uint64_t)s->old_size,
                                    (uint64_t)s->new_size, ldg_tile_source_read, ts, err);
    if (rc == LDG_OK &&
        ldg_merkle_verify_consistency((uint64_t)s->old_size, (uint64_t)s->new_size, proof,
                                      n, &s->old_root, new_root, &e) != LDG_OK)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "the new tree does not extend the signed one: %s", e.message);
    return rc;
}

static ldg_code seal_work(ldg_store *st, void *vctx, ldg_error *err)
{
    seal_one *s = vctx;
    ldg_tile_source *ts = NULL;
    ldg_checkpoint cp;
    ldg_hash root;
    char *text = NULL, *note = NULL;
    int known = 0;
    ldg_code rc;

    s->signed_one = 0;
    rc = ldg_store_xact_lock(st, LDG_LOCK_SEAL, s->tenant_id, err);
    if (rc == LDG_OK) /* under the lock: a rotation cannot slip in before the signing */
        rc = ldg_keyring_check_signer(st, s->tenant_id, s->signer, err);
    if (rc == LDG_OK)
        rc = read_state(st, s, err);
    if (rc != LDG_OK || s->new_size == s->old_size)
        return rc; /* nothing new (a concurrent seal got here first), or empty */

    rc = check_history(st, s, err);
    if (rc == LDG_OK)
        rc = known_holds(&known, st, s, err);
    if (rc == LDG_OK)
        rc = ldg_tile_source_new(&ts, st, s->tenant_id, err);
    if (rc == LDG_OK)
        rc = check_extension(st, s, known, ts, err);
    if (rc == LDG_OK) {
        ldg_tile_roots roots = { 0 };

        if (known)
            roots = (ldg_tile_roots){ .first = (uint64_t)s->known->lo / LDG_TILE_WIDTH,
                                      .roots = s->known->roots,
                                      .n = (size_t)((s->known->hi - s->known->lo) /
                                                    LDG_TILE_WIDTH) };
        rc = ldg_tiles_extend_known((uint64_t)s->old_size, (uint64_t)s->new_size, &roots,
                                    ldg_tile_source_read, ts, ldg_tile_source_write, ts,
                                    err);
    }
    if (rc == LDG_OK)
        rc = ldg_tree_root(&root, (uint64_t)s->new_size, ldg_tile_source_read, ts, err);
    if (rc == LDG_OK)
        rc = prove_extension(s, ts, &root, err);
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
    if (rc == LDG_OK) {
        s->signed_one = 1;
        s->proved = known ? s->known->hi - s->known->lo : 0;
    }
    free(text);
    free(note);
    ldg_tile_source_free(ts);
    return rc;
}

ldg_code ldg_seal_tenant_in_xact(ldg_store *st, const ldg_signer *signer,
                                 int32_t tenant_id, const char *tenant, ldg_error *err)
{
    ldg_verifier *pub = NULL;
    seal_one s = { .signer = signer, .tenant_id = tenant_id, .tenant = tenant };
    ldg_code rc = ldg_signer_verifier(&pub, signer, err);

    if (rc == LDG_OK)
        rc = record_key(st, signer, err); /* in the caller's transaction this time */
    s.pub = pub;
    if (rc == LDG_OK)
        rc = seal_work(st, &s, err);
    if (rc != LDG_OK)
        ldg_error_where(err, "sealing tenant \"%s\"", tenant);
    ldg_verifier_free(pub);
    return rc;
}

ldg_code ldg_seal(int *sealed, ldg_store *st, const ldg_signer *signer,
                  const char *tenant, ldg_seal_cb cb, void *cbctx, ldg_error *err)
{
    int64_t proved;

    return ldg_seal_with(sealed, &proved, st, signer, tenant, NULL, 0, cb, cbctx, err);
}

static const ldg_seal_known *known_of(const ldg_seal_known *known, size_t n,
                                      int32_t tenant_id)
{
    for (size_t i = 0; i < n; i++)
        if (known[i].tenant_id == tenant_id)
            return &known[i];
    return NULL;
}

ldg_code ldg_seal_with(int *sealed, int64_t *proved, ldg_store *st,
                       const ldg_signer *signer, const char *tenant,
                       const ldg_seal_known *known, size_t nknown, ldg_seal_cb cb,
                       void *cbctx, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_verifier *pub = NULL;
    ldg_code rc;

    *sealed = 0;
    *proved = 0;
    rc = ldg_signer_verifier(&pub, signer, err);
    if (rc == LDG_OK)
        rc = record_key(st, signer, err); /* autocommit: the key outlives any one seal */
    if (rc == LDG_OK)
        rc = ldg_store_exec(&res, st,
                            "SELECT t.tenant_id, t.tenant FROM ledger.tenant t"
                            " JOIN ledger.log_head h USING (tenant_id)"
                            " LEFT JOIN ledger.seal_state g USING (tenant_id)"
                            " WHERE ($1::text IS NULL OR t.tenant = $1)"
                            " AND h.size <> coalesce(g.size, 0) ORDER BY t.tenant_id",
                            1, params, err);
    for (int i = 0; rc == LDG_OK && i < PQntuples(res); i++) {
        seal_one s = { .signer = signer,
                       .pub = pub,
                       .tenant_id = (int32_t)ldg_store_int64(res, i, 0),
                       .tenant = PQgetvalue(res, i, 1) };

        s.known = known_of(known, nknown, s.tenant_id);

        rc = ldg_store_run(st, seal_work, &s, err);
        if (rc != LDG_OK)
            ldg_error_where(err, "sealing tenant \"%s\"", s.tenant);
        else if (s.signed_one) {
            (*sealed)++;
            *proved += s.proved;
            if (cb)
                cb(cbctx, s.tenant, s.old_size, s.new_size);
        }
    }
    PQclear(res);
    ldg_verifier_free(pub);
    return rc;
}
