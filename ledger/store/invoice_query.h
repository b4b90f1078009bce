/*
 * Invoice lookups for the commands: the issued documents as a list, one document's log
 * entry, and the parties a rendered document names. Read only; what billing.c wrote is
 * read back as it was written (the log entry's canonical bytes, not a re-rendering).
 *
 * Results are plain arrays of strings copied out of the result (ldg_store_copy_text),
 * so a caller never holds a PGresult: cmd/ parses arguments, calls these, prints.
 */
#ifndef LEASELEDGER_INVOICE_QUERY_H
#define LEASELEDGER_INVOICE_QUERY_H

#include "ledger/error.h"
#include "ledger/invoice.h"
#include "ledger/store/store.h"

#include <jansson.h>
#include <stddef.h>

/* The columns of one row of ldg_invoice_list, in this order. */
enum {
    LDG_INVOICE_COL_NUMBER,
    LDG_INVOICE_COL_KIND, /* "invoice" or "credit_note" */
    LDG_INVOICE_COL_TENANT,
    LDG_INVOICE_COL_CONTRACT,
    LDG_INVOICE_COL_PERIOD, /* "YYYY-MM" */
    LDG_INVOICE_COL_AMENDS, /* number amended, "" for an original */
    LDG_INVOICE_COL_CURRENCY,
    LDG_INVOICE_COL_TOTAL,  /* the document's decimal total, as issued */
    LDG_INVOICE_COL_ISSUED, /* RFC 3339 UTC, seconds */
    LDG_INVOICE_NCOLS
};

/*
 * The issued invoices and credit notes, oldest first (then tenant, seq), of tenant and
 * period when not NULL. (*out)[r * LDG_INVOICE_NCOLS + c] is column c of row r; *n rows.
 * On LDG_OK free *out with free() once. LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_invoice_list(const char ***out, size_t *n, ldg_store *st, const char *tenant,
                          const char *period, ldg_error *err);

/*
 * The log entry (JSON object {"v","tenant","seq","kind","data"}) of invoice number
 * (tenant may be NULL when numbers are unique across tenants). LDG_ENOTFOUND, LDG_EINVAL
 * (the number exists for several tenants), LDG_EINTERNAL (the stored entry is not JSON).
 * On LDG_OK release *out with json_decref().
 */
ldg_code ldg_invoice_entry(json_t **out, ldg_store *st, const char *tenant,
                           const char *number, ldg_error *err);

/*
 * Who an invoice is from and to: the operator of the contract's site as its site
 * document stood when the invoice was issued (with its remit_to), and the contract's
 * tenant_name; and the contract's "tax" entries in force for the period (JSON text),
 * for their exemption reasons. Strings are "" when the document omits them; all point
 * into block.
 */
typedef struct ldg_invoice_parties {
    const char *seller_name, *seller_address, *seller_tax_id;
    const char *remit_bank, *remit_account, *remit_routing, *remit_iban, *remit_reference;
    const char *tax_json;
    const char *buyer_name;
    const char *tenant, *site; /* ids */
    const char **block;        /* owner of the strings: ldg_invoice_parties_cleanup */
} ldg_invoice_parties;

/* Fills out for invoice number (tenant may be NULL). LDG_ENOTFOUND, LDG_EDB, LDG_ENOMEM.
 * Release with ldg_invoice_parties_cleanup() in every case. */
ldg_code ldg_invoice_parties_load(ldg_invoice_parties *out, ldg_store *st,
                                  const char *number, const char *tenant, ldg_error *err);
void ldg_invoice_parties_cleanup(ldg_invoice_parties *p);

/* Parses row of res into *out (a document to free with ldg_invoice_free()). */
typedef ldg_code (*ldg_invoice_row_fn)(ldg_invoice **out, const PGresult *res, int row,
                                       ldg_error *err);

/*
 * The documents of every row of res, parsed by parse, in row order: on LDG_OK *out
 * holds *n of them (free with ldg_invoice_docs_free()). On failure *out is NULL and
 * nothing is kept; the first parse error is returned.
 */
ldg_code ldg_invoice_docs(ldg_invoice ***out, size_t *n, const PGresult *res,
                          ldg_invoice_row_fn parse, ldg_error *err);
void ldg_invoice_docs_free(ldg_invoice **docs, size_t n);

#endif
