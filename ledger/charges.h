/*
 * Fixed charges: amounts a contract states outright, billed whatever the usage
 * (cross-connects, installation), stream `fixed`.
 *
 * A contract document may carry
 *   "charges": [{"id": "xc-100g", "name": "Cross-connects 4 x 100G",
 *                "amount": "2400.00", "every": "month", "from": T, "until": T},
 *               {"id": "install", "name": "Installation", "amount": "50000.00",
 *                "every": "once", "at": T}]
 * A monthly charge is billed for the hours of [from, until) (each optional: absent is
 * unbounded) that lie in a billed window, prorated by hours like power_capacity
 * (ldg_rate_prorate: amount x h / hours(P), rounded once). A one-off charge is billed
 * once, in the window holding `at`. An amendment replaces a charge by id from its
 * effective instant on (the version in force at a window's start prices that window);
 * an amendment cannot state a one-off charge whose `at` is before its effective
 * instant, since that period may already be invoiced under the old version. Amounts
 * never escalate.
 *
 * Lines: one per (window part, unit, amount): quantity in "month" (h / hours(P) per
 * charge) or "once" (1 per charge), rate = the charge's amount. Charges that would give
 * the same line key are one line, their quantities summed (as overage segments of one
 * rate are), so no two lines share a key; the explanation names every charge in it.
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_CHARGES_H
#define LEASELEDGER_CHARGES_H

#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/rate.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most charges one document may list. */
#define LDG_CHARGES_MAX 32

/*
 * Validates a document's "charges" member v for contract id (for messages); effective
 * is the amendment's effective instant, LDG_CONTRACT_NO_TIME for a base document.
 * Refused (LDG_EINVAL, the message naming contract and field): not an array, more than
 * LDG_CHARGES_MAX, unknown or missing fields, an id that is not 1 to 32 of
 * [A-Za-z0-9._-] or repeated, a name that is empty, over 256 bytes or holds control
 * characters, a negative or malformed amount, every not "month" or "once", instants
 * that are not whole UTC hours, until at or before from, "at" on a monthly charge or
 * "from"/"until" on a one-off, a one-off of an amendment with at before effective.
 */
ldg_code ldg_charges_check(const json_t *v, const char *id, ldg_time effective,
                           ldg_error *err);

/* One charge as a document states it; strings borrowed from the contract. */
typedef struct ldg_charge {
    const char *id, *name;
    bool once;
    int64_t amount_micros;
    ldg_time from, until; /* monthly; LDG_CONTRACT_NO_TIME: unbounded */
    ldg_time at;          /* one-off */
    size_t doc;           /* the document stating it: 0 base, i + 1 amendment i */
} ldg_charge;

/* One charge's part of a line: the hours billed (0 for a one-off). */
typedef struct ldg_charge_use {
    ldg_charge charge;
    ldg_time from, to; /* the line's span */
    int64_t hours;
    size_t line; /* index in ldg_charges_rating.lines */
} ldg_charge_use;

typedef struct ldg_charges_rating {
    ldg_line *lines; /* stream LDG_STREAM_FIXED, in line order */
    size_t nlines;
    ldg_charge_use *uses; /* grouped by line, in line order */
    size_t nuses;
} ldg_charges_rating;

/*
 * Rates the fixed charges of contract c for period p into lines, in order of span
 * start, span end, unit ("month", then "once"), amount; amounts rounded to the minor
 * unit of digits. LDG_EINVAL when c covers no hour of p; LDG_ERANGE; LDG_ENOMEM. On
 * LDG_OK release with ldg_charges_rating_cleanup().
 */
ldg_code ldg_charges_rate(ldg_charges_rating *out, const ldg_contract *c, ldg_period p,
                          int digits, ldg_error *err);

void ldg_charges_rating_cleanup(ldg_charges_rating *r);

/* Rates the fixed charges of d's contract c and period and appends the lines to d. */
ldg_code ldg_charges_add_lines(ldg_draft *d, const ldg_contract *c, ldg_error *err);

#endif
