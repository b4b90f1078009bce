/*
 * The usage entry's canonical bytes are hashed into signed logs, so the faster encoder
 * (issue 13: one reservation, ASCII spans copied 8 bytes at a time, digits written by
 * hand) must give exactly the bytes, and the errors, of the encoder it replaced. That
 * encoder is kept here, as it was (entry.c, jcs.c's put_string, time.c's
 * ldg_time_format, fixed.c's ldg_fixed_format, snprintf for seq), and both are run over
 * generated records: every kind and class number, corrections or not, texts of plain
 * ASCII, every control character, '"', '\\', DEL, multi-byte UTF-8 up to U+10FFFF,
 * ill-formed UTF-8, lengths across the 8-byte steps and long ones, and times,
 * quantities and seqs over the whole int64 range with its ends.
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/jcs.h"
#include "ledger/utf8.h"

#include <inttypes.h>

/* ---- the reference: the encoder before issue 13, unchanged but for names ------------
 */

static size_t ref_ascii_out_len(unsigned char c)
{
    if (c == '"' || c == '\\')
        return 2;
    if (c >= 0x20)
        return 1;
    switch (c) {
    case '\b':
    case '\f':
    case '\n':
    case '\r':
    case '\t':
        return 2;
    default:
        return 6;
    }
}

static ldg_code ref_string(ldg_buf *out, const char *str, size_t len, ldg_error *err)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)str;
    size_t i, k, size = 0;
    uint32_t cp;
    char *d;
    ldg_code rc;

    for (i = 0; i < len; i += k) {
        if (s[i] < 0x80) {
            k = 1;
            size += ref_ascii_out_len(s[i]);
        } else {
            k = ldg_utf8_next(&cp, s + i, len - i);
            if (k == 0)
                return ldg_error_set(err, LDG_EINVAL,
                                     "invalid UTF-8 in %s at byte %zu (0x%02x)", "string",
                                     i, (unsigned)s[i]);
            size += k;
        }
    }
    rc = ldg_buf_reserve(out, size + 2, err);
    if (rc != LDG_OK)
        return rc;
    d = out->data + out->len;
    *d++ = '"';
    for (i = 0; i < len; i++) {
        unsigned char c = s[i];

        if (c >= 0x80 || ref_ascii_out_len(c) == 1) {
            *d++ = (char)c;
            continue;
        }
        *d++ = '\\';
        switch (c) {
        case '"':
            *d++ = '"';
            break;
        case '\\':
            *d++ = '\\';
            break;
        case '\b':
            *d++ = 'b';
            break;
        case '\f':
            *d++ = 'f';
            break;
        case '\n':
            *d++ = 'n';
            break;
        case '\r':
            *d++ = 'r';
            break;
        case '\t':
            *d++ = 't';
            break;
        default:
            *d++ = 'u';
            *d++ = '0';
            *d++ = '0';
            *d++ = hex[c >> 4];
            *d++ = hex[c & 0xF];
            break;
        }
    }
    *d++ = '"';
    out->len = (size_t)(d - out->data);
    *d = '\0';
    return LDG_OK;
}

static char *ref_time_format(char *buf, ldg_time t)
{
    int64_t y;
    int m, d, hh, mm, ss;

    ldg_time_to_civil(t, &y, &m, &d, &hh, &mm, &ss);
    if (y >= 0 && y <= 9999) {
        static const char form[] = "0000-00-00T00:00:00Z";
        int fields[6] = { (int)y, m, d, hh, mm, ss };
        static const int at[6] = { 3, 6, 9, 12, 15, 18 };

        memcpy(buf, form, sizeof(form));
        for (int f = 0; f < 6; f++)
            for (int v = fields[f], i = at[f]; v > 0; v /= 10, i--)
                buf[i] = (char)('0' + v % 10);
        return buf;
    }
    snprintf(buf, LDG_TIME_BUFLEN, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh,
             mm, ss);
    return buf;
}

static char *ref_fixed_format6(char *buf, int64_t v)
{
    char tmp[LDG_FIXED_BUFLEN];
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    size_t n = 0, o = 0;

    do {
        tmp[n++] = (char)('0' + (int)(mag % 10u));
        mag /= 10u;
    } while (mag > 0 || n < 7u);
    if (v < 0)
        buf[o++] = '-';
    while (n > 0) {
        buf[o++] = tmp[--n];
        if (n == 6u)
            buf[o++] = '.';
    }
    buf[o] = '\0';
    return buf;
}

static ldg_code ref_member(ldg_buf *out, const char *key, const char *value,
                           ldg_error *err)
{
    ldg_code rc = ldg_buf_puts(out, key, err);

    if (rc == LDG_OK)
        rc = ref_string(out, value, strlen(value), err);
    return rc;
}

static ldg_code ref_record_bytes(ldg_buf *out, const ldg_record *u, int64_t seq,
                                 ldg_error *err)
{
    char start[LDG_TIME_BUFLEN], end[LDG_TIME_BUFLEN], qty[LDG_FIXED_BUFLEN];
    char seqbuf[32];
    const char *kind = ldg_kind_name(u->kind);
    const char *cls = ldg_class_name(u->cls);
    ldg_code rc;

    if (!kind)
        return ldg_error_set(err, LDG_EINTERNAL, "usage entry with kind %d", u->kind);
    ref_time_format(start, u->start);
    ref_time_format(end, u->end);
    ref_fixed_format6(qty, u->qty_micros);
    snprintf(seqbuf, sizeof(seqbuf), "%" PRId64, seq);

    rc = ldg_buf_puts(out, "{\"data\":{", err);
    if (rc == LDG_OK && cls) {
        rc = ref_member(out, "\"class\":", cls, err);
        if (rc == LDG_OK)
            rc = ldg_buf_puts(out, ",", err);
    }
    if (rc == LDG_OK && u->corrects) {
        rc = ref_member(out, "\"corrects\":", u->corrects, err);
        if (rc == LDG_OK)
            rc = ldg_buf_puts(out, ",", err);
    }
    if (rc == LDG_OK)
        rc = ref_member(out, "\"end\":", end, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"event_id\":", u->event_id, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"kind\":", kind, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"meter\":", u->meter, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"quantity\":", qty, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"site\":", u->site, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"start\":", start, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"unit\":", ldg_kind_unit(u->kind), err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(out, "},\"kind\":\"usage\",\"seq\":", err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(out, seqbuf, err);
    if (rc == LDG_OK)
        rc = ref_member(out, ",\"tenant\":", u->tenant, err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(out, ",\"v\":1}", err);
    return rc;
}

/* ---- generated inputs ------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* One character of one of the shapes ledger text can take, at most 4 bytes. */
static size_t rnd_char(char *d, int bad_ok)
{
    static const char *const pieces[] = {
        "\xc3\xa9",
        "\xe2\x82\xac",
        "\xe2\x80\xa8",
        "\xef\xbf\xbf",
        "\xee\x80\x80",
        "\xf0\x9f\x98\x80",
        "\xf4\x8f\xbf\xbf",
        "\xdf\xbf",
        "\xc2\x80",
        "\xed\x9f\xbf",
        "\"",
        "\\",
        "\x7f",
        "/",
    };
    /* ill-formed: overlong, surrogate, above U+10FFFF, lone continuation, truncated */
    static const char *const bad[] = { "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                       "\x80",     "\xe2\x82",     "\xff" };
    uint64_t r = rnd() % 100;
    const char *p;

    if (r < 60) { /* printable ASCII, '"' and '\\' among them */
        d[0] = (char)(0x20 + rnd() % 0x5f);
        return 1;
    }
    if (r < 75) { /* any control character but NUL (texts are C strings) */
        d[0] = (char)(1 + rnd() % 0x1f);
        return 1;
    }
    if (bad_ok && r >= 97)
        p = bad[rnd() % (sizeof(bad) / sizeof(bad[0]))];
    else
        p = pieces[rnd() % (sizeof(pieces) / sizeof(pieces[0]))];
    memcpy(d, p, strlen(p));
    return strlen(p);
}

/* A text of up to max - 1 bytes into buf: empty, short, around the 8-byte steps, long;
 * mostly plain ASCII, sometimes anything; ill-formed UTF-8 in about 1 in 50. */
static const char *rnd_text(char *buf, size_t max)
{
    static const size_t lens[] = { 0, 1, 7, 8, 9, 15, 16, 17, 24, 31, 33, 64, 300, 1000 };
    size_t len = lens[rnd() % (sizeof(lens) / sizeof(lens[0]))], n = 0;
    int plain = rnd() % 2 == 0, bad_ok = rnd() % 50 == 0;

    if (len >= max - 4)
        len = max - 5;
    while (n < len) {
        if (plain) {
            buf[n++] = (char)('a' + rnd() % 26);
            continue;
        }
        char c[5] = { 0 };
        size_t k = rnd_char(c, bad_ok);

        memcpy(buf + n, c, k);
        n += k;
    }
    buf[n] = '\0';
    return buf;
}

/* An int64 from the whole range, its ends and near zero as often as not. */
static int64_t rnd_i64(void)
{
    static const int64_t ends[] = { INT64_MIN, INT64_MIN + 1, -1,       0,
                                    1,         INT64_MAX - 1, INT64_MAX };

    switch (rnd() % 5) {
    case 0:
        return ends[rnd() % (sizeof(ends) / sizeof(ends[0]))];
    case 1:
        return (int64_t)rnd();
    case 2:
        return (int64_t)(rnd() % 2000001) - 1000000;
    default:
        return (int64_t)(rnd() % 100000000000) - 50000000000;
    }
}

/* A time: this century's hours mostly, any int64 (years past 9999, before 0) too. */
static ldg_time rnd_time(void)
{
    switch (rnd() % 4) {
    case 0:
        return rnd_i64();
    case 1: /* years -9999..19999 */
        return (ldg_time)(rnd() % UINT64_C(946728000000)) - INT64_C(377705116800);
    default:
        return INT64_C(1767225600) + (ldg_time)(rnd() % 100000) * 3600;
    }
}

/* ---- the comparisons -------------------------------------------------------------- */

/* Both encoders after the same prefix: same code, same message; same bytes on LDG_OK. */
static void assert_same_entry(const ldg_record *r, int64_t seq)
{
    ldg_buf fast = { 0 }, slow = { 0 };
    ldg_error e1, e2;
    ldg_code c1, c2;

    ldg_error_clear(&e1);
    ldg_error_clear(&e2);
    assert_int_equal(ldg_buf_puts(&fast, "prefix,", NULL), LDG_OK);
    assert_int_equal(ldg_buf_puts(&slow, "prefix,", NULL), LDG_OK);
    c1 = ldg_entry_record_bytes(&fast, r, seq, &e1);
    c2 = ref_record_bytes(&slow, r, seq, &e2);
    assert_int_equal(c1, c2);
    if (c1 == LDG_OK) {
        assert_int_equal(fast.len, slow.len);
        assert_memory_equal(fast.data, slow.data, fast.len);
        assert_int_equal(fast.data[fast.len], '\0');
    } else {
        assert_int_equal(e1.code, e2.code);
        assert_string_equal(e1.message, e2.message);
        assert_int_equal(fast.len, strlen("prefix,")); /* nothing appended */
    }
    ldg_buf_cleanup(&fast);
    ldg_buf_cleanup(&slow);
}

static void test_entry_bytes_match_reference_on_generated_records(void **state)
{
    char tenant[1100], site[1100], meter[1100], event[1100], corrects[1100];
    int refused = 0;

    (void)state;
    rng_state = 13;
    for (int i = 0; i < 100000; i++) {
        ldg_record r = { .tenant = rnd_text(tenant, sizeof(tenant)),
                         .site = rnd_text(site, sizeof(site)),
                         .meter = rnd_text(meter, sizeof(meter)),
                         .event_id = rnd_text(event, sizeof(event)),
                         .corrects =
                             rnd() % 3 ? NULL : rnd_text(corrects, sizeof(corrects)),
                         .kind =
                             rnd() % 50 ? 1 + (int)(rnd() % 4) : (int)(rnd() % 3) * 5 - 5,
                         .cls = (int)(rnd() % 6) - 1,
                         .start = rnd_time(),
                         .end = rnd_time(),
                         .qty_micros = rnd_i64() };
        ldg_buf probe = { 0 };

        if (rnd() % 2 == 0 && r.start < INT64_MAX - 3600) /* an hour, the usual */
            r.end = r.start + 3600;
        if (r.kind < 1 || r.kind > 4 || ref_record_bytes(&probe, &r, 0, NULL) != LDG_OK)
            refused++;
        ldg_buf_cleanup(&probe);
        assert_same_entry(&r, rnd_i64());
    }
    /* the generator reaches the refusals too, not only the accepted records */
    assert_true(refused > 1000);
    assert_true(refused < 50000);
}

static void test_entry_bytes_match_reference_at_the_edges(void **state)
{
    static const int64_t edges[] = { INT64_MIN,
                                     INT64_MIN + 1,
                                     -INT64_C(62167219200) - 1,
                                     -INT64_C(62167219200),
                                     -1,
                                     0,
                                     1,
                                     INT64_C(253402300799),
                                     INT64_C(253402300800),
                                     INT64_MAX - 1,
                                     INT64_MAX };
    ldg_record r = { .tenant = "t",
                     .site = "s",
                     .meter = "m",
                     .event_id = "e",
                     .kind = LDG_KIND_GPU,
                     .cls = LDG_CLASS_H200 };

    (void)state;
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        for (size_t j = 0; j < sizeof(edges) / sizeof(edges[0]); j++) {
            r.start = edges[i];
            r.end = edges[j];
            r.qty_micros = edges[(i + j) % (sizeof(edges) / sizeof(edges[0]))];
            r.corrects = j % 2 ? "c\x01\x1f\x7f\"\\" : NULL;
            r.kind = 1 + (int)(i % 4);
            r.cls = (int)(j % 5);
            assert_same_entry(&r, edges[j]);
        }
}

/* Every byte 1..0xFF alone and after 7 plain bytes (the 8-byte step's edge): the JCS
 * string writer against the reference, codes, messages and bytes. */
static void test_jcs_string_every_byte_matches_reference(void **state)
{
    (void)state;
    for (int pad = 0; pad <= 9; pad++)
        for (int b = 1; b < 0x100; b++) {
            char s[16];
            ldg_buf fast = { 0 }, slow = { 0 };
            ldg_error e1, e2;
            ldg_code c1, c2;

            memset(s, 'a', sizeof(s));
            s[pad] = (char)b;
            ldg_error_clear(&e1);
            ldg_error_clear(&e2);
            c1 = ldg_jcs_string(&fast, s, (size_t)pad + 1 + (size_t)(b % 3), &e1);
            c2 = ref_string(&slow, s, (size_t)pad + 1 + (size_t)(b % 3), &e2);
            assert_int_equal(c1, c2);
            if (c1 == LDG_OK) {
                assert_int_equal(fast.len, slow.len);
                assert_memory_equal(fast.data, slow.data, fast.len);
            } else {
                assert_string_equal(e1.message, e2.message);
                assert_int_equal(fast.len, 0);
            }
            ldg_buf_cleanup(&fast);
            ldg_buf_cleanup(&slow);
        }
}

/* ldg_time_format, and ldg_time_format_pair for instants on the same day, the next day,
 * the day before, and anywhere, against the reference. */
static void test_time_format_matches_reference(void **state)
{
    (void)state;
    rng_state = 2026;
    for (int i = 0; i < 200000; i++) {
        ldg_time t = i < 100000
                         ? rnd_time()
                         : -INT64_C(100000) * 86400 + (int64_t)(i - 100000) * 86399;
        ldg_time u = rnd_time();
        char a[LDG_TIME_BUFLEN], b[LDG_TIME_BUFLEN], pa[LDG_TIME_BUFLEN],
            pb[LDG_TIME_BUFLEN];
        size_t alen, blen;

        assert_string_equal(ldg_time_format(a, t), ref_time_format(b, t));
        if (rnd() % 4 != 0 && t > INT64_MIN + 172800 && t < INT64_MAX - 172800)
            u = t + (ldg_time)(rnd() % 345600) -
                172800; /* within two days, either side */
        ldg_time_format_pair(pa, &alen, t, pb, &blen, u);
        assert_string_equal(pa, a);
        assert_string_equal(pb, ref_time_format(b, u));
        assert_int_equal(alen, strlen(pa));
        assert_int_equal(blen, strlen(pb));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_bytes_match_reference_on_generated_records),
        cmocka_unit_test(test_entry_bytes_match_reference_at_the_edges),
        cmocka_unit_test(test_jcs_string_every_byte_matches_reference),
        cmocka_unit_test(test_time_format_matches_reference),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
