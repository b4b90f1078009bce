/*
 * How documents for people write numbers, periods and the lines' explanations: one
 * function per rule, used by the invoice text and PDF (invoice_doc.c) and by any other
 * report that shows the same things, so a rule is written once.
 *
 * Numbers are the decimal strings of ledger/fixed.c with thousands separators
 * (rpt_invoice_format_number), never doubles. Quantities drop trailing zeros
 * ("24,000" GPU-hours, "44,100.625" MWh); money keeps exactly the currency's minor
 * digits ("2,929.68"); rates and a credit base keep at least them ("1.85", "62.50",
 * "1.555555"). Periods are written as people read them, the end inclusive in words:
 * the JSON's [2026-11-10T00:00Z, 2026-12-01T00:00Z) is "10–30 November 2026".
 */
#ifndef LEASELEDGER_REPORTS_DOC_FORMAT_H
#define LEASELEDGER_REPORTS_DOC_FORMAT_H

#include "ledger/error.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

/* Enough for "-9,223,372,036,854.775808" and a NUL (as RPT_NUMBER_BUFLEN). */
#define RPT_DOC_NUMBER_BUFLEN 40

/*
 * v (micro-units) with thousands separators and its trailing zeros removed, keeping at
 * least min_decimals (0..6) digits after the point: (24000000000, 0) -> "24,000",
 * (44100625000, 0) -> "44,100.625", (1850000, 2) -> "1.85", (62500000, 2) -> "62.50".
 * buf holds RPT_DOC_NUMBER_BUFLEN bytes. Returns buf.
 */
char *rpt_doc_format_trimmed(char *buf, int64_t v, int min_decimals);

/* A quantity for people: rpt_doc_format_trimmed(buf, qty_micros, 0). */
char *rpt_doc_format_quantity(char *buf, int64_t qty_micros);

/* Enough for "30 September 2026 12:00:00 – 31 December 2026 24:00:00" and a NUL. */
#define RPT_DOC_PERIOD_BUFLEN 96

/*
 * The interval [from, to) (from < to, UTC) in words, its last day inclusive. When both
 * are at midnight: "10 November 2026" (one day), "10–30 November 2026", "25 November –
 * 5 December 2026", "25 December 2026 – 5 January 2027" (an en dash, U+2013). Otherwise
 * with the times of day, the end an instant ("24:00" for a midnight end):
 * "20 November 2026 12:00 – 30 November 2026 24:00", "20 November 2026 12:00–18:00".
 * buf holds RPT_DOC_PERIOD_BUFLEN bytes. Returns buf.
 */
char *rpt_doc_format_period(char *buf, ldg_time from, ldg_time to);

/*
 * The sentence under an SLA credit line: what the credit is a percentage of, and why.
 * percent_micros is the band's credit (5000000 for 5 %), base_micros the reserved
 * charges it applies to (the line's quantity), digits the currency's minor digits. With
 * the facts of the rating (has_facts): availability_micros (truncated to 6 decimals;
 * exact when no digit was cut), the band's below_micros, and the downtime and reserved
 * GPU-hours:
 *   "Availability 99.88% (60,480 of 50,400,000 reserved GPU-hours down) is below
 *    99.9%: credit 5% of 93,240,000.00 USD reserved charges"
 * ("99.861111…%" when the availability is not exact); without: "Credit 5% of
 * 93,240,000.00 USD reserved charges". On LDG_OK *out holds a malloc'd string the
 * caller frees. LDG_ENOMEM.
 */
typedef struct rpt_sla_facts {
    int has_facts;
    int64_t availability_micros;
    int availability_exact;
    int64_t below_micros;
    int64_t downtime_micros, reserved_micros;
} rpt_sla_facts;

ldg_code rpt_doc_format_sla(char **out, int64_t percent_micros, int64_t base_micros,
                            int digits, const char *currency, const rpt_sla_facts *facts,
                            ldg_error *err);

/*
 * The sentence under an energy line: metered MWh, the PUE and their product as billed
 * (rounded to 6 decimals, said so when it was): "Metered 35,280.5 MWh × PUE 1.25 =
 * 44,100.625 MWh". On LDG_OK *out is malloc'd, the caller frees. LDG_ERANGE, LDG_ENOMEM.
 */
ldg_code rpt_doc_format_energy(char **out, int64_t metered_micros, int64_t pue_micros,
                               ldg_error *err);

/* A line of a supplementary invoice or credit note and what was issued before under
 * its key (the re-rated line is their sum). unit is the unit as printed, NULL for a
 * line whose quantity is money (an SLA credit's base): no quantity is shown. */
typedef struct rpt_difference {
    int64_t qty_micros, amount_micros;               /* the line: the difference */
    int64_t before_qty_micros, before_amount_micros; /* issued before */
    const char *unit;
    int digits; /* the currency's minor digits */
} rpt_difference;

/*
 * How the line's amount arises, amounts with the currency's digits so that they add up
 * exactly: "Re-rated 2,756,289.06 minus issued before 2,753,359.38 = 2,929.68
 * (quantity 44,100.625 - 44,053.75 = 46.875 MWh)". On LDG_OK *out is malloc'd, the
 * caller frees. LDG_ERANGE, LDG_ENOMEM.
 */
ldg_code rpt_doc_format_difference(char **out, const rpt_difference *d, ldg_error *err);

/* One stream's subtotal: its name (borrowed from the caller's array), how many lines,
 * the sum of their amounts. */
typedef struct rpt_subtotal {
    const char *stream;
    size_t lines;
    int64_t amount_micros;
} rpt_subtotal;

/*
 * Sums amounts[0..n) by streams[0..n) (stream names, compared as strings, so a stream
 * this code has never heard of needs no change), in the order each stream first
 * appears. out has room for n entries; *nout receives how many were filled.
 * LDG_ERANGE when a sum does not fit int64.
 */
ldg_code rpt_doc_subtotals(rpt_subtotal *out, size_t *nout, const char *const *streams,
                           const int64_t *amounts, size_t n, ldg_error *err);

#endif
