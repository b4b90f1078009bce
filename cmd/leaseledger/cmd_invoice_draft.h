/*
 * `leaseledger invoice drafts | approve | reject` (cmd_invoice_draft.c): cmd_invoice()
 * hands over when argv[1] is one of these verbs.
 */
#ifndef LEASELEDGER_CMD_INVOICE_DRAFT_H
#define LEASELEDGER_CMD_INVOICE_DRAFT_H

/* argv[0] is "invoice", argv[1] the verb. Returns an exit code. */
int cmd_invoice_draft(int argc, char **argv);

#endif
