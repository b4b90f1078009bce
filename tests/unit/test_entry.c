/*
 * Canonical entry encoding: the hand-written usage encoder must produce exactly the
 * bytes RFC 8785 gives for the same entry built with Jansson, for every field shape
 * (class or none, correction or not, escapes, non-ASCII), and the leaf hash is
 * SHA-256(0x00 || bytes).
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/entry.h"
#include "ledger/jcs.h"
#include "ledger/merkle.h"

static void assert_matches_jcs(const ldg_record *r, int64_t seq)
{
    ldg_buf fast = { 0 }, slow = { 0 };
    ldg_error err;
    json_t *j = ldg_entry_record_json(r, seq);

    ldg_error_clear(&err);
    assert_non_null(j);
    assert_int_equal(ldg_entry_record_bytes(&fast, r, seq, &err), LDG_OK);
    assert_int_equal(ldg_jcs_serialize(&slow, j, &err), LDG_OK);
    assert_int_equal(fast.len, slow.len);
    assert_memory_equal(fast.data, slow.data, fast.len);
    json_decref(j);
    ldg_buf_cleanup(&fast);
    ldg_buf_cleanup(&slow);
}

static void test_entry_gpu_record_exact_bytes(void **state)
{
    ldg_record r = { .tenant = "anthropic",
                     .site = "colossus-1",
                     .meter = "pod-0001",
                     .event_id = "pod-0001/2026-11-10T00",
                     .kind = LDG_KIND_GPU,
                     .cls = LDG_CLASS_H100,
                     .start = 1794268800,
                     .end = 1794272400,
                     .qty_micros = 1000000000 };
    ldg_buf b = { 0 };
    const char *want =
        "{\"data\":{\"class\":\"H100\",\"end\":\"2026-11-10T01:00:00Z\","
        "\"event_id\":\"pod-0001/2026-11-10T00\",\"kind\":\"gpu\",\"meter\":\"pod-0001\","
        "\"quantity\":\"1000.000000\",\"site\":\"colossus-1\","
        "\"start\":\"2026-11-10T00:00:00Z\",\"unit\":\"gpu_hour\"},\"kind\":\"usage\","
        "\"seq\":7,\"tenant\":\"anthropic\",\"v\":1}";

    (void)state;
    assert_int_equal(ldg_entry_record_bytes(&b, &r, 7, NULL), LDG_OK);
    assert_string_equal(b.data, want);
    ldg_buf_cleanup(&b);
    assert_matches_jcs(&r, 7);
}

static void test_entry_energy_has_no_class(void **state)
{
    ldg_record r = { .tenant = "t",
                     .site = "s",
                     .meter = "hall-A",
                     .event_id = "e",
                     .kind = LDG_KIND_ENERGY,
                     .cls = LDG_CLASS_NONE,
                     .start = 0,
                     .end = 3600,
                     .qty_micros = 11200000 };
    ldg_buf b = { 0 };

    (void)state;
    assert_int_equal(ldg_entry_record_bytes(&b, &r, 0, NULL), LDG_OK);
    assert_null(strstr(b.data, "\"class\""));
    assert_non_null(strstr(b.data, "\"quantity\":\"11.200000\""));
    assert_non_null(strstr(b.data, "\"unit\":\"mwh\""));
    ldg_buf_cleanup(&b);
    assert_matches_jcs(&r, 0);
}

static void test_entry_correction_and_escapes_match_jcs(void **state)
{
    ldg_record r = { .tenant = "t\xc3\xa9nant",
                     .site = "s\\1",
                     .meter = "m\"q",
                     .event_id = "ev/\xe2\x82\xac",
                     .corrects = "orig\\\"",
                     .kind = LDG_KIND_DOWNTIME,
                     .cls = LDG_CLASS_GB200,
                     .start = 86400,
                     .end = 90000,
                     .qty_micros = -1500000 };

    (void)state;
    assert_matches_jcs(&r, 123456789012LL);
}

static void test_entry_doc_bytes_sorted(void **state)
{
    json_t *data = json_pack("{s:s, s:s}", "number", "C1-2026-000001", "amends", "x");
    ldg_buf b = { 0 };

    (void)state;
    assert_int_equal(ldg_entry_doc_bytes(&b, "anthropic", 3, "invoice", data, NULL),
                     LDG_OK);
    assert_string_equal(
        b.data, "{\"data\":{\"amends\":\"x\",\"number\":\"C1-2026-000001\"},"
                "\"kind\":\"invoice\",\"seq\":3,\"tenant\":\"anthropic\",\"v\":1}");
    json_decref(data);
    ldg_buf_cleanup(&b);
}

static void test_entry_leaf_hash_prefix(void **state)
{
    /* RFC 6962: the leaf hash of the empty entry is SHA-256(0x00) */
    static const unsigned char want[32] = { 0x6e, 0x34, 0x0b, 0x9c, 0xff, 0xb3, 0x7a,
                                            0x98, 0x9c, 0xa5, 0x44, 0xe6, 0xbb, 0x78,
                                            0x0a, 0x2c, 0x78, 0x90, 0x1d, 0x3f, 0xb3,
                                            0x37, 0x38, 0x76, 0x85, 0x11, 0xa3, 0x06,
                                            0x17, 0xaf, 0xa0, 0x1d };
    ldg_hash h;

    (void)state;
    ldg_merkle_leaf_hash(&h, "", 0);
    assert_memory_equal(h.b, want, 32);
}

static void test_entry_names_round_trip(void **state)
{
    (void)state;
    assert_int_equal(ldg_kind_parse("gpu", 3), LDG_KIND_GPU);
    assert_int_equal(ldg_kind_parse("energy", 6), LDG_KIND_ENERGY);
    assert_int_equal(ldg_kind_parse("downtime", 8), LDG_KIND_DOWNTIME);
    assert_int_equal(ldg_kind_parse("gpus", 4), 0);
    assert_int_equal(ldg_kind_parse("gp", 2), 0);
    assert_int_equal(ldg_class_parse("GB200", 5), LDG_CLASS_GB200);
    assert_int_equal(ldg_class_parse("h100", 4), LDG_CLASS_NONE);
    assert_string_equal(ldg_kind_unit(LDG_KIND_ENERGY), "mwh");
    assert_string_equal(ldg_kind_unit(LDG_KIND_DOWNTIME), "gpu_hour");
    assert_null(ldg_class_name(LDG_CLASS_NONE));
}

/* The payment entry (entry.h): members in JCS order, the amount with exactly the
 * currency's minor digits, assigned_by null until a person assigns it. */
static void test_entry_payment_exact_bytes(void **state)
{
    ldg_payment_entry p = { .payment_id = "BANK-20261215-0001",
                            .received = 1797292800, /* 2026-12-15T00:00:00Z */
                            .amount_micros = 125000000000,
                            .currency = "USD",
                            .reference = "Invoice C1-2026-000001",
                            .payer = "US12ANTH0000000000004242",
                            .assigned_by = NULL };
    ldg_buf b = { 0 };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_entry_payment_bytes(&b, "anthropic", 3, &p, &err), LDG_OK);
    assert_string_equal(b.data,
                        "{\"data\":{\"amount\":\"125000.00\",\"assigned_by\":null,"
                        "\"currency\":\"USD\",\"id\":\"BANK-20261215-0001\","
                        "\"payer\":\"US12ANTH0000000000004242\","
                        "\"received\":\"2026-12-15T00:00:00Z\","
                        "\"reference\":\"Invoice C1-2026-000001\"},\"kind\":\"payment\","
                        "\"seq\":3,\"tenant\":\"anthropic\",\"v\":1}");
    /* assigned, in a currency without decimals */
    ldg_buf_reset(&b);
    p.currency = "JPY";
    p.amount_micros = 150000000000; /* 150000 JPY */
    p.reference = "";
    p.payer = "";
    p.assigned_by = "alice";
    assert_int_equal(ldg_entry_payment_bytes(&b, "anthropic", 4, &p, &err), LDG_OK);
    assert_non_null(strstr(b.data, "{\"data\":{\"amount\":\"150000\","
                                   "\"assigned_by\":\"alice\",\"currency\":\"JPY\","));
    assert_non_null(strstr(b.data, "\"payer\":\"\",\"received\""));
    ldg_buf_cleanup(&b);
}

/* A stored row is a claim: an amount that is not a whole number of the minor unit (or a
 * currency without one) is refused, never rounded. */
static void test_entry_payment_refuses_inexact_amount(void **state)
{
    ldg_payment_entry p = { .payment_id = "P1",
                            .received = 0,
                            .amount_micros = 1,
                            .currency = "USD",
                            .reference = "",
                            .payer = "" };
    ldg_buf b = { 0 };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_entry_payment_bytes(&b, "t", 0, &p, &err), LDG_EINVAL);
    ldg_error_clear(&err);
    p.amount_micros = 10000;
    p.currency = "XYZ";
    assert_int_equal(ldg_entry_payment_bytes(&b, "t", 0, &p, &err), LDG_EINVAL);
    ldg_error_clear(&err);
    p.currency = "USD";
    p.amount_micros = -10000;
    assert_int_equal(ldg_entry_payment_bytes(&b, "t", 0, &p, &err), LDG_EINVAL);
    ldg_buf_cleanup(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_gpu_record_exact_bytes),
        cmocka_unit_test(test_entry_energy_has_no_class),
        cmocka_unit_test(test_entry_correction_and_escapes_match_jcs),
        cmocka_unit_test(test_entry_doc_bytes_sorted),
        cmocka_unit_test(test_entry_leaf_hash_prefix),
        cmocka_unit_test(test_entry_names_round_trip),
        cmocka_unit_test(test_entry_payment_exact_bytes),
        cmocka_unit_test(test_entry_payment_refuses_inexact_amount),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
