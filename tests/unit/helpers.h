/*
 * Fixtures shared by the unit tests: values written the way a person writes them
 * (single-quoted JSON, RFC 3339 instants, decimal strings, "YYYY-MM" periods) turned
 * into what the library takes, failing the test at once on a typo in the test itself.
 *
 * Static inline functions rather than a helpers.c: each test program stays one file
 * linked with the library alone (CMakeLists.txt, ldg_unit_test), and a test that does
 * not call one of them gets no unused-function warning.
 */
#ifndef LEASELEDGER_TESTS_UNIT_HELPERS_H
#define LEASELEDGER_TESTS_UNIT_HELPERS_H

#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
/* clang-format on */

/* JSON written with single quotes (so C strings need no escapes), parsed. The caller
 * owns the value (json_decref). */
static inline json_t *q(const char *text)
{
    size_t n = strlen(text), i;
    char *buf = malloc(n + 1);
    json_error_t je;
    json_t *j;

    assert_non_null(buf);
    for (i = 0; i <= n; i++)
        buf[i] = text[i] == '\'' ? '"' : text[i];
    j = json_loads(buf, 0, &je);
    if (!j)
        fail_msg("bad test JSON: %s at %d: %s", je.text, je.position, buf);
    free(buf);
    return j;
}

/* An RFC 3339 instant ("2026-11-10T00:00:00Z"). */
static inline ldg_time at(const char *s)
{
    ldg_time t = 0;

    if (ldg_time_parse_str(&t, s, NULL) != LDG_OK)
        fail_msg("bad test time %s", s);
    return t;
}

/* A decimal string ("1.850000") in micro-units. */
static inline int64_t dec(const char *s)
{
    int64_t v = 0;

    if (ldg_fixed_parse_str(&v, s, NULL) != LDG_OK)
        fail_msg("bad test decimal %s", s);
    return v;
}

/* A billing period ("2026-11"). */
static inline ldg_period period(const char *s)
{
    ldg_period p;

    assert_int_equal(ldg_period_parse(&p, s, NULL), LDG_OK);
    return p;
}

/* A contract of base and up to 4 amendments (single-quoted JSON). The caller owns it
 * (ldg_contract_free). */
static inline ldg_contract *contract_of(const char *base, const char *const *amends,
                                        size_t n)
{
    json_t *b = q(base), *a[4];
    ldg_contract *c = NULL;
    ldg_error err;
    size_t i;

    assert_true(n <= 4);
    for (i = 0; i < n; i++)
        a[i] = q(amends[i]);
    ldg_error_clear(&err);
    if (ldg_contract_from_json(&c, b, (const json_t *const *)a, n, &err) != LDG_OK)
        fail_msg("contract: %s", err.message);
    json_decref(b);
    for (i = 0; i < n; i++)
        json_decref(a[i]);
    return c;
}

/* One usage item of kind and class over [from, to), qty a decimal string. */
static inline ldg_usage item(ldg_usage_kind kind, ldg_gpu_class cls, const char *from,
                             const char *to, const char *qty)
{
    ldg_usage u;

    u.kind = kind;
    u.cls = cls;
    u.start = at(from);
    u.end = at(to);
    u.qty_micros = dec(qty);
    return u;
}

#endif
