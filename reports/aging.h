/*
 * The aging report (docs/receivables.md "Aging"): per tenant and currency, the open
 * amounts as of a day by days past due, the credit on account and the total, from one
 * replay per tenant (ledger/receivable.h). Rows by tenant id, then currency code.
 *
 * table and csv: the columns tenant, currency, current, d1_30, d31_60, d61_90,
 * d91_plus, credit, total (reports/table.h). json (pinned by issue 9):
 *   {"as_of": "YYYY-MM-DD", "rows": [{"tenant", "currency", "current", "d1_30",
 *    "d31_60", "d61_90", "d91_plus", "credit", "total"}]}
 * amounts as decimal strings in the currency's minor unit. A tenant whose balance in a
 * currency is 0 with nothing open still has its row (it has items in the currency).
 */
#ifndef LEASELEDGER_REPORTS_AGING_H
#define LEASELEDGER_REPORTS_AGING_H

#include "ledger/error.h"
#include "ledger/store/receivable_store.h"
#include "reports/table.h"

#include <stdint.h>
#include <stdio.h>

/* Writes the aging of every tenant of log as of day in fmt. LDG_EINVAL (a tenant's log
 * does not replay, naming it), LDG_EIO, LDG_ENOMEM. */
ldg_code rpt_aging_write(FILE *out, rpt_format fmt, const ldg_receivable_log *log,
                         int64_t day, ldg_error *err);

#endif
