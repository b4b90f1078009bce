/*
 * Unit tests for ledger/contract.c: parsing and validating contract documents, the
 * amendment chain, terms in force with escalation, and window boundaries. Expected
 * values are worked out by hand in the comments.
 */
#include "ledger/contract.h"
#include "ledger/contract_billing.h"
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

/* DESIGN.md's sample contract. */
static const char C1_ANTH[] =
    "{\"contract\": \"C1-ANTH\", \"tenant\": \"anthropic\", \"tenant_name\": \"Anthropic "
    "PBC\", \"site\": \"colossus-1\", \"currency\": \"USD\", \"invoice_series\": \"C1\","
    " \"starts\": \"2026-11-10T00:00:00Z\", \"ends\": \"2029-11-10T00:00:00Z\","
    " \"gpu\": [{\"class\": \"H100\", \"reserved\": 100000, \"rate\": \"1.850000\","
    "  \"overage_rate\": \"2.400000\", \"overage_tiers\": [{\"up_to\": \"500000\", "
    "\"rate\": \"2.400000\"}, {\"rate\": \"2.100000\"}]}],"
    " \"energy\": {\"rate_per_mwh\": \"62.500000\", \"pue\": \"1.250000\","
    "  \"capacity_mw\": \"300\", \"capacity_rate_per_mw_month\": \"15000.000000\"},"
    " \"sla\": {\"target\": \"99.900000\", \"credits\": [{\"below\": \"99.900000\", "
    "\"percent\": \"5\"}, {\"below\": \"99.000000\", \"percent\": \"10\"}]},"
    " \"minimum_monthly\": \"0.00\","
    " \"escalator\": {\"percent\": \"3.000000\", \"every_months\": 12}}";

static json_t *load(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);

    if (!j)
        fail_msg("bad test JSON: %s at %d", je.text, je.position);
    return j;
}

static json_t *gpu0(json_t *doc)
{
    return json_array_get(json_object_get(doc, "gpu"), 0);
}

/* Parses doc (taking it) and expects code and exactly message. */
static void expect_doc_error(json_t *doc, ldg_code code, const char *message)
{
    ldg_contract_doc *d = (ldg_contract_doc *)1;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_doc_parse(&d, doc, &err), code);
    assert_null(d);
    assert_int_equal(err.code, code);
    assert_string_equal(err.message, message);
    json_decref(doc);
}

/* As expect_doc_error, for messages that quote another module's reason. */
static void expect_doc_error_prefix(json_t *doc, const char *prefix)
{
    ldg_contract_doc *d = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_doc_parse(&d, doc, &err), LDG_EINVAL);
    assert_null(d);
    if (strncmp(err.message, prefix, strlen(prefix)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", err.message, prefix);
    json_decref(doc);
}

static ldg_contract *contract_from_text(const char *text)
{
    ldg_contract *c = NULL;
    json_t *j = load(text);
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_contract_from_json(&c, j, NULL, 0, &err) != LDG_OK)
        fail_msg("%s", err.message);
    json_decref(j);
    return c;
}

static ldg_contract_doc *doc_of(json_t *j)
{
    ldg_contract_doc *d = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_contract_doc_parse(&d, j, &err) != LDG_OK)
        fail_msg("%s", err.message);
    json_decref(j);
    return d;
}

/* An amendment of C1-ANTH effective at eff with extra members from body. */
static json_t *amendment(const char *eff, const char *body)
{
    char buf[2048];

    snprintf(
        buf, sizeof(buf),
        "{\"contract\": \"C1-ANTH\", \"amends\": \"C1-ANTH\", \"effective\": \"%s\"%s%s}",
        eff, body[0] ? ", " : "", body);
    return load(buf);
}

/* ---- parsing ------------------------------------------------------------------------
 */

static void test_contract_parse_sample_accessors(void **state)
{
    ldg_contract_doc *d;

    (void)state;
    d = doc_of(load(C1_ANTH));
    assert_string_equal(ldg_contract_doc_id(d), "C1-ANTH");
    assert_string_equal(ldg_contract_doc_tenant(d), "anthropic");
    assert_string_equal(ldg_contract_doc_tenant_name(d), "Anthropic PBC");
    assert_string_equal(ldg_contract_doc_site(d), "colossus-1");
    assert_string_equal(ldg_contract_doc_currency(d), "USD");
    assert_string_equal(ldg_contract_doc_invoice_series(d), "C1");
    assert_int_equal(ldg_contract_doc_starts(d), at("2026-11-10T00:00:00Z"));
    assert_int_equal(ldg_contract_doc_ends(d), at("2029-11-10T00:00:00Z"));
    assert_null(ldg_contract_doc_amends(d));
    assert_true(ldg_contract_doc_effective(d) == LDG_CONTRACT_NO_TIME);
    assert_string_equal(
        json_string_value(json_object_get(ldg_contract_doc_json(d), "site")),
        "colossus-1");
    ldg_contract_doc_free(d);
}

static void test_contract_parse_amendment_accessors(void **state)
{
    ldg_contract_doc *d;

    (void)state;
    d = doc_of(amendment("2026-11-20T00:00:00Z", "\"minimum_monthly\": \"5.00\""));
    assert_string_equal(ldg_contract_doc_id(d), "C1-ANTH");
    assert_string_equal(ldg_contract_doc_amends(d), "C1-ANTH");
    assert_int_equal(ldg_contract_doc_effective(d), at("2026-11-20T00:00:00Z"));
    assert_null(ldg_contract_doc_tenant(d));
    assert_null(ldg_contract_doc_currency(d));
    assert_true(ldg_contract_doc_starts(d) == LDG_CONTRACT_NO_TIME);
    assert_true(ldg_contract_doc_ends(d) == LDG_CONTRACT_NO_TIME);
    ldg_contract_doc_free(d);
}

static void test_contract_reject_not_object(void **state)
{
    (void)state;
    expect_doc_error(load("[1]"), LDG_EINVAL, "contract document: must be a JSON object");
}

static void test_contract_reject_ends_before_starts(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(doc, "ends", json_string("2026-11-09T00:00:00Z"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"ends\": ends before starts");
    doc = load(C1_ANTH); /* equal instants: an empty term */
    json_object_set_new(doc, "ends", json_string("2026-11-10T00:00:00Z"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"ends\": ends before starts");
}

static void test_contract_reject_negative_rates(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "rate", json_string("-1.850000"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"gpu[0].rate\": negative rate");
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "overage_rate", json_string("-0.000001"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_rate\": negative rate");
    doc = load(C1_ANTH);
    json_object_set_new(json_array_get(json_object_get(gpu0(doc), "overage_tiers"), 1),
                        "rate", json_string("-2"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_tiers[1].rate\": negative rate");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "energy"), "rate_per_mwh",
                        json_string("-62.5"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"energy.rate_per_mwh\": negative rate");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "energy"), "capacity_rate_per_mw_month",
                        json_string("-1"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"energy.capacity_rate_per_mw_month\": "
                     "negative rate");
}

static void test_contract_reject_unknown_class(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    /* classes are data (issue 10): any valid name parses; a name that is not one fails */
    json_object_set_new(gpu0(doc), "class", json_string("A 100"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].class\": \"A 100\" is not a GPU "
        "class name (1-32 letters, digits, '.', '_' or '-'), or more than 32 "
        "classes");
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "class",
                        json_string("X23456789012345678901234567890123")); /* 33 */
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].class\": "
        "\"X23456789012345678901234567890123\" is not a GPU class name (1-32 "
        "letters, digits, '.', '_' or '-'), or more than 32 classes");
}

/* "cap_percent" with "measure": "class", and "maintenance_hours_per_month" (issue 10). */
static void test_contract_sla_cap_and_maintenance(void **state)
{
    json_t *doc = load(C1_ANTH), *sla = json_object_get(doc, "sla");
    ldg_contract *c = NULL;
    ldg_terms t;

    (void)state;
    json_object_set_new(sla, "cap_percent", json_string("50"));
    json_object_set_new(sla, "measure", json_string("class"));
    json_object_set_new(sla, "maintenance_hours_per_month", json_integer(8));
    assert_int_equal(ldg_contract_from_json(&c, doc, NULL, 0, NULL), LDG_OK);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2026-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_true(t.sla.capped);
    assert_int_equal(t.sla.cap_percent_micros, 50000000);
    assert_int_equal(t.sla.maintenance_hours, 8);
    ldg_contract_free(c);
    json_object_set_new(sla, "measure", json_string("fleet"));
    expect_doc_error(json_deep_copy(doc), LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.measure\": must be \"class\" "
                     "(availability per GPU class)");
    json_object_set_new(sla, "measure", json_string("class"));
    json_object_set_new(sla, "cap_percent", json_string("101"));
    expect_doc_error(json_deep_copy(doc), LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.cap_percent\": percent outside "
                     "0..100");
    json_object_del(sla, "cap_percent");
    expect_doc_error(json_deep_copy(doc), LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.measure\": goes with "
                     "\"cap_percent\"");
    json_object_del(sla, "measure");
    json_object_set_new(sla, "maintenance_hours_per_month", json_string("8"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.maintenance_hours_per_month\": "
                     "must be an integer");
}

static void test_contract_reject_class_twice(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_array_append_new(json_object_get(doc, "gpu"), json_deep_copy(gpu0(doc)));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[1].class\": class \"H100\" listed twice");
}

static void test_contract_reject_tiers_not_ascending(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(gpu0(doc), "overage_tiers",
                        load("[{\"up_to\": \"500000\", \"rate\": \"2.4\"},"
                             " {\"up_to\": \"400000\", \"rate\": \"2.1\"}]"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_tiers[1].up_to\": tiers "
        "not ascending");
    doc = load(C1_ANTH); /* equal is not strictly ascending */
    json_object_set_new(gpu0(doc), "overage_tiers",
                        load("[{\"up_to\": \"500000\", \"rate\": \"2.4\"},"
                             " {\"up_to\": \"500000.000000\", \"rate\": \"2.1\"}]"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_tiers[1].up_to\": tiers "
        "not ascending");
}

static void test_contract_reject_tier_without_up_to_not_last(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(
        gpu0(doc), "overage_tiers",
        load("[{\"rate\": \"2.4\"}, {\"up_to\": \"5\", \"rate\": \"2.1\"}]"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_tiers[0].up_to\": only the "
        "last tier may omit up_to");
}

static void test_contract_reject_tier_up_to_zero(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(
        gpu0(doc), "overage_tiers",
        load("[{\"up_to\": \"0\", \"rate\": \"2.4\"}, {\"rate\": \"2.1\"}]"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_tiers[0].up_to\": must be "
        "positive");
}

static void test_contract_accepts_bounded_last_tier(void **state)
{
    json_t *doc = load(C1_ANTH);
    ldg_contract_doc *d;

    (void)state;
    json_object_set_new(gpu0(doc), "overage_tiers",
                        load("[{\"up_to\": \"1\", \"rate\": \"2.4\"}, {\"up_to\": \"2\", "
                             "\"rate\": \"2.1\"}]"));
    d = doc_of(doc);
    ldg_contract_doc_free(d);
}

static void test_contract_reject_sla_bands_not_descending(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(json_object_get(doc, "sla"), "credits",
                        load("[{\"below\": \"99.0\", \"percent\": \"10\"},"
                             " {\"below\": \"99.9\", \"percent\": \"5\"}]"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.credits[1].below\": bands not "
                     "descending");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "sla"), "credits",
                        load("[{\"below\": \"99.9\", \"percent\": \"5\"},"
                             " {\"below\": \"99.900000\", \"percent\": \"10\"}]"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.credits[1].below\": bands not "
                     "descending");
}

static void test_contract_reject_percent_outside_0_100(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(doc, "sla"), "credits"), 0),
        "percent", json_string("100.0001"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"sla.credits[0].percent\": percent outside "
        "0..100");
    doc = load(C1_ANTH);
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(doc, "sla"), "credits"), 1),
        "percent", json_string("-1"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"sla.credits[1].percent\": percent outside "
        "0..100");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "escalator"), "percent", json_string("101"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"escalator.percent\": percent outside "
                     "0..100");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "sla"), "target", json_string("100.000001"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"sla.target\": percent outside 0..100");
    doc = load(C1_ANTH);
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(doc, "sla"), "credits"), 0),
        "below", json_string("100.5"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"sla.credits[0].below\": availability "
                     "outside 0..100");
}

static void test_contract_accepts_percent_bounds(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(json_object_get(doc, "sla"), "credits",
                        load("[{\"below\": \"100\", \"percent\": \"0\"},"
                             " {\"below\": \"0.000001\", \"percent\": \"100\"}]"));
    ldg_contract_doc_free(doc_of(doc));
}

static void
test_contract_reject_sla_percent_more_than_4_significant_decimals(void **state)
{
    json_t *doc = load(C1_ANTH);

    (void)state;
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(doc, "sla"), "credits"), 0),
        "percent", json_string("5.00001"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"sla.credits[0].percent\": at most 4 "
        "significant decimals (the credit rate is -percent/100 in 6 decimals)");
    doc = load(C1_ANTH); /* trailing zeros are fine */
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(doc, "sla"), "credits"), 0),
        "percent", json_string("5.250000"));
    ldg_contract_doc_free(doc_of(doc));
}

static void test_contract_reject_malformed_decimals(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "rate", json_string("1.2.3"));
    expect_doc_error_prefix(
        doc, "contract \"C1-ANTH\": field \"gpu[0].rate\": malformed decimal: ");
    doc = load(C1_ANTH); /* seven decimals */
    json_object_set_new(gpu0(doc), "rate", json_string("1.8500001"));
    expect_doc_error_prefix(
        doc, "contract \"C1-ANTH\": field \"gpu[0].rate\": malformed decimal: ");
    doc = load(C1_ANTH); /* a JSON number is not a decimal string */
    json_object_set_new(gpu0(doc), "rate", json_real(1.85));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].rate\": must be a decimal string");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "energy"), "pue", json_string("1,25"));
    expect_doc_error_prefix(
        doc, "contract \"C1-ANTH\": field \"energy.pue\": malformed decimal: ");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "minimum_monthly", json_string(""));
    expect_doc_error_prefix(
        doc, "contract \"C1-ANTH\": field \"minimum_monthly\": malformed decimal: ");
    doc = load(C1_ANTH);
    json_object_set_new(json_array_get(json_object_get(gpu0(doc), "overage_tiers"), 0),
                        "up_to", json_string("5e5"));
    expect_doc_error_prefix(doc,
                            "contract \"C1-ANTH\": field "
                            "\"gpu[0].overage_tiers[0].up_to\": malformed decimal: ");
}

static void test_contract_reject_decimal_out_of_range(void **state)
{
    json_t *doc = load(C1_ANTH);
    ldg_contract_doc *d = NULL;
    ldg_error err;

    (void)state;
    json_object_set_new(gpu0(doc), "rate", json_string("99999999999999"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_doc_parse(&d, doc, &err), LDG_ERANGE);
    assert_null(d);
    assert_non_null(strstr(err.message, "field \"gpu[0].rate\": malformed decimal: "));
    json_decref(doc);
}

static void test_contract_reject_malformed_timestamps(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(doc, "starts", json_string("2026-11-10 00:00:00"));
    expect_doc_error_prefix(
        doc, "contract \"C1-ANTH\": field \"starts\": malformed timestamp: ");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "ends", json_string("2029-11-10T00:00:00+00:00"));
    expect_doc_error_prefix(
        doc, "contract \"C1-ANTH\": field \"ends\": malformed timestamp: ");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "starts", json_integer(1794268800));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"starts\": must be a string");
}

static void test_contract_reject_instant_not_whole_hour(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(doc, "starts", json_string("2026-11-10T00:30:00Z"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"starts\": must be a whole UTC hour "
                     "(minutes and seconds zero)");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "ends", json_string("2029-11-10T00:00:01Z"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"ends\": must be a whole UTC hour "
                     "(minutes and seconds zero)");
    expect_doc_error(
        amendment("2026-12-01T12:00:30Z", ""), LDG_EINVAL,
        "contract \"C1-ANTH\": field \"effective\": must be a whole UTC hour "
        "(minutes and seconds zero)");
}

static void test_contract_reject_unknown_fields(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(doc, "discount", json_string("1"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"discount\": unknown field");
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "reserve", json_integer(1));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"gpu[0].reserve\": unknown field");
    doc = load(C1_ANTH);
    json_object_set_new(json_array_get(json_object_get(gpu0(doc), "overage_tiers"), 1),
                        "upto", json_string("1"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].overage_tiers[1].upto\": unknown "
        "field");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "energy"), "kwh_rate", json_string("1"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"energy.kwh_rate\": unknown field");
    doc = load(C1_ANTH);
    json_object_set_new(
        json_array_get(json_object_get(json_object_get(doc, "sla"), "credits"), 0),
        "above", json_string("1"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"sla.credits[0].above\": unknown field");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "escalator"), "cap", json_string("1"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"escalator.cap\": unknown field");
    doc = load(C1_ANTH); /* effective belongs to amendments */
    json_object_set_new(doc, "effective", json_string("2027-01-01T00:00:00Z"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"effective\": only an amendment (with "
                     "\"amends\") has an effective instant");
}

/* Removes member key of the object at doc (or a nested one) and expects "missing". */
static void expect_missing(const char *outer, const char *key, const char *field)
{
    json_t *doc = load(C1_ANTH), *obj = doc;
    char msg[256];

    if (strcmp(outer, "gpu[0]") == 0)
        obj = gpu0(doc);
    else if (outer[0])
        obj = json_object_get(doc, outer);
    assert_int_equal(json_object_del(obj, key), 0);
    snprintf(msg, sizeof(msg),
             "contract \"C1-ANTH\": field \"%s\": required field missing", field);
    expect_doc_error(doc, LDG_EINVAL, msg);
}

static void test_contract_reject_missing_required_fields(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_del(doc, "contract");
    expect_doc_error(doc, LDG_EINVAL,
                     "contract document: field \"contract\": required field missing");
    expect_missing("", "tenant", "tenant");
    expect_missing("", "tenant_name", "tenant_name");
    expect_missing("", "site", "site");
    expect_missing("", "currency", "currency");
    expect_missing("", "invoice_series", "invoice_series");
    expect_missing("", "starts", "starts");
    expect_missing("", "ends", "ends");
    expect_missing("", "gpu", "gpu");
    expect_missing("gpu[0]", "class", "gpu[0].class");
    expect_missing("gpu[0]", "reserved", "gpu[0].reserved");
    expect_missing("gpu[0]", "rate", "gpu[0].rate");
    expect_missing("gpu[0]", "overage_rate", "gpu[0].overage_rate");
    expect_missing("energy", "rate_per_mwh", "energy.rate_per_mwh");
    expect_missing("energy", "pue", "energy.pue");
    expect_missing("sla", "target", "sla.target");
    expect_missing("sla", "credits", "sla.credits");
    expect_missing("escalator", "percent", "escalator.percent");
    expect_missing("escalator", "every_months", "escalator.every_months");
    /* capacity comes as a pair */
    doc = load(C1_ANTH);
    json_object_del(json_object_get(doc, "energy"), "capacity_mw");
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"energy.capacity_mw\": required field "
                     "missing (capacity_rate_per_mw_month is given)");
    expect_doc_error_prefix(
        amendment("", ""),
        "contract \"C1-ANTH\": field \"effective\": malformed timestamp: ");
}

static void test_contract_optional_sections_may_be_absent(void **state)
{
    json_t *doc = load(C1_ANTH);
    ldg_contract *c = NULL;
    ldg_terms t;

    (void)state;
    json_object_del(doc, "energy");
    json_object_del(doc, "sla");
    json_object_del(doc, "minimum_monthly");
    json_object_del(doc, "escalator");
    assert_int_equal(ldg_contract_from_json(&c, doc, NULL, 0, NULL), LDG_OK);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2028-01-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_false(t.energy.present);
    assert_false(t.sla.present);
    assert_int_equal(t.minimum_monthly_micros, 0);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1850000); /* no escalator */
    ldg_contract_free(c);
    json_decref(doc);
}

static void test_contract_reject_unsupported_currency(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(doc, "currency", json_string("XYZ"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"currency\": currency \"XYZ\" not supported "
        "(supported: USD, EUR, GBP, CHF, CAD, AUD, JPY)");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "currency", json_string("usd"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"currency\": currency \"usd\" not supported "
        "(supported: USD, EUR, GBP, CHF, CAD, AUD, JPY)");
}

static void test_contract_reject_wrong_types_and_ranges(void **state)
{
    json_t *doc;

    (void)state;
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "reserved", json_string("100000"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"gpu[0].reserved\": must be an integer");
    doc = load(C1_ANTH);
    json_object_set_new(gpu0(doc), "reserved", json_integer(-1));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"gpu[0].reserved\": must be "
                     "0..9223372036854");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "escalator"), "every_months",
                        json_integer(0));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"escalator.every_months\": must be 1..1200");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "gpu", json_object());
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"gpu\": must be an array");
    doc = load(C1_ANTH);
    json_object_set_new(json_object_get(doc, "energy"), "pue", json_string("0.9"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"energy.pue\": must be at least 1");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "minimum_monthly", json_string("-1.00"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"minimum_monthly\": must not be negative");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "tenant", json_string("anthropic/evil"));
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"tenant\": must be 1 to 64 letters, "
                     "digits, '.', '_' or '-'");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "tenant_name", json_string(""));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"tenant_name\": must be 1 to 256 bytes");
    doc = load(C1_ANTH);
    json_object_set_new(doc, "contract", json_string(""));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract document: field \"contract\": must be 1 to 64 letters, digits, "
        "'.', '_' or '-'");
}

static void test_contract_reject_amendment_shape(void **state)
{
    json_t *doc;

    (void)state;
    doc = amendment("2026-12-01T00:00:00Z", "");
    json_object_set_new(doc, "amends", json_string("C2"));
    expect_doc_error(
        doc, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"amends\": an amendment must name its own "
        "contract (\"C1-ANTH\")");
    doc = amendment("2026-12-01T00:00:00Z", "");
    json_object_del(doc, "effective");
    expect_doc_error(doc, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"effective\": required field missing");
    expect_doc_error(
        amendment("2027-01-01T00:00:00Z", "\"ends\": \"2026-12-01T00:00:00Z\""),
        LDG_EINVAL, "contract \"C1-ANTH\": field \"ends\": ends before effective");
}

/* ---- amendments ---------------------------------------------------------------------
 */

static ldg_code amend(ldg_contract *c, json_t *j, ldg_error *err)
{
    ldg_contract_doc *d = NULL;
    ldg_code rc;

    rc = ldg_contract_doc_parse(&d, j, err);
    json_decref(j);
    if (rc != LDG_OK)
        return rc;
    return ldg_contract_amend_take(c, d, err);
}

static void expect_amend_error(const char *body, const char *eff, ldg_code code,
                               const char *message)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(amend(c, amendment(eff, body), &err), code);
    assert_string_equal(err.message, message);
    assert_int_equal(ldg_contract_amendment_count(c), 0);
    ldg_contract_free(c);
}

static void test_contract_amendment_identity_must_match(void **state)
{
    (void)state;
    expect_amend_error(
        "\"currency\": \"EUR\"", "2026-12-01T00:00:00Z", LDG_EINVAL,
        "contract \"C1-ANTH\": field \"currency\": the amendment states \"EUR\" "
        "but the contract has \"USD\"");
    expect_amend_error("\"tenant\": \"openai\"", "2026-12-01T00:00:00Z", LDG_EINVAL,
                       "contract \"C1-ANTH\": field \"tenant\": the amendment states "
                       "\"openai\" but the contract has \"anthropic\"");
    expect_amend_error("\"site\": \"colossus-2\"", "2026-12-01T00:00:00Z", LDG_EINVAL,
                       "contract \"C1-ANTH\": field \"site\": the amendment states "
                       "\"colossus-2\" but the contract has \"colossus-1\"");
    expect_amend_error(
        "\"invoice_series\": \"C9\"", "2026-12-01T00:00:00Z", LDG_EINVAL,
        "contract \"C1-ANTH\": field \"invoice_series\": the amendment states "
        "\"C9\" but the contract has \"C1\"");
    expect_amend_error(
        "\"starts\": \"2026-11-11T00:00:00Z\"", "2026-12-01T00:00:00Z", LDG_EINVAL,
        "contract \"C1-ANTH\": field \"starts\": the amendment states "
        "2026-11-11T00:00:00Z but the contract starts 2026-11-10T00:00:00Z");
    expect_amend_error(
        "\"escalator\": {\"percent\": \"4\", \"every_months\": 12}",
        "2026-12-01T00:00:00Z", LDG_EINVAL,
        "contract \"C1-ANTH\": field \"escalator\": an amendment cannot change "
        "the escalator");
}

static void test_contract_amendment_identity_equal_is_fine(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);

    (void)state;
    assert_int_equal(
        amend(c,
              amendment("2026-12-01T00:00:00Z",
                        "\"currency\": \"USD\", \"tenant\": \"anthropic\", "
                        "\"starts\": \"2026-11-10T00:00:00Z\", \"escalator\": "
                        "{\"percent\": \"3\", \"every_months\": 12}"),
              NULL),
        LDG_OK);
    assert_int_equal(ldg_contract_amendment_count(c), 1);
    ldg_contract_free(c);
}

static void test_contract_amendment_effective_inside_term(void **state)
{
    (void)state;
    expect_amend_error(
        "", "2026-11-09T23:00:00Z", LDG_EINVAL,
        "contract \"C1-ANTH\": field \"effective\": 2026-11-09T23:00:00Z is "
        "before the contract starts (2026-11-10T00:00:00Z)");
    expect_amend_error(
        "", "2029-11-10T00:00:00Z", LDG_EINVAL,
        "contract \"C1-ANTH\": field \"effective\": 2029-11-10T00:00:00Z is "
        "not before the contract ends (2029-11-10T00:00:00Z)");
}

static void test_contract_amendment_at_starts_is_fine(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);

    (void)state;
    assert_int_equal(amend(c, amendment("2026-11-10T00:00:00Z", ""), NULL), LDG_OK);
    ldg_contract_free(c);
}

static void test_contract_amendment_for_other_contract(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(
        amend(c,
              load("{\"contract\": \"C2\", \"amends\": \"C2\", \"effective\": "
                   "\"2026-12-01T00:00:00Z\"}"),
              &err),
        LDG_EINVAL);
    assert_string_equal(err.message,
                        "could not amend contract \"C1-ANTH\": the amendment is "
                        "for contract \"C2\"");
    ldg_contract_free(c);
}

static void test_contract_amendment_loaded_twice_changes_nothing(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_error err;

    (void)state;
    assert_int_equal(
        amend(c, amendment("2026-12-01T00:00:00Z", "\"minimum_monthly\": \"1\""), NULL),
        LDG_OK);
    assert_int_equal(
        amend(c, amendment("2026-12-01T00:00:00Z", "\"minimum_monthly\": \"1\""), NULL),
        LDG_OK);
    assert_int_equal(ldg_contract_amendment_count(c), 1);
    ldg_error_clear(&err);
    assert_int_equal(
        amend(c, amendment("2026-12-01T00:00:00Z", "\"minimum_monthly\": \"2\""), &err),
        LDG_ECONFLICT);
    assert_string_equal(err.message,
                        "could not amend contract \"C1-ANTH\": another amendment "
                        "is effective at 2026-12-01T00:00:00Z");
    assert_int_equal(ldg_contract_amendment_count(c), 1);
    ldg_contract_free(c);
}

static void test_contract_amendment_as_base_refused(void **state)
{
    ldg_contract *c = (ldg_contract *)1;
    ldg_contract_doc *d = doc_of(amendment("2026-12-01T00:00:00Z", ""));
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_new_take(&c, d, &err), LDG_EINVAL);
    assert_null(c);
    assert_string_equal(err.message, "contract \"C1-ANTH\": an amendment cannot start a "
                                     "contract: load the base contract first");
}

static void test_contract_amendments_kept_in_effective_order(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);

    (void)state;
    assert_int_equal(amend(c, amendment("2027-03-01T00:00:00Z", ""), NULL), LDG_OK);
    assert_int_equal(amend(c, amendment("2026-12-01T00:00:00Z", ""), NULL), LDG_OK);
    assert_int_equal(amend(c, amendment("2027-01-01T00:00:00Z", ""), NULL), LDG_OK);
    assert_int_equal(ldg_contract_amendment_count(c), 3);
    assert_int_equal(ldg_contract_doc_effective(ldg_contract_amendment(c, 0)),
                     at("2026-12-01T00:00:00Z"));
    assert_int_equal(ldg_contract_doc_effective(ldg_contract_amendment(c, 1)),
                     at("2027-01-01T00:00:00Z"));
    assert_int_equal(ldg_contract_doc_effective(ldg_contract_amendment(c, 2)),
                     at("2027-03-01T00:00:00Z"));
    ldg_contract_free(c);
}

static void test_contract_amendment_changing_ends(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_error err;
    ldg_terms t;

    (void)state;
    /* Extend to 2030, then an amendment in 2029-12 is inside the term. */
    assert_int_equal(
        amend(c, amendment("2027-01-01T00:00:00Z", "\"ends\": \"2030-06-01T00:00:00Z\""),
              NULL),
        LDG_OK);
    assert_int_equal(ldg_contract_ends(c), at("2030-06-01T00:00:00Z"));
    assert_int_equal(amend(c, amendment("2029-12-01T00:00:00Z", ""), NULL), LDG_OK);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2030-01-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.ends, at("2030-06-01T00:00:00Z"));
    /* Shortening before the 2029-12 amendment would strand it: refused, nothing changes.
     */
    ldg_error_clear(&err);
    assert_int_equal(
        amend(c, amendment("2028-01-01T00:00:00Z", "\"ends\": \"2029-01-01T00:00:00Z\""),
              &err),
        LDG_EINVAL);
    assert_string_equal(err.message,
                        "contract \"C1-ANTH\": field \"effective\": "
                        "2029-12-01T00:00:00Z is not before the contract ends "
                        "(2029-01-01T00:00:00Z)");
    assert_int_equal(ldg_contract_amendment_count(c), 2);
    assert_int_equal(ldg_contract_ends(c), at("2030-06-01T00:00:00Z"));
    ldg_contract_free(c);
}

static void test_contract_accessors(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);

    (void)state;
    assert_string_equal(ldg_contract_id(c), "C1-ANTH");
    assert_string_equal(ldg_contract_tenant(c), "anthropic");
    assert_string_equal(ldg_contract_tenant_name(c), "Anthropic PBC");
    assert_string_equal(ldg_contract_site(c), "colossus-1");
    assert_string_equal(ldg_contract_currency(c), "USD");
    assert_string_equal(ldg_contract_invoice_series(c), "C1");
    assert_int_equal(ldg_contract_starts(c), at("2026-11-10T00:00:00Z"));
    assert_int_equal(ldg_contract_ends(c), at("2029-11-10T00:00:00Z"));
    assert_string_equal(ldg_contract_doc_id(ldg_contract_base(c)), "C1-ANTH");
    ldg_contract_free(c);
}

/* ---- terms and escalation -----------------------------------------------------------
 */

static void test_contract_terms_at_start(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_terms t;

    (void)state;
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2026-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_true(t.gpu[LDG_GPU_H100].present);
    assert_false(t.gpu[LDG_GPU_H200].present);
    assert_int_equal(t.gpu[LDG_GPU_H100].reserved, 100000);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1850000);
    assert_int_equal(t.gpu[LDG_GPU_H100].overage_rate_micros, 2400000);
    assert_int_equal(t.gpu[LDG_GPU_H100].ntiers, 2);
    assert_true(t.gpu[LDG_GPU_H100].tiers[0].bounded);
    assert_int_equal(t.gpu[LDG_GPU_H100].tiers[0].up_to_micros,
                     500000 * INT64_C(1000000));
    assert_false(t.gpu[LDG_GPU_H100].tiers[1].bounded);
    assert_int_equal(t.energy.rate_per_mwh_micros, 62500000);
    assert_int_equal(t.energy.pue_micros, 1250000);
    assert_int_equal(t.energy.capacity_mw_micros, 300000000);
    assert_int_equal(t.energy.capacity_rate_micros, 15000000000);
    assert_int_equal(t.sla.nbands, 2);
    assert_int_equal(t.sla.bands[1].below_micros, 99000000);
    assert_int_equal(t.sla.bands[1].percent_micros, 10000000);
    assert_int_equal(t.ends, at("2029-11-10T00:00:00Z"));
    ldg_contract_free(c);
}

static void test_contract_terms_outside_term_refused(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_error err;
    ldg_terms t;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2026-11-09T23:59:59Z"), &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "contract \"C1-ANTH\" is not in force at 2026-11-09T23:59:59Z");
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2029-11-10T00:00:00Z"), NULL),
                     LDG_EINVAL);
    ldg_contract_free(c);
}

static void test_contract_escalation_steps(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_terms t;

    (void)state;
    /* Just before the first escalation instant (2027-11-10): as stated. */
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2027-11-09T23:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1850000);
    /* At it: 1.85 x 1.03 = 1.9055; 2.4 x 1.03 = 2.472; 2.1 x 1.03 = 2.163;
     * 62.5 x 1.03 = 64.375; 15000 x 1.03 = 15450. */
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2027-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1905500);
    assert_int_equal(t.gpu[LDG_GPU_H100].overage_rate_micros, 2472000);
    assert_int_equal(t.gpu[LDG_GPU_H100].tiers[0].rate_micros, 2472000);
    assert_int_equal(t.gpu[LDG_GPU_H100].tiers[1].rate_micros, 2163000);
    assert_int_equal(t.energy.rate_per_mwh_micros, 64375000);
    assert_int_equal(t.energy.capacity_rate_micros, 15450000000);
    /* Not rates: unchanged. */
    assert_int_equal(t.energy.pue_micros, 1250000);
    assert_int_equal(t.gpu[LDG_GPU_H100].reserved, 100000);
    /* Second step: 1.9055 x 1.03 = 1.962665 exactly; 64.375 x 1.03 = 66.30625. */
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2028-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1962665);
    assert_int_equal(t.energy.rate_per_mwh_micros, 66306250);
    /* The third instant, 2029-11-10, is the end of the term: still two steps. */
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2029-11-09T23:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1962665);
    /* Extended by an amendment, the base rate keeps stepping from starts:
     * 1.962665 x 1.03 = 2.02154495 -> 2.021545 (half away from zero). */
    assert_int_equal(
        amend(c, amendment("2029-01-01T00:00:00Z", "\"ends\": \"2031-01-01T00:00:00Z\""),
              NULL),
        LDG_OK);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2029-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 2021545);
    ldg_contract_free(c);
}

static void test_contract_escalation_rounds_each_step(void **state)
{
    /* 0.000017 x 1.03 = 0.00001751 -> 0.000018; x 1.03 = 0.00001854 -> 0.000019.
     * Compounding once (x 1.0609 = 0.0000180353 -> 0.000018) would differ. */
    static const char text[] =
        "{\"contract\": \"E1\", \"tenant\": \"t\", \"tenant_name\": \"T\", \"site\": "
        "\"s\","
        " \"currency\": \"EUR\", \"invoice_series\": \"E1\", \"starts\": "
        "\"2026-01-01T00:00:00Z\", \"ends\": \"2030-01-01T00:00:00Z\", \"gpu\": "
        "[{\"class\": \"GB200\", \"reserved\": 1, \"rate\": \"0.000017\", "
        "\"overage_rate\": "
        "\"0\"}], \"escalator\": {\"percent\": \"3\", \"every_months\": 12}}";
    ldg_contract *c = contract_from_text(text);
    ldg_terms t;

    (void)state;
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2027-01-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_GB200].rate_micros, 18);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2028-01-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_GB200].rate_micros, 19);
    ldg_contract_free(c);
}

static void test_contract_amended_rate_steps_only_after_effective(void **state)
{
    static const char two_classes[] =
        "{\"contract\": \"C1-ANTH\", \"tenant\": \"anthropic\", \"tenant_name\": \"A\", "
        "\"site\": \"colossus-1\", \"currency\": \"USD\", \"invoice_series\": \"C1\", "
        "\"starts\": \"2026-11-10T00:00:00Z\", \"ends\": \"2029-11-10T00:00:00Z\", "
        "\"gpu\": [{\"class\": \"H100\", \"reserved\": 10, \"rate\": \"1.850000\", "
        "\"overage_rate\": \"2.4\"}, {\"class\": \"H200\", \"reserved\": 5, \"rate\": "
        "\"3.000000\", \"overage_rate\": \"4\"}], "
        "\"escalator\": {\"percent\": \"3.000000\", \"every_months\": 12}}";
    ldg_contract *c = contract_from_text(two_classes);
    ldg_terms t;

    (void)state;
    /* H100 re-priced at 2.000000 from 2027-06-01; H200 untouched. */
    assert_int_equal(
        amend(c,
              amendment("2027-06-01T00:00:00Z",
                        "\"gpu\": [{\"class\": \"H100\", \"reserved\": 20, "
                        "\"rate\": \"2.000000\", \"overage_rate\": \"2.5\"}]"),
              NULL),
        LDG_OK);
    /* 2027-06-01: H100 as stated 2.0 (not escalated: the 2027-11-10 step is later). */
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2027-06-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 2000000);
    assert_int_equal(t.gpu[LDG_GPU_H100].reserved, 20);
    assert_int_equal(t.gpu[LDG_GPU_H200].rate_micros, 3000000);
    /* 2027-11-10: both step once: 2.0 x 1.03 = 2.06; 3.0 x 1.03 = 3.09. */
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2027-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 2060000);
    assert_int_equal(t.gpu[LDG_GPU_H200].rate_micros, 3090000);
    /* An amendment effective exactly at an escalation instant is billed as stated there:
     * H200 at 3.500000 from 2028-11-10 (H100 steps: 2.06 x 1.03 = 2.1218). */
    assert_int_equal(amend(c,
                           amendment("2028-11-10T00:00:00Z",
                                     "\"gpu\": [{\"class\": \"H200\", \"reserved\": 5, "
                                     "\"rate\": \"3.500000\", \"overage_rate\": \"4\"}]"),
                           NULL),
                     LDG_OK);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2028-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.gpu[LDG_GPU_H200].rate_micros, 3500000);
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 2121800);
    ldg_contract_free(c);
}

static void test_contract_amendment_replaces_sections_whole(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_terms t;

    (void)state;
    assert_int_equal(
        amend(c,
              amendment("2027-01-01T00:00:00Z",
                        "\"energy\": {\"rate_per_mwh\": \"70\", \"pue\": "
                        "\"1.1\"}, \"sla\": {\"target\": \"99\", \"credits\": "
                        "[]}, \"minimum_monthly\": \"1000000.00\""),
              NULL),
        LDG_OK);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2026-12-31T23:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(t.energy.capacity_mw_micros, 300000000);
    assert_int_equal(t.minimum_monthly_micros, 0);
    assert_int_equal(ldg_contract_terms_at(&t, c, at("2027-01-01T00:00:00Z"), NULL),
                     LDG_OK);
    /* energy replaced whole: no capacity any more */
    assert_int_equal(t.energy.rate_per_mwh_micros, 70000000);
    assert_int_equal(t.energy.pue_micros, 1100000);
    assert_int_equal(t.energy.capacity_mw_micros, 0);
    assert_int_equal(t.sla.nbands, 0);
    assert_int_equal(t.minimum_monthly_micros, 1000000000000);
    /* gpu not listed: unchanged */
    assert_int_equal(t.gpu[LDG_GPU_H100].rate_micros, 1850000);
    ldg_contract_free(c);
}

static void test_contract_terms_json(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    json_t *j = NULL;
    char *s;

    (void)state;
    assert_int_equal(ldg_contract_terms_json(&j, c, at("2027-11-10T00:00:00Z"), NULL),
                     LDG_OK);
    s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(
        s,
        "{\"at\":\"2027-11-10T00:00:00Z\",\"contract\":\"C1-ANTH\",\"currency\":\"USD\","
        "\"ends\":\"2029-11-10T00:00:00Z\",\"energy\":{\"capacity_mw\":\"300.000000\","
        "\"capacity_rate_per_mw_month\":\"15450.000000\",\"pue\":\"1.250000\","
        "\"rate_per_mwh\":\"64.375000\"},\"gpu\":[{\"class\":\"H100\",\"overage_rate\":"
        "\"2.472000\",\"overage_tiers\":[{\"rate\":\"2.472000\",\"up_to\":"
        "\"500000.000000\"},{\"rate\":\"2.163000\"}],\"rate\":\"1.905500\",\"reserved\":"
        "100000}],\"minimum_monthly\":\"0.000000\",\"sla\":{\"credits\":[{\"below\":"
        "\"99.900000\",\"percent\":\"5.000000\"},{\"below\":\"99.000000\",\"percent\":"
        "\"10.000000\"}],\"target\":\"99.900000\"}}");
    free(s);
    json_decref(j);
    ldg_contract_free(c);
}

static void test_contract_boundaries_escalation_clamped(void **state)
{
    /* starts Jan 31: escalations every month on the 31st, clamped: Feb 28 (2027 is not
     * a leap year), Mar 31 (from starts, not from Feb 28), Apr 30. */
    static const char text[] =
        "{\"contract\": \"M1\", \"tenant\": \"t\", \"tenant_name\": \"T\", \"site\": "
        "\"s\","
        " \"currency\": \"USD\", \"invoice_series\": \"M1\", \"starts\": "
        "\"2027-01-31T00:00:00Z\", \"ends\": \"2027-05-15T00:00:00Z\", \"gpu\": [], "
        "\"escalator\": {\"percent\": \"1\", \"every_months\": 1}}";
    ldg_contract *c = contract_from_text(text);
    ldg_time *b = NULL;
    size_t n = 0;

    (void)state;
    assert_int_equal(ldg_contract_boundaries(&b, &n, c, at("2027-01-01T00:00:00Z"),
                                             at("2027-06-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(n, 5);
    assert_int_equal(b[0], at("2027-01-31T00:00:00Z")); /* starts */
    assert_int_equal(b[1], at("2027-02-28T00:00:00Z"));
    assert_int_equal(b[2], at("2027-03-31T00:00:00Z"));
    assert_int_equal(b[3], at("2027-04-30T00:00:00Z"));
    assert_int_equal(b[4], at("2027-05-15T00:00:00Z")); /* ends */
    free(b);
    /* Strictly inside (from, to): nothing in March 2027 but the Mar 31 step. */
    assert_int_equal(ldg_contract_boundaries(&b, &n, c, at("2027-03-01T00:00:00Z"),
                                             at("2027-04-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(b[0], at("2027-03-31T00:00:00Z"));
    free(b);
    ldg_contract_free(c);
}

static void test_contract_boundaries_amendments_deduplicated(void **state)
{
    ldg_contract *c = contract_from_text(C1_ANTH);
    ldg_time *b = NULL;
    size_t n = 0;

    (void)state;
    /* An amendment at the first escalation instant: one boundary, not two. */
    assert_int_equal(amend(c, amendment("2027-11-10T00:00:00Z", ""), NULL), LDG_OK);
    assert_int_equal(amend(c, amendment("2027-11-20T05:00:00Z", ""), NULL), LDG_OK);
    assert_int_equal(ldg_contract_boundaries(&b, &n, c, at("2027-11-01T00:00:00Z"),
                                             at("2027-12-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(b[0], at("2027-11-10T00:00:00Z"));
    assert_int_equal(b[1], at("2027-11-20T05:00:00Z"));
    free(b);
    assert_int_equal(ldg_contract_boundaries(&b, &n, c, at("2028-01-01T00:00:00Z"),
                                             at("2028-02-01T00:00:00Z"), NULL),
                     LDG_OK);
    assert_int_equal(n, 0);
    assert_null(b);
    ldg_contract_free(c);
}

static void test_contract_class_and_currency_tables(void **state)
{
    ldg_gpu_class cls = LDG_GPU_NONE;
    ldg_error err;

    (void)state;
    assert_string_equal(ldg_contract_class_name(LDG_GPU_H100), "H100");
    assert_string_equal(ldg_contract_class_name(LDG_GPU_H200), "H200");
    assert_string_equal(ldg_contract_class_name(LDG_GPU_GB200), "GB200");
    assert_null(ldg_contract_class_name(LDG_GPU_NONE));
    assert_int_equal(ldg_contract_class_parse(&cls, "GB200", NULL), LDG_OK);
    assert_int_equal(cls, LDG_GPU_GB200);
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_class_parse(&cls, "B200", &err), LDG_EINVAL);
    assert_string_equal(err.message, "unknown GPU class \"B200\" (no site declares it)");
    assert_int_equal(ldg_contract_currency_digits("USD"), 2);
    assert_int_equal(ldg_contract_currency_digits("EUR"), 2);
    assert_int_equal(ldg_contract_currency_digits("GBP"), 2);
    assert_int_equal(ldg_contract_currency_digits("CHF"), 2);
    assert_int_equal(ldg_contract_currency_digits("CAD"), 2);
    assert_int_equal(ldg_contract_currency_digits("AUD"), 2);
    assert_int_equal(ldg_contract_currency_digits("JPY"), 0);
    assert_int_equal(ldg_contract_currency_digits("BTC"), -1);
    assert_int_equal(ldg_contract_currency_digits(""), -1);
    assert_int_equal(ldg_contract_currency_digits(NULL), -1);
}

/* ---- billing terms (issue 9) ------------------------------------------------------- */

/* C1_ANTH with its billing terms: bill_to, purchase order, net 30, 7 % on three streams
 * (energy left out), and approval. */
static json_t *with_terms(void)
{
    json_t *j = load(C1_ANTH);

    json_object_set_new(
        j, "bill_to",
        load("{\"legal_name\": \"Anthropic PBC\", \"address\": [\"548 Market St\", "
             "\"San Francisco CA\"], \"country\": \"US\", \"tax_id\": \"00-1\", "
             "\"email\": \"ap@example.com\", \"payer_accounts\": "
             "[\"DE89370400440532013000\"]}"));
    json_object_set_new(j, "purchase_order", json_string("PO-1234"));
    json_object_set_new(j, "payment_terms", load("{\"net_days\": 30}"));
    json_object_set_new(
        j, "tax",
        load("[{\"category\": \"S\", \"name\": \"Tennessee sales tax\", \"percent\": "
             "\"7.000000\", \"streams\": [\"gpu_reserved\", \"gpu_overage\", "
             "\"power_capacity\"]}]"));
    json_object_set_new(j, "approval", json_string("required"));
    return j;
}

static void test_contract_billing_terms_parsed(void **state)
{
    ldg_contract_doc *d = doc_of(with_terms());
    const ldg_billing_terms *b = ldg_contract_doc_billing(d);

    (void)state;
    assert_non_null(b->bill_to_json);
    assert_string_equal(b->bill_to.legal_name, "Anthropic PBC");
    assert_int_equal(b->bill_to.naddress, 2);
    assert_string_equal(b->bill_to.address[1], "San Francisco CA");
    assert_string_equal(b->bill_to.country, "US");
    assert_string_equal(b->bill_to.tax_id, "00-1");
    assert_string_equal(b->bill_to.email, "ap@example.com");
    assert_int_equal(b->bill_to.npayer_accounts, 1);
    assert_string_equal(b->bill_to.payer_accounts[0], "DE89370400440532013000");
    assert_string_equal(b->purchase_order, "PO-1234");
    assert_true(b->has_net_days);
    assert_int_equal(b->net_days, 30);
    assert_true(b->has_tax);
    assert_int_equal(b->ntax, 1);
    assert_int_equal(b->tax[0].category, LDG_TAX_S);
    assert_string_equal(b->tax[0].name, "Tennessee sales tax");
    assert_int_equal(b->tax[0].percent_micros, 7000000);
    /* energy is left out of the entry */
    assert_int_equal(b->tax[0].streams, LDG_TAX_STREAM(LDG_STREAM_GPU_RESERVED) |
                                            LDG_TAX_STREAM(LDG_STREAM_GPU_OVERAGE) |
                                            LDG_TAX_STREAM(LDG_STREAM_POWER_CAPACITY));
    assert_null(b->tax[0].exemption_reason);
    assert_true(b->approval_required);
    ldg_contract_doc_free(d);
}

/* A document without them (DESIGN.md's sample as it was) states none of them. */
static void test_contract_billing_terms_absent(void **state)
{
    ldg_contract_doc *d = doc_of(load(C1_ANTH));
    const ldg_billing_terms *b = ldg_contract_doc_billing(d);

    (void)state;
    assert_null(b->bill_to_json);
    assert_null(b->purchase_order);
    assert_false(b->has_net_days);
    assert_int_equal(b->net_days, 0);
    assert_false(b->has_tax);
    assert_int_equal(b->ntax, 0);
    assert_false(b->approval_required);
    ldg_contract_doc_free(d);
}

static void test_contract_billing_terms_refused(void **state)
{
    json_t *j;

    (void)state;
    /* a stream in two entries: the message names both */
    j = with_terms();
    json_array_append_new(
        json_object_get(j, "tax"),
        load("{\"category\": \"S\", \"name\": \"City tax\", "
             "\"percent\": \"1.000000\", \"streams\": [\"gpu_overage\"]}"));
    expect_doc_error(
        j, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"tax\": stream \"gpu_overage\" is in tax "
        "entries \"Tennessee sales tax\" and \"City tax\"");
    /* "streams" absent means all four: with another entry, gpu_reserved is in both */
    j = with_terms();
    json_array_append_new(json_object_get(j, "tax"),
                          load("{\"category\": \"E\", \"name\": \"Exempt\", "
                               "\"percent\": \"0\", \"exemption_reason\": \"x\"}"));
    expect_doc_error_prefix(
        j, "contract \"C1-ANTH\": field \"tax\": stream \"gpu_reserved\"");
    /* AE without an exemption reason (BR-AE-5) */
    j = with_terms();
    json_object_set_new(
        j, "tax",
        load("[{\"category\": \"AE\", \"name\": \"VAT\", \"percent\": \"0\"}]"));
    expect_doc_error(j, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"tax\": tax[0]: category AE needs an "
                     "exemption_reason");
    j = with_terms();
    json_object_set_new(
        j, "tax", load("[{\"category\": \"X\", \"name\": \"VAT\", \"percent\": \"0\"}]"));
    expect_doc_error(
        j, LDG_EINVAL,
        "contract \"C1-ANTH\": field \"tax[0].category\": unknown tax category "
        "\"X\": expected S, Z, E, AE or O");
    j = with_terms();
    json_object_set_new(j, "payment_terms", load("{\"net_days\": 366}"));
    expect_doc_error(j, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"payment_terms.net_days\": must be an "
                     "integer 0..365");
    j = with_terms();
    json_object_set_new(json_object_get(j, "bill_to"), "country", json_string("USA"));
    expect_doc_error(j, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"bill_to.country\": must be an ISO "
                     "3166-1 alpha-2 code like \"US\"");
    j = with_terms();
    json_object_del(json_object_get(j, "bill_to"), "legal_name");
    expect_doc_error(j, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"bill_to.legal_name\": required field "
                     "missing");
    j = with_terms();
    json_object_set_new(json_object_get(j, "bill_to"), "fax", json_string("1"));
    expect_doc_error(j, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"bill_to.fax\": unknown field");
    j = with_terms();
    json_object_set_new(j, "approval", json_string("optional"));
    expect_doc_error(j, LDG_EINVAL,
                     "contract \"C1-ANTH\": field \"approval\": must be \"required\" or "
                     "\"none\"");
    j = with_terms();
    json_object_set_new(j, "purchase_order", json_string("PO\n1"));
    expect_doc_error_prefix(j, "contract \"C1-ANTH\": field \"purchase_order\": must be");
}

/* An amendment replaces each billing field whole from its effective instant. */
static void test_contract_billing_amendment_replaces_whole(void **state)
{
    json_t *
        base = with_terms(),
       *amend = load(
           "{\"contract\": \"C1-ANTH\", \"amends\": \"C1-ANTH\", \"effective\": "
           "\"2027-01-01T00:00:00Z\", \"tax\": [{\"category\": \"Z\", \"name\": "
           "\"Zero\", "
           "\"percent\": \"0\", \"streams\": [\"energy\"], \"exemption_reason\": \"r\"}],"
           " \"purchase_order\": \"PO-2\"}");
    const json_t *amends[1] = { amend };
    ldg_contract *c = NULL;
    ldg_billing_terms b;
    ldg_time at;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_contract_from_json(&c, base, amends, 1, &err), LDG_OK);
    assert_int_equal(ldg_time_parse_str(&at, "2026-12-31T23:00:00Z", NULL), LDG_OK);
    ldg_contract_billing_at(&b, c, at);
    assert_string_equal(b.purchase_order, "PO-1234");
    assert_int_equal(b.ntax, 1);
    assert_string_equal(b.tax[0].name, "Tennessee sales tax");
    assert_int_equal(ldg_time_parse_str(&at, "2027-01-01T00:00:00Z", NULL), LDG_OK);
    ldg_contract_billing_at(&b, c, at);
    assert_string_equal(b.purchase_order, "PO-2");
    /* the whole list replaced: the sales tax entry is gone, not merged */
    assert_int_equal(b.ntax, 1);
    assert_string_equal(b.tax[0].name, "Zero");
    assert_int_equal(b.tax[0].streams, LDG_TAX_STREAM(LDG_STREAM_ENERGY));
    /* what the amendment does not state stays */
    assert_int_equal(b.net_days, 30);
    assert_string_equal(b.bill_to.legal_name, "Anthropic PBC");
    assert_true(b.approval_required);
    ldg_contract_free(c);
    json_decref(base);
    json_decref(amend);
}

/* The test case document as it stood before issue 9 (no billing terms) and the sample
 * documents with them both load. */
static void test_contract_documents_with_and_without_terms_load(void **state)
{
    static const char *const files[] = { "cases/ledger/contract-C1-ANTH.json",
                                         "../sample/contract-anthropic.json",
                                         "../sample/contract-internal.json" };
    char path[512];

    (void)state;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        json_error_t je;
        json_t *j;
        ldg_contract_doc *d;

        snprintf(path, sizeof(path), "%s/../%s", LDG_VECTORS_DIR, files[i]);
        if (!(j = json_load_file(path, 0, &je)))
            fail_msg("%s: %s", path, je.text);
        d = doc_of(j); /* takes j */
        ldg_contract_doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contract_parse_sample_accessors),
        cmocka_unit_test(test_contract_parse_amendment_accessors),
        cmocka_unit_test(test_contract_reject_not_object),
        cmocka_unit_test(test_contract_reject_ends_before_starts),
        cmocka_unit_test(test_contract_reject_negative_rates),
        cmocka_unit_test(test_contract_reject_unknown_class),
        cmocka_unit_test(test_contract_sla_cap_and_maintenance),
        cmocka_unit_test(test_contract_reject_class_twice),
        cmocka_unit_test(test_contract_reject_tiers_not_ascending),
        cmocka_unit_test(test_contract_reject_tier_without_up_to_not_last),
        cmocka_unit_test(test_contract_reject_tier_up_to_zero),
        cmocka_unit_test(test_contract_accepts_bounded_last_tier),
        cmocka_unit_test(test_contract_reject_sla_bands_not_descending),
        cmocka_unit_test(test_contract_reject_percent_outside_0_100),
        cmocka_unit_test(test_contract_accepts_percent_bounds),
        cmocka_unit_test(
            test_contract_reject_sla_percent_more_than_4_significant_decimals),
        cmocka_unit_test(test_contract_reject_malformed_decimals),
        cmocka_unit_test(test_contract_reject_decimal_out_of_range),
        cmocka_unit_test(test_contract_reject_malformed_timestamps),
        cmocka_unit_test(test_contract_reject_instant_not_whole_hour),
        cmocka_unit_test(test_contract_reject_unknown_fields),
        cmocka_unit_test(test_contract_reject_missing_required_fields),
        cmocka_unit_test(test_contract_optional_sections_may_be_absent),
        cmocka_unit_test(test_contract_reject_unsupported_currency),
        cmocka_unit_test(test_contract_reject_wrong_types_and_ranges),
        cmocka_unit_test(test_contract_reject_amendment_shape),
        cmocka_unit_test(test_contract_amendment_identity_must_match),
        cmocka_unit_test(test_contract_amendment_identity_equal_is_fine),
        cmocka_unit_test(test_contract_amendment_effective_inside_term),
        cmocka_unit_test(test_contract_amendment_at_starts_is_fine),
        cmocka_unit_test(test_contract_amendment_for_other_contract),
        cmocka_unit_test(test_contract_amendment_loaded_twice_changes_nothing),
        cmocka_unit_test(test_contract_amendment_as_base_refused),
        cmocka_unit_test(test_contract_amendments_kept_in_effective_order),
        cmocka_unit_test(test_contract_amendment_changing_ends),
        cmocka_unit_test(test_contract_accessors),
        cmocka_unit_test(test_contract_terms_at_start),
        cmocka_unit_test(test_contract_terms_outside_term_refused),
        cmocka_unit_test(test_contract_escalation_steps),
        cmocka_unit_test(test_contract_escalation_rounds_each_step),
        cmocka_unit_test(test_contract_amended_rate_steps_only_after_effective),
        cmocka_unit_test(test_contract_amendment_replaces_sections_whole),
        cmocka_unit_test(test_contract_terms_json),
        cmocka_unit_test(test_contract_boundaries_escalation_clamped),
        cmocka_unit_test(test_contract_boundaries_amendments_deduplicated),
        cmocka_unit_test(test_contract_class_and_currency_tables),
        cmocka_unit_test(test_contract_billing_terms_parsed),
        cmocka_unit_test(test_contract_billing_terms_absent),
        cmocka_unit_test(test_contract_billing_terms_refused),
        cmocka_unit_test(test_contract_billing_amendment_replaces_whole),
        cmocka_unit_test(test_contract_documents_with_and_without_terms_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
