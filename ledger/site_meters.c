/*
 * A site's meter inventory. See site_meters.h for the rules.
 *
 * Invariant: every meter of a parsed inventory satisfies the rules, so a reader (ingest,
 * reconcile) trusts a stored one without checking again what the load checked.
 *
 * Design: the meters are copied out of the JSON into one array with an id index
 * (strmap.h), so an inventory outlives the document it came from and a lookup costs
 * one hash. Dropped: a sorted array and binary search (as fast for these sizes, but
 * the uniqueness check would need the sort first and a second pass to name the
 * duplicate's position).
 */
#include "ledger/site_meters.h"

#include "ledger/fixed.h"
#include "ledger/strmap.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ldg_site_meters {
    ldg_site_meter *items;
    size_t n;
    ldg_strmap *ix; /* id -> index into items */
};

void ldg_site_meters_free(ldg_site_meters *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free((char *)(uintptr_t)m->items[i].id);
        free((char *)(uintptr_t)m->items[i].cls);
    }
    free(m->items);
    ldg_strmap_free(m->ix);
    free(m);
}

size_t ldg_site_meters_count(const ldg_site_meters *m)
{
    return m ? m->n : 0;
}

const ldg_site_meter *ldg_site_meters_find(const ldg_site_meters *m, const char *id,
                                           size_t len)
{
    const int64_t *ix = m ? ldg_strmap_get(m->ix, id, len) : NULL;

    return ix ? &m->items[*ix] : NULL;
}

/* The site's installed GPUs of class cls from its "gpus": a JSON integer or an integer
 * decimal string, or an object whose "count" is one (classes as data, issue 10), as the
 * site's validation accepts; -1 when it lists none. */
static int64_t installed(const json_t *gpus, const char *cls)
{
    const json_t *v = json_object_get(gpus, cls);
    int64_t micros = 0;
    ldg_error local;

    if (json_is_object(v))
        v = json_object_get(v, "count");

    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    ldg_error_clear(&local);
    if (json_is_string(v) &&
        ldg_fixed_parse_dp(&micros, json_string_value(v), json_string_length(v), 0,
                           &local) == LDG_OK)
        return micros / LDG_MICRO;
    return -1;
}

static char *dup_string(const json_t *v)
{
    size_t n = json_string_length(v);
    char *s = malloc(n + 1);

    if (s) {
        memcpy(s, json_string_value(v), n);
        s[n] = '\0';
    }
    return s;
}

/* The gpus of meter i (class cls, installed have of it; cls "" for energy). */
static ldg_code check_gpus(const json_t *n, const char *cls, int64_t have, size_t i,
                           const char *site, ldg_error *err)
{
    int energy = cls[0] == '\0';

    if (energy && !(json_is_integer(n) && json_integer_value(n) == 0))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu].gpus\" must be 0 for an"
                             " energy meter (class \"\")",
                             site, i);
    if (!energy && !(json_is_integer(n) && json_integer_value(n) >= 1 &&
                     json_integer_value(n) <= have))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu].gpus\" must be an integer"
                             " from 1 to the site's %" PRId64 " %s GPUs",
                             site, i, have, cls);
    return LDG_OK;
}

/* Checks meter i (the object v) against the site's gpus and appends it to m. */
static ldg_code take_meter(ldg_site_meters *m, const json_t *v, size_t i,
                           const char *site, const json_t *gpus, ldg_error *err)
{
    const json_t *id = json_object_get(v, "id"), *cls = json_object_get(v, "class"),
                 *n = json_object_get(v, "gpus");
    ldg_site_meter *out = &m->items[m->n];
    int64_t have;
    int added = 0;
    ldg_code rc;

    if (!json_is_object(v) || json_object_size(v) != 3 || !id || !cls || !n)
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu]\" must be an object with"
                             " exactly \"id\", \"class\" and \"gpus\"",
                             site, i);
    if (!json_is_string(id) || json_string_length(id) == 0 ||
        json_string_length(id) > LDG_SITE_METER_ID_MAX ||
        strlen(json_string_value(id)) != json_string_length(id) ||
        !ldg_text_no_controls(json_string_value(id), json_string_length(id)))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu].id\" must be a string of"
                             " 1 to %d bytes without control characters",
                             site, i, LDG_SITE_METER_ID_MAX);
    if (!json_is_string(cls))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu].class\" must be a string"
                             " (\"\" for an energy meter)",
                             site, i);
    have = json_string_length(cls) ? installed(gpus, json_string_value(cls)) : 0;
    if (have < 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu].class\": \"%.64s\" is not"
                             " a class of the site's \"gpus\"",
                             site, i, json_string_value(cls));
    if ((rc = check_gpus(n, json_string_value(cls), have, i, site, err)) != LDG_OK)
        return rc;
    if (!ldg_strmap_put(m->ix, json_string_value(id), json_string_length(id),
                        (int64_t)m->n, &added))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (!added)
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters[%zu].id\": meter \"%s\" is"
                             " listed twice",
                             site, i, json_string_value(id));
    out->id = dup_string(id);
    out->cls = dup_string(cls);
    out->gpus = (int64_t)json_integer_value(n);
    m->n++; /* counted before the check below, so free releases its strings */
    if (!out->id || !out->cls)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    return LDG_OK;
}

/* The meters of one class together fit the class's installed GPUs. */
static ldg_code check_sums(const ldg_site_meters *m, const char *site, const json_t *gpus,
                           ldg_error *err)
{
    const char *cls;
    json_t *v;

    json_object_foreach((json_t *)(uintptr_t)gpus, cls, v)
    {
        int64_t sum = 0, have = installed(gpus, cls);

        (void)v;
        /* each meter holds at most `have`: stopping once past it cannot overflow */
        for (size_t i = 0; i < m->n && sum <= have; i++)
            if (strcmp(m->items[i].cls, cls) == 0)
                sum += m->items[i].gpus;
        if (sum > have)
            return ldg_error_set(err, LDG_EINVAL,
                                 "site \"%s\": field \"meters\": its %s meters hold"
                                 " more than the %" PRId64 " GPUs the site has",
                                 site, cls, have);
    }
    return LDG_OK;
}

ldg_code ldg_site_meters_parse(ldg_site_meters **out, const json_t *doc, ldg_error *err)
{
    const json_t *list = json_object_get(doc, "meters"),
                 *gpus = json_object_get(doc, "gpus");
    const char *site = json_string_value(json_object_get(doc, "site"));
    ldg_site_meters *m;
    ldg_code rc = LDG_OK;

    *out = NULL;
    if (!list)
        return LDG_OK;
    site = site ? site : "";
    if (!json_is_array(list) || json_array_size(list) == 0 ||
        json_array_size(list) > LDG_SITE_METERS_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"meters\" must be an array of 1 to %d"
                             " meters",
                             site, LDG_SITE_METERS_MAX);
    m = calloc(1, sizeof(*m));
    if (!m || !(m->items = calloc(json_array_size(list), sizeof(*m->items))) ||
        ldg_strmap_new(&m->ix, err) != LDG_OK) {
        ldg_site_meters_free(m);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; rc == LDG_OK && i < json_array_size(list); i++)
        rc = take_meter(m, json_array_get(list, i), i, site, gpus, err);
    if (rc == LDG_OK)
        rc = check_sums(m, site, gpus, err);
    if (rc != LDG_OK)
        ldg_site_meters_free(m);
    else
        *out = m;
    return rc;
}

int ldg_site_meters_admit(const ldg_site_meters *m, const char *site, const char *meter,
                          int energy, const char *cls, char *why, size_t size)
{
    const ldg_site_meter *k = ldg_site_meters_find(m, meter, strlen(meter));
    char is[96], claimed[96];

    if (!k) {
        snprintf(why, size, "meter \"%s\" is not in the inventory of site \"%s\"", meter,
                 site);
        return 0;
    }
    if (energy ? k->cls[0] == '\0' : strcmp(k->cls, cls ? cls : "") == 0)
        return 1;
    if (k->cls[0])
        snprintf(is, sizeof(is), "a %.64s GPU meter", k->cls);
    else
        snprintf(is, sizeof(is), "an energy meter");
    if (energy)
        snprintf(claimed, sizeof(claimed), "energy");
    else
        snprintf(claimed, sizeof(claimed), "%.64s GPU-hours", cls ? cls : "");
    snprintf(why, size,
             "meter \"%s\" is %s in the inventory of site \"%s\": it cannot report %s",
             meter, is, site, claimed);
    return 0;
}
