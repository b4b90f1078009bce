/*
 * ledger.usage_run (migration 0016; ledger/usage_run.h) as ingest writes it and billing
 * reads it.
 */
#ifndef LEASELEDGER_USAGE_RUN_STORE_H
#define LEASELEDGER_USAGE_RUN_STORE_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"
#include "ledger/usage_run.h"

/* Queues the insert of rs's runs (ldg_store_exec_later: in the caller's transaction,
 * with the entries they describe). Nothing to do for none. */
ldg_code ldg_usage_run_put(ldg_store *st, const ldg_usage_runs *rs, ldg_error *err);

/* Sends the read of tenant_id's runs that may hold entries of the basis selection
 * (usage_run.h) at site_id, with start < to and end > from and seq below `below`, in
 * seq order; ldg_usage_run_take reads them. */
ldg_code ldg_usage_run_send(ldg_store_ticket *ticket, ldg_store *st, int32_t tenant_id,
                            int32_t site_id, int64_t below, ldg_time from, ldg_time to,
                            ldg_error *err);

/* The runs sent for, in seq order; LDG_EINTERNAL when two of them overlap (the rows are
 * not what ingest wrote). On LDG_OK free *out. */
ldg_code ldg_usage_run_take(ldg_usage_runs *out, ldg_store *st, ldg_store_ticket ticket,
                            ldg_error *err);

#endif
