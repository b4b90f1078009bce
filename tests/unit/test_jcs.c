/*
 * Unit tests for ledger/jcs.c: the growable buffer and RFC 8785 serialization.
 *
 * Expected bytes come from RFC 8785 (sections 3.2.2 and 3.2.3), from the JCS reference
 * test data (cyberphone/json-canonicalization testdata/, "weird" and "structures",
 * the latter with its one real 56.0 written as the integer 56), or were worked out by
 * hand from the rules: names in UTF-16 code unit order, minimal escaping.
 */
/* cmocka.h needs setjmp.h, stdarg.h and stddef.h before it: keep this order */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/jcs.h"

/* ---- helpers ---------------------------------------------------------------------- */

static json_t *parse(const char *text)
{
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);

    if (!v)
        fail_msg("test JSON does not parse: %s (line %d column %d)", jerr.text, jerr.line,
                 jerr.column);
    return v;
}

/* Serializes v (reference stolen) and compares with expected, byte for byte. */
static void assert_jcs_value(json_t *v, const char *expected)
{
    ldg_buf b = { 0 };
    ldg_error err;

    ldg_error_clear(&err);
    assert_non_null(v);
    assert_int_equal(ldg_jcs_serialize(&b, v, &err), LDG_OK);
    assert_int_equal(err.code, LDG_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, expected);
    assert_int_equal(b.len, strlen(expected));
    json_decref(v);
    ldg_buf_cleanup(&b);
}

static void assert_jcs(const char *text, const char *expected)
{
    assert_jcs_value(parse(text), expected);
}

/*
 * Serializes v (reference stolen) into a buffer holding "pre" and expects LDG_EINVAL
 * with message_part in the message, and the buffer exactly as it was.
 */
static void assert_jcs_rejected(json_t *v, const char *message_part)
{
    ldg_buf b = { 0 };
    ldg_error err;

    ldg_error_clear(&err);
    assert_non_null(v);
    assert_int_equal(ldg_buf_puts(&b, "pre", &err), LDG_OK);
    assert_int_equal(ldg_jcs_serialize(&b, v, &err), LDG_EINVAL);
    assert_int_equal(err.code, LDG_EINVAL);
    if (!strstr(err.message, message_part))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, message_part);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "pre");
    json_decref(v);
    ldg_buf_cleanup(&b);
}

/* ---- ldg_buf ---------------------------------------------------------------------- */

static void test_buf_cleanup_zeroed_buffer_is_fine(void **state)
{
    ldg_buf b = { 0 };

    (void)state;
    ldg_buf_cleanup(&b);
    ldg_buf_cleanup(&b);
    ldg_buf_reset(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
}

static void test_buf_cleanup_zeroes_fields(void **state)
{
    ldg_buf b = { 0 };

    (void)state;
    assert_int_equal(ldg_buf_puts(&b, "abc", NULL), LDG_OK);
    ldg_buf_cleanup(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    ldg_buf_cleanup(&b);
}

static void test_buf_append_zero_bytes_gives_empty_string(void **state)
{
    ldg_buf b = { 0 };

    (void)state;
    assert_int_equal(ldg_buf_append(&b, NULL, 0, NULL), LDG_OK);
    assert_non_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    ldg_buf_cleanup(&b);
}

static void test_buf_append_grows_and_keeps_content(void **state)
{
    ldg_buf b = { 0 };
    size_t i;

    (void)state;
    for (i = 0; i < 100000; i++) {
        char c = (char)('a' + i % 26);

        assert_int_equal(ldg_buf_append(&b, &c, 1, NULL), LDG_OK);
        assert_true(b.cap > b.len);
        assert_int_equal(b.data[b.len], '\0');
    }
    assert_int_equal(b.len, 100000);
    for (i = 0; i < 100000; i++)
        assert_int_equal(b.data[i], (char)('a' + i % 26));
    /* doubling: far fewer bytes held than 2x the content plus the minimum */
    assert_true(b.cap <= 2 * 100001);
    ldg_buf_cleanup(&b);
}

static void test_buf_append_large_block_at_once(void **state)
{
    ldg_buf b = { 0 };
    char *big = malloc(1000000);

    (void)state;
    assert_non_null(big);
    memset(big, 'z', 1000000);
    assert_int_equal(ldg_buf_puts(&b, "head", NULL), LDG_OK);
    assert_int_equal(ldg_buf_append(&b, big, 1000000, NULL), LDG_OK);
    assert_int_equal(b.len, 1000004);
    assert_memory_equal(b.data, "head", 4);
    assert_memory_equal(b.data + 4, big, 1000000);
    assert_int_equal(b.data[b.len], '\0');
    free(big);
    ldg_buf_cleanup(&b);
}

static void test_buf_putc_puts_and_reset(void **state)
{
    ldg_buf b = { 0 };
    char *before;
    size_t cap;

    (void)state;
    assert_int_equal(ldg_buf_putc(&b, 'x', NULL), LDG_OK);
    assert_int_equal(ldg_buf_puts(&b, "yz", NULL), LDG_OK);
    assert_string_equal(b.data, "xyz");
    assert_int_equal(b.len, 3);
    before = b.data;
    cap = b.cap;
    ldg_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_ptr_equal(b.data, before);
    assert_int_equal(b.cap, cap);
    assert_string_equal(b.data, "");
    assert_int_equal(ldg_buf_puts(&b, "q", NULL), LDG_OK);
    assert_string_equal(b.data, "q");
    ldg_buf_cleanup(&b);
}

static void test_buf_append_size_overflow_rejected(void **state)
{
    ldg_buf b = { 0 };
    ldg_error err;
    char *before;

    (void)state;
    /* on an empty buffer: SIZE_MAX bytes plus the NUL do not fit in size_t */
    ldg_error_clear(&err);
    assert_int_equal(ldg_buf_append(&b, "x", SIZE_MAX, &err), LDG_ENOMEM);
    assert_int_equal(err.code, LDG_ENOMEM);
    assert_non_null(strstr(err.message, "overflows"));
    assert_null(b.data);
    assert_int_equal(b.len, 0);

    /* len 3 + (SIZE_MAX - 3) = SIZE_MAX: the NUL is the byte that overflows */
    assert_int_equal(ldg_buf_puts(&b, "abc", NULL), LDG_OK);
    before = b.data;
    ldg_error_clear(&err);
    assert_int_equal(ldg_buf_append(&b, "x", SIZE_MAX - 3, &err), LDG_ENOMEM);
    assert_non_null(strstr(err.message, "overflows"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_buf_append(&b, "x", SIZE_MAX - 2, &err), LDG_ENOMEM);
    ldg_error_clear(&err);
    assert_int_equal(ldg_buf_reserve(&b, SIZE_MAX, &err), LDG_ENOMEM);
    assert_non_null(strstr(err.message, "overflows"));
    assert_ptr_equal(b.data, before);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");

    /* and a rejected string literal of that size leaves the buffer alone */
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_string(&b, "x", SIZE_MAX, &err), LDG_ENOMEM);
    assert_non_null(strstr(err.message, "overflows"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_string(&b, "x", SIZE_MAX - 5, &err), LDG_ENOMEM);
    assert_non_null(strstr(err.message, "overflows"));
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    ldg_buf_cleanup(&b);
}

static void test_buf_reserve_keeps_len(void **state)
{
    ldg_buf b = { 0 };

    (void)state;
    assert_int_equal(ldg_buf_reserve(&b, 1000, NULL), LDG_OK);
    assert_int_equal(b.len, 0);
    assert_true(b.cap >= 1001);
    assert_string_equal(b.data, "");
    ldg_buf_cleanup(&b);
}

/* ---- RFC 8785 examples ------------------------------------------------------------ */

/* RFC 8785 section 3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FB33, the
 * reverse of code point and UTF-8 byte order. */
static void test_jcs_rfc8785_sorting_example(void **state)
{
    (void)state;
    assert_jcs("{\n"
               "  \"\\u20ac\": \"Euro Sign\",\n"
               "  \"\\r\": \"Carriage Return\",\n"
               "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
               "  \"1\": \"One\",\n"
               "  \"\\ud83d\\ude00\": \"Emoji: Grinning Face\",\n"
               "  \"\\u0080\": \"Control\",\n"
               "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"\n"
               "}",
               "{\"\\r\":\"Carriage Return\","
               "\"1\":\"One\","
               "\"\xc2\x80\":\"Control\","
               "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
               "\"\xe2\x82\xac\":\"Euro Sign\","
               "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
               "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

/* RFC 8785 section 3.2.2 example without its "numbers" member (reals). */
static void test_jcs_rfc8785_string_and_literals_example(void **state)
{
    (void)state;
    assert_jcs(
        "{\n"
        "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
        "  \"literals\": [null, true, false]\n"
        "}",
        "{\"literals\":[null,true,false],"
        "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

/* JCS reference test data testdata/input/weird.json -> testdata/output/weird.json:
 * U+0080 and U+007F stay literal, "</script>" is not escaped. */
static void test_jcs_reference_weird(void **state)
{
    (void)state;
    assert_jcs("{\n"
               "  \"\\u20ac\": \"Euro Sign\",\n"
               "  \"1\": \"One\",\n"
               "  \"\\u0080\": \"Control\\u007f\",\n"
               "  \"\\ud83d\\ude02\": \"Smiley\",\n"
               "  \"\\u00f6\": \"Latin Small Letter O With Diaeresis\",\n"
               "  \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\",\n"
               "  \"</script>\": \"Browser Challenge\"\n"
               "}\n",
               "{\"1\":\"One\","
               "\"</script>\":\"Browser Challenge\","
               "\"\xc2\x80\":\"Control\x7f\","
               "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\","
               "\"\xe2\x82\xac\":\"Euro Sign\","
               "\"\xf0\x9f\x98\x82\":\"Smiley\","
               "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

/* JCS reference test data "structures", 56.0 written as 56: nested sorting, empty
 * name first, "10" before "111", upper case before lower case. */
static void test_jcs_reference_structures(void **state)
{
    (void)state;
    assert_jcs(
        "{\n"
        "  \"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56},\n"
        "  \"10\": { },\n"
        "  \"\": \"empty\",\n"
        "  \"a\": { },\n"
        "  \"111\": [ { } ],\n"
        "  \"A\": { }\n"
        "}",
        "{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},"
        "\"111\":[{}],\"A\":{},\"a\":{}}");
}

/* ---- sorting ---------------------------------------------------------------------- */

static void test_jcs_sort_supplementary_before_e000_to_ffff(void **state)
{
    (void)state;
    /* code point order: D7FF E000 FFFF 10000 10FFFF; UTF-16: D7FF 10000 10FFFF E000 FFFF
     */
    assert_jcs("{\"\\uffff\":5,\"\\ue000\":4,\"\\udbff\\udfff\":3,\"\\ud800\\udc00\":2,"
               "\"\\ud7ff\":1}",
               "{\"\xed\x9f\xbf\":1,"
               "\"\xf0\x90\x80\x80\":2,"
               "\"\xf4\x8f\xbf\xbf\":3,"
               "\"\xee\x80\x80\":4,"
               "\"\xef\xbf\xbf\":5}");
}

static void test_jcs_sort_prefixes_nul_and_shared_lead_bytes(void **state)
{
    json_t *o = json_object();

    (void)state;
    assert_non_null(o);
    assert_int_equal(json_object_set_new(o, "\xc3\xb6", json_integer(9)), 0);
    assert_int_equal(json_object_set_new(o, "\xc3\xa4", json_integer(8)), 0);
    /* after the shared "x": U+FF01 (EF BC 81) sorts after U+1F600 (F0 ...) */
    assert_int_equal(json_object_set_new(o, "x\xef\xbc\x81", json_integer(7)), 0);
    assert_int_equal(json_object_set_new(o, "x\xf0\x9f\x98\x80", json_integer(6)), 0);
    assert_int_equal(json_object_set_new(o, "b", json_integer(5)), 0);
    assert_int_equal(json_object_set_new(o, "ab", json_integer(4)), 0);
    assert_int_equal(json_object_setn_new(o, "a\0b", 3, json_integer(3)), 0);
    assert_int_equal(json_object_set_new(o, "a", json_integer(2)), 0);
    assert_int_equal(json_object_set_new(o, "", json_integer(1)), 0);
    assert_jcs_value(o, "{\"\":1,\"a\":2,\"a\\u0000b\":3,\"ab\":4,\"b\":5,"
                        "\"x\xf0\x9f\x98\x80\":6,"
                        "\"x\xef\xbc\x81\":7,"
                        "\"\xc3\xa4\":8,"
                        "\"\xc3\xb6\":9}");
}

static void test_jcs_sort_ignores_insertion_order(void **state)
{
    (void)state;
    assert_jcs("{\"b\":{\"y\":1,\"x\":2},\"a\":[{\"d\":1,\"c\":2}]}",
               "{\"a\":[{\"c\":2,\"d\":1}],\"b\":{\"x\":2,\"y\":1}}");
    assert_jcs("{\"a\":[{\"c\":2,\"d\":1}],\"b\":{\"x\":2,\"y\":1}}",
               "{\"a\":[{\"c\":2,\"d\":1}],\"b\":{\"x\":2,\"y\":1}}");
}

static void append_text(char *dst, size_t size, size_t *pos, const char *text)
{
    size_t n = strlen(text);

    assert_true(*pos + n < size);
    memcpy(dst + *pos, text, n + 1);
    *pos += n;
}

/* 40 objects of 40 members, each inserted in reverse: more members than fit in the
 * serializer's fixed slots, with nested objects pushing while outer ones are open. */
static void test_jcs_sort_many_members_nested(void **state)
{
    static char expected[65536];
    json_t *outer = json_object();
    size_t pos = 0;
    int i, j;
    char key[16], item[64];

    (void)state;
    assert_non_null(outer);
    for (i = 39; i >= 0; i--) {
        json_t *inner = json_object();

        assert_non_null(inner);
        for (j = 39; j >= 0; j--) {
            snprintf(key, sizeof(key), "n%02d", j);
            assert_int_equal(json_object_set_new(inner, key, json_integer(i * 100 + j)),
                             0);
        }
        snprintf(key, sizeof(key), "m%02d", i);
        assert_int_equal(json_object_set_new(outer, key, inner), 0);
    }
    append_text(expected, sizeof(expected), &pos, "{");
    for (i = 0; i < 40; i++) {
        snprintf(item, sizeof(item), "%s\"m%02d\":{", i ? "," : "", i);
        append_text(expected, sizeof(expected), &pos, item);
        for (j = 0; j < 40; j++) {
            snprintf(item, sizeof(item), "%s\"n%02d\":%d", j ? "," : "", j, i * 100 + j);
            append_text(expected, sizeof(expected), &pos, item);
        }
        append_text(expected, sizeof(expected), &pos, "}");
    }
    append_text(expected, sizeof(expected), &pos, "}");
    assert_jcs_value(outer, expected);
    /* parsed back, every object arrives already in order */
    assert_jcs(expected, expected);
}

/* ---- strings ---------------------------------------------------------------------- */

static void assert_jcs_string(const char *s, size_t len, const char *expected)
{
    ldg_buf b = { 0 };
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_string(&b, s, len, &err), LDG_OK);
    assert_string_equal(b.data, expected);
    assert_int_equal(b.len, strlen(expected));
    ldg_buf_cleanup(&b);
}

static void test_jcs_string_every_control_character(void **state)
{
    char in[32];
    int i;

    (void)state;
    for (i = 0; i < 32; i++)
        in[i] = (char)i;
    assert_jcs_string(in, sizeof(in),
                      "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
                      "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                      "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
                      "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
}

static void test_jcs_string_quote_and_backslash(void **state)
{
    (void)state;
    assert_jcs_string("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
    assert_jcs_string("\"\\", 2, "\"\\\"\\\\\"");
    assert_jcs_string("", 0, "\"\"");
}

static void test_jcs_string_literal_characters_unescaped(void **state)
{
    /* '/', space, '~', U+007F, U+00E9, U+2028, U+2029, U+FEFF, U+1F600, "</script>" */
    static const char in[] = "/ ~\x7f\xc3\xa9\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf"
                             "\xf0\x9f\x98\x80</script>";

    (void)state;
    assert_jcs_string(in, sizeof(in) - 1,
                      "\"/ ~\x7f\xc3\xa9\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf"
                      "\xf0\x9f\x98\x80</script>\"");
}

static void test_jcs_string_utf8_boundaries_accepted(void **state)
{
    static const char *const ok[] = {
        "\xc2\x80",         /* U+0080 */
        "\xdf\xbf",         /* U+07FF */
        "\xe0\xa0\x80",     /* U+0800 */
        "\xed\x9f\xbf",     /* U+D7FF */
        "\xee\x80\x80",     /* U+E000 */
        "\xef\xbf\xbf",     /* U+FFFF */
        "\xf0\x90\x80\x80", /* U+10000 */
        "\xf4\x8f\xbf\xbf", /* U+10FFFF */
    };
    char expected[16];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        snprintf(expected, sizeof(expected), "\"%s\"", ok[i]);
        assert_jcs_string(ok[i], strlen(ok[i]), expected);
    }
}

static void test_jcs_string_invalid_utf8_rejected(void **state)
{
    static const struct {
        const char *s;
        size_t len;
        size_t at; /* offset named in the message */
    } bad[] = {
        { "\x80", 1, 0 },                     /* lone continuation byte */
        { "\xbf", 1, 0 },                     /* lone continuation byte */
        { "\xc0\xaf", 2, 0 },                 /* overlong '/' */
        { "\xc1\xbf", 2, 0 },                 /* overlong U+007F */
        { "\xe0\x80\xaf", 3, 0 },             /* overlong '/', 3 bytes */
        { "\xe0\x9f\xbf", 3, 0 },             /* overlong U+07FF */
        { "\xf0\x80\x80\xaf", 4, 0 },         /* overlong '/', 4 bytes */
        { "\xf0\x8f\xbf\xbf", 4, 0 },         /* overlong U+FFFF */
        { "\xed\xa0\x80", 3, 0 },             /* surrogate U+D800 */
        { "\xed\xbf\xbf", 3, 0 },             /* surrogate U+DFFF */
        { "\xed\xa0\xbd\xed\xb8\x80", 6, 0 }, /* CESU-8 pair for U+1F600 */
        { "\xf4\x90\x80\x80", 4, 0 },         /* U+110000 */
        { "\xf5\x80\x80\x80", 4, 0 },         /* byte above 0xF4 */
        { "\xf8\x88\x80\x80\x80", 5, 0 },     /* 5-byte form */
        { "\xfe", 1, 0 },                     /* never in UTF-8 */
        { "\xff", 1, 0 },                     /* never in UTF-8 */
        { "\xc3", 1, 0 },                     /* truncated at end, 2-byte */
        { "\xe2\x82", 2, 0 },                 /* truncated at end, 3-byte */
        { "\xf0\x9f\x98", 3, 0 },             /* truncated at end, 4-byte */
        { "ab\xe2\x82"
          "c",
          5, 2 },                         /* truncated before ASCII */
        { "\xc3\x28", 2, 0 },             /* bad second byte */
        { "\xe2\x28\xa1", 3, 0 },         /* bad second byte */
        { "\xe2\x82\x28", 3, 0 },         /* bad third byte */
        { "\xf0\x9f\x98\x28", 4, 0 },     /* bad fourth byte */
        { "ok \xc3\xa9 \xc0\xaf", 8, 6 }, /* after valid text */
        { "\n\"\xff", 3, 2 },             /* after escapes */
    };
    char msg[128];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ldg_buf b = { 0 };
        ldg_error err;

        ldg_error_clear(&err);
        assert_int_equal(ldg_buf_puts(&b, "pre", NULL), LDG_OK);
        if (ldg_jcs_string(&b, bad[i].s, bad[i].len, &err) != LDG_EINVAL)
            fail_msg("case %zu accepted", i);
        snprintf(msg, sizeof(msg), "invalid UTF-8 in string at byte %zu (0x%02x)",
                 bad[i].at, (unsigned)(unsigned char)bad[i].s[bad[i].at]);
        assert_string_equal(err.message, msg);
        assert_int_equal(b.len, 3);
        assert_string_equal(b.data, "pre");
        ldg_buf_cleanup(&b);
    }
}

static void test_jcs_invalid_utf8_in_value_rejected(void **state)
{
    (void)state;
    assert_jcs_rejected(json_stringn_nocheck("a\xed\xa0\x80", 4),
                        "invalid UTF-8 in string at byte 1");
}

static void test_jcs_invalid_utf8_in_member_name_rejected(void **state)
{
    json_t *o = json_object();

    (void)state;
    assert_non_null(o);
    assert_int_equal(json_object_set_new(o, "a", json_integer(1)), 0);
    assert_int_equal(json_object_setn_new_nocheck(o, "k\xc0\xaf", 3, json_integer(2)), 0);
    assert_jcs_rejected(o, "invalid UTF-8 in object member name at byte 1");
}

/* ---- numbers and literals --------------------------------------------------------- */

static void test_jcs_integers_plain_decimal(void **state)
{
    (void)state;
    assert_jcs("[0,-0,1,-1,42,1000000,-987654321]", "[0,0,1,-1,42,1000000,-987654321]");
    assert_jcs_value(json_integer(9007199254740992LL), "9007199254740992");
    assert_jcs_value(json_integer(-9007199254740992LL), "-9007199254740992");
    assert_jcs_value(json_integer(9007199254740991LL), "9007199254740991");
}

static void test_jcs_int_direct(void **state)
{
    ldg_buf b = { 0 };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_int(&b, 3, &err), LDG_OK);
    assert_int_equal(ldg_buf_putc(&b, ',', &err), LDG_OK);
    assert_int_equal(ldg_jcs_int(&b, -LDG_JCS_INT_MAX, &err), LDG_OK);
    assert_string_equal(b.data, "3,-9007199254740992");
    assert_int_equal(ldg_jcs_int(&b, LDG_JCS_INT_MAX + 1, &err), LDG_EINVAL);
    assert_string_equal(b.data, "3,-9007199254740992");
    assert_non_null(strstr(err.message, "9007199254740993"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_int(&b, INT64_MIN, &err), LDG_EINVAL);
    assert_int_equal(ldg_jcs_int(&b, INT64_MAX, &err), LDG_EINVAL);
    assert_int_equal(b.len, strlen("3,-9007199254740992"));
    ldg_buf_cleanup(&b);
}

static void test_jcs_integer_beyond_2_53_rejected(void **state)
{
    (void)state;
    assert_jcs_rejected(json_integer(9007199254740993LL),
                        "integer 9007199254740993 is out of range");
    assert_jcs_rejected(json_integer(-9007199254740993LL),
                        "integer -9007199254740993 is out of range");
    assert_jcs_rejected(parse("[1,{\"seq\":9223372036854775807}]"),
                        "integer 9223372036854775807 is out of range");
    assert_jcs_rejected(json_integer(INT64_MIN), "above 2^53");
}

static void test_jcs_real_rejected(void **state)
{
    ldg_buf b = { 0 };
    ldg_error err;
    json_t *v;

    (void)state;
    assert_jcs_rejected(parse("1.5"), "cannot serialize a real number");
    assert_jcs_rejected(parse("1.0"), "cannot serialize a real number");
    assert_jcs_rejected(parse("[1e3]"), "cannot serialize a real number");
    assert_jcs_rejected(parse("{\"a\":\"1.5\",\"b\":0.0}"), "decimals as strings");

    /* the detail names the innermost member holding the real */
    v = parse("{\"lines\":[{\"amount\":93240000.00,\"class\":\"H100\"}]}");
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_serialize(&b, v, &err), LDG_EINVAL);
    assert_string_equal(err.detail, "The value is that of member \"amount\".");
    assert_int_equal(b.len, 0);
    json_decref(v);
    ldg_buf_cleanup(&b);
}

static void test_jcs_literals_and_array_order(void **state)
{
    (void)state;
    assert_jcs("true", "true");
    assert_jcs("false", "false");
    assert_jcs("null", "null");
    assert_jcs("\"text\"", "\"text\"");
    assert_jcs("[ 3 , \"b\" , true , null , false , {\"b\":1,\"a\":2} , \"a\" ]",
               "[3,\"b\",true,null,false,{\"a\":2,\"b\":1},\"a\"]");
}

static void test_jcs_empty_containers(void **state)
{
    (void)state;
    assert_jcs("{}", "{}");
    assert_jcs("[]", "[]");
    assert_jcs("[{},[],\"\"]", "[{},[],\"\"]");
    assert_jcs("{\"b\":[],\"a\":{}}", "{\"a\":{},\"b\":[]}");
    assert_jcs("[[[]],{\"x\":[{}]}]", "[[[]],{\"x\":[{}]}]");
}

/* ---- nesting ---------------------------------------------------------------------- */

static json_t *nested_arrays(int depth)
{
    json_t *v = json_array();
    int i;

    for (i = 1; i < depth; i++) {
        json_t *w = json_array();

        assert_non_null(w);
        assert_int_equal(json_array_append_new(w, v), 0);
        v = w;
    }
    return v;
}

static void test_jcs_nesting_at_limit_accepted(void **state)
{
    static char expected[2 * LDG_JCS_MAX_DEPTH + 1];

    (void)state;
    memset(expected, '[', LDG_JCS_MAX_DEPTH);
    memset(expected + LDG_JCS_MAX_DEPTH, ']', LDG_JCS_MAX_DEPTH);
    expected[2 * LDG_JCS_MAX_DEPTH] = '\0';
    assert_jcs_value(nested_arrays(LDG_JCS_MAX_DEPTH), expected);
}

static void test_jcs_nesting_beyond_limit_rejected(void **state)
{
    json_t *o = json_object();

    (void)state;
    assert_jcs_rejected(nested_arrays(LDG_JCS_MAX_DEPTH + 1), "nested deeper than 2048");
    /* the same inside an object member */
    assert_non_null(o);
    assert_int_equal(json_object_set_new(o, "deep", nested_arrays(LDG_JCS_MAX_DEPTH)), 0);
    assert_jcs_rejected(o, "nested deeper than 2048");
}

static void test_jcs_nested_objects(void **state)
{
    static char expected[4096];
    json_t *v = json_integer(0);
    size_t pos = 0;
    int i;

    (void)state;
    for (i = 0; i < 100; i++) {
        json_t *o = json_pack("{s:o,s:i}", "k", v, "a", i);

        assert_non_null(o);
        v = o;
    }
    for (i = 99; i >= 0; i--) {
        char item[32];

        snprintf(item, sizeof(item), "{\"a\":%d,\"k\":", i);
        append_text(expected, sizeof(expected), &pos, item);
    }
    append_text(expected, sizeof(expected), &pos, "0");
    for (i = 0; i < 100; i++)
        append_text(expected, sizeof(expected), &pos, "}");
    assert_jcs_value(v, expected);
}

static void test_jcs_cyclic_value_rejected(void **state)
{
    ldg_buf b = { 0 };
    ldg_error err;
    json_t *a = json_array(), *c = json_array();

    (void)state;
    assert_non_null(a);
    assert_non_null(c);
    assert_int_equal(json_array_append(a, c), 0);
    assert_int_equal(json_array_append(c, a), 0);
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_serialize(&b, a, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "containing itself"));
    assert_int_equal(b.len, 0);
    json_array_clear(c); /* break the cycle so both are freed */
    json_decref(a);
    json_decref(c);
    ldg_buf_cleanup(&b);
}

static void test_jcs_null_value_rejected(void **state)
{
    ldg_buf b = { 0 };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_jcs_serialize(&b, NULL, &err), LDG_EINVAL);
    assert_string_equal(err.message, "no JSON value to serialize");
    ldg_buf_cleanup(&b);
}

/* ---- ledger entries --------------------------------------------------------------- */

static const char usage_entry_canonical[] =
    "{\"data\":{\"class\":\"H100\",\"end\":\"2026-11-10T01:00:00Z\","
    "\"event_id\":\"pod-0001/2026-11-10T00\",\"kind\":\"gpu\",\"meter\":\"pod-0001\","
    "\"quantity\":\"1000.000000\",\"site\":\"colossus-1\","
    "\"start\":\"2026-11-10T00:00:00Z\",\"tenant\":\"anthropic\",\"unit\":\"gpu_hour\"},"
    "\"kind\":\"usage\",\"seq\":3,\"tenant\":\"anthropic\",\"v\":1}";

static void test_jcs_ledger_usage_entry(void **state)
{
    json_t *entry = json_pack(
        "{s:i,s:s,s:I,s:s,s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}}", "v", 1, "tenant",
        "anthropic", "seq", (json_int_t)3, "kind", "usage", "data", "tenant", "anthropic",
        "site", "colossus-1", "meter", "pod-0001", "kind", "gpu", "class", "H100",
        "start", "2026-11-10T00:00:00Z", "end", "2026-11-10T01:00:00Z", "quantity",
        "1000.000000", "unit", "gpu_hour", "event_id", "pod-0001/2026-11-10T00");

    (void)state;
    assert_jcs_value(entry, usage_entry_canonical);
    /* its canonical bytes parse back to a value with the same canonical bytes */
    assert_jcs(usage_entry_canonical, usage_entry_canonical);
}

static void test_jcs_ledger_invoice_entry(void **state)
{
    (void)state;
    /* DESIGN.md "The invoice document" */
    assert_jcs(
        "{\"v\":1,\"tenant\":\"anthropic\",\"seq\":3120000,\"kind\":\"invoice\",\"data\":"
        "{\n"
        " \"number\":\"C1-2026-000001\",\"contract\":\"C1-ANTH\",\"period\":\"2026-11\","
        "\"currency\":\"USD\",\n"
        " \"issued\":\"2026-12-01T02:00:00Z\",\"amends\":null,\n"
        " \"lines\":[{\"stream\":\"gpu_reserved\",\"class\":\"H100\","
        "\"from\":\"2026-11-10T00:00:00Z\",\n"
        "           \"to\":\"2026-12-01T00:00:00Z\",\"quantity\":\"50400000.000000\","
        "\"unit\":\"gpu_hour\",\n"
        "           \"rate\":\"1.850000\",\"amount\":\"93240000.00\"}],\n"
        " \"total\":\"93240000.00\",\"rated_from\":{\"size\":3120000,\"root\":\"BASE64\"}"
        "}}",
        "{\"data\":{\"amends\":null,\"contract\":\"C1-ANTH\",\"currency\":\"USD\","
        "\"issued\":\"2026-12-01T02:00:00Z\",\"lines\":[{\"amount\":\"93240000.00\","
        "\"class\":\"H100\",\"from\":\"2026-11-10T00:00:00Z\","
        "\"quantity\":\"50400000.000000\",\"rate\":\"1.850000\",\"stream\":\"gpu_"
        "reserved\","
        "\"to\":\"2026-12-01T00:00:00Z\",\"unit\":\"gpu_hour\"}],"
        "\"number\":\"C1-2026-000001\",\"period\":\"2026-11\","
        "\"rated_from\":{\"root\":\"BASE64\",\"size\":3120000},\"total\":\"93240000.00\"}"
        ","
        "\"kind\":\"invoice\",\"seq\":3120000,\"tenant\":\"anthropic\",\"v\":1}");
}

static void test_jcs_appends_after_existing_content(void **state)
{
    ldg_buf b = { 0 };
    ldg_error err;
    json_t *v = parse("{\"b\":1,\"a\":2}");

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_buf_puts(&b, "entry ", &err), LDG_OK);
    assert_int_equal(ldg_jcs_serialize(&b, v, &err), LDG_OK);
    assert_int_equal(ldg_buf_putc(&b, '\n', &err), LDG_OK);
    assert_int_equal(ldg_jcs_serialize(&b, v, &err), LDG_OK);
    assert_string_equal(b.data, "entry {\"a\":2,\"b\":1}\n{\"a\":2,\"b\":1}");
    json_decref(v);
    ldg_buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_cleanup_zeroed_buffer_is_fine),
        cmocka_unit_test(test_buf_cleanup_zeroes_fields),
        cmocka_unit_test(test_buf_append_zero_bytes_gives_empty_string),
        cmocka_unit_test(test_buf_append_grows_and_keeps_content),
        cmocka_unit_test(test_buf_append_large_block_at_once),
        cmocka_unit_test(test_buf_putc_puts_and_reset),
        cmocka_unit_test(test_buf_append_size_overflow_rejected),
        cmocka_unit_test(test_buf_reserve_keeps_len),
        cmocka_unit_test(test_jcs_rfc8785_sorting_example),
        cmocka_unit_test(test_jcs_rfc8785_string_and_literals_example),
        cmocka_unit_test(test_jcs_reference_weird),
        cmocka_unit_test(test_jcs_reference_structures),
        cmocka_unit_test(test_jcs_sort_supplementary_before_e000_to_ffff),
        cmocka_unit_test(test_jcs_sort_prefixes_nul_and_shared_lead_bytes),
        cmocka_unit_test(test_jcs_sort_ignores_insertion_order),
        cmocka_unit_test(test_jcs_sort_many_members_nested),
        cmocka_unit_test(test_jcs_string_every_control_character),
        cmocka_unit_test(test_jcs_string_quote_and_backslash),
        cmocka_unit_test(test_jcs_string_literal_characters_unescaped),
        cmocka_unit_test(test_jcs_string_utf8_boundaries_accepted),
        cmocka_unit_test(test_jcs_string_invalid_utf8_rejected),
        cmocka_unit_test(test_jcs_invalid_utf8_in_value_rejected),
        cmocka_unit_test(test_jcs_invalid_utf8_in_member_name_rejected),
        cmocka_unit_test(test_jcs_integers_plain_decimal),
        cmocka_unit_test(test_jcs_int_direct),
        cmocka_unit_test(test_jcs_integer_beyond_2_53_rejected),
        cmocka_unit_test(test_jcs_real_rejected),
        cmocka_unit_test(test_jcs_literals_and_array_order),
        cmocka_unit_test(test_jcs_empty_containers),
        cmocka_unit_test(test_jcs_nesting_at_limit_accepted),
        cmocka_unit_test(test_jcs_nesting_beyond_limit_rejected),
        cmocka_unit_test(test_jcs_nested_objects),
        cmocka_unit_test(test_jcs_cyclic_value_rejected),
        cmocka_unit_test(test_jcs_null_value_rejected),
        cmocka_unit_test(test_jcs_ledger_usage_entry),
        cmocka_unit_test(test_jcs_ledger_invoice_entry),
        cmocka_unit_test(test_jcs_appends_after_existing_content),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
