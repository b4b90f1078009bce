/*
 * A tenant's log published as C2SP tlog-tiles: static files any web server or object
 * store serves, which a tenant's own tooling (ours, Go's sumdb/tlog, any tlog-tiles
 * client) checks against the signed checkpoint.
 *
 *   DIR/<tenant>/checkpoint                the latest signed checkpoint note, as stored
 *   DIR/<tenant>/tile/<L>/<N>[.p/<W>]      hash tiles of height 8 (merkle.h's paths)
 *   DIR/<tenant>/tile/entries/<N>[.p/<W>]  entry bundles: entries N*256 .. N*256+W-1,
 *                                          each its canonical bytes preceded by their
 *                                          length as a big-endian uint16
 *
 * The writer is incremental and ordered for readers that poll: a full tile or bundle
 * already there is never written again (full tiles are immutable); a partial one is
 * written under its own width, so a file never changes once it has a name; every file
 * is written to a temporary name in its directory and renamed, all are flushed with one
 * syncfs(), and the checkpoint is renamed last, so a reader that fetches the checkpoint
 * first never finds a tile of it missing, even after a crash. Partial files of earlier
 * checkpoints are left for readers still on those. Directories are created and entered
 * one component at a time with openat(O_NOFOLLOW): a symbolic link planted under DIR is
 * refused, never followed.
 *
 * Dropped: rewriting everything each run (10 M entries is 40,000 tiles: the run would
 * cost what the log costs, not what it grew), and a manifest of what was written (the
 * tree size says which tiles exist; a manifest would be one more file to keep right).
 */
#ifndef LEASELEDGER_PUBLISH_H
#define LEASELEDGER_PUBLISH_H

#include "ledger/error.h"
#include "ledger/merkle.h"

#include <stddef.h>
#include <stdint.h>

/* An entry longer than this cannot be framed in a bundle (uint16 length). */
#define LDG_PUBLISH_ENTRY_MAX 65535
/* Longest path of a file under DIR/<tenant>/ ("tile/entries/x...x/NNN.p/WWW"). */
#define LDG_PUBLISH_PATH_MAX 64

/* Receives one entry: seq and its canonical bytes (borrowed for the call). */
typedef ldg_code (*ldg_publish_entry_fn)(void *ctx, int64_t seq, const void *bytes,
                                         size_t len, ldg_error *err);

/* Calls fn for every entry with seq in [from, to), in seq order, each exactly once;
 * a gap is the source's error to report. */
typedef ldg_code (*ldg_publish_entries_fn)(void *ctx, int64_t from, int64_t to,
                                           ldg_publish_entry_fn fn, void *fnctx,
                                           ldg_error *err);

/* What is published of one tenant: its checkpoint note, the tiles of that tree and its
 * entries. The tiles reader is asked only for tiles of the checkpoint's tree. */
typedef struct ldg_publish_source {
    const char *tenant; /* 1..63 of [A-Za-z0-9._-], not starting with '.' */
    const char *note;   /* the signed checkpoint note, NUL-terminated */
    ldg_tile_reader tiles;
    void *tiles_ctx;
    ldg_publish_entries_fn entries;
    void *entries_ctx;
} ldg_publish_source;

typedef struct ldg_publish_stats {
    uint64_t old_size; /* tree size of the checkpoint published before (0: none) */
    uint64_t size;     /* tree size published now */
    int64_t tiles;     /* hash tiles written */
    int64_t bundles;   /* entry bundles written */
    int64_t bytes;     /* bytes written, checkpoint included */
} ldg_publish_stats;

/*
 * Publishes src under dirfd/<tenant>/ (created when missing). Checks before anything is
 * renamed into place that the tiles give the checkpoint's root and that every entry
 * written hashes to its leaf in the level-0 tiles (LDG_ECONFLICT naming the seq: the
 * store disagrees with its own checkpoint; run `leaseledger verify`). An entry longer
 * than LDG_PUBLISH_ENTRY_MAX is LDG_ERANGE naming the tenant and seq. A checkpoint
 * already published of a larger tree is LDG_ECONFLICT (publishing it would roll the
 * tenant's view back). LDG_EIO naming the file when the file system refuses (a symbolic
 * link or non-directory in the way is refused, ELOOP/ENOTDIR). On failure the
 * checkpoint file is unchanged, so readers still see a complete older tree. out (may be
 * NULL) receives what was done.
 */
ldg_code ldg_publish_tenant(ldg_publish_stats *out, int dirfd,
                            const ldg_publish_source *src, ldg_error *err);

/*
 * Opens the directory path (relative to at, which may be AT_FDCWD) without following
 * a symbolic link in its last component, creating it (mode 0755 before the umask) when
 * create is set and it is missing. *out receives the descriptor (close() it).
 * LDG_EIO naming the path otherwise.
 */
ldg_code ldg_publish_open_dir(int *out, int at, const char *path, int create,
                              ldg_error *err);

/* Width of tile (level, index) in the tree of `size` leaves: 256 for a full tile, the
 * partial width, or 0 when the tree has no such tile. Level -1 means the entry bundles
 * (same widths as level 0). */
int ldg_publish_tile_width(uint64_t size, int level, uint64_t index);

/* "tile/<L>/<N>[.p/<W>]", or for level -1 "tile/entries/<N>[.p/<W>]", into buf
 * (LDG_PUBLISH_PATH_MAX bytes). LDG_EINVAL for a level outside -1..63 or a width outside
 * 1..256. */
ldg_code ldg_publish_path(char buf[LDG_PUBLISH_PATH_MAX], int level, uint64_t index,
                          int width, ldg_error *err);

/*
 * Opens file path (relative to dirfd, through subdirectories, never following a
 * symbolic link in any component) and reads it whole into *out (free()), refusing
 * more than max bytes. LDG_ENOTFOUND when it does not exist, LDG_ERANGE when larger
 * than max, LDG_EIO otherwise; messages name the path.
 */
ldg_code ldg_publish_read_file(char **out, size_t *len, int dirfd, const char *path,
                               size_t max, ldg_error *err);

/*
 * Writes data to path under dirfd (subdirectories created without following links):
 * a new file under a temporary name in the same directory, flushed to disk, then
 * renamed over path. LDG_EIO naming the path.
 */
ldg_code ldg_publish_write_file(int dirfd, const char *path, const void *data, size_t len,
                                ldg_error *err);

/* The tenant of a checkpoint origin "<key name>/<tenant>" (the part after the last
 * '/'), or NULL when the origin has no '/'. Borrowed from origin. */
const char *ldg_publish_origin_tenant(const char *origin);

/*
 * Reads the members after "data" of canonical entry p[0..n): its kind (up to 23 bytes,
 * into kind) and seq, and checks that it names tenant and version 1. 1 when the entry
 * ends as a log entry of tenant does, 0 otherwise.
 */
int ldg_publish_entry_tail(const char *p, size_t n, char kind[24], int64_t *seq,
                           const char *tenant);

/* Whether t may name a directory under DIR: 1..63 of [A-Za-z0-9._-], first not '.'. */
int ldg_publish_tenant_ok(const char *t);

#endif
