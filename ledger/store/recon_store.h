/*
 * Reconciliation against the store: the SQL that finds the findings of reconcile.h,
 * the check that holds an invoice, and operators' acknowledgements.
 *
 * Where each finding comes from (all parameterised, constant SQL):
 *   overlap   ledger.usage: per tenant, site, meter and kind, records (not corrections,
 *             net quantity after their corrections not zero) sorted by (start, seq);
 *             each record is compared with the one before it that ends last (a window
 *             max over [end, seq]), so every overlapping record is named in a pair
 *             in O(n log n), without a self-join.
 *   capacity  ledger.usage_hourly kind gpu summed over tenants per site, hour and
 *             class, against the site_version in force at the start of the hour
 *             (recon_physical.c, with downtime_capacity in one statement).
 *   gap       ledger.usage: per contract, meter and kind (gpu and energy only:
 *             downtime is reported only when there is some), the hours of
 *             [max(period start, contract start), min(period end, contract end,
 *             as_of's hour)) that no record touches.
 *   energy    ledger.usage_hourly per tenant, site and UTC day, for tenants with
 *             energy metered at that site in the period (a contract without energy
 *             metering is not flagged every day).
 *   overage, idle, sla
 *             the draft of ldg_rate_period over the hourly rollups of each contract
 *             covering part of the period (the rollups rate exactly like the records,
 *             rate.h), as billing rates it.
 *   outside_term
 *             ledger.usage: records overlapping the period that no single term of
 *             their tenant at their site contains; the uncovered parts inside the
 *             period are cut with ldg_recon_outside_parts (the split rule).
 *   downtime_no_terms
 *             ledger.usage downtime records of a contract's covered part, read only
 *             when its rating has downtime in a window where the class has no terms;
 *             each record's ignored part from ldg_rate_ignored_downtime.
 *   payment_unmatched
 *             ledger.payment_pending: payments received in the period that matched no
 *             tenant (payment_store.h); only when every tenant is reconciled.
 *   maintenance
 *             the kind 4 rollups of each contract's covered part, against its SLA's
 *             maintenance_hours_per_month (also run for one contract by
 *             ldg_recon_blocking_take, so billing holds on it).
 *   meter_overload, downtime_capacity
 *             recon_physical.c (recon_physical.h): per meter and hour against the site's
 *             meter inventory, and downtime per class and hour against the site; with
 *             capacity, one call (ldg_recon_physical) wherever capacity is checked (the
 *             blocking check and its memo included).
 * A finding is assigned to the tenant's contract at that site whose term overlaps its
 * range (the earliest such, if several). Capacity gives one finding per tenant using
 * the class in that hour.
 *
 * None of these functions begins or ends a transaction, except ldg_recon_ack; callers
 * that want one snapshot run them inside theirs. The queries read ledger.usage,
 * usage_hourly, contract_doc, site, site_version, tenant, finding_ack and
 * payment_pending only, which
 * both ldg_writer and ldg_reader may read.
 */
#ifndef LEASELEDGER_RECON_STORE_H
#define LEASELEDGER_RECON_STORE_H

#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/reconcile.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stdint.h>

/*
 * Appends every finding of period p to *out (zero-initialised by the caller, freed with
 * ldg_recon_findings_cleanup), for every tenant or only tenant (not NULL), sorted
 * (ldg_recon_sort), with ids and the acknowledged flag set. as_of bounds the gap check
 * (hours after as_of are not silent yet); pass the current time or the batch's as-of.
 * LDG_ENOTFOUND for an unknown tenant; LDG_EINVAL when a contract cannot be rated (the
 * error names it); LDG_EDB, LDG_ENOMEM. On failure *out holds what was found so far.
 */
ldg_code ldg_recon_run(ldg_findings *out, ldg_store *st, const char *tenant, ldg_period p,
                       ldg_time as_of, ldg_error *err);

/*
 * The block checks of contract contract_id of tenant tenant_id in period p, in two
 * steps, so that a batch sends the first read of every contract's checks as one
 * statement: ldg_recon_blocking_send sends the overlap suspects' keys of n periods
 * (tenant_ids[i], periods[i]); the caller takes the answer (store.h, ldg_store_take)
 * and ldg_recon_blocking_take runs the rest for the i-th of them (keys: that answer).
 * *count receives the number of unacknowledged block findings (overlap; capacity,
 * meter_overload and downtime_capacity when with_capacity): 0 means its invoice may be
 * issued. Read-only; runs in the caller's transaction. LDG_ENOTFOUND for an unknown
 * tenant id. The capacity checks sum a whole site's usage, so a batch billing many
 * contracts asks once per period whether any hour is over (ldg_recon_over_capacity) and
 * skips them for every contract when none is. The maintenance check runs when
 * with_maintenance (ldg_recon_maintenance_checked says when it can find anything).
 */
ldg_code ldg_recon_blocking_send(ldg_store_ticket *ticket, ldg_store *st,
                                 const int32_t *tenant_ids, const ldg_period *periods,
                                 size_t n, ldg_error *err);
ldg_code ldg_recon_blocking_take(int *count, ldg_store *st, const PGresult *keys,
                                 size_t i, int32_t tenant_id, const char *contract_id,
                                 ldg_period p, int with_capacity, int with_maintenance,
                                 ldg_error *err);

/* Whether the maintenance check of contract c, whose covered part of a period ends at
 * to, can find anything: its terms then allow maintenance hours (or cannot be read, and
 * the check reports why). */
int ldg_recon_maintenance_checked(const ldg_contract *c, ldg_time to);

/* *any = 1 when some site has an hour of some class above its capacity in p, or a
 * meter or a class whose downtime is above its GPUs (recon_physical.h). */
ldg_code ldg_recon_over_capacity(int *any, ldg_store *st, ldg_period p, ldg_error *err);

/*
 * Finds finding id (ldg_recon_id_valid) in period *p, or, with p NULL, in every period
 * from as_of's back to the earliest contract start or usage hour, newest first. tenant
 * (may be NULL) narrows the search. *out receives the finding. LDG_ENOTFOUND when no
 * such finding exists (or the tenant is unknown); LDG_EINVAL for a malformed id.
 */
ldg_code ldg_recon_find(ldg_finding *out, ldg_store *st, const char *id,
                        const char *tenant, const ldg_period *p, ldg_time as_of,
                        ldg_error *err);

typedef enum ldg_ack_result {
    LDG_ACK_RECORDED = 1, /* recorded now */
    LDG_ACK_ALREADY,      /* it was acknowledged before; nothing written */
} ldg_ack_result;

/*
 * Acknowledges finding f (as found by ldg_recon_find) with reason (non-empty UTF-8, at
 * most 1024 bytes): in one transaction of its own, appends an entry of kind "ack"
 * with data {"finding", "reason", "period", "kind", "severity"} to the tenant's log
 * and records it in ledger.finding_ack. Idempotent: a finding already acknowledged
 * gives LDG_ACK_ALREADY and writes nothing. *seq receives the ack's log seq (the
 * earlier one when already acknowledged). Needs ldg_writer's privileges. LDG_EINVAL
 * (reason), LDG_ENOTFOUND (tenant), LDG_ERETRY, LDG_EDB.
 */
ldg_code ldg_recon_ack(ldg_ack_result *out, int64_t *seq, ldg_store *st,
                       const ldg_finding *f, const char *reason, ldg_error *err);

#endif
