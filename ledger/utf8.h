/*
 * UTF-8 decoding, the one strict decoder every parser and renderer uses (RFC 3629).
 *
 * Strict means one byte sequence per code point: overlong forms, the surrogates
 * U+D800..U+DFFF, code points above U+10FFFF, stray continuation bytes, the leads C0,
 * C1 and F5..FF, and sequences cut short are all malformed. Which characters a caller
 * then allows (controls, NUL, white space) is its own policy, not the decoder's.
 */
#ifndef LEASELEDGER_UTF8_H
#define LEASELEDGER_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the character at s, n bytes being available: returns its length (1..4) and
 * stores its code point in *out, or returns 0 when the bytes are malformed or n is 0
 * (*out is then left as it was). A byte below 0x80, NUL included, is a character of
 * length 1.
 */
size_t ldg_utf8_next(uint32_t *out, const unsigned char *s, size_t n);

/* 1 if s[0..len) is well-formed UTF-8 (NUL and control characters allowed), else 0. */
int ldg_utf8_valid(const char *s, size_t len);

/* Characters (code points) of the NUL-terminated valid UTF-8 string s: its width in a
 * monospace column. Continuation bytes are not counted. */
size_t ldg_utf8_chars(const char *s);

#endif
