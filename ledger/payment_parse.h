/*
 * Reading payment files: a bank-to-customer statement (ISO 20022 camt.053, versions
 * .001.02 and .001.08) or a payments CSV, into an array of validated payments. Pure: no
 * database, so the parsers can be fuzzed and unit-tested alone; matching a payment to a
 * tenant, the signed log entry and allocation are other modules' work
 * (docs/receivables.md).
 *
 * All or nothing: a file parses whole or not at all. The first bad entry fails the
 * parse with LDG_EINVAL, err->where naming the file and the place ("pay.csv:14",
 * "stmt.xml: entry 3") and err->message the reason; nothing is returned. Entries that
 * are not payments received (camt debits, entries not booked, reversals) are skipped
 * and counted, never validated further.
 *
 * What a caller may trust of every ldg_payment_in it gets:
 *   - payment_id: 1..LDG_FIELD_MAX bytes of valid UTF-8 without control characters;
 *     unique within the file (a repeat of an identical payment is kept once and
 *     counted; a repeat that differs in anything is refused, naming both places);
 *   - tenant, reference, payer: never NULL, "" when absent; valid UTF-8 without control
 *     characters; tenant and payer at most LDG_FIELD_MAX bytes, reference at most
 *     LDG_PAY_REF_MAX (runs of white space in XML text are collapsed to one space);
 *   - currency: three upper-case letters of a currency whose minor unit the ledger knows
 *     (ldg_contract_currency_digits() >= 0);
 *   - amount_micros: > 0, in micro-units of the currency, a whole number of its minor
 *     unit (the text had no exponent, no sign, and no more decimals than the currency
 *     has: "10.50" USD, "1050" JPY);
 *   - received: a UTC instant, 1970..9999; a date alone is that date at 00:00:00Z.
 *
 * Limits (SECURITY.md): a file of at most LDG_PAY_FILE_MAX bytes, at most
 * LDG_PAY_ENTRIES_MAX entries (CSV records, or camt Ntry elements of any kind), a CSV
 * line at most LDG_LINE_MAX bytes (as usage files), XML elements nested at most
 * LDG_CAMT_DEPTH_MAX deep; no DTD of any kind, so no entity is ever declared, expanded
 * or fetched, and no network.
 */
#ifndef LEASELEDGER_PAYMENT_PARSE_H
#define LEASELEDGER_PAYMENT_PARSE_H

#include "ledger/error.h"
#include "ledger/time.h"
#include "ledger/usage_parse.h" /* LDG_LINE_MAX, LDG_FIELD_MAX */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LDG_PAY_FILE_MAX    (256 * 1024 * 1024)
#define LDG_PAY_ENTRIES_MAX 1000000
#define LDG_PAY_REF_MAX     2048
#define LDG_CAMT_DEPTH_MAX  32

typedef enum ldg_payment_format {
    LDG_PAYMENT_AUTO = 0, /* by content: '<' first (after a BOM and white space) is XML */
    LDG_PAYMENT_CSV,
    LDG_PAYMENT_CAMT053,
} ldg_payment_format;

/* One payment received. Strings are borrowed from the ldg_payment_file holding it. */
typedef struct ldg_payment_in {
    const char *payment_id; /* CSV payment_id; camt AcctSvcrRef, else NtryRef */
    const char *tenant;     /* CSV tenant; "" in camt (matching decides) */
    ldg_time received;      /* CSV received; camt BookgDt, else ValDt */
    int64_t amount_micros;  /* > 0 */
    char currency[4];       /* "USD" and a NUL */
    const char *reference;  /* CSV reference; camt remittance texts joined by a space */
    const char *payer;      /* camt debtor account (IBAN, else Othr/Id); "" in CSV */
    int64_t source_pos;     /* CSV line number, camt entry index; both 1-based */
} ldg_payment_in;

/* What a file held besides the payments returned. */
typedef struct ldg_payment_counts {
    int64_t entries;    /* CSV records or camt Ntry elements read */
    int64_t debits;     /* camt: CdtDbtInd DBIT, skipped */
    int64_t unbooked;   /* camt: status other than BOOK (pending, information), skipped */
    int64_t reversals;  /* camt: RvslInd true, skipped (returned payments are not read) */
    int64_t duplicates; /* identical repeats of a payment, kept once */
} ldg_payment_counts;

typedef struct ldg_payment_file ldg_payment_file;

/*
 * Parses len bytes of a payment file. name is the file's name for messages. On LDG_OK
 * *out holds every payment in file order (free it with ldg_payment_file_free()); on
 * failure *out is NULL and err says where and why. Returns LDG_OK, LDG_EINVAL (the file
 * is refused), LDG_ENOMEM.
 */
ldg_code ldg_payment_parse(ldg_payment_file **out, const char *data, size_t len,
                           ldg_payment_format fmt, const char *name, ldg_error *err);

/*
 * As ldg_payment_parse on the rest of f, read whole up to LDG_PAY_FILE_MAX bytes (a
 * longer file is refused before it is parsed). LDG_EIO on a read error.
 */
ldg_code ldg_payment_read(ldg_payment_file **out, FILE *f, ldg_payment_format fmt,
                          const char *name, ldg_error *err);

void ldg_payment_file_free(ldg_payment_file *pf);

/* The payments, 0 <= i < count; borrowed until ldg_payment_file_free(). */
size_t ldg_payment_file_count(const ldg_payment_file *pf);
const ldg_payment_in *ldg_payment_file_at(const ldg_payment_file *pf, size_t i);

/* The format read (never LDG_PAYMENT_AUTO) and what was skipped. */
ldg_payment_format ldg_payment_file_format(const ldg_payment_file *pf);
const ldg_payment_counts *ldg_payment_file_counts(const ldg_payment_file *pf);

/* "csv", "camt053"; "auto" for LDG_PAYMENT_AUTO. Static string. */
const char *ldg_payment_format_name(ldg_payment_format fmt);

#endif
