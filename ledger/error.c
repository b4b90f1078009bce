/*
 * Error records. See error.h: the first error set wins; context is added, never
 * substituted, so the message a user reads names the root cause.
 *
 * Messages quote hostile input (a JSON member name, a parser's "near '...'") and end up
 * on a terminal or in a rejects report, so every field is made one line of text as it is
 * written: tab, CR and LF become a space, every other C0 control and DEL a '?' (an ESC
 * in a usage file must never reach the operator's terminal). DETAIL keeps its newlines.
 */
#include "ledger/error.h"

#include <stdio.h>
#include <string.h>

/* Replaces control characters in the NUL-terminated field, see above. */
static void clean_text(char *s, int keep_newlines)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '\n' && keep_newlines)
            continue;
        if (c == '\t' || c == '\r' || c == '\n')
            *s = ' ';
        else if (c < 0x20 || c == 0x7f)
            *s = '?';
    }
}

void ldg_error_clear(ldg_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

ldg_code ldg_error_set_at(ldg_error *err, ldg_code code, const char *file, int line,
                          const char *func, const char *fmt, ...)
{
    va_list ap;

    if (!err || err->code != LDG_OK)
        return code;
    err->code = code;
    err->file = file;
    err->line = line;
    err->func = func;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    clean_text(err->message, 0);
    return code;
}

__attribute__((format(printf, 4, 0))) static void
set_if_empty(char *field, size_t size, int keep_newlines, const char *fmt, va_list ap)
{
    if (field[0] == '\0') {
        vsnprintf(field, size, fmt, ap);
        clean_text(field, keep_newlines);
    }
}

void ldg_error_where(ldg_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    set_if_empty(err->where, sizeof(err->where), 0, fmt, ap);
    va_end(ap);
}

void ldg_error_detail(ldg_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    set_if_empty(err->detail, sizeof(err->detail), 1, fmt, ap);
    va_end(ap);
}

void ldg_error_hint(ldg_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    set_if_empty(err->hint, sizeof(err->hint), 0, fmt, ap);
    va_end(ap);
}

void ldg_error_print(FILE *out, const char *prog, const ldg_error *err, int verbose)
{
    fprintf(out, "%s: %s\n", prog, err->message[0] ? err->message : "unknown error");
    if (err->detail[0])
        fprintf(out, "DETAIL: %s\n", err->detail);
    if (err->hint[0])
        fprintf(out, "HINT: %s\n", err->hint);
    if (err->where[0])
        fprintf(out, "WHERE: %s\n", err->where);
    if (verbose && err->file)
        fprintf(out, "at %s:%d (%s)\n", err->file, err->line, err->func);
}
