/*
 * The payment-file driver shared by fuzz_camt053 and fuzz_payments_csv: the input is a
 * whole file, parsed as `payment import` would (ldg_payment_parse over the bytes).
 *
 * Properties: an error is a clean one-line message with a place, and returns nothing;
 * an accepted file holds only what payment_parse.h promises of every payment (id
 * present, unique and clean; texts clean and within their limits; a known currency;
 * an amount above zero and a whole number of the currency's minor unit; positions
 * increasing), and its counts add up (every entry read is a payment, a duplicate or
 * a skipped one).
 */
#ifndef LEASELEDGER_FUZZ_PAYMENTS_H
#define LEASELEDGER_FUZZ_PAYMENTS_H

#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/payment_parse.h"
#include "ledger/text.h"
#include "tests/fuzz/fuzz.h"

static inline void fuzz_payment_text(const char *s, size_t max, int required)
{
    size_t n;

    FUZZ_CHECK(s != NULL);
    n = strlen(s);
    FUZZ_CHECK(n <= max && (n > 0 || !required));
    FUZZ_CHECK(ldg_text_is_clean(s, n));
}

static inline void fuzz_payment_check(const ldg_payment_in *p, int64_t prev_pos)
{
    int digits = ldg_contract_currency_digits(p->currency);

    fuzz_payment_text(p->payment_id, LDG_FIELD_MAX, 1);
    fuzz_payment_text(p->tenant, LDG_FIELD_MAX, 0);
    fuzz_payment_text(p->reference, LDG_PAY_REF_MAX, 0);
    fuzz_payment_text(p->payer, LDG_FIELD_MAX, 0);
    FUZZ_CHECK(digits >= 0 && strlen(p->currency) == 3);
    FUZZ_CHECK(p->amount_micros > 0);
    FUZZ_CHECK(p->amount_micros % ldg_pow10(6 - digits) == 0);
    FUZZ_CHECK(p->received >= 0);
    FUZZ_CHECK(p->source_pos > prev_pos);
}

static inline void fuzz_payments_run(const uint8_t *data, size_t size,
                                     ldg_payment_format fmt)
{
    char *copy = fuzz_copy(data, size);
    ldg_payment_file *pf = NULL;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_payment_parse(&pf, copy, size, fmt, "fuzz", &e);
    fuzz_check_error(rc, &e);
    if (rc != LDG_OK) {
        FUZZ_CHECK(pf == NULL);
        FUZZ_CHECK(strncmp(e.where, "fuzz", 4) == 0);
    } else {
        const ldg_payment_counts *c = ldg_payment_file_counts(pf);
        size_t n = ldg_payment_file_count(pf);
        int64_t prev = 0;

        FUZZ_CHECK(ldg_payment_file_format(pf) == fmt);
        for (size_t i = 0; i < n; i++) {
            const ldg_payment_in *p = ldg_payment_file_at(pf, i);
            fuzz_payment_check(p, prev);
            prev = p->source_pos;
            for (size_t j = 0; j < i; j++) /* small inputs: quadratic is fine */
                FUZZ_CHECK(strcmp(ldg_payment_file_at(pf, j)->payment_id, p->payment_id));
        }
        FUZZ_CHECK(ldg_payment_file_at(pf, n) == NULL);
        FUZZ_CHECK((int64_t)n + c->duplicates + c->debits + c->unbooked + c->reversals ==
                   c->entries);
        ldg_payment_file_free(pf);
    }
    free(copy);
}

#endif
