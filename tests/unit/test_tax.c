/*
 * Unit tests for ledger/tax.c: the tax entries' load-time rules and the tax per entry
 * of an invoice, a supplementary invoice and a credit note. Every figure is worked by
 * hand in the comments (docs/receivables.md "Tax" repeats the first ones).
 */
#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/tax.h"
#include "ledger/time.h"

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

/* A draft in currency with one line per (stream, amount) pair; the other fields of a
 * line play no part in tax. */
static ldg_draft *draft_of(const char *currency, size_t n, const ldg_stream *streams,
                           const char *const *amounts)
{
    ldg_period p;
    ldg_draft *d = NULL;
    ldg_line line;
    size_t i;

    assert_int_equal(ldg_period_parse(&p, "2026-11", NULL), LDG_OK);
    assert_int_equal(ldg_rate_draft_new(&d, "C1-ANTH", currency, p, NULL), LDG_OK);
    for (i = 0; i < n; i++) {
        memset(&line, 0, sizeof(line));
        line.stream = streams[i];
        line.cls = LDG_GPU_NONE;
        line.amount_micros = dec(amounts[i]);
        assert_int_equal(ldg_rate_draft_add_line(d, &line, NULL), LDG_OK);
    }
    return d;
}

static ldg_tax_entry entry(ldg_tax_category c, const char *name, const char *percent,
                           unsigned streams, const char *reason)
{
    ldg_tax_entry e;

    e.category = c;
    e.name = name;
    e.percent_micros = dec(percent);
    e.streams = streams;
    e.exemption_reason = reason;
    return e;
}

#define ST(s) LDG_TAX_STREAM(LDG_STREAM_##s)

static void test_tax_amount_rounds_half_away_from_zero(void **state)
{
    int64_t v = 0;

    (void)state;
    /* 7 % of 0.50 = 0.035 -> 0.04; of -0.50 -> -0.04 (away from zero, not to even) */
    assert_int_equal(ldg_tax_amount_of(&v, dec("0.50"), dec("7"), 2, NULL), LDG_OK);
    assert_int_equal(v, dec("0.04"));
    assert_int_equal(ldg_tax_amount_of(&v, dec("-0.50"), dec("7"), 2, NULL), LDG_OK);
    assert_int_equal(v, dec("-0.04"));
    /* 7 % of 150 JPY = 10.5 -> 11 (0 minor digits) */
    assert_int_equal(ldg_tax_amount_of(&v, dec("150"), dec("7"), 0, NULL), LDG_OK);
    assert_int_equal(v, dec("11"));
    /* 9.25 % of 0.01 = 0.000925 -> 0.00; 100 % of the largest amount is exact */
    assert_int_equal(ldg_tax_amount_of(&v, dec("0.01"), dec("9.25"), 2, NULL), LDG_OK);
    assert_int_equal(v, 0);
    assert_int_equal(ldg_tax_amount_of(&v, dec("9223372036854.77"), dec("100"), 2, NULL),
                     LDG_OK);
    assert_int_equal(v, dec("9223372036854.77"));
}

/*
 * Tennessee sales tax 7 % on gpu_reserved and gpu_overage; energy is in no entry.
 * Lines: gpu_reserved 1000.05, gpu_overage 333.35, energy 500.00, sla_credit -50.00
 * (follows gpu_reserved). taxable = 1000.05 + 333.35 - 50.00 = 1283.40;
 * tax = 1283.40 x 7 / 100 = 89.838 -> 89.84 (rounded once: per line it would be
 * 70.0035 -> 70.00, 23.3345 -> 23.33, -3.50, together 89.83). net 1783.40,
 * total 1873.24.
 */
static void test_tax_stream_left_out_and_sla_follows_reserved(void **state)
{
    ldg_stream s[] = { LDG_STREAM_GPU_RESERVED, LDG_STREAM_GPU_OVERAGE, LDG_STREAM_ENERGY,
                       LDG_STREAM_SLA_CREDIT };
    const char *a[] = { "1000.05", "333.35", "500.00", "-50.00" };
    ldg_draft *d = draft_of("USD", 4, s, a);
    ldg_tax_entry e = entry(LDG_TAX_S, "Tennessee sales tax", "7.000000",
                            ST(GPU_RESERVED) | ST(GPU_OVERAGE), NULL);
    ldg_tax_amount out[1];
    int64_t tax = 0;

    (void)state;
    assert_int_equal(ldg_tax_check(&e, 1, NULL), LDG_OK);
    assert_int_equal(ldg_tax_entry_for(&e, 1, LDG_STREAM_ENERGY), -1);
    assert_int_equal(ldg_tax_entry_for(&e, 1, LDG_STREAM_COMMITMENT_TRUE_UP), 0);
    assert_int_equal(ldg_tax_of_draft(out, &tax, &e, 1, d, NULL), LDG_OK);
    assert_int_equal(out[0].taxable_micros, dec("1283.40"));
    assert_int_equal(out[0].amount_micros, dec("89.84"));
    assert_int_equal(tax, dec("89.84"));
    assert_int_equal(ldg_rate_draft_total(d), dec("1783.40"));
    assert_int_equal(ldg_rate_draft_total(d) + tax, dec("1873.24"));
    ldg_rate_draft_free(d);
}

/*
 * Reverse charge: one AE entry at 0 % on every stream (streams absent) and a zero-rated
 * entry listed beside it are both reported. Lines gpu_reserved 1000.00 and energy
 * 200.00: AE taxable 1200.00, tax 0.00; total = net = 1200.00.
 */
static void test_tax_reverse_charge_zero_percent(void **state)
{
    ldg_stream s[] = { LDG_STREAM_GPU_RESERVED, LDG_STREAM_ENERGY };
    const char *a[] = { "1000.00", "200.00" };
    ldg_draft *d = draft_of("EUR", 2, s, a);
    ldg_tax_entry e[2] = {
        entry(LDG_TAX_AE, "VAT reverse charge", "0", ST(GPU_RESERVED) | ST(ENERGY),
              "Reverse charge"),
        entry(LDG_TAX_Z, "Zero rated", "0", ST(POWER_CAPACITY), "Export"),
    };
    ldg_tax_amount out[2];
    int64_t tax = -1;

    (void)state;
    assert_int_equal(ldg_tax_check(e, 2, NULL), LDG_OK);
    assert_int_equal(ldg_tax_of_draft(out, &tax, e, 2, d, NULL), LDG_OK);
    assert_int_equal(out[0].taxable_micros, dec("1200.00"));
    assert_int_equal(out[0].amount_micros, 0);
    assert_int_equal(out[1].taxable_micros, 0);
    assert_int_equal(out[1].amount_micros, 0);
    assert_int_equal(tax, 0);
    ldg_rate_draft_free(d);
}

/*
 * A credit note's tax. Original: gpu_overage 100.10 at 7 %: 7.007 -> 7.01 issued.
 * Re-rated, the overage falls to 50.05: credit note line -50.05. Its tax is
 * tax(50.05) - 7.01 = 3.5035 -> 3.50 - 7.01 = -3.51 (rounding the credit note alone
 * would give -3.50, and the period's documents would carry 3.51 of tax on a final
 * taxable of 50.05, whose tax is 3.50).
 */
static void test_tax_credit_note_carries_the_difference(void **state)
{
    ldg_stream s[] = { LDG_STREAM_GPU_OVERAGE };
    const char *a[] = { "-50.05" };
    ldg_draft *cn = draft_of("USD", 1, s, a);
    ldg_tax_entry e = entry(LDG_TAX_S, "Sales tax", "7", ST(GPU_OVERAGE), NULL);
    ldg_tax_amount issued = { dec("100.10"), dec("7.01") }, sup, cre;

    (void)state;
    assert_int_equal(ldg_tax_amend(&sup, &cre, &e, 1, &issued, NULL, cn, NULL), LDG_OK);
    assert_int_equal(sup.taxable_micros, 0);
    assert_int_equal(sup.amount_micros, 0);
    assert_int_equal(cre.taxable_micros, dec("-50.05"));
    assert_int_equal(cre.amount_micros, dec("-3.51"));
    ldg_rate_draft_free(cn);
}

/*
 * A supplementary invoice's tax. Original taxable 100.10, tax 7.01 (7.007). Re-rated
 * up by 0.10: tax(100.20) - 7.01 = 7.014 -> 7.01 - 7.01 = 0.00 (alone, 0.007 -> 0.01
 * would make the period carry 7.02 on a final 100.20, whose tax is 7.01).
 */
static void test_tax_supplement_carries_the_difference(void **state)
{
    ldg_stream s[] = { LDG_STREAM_GPU_OVERAGE };
    const char *a[] = { "0.10" };
    ldg_draft *sd = draft_of("USD", 1, s, a);
    ldg_tax_entry e = entry(LDG_TAX_S, "Sales tax", "7", ST(GPU_OVERAGE), NULL);
    ldg_tax_amount issued = { dec("100.10"), dec("7.01") }, sup, cre;

    (void)state;
    assert_int_equal(ldg_tax_amend(&sup, &cre, &e, 1, &issued, sd, NULL, NULL), LDG_OK);
    assert_int_equal(sup.taxable_micros, dec("0.10"));
    assert_int_equal(sup.amount_micros, 0);
    assert_int_equal(cre.taxable_micros, 0);
    assert_int_equal(cre.amount_micros, 0);
    ldg_rate_draft_free(sd);
}

/*
 * Both in one re-rating, one entry at 7 % on gpu_reserved and gpu_overage. Issued:
 * taxable 200.10 (100.00 + 100.10), tax 14.007 -> 14.01. Re-rated: reserved +0.10,
 * overage -50.05. Supplementary invoice first: tax(200.20) - 14.01 = 14.014 -> 14.01
 * - 14.01 = 0.00; credit note: tax(150.15) - tax(200.20) = 10.5105 -> 10.51 - 14.01 =
 * -3.50. The period: 14.01 + 0.00 - 3.50 = 10.51 = tax(150.15).
 */
static void test_tax_supplement_and_credit_note_together(void **state)
{
    ldg_stream s1[] = { LDG_STREAM_GPU_RESERVED }, s2[] = { LDG_STREAM_GPU_OVERAGE };
    const char *a1[] = { "0.10" }, *a2[] = { "-50.05" };
    ldg_draft *sd = draft_of("USD", 1, s1, a1), *cn = draft_of("USD", 1, s2, a2);
    ldg_tax_entry e =
        entry(LDG_TAX_S, "Sales tax", "7", ST(GPU_RESERVED) | ST(GPU_OVERAGE), NULL);
    ldg_tax_amount issued = { dec("200.10"), dec("14.01") }, sup, cre;

    (void)state;
    assert_int_equal(ldg_tax_amend(&sup, &cre, &e, 1, &issued, sd, cn, NULL), LDG_OK);
    assert_int_equal(sup.amount_micros, 0);
    assert_int_equal(cre.amount_micros, dec("-3.50"));
    assert_int_equal(dec("14.01") + sup.amount_micros + cre.amount_micros, dec("10.51"));
    /* issued tax that is not the tax of the issued taxable (7.50 on 100.10): the
     * supplementary invoice would carry tax(100.20) - 7.50 = -0.49, refused */
    issued = (ldg_tax_amount){ dec("100.10"), dec("7.50") };
    assert_int_equal(ldg_tax_amend(&sup, &cre, &e, 1, &issued, sd, NULL, NULL),
                     LDG_ECONFLICT);
    ldg_rate_draft_free(sd);
    ldg_rate_draft_free(cn);
}

static void expect_refused(const ldg_tax_entry *e, size_t n, const char *text)
{
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_tax_check(e, n, &err), LDG_EINVAL);
    if (!strstr(err.message, text))
        fail_msg("expected \"%s\" in \"%s\"", text, err.message);
}

static void test_tax_check_refuses_bad_entries(void **state)
{
    ldg_tax_entry two[2] = {
        entry(LDG_TAX_S, "State", "7", ST(GPU_RESERVED) | ST(ENERGY), NULL),
        entry(LDG_TAX_S, "City", "2.25", ST(ENERGY), NULL),
    };
    ldg_tax_entry e;

    (void)state;
    expect_refused(two, 2, "stream \"energy\" is in tax entries \"State\" and \"City\"");
    two[1].streams = LDG_TAX_ALL_STREAMS; /* "streams" absent: every stream */
    expect_refused(two, 2, "is in tax entries \"State\" and \"City\"");
    e = entry(LDG_TAX_S, "State", "7", ST(SLA_CREDIT), NULL);
    expect_refused(&e, 1, "\"sla_credit\" cannot be listed");
    e = entry(LDG_TAX_S, "State", "0", ST(ENERGY), NULL);
    expect_refused(&e, 1, "above 0");
    e = entry(LDG_TAX_S, "State", "7", ST(ENERGY), "none");
    expect_refused(&e, 1, "no exemption_reason");
    e = entry(LDG_TAX_E, "Exempt", "0", ST(ENERGY), NULL);
    expect_refused(&e, 1, "category E needs an exemption_reason");
    e = entry(LDG_TAX_Z, "Zero", "0", ST(ENERGY), "");
    expect_refused(&e, 1, "category Z needs an exemption_reason");
    e = entry(LDG_TAX_AE, "Reverse", "7", ST(ENERGY), "Reverse charge");
    expect_refused(&e, 1, "category AE must be 0 percent");
    e = entry(LDG_TAX_S, "State", "100.000001", ST(ENERGY), NULL);
    expect_refused(&e, 1, "0 to 100");
    e = entry(LDG_TAX_O, "Outside", "0", 0, "Not subject");
    expect_refused(&e, 1, "covers no stream");
    e = entry(LDG_TAX_S, "", "7", ST(ENERGY), NULL);
    expect_refused(&e, 1, "name is empty");
}

static void test_tax_category_names(void **state)
{
    ldg_tax_category c = LDG_TAX_S;

    (void)state;
    assert_int_equal(ldg_tax_category_parse(&c, "AE", NULL), LDG_OK);
    assert_int_equal(c, LDG_TAX_AE);
    assert_string_equal(ldg_tax_category_name(LDG_TAX_O), "O");
    assert_int_equal(ldg_tax_category_parse(&c, "ae", NULL), LDG_EINVAL);
    assert_int_equal(ldg_tax_category_parse(&c, "K", NULL), LDG_EINVAL);
    assert_null(ldg_tax_category_name((ldg_tax_category)9));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tax_amount_rounds_half_away_from_zero),
        cmocka_unit_test(test_tax_stream_left_out_and_sla_follows_reserved),
        cmocka_unit_test(test_tax_reverse_charge_zero_percent),
        cmocka_unit_test(test_tax_credit_note_carries_the_difference),
        cmocka_unit_test(test_tax_supplement_carries_the_difference),
        cmocka_unit_test(test_tax_supplement_and_credit_note_together),
        cmocka_unit_test(test_tax_check_refuses_bad_entries),
        cmocka_unit_test(test_tax_category_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
