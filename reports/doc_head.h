/*
 * The head of an issued document (number, kind, amends, tenant, payee, contract,
 * currency) as both period exports, FOCUS (focus.c) and the journal (journal.c), select
 * it first from ledger.invoice i, ledger.tenant t and the contract's first version b.
 * One select list and one column enum, so the two cannot read a column at another
 * position. Private to reports/.
 */
#ifndef LEASELEDGER_REPORTS_DOC_HEAD_H
#define LEASELEDGER_REPORTS_DOC_HEAD_H

#define RPT_DOC_HEAD_SELECT                                                 \
    "SELECT i.number, i.kind, i.amends, t.tenant, b.doc ->> 'tenant_name'," \
    " i.contract_id, i.currency"

/* Columns of RPT_DOC_HEAD_SELECT; a query's own columns follow from RPT_DOC_HEAD_COLS. */
enum rpt_doc_head_col {
    RPT_DOC_NUMBER,
    RPT_DOC_KIND,
    RPT_DOC_AMENDS,
    RPT_DOC_TENANT,
    RPT_DOC_TENANT_NAME,
    RPT_DOC_CONTRACT,
    RPT_DOC_CURRENCY,
    RPT_DOC_HEAD_COLS
};

#endif
