/*
 * UTC instants, RFC 3339 text and calendar months, by pure integer arithmetic.
 *
 * Invariant: an ldg_time is whole seconds since 1970-01-01T00:00:00Z with no leap
 * seconds (POSIX time), so every day has 86400 seconds and a month of d days has
 * exactly 24 * d hours. Dates convert with Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms"), which are exact for
 * the whole proleptic Gregorian calendar. gmtime/timegm/strptime were dropped: they
 * depend on the C library and TZ, accept more than RFC 3339 UTC, and gmtime is banned.
 *
 * The parser accepts one spelling only, "YYYY-MM-DDTHH:MM:SSZ" with an optional
 * all-zero fraction, and checks it position by position so the message names the
 * first thing wrong: an offset, a lower-case 't', a missing 'Z', day 30 of February.
 */
#include "ledger/time.h"

#include "ledger/text.h"

/* The offending input quoted for a message, made only when a message needs it: the
 * parsers run several times per usage record. Uses the locals qbuf, s and len. */
#define QUOTED ldg_text_quote(qbuf, s, len)

#include <assert.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define SECS_PER_DAY INT64_C(86400)
#define YEAR_MIN     1970
#define YEAR_MAX     9999
#define FRAC_MAX     9 /* nanoseconds: more fractional digits than that is noise */

/* Floor division and modulo for d > 0 (C's / truncates toward zero). */
static int64_t floor_div(int64_t n, int64_t d)
{
    int64_t q = n / d;

    return (n % d < 0) ? q - 1 : q;
}

static int is_leap(int64_t y)
{
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int ldg_days_in_month(int64_t y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    assert(m >= 1 && m <= 12);
    return (m == 2 && is_leap(y)) ? 29 : days[m - 1];
}

int64_t ldg_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    assert(m >= 1 && m <= 12);
    y -= m <= 2; /* the computational year starts on March 1st */
    era = floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ldg_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + 719468, era, doe, yoe, doy, mp;

    era = floor_div(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

ldg_time ldg_time_from_civil(int64_t y, int m, int d, int hh, int mm, int ss)
{
    return ldg_days_from_civil(y, m, d) * SECS_PER_DAY + (int64_t)hh * LDG_SECS_PER_HOUR +
           (int64_t)mm * 60 + ss;
}

void ldg_time_to_civil(ldg_time t, int64_t *y, int *m, int *d, int *hh, int *mm, int *ss)
{
    int64_t days = floor_div(t, SECS_PER_DAY);
    int64_t secs =
        t % SECS_PER_DAY; /* not t - days * 86400: that overflows near INT64_MIN */

    if (secs < 0)
        secs += SECS_PER_DAY;

    ldg_civil_from_days(days, y, m, d);
    *hh = (int)(secs / LDG_SECS_PER_HOUR);
    *mm = (int)(secs / 60 % 60);
    *ss = (int)(secs % 60);
}

/* Reads n ASCII digits at s; -1 if any is not a digit. */
static int read_digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

ldg_code ldg_date_parse(int64_t *out_days, const char *s, ldg_error *err)
{
    int y, m, d;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return ldg_error_set(err, LDG_EINVAL, "date must be YYYY-MM-DD");
    y = read_digits(s, 4);
    m = read_digits(s + 5, 2);
    d = read_digits(s + 8, 2);
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > ldg_days_in_month(y, m))
        return ldg_error_set(err, LDG_EINVAL, "\"%.10s\" is not a date from 1970 to 9999",
                             s);
    *out_days = ldg_days_from_civil(y, m, d);
    return LDG_OK;
}

/* One step of the fixed layout "YYYY-MM-DDTHH:MM:SS": a number or a separator. */
struct layout_step {
    size_t pos;
    int width;        /* digits; 0 for a separator */
    char sep;         /* the separator byte when width == 0 */
    const char *what; /* "year", or what the separator follows */
};

static const struct layout_step layout[] = {
    { 0, 4, 0, "year" },          { 4, 0, '-', "the year" },  { 5, 2, 0, "month" },
    { 7, 0, '-', "the month" },   { 8, 2, 0, "day" },         { 10, 0, 'T', "the date" },
    { 11, 2, 0, "hour" },         { 13, 0, ':', "the hour" }, { 14, 2, 0, "minute" },
    { 16, 0, ':', "the minute" }, { 17, 2, 0, "second" },
};

#define LAYOUT_LEN 19 /* strlen("YYYY-MM-DDTHH:MM:SS") */

ldg_code ldg_time_parse(ldg_time *out, const char *s, size_t len, ldg_error *err)
{
    char qbuf[LDG_QUOTE_BUFLEN];
    int field[6], nfield = 0, dim;
    size_t i, pos, frac_start;

    assert(out && (s || len == 0));
    if (len == 0)
        return ldg_error_set(err, LDG_EINVAL, "invalid timestamp \"\": empty");

    for (i = 0; i < sizeof(layout) / sizeof(layout[0]); i++) {
        const struct layout_step *st = &layout[i];
        size_t w = st->width ? (size_t)st->width : 1;
        size_t k;

        /* Wrong bytes seen before the end of input are named before "too short". */
        for (k = st->pos; k < st->pos + w && k < len; k++) {
            char c = s[k];

            if (st->width && (c < '0' || c > '9'))
                return ldg_error_set(err, LDG_EINVAL,
                                     "invalid timestamp %s: %s must be %d digits", QUOTED,
                                     st->what, st->width);
            if (!st->width && c != st->sep) {
                if (st->sep == 'T' && c == 't')
                    return ldg_error_set(err, LDG_EINVAL,
                                         "invalid timestamp %s: lower-case 't': write "
                                         "'T' between date and time",
                                         QUOTED);
                if (st->sep == 'T' && c == ' ')
                    return ldg_error_set(err, LDG_EINVAL,
                                         "invalid timestamp %s: space between date and "
                                         "time: write 'T'",
                                         QUOTED);
                return ldg_error_set(err, LDG_EINVAL,
                                     "invalid timestamp %s: expected '%c' after %s",
                                     QUOTED, st->sep, st->what);
            }
        }
        if (st->pos + w > len)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid timestamp %s: too short: expected "
                                 "YYYY-MM-DDTHH:MM:SSZ",
                                 QUOTED);
        if (st->width)
            field[nfield++] = read_digits(s + st->pos, st->width);
    }

    pos = LAYOUT_LEN;
    if (pos < len && s[pos] == '.') {
        frac_start = ++pos;
        while (pos < len && s[pos] >= '0' && s[pos] <= '9') {
            if (s[pos] != '0')
                return ldg_error_set(err, LDG_EINVAL,
                                     "invalid timestamp %s: fractional seconds must be "
                                     "zero: usage is in whole seconds",
                                     QUOTED);
            pos++;
        }
        if (pos == frac_start)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid timestamp %s: expected digits after '.'",
                                 QUOTED);
        if (pos - frac_start > FRAC_MAX)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid timestamp %s: more than %d fractional digits",
                                 QUOTED, FRAC_MAX);
    }
    if (pos == len)
        return ldg_error_set(err, LDG_EINVAL,
                             "timestamp %s has no time zone: only UTC (Z) is accepted",
                             QUOTED);
    if (s[pos] == '+' || s[pos] == '-')
        return ldg_error_set(err, LDG_EINVAL,
                             "timestamp %s has an offset: only UTC (Z) is accepted",
                             QUOTED);
    if (s[pos] == 'z')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: lower-case 'z': write 'Z' for UTC",
                             QUOTED);
    if (s[pos] != 'Z')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: expected 'Z' after the seconds",
                             QUOTED);
    if (pos + 1 != len)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: unexpected bytes after 'Z'", QUOTED);

    if (field[0] < YEAR_MIN || field[0] > YEAR_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: year %04d is out of range %d..%d",
                             QUOTED, field[0], YEAR_MIN, YEAR_MAX);
    if (field[1] < 1 || field[1] > 12)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: month %02d is out of range 01..12",
                             QUOTED, field[1]);
    dim = ldg_days_in_month(field[0], field[1]);
    if (field[2] < 1 || field[2] > dim)
        return ldg_error_set(
            err, LDG_EINVAL,
            "invalid timestamp %s: day %02d is out of range 01..%02d for "
            "%04d-%02d",
            QUOTED, field[2], dim, field[0], field[1]);
    if (field[3] > 23)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: hour %02d is out of range 00..23",
                             QUOTED, field[3]);
    if (field[4] > 59)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: minute %02d is out of range 00..59",
                             QUOTED, field[4]);
    if (field[5] > 59)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: second %02d is out of range 00..59 "
                             "(leap seconds are not accepted)",
                             QUOTED, field[5]);

    *out =
        ldg_time_from_civil(field[0], field[1], field[2], field[3], field[4], field[5]);
    return LDG_OK;
}

ldg_code ldg_time_parse_str(ldg_time *out, const char *s, ldg_error *err)
{
    assert(s);
    return ldg_time_parse(out, s, strlen(s), err);
}

/* Writes v (0..99) as two digits at d. */
static void put2(char *d, int v)
{
    d[0] = (char)('0' + v / 10);
    d[1] = (char)('0' + v % 10);
}

char *ldg_time_format(char *buf, ldg_time t)
{
    int64_t y;
    int m, d, hh, mm, ss;

    assert(buf);
    ldg_time_to_civil(t, &y, &m, &d, &hh, &mm, &ss);
    if (y >= 0 && y <= 9999) {
        /* the common case by hand: this runs twice per entry on ingest and verify */
        memcpy(buf, "0000-00-00T00:00:00Z", sizeof("0000-00-00T00:00:00Z"));
        put2(buf, (int)y / 100);
        put2(buf + 2, (int)y % 100);
        put2(buf + 5, m);
        put2(buf + 8, d);
        put2(buf + 11, hh);
        put2(buf + 14, mm);
        put2(buf + 17, ss);
        return buf;
    }
    /* Any int64 fits: at most a 12-digit signed year, 29 bytes in all. */
    snprintf(buf, LDG_TIME_BUFLEN, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh,
             mm, ss);
    return buf;
}

/* The length of what ldg_time_format wrote: 20 bytes unless the year is outside 0..9999
 * (then 'Z' is not at [19]: the year takes more than four characters). */
static size_t formatted_len(const char *buf)
{
    return buf[19] == 'Z' ? 20 : strlen(buf);
}

void ldg_time_format_pair(char *abuf, size_t *alen, ldg_time a, char *bbuf, size_t *blen,
                          ldg_time b)
{
    int64_t secs = b % SECS_PER_DAY;

    *alen = formatted_len(ldg_time_format(abuf, a));
    /* both in 1970..9999 on one day (truncating division is floor division here): only
     * the time of day differs */
    if (a >= 0 && b >= 0 && *alen == 20 && a / SECS_PER_DAY == b / SECS_PER_DAY) {
        memcpy(bbuf, abuf, 11); /* "YYYY-MM-DDT" */
        put2(bbuf + 11, (int)(secs / LDG_SECS_PER_HOUR));
        bbuf[13] = ':';
        put2(bbuf + 14, (int)(secs / 60 % 60));
        bbuf[16] = ':';
        put2(bbuf + 17, (int)(secs % 60));
        bbuf[19] = 'Z';
        bbuf[20] = '\0';
        *blen = 20;
        return;
    }
    *blen = formatted_len(ldg_time_format(bbuf, b));
}

ldg_time ldg_time_add_months(ldg_time t, int months)
{
    int64_t y, months_abs, ny;
    int m, d, hh, mm, ss, nm, dim;

    ldg_time_to_civil(t, &y, &m, &d, &hh, &mm, &ss);
    months_abs = y * 12 + (m - 1) + months;
    ny = floor_div(months_abs, 12);
    nm = (int)(months_abs - ny * 12) + 1;
    dim = ldg_days_in_month(ny, nm);
    return ldg_time_from_civil(ny, nm, d < dim ? d : dim, hh, mm, ss);
}

/* The period of calendar month (year, month). */
static ldg_period period_make(int year, int month)
{
    ldg_period p;

    p.year = year;
    p.month = month;
    p.start = ldg_time_from_civil(year, month, 1, 0, 0, 0);
    p.end = month == 12 ? ldg_time_from_civil((int64_t)year + 1, 1, 1, 0, 0, 0)
                        : ldg_time_from_civil(year, month + 1, 1, 0, 0, 0);
    return p;
}

ldg_code ldg_period_parse(ldg_period *out, const char *s, ldg_error *err)
{
    char qbuf[LDG_QUOTE_BUFLEN];
    size_t len;
    int year, month;

    assert(out && s);
    len = strlen(s);
    if (len == 0)
        return ldg_error_set(err, LDG_EINVAL, "invalid period \"\": empty");
    if (len != 7 || s[4] != '-' || (year = read_digits(s, 4)) < 0 ||
        (month = read_digits(s + 5, 2)) < 0)
        return ldg_error_set(err, LDG_EINVAL, "invalid period %s: expected YYYY-MM",
                             QUOTED);
    if (year < YEAR_MIN || year > YEAR_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid period %s: year %04d is out of range %d..%d",
                             QUOTED, year, YEAR_MIN, YEAR_MAX);
    if (month < 1 || month > 12)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid period %s: month %02d is out of range 01..12",
                             QUOTED, month);
    *out = period_make(year, month);
    return LDG_OK;
}

ldg_period ldg_period_of(ldg_time t)
{
    int64_t y, days = floor_div(t, SECS_PER_DAY);
    int m, d;

    ldg_civil_from_days(days, &y, &m, &d);
    assert(y > INT_MIN && y < INT_MAX);
    return period_make((int)y, m);
}

ldg_period ldg_period_next(ldg_period p)
{
    assert(p.month >= 1 && p.month <= 12 && p.year < INT_MAX);
    return p.month == 12 ? period_make(p.year + 1, 1) : period_make(p.year, p.month + 1);
}

char *ldg_period_format(char *buf, ldg_period p)
{
    assert(buf);
    assert(p.year >= 0 && p.year <= 9999 && p.month >= 1 && p.month <= 12);
    buf[0] = (char)('0' + p.year / 1000);
    buf[1] = (char)('0' + p.year / 100 % 10);
    buf[2] = (char)('0' + p.year / 10 % 10);
    buf[3] = (char)('0' + p.year % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + p.month / 10);
    buf[6] = (char)('0' + p.month % 10);
    buf[7] = '\0';
    return buf;
}

int64_t ldg_period_hours(ldg_period p)
{
    return (p.end - p.start) / LDG_SECS_PER_HOUR;
}

/* An RFC 3339 instant with a numeric offset ("...T09:00:00+01:00"), to UTC: the text
 * before the offset is read by ldg_time_parse as if it ended in 'Z', then the offset
 * is taken off. LDG_EINVAL for an offset beyond 23:59 or a malformed instant. */
static ldg_code parse_offset_instant(ldg_time *out, const char *s, size_t len,
                                     ldg_error *err)
{
    char qbuf[LDG_QUOTE_BUFLEN], utc[LAYOUT_LEN + FRAC_MAX + 3];
    size_t head = len - 6;
    int hh = read_digits(s + head + 1, 2), mm = read_digits(s + head + 4, 2);
    ldg_code rc;

    if (head + 2 > sizeof(utc))
        return ldg_error_set(err, LDG_EINVAL, "invalid timestamp %s: too long", QUOTED);
    if (hh < 0 || mm < 0 || hh > 23 || mm > 59)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid timestamp %s: the offset must be +HH:MM or -HH:MM",
                             QUOTED);
    memcpy(utc, s, head);
    utc[head] = 'Z';
    if ((rc = ldg_time_parse(out, utc, head + 1, err)) != LDG_OK)
        return rc;
    *out -= (s[head] == '-' ? -1 : 1) * (hh * INT64_C(3600) + mm * INT64_C(60));
    return LDG_OK;
}

ldg_code ldg_when_parse(ldg_when *out, const char *s, ldg_error *err)
{
    char qbuf[LDG_QUOTE_BUFLEN];
    size_t len;
    ldg_code rc;

    assert(out && s);
    len = strlen(s);
    if (len == 7) { /* YYYY-MM: the month */
        ldg_period p;

        if ((rc = ldg_period_parse(&p, s, err)) != LDG_OK)
            return rc;
        *out = (ldg_when){ LDG_WHEN_MONTH, p.start, p.end };
    } else if (len == 10) { /* YYYY-MM-DD: the day */
        int64_t day;

        if (ldg_date_parse(&day, s, NULL) != LDG_OK)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invalid date %s: expected YYYY-MM-DD, a day from 1970 "
                                 "to 9999",
                                 QUOTED);
        *out = (ldg_when){ LDG_WHEN_DAY, day * SECS_PER_DAY, (day + 1) * SECS_PER_DAY };
    } else if (len > 10 && s[10] == 'T') { /* an instant */
        ldg_time t;

        if (len >= LAYOUT_LEN + 6 && (s[len - 6] == '+' || s[len - 6] == '-') &&
            s[len - 3] == ':')
            rc = parse_offset_instant(&t, s, len, err);
        else
            rc = ldg_time_parse(&t, s, len, err);
        if (rc != LDG_OK)
            return rc;
        *out = (ldg_when){ LDG_WHEN_INSTANT, t, t + 1 };
    } else {
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid date %s: expected YYYY-MM, YYYY-MM-DD or an RFC "
                             "3339 instant (2026-11-03T14:00:00Z)",
                             QUOTED);
    }
    return LDG_OK;
}
