/*
 * The 15-minute energy sums of the store (ledger.usage_quarter, migration 0014): what
 * ingest writes for every energy record of at most 15 minutes (demand.h), per tenant,
 * site and quarter-hour, split at quarter-hours by the split rule, and what billing and
 * `audit explain` read back to rate demand.
 */
#ifndef LEASELEDGER_DEMAND_STORE_H
#define LEASELEDGER_DEMAND_STORE_H

#include "ledger/contract.h"
#include "ledger/demand.h"
#include "ledger/error.h"
#include "ledger/rollup.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stdint.h>

/* Upserts the chunk's quarter-hour sums q (ldg_demand_rollup_add) in the open
 * transaction; nothing when q is empty. */
ldg_code ldg_demand_store_flush(ldg_store *st, const ldg_rollup *q, ldg_error *err);

/*
 * The sums rating contract c (of tenant_id at site_id) for p needs: quarter-hours from
 * ldg_demand_since(c, p) to p.end. *out is NULL when c has no demand terms in p (no
 * read); otherwise free it with ldg_demand_usage_free(). LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_demand_store_load(ldg_demand_usage **out, ldg_store *st, int32_t tenant_id,
                               int16_t site_id, const ldg_contract *c, ldg_period p,
                               ldg_error *err);

/*
 * Compares tenant_id's stored quarter-hour sums with q, rebuilt from the log's records
 * (ldg_demand_rollup_add): *bad receives the number of sums that differ, are missing or
 * have no records behind them, and msg (msglen bytes) names the first. LDG_EDB.
 */
ldg_code ldg_demand_store_compare(int64_t *bad, char *msg, size_t msglen, ldg_store *st,
                                  int32_t tenant_id, const ldg_rollup *q, ldg_error *err);

/* What reconcile reports of a contract's demand data (reconcile.h demand_data and
 * power_overage). */
typedef struct ldg_demand_findings {
    bool applies;          /* demand or power-overage terms in the period */
    ldg_demand_result res; /* ldg_demand_compute */
    ldg_time from, to;     /* the covered part up to elapsed */
    int64_t quarters, missing;
    ldg_time first_missing;
    int64_t coarse_micros; /* energy in [from, to) in records longer than 15 minutes */
} ldg_demand_findings;

/* The figures of the findings for contract c of tenant_id at site_id in p, counting
 * only the quarter-hours before elapsed. LDG_EDB, LDG_ENOMEM, LDG_ERANGE. */
ldg_code ldg_demand_store_findings(ldg_demand_findings *out, ldg_store *st,
                                   int32_t tenant_id, int16_t site_id,
                                   const ldg_contract *c, ldg_period p, ldg_time elapsed,
                                   ldg_error *err);

#endif
