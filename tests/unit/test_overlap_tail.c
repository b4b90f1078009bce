/*
 * Unit tests for ledger/overlap_tail.c: which records of a chunk are suspects (they
 * start before their key's tail as appended), with and without a stored tail, and the
 * keys' least start and greatest end that decide which stored tails are read. Hours are
 * counted from 0 (H(n) seconds).
 */
#include "ledger/overlap_tail.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define H(n) ((ldg_time)(n)*3600)

static ldg_overlap_tail *fresh(void)
{
    ldg_overlap_tail *t = NULL;

    assert_int_equal(ldg_overlap_tail_new(&t, NULL), LDG_OK);
    return t;
}

/* Adds a GPU record of meter m, tenant 1, site 1, as the next seq. */
static void add(ldg_overlap_tail *t, const char *m, ldg_time s, ldg_time e)
{
    int64_t seq = (int64_t)ldg_overlap_tail_nrecs(t) + 1;

    assert_int_equal(ldg_overlap_tail_add(t, 1, 1, 1, m, s, e, seq, NULL), LDG_OK);
}

static int suspect(const ldg_overlap_tail *t, size_t i)
{
    return ldg_overlap_tail_rec(t, i)->suspect;
}

/* Hourly records in time order, touching end to start: no suspect. */
static void test_overlap_tail_in_order_none(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    for (int h = 0; h < 24; h++)
        add(t, "pod-1", H(h), H(h + 1));
    assert_int_equal(ldg_overlap_tail_nkeys(t), 1);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->lo, H(0));
    assert_int_equal(ldg_overlap_tail_key(t, 0)->hi, H(24));
    assert_int_equal(ldg_overlap_tail_walk(t), 0);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(24));
    ldg_overlap_tail_free(t);
}

/* An hour appended after the hours that follow it is no overlap; the same hour twice
 * is, and only the later-appended copy is the suspect. */
static void test_overlap_tail_out_of_order(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    add(t, "pod-1", H(5), H(6));
    add(t, "pod-1", H(6), H(7));
    add(t, "pod-1", H(2), H(3)); /* earlier in time, later in the log: suspect */
    add(t, "pod-1", H(5), H(6)); /* the same hour again */
    assert_int_equal(ldg_overlap_tail_walk(t), 2);
    assert_false(suspect(t, 0));
    assert_false(suspect(t, 1));
    assert_true(suspect(t, 2)); /* a superset: reconciliation finds no overlap there */
    assert_true(suspect(t, 3));
    ldg_overlap_tail_free(t);
}

/* A day-long record appended after the 24 hours it covers is the suspect; the hours
 * before it are not. */
static void test_overlap_tail_long_after_short(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    for (int h = 0; h < 24; h++)
        add(t, "pod-1", H(h), H(h + 1));
    add(t, "pod-1", H(0), H(24));
    assert_int_equal(ldg_overlap_tail_walk(t), 1);
    assert_true(suspect(t, 24));
    /* and the other way round: the hours after the long record are all suspects */
    ldg_overlap_tail_clear(t);
    add(t, "pod-1", H(0), H(24));
    for (int h = 0; h < 24; h++)
        add(t, "pod-1", H(h), H(h + 1));
    assert_int_equal(ldg_overlap_tail_walk(t), 24);
    assert_false(suspect(t, 0));
    ldg_overlap_tail_free(t);
}

/* The tail stored by an earlier run counts: a record starting before it is a suspect,
 * one starting at it is not, and the tail after the chunk is the greatest end. */
static void test_overlap_tail_stored(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    add(t, "pod-1", H(9), H(10));
    add(t, "pod-1", H(10), H(11));
    ldg_overlap_tail_set_stored(t, 0, H(10));
    assert_int_equal(ldg_overlap_tail_walk(t), 1);
    assert_true(suspect(t, 0));
    assert_false(suspect(t, 1));
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(11));
    /* a stored tail beyond the chunk stays the tail */
    ldg_overlap_tail_set_stored(t, 0, H(20));
    assert_int_equal(ldg_overlap_tail_walk(t), 2);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(20));
    ldg_overlap_tail_free(t);
}

/* Meters, kinds, sites and tenants are keys of their own: the same hour on each is no
 * suspect. */
static void test_overlap_tail_keys_apart(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    assert_int_equal(ldg_overlap_tail_add(t, 1, 1, 1, "pod-1", H(0), H(1), 1, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_add(t, 1, 1, 1, "pod-2", H(0), H(1), 2, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_add(t, 1, 1, 3, "pod-1", H(0), H(1), 3, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_add(t, 1, 2, 1, "pod-1", H(0), H(1), 4, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_add(t, 2, 1, 1, "pod-1", H(0), H(1), 1, NULL),
                     LDG_OK);
    /* a meter that is a prefix of another is another key */
    assert_int_equal(ldg_overlap_tail_add(t, 1, 1, 1, "pod-", H(0), H(1), 5, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_nkeys(t), 6);
    assert_int_equal(ldg_overlap_tail_walk(t), 0);
    assert_int_equal(ldg_overlap_tail_add(t, 2, 1, 1, "pod-1", H(0), H(2), 2, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_nkeys(t), 6);
    assert_int_equal(ldg_overlap_tail_walk(t), 1);
    assert_true(suspect(t, 6));
    assert_int_equal(ldg_overlap_tail_key(t, 4)->lo, H(0));
    assert_int_equal(ldg_overlap_tail_key(t, 4)->hi, H(2));
    ldg_overlap_tail_free(t);
}

/* More keys and records than the first allocation holds. */
static void test_overlap_tail_grows(void **state)
{
    static char m[5000][16]; /* meters are borrowed */
    ldg_overlap_tail *t = fresh();

    (void)state;
    for (int i = 0; i < 5000; i++) {
        snprintf(m[i], sizeof(m[i]), "pod-%d", i);
        add(t, m[i], H(0), H(1));
    }
    add(t, "pod-4999", H(0), H(1));
    assert_int_equal(ldg_overlap_tail_nkeys(t), 5000);
    assert_int_equal(ldg_overlap_tail_walk(t), 1);
    assert_true(suspect(t, 5000));
    assert_string_equal(ldg_overlap_tail_key(t, 4999)->meter, "pod-4999");
    ldg_overlap_tail_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_tail_in_order_none),
        cmocka_unit_test(test_overlap_tail_out_of_order),
        cmocka_unit_test(test_overlap_tail_long_after_short),
        cmocka_unit_test(test_overlap_tail_stored),
        cmocka_unit_test(test_overlap_tail_keys_apart),
        cmocka_unit_test(test_overlap_tail_grows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
