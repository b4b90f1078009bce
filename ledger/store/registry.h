/*
 * Sites and contracts in the store.
 *
 * A site document (DESIGN.md "Site") is validated and stored as a version; the first
 * version of a site applies from the beginning of time (it describes the site as built),
 * every changed document after it from the instant it is loaded: capacity never changes
 * retroactively. Loading an unchanged document is a no-op.
 *
 * Contract documents are validated by ledger/contract.c, appended to the tenant's log
 * (kind "contract") and indexed in ledger.contract_doc, all in one transaction.
 */
#ifndef LEASELEDGER_REGISTRY_H
#define LEASELEDGER_REGISTRY_H

#include "ledger/entry.h"
#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdint.h>

/* Outcome of a load. */
typedef enum ldg_load_result {
    LDG_LOAD_CREATED = 1, /* new site / contract */
    LDG_LOAD_VERSIONED,   /* new version of a site, or an amendment */
    LDG_LOAD_UNCHANGED,   /* identical document already loaded */
} ldg_load_result;

/* Validates and stores a site document. Errors name the field. Runs its own
 * transaction. */
ldg_code ldg_site_load(ldg_load_result *out, ldg_store *st, const json_t *doc,
                       ldg_error *err);

/* Site capacity in force at an instant. gpus and the kW-per-GPU band (micro-kW; -1
 * for a class the version does not declare) indexed by ldg_record_class (the stored
 * class number, ledger.site_class). */
typedef struct ldg_site_capacity {
    int16_t site_id;
    ldg_time valid_from; /* INT64_MIN for the first version */
    ldg_time valid_to;   /* INT64_MAX for the current version */
    int64_t gpus[LDG_CLASS_COUNT];
    int64_t kw_low_ukw[LDG_CLASS_COUNT], kw_high_ukw[LDG_CLASS_COUNT];
    int64_t power_micros; /* MW in micro-units */
} ldg_site_capacity;

/*
 * All versions of site `site`, oldest first, into a malloc'd array (*out, *n; free()).
 * LDG_ENOTFOUND for an unknown site.
 */
ldg_code ldg_site_capacities(ldg_site_capacity **out, size_t *n, ldg_store *st,
                             const char *site, ldg_error *err);

/*
 * Validates a contract document (base or amendment) and appends it. Errors name the
 * field. Runs its own transaction. *seq receives the entry's seq (or the existing one
 * when unchanged).
 */
ldg_code ldg_contract_store(ldg_load_result *out, int64_t *seq, ldg_store *st,
                            const json_t *doc, ldg_error *err);

/* A tenant's contracts as intervals [starts, ends) (ends as last amended) with the
 * site they are at, for ingest validation. *out is malloc'd (free()). */
typedef struct ldg_span {
    ldg_time starts, ends;
    int16_t site_id;
} ldg_span;
ldg_code ldg_registry_spans(ldg_span **out, size_t *n, ldg_store *st, int32_t tenant_id,
                            ldg_error *err);

/* Contract documents of one tenant (ids of base contracts), for billing. */
typedef struct ldg_contract_ref {
    int32_t tenant_id;
    char tenant[64];
    char contract_id[128];
    int16_t site_id;
    ldg_time starts, ends; /* ends as last amended */
} ldg_contract_ref;

/*
 * Every base contract, or only tenant's (tenant not NULL), ordered by tenant and id.
 * *out malloc'd (free()).
 */
ldg_code ldg_registry_contracts(ldg_contract_ref **out, size_t *n, ldg_store *st,
                                const char *tenant, ldg_error *err);

/*
 * The contract tenant_id/contract_id with all its amendments, as the pure core's
 * ldg_contract (contract.h). Free with ldg_contract_free(). LDG_ENOTFOUND.
 */
struct ldg_contract;
ldg_code ldg_registry_contract(struct ldg_contract **out, ldg_store *st,
                               int32_t tenant_id, const char *contract_id,
                               ldg_error *err);
/* The same in two steps (store.h, ldg_store_send): billing sends it with its other
 * reads in one round trip. */
ldg_code ldg_registry_contract_send(ldg_store_ticket *ticket, ldg_store *st,
                                    int32_t tenant_id, const char *contract_id,
                                    ldg_error *err);
ldg_code ldg_registry_contract_take(struct ldg_contract **out, ldg_store *st,
                                    ldg_store_ticket ticket, const char *contract_id,
                                    ldg_error *err);
/* The same for n contracts (tenant_ids[i], contract_ids[i]) in one statement: billing
 * sends it with its other reads of a batch, takes the answer (ldg_store_take), and
 * ldg_registry_contract_of builds the i-th contract from it, with the log seqs of its
 * documents (base and amendments), ascending, in *seqs (*n of them; free() it): what a
 * basis names of the contract (invoice.h). */
ldg_code ldg_registry_contracts_send(ldg_store_ticket *ticket, ldg_store *st,
                                     const int32_t *tenant_ids,
                                     const char *const *contract_ids, size_t n,
                                     ldg_error *err);
ldg_code ldg_registry_contract_of(struct ldg_contract **out, int64_t **seqs, size_t *n,
                                  const PGresult *res, size_t i, const char *contract_id,
                                  ldg_error *err);

/*
 * *out = the id of the tenant whose contract contract_id is, among tenant's only when
 * tenant is not NULL. LDG_ENOTFOUND when no tenant, or more than one, has such a
 * contract (the message says which, and asks for the tenant).
 */
ldg_code ldg_registry_contract_tenant(int32_t *out, ldg_store *st, const char *tenant,
                                      const char *contract_id, ldg_error *err);

#endif
