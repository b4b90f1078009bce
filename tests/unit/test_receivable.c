/*
 * Unit tests for ledger/receivable.c: due dates, references, the allocation replay,
 * statuses, statement balances and aging. Amounts are worked by hand in the comments
 * (docs/receivables.md repeats several of them as its examples).
 */
#include "ledger/fixed.h"
#include "ledger/receivable.h"
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

static int64_t day(const char *s)
{
    int64_t d = 0;

    if (ldg_receivable_day_parse(&d, s, NULL) != LDG_OK)
        fail_msg("bad test date %s", s);
    return d;
}

static ldg_time at(const char *s)
{
    ldg_time t = 0;

    if (ldg_time_parse_str(&t, s, NULL) != LDG_OK)
        fail_msg("bad test time %s", s);
    return t;
}

/* An original invoice issued on `issued`, due on `due`. */
static ldg_receivable_item inv(int64_t seq, const char *number, const char *issued,
                               const char *due, const char *total)
{
    ldg_receivable_item it;

    memset(&it, 0, sizeof(it));
    it.kind = LDG_RECEIVABLE_INVOICE;
    it.seq = seq;
    it.currency = "USD";
    it.id = number;
    it.day = day(issued);
    it.due_day = day(due);
    it.amount_micros = dec(total);
    return it;
}

/* A supplementary invoice or credit note of original `amends`. */
static ldg_receivable_item amend(ldg_receivable_kind kind, int64_t seq,
                                 const char *number, const char *amends,
                                 const char *issued, const char *due, const char *total)
{
    ldg_receivable_item it = inv(seq, number, issued, due, total);

    it.kind = kind;
    it.amends = amends;
    return it;
}

static ldg_receivable_item pay(int64_t seq, const char *id, const char *received,
                               const char *amount, const char *reference)
{
    ldg_receivable_item it;

    memset(&it, 0, sizeof(it));
    it.kind = LDG_RECEIVABLE_PAYMENT;
    it.seq = seq;
    it.currency = "USD";
    it.id = id;
    it.day = day(received);
    it.amount_micros = dec(amount);
    it.reference = reference;
    return it;
}

static ldg_receivable *replay(const ldg_receivable_item *items, size_t n,
                              const char *as_of)
{
    ldg_receivable *r = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_receivable_replay(&r, items, n, day(as_of), &err) != LDG_OK)
        fail_msg("replay: %s (%s)", err.message, err.where);
    return r;
}

/* Asserts the k-th allocation of item i. */
static void expect_alloc(const ldg_receivable *r, size_t i, size_t k, size_t from,
                         size_t to, const char *amount)
{
    const ldg_receivable_alloc *a;

    assert_true(k < ldg_receivable_alloc_count(r, i));
    a = ldg_receivable_alloc_at(r, i, k);
    assert_int_equal(a->from, from);
    assert_int_equal(a->to, to);
    assert_int_equal(a->amount_micros, dec(amount));
}

static void test_receivable_due_dates(void **state)
{
    int64_t d = 0;
    char buf[LDG_RECEIVABLE_DAY_BUFLEN];

    (void)state;
    /* net 30 from 2026-12-01T02:00:00Z: 2026-12-31 */
    assert_int_equal(ldg_receivable_due(&d, at("2026-12-01T02:00:00Z"), 30, NULL),
                     LDG_OK);
    assert_string_equal(ldg_receivable_day_format(buf, d), "2026-12-31");
    /* the UTC date counts: one second before midnight, net 1 is the next day */
    assert_int_equal(ldg_receivable_due(&d, at("2026-12-31T23:59:59Z"), 1, NULL), LDG_OK);
    assert_string_equal(ldg_receivable_day_format(buf, d), "2027-01-01");
    /* no terms: due on the issue date; leap day */
    assert_int_equal(ldg_receivable_due(&d, at("2028-02-29T10:00:00Z"), 0, NULL), LDG_OK);
    assert_string_equal(ldg_receivable_day_format(buf, d), "2028-02-29");
    assert_int_equal(ldg_receivable_due(&d, at("2028-02-28T10:00:00Z"), 1, NULL), LDG_OK);
    assert_string_equal(ldg_receivable_day_format(buf, d), "2028-02-29");
    assert_int_equal(ldg_receivable_due(&d, 0, -1, NULL), LDG_EINVAL);
    assert_int_equal(ldg_receivable_due(&d, 0, LDG_RECEIVABLE_MAX_NET_DAYS + 1, NULL),
                     LDG_EINVAL);
    assert_int_equal(ldg_receivable_day_of(at("2026-12-01T23:59:59Z")),
                     day("2026-12-01"));
}

static void test_receivable_day_parse_strict(void **state)
{
    int64_t d = 0;

    (void)state;
    assert_int_equal(ldg_receivable_day_parse(&d, "1970-01-01", NULL), LDG_OK);
    assert_int_equal(d, 0);
    assert_int_equal(ldg_receivable_day_parse(&d, "2028-02-29", NULL), LDG_OK);
    assert_int_equal(ldg_receivable_day_parse(&d, "2026-02-29", NULL), LDG_EINVAL);
    assert_int_equal(ldg_receivable_day_parse(&d, "2026-13-01", NULL), LDG_EINVAL);
    assert_int_equal(ldg_receivable_day_parse(&d, "2026-1-01", NULL), LDG_EINVAL);
    assert_int_equal(ldg_receivable_day_parse(&d, "1969-12-31", NULL), LDG_EINVAL);
    assert_int_equal(ldg_receivable_day_parse(&d, "2026-12-01T", NULL), LDG_EINVAL);
    assert_int_equal(ldg_receivable_day_parse(&d, "+026-12-01", NULL), LDG_EINVAL);
}

static void test_receivable_reference_names(void **state)
{
    (void)state;
    assert_true(ldg_receivable_reference_names("paid C1-2026-000001,", "C1-2026-000001"));
    assert_true(ldg_receivable_reference_names("INV:c1-2026-000001", "C1-2026-000001"));
    assert_true(ldg_receivable_reference_names("REF-C1-2026-000001", "C1-2026-000001"));
    assert_false(ldg_receivable_reference_names("C1-2026-0000012", "C1-2026-000001"));
    assert_false(ldg_receivable_reference_names("XC1-2026-000001", "C1-2026-000001"));
    assert_false(ldg_receivable_reference_names("C1-2026-00000", "C1-2026-000001"));
    assert_false(ldg_receivable_reference_names(NULL, "C1-2026-000001"));
}

/*
 * A named reference, then FIFO. I1 1000.00 due 2026-12-01, I2 500.00 due 2026-12-31;
 * P1 700.00 on 2026-12-10 "Invoice C1-2026-000002": 500.00 to I2 (named), the other
 * 200.00 to I1 (the oldest due). As of 2026-12-15: I1 open 800.00, overdue (14 days
 * past due: d1_30); I2 paid. Balance 1500.00 - 700.00 = 800.00.
 */
static void test_receivable_named_reference_then_fifo(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-01", "1000.00"),
        inv(2, "C1-2026-000002", "2026-12-01", "2026-12-31", "500.00"),
        pay(3, "P1", "2026-12-10", "700.00", "Invoice C1-2026-000002"),
    };
    ldg_receivable *r = replay(it, 3, "2026-12-15");
    const ldg_receivable_account *a;

    (void)state;
    assert_int_equal(ldg_receivable_alloc_count(r, 2), 2);
    expect_alloc(r, 2, 0, 2, 1, "500.00");
    expect_alloc(r, 2, 1, 2, 0, "200.00");
    assert_int_equal(ldg_receivable_open(r, 0), dec("800.00"));
    assert_int_equal(ldg_receivable_open(r, 1), 0);
    assert_int_equal(ldg_receivable_open(r, 2), 0);
    assert_int_equal(ldg_receivable_status_of(r, 0), LDG_RECEIVABLE_OVERDUE);
    assert_int_equal(ldg_receivable_status_of(r, 1), LDG_RECEIVABLE_PAID);
    assert_int_equal(ldg_receivable_account_count(r), 1);
    a = ldg_receivable_account_at(r, 0);
    assert_string_equal(a->currency, "USD");
    assert_int_equal(a->d1_30, dec("800.00"));
    assert_int_equal(a->current, 0);
    assert_int_equal(a->total, dec("800.00"));
    ldg_receivable_free(r);
}

/*
 * Several names, in the order they appear: I1, I2, I3 100.00 each; P1 150.00
 * "C1-2026-000003 and c1-2026-000001": 100.00 to I3, 50.00 to I1, none to I2 (which
 * FIFO alone would have paid before I3).
 */
static void test_receivable_names_in_order_of_appearance(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-11-01", "100.00"),
        inv(2, "C1-2026-000002", "2026-11-02", "2026-11-02", "100.00"),
        inv(3, "C1-2026-000003", "2026-11-03", "2026-11-03", "100.00"),
        pay(4, "P1", "2026-11-10", "150.00", "C1-2026-000003 and c1-2026-000001"),
    };
    ldg_receivable *r = replay(it, 4, "2026-11-10");

    (void)state;
    expect_alloc(r, 3, 0, 3, 2, "100.00");
    expect_alloc(r, 3, 1, 3, 0, "50.00");
    assert_int_equal(ldg_receivable_alloc_count(r, 3), 2);
    assert_int_equal(ldg_receivable_open(r, 0), dec("50.00"));
    assert_int_equal(ldg_receivable_open(r, 1), dec("100.00"));
    assert_int_equal(ldg_receivable_open(r, 2), 0);
    ldg_receivable_free(r);
}

/*
 * The scan of a reference finds what ldg_receivable_reference_names says: a number
 * glued to a longer run of digits is not named ("C1-2026-0000012"), and where one
 * series ends another (X-C1 and C1), "X-C1-2026-000001" names both, the longer first
 * (it starts first). P1 150.00: 100.00 to X-C1-2026-000001, 50.00 to C1-2026-000001;
 * C1-2026-000002 is not named, and FIFO finds nothing left for it.
 */
static void test_receivable_reference_scan_edges(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-11-01", "100.00"),
        inv(2, "C1-2026-000002", "2026-11-01", "2026-11-01", "100.00"),
        inv(3, "X-C1-2026-000001", "2026-11-02", "2026-11-02", "100.00"),
        pay(4, "P1", "2026-11-10", "150.00", "C1-2026-0000012/x-c1-2026-000001"),
    };
    ldg_receivable *r = replay(it, 4, "2026-11-10");

    (void)state;
    assert_false(ldg_receivable_reference_names(it[3].reference, "C1-2026-000002"));
    assert_true(ldg_receivable_reference_names(it[3].reference, "C1-2026-000001"));
    assert_int_equal(ldg_receivable_alloc_count(r, 3), 2);
    expect_alloc(r, 3, 0, 3, 2, "100.00");
    expect_alloc(r, 3, 1, 3, 0, "50.00");
    assert_int_equal(ldg_receivable_open(r, 1), dec("100.00"));
    ldg_receivable_free(r);
}

/*
 * A hostile reference: 10,000 numbers glued together with hyphens (130,000 bytes) is
 * scanned in linear time and names the document whose number it starts with; the
 * others it contains are not numbers of this tenant.
 */
static void test_receivable_long_reference_is_linear(void **state)
{
    static char ref[10000 * 13 + 1];
    ldg_receivable_item it[2] = {
        inv(1, "X-2026-000001", "2026-11-01", "2026-12-31", "100.00"),
        pay(2, "P1", "2026-11-10", "40.00", ref),
    };
    ldg_receivable *r;
    size_t k;

    (void)state;
    for (k = 0; k < 10000; k++)
        memcpy(ref + 13 * k, "x-2026-000001", 13);
    ref[10000 * 13] = '\0';
    r = replay(it, 2, "2026-11-10");
    expect_alloc(r, 1, 0, 1, 0, "40.00");
    assert_int_equal(ldg_receivable_open(r, 0), dec("60.00"));
    ldg_receivable_free(r);
}

/*
 * FIFO is by due date, then seq, not by seq: I1 (seq 1) issued 2026-11-01 net 60 is
 * due 2026-12-31; I2 (seq 2) issued 2026-11-15 net 0 is due 2026-11-15; I3 (seq 3)
 * also due 2026-11-15. P1 150.00, no reference: 100.00 to I2, 50.00 to I3 (same due,
 * higher seq), nothing to I1.
 */
static void test_receivable_fifo_by_due_then_seq(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-31", "100.00"),
        inv(2, "C2-2026-000001", "2026-11-15", "2026-11-15", "100.00"),
        inv(3, "C2-2026-000002", "2026-11-15", "2026-11-15", "100.00"),
        pay(4, "P1", "2026-11-20", "150.00", NULL),
    };
    ldg_receivable *r = replay(it, 4, "2026-11-20");

    (void)state;
    expect_alloc(r, 3, 0, 3, 1, "100.00");
    expect_alloc(r, 3, 1, 3, 2, "50.00");
    assert_int_equal(ldg_receivable_open(r, 0), dec("100.00"));
    assert_int_equal(ldg_receivable_status_of(r, 0), LDG_RECEIVABLE_OPEN);
    assert_int_equal(ldg_receivable_status_of(r, 2), LDG_RECEIVABLE_OVERDUE);
    ldg_receivable_free(r);
}

/*
 * Overpayment, then later invoices absorb the credit. I1 100.00; P1 250.00: 100.00 to
 * I1, 150.00 credit on account (aging: credit -150.00, total -150.00 as of
 * 2026-11-05). I2 120.00 on 2026-11-10 takes 120.00 of it; I3 100.00 on 2026-11-20
 * takes the last 30.00 and stays open for 70.00. Balance 100 + 120 + 100 - 250 = 70.
 */
static void test_receivable_overpayment_absorbed_by_later_invoices(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-01", "100.00"),
        pay(2, "P1", "2026-11-02", "250.00", "C1-2026-000001"),
        inv(3, "C1-2026-000002", "2026-11-10", "2026-12-10", "120.00"),
        inv(4, "C1-2026-000003", "2026-11-20", "2026-12-20", "100.00"),
    };
    ldg_receivable *r = replay(it, 4, "2026-11-05");
    const ldg_receivable_account *a = ldg_receivable_account_at(r, 0);

    (void)state;
    assert_int_equal(a->credit, dec("-150.00"));
    assert_int_equal(a->total, dec("-150.00"));
    assert_int_equal(ldg_receivable_open(r, 1), dec("-150.00"));
    assert_false(ldg_receivable_counted(r, 2));
    ldg_receivable_free(r);

    r = replay(it, 4, "2026-11-30");
    a = ldg_receivable_account_at(r, 0);
    assert_int_equal(ldg_receivable_alloc_count(r, 1), 3);
    expect_alloc(r, 1, 0, 1, 0, "100.00");
    expect_alloc(r, 1, 1, 1, 2, "120.00");
    expect_alloc(r, 1, 2, 1, 3, "30.00");
    assert_int_equal(ldg_receivable_status_of(r, 2), LDG_RECEIVABLE_PAID);
    assert_int_equal(ldg_receivable_open(r, 3), dec("70.00"));
    assert_int_equal(a->credit, 0);
    assert_int_equal(a->current, dec("70.00"));
    assert_int_equal(a->total, dec("70.00"));
    ldg_receivable_free(r);
}

/*
 * A credit note beyond the open amount of its family. I1 100.00, P1 60.00 (I1 open
 * 40.00), CN1 -70.00 amending I1: 40.00 to I1 (open 0: paid, since a payment went to
 * it), the other 30.00 is credit on account; I2 50.00 takes it and stays open for
 * 20.00. Balance 100 - 60 - 70 + 50 = 20. A credit note covering I3 whole makes it
 * credited.
 */
static void test_receivable_credit_note_beyond_open_amount(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-01", "100.00"),
        pay(2, "P1", "2026-11-05", "60.00", NULL),
        amend(LDG_RECEIVABLE_CREDIT_NOTE, 3, "C1-2026-000002", "C1-2026-000001",
              "2026-11-10", "2026-11-10", "-70.00"),
        inv(4, "C1-2026-000003", "2026-11-15", "2026-12-15", "50.00"),
        inv(5, "C1-2026-000004", "2026-11-16", "2026-12-16", "10.00"),
        amend(LDG_RECEIVABLE_CREDIT_NOTE, 6, "C1-2026-000005", "C1-2026-000004",
              "2026-11-17", "2026-11-17", "-10.00"),
    };
    ldg_receivable *r = replay(it, 6, "2026-11-12");
    int64_t opening = -1;

    (void)state;
    expect_alloc(r, 2, 0, 2, 0, "40.00");
    assert_int_equal(ldg_receivable_open(r, 2), dec("-30.00"));
    assert_int_equal(ldg_receivable_account_at(r, 0)->credit, dec("-30.00"));
    assert_int_equal(ldg_receivable_status_of(r, 0), LDG_RECEIVABLE_PAID);
    assert_int_equal(ldg_receivable_status_of(r, 2), LDG_RECEIVABLE_CREDITED);
    ldg_receivable_free(r);

    r = replay(it, 6, "2026-11-30");
    expect_alloc(r, 2, 1, 2, 3, "30.00");
    assert_int_equal(ldg_receivable_open(r, 3), dec("20.00"));
    assert_int_equal(ldg_receivable_status_of(r, 4), LDG_RECEIVABLE_CREDITED);
    assert_int_equal(ldg_receivable_account_at(r, 0)->total, dec("20.00"));
    assert_int_equal(ldg_receivable_opening(&opening, r, "USD", day("2026-11-11"), NULL),
                     LDG_OK);
    assert_int_equal(opening, dec("-30.00")); /* 100 - 60 - 70 */
    ldg_receivable_free(r);
}

/*
 * A family: I1 100.00 due 2026-12-01, S1 +20.00 amending I1 due 2027-01-04, I2 200.00
 * due 2026-12-20. P1 100.00 "C1-2026-000001" pays I1. CN1 -50.00 amending I1: the
 * family's open documents first (S1 20.00), then the oldest due of the others (I2:
 * 30.00), none left for credit on account: I2 open 170.00.
 */
static void test_receivable_credit_note_reduces_family_first(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-01", "100.00"),
        inv(2, "C1-2026-000002", "2026-11-20", "2026-12-20", "200.00"),
        amend(LDG_RECEIVABLE_SUPPLEMENT, 3, "C1-2026-000003", "C1-2026-000001",
              "2026-12-05", "2027-01-04", "20.00"),
        pay(4, "P1", "2026-12-06", "100.00", "C1-2026-000001"),
        amend(LDG_RECEIVABLE_CREDIT_NOTE, 5, "C1-2026-000004", "C1-2026-000001",
              "2026-12-07", "2026-12-07", "-50.00"),
    };
    ldg_receivable *r = replay(it, 5, "2026-12-10");

    (void)state;
    expect_alloc(r, 3, 0, 3, 0, "100.00");
    assert_int_equal(ldg_receivable_alloc_count(r, 4), 2);
    expect_alloc(r, 4, 0, 4, 2, "20.00");
    expect_alloc(r, 4, 1, 4, 1, "30.00");
    assert_int_equal(ldg_receivable_open(r, 1), dec("170.00"));
    assert_int_equal(ldg_receivable_open(r, 4), 0);
    assert_int_equal(ldg_receivable_status_of(r, 2), LDG_RECEIVABLE_CREDITED);
    assert_int_equal(ldg_receivable_account_at(r, 0)->total, dec("170.00"));
    ldg_receivable_free(r);
}

/*
 * Aging bucket edges as of 2026-12-31, one document per edge (amounts 1, 2, 4, ...
 * so each bucket's sum says which went in): due 2026-12-31 (0 days: current, 1.00),
 * 2026-12-01 (30: d1_30, 2.00), 2026-11-30 (31: d31_60, 4.00), 2026-11-01 (60:
 * d31_60, 8.00), 2026-10-31 (61: d61_90, 16.00), 2026-10-02 (90: d61_90, 32.00),
 * 2026-10-01 (91: d91_plus, 64.00), 2027-01-15 (not yet due: current, 128.00).
 * current 129.00, d1_30 2.00, d31_60 12.00, d61_90 48.00, d91_plus 64.00, total
 * 255.00. A payment of 255.00 received 2027-01-05 does not count as of 2026-12-31.
 */
static void test_receivable_aging_bucket_edges(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "A-2026-000001", "2026-12-31", "2026-12-31", "1.00"),
        inv(2, "A-2026-000002", "2026-12-01", "2026-12-01", "2.00"),
        inv(3, "A-2026-000003", "2026-11-30", "2026-11-30", "4.00"),
        inv(4, "A-2026-000004", "2026-11-01", "2026-11-01", "8.00"),
        inv(5, "A-2026-000005", "2026-10-31", "2026-10-31", "16.00"),
        inv(6, "A-2026-000006", "2026-10-02", "2026-10-02", "32.00"),
        inv(7, "A-2026-000007", "2026-10-01", "2026-10-01", "64.00"),
        inv(8, "A-2026-000008", "2026-12-20", "2027-01-15", "128.00"),
        pay(9, "P1", "2027-01-05", "255.00", NULL),
    };
    ldg_receivable *r = replay(it, 9, "2026-12-31");
    const ldg_receivable_account *a = ldg_receivable_account_at(r, 0);

    (void)state;
    assert_int_equal(a->current, dec("129.00"));
    assert_int_equal(a->d1_30, dec("2.00"));
    assert_int_equal(a->d31_60, dec("12.00"));
    assert_int_equal(a->d61_90, dec("48.00"));
    assert_int_equal(a->d91_plus, dec("64.00"));
    assert_int_equal(a->credit, 0);
    assert_int_equal(a->total, dec("255.00"));
    assert_int_equal(ldg_receivable_status_of(r, 0), LDG_RECEIVABLE_OPEN);
    assert_int_equal(ldg_receivable_status_of(r, 1), LDG_RECEIVABLE_OVERDUE);
    assert_false(ldg_receivable_counted(r, 8));
    ldg_receivable_free(r);

    r = replay(it, 9, "2027-01-05");
    assert_int_equal(ldg_receivable_account_at(r, 0)->total, 0);
    ldg_receivable_free(r);
}

/*
 * Currencies never mix. I1 100.00 USD, E1 200.00 EUR; a EUR payment of 50.00 naming the
 * USD invoice pays E1 (FIFO in EUR), not I1; a USD payment of 300.00 pays I1 and leaves
 * 200.00 USD credit on account beside EUR 150.00 owed. Accounts come by currency code.
 */
static void test_receivable_currencies_apart(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-01", "100.00"),
        inv(2, "C2-2026-000001", "2026-11-01", "2026-12-01", "200.00"),
        pay(3, "P1", "2026-11-05", "50.00", "C1-2026-000001"),
        pay(4, "P2", "2026-11-06", "300.00", NULL),
    };
    ldg_receivable *r;
    const ldg_receivable_account *eur, *usd;

    (void)state;
    it[1].currency = "EUR";
    it[2].currency = "EUR";
    r = replay(it, 4, "2026-11-30");
    assert_int_equal(ldg_receivable_account_count(r), 2);
    eur = ldg_receivable_account_at(r, 0);
    usd = ldg_receivable_account_at(r, 1);
    assert_string_equal(eur->currency, "EUR");
    assert_string_equal(usd->currency, "USD");
    expect_alloc(r, 2, 0, 2, 1, "50.00");
    assert_int_equal(eur->current, dec("150.00"));
    assert_int_equal(eur->total, dec("150.00"));
    assert_int_equal(usd->credit, dec("-200.00"));
    assert_int_equal(usd->total, dec("-200.00"));
    ldg_receivable_free(r);
}

/*
 * A statement for December 2026. I1 1000.00 on 2026-11-01, P1 400.00 on 2026-11-20,
 * I2 500.00 on 2026-12-01, P2 300.00 on 2026-12-10, I3 on 2027-01-01 (after the
 * statement). Opening at 2026-12-01: 1000 - 400 = 600.00; closing as of 2026-12-31:
 * 600 + 500 - 300 = 800.00 (the aging total). P2 goes to I1 (oldest due): I1 open
 * 300.00, I2 500.00.
 */
static void test_receivable_statement_balances(void **state)
{
    ldg_receivable_item it[] = {
        inv(1, "C1-2026-000001", "2026-11-01", "2026-12-01", "1000.00"),
        pay(2, "P1", "2026-11-20", "400.00", NULL),
        inv(3, "C1-2026-000002", "2026-12-01", "2026-12-31", "500.00"),
        pay(4, "P2", "2026-12-10", "300.00", NULL),
        inv(5, "C1-2027-000001", "2027-01-01", "2027-01-31", "700.00"),
    };
    ldg_receivable *r = replay(it, 5, "2026-12-31");
    int64_t opening = 0;

    (void)state;
    assert_int_equal(ldg_receivable_opening(&opening, r, "USD", day("2026-12-01"), NULL),
                     LDG_OK);
    assert_int_equal(opening, dec("600.00"));
    assert_int_equal(ldg_receivable_account_at(r, 0)->total, dec("800.00"));
    expect_alloc(r, 3, 0, 3, 0, "300.00");
    assert_int_equal(ldg_receivable_open(r, 0), dec("300.00"));
    assert_int_equal(ldg_receivable_open(r, 2), dec("500.00"));
    assert_false(ldg_receivable_counted(r, 4));
    assert_int_equal(ldg_receivable_opening(&opening, r, "EUR", day("2026-12-01"), NULL),
                     LDG_OK);
    assert_int_equal(opening, 0);
    ldg_receivable_free(r);
}

static void expect_replay_refused(const ldg_receivable_item *it, size_t n,
                                  const char *text)
{
    ldg_receivable *r = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_receivable_replay(&r, it, n, day("2027-12-31"), &err),
                     LDG_EINVAL);
    assert_null(r);
    if (!strstr(err.message, text))
        fail_msg("expected \"%s\" in \"%s\"", text, err.message);
}

static void test_receivable_replay_refuses_bad_logs(void **state)
{
    ldg_receivable_item it[2];

    (void)state;
    it[0] = inv(2, "C1-2026-000001", "2026-11-01", "2026-12-01", "100.00");
    it[1] = pay(1, "P1", "2026-11-02", "10.00", NULL);
    expect_replay_refused(it, 2, "ascending seq");
    it[1] = pay(3, "P1", "2026-11-02", "-10.00", NULL);
    expect_replay_refused(it, 2, "a payment is positive");
    it[1] = amend(LDG_RECEIVABLE_CREDIT_NOTE, 3, "C1-2026-000002", "C1-2026-000009",
                  "2026-11-02", "2026-11-02", "-10.00");
    expect_replay_refused(it, 2, "which is no earlier invoice");
    it[1] = amend(LDG_RECEIVABLE_SUPPLEMENT, 3, "C1-2026-000002", "C1-2026-000001",
                  "2026-11-02", "2026-11-02", "-10.00");
    expect_replay_refused(it, 2, "supplementary invoice is positive");
    it[1] = inv(3, "c1-2026-000001", "2026-11-02", "2026-11-02", "5.00");
    expect_replay_refused(it, 2, "is repeated");
    it[1] = inv(3, "C1-2026-000002", "2026-11-02", "2026-11-01", "5.00");
    expect_replay_refused(it, 2, "due date");
    it[1] = inv(3, "C1-2026-000002", "2026-11-02", "2026-11-02", "5.00");
    it[1].currency = "usd";
    expect_replay_refused(it, 2, "three capital letters");
}

static void test_receivable_empty_log(void **state)
{
    ldg_receivable *r = NULL;

    (void)state;
    assert_int_equal(ldg_receivable_replay(&r, NULL, 0, 0, NULL), LDG_OK);
    assert_int_equal(ldg_receivable_account_count(r), 0);
    ldg_receivable_free(r);
    ldg_receivable_free(NULL);
    assert_string_equal(ldg_receivable_status_name(LDG_RECEIVABLE_OVERDUE), "overdue");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_receivable_due_dates),
        cmocka_unit_test(test_receivable_day_parse_strict),
        cmocka_unit_test(test_receivable_reference_names),
        cmocka_unit_test(test_receivable_named_reference_then_fifo),
        cmocka_unit_test(test_receivable_names_in_order_of_appearance),
        cmocka_unit_test(test_receivable_reference_scan_edges),
        cmocka_unit_test(test_receivable_long_reference_is_linear),
        cmocka_unit_test(test_receivable_fifo_by_due_then_seq),
        cmocka_unit_test(test_receivable_overpayment_absorbed_by_later_invoices),
        cmocka_unit_test(test_receivable_credit_note_beyond_open_amount),
        cmocka_unit_test(test_receivable_credit_note_reduces_family_first),
        cmocka_unit_test(test_receivable_aging_bucket_edges),
        cmocka_unit_test(test_receivable_currencies_apart),
        cmocka_unit_test(test_receivable_statement_balances),
        cmocka_unit_test(test_receivable_replay_refuses_bad_logs),
        cmocka_unit_test(test_receivable_empty_log),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
