/*
 * Exact fixed-point numbers: int64 micro-units (6 decimals) for quantities, rates and
 * money. Products are exact in 128 bits and rounded once, half away from zero.
 * Overflow is LDG_ERANGE, never a wrap. No floating point anywhere in this module.
 */
#ifndef LEASELEDGER_FIXED_H
#define LEASELEDGER_FIXED_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

__extension__ typedef __int128 ldg_i128;

#define LDG_MICRO        INT64_C(1000000)
#define LDG_FIXED_BUFLEN 32 /* enough for "-9223372036854.775808" and a NUL */

/*
 * Parses a decimal string of len bytes into micro-units: optional leading '-' (no '+'),
 * digits, optional '.' followed by 1..6 digits. At least one digit before the point.
 * Rejects (LDG_EINVAL) empty input, whitespace, exponents, "NaN"/"Inf", "--5", more than
 * 6 decimals, a bare "." or "5.", leading '+', any other byte; LDG_ERANGE when the value
 * does not fit int64 micro-units. Leading zeros are allowed ("007.5"). "-0" is 0.
 */
ldg_code ldg_fixed_parse(int64_t *out, const char *s, size_t len, ldg_error *err);

/* As ldg_fixed_parse on a NUL-terminated string. */
ldg_code ldg_fixed_parse_str(int64_t *out, const char *s, ldg_error *err);

/*
 * Like ldg_fixed_parse but at most max_decimals digits after the point (0..6); used
 * for money in the minor unit (2) and integer counts (0).
 */
ldg_code ldg_fixed_parse_dp(int64_t *out, const char *s, size_t len, int max_decimals,
                            ldg_error *err);

/*
 * Formats micro-units with exactly `decimals` digits after the point (0..6; 0 prints no
 * point). The value must be representable at that precision (asserted: v is a multiple
 * of 10^(6-decimals)). Returns buf. buf must hold LDG_FIXED_BUFLEN bytes.
 * Examples: (1850000, 6) -> "1.850000"; (-12500000, 2) -> "-12.50"; (0, 2) -> "0.00".
 */
char *ldg_fixed_format(char *buf, int64_t v, int decimals);

/* n / d rounded to nearest, halves away from zero; d > 0. */
ldg_i128 ldg_fixed_div_round(ldg_i128 n, ldg_i128 d);

/*
 * out = round(a * b / 10^6) in micro-units, half away from zero (e.g. quantity x rate
 * at full micro precision, or rate x 1.03). LDG_ERANGE on overflow.
 */
ldg_code ldg_fixed_mul(int64_t *out, int64_t a, int64_t b, ldg_error *err);

/*
 * out = a * num / den rounded half away from zero, exact in 128 bits; den > 0.
 * LDG_ERANGE on overflow of the result.
 */
ldg_code ldg_fixed_muldiv(int64_t *out, int64_t a, int64_t num, int64_t den,
                          ldg_error *err);

/*
 * Rounds an exact 128-bit amount expressed in units of 10^-scale_digits of the currency
 * (e.g. qty_micros*rate_micros is in 10^-12) to the currency's minor unit
 * (minor_digits, 2 for USD/EUR), half away from zero, and returns it in micro-units.
 * LDG_ERANGE when the result does not fit int64. scale_digits >= 6, minor_digits 0..6.
 */
ldg_code ldg_fixed_round_amount(int64_t *out, ldg_i128 exact, int scale_digits,
                                int minor_digits, ldg_error *err);

/*
 * As ldg_fixed_round_amount for the exact rational num / den (den > 0), in units of
 * 10^-scale_digits: the quotient is never formed before the one rounding (a capacity
 * line's x h_w / hours(P), say). The one implementation of the rounding rule: rating
 * and explaining both call it.
 */
ldg_code ldg_fixed_round_quotient(int64_t *out, ldg_i128 num, ldg_i128 den,
                                  int scale_digits, int minor_digits, ldg_error *err);

/* Exact 128-bit arithmetic for products of several factors (quantity x rate x PUE...):
 * *out = a * b, *acc += v, and narrowing to int64, each LDG_ERANGE instead of a wrap. */
#define LDG_I128_MAX ((((ldg_i128)1 << 125) - 1) * 4 + 3)
#define LDG_I128_MIN (-LDG_I128_MAX - 1)
ldg_code ldg_i128_mul(ldg_i128 *out, ldg_i128 a, ldg_i128 b, ldg_error *err);
ldg_code ldg_i128_add(ldg_i128 *acc, ldg_i128 v, ldg_error *err);
ldg_code ldg_i128_to_i64(int64_t *out, ldg_i128 v, ldg_error *err);

/* 10^n for 0 <= n <= 18. */
int64_t ldg_pow10(int n);

/* Checked int64 add / subtract: LDG_ERANGE on overflow. */
ldg_code ldg_fixed_add(int64_t *out, int64_t a, int64_t b, ldg_error *err);
ldg_code ldg_fixed_sub(int64_t *out, int64_t a, int64_t b, ldg_error *err);

#endif
