/*
 * The monitor (monitor.h): a published log checked against the checkpoint kept from the
 * last run.
 *
 * Invariant: the state file only ever holds a checkpoint whose whole tree was checked,
 * from the first run on, and every check of a later run is either bound to it (RFC 9162
 * consistency from the kept root) or made on the files at and above the kept size. So
 * what was read once is not read again, and a file below the kept size that changed is
 * caught by the consistency proof, whose hashes come from the tiles of the new tree.
 *
 * Design. Tiles are read through a tile reader over the directory (merkle.h), so roots,
 * proofs and the rebuilding of the upper tiles are merkle.c's, and each file is read once
 * into a small cache. Every structural check (tiles, entries) runs before re-rating, and
 * the first one that fails ends the run: what follows it would only repeat it. Re-rating
 * reuses the evidence-bundle code whole: an invoice bundle of the new document is written
 * from the published files and verified, exactly as a tenant verifies one the operator
 * hands out. Dropped: calling the bundle family's private re-rating functions (they work
 * on the verifier's parsed bundle; building that by hand would be a second bundle
 * parser), and re-reading the whole log each run (what the tiles are for).
 */
#include "ledger/monitor.h"

#include "ledger/buf.h"
#include "ledger/bundle.h"
#include "ledger/file.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_TILES 24
#define TILE_BYTES  (LDG_TILE_WIDTH * LDG_HASH_LEN)
#define BUNDLE_MAX  ((size_t)LDG_TILE_WIDTH * (2 + LDG_PUBLISH_ENTRY_MAX))

typedef struct cached {
    int valid, level;
    uint64_t index;
    ldg_hash h[LDG_TILE_WIDTH];
} cached;

typedef struct mon {
    int dirfd;
    const char *vkey;
    ldg_verifier *key;
    ldg_monitor_result *res;
    ldg_monitor_report report;
    void *ctx;
    ldg_checkpoint cp, kept;
    const char *tenant; /* in cp.origin */
    int64_t *docs;      /* seqs of contract, invoice and credit note entries, ascending */
    size_t ndocs, capdocs;
    cached cache[CACHE_TILES];
    unsigned next;
    char *bundle; /* the entry bundle last read, and where its entries start */
    uint64_t bundle_idx;
    size_t offs[LDG_TILE_WIDTH + 1];
    const char *doc_number; /* the document being re-rated, for its report lines */
} mon;

static void say(mon *m, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(mon *m, int ok, const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (!ok)
        m->res->problems++;
    if (m->report)
        m->report(m->ctx, ok, line);
}

/* ---- reading the published files ----------------------------------------------------
 */

static ldg_code dir_tile(void *ctx, int level, uint64_t index, int width, ldg_hash *out,
                         ldg_error *err)
{
    mon *m = ctx;
    int fw = ldg_publish_tile_width(m->cp.size, level, index);
    char path[LDG_PUBLISH_PATH_MAX];
    cached *slot;
    char *data = NULL;
    size_t len = 0;
    ldg_code rc;

    if (width < 1 || fw < width)
        return ldg_error_set(err, LDG_ENOTFOUND,
                             "tile %d/%" PRIu64 " of width %d is not in the tree of size "
                             "%" PRIu64,
                             level, index, width, m->cp.size);
    for (int i = 0; i < CACHE_TILES; i++)
        if (m->cache[i].valid && m->cache[i].level == level &&
            m->cache[i].index == index) {
            memcpy(out, m->cache[i].h, (size_t)width * sizeof(ldg_hash));
            return LDG_OK;
        }
    rc = ldg_publish_path(path, level, index, fw, err);
    if (rc == LDG_OK)
        rc = ldg_publish_read_file(&data, &len, m->dirfd, path, TILE_BYTES, err);
    if (rc == LDG_OK && len != (size_t)fw * LDG_HASH_LEN)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "\"%s\" has %zu bytes, where a tile of width %d has %d", path,
                           len, fw, fw * LDG_HASH_LEN);
    if (rc == LDG_OK) {
        slot = &m->cache[m->next++ % CACHE_TILES];
        slot->valid = 1;
        slot->level = level;
        slot->index = index;
        memcpy(slot->h, data, len);
        memcpy(out, data, (size_t)width * sizeof(ldg_hash));
        m->res->tiles++;
    }
    free(data);
    return rc;
}

/* Subtree (level, index) of the tree, for the bundle writer: the stored hashes under it
 * at tile level level / 8, hashed up. */
static ldg_code dir_node(void *ctx, unsigned level, uint64_t index, ldg_hash *out,
                         ldg_error *err)
{
    ldg_hash buf[LDG_TILE_WIDTH];
    unsigned tl = level / LDG_TILE_HEIGHT, r = level % LDG_TILE_HEIGHT;
    uint64_t first = index << r, cnt = UINT64_C(1) << r;
    unsigned off = (unsigned)(first % LDG_TILE_WIDTH);
    ldg_code rc =
        dir_tile(ctx, (int)tl, first / LDG_TILE_WIDTH, (int)(off + cnt), buf, err);

    if (rc == LDG_OK)
        ldg_merkle_root_of(out, buf + off, cnt);
    return rc;
}

/* Reads entry bundle idx of the tree and finds its entries' frames. */
static ldg_code load_bundle(mon *m, uint64_t idx, ldg_error *err)
{
    int fw = ldg_publish_tile_width(m->cp.size, -1, idx);
    char path[LDG_PUBLISH_PATH_MAX];
    size_t len = 0, pos = 0;
    ldg_code rc;

    if (m->bundle && m->bundle_idx == idx)
        return LDG_OK;
    free(m->bundle);
    m->bundle = NULL;
    rc = ldg_publish_path(path, -1, idx, fw, err);
    if (rc == LDG_OK)
        rc = ldg_publish_read_file(&m->bundle, &len, m->dirfd, path, BUNDLE_MAX, err);
    for (int i = 0; rc == LDG_OK && i < fw; i++) {
        size_t n =
            len - pos >= 2
                ? (size_t)((uint8_t)m->bundle[pos] << 8 | (uint8_t)m->bundle[pos + 1])
                : 0;

        if (len - pos < 2 || len - pos - 2 < n) {
            rc = ldg_error_set(err, LDG_EINVAL,
                               "entry bundle \"%s\" is truncated: it ends in entry %d of "
                               "%d",
                               path, i, fw);
            break;
        }
        m->offs[i] = pos;
        pos += 2 + n;
    }
    if (rc == LDG_OK && pos != len)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "entry bundle \"%s\" has %zu bytes after its %d entries", path,
                           len - pos, fw);
    m->offs[fw] = pos;
    if (rc != LDG_OK) {
        free(m->bundle);
        m->bundle = NULL;
        return rc;
    }
    m->bundle_idx = idx;
    m->res->tiles++;
    return LDG_OK;
}

/* Entry seq's canonical bytes, borrowed until the next bundle is read. */
static ldg_code entry_at(const char **p, size_t *n, mon *m, int64_t seq, ldg_error *err)
{
    uint64_t idx = (uint64_t)seq / LDG_TILE_WIDTH;
    size_t i = (size_t)((uint64_t)seq % LDG_TILE_WIDTH);
    ldg_code rc = load_bundle(m, idx, err);

    if (rc != LDG_OK)
        return rc;
    *p = m->bundle + m->offs[i] + 2;
    *n = m->offs[i + 1] - m->offs[i] - 2;
    return LDG_OK;
}

static json_t *entry_json(mon *m, int64_t seq, ldg_error *err)
{
    const char *p = NULL;
    size_t n = 0;
    json_t *j;

    if (entry_at(&p, &n, m, seq, err) != LDG_OK)
        return NULL;
    j = json_loadb(p, n, JSON_REJECT_DUPLICATES, NULL);
    if (!j)
        ldg_error_set(err, LDG_EINVAL, "entry seq %" PRId64 " is not JSON", seq);
    return j;
}

static bool is_doc_kind(const char *kind)
{
    return strcmp(kind, "contract") == 0 || strcmp(kind, "invoice") == 0 ||
           strcmp(kind, "credit_note") == 0;
}

static ldg_code push_doc(mon *m, int64_t seq, ldg_error *err)
{
    if (m->ndocs == m->capdocs) {
        size_t cap = m->capdocs ? 2 * m->capdocs : 64;
        int64_t *p = realloc(m->docs, cap * sizeof(*p));

        if (!p)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        m->docs = p;
        m->capdocs = cap;
    }
    m->docs[m->ndocs++] = seq;
    return LDG_OK;
}

/* ---- the structural checks ----------------------------------------------------------
 */

/* Every entry of the bundles at and above the kept size against its leaf. */
static bool check_entries(mon *m, ldg_error *err)
{
    ldg_hash leaves[LDG_TILE_WIDTH], leaf;
    char kind[24];
    int64_t seq = 0;

    for (uint64_t idx = m->kept.size / LDG_TILE_WIDTH; idx * LDG_TILE_WIDTH < m->cp.size;
         idx++) {
        int fw = ldg_publish_tile_width(m->cp.size, 0, idx);

        if (dir_tile(m, 0, idx, fw, leaves, err) != LDG_OK ||
            load_bundle(m, idx, err) != LDG_OK)
            return false;
        for (int i = 0; i < fw; i++) {
            uint64_t s = idx * LDG_TILE_WIDTH + (uint64_t)i;
            const char *p = m->bundle + m->offs[i] + 2;
            size_t n = m->offs[i + 1] - m->offs[i] - 2;

            ldg_merkle_leaf_hash(&leaf, p, n);
            if (memcmp(&leaf, &leaves[i], sizeof(leaf)) != 0) {
                ldg_error_set(err, LDG_EINVAL,
                              "entry seq %" PRIu64 " does not hash to its leaf in the"
                              " level-0 tile",
                              s);
                return false;
            }
            if (s < m->kept.size)
                continue;
            if (!ldg_publish_entry_tail(p, n, kind, &seq, m->tenant) ||
                seq != (int64_t)s) {
                ldg_error_set(err, LDG_EINVAL,
                              "entry seq %" PRIu64 " is not an entry of tenant \"%s\" at"
                              " that seq",
                              s, m->tenant);
                return false;
            }
            if (is_doc_kind(kind) && push_doc(m, seq, err) != LDG_OK)
                return false;
            m->res->entries++;
        }
    }
    return true;
}

/* Each tile above level 0 that ldg_tiles_extend rebuilds must be the published one. */
static ldg_code compare_tile(void *ctx, int level, uint64_t index, int width,
                             const ldg_hash *hashes, ldg_error *err)
{
    ldg_hash got[LDG_TILE_WIDTH];
    char path[LDG_PUBLISH_PATH_MAX];
    ldg_code rc = dir_tile(ctx, level, index, width, got, err);

    if (rc == LDG_OK && memcmp(got, hashes, (size_t)width * sizeof(ldg_hash)) != 0) {
        if (ldg_publish_path(path, level, index, width, NULL) != LDG_OK)
            path[0] = '\0';
        rc = ldg_error_set(err, LDG_EINVAL,
                           "tile \"%s\" is not the hash of the tiles below it", path);
    }
    return rc;
}

/* Size, root and consistency against the kept checkpoint; the new tiles and entries. */
static bool check_tree(mon *m, ldg_error *err)
{
    ldg_hash root, proof[LDG_PROOF_MAX];
    size_t n = 0;

    if (ldg_tree_root(&root, m->cp.size, dir_tile, m, err) != LDG_OK)
        return false;
    if (memcmp(&root, &m->cp.root, sizeof(root)) != 0) {
        ldg_error_set(err, LDG_EINVAL, "the tiles do not give the checkpoint's root");
        return false;
    }
    if (m->kept.size > 0 && m->kept.size < m->cp.size &&
        (ldg_tree_consistency_proof(proof, &n, m->kept.size, m->cp.size, dir_tile, m,
                                    err) != LDG_OK ||
         ldg_merkle_verify_consistency(m->kept.size, m->cp.size, proof, n, &m->kept.root,
                                       &m->cp.root, err) != LDG_OK)) {
        m->res->fork = 1;
        ldg_error_where(err,
                        "the tiles do not prove the kept tree of size %" PRIu64
                        " a prefix of the published one: a fork, or tampered tiles",
                        m->kept.size);
        return false;
    }
    if (!check_entries(m, err))
        return false;
    return ldg_tiles_extend(m->kept.size, m->cp.size, dir_tile, m, compare_tile, m,
                            err) == LDG_OK;
}

/* ---- re-rating ----------------------------------------------------------------------
 */

static ldg_code to_buf(void *ctx, const void *p, size_t n, ldg_error *err)
{
    return ldg_buf_append(ctx, p, n, err);
}

static void on_bundle(void *ctx, int ok, const char *what)
{
    mon *m = ctx;

    if (!ok && strstr(what, m->doc_number))
        say(m, 0, "%s", what);
    else if (!ok)
        say(m, 0, "%s: %s", m->doc_number, what);
}

static const char *str_of(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The rated_from sizes of the documents of family orig (the original and the ones
 * amending it) up to seq: the consistency proofs its bundle must carry. */
static ldg_code family_sizes(int64_t *sizes, size_t *n, mon *m, const char *orig,
                             int64_t seq, ldg_error *err)
{
    *n = 0;
    for (size_t i = 0; i < m->ndocs && m->docs[i] <= seq; i++) {
        json_t *j = entry_json(m, m->docs[i], err), *d = json_object_get(j, "data");
        const char *num = str_of(d, "number"), *am = str_of(d, "amends");
        int64_t s =
            json_integer_value(json_object_get(json_object_get(d, "rated_from"), "size"));
        size_t k;

        if (!j)
            return err->code;
        if (strcmp(str_of(j, "kind") ? str_of(j, "kind") : "", "contract") != 0 &&
            ((num && !am && strcmp(num, orig) == 0) || (am && strcmp(am, orig) == 0))) {
            for (k = 0; k < *n && sizes[k] != s; k++)
                ;
            if (k == *n && *n < LDG_BUNDLE_MAX_CONSISTENCY)
                sizes[(*n)++] = s;
        }
        json_decref(j);
    }
    return LDG_OK;
}

/* The bundle of the document at seq, from the published files, into out. */
static ldg_code write_doc_bundle(ldg_buf *out, mon *m, const char *number, int64_t from,
                                 const int64_t *sizes, size_t nsizes, int64_t seq,
                                 ldg_error *err)
{
    ldg_bundle_consistency cons[LDG_BUNDLE_MAX_CONSISTENCY];
    ldg_hash proofs[LDG_BUNDLE_MAX_CONSISTENCY][LDG_PROOF_MAX];
    ldg_bundle_header h = { .tenant = m->tenant, .vkey = m->vkey };
    ldg_bundle_writer *w = NULL;
    json_t *scope = json_pack("{s:s}", "invoice", number);
    const char *p;
    size_t n;
    ldg_code rc = scope ? LDG_OK : ldg_error_set(err, LDG_ENOMEM, "out of memory");

    for (size_t i = 0; rc == LDG_OK && i < nsizes; i++) {
        if (sizes[i] < 1 || (uint64_t)sizes[i] > m->cp.size)
            rc = ldg_error_set(
                err, LDG_EINVAL,
                "rated from tree size %" PRId64 ", not in the published tree", sizes[i]);
        cons[i] =
            (ldg_bundle_consistency){ .size = (uint64_t)sizes[i], .proof = proofs[i] };
        if (rc == LDG_OK)
            rc = ldg_tree_root(&cons[i].root, cons[i].size, dir_tile, m, err);
        if (rc == LDG_OK && cons[i].size < m->cp.size)
            rc = ldg_tree_consistency_proof(proofs[i], &cons[i].n, cons[i].size,
                                            m->cp.size, dir_tile, m, err);
    }
    h.checkpoint = m->res->note;
    h.scope = scope;
    h.consistency = cons;
    h.nconsistency = nsizes;
    if (rc == LDG_OK)
        rc = ldg_bundle_writer_new(&w, &h, to_buf, out, err);
    /* the contract and earlier documents below the basis, then all of [from, seq] */
    for (size_t i = 0; rc == LDG_OK && i < m->ndocs && m->docs[i] < from; i++)
        if ((rc = entry_at(&p, &n, m, m->docs[i], err)) == LDG_OK)
            rc = ldg_bundle_writer_add(w, m->docs[i], p, n, err);
    for (int64_t s = from; rc == LDG_OK && s <= seq; s++)
        if ((rc = entry_at(&p, &n, m, s, err)) == LDG_OK)
            rc = ldg_bundle_writer_add(w, s, p, n, err);
    if (rc == LDG_OK)
        rc = ldg_bundle_writer_finish(w, dir_node, m, NULL, err);
    ldg_bundle_writer_free(w);
    json_decref(scope);
    return rc;
}

/* Re-rates the invoice or credit note at seq through its bundle. */
static void rerate_doc(mon *m, int64_t seq)
{
    json_t *j, *d, *basis;
    int64_t sizes[LDG_BUNDLE_MAX_CONSISTENCY], from = 0;
    size_t nsizes = 0;
    ldg_buf b = { 0 };
    ldg_bundle_verify_opts vo = { .vkey = m->vkey, .report = on_bundle, .ctx = m };
    ldg_bundle_summary sum;
    const char *number, *amends;
    ldg_error e;

    ldg_error_clear(&e);
    j = entry_json(m, seq, &e);
    d = json_object_get(j, "data");
    number = str_of(d, "number");
    amends = str_of(d, "amends");
    basis = json_object_get(d, "basis");
    if (json_is_object(basis))
        from = json_integer_value(json_object_get(basis, "from"));
    if (!j || !number || from < 0 || from > seq) {
        say(m, 0, "document seq %" PRId64 " cannot be read: %s", seq,
            j ? "no number, or a basis outside the log" : e.message);
        json_decref(j);
        return;
    }
    m->doc_number = number;
    if ((uint64_t)(seq - from) >= LDG_BUNDLE_MAX_ENTRIES) {
        /* the bundle verifier's own bound: the evidence could not be checked anyway */
        say(m, 0,
            "%s (seq %" PRId64 "): its basis spans %" PRId64 " entries, more than a"
            " bundle can carry: it cannot be re-rated here",
            number, seq, seq - from + 1);
        json_decref(j);
        return;
    }
    if (family_sizes(sizes, &nsizes, m, amends ? amends : number, seq, &e) != LDG_OK ||
        write_doc_bundle(&b, m, number, from, sizes, nsizes, seq, &e) != LDG_OK)
        say(m, 0,
            "%s (seq %" PRId64 "): its evidence cannot be built from the published"
            " files: %s",
            number, seq, e.message);
    else if (ldg_bundle_verify(&sum, b.data, b.len, &vo, &e) != LDG_OK)
        say(m, 0, "%s (seq %" PRId64 "): %s", number, seq, e.message);
    else if (sum.failures == 0)
        say(m, 1,
            "%s (seq %" PRId64 "): %" PRId64 " lines re-rated from %" PRId64
            " usage records: they, its tax and its basis hold",
            number, seq, sum.lines, sum.usage);
    m->res->documents++;
    ldg_buf_cleanup(&b);
    json_decref(j);
}

/* ---- the state file -----------------------------------------------------------------
 */

static ldg_code open_note(ldg_checkpoint *cp, mon *m, const char *note, size_t len,
                          ldg_error *err)
{
    size_t tl = 0;
    ldg_code rc = ldg_note_open(&tl, note, len, &m->key, 1, err);

    return rc == LDG_OK ? ldg_checkpoint_parse(cp, note, tl, err) : rc;
}

static ldg_code load_state(mon *m, const char *path, ldg_error *err)
{
    char *text = NULL;
    size_t len = 0;
    json_t *j = NULL, *docs;
    const char *note;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_file_read_regular(&text, &len, path, LDG_MONITOR_STATE_MAX, &e);
    if (rc == LDG_ENOTFOUND) {
        m->res->first_run = 1;
        return LDG_OK;
    }
    if (rc != LDG_OK) {
        *err = e;
        return rc;
    }
    if (rc == LDG_OK && !(j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL)))
        rc = ldg_error_set(err, LDG_EINVAL, "state \"%s\" is not JSON", path);
    note = str_of(j, "checkpoint");
    docs = json_object_get(j, "documents");
    if (rc == LDG_OK && (!note || !json_is_array(docs) ||
                         strcmp(str_of(j, "format") ? str_of(j, "format") : "",
                                LDG_MONITOR_STATE_FORMAT) != 0))
        rc = ldg_error_set(err, LDG_EINVAL, "\"%s\" is not a monitor state file", path);
    if (rc == LDG_OK && (rc = open_note(&m->kept, m, note, strlen(note), err)) != LDG_OK)
        ldg_error_where(err, "the checkpoint kept in \"%s\"", path);
    if (rc == LDG_OK && !(m->res->kept_note = strdup(note)))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < json_array_size(docs); i++) {
        int64_t s = json_integer_value(json_array_get(docs, i));

        if (s < 0 || (uint64_t)s >= m->kept.size ||
            (m->ndocs && s <= m->docs[m->ndocs - 1]))
            rc = ldg_error_set(err, LDG_EINVAL, "state \"%s\": bad document seq", path);
        else
            rc = push_doc(m, s, err);
    }
    m->res->kept_size = m->kept.size;
    json_decref(j);
    free(text);
    return rc;
}

static ldg_code save_state(const mon *m, const char *path, ldg_error *err)
{
    json_t *docs = json_array(), *j;
    char tmp[4096], *text = NULL;
    ldg_code rc = LDG_OK;
    int fd;

    for (size_t i = 0; docs && i < m->ndocs; i++)
        json_array_append_new(docs, json_integer(m->docs[i]));
    j = json_pack("{s:s,s:i,s:s,s:o*}", "format", LDG_MONITOR_STATE_FORMAT, "version", 1,
                  "checkpoint", m->res->note, "documents", docs);
    if (j)
        text = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(j);
    if (!text)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
        free(text);
        return ldg_error_set(err, LDG_EINVAL, "state path is too long");
    }
    (void)unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
        write(fd, "\n", 1) != 1 || fsync(fd) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", tmp,
                           strerror(errno));
    if (fd >= 0 && close(fd) != 0 && rc == LDG_OK)
        rc = ldg_error_set(err, LDG_EIO, "could not write \"%s\"", tmp);
    if (rc == LDG_OK && rename(tmp, path) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not rename \"%s\" to \"%s\": %s", tmp,
                           path, strerror(errno));
    if (rc != LDG_OK)
        (void)unlink(tmp);
    free(text);
    return rc;
}

/* ---- the run ------------------------------------------------------------------------
 */

/* The published checkpoint, opened; a fork or rollback against the kept one. false
 * when the run cannot go on. */
static bool read_checkpoint(mon *m, ldg_error *err)
{
    size_t len = 0;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_publish_read_file(&m->res->note, &len, m->dirfd, "checkpoint", LDG_NOTE_MAX,
                               &e);
    if (rc == LDG_OK)
        rc = open_note(&m->cp, m, m->res->note, len, &e);
    if (rc != LDG_OK) {
        ldg_error_set(err, rc,
                      "the published checkpoint does not open with the key (forged, or"
                      " not the operator's): %s%s%s",
                      e.message, e.where[0] ? ", " : "", e.where);
        return false;
    }
    m->res->size = m->cp.size;
    m->tenant = ldg_publish_origin_tenant(m->cp.origin);
    if (!m->tenant || (m->res->kept_note && strcmp(m->cp.origin, m->kept.origin) != 0)) {
        ldg_error_set(err, LDG_EINVAL, "checkpoint origin \"%s\" is not the kept log's",
                      m->cp.origin);
        return false;
    }
    if (m->cp.size < m->kept.size || (m->cp.size == m->kept.size &&
                                      memcmp(&m->cp.root, &m->kept.root, LDG_HASH_LEN))) {
        m->res->fork = 1;
        ldg_error_set(err, LDG_EINVAL,
                      m->cp.size < m->kept.size
                          ? "the published tree (size %" PRIu64 ") is shorter than the"
                            " kept one (size %" PRIu64 "): the log was rolled back"
                          : "the published tree (size %" PRIu64 ") has another root"
                            " than the kept one of the same size %" PRIu64 ": a fork",
                      m->cp.size, m->kept.size);
        return false;
    }
    return true;
}

static ldg_code run(mon *m, const char *dir, const char *state, ldg_error *err)
{
    ldg_error e;
    size_t first_new;
    ldg_code rc = load_state(m, state, err);

    if (rc == LDG_OK)
        rc = ldg_publish_open_dir(&m->dirfd, AT_FDCWD, dir, 0, err);
    if (rc != LDG_OK)
        return rc;
    ldg_error_clear(&e);
    first_new = m->ndocs;
    if (!read_checkpoint(m, &e) || !check_tree(m, &e)) {
        say(m, 0, "%s%s%s", e.message, e.where[0] ? ": " : "", e.where);
        return LDG_OK;
    }
    say(m, 1,
        "checkpoint of tree size %" PRIu64 " signed by the key, %s; %" PRId64
        " new entries hash to their leaves",
        m->cp.size,
        m->kept.size ? "consistent with the kept one" : "every tile checked from zero",
        m->res->entries);
    for (size_t i = first_new; i < m->ndocs; i++) {
        json_t *j = entry_json(m, m->docs[i], &e);
        const char *kind = str_of(j, "kind");

        if (kind && strcmp(kind, "contract") != 0)
            rerate_doc(m, m->docs[i]);
        json_decref(j);
    }
    if (m->res->problems == 0)
        rc = save_state(m, state, err);
    return rc;
}

ldg_code ldg_monitor_run(ldg_monitor_result *out, const char *dir, const char *vkey,
                         const char *state_path, ldg_monitor_report report, void *ctx,
                         ldg_error *err)
{
    mon *m;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    m = calloc(1, sizeof(*m));
    if (!m)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    m->dirfd = -1;
    m->vkey = vkey;
    m->res = out;
    m->report = report;
    m->ctx = ctx;
    rc = ldg_verifier_parse(&m->key, vkey, err);
    if (rc == LDG_OK)
        rc = run(m, dir, state_path, err);
    if (m->dirfd >= 0)
        close(m->dirfd);
    ldg_verifier_free(m->key);
    free(m->docs);
    free(m->bundle);
    free(m);
    return rc;
}

void ldg_monitor_result_cleanup(ldg_monitor_result *r)
{
    free(r->note);
    free(r->kept_note);
    r->note = r->kept_note = NULL;
}
