/*
 * Verifying an evidence bundle offline (bundle.h; the family in bundle_int.h): the
 * checks that need nothing but the key, the signed note and the proofs. Re-rating the
 * documents is bundle_rerate.c's; reading the bytes is bundle_parse.c's.
 *
 * Invariant: the verifier trusts nothing in the bundle but what it checks. The key is
 * the one the user gave (or, said out loud, the bundle's own); the root is the signed
 * one; every entry's leaf is recomputed from its bytes; every invoice line is
 * recomputed by the rating code the operator bills with (rate.c, invoice.c), never
 * read from the bundle and compared with itself.
 *
 * Design. A bundle that cannot be read at all is an error (LDG_EINVAL and why); once it
 * is read, each check is reported on its own line through the caller's report and a
 * failed one counted, so one bad invoice does not hide what else holds. Every line is
 * scrubbed of control bytes, since most quote the bundle. Dropped: stopping at the
 * first failed check (a tenant wants the whole list), and trusting the bundle's own
 * key silently when none is given (the report says so, first).
 */
#include "ledger/bundle_int.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_MAX      640
#define CONS_DOC_MAX (1 << 20)

void ldg_bundle__say(vctx *v, int ok, const char *fmt, ...)
{
    char msg[MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ldg_bundle__scrub(msg);
    if (!ok)
        v->sum->failures++;
    if (v->o->report)
        v->o->report(v->o->ctx, ok, msg);
}

/* The text part of a signed note: up to and including the '\n' before the last blank
 * line. 0 when there is none. */
static size_t note_text_len(const char *note, size_t len)
{
    for (size_t i = len; i >= 2; i--)
        if (note[i - 1] == '\n' && note[i - 2] == '\n')
            return i - 1;
    return 0;
}

/* The trusted key, the note's signature, the checkpoint and its origin. */
static ldg_code check_key_and_note(vctx *v, const json_t *b)
{
    const char *vkey = json_string_value(json_object_get(b, "vkey"));
    const char *note = json_string_value(json_object_get(b, "checkpoint"));
    size_t note_len = json_string_length(json_object_get(b, "checkpoint"));
    ldg_verifier *own = NULL;
    char want_origin[LDG_KEY_NAME_MAX + TENANT_MAX + 2];
    char fmt_own[LDG_VERIFIER_KEY_MAX], fmt_given[LDG_VERIFIER_KEY_MAX];
    size_t text_len;
    ldg_error e;
    ldg_code rc;

    rc = ldg_verifier_parse(&own, vkey, v->err);
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "bundle member \"vkey\"");
        return rc;
    }
    rc = ldg_verifier_format(fmt_own, sizeof(fmt_own), own, v->err);
    if (rc == LDG_OK && v->o->vkey) {
        rc = ldg_verifier_parse(&v->key, v->o->vkey, v->err);
        if (rc != LDG_OK)
            ldg_error_where(v->err, "the given verifier key");
        if (rc == LDG_OK)
            rc = ldg_verifier_format(fmt_given, sizeof(fmt_given), v->key, v->err);
        if (rc == LDG_OK) {
            if (strcmp(fmt_own, fmt_given) == 0)
                ldg_bundle__say(v, 1, "the bundle's key is the given key %s", fmt_given);
            else
                ldg_bundle__say(v, 0, "the bundle's key %s is not the given key %s",
                                fmt_own, fmt_given);
        }
        ldg_verifier_free(own);
    } else if (rc == LDG_OK) {
        v->key = own;
        v->sum->used_bundle_key = 1;
        ldg_bundle__say(
            v, LDG_BUNDLE_NOTE,
            "no key was given: the checkpoint is checked with the bundle's own key %s,"
            " which proves nothing unless that is the operator's published key",
            fmt_own);
    } else {
        ldg_verifier_free(own);
    }
    if (rc != LDG_OK)
        return rc;

    text_len = note_text_len(note, note_len);
    if (text_len == 0 || note_len > LDG_NOTE_MAX)
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "bundle's checkpoint is not a signed note (no signature block)");
    rc = ldg_checkpoint_parse(&v->cp, note, text_len, v->err);
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "bundle's checkpoint");
        return rc;
    }
    v->sum->checkpoint_size = v->cp.size;
    ldg_error_clear(&e);
    if (ldg_note_open(&text_len, note, note_len, &v->key, 1, &e) == LDG_OK)
        ldg_bundle__say(v, 1, "checkpoint (tree size %" PRIu64 ") is signed by %s",
                        v->cp.size, ldg_verifier_name(v->key));
    else
        ldg_bundle__say(v, 0, "checkpoint signature: %s", e.message);
    snprintf(want_origin, sizeof(want_origin), "%s/%s", ldg_verifier_name(v->key),
             v->tenant);
    if (strcmp(v->cp.origin, want_origin) == 0)
        ldg_bundle__say(v, 1, "checkpoint origin \"%s\" names tenant \"%s\"",
                        v->cp.origin, v->tenant);
    else
        ldg_bundle__say(
            v, 0,
            "checkpoint origin \"%s\" is not \"%s\": this is not tenant \"%s\"'s log",
            v->cp.origin, want_origin, v->tenant);
    return LDG_OK;
}

static ldg_code parse_hash(ldg_hash *out, const json_t *s, const char *what,
                           ldg_error *err)
{
    if (!json_is_string(s))
        return ldg_error_set(err, LDG_EINVAL, "%s is not a base64 string", what);
    if (ldg_hash_from_base64(out, json_string_value(s), json_string_length(s), err) !=
        LDG_OK) {
        ldg_error_where(err, "%s", what);
        return LDG_EINVAL;
    }
    return LDG_OK;
}

static void check_inclusion(vctx *v, const node_arrays *a)
{
    ldg_hash root;
    ldg_error e;

    v->sum->nodes = (int64_t)a->n;
    if (!v->proof_possible) {
        ldg_bundle__say(v, 0,
                        "inclusion: not checked, an entry lies beyond the checkpoint");
        return;
    }
    ldg_error_clear(&e);
    if (ldg_bundle__proof_root(v->h, &root, v->idx, v->leaves, v->n, v->cp.size, a->level,
                               a->index, a->hash, a->n, &e) != LDG_OK)
        ldg_bundle__say(v, 0, "inclusion: %s", e.message);
    else if (memcmp(&root, &v->cp.root, sizeof(root)) != 0)
        ldg_bundle__say(
            v, 0,
            "inclusion: the %zu entries and %zu proof hashes do not give the checkpoint's"
            " root: an entry or a proof hash was altered, or the entries are not in this "
            "log",
            v->n, a->n);
    else
        ldg_bundle__say(
            v, 1,
            "all %zu entries are in the checkpoint's tree (one multi-proof of %zu "
            "hashes)",
            v->n, a->n);
}

static ldg_code check_consistency(vctx *v, const json_t *b)
{
    const json_t *arr = json_object_get(b, "consistency");
    ldg_hash proof[LDG_PROOF_MAX];
    ldg_code rc = LDG_OK;

    if (json_array_size(arr) > LDG_BUNDLE_MAX_CONSISTENCY)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "bundle has more than %d consistency proofs",
                             LDG_BUNDLE_MAX_CONSISTENCY);
    for (size_t i = 0; rc == LDG_OK && i < json_array_size(arr); i++) {
        const json_t *c = json_array_get(arr, i), *p = json_object_get(c, "proof");
        const json_t *sz = json_object_get(c, "size");
        cons_item *ci = &v->cons[v->ncons];
        size_t np;
        ldg_error e;

        if (!json_is_object(c) || json_object_size(c) != 3 || !json_is_array(p) ||
            !json_is_integer(sz) || json_integer_value(sz) < 1 ||
            !json_object_get(c, "root"))
            return ldg_error_set(
                v->err, LDG_EINVAL,
                "consistency proof %zu is not {\"proof\", \"root\", \"size\"}", i);
        ci->size = (uint64_t)json_integer_value(sz);
        if (i > 0 && ci->size <= v->cons[v->ncons - 1].size)
            return ldg_error_set(
                v->err, LDG_EINVAL,
                "consistency proofs are not in strictly ascending size order");
        np = json_array_size(p);
        if (np > LDG_PROOF_MAX)
            return ldg_error_set(v->err, LDG_EINVAL,
                                 "consistency proof from tree size %" PRIu64
                                 " has %zu hashes: no proof has more than %d",
                                 ci->size, np, LDG_PROOF_MAX);
        rc = parse_hash(&ci->root, json_object_get(c, "root"), "consistency proof root",
                        v->err);
        for (size_t j = 0; rc == LDG_OK && j < np; j++)
            rc = parse_hash(&proof[j], json_array_get(p, j), "consistency proof hash",
                            v->err);
        if (rc != LDG_OK)
            return rc;
        /* checked above, as the writer asserted before writing it */
        assert(ci->size >= 1 && (v->ncons == 0 || ci->size > v->cons[v->ncons - 1].size));
        assert(np <= LDG_PROOF_MAX && v->ncons < LDG_BUNDLE_MAX_CONSISTENCY);
        ldg_error_clear(&e);
        ci->ok = ldg_merkle_verify_consistency(ci->size, v->cp.size, proof, np, &ci->root,
                                               &v->cp.root, &e) == LDG_OK;
        if (ci->ok)
            ldg_bundle__say(v, 1,
                            "the tree of size %" PRIu64
                            " is a prefix of the checkpoint's (RFC 9162"
                            " consistency, %zu hashes)",
                            ci->size, np);
        else
            ldg_bundle__say(v, 0,
                            "consistency from tree size %" PRIu64 " to %" PRIu64 ": %s",
                            ci->size, v->cp.size, e.message);
        v->ncons++;
    }
    return rc;
}

const cons_item *ldg_bundle__find_cons(const vctx *v, uint64_t size)
{
    for (size_t i = 0; i < v->ncons; i++)
        if (v->cons[i].size == size)
            return &v->cons[i];
    return NULL;
}

static void check_old_checkpoint(vctx *v)
{
    const char *note = v->o->old_note;
    size_t len = v->o->old_note_len, text_len = note_text_len(note, len);
    ldg_checkpoint old;
    const cons_item *ci;
    ldg_error e;

    ldg_error_clear(&e);
    if (text_len == 0 || len > LDG_NOTE_MAX) {
        ldg_bundle__say(v, 0, "kept checkpoint: not a signed note");
        return;
    }
    if (ldg_checkpoint_parse(&old, note, text_len, &e) != LDG_OK) {
        ldg_bundle__say(v, 0, "kept checkpoint: %s", e.message);
        return;
    }
    if (ldg_note_open(&text_len, note, len, &v->key, 1, &e) != LDG_OK)
        ldg_bundle__say(v, 0, "kept checkpoint signature: %s", e.message);
    if (strcmp(old.origin, v->cp.origin) != 0) {
        ldg_bundle__say(v, 0,
                        "kept checkpoint's origin \"%s\" is not the bundle's \"%s\"",
                        old.origin, v->cp.origin);
        return;
    }
    if (old.size > v->cp.size) {
        ldg_bundle__say(v, 0,
                        "kept checkpoint (tree size %" PRIu64
                        ") is newer than the bundle's (%" PRIu64
                        "): check it against a newer bundle",
                        old.size, v->cp.size);
        return;
    }
    if (old.size == v->cp.size) {
        if (memcmp(&old.root, &v->cp.root, sizeof(old.root)) == 0)
            ldg_bundle__say(
                v, 1,
                "kept checkpoint is the bundle's checkpoint (tree size %" PRIu64 ")",
                old.size);
        else
            ldg_bundle__say(v, 0,
                            "kept checkpoint and the bundle's have tree size %" PRIu64
                            " but different roots: the log was rewritten",
                            old.size);
        return;
    }
    ci = ldg_bundle__find_cons(v, old.size);
    if (!ci)
        ldg_bundle__say(
            v, 0,
            "the bundle carries no consistency proof from the kept checkpoint's tree "
            "size %" PRIu64 " (ask for a bundle made with --old-size %" PRIu64 ")",
            old.size, old.size);
    else if (memcmp(&ci->root, &old.root, sizeof(old.root)) != 0)
        ldg_bundle__say(v, 0,
                        "kept checkpoint (tree size %" PRIu64
                        ") has another root than the tree the"
                        " bundle proves consistent: the log was rewritten since",
                        old.size);
    else if (ci->ok)
        ldg_bundle__say(
            v, 1, "kept checkpoint (tree size %" PRIu64 ") is a prefix of the bundle's",
            old.size);
    else
        ldg_bundle__say(v, 0,
                        "kept checkpoint (tree size %" PRIu64
                        ") is not proven a prefix of the"
                        " bundle's",
                        old.size);
}

static void vctx_cleanup(vctx *v)
{
    ldg_merkle_hasher_free(v->h);
    ldg_verifier_free(v->key);
    free(v->idx);
    free(v->leaves);
    free(v->usage);
    for (size_t i = 0; i < v->nd; i++) {
        json_decref(v->docs[i].entry);
        ldg_invoice_free(v->docs[i].inv);
    }
    free(v->docs);
    for (size_t i = 0; i < v->np; i++) {
        free(v->pays[i].id);
        free(v->pays[i].reference);
    }
    free(v->pays);
    for (size_t i = 0; i < v->nsites; i++)
        free(v->sites[i]);
    ldg_buf_cleanup(&v->tmp);
}

ldg_code ldg_bundle_verify(ldg_bundle_summary *out, const char *data, size_t len,
                           const ldg_bundle_verify_opts *opts, ldg_error *err)
{
    size_t max = opts->max_bytes ? opts->max_bytes : LDG_BUNDLE_MAX_BYTES;
    node_arrays nodes = { 0 };
    bundle_input in;
    vctx v;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    memset(&v, 0, sizeof(v));
    v.o = opts;
    v.sum = out;
    v.err = err;
    v.proof_possible = true;
    rc = ldg_bundle__read(&in, data, len, max, &v.tmp, err);
    if (rc != LDG_OK && !in.b) {
        ldg_bundle__input_cleanup(&in);
        vctx_cleanup(&v);
        return rc;
    }
    if (rc == LDG_OK) {
        v.tenant = json_string_value(json_object_get(in.b, "tenant"));
        if (!ldg_bundle__tenant_ok(v.tenant))
            rc = ldg_error_set(err, LDG_EINVAL, "bundle's tenant name is malformed");
        else {
            assert(strlen(v.tenant) < sizeof(out->tenant)); /* the writer's check too */
            snprintf(out->tenant, sizeof(out->tenant), "%s", v.tenant);
        }
    }
    if (rc == LDG_OK) {
        rc = ldg_bundle__parse_scope(&v.sc, json_object_get(in.b, "scope"), err);
        if (rc != LDG_OK)
            ldg_error_where(err, "bundle member \"scope\"");
    }
    if (rc == LDG_OK)
        rc = ldg_merkle_hasher_new(&v.h, err);
    if (rc == LDG_OK)
        rc = check_key_and_note(&v, in.b);
    if (rc == LDG_OK)
        ldg_bundle__check_cosigs(&v,
                                 json_string_value(json_object_get(in.b, "checkpoint")),
                                 json_string_length(json_object_get(in.b, "checkpoint")));
    if (rc == LDG_OK)
        rc = ldg_bundle__take_entries(&v, &in);
    if (rc == LDG_OK)
        rc = ldg_bundle__check_rerate_work(&v);
    if (rc == LDG_OK)
        rc = ldg_bundle__take_nodes(&nodes, &in, err);
    /* take_entry (bundle_parse.c) reported each entry of another tenant */
    if (rc == LDG_OK && v.foreign == 0)
        ldg_bundle__say(&v, 1, "every entry is tenant \"%s\"'s", v.tenant);
    if (rc == LDG_OK)
        check_inclusion(&v, &nodes);
    if (rc == LDG_OK)
        rc = check_consistency(&v, in.b);
    if (rc == LDG_OK) {
        ldg_bundle__check_documents(&v);
        if (opts->old_note)
            check_old_checkpoint(&v);
    }
    vctx_cleanup(&v);
    ldg_bundle__input_cleanup(&in);
    ldg_bundle__nodes_free(&nodes);
    if (rc != LDG_OK && err) {
        /* messages quote parts of a hostile bundle; none may carry a control byte */
        ldg_bundle__scrub(err->message);
        ldg_bundle__scrub(err->detail);
        ldg_bundle__scrub(err->hint);
        ldg_bundle__scrub(err->where);
    }
    return rc;
}

/* ---- a standalone consistency document --------------------------------------------- */

ldg_code ldg_bundle_verify_consistency(const char *doc, size_t len, const char *old_note,
                                       size_t old_len, const char *vkey, ldg_error *err)
{
    static const char *const keys[] = { "checkpoint", "new_size", "old_size", "proof",
                                        "tenant" };
    ldg_verifier *key = NULL;
    ldg_checkpoint cur, old;
    ldg_hash proof[LDG_PROOF_MAX];
    const char *note, *tenant;
    json_t *j = NULL, *p;
    size_t tl = 0, np, ol = old_note ? note_text_len(old_note, old_len) : 0;
    char origin[LDG_KEY_NAME_MAX + TENANT_MAX + 2];
    ldg_code rc = LDG_OK;

    if (len > CONS_DOC_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "consistency document is larger than %d bytes",
                             CONS_DOC_MAX);
    if (!(j = ldg_bundle__parse_json(doc, len, 4, "consistency document", err)))
        return LDG_EINVAL;
    for (size_t i = 0; rc == LDG_OK && i < sizeof(keys) / sizeof(keys[0]); i++)
        if (!json_object_get(j, keys[i]))
            rc = ldg_error_set(err, LDG_EINVAL, "consistency document lacks \"%s\"",
                               keys[i]);
    if (rc == LDG_OK && json_object_size(j) != sizeof(keys) / sizeof(keys[0]))
        rc = ldg_error_set(err, LDG_EINVAL, "consistency document has unknown members");
    if (rc == LDG_OK)
        rc = ldg_bundle__check_numbers(j, "consistency document", err);
    note = ldg_bundle__str_member(j, "checkpoint");
    tenant = ldg_bundle__str_member(j, "tenant");
    p = json_object_get(j, "proof");
    if (rc == LDG_OK && (!note || !tenant || !json_is_array(p) ||
                         !json_is_integer(json_object_get(j, "new_size")) ||
                         !json_is_integer(json_object_get(j, "old_size"))))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "consistency document has members of wrong types");
    if (rc == LDG_OK && (np = json_array_size(p)) > LDG_PROOF_MAX)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "consistency proof has %zu hashes: no proof has"
                           " more than %d",
                           np, LDG_PROOF_MAX);
    for (size_t i = 0; rc == LDG_OK && i < json_array_size(p); i++)
        rc = parse_hash(&proof[i], json_array_get(p, i), "consistency proof hash", err);
    if (rc == LDG_OK)
        rc = ldg_verifier_parse(&key, vkey, err);
    if (rc == LDG_OK && !old_note)
        rc = ldg_error_set(err, LDG_EINVAL, "no kept checkpoint to check against");
    if (rc == LDG_OK && ((tl = note_text_len(note, strlen(note))) == 0 || ol == 0))
        rc = ldg_error_set(err, LDG_EINVAL, "a checkpoint is not a signed note");
    if (rc == LDG_OK && ldg_note_open(&tl, note, strlen(note), &key, 1, err) != LDG_OK) {
        ldg_error_where(err, "the current checkpoint");
        rc = LDG_EINVAL;
    }
    if (rc == LDG_OK && ldg_note_open(&ol, old_note, old_len, &key, 1, err) != LDG_OK) {
        ldg_error_where(err, "the kept checkpoint");
        rc = LDG_EINVAL;
    }
    if (rc == LDG_OK)
        rc = ldg_checkpoint_parse(&cur, note, tl, err);
    if (rc == LDG_OK)
        rc = ldg_checkpoint_parse(&old, old_note, ol, err);
    if (rc == LDG_OK) {
        snprintf(origin, sizeof(origin), "%s/%s", ldg_verifier_name(key), tenant);
        if (strcmp(cur.origin, origin) != 0 || strcmp(old.origin, origin) != 0)
            rc = ldg_error_set(err, LDG_EINVAL,
                               "checkpoint origins \"%s\" and \"%s\" are not \"%s\"",
                               old.origin, cur.origin, origin);
    }
    if (rc == LDG_OK &&
        ((uint64_t)json_integer_value(json_object_get(j, "new_size")) != cur.size ||
         (uint64_t)json_integer_value(json_object_get(j, "old_size")) != old.size))
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "the document's sizes are not those of the checkpoints (%" PRIu64
            " and %" PRIu64 ")",
            old.size, cur.size);
    if (rc == LDG_OK)
        rc = ldg_merkle_verify_consistency(old.size, cur.size, proof, json_array_size(p),
                                           &old.root, &cur.root, err);
    ldg_verifier_free(key);
    json_decref(j);
    if (rc != LDG_OK && err) {
        ldg_bundle__scrub(err->message);
        ldg_bundle__scrub(err->where);
    }
    return rc;
}
