/*
 * Unit tests for ledger/gpu_class.c and ledger/site.c: GPU classes are data (issue 10).
 * The built-in defaults, the class order (built-ins first, then by name, whatever the
 * order classes were added in), binding the database's numbers, and a site document's
 * "gpus" in both forms. Each test runs in this one process, so classes added by one are
 * known to the next: the tests are written to hold whatever ran before.
 */
#include "ledger/entry.h"
#include "ledger/gpu_class.h"
#include "ledger/site.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

static void test_gpu_class_builtins(void **state)
{
    int64_t lo = 0, hi = 0;
    char buf[LDG_GPU_CLASS_LIST_BUFLEN];

    (void)state;
    assert_string_equal(ldg_contract_class_name(LDG_GPU_H100), "H100");
    assert_string_equal(ldg_contract_class_name(LDG_GPU_GB200), "GB200");
    /* stored numbers 1, 2, 3 as in every row stored before migration 0012 */
    assert_int_equal(ldg_class_parse("H200", 4), 2);
    assert_int_equal(ldg_class_parse("h100", 4), LDG_CLASS_NONE); /* case-sensitive */
    assert_int_equal(ldg_gpu_class_default_band(&lo, &hi, "GB200"), LDG_OK);
    assert_int_equal(lo, 600000);
    assert_int_equal(hi, 2800000);
    assert_int_equal(ldg_gpu_class_default_band(&lo, &hi, "MI355X"), LDG_ENOTFOUND);
    assert_string_equal(ldg_gpu_class_list(buf, sizeof(buf)), "H100, H200 or GB200");
}

static void test_gpu_class_names(void **state)
{
    ldg_gpu_class k;

    (void)state;
    assert_true(ldg_gpu_class_name_valid("MI355X", 6));
    assert_true(ldg_gpu_class_name_valid("a.b_c-9", 7));
    assert_true(ldg_gpu_class_name_valid("X2345678901234567890123456789012", 32));
    assert_false(ldg_gpu_class_name_valid("X23456789012345678901234567890123", 33));
    assert_false(ldg_gpu_class_name_valid("", 0));
    assert_false(ldg_gpu_class_name_valid("A 100", 5));
    assert_false(ldg_gpu_class_name_valid("A\xC3\xA9", 3));
    assert_int_equal(ldg_gpu_class_intern(&k, "A/1", 3, NULL), LDG_EINVAL);
    /* usage parsing looks up, never adds */
    assert_int_equal(ldg_class_parse("ZZ-unknown", 10), LDG_CLASS_NONE);
    assert_null(ldg_contract_class_name((ldg_gpu_class)(LDG_GPU_NCLASS - 1)));
}

/* Added MI355X, b300, B300 in that order: listed B300, MI355X, b300 after the
 * built-ins (bytes: upper case first), and line keys compare the same way. */
static void test_gpu_class_order_by_name(void **state)
{
    ldg_gpu_class mi, lb, ub;
    int i, pos[3] = { -1, -1, -1 };

    (void)state;
    assert_int_equal(ldg_gpu_class_intern(&mi, "MI355X", 6, NULL), LDG_OK);
    assert_int_equal(ldg_gpu_class_intern(&lb, "b300", 4, NULL), LDG_OK);
    assert_int_equal(ldg_gpu_class_intern(&ub, "B300", 4, NULL), LDG_OK);
    assert_int_equal(ldg_gpu_class_nth(0), LDG_GPU_H100);
    assert_int_equal(ldg_gpu_class_nth(1), LDG_GPU_H200);
    assert_int_equal(ldg_gpu_class_nth(2), LDG_GPU_GB200);
    for (i = 0; i < LDG_GPU_NCLASS; i++) {
        ldg_gpu_class k = ldg_gpu_class_nth(i);
        pos[0] = k == ub ? i : pos[0];
        pos[1] = k == mi ? i : pos[1];
        pos[2] = k == lb ? i : pos[2];
    }
    assert_true(pos[0] > 2 && pos[0] < pos[1] && pos[1] < pos[2]);
    assert_int_equal(ldg_gpu_class_rank(ub), pos[0]);
    assert_int_equal(ldg_gpu_class_rank(LDG_GPU_NONE), -1);
    /* interning again is the same class */
    assert_int_equal(ldg_gpu_class_intern(&ub, "B300", 4, NULL), LDG_OK);
    assert_int_equal(ldg_gpu_class_rank(ub), pos[0]);
}

static void test_gpu_class_register(void **state)
{
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_gpu_class_register(1, "H100", NULL), LDG_OK);
    assert_int_equal(ldg_gpu_class_register(30, "GB300", NULL), LDG_OK);
    assert_int_equal(ldg_class_parse("GB300", 5), 30);
    assert_int_equal(ldg_gpu_class_register(30, "GB300", NULL), LDG_OK);
    /* the number or the name bound otherwise: a conflict, nothing changes */
    assert_int_equal(ldg_gpu_class_register(30, "GB301", &err), LDG_ECONFLICT);
    assert_int_equal(ldg_gpu_class_register(31, "GB300", NULL), LDG_ECONFLICT);
    assert_int_equal(ldg_gpu_class_register(0, "X", NULL), LDG_EINVAL);
    assert_int_equal(ldg_gpu_class_register(LDG_GPU_NCLASS + 1, "X", NULL), LDG_EINVAL);
    assert_int_equal(ldg_class_parse("GB300", 5), 30);
}

static json_t *gpus_of(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);

    assert_non_null(j);
    return j;
}

static void expect_site_error(const char *gpus, const char *message)
{
    ldg_site_classes sc;
    ldg_error err;
    json_t *j = gpus_of(gpus);

    ldg_error_clear(&err);
    assert_int_not_equal(ldg_site_classes_parse(&sc, j, "s1", &err), LDG_OK);
    assert_string_equal(err.message, message);
    json_decref(j);
}

static void test_site_classes_both_forms(void **state)
{
    ldg_site_classes sc;
    const ldg_site_class *c;
    json_t *j =
        gpus_of("{\"H100\": 100000, \"H200\": \"50000\","
                " \"GB300\": {\"count\": 72000, \"kw_per_gpu\": [\"1.0\", \"1.9\"]},"
                " \"GB200\": {\"count\": 7}}");

    (void)state;
    assert_int_equal(ldg_site_classes_parse(&sc, j, "s1", NULL), LDG_OK);
    assert_int_equal(sc.n, 4);
    c = ldg_site_class_find(&sc, "H100"); /* old form: the built-in band */
    assert_non_null(c);
    assert_int_equal(c->count, 100000);
    assert_int_equal(c->kw_low_ukw, 350000);
    assert_int_equal(c->kw_high_ukw, 1600000);
    assert_int_equal(ldg_site_class_find(&sc, "H200")->count, 50000);
    c = ldg_site_class_find(&sc, "GB300");
    assert_int_equal(c->count, 72000);
    assert_int_equal(c->kw_low_ukw, 1000000);
    assert_int_equal(c->kw_high_ukw, 1900000);
    assert_string_equal(ldg_contract_class_name(c->cls), "GB300");
    assert_int_equal(ldg_site_class_find(&sc, "GB200")->kw_high_ukw, 2800000);
    assert_null(ldg_site_class_find(&sc, "gb300"));
    json_decref(j);
}

static void test_site_classes_refused(void **state)
{
    (void)state;
    expect_site_error(
        "{}", "site \"s1\": field \"gpus\" must be an object of GPU class to count");
    expect_site_error(
        "{\"MI355X\": 8}",
        "site \"s1\": field \"gpus.MI355X\": class MI355X has no built-in kW"
        " band: state {\"count\": N, \"kw_per_gpu\": [\"LOW\", \"HIGH\"]}");
    expect_site_error(
        "{\"X1\": {\"count\": 1, \"kw_per_gpu\": [\"2\", \"1\"]}}",
        "site \"s1\": field \"gpus.X1.kw_per_gpu\" must be [\"LOW\", \"HIGH\"],"
        " decimal strings with 0 <= LOW <= HIGH");
    expect_site_error(
        "{\"X1\": {\"count\": -1, \"kw_per_gpu\": [\"1\", \"2\"]}}",
        "site \"s1\": field \"gpus.X1.count\" must be a non-negative integer");
    expect_site_error("{\"X1\": {\"count\": 1, \"kw\": 2}}",
                      "site \"s1\": field \"gpus.X1\": unknown field \"kw\"");
    expect_site_error(
        "{\"H 100\": 1}",
        "site \"s1\": field \"gpus.H 100\": a GPU class name is 1-32 letters,"
        " digits, '.', '_' or '-'");
    expect_site_error("{\"H100\": 1.5}",
                      "site \"s1\": field \"gpus.H100\" must be a count or {\"count\","
                      " \"kw_per_gpu\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gpu_class_builtins),
        cmocka_unit_test(test_gpu_class_names),
        cmocka_unit_test(test_gpu_class_order_by_name),
        cmocka_unit_test(test_gpu_class_register),
        cmocka_unit_test(test_site_classes_both_forms),
        cmocka_unit_test(test_site_classes_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
