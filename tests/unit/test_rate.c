/*
 * Unit tests for ledger/rate.c: windows, the split rule, every stream's rule, rounding,
 * errors, and a property test over generated contracts and usage. Expected lines are
 * worked out by hand in the comments; none is produced by the code under test.
 *
 * JSON in this file is written with single quotes for readability; q() turns them
 * into double quotes before parsing.
 */
#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/time.h"
#include "tests/unit/helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>
#include <jansson.h>

#define M INT64_C(1000000)

static ldg_draft *rate_ok(const ldg_contract *c, const char *p, const ldg_usage *items,
                          size_t n)
{
    ldg_draft *d = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_rate_period(&d, c, period(p), items, n, &err) != LDG_OK)
        fail_msg("rating: %s (%s)", err.message, err.where);
    return d;
}

static void expect_line(const ldg_draft *d, size_t i, ldg_stream s, ldg_gpu_class cls,
                        const char *from, const char *to, const char *qty,
                        const char *unit, const char *rate, const char *amount)
{
    char b1[LDG_FIXED_BUFLEN], b2[LDG_FIXED_BUFLEN], b3[LDG_FIXED_BUFLEN];
    int digits = ldg_rate_draft_currency_digits(d);
    const ldg_line *l;

    assert_true(i < ldg_rate_draft_line_count(d));
    l = ldg_rate_draft_line(d, i);
    assert_string_equal(ldg_rate_stream_name(l->stream), ldg_rate_stream_name(s));
    assert_int_equal(l->cls, cls);
    assert_int_equal(l->from, at(from));
    assert_int_equal(l->to, at(to));
    assert_string_equal(ldg_fixed_format(b1, l->qty_micros, 6), qty);
    assert_string_equal(l->unit, unit);
    assert_string_equal(ldg_fixed_format(b2, l->rate_micros, 6), rate);
    assert_string_equal(ldg_fixed_format(b3, l->amount_micros, digits), amount);
}

static void expect_total(const ldg_draft *d, size_t nlines, const char *total)
{
    char b[LDG_FIXED_BUFLEN];
    int64_t sum = 0;
    size_t i;

    assert_int_equal(ldg_rate_draft_line_count(d), nlines);
    for (i = 0; i < nlines; i++)
        sum += ldg_rate_draft_line(d, i)->amount_micros;
    assert_int_equal(sum, ldg_rate_draft_total(d));
    assert_string_equal(
        ldg_fixed_format(b, ldg_rate_draft_total(d), ldg_rate_draft_currency_digits(d)),
        total);
}

/* DESIGN.md's sample contract. */
static const char C1_ANTH[] =
    "{'contract': 'C1-ANTH', 'tenant': 'anthropic', 'tenant_name': 'Anthropic PBC',"
    " 'site': 'colossus-1', 'currency': 'USD', 'invoice_series': 'C1',"
    " 'starts': '2026-11-10T00:00:00Z', 'ends': '2029-11-10T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 100000, 'rate': '1.850000',"
    "          'overage_rate': '2.400000',"
    "          'overage_tiers': [{'up_to': '500000', 'rate': '2.400000'}, {'rate': "
    "'2.100000'}]}],"
    " 'energy': {'rate_per_mwh': '62.500000', 'pue': '1.250000',"
    "            'capacity_mw': '300', 'capacity_rate_per_mw_month': '15000.000000'},"
    " 'sla': {'target': '99.900000',"
    "         'credits': [{'below': '99.900000', 'percent': '5'}, {'below': '99.000000', "
    "'percent': '10'}]},"
    " 'minimum_monthly': '0.00',"
    " 'escalator': {'percent': '3.000000', 'every_months': 12}}";

/* A small contract for November 2026 (720 hours), and an amendment at Nov 16 that
 * doubles the reservation and re-prices it: windows W1 = [Nov 1, Nov 16) and
 * W2 = [Nov 16, Dec 1), 360 hours each. */
#define R1_HEAD                                                                       \
    "{'contract': 'R1', 'tenant': 'acme', 'tenant_name': 'Acme', 'site': 's1',"       \
    " 'currency': 'USD', 'invoice_series': 'R1', 'starts': '2026-11-01T00:00:00Z',"   \
    " 'ends': '2027-11-01T00:00:00Z',"                                                \
    " 'gpu': [{'class': 'H100', 'reserved': 10, 'rate': '2.000000', 'overage_rate': " \
    "'3.000000', 'overage_tiers': [{'up_to': '100', 'rate': '3.000000'}, {'rate': "   \
    "'2.500000'}]}],"                                                                 \
    " 'energy': {'rate_per_mwh': '50', 'pue': '1.2', 'capacity_mw': '2', "            \
    "'capacity_rate_per_mw_month': '1000'},"                                          \
    " 'sla': {'target': '99.9', 'credits': [{'below': '99.9', 'percent': '5'}, "      \
    "{'below': '99.0', 'percent': '10'}, {'below': '95', 'percent': '25'}]},"
static const char R1[] = R1_HEAD " 'minimum_monthly': '0'}";
static const char R1_MIN50000[] = R1_HEAD " 'minimum_monthly': '50000.00'}";
static const char R1_MIN20000[] = R1_HEAD " 'minimum_monthly': '20000.00'}";
static const char *const R1_A1[] = {
    "{'contract': 'R1', 'amends': 'R1', 'effective': '2026-11-16T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 20, 'rate': '1.900000', 'overage_rate': "
    "'2.800000', 'overage_tiers': [{'up_to': '150', 'rate': '2.800000'}, {'rate': "
    "'2.200000'}]}]}",
};

#define NOV1  "2026-11-01T00:00:00Z"
#define NOV10 "2026-11-10T00:00:00Z"
#define NOV16 "2026-11-16T00:00:00Z"
#define DEC1  "2026-12-01T00:00:00Z"

/* ---- the split rule ---------------------------------------------------------------- */

static void test_rate_split_remainder_to_later_piece(void **state)
{
    int64_t before;

    (void)state;
    /* 1.000001 over one hour, cut at the half hour: trunc(1000001 / 2) = 500000 before,
     * 500001 after. */
    ldg_rate_split(&before, 1000001, 0, 3600, 1800);
    assert_int_equal(before, 500000);
    /* A negative correction truncates toward zero too: -500000 before, -500001 after. */
    ldg_rate_split(&before, -1000001, 0, 3600, 1800);
    assert_int_equal(before, -500000);
    /* Outside the record: nothing before the start, all of it from the end on. */
    ldg_rate_split(&before, 7, 100, 200, 100);
    assert_int_equal(before, 0);
    ldg_rate_split(&before, 7, 100, 200, 50);
    assert_int_equal(before, 0);
    ldg_rate_split(&before, 7, 100, 200, 200);
    assert_int_equal(before, 7);
    ldg_rate_split(&before, 7, 100, 200, 300);
    assert_int_equal(before, 7);
}

static void test_rate_split_int64_max_exact(void **state)
{
    int64_t before;

    (void)state;
    /* INT64_MAX x 1 / 2 needs 128 bits: trunc(9223372036854775807 / 2). */
    ldg_rate_split(&before, INT64_MAX, 0, 2, 1);
    assert_int_equal(before, INT64_C(4611686018427387903));
    ldg_rate_split(&before, INT64_MIN, 0, 3, 2);
    /* -9223372036854775808 x 2 / 3 = -6148914691236517205.33 -> toward zero */
    assert_int_equal(before, INT64_C(-6148914691236517205));
}

static void test_rate_split_hours_telescope(void **state)
{
    ldg_time s = at("2026-11-01T00:30:00Z"), e = at("2026-11-01T03:15:00Z");
    int64_t f1, f2, f3;

    (void)state;
    /* 0.001000 over 9900 s, cut at 01:00 (1800 s), 02:00 (5400 s), 03:00 (9000 s):
     * F = trunc(1000 x 1800 / 9900) = 181, trunc(1000 x 5400 / 9900) = 545,
     * trunc(1000 x 9000 / 9900) = 909; hours 181, 364, 364, 91: sum 1000. */
    ldg_rate_split(&f1, 1000, s, e, at("2026-11-01T01:00:00Z"));
    ldg_rate_split(&f2, 1000, s, e, at("2026-11-01T02:00:00Z"));
    ldg_rate_split(&f3, 1000, s, e, at("2026-11-01T03:00:00Z"));
    assert_int_equal(f1, 181);
    assert_int_equal(f2, 545);
    assert_int_equal(f3, 909);
    assert_int_equal(f1 + (f2 - f1) + (f3 - f2) + (1000 - f3), 1000);
}

/* ---- windows, amendments, tiers ---------------------------------------------------- */

static void test_rate_amendment_mid_month_and_tiers_across_two_windows(void **state)
{
    ldg_contract *c = contract_of(R1, R1_A1, 1);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, NOV16, "3680"),
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV16, DEC1, "7300"),
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV1, "2026-11-01T10:00:00Z", "100"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 3);

    (void)state;
    /* Reserved: W1 10 x 360 = 3600 GPU-h x 2.00 = 7200.00;
     *           W2 20 x 360 = 7200 GPU-h x 1.90 = 13680.00 (take-or-pay). */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV1, NOV16, "3600.000000",
                "gpu_hour", "2.000000", "7200.00");
    expect_line(d, 1, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV16, DEC1, "7200.000000",
                "gpu_hour", "1.900000", "13680.00");
    /* Overage: W1 3680 - 3600 = 80, cumulative [0, 80) in W1's first tier (up to 100)
     * at 3.00 = 240.00. W2 7300 - 7200 = 100, cumulative [80, 180) priced with W2's
     * table: [80, 150) = 70 at 2.80 = 196.00, [150, 180) = 30 at 2.20 = 66.00. */
    expect_line(d, 2, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, NOV16, "80.000000",
                "gpu_hour", "3.000000", "240.00");
    expect_line(d, 3, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV16, DEC1, "70.000000",
                "gpu_hour", "2.800000", "196.00");
    expect_line(d, 4, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV16, DEC1, "30.000000",
                "gpu_hour", "2.200000", "66.00");
    /* Energy: 100 MWh x PUE 1.2 = 120 MWh x 50 = 6000.00 in W1; none in W2 (omitted). */
    expect_line(d, 5, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV1, NOV16, "120.000000", "mwh",
                "50.000000", "6000.00");
    /* Capacity: 2 MW x 360 / 720 = 1 MW-month x 1000 = 1000.00 per window. */
    expect_line(d, 6, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, NOV1, NOV16, "1.000000",
                "mw_month", "1000.000000", "1000.00");
    expect_line(d, 7, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, NOV16, DEC1, "1.000000",
                "mw_month", "1000.000000", "1000.00");
    /* 7200 + 13680 + 240 + 196 + 66 + 6000 + 1000 + 1000 */
    expect_total(d, 8, "29382.00");
    assert_int_equal(ldg_rate_draft_covered_from(d), at(NOV1));
    assert_int_equal(ldg_rate_draft_covered_to(d), at(DEC1));
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_overage_without_tiers_and_bounded_last_tier(void **state)
{
    static const char text[] =
        "{'contract': 'B1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'B1', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': ["
        " {'class': 'H100', 'reserved': 1, 'rate': '1', 'overage_rate': '4'},"
        " {'class': 'GB200', 'reserved': 0, 'rate': '9', 'overage_rate': '5',"
        "  'overage_tiers': [{'up_to': '10', 'rate': '3'}, {'up_to': '20', 'rate': "
        "'4'}]}]}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_GB200, NOV1, DEC1, "25"),
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, DEC1, "730"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 2);

    (void)state;
    /* H100: 720 reserved at 1 = 720.00; overage 730 - 720 = 10 at the plain rate 4 =
     * 40.00. GB200 reserves nothing (no reserved line); 25 GPU-h of overage: 10 at 3,
     * 10 at 4, and 5 beyond the bounded last tier at overage_rate 5 = 25.00. */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV1, DEC1, "720.000000",
                "gpu_hour", "1.000000", "720.00");
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, DEC1, "10.000000",
                "gpu_hour", "4.000000", "40.00");
    expect_line(d, 2, LDG_STREAM_GPU_OVERAGE, LDG_GPU_GB200, NOV1, DEC1, "10.000000",
                "gpu_hour", "3.000000", "30.00");
    expect_line(d, 3, LDG_STREAM_GPU_OVERAGE, LDG_GPU_GB200, NOV1, DEC1, "10.000000",
                "gpu_hour", "4.000000", "40.00");
    expect_line(d, 4, LDG_STREAM_GPU_OVERAGE, LDG_GPU_GB200, NOV1, DEC1, "5.000000",
                "gpu_hour", "5.000000", "25.00");
    expect_total(d, 5, "855.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_tier_segments_at_equal_rates_merge(void **state)
{
    /* Tier 2 and the rate beyond both cost 4: one line of 15, not 10 + 5 under one key.
     */
    static const char text[] =
        "{'contract': 'B2', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'B2', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': ["
        " {'class': 'H200', 'reserved': 0, 'rate': '1', 'overage_rate': '4',"
        "  'overage_tiers': [{'up_to': '10', 'rate': '3'}, {'up_to': '20', 'rate': "
        "'4'}]}]}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_usage u[] = { item(LDG_USAGE_GPU, LDG_GPU_H200, NOV1, DEC1, "25") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    (void)state;
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H200, NOV1, DEC1, "10.000000",
                "gpu_hour", "3.000000", "30.00");
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H200, NOV1, DEC1, "15.000000",
                "gpu_hour", "4.000000", "60.00");
    expect_total(d, 2, "90.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_contract_starting_mid_month_worked_example(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV10, DEC1, "52000000"),
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV10, DEC1, "35280.5"),
        item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV10, DEC1, "60480"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 3);

    (void)state;
    /* The example of docs/billing.md. Nov 10 .. Dec 1 is 21 days = 504 of 720 hours.
     * Reserved 100000 x 504 = 50400000 GPU-h x 1.85 = 93240000.00. */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV10, DEC1,
                "50400000.000000", "gpu_hour", "1.850000", "93240000.00");
    /* Overage 52000000 - 50400000 = 1600000: 500000 at 2.40 = 1200000.00, 1100000 at
     * 2.10 = 2310000.00. */
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV10, DEC1, "500000.000000",
                "gpu_hour", "2.400000", "1200000.00");
    expect_line(d, 2, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV10, DEC1, "1100000.000000",
                "gpu_hour", "2.100000", "2310000.00");
    /* 35280.5 MWh x 1.25 = 44100.625 MWh x 62.5 = 2756289.0625 -> 2756289.06. */
    expect_line(d, 3, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV10, DEC1, "44100.625000", "mwh",
                "62.500000", "2756289.06");
    /* 300 MW x 504 / 720 = 210 MW-months x 15000 = 3150000.00. */
    expect_line(d, 4, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, NOV10, DEC1, "210.000000",
                "mw_month", "15000.000000", "3150000.00");
    /* Availability 100 x (1 - 60480 / 50400000) = 99.88: under 99.9, not under 99.0:
     * 5% of 93240000 = -4662000.00. */
    expect_line(d, 5, LDG_STREAM_SLA_CREDIT, LDG_GPU_H100, NOV10, DEC1, "93240000.000000",
                "USD", "-0.050000", "-4662000.00");
    /* 93240000 + 1200000 + 2310000 + 2756289.06 + 3150000 - 4662000 */
    expect_total(d, 6, "97994289.06");
    assert_int_equal(ldg_rate_draft_covered_from(d), at(NOV10));
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_take_or_pay_without_usage(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_draft *d = rate_ok(c, "2026-11", NULL, 0);

    (void)state;
    /* No usage: reserved and capacity are still billed; no energy, overage or SLA line.
     */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV10, DEC1,
                "50400000.000000", "gpu_hour", "1.850000", "93240000.00");
    expect_line(d, 1, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, NOV10, DEC1, "210.000000",
                "mw_month", "15000.000000", "3150000.00");
    expect_total(d, 2, "96390000.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_escalation_inside_period_31_days(void **state)
{
    static const char text[] =
        "{'contract': 'E2', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'E2', 'starts': '2026-01-15T00:00:00Z',"
        " 'ends': '2028-01-15T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 10,"
        " 'rate': '1.85', 'overage_rate': '2.4'}],"
        " 'energy': {'rate_per_mwh': '50', 'pue': '1', 'capacity_mw': '2',"
        "  'capacity_rate_per_mw_month': '1000'},"
        " 'escalator': {'percent': '3', 'every_months': 12}}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_usage u[] = { item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2027-01-14T12:00:00Z",
                           "2027-01-15T12:00:00Z", "24") };
    ldg_draft *d = rate_ok(c, "2027-01", u, 1);

    (void)state;
    /* January 2027 has 744 hours; the escalation instant 2027-01-15 cuts it into
     * W1 = [Jan 1, Jan 15) 336 h and W2 = [Jan 15, Feb 1) 408 h.
     * Reserved: 3360 x 1.85 = 6216.00; 4080 x 1.9055 (1.85 x 1.03) = 7774.44. */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, "2027-01-01T00:00:00Z",
                "2027-01-15T00:00:00Z", "3360.000000", "gpu_hour", "1.850000", "6216.00");
    expect_line(d, 1, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, "2027-01-15T00:00:00Z",
                "2027-02-01T00:00:00Z", "4080.000000", "gpu_hour", "1.905500", "7774.44");
    /* 24 MWh over [Jan 14 12:00, Jan 15 12:00): 12 before the step at 50 = 600.00,
     * 12 after at 51.5 = 618.00. */
    expect_line(d, 2, LDG_STREAM_ENERGY, LDG_GPU_NONE, "2027-01-01T00:00:00Z",
                "2027-01-15T00:00:00Z", "12.000000", "mwh", "50.000000", "600.00");
    expect_line(d, 3, LDG_STREAM_ENERGY, LDG_GPU_NONE, "2027-01-15T00:00:00Z",
                "2027-02-01T00:00:00Z", "12.000000", "mwh", "51.500000", "618.00");
    /* Capacity: 2 x 336 / 744 = 0.9032258 -> 0.903226 MW-months; 2 x 1000 x 336 / 744
     * = 903.2258 -> 903.23. 2 x 408 / 744 = 1.0967742 -> 1.096774; 2 x 1030 x 408 / 744
     * = 1129.6774 -> 1129.68. */
    expect_line(d, 4, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, "2027-01-01T00:00:00Z",
                "2027-01-15T00:00:00Z", "0.903226", "mw_month", "1000.000000", "903.23");
    expect_line(d, 5, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, "2027-01-15T00:00:00Z",
                "2027-02-01T00:00:00Z", "1.096774", "mw_month", "1030.000000", "1129.68");
    /* 6216 + 7774.44 + 600 + 618 + 903.23 + 1129.68 */
    expect_total(d, 6, "17241.35");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_months_of_28_29_30_31_days(void **state)
{
    static const char text[] =
        "{'contract': 'D1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'D1', 'starts': '2027-01-01T00:00:00Z',"
        " 'ends': '2029-01-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 10,"
        " 'rate': '1', 'overage_rate': '1'}], 'energy': {'rate_per_mwh': '1', 'pue': '1',"
        " 'capacity_mw': '2', 'capacity_rate_per_mw_month': '1000'}}";
    static const struct {
        const char *p, *from, *to, *qty, *amount, *total;
    } cases[] = {
        /* 28 x 24 = 672 h: 6720 GPU-h; capacity a whole month, 2 MW-months = 2000.00 */
        { "2027-02", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z", "6720.000000",
          "6720.00", "8720.00" },
        /* 2028 is a leap year: 29 x 24 = 696 h */
        { "2028-02", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", "6960.000000",
          "6960.00", "8960.00" },
        /* 30 x 24 = 720 h */
        { "2027-04", "2027-04-01T00:00:00Z", "2027-05-01T00:00:00Z", "7200.000000",
          "7200.00", "9200.00" },
        /* 31 x 24 = 744 h */
        { "2027-01", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z", "7440.000000",
          "7440.00", "9440.00" },
    };
    ldg_contract *c = contract_of(text, NULL, 0);
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ldg_draft *d = rate_ok(c, cases[i].p, NULL, 0);

        expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, cases[i].from,
                    cases[i].to, cases[i].qty, "gpu_hour", "1.000000", cases[i].amount);
        expect_line(d, 1, LDG_STREAM_POWER_CAPACITY, LDG_GPU_NONE, cases[i].from,
                    cases[i].to, "2.000000", "mw_month", "1000.000000", "2000.00");
        expect_total(d, 2, cases[i].total);
        ldg_rate_draft_free(d);
    }
    ldg_contract_free(c);
}

static void test_rate_record_crossing_window_split_exactly(void **state)
{
    ldg_contract *c = contract_of(R1, R1_A1, 1);
    ldg_usage u[] = {
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2026-11-15T23:30:00Z",
             "2026-11-16T00:30:00Z", "10.000001"),
    };
    ldg_usage corr[] = {
        u[0],
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2026-11-15T23:30:00Z",
             "2026-11-16T00:30:00Z", "-3.000001"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    (void)state;
    /* Half the record is before Nov 16: trunc(10000001 / 2) = 5000000 to W1, the
     * remainder 5000001 to W2. W1: 5 x 1.2 = 6 MWh x 50 = 300.00. W2: 5.000001 x 1.2 =
     * 6.0000012 -> 6.000001 MWh; 5.000001 x 1.2 x 50 = 300.00006 -> 300.00. */
    expect_line(d, 2, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV1, NOV16, "6.000000", "mwh",
                "50.000000", "300.00");
    expect_line(d, 3, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV16, DEC1, "6.000001", "mwh",
                "50.000000", "300.00");
    ldg_rate_draft_free(d);
    /* A negative correction of -3.000001 splits toward zero: -1.500000 to W1,
     * -1.500001 to W2. Net 3.5 and 3.5 MWh: 4.2 MWh x 50 = 210.00 each. */
    d = rate_ok(c, "2026-11", corr, 2);
    expect_line(d, 2, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV1, NOV16, "4.200000", "mwh",
                "50.000000", "210.00");
    expect_line(d, 3, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV16, DEC1, "4.200000", "mwh",
                "50.000000", "210.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_record_crossing_month_counts_only_inside(void **state)
{
    ldg_contract *c = contract_of(R1, NULL, 0);
    ldg_usage u[] = { item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2026-11-30T23:00:00Z",
                           "2026-12-01T01:00:00Z", "1.000001") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    (void)state;
    /* trunc(1000001 / 2) = 500000 falls in November: 0.5 x 1.2 = 0.6 MWh x 50 = 30.00;
     * the rest, 500001, belongs to December's invoice. */
    expect_line(d, 1, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV1, DEC1, "0.600000", "mwh",
                "50.000000", "30.00");
    ldg_rate_draft_free(d);
    d = rate_ok(c, "2026-12", u, 1);
    /* 0.500001 x 1.2 = 0.6000012 -> 0.600001 MWh, 30.00006 -> 30.00 */
    expect_line(d, 1, LDG_STREAM_ENERGY, LDG_GPU_NONE, DEC1, "2027-01-01T00:00:00Z",
                "0.600001", "mwh", "50.000000", "30.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* ---- SLA ----------------------------------------------------------------------------
 */

/* Rates R1 + A1 in November with downtime D and returns the SLA line count. */
static void expect_sla(const char *downtime, const char *amount)
{
    ldg_contract *c = contract_of(R1, R1_A1, 1);
    ldg_usage u[] = { item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV1, DEC1, downtime) };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);
    size_t i, n = 0;

    for (i = 0; i < ldg_rate_draft_line_count(d); i++)
        n += ldg_rate_draft_line(d, i)->stream == LDG_STREAM_SLA_CREDIT;
    if (!amount) {
        assert_int_equal(n, 0);
    } else {
        const char *rate = strcmp(amount, "-1044.00") == 0   ? "-0.050000"
                           : strcmp(amount, "-2088.00") == 0 ? "-0.100000"
                                                             : "-0.250000";

        assert_int_equal(n, 1);
        /* reserved 7200 + 13680 and capacity 1000 + 1000 come first: line 4 */
        expect_line(d, 4, LDG_STREAM_SLA_CREDIT, LDG_GPU_H100, NOV1, DEC1, "20880.000000",
                    "USD", rate, amount);
    }
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_sla_each_band_and_exact_boundaries(void **state)
{
    (void)state;
    /* R = 3600 + 7200 = 10800 GPU-h; S = 3600 x 2.00 + 7200 x 1.90 = 20880.
     * 5% = 1044.00, 10% = 2088.00, 25% = 5220.00. */
    expect_sla("0", NULL);
    /* 10.8 down: 100 x (1 - 10.8 / 10800) = 99.9 exactly: not under 99.9, no credit. */
    expect_sla("10.8", NULL);
    /* 10.800001 down: just under 99.9: 5%. */
    expect_sla("10.800001", "-1044.00");
    /* 108 down: 99.0 exactly: under 99.9 only: 5%. */
    expect_sla("108", "-1044.00");
    /* 108.000001: under 99.0: 10%. */
    expect_sla("108.000001", "-2088.00");
    /* 540: 95.0 exactly: 10%. 540.000001: under 95: 25%. */
    expect_sla("540", "-2088.00");
    expect_sla("540.000001", "-5220.00");
    /* Downtime above R is capped at R: availability 0: the lowest band, 25%. */
    expect_sla("20000", "-5220.00");
    /* Net negative downtime (a correction) is clamped to 0: no credit. */
    expect_sla("-5", NULL);
}

/* A capped SLA credit on a class no build knows (issue 10). MI355X: 10 GPUs reserved at
 * 3.00 for November (720 h): R = 7,200 GPU-h, S = 7,200 x 3.00 = 21,600.00. Bands: below
 * 99.9 -> 5 %, below 99 -> 60 %; cap_percent 50 (measure class). */
static void expect_capped(const char *downtime, const char *rate, const char *amount)
{
    static const char text[] =
        "{'contract': 'CAP', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'CAP', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'MI355X', 'reserved': 10,"
        " 'rate': '3', 'overage_rate': '4'}], 'sla': {'target': '99.9', 'credits':"
        " [{'below': '99.9', 'percent': '5'}, {'below': '99', 'percent': '60'}],"
        " 'cap_percent': '50', 'measure': 'class'}}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_gpu_class mi = ldg_contract_class_lookup("MI355X", 6);
    ldg_usage u[] = { item(LDG_USAGE_DOWNTIME, mi, NOV1, DEC1, downtime) };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    assert_int_not_equal(mi, LDG_GPU_NONE); /* the contract added it */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, mi, NOV1, DEC1, "7200.000000", "gpu_hour",
                "3.000000", "21600.00");
    expect_line(d, 1, LDG_STREAM_SLA_CREDIT, mi, NOV1, DEC1, "21600.000000", "USD", rate,
                amount);
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_sla_cap(void **state)
{
    (void)state;
    /* 720 down: availability 100 x (1 - 720 / 7200) = 90 %, under 99: band 60 %, capped
     * at 50 %: -0.50 x 21,600.00 = -10,800.00 (uncapped it would be -12,960.00). */
    expect_capped("720", "-0.500000", "-10800.00");
    /* 72 down: 99.0 exactly, under 99.9 only: 5 %, within the cap: -1,080.00. */
    expect_capped("72", "-0.050000", "-1080.00");
}

static void test_rate_sla_none_without_reservation(void **state)
{
    static const char text[] =
        "{'contract': 'S0', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'S0', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 0,"
        " 'rate': '1', 'overage_rate': '1'}], 'sla': {'target': '99', 'credits':"
        " [{'below': '99', 'percent': '50'}]}}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_usage u[] = { item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV1, DEC1, "100") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    (void)state;
    /* R_c = 0: no reserved line, and no SLA line however much downtime. */
    expect_total(d, 0, "0.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* ---- minimum monthly ----------------------------------------------------------------
 */

static void test_rate_minimum_monthly_true_up(void **state)
{
    ldg_contract *c = contract_of(R1_MIN50000, R1_A1, 1);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, NOV16, "3680"),
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV16, DEC1, "7300"),
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV1, "2026-11-01T10:00:00Z", "100"),
        item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV1, DEC1, "108.000001"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 4);

    (void)state;
    /* Same lines as the two-window test (29382.00), the 10% SLA credit -2088.00, and a
     * true-up of 50000 x 720 / 720 - 29382 = 20618.00 (the credit is not counted). */
    expect_line(d, 8, LDG_STREAM_SLA_CREDIT, LDG_GPU_H100, NOV1, DEC1, "20880.000000",
                "USD", "-0.100000", "-2088.00");
    expect_line(d, 9, LDG_STREAM_COMMITMENT_TRUE_UP, LDG_GPU_NONE, NOV1, DEC1, "1.000000",
                "USD", "20618.000000", "20618.00");
    /* 29382 - 2088 + 20618 */
    expect_total(d, 10, "47912.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
    /* A minimum already met: no line. */
    c = contract_of(R1_MIN20000, R1_A1, 1);
    d = rate_ok(c, "2026-11", u, 3);
    expect_total(d, 8, "29382.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_minimum_monthly_prorated_rational(void **state)
{
    static const char text[] =
        "{'contract': 'T1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'T1', 'starts': '2027-01-27T20:00:00Z',"
        " 'ends': '2028-01-01T00:00:00Z', 'gpu': [], 'minimum_monthly': '1000.00'}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_draft *d = rate_ok(c, "2027-01", NULL, 0);

    (void)state;
    /* Covered: Jan 27 20:00 .. Feb 1 = 4 x 24 + 4 = 100 of 744 hours.
     * 1000 x 100 / 744 = 134.4086 -> 134.41. */
    expect_line(d, 0, LDG_STREAM_COMMITMENT_TRUE_UP, LDG_GPU_NONE, "2027-01-27T20:00:00Z",
                "2027-02-01T00:00:00Z", "1.000000", "USD", "134.410000", "134.41");
    expect_total(d, 1, "134.41");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* ---- rounding -----------------------------------------------------------------------
 */

static void test_rate_rounding_half_away_at_xxx5(void **state)
{
    static const char text[] =
        "{'contract': 'H1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'H1', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 1,"
        " 'rate': '0.111250', 'overage_rate': '0.335'}, {'class': 'H200', 'reserved': 0,"
        " 'rate': '0', 'overage_rate': '0.334999'}],"
        " 'sla': {'target': '99.9', 'credits': [{'below': '99.9', 'percent': '5'}]}}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, DEC1, "723"),
        item(LDG_USAGE_GPU, LDG_GPU_H200, NOV1, DEC1, "3"),
        item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV1, DEC1, "72"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 3);

    (void)state;
    /* 720 x 0.11125 = 80.10 exactly. */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV1, DEC1, "720.000000",
                "gpu_hour", "0.111250", "80.10");
    /* 3 x 0.335 = 1.005 -> 1.01 (half away from zero); 3 x 0.334999 = 1.004997 -> 1.00.
     */
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, DEC1, "3.000000",
                "gpu_hour", "0.335000", "1.01");
    expect_line(d, 2, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H200, NOV1, DEC1, "3.000000",
                "gpu_hour", "0.334999", "1.00");
    /* 72 of 720 down: 90%: 5% of 80.10 = 4.005 -> -4.01 (away from zero). */
    expect_line(d, 3, LDG_STREAM_SLA_CREDIT, LDG_GPU_H100, NOV1, DEC1, "80.100000", "USD",
                "-0.050000", "-4.01");
    expect_total(d, 4, "78.10");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_jpy_rounds_to_whole_yen(void **state)
{
    static const char text[] =
        "{'contract': 'J1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'JPY', 'invoice_series': 'J1', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 0,"
        " 'rate': '0', 'overage_rate': '100.5'}, {'class': 'GB200', 'reserved': 0,"
        " 'rate': '0', 'overage_rate': '100.499999'}]}";
    ldg_contract *c = contract_of(text, NULL, 0);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, DEC1, "1"),
        item(LDG_USAGE_GPU, LDG_GPU_GB200, NOV1, DEC1, "1"),
    };
    ldg_draft *d = rate_ok(c, "2026-11", u, 2);

    (void)state;
    /* 100.5 -> 101 yen; 100.499999 -> 100 yen. */
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, DEC1, "1.000000",
                "gpu_hour", "100.500000", "101");
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_GB200, NOV1, DEC1, "1.000000",
                "gpu_hour", "100.499999", "100");
    expect_total(d, 2, "201");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* ---- DESIGN.md's worked examples ("Billing rules"), figure for figure ------------ */

#define DX_HEAD(id)                                                                     \
    "{'contract': '" id "', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"            \
    " 'currency': 'USD', 'invoice_series': '" id "', 'starts': '2026-11-01T00:00:00Z'," \
    " 'ends': '2027-11-01T00:00:00Z',"
#define NOV21 "2026-11-21T00:00:00Z"

static void test_design_minimum_time_weighted_over_windows(void **state)
{
    static const char base[] = DX_HEAD("MIN") " 'gpu': [{'class': 'H100', 'reserved': 1, "
                                              "'rate': '1', 'overage_rate': '2'}],"
                                              " 'minimum_monthly': '1000.00'}";
    static const char *const amend[] = {
        "{'contract': 'MIN', 'amends': 'MIN', 'effective': '2026-11-21T00:00:00Z',"
        " 'minimum_monthly': '4000.00'}",
    };
    ldg_contract *c = contract_of(base, amend, 1);
    ldg_draft *d = rate_ok(c, "2026-11", NULL, 0);

    (void)state;
    /* (1000 x 480 + 4000 x 240) / 720 = 2000; billed 480 + 240 = 720; true-up 1280 */
    expect_line(d, 0, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV1, NOV21, "480.000000",
                "gpu_hour", "1.000000", "480.00");
    expect_line(d, 1, LDG_STREAM_GPU_RESERVED, LDG_GPU_H100, NOV21, DEC1, "240.000000",
                "gpu_hour", "1.000000", "240.00");
    expect_line(d, 2, LDG_STREAM_COMMITMENT_TRUE_UP, LDG_GPU_NONE, NOV1, DEC1, "1.000000",
                "USD", "1280.000000", "1280.00");
    expect_total(d, 3, "2000.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_design_overage_untiered_window_counts_and_beyond_last_tier(void **state)
{
    static const char base[] = DX_HEAD("OVT") " 'gpu': [{'class': 'H100', 'reserved': 0, "
                                              "'rate': '1', 'overage_rate': '3'}]}";
    static const char *const amend[] = {
        "{'contract': 'OVT', 'amends': 'OVT', 'effective': '2026-11-16T00:00:00Z',"
        " 'gpu': [{'class': 'H100', 'reserved': 0, 'rate': '1', 'overage_rate': '2.5',"
        " 'overage_tiers': [{'up_to': '100', 'rate': '2'}]}]}",
    };
    ldg_contract *c = contract_of(base, amend, 1);
    ldg_usage u[] = { item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, NOV16, "80"),
                      item(LDG_USAGE_GPU, LDG_GPU_H100, NOV16, DEC1, "50") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 2);

    (void)state;
    /* W1 has no tiers: 80 at 3.00, and the cumulative overage is 80. W2 adds
     * [80, 130): [80, 100) in the tier at 2.00, [100, 130) beyond it at 2.50. */
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, NOV16, "80.000000",
                "gpu_hour", "3.000000", "240.00");
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV16, DEC1, "20.000000",
                "gpu_hour", "2.000000", "40.00");
    expect_line(d, 2, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV16, DEC1, "30.000000",
                "gpu_hour", "2.500000", "75.00");
    expect_total(d, 3, "355.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_design_same_rate_segments_one_line(void **state)
{
    static const char base[] =
        DX_HEAD("MRG") " 'gpu': [{'class': 'H100', 'reserved': 0, 'rate': '1', "
                       "'overage_rate': '1.555555',"
                       " 'overage_tiers': [{'up_to': '10', 'rate': '2'},"
                       " {'up_to': '20', 'rate': '1.555555'}]}]}";
    ldg_contract *c = contract_of(base, NULL, 0);
    ldg_usage u[] = { item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, DEC1, "25") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    (void)state;
    /* [10, 20) and [20, 25) are both at 1.555555: one line of 15 = 23.333325 -> 23.33,
     * where pricing them apart would give 15.56 + 7.78 = 23.34. */
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, DEC1, "10.000000",
                "gpu_hour", "2.000000", "20.00");
    expect_line(d, 1, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV1, DEC1, "15.000000",
                "gpu_hour", "1.555555", "23.33");
    expect_total(d, 2, "43.33");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_design_split_several_cuts_negative(void **state)
{
    ldg_time s = at("2026-11-15T23:30:00Z"), e = at("2026-11-16T01:30:00Z");
    ldg_time x1 = at(NOV16), x2 = at("2026-11-16T01:00:00Z");
    int64_t f1, f2;

    (void)state;
    /* 10.000002 over 2 h cut at 00:00 and 01:00: F = trunc(2500000.5) = 2500000 and
     * trunc(7500001.5) = 7500001; pieces 2.500000, 5.000001, 2.500001. */
    ldg_rate_split(&f1, 10000002, s, e, x1);
    ldg_rate_split(&f2, 10000002, s, e, x2);
    assert_int_equal(f1, 2500000);
    assert_int_equal(f2 - f1, 5000001);
    assert_int_equal(10000002 - f2, 2500001);
    /* negative: toward zero, the mirror image */
    ldg_rate_split(&f1, -10000002, s, e, x1);
    ldg_rate_split(&f2, -10000002, s, e, x2);
    assert_int_equal(f1, -2500000);
    assert_int_equal(f2 - f1, -5000001);
    assert_int_equal(-10000002 - f2, -2500001);
}

static void test_design_sla_bands_of_last_window(void **state)
{
    static const char base[] = DX_HEAD("SLB") " 'gpu': [{'class': 'H100', 'reserved': "
                                              "10, 'rate': '2', 'overage_rate': '3'}],"
                                              " 'sla': {'target': '99.9', 'credits': "
                                              "[{'below': '99.9', 'percent': '5'}]}}";
    static const char *const amend[] = {
        "{'contract': 'SLB', 'amends': 'SLB', 'effective': '2026-11-16T00:00:00Z',"
        " 'sla': {'target': '99.5', 'credits': [{'below': '99.5', 'percent': '10'},"
        " {'below': '99.0', 'percent': '25'}]}}",
    };
    ldg_contract *c = contract_of(base, amend, 1);
    ldg_usage d20 = item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV1, NOV16, "20");
    ldg_usage d40 = item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, NOV1, NOV16, "40");
    ldg_draft *d = rate_ok(c, "2026-11", &d20, 1);

    (void)state;
    /* R = 10 x 720 = 7200. 20 down: 99.7222...%, under the old 99.9 band but the bands
     * of the last window (from Nov 16) apply: not under 99.5, no credit. */
    expect_total(d, 2, "14400.00");
    ldg_rate_draft_free(d);
    /* 40 down: 99.4444...% < 99.5, not < 99.0: 10 % of 14400 */
    d = rate_ok(c, "2026-11", &d40, 1);
    expect_line(d, 2, LDG_STREAM_SLA_CREDIT, LDG_GPU_H100, NOV1, DEC1, "14400.000000",
                "USD", "-0.100000", "-1440.00");
    expect_total(d, 3, "12960.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_design_zero_amount_line_kept_zero_quantity_omitted(void **state)
{
    static const char base[] =
        DX_HEAD("ZER") " 'gpu': [{'class': 'H100', 'reserved': 0, 'rate': '1', "
                       "'overage_rate': '2'}],"
                       " 'energy': {'rate_per_mwh': '62.5', 'pue': '1'}}";
    ldg_contract *c = contract_of(base, NULL, 0);
    /* 1 Wh at 62.50 per MWh is 0.0000625 -> 0.00: the line stays (its quantity is not
     * 0). Nothing reserved: no gpu_reserved line; no GPU usage: no overage line. */
    ldg_usage u[] = { item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV1, NOV16, "0.000001"),
                      item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV16, DEC1, "0") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 2);

    (void)state;
    expect_line(d, 0, LDG_STREAM_ENERGY, LDG_GPU_NONE, NOV1, DEC1, "0.000001", "mwh",
                "62.500000", "0.00");
    expect_total(d, 1, "0.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* ---- rejections ---------------------------------------------------------------------
 */

static void expect_rate_error(const char *contract, const char *p, ldg_usage u,
                              ldg_code code, const char *message)
{
    ldg_contract *c = contract_of(contract, NULL, 0);
    ldg_draft *d = (ldg_draft *)1;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_rate_period(&d, c, period(p), &u, 1, &err), code);
    assert_null(d);
    assert_string_equal(err.message, message);
    ldg_contract_free(c);
}

static void test_rate_reject_item_outside_term(void **state)
{
    (void)state;
    /* wholly before the term (a record crossing its start is billed: see below) */
    expect_rate_error(
        C1_ANTH, "2026-11",
        item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-09T22:00:00Z", "2026-11-10T00:00:00Z",
             "5"),
        LDG_EINVAL,
        "usage item [2026-11-09T22:00:00Z, 2026-11-10T00:00:00Z) lies outside "
        "the term of contract \"C1-ANTH\"");
}

/* Overage only (nothing reserved), 2.00 per GPU-hour: a line's quantity is what the
 * contract bills of a record. Term [Nov 10, Nov 20). */
static const char EDGE_A[] =
    "{'contract': 'EA', 'tenant': 'acme', 'tenant_name': 'Acme', 'site': 's1',"
    " 'currency': 'USD', 'invoice_series': 'EA', 'starts': '2026-11-10T00:00:00Z',"
    " 'ends': '2026-11-20T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 0, 'rate': '1.000000',"
    " 'overage_rate': '2.000000'}]}";
/* The tenant's next contract, [Nov 20, Dec 20), 3.00 per GPU-hour. */
static const char EDGE_B[] =
    "{'contract': 'EB', 'tenant': 'acme', 'tenant_name': 'Acme', 'site': 's1',"
    " 'currency': 'USD', 'invoice_series': 'EB', 'starts': '2026-11-20T00:00:00Z',"
    " 'ends': '2026-12-20T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 0, 'rate': '1.000000',"
    " 'overage_rate': '3.000000'}]}";

static void test_rate_record_crossing_term_start_bills_part_inside(void **state)
{
    ldg_contract *c = contract_of(EDGE_A, NULL, 0);
    /* 2000 GPU-h over 2026-11-09T23:00..2026-11-10T01:00; the term starts at 00:00:
     * F(00:00) = trunc(2000 x 3600 / 7200) = 1000 before the term (not billed), 1000
     * inside, at 2.00 = 2000.00. */
    ldg_usage u[] = { item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-09T23:00:00Z",
                           "2026-11-10T01:00:00Z", "2000") };
    ldg_draft *d = rate_ok(c, "2026-11", u, 1);

    (void)state;
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV10, "2026-11-20T00:00:00Z",
                "1000.000000", "gpu_hour", "2.000000", "2000.00");
    expect_total(d, 1, "2000.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_rate_record_crossing_term_end_remainder_to_later_piece(void **state)
{
    ldg_contract *c = contract_of(EDGE_A, NULL, 0);
    /* 3000.000001 over 23:00..02:00 (3 h) across the end at Nov 20 00:00: inside
     * F(00:00) = trunc(3000.000001 x 1 / 3) = 1000.000000; the remainder 2000.000001 is
     * after the end. A correction of -3000.000001 over the same interval: -1000.000000
     * inside. */
    ldg_usage u[] = { item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-19T23:00:00Z",
                           "2026-11-20T02:00:00Z", "3000.000001"),
                      item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-19T22:00:00Z",
                           "2026-11-19T23:00:00Z", "10") };
    ldg_usage neg = item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-19T23:00:00Z",
                         "2026-11-20T02:00:00Z", "-3000.000001");
    ldg_draft *d = rate_ok(c, "2026-11", u, 2);
    ldg_rating *r = NULL;

    (void)state;
    /* 1000 + 10 = 1010 x 2.00 */
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV10, "2026-11-20T00:00:00Z",
                "1010.000000", "gpu_hour", "2.000000", "2020.00");
    expect_total(d, 1, "2020.00");
    ldg_rate_draft_free(d);
    assert_int_equal(ldg_rate_new(&r, c, period("2026-11"), NULL), LDG_OK);
    assert_int_equal(ldg_rate_add(r, &u[0], NULL), LDG_OK);
    assert_int_equal(ldg_rate_add(r, &u[1], NULL), LDG_OK);
    assert_int_equal(ldg_rate_add(r, &neg, NULL), LDG_OK);
    assert_int_equal(ldg_rate_finish(&d, r, NULL), LDG_OK);
    /* 1000 + 10 - 1000 = 10 */
    expect_line(d, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV10, "2026-11-20T00:00:00Z",
                "10.000000", "gpu_hour", "2.000000", "20.00");
    ldg_rate_draft_free(d);
    ldg_rate_free(r);
    ldg_contract_free(c);
}

static void test_rate_record_crossing_into_next_contract(void **state)
{
    ldg_contract *a = contract_of(EDGE_A, NULL, 0), *b = contract_of(EDGE_B, NULL, 0);
    /* 2000 GPU-h over Nov 19 23:00 .. Nov 20 01:00: EA bills F(Nov 20) = 1000 at 2.00,
     * EB bills the remaining 1000 at 3.00; the record is billed once, whole. */
    ldg_usage u[] = { item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-19T23:00:00Z",
                           "2026-11-20T01:00:00Z", "2000") };
    ldg_draft *da = rate_ok(a, "2026-11", u, 1), *db = rate_ok(b, "2026-11", u, 1);

    (void)state;
    expect_line(da, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, NOV10,
                "2026-11-20T00:00:00Z", "1000.000000", "gpu_hour", "2.000000", "2000.00");
    expect_total(da, 1, "2000.00");
    expect_line(db, 0, LDG_STREAM_GPU_OVERAGE, LDG_GPU_H100, "2026-11-20T00:00:00Z", DEC1,
                "1000.000000", "gpu_hour", "3.000000", "3000.00");
    expect_total(db, 1, "3000.00");
    ldg_rate_draft_free(da);
    ldg_rate_draft_free(db);
    ldg_contract_free(a);
    ldg_contract_free(b);
}

static void test_rate_downtime_where_class_has_no_terms_is_ignored(void **state)
{
    /* R1 has H100 only; an amendment at Nov 16 adds 10 H200 at 2.00 (W2 = 360 h, so
     * R_H200 = 3600 GPU-h, value 7200.00). */
    static const char *const add_h200[] = {
        "{'contract': 'R1', 'amends': 'R1', 'effective': '2026-11-16T00:00:00Z',"
        " 'gpu': [{'class': 'H200', 'reserved': 10, 'rate': '2.000000', 'overage_rate':"
        " '3.000000'}]}",
    };
    ldg_contract *c = contract_of(R1, add_h200, 1);
    /* 8 GPU-h of H200 downtime over Nov 15 23:00 .. Nov 16 01:00: 4 fall before Nov 16,
     * where H200 has no terms (ignored), 4 after. Availability 100 x (1 - 4 / 3600) =
     * 99.888...: under 99.9, so 5 % of 7200.00 = -360.00. Counting all 8 would give
     * 99.777..., the same band: the ignored part changes nothing here, by design. */
    ldg_usage down = item(LDG_USAGE_DOWNTIME, LDG_GPU_H200, "2026-11-15T23:00:00Z",
                          "2026-11-16T01:00:00Z", "8");
    ldg_usage before = item(LDG_USAGE_DOWNTIME, LDG_GPU_H200, "2026-11-15T20:00:00Z",
                            "2026-11-15T21:00:00Z", "5");
    ldg_rating *r = NULL;
    ldg_draft *d = NULL;
    ldg_time from = -1, to = -1;
    int64_t q = -1;

    (void)state;
    assert_int_equal(ldg_rate_new(&r, c, period("2026-11"), NULL), LDG_OK);
    assert_false(ldg_rate_has_ignored_downtime(r));
    assert_int_equal(ldg_rate_add(r, &down, NULL), LDG_OK);
    assert_true(ldg_rate_has_ignored_downtime(r));
    assert_int_equal(ldg_rate_ignored_downtime(&q, &from, &to, r, &down, NULL), LDG_OK);
    assert_int_equal(q, 4000000);
    assert_int_equal(from, at("2026-11-15T23:00:00Z"));
    assert_int_equal(to, at(NOV16));
    assert_int_equal(ldg_rate_ignored_downtime(&q, &from, &to, r, &before, NULL), LDG_OK);
    assert_int_equal(q, 5000000);
    assert_int_equal(ldg_rate_finish(&d, r, NULL), LDG_OK);
    /* H100 W1, H100 W2, H200 W2, power_capacity W1 and W2, then the one SLA line */
    expect_line(d, 2, LDG_STREAM_GPU_RESERVED, LDG_GPU_H200, NOV16, DEC1, "3600.000000",
                "gpu_hour", "2.000000", "7200.00");
    expect_line(d, 5, LDG_STREAM_SLA_CREDIT, LDG_GPU_H200, NOV1, DEC1, "7200.000000",
                "USD", "-0.050000", "-360.00");
    assert_int_equal(ldg_rate_draft_line_count(d), 6);
    ldg_rate_draft_free(d);
    /* an H100 item is not downtime of a class without terms */
    down.cls = LDG_GPU_H100;
    assert_int_equal(ldg_rate_ignored_downtime(&q, &from, &to, r, &down, NULL), LDG_OK);
    assert_int_equal(q, 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 0);
    down.kind = LDG_USAGE_GPU;
    assert_int_equal(ldg_rate_ignored_downtime(&q, &from, &to, r, &down, NULL),
                     LDG_EINVAL);
    ldg_rate_free(r);
    ldg_contract_free(c);
}

static void test_rate_reject_item_outside_period(void **state)
{
    (void)state;
    expect_rate_error(
        R1, "2026-11",
        item(LDG_USAGE_GPU, LDG_GPU_H100, DEC1, "2026-12-01T01:00:00Z", "5"), LDG_EINVAL,
        "usage item [2026-12-01T00:00:00Z, 2026-12-01T01:00:00Z) does not "
        "overlap the period being rated");
}

static void test_rate_reject_empty_interval(void **state)
{
    (void)state;
    expect_rate_error(
        R1, "2026-11", item(LDG_USAGE_GPU, LDG_GPU_H100, NOV16, NOV16, "5"), LDG_EINVAL,
        "usage item [2026-11-16T00:00:00Z, 2026-11-16T00:00:00Z) ends at or "
        "before its start");
}

static void test_rate_reject_wrong_class_for_kind(void **state)
{
    (void)state;
    expect_rate_error(
        R1, "2026-11", item(LDG_USAGE_ENERGY, LDG_GPU_H100, NOV1, NOV16, "5"), LDG_EINVAL,
        "usage item of kind energy has a wrong class (0): energy has none, gpu "
        "and downtime need one");
    expect_rate_error(
        R1, "2026-11", item(LDG_USAGE_GPU, LDG_GPU_NONE, NOV1, NOV16, "5"), LDG_EINVAL,
        "usage item of kind gpu has a wrong class (-1): energy has none, gpu "
        "and downtime need one");
}

static void test_rate_reject_usage_without_terms(void **state)
{
    static const char no_energy[] =
        "{'contract': 'N1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'N1', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 1,"
        " 'rate': '1', 'overage_rate': '1'}]}";

    (void)state;
    expect_rate_error(
        R1, "2026-11", item(LDG_USAGE_GPU, LDG_GPU_H200, NOV1, NOV16, "5"), LDG_EINVAL,
        "could not rate contract \"R1\": 5.000000 GPU-hours of class H200 used "
        "in [2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z), but the contract has "
        "no terms for that class");
    expect_rate_error(
        no_energy, "2026-11", item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV1, NOV16, "5"),
        LDG_EINVAL,
        "could not rate contract \"N1\": energy metered in "
        "[2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z), but the contract has no "
        "energy terms");
}

static void test_rate_reject_period_not_covered(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_rating *r = (ldg_rating *)1;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_rate_new(&r, c, period("2026-10"), &err), LDG_EINVAL);
    assert_null(r);
    assert_string_equal(err.message,
                        "contract \"C1-ANTH\" does not cover any hour of period 2026-10");
    ldg_error_clear(&err);
    assert_int_equal(ldg_rate_new(&r, c, period("2029-12"), &err), LDG_EINVAL);
    ldg_contract_free(c);
}

static void test_rate_overflow_is_erange(void **state)
{
    static const char huge_reserved[] =
        "{'contract': 'O1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'O1', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved':"
        " 9223372036854, 'rate': '1', 'overage_rate': '1'}]}";
    static const char huge_amount[] =
        "{'contract': 'O2', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'O2', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved':"
        " 1000000, 'rate': '20000', 'overage_rate': '1'}]}";
    static const char huge_total[] =
        "{'contract': 'O3', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'O3', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved':"
        " 1000000, 'rate': '10000', 'overage_rate': '1'}, {'class': 'H200', 'reserved':"
        " 1000000, 'rate': '10000', 'overage_rate': '1'}]}";
    ldg_contract *c;
    ldg_draft *d = NULL;

    (void)state;
    /* 9223372036854 GPUs x 720 h overflows micro-GPU-hours. */
    c = contract_of(huge_reserved, NULL, 0);
    assert_int_equal(ldg_rate_period(&d, c, period("2026-11"), NULL, 0, NULL),
                     LDG_ERANGE);
    assert_null(d);
    ldg_contract_free(c);
    /* 720000000 GPU-h x 20000 = 1.44e13 > 9.2e12 currency units. */
    c = contract_of(huge_amount, NULL, 0);
    assert_int_equal(ldg_rate_period(&d, c, period("2026-11"), NULL, 0, NULL),
                     LDG_ERANGE);
    ldg_contract_free(c);
    /* Two lines of 7.2e12 each fit; their total does not. */
    c = contract_of(huge_total, NULL, 0);
    assert_int_equal(ldg_rate_period(&d, c, period("2026-11"), NULL, 0, NULL),
                     LDG_ERANGE);
    ldg_contract_free(c);
}

static void test_rate_streaming_equals_batch_and_finish_repeats(void **state)
{
    ldg_contract *c = contract_of(R1, R1_A1, 1);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, NOV16, "3680"),
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2026-11-15T23:30:00Z",
             "2026-11-16T00:30:00Z", "10.000001"),
    };
    ldg_rating *r = NULL;
    ldg_draft *a = NULL, *b = NULL;
    size_t i;

    (void)state;
    assert_int_equal(ldg_rate_new(&r, c, period("2026-11"), NULL), LDG_OK);
    assert_int_equal(ldg_rate_add(r, &u[1], NULL), LDG_OK);
    assert_int_equal(ldg_rate_add(r, &u[0], NULL), LDG_OK);
    assert_int_equal(ldg_rate_finish(&a, r, NULL), LDG_OK);
    assert_int_equal(ldg_rate_finish(&b, r, NULL), LDG_OK);
    assert_int_equal(ldg_rate_draft_line_count(a), ldg_rate_draft_line_count(b));
    for (i = 0; i < ldg_rate_draft_line_count(a); i++)
        assert_memory_equal(ldg_rate_draft_line(a, i), ldg_rate_draft_line(b, i),
                            sizeof(ldg_line));
    ldg_rate_draft_free(a);
    ldg_rate_draft_free(b);
    ldg_rate_free(r);
    ldg_contract_free(c);
}

static void test_rate_stream_names(void **state)
{
    ldg_stream s;

    (void)state;
    assert_string_equal(ldg_rate_stream_name(LDG_STREAM_GPU_RESERVED), "gpu_reserved");
    assert_string_equal(ldg_rate_stream_name(LDG_STREAM_COMMITMENT_TRUE_UP),
                        "commitment_true_up");
    assert_null(ldg_rate_stream_name((ldg_stream)6));
    assert_int_equal(ldg_rate_stream_parse(&s, "power_capacity", NULL), LDG_OK);
    assert_int_equal(s, LDG_STREAM_POWER_CAPACITY);
    assert_int_equal(ldg_rate_stream_parse(&s, "Energy", NULL), LDG_EINVAL);
}

/* ---- property test ------------------------------------------------------------------
 */

static uint64_t rng_state;

/* splitmix64: a seeded, integer-only generator. */
static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform-enough in 0..n-1 (n > 0). */
static int64_t rnd(int64_t n)
{
    return (int64_t)(rnd64() % (uint64_t)n);
}

static json_t *jdec(int64_t v)
{
    char b[LDG_FIXED_BUFLEN];

    return json_string(ldg_fixed_format(b, v, 6));
}

static json_t *jtime(ldg_time t)
{
    char b[LDG_TIME_BUFLEN];

    return json_string(ldg_time_format(b, t));
}

static json_t *gen_gpu(const char *cls)
{
    json_t *g = json_object(), *tiers = json_array();
    int64_t n = rnd(4), k, up = 0;

    json_object_set_new(g, "class", json_string(cls));
    json_object_set_new(g, "reserved", json_integer(rnd(2000)));
    json_object_set_new(g, "rate", jdec(rnd(5 * M)));
    json_object_set_new(g, "overage_rate", jdec(rnd(6 * M)));
    for (k = 0; k < n; k++) {
        json_t *t = json_object();

        up += 1 + rnd(3000 * M);
        if (k + 1 < n || rnd(2))
            json_object_set_new(t, "up_to", jdec(up));
        json_object_set_new(t, "rate", jdec(rnd(6 * M)));
        json_array_append_new(tiers, t);
    }
    if (n > 0)
        json_object_set_new(g, "overage_tiers", tiers);
    else
        json_decref(tiers);
    return g;
}

static json_t *gen_energy(void)
{
    json_t *e = json_object();

    json_object_set_new(e, "rate_per_mwh", jdec(rnd(100 * M)));
    json_object_set_new(e, "pue", jdec(M + rnd(M)));
    if (rnd(3)) {
        json_object_set_new(e, "capacity_mw", jdec(rnd(50 * M)));
        json_object_set_new(e, "capacity_rate_per_mw_month", jdec(rnd(20000 * M)));
    }
    return e;
}

static json_t *gen_sla(void)
{
    json_t *s = json_object(), *credits = json_array();
    int64_t n = rnd(4), k, below = 100 * M;

    json_object_set_new(s, "target", jdec(99 * M));
    for (k = 0; k < n; k++) {
        json_t *b = json_object();

        below -= 1 + rnd(3 * M);
        json_object_set_new(b, "below", jdec(below));
        json_object_set_new(b, "percent", jdec(rnd(1000001) * 100)); /* 4 decimals */
        json_array_append_new(credits, b);
    }
    json_object_set_new(s, "credits", credits);
    return s;
}

typedef struct gen {
    ldg_contract *c;
    bool has[LDG_GPU_NCLASS];
    bool energy;
} gen;

static void gen_contract(gen *g, unsigned id)
{
    static const char *const currencies[] = { "USD", "EUR", "JPY", "GBP" };
    json_t *b = json_object(), *gpu = json_array();
    ldg_time starts =
        ldg_time_from_civil(2026, 1 + (int)rnd(12), 1 + (int)rnd(28), (int)rnd(24), 0, 0);
    ldg_time ends = ldg_time_add_months(starts, 1 + (int)rnd(30)) + 3600 * rnd(48);
    ldg_error err;
    char name[16];
    int k, a, na;

    memset(g, 0, sizeof(*g));
    snprintf(name, sizeof(name), "P%u", id);
    json_object_set_new(b, "contract", json_string(name));
    json_object_set_new(b, "tenant", json_string("t"));
    json_object_set_new(b, "tenant_name", json_string("T"));
    json_object_set_new(b, "site", json_string("s"));
    json_object_set_new(b, "currency", json_string(currencies[rnd(4)]));
    json_object_set_new(b, "invoice_series", json_string("P"));
    json_object_set_new(b, "starts", jtime(starts));
    json_object_set_new(b, "ends", jtime(ends));
    for (k = 0; k <= LDG_GPU_GB200; k++) { /* the built-in classes */
        if (rnd(3) == 0)
            continue;
        g->has[k] = true;
        json_array_append_new(gpu, gen_gpu(ldg_contract_class_name((ldg_gpu_class)k)));
    }
    json_object_set_new(b, "gpu", gpu);
    if ((g->energy = rnd(3) != 0))
        json_object_set_new(b, "energy", gen_energy());
    if (rnd(3))
        json_object_set_new(b, "sla", gen_sla());
    if (rnd(2))
        json_object_set_new(b, "minimum_monthly", jdec(rnd(8000000 * M)));
    if (rnd(2)) {
        json_t *e = json_object();

        json_object_set_new(e, "percent", jdec(rnd(10 * M)));
        json_object_set_new(e, "every_months", json_integer(1 + rnd(12)));
        json_object_set_new(b, "escalator", e);
    }
    ldg_error_clear(&err);
    if (ldg_contract_from_json(&g->c, b, NULL, 0, &err) != LDG_OK)
        fail_msg("generated contract: %s", err.message);
    json_decref(b);
    na = (int)rnd(4);
    for (a = 0; a < na; a++) {
        json_t *am = json_object(), *agpu = json_array();
        ldg_time eff = starts + 3600 * rnd((ends - starts) / 3600);
        ldg_contract_doc *d = NULL;

        json_object_set_new(am, "contract", json_string(name));
        json_object_set_new(am, "amends", json_string(name));
        json_object_set_new(am, "effective", jtime(eff));
        for (k = 0; k < LDG_GPU_NCLASS; k++)
            if (g->has[k] && rnd(2))
                json_array_append_new(agpu,
                                      gen_gpu(ldg_contract_class_name((ldg_gpu_class)k)));
        json_object_set_new(am, "gpu", agpu);
        if (g->energy && rnd(2))
            json_object_set_new(am, "energy", gen_energy());
        if (rnd(3) == 0)
            json_object_set_new(am, "sla", gen_sla());
        if (rnd(3) == 0)
            json_object_set_new(am, "minimum_monthly", jdec(rnd(8000000 * M)));
        if (rnd(4) == 0)
            json_object_set_new(am, "ends", jtime(eff + 3600 * (1 + rnd(24 * 400))));
        assert_int_equal(ldg_contract_doc_parse(&d, am, NULL), LDG_OK);
        /* Chains that would strand a later amendment are refused; that is fine here. */
        (void)ldg_contract_amend_take(g->c, d, NULL);
        json_decref(am);
    }
}

static ldg_draft *rate_items(const ldg_contract *c, ldg_period p, const ldg_usage *u,
                             size_t n)
{
    ldg_draft *d = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_rate_period(&d, c, p, u, n, &err) != LDG_OK)
        fail_msg("property rating: %s (%s)", err.message, err.where);
    return d;
}

static char *invoice_text(const ldg_draft *d)
{
    ldg_invoice_meta m = { LDG_INVOICE_KIND_INVOICE,
                           "P-2026-000001",
                           0,
                           NULL,
                           7,
                           "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
                           NULL,
                           NULL };
    ldg_invoice *inv = NULL, *back = NULL;
    json_t *j = NULL, *j2 = NULL;
    ldg_error err;
    char *s, *s2;

    ldg_error_clear(&err);
    if (ldg_invoice_new(&inv, d, &m, &err) != LDG_OK)
        fail_msg("invoice: %s", err.message);
    assert_int_equal(ldg_invoice_to_json(&j, inv, NULL), LDG_OK);
    s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    /* and the document reads back to the same bytes */
    if (ldg_invoice_from_json(&back, j, LDG_INVOICE_KIND_INVOICE, &err) != LDG_OK)
        fail_msg("invoice from json: %s", err.message);
    assert_int_equal(ldg_invoice_to_json(&j2, back, NULL), LDG_OK);
    s2 = json_dumps(j2, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(s, s2);
    free(s2);
    json_decref(j2);
    json_decref(j);
    ldg_invoice_free(back);
    ldg_invoice_free(inv);
    return s;
}

#define MAX_RECORDS 60
#define MAX_HOURS   (31 * 24)

/* Up to MAX_RECORDS raw records of the kinds and classes g prices, some of them
 * corrections, each around an instant of period p and inside the contract's term.
 * Returns how many. */
static size_t gen_raw(ldg_usage raw[MAX_RECORDS], const gen *g, ldg_period p)
{
    ldg_time starts = ldg_contract_starts(g->c), ends = ldg_contract_ends(g->c);
    ldg_time lo = p.start > starts ? p.start : starts, hi = p.end < ends ? p.end : ends;
    size_t nraw, i;
    int k, nclasses = 0, classes[LDG_GPU_NCLASS];

    for (k = 0; k < LDG_GPU_NCLASS; k++)
        if (g->has[k])
            classes[nclasses++] = k;
    nraw = (size_t)rnd(MAX_RECORDS + 1);
    for (i = 0; i < nraw; i++) {
        ldg_usage *u = &raw[i];
        int64_t kind = rnd(4);

        if (i > 0 && rnd(5) == 0) { /* a correction of an earlier record */
            *u = raw[rnd((int64_t)i)];
            u->qty_micros = -rnd(u->qty_micros > 0 ? u->qty_micros + 1 : 1);
            continue;
        }
        if (kind == 3 && g->energy) {
            u->kind = LDG_USAGE_ENERGY;
            u->cls = LDG_GPU_NONE;
        } else if (nclasses > 0) {
            u->kind = kind == 2 ? LDG_USAGE_DOWNTIME : LDG_USAGE_GPU;
            u->cls = (ldg_gpu_class)classes[rnd(nclasses)];
        } else {
            u->kind = LDG_USAGE_DOWNTIME; /* no class is priced: H100 downtime */
            u->cls = LDG_GPU_H100;
        }
        if (u->kind == LDG_USAGE_GPU && nclasses == 0)
            u->kind = LDG_USAGE_DOWNTIME;
        {
            ldg_time m = lo + rnd(hi - lo);

            u->start = m - rnd(36 * 3600);
            u->end = m + 1 + rnd(36 * 3600);
            if (u->start < starts)
                u->start = starts;
            if (u->end > ends)
                u->end = ends;
        }
        u->qty_micros = rnd(u->kind == LDG_USAGE_ENERGY ? 400 * M : 300000 * M);
    }
    return nraw;
}

/* Hourly rollups of raw[0..nraw), built as the ingest would: each record cut at clock
 * hours by ldg_rate_split on the original record, summed per kind, class and hour of p.
 * Returns a calloc'd array (the caller frees it) and its length in *n. */
static ldg_usage *hourly_of(size_t *n, const ldg_usage *raw, size_t nraw, ldg_period p)
{
    static ldg_i128 sums[MAX_HOURS][2 * LDG_GPU_NCLASS + 1];
    size_t nh = (size_t)((p.end - p.start) / 3600), nhourly = 0, i, h, slot;
    ldg_usage *hourly;

    memset(sums, 0, sizeof(sums));
    for (i = 0; i < nraw; i++) {
        const ldg_usage *u = &raw[i];
        ldg_time t = u->start - ((u->start % 3600) + 3600) % 3600;

        for (; t < u->end; t += 3600) {
            int64_t f0, f1;

            if (t < p.start || t >= p.end)
                continue;
            ldg_rate_split(&f0, u->qty_micros, u->start, u->end, t);
            ldg_rate_split(&f1, u->qty_micros, u->start, u->end, t + 3600);
            slot = u->kind == LDG_USAGE_ENERGY ? 2 * LDG_GPU_NCLASS
                   : u->kind == LDG_USAGE_DOWNTIME
                       ? (size_t)LDG_GPU_NCLASS + (size_t)u->cls
                       : (size_t)u->cls;
            sums[(t - p.start) / 3600][slot] += f1 - f0;
        }
    }
    hourly = calloc(nh * (2 * LDG_GPU_NCLASS + 1) + 1, sizeof(*hourly));
    assert_non_null(hourly);
    for (h = 0; h < nh; h++) {
        for (slot = 0; slot < 2 * LDG_GPU_NCLASS + 1; slot++) {
            ldg_usage *u;

            if (sums[h][slot] == 0)
                continue;
            u = &hourly[nhourly++];
            u->start = p.start + (ldg_time)h * 3600;
            u->end = u->start + 3600;
            u->qty_micros = (int64_t)sums[h][slot];
            if (slot == 2 * LDG_GPU_NCLASS) {
                u->kind = LDG_USAGE_ENERGY;
                u->cls = LDG_GPU_NONE;
            } else if (slot >= LDG_GPU_NCLASS) {
                u->kind = LDG_USAGE_DOWNTIME;
                u->cls = (ldg_gpu_class)(slot - LDG_GPU_NCLASS);
            } else {
                u->kind = LDG_USAGE_GPU;
                u->cls = (ldg_gpu_class)slot;
            }
        }
    }
    *n = nhourly;
    return hourly;
}

/* total == sum of lines; amounts in whole minor units; no empty usage lines. Counts
 * the lines of each stream in seen and those after the first window in *multi_window. */
static void check_draft_lines(const ldg_draft *a, size_t seen[LDG_STREAM_COUNT],
                              size_t *multi_window)
{
    int64_t sum = 0;

    for (size_t i = 0; i < ldg_rate_draft_line_count(a); i++) {
        const ldg_line *l = ldg_rate_draft_line(a, i);
        int64_t unit = ldg_rate_draft_currency_digits(a) == 0 ? M : 10000;

        sum += l->amount_micros;
        seen[l->stream]++;
        if (l->from != ldg_rate_draft_covered_from(a))
            (*multi_window)++;
        assert_int_equal(l->amount_micros % unit, 0);
        if (l->stream == LDG_STREAM_GPU_OVERAGE || l->stream == LDG_STREAM_ENERGY)
            assert_true(l->qty_micros != 0);
    }
    assert_int_equal(sum, ldg_rate_draft_total(a));
}

static void test_rate_property_hourly_equals_raw_and_deterministic(void **state)
{
    size_t seen[LDG_STREAM_COUNT] = { 0 }, multi_window = 0, s;
    unsigned iter;

    (void)state;
    rng_state = UINT64_C(20261110);
    for (iter = 0; iter < 400; iter++) {
        ldg_usage raw[MAX_RECORDS], shuffled[MAX_RECORDS];
        ldg_usage *hourly = NULL;
        ldg_time starts, ends;
        size_t nraw, nhourly = 0, i;
        ldg_draft *a, *b, *again;
        char *ta, *tb, *tc;
        ldg_period p;
        gen g;

        gen_contract(&g, iter);
        starts = ldg_contract_starts(g.c);
        ends = ldg_contract_ends(g.c);
        p = ldg_period_of(starts + rnd(ends - starts));
        nraw = gen_raw(raw, &g, p);
        hourly = hourly_of(&nhourly, raw, nraw, p);
        a = rate_items(g.c, p, raw, nraw);
        b = rate_items(g.c, p, hourly, nhourly);
        check_draft_lines(a, seen, &multi_window);
        /* hourly rollups rate exactly like the raw records */
        ta = invoice_text(a);
        tb = invoice_text(b);
        assert_string_equal(ta, tb);
        /* rating again, items in another order, gives the same bytes */
        memcpy(shuffled, raw, nraw * sizeof(raw[0]));
        for (i = nraw; i > 1; i--) {
            size_t j = (size_t)rnd((int64_t)i);
            ldg_usage t = shuffled[i - 1];

            shuffled[i - 1] = shuffled[j];
            shuffled[j] = t;
        }
        again = rate_items(g.c, p, shuffled, nraw);
        tc = invoice_text(again);
        assert_string_equal(ta, tc);
        free(ta);
        free(tb);
        free(tc);
        free(hourly);
        ldg_rate_draft_free(a);
        ldg_rate_draft_free(b);
        ldg_rate_draft_free(again);
        ldg_contract_free(g.c);
    }
    /* The generator must reach every rule, and periods cut into several windows. */
    for (s = 0; s < LDG_STREAM_COUNT; s++)
        if (seen[s] < 20)
            fail_msg("stream %s seen only %zu times", ldg_rate_stream_name((ldg_stream)s),
                     seen[s]);
    assert_true(multi_window >= 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_split_remainder_to_later_piece),
        cmocka_unit_test(test_rate_split_int64_max_exact),
        cmocka_unit_test(test_rate_split_hours_telescope),
        cmocka_unit_test(test_rate_amendment_mid_month_and_tiers_across_two_windows),
        cmocka_unit_test(test_rate_overage_without_tiers_and_bounded_last_tier),
        cmocka_unit_test(test_rate_tier_segments_at_equal_rates_merge),
        cmocka_unit_test(test_rate_contract_starting_mid_month_worked_example),
        cmocka_unit_test(test_rate_take_or_pay_without_usage),
        cmocka_unit_test(test_rate_escalation_inside_period_31_days),
        cmocka_unit_test(test_rate_months_of_28_29_30_31_days),
        cmocka_unit_test(test_rate_record_crossing_window_split_exactly),
        cmocka_unit_test(test_rate_record_crossing_month_counts_only_inside),
        cmocka_unit_test(test_rate_sla_each_band_and_exact_boundaries),
        cmocka_unit_test(test_rate_sla_none_without_reservation),
        cmocka_unit_test(test_rate_sla_cap),
        cmocka_unit_test(test_rate_minimum_monthly_true_up),
        cmocka_unit_test(test_rate_minimum_monthly_prorated_rational),
        cmocka_unit_test(test_rate_rounding_half_away_at_xxx5),
        cmocka_unit_test(test_rate_jpy_rounds_to_whole_yen),
        cmocka_unit_test(test_design_minimum_time_weighted_over_windows),
        cmocka_unit_test(test_design_overage_untiered_window_counts_and_beyond_last_tier),
        cmocka_unit_test(test_design_same_rate_segments_one_line),
        cmocka_unit_test(test_design_split_several_cuts_negative),
        cmocka_unit_test(test_design_sla_bands_of_last_window),
        cmocka_unit_test(test_design_zero_amount_line_kept_zero_quantity_omitted),
        cmocka_unit_test(test_rate_reject_item_outside_term),
        cmocka_unit_test(test_rate_record_crossing_term_start_bills_part_inside),
        cmocka_unit_test(test_rate_record_crossing_term_end_remainder_to_later_piece),
        cmocka_unit_test(test_rate_record_crossing_into_next_contract),
        cmocka_unit_test(test_rate_downtime_where_class_has_no_terms_is_ignored),
        cmocka_unit_test(test_rate_reject_item_outside_period),
        cmocka_unit_test(test_rate_reject_empty_interval),
        cmocka_unit_test(test_rate_reject_wrong_class_for_kind),
        cmocka_unit_test(test_rate_reject_usage_without_terms),
        cmocka_unit_test(test_rate_reject_period_not_covered),
        cmocka_unit_test(test_rate_overflow_is_erange),
        cmocka_unit_test(test_rate_streaming_equals_batch_and_finish_repeats),
        cmocka_unit_test(test_rate_stream_names),
        cmocka_unit_test(test_rate_property_hourly_equals_raw_and_deterministic),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
