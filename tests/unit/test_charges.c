/*
 * Unit tests for ledger/charges.c: fixed charges (stream `fixed`) prorated by hours,
 * one-off charges, amendments replacing a charge by id, lines merged by key, tax, and
 * the load-time checks. Every expected figure is worked by hand in the comments.
 *
 * JSON is written with single quotes; q() (helpers.h) turns them into double quotes.
 */
#include "ledger/charges.h"
#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/tax.h"
#include "tests/unit/helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>
#include <jansson.h>

/* A contract of one reserved H100 at 1.00 starting Nov 10 (covered part of November:
 * [Nov 10, Dec 1) = 504 of 720 hours), then the charges. */
#define F1_HEAD                                                                      \
    "{'contract': 'F1', 'tenant': 'acme', 'tenant_name': 'Acme', 'site': 's1',"      \
    " 'currency': 'USD', 'invoice_series': 'F1', 'starts': '2026-11-10T00:00:00Z',"  \
    " 'ends': '2027-11-10T00:00:00Z',"                                               \
    " 'gpu': [{'class': 'H100', 'reserved': 1, 'rate': '1.000000', 'overage_rate': " \
    "'1.000000'}],"

static ldg_draft *rate_ok(const ldg_contract *c, const char *p)
{
    ldg_draft *d = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_rate_period(&d, c, period(p), NULL, 0, &err) != LDG_OK)
        fail_msg("rating: %s", err.message);
    return d;
}

static void expect_fixed(const ldg_draft *d, size_t i, const char *from, const char *to,
                         const char *qty, const char *unit, const char *rate,
                         const char *amount)
{
    char b1[LDG_FIXED_BUFLEN], b2[LDG_FIXED_BUFLEN], b3[LDG_FIXED_BUFLEN];
    const ldg_line *l;

    assert_true(i < ldg_rate_draft_line_count(d));
    l = ldg_rate_draft_line(d, i);
    assert_string_equal(ldg_rate_stream_name(l->stream), "fixed");
    assert_int_equal(l->cls, LDG_GPU_NONE);
    assert_int_equal(l->from, at(from));
    assert_int_equal(l->to, at(to));
    assert_string_equal(ldg_fixed_format(b1, l->qty_micros, 6), qty);
    assert_string_equal(l->unit, unit);
    assert_string_equal(ldg_fixed_format(b2, l->rate_micros, 6), rate);
    assert_string_equal(ldg_fixed_format(b3, l->amount_micros, 2), amount);
}

/*
 * A monthly charge in a partial month. 1234.57 a month from Nov 12 06:00 until Nov 25
 * 00:00: 12 days 18 hours = 306 of November's 720 hours. Quantity 306 / 720 =
 * 0.425000 month; amount 1234.57 x 306 / 720 = 524.69225 -> 524.69. Line 0 is
 * gpu_reserved (504 h x 1.00 = 504.00), the fixed line comes after it. December:
 * the charge ended, no fixed line.
 */
static void test_charges_monthly_partial_month(void **state)
{
    ldg_contract *c = contract_of(
        F1_HEAD " 'charges': [{'id': 'xc-100g', 'name': 'Cross-connects 4 x 100G',"
                " 'amount': '1234.57', 'every': 'month', 'from': '2026-11-12T06:00:00Z',"
                " 'until': '2026-11-25T00:00:00Z'}]}",
        NULL, 0);
    ldg_draft *d = rate_ok(c, "2026-11");

    (void)state;
    assert_int_equal(ldg_rate_draft_line_count(d), 2);
    expect_fixed(d, 1, "2026-11-12T06:00:00Z", "2026-11-25T00:00:00Z", "0.425000",
                 "month", "1234.570000", "524.69");
    assert_int_equal(ldg_rate_draft_total(d), dec("1028.69")); /* 504.00 + 524.69 */
    ldg_rate_draft_free(d);
    d = rate_ok(c, "2026-12");
    assert_int_equal(ldg_rate_draft_line_count(d), 1); /* gpu_reserved alone */
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * A monthly charge without from/until in the contract's first, partial month: the
 * covered part [Nov 10, Dec 1) is 504 of 720 hours. 2400.00 x 504 / 720 = 1680.00,
 * quantity 0.700000 month (the power_capacity rule, ldg_rate_prorate). In December
 * (744 hours, all covered) the whole 2400.00, quantity 1.000000.
 */
static void test_charges_monthly_follows_the_term(void **state)
{
    ldg_contract *c = contract_of(
        F1_HEAD " 'charges': [{'id': 'xc-100g', 'name': 'Cross-connects 4 x 100G',"
                " 'amount': '2400.00', 'every': 'month'}]}",
        NULL, 0);
    ldg_draft *d = rate_ok(c, "2026-11");

    (void)state;
    expect_fixed(d, 1, "2026-11-10T00:00:00Z", "2026-12-01T00:00:00Z", "0.700000",
                 "month", "2400.000000", "1680.00");
    ldg_rate_draft_free(d);
    d = rate_ok(c, "2026-12");
    expect_fixed(d, 1, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "1.000000",
                 "month", "2400.000000", "2400.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * A one-off charge lands in the period holding `at`: 50000.00 at Nov 20 12:00 is one
 * line of November, over its window [Nov 10, Dec 1): quantity 1.000000 once, rate
 * 50000.000000, amount 50000.00. December has none.
 */
static void test_charges_one_off(void **state)
{
    ldg_contract *c = contract_of(
        F1_HEAD " 'charges': [{'id': 'install', 'name': 'Installation', 'amount': "
                "'50000.00', 'every': 'once', 'at': '2026-11-20T12:00:00Z'}]}",
        NULL, 0);
    ldg_draft *d = rate_ok(c, "2026-11");

    (void)state;
    assert_int_equal(ldg_rate_draft_line_count(d), 2);
    expect_fixed(d, 1, "2026-11-10T00:00:00Z", "2026-12-01T00:00:00Z", "1.000000", "once",
                 "50000.000000", "50000.00");
    ldg_rate_draft_free(d);
    d = rate_ok(c, "2026-12");
    assert_int_equal(ldg_rate_draft_line_count(d), 1);
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * An amendment effective Dec 16 replaces "xc-100g" (2400.00) by 3000.00 and adds a
 * one-off "move" of 700.00 at Dec 20. December has 744 hours: W1 [Dec 1, Dec 16) 360 h,
 * W2 [Dec 16, Jan 1) 384 h. xc-100g: 2400 x 360 / 744 = 1161.290322... -> 1161.29
 * (quantity 0.483871); 3000 x 384 / 744 = 1548.387096... -> 1548.39 (0.516129). Line
 * order: span start, then month before once: W1 month, W2 month, W2 once.
 */
static void test_charges_amendment_replaces_by_id(void **state)
{
    const char *amend[] = {
        "{'contract': 'F1', 'amends': 'F1', 'effective': '2026-12-16T00:00:00Z',"
        " 'charges': [{'id': 'xc-100g', 'name': 'Cross-connects 5 x 100G', 'amount': "
        "'3000.00', 'every': 'month'}, {'id': 'move', 'name': 'Cage move', 'amount': "
        "'700.00', 'every': 'once', 'at': '2026-12-20T00:00:00Z'}]}",
    };
    ldg_contract *c = contract_of(
        F1_HEAD " 'charges': [{'id': 'xc-100g', 'name': 'Cross-connects 4 x 100G',"
                " 'amount': '2400.00', 'every': 'month'}]}",
        amend, 1);
    ldg_draft *d = rate_ok(c, "2026-12");

    (void)state;
    /* gpu_reserved W1, gpu_reserved W2, then fixed */
    assert_int_equal(ldg_rate_draft_line_count(d), 5);
    expect_fixed(d, 2, "2026-12-01T00:00:00Z", "2026-12-16T00:00:00Z", "0.483871",
                 "month", "2400.000000", "1161.29");
    expect_fixed(d, 3, "2026-12-16T00:00:00Z", "2027-01-01T00:00:00Z", "0.516129",
                 "month", "3000.000000", "1548.39");
    expect_fixed(d, 4, "2026-12-16T00:00:00Z", "2027-01-01T00:00:00Z", "1.000000", "once",
                 "700.000000", "700.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * Two charges of one amount over the same span are one line (no two lines share a
 * key): 100.00 + 100.00 a month for all of December: quantity 2.000000 month, rate
 * 100.000000, amount 200.00. ldg_charges_rate names both in the line's uses.
 */
static void test_charges_same_key_one_line(void **state)
{
    ldg_contract *c = contract_of(
        F1_HEAD " 'charges': [{'id': 'b', 'name': 'Rack B', 'amount': '100', 'every': "
                "'month'}, {'id': 'a', 'name': 'Rack A', 'amount': '100', 'every': "
                "'month'}]}",
        NULL, 0);
    ldg_draft *d = rate_ok(c, "2026-12");
    ldg_charges_rating cr;

    (void)state;
    assert_int_equal(ldg_rate_draft_line_count(d), 2);
    expect_fixed(d, 1, "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", "2.000000",
                 "month", "100.000000", "200.00");
    assert_int_equal(ldg_charges_rate(&cr, c, period("2026-12"), 2, NULL), LDG_OK);
    assert_int_equal(cr.nlines, 1);
    assert_int_equal(cr.nuses, 2);
    assert_string_equal(cr.uses[0].charge.id, "a"); /* by id within a line */
    assert_string_equal(cr.uses[1].charge.id, "b");
    assert_int_equal(cr.uses[1].hours, 744);
    ldg_charges_rating_cleanup(&cr);
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * Taxed like any other stream: an entry without "streams" covers fixed. December:
 * gpu_reserved 744.00 and fixed 2400.00, taxable 3144.00, 7 % = 220.08.
 */
static void test_charges_taxed_by_default_entry(void **state)
{
    ldg_contract *c = contract_of(
        F1_HEAD " 'charges': [{'id': 'xc-100g', 'name': 'Cross-connects 4 x 100G',"
                " 'amount': '2400.00', 'every': 'month'}]}",
        NULL, 0);
    ldg_draft *d = rate_ok(c, "2026-12");
    ldg_tax_entry e = { LDG_TAX_S, "Sales tax", 7 * INT64_C(1000000), LDG_TAX_ALL_STREAMS,
                        NULL };
    ldg_tax_amount out[1];
    int64_t tax = 0;

    (void)state;
    assert_int_equal(ldg_tax_entry_for(&e, 1, LDG_STREAM_FIXED), 0);
    assert_int_equal(ldg_tax_of_draft(out, &tax, &e, 1, d, NULL), LDG_OK);
    assert_int_equal(out[0].taxable_micros, dec("3144.00"));
    assert_int_equal(tax, dec("220.08"));
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void expect_refused(const char *charges, const char *needle)
{
    char text[2048];
    json_t *j;
    ldg_contract_doc *doc = NULL;
    ldg_error err;

    snprintf(text, sizeof(text), F1_HEAD " 'charges': %s}", charges);
    j = q(text);
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_doc_parse(&doc, j, &err), LDG_EINVAL);
    assert_null(doc);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
    json_decref(j);
}

static void test_charges_refused_at_load(void **state)
{
    (void)state;
    expect_refused("{}", "must be an array");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'week'}]", "every");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '-1', 'every': 'month'}]",
                   "negative");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'once'}]",
                   "one-off");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'month', 'at': "
                   "'2026-11-10T00:00:00Z'}]",
                   "monthly");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'month', 'from': "
                   "'2026-11-10T00:30:00Z'}]",
                   "whole UTC hour");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'month', 'from': "
                   "'2026-11-12T00:00:00Z', 'until': '2026-11-11T00:00:00Z'}]",
                   "until");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'month'},"
                   " {'id': 'a', 'name': 'B', 'amount': '2', 'every': 'month'}]",
                   "listed twice");
    expect_refused("[{'id': 'a b', 'name': 'A', 'amount': '1', 'every': 'month'}]", "id");
    expect_refused("[{'id': 'a', 'name': '', 'amount': '1', 'every': 'month'}]", "name");
    expect_refused("[{'id': 'a', 'name': 'A', 'amount': '1', 'every': 'month', 'x': 1}]",
                   "unknown field");
}

/* An amendment cannot state a one-off before its effective instant: that period may
 * already be invoiced under the old version. */
static void test_charges_amendment_one_off_before_effective_refused(void **state)
{
    json_t *j = q("{'contract': 'F1', 'amends': 'F1', 'effective': "
                  "'2026-12-16T00:00:00Z', 'charges': [{'id': 'i', 'name': 'I', "
                  "'amount': '1', 'every': 'once', 'at': '2026-12-15T00:00:00Z'}]}");
    ldg_contract_doc *doc = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_doc_parse(&doc, j, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "effective"));
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charges_monthly_partial_month),
        cmocka_unit_test(test_charges_monthly_follows_the_term),
        cmocka_unit_test(test_charges_one_off),
        cmocka_unit_test(test_charges_amendment_replaces_by_id),
        cmocka_unit_test(test_charges_same_key_one_line),
        cmocka_unit_test(test_charges_taxed_by_default_entry),
        cmocka_unit_test(test_charges_refused_at_load),
        cmocka_unit_test(test_charges_amendment_one_off_before_effective_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
