/*
 * The context of a document for people (doc_context.h): the explanation's figures per
 * line, and one query for why an amending document exists.
 */
#include "ledger/store/doc_context.h"

#include "ledger/fixed.h"
#include "ledger/store/audit_query.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* o[key] as micro-units; false when absent or not a decimal string. */
static bool fixed_of(int64_t *out, const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s && ldg_fixed_parse_str(out, s, NULL) == LDG_OK;
}

/* issued_sum of an amending document's line: what earlier documents issued. */
static void before_facts(ldg_doc_line_facts *f, const json_t *line)
{
    const json_t *sum =
        json_object_get(json_object_get(line, "difference"), "issued_sum");

    f->has_before = fixed_of(&f->before_qty_micros, sum, "quantity") &&
                    fixed_of(&f->before_amount_micros, sum, "amount");
}

static void energy_facts(ldg_doc_line_facts *f, const json_t *line)
{
    const json_t *w = json_array_get(json_object_get(line, "windows"), 0);

    f->has_energy =
        fixed_of(&f->pue_micros, json_object_get(line, "computation"), "pue") &&
        fixed_of(&f->metered_micros, json_object_get(w, "metered"), "quantity");
}

/* The band that applies is the lowest one the availability is under (bands descend). */
static void sla_facts(ldg_doc_line_facts *f, const json_t *line)
{
    const json_t *c = json_object_get(line, "computation"), *b;
    size_t i;
    bool band = false;

    json_array_foreach(json_object_get(c, "bands"), i, b)
    {
        if (json_is_true(json_object_get(b, "under")))
            band = fixed_of(&f->below_micros, b, "below") &&
                   fixed_of(&f->percent_micros, b, "percent");
    }
    f->availability_exact = json_is_true(json_object_get(c, "availability_exact"));
    f->has_sla = band && fixed_of(&f->availability_micros, c, "availability") &&
                 fixed_of(&f->downtime_micros, c, "downtime") &&
                 fixed_of(&f->reserved_micros, c, "reserved");
}

static ldg_code line_facts(ldg_doc_context *out, const json_t *ex, ldg_error *err)
{
    const json_t *lines = json_object_get(ex, "lines"), *l;
    bool amends = json_is_string(json_object_get(ex, "amends"));
    size_t i;

    out->nlines = json_array_size(lines);
    if (out->nlines > 0 && !(out->lines = calloc(out->nlines, sizeof(*out->lines))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    json_array_foreach(lines, i, l)
    {
        const char *stream = json_string_value(json_object_get(l, "stream"));

        if (amends)
            before_facts(&out->lines[i], l);
        if (stream && strcmp(stream, "energy") == 0)
            energy_facts(&out->lines[i], l);
        if (stream && strcmp(stream, "sla_credit") == 0)
            sla_facts(&out->lines[i], l);
    }
    return LDG_OK;
}

/*
 * The latest earlier document of the contract and period rated from a smaller log (a
 * supplementary invoice and a credit note of one re-rating share theirs), and what came
 * in since it was rated: usage records at the site overlapping the covered part, with seq
 * from its rated_from size up to the document's, and the acknowledgements of the period's
 * findings logged from that size up to the document (an original: every one before).
 */
static const char why_sql[] =
    "WITH d AS (SELECT i.tenant_id, i.seq, i.rated_size, i.contract_id, i.period"
    "  FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
    "  WHERE i.number = $1 AND t.tenant = $2),"
    " e AS (SELECT i.number, i.rated_size FROM ledger.invoice i, d"
    "  WHERE i.tenant_id = d.tenant_id AND i.contract_id = d.contract_id"
    "  AND i.period = d.period AND i.seq < d.seq AND i.rated_size < d.rated_size"
    "  ORDER BY i.seq DESC LIMIT 1)"
    " SELECT e.number,"
    "  (SELECT count(*) FROM ledger.usage u JOIN ledger.site s USING (site_id)"
    "   WHERE u.tenant_id = d.tenant_id AND s.site = $3 AND e.number IS NOT NULL"
    "   AND u.seq >= e.rated_size AND u.seq < d.rated_size"
    "   AND u.start_at < $5::timestamptz AND u.end_at > $4::timestamptz),"
    "  (SELECT count(*) FROM ledger.usage u JOIN ledger.site s USING (site_id)"
    "   WHERE u.tenant_id = d.tenant_id AND s.site = $3 AND e.number IS NOT NULL"
    "   AND u.seq >= e.rated_size AND u.seq < d.rated_size AND u.corrects IS NOT NULL"
    "   AND u.start_at < $5::timestamptz AND u.end_at > $4::timestamptz),"
    "  (SELECT count(*) FROM ledger.log_doc l"
    "   WHERE l.tenant_id = d.tenant_id AND l.kind = 'ack'"
    "   AND l.seq >= coalesce(e.rated_size, 0) AND l.seq < d.seq"
    "   AND convert_from(l.body, 'UTF8')::jsonb -> 'data' ->> 'period' = d.period)"
    " FROM d LEFT JOIN e ON true";

static ldg_code why(ldg_doc_context *out, ldg_store *st, const json_t *ex, ldg_error *err)
{
    const json_t *covered = json_object_get(ex, "covered");
    const char *params[5] = {
        json_string_value(json_object_get(ex, "number")),
        json_string_value(json_object_get(ex, "tenant")),
        json_string_value(json_object_get(ex, "site")),
        json_string_value(json_object_get(covered, "from")),
        json_string_value(json_object_get(covered, "to")),
    };
    PGresult *res = NULL;
    ldg_code rc;

    for (size_t i = 0; i < 5; i++)
        if (!params[i])
            return ldg_error_set(err, LDG_EINTERNAL,
                                 "the explanation of a document lacks its facts");
    if ((rc = ldg_store_exec(&res, st, why_sql, 5, params, err)) != LDG_OK)
        return rc;
    if (PQntuples(res) == 1) {
        snprintf(out->since, sizeof(out->since), "%s", PQgetvalue(res, 0, 0));
        out->late_records = ldg_store_int64(res, 0, 1);
        out->late_corrections = ldg_store_int64(res, 0, 2);
        out->acks = ldg_store_int64(res, 0, 3);
    }
    PQclear(res);
    return LDG_OK;
}

ldg_code ldg_doc_context_load(ldg_doc_context *out, ldg_store *st, const char *tenant,
                              const char *number, ldg_error *err)
{
    json_t *ex = NULL;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = ldg_audit_explain(&ex, st, tenant, number, 0, err)) == LDG_OK &&
        (rc = line_facts(out, ex, err)) == LDG_OK)
        rc = why(out, st, ex, err);
    json_decref(ex);
    if (rc != LDG_OK)
        ldg_doc_context_cleanup(out);
    return rc;
}

void ldg_doc_context_cleanup(ldg_doc_context *c)
{
    free(c->lines);
    memset(c, 0, sizeof(*c));
}
