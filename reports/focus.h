/*
 * The FOCUS export: the charges of a service period as a FinOps Open Cost and Usage
 * Specification (FOCUS) cost-and-usage dataset, RFC 4180 CSV with a header record.
 *
 * Version. The columns follow FOCUS 1.3 (ratified 4 December 2025): every column
 * that is Mandatory in 1.2 and 1.3 (docs/focus-columns.csv; 1.3 added
 * ServiceProviderName and HostProviderName and deprecated, but kept, ProviderName and
 * PublisherName), plus the Recommended and Conditional columns that apply to a GPU
 * capacity lessor. docs/exports.md gives the mapping column by column and why.
 *
 * One row per charge: every line of every invoice, supplementary invoice and credit
 * note whose service period is P. The sum of BilledCost over the rows of an InvoiceId
 * is that document's total, to the minor unit. Rows of supplementary invoices and
 * credit notes correct a billing period already invoiced: ChargeClass "Correction".
 *
 * Streams map to charge categories:
 *   gpu_reserved, power_capacity  Purchase, Recurring  (take-or-pay: capacity bought
 *                                 for the period whether used or not)
 *   gpu_overage, energy           Usage, Usage-Based   (metered consumption)
 *   sla_credit                    Credit, One-Time     (granted by the provider)
 *   commitment_true_up            Adjustment, One-Time (minimum-commitment shortfall)
 * and each tax entry of a document (issue 9; documents issued before carry none) is one
 * more row after the document's lines: ChargeCategory Tax, ChargeFrequency Recurring,
 * ServiceName "Sales Tax", the tax in every cost column, the billing period as the
 * charge period, "<name> (<category>, <percent>%)" as the description, no SKU, pricing
 * or x_Line* values. Zero-rated and exempt entries have a row of 0 too. So BilledCost
 * over an InvoiceId still adds up to the document's total (net + tax).
 *
 * Values: decimals are plain decimal strings (costs with the currency's minor digits,
 * quantities and prices with 6), date/times "YYYY-MM-DDTHH:MM:SSZ" in UTC, and a
 * column that does not apply to a row is an empty field (null). Custom columns carry
 * the "x_" prefix FOCUS requires.
 */
#ifndef LEASELEDGER_REPORTS_FOCUS_H
#define LEASELEDGER_REPORTS_FOCUS_H

#include "ledger/error.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The FOCUS version the columns follow. */
#define RPT_FOCUS_VERSION "1.3"

/*
 * Writes the dataset of service period `period`: the header, then a row per line of
 * every document of the period, ordered by tenant, contract, issue instant and line,
 * each document's tax rows after its lines.
 * A period without documents gives the header alone. *n_rows (may be NULL) receives
 * the number of rows. One statement, so one snapshot. LDG_EINVAL, LDG_EDB, LDG_EIO.
 */
ldg_code rpt_focus_export(FILE *out, ldg_store *st, ldg_period period, size_t *n_rows,
                          ldg_error *err);

#endif
