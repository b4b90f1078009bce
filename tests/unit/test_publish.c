/*
 * ledger/publish.c and ledger/tlog_proof.c without a database: tile and bundle paths and
 * widths against the C2SP tlog-tiles vectors, the refusal of an entry a bundle cannot
 * frame (nothing renamed into place, no checkpoint), the entry tail reader, a publish
 * and monitor round trip over a small in-memory log signed with an RFC 8032 seed, and
 * tlog-proof text written, checked and refused when malformed.
 */
#include "ledger/buf.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/monitor.h"
#include "ledger/note.h"
#include "ledger/publish.h"
#include "ledger/tlog_proof.h"

#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
/* clang-format on */

#define MAX_ENTRIES 600

/* A log in memory: entries, their leaves, and every tile above level 0 of its tree. */
typedef struct memlog {
    const char *tenant;
    size_t n;
    char *entry[MAX_ENTRIES];
    size_t len[MAX_ENTRIES];
    ldg_hash leaf[MAX_ENTRIES];
    ldg_hash upper[8][4][LDG_TILE_WIDTH]; /* level 1..7, index 0..3 */
    char *note;
} memlog;

static ldg_code mem_tiles(void *ctx, int level, uint64_t index, int width, ldg_hash *out,
                          ldg_error *err)
{
    memlog *m = ctx;

    (void)err;
    if (level == 0)
        memcpy(out, m->leaf + index * LDG_TILE_WIDTH, (size_t)width * sizeof(ldg_hash));
    else
        memcpy(out, m->upper[level][index], (size_t)width * sizeof(ldg_hash));
    return LDG_OK;
}

static ldg_code mem_emit(void *ctx, int level, uint64_t index, int width,
                         const ldg_hash *hashes, ldg_error *err)
{
    memlog *m = ctx;

    (void)err;
    memcpy(m->upper[level][index], hashes, (size_t)width * sizeof(ldg_hash));
    return LDG_OK;
}

static ldg_code mem_entries(void *ctx, int64_t from, int64_t to, ldg_publish_entry_fn fn,
                            void *fnctx, ldg_error *err)
{
    memlog *m = ctx;
    ldg_code rc = LDG_OK;

    for (int64_t s = from; rc == LDG_OK && s < to; s++)
        rc = fn(fnctx, s, m->entry[s], m->len[s], err);
    return rc;
}

static const uint8_t seed[32] = { 0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60,
                                  0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
                                  0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19,
                                  0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60 };

/* n ack entries of tenant (entry `big` padded to big_len bytes when big_len > 0), its
 * tiles and a checkpoint note signed by the seed key; vkey receives the verifier key. */
static void memlog_build(memlog *m, const char *tenant, size_t n, size_t big,
                         size_t big_len, char vkey[LDG_VERIFIER_KEY_MAX])
{
    ldg_signer *s = NULL;
    ldg_verifier *v = NULL;
    ldg_checkpoint cp = { .size = n };
    char *text = NULL;

    memset(m, 0, sizeof(*m));
    m->tenant = tenant;
    m->n = n;
    for (size_t i = 0; i < n; i++) {
        size_t pad = i == big && big_len > 0 ? big_len : 1;
        char *e = malloc(pad + 128);

        assert_non_null(e);
        m->len[i] =
            (size_t)sprintf(e,
                            "{\"data\":{\"note\":\"%0*d\"},\"kind\":\"ack\",\"seq\":%zu,"
                            "\"tenant\":\"%s\",\"v\":1}",
                            (int)pad, 7, i, tenant);
        m->entry[i] = e;
        ldg_merkle_leaf_hash(&m->leaf[i], e, m->len[i]);
    }
    assert_int_equal(ldg_tiles_extend(0, n, mem_tiles, m, mem_emit, m, NULL), LDG_OK);
    assert_int_equal(ldg_signer_from_seed(&s, "test.example/log", seed, NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(&v, s, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_format(vkey, LDG_VERIFIER_KEY_MAX, v, NULL), LDG_OK);
    snprintf(cp.origin, sizeof(cp.origin), "test.example/log/%s", tenant);
    ldg_merkle_root_of(&cp.root, m->leaf, n);
    assert_int_equal(ldg_checkpoint_text(&text, &cp, NULL), LDG_OK);
    assert_int_equal(ldg_note_sign(&m->note, text, s, NULL), LDG_OK);
    free(text);
    ldg_verifier_free(v);
    ldg_signer_free(s);
}

static void memlog_free(memlog *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->entry[i]);
    free(m->note);
}

static ldg_publish_source memlog_source(memlog *m)
{
    return (ldg_publish_source){ .tenant = m->tenant,
                                 .note = m->note,
                                 .tiles = mem_tiles,
                                 .tiles_ctx = m,
                                 .entries = mem_entries,
                                 .entries_ctx = m };
}

static void temp_dir(char path[64])
{
    snprintf(path, 64, "%s", "/tmp/ldg-test-publish.XXXXXX");
    assert_non_null(mkdtemp(path));
}

static void remove_tree(const char *path)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
    assert_int_equal(system(cmd), 0);
}

static int exists(const char *dir, const char *rel)
{
    char path[256];
    struct stat sb;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    return lstat(path, &sb) == 0;
}

/* ---- paths --------------------------------------------------------------------------
 */

static void test_publish_paths_and_widths_match_vectors(void **state)
{
    char path[512];
    json_t *v, *sets;

    (void)state;
    snprintf(path, sizeof(path), "%s/tlog-tiles.json", LDG_VECTORS_DIR);
    v = json_load_file(path, 0, NULL);
    assert_non_null(v);
    sets = json_object_get(v, "tile_sets");
    assert_true(json_array_size(sets) > 0);
    for (size_t i = 0; i < json_array_size(sets); i++) {
        const json_t *set = json_array_get(sets, i),
                     *levels = json_object_get(set, "levels");
        uint64_t size = (uint64_t)json_integer_value(json_object_get(set, "tree_size"));
        const json_t *eb = json_object_get(set, "entry_bundles");
        uint64_t nfull = (uint64_t)json_integer_value(json_object_get(eb, "full"));
        char got[LDG_PUBLISH_PATH_MAX];

        for (size_t l = 0; l < json_array_size(levels); l++) {
            const json_t *lv = json_array_get(levels, l);
            int level = (int)json_integer_value(json_object_get(lv, "level"));
            uint64_t full =
                (uint64_t)json_integer_value(json_object_get(lv, "full_tiles"));
            const char *partial = json_string_value(json_object_get(lv, "partial_tile"));

            if (full > 0)
                assert_int_equal(ldg_publish_tile_width(size, level, full - 1), 256);
            if (partial) {
                int w = ldg_publish_tile_width(size, level, full);

                assert_true(w > 0 && w < 256);
                assert_int_equal(ldg_publish_path(got, level, full, w, NULL), LDG_OK);
                assert_string_equal(got, partial);
            } else {
                assert_int_equal(ldg_publish_tile_width(size, level, full), 0);
            }
        }
        /* no tile beyond the last level listed */
        assert_int_equal(ldg_publish_tile_width(size, (int)json_array_size(levels), 0),
                         0);
        if (json_is_string(json_object_get(eb, "partial"))) {
            int w = ldg_publish_tile_width(size, -1, nfull);

            assert_int_equal(ldg_publish_path(got, -1, nfull, w, NULL), LDG_OK);
            assert_string_equal(got, json_string_value(json_object_get(eb, "partial")));
        }
    }
    json_decref(v);
}

static void test_publish_entry_path_index_encoding(void **state)
{
    char got[LDG_PUBLISH_PATH_MAX];

    (void)state;
    assert_int_equal(ldg_publish_path(got, -1, 1234067, 256, NULL), LDG_OK);
    assert_string_equal(got, "tile/entries/x001/x234/067");
    assert_int_equal(ldg_publish_path(got, -1, 0, 5, NULL), LDG_OK);
    assert_string_equal(got, "tile/entries/000.p/5");
    assert_int_equal(ldg_publish_path(got, -2, 0, 5, NULL), LDG_EINVAL);
    assert_int_equal(ldg_publish_path(got, 0, 0, 0, NULL), LDG_EINVAL);
}

static void test_publish_tenant_names(void **state)
{
    (void)state;
    assert_true(ldg_publish_tenant_ok("anthropic"));
    assert_true(ldg_publish_tenant_ok("internal-training.2_x"));
    assert_false(ldg_publish_tenant_ok(""));
    assert_false(ldg_publish_tenant_ok(".."));
    assert_false(ldg_publish_tenant_ok(".hidden"));
    assert_false(ldg_publish_tenant_ok("a/b"));
    assert_false(ldg_publish_tenant_ok("a b"));
}

static void test_publish_entry_tail(void **state)
{
    static const char ok[] =
        "{\"data\":{\"kind\":\"gpu\",\"x\":\"\\\",\\\"kind\\\":\\\"\"},"
        "\"kind\":\"usage\",\"seq\":42,\"tenant\":\"acme\",\"v\":1}";
    char kind[24];
    int64_t seq = -1;

    (void)state;
    assert_true(ldg_publish_entry_tail(ok, strlen(ok), kind, &seq, "acme"));
    assert_string_equal(kind, "usage");
    assert_int_equal(seq, 42);
    assert_false(ldg_publish_entry_tail(ok, strlen(ok), kind, &seq, "acm"));
    assert_false(ldg_publish_entry_tail(ok, strlen(ok) - 1, kind, &seq, "acme"));
    assert_false(ldg_publish_entry_tail("{}", 2, kind, &seq, "acme"));
}

/* ---- publishing ---------------------------------------------------------------------
 */

static void test_publish_refuses_entry_a_bundle_cannot_frame(void **state)
{
    static memlog m;
    char dir[64], vkey[LDG_VERIFIER_KEY_MAX];
    ldg_publish_source src;
    ldg_error err;
    int fd;

    (void)state;
    memlog_build(&m, "acme", 3, 1, LDG_PUBLISH_ENTRY_MAX, vkey);
    assert_true(m.len[1] > LDG_PUBLISH_ENTRY_MAX);
    src = memlog_source(&m);
    temp_dir(dir);
    assert_int_equal(ldg_publish_open_dir(&fd, AT_FDCWD, dir, 0, NULL), LDG_OK);
    ldg_error_clear(&err);
    assert_int_equal(ldg_publish_tenant(NULL, fd, &src, &err), LDG_ERANGE);
    assert_non_null(strstr(err.message, "entry seq 1 of tenant \"acme\""));
    assert_false(exists(dir, "acme/checkpoint"));
    assert_false(exists(dir, "acme/tile/entries/000.p/3"));
    close(fd);
    remove_tree(dir);
    memlog_free(&m);
}

static void test_publish_then_monitor_round_trip(void **state)
{
    static memlog m;
    char dir[64], tdir[128], st[128], vkey[LDG_VERIFIER_KEY_MAX];
    ldg_publish_source src;
    ldg_publish_stats ps;
    ldg_monitor_result r;
    int fd;

    (void)state;
    memlog_build(&m, "acme", 520, 0, 0, vkey);
    src = memlog_source(&m);
    temp_dir(dir);
    assert_int_equal(ldg_publish_open_dir(&fd, AT_FDCWD, dir, 0, NULL), LDG_OK);
    assert_int_equal(ldg_publish_tenant(&ps, fd, &src, NULL), LDG_OK);
    assert_int_equal(ps.tiles, 4); /* 0/000, 0/001, 0/002.p/8, 1/000.p/2 */
    assert_int_equal(ps.bundles, 3);
    assert_true(exists(dir, "acme/tile/1/000.p/2"));
    assert_true(exists(dir, "acme/tile/entries/002.p/8"));
    /* again: nothing to write */
    assert_int_equal(ldg_publish_tenant(&ps, fd, &src, NULL), LDG_OK);
    assert_int_equal(ps.tiles + ps.bundles + ps.bytes, 0);
    close(fd);
    snprintf(tdir, sizeof(tdir), "%s/acme", dir);
    snprintf(st, sizeof(st), "%s/state", dir);
    assert_int_equal(ldg_monitor_run(&r, tdir, vkey, st, NULL, NULL, NULL), LDG_OK);
    assert_int_equal(r.problems, 0);
    assert_int_equal(r.size, 520);
    assert_int_equal(r.entries, 520);
    assert_int_equal(r.first_run, 1);
    ldg_monitor_result_cleanup(&r);
    assert_true(exists(dir, "state"));
    remove_tree(dir);
    memlog_free(&m);
}

/* ---- tlog-proof ---------------------------------------------------------------------
 */

static void proof_text(ldg_buf *out, memlog *m, uint64_t index)
{
    ldg_hash proof[LDG_PROOF_MAX];
    size_t n = 0;

    assert_int_equal(ldg_tree_inclusion_proof(proof, &n, index, m->n, mem_tiles, m, NULL),
                     LDG_OK);
    assert_int_equal(ldg_tlog_proof_format(out, index, proof, n, m->entry[index],
                                           m->len[index], m->note, NULL),
                     LDG_OK);
}

static void test_tlog_proof_round_trip_and_refusals(void **state)
{
    static memlog m;
    char vkey[LDG_VERIFIER_KEY_MAX];
    ldg_tlog_proof_result r;
    ldg_buf b = { 0 };
    ldg_error err;
    char *bad;

    (void)state;
    memlog_build(&m, "acme", 300, 0, 0, vkey);
    proof_text(&b, &m, 257);
    assert_int_equal(strncmp(b.data, "c2sp.org/tlog-proof@v1\nextra ", 29), 0);
    assert_non_null(strstr(b.data, "\nindex 257\n"));
    assert_int_equal(ldg_tlog_proof_verify(&r, b.data, b.len, vkey, NULL), LDG_OK);
    assert_int_equal(r.index, 257);
    assert_int_equal(r.cp.size, 300);
    assert_string_equal(r.kind, "ack");
    /* every single byte changed in the header, extra, index and proof lines is refused */
    bad = malloc(b.len);
    assert_non_null(bad);
    for (size_t i = 0; i < (size_t)(strstr(b.data, "\n\n") - b.data); i++) {
        memcpy(bad, b.data, b.len);
        bad[i] = bad[i] == 'A' ? 'B' : 'A';
        if (bad[i] == b.data[i])
            continue;
        ldg_error_clear(&err);
        assert_int_not_equal(ldg_tlog_proof_verify(&r, bad, b.len, vkey, &err), LDG_OK);
    }
    free(bad);
    /* no extra, a leading zero in the index, truncated */
    assert_int_equal(
        ldg_tlog_proof_verify(&r, "c2sp.org/tlog-proof@v1\nindex 1\n\n", 32, vkey, NULL),
        LDG_EINVAL);
    assert_int_equal(ldg_tlog_proof_verify(&r, b.data, b.len / 2, vkey, NULL),
                     LDG_EINVAL);
    ldg_buf_cleanup(&b);
    memlog_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publish_paths_and_widths_match_vectors),
        cmocka_unit_test(test_publish_entry_path_index_encoding),
        cmocka_unit_test(test_publish_tenant_names),
        cmocka_unit_test(test_publish_entry_tail),
        cmocka_unit_test(test_publish_refuses_entry_a_bundle_cannot_frame),
        cmocka_unit_test(test_publish_then_monitor_round_trip),
        cmocka_unit_test(test_tlog_proof_round_trip_and_refusals),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
