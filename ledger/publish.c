/*
 * Publishing a tenant's log as C2SP tlog-tiles (publish.h): the writer, and the file
 * helpers the monitor (monitor.c) reads the same layout with.
 *
 * Invariant: a name under DIR/<tenant>/tile/ never changes content once it exists (a
 * partial tile's width is in its name), and the checkpoint names only files already
 * renamed into place. So the writer decides what to write from names alone, and a crash
 * at any point leaves the previous checkpoint with all its files.
 *
 * Level 0 and the entry bundles are written together, bundle by bundle: each entry's
 * leaf hash is compared with the level-0 tile before either file is written, so a
 * bundle that does not match its tile is never published. Entries are streamed from
 * the source from the first bundle that is missing, one bundle held at a time. The
 * tiles above are taken as the store keeps them (seal built them); the root check at the
 * start binds them to the signed checkpoint on the right edge, and the Go interop test
 * and the monitor check every one.
 */
#define _GNU_SOURCE /* syncfs(): one flush of every file before the checkpoint */
#include "ledger/publish.h"

#include "ledger/buf.h"
#include "ledger/note.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

int ldg_publish_tenant_ok(const char *t)
{
    size_t n = strlen(t);

    if (n == 0 || n > 63 || t[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
              (t[i] >= '0' && t[i] <= '9') || t[i] == '.' || t[i] == '_' || t[i] == '-'))
            return 0;
    return 1;
}

const char *ldg_publish_origin_tenant(const char *origin)
{
    const char *slash = strrchr(origin, '/');

    return slash ? slash + 1 : NULL;
}

int ldg_publish_tile_width(uint64_t size, int level, uint64_t index)
{
    unsigned shift = (unsigned)(level < 0 ? 0 : level) * LDG_TILE_HEIGHT;
    uint64_t count = shift < 64 ? size >> shift : 0; /* hashes at tree level 8L */

    if (index < count / LDG_TILE_WIDTH)
        return LDG_TILE_WIDTH;
    if (index == count / LDG_TILE_WIDTH)
        return (int)(count % LDG_TILE_WIDTH);
    return 0;
}

ldg_code ldg_publish_path(char buf[LDG_PUBLISH_PATH_MAX], int level, uint64_t index,
                          int width, ldg_error *err)
{
    static const char tile0[] = "tile/0/";
    char tmp[LDG_PUBLISH_PATH_MAX];
    ldg_code rc;
    int n;

    if (level >= 0)
        return ldg_tile_path(buf, LDG_PUBLISH_PATH_MAX, level, index, width, err);
    if (level != -1)
        return ldg_error_set(err, LDG_EINVAL, "tile level %d is not in -1..63", level);
    /* the bundle's path is level 0's with "entries" for the level */
    rc = ldg_tile_path(tmp, sizeof(tmp), 0, index, width, err);
    if (rc != LDG_OK)
        return rc;
    n = snprintf(buf, LDG_PUBLISH_PATH_MAX, "tile/entries/%s", tmp + sizeof(tile0) - 1);
    if (n < 0 || n >= LDG_PUBLISH_PATH_MAX)
        return ldg_error_set(err, LDG_ERANGE, "entry bundle path is too long");
    return LDG_OK;
}

ldg_code ldg_publish_open_dir(int *out, int at, const char *path, int create,
                              ldg_error *err)
{
    int fd;

    if (create && mkdirat(at, path, 0755) != 0 && errno != EEXIST)
        return ldg_error_set(err, LDG_EIO, "could not create directory \"%s\": %s", path,
                             strerror(errno));
    fd = openat(at, path, DIR_FLAGS);
    if (fd < 0) {
        int e = errno;
        struct stat sb;
        /* O_NOFOLLOW|O_DIRECTORY on a link says ELOOP or ENOTDIR: name the cause */
        int link =
            fstatat(at, path, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode);

        return ldg_error_set(err, e == ENOENT ? LDG_ENOTFOUND : LDG_EIO,
                             "could not open directory \"%s\": %s", path,
                             link ? "it is a symbolic link, which is never followed"
                                  : strerror(e));
    }
    *out = fd;
    return LDG_OK;
}

/*
 * Walks path's directories under dirfd one component at a time (openat, O_NOFOLLOW),
 * creating them when create is set. *out receives the last directory's descriptor (to
 * close, or dirfd itself when path has no '/': *owned says which) and *leaf the final
 * component, pointing into path.
 */
static ldg_code walk(int *out, int *owned, const char **leaf, int dirfd, const char *path,
                     int create, ldg_error *err)
{
    char comp[LDG_PUBLISH_PATH_MAX];
    const char *p = path, *slash;
    int cur = dirfd;
    ldg_code rc = LDG_OK;

    *owned = 0;
    while ((slash = strchr(p, '/')) != NULL) {
        size_t n = (size_t)(slash - p);
        int next = -1;

        if (n == 0 || n >= sizeof(comp)) {
            rc = ldg_error_set(err, LDG_EINVAL, "invalid path \"%s\"", path);
            break;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        rc = ldg_publish_open_dir(&next, cur, comp, create, err);
        if (*owned)
            close(cur);
        if (rc != LDG_OK)
            break;
        cur = next;
        *owned = 1;
        p = slash + 1;
    }
    if (rc != LDG_OK) {
        ldg_error_where(err, "\"%s\"", path);
        *owned = 0;
        return rc;
    }
    *out = cur;
    *leaf = p;
    return LDG_OK;
}

/* Whether path exists under dirfd as a regular file (a link or anything else in the
 * way is an error, not "missing": the writer would rename over it). */
static ldg_code file_exists(int *exists, int dirfd, const char *path, ldg_error *err)
{
    struct stat sb;
    const char *leaf;
    int dfd, owned, r;
    ldg_code rc = walk(&dfd, &owned, &leaf, dirfd, path, 0, err);

    *exists = 0;
    if (rc == LDG_ENOTFOUND) {
        ldg_error_clear(err); /* a missing directory: the file is missing */
        return LDG_OK;
    }
    if (rc != LDG_OK)
        return rc;
    r = fstatat(dfd, leaf, &sb, AT_SYMLINK_NOFOLLOW);
    if (r == 0 && !S_ISREG(sb.st_mode))
        rc = ldg_error_set(err, LDG_EIO, "\"%s\" exists and is not a regular file", path);
    else if (r != 0 && errno != ENOENT)
        rc = ldg_error_set(err, LDG_EIO, "could not examine \"%s\": %s", path,
                           strerror(errno));
    *exists = r == 0;
    if (owned)
        close(dfd);
    return rc;
}

ldg_code ldg_publish_read_file(char **out, size_t *len, int dirfd, const char *path,
                               size_t max, ldg_error *err)
{
    const char *leaf;
    int dfd, owned, fd = -1;
    ldg_buf b = { 0 };
    char chunk[65536];
    ssize_t n;
    ldg_code rc = walk(&dfd, &owned, &leaf, dirfd, path, 0, err);

    *out = NULL;
    *len = 0;
    if (rc != LDG_OK)
        return rc;
    fd = openat(dfd, leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (owned)
        close(dfd);
    if (fd < 0)
        return ldg_error_set(err, errno == ENOENT ? LDG_ENOTFOUND : LDG_EIO,
                             "could not open \"%s\": %s", path, strerror(errno));
    rc = ldg_buf_reserve(&b, 0, err);
    while (rc == LDG_OK && (n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = ldg_error_set(err, LDG_EIO, "could not read \"%s\": %s", path,
                               strerror(errno));
        else if (b.len + (size_t)n > max)
            rc = ldg_error_set(err, LDG_ERANGE, "\"%s\" is longer than %zu bytes", path,
                               max);
        else
            rc = ldg_buf_append(&b, chunk, (size_t)n, err);
    }
    close(fd);
    if (rc != LDG_OK) {
        ldg_buf_cleanup(&b);
        return rc;
    }
    *out = b.data;
    *len = b.len;
    return LDG_OK;
}

static ldg_code write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return LDG_EIO;
        p += n;
        len -= (size_t)n;
    }
    return LDG_OK;
}

/* As ldg_publish_write_file; flush 0 leaves the data to the caller's later syncfs(). */
static ldg_code write_file(int dirfd, const char *path, const void *data, size_t len,
                           int flush, ldg_error *err)
{
    char tmp[LDG_PUBLISH_PATH_MAX + 32];
    const char *leaf;
    int dfd, owned, fd;
    ldg_code rc = walk(&dfd, &owned, &leaf, dirfd, path, 1, err);

    if (rc != LDG_OK)
        return rc;
    /* a dot name in the same directory: never a published name, and rename is atomic */
    snprintf(tmp, sizeof(tmp), ".%s.tmp%ld", leaf, (long)getpid());
    (void)unlinkat(dfd, tmp, 0); /* left by a crashed run of this pid number */
    fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = ldg_error_set(err, LDG_EIO, "could not create \"%s\": %s", path,
                           strerror(errno));
    } else {
        /* flushed before the rename, so the name never points at missing data */
        if (write_all(fd, data, len) != LDG_OK || (flush && fsync(fd) != 0))
            rc = ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", path,
                               strerror(errno));
        if (close(fd) != 0 && rc == LDG_OK)
            rc = ldg_error_set(err, LDG_EIO, "could not write \"%s\": %s", path,
                               strerror(errno));
        if (rc == LDG_OK && renameat(dfd, tmp, dfd, leaf) != 0)
            rc = ldg_error_set(err, LDG_EIO, "could not rename into \"%s\": %s", path,
                               strerror(errno));
        if (rc != LDG_OK)
            (void)unlinkat(dfd, tmp, 0);
    }
    if (owned)
        close(dfd);
    return rc;
}

ldg_code ldg_publish_write_file(int dirfd, const char *path, const void *data, size_t len,
                                ldg_error *err)
{
    return write_file(dirfd, path, data, len, 1, err);
}

/*
 * The members after "data" of a canonical entry (RFC 8785 sorts them: kind, seq, tenant,
 * v): `,"kind":"K","seq":N,"tenant":"T","v":1}` at its end. A quote inside data or any
 * string is escaped, so the last `,"kind":"` is the entry's own. Read without parsing
 * the whole entry, since usage entries are nearly all of them.
 */
int ldg_publish_entry_tail(const char *p, size_t n, char kind[24], int64_t *seq,
                           const char *tenant)
{
    static const char k[] = ",\"kind\":\"", s[] = "\",\"seq\":", t[] = ",\"tenant\":\"",
                      v[] = "\",\"v\":1}";
    size_t i = n, tl = strlen(tenant), j = 0;

    while (i >= sizeof(k) - 1 && memcmp(p + i - (sizeof(k) - 1), k, sizeof(k) - 1) != 0)
        i--;
    if (i < sizeof(k) - 1)
        return 0;
    for (; i < n && p[i] != '"' && j < 23; i++)
        kind[j++] = p[i];
    kind[j] = '\0';
    if (n - i < sizeof(s) - 1 || memcmp(p + i, s, sizeof(s) - 1) != 0)
        return 0;
    i += sizeof(s) - 1;
    for (*seq = 0; i < n && p[i] >= '0' && p[i] <= '9' && *seq < INT64_MAX / 10; i++)
        *seq = *seq * 10 + (p[i] - '0');
    if (n - i < sizeof(t) - 1 || memcmp(p + i, t, sizeof(t) - 1) != 0)
        return 0;
    i += sizeof(t) - 1;
    if (n - i < tl || memcmp(p + i, tenant, tl) != 0)
        return 0;
    i += tl;
    return n - i == sizeof(v) - 1 && memcmp(p + i, v, sizeof(v) - 1) == 0;
}

/* ---- the writer ---------------------------------------------------------------------
 */

typedef struct pub {
    int dirfd; /* DIR/<tenant> */
    const ldg_publish_source *src;
    ldg_publish_stats *st;
    uint64_t size;
    /* the entry bundle being filled */
    uint64_t idx;
    int count;
    int64_t next_seq;
    ldg_buf bundle;
    ldg_hash leaves[LDG_TILE_WIDTH];
    ldg_hash tile[LDG_TILE_WIDTH];
} pub;

/* Writes the file of tile (level, index) of width w (level -1: the bundle in data)
 * unless it is there already. */
static ldg_code put_file(pub *p, int level, uint64_t index, int w, const void *data,
                         size_t len, ldg_error *err)
{
    char path[LDG_PUBLISH_PATH_MAX];
    int exists = 0;
    ldg_code rc = ldg_publish_path(path, level, index, w, err);

    if (rc == LDG_OK)
        rc = file_exists(&exists, p->dirfd, path, err);
    if (rc != LDG_OK || exists)
        return rc;
    /* flushed all at once before the checkpoint (publish_into): an fsync of each of
     * 7,832 files took 30 of the 31 s a million entries took to publish */
    rc = write_file(p->dirfd, path, data, len, 0, err);
    if (rc == LDG_OK) {
        p->st->bytes += (int64_t)len;
        if (level < 0)
            p->st->bundles++;
        else
            p->st->tiles++;
    }
    return rc;
}

/* The bundle p->idx is complete: its leaves must be the level-0 tile's. */
static ldg_code flush_bundle(pub *p, ldg_error *err)
{
    int w = p->count;
    ldg_code rc = p->src->tiles(p->src->tiles_ctx, 0, p->idx, w, p->tile, err);

    if (rc != LDG_OK)
        return rc;
    for (int i = 0; i < w; i++)
        if (memcmp(&p->tile[i], &p->leaves[i], sizeof(ldg_hash)) != 0)
            return ldg_error_set(err, LDG_ECONFLICT,
                                 "entry seq %" PRIu64 " of tenant \"%s\" does not hash to"
                                 " its leaf in the signed tree: nothing was published"
                                 " past it (run 'leaseledger verify')",
                                 p->idx * LDG_TILE_WIDTH + (uint64_t)i, p->src->tenant);
    rc = put_file(p, -1, p->idx, w, p->bundle.data, p->bundle.len, err);
    if (rc == LDG_OK)
        rc = put_file(p, 0, p->idx, w, p->tile, (size_t)w * LDG_HASH_LEN, err);
    p->idx++;
    p->count = 0;
    ldg_buf_reset(&p->bundle);
    return rc;
}

static ldg_code take_entry(void *ctx, int64_t seq, const void *bytes, size_t len,
                           ldg_error *err)
{
    pub *p = ctx;
    uint8_t be[2] = { (uint8_t)(len >> 8), (uint8_t)len };
    ldg_code rc;

    if (seq != p->next_seq)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "tenant \"%s\"'s log has no entry seq %" PRId64
                             " (next was %" PRId64 ")",
                             p->src->tenant, p->next_seq, seq);
    if (len > LDG_PUBLISH_ENTRY_MAX)
        return ldg_error_set(err, LDG_ERANGE,
                             "entry seq %" PRId64 " of tenant \"%s\" is %zu bytes: an "
                             "entry bundle frames at most %d",
                             seq, p->src->tenant, len, LDG_PUBLISH_ENTRY_MAX);
    rc = ldg_buf_append(&p->bundle, be, sizeof(be), err);
    if (rc == LDG_OK)
        rc = ldg_buf_append(&p->bundle, bytes, len, err);
    if (rc != LDG_OK)
        return rc;
    ldg_merkle_leaf_hash(&p->leaves[p->count++], bytes, len);
    p->next_seq++;
    if (p->count == ldg_publish_tile_width(p->size, 0, p->idx))
        return flush_bundle(p, err);
    return LDG_OK;
}

/* Level 0 and the bundles, from the first index where either file is missing. */
static ldg_code publish_leaves(pub *p, uint64_t from_idx, ldg_error *err)
{
    uint64_t n = (p->size + LDG_TILE_WIDTH - 1) / LDG_TILE_WIDTH;
    ldg_code rc = LDG_OK;

    for (; from_idx < n; from_idx++) {
        char tp[LDG_PUBLISH_PATH_MAX], bp[LDG_PUBLISH_PATH_MAX];
        int w = ldg_publish_tile_width(p->size, 0, from_idx), te = 0, be = 0;

        rc = ldg_publish_path(tp, 0, from_idx, w, err);
        if (rc == LDG_OK)
            rc = ldg_publish_path(bp, -1, from_idx, w, err);
        if (rc == LDG_OK)
            rc = file_exists(&te, p->dirfd, tp, err);
        if (rc == LDG_OK)
            rc = file_exists(&be, p->dirfd, bp, err);
        if (rc != LDG_OK || !te || !be)
            break;
    }
    if (rc != LDG_OK || from_idx >= n)
        return rc;
    p->idx = from_idx;
    p->next_seq = (int64_t)(from_idx * LDG_TILE_WIDTH);
    rc = p->src->entries(p->src->entries_ctx, p->next_seq, (int64_t)p->size, take_entry,
                         p, err);
    if (rc == LDG_OK && p->next_seq != (int64_t)p->size)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "tenant \"%s\"'s log ended at seq %" PRId64
                           ", below its checkpoint's size %" PRIu64,
                           p->src->tenant, p->next_seq, p->size);
    return rc;
}

/* The tiles above level 0: full ones from the first not yet published, and the last
 * partial one of each level. */
static ldg_code publish_upper(pub *p, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (int level = 1; rc == LDG_OK && level < 8; level++) {
        unsigned shift = (unsigned)level * LDG_TILE_HEIGHT;
        uint64_t count = p->size >> shift;
        uint64_t idx = (p->st->old_size >> shift) / LDG_TILE_WIDTH;

        if (count == 0)
            break;
        for (; rc == LDG_OK && idx <= count / LDG_TILE_WIDTH; idx++) {
            int w = ldg_publish_tile_width(p->size, level, idx);

            if (w == 0)
                break;
            rc = p->src->tiles(p->src->tiles_ctx, level, idx, w, p->tile, err);
            if (rc == LDG_OK)
                rc = put_file(p, level, idx, w, p->tile, (size_t)w * LDG_HASH_LEN, err);
        }
    }
    return rc;
}

/* The checkpoint text of a signed note: up to its first blank line. */
static ldg_code note_checkpoint(ldg_checkpoint *out, const char *note, size_t len,
                                ldg_error *err)
{
    const char *blank = NULL;

    for (size_t i = 0; i + 1 < len && !blank; i++)
        if (note[i] == '\n' && note[i + 1] == '\n')
            blank = note + i;
    if (!blank)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint note has no signature block");
    return ldg_checkpoint_parse(out, note, (size_t)(blank - note) + 1, err);
}

/* The checkpoint published before (size 0 when none); *same when it is the very note
 * about to be published. */
static ldg_code old_checkpoint(ldg_checkpoint *cp, int *same, int dirfd, const char *note,
                               ldg_error *err)
{
    char *old = NULL;
    size_t len = 0;
    ldg_error e;
    ldg_code rc =
        ldg_publish_read_file(&old, &len, dirfd, "checkpoint", LDG_NOTE_MAX, err);

    memset(cp, 0, sizeof(*cp));
    *same = 0;
    if (rc == LDG_ENOTFOUND) {
        ldg_error_clear(err);
        return LDG_OK;
    }
    if (rc != LDG_OK)
        return rc;
    ldg_error_clear(&e);
    /* ours, but not trusted to say which tiles exist: unreadable means none */
    if (note_checkpoint(cp, old, len, &e) != LDG_OK)
        memset(cp, 0, sizeof(*cp));
    *same = len == strlen(note) && memcmp(old, note, len) == 0;
    free(old);
    return LDG_OK;
}

static ldg_code publish_into(pub *p, const ldg_checkpoint *cp, ldg_error *err)
{
    ldg_checkpoint old;
    ldg_hash root;
    int same = 0;
    ldg_code rc = old_checkpoint(&old, &same, p->dirfd, p->src->note, err);

    p->st->old_size = old.size;
    if (rc == LDG_OK && old.size > cp->size)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "the published checkpoint of tenant \"%s\" is of tree size "
                           "%" PRIu64 ", larger than the store's %" PRIu64
                           ": publishing would roll it back",
                           p->src->tenant, old.size, cp->size);
    /* the files there are kept by name: they must be of this very history */
    if (rc == LDG_OK && old.size > 0)
        rc = ldg_tree_root(&root, old.size, p->src->tiles, p->src->tiles_ctx, err);
    if (rc == LDG_OK && old.size > 0 && memcmp(&root, &old.root, sizeof(root)) != 0)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "the directory holds another history of tenant \"%s\": its"
                           " checkpoint of tree size %" PRIu64 " has another root than"
                           " the store's tree of that size (publish into an empty"
                           " directory)",
                           p->src->tenant, old.size);
    if (rc == LDG_OK)
        rc = ldg_tree_root(&root, cp->size, p->src->tiles, p->src->tiles_ctx, err);
    if (rc == LDG_OK && memcmp(&root, &cp->root, sizeof(root)) != 0)
        rc =
            ldg_error_set(err, LDG_ECONFLICT,
                          "the stored tiles of tenant \"%s\" do not give its checkpoint's"
                          " root (run 'leaseledger verify')",
                          p->src->tenant);
    if (rc == LDG_OK)
        rc = publish_leaves(p, p->st->old_size / LDG_TILE_WIDTH, err);
    if (rc == LDG_OK)
        rc = publish_upper(p, err);
    /* every file on disk before the checkpoint that names them, even across a crash */
    if (rc == LDG_OK && p->st->tiles + p->st->bundles > 0 && syncfs(p->dirfd) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not flush the published files: %s",
                           strerror(errno));
    if (rc == LDG_OK && !same) {
        size_t len = strlen(p->src->note);

        rc = ldg_publish_write_file(p->dirfd, "checkpoint", p->src->note, len, err);
        p->st->bytes += (int64_t)len;
    }
    return rc;
}

ldg_code ldg_publish_tenant(ldg_publish_stats *out, int dirfd,
                            const ldg_publish_source *src, ldg_error *err)
{
    ldg_publish_stats stats = { 0 };
    ldg_checkpoint cp;
    const char *origin_tenant;
    pub *p;
    ldg_code rc;

    if (!ldg_publish_tenant_ok(src->tenant))
        return ldg_error_set(err, LDG_EINVAL, "tenant \"%s\" cannot name a directory",
                             src->tenant);
    rc = note_checkpoint(&cp, src->note, strlen(src->note), err);
    if (rc != LDG_OK)
        return rc;
    origin_tenant = ldg_publish_origin_tenant(cp.origin);
    if (!origin_tenant || strcmp(origin_tenant, src->tenant) != 0)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "checkpoint origin \"%s\" is not tenant \"%s\"'s", cp.origin,
                             src->tenant);
    p = calloc(1, sizeof(*p));
    if (!p)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    p->src = src;
    p->st = &stats;
    p->size = cp.size;
    stats.size = cp.size;
    rc = ldg_publish_open_dir(&p->dirfd, dirfd, src->tenant, 1, err);
    if (rc == LDG_OK) {
        rc = publish_into(p, &cp, err);
        close(p->dirfd);
    }
    ldg_buf_cleanup(&p->bundle);
    free(p);
    if (out)
        *out = stats;
    return rc;
}
