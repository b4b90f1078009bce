/*
 * Contract documents, amendments and the terms in force at an instant.
 *
 * Invariant: a document that parsed is valid on its own (types, ranges, orderings),
 * and a contract object's amendment chain is valid as a whole (each effective instant
 * inside the term as it stood just before it). Everything downstream (rating, the
 * verifier) relies on that and only asserts.
 *
 * Design: documents keep the parsed values next to a private deep copy of their JSON
 * (strings point into it). Terms are computed on demand by replaying the base and the
 * amendments up to the instant, then escalating each rate from the instant it was set:
 * one function decides what is in force, so `contract show --at` and rating cannot
 * disagree. Caching escalated terms per window was dropped: a period has a handful of
 * windows and replaying is cheap.
 */
#include "ledger/contract.h"

#include "ledger/charges.h"
#include "ledger/contract_billing.h"
#include "ledger/demand.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/text.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX           64
#define NAME_MAX_BYTES   256
#define PATH_MAX_BYTES   96
#define EVERY_MONTHS_MAX 1200
#define HUNDRED_MICROS   (100 * LDG_MICRO)

/* The one list of supported currencies and their minor-unit digits. */
static const struct {
    const char *code;
    int digits;
} currencies[] = {
    { "USD", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "CHF", 2 },
    { "CAD", 2 }, { "AUD", 2 }, { "JPY", 0 },
};
#define CURRENCY_LIST "USD, EUR, GBP, CHF, CAD, AUD, JPY"

struct ldg_contract_doc {
    json_t *json; /* private deep copy; the strings below point into it */
    const char *id, *tenant, *tenant_name, *site, *currency, *series, *amends;
    ldg_time starts, ends, effective;
    ldg_gpu_terms gpu[LDG_GPU_NCLASS];
    ldg_energy_terms energy;
    ldg_sla_terms sla;
    bool has_minimum;
    int64_t minimum_micros;
    bool has_escalator;
    int64_t esc_percent_micros;
    int64_t esc_every_months;
    ldg_billing_terms billing; /* contract_billing.c */
};

struct ldg_contract {
    ldg_contract_doc *base;
    ldg_contract_doc **amendments; /* effective order */
    size_t n, cap;
    ldg_time ends; /* term end after all amendments */
};

int ldg_contract_currency_digits(const char *code)
{
    size_t i;

    if (!code)
        return -1;
    for (i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
        if (strcmp(code, currencies[i].code) == 0)
            return currencies[i].digits;
    return -1;
}

/* ---- parsing ----------------------------------------------------------------------- */

/* What every parse helper needs: the contract's id for messages, and the sink. */
typedef struct pctx {
    const char *id; /* NULL until "contract" has been read */
    ldg_error *err;
} pctx;

__attribute__((format(printf, 4, 5))) static ldg_code
field_error(const pctx *p, ldg_code code, const char *field, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (p->id)
        return ldg_error_set(p->err, code, "contract \"%s\": field \"%s\": %s", p->id,
                             field, msg);
    return ldg_error_set(p->err, code, "contract document: field \"%s\": %s", field, msg);
}

static bool valid_id(const char *s)
{
    size_t n = strlen(s), i;

    if (n == 0 || n > ID_MAX)
        return false;
    for (i = 0; i < n; i++) {
        char ch = s[i];

        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return false;
    }
    return true;
}

/* Rejects members of obj not in allowed (NULL-terminated); path prefixes the name. */
static ldg_code check_keys(const pctx *p, json_t *obj, const char *prefix,
                           const char *const *allowed)
{
    const char *key;
    json_t *value;
    size_t i;

    json_object_foreach(obj, key, value)
    {
        bool known = false;

        (void)value;
        for (i = 0; allowed[i]; i++)
            if (strcmp(key, allowed[i]) == 0)
                known = true;
        if (!known) {
            char path[PATH_MAX_BYTES];

            snprintf(path, sizeof(path), "%s%.40s", prefix, key);
            return field_error(p, LDG_EINVAL, path, "unknown field");
        }
    }
    return LDG_OK;
}

/* obj[key] or NULL; a required member that is missing is an error. */
static ldg_code get_member(json_t **out, const pctx *p, const json_t *obj,
                           const char *key, const char *path, bool required)
{
    *out = json_object_get(obj, key);
    if (!*out && required)
        return field_error(p, LDG_EINVAL, path, "required field missing");
    return LDG_OK;
}

static ldg_code get_string(const char **out, const pctx *p, const json_t *obj,
                           const char *key, const char *path, bool required)
{
    json_t *v;
    ldg_code rc;

    *out = NULL;
    if ((rc = get_member(&v, p, obj, key, path, required)) != LDG_OK || !v)
        return rc;
    if (!json_is_string(v))
        return field_error(p, LDG_EINVAL, path, "must be a string");
    *out = json_string_value(v);
    return LDG_OK;
}

static ldg_code get_id(const char **out, const pctx *p, const json_t *obj,
                       const char *key, bool required)
{
    ldg_code rc = get_string(out, p, obj, key, key, required);

    if (rc == LDG_OK && *out && !valid_id(*out))
        return field_error(p, LDG_EINVAL, key,
                           "must be 1 to %d letters, digits, '.', '_' or '-'", ID_MAX);
    return rc;
}

/*
 * A decimal string with at most max_decimals decimals into micro-units. present (may
 * be NULL) says whether the member was there.
 */
static ldg_code get_decimal(int64_t *out, bool *present, const pctx *p, const json_t *obj,
                            const char *key, const char *path, bool required,
                            int max_decimals)
{
    json_t *v;
    ldg_error tmp;
    ldg_code rc;

    if (present)
        *present = false;
    if ((rc = get_member(&v, p, obj, key, path, required)) != LDG_OK || !v)
        return rc;
    if (!json_is_string(v))
        return field_error(p, LDG_EINVAL, path, "must be a decimal string");
    ldg_error_clear(&tmp);
    rc = ldg_fixed_parse_dp(out, json_string_value(v), json_string_length(v),
                            max_decimals, &tmp);
    if (rc != LDG_OK)
        return field_error(p, rc, path, "malformed decimal: %s", tmp.message);
    if (present)
        *present = true;
    return LDG_OK;
}

static ldg_code get_nonneg_rate(int64_t *out, const pctx *p, const json_t *obj,
                                const char *key, const char *path, bool required)
{
    ldg_code rc = get_decimal(out, NULL, p, obj, key, path, required, 6);

    if (rc == LDG_OK && *out < 0)
        return field_error(p, LDG_EINVAL, path, "negative rate");
    return rc;
}

static ldg_code get_percent(int64_t *out, const pctx *p, const json_t *obj,
                            const char *key, const char *path)
{
    ldg_code rc = get_decimal(out, NULL, p, obj, key, path, true, 6);

    if (rc == LDG_OK && (*out < 0 || *out > HUNDRED_MICROS))
        return field_error(p, LDG_EINVAL, path, "percent outside 0..100");
    return rc;
}

static ldg_code get_integer(int64_t *out, const pctx *p, const json_t *obj,
                            const char *key, const char *path, int64_t min, int64_t max)
{
    json_t *v;
    ldg_code rc;

    if ((rc = get_member(&v, p, obj, key, path, true)) != LDG_OK)
        return rc;
    if (!json_is_integer(v))
        return field_error(p, LDG_EINVAL, path, "must be an integer");
    if (json_integer_value(v) < min || json_integer_value(v) > max)
        return field_error(p, LDG_EINVAL, path, "must be %" PRId64 "..%" PRId64, min,
                           max);
    *out = (int64_t)json_integer_value(v);
    return LDG_OK;
}

/* An RFC 3339 UTC instant that is a whole hour. */
static ldg_code get_instant(ldg_time *out, const pctx *p, const json_t *obj,
                            const char *key, bool required)
{
    const char *s;
    ldg_error tmp;
    ldg_code rc;

    *out = LDG_CONTRACT_NO_TIME;
    if ((rc = get_string(&s, p, obj, key, key, required)) != LDG_OK || !s)
        return rc;
    ldg_error_clear(&tmp);
    if (ldg_time_parse_str(out, s, &tmp) != LDG_OK) {
        *out = LDG_CONTRACT_NO_TIME;
        return field_error(p, LDG_EINVAL, key, "malformed timestamp: %s", tmp.message);
    }
    if (*out % LDG_SECS_PER_HOUR != 0) {
        *out = LDG_CONTRACT_NO_TIME;
        return field_error(p, LDG_EINVAL, key,
                           "must be a whole UTC hour (minutes and seconds zero)");
    }
    return LDG_OK;
}

static ldg_code parse_tiers(ldg_gpu_terms *g, const pctx *p, json_t *arr, size_t gi)
{
    static const char *const tier_keys[] = { "up_to", "rate", NULL };
    char path[PATH_MAX_BYTES], sub[PATH_MAX_BYTES];
    size_t n = json_array_size(arr), j;
    ldg_code rc;

    snprintf(path, sizeof(path), "gpu[%zu].overage_tiers", gi);
    if (!json_is_array(arr))
        return field_error(p, LDG_EINVAL, path, "must be an array");
    if (n > LDG_CONTRACT_MAX_TIERS)
        return field_error(p, LDG_EINVAL, path, "more than %d tiers",
                           LDG_CONTRACT_MAX_TIERS);
    for (j = 0; j < n; j++) {
        json_t *t = json_array_get(arr, j);
        ldg_tier *tier = &g->tiers[j];
        bool has_up_to;

        snprintf(path, sizeof(path), "gpu[%zu].overage_tiers[%zu]", gi, j);
        if (!json_is_object(t))
            return field_error(p, LDG_EINVAL, path, "must be an object");
        snprintf(path, sizeof(path), "gpu[%zu].overage_tiers[%zu].", gi, j);
        if ((rc = check_keys(p, t, path, tier_keys)) != LDG_OK)
            return rc;
        snprintf(sub, sizeof(sub), "gpu[%zu].overage_tiers[%zu].rate", gi, j);
        if ((rc = get_nonneg_rate(&tier->rate_micros, p, t, "rate", sub, true)) != LDG_OK)
            return rc;
        snprintf(sub, sizeof(sub), "gpu[%zu].overage_tiers[%zu].up_to", gi, j);
        rc = get_decimal(&tier->up_to_micros, &has_up_to, p, t, "up_to", sub, false, 6);
        if (rc != LDG_OK)
            return rc;
        tier->bounded = has_up_to;
        if (!has_up_to && j + 1 < n)
            return field_error(p, LDG_EINVAL, sub, "only the last tier may omit up_to");
        if (has_up_to && tier->up_to_micros <= 0)
            return field_error(p, LDG_EINVAL, sub, "must be positive");
        if (has_up_to && j > 0 && tier->up_to_micros <= g->tiers[j - 1].up_to_micros)
            return field_error(p, LDG_EINVAL, sub, "tiers not ascending");
    }
    g->ntiers = n;
    return LDG_OK;
}

static ldg_code parse_gpu(ldg_contract_doc *d, const pctx *p, json_t *arr)
{
    static const char *const gpu_keys[] = { "class",        "reserved",      "rate",
                                            "overage_rate", "overage_tiers", NULL };
    char path[PATH_MAX_BYTES], sub[PATH_MAX_BYTES];
    size_t i;
    ldg_code rc;

    if (!json_is_array(arr))
        return field_error(p, LDG_EINVAL, "gpu", "must be an array");
    for (i = 0; i < json_array_size(arr); i++) {
        json_t *e = json_array_get(arr, i), *tiers;
        const char *name;
        ldg_gpu_terms *g;
        ldg_gpu_class cls;

        snprintf(path, sizeof(path), "gpu[%zu]", i);
        if (!json_is_object(e))
            return field_error(p, LDG_EINVAL, path, "must be an object");
        snprintf(path, sizeof(path), "gpu[%zu].", i);
        if ((rc = check_keys(p, e, path, gpu_keys)) != LDG_OK)
            return rc;
        snprintf(sub, sizeof(sub), "gpu[%zu].class", i);
        if ((rc = get_string(&name, p, e, "class", sub, true)) != LDG_OK)
            return rc;
        if (ldg_gpu_class_intern(&cls, name, strlen(name), NULL) != LDG_OK)
            return field_error(p, LDG_EINVAL, sub,
                               "\"%.40s\" is not a GPU class name (1-32 letters, digits,"
                               " '.', '_' or '-'), or more than %d classes",
                               name, LDG_GPU_NCLASS);
        g = &d->gpu[cls];
        if (g->present)
            return field_error(p, LDG_EINVAL, sub, "class \"%s\" listed twice", name);
        g->present = true;
        snprintf(sub, sizeof(sub), "gpu[%zu].reserved", i);
        rc = get_integer(&g->reserved, p, e, "reserved", sub, 0, INT64_MAX / LDG_MICRO);
        if (rc != LDG_OK)
            return rc;
        snprintf(sub, sizeof(sub), "gpu[%zu].rate", i);
        if ((rc = get_nonneg_rate(&g->rate_micros, p, e, "rate", sub, true)) != LDG_OK)
            return rc;
        snprintf(sub, sizeof(sub), "gpu[%zu].overage_rate", i);
        rc = get_nonneg_rate(&g->overage_rate_micros, p, e, "overage_rate", sub, true);
        if (rc != LDG_OK)
            return rc;
        tiers = json_object_get(e, "overage_tiers");
        if (tiers && (rc = parse_tiers(g, p, tiers, i)) != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

static ldg_code parse_energy(ldg_energy_terms *en, const pctx *p, json_t *obj)
{
    static const char *const energy_keys[] = { "rate_per_mwh",
                                               "pue",
                                               "capacity_mw",
                                               "capacity_rate_per_mw_month",
                                               "demand",
                                               "overage_rate_per_kw_month",
                                               NULL };
    bool has_mw, has_rate;
    ldg_code rc;

    if (!json_is_object(obj))
        return field_error(p, LDG_EINVAL, "energy", "must be an object");
    if ((rc = check_keys(p, obj, "energy.", energy_keys)) != LDG_OK)
        return rc;
    rc = get_nonneg_rate(&en->rate_per_mwh_micros, p, obj, "rate_per_mwh",
                         "energy.rate_per_mwh", true);
    if (rc != LDG_OK)
        return rc;
    rc = get_decimal(&en->pue_micros, NULL, p, obj, "pue", "energy.pue", true, 6);
    if (rc != LDG_OK)
        return rc;
    if (en->pue_micros < LDG_MICRO)
        return field_error(p, LDG_EINVAL, "energy.pue", "must be at least 1");
    rc = get_decimal(&en->capacity_mw_micros, &has_mw, p, obj, "capacity_mw",
                     "energy.capacity_mw", false, 6);
    if (rc != LDG_OK)
        return rc;
    if (has_mw && en->capacity_mw_micros < 0)
        return field_error(p, LDG_EINVAL, "energy.capacity_mw", "must not be negative");
    rc = get_decimal(&en->capacity_rate_micros, &has_rate, p, obj,
                     "capacity_rate_per_mw_month", "energy.capacity_rate_per_mw_month",
                     false, 6);
    if (rc != LDG_OK)
        return rc;
    if (has_rate && en->capacity_rate_micros < 0)
        return field_error(p, LDG_EINVAL, "energy.capacity_rate_per_mw_month",
                           "negative rate");
    if (has_mw && !has_rate)
        return field_error(p, LDG_EINVAL, "energy.capacity_rate_per_mw_month",
                           "required field missing (capacity_mw is given)");
    if (has_rate && !has_mw)
        return field_error(
            p, LDG_EINVAL, "energy.capacity_mw",
            "required field missing (capacity_rate_per_mw_month is given)");
    if ((rc = ldg_demand_check(obj, p->id, p->err)) != LDG_OK)
        return rc;
    en->present = true;
    return LDG_OK;
}

/* "cap_percent", "measure" and "maintenance_hours_per_month", all optional (issue 10). */
static ldg_code parse_sla_limits(ldg_sla_terms *sla, const pctx *p, json_t *obj)
{
    const char *measure = NULL;
    ldg_code rc;

    sla->maintenance_hours = -1;
    if (json_object_get(obj, "cap_percent")) {
        if ((rc = get_percent(&sla->cap_percent_micros, p, obj, "cap_percent",
                              "sla.cap_percent")) != LDG_OK)
            return rc;
        if (sla->cap_percent_micros % 100 != 0)
            return field_error(p, LDG_EINVAL, "sla.cap_percent",
                               "at most 4 significant decimals (the credit rate is "
                               "-percent/100 in 6 decimals)");
        sla->capped = true;
    }
    if ((rc = get_string(&measure, p, obj, "measure", "sla.measure", false)) != LDG_OK)
        return rc;
    if (measure && strcmp(measure, "class") != 0)
        return field_error(p, LDG_EINVAL, "sla.measure",
                           "must be \"class\" (availability per GPU class)");
    if (measure && !sla->capped)
        return field_error(p, LDG_EINVAL, "sla.measure", "goes with \"cap_percent\"");
    if (json_object_get(obj, "maintenance_hours_per_month"))
        return get_integer(&sla->maintenance_hours, p, obj, "maintenance_hours_per_month",
                           "sla.maintenance_hours_per_month", 0, 744);
    return LDG_OK;
}

static ldg_code parse_sla(ldg_sla_terms *sla, const pctx *p, json_t *obj)
{
    static const char *const sla_keys[] = {
        "target", "credits", "cap_percent", "measure", "maintenance_hours_per_month", NULL
    };
    static const char *const band_keys[] = { "below", "percent", NULL };
    char path[PATH_MAX_BYTES], sub[PATH_MAX_BYTES];
    json_t *credits;
    size_t i, n;
    ldg_code rc;

    if (!json_is_object(obj))
        return field_error(p, LDG_EINVAL, "sla", "must be an object");
    if ((rc = check_keys(p, obj, "sla.", sla_keys)) != LDG_OK)
        return rc;
    if ((rc = get_percent(&sla->target_micros, p, obj, "target", "sla.target")) != LDG_OK)
        return rc;
    if ((rc = get_member(&credits, p, obj, "credits", "sla.credits", true)) != LDG_OK)
        return rc;
    if (!json_is_array(credits))
        return field_error(p, LDG_EINVAL, "sla.credits", "must be an array");
    n = json_array_size(credits);
    if (n > LDG_CONTRACT_MAX_BANDS)
        return field_error(p, LDG_EINVAL, "sla.credits", "more than %d bands",
                           LDG_CONTRACT_MAX_BANDS);
    for (i = 0; i < n; i++) {
        json_t *b = json_array_get(credits, i);
        ldg_sla_band *band = &sla->bands[i];

        snprintf(path, sizeof(path), "sla.credits[%zu]", i);
        if (!json_is_object(b))
            return field_error(p, LDG_EINVAL, path, "must be an object");
        snprintf(path, sizeof(path), "sla.credits[%zu].", i);
        if ((rc = check_keys(p, b, path, band_keys)) != LDG_OK)
            return rc;
        snprintf(sub, sizeof(sub), "sla.credits[%zu].below", i);
        rc = get_decimal(&band->below_micros, NULL, p, b, "below", sub, true, 6);
        if (rc != LDG_OK)
            return rc;
        if (band->below_micros < 0 || band->below_micros > HUNDRED_MICROS)
            return field_error(p, LDG_EINVAL, sub, "availability outside 0..100");
        if (i > 0 && band->below_micros >= sla->bands[i - 1].below_micros)
            return field_error(p, LDG_EINVAL, sub, "bands not descending");
        snprintf(sub, sizeof(sub), "sla.credits[%zu].percent", i);
        if ((rc = get_percent(&band->percent_micros, p, b, "percent", sub)) != LDG_OK)
            return rc;
        /* The line's rate, -percent/100, must be exact in 6 decimals. */
        if (band->percent_micros % 100 != 0)
            return field_error(p, LDG_EINVAL, sub,
                               "at most 4 significant decimals (the credit rate is "
                               "-percent/100 in 6 decimals)");
    }
    sla->nbands = n;
    sla->present = true;
    return parse_sla_limits(sla, p, obj);
}

static ldg_code parse_escalator(ldg_contract_doc *d, const pctx *p, json_t *obj)
{
    static const char *const esc_keys[] = { "percent", "every_months", NULL };
    ldg_code rc;

    if (!json_is_object(obj))
        return field_error(p, LDG_EINVAL, "escalator", "must be an object");
    if ((rc = check_keys(p, obj, "escalator.", esc_keys)) != LDG_OK)
        return rc;
    rc = get_percent(&d->esc_percent_micros, p, obj, "percent", "escalator.percent");
    if (rc != LDG_OK)
        return rc;
    rc = get_integer(&d->esc_every_months, p, obj, "every_months",
                     "escalator.every_months", 1, EVERY_MONTHS_MAX);
    if (rc != LDG_OK)
        return rc;
    d->has_escalator = true;
    return LDG_OK;
}

static ldg_code parse_doc(ldg_contract_doc *d, pctx *p)
{
    /* one list for both: a base document has no "amends" (that is what makes it one) and
     * its "effective" is refused below with its own message */
    static const char *const keys[] = { "contract",
                                        "amends",
                                        "effective",
                                        "tenant",
                                        "tenant_name",
                                        "site",
                                        "currency",
                                        "invoice_series",
                                        "starts",
                                        "ends",
                                        "gpu",
                                        "energy",
                                        "sla",
                                        "minimum_monthly",
                                        "escalator",
                                        "bill_to",
                                        "purchase_order",
                                        "payment_terms",
                                        "tax",
                                        "approval",
                                        "charges",
                                        "amend_approval",
                                        NULL };
    json_t *j = d->json, *v;
    bool base;
    ldg_code rc;

    if ((rc = get_id(&d->id, p, j, "contract", true)) != LDG_OK)
        return rc;
    p->id = d->id;
    base = json_object_get(j, "amends") == NULL;
    if (base && json_object_get(j, "effective"))
        return field_error(
            p, LDG_EINVAL, "effective",
            "only an amendment (with \"amends\") has an effective instant");
    if ((rc = check_keys(p, j, "", keys)) != LDG_OK)
        return rc;
    if (!base) {
        if ((rc = get_id(&d->amends, p, j, "amends", true)) != LDG_OK)
            return rc;
        if (strcmp(d->amends, d->id) != 0)
            return field_error(p, LDG_EINVAL, "amends",
                               "an amendment must name its own contract (\"%s\")", d->id);
        if ((rc = get_instant(&d->effective, p, j, "effective", true)) != LDG_OK)
            return rc;
    }
    if ((rc = get_id(&d->tenant, p, j, "tenant", base)) != LDG_OK)
        return rc;
    if ((rc = get_string(&d->tenant_name, p, j, "tenant_name", "tenant_name", base)) !=
        LDG_OK)
        return rc;
    if (d->tenant_name &&
        (d->tenant_name[0] == '\0' || strlen(d->tenant_name) > NAME_MAX_BYTES))
        return field_error(p, LDG_EINVAL, "tenant_name", "must be 1 to %d bytes",
                           NAME_MAX_BYTES);
    if (d->tenant_name && !ldg_text_no_controls(d->tenant_name, strlen(d->tenant_name)))
        return field_error(p, LDG_EINVAL, "tenant_name",
                           "must not hold control characters");
    if ((rc = get_id(&d->site, p, j, "site", base)) != LDG_OK)
        return rc;
    if ((rc = get_string(&d->currency, p, j, "currency", "currency", base)) != LDG_OK)
        return rc;
    if (d->currency && ldg_contract_currency_digits(d->currency) < 0)
        return field_error(p, LDG_EINVAL, "currency",
                           "currency \"%.16s\" not supported (supported: %s)",
                           d->currency, CURRENCY_LIST);
    if ((rc = get_id(&d->series, p, j, "invoice_series", base)) != LDG_OK)
        return rc;
    if ((rc = get_instant(&d->starts, p, j, "starts", base)) != LDG_OK)
        return rc;
    if ((rc = get_instant(&d->ends, p, j, "ends", base)) != LDG_OK)
        return rc;
    if (d->starts != LDG_CONTRACT_NO_TIME && d->ends != LDG_CONTRACT_NO_TIME &&
        d->ends <= d->starts)
        return field_error(p, LDG_EINVAL, "ends", "ends before starts");
    if (!base && d->ends != LDG_CONTRACT_NO_TIME && d->ends <= d->effective)
        return field_error(p, LDG_EINVAL, "ends", "ends before effective");
    if ((rc = get_member(&v, p, j, "gpu", "gpu", base)) != LDG_OK)
        return rc;
    if (v && (rc = parse_gpu(d, p, v)) != LDG_OK)
        return rc;
    if ((v = json_object_get(j, "energy")) &&
        (rc = parse_energy(&d->energy, p, v)) != LDG_OK)
        return rc;
    if ((v = json_object_get(j, "sla")) && (rc = parse_sla(&d->sla, p, v)) != LDG_OK)
        return rc;
    rc = get_decimal(&d->minimum_micros, &d->has_minimum, p, j, "minimum_monthly",
                     "minimum_monthly", false, 6);
    if (rc != LDG_OK)
        return rc;
    if (d->has_minimum && d->minimum_micros < 0)
        return field_error(p, LDG_EINVAL, "minimum_monthly", "must not be negative");
    if ((v = json_object_get(j, "escalator")) &&
        (rc = parse_escalator(d, p, v)) != LDG_OK)
        return rc;
    if ((v = json_object_get(j, "charges")) &&
        (rc = ldg_charges_check(v, d->id, d->effective, p->err)) != LDG_OK)
        return rc;
    return ldg_contract_billing_parse(&d->billing, j, d->id, p->err);
}

ldg_code ldg_contract_doc_parse(ldg_contract_doc **out, const json_t *doc, ldg_error *err)
{
    ldg_contract_doc *d;
    pctx p = { NULL, err };
    ldg_code rc;

    assert(out);
    *out = NULL;
    if (!json_is_object(doc))
        return ldg_error_set(err, LDG_EINVAL, "contract document: must be a JSON object");
    if (!(d = calloc(1, sizeof(*d))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    d->starts = d->ends = d->effective = LDG_CONTRACT_NO_TIME;
    if (!(d->json = json_deep_copy(doc))) {
        free(d);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    rc = parse_doc(d, &p);
    if (rc != LDG_OK) {
        ldg_contract_doc_free(d);
        return rc;
    }
    *out = d;
    return LDG_OK;
}

void ldg_contract_doc_free(ldg_contract_doc *doc)
{
    if (!doc)
        return;
    json_decref(doc->json);
    free(doc);
}

const char *ldg_contract_doc_id(const ldg_contract_doc *doc)
{
    return doc->id;
}

const char *ldg_contract_doc_tenant(const ldg_contract_doc *doc)
{
    return doc->tenant;
}

const char *ldg_contract_doc_tenant_name(const ldg_contract_doc *doc)
{
    return doc->tenant_name;
}

const char *ldg_contract_doc_site(const ldg_contract_doc *doc)
{
    return doc->site;
}

const char *ldg_contract_doc_currency(const ldg_contract_doc *doc)
{
    return doc->currency;
}

const char *ldg_contract_doc_invoice_series(const ldg_contract_doc *doc)
{
    return doc->series;
}

const char *ldg_contract_doc_amends(const ldg_contract_doc *doc)
{
    return doc->amends;
}

ldg_time ldg_contract_doc_starts(const ldg_contract_doc *doc)
{
    return doc->starts;
}

ldg_time ldg_contract_doc_ends(const ldg_contract_doc *doc)
{
    return doc->ends;
}

ldg_time ldg_contract_doc_effective(const ldg_contract_doc *doc)
{
    return doc->effective;
}

const ldg_billing_terms *ldg_contract_doc_billing(const ldg_contract_doc *doc)
{
    return &doc->billing;
}

const json_t *ldg_contract_doc_json(const ldg_contract_doc *doc)
{
    return doc->json;
}

/* ---- contracts --------------------------------------------------------------------- */

ldg_code ldg_contract_new_take(ldg_contract **out, ldg_contract_doc *base, ldg_error *err)
{
    ldg_contract *c;

    assert(out && base);
    *out = NULL;
    if (base->amends) {
        ldg_error_set(err, LDG_EINVAL,
                      "contract \"%s\": an amendment cannot start a contract: load the "
                      "base contract first",
                      base->id);
        ldg_contract_doc_free(base);
        return LDG_EINVAL;
    }
    if (!(c = calloc(1, sizeof(*c)))) {
        ldg_contract_doc_free(base);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    c->base = base;
    c->ends = base->ends;
    *out = c;
    return LDG_OK;
}

void ldg_contract_free(ldg_contract *c)
{
    size_t i;

    if (!c)
        return;
    for (i = 0; i < c->n; i++)
        ldg_contract_doc_free(c->amendments[i]);
    free(c->amendments);
    ldg_contract_doc_free(c->base);
    free(c);
}

/* A stated identity field of an amendment must equal the base's. */
static ldg_code same_string(const ldg_contract *c, const char *field, const char *mine,
                            const char *theirs, ldg_error *err)
{
    if (mine && strcmp(mine, theirs) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\": field \"%s\": the amendment states \"%s\" "
                             "but the contract has \"%s\"",
                             c->base->id, field, mine, theirs);
    return LDG_OK;
}

static ldg_code check_identity(const ldg_contract *c, const ldg_contract_doc *a,
                               ldg_error *err)
{
    const ldg_contract_doc *b = c->base;
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];
    ldg_code rc;

    if (strcmp(a->amends, b->id) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "could not amend contract \"%s\": the amendment is for "
                             "contract \"%s\"",
                             b->id, a->amends);
    if ((rc = same_string(c, "currency", a->currency, b->currency, err)) != LDG_OK ||
        (rc = same_string(c, "tenant", a->tenant, b->tenant, err)) != LDG_OK ||
        (rc = same_string(c, "tenant_name", a->tenant_name, b->tenant_name, err)) !=
            LDG_OK ||
        (rc = same_string(c, "site", a->site, b->site, err)) != LDG_OK ||
        (rc = same_string(c, "invoice_series", a->series, b->series, err)) != LDG_OK)
        return rc;
    if (a->starts != LDG_CONTRACT_NO_TIME && a->starts != b->starts)
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\": field \"starts\": the amendment states %s "
                             "but the contract starts %s",
                             b->id, ldg_time_format(t1, a->starts),
                             ldg_time_format(t2, b->starts));
    if (a->has_escalator &&
        (!b->has_escalator || a->esc_percent_micros != b->esc_percent_micros ||
         a->esc_every_months != b->esc_every_months))
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\": field \"escalator\": an amendment cannot "
                             "change the escalator",
                             b->id);
    if (a->effective < b->starts)
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\": field \"effective\": %s is before the "
                             "contract starts (%s)",
                             b->id, ldg_time_format(t1, a->effective),
                             ldg_time_format(t2, b->starts));
    return LDG_OK;
}

/*
 * Walks amendments in effective order (candidate inserted at position pos) and returns
 * the term end, checking each effective instant is before the end in force just before
 * it. Does not modify c.
 */
static ldg_code check_chain(ldg_time *ends_out, const ldg_contract *c,
                            const ldg_contract_doc *cand, size_t pos, ldg_error *err)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];
    ldg_time ends = c->base->ends;
    size_t i, n = c->n + 1;

    for (i = 0; i < n; i++) {
        const ldg_contract_doc *a = i == pos ? cand : c->amendments[i < pos ? i : i - 1];

        if (a->effective >= ends)
            return ldg_error_set(err, LDG_EINVAL,
                                 "contract \"%s\": field \"effective\": %s is not before "
                                 "the contract ends (%s)",
                                 c->base->id, ldg_time_format(t1, a->effective),
                                 ldg_time_format(t2, ends));
        if (a->ends != LDG_CONTRACT_NO_TIME)
            ends = a->ends;
    }
    *ends_out = ends;
    return LDG_OK;
}

ldg_code ldg_contract_amend_take(ldg_contract *c, ldg_contract_doc *amendment,
                                 ldg_error *err)
{
    char t1[LDG_TIME_BUFLEN];
    ldg_time ends = 0;
    size_t pos, i;
    ldg_code rc;

    assert(c && amendment);
    if (!amendment->amends) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "could not amend contract \"%s\": the document has no "
                           "\"amends\"",
                           c->base->id);
        goto done;
    }
    if ((rc = check_identity(c, amendment, err)) != LDG_OK)
        goto done;
    /* pos: after every amendment effective at or before this one */
    for (pos = 0; pos < c->n && c->amendments[pos]->effective <= amendment->effective;
         pos++) {
        if (c->amendments[pos]->effective != amendment->effective)
            continue;
        if (json_equal(c->amendments[pos]->json, amendment->json))
            rc = LDG_OK; /* loaded twice: nothing changes */
        else
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "could not amend contract \"%s\": another amendment is "
                               "effective at %s",
                               c->base->id, ldg_time_format(t1, amendment->effective));
        goto done;
    }
    if ((rc = check_chain(&ends, c, amendment, pos, err)) != LDG_OK)
        goto done;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4;
        ldg_contract_doc **p = realloc(c->amendments, cap * sizeof(*p));

        if (!p) {
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
            goto done;
        }
        c->amendments = p;
        c->cap = cap;
    }
    for (i = c->n; i > pos; i--)
        c->amendments[i] = c->amendments[i - 1];
    c->amendments[pos] = amendment;
    c->n++;
    c->ends = ends;
    amendment = NULL; /* kept */
done:
    ldg_contract_doc_free(amendment);
    return rc;
}

ldg_code ldg_contract_from_json(ldg_contract **out, const json_t *base,
                                const json_t *const *amendments, size_t n, ldg_error *err)
{
    ldg_contract_doc *d = NULL;
    ldg_contract *c = NULL;
    size_t i;
    ldg_code rc;

    assert(out);
    *out = NULL;
    if ((rc = ldg_contract_doc_parse(&d, base, err)) != LDG_OK)
        return rc;
    if ((rc = ldg_contract_new_take(&c, d, err)) != LDG_OK)
        return rc;
    for (i = 0; i < n; i++) {
        if ((rc = ldg_contract_doc_parse(&d, amendments[i], err)) != LDG_OK ||
            (rc = ldg_contract_amend_take(c, d, err)) != LDG_OK) {
            ldg_contract_free(c);
            return rc;
        }
    }
    *out = c;
    return LDG_OK;
}

const char *ldg_contract_id(const ldg_contract *c)
{
    return c->base->id;
}

const char *ldg_contract_tenant(const ldg_contract *c)
{
    return c->base->tenant;
}

const char *ldg_contract_tenant_name(const ldg_contract *c)
{
    return c->base->tenant_name;
}

const char *ldg_contract_site(const ldg_contract *c)
{
    return c->base->site;
}

const char *ldg_contract_currency(const ldg_contract *c)
{
    return c->base->currency;
}

const char *ldg_contract_invoice_series(const ldg_contract *c)
{
    return c->base->series;
}

ldg_time ldg_contract_starts(const ldg_contract *c)
{
    return c->base->starts;
}

ldg_time ldg_contract_ends(const ldg_contract *c)
{
    return c->ends;
}

bool ldg_contract_approval_required(const ldg_contract *c)
{
    ldg_billing_terms t;

    /* the billing terms' one rule: the last document in effective order that states it */
    ldg_contract_billing_at(&t, c, INT64_MAX);
    return t.approval_required;
}

const ldg_contract_doc *ldg_contract_base(const ldg_contract *c)
{
    return c->base;
}

size_t ldg_contract_amendment_count(const ldg_contract *c)
{
    return c->n;
}

const ldg_contract_doc *ldg_contract_amendment(const ldg_contract *c, size_t i)
{
    assert(i < c->n);
    return c->amendments[i];
}

/* ---- terms ------------------------------------------------------------------------- */

/* The k-th escalation instant (k >= 1). */
static ldg_time escalation_instant(const ldg_contract *c, int64_t k)
{
    int64_t months = k * c->base->esc_every_months;

    /* Instants past year 9999 are never compared with a valid one: stop there. */
    if (months > 12 * 10000)
        return INT64_MAX;
    return ldg_time_add_months(c->base->starts, (int)months);
}

/* Escalation instants x with set_at < x <= at. */
static int64_t escalations_between(const ldg_contract *c, ldg_time set_at, ldg_time at)
{
    int64_t k, n = 0;
    ldg_time x;

    if (!c->base->has_escalator)
        return 0;
    for (k = 1; (x = escalation_instant(c, k)) <= at; k++)
        if (x > set_at)
            n++;
    return n;
}

static ldg_code escalate(int64_t *rate, int64_t steps, const ldg_contract *c,
                         ldg_error *err)
{
    int64_t s;
    ldg_code rc;

    for (s = 0; s < steps; s++) {
        rc = ldg_fixed_muldiv(rate, *rate, HUNDRED_MICROS + c->base->esc_percent_micros,
                              HUNDRED_MICROS, err);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

ldg_code ldg_contract_terms_at(ldg_terms *out, const ldg_contract *c, ldg_time at,
                               ldg_error *err)
{
    const ldg_contract_doc *b = c->base;
    ldg_time gpu_set[LDG_GPU_NCLASS], energy_set = b->starts;
    char t1[LDG_TIME_BUFLEN];
    int64_t steps;
    size_t i, j;
    int k;
    ldg_code rc;

    assert(out);
    if (at < b->starts || at >= c->ends)
        return ldg_error_set(err, LDG_EINVAL, "contract \"%s\" is not in force at %s",
                             b->id, ldg_time_format(t1, at));
    /* the classes copied whole, the rest cleared: a terms value is 14 KB, and billing
     * asks for one several times per contract (no field lies between at and energy
     * but the classes) */
    _Static_assert(offsetof(ldg_terms, gpu) == sizeof(ldg_time) &&
                       offsetof(ldg_terms, energy) ==
                           offsetof(ldg_terms, gpu) + sizeof(((ldg_terms *)0)->gpu),
                   "ldg_terms: at, gpu, energy, ... in this order");
    memcpy(out->gpu, b->gpu, sizeof(out->gpu));
    memset(&out->energy, 0, sizeof(*out) - offsetof(ldg_terms, energy));
    out->at = at;
    for (k = 0; k < LDG_GPU_NCLASS; k++)
        gpu_set[k] = b->starts;
    out->energy = b->energy;
    out->sla = b->sla;
    out->minimum_monthly_micros = b->has_minimum ? b->minimum_micros : 0;
    out->ends = b->ends;
    for (i = 0; i < c->n && c->amendments[i]->effective <= at; i++) {
        const ldg_contract_doc *a = c->amendments[i];

        for (k = 0; k < LDG_GPU_NCLASS; k++) {
            if (a->gpu[k].present) {
                out->gpu[k] = a->gpu[k];
                gpu_set[k] = a->effective;
            }
        }
        if (a->energy.present) {
            out->energy = a->energy;
            energy_set = a->effective;
        }
        if (a->sla.present)
            out->sla = a->sla;
        if (a->has_minimum)
            out->minimum_monthly_micros = a->minimum_micros;
        if (a->ends != LDG_CONTRACT_NO_TIME)
            out->ends = a->ends;
    }
    for (k = 0; k < LDG_GPU_NCLASS; k++) {
        ldg_gpu_terms *g = &out->gpu[k];

        if (!g->present || (steps = escalations_between(c, gpu_set[k], at)) == 0)
            continue;
        if ((rc = escalate(&g->rate_micros, steps, c, err)) != LDG_OK ||
            (rc = escalate(&g->overage_rate_micros, steps, c, err)) != LDG_OK)
            return rc;
        for (j = 0; j < g->ntiers; j++)
            if ((rc = escalate(&g->tiers[j].rate_micros, steps, c, err)) != LDG_OK)
                return rc;
    }
    if (out->energy.present && (steps = escalations_between(c, energy_set, at)) > 0) {
        if ((rc = escalate(&out->energy.rate_per_mwh_micros, steps, c, err)) != LDG_OK ||
            (rc = escalate(&out->energy.capacity_rate_micros, steps, c, err)) != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

/* ---- terms as JSON ----------------------------------------------------------------- */

/* Sets obj[key] to v (taken); on failure (v NULL or no memory) returns false. */
static bool set_new(json_t *obj, const char *key, json_t *v)
{
    return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *decimal6(int64_t v)
{
    char buf[LDG_FIXED_BUFLEN];

    return json_string(ldg_fixed_format(buf, v, 6));
}

static json_t *gpu_json(const ldg_gpu_terms *g, int k)
{
    json_t *o = json_object(), *tiers = json_array();
    size_t j;
    bool ok = o && tiers;

    ok =
        ok && set_new(o, "class", json_string(ldg_contract_class_name((ldg_gpu_class)k)));
    ok = ok && set_new(o, "reserved", json_integer(g->reserved));
    ok = ok && set_new(o, "rate", decimal6(g->rate_micros));
    ok = ok && set_new(o, "overage_rate", decimal6(g->overage_rate_micros));
    for (j = 0; ok && j < g->ntiers; j++) {
        json_t *t = json_object();

        ok = t && (!g->tiers[j].bounded ||
                   set_new(t, "up_to", decimal6(g->tiers[j].up_to_micros)));
        ok = ok && set_new(t, "rate", decimal6(g->tiers[j].rate_micros));
        if (ok)
            ok = json_array_append_new(tiers, t) == 0; /* takes t even on failure */
        else
            json_decref(t);
    }
    if (ok && g->ntiers > 0) {
        ok = set_new(o, "overage_tiers", tiers);
        tiers = NULL;
    }
    json_decref(tiers);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *energy_json(const ldg_energy_terms *e)
{
    json_t *o;
    bool ok;

    if (!e->present)
        return json_null();
    o = json_object();
    ok = o && set_new(o, "rate_per_mwh", decimal6(e->rate_per_mwh_micros));
    ok = ok && set_new(o, "pue", decimal6(e->pue_micros));
    ok = ok && set_new(o, "capacity_mw", decimal6(e->capacity_mw_micros));
    ok =
        ok && set_new(o, "capacity_rate_per_mw_month", decimal6(e->capacity_rate_micros));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *sla_json(const ldg_sla_terms *s)
{
    json_t *o, *credits;
    size_t i;
    bool ok;

    if (!s->present)
        return json_null();
    o = json_object();
    credits = json_array();
    ok = o && credits && set_new(o, "target", decimal6(s->target_micros));
    for (i = 0; ok && i < s->nbands; i++) {
        json_t *b = json_object();

        ok = b && set_new(b, "below", decimal6(s->bands[i].below_micros)) &&
             set_new(b, "percent", decimal6(s->bands[i].percent_micros));
        if (ok)
            ok = json_array_append_new(credits, b) == 0;
        else
            json_decref(b);
    }
    if (ok) {
        ok = set_new(o, "credits", credits);
        credits = NULL;
    }
    json_decref(credits);
    /* stated only when the contract states them: earlier terms print as before */
    if (ok && s->capped)
        ok = set_new(o, "cap_percent", decimal6(s->cap_percent_micros)) &&
             set_new(o, "measure", json_string("class"));
    if (ok && s->maintenance_hours >= 0)
        ok =
            set_new(o, "maintenance_hours_per_month", json_integer(s->maintenance_hours));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

ldg_code ldg_contract_terms_json(json_t **out, const ldg_contract *c, ldg_time at,
                                 ldg_error *err)
{
    char t1[LDG_TIME_BUFLEN];
    ldg_terms t;
    json_t *o, *gpu;
    bool ok;
    int i, k;
    ldg_code rc;

    assert(out);
    *out = NULL;
    if ((rc = ldg_contract_terms_at(&t, c, at, err)) != LDG_OK)
        return rc;
    o = json_object();
    gpu = json_array();
    ok = o && gpu;
    ok = ok && set_new(o, "contract", json_string(c->base->id));
    ok = ok && set_new(o, "at", json_string(ldg_time_format(t1, at)));
    ok = ok && set_new(o, "currency", json_string(c->base->currency));
    for (i = 0; ok && i < LDG_GPU_NCLASS; i++) {
        json_t *g;

        k = ldg_gpu_class_nth(i);
        if (!t.gpu[k].present)
            continue;
        g = gpu_json(&t.gpu[k], k);
        ok = g && json_array_append_new(gpu, g) == 0;
    }
    if (ok) {
        ok = set_new(o, "gpu", gpu);
        gpu = NULL;
    }
    json_decref(gpu);
    ok = ok && set_new(o, "energy", energy_json(&t.energy));
    ok = ok && set_new(o, "sla", sla_json(&t.sla));
    ok = ok && set_new(o, "minimum_monthly", decimal6(t.minimum_monthly_micros));
    ok = ok && set_new(o, "ends", json_string(ldg_time_format(t1, t.ends)));
    if (!ok) {
        json_decref(o);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    *out = o;
    return LDG_OK;
}

/* ---- boundaries -------------------------------------------------------------------- */

static int cmp_time(const void *a, const void *b)
{
    ldg_time x = *(const ldg_time *)a, y = *(const ldg_time *)b;

    return (x > y) - (x < y);
}

/* Appends t to the growable array if from < t < to. */
static bool push_inside(ldg_time **v, size_t *n, size_t *cap, ldg_time t, ldg_time from,
                        ldg_time to)
{
    if (t <= from || t >= to)
        return true;
    if (*n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 8;
        ldg_time *p = realloc(*v, ncap * sizeof(*p));

        if (!p)
            return false;
        *v = p;
        *cap = ncap;
    }
    (*v)[(*n)++] = t;
    return true;
}

ldg_code ldg_contract_boundaries(ldg_time **out, size_t *n, const ldg_contract *c,
                                 ldg_time from, ldg_time to, ldg_error *err)
{
    ldg_time *v = NULL, x;
    size_t cnt = 0, cap = 0, i, w;
    int64_t k;
    bool ok;

    assert(out && n);
    *out = NULL;
    *n = 0;
    ok = push_inside(&v, &cnt, &cap, c->base->starts, from, to) &&
         push_inside(&v, &cnt, &cap, c->ends, from, to);
    for (i = 0; ok && i < c->n; i++)
        ok = push_inside(&v, &cnt, &cap, c->amendments[i]->effective, from, to);
    if (c->base->has_escalator)
        for (k = 1; ok && (x = escalation_instant(c, k)) < to && x < c->ends; k++)
            ok = push_inside(&v, &cnt, &cap, x, from, to);
    if (!ok) {
        free(v);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if (cnt > 1)
        qsort(v, cnt, sizeof(*v), cmp_time);
    for (i = 0, w = 0; i < cnt; i++)
        if (w == 0 || v[w - 1] != v[i])
            v[w++] = v[i];
    *out = v;
    *n = w;
    return LDG_OK;
}
