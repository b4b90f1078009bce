/*
 * Unit tests for ledger/utf8.c, the one strict UTF-8 decoder: the boundary vectors of
 * each sequence length (first and last code point, the overlong form just below, the
 * surrogates, U+10FFFF and the value past it), truncation at every byte, stray and
 * missing continuation bytes; every code point encoded by hand decodes back; and every
 * sequence of up to three bytes (and the four-byte ones over all second and third
 * bytes) gets the answer the six copies it replaced gave, written out again below as
 * the reference (the bit-mask decoder of keys.c and note.c).
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/utf8.h"

/* The decoder keys.c and note.c carried before utf8.c: the code point by shifts, then
 * the overlong, surrogate and range checks on its value. Returns the length or 0. */
static size_t reference_next(uint32_t *cp, const unsigned char *s, size_t n)
{
    uint32_t c;
    size_t len, i;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2, c = s[0] & 0x1fu;
    } else if ((s[0] & 0xf0) == 0xe0) {
        len = 3, c = s[0] & 0x0fu;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4, c = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3fu);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Decodes the n bytes of s as one character: its length, or 0; *cp as decoded. */
static size_t next_of(uint32_t *cp, const char *s, size_t n)
{
    return ldg_utf8_next(cp, (const unsigned char *)s, n);
}

static void assert_decodes(const char *s, size_t n, uint32_t want)
{
    uint32_t cp = 0xffffffffu;

    assert_int_equal(next_of(&cp, s, n), n);
    assert_int_equal(cp, want);
    assert_int_equal(ldg_utf8_valid(s, n), 1);
}

static void assert_refused(const char *s, size_t n)
{
    uint32_t cp = 0x12345u;

    assert_int_equal(next_of(&cp, s, n), 0);
    assert_int_equal(cp, 0x12345u); /* untouched */
    assert_int_equal(ldg_utf8_valid(s, n), 0);
}

static void test_utf8_boundaries_accepted(void **state)
{
    (void)state;
    assert_decodes("\x00", 1, 0x00);
    assert_decodes("\x7f", 1, 0x7f);
    assert_decodes("\xc2\x80", 2, 0x80);
    assert_decodes("\xdf\xbf", 2, 0x7ff);
    assert_decodes("\xe0\xa0\x80", 3, 0x800);
    assert_decodes("\xed\x9f\xbf", 3, 0xd7ff); /* last before the surrogates */
    assert_decodes("\xee\x80\x80", 3, 0xe000); /* first after them */
    assert_decodes("\xef\xbf\xbf", 3, 0xffff);
    assert_decodes("\xf0\x90\x80\x80", 4, 0x10000);
    assert_decodes("\xf4\x8f\xbf\xbf", 4, 0x10ffff);
    assert_decodes("\xe2\x82\xac", 3, 0x20ac); /* euro sign */
}

static void test_utf8_malformed_refused(void **state)
{
    uint32_t cp = 0x12345u;

    (void)state;
    assert_refused("\x80", 1);                /* lone continuation */
    assert_refused("\xbf", 1);                /* lone continuation */
    assert_refused("\xc0\x80", 2);            /* overlong NUL */
    assert_refused("\xc1\xbf", 2);            /* overlong U+007F */
    assert_refused("\xe0\x9f\xbf", 3);        /* overlong U+07FF */
    assert_refused("\xf0\x8f\xbf\xbf", 4);    /* overlong U+FFFF */
    assert_refused("\xed\xa0\x80", 3);        /* U+D800 */
    assert_refused("\xed\xbf\xbf", 3);        /* U+DFFF */
    assert_refused("\xf4\x90\x80\x80", 4);    /* U+110000 */
    assert_refused("\xf5\x80\x80\x80", 4);    /* lead past F4 */
    assert_refused("\xff", 1);                /* never in UTF-8 */
    assert_refused("\xc3\x28", 2);            /* ASCII where a continuation goes */
    assert_refused("\xe2\x28\xac", 3);        /* second byte */
    assert_refused("\xe2\x82\x28", 3);        /* third byte */
    assert_refused("\xf0\x9f\x98\x28", 4);    /* fourth byte */
    assert_refused("\xf0\x9f\x98\xc0", 4);    /* a lead where a continuation goes */
    assert_int_equal(next_of(&cp, "", 0), 0); /* nothing to decode */
    assert_int_equal(cp, 0x12345u);
    assert_int_equal(ldg_utf8_valid("", 0), 1); /* but nothing is valid text */
}

static void test_utf8_truncated_refused(void **state)
{
    static const char *const whole[] = { "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };

    (void)state;
    for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
        size_t len = strlen(whole[i]);

        for (size_t n = 1; n < len; n++)
            assert_refused(whole[i], n); /* cut at every byte */
        assert_int_equal(ldg_utf8_valid(whole[i], len), 1);
    }
    assert_int_equal(ldg_utf8_valid("a\xc3\xa9\xc3", 4), 0); /* cut after a good one */
    assert_int_equal(ldg_utf8_valid("a\0b", 3), 1);          /* NUL is a character */
}

/* Encodes cp (any value below 2^21) the way the bit patterns would, no checks. */
static size_t encode_raw(unsigned char out[4], uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xc0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xe0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (unsigned char)(0xf0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

static void test_utf8_every_code_point_round_trips(void **state)
{
    unsigned char b[5];
    uint32_t cp;
    size_t n;

    (void)state;
    for (uint32_t c = 0; c < 0x120000; c++) {
        int valid = c <= 0x10ffff && (c < 0xd800 || c > 0xdfff);

        n = encode_raw(b, c);
        if (valid) {
            assert_int_equal(ldg_utf8_next(&cp, b, n), n);
            assert_int_equal(cp, c);
            b[n] = '\0';
            assert_int_equal(ldg_utf8_chars((const char *)b), c != 0);
        } else {
            assert_int_equal(ldg_utf8_next(&cp, b, n), 0);
        }
    }
}

static void assert_same_as_reference(const unsigned char *s, size_t n)
{
    uint32_t a = 0, b = 0;
    size_t got = ldg_utf8_next(&a, s, n), want = reference_next(&b, s, n);

    if (got != want || a != b)
        fail_msg("%02x %02x %02x %02x (n %zu): got %zu U+%04X, want %zu U+%04X", s[0],
                 n > 1 ? s[1] : 0, n > 2 ? s[2] : 0, n > 3 ? s[3] : 0, n, got,
                 (unsigned)a, want, (unsigned)b);
}

static void test_utf8_agrees_with_the_copies_it_replaced(void **state)
{
    static const unsigned char last[] = { 0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xff };
    unsigned char s[4];

    (void)state;
    for (unsigned x = 0; x < 256; x++) {
        s[0] = (unsigned char)x;
        assert_same_as_reference(s, 1);
        for (unsigned y = 0; y < 256; y++) {
            s[1] = (unsigned char)y;
            assert_same_as_reference(s, 2);
            for (unsigned z = 0; z < 256; z++) {
                s[2] = (unsigned char)z;
                assert_same_as_reference(s, 3);
                if (x < 0xf0 || x > 0xf7)
                    continue;
                for (size_t w = 0; w < sizeof(last); w++) {
                    s[3] = last[w];
                    assert_same_as_reference(s, 4);
                }
            }
        }
    }
}

static void test_utf8_chars_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(ldg_utf8_chars(""), 0);
    assert_int_equal(ldg_utf8_chars("abc"), 3);
    assert_int_equal(ldg_utf8_chars("h\xc3\xa9"), 2);
    assert_int_equal(ldg_utf8_chars("\xe2\x82\xac 5"), 3);
    assert_int_equal(ldg_utf8_chars("\xf0\x9f\x98\x80"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_boundaries_accepted),
        cmocka_unit_test(test_utf8_malformed_refused),
        cmocka_unit_test(test_utf8_truncated_refused),
        cmocka_unit_test(test_utf8_every_code_point_round_trips),
        cmocka_unit_test(test_utf8_agrees_with_the_copies_it_replaced),
        cmocka_unit_test(test_utf8_chars_counts_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
