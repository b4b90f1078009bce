/*
 * Time: UTC instants as int64 seconds since 1970-01-01T00:00:00Z (ldg_time). RFC 3339
 * parsing and formatting, civil-date arithmetic, billing periods (calendar months).
 * Pure arithmetic (Howard Hinnant's days_from_civil); no localtime/gmtime/timegm.
 */
#ifndef LEASELEDGER_TIME_H
#define LEASELEDGER_TIME_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

typedef int64_t ldg_time;

#define LDG_TIME_BUFLEN   32
#define LDG_SECS_PER_HOUR INT64_C(3600) /* every hour: POSIX time has no leap seconds */

/*
 * Parses RFC 3339 in UTC only: "YYYY-MM-DDTHH:MM:SSZ", optionally with a fractional
 * second that must be all zeros (".000" accepted, ".5" rejected: usage is whole
 * seconds). 'T' and 'Z' uppercase only. Rejects offsets ("+01:00", even "+00:00"),
 * missing zone, lowercase, out-of-range fields (month 13, Feb 30, hour 24, second 60),
 * years outside 1970..9999, trailing bytes. LDG_EINVAL with a reason.
 */
ldg_code ldg_time_parse(ldg_time *out, const char *s, size_t len, ldg_error *err);
ldg_code ldg_time_parse_str(ldg_time *out, const char *s, ldg_error *err);

/* "2026-11-03T14:00:00Z". buf holds LDG_TIME_BUFLEN bytes. Returns buf. */
char *ldg_time_format(char *buf, ldg_time t);
/* ldg_time_format of a into abuf and of b into bbuf, with their lengths: the same bytes,
 * faster when both fall on one UTC day (a usage record's start and end), since the date
 * is then worked out once. */
void ldg_time_format_pair(char *abuf, size_t *alen, ldg_time a, char *bbuf, size_t *blen,
                          ldg_time b);

/* Civil date <-> days since epoch; month 1..12. */
int64_t ldg_days_from_civil(int64_t y, int m, int d);
void ldg_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
ldg_time ldg_time_from_civil(int64_t y, int m, int d, int hh, int mm, int ss);
void ldg_time_to_civil(ldg_time t, int64_t *y, int *m, int *d, int *hh, int *mm, int *ss);

int ldg_days_in_month(int64_t y, int m);

/* A date "YYYY-MM-DD" from 1970 to 9999, as days since 1970-01-01 (the one date parser:
 * due dates, statements and aging read dates through it). */
ldg_code ldg_date_parse(int64_t *out_days, const char *s, ldg_error *err);

/*
 * Adds months to an instant keeping the time of day and the day of month, clamped to
 * the target month's last day (Jan 31 + 1 month = Feb 28/29). Used for escalators.
 */
ldg_time ldg_time_add_months(ldg_time t, int months);

/* A billing period: a UTC calendar month [start, end). */
typedef struct ldg_period {
    int year;
    int month; /* 1..12 */
    ldg_time start;
    ldg_time end;
} ldg_period;

/* Parses "YYYY-MM" strictly (month 01..12, 4-digit year). LDG_EINVAL otherwise. */
ldg_code ldg_period_parse(ldg_period *out, const char *s, ldg_error *err);
/* The period containing instant t. */
ldg_period ldg_period_of(ldg_time t);
/* The next / previous month. */
ldg_period ldg_period_next(ldg_period p);
/* "2026-11"; buf holds at least 8 bytes. Returns buf. */
char *ldg_period_format(char *buf, ldg_period p);
/* Whole hours in the period (720 for 30 days). */
int64_t ldg_period_hours(ldg_period p);

/*
 * What a date argument on the command line names (issue 16: one parser for every
 * command): a month "YYYY-MM", a day "YYYY-MM-DD" or an RFC 3339 instant
 * "YYYY-MM-DDTHH:MM:SS[.000]Z", or with an offset "+HH:MM"/"-HH:MM" converted to UTC,
 * as the UTC span [start, end) it covers (an instant: end = start + 1). An option that
 * starts something (--from) takes start, one that ends something or says "as of"
 * takes the span's last second, end - 1. LDG_EINVAL with a reason naming the forms.
 */
typedef enum ldg_when_kind {
    LDG_WHEN_MONTH,
    LDG_WHEN_DAY,
    LDG_WHEN_INSTANT
} ldg_when_kind;

typedef struct ldg_when {
    ldg_when_kind kind;
    ldg_time start;
    ldg_time end;
} ldg_when;

ldg_code ldg_when_parse(ldg_when *out, const char *s, ldg_error *err);

#endif
