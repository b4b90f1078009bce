/*
 * Meter inventories in the store. See site_meters_store.h.
 *
 * The inventory is read back from the stored site document (ledger.site_version.doc),
 * not from a table of its own: the document is what was loaded and versioned, and a
 * second copy could disagree with it. Only the members the parser needs travel.
 */
#include "ledger/store/site_meters_store.h"

#include <stdlib.h>
#include <string.h>

static ldg_time pg_epoch(const char *s)
{
    if (strcmp(s, "-Infinity") == 0)
        return INT64_MIN;
    if (strcmp(s, "Infinity") == 0)
        return INT64_MAX;
    return (ldg_time)strtoll(s, NULL, 10);
}

void ldg_site_inventories_free(ldg_site_inventory *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        ldg_site_meters_free(v[i].meters);
    free(v);
}

/* Parses the stored members of one version (NULL text: no inventory). */
static ldg_code parse_version(ldg_site_meters **out, const char *text, ldg_error *err)
{
    json_error_t jerr;
    json_t *doc = json_loads(text, 0, &jerr);
    ldg_code rc;

    if (!doc)
        return ldg_error_set(err, LDG_EINTERNAL, "stored site document does not parse");
    rc = ldg_site_meters_parse(out, doc, err);
    json_decref(doc);
    if (rc != LDG_OK)
        ldg_error_where(err, "stored site version");
    if (rc == LDG_EINVAL && err) /* it passed at load: a stored one failing is a bug */
        err->code = LDG_EINTERNAL;
    return rc == LDG_EINVAL ? LDG_EINTERNAL : rc;
}

ldg_code ldg_site_inventories(ldg_site_inventory **out, size_t *n, ldg_store *st,
                              const char *site, ldg_error *err)
{
    const char *params[1] = { site };
    PGresult *res = NULL;
    ldg_code rc;
    int rows;

    *out = NULL;
    *n = 0;
    rc = ldg_store_exec(&res, st,
                        "SELECT extract(epoch FROM v.valid_from)::text,"
                        " coalesce(extract(epoch FROM lead(v.valid_from) OVER w)::text,"
                        "   'Infinity'),"
                        " CASE WHEN v.doc ? 'meters' THEN jsonb_build_object('site',"
                        "   v.doc->'site', 'gpus', v.doc->'gpus', 'meters',"
                        "   v.doc->'meters')::text END"
                        " FROM ledger.site s JOIN ledger.site_version v USING (site_id)"
                        " WHERE s.site = $1 WINDOW w AS (ORDER BY v.valid_from)"
                        " ORDER BY v.valid_from",
                        1, params, err);
    if (rc != LDG_OK)
        return rc;
    rows = PQntuples(res);
    if (rows == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown site \"%s\"", site);
    else if (!(*out = calloc((size_t)rows, sizeof(**out))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int i = 0; rc == LDG_OK && i < rows; i++) {
        ldg_site_inventory *v = &(*out)[i];

        v->valid_from = pg_epoch(PQgetvalue(res, i, 0));
        v->valid_to = pg_epoch(PQgetvalue(res, i, 1));
        *n = (size_t)i + 1;
        if (!PQgetisnull(res, i, 2))
            rc = parse_version(&v->meters, PQgetvalue(res, i, 2), err);
    }
    PQclear(res);
    if (rc != LDG_OK) {
        ldg_site_inventories_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

const ldg_site_meters *ldg_site_inventory_at(const ldg_site_inventory *v, size_t n,
                                             ldg_time t)
{
    for (size_t i = 0; i < n; i++)
        if (t >= v[i].valid_from && t < v[i].valid_to)
            return v[i].meters;
    return NULL;
}
