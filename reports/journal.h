/*
 * The general-ledger journal export: one balanced transaction per issued invoice,
 * supplementary invoice and credit note, in the plain-text formats of hledger, ledger
 * and beancount.
 *
 * Each document debits the tenant's receivable with its total and credits revenue per
 * line stream with the sum of that stream's lines:
 *
 *     Assets:Receivable:<tenant>     <total>  <currency>
 *     Revenue:<Stream>              -<sum of the stream's lines>  <currency>
 *
 * A credit note's lines and total are negative, so the same rule reverses the
 * original: receivable credited, revenue debited. An SLA credit line is negative in
 * an invoice, so Revenue:SlaCredit is a contra-revenue account with a debit balance.
 * The receivable posting is the sum of the lines, checked against the document's
 * total, so every transaction balances exactly (no tool-side rounding or elided
 * amount is relied on). Amounts are the invoices' own decimal strings: exactly the
 * currency's minor digits, '.' as decimal mark, no digit grouping, the ISO 4217 code
 * after the number ("-93240000.00 USD"), which all three tools read the same way.
 *
 * Dating. A journal for period P holds the transactions dated in P (issue 16):
 * documents on their UTC issue date, payments on their UTC receipt date, accruals on
 * the last day of their service month. Two bases:
 *   issued (default): revenue is recognised when it is invoiced: a document debits
 *     the receivable and credits revenue on its issue date (a credit note issued in
 *     December for November lowers December's revenue);
 *   earned: revenue is recognised in the month it was earned: each document first
 *     accrues its net (the sum of its lines) on its service month's last day, debiting
 *     Assets:Unbilled:<tenant> and crediting revenue per stream, and on its issue
 *     date the receivable is debited with the total against Assets:Unbilled:<tenant>
 *     (the net) and the taxes. An amending document accrues its difference in the
 *     month it amends, so an earned file for a closed month gains that accrual when the
 *     amending document is issued.
 * The service period is kept as metadata.
 *
 * Account names. Streams map to Revenue:GpuReserved, Revenue:GpuOverage,
 * Revenue:Energy, Revenue:PowerCapacity, Revenue:SlaCredit and
 * Revenue:CommitmentTrueUp in every format. The tenant component is the tenant id,
 * made valid by rpt_journal_account_part() the same way in all three formats (issue
 * 16: one name, so the three files agree): [A-Za-z0-9-] kept, any other byte '-',
 * and an upper-case letter or a digit first as beancount needs ("anthropic" ->
 * "Anthropic"). Two tenants that would share an account name make the export fail
 * rather than merge them.
 * Beancount's income root is named "Revenue" with an option line, so that account
 * names are the same in all three formats.
 *
 * Metadata (hledger tags, ledger metadata, beancount metadata): tenant, contract,
 * period (the service month), kind (invoice or credit_note), amends (when set) and
 * rated_from ("<tree size> <base64 root>" of the checkpoint the document was rated
 * from). The invoice number is the transaction code in hledger and ledger
 * ("(C1-2026-000001)") and a link plus an "invoice" metadata value in beancount,
 * which has no code field; an amending document also links the invoice it amends.
 *
 * The pure formatting functions do no I/O but to the FILE given; rpt_journal_export()
 * reads the store.
 */
#ifndef LEASELEDGER_REPORTS_JOURNAL_H
#define LEASELEDGER_REPORTS_JOURNAL_H

#include "ledger/error.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef enum rpt_journal_format {
    RPT_JOURNAL_HLEDGER = 0,
    RPT_JOURNAL_LEDGER,
    RPT_JOURNAL_BEANCOUNT,
} rpt_journal_format;

/* When revenue is booked (above). */
typedef enum rpt_journal_basis {
    RPT_JOURNAL_ISSUED = 0,
    RPT_JOURNAL_EARNED,
} rpt_journal_basis;

/* "issued" or "earned"; LDG_EINVAL naming the value and the accepted ones. */
ldg_code rpt_journal_basis_parse(rpt_journal_basis *out, const char *name,
                                 ldg_error *err);

/* Which transaction of a document a writer call makes. */
typedef enum rpt_journal_entry {
    RPT_JOURNAL_ENTRY_ISSUE = 0, /* issued basis: receivable / revenue, tax; issue date */
    RPT_JOURNAL_ENTRY_ACCRUAL, /* earned: unbilled / revenue; service month's last day */
    RPT_JOURNAL_ENTRY_BILLING, /* earned: receivable / unbilled, tax; issue date */
} rpt_journal_entry;

/* "hledger", "ledger", "beancount"; NULL for an unknown value. Static string. */
const char *rpt_journal_format_name(rpt_journal_format fmt);

/* Exact name to format; LDG_EINVAL naming the value and the accepted ones. */
ldg_code rpt_journal_format_parse(rpt_journal_format *out, const char *name,
                                  ldg_error *err);

/* Enough for "Assets:Receivable:" and a 64-byte tenant id, with room to spare. */
#define RPT_JOURNAL_ACCOUNT_BUFLEN 128
/* Enough for "-9223372036854.775808 USD" and a NUL. */
#define RPT_JOURNAL_AMOUNT_BUFLEN 48

/*
 * One account-name component made from name, as described above, the same for every
 * fmt: bytes outside [A-Za-z0-9-] become '-', a leading lower-case letter is
 * upper-cased and a component that would not start with a letter or digit gets an
 * "X" in front. Writes at most size bytes including the NUL. LDG_EINVAL when name
 * is empty or the result does not fit.
 */
ldg_code rpt_journal_account_part(char *buf, size_t size, rpt_journal_format fmt,
                                  const char *name, ldg_error *err);

/* "Assets:Receivable:" + rpt_journal_account_part(tenant). Errors as that function. */
ldg_code rpt_journal_receivable_account(char *buf, size_t size, rpt_journal_format fmt,
                                        const char *tenant, ldg_error *err);

/* "Assets:Unbilled:" + rpt_journal_account_part(tenant): the revenue earned but not yet
 * invoiced (basis earned). Errors as that function. */
ldg_code rpt_journal_unbilled_account(char *buf, size_t size, rpt_journal_format fmt,
                                      const char *tenant, ldg_error *err);

/* "Revenue:GpuReserved", ...; NULL for an unknown stream. Static string. */
const char *rpt_journal_revenue_account(ldg_stream s);

/*
 * An amount as the tool reads it: "<number> <currency>", the number with exactly the
 * currency's minor digits ("-12.50 USD", "101 JPY"). LDG_EINVAL when the currency is
 * not supported (contract.h) or micros is not a whole number of minor units; the
 * buffer holds RPT_JOURNAL_AMOUNT_BUFLEN bytes.
 */
ldg_code rpt_journal_amount(char *buf, size_t size, rpt_journal_format fmt,
                            int64_t micros, const char *currency, ldg_error *err);

/* One tax entry of a document (issue 9): the entry's name and the tax it carries. */
typedef struct rpt_journal_tax {
    const char *name;
    int64_t amount_micros;
} rpt_journal_tax;

/* Most tax entries a document carries (ledger/tax.h LDG_TAX_MAX_ENTRIES). */
#define RPT_JOURNAL_MAX_TAXES 4

/*
 * "Liabilities:SalesTax:" + the slug of a tax entry's name, the same in all three
 * formats: ASCII letters and digits kept, every run of other bytes one '-', none at
 * either end, the first letter upper case ("Tennessee sales tax" ->
 * "Liabilities:SalesTax:Tennessee-sales-tax"); a name with no letter or digit is
 * "Tax". LDG_EINVAL when it does not fit size.
 */
ldg_code rpt_journal_tax_account(char *buf, size_t size, const char *name,
                                 ldg_error *err);

/* What a transaction records about its document. All strings borrowed. */
typedef struct rpt_journal_doc {
    ldg_invoice_kind kind;
    const char *number;           /* invoice number, the transaction code */
    const char *amends;           /* NULL for an original invoice */
    const char *tenant;           /* tenant id */
    const char *tenant_name;      /* the payee; NULL or "": the tenant id */
    const char *contract;         /* contract id */
    const char *currency;         /* ISO 4217, a supported currency */
    ldg_period period;            /* the service period */
    ldg_time issued;              /* the transaction's date is its UTC date */
    int64_t total_micros;         /* must equal the sum of the lines and taxes */
    int64_t rated_from_size;      /* checkpoint tree size */
    const char *rated_from_root;  /* its base64 root */
    const rpt_journal_tax *taxes; /* issue 9 documents; NULL/0 before */
    size_t n_taxes;               /* at most RPT_JOURNAL_MAX_TAXES */
} rpt_journal_doc;

/*
 * Writes doc as one transaction: the receivable posting, then one revenue posting
 * per stream present in lines[0..n), in stream order, each the negated sum of that
 * stream's amounts, then one Liabilities:SalesTax posting per tax entry of doc whose
 * amount is not 0, its negated amount. Only stream and amount_micros of the lines are
 * read. The transaction balances by construction; the sum of the lines and taxes must
 * equal doc->total_micros. Texts are made safe for the tool: control characters become
 * spaces, and in hledger/ledger ';' becomes ',' and '|' in the payee '/'; beancount
 * strings are quoted with '"' and '\' escaped. LDG_EINVAL (total differs from the
 * lines, unsupported currency, an amount not in whole minor units, a missing
 * number, tenant or contract), LDG_ERANGE (sum overflow), LDG_EIO (write failed).
 */
ldg_code rpt_journal_write_txn(FILE *out, rpt_journal_format fmt,
                               const rpt_journal_doc *doc, const ldg_line *lines,
                               size_t n, ldg_error *err);

/*
 * Writes one transaction of doc, as rpt_journal_write_txn() (which is entry ISSUE):
 * ACCRUAL debits Assets:Unbilled:<tenant> with the sum of the lines and credits revenue
 * per stream, dated the last day of doc->period, its note "accrual: <document> for
 * <period>"; BILLING debits the receivable with the total and credits
 * Assets:Unbilled:<tenant> with the sum of the lines and the taxes, dated the issue
 * date. The total is checked against the lines and taxes for every entry. Errors as
 * rpt_journal_write_txn().
 */
ldg_code rpt_journal_write_entry(FILE *out, rpt_journal_format fmt,
                                 rpt_journal_entry entry, const rpt_journal_doc *doc,
                                 const ldg_line *lines, size_t n, ldg_error *err);

/*
 * The file's preamble: a comment naming the period and the format, then what makes
 * the file pass the tools' strict checks: hledger "commodity" directives (`hledger
 * check -s`), ledger "commodity"/"format", "account" and "tag" directives (`ledger
 * --pedantic`), beancount's options but no "open" directive: those come once, from
 * rpt_journal_export_opens(), so that monthly beancount files can be included side by
 * side (beancount rejects a second open of an account). currencies[0..n_cur) and the
 * receivable accounts[0..n_acc) are declared in the order given; the six revenue accounts
 * always. LDG_EINVAL (unsupported currency), LDG_EIO.
 */
ldg_code rpt_journal_write_preamble(FILE *out, rpt_journal_format fmt, ldg_period period,
                                    const char *const *currencies, size_t n_cur,
                                    const char *const *accounts, size_t n_acc,
                                    ldg_error *err);

/*
 * Writes the journal of the transactions dated in period: every invoice and credit note
 * issued in period (by issue instant, UTC), oldest first (ties by tenant and log seq),
 * preceded by the preamble, as entry ISSUE (basis issued) or BILLING (basis earned),
 * then every payment received in period (by received instant; ties by tenant and
 * seq), each debiting Assets:Bank:<currency> and crediting the tenant's receivable, so
 * that a tenant's receivable at any date is its aging total (docs/receivables.md),
 * then (basis earned) the ACCRUAL of every document whose service month is period.
 * A period without documents gives the preamble alone. *n_txns (may be NULL) receives
 * the number of transactions written. Reads the store in one statement (a consistent
 * snapshot). LDG_ECONFLICT when two tenants map to one account name in fmt; LDG_EINVAL
 * when a document's lines do not sum to its total; LDG_EDB; LDG_EIO; LDG_ENOMEM.
 */
ldg_code rpt_journal_export(FILE *out, ldg_store *st, rpt_journal_format fmt,
                            rpt_journal_basis basis, ldg_period period, size_t *n_txns,
                            ldg_error *err);

/*
 * The beancount opens file: the options of the period files, then one "open" directive
 * dated date per account in accounts[0..n_acc), then the six revenue accounts.
 * LDG_EIO.
 */
ldg_code rpt_journal_write_opens(FILE *out, ldg_time date, const char *const *accounts,
                                 size_t n_acc, ldg_error *err);

/*
 * Writes the opens file of every account any document or payment of the ledger posts
 * to under either basis (receivables sorted, unbilled, banks, taxes, revenue), all dated
 * the earliest UTC date a document was issued or a payment received (1970-01-01 for an
 * empty ledger). The main beancount file includes it once, then the monthly files.
 * *n_accounts (may be NULL) receives the number of open directives. Errors as
 * rpt_journal_export().
 */
ldg_code rpt_journal_export_opens(FILE *out, ldg_store *st, size_t *n_accounts,
                                  ldg_error *err);

#endif
