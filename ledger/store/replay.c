/* Replay of archived nightly runs: see replay.h. */
#define _GNU_SOURCE /* nftw's FTW_DEPTH, FTW_PHYS */
#include "ledger/store/replay.h"

#include "ledger/file.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAX (64u << 20) /* 64 MiB: decades of nightly runs */
#define MAX_SUFFIX   100         /* nightly.c's done/NAME.N suffixes */

/* vsnprintf into buf[size]; 1 when the whole path fit, else 0. */
static int path_fits(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int path_fits(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < size;
}

/* Copies in (an archived file) to out while hashing; *same = the hash is want. */
static ldg_code copy_hashed(int *same, int in, int out, const unsigned char want[32],
                            ldg_error *err)
{
    unsigned char buf[1 << 16], md[32];
    unsigned int mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    ssize_t r = 0;
    ldg_code rc = LDG_OK;

    if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
        rc = ldg_error_set(err, LDG_EINTERNAL, "SHA-256 is not available");
    while (rc == LDG_OK && (r = read(in, buf, sizeof(buf))) > 0) {
        if (EVP_DigestUpdate(c, buf, (size_t)r) != 1 || write(out, buf, (size_t)r) != r)
            rc = ldg_error_set(err, LDG_EIO, "could not copy an archived file: %s",
                               strerror(errno));
    }
    if (rc == LDG_OK && r < 0)
        rc = ldg_error_set(err, LDG_EIO, "could not read an archived file: %s",
                           strerror(errno));
    if (rc == LDG_OK && EVP_DigestFinal_ex(c, md, &mdlen) != 1)
        rc = ldg_error_set(err, LDG_EINTERNAL, "SHA-256 failed");
    EVP_MD_CTX_free(c);
    *same = rc == LDG_OK && memcmp(md, want, 32) == 0;
    return rc;
}

/* Puts archived file f into the temporary spool: the first of done/NAME, done/NAME.1,
 * ... (nightly's names) whose content has f's hash. */
static ldg_code place_file(const char *archive, const char *spool,
                           const ldg_archive_file *f, const ldg_archive_run *run,
                           ldg_error *err)
{
    const char *sub = f->payments ? "payments/" : "";
    char from[4096], to[4096];
    ldg_code rc = LDG_OK;

    if (!path_fits(to, sizeof(to), "%s/%s%s", spool, sub, f->name))
        return ldg_error_set(err, LDG_EIO, "path too long for \"%s\"", f->name);
    for (int n = 0; rc == LDG_OK && n < MAX_SUFFIX; n++) {
        int in, out, same = 0, fits;

        if (n == 0)
            fits = path_fits(from, sizeof(from), "%s/%sdone/%s", archive, sub, f->name);
        else
            fits = path_fits(from, sizeof(from), "%s/%sdone/%.200s.%d", archive, sub,
                             f->name, n);
        if (!fits || (in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
            continue;
        out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (out < 0)
            rc = ldg_error_set(err, LDG_EIO, "could not create \"%s\": %s", to,
                               strerror(errno));
        else
            rc = copy_hashed(&same, in, out, f->sha256, err);
        close(in);
        if (out >= 0)
            close(out);
        if (rc == LDG_OK && same)
            return LDG_OK;
    }
    if (rc == LDG_OK) {
        char at[LDG_TIME_BUFLEN];
        rc = ldg_error_set(err, LDG_ENOTFOUND,
                           "the archive has no file \"%s%s\" with the content the run of"
                           " %s took (looked in \"%s/%sdone/\")",
                           sub, f->name, ldg_time_format(at, run->as_of), archive, sub);
    }
    return rc;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* One run: a private spool with its files, nightly at its instant, then removed. */
static ldg_code replay_run(ldg_nightly_summary *s, ldg_store *st, const ldg_archive *a,
                           const ldg_archive_run *run, const ldg_replay_opts *o,
                           ldg_error *err)
{
    const char *tmpdir = getenv("TMPDIR");
    char base[4096], spool[4200], pay[4300];
    ldg_nightly_opts no = { .as_of = run->as_of,
                            .key_path = o->key_path,
                            .tenant = run->tenant[0] ? run->tenant : NULL,
                            .hold = run->hold,
                            .amend_hold = run->amend,
                            .on_event = o->on_event,
                            .on_doc = o->on_doc,
                            .ctx = o->ctx };
    ldg_code rc = LDG_OK;

    if (!path_fits(base, sizeof(base), "%s/leaseledger-replay.XXXXXX",
                   tmpdir && *tmpdir ? tmpdir : "/tmp") ||
        !mkdtemp(base))
        return ldg_error_set(err, LDG_EIO, "could not create a temporary folder: %s",
                             strerror(errno));
    /* inside the folder mkdtemp just made, 0700 and ours: nobody else can plant a
     * name there, and mkdir never follows a link at its last component anyway */
    if (!path_fits(spool, sizeof(spool), "%s/spool", base) ||
        !path_fits(pay, sizeof(pay), "%s/payments", spool) || mkdir(spool, 0700) != 0 ||
        mkdir(pay, 0700) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not create \"%s\": %s", spool,
                           strerror(errno));
    for (size_t i = 0; rc == LDG_OK && i < run->n; i++)
        rc = place_file(o->archive, spool, &a->files[run->first + i], run, err);
    no.spool = spool;
    if (rc == LDG_OK)
        rc = ldg_nightly(s, st, &no, err);
    nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}

ldg_code ldg_replay(size_t *runs, ldg_store *st, const ldg_replay_opts *o, ldg_error *err)
{
    char path[4096];
    char *text = NULL;
    size_t len = 0;
    ldg_archive a;
    ldg_code rc;

    *runs = 0;
    if (!path_fits(path, sizeof(path), "%s/done/ARCHIVE", o->archive))
        return ldg_error_set(err, LDG_EIO, "archive path too long: \"%s\"", o->archive);
    /* the archive is hostile until checked: the manifest is not read through a link */
    rc = ldg_file_read_regular(&text, &len, path, MANIFEST_MAX, err);
    if (rc == LDG_OK)
        rc = ldg_archive_parse(&a, text, len, path, err);
    free(text);
    if (rc != LDG_OK)
        return rc;
    for (size_t r = 0; rc == LDG_OK && r < a.nruns; r++) {
        ldg_nightly_summary s = { 0 };
        char at[LDG_TIME_BUFLEN];

        rc = replay_run(&s, st, &a, &a.runs[r], o, err);
        if (rc != LDG_OK) {
            ldg_error_where(err, "the run of %s (%zu of %zu in \"%s\")",
                            ldg_time_format(at, a.runs[r].as_of), r + 1, a.nruns, path);
        } else {
            (*runs)++;
            if (o->on_run)
                o->on_run(o->ctx, &a.runs[r], r, a.nruns, &s);
        }
    }
    ldg_archive_cleanup(&a);
    return rc;
}
