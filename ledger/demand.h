/*
 * Peak-demand power: the highest 15-minute average kW of a tenant at its contract's
 * site in a period, billed per kW-month (stream `demand`) with an optional ratchet, and
 * demand above the contracted capacity (stream `power_overage`).
 *
 * Contract terms, inside "energy" (replaced whole with it by an amendment):
 *   "demand": {"rate_per_kw_month": "11.500000",
 *              "ratchet": {"percent": "80", "months": 11}, "pue_applies": true},
 *   "overage_rate_per_kw_month": "20.000000"       (needs "capacity_mw")
 *
 * 15-MINUTE DATA. An energy record whose interval is at most 15 minutes is 15-minute
 * data: it is cut at quarter-hour boundaries by the split rule (rate.h; a record of at
 * most 15 minutes crosses at most one) and summed per quarter-hour [hh:00, hh:15), ...
 * A longer record (hourly data) bills energy as always but never demand. The average
 * kW of a quarter-hour holding E MWh is E x 1000 x 4 kW: exact in micro-units.
 *
 * THE RULE. For period P, with the terms in force in the last window of its covered
 * part: metered peak M = max over the covered part's quarter-hours of their average
 * kW; billed demand D = max(M x f, ratchet percent / 100 x M' x f), where f is the PUE
 * of those terms when pue_applies (else 1) and M' the highest metered peak of the
 * previous `months` periods of the contract (their covered parts). One `demand` line
 * over the covered part: quantity D x h / hours(P) kW-months (h its hours; 6 decimals,
 * for display), rate rate_per_kw_month, amount D x rate x h / hours(P) exact, rounded
 * once. With capacity_mw C and overage_rate_per_kw_month, one `power_overage` line of
 * (M - 1000 C) x h / hours(P) kW-months when M > 1000 C (IT power, no PUE: capacity is
 * IT capacity). No line without 15-minute data in the covered part. Rates never
 * escalate.
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_DEMAND_H
#define LEASELEDGER_DEMAND_H

#include "ledger/contract.h"
#include "ledger/entry.h"
#include "ledger/error.h"
#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/rollup.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define LDG_DEMAND_QUARTER      900  /* seconds */
#define LDG_DEMAND_RATCHET_MAX  36   /* months */
#define LDG_DEMAND_KW_PER_MWH_Q 4000 /* 1 MWh in a quarter-hour is 4000 kW */

/* Validates the demand members of an "energy" object (contract.c calls it from its
 * parser): "demand" and "overage_rate_per_kw_month". LDG_EINVAL naming contract id and
 * field. */
ldg_code ldg_demand_check(const json_t *energy, const char *id, ldg_error *err);

/* The demand terms in force at an instant. */
typedef struct ldg_demand_terms {
    bool demand;                    /* "demand" stated */
    int64_t rate_micros;            /* per kW-month */
    int64_t ratchet_percent_micros; /* 0: no ratchet */
    int64_t ratchet_months;
    bool pue_applies;
    int64_t pue_micros;          /* the energy terms' PUE */
    int64_t capacity_kw_micros;  /* capacity_mw x 1000; 0: none */
    bool overage;                /* "overage_rate_per_kw_month" stated */
    int64_t overage_rate_micros; /* per kW-month */
} ldg_demand_terms;

/* The terms in force at at (starts <= at < ends); all false/0 without energy terms. */
ldg_code ldg_demand_terms_at(ldg_demand_terms *out, const ldg_contract *c, ldg_time at,
                             ldg_error *err);

/* Whether c has demand or power-overage terms in some window of p. */
bool ldg_demand_applies(const ldg_contract *c, ldg_period p);

/* The first instant whose 15-minute data rating c for p needs (the ratchet looks back
 * `months` periods, never before the contract's start). */
ldg_time ldg_demand_since(const ldg_contract *c, ldg_period p);

/* Quarter-hour sums of energy over a span [from, to) (quarter-hour aligned). */
typedef struct ldg_demand_usage ldg_demand_usage;

ldg_code ldg_demand_usage_new(ldg_demand_usage **out, ldg_time from, ldg_time to,
                              ldg_error *err);
void ldg_demand_usage_free(ldg_demand_usage *du);

/* Whether a record [s, e) is 15-minute data (at most 15 minutes long). */
bool ldg_demand_is_quarter_record(ldg_time s, ldg_time e);

/*
 * Adds one energy record (or correction) of qty micro-MWh: 15-minute data is split
 * into its quarter-hours (pieces outside the span dropped); a longer record is only
 * counted as hourly data where it overlaps the span. LDG_EINVAL when e <= s.
 */
ldg_code ldg_demand_usage_add_record(ldg_demand_usage *du, ldg_time s, ldg_time e,
                                     int64_t qty, ldg_error *err);

/* Adds a stored quarter-hour sum of `records` records (quarter aligned, inside the
 * span; others are ignored). LDG_ERANGE on overflow. */
ldg_code ldg_demand_usage_add_sum(ldg_demand_usage *du, ldg_time quarter, int64_t qty,
                                  int64_t records, ldg_error *err);

/*
 * The quarter-hour pieces of a 15-minute energy record into q, keyed (tenant_id,
 * site_id, kind energy, class none, quarter-hour start in "hour"): what ingest stores
 * in ledger.usage_quarter. Other records add nothing. LDG_ERANGE, LDG_ENOMEM.
 */
ldg_code ldg_demand_rollup_add(ldg_rollup *q, int32_t tenant_id, int16_t site_id,
                               const ldg_record *u, ldg_error *err);

/* Counts hourly (longer) energy records in the span, for the finding. */
void ldg_demand_usage_add_hourly(ldg_demand_usage *du, int64_t records);

/* Quarter-hours of [from, to) without a 15-minute record; *first the first of them
 * (0 when none). */
int64_t ldg_demand_missing(ldg_time *first, const ldg_demand_usage *du, ldg_time from,
                           ldg_time to);

/* What the rule found for a period; kW in micro-kW. */
typedef struct ldg_demand_result {
    ldg_demand_terms terms; /* in force in the covered part's last window */
    ldg_time from, to;      /* the covered part */
    int64_t hours, period_hours;
    int64_t quarters;       /* quarter-hours in the covered part */
    int64_t missing;        /* of them without any 15-minute record */
    ldg_time first_missing; /* the first such, or 0 */
    int64_t hourly_records; /* longer energy records overlapping the span */
    bool has_data;          /* some quarter-hour of the covered part has a record */
    ldg_time peak_at;       /* the metered peak's quarter-hour */
    int64_t peak_mwh_micros, peak_kw_micros;
    ldg_time prior_at; /* the ratchet base's quarter-hour, 0 when none */
    int64_t prior_kw_micros;
    bool ratchet_decides;
    ldg_i128 billed_e20; /* D in 10^-20 kW */
} ldg_demand_result;

/* Applies the rule to c, p and the sums du (spanning at least [ldg_demand_since, p.end)
 * for a ratchet to see the earlier periods). LDG_EINVAL when c covers no hour of p. */
ldg_code ldg_demand_compute(ldg_demand_result *out, const ldg_contract *c, ldg_period p,
                            const ldg_demand_usage *du, ldg_error *err);

/* The line quantities and amounts of a result (digits: the currency's minor unit);
 * *has_demand / *has_overage say whether each line exists. */
ldg_code ldg_demand_lines(ldg_line *demand, bool *has_demand, ldg_line *overage,
                          bool *has_overage, const ldg_demand_result *res, int digits,
                          ldg_error *err);

/* Appends the demand and power_overage lines of d's contract and period to d; none
 * when du is NULL (a rating given no 15-minute data). */
ldg_code ldg_demand_add_lines(ldg_draft *d, const ldg_contract *c,
                              const ldg_demand_usage *du, ldg_error *err);

#endif
