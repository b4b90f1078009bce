/*
 * Unit tests for ledger/site_meters.c: the site meter inventory's rules (site_meters.h),
 * each refusal naming its field, and what a record may report from a meter.
 */
#include "ledger/error.h"
#include "ledger/site_meters.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define SITE_HEAD \
    "{\"site\": \"s1\", \"gpus\": {\"H100\": 100, \"H200\": \"2000\"}, \"meters\": "

/* Parses SITE_HEAD + meters + "}"; returns the code, the message in msg. */
static ldg_code parse(ldg_site_meters **out, const char *meters, char msg[256])
{
    char text[2048];
    json_error_t jerr;
    json_t *doc;
    ldg_error err;
    ldg_code rc;

    snprintf(text, sizeof(text), "%s%s}", SITE_HEAD, meters);
    doc = json_loads(text, 0, &jerr);
    if (!doc)
        fail_msg("bad test JSON: %s", jerr.text);
    ldg_error_clear(&err);
    rc = ldg_site_meters_parse(out, doc, &err);
    snprintf(msg, 256, "%s", err.message);
    json_decref(doc);
    return rc;
}

static void expect_refused(const char *meters, const char *needle)
{
    ldg_site_meters *m = (ldg_site_meters *)1;
    char msg[256];

    assert_int_equal(parse(&m, meters, msg), LDG_EINVAL);
    assert_null(m);
    if (!strstr(msg, needle))
        fail_msg("message \"%s\" does not name \"%s\"", msg, needle);
}

static void test_site_meters_absent_is_no_inventory(void **state)
{
    json_t *doc = json_pack("{s:s, s:{s:i}}", "site", "s1", "gpus", "H100", 10);
    ldg_site_meters *m = (ldg_site_meters *)1;

    (void)state;
    assert_int_equal(ldg_site_meters_parse(&m, doc, NULL), LDG_OK);
    assert_null(m);
    assert_int_equal(ldg_site_meters_count(m), 0);
    assert_null(ldg_site_meters_find(m, "x", 1));
    json_decref(doc);
}

static void test_site_meters_parse_and_find(void **state)
{
    ldg_site_meters *m = NULL;
    const ldg_site_meter *k;
    char msg[256];

    (void)state;
    assert_int_equal(parse(&m,
                           "[{\"id\": \"pod-1\", \"class\": \"H200\", \"gpus\": 1000},"
                           " {\"id\": \"pod-2\", \"class\": \"H200\", \"gpus\": 1000},"
                           " {\"id\": \"pod-3\", \"class\": \"H100\", \"gpus\": 100},"
                           " {\"id\": \"hall-A\", \"class\": \"\", \"gpus\": 0}]",
                           msg),
                     LDG_OK);
    assert_int_equal(ldg_site_meters_count(m), 4);
    k = ldg_site_meters_find(m, "pod-2", 5);
    assert_non_null(k);
    assert_string_equal(k->cls, "H200");
    assert_int_equal(k->gpus, 1000);
    k = ldg_site_meters_find(m, "hall-A", 6);
    assert_non_null(k);
    assert_string_equal(k->cls, "");
    assert_int_equal(k->gpus, 0);
    assert_null(ldg_site_meters_find(m, "pod-", 4));
    ldg_site_meters_free(m);
}

static void test_site_meters_refusals_name_the_field(void **state)
{
    (void)state;
    expect_refused("{}", "field \"meters\" must be an array");
    expect_refused("[]", "field \"meters\" must be an array");
    expect_refused("[1]", "field \"meters[0]\" must be an object");
    expect_refused("[{\"id\": \"a\", \"class\": \"H100\"}]", "\"meters[0]\"");
    expect_refused("[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": 1, \"x\": 1}]",
                   "\"meters[0]\"");
    expect_refused("[{\"id\": \"\", \"class\": \"H100\", \"gpus\": 1}]",
                   "field \"meters[0].id\"");
    expect_refused("[{\"id\": \"a\\u0001\", \"class\": \"H100\", \"gpus\": 1}]",
                   "field \"meters[0].id\"");
    expect_refused("[{\"id\": 7, \"class\": \"H100\", \"gpus\": 1}]",
                   "field \"meters[0].id\"");
    expect_refused("[{\"id\": \"a\", \"class\": \"GB200\", \"gpus\": 1}]",
                   "field \"meters[0].class\": \"GB200\" is not a class");
    expect_refused("[{\"id\": \"a\", \"class\": null, \"gpus\": 1}]",
                   "field \"meters[0].class\"");
    expect_refused(
        "[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": 1},"
        " {\"id\": \"b\", \"class\": \"H100\", \"gpus\": 101}]",
        "field \"meters[1].gpus\" must be an integer from 1 to the site's 100");
    expect_refused("[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": 0}]",
                   "field \"meters[0].gpus\"");
    expect_refused("[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": \"5\"}]",
                   "field \"meters[0].gpus\"");
    expect_refused("[{\"id\": \"a\", \"class\": \"\", \"gpus\": 1}]",
                   "field \"meters[0].gpus\" must be 0 for an energy meter");
    expect_refused("[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": 1},"
                   " {\"id\": \"a\", \"class\": \"H100\", \"gpus\": 1}]",
                   "field \"meters[1].id\": meter \"a\" is listed twice");
    /* each fits, together they do not: a GPU is behind one meter */
    expect_refused("[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": 60},"
                   " {\"id\": \"b\", \"class\": \"H100\", \"gpus\": 41}]",
                   "its H100 meters hold more than the 100 GPUs");
}

static void test_site_meters_sum_may_equal_installed(void **state)
{
    ldg_site_meters *m = NULL;
    char msg[256];

    (void)state;
    assert_int_equal(parse(&m,
                           "[{\"id\": \"a\", \"class\": \"H100\", \"gpus\": 60},"
                           " {\"id\": \"b\", \"class\": \"H100\", \"gpus\": 40}]",
                           msg),
                     LDG_OK);
    ldg_site_meters_free(m);
}

/* A class given as {"count": N, ...} (classes as data) counts N. */
static void test_site_meters_class_object_form(void **state)
{
    const char *text =
        "{\"site\": \"s2\", \"gpus\": {\"GB300\": {\"count\": 72, \"kw_per_gpu\":"
        " [\"1.0\", \"1.9\"]}}, \"meters\": [{\"id\": \"rack-1\", \"class\": \"GB300\","
        " \"gpus\": 72}]}";
    json_t *doc = json_loads(text, 0, NULL);
    ldg_site_meters *m = NULL;
    ldg_error err;

    (void)state;
    assert_non_null(doc);
    assert_int_equal(ldg_site_meters_parse(&m, doc, NULL), LDG_OK);
    assert_int_equal(ldg_site_meters_find(m, "rack-1", 6)->gpus, 72);
    ldg_site_meters_free(m);
    json_array_clear(json_object_get(doc, "meters"));
    json_array_append_new(
        json_object_get(doc, "meters"),
        json_pack("{s:s, s:s, s:i}", "id", "rack-1", "class", "GB300", "gpus", 73));
    ldg_error_clear(&err);
    assert_int_equal(ldg_site_meters_parse(&m, doc, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "from 1 to the site's 72 GB300 GPUs"));
    json_decref(doc);
}

static void test_site_meters_admit(void **state)
{
    ldg_site_meters *m = NULL;
    char msg[256], why[512];

    (void)state;
    assert_int_equal(parse(&m,
                           "[{\"id\": \"pod-1\", \"class\": \"H200\", \"gpus\": 1000},"
                           " {\"id\": \"hall-A\", \"class\": \"\", \"gpus\": 0}]",
                           msg),
                     LDG_OK);
    assert_true(ldg_site_meters_admit(m, "s1", "pod-1", 0, "H200", why, sizeof(why)));
    assert_true(ldg_site_meters_admit(m, "s1", "hall-A", 1, NULL, why, sizeof(why)));
    assert_false(ldg_site_meters_admit(m, "s1", "pod-9", 0, "H200", why, sizeof(why)));
    assert_string_equal(why, "meter \"pod-9\" is not in the inventory of site \"s1\"");
    assert_false(ldg_site_meters_admit(m, "s1", "pod-1", 0, "H100", why, sizeof(why)));
    assert_string_equal(why, "meter \"pod-1\" is a H200 GPU meter in the inventory of"
                             " site \"s1\": it cannot report H100 GPU-hours");
    assert_false(ldg_site_meters_admit(m, "s1", "pod-1", 1, NULL, why, sizeof(why)));
    assert_string_equal(why, "meter \"pod-1\" is a H200 GPU meter in the inventory of"
                             " site \"s1\": it cannot report energy");
    assert_false(ldg_site_meters_admit(m, "s1", "hall-A", 0, "H200", why, sizeof(why)));
    assert_string_equal(why, "meter \"hall-A\" is an energy meter in the inventory of"
                             " site \"s1\": it cannot report H200 GPU-hours");
    ldg_site_meters_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_site_meters_absent_is_no_inventory),
        cmocka_unit_test(test_site_meters_parse_and_find),
        cmocka_unit_test(test_site_meters_refusals_name_the_field),
        cmocka_unit_test(test_site_meters_sum_may_equal_installed),
        cmocka_unit_test(test_site_meters_class_object_form),
        cmocka_unit_test(test_site_meters_admit),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
