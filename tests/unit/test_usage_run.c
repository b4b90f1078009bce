/*
 * Unit tests for ledger/usage_run.c (what a run of usage entries says, which of its
 * entries a basis selection takes, and the check of stored runs against the entries) and
 * for the basis digest's ranges (ledger/invoice.c, ldg_basis_digest_add_range: the same
 * bytes as one line per seq). Hours are counted from 0 (H(n) seconds).
 */
#include "ledger/invoice.h"
#include "ledger/merkle.h"
#include "ledger/usage_run.h"

#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define H(n) ((ldg_time)(n)*3600)

static void add(ldg_usage_runs *rs, int32_t tenant, int32_t site, int64_t seq, ldg_time s,
                ldg_time e)
{
    assert_int_equal(ldg_usage_runs_add(rs, tenant, site, seq, s, e, NULL), LDG_OK);
}

static void test_usage_run_extends_and_splits(void **state)
{
    ldg_usage_runs rs = { 0 };

    (void)state;
    add(&rs, 1, 1, 10, H(2), H(3));
    add(&rs, 1, 1, 11, H(0), H(5)); /* extends: bounds widen both ways */
    add(&rs, 1, 1, 12, H(1), H(2));
    add(&rs, 2, 1, 13, H(0), H(1)); /* another tenant: a new run */
    add(&rs, 2, 1, 15, H(0), H(1)); /* a gap (a document at 14): a new run */
    add(&rs, 2, 3, 16, H(0), H(1)); /* another site: the same run, sites mixed */
    assert_int_equal(rs.n, 3);
    assert_int_equal(rs.v[0].tenant_id, 1);
    assert_int_equal(rs.v[0].seq_lo, 10);
    assert_int_equal(rs.v[0].seq_hi, 12);
    assert_int_equal(rs.v[0].site_id, 1);
    assert_true(rs.v[0].start_min == H(0) && rs.v[0].start_max == H(2));
    assert_true(rs.v[0].end_min == H(2) && rs.v[0].end_max == H(5));
    assert_true(rs.v[1].seq_lo == 13 && rs.v[1].seq_hi == 13);
    assert_true(rs.v[2].seq_lo == 15 && rs.v[2].seq_hi == 16);
    assert_int_equal(rs.v[2].site_id, 0);
    ldg_usage_runs_clear(&rs);
    assert_int_equal(rs.n, 0);
    add(&rs, 1, 1, 17, H(0), H(1)); /* after a clear: nothing to extend */
    assert_true(rs.n == 1 && rs.v[0].seq_lo == 17);
    ldg_usage_runs_cleanup(&rs);
}

static ldg_usage_run run(int32_t site, ldg_time s0, ldg_time s1, ldg_time e0, ldg_time e1)
{
    return (ldg_usage_run){ .tenant_id = 1,
                            .site_id = site,
                            .seq_lo = 0,
                            .seq_hi = 9,
                            .start_min = s0,
                            .start_max = s1,
                            .end_min = e0,
                            .end_max = e1 };
}

/* Selection: site 1, start < H(24), end > H(0) (the entries overlapping [0, 24h)). */
static ldg_run_cover cover(ldg_usage_run r)
{
    return ldg_usage_run_cover(&r, 1, H(0), H(24));
}

static void test_usage_run_cover(void **state)
{
    (void)state;
    assert_int_equal(cover(run(1, H(0), H(23), H(1), H(24))), LDG_RUN_ALL);
    /* an entry from before the selection that ends inside it is in it */
    assert_int_equal(cover(run(1, H(-5), H(3), H(1), H(4))), LDG_RUN_ALL);
    assert_int_equal(cover(run(2, H(0), H(23), H(1), H(24))), LDG_RUN_NONE);
    assert_int_equal(cover(run(1, H(24), H(30), H(25), H(31))), LDG_RUN_NONE);
    assert_int_equal(cover(run(1, H(-9), H(-1), H(-8), H(0))), LDG_RUN_NONE);
    /* straddling either bound: some */
    assert_int_equal(cover(run(1, H(20), H(24), H(21), H(25))), LDG_RUN_SOME);
    assert_int_equal(cover(run(1, H(-2), H(1), H(0), H(2))), LDG_RUN_SOME);
    /* several sites: never all, none only when the times rule every entry out */
    assert_int_equal(cover(run(0, H(0), H(23), H(1), H(24))), LDG_RUN_SOME);
    assert_int_equal(cover(run(0, H(24), H(30), H(25), H(31))), LDG_RUN_NONE);
}

/* SHA-256 over "lo\n" .. "hi\n", one line at a time, as the format says. */
static void reference(char out[45], int64_t lo, int64_t hi)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ldg_hash h;
    unsigned int len = 0;

    assert_non_null(ctx);
    assert_int_equal(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL), 1);
    for (int64_t s = lo; s <= hi; s++) {
        char line[32];
        int n = snprintf(line, sizeof(line), "%lld\n", (long long)s);
        assert_int_equal(EVP_DigestUpdate(ctx, line, (size_t)n), 1);
    }
    assert_int_equal(EVP_DigestFinal_ex(ctx, h.b, &len), 1);
    EVP_MD_CTX_free(ctx);
    ldg_hash_to_base64(out, &h);
}

static void test_basis_digest_range(void **state)
{
    ldg_basis_digest *a = NULL, *b = NULL;
    ldg_invoice_basis x = { 0 }, y = { 0 };
    char want[45];

    (void)state;
    /* across many 4096-byte buffers, and digits growing from 1 to 6 */
    assert_int_equal(ldg_basis_digest_new(&a, NULL), LDG_OK);
    assert_int_equal(ldg_basis_digest_new(&b, NULL), LDG_OK);
    assert_int_equal(ldg_basis_digest_add_range(a, 0, 99999, NULL), LDG_OK);
    assert_int_equal(ldg_basis_digest_add_range(a, 100000, 99999, NULL),
                     LDG_OK); /* none */
    for (int64_t s = 0; s <= 99999; s++)
        assert_int_equal(ldg_basis_digest_add(b, s, NULL), LDG_OK);
    /* not ascending: refused, whether one seq or a range */
    assert_int_equal(ldg_basis_digest_add(a, 99999, NULL), LDG_EINVAL);
    assert_int_equal(ldg_basis_digest_add_range(b, 5, 7, NULL), LDG_EINVAL);
    ldg_basis_digest_finish(a, &x);
    ldg_basis_digest_finish(b, &y);
    reference(want, 0, 99999);
    assert_int_equal(x.count, 100000);
    assert_int_equal(y.count, 100000);
    assert_string_equal(x.sha256, want);
    assert_string_equal(y.sha256, want);
    ldg_basis_digest_free(a);
    ldg_basis_digest_free(b);
    /* a negative seq is refused */
    assert_int_equal(ldg_basis_digest_new(&a, NULL), LDG_OK);
    assert_int_equal(ldg_basis_digest_add_range(a, -1, 3, NULL), LDG_EINVAL);
    ldg_basis_digest_free(a);
}

typedef struct bad_log {
    int n;
    int64_t seq[8];
    char why[8][160];
} bad_log;

static void note_bad(void *ctx, int64_t seq, const char *why)
{
    bad_log *l = ctx;

    if (l->n < 8) {
        l->seq[l->n] = seq;
        snprintf(l->why[l->n], sizeof(l->why[0]), "%s", why);
    }
    l->n++;
}

/* Runs 1..3 and 5..6 at site 1 (seq 4 is a document), entries between hours 0 and 2. */
static ldg_usage_runs two_runs(void)
{
    ldg_usage_runs rs = { 0 };

    add(&rs, 1, 1, 1, H(0), H(1));
    add(&rs, 1, 1, 2, H(1), H(2));
    add(&rs, 1, 1, 3, H(0), H(2));
    add(&rs, 1, 1, 5, H(0), H(1));
    add(&rs, 1, 1, 6, H(0), H(1));
    return rs;
}

static void test_usage_run_check_true(void **state)
{
    ldg_usage_runs rs = two_runs();
    ldg_usage_run_check c;
    bad_log l = { 0 };

    (void)state;
    ldg_usage_run_check_begin(&c, &rs, 0, 7, note_bad, &l);
    ldg_usage_run_check_entry(&c, 1, 1, H(0), H(1));
    ldg_usage_run_check_entry(&c, 2, 1, H(1), H(2));
    ldg_usage_run_check_entry(&c, 3, 1, H(0), H(2));
    ldg_usage_run_check_entry(&c, 5, 1, H(0), H(1));
    ldg_usage_run_check_entry(&c, 6, 1, H(0), H(1));
    ldg_usage_run_check_end(&c);
    assert_int_equal(l.n, 0);
    /* from the middle of the first run: it is not counted, its bounds still are */
    ldg_usage_run_check_begin(&c, &rs, 3, 7, note_bad, &l);
    ldg_usage_run_check_entry(&c, 3, 1, H(0), H(2));
    ldg_usage_run_check_entry(&c, 5, 1, H(0), H(1));
    ldg_usage_run_check_entry(&c, 6, 1, H(0), H(1));
    ldg_usage_run_check_end(&c);
    assert_int_equal(l.n, 0);
    ldg_usage_runs_cleanup(&rs);
}

static void test_usage_run_check_lies(void **state)
{
    ldg_usage_runs rs = two_runs();
    ldg_usage_run_check c;
    bad_log l = { 0 };

    (void)state;
    ldg_usage_run_check_begin(&c, &rs, 0, 8, note_bad, &l);
    ldg_usage_run_check_entry(&c, 1, 1, H(0), H(1));
    ldg_usage_run_check_entry(&c, 2, 2, H(1), H(2)); /* another site */
    /* seq 3 is not a usage entry: the first run names one seq too many */
    ldg_usage_run_check_entry(&c, 4, 1, H(0), H(1)); /* in no run */
    ldg_usage_run_check_entry(&c, 5, 1, H(0), H(3)); /* ends after the run's bounds */
    ldg_usage_run_check_entry(&c, 6, 1, H(0), H(1));
    ldg_usage_run_check_entry(&c, 7, 1, H(0), H(1)); /* after every run */
    ldg_usage_run_check_end(&c);
    assert_int_equal(l.n, 5);
    assert_true(l.seq[0] == 2 && strstr(l.why[0], "outside the bounds"));
    assert_true(l.seq[1] == 1 && strstr(l.why[1], "usage run 1..3 names 3 seqs, but 2"));
    assert_true(l.seq[2] == 4 && strstr(l.why[2], "in no usage run"));
    assert_true(l.seq[3] == 5 && strstr(l.why[3], "outside the bounds"));
    assert_true(l.seq[4] == 7 && strstr(l.why[4], "in no usage run"));
    ldg_usage_runs_cleanup(&rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage_run_extends_and_splits),
        cmocka_unit_test(test_usage_run_cover),
        cmocka_unit_test(test_basis_digest_range),
        cmocka_unit_test(test_usage_run_check_true),
        cmocka_unit_test(test_usage_run_check_lies),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
