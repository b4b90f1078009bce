/*
 * Text helpers. See text.h.
 */
#include "ledger/text.h"

#include <limits.h>
#include <openssl/evp.h>

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
