/*
 * libFuzzer target: decimal strings (ledger/fixed.h), the one way quantities, rates and
 * money enter the ledger from files and documents.
 *
 * The input is one or two decimals: the bytes before the first '\n' are a, the bytes
 * after it (if any) b. Every result is checked against a reference written here
 * independently of fixed.c (a 128-bit accumulator with a saturating bound and the
 * rounding rule of DESIGN.md), so a wrong value, not only a crash, is a finding:
 *   - ldg_fixed_parse_dp(a, d) for d = 0..6 accepts exactly the syntax of fixed.h with
 *     at most d decimals, gives the reference value, and LDG_ERANGE exactly when the
 *     value leaves int64 micro-units;
 *   - an accepted value formats and parses back to itself at every precision it has;
 *   - with two values: add, sub, mul, muldiv and round_amount against the reference.
 */
#include "ledger/fixed.h"
#include "tests/fuzz/fuzz.h"

#include <limits.h>

/* Reference syntax and value: 1 valid (*v set, *range when out of int64), 0 not. */
static int ref_parse(int64_t *v, int *range, const char *s, size_t len, int max_dec)
{
    size_t i = 0, nint = 0, nfrac = 0;
    int neg = 0;
    ldg_i128 mag = 0;
    const ldg_i128 cap = (ldg_i128)1 << 100; /* saturate far above any int64 */

    *range = 0;
    if (i < len && s[i] == '-') {
        neg = 1;
        i++;
    }
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        mag = mag * 10 + (s[i] - '0');
        if (mag > cap)
            mag = cap;
        i++;
        nint++;
    }
    if (nint == 0)
        return 0;
    mag *= LDG_MICRO;
    if (i < len && s[i] == '.') {
        ldg_i128 scale = LDG_MICRO / 10;
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (nfrac < 6)
                mag += (s[i] - '0') * scale;
            scale /= 10;
            i++;
            nfrac++;
        }
        if (nfrac == 0)
            return 0;
    }
    if (i != len || nfrac > (size_t)max_dec)
        return 0;
    if (neg)
        mag = -mag;
    if (mag > INT64_MAX || mag < INT64_MIN) {
        *range = 1;
        return 1;
    }
    *v = (int64_t)mag;
    return 1;
}

/* Round n / d half away from zero, d > 0 (DESIGN.md's one rounding). */
static ldg_i128 ref_div(ldg_i128 n, ldg_i128 d)
{
    ldg_i128 q = n / d, r = n % d;

    if (r < 0)
        r = -r;
    if (2 * r >= d && r != 0)
        q += n < 0 ? -1 : 1;
    return q;
}

static int fits(ldg_i128 v)
{
    return v >= INT64_MIN && v <= INT64_MAX;
}

static const int64_t pow10[7] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };

/* Parses s at every precision against the reference; 1 with *out when it is a value. */
static int check_parse(int64_t *out, const char *s, size_t len)
{
    int ok6 = 0;

    for (int d = 0; d <= 6; d++) {
        int64_t got = 0, want = 0;
        int range, valid = ref_parse(&want, &range, s, len, d);
        ldg_error e;
        ldg_code rc;

        ldg_error_clear(&e);
        rc = ldg_fixed_parse_dp(&got, s, len, d, &e);
        fuzz_check_error(rc, &e);
        if (!valid) {
            FUZZ_CHECK(rc == LDG_EINVAL);
        } else if (range) {
            FUZZ_CHECK(rc == LDG_ERANGE);
        } else {
            FUZZ_CHECK(rc == LDG_OK && got == want);
            FUZZ_CHECK(got % pow10[6 - d] == 0);
            if (d == 6) {
                *out = got;
                ok6 = 1;
            }
        }
    }
    if (ok6) {
        int64_t back = 0;
        ldg_error e;

        for (int d = 0; d <= 6; d++) {
            char buf[LDG_FIXED_BUFLEN];

            if (*out % pow10[6 - d] != 0)
                continue;
            ldg_fixed_format(buf, *out, d);
            ldg_error_clear(&e);
            FUZZ_CHECK(ldg_fixed_parse_dp(&back, buf, strlen(buf), d, &e) == LDG_OK);
            FUZZ_CHECK(back == *out);
        }
    }
    return ok6;
}

static void check_pair(int64_t a, int64_t b)
{
    ldg_i128 prod = (ldg_i128)a * b;
    int64_t got = 0, den;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_fixed_add(&got, a, b, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(fits((ldg_i128)a + b) ? rc == LDG_OK && got == a + b : rc == LDG_ERANGE);

    ldg_error_clear(&e);
    rc = ldg_fixed_sub(&got, a, b, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(fits((ldg_i128)a - b) ? rc == LDG_OK && got == a - b : rc == LDG_ERANGE);

    ldg_error_clear(&e);
    rc = ldg_fixed_mul(&got, a, b, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(fits(ref_div(prod, LDG_MICRO))
                   ? rc == LDG_OK && got == (int64_t)ref_div(prod, LDG_MICRO)
                   : rc == LDG_ERANGE);

    den = b == INT64_MIN ? INT64_MAX : (b < 0 ? -b : b);
    if (den == 0)
        den = 1;
    ldg_error_clear(&e);
    rc = ldg_fixed_muldiv(&got, a, a, den, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(fits(ref_div((ldg_i128)a * a, den))
                   ? rc == LDG_OK && got == (int64_t)ref_div((ldg_i128)a * a, den)
                   : rc == LDG_ERANGE);

    /* qty x rate in 10^-12, rounded to the minor unit of a currency of 0..6 digits */
    for (int minor = 0; minor <= 6; minor++) {
        ldg_i128 m = ref_div(prod, (ldg_i128)LDG_MICRO * pow10[6 - minor]);
        ldg_i128 micros = m * pow10[6 - minor];

        ldg_error_clear(&e);
        rc = ldg_fixed_round_amount(&got, prod, 12, minor, &e);
        fuzz_check_error(rc, &e);
        if (rc == LDG_OK)
            FUZZ_CHECK(micros == got);
        else
            FUZZ_CHECK(rc == LDG_ERANGE && !fits(micros));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_copy(data, size);
    const char *nl = memchr(s, '\n', size);
    size_t alen = nl ? (size_t)(nl - s) : size;
    int64_t a = 0, b = 0;
    int have_a = check_parse(&a, s, alen);

    if (nl) {
        size_t blen = size - alen - 1;
        int have_b = check_parse(&b, nl + 1, blen);
        if (have_a && have_b)
            check_pair(a, b);
    } else if (have_a) {
        check_pair(a, a);
    }
    free(s);
    return 0;
}
