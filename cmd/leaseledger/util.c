/*
 * Shared command-line plumbing: error printing after PostgreSQL's layout (message,
 * then DETAIL/HINT/WHERE lines), exit codes after sysexits, the database connection
 * and the signing key. Commands never print key material.
 */
#include "cmd/leaseledger/cmd.h"
#include "ledger/file.h"
#include "ledger/keyring.h"
#include "ledger/store/seal_ahead.h"
#include "reports/table.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int cmd_verbose = 0;

void cmd_getopt_reset(void)
{
    optind = 0; /* glibc: 0 also re-initialises its internal state */
    opterr = 0; /* we print our own messages */
}

int cmd_usage_error(const char *name, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "leaseledger %s: ", name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'leaseledger %s --help'.\n", name);
    return LDG_EXIT_USAGE;
}

int cmd_option(int c, char **argv, const char *name, void (*usage)(FILE *out))
{
    if (c == 'v') {
        cmd_verbose = 1;
        return CMD_GO_ON;
    }
    if (c == 'h') {
        usage(stdout);
        return LDG_EXIT_OK;
    }
    return cmd_usage_error(name, "unknown option \"%s\"", argv[optind - 1]);
}

/* The entry of opts that getopt_long's c stands for, or NULL (a common option). */
static const cmd_opt *opt_of(const cmd_opt *opts, size_t n, int c)
{
    if (c >= 256)
        return &opts[c - 256];
    for (size_t i = 0; i < n; i++)
        if (opts[i].letter && opts[i].letter == c)
            return &opts[i];
    return NULL;
}

int cmd_options(int argc, char **argv, const char *name, void (*usage)(FILE *out),
                const cmd_opt *opts, size_t n)
{
    struct option lo[CMD_MAX_OPTS + 3] = { { 0 } };
    char letters[CMD_MAX_OPTS + 3] = "hv";
    size_t nl = 2;
    int c, code = CMD_GO_ON;

    assert(n <= CMD_MAX_OPTS);
    for (size_t i = 0; i < n; i++) {
        lo[i].name = opts[i].name;
        lo[i].has_arg = opts[i].text ? required_argument : no_argument;
        lo[i].val = opts[i].letter ? opts[i].letter : 256 + (int)i;
        if (opts[i].letter)
            letters[nl++] = opts[i].letter;
    }
    lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
    lo[n + 1] = (struct option){ "verbose", no_argument, NULL, 'v' };
    cmd_getopt_reset();
    while (code == CMD_GO_ON && (c = getopt_long(argc, argv, letters, lo, NULL)) != -1) {
        const cmd_opt *o = opt_of(opts, n, c);

        if (!o)
            code = cmd_option(c, argv, name, usage);
        else if (o->text)
            *o->text = optarg;
        else
            *o->flag = 1;
    }
    return code;
}

void cmd_print_error(const ldg_error *err)
{
    ldg_error_print(stderr, "leaseledger", err, cmd_verbose);
}

int cmd_exit_code(const ldg_error *err)
{
    if (err->sqlstate[0]) {
        if (strncmp(err->sqlstate, "08", 2) == 0)
            return LDG_EXIT_UNAVAILABLE;
        if (strncmp(err->sqlstate, "28", 2) == 0 || strcmp(err->sqlstate, "42501") == 0)
            return LDG_EXIT_NOPERM;
        if (strncmp(err->sqlstate, "57P", 3) == 0)
            return LDG_EXIT_UNAVAILABLE; /* server shutting down */
    }
    switch (err->code) {
    case LDG_OK:
        return LDG_EXIT_OK;
    case LDG_ECONFLICT:
    case LDG_ENOTFOUND:
        return LDG_EXIT_REFUSED;
    case LDG_EINVAL:
    case LDG_ERANGE:
        return LDG_EXIT_DATAERR;
    case LDG_ERETRY:
        return LDG_EXIT_TEMPFAIL;
    case LDG_EIO:
        return LDG_EXIT_IOERR;
    case LDG_EDB:
        return LDG_EXIT_UNAVAILABLE;
    case LDG_ENOMEM:
    case LDG_EINTERNAL:
        return LDG_EXIT_SOFTWARE;
    }
    return LDG_EXIT_SOFTWARE;
}

int cmd_fail(const ldg_error *err)
{
    cmd_print_error(err);
    return cmd_exit_code(err);
}

__attribute__((format(printf, 1, 0))) static void vwarn(const char *fmt, va_list ap)
{
    fputs("leaseledger: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cmd_failf(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
    return code;
}

void cmd_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vwarn(fmt, ap);
    va_end(ap);
}

ldg_store *cmd_open_store(const char *db, int *code)
{
    ldg_store *st = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if ((!db || !*db) && !getenv("DATABASE_URL") && !getenv("PGHOST") &&
        !getenv("PGDATABASE") && !getenv("PGSERVICE")) {
        fprintf(stderr,
                "leaseledger: no database configured\n"
                "HINT: give --db CONNINFO, or set DATABASE_URL or PGHOST/PGDATABASE\n");
        *code = LDG_EXIT_CONFIG;
        return NULL;
    }
    if (ldg_store_open(&st, db, &err) != LDG_OK) {
        *code = cmd_fail(&err);
        return NULL;
    }
    *code = LDG_EXIT_OK;
    return st;
}

ldg_store *cmd_open_store_as(const char *db, const char *role, int *code)
{
    ldg_store *st = cmd_open_store(db, code);
    ldg_error err;

    ldg_error_clear(&err);
    if (st && ldg_store_set_role(st, role, &err) != LDG_OK) {
        *code = cmd_fail(&err);
        ldg_store_close(st);
        return NULL;
    }
    return st;
}

ldg_signer *cmd_load_key(const char *path, int *code)
{
    ldg_signer *s = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (!path || !*path)
        path = getenv("LEASELEDGER_KEY");
    if (!path || !*path) {
        fprintf(
            stderr,
            "leaseledger: no signing key\n"
            "HINT: give --key FILE or set LEASELEDGER_KEY (see 'leaseledger keygen')\n");
        *code = LDG_EXIT_CONFIG;
        return NULL;
    }
    ldg_keyring_protect_process(NULL); /* best effort: no core dump holds the key */
    if (ldg_signer_load(&s, path, &err) != LDG_OK) {
        cmd_print_error(&err);
        *code = LDG_EXIT_CONFIG;
        return NULL;
    }
    *code = LDG_EXIT_OK;
    return s;
}

int cmd_progress_wanted(void)
{
    return isatty(STDERR_FILENO);
}

int cmd_parse_format(const char *value, const char *allowed)
{
    static const struct {
        const char *name;
        cmd_format fmt;
    } names[] = { { "table", CMD_FMT_TABLE },
                  { "json", CMD_FMT_JSON },
                  { "csv", CMD_FMT_CSV },
                  { "text", CMD_FMT_TEXT },
                  { "pdf", CMD_FMT_PDF } };
    size_t n = strlen(value);

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *p = strstr(allowed, names[i].name);
        if (strcmp(value, names[i].name) == 0 && p && (p[n] == '\0' || p[n] == ',') &&
            (p == allowed || p[-1] == ','))
            return (int)names[i].fmt;
    }
    return -1;
}

const char *cmd_renamed_option(const char *cmd, const char *new_name,
                               const char *new_value, const char *old_name,
                               const char *old_value)
{
    if (new_value || !old_value)
        return new_value;
    cmd_warn("%s: --%s is deprecated here; use --%s", cmd, old_name, new_name);
    return old_value;
}

int cmd_time_now_or(ldg_time *out, const char *text, const char *cmd)
{
    ldg_error err;

    if (!text) {
        *out = (ldg_time)time(NULL);
        return LDG_EXIT_OK;
    }
    ldg_error_clear(&err);
    if (ldg_time_parse_str(out, text, &err) != LDG_OK)
        return cmd_usage_error(cmd, "--as-of: %s", err.message);
    return LDG_EXIT_OK;
}

int cmd_read_file(char **out, size_t *len, const char *path, size_t max)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    ldg_error err;
    ldg_code rc;

    *out = NULL;
    if (!f)
        return cmd_failf(LDG_EXIT_NOINPUT, "could not open \"%s\": %s", path,
                         strerror(errno));
    ldg_error_clear(&err);
    rc = ldg_file_read(out, len, f, path, max, &err);
    if (f != stdin)
        fclose(f);
    if (rc !=
        LDG_OK) /* an input that cannot be read is missing input, not an I/O error */
        return cmd_failf(rc == LDG_EIO ? LDG_EXIT_NOINPUT : cmd_exit_code(&err), "%s",
                         err.message);
    return LDG_EXIT_OK;
}

FILE *cmd_create_output(const char *path)
{
    /* never through a symbolic link (a planted link would make the batch user, who may
     * hold the key, truncate another file), and only a regular file is truncated */
    int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0644);
    struct stat sb;
    FILE *f;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    if (ftruncate(fd, 0) != 0 || !(f = fdopen(fd, "w"))) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    return f;
}

void cmd_csv_field(FILE *out, const char *s)
{
    /* the one CSV rule of reports/table.c, formula neutralising included; the database
     * holds valid UTF-8, so a field it refuses is shown as "?" rather than dropped */
    if (rpt_csv_field(out, s, NULL) != LDG_OK)
        fputs("?", out);
}

const char *cmd_doc_kind_text(const char *kind, const json_t *data)
{
    if (strcmp(kind, "credit_note") == 0)
        return "credit note";
    return json_is_string(json_object_get(data, "amends")) ? "supplementary invoice"
                                                           : kind;
}

int cmd_write_atomic(const char *path, const char *data, size_t len)
{
    size_t n = strlen(path) + sizeof(".tmp-XXXXXX");
    char *tmp = malloc(n);
    mode_t mask = umask(0);
    int fd, code = LDG_EXIT_OK;

    umask(mask);
    if (!tmp)
        return cmd_failf(LDG_EXIT_SOFTWARE, "out of memory");
    snprintf(tmp, n, "%s.tmp-XXXXXX", path);
    if ((fd = mkstemp(tmp)) < 0 || fchmod(fd, 0644 & ~mask) != 0) {
        code = cmd_failf(LDG_EXIT_CANTCREAT, "could not create \"%s\": %s", path,
                         strerror(errno));
    } else {
        for (size_t done = 0; code == LDG_EXIT_OK && done < len;) {
            ssize_t w = write(fd, data + done, len - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                code = cmd_failf(LDG_EXIT_IOERR, "could not write \"%s\": %s", path,
                                 strerror(errno));
            else
                done += (size_t)w;
        }
        if (code == LDG_EXIT_OK && fsync(fd) != 0)
            code = cmd_failf(LDG_EXIT_IOERR, "could not write \"%s\": %s", path,
                             strerror(errno));
    }
    if (fd >= 0)
        close(fd);
    if (code == LDG_EXIT_OK && rename(tmp, path) != 0)
        code = cmd_failf(LDG_EXIT_CANTCREAT, "could not create \"%s\": %s", path,
                         strerror(errno));
    if (code != LDG_EXIT_OK && fd >= 0)
        unlink(tmp);
    free(tmp);
    return code;
}

void cmd_seal_ahead_start(cmd_seal_ahead *ca, const char *db)
{
    ldg_error err;

    ldg_error_clear(&err);
    ca->sa = NULL;
    ca->st = NULL;
    if (ldg_store_open(&ca->st, db, &err) != LDG_OK ||
        ldg_store_set_role(ca->st, "ldg_writer", &err) != LDG_OK ||
        ldg_seal_ahead_start(&ca->sa, ca->st, &err) != LDG_OK) {
        cmd_warn("no proving ahead (%s): the seal reads every new entry at the end",
                 err.message);
        cmd_seal_ahead_stop(ca);
    }
}

void cmd_seal_ahead_stop(cmd_seal_ahead *ca)
{
    ldg_seal_ahead_free(ca->sa);
    if (ca->st)
        ldg_store_close(ca->st);
    ca->sa = NULL;
    ca->st = NULL;
}

void cmd_print_sealed(void *quiet, const char *tenant, int64_t old_size, int64_t new_size)
{
    if (!*(const int *)quiet)
        printf("sealed %s: %" PRId64 " -> %" PRId64 " entries\n", tenant, old_size,
               new_size);
}
