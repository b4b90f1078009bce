/*
 * Unit tests for ledger/time.c: strict RFC 3339 UTC parsing, formatting, civil-date
 * arithmetic, month addition with clamping, billing periods. Epoch seconds in the
 * expectations are worked out by hand (comments show how) or are well-known instants.
 */
#include "ledger/time.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define DAY INT64_C(86400)

/* 2026-01-01T00:00:00Z: 2025-01-01 is 1735689600, plus 365 days. */
#define T2026 (INT64_C(1735689600) + 365 * DAY)

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

static ldg_time parse_ok(const char *s)
{
    ldg_error err;
    ldg_time t = -42;

    ldg_error_clear(&err);
    if (ldg_time_parse_str(&t, s, &err) != LDG_OK)
        fail_msg("\"%s\" rejected: %s", s, err.message);
    return t;
}

static void parse_bad_len(const char *s, size_t len, const char *reason)
{
    ldg_error err;
    ldg_time t = -42;

    ldg_error_clear(&err);
    assert_int_equal(ldg_time_parse(&t, s, len, &err), LDG_EINVAL);
    assert_int_equal(err.code, LDG_EINVAL);
    assert_int_equal(t, -42);
    if (!strstr(err.message, reason))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, reason);
    check_message(&err);
}

static void parse_bad(const char *s, const char *reason)
{
    parse_bad_len(s, strlen(s), reason);
}

static void format_is(ldg_time t, const char *want)
{
    char buf[LDG_TIME_BUFLEN];

    memset(buf, 'x', sizeof(buf));
    assert_ptr_equal(ldg_time_format(buf, t), buf);
    assert_string_equal(buf, want);
}

static void test_time_parse_accepts_utc(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parse_ok("1970-01-01T00:00:01Z"), 1);
    assert_int_equal(parse_ok("2026-01-01T00:00:00Z"), T2026);
    /* Nov 3 is day 304 + 2 of 2026 (Jan..Oct = 304 days); 14 h = 50400 s */
    assert_int_equal(parse_ok("2026-11-03T14:00:00Z"), T2026 + 306 * DAY + 50400);
    assert_int_equal(parse_ok("2026-11-03T14:00:00Z"), INT64_C(1793714400));
    assert_int_equal(parse_ok("2038-01-19T03:14:07Z"), INT64_C(2147483647));
    assert_int_equal(parse_ok("2000-01-01T00:00:00Z"), INT64_C(946684800));
    assert_int_equal(parse_ok("9999-12-31T23:59:59Z"), INT64_C(253402300799));
    assert_int_equal(parse_ok("2026-12-31T23:59:59Z"), T2026 + 365 * DAY - 1);
}

static void test_time_parse_accepts_zero_fraction(void **state)
{
    (void)state;
    assert_int_equal(parse_ok("2026-11-03T14:00:00.000Z"), INT64_C(1793714400));
    assert_int_equal(parse_ok("2026-11-03T14:00:00.0Z"), INT64_C(1793714400));
    assert_int_equal(parse_ok("2026-11-03T14:00:00.000000000Z"), INT64_C(1793714400));
}

static void test_time_parse_rejects_nonzero_or_bad_fraction(void **state)
{
    (void)state;
    parse_bad("2026-11-03T14:00:00.5Z", "fractional seconds must be zero");
    parse_bad("2026-11-03T14:00:00.001Z", "fractional seconds must be zero");
    parse_bad("2026-11-03T14:00:00.000000001Z", "fractional seconds must be zero");
    parse_bad("2026-11-03T14:00:00.Z", "expected digits after '.'");
    parse_bad("2026-11-03T14:00:00.0000000000Z", "more than 9 fractional digits");
    parse_bad("2026-11-03T14:00:00.000", "has no time zone");
}

static void test_time_parse_leap_days(void **state)
{
    (void)state;
    /* 2000-02-29: 2000-01-01 is 946684800, plus 31 + 28 days */
    assert_int_equal(parse_ok("2000-02-29T00:00:00Z"), INT64_C(946684800) + 59 * DAY);
    assert_int_equal(parse_ok("2000-02-29T00:00:00Z"), INT64_C(951782400));
    /* 2028-02-29T12:00:00Z: 2026 and 2027 have 365 days each */
    assert_int_equal(parse_ok("2028-02-29T12:00:00Z"),
                     T2026 + (365 + 365 + 59) * DAY + 12 * 3600);
    assert_int_equal(parse_ok("2024-02-29T23:59:59Z"), INT64_C(1709251199));
    parse_bad("2100-02-29T00:00:00Z", "day 29 is out of range 01..28 for 2100-02");
    parse_bad("2026-02-29T00:00:00Z", "day 29 is out of range 01..28 for 2026-02");
    parse_bad("2027-02-29T00:00:00Z", "day 29 is out of range");
    parse_bad("2028-02-30T00:00:00Z", "day 30 is out of range 01..29 for 2028-02");
    parse_bad("2026-04-31T00:00:00Z", "day 31 is out of range 01..30 for 2026-04");
}

static void test_time_parse_rejects_offsets(void **state)
{
    (void)state;
    parse_bad("2026-11-03T14:00:00+01:00",
              "timestamp \"2026-11-03T14:00:00+01:00\" has an offset: only UTC (Z) is "
              "accepted");
    parse_bad("2026-11-03T14:00:00+00:00", "has an offset: only UTC (Z) is accepted");
    parse_bad("2026-11-03T14:00:00-05:00", "has an offset: only UTC (Z) is accepted");
    parse_bad("2026-11-03T14:00:00.000+00:00", "has an offset");
    parse_bad("2026-11-03T14:00:00-00:00", "has an offset");
}

static void test_time_parse_rejects_missing_or_lowercase_zone(void **state)
{
    (void)state;
    parse_bad("2026-11-03T14:00:00",
              "timestamp \"2026-11-03T14:00:00\" has no time zone: only UTC (Z) is "
              "accepted");
    parse_bad("2026-11-03T14:00:00z", "lower-case 'z': write 'Z' for UTC");
    parse_bad("2026-11-03t14:00:00Z", "lower-case 't': write 'T' between date and time");
    parse_bad("2026-11-03t14:00:00z", "lower-case 't'");
    parse_bad("2026-11-03 14:00:00Z", "space between date and time: write 'T'");
    parse_bad("2026-11-03T14:00:00 Z", "expected 'Z' after the seconds");
    parse_bad("2026-11-03T14:00:00UTC", "expected 'Z' after the seconds");
    parse_bad("2026-11-03T14:00:00GMT", "expected 'Z' after the seconds");
}

static void test_time_parse_rejects_out_of_range_fields(void **state)
{
    (void)state;
    parse_bad("2026-00-10T00:00:00Z", "month 00 is out of range 01..12");
    parse_bad("2026-13-10T00:00:00Z", "month 13 is out of range 01..12");
    parse_bad("2026-11-00T00:00:00Z", "day 00 is out of range 01..30 for 2026-11");
    parse_bad("2026-12-32T00:00:00Z", "day 32 is out of range 01..31 for 2026-12");
    parse_bad("2026-11-03T24:00:00Z", "hour 24 is out of range 00..23");
    parse_bad("2026-11-03T99:00:00Z", "hour 99 is out of range 00..23");
    parse_bad("2026-11-03T14:60:00Z", "minute 60 is out of range 00..59");
    parse_bad("2026-11-03T14:00:60Z", "second 60 is out of range 00..59");
    parse_bad("2016-12-31T23:59:60Z", "leap seconds are not accepted");
    parse_bad("1969-12-31T23:59:59Z", "year 1969 is out of range 1970..9999");
    parse_bad("0000-01-01T00:00:00Z", "year 0000 is out of range 1970..9999");
}

static void test_time_parse_rejects_trailing_junk(void **state)
{
    (void)state;
    parse_bad("2026-11-03T14:00:00Zx", "unexpected bytes after 'Z'");
    parse_bad("2026-11-03T14:00:00Z ", "unexpected bytes after 'Z'");
    parse_bad("2026-11-03T14:00:00Z\n", "unexpected bytes after 'Z'");
    parse_bad("2026-11-03T14:00:00ZZ", "unexpected bytes after 'Z'");
    parse_bad_len("2026-11-03T14:00:00Z\0", 21, "unexpected bytes after 'Z'");
    /* the same bytes up to the NUL parse: len is what counts */
    {
        ldg_time t = 0;

        assert_int_equal(ldg_time_parse(&t, "2026-11-03T14:00:00Z\0junk", 20, NULL),
                         LDG_OK);
        assert_int_equal(t, INT64_C(1793714400));
    }
}

static void test_time_parse_rejects_too_short(void **state)
{
    (void)state;
    parse_bad("", "invalid timestamp \"\": empty");
    parse_bad("2", "too short: expected YYYY-MM-DDTHH:MM:SSZ");
    parse_bad("2026-11-03", "too short: expected YYYY-MM-DDTHH:MM:SSZ");
    parse_bad("2026-11-03T", "too short");
    parse_bad("2026-11-03T14:00", "too short");
    parse_bad("2026-11-03T14:00:0", "too short");
    parse_bad("2026-11-03T14:00Z", "expected ':' after the minute");
    parse_bad("2026-11-03T14Z", "expected ':' after the hour");
    parse_bad("2026-11-3T14:00:00Z", "day must be 2 digits");
}

static void test_time_parse_rejects_non_digits(void **state)
{
    (void)state;
    parse_bad("2O26-11-03T14:00:00Z", "year must be 4 digits"); /* letter O */
    parse_bad("26-11-03T14:00:00Z", "year must be 4 digits");
    parse_bad("-2026-11-03T14:00:00Z", "year must be 4 digits");
    parse_bad("+2026-11-03T14:00:00Z", "year must be 4 digits");
    parse_bad("10000-01-01T00:00:00Z", "expected '-' after the year");
    parse_bad("2026-1a-03T14:00:00Z", "month must be 2 digits");
    parse_bad("2026-1-03T14:00:00Z", "month must be 2 digits");
    parse_bad("2026-11-03T1:00:00Z", "hour must be 2 digits");
    parse_bad("2026-11-03T14:0x:00Z", "minute must be 2 digits");
    parse_bad("2026-11-03T14:00: 0Z", "second must be 2 digits");
    parse_bad("2026/11/03T14:00:00Z", "expected '-' after the year");
    parse_bad("2026-11/03T14:00:00Z", "expected '-' after the month");
    parse_bad("2026-11-03T14.00:00Z", "expected ':' after the hour");
    parse_bad("2026-11-03X14:00:00Z", "expected 'T' after the date");
    parse_bad("\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96-11-03T14:00:00Z",
              "invalid timestamp \"\\xef\\xbc\\x92\\xef\\xbc\\x90");
    parse_bad("1793714400", "expected '-' after the year");
}

/* 10 MB of hostile bytes: the message quotes at most 64 bytes, escaped. */
static void test_time_parse_huge_hostile_input_message_is_bounded(void **state)
{
    static char big[10u * 1024u * 1024u]; /* static: nothing leaks if an assert fails */
    char want[80];
    ldg_error err;
    ldg_time t = -42;

    (void)state;
    memset(big, '\x07', sizeof(big));
    ldg_error_clear(&err);
    assert_int_equal(ldg_time_parse(&t, big, sizeof(big), &err), LDG_EINVAL);
    check_message(&err);
    assert_non_null(strstr(err.message, "\"\\x07\\x07"));
    assert_non_null(strstr(err.message, "\"..."));

    memset(big, '0', sizeof(big));
    memcpy(big, "2026-11-03T14:00:00Z", 20);
    ldg_error_clear(&err);
    assert_int_equal(ldg_time_parse(&t, big, sizeof(big), &err), LDG_EINVAL);
    check_message(&err);
    want[0] = '"';
    memcpy(want + 1, "2026-11-03T14:00:00Z", 20);
    memset(want + 21, '0', 44);
    memcpy(want + 65, "\"...", 5);
    assert_non_null(strstr(err.message, want));

    memset(big, '0', sizeof(big));
    memcpy(big, "2026-11-03T14:00:00.", 20);
    big[sizeof(big) - 1] = 'Z';
    ldg_error_clear(&err);
    assert_int_equal(ldg_time_parse(&t, big, sizeof(big), &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "more than 9 fractional digits"));
    check_message(&err);
    assert_int_equal(t, -42);
}

static void test_time_parse_first_error_wins_and_null_err(void **state)
{
    ldg_error err;
    ldg_time t = -42;

    (void)state;
    assert_int_equal(ldg_time_parse_str(&t, "2026-13-01T00:00:00Z", NULL), LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(ldg_time_parse_str(&t, "2026-11-03T14:00:00+01:00", &err),
                     LDG_EINVAL);
    assert_int_equal(ldg_time_parse_str(&t, "x", &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "has an offset"));
    assert_int_equal(t, -42);
}

static void test_time_format_examples(void **state)
{
    (void)state;
    format_is(0, "1970-01-01T00:00:00Z");
    format_is(INT64_C(1793714400), "2026-11-03T14:00:00Z");
    format_is(INT64_C(2147483647), "2038-01-19T03:14:07Z");
    format_is(INT64_C(951782400), "2000-02-29T00:00:00Z");
    format_is(INT64_C(253402300799), "9999-12-31T23:59:59Z");
    format_is(-1, "1969-12-31T23:59:59Z");
    format_is(-DAY, "1969-12-31T00:00:00Z");
    /* the int64 extremes still format (years beyond 9999 print in full) */
    format_is(INT64_MAX, "292277026596-12-04T15:30:07Z");
    format_is(INT64_MIN, "-292277022657-01-27T08:29:52Z");
}

static void test_time_format_parse_round_trip(void **state)
{
    static const char *const instants[] = {
        "1970-01-01T00:00:00Z", "1970-12-31T23:59:59Z", "1999-12-31T23:59:59Z",
        "2000-01-01T00:00:00Z", "2000-02-28T23:59:59Z", "2000-02-29T00:00:00Z",
        "2000-02-29T23:59:59Z", "2000-03-01T00:00:00Z", "2000-12-31T23:59:59Z",
        "2024-02-29T12:34:56Z", "2026-02-28T23:59:59Z", "2026-03-01T00:00:00Z",
        "2026-11-10T00:00:00Z", "2026-12-01T02:00:00Z", "2026-12-31T23:59:59Z",
        "2027-01-01T00:00:00Z", "2028-02-29T00:00:00Z", "2029-11-10T00:00:00Z",
        "2038-01-19T03:14:08Z", "2099-12-31T23:59:59Z", "2100-02-28T23:59:59Z",
        "2100-03-01T00:00:00Z", "2400-02-29T00:00:00Z", "9999-12-31T23:59:59Z",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
        char buf[LDG_TIME_BUFLEN];

        assert_string_equal(ldg_time_format(buf, parse_ok(instants[i])), instants[i]);
    }
}

/* Every day 1970..2400 against a plain day counter; each day's first and last second
   format and parse back. */
static void test_time_every_day_1970_to_2400(void **state)
{
    int64_t y = 1970, days = 0;
    int m = 1, d = 1;

    (void)state;
    while (y < 2401) {
        int64_t yy;
        int mm, dd;
        ldg_time t;
        char buf[LDG_TIME_BUFLEN];
        ldg_error err;

        assert_int_equal(ldg_days_from_civil(y, m, d), days);
        ldg_civil_from_days(days, &yy, &mm, &dd);
        assert_int_equal(yy, y);
        assert_int_equal(mm, m);
        assert_int_equal(dd, d);
        t = days * DAY + DAY - 1;
        ldg_time_format(buf, t);
        ldg_error_clear(&err);
        assert_int_equal(ldg_time_parse_str(&t, buf, &err), LDG_OK);
        assert_int_equal(t, days * DAY + DAY - 1);
        assert_int_equal(ldg_time_from_civil(y, m, d, 0, 0, 0), days * DAY);

        days++;
        if (++d > ldg_days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    /* 1970-01-01 .. 2401-01-01: 431 years and 105 leap days (108 multiples of 4 in
       1972..2400, less 2100, 2200 and 2300) */
    assert_int_equal(days, 431 * 365 + 105);
}

static void test_time_days_in_month_and_leap_years(void **state)
{
    (void)state;
    assert_int_equal(ldg_days_in_month(2026, 1), 31);
    assert_int_equal(ldg_days_in_month(2026, 2), 28);
    assert_int_equal(ldg_days_in_month(2028, 2), 29);
    assert_int_equal(ldg_days_in_month(2000, 2), 29);
    assert_int_equal(ldg_days_in_month(2100, 2), 28);
    assert_int_equal(ldg_days_in_month(1900, 2), 28);
    assert_int_equal(ldg_days_in_month(2400, 2), 29);
    assert_int_equal(ldg_days_in_month(2026, 4), 30);
    assert_int_equal(ldg_days_in_month(2026, 6), 30);
    assert_int_equal(ldg_days_in_month(2026, 9), 30);
    assert_int_equal(ldg_days_in_month(2026, 11), 30);
    assert_int_equal(ldg_days_in_month(2026, 12), 31);
}

static void test_time_civil_conversions(void **state)
{
    int64_t y;
    int m, d, hh, mi, ss;

    (void)state;
    assert_int_equal(ldg_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(ldg_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(ldg_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(ldg_days_from_civil(1600, 1, 1), -135140);
    ldg_civil_from_days(-1, &y, &m, &d);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
    assert_int_equal(ldg_time_from_civil(2026, 11, 3, 14, 0, 0), INT64_C(1793714400));
    ldg_time_to_civil(INT64_C(1793714400) + 3599, &y, &m, &d, &hh, &mi, &ss);
    assert_int_equal(y, 2026);
    assert_int_equal(m, 11);
    assert_int_equal(d, 3);
    assert_int_equal(hh, 14);
    assert_int_equal(mi, 59);
    assert_int_equal(ss, 59);
    ldg_time_to_civil(-1, &y, &m, &d, &hh, &mi, &ss);
    assert_int_equal(y, 1969);
    assert_int_equal(hh, 23);
    assert_int_equal(mi, 59);
    assert_int_equal(ss, 59);
}

static void add_months_is(const char *from, int months, const char *want)
{
    char buf[LDG_TIME_BUFLEN];

    assert_string_equal(ldg_time_format(buf, ldg_time_add_months(parse_ok(from), months)),
                        want);
}

static void test_time_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    add_months_is("2026-01-31T10:20:30Z", 1, "2026-02-28T10:20:30Z");
    add_months_is("2028-01-31T10:20:30Z", 1, "2028-02-29T10:20:30Z");
    add_months_is("2026-08-31T00:00:00Z", 6, "2027-02-28T00:00:00Z");
    add_months_is("2027-08-31T00:00:00Z", 6, "2028-02-29T00:00:00Z");
    add_months_is("2026-03-31T00:00:00Z", 1, "2026-04-30T00:00:00Z");
    add_months_is("2028-02-29T00:00:00Z", 12, "2029-02-28T00:00:00Z");
    add_months_is("2028-02-29T00:00:00Z", 48, "2032-02-29T00:00:00Z");
    add_months_is("2099-02-28T00:00:00Z", 12, "2100-02-28T00:00:00Z");
    /* from the start each time, not step by step: Jan 31 + 2 is Mar 31 */
    add_months_is("2026-01-31T00:00:00Z", 2, "2026-03-31T00:00:00Z");
}

static void test_time_add_months_years_and_negative(void **state)
{
    (void)state;
    add_months_is("2026-11-10T00:00:00Z", 12, "2027-11-10T00:00:00Z");
    add_months_is("2026-11-10T00:00:00Z", 36, "2029-11-10T00:00:00Z");
    add_months_is("2026-11-10T00:00:00Z", 2, "2027-01-10T00:00:00Z");
    add_months_is("2026-12-31T23:59:59Z", 1, "2027-01-31T23:59:59Z");
    add_months_is("2026-11-10T00:00:00Z", 0, "2026-11-10T00:00:00Z");
    add_months_is("2026-03-31T00:00:00Z", -1, "2026-02-28T00:00:00Z");
    add_months_is("2026-01-15T08:00:00Z", -1, "2025-12-15T08:00:00Z");
    add_months_is("2026-01-31T00:00:00Z", -13, "2024-12-31T00:00:00Z");
    add_months_is("2026-01-31T00:00:00Z", -23, "2024-02-29T00:00:00Z");
    add_months_is("1970-01-01T00:00:00Z", -1, "1969-12-01T00:00:00Z");
}

static ldg_period period_ok(const char *s)
{
    ldg_error err;
    ldg_period p;

    ldg_error_clear(&err);
    if (ldg_period_parse(&p, s, &err) != LDG_OK)
        fail_msg("\"%s\" rejected: %s", s, err.message);
    return p;
}

static void period_bad(const char *s, const char *reason)
{
    ldg_error err;
    ldg_period p = { -1, -1, -1, -1 };

    ldg_error_clear(&err);
    assert_int_equal(ldg_period_parse(&p, s, &err), LDG_EINVAL);
    assert_int_equal(p.year, -1);
    if (!strstr(err.message, reason))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, reason);
    check_message(&err);
}

static void test_period_parse(void **state)
{
    ldg_period p;
    char buf[8];

    (void)state;
    p = period_ok("2026-11");
    assert_int_equal(p.year, 2026);
    assert_int_equal(p.month, 11);
    assert_int_equal(p.start, parse_ok("2026-11-01T00:00:00Z"));
    assert_int_equal(p.end, parse_ok("2026-12-01T00:00:00Z"));
    assert_string_equal(ldg_period_format(buf, p), "2026-11");
    p = period_ok("1970-01");
    assert_int_equal(p.start, 0);
    assert_string_equal(ldg_period_format(buf, p), "1970-01");
    p = period_ok("9999-12");
    assert_int_equal(p.end, INT64_C(253402300800));
    assert_string_equal(ldg_period_format(buf, p), "9999-12");
}

static void test_period_parse_rejects(void **state)
{
    (void)state;
    period_bad("2026-13", "invalid period \"2026-13\": month 13 is out of range 01..12");
    period_bad("2026-00", "month 00 is out of range 01..12");
    period_bad("2026-1", "invalid period \"2026-1\": expected YYYY-MM");
    period_bad("202611", "expected YYYY-MM");
    period_bad("2026-11-01", "expected YYYY-MM");
    period_bad("", "invalid period \"\": empty");
    period_bad("2026/11", "expected YYYY-MM");
    period_bad("26-11", "expected YYYY-MM");
    period_bad("2026-1a", "expected YYYY-MM");
    period_bad(" 2026-11", "expected YYYY-MM");
    period_bad("2026-11 ", "expected YYYY-MM");
    period_bad("2026-+1", "expected YYYY-MM");
    period_bad("1969-12", "year 1969 is out of range 1970..9999");
    period_bad("2026-11\x1b", "invalid period \"2026-11\\x1b\": expected YYYY-MM");
}

static void test_period_next_across_december(void **state)
{
    ldg_period p = period_ok("2026-12"), n = ldg_period_next(p);
    char buf[8];

    (void)state;
    assert_int_equal(n.year, 2027);
    assert_int_equal(n.month, 1);
    assert_int_equal(n.start, p.end);
    assert_int_equal(n.start, parse_ok("2027-01-01T00:00:00Z"));
    assert_int_equal(n.end, parse_ok("2027-02-01T00:00:00Z"));
    assert_string_equal(ldg_period_format(buf, n), "2027-01");
    n = ldg_period_next(period_ok("2026-11"));
    assert_string_equal(ldg_period_format(buf, n), "2026-12");
    assert_int_equal(n.end, parse_ok("2027-01-01T00:00:00Z"));
}

static void test_period_hours_by_month_length(void **state)
{
    (void)state;
    assert_int_equal(ldg_period_hours(period_ok("2026-02")), 672);
    assert_int_equal(ldg_period_hours(period_ok("2100-02")), 672);
    assert_int_equal(ldg_period_hours(period_ok("2028-02")), 696);
    assert_int_equal(ldg_period_hours(period_ok("2000-02")), 696);
    assert_int_equal(ldg_period_hours(period_ok("2026-11")), 720);
    assert_int_equal(ldg_period_hours(period_ok("2026-04")), 720);
    assert_int_equal(ldg_period_hours(period_ok("2026-12")), 744);
    assert_int_equal(ldg_period_hours(period_ok("2026-01")), 744);
}

static void test_period_year_of_nexts(void **state)
{
    ldg_period p = period_ok("2026-01"), q = period_ok("2028-01");
    int64_t h2026 = 0, h2028 = 0;
    int i;

    (void)state;
    for (i = 0; i < 12; i++) {
        ldg_period pn = ldg_period_next(p), qn = ldg_period_next(q);

        h2026 += ldg_period_hours(p);
        h2028 += ldg_period_hours(q);
        assert_int_equal(pn.start, p.end);
        assert_int_equal(qn.start, q.end);
        p = pn;
        q = qn;
    }
    assert_int_equal(h2026, 8760);
    assert_int_equal(h2028, 8784);
    assert_int_equal(p.year, 2027);
    assert_int_equal(p.month, 1);
}

static void test_period_of_instant(void **state)
{
    char buf[8];
    ldg_period p;

    (void)state;
    p = ldg_period_of(parse_ok("2026-11-30T23:59:59Z"));
    assert_string_equal(ldg_period_format(buf, p), "2026-11");
    assert_int_equal(p.start, parse_ok("2026-11-01T00:00:00Z"));
    assert_int_equal(p.end, parse_ok("2026-12-01T00:00:00Z"));
    p = ldg_period_of(parse_ok("2026-12-01T00:00:00Z"));
    assert_string_equal(ldg_period_format(buf, p), "2026-12");
    p = ldg_period_of(parse_ok("2028-02-29T12:00:00Z"));
    assert_string_equal(ldg_period_format(buf, p), "2028-02");
    assert_int_equal(ldg_period_hours(p), 696);
    p = ldg_period_of(0);
    assert_string_equal(ldg_period_format(buf, p), "1970-01");
}

/* issue 16: one date parser for the command line: month, day or instant, as a span */
static ldg_when when_ok(const char *s)
{
    ldg_error err;
    ldg_when w;

    ldg_error_clear(&err);
    if (ldg_when_parse(&w, s, &err) != LDG_OK)
        fail_msg("\"%s\" rejected: %s", s, err.message);
    return w;
}

static void when_bad(const char *s, const char *reason)
{
    ldg_error err;
    ldg_when w;

    ldg_error_clear(&err);
    assert_int_equal(ldg_when_parse(&w, s, &err), LDG_EINVAL);
    if (!strstr(err.message, reason))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, reason);
    check_message(&err);
}

static void test_when_parse_three_forms(void **state)
{
    ldg_when w;

    (void)state;
    w = when_ok("2026-11");
    assert_int_equal(w.kind, LDG_WHEN_MONTH);
    assert_int_equal(w.start, parse_ok("2026-11-01T00:00:00Z"));
    assert_int_equal(w.end, parse_ok("2026-12-01T00:00:00Z"));
    w = when_ok("2024-02-29");
    assert_int_equal(w.kind, LDG_WHEN_DAY);
    assert_int_equal(w.start, parse_ok("2024-02-29T00:00:00Z"));
    assert_int_equal(w.end, parse_ok("2024-03-01T00:00:00Z"));
    w = when_ok("2026-11-03T14:00:00Z");
    assert_int_equal(w.kind, LDG_WHEN_INSTANT);
    assert_int_equal(w.start, parse_ok("2026-11-03T14:00:00Z"));
    assert_int_equal(w.end, w.start + 1);
    w = when_ok("2026-11-03T14:00:00.000Z");
    assert_int_equal(w.start, parse_ok("2026-11-03T14:00:00Z"));
    /* an offset is full RFC 3339 too: converted to UTC */
    w = when_ok("2026-11-03T15:30:00+01:30");
    assert_int_equal(w.start, parse_ok("2026-11-03T14:00:00Z"));
    w = when_ok("2026-11-30T22:00:00-05:00");
    assert_int_equal(w.start, parse_ok("2026-12-01T03:00:00Z"));
    w = when_ok("2026-11-03T14:00:00.00+00:00");
    assert_int_equal(w.start, parse_ok("2026-11-03T14:00:00Z"));
}

static void test_when_parse_rejects(void **state)
{
    (void)state;
    when_bad("March", "invalid date \"March\": expected YYYY-MM, YYYY-MM-DD or an RFC "
                      "3339 instant");
    when_bad("", "expected YYYY-MM, YYYY-MM-DD");
    when_bad("2026-13", "month 13 is out of range 01..12");
    when_bad("2026-02-30",
             "invalid date \"2026-02-30\": expected YYYY-MM-DD, a day from");
    when_bad("2026-11-03 14:00:00Z", "expected YYYY-MM, YYYY-MM-DD");
    when_bad("2026-11-03T14:00:00", "has no time zone");
    when_bad("2026-11-03T24:00:00Z", "hour 24 is out of range");
    when_bad("2026-11-03T14:00:00+24:00", "the offset must be +HH:MM or -HH:MM");
    when_bad("2026-11-03T14:00:00+0a:00", "the offset must be +HH:MM or -HH:MM");
    when_bad("2026-11-03T14:00:00.5+01:00", "fractional seconds must be zero");
    when_bad("2026-11-03T14:00Z+01:00", "invalid timestamp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_parse_accepts_utc),
        cmocka_unit_test(test_time_parse_accepts_zero_fraction),
        cmocka_unit_test(test_time_parse_rejects_nonzero_or_bad_fraction),
        cmocka_unit_test(test_time_parse_leap_days),
        cmocka_unit_test(test_time_parse_rejects_offsets),
        cmocka_unit_test(test_time_parse_rejects_missing_or_lowercase_zone),
        cmocka_unit_test(test_time_parse_rejects_out_of_range_fields),
        cmocka_unit_test(test_time_parse_rejects_trailing_junk),
        cmocka_unit_test(test_time_parse_rejects_too_short),
        cmocka_unit_test(test_time_parse_rejects_non_digits),
        cmocka_unit_test(test_time_parse_huge_hostile_input_message_is_bounded),
        cmocka_unit_test(test_time_parse_first_error_wins_and_null_err),
        cmocka_unit_test(test_time_format_examples),
        cmocka_unit_test(test_time_format_parse_round_trip),
        cmocka_unit_test(test_time_every_day_1970_to_2400),
        cmocka_unit_test(test_time_days_in_month_and_leap_years),
        cmocka_unit_test(test_time_civil_conversions),
        cmocka_unit_test(test_time_add_months_clamps_to_month_end),
        cmocka_unit_test(test_time_add_months_years_and_negative),
        cmocka_unit_test(test_period_parse),
        cmocka_unit_test(test_period_parse_rejects),
        cmocka_unit_test(test_period_next_across_december),
        cmocka_unit_test(test_period_hours_by_month_length),
        cmocka_unit_test(test_period_year_of_nexts),
        cmocka_unit_test(test_period_of_instant),
        cmocka_unit_test(test_when_parse_three_forms),
        cmocka_unit_test(test_when_parse_rejects),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
