/*
 * The multi-proof of an evidence bundle (bundle.h draws it): RFC 9162's MTH recursion,
 * the same math as merkle.c beside it, run over the covered leaves instead of the
 * whole tree. See bundle_int.h for the family.
 *
 * Invariant: the writer and the verifier run the one recursion (mp_range), one
 * collecting the nodes it needs, the other consuming them in that order, so the two
 * cannot disagree about which nodes a bundle carries or in what order. A range holding
 * covered leaves recurses; a range holding none is a hash, given as the complete
 * subtrees it splits into (aligned, since every range of the recursion starts at a
 * multiple of a power of two at least its length). Depth is at most 64, one level per
 * split of a tree below 2^63 leaves.
 *
 * Dropped: per-entry inclusion proofs (records x log n hashes, where the multi-proof
 * shares them), and a tree of node structs (the recursion needs none: the nodes are
 * consumed in order).
 */
#include "ledger/bundle_int.h"

#include <inttypes.h>

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
    ldg_merkle_hasher *h;
    const unsigned *level;
    const uint64_t *index;
    const ldg_hash *nodes;
    size_t nnodes, next;
    ldg_error *err;
} mp;

size_t ldg_bundle__lower_bound(const uint64_t *idx, size_t a, size_t b, uint64_t v)
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
            ldg_merkle_hasher_node(m->h, &acc, &part[i], &acc);
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
    k = ldg_merkle_split_point(n);
    mid = ldg_bundle__lower_bound(m->idx, a, b, lo + k);
    rc = mp_range(m, &left, lo, k, a, mid);
    if (rc == LDG_OK)
        rc = mp_range(m, &right, lo + k, n - k, mid, b);
    if (rc == LDG_OK && m->h)
        ldg_merkle_hasher_node(m->h, out, &left, &right);
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

ldg_code ldg_bundle__proof_root(ldg_merkle_hasher *h, ldg_hash *out, const uint64_t *idx,
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
    ldg_merkle_hasher *h = NULL;
    ldg_code rc = ldg_merkle_hasher_new(&h, err);

    if (rc != LDG_OK)
        return rc;
    rc = ldg_bundle__proof_root(h, out, idx, leaves, n, size, level, index, nodes, nnodes,
                                err);
    ldg_merkle_hasher_free(h);
    return rc;
}
