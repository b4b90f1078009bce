/*
 * libFuzzer target: evidence bundles (ledger/bundle.h), what `leaseledger-verify`
 * reads from a party it does not trust, and consistency documents (`audit
 * consistency` output) checked against a kept checkpoint.
 *
 * Each input goes to ldg_bundle_verify (the bundle's own key: the seeds, written by
 * `audit bundle` for tests/fuzz/corpus/fuzz_bundle/, then verify whole, re-rating
 * included) and to ldg_bundle_verify_consistency against the kept checkpoint and key
 * below (those of the seed consistency document; a test key, not a key in use).
 * Properties: a bundle that cannot be read is LDG_EINVAL (or LDG_ENOMEM) with a
 * message; a bundle that was read reports each check as one line of text without
 * control characters (reports quote hostile values), counts a failure for each failed
 * report, and names a tenant of at most 63 bytes; nothing reads out of bounds, leaks,
 * or takes more than libFuzzer's time and memory limits.
 */
#include "ledger/bundle.h"
#include "tests/fuzz/fuzz.h"

static const char OLD_NOTE[] = "bundle.example/ll/anthropic\n"
                               "6\n"
                               "diZYyJr0N8Db2jcwxjABNbDiLwiDBCgrPFo8T8kI84c=\n"
                               "\n"
                               "\xe2\x80\x94 bundle.example/ll "
                               "ombGsj0iOA8JoL9nHVc2d+pIravvZYRU1GPpDD+"
                               "cU66quOhrMEQGuinkIz5qiT9yEST3IoynJA7jnhK1XDQ98/gpcAU=\n";
static const char VKEY[] =
    "bundle.example/ll+a266c6b2+ATNoe0rCmnWV7nozLnuh4h3hQ+M7aEIbZN6O+l/b8DnR";

typedef struct reports {
    int64_t failed;
} reports;

static void on_report(void *ctx, int ok, const char *what)
{
    reports *r = ctx;

    FUZZ_CHECK(what != NULL);
    FUZZ_CHECK(fuzz_text_ok(what, 4096));
    if (!ok)
        r->failed++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    ldg_bundle_verify_opts opts;
    ldg_bundle_summary sum;
    reports rep = { 0 };
    ldg_error e;
    ldg_code rc;

    memset(&opts, 0, sizeof(opts));
    opts.report = on_report;
    opts.ctx = &rep;
    ldg_error_clear(&e);
    rc = ldg_bundle_verify(&sum, text, size, &opts, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL || rc == LDG_ENOMEM);
    if (rc == LDG_OK) {
        FUZZ_CHECK(strnlen(sum.tenant, sizeof(sum.tenant)) < sizeof(sum.tenant));
        FUZZ_CHECK(sum.failures == rep.failed);
        FUZZ_CHECK(sum.entries >= sum.usage && sum.usage >= 0);
    }

    ldg_error_clear(&e);
    rc = ldg_bundle_verify_consistency(text, size, OLD_NOTE, sizeof(OLD_NOTE) - 1, VKEY,
                                       &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL || rc == LDG_ENOMEM);
    free(text);
    return 0;
}
