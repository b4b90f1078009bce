/* A site document's GPU classes (site.h). */
#include "ledger/site.h"

#include "ledger/fixed.h"

#include <stdio.h>
#include <string.h>

/* A count: a JSON integer or an integer decimal string, >= 0. */
static int count_of(int64_t *out, const json_t *v)
{
    int64_t micros;

    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = (int64_t)json_integer_value(v);
        return 1;
    }
    if (json_is_string(v) &&
        ldg_fixed_parse_dp(&micros, json_string_value(v), json_string_length(v), 0,
                           NULL) == LDG_OK &&
        micros >= 0) {
        *out = micros / LDG_MICRO;
        return 1;
    }
    return 0;
}

static int decimal_of(int64_t *out, const json_t *v)
{
    return json_is_string(v) &&
           ldg_fixed_parse(out, json_string_value(v), json_string_length(v), NULL) ==
               LDG_OK &&
           *out >= 0;
}

/* {"count": N, "kw_per_gpu": [LOW, HIGH]}; the band is left alone when not stated. */
static ldg_code parse_object(ldg_site_class *c, const json_t *v, const char *site,
                             ldg_error *err)
{
    const json_t *band = json_object_get(v, "kw_per_gpu");
    const char *key;
    json_t *m;

    json_object_foreach((json_t *)(uintptr_t)v, key, m)
    {
        if (strcmp(key, "count") != 0 && strcmp(key, "kw_per_gpu") != 0)
            return ldg_error_set(
                err, LDG_EINVAL,
                "site \"%s\": field \"gpus.%s\": unknown field \"%.64s\"", site, c->name,
                key);
    }
    if (!count_of(&c->count, json_object_get(v, "count")))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"gpus.%s.count\" must be a non-negative"
                             " integer",
                             site, c->name);
    if (!band)
        return LDG_OK;
    if (!json_is_array(band) || json_array_size(band) != 2 ||
        !decimal_of(&c->kw_low_ukw, json_array_get(band, 0)) ||
        !decimal_of(&c->kw_high_ukw, json_array_get(band, 1)) ||
        c->kw_low_ukw > c->kw_high_ukw)
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"gpus.%s.kw_per_gpu\" must be [\"LOW\","
                             " \"HIGH\"], decimal strings with 0 <= LOW <= HIGH",
                             site, c->name);
    return LDG_OK;
}

static ldg_code parse_class(ldg_site_class *c, const char *name, const json_t *v,
                            const char *site, ldg_error *err)
{
    size_t len = strlen(name);
    int has_default;
    ldg_code rc;

    if (!ldg_gpu_class_name_valid(name, len))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"gpus.%.64s\": a GPU class name is 1-32"
                             " letters, digits, '.', '_' or '-'",
                             site, name);
    memcpy(c->name, name, len + 1);
    c->kw_low_ukw = c->kw_high_ukw = -1;
    has_default =
        ldg_gpu_class_default_band(&c->kw_low_ukw, &c->kw_high_ukw, name) == LDG_OK;
    if (json_is_object(v))
        rc = parse_object(c, v, site, err);
    else if (count_of(&c->count, v))
        rc = LDG_OK;
    else
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"gpus.%s\" must be a count or {\"count\","
                           " \"kw_per_gpu\"}",
                           site, name);
    if (rc == LDG_OK && !has_default && c->kw_low_ukw < 0)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "site \"%s\": field \"gpus.%s\": class %s has no built-in kW band:"
            " state {\"count\": N, \"kw_per_gpu\": [\"LOW\", \"HIGH\"]}",
            site, name, name);
    if (rc == LDG_OK && (rc = ldg_gpu_class_intern(&c->cls, name, len, err)) != LDG_OK)
        ldg_error_where(err, "site \"%s\": field \"gpus.%s\"", site, name);
    return rc;
}

ldg_code ldg_site_classes_parse(ldg_site_classes *out, const json_t *gpus,
                                const char *site, ldg_error *err)
{
    const char *key;
    json_t *v;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(gpus) || json_object_size(gpus) == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"gpus\" must be an object of"
                             " GPU class to count",
                             site);
    if (json_object_size(gpus) > LDG_GPU_NCLASS)
        return ldg_error_set(err, LDG_ERANGE,
                             "site \"%s\": field \"gpus\": more than %d classes", site,
                             LDG_GPU_NCLASS);
    json_object_foreach((json_t *)(uintptr_t)gpus, key, v)
    {
        if ((rc = parse_class(&out->c[out->n], key, v, site, err)) != LDG_OK)
            return rc;
        out->n++;
    }
    return LDG_OK;
}

const ldg_site_class *ldg_site_class_find(const ldg_site_classes *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->c[i].name, name) == 0)
            return &s->c[i];
    return NULL;
}
