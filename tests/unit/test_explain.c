/*
 * Unit tests for ledger/explain.c: the explanation of each stream's line, the exact
 * products and their one rounding, the contract entries and escalation steps behind a
 * rate, the re-rating check, supplementary invoices explained against the original,
 * and every rejection. Expected values are worked out by hand in the comments (the
 * worked example of docs/billing.md for the sample contract); none is produced by the
 * code under test.
 *
 * JSON in this file is written with single quotes for readability; q() turns them
 * into double quotes before parsing.
 */
#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/explain.h"
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

#define NOV10 "2026-11-10T00:00:00Z"
#define DEC1  "2026-12-01T00:00:00Z"
#define ROOT  "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

/* The sample contract (sample/contract-anthropic.json), H100 only. */
static const char C1_ANTH[] =
    "{'contract': 'C1-ANTH', 'tenant': 'anthropic', 'tenant_name': 'Anthropic PBC',"
    " 'site': 'colossus-1', 'currency': 'USD', 'invoice_series': 'C1',"
    " 'starts': '2026-11-10T00:00:00Z', 'ends': '2029-11-10T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 100000, 'rate': '1.850000',"
    "          'overage_rate': '2.400000',"
    "          'overage_tiers': [{'up_to': '500000', 'rate': '2.400000'},"
    "                            {'rate': '2.100000'}]}],"
    " 'energy': {'rate_per_mwh': '62.500000', 'pue': '1.250000',"
    "            'capacity_mw': '300', 'capacity_rate_per_mw_month': '15000.000000'},"
    " 'sla': {'target': '99.900000', 'credits': [{'below': '99.900000', 'percent': '5'},"
    "         {'below': '99.000000', 'percent': '10'}]},"
    " 'minimum_monthly': '0.00',"
    " 'escalator': {'percent': '3.000000', 'every_months': 12}}";

/* A sum of n records from seq first to last, from meters meters over hours hours. */
static ldg_explain_sum sum_of(const char *qty, int64_t n, int64_t meters, int64_t hours,
                              int64_t first, int64_t last)
{
    ldg_explain_sum s;

    memset(&s, 0, sizeof(s));
    s.qty_micros = dec(qty);
    s.records = n;
    s.meters = meters;
    s.hours = hours;
    s.first_seq = first;
    s.last_seq = last;
    return s;
}

static void set_sum(ldg_explain *ex, size_t w, ldg_usage_kind kind, ldg_gpu_class cls,
                    ldg_explain_sum s)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_explain_set_sum(ex, w, kind, cls, &s, &err) != LDG_OK)
        fail_msg("set_sum: %s", err.message);
}

/* Rates items and issues the result as a document. */
static ldg_invoice *issue(const ldg_draft *d, ldg_invoice_kind kind, const char *number,
                          const char *amends, int64_t size)
{
    ldg_invoice_meta meta = { kind,   number, at("2026-12-01T02:00:00Z"),
                              amends, size,   ROOT,
                              NULL,   NULL };
    ldg_invoice *inv = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_invoice_new(&inv, d, &meta, &err) != LDG_OK)
        fail_msg("invoice: %s", err.message);
    return inv;
}

static ldg_invoice *rate_and_issue(const ldg_contract *c, const char *p,
                                   const ldg_usage *u, size_t n, const char *number)
{
    ldg_draft *d = NULL;
    ldg_invoice *inv;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_rate_period(&d, c, period(p), u, n, &err) != LDG_OK)
        fail_msg("rating: %s", err.message);
    inv = issue(d, LDG_INVOICE_KIND_INVOICE, number, NULL, 3120000);
    ldg_rate_draft_free(d);
    return inv;
}

/* The value at a dotted path ("lines.0.product.exact"); numbers index arrays. */
static const json_t *jp(const json_t *root, const char *path)
{
    char buf[256], *p = buf, *dot;
    const json_t *v = root;

    snprintf(buf, sizeof(buf), "%s", path);
    for (;;) {
        dot = strchr(p, '.');
        if (dot)
            *dot = '\0';
        if (json_is_array(v))
            v = json_array_get(v, strtoul(p, NULL, 10));
        else
            v = json_object_get(v, p);
        if (!v)
            fail_msg("no value at %s (stopped at \"%s\")", path, p);
        if (!dot)
            return v;
        p = dot + 1;
    }
}

static void expect_str(const json_t *root, const char *path, const char *want)
{
    const json_t *v = jp(root, path);

    if (!json_is_string(v))
        fail_msg("%s is not a string", path);
    if (strcmp(json_string_value(v), want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", path, json_string_value(v), want);
}

static void expect_int(const json_t *root, const char *path, long long want)
{
    const json_t *v = jp(root, path);

    if (!json_is_integer(v))
        fail_msg("%s is not an integer", path);
    assert_int_equal(json_integer_value(v), want);
}

static void expect_bool(const json_t *root, const char *path, int want)
{
    const json_t *v = jp(root, path);

    if (!json_is_boolean(v))
        fail_msg("%s is not a boolean", path);
    assert_int_equal(json_is_true(v), want);
}

/* Some sentence of lines[line].explanation (or the summary, line -1) is want. */
static void expect_sentence(const json_t *root, int line, const char *want)
{
    const json_t *a, *v;
    size_t i;
    char path[64];

    if (line < 0)
        snprintf(path, sizeof(path), "summary");
    else
        snprintf(path, sizeof(path), "lines.%d.explanation", line);
    a = jp(root, path);
    json_array_foreach(a, i, v)
    {
        if (strcmp(json_string_value(v), want) == 0)
            return;
    }
    fprintf(stderr, "%s:\n", path);
    json_array_foreach(a, i, v)
    {
        fprintf(stderr, "  %s\n", json_string_value(v));
    }
    fail_msg("no sentence \"%s\"", want);
}

static json_t *explain_ok(const ldg_explain *ex, const ldg_invoice *doc,
                          const ldg_invoice *const *earlier, size_t n, size_t line)
{
    json_t *out = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_explain_document(&out, ex, doc, earlier, n, line, &err) != LDG_OK)
        fail_msg("explain: %s (%s)", err.message, err.where);
    return out;
}

/* The worked example's explanation: one window, Nov 10 .. Dec 1, 504 h. */
static ldg_explain *worked_example(const ldg_contract *c, const char *energy,
                                   const char *down)
{
    ldg_explain *ex = NULL;

    assert_int_equal(ldg_explain_new(&ex, c, period("2026-11"), NULL), LDG_OK);
    assert_int_equal(ldg_explain_window_count(ex), 1);
    assert_int_equal(ldg_explain_set_entry_seq(ex, 0, 0, NULL), LDG_OK);
    /* 52000 records of 1000 GPU-h from 104 pods over 504 hours, seq 1..52000 */
    set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_H100,
            sum_of("52000000", 52000, 104, 504, 1, 52000));
    set_sum(ex, 0, LDG_USAGE_ENERGY, LDG_GPU_NONE,
            sum_of(energy, 2016, 4, 504, 52001, 54016));
    set_sum(ex, 0, LDG_USAGE_DOWNTIME, LDG_GPU_H100,
            sum_of(down, 63, 9, 60, 54017, 54079));
    return ex;
}

static ldg_invoice *worked_invoice(const ldg_contract *c)
{
    ldg_usage u[3] = {
        { LDG_USAGE_GPU, LDG_GPU_H100, at(NOV10), at(DEC1), dec("52000000") },
        { LDG_USAGE_ENERGY, LDG_GPU_NONE, at(NOV10), at(DEC1), dec("35280.5") },
        { LDG_USAGE_DOWNTIME, LDG_GPU_H100, at(NOV10), at(DEC1), dec("60480") },
    };

    return rate_and_issue(c, "2026-11", u, 3, "C1-2026-000001");
}

static void test_explain_worked_example_every_line(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = worked_example(c, "35280.5", "60480");
    ldg_invoice *inv = worked_invoice(c);
    json_t *e = explain_ok(ex, inv, NULL, 0, 0);

    (void)state;
    expect_str(e, "number", "C1-2026-000001");
    expect_str(e, "kind", "invoice");
    expect_str(e, "tenant", "anthropic");
    expect_int(e, "rated_from.size", 3120000);
    expect_str(e, "covered.from", NOV10);
    expect_int(e, "covered.hours", 504);
    expect_int(e, "period_hours", 720);
    expect_int(e, "contract_entries.0.seq", 0);
    expect_str(e, "total", "97994289.06");
    expect_str(e, "rerated_total", "97994289.06");
    expect_bool(e, "matches", 1);
    assert_int_equal(json_array_size(jp(e, "lines")), 6);

    /* 1. gpu_reserved: 100000 x 504 = 50400000 GPU-h x 1.85 = 93240000 exactly. */
    expect_int(e, "lines.0.line", 1);
    expect_str(e, "lines.0.stream", "gpu_reserved");
    expect_int(e, "lines.0.windows.0.reserved.gpus", 100000);
    expect_str(e, "lines.0.windows.0.reserved.quantity", "50400000.000000");
    expect_int(e, "lines.0.windows.0.used.records", 52000);
    expect_int(e, "lines.0.windows.0.used.meters", 104);
    expect_int(e, "lines.0.windows.0.used.first_seq", 1);
    expect_int(e, "lines.0.windows.0.used.last_seq", 52000);
    expect_int(e, "lines.0.terms.0.set_by.seq", 0);
    expect_str(e, "lines.0.terms.0.rate.stated", "1.850000");
    assert_int_equal(json_array_size(jp(e, "lines.0.terms.0.rate.escalations")), 0);
    expect_str(e, "lines.0.product.expression",
               "50400000.000000 gpu_hour × 1.850000 USD");
    expect_str(e, "lines.0.product.exact", "93240000.000000000000");
    expect_str(e, "lines.0.product.rounded", "93240000.00");
    expect_str(e, "lines.0.product.rounding", "half away from zero to 0.01");
    expect_bool(e, "lines.0.matches", 1);
    expect_sentence(e, 0,
                    "amount: 50400000.000000 gpu_hour × 1.850000 USD = "
                    "93240000.000000000000 → 93240000.00 (half away from zero to 0.01)");
    expect_sentence(
        e, 0,
        "used: 52000000.000000 gpu_hour, the sum of 52000 gpu records of class "
        "H100 (0 corrections, 0 split at the window's edges) from 104 meters in "
        "504 hours, seq 1..52000");
    expect_sentence(e, 0,
                    "terms in force from 2026-11-10T00:00:00Z: seq 0 (contract C1-ANTH); "
                    "H100 terms set by seq 0 (contract); rate 1.850000 stated");

    /* 2, 3. overage 52000000 - 50400000 = 1600000: tier 1 [0, 500000) at 2.40, tier 2
     * [500000, 1600000) = 1100000 at 2.10 = 2310000. */
    expect_str(e, "lines.1.computation.overage", "1600000.000000");
    expect_str(e, "lines.1.computation.cumulative_before", "0.000000");
    expect_int(e, "lines.1.computation.segments.0.tier", 1);
    expect_str(e, "lines.1.computation.segments.0.to", "500000.000000");
    expect_str(e, "lines.1.product.exact", "1200000.000000000000");
    expect_str(e, "lines.1.terms.0.rate.name", "tier rate");
    expect_int(e, "lines.2.computation.segments.0.tier", 2);
    expect_str(e, "lines.2.computation.segments.0.from", "500000.000000");
    expect_str(e, "lines.2.computation.segments.0.to", "1600000.000000");
    expect_sentence(e, 2,
                    "tier 2 (unbounded) at 2.100000: [500000.000000, 1600000.000000) = "
                    "1100000.000000 gpu_hour");
    expect_str(e, "lines.2.product.expression", "1100000.000000 gpu_hour × 2.100000 USD");
    expect_str(e, "lines.2.product.exact", "2310000.000000000000");

    /* 4. energy: 35280.5 x 1.25 = 44100.625 MWh x 62.5 = 2756289.0625 -> .06 */
    expect_str(e, "lines.3.windows.0.metered.quantity", "35280.500000");
    expect_int(e, "lines.3.windows.0.metered.records", 2016);
    expect_str(e, "lines.3.computation.billed_exact", "44100.625000000000");
    expect_str(e, "lines.3.product.expression",
               "35280.500000 mwh × 1.250000 (PUE) × 62.500000 USD");
    expect_str(e, "lines.3.product.exact", "2756289.062500000000000000");
    expect_str(e, "lines.3.product.rounded", "2756289.06");

    /* 5. capacity: 300 MW x 15000 x 504 / 720 = 3150000 exactly. */
    expect_str(e, "lines.4.product.expression",
               "300.000000 MW × 15000.000000 USD × 504 h / 720 h");
    expect_str(e, "lines.4.product.exact", "3150000.000000000000");
    expect_str(e, "lines.4.computation.quantity", "210.000000");

    /* 6. sla: 100 x (1 - 60480 / 50400000) = 99.88 exactly: under 99.9, not 99.0. */
    expect_str(e, "lines.5.computation.availability", "99.880000");
    expect_bool(e, "lines.5.computation.availability_exact", 1);
    expect_bool(e, "lines.5.computation.bands.0.under", 1);
    expect_bool(e, "lines.5.computation.bands.1.under", 0);
    expect_str(e, "lines.5.computation.credit_base", "93240000.000000000000");
    expect_str(e, "lines.5.product.expression", "93240000.000000000000 USD × -0.050000");
    expect_str(e, "lines.5.product.exact", "-4662000.000000000000000000");
    expect_str(e, "lines.5.product.rounded", "-4662000.00");
    expect_int(e, "lines.5.windows.0.downtime.records", 63);
    expect_sentence(e, 5,
                    "availability: 100 × (1 − downtime 60480.000000 / reserved "
                    "50400000.000000) = 99.880000 %");

    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_text_shows_heading_and_sentences(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = worked_example(c, "35280.5", "60480");
    ldg_invoice *inv = worked_invoice(c);
    json_t *e = explain_ok(ex, inv, NULL, 0, 1);
    ldg_buf b = { 0 };

    (void)state;
    assert_int_equal(ldg_explain_text(&b, e, NULL), LDG_OK);
    assert_non_null(strstr(b.data,
                           "Invoice C1-2026-000001 of contract C1-ANTH, tenant "
                           "anthropic, site colossus-1, period 2026-11, USD: total "
                           "97994289.06\n"));
    assert_non_null(strstr(b.data, "\nLine 1: gpu_reserved H100 2026-11-10T00:00:00Z .. "
                                   "2026-12-01T00:00:00Z: 50400000.000000 gpu_hour at "
                                   "1.850000 = 93240000.00\n"));
    assert_non_null(strstr(b.data,
                           "\n  amount: 50400000.000000 gpu_hour × 1.850000 USD = "
                           "93240000.000000000000 → 93240000.00 (half away from "
                           "zero to 0.01)\n"));
    assert_null(strstr(b.data, "Line 2:"));
    ldg_buf_cleanup(&b);
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_one_line_and_line_beyond_document(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = worked_example(c, "35280.5", "60480");
    ldg_invoice *inv = worked_invoice(c);
    json_t *e = explain_ok(ex, inv, NULL, 0, 6), *out = NULL;
    ldg_error err;

    (void)state;
    assert_int_equal(json_array_size(jp(e, "lines")), 1);
    expect_int(e, "lines.0.line", 6);
    expect_str(e, "lines.0.stream", "sla_credit");
    expect_bool(e, "matches", 1);
    json_decref(e);
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_document(&out, ex, inv, NULL, 0, 7, &err), LDG_EINVAL);
    assert_null(out);
    assert_string_equal(err.message, "invoice \"C1-2026-000001\" has 6 lines, not 7");
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_sums_that_do_not_reproduce_are_named(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    /* 0.1 MWh more than was billed: 35280.6 x 1.25 x 62.5 = 2756296.875 -> .88 */
    ldg_explain *ex = worked_example(c, "35280.6", "60480");
    ldg_invoice *inv = worked_invoice(c);
    json_t *e = explain_ok(ex, inv, NULL, 0, 0);

    (void)state;
    expect_bool(e, "matches", 0);
    expect_bool(e, "lines.0.matches", 1);
    expect_bool(e, "lines.3.matches", 0);
    expect_str(e, "lines.3.rerated.quantity", "44100.750000");
    expect_str(e, "lines.3.rerated.amount", "2756296.88");
    expect_str(e, "lines.3.product.exact", "2756296.875000000000000000");
    expect_sentence(
        e, 3,
        "check: re-rating these sums gives 44100.750000 mwh, amount 2756296.88: "
        "NOT the invoice's line");
    expect_str(e, "rerated_total", "97994296.88");
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_supplement_against_original(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    /* docs/billing.md "Afterwards": 100 MWh late, downtime corrected to 40000. */
    ldg_explain *ex = worked_example(c, "35380.5", "40000");
    ldg_invoice *orig = worked_invoice(c), *sup;
    ldg_usage u[3] = {
        { LDG_USAGE_GPU, LDG_GPU_H100, at(NOV10), at(DEC1), dec("52000000") },
        { LDG_USAGE_ENERGY, LDG_GPU_NONE, at(NOV10), at(DEC1), dec("35380.5") },
        { LDG_USAGE_DOWNTIME, LDG_GPU_H100, at(NOV10), at(DEC1), dec("40000") },
    };
    ldg_draft *re = NULL, *s = NULL, *cn = NULL;
    const ldg_invoice *earlier[1];
    json_t *e;

    (void)state;
    assert_int_equal(ldg_rate_period(&re, c, period("2026-11"), u, 3, NULL), LDG_OK);
    earlier[0] = orig;
    assert_int_equal(ldg_invoice_diff(&s, &cn, re, earlier, 1, NULL), LDG_OK);
    assert_non_null(s);
    assert_null(cn);
    sup = issue(s, LDG_INVOICE_KIND_INVOICE, "C1-2026-000002", "C1-2026-000001", 3130000);
    e = explain_ok(ex, sup, earlier, 1, 0);
    expect_str(e, "amends", "C1-2026-000001");
    expect_str(e, "earlier.0.number", "C1-2026-000001");
    expect_str(e, "total", "4669812.50");
    expect_bool(e, "matches", 1);
    /* energy: 35380.5 x 1.25 = 44225.625 x 62.5 = 2764101.5625 -> .56; minus the
     * invoiced 44100.625 / 2756289.06: +125 MWh, +7812.50. */
    expect_str(e, "lines.0.stream", "energy");
    expect_str(e, "lines.0.product.exact", "2764101.562500000000000000");
    expect_str(e, "lines.0.difference.rerated.amount", "2764101.56");
    expect_str(e, "lines.0.difference.issued_sum.amount", "2756289.06");
    expect_str(e, "lines.0.difference.expected.quantity", "125.000000");
    expect_str(e, "lines.0.difference.expected.amount", "7812.50");
    expect_str(e, "lines.0.difference.issued_before.0.number", "C1-2026-000001");
    expect_bool(e, "lines.0.matches", 1);
    /* sla: 100 x (50400000 - 40000) / 50400000 = 99.920634920...: not under 99.9; the
     * credit is reversed: -93240000 at -0.05, +4662000.00. */
    expect_str(e, "lines.1.stream", "sla_credit");
    expect_str(e, "lines.1.computation.availability", "99.920634");
    expect_bool(e, "lines.1.computation.availability_exact", 0);
    expect_sentence(e, 1, "no band applies: no credit");
    assert_true(json_is_null(jp(e, "lines.1.difference.rerated")));
    expect_str(e, "lines.1.difference.expected.quantity", "-93240000.000000");
    expect_str(e, "lines.1.difference.expected.amount", "4662000.00");
    expect_bool(e, "lines.1.matches", 1);
    json_decref(e);
    ldg_invoice_free(sup);
    ldg_rate_draft_free(s);
    ldg_rate_draft_free(re);
    ldg_invoice_free(orig);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_credit_note_against_original(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    /* 100 MWh corrected away: 35180.5 x 1.25 = 43975.625 x 62.5 = 2748476.5625 -> .56;
     * against the invoiced 2756289.06: -125 MWh, -7812.50. */
    ldg_explain *ex = worked_example(c, "35180.5", "60480");
    ldg_invoice *orig = worked_invoice(c), *cnote;
    ldg_usage u[3] = {
        { LDG_USAGE_GPU, LDG_GPU_H100, at(NOV10), at(DEC1), dec("52000000") },
        { LDG_USAGE_ENERGY, LDG_GPU_NONE, at(NOV10), at(DEC1), dec("35180.5") },
        { LDG_USAGE_DOWNTIME, LDG_GPU_H100, at(NOV10), at(DEC1), dec("60480") },
    };
    ldg_draft *re = NULL, *s = NULL, *cn = NULL;
    const ldg_invoice *earlier[1];
    ldg_buf b = { 0 };
    json_t *e;

    (void)state;
    assert_int_equal(ldg_rate_period(&re, c, period("2026-11"), u, 3, NULL), LDG_OK);
    earlier[0] = orig;
    assert_int_equal(ldg_invoice_diff(&s, &cn, re, earlier, 1, NULL), LDG_OK);
    assert_null(s);
    assert_non_null(cn);
    cnote = issue(cn, LDG_INVOICE_KIND_CREDIT_NOTE, "C1-2026-000002", "C1-2026-000001",
                  3130000);
    e = explain_ok(ex, cnote, earlier, 1, 0);
    expect_str(e, "kind", "credit_note");
    expect_str(e, "total", "-7812.50");
    expect_bool(e, "matches", 1);
    assert_int_equal(json_array_size(jp(e, "lines")), 1);
    expect_str(e, "lines.0.difference.rerated.amount", "2748476.56");
    expect_str(e, "lines.0.difference.expected.quantity", "-125.000000");
    expect_str(e, "lines.0.difference.expected.amount", "-7812.50");
    assert_int_equal(ldg_explain_text(&b, e, NULL), LDG_OK);
    assert_non_null(strstr(b.data, "Credit note C1-2026-000002 of contract C1-ANTH"));
    assert_non_null(strstr(b.data, "  difference: re-rated minus issued before = "
                                   "-125.000000 mwh, amount -7812.50"));
    /* Explained against nothing issued before, the difference is not this line. */
    json_decref(e);
    e = explain_ok(ex, cnote, NULL, 0, 0);
    expect_bool(e, "matches", 0);
    expect_bool(e, "lines.0.matches", 0);
    expect_str(e, "lines.0.difference.expected.amount", "2748476.56");
    ldg_buf_cleanup(&b);
    json_decref(e);
    ldg_invoice_free(cnote);
    ldg_rate_draft_free(cn);
    ldg_rate_draft_free(re);
    ldg_invoice_free(orig);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_escalations_and_amendment_seqs(void **state)
{
    /* Starts Jan 15, 3% every month: rate 1.000000 -> 1.030000 at Feb 15 -> 1.060900 at
     * Mar 15. An amendment (seq 7) effective Mar 20 states 2.000000 for H100. March is
     * cut into [Mar 1, Mar 15) 336 h, [Mar 15, Mar 20) 120 h, [Mar 20, Apr 1) 288 h. */
    static const char base[] =
        "{'contract': 'E1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'E1', 'starts': '2026-01-15T00:00:00Z',"
        " 'ends': '2027-01-15T00:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 1,"
        " 'rate': '1.000000', 'overage_rate': '2.000000'}],"
        " 'escalator': {'percent': '3.000000', 'every_months': 1}}";
    static const char *const amend[] = {
        "{'contract': 'E1', 'amends': 'E1', 'effective': '2026-03-20T00:00:00Z',"
        " 'gpu': [{'class': 'H100', 'reserved': 1, 'rate': '2.000000',"
        " 'overage_rate': '3.000000'}]}"
    };
    ldg_contract *c = contract_of(base, amend, 1);
    ldg_explain *ex = NULL;
    ldg_invoice *inv = rate_and_issue(c, "2026-03", NULL, 0, "E1-2026-000001");
    ldg_time f, t;
    json_t *e;

    (void)state;
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-03"), NULL), LDG_OK);
    assert_int_equal(ldg_explain_window_count(ex), 3);
    ldg_explain_window(ex, 1, &f, &t);
    assert_int_equal(f, at("2026-03-15T00:00:00Z"));
    assert_int_equal(t, at("2026-03-20T00:00:00Z"));
    assert_int_equal(ldg_explain_set_entry_seq(ex, 0, 0, NULL), LDG_OK);
    assert_int_equal(ldg_explain_set_entry_seq(ex, 1, 7, NULL), LDG_OK);
    e = explain_ok(ex, inv, NULL, 0, 0);
    expect_bool(e, "matches", 1);
    assert_int_equal(json_array_size(jp(e, "lines")), 3);
    /* [Mar 1, Mar 15): 336 h x 1.030000 = 346.08 */
    expect_str(e, "lines.0.terms.0.rate.stated", "1.000000");
    expect_str(e, "lines.0.terms.0.rate.escalations.0.at", "2026-02-15T00:00:00Z");
    expect_str(e, "lines.0.terms.0.rate.escalations.0.rate", "1.030000");
    expect_str(e, "lines.0.terms.0.rate.in_force", "1.030000");
    expect_str(e, "lines.0.product.exact", "346.080000000000");
    /* [Mar 15, Mar 20): 120 h x 1.060900 = 127.308 -> 127.31 */
    expect_str(e, "lines.1.terms.0.rate.escalations.1.at", "2026-03-15T00:00:00Z");
    expect_str(e, "lines.1.terms.0.rate.escalations.1.rate", "1.060900");
    expect_str(e, "lines.1.product.exact", "127.308000000000");
    expect_str(e, "lines.1.product.rounded", "127.31");
    expect_sentence(
        e, 1,
        "terms in force from 2026-03-15T00:00:00Z: seq 0 (contract E1); H100 "
        "terms set by seq 0 (contract); rate 1.000000 stated, escalated 3.000000 "
        "% at 2026-02-15T00:00:00Z → 1.030000, escalated 3.000000 % at "
        "2026-03-15T00:00:00Z → 1.060900");
    /* [Mar 20, Apr 1): set by the amendment, seq 7, as stated: 288 x 2 = 576.00 */
    expect_int(e, "lines.2.terms.0.set_by.seq", 7);
    expect_str(e, "lines.2.terms.0.set_by.role", "amendment");
    expect_int(e, "lines.2.terms.0.entries.1.seq", 7);
    expect_str(e, "lines.2.terms.0.rate.stated", "2.000000");
    assert_int_equal(json_array_size(jp(e, "lines.2.terms.0.rate.escalations")), 0);
    expect_str(e, "lines.2.product.exact", "576.000000000000");
    expect_int(e, "contract_entries.1.seq", 7);
    expect_str(e, "contract_entries.1.effective", "2026-03-20T00:00:00Z");
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_long_escalation_chain_is_cut_in_text_not_json(void **state)
{
    /* Monthly escalation since Jan 2000: the window from 2026-03-01 has had 26 x 12 + 2 =
     * 314 steps. The sentence stops with ", …" below its size, still valid UTF-8; the
     * JSON lists every step, the last at the window's start. */
    static const char base[] =
        "{'contract': 'L1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'EUR', 'invoice_series': 'L1', 'starts': '2000-01-01T00:00:00Z',"
        " 'ends': '2030-01-01T00:00:00Z', 'gpu': [{'class': 'H200', 'reserved': 2,"
        " 'rate': '1.000000', 'overage_rate': '2.000000'}],"
        " 'escalator': {'percent': '0.010000', 'every_months': 1}}";
    ldg_contract *c = contract_of(base, NULL, 0);
    ldg_invoice *inv = rate_and_issue(c, "2026-03", NULL, 0, "L1-2026-000001");
    ldg_explain *ex = NULL;
    const json_t *steps, *v;
    const char *sentence = NULL;
    size_t i;
    json_t *e;

    (void)state;
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-03"), NULL), LDG_OK);
    e = explain_ok(ex, inv, NULL, 0, 1);
    expect_bool(e, "matches", 1);
    steps = jp(e, "lines.0.terms.0.rate.escalations");
    assert_int_equal(json_array_size(steps), 314);
    expect_str(e, "lines.0.terms.0.rate.escalations.313.at", "2026-03-01T00:00:00Z");
    expect_str(e, "lines.0.terms.0.rate.escalations.0.rate", "1.000100");
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(steps, 313), "rate")),
        json_string_value(jp(e, "lines.0.terms.0.rate.in_force")));
    json_array_foreach(jp(e, "lines.0.explanation"), i, v)
    {
        if (strncmp(json_string_value(v), "terms in force", 14) == 0)
            sentence = json_string_value(v);
    }
    assert_non_null(sentence);
    assert_true(strlen(sentence) < 1024);
    assert_string_equal(sentence + strlen(sentence) - strlen(", …"), ", …");
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_capacity_fraction_and_true_up(void **state)
{
    /* Starts Nov 30 19:00: 5 h of November. Capacity 1 MW x 1000 x 5 / 720 =
     * 6.9444... -> 6.94 (quantity 1 x 5 / 720 = 0.006944(4) -> 0.006944). Minimum
     * 7200 x 5 / 720 = 50; billed 6.94 + reserved 1 x 5 h x 1.00 = 5.00: true-up
     * 50 - 11.94 = 38.06. */
    static const char base[] =
        "{'contract': 'F1', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'F1', 'starts': '2026-11-30T19:00:00Z',"
        " 'ends': '2027-11-30T19:00:00Z', 'gpu': [{'class': 'H100', 'reserved': 1,"
        " 'rate': '1.000000', 'overage_rate': '2.000000'}],"
        " 'energy': {'rate_per_mwh': '10.000000', 'pue': '1.000000',"
        "            'capacity_mw': '1', 'capacity_rate_per_mw_month': '1000.000000'},"
        " 'minimum_monthly': '7200.00'}";
    ldg_contract *c = contract_of(base, NULL, 0);
    ldg_invoice *inv = rate_and_issue(c, "2026-11", NULL, 0, "F1-2026-000001");
    ldg_explain *ex = NULL;
    json_t *e;

    (void)state;
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-11"), NULL), LDG_OK);
    e = explain_ok(ex, inv, NULL, 0, 0);
    expect_bool(e, "matches", 1);
    expect_str(e, "lines.1.stream", "power_capacity");
    expect_str(e, "lines.1.quantity", "0.006944");
    expect_str(e, "lines.1.product.exact",
               "6.944444444444… (exactly 5000.000000000000 / 720)");
    expect_str(e, "lines.1.product.rounded", "6.94");
    expect_str(e, "lines.2.stream", "commitment_true_up");
    expect_str(e, "lines.2.product.expression",
               "Σ minimum_monthly × h / 720 h − 11.940000 USD");
    expect_str(e, "lines.2.product.exact", "38.060000");
    expect_str(e, "lines.2.product.rounded", "38.06");
    expect_sentence(e, 2, "minimum: 7200.000000 USD × 5 / 720 hours");
    /* entry seqs were never set: shown as unknown */
    assert_true(json_is_null(jp(e, "contract_entries.0.seq")));
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

/* A capped SLA credit is explained, the cap one more step (issue 10). MI355X, a class no
 * build knows: 10 reserved at 3.00 in November, S = 21,600.00; 720 GPU-h down: 90 %,
 * band 60 %, capped at 50 %: -10,800.00. */
static void test_explain_sla_cap(void **state)
{
    static const char base[] =
        "{'contract': 'CAP', 'tenant': 't', 'tenant_name': 'T', 'site': 's',"
        " 'currency': 'USD', 'invoice_series': 'CAP', 'starts': '2026-11-01T00:00:00Z',"
        " 'ends': '2027-11-01T00:00:00Z', 'gpu': [{'class': 'MI355X', 'reserved': 10,"
        " 'rate': '3', 'overage_rate': '4'}], 'sla': {'target': '99.9', 'credits':"
        " [{'below': '99.9', 'percent': '5'}, {'below': '99', 'percent': '60'}],"
        " 'cap_percent': '50', 'measure': 'class'}}";
    ldg_contract *c = contract_of(base, NULL, 0);
    ldg_gpu_class mi = ldg_contract_class_lookup("MI355X", 6);
    ldg_usage u[1] = { { LDG_USAGE_DOWNTIME, mi, at("2026-11-01T00:00:00Z"), at(DEC1),
                         dec("720") } };
    ldg_invoice *inv = rate_and_issue(c, "2026-11", u, 1, "CAP-2026-000001");
    ldg_explain *ex = NULL;
    json_t *e;

    (void)state;
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-11"), NULL), LDG_OK);
    set_sum(ex, 0, LDG_USAGE_DOWNTIME, mi, sum_of("720", 1, 1, 720, 1, 1));
    e = explain_ok(ex, inv, NULL, 0, 0);
    expect_bool(e, "matches", 1);
    expect_str(e, "lines.1.stream", "sla_credit");
    expect_str(e, "lines.1.class", "MI355X");
    expect_str(e, "lines.1.computation.cap_percent", "50.000000");
    expect_bool(e, "lines.1.computation.capped", 1);
    expect_str(e, "lines.1.computation.rate", "-0.500000");
    expect_str(e, "lines.1.product.rounded", "-10800.00");
    expect_sentence(e, 1,
                    "cap: credits are at most 50.000000 % of the class's reserved "
                    "charges of the period (sla.cap_percent, measure class): the "
                    "band's 60.000000 % is capped to the cap");
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_decimal_exact_strings(void **state)
{
    char b[LDG_EXPLAIN_DECBUF];
    ldg_i128 big = (ldg_i128)INT64_MAX * INT64_MAX;

    (void)state;
    assert_string_equal(ldg_explain_decimal(b, 0, 0), "0");
    assert_string_equal(ldg_explain_decimal(b, 0, 2), "0.00");
    assert_string_equal(ldg_explain_decimal(b, -5, 2), "-0.05");
    assert_string_equal(ldg_explain_decimal(b, 12345, 3), "12.345");
    assert_string_equal(ldg_explain_decimal(b, 93240000, 0), "93240000");
    /* (2^63 - 1)^2 = 85070591730234615847396907784232501249 */
    assert_string_equal(ldg_explain_decimal(b, big, 12),
                        "85070591730234615847396907.784232501249");
    assert_string_equal(ldg_explain_decimal(b, -big, 36),
                        "-85.070591730234615847396907784232501249");
}

static void test_explain_rejects_bad_input(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = NULL;
    ldg_explain_sum s = sum_of("1", 1, 1, 1, 5, 5);
    ldg_error err;

    (void)state;
    /* Period the contract does not cover. */
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-10"), &err), LDG_EINVAL);
    assert_null(ex);
    assert_string_equal(err.message,
                        "contract \"C1-ANTH\" does not cover any hour of period 2026-10");
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-11"), NULL), LDG_OK);
    /* Entry seqs. */
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_set_entry_seq(ex, 1, 3, &err), LDG_EINVAL);
    assert_string_equal(err.message, "contract \"C1-ANTH\" has 1 document, not 2");
    assert_int_equal(ldg_explain_set_entry_seq(ex, 0, -1, NULL), LDG_EINVAL);
    /* Sums: window, class, counts, seqs. */
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_set_sum(ex, 1, LDG_USAGE_GPU, LDG_GPU_H100, &s, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "window 1 out of range (1 windows)");
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_ENERGY, LDG_GPU_H100, &s, NULL),
                     LDG_EINVAL);
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_NONE, &s, NULL),
                     LDG_EINVAL);
    assert_int_equal(
        ldg_explain_set_sum(ex, 0, (ldg_usage_kind)7, LDG_GPU_H100, &s, NULL),
        LDG_EINVAL);
    s.corrections = 2;
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_H100, &s, NULL),
                     LDG_EINVAL);
    s = sum_of("1", 1, 1, 505, 5, 5); /* more hours than the window's 504 */
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_H100, &s, NULL),
                     LDG_EINVAL);
    s = sum_of("1", 2, 1, 1, 6, 5); /* last before first */
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_H100, &s, NULL),
                     LDG_EINVAL);
    s = sum_of("1", 0, 0, 0, -1, -1); /* a quantity without records */
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_H100, &s, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "usage sum has inconsistent seqs for 0 records");
    s = sum_of("0", 0, 0, 0, -1, -1);
    assert_int_equal(ldg_explain_set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_H100, &s, NULL),
                     LDG_OK);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_rejects_document_of_other_period(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = NULL;
    ldg_invoice *inv = rate_and_issue(c, "2026-12", NULL, 0, "C1-2027-000001");
    json_t *out = NULL, *bad = q("{'summary': ['x'], 'lines': [{'line': 1}]}");
    ldg_buf b = { 0 };
    ldg_error err;

    (void)state;
    assert_int_equal(ldg_explain_new(&ex, c, period("2026-11"), NULL), LDG_OK);
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_document(&out, ex, inv, NULL, 0, 0, &err), LDG_EINVAL);
    assert_null(out);
    assert_string_equal(
        err.message, "document \"C1-2027-000001\" (contract \"C1-ANTH\", period 2026-12, "
                     "USD) is not of contract \"C1-ANTH\", period 2026-11, USD");
    /* The text renderer refuses what is not an explanation. */
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_text(&b, bad, &err), LDG_EINVAL);
    assert_string_equal(err.message, "not an explanation: lines[0]");
    assert_int_equal(ldg_explain_text(&b, json_object_get(bad, "summary"), NULL),
                     LDG_EINVAL);
    ldg_buf_cleanup(&b);
    json_decref(bad);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_unpriced_usage_is_an_error(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = worked_example(c, "35280.5", "60480");
    ldg_invoice *inv = worked_invoice(c);
    json_t *out = NULL;
    ldg_error err;

    (void)state;
    /* GB200 usage under a contract without GB200 terms: the rater refuses it. */
    set_sum(ex, 0, LDG_USAGE_GPU, LDG_GPU_GB200, sum_of("5", 1, 1, 1, 9, 9));
    ldg_error_clear(&err);
    assert_int_equal(ldg_explain_document(&out, ex, inv, NULL, 0, 0, &err), LDG_EINVAL);
    assert_null(out);
    assert_non_null(strstr(err.message, "class GB200"));
    assert_string_equal(err.where, "re-rating contract \"C1-ANTH\" period 2026-11");
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

static void test_explain_names_downtime_of_a_class_without_terms(void **state)
{
    ldg_contract *c = contract_of(C1_ANTH, NULL, 0);
    ldg_explain *ex = worked_example(c, "35280.5", "60480");
    ldg_invoice *inv = worked_invoice(c);
    json_t *e;

    (void)state;
    /* GB200 downtime under a contract without GB200 terms: rating ignores it (the
     * invoice, rated without it, is still reproduced), and the summary says so. */
    set_sum(ex, 0, LDG_USAGE_DOWNTIME, LDG_GPU_GB200, sum_of("8", 2, 1, 2, 9, 10));
    e = explain_ok(ex, inv, NULL, 0, 0);
    expect_bool(e, "matches", 1);
    expect_sentence(
        e, -1,
        "Downtime ignored: 8.000000 gpu_hour of GB200 downtime in "
        "2026-11-10T00:00:00Z .. 2026-12-01T00:00:00Z (2 records, seq 9..10), "
        "where the contract has no GB200 terms; downtime counts only against "
        "reserved hours, so it has no SLA effect (reconcile reports it as "
        "downtime_no_terms)");
    expect_str(e, "ignored_downtime.0.class", "GB200");
    expect_str(e, "ignored_downtime.0.quantity", "8.000000");
    expect_int(e, "ignored_downtime.0.records", 2);
    expect_int(e, "ignored_downtime.0.first_seq", 9);
    expect_int(e, "ignored_downtime.0.last_seq", 10);
    json_decref(e);
    /* without such downtime there is no ignored_downtime member */
    set_sum(ex, 0, LDG_USAGE_DOWNTIME, LDG_GPU_GB200, sum_of("0", 0, 0, 0, -1, -1));
    e = explain_ok(ex, inv, NULL, 0, 0);
    assert_null(json_object_get(e, "ignored_downtime"));
    json_decref(e);
    ldg_invoice_free(inv);
    ldg_explain_free(ex);
    ldg_contract_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain_worked_example_every_line),
        cmocka_unit_test(test_explain_text_shows_heading_and_sentences),
        cmocka_unit_test(test_explain_one_line_and_line_beyond_document),
        cmocka_unit_test(test_explain_sums_that_do_not_reproduce_are_named),
        cmocka_unit_test(test_explain_supplement_against_original),
        cmocka_unit_test(test_explain_credit_note_against_original),
        cmocka_unit_test(test_explain_escalations_and_amendment_seqs),
        cmocka_unit_test(test_explain_long_escalation_chain_is_cut_in_text_not_json),
        cmocka_unit_test(test_explain_capacity_fraction_and_true_up),
        cmocka_unit_test(test_explain_sla_cap),
        cmocka_unit_test(test_explain_decimal_exact_strings),
        cmocka_unit_test(test_explain_rejects_bad_input),
        cmocka_unit_test(test_explain_rejects_document_of_other_period),
        cmocka_unit_test(test_explain_unpriced_usage_is_an_error),
        cmocka_unit_test(test_explain_names_downtime_of_a_class_without_terms),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
