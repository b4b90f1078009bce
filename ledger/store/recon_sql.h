/*
 * SQL pieces shared by the reconciliation queries (recon_store.c, recon_physical.c).
 * Private to ledger/store/: constant text only, every value a $n parameter.
 */
#ifndef LEASELEDGER_RECON_SQL_H
#define LEASELEDGER_RECON_SQL_H

/* Each contract as last amended: term and site. $1 is the tenant filter. */
#define SQL_K                                                                           \
    "k AS (SELECT DISTINCT ON (d.tenant_id, d.contract_id) d.tenant_id, d.contract_id," \
    " d.site_id, d.starts, d.ends FROM ledger.contract_doc d"                           \
    " WHERE ($1::int IS NULL OR d.tenant_id = $1)"                                      \
    " ORDER BY d.tenant_id, d.contract_id, d.seq DESC)"

/* The contract of tenant X.tenant_id at site X.site_id overlapping [T0, T1) (epochs). */
#define SQL_CONTRACT_OF(X, T0, T1)                                                    \
    " LEFT JOIN LATERAL (SELECT k.contract_id FROM k WHERE k.tenant_id = " X          \
    ".tenant_id"                                                                      \
    " AND k.site_id = " X ".site_id AND k.starts < to_timestamp(" T1 ")"              \
    " AND k.ends > to_timestamp(" T0 ") ORDER BY k.starts, k.contract_id LIMIT 1) kc" \
    " ON true"

#endif
