/*
 * `leaseledger invoice hold | release` (cmd_invoice_hold.c): a person stops one
 * contract's documents (ledger/store/hold_store.h); cmd_invoice() hands over when
 * argv[1] is one of these verbs. Also the approval-threshold options and the held
 * amendment line that bill and nightly share (amend_threshold.h).
 */
#ifndef LEASELEDGER_CMD_INVOICE_HOLD_H
#define LEASELEDGER_CMD_INVOICE_HOLD_H

#include "ledger/amend_threshold.h"
#include "ledger/store/billing.h"

/* argv[0] is "invoice", argv[1] the verb. Returns an exit code. */
int cmd_invoice_hold(int argc, char **argv);

/*
 * Fills out from --hold-amend-above AMOUNT (above, may be NULL) and
 * --hold-amend-percent P (percent, may be NULL) of command cmd. Returns LDG_EXIT_OK, or
 * the usage error's exit code after printing it.
 */
int cmd_amend_threshold(ldg_amend_threshold *out, const char *above, const char *percent,
                        const char *cmd);

/* An ldg_bill_held_cb (ctx unused) that prints the held amendment and what to do. */
void cmd_print_amend_held(void *ctx, const ldg_contract_ref *c, ldg_period p,
                          const char *kind, const char *total, const char *currency,
                          const char *why);

#endif
