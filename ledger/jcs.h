/*
 * Canonical JSON (RFC 8785, JCS) over Jansson values, and the JCS string escaping used
 * by the fast entry encoders. They write into an ldg_buf (buf.h).
 *
 * Log entries carry numbers as decimal strings, so the only JSON numbers we emit are
 * integers (seq, v, sizes). JCS formats numbers per ECMAScript; for integers of
 * magnitude <= 2^53 that is the plain decimal. Reals and larger integers are refused
 * (LDG_EINVAL) rather than approximated: a ledger never needs them.
 */
#ifndef LEASELEDGER_JCS_H
#define LEASELEDGER_JCS_H

#include "ledger/buf.h"
#include "ledger/error.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Largest integer magnitude emitted as a JSON number: 2^53. */
#define LDG_JCS_INT_MAX ((int64_t)1 << 53)

/* Deepest nesting of arrays and objects accepted, the same as Jansson's parser. */
#define LDG_JCS_MAX_DEPTH 2048

/*
 * Appends the RFC 8785 serialization of v to out: object members sorted by their
 * names' UTF-16 code units, no whitespace, strings escaped minimally (\" \\ \b \f \n
 * \r \t, other controls as \u00xx lowercase hex, everything else literal UTF-8).
 * LDG_EINVAL for reals, integers beyond +-2^53, invalid UTF-8 (Jansson already
 * guarantees valid UTF-8 for values it built, except through its _nocheck functions),
 * nesting deeper than LDG_JCS_MAX_DEPTH (which also stops a cyclic value) or a NULL v;
 * LDG_ENOMEM. On failure out is left as it was (same len, same bytes).
 */
ldg_code ldg_jcs_serialize(ldg_buf *out, const json_t *v, ldg_error *err);

/* Appends s (len bytes, valid UTF-8, may contain NUL) as a JCS string literal with
 * quotes. LDG_EINVAL for invalid UTF-8 (overlong forms, surrogates, code points
 * above U+10FFFF, truncated sequences), LDG_ENOMEM; on failure out is unchanged. */
ldg_code ldg_jcs_string(ldg_buf *out, const char *s, size_t len, ldg_error *err);

/* ldg_jcs_string in two steps, for a writer that reserves a whole document once (the
 * usage entry, entry.c): the size of s's literal with its quotes, after the same checks
 * with the same errors; then the literal written at d (size bytes, no NUL), returning
 * d + size. */
ldg_code ldg_jcs_string_size(size_t *size, const char *s, size_t len, ldg_error *err);
char *ldg_jcs_string_put(char *d, const char *s, size_t len, size_t size);

/* Appends n as a JCS number (plain decimal). LDG_EINVAL when |n| > 2^53, LDG_ENOMEM;
 * on failure out is unchanged. */
ldg_code ldg_jcs_int(ldg_buf *out, int64_t n, ldg_error *err);

#endif
