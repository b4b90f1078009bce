/*
 * Unit tests of reports/journal.c: format names, account-name sanitising per tool,
 * amount formatting per tool and currency, whole transactions as exact text in the
 * three formats, balance of every transaction written, and every rejection path.
 * The real tools read this output in tests/e2e/test_exports.sh.
 */
#include "ledger/fixed.h"
#include "ledger/time.h"
#include "reports/journal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define ROOT "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA="

/* ---- helpers -------------------------------------------------------------------------
 */

typedef struct capture {
    FILE *fp;
    char *buf;
    size_t len;
} capture;

static void cap_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->fp = open_memstream(&c->buf, &c->len);
    assert_non_null(c->fp);
}

/* Closes the stream; the text stays in c->buf (free it with cap_free). */
static const char *cap_text(capture *c)
{
    assert_int_equal(fclose(c->fp), 0);
    c->fp = NULL;
    return c->buf;
}

static void cap_free(capture *c)
{
    if (c->fp)
        fclose(c->fp);
    free(c->buf);
}

static ldg_line line_of(ldg_stream s, int64_t amount_micros)
{
    ldg_line l;

    memset(&l, 0, sizeof(l));
    l.stream = s;
    l.cls = LDG_GPU_NONE;
    l.amount_micros = amount_micros;
    return l;
}

static rpt_journal_doc sample_doc(void)
{
    rpt_journal_doc d;
    ldg_error err;

    memset(&d, 0, sizeof(d));
    ldg_error_clear(&err);
    d.kind = LDG_INVOICE_KIND_INVOICE;
    d.number = "C1-2026-000001";
    d.amends = NULL;
    d.tenant = "anthropic";
    d.tenant_name = "Anthropic PBC";
    d.contract = "C1-ANTH";
    d.currency = "USD";
    assert_int_equal(ldg_period_parse(&d.period, "2026-11", &err), LDG_OK);
    d.issued = ldg_time_from_civil(2026, 12, 1, 2, 0, 0);
    d.rated_from_size = 3120000;
    d.rated_from_root = ROOT;
    return d;
}

/* Two reserved lines (summed into one posting), energy and an SLA credit. */
static size_t sample_lines(ldg_line *l, int64_t *total)
{
    l[0] = line_of(LDG_STREAM_GPU_RESERVED, INT64_C(93240000000000));
    l[1] = line_of(LDG_STREAM_GPU_RESERVED, INT64_C(1000000000));
    l[2] = line_of(LDG_STREAM_ENERGY, INT64_C(1234560000));
    l[3] = line_of(LDG_STREAM_SLA_CREDIT, INT64_C(-4662000000));
    *total = INT64_C(93237572560000);
    return 4;
}

/*
 * Sums the posting amounts of every transaction in text (lines that start with the
 * posting indent and end in "<number> <CUR>"), per transaction and currency, exactly
 * (ldg_fixed_parse), and asserts each sum is zero. Returns the number of postings.
 */
static size_t assert_balanced(const char *text, const char *indent)
{
    size_t postings = 0, ilen = strlen(indent);
    int64_t usd = 0, eur = 0, jpy = 0;
    const char *p = text;

    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);

        if (len == 0 || (p[0] >= '0' && p[0] <= '9')) { /* blank or a new transaction */
            assert_true(usd == 0 && eur == 0 && jpy == 0);
        } else if (len > ilen + 4 && strncmp(p, indent, ilen) == 0 && p[ilen] != ' ' &&
                   p[ilen] != ';' && p[len - 4] == ' ') {
            const char *num_end = p + len - 4, *num = num_end;
            int64_t v;
            ldg_error err;

            ldg_error_clear(&err);
            while (num > p && num[-1] != ' ')
                num--;
            if (!memchr(num, ':', (size_t)(num_end - num)) &&
                ((*num >= '0' && *num <= '9') || *num == '-')) {
                assert_int_equal(ldg_fixed_parse(&v, num, (size_t)(num_end - num), &err),
                                 LDG_OK);
                if (strncmp(num_end + 1, "USD", 3) == 0)
                    usd += v;
                else if (strncmp(num_end + 1, "EUR", 3) == 0)
                    eur += v;
                else if (strncmp(num_end + 1, "JPY", 3) == 0)
                    jpy += v;
                else
                    fail_msg("posting in an unexpected currency: %.*s", (int)len, p);
                postings++;
            }
        }
        p += len + (eol ? 1 : 0);
    }
    assert_true(usd == 0 && eur == 0 && jpy == 0);
    return postings;
}

/* ---- formats
 * --------------------------------------------------------------------------- */

static void test_journal_format_parse_each_name(void **state)
{
    rpt_journal_format f = RPT_JOURNAL_BEANCOUNT;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_format_parse(&f, "hledger", &err), LDG_OK);
    assert_int_equal(f, RPT_JOURNAL_HLEDGER);
    assert_int_equal(rpt_journal_format_parse(&f, "ledger", &err), LDG_OK);
    assert_int_equal(f, RPT_JOURNAL_LEDGER);
    assert_int_equal(rpt_journal_format_parse(&f, "beancount", &err), LDG_OK);
    assert_int_equal(f, RPT_JOURNAL_BEANCOUNT);
    assert_string_equal(rpt_journal_format_name(RPT_JOURNAL_HLEDGER), "hledger");
    assert_string_equal(rpt_journal_format_name(RPT_JOURNAL_LEDGER), "ledger");
    assert_string_equal(rpt_journal_format_name(RPT_JOURNAL_BEANCOUNT), "beancount");
    assert_null(rpt_journal_format_name((rpt_journal_format)3));
    assert_null(rpt_journal_format_name((rpt_journal_format)-1));
}

static void test_journal_format_parse_rejects_unknown(void **state)
{
    static const char *const bad[] = { "Hledger", "", "gnucash", "ledger ", "bean" };
    rpt_journal_format f = RPT_JOURNAL_LEDGER;
    ldg_error err;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ldg_error_clear(&err);
        assert_int_equal(rpt_journal_format_parse(&f, bad[i], &err), LDG_EINVAL);
        assert_int_equal(err.code, LDG_EINVAL);
        assert_non_null(strstr(err.message, "expected hledger, ledger or beancount"));
        assert_int_equal(f, RPT_JOURNAL_LEDGER); /* untouched */
    }
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_format_parse(&f, NULL, &err), LDG_EINVAL);
    assert_string_equal(
        err.message,
        "invalid journal format \"\": expected hledger, ledger or beancount");
}

/* ---- account names -------------------------------------------------------------------
 */

static void expect_part(rpt_journal_format fmt, const char *name, const char *want)
{
    char buf[RPT_JOURNAL_ACCOUNT_BUFLEN];
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_account_part(buf, sizeof(buf), fmt, name, &err), LDG_OK);
    assert_string_equal(buf, want);
}

/* Issue 16: one account name in all three formats, so the files agree. */
static void test_journal_account_same_name_in_every_format(void **state)
{
    (void)state;
    for (int f = RPT_JOURNAL_HLEDGER; f <= RPT_JOURNAL_BEANCOUNT; f++) {
        expect_part((rpt_journal_format)f, "anthropic", "Anthropic");
        expect_part((rpt_journal_format)f, "internal-training", "Internal-training");
        expect_part((rpt_journal_format)f, "acme.labs_v2", "Acme-labs-v2");
        expect_part((rpt_journal_format)f, "Z", "Z");
        expect_part((rpt_journal_format)f, "9lives", "9lives");
        expect_part((rpt_journal_format)f, "_x", "X-x");
    }
}

static void test_journal_account_replaces_separators_and_spaces(void **state)
{
    (void)state;
    /* ':' would open a sub-account, two spaces end the name, ';' starts a comment */
    expect_part(RPT_JOURNAL_HLEDGER, "a b:c;d", "A-b-c-d");
    expect_part(RPT_JOURNAL_LEDGER, "(virtual)", "X-virtual-");
    expect_part(RPT_JOURNAL_LEDGER, "tab\there", "Tab-here");
    /* bytes outside ASCII, one '-' each */
    expect_part(RPT_JOURNAL_HLEDGER, "caf\xc3\xa9", "Caf--");
    expect_part(RPT_JOURNAL_BEANCOUNT, "caf\xc3\xa9", "Caf--");
}

static void
test_journal_account_beancount_capitalises_and_drops_dot_underscore(void **state)
{
    (void)state;
    expect_part(RPT_JOURNAL_BEANCOUNT, "anthropic", "Anthropic");
    expect_part(RPT_JOURNAL_BEANCOUNT, "internal-training", "Internal-training");
    expect_part(RPT_JOURNAL_BEANCOUNT, "acme.labs_v2", "Acme-labs-v2");
    expect_part(RPT_JOURNAL_BEANCOUNT, "Zed", "Zed");
    expect_part(RPT_JOURNAL_BEANCOUNT, "9lives", "9lives");
    /* must start with a letter or digit: an "X" goes in front */
    expect_part(RPT_JOURNAL_BEANCOUNT, "_x", "X-x");
    expect_part(RPT_JOURNAL_BEANCOUNT, "-", "X-");
    expect_part(RPT_JOURNAL_BEANCOUNT, ".", "X-");
}

static void test_journal_account_rejects_empty_and_too_long(void **state)
{
    char buf[8];
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_account_part(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, "", &err),
        LDG_EINVAL);
    assert_string_equal(err.message, "cannot make an account name from an empty id");
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_account_part(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, NULL, &err),
        LDG_EINVAL);
    /* 7 bytes and the NUL fit in 8; 8 do not */
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_account_part(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, "abcdefg", &err),
        LDG_OK);
    assert_string_equal(buf, "Abcdefg");
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_account_part(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, "abcdefgh", &err),
        LDG_EINVAL);
    assert_string_equal(err.message, "account name for \"abcdefgh\" is too long");
    /* beancount's "X" counts */
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_account_part(buf, sizeof(buf), RPT_JOURNAL_BEANCOUNT,
                                              "_bcdefg", &err),
                     LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_account_part(buf, sizeof(buf), RPT_JOURNAL_BEANCOUNT, "_bcdef", &err),
        LDG_OK);
    assert_string_equal(buf, "X-bcdef");
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_account_part(buf, 0, RPT_JOURNAL_LEDGER, "a", &err),
                     LDG_EINVAL);
}

static void test_journal_receivable_and_revenue_accounts(void **state)
{
    char buf[RPT_JOURNAL_ACCOUNT_BUFLEN], small[20];
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_receivable_account(buf, sizeof(buf), RPT_JOURNAL_HLEDGER,
                                                    "anthropic", &err),
                     LDG_OK);
    assert_string_equal(buf, "Assets:Receivable:Anthropic");
    assert_int_equal(rpt_journal_receivable_account(
                         buf, sizeof(buf), RPT_JOURNAL_BEANCOUNT, "anthropic", &err),
                     LDG_OK);
    assert_string_equal(buf, "Assets:Receivable:Anthropic");
    /* "Assets:Receivable:" is 18 bytes: "a" and the NUL fit in 20, "ab" does not */
    assert_int_equal(rpt_journal_receivable_account(small, sizeof(small),
                                                    RPT_JOURNAL_LEDGER, "a", &err),
                     LDG_OK);
    assert_string_equal(small, "Assets:Receivable:A");
    assert_int_equal(rpt_journal_receivable_account(small, sizeof(small),
                                                    RPT_JOURNAL_LEDGER, "ab", &err),
                     LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_receivable_account(small, 18, RPT_JOURNAL_LEDGER, "a", &err),
        LDG_EINVAL);

    assert_string_equal(rpt_journal_revenue_account(LDG_STREAM_GPU_RESERVED),
                        "Revenue:GpuReserved");
    assert_string_equal(rpt_journal_revenue_account(LDG_STREAM_GPU_OVERAGE),
                        "Revenue:GpuOverage");
    assert_string_equal(rpt_journal_revenue_account(LDG_STREAM_ENERGY), "Revenue:Energy");
    assert_string_equal(rpt_journal_revenue_account(LDG_STREAM_POWER_CAPACITY),
                        "Revenue:PowerCapacity");
    assert_string_equal(rpt_journal_revenue_account(LDG_STREAM_SLA_CREDIT),
                        "Revenue:SlaCredit");
    assert_string_equal(rpt_journal_revenue_account(LDG_STREAM_COMMITMENT_TRUE_UP),
                        "Revenue:CommitmentTrueUp");
    assert_null(rpt_journal_revenue_account((ldg_stream)LDG_STREAM_COUNT));
    assert_null(rpt_journal_revenue_account((ldg_stream)-1));
}

/* ---- amounts
 * ---------------------------------------------------------------------------- */

static void expect_amount(int64_t micros, const char *cur, const char *want)
{
    char buf[RPT_JOURNAL_AMOUNT_BUFLEN];
    ldg_error err;

    for (int f = RPT_JOURNAL_HLEDGER; f <= RPT_JOURNAL_BEANCOUNT; f++) {
        ldg_error_clear(&err);
        assert_int_equal(rpt_journal_amount(buf, sizeof(buf), (rpt_journal_format)f,
                                            micros, cur, &err),
                         LDG_OK);
        assert_string_equal(buf, want);
    }
}

static void test_journal_amount_minor_digits_per_currency(void **state)
{
    (void)state;
    expect_amount(INT64_C(93240000000000), "USD", "93240000.00 USD");
    expect_amount(INT64_C(-12500000), "EUR", "-12.50 EUR");
    expect_amount(0, "USD", "0.00 USD");
    expect_amount(INT64_C(-10000), "GBP", "-0.01 GBP");
    expect_amount(INT64_C(101000000), "JPY", "101 JPY");
    expect_amount(INT64_C(-1000000), "JPY", "-1 JPY");
    expect_amount(0, "JPY", "0 JPY");
    /* the largest USD amount int64 micro-units hold, and its negation */
    expect_amount(INT64_C(9223372036854770000), "USD", "9223372036854.77 USD");
    expect_amount(INT64_C(-9223372036854770000), "CHF", "-9223372036854.77 CHF");
}

static void test_journal_amount_rejects_bad_values(void **state)
{
    char buf[RPT_JOURNAL_AMOUNT_BUFLEN];
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, 1, "USD", &err),
        LDG_EINVAL);
    assert_string_equal(err.message,
                        "amount 0.000001 USD is not a whole number of minor units");
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, sizeof(buf), RPT_JOURNAL_LEDGER, 1500000, "JPY", &err),
        LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_amount(buf, sizeof(buf), RPT_JOURNAL_BEANCOUNT,
                                        INT64_MIN, "USD", &err),
                     LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, 10000, "XAU", &err),
        LDG_EINVAL);
    assert_string_equal(err.message, "unsupported currency \"XAU\"");
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, 0, "usd", &err),
        LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, sizeof(buf), RPT_JOURNAL_HLEDGER, 0, NULL, &err),
        LDG_EINVAL);
    /* "1.00 USD" needs 9 bytes */
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, 8, RPT_JOURNAL_HLEDGER, 1000000, "USD", &err),
        LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(
        rpt_journal_amount(buf, 9, RPT_JOURNAL_HLEDGER, 1000000, "USD", &err), LDG_OK);
    assert_string_equal(buf, "1.00 USD");
}

/* ---- transactions
 * ----------------------------------------------------------------------- */

static const char hledger_invoice[] =
    "2026-12-01 * (C1-2026-000001) Anthropic PBC | invoice for 2026-11\n"
    "    ; tenant: anthropic\n"
    "    ; contract: C1-ANTH\n"
    "    ; period: 2026-11\n"
    "    ; kind: invoice\n"
    "    ; rated_from: 3120000 " ROOT "\n"
    "    Assets:Receivable:Anthropic          93237572.56 USD\n"
    "    Revenue:GpuReserved                 -93241000.00 USD\n"
    "    Revenue:Energy                          -1234.56 USD\n"
    "    Revenue:SlaCredit                        4662.00 USD\n"
    "\n";

static void test_journal_txn_hledger_invoice_exact(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    capture c;
    ldg_error err;
    size_t n = sample_lines(l, &d.total_micros);

    (void)state;
    ldg_error_clear(&err);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, l, n, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), hledger_invoice);
    assert_int_equal(assert_balanced(c.buf, "    "), 4);
    cap_free(&c);
}

static void test_journal_txn_ledger_invoice_same_text_as_hledger(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    capture c;
    ldg_error err;
    size_t n = sample_lines(l, &d.total_micros);

    (void)state;
    ldg_error_clear(&err);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_LEDGER, &d, l, n, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), hledger_invoice);
    cap_free(&c);
}

static void test_journal_txn_beancount_invoice_exact(void **state)
{
    static const char want[] =
        "2026-12-01 * \"Anthropic PBC\" \"invoice C1-2026-000001 for 2026-11\" "
        "^C1-2026-000001\n"
        "  invoice: \"C1-2026-000001\"\n"
        "  tenant: \"anthropic\"\n"
        "  contract: \"C1-ANTH\"\n"
        "  period: \"2026-11\"\n"
        "  kind: \"invoice\"\n"
        "  rated_from: \"3120000 " ROOT "\"\n"
        "  Assets:Receivable:Anthropic          93237572.56 USD\n"
        "  Revenue:GpuReserved                 -93241000.00 USD\n"
        "  Revenue:Energy                          -1234.56 USD\n"
        "  Revenue:SlaCredit                        4662.00 USD\n"
        "\n";
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    capture c;
    ldg_error err;
    size_t n = sample_lines(l, &d.total_micros);

    (void)state;
    ldg_error_clear(&err);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_BEANCOUNT, &d, l, n, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want);
    assert_int_equal(assert_balanced(c.buf, "  "), 4);
    cap_free(&c);
}

/*
 * Tax (issue 9): "Tennessee sales tax" 7 % on 1 000.05 + 333.35 - 50.00 = 1 283.40 is
 * 89.838 -> 89.84 (docs/receivables.md); an exempt entry of 0.00 posts nothing. Lines
 * 1 000.05 + 333.35 + 500.00 - 50.00 = 1 783.40 net; total 1 873.24.
 */
static void test_journal_txn_tax_credits_sales_tax_liability(void **state)
{
    static const char want[] =
        "2026-12-01 * (C1-2026-000001) Anthropic PBC | invoice for 2026-11\n"
        "    ; tenant: anthropic\n"
        "    ; contract: C1-ANTH\n"
        "    ; period: 2026-11\n"
        "    ; kind: invoice\n"
        "    ; rated_from: 3120000 " ROOT "\n"
        "    Assets:Receivable:Anthropic                    1873.24 USD\n"
        "    Revenue:GpuReserved                           -1000.05 USD\n"
        "    Revenue:GpuOverage                             -333.35 USD\n"
        "    Revenue:Energy                                 -500.00 USD\n"
        "    Revenue:SlaCredit                                50.00 USD\n"
        "    Liabilities:SalesTax:Tennessee-sales-tax        -89.84 USD\n"
        "\n";
    const rpt_journal_tax taxes[2] = { { "Tennessee sales tax", INT64_C(89840000) },
                                       { "Export (exempt)", 0 } };
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    capture c;
    ldg_error err;
    char acct[RPT_JOURNAL_ACCOUNT_BUFLEN];

    (void)state;
    ldg_error_clear(&err);
    l[0] = line_of(LDG_STREAM_GPU_RESERVED, INT64_C(1000050000));
    l[1] = line_of(LDG_STREAM_GPU_OVERAGE, INT64_C(333350000));
    l[2] = line_of(LDG_STREAM_ENERGY, INT64_C(500000000));
    l[3] = line_of(LDG_STREAM_SLA_CREDIT, INT64_C(-50000000));
    d.taxes = taxes;
    d.n_taxes = 2;
    d.total_micros = INT64_C(1873240000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, l, 4, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want);
    assert_int_equal(assert_balanced(c.buf, "    "), 6);
    cap_free(&c);
    /* a total without the tax is refused */
    d.total_micros = INT64_C(1783400000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, l, 4, &err),
                     LDG_EINVAL);
    cap_free(&c);
    /* slugs: the same in every format */
    assert_int_equal(
        rpt_journal_tax_account(acct, sizeof(acct), " -- état/VAT 19% ", &err), LDG_OK);
    assert_string_equal(acct, "Liabilities:SalesTax:Tat-VAT-19");
    assert_int_equal(rpt_journal_tax_account(acct, sizeof(acct), "%%", &err), LDG_OK);
    assert_string_equal(acct, "Liabilities:SalesTax:Tax");
}

/* issue 16: basis earned. The taxed document of the test above, as its accrual (dated
 * the service month's last day, unbilled against revenue, no tax) and its billing
 * (issue date, receivable against unbilled and tax); each balances. */
static void test_journal_entry_accrual_and_billing(void **state)
{
    static const char want_accrual[] =
        "2026-11-30 * (C1-2026-000001) Anthropic PBC | accrual: invoice for 2026-11\n"
        "    ; tenant: anthropic\n"
        "    ; contract: C1-ANTH\n"
        "    ; period: 2026-11\n"
        "    ; kind: invoice\n"
        "    ; rated_from: 3120000 " ROOT "\n"
        "    Assets:Unbilled:Anthropic                1783.40 USD\n"
        "    Revenue:GpuReserved                     -1000.05 USD\n"
        "    Revenue:GpuOverage                       -333.35 USD\n"
        "    Revenue:Energy                           -500.00 USD\n"
        "    Revenue:SlaCredit                          50.00 USD\n"
        "\n";
    static const char want_billing[] =
        "2026-12-01 * (C1-2026-000001) Anthropic PBC | invoice for 2026-11\n"
        "    ; tenant: anthropic\n"
        "    ; contract: C1-ANTH\n"
        "    ; period: 2026-11\n"
        "    ; kind: invoice\n"
        "    ; rated_from: 3120000 " ROOT "\n"
        "    Assets:Receivable:Anthropic                    1873.24 USD\n"
        "    Assets:Unbilled:Anthropic                     -1783.40 USD\n"
        "    Liabilities:SalesTax:Tennessee-sales-tax        -89.84 USD\n"
        "\n";
    const rpt_journal_tax taxes[1] = { { "Tennessee sales tax", INT64_C(89840000) } };
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    capture c;
    ldg_error err;
    rpt_journal_basis b;

    (void)state;
    ldg_error_clear(&err);
    l[0] = line_of(LDG_STREAM_GPU_RESERVED, INT64_C(1000050000));
    l[1] = line_of(LDG_STREAM_GPU_OVERAGE, INT64_C(333350000));
    l[2] = line_of(LDG_STREAM_ENERGY, INT64_C(500000000));
    l[3] = line_of(LDG_STREAM_SLA_CREDIT, INT64_C(-50000000));
    d.taxes = taxes;
    d.n_taxes = 1;
    d.total_micros = INT64_C(1873240000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_entry(c.fp, RPT_JOURNAL_HLEDGER,
                                             RPT_JOURNAL_ENTRY_ACCRUAL, &d, l, 4, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want_accrual);
    assert_int_equal(assert_balanced(c.buf, "    "), 5);
    cap_free(&c);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_entry(c.fp, RPT_JOURNAL_LEDGER,
                                             RPT_JOURNAL_ENTRY_BILLING, &d, l, 4, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want_billing);
    assert_int_equal(assert_balanced(c.buf, "    "), 3);
    cap_free(&c);
    /* beancount: the same date and postings, the note says accrual */
    cap_open(&c);
    assert_int_equal(rpt_journal_write_entry(c.fp, RPT_JOURNAL_BEANCOUNT,
                                             RPT_JOURNAL_ENTRY_ACCRUAL, &d, l, 4, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c),
                           "2026-11-30 * \"Anthropic PBC\" \"accrual: invoice "
                           "C1-2026-000001 for 2026-11\" ^C1-2026-000001\n"));
    assert_non_null(strstr(c.buf, "  Assets:Unbilled:Anthropic "));
    cap_free(&c);
    /* a total that is not lines + tax is refused for every entry */
    d.total_micros = INT64_C(1783400000);
    for (int e = RPT_JOURNAL_ENTRY_ISSUE; e <= RPT_JOURNAL_ENTRY_BILLING; e++) {
        cap_open(&c);
        assert_int_equal(rpt_journal_write_entry(c.fp, RPT_JOURNAL_HLEDGER,
                                                 (rpt_journal_entry)e, &d, l, 4, &err),
                         LDG_EINVAL);
        cap_free(&c);
        ldg_error_clear(&err);
    }
    assert_int_equal(rpt_journal_basis_parse(&b, "earned", &err), LDG_OK);
    assert_int_equal(b, RPT_JOURNAL_EARNED);
    assert_int_equal(rpt_journal_basis_parse(&b, "issued", &err), LDG_OK);
    assert_int_equal(b, RPT_JOURNAL_ISSUED);
    assert_int_equal(rpt_journal_basis_parse(&b, "billed", &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "expected issued or earned"));
}

/* A credit note accrues its (negative) difference: unbilled credited, revenue debited. */
static void test_journal_entry_credit_note_accrues_difference(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[1];
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    d.kind = LDG_INVOICE_KIND_CREDIT_NOTE;
    d.amends = "C1-2026-000001";
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_C(-100000000));
    d.total_micros = INT64_C(-100000000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_entry(c.fp, RPT_JOURNAL_HLEDGER,
                                             RPT_JOURNAL_ENTRY_ACCRUAL, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c), "| accrual: credit note for 2026-11\n"));
    assert_non_null(strstr(c.buf,
                           "    Assets:Unbilled:Anthropic                -100.00 USD\n"
                           "    Revenue:Energy                            100.00 USD\n"));
    cap_free(&c);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_entry(c.fp, RPT_JOURNAL_HLEDGER,
                                             RPT_JOURNAL_ENTRY_BILLING, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c),
                           "    Assets:Receivable:Anthropic              -100.00 USD\n"
                           "    Assets:Unbilled:Anthropic                 100.00 USD\n"));
    cap_free(&c);
}

static void test_journal_txn_credit_note_reverses_and_names_amended(void **state)
{
    static const char want_h[] =
        "2027-01-15 * (C1-2027-000002) Anthropic PBC | credit note for 2026-11\n"
        "    ; tenant: anthropic\n"
        "    ; contract: C1-ANTH\n"
        "    ; period: 2026-11\n"
        "    ; kind: credit_note\n"
        "    ; amends: C1-2026-000001\n"
        "    ; rated_from: 3120500 " ROOT "\n"
        "    Assets:Receivable:Anthropic               -36.01 USD\n"
        "    Revenue:GpuOverage                         30.00 USD\n"
        "    Revenue:Energy                              6.01 USD\n"
        "\n";
    static const char want_b[] =
        "2027-01-15 * \"Anthropic PBC\" \"credit note C1-2027-000002 for 2026-11\" "
        "^C1-2027-000002 ^C1-2026-000001\n"
        "  invoice: \"C1-2027-000002\"\n"
        "  tenant: \"anthropic\"\n"
        "  contract: \"C1-ANTH\"\n"
        "  period: \"2026-11\"\n"
        "  kind: \"credit_note\"\n"
        "  amends: \"C1-2026-000001\"\n"
        "  rated_from: \"3120500 " ROOT "\"\n"
        "  Assets:Receivable:Anthropic               -36.01 USD\n"
        "  Revenue:GpuOverage                         30.00 USD\n"
        "  Revenue:Energy                              6.01 USD\n"
        "\n";
    rpt_journal_doc d = sample_doc();
    ldg_line l[2];
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    d.kind = LDG_INVOICE_KIND_CREDIT_NOTE;
    d.number = "C1-2027-000002";
    d.amends = "C1-2026-000001";
    d.issued = ldg_time_from_civil(2027, 1, 15, 23, 59, 59);
    d.rated_from_size = 3120500;
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_C(-6010000));
    l[1] = line_of(LDG_STREAM_GPU_OVERAGE, INT64_C(-30000000));
    d.total_micros = INT64_C(-36010000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, l, 2, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want_h);
    cap_free(&c);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_BEANCOUNT, &d, l, 2, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want_b);
    assert_int_equal(assert_balanced(c.buf, "  "), 3);
    cap_free(&c);
}

static void test_journal_txn_supplementary_label_and_jpy(void **state)
{
    static const char want[] =
        "2026-12-31 * (J1-2026-000007) Nihon KK | supplementary invoice for 2026-11\n"
        "    ; tenant: nihon\n"
        "    ; contract: J1\n"
        "    ; period: 2026-11\n"
        "    ; kind: invoice\n"
        "    ; amends: J1-2026-000003\n"
        "    ; rated_from: 9 " ROOT "\n"
        "    Assets:Receivable:Nihon                      101 JPY\n"
        "    Revenue:CommitmentTrueUp                    -101 JPY\n"
        "\n";
    rpt_journal_doc d = sample_doc();
    ldg_line l[1];
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    d.number = "J1-2026-000007";
    d.amends = "J1-2026-000003";
    d.tenant = "nihon";
    d.tenant_name = "Nihon KK";
    d.contract = "J1";
    d.currency = "JPY";
    d.issued = ldg_time_from_civil(2026, 12, 31, 0, 0, 0);
    d.rated_from_size = 9;
    l[0] = line_of(LDG_STREAM_COMMITMENT_TRUE_UP, INT64_C(101000000));
    d.total_micros = INT64_C(101000000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_LEDGER, &d, l, 1, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want);
    assert_int_equal(assert_balanced(c.buf, "    "), 2);
    cap_free(&c);
}

static void test_journal_txn_without_lines_posts_zero_receivable(void **state)
{
    rpt_journal_doc d = sample_doc();
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    d.total_micros = 0;
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, NULL, 0, &err),
                     LDG_OK);
    assert_non_null(strstr(
        cap_text(&c), "\n    Assets:Receivable:Anthropic                 0.00 USD\n\n"));
    assert_null(strstr(c.buf, "Revenue:"));
    cap_free(&c);
}

static void test_journal_txn_payee_sanitised_per_tool(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[1];
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    d.tenant_name = "  Acme \"Labs\", Inc.;\tR&D | Ops\r\nZ\\W  ";
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_C(10000));
    d.total_micros = INT64_C(10000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c),
                           "(C1-2026-000001) Acme \"Labs\", Inc., R&D / Ops Z\\W | "
                           "invoice for 2026-11\n"));
    cap_free(&c);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_BEANCOUNT, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(
        cap_text(&c), " * \"  Acme \\\"Labs\\\", Inc.; R&D | Ops  Z\\\\W  \" \"invoice"));
    cap_free(&c);
    /* no name: the tenant id is the payee */
    d.tenant_name = "";
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_LEDGER, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c), "(C1-2026-000001) anthropic | invoice"));
    cap_free(&c);
    d.tenant_name = NULL;
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_BEANCOUNT, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c), "2026-12-01 * \"anthropic\" \"invoice"));
    cap_free(&c);
}

static void test_journal_txn_metadata_values_cannot_break_tags(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[1];
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* a comma would end an hledger tag value, a newline the comment */
    d.contract = "C1,ANTH\nx";
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_C(10000));
    d.total_micros = INT64_C(10000);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_HLEDGER, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c), "    ; contract: C1-ANTH-x\n"));
    cap_free(&c);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_txn(c.fp, RPT_JOURNAL_BEANCOUNT, &d, l, 1, &err),
                     LDG_OK);
    assert_non_null(strstr(cap_text(&c), "  contract: \"C1,ANTH x\"\n"));
    cap_free(&c);
}

/* Every rejection writes nothing. */
static void expect_txn_rejected(const rpt_journal_doc *d, const ldg_line *l, size_t n,
                                ldg_code code, const char *msg)
{
    for (int f = RPT_JOURNAL_HLEDGER; f <= RPT_JOURNAL_BEANCOUNT; f++) {
        capture c;
        ldg_error err;

        ldg_error_clear(&err);
        cap_open(&c);
        assert_int_equal(
            rpt_journal_write_txn(c.fp, (rpt_journal_format)f, d, l, n, &err), code);
        assert_int_equal(err.code, code);
        if (msg)
            assert_string_equal(err.message, msg);
        assert_int_equal(strlen(cap_text(&c)), 0);
        cap_free(&c);
    }
}

static void test_journal_txn_rejects_total_that_is_not_the_lines_sum(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    size_t n = sample_lines(l, &d.total_micros);

    (void)state;
    d.total_micros += 10000;
    expect_txn_rejected(
        &d, l, n, LDG_EINVAL,
        "invoice C1-2026-000001: its lines sum to 93237572.560000 but its "
        "total is 93237572.570000");
}

static void test_journal_txn_rejects_bad_documents(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[2];

    (void)state;
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_C(10000));
    d.total_micros = INT64_C(10000);
    d.number = "C1 2026";
    expect_txn_rejected(&d, l, 1, LDG_EINVAL,
                        "invoice number \"C1 2026\" cannot be a transaction code");
    d.number = "C1)";
    expect_txn_rejected(&d, l, 1, LDG_EINVAL, NULL);
    d.number = "";
    expect_txn_rejected(&d, l, 1, LDG_EINVAL, NULL);
    d = sample_doc();
    d.total_micros = INT64_C(10000);
    d.tenant = "";
    expect_txn_rejected(&d, l, 1, LDG_EINVAL, NULL);
    d = sample_doc();
    d.total_micros = INT64_C(10000);
    d.contract = NULL;
    expect_txn_rejected(&d, l, 1, LDG_EINVAL, NULL);
    d = sample_doc();
    d.total_micros = INT64_C(10000);
    d.currency = "XYZ";
    expect_txn_rejected(&d, l, 1, LDG_EINVAL, "unsupported currency \"XYZ\"");
    /* half a cent: not a whole number of minor units */
    d = sample_doc();
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_C(5000));
    d.total_micros = INT64_C(5000);
    expect_txn_rejected(&d, l, 1, LDG_EINVAL, NULL);
    /* an unknown stream */
    l[0] = line_of((ldg_stream)LDG_STREAM_COUNT, INT64_C(10000));
    d.total_micros = INT64_C(10000);
    expect_txn_rejected(&d, l, 1, LDG_EINVAL,
                        "invoice C1-2026-000001: line 1 has no known stream");
    /* a sum that overflows */
    l[0] = line_of(LDG_STREAM_ENERGY, INT64_MAX - 807);
    l[1] = line_of(LDG_STREAM_GPU_OVERAGE, INT64_C(10000));
    d.total_micros = 0;
    expect_txn_rejected(&d, l, 2, LDG_ERANGE, NULL);
}

static void test_journal_txn_many_documents_all_balance(void **state)
{
    capture c;
    ldg_error err;
    size_t postings = 0;
    /* a small deterministic generator: amounts of every sign and size per stream */
    uint64_t x = UINT64_C(88172645463325252);

    (void)state;
    ldg_error_clear(&err);
    cap_open(&c);
    for (int k = 0; k < 200; k++) {
        rpt_journal_doc d = sample_doc();
        ldg_line l[12];
        size_t n = (size_t)(k % 12);

        d.currency = k % 3 == 0 ? "USD" : k % 3 == 1 ? "EUR" : "JPY";
        d.kind = k % 5 == 0 ? LDG_INVOICE_KIND_CREDIT_NOTE : LDG_INVOICE_KIND_INVOICE;
        d.amends = k % 4 == 0 ? "C1-2026-000001" : NULL;
        d.total_micros = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t minor;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            minor = (int64_t)(x % UINT64_C(2000000000)) - INT64_C(1000000000);
            l[i] = line_of((ldg_stream)(x % LDG_STREAM_COUNT),
                           minor * (k % 3 == 2 ? INT64_C(1000000) : INT64_C(10000)));
            d.total_micros += l[i].amount_micros;
        }
        assert_int_equal(
            rpt_journal_write_txn(c.fp, (rpt_journal_format)(k % 2), &d, l, n, &err),
            LDG_OK);
        postings += n > 0 ? 2u : 1u; /* at least the receivable and one revenue */
    }
    assert_true(assert_balanced(cap_text(&c), "    ") >= postings);
    cap_free(&c);
}

static void test_journal_txn_write_failure_is_eio(void **state)
{
    rpt_journal_doc d = sample_doc();
    ldg_line l[4];
    ldg_error err;
    size_t n = sample_lines(l, &d.total_micros);
    FILE *full = fopen("/dev/full", "w");

    (void)state;
    if (!full)
        skip();
    setvbuf(full, NULL, _IONBF, 0);
    ldg_error_clear(&err);
    assert_int_equal(rpt_journal_write_txn(full, RPT_JOURNAL_HLEDGER, &d, l, n, &err),
                     LDG_EIO);
    assert_string_equal(err.message, "could not write the journal");
    fclose(full);
}

/* ---- preamble
 * --------------------------------------------------------------------------- */

static const char comment_2026_11[] =
    "; leaseledger general-ledger journal, %s format, period 2026-11:\n"
    "; every invoice, supplementary invoice and credit note issued in\n"
    "; [2026-11-01T00:00:00Z, 2026-12-01T00:00:00Z), dated by its issue date (UTC),\n"
    "; debiting the tenant's receivable and crediting revenue per stream,\n"
    "; amounts exactly as invoiced\n\n";

static const char revenue_decls[] = "Revenue:GpuReserved\n"
                                    "Revenue:GpuOverage\n"
                                    "Revenue:Energy\n"
                                    "Revenue:PowerCapacity\n"
                                    "Revenue:SlaCredit\n"
                                    "Revenue:CommitmentTrueUp\n";

/* want = the comment for fmt + body, with each "Revenue:" line prefixed by prefix
 * (none when rev_prefix is NULL). */
static void expect_preamble(rpt_journal_format fmt, const char *before,
                            const char *rev_prefix, const char *after)
{
    static const char *const cur[] = { "EUR", "JPY", "USD" };
    static const char *const acc[] = { "Assets:Receivable:acme",
                                       "Assets:Receivable:beta" };
    char want[2048], comment[512];
    size_t o;
    const char *r = revenue_decls;
    ldg_period p;
    capture c;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_period_parse(&p, "2026-11", &err), LDG_OK);
    snprintf(comment, sizeof(comment), comment_2026_11, rpt_journal_format_name(fmt));
    o = (size_t)snprintf(want, sizeof(want), "%s%s", comment, before);
    while (rev_prefix && *r) { /* NULL: no revenue lines (beancount) */
        const char *e = strchr(r, '\n');
        o += (size_t)snprintf(want + o, sizeof(want) - o, "%s%.*s\n", rev_prefix,
                              (int)(e - r), r);
        r = e + 1;
    }
    snprintf(want + o, sizeof(want) - o, "%s", after);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_preamble(c.fp, fmt, p, cur, 3, acc, 2, &err),
                     LDG_OK);
    assert_string_equal(cap_text(&c), want);
    cap_free(&c);
}

static void test_journal_preamble_declares_for_strict_checks(void **state)
{
    (void)state;
    expect_preamble(RPT_JOURNAL_HLEDGER,
                    "commodity 1000.00 EUR\n"
                    "commodity 1000. JPY\n"
                    "commodity 1000.00 USD\n\n"
                    "account Assets:Receivable:acme\n"
                    "account Assets:Receivable:beta\n",
                    "account ", "\n");
    expect_preamble(RPT_JOURNAL_LEDGER,
                    "commodity EUR\n    format 1000.00 EUR\n"
                    "commodity JPY\n    format 1000 JPY\n"
                    "commodity USD\n    format 1000.00 USD\n\n"
                    "account Assets:Receivable:acme\n"
                    "account Assets:Receivable:beta\n",
                    "account ",
                    "\ntag tenant\ntag contract\ntag period\ntag kind\ntag amends\n"
                    "tag rated_from\n\n");
    expect_preamble(RPT_JOURNAL_BEANCOUNT,
                    "option \"title\" \"leaseledger journal 2026-11\"\n"
                    "option \"name_income\" \"Revenue\"\n",
                    NULL, "\n");
}

/* Issue 16: the accounts are opened once, in their own file, dated as given. */
static void test_journal_opens_once_for_every_account(void **state)
{
    static const char *const acc[] = { "Assets:Receivable:Acme", "Assets:Bank:USD" };
    capture c;
    ldg_error err;
    ldg_time t;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_time_parse_str(&t, "2025-03-15T10:00:00Z", &err), LDG_OK);
    cap_open(&c);
    assert_int_equal(rpt_journal_write_opens(c.fp, t, acc, 2, &err), LDG_OK);
    assert_non_null(strstr(cap_text(&c), "option \"name_income\" \"Revenue\"\n\n"
                                         "2025-03-15 open Assets:Receivable:Acme\n"
                                         "2025-03-15 open Assets:Bank:USD\n"
                                         "2025-03-15 open Revenue:GpuReserved\n"));
    assert_non_null(strstr(c.buf, "2025-03-15 open Revenue:CommitmentTrueUp\n"));
    cap_free(&c);
}

static void test_journal_preamble_empty_and_bad_currency(void **state)
{
    static const char *const bad[] = { "USD", "BTC" };
    ldg_period p;
    capture c;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_period_parse(&p, "2024-02", &err), LDG_OK);
    cap_open(&c);
    assert_int_equal(
        rpt_journal_write_preamble(c.fp, RPT_JOURNAL_HLEDGER, p, NULL, 0, NULL, 0, &err),
        LDG_OK);
    /* leap February: the period ends on 1 March */
    assert_non_null(strstr(cap_text(&c), "[2024-02-01T00:00:00Z, 2024-03-01T00:00:00Z)"));
    assert_null(strstr(c.buf, "commodity"));
    assert_non_null(strstr(c.buf, "\naccount Revenue:GpuReserved\n"));
    cap_free(&c);
    cap_open(&c);
    assert_int_equal(
        rpt_journal_write_preamble(c.fp, RPT_JOURNAL_LEDGER, p, bad, 2, NULL, 0, &err),
        LDG_EINVAL);
    assert_string_equal(err.message, "unsupported currency \"BTC\"");
    assert_int_equal(strlen(cap_text(&c)), 0);
    cap_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_journal_format_parse_each_name),
        cmocka_unit_test(test_journal_format_parse_rejects_unknown),
        cmocka_unit_test(test_journal_account_same_name_in_every_format),
        cmocka_unit_test(test_journal_account_replaces_separators_and_spaces),
        cmocka_unit_test(
            test_journal_account_beancount_capitalises_and_drops_dot_underscore),
        cmocka_unit_test(test_journal_account_rejects_empty_and_too_long),
        cmocka_unit_test(test_journal_receivable_and_revenue_accounts),
        cmocka_unit_test(test_journal_amount_minor_digits_per_currency),
        cmocka_unit_test(test_journal_amount_rejects_bad_values),
        cmocka_unit_test(test_journal_txn_hledger_invoice_exact),
        cmocka_unit_test(test_journal_txn_ledger_invoice_same_text_as_hledger),
        cmocka_unit_test(test_journal_txn_beancount_invoice_exact),
        cmocka_unit_test(test_journal_txn_credit_note_reverses_and_names_amended),
        cmocka_unit_test(test_journal_txn_tax_credits_sales_tax_liability),
        cmocka_unit_test(test_journal_txn_supplementary_label_and_jpy),
        cmocka_unit_test(test_journal_txn_without_lines_posts_zero_receivable),
        cmocka_unit_test(test_journal_txn_payee_sanitised_per_tool),
        cmocka_unit_test(test_journal_txn_metadata_values_cannot_break_tags),
        cmocka_unit_test(test_journal_txn_rejects_total_that_is_not_the_lines_sum),
        cmocka_unit_test(test_journal_txn_rejects_bad_documents),
        cmocka_unit_test(test_journal_txn_many_documents_all_balance),
        cmocka_unit_test(test_journal_txn_write_failure_is_eio),
        cmocka_unit_test(test_journal_preamble_declares_for_strict_checks),
        cmocka_unit_test(test_journal_preamble_empty_and_bad_currency),
        cmocka_unit_test(test_journal_opens_once_for_every_account),
        cmocka_unit_test(test_journal_entry_accrual_and_billing),
        cmocka_unit_test(test_journal_entry_credit_note_accrues_difference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
