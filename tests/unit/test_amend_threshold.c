/*
 * Unit tests for ledger/amend_threshold.c: when an amending document is above an
 * approval threshold (strictly, exactly, either sign), and the contract member's rules.
 */
#include "ledger/amend_threshold.h"
#include "ledger/fixed.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

static int64_t dec(const char *s)
{
    int64_t v = 0;

    if (ldg_fixed_parse_str(&v, s, NULL) != LDG_OK)
        fail_msg("bad test decimal %s", s);
    return v;
}

static void test_amend_threshold_amount_is_strictly_above_either_sign(void **state)
{
    ldg_amend_threshold t = { .has_amount = true, .amount_micros = dec("10000.00") };

    (void)state;
    assert_int_equal(ldg_amend_threshold_above(&t, dec("10000.00"), dec("1")),
                     LDG_AMEND_WITHIN);
    assert_int_equal(ldg_amend_threshold_above(&t, dec("10000.01"), dec("1")),
                     LDG_AMEND_ABOVE_AMOUNT);
    assert_int_equal(ldg_amend_threshold_above(&t, dec("-10000.00"), dec("1")),
                     LDG_AMEND_WITHIN);
    /* the demo's credit note */
    assert_int_equal(ldg_amend_threshold_above(&t, dec("-3087957.03"), dec("1")),
                     LDG_AMEND_ABOVE_AMOUNT);
    assert_int_equal(ldg_amend_threshold_above(&t, 0, 0), LDG_AMEND_WITHIN);
}

static void test_amend_threshold_percent_of_the_original_exactly(void **state)
{
    ldg_amend_threshold t = { .has_percent = true, .percent_micros = dec("5") };

    (void)state;
    /* 5% of 93,240,000.00 is 4,662,000.00 exactly: equal is within, a cent more above */
    assert_int_equal(
        ldg_amend_threshold_above(&t, dec("-4662000.00"), dec("93240000.00")),
        LDG_AMEND_WITHIN);
    assert_int_equal(
        ldg_amend_threshold_above(&t, dec("-4662000.01"), dec("93240000.00")),
        LDG_AMEND_ABOVE_PERCENT);
    assert_int_equal(ldg_amend_threshold_above(&t, dec("4662000.01"), dec("93240000.00")),
                     LDG_AMEND_ABOVE_PERCENT);
    /* 1/3 percent of 300.00 is 1.00; 0.333333% of it is 0.999999: 1.00 is above */
    t.percent_micros = dec("0.333333");
    assert_int_equal(ldg_amend_threshold_above(&t, dec("1.00"), dec("300.00")),
                     LDG_AMEND_ABOVE_PERCENT);
    /* an original of 0: any non-zero amendment is above any percent */
    t.percent_micros = dec("1000");
    assert_int_equal(ldg_amend_threshold_above(&t, dec("0.01"), 0),
                     LDG_AMEND_ABOVE_PERCENT);
    assert_int_equal(ldg_amend_threshold_above(&t, 0, 0), LDG_AMEND_WITHIN);
}

static void test_amend_threshold_extremes_do_not_wrap(void **state)
{
    ldg_amend_threshold t = { .has_amount = true,
                              .amount_micros = INT64_MAX,
                              .has_percent = true,
                              .percent_micros = INT64_MAX };

    (void)state;
    assert_int_equal(ldg_amend_threshold_above(&t, INT64_MIN, INT64_MAX),
                     LDG_AMEND_ABOVE_AMOUNT); /* |INT64_MIN| = INT64_MAX + 1 */
    assert_int_equal(ldg_amend_threshold_above(&t, INT64_MAX, INT64_MIN),
                     LDG_AMEND_WITHIN);
    t.amount_micros = 0;
    assert_int_equal(ldg_amend_threshold_above(&t, 1, 0), LDG_AMEND_ABOVE_AMOUNT);
    assert_int_equal(ldg_amend_threshold_above(NULL, INT64_MIN, 0), LDG_AMEND_WITHIN);
    t.has_amount = t.has_percent = false;
    assert_int_equal(ldg_amend_threshold_above(&t, INT64_MIN, 0), LDG_AMEND_WITHIN);
}

static ldg_code parse(ldg_amend_threshold *out, const char *text, char msg[256])
{
    json_error_t jerr;
    json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
    ldg_error err;
    ldg_code rc;

    if (!v)
        fail_msg("bad test JSON: %s", jerr.text);
    ldg_error_clear(&err);
    rc = ldg_amend_threshold_parse(out, v, "contract \"C1\"", &err);
    snprintf(msg, 256, "%s", err.message);
    json_decref(v);
    return rc;
}

static void test_amend_threshold_parse(void **state)
{
    ldg_amend_threshold t;
    char msg[256];

    (void)state;
    assert_int_equal(
        parse(&t, "{\"amount_above\": \"10000.00\", \"percent_above\": \"5\"}", msg),
        LDG_OK);
    assert_true(t.has_amount && t.amount_micros == dec("10000"));
    assert_true(t.has_percent && t.percent_micros == dec("5"));
    assert_int_equal(parse(&t, "{\"percent_above\": \"0.5\"}", msg), LDG_OK);
    assert_false(t.has_amount);
    assert_int_equal(t.percent_micros, 500000);
    assert_int_equal(parse(&t, "{}", msg), LDG_EINVAL);
    assert_string_equal(msg, "contract \"C1\": field \"amend_approval\" needs"
                             " \"amount_above\" or \"percent_above\"");
    assert_int_equal(parse(&t, "{\"amount_above\": 5}", msg), LDG_EINVAL);
    assert_string_equal(msg, "contract \"C1\": field \"amend_approval.amount_above\" must"
                             " be a non-negative decimal string");
    assert_int_equal(parse(&t, "{\"percent_above\": \"-1\"}", msg), LDG_EINVAL);
    assert_non_null(strstr(msg, "\"amend_approval.percent_above\""));
    assert_int_equal(parse(&t, "{\"amount\": \"1\"}", msg), LDG_EINVAL);
    assert_non_null(strstr(msg, "unknown field \"amount\""));
    assert_int_equal(parse(&t, "\"10000\"", msg), LDG_EINVAL);
    assert_non_null(strstr(msg, "must be an object"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amend_threshold_amount_is_strictly_above_either_sign),
        cmocka_unit_test(test_amend_threshold_percent_of_the_original_exactly),
        cmocka_unit_test(test_amend_threshold_extremes_do_not_wrap),
        cmocka_unit_test(test_amend_threshold_parse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
