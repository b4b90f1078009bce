/*
 * Unit tests for ledger/demand.c: the 15-minute peak across meters, PUE, the ratchet,
 * power overage, hourly data, quarter-hour splitting and the load-time checks. Every
 * expected figure is worked by hand in the comments.
 *
 * kW from a quarter-hour's MWh: E MWh in 15 minutes is E x 1000 x 4 kW (exact).
 */
#include "ledger/contract.h"
#include "ledger/demand.h"
#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "tests/unit/helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>
#include <jansson.h>

/* November 2026 (720 h) onwards; nothing reserved; energy at 50 per MWh, PUE 1.25. */
#define D_HEAD(starts)                                                          \
    "{'contract': 'D1', 'tenant': 'acme', 'tenant_name': 'Acme', 'site': 's1'," \
    " 'currency': 'USD', 'invoice_series': 'D1', 'starts': '" starts "',"       \
    " 'ends': '2027-11-01T00:00:00Z',"                                          \
    " 'gpu': [{'class': 'H100', 'reserved': 0, 'rate': '1', 'overage_rate': '1'}],"

static const char D_PLAIN[] =
    D_HEAD("2026-11-01T00:00:00Z") " 'energy': {'rate_per_mwh': '50', 'pue': '1.25',"
                                   " 'demand': {'rate_per_kw_month': '11.500000'}}}";

/* Two halls' 15-minute records on Nov 10: the interval 12:00 holds A 0.5 + B 0.25. */
static const ldg_usage TWO_METERS[] = {
    { LDG_USAGE_ENERGY, LDG_GPU_NONE, 0, 0, 500000 }, /* A [12:00, 12:15) */
    { LDG_USAGE_ENERGY, LDG_GPU_NONE, 0, 0, 250000 }, /* B [12:00, 12:15) */
    { LDG_USAGE_ENERGY, LDG_GPU_NONE, 0, 0, 600000 }, /* A [12:15, 12:30) */
};

static void two_meters(ldg_usage out[3])
{
    memcpy(out, TWO_METERS, sizeof(TWO_METERS));
    out[0].start = out[1].start = at("2026-11-10T12:00:00Z");
    out[0].end = out[1].end = out[2].start = at("2026-11-10T12:15:00Z");
    out[2].end = at("2026-11-10T12:30:00Z");
}

/* Rates p from the items, with the quarter-hour sums built from the same records. */
static ldg_draft *rate_demand(const ldg_contract *c, const char *per, const ldg_usage *u,
                              size_t n)
{
    ldg_period p = period(per);
    ldg_demand_usage *du = NULL;
    ldg_rating *r = NULL;
    ldg_draft *d = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_demand_usage_new(&du, ldg_demand_since(c, p), p.end, &err),
                     LDG_OK);
    assert_int_equal(ldg_rate_new(&r, c, p, &err), LDG_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(
            ldg_demand_usage_add_record(du, u[i].start, u[i].end, u[i].qty_micros, &err),
            LDG_OK);
        if (u[i].end > p.start && u[i].start < p.end)
            assert_int_equal(ldg_rate_add(r, &u[i], &err), LDG_OK);
    }
    ldg_rate_set_demand(r, du);
    if (ldg_rate_finish(&d, r, &err) != LDG_OK)
        fail_msg("rating: %s", err.message);
    ldg_rate_free(r);
    ldg_demand_usage_free(du);
    return d;
}

/* The line of stream s (there is at most one), or fail. */
static const ldg_line *line_of(const ldg_draft *d, ldg_stream s)
{
    for (size_t i = 0; i < ldg_rate_draft_line_count(d); i++)
        if (ldg_rate_draft_line(d, i)->stream == s)
            return ldg_rate_draft_line(d, i);
    fail_msg("no %s line", ldg_rate_stream_name(s));
    return NULL;
}

static bool has_line(const ldg_draft *d, ldg_stream s)
{
    for (size_t i = 0; i < ldg_rate_draft_line_count(d); i++)
        if (ldg_rate_draft_line(d, i)->stream == s)
            return true;
    return false;
}

static void expect(const ldg_line *l, const char *from, const char *to, const char *qty,
                   const char *rate, const char *amount)
{
    char b1[LDG_FIXED_BUFLEN], b2[LDG_FIXED_BUFLEN], b3[LDG_FIXED_BUFLEN];

    assert_int_equal(l->from, at(from));
    assert_int_equal(l->to, at(to));
    assert_string_equal(l->unit, "kw_month");
    assert_string_equal(ldg_fixed_format(b1, l->qty_micros, 6), qty);
    assert_string_equal(ldg_fixed_format(b2, l->rate_micros, 6), rate);
    assert_string_equal(ldg_fixed_format(b3, l->amount_micros, 2), amount);
}

/*
 * The peak across two meters in one interval. Quarter-hour 12:00: A 0.5 + B 0.25 =
 * 0.75 MWh -> 0.75 x 4000 = 3000 kW; 12:15: A 0.6 MWh -> 2400 kW. Each meter's own
 * highest quarter-hour is A's 2400 kW, but the tenant's demand is their sum: 3000 kW.
 * Full month (720 of 720 h): quantity 3000.000000 kw_month, 3000 x 11.50 = 34500.00.
 * Energy: 1.35 MWh x 1.25 = 1.6875 MWh x 50 = 84.375 -> 84.38.
 */
static void test_demand_peak_across_two_meters(void **state)
{
    ldg_contract *c = contract_of(D_PLAIN, NULL, 0);
    ldg_usage u[3];
    ldg_demand_result res;
    ldg_demand_usage *du = NULL;
    ldg_draft *d;

    (void)state;
    two_meters(u);
    d = rate_demand(c, "2026-11", u, 3);
    assert_int_equal(ldg_rate_draft_line_count(d), 2);
    assert_int_equal(line_of(d, LDG_STREAM_ENERGY)->amount_micros, dec("84.38"));
    expect(line_of(d, LDG_STREAM_DEMAND), "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z",
           "3000.000000", "11.500000", "34500.00");
    /* the peak's interval, as audit explain names it */
    assert_int_equal(ldg_demand_usage_new(&du, at("2026-11-01T00:00:00Z"),
                                          at("2026-12-01T00:00:00Z"), NULL),
                     LDG_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(
            ldg_demand_usage_add_record(du, u[i].start, u[i].end, u[i].qty_micros, NULL),
            LDG_OK);
    assert_int_equal(ldg_demand_compute(&res, c, period("2026-11"), du, NULL), LDG_OK);
    assert_int_equal(res.peak_at, at("2026-11-10T12:00:00Z"));
    assert_int_equal(res.peak_kw_micros, dec("3000"));
    /* 30 x 96 = 2880 quarter-hours, 2 with data: 2878 missing, the first at Nov 1 */
    assert_int_equal(res.quarters, 2880);
    assert_int_equal(res.missing, 2878);
    assert_int_equal(res.first_missing, at("2026-11-01T00:00:00Z"));
    ldg_demand_usage_free(du);
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * Demand with PUE: pue 1.333333 and pue_applies: D = 3000 x 1.333333 = 3999.999 kW;
 * 3999.999 x 11.50 = 45999.9885 -> 45999.99, quantity 3999.999000.
 */
static void test_demand_with_pue(void **state)
{
    ldg_contract *c = contract_of(
        D_HEAD("2026-11-01T00:00:00Z") " 'energy': {'rate_per_mwh': '50', 'pue': "
                                       "'1.333333', 'demand': {'rate_per_kw_month': "
                                       "'11.5', 'pue_applies': true}}}",
        NULL, 0);
    ldg_usage u[3];
    ldg_draft *d;

    (void)state;
    two_meters(u);
    d = rate_demand(c, "2026-11", u, 3);
    expect(line_of(d, LDG_STREAM_DEMAND), "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z",
           "3999.999000", "11.500000", "45999.99");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * The ratchet deciding the bill: 80 % of the previous 11 periods' peak. November's
 * peak is 3000 kW (above). December's only quarter-hour holds 0.5 MWh = 2000 kW;
 * 80 % x 3000 = 2400 kW > 2000: billed 2400 kW, 2400 x 11.50 = 27600.00 (December
 * 744 h, all covered: quantity 2400.000000). With 0.625 MWh (2500 kW) in December the
 * metered peak decides: 2500 x 11.50 = 28750.00.
 */
static void test_demand_ratchet_decides(void **state)
{
    ldg_contract *c = contract_of(
        D_HEAD("2026-11-01T00:00:00Z") " 'energy': {'rate_per_mwh': '50', 'pue': '1.25',"
                                       " 'demand': {'rate_per_kw_month': '11.5', "
                                       "'ratchet': {'percent': '80', 'months': 11}}}}",
        NULL, 0);
    ldg_usage u[4];
    ldg_draft *d;

    (void)state;
    assert_int_equal(ldg_demand_since(c, period("2026-12")), at("2026-11-01T00:00:00Z"));
    two_meters(u);
    u[3] = u[0];
    u[3].start = at("2026-12-05T08:00:00Z");
    u[3].end = at("2026-12-05T08:15:00Z");
    u[3].qty_micros = dec("0.5");
    d = rate_demand(c, "2026-12", u, 4);
    expect(line_of(d, LDG_STREAM_DEMAND), "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z",
           "2400.000000", "11.500000", "27600.00");
    ldg_rate_draft_free(d);
    u[3].qty_micros = dec("0.625");
    d = rate_demand(c, "2026-12", u, 4);
    expect(line_of(d, LDG_STREAM_DEMAND), "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z",
           "2500.000000", "11.500000", "28750.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * Overage: capacity_mw 2 is 2000 kW contracted; the 3000 kW peak is 1000 kW above:
 * power_overage 1000.000000 kw_month x 20.00 = 20000.00, next to power_capacity
 * (2 MW x 1000 = 2000.00) and demand 34500.00.
 */
static void test_demand_power_overage(void **state)
{
    ldg_contract *c = contract_of(
        D_HEAD(
            "2026-11-01T00:00:00Z") " 'energy': {'rate_per_mwh': '50', 'pue': '1.25',"
                                    " 'capacity_mw': '2', 'capacity_rate_per_mw_month':"
                                    " '1000', 'overage_rate_per_kw_month': '20',"
                                    " 'demand': {'rate_per_kw_month': '11.5'}}}",
        NULL, 0);
    ldg_usage u[3];
    ldg_draft *d;

    (void)state;
    two_meters(u);
    d = rate_demand(c, "2026-11", u, 3);
    assert_int_equal(line_of(d, LDG_STREAM_POWER_CAPACITY)->amount_micros, dec("2000"));
    expect(line_of(d, LDG_STREAM_DEMAND), "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z",
           "3000.000000", "11.500000", "34500.00");
    expect(line_of(d, LDG_STREAM_POWER_OVERAGE), "2026-11-01T00:00:00Z",
           "2026-12-01T00:00:00Z", "1000.000000", "20.000000", "20000.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * A partial month: a contract starting Nov 10 covers 504 of 720 hours; D = 3000 kW
 * bills 3000 x 504 / 720 = 2100.000000 kW-months, 2100 x 11.50 = 24150.00.
 */
static void test_demand_partial_month(void **state)
{
    ldg_contract *c = contract_of(
        D_HEAD("2026-11-10T00:00:00Z") " 'energy': {'rate_per_mwh': '50', 'pue': '1.25',"
                                       " 'demand': {'rate_per_kw_month': '11.5'}}}",
        NULL, 0);
    ldg_usage u[3];
    ldg_draft *d;

    (void)state;
    two_meters(u);
    d = rate_demand(c, "2026-11", u, 3);
    expect(line_of(d, LDG_STREAM_DEMAND), "2026-11-10T00:00:00Z", "2026-12-01T00:00:00Z",
           "2100.000000", "11.500000", "24150.00");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* Hourly data never makes demand: one hour of 3 MWh bills energy, no demand line. */
static void test_demand_hourly_only_no_line(void **state)
{
    ldg_contract *c = contract_of(D_PLAIN, NULL, 0);
    ldg_usage u = { LDG_USAGE_ENERGY, LDG_GPU_NONE, at("2026-11-10T12:00:00Z"),
                    at("2026-11-10T13:00:00Z"), 3000000 };
    ldg_draft *d = rate_demand(c, "2026-11", &u, 1);

    (void)state;
    assert_true(has_line(d, LDG_STREAM_ENERGY));
    assert_false(has_line(d, LDG_STREAM_DEMAND));
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/*
 * A 15-minute record across a quarter-hour is cut by the split rule: 0.3 MWh over
 * [12:05, 12:20) gives F(12:15) = trunc(0.3 x 600 / 900) = 0.2 to 12:00 and 0.1 to
 * 12:15; with 0.100001 MWh, F = trunc(100001 x 2 / 3) = 66667 micro-MWh and the
 * remainder 33334 goes to the later piece. The rollup ingest stores cuts alike.
 */
static void test_demand_quarter_split(void **state)
{
    ldg_contract *c = contract_of(D_PLAIN, NULL, 0);
    ldg_demand_usage *du = NULL;
    ldg_demand_result res;
    ldg_rollup *q = NULL;
    ldg_rollup_key k;
    ldg_record rec = { "acme",
                       "s1",
                       "A",
                       "e1",
                       NULL,
                       LDG_KIND_ENERGY,
                       LDG_CLASS_NONE,
                       at("2026-11-10T12:05:00Z"),
                       at("2026-11-10T12:20:00Z"),
                       100001 };
    int64_t qty = 0, n = 0;

    (void)state;
    assert_int_equal(ldg_demand_usage_new(&du, at("2026-11-01T00:00:00Z"),
                                          at("2026-12-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(
        ldg_demand_usage_add_record(du, rec.start, rec.end, dec("0.3"), NULL), LDG_OK);
    assert_int_equal(ldg_demand_compute(&res, c, period("2026-11"), du, NULL), LDG_OK);
    assert_int_equal(res.peak_at, at("2026-11-10T12:00:00Z"));
    assert_int_equal(res.peak_mwh_micros, dec("0.2"));
    assert_int_equal(ldg_rollup_new(&q, NULL), LDG_OK);
    assert_int_equal(ldg_demand_rollup_add(q, 7, 1, &rec, NULL), LDG_OK);
    memset(&k, 0, sizeof(k));
    k.tenant_id = 7;
    k.site_id = 1;
    k.kind = LDG_KIND_ENERGY;
    k.hour = at("2026-11-10T12:00:00Z");
    assert_int_equal(ldg_rollup_get(q, &k, &qty, &n), 1);
    assert_int_equal(qty, 66667);
    k.hour = at("2026-11-10T12:15:00Z");
    assert_int_equal(ldg_rollup_get(q, &k, &qty, &n), 1);
    assert_int_equal(qty, 33334);
    ldg_rollup_free(q);
    ldg_demand_usage_free(du);
    ldg_contract_free(c);
}

static void expect_refused(const char *energy, const char *needle)
{
    char text[2048];
    json_t *j;
    ldg_contract_doc *doc = NULL;
    ldg_error err;

    snprintf(text, sizeof(text), D_HEAD("2026-11-01T00:00:00Z") " 'energy': %s}", energy);
    j = q(text);
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_doc_parse(&doc, j, &err), LDG_EINVAL);
    if (!strstr(err.message, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
    json_decref(j);
}

static void test_demand_refused_at_load(void **state)
{
    (void)state;
    expect_refused("{'rate_per_mwh': '1', 'pue': '1', 'demand': {}}",
                   "rate_per_kw_month");
    expect_refused("{'rate_per_mwh': '1', 'pue': '1', 'demand': {'rate_per_kw_month': "
                   "'-1'}}",
                   "negative");
    expect_refused(
        "{'rate_per_mwh': '1', 'pue': '1', 'demand': {'rate_per_kw_month': '1',"
        " 'ratchet': {'percent': '101', 'months': 11}}}",
        "percent");
    expect_refused(
        "{'rate_per_mwh': '1', 'pue': '1', 'demand': {'rate_per_kw_month': '1',"
        " 'ratchet': {'percent': '80', 'months': 37}}}",
        "months");
    expect_refused(
        "{'rate_per_mwh': '1', 'pue': '1', 'demand': {'rate_per_kw_month': '1',"
        " 'pue_applies': 'yes'}}",
        "pue_applies");
    expect_refused("{'rate_per_mwh': '1', 'pue': '1', 'overage_rate_per_kw_month': '1'}",
                   "capacity_mw");
    /* 9 x 10^12 MW fits micro-units but not kW x 10^6 */
    expect_refused("{'rate_per_mwh': '1', 'pue': '1', 'capacity_mw': '9000000000000',"
                   " 'capacity_rate_per_mw_month': '1', 'demand': {'rate_per_kw_month': "
                   "'1'}}",
                   "too large");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demand_peak_across_two_meters),
        cmocka_unit_test(test_demand_with_pue),
        cmocka_unit_test(test_demand_ratchet_decides),
        cmocka_unit_test(test_demand_power_overage),
        cmocka_unit_test(test_demand_partial_month),
        cmocka_unit_test(test_demand_hourly_only_no_line),
        cmocka_unit_test(test_demand_quarter_split),
        cmocka_unit_test(test_demand_refused_at_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
