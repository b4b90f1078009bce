/*
 * Unit tests for reports/doc_format.c: how documents for people write quantities,
 * periods, the SLA and energy sentences, the re-rated / issued / difference sentence,
 * and per-stream subtotals. Expected strings are typed out, worked by hand.
 */
#include "ledger/time.h"
#include "reports/doc_format.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

static ldg_time at(const char *s)
{
    ldg_time t = 0;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_time_parse_str(&t, s, &err) != LDG_OK)
        fail_msg("%s: %s", s, err.message);
    return t;
}

static void period_is(const char *from, const char *to, const char *want)
{
    char buf[RPT_DOC_PERIOD_BUFLEN];

    assert_string_equal(rpt_doc_format_period(buf, at(from), at(to)), want);
}

/* ---- quantities and rates ------------------------------------------------------------
 */

static void test_quantity_trims_trailing_zeros(void **state)
{
    char buf[RPT_DOC_NUMBER_BUFLEN];

    (void)state;
    /* a whole number of GPU-hours: no point, no zeros */
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(24000000000)), "24,000");
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(50400000000000)),
                        "50,400,000");
    /* MWh keep their meaningful decimals, and only those */
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(44100625000)), "44,100.625");
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(46875080)), "46.87508");
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(1250500000)), "1,250.5");
    assert_string_equal(rpt_doc_format_quantity(buf, 1), "0.000001");
    assert_string_equal(rpt_doc_format_quantity(buf, 0), "0");
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(-12500000)), "-12.5");
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_C(-100000000)), "-100");
    assert_string_equal(rpt_doc_format_quantity(buf, INT64_MAX),
                        "9,223,372,036,854.775807");
}

static void test_rates_keep_the_minor_digits(void **state)
{
    char buf[RPT_DOC_NUMBER_BUFLEN];

    (void)state;
    assert_string_equal(rpt_doc_format_trimmed(buf, 1850000, 2), "1.85");
    assert_string_equal(rpt_doc_format_trimmed(buf, 62500000, 2), "62.50");
    assert_string_equal(rpt_doc_format_trimmed(buf, INT64_C(15000000000), 2),
                        "15,000.00");
    assert_string_equal(rpt_doc_format_trimmed(buf, 1555555, 2), "1.555555");
    assert_string_equal(rpt_doc_format_trimmed(buf, 18000, 2), "0.018");
    assert_string_equal(rpt_doc_format_trimmed(buf, INT64_C(1050000000), 0),
                        "1,050"); /* JPY */
    assert_string_equal(rpt_doc_format_trimmed(buf, 1500000, 6), "1.500000");
}

/* ---- periods -------------------------------------------------------------------------
 */

static void test_period_within_a_month(void **state)
{
    (void)state;
    /* the end is exclusive in JSON, inclusive in words */
    period_is("2026-11-10T00:00:00Z", "2026-12-01T00:00:00Z", "10\u201330 November 2026");
    period_is("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "1\u201330 November 2026");
    period_is("2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", "1\u201329 February 2028");
    period_is("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "1\u201331 December 2026");
}

static void test_period_of_one_day(void **state)
{
    (void)state;
    period_is("2026-11-10T00:00:00Z", "2026-11-11T00:00:00Z", "10 November 2026");
    period_is("2026-12-31T00:00:00Z", "2027-01-01T00:00:00Z", "31 December 2026");
}

static void test_period_across_month_and_year(void **state)
{
    (void)state;
    period_is("2026-11-25T00:00:00Z", "2026-12-06T00:00:00Z",
              "25 November \u2013 5 December 2026");
    period_is("2026-12-25T00:00:00Z", "2027-01-06T00:00:00Z",
              "25 December 2026 \u2013 5 January 2027");
    period_is("2026-11-30T00:00:00Z", "2026-12-02T00:00:00Z",
              "30 November \u2013 1 December 2026");
}

static void test_period_with_times(void **state)
{
    (void)state;
    /* a midnight end after a start off midnight is 24:00 of the day before */
    period_is("2026-11-20T12:00:00Z", "2026-12-01T00:00:00Z",
              "20 November 2026 12:00 \u2013 30 November 2026 24:00");
    period_is("2026-11-20T12:00:00Z", "2026-11-20T18:00:00Z",
              "20 November 2026 12:00\u201318:00");
    period_is("2026-11-10T00:00:00Z", "2026-11-10T01:00:00Z",
              "10 November 2026 00:00\u201301:00");
    period_is("2026-12-31T23:00:00Z", "2027-01-01T00:00:00Z",
              "31 December 2026 23:00\u201324:00");
    period_is("2026-11-10T00:00:00Z", "2026-11-11T06:00:30Z",
              "10 November 2026 00:00 \u2013 11 November 2026 06:00:30");
}

/* ---- the sentences under lines --------------------------------------------------------
 */

static void test_sla_line_with_and_without_facts(void **state)
{
    /* DESIGN.md / test_invoice_docs.sh: 60,480 of 50,400,000 H100 GPU-hours down:
     * 100 x (1 - 0.0012) = 99.88 exactly, under 99.9: 5 % of 93,240,000.00 */
    rpt_sla_facts f = {
        1, 99880000, 1, 99900000, INT64_C(60480000000), INT64_C(50400000000000)
    };
    char *s = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_doc_format_sla(&s, 5000000, INT64_C(93240000000000), 2, "USD", &f, &err),
        LDG_OK);
    assert_string_equal(s,
                        "Availability 99.88% (60,480 of 50,400,000 reserved GPU-hours "
                        "down) is below 99.9%: credit 5% of 93,240,000.00 USD reserved "
                        "charges");
    free(s);
    /* 560,480 down: 98.88793650...%, cut to 6 decimals, said to be cut; 10 % below 99 */
    f = (rpt_sla_facts){
        1, 98887936, 0, 99000000, INT64_C(560480000000), INT64_C(50400000000000)
    };
    assert_int_equal(
        rpt_doc_format_sla(&s, 10000000, INT64_C(93240000000000), 2, "USD", &f, &err),
        LDG_OK);
    assert_string_equal(s,
                        "Availability 98.887936\u2026% (560,480 of 50,400,000 reserved "
                        "GPU-hours down) is below 99%: credit 10% of 93,240,000.00 USD "
                        "reserved charges");
    free(s);
    /* without the facts: the band's percent and the base, from the line alone; a base
     * with more than the minor digits keeps them (14,400.005 x 2.5 % is not 360.00) */
    assert_int_equal(
        rpt_doc_format_sla(&s, 2500000, INT64_C(14400005000), 2, "EUR", NULL, &err),
        LDG_OK);
    assert_string_equal(s, "Credit 2.5% of 14,400.005 EUR reserved charges");
    free(s);
}

static void test_energy_sentence(void **state)
{
    char *s = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* 35,280.5 x 1.25 = 44,100.625 exactly */
    assert_int_equal(rpt_doc_format_energy(&s, INT64_C(35280500000), 1250000, &err),
                     LDG_OK);
    assert_string_equal(s, "Metered 35,280.5 MWh \u00d7 PUE 1.25 = 44,100.625 MWh");
    free(s);
    /* 0.000001 x 1.5 = 0.0000015 -> 0.000002, half away from zero, and said so */
    assert_int_equal(rpt_doc_format_energy(&s, 1, 1500000, &err), LDG_OK);
    assert_string_equal(s,
                        "Metered 0.000001 MWh \u00d7 PUE 1.5 = 0.000002 MWh (rounded to "
                        "6 decimals)");
    free(s);
}

static void test_difference_adds_up(void **state)
{
    /* issue 16: 46.875080 MWh x 62.50 = 2,929.6925 would be 2,929.69, but the line is
     * the difference of rounded amounts: 2,759,218.76 - 2,756,289.06 = 2,929.70 */
    rpt_difference d = { 46875080,
                         INT64_C(2929700000),
                         INT64_C(44100625000),
                         INT64_C(2756289060000),
                         "MWh",
                         2 };
    char *s = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_doc_format_difference(&s, &d, &err), LDG_OK);
    assert_string_equal(s,
                        "Re-rated 2,759,218.76 minus issued before 2,756,289.06 = "
                        "2,929.70 (quantity 44,147.50008 - 44,100.625 = 46.87508 MWh)");
    free(s);
    /* a credit: an SLA line whose base is money shows no quantity */
    d = (rpt_difference){
        INT64_C(93240000000000), INT64_C(-9324000000000), 0, 0, NULL, 2
    };
    assert_int_equal(rpt_doc_format_difference(&s, &d, &err), LDG_OK);
    assert_string_equal(
        s, "Re-rated -9,324,000.00 minus issued before 0.00 = -9,324,000.00");
    free(s);
    /* JPY: no minor digits */
    d = (rpt_difference){ 1000000, INT64_C(1000000000),
                          2000000, INT64_C(2000000000),
                          "MWh",   0 };
    assert_int_equal(rpt_doc_format_difference(&s, &d, &err), LDG_OK);
    assert_string_equal(s,
                        "Re-rated 3,000 minus issued before 2,000 = 1,000 (quantity 3 - "
                        "2 = 1 MWh)");
    free(s);
    d = (rpt_difference){ 1, INT64_MAX, 0, 1, "MWh", 2 };
    assert_int_equal(rpt_doc_format_difference(&s, &d, &err), LDG_ERANGE);
    assert_null(s);
}

/* ---- subtotals ------------------------------------------------------------------------
 */

static void test_subtotals_by_stream_name(void **state)
{
    /* "fixed" and "demand" are streams this code has no label for: grouped all the same,
     * in the order they first appear, lines of a stream counted wherever they are */
    const char *streams[] = { "gpu_reserved", "gpu_reserved", "fixed", "energy",
                              "gpu_reserved", "demand",       "fixed" };
    const int64_t amounts[] = { 100, 200, 5, -7, 300, 11, 6 };
    rpt_subtotal out[7];
    size_t n = 99;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_doc_subtotals(out, &n, streams, amounts, 7, &err), LDG_OK);
    assert_int_equal(n, 4);
    assert_string_equal(out[0].stream, "gpu_reserved");
    assert_int_equal(out[0].lines, 3);
    assert_int_equal(out[0].amount_micros, 600);
    assert_string_equal(out[1].stream, "fixed");
    assert_int_equal(out[1].lines, 2);
    assert_int_equal(out[1].amount_micros, 11);
    assert_string_equal(out[2].stream, "energy");
    assert_int_equal(out[2].amount_micros, -7);
    assert_string_equal(out[3].stream, "demand");
    assert_int_equal(out[3].amount_micros, 11);
    assert_int_equal(rpt_doc_subtotals(out, &n, NULL, NULL, 0, &err), LDG_OK);
    assert_int_equal(n, 0);
}

static void test_subtotal_overflow_is_an_error(void **state)
{
    const char *streams[] = { "energy", "energy" };
    const int64_t amounts[] = { INT64_MAX, 1 };
    rpt_subtotal out[2];
    size_t n = 0;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_doc_subtotals(out, &n, streams, amounts, 2, &err), LDG_ERANGE);
    assert_non_null(strstr(err.where, "energy"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantity_trims_trailing_zeros),
        cmocka_unit_test(test_rates_keep_the_minor_digits),
        cmocka_unit_test(test_period_within_a_month),
        cmocka_unit_test(test_period_of_one_day),
        cmocka_unit_test(test_period_across_month_and_year),
        cmocka_unit_test(test_period_with_times),
        cmocka_unit_test(test_sla_line_with_and_without_facts),
        cmocka_unit_test(test_energy_sentence),
        cmocka_unit_test(test_difference_adds_up),
        cmocka_unit_test(test_subtotals_by_stream_name),
        cmocka_unit_test(test_subtotal_overflow_is_an_error),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
