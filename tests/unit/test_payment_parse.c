/*
 * Unit tests for the payment-file parsers (ledger/payment_parse.h): camt.053 .001.02
 * and .001.08 statements and the payments CSV, read from tests/cases/payments/, and
 * every hostile file the issue names, each refused whole (no file returned) with the
 * place and the reason asserted.
 *
 * Instants worked by hand: 2026-01-01T00:00:00Z is 1767225600; 2026-12-15 is 348 days
 * later (334 days to Dec 1, plus 14), 1797292800. Amounts are micro-units:
 * 125000.00 USD is 125000000000.
 */
#include "ledger/payment_parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define CASES LDG_VECTORS_DIR "/../cases/payments/"

#define DAY       INT64_C(86400)
#define DEC15     INT64_C(1797292800)
#define DEC18     (DEC15 + 3 * DAY)
#define DEC20     (DEC15 + 5 * DAY)
#define DEC22     (DEC15 + 7 * DAY)
#define CSV_HDR   "payment_id,tenant,received,amount,currency,reference\n"
#define CAMT_HEAD "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
#define CAMT_TAIL "</Document>"

/* One camt.053.001.02 document with the given entries in one statement. */
#define CAMT(entries) \
    CAMT_HEAD "<BkToCstmrStmt><Stmt>" entries "</Stmt></BkToCstmrStmt>" CAMT_TAIL
/* A booked credit with the given fields after Sts. */
#define CREDIT(rest)                                                                    \
    "<Ntry><Amt Ccy=\"USD\">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>" rest \
    "</Ntry>"

/* Helpers ---------------------------------------------------------------------------- */

static ldg_code parse_file(ldg_payment_file **out, const char *file,
                           ldg_payment_format fmt, ldg_error *err)
{
    char path[512];
    FILE *f;
    ldg_code rc;

    snprintf(path, sizeof(path), "%s%s", CASES, file);
    f = fopen(path, "rb");
    assert_non_null(f);
    ldg_error_clear(err);
    rc = ldg_payment_read(out, f, fmt, file, err);
    fclose(f);
    return rc;
}

static ldg_code parse_text(ldg_payment_file **out, const char *text,
                           ldg_payment_format fmt, ldg_error *err)
{
    ldg_error_clear(err);
    return ldg_payment_parse(out, text, strlen(text), fmt, "t", err);
}

/* Every message: lower case start, no final period, printable ASCII. */
static void check_message(const ldg_error *err)
{
    size_t n = strlen(err->message);

    assert_true(n > 0);
    assert_true(err->message[0] >= 'a' && err->message[0] <= 'z');
    assert_true(err->message[n - 1] != '.');
    for (size_t i = 0; i < n; i++)
        assert_true(err->message[i] >= 0x20 && err->message[i] <= 0x7e);
}

/* The parse failed with LDG_EINVAL, returned nothing, and says where and why. */
static void expect_refused(ldg_code rc, ldg_payment_file *pf, const ldg_error *err,
                           const char *where, const char *reason)
{
    if (rc == LDG_OK || !strstr(err->where, where) || !strstr(err->message, reason))
        print_error("got rc %d, where \"%s\", message \"%s\"; wanted \"%s\", \"%s\"\n",
                    rc, err->where, err->message, where, reason);
    assert_int_equal(rc, LDG_EINVAL);
    assert_null(pf);
    assert_non_null(strstr(err->where, where));
    assert_non_null(strstr(err->message, reason));
    check_message(err);
}

static void refuse_file(const char *file, const char *where, const char *reason)
{
    ldg_payment_file *pf = (ldg_payment_file *)1;
    ldg_error err;
    ldg_code rc = parse_file(&pf, file, LDG_PAYMENT_AUTO, &err);

    expect_refused(rc, pf, &err, where, reason);
}

static void refuse_text(const char *text, const char *where, const char *reason)
{
    ldg_payment_file *pf = (ldg_payment_file *)1;
    ldg_error err;
    ldg_code rc = parse_text(&pf, text, LDG_PAYMENT_AUTO, &err);

    expect_refused(rc, pf, &err, where, reason);
}

/* camt.053: what is read ------------------------------------------------------------- */

static void test_camt_v02_statement_reads_three_payments(void **state)
{
    ldg_payment_file *pf = NULL;
    const ldg_payment_in *p;
    ldg_error err;

    (void)state;
    assert_int_equal(parse_file(&pf, "camt053-v02-statement.xml", LDG_PAYMENT_AUTO, &err),
                     LDG_OK);
    assert_int_equal(ldg_payment_file_format(pf), LDG_PAYMENT_CAMT053);
    assert_int_equal(ldg_payment_file_count(pf), 3);

    /* the whole invoice: AcctSvcrRef wins over NtryRef, BookgDt over ValDt */
    p = ldg_payment_file_at(pf, 0);
    assert_string_equal(p->payment_id, "BANK-20261215-0001");
    assert_string_equal(p->tenant, "");
    assert_int_equal(p->received, DEC15);
    assert_int_equal(p->amount_micros, INT64_C(125000000000));
    assert_string_equal(p->currency, "USD");
    assert_string_equal(p->reference, "Invoice C1-2026-000001");
    assert_string_equal(p->payer, "US12ANTH0000000000004242");
    assert_int_equal(p->source_pos, 1);

    /* the partial payment: a structured creditor reference, an Othr account */
    p = ldg_payment_file_at(pf, 1);
    assert_string_equal(p->payment_id, "BANK-20261218-0002");
    assert_int_equal(p->received, DEC18);
    assert_int_equal(p->amount_micros, INT64_C(1000000000));
    assert_string_equal(p->reference, "INT-2026-000001");
    assert_string_equal(p->payer, "4100-COSTCENTER");

    /* the unmatched one (entry 4, after the debit): white space collapsed */
    p = ldg_payment_file_at(pf, 2);
    assert_string_equal(p->payment_id, "BANK-20261222-0004");
    assert_int_equal(p->received, DEC22);
    assert_int_equal(p->amount_micros, INT64_C(777770000));
    assert_string_equal(p->reference, "Payment for services December");
    assert_string_equal(p->payer, "GB00UNKN00000000009999");
    assert_int_equal(p->source_pos, 4);
    assert_null(ldg_payment_file_at(pf, 3));

    assert_int_equal(ldg_payment_file_counts(pf)->entries, 5);
    assert_int_equal(ldg_payment_file_counts(pf)->debits, 1);
    assert_int_equal(ldg_payment_file_counts(pf)->unbooked, 1);
    assert_int_equal(ldg_payment_file_counts(pf)->reversals, 0);
    assert_int_equal(ldg_payment_file_counts(pf)->duplicates, 0);
    ldg_payment_file_free(pf);
}

static void test_camt_v08_statement_codes_offsets_and_repeats(void **state)
{
    ldg_payment_file *pf = NULL;
    const ldg_payment_in *p;
    ldg_error err;

    (void)state;
    assert_int_equal(
        parse_file(&pf, "camt053-v08-statement.xml", LDG_PAYMENT_CAMT053, &err), LDG_OK);
    assert_int_equal(ldg_payment_file_count(pf), 2);

    /* 2026-12-15T00:30:00.250+01:00 is 2026-12-14T23:30:00Z: DEC15 - 1800 s */
    p = ldg_payment_file_at(pf, 0);
    assert_string_equal(p->payment_id, "EU-0001");
    assert_int_equal(p->received, DEC15 - 1800);
    assert_int_equal(p->amount_micros, INT64_C(2500500000));
    assert_string_equal(p->currency, "EUR");
    assert_string_equal(p->reference,
                        "C1-2026-000001 and C1-2026-000002 RF18539007547034");
    assert_string_equal(p->payer, "DE89370400440532013000");

    /* NtryRef when there is no AcctSvcrRef, ValDt when no BookgDt; JPY has no decimals */
    p = ldg_payment_file_at(pf, 1);
    assert_string_equal(p->payment_id, "EU-NTRY-2");
    assert_int_equal(p->received, DEC20);
    assert_int_equal(p->amount_micros, INT64_C(150000000000));
    assert_string_equal(p->currency, "JPY");
    assert_string_equal(p->reference, "");
    assert_string_equal(p->payer, "");

    /* the reversal skipped; EU-0001 repeated whole in statement S2 kept once */
    assert_int_equal(ldg_payment_file_counts(pf)->entries, 4);
    assert_int_equal(ldg_payment_file_counts(pf)->reversals, 1);
    assert_int_equal(ldg_payment_file_counts(pf)->duplicates, 1);
    ldg_payment_file_free(pf);
}

static void test_camt_datetime_forms(void **state)
{
    ldg_payment_file *pf = NULL;
    ldg_error err;

    (void)state;
    /* Z; no offset (its date alone); -05:00 pushes into the next UTC day */
    assert_int_equal(
        parse_text(&pf,
                   CAMT(CREDIT("<BookgDt><DtTm>2026-12-15T10:00:00Z</DtTm></BookgDt>"
                               "<AcctSvcrRef>A</AcctSvcrRef>")
                            CREDIT("<BookgDt><DtTm>2026-12-15T23:59:59.9</DtTm></BookgDt>"
                                   "<AcctSvcrRef>B</AcctSvcrRef>")
                                CREDIT("<BookgDt><DtTm>2026-12-15T20:00:00-05:00</DtTm>"
                                       "</BookgDt><AcctSvcrRef>C</AcctSvcrRef>")),
                   LDG_PAYMENT_AUTO, &err),
        LDG_OK);
    assert_int_equal(ldg_payment_file_at(pf, 0)->received, DEC15 + 36000);
    assert_int_equal(ldg_payment_file_at(pf, 1)->received, DEC15);
    assert_int_equal(ldg_payment_file_at(pf, 2)->received, DEC15 + DAY + 3600);
    ldg_payment_file_free(pf);

    refuse_text(CAMT(CREDIT("<BookgDt><DtTm>2026-12-15T24:00:00Z</DtTm></BookgDt>"
                            "<AcctSvcrRef>A</AcctSvcrRef>")),
                "t: entry 1", "invalid date-time");
    refuse_text(CAMT(CREDIT("<BookgDt><Dt>2026-02-29</Dt></BookgDt>"
                            "<AcctSvcrRef>A</AcctSvcrRef>")),
                "t: entry 1", "invalid date \"2026-02-29\"");
    refuse_text(CAMT(CREDIT("<BookgDt><DtTm>1970-01-01T00:30:00+01:00</DtTm></BookgDt>"
                            "<AcctSvcrRef>A</AcctSvcrRef>")),
                "t: entry 1", "invalid date-time");
}

static void test_camt_entry_without_required_fields_refused(void **state)
{
    (void)state;
    refuse_text(CAMT(CREDIT("<BookgDt><Dt>2026-12-15</Dt></BookgDt>")), "t: entry 1",
                "neither AcctSvcrRef nor NtryRef");
    refuse_text(CAMT(CREDIT("<AcctSvcrRef>A</AcctSvcrRef>")), "t: entry 1",
                "neither BookgDt nor ValDt");
    refuse_text(CAMT("<Ntry><Amt Ccy=\"USD\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                     "<Sts><Cd>BOOK</Cd></Sts></Ntry>"),
                "t: entry 1", "no status (Sts)");
    refuse_text(CAMT("<Ntry><Amt Ccy=\"USD\">1.00</Amt><CdtDbtInd>CREDIT</CdtDbtInd>"
                     "<Sts>BOOK</Sts></Ntry>"),
                "t: entry 1", "neither CRDT nor DBIT");
    refuse_text(CAMT("<Ntry><Amt>1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                     "<BookgDt><Dt>2026-12-15</Dt></BookgDt><AcctSvcrRef>A</AcctSvcrRef>"
                     "</Ntry>"),
                "t: entry 1", "invalid currency \"\"");
}

static void test_camt_not_a_statement_refused(void **state)
{
    (void)state;
    refuse_text("<Document/>", "t", "not a camt.053 statement");
    refuse_text("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\">"
                "<BkToCstmrStmt/></Document>",
                "t", "namespace \"urn:iso:std:iso:20022:tech:xsd:camt.053.001.04\"");
    refuse_text(CAMT_HEAD CAMT_TAIL, "t", "no BkToCstmrStmt");
    refuse_text("", "t", "empty file");
}

static void test_camt_namespaces_by_name_foreign_elements_ignored(void **state)
{
    ldg_payment_file *pf = NULL;
    ldg_error err;

    (void)state;
    /* the second Ntry declares the document's namespace again; an element of another
     * namespace named like ours is not read */
    assert_int_equal(
        parse_text(
            &pf,
            CAMT(CREDIT(
                "<BookgDt><Dt>2026-12-15</Dt></BookgDt>"
                "<AcctSvcrRef>A</AcctSvcrRef>") "<Ntry "
                                                "xmlns=\"urn:iso:std:iso:20022:tech:xsd:"
                                                "camt.053.001.02\">"
                                                "<x:AcctSvcrRef "
                                                "xmlns:x=\"urn:other\">EVIL</"
                                                "x:AcctSvcrRef>"
                                                "<Amt "
                                                "Ccy=\"USD\">2.00</Amt><CdtDbtInd>CRDT</"
                                                "CdtDbtInd>"
                                                "<Sts>BOOK</Sts><BookgDt><Dt>2026-12-15</"
                                                "Dt></BookgDt>"
                                                "<AcctSvcrRef>B</AcctSvcrRef></Ntry>"),
            LDG_PAYMENT_AUTO, &err),
        LDG_OK);
    assert_int_equal(ldg_payment_file_count(pf), 2);
    assert_string_equal(ldg_payment_file_at(pf, 1)->payment_id, "B");
    assert_int_equal(ldg_payment_file_at(pf, 1)->amount_micros, 2000000);
    ldg_payment_file_free(pf);
}

static void test_camt_empty_statement_has_no_payments(void **state)
{
    ldg_payment_file *pf = NULL;
    ldg_error err;

    (void)state;
    assert_int_equal(parse_text(&pf, CAMT(""), LDG_PAYMENT_CAMT053, &err), LDG_OK);
    assert_int_equal(ldg_payment_file_count(pf), 0);
    assert_int_equal(ldg_payment_file_counts(pf)->entries, 0);
    ldg_payment_file_free(pf);
}

/* camt.053: hostile files ------------------------------------------------------------ */

static void test_camt_truncated_refused(void **state)
{
    (void)state;
    refuse_file("hostile-camt-truncated.xml", "hostile-camt-truncated.xml",
                "not well-formed XML at line");
}

static void test_camt_billion_laughs_refused_at_the_doctype(void **state)
{
    clock_t t0 = clock();

    (void)state;
    refuse_file("hostile-camt-billion-laughs.xml", "hostile-camt-billion-laughs.xml",
                "a DTD is not allowed");
    /* stopped before a single entity is declared: no time spent expanding */
    assert_true(clock() - t0 < CLOCKS_PER_SEC);
}

static void test_camt_external_entity_refused(void **state)
{
    ldg_payment_file *pf = (ldg_payment_file *)1;
    ldg_error err;
    ldg_code rc;

    (void)state;
    rc = parse_file(&pf, "hostile-camt-xxe.xml", LDG_PAYMENT_CAMT053, &err);
    expect_refused(rc, pf, &err, "hostile-camt-xxe.xml", "a DTD is not allowed");
    assert_null(strstr(err.message, "root:")); /* nothing of /etc/passwd */
    refuse_file("hostile-camt-external-dtd.xml", "hostile-camt-external-dtd.xml",
                "a DTD is not allowed");
    /* an entity that no DTD declares is a well-formedness error, not an empty text */
    refuse_file("hostile-camt-undeclared-entity.xml",
                "hostile-camt-undeclared-entity.xml", "not well-formed XML at line 3");
}

static void test_camt_depth_limits(void **state)
{
    char *doc = malloc(16 * 400 + 256), *w = doc;

    (void)state;
    refuse_file("hostile-camt-deep.xml", "hostile-camt-deep.xml",
                "deeper than 32 levels");
    /* past libxml2's own limit of 256 (XML_PARSE_HUGE is never set) */
    assert_non_null(doc);
    w += sprintf(w, "%s", CAMT_HEAD);
    for (int i = 0; i < 300; i++)
        w += sprintf(w, "<X>");
    for (int i = 0; i < 300; i++)
        w += sprintf(w, "</X>");
    sprintf(w, "%s", CAMT_TAIL);
    refuse_text(doc, "t", "not well-formed XML");
    free(doc);
}

static void test_camt_amounts_refused(void **state)
{
    (void)state;
    refuse_file("hostile-camt-exponent.xml", "hostile-camt-exponent.xml: entry 2",
                "amount: invalid number \"1E3\"");
    refuse_file("hostile-camt-decimals.xml", "hostile-camt-decimals.xml: entry 2",
                "more than 2 decimals");
    refuse_file("hostile-camt-negative-credit.xml",
                "hostile-camt-negative-credit.xml: entry 2",
                "amount \"-10.00\" is not greater than zero");
    refuse_text(CAMT("<Ntry><Amt Ccy=\"JPY\">100.5</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                     "<Sts>BOOK</Sts><BookgDt><Dt>2026-12-15</Dt></BookgDt>"
                     "<AcctSvcrRef>A</AcctSvcrRef></Ntry>"),
                "t: entry 1", "must be a whole number");
}

static void test_camt_duplicate_id_with_another_amount_refused(void **state)
{
    (void)state;
    refuse_file("hostile-camt-duplicate-id.xml", "hostile-camt-duplicate-id.xml: entry 3",
                "payment id \"P1\" repeats entry 1 with another amount");
}

static void test_camt_unknown_currency_refused(void **state)
{
    (void)state;
    refuse_file("hostile-camt-unknown-currency.xml",
                "hostile-camt-unknown-currency.xml: entry 2", "unknown currency \"XYZ\"");
    refuse_file("hostile-camt-lowercase-currency.xml",
                "hostile-camt-lowercase-currency.xml: entry 2",
                "invalid currency \"usd\"");
}

static void test_camt_skipped_entries_are_not_validated(void **state)
{
    ldg_payment_file *pf = NULL;
    ldg_error err;

    (void)state;
    /* a debit with an unknown currency and no id is skipped, not refused */
    assert_int_equal(parse_text(&pf,
                                CAMT("<Ntry><Amt Ccy=\"XYZ\">1E3</Amt><CdtDbtInd>DBIT"
                                     "</CdtDbtInd><Sts>BOOK</Sts></Ntry>"),
                                LDG_PAYMENT_AUTO, &err),
                     LDG_OK);
    assert_int_equal(ldg_payment_file_count(pf), 0);
    assert_int_equal(ldg_payment_file_counts(pf)->debits, 1);
    ldg_payment_file_free(pf);
}

/* A statement whose one credit has a remittance text of n bytes 'x'; free it. */
static char *camt_with_reference(size_t n)
{
    static const char head[] =
        CAMT_HEAD "<BkToCstmrStmt><Stmt><Ntry><Amt "
                  "Ccy=\"USD\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                  "<Sts>BOOK</Sts><BookgDt><Dt>2026-12-15</Dt></BookgDt><AcctSvcrRef>A</"
                  "AcctSvcrRef>"
                  "<NtryDtls><TxDtls><RmtInf><Ustrd>";
    static const char tail[] =
        "</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt>" CAMT_TAIL;
    char *doc = malloc(sizeof(head) + n + sizeof(tail));

    assert_non_null(doc);
    memcpy(doc, head, sizeof(head) - 1);
    memset(doc + sizeof(head) - 1, 'x', n);
    memcpy(doc + sizeof(head) - 1 + n, tail, sizeof(tail));
    return doc;
}

static void test_camt_reference_limit_is_exact(void **state)
{
    ldg_payment_file *pf = NULL;
    char *doc = camt_with_reference(LDG_PAY_REF_MAX);
    ldg_error err;

    (void)state;
    assert_int_equal(parse_text(&pf, doc, LDG_PAYMENT_AUTO, &err), LDG_OK);
    assert_int_equal(strlen(ldg_payment_file_at(pf, 0)->reference), LDG_PAY_REF_MAX);
    ldg_payment_file_free(pf);
    free(doc);
    doc = camt_with_reference(LDG_PAY_REF_MAX + 1);
    refuse_text(doc, "t: entry 1", "remittance text is longer than 2048 bytes");
    free(doc);
}

/* CSV -------------------------------------------------------------------------------- */

static void test_csv_file_reads_bom_crlf_quotes_and_repeats(void **state)
{
    ldg_payment_file *pf = NULL;
    const ldg_payment_in *p;
    ldg_error err;

    (void)state;
    assert_int_equal(parse_file(&pf, "payments.csv", LDG_PAYMENT_AUTO, &err), LDG_OK);
    assert_int_equal(ldg_payment_file_format(pf), LDG_PAYMENT_CSV);
    assert_int_equal(ldg_payment_file_count(pf), 3);

    p = ldg_payment_file_at(pf, 0);
    assert_string_equal(p->payment_id, "P-1");
    assert_string_equal(p->tenant, "anthropic");
    assert_int_equal(p->received, DEC15);
    assert_int_equal(p->amount_micros, INT64_C(125000000000));
    assert_string_equal(p->reference, "Invoice C1-2026-000001, thank you");
    assert_string_equal(p->payer, "");
    assert_int_equal(p->source_pos, 2);

    /* an RFC 3339 instant: DEC18 + 10:30 */
    p = ldg_payment_file_at(pf, 1);
    assert_string_equal(p->tenant, "");
    assert_int_equal(p->received, DEC18 + 37800);
    assert_int_equal(p->amount_micros, INT64_C(1000000000));
    assert_int_equal(p->source_pos, 4); /* line 3 is blank */

    p = ldg_payment_file_at(pf, 2);
    assert_string_equal(p->currency, "JPY");
    assert_int_equal(p->amount_micros, INT64_C(150000000000));
    assert_string_equal(p->reference, "");

    assert_int_equal(ldg_payment_file_counts(pf)->entries, 4);
    assert_int_equal(ldg_payment_file_counts(pf)->duplicates, 1);
    ldg_payment_file_free(pf);
}

static void test_csv_amounts_refused(void **state)
{
    (void)state;
    refuse_file("hostile-csv-exponent.csv", "hostile-csv-exponent.csv:3",
                "amount: invalid number \"1e3\"");
    refuse_file("hostile-csv-decimals.csv", "hostile-csv-decimals.csv:3",
                "more than 2 decimals");
    refuse_file("hostile-csv-negative.csv", "hostile-csv-negative.csv:3",
                "amount \"-10.00\" is not greater than zero");
    refuse_file("hostile-csv-zero.csv", "hostile-csv-zero.csv:3",
                "amount \"0.00\" is not greater than zero");
    refuse_text(CSV_HDR "P1,,2026-12-15,+5,USD,\n", "t:2", "leading '+'");
    refuse_text(CSV_HDR "P1,,2026-12-15,5.5,JPY,\n", "t:2", "must be a whole number");
    refuse_text(CSV_HDR "P1,,2026-12-15,99999999999999,USD,\n", "t:2", "out of range");
}

static void test_csv_duplicate_id_with_another_amount_refused(void **state)
{
    (void)state;
    refuse_file("hostile-csv-duplicate-id.csv", "hostile-csv-duplicate-id.csv:4",
                "payment id \"P1\" repeats line 2 with another amount");
    refuse_text(CSV_HDR "P1,a,2026-12-15,5,USD,x\nP1,b,2026-12-15,5,USD,x\n", "t:3",
                "repeats line 2 with another tenant");
}

static void test_csv_unknown_currency_refused(void **state)
{
    (void)state;
    refuse_file("hostile-csv-unknown-currency.csv", "hostile-csv-unknown-currency.csv:3",
                "unknown currency \"XBT\"");
    refuse_text(CSV_HDR "P1,,2026-12-15,5,US,\n", "t:2", "invalid currency \"US\"");
}

static void test_csv_lines_refused(void **state)
{
    (void)state;
    refuse_text("payment_id,tenant,received,amount,currency\n", "t:1", "header");
    refuse_text("tenant,payment_id,received,amount,currency,reference\n", "t:1",
                "is not \"payment_id,tenant,received,amount,currency,reference\"");
    refuse_text("\n\n", "t", "empty file");
    refuse_text(CSV_HDR "P1,,2026-12-15,5,USD\n", "t:2", "expected 6 fields, found 5");
    refuse_text(CSV_HDR "P1,,2026-12-15,5,USD,x,y\n", "t:2", "more than 6 fields");
    refuse_text(CSV_HDR "\"P1,,2026-12-15,5,USD,x\n", "t:2", "bad quoting");
    refuse_text(CSV_HDR "P\"1,,2026-12-15,5,USD,x\n", "t:2", "bad quoting");
    refuse_text(CSV_HDR "P1,,2026-12-15,5,USD,a\tb\n", "t:2", "control character");
    refuse_text(CSV_HDR "P1,,2026-12-15,5,USD,\xc3\n", "t:2", "invalid UTF-8");
    refuse_text(CSV_HDR ",,2026-12-15,5,USD,x\n", "t:2", "payment id is empty");
    refuse_text(CSV_HDR "P1,,2026-02-30,5,USD,x\n", "t:2", "invalid date \"2026-02-30\"");
    refuse_text(CSV_HDR "P1,,2026-12-15T10:00:00+01:00,5,USD,x\n", "t:2",
                "has an offset: only UTC");
}

static void test_csv_100mb_line_refused(void **state)
{
    size_t big = (size_t)100 * 1024 * 1024, hdr = strlen(CSV_HDR);
    char *data = malloc(hdr + big + 1);
    ldg_payment_file *pf = (ldg_payment_file *)1;
    ldg_error err;
    ldg_code rc;

    (void)state;
    assert_non_null(data);
    memcpy(data, CSV_HDR, hdr);
    memset(data + hdr, 'a', big);
    data[hdr + big] = '\n';
    ldg_error_clear(&err);
    rc = ldg_payment_parse(&pf, data, hdr + big + 1, LDG_PAYMENT_CSV, "big.csv", &err);
    expect_refused(rc, pf, &err, "big.csv:2", "line is longer than 65536 bytes");
    free(data);
}

static void test_csv_line_limit_is_exact(void **state)
{
    size_t hdr = strlen(CSV_HDR), fixed = strlen("P1,,2026-12-15,5,USD,");
    char *data = malloc(hdr + LDG_LINE_MAX + 2);
    ldg_payment_file *pf = NULL;
    ldg_error err;
    ldg_code rc;

    (void)state;
    assert_non_null(data);
    /* a line of exactly LDG_LINE_MAX bytes passes the line limit and meets the reference
     * limit instead */
    memcpy(data, CSV_HDR, hdr);
    memcpy(data + hdr, "P1,,2026-12-15,5,USD,", fixed);
    memset(data + hdr + fixed, 'r', LDG_LINE_MAX - fixed);
    data[hdr + LDG_LINE_MAX] = '\n';
    ldg_error_clear(&err);
    rc = ldg_payment_parse(&pf, data, hdr + LDG_LINE_MAX + 1, LDG_PAYMENT_CSV, "l", &err);
    expect_refused(rc, pf, &err, "l:2", "reference is longer than 2048 bytes");
    /* a reference of exactly LDG_PAY_REF_MAX bytes is read */
    data[hdr + fixed + LDG_PAY_REF_MAX] = '\n';
    ldg_error_clear(&err);
    assert_int_equal(ldg_payment_parse(&pf, data, hdr + fixed + LDG_PAY_REF_MAX + 1,
                                       LDG_PAYMENT_CSV, "l", &err),
                     LDG_OK);
    assert_int_equal(strlen(ldg_payment_file_at(pf, 0)->reference), LDG_PAY_REF_MAX);
    ldg_payment_file_free(pf);
    free(data);
}

/* Limits of the file ----------------------------------------------------------------- */

static void test_file_larger_than_limit_refused_unparsed(void **state)
{
    ldg_payment_file *pf = (ldg_payment_file *)1;
    FILE *f = fopen("/dev/zero", "rb");
    ldg_error err;
    ldg_code rc;

    (void)state;
    assert_non_null(f);
    ldg_error_clear(&err);
    rc = ldg_payment_read(&pf, f, LDG_PAYMENT_AUTO, "zero", &err);
    expect_refused(rc, pf, &err, "zero", "larger than 256 MiB");
    fclose(f);
}

static void test_csv_entry_limit(void **state)
{
    size_t cap = (size_t)(LDG_PAY_ENTRIES_MAX + 1) * 32 + 128, len;
    char *data = malloc(cap);
    ldg_payment_file *pf = (ldg_payment_file *)1;
    ldg_error err;
    ldg_code rc;

    (void)state;
    assert_non_null(data);
    len = (size_t)sprintf(data, "%s", CSV_HDR);
    for (int i = 0; i <= LDG_PAY_ENTRIES_MAX; i++)
        len += (size_t)sprintf(data + len, "P%d,,2026-12-15,1,USD,\n", i);
    ldg_error_clear(&err);
    rc = ldg_payment_parse(&pf, data, len, LDG_PAYMENT_AUTO, "n", &err);
    expect_refused(rc, pf, &err, "n:1000002", "more than 1000000 payments");
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_camt_v02_statement_reads_three_payments),
        cmocka_unit_test(test_camt_v08_statement_codes_offsets_and_repeats),
        cmocka_unit_test(test_camt_datetime_forms),
        cmocka_unit_test(test_camt_entry_without_required_fields_refused),
        cmocka_unit_test(test_camt_not_a_statement_refused),
        cmocka_unit_test(test_camt_namespaces_by_name_foreign_elements_ignored),
        cmocka_unit_test(test_camt_empty_statement_has_no_payments),
        cmocka_unit_test(test_camt_truncated_refused),
        cmocka_unit_test(test_camt_billion_laughs_refused_at_the_doctype),
        cmocka_unit_test(test_camt_external_entity_refused),
        cmocka_unit_test(test_camt_depth_limits),
        cmocka_unit_test(test_camt_amounts_refused),
        cmocka_unit_test(test_camt_duplicate_id_with_another_amount_refused),
        cmocka_unit_test(test_camt_unknown_currency_refused),
        cmocka_unit_test(test_camt_skipped_entries_are_not_validated),
        cmocka_unit_test(test_camt_reference_limit_is_exact),
        cmocka_unit_test(test_csv_file_reads_bom_crlf_quotes_and_repeats),
        cmocka_unit_test(test_csv_amounts_refused),
        cmocka_unit_test(test_csv_duplicate_id_with_another_amount_refused),
        cmocka_unit_test(test_csv_unknown_currency_refused),
        cmocka_unit_test(test_csv_lines_refused),
        cmocka_unit_test(test_csv_100mb_line_refused),
        cmocka_unit_test(test_csv_line_limit_is_exact),
        cmocka_unit_test(test_file_larger_than_limit_refused_unparsed),
        cmocka_unit_test(test_csv_entry_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
