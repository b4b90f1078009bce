/*
 * Tax on invoice documents (DESIGN.md "Receivables", docs/receivables.md "Tax"): the
 * contract's tax entries, checked once, and the tax each document carries per entry.
 *
 * THE TAX RULE. A contract lists tax entries; each covers a set of streams, no stream
 * is in two entries, and the lines of a stream in no entry are not taxed. sla_credit
 * and commitment_true_up are never listed: they follow the entry that covers
 * gpu_reserved (a credit against reserved hours lowers the taxable reserved revenue).
 * Per entry e of a document:
 *
 *     taxable(e) = the sum of the document's rounded lines of e's streams (exact)
 *     tax(e)     = round(taxable(e) x percent(e) / 100)   (once, half away from zero,
 *                                                           to the minor unit)
 *
 * exact in 128 bits, rounded once per entry and never per line (EN 16931 BR-CO-17).
 * The document's net is the sum of its lines, its tax the sum of tax(e), its total
 * net + tax. Categories are UNCL 5305's: S (standard, percent > 0, no exemption
 * reason: BR-S-5, BR-S-10) and Z (zero rated), E (exempt), AE (reverse charge), O (not
 * subject), which are 0 % and need an exemption reason (BR-Z-5, BR-E-5, BR-AE-5,
 * BR-O-5; the reason for Z is our rule, stricter than EN 16931).
 *
 * Documents that amend a period. A supplementary invoice and a credit note carry, per
 * entry, the tax of the re-rated period minus the tax already issued for it, so that
 * the documents of a period always add up to the tax on its final figures, whatever
 * the rounding did before. When one re-rating issues both, the supplementary invoice
 * is counted first: with T the taxable already issued, X the tax already issued, S and
 * C the taxable of the supplementary invoice and of the credit note,
 *
 *     supplementary invoice:  tax(T + S) - X
 *     credit note:            tax(T + S + C) - tax(T + S)
 *
 * (one document alone carries tax(T + its taxable) - X). Both telescope to
 * tax(T + S + C) - X. Dropped: rounding each document's own taxable, which lets the
 * documents of a period drift a cent from the tax on its final figures.
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_TAX_H
#define LEASELEDGER_TAX_H

#include "ledger/error.h"
#include "ledger/rate.h"

#include <stddef.h>
#include <stdint.h>

/* UNCL 5305 duty or tax category codes. */
typedef enum ldg_tax_category {
    LDG_TAX_S = 0, /* standard rate */
    LDG_TAX_Z,     /* zero rated goods */
    LDG_TAX_E,     /* exempt */
    LDG_TAX_AE,    /* reverse charge: the buyer accounts for the tax */
    LDG_TAX_O,     /* outside the scope of the tax */
} ldg_tax_category;

/* "S", "Z", "E", "AE", "O"; NULL for an unknown value. Static string. */
const char *ldg_tax_category_name(ldg_tax_category c);
/* Exact, case-sensitive code to category; LDG_EINVAL naming the known codes. */
ldg_code ldg_tax_category_parse(ldg_tax_category *out, const char *code, ldg_error *err);

/* The streams a contract may list, as a bit set. */
#define LDG_TAX_STREAM(s) (1u << (unsigned)(s))
#define LDG_TAX_ALL_STREAMS                                                             \
    (LDG_TAX_STREAM(LDG_STREAM_GPU_RESERVED) | LDG_TAX_STREAM(LDG_STREAM_GPU_OVERAGE) | \
     LDG_TAX_STREAM(LDG_STREAM_ENERGY) | LDG_TAX_STREAM(LDG_STREAM_POWER_CAPACITY) |    \
     LDG_TAX_STREAM(LDG_STREAM_FIXED) | LDG_TAX_STREAM(LDG_STREAM_DEMAND) |             \
     LDG_TAX_STREAM(LDG_STREAM_POWER_OVERAGE))

/* Each entry covers at least one of the listable streams, none twice. */
#define LDG_TAX_MAX_ENTRIES 4
/* 100 % in micro-percent: the largest percent accepted. */
#define LDG_TAX_MAX_PERCENT_MICROS INT64_C(100000000)

/* One entry of a contract's "tax" array; strings borrowed from the caller. */
typedef struct ldg_tax_entry {
    ldg_tax_category category;
    const char *name;             /* "Tennessee sales tax": non-empty */
    int64_t percent_micros;       /* "7.000000" -> 7000000, 0..100 % */
    unsigned streams;             /* LDG_TAX_STREAM bits listed; "streams" absent:
                                   * LDG_TAX_ALL_STREAMS */
    const char *exemption_reason; /* NULL when absent */
} ldg_tax_entry;

/* Taxable and tax of one entry on one document, micro-units of the currency, both
 * multiples of its minor unit. */
typedef struct ldg_tax_amount {
    int64_t taxable_micros;
    int64_t amount_micros;
} ldg_tax_amount;

/*
 * The load-time rules of a contract's tax entries: at most LDG_TAX_MAX_ENTRIES; a
 * non-empty name; a known category; S with percent in (0, 100] and no exemption
 * reason; Z, E, AE and O with percent 0 and a non-empty exemption reason; streams a
 * non-empty subset of LDG_TAX_ALL_STREAMS (sla_credit and commitment_true_up are
 * refused: they follow gpu_reserved); no stream in two entries (the message names
 * both). LDG_EINVAL naming the entry ("tax[1]") and the rule.
 */
ldg_code ldg_tax_check(const ldg_tax_entry *entries, size_t n, ldg_error *err);

/* The index of the entry that taxes stream s (sla_credit and commitment_true_up: the
 * one of gpu_reserved), or -1 when s is not taxed. entries satisfy ldg_tax_check. */
int ldg_tax_entry_for(const ldg_tax_entry *entries, size_t n, ldg_stream s);

/* round(taxable x percent / 100) to minor_digits (0..6), half away from zero, in
 * micro-units. LDG_ERANGE when it does not fit. */
ldg_code ldg_tax_amount_of(int64_t *out, int64_t taxable_micros, int64_t percent_micros,
                           int minor_digits, ldg_error *err);

/*
 * The tax of an original invoice: out[0..n) per entry (zero-rated and exempt entries
 * included, their amount 0) and *tax_total their sum; the document's total is
 * ldg_rate_draft_total(d) + *tax_total. entries satisfy ldg_tax_check. LDG_ERANGE.
 */
ldg_code ldg_tax_of_draft(ldg_tax_amount *out, int64_t *tax_total,
                          const ldg_tax_entry *entries, size_t n, const ldg_draft *d,
                          ldg_error *err);

/*
 * The tax of the documents that amend a period, by the rule above. issued[0..n) is,
 * per entry, the sum of taxable and tax over every document already issued for the
 * period (original, supplementary invoices, credit notes). supplement and credit_note
 * are the drafts of ldg_invoice_diff() (either may be NULL; same currency).
 * supplement_out and credit_out receive n amounts each (zeros for a NULL draft).
 * LDG_ECONFLICT when a supplementary invoice's tax would be negative or a credit
 * note's positive in some entry, which happens only when the tax already issued is
 * not the tax of the taxable already issued (the entries changed since); LDG_ERANGE.
 */
ldg_code ldg_tax_amend(ldg_tax_amount *supplement_out, ldg_tax_amount *credit_out,
                       const ldg_tax_entry *entries, size_t n,
                       const ldg_tax_amount *issued, const ldg_draft *supplement,
                       const ldg_draft *credit_note, ldg_error *err);

#endif
