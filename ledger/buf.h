/*
 * A growable byte buffer: what the canonical encoders (jcs.c, entry.c) and the report
 * and audit writers build their bytes in.
 */
#ifndef LEASELEDGER_BUF_H
#define LEASELEDGER_BUF_H

#include "ledger/error.h"

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer. Zero-initialise, then ldg_buf_cleanup() when done.
 *
 * After any successful append data is non-NULL and data[len] is a NUL byte (not
 * counted in len), so text can be read as a C string. Sizes are checked: a length
 * that would overflow size_t is LDG_ENOMEM, never a wrap.
 */
typedef struct ldg_buf {
    char *data;
    size_t len;
    size_t cap;
} ldg_buf;

/* Appends n bytes from p (p may be NULL when n is 0). LDG_OK or LDG_ENOMEM; on
 * failure b is unchanged. */
ldg_code ldg_buf_append(ldg_buf *b, const void *p, size_t n, ldg_error *err);
ldg_code ldg_buf_puts(ldg_buf *b, const char *s, ldg_error *err);
/* Appends one byte. LDG_OK or LDG_ENOMEM. */
ldg_code ldg_buf_putc(ldg_buf *b, char c, ldg_error *err);
/* Makes room for n more bytes (plus the NUL) without changing len. LDG_OK or
 * LDG_ENOMEM. */
ldg_code ldg_buf_reserve(ldg_buf *b, size_t n, ldg_error *err);
/* Appends the printf formatting of fmt. LDG_OK, LDG_ENOMEM, or LDG_EINTERNAL when
 * vsnprintf fails; on failure b is unchanged. */
ldg_code ldg_buf_printf(ldg_buf *b, ldg_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ldg_code ldg_buf_vprintf(ldg_buf *b, ldg_error *err, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void ldg_buf_reset(ldg_buf *b);   /* len = 0, memory kept */
void ldg_buf_cleanup(ldg_buf *b); /* frees data and zeroes b; fine on a zeroed b */

#endif
