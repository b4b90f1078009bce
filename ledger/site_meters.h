/*
 * A site's meter inventory (issue 16): which meters exist at a site, what each one
 * measures and how many GPUs stand behind it, so that what one meter reports can be
 * checked against what it could physically deliver.
 *
 * The inventory is the optional "meters" member of the site document (DESIGN.md
 * "Site"):
 *
 *   "meters": [{"id": "pod-h200-0001", "class": "H200", "gpus": 1000},
 *              {"id": "hall-A", "class": "", "gpus": 0}]
 *
 * Rules, each failure an LDG_EINVAL naming the field ("meters[3].gpus"):
 *   - 1 to LDG_SITE_METERS_MAX objects with exactly the members id, class and gpus;
 *   - id: 1 to LDG_SITE_METER_ID_MAX bytes without control characters, unique;
 *   - class: a GPU class the document's "gpus" lists, spelled as it spells it, or ""
 *     for an energy meter;
 *   - gpus: a JSON integer; 0 for an energy meter, else 1 to the site's installed GPUs
 *     of the class, and the meters of one class together at most that count (a GPU is
 *     behind one meter).
 *
 * The inventory is part of the site document, so a changed inventory is a new site
 * version like any other change (registry.h); it applies from that version on. Without
 * "meters" a site has no inventory and nothing here applies.
 *
 * A class is named by its string, never by a class number: the class table is not this
 * file's (contract.c).
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_SITE_METERS_H
#define LEASELEDGER_SITE_METERS_H

#include "ledger/error.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* a site of 220,000 GPUs metered one by one; the CLI's 4 MiB document limit
 * (cmd_load.c) binds first, at about 70,000 meters */
#define LDG_SITE_METERS_MAX   250000
#define LDG_SITE_METER_ID_MAX 256 /* a usage record's meter field (usage_parse.h) */

/* One meter of the inventory. Strings owned by the inventory. */
typedef struct ldg_site_meter {
    const char *id;
    const char *cls; /* "" for an energy meter */
    int64_t gpus;
} ldg_site_meter;

typedef struct ldg_site_meters ldg_site_meters;

/*
 * Parses and validates the "meters" of site document doc (its "site" and "gpus" already
 * valid) by the rules above. *out is NULL when doc has no "meters" (no inventory); else
 * free it with ldg_site_meters_free(). LDG_EINVAL, LDG_ENOMEM.
 */
ldg_code ldg_site_meters_parse(ldg_site_meters **out, const json_t *doc, ldg_error *err);

/* Accepts NULL. */
void ldg_site_meters_free(ldg_site_meters *m);

/* The meter named id (len bytes), or NULL. Borrowed: valid until m is freed. */
const ldg_site_meter *ldg_site_meters_find(const ldg_site_meters *m, const char *id,
                                           size_t len);

/* Number of meters. */
size_t ldg_site_meters_count(const ldg_site_meters *m);

/*
 * Whether a usage record of meter (kind energy when energy is non-zero, else of GPU
 * class cls) may come from this inventory: 1 when it may; 0 when not, with the reason
 * in why (one line naming the meter and site, at most size bytes).
 */
int ldg_site_meters_admit(const ldg_site_meters *m, const char *site, const char *meter,
                          int energy, const char *cls, char *why, size_t size);

#endif
