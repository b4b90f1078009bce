/*
 * Unit tests of ledger/merkle.c against the published vectors: RFC 6962 / RFC 9162
 * hashes, roots and proofs (transparency-dev/merkle test data, rfc6962.json) and C2SP
 * tlog-tiles paths and tile sets (tlog-tiles.json).
 *
 * Tiles are served by an in-memory store written here: level-0 tiles are stored as the
 * leaves are appended (the caller's job), higher tiles are whatever ldg_tiles_extend
 * emits. The store refuses a rewrite that changes a stored hash or does not widen the
 * tile, so a wrong or redundant emission fails the test that caused it.
 */
#include "ledger/merkle.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#define TILE_LEVELS 8

/* ---- vectors ---- */

/*
 * rfc6962.json holds a leaf index of 2^64 - 1 ("leafIdx sub @1") as a bare JSON
 * number, which Jansson refuses ("too big integer"). Before parsing, every unquoted
 * run of 19 or more digits is turned into a string; index_of() reads either form.
 */
static char *quote_big_integers(const char *text)
{
    size_t len = strlen(text), o = 0;
    char *out = malloc(2 * len + 1);
    bool in_string = false;

    assert_non_null(out);
    for (size_t i = 0; i < len;) {
        char c = text[i];

        if (in_string) {
            out[o++] = c;
            if (c == '\\' && i + 1 < len)
                out[o++] = text[++i];
            else if (c == '"')
                in_string = false;
            i++;
        } else if (c >= '0' && c <= '9') {
            size_t j = i;

            while (j < len && text[j] >= '0' && text[j] <= '9')
                j++;
            if (j - i >= 19)
                out[o++] = '"';
            memcpy(out + o, text + i, j - i);
            o += j - i;
            if (j - i >= 19)
                out[o++] = '"';
            i = j;
        } else {
            in_string = c == '"';
            out[o++] = c;
            i++;
        }
    }
    out[o] = '\0';
    return out;
}

static json_t *load_vectors(const char *name)
{
    char path[512];
    FILE *f;
    long size;
    char *text, *quoted;
    json_t *root;
    json_error_t jerr;

    snprintf(path, sizeof(path), "%s/%s", LDG_VECTORS_DIR, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    size = ftell(f);
    assert_true(size > 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    fclose(f);
    quoted = quote_big_integers(text);
    free(text);
    root = json_loads(quoted, 0, &jerr);
    free(quoted);
    if (!root)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    return root;
}

static json_t *get(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);

    if (!v)
        fail_msg("vector has no \"%s\"", key);
    return v;
}

static const char *str_of(const json_t *obj, const char *key)
{
    const char *s = json_string_value(get(obj, key));

    assert_non_null(s);
    return s;
}

static uint64_t parse_u64(const char *s)
{
    uint64_t n = 0;

    assert_non_null(s);
    assert_true(*s != '\0');
    for (; *s; s++) {
        unsigned d = (unsigned)(*s - '0');

        assert_true(d <= 9);
        assert_true(n <= (UINT64_MAX - d) / 10);
        n = n * 10 + d;
    }
    return n;
}

static uint64_t index_of(const json_t *obj, const char *key)
{
    const json_t *v = get(obj, key);

    if (json_is_integer(v)) {
        assert_true(json_integer_value(v) >= 0);
        return (uint64_t)json_integer_value(v);
    }
    return parse_u64(json_string_value(v));
}

static size_t hex_bytes(uint8_t *out, size_t cap, const char *hex)
{
    size_t len = strlen(hex);

    assert_int_equal(len % 2, 0);
    assert_true(len / 2 <= cap);
    for (size_t i = 0; i < len / 2; i++) {
        unsigned v;

        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
    return len / 2;
}

static ldg_hash hash_hex(const char *hex)
{
    ldg_hash h;
    ldg_error err = { 0 };

    if (ldg_hash_from_hex(&h, hex, strlen(hex), &err) != LDG_OK)
        fail_msg("%s: %s", hex, err.message);
    return h;
}

static void assert_hash_equal(const ldg_hash *a, const ldg_hash *b)
{
    char ha[65], hb[65];

    ldg_hash_to_hex(ha, a);
    ldg_hash_to_hex(hb, b);
    assert_string_equal(ha, hb);
}

/* The 8 leaf hashes of the RFC 6962 test tree. */
static void vector_leaves(const json_t *v, ldg_hash leaves[8])
{
    const json_t *arr = get(v, "leaf_hashes");

    assert_int_equal(json_array_size(arr), 8);
    for (size_t i = 0; i < 8; i++)
        leaves[i] = hash_hex(json_string_value(json_array_get(arr, i)));
}

/* ---- an in-memory tile store ---- */

typedef struct stored_tile {
    int width; /* 0: absent */
    ldg_hash h[LDG_TILE_WIDTH];
} stored_tile;

typedef struct emitted {
    int level;
    uint64_t index;
    int width;
} emitted;

typedef struct tile_store {
    stored_tile *tiles[TILE_LEVELS];
    size_t cap[TILE_LEVELS];
    uint64_t size;
    unsigned long reads;
    int fail_level;       /* reads of this level fail with LDG_EIO; -1 none */
    bool silent_failure;  /* ... without setting a message */
    int fail_write_level; /* writes of this level fail; -1 none */
    emitted log[64];
    size_t nlog;
} tile_store;

static void store_init(tile_store *st)
{
    memset(st, 0, sizeof(*st));
    st->fail_level = -1;
    st->fail_write_level = -1;
}

static void store_free(tile_store *st)
{
    for (int l = 0; l < TILE_LEVELS; l++)
        free(st->tiles[l]);
}

static const stored_tile *store_get(const tile_store *st, int level, uint64_t index)
{
    if (index >= st->cap[level] || st->tiles[level][index].width == 0)
        return NULL;
    return &st->tiles[level][index];
}

static void store_put(tile_store *st, int level, uint64_t index, int width,
                      const ldg_hash *hashes)
{
    stored_tile *t;

    assert_true(width >= 1 && width <= LDG_TILE_WIDTH);
    if (index >= st->cap[level]) {
        size_t cap = (size_t)index * 2 + 4;

        st->tiles[level] = realloc(st->tiles[level], cap * sizeof(stored_tile));
        assert_non_null(st->tiles[level]);
        memset(st->tiles[level] + st->cap[level], 0,
               (cap - st->cap[level]) * sizeof(stored_tile));
        st->cap[level] = cap;
    }
    t = &st->tiles[level][index];
    /* tiles only grow, and what they held stays */
    assert_true(width > t->width);
    assert_memory_equal(t->h, hashes, (size_t)t->width * sizeof(ldg_hash));
    memcpy(t->h, hashes, (size_t)width * sizeof(ldg_hash));
    t->width = width;
}

static ldg_code store_read(void *ctx, int level, uint64_t index, int width, ldg_hash *out,
                           ldg_error *err)
{
    tile_store *st = ctx;
    const stored_tile *t;

    st->reads++;
    assert_true(level >= 0 && level < TILE_LEVELS);
    assert_true(width >= 1 && width <= LDG_TILE_WIDTH);
    if (level == st->fail_level) {
        if (st->silent_failure)
            return LDG_EIO;
        return ldg_error_set(err, LDG_EIO, "injected read failure");
    }
    t = store_get(st, level, index);
    if (!t || t->width < width)
        return ldg_error_set(err, LDG_ENOTFOUND, "tile %d/%" PRIu64 " is not stored",
                             level, index);
    memcpy(out, t->h, (size_t)width * sizeof(ldg_hash));
    return LDG_OK;
}

static ldg_code store_write(void *ctx, int level, uint64_t index, int width,
                            const ldg_hash *hashes, ldg_error *err)
{
    tile_store *st = ctx;

    (void)err;
    assert_true(level >= 1 && level < TILE_LEVELS);
    if (level == st->fail_write_level)
        return LDG_EIO;
    store_put(st, level, index, width, hashes);
    if (st->nlog < sizeof(st->log) / sizeof(st->log[0]))
        st->log[st->nlog] = (emitted){ level, index, width };
    st->nlog++;
    return LDG_OK;
}

/* Appends leaves[size..new_size) as level-0 tiles, then extends the upper tiles. */
static void store_grow(tile_store *st, const ldg_hash *leaves, uint64_t new_size)
{
    ldg_error err = { 0 };
    uint64_t old = st->size;

    for (uint64_t t = old / LDG_TILE_WIDTH;
         old < new_size && t * LDG_TILE_WIDTH < new_size; t++) {
        uint64_t end = (t + 1) * LDG_TILE_WIDTH;

        if (end > new_size)
            end = new_size;
        store_put(st, 0, t, (int)(end - t * LDG_TILE_WIDTH), leaves + t * LDG_TILE_WIDTH);
    }
    st->size = new_size;
    st->nlog = 0;
    if (ldg_tiles_extend(old, new_size, store_read, st, store_write, st, &err) != LDG_OK)
        fail_msg("extend %" PRIu64 " -> %" PRIu64 ": %s", old, new_size, err.message);
}

static void tile_name(char *buf, size_t size, int level, uint64_t index, int width)
{
    assert_int_equal(ldg_tile_path(buf, size, level, index, width, NULL), LDG_OK);
}

/* The tiles the last store_grow emitted, as paths joined by spaces. */
static void emitted_paths(const tile_store *st, char *buf, size_t size)
{
    size_t pos = 0;

    buf[0] = '\0';
    assert_true(st->nlog <= sizeof(st->log) / sizeof(st->log[0]));
    for (size_t i = 0; i < st->nlog; i++) {
        char p[64];

        tile_name(p, sizeof(p), st->log[i].level, st->log[i].index, st->log[i].width);
        pos += (size_t)snprintf(buf + pos, size - pos, "%s%s", i ? " " : "", p);
        assert_true(pos < size);
    }
}

/* Leaf hashes of n synthetic entries "entry <i>". */
static ldg_hash *synthetic_leaves(uint64_t n)
{
    ldg_hash *leaves = malloc((size_t)n * sizeof(ldg_hash));

    assert_non_null(leaves);
    for (uint64_t i = 0; i < n; i++) {
        char entry[32];
        int len = snprintf(entry, sizeof(entry), "entry %" PRIu64, i);

        ldg_merkle_leaf_hash(&leaves[i], entry, (size_t)len);
    }
    return leaves;
}

/* splitmix64: a fixed, seeded sequence, so a failure replays. */
static uint64_t rnd(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static unsigned bit_length(uint64_t n)
{
    unsigned b = 0;

    for (; n; n >>= 1)
        b++;
    return b;
}

/* ---- hashes ---- */

static void test_leaf_hashes_match_vectors(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *inputs = get(v, "leaf_inputs"), *hashes = get(v, "leaf_hashes");

    (void)state;
    assert_int_equal(json_array_size(inputs), 8);
    for (size_t i = 0; i < json_array_size(inputs); i++) {
        uint8_t entry[64];
        size_t len =
            hex_bytes(entry, sizeof(entry), json_string_value(json_array_get(inputs, i)));
        ldg_hash got, want = hash_hex(json_string_value(json_array_get(hashes, i)));

        ldg_merkle_leaf_hash(&got, entry, len);
        assert_hash_equal(&got, &want);
    }
    json_decref(v);
}

static void test_node_hashes_match_vectors_by_level(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *levels = get(get(v, "node_hashes_by_level"), "levels");

    (void)state;
    assert_int_equal(json_array_size(levels), 4);
    for (size_t l = 0; l + 1 < json_array_size(levels); l++) {
        const json_t *lower = json_array_get(levels, l),
                     *upper = json_array_get(levels, l + 1);

        assert_int_equal(json_array_size(upper) * 2, json_array_size(lower));
        for (size_t i = 0; i < json_array_size(upper); i++) {
            ldg_hash left = hash_hex(json_string_value(json_array_get(lower, 2 * i)));
            ldg_hash right =
                hash_hex(json_string_value(json_array_get(lower, 2 * i + 1)));
            ldg_hash want = hash_hex(json_string_value(json_array_get(upper, i)));
            ldg_hash got;

            ldg_merkle_node_hash(&got, &left, &right);
            assert_hash_equal(&got, &want);
        }
    }
    json_decref(v);
}

static void test_empty_root_is_sha256_of_nothing(void **state)
{
    ldg_hash got;
    ldg_hash want =
        hash_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    (void)state;
    ldg_merkle_empty_root(&got);
    assert_hash_equal(&got, &want);
    ldg_merkle_root_of(&got, NULL, 0);
    assert_hash_equal(&got, &want);
}

/* ---- roots ---- */

static void test_root_of_in_memory_sizes_0_to_8(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *roots = get(v, "roots");
    ldg_hash leaves[8];

    (void)state;
    vector_leaves(v, leaves);
    assert_int_equal(json_array_size(roots), 9);
    for (size_t i = 0; i < json_array_size(roots); i++) {
        const json_t *r = json_array_get(roots, i);
        ldg_hash got, want = hash_hex(str_of(r, "root"));
        uint64_t size = index_of(r, "tree_size");

        assert_int_equal(size, i);
        ldg_merkle_root_of(&got, leaves, size);
        assert_hash_equal(&got, &want);
    }
    json_decref(v);
}

static void test_root_from_tiles_sizes_0_to_8(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *roots = get(v, "roots");
    ldg_hash leaves[8];
    tile_store st;
    ldg_error err = { 0 };

    (void)state;
    vector_leaves(v, leaves);
    store_init(&st);
    /* grown one leaf at a time: every root read from a partial tile of its own width */
    for (uint64_t size = 0; size <= 8; size++) {
        ldg_hash got, want = hash_hex(str_of(json_array_get(roots, size), "root"));

        store_grow(&st, leaves, size);
        assert_int_equal(st.nlog, 0); /* no level-1 tile below 256 leaves */
        assert_int_equal(ldg_tree_root(&got, size, store_read, &st, &err), LDG_OK);
        assert_hash_equal(&got, &want);
    }
    /* again at size 8: older roots read the first hashes of the wider tile */
    for (uint64_t size = 0; size <= 8; size++) {
        ldg_hash got, want = hash_hex(str_of(json_array_get(roots, size), "root"));

        assert_int_equal(ldg_tree_root(&got, size, store_read, &st, &err), LDG_OK);
        assert_hash_equal(&got, &want);
    }
    store_free(&st);
    json_decref(v);
}

static void test_tile_of_8_leaf_tree_matches_vector(void **state)
{
    json_t *v = load_vectors("rfc6962.json"), *t = load_vectors("tlog-tiles.json");
    const json_t *tree8 = get(t, "test_tree_8_leaves");
    ldg_hash leaves[8], root,
        want_root = hash_hex(str_of(tree8, "root_from_tile_hashes_hex"));
    uint8_t want[8 * LDG_HASH_LEN];
    const stored_tile *tile;
    tile_store st;
    char path[64];

    (void)state;
    vector_leaves(v, leaves);
    store_init(&st);
    store_grow(&st, leaves, 8);
    tile = store_get(&st, 0, 0);
    assert_non_null(tile);
    assert_int_equal(hex_bytes(want, sizeof(want), str_of(tree8, "tile_hex")),
                     (size_t)index_of(tree8, "tile_length"));
    assert_int_equal((size_t)tile->width * LDG_HASH_LEN, sizeof(want));
    assert_memory_equal(tile->h, want, sizeof(want));
    tile_name(path, sizeof(path), 0, 0, tile->width);
    assert_string_equal(path, str_of(tree8, "tile_path"));
    assert_int_equal(ldg_tree_root(&root, 8, store_read, &st, NULL), LDG_OK);
    assert_hash_equal(&root, &want_root);
    store_free(&st);
    json_decref(v);
    json_decref(t);
}

/* ---- proofs against the upstream probes ---- */

/*
 * Upstream probe hashes are byte strings of any length; ours are 32 bytes by type, and
 * the decoders refuse any other length (asserted here). To classify such probes with
 * the verifier itself, a short or long string is padded (or cut) to 32 bytes with a
 * filler byte that depends on its role (0x00 leaf and proof, 0xff root): equal strings
 * of a role stay equal, unequal ones unequal, and an empty leaf never meets an empty
 * root, so each probe keeps what upstream rejects it for.
 */
static ldg_hash probe_hash(const char *hex, uint8_t filler)
{
    ldg_hash h;
    uint8_t bytes[64];
    size_t len = hex_bytes(bytes, sizeof(bytes), hex);

    if (len == LDG_HASH_LEN)
        return hash_hex(hex);
    assert_int_equal(ldg_hash_from_hex(&h, hex, strlen(hex), NULL), LDG_EINVAL);
    memset(h.b, filler, LDG_HASH_LEN);
    memcpy(h.b, bytes, len < LDG_HASH_LEN ? len : LDG_HASH_LEN);
    return h;
}

static size_t probe_proof(const json_t *p, ldg_hash *proof, size_t cap)
{
    const json_t *arr = get(p, "proof");
    size_t n = json_array_size(arr);

    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++)
        proof[i] = probe_hash(json_string_value(json_array_get(arr, i)), 0x00);
    return n;
}

static ldg_code run_inclusion_probe(const json_t *p, ldg_error *err)
{
    ldg_hash proof[LDG_PROOF_MAX + 2];
    size_t n = probe_proof(p, proof, LDG_PROOF_MAX + 2);
    ldg_hash leaf = probe_hash(str_of(p, "leaf_hash"), 0x00);
    ldg_hash root = probe_hash(str_of(p, "root"), 0xff);

    return ldg_merkle_verify_inclusion(&leaf, index_of(p, "leaf_index"),
                                       index_of(p, "tree_size"), proof, n, &root, err);
}

static ldg_code run_consistency_probe(const json_t *p, ldg_error *err)
{
    ldg_hash proof[LDG_PROOF_MAX + 2];
    size_t n = probe_proof(p, proof, LDG_PROOF_MAX + 2);
    ldg_hash root1 = probe_hash(str_of(p, "root1"), 0xff);
    ldg_hash root2 = probe_hash(str_of(p, "root2"), 0xff);

    return ldg_merkle_verify_consistency(index_of(p, "size1"), index_of(p, "size2"),
                                         proof, n, &root1, &root2, err);
}

static void check_probes(const json_t *arr, bool inclusion, size_t *accepted,
                         size_t *rejected)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *p = json_array_get(arr, i);
        ldg_error err = { 0 };
        ldg_code rc =
            inclusion ? run_inclusion_probe(p, &err) : run_consistency_probe(p, &err);
        bool accept = strcmp(str_of(p, "expect"), "accept") == 0;

        if (accept) {
            if (rc != LDG_OK)
                fail_msg("%s: rejected: %s", str_of(p, "file"), err.message);
            (*accepted)++;
        } else {
            if (rc != LDG_EINVAL)
                fail_msg("%s: not rejected (code %d)", str_of(p, "file"), (int)rc);
            assert_int_equal(err.code, LDG_EINVAL);
            assert_true(err.message[0] != '\0');
            (*rejected)++;
        }
    }
}

static void test_upstream_inclusion_proofs_verify(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    size_t acc = 0, rej = 0;

    (void)state;
    check_probes(get(v, "inclusion_proofs_upstream"), true, &acc, &rej);
    check_probes(get(v, "inclusion_negative_upstream"), true, &acc, &rej);
    assert_int_equal(acc, 6);
    assert_int_equal(rej, 20);
    json_decref(v);
}

static void test_upstream_consistency_proofs_verify(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    size_t acc = 0, rej = 0;

    (void)state;
    check_probes(get(v, "consistency_proofs_upstream"), false, &acc, &rej);
    check_probes(get(v, "consistency_negative_upstream"), false, &acc, &rej);
    /* the one accepted "negative" probe: sizes equal (one), empty proof, equal roots */
    assert_int_equal(acc, 6);
    assert_int_equal(rej, 33);
    json_decref(v);
}

static void test_derived_proofs_verify(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *derived = get(v, "derived");
    const json_t *incl = get(derived, "all_inclusion_proofs_tree_sizes_1_to_8");
    const json_t *cons = get(derived, "all_consistency_proofs_sizes_1_to_8");
    ldg_error err = { 0 };

    (void)state;
    assert_int_equal(json_array_size(incl), 36);
    assert_int_equal(json_array_size(cons), 28);
    for (size_t i = 0; i < json_array_size(incl); i++)
        assert_int_equal(run_inclusion_probe(json_array_get(incl, i), &err), LDG_OK);
    for (size_t i = 0; i < json_array_size(cons); i++)
        assert_int_equal(run_consistency_probe(json_array_get(cons, i), &err), LDG_OK);
    json_decref(v);
}

static void check_generated(const json_t *p, bool inclusion, tile_store *st)
{
    ldg_hash want[LDG_PROOF_MAX], got[LDG_PROOF_MAX];
    size_t nwant = probe_proof(p, want, LDG_PROOF_MAX), ngot = 99;
    ldg_error err = { 0 };
    ldg_code rc;

    if (inclusion)
        rc = ldg_tree_inclusion_proof(got, &ngot, index_of(p, "leaf_index"),
                                      index_of(p, "tree_size"), store_read, st, &err);
    else
        rc = ldg_tree_consistency_proof(got, &ngot, index_of(p, "size1"),
                                        index_of(p, "size2"), store_read, st, &err);
    if (rc != LDG_OK)
        fail_msg("proof not generated: %s", err.message);
    assert_int_equal(ngot, nwant);
    assert_memory_equal(got, want, nwant * sizeof(ldg_hash));
}

static void test_generated_proofs_equal_vectors(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *derived = get(v, "derived");
    const json_t *sets[4] = { get(v, "inclusion_proofs_upstream"),
                              get(derived, "all_inclusion_proofs_tree_sizes_1_to_8"),
                              get(v, "consistency_proofs_upstream"),
                              get(derived, "all_consistency_proofs_sizes_1_to_8") };
    ldg_hash leaves[8];
    tile_store st;
    size_t checked = 0;

    (void)state;
    vector_leaves(v, leaves);
    store_init(&st);
    store_grow(&st, leaves, 8);
    for (size_t s = 0; s < 4; s++)
        for (size_t i = 0; i < json_array_size(sets[s]); i++) {
            const json_t *p = json_array_get(sets[s], i);

            /* the single-entry probe is over another leaf, not the test tree */
            if (json_object_get(p, "file") &&
                strstr(str_of(p, "file"), "single-entry") != NULL)
                continue;
            check_generated(p, s < 2, &st);
            checked++;
        }
    assert_int_equal(checked, 5 + 36 + 5 + 28);
    store_free(&st);
    json_decref(v);
}

/* ---- tiles ---- */

static void test_tile_path_index_encoding_examples(void **state)
{
    json_t *t = load_vectors("tlog-tiles.json");
    json_t *examples = get(t, "index_encoding_examples");
    const char *key;
    const json_t *val;
    size_t n = 0;

    (void)state;
    json_object_foreach(examples, key, val)
    {
        char got[64], want[64];

        snprintf(want, sizeof(want), "tile/0/%s", json_string_value(val));
        tile_name(got, sizeof(got), 0, parse_u64(key), LDG_TILE_WIDTH);
        assert_string_equal(got, want);
        snprintf(want, sizeof(want), "tile/3/%s.p/7", json_string_value(val));
        tile_name(got, sizeof(got), 3, parse_u64(key), 7);
        assert_string_equal(got, want);
        n++;
    }
    assert_int_equal(n, 8);
    json_decref(t);
}

static void test_tile_path_extremes_and_rejects(void **state)
{
    char buf[64];
    ldg_error err = { 0 };

    (void)state;
    tile_name(buf, sizeof(buf), 63, UINT64_MAX, 255);
    assert_string_equal(buf, "tile/63/x018/x446/x744/x073/x709/x551/615.p/255");
    assert_int_equal(strlen(buf) + 1, 48); /* the longest path there is */
    tile_name(buf, sizeof(buf), 1, 1000000, 1);
    assert_string_equal(buf, "tile/1/x001/x000/000.p/1");
    /* "tile/0/000" needs 11 bytes */
    assert_int_equal(ldg_tile_path(buf, 11, 0, 0, 256, &err), LDG_OK);
    assert_string_equal(buf, "tile/0/000");
    assert_int_equal(ldg_tile_path(buf, 10, 0, 0, 256, &err), LDG_ERANGE);
    assert_non_null(strstr(err.message, "needs 11 bytes"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_tile_path(buf, sizeof(buf), -1, 0, 256, &err), LDG_EINVAL);
    assert_string_equal(err.message, "tile level -1 is not in 0..63");
    ldg_error_clear(&err);
    assert_int_equal(ldg_tile_path(buf, sizeof(buf), 64, 0, 256, &err), LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(ldg_tile_path(buf, sizeof(buf), 0, 0, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "tile width 0 is not in 1..256");
    ldg_error_clear(&err);
    assert_int_equal(ldg_tile_path(buf, sizeof(buf), 0, 0, 257, &err), LDG_EINVAL);
}

/* Which tiles the store holds, against a tile_sets entry of tlog-tiles.json. */
static void check_tile_set(const tile_store *st, const json_t *set)
{
    const json_t *levels = get(set, "levels");
    size_t nlevels = json_array_size(levels);

    for (size_t i = 0; i < nlevels; i++) {
        const json_t *lv = json_array_get(levels, i);
        int level = (int)index_of(lv, "level");
        uint64_t full = index_of(lv, "full_tiles"), idx;
        const json_t *fl = get(lv, "full_tile_paths_first_last");
        const json_t *partial = get(lv, "partial_tile");
        const stored_tile *t;
        char path[64];

        assert_int_equal(level, (int)i);
        for (idx = 0; idx < full; idx++) {
            t = store_get(st, level, idx);
            assert_non_null(t);
            assert_int_equal(t->width, LDG_TILE_WIDTH);
        }
        if (full > 0) {
            tile_name(path, sizeof(path), level, 0, LDG_TILE_WIDTH);
            assert_string_equal(path, json_string_value(json_array_get(fl, 0)));
            tile_name(path, sizeof(path), level, full - 1, LDG_TILE_WIDTH);
            assert_string_equal(path, json_string_value(json_array_get(fl, 1)));
        } else {
            assert_int_equal(json_array_size(fl), 0);
        }
        t = store_get(st, level, full);
        if (json_is_null(partial)) {
            assert_null(t);
        } else {
            assert_non_null(t);
            assert_true(t->width < LDG_TILE_WIDTH);
            tile_name(path, sizeof(path), level, full, t->width);
            assert_string_equal(path, json_string_value(partial));
        }
        assert_null(store_get(st, level, full + 1));
    }
    for (int level = (int)nlevels; level < TILE_LEVELS; level++)
        assert_null(store_get(st, level, 0));
}

static void test_tile_sets_match_vectors(void **state)
{
    json_t *t = load_vectors("tlog-tiles.json");
    const json_t *sets = get(t, "tile_sets");
    ldg_hash *leaves = synthetic_leaves(70000);

    (void)state;
    assert_int_equal(json_array_size(sets), 8);
    for (size_t i = 0; i < json_array_size(sets); i++) {
        const json_t *set = json_array_get(sets, i);
        uint64_t size = index_of(set, "tree_size");
        tile_store one, steps;

        assert_true(size <= 70000);
        /* in one step */
        store_init(&one);
        store_grow(&one, leaves, size);
        check_tile_set(&one, set);
        /* and leaf by leaf up to 300, then in uneven steps */
        store_init(&steps);
        for (uint64_t s = 1; s <= size; s = s < 300 ? s + 1 : s + 977 + s / 3)
            store_grow(&steps, leaves, s);
        store_grow(&steps, leaves, size);
        check_tile_set(&steps, set);
        store_free(&one);
        store_free(&steps);
    }
    free(leaves);
    json_decref(t);
}

static void test_tiles_extend_emits_exactly_the_changed_tiles(void **state)
{
    static const struct {
        uint64_t size;
        const char *emitted;
    } steps[] = {
        { 255, "" },
        { 256, "tile/1/000.p/1" },
        { 300, "" },
        { 512, "tile/1/000.p/2" },
        { 65535, "tile/1/000.p/255" },
        { 65536, "tile/1/000 tile/2/000.p/1" },
        { 70000, "tile/1/001.p/17" },
        { 70000, "" },
        { 70015, "" },
        { 70144, "tile/1/001.p/18" },
    };
    ldg_hash *leaves = synthetic_leaves(70144);
    tile_store st, one;
    char got[512];

    (void)state;
    store_init(&st);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        store_grow(&st, leaves, steps[i].size);
        emitted_paths(&st, got, sizeof(got));
        assert_string_equal(got, steps[i].emitted);
    }
    /* in one step: full tiles before what summarises them, partial tiles last */
    store_init(&one);
    store_grow(&one, leaves, 70000);
    emitted_paths(&one, got, sizeof(got));
    assert_string_equal(got, "tile/1/000 tile/1/001.p/17 tile/2/000.p/1");
    store_free(&one);
    store_free(&st);
    free(leaves);
}

static void assert_same_tiles(const tile_store *a, const tile_store *b)
{
    for (int level = 0; level < TILE_LEVELS; level++) {
        size_t cap = a->cap[level] > b->cap[level] ? a->cap[level] : b->cap[level];

        for (uint64_t i = 0; i < cap; i++) {
            const stored_tile *ta = store_get(a, level, i), *tb = store_get(b, level, i);

            if (!ta || !tb) {
                assert_true(ta == tb);
                continue;
            }
            assert_int_equal(ta->width, tb->width);
            assert_memory_equal(ta->h, tb->h, (size_t)ta->width * sizeof(ldg_hash));
        }
    }
}

static void flip_each_hash_and_expect_rejection(bool inclusion, const ldg_hash *leaf,
                                                uint64_t a, uint64_t b, ldg_hash *proof,
                                                size_t n, const ldg_hash *r1,
                                                const ldg_hash *r2, uint64_t *seed,
                                                bool every_bit)
{
    for (size_t i = 0; i < n; i++)
        for (unsigned k = 0; k < 256; k++) {
            unsigned bit = every_bit ? k : (unsigned)(rnd(seed) % 256);
            uint8_t mask = (uint8_t)(1u << (bit % 8));
            ldg_code rc;

            proof[i].b[bit / 8] ^= mask;
            rc = inclusion ? ldg_merkle_verify_inclusion(leaf, a, b, proof, n, r2, NULL)
                           : ldg_merkle_verify_consistency(a, b, proof, n, r1, r2, NULL);
            proof[i].b[bit / 8] ^= mask;
            assert_int_equal(rc, LDG_EINVAL);
            if (!every_bit)
                break;
        }
}

/*
 * ldg_tiles_extend_known (seal_ahead.h's proof): given the roots of whole level-0 tiles
 * the caller rebuilt, it emits the same upper tiles as ldg_tiles_extend without reading
 * those tiles (they are not even stored here: a read would fail), and reads the others
 * (the partial tile of the old size, the tiles after the known ones, the last one).
 */
static void test_tiles_extend_known_reads_no_known_tile(void **state)
{
    const uint64_t old = 1000, n = 300 * LDG_TILE_WIDTH + 77;
    const uint64_t first = 4, count = 290; /* tiles 4..293: after old's partial tile 3 */
    ldg_hash *leaves = synthetic_leaves(n), *roots = malloc(count * sizeof(ldg_hash));
    ldg_hash root_a, root_b;
    tile_store a, b;
    ldg_error err = { 0 };

    (void)state;
    assert_non_null(roots);
    store_init(&a);
    store_init(&b);
    store_grow(&a, leaves, old);
    store_grow(&b, leaves, old);
    store_grow(&a, leaves, n);
    for (uint64_t t = old / LDG_TILE_WIDTH; t * LDG_TILE_WIDTH < n; t++) {
        uint64_t end = (t + 1) * LDG_TILE_WIDTH < n ? (t + 1) * LDG_TILE_WIDTH : n;

        if (t < first || t >= first + count)
            store_put(&b, 0, t, (int)(end - t * LDG_TILE_WIDTH),
                      leaves + t * LDG_TILE_WIDTH);
    }
    for (uint64_t k = 0; k < count; k++)
        ldg_merkle_root_of(&roots[k], leaves + (first + k) * LDG_TILE_WIDTH,
                           LDG_TILE_WIDTH);
    b.size = n;
    assert_int_equal(ldg_tiles_extend_known(old, n,
                                            &(ldg_tile_roots){ first, roots, count },
                                            store_read, &b, store_write, &b, &err),
                     LDG_OK);
    for (int l = 1; l < TILE_LEVELS; l++)
        for (uint64_t i = 0; i < a.cap[l]; i++) {
            const stored_tile *ta = store_get(&a, l, i), *tb = store_get(&b, l, i);

            assert_true((ta == NULL) == (tb == NULL));
            if (ta) {
                assert_int_equal(ta->width, tb->width);
                assert_memory_equal(ta->h, tb->h, (size_t)ta->width * sizeof(ldg_hash));
            }
        }
    assert_int_equal(ldg_tree_root(&root_a, n, store_read, &a, &err), LDG_OK);
    assert_int_equal(ldg_tree_root(&root_b, n, store_read, &b, &err), LDG_OK);
    assert_memory_equal(&root_a, &root_b, sizeof(root_a));
    store_free(&b);
    store_free(&a);
    free(roots);
    free(leaves);
}

static void test_large_tree_proofs_through_tiles(void **state)
{
    static const uint64_t growth[] = { 1,    3,     255,   256,   257,   1000,
                                       4097, 65535, 65536, 65537, 66001, 70000 };
    static const uint64_t edges[] = { 1,   2,    255,   256,   257,   511,   512,
                                      513, 4096, 65535, 65536, 65537, 69999, 70000 };
    enum { NSIZES = sizeof(edges) / sizeof(edges[0]) + 12 };
    ldg_hash *leaves = synthetic_leaves(70000);
    uint64_t sizes[NSIZES], seed = 20261110;
    ldg_hash roots[NSIZES];
    tile_store st, one;
    ldg_error err = { 0 };

    (void)state;
    store_init(&st);
    for (size_t i = 0; i < sizeof(growth) / sizeof(growth[0]); i++) {
        ldg_hash got, want;

        store_grow(&st, leaves, growth[i]);
        ldg_merkle_root_of(&want, leaves, growth[i]);
        assert_int_equal(ldg_tree_root(&got, growth[i], store_read, &st, &err), LDG_OK);
        assert_hash_equal(&got, &want);
    }
    /* the same tiles as growing in one step */
    store_init(&one);
    store_grow(&one, leaves, 70000);
    assert_same_tiles(&st, &one);
    store_free(&one);

    for (size_t i = 0; i < NSIZES; i++) {
        ldg_hash got;

        sizes[i] =
            i < sizeof(edges) / sizeof(edges[0]) ? edges[i] : 1 + rnd(&seed) % 70000;
        ldg_merkle_root_of(&roots[i], leaves, sizes[i]);
        st.reads = 0;
        assert_int_equal(ldg_tree_root(&got, sizes[i], store_read, &st, &err), LDG_OK);
        assert_hash_equal(&got, &roots[i]);
        assert_true(st.reads <= bit_length(sizes[i]));
    }
    for (size_t i = 0; i < NSIZES; i++) {
        uint64_t size = sizes[i];
        uint64_t indexes[4] = { 0, size - 1, rnd(&seed) % size, rnd(&seed) % size };

        for (size_t k = 0; k < 4; k++) {
            ldg_hash proof[LDG_PROOF_MAX];
            size_t n = 0;

            st.reads = 0;
            assert_int_equal(ldg_tree_inclusion_proof(proof, &n, indexes[k], size,
                                                      store_read, &st, &err),
                             LDG_OK);
            assert_true(st.reads <= 2 * bit_length(size));
            assert_int_equal(ldg_merkle_verify_inclusion(&leaves[indexes[k]], indexes[k],
                                                         size, proof, n, &roots[i], &err),
                             LDG_OK);
            flip_each_hash_and_expect_rejection(true, &leaves[indexes[k]], indexes[k],
                                                size, proof, n, NULL, &roots[i], &seed,
                                                size == 70000 && k == 3);
        }
        for (size_t j = 0; j < NSIZES; j++) {
            ldg_hash proof[LDG_PROOF_MAX];
            size_t n = 0;

            if (sizes[j] > size)
                continue;
            st.reads = 0;
            assert_int_equal(ldg_tree_consistency_proof(proof, &n, sizes[j], size,
                                                        store_read, &st, &err),
                             LDG_OK);
            assert_true(st.reads <= 2 * bit_length(size));
            assert_int_equal(ldg_merkle_verify_consistency(sizes[j], size, proof, n,
                                                           &roots[j], &roots[i], &err),
                             LDG_OK);
            flip_each_hash_and_expect_rejection(false, NULL, sizes[j], size, proof, n,
                                                &roots[j], &roots[i], &seed,
                                                size == 70000 && sizes[j] == 511);
        }
    }
    store_free(&st);
    free(leaves);
}

/* ---- rejections ---- */

/*
 * Proofs of every length 0..70 for hostile sizes, each in a heap block of exactly that
 * many hashes so that ASan catches any read past n. Exactly one length may pass the
 * length check, and then only to fail on the hashes.
 */
static void test_verify_inclusion_hostile_sizes(void **state)
{
    static const struct {
        uint64_t index, size;
        size_t want;
    } cases[] = {
        { 0, UINT64_MAX, 64 },
        { UINT64_MAX - 1, UINT64_MAX, 63 },
        { UINT64_MAX - 2, UINT64_MAX, 64 },
        { UINT64_C(1) << 63, UINT64_MAX, 64 },
        { (UINT64_C(1) << 63) - 1, UINT64_C(1) << 63, 63 },
        { UINT64_C(1) << 63, (UINT64_C(1) << 63) + 1, 1 }, /* the root's right child */
        { 5, 8, 3 },
    };
    ldg_hash leaf, root;

    (void)state;
    memset(&leaf, 0x11, sizeof(leaf));
    memset(&root, 0x22, sizeof(root));
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
        for (size_t n = 0; n <= 70; n++) {
            ldg_hash *proof = malloc(n ? n * sizeof(ldg_hash) : 1);
            ldg_error err = { 0 };

            assert_non_null(proof);
            memset(proof, 0x33, n * sizeof(ldg_hash));
            assert_int_equal(ldg_merkle_verify_inclusion(&leaf, cases[c].index,
                                                         cases[c].size, proof, n, &root,
                                                         &err),
                             LDG_EINVAL);
            if (n == cases[c].want)
                assert_non_null(strstr(err.message, "does not match the root"));
            else
                assert_non_null(strstr(err.message, "hashes where leaf"));
            free(proof);
        }
}

static void test_verify_inclusion_rejects_index_not_below_size(void **state)
{
    ldg_hash h;
    ldg_error err = { 0 };

    (void)state;
    memset(&h, 0, sizeof(h));
    assert_int_equal(ldg_merkle_verify_inclusion(&h, 0, 0, NULL, 0, &h, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "leaf index 0 is not below tree size 0");
    ldg_error_clear(&err);
    assert_int_equal(ldg_merkle_verify_inclusion(&h, 8, 8, &h, 1, &h, &err), LDG_EINVAL);
    assert_string_equal(err.message, "leaf index 8 is not below tree size 8");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_merkle_verify_inclusion(&h, UINT64_MAX, UINT64_MAX, NULL, 0, &h, &err),
        LDG_EINVAL);
    /* a one-leaf tree: the leaf is the root, with an empty proof */
    assert_int_equal(ldg_merkle_verify_inclusion(&h, 0, 1, NULL, 0, &h, NULL), LDG_OK);
}

static void test_verify_consistency_hostile_sizes(void **state)
{
    static const struct {
        uint64_t size1, size2;
    } cases[] = {
        { 1, UINT64_MAX },
        { UINT64_MAX - 1, UINT64_MAX },
        { UINT64_C(1) << 63, UINT64_MAX },
        { (UINT64_C(1) << 63) - 1, UINT64_C(1) << 63 },
        { 3, (UINT64_C(1) << 63) + 5 },
        { 6, 8 },
    };
    ldg_hash r1, r2;

    (void)state;
    memset(&r1, 0x44, sizeof(r1));
    memset(&r2, 0x55, sizeof(r2));
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        size_t passed = 0;

        for (size_t n = 0; n <= 70; n++) {
            ldg_hash *proof = malloc(n ? n * sizeof(ldg_hash) : 1);
            ldg_error err = { 0 };

            assert_non_null(proof);
            memset(proof, 0x66, n * sizeof(ldg_hash));
            assert_int_equal(ldg_merkle_verify_consistency(cases[c].size1, cases[c].size2,
                                                           proof, n, &r1, &r2, &err),
                             LDG_EINVAL);
            if (strstr(err.message, "does not match the root")) {
                assert_true(n >= 1 && n <= 65);
                passed++;
            } else if (n == 0) {
                assert_non_null(strstr(err.message, "is empty"));
            } else {
                assert_non_null(strstr(err.message, "hashes where tree sizes"));
            }
            free(proof);
        }
        assert_int_equal(passed, 1);
    }
}

static void test_verify_consistency_policy(void **state)
{
    ldg_hash a, b;
    ldg_error err = { 0 };

    (void)state;
    memset(&a, 0xaa, sizeof(a));
    memset(&b, 0xbb, sizeof(b));
    assert_int_equal(ldg_merkle_verify_consistency(0, 0, NULL, 0, &a, &a, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "cannot verify consistency from the empty tree");
    ldg_error_clear(&err);
    assert_int_equal(ldg_merkle_verify_consistency(0, 5, &a, 1, &a, &b, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "cannot verify consistency from the empty tree");
    ldg_error_clear(&err);
    assert_int_equal(ldg_merkle_verify_consistency(UINT64_MAX, 1, NULL, 0, &a, &a, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "tree size 18446744073709551615 is larger than tree size 1");
    ldg_error_clear(&err);
    assert_int_equal(ldg_merkle_verify_consistency(7, 7, &a, 1, &a, &a, &err),
                     LDG_EINVAL);
    assert_string_equal(
        err.message,
        "consistency proof between equal tree sizes has 1 hashes, needs none");
    ldg_error_clear(&err);
    assert_int_equal(ldg_merkle_verify_consistency(7, 7, NULL, 0, &a, &b, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "roots of tree size 7 differ");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_merkle_verify_consistency(UINT64_MAX, UINT64_MAX, NULL, 0, &b, &b, &err),
        LDG_OK);
    assert_int_equal(ldg_merkle_verify_consistency(1, 2, NULL, 0, &a, &b, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "consistency proof from tree size 1 to 2 is empty");
}

static void test_generation_rejects_bad_arguments(void **state)
{
    ldg_hash proof[LDG_PROOF_MAX], root;
    size_t n = 7;
    tile_store st;
    ldg_error err = { 0 };
    uint64_t too_big = LDG_TREE_SIZE_MAX + 1;

    (void)state;
    store_init(&st);
    assert_int_equal(ldg_tree_inclusion_proof(proof, &n, 3, 3, store_read, &st, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "leaf index 3 is not below tree size 3");
    assert_int_equal(n, 0);
    ldg_error_clear(&err);
    assert_int_equal(ldg_tree_inclusion_proof(proof, &n, 0, 0, store_read, &st, &err),
                     LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_tree_inclusion_proof(proof, &n, 0, too_big, store_read, &st, &err),
        LDG_ERANGE);
    assert_string_equal(err.message, "tree size 9223372036854775808 exceeds the maximum "
                                     "9223372036854775807");
    ldg_error_clear(&err);
    n = 7;
    assert_int_equal(ldg_tree_consistency_proof(proof, &n, 0, 4, store_read, &st, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "cannot prove consistency from the empty tree");
    assert_int_equal(n, 0);
    ldg_error_clear(&err);
    assert_int_equal(ldg_tree_consistency_proof(proof, &n, 5, 4, store_read, &st, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "tree size 5 is larger than tree size 4");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_tree_consistency_proof(proof, &n, 1, too_big, store_read, &st, &err),
        LDG_ERANGE);
    ldg_error_clear(&err);
    assert_int_equal(ldg_tree_root(&root, too_big, store_read, &st, &err), LDG_ERANGE);
    ldg_error_clear(&err);
    assert_int_equal(ldg_tiles_extend(5, 4, store_read, &st, store_write, &st, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "cannot shrink the tree from size 5 to 4");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_tiles_extend(0, too_big, store_read, &st, store_write, &st, &err),
        LDG_ERANGE);
    /* nothing was read for any of them */
    assert_int_equal(st.reads, 0);
    /* equal sizes: an empty proof, read from nothing */
    assert_int_equal(ldg_tree_consistency_proof(proof, &n, 9, 9, store_read, &st, &err),
                     LDG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(st.reads, 0);
    store_free(&st);
}

static void test_reader_and_writer_errors_propagate(void **state)
{
    ldg_hash *leaves = synthetic_leaves(600), proof[LDG_PROOF_MAX], root;
    size_t n = 7;
    tile_store st;
    ldg_error err = { 0 };

    (void)state;
    store_init(&st);
    store_grow(&st, leaves, 300);
    /* the reader's own message wins */
    st.fail_level = 0;
    assert_int_equal(ldg_tree_root(&root, 300, store_read, &st, &err), LDG_EIO);
    assert_string_equal(err.message, "injected read failure");
    ldg_error_clear(&err);
    assert_int_equal(ldg_tree_inclusion_proof(proof, &n, 299, 300, store_read, &st, &err),
                     LDG_EIO);
    assert_int_equal(n, 0);
    ldg_error_clear(&err);
    /* a reader that sets no message gets one naming the tile */
    st.silent_failure = true;
    assert_int_equal(ldg_tree_consistency_proof(proof, &n, 3, 300, store_read, &st, &err),
                     LDG_EIO);
    assert_string_equal(err.message, "could not read tile \"tile/0/001.p/44\"");
    ldg_error_clear(&err);
    st.fail_level = 1;
    assert_int_equal(ldg_tree_root(&root, 255, store_read, &st, &err), LDG_OK);
    assert_int_equal(ldg_tree_root(&root, 256, store_read, &st, &err), LDG_EIO);
    assert_string_equal(err.message, "could not read tile \"tile/1/000.p/1\"");
    ldg_error_clear(&err);
    st.fail_level = -1;
    /* a tile that is not there: level 1 was never built for 513 */
    store_put(&st, 0, 1, 256, leaves + 256);
    store_put(&st, 0, 2, 1, leaves + 512);
    assert_int_equal(ldg_tree_root(&root, 513, store_read, &st, &err), LDG_ENOTFOUND);
    assert_string_equal(err.message, "tile 1/0 is not stored");
    ldg_error_clear(&err);
    /* extending reads the old partial level-1 tile; a failing writer stops it */
    st.fail_write_level = 1;
    assert_int_equal(ldg_tiles_extend(300, 513, store_read, &st, store_write, &st, &err),
                     LDG_EIO);
    assert_string_equal(err.message, "could not write tile \"tile/1/000.p/2\"");
    ldg_error_clear(&err);
    st.fail_write_level = -1;
    st.fail_level = 1;
    st.silent_failure = false;
    assert_int_equal(ldg_tiles_extend(300, 513, store_read, &st, store_write, &st, &err),
                     LDG_EIO);
    ldg_error_clear(&err);
    st.fail_level = -1;
    assert_int_equal(ldg_tiles_extend(300, 513, store_read, &st, store_write, &st, &err),
                     LDG_OK);
    st.size = 513;
    ldg_merkle_root_of(&proof[0], leaves, 513);
    assert_int_equal(ldg_tree_root(&root, 513, store_read, &st, &err), LDG_OK);
    assert_hash_equal(&root, &proof[0]);
    /* level-0 tiles missing past the old size */
    assert_int_equal(ldg_tiles_extend(513, 600, store_read, &st, store_write, &st, &err),
                     LDG_OK); /* no level-1 hash completes: nothing read */
    assert_int_equal(ldg_tiles_extend(513, 768, store_read, &st, store_write, &st, &err),
                     LDG_ENOTFOUND);
    store_free(&st);
    free(leaves);
}

/* ---- encodings ---- */

static void test_base64_of_roots_matches_vectors(void **state)
{
    json_t *v = load_vectors("rfc6962.json");
    const json_t *roots = get(v, "roots");

    (void)state;
    for (size_t i = 0; i < json_array_size(roots); i++) {
        const json_t *r = json_array_get(roots, i);
        const char *b64 = str_of(r, "root_base64");
        ldg_hash h = hash_hex(str_of(r, "root")), back;
        char out[45], hex[65];

        ldg_hash_to_base64(out, &h);
        assert_string_equal(out, b64);
        assert_int_equal(ldg_hash_from_base64(&back, b64, strlen(b64), NULL), LDG_OK);
        assert_hash_equal(&back, &h);
        ldg_hash_to_hex(hex, &h);
        assert_string_equal(hex, str_of(r, "root"));
    }
    json_decref(v);
}

static void test_base64_rejects_malformed(void **state)
{
    static const char good[] = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    static const struct {
        const char *s;
        const char *message;
    } bad[] = {
        { "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
          "invalid base64 hash: 43 characters, expected 44" },
        { "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU==",
          "invalid base64 hash: 45 characters, expected 44" },
        { "47DEQpj8HBSa-_TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
          "invalid base64 hash: unexpected character at offset 12" },
        { "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF==",
          "invalid base64 hash: unexpected character at offset 42" },
        { "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUA",
          "invalid base64 hash: expected '=' at offset 43" },
        { "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=",
          "invalid base64 hash: nonzero bits in the padding" },
        { " 7DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
          "invalid base64 hash: unexpected character at offset 0" },
    };
    ldg_hash h;

    (void)state;
    assert_int_equal(ldg_hash_from_base64(&h, good, strlen(good), NULL), LDG_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ldg_error err = { 0 };
        ldg_hash untouched;

        memset(&untouched, 0x5a, sizeof(untouched));
        h = untouched;
        assert_int_equal(ldg_hash_from_base64(&h, bad[i].s, strlen(bad[i].s), &err),
                         LDG_EINVAL);
        assert_string_equal(err.message, bad[i].message);
        assert_memory_equal(&h, &untouched, sizeof(h));
    }
    /* the length is the caller's: a longer buffer is read only that far */
    assert_int_equal(ldg_hash_from_base64(
                         &h, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=xyz", 44, NULL),
                     LDG_OK);
}

static void test_hex_rejects_malformed_and_accepts_upper_case(void **state)
{
    static const char lower[] =
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static const char upper[] =
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    ldg_hash a, b;
    ldg_error err = { 0 };
    char out[65];

    (void)state;
    assert_int_equal(ldg_hash_from_hex(&a, lower, 64, NULL), LDG_OK);
    assert_int_equal(ldg_hash_from_hex(&b, upper, 64, NULL), LDG_OK);
    assert_hash_equal(&a, &b);
    ldg_hash_to_hex(out, &b);
    assert_string_equal(out, lower);
    assert_int_equal(ldg_hash_from_hex(&a, lower, 63, &err), LDG_EINVAL);
    assert_string_equal(err.message, "invalid hex hash: 63 characters, expected 64");
    ldg_error_clear(&err);
    assert_int_equal(ldg_hash_from_hex(&a, "", 0, &err), LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_hash_from_hex(&a,
                          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4"
                          "95991b7852b85g",
                          64, &err),
        LDG_EINVAL);
    assert_string_equal(err.message,
                        "invalid hex hash: unexpected character at offset 63");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leaf_hashes_match_vectors),
        cmocka_unit_test(test_node_hashes_match_vectors_by_level),
        cmocka_unit_test(test_empty_root_is_sha256_of_nothing),
        cmocka_unit_test(test_root_of_in_memory_sizes_0_to_8),
        cmocka_unit_test(test_root_from_tiles_sizes_0_to_8),
        cmocka_unit_test(test_tile_of_8_leaf_tree_matches_vector),
        cmocka_unit_test(test_upstream_inclusion_proofs_verify),
        cmocka_unit_test(test_upstream_consistency_proofs_verify),
        cmocka_unit_test(test_derived_proofs_verify),
        cmocka_unit_test(test_generated_proofs_equal_vectors),
        cmocka_unit_test(test_tile_path_index_encoding_examples),
        cmocka_unit_test(test_tile_path_extremes_and_rejects),
        cmocka_unit_test(test_tile_sets_match_vectors),
        cmocka_unit_test(test_tiles_extend_emits_exactly_the_changed_tiles),
        cmocka_unit_test(test_tiles_extend_known_reads_no_known_tile),
        cmocka_unit_test(test_large_tree_proofs_through_tiles),
        cmocka_unit_test(test_verify_inclusion_hostile_sizes),
        cmocka_unit_test(test_verify_inclusion_rejects_index_not_below_size),
        cmocka_unit_test(test_verify_consistency_hostile_sizes),
        cmocka_unit_test(test_verify_consistency_policy),
        cmocka_unit_test(test_generation_rejects_bad_arguments),
        cmocka_unit_test(test_reader_and_writer_errors_propagate),
        cmocka_unit_test(test_base64_of_roots_matches_vectors),
        cmocka_unit_test(test_base64_rejects_malformed),
        cmocka_unit_test(test_hex_rejects_malformed_and_accepts_upper_case),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
