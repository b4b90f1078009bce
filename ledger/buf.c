/*
 * The growable byte buffer (see buf.h). Capacity doubles from BUF_MIN_CAP, so appends
 * are amortised O(1); one spare byte always holds the NUL that lets text be read as a
 * C string.
 */
#include "ledger/buf.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF_MIN_CAP 64

/* Grows b so that n more bytes and a NUL fit. Doubles, so appends are amortised O(1). */
static ldg_code buf_grow(ldg_buf *b, size_t n, ldg_error *err)
{
    size_t need, cap;
    char *p;

    if (n > SIZE_MAX - 1 - b->len)
        return ldg_error_set(err, LDG_ENOMEM,
                             "could not grow buffer: %zu plus %zu bytes overflows size_t",
                             b->len, n);
    need = b->len + n + 1;
    cap = b->cap < BUF_MIN_CAP ? BUF_MIN_CAP : b->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : 2 * cap;
    p = realloc(b->data, cap);
    if (!p)
        return ldg_error_set(err, LDG_ENOMEM,
                             "out of memory: could not grow buffer to %zu bytes", cap);
    b->data = p;
    b->cap = cap;
    b->data[b->len] = '\0';
    return LDG_OK;
}

ldg_code ldg_buf_reserve(ldg_buf *b, size_t n, ldg_error *err)
{
    assert(b->len < b->cap || (b->cap == 0 && b->len == 0));
    /* cap - len cannot wrap: len < cap whenever memory is held (room for the NUL) */
    if (b->cap - b->len > n)
        return LDG_OK;
    return buf_grow(b, n, err);
}

ldg_code ldg_buf_append(ldg_buf *b, const void *p, size_t n, ldg_error *err)
{
    ldg_code rc = ldg_buf_reserve(b, n, err);

    if (rc != LDG_OK)
        return rc;
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return LDG_OK;
}

ldg_code ldg_buf_puts(ldg_buf *b, const char *s, ldg_error *err)
{
    return ldg_buf_append(b, s, strlen(s), err);
}

ldg_code ldg_buf_putc(ldg_buf *b, char c, ldg_error *err)
{
    ldg_code rc = ldg_buf_reserve(b, 1, err);

    if (rc != LDG_OK)
        return rc;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
    return LDG_OK;
}

ldg_code ldg_buf_vprintf(ldg_buf *b, ldg_error *err, const char *fmt, va_list ap)
{
    va_list again;
    ldg_code rc;
    int n;

    va_copy(again, ap); /* one pass sizes, the other writes */
    n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0)
        rc = ldg_error_set(err, LDG_EINTERNAL, "could not format text");
    else
        rc = ldg_buf_reserve(b, (size_t)n, err);
    if (rc == LDG_OK) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
    return rc;
}

ldg_code ldg_buf_printf(ldg_buf *b, ldg_error *err, const char *fmt, ...)
{
    va_list ap;
    ldg_code rc;

    va_start(ap, fmt);
    rc = ldg_buf_vprintf(b, err, fmt, ap);
    va_end(ap);
    return rc;
}

void ldg_buf_reset(ldg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void ldg_buf_cleanup(ldg_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}
