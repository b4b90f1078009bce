/*
 * Unit tests for ledger/archive.c, the replay manifest (SPOOL/done/ARCHIVE): run lines
 * with every option read back as written (ldg_archive_run_line), file lines attached to
 * the run before them, and the strict refusals replay relies on (the line named).
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/archive.h"

#define HASH "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

static ldg_code parse(ldg_archive *a, const char *text, ldg_error *err)
{
    ldg_error_clear(err);
    return ldg_archive_parse(a, text, strlen(text), "ARCHIVE", err);
}

static void test_archive_runs_and_files(void **state)
{
    const char *text = "run 2026-12-01T02:00:00Z\n"
                       "file " HASH " usage 2026-11-anthropic.csv\n"
                       "file " HASH " payments camt.xml\n"
                       "run 2026-12-02T02:00:00Z tenant acme hold amend-above "
                       "10000.000000 amend-percent 5.000000\n"
                       "run 2026-12-03T02:00:00Z amend-percent 0.500000\n";
    ldg_archive a;
    ldg_error err;

    (void)state;
    assert_int_equal(parse(&a, text, &err), LDG_OK);
    assert_int_equal(a.nruns, 3);
    assert_int_equal(a.nfiles, 2);
    assert_int_equal(a.runs[0].n, 2);
    assert_int_equal(a.runs[0].hold, 0);
    assert_string_equal(a.files[0].name, "2026-11-anthropic.csv");
    assert_int_equal(a.files[1].payments, 1);
    assert_int_equal(a.files[0].sha256[31], 0xff);
    assert_string_equal(a.runs[1].tenant, "acme");
    assert_int_equal(a.runs[1].hold, 1);
    assert_true(a.runs[1].amend.has_amount);
    assert_int_equal(a.runs[1].amend.amount_micros, 10000000000);
    assert_true(a.runs[1].amend.has_percent);
    assert_int_equal(a.runs[1].amend.percent_micros, 5000000);
    assert_int_equal(a.runs[1].n, 0);
    assert_string_equal(a.runs[2].tenant, "");
    assert_false(a.runs[2].amend.has_amount);
    assert_int_equal(a.runs[2].amend.percent_micros, 500000);
    ldg_archive_cleanup(&a);
}

static void test_archive_run_line_round_trip(void **state)
{
    ldg_archive_run run = { .as_of = 1796436000, .hold = 1 };
    char line[512], text[520];
    ldg_archive a;
    ldg_error err;

    (void)state;
    strcpy(run.tenant, "internal-training");
    run.amend.has_amount = true;
    run.amend.amount_micros = 123456789;
    assert_true(ldg_archive_run_line(line, sizeof(line), &run));
    assert_string_equal(line, "run 2026-12-05T02:00:00Z tenant internal-training hold"
                              " amend-above 123.456789");
    snprintf(text, sizeof(text), "%s\n", line);
    assert_int_equal(parse(&a, text, &err), LDG_OK);
    assert_int_equal(a.runs[0].as_of, run.as_of);
    assert_string_equal(a.runs[0].tenant, run.tenant);
    assert_int_equal(a.runs[0].hold, 1);
    assert_int_equal(a.runs[0].amend.amount_micros, 123456789);
    assert_false(a.runs[0].amend.has_percent);
    ldg_archive_cleanup(&a);
    assert_false(ldg_archive_run_line(line, 10, &run)); /* does not fit */
}

static void test_archive_refusals_name_the_line(void **state)
{
    static const char *const bad[] = {
        "file " HASH " usage a.csv\n",                       /* a file before any run */
        "run 2026-12-01T02:00:00Z\nbogus\n",                 /* not a line */
        "run 2026-12-01T02:00:00Z\nfile 00 usage a.csv\n",   /* short hash */
        "run 2026-12-01T02:00:00Z\nfile " HASH " other a\n", /* unknown spool */
        "run 2026-12-01T02:00:00Z\nfile " HASH " usage ../x\n", /* a path */
        "run 2026-12-01T02:00:00Z\nfile " HASH " usage .x\n",   /* a hidden name */
        "run yesterday\n",                                      /* not an instant */
        "run 2026-12-01T02:00:00Z hold tenant acme\n",          /* options out of order */
        "run 2026-12-01T02:00:00Z amend-above -1.000000\n",     /* negative */
        "run 2026-12-01T02:00:00Z amend-above\n",               /* no value */
        "run 2026-12-01T02:00:00Z",                             /* last line incomplete */
    };
    static const char *const where[] = { "ARCHIVE:1", "ARCHIVE:2", "ARCHIVE:2",
                                         "ARCHIVE:2", "ARCHIVE:2", "ARCHIVE:2",
                                         "ARCHIVE:1", "ARCHIVE:1", "ARCHIVE:1",
                                         "ARCHIVE:1", "ARCHIVE:1" };
    ldg_archive a;
    ldg_error err;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(parse(&a, bad[i], &err), LDG_EINVAL);
        assert_string_equal(err.where, where[i]);
        assert_null(a.runs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_archive_runs_and_files),
        cmocka_unit_test(test_archive_run_line_round_trip),
        cmocka_unit_test(test_archive_refusals_name_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
