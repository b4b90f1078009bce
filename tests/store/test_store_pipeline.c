/*
 * Tests of ledger/store/store.c's pipelining against the real server scripts/test
 * starts (libpq's environment names it): statements queued by ldg_store_exec_later run
 * in order before the statement that syncs them; a queued failure is returned by the
 * call that syncs, with its own SQLSTATE, and takes the transaction with it; reads sent
 * with ldg_store_send come back under their tickets in any order, with statements run
 * in between answering for themselves; results never taken are dropped at the end of the
 * transaction; outside a transaction a queued statement runs at once; statements sent
 * again are prepared, and one that cannot be keeps working unprepared. Each test works
 * in a temporary table of its own session.
 *
 * Exit 77 (skipped) when LEASELEDGER_TEST_DB is unset; a failed connection fails the
 * test when LEASELEDGER_TEST_REQUIRE_DB is set (CI and scripts/test set both).
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/store/store.h"

#include <stdio.h>
#include <stdlib.h>

static ldg_store *st;

static int setup(void **state)
{
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    if (ldg_store_open(&st, NULL, &err) != LDG_OK) {
        fprintf(stderr, "test_store_pipeline: %s\n", err.message);
        return -1;
    }
    ldg_error_clear(&err);
    return ldg_store_exec(NULL, st,
                          "CREATE TEMP TABLE pipe (n int PRIMARY KEY CHECK (n >= 0))", 0,
                          NULL, &err) == LDG_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    ldg_store_close(st);
    st = NULL;
    return 0;
}

static void put(int n, ldg_error *err)
{
    char v[24];
    const char *params[1] = { ldg_store_i64(v, n) };

    assert_int_equal(
        ldg_store_exec_later(st, "INSERT INTO pipe (n) VALUES ($1)", 1, params, err),
        LDG_OK);
}

static int64_t count_rows(void)
{
    PGresult *res = NULL;
    ldg_error err;
    int64_t n;

    ldg_error_clear(&err);
    assert_int_equal(ldg_store_exec(&res, st, "SELECT count(*) FROM pipe", 0, NULL, &err),
                     LDG_OK);
    n = ldg_store_int64(res, 0, 0);
    PQclear(res);
    return n;
}

static void empty_table(void)
{
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_store_exec(NULL, st, "DELETE FROM pipe", 0, NULL, &err), LDG_OK);
}

/* Queued inserts, more than one queue holds, run in order before the read that syncs
 * them, and commit with the transaction. */
static void test_queued_writes_in_order(void **state)
{
    ldg_error err;

    (void)state;
    empty_table();
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    for (int i = 0; i < 200; i++)
        put(i, &err);
    assert_int_equal(count_rows(), 200);
    put(200, &err);
    assert_int_equal(ldg_store_commit(st, &err), LDG_OK);
    assert_int_equal(count_rows(), 201);
}

/* A queued statement that fails is reported by the call that syncs, with its SQLSTATE;
 * the statements after it do not run and the transaction is lost. */
static void test_queued_failure_reported_at_sync(void **state)
{
    ldg_error err;
    PGresult *res = NULL;

    (void)state;
    empty_table();
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    put(1, &err);
    put(-1, &err); /* the CHECK fails */
    put(2, &err);
    assert_int_equal(ldg_store_exec(&res, st, "SELECT 1", 0, NULL, &err), LDG_EDB);
    assert_null(res);
    assert_string_equal(err.sqlstate, "23514");
    ldg_store_rollback(st);
    assert_int_equal(count_rows(), 0);

    /* the same failure found by COMMIT */
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    put(3, &err);
    put(3, &err); /* the primary key */
    assert_int_equal(ldg_store_commit(st, &err), LDG_ECONFLICT);
    assert_string_equal(err.sqlstate, "23505");
    ldg_store_rollback(st);
    assert_int_equal(count_rows(), 0);
}

/* Reads sent together come back under their tickets, taken in any order; a statement
 * run in between answers for itself; a read sent after a write sees it. */
static void test_sent_reads_by_ticket(void **state)
{
    ldg_error err;
    ldg_store_ticket ta = 0, tb = 0, tc = 0;
    PGresult *a = NULL, *b = NULL, *c = NULL, *mid = NULL;

    (void)state;
    empty_table();
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    assert_int_equal(ldg_store_send(&ta, st, "SELECT 'a'", 0, NULL, &err), LDG_OK);
    put(7, &err);
    assert_int_equal(ldg_store_send(&tb, st, "SELECT count(*) FROM pipe", 0, NULL, &err),
                     LDG_OK);
    assert_int_equal(ldg_store_exec(&mid, st, "SELECT 'mid'", 0, NULL, &err), LDG_OK);
    assert_string_equal(PQgetvalue(mid, 0, 0), "mid");
    assert_int_equal(ldg_store_send(&tc, st, "SELECT 'c'", 0, NULL, &err), LDG_OK);
    assert_true(ta != 0 && tb != 0 && tc != 0 && ta != tb && tb != tc);
    assert_int_equal(ldg_store_take(&c, st, tc, &err), LDG_OK);
    assert_string_equal(PQgetvalue(c, 0, 0), "c");
    assert_int_equal(ldg_store_take(&a, st, ta, &err), LDG_OK);
    assert_string_equal(PQgetvalue(a, 0, 0), "a");
    assert_int_equal(ldg_store_take(&b, st, tb, &err), LDG_OK);
    assert_string_equal(PQgetvalue(b, 0, 0), "1");
    PQclear(a);
    PQclear(b);
    PQclear(c);
    PQclear(mid);
    /* taken once only */
    assert_int_equal(ldg_store_take(&a, st, ta, &err), LDG_EINTERNAL);
    assert_int_equal(ldg_store_commit(st, &err), LDG_OK);
}

/* A failed sent read is returned by take; results never taken are dropped by the end
 * of the transaction (valgrind and LeakSanitizer see no leak). */
static void test_sent_failure_and_untaken(void **state)
{
    ldg_error err;
    ldg_store_ticket t = 0, t1 = 0;
    PGresult *res = NULL;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    assert_int_equal(ldg_store_send(&t, st, "SELECT 1/0", 0, NULL, &err), LDG_OK);
    assert_int_equal(ldg_store_take(&res, st, t, &err), LDG_EDB);
    assert_string_equal(err.sqlstate, "22012");
    assert_null(res);
    ldg_store_rollback(st);

    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    assert_int_equal(ldg_store_send(&t1, st, "SELECT 1", 0, NULL, &err), LDG_OK);
    assert_int_equal(ldg_store_send(&t, st, "SELECT 2", 0, NULL, &err), LDG_OK);
    assert_int_equal(ldg_store_exec(NULL, st, "SELECT 3", 0, NULL, &err), LDG_OK);
    assert_int_equal(ldg_store_commit(st, &err), LDG_OK);
    /* and the next transaction has nothing to take */
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    assert_int_equal(ldg_store_take(&res, st, t1, &err), LDG_EINTERNAL);
    ldg_store_rollback(st);
}

/* Outside a transaction a queued statement runs at once, and a sent read is answered. */
static void test_outside_transaction(void **state)
{
    ldg_error err;
    ldg_store_ticket t = 0;
    PGresult *res = NULL;

    (void)state;
    empty_table();
    ldg_error_clear(&err);
    put(5, &err);
    assert_int_equal(count_rows(), 1);
    assert_int_equal(ldg_store_send(&t, st, "SELECT 'x'", 0, NULL, &err), LDG_OK);
    assert_int_equal(ldg_store_take(&res, st, t, &err), LDG_OK);
    assert_string_equal(PQgetvalue(res, 0, 0), "x");
    PQclear(res);
    {
        char v[24];
        const char *params[1] = { ldg_store_i64(v, 5) };
        assert_int_equal(
            ldg_store_exec_later(st, "INSERT INTO pipe (n) VALUES ($1)", 1, params, &err),
            LDG_ECONFLICT);
    }
}

static int64_t sent_value(const char *sql, int64_t v, ldg_code want)
{
    char b[24];
    const char *params[1] = { ldg_store_i64(b, v) };
    ldg_store_ticket t = 0;
    PGresult *res = NULL;
    ldg_error err;
    int64_t got = -1;

    ldg_error_clear(&err);
    assert_int_equal(ldg_store_send(&t, st, sql, 1, params, &err), LDG_OK);
    assert_int_equal(ldg_store_take(&res, st, t, &err), want);
    if (want == LDG_OK)
        got = ldg_store_int64(res, 0, 0);
    PQclear(res);
    return got;
}

static int64_t prepared_count(const char *sql)
{
    const char *params[1] = { sql };
    PGresult *res = NULL;
    ldg_error err;
    int64_t n;

    ldg_error_clear(&err);
    assert_int_equal(ldg_store_exec(&res, st,
                                    "SELECT count(*) FROM pg_prepared_statements"
                                    " WHERE statement = $1",
                                    1, params, &err),
                     LDG_OK);
    n = ldg_store_int64(res, 0, 0);
    PQclear(res);
    return n;
}

/* A statement sent again is prepared (at its second use) and answers with each call's
 * own parameters; one whose preparing failed (an unknown table) keeps working
 * unprepared, one whose Parse was skipped (sent after a failure in the same round trip)
 * is prepared at a later use: every call gets its own answer or its own error, never
 * "prepared statement does not exist". */
static void test_prepared_statements(void **state)
{
    static const char add_one[] = "SELECT $1::bigint + 1";
    static const char missing[] = "SELECT count(*) FROM no_such_table WHERE $1::int > 0";
    static const char twice[] = "SELECT $1::bigint * 2";
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    for (int64_t i = 0; i < 5; i++)
        assert_int_equal(sent_value(add_one, i, LDG_OK), i + 1);
    for (int i = 0; i < 3; i++)
        (void)sent_value(missing, 1, LDG_EDB);
    ldg_store_rollback(st);

    /* twice's Parse is skipped: it follows a failure in the same pipeline */
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    assert_int_equal(sent_value(twice, 2, LDG_OK), 4);
    {
        ldg_store_ticket t1 = 0, t2 = 0;
        PGresult *res = NULL;
        const char *params[1] = { "3" };

        assert_int_equal(ldg_store_send(&t1, st, "SELECT 1/0", 0, NULL, &err), LDG_OK);
        assert_int_equal(ldg_store_send(&t2, st, twice, 1, params, &err), LDG_OK);
        assert_int_equal(ldg_store_take(&res, st, t2, &err), LDG_EDB);
        assert_string_equal(err.sqlstate, "22012");
    }
    ldg_store_rollback(st);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    for (int64_t i = 0; i < 3; i++)
        assert_int_equal(sent_value(twice, i, LDG_OK), 2 * i);
    for (int64_t i = 5; i < 8; i++)
        assert_int_equal(sent_value(add_one, i, LDG_OK), i + 1);
    assert_int_equal(ldg_store_commit(st, &err), LDG_OK);
    /* add_one and twice (prepared again after the skipped Parse) are prepared on the
     * session, missing is not */
    assert_int_equal(prepared_count(add_one), 1);
    assert_int_equal(prepared_count(twice), 1);
    assert_int_equal(prepared_count(missing), 0);
}

/* Units for ldg_store_run / ldg_store_rehearse: queue one insert of *(int *)ctx. */
static ldg_code queue_one(ldg_store *s, void *ctx, ldg_error *err)
{
    char v[24];
    const char *params[1] = { ldg_store_i64(v, *(const int *)ctx) };

    return ldg_store_exec_later(s, "INSERT INTO pipe (n) VALUES ($1)", 1, params, err);
}

/* A queued write that would fail fails the unit it ends, also where nothing follows it:
 * a dry run (ldg_store_rehearse) and a COMMIT after ldg_store_conn flushed it. */
static void test_failure_at_the_end_of_a_unit(void **state)
{
    ldg_error err;
    int bad = -1;

    (void)state;
    empty_table();
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_rehearse(st, queue_one, &bad, &err), LDG_EDB);
    assert_string_equal(err.sqlstate, "23514");

    ldg_error_clear(&err);
    assert_int_equal(ldg_store_begin(st, &err), LDG_OK);
    assert_int_equal(queue_one(st, &bad, &err), LDG_OK);
    (void)ldg_store_conn(st); /* flushes: the failure is kept for the COMMIT */
    assert_int_equal(ldg_store_commit(st, &err), LDG_EDB);
    assert_string_equal(err.sqlstate, "23514");
    ldg_store_rollback(st);
    assert_int_equal(count_rows(), 0);
}

/* In a rehearsal (nightly --dry-run), a unit whose queued write fails at its end is
 * undone and the rehearsal goes on: the next unit's work is seen, then all of it is
 * rolled back. */
static void test_rehearsal_unit_failure(void **state)
{
    ldg_error err;
    int bad = -1, good = 9;

    (void)state;
    empty_table();
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_rehearsal_begin(st, &err), LDG_OK);
    assert_int_equal(ldg_store_run(st, queue_one, &bad, &err), LDG_EDB);
    ldg_error_clear(&err);
    assert_int_equal(ldg_store_run(st, queue_one, &good, &err), LDG_OK);
    assert_int_equal(count_rows(), 1);
    ldg_store_rehearsal_end(st);
    assert_int_equal(count_rows(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_queued_writes_in_order),
        cmocka_unit_test(test_queued_failure_reported_at_sync),
        cmocka_unit_test(test_sent_reads_by_ticket),
        cmocka_unit_test(test_sent_failure_and_untaken),
        cmocka_unit_test(test_outside_transaction),
        cmocka_unit_test(test_prepared_statements),
        cmocka_unit_test(test_failure_at_the_end_of_a_unit),
        cmocka_unit_test(test_rehearsal_unit_failure),
    };
    const char *db = getenv("LEASELEDGER_TEST_DB");

    if (!db || !*db) {
        fprintf(stderr, "test_store_pipeline: LEASELEDGER_TEST_DB is not set: skipped\n");
        return 77;
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
