/*
 * The terms of a document (invoice_terms.h).
 *
 * Invariant: the tax of an amending document depends only on the entries in force and
 * the documents before it, so billing (which computes a supplementary invoice and a
 * credit note of one rating together) and the verifier (one document at a time, the
 * supplementary invoice among the documents before the credit note) agree: both
 * telescope to tax(T + S + C) - X (tax.h).
 */
#include "ledger/invoice_terms.h"

#include "ledger/receivable.h"

#include <assert.h>
#include <string.h>

void ldg_invoice_terms_in_force(ldg_billing_terms *out, const ldg_contract *c,
                                ldg_period p)
{
    ldg_time last = (p.end < ldg_contract_ends(c) ? p.end : ldg_contract_ends(c)) - 1;

    ldg_contract_billing_at(out, c, last);
}

/* Whether the document's element x is the tax of entry e. */
static bool same_entry(const ldg_invoice_tax *x, const ldg_tax_entry *e)
{
    return x->category == e->category && strcmp(x->name, e->name) == 0;
}

ldg_code ldg_invoice_tax_issued(ldg_tax_amount *out, const ldg_billing_terms *bt,
                                const ldg_invoice *const *issued, size_t n,
                                ldg_error *err)
{
    for (size_t e = 0; e < bt->ntax; e++) {
        ldg_i128 taxable = 0, amount = 0;

        for (size_t i = 0; i < n; i++) {
            const ldg_invoice_terms *t = ldg_invoice_terms_of(issued[i]);

            for (size_t k = 0; t && k < t->ntax; k++)
                if (same_entry(&t->tax[k], &bt->tax[e])) {
                    taxable += t->tax[k].taxable_micros;
                    amount += t->tax[k].amount_micros;
                }
        }
        if (taxable > INT64_MAX || taxable < INT64_MIN || amount > INT64_MAX ||
            amount < INT64_MIN)
            return ldg_error_set(err, LDG_ERANGE,
                                 "tax issued for the period out of range");
        out[e].taxable_micros = (int64_t)taxable;
        out[e].amount_micros = (int64_t)amount;
    }
    return LDG_OK;
}

ldg_code ldg_invoice_tax_of(ldg_tax_amount *out, const ldg_billing_terms *bt,
                            const ldg_draft *d, bool credit_note,
                            const ldg_invoice *const *issued, size_t n, ldg_error *err)
{
    ldg_tax_amount before[LDG_TAX_MAX_ENTRIES], unused[LDG_TAX_MAX_ENTRIES];
    int64_t total = 0;
    ldg_code rc;

    if (n == 0)
        return ldg_tax_of_draft(out, &total, bt->tax, bt->ntax, d, err);
    if ((rc = ldg_invoice_tax_issued(before, bt, issued, n, err)) != LDG_OK)
        return rc;
    return credit_note
               ? ldg_tax_amend(unused, out, bt->tax, bt->ntax, before, NULL, d, err)
               : ldg_tax_amend(out, unused, bt->tax, bt->ntax, before, d, NULL, err);
}

ldg_code ldg_invoice_terms_make(ldg_invoice_terms *out, ldg_invoice_tax *tax_out,
                                const ldg_billing_terms *bt,
                                const ldg_tax_amount *amounts, ldg_time issued,
                                ldg_error *err)
{
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    for (size_t e = 0; e < bt->ntax; e++) {
        tax_out[e].category = bt->tax[e].category;
        tax_out[e].name = bt->tax[e].name;
        tax_out[e].percent_micros = bt->tax[e].percent_micros;
        tax_out[e].taxable_micros = amounts[e].taxable_micros;
        tax_out[e].amount_micros = amounts[e].amount_micros;
    }
    out->ntax = bt->ntax;
    out->tax = tax_out;
    if ((rc = ldg_receivable_due(&out->due_day, issued, bt->net_days, err)) != LDG_OK)
        return rc;
    out->bill_to = bt->bill_to_json;
    out->purchase_order = bt->purchase_order;
    return LDG_OK;
}
