/*
 * Unit tests of reports/period_hint.c's pure text (issue 16): what an empty selection
 * by transaction date or by service month says about where the month's documents are.
 * tests/e2e/test_exports_period.sh runs the query beside the real exports.
 */
#include "ledger/time.h"
#include "reports/period_hint.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

static ldg_period month(const char *s)
{
    ldg_period p;

    assert_int_equal(ldg_period_parse(&p, s, NULL), LDG_OK);
    return p;
}

static void test_hint_by_date_names_the_issue_month(void **state)
{
    const rpt_period_count one[1] = { { "2026-12", 2, 1 } };
    const rpt_period_count two[2] = { { "2026-12", 2, 0 }, { "2027-02", 1, 0 } };
    char buf[RPT_PERIOD_HINT_BUFLEN];

    (void)state;
    rpt_period_hint_text(buf, sizeof(buf), RPT_PERIOD_BY_DATE, month("2026-11"), NULL,
                         one, 1);
    assert_string_equal(buf, "no transactions dated 2026-11; 2 invoices for service "
                             "month 2026-11 were issued in 2026-12 (try --period "
                             "2026-12)");
    rpt_period_hint_text(buf, sizeof(buf), RPT_PERIOD_BY_DATE, month("2026-11"), NULL,
                         two, 2);
    assert_string_equal(buf, "no transactions dated 2026-11; 3 documents for service "
                             "month 2026-11 were issued in 2026-12 (2) and 2027-02 (1) "
                             "(try --period 2026-12)");
    rpt_period_hint_text(buf, sizeof(buf), RPT_PERIOD_BY_DATE, month("2026-11"), NULL,
                         NULL, 0);
    assert_string_equal(buf, "no transactions dated 2026-11, and no document is for "
                             "service month 2026-11");
}

static void test_hint_by_service_names_the_service_month(void **state)
{
    const rpt_period_count one[1] = { { "2026-10", 1, 1 } };
    const rpt_period_count many[6] = { { "2026-05", 1, 1 }, { "2026-06", 1, 1 },
                                       { "2026-07", 1, 0 }, { "2026-08", 1, 1 },
                                       { "2026-09", 1, 1 }, { "2026-10", 3, 1 } };
    char buf[RPT_PERIOD_HINT_BUFLEN], small[40];

    (void)state;
    rpt_period_hint_text(buf, sizeof(buf), RPT_PERIOD_BY_SERVICE, month("2026-11"),
                         "acme", one, 1);
    assert_string_equal(buf,
                        "no documents for service month 2026-11 for tenant \"acme\"; "
                        "1 invoice issued in 2026-11 is for service month 2026-10 "
                        "(try --period 2026-10)");
    rpt_period_hint_text(buf, sizeof(buf), RPT_PERIOD_BY_SERVICE, month("2026-11"), NULL,
                         many, 6);
    assert_string_equal(buf, "no documents for service month 2026-11; 8 documents issued "
                             "in 2026-11 are for service month 2026-05 (1), 2026-06 (1), "
                             "2026-07 (1), 2026-08 (1) and 2 more months (try --period "
                             "2026-05)");
    rpt_period_hint_text(buf, sizeof(buf), RPT_PERIOD_BY_SERVICE, month("2026-11"), NULL,
                         NULL, 0);
    assert_string_equal(buf, "no documents for service month 2026-11, and no document "
                             "was issued in 2026-11");
    /* a small buffer: cut, terminated */
    rpt_period_hint_text(small, sizeof(small), RPT_PERIOD_BY_SERVICE, month("2026-11"),
                         NULL, many, 6);
    assert_int_equal(strlen(small), sizeof(small) - 1);
    assert_memory_equal(small, "no documents for service month 2026-11; ", 39);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hint_by_date_names_the_issue_month),
        cmocka_unit_test(test_hint_by_service_names_the_service_month),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
