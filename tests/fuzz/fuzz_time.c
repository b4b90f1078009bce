/*
 * libFuzzer target: RFC 3339 timestamps and billing periods (ledger/time.h), as they
 * come in usage files, contract documents and command-line options.
 *
 * Checked against a reference written here, independently of time.c (a closed-form day
 * count, not Hinnant's algorithm):
 *   - ldg_time_parse accepts exactly "YYYY-MM-DDTHH:MM:SS" with an optional all-zero
 *     fraction of 1..9 digits and "Z", years 1970..9999, real calendar dates, hours
 *     00..23, minutes and seconds 00..59, and gives the reference instant;
 *   - an accepted instant formats to the input's first 19 bytes plus "Z";
 *   - ldg_time_add_months keeps the time of day and clamps the day to the month's end;
 *   - ldg_period_parse (the input as a string) accepts exactly "YYYY-MM" in range, and
 *     the period's start, end, hours, format and neighbours agree with the reference.
 */
#include "ledger/time.h"
#include "tests/fuzz/fuzz.h"

static int ref_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int ref_dim(int64_t y, int m)
{
    static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && ref_leap(y) ? 29 : dim[m - 1];
}

/* Days from 1970-01-01 to y-m-d, y >= 1970: whole years, then whole months. */
static int64_t ref_days(int64_t y, int m, int d)
{
    int64_t leaps_before = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400;
    int64_t leaps_1970 = 1969 / 4 - 1969 / 100 + 1969 / 400;
    int64_t days = (y - 1970) * 365 + (leaps_before - leaps_1970);

    for (int k = 1; k < m; k++)
        days += ref_dim(y, k);
    return days + d - 1;
}

static int digits(const char *s, size_t n, int *out)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* 1 and *t when s is a timestamp time.h accepts. */
static int ref_time(ldg_time *t, const char *s, size_t len)
{
    int y, mo, d, h, mi, se;
    size_t i = 19;

    if (len < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
        s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) ||
        s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
        !digits(s + 17, 2, &se))
        return 0;
    if (s[i] == '.') {
        size_t start = ++i;
        while (i < len && s[i] == '0')
            i++;
        if (i == start || i - start > 9)
            return 0;
    }
    if (i + 1 != len || s[i] != 'Z')
        return 0;
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > ref_dim(y, mo) ||
        h > 23 || mi > 59 || se > 59)
        return 0;
    *t = ref_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 1;
}

static void check_add_months(ldg_time t, int months)
{
    int64_t y, y2;
    int m, d, hh, mm, ss, m2, d2, hh2, mm2, ss2;
    int64_t total;

    ldg_time_to_civil(t, &y, &m, &d, &hh, &mm, &ss);
    ldg_time_to_civil(ldg_time_add_months(t, months), &y2, &m2, &d2, &hh2, &mm2, &ss2);
    total = y * 12 + (m - 1) + months;
    FUZZ_CHECK(y2 == total / 12 && m2 == (int)(total % 12) + 1);
    FUZZ_CHECK(d2 == (d < ref_dim(y2, m2) ? d : ref_dim(y2, m2)));
    FUZZ_CHECK(hh2 == hh && mm2 == mm && ss2 == ss);
}

static void check_period(const char *s)
{
    size_t len = strlen(s);
    int y = 0, mo = 0;
    int valid = len == 7 && digits(s, 4, &y) && s[4] == '-' && digits(s + 5, 2, &mo) &&
                y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12;
    ldg_period p;
    ldg_error e;
    ldg_code rc;
    char buf[16];

    ldg_error_clear(&e);
    rc = ldg_period_parse(&p, s, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(valid ? rc == LDG_OK : rc == LDG_EINVAL);
    if (!valid)
        return;
    FUZZ_CHECK(p.year == y && p.month == mo);
    FUZZ_CHECK(p.start == ref_days(y, mo, 1) * 86400);
    FUZZ_CHECK(p.end == p.start + (int64_t)ref_dim(y, mo) * 86400);
    FUZZ_CHECK(ldg_period_hours(p) == (int64_t)ref_dim(y, mo) * 24);
    FUZZ_CHECK(strcmp(ldg_period_format(buf, p), s) == 0);
    FUZZ_CHECK(ldg_period_of(p.start).start == p.start);
    FUZZ_CHECK(ldg_period_of(p.end - 1).start == p.start);
    FUZZ_CHECK(ldg_period_next(p).start == p.end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_copy(data, size);
    ldg_time got = 0, want = 0;
    int valid = ref_time(&want, s, size);
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_time_parse(&got, s, size, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(valid ? rc == LDG_OK : rc == LDG_EINVAL);
    if (valid) {
        char buf[LDG_TIME_BUFLEN];
        unsigned sum = 0;

        FUZZ_CHECK(got == want);
        ldg_time_format(buf, got);
        FUZZ_CHECK(strlen(buf) == 20 && memcmp(buf, s, 19) == 0 && buf[19] == 'Z');
        for (size_t i = 0; i < size; i++)
            sum += data[i];
        check_add_months(got, (int)(sum % 1201));
    }
    free(s);

    s = fuzz_cstr(data, size);
    check_period(s);
    free(s);
    return 0;
}
