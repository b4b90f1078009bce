/*
 * The physical-limit block findings, against the store (reconcile.h):
 *
 *   capacity           ledger.usage_hourly GPU-hours summed over tenants per site, hour
 *                      and class, against the site version's GPUs of the class.
 *   meter_overload     ledger.usage of the load kinds (SQL_METER_LOAD_KINDS: GPU-hours
 *                      delivered and downtime) cut into clock hours by the split rule,
 *                      summed per site, meter and hour over all tenants, against the
 *                      GPUs of that meter in the inventory of the site version in force
 *                      at the start of the hour (site_meters.h); meters of sites without
 *                      an inventory are never compared.
 *   downtime_capacity  ledger.usage_hourly downtime summed over tenants per site, hour
 *                      and class, against the site version's GPUs of the class.
 *
 * One finding per tenant with records in the hour (of the meter, or of the class), so
 * each invoice held is released by its own tenant's acknowledgement, as capacity does.
 * Read-only; runs in the caller's transaction.
 */
#ifndef LEASELEDGER_RECON_PHYSICAL_H
#define LEASELEDGER_RECON_PHYSICAL_H

#include "ledger/error.h"
#include "ledger/reconcile.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <libpq-fe.h>

/*
 * Appends the capacity, downtime_capacity and meter_overload findings of period p to
 * *out, with ids, for the tenant whose id is tid (decimal text) or every tenant (tid
 * NULL); the sums are over every tenant either way. The first two are one pass over the
 * period's hourly rollups. LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_recon_physical(ldg_findings *out, ldg_store *st, const char *tid,
                            ldg_period p, ldg_error *err);

#endif
