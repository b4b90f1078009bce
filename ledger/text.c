/*
 * Text helpers. See text.h.
 */
#include "ledger/text.h"

#include "ledger/utf8.h"

#include <limits.h>
#include <openssl/evp.h>
#include <string.h>

const char *ldg_text_quote(char out[LDG_QUOTE_BUFLEN], const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, i;

    out[o++] = '"';
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t need = (c == '"' || c == '\\') ? 2 : (c < 0x20 || c > 0x7e) ? 4 : 1;

        if (o - 1 + need > LDG_QUOTE_MAX)
            break;
        if (need == 1) {
            out[o++] = (char)c;
        } else if (need == 2) {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else {
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 0xf];
        }
    }
    out[o++] = '"';
    if (i < len) {
        out[o++] = '.';
        out[o++] = '.';
        out[o++] = '.';
    }
    out[o] = '\0';
    return out;
}

int ldg_b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

void ldg_b64_encode(char *out, const uint8_t *in, size_t n)
{
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
}

int ldg_b64_decode(uint8_t *out, size_t cap, size_t *n, const char *s, size_t len)
{
    size_t pad = 0, i;

    if (len == 0 || len % 4 != 0 || len / 4 * 3 > cap || len > INT_MAX)
        return -1;
    if (s[len - 1] == '=')
        pad = s[len - 2] == '=' ? 2 : 1;
    for (i = 0; i < len - pad; i++)
        if (ldg_b64_value((unsigned char)s[i]) < 0)
            return -1;
    if (pad == 1 && (ldg_b64_value((unsigned char)s[len - 2]) & 0x03) != 0)
        return -1;
    if (pad == 2 && (ldg_b64_value((unsigned char)s[len - 3]) & 0x0f) != 0)
        return -1;
    if (EVP_DecodeBlock(out, (const unsigned char *)s, (int)len) != (int)(len / 4 * 3))
        return -1;
    *n = len / 4 * 3 - pad;
    return 0;
}

int ldg_text_no_controls(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;

    for (size_t i = 0; i < len; i++) {
        if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f)
            return 0;
        if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
            return 0;
    }
    return 1;
}

/* Whether the 8 bytes at p are ASCII with no NUL (and, unless allow_controls, no other
 * control character or DEL): the word-at-a-time fast path of ldg_text_is_utf8. */
static int ascii8_ok(const unsigned char *p, int allow_controls)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t w;

    memcpy(&w, p, 8);
    if (w & highs)
        return 0; /* non-ASCII: the slow path decides */
    if (allow_controls)
        return ((w - ones) & ~w & highs) == 0; /* no zero byte */
    /* no byte below 0x20 (w - 0x20.. borrows into the high bit), none equal to 0x7f */
    return ((w - 0x20 * ones) & ~w & highs) == 0 &&
           (((w ^ (0x7f * ones)) - ones) & ~(w ^ (0x7f * ones)) & highs) == 0;
}

int ldg_text_is_utf8(const char *s, size_t len, int allow_controls)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, step;
    uint32_t cp;

    while (i < len) {
        unsigned c = p[i];

        if (len - i >= 8 && ascii8_ok(p + i, allow_controls)) {
            i += 8;
            continue;
        }
        if (c == 0 || (!allow_controls && (c < 0x20 || c == 0x7f)))
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        step = ldg_utf8_next(&cp, p + i, len - i);
        if (step == 0)
            return 0;
        i += step;
    }
    return 1;
}

int ldg_text_is_clean(const char *s, size_t len)
{
    return ldg_text_is_utf8(s, len, 0);
}
