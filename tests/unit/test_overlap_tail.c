/*
 * Unit tests for ledger/overlap_tail.c: which records of a chunk are suspects (they
 * start before their key's tail as appended), with a stored tail, across chunks of one
 * run, with records of other runs merged in, and when a chunk attempt rolls back. Hours
 * are counted from 0 (H(n) seconds).
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
    ldg_overlap_tail_begin(t);
    return t;
}

/* Adds a GPU record of meter m, tenant 1, site 1, with seq. */
static void add(ldg_overlap_tail *t, const char *m, ldg_time s, ldg_time e, int64_t seq)
{
    assert_int_equal(ldg_overlap_tail_add(t, 1, 1, 1, m, s, e, seq, NULL), LDG_OK);
}

/* The chunk's keys not fetched yet get stored tail `stored`; then the walk. */
static size_t walk(ldg_overlap_tail *t, ldg_time stored)
{
    for (size_t j = 0; j < ldg_overlap_tail_chunk_nkeys(t); j++) {
        size_t i = ldg_overlap_tail_chunk_key(t, j);
        if (!ldg_overlap_tail_key(t, i)->fetched)
            ldg_overlap_tail_set_stored(t, i, stored);
    }
    return ldg_overlap_tail_walk(t);
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
        add(t, "pod-1", H(h), H(h + 1), h + 1);
    assert_int_equal(ldg_overlap_tail_nkeys(t), 1);
    assert_int_equal(ldg_overlap_tail_chunk_nkeys(t), 1);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 0);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->pending, H(24));
    ldg_overlap_tail_commit(t);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(24));
    ldg_overlap_tail_free(t);
}

/* An hour appended after the hours that follow it is no overlap; the same hour twice
 * is, and only the later-appended copy is the suspect. */
static void test_overlap_tail_out_of_order(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    add(t, "pod-1", H(5), H(6), 1);
    add(t, "pod-1", H(6), H(7), 2);
    add(t, "pod-1", H(2), H(3), 3); /* earlier in time, later in the log: suspect */
    add(t, "pod-1", H(5), H(6), 4); /* the same hour again */
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 2);
    assert_false(suspect(t, 0));
    assert_false(suspect(t, 1));
    assert_true(suspect(t, 2)); /* a superset: reconciliation finds no overlap there */
    assert_true(suspect(t, 3));
    ldg_overlap_tail_free(t);
}

/* A day-long record appended after the 24 hours it covers is the suspect; appended
 * before them, every hour after it is. */
static void test_overlap_tail_long_after_short(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    for (int h = 0; h < 24; h++)
        add(t, "pod-1", H(h), H(h + 1), h + 1);
    add(t, "pod-1", H(0), H(24), 25);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 1);
    assert_true(suspect(t, 24));
    ldg_overlap_tail_free(t);

    t = fresh();
    add(t, "pod-1", H(0), H(24), 1);
    for (int h = 0; h < 24; h++)
        add(t, "pod-1", H(h), H(h + 1), h + 2);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 24);
    assert_false(suspect(t, 0));
    ldg_overlap_tail_free(t);
}

/* The tail stored by an earlier run counts: a record starting before it is a suspect,
 * one starting at it is not; a stored tail past the chunk stays the tail. */
static void test_overlap_tail_stored(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    add(t, "pod-1", H(9), H(10), 7);
    add(t, "pod-1", H(10), H(11), 8);
    assert_int_equal(walk(t, H(10)), 1);
    assert_true(suspect(t, 0));
    assert_false(suspect(t, 1));
    ldg_overlap_tail_commit(t);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(11));
    ldg_overlap_tail_free(t);

    t = fresh();
    add(t, "pod-1", H(9), H(10), 7);
    assert_int_equal(walk(t, H(20)), 1);
    ldg_overlap_tail_commit(t);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(20));
    ldg_overlap_tail_free(t);
}

/* The second chunk of a run sees the first's records without reading the store again;
 * a chunk attempt that rolls back (no commit) leaves the tails as they were. */
static void test_overlap_tail_chunks_and_retry(void **state)
{
    ldg_overlap_tail *t = fresh();

    (void)state;
    add(t, "pod-1", H(0), H(1), 1);
    add(t, "pod-1", H(1), H(2), 2);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 0);
    ldg_overlap_tail_commit(t);
    /* an attempt that fails after its walk */
    add(t, "pod-1", H(2), H(5), 3);
    assert_true(ldg_overlap_tail_key(t, 0)->fetched);
    assert_int_equal(walk(t, H(99)), 0); /* fetched: the stored value is not asked */
    ldg_overlap_tail_begin(t);
    /* the retry: the same answer, the failed attempt's records are not in the tail */
    add(t, "pod-1", H(2), H(5), 3);
    add(t, "pod-1", H(1), H(2), 4);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 1);
    assert_false(suspect(t, 0));
    assert_true(suspect(t, 1));
    ldg_overlap_tail_commit(t);
    assert_int_equal(ldg_overlap_tail_key(t, 0)->tail, H(5));
    ldg_overlap_tail_free(t);
}

/* Records other runs appended (read back from the log) raise a tail, before or after
 * the stored one is read; tenants' seqs move only when their chunk commits. */
static void test_overlap_tail_merge_and_tenants(void **state)
{
    ldg_overlap_tail *t = fresh();
    int64_t seq = -1;
    int32_t id = 0;

    (void)state;
    assert_false(ldg_overlap_tail_tenant_seq(t, 1, &seq));
    assert_int_equal(ldg_overlap_tail_tenant_done(t, 1, 9, NULL), LDG_EINTERNAL);
    assert_int_equal(ldg_overlap_tail_tenant_set(t, 1, 10, NULL), LDG_OK);
    assert_int_equal(ldg_overlap_tail_merge(t, 1, 1, 1, "pod-1", H(8), NULL), LDG_OK);
    add(t, "pod-1", H(7), H(8), 10);
    assert_int_equal(walk(t, H(3)), 1); /* the merged record, not the stored tail */
    assert_int_equal(ldg_overlap_tail_tenant_done(t, 1, 11, NULL), LDG_OK);
    assert_true(ldg_overlap_tail_tenant_seq(t, 1, &seq));
    assert_int_equal(seq, 10);
    ldg_overlap_tail_commit(t);
    assert_true(ldg_overlap_tail_tenant_seq(t, 1, &seq));
    assert_int_equal(seq, 11);
    /* another run's record after ours, merged at the next chunk's sync */
    assert_int_equal(ldg_overlap_tail_merge(t, 1, 1, 1, "pod-1", H(12), NULL), LDG_OK);
    add(t, "pod-1", H(11), H(12), 12);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 1);
    assert_int_equal(ldg_overlap_tail_ntenants(t), 1);
    ldg_overlap_tail_tenant_at(t, 0, &id, &seq);
    assert_int_equal(id, 1);
    ldg_overlap_tail_reset(t);
    assert_int_equal(ldg_overlap_tail_nkeys(t), 0);
    assert_int_equal(ldg_overlap_tail_ntenants(t), 0);
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
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 0);
    assert_int_equal(ldg_overlap_tail_add(t, 2, 1, 1, "pod-1", H(0), H(2), 2, NULL),
                     LDG_OK);
    assert_int_equal(ldg_overlap_tail_nkeys(t), 6);
    assert_int_equal(ldg_overlap_tail_chunk_nkeys(t), 6);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 1);
    assert_true(suspect(t, 6));
    ldg_overlap_tail_free(t);
}

/* More keys and records than the first allocation holds; meters are copied. */
static void test_overlap_tail_grows(void **state)
{
    ldg_overlap_tail *t = fresh();
    char m[16];

    (void)state;
    for (int i = 0; i < 5000; i++) {
        snprintf(m, sizeof(m), "pod-%d", i);
        add(t, m, H(0), H(1), i + 1);
    }
    add(t, "pod-4999", H(0), H(1), 5001);
    assert_int_equal(ldg_overlap_tail_nkeys(t), 5000);
    assert_int_equal(walk(t, LDG_OVERLAP_NONE), 1);
    assert_true(suspect(t, 5000));
    assert_string_equal(ldg_overlap_tail_key(t, 4999)->meter, "pod-4999");
    assert_string_equal(ldg_overlap_tail_key(t, 17)->meter, "pod-17");
    ldg_overlap_tail_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlap_tail_in_order_none),
        cmocka_unit_test(test_overlap_tail_out_of_order),
        cmocka_unit_test(test_overlap_tail_long_after_short),
        cmocka_unit_test(test_overlap_tail_stored),
        cmocka_unit_test(test_overlap_tail_chunks_and_retry),
        cmocka_unit_test(test_overlap_tail_merge_and_tenants),
        cmocka_unit_test(test_overlap_tail_keys_apart),
        cmocka_unit_test(test_overlap_tail_grows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
