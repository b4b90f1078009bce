/*
 * What every libFuzzer target shares: the entry points' prototypes, a property check
 * that turns a broken invariant into a crash libFuzzer records, and the checks every
 * parser's error must pass.
 *
 * A target never trusts its input: it hands the bytes to the parser exactly as the
 * program would (a copy in a malloc'd block of exactly that size, so that ASan sees a
 * read one past the end), then checks properties that must hold whatever the input:
 * an error has a code and a one-line message without control characters (messages
 * quote hostile input and end up on a terminal), and whatever was accepted round-trips.
 */
#ifndef LEASELEDGER_FUZZ_H
#define LEASELEDGER_FUZZ_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static inline void fuzz_fail(const char *what, const char *file, int line)
{
    fprintf(stderr, "%s:%d: property broken: %s\n", file, line, what);
    abort();
}

#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

/* The input as a malloc'd block of exactly size bytes (1 when size is 0). */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);

    if (!p)
        abort();
    if (size)
        memcpy(p, data, size);
    return p;
}

/* The input as a malloc'd NUL-terminated string (it may hold NUL bytes of its own). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *p = malloc(size + 1);

    if (!p)
        abort();
    if (size)
        memcpy(p, data, size);
    p[size] = '\0';
    return p;
}

/* A one-line text without C0 controls or DEL, of at most cap - 1 bytes (NUL inside). */
static inline int fuzz_text_ok(const char *s, size_t cap)
{
    size_t n = strnlen(s, cap);

    if (n == cap)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return 0;
    }
    return 1;
}

/*
 * An error returned as rc is recorded in e: a code, a message, clean text. (Not always
 * the same code: a caller may return LDG_EINVAL for a record whose number parser
 * recorded LDG_ERANGE, and the first error recorded wins.)
 */
static inline void fuzz_check_error(ldg_code rc, const ldg_error *e)
{
    if (rc == LDG_OK)
        return;
    if (!fuzz_text_ok(e->message, sizeof(e->message)) ||
        !fuzz_text_ok(e->where, sizeof(e->where)) ||
        !fuzz_text_ok(e->hint, sizeof(e->hint))) {
        const char *parts[3] = { e->message, e->where, e->hint };
        fprintf(stderr, "error text with a control character:");
        for (int k = 0; k < 3; k++) {
            fputs(k ? "\n  | " : "\n  ", stderr);
            for (const char *c = parts[k]; *c; c++) {
                unsigned char u = (unsigned char)*c;
                if (u < 0x20 || u == 0x7f)
                    fprintf(stderr, "\\x%02x", u);
                else
                    fputc(u, stderr);
            }
        }
        fputc('\n', stderr);
    }
    FUZZ_CHECK(e->code != LDG_OK);
    FUZZ_CHECK(e->message[0] != '\0');
    FUZZ_CHECK(fuzz_text_ok(e->message, sizeof(e->message)));
    FUZZ_CHECK(fuzz_text_ok(e->where, sizeof(e->where)));
    FUZZ_CHECK(fuzz_text_ok(e->hint, sizeof(e->hint)));
}

#endif
