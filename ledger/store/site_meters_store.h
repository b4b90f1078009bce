/*
 * A site's meter inventories as stored (ledger/site_meters.h): one per site version
 * whose document lists "meters", for ingest (a record from a meter not in the inventory
 * in force at its start is rejected) and reconcile.
 */
#ifndef LEASELEDGER_SITE_METERS_STORE_H
#define LEASELEDGER_SITE_METERS_STORE_H

#include "ledger/error.h"
#include "ledger/site_meters.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stddef.h>

/* One site version's inventory: meters is NULL when that version lists none. */
typedef struct ldg_site_inventory {
    ldg_time valid_from; /* INT64_MIN for the first version */
    ldg_time valid_to;   /* INT64_MAX for the current version */
    ldg_site_meters *meters;
} ldg_site_inventory;

/*
 * Every version of site `site`, oldest first, into *out (*n of them; free with
 * ldg_site_inventories_free). LDG_ENOTFOUND for an unknown site; LDG_EINTERNAL when a
 * stored inventory no longer parses (it was validated at load).
 */
ldg_code ldg_site_inventories(ldg_site_inventory **out, size_t *n, ldg_store *st,
                              const char *site, ldg_error *err);

void ldg_site_inventories_free(ldg_site_inventory *v, size_t n);

/* The inventory in force at instant t, or NULL (none, or that version lists none). */
const ldg_site_meters *ldg_site_inventory_at(const ldg_site_inventory *v, size_t n,
                                             ldg_time t);

#endif
