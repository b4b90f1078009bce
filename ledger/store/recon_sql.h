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

/*
 * Hours of period [$2, $3) where the usage of kind KIND (a number: 1 GPU-hours
 * delivered, 3 downtime) of a class, summed over every tenant at a site, is above the
 * GPUs of that class of the site version in force at the start of the hour; one row per
 * tenant ($1, or every tenant when NULL) with some of it: tenant, site, class, hour
 * (epoch), the sum, the GPUs, the tenant's part, the contract. capacity (KIND 1) and
 * downtime_capacity (KIND 3).
 */
#define SQL_CLASS_OVER_SITE(KIND)                                                        \
    "WITH " SQL_K ","                                                                    \
    " tot AS (SELECT site_id, hour, class, sum(qty_micros)::bigint AS used"              \
    "  FROM ledger.usage_hourly WHERE kind = " KIND                                      \
    "  AND hour >= to_timestamp($2) AND hour < to_timestamp($3)"                         \
    "  GROUP BY site_id, hour, class),"                                                  \
    " o AS (SELECT tot.site_id, tot.hour, tot.class, tot.used, cap.gpus FROM tot"        \
    "  CROSS JOIN LATERAL (SELECT coalesce((SELECT c.gpus FROM ledger.site_class c"      \
    "   WHERE c.site_id = v.site_id AND c.valid_from = v.valid_from"                     \
    "   AND c.class = tot.class), 0) AS gpus"                                            \
    "   FROM ledger.site_version v WHERE v.site_id = tot.site_id AND v.valid_from <= "   \
    "tot.hour"                                                                           \
    "   ORDER BY v.valid_from DESC LIMIT 1) cap"                                         \
    "  WHERE tot.used > cap.gpus::numeric * 1000000),"                                   \
    " x AS (SELECT h.tenant_id, h.site_id, o.class, extract(epoch FROM o.hour)::bigint " \
    "AS t0,"                                                                             \
    "  o.used, o.gpus, h.qty_micros"                                                     \
    "  FROM o JOIN ledger.usage_hourly h ON h.site_id = o.site_id AND h.hour = o.hour"   \
    "  AND h.kind = " KIND " AND h.class = o.class"                                      \
    "  WHERE ($1::int IS NULL OR h.tenant_id = $1) AND h.qty_micros > 0)"                \
    " SELECT t.tenant, si.site, x.class, x.t0, x.used, x.gpus, x.qty_micros, "           \
    "kc.contract_id"                                                                     \
    " FROM x JOIN ledger.tenant t ON t.tenant_id = x.tenant_id"                          \
    " JOIN ledger.site si ON si.site_id = x.site_id" SQL_CONTRACT_OF("x", "x.t0",        \
                                                                     "x.t0 + 3600")

#endif
