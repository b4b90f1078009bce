/*
 * Errors: a code to branch on, a message to read, a place to look.
 *
 * Fallible functions return ldg_code and fill an ldg_error (last argument, may be
 * NULL). The first error set wins, so a low-level message is never overwritten by a
 * vaguer one above it; callers add context with ldg_error_where().
 */
#ifndef LEASELEDGER_ERROR_H
#define LEASELEDGER_ERROR_H

#include <stdarg.h>
#include <stdio.h>

/* Append only, never renumber. */
typedef enum ldg_code {
    LDG_OK = 0,
    LDG_EINVAL,    /* input is wrong: malformed number, timestamp, line */
    LDG_ENOTFOUND, /* named tenant, contract or invoice does not exist */
    LDG_ECONFLICT, /* state forbids it: event_id reused, invoice held */
    LDG_ERANGE,    /* arithmetic out of range */
    LDG_ERETRY,    /* serialization failure or deadlock: safe to retry */
    LDG_EDB,
    LDG_EIO,
    LDG_ENOMEM,
    LDG_EINTERNAL, /* a bug */
} ldg_code;

typedef struct ldg_error {
    ldg_code code;
    char sqlstate[6];        /* PG_DIAG_SQLSTATE or "" */
    char message[256];       /* one line, lower case, no final period */
    char detail[512];        /* optional, complete sentences */
    char hint[256];          /* optional: what the user can do */
    char where[256];         /* user's location: "usage.csv:14: event pod-0001/..." */
    const char *file, *func; /* code location, shown with --verbose */
    int line;
} ldg_error;

/* Sets err to empty (code LDG_OK). err may be NULL. */
void ldg_error_clear(ldg_error *err);

/* Records the error unless one is already set; returns code either way. */
ldg_code ldg_error_set_at(ldg_error *err, ldg_code code, const char *file, int line,
                          const char *func, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#define ldg_error_set(err, code, ...) \
    ldg_error_set_at((err), (code), __FILE__, __LINE__, __func__, __VA_ARGS__)

/* Sets the user-facing location ("file:line: ...") if none is set yet. */
void ldg_error_where(ldg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets detail / hint if not set yet. */
void ldg_error_detail(ldg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ldg_error_hint(ldg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Writes err as both programs show it, after PostgreSQL's layout: "<prog>: message",
 * then "DETAIL: ", "HINT: ", "WHERE: " lines for those set, and with verbose the code
 * location ("at file:line (func)").
 */
void ldg_error_print(FILE *out, const char *prog, const ldg_error *err, int verbose);

#endif
