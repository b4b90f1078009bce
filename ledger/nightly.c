/*
 * The nightly batch. See nightly.h for the spool protocol and the guarantees; the
 * steps are each idempotent, so "finish the work" after a crash is simply running
 * them all again.
 */
#include "ledger/nightly.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ledger/ingest.h"
#include "ledger/recon_store.h"
#include "ledger/registry.h"
#include "ledger/seal.h"

#define NIGHTLY_LOCK  7270010
#define MAX_SPOOL     100000
#define PATH_BUF      4096

static void event(const ldg_nightly_opts *o, ldg_nightly_event ev, const char *name,
                  const char *detail)
{
    if (o->on_event)
        o->on_event(o->ctx, ev, name, detail);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files of dir not starting with '.', sorted. */
static ldg_code list_spool(char ***out, size_t *n, const char *dir, ldg_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    if (!d)
        return ldg_error_set(err, LDG_EIO, "could not open spool \"%s\": %s", dir,
                             strerror(errno));
    while ((e = readdir(d)) != NULL) {
        char path[PATH_BUF];
        struct stat sb;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **p = nc <= MAX_SPOOL ? realloc(names, nc * sizeof(*p)) : NULL;
            if (!p)
                break;
            names = p;
            cap = nc;
        }
        if (!(names[*n] = strdup(e->d_name)))
            break;
        (*n)++;
    }
    closedir(d);
    if (*n > 1) /* names is NULL for an empty spool: qsort(NULL, 0, ...) is undefined */
        qsort(names, *n, sizeof(*names), cmp_str);
    *out = names;
    return LDG_OK;
}

static ldg_code file_sha256(unsigned char md[32], const char *path, ldg_error *err)
{
    FILE *f = fopen(path, "rb");
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char buf[1 << 16];
    unsigned int len = 0;
    size_t r;
    ldg_code rc = LDG_OK;

    if (!f || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        rc = ldg_error_set(err, LDG_EIO, "could not read \"%s\": %s", path, strerror(errno));
    while (rc == LDG_OK && (r = fread(buf, 1, sizeof(buf), f)) > 0)
        if (!EVP_DigestUpdate(ctx, buf, r))
            rc = ldg_error_set(err, LDG_EINTERNAL, "could not hash \"%s\"", path);
    if (rc == LDG_OK && (ferror(f) || !EVP_DigestFinal_ex(ctx, md, &len)))
        rc = ldg_error_set(err, LDG_EIO, "could not read \"%s\"", path);
    EVP_MD_CTX_free(ctx);
    if (f)
        fclose(f);
    return rc;
}

static ldg_code already_taken(int *taken, ldg_store *st, const unsigned char md[32],
                              ldg_error *err)
{
    const char *params[1] = { (const char *)md };
    int lengths[1] = { 32 }, formats[1] = { 1 };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_execb(&res, st,
                                  "SELECT 1 FROM ledger.ingest_file WHERE file_sha256 = $1", 1,
                                  params, lengths, formats, 0, err);

    if (rc == LDG_OK)
        *taken = PQntuples(res) > 0;
    PQclear(res);
    return rc;
}

static ldg_code record_taken(ldg_store *st, const unsigned char md[32], const char *name,
                             const ldg_ingest_summary *s, ldg_error *err)
{
    char a[24], d[24], r[24];
    const char *params[5] = { (const char *)md, name, ldg_store_i64(a, s->accepted),
                              ldg_store_i64(d, s->duplicates), ldg_store_i64(r, s->rejected) };
    int lengths[5] = { 32, 0, 0, 0, 0 }, formats[5] = { 1, 0, 0, 0, 0 };

    return ldg_store_execb(NULL, st,
                           "INSERT INTO ledger.ingest_file (file_sha256, name, accepted,"
                           " duplicates, rejected) VALUES ($1, $2, $3, $4, $5)"
                           " ON CONFLICT DO NOTHING",
                           5, params, lengths, formats, 0, err);
}

static ldg_code move_to(const char *spool, const char *sub, const char *name, ldg_error *err)
{
    char from[PATH_BUF], dir[PATH_BUF], to[PATH_BUF];

    snprintf(from, sizeof(from), "%s/%s", spool, name);
    snprintf(dir, sizeof(dir), "%s/%s", spool, sub);
    snprintf(to, sizeof(to), "%s/%s/%s", spool, sub, name);
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        return ldg_error_set(err, LDG_EIO, "could not create \"%s\": %s", dir, strerror(errno));
    if (rename(from, to) != 0)
        return ldg_error_set(err, LDG_EIO, "could not move \"%s\" to \"%s\": %s", from, to,
                             strerror(errno));
    return LDG_OK;
}

typedef struct rejects_sink {
    FILE *f;       /* NAME.rejects: the rejected lines, ingestible once fixed */
    FILE *reasons; /* NAME.reasons: "line N: why" for each */
    const char *path;
    const char *header;
    size_t header_len;
    char header_buf[4096];
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

static void sink_reject(void *ctx, int64_t lineno, ldg_reject_reason reason,
                        const char *message, const char *line, size_t len, int64_t offset,
                        int64_t raw_len)
{
    rejects_sink *s = ctx;

    (void)reason;
    if (!s->f) {
        char rpath[PATH_BUF];
        size_t n = strlen(s->path);

        s->f = fopen(s->path, "w");
        if (!s->f)
            return;
        if (s->header)
            fprintf(s->f, "%s\n", s->header);
        /* NAME.rejects -> NAME.reasons */
        snprintf(rpath, sizeof(rpath), "%.*s.reasons", (int)(n - strlen(".rejects")), s->path);
        s->reasons = fopen(rpath, "w");
    }
    if (s->reasons)
        fprintf(s->reasons, "line %" PRId64 ": %s\n", lineno, message);
    /* the reason travels in the NAME.rejects.log beside it: keep this file ingestible */
    if (line)
        fprintf(s->f, "%.*s\n", (int)len, line);
    (void)offset; /* over-long lines stay only in the original, kept in done/ */
    (void)raw_len;
}

static ldg_code write_error_file(const char *spool, const char *name, const ldg_error *e)
{
    char path[PATH_BUF];
    FILE *f;

    snprintf(path, sizeof(path), "%s/failed/%s.error", spool, name);
    f = fopen(path, "w");
    if (!f)
        return LDG_EIO;
    fprintf(f, "%s\n", e->message);
    if (e->where[0])
        fprintf(f, "WHERE: %s\n", e->where);
    fclose(f);
    return LDG_OK;
}

static ldg_code take_file(ldg_nightly_summary *out, ldg_store *st,
                          const ldg_nightly_opts *o, const char *name, ldg_error *err)
{
    char path[PATH_BUF], rej[PATH_BUF], detail[256];
    unsigned char md[32];
    ldg_ingest_summary s;
    ldg_ingest_opts io = { 0 };
    rejects_sink sink = { 0 };
    ldg_error e;
    int taken = 0;
    FILE *f;
    ldg_code rc;

    snprintf(path, sizeof(path), "%s/%s", o->spool, name);
    rc = file_sha256(md, path, err);
    if (rc == LDG_OK)
        rc = already_taken(&taken, st, md, err);
    if (rc != LDG_OK)
        return rc;
    if (taken) {
        out->files_already++;
        event(o, LDG_NIGHTLY_FILE_ALREADY, name, NULL);
        return move_to(o->spool, "done", name, err);
    }
    if (!(f = fopen(path, "rb")))
        return ldg_error_set(err, LDG_EIO, "could not open \"%s\": %s", path, strerror(errno));
    snprintf(rej, sizeof(rej), "%s/rejected", o->spool);
    mkdir(rej, 0750);
    snprintf(rej, sizeof(rej), "%s/rejected/%s.rejects", o->spool, name);
    sink.path = rej;
    io.on_header = sink_header;
    io.on_reject = sink_reject;
    io.ctx = &sink;
    ldg_error_clear(&e);
    rc = ldg_ingest(&s, st, f, &io, &e);
    fclose(f);
    if (sink.f)
        fclose(sink.f);
    if (sink.reasons)
        fclose(sink.reasons);
    if (rc == LDG_EINVAL) {
        /* the file cannot be read as usage: set it aside, go on with the others */
        out->files_failed++;
        rc = move_to(o->spool, "failed", name, err);
        if (rc == LDG_OK)
            write_error_file(o->spool, name, &e);
        event(o, LDG_NIGHTLY_FILE_FAILED, name, e.message);
        return rc;
    }
    if (rc != LDG_OK) {
        *err = e;
        ldg_error_where(err, "spool file \"%s\"", name);
        return rc;
    }
    rc = record_taken(st, md, name, &s, err);
    if (rc == LDG_OK)
        rc = move_to(o->spool, "done", name, err);
    if (rc == LDG_OK) {
        out->files_taken++;
        out->accepted += s.accepted;
        out->duplicates += s.duplicates;
        out->rejected += s.rejected;
        snprintf(detail, sizeof(detail),
                 "%" PRId64 " accepted, %" PRId64 " duplicates, %" PRId64 " rejected",
                 s.accepted, s.duplicates, s.rejected);
        event(o, LDG_NIGHTLY_FILE_TAKEN, name, detail);
    }
    return rc;
}

static ldg_code ingest_spool(ldg_nightly_summary *out, ldg_store *st,
                             const ldg_nightly_opts *o, ldg_error *err)
{
    char **names = NULL;
    size_t n = 0;
    ldg_code rc = list_spool(&names, &n, o->spool, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = take_file(out, st, o, names[i], err);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static ldg_code seal_all(ldg_nightly_summary *out, ldg_store *st, const ldg_signer *s,
                         ldg_error *err)
{
    int n = 0;
    ldg_code rc = ldg_seal(&n, st, s, NULL, NULL, NULL, err);

    out->checkpoints += n;
    return rc;
}

/* Every closed period of every contract, oldest first. */
static ldg_code bill_all(ldg_nightly_summary *out, ldg_store *st, const ldg_nightly_opts *o,
                         ldg_error *err)
{
    ldg_contract_ref *refs = NULL;
    size_t n = 0;
    ldg_bill_memo memo = { 0 };
    ldg_bill_opts bo = { .as_of = o->as_of, .signer = o->signer, .on_doc = o->on_doc,
                         .ctx = o->ctx, .memo = &memo };
    ldg_code rc = ldg_registry_contracts(&refs, &n, st, NULL, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        ldg_period p = ldg_period_of(refs[i].starts);

        for (; rc == LDG_OK && p.end <= o->as_of && p.start < refs[i].ends;
             p = ldg_period_next(p)) {
            ldg_bill_outcome oc = 0;
            char per[8];

            rc = ldg_bill_contract(&oc, st, &refs[i], p, &bo, err);
            if (rc != LDG_OK)
                break;
            switch (oc) {
            case LDG_BILL_ISSUED: out->issued++; break;
            case LDG_BILL_AMENDED: out->amended++; break;
            case LDG_BILL_UNCHANGED: out->unchanged++; break;
            case LDG_BILL_HELD:
                out->held++;
                event(o, LDG_NIGHTLY_HELD, refs[i].contract_id, ldg_period_format(per, p));
                break;
            }
        }
    }
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
    rc = ldg_recon_run(&fs, st, NULL, p, o->as_of, err);
    for (size_t i = 0; rc == LDG_OK && i < fs.n; i++) {
        if (ldg_recon_kind_severity(fs.items[i].kind) != LDG_RECON_WARN)
            continue;
        out->warnings++;
        ldg_buf_reset(&what);
        rc = ldg_recon_finding_what(&what, &fs.items[i], err);
        if (rc == LDG_OK)
            event(o, LDG_NIGHTLY_WARNING, fs.items[i].id, what.data ? what.data : "");
    }
    ldg_buf_cleanup(&what);
    ldg_recon_findings_cleanup(&fs);
    return rc;
}

ldg_code ldg_nightly(ldg_nightly_summary *out, ldg_store *st, const ldg_nightly_opts *o,
                     ldg_error *err)
{
    char lock[24];
    const char *params[1] = { ldg_store_i64(lock, NIGHTLY_LOCK) };
    PGresult *res = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    /* a second run waits for the first, then finds its work done */
    rc = ldg_store_exec(&res, st, "SELECT pg_try_advisory_lock($1::bigint)", 1, params, err);
    if (rc == LDG_OK && strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
        event(o, LDG_NIGHTLY_WAITING, NULL, NULL);
        rc = ldg_store_exec(NULL, st, "SELECT pg_advisory_lock($1::bigint)", 1, params, err);
    }
    PQclear(res);
    if (rc == LDG_OK && o->spool)
        rc = ingest_spool(out, st, o, err);
    if (rc == LDG_OK)
        rc = seal_all(out, st, o->signer, err);
    if (rc == LDG_OK)
        rc = bill_all(out, st, o, err);
    if (rc == LDG_OK)
        rc = seal_all(out, st, o->signer, err);
    if (rc == LDG_OK)
        rc = report_warnings(out, st, o, err);
    /* the lock goes with the session anyway; release it for a reused connection */
    if (PQstatus(ldg_store_conn(st)) == CONNECTION_OK) {
        PGresult *u = NULL;
        ldg_error ignored;
        ldg_error_clear(&ignored);
        if (ldg_store_exec(&u, st, "SELECT pg_advisory_unlock($1::bigint)", 1, params,
                           &ignored) == LDG_OK)
            PQclear(u);
    }
    return rc;
}
