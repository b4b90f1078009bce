/*
 * Tax per entry (tax.h states the rule).
 *
 * Invariant: one rounding per entry and document, from the exact sum of rounded lines;
 * no value passes through floating point. The amending rule rounds only cumulative
 * taxables, so whatever sequence of documents a period gets, their tax adds up to the
 * tax of its final figures.
 */
#include "ledger/tax.h"

#include "ledger/fixed.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

static const char *const category_names[] = { "S", "Z", "E", "AE", "O" };

#define NCATEGORIES (sizeof(category_names) / sizeof(category_names[0]))

const char *ldg_tax_category_name(ldg_tax_category c)
{
    return (size_t)c < NCATEGORIES ? category_names[c] : NULL;
}

ldg_code ldg_tax_category_parse(ldg_tax_category *out, const char *code, ldg_error *err)
{
    size_t i;

    for (i = 0; code && i < NCATEGORIES; i++)
        if (strcmp(code, category_names[i]) == 0) {
            *out = (ldg_tax_category)i;
            return LDG_OK;
        }
    return ldg_error_set(err, LDG_EINVAL,
                         "unknown tax category \"%.16s\": expected S, Z, E, AE or O",
                         code ? code : "");
}

/* The category's percent and exemption-reason rules (tax.h). */
static ldg_code check_category(const ldg_tax_entry *e, size_t i, ldg_error *err)
{
    const char *code = ldg_tax_category_name(e->category);
    bool has_reason = e->exemption_reason && e->exemption_reason[0];

    if (!code)
        return ldg_error_set(err, LDG_EINVAL, "tax[%zu]: unknown category", i);
    if (e->percent_micros < 0 || e->percent_micros > LDG_TAX_MAX_PERCENT_MICROS)
        return ldg_error_set(err, LDG_EINVAL, "tax[%zu]: percent must be 0 to 100", i);
    if (e->category == LDG_TAX_S) {
        if (e->percent_micros == 0)
            return ldg_error_set(err, LDG_EINVAL,
                                 "tax[%zu]: category S needs a percent above 0", i);
        if (e->exemption_reason)
            return ldg_error_set(err, LDG_EINVAL,
                                 "tax[%zu]: category S takes no exemption_reason", i);
        return LDG_OK;
    }
    if (e->percent_micros != 0)
        return ldg_error_set(err, LDG_EINVAL, "tax[%zu]: category %s must be 0 percent",
                             i, code);
    if (!has_reason)
        return ldg_error_set(err, LDG_EINVAL,
                             "tax[%zu]: category %s needs an exemption_reason", i, code);
    return LDG_OK;
}

/* The name of the first stream in bits, for messages. */
static const char *first_stream(unsigned bits)
{
    int s;

    for (s = 0; s < LDG_STREAM_COUNT; s++)
        if (bits & LDG_TAX_STREAM(s))
            return ldg_rate_stream_name((ldg_stream)s);
    return "";
}

ldg_code ldg_tax_check(const ldg_tax_entry *entries, size_t n, ldg_error *err)
{
    size_t i, j;
    ldg_code rc;

    if (n > LDG_TAX_MAX_ENTRIES)
        return ldg_error_set(err, LDG_EINVAL, "tax: at most %d entries",
                             LDG_TAX_MAX_ENTRIES);
    for (i = 0; i < n; i++) {
        const ldg_tax_entry *e = &entries[i];

        if (!e->name || !e->name[0])
            return ldg_error_set(err, LDG_EINVAL, "tax[%zu]: name is empty", i);
        if ((rc = check_category(e, i, err)) != LDG_OK)
            return rc;
        if (e->streams & ~(unsigned)LDG_TAX_ALL_STREAMS)
            return ldg_error_set(
                err, LDG_EINVAL,
                "tax[%zu] \"%s\": stream \"%s\" cannot be listed: it "
                "follows the entry that covers gpu_reserved",
                i, e->name, first_stream(e->streams & ~(unsigned)LDG_TAX_ALL_STREAMS));
        if (!e->streams)
            return ldg_error_set(err, LDG_EINVAL, "tax[%zu] \"%s\": covers no stream", i,
                                 e->name);
        for (j = 0; j < i; j++)
            if (entries[j].streams & e->streams)
                return ldg_error_set(err, LDG_EINVAL,
                                     "stream \"%s\" is in tax entries \"%s\" and \"%s\"",
                                     first_stream(entries[j].streams & e->streams),
                                     entries[j].name, e->name);
    }
    return LDG_OK;
}

int ldg_tax_entry_for(const ldg_tax_entry *entries, size_t n, ldg_stream s)
{
    size_t i;

    if (s == LDG_STREAM_SLA_CREDIT || s == LDG_STREAM_COMMITMENT_TRUE_UP)
        s = LDG_STREAM_GPU_RESERVED;
    for (i = 0; i < n; i++)
        if (entries[i].streams & LDG_TAX_STREAM(s))
            return (int)i;
    return -1;
}

ldg_code ldg_tax_amount_of(int64_t *out, int64_t taxable_micros, int64_t percent_micros,
                           int minor_digits, ldg_error *err)
{
    /* micro-units x micro-percent is in 10^-12 of the currency times percent, so
     * 10^-14 of the currency once divided by 100. |product| < 2^63 x 2^27: no
     * overflow in 128 bits. */
    return ldg_fixed_round_amount(out, (ldg_i128)taxable_micros * percent_micros, 14,
                                  minor_digits, err);
}

/* out[e].taxable_micros = the sum of d's lines taxed by entry e (0 for a NULL d). */
static ldg_code sum_taxable(ldg_tax_amount *out, const ldg_tax_entry *entries, size_t n,
                            const ldg_draft *d, ldg_error *err)
{
    size_t i, count = d ? ldg_rate_draft_line_count(d) : 0;
    ldg_code rc;

    memset(out, 0, n * sizeof(*out));
    for (i = 0; i < count; i++) {
        const ldg_line *line = ldg_rate_draft_line(d, i);
        int e = ldg_tax_entry_for(entries, n, line->stream);

        if (e < 0)
            continue;
        rc = ldg_fixed_add(&out[e].taxable_micros, out[e].taxable_micros,
                           line->amount_micros, err);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

ldg_code ldg_tax_of_draft(ldg_tax_amount *out, int64_t *tax_total,
                          const ldg_tax_entry *entries, size_t n, const ldg_draft *d,
                          ldg_error *err)
{
    int digits = ldg_rate_draft_currency_digits(d);
    ldg_code rc;
    size_t e;

    assert(out && tax_total && d && n <= LDG_TAX_MAX_ENTRIES);
    *tax_total = 0;
    if ((rc = sum_taxable(out, entries, n, d, err)) != LDG_OK)
        return rc;
    for (e = 0; e < n; e++) {
        rc = ldg_tax_amount_of(&out[e].amount_micros, out[e].taxable_micros,
                               entries[e].percent_micros, digits, err);
        if (rc == LDG_OK)
            rc = ldg_fixed_add(tax_total, *tax_total, out[e].amount_micros, err);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

/* *out = tax(a + b) for entry e: the tax of a cumulative taxable. */
static ldg_code tax_of_sum(int64_t *out, int64_t a, int64_t b, const ldg_tax_entry *e,
                           int digits, ldg_error *err)
{
    int64_t sum;
    ldg_code rc = ldg_fixed_add(&sum, a, b, err);

    return rc != LDG_OK ? rc
                        : ldg_tax_amount_of(out, sum, e->percent_micros, digits, err);
}

/* The amended tax of entry e (tax.h): sup/cre hold the taxables and receive the
 * amounts; has_sup says whether a supplementary invoice is issued at all. */
static ldg_code amend_entry(ldg_tax_amount *sup, ldg_tax_amount *cre,
                            const ldg_tax_entry *e, const ldg_tax_amount *issued,
                            bool has_sup, int digits, ldg_error *err)
{
    int64_t after_sup, after_all, t;
    ldg_code rc;

    /* without a supplementary invoice, its (zero) taxable still rounds tax(T): the
     * difference tax(T) - X then goes to the credit note, which is the only document */
    if ((rc = tax_of_sum(&after_sup, issued->taxable_micros, sup->taxable_micros, e,
                         digits, err)) != LDG_OK)
        return rc;
    if ((rc = ldg_fixed_add(&t, issued->taxable_micros, sup->taxable_micros, err)) ||
        (rc = tax_of_sum(&after_all, t, cre->taxable_micros, e, digits, err)))
        return rc;
    if (has_sup) {
        if ((rc = ldg_fixed_sub(&sup->amount_micros, after_sup, issued->amount_micros,
                                err)) ||
            (rc = ldg_fixed_sub(&cre->amount_micros, after_all, after_sup, err)))
            return rc;
    } else if ((rc = ldg_fixed_sub(&cre->amount_micros, after_all, issued->amount_micros,
                                   err)))
        return rc;
    if (sup->amount_micros < 0 || cre->amount_micros > 0)
        return ldg_error_set(err, LDG_ECONFLICT,
                             "tax entry \"%s\": the tax already issued (%" PRId64
                             " micro-units) is not the tax of the taxable already "
                             "issued; the tax entries changed since the period was "
                             "invoiced",
                             e->name, issued->amount_micros);
    return LDG_OK;
}

ldg_code ldg_tax_amend(ldg_tax_amount *supplement_out, ldg_tax_amount *credit_out,
                       const ldg_tax_entry *entries, size_t n,
                       const ldg_tax_amount *issued, const ldg_draft *supplement,
                       const ldg_draft *credit_note, ldg_error *err)
{
    const ldg_draft *any = supplement ? supplement : credit_note;
    ldg_code rc;
    size_t e;

    assert(supplement_out && credit_out && issued && n <= LDG_TAX_MAX_ENTRIES);
    assert(!supplement || !credit_note ||
           strcmp(ldg_rate_draft_currency(supplement),
                  ldg_rate_draft_currency(credit_note)) == 0);
    if ((rc = sum_taxable(supplement_out, entries, n, supplement, err)) ||
        (rc = sum_taxable(credit_out, entries, n, credit_note, err)))
        return rc;
    if (!any)
        return LDG_OK;
    for (e = 0; e < n; e++) {
        rc = amend_entry(&supplement_out[e], &credit_out[e], &entries[e], &issued[e],
                         supplement != NULL, ldg_rate_draft_currency_digits(any), err);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}
