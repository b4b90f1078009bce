/*
 * RFC 9162 Merkle trees over SHA-256, stored as C2SP tlog-tiles (height 8).
 *
 * Hashes: leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right).
 * A tile at tile-level L, index N, width W (1..256) holds the W hashes at tree level
 * 8L, indices N*256 .. N*256+W-1; level-0 tiles hold leaf hashes. Every tree hash,
 * root and proof is computed from tiles through a caller-supplied reader, so the pure
 * core never touches storage and a proof costs O(log n) tile reads.
 */
#ifndef LEASELEDGER_MERKLE_H
#define LEASELEDGER_MERKLE_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_HASH_LEN    32
#define LDG_TILE_HEIGHT 8
#define LDG_TILE_WIDTH  256
#define LDG_PROOF_MAX   64 /* hashes in any proof of a tree below 2^63 leaves */
/* Largest tree size that roots, proofs and tile building accept (LDG_ERANGE above). */
#define LDG_TREE_SIZE_MAX ((uint64_t)INT64_MAX)

typedef struct ldg_hash {
    uint8_t b[LDG_HASH_LEN];
} ldg_hash;

/*
 * Leaf and interior hashes. Thread-safe: each call uses its own short-lived OpenSSL
 * digest context, as EVP_Digest does. SHA-256 fails only when OpenSSL runs out of
 * memory, which these void functions cannot report: they abort the process then
 * rather than hand out a wrong hash (so does ldg_merkle_root_of).
 */
void ldg_merkle_leaf_hash(ldg_hash *out, const void *entry, size_t len);
void ldg_merkle_node_hash(ldg_hash *out, const ldg_hash *left, const ldg_hash *right);
/* SHA-256 of nothing: the root of the empty tree. */
void ldg_merkle_empty_root(ldg_hash *out);

/* Root over n leaf hashes held in memory (RFC 9162 MTH). n may be 0. */
void ldg_merkle_root_of(ldg_hash *out, const ldg_hash *leaves, uint64_t n);

/*
 * The same hashes, many in a row, through one OpenSSL digest context: for callers that
 * hash a whole bundle or proof (bundle*.c), so that the SHA-256 set-up lives here alone.
 * Not thread-safe: one hasher per thread. On LDG_OK free *out with
 * ldg_merkle_hasher_free() (NULL is accepted); LDG_ENOMEM otherwise. leaf and node
 * abort as the functions above do; out may alias left or right.
 */
typedef struct ldg_merkle_hasher ldg_merkle_hasher;
ldg_code ldg_merkle_hasher_new(ldg_merkle_hasher **out, ldg_error *err);
void ldg_merkle_hasher_free(ldg_merkle_hasher *hs);
void ldg_merkle_hasher_leaf(ldg_merkle_hasher *hs, ldg_hash *out, const void *entry,
                            size_t len);
void ldg_merkle_hasher_node(ldg_merkle_hasher *hs, ldg_hash *out, const ldg_hash *left,
                            const ldg_hash *right);

/* RFC 9162's split of a range of n >= 2 leaves: the largest power of two strictly below
 * n. Every tree computation here, and the bundle's multi-proof, splits there. */
uint64_t ldg_merkle_split_point(uint64_t n);

/*
 * Reads `width` hashes from tile (level, index) into out (width * 32 bytes). The tile
 * may be stored wider than asked (a full tile when a partial one is requested); the
 * reader copies the first `width`. Returns LDG_ENOTFOUND if no stored tile is that wide.
 */
typedef ldg_code (*ldg_tile_reader)(void *ctx, int level, uint64_t index, int width,
                                    ldg_hash *out, ldg_error *err);

/*
 * Root of the tree of `size` leaves, from tiles (the empty root when size is 0).
 * LDG_ERANGE if size > LDG_TREE_SIZE_MAX. A reader's error code is returned as is,
 * with its message, or with 'could not read tile "tile/..."' if it set none.
 */
ldg_code ldg_tree_root(ldg_hash *out, uint64_t size, ldg_tile_reader rd, void *ctx,
                       ldg_error *err);

/*
 * Inclusion proof (RFC 9162 2.1.3.1) of leaf `index` in the tree of `size` leaves, from
 * tiles. proof holds LDG_PROOF_MAX hashes; *n receives the count. Proof order is RFC
 * 9162's: from the leaf's sibling up to the root's child. LDG_EINVAL if index >= size,
 * LDG_ERANGE if size > LDG_TREE_SIZE_MAX, or the reader's error.
 */
ldg_code ldg_tree_inclusion_proof(ldg_hash *proof, size_t *n, uint64_t index,
                                  uint64_t size, ldg_tile_reader rd, void *ctx,
                                  ldg_error *err);

/*
 * Consistency proof (RFC 9162 2.1.4.1) from size1 to size2, 0 < size1 <= size2 (empty
 * when they are equal). LDG_EINVAL otherwise, LDG_ERANGE if size2 > LDG_TREE_SIZE_MAX,
 * or the reader's error.
 */
ldg_code ldg_tree_consistency_proof(ldg_hash *proof, size_t *n, uint64_t size1,
                                    uint64_t size2, ldg_tile_reader rd, void *ctx,
                                    ldg_error *err);

/*
 * RFC 9162 2.1.3.2: LDG_OK when proof shows leaf at index is in the tree of size with
 * root; LDG_EINVAL naming the reason otherwise (index >= size, wrong length, mismatch).
 * Any uint64 index and size are handled; proof is read only up to the length the sizes
 * call for, so a hostile n cannot make it read out of bounds.
 */
ldg_code ldg_merkle_verify_inclusion(const ldg_hash *leaf, uint64_t index, uint64_t size,
                                     const ldg_hash *proof, size_t n,
                                     const ldg_hash *root, ldg_error *err);

/*
 * RFC 9162 2.1.4.2. Policy (as transparency-dev/merkle): size1 == 0 rejected; size1 >
 * size2 rejected; size1 == size2 needs an empty proof and equal roots.
 */
ldg_code ldg_merkle_verify_consistency(uint64_t size1, uint64_t size2,
                                       const ldg_hash *proof, size_t n,
                                       const ldg_hash *root1, const ldg_hash *root2,
                                       ldg_error *err);

/*
 * Tile building. Given a tree grown from old_size to new_size whose level-0 tiles are
 * already readable through rd up to new_size, computes every tile of level >= 1 that
 * changed and calls emit(ctx, level, index, width, hashes) for each: every tile that
 * became full, and the final partial tile of each level (width floor(new_size / 256^L)
 * mod 256; none when that is 0). Emits nothing for level 0 (the caller wrote those when
 * it appended the leaves). Order: a tile is emitted after every lower tile it summarises
 * (within a level, by index); the partial tiles come last, lowest level first.
 *
 * Reads level-0 tiles [old_size / 256, new_size / 256) in full, and of each level that
 * changes the stored prefix of its first changed tile (so the tiles of old_size must be
 * readable); it never reads back what it emitted. Memory is bounded (one tile per
 * level). hashes is borrowed for the duration of the call. LDG_EINVAL if old_size >
 * new_size, LDG_ERANGE if new_size > LDG_TREE_SIZE_MAX; errors of rd and emit are
 * returned unchanged, and tiles emitted before an error stay emitted.
 */
typedef ldg_code (*ldg_tile_writer)(void *ctx, int level, uint64_t index, int width,
                                    const ldg_hash *hashes, ldg_error *err);
ldg_code ldg_tiles_extend(uint64_t old_size, uint64_t new_size, ldg_tile_reader rd,
                          void *rctx, ldg_tile_writer emit, void *wctx, ldg_error *err);

/*
 * The roots of whole level-0 tiles first .. first + n - 1, which the caller rebuilt
 * from the log's records itself (seal_ahead.h): each is the level-1 hash of its tile.
 */
typedef struct ldg_tile_roots {
    uint64_t first;
    const ldg_hash *roots;
    size_t n;
} ldg_tile_roots;

/* As ldg_tiles_extend, but a level-0 tile known holds is not read: its root is taken
 * from known (NULL: every tile is read, as ldg_tiles_extend). */
ldg_code ldg_tiles_extend_known(uint64_t old_size, uint64_t new_size,
                                const ldg_tile_roots *known, ldg_tile_reader rd,
                                void *rctx, ldg_tile_writer emit, void *wctx,
                                ldg_error *err);

/*
 * Tile path per C2SP tlog-tiles: "tile/<L>/<N>[.p/<W>]" with N in 3-digit groups,
 * all but the last prefixed 'x' ("x001/x234/067"). width 256 means a full tile.
 * Writes into buf (size bytes, NUL included); LDG_ERANGE if it does not fit, LDG_EINVAL
 * if level is not 0..63 or width not 1..256. At most 48 bytes are ever needed.
 */
ldg_code ldg_tile_path(char *buf, size_t size, int level, uint64_t index, int width,
                       ldg_error *err);

/*
 * Encoding helpers: standard padded base64 of a hash, and back. Decoding is strict:
 * exactly 44 characters of s[0..len), one '=' and zero padding bits, else LDG_EINVAL.
 */
void ldg_hash_to_base64(char out[45], const ldg_hash *h);
ldg_code ldg_hash_from_base64(ldg_hash *out, const char *s, size_t len, ldg_error *err);
void ldg_hash_to_hex(char out[65], const ldg_hash *h);
/* Exactly 64 hex digits (either case) into a hash; LDG_EINVAL otherwise. */
ldg_code ldg_hash_from_hex(ldg_hash *out, const char *s, size_t len, ldg_error *err);

#endif
