/*
 * Approval thresholds for amending documents. See amend_threshold.h for the rule.
 *
 * Invariant: both limits are non-negative, so a threshold of 0 holds every non-zero
 * amendment and nothing holds a zero one (none is issued).
 */
#include "ledger/amend_threshold.h"

#include "ledger/fixed.h"

#include <string.h>

static ldg_i128 abs128(int64_t v)
{
    return v < 0 ? -(ldg_i128)v : (ldg_i128)v; /* INT64_MIN fits in 128 bits */
}

ldg_amend_limit ldg_amend_threshold_above(const ldg_amend_threshold *t,
                                          int64_t amount_micros, int64_t original_micros)
{
    ldg_i128 a = abs128(amount_micros);

    if (!t)
        return LDG_AMEND_WITHIN;
    if (t->has_amount && a > (ldg_i128)t->amount_micros)
        return LDG_AMEND_ABOVE_AMOUNT;
    /* |A| / |O| x 100 > p, undivided: |A| x 100 x 10^6 > p_micros x |O| (both sides
     * below 2^63 x 10^8, far inside 128 bits) */
    if (t->has_percent &&
        a * 100 * LDG_MICRO > (ldg_i128)t->percent_micros * abs128(original_micros))
        return LDG_AMEND_ABOVE_PERCENT;
    return LDG_AMEND_WITHIN;
}

/* One non-negative decimal string member of "amend_approval". */
static ldg_code limit(bool *has, int64_t *out, const json_t *v, const char *name,
                      const char *what, ldg_error *err)
{
    const json_t *m = json_object_get(v, name);
    ldg_error local;

    if (!m)
        return LDG_OK;
    ldg_error_clear(&local);
    if (!json_is_string(m) ||
        ldg_fixed_parse(out, json_string_value(m), json_string_length(m), &local) !=
            LDG_OK ||
        *out < 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"amend_approval.%s\" must be a non-negative"
                             " decimal string",
                             what, name);
    *has = true;
    return LDG_OK;
}

ldg_code ldg_amend_threshold_parse(ldg_amend_threshold *out, const json_t *v,
                                   const char *what, ldg_error *err)
{
    const char *key;
    json_t *m;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(v))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"amend_approval\" must be an object with"
                             " \"amount_above\" and/or \"percent_above\"",
                             what);
    json_object_foreach((json_t *)(uintptr_t)v, key, m)
    {
        (void)m;
        if (strcmp(key, "amount_above") != 0 && strcmp(key, "percent_above") != 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s: field \"amend_approval\": unknown field \"%.64s\"",
                                 what, key);
    }
    if ((rc = limit(&out->has_amount, &out->amount_micros, v, "amount_above", what,
                    err)) != LDG_OK ||
        (rc = limit(&out->has_percent, &out->percent_micros, v, "percent_above", what,
                    err)) != LDG_OK)
        return rc;
    if (!out->has_amount && !out->has_percent)
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"amend_approval\" needs \"amount_above\" or"
                             " \"percent_above\"",
                             what);
    return LDG_OK;
}
