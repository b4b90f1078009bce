/*
 * Private to the payment-file family: payment_parse.c (the container, the one validator
 * every format feeds, dispatch), payment_csv.c and payment_camt.c (the two formats).
 * A format finds the fields of each entry and hands them raw to ldg_payment__add(), so
 * every rule on a payment (lengths, clean text, currency, amount, duplicates) is written
 * once, whatever file it came from.
 */
#ifndef LEASELEDGER_PAYMENT_INT_H
#define LEASELEDGER_PAYMENT_INT_H

#include "ledger/arena.h"
#include "ledger/payment_parse.h"
#include "ledger/strmap.h"

struct ldg_payment_file {
    ldg_payment_format fmt;
    const char *pos_word; /* "line" or "entry": how messages name a place */
    ldg_payment_in *items;
    size_t n, cap;
    ldg_payment_counts counts;
    ldg_arena *arena; /* every string of items */
    ldg_strmap *ids;  /* payment_id -> index in items */
};

/* One payment as a format found it: texts not NUL-terminated, not yet checked. */
typedef struct ldg_payment_raw {
    const char *id, *tenant, *amount, *currency, *reference, *payer;
    size_t id_len, tenant_len, amount_len, currency_len, reference_len, payer_len;
    ldg_time received;
    int64_t pos;
} ldg_payment_raw;

/*
 * Validates raw (the rules of payment_parse.h) and appends it to pf, or counts it as a
 * duplicate when an identical payment with that id is already there. LDG_EINVAL with
 * err->message saying why (the caller sets err->where), LDG_ENOMEM.
 */
ldg_code ldg_payment__add(ldg_payment_file *pf, const ldg_payment_raw *raw,
                          ldg_error *err);

/* "YYYY-MM-DD", a valid date in 1970..9999, to that date at 00:00:00Z. */
ldg_code ldg_payment__date(ldg_time *out, const char *s, size_t len, ldg_error *err);

/* The formats: every entry of data added to pf, or an error with err->where set. */
ldg_code ldg_payment__csv(ldg_payment_file *pf, const char *data, size_t len,
                          const char *name, ldg_error *err);
ldg_code ldg_payment__camt053(ldg_payment_file *pf, const char *data, size_t len,
                              const char *name, ldg_error *err);

#endif
