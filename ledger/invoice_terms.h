/*
 * The terms a document is issued under (issue 9): its tax per entry of the contract,
 * its due date, bill_to and purchase order, decided in one place for billing and for
 * the offline verifier, so the two cannot disagree.
 *
 * Which terms: those in force at the last instant of the part of the period the
 * contract covers (an amendment effective by then applies to the whole period, as a
 * rate amendment would not: tax and addressee are facts of the document, not of each
 * hour). Which tax: an original invoice carries ldg_tax_of_draft of its lines; a
 * supplementary invoice or credit note carries ldg_tax_amend against the tax already
 * issued for the period, per entry matched by category and name (an entry the earlier
 * documents do not carry counts as nothing issued; older documents carry none).
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_INVOICE_TERMS_H
#define LEASELEDGER_INVOICE_TERMS_H

#include "ledger/contract_billing.h"
#include "ledger/error.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/tax.h"

#include <stddef.h>

/* The billing terms of contract c's documents for period p (the rule above). */
void ldg_invoice_terms_in_force(ldg_billing_terms *out, const ldg_contract *c,
                                ldg_period p);

/* Per entry of bt, the taxable and tax over issued[0..n) (any documents of one
 * period). out receives bt->ntax amounts. LDG_ERANGE. */
ldg_code ldg_invoice_tax_issued(ldg_tax_amount *out, const ldg_billing_terms *bt,
                                const ldg_invoice *const *issued, size_t n,
                                ldg_error *err);

/*
 * The tax of one document with the lines of d: n == 0 an original invoice
 * (ldg_tax_of_draft), else a supplementary invoice (credit_note false) or credit note
 * amending issued[0..n), the documents of the period before it. out receives
 * bt->ntax amounts. LDG_ECONFLICT, LDG_ERANGE as ldg_tax_amend.
 */
ldg_code ldg_invoice_tax_of(ldg_tax_amount *out, const ldg_billing_terms *bt,
                            const ldg_draft *d, bool credit_note,
                            const ldg_invoice *const *issued, size_t n, ldg_error *err);

/*
 * The terms of a document issued at instant issued under bt with tax amounts[0..
 * bt->ntax): tax_out (LDG_TAX_MAX_ENTRIES) receives the elements out->tax points to;
 * due = the issue date + net_days; approved_by NULL. Strings borrowed from bt.
 * LDG_EINVAL from ldg_receivable_due.
 */
ldg_code ldg_invoice_terms_make(ldg_invoice_terms *out, ldg_invoice_tax *tax_out,
                                const ldg_billing_terms *bt,
                                const ldg_tax_amount *amounts, ldg_time issued,
                                ldg_error *err);

#endif
