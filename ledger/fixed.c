/*
 * Exact fixed-point numbers: int64 micro-units, decimal strings in and out.
 *
 * Invariant: no value passes through floating point, and no arithmetic wraps. Parsing
 * is two passes over the bytes: the first checks the syntax and names the first thing
 * wrong with it (so "99999999999999999999e5" is reported as an exponent, not as an
 * overflow), the second accumulates the magnitude as uint64 with an explicit bound, so
 * INT64_MIN micro-units ("-9223372036854.775808") parses although its magnitude does
 * not fit int64. strtoll/strtod were dropped: they accept whitespace, '+', hex,
 * exponents and locale-dependent points, all of which the ledger must reject.
 *
 * Products are formed in 128 bits (|int64 x int64| < 2^126) and rounded once, half away
 * from zero, then range-checked into int64.
 */
#include "ledger/fixed.h"

#include "ledger/text.h"

/* The offending input quoted for a message, made only when a message needs it: the
 * parsers run several times per usage record. Uses the locals qbuf, s and len. */
#define QUOTED ldg_text_quote(qbuf, s, len)

#include <assert.h>
#include <inttypes.h>
#include <string.h>

/* 10^0 .. 10^6: scale factors between micro-units and fewer decimals. */
static const int64_t pow10_i64[7] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

/* 10^n for 0 <= n <= 38 (10^38 < 2^127). */
static ldg_i128 pow10_i128(int n)
{
    ldg_i128 p = 1;

    assert(n >= 0 && n <= 38);
    while (n-- > 0)
        p *= 10;
    return p;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Does s[0..len) start with word, ignoring ASCII case? */
static int starts_with_ci(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word), i;

    if (len < n)
        return 0;
    for (i = 0; i < n; i++)
        if (lower_ascii(s[i]) != word[i])
            return 0;
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Sets err for the byte at s[i] that has no place in a decimal number. */
static ldg_code bad_byte(const char *q, const char *s, size_t i, ldg_error *err)
{
    unsigned char c = (unsigned char)s[i];

    if (c == '\0')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: contains a NUL byte at offset %zu", q,
                             i);
    if (is_space(s[i]))
        return ldg_error_set(err, LDG_EINVAL, "invalid number %s: whitespace not allowed",
                             q);
    if ((c == 'e' || c == 'E') && i > 0 && is_digit(s[i - 1]))
        return ldg_error_set(err, LDG_EINVAL, "invalid number %s: exponent not allowed",
                             q);
    if (c == '-' || c == '+')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: sign allowed only at the start", q);
    if (c == '.')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: more than one decimal point", q);
    if (c == ',')
        return ldg_error_set(
            err, LDG_EINVAL,
            "invalid number %s: ',' not allowed (no digit grouping, '.' is the point)",
            q);
    if (c < 0x20 || c > 0x7e)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: unexpected byte 0x%02x at offset %zu", q,
                             (unsigned)c, i);
    return ldg_error_set(err, LDG_EINVAL,
                         "invalid number %s: unexpected character '%c' at offset %zu", q,
                         (char)c, i);
}

ldg_code ldg_fixed_parse_dp(int64_t *out, const char *s, size_t len, int max_decimals,
                            ldg_error *err)
{
    char qbuf[LDG_QUOTE_BUFLEN];
    size_t i = 0, int_start, int_end, frac_start = 0, frac_end = 0;
    int negative = 0, has_point = 0;
    uint64_t mag = 0, limit;
    size_t k;

    assert(out && (s || len == 0));
    assert(max_decimals >= 0 && max_decimals <= 6);

    /* Pass 1: syntax. Errors name the first problem in reading order. */
    if (len == 0)
        return ldg_error_set(err, LDG_EINVAL, "invalid number \"\": empty");
    if (is_space(s[0]) || is_space(s[len - 1]))
        return ldg_error_set(err, LDG_EINVAL, "invalid number %s: whitespace not allowed",
                             QUOTED);
    if (s[0] == '+')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: leading '+' not allowed", QUOTED);
    if (s[0] == '-') {
        negative = 1;
        i = 1;
        if (i < len && (s[i] == '-' || s[i] == '+'))
            return ldg_error_set(err, LDG_EINVAL, "invalid number %s: more than one sign",
                                 QUOTED);
    }
    if (starts_with_ci(s + i, len - i, "nan") || starts_with_ci(s + i, len - i, "inf"))
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: not a finite decimal number", QUOTED);
    if (len - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: hexadecimal not allowed", QUOTED);
    int_start = i;
    while (i < len && is_digit(s[i]))
        i++;
    int_end = i;
    if (i < len && s[i] == '.') {
        has_point = 1;
        if (int_end == int_start)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid number %s: a digit is required before the "
                                 "decimal point",
                                 QUOTED);
        frac_start = ++i;
        while (i < len && is_digit(s[i]))
            i++;
        frac_end = i;
    }
    if (i < len)
        return bad_byte(QUOTED, s, i, err);
    if (int_end == int_start)
        return ldg_error_set(err, LDG_EINVAL, "invalid number %s: no digits", QUOTED);
    if (has_point && frac_end == frac_start)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid number %s: a digit is required after the decimal "
                             "point",
                             QUOTED);
    if (frac_end - frac_start > (size_t)max_decimals) {
        if (max_decimals == 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid number %s: must be a whole number", QUOTED);
        return ldg_error_set(err, LDG_EINVAL, "invalid number %s: more than %d decimals",
                             QUOTED, max_decimals);
    }

    /* Pass 2: value. limit is |INT64_MIN| for negatives, INT64_MAX otherwise. */
    limit = negative ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (k = int_start; k < int_end; k++) {
        /* mag stays <= 9223372036854 here, so mag * 10 + 9 cannot wrap. */
        mag = mag * 10u + (uint64_t)(s[k] - '0');
        if (mag > limit / (uint64_t)LDG_MICRO)
            goto range;
    }
    mag *= (uint64_t)LDG_MICRO;
    for (k = frac_start; k < frac_end; k++) {
        uint64_t d =
            (uint64_t)(s[k] - '0') * (uint64_t)pow10_i64[5 - (int)(k - frac_start)];

        if (mag > limit - d)
            goto range;
        mag += d;
    }
    if (negative)
        *out = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
    else
        *out = (int64_t)mag;
    return LDG_OK;

range:
    return ldg_error_set(err, LDG_ERANGE,
                         "number %s out of range: limits are -9223372036854.775808 and "
                         "9223372036854.775807",
                         QUOTED);
}

ldg_code ldg_fixed_parse(int64_t *out, const char *s, size_t len, ldg_error *err)
{
    return ldg_fixed_parse_dp(out, s, len, 6, err);
}

ldg_code ldg_fixed_parse_str(int64_t *out, const char *s, ldg_error *err)
{
    assert(s);
    return ldg_fixed_parse_dp(out, s, strlen(s), 6, err);
}

char *ldg_fixed_format(char *buf, int64_t v, int decimals)
{
    char tmp[LDG_FIXED_BUFLEN];
    uint64_t mag;
    size_t n = 0, o = 0;
    int64_t unit;

    assert(buf);
    assert(decimals >= 0 && decimals <= 6);
    unit = pow10_i64[6 - decimals];
    assert(v % unit == 0);

    /* Magnitude in uint64 so INT64_MIN needs no special case. */
    mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    mag /= (uint64_t)unit;
    do {
        tmp[n++] = (char)('0' + (int)(mag % 10u));
        mag /= 10u;
    } while (mag > 0 || n < (size_t)decimals + 1u);

    if (v < 0)
        buf[o++] = '-';
    while (n > 0) {
        buf[o++] = tmp[--n];
        if (n == (size_t)decimals && n > 0)
            buf[o++] = '.';
    }
    buf[o] = '\0';
    return buf;
}

ldg_i128 ldg_fixed_div_round(ldg_i128 n, ldg_i128 d)
{
    ldg_i128 q, r;

    assert(d > 0);
    q = n / d; /* C truncates toward zero */
    r = n % d;
    if (r < 0)
        r = -r;
    /* r >= d - r is 2r >= d without overflowing when d is near the i128 limit. */
    if (r != 0 && r >= d - r)
        q += n < 0 ? -1 : 1;
    return q;
}

/* Does v fit int64? */
static int fits_i64(ldg_i128 v)
{
    return v >= (ldg_i128)INT64_MIN && v <= (ldg_i128)INT64_MAX;
}

ldg_code ldg_fixed_mul(int64_t *out, int64_t a, int64_t b, ldg_error *err)
{
    ldg_i128 r = ldg_fixed_div_round((ldg_i128)a * b, LDG_MICRO);
    char sa[LDG_FIXED_BUFLEN], sb[LDG_FIXED_BUFLEN];

    assert(out);
    if (!fits_i64(r))
        return ldg_error_set(err, LDG_ERANGE, "product %s x %s is out of range",
                             ldg_fixed_format(sa, a, 6), ldg_fixed_format(sb, b, 6));
    *out = (int64_t)r;
    return LDG_OK;
}

ldg_code ldg_fixed_muldiv(int64_t *out, int64_t a, int64_t num, int64_t den,
                          ldg_error *err)
{
    ldg_i128 r;

    assert(out);
    assert(den > 0);
    r = ldg_fixed_div_round((ldg_i128)a * num, den);
    if (!fits_i64(r))
        return ldg_error_set(err, LDG_ERANGE,
                             "result of %" PRId64 " x %" PRId64 " / %" PRId64
                             " is out of range",
                             a, num, den);
    *out = (int64_t)r;
    return LDG_OK;
}

ldg_code ldg_fixed_round_amount(int64_t *out, ldg_i128 exact, int scale_digits,
                                int minor_digits, ldg_error *err)
{
    return ldg_fixed_round_quotient(out, exact, 1, scale_digits, minor_digits, err);
}

ldg_code ldg_fixed_round_quotient(int64_t *out, ldg_i128 num, ldg_i128 den,
                                  int scale_digits, int minor_digits, ldg_error *err)
{
    ldg_i128 d = 0, minor;
    int64_t unit;
    ldg_code rc;

    assert(out && den > 0);
    assert(scale_digits >= 6 && scale_digits - minor_digits <= 38);
    assert(minor_digits >= 0 && minor_digits <= 6);

    if ((rc = ldg_i128_mul(&d, den, pow10_i128(scale_digits - minor_digits), err)) !=
        LDG_OK)
        return rc;
    minor = ldg_fixed_div_round(num, d);
    unit = pow10_i64[6 - minor_digits];
    /* Check before scaling back up: minor * unit itself could leave int128. */
    if (minor > (ldg_i128)(INT64_MAX / unit) || minor < (ldg_i128)(INT64_MIN / unit))
        return ldg_error_set(err, LDG_ERANGE,
                             "amount out of range: more than 9223372036854.775807 in "
                             "magnitude");
    *out = (int64_t)minor * unit;
    return LDG_OK;
}

ldg_code ldg_fixed_add(int64_t *out, int64_t a, int64_t b, ldg_error *err)
{
    char sa[LDG_FIXED_BUFLEN], sb[LDG_FIXED_BUFLEN];

    assert(out);
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        return ldg_error_set(err, LDG_ERANGE, "sum %s + %s is out of range",
                             ldg_fixed_format(sa, a, 6), ldg_fixed_format(sb, b, 6));
    *out = a + b;
    return LDG_OK;
}

ldg_code ldg_fixed_sub(int64_t *out, int64_t a, int64_t b, ldg_error *err)
{
    char sa[LDG_FIXED_BUFLEN], sb[LDG_FIXED_BUFLEN];

    assert(out);
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
        return ldg_error_set(err, LDG_ERANGE, "difference %s - %s is out of range",
                             ldg_fixed_format(sa, a, 6), ldg_fixed_format(sb, b, 6));
    *out = a - b;
    return LDG_OK;
}

ldg_code ldg_i128_mul(ldg_i128 *out, ldg_i128 a, ldg_i128 b, ldg_error *err)
{
    ldg_i128 ma = a < 0 ? -a : a, mb = b < 0 ? -b : b;

    if (a == LDG_I128_MIN || b == LDG_I128_MIN || (ma != 0 && mb > LDG_I128_MAX / ma))
        return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range");
    *out = a * b;
    return LDG_OK;
}

ldg_code ldg_i128_add(ldg_i128 *acc, ldg_i128 v, ldg_error *err)
{
    if ((v > 0 && *acc > LDG_I128_MAX - v) || (v < 0 && *acc < LDG_I128_MIN - v))
        return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range");
    *acc += v;
    return LDG_OK;
}

ldg_code ldg_i128_to_i64(int64_t *out, ldg_i128 v, ldg_error *err)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range");
    *out = (int64_t)v;
    return LDG_OK;
}

int64_t ldg_pow10(int n)
{
    int64_t p = 1;

    assert(n >= 0 && n <= 18);
    while (n-- > 0)
        p *= 10;
    return p;
}
