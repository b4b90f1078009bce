/*
 * Unit tests for ledger/fixed.c: parsing and formatting decimal strings, rounding half
 * away from zero, and overflow as LDG_ERANGE. Expected values are worked out by hand
 * (comments show the arithmetic); none are computed with the code under test.
 */
#include "ledger/fixed.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

/* Every message: lower case start, no final period, printable ASCII, short. */
static void check_message(const ldg_error *err)
{
    size_t n = strlen(err->message), i;

    assert_true(n > 0 && n < 200);
    assert_true(err->message[0] >= 'a' && err->message[0] <= 'z');
    assert_true(err->message[n - 1] != '.');
    for (i = 0; i < n; i++)
        assert_true(err->message[i] >= 0x20 && err->message[i] <= 0x7e);
}

static void parse_ok_len(const char *s, size_t len, int64_t want)
{
    ldg_error err;
    int64_t v = 42;

    ldg_error_clear(&err);
    if (ldg_fixed_parse(&v, s, len, &err) != LDG_OK)
        fail_msg("\"%s\" rejected: %s", s, err.message);
    assert_int_equal(v, want);
    assert_int_equal(err.code, LDG_OK);
}

static void parse_ok(const char *s, int64_t want)
{
    int64_t v = 42;

    parse_ok_len(s, strlen(s), want);
    assert_int_equal(ldg_fixed_parse_str(&v, s, NULL), LDG_OK);
    assert_int_equal(v, want);
}

/* s[0..len) is rejected with code and a message containing `reason`. */
static void parse_bad_len(const char *s, size_t len, ldg_code code, const char *reason)
{
    ldg_error err;
    int64_t v = 42;

    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse(&v, s, len, &err), code);
    assert_int_equal(err.code, code);
    assert_int_equal(v, 42); /* untouched on failure */
    if (!strstr(err.message, reason))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, reason);
    check_message(&err);
}

static void parse_bad(const char *s, ldg_code code, const char *reason)
{
    parse_bad_len(s, strlen(s), code, reason);
}

static void test_fixed_parse_zero_and_negative_zero(void **state)
{
    (void)state;
    parse_ok("0", 0);
    parse_ok("-0", 0);
    parse_ok("-0.0", 0);
    parse_ok("-0.000000", 0);
    parse_ok("0.000000", 0);
    parse_ok("000", 0);
}

static void test_fixed_parse_signs(void **state)
{
    (void)state;
    parse_ok("-1.5", -1500000);
    parse_ok("-0.000001", -1);
    parse_ok("0.000001", 1);
    parse_ok("-12.5", -12500000);
    parse_ok("1", 1000000);
    parse_ok("-1", -1000000);
}

static void test_fixed_parse_each_decimal_count(void **state)
{
    (void)state;
    parse_ok("7", 7000000);
    parse_ok("7.1", 7100000);
    parse_ok("7.12", 7120000);
    parse_ok("7.123", 7123000);
    parse_ok("7.1234", 7123400);
    parse_ok("7.12345", 7123450);
    parse_ok("7.123456", 7123456);
    parse_ok("1.850000", 1850000);
    parse_ok("007.5", 7500000);
    parse_ok("300", 300000000);
}

static void test_fixed_parse_too_many_decimals(void **state)
{
    (void)state;
    parse_bad("12.3456789", LDG_EINVAL, "more than 6 decimals");
    parse_bad("0.0000001", LDG_EINVAL, "more than 6 decimals");
    parse_bad("0.0000000", LDG_EINVAL, "more than 6 decimals");
    /* the syntax error wins over the overflow */
    parse_bad("99999999999999999999.1234567", LDG_EINVAL, "more than 6 decimals");
}

static void test_fixed_parse_int64_limits(void **state)
{
    (void)state;
    parse_ok("9223372036854.775807", INT64_MAX);
    parse_ok("-9223372036854.775808", INT64_MIN);
    parse_ok("-9223372036854.775807", -INT64_MAX);
    parse_ok("9223372036854.775806", INT64_MAX - 1);
    parse_ok("9223372036854", INT64_C(9223372036854000000));
    parse_ok("0000000000000000000000000009223372036854.775807", INT64_MAX);
}

static void test_fixed_parse_overflow_is_erange(void **state)
{
    (void)state;
    parse_bad("9223372036854.775808", LDG_ERANGE, "out of range");
    parse_bad("-9223372036854.775809", LDG_ERANGE, "out of range");
    parse_bad("9223372036855", LDG_ERANGE, "out of range");
    parse_bad("-9223372036855", LDG_ERANGE, "out of range");
    parse_bad("9223372036854.8", LDG_ERANGE, "out of range");
    parse_bad("18446744073709551616", LDG_ERANGE, "out of range");
    parse_bad("99999999999999999999999999999999999999999", LDG_ERANGE, "out of range");
}

static void test_fixed_parse_rejects_exponent_nan_inf(void **state)
{
    (void)state;
    parse_bad("1e9", LDG_EINVAL, "invalid number \"1e9\": exponent not allowed");
    parse_bad("1E9", LDG_EINVAL, "exponent not allowed");
    parse_bad("1.5e3", LDG_EINVAL, "exponent not allowed");
    parse_bad("1e-3", LDG_EINVAL, "exponent not allowed");
    parse_bad("NaN", LDG_EINVAL, "not a finite decimal number");
    parse_bad("nan", LDG_EINVAL, "not a finite decimal number");
    parse_bad("-NaN", LDG_EINVAL, "not a finite decimal number");
    parse_bad("Inf", LDG_EINVAL, "not a finite decimal number");
    parse_bad("-Infinity", LDG_EINVAL, "not a finite decimal number");
    parse_bad("INF", LDG_EINVAL, "not a finite decimal number");
}

static void test_fixed_parse_rejects_signs(void **state)
{
    (void)state;
    parse_bad("--5", LDG_EINVAL, "more than one sign");
    parse_bad("-+5", LDG_EINVAL, "more than one sign");
    parse_bad("+5", LDG_EINVAL, "leading '+' not allowed");
    parse_bad("+0", LDG_EINVAL, "leading '+' not allowed");
    parse_bad("5-", LDG_EINVAL, "sign allowed only at the start");
    parse_bad("1-2", LDG_EINVAL, "sign allowed only at the start");
    parse_bad("-", LDG_EINVAL, "no digits");
}

static void test_fixed_parse_rejects_whitespace(void **state)
{
    (void)state;
    parse_bad(" 5", LDG_EINVAL, "whitespace not allowed");
    parse_bad("5 ", LDG_EINVAL, "whitespace not allowed");
    parse_bad("5\n", LDG_EINVAL, "whitespace not allowed");
    parse_bad("\t5", LDG_EINVAL, "whitespace not allowed");
    parse_bad("1 000", LDG_EINVAL, "whitespace not allowed");
    parse_bad("- 5", LDG_EINVAL, "whitespace not allowed");
}

static void test_fixed_parse_rejects_points(void **state)
{
    (void)state;
    parse_bad("", LDG_EINVAL, "invalid number \"\": empty");
    parse_bad(".", LDG_EINVAL, "a digit is required before the decimal point");
    parse_bad(".5", LDG_EINVAL, "a digit is required before the decimal point");
    parse_bad("-.5", LDG_EINVAL, "a digit is required before the decimal point");
    parse_bad("5.", LDG_EINVAL, "a digit is required after the decimal point");
    parse_bad("-5.", LDG_EINVAL, "a digit is required after the decimal point");
    parse_bad("1.2.3", LDG_EINVAL, "more than one decimal point");
    parse_bad("1,5", LDG_EINVAL, "',' not allowed");
    parse_bad("1,000.00", LDG_EINVAL, "',' not allowed");
}

static void test_fixed_parse_rejects_hex_and_letters(void **state)
{
    (void)state;
    parse_bad("0x10", LDG_EINVAL, "hexadecimal not allowed");
    parse_bad("0X1A", LDG_EINVAL, "hexadecimal not allowed");
    parse_bad("-0x10", LDG_EINVAL, "hexadecimal not allowed");
    parse_bad("abc", LDG_EINVAL, "unexpected character 'a' at offset 0");
    parse_bad("12a", LDG_EINVAL, "unexpected character 'a' at offset 2");
    parse_bad("5%", LDG_EINVAL, "unexpected character '%' at offset 1");
    parse_bad("$5", LDG_EINVAL, "unexpected character '$' at offset 0");
}

static void test_fixed_parse_rejects_embedded_nul(void **state)
{
    (void)state;
    parse_bad_len("5\0", 2, LDG_EINVAL, "invalid number \"5\\x00\": contains a NUL byte");
    parse_bad_len("\0", 1, LDG_EINVAL, "contains a NUL byte at offset 0");
    parse_bad_len("1.5\0"
                  "0",
                  5, LDG_EINVAL, "contains a NUL byte at offset 3");
    /* the same bytes up to the NUL parse: len is what counts */
    parse_ok_len("1.5\0"
                 "0",
                 3, 1500000);
}

static void test_fixed_parse_rejects_non_ascii(void **state)
{
    (void)state;
    parse_bad("5\xc2\xa0", LDG_EINVAL,
              "invalid number \"5\\xc2\\xa0\": unexpected byte 0xc2 at offset 1");
    parse_bad("\xef\xbc\x95", LDG_EINVAL,
              "unexpected byte 0xef at offset 0");             /* U+FF15 */
    parse_bad("\xd9\xa1", LDG_EINVAL, "unexpected byte 0xd9"); /* U+0661 */
    parse_bad("1\xe2\x80\x8b", LDG_EINVAL, "unexpected byte 0xe2 at offset 1");
    parse_bad("1\x7f", LDG_EINVAL, "unexpected byte 0x7f at offset 1");
    parse_bad("1\x1b[31m", LDG_EINVAL, "unexpected byte 0x1b at offset 1");
}

static void test_fixed_parse_quotes_and_escapes_value(void **state)
{
    (void)state;
    parse_bad("1\"2", LDG_EINVAL, "invalid number \"1\\\"2\": unexpected character");
    parse_bad("1\\2", LDG_EINVAL, "invalid number \"1\\\\2\": unexpected character");
}

/* 10 MB of hostile bytes: the message quotes at most 64 bytes, escaped. */
static void test_fixed_parse_huge_hostile_input_message_is_bounded(void **state)
{
    static char big[10u * 1024u * 1024u]; /* static: nothing leaks if an assert fails */
    size_t n = sizeof(big);
    ldg_error err;
    int64_t v = 42;

    (void)state;

    memset(big, '\x1b', n);
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse(&v, big, n, &err), LDG_EINVAL);
    check_message(&err);
    assert_non_null(strstr(err.message, "\"\\x1b\\x1b"));
    assert_non_null(strstr(err.message, "\"..."));

    memset(big, '9', n);
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse(&v, big, n, &err), LDG_ERANGE);
    check_message(&err);
    assert_non_null(strstr(err.message, "\"..."));

    /* leading zeros are allowed, however many */
    memset(big, '0', n);
    memcpy(big + n - 4, "12.5", 4);
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse(&v, big, n, &err), LDG_OK);
    assert_int_equal(v, 12500000);

    memset(big, 'A', n);
    v = 42;
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse(&v, big, n, &err), LDG_EINVAL);
    check_message(&err);
    /* exactly 64 quoted bytes of 'A' and no 65th */
    {
        char want[80];

        want[0] = '"';
        memset(want + 1, 'A', 64);
        memcpy(want + 65, "\"...", 5);
        assert_non_null(strstr(err.message, want));
    }
    assert_int_equal(v, 42);
}

static void test_fixed_parse_null_err_is_allowed(void **state)
{
    int64_t v = 42;

    (void)state;
    assert_int_equal(ldg_fixed_parse(&v, "x", 1, NULL), LDG_EINVAL);
    assert_int_equal(ldg_fixed_parse(&v, "9223372036855", 13, NULL), LDG_ERANGE);
    assert_int_equal(v, 42);
}

static void test_fixed_parse_first_error_wins(void **state)
{
    ldg_error err;
    int64_t v;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse_str(&v, "1e9", &err), LDG_EINVAL);
    assert_int_equal(ldg_fixed_parse_str(&v, "+5", &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "exponent"));
}

static void test_fixed_parse_dp_limits_decimals(void **state)
{
    ldg_error err;
    int64_t v = 42;

    (void)state;
    assert_int_equal(ldg_fixed_parse_dp(&v, "12.34", 5, 2, NULL), LDG_OK);
    assert_int_equal(v, 12340000);
    assert_int_equal(ldg_fixed_parse_dp(&v, "-0.01", 5, 2, NULL), LDG_OK);
    assert_int_equal(v, -10000);
    assert_int_equal(ldg_fixed_parse_dp(&v, "12.3", 4, 2, NULL), LDG_OK);
    assert_int_equal(v, 12300000);
    assert_int_equal(ldg_fixed_parse_dp(&v, "100000", 6, 0, NULL), LDG_OK);
    assert_int_equal(v, INT64_C(100000000000));

    v = 42;
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse_dp(&v, "12.345", 6, 2, &err), LDG_EINVAL);
    assert_string_equal(err.message, "invalid number \"12.345\": more than 2 decimals");
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse_dp(&v, "12.0", 4, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "invalid number \"12.0\": must be a whole number");
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_parse_dp(&v, "0.1234567", 9, 6, &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "invalid number \"0.1234567\": more than 6 decimals");
    assert_int_equal(v, 42);
}

static void format_is(int64_t v, int decimals, const char *want)
{
    char buf[LDG_FIXED_BUFLEN];

    memset(buf, 'x', sizeof(buf));
    assert_ptr_equal(ldg_fixed_format(buf, v, decimals), buf);
    assert_string_equal(buf, want);
}

static void test_fixed_format_examples(void **state)
{
    (void)state;
    format_is(1850000, 6, "1.850000");
    format_is(-12500000, 2, "-12.50");
    format_is(0, 2, "0.00");
    format_is(0, 0, "0");
    format_is(0, 6, "0.000000");
    format_is(-1, 6, "-0.000001");
    format_is(1, 6, "0.000001");
    format_is(-10000, 2, "-0.01");
    format_is(100000, 1, "0.1");
    format_is(-100000, 1, "-0.1");
    format_is(1234500, 4, "1.2345");
    format_is(123000000, 0, "123");
    format_is(-5000000, 0, "-5");
    format_is(12345670, 5, "12.34567");
    format_is(1000, 3, "0.001");
    format_is(INT64_C(93240000000000), 2, "93240000.00");
}

static void test_fixed_format_int64_limits(void **state)
{
    (void)state;
    format_is(INT64_MAX, 6, "9223372036854.775807");
    format_is(INT64_MIN, 6, "-9223372036854.775808");
    format_is(INT64_MAX - 7, 5, "9223372036854.77580");
    format_is(INT64_MIN + 8, 5, "-9223372036854.77580");
    format_is(INT64_C(9223372036854000000), 0, "9223372036854");
    format_is(INT64_C(-9223372036854000000), 3, "-9223372036854.000");
    assert_true(strlen("-9223372036854.775808") < LDG_FIXED_BUFLEN);
}

/* At every precision, format then parse gives the value back, limits included. */
static void test_fixed_format_round_trip_every_precision(void **state)
{
    static const int64_t units[7] = { 1000000, 100000, 10000, 1000, 100, 10, 1 };
    static const int64_t ks[] = { 0, 1, -1, 7, -999, 123456, -654321, 1000000 };
    int d;
    size_t i;

    (void)state;
    for (d = 0; d <= 6; d++) {
        int64_t unit = units[d];
        int64_t vals[sizeof(ks) / sizeof(ks[0]) + 2];
        size_t nv = 0;

        for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++)
            vals[nv++] = ks[i] * unit;
        vals[nv++] = INT64_MAX / unit * unit; /* largest at this precision */
        vals[nv++] = INT64_MIN / unit * unit; /* smallest */
        for (i = 0; i < nv; i++) {
            char buf[LDG_FIXED_BUFLEN];
            const char *point;
            int64_t back = 42;

            ldg_fixed_format(buf, vals[i], d);
            point = strchr(buf, '.');
            if (d == 0)
                assert_null(point);
            else
                assert_int_equal(strlen(point + 1), d);
            assert_int_equal(ldg_fixed_parse_dp(&back, buf, strlen(buf), d, NULL),
                             LDG_OK);
            assert_int_equal(back, vals[i]);
        }
    }
}

static void test_fixed_div_round_half_away_from_zero(void **state)
{
    ldg_i128 two126 = (ldg_i128)1 << 126;
    ldg_i128 max = two126 - 1 + two126; /* 2^127 - 1 without overflowing */
    ldg_i128 min = -max - 1;

    (void)state;
    assert_true(ldg_fixed_div_round(5, 2) == 3);
    assert_true(ldg_fixed_div_round(-5, 2) == -3);
    assert_true(ldg_fixed_div_round(4, 2) == 2);
    assert_true(ldg_fixed_div_round(7, 2) == 4);
    assert_true(ldg_fixed_div_round(-7, 2) == -4);
    assert_true(ldg_fixed_div_round(1, 3) == 0);
    assert_true(ldg_fixed_div_round(2, 3) == 1);
    assert_true(ldg_fixed_div_round(-1, 3) == 0);
    assert_true(ldg_fixed_div_round(-2, 3) == -1);
    assert_true(ldg_fixed_div_round(0, 7) == 0);
    assert_true(ldg_fixed_div_round(15, 10) == 2);
    assert_true(ldg_fixed_div_round(25, 10) == 3); /* half-even would give 2 */
    assert_true(ldg_fixed_div_round(-25, 10) == -3);
    assert_true(ldg_fixed_div_round(149, 100) == 1);
    /* divisors near the int128 limit, where 2 * remainder would overflow */
    assert_true(ldg_fixed_div_round(max, max) == 1);
    assert_true(ldg_fixed_div_round(two126, max) == 1);     /* a hair above 1/2 */
    assert_true(ldg_fixed_div_round(two126 - 1, max) == 0); /* a hair below 1/2 */
    assert_true(ldg_fixed_div_round(-two126, max) == -1);
    assert_true(ldg_fixed_div_round(min, 1) == min);
    assert_true(ldg_fixed_div_round(min, max) == -1);
}

static void round_amount_is(ldg_i128 exact, int scale, int minor, int64_t want)
{
    ldg_error err;
    int64_t v = 42;

    ldg_error_clear(&err);
    if (ldg_fixed_round_amount(&v, exact, scale, minor, &err) != LDG_OK)
        fail_msg("rejected: %s", err.message);
    assert_int_equal(v, want);
}

/* qty_micros * rate_micros is in 10^-12 of the currency; rounded to cents. */
static void test_fixed_round_amount_usd_half_boundary(void **state)
{
    (void)state;
    /* 1 unit x 0.005 = 0.005 USD -> 0.01 */
    round_amount_is((ldg_i128)1000000 * 5000, 12, 2, 10000);
    /* -1 unit x 0.005 = -0.005 USD -> -0.01 */
    round_amount_is((ldg_i128)-1000000 * 5000, 12, 2, -10000);
    /* 0.00499999 USD -> 0.00, and its negative */
    round_amount_is((ldg_i128)4999990000, 12, 2, 0);
    round_amount_is((ldg_i128)-4999990000, 12, 2, 0);
    /* 0.004999999999 -> 0.00; one more 10^-12 reaches the half -> 0.01 */
    round_amount_is((ldg_i128)4999999999, 12, 2, 0);
    round_amount_is((ldg_i128)5000000000, 12, 2, 10000);
    round_amount_is((ldg_i128)-4999999999, 12, 2, 0);
    round_amount_is((ldg_i128)-5000000000, 12, 2, -10000);
    /* 0.5 x 0.009999 = 0.0049995 -> 0.00 */
    round_amount_is((ldg_i128)500000 * 9999, 12, 2, 0);
    /* 0.015 -> 0.02 and 0.025 -> 0.03 (half-even would give 0.02 both times) */
    round_amount_is((ldg_i128)1000000 * 15000, 12, 2, 20000);
    round_amount_is((ldg_i128)1000000 * 25000, 12, 2, 30000);
    round_amount_is((ldg_i128)-1000000 * 25000, 12, 2, -30000);
    /* 12.345 x 1 = 12.345 -> 12.35; 12.344999 -> 12.34 */
    round_amount_is((ldg_i128)12345000 * 1000000, 12, 2, 12350000);
    round_amount_is((ldg_i128)12344999 * 1000000, 12, 2, 12340000);
    round_amount_is(0, 12, 2, 0);
}

static void test_fixed_round_amount_invoice_lines(void **state)
{
    (void)state;
    /* DESIGN.md: 50,400,000 GPU-hours x 1.850000 = 93,240,000.00 */
    round_amount_is((ldg_i128)INT64_C(50400000000000) * 1850000, 12, 2,
                    INT64_C(93240000000000));
    /* 1000 GPU-hours x 2.400000 = 2400.00 */
    round_amount_is((ldg_i128)1000000000 * 2400000, 12, 2, 2400000000);
    /* 1.333333 GPU-hours x 1.850000 = 2.46666605 -> 2.47 */
    round_amount_is((ldg_i128)1333333 * 1850000, 12, 2, 2470000);
    /* energy: 11.2 MWh x pue 1.25 x 62.5 USD/MWh = 875.00 (scale 18) */
    round_amount_is((ldg_i128)11200000 * 1250000 * 62500000, 18, 2, 875000000);
    /* 0.333333 MWh x 1.25 x 62.5 = 26.0416640625 -> 26.04 */
    round_amount_is((ldg_i128)333333 * 1250000 * 62500000, 18, 2, 26040000);
    /* minor unit 0 (e.g. JPY): 2.5 -> 3, -2.5 -> -3, 2.4999999 -> 2 */
    round_amount_is((ldg_i128)2500000, 6, 0, 3000000);
    round_amount_is((ldg_i128)-2500000, 6, 0, -3000000);
    round_amount_is((ldg_i128)2499999999999, 12, 0, 2000000);
    /* minor 6 at scale 6 is the identity, limits included */
    round_amount_is((ldg_i128)INT64_MAX, 6, 6, INT64_MAX);
    round_amount_is((ldg_i128)INT64_MIN, 6, 6, INT64_MIN);
    /* 3 minor digits (e.g. KWD): 0.0015 -> 0.002 */
    round_amount_is((ldg_i128)1500000000, 12, 3, 2000);
}

static void test_fixed_round_amount_overflow_is_erange(void **state)
{
    /* the largest whole-cent amount: 9223372036854775807 micros floored to 10^4 */
    int64_t top = INT64_C(9223372036854770000);
    ldg_error err;
    int64_t v = 42;

    (void)state;
    round_amount_is((ldg_i128)top * 1000000, 12, 2, top);
    round_amount_is((ldg_i128)top * 1000000 + 4999999999, 12, 2, top);
    round_amount_is(-(ldg_i128)top * 1000000 - 4999999999, 12, 2, -top);

    ldg_error_clear(&err);
    assert_int_equal(
        ldg_fixed_round_amount(&v, (ldg_i128)top * 1000000 + 5000000000, 12, 2, &err),
        LDG_ERANGE);
    check_message(&err);
    assert_non_null(strstr(err.message, "out of range"));
    assert_int_equal(
        ldg_fixed_round_amount(&v, -(ldg_i128)top * 1000000 - 5000000000, 12, 2, NULL),
        LDG_ERANGE);
    assert_int_equal(
        ldg_fixed_round_amount(&v, (ldg_i128)INT64_MAX * 1000000 * 2, 12, 2, NULL),
        LDG_ERANGE);
    /* INT64_MAX micros rounded to 6 digits fits; one micro more does not */
    assert_int_equal(ldg_fixed_round_amount(&v, (ldg_i128)INT64_MAX + 1, 6, 6, NULL),
                     LDG_ERANGE);
    assert_int_equal(ldg_fixed_round_amount(&v, (ldg_i128)INT64_MIN - 1, 6, 6, NULL),
                     LDG_ERANGE);
    /* the widest input at scale 6 must not overflow while scaling back */
    {
        ldg_i128 two126 = (ldg_i128)1 << 126;

        assert_int_equal(ldg_fixed_round_amount(&v, two126 - 1 + two126, 6, 2, NULL),
                         LDG_ERANGE);
        assert_int_equal(ldg_fixed_round_amount(&v, -two126 - two126, 6, 2, NULL),
                         LDG_ERANGE);
    }
    assert_int_equal(v, 42);
}

static void mul_is(int64_t a, int64_t b, int64_t want)
{
    int64_t v = 42;

    assert_int_equal(ldg_fixed_mul(&v, a, b, NULL), LDG_OK);
    assert_int_equal(v, want);
}

static void test_fixed_mul_rounds_half_away(void **state)
{
    (void)state;
    mul_is(1850000, 3000000, 5550000); /* 1.85 x 3 */
    mul_is(1850000, 1030000, 1905500); /* 1.85 x 1.03 = 1.9055 */
    mul_is(1850001, 1030000, 1905501); /* 1.90550103 -> 1.905501 */
    mul_is(1850005, 1030000, 1905505); /* 1.90550515 -> 1.905505 */
    mul_is(1, 500000, 1);              /* 0.0000005 -> 0.000001 */
    mul_is(-1, 500000, -1);            /* -0.0000005 -> -0.000001 */
    mul_is(1, 499999, 0);              /* 0.000000499999 -> 0 */
    mul_is(-1, 499999, 0);
    mul_is(-1500000, -2000000, 3000000); /* -1.5 x -2 */
    mul_is(0, INT64_MAX, 0);
    mul_is(INT64_MAX, 1000000, INT64_MAX);
    mul_is(INT64_MIN, 1000000, INT64_MIN);
    mul_is(INT64_MIN, -1, 9223372036855); /* 9223372036854.775808 rounds up */
}

static void test_fixed_mul_overflow_is_erange(void **state)
{
    ldg_error err;
    int64_t v = 42;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_mul(&v, INT64_MAX, 1000001, &err), LDG_ERANGE);
    assert_string_equal(err.message,
                        "product 9223372036854.775807 x 1.000001 is out of range");
    check_message(&err);
    assert_int_equal(ldg_fixed_mul(&v, INT64_MIN, -1000000, NULL), LDG_ERANGE);
    assert_int_equal(ldg_fixed_mul(&v, INT64_MIN, INT64_MIN, NULL), LDG_ERANGE);
    assert_int_equal(ldg_fixed_mul(&v, INT64_MAX, INT64_MIN, NULL), LDG_ERANGE);
    /* -9223372036854.775808 x 1.000001 */
    assert_int_equal(ldg_fixed_mul(&v, INT64_MIN, 1000001, NULL), LDG_ERANGE);
    assert_int_equal(v, 42);
}

static void muldiv_is(int64_t a, int64_t num, int64_t den, int64_t want)
{
    int64_t v = 42;

    assert_int_equal(ldg_fixed_muldiv(&v, a, num, den, NULL), LDG_OK);
    assert_int_equal(v, want);
}

static void test_fixed_muldiv_rounds_half_away(void **state)
{
    (void)state;
    muldiv_is(1850000, 103, 100, 1905500);     /* escalator: 1.85 x 1.03 */
    muldiv_is(1905500, 103, 100, 1962665);     /* second step: 1.962665 */
    muldiv_is(1962665, 103, 100, 2021545);     /* 2.02154495 -> 2.021545 */
    muldiv_is(300000000, 504, 720, 210000000); /* 300 MW x 504 h / 720 h */
    muldiv_is(5, 1, 2, 3);
    muldiv_is(-5, 1, 2, -3);
    muldiv_is(1, 1, 3, 0);
    muldiv_is(2, 1, 3, 1);
    muldiv_is(INT64_MAX, 2, 2, INT64_MAX);
    muldiv_is(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX);
    muldiv_is(INT64_MIN, INT64_MAX, INT64_MAX, INT64_MIN);
    muldiv_is(INT64_MIN, 1, 1, INT64_MIN);
}

static void test_fixed_muldiv_overflow_is_erange(void **state)
{
    ldg_error err;
    int64_t v = 42;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_muldiv(&v, INT64_MAX, 3, 2, &err), LDG_ERANGE);
    check_message(&err);
    assert_non_null(strstr(err.message, "out of range"));
    assert_int_equal(ldg_fixed_muldiv(&v, INT64_MIN, -1, 1, NULL), LDG_ERANGE);
    assert_int_equal(ldg_fixed_muldiv(&v, INT64_MIN, INT64_MIN, INT64_MAX, NULL),
                     LDG_ERANGE);
    assert_int_equal(ldg_fixed_muldiv(&v, INT64_MAX, INT64_MAX, 1, NULL), LDG_ERANGE);
    assert_int_equal(v, 42);
}

static void test_fixed_add_sub_checked(void **state)
{
    ldg_error err;
    int64_t v = 42;

    (void)state;
    assert_int_equal(ldg_fixed_add(&v, INT64_MAX, 0, NULL), LDG_OK);
    assert_int_equal(v, INT64_MAX);
    assert_int_equal(ldg_fixed_add(&v, INT64_MIN, INT64_MAX, NULL), LDG_OK);
    assert_int_equal(v, -1);
    assert_int_equal(ldg_fixed_add(&v, 1500000, -2000000, NULL), LDG_OK);
    assert_int_equal(v, -500000);
    assert_int_equal(ldg_fixed_sub(&v, -1, INT64_MAX, NULL), LDG_OK);
    assert_int_equal(v, INT64_MIN);
    assert_int_equal(ldg_fixed_sub(&v, INT64_MAX, INT64_MAX, NULL), LDG_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ldg_fixed_sub(&v, 0, INT64_MAX, NULL), LDG_OK);
    assert_int_equal(v, -INT64_MAX);

    v = 42;
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_add(&v, INT64_MAX, 1, &err), LDG_ERANGE);
    assert_string_equal(err.message,
                        "sum 9223372036854.775807 + 0.000001 is out of range");
    assert_int_equal(ldg_fixed_add(&v, INT64_MIN, -1, NULL), LDG_ERANGE);
    assert_int_equal(ldg_fixed_add(&v, INT64_MIN, INT64_MIN, NULL), LDG_ERANGE);
    ldg_error_clear(&err);
    assert_int_equal(ldg_fixed_sub(&v, INT64_MIN, 1, &err), LDG_ERANGE);
    assert_string_equal(err.message,
                        "difference -9223372036854.775808 - 0.000001 is out of range");
    assert_int_equal(ldg_fixed_sub(&v, 0, INT64_MIN, NULL), LDG_ERANGE);
    assert_int_equal(ldg_fixed_sub(&v, INT64_MAX, -1, NULL), LDG_ERANGE);
    assert_int_equal(v, 42);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_parse_zero_and_negative_zero),
        cmocka_unit_test(test_fixed_parse_signs),
        cmocka_unit_test(test_fixed_parse_each_decimal_count),
        cmocka_unit_test(test_fixed_parse_too_many_decimals),
        cmocka_unit_test(test_fixed_parse_int64_limits),
        cmocka_unit_test(test_fixed_parse_overflow_is_erange),
        cmocka_unit_test(test_fixed_parse_rejects_exponent_nan_inf),
        cmocka_unit_test(test_fixed_parse_rejects_signs),
        cmocka_unit_test(test_fixed_parse_rejects_whitespace),
        cmocka_unit_test(test_fixed_parse_rejects_points),
        cmocka_unit_test(test_fixed_parse_rejects_hex_and_letters),
        cmocka_unit_test(test_fixed_parse_rejects_embedded_nul),
        cmocka_unit_test(test_fixed_parse_rejects_non_ascii),
        cmocka_unit_test(test_fixed_parse_quotes_and_escapes_value),
        cmocka_unit_test(test_fixed_parse_huge_hostile_input_message_is_bounded),
        cmocka_unit_test(test_fixed_parse_null_err_is_allowed),
        cmocka_unit_test(test_fixed_parse_first_error_wins),
        cmocka_unit_test(test_fixed_parse_dp_limits_decimals),
        cmocka_unit_test(test_fixed_format_examples),
        cmocka_unit_test(test_fixed_format_int64_limits),
        cmocka_unit_test(test_fixed_format_round_trip_every_precision),
        cmocka_unit_test(test_fixed_div_round_half_away_from_zero),
        cmocka_unit_test(test_fixed_round_amount_usd_half_boundary),
        cmocka_unit_test(test_fixed_round_amount_invoice_lines),
        cmocka_unit_test(test_fixed_round_amount_overflow_is_erange),
        cmocka_unit_test(test_fixed_mul_rounds_half_away),
        cmocka_unit_test(test_fixed_mul_overflow_is_erange),
        cmocka_unit_test(test_fixed_muldiv_rounds_half_away),
        cmocka_unit_test(test_fixed_muldiv_overflow_is_erange),
        cmocka_unit_test(test_fixed_add_sub_checked),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
