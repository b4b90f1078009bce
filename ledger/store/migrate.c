/*
 * Migration runner. The files come from a directory (read whole: they are small,
 * written by us) or, by default, from the copy the build embedded in the binary
 * (cmake/embed_migrations.cmake); either way each is hashed with SHA-256 and executed
 * with PQexec as one multi-statement string inside the transaction that records it: a
 * failing file leaves no trace and is reported with the server's message and its name.
 */
#include "ledger/store/migrate.h"

#include "ledger/file.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MIGRATIONS 1000
#define MIGRATION_MAX  (16u << 20) /* bytes of one migration file */

typedef struct migration {
    int version;
    char name[256];
    const char *sql; /* the file's bytes, NUL-terminated */
    size_t len;
    char *owned; /* sql when read from a directory (free()), else NULL */
} migration;

const char *ldg_migrate_default_dir(void)
{
    const char *d = getenv("LEASELEDGER_MIGRATIONS");

    return d && *d ? d : NULL;
}

static int parse_name(const char *name, int *version)
{
    size_t n = strlen(name);
    int v = 0;

    if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
        return 0;
    for (int i = 0; i < 4; i++) {
        if (name[i] < '0' || name[i] > '9')
            return 0;
        v = v * 10 + (name[i] - '0');
    }
    *version = v;
    return 1;
}

static int cmp_migration(const void *a, const void *b)
{
    return ((const migration *)a)->version - ((const migration *)b)->version;
}

static ldg_code list_dir(migration *out, size_t *n, const char *dir, ldg_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    *n = 0;
    if (!d)
        return ldg_error_set(err, LDG_EIO,
                             "could not open migrations directory \"%s\": %s", dir,
                             strerror(errno));
    while ((e = readdir(d)) != NULL) {
        int v;

        if (!parse_name(e->d_name, &v))
            continue;
        if (*n == MAX_MIGRATIONS || strlen(e->d_name) >= sizeof(out->name)) {
            closedir(d);
            return ldg_error_set(err, LDG_EIO,
                                 "too many or too long migration names in \"%s\"", dir);
        }
        out[*n].version = v;
        memcpy(out[*n].name, e->d_name, strlen(e->d_name) + 1);
        (*n)++;
    }
    closedir(d);
    return LDG_OK;
}

/* The embedded copy (ldg_embedded_migrations), in the same form as a directory's. */
static ldg_code list_embedded(migration *out, size_t *n, ldg_error *err)
{
    *n = 0;
    for (const ldg_migration_file *f = ldg_embedded_migrations; f->name; f++) {
        if (*n == MAX_MIGRATIONS || strlen(f->name) >= sizeof(out->name) ||
            !parse_name(f->name, &out[*n].version))
            return ldg_error_set(err, LDG_EINTERNAL, "bad embedded migration \"%s\"",
                                 f->name);
        memcpy(out[*n].name, f->name, strlen(f->name) + 1);
        out[*n].sql = f->sql;
        out[*n].len = f->len;
        (*n)++;
    }
    return LDG_OK;
}

/* Sorts by version; two files of one version are an error naming both. */
static ldg_code sort_unique(migration *list, size_t n, ldg_error *err)
{
    qsort(list, n, sizeof(*list), cmp_migration);
    for (size_t i = 1; i < n; i++)
        if (list[i].version == list[i - 1].version)
            return ldg_error_set(err, LDG_ECONFLICT,
                                 "two migrations numbered %04d: \"%s\" and \"%s\"",
                                 list[i].version, list[i - 1].name, list[i].name);
    return LDG_OK;
}

static void sha256_hex(char out[65], const char *data, size_t len)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    static const char hex[] = "0123456789abcdef";

    EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

static ldg_code ensure_table(ldg_store *st, ldg_error *err)
{
    return ldg_store_exec(
        NULL, st,
        "CREATE TABLE IF NOT EXISTS public.ldg_migration ("
        " version integer PRIMARY KEY, name text NOT NULL,"
        " sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
        0, NULL, err);
}

/* 1 applied and matching, 0 not applied; LDG_ECONFLICT when the bytes changed. */
static ldg_code applied_state(int *applied, ldg_store *st, const migration *m,
                              const char *sha, ldg_error *err)
{
    char v[24];
    const char *params[1] = { ldg_store_i64(v, m->version) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st, "SELECT name, sha256 FROM public.ldg_migration WHERE version = $1", 1,
        params, err);

    *applied = 0;
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1) {
        if (strcmp(PQgetvalue(res, 0, 1), sha) != 0)
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "migration \"%s\" was changed after it was applied",
                               m->name);
        if (rc != LDG_OK)
            ldg_error_detail(err,
                             "Applied as \"%s\" with SHA-256 %s; the file now has %s.",
                             PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), sha);
        *applied = 1;
    }
    PQclear(res);
    return rc;
}

static ldg_code apply_one(ldg_store *st, const migration *m, const char *sql,
                          const char *sha, ldg_error *err)
{
    char v[24];
    const char *params[3] = { ldg_store_i64(v, m->version), m->name, sha };
    PGresult *res;
    ldg_code rc = ldg_store_begin(st, err);

    if (rc != LDG_OK)
        return rc;
    res = PQexec(ldg_store_conn(st), sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK &&
        PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = ldg_store__result_error(st, res, err);
        ldg_error_where(err, "migration \"%s\"", m->name);
    }
    PQclear(res);
    if (rc == LDG_OK)
        rc = ldg_store_exec(NULL, st,
                            "INSERT INTO public.ldg_migration (version, name, sha256)"
                            " VALUES ($1, $2, $3)",
                            3, params, err);
    if (rc == LDG_OK)
        rc = ldg_store_commit(st, err);
    if (rc != LDG_OK)
        ldg_store_rollback(st);
    return rc;
}

/* The migrations of dir (read whole), or the embedded ones when dir is NULL, in order. */
static ldg_code load(migration *list, size_t *n, const char *dir, ldg_error *err)
{
    ldg_code rc = dir ? list_dir(list, n, dir, err) : list_embedded(list, n, err);

    for (size_t i = 0; rc == LDG_OK && dir && i < *n; i++) {
        char path[4096];

        snprintf(path, sizeof(path), "%s/%s", dir, list[i].name);
        rc =
            ldg_file_read_regular(&list[i].owned, &list[i].len, path, MIGRATION_MAX, err);
        list[i].sql = list[i].owned;
    }
    return rc == LDG_OK ? sort_unique(list, *n, err) : rc;
}

static ldg_code walk(int *applied_now, ldg_store *st, const char *dir, int apply,
                     ldg_error *err)
{
    static migration list[MAX_MIGRATIONS];
    size_t n = 0;
    ldg_code rc = load(list, &n, dir, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        char sha[65];
        int applied = 0;

        sha256_hex(sha, list[i].sql, list[i].len);
        rc = applied_state(&applied, st, &list[i], sha, err);
        if (rc == LDG_OK && !applied) {
            if (apply) {
                rc = apply_one(st, &list[i], list[i].sql, sha, err);
                if (rc == LDG_OK)
                    (*applied_now)++;
            } else {
                rc = ldg_error_set(err, LDG_ECONFLICT, "migration \"%s\" is not applied",
                                   list[i].name);
                ldg_error_hint(err, "run 'leaseledger migrate'");
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(list[i].owned);
        list[i].owned = NULL;
    }
    return rc;
}

ldg_code ldg_migrate_run(int *applied, ldg_store *st, const char *dir, ldg_error *err)
{
    ldg_code rc;

    *applied = 0;
    if (!dir)
        dir = ldg_migrate_default_dir();
    /* session lock: two migrators apply each file once between them */
    rc = ldg_store_session_lock(st, LDG_LOCK_MIGRATE, 0, err);
    if (rc != LDG_OK)
        return rc;
    rc = ensure_table(st, err);
    if (rc == LDG_OK)
        rc = walk(applied, st, dir, 1, err);
    ldg_store_session_unlock(st, LDG_LOCK_MIGRATE, 0);
    return rc;
}

ldg_code ldg_migrate_check(ldg_store *st, const char *dir, ldg_error *err)
{
    int none = 0;
    ldg_code rc = ensure_table(st, err);

    if (!dir)
        dir = ldg_migrate_default_dir();
    return rc == LDG_OK ? walk(&none, st, dir, 0, err) : rc;
}
