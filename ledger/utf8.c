/*
 * UTF-8 decoding (see utf8.h).
 *
 * The second byte's range rules out the three malformations a bit-mask check lets
 * through (RFC 3629 section 4, Unicode table 3-7): after E0 it must be A0..BF (no
 * overlong three-byte form), after ED 80..9F (no surrogate), after F0 90..BF (no
 * overlong four-byte form), after F4 80..8F (nothing above U+10FFFF). C0 and C1 (only
 * overlong two-byte forms) and F5..FF never lead. Six copies of this check, each with
 * its own arithmetic, used to live in the parsers and renderers; they accepted the same
 * set, and this is the one left.
 */
#include "ledger/utf8.h"

size_t ldg_utf8_next(uint32_t *out, const unsigned char *s, size_t n)
{
    unsigned char c, lo = 0x80, hi = 0xbf;
    uint32_t cp;
    size_t len, i;

    if (n == 0)
        return 0;
    c = s[0];
    if (c < 0x80) {
        *out = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2, cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, cp = c & 0x0fu;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, cp = c & 0x07u;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    cp = cp << 6 | (s[1] & 0x3fu);
    for (i = 2; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3fu);
    }
    *out = cp;
    return len;
}

int ldg_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, step;
    uint32_t cp;

    while (i < len) {
        step = ldg_utf8_next(&cp, p + i, len - i);
        if (step == 0)
            return 0;
        i += step;
    }
    return 1;
}

size_t ldg_utf8_chars(const char *s)
{
    size_t w = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if ((*p & 0xc0u) != 0x80u)
            w++;
    return w;
}
