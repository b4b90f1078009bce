/*
 * The nightly batch. See nightly.h for the spool protocol and the guarantees; the
 * steps are each idempotent, so "finish the work" after a crash is simply running
 * them all again.
 *
 * The spool is written by producers, who are trusted less than the user running the
 * batch (that user holds the signing key), so no name in it is trusted: it is opened
 * once (O_NOFOLLOW), and so are its done/, failed/ and rejected/, which must be real
 * directories of ours that nobody else can write; every other name is resolved against
 * those descriptors only. An entry is looked at with fstatat() without following it,
 * opened O_NOFOLLOW|O_NONBLOCK, checked again by fstat() to be a regular file with one
 * link, then hashed and ingested from that one descriptor, so what is recorded as taken
 * is what was read. Side files are created O_CREAT|O_EXCL|O_NOFOLLOW and moves never
 * replace a file: an existing name gets a ".N" suffix instead. Dropped: checking a path
 * with lstat() or realpath() and then using it by name (the producer swaps the entry in
 * between), and copying a file before reading it (as big as the spool file, and the copy
 * is made by reading the same name).
 */
#ifdef __linux__
#define _GNU_SOURCE /* renameat2() and RENAME_NOREPLACE */
#endif
#include "ledger/store/nightly.h"

#include "ledger/archive.h"
#include "ledger/fixed.h"
#include "ledger/store/hold_store.h"
#include "ledger/store/ingest.h"
#include "ledger/store/payment_store.h"
#include "ledger/store/receivable_store.h"
#include "ledger/store/recon_store.h"
#include "ledger/store/registry.h"
#include "ledger/store/seal.h"
#include "ledger/store/seal_ahead.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SPOOL  100000 /* files per run; the rest, last by name, wait for the next */
#define NAME_BUF   256    /* NAME_MAX + 1 on Linux and the BSDs */
#define STEM_MAX   200    /* a suffixed name keeps this much of the original */
#define MAX_SUFFIX 1000   /* NAME.1 ... NAME.999 before giving up */
#define SIDE_MODE  0640   /* .error, .rejects, .reasons: quote producers' data */

/* reasons a dry run prints per file; the rest are counted */
#define DRY_REASONS 20

/* The spool and its three subdirectories, each opened once and checked. */
typedef struct spool {
    const char *path; /* for messages only: never opened again */
    int dir, done, failed, rejected;
    int payments; /* SPOOL/payments/: bank files, not usage */
    int dry;      /* --dry-run: read, never create, move or write anything here */
    int archive;  /* SPOOL/done/ARCHIVE (the replay manifest), -1 when not written */
} spool;

static void event(const ldg_nightly_opts *o, ldg_nightly_event ev, const char *name,
                  const char *detail)
{
    if (o->on_event)
        o->on_event(o->ctx, ev, name, detail);
}

static const char *kind_of(mode_t m)
{
    if (S_ISREG(m))
        return "a regular file";
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISLNK(m))
        return "a symbolic link";
    if (S_ISFIFO(m))
        return "a fifo";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    return "of an unknown type";
}

/* The setup lets someone else decide where the batch writes: the run stops before any
 * work, and the command exits LDG_EXIT_CONFIG (out->spool_unsafe). */
static ldg_code refuse(ldg_nightly_summary *out, ldg_error *err)
{
    out->spool_unsafe = 1;
    ldg_error_hint(err,
                   "done/, failed/ and rejected/ must be real directories owned by the"
                   " user running nightly and writable by no one else (nightly creates"
                   " them so); fix or remove what is there and run again");
    return err ? err->code : LDG_ECONFLICT;
}

/* Creates spool/sub if missing and opens it without following a link; it must be a
 * directory owned by us, not writable by group or others. */
static ldg_code open_subdir(int *out_fd, ldg_nightly_summary *out, const spool *sp,
                            const char *sub, ldg_error *err)
{
    struct stat sb;
    int fd;

    *out_fd = -1;
    if (sp->dry) { /* a dry run creates nothing: a missing one is created by the run */
        if (fstatat(sp->dir, sub, &sb, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT)
            return LDG_OK;
    } else if (mkdirat(sp->dir, sub, 0750) != 0 && errno != EEXIST)
        return ldg_error_set(err, LDG_EIO, "could not create \"%s/%s\": %s", sp->path,
                             sub, strerror(errno));
    fd = openat(sp->dir, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;

        if (fstatat(sp->dir, sub, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            !S_ISDIR(sb.st_mode)) {
            ldg_error_set(
                err, LDG_ECONFLICT,
                "refusing the spool \"%s\": \"%s\" in it is %s, not a directory",
                sp->path, sub, kind_of(sb.st_mode));
            return refuse(out, err);
        }
        return ldg_error_set(err, LDG_EIO, "could not open \"%s/%s\": %s", sp->path, sub,
                             strerror(e));
    }
    *out_fd = fd;
    if (fstat(fd, &sb) != 0)
        return ldg_error_set(err, LDG_EIO, "could not stat \"%s/%s\": %s", sp->path, sub,
                             strerror(errno));
    if (sb.st_uid != geteuid()) {
        ldg_error_set(
            err, LDG_ECONFLICT,
            "refusing the spool \"%s\": \"%s\" in it is owned by uid %jd, not by"
            " the user running nightly (uid %jd)",
            sp->path, sub, (intmax_t)sb.st_uid, (intmax_t)geteuid());
        return refuse(out, err);
    }
    if (sb.st_mode & (S_IWGRP | S_IWOTH)) {
        ldg_error_set(err, LDG_ECONFLICT,
                      "refusing the spool \"%s\": \"%s\" in it is writable by %s",
                      sp->path, sub, sb.st_mode & S_IWOTH ? "others" : "its group");
        return refuse(out, err);
    }
    return LDG_OK;
}

static void spool_close(spool *sp)
{
    int *fds[] = { &sp->dir, &sp->done, &sp->failed, &sp->rejected };

    for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
        if (*fds[i] >= 0)
            close(*fds[i]);
        *fds[i] = -1;
    }
}

/* Opens the spool (the directory name in at, itself, not a link to it) and its
 * subdirectories; path names it in messages. On failure everything is closed. */
static ldg_code spool_open(spool *sp, ldg_nightly_summary *out, int at, const char *name,
                           const char *path, int dry, ldg_error *err)
{
    ldg_code rc;

    *sp = (spool){ .path = path,
                   .dir = -1,
                   .done = -1,
                   .failed = -1,
                   .rejected = -1,
                   .dry = dry,
                   .archive = -1 };
    sp->dir = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sp->dir < 0) {
        struct stat sb;
        int e = errno;

        if (e == ELOOP ||
            (fstatat(at, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode))) {
            ldg_error_set(err, LDG_ECONFLICT,
                          "refusing the spool \"%s\": it is a symbolic link", path);
            ldg_error_hint(err, "give --spool the directory itself");
            out->spool_unsafe = 1;
            return LDG_ECONFLICT;
        }
        return ldg_error_set(err, LDG_EIO, "could not open spool \"%s\": %s", path,
                             strerror(e));
    }
    rc = open_subdir(&sp->done, out, sp, "done", err);
    if (rc == LDG_OK)
        rc = open_subdir(&sp->failed, out, sp, "failed", err);
    if (rc == LDG_OK)
        rc = open_subdir(&sp->rejected, out, sp, "rejected", err);
    if (rc != LDG_OK)
        spool_close(sp);
    return rc;
}

/* The names to take, in name order (the protocol's), at most MAX_SPOOL. */
typedef struct spool_list {
    char **names;
    size_t n, cap;
    int64_t deferred; /* names past MAX_SPOOL, left for the next run */
} spool_list;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keeps the MAX_SPOOL first names. Called when the list is full (twice MAX_SPOOL, so
 * sorting is amortized) and at the end. */
static void list_trim(spool_list *l)
{
    if (l->n > 1) /* names is NULL for an empty spool: qsort(NULL, 0, ...) is undefined */
        qsort(l->names, l->n, sizeof(*l->names), cmp_str);
    while (l->n > MAX_SPOOL) {
        free(l->names[--l->n]);
        l->deferred++;
    }
}

static ldg_code list_add(spool_list *l, const char *name, ldg_error *err)
{
    if (l->n == 2 * MAX_SPOOL)
        list_trim(l);
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        char **p;

        if (nc > 2 * MAX_SPOOL)
            nc = 2 * MAX_SPOOL;
        if (!(p = realloc(l->names, nc * sizeof(*p))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory listing the spool");
        l->names = p;
        l->cap = nc;
    }
    if (!(l->names[l->n] = strdup(name)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory listing the spool");
    l->n++;
    return LDG_OK;
}

static void list_cleanup(spool_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    memset(l, 0, sizeof(*l));
}

/* Every name of the spool's top level but ours and those starting with '.' (still being
 * written); what they are is looked at when each is taken. */
static ldg_code list_spool(spool_list *l, const spool *sp, ldg_error *err)
{
    int fd = fcntl(sp->dir, F_DUPFD_CLOEXEC, 0);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;
    ldg_code rc = LDG_OK;

    if (!d) {
        rc = ldg_error_set(err, LDG_EIO, "could not read spool \"%s\": %s", sp->path,
                           strerror(errno));
        if (fd >= 0)
            close(fd);
        return rc;
    }
    rewinddir(d);
    for (errno = 0; rc == LDG_OK && (e = readdir(d)) != NULL; errno = 0) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "done") == 0 ||
            strcmp(e->d_name, "failed") == 0 || strcmp(e->d_name, "rejected") == 0 ||
            (!sp->payments && strcmp(e->d_name, "payments") == 0))
            continue;
        rc = list_add(l, e->d_name, err);
    }
    if (rc == LDG_OK && errno != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not read spool \"%s\": %s", sp->path,
                           strerror(errno));
    closedir(d);
    if (rc == LDG_OK)
        list_trim(l);
    return rc;
}

/* name itself for n = 0, else its first STEM_MAX bytes and ".n" (".n" also keeps a long
 * name plus ".error" under NAME_MAX). */
static void stem_of(char out[NAME_BUF], const char *name, int n)
{
    if (n == 0)
        snprintf(out, NAME_BUF, "%s", name);
    else
        snprintf(out, NAME_BUF, "%.*s.%d", STEM_MAX, name, n);
}

/* A name is taken: try the next suffix. */
static int name_taken(int e)
{
    return e == EEXIST || e == ENAMETOOLONG;
}

/* renameat() that never replaces an existing to: fails with EEXIST instead. */
static int rename_noreplace(int fromdir, const char *from, int todir, const char *to)
{
    struct stat sb;

#ifdef RENAME_NOREPLACE
    if (renameat2(fromdir, from, todir, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    /* no atomic no-replace here (or the file system lacks it): todir is ours and nobody
     * else can write it, and runs are serialized by the lock, so nobody creates `to`
     * between this check and the rename */
    if (fstatat(todir, to, &sb, AT_SYMLINK_NOFOLLOW) == 0) {
        errno = EEXIST;
        return -1;
    }
    if (errno != ENOENT)
        return -1;
    return renameat(fromdir, from, todir, to);
}

static int create_excl(int dir, const char *name)
{
    return openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  SIDE_MODE);
}

/* Writes s with every control byte as '?': producers' bytes never drive a terminal. */
static void put_clean(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
    fputc('\n', f);
}

/* Moves spool entry name into the subdirectory todir under name or name.N. */
static ldg_code move_to(const spool *sp, int todir, const char *sub, const char *name,
                        ldg_error *err)
{
    char to[NAME_BUF];

    if (sp->dry)
        return LDG_OK; /* the file stays where it is */
    for (int n = 0; n < MAX_SUFFIX; n++) {
        stem_of(to, name, n);
        if (rename_noreplace(sp->dir, name, todir, to) == 0)
            return LDG_OK;
        if (!name_taken(errno))
            return ldg_error_set(err, LDG_EIO, "could not move \"%s/%s\" to %s/: %s",
                                 sp->path, name, sub, strerror(errno));
    }
    return ldg_error_set(err, LDG_EIO,
                         "could not move \"%s/%s\" to %s/: %d files of that"
                         " name are there already",
                         sp->path, name, sub, MAX_SUFFIX);
}

/* A file that could not be taken goes on waiting in the spool; reported, counted. */
static void leave(ldg_nightly_summary *out, const ldg_nightly_opts *o, const char *name,
                  const char *why)
{
    out->files_left++;
    event(o, LDG_NIGHTLY_FILE_LEFT, name, why);
}

/* Moves spool entry name to failed/ as T (name or name.N) with T.error saying why;
 * never reads the entry. A name that cannot be moved (the producer took it back, or it
 * is a directory we may not move) is left where it is. */
static ldg_code set_aside(ldg_nightly_summary *out, const ldg_nightly_opts *o,
                          const spool *sp, const char *name, const char *why,
                          const char *where, ldg_error *err)
{
    char to[NAME_BUF], ename[NAME_BUF + 8], msg[512];

    if (sp->dry) { /* what the run would do, without doing it */
        out->files_failed++;
        event(o, LDG_NIGHTLY_FILE_FAILED, name, why);
        return LDG_OK;
    }
    for (int n = 0; n < MAX_SUFFIX; n++) {
        FILE *ef;
        int fd, e, bad;

        stem_of(to, name, n);
        snprintf(ename, sizeof(ename), "%s.error", to);
        if ((fd = create_excl(sp->failed, ename)) < 0) {
            if (name_taken(errno))
                continue;
            return ldg_error_set(err, LDG_EIO, "could not create \"%s/failed/%s\": %s",
                                 sp->path, ename, strerror(errno));
        }
        if (rename_noreplace(sp->dir, name, sp->failed, to) != 0) {
            e = errno;
            close(fd);
            unlinkat(sp->failed, ename, 0); /* ours: just created in our directory */
            if (name_taken(e))
                continue;
            if (e == ENOENT)
                return LDG_OK;
            snprintf(msg, sizeof(msg), "%s; could not move it to failed/: %s", why,
                     strerror(e));
            leave(out, o, name, msg);
            return LDG_OK;
        }
        if (!(ef = fdopen(fd, "w"))) {
            close(fd);
            return ldg_error_set(err, LDG_EIO, "could not write \"%s/failed/%s\": %s",
                                 sp->path, ename, strerror(errno));
        }
        put_clean(ef, why);
        if (where && where[0]) {
            fputs("WHERE: ", ef);
            put_clean(ef, where);
        }
        bad = ferror(ef);
        if (fclose(ef) != 0 || bad)
            return ldg_error_set(err, LDG_EIO, "could not write \"%s/failed/%s\"",
                                 sp->path, ename);
        out->files_failed++;
        event(o, LDG_NIGHTLY_FILE_FAILED, name, why);
        return LDG_OK;
    }
    return ldg_error_set(err, LDG_EIO,
                         "could not set \"%s/%s\" aside: %d files of that name"
                         " are in failed/ already",
                         sp->path, name, MAX_SUFFIX);
}

static ldg_code file_sha256(unsigned char md[32], FILE *f, const spool *sp,
                            const char *name, ldg_error *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char buf[1 << 16];
    unsigned int len = 0;
    size_t r;
    ldg_code rc = LDG_OK;

    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        rc =
            ldg_error_set(err, LDG_EINTERNAL, "could not hash \"%s/%s\"", sp->path, name);
    while (rc == LDG_OK && (r = fread(buf, 1, sizeof(buf), f)) > 0)
        if (!EVP_DigestUpdate(ctx, buf, r))
            rc = ldg_error_set(err, LDG_EINTERNAL, "could not hash \"%s/%s\"", sp->path,
                               name);
    if (rc == LDG_OK && (ferror(f) || !EVP_DigestFinal_ex(ctx, md, &len)))
        rc = ldg_error_set(err, LDG_EIO, "could not read \"%s/%s\"", sp->path, name);
    EVP_MD_CTX_free(ctx);
    return rc;
}

static ldg_code already_taken(int *taken, ldg_store *st, const unsigned char md[32],
                              ldg_error *err)
{
    const char *params[1] = { (const char *)md };
    int lengths[1] = { 32 }, formats[1] = { 1 };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_execb(
        &res, st, "SELECT 1 FROM ledger.ingest_file WHERE file_sha256 = $1", 1, params,
        lengths, formats, 0, err);

    if (rc == LDG_OK)
        *taken = PQntuples(res) > 0;
    PQclear(res);
    return rc;
}

/*
 * The replay manifest, SPOOL/done/ARCHIVE (docs/OPERATIONS.md, "Back up, restore,
 * replay"): appended, never rewritten, one line per run ("run AS-OF [tenant T]") and
 * one per file the run took ("file SHA256HEX usage|payments NAME"), written once the
 * file is recorded as taken and before it moves to done/ (a crash between leaves the
 * line, and the next run moves the file: replay finds it by hash). Each line reaches the
 * disk before the run goes on.
 */
static ldg_code archive_line(const spool *sp, const char *line, ldg_error *err)
{
    size_t len = strlen(line);

    if (sp->archive < 0)
        return LDG_OK;
    if (write(sp->archive, line, len) != (ssize_t)len || fdatasync(sp->archive) != 0)
        return ldg_error_set(err, LDG_EIO, "could not append to \"%s/done/ARCHIVE\": %s",
                             sp->path, strerror(errno));
    return LDG_OK;
}

static ldg_code archive_open(spool *sp, const ldg_nightly_opts *o, ldg_error *err)
{
    char line[LDG_ARCHIVE_NAME_MAX + 128];
    ldg_archive_run run = { .as_of = o->as_of, .hold = o->hold, .amend = o->amend_hold };

    sp->archive = openat(sp->done, "ARCHIVE",
                         O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (sp->archive < 0)
        return ldg_error_set(err, LDG_EIO, "could not open \"%s/done/ARCHIVE\": %s",
                             sp->path, strerror(errno));
    if (o->tenant)
        snprintf(run.tenant, sizeof(run.tenant), "%s", o->tenant);
    if (!ldg_archive_run_line(line, sizeof(line) - 1, &run))
        return ldg_error_set(err, LDG_EINVAL, "the run's manifest line is too long");
    strcat(line, "\n");
    return archive_line(sp, line, err);
}

static ldg_code archive_file(const spool *sp, const unsigned char md[32],
                             const char *name, ldg_error *err)
{
    char line[NAME_BUF + 96];
    int n = snprintf(line, sizeof(line), "file ");

    for (int i = 0; i < 32; i++)
        n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x", md[i]);
    snprintf(line + n, sizeof(line) - (size_t)n, " %s %s\n",
             sp->payments ? "payments" : "usage", name);
    return archive_line(sp, line, err);
}

static ldg_code record_taken(ldg_store *st, const unsigned char md[32], const char *name,
                             const ldg_ingest_summary *s, ldg_error *err)
{
    char a[24], d[24], r[24];
    const char *params[5] = { (const char *)md, name, ldg_store_i64(a, s->accepted),
                              ldg_store_i64(d, s->duplicates),
                              ldg_store_i64(r, s->rejected) };
    int lengths[5] = { 32, 0, 0, 0, 0 }, formats[5] = { 1, 0, 0, 0, 0 };

    return ldg_store_execb(NULL, st,
                           "INSERT INTO ledger.ingest_file (file_sha256, name, accepted,"
                           " duplicates, rejected) VALUES ($1, $2, $3, $4, $5)"
                           " ON CONFLICT DO NOTHING",
                           5, params, lengths, formats, 0, err);
}

/* Rejected records of a taken file: rejected/T.rejects holds the lines (ingestible once
 * fixed), rejected/T.reasons "line N: why" for each; T is the file's name or name.N,
 * both created O_EXCL in our own directory when the first reject comes. */
typedef struct rejects_sink {
    int dir; /* rejected/ */
    /* a dry run writes no file: each reason is an LDG_NIGHTLY_REJECT_LINE event of o,
     * the first DRY_REASONS of them */
    const ldg_nightly_opts *dry;
    int64_t nrejects;
    const char *name;
    FILE *f, *reasons;
    int error; /* errno of the first failure: the run stops before the file counts as
                  taken */
    const char *header;
    size_t header_len;
    char header_buf[4096];
    char stem[NAME_BUF]; /* T, once the files are created: the summary names them */
} rejects_sink;

static void sink_header(void *ctx, const char *line, size_t len)
{
    rejects_sink *s = ctx;

    if (len >= sizeof(s->header_buf))
        len = sizeof(s->header_buf) - 1;
    memcpy(s->header_buf, line, len);
    s->header_buf[len] = '\0';
    s->header = s->header_buf;
    s->header_len = len;
}

/* Creates T.rejects and T.reasons for the first free T; errno on failure. */
static int sink_open(rejects_sink *s)
{
    char stem[NAME_BUF], a[NAME_BUF + 8], b[NAME_BUF + 8];

    for (int n = 0; n < MAX_SUFFIX; n++) {
        int fa, fb, e;

        stem_of(stem, s->name, n);
        snprintf(a, sizeof(a), "%s.rejects", stem);
        snprintf(b, sizeof(b), "%s.reasons", stem);
        if ((fa = create_excl(s->dir, a)) < 0) {
            if (name_taken(errno))
                continue;
            return errno;
        }
        if ((fb = create_excl(s->dir, b)) < 0) {
            e = errno;
            close(fa);
            unlinkat(s->dir, a, 0); /* ours: just created in our directory */
            if (name_taken(e))
                continue;
            return e;
        }
        s->f = fdopen(fa, "w");
        s->reasons = fdopen(fb, "w");
        if (!s->f || !s->reasons) {
            e = errno;
            if (!s->f)
                close(fa);
            if (!s->reasons)
                close(fb);
            return e;
        }
        if (s->header)
            fprintf(s->f, "%.*s\n", (int)s->header_len, s->header);
        memcpy(s->stem, stem, sizeof(s->stem));
        return 0;
    }
    return EEXIST;
}

static void sink_reject(void *ctx, int64_t lineno, ldg_reject_reason reason,
                        const char *message, const char *line, size_t len, int64_t offset,
                        int64_t raw_len)
{
    rejects_sink *s = ctx;

    (void)reason;
    (void)offset; /* over-long lines stay only in the original, kept in done/ */
    (void)raw_len;
    if (s->dry) {
        char why[600];

        if (s->nrejects++ < DRY_REASONS) {
            snprintf(why, sizeof(why), "line %" PRId64 ": %s", lineno, message);
            event(s->dry, LDG_NIGHTLY_REJECT_LINE, s->name, why);
        }
        return;
    }
    if (s->error || (!s->f && (s->error = sink_open(s)) != 0))
        return;
    /* the reason goes to T.reasons beside it: keep T.rejects ingestible */
    fprintf(s->reasons, "line %" PRId64 ": %s\n", lineno, message);
    if (line)
        fprintf(s->f, "%.*s\n", (int)len, line);
}

/* Closes the sink's files; returns the errno of its first failure, or 0. */
static int sink_close(rejects_sink *s)
{
    FILE *fs[2] = { s->f, s->reasons };

    for (int i = 0; i < 2; i++) {
        if (!fs[i])
            continue;
        if (ferror(fs[i]) && !s->error)
            s->error = EIO;
        if (fclose(fs[i]) != 0 && !s->error)
            s->error = errno;
    }
    s->f = s->reasons = NULL;
    return s->error;
}

/* Did the file change while it was read? Its producer broke the protocol (write under a
 * '.' name, then rename): what was read may not be what was hashed. */
static int changed(FILE *f, const struct stat *before)
{
    struct stat now;

    return fstat(fileno(f), &now) != 0 || now.st_size != before->st_size ||
           now.st_ctim.tv_sec != before->st_ctim.tv_sec ||
           now.st_ctim.tv_nsec != before->st_ctim.tv_nsec;
}

/* Says where the rejected records of spool file name went, if it had any. */
static void rejects_event(const ldg_nightly_opts *o, const spool *sp, const char *name,
                          const rejects_sink *sink)
{
    char where[PATH_MAX + NAME_BUF + 16];

    if (sink->dry && sink->nrejects > DRY_REASONS) {
        snprintf(where, sizeof(where), "%" PRId64 " more rejected records",
                 sink->nrejects - DRY_REASONS);
        event(o, LDG_NIGHTLY_REJECT_LINE, name, where);
    }
    if (!sink->stem[0])
        return;
    snprintf(where, sizeof(where), "%s/rejected/%s", sp->path, sink->stem);
    event(o, LDG_NIGHTLY_REJECTS, name, where);
}

/* Hashes and ingests the regular file f (spool entry name, as fstat saw it: *sb) from
 * its one descriptor. */
static ldg_code take_open_file(ldg_nightly_summary *out, ldg_store *st,
                               const ldg_nightly_opts *o, const spool *sp,
                               const char *name, FILE *f, const struct stat *sb,
                               ldg_error *err)
{
    char detail[256];
    unsigned char md[32];
    ldg_ingest_summary s;
    ldg_ingest_opts io = { 0 };
    rejects_sink sink = { .dir = sp->rejected, .name = name, .dry = sp->dry ? o : NULL };
    ldg_error e;
    int taken = 0, serr;
    ldg_code rc = file_sha256(md, f, sp, name, err);

    if (rc == LDG_OK)
        rc = already_taken(&taken, st, md, err);
    if (rc != LDG_OK)
        return rc;
    if (taken) {
        out->files_already++;
        event(o, LDG_NIGHTLY_FILE_ALREADY, name, NULL);
        return move_to(sp, sp->done, "done", name, err);
    }
    rewind(f);
    io.on_header = sink_header;
    io.on_reject = sink_reject;
    io.ctx = &sink;
    if (o->ahead && !o->dry_run) {
        io.on_commit = ldg_seal_ahead_committed;
        io.commit_ctx = o->ahead;
    }
    ldg_error_clear(&e);
    rc = ldg_ingest(&s, st, f, &io, &e);
    serr = sink_close(&sink);
    if (rc ==
        LDG_EINVAL) /* cannot be read as usage: set it aside, go on with the others */
        return set_aside(out, o, sp, name, e.message, e.where, err);
    if (rc != LDG_OK) {
        *err = e;
        ldg_error_where(err, "spool file \"%s\"", name);
        return rc;
    }
    if (serr) /* the rejects would be lost: the next run reads the file again */
        return ldg_error_set(err, LDG_EIO,
                             "could not write the rejected records of \"%s\" to"
                             " \"%s/rejected/\": %s",
                             name, sp->path, strerror(serr));
    if (changed(f, sb)) {
        leave(out, o, name,
              "it changed while it was read (write it under a name starting"
              " with '.' and rename it when complete); its records are"
              " taken again, once each, by the next run");
        return LDG_OK;
    }
    rc = record_taken(st, md, name, &s, err);
    if (rc == LDG_OK)
        rc = archive_file(sp, md, name, err);
    if (rc == LDG_OK)
        rc = move_to(sp, sp->done, "done", name, err);
    if (rc == LDG_OK) {
        out->files_taken++;
        out->accepted += s.accepted;
        out->duplicates += s.duplicates;
        out->rejected += s.rejected;
        snprintf(detail, sizeof(detail),
                 "%" PRId64 " accepted, %" PRId64 " duplicates, %" PRId64 " rejected",
                 s.accepted, s.duplicates, s.rejected);
        event(o, LDG_NIGHTLY_FILE_TAKEN, name, detail);
        rejects_event(o, sp, name, &sink);
    }
    return rc;
}

/* Imports the payment file f (spool entry name in SPOOL/payments/, as fstat saw it: *sb)
 * from its one descriptor, by content (CSV or camt.053), in one transaction. A file
 * refused whole (unreadable as payments, a conflict, a currency not billed) is set
 * aside in failed/ with the reason and does not stop the others. */
static ldg_code take_payment_file(ldg_nightly_summary *out, ldg_store *st,
                                  const ldg_nightly_opts *o, const spool *sp,
                                  const char *name, FILE *f, const struct stat *sb,
                                  ldg_error *err)
{
    char detail[256];
    unsigned char md[32];
    ldg_payment_file *pf = NULL;
    ldg_payment_summary s = { 0 };
    ldg_ingest_summary taken = { 0 };
    ldg_error e;
    int already = 0;
    ldg_code rc = file_sha256(md, f, sp, name, err);

    if (rc == LDG_OK)
        rc = already_taken(&already, st, md, err);
    if (rc != LDG_OK || already) {
        if (rc == LDG_OK) {
            out->files_already++;
            event(o, LDG_NIGHTLY_FILE_ALREADY, name, NULL);
            rc = move_to(sp, sp->done, "done", name, err);
        }
        return rc;
    }
    rewind(f);
    ldg_error_clear(&e);
    rc = ldg_payment_read(&pf, f, LDG_PAYMENT_AUTO, name, &e);
    if (rc == LDG_OK && changed(f, sb)) {
        ldg_payment_file_free(pf);
        leave(out, o, name,
              "it changed while it was read (write it under a name starting"
              " with '.' and rename it when complete); it is read again by the"
              " next run");
        return LDG_OK;
    }
    if (rc == LDG_OK)
        rc = ldg_payment_import(&s, st, pf, name, &e);
    ldg_payment_file_free(pf);
    if (rc == LDG_EINVAL || rc == LDG_ECONFLICT)
        return set_aside(out, o, sp, name, e.message, e.where, err);
    if (rc != LDG_OK) {
        *err = e;
        ldg_error_where(err, "payment file \"%s\"", name);
        return rc;
    }
    taken.accepted = s.matched + s.unmatched;
    taken.duplicates = s.duplicates;
    rc = record_taken(st, md, name, &taken, err);
    if (rc == LDG_OK)
        rc = archive_file(sp, md, name, err);
    if (rc == LDG_OK)
        rc = move_to(sp, sp->done, "done", name, err);
    if (rc == LDG_OK) {
        out->files_taken++;
        out->payments_matched += s.matched;
        out->payments_unmatched += s.unmatched;
        snprintf(detail, sizeof(detail),
                 "payments: %" PRId64 " matched, %" PRId64 " unmatched, %" PRId64
                 " duplicates",
                 s.matched, s.unmatched, s.duplicates);
        event(o, LDG_NIGHTLY_FILE_TAKEN, name, detail);
    }
    return rc;
}

/* Takes spool entry name if it is a regular file with one link, else sets it aside
 * unread. Nothing that is not a regular file is ever opened (a fifo would block, a
 * device could act), and what is opened is checked again on the descriptor: the entry
 * may have been swapped in between. */
static ldg_code take_file(ldg_nightly_summary *out, ldg_store *st,
                          const ldg_nightly_opts *o, const spool *sp, const char *name,
                          ldg_error *err)
{
    char why[128];
    struct stat sb;
    FILE *f;
    int fd;
    ldg_code rc;

    if (fstatat(sp->dir, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return LDG_OK; /* its producer took it back */
        return ldg_error_set(err, LDG_EIO, "could not stat \"%s/%s\": %s", sp->path, name,
                             strerror(errno));
    }
    fd = -1;
    if (S_ISREG(sb.st_mode)) {
        fd = openat(sp->dir, name,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT)
            return LDG_OK;
        if (fd < 0 && errno != ELOOP) {
            snprintf(why, sizeof(why), "could not open it: %s", strerror(errno));
            return set_aside(out, o, sp, name, why, NULL, err);
        }
        if (fd < 0)
            sb.st_mode = S_IFLNK; /* swapped for a link since fstatat() */
    }
    if (fd >= 0 && fstat(fd, &sb) != 0) {
        rc = ldg_error_set(err, LDG_EIO, "could not stat \"%s/%s\": %s", sp->path, name,
                           strerror(errno));
        close(fd);
        return rc;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1) {
        if (!S_ISREG(sb.st_mode))
            snprintf(why, sizeof(why), "not a regular file but %s: not read",
                     kind_of(sb.st_mode));
        else
            snprintf(why, sizeof(why),
                     "a regular file with %ju names (a hard link): not"
                     " read",
                     (uintmax_t)sb.st_nlink);
        if (fd >= 0)
            close(fd);
        return set_aside(out, o, sp, name, why, NULL, err);
    }
    if (!(f = fdopen(fd, "rb"))) {
        close(fd);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory opening \"%s/%s\"", sp->path,
                             name);
    }
    rc = sp->payments ? take_payment_file(out, st, o, sp, name, f, &sb, err)
                      : take_open_file(out, st, o, sp, name, f, &sb, err);
    fclose(f);
    return rc;
}

/* Takes every file of the spool sp, in name order. */
static ldg_code take_all(ldg_nightly_summary *out, ldg_store *st,
                         const ldg_nightly_opts *o, const spool *sp, ldg_error *err)
{
    spool_list l = { 0 };
    ldg_code rc = list_spool(&l, sp, err);

    for (size_t i = 0; rc == LDG_OK && i < l.n; i++)
        rc = take_file(out, st, o, sp, l.names[i], err);
    if (rc == LDG_OK && l.deferred > 0) {
        char why[128];

        snprintf(why, sizeof(why),
                 "%" PRId64 " files wait for the next run (a run takes the"
                 " first %d by name)",
                 l.deferred, MAX_SPOOL);
        out->files_left += l.deferred;
        event(o, LDG_NIGHTLY_FILE_LEFT, NULL, why);
    }
    list_cleanup(&l);
    return rc;
}

/* The usage files of the spool, then the bank files of SPOOL/payments/ (when there is
 * one), a spool of its own with its own done/, failed/ and rejected/. */
static ldg_code ingest_spool(ldg_nightly_summary *out, ldg_store *st,
                             const ldg_nightly_opts *o, ldg_error *err)
{
    char path[4096];
    spool sp, pay;
    struct stat sb;
    ldg_code rc = spool_open(&sp, out, AT_FDCWD, o->spool, o->spool, o->dry_run, err);

    if (rc != LDG_OK)
        return rc;
    if (!o->dry_run)
        rc = archive_open(&sp, o, err);
    if (rc == LDG_OK)
        rc = take_all(out, st, o, &sp, err);
    snprintf(path, sizeof(path), "%s/payments", o->spool);
    if (rc == LDG_OK &&
        (fstatat(sp.dir, "payments", &sb, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT)) {
        rc = spool_open(&pay, out, sp.dir, "payments", path, o->dry_run, err);
        pay.payments = 1;
        pay.archive = sp.archive; /* one manifest, in SPOOL/done/ */
        if (rc == LDG_OK)
            rc = take_all(out, st, o, &pay, err);
        spool_close(&pay);
    }
    if (sp.archive >= 0)
        close(sp.archive);
    spool_close(&sp);
    return rc;
}

/* A dry run signs nothing, not even inside its rolled-back transaction: a signed
 * checkpoint of a tree that is never kept would still reach the WAL and the server's
 * logs, and the next real run may sign another root at the same size (an as-of that
 * differs, a file that came meanwhile): two signed roots of one size are a fork. It
 * counts the logs a seal would sign instead (ldg_seal's rule: the head moved past the
 * last signed size). */
static ldg_code count_unsealed(ldg_nightly_summary *out, ldg_store *st,
                               const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT count(*) FROM ledger.tenant t"
                                 " JOIN ledger.log_head h USING (tenant_id)"
                                 " LEFT JOIN ledger.seal_state g USING (tenant_id)"
                                 " WHERE ($1::text IS NULL OR t.tenant = $1)"
                                 " AND h.size <> coalesce(g.size, 0)",
                                 1, params, err);

    if (rc == LDG_OK)
        out->checkpoints += ldg_store_int64(res, 0, 0);
    PQclear(res);
    return rc;
}

/* s NULL: a dry run (count_unsealed). ahead: what was proved while the spool was taken
 * (stopped here; NULL: none). */
static ldg_code seal_all(ldg_nightly_summary *out, ldg_store *st, const ldg_signer *s,
                         const char *tenant, ldg_seal_ahead *ahead, ldg_error *err)
{
    const ldg_seal_known *known = NULL;
    size_t nknown = 0;
    int64_t proved = 0;
    int n = 0;
    ldg_code rc;

    if (!s)
        return count_unsealed(out, st, tenant, err);
    if (ahead)
        ldg_seal_ahead_finish(ahead, &known, &nknown);
    rc = ldg_seal_with(&n, &proved, st, s, tenant, known, nknown, NULL, NULL, err);

    out->checkpoints += n;
    return rc;
}

/* "tenant T, meter M: WHAT" (the parts a finding has): who and what a line is about. */
static ldg_code finding_detail(ldg_buf *out, const ldg_finding *f, ldg_error *err)
{
    ldg_buf what = { 0 };
    ldg_code rc = ldg_recon_finding_what(&what, f, err);

    ldg_buf_reset(out);
    if (rc == LDG_OK && f->tenant[0])
        rc = ldg_buf_printf(out, err, "tenant %s, ", f->tenant);
    if (rc == LDG_OK && f->meter[0])
        rc = ldg_buf_printf(out, err, "meter %s, ", f->meter);
    if (rc == LDG_OK)
        rc = ldg_buf_printf(out, err, "%s", what.data ? what.data : "");
    ldg_buf_cleanup(&what);
    return rc;
}

/* The unacknowledged block findings that hold contract c's invoice for period p, each
 * as an LDG_NIGHTLY_BLOCKING event: the operator sees what to check or acknowledge. */
static ldg_code report_blocking(ldg_store *st, const ldg_nightly_opts *o,
                                const ldg_contract_ref *c, ldg_period p, ldg_error *err)
{
    ldg_findings fs = { 0 };
    ldg_buf who = { 0 }, line = { 0 };
    ldg_code rc = ldg_recon_run(&fs, st, c->tenant, p, o->as_of, err);

    for (size_t i = 0; rc == LDG_OK && i < fs.n; i++) {
        const ldg_finding *f = &fs.items[i];
        char from[LDG_TIME_BUFLEN], to[LDG_TIME_BUFLEN];

        if (ldg_recon_kind_severity(f->kind) != LDG_RECON_BLOCK || f->acknowledged ||
            strcmp(f->contract, c->contract_id) != 0)
            continue;
        rc = finding_detail(&who, f, err);
        ldg_buf_reset(&line);
        if (rc == LDG_OK)
            rc = ldg_buf_printf(
                &line, err, "%s, hours %s to %s, %s", ldg_recon_kind_name(f->kind),
                ldg_time_format(from, f->from), ldg_time_format(to, f->to), who.data);
        if (rc == LDG_OK)
            event(o, LDG_NIGHTLY_BLOCKING, f->id, line.data);
    }
    ldg_buf_cleanup(&who);
    ldg_buf_cleanup(&line);
    ldg_recon_findings_cleanup(&fs);
    return rc;
}

/* The hold a person put on contract c, with the command that releases it. */
static ldg_code report_stopped(ldg_store *st, const ldg_nightly_opts *o,
                               const ldg_contract_ref *c, ldg_error *err)
{
    char since[LDG_TIME_BUFLEN], detail[LDG_HOLD_REASON_MAX + 640];
    ldg_contract_hold h;
    ldg_code rc = ldg_hold_get(&h, st, c->tenant_id, c->contract_id, err);

    if (rc == LDG_OK && h.held) {
        snprintf(detail, sizeof(detail),
                 "tenant %s, held by %s since %s: %s; release with 'leaseledger invoice"
                 " release --tenant %s --contract %s'",
                 c->tenant, h.held_by, ldg_time_format(since, h.held_at), h.reason,
                 c->tenant, c->contract_id);
        event(o, LDG_NIGHTLY_STOPPED, c->contract_id, detail);
    }
    return rc;
}

/* A dry run's billing rolls each document back (ldg_bill_opts.dry_run): the logs the
 * second seal would sign are those a document was issued to, each once. */
static void note_log(int32_t *logs, size_t *nlogs, int32_t tenant_id)
{
    for (size_t k = 0; k < *nlogs; k++)
        if (logs[k] == tenant_id)
            return;
    logs[(*nlogs)++] = tenant_id;
}

/* The logs a dry run's documents would be appended to (note_log). */
typedef struct bill_logs {
    int32_t *ids;
    size_t n;
} bill_logs;

/* Counts and reports a settled period; a contract a person holds has its later periods
 * skipped (its hold is reported once). */
static ldg_code tally(ldg_nightly_summary *out, ldg_store *st, const ldg_nightly_opts *o,
                      ldg_bill_item *items, size_t rest, bill_logs *logs, ldg_error *err)
{
    const ldg_bill_item *it = &items[0];
    char per[8];

    switch (it->outcome) {
    case LDG_BILL_ISSUED:
        out->issued++;
        note_log(logs->ids, &logs->n, it->c->tenant_id);
        break;
    case LDG_BILL_AMENDED:
        out->amended++;
        note_log(logs->ids, &logs->n, it->c->tenant_id);
        break;
    case LDG_BILL_UNCHANGED:
        out->unchanged++;
        break;
    case LDG_BILL_HELD:
        out->held++;
        event(o, LDG_NIGHTLY_HELD, it->c->contract_id, ldg_period_format(per, it->p));
        return report_blocking(st, o, it->c, it->p, err);
    case LDG_BILL_DRAFTED:
        out->drafted++;
        event(o, LDG_NIGHTLY_DRAFTED, it->c->contract_id, ldg_period_format(per, it->p));
        break;
    case LDG_BILL_AWAITING:
        out->awaiting++;
        break;
    case LDG_BILL_AMEND_HELD: /* on_held told which document and why */
        out->held++;
        note_log(logs->ids, &logs->n, it->c->tenant_id); /* one may be issued */
        break;
    case LDG_BILL_STOPPED: /* once per contract: its later periods are too */
        out->held++;
        for (size_t k = 1; k < rest; k++)
            items[k].skip |= items[k].c == it->c;
        return report_stopped(st, o, it->c, err);
    }
    return LDG_OK;
}

/* Every closed period of every contract, in that order (oldest first). */
static ldg_code bill_items(ldg_bill_item **out, size_t *n, ldg_contract_ref *refs,
                           size_t nrefs, ldg_time as_of, ldg_error *err)
{
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < nrefs; i++)
        for (ldg_period p = ldg_period_of(refs[i].starts);
             p.end <= as_of && p.start < refs[i].ends; p = ldg_period_next(p)) {
            if (*n == cap) {
                ldg_bill_item *grown;

                cap = cap ? 2 * cap : 64;
                if (!(grown = realloc(*out, cap * sizeof(**out))))
                    return ldg_error_set(err, LDG_ENOMEM, "out of memory billing");
                *out = grown;
            }
            (*out)[(*n)++] = (ldg_bill_item){ .c = &refs[i], .p = p };
        }
    return LDG_OK;
}

/* Every closed period of every contract, oldest first, in batches (ldg_bill_batch). A
 * dry run (signer NULL) adds to out->checkpoints the logs that documents would be
 * appended to. */
static ldg_code bill_all(ldg_nightly_summary *out, ldg_store *st,
                         const ldg_nightly_opts *o, const ldg_signer *signer,
                         ldg_error *err)
{
    ldg_contract_ref *refs = NULL;
    ldg_bill_item *items = NULL;
    bill_logs logs = { 0 };
    size_t n = 0, nitems = 0;
    ldg_bill_memo memo = { 0 };
    ldg_bill_opts bo = { .as_of = o->as_of,
                         .signer = signer,
                         .dry_run = o->dry_run,
                         .on_doc = o->on_doc,
                         .ctx = o->ctx,
                         .memo = &memo,
                         .hold = o->hold,
                         .amend_hold = o->amend_hold,
                         .on_held = o->on_held };
    ldg_code rc = ldg_registry_contracts(&refs, &n, st, o->tenant, err);

    if (rc == LDG_OK && n > 0 && !(logs.ids = calloc(n, sizeof(*logs.ids))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory billing");
    if (rc == LDG_OK)
        rc = bill_items(&items, &nitems, refs, n, o->as_of, err);
    for (size_t i = 0, k = 0; rc == LDG_OK && i < nitems; i += k) {
        ldg_code billed = ldg_bill_batch(&k, st, items + i, nitems - i, &bo, err);

        for (size_t j = i; rc == LDG_OK && j < i + k; j++)
            rc = tally(out, st, o, items + j, nitems - j, &logs, err);
        if (rc == LDG_OK)
            rc = billed;
    }
    if (rc == LDG_OK && o->dry_run)
        out->checkpoints += (int64_t)logs.n;
    ldg_bill_memo_end(&memo);
    free(items);
    free(logs.ids);
    free(refs);
    return rc;
}

/* Warnings of the last period closed by as_of, for the summary. */
static ldg_code report_warnings(ldg_nightly_summary *out, ldg_store *st,
                                const ldg_nightly_opts *o, ldg_error *err)
{
    ldg_period p = ldg_period_of(o->as_of);
    ldg_findings fs = { 0 };
    ldg_buf what = { 0 };
    ldg_code rc;

    p = ldg_period_of(p.start - 1); /* the month before as_of's */
    rc = ldg_recon_run(&fs, st, o->tenant, p, o->as_of, err);
    for (size_t i = 0; rc == LDG_OK && i < fs.n; i++) {
        /* an acknowledged warning has been seen by a person: not every night again */
        if (ldg_recon_kind_severity(fs.items[i].kind) != LDG_RECON_WARN ||
            fs.items[i].acknowledged)
            continue;
        out->warnings++;
        rc = finding_detail(&what, &fs.items[i], err);
        if (rc == LDG_OK)
            event(o, LDG_NIGHTLY_WARNING, fs.items[i].id, what.data ? what.data : "");
    }
    ldg_buf_cleanup(&what);
    ldg_recon_findings_cleanup(&fs);
    return rc;
}

/* Adds micros to the summary's overdue total of currency. */
static ldg_code add_overdue(ldg_nightly_summary *out, const char *currency,
                            int64_t micros, ldg_error *err)
{
    size_t k;

    for (k = 0; k < out->noverdue && strcmp(out->overdue[k].currency, currency) != 0; k++)
        ;
    if (k == out->noverdue) {
        if (k == LDG_NIGHTLY_MAX_CURRENCIES)
            return ldg_error_set(
                err, LDG_EINVAL,
                "more than %d currencies are overdue: the summary keeps %d",
                LDG_NIGHTLY_MAX_CURRENCIES, LDG_NIGHTLY_MAX_CURRENCIES);
        snprintf(out->overdue[k].currency, sizeof(out->overdue[k].currency), "%s",
                 currency);
        out->noverdue++;
    }
    return ldg_fixed_add(&out->overdue[k].micros, out->overdue[k].micros, micros, err);
}

/* The overdue totals as of the run's day: every tenant's documents and payments replayed
 * as the aging report does (ldg_receivable_replay), the buckets past due summed. */
static ldg_code overdue_totals(ldg_nightly_summary *out, ldg_store *st, ldg_time as_of,
                               const char *tenant, ldg_error *err)
{
    ldg_receivable_log log = { 0 };
    ldg_code rc = ldg_receivable_log_load(&log, st, tenant, err);

    for (size_t i = 0; rc == LDG_OK && i < log.n;) {
        size_t end = ldg_receivable_log_group_end(&log, i);
        ldg_receivable *r = NULL;

        rc = ldg_receivable_replay(&r, log.items + i, end - i,
                                   ldg_receivable_day_of(as_of), err);
        for (size_t k = 0; rc == LDG_OK && k < ldg_receivable_account_count(r); k++) {
            const ldg_receivable_account *a = ldg_receivable_account_at(r, k);
            int64_t past = 0;

            rc = ldg_fixed_add(&past, a->d1_30, a->d31_60, err);
            if (rc == LDG_OK)
                rc = ldg_fixed_add(&past, past, a->d61_90, err);
            if (rc == LDG_OK)
                rc = ldg_fixed_add(&past, past, a->d91_plus, err);
            if (rc == LDG_OK && past != 0)
                rc = add_overdue(out, a->currency, past, err);
        }
        ldg_receivable_free(r);
        i = end;
    }
    ldg_receivable_log_cleanup(&log);
    return rc;
}

/* --tenant names a tenant the ledger knows: checked before anything is taken. */
static ldg_code tenant_known(ldg_store *st, const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st, "SELECT 1 FROM ledger.tenant WHERE tenant = $1", 1, params, err);

    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown tenant \"%s\"", tenant);
    PQclear(res);
    return rc;
}

ldg_code ldg_nightly(ldg_nightly_summary *out, ldg_store *st, const ldg_nightly_opts *o,
                     ldg_error *err)
{
    ldg_signer *signer = NULL;
    ldg_code rc;
    bool got = false;

    memset(out, 0, sizeof(*out));
    /* a second run waits for the first (a bounded wait: LDG_STORE_LOCK_WAIT or the
     * session's lock_timeout), then finds its work done */
    rc = ldg_store_session_try_lock(&got, st, LDG_LOCK_NIGHTLY, 0, err);
    if (rc == LDG_OK && !got) {
        event(o, LDG_NIGHTLY_WAITING, NULL, NULL);
        rc = ldg_store_session_lock(st, LDG_LOCK_NIGHTLY, 0, err);
    }
    /* a dry run is the same run inside one transaction that is rolled back, without
     * signing (count_unsealed); its spool is only read */
    if (rc == LDG_OK && o->tenant)
        rc = tenant_known(st, o->tenant, err);
    if (rc == LDG_OK && o->dry_run)
        rc = ldg_store_rehearsal_begin(st, err);
    if (rc == LDG_OK && o->spool)
        rc = ingest_spool(out, st, o, err);
    if (rc == LDG_OK && !o->dry_run) /* a dry run signs nothing (count_unsealed) */
        rc = ldg_signer_load(&signer, o->key_path, err);
    if (rc == LDG_OK)
        rc = seal_all(out, st, signer, o->tenant, o->ahead, err);
    if (rc == LDG_OK)
        rc = bill_all(out, st, o, signer, err);
    if (rc == LDG_OK && !o->dry_run) /* counted by bill_all */
        rc = seal_all(out, st, signer, o->tenant, NULL, err);
    ldg_signer_free(signer);
    if (rc == LDG_OK)
        rc = report_warnings(out, st, o, err);
    if (rc == LDG_OK)
        rc = overdue_totals(out, st, o->as_of, o->tenant, err);
    if (o->dry_run)
        ldg_store_rehearsal_end(st);
    /* the lock goes with the session anyway; release it for a reused connection */
    ldg_store_session_unlock(st, LDG_LOCK_NIGHTLY, 0);
    return rc;
}
