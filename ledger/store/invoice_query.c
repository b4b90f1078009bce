/*
 * Invoice lookups. See invoice_query.h. Each is one statement; the list and the parties
 * are copied out of the result in one block (ldg_store_copy_text) so that the caller
 * frees one pointer and never sees libpq.
 */
#include "ledger/store/invoice_query.h"

#include <stdlib.h>

ldg_code ldg_invoice_list(const char ***out, size_t *n, ldg_store *st, const char *tenant,
                          const char *period, ldg_error *err)
{
    const char *params[2] = { tenant, period };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT i.number, i.kind, t.tenant, i.contract_id, i.period,"
        " coalesce(i.amends, ''), i.currency, i.doc->>'total',"
        " to_char(i.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
        " WHERE ($1::text IS NULL OR t.tenant = $1)"
        " AND ($2::text IS NULL OR i.period = $2)"
        " ORDER BY i.issued_at, t.tenant, i.seq",
        2, params, err);

    *out = NULL;
    *n = 0;
    if (rc == LDG_OK)
        rc = ldg_store_copy_text(out, n, res, err);
    PQclear(res);
    return rc;
}

ldg_code ldg_invoice_entry(json_t **out, ldg_store *st, const char *tenant,
                           const char *number, ldg_error *err)
{
    const char *params[2] = { number, tenant };
    PGresult *res = NULL;
    json_error_t jerr;
    ldg_code rc =
        ldg_store_execb(&res, st,
                        "SELECT d.body FROM ledger.invoice i"
                        " JOIN ledger.tenant t USING (tenant_id)"
                        " JOIN ledger.log_doc d ON d.tenant_id = i.tenant_id"
                        "  AND d.seq = i.seq"
                        " WHERE i.number = $1 AND ($2::text IS NULL OR t.tenant = $2)",
                        2, params, NULL, NULL, 1, err);

    *out = NULL;
    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no invoice numbered \"%s\"", number);
    else if (PQntuples(res) > 1)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "invoice number \"%s\" exists for several tenants: give --tenant", number);
    else if (!(*out = json_loadb(PQgetvalue(res, 0, 0), (size_t)PQgetlength(res, 0, 0), 0,
                                 &jerr)))
        rc = ldg_error_set(err, LDG_EINTERNAL, "stored invoice entry is not JSON: %s",
                           jerr.text);
    PQclear(res);
    return rc;
}

ldg_code ldg_invoice_parties_load(ldg_invoice_parties *out, ldg_store *st,
                                  const char *number, const char *tenant, ldg_error *err)
{
    const char *params[2] = { number, tenant };
    PGresult *res = NULL;
    size_t rows = 0;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT sv.doc->'operator'->>'name',"
        " sv.doc->'operator'->>'address',"
        " sv.doc->'operator'->>'tax_id', b.doc->>'tenant_name', t.tenant,"
        " s.site, sv.doc->'operator'->'remit_to'->>'bank',"
        " sv.doc->'operator'->'remit_to'->>'account',"
        " sv.doc->'operator'->'remit_to'->>'routing',"
        " sv.doc->'operator'->'remit_to'->>'iban',"
        " sv.doc->'operator'->'remit_to'->>'reference',"
        /* the tax entries in force for the period (invoice_terms.h),
         * for their exemption reasons */
        " (SELECT d.doc->'tax' FROM ledger.contract_doc d"
        "  WHERE d.tenant_id = i.tenant_id AND d.contract_id = i.contract_id"
        "  AND d.seq < i.seq AND d.doc ? 'tax' AND coalesce(d.effective,"
        "  d.starts) < to_date(i.period, 'YYYY-MM') + interval '1 month'"
        "  ORDER BY d.effective DESC NULLS LAST LIMIT 1)::text"
        " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
        " JOIN ledger.contract_doc b ON b.tenant_id = i.tenant_id"
        "  AND b.contract_id = i.contract_id AND b.amends IS NULL"
        " JOIN ledger.site s ON s.site_id = b.site_id"
        " JOIN LATERAL (SELECT doc FROM ledger.site_version v"
        "  WHERE v.site_id = b.site_id AND v.valid_from <= i.issued_at"
        "  ORDER BY valid_from DESC LIMIT 1) sv ON true"
        " WHERE i.number = $1 AND ($2::text IS NULL OR t.tenant = $2)",
        2, params, err);

    *out = (ldg_invoice_parties){ 0 };
    if (rc == LDG_OK)
        rc = ldg_store_copy_text(&out->block, &rows, res, err);
    PQclear(res);
    if (rc == LDG_OK && rows < 1)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no invoice numbered \"%s\"", number);
    if (rc != LDG_OK)
        return rc;
    out->seller_name = out->block[0];
    out->seller_address = out->block[1];
    out->seller_tax_id = out->block[2];
    out->buyer_name = out->block[3];
    out->tenant = out->block[4];
    out->site = out->block[5];
    out->remit_bank = out->block[6];
    out->remit_account = out->block[7];
    out->remit_routing = out->block[8];
    out->remit_iban = out->block[9];
    out->remit_reference = out->block[10];
    out->tax_json = out->block[11];
    return LDG_OK;
}

void ldg_invoice_parties_cleanup(ldg_invoice_parties *p)
{
    free(p->block);
    *p = (ldg_invoice_parties){ 0 };
}

void ldg_invoice_docs_free(ldg_invoice **docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ldg_invoice_free(docs[i]);
    free(docs);
}

ldg_code ldg_invoice_docs(ldg_invoice ***out, size_t *n, const PGresult *res,
                          ldg_invoice_row_fn parse, ldg_error *err)
{
    size_t rows = (size_t)PQntuples(res);
    ldg_invoice **docs = NULL;
    ldg_code rc = LDG_OK;

    *out = NULL;
    *n = 0;
    if (rows > 0 && !(docs = calloc(rows, sizeof(*docs))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < rows; i++)
        rc = parse(&docs[i], res, (int)i, err);
    if (rc != LDG_OK) {
        ldg_invoice_docs_free(docs, rows); /* calloc'd: the unparsed ones are NULL */
        return rc;
    }
    *out = docs;
    *n = rows;
    return LDG_OK;
}
