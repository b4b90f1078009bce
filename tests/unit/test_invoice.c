/*
 * Unit tests for ledger/invoice.c: the invoice document to and from JSON (DESIGN.md's
 * sample byte for byte), every strictness rule, the document rules of originals,
 * supplementary invoices and credit notes, and the difference of a re-rated period
 * against what was issued. Expected amounts are worked out by hand in the comments.
 *
 * JSON is written with single quotes; q() turns them into double quotes.
 */
#include "ledger/contract.h"
#include "ledger/fixed.h"
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

/* base64(SHA-256("")), a well-formed 32-byte root. */
#define ROOT "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

static char *dump(const json_t *j)
{
    char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);

    assert_non_null(s);
    return s;
}

/* A contract of base and at most one amendment (NULL: none). */
static ldg_contract *contract_with(const char *base, const char *amendment)
{
    return contract_of(base, &amendment, amendment ? 1 : 0);
}

static ldg_draft *rate_ok(const ldg_contract *c, const char *period, const ldg_usage *u,
                          size_t n)
{
    ldg_draft *d = NULL;
    ldg_period p;
    ldg_error err;

    assert_int_equal(ldg_period_parse(&p, period, NULL), LDG_OK);
    ldg_error_clear(&err);
    if (ldg_rate_period(&d, c, p, u, n, &err) != LDG_OK)
        fail_msg("rating: %s", err.message);
    return d;
}

static ldg_invoice *issue(const ldg_draft *d, ldg_invoice_kind kind, const char *number,
                          const char *amends)
{
    ldg_invoice_meta m = { kind,   number,  at("2026-12-01T02:00:00Z"),
                           amends, 3120000, ROOT,
                           NULL,   NULL };
    ldg_invoice *inv = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_invoice_new(&inv, d, &m, &err) != LDG_OK)
        fail_msg("invoice: %s", err.message);
    return inv;
}

/* C1-ANTH as in DESIGN.md but without energy and SLA, so that November 2026 has the
 * one line of DESIGN.md's invoice example. */
static const char C1_RESERVED_ONLY[] =
    "{'contract': 'C1-ANTH', 'tenant': 'anthropic', 'tenant_name': 'Anthropic PBC',"
    " 'site': 'colossus-1', 'currency': 'USD', 'invoice_series': 'C1',"
    " 'starts': '2026-11-10T00:00:00Z', 'ends': '2029-11-10T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 100000, 'rate': '1.850000',"
    "          'overage_rate': '2.400000'}],"
    " 'minimum_monthly': '0.00', 'escalator': {'percent': '3.000000', 'every_months': "
    "12}}";

/* DESIGN.md's invoice document (data), with a well-formed root. */
static const char SAMPLE[] =
    "{'number':'C1-2026-000001','contract':'C1-ANTH','period':'2026-11','currency':'USD',"
    " 'issued':'2026-12-01T02:00:00Z','amends':null,"
    " 'lines':[{'stream':'gpu_reserved','class':'H100','from':'2026-11-10T00:00:00Z',"
    "           "
    "'to':'2026-12-01T00:00:00Z','quantity':'50400000.000000','unit':'gpu_hour',"
    "           'rate':'1.850000','amount':'93240000.00'}],"
    " 'total':'93240000.00','rated_from':{'size':3120000,'root':'" ROOT "'}}";

static const char SAMPLE_CANONICAL[] =
    "{\"amends\":null,\"contract\":\"C1-ANTH\",\"currency\":\"USD\",\"issued\":"
    "\"2026-12-01T02:00:00Z\",\"lines\":[{\"amount\":\"93240000.00\",\"class\":\"H100\","
    "\"from\":\"2026-11-10T00:00:00Z\",\"quantity\":\"50400000.000000\",\"rate\":"
    "\"1.850000\",\"stream\":\"gpu_reserved\",\"to\":\"2026-12-01T00:00:00Z\",\"unit\":"
    "\"gpu_hour\"}],\"number\":\"C1-2026-000001\",\"period\":\"2026-11\",\"rated_from\":"
    "{\"root\":\"" ROOT "\",\"size\":3120000},\"total\":\"93240000.00\"}";

/* ---- to and from JSON ---------------------------------------------------------------
 */

static void test_invoice_design_sample_from_rating(void **state)
{
    ldg_contract *c = contract_with(C1_RESERVED_ONLY, NULL);
    ldg_draft *d = rate_ok(c, "2026-11", NULL, 0);
    ldg_invoice *inv = issue(d, LDG_INVOICE_KIND_INVOICE, "C1-2026-000001", NULL);
    json_t *j = NULL;
    char *s;

    (void)state;
    /* 100000 x 504 h = 50400000 GPU-h x 1.85 = 93240000.00: DESIGN.md's example. */
    assert_int_equal(ldg_invoice_to_json(&j, inv, NULL), LDG_OK);
    s = dump(j);
    assert_string_equal(s, SAMPLE_CANONICAL);
    free(s);
    json_decref(j);
    ldg_invoice_free(inv);
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_invoice_design_sample_round_trip(void **state)
{
    json_t *j = q(SAMPLE), *back = NULL;
    ldg_invoice *inv = NULL;
    const ldg_line *l;
    ldg_error err;
    char *s;

    (void)state;
    ldg_error_clear(&err);
    if (ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err) != LDG_OK)
        fail_msg("%s", err.message);
    assert_int_equal(ldg_invoice_kind_of(inv), LDG_INVOICE_KIND_INVOICE);
    assert_string_equal(ldg_invoice_number(inv), "C1-2026-000001");
    assert_string_equal(ldg_invoice_contract(inv), "C1-ANTH");
    assert_int_equal(ldg_invoice_period(inv).month, 11);
    assert_string_equal(ldg_invoice_currency(inv), "USD");
    assert_int_equal(ldg_invoice_issued(inv), at("2026-12-01T02:00:00Z"));
    assert_null(ldg_invoice_amends(inv));
    assert_int_equal(ldg_invoice_line_count(inv), 1);
    l = ldg_invoice_line(inv, 0);
    assert_int_equal(l->stream, LDG_STREAM_GPU_RESERVED);
    assert_int_equal(l->cls, LDG_GPU_H100);
    assert_int_equal(l->qty_micros, INT64_C(50400000000000));
    assert_int_equal(l->amount_micros, INT64_C(93240000000000));
    assert_int_equal(ldg_invoice_total(inv), INT64_C(93240000000000));
    assert_int_equal(ldg_invoice_rated_from_size(inv), 3120000);
    assert_string_equal(ldg_invoice_rated_from_root(inv), ROOT);
    assert_int_equal(ldg_rate_draft_line_count(ldg_invoice_draft(inv)), 1);
    assert_int_equal(ldg_invoice_to_json(&back, inv, NULL), LDG_OK);
    s = dump(back);
    assert_string_equal(s, SAMPLE_CANONICAL);
    free(s);
    json_decref(back);
    json_decref(j);
    ldg_invoice_free(inv);
}

static void test_invoice_class_null_for_energy_lines(void **state)
{
    static const char doc[] =
        "{'number':'R1-2026-000001','contract':'R1','period':'2026-11','currency':'USD',"
        " 'issued':'2026-12-01T02:00:00Z','amends':null,"
        " 'lines':[{'stream':'energy','class':null,'from':'2026-11-01T00:00:00Z',"
        "           'to':'2026-12-01T00:00:00Z','quantity':'6.000001','unit':'mwh',"
        "           'rate':'50.000000','amount':'300.00'}],"
        " 'total':'300.00','rated_from':{'size':0,'root':'" ROOT "'}}";
    json_t *j = q(doc), *back = NULL;
    ldg_invoice *inv = NULL;

    (void)state;
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, NULL),
                     LDG_OK);
    assert_int_equal(ldg_invoice_line(inv, 0)->cls, LDG_GPU_NONE);
    assert_int_equal(ldg_invoice_to_json(&back, inv, NULL), LDG_OK);
    assert_true(json_equal(j, back));
    json_decref(back);
    json_decref(j);
    ldg_invoice_free(inv);
}

static void test_invoice_jpy_amounts_have_no_decimals(void **state)
{
    static const char doc[] =
        "{'number':'J1-2026-000001','contract':'J1','period':'2026-11','currency':'JPY',"
        " 'issued':'2026-12-01T02:00:00Z','amends':null,"
        " 'lines':[{'stream':'gpu_overage','class':'H100','from':'2026-11-01T00:00:00Z',"
        "           'to':'2026-12-01T00:00:00Z','quantity':'1.000000','unit':'gpu_hour',"
        "           'rate':'100.500000','amount':'101'}],"
        " 'total':'101','rated_from':{'size':0,'root':'" ROOT "'}}";
    json_t *j = q(doc);
    ldg_invoice *inv = NULL;
    ldg_error err;

    (void)state;
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, NULL),
                     LDG_OK);
    assert_int_equal(ldg_invoice_total(inv), INT64_C(101000000));
    ldg_invoice_free(inv);
    json_object_set_new(json_array_get(json_object_get(j, "lines"), 0), "amount",
                        json_string("101.00"));
    json_object_set_new(j, "total", json_string("101.00"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "invoice \"J1-2026-000001\": field \"lines[0].amount\": "
                        "must be a decimal string with exactly 0 decimals, like "
                        "\"0\"");
    json_decref(j);
}

/* SAMPLE with one member of the top object (or of lines[0] when line is set) replaced
 * by value (NULL: removed), parsed as kind; expects message. */
static void expect_reject(bool line, const char *key, json_t *value,
                          ldg_invoice_kind kind, const char *message)
{
    json_t *j = q(SAMPLE),
           *obj = line ? json_array_get(json_object_get(j, "lines"), 0) : j;
    ldg_invoice *inv = (ldg_invoice *)1;
    ldg_error err;

    if (value)
        json_object_set_new(obj, key, value);
    else
        json_object_del(obj, key);
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, kind, &err), LDG_EINVAL);
    assert_null(inv);
    assert_string_equal(err.message, message);
    json_decref(j);
}

#define INV "invoice \"C1-2026-000001\": "

static void test_invoice_reject_numbers_not_canonical_strings(void **state)
{
    (void)state;
    expect_reject(true, "amount", json_real(93240000.0), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].amount\": must be a string");
    expect_reject(true, "amount", json_string("93240000.0"), LDG_INVOICE_KIND_INVOICE,
                  INV
                  "field \"lines[0].amount\": must be a decimal string with exactly 2 "
                  "decimals, like \"0.00\"");
    expect_reject(true, "amount", json_string("93240000.000"), LDG_INVOICE_KIND_INVOICE,
                  INV
                  "field \"lines[0].amount\": must be a decimal string with exactly 2 "
                  "decimals, like \"0.00\"");
    expect_reject(true, "amount", json_string("093240000.00"), LDG_INVOICE_KIND_INVOICE,
                  INV
                  "field \"lines[0].amount\": must be a decimal string with exactly 2 "
                  "decimals, like \"0.00\"");
    expect_reject(
        true, "quantity", json_string("50400000.00000"), LDG_INVOICE_KIND_INVOICE,
        INV "field \"lines[0].quantity\": must be a decimal string with exactly 6 "
            "decimals, like \"0.000000\"");
    expect_reject(true, "rate", json_string("1.85"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].rate\": must be a decimal string with exactly 6 "
                      "decimals, like \"0.000000\"");
    expect_reject(false, "total", json_string("-0.00"), LDG_INVOICE_KIND_INVOICE,
                  INV
                  "field \"total\": must be a decimal string with exactly 2 decimals, "
                  "like \"0.00\"");
    expect_reject(false, "total", json_string("93240000.01"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"total\": 93240000.01 is not the sum of the lines "
                      "(93240000.00)");
}

static void test_invoice_reject_unknown_and_missing_fields(void **state)
{
    (void)state;
    expect_reject(false, "kind", json_string("invoice"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"kind\": unknown field");
    expect_reject(false, "amends", NULL, LDG_INVOICE_KIND_INVOICE,
                  INV "field \"amends\": required field missing");
    expect_reject(false, "rated_from", NULL, LDG_INVOICE_KIND_INVOICE,
                  INV "field \"rated_from\": required field missing");
    expect_reject(true, "tier", json_integer(1), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].tier\": unknown field");
    expect_reject(true, "unit", NULL, LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].unit\": required field missing");
    expect_reject(false, "rated_from", q("{'size': 1}"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"rated_from.root\": required field missing");
    expect_reject(false, "rated_from", q("{'size': '1', 'root': '" ROOT "'}"),
                  LDG_INVOICE_KIND_INVOICE,
                  INV "field \"rated_from.size\": must be an integer");
}

static void test_invoice_reject_bad_values(void **state)
{
    (void)state;
    expect_reject(false, "currency", json_string("XYZ"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"currency\": currency \"XYZ\" not supported");
    expect_reject(
        false, "period", json_string("2026-13"), LDG_INVOICE_KIND_INVOICE,
        INV "field \"period\": invalid period \"2026-13\": month 13 is out of range "
            "01..12");
    expect_reject(false, "issued", json_string("2026-12-01T02:00:00.000Z"),
                  LDG_INVOICE_KIND_INVOICE,
                  INV "field \"issued\": must be written YYYY-MM-DDTHH:MM:SSZ");
    expect_reject(false, "number", json_string("C1-26-000001"), LDG_INVOICE_KIND_INVOICE,
                  "invoice \"C1-26-000001\": field \"number\": must be "
                  "<series>-<YYYY>-<NNNNNN>");
    expect_reject(false, "number", json_string("C1-2026-000000"),
                  LDG_INVOICE_KIND_INVOICE,
                  "invoice \"C1-2026-000000\": field \"number\": must be "
                  "<series>-<YYYY>-<NNNNNN>");
    expect_reject(false, "rated_from", q("{'size': 1, 'root': 'BASE64'}"),
                  LDG_INVOICE_KIND_INVOICE,
                  INV "field \"rated_from.root\": must be the base64 of a 32-byte hash");
    /* 'V' leaves a non-zero low bit after the 256th: not the encoding of 32 bytes */
    expect_reject(
        false, "rated_from",
        q("{'size': 1, 'root': '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV='}"),
        LDG_INVOICE_KIND_INVOICE,
        INV "field \"rated_from.root\": must be the base64 of a 32-byte hash");
    expect_reject(false, "rated_from", q("{'size': -1, 'root': '" ROOT "'}"),
                  LDG_INVOICE_KIND_INVOICE,
                  INV "field \"rated_from.size\": must be 0..2^53");
    expect_reject(true, "stream", json_string("gpu"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].stream\": unknown stream \"gpu\"");
    expect_reject(true, "class", json_string("A 100"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].class\": not a GPU class \"A 100\"");
    expect_reject(true, "class", json_null(), LDG_INVOICE_KIND_INVOICE,
                  INV
                  "field \"lines[0].class\": a GPU class is required for this stream");
    expect_reject(true, "unit", json_string("mwh"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"lines[0].unit\": a gpu_reserved line is in \"gpu_hour\"");
    expect_reject(
        true, "from", json_string("2026-12-01T00:00:00Z"), LDG_INVOICE_KIND_INVOICE,
        INV "field \"lines[0].to\": the line must cover a non-empty part of the "
            "period");
    expect_reject(
        true, "to", json_string("2026-12-01T01:00:00Z"), LDG_INVOICE_KIND_INVOICE,
        INV "field \"lines[0].to\": the line must cover a non-empty part of the "
            "period");
}

static void test_invoice_reject_class_on_classless_stream(void **state)
{
    json_t *j = q(SAMPLE), *l = json_array_get(json_object_get(j, "lines"), 0);
    ldg_invoice *inv = NULL;
    ldg_error err;

    (void)state;
    json_object_set_new(l, "stream", json_string("energy"));
    json_object_set_new(l, "unit", json_string("mwh"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        INV "field \"lines[0].class\": must be null for this stream");
    json_decref(j);
}

static void test_invoice_reject_duplicate_line_key(void **state)
{
    json_t *j = q(SAMPLE), *lines = json_object_get(j, "lines");
    ldg_invoice *inv = NULL;
    ldg_error err;

    (void)state;
    json_array_append_new(lines, json_deep_copy(json_array_get(lines, 0)));
    json_object_set_new(j, "total", json_string("186480000.00"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        INV "field \"lines[1]\": same stream, class, from, to, "
                            "unit and rate as lines[0]");
    json_decref(j);
}

static void test_invoice_reject_not_object(void **state)
{
    json_t *j = q("[]");
    ldg_invoice *inv = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "invoice document: must be a JSON object");
    json_decref(j);
}

/* ---- document rules -----------------------------------------------------------------
 */

static void test_invoice_credit_note_rules(void **state)
{
    (void)state;
    /* Without a number the document is named generically. */
    expect_reject(false, "number", NULL, LDG_INVOICE_KIND_CREDIT_NOTE,
                  "invoice document: field \"number\": required field missing");
    /* The sample is positive with no amends: not a credit note on two counts; the
     * missing amends is named first. */
    expect_reject(false, "amends", json_null(), LDG_INVOICE_KIND_CREDIT_NOTE,
                  INV "a credit note must name the invoice it amends");
    expect_reject(false, "amends", json_string("C1-2026-000002"),
                  LDG_INVOICE_KIND_CREDIT_NOTE,
                  INV "field \"lines[0].amount\": every line of a credit note must be "
                      "negative");
    expect_reject(false, "amends", json_string("C1-2026-000001"),
                  LDG_INVOICE_KIND_INVOICE, INV "field \"amends\": names itself");
    expect_reject(false, "amends", json_string("nope"), LDG_INVOICE_KIND_INVOICE,
                  INV "field \"amends\": must be an invoice number");
}

static void test_invoice_supplementary_rules(void **state)
{
    json_t *j = q(SAMPLE);
    ldg_invoice *inv = NULL;
    ldg_error err;

    (void)state;
    /* A positive supplementary invoice is fine. */
    json_object_set_new(j, "amends", json_string("C1-2025-000007"));
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, NULL),
                     LDG_OK);
    assert_string_equal(ldg_invoice_amends(inv), "C1-2025-000007");
    ldg_invoice_free(inv);
    /* With a negative line it is not. */
    json_object_set_new(json_array_get(json_object_get(j, "lines"), 0), "amount",
                        json_string("-1.00"));
    json_object_set_new(j, "total", json_string("-1.00"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, INV "field \"lines[0].amount\": every line of a "
                                         "supplementary invoice must be positive");
    /* And as a credit note it is. */
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_CREDIT_NOTE, NULL),
                     LDG_OK);
    assert_int_equal(ldg_invoice_kind_of(inv), LDG_INVOICE_KIND_CREDIT_NOTE);
    ldg_invoice_free(inv);
    /* Without lines neither is. */
    json_array_clear(json_object_get(j, "lines"));
    json_object_set_new(j, "total", json_string("0.00"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        INV "a supplementary invoice or credit note needs lines");
    json_decref(j);
}

static void test_invoice_new_checks_meta(void **state)
{
    ldg_contract *c = contract_with(C1_RESERVED_ONLY, NULL);
    ldg_draft *d = rate_ok(c, "2026-11", NULL, 0);
    ldg_invoice_meta m = {
        LDG_INVOICE_KIND_INVOICE, "C1-2026-00001", 0, NULL, 1, ROOT, NULL, NULL
    };
    ldg_invoice *inv = (ldg_invoice *)1;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_new(&inv, d, &m, &err), LDG_EINVAL);
    assert_null(inv);
    assert_string_equal(err.message,
                        "invoice \"C1-2026-00001\": field \"number\": must be "
                        "<series>-<YYYY>-<NNNNNN>");
    m.number = "C1-2026-000001";
    m.rated_from_size = (INT64_C(1) << 53) + 1;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_new(&inv, d, &m, &err), LDG_EINVAL);
    assert_string_equal(err.message, INV "field \"rated_from.size\": must be 0..2^53");
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* "approved_by" (docs/receivables.md "Approval") is one of the terms a new document
 * carries: written as given, read back, null read as NULL, refused when not one line. */
static void test_invoice_approved_by_round_trip(void **state)
{
    ldg_contract *c = contract_with(C1_RESERVED_ONLY, NULL);
    ldg_draft *d = rate_ok(c, "2026-11", NULL, 0);
    ldg_invoice_terms t = { 0, NULL, 0, NULL, NULL, "Alice Finance" };
    ldg_invoice_meta m = {
        LDG_INVOICE_KIND_INVOICE, "C1-2026-000001", 0, NULL, 1, ROOT, NULL, &t
    };
    ldg_invoice *inv = NULL, *back = NULL;
    json_t *j = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_new(&inv, d, &m, &err), LDG_OK);
    assert_int_equal(ldg_invoice_to_json(&j, inv, &err), LDG_OK);
    assert_string_equal(json_string_value(json_object_get(j, "approved_by")),
                        "Alice Finance");
    assert_int_equal(ldg_invoice_from_json(&back, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_OK);
    assert_string_equal(ldg_invoice_approved_by(back), "Alice Finance");
    ldg_invoice_free(back);
    json_object_set_new(j, "approved_by", json_null());
    assert_int_equal(ldg_invoice_from_json(&back, j, LDG_INVOICE_KIND_INVOICE, &err),
                     LDG_OK);
    assert_null(ldg_invoice_approved_by(back));
    ldg_invoice_free(back);
    json_decref(j);
    ldg_invoice_free(inv);
    t.approved_by = "Eve\nFinance";
    assert_int_equal(ldg_invoice_new(&inv, d, &m, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "approved_by must be one line"));
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

static void test_invoice_kind_names(void **state)
{
    ldg_invoice_kind k;

    (void)state;
    assert_string_equal(ldg_invoice_kind_name(LDG_INVOICE_KIND_INVOICE), "invoice");
    assert_string_equal(ldg_invoice_kind_name(LDG_INVOICE_KIND_CREDIT_NOTE),
                        "credit_note");
    assert_int_equal(ldg_invoice_kind_parse(&k, "credit_note", NULL), LDG_OK);
    assert_int_equal(k, LDG_INVOICE_KIND_CREDIT_NOTE);
    assert_int_equal(ldg_invoice_kind_parse(&k, "creditnote", NULL), LDG_EINVAL);
}

/* ---- differences --------------------------------------------------------------------
 */

/* The two-window contract of test_rate.c: W1 = [Nov 1, Nov 16) 10 GPUs at 2.00, tiers
 * 3.00 up to 100 then 2.50; W2 = [Nov 16, Dec 1) 20 GPUs at 1.90, tiers 2.80 up to 150
 * then 2.20; energy 50/MWh at PUE 1.2; 2 MW at 1000 per MW-month. */
#define R1_HEAD                                                                       \
    "{'contract': 'R1', 'tenant': 'acme', 'tenant_name': 'Acme', 'site': 's1',"       \
    " 'currency': 'USD', 'invoice_series': 'R1', 'starts': '2026-11-01T00:00:00Z',"   \
    " 'ends': '2027-11-01T00:00:00Z',"                                                \
    " 'gpu': [{'class': 'H100', 'reserved': 10, 'rate': '2.000000', 'overage_rate': " \
    "'3.000000', 'overage_tiers': [{'up_to': '100', 'rate': '3.000000'}, {'rate': "   \
    "'2.500000'}]}],"                                                                 \
    " 'energy': {'rate_per_mwh': '50', 'pue': '1.2', 'capacity_mw': '2', "            \
    "'capacity_rate_per_mw_month': '1000'},"
static const char R1[] = R1_HEAD " 'minimum_monthly': '0'}";
static const char R1_MIN50000[] = R1_HEAD " 'minimum_monthly': '50000'}";
static const char R1_A1[] =
    "{'contract': 'R1', 'amends': 'R1', 'effective': '2026-11-16T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 20, 'rate': '1.900000', 'overage_rate': "
    "'2.800000', 'overage_tiers': [{'up_to': '150', 'rate': '2.800000'}, {'rate': "
    "'2.200000'}]}]}";

#define NOV1  "2026-11-01T00:00:00Z"
#define NOV16 "2026-11-16T00:00:00Z"
#define DEC1  "2026-12-01T00:00:00Z"

/* Rates R1 + A1 for November with W2 GPU use w2 and W1 energy e. */
static ldg_draft *rate_r1(const ldg_contract *c, const char *w2, const char *e)
{
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV1, NOV16, "3680"),
        item(LDG_USAGE_GPU, LDG_GPU_H100, NOV16, DEC1, w2),
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, NOV1, "2026-11-01T10:00:00Z", e),
    };

    return rate_ok(c, "2026-11", u, 3);
}

static void expect_diff_line(const ldg_draft *d, size_t i, ldg_stream s, const char *from,
                             const char *qty, const char *rate, const char *amount)
{
    char b1[LDG_FIXED_BUFLEN], b2[LDG_FIXED_BUFLEN], b3[LDG_FIXED_BUFLEN];
    const ldg_line *l;

    assert_true(i < ldg_rate_draft_line_count(d));
    l = ldg_rate_draft_line(d, i);
    assert_int_equal(l->stream, s);
    assert_int_equal(l->from, at(from));
    assert_string_equal(ldg_fixed_format(b1, l->qty_micros, 6), qty);
    assert_string_equal(ldg_fixed_format(b2, l->rate_micros, 6), rate);
    assert_string_equal(ldg_fixed_format(b3, l->amount_micros, 2), amount);
}

static void expect_draft_total(const ldg_draft *d, size_t n, const char *total)
{
    char b[LDG_FIXED_BUFLEN];

    assert_non_null(d);
    assert_int_equal(ldg_rate_draft_line_count(d), n);
    assert_string_equal(ldg_fixed_format(b, ldg_rate_draft_total(d), 2), total);
}

static void test_invoice_diff_rise_and_fall_then_nothing_then_reversal(void **state)
{
    ldg_contract *c = contract_with(R1, R1_A1);
    ldg_draft *d0 = rate_r1(c, "7300", "100"), *d1, *d2, *supp = NULL, *credit = NULL;
    ldg_invoice *i0, *i1, *i2;
    const ldg_invoice *issued[3];
    json_t *j = NULL;
    char *s;

    (void)state;
    /* Original: as in test_rate.c, total 29382.00. */
    i0 = issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000001", NULL);
    issued[0] = i0;
    /* Late usage: W2 uses 7400 (overage 200: cumulative [80, 280): 70 at 2.80 as before,
     * 130 at 2.20 = 286.00, was 30 = 66.00: +100 GPU-h, +220.00); a correction takes W1
     * energy to 90 MWh (108 MWh x 50 = 5400.00, was 120 = 6000.00: -12 MWh, -600.00). */
    d1 = rate_r1(c, "7400", "90");
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d1, issued, 1, NULL), LDG_OK);
    expect_draft_total(supp, 1, "220.00");
    expect_diff_line(supp, 0, LDG_STREAM_GPU_OVERAGE, NOV16, "100.000000", "2.200000",
                     "220.00");
    expect_draft_total(credit, 1, "-600.00");
    expect_diff_line(credit, 0, LDG_STREAM_ENERGY, NOV1, "-12.000000", "50.000000",
                     "-600.00");
    /* Issued as a supplementary invoice and a credit note, both amending the original. */
    i1 = issue(supp, LDG_INVOICE_KIND_INVOICE, "R1-2026-000002", "R1-2026-000001");
    i2 = issue(credit, LDG_INVOICE_KIND_CREDIT_NOTE, "R1-2026-000003", "R1-2026-000001");
    assert_int_equal(ldg_invoice_to_json(&j, i2, NULL), LDG_OK);
    s = dump(j);
    assert_string_equal(
        s,
        "{\"amends\":\"R1-2026-000001\",\"contract\":\"R1\",\"currency\":\"USD\","
        "\"issued\":\"2026-12-01T02:00:00Z\",\"lines\":[{\"amount\":\"-600.00\","
        "\"class\":null,\"from\":\"2026-11-01T00:00:00Z\",\"quantity\":\"-12.000000\","
        "\"rate\":\"50.000000\",\"stream\":\"energy\",\"to\":\"2026-11-16T00:00:00Z\","
        "\"unit\":\"mwh\"}],\"number\":\"R1-2026-000003\",\"period\":\"2026-11\","
        "\"rated_from\":{\"root\":\"" ROOT "\",\"size\":3120000},\"total\":\"-600.00\"}");
    free(s);
    json_decref(j);
    ldg_rate_draft_free(supp);
    ldg_rate_draft_free(credit);
    /* Re-rating the same usage again: nothing changed, nothing to issue (any order). */
    issued[0] = i2;
    issued[1] = i0;
    issued[2] = i1;
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d1, issued, 3, NULL), LDG_OK);
    assert_null(supp);
    assert_null(credit);
    /* W2 back down to 7250: overage 50, cumulative [80, 130) all at 2.80 = 140.00.
     * Issued so far under 2.80: 70 / 196.00 -> -20, -56.00. Under 2.20: 30 + 100 = 130
     * / 66 + 220 = 286.00, gone now -> -130, -286.00 (a vanished key comes last).
     * Energy stays at 90: nothing. */
    d2 = rate_r1(c, "7250", "90");
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d2, issued, 3, NULL), LDG_OK);
    assert_null(supp);
    expect_draft_total(credit, 2, "-342.00");
    expect_diff_line(credit, 0, LDG_STREAM_GPU_OVERAGE, NOV16, "-20.000000", "2.800000",
                     "-56.00");
    expect_diff_line(credit, 1, LDG_STREAM_GPU_OVERAGE, NOV16, "-130.000000", "2.200000",
                     "-286.00");
    ldg_rate_draft_free(credit);
    ldg_rate_draft_free(d0);
    ldg_rate_draft_free(d1);
    ldg_rate_draft_free(d2);
    ldg_invoice_free(i0);
    ldg_invoice_free(i1);
    ldg_invoice_free(i2);
    ldg_contract_free(c);
}

static void test_invoice_diff_true_up_reversed_and_reissued(void **state)
{
    ldg_contract *c = contract_with(R1_MIN50000, R1_A1);
    ldg_draft *d0 = rate_r1(c, "7300", "100"), *d1, *supp = NULL, *credit = NULL;
    ldg_invoice *i0 = issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000001", NULL);
    const ldg_invoice *issued[1] = { i0 };

    (void)state;
    /* Original true-up 50000 - 29382 = 20618.00. After the changes above the lines sum
     * to 29382 + 220 - 600 = 29002: true-up 20998.00. The true-up's rate is its amount,
     * so its key changes: the old line is reversed and the new one issued. */
    d1 = rate_r1(c, "7400", "90");
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d1, issued, 1, NULL), LDG_OK);
    expect_draft_total(supp, 2, "21218.00");
    expect_diff_line(supp, 0, LDG_STREAM_GPU_OVERAGE, NOV16, "100.000000", "2.200000",
                     "220.00");
    expect_diff_line(supp, 1, LDG_STREAM_COMMITMENT_TRUE_UP, NOV1, "1.000000",
                     "20998.000000", "20998.00");
    expect_draft_total(credit, 2, "-21218.00");
    expect_diff_line(credit, 0, LDG_STREAM_ENERGY, NOV1, "-12.000000", "50.000000",
                     "-600.00");
    expect_diff_line(credit, 1, LDG_STREAM_COMMITMENT_TRUE_UP, NOV1, "-1.000000",
                     "20618.000000", "-20618.00");
    ldg_rate_draft_free(supp);
    ldg_rate_draft_free(credit);
    ldg_rate_draft_free(d0);
    ldg_rate_draft_free(d1);
    ldg_invoice_free(i0);
    ldg_contract_free(c);
}

static void test_invoice_diff_quantity_without_money_is_not_issued(void **state)
{
    ldg_contract *c = contract_with(R1, R1_A1);
    ldg_draft *d0 = rate_r1(c, "7300", "100"), *d1, *supp = NULL, *credit = NULL;
    ldg_invoice *i0 = issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000001", NULL);
    const ldg_invoice *issued[1] = { i0 };

    (void)state;
    /* 1 Wh more: 120.0000012 -> 120.000001 MWh (+0.000001), but 6000.00006 -> 6000.00:
     * no money moves, so no document. */
    d1 = rate_r1(c, "7300", "100.000001");
    assert_int_equal(ldg_rate_draft_line(d1, 5)->qty_micros, INT64_C(120000001));
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d1, issued, 1, NULL), LDG_OK);
    assert_null(supp);
    assert_null(credit);
    ldg_rate_draft_free(d0);
    ldg_rate_draft_free(d1);
    ldg_invoice_free(i0);
    ldg_contract_free(c);
}

/* DESIGN.md's sample contract, as in docs/billing.md. */
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
    " 'sla': {'target': '99.900000', 'credits': [{'below': '99.900000', 'percent': '5'},"
    " {'below': '99.000000', 'percent': '10'}]},"
    " 'minimum_monthly': '0.00', 'escalator': {'percent': '3.000000', 'every_months': "
    "12}}";

static void test_invoice_diff_worked_example_of_docs(void **state)
{
    ldg_contract *c = contract_with(C1_ANTH, NULL);
    ldg_usage u[] = {
        item(LDG_USAGE_GPU, LDG_GPU_H100, "2026-11-10T00:00:00Z", DEC1, "52000000"),
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2026-11-10T00:00:00Z", DEC1, "35280.5"),
        item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, "2026-11-10T00:00:00Z", DEC1, "60480"),
        /* December's news: 100 MWh more, downtime corrected to 40000 */
        item(LDG_USAGE_ENERGY, LDG_GPU_NONE, "2026-11-20T00:00:00Z",
             "2026-11-21T00:00:00Z", "100"),
        item(LDG_USAGE_DOWNTIME, LDG_GPU_H100, "2026-11-10T00:00:00Z", DEC1, "-20480"),
    };
    ldg_draft *d0 = rate_ok(c, "2026-11", u, 3), *d1 = rate_ok(c, "2026-11", u, 5);
    ldg_draft *supp = NULL, *credit = NULL;
    ldg_invoice *i0 = issue(d0, LDG_INVOICE_KIND_INVOICE, "C1-2026-000001", NULL);
    const ldg_invoice *issued[1] = { i0 };

    (void)state;
    expect_draft_total(d0, 6, "97994289.06");
    /* energy 35380.5 x 1.25 = 44225.625 MWh x 62.5 = 2764101.5625 -> 2764101.56:
     * +125 MWh, +7812.50. Availability 100 x (1 - 40000 / 50400000) = 99.92: the
     * 5% credit is reversed: quantity -93240000, rate -0.05, amount +4662000.00. */
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d1, issued, 1, NULL), LDG_OK);
    assert_null(credit);
    expect_draft_total(supp, 2, "4669812.50");
    expect_diff_line(supp, 0, LDG_STREAM_ENERGY, "2026-11-10T00:00:00Z", "125.000000",
                     "62.500000", "7812.50");
    expect_diff_line(supp, 1, LDG_STREAM_SLA_CREDIT, "2026-11-10T00:00:00Z",
                     "-93240000.000000", "-0.050000", "4662000.00");
    ldg_rate_draft_free(supp);
    ldg_rate_draft_free(d0);
    ldg_rate_draft_free(d1);
    ldg_invoice_free(i0);
    ldg_contract_free(c);
}

static void test_invoice_diff_rejects_wrong_documents(void **state)
{
    ldg_contract *c = contract_with(R1, R1_A1),
                 *c2 = contract_with(C1_RESERVED_ONLY, NULL);
    ldg_draft *d0 = rate_r1(c, "7300", "100"),
              *dec_draft = rate_ok(c, "2026-12", NULL, 0);
    ldg_draft *other = rate_ok(c2, "2026-11", NULL, 0), *supp = NULL, *credit = NULL;
    ldg_invoice *i0 = issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000001", NULL);
    ldg_invoice *i0b = issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000009", NULL);
    ldg_invoice *i1 =
        issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000002", "R1-2026-000001");
    ldg_invoice *i1x =
        issue(d0, LDG_INVOICE_KIND_INVOICE, "R1-2026-000003", "R1-2026-000008");
    const ldg_invoice *issued[2];
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d0, issued, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "nothing was issued for contract \"R1\" period 2026-11: "
                        "issue an invoice, not a difference");
    issued[0] = i1;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d0, issued, 1, &err), LDG_EINVAL);
    assert_string_equal(
        err.message, "the original invoice of contract \"R1\" period 2026-11 is missing");
    issued[0] = i0;
    issued[1] = i0b;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d0, issued, 2, &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "invoice \"R1-2026-000009\": a period has one original invoice");
    issued[1] = i1x;
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_diff(&supp, &credit, d0, issued, 2, &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "invoice \"R1-2026-000003\" amends \"R1-2026-000008\", "
                        "not the original \"R1-2026-000001\"");
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_diff(&supp, &credit, dec_draft, issued, 1, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "invoice \"R1-2026-000001\" is not for contract \"R1\" "
                        "period 2026-12 in USD");
    ldg_error_clear(&err);
    assert_int_equal(ldg_invoice_diff(&supp, &credit, other, issued, 1, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "invoice \"R1-2026-000001\" is not for contract "
                                     "\"C1-ANTH\" period 2026-11 in USD");
    assert_null(supp);
    assert_null(credit);
    ldg_invoice_free(i0);
    ldg_invoice_free(i0b);
    ldg_invoice_free(i1);
    ldg_invoice_free(i1x);
    ldg_rate_draft_free(d0);
    ldg_rate_draft_free(dec_draft);
    ldg_rate_draft_free(other);
    ldg_contract_free(c);
    ldg_contract_free(c2);
}

/* ---- documents with terms (issue 9) -------------------------------------------------
 */

/* DESIGN.md's invoice issued with terms: 7 % sales tax on 93,240,000.00 = 6,526,800.00;
 * total 93,240,000.00 + 6,526,800.00 = 99,766,800.00; net 30 from 2026-12-01: due
 * 2026-12-31 (day 20818 since 1970-01-01). */
static ldg_invoice *issue_with_terms(const ldg_draft *d, const json_t *bill_to)
{
    static const ldg_invoice_tax tax[1] = { { LDG_TAX_S, "Tennessee sales tax", 7000000,
                                              INT64_C(93240000000000),
                                              INT64_C(6526800000000) } };
    ldg_invoice_terms t = { 1, tax, 20818, bill_to, "PO-1234", NULL };
    ldg_invoice_meta m = { LDG_INVOICE_KIND_INVOICE,
                           "C1-2026-000001",
                           at("2026-12-01T02:00:00Z"),
                           NULL,
                           3120000,
                           ROOT,
                           NULL,
                           &t };
    ldg_invoice *inv = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_invoice_new(&inv, d, &m, &err) != LDG_OK)
        fail_msg("invoice: %s", err.message);
    return inv;
}

static const char TERMS_CANONICAL[] =
    "{\"amends\":null,\"approved_by\":null,\"bill_to\":{\"address\":[\"548 Market St\"],"
    "\"country\":\"US\",\"legal_name\":\"Anthropic PBC\"},\"contract\":\"C1-ANTH\","
    "\"currency\":\"USD\",\"due\":\"2026-12-31\",\"issued\":\"2026-12-01T02:00:00Z\","
    "\"lines\":[{\"amount\":\"93240000.00\",\"class\":\"H100\",\"from\":"
    "\"2026-11-10T00:00:00Z\",\"quantity\":\"50400000.000000\",\"rate\":\"1.850000\","
    "\"stream\":\"gpu_reserved\",\"to\":\"2026-12-01T00:00:00Z\",\"unit\":\"gpu_hour\"}],"
    "\"net\":\"93240000.00\",\"number\":\"C1-2026-000001\",\"period\":\"2026-11\","
    "\"purchase_order\":\"PO-1234\",\"rated_from\":{\"root\":\"" ROOT
    "\",\"size\":3120000},"
    "\"tax\":[{\"amount\":\"6526800.00\",\"category\":\"S\",\"name\":\"Tennessee sales "
    "tax\",\"percent\":\"7.000000\",\"taxable\":\"93240000.00\"}],\"total\":"
    "\"99766800.00\"}";

static void test_invoice_terms_round_trip(void **state)
{
    ldg_contract *c = contract_with(C1_RESERVED_ONLY, NULL);
    ldg_draft *d = rate_ok(c, "2026-11", NULL, 0);
    json_t *bill_to = q("{'legal_name': 'Anthropic PBC', 'address': ['548 Market St'],"
                        " 'country': 'US'}");
    ldg_invoice *inv = issue_with_terms(d, bill_to), *back = NULL;
    const ldg_invoice_terms *t;
    json_t *j = NULL, *j2 = NULL;
    ldg_error err;
    char *s, *s2;

    (void)state;
    assert_int_equal(ldg_invoice_net(inv), INT64_C(93240000000000));
    assert_int_equal(ldg_invoice_tax_total(inv), INT64_C(6526800000000));
    assert_int_equal(ldg_invoice_total(inv), INT64_C(99766800000000));
    assert_int_equal(ldg_invoice_due_day(inv), 20818);
    assert_int_equal(ldg_invoice_to_json(&j, inv, NULL), LDG_OK);
    s = dump(j);
    assert_string_equal(s, TERMS_CANONICAL);
    /* and back: the same document, the same bytes */
    ldg_error_clear(&err);
    if (ldg_invoice_from_json(&back, j, LDG_INVOICE_KIND_INVOICE, &err) != LDG_OK)
        fail_msg("%s", err.message);
    t = ldg_invoice_terms_of(back);
    assert_non_null(t);
    assert_int_equal(t->ntax, 1);
    assert_string_equal(t->tax[0].name, "Tennessee sales tax");
    assert_int_equal(t->tax[0].amount_micros, INT64_C(6526800000000));
    assert_string_equal(t->purchase_order, "PO-1234");
    assert_null(t->approved_by);
    assert_int_equal(ldg_invoice_total(back), INT64_C(99766800000000));
    assert_int_equal(ldg_invoice_to_json(&j2, back, NULL), LDG_OK);
    s2 = dump(j2);
    assert_string_equal(s2, s);
    free(s);
    free(s2);
    json_decref(j);
    json_decref(j2);
    json_decref(bill_to);
    ldg_invoice_free(inv);
    ldg_invoice_free(back);
    ldg_rate_draft_free(d);
    ldg_contract_free(c);
}

/* An older document reads as net = total, no tax, due on the issue date. */
static void test_invoice_older_form_has_no_terms(void **state)
{
    json_t *j = q(SAMPLE);
    ldg_invoice *inv = NULL;

    (void)state;
    assert_int_equal(ldg_invoice_from_json(&inv, j, LDG_INVOICE_KIND_INVOICE, NULL),
                     LDG_OK);
    assert_null(ldg_invoice_terms_of(inv));
    assert_int_equal(ldg_invoice_net(inv), ldg_invoice_total(inv));
    assert_int_equal(ldg_invoice_tax_total(inv), 0);
    /* issued 2026-12-01T02:00Z: day 20788 */
    assert_int_equal(ldg_invoice_due_day(inv), 20788);
    json_decref(j);
    ldg_invoice_free(inv);
}

/* TERMS_CANONICAL with member key set to v (NULL: removed) must be refused with msg. */
static void expect_terms_reject(const char *key, json_t *v, ldg_invoice_kind kind,
                                const char *msg)
{
    json_t *j = json_loads(TERMS_CANONICAL, 0, NULL);
    ldg_invoice *inv = (ldg_invoice *)1;
    ldg_error err;

    assert_non_null(j);
    if (v)
        json_object_set_new(j, key, v);
    else
        json_object_del(j, key);
    ldg_error_clear(&err);
    assert_int_not_equal(ldg_invoice_from_json(&inv, j, kind, &err), LDG_OK);
    assert_null(inv);
    assert_string_equal(err.message, msg);
    json_decref(j);
}

static void test_invoice_terms_rejected(void **state)
{
    (void)state;
    expect_terms_reject("total", json_string("93240000.00"), LDG_INVOICE_KIND_INVOICE,
                        INV "field \"total\": 93240000.00 is not net plus the tax "
                            "(99766800.00)");
    expect_terms_reject("net", json_string("1.00"), LDG_INVOICE_KIND_INVOICE,
                        INV "field \"net\": 1.00 is not the sum of the lines "
                            "(93240000.00)");
    expect_terms_reject("due", NULL, LDG_INVOICE_KIND_INVOICE,
                        INV "field \"due\": required field missing");
    expect_terms_reject("due", json_string("2026-11-30"), LDG_INVOICE_KIND_INVOICE,
                        INV "field \"due\": before the issue date");
    expect_terms_reject("tax",
                        q("[{'category': 'S', 'name': 'T', 'percent': '7.000000',"
                          " 'taxable': '1.00', 'amount': '0.070'}]"),
                        LDG_INVOICE_KIND_INVOICE,
                        INV "field \"tax[0].amount\": must be a decimal string with "
                            "exactly 2 decimals, like \"0.00\"");
    expect_terms_reject("tax",
                        q("[{'category': 'Q', 'name': 'T', 'percent': '7.000000',"
                          " 'taxable': '1.00', 'amount': '0.07'}]"),
                        LDG_INVOICE_KIND_INVOICE,
                        INV "field \"tax[0].category\": unknown tax category \"Q\"");
    expect_terms_reject("bill_to", q("{'legal_name': 'X'}"), LDG_INVOICE_KIND_INVOICE,
                        INV "field \"bill_to.address\": must be an array of 1 to 8 "
                            "strings");
    expect_terms_reject("approved_by", json_integer(1), LDG_INVOICE_KIND_INVOICE,
                        INV "field \"approved_by\": must be a string");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_invoice_design_sample_from_rating),
        cmocka_unit_test(test_invoice_design_sample_round_trip),
        cmocka_unit_test(test_invoice_terms_round_trip),
        cmocka_unit_test(test_invoice_older_form_has_no_terms),
        cmocka_unit_test(test_invoice_terms_rejected),
        cmocka_unit_test(test_invoice_class_null_for_energy_lines),
        cmocka_unit_test(test_invoice_jpy_amounts_have_no_decimals),
        cmocka_unit_test(test_invoice_reject_numbers_not_canonical_strings),
        cmocka_unit_test(test_invoice_reject_unknown_and_missing_fields),
        cmocka_unit_test(test_invoice_reject_bad_values),
        cmocka_unit_test(test_invoice_reject_class_on_classless_stream),
        cmocka_unit_test(test_invoice_reject_duplicate_line_key),
        cmocka_unit_test(test_invoice_reject_not_object),
        cmocka_unit_test(test_invoice_credit_note_rules),
        cmocka_unit_test(test_invoice_supplementary_rules),
        cmocka_unit_test(test_invoice_new_checks_meta),
        cmocka_unit_test(test_invoice_kind_names),
        cmocka_unit_test(test_invoice_diff_rise_and_fall_then_nothing_then_reversal),
        cmocka_unit_test(test_invoice_diff_true_up_reversed_and_reissued),
        cmocka_unit_test(test_invoice_diff_quantity_without_money_is_not_issued),
        cmocka_unit_test(test_invoice_diff_worked_example_of_docs),
        cmocka_unit_test(test_invoice_diff_rejects_wrong_documents),
        cmocka_unit_test(test_invoice_approved_by_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
