/*
 * A site document's GPU classes (DESIGN.md "Site"), parsed without a database so that
 * the store, reconcile and any reader of a site document (the meters inventory of
 * ledger/site_meters.c) look a class up the same way.
 *
 * "gpus" maps a class name (1-32 of [A-Za-z0-9._-], case-sensitive) to either its count
 * (the old form, "H100": 100000, for the classes with a built-in kW band: H100, H200,
 * GB200) or {"count": N, "kw_per_gpu": ["LOW", "HIGH"]} (any class; "kw_per_gpu" may be
 * left out for a class with a built-in band). A count is a JSON integer or an integer
 * decimal string, >= 0; the band's bounds are decimal strings, 0 <= LOW <= HIGH, kW per
 * GPU with at most 6 decimals: what reconcile's energy check allows for that class.
 *
 * Parsing adds each class to the classes the process knows (gpu_class.h). Pure: no I/O.
 */
#ifndef LEASELEDGER_SITE_H
#define LEASELEDGER_SITE_H

#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/gpu_class.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ldg_site_class {
    ldg_gpu_class cls;
    char name[LDG_GPU_CLASS_NAME_MAX + 1];
    int64_t count;                   /* GPUs */
    int64_t kw_low_ukw, kw_high_ukw; /* micro-kW per GPU */
} ldg_site_class;

/* The classes of one site document, in the document's order. */
typedef struct ldg_site_classes {
    size_t n;
    ldg_site_class c[LDG_GPU_NCLASS];
} ldg_site_classes;

/*
 * Parses the "gpus" member of site document `site` (for messages). LDG_EINVAL naming
 * the field ("site \"S\": field \"gpus.MI355X.kw_per_gpu\": ...") for anything the
 * rules above refuse, an empty object, or a class without a band; LDG_ERANGE beyond
 * LDG_GPU_NCLASS classes.
 */
ldg_code ldg_site_classes_parse(ldg_site_classes *out, const json_t *gpus,
                                const char *site, ldg_error *err);

/* The class named name, NULL when the site does not declare it. */
const ldg_site_class *ldg_site_class_find(const ldg_site_classes *s, const char *name);

#endif
