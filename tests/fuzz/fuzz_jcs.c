/*
 * libFuzzer target: RFC 8785 canonical JSON (ledger/jcs.h), which every document from
 * outside passes through before it is hashed into a log (contracts, sites, invoices).
 *
 * Two uses of the input:
 *   - as JSON (any value, NUL allowed in strings): when ldg_jcs_serialize accepts it,
 *     the output parses back to an equal value, serializes again to the same bytes
 *     (canonical means idempotent), and its object members come out in UTF-16 order;
 *     it is refused only for what jcs.h names (reals, integers beyond 2^53);
 *   - as raw bytes given to ldg_jcs_string: accepted exactly when they are valid UTF-8
 *     (checked by a decoder written here), and the literal parses back to those bytes.
 */
#include "ledger/jcs.h"
#include "tests/fuzz/fuzz.h"

#include <jansson.h>

/* Reference UTF-8 check (RFC 3629): no overlongs, no surrogates, at most U+10FFFF. */
static int ref_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        uint32_t c = s[i], min;
        size_t len;

        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xe0) == 0xc0)
            len = 2, c &= 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0)
            len = 3, c &= 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0)
            len = 4, c &= 0x07, min = 0x10000;
        else
            return 0;
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            c = c << 6 | (s[i + k] & 0x3fu);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

/* Does the value hold a real or an integer beyond 2^53 (what JCS here refuses)? */
static int has_refused_number(const json_t *v, int depth)
{
    const char *key;
    json_t *m;
    size_t i;

    if (depth > LDG_JCS_MAX_DEPTH)
        return 1;
    if (json_is_real(v))
        return 1;
    if (json_is_integer(v))
        return json_integer_value(v) > LDG_JCS_INT_MAX ||
               json_integer_value(v) < -LDG_JCS_INT_MAX;
    if (json_is_array(v)) {
        json_array_foreach(v, i, m)
        {
            if (has_refused_number(m, depth + 1))
                return 1;
        }
    }
    if (json_is_object(v)) {
        json_object_foreach((json_t *)(uintptr_t)v, key, m)
        {
            (void)key;
            if (has_refused_number(m, depth + 1))
                return 1;
        }
    }
    return 0;
}

/* Next UTF-16 code unit of a valid UTF-8 string; *pending holds a low surrogate. */
static uint32_t next_unit(const unsigned char **p, uint32_t *pending)
{
    uint32_t c = **p;
    size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;

    if (*pending) {
        c = *pending;
        *pending = 0;
        return c;
    }
    if (len > 1)
        c &= 0xffu >> (len + 1);
    for (size_t k = 1; k < len; k++)
        c = c << 6 | ((*p)[k] & 0x3fu);
    *p += len;
    if (c >= 0x10000) {
        c -= 0x10000;
        *pending = 0xdc00 | (c & 0x3ff);
        return 0xd800 | (c >> 10);
    }
    return c;
}

/* a < b in UTF-16 code units (RFC 8785 section 3.2.3). */
static int utf16_less(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    uint32_t pa = 0, pb = 0;

    for (;;) {
        if ((!*p && !pa) || (!*q && !pb))
            return (!*q && !pb) ? 0 : 1;
        uint32_t x = next_unit(&p, &pa), y = next_unit(&q, &pb);
        if (x != y)
            return x < y;
    }
}

/* Object members of a parsed serialization are in strictly ascending order. */
static void check_order(const json_t *v)
{
    const char *key, *prev;
    json_t *m;
    size_t i;

    if (json_is_array(v)) {
        json_array_foreach(v, i, m)
        {
            check_order(m);
        }
    } else if (json_is_object(v)) {
        prev = NULL;
        json_object_foreach((json_t *)(uintptr_t)v, key, m)
        {
            FUZZ_CHECK(!prev || utf16_less(prev, key));
            prev = key;
            check_order(m);
        }
    }
}

static void check_tree(const uint8_t *data, size_t size)
{
    const size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES;
    char *text = fuzz_copy(data, size);
    json_error_t jerr;
    json_t *v = json_loadb(text, size, flags, &jerr), *back;
    ldg_buf out = { 0 }, again = { 0 };
    ldg_error e;
    ldg_code rc;

    free(text);
    if (!v)
        return;
    ldg_error_clear(&e);
    rc = ldg_jcs_serialize(&out, v, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL);
    FUZZ_CHECK((rc == LDG_EINVAL) == has_refused_number(v, 1));
    if (rc == LDG_OK) {
        back = json_loadb(out.data, out.len, flags, &jerr);
        FUZZ_CHECK(back != NULL);
        FUZZ_CHECK(json_equal(back, v));
        check_order(back);
        FUZZ_CHECK(ldg_jcs_serialize(&again, back, &e) == LDG_OK);
        FUZZ_CHECK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0);
        json_decref(back);
    }
    ldg_buf_cleanup(&out);
    ldg_buf_cleanup(&again);
    json_decref(v);
}

static void check_string(const uint8_t *data, size_t size)
{
    ldg_buf out = { 0 };
    ldg_error e;
    ldg_code rc;
    int valid = ref_utf8(data, size);

    ldg_error_clear(&e);
    rc = ldg_jcs_string(&out, (const char *)data, size, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(valid ? rc == LDG_OK : rc == LDG_EINVAL);
    if (rc == LDG_OK) {
        json_error_t jerr;
        json_t *s =
            json_loadb(out.data, out.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);

        FUZZ_CHECK(s != NULL && json_is_string(s));
        FUZZ_CHECK(json_string_length(s) == size);
        FUZZ_CHECK(size == 0 || memcmp(json_string_value(s), data, size) == 0);
        json_decref(s);
    }
    ldg_buf_cleanup(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_tree(data, size);
    check_string(data, size);
    return 0;
}
