/*
 * Contracts: the documents a tenant signs, their amendments, and the terms in force at
 * any instant (escalation applied).
 *
 * A contract document is parsed from a Jansson value and validated whole before
 * anything else sees it: every error names the contract and the field, e.g.
 *   contract "C1-ANTH": field "gpu[0].overage_tiers[1].up_to": tiers not ascending
 * A contract object (ldg_contract) is the base document plus its amendments in
 * effective order. Terms are never stored pre-escalated: ldg_contract_terms_at()
 * replays base and amendments up to the instant and then applies the escalator, so
 * there is one place where a rate in force is decided.
 *
 * Contract instants (starts, ends, effective) must be whole UTC hours. Every window
 * boundary used by rating (contract start and end, amendments, escalation instants,
 * calendar months) is then a whole hour, so hourly rollups fall wholly inside one
 * window and rate exactly like the raw records they sum (see rate.h).
 *
 * Pure: no I/O, no database. Numbers are int64 micro-units (fixed.h).
 */
#ifndef LEASELEDGER_CONTRACT_H
#define LEASELEDGER_CONTRACT_H

#include "ledger/error.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * GPU classes are data (gpu_class.h): an index into the classes the process knows, of
 * which the built-in defaults hold the first three. Every module names a class through
 * the functions below, and a stored record's class number (entry.h) converts in
 * entry.c alone. LDG_GPU_NONE marks lines and usage that have no class (energy).
 */
typedef enum ldg_gpu_class {
    LDG_GPU_NONE = -1,
    LDG_GPU_H100 = 0,
    LDG_GPU_H200,
    LDG_GPU_GB200,
} ldg_gpu_class;

/* Most GPU classes a process (and a database) knows. */
#define LDG_GPU_NCLASS 32

/* Most overage tiers per class and SLA credit bands per contract. */
#define LDG_CONTRACT_MAX_TIERS 16
#define LDG_CONTRACT_MAX_BANDS 16

/* Returned by time accessors for an instant the document does not state. */
#define LDG_CONTRACT_NO_TIME INT64_MIN

/* The class's name ("H100"); NULL for LDG_GPU_NONE or an index no class holds.
 * Valid for the life of the process. */
const char *ldg_contract_class_name(ldg_gpu_class cls);

/* Exact, case-sensitive name of a known class to class; LDG_EINVAL otherwise. */
ldg_code ldg_contract_class_parse(ldg_gpu_class *out, const char *name, ldg_error *err);

/* The class named by name[0..len), exactly; LDG_GPU_NONE when there is none. */
ldg_gpu_class ldg_contract_class_lookup(const char *name, size_t len);

/*
 * Digits of the currency's minor unit: 2 for USD, EUR, GBP, CHF, CAD, AUD; 0 for JPY;
 * -1 for any other code (refused everywhere).
 */
int ldg_contract_currency_digits(const char *code);

/* One overage tier: GPU-hours of cumulative overage up to up_to, at rate. */
typedef struct ldg_tier {
    bool bounded;         /* false only for a last tier without "up_to" */
    int64_t up_to_micros; /* micro-GPU-hours, cumulative over the period */
    int64_t rate_micros;  /* per GPU-hour */
} ldg_tier;

typedef struct ldg_gpu_terms {
    bool present;                /* the contract has terms for this class */
    int64_t reserved;            /* GPUs (whole), take-or-pay */
    int64_t rate_micros;         /* per reserved GPU-hour */
    int64_t overage_rate_micros; /* per GPU-hour above reserved, or beyond the tiers */
    size_t ntiers;               /* 0: every overage GPU-hour at overage_rate */
    ldg_tier tiers[LDG_CONTRACT_MAX_TIERS];
} ldg_gpu_terms;

typedef struct ldg_energy_terms {
    bool present;
    int64_t rate_per_mwh_micros;
    int64_t pue_micros; /* >= 1.000000 */
    int64_t capacity_mw_micros;
    int64_t capacity_rate_micros; /* per MW-month */
} ldg_energy_terms;

typedef struct ldg_sla_band {
    int64_t below_micros;   /* availability percent, 0..100 */
    int64_t percent_micros; /* credit percent, 0..100, a multiple of 0.0001 */
} ldg_sla_band;

typedef struct ldg_sla_terms {
    bool present;
    int64_t target_micros;
    size_t nbands; /* below strictly descending */
    ldg_sla_band bands[LDG_CONTRACT_MAX_BANDS];
    /* "cap_percent" (with "measure": "class", the one measure): a class's credit is at
     * most this percent of the period's reserved charges of the class (issue 10) */
    bool capped;
    int64_t cap_percent_micros; /* 0..100, a multiple of 0.0001 like band percents */
    /* "maintenance_hours_per_month": N allows N x the class's reserved GPUs GPU-hours
     * of maintenance a month; beyond it reconcile blocks (-1 when not stated) */
    int64_t maintenance_hours;
} ldg_sla_terms;

/* The terms in force at one instant, rates escalated. A plain value; copy freely. */
typedef struct ldg_terms {
    ldg_time at;
    ldg_gpu_terms gpu[LDG_GPU_NCLASS]; /* indexed by ldg_gpu_class */
    ldg_energy_terms energy;
    ldg_sla_terms sla;
    int64_t minimum_monthly_micros; /* currency per full month, 0 when not stated */
    ldg_time ends;                  /* the contract's end as amended so far */
} ldg_terms;

/* One parsed, validated contract document: a base contract or an amendment. */
typedef struct ldg_contract_doc ldg_contract_doc;

/*
 * Parses and validates one contract document. A document with "amends" is an
 * amendment: it then needs "effective", its "contract" must equal "amends", and every
 * other field is optional (what it leaves out stays as it was). A base document needs
 * contract, tenant, tenant_name, site, currency, invoice_series, starts, ends and gpu;
 * energy, sla, minimum_monthly (default 0), escalator and the billing terms of
 * contract_billing.h (bill_to, purchase_order, payment_terms, tax, approval) are
 * optional.
 *
 * Refused (LDG_EINVAL, or LDG_ERANGE for a number beyond int64 micro-units), the
 * message naming contract and field: unknown or missing fields, wrong JSON types,
 * malformed decimals (JSON numbers are refused: decimals are strings) or timestamps,
 * instants that are not whole UTC hours, ends at or before starts, negative rates,
 * unknown GPU classes or a class listed twice, tiers whose up_to is not strictly
 * ascending or missing before the last tier, SLA bands whose below is not strictly
 * descending, percents outside 0..100, an unsupported currency, a pue below 1.
 *
 * doc is not kept: the document is deep-copied. On LDG_OK free *out with
 * ldg_contract_doc_free(); on failure *out is NULL.
 */
ldg_code ldg_contract_doc_parse(ldg_contract_doc **out, const json_t *doc,
                                ldg_error *err);

/* Frees a document; NULL is fine. */
void ldg_contract_doc_free(ldg_contract_doc *doc);

/*
 * Accessors. Strings are borrowed, valid until the document is freed; NULL when an
 * amendment leaves the field out. Times are LDG_CONTRACT_NO_TIME when not stated
 * (amends/effective on a base document; starts/ends on an amendment without them).
 */
const char *ldg_contract_doc_id(const ldg_contract_doc *doc);
const char *ldg_contract_doc_tenant(const ldg_contract_doc *doc);
const char *ldg_contract_doc_tenant_name(const ldg_contract_doc *doc);
const char *ldg_contract_doc_site(const ldg_contract_doc *doc);
const char *ldg_contract_doc_currency(const ldg_contract_doc *doc);
const char *ldg_contract_doc_invoice_series(const ldg_contract_doc *doc);
const char *ldg_contract_doc_amends(const ldg_contract_doc *doc); /* NULL: base */
ldg_time ldg_contract_doc_starts(const ldg_contract_doc *doc);
ldg_time ldg_contract_doc_ends(const ldg_contract_doc *doc);
ldg_time ldg_contract_doc_effective(const ldg_contract_doc *doc);
/* The document as parsed (a private deep copy), borrowed. */
const json_t *ldg_contract_doc_json(const ldg_contract_doc *doc);

/* A base contract and its amendments. */
typedef struct ldg_contract ldg_contract;

/*
 * Makes a contract of a base document. Takes base in every case (frees it on
 * failure). LDG_EINVAL if base is an amendment. On LDG_OK free *out with
 * ldg_contract_free().
 */
ldg_code ldg_contract_new_take(ldg_contract **out, ldg_contract_doc *base,
                               ldg_error *err);

/*
 * Adds an amendment, keeping amendments in effective order. Takes amendment in every
 * case. Checks that it amends this contract, that its effective instant is at or after
 * starts and before the end in force just before it, that a new "ends" is after its
 * effective instant, and that currency, tenant, tenant_name, site, invoice_series,
 * starts and escalator, where stated, equal the base's (LDG_EINVAL otherwise).
 * Idempotent: an amendment equal to one already added changes nothing (LDG_OK). A
 * different amendment at the same effective instant is LDG_ECONFLICT. On failure c is
 * unchanged.
 */
ldg_code ldg_contract_amend_take(ldg_contract *c, ldg_contract_doc *amendment,
                                 ldg_error *err);

/*
 * Convenience: parses base and the n amendments (any order) into a contract. The
 * values are not kept. On LDG_OK free *out with ldg_contract_free().
 */
ldg_code ldg_contract_from_json(ldg_contract **out, const json_t *base,
                                const json_t *const *amendments, size_t n,
                                ldg_error *err);

/* Frees a contract and its documents; NULL is fine. */
void ldg_contract_free(ldg_contract *c);

/* The base document's fields, borrowed, valid until c is freed. */
const char *ldg_contract_id(const ldg_contract *c);
const char *ldg_contract_tenant(const ldg_contract *c);
const char *ldg_contract_tenant_name(const ldg_contract *c);
const char *ldg_contract_site(const ldg_contract *c);
const char *ldg_contract_currency(const ldg_contract *c);
const char *ldg_contract_invoice_series(const ldg_contract *c);
ldg_time ldg_contract_starts(const ldg_contract *c);
/* The end of the term: the last "ends" stated by the base or an amendment. */
ldg_time ldg_contract_ends(const ldg_contract *c);
const ldg_contract_doc *ldg_contract_base(const ldg_contract *c);
/* Whether the contract's documents wait for a person before they are issued:
 * "approval": "required" in the last of base and amendments (effective order) that
 * states "approval" ("required" or "none"). */
bool ldg_contract_approval_required(const ldg_contract *c);
size_t ldg_contract_amendment_count(const ldg_contract *c);
/* The i-th amendment in effective order, borrowed; i < ldg_contract_amendment_count. */
const ldg_contract_doc *ldg_contract_amendment(const ldg_contract *c, size_t i);

/*
 * The terms in force at instant at, starts <= at < ends: base terms replaced by every
 * amendment effective at or before at, then escalated. Escalation instants are
 * ldg_time_add_months(starts, k * every_months), k = 1, 2, ...; at each one, every
 * rate (GPU rate, overage rate, tier rates, energy rate_per_mwh and
 * capacity_rate_per_mw_month) becomes round6(rate x (100 + percent) / 100), half away
 * from zero, step by step. A rate stated by an amendment is used as stated from its
 * effective instant and steps only at escalation instants strictly after it.
 * minimum_monthly, reserved counts, pue, capacity and SLA are not rates and never
 * escalate. LDG_EINVAL when at is outside the term, LDG_ERANGE on overflow.
 */
ldg_code ldg_contract_terms_at(ldg_terms *out, const ldg_contract *c, ldg_time at,
                               ldg_error *err);

/*
 * The terms in force at instant at as JSON (what `contract show ID --at TIME`
 * prints): {"contract", "at", "currency", "gpu": [{"class", "reserved", "rate",
 * "overage_rate", "overage_tiers": [{"up_to", "rate"}, {"rate"}]}], "energy": {...}
 * or null, "sla": {"target", "credits": [{"below", "percent"}]} or null,
 * "minimum_monthly", "ends"}; decimals as strings with 6 decimals, classes in the
 * order of gpu_class.h (H100, H200, GB200, then the others by name). On LDG_OK release
 * *out with json_decref().
 */
ldg_code ldg_contract_terms_json(json_t **out, const ldg_contract *c, ldg_time at,
                                 ldg_error *err);

/*
 * The instants strictly inside (from, to) at which terms may change: the contract's
 * start and end, every amendment's effective instant and every escalation instant,
 * ascending and without duplicates. On LDG_OK, *out (NULL when *n is 0) is released
 * with free(). LDG_ENOMEM.
 */
ldg_code ldg_contract_boundaries(ldg_time **out, size_t *n, const ldg_contract *c,
                                 ldg_time from, ldg_time to, ldg_error *err);

#endif
