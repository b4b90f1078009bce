/*
 * Evidence bundles: writing them and verifying them offline. See bundle.h for the
 * format and docs/bundle.md for the reasoning.
 *
 * Invariant: the verifier trusts nothing in the bundle but what it checks. The key is
 * the one the user gave (or, said out loud, the bundle's own); the root is the signed
 * one; every entry's leaf is recomputed from its bytes; every invoice line is
 * recomputed by the rating code the operator bills with (rate.c, invoice.c), never
 * read from the bundle and compared with itself.
 *
 * Design. The whole bundle is one JSON object in RFC 8785 form, so Jansson parses it
 * (depth and size checked first, duplicate names refused) and a byte-for-byte
 * re-serialization proves nothing was reformatted. The entries are one JSON string of
 * newline-separated canonical entries rather than an array of objects: a million
 * Jansson objects would cost gigabytes, while one string costs its bytes, each line is
 * parsed and released in turn, and `jq -r .entries` gives the tenant the exact bytes
 * that were hashed. Dropped: base64 entries (a third larger), and per-entry inclusion
 * proofs (records x log n hashes; the multi-proof shares them).
 *
 * The multi-proof is RFC 9162's MTH recursion run over the covered leaves: a range
 * holding covered leaves recurses, a range holding none is a hash given in the bundle
 * as the complete subtrees it splits into. Writer and verifier share the recursion
 * (mp_range), one collecting the nodes it needs, the other consuming them, so the two
 * cannot disagree about order.
 */
#include "ledger/bundle.h"

#include "ledger/contract.h"
#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/invoice.h"
#include "ledger/jcs.h"
#include "ledger/keys.h"
#include "ledger/note.h"
#include "ledger/rate.h"
#include "ledger/text.h"
#include "ledger/time.h"

#include <assert.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SITES     256  /* distinct site names among a bundle's usage records */
#define MAX_DOCUMENTS 256  /* invoices and credit notes re-rated from one bundle */
#define MAX_CONTRACTS 4096 /* contract entries in one bundle */
#define TENANT_MAX    63
#define NUMBER_MAX    64
#define MSG_MAX       640
#define CONS_DOC_MAX  (1 << 20)
#define TREE_LEVELS   64

/* ---- hashing ----------------------------------------------------------------------- */

typedef struct bhash {
    EVP_MD *md;
    EVP_MD_CTX *ctx;
} bhash;

static ldg_code bhash_open(bhash *h, ldg_error *err)
{
    h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
    h->ctx = EVP_MD_CTX_new();
    if (!h->md || !h->ctx) {
        EVP_MD_free(h->md);
        EVP_MD_CTX_free(h->ctx);
        h->md = NULL;
        h->ctx = NULL;
        return ldg_error_set(err, LDG_ENOMEM, "could not set up SHA-256 (out of memory)");
    }
    return LDG_OK;
}

static void bhash_close(bhash *h)
{
    EVP_MD_CTX_free(h->ctx);
    EVP_MD_free(h->md);
    h->ctx = NULL;
    h->md = NULL;
}

/* As merkle.c: SHA-256 fails only when OpenSSL cannot allocate; a wrong hash would be
 * worse than stopping. */
static _Noreturn void hash_failed(void)
{
    fputs("leaseledger: SHA-256 failed: out of memory in OpenSSL\n", stderr);
    abort();
}

static void bhash_run(bhash *h, ldg_hash *out, uint8_t prefix, const void *a, size_t alen,
                      const void *b, size_t blen)
{
    unsigned int outlen = 0;

    if (EVP_DigestInit_ex2(h->ctx, h->md, NULL) != 1 ||
        EVP_DigestUpdate(h->ctx, &prefix, 1) != 1 ||
        (alen > 0 && EVP_DigestUpdate(h->ctx, a, alen) != 1) ||
        (blen > 0 && EVP_DigestUpdate(h->ctx, b, blen) != 1) ||
        EVP_DigestFinal_ex(h->ctx, out->b, &outlen) != 1 || outlen != LDG_HASH_LEN)
        hash_failed();
}

static void bhash_leaf(bhash *h, ldg_hash *out, const void *p, size_t n)
{
    bhash_run(h, out, 0x00, p, n, NULL, 0);
}

static void bhash_node(bhash *h, ldg_hash *out, const ldg_hash *l, const ldg_hash *r)
{
    ldg_hash tmp;

    bhash_run(h, &tmp, 0x01, l->b, LDG_HASH_LEN, r->b, LDG_HASH_LEN);
    *out = tmp;
}

/* ---- the multi-proof --------------------------------------------------------------- */

/*
 * One run of the recursion. Collecting (fn set): every needed node goes to fn, nothing
 * is hashed. Computing (h set): needed nodes are taken from level/index/nodes in order
 * and the root is hashed up from them and the leaves.
 */
typedef struct mp {
    const uint64_t *idx;
    const ldg_hash *leaves;
    ldg_bundle_node_fn fn;
    void *fnctx;
    bhash *h;
    const unsigned *level;
    const uint64_t *index;
    const ldg_hash *nodes;
    size_t nnodes, next;
    ldg_error *err;
} mp;

/* Largest power of two strictly below n, n >= 2. */
static uint64_t split_point(uint64_t n)
{
    uint64_t k = 1;

    while (k < n - k)
        k *= 2;
    return k;
}

/* First position in idx[a, b) holding a value >= v. */
static size_t lower_bound(const uint64_t *idx, size_t a, size_t b, uint64_t v)
{
    while (a < b) {
        size_t m = a + (b - a) / 2;

        if (idx[m] < v)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

static ldg_code mp_node(mp *m, ldg_hash *out, unsigned level, uint64_t index)
{
    if (m->fn)
        return m->fn(m->fnctx, level, index, m->err);
    if (m->next >= m->nnodes)
        return ldg_error_set(
            m->err, LDG_EINVAL,
            "the multi-proof ends after %zu nodes, but subtree (%u, %" PRIu64
            ") is needed next",
            m->nnodes, level, index);
    if (m->level[m->next] != level || m->index[m->next] != index)
        return ldg_error_set(m->err, LDG_EINVAL,
                             "multi-proof node %zu is subtree (%u, %" PRIu64
                             ") where subtree (%u, %" PRIu64 ") is needed",
                             m->next, m->level[m->next], m->index[m->next], level, index);
    *out = m->nodes[m->next++];
    return LDG_OK;
}

/* A range without covered leaves: its complete subtrees, largest first (the range's
 * start is aligned as every range of the recursion is), folded from the right. */
static ldg_code mp_uncovered(mp *m, ldg_hash *out, uint64_t lo, uint64_t n)
{
    ldg_hash part[TREE_LEVELS];
    unsigned cnt = 0;
    uint64_t start = lo;

    for (int b = TREE_LEVELS - 1; b >= 0; b--) {
        uint64_t bit = UINT64_C(1) << b;
        ldg_code rc;

        if (!(n & bit))
            continue;
        rc = mp_node(m, &part[cnt++], (unsigned)b, start >> b);
        if (rc != LDG_OK)
            return rc;
        start += bit;
    }
    if (m->h) {
        ldg_hash acc = part[cnt - 1];

        for (unsigned i = cnt - 1; i-- > 0;)
            bhash_node(m->h, &acc, &part[i], &acc);
        *out = acc;
    }
    return LDG_OK;
}

/* MTH of leaves [lo, lo + n), whose covered leaves are idx[a, b). Depth <= 64. */
static ldg_code mp_range(mp *m, ldg_hash *out, uint64_t lo, uint64_t n, size_t a,
                         size_t b)
{
    ldg_hash left, right;
    uint64_t k;
    size_t mid;
    ldg_code rc;

    if (a == b)
        return mp_uncovered(m, out, lo, n);
    if (n == 1) {
        if (m->h)
            *out = m->leaves[a];
        return LDG_OK;
    }
    k = split_point(n);
    mid = lower_bound(m->idx, a, b, lo + k);
    rc = mp_range(m, &left, lo, k, a, mid);
    if (rc == LDG_OK)
        rc = mp_range(m, &right, lo + k, n - k, mid, b);
    if (rc == LDG_OK && m->h)
        bhash_node(m->h, out, &left, &right);
    return rc;
}

static ldg_code check_indices(const uint64_t *idx, size_t n, uint64_t size,
                              ldg_error *err)
{
    if (n == 0)
        return ldg_error_set(err, LDG_EINVAL, "a multi-proof needs at least one leaf");
    if (size > LDG_TREE_SIZE_MAX)
        return ldg_error_set(err, LDG_ERANGE,
                             "tree size %" PRIu64 " exceeds the maximum %" PRIu64, size,
                             LDG_TREE_SIZE_MAX);
    for (size_t i = 0; i < n; i++) {
        if (idx[i] >= size)
            return ldg_error_set(err, LDG_EINVAL,
                                 "leaf %" PRIu64 " is not below tree size %" PRIu64,
                                 idx[i], size);
        if (i > 0 && idx[i] <= idx[i - 1])
            return ldg_error_set(err, LDG_EINVAL,
                                 "leaves are not strictly ascending at %" PRIu64, idx[i]);
    }
    return LDG_OK;
}

ldg_code ldg_bundle_proof_nodes(const uint64_t *idx, size_t n, uint64_t size,
                                ldg_bundle_node_fn fn, void *ctx, ldg_error *err)
{
    mp m = { .idx = idx, .fn = fn, .fnctx = ctx, .err = err };
    ldg_hash unused;
    ldg_code rc = check_indices(idx, n, size, err);

    if (rc != LDG_OK)
        return rc;
    return mp_range(&m, &unused, 0, size, 0, n);
}

static ldg_code proof_root(bhash *h, ldg_hash *out, const uint64_t *idx,
                           const ldg_hash *leaves, size_t n, uint64_t size,
                           const unsigned *level, const uint64_t *index,
                           const ldg_hash *nodes, size_t nnodes, ldg_error *err)
{
    mp m = { .idx = idx,
             .leaves = leaves,
             .h = h,
             .level = level,
             .index = index,
             .nodes = nodes,
             .nnodes = nnodes,
             .err = err };
    ldg_code rc = check_indices(idx, n, size, err);

    if (rc == LDG_OK)
        rc = mp_range(&m, out, 0, size, 0, n);
    if (rc == LDG_OK && m.next != nnodes)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the multi-proof has %zu nodes where %zu are needed", nnodes,
                           m.next);
    return rc;
}

ldg_code ldg_bundle_proof_root(ldg_hash *out, const uint64_t *idx, const ldg_hash *leaves,
                               size_t n, uint64_t size, const unsigned *level,
                               const uint64_t *index, const ldg_hash *nodes,
                               size_t nnodes, ldg_error *err)
{
    bhash h;
    ldg_code rc = bhash_open(&h, err);

    if (rc != LDG_OK)
        return rc;
    rc = proof_root(&h, out, idx, leaves, n, size, level, index, nodes, nnodes, err);
    bhash_close(&h);
    return rc;
}

/* ---- shared checks ----------------------------------------------------------------- */

static bool tenant_ok(const char *t)
{
    size_t n = strlen(t);

    if (n == 0 || n > TENANT_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        bool alnum =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* Hostile text quoted for a message (text.h): printable, escaped, cut. */
static const char *quote(char out[LDG_QUOTE_BUFLEN], const char *s)
{
    return ldg_text_quote(out, s, strlen(s));
}

/* Control bytes in a message made of other libraries' text become '?'. */
static void scrub(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
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

/* The scope, parsed. */
typedef struct scope {
    const char *invoice; /* borrowed from the JSON */
    ldg_time from, to;
    const char *meter;
} scope;

static ldg_code parse_scope(scope *out, const json_t *s, ldg_error *err)
{
    const char *key;
    const json_t *v;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(s))
        return ldg_error_set(err, LDG_EINVAL, "scope is not an object");
    json_object_foreach((json_t *)(uintptr_t)s, key, v)
    {
        char q[LDG_QUOTE_BUFLEN];

        if (strcmp(key, "invoice") != 0 && strcmp(key, "from") != 0 &&
            strcmp(key, "to") != 0 && strcmp(key, "meter") != 0)
            return ldg_error_set(err, LDG_EINVAL, "scope has an unknown member %s",
                                 quote(q, key));
        if (!json_is_string(v))
            return ldg_error_set(err, LDG_EINVAL, "scope member \"%s\" is not a string",
                                 key);
    }
    v = json_object_get(s, "invoice");
    if (v) {
        size_t n = json_string_length(v);

        if (json_object_size(s) != 1)
            return ldg_error_set(err, LDG_EINVAL,
                                 "scope names an invoice and something else");
        if (n == 0 || n > NUMBER_MAX || strlen(json_string_value(v)) != n)
            return ldg_error_set(err, LDG_EINVAL, "scope's invoice number is malformed");
        out->invoice = json_string_value(v);
        return LDG_OK;
    }
    if (!json_object_get(s, "from") || !json_object_get(s, "to"))
        return ldg_error_set(err, LDG_EINVAL,
                             "scope names neither an invoice nor a range (from, to)");
    if (ldg_time_parse_str(&out->from, json_string_value(json_object_get(s, "from")),
                           err) != LDG_OK ||
        ldg_time_parse_str(&out->to, json_string_value(json_object_get(s, "to")), err) !=
            LDG_OK) {
        ldg_error_where(err, "scope");
        return LDG_EINVAL;
    }
    if (out->from >= out->to)
        return ldg_error_set(err, LDG_EINVAL, "scope's range is empty (from >= to)");
    v = json_object_get(s, "meter");
    if (v) {
        if (json_string_length(v) == 0 ||
            strlen(json_string_value(v)) != json_string_length(v))
            return ldg_error_set(err, LDG_EINVAL, "scope's meter is malformed");
        out->meter = json_string_value(v);
    }
    return LDG_OK;
}

/* ---- writing ----------------------------------------------------------------------- */

struct ldg_bundle_writer {
    ldg_bundle_sink sink;
    void *ctx;
    ldg_checkpoint cp;
    bhash h;
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
    if (!h->tenant || !tenant_ok(h->tenant)) {
        char q[LDG_QUOTE_BUFLEN];

        return ldg_error_set(err, LDG_EINVAL, "tenant name %s is malformed",
                             quote(q, h->tenant ? h->tenant : ""));
    }
    if (!h->vkey || !h->checkpoint || !h->scope)
        return ldg_error_set(err, LDG_EINVAL,
                             "a bundle needs a key, a checkpoint and a scope");
    rc = parse_scope(&sc, h->scope, err);
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
        rc = bhash_open(&w->h, err);
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
    rc = ldg_jcs_string(&w->tmp, bytes, len, err);
    /* the literal without its quotes, then the escaped line break */
    if (rc == LDG_OK)
        rc = w_put(w, w->tmp.data + 1, w->tmp.len - 2, err);
    if (rc == LDG_OK)
        rc = w_put(w, "\\n", 2, err);
    if (rc != LDG_OK) {
        ldg_error_where(err, "entry seq %" PRId64, seq);
        return rc;
    }
    w->idx[w->n] = (uint64_t)seq;
    bhash_leaf(&w->h, &w->leaves[w->n], bytes, len);
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
        rc = proof_root(&w->h, &root, w->idx, w->leaves, w->n, w->cp.size, l.level,
                        l.index, hashes, l.n, err);
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
    bhash_close(&w->h);
    free(w->idx);
    free(w->leaves);
    free(w->tenant);
    free(w->vkey);
    json_decref(w->scope);
    ldg_buf_cleanup(&w->tmp);
    free(w);
}

/* ---- reading: hostile input ---------------------------------------------------------
 */

/* Nesting depth of JSON text, counting brackets outside strings; stops past max. Runs
 * before Jansson sees the text, so no input can make the parser recurse deeply. */
static int nesting_depth(const char *p, size_t n, int max)
{
    int depth = 0, deepest = 0;
    bool in_str = false;

    for (size_t i = 0; i < n; i++) {
        char c = p[i];

        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > max)
                return deepest;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return deepest;
}

/* Every number in v is an integer of magnitude <= 2^53. */
static ldg_code check_numbers(const json_t *v, const char *what, ldg_error *err)
{
    if (json_is_real(v))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s holds a fractional number: only integers are allowed",
                             what);
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);

        if (i > LDG_JCS_INT_MAX || i < -LDG_JCS_INT_MAX)
            return ldg_error_set(
                err, LDG_EINVAL,
                "%s holds the integer %" JSON_INTEGER_FORMAT ", beyond 2^53", what, i);
    }
    if (json_is_array(v)) {
        size_t i;
        const json_t *e;

        json_array_foreach((json_t *)(uintptr_t)v, i, e)
        {
            ldg_code rc = check_numbers(e, what, err);
            if (rc != LDG_OK)
                return rc;
        }
    }
    if (json_is_object(v)) {
        const char *k;
        const json_t *e;

        json_object_foreach((json_t *)(uintptr_t)v, k, e)
        {
            ldg_code rc = check_numbers(e, what, err);
            if (rc != LDG_OK)
                return rc;
        }
    }
    return LDG_OK;
}

static json_t *parse_json(const char *p, size_t n, int max_depth, const char *what,
                          ldg_error *err)
{
    json_error_t je;
    json_t *j;
    int depth = nesting_depth(p, n, max_depth);

    if (depth > max_depth) {
        ldg_error_set(err, LDG_EINVAL, "%s nests deeper than %d levels", what, max_depth);
        return NULL;
    }
    j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        scrub(je.text); /* Jansson quotes the offending input */
        ldg_error_set(err, LDG_EINVAL, "%s is not valid JSON: %s (at byte %d)", what,
                      je.text, je.position);
    }
    return j;
}

/* ---- verifying --------------------------------------------------------------------- */

typedef struct usage_item {
    int64_t seq;
    ldg_time start, end;
    int64_t qty;
    uint16_t site; /* index into sites */
    int8_t kind;   /* ldg_record_kind */
    int8_t cls;    /* ldg_record_class */
} usage_item;

typedef enum doc_kind { DOC_CONTRACT, DOC_INVOICE, DOC_CREDIT_NOTE } doc_kind;

typedef struct doc_item {
    int64_t seq;
    doc_kind kind;
    json_t *entry;    /* the parsed entry; data borrowed from it */
    ldg_invoice *inv; /* invoices and credit notes that parsed */
} doc_item;

typedef struct cons_item {
    uint64_t size;
    ldg_hash root;
    bool ok;
} cons_item;

typedef struct vctx {
    const ldg_bundle_verify_opts *o;
    ldg_bundle_summary *sum;
    ldg_error *err;
    bhash h;
    const char *tenant;
    ldg_verifier *key; /* the trusted key */
    ldg_checkpoint cp;
    bool proof_possible; /* every seq below the checkpoint size */
    scope sc;
    uint64_t *idx;
    ldg_hash *leaves;
    size_t n, cap, capl;
    size_t foreign; /* entries naming another tenant */
    usage_item *usage;
    size_t nu, capu;
    doc_item *docs;
    size_t nd, capd;
    char *sites[MAX_SITES];
    size_t nsites, last_site;
    size_t ndocuments, ncontracts, nlines;
    const char *family; /* invoice scope: the original's number, see family_of() */
    cons_item cons[LDG_BUNDLE_MAX_CONSISTENCY];
    size_t ncons;
    ldg_buf tmp;
} vctx;

static void say(vctx *v, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(vctx *v, int ok, const char *fmt, ...)
{
    char msg[MSG_MAX];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    scrub(msg);
    if (!ok)
        v->sum->failures++;
    if (v->o->report)
        v->o->report(v->o->ctx, ok, msg);
}

static const char *const members[] = { "checkpoint", "consistency", "entries",
                                       "format",     "nodes",       "scope",
                                       "tenant",     "version",     "vkey" };
#define NMEMBERS (sizeof(members) / sizeof(members[0]))

static ldg_code check_members(const json_t *b, ldg_error *err)
{
    const char *key;
    const json_t *val;

    if (!json_is_object(b))
        return ldg_error_set(err, LDG_EINVAL, "bundle is not a JSON object");
    json_object_foreach((json_t *)(uintptr_t)b, key, val)
    {
        char q[LDG_QUOTE_BUFLEN];
        size_t i;

        for (i = 0; i < NMEMBERS && strcmp(key, members[i]) != 0; i++)
            ;
        if (i == NMEMBERS)
            return ldg_error_set(err, LDG_EINVAL, "bundle has an unknown member %s",
                                 quote(q, key));
    }
    for (size_t i = 0; i < NMEMBERS; i++)
        if (!json_object_get(b, members[i]))
            return ldg_error_set(err, LDG_EINVAL, "bundle lacks the member \"%s\"",
                                 members[i]);
    if (!json_is_string(json_object_get(b, "format")) ||
        strcmp(json_string_value(json_object_get(b, "format")), LDG_BUNDLE_FORMAT) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "not an evidence bundle: format is not \"%s\"",
                             LDG_BUNDLE_FORMAT);
    val = json_object_get(b, "version");
    if (!json_is_integer(val) || json_integer_value(val) != LDG_BUNDLE_VERSION)
        return ldg_error_set(
            err, LDG_EINVAL,
            "unsupported bundle version (this verifier reads version %d)",
            LDG_BUNDLE_VERSION);
    if (!json_is_string(json_object_get(b, "checkpoint")) ||
        !json_is_string(json_object_get(b, "entries")) ||
        !json_is_string(json_object_get(b, "tenant")) ||
        !json_is_string(json_object_get(b, "vkey")))
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle members checkpoint, entries, tenant and vkey must be"
                             " strings");
    if (!json_is_array(json_object_get(b, "consistency")) ||
        !json_is_array(json_object_get(b, "nodes")))
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle members consistency and nodes must be arrays");
    return LDG_OK;
}

/* Compares want[0..n) with the input at *pos; advances. */
static ldg_code expect_bytes(const char *data, size_t len, size_t *pos, const char *want,
                             size_t n, ldg_error *err)
{
    size_t i;

    for (i = 0; i < n && *pos + i < len && data[*pos + i] == want[i]; i++)
        ;
    if (i < n)
        return ldg_error_set(
            err, LDG_EINVAL,
            "bundle is not in canonical form (RFC 8785): it differs at byte"
            " %zu",
            *pos + i);
    *pos += n;
    return LDG_OK;
}

/*
 * The input must be the RFC 8785 serialization of what it parsed to. Member by member,
 * and the entries string line by line, so no second copy of a large bundle is made.
 */
static ldg_code check_canonical(const char *data, size_t len, const json_t *b,
                                ldg_buf *tmp, ldg_error *err)
{
    size_t pos = 0;
    ldg_code rc = expect_bytes(data, len, &pos, "{", 1, err);

    for (size_t i = 0; rc == LDG_OK && i < NMEMBERS; i++) {
        const json_t *val = json_object_get(b, members[i]);

        ldg_buf_reset(tmp);
        if (i > 0)
            rc = ldg_buf_putc(tmp, ',', err);
        if (rc == LDG_OK)
            rc = ldg_jcs_string(tmp, members[i], strlen(members[i]), err);
        if (rc == LDG_OK)
            rc = ldg_buf_putc(tmp, ':', err);
        if (rc == LDG_OK && strcmp(members[i], "entries") != 0)
            rc = ldg_jcs_serialize(tmp, val, err);
        if (rc == LDG_OK)
            rc = expect_bytes(data, len, &pos, tmp->data, tmp->len, err);
        if (rc == LDG_OK && strcmp(members[i], "entries") == 0) {
            const char *s = json_string_value(val);
            size_t n = json_string_length(val), start = 0;

            rc = expect_bytes(data, len, &pos, "\"", 1, err);
            while (rc == LDG_OK && start < n) {
                const char *nl = memchr(s + start, '\n', n - start);
                size_t end = nl ? (size_t)(nl - s) : n;

                ldg_buf_reset(tmp);
                rc = ldg_jcs_string(tmp, s + start, end - start, err);
                if (rc == LDG_OK)
                    rc = expect_bytes(data, len, &pos, tmp->data + 1, tmp->len - 2, err);
                if (rc == LDG_OK && nl)
                    rc = expect_bytes(data, len, &pos, "\\n", 2, err);
                start = end + 1;
            }
            if (rc == LDG_OK)
                rc = expect_bytes(data, len, &pos, "\"", 1, err);
        }
    }
    if (rc == LDG_OK)
        rc = expect_bytes(data, len, &pos, "}", 1, err);
    if (rc == LDG_OK && pos != len)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "bundle is not in canonical form (RFC 8785): %zu bytes follow it", len - pos);
    return rc;
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
                say(v, 1, "the bundle's key is the given key %s", fmt_given);
            else
                say(v, 0, "the bundle's key %s is not the given key %s", fmt_own,
                    fmt_given);
        }
        ldg_verifier_free(own);
    } else if (rc == LDG_OK) {
        v->key = own;
        v->sum->used_bundle_key = 1;
        say(v, 1,
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
        say(v, 1, "checkpoint (tree size %" PRIu64 ") is signed by %s", v->cp.size,
            ldg_verifier_name(v->key));
    else
        say(v, 0, "checkpoint signature: %s", e.message);
    snprintf(want_origin, sizeof(want_origin), "%s/%s", ldg_verifier_name(v->key),
             v->tenant);
    if (strcmp(v->cp.origin, want_origin) == 0)
        say(v, 1, "checkpoint origin \"%s\" names tenant \"%s\"", v->cp.origin,
            v->tenant);
    else
        say(v, 0,
            "checkpoint origin \"%s\" is not \"%s\": this is not tenant \"%s\"'s log",
            v->cp.origin, want_origin, v->tenant);
    return LDG_OK;
}

static ldg_code grow(void **p, size_t *cap, size_t n, size_t elem, ldg_error *err)
{
    size_t c;
    void *q;

    if (n < *cap)
        return LDG_OK;
    c = *cap ? *cap * 2 : 256;
    if (c > SIZE_MAX / elem || !(q = realloc(*p, c * elem)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    *p = q;
    *cap = c;
    return LDG_OK;
}

static const char *str_member(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)
               ? json_string_value(v)
               : NULL;
}

static ldg_code site_index(uint16_t *out, vctx *v, const char *site)
{
    size_t i;

    /* the records of one bundle are nearly always of one site */
    if (v->last_site < v->nsites && strcmp(v->sites[v->last_site], site) == 0) {
        *out = (uint16_t)v->last_site;
        return LDG_OK;
    }
    for (i = 0; i < v->nsites; i++)
        if (strcmp(v->sites[i], site) == 0) {
            v->last_site = i;
            *out = (uint16_t)i;
            return LDG_OK;
        }
    if (v->nsites == MAX_SITES)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "bundle's usage names more than %d sites", MAX_SITES);
    if (!(v->sites[i] = strdup(site)))
        return ldg_error_set(v->err, LDG_ENOMEM, "out of memory");
    v->nsites++;
    v->last_site = i;
    *out = (uint16_t)i;
    return LDG_OK;
}

static ldg_code store_usage(vctx *v, int64_t seq, const ldg_record *rec);

/* A usage entry: its data parsed, and its bytes rebuilt by the encoder ingest uses,
 * which must give exactly the line (so the line is canonical and well-formed). */
static ldg_code take_usage(vctx *v, const json_t *entry, int64_t seq, const char *line,
                           size_t len)
{
    const json_t *data = json_object_get(entry, "data");
    const char *kind = str_member(data, "kind"), *cls = str_member(data, "class");
    const char *q = str_member(data, "quantity"), *s = str_member(data, "start");
    const char *e = str_member(data, "end");
    ldg_record r = { .tenant = str_member(entry, "tenant"),
                     .site = str_member(data, "site"),
                     .meter = str_member(data, "meter"),
                     .event_id = str_member(data, "event_id"),
                     .corrects = str_member(data, "corrects") };
    ldg_code rc;

    if (!json_is_object(data) || !kind || !q || !s || !e || !r.site || !r.meter ||
        !r.event_id || (json_object_get(data, "class") && !cls) ||
        (json_object_get(data, "corrects") && !r.corrects))
        return ldg_error_set(v->err, LDG_EINVAL,
                             "usage entry seq %" PRId64 " is malformed", seq);
    r.kind = ldg_kind_parse(kind, strlen(kind));
    r.cls = cls ? ldg_class_parse(cls, strlen(cls)) : LDG_CLASS_NONE;
    if (r.kind == 0 || (cls && r.cls == LDG_CLASS_NONE) ||
        (r.kind == LDG_KIND_ENERGY) != (r.cls == LDG_CLASS_NONE))
        return ldg_error_set(v->err, LDG_EINVAL,
                             "usage entry seq %" PRId64 " has a wrong kind or class",
                             seq);
    rc = ldg_fixed_parse_str(&r.qty_micros, q, v->err);
    if (rc == LDG_OK)
        rc = ldg_time_parse_str(&r.start, s, v->err);
    if (rc == LDG_OK)
        rc = ldg_time_parse_str(&r.end, e, v->err);
    if (rc == LDG_OK && r.end <= r.start)
        rc = ldg_error_set(v->err, LDG_EINVAL, "usage entry ends at or before its start");
    if (rc == LDG_OK) {
        ldg_buf_reset(&v->tmp);
        rc = ldg_entry_record_bytes(&v->tmp, &r, seq, v->err);
    }
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(
            v->err, LDG_EINVAL,
            "usage entry is not in canonical form (RFC 8785) or has members a"
            " usage entry does not have");
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
        return rc;
    }
    return store_usage(v, seq, &r);
}

/* Keeps what rating needs of a usage record whose line was found canonical. */
static ldg_code store_usage(vctx *v, int64_t seq, const ldg_record *rec)
{
    ldg_record r = *rec;
    usage_item *u;
    ldg_code rc;

    if (v->sc.meter && (strcmp(r.meter, v->sc.meter) != 0)) {
        char q1[LDG_QUOTE_BUFLEN], q2[LDG_QUOTE_BUFLEN];

        say(v, 0,
            "usage seq %" PRId64 " is of meter %s, outside the bundle's scope (meter %s)",
            seq, quote(q1, r.meter), quote(q2, v->sc.meter));
    }
    if (!v->sc.invoice && (r.end <= v->sc.from || r.start >= v->sc.to))
        say(v, 0, "usage seq %" PRId64 " lies outside the bundle's scope (time range)",
            seq);
    rc = grow((void **)&v->usage, &v->capu, v->nu, sizeof(*v->usage), v->err);
    if (rc != LDG_OK)
        return rc;
    u = &v->usage[v->nu];
    u->seq = seq;
    u->start = r.start;
    u->end = r.end;
    u->qty = r.qty_micros;
    u->kind = (int8_t)r.kind;
    u->cls = (int8_t)r.cls;
    rc = site_index(&u->site, v, r.site);
    if (rc == LDG_OK)
        v->nu++;
    return rc;
}

/* Any other entry: canonical by re-serialization; kept for rating. Takes entry. */
static ldg_code take_doc(vctx *v, json_t *entry, int64_t seq, doc_kind kind,
                         const char *line, size_t len)
{
    const json_t *data = json_object_get(entry, "data");
    ldg_code rc;

    ldg_buf_reset(&v->tmp);
    if (!json_is_object(data)) {
        json_decref(entry);
        return ldg_error_set(v->err, LDG_EINVAL,
                             "entry seq %" PRId64 ": data is not an object", seq);
    }
    rc = ldg_jcs_serialize(&v->tmp, entry, v->err);
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "entry is not in canonical form (RFC 8785)");
    /* each document is re-rated over every usage record: bound the work */
    if (rc == LDG_OK && kind == DOC_CONTRACT && ++v->ncontracts > MAX_CONTRACTS)
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle holds more than %d contract entries", MAX_CONTRACTS);
    if (rc == LDG_OK && kind != DOC_CONTRACT && ++v->ndocuments > MAX_DOCUMENTS)
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle holds more than %d invoices and credit notes",
                           MAX_DOCUMENTS);
    if (rc == LDG_OK && kind != DOC_CONTRACT &&
        (v->nlines += json_array_size(json_object_get(data, "lines"))) >
            LDG_BUNDLE_MAX_LINES)
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle's invoices and credit notes hold more than %d lines,"
                           " the verifier's limit",
                           LDG_BUNDLE_MAX_LINES);
    if (rc == LDG_OK)
        rc = grow((void **)&v->docs, &v->capd, v->nd, sizeof(*v->docs), v->err);
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
        json_decref(entry);
        return rc;
    }
    v->docs[v->nd].seq = seq;
    v->docs[v->nd].kind = kind;
    v->docs[v->nd].entry = entry;
    v->docs[v->nd].inv = NULL;
    v->nd++;
    return LDG_OK;
}

/* A key rotation or a reconciliation acknowledgement: in a bundle only because a
 * document's basis covers its seq. Canonical by re-serialization; not interpreted. */
static ldg_code take_leaf_only(vctx *v, const json_t *entry, int64_t seq, const char *line,
                               size_t len)
{
    ldg_code rc;

    ldg_buf_reset(&v->tmp);
    if (!json_is_object(json_object_get(entry, "data")))
        rc = ldg_error_set(v->err, LDG_EINVAL, "data is not an object");
    else
        rc = ldg_jcs_serialize(&v->tmp, entry, v->err);
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(v->err, LDG_EINVAL, "entry is not in canonical form (RFC 8785)");
    if (rc != LDG_OK)
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
    return rc;
}

/*
 * The fast path for usage lines, which are nearly all of a large bundle: the fields are
 * read straight from the canonical layout the usage encoder writes (entry.h), and the
 * line is accepted only when that encoder, given those fields, writes it again byte for
 * byte (canonical bytes encode one value only, so a full JSON parse would have found the
 * same fields). Anything else (an escape in a string, another layout, a bad field) goes
 * to the full parse, which alone decides what is wrong.
 */
typedef struct fast_fields {
    char cls[16], corrects[256], end[32], event_id[256], kind[16], meter[256], qty[40];
    char site[256], start[32], unit[16], tenant[TENANT_MAX + 8];
} fast_fields;

static bool fast_lit(const char **p, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A string without escapes or control bytes, through its closing quote. */
static bool fast_str(const char **p, const char *end, char *out, size_t cap)
{
    size_t n = 0;

    for (const char *q = *p; q < end && n + 1 < cap; q++) {
        if (*q == '"') {
            out[n] = '\0';
            *p = q + 1;
            return true;
        }
        if (*q == '\\' || (unsigned char)*q < 0x20)
            return false;
        out[n++] = *q;
    }
    return false;
}

static bool fast_usage(vctx *v, const char *line, size_t len, int64_t *seq, ldg_record *r,
                       fast_fields *f)
{
    const char *p = line, *end = line + len;
    int64_t s = 0;
    int digits = 0;

    memset(r, 0, sizeof(*r));
    if (!fast_lit(&p, end, "{\"data\":{"))
        return false;
    if (fast_lit(&p, end, "\"class\":\"") &&
        (!fast_str(&p, end, f->cls, sizeof(f->cls)) || !fast_lit(&p, end, ",") ||
         (r->cls = ldg_class_parse(f->cls, strlen(f->cls))) == LDG_CLASS_NONE))
        return false;
    if (fast_lit(&p, end, "\"corrects\":\"")) {
        if (!fast_str(&p, end, f->corrects, sizeof(f->corrects)) ||
            !fast_lit(&p, end, ","))
            return false;
        r->corrects = f->corrects;
    }
    if (!fast_lit(&p, end, "\"end\":\"") || !fast_str(&p, end, f->end, sizeof(f->end)) ||
        !fast_lit(&p, end, ",\"event_id\":\"") ||
        !fast_str(&p, end, f->event_id, sizeof(f->event_id)) ||
        !fast_lit(&p, end, ",\"kind\":\"") ||
        !fast_str(&p, end, f->kind, sizeof(f->kind)) ||
        !fast_lit(&p, end, ",\"meter\":\"") ||
        !fast_str(&p, end, f->meter, sizeof(f->meter)) ||
        !fast_lit(&p, end, ",\"quantity\":\"") ||
        !fast_str(&p, end, f->qty, sizeof(f->qty)) ||
        !fast_lit(&p, end, ",\"site\":\"") ||
        !fast_str(&p, end, f->site, sizeof(f->site)) ||
        !fast_lit(&p, end, ",\"start\":\"") ||
        !fast_str(&p, end, f->start, sizeof(f->start)) ||
        !fast_lit(&p, end, ",\"unit\":\"") ||
        !fast_str(&p, end, f->unit, sizeof(f->unit)) ||
        !fast_lit(&p, end, "},\"kind\":\"usage\",\"seq\":"))
        return false;
    for (; p < end && *p >= '0' && *p <= '9' && digits < 16; p++, digits++)
        s = s * 10 + (*p - '0');
    if (digits == 0 || s > LDG_JCS_INT_MAX || !fast_lit(&p, end, ",\"tenant\":\"") ||
        !fast_str(&p, end, f->tenant, sizeof(f->tenant)) ||
        !fast_lit(&p, end, ",\"v\":1}") || p != end)
        return false;
    r->kind = ldg_kind_parse(f->kind, strlen(f->kind));
    if (r->kind == 0 || (r->kind == LDG_KIND_ENERGY) != (r->cls == LDG_CLASS_NONE) ||
        ldg_fixed_parse_str(&r->qty_micros, f->qty, NULL) != LDG_OK ||
        ldg_time_parse_str(&r->start, f->start, NULL) != LDG_OK ||
        ldg_time_parse_str(&r->end, f->end, NULL) != LDG_OK || r->end <= r->start)
        return false;
    r->tenant = f->tenant;
    r->site = f->site;
    r->meter = f->meter;
    r->event_id = f->event_id;
    ldg_buf_reset(&v->tmp);
    if (ldg_entry_record_bytes(&v->tmp, r, s, NULL) != LDG_OK || v->tmp.len != len ||
        memcmp(v->tmp.data, line, len) != 0)
        return false;
    *seq = s;
    return true;
}

/* What every entry must satisfy whatever its kind: seq ascending, the bundle's tenant,
 * below the tree size. Makes room for its leaf. */
static ldg_code entry_header(vctx *v, int64_t seq, const char *tenant, size_t lineno)
{
    ldg_code rc;

    if (v->n == LDG_BUNDLE_MAX_ENTRIES)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "bundle holds more than %zu entries, the verifier's limit",
                             LDG_BUNDLE_MAX_ENTRIES);
    if (v->n > 0 && (uint64_t)seq <= v->idx[v->n - 1])
        return ldg_error_set(v->err, LDG_EINVAL,
                             "entries are not in strictly ascending seq order at line %zu"
                             " (seq %" PRId64 ")",
                             lineno, seq);
    if (strcmp(tenant, v->tenant) != 0 && ++v->foreign) {
        char q[LDG_QUOTE_BUFLEN];

        say(v, 0, "entry seq %" PRId64 " names tenant %s, not \"%s\"", seq,
            quote(q, tenant), v->tenant);
    }
    if ((uint64_t)seq >= v->cp.size && v->proof_possible) {
        v->proof_possible = false;
        say(v, 0,
            "entry seq %" PRId64 " is not below the checkpoint's tree size %" PRIu64, seq,
            v->cp.size);
    }
    rc = grow((void **)&v->idx, &v->cap, v->n, sizeof(*v->idx), v->err);
    if (rc == LDG_OK)
        rc = grow((void **)&v->leaves, &v->capl, v->n, sizeof(*v->leaves), v->err);
    return rc;
}

static void add_leaf(vctx *v, int64_t seq, const char *line, size_t len)
{
    v->idx[v->n] = (uint64_t)seq;
    bhash_leaf(&v->h, &v->leaves[v->n], line, len);
    v->n++;
}

static ldg_code take_entry(vctx *v, const char *line, size_t len, size_t lineno)
{
    json_t *entry;
    const json_t *jv, *jseq;
    const char *kind, *tenant;
    int64_t seq;
    ldg_code rc;

    if (len == 0 || len > LDG_BUNDLE_ENTRY_MAX)
        return ldg_error_set(v->err, LDG_EINVAL, "entry line %zu is empty or too long",
                             lineno);
    {
        fast_fields f;
        ldg_record r;

        if (fast_usage(v, line, len, &seq, &r, &f)) {
            rc = entry_header(v, seq, f.tenant, lineno);
            if (rc == LDG_OK)
                rc = store_usage(v, seq, &r);
            if (rc == LDG_OK)
                add_leaf(v, seq, line, len);
            return rc;
        }
    }
    entry = parse_json(line, len, LDG_BUNDLE_ENTRY_MAX_DEPTH, "entry", v->err);
    if (!entry) {
        ldg_error_where(v->err, "entry line %zu", lineno);
        return LDG_EINVAL;
    }
    jv = json_object_get(entry, "v");
    jseq = json_object_get(entry, "seq");
    kind = str_member(entry, "kind");
    tenant = str_member(entry, "tenant");
    if (!json_is_object(entry) || json_object_size(entry) != 5 || !json_is_integer(jv) ||
        json_integer_value(jv) != 1 || !json_is_integer(jseq) || !kind || !tenant ||
        !json_object_get(entry, "data") || json_integer_value(jseq) < 0 ||
        json_integer_value(jseq) > LDG_JCS_INT_MAX) {
        json_decref(entry);
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "entry line %zu is not a log entry {\"v\":1,\"tenant\",\"seq\","
            "\"kind\",\"data\"}",
            lineno);
    }
    seq = (int64_t)json_integer_value(jseq);
    rc = entry_header(v, seq, tenant, lineno);
    if (rc != LDG_OK) {
        json_decref(entry);
        return rc;
    }
    if (strcmp(kind, "usage") == 0) {
        rc = take_usage(v, entry, seq, line, len);
        json_decref(entry);
    } else if (strcmp(kind, "contract") == 0) {
        rc = take_doc(v, entry, seq, DOC_CONTRACT, line, len);
    } else if (strcmp(kind, "invoice") == 0 || strcmp(kind, "credit_note") == 0) {
        rc = take_doc(v, entry, seq, kind[0] == 'i' ? DOC_INVOICE : DOC_CREDIT_NOTE, line,
                      len);
    } else if (strcmp(kind, "key") == 0 || strcmp(kind, "ack") == 0) {
        rc = take_leaf_only(v, entry, seq, line, len);
        json_decref(entry);
    } else {
        char q[LDG_QUOTE_BUFLEN];

        rc =
            ldg_error_set(v->err, LDG_EINVAL,
                          "entry seq %" PRId64 " has kind %s, which bundles do not carry",
                          seq, quote(q, kind));
        json_decref(entry);
    }
    if (rc != LDG_OK)
        return rc;
    add_leaf(v, seq, line, len);
    return LDG_OK;
}

static ldg_code take_entries(vctx *v, const json_t *b)
{
    const json_t *e = json_object_get(b, "entries");
    const char *s = json_string_value(e);
    size_t n = json_string_length(e), start = 0, lineno = 0;
    ldg_code rc = LDG_OK;

    if (n == 0 || s[n - 1] != '\n')
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "bundle's entries are empty or do not end with a line break");
    while (rc == LDG_OK && start < n) {
        const char *nl = memchr(s + start, '\n', n - start);
        size_t end = (size_t)(nl - s); /* the last line ends in '\n' */

        rc = take_entry(v, s + start, end - start, ++lineno);
        start = end + 1;
    }
    if (rc != LDG_OK)
        return rc;
    v->sum->entries = (int64_t)v->n;
    v->sum->usage = (int64_t)v->nu;
    return LDG_OK;
}

/*
 * Where the entries string's content lies: [*a, *b) of p. The members before it are
 * the checkpoint (a string) and the consistency proofs (an array), so in a canonical
 * bundle it is found by skipping those two values. false when the bytes are not laid out
 * so; the whole bundle is then parsed by Jansson, which reports what is wrong.
 */
static bool skip_string(const char *p, size_t n, size_t *i)
{
    while (*i < n) {
        char c = p[(*i)++];

        if (c == '\\') {
            if (*i >= n)
                return false;
            (*i)++;
        } else if (c == '"') {
            return true;
        }
    }
    return false;
}

/* Skips a JSON array whose '[' is at *i (strings skipped whole); *i ends after its ']'.
 */
static bool skip_array(const char *p, size_t n, size_t *i)
{
    int depth = 0;

    do {
        char c;

        if (*i >= n)
            return false;
        c = p[(*i)++];
        if (c == '"' && !skip_string(p, n, i))
            return false;
        depth += (c == '[' || c == '{') - (c == ']' || c == '}');
    } while (depth > 0);
    return true;
}

static bool expect_at(const char *p, size_t n, size_t *i, const char *lit)
{
    size_t k = strlen(lit);

    if (n - *i < k || memcmp(p + *i, lit, k) != 0)
        return false;
    *i += k;
    return true;
}

/* Where the entries string's content [*ea, *eb) and the nodes array's content [*na, *nb)
 * lie, found by skipping the members before them in their canonical order. */
static bool find_spans(const char *p, size_t n, size_t *ea, size_t *eb, size_t *na,
                       size_t *nb)
{
    size_t i = 0;

    if (!expect_at(p, n, &i, "{\"checkpoint\":\"") || !skip_string(p, n, &i) ||
        !expect_at(p, n, &i, ",\"consistency\":") || i >= n || p[i] != '[' ||
        !skip_array(p, n, &i) || !expect_at(p, n, &i, ",\"entries\":\""))
        return false;
    *ea = i;
    if (!skip_string(p, n, &i))
        return false;
    *eb = i - 1;
    if (!expect_at(p, n, &i, ",\"format\":\"" LDG_BUNDLE_FORMAT "\",\"nodes\":") ||
        i >= n || p[i] != '[')
        return false;
    *na = i + 1;
    if (!skip_array(p, n, &i))
        return false;
    *nb = i - 1;
    return true;
}

/* The multi-proof's nodes, decoded. */
typedef struct node_arrays {
    unsigned *level;
    uint64_t *index;
    ldg_hash *hash;
    size_t n, cap;
} node_arrays;

static void node_arrays_free(node_arrays *a)
{
    free(a->level);
    free(a->index);
    free(a->hash);
    memset(a, 0, sizeof(*a));
}

static ldg_code node_push(node_arrays *a, unsigned level, uint64_t index, ldg_error *err)
{
    if (a->n == LDG_BUNDLE_MAX_NODES)
        return ldg_error_set(err, LDG_EINVAL,
                             "multi-proof has more than %zu hashes, the verifier's limit",
                             LDG_BUNDLE_MAX_NODES);
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        unsigned *l = realloc(a->level, cap * sizeof(*l));
        uint64_t *x;
        ldg_hash *h;

        if (!l)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        a->level = l;
        if (!(x = realloc(a->index, cap * sizeof(*x))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        a->index = x;
        if (!(h = realloc(a->hash, cap * sizeof(*h))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        a->hash = h;
        a->cap = cap;
    }
    a->level[a->n] = level;
    a->index[a->n] = index;
    a->n++;
    return LDG_OK;
}

/* A canonical non-negative integer at p[*i] of at most 2^53. */
static bool raw_uint(const char *p, size_t n, size_t *i, uint64_t *out)
{
    uint64_t v = 0;
    size_t start = *i;

    while (*i < n && p[*i] >= '0' && p[*i] <= '9' && *i - start < 17)
        v = v * 10 + (uint64_t)(p[(*i)++] - '0');
    if (*i == start || (p[start] == '0' && *i - start > 1) ||
        v > (uint64_t)LDG_JCS_INT_MAX)
        return false;
    *out = v;
    return true;
}

/* The nodes from the bundle's bytes (the array's content), accepted only in the form
 * RFC 8785 writes: [level,index,"base64"] separated by commas. */
static ldg_code nodes_from_raw(node_arrays *a, const char *p, size_t n, ldg_error *err)
{
    size_t i = 0;

    while (i < n) {
        uint64_t level = 0, index = 0;
        ldg_code rc;

        if ((a->n > 0 && !expect_at(p, n, &i, ",")) || !expect_at(p, n, &i, "[") ||
            !raw_uint(p, n, &i, &level) || level >= TREE_LEVELS ||
            !expect_at(p, n, &i, ",") || !raw_uint(p, n, &i, &index) ||
            !expect_at(p, n, &i, ",\"") || n - i < 46 || p[i + 44] != '"' ||
            p[i + 45] != ']')
            return ldg_error_set(err, LDG_EINVAL,
                                 "multi-proof node %zu is not [level, index, hash] in"
                                 " canonical form",
                                 a->n);
        rc = node_push(a, (unsigned)level, index, err);
        if (rc == LDG_OK &&
            ldg_hash_from_base64(&a->hash[a->n - 1], p + i, 44, err) != LDG_OK)
            rc = LDG_EINVAL;
        if (rc != LDG_OK) {
            ldg_error_where(err, "multi-proof node %zu", a->n - 1);
            return rc;
        }
        i += 46;
    }
    return LDG_OK;
}

static ldg_code nodes_from_json(node_arrays *a, const json_t *nodes, ldg_error *err)
{
    for (size_t i = 0; i < json_array_size(nodes); i++) {
        const json_t *node = json_array_get(nodes, i);
        const json_t *l = json_array_get(node, 0), *x = json_array_get(node, 1);
        const json_t *h = json_array_get(node, 2);
        ldg_code rc;

        if (!json_is_array(node) || json_array_size(node) != 3 || !json_is_integer(l) ||
            !json_is_integer(x) || json_integer_value(l) < 0 ||
            json_integer_value(l) >= TREE_LEVELS || json_integer_value(x) < 0 ||
            !json_is_string(h))
            return ldg_error_set(err, LDG_EINVAL,
                                 "multi-proof node %zu is not [level, index, hash]", i);
        rc = node_push(a, (unsigned)json_integer_value(l),
                       (uint64_t)json_integer_value(x), err);
        if (rc == LDG_OK && ldg_hash_from_base64(&a->hash[i], json_string_value(h),
                                                 json_string_length(h), err) != LDG_OK)
            rc = LDG_EINVAL;
        if (rc != LDG_OK) {
            ldg_error_where(err, "multi-proof node %zu", i);
            return rc;
        }
    }
    return LDG_OK;
}

/* One decoded entry line: its raw form must be its JCS escaping (canonical), then it is
 * taken. raw is the line as the bundle holds it. */
static ldg_code take_raw_line(vctx *v, const ldg_buf *line, const char *raw,
                              size_t rawlen, size_t lineno)
{
    ldg_code rc;

    ldg_buf_reset(&v->tmp);
    rc = ldg_jcs_string(&v->tmp, line->data ? line->data : "", line->len, v->err);
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "entry line %zu", lineno);
        return rc;
    }
    if (v->tmp.len - 2 != rawlen || memcmp(v->tmp.data + 1, raw, rawlen) != 0)
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "bundle is not in canonical form (RFC 8785): entry line %zu is"
            " escaped otherwise",
            lineno);
    return take_entry(v, line->data, line->len, lineno);
}

/*
 * The entries straight from the bundle's bytes s[0..n) (the string's content, without
 * its quotes): unescaped one line at a time into a small buffer, so a large bundle is
 * never held twice. The escaped line feed "\n" ends a line; JSON escapes are decoded
 * and the canonical check above refuses any but the ones RFC 8785 writes.
 */
static ldg_code take_raw_entries(vctx *v, const char *s, size_t n)
{
    ldg_buf line = { 0 };
    size_t i = 0, seg = 0, lineno = 0;
    ldg_code rc = LDG_OK;

    while (rc == LDG_OK && i < n) {
        size_t j = i;
        unsigned cp = 0;

        while (j < n && s[j] != '\\' && (unsigned char)s[j] >= 0x20)
            j++;
        if (j > i)
            rc = ldg_buf_append(&line, s + i, j - i, v->err);
        i = j;
        if (rc != LDG_OK || i == n)
            break;
        if (s[i] != '\\' || i + 1 == n) {
            rc = ldg_error_set(
                v->err, LDG_EINVAL,
                "bundle is not valid JSON: a control byte or a lone backslash"
                " in the entries at byte %zu",
                i);
            break;
        }
        switch (s[i + 1]) {
        case 'n':
            rc = take_raw_line(v, &line, s + seg, i - seg, ++lineno);
            ldg_buf_reset(&line);
            seg = i += 2;
            continue;
        case '"':
            cp = '"';
            break;
        case '\\':
            cp = '\\';
            break;
        case '/':
            cp = '/';
            break;
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case 'u':
            for (size_t k = 0; k < 4; k++) {
                char h = i + 2 + k < n ? s[i + 2 + k] : 'x';

                cp = cp * 16 + (unsigned)(h >= '0' && h <= '9'   ? h - '0'
                                          : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                          : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                                 : 0x10000);
            }
            /* JCS escapes only control characters this way: another code point is
             * refused below (0x100), a malformed escape too (above 0xffff) */
            if (cp >= 0x80 && cp <= 0xffff)
                cp = 0x100;
            i += 4;
            break;
        default:
            cp = 0x200;
        }
        if (cp == 0x200 || cp > 0xffff) {
            rc = ldg_error_set(
                v->err, LDG_EINVAL,
                "bundle is not valid JSON: an invalid escape in the entries at"
                " byte %zu",
                i);
            break;
        }
        if (cp > 0xff) {
            rc = ldg_error_set(
                v->err, LDG_EINVAL,
                "bundle is not in canonical form (RFC 8785): an escape in the"
                " entries at byte %zu",
                i);
            break;
        }
        rc = ldg_buf_putc(&line, (char)cp, v->err);
        i += 2;
    }
    if (rc == LDG_OK && (seg != n || n == 0))
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle's entries are empty or do not end with a line break");
    ldg_buf_cleanup(&line);
    if (rc != LDG_OK)
        return rc;
    v->sum->entries = (int64_t)v->n;
    v->sum->usage = (int64_t)v->nu;
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
        say(v, 0, "inclusion: not checked, an entry lies beyond the checkpoint");
        return;
    }
    ldg_error_clear(&e);
    if (proof_root(&v->h, &root, v->idx, v->leaves, v->n, v->cp.size, a->level, a->index,
                   a->hash, a->n, &e) != LDG_OK)
        say(v, 0, "inclusion: %s", e.message);
    else if (memcmp(&root, &v->cp.root, sizeof(root)) != 0)
        say(v, 0,
            "inclusion: the %zu entries and %zu proof hashes do not give the checkpoint's"
            " root: an entry or a proof hash was altered, or the entries are not in this "
            "log",
            v->n, a->n);
    else
        say(v, 1,
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
        ldg_error_clear(&e);
        ci->ok = ldg_merkle_verify_consistency(ci->size, v->cp.size, proof, np, &ci->root,
                                               &v->cp.root, &e) == LDG_OK;
        if (ci->ok)
            say(v, 1,
                "the tree of size %" PRIu64 " is a prefix of the checkpoint's (RFC 9162"
                " consistency, %zu hashes)",
                ci->size, np);
        else
            say(v, 0, "consistency from tree size %" PRIu64 " to %" PRIu64 ": %s",
                ci->size, v->cp.size, e.message);
        v->ncons++;
    }
    return rc;
}

static const cons_item *find_cons(const vctx *v, uint64_t size)
{
    for (size_t i = 0; i < v->ncons; i++)
        if (v->cons[i].size == size)
            return &v->cons[i];
    return NULL;
}

/* ---- re-rating --------------------------------------------------------------------- */

static const char *doc_number(const doc_item *d)
{
    return str_member(json_object_get(d->entry, "data"), "number");
}

static void describe_line(char *buf, size_t size, const ldg_line *l)
{
    char f[LDG_TIME_BUFLEN], t[LDG_TIME_BUFLEN];
    const char *cls = ldg_contract_class_name(l->cls);

    snprintf(buf, size, "%s%s%s %s..%s", ldg_rate_stream_name(l->stream), cls ? " " : "",
             cls ? cls : "", ldg_time_format(f, l->from), ldg_time_format(t, l->to));
}

/* Compares what re-rating gives (want) with what the document says (got), line by line.
 * Returns the number of differences reported. */
static int compare_drafts(vctx *v, const char *number, const ldg_draft *want,
                          const ldg_draft *got)
{
    size_t nw = ldg_rate_draft_line_count(want), ng = ldg_rate_draft_line_count(got);
    int digits = ldg_rate_draft_currency_digits(got), bad = 0;
    char a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN], c[LDG_FIXED_BUFLEN],
        d[LDG_FIXED_BUFLEN];
    char e[LDG_FIXED_BUFLEN], f[LDG_FIXED_BUFLEN], what[160];

    if (digits < 0 || digits > 6)
        digits = 6;
    for (size_t i = 0; i < nw || i < ng; i++) {
        const ldg_line *lw = i < nw ? ldg_rate_draft_line(want, i) : NULL;
        const ldg_line *lg = i < ng ? ldg_rate_draft_line(got, i) : NULL;

        if (!lg) {
            describe_line(what, sizeof(what), lw);
            say(v, 0,
                "%s: re-rating gives a line %zu (%s, amount %s) the document does not"
                " have",
                number, i + 1, what, ldg_fixed_format(a, lw->amount_micros, digits));
            bad++;
        } else if (!lw) {
            describe_line(what, sizeof(what), lg);
            say(v, 0, "%s line %zu (%s, amount %s): re-rating gives no such line", number,
                i + 1, what, ldg_fixed_format(a, lg->amount_micros, digits));
            bad++;
        } else if (lw->stream != lg->stream || lw->cls != lg->cls ||
                   lw->from != lg->from || lw->to != lg->to ||
                   strcmp(lw->unit, lg->unit) != 0) {
            char what2[160];

            describe_line(what, sizeof(what), lg);
            describe_line(what2, sizeof(what2), lw);
            say(v, 0, "%s line %zu is %s where re-rating gives %s", number, i + 1, what,
                what2);
            bad++;
        } else if (lw->qty_micros != lg->qty_micros ||
                   lw->rate_micros != lg->rate_micros ||
                   lw->amount_micros != lg->amount_micros) {
            describe_line(what, sizeof(what), lg);
            say(v, 0,
                "%s line %zu (%s) does not match re-rating: quantity %s rate %s"
                " amount %s in the document; re-rated quantity %s rate %s amount %s",
                number, i + 1, what, ldg_fixed_format(a, lg->qty_micros, 6),
                ldg_fixed_format(b, lg->rate_micros, 6),
                ldg_fixed_format(c, lg->amount_micros, digits),
                ldg_fixed_format(d, lw->qty_micros, 6),
                ldg_fixed_format(e, lw->rate_micros, 6),
                ldg_fixed_format(f, lw->amount_micros, digits));
            bad++;
        }
    }
    if (ldg_rate_draft_total(want) != ldg_rate_draft_total(got)) {
        say(v, 0, "%s total %s does not match the re-rated total %s", number,
            ldg_fixed_format(a, ldg_rate_draft_total(got), digits),
            ldg_fixed_format(b, ldg_rate_draft_total(want), digits));
        bad++;
    }
    return bad;
}

/* The contract of d's invoice, from the contract entries logged before d. NULL after
 * reporting when it cannot be made. */
static ldg_contract *contract_for(vctx *v, const doc_item *d, const char *id,
                                  int64_t *base_seq)
{
    const json_t *base = NULL;
    const json_t **amend = NULL;
    size_t na = 0;
    ldg_contract *c = NULL;
    char q1[LDG_QUOTE_BUFLEN], q2[LDG_QUOTE_BUFLEN];
    ldg_error e;

    if (v->nd > 0 && !(amend = calloc(v->nd, sizeof(*amend)))) {
        say(v, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < v->nd && v->docs[i].seq < d->seq; i++) {
        const json_t *data = json_object_get(v->docs[i].entry, "data");
        const char *cid = str_member(data, "contract"), *am = str_member(data, "amends");

        if (v->docs[i].kind != DOC_CONTRACT || !cid || strcmp(cid, id) != 0)
            continue;
        if (!json_object_get(data, "amends") && !base) {
            base = data;
            *base_seq = v->docs[i].seq;
        } else if (am && strcmp(am, id) == 0) {
            amend[na++] = data;
        }
    }
    ldg_error_clear(&e);
    if (!base)
        say(v, 0, "%s: contract %s is not among the bundle's entries before seq %" PRId64,
            ldg_invoice_number(d->inv), quote(q1, id), d->seq);
    else if (ldg_contract_from_json(&c, base, amend, na, &e) != LDG_OK)
        say(v, 0, "%s: contract %s in the bundle is not valid: %s",
            ldg_invoice_number(d->inv), quote(q1, id), e.message);
    else if (strcmp(ldg_contract_tenant(c), v->tenant) != 0) {
        say(v, 0, "%s: contract %s is tenant %s's, not \"%s\"'s",
            ldg_invoice_number(d->inv), quote(q1, id), quote(q2, ldg_contract_tenant(c)),
            v->tenant);
        ldg_contract_free(c);
        c = NULL;
    }
    free(amend);
    return c;
}

/* A usage record the document could be rated from: below its rated-from size, at its
 * contract's site, overlapping both its period and the contract's term (a record across
 * the term's edge is rated for its part inside: DESIGN.md, "Records at the edges of a
 * term"). rerate() and the completeness check select by this one rule. */
static bool usage_counts(const vctx *v, const usage_item *u, const ldg_invoice *inv,
                         const ldg_contract *c)
{
    ldg_period p = ldg_invoice_period(inv);

    return u->seq < ldg_invoice_rated_from_size(inv) &&
           strcmp(v->sites[u->site], ldg_contract_site(c)) == 0 && u->end > p.start &&
           u->start < p.end && u->end > ldg_contract_starts(c) &&
           u->start < ldg_contract_ends(c);
}

/* Rates inv's period from the bundled usage below its rated_from size. */
static ldg_draft *rerate(vctx *v, const doc_item *d, const ldg_contract *c, int64_t *used)
{
    const ldg_invoice *inv = d->inv;
    ldg_period p = ldg_invoice_period(inv);
    ldg_rating *r = NULL;
    ldg_draft *draft = NULL;
    ldg_error e;

    *used = 0;
    ldg_error_clear(&e);
    if (ldg_rate_new(&r, c, p, &e) != LDG_OK) {
        say(v, 0, "%s: could not rate: %s", ldg_invoice_number(inv), e.message);
        return NULL;
    }
    for (size_t i = 0; i < v->nu; i++) {
        const usage_item *u = &v->usage[i];
        ldg_usage item;

        if (!usage_counts(v, u, inv, c))
            continue;
        item.kind = u->kind == LDG_KIND_GPU      ? LDG_USAGE_GPU
                    : u->kind == LDG_KIND_ENERGY ? LDG_USAGE_ENERGY
                                                 : LDG_USAGE_DOWNTIME;
        item.cls = u->cls == LDG_CLASS_NONE ? LDG_GPU_NONE : (ldg_gpu_class)(u->cls - 1);
        item.start = u->start;
        item.end = u->end;
        item.qty_micros = u->qty;
        if (ldg_rate_add(r, &item, &e) != LDG_OK) {
            say(v, 0, "%s: usage seq %" PRId64 " cannot be rated: %s",
                ldg_invoice_number(inv), u->seq, e.message);
            ldg_rate_free(r);
            return NULL;
        }
        (*used)++;
    }
    if (ldg_rate_finish(&draft, r, &e) != LDG_OK)
        say(v, 0, "%s: could not rate: %s", ldg_invoice_number(inv), e.message);
    ldg_rate_free(r);
    return draft;
}

/* Supplementary invoices and credit notes: the difference between the re-rated period
 * and the documents issued before, which must equal the document. */
static void check_amendment(vctx *v, const doc_item *d, const ldg_draft *rerated)
{
    const char *orig = ldg_invoice_amends(d->inv);
    const ldg_invoice **earlier = calloc(v->nd, sizeof(*earlier));
    ldg_draft *sup = NULL, *cn = NULL;
    const ldg_draft *want;
    size_t n = 0;
    bool have_orig = false;
    ldg_error e;

    if (!earlier) {
        say(v, 0, "out of memory");
        return;
    }
    for (size_t i = 0; i < v->nd && v->docs[i].seq < d->seq; i++) {
        const ldg_invoice *x = v->docs[i].inv;

        if (!x)
            continue;
        if (strcmp(ldg_invoice_number(x), orig) == 0 && !ldg_invoice_amends(x)) {
            have_orig = true;
            earlier[n++] = x;
        } else if (ldg_invoice_amends(x) && strcmp(ldg_invoice_amends(x), orig) == 0) {
            earlier[n++] = x;
        }
    }
    ldg_error_clear(&e);
    if (!have_orig) {
        say(v, 0, "%s amends %s, which is not among the bundle's entries before it",
            ldg_invoice_number(d->inv), orig);
    } else if (ldg_invoice_diff(&sup, &cn, rerated, earlier, n, &e) != LDG_OK) {
        say(v, 0, "%s: %s", ldg_invoice_number(d->inv), e.message);
    } else {
        want = d->kind == DOC_INVOICE ? sup : cn;
        if (!want)
            say(v, 0, "%s: re-rating against the %zu earlier documents gives no %s",
                ldg_invoice_number(d->inv), n,
                d->kind == DOC_INVOICE ? "supplementary invoice" : "credit note");
        else if (compare_drafts(v, ldg_invoice_number(d->inv), want,
                                ldg_invoice_draft(d->inv)) == 0)
            say(v, 1,
                "%s: all %zu line%s and the total equal the difference between the"
                " re-rated period and the %zu document%s before it",
                ldg_invoice_number(d->inv), ldg_invoice_line_count(d->inv),
                plural(ldg_invoice_line_count(d->inv)), n, plural(n));
    }
    ldg_rate_draft_free(sup);
    ldg_rate_draft_free(cn);
    free(earlier);
}

/* ---- completeness ------------------------------------------------------------------ */

static const char *doc_amends(const doc_item *d)
{
    return str_member(json_object_get(d->entry, "data"), "amends");
}

/* d is the original `orig` or a document amending it. */
static bool in_family(const doc_item *d, const char *orig)
{
    const char *number = doc_number(d), *amends = doc_amends(d);

    return d->kind != DOC_CONTRACT &&
           ((!amends && number && strcmp(number, orig) == 0) ||
            (amends && strcmp(amends, orig) == 0));
}

/* In an invoice bundle, the number of the scope document's original (its own, or the
 * one it amends); NULL in a range bundle or when the scope's document is absent (which
 * check_scope reports). */
static const char *family_of(const vctx *v)
{
    for (size_t i = 0; v->sc.invoice && i < v->nd; i++) {
        const char *number = doc_number(&v->docs[i]);

        if (v->docs[i].kind != DOC_CONTRACT && number &&
            strcmp(number, v->sc.invoice) == 0)
            return doc_amends(&v->docs[i]) ? doc_amends(&v->docs[i]) : number;
    }
    return NULL;
}

/* Whether the bundle's document d (not a contract) is re-rated: in an invoice bundle
 * only the scope's family; the others are there as leaves of a basis range. */
static bool rerated(const vctx *v, const doc_item *d)
{
    return d->kind != DOC_CONTRACT && (!v->family || in_family(d, v->family));
}

/* The bundle holds every log entry in [from, to). Else reports the first missing seq. */
static bool covers(vctx *v, const char *number, int64_t from, int64_t to)
{
    size_t a = lower_bound(v->idx, 0, v->n, (uint64_t)from);
    size_t b = lower_bound(v->idx, a, v->n, (uint64_t)to);
    int64_t missing = from;

    if ((int64_t)(b - a) == to - from)
        return true;
    for (size_t i = a; i < b && v->idx[i] == (uint64_t)missing; i++)
        missing++;
    say(v, 0,
        "%s: the bundle lacks %" PRId64 " of the %" PRId64 " log entries in seq [%" PRId64
        ", %" PRId64 ") its basis covers (the first is seq %" PRId64
        "): it cannot show that nothing the invoice could be rated from was left out",
        number, (to - from) - (int64_t)(b - a), to - from, from, to, missing);
    return false;
}


/* A document entry in d's basis: its contract's entries and its family's before it. */
static bool doc_counts(const doc_item *x, const doc_item *d, const char *id,
                       const char *orig)
{
    const json_t *data = json_object_get(x->entry, "data");
    const char *cid = str_member(data, "contract"), *am = str_member(data, "amends");

    if (x->seq >= d->seq)
        return false;
    if (x->kind == DOC_CONTRACT)
        return cid && strcmp(cid, id) == 0 &&
               (!json_object_get(data, "amends") || (am && strcmp(am, id) == 0));
    return in_family(x, orig);
}

/*
 * Completeness (docs/bundle.md): the bundle holds every entry in [basis.from, d's seq),
 * so no entry of that range is hidden behind a multi-proof hash; no usage record the
 * rating could use lies below basis.from; and the entries d could be rated from (its
 * contract's, its family's before it, the usage rerate() selects) are exactly the
 * count and digest d commits to.
 */
static void check_basis(vctx *v, const doc_item *d, const ldg_contract *c)
{
    const ldg_invoice_basis *b = ldg_invoice_basis_of(d->inv);
    const char *number = ldg_invoice_number(d->inv);
    const char *orig = ldg_invoice_amends(d->inv) ? ldg_invoice_amends(d->inv) : number;
    ldg_basis_digest *dg = NULL;
    ldg_invoice_basis got;
    size_t i = 0, j = 0, ndocs = 0;
    int64_t early = -1, nusage = 0;
    bool whole;
    ldg_error e;

    if (!b) {
        v->sum->incomplete++;
        say(v, LDG_BUNDLE_NOTE,
            "%s: completeness not provable: invoice predates the commitment (it carries"
            " no basis), so a record left out of both it and the bundle would not show",
            number);
        return;
    }
    ldg_error_clear(&e);
    whole = covers(v, number, b->from, d->seq);
    if (ldg_basis_digest_new(&dg, &e) != LDG_OK) {
        say(v, 0, "%s: %s", number, e.message);
        return;
    }
    /* merge the two seq-ordered lists into the digest */
    while (i < v->nd || j < v->nu) {
        bool take_doc_next = j == v->nu || (i < v->nd && v->docs[i].seq < v->usage[j].seq);
        int64_t seq;

        if (take_doc_next) {
            if (!doc_counts(&v->docs[i], d, ldg_invoice_contract(d->inv), orig)) {
                i++;
                continue;
            }
            seq = v->docs[i++].seq;
            ndocs++;
        } else {
            if (!usage_counts(v, &v->usage[j], d->inv, c)) {
                j++;
                continue;
            }
            seq = v->usage[j++].seq;
            nusage++;
            if (seq < b->from && early < 0)
                early = seq;
        }
        (void)ldg_basis_digest_add(dg, seq, &e); /* ascending: entries are */
    }
    ldg_basis_digest_finish(dg, &got);
    ldg_basis_digest_free(dg);
    if (early >= 0)
        say(v, 0,
            "%s: usage seq %" PRId64 " is of its site and period but lies below its"
            " basis.from %" PRId64 ": the invoice was not rated from it",
            number, early, b->from);
    if (got.count != b->count || strcmp(got.sha256, b->sha256) != 0)
        say(v, 0,
            "%s: it commits to %" PRId64 " entries (sha256 %s) but the bundle holds %" PRId64
            " it could be rated from (%zu contract and earlier document entries, %" PRId64
            " usage records; sha256 %s): a record was left out of the invoice or of the "
            "bundle",
            number, b->count, b->sha256, got.count, ndocs, nusage, got.sha256);
    else if (whole && early < 0) {
        v->sum->complete++;
        say(v, 1,
            "%s: complete: the bundle holds all %" PRId64 " log entries in seq [%" PRId64
            ", %" PRId64 "), and the %" PRId64 " entries the invoice commits to (%zu "
            "contract and earlier document entries, %" PRId64
            " usage records) are exactly those it could be rated from",
            number, d->seq - b->from, b->from, d->seq, got.count, ndocs, nusage);
    }
}

static void check_document(vctx *v, doc_item *d)
{
    const json_t *data = json_object_get(d->entry, "data");
    const char *number;
    ldg_contract *c;
    ldg_draft *draft;
    const cons_item *ci;
    ldg_hash rated_root;
    int64_t base_seq = -1, used = 0, size;
    ldg_error e;

    ldg_error_clear(&e);
    if (ldg_invoice_from_json(&d->inv, data,
                              d->kind == DOC_INVOICE ? LDG_INVOICE_KIND_INVOICE
                                                     : LDG_INVOICE_KIND_CREDIT_NOTE,
                              &e) != LDG_OK) {
        say(v, 0, "%s seq %" PRId64 " is not a valid document: %s%s%s",
            d->kind == DOC_INVOICE ? "invoice" : "credit note", d->seq, e.message,
            e.where[0] ? " at " : "", e.where);
        return;
    }
    v->sum->documents++;
    number = ldg_invoice_number(d->inv);
    size = ldg_invoice_rated_from_size(d->inv);
    if (ldg_hash_from_base64(&rated_root, ldg_invoice_rated_from_root(d->inv),
                             strlen(ldg_invoice_rated_from_root(d->inv)), &e) != LDG_OK) {
        say(v, 0, "%s: rated_from root is malformed", number);
        return;
    }
    if (size > d->seq) {
        say(v, 0,
            "%s (seq %" PRId64 ") claims to be rated from the log of size %" PRId64
            ", which is after it",
            number, d->seq, size);
        return;
    }
    ci = find_cons(v, (uint64_t)size);
    if (!ci)
        say(v, 0,
            "%s was rated from the log of size %" PRId64
            ", but the bundle carries no consistency proof from it",
            number, size);
    else if (memcmp(&ci->root, &rated_root, sizeof(rated_root)) != 0)
        say(v, 0,
            "%s was rated from a tree of size %" PRId64 " whose root is not the one the"
            " bundle proves consistent",
            number, size);
    else if (ci->ok)
        say(v, 1,
            "%s was rated from the log of size %" PRId64 ", a prefix of the checkpoint's",
            number, size);
    c = contract_for(v, d, ldg_invoice_contract(d->inv), &base_seq);
    if (!c)
        return;
    check_basis(v, d, c);
    draft = rerate(v, d, c, &used);
    if (draft && !ldg_invoice_amends(d->inv)) {
        if (strcmp(ldg_rate_draft_currency(draft), ldg_invoice_currency(d->inv)) != 0)
            say(v, 0, "%s is in %s, its contract in %s", number,
                ldg_invoice_currency(d->inv), ldg_rate_draft_currency(draft));
        else if (compare_drafts(v, number, draft, ldg_invoice_draft(d->inv)) == 0) {
            char total[LDG_FIXED_BUFLEN];

            say(v, 1,
                "%s: all %zu line%s and the total %s %s equal the re-rating of contract "
                "%s"
                " (seq %" PRId64 ") over %" PRId64 " usage records below seq %" PRId64,
                number, ldg_invoice_line_count(d->inv),
                plural(ldg_invoice_line_count(d->inv)),
                ldg_fixed_format(total, ldg_invoice_total(d->inv),
                                 ldg_rate_draft_currency_digits(draft)),
                ldg_invoice_currency(d->inv), ldg_contract_id(c), base_seq, used, size);
        }
    } else if (draft) {
        check_amendment(v, d, draft);
    }
    v->sum->lines += (int64_t)ldg_invoice_line_count(d->inv);
    ldg_rate_draft_free(draft);
    ldg_contract_free(c);
}

/* Re-rating costs documents x usage records: refused beyond the limit, before any. */
static ldg_code check_rerate_work(vctx *v)
{
    size_t ndocs = 0;

    v->family = family_of(v);
    for (size_t i = 0; i < v->nd; i++)
        ndocs += rerated(v, &v->docs[i]);
    if (ndocs > 0 && v->nu > LDG_BUNDLE_MAX_RERATE / ndocs)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "re-rating %zu documents over %zu usage records is more than"
                             " the verifier's limit of %zu document-records",
                             ndocs, v->nu, LDG_BUNDLE_MAX_RERATE);
    return LDG_OK;
}

static void check_scope(vctx *v)
{
    size_t found = 0;

    for (size_t i = 0; i < v->nd; i++) {
        const char *number = doc_number(&v->docs[i]);

        if (v->docs[i].kind == DOC_CONTRACT)
            continue;
        if (!v->sc.invoice)
            say(v, 0,
                "entry seq %" PRId64 " is an invoice, outside a range bundle's scope",
                v->docs[i].seq);
        else if (number && strcmp(number, v->sc.invoice) == 0)
            found++;
    }
    if (v->sc.invoice && found == 0) {
        char q[LDG_QUOTE_BUFLEN];

        say(v, 0, "the bundle's scope is invoice %s, which is not among its entries",
            quote(q, v->sc.invoice));
    }
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
        say(v, 0, "kept checkpoint: not a signed note");
        return;
    }
    if (ldg_checkpoint_parse(&old, note, text_len, &e) != LDG_OK) {
        say(v, 0, "kept checkpoint: %s", e.message);
        return;
    }
    if (ldg_note_open(&text_len, note, len, &v->key, 1, &e) != LDG_OK)
        say(v, 0, "kept checkpoint signature: %s", e.message);
    if (strcmp(old.origin, v->cp.origin) != 0) {
        say(v, 0, "kept checkpoint's origin \"%s\" is not the bundle's \"%s\"",
            old.origin, v->cp.origin);
        return;
    }
    if (old.size > v->cp.size) {
        say(v, 0,
            "kept checkpoint (tree size %" PRIu64 ") is newer than the bundle's (%" PRIu64
            "): check it against a newer bundle",
            old.size, v->cp.size);
        return;
    }
    if (old.size == v->cp.size) {
        if (memcmp(&old.root, &v->cp.root, sizeof(old.root)) == 0)
            say(v, 1,
                "kept checkpoint is the bundle's checkpoint (tree size %" PRIu64 ")",
                old.size);
        else
            say(v, 0,
                "kept checkpoint and the bundle's have tree size %" PRIu64
                " but different roots: the log was rewritten",
                old.size);
        return;
    }
    ci = find_cons(v, old.size);
    if (!ci)
        say(v, 0,
            "the bundle carries no consistency proof from the kept checkpoint's tree "
            "size %" PRIu64 " (ask for a bundle made with --old-size %" PRIu64 ")",
            old.size, old.size);
    else if (memcmp(&ci->root, &old.root, sizeof(old.root)) != 0)
        say(v, 0,
            "kept checkpoint (tree size %" PRIu64 ") has another root than the tree the"
            " bundle proves consistent: the log was rewritten since",
            old.size);
    else if (ci->ok)
        say(v, 1, "kept checkpoint (tree size %" PRIu64 ") is a prefix of the bundle's",
            old.size);
    else
        say(v, 0,
            "kept checkpoint (tree size %" PRIu64 ") is not proven a prefix of the"
            " bundle's",
            old.size);
}

static void vctx_cleanup(vctx *v)
{
    bhash_close(&v->h);
    ldg_verifier_free(v->key);
    free(v->idx);
    free(v->leaves);
    free(v->usage);
    for (size_t i = 0; i < v->nd; i++) {
        json_decref(v->docs[i].entry);
        ldg_invoice_free(v->docs[i].inv);
    }
    free(v->docs);
    for (size_t i = 0; i < v->nsites; i++)
        free(v->sites[i]);
    ldg_buf_cleanup(&v->tmp);
}

ldg_code ldg_bundle_verify(ldg_bundle_summary *out, const char *data, size_t len,
                           const ldg_bundle_verify_opts *opts, ldg_error *err)
{
    size_t max = opts->max_bytes ? opts->max_bytes : LDG_BUNDLE_MAX_BYTES;
    size_t ea = 0, eb = 0, na = 0, nb = 0, text_len = len;
    const char *text = data;
    node_arrays nodes = { 0 };
    bool raw = false;
    vctx v;
    json_t *b = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    memset(&v, 0, sizeof(v));
    v.o = opts;
    v.sum = out;
    v.err = err;
    v.proof_possible = true;
    if (len > max)
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle is %zu bytes, more than the limit of %zu", len, max);
    if (nesting_depth(data, len, LDG_BUNDLE_MAX_DEPTH) > LDG_BUNDLE_MAX_DEPTH)
        return ldg_error_set(err, LDG_EINVAL, "bundle nests deeper than %d levels",
                             LDG_BUNDLE_MAX_DEPTH);
    /* Jansson parses everything but the entries' and the nodes' content (the bulk,
     * read straight from data), when they can be found; else, for a small input only,
     * everything, to say what is wrong with it */
    if (find_spans(data, len, &ea, &eb, &na, &nb)) {
        size_t rl = len - (eb - ea) - (nb - na);
        char *rest;

        if (rl > LDG_BUNDLE_REST_MAX)
            return ldg_error_set(err, LDG_EINVAL,
                                 "bundle's members other than entries and nodes exceed %d"
                                 " bytes",
                                 LDG_BUNDLE_REST_MAX);
        if (!(rest = malloc(rl + 1)))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        memcpy(rest, data, ea);
        memcpy(rest + ea, data + eb, na - eb);
        memcpy(rest + ea + (na - eb), data + nb, len - nb);
        b = json_loadb(rest, rl, JSON_REJECT_DUPLICATES, NULL);
        if (b) {
            text = rest;
            text_len = rl;
            raw = true;
        } else {
            free(rest);
        }
    }
    if (!b && len > LDG_BUNDLE_REST_MAX)
        return ldg_error_set(
            err, LDG_EINVAL,
            "bundle is not an evidence bundle in canonical form (RFC 8785)");
    if (!b) {
        b = parse_json(data, len, LDG_BUNDLE_MAX_DEPTH, "bundle", err);
        if (!b)
            return LDG_EINVAL;
    }
    rc = check_numbers(b, "bundle", err);
    if (rc == LDG_OK)
        rc = check_members(b, err);
    if (rc == LDG_OK)
        rc = check_canonical(text, text_len, b, &v.tmp, err);
    if (rc == LDG_OK) {
        v.tenant = json_string_value(json_object_get(b, "tenant"));
        if (!tenant_ok(v.tenant))
            rc = ldg_error_set(err, LDG_EINVAL, "bundle's tenant name is malformed");
        else
            snprintf(out->tenant, sizeof(out->tenant), "%s", v.tenant);
    }
    if (rc == LDG_OK) {
        rc = parse_scope(&v.sc, json_object_get(b, "scope"), err);
        if (rc != LDG_OK)
            ldg_error_where(err, "bundle member \"scope\"");
    }
    if (rc == LDG_OK)
        rc = bhash_open(&v.h, err);
    if (rc == LDG_OK)
        rc = check_key_and_note(&v, b);
    if (rc == LDG_OK)
        rc = raw ? take_raw_entries(&v, data + ea, eb - ea) : take_entries(&v, b);
    if (rc == LDG_OK)
        rc = check_rerate_work(&v);
    if (rc == LDG_OK)
        rc = raw ? nodes_from_raw(&nodes, data + na, nb - na, err)
                 : nodes_from_json(&nodes, json_object_get(b, "nodes"), err);
    /* take_entry reported each entry of another tenant */
    if (rc == LDG_OK && v.foreign == 0)
        say(&v, 1, "every entry is tenant \"%s\"'s", v.tenant);
    if (rc == LDG_OK)
        check_inclusion(&v, &nodes);
    if (rc == LDG_OK)
        rc = check_consistency(&v, b);
    if (rc == LDG_OK) {
        check_scope(&v);
        for (size_t i = 0; i < v.nd; i++)
            if (rerated(&v, &v.docs[i]))
                check_document(&v, &v.docs[i]);
        if (opts->old_note)
            check_old_checkpoint(&v);
    }
    vctx_cleanup(&v);
    json_decref(b);
    if (raw)
        free((char *)(uintptr_t)text);
    node_arrays_free(&nodes);
    if (rc != LDG_OK && err) {
        /* messages quote parts of a hostile bundle; none may carry a control byte */
        scrub(err->message);
        scrub(err->detail);
        scrub(err->hint);
        scrub(err->where);
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
    if (!(j = parse_json(doc, len, 4, "consistency document", err)))
        return LDG_EINVAL;
    for (size_t i = 0; rc == LDG_OK && i < sizeof(keys) / sizeof(keys[0]); i++)
        if (!json_object_get(j, keys[i]))
            rc = ldg_error_set(err, LDG_EINVAL, "consistency document lacks \"%s\"",
                               keys[i]);
    if (rc == LDG_OK && json_object_size(j) != sizeof(keys) / sizeof(keys[0]))
        rc = ldg_error_set(err, LDG_EINVAL, "consistency document has unknown members");
    if (rc == LDG_OK)
        rc = check_numbers(j, "consistency document", err);
    note = str_member(j, "checkpoint");
    tenant = str_member(j, "tenant");
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
        scrub(err->message);
        scrub(err->where);
    }
    return rc;
}
