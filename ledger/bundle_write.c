/*
 * The evidence bundle writer (bundle.h draws the format; bundle_int.h the family).
 *
 * Invariant: a bundle is never handed out that would not verify. The header is checked
 * as the verifier will check it (the note's signature and origin, each consistency
 * proof, the scope), every entry's leaf hash is kept, and finish recomputes the
 * checkpoint's root from those leaves and the nodes the caller's reader gives before
 * it writes the nodes.
 *
 * Design. The bytes stream to the caller's sink in RFC 8785 member order, so nothing
 * but 40 bytes per entry (seq, leaf hash) is held: the members before the entries are
 * written by ldg_bundle_writer_new, each entry as it is added (escaped into the one
 * "entries" string), the rest at finish. Dropped: building a json_t of the whole bundle
 * and serializing it (the entries would be held twice, in Jansson's objects and in the
 * output), and writing the nodes before the entries (RFC 8785 sorts "entries" first).
 */
#include "ledger/bundle_int.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ldg_bundle_writer {
    ldg_bundle_sink sink;
    void *ctx;
    ldg_checkpoint cp;
    ldg_merkle_hasher *h;
    uint64_t *idx;
    ldg_hash *leaves;
    size_t n, cap;
    char *tenant;
    char *vkey;
    json_t *scope;
    ldg_buf tmp;
    bool broken; /* a write failed: the output is unusable */
    bool finished;
};

static ldg_code w_put(ldg_bundle_writer *w, const void *p, size_t n, ldg_error *err)
{
    ldg_code rc;

    if (w->broken)
        return ldg_error_set(err, LDG_EINVAL, "the bundle writer already failed");
    rc = w->sink(w->ctx, p, n, err);
    if (rc != LDG_OK)
        w->broken = true;
    return rc;
}

static ldg_code w_puts(ldg_bundle_writer *w, const char *s, ldg_error *err)
{
    return w_put(w, s, strlen(s), err);
}

/* Writes s as a JCS string literal. */
static ldg_code w_string(ldg_bundle_writer *w, const char *s, ldg_error *err)
{
    ldg_code rc;

    ldg_buf_reset(&w->tmp);
    rc = ldg_jcs_string(&w->tmp, s, strlen(s), err);
    return rc == LDG_OK ? w_put(w, w->tmp.data, w->tmp.len, err) : rc;
}

static ldg_code w_hash(ldg_bundle_writer *w, const ldg_hash *hash, ldg_error *err)
{
    char b64[48];

    b64[0] = '"';
    ldg_hash_to_base64(b64 + 1, hash);
    b64[45] = '"';
    return w_put(w, b64, 46, err);
}

static ldg_code w_int(ldg_bundle_writer *w, uint64_t v, ldg_error *err)
{
    char num[24];

    snprintf(num, sizeof(num), "%" PRIu64, v);
    return w_puts(w, num, err);
}

static int cons_cmp(const void *a, const void *b)
{
    const ldg_bundle_consistency *x = *(const ldg_bundle_consistency *const *)a;
    const ldg_bundle_consistency *y = *(const ldg_bundle_consistency *const *)b;

    return x->size < y->size ? -1 : x->size > y->size;
}

/* Opens the note with vkey and parses its checkpoint; checks the origin. */
static ldg_code open_checkpoint(ldg_checkpoint *cp, const char *note, const char *vkey,
                                const char *tenant, ldg_error *err)
{
    ldg_verifier *v = NULL;
    size_t text_len = 0;
    char origin[LDG_KEY_NAME_MAX + TENANT_MAX + 2];
    ldg_code rc = ldg_verifier_parse(&v, vkey, err);

    if (rc == LDG_OK)
        rc = ldg_note_open(&text_len, note, strlen(note), &v, 1, err);
    if (rc == LDG_OK)
        rc = ldg_checkpoint_parse(cp, note, text_len, err);
    if (rc == LDG_OK) {
        snprintf(origin, sizeof(origin), "%s/%s", ldg_verifier_name(v), tenant);
        if (strcmp(origin, cp->origin) != 0)
            rc = ldg_error_set(err, LDG_EINVAL, "checkpoint origin \"%s\" is not \"%s\"",
                               cp->origin, origin);
    }
    ldg_verifier_free(v);
    return rc;
}

static ldg_code write_header(ldg_bundle_writer *w, const ldg_bundle_header *h,
                             ldg_error *err)
{
    const ldg_bundle_consistency **sorted = NULL;
    ldg_code rc = LDG_OK;

    if (h->nconsistency > LDG_BUNDLE_MAX_CONSISTENCY)
        return ldg_error_set(err, LDG_EINVAL, "at most %d consistency proofs per bundle",
                             LDG_BUNDLE_MAX_CONSISTENCY);
    if (h->nconsistency > 0 && !(sorted = calloc(h->nconsistency, sizeof(*sorted))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; i < h->nconsistency; i++)
        sorted[i] = &h->consistency[i];
    if (h->nconsistency > 1)
        qsort(sorted, h->nconsistency, sizeof(*sorted), cons_cmp);
    for (size_t i = 0; rc == LDG_OK && i < h->nconsistency; i++) {
        const ldg_bundle_consistency *c = sorted[i];

        if (i > 0 && c->size == sorted[i - 1]->size)
            rc = ldg_error_set(err, LDG_EINVAL,
                               "two consistency proofs from tree size %" PRIu64, c->size);
        else if (c->size == 0 || c->size > w->cp.size)
            rc = ldg_error_set(err, LDG_EINVAL,
                               "consistency proof from tree size %" PRIu64
                               ": not 1..%" PRIu64,
                               c->size, w->cp.size);
        else
            rc = ldg_merkle_verify_consistency(c->size, w->cp.size, c->proof, c->n,
                                               &c->root, &w->cp.root, err);
    }
    if (rc == LDG_OK)
        rc = w_puts(w, "{\"checkpoint\":", err);
    if (rc == LDG_OK)
        rc = w_string(w, h->checkpoint, err);
    if (rc == LDG_OK)
        rc = w_puts(w, ",\"consistency\":[", err);
    for (size_t i = 0; rc == LDG_OK && i < h->nconsistency; i++) {
        const ldg_bundle_consistency *c = sorted[i];

        /* checked above; what the verifier's check_consistency() asks again */
        assert(c->size >= 1 && c->size <= w->cp.size && c->n <= LDG_PROOF_MAX);
        assert(i == 0 || c->size > sorted[i - 1]->size);
        rc = w_puts(w, i ? ",{\"proof\":[" : "{\"proof\":[", err);
        for (size_t j = 0; rc == LDG_OK && j < c->n; j++) {
            if (j > 0)
                rc = w_puts(w, ",", err);
            if (rc == LDG_OK)
                rc = w_hash(w, &c->proof[j], err);
        }
        if (rc == LDG_OK)
            rc = w_puts(w, "],\"root\":", err);
        if (rc == LDG_OK)
            rc = w_hash(w, &c->root, err);
        if (rc == LDG_OK)
            rc = w_puts(w, ",\"size\":", err);
        if (rc == LDG_OK)
            rc = w_int(w, c->size, err);
        if (rc == LDG_OK)
            rc = w_puts(w, "}", err);
    }
    if (rc == LDG_OK)
        rc = w_puts(w, "],\"entries\":\"", err);
    free(sorted);
    return rc;
}

ldg_code ldg_bundle_writer_new(ldg_bundle_writer **out, const ldg_bundle_header *h,
                               ldg_bundle_sink sink, void *ctx, ldg_error *err)
{
    ldg_bundle_writer *w;
    scope sc;
    ldg_code rc;

    *out = NULL;
    if (!h->tenant || !ldg_bundle__tenant_ok(h->tenant)) {
        char q[LDG_QUOTE_BUFLEN];

        return ldg_error_set(err, LDG_EINVAL, "tenant name %s is malformed",
                             ldg_bundle__quote(q, h->tenant ? h->tenant : ""));
    }
    if (!h->vkey || !h->checkpoint || !h->scope)
        return ldg_error_set(err, LDG_EINVAL,
                             "a bundle needs a key, a checkpoint and a scope");
    rc = ldg_bundle__parse_scope(&sc, h->scope, err);
    if (rc != LDG_OK)
        return rc;
    if (!(w = calloc(1, sizeof(*w))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    w->sink = sink;
    w->ctx = ctx;
    rc = open_checkpoint(&w->cp, h->checkpoint, h->vkey, h->tenant, err);
    if (rc == LDG_OK && w->cp.size > (uint64_t)LDG_JCS_INT_MAX)
        rc = ldg_error_set(err, LDG_ERANGE,
                           "tree size %" PRIu64 " is beyond 2^53: it cannot be bundled",
                           w->cp.size);
    if (rc == LDG_OK)
        rc = ldg_merkle_hasher_new(&w->h, err);
    if (rc == LDG_OK &&
        (!(w->tenant = strdup(h->tenant)) || !(w->vkey = strdup(h->vkey)) ||
         !(w->scope = json_deep_copy(h->scope))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (rc == LDG_OK)
        rc = write_header(w, h, err);
    if (rc != LDG_OK) {
        ldg_bundle_writer_free(w);
        return rc;
    }
    *out = w;
    return LDG_OK;
}

/*
 * The JCS literal of an entry line into out (ldg_jcs_string's bytes). A plain line, bytes
 * 0x20..0x7e and no backslash (every usage entry of plain text), is written in one pass:
 * each byte as itself and '"' as \", which is what JCS writes for those bytes (jcs.c);
 * sizing and checking it as any string first was a third of audit bundle's CPU (issue
 * 13). Any other line goes to ldg_jcs_string, which also checks its UTF-8.
 */
static ldg_code line_literal(ldg_buf *out, const char *line, size_t len, ldg_error *err)
{
    const unsigned char *s = (const unsigned char *)line;
    ldg_code rc = ldg_buf_reserve(out, 2 * len + 2, err); /* every byte a '"' at most */
    char *d;

    if (rc != LDG_OK)
        return rc;
    d = out->data + out->len;
    *d++ = '"';
    for (size_t i = 0; i < len; i++) {
        if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '\\')
            return ldg_jcs_string(out, line, len, err); /* out->len is unchanged */
        if (s[i] == '"')
            *d++ = '\\';
        *d++ = (char)s[i];
    }
    *d++ = '"';
    out->len = (size_t)(d - out->data);
    *d = '\0';
    return LDG_OK;
}

ldg_code ldg_bundle_writer_add(ldg_bundle_writer *w, int64_t seq, const void *bytes,
                               size_t len, ldg_error *err)
{
    ldg_code rc;

    if (w->finished)
        return ldg_error_set(err, LDG_EINVAL, "the bundle is already finished");
    if (seq < 0 || (uint64_t)seq >= w->cp.size)
        return ldg_error_set(err, LDG_EINVAL,
                             "entry seq %" PRId64
                             " is not below the checkpoint's size %" PRIu64,
                             seq, w->cp.size);
    if (w->n > 0 && (uint64_t)seq <= w->idx[w->n - 1])
        return ldg_error_set(err, LDG_EINVAL,
                             "entry seq %" PRId64 " does not follow seq %" PRIu64, seq,
                             w->idx[w->n - 1]);
    if (len == 0 || len > LDG_BUNDLE_ENTRY_MAX || memchr(bytes, '\n', len))
        return ldg_error_set(err, LDG_EINVAL,
                             "entry seq %" PRId64 " is empty, too long or not one line",
                             seq);
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        uint64_t *idx = realloc(w->idx, cap * sizeof(*idx));
        ldg_hash *leaves;

        if (!idx)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        w->idx = idx;
        if (!(leaves = realloc(w->leaves, cap * sizeof(*leaves))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        w->leaves = leaves;
        w->cap = cap;
    }
    ldg_buf_reset(&w->tmp);
    rc = line_literal(&w->tmp, bytes, len, err);
    /* the literal without its quotes, then the escaped line break */
    if (rc == LDG_OK)
        rc = w_put(w, w->tmp.data + 1, w->tmp.len - 2, err);
    if (rc == LDG_OK)
        rc = w_put(w, "\\n", 2, err);
    if (rc != LDG_OK) {
        ldg_error_where(err, "entry seq %" PRId64, seq);
        return rc;
    }
    /* what the verifier's entry_header() asks of the entries it reads back */
    assert(w->n == 0 || (uint64_t)seq > w->idx[w->n - 1]);
    assert((uint64_t)seq < w->cp.size && (uint64_t)seq <= (uint64_t)LDG_JCS_INT_MAX);
    w->idx[w->n] = (uint64_t)seq;
    ldg_merkle_hasher_leaf(w->h, &w->leaves[w->n], bytes, len);
    w->n++;
    return LDG_OK;
}

typedef struct node_list {
    unsigned *level;
    uint64_t *index;
    size_t n, cap;
} node_list;

static ldg_code collect_node(void *ctx, unsigned level, uint64_t index, ldg_error *err)
{
    node_list *l = ctx;

    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        unsigned *lv = realloc(l->level, cap * sizeof(*lv));
        uint64_t *ix;

        if (!lv)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        l->level = lv;
        if (!(ix = realloc(l->index, cap * sizeof(*ix))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        l->index = ix;
        l->cap = cap;
    }
    l->level[l->n] = level;
    l->index[l->n] = index;
    l->n++;
    return LDG_OK;
}

ldg_code ldg_bundle_writer_finish(ldg_bundle_writer *w, ldg_bundle_node_reader rd,
                                  void *ctx, size_t *nodes, ldg_error *err)
{
    node_list l = { 0 };
    ldg_hash *hashes = NULL, root;
    ldg_code rc = LDG_OK;

    if (nodes)
        *nodes = 0;
    if (w->finished || w->broken)
        return ldg_error_set(err, LDG_EINVAL, "the bundle is already finished or failed");
    if (w->n == 0)
        return ldg_error_set(err, LDG_EINVAL, "the bundle covers no entry");
    w->finished = true;
    rc = ldg_bundle_proof_nodes(w->idx, w->n, w->cp.size, collect_node, &l, err);
    if (rc == LDG_OK && l.n > 0 && !(hashes = calloc(l.n, sizeof(*hashes))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < l.n; i++)
        rc = rd(ctx, l.level[i], l.index[i], &hashes[i], err);
    if (rc == LDG_OK)
        rc = ldg_bundle__proof_root(w->h, &root, w->idx, w->leaves, w->n, w->cp.size,
                                    l.level, l.index, hashes, l.n, err);
    if (rc == LDG_OK && memcmp(&root, &w->cp.root, sizeof(root)) != 0) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the bundled entries and the log's tiles do not reproduce the "
                           "checkpoint's root (tree size %" PRIu64 ")",
                           w->cp.size);
        ldg_error_hint(err, "Run 'leaseledger verify' on this tenant's log.");
    }
    if (rc == LDG_OK)
        rc = w_puts(w, "\",\"format\":\"" LDG_BUNDLE_FORMAT "\",\"nodes\":[", err);
    for (size_t i = 0; rc == LDG_OK && i < l.n; i++) {
        /* what the verifier's node_push() asks of the nodes it reads back */
        assert(l.level[i] < TREE_LEVELS && l.index[i] <= (uint64_t)LDG_JCS_INT_MAX);
        rc = w_puts(w, i ? ",[" : "[", err);
        if (rc == LDG_OK)
            rc = w_int(w, l.level[i], err);
        if (rc == LDG_OK)
            rc = w_puts(w, ",", err);
        if (rc == LDG_OK)
            rc = w_int(w, l.index[i], err);
        if (rc == LDG_OK)
            rc = w_puts(w, ",", err);
        if (rc == LDG_OK)
            rc = w_hash(w, &hashes[i], err);
        if (rc == LDG_OK)
            rc = w_puts(w, "]", err);
    }
    if (rc == LDG_OK)
        rc = w_puts(w, "],\"scope\":", err);
    if (rc == LDG_OK) {
        ldg_buf_reset(&w->tmp);
        rc = ldg_jcs_serialize(&w->tmp, w->scope, err);
        if (rc == LDG_OK)
            rc = w_put(w, w->tmp.data, w->tmp.len, err);
    }
    assert(ldg_bundle__tenant_ok(w->tenant)); /* checked in ldg_bundle_writer_new */
    if (rc == LDG_OK)
        rc = w_puts(w, ",\"tenant\":", err);
    if (rc == LDG_OK)
        rc = w_string(w, w->tenant, err);
    if (rc == LDG_OK)
        rc = w_puts(w, ",\"version\":1,\"vkey\":", err);
    if (rc == LDG_OK)
        rc = w_string(w, w->vkey, err);
    if (rc == LDG_OK)
        rc = w_puts(w, "}", err);
    if (rc == LDG_OK && nodes)
        *nodes = l.n;
    if (rc != LDG_OK)
        w->broken = true;
    free(hashes);
    free(l.level);
    free(l.index);
    return rc;
}

void ldg_bundle_writer_free(ldg_bundle_writer *w)
{
    if (!w)
        return;
    ldg_merkle_hasher_free(w->h);
    free(w->idx);
    free(w->leaves);
    free(w->tenant);
    free(w->vkey);
    json_decref(w->scope);
    ldg_buf_cleanup(&w->tmp);
    free(w);
}
