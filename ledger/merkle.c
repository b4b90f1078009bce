/*
 * RFC 9162 Merkle trees over SHA-256, read and built through C2SP tlog tiles.
 *
 * Invariant: nothing is kept between calls. Every hash handed out is recomputed from
 * what the tile reader returns during that call, so no cache can go stale when the
 * store grows; the reader may well be asked for the same tile twice.
 *
 * Design. A tree node at level h covering leaves [i*2^h, (i+1)*2^h) is read from the
 * tile at tile-level L = h/8: the 2^(h-8L) stored level-8L hashes under it (exactly
 * one when h is a multiple of 8, at most 128 otherwise) are hashed up in memory. Every
 * RFC 9162 computation (MTH, PATH, PROOF) splits a range at the largest power of two
 * below its length, so each range it needs breaks into complete aligned subtrees, one
 * node read each: a root or a proof costs O(log n) tile reads, not O(n) hashes.
 * Dropped: recursing down to the leaves (linear in the tree), and caching tiles between
 * calls (the store's business, and wrong after an append).
 *
 * Tile building streams: level-0 tiles are read one at a time, each new level-1 hash
 * goes into a one-tile buffer per level, and a buffer that fills is emitted and its
 * root pushed one level up. Memory is one tile per level whatever the growth; emitted
 * tiles are never read back, so the writer need not make them visible to the reader.
 * Dropped: building level by level (lowest level strictly first), which either holds
 * a whole level in memory or needs the reader to see the writer's tiles.
 *
 * Hashing: one EVP_MD, fetched once per process (call_once, thread-safe), because the
 * implicit fetch behind EVP_sha256() costs as much again as the hash. Bulk work (roots,
 * proofs, tiles, verification) reuses one EVP_MD_CTX per call; the public one-hash
 * functions use a short-lived context, as EVP_Digest would. A static shared context
 * was dropped: it would make the hashing functions unsafe across threads.
 */
#include "ledger/merkle.h"

#include "ledger/text.h"

#include <assert.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#define TILE_LEVELS  8 /* tile levels 0..7 cover every tree below 2^64 leaves */
#define PATH_MAX_LEN 64

static const EVP_MD *sha256_md;
static once_flag sha256_once = ONCE_FLAG_INIT;

static void sha256_fetch(void)
{
    EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);

    /* the built-in table still works, through a slower implicit fetch per hash */
    sha256_md = md ? md : EVP_sha256();
}

static const EVP_MD *sha256(void)
{
    call_once(&sha256_once, sha256_fetch);
    return sha256_md;
}

/* SHA-256 only fails when OpenSSL cannot allocate; a wrong hash would be worse. */
static _Noreturn void hash_failed(void)
{
    fputs("leaseledger: SHA-256 failed: out of memory in OpenSSL\n", stderr);
    abort();
}

/* The bulk hasher; ldg_merkle_hasher_new() hands the same one out (merkle.h). */
struct ldg_merkle_hasher {
    const EVP_MD *md;
    EVP_MD_CTX *ctx;
};
typedef struct ldg_merkle_hasher hasher;

static bool hasher_open(hasher *hs)
{
    hs->md = sha256();
    hs->ctx = EVP_MD_CTX_new();
    return hs->ctx != NULL;
}

static void hasher_close(hasher *hs)
{
    EVP_MD_CTX_free(hs->ctx);
    hs->ctx = NULL;
}

/* out = SHA-256(prefix || a || b). out may alias a or b: both are read before out is
 * written. */
static void hasher_run(hasher *hs, ldg_hash *out, uint8_t prefix, const void *a,
                       size_t alen, const void *b, size_t blen)
{
    unsigned int outlen = 0;

    if (EVP_DigestInit_ex2(hs->ctx, hs->md, NULL) != 1 ||
        EVP_DigestUpdate(hs->ctx, &prefix, 1) != 1 ||
        (alen > 0 && EVP_DigestUpdate(hs->ctx, a, alen) != 1) ||
        (blen > 0 && EVP_DigestUpdate(hs->ctx, b, blen) != 1) ||
        EVP_DigestFinal_ex(hs->ctx, out->b, &outlen) != 1 || outlen != LDG_HASH_LEN)
        hash_failed();
}

static void node_of(hasher *hs, ldg_hash *out, const ldg_hash *left,
                    const ldg_hash *right)
{
    hasher_run(hs, out, 0x01, left->b, LDG_HASH_LEN, right->b, LDG_HASH_LEN);
}

/* Reduces the cnt hashes at h (cnt a power of two) to their subtree hash in h[0]. */
static void hash_up(hasher *hs, ldg_hash *h, unsigned cnt)
{
    for (; cnt > 1; cnt /= 2)
        for (unsigned k = 0; k < cnt / 2; k++)
            node_of(hs, &h[k], &h[2 * k], &h[2 * k + 1]); /* h[k] was already read */
}

ldg_code ldg_merkle_hasher_new(ldg_merkle_hasher **out, ldg_error *err)
{
    hasher *hs = malloc(sizeof(*hs));

    *out = NULL;
    if (!hs || !hasher_open(hs)) {
        free(hs);
        return ldg_error_set(err, LDG_ENOMEM, "could not set up SHA-256 (out of memory)");
    }
    *out = hs;
    return LDG_OK;
}

void ldg_merkle_hasher_free(ldg_merkle_hasher *hs)
{
    if (!hs)
        return;
    hasher_close(hs);
    free(hs);
}

void ldg_merkle_hasher_leaf(ldg_merkle_hasher *hs, ldg_hash *out, const void *entry,
                            size_t len)
{
    hasher_run(hs, out, 0x00, entry, len, NULL, 0);
}

void ldg_merkle_hasher_node(ldg_merkle_hasher *hs, ldg_hash *out, const ldg_hash *left,
                            const ldg_hash *right)
{
    node_of(hs, out, left, right);
}

void ldg_merkle_leaf_hash(ldg_hash *out, const void *entry, size_t len)
{
    hasher hs;

    if (!hasher_open(&hs))
        hash_failed();
    hasher_run(&hs, out, 0x00, entry, len, NULL, 0);
    hasher_close(&hs);
}

void ldg_merkle_node_hash(ldg_hash *out, const ldg_hash *left, const ldg_hash *right)
{
    hasher hs;

    if (!hasher_open(&hs))
        hash_failed();
    node_of(&hs, out, left, right);
    hasher_close(&hs);
}

void ldg_merkle_empty_root(ldg_hash *out)
{
    unsigned int outlen = 0;

    if (EVP_Digest("", 0, out->b, &outlen, sha256(), NULL) != 1 || outlen != LDG_HASH_LEN)
        hash_failed();
}

void ldg_merkle_root_of(ldg_hash *out, const ldg_hash *leaves, uint64_t n)
{
    /* st[0..d) holds the complete subtrees of the leaves so far, largest first: one
     * per set bit of the count, as in a binary counter. */
    ldg_hash st[64];
    unsigned d = 0;
    hasher hs;

    if (n == 0) {
        ldg_merkle_empty_root(out);
        return;
    }
    if (!hasher_open(&hs))
        hash_failed();
    for (uint64_t i = 0; i < n; i++) {
        ldg_hash h = leaves[i];

        for (uint64_t c = i; c & 1; c >>= 1)
            node_of(&hs, &h, &st[--d], &h);
        st[d++] = h;
    }
    while (d > 1) {
        d--;
        node_of(&hs, &st[d - 1], &st[d - 1], &st[d]);
    }
    *out = st[0];
    hasher_close(&hs);
}

/* ---- reading through tiles ---- */

typedef struct tree {
    ldg_tile_reader rd;
    void *ctx;
    hasher hs;
    ldg_error *err;
} tree;

static ldg_code tree_open(tree *t, ldg_tile_reader rd, void *ctx, ldg_error *err)
{
    t->rd = rd;
    t->ctx = ctx;
    t->err = err;
    if (!hasher_open(&t->hs))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    return LDG_OK;
}

static ldg_code read_tile(tree *t, int level, uint64_t index, int width, ldg_hash *out)
{
    char path[PATH_MAX_LEN];
    ldg_code rc = t->rd(t->ctx, level, index, width, out, t->err);

    if (rc == LDG_OK)
        return LDG_OK;
    /* the reader's own message, if it set one, wins */
    if (ldg_tile_path(path, sizeof(path), level, index, width, NULL) != LDG_OK)
        path[0] = '\0';
    return ldg_error_set(t->err, rc, "could not read tile \"%s\"", path);
}

/* Hash of the complete subtree at tree level h, index i: leaves [i*2^h, (i+1)*2^h). */
static ldg_code read_node(tree *t, ldg_hash *out, unsigned h, uint64_t i)
{
    ldg_hash buf[LDG_TILE_WIDTH];
    unsigned level = h / LDG_TILE_HEIGHT, r = h % LDG_TILE_HEIGHT;
    uint64_t first = i << r; /* index of its first hash at level 8 * level */
    unsigned off = (unsigned)(first % LDG_TILE_WIDTH), cnt = 1u << r;
    ldg_code rc;

    /* aligned, so the 2^r hashes never straddle two tiles */
    assert(off + cnt <= LDG_TILE_WIDTH);
    rc = read_tile(t, (int)level, first / LDG_TILE_WIDTH, (int)(off + cnt), buf);
    if (rc != LDG_OK)
        return rc;
    hash_up(&t->hs, buf + off, cnt);
    *out = buf[off];
    return LDG_OK;
}

/*
 * MTH of leaves [a, a+len), len >= 1, a a multiple of the least power of two >= len
 * (true of every range the RFC 9162 recursion visits). The range is the complete
 * subtrees of len's set bits, largest first; they are folded from the right.
 */
static ldg_code range_hash(tree *t, ldg_hash *out, uint64_t a, uint64_t len)
{
    ldg_hash acc, node;
    bool have = false;

    assert(len >= 1);
    for (unsigned b = 0; b < 64; b++) {
        uint64_t bit = UINT64_C(1) << b;
        uint64_t start = a + (len & ~(bit | (bit - 1))); /* after the larger subtrees */
        ldg_code rc;

        if (!(len & bit))
            continue;
        assert((start & (bit - 1)) == 0);
        rc = read_node(t, have ? &node : &acc, b, start >> b);
        if (rc != LDG_OK)
            return rc;
        if (have)
            node_of(&t->hs, &acc, &node, &acc);
        have = true;
    }
    *out = acc;
    return LDG_OK;
}

uint64_t ldg_merkle_split_point(uint64_t n)
{
    uint64_t k = 1;

    while (k < n - k)
        k *= 2;
    return k;
}

static ldg_code check_size(uint64_t size, ldg_error *err)
{
    if (size > LDG_TREE_SIZE_MAX)
        return ldg_error_set(err, LDG_ERANGE,
                             "tree size %" PRIu64 " exceeds the maximum %" PRIu64, size,
                             LDG_TREE_SIZE_MAX);
    return LDG_OK;
}

static void reverse(ldg_hash *h, size_t n)
{
    for (size_t i = 0; i < n / 2; i++) {
        ldg_hash tmp = h[i];

        h[i] = h[n - 1 - i];
        h[n - 1 - i] = tmp;
    }
}

ldg_code ldg_tree_root(ldg_hash *out, uint64_t size, ldg_tile_reader rd, void *ctx,
                       ldg_error *err)
{
    ldg_hash root;
    tree t;
    ldg_code rc = check_size(size, err);

    if (rc != LDG_OK)
        return rc;
    if (size == 0) {
        ldg_merkle_empty_root(out);
        return LDG_OK;
    }
    rc = tree_open(&t, rd, ctx, err);
    if (rc != LDG_OK)
        return rc;
    rc = range_hash(&t, &root, 0, size);
    if (rc == LDG_OK)
        *out = root;
    hasher_close(&t.hs);
    return rc;
}

/*
 * The descent both proofs make from D[0:len): at each split k the side not taken gives
 * one proof hash, root side first, and the proof comes out reversed into RFC 9162's
 * order. PATH (inclusion of leaf m) goes left while m < k and stops at one leaf;
 * SUBPROOF (consistency from size m) goes left while m <= k and stops at the range whose
 * first m leaves are exactly the rest of the old tree, D[a:a+m], whose hash it adds when
 * the descent ever went right (RFC 9162's b is false). *n is set on LDG_OK only.
 */
static ldg_code descend(tree *t, ldg_hash *proof, size_t *n, uint64_t m, uint64_t len,
                        bool subproof)
{
    uint64_t a = 0;
    bool whole = true; /* RFC 9162's b: D[a:a+m] is still the whole old tree */
    size_t cnt = 0;
    ldg_code rc = LDG_OK;

    while (rc == LDG_OK && (subproof ? m != len : len > 1)) {
        uint64_t k = ldg_merkle_split_point(len);

        assert(cnt < LDG_PROOF_MAX);
        if (subproof ? m <= k : m < k) {
            rc = range_hash(t, &proof[cnt++], a + k, len - k);
            len = k;
        } else {
            rc = range_hash(t, &proof[cnt++], a, k);
            a += k;
            m -= k;
            len -= k;
            whole = false;
        }
    }
    if (rc == LDG_OK && subproof && !whole) {
        assert(cnt < LDG_PROOF_MAX);
        rc = range_hash(t, &proof[cnt++], a, m);
    }
    if (rc != LDG_OK)
        return rc;
    reverse(proof, cnt);
    *n = cnt;
    return LDG_OK;
}

ldg_code ldg_tree_inclusion_proof(ldg_hash *proof, size_t *n, uint64_t index,
                                  uint64_t size, ldg_tile_reader rd, void *ctx,
                                  ldg_error *err)
{
    tree t;
    ldg_code rc;

    *n = 0;
    rc = check_size(size, err);
    if (rc != LDG_OK)
        return rc;
    if (index >= size)
        return ldg_error_set(err, LDG_EINVAL,
                             "leaf index %" PRIu64 " is not below tree size %" PRIu64,
                             index, size);
    rc = tree_open(&t, rd, ctx, err);
    if (rc != LDG_OK)
        return rc;
    rc = descend(&t, proof, n, index, size, false); /* PATH(index, D[0:size]) */
    hasher_close(&t.hs);
    return rc;
}

ldg_code ldg_tree_consistency_proof(ldg_hash *proof, size_t *n, uint64_t size1,
                                    uint64_t size2, ldg_tile_reader rd, void *ctx,
                                    ldg_error *err)
{
    tree t;
    ldg_code rc;

    *n = 0;
    rc = check_size(size2, err);
    if (rc != LDG_OK)
        return rc;
    if (size1 == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot prove consistency from the empty tree");
    if (size1 > size2)
        return ldg_error_set(err, LDG_EINVAL,
                             "tree size %" PRIu64 " is larger than tree size %" PRIu64,
                             size1, size2);
    rc = tree_open(&t, rd, ctx, err);
    if (rc != LDG_OK)
        return rc;
    /* SUBPROOF(size1, D[0:size2], true) */
    rc = descend(&t, proof, n, size1, size2, true);
    hasher_close(&t.hs);
    return rc;
}

/* ---- verification (RFC 9162 2.1.3.2 and 2.1.4.2) ---- */

/*
 * Both verification loops consume one proof hash per step, shift fn and sn alike, and
 * must end exactly when sn reaches 0. This dry run counts those steps from the sizes
 * alone, so a proof of any other length is refused before it is read: at most 64 steps,
 * as sn loses a bit in each.
 */
static size_t path_steps(uint64_t fn, uint64_t sn)
{
    size_t steps = 0;

    for (; sn != 0; fn >>= 1, sn >>= 1, steps++)
        if ((fn & 1) || fn == sn)
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
    return steps;
}

/*
 * The hashing loop both verifications share (RFC 9162 2.1.3.2 step 5, 2.1.4.2 step 6),
 * taking proof[0..n) in the steps path_steps() counted: a proof hash to the left of the
 * path folds into sr and, when fr is not NULL, into fr (the old tree's root, which only
 * grows leftwards); one to the right folds into sr alone.
 */
static void walk_proof(hasher *hs, ldg_hash *fr, ldg_hash *sr, uint64_t fn, uint64_t sn,
                       const ldg_hash *proof, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert(sn != 0); /* the step count checked by the caller rules it out */
        if ((fn & 1) || fn == sn) {
            if (fr)
                node_of(hs, fr, &proof[i], fr);
            node_of(hs, sr, &proof[i], sr);
            while (!(fn & 1) && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            node_of(hs, sr, sr, &proof[i]);
        }
        fn >>= 1;
        sn >>= 1;
    }
    assert(sn == 0);
}

ldg_code ldg_merkle_verify_inclusion(const ldg_hash *leaf, uint64_t index, uint64_t size,
                                     const ldg_hash *proof, size_t n,
                                     const ldg_hash *root, ldg_error *err)
{
    uint64_t fn = index, sn;
    size_t want;
    ldg_hash r = *leaf;
    hasher hs;

    if (index >= size)
        return ldg_error_set(err, LDG_EINVAL,
                             "leaf index %" PRIu64 " is not below tree size %" PRIu64,
                             index, size);
    sn = size - 1;
    want = path_steps(fn, sn);
    if (n != want)
        return ldg_error_set(err, LDG_EINVAL,
                             "inclusion proof has %zu hashes where leaf %" PRIu64
                             " in tree size %" PRIu64 " needs %zu",
                             n, index, size, want);
    if (!hasher_open(&hs))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    walk_proof(&hs, NULL, &r, fn, sn, proof, n);
    hasher_close(&hs);
    if (memcmp(r.b, root->b, LDG_HASH_LEN) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "inclusion proof of leaf %" PRIu64
                             " does not match the root of tree size %" PRIu64,
                             index, size);
    return LDG_OK;
}

ldg_code ldg_merkle_verify_consistency(uint64_t size1, uint64_t size2,
                                       const ldg_hash *proof, size_t n,
                                       const ldg_hash *root1, const ldg_hash *root2,
                                       ldg_error *err)
{
    uint64_t fn, sn;
    bool pow2;
    size_t want, skip;
    ldg_hash fr, sr;
    hasher hs;

    if (size1 == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot verify consistency from the empty tree");
    if (size1 > size2)
        return ldg_error_set(err, LDG_EINVAL,
                             "tree size %" PRIu64 " is larger than tree size %" PRIu64,
                             size1, size2);
    if (size1 == size2) {
        if (n != 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "consistency proof between equal tree sizes has %zu "
                                 "hashes, needs none",
                                 n);
        if (memcmp(root1->b, root2->b, LDG_HASH_LEN) != 0)
            return ldg_error_set(err, LDG_EINVAL, "roots of tree size %" PRIu64 " differ",
                                 size1);
        return LDG_OK;
    }
    if (n == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "consistency proof from tree size %" PRIu64 " to %" PRIu64
                             " is empty",
                             size1, size2);
    fn = size1 - 1;
    sn = size2 - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    /* a power-of-two old tree is a node of the new one: its root is the seed */
    pow2 = (size1 & (size1 - 1)) == 0;
    want = path_steps(fn, sn) + (pow2 ? 0 : 1);
    if (n != want)
        return ldg_error_set(err, LDG_EINVAL,
                             "consistency proof has %zu hashes where tree sizes %" PRIu64
                             " to %" PRIu64 " need %zu",
                             n, size1, size2, want);
    if (!hasher_open(&hs))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    fr = sr = pow2 ? *root1 : proof[0];
    skip = pow2 ? 0 : 1;
    walk_proof(&hs, &fr, &sr, fn, sn, proof + skip, n - skip);
    hasher_close(&hs);
    if (memcmp(fr.b, root1->b, LDG_HASH_LEN) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "consistency proof does not match the root of tree size "
                             "%" PRIu64,
                             size1);
    if (memcmp(sr.b, root2->b, LDG_HASH_LEN) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "consistency proof does not match the root of tree size "
                             "%" PRIu64,
                             size2);
    return LDG_OK;
}

/* ---- tile building ---- */

typedef struct tile_level {
    bool active;   /* this level gains hashes */
    uint64_t tile; /* index of the tile being filled */
    unsigned count;
    ldg_hash h[LDG_TILE_WIDTH];
} tile_level;

typedef struct builder {
    tree t;
    ldg_tile_writer emit;
    void *wctx;
    tile_level lv[TILE_LEVELS]; /* lv[0] unused: level 0 is the caller's */
} builder;

static ldg_code emit_tile(builder *b, int level, uint64_t index, unsigned width,
                          const ldg_hash *hashes)
{
    char path[PATH_MAX_LEN];
    ldg_code rc = b->emit(b->wctx, level, index, (int)width, hashes, b->t.err);

    if (rc == LDG_OK)
        return LDG_OK;
    if (ldg_tile_path(path, sizeof(path), level, index, (int)width, NULL) != LDG_OK)
        path[0] = '\0';
    return ldg_error_set(b->t.err, rc, "could not write tile \"%s\"", path);
}

/* Appends h, a new hash at tree level 8 * level; full tiles go out and up at once. */
static ldg_code push_hash(builder *b, int level, const ldg_hash *h)
{
    ldg_hash up = *h;

    for (; level < TILE_LEVELS; level++) {
        tile_level *lv = &b->lv[level];
        ldg_code rc;

        assert(lv->active);
        lv->h[lv->count++] = up;
        if (lv->count < LDG_TILE_WIDTH)
            return LDG_OK;
        rc = emit_tile(b, level, lv->tile, LDG_TILE_WIDTH, lv->h);
        if (rc != LDG_OK)
            return rc;
        hash_up(&b->t.hs, lv->h, LDG_TILE_WIDTH);
        up = lv->h[0];
        lv->tile++;
        lv->count = 0;
    }
    /* a full level-7 tile covers 2^64 leaves, beyond LDG_TREE_SIZE_MAX */
    return ldg_error_set(b->t.err, LDG_EINTERNAL, "tile level above 7 filled up");
}

static ldg_code extend(builder *b, uint64_t old_size, uint64_t new_size,
                       const ldg_tile_roots *known)
{
    ldg_hash buf[LDG_TILE_WIDTH];
    ldg_code rc;

    for (int level = 1; level < TILE_LEVELS; level++) {
        tile_level *lv = &b->lv[level];
        unsigned shift = (unsigned)level * LDG_TILE_HEIGHT;
        uint64_t have = old_size >> shift; /* hashes at tree level 8 * level */

        lv->active = (new_size >> shift) > have;
        lv->tile = have / LDG_TILE_WIDTH;
        lv->count = (unsigned)(have % LDG_TILE_WIDTH);
        if (lv->active && lv->count > 0) {
            /* the partial tile of old_size: the new hashes go after it */
            rc = read_tile(&b->t, level, lv->tile, (int)lv->count, lv->h);
            if (rc != LDG_OK)
                return rc;
        }
    }
    for (uint64_t j = old_size / LDG_TILE_WIDTH; j < new_size / LDG_TILE_WIDTH; j++) {
        if (known && j >= known->first && j - known->first < known->n) {
            buf[0] = known->roots[j - known->first]; /* the caller rebuilt the tile */
        } else {
            rc = read_tile(&b->t, 0, j, LDG_TILE_WIDTH, buf);
            if (rc != LDG_OK)
                return rc;
            hash_up(&b->t.hs, buf, LDG_TILE_WIDTH);
        }
        rc = push_hash(b, 1, &buf[0]);
        if (rc != LDG_OK)
            return rc;
    }
    for (int level = 1; level < TILE_LEVELS; level++) {
        tile_level *lv = &b->lv[level];

        if (!lv->active || lv->count == 0)
            continue;
        rc = emit_tile(b, level, lv->tile, lv->count, lv->h);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

ldg_code ldg_tiles_extend(uint64_t old_size, uint64_t new_size, ldg_tile_reader rd,
                          void *rctx, ldg_tile_writer emit, void *wctx, ldg_error *err)
{
    return ldg_tiles_extend_known(old_size, new_size, NULL, rd, rctx, emit, wctx, err);
}

ldg_code ldg_tiles_extend_known(uint64_t old_size, uint64_t new_size,
                                const ldg_tile_roots *known, ldg_tile_reader rd,
                                void *rctx, ldg_tile_writer emit, void *wctx,
                                ldg_error *err)
{
    builder *b;
    ldg_code rc = check_size(new_size, err);

    if (rc != LDG_OK)
        return rc;
    if (old_size > new_size)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot shrink the tree from size %" PRIu64 " to %" PRIu64,
                             old_size, new_size);
    if (old_size / LDG_TILE_WIDTH == new_size / LDG_TILE_WIDTH)
        return LDG_OK; /* no level-1 hash completed, so no tile above 0 changed */
    b = malloc(sizeof(*b));
    if (!b)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    b->emit = emit;
    b->wctx = wctx;
    rc = tree_open(&b->t, rd, rctx, err);
    if (rc == LDG_OK) {
        rc = extend(b, old_size, new_size, known);
        hasher_close(&b->t.hs);
    }
    free(b);
    return rc;
}

/* ---- paths and encodings ---- */

ldg_code ldg_tile_path(char *buf, size_t size, int level, uint64_t index, int width,
                       ldg_error *err)
{
    char digits[32], path[PATH_MAX_LEN];
    size_t nd, pad, groups, pos;
    int w;

    if (level < 0 || level > 63)
        return ldg_error_set(err, LDG_EINVAL, "tile level %d is not in 0..63", level);
    if (width < 1 || width > LDG_TILE_WIDTH)
        return ldg_error_set(err, LDG_EINVAL, "tile width %d is not in 1..256", width);
    /* N zero-padded to a multiple of 3 digits */
    w = snprintf(digits + 2, sizeof(digits) - 2, "%" PRIu64, index);
    assert(w > 0 && (size_t)w < sizeof(digits) - 2);
    nd = (size_t)w;
    pad = (3 - nd % 3) % 3;
    memset(digits + 2 - pad, '0', pad);
    groups = (nd + pad) / 3;
    w = snprintf(path, sizeof(path), "tile/%d/", level);
    assert(w > 0);
    pos = (size_t)w;
    for (size_t g = 0; g < groups; g++) {
        if (g + 1 < groups)
            path[pos++] = 'x';
        memcpy(path + pos, digits + 2 - pad + 3 * g, 3);
        pos += 3;
        if (g + 1 < groups)
            path[pos++] = '/';
    }
    if (width < LDG_TILE_WIDTH) {
        w = snprintf(path + pos, sizeof(path) - pos, ".p/%d", width);
        assert(w > 0);
        pos += (size_t)w;
    } else {
        path[pos] = '\0';
    }
    assert(pos < sizeof(path));
    if (pos + 1 > size)
        return ldg_error_set(err, LDG_ERANGE,
                             "tile path \"%s\" needs %zu bytes, the buffer holds %zu",
                             path, pos + 1, size);
    memcpy(buf, path, pos + 1);
    return LDG_OK;
}

void ldg_hash_to_base64(char out[45], const ldg_hash *h)
{
    ldg_b64_encode(out, h->b, LDG_HASH_LEN);
}

ldg_code ldg_hash_from_base64(ldg_hash *out, const char *s, size_t len, ldg_error *err)
{
    uint8_t b[LDG_HASH_LEN + 1]; /* the decoder writes the padding's byte too */
    size_t n = 0;

    if (len != 44)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid base64 hash: %zu characters, expected 44", len);
    for (size_t i = 0; i < 43; i++)
        if (ldg_b64_value((unsigned char)s[i]) < 0)
            return ldg_error_set(
                err, LDG_EINVAL,
                "invalid base64 hash: unexpected character at offset %zu", i);
    if (s[43] != '=')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid base64 hash: expected '=' at offset 43");
    /* the last two bits of the final sextet are padding and must be zero, so that each
     * hash has exactly one encoding */
    if (ldg_b64_value((unsigned char)s[42]) & 3)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid base64 hash: nonzero bits in the padding");
    /* the checks above are the decoder's own, made first to say where it fails */
    if (ldg_b64_decode(b, sizeof(b), &n, s, len) != 0 || n != LDG_HASH_LEN)
        return ldg_error_set(err, LDG_EINVAL, "invalid base64 hash");
    memcpy(out->b, b, LDG_HASH_LEN);
    return LDG_OK;
}

void ldg_hash_to_hex(char out[65], const ldg_hash *h)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < LDG_HASH_LEN; i++) {
        out[2 * i] = digits[h->b[i] >> 4];
        out[2 * i + 1] = digits[h->b[i] & 15];
    }
    out[2 * LDG_HASH_LEN] = '\0';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

ldg_code ldg_hash_from_hex(ldg_hash *out, const char *s, size_t len, ldg_error *err)
{
    uint8_t b[LDG_HASH_LEN];

    if (len != 2 * LDG_HASH_LEN)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid hex hash: %zu characters, expected 64", len);
    for (size_t i = 0; i < LDG_HASH_LEN; i++) {
        int hi = hex_value(s[2 * i]), lo = hex_value(s[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid hex hash: unexpected character at offset %zu",
                                 hi < 0 ? 2 * i : 2 * i + 1);
        b[i] = (uint8_t)(hi << 4 | lo);
    }
    memcpy(out->b, b, LDG_HASH_LEN);
    return LDG_OK;
}
