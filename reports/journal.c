/*
 * The general-ledger journal export (journal.h): hledger, ledger and beancount text.
 *
 * Design. The transaction writer is pure: a document's facts and its lines in, text
 * out. It sums the lines per stream itself and posts the receivable as the sum of the
 * lines, after checking that sum against the document's total, so a transaction can
 * only be written balanced; no posting amount is ever left for the tool to infer.
 * The export reads every document issued in the period with its lines in one
 * statement, ordered so that a document's rows are adjacent, declares the currencies
 * and accounts it will use (so the strict modes of the tools accept the file), then
 * writes one transaction per document.
 *
 * Basis earned (issue 16) writes each document twice through the same writer: its
 * accrual in the file of its service month and its billing in the file of its issue
 * month; one statement reads the documents of both kinds, and a pass per entry picks
 * its own (doc_pass).
 *
 * Dropped: posting one line per invoice line (finance books revenue per stream, and
 * the per-line detail is the FOCUS export's job); letting the tools elide the
 * balancing amount (the file must state every number the invoice states).
 */
#include "reports/journal.h"

#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "reports/doc_head.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = { "hledger", "ledger", "beancount" };

/* Indexed by ldg_stream; the same names in every format. */
static const char *const revenue_accounts[LDG_STREAM_COUNT] = {
    "Revenue:GpuReserved",   "Revenue:GpuOverage", "Revenue:Energy",
    "Revenue:PowerCapacity", "Revenue:SlaCredit",  "Revenue:CommitmentTrueUp",
};

/* Metadata keys, in the order they are written (ledger declares them as tags). */
static const char *const meta_keys[] = { "tenant", "contract", "period",
                                         "kind",   "amends",   "rated_from" };

#define RECEIVABLE_PREFIX "Assets:Receivable:"
#define UNBILLED_PREFIX   "Assets:Unbilled:"

const char *rpt_journal_format_name(rpt_journal_format fmt)
{
    if ((int)fmt < 0 || (size_t)fmt >= sizeof(format_names) / sizeof(format_names[0]))
        return NULL;
    return format_names[fmt];
}

ldg_code rpt_journal_format_parse(rpt_journal_format *out, const char *name,
                                  ldg_error *err)
{
    for (size_t i = 0; name && i < sizeof(format_names) / sizeof(format_names[0]); i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (rpt_journal_format)i;
            return LDG_OK;
        }
    }
    return ldg_error_set(err, LDG_EINVAL,
                         "invalid journal format \"%s\": expected hledger, ledger or "
                         "beancount",
                         name ? name : "");
}

ldg_code rpt_journal_basis_parse(rpt_journal_basis *out, const char *name, ldg_error *err)
{
    if (name && strcmp(name, "issued") == 0)
        *out = RPT_JOURNAL_ISSUED;
    else if (name && strcmp(name, "earned") == 0)
        *out = RPT_JOURNAL_EARNED;
    else
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid basis \"%s\": expected issued or earned",
                             name ? name : "");
    return LDG_OK;
}

const char *rpt_journal_revenue_account(ldg_stream s)
{
    if ((int)s < 0 || (int)s >= LDG_STREAM_COUNT)
        return NULL;
    return revenue_accounts[s];
}

static int is_ascii_alnum(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Bytes kept as they are in an account component: those beancount accepts, so that
 * the name is the same in every format (issue 16). */
static int account_byte_ok(unsigned char c)
{
    return is_ascii_alnum(c) || c == '-';
}

ldg_code rpt_journal_account_part(char *buf, size_t size, rpt_journal_format fmt,
                                  const char *name, ldg_error *err)
{
    size_t o = 0;

    if (!name || !*name)
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot make an account name from an empty id");
    if (size == 0)
        return ldg_error_set(err, LDG_EINVAL, "account name for \"%s\" is too long",
                             name);
    (void)fmt; /* one name in every format, so that the three files agree */
    /* beancount: a component starts with an upper-case letter or a digit */
    if (!is_ascii_alnum((unsigned char)name[0]))
        buf[o++] = 'X';
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        char c = account_byte_ok(*p) ? (char)*p : '-';

        if (o == 0 && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (o + 1 >= size)
            return ldg_error_set(err, LDG_EINVAL, "account name for \"%s\" is too long",
                                 name);
        buf[o++] = c;
    }
    if (o >= size)
        return ldg_error_set(err, LDG_EINVAL, "account name for \"%s\" is too long",
                             name);
    buf[o] = '\0';
    return LDG_OK;
}

/* prefix + rpt_journal_account_part(tenant): a tenant's account. */
static ldg_code tenant_account(char *buf, size_t size, const char *prefix,
                               rpt_journal_format fmt, const char *tenant, ldg_error *err)
{
    size_t plen = strlen(prefix);

    if (size <= plen)
        return ldg_error_set(err, LDG_EINVAL, "account name for \"%s\" is too long",
                             tenant ? tenant : "");
    memcpy(buf, prefix, plen);
    return rpt_journal_account_part(buf + plen, size - plen, fmt, tenant, err);
}

ldg_code rpt_journal_receivable_account(char *buf, size_t size, rpt_journal_format fmt,
                                        const char *tenant, ldg_error *err)
{
    return tenant_account(buf, size, RECEIVABLE_PREFIX, fmt, tenant, err);
}

ldg_code rpt_journal_unbilled_account(char *buf, size_t size, rpt_journal_format fmt,
                                      const char *tenant, ldg_error *err)
{
    return tenant_account(buf, size, UNBILLED_PREFIX, fmt, tenant, err);
}

ldg_code rpt_journal_tax_account(char *buf, size_t size, const char *name, ldg_error *err)
{
    static const char prefix[] = "Liabilities:SalesTax:";
    size_t o = sizeof(prefix) - 1, start = o;

    if (size < sizeof(prefix) + 3)
        return ldg_error_set(err, LDG_EINVAL, "tax account name does not fit");
    memcpy(buf, prefix, o);
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        int keep = is_ascii_alnum(*p);

        if (!keep && (o == start || buf[o - 1] == '-'))
            continue; /* no '-' first, none twice */
        if (o + 1 >= size)
            return ldg_error_set(err, LDG_EINVAL,
                                 "tax account name for \"%s\" is too long", name);
        buf[o++] = keep ? (char)*p : '-';
    }
    while (o > start && buf[o - 1] == '-')
        o--;
    if (o == start) {
        memcpy(buf + o, "Tax", 3);
        o += 3;
    }
    if (buf[start] >= 'a' && buf[start] <= 'z')
        buf[start] = (char)(buf[start] - 'a' + 'A');
    buf[o] = '\0';
    return LDG_OK;
}

ldg_code rpt_journal_amount(char *buf, size_t size, rpt_journal_format fmt,
                            int64_t micros, const char *currency, ldg_error *err)
{
    int digits = currency ? ldg_contract_currency_digits(currency) : -1;
    char num[LDG_FIXED_BUFLEN];
    int64_t scale = 1;
    int n;

    (void)fmt; /* "<number> <code>" reads the same in all three tools */
    if (digits < 0)
        return ldg_error_set(err, LDG_EINVAL, "unsupported currency \"%s\"",
                             currency ? currency : "");
    for (int i = digits; i < 6; i++)
        scale *= 10;
    if (micros % scale != 0) {
        ldg_fixed_format(num, micros, 6);
        return ldg_error_set(err, LDG_EINVAL,
                             "amount %s %s is not a whole number of minor units", num,
                             currency);
    }
    ldg_fixed_format(num, micros, digits);
    n = snprintf(buf, size, "%s %s", num, currency);
    if (n < 0 || (size_t)n >= size)
        return ldg_error_set(err, LDG_EINVAL, "amount %s %s does not fit its buffer", num,
                             currency);
    return LDG_OK;
}

/* ---- text ------------------------------------------------------------------------ */

/*
 * Payee and narration text for hledger and ledger: control characters become spaces,
 * ';' (starts a comment) becomes ',', '|' (hledger's payee|note split) '/', runs of
 * spaces collapse to one (two spaces end fields in ledger), leading and trailing
 * spaces go.
 */
static void put_plain(FILE *out, const char *s)
{
    int pending_space = 0, any = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;

        if (c < 0x20 || c == 0x7f || c == ' ') {
            pending_space = any;
            continue;
        }
        if (c == ';')
            c = ',';
        else if (c == '|')
            c = '/';
        if (pending_space)
            fputc(' ', out);
        pending_space = 0;
        fputc(c, out);
        any = 1;
    }
}

/* A metadata value for hledger/ledger: one token-ish run, no ',', ';' or controls. */
static void put_meta_value(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        fputc(c < 0x20 || c == 0x7f || c == ',' || c == ';' ? '-' : c, out);
    }
}

/* A beancount string literal: '"' and '\' escaped, control characters as spaces. */
static void put_bean_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\')
            fputc('\\', out);
        fputc(c < 0x20 || c == 0x7f ? ' ' : c, out);
    }
    fputc('"', out);
}

/* Whether s can be an hledger/ledger transaction code "(...)" and a beancount link. */
static int code_ok(const char *s)
{
    if (!*s)
        return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!is_ascii_alnum(*p) && !strchr("-_/.", *p))
            return 0;
    return 1;
}

static const char *doc_label(const rpt_journal_doc *doc)
{
    if (doc->kind == LDG_INVOICE_KIND_CREDIT_NOTE)
        return "credit note";
    return doc->amends ? "supplementary invoice" : "invoice";
}

static void put_date(FILE *out, ldg_time t)
{
    int64_t y;
    int m, d, hh, mm, ss;

    ldg_time_to_civil(t, &y, &m, &d, &hh, &mm, &ss);
    fprintf(out, "%04" PRId64 "-%02d-%02d", y, m, d);
}

/* ---- transactions ---------------------------------------------------------------- */

typedef struct posting {
    const char *account;
    char amount[RPT_JOURNAL_AMOUNT_BUFLEN];
} posting;

#define N_META (sizeof(meta_keys) / sizeof(meta_keys[0]))

/* Most postings of a document: the receivable, the streams, the taxes. */
#define MAX_POSTS (1 + LDG_STREAM_COUNT + RPT_JOURNAL_MAX_TAXES)

/* Appends doc's tax credits to posts[*np..] (accounts written to tax_acct) and adds the
 * taxes to *total. */
static ldg_code tax_postings(posting *posts, size_t *np,
                             char tax_acct[][RPT_JOURNAL_ACCOUNT_BUFLEN],
                             rpt_journal_format fmt, const rpt_journal_doc *doc,
                             int64_t *total, ldg_error *err)
{
    ldg_code rc;

    if (doc->n_taxes > RPT_JOURNAL_MAX_TAXES)
        return ldg_error_set(err, LDG_EINVAL, "invoice %s: more than %d tax entries",
                             doc->number, RPT_JOURNAL_MAX_TAXES);
    for (size_t k = 0; k < doc->n_taxes; k++) {
        int64_t credit, amount = doc->taxes[k].amount_micros;

        if ((rc = ldg_fixed_add(total, *total, amount, err)) != LDG_OK)
            return rc;
        if (amount == 0)
            continue; /* zero-rated, exempt, reverse charge: nothing owed */
        if ((rc = rpt_journal_tax_account(tax_acct[k], RPT_JOURNAL_ACCOUNT_BUFLEN,
                                          doc->taxes[k].name, err)) != LDG_OK ||
            (rc = ldg_fixed_sub(&credit, 0, amount, err)) != LDG_OK ||
            (rc = rpt_journal_amount(posts[*np].amount, sizeof(posts[*np].amount), fmt,
                                     credit, doc->currency, err)) != LDG_OK)
            return rc;
        posts[(*np)++].account = tax_acct[k];
    }
    return LDG_OK;
}

/* The accounts a transaction posts to besides revenue: made per document. */
typedef struct txn_accounts {
    char receivable[RPT_JOURNAL_ACCOUNT_BUFLEN];
    char unbilled[RPT_JOURNAL_ACCOUNT_BUFLEN];
    char tax[RPT_JOURNAL_MAX_TAXES][RPT_JOURNAL_ACCOUNT_BUFLEN];
} txn_accounts;

/* One posting: account (borrowed) and micros as the tool's amount text. */
static ldg_code set_posting(posting *p, const char *account, int64_t micros,
                            rpt_journal_format fmt, const char *currency, ldg_error *err)
{
    p->account = account;
    return rpt_journal_amount(p->amount, sizeof(p->amount), fmt, micros, currency, err);
}

/* Sums lines per stream into sums[] (present[] marks the streams seen) and all of them
 * into *net. */
static ldg_code sum_lines(int64_t sums[LDG_STREAM_COUNT], int present[LDG_STREAM_COUNT],
                          int64_t *net, const rpt_journal_doc *doc, const ldg_line *lines,
                          size_t n, ldg_error *err)
{
    ldg_code rc;

    *net = 0;
    for (size_t i = 0; i < n; i++) {
        int s = (int)lines[i].stream;

        if (s < 0 || s >= LDG_STREAM_COUNT)
            return ldg_error_set(err, LDG_EINVAL,
                                 "invoice %s: line %zu has no known stream", doc->number,
                                 i + 1);
        if ((rc = ldg_fixed_add(&sums[s], sums[s], lines[i].amount_micros, err)) !=
                LDG_OK ||
            (rc = ldg_fixed_add(net, *net, lines[i].amount_micros, err)) != LDG_OK)
            return rc;
        present[s] = 1;
    }
    return LDG_OK;
}

/* Appends one revenue credit per stream present: the negated sum (checked: -INT64_MIN
 * does not fit). */
static ldg_code revenue_postings(posting *posts, size_t *np, const int64_t *sums,
                                 const int *present, rpt_journal_format fmt,
                                 const char *currency, ldg_error *err)
{
    ldg_code rc;

    for (int s = 0; s < LDG_STREAM_COUNT; s++) {
        int64_t credit;

        if (!present[s])
            continue;
        if ((rc = ldg_fixed_sub(&credit, 0, sums[s], err)) != LDG_OK ||
            (rc = set_posting(&posts[*np], revenue_accounts[s], credit, fmt, currency,
                              err)) != LDG_OK)
            return rc;
        (*np)++;
    }
    return LDG_OK;
}

/*
 * The postings of one entry of doc into posts[] (*np receives the count): the debit
 * first (the receivable with the total, or for an accrual the unbilled with the net),
 * then revenue per stream (or for a billing the unbilled with the net), taxes last
 * (none in an accrual: tax is owed when the document is issued). The lines and taxes
 * are checked against the document's total for every entry.
 */
static ldg_code make_postings(posting *posts, size_t *np, txn_accounts *acc,
                              rpt_journal_format fmt, rpt_journal_entry entry,
                              const rpt_journal_doc *doc, const ldg_line *lines, size_t n,
                              ldg_error *err)
{
    int64_t sums[LDG_STREAM_COUNT] = { 0 };
    int present[LDG_STREAM_COUNT] = { 0 };
    char a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN];
    int64_t net, total, credit;
    size_t n_tax;
    ldg_code rc;

    *np = 0;
    if ((rc = sum_lines(sums, present, &net, doc, lines, n, err)) != LDG_OK)
        return rc;
    total = net;
    /* the taxes are written after the streams' room and moved down at the end */
    n_tax = 1 + (size_t)LDG_STREAM_COUNT;
    if ((rc = tax_postings(posts, &n_tax, acc->tax, fmt, doc, &total, err)) != LDG_OK)
        return rc;
    n_tax -= 1 + (size_t)LDG_STREAM_COUNT;
    if (total != doc->total_micros)
        return ldg_error_set(err, LDG_EINVAL,
                             doc->n_taxes
                                 ? "invoice %s: its lines and taxes sum to %s but "
                                   "its total is %s"
                                 : "invoice %s: its lines sum to %s but its total "
                                   "is %s",
                             doc->number, ldg_fixed_format(a, total, 6),
                             ldg_fixed_format(b, doc->total_micros, 6));
    if ((rc = rpt_journal_receivable_account(acc->receivable, sizeof(acc->receivable),
                                             fmt, doc->tenant, err)) != LDG_OK ||
        (rc = rpt_journal_unbilled_account(acc->unbilled, sizeof(acc->unbilled), fmt,
                                           doc->tenant, err)) != LDG_OK)
        return rc;
    if (entry == RPT_JOURNAL_ENTRY_ACCRUAL) {
        rc = set_posting(&posts[0], acc->unbilled, net, fmt, doc->currency, err);
        n_tax = 0;
    } else {
        rc = set_posting(&posts[0], acc->receivable, total, fmt, doc->currency, err);
    }
    if (rc != LDG_OK)
        return rc;
    *np = 1;
    if (entry != RPT_JOURNAL_ENTRY_BILLING)
        rc = revenue_postings(posts, np, sums, present, fmt, doc->currency, err);
    else if ((rc = ldg_fixed_sub(&credit, 0, net, err)) == LDG_OK &&
             (rc = set_posting(&posts[1], acc->unbilled, credit, fmt, doc->currency,
                               err)) == LDG_OK)
        *np = 2;
    if (rc != LDG_OK)
        return rc;
    memmove(&posts[*np], &posts[1 + LDG_STREAM_COUNT], n_tax * sizeof(*posts));
    *np += n_tax;
    return LDG_OK;
}

/* The transaction's header line: date, code or links, payee and note. */
static void put_header(FILE *out, rpt_journal_format fmt, rpt_journal_entry entry,
                       const rpt_journal_doc *doc, const char *payee, const char *period)
{
    const char *prefix = entry == RPT_JOURNAL_ENTRY_ACCRUAL ? "accrual: " : "";

    /* an accrual is dated the last day of the month it accrues */
    put_date(out, entry == RPT_JOURNAL_ENTRY_ACCRUAL ? doc->period.end - 1 : doc->issued);
    if (fmt == RPT_JOURNAL_BEANCOUNT) {
        fputs(" * ", out);
        put_bean_string(out, payee);
        fprintf(out, " \"%s%s %s for %s\" ^%s", prefix, doc_label(doc), doc->number,
                period, doc->number);
        if (doc->amends && code_ok(doc->amends))
            fprintf(out, " ^%s", doc->amends);
        fputs("\n  invoice: ", out);
        put_bean_string(out, doc->number);
        fputc('\n', out);
    } else {
        fprintf(out, " * (%s) ", doc->number);
        put_plain(out, payee);
        fprintf(out, " | %s%s for %s\n", prefix, doc_label(doc), period);
    }
}

ldg_code rpt_journal_write_txn(FILE *out, rpt_journal_format fmt,
                               const rpt_journal_doc *doc, const ldg_line *lines,
                               size_t n, ldg_error *err)
{
    return rpt_journal_write_entry(out, fmt, RPT_JOURNAL_ENTRY_ISSUE, doc, lines, n, err);
}

ldg_code rpt_journal_write_entry(FILE *out, rpt_journal_format fmt,
                                 rpt_journal_entry entry, const rpt_journal_doc *doc,
                                 const ldg_line *lines, size_t n, ldg_error *err)
{
    posting posts[MAX_POSTS];
    txn_accounts acc;
    char period[8], rated[128];
    const char *values[N_META];
    size_t np = 0, wacc = 34, wamt = 16; /* minimum widths: columns line up */
    int beancount = fmt == RPT_JOURNAL_BEANCOUNT;
    int len;
    ldg_code rc;

    if (!doc->number || !*doc->number || !doc->tenant || !*doc->tenant ||
        !doc->contract || !*doc->contract)
        return ldg_error_set(
            err, LDG_EINVAL,
            "a journal transaction needs an invoice number, a tenant and a "
            "contract");
    if (!code_ok(doc->number))
        return ldg_error_set(err, LDG_EINVAL,
                             "invoice number \"%s\" cannot be a transaction code",
                             doc->number);
    if ((int)entry < RPT_JOURNAL_ENTRY_ISSUE || (int)entry > RPT_JOURNAL_ENTRY_BILLING)
        return ldg_error_set(err, LDG_EINVAL, "unknown journal entry %d", (int)entry);
    if ((rc = make_postings(posts, &np, &acc, fmt, entry, doc, lines, n, err)) != LDG_OK)
        return rc;
    for (size_t i = 0; i < np; i++) {
        size_t la = strlen(posts[i].account), lm = strlen(posts[i].amount);
        wacc = la > wacc ? la : wacc;
        wamt = lm > wamt ? lm : wamt;
    }
    ldg_period_format(period, doc->period);
    len = snprintf(rated, sizeof(rated), "%" PRId64 " %s", doc->rated_from_size,
                   doc->rated_from_root ? doc->rated_from_root : "");
    if (len < 0 || (size_t)len >= sizeof(rated))
        return ldg_error_set(err, LDG_EINVAL, "invoice %s: rated_from root is too long",
                             doc->number);
    values[0] = doc->tenant;
    values[1] = doc->contract;
    values[2] = period;
    values[3] = ldg_invoice_kind_name(doc->kind);
    values[4] = doc->amends;
    values[5] = rated;

    put_header(out, fmt, entry, doc,
               doc->tenant_name && *doc->tenant_name ? doc->tenant_name : doc->tenant,
               period);
    for (size_t k = 0; k < N_META; k++) {
        if (!values[k])
            continue;
        if (beancount) {
            fprintf(out, "  %s: ", meta_keys[k]);
            put_bean_string(out, values[k]);
        } else {
            fprintf(out, "    ; %s: ", meta_keys[k]);
            put_meta_value(out, values[k]);
        }
        fputc('\n', out);
    }
    for (size_t i = 0; i < np; i++)
        fprintf(out, "%s%-*s  %*s\n", beancount ? "  " : "    ", (int)wacc,
                posts[i].account, (int)wamt, posts[i].amount);
    fputc('\n', out);
    if (ferror(out))
        return ldg_error_set(err, LDG_EIO, "could not write the journal");
    return LDG_OK;
}

/* ---- the file -------------------------------------------------------------------- */

/* The comment that opens a period file: what it holds, by basis. */
static void put_intro(FILE *out, rpt_journal_format fmt, rpt_journal_basis basis,
                      ldg_period period)
{
    char p[8], first[LDG_TIME_BUFLEN], last[LDG_TIME_BUFLEN], day[LDG_TIME_BUFLEN];

    ldg_period_format(p, period);
    ldg_time_format(first, period.start);
    ldg_time_format(last, period.end);
    ldg_time_format(day, period.end - 1);
    if (basis == RPT_JOURNAL_EARNED) {
        fprintf(
            out,
            "; leaseledger general-ledger journal, %s format, period %s, basis earned:\n"
            "; the transactions dated in [%s, %s): every invoice, supplementary\n"
            "; invoice and credit note issued in it, on its issue date (UTC),\n"
            "; debiting the tenant's receivable against Assets:Unbilled and tax; the\n"
            "; payments received in it; and on %.10s the accrual of every document\n"
            "; for service month %s, Assets:Unbilled against revenue per stream\n\n",
            format_names[fmt], p, first, last, day, p);
        return;
    }
    fprintf(out,
            "; leaseledger general-ledger journal, %s format, period %s:\n"
            "; every invoice, supplementary invoice and credit note issued in\n"
            "; [%s, %s), dated by its issue date (UTC),\n"
            "; debiting the tenant's receivable and crediting revenue per stream,\n"
            "; amounts exactly as invoiced\n\n",
            format_names[fmt], p, first, last);
}

static ldg_code write_preamble(FILE *out, rpt_journal_format fmt, rpt_journal_basis basis,
                               ldg_period period, const char *const *currencies,
                               size_t n_cur, const char *const *accounts, size_t n_acc,
                               ldg_error *err)
{
    char p[8];

    ldg_period_format(p, period);
    for (size_t i = 0; i < n_cur; i++)
        if (ldg_contract_currency_digits(currencies[i]) < 0)
            return ldg_error_set(err, LDG_EINVAL, "unsupported currency \"%s\"",
                                 currencies[i]);
    put_intro(out, fmt, basis, period);
    if (fmt == RPT_JOURNAL_BEANCOUNT) {
        fprintf(out, "option \"title\" \"leaseledger journal %s\"\n", p);
        /* the income root is "Revenue", as in the hledger and ledger files */
        fputs("option \"name_income\" \"Revenue\"\n", out);
        /* no open directives: they come once, from the opens file (journal.h), so that
         * monthly files can be included side by side */
    } else {
        for (size_t i = 0; i < n_cur; i++) {
            int digits = ldg_contract_currency_digits(currencies[i]);
            /* the sample number shows the decimal mark and the precision */
            const char *sample = digits == 0 ? "1000" : "1000.000000";
            int shown = digits == 0 ? 4 : 5 + digits;

            if (fmt == RPT_JOURNAL_HLEDGER) /* hledger wants the mark even at 0 digits */
                fprintf(out, "commodity %.*s%s %s\n", shown, sample,
                        digits == 0 ? "." : "", currencies[i]);
            else
                fprintf(out, "commodity %s\n    format %.*s %s\n", currencies[i], shown,
                        sample, currencies[i]);
        }
        if (n_cur)
            fputc('\n', out);
        for (size_t i = 0; i < n_acc; i++)
            fprintf(out, "account %s\n", accounts[i]);
        for (int s = 0; s < LDG_STREAM_COUNT; s++)
            fprintf(out, "account %s\n", revenue_accounts[s]);
        if (fmt == RPT_JOURNAL_LEDGER) {
            fputc('\n', out);
            for (size_t k = 0; k < N_META; k++)
                fprintf(out, "tag %s\n", meta_keys[k]);
        }
    }
    fputc('\n', out);
    if (ferror(out))
        return ldg_error_set(err, LDG_EIO, "could not write the journal");
    return LDG_OK;
}

ldg_code rpt_journal_write_preamble(FILE *out, rpt_journal_format fmt, ldg_period period,
                                    const char *const *currencies, size_t n_cur,
                                    const char *const *accounts, size_t n_acc,
                                    ldg_error *err)
{
    return write_preamble(out, fmt, RPT_JOURNAL_ISSUED, period, currencies, n_cur,
                          accounts, n_acc, err);
}

/* ---- the export ------------------------------------------------------------------ */

/*
 * Every document issued in [$1, $2), and (basis earned) every document of service
 * month $3, with its lines, a document's rows adjacent and in line order. A document
 * without lines comes as one row with a NULL stream.
 */
static const char export_sql[] = RPT_DOC_HEAD_SELECT
    ", i.period, floor(extract(epoch FROM i.issued_at))::bigint, "
    "i.doc->>'total',"
    " i.rated_size, encode(i.rated_root, 'base64'), l.stream, l.amount_micros,"
    " coalesce(i.doc->'tax', '[]')::text"
    " FROM ledger.invoice i JOIN ledger.tenant t USING (tenant_id)"
    " LEFT JOIN ledger.contract_doc b ON b.tenant_id = i.tenant_id"
    "  AND b.contract_id = i.contract_id AND b.amends IS NULL"
    " LEFT JOIN ledger.invoice_line l ON l.tenant_id = i.tenant_id AND l.number = "
    "i.number"
    " WHERE (i.issued_at >= to_timestamp($1) AND i.issued_at < to_timestamp($2))"
    /* $3 NULL (basis issued) folds this away, leaving the range on issued_at */
    "  OR ($3::text IS NOT NULL AND i.period = $3::text)"
    " ORDER BY i.issued_at, t.tenant, i.seq, l.line_no";

enum {
    C_PERIOD = RPT_DOC_HEAD_COLS,
    C_ISSUED,
    C_TOTAL,
    C_RATED_SIZE,
    C_RATED_ROOT,
    C_STREAM,
    C_AMOUNT,
    C_TAX, /* the data's "tax" array (issue 9), "[]" before */
};

/* Every payment received in [$1, $2) (issue 9), with its tenant's name from its first
 * contract. */
static const char payments_sql[] =
    "SELECT t.tenant, (SELECT c.doc->>'tenant_name' FROM ledger.contract_doc c"
    "  WHERE c.tenant_id = p.tenant_id AND c.amends IS NULL"
    "  ORDER BY c.contract_id LIMIT 1),"
    " p.payment_id, p.currency, p.amount_micros,"
    " floor(extract(epoch FROM p.received_at))::bigint"
    " FROM ledger.payment p JOIN ledger.tenant t USING (tenant_id)"
    " WHERE p.received_at >= to_timestamp($1) AND p.received_at < to_timestamp($2)"
    " ORDER BY p.received_at, t.tenant, p.seq";

enum { P_TENANT, P_TENANT_NAME, P_ID, P_CURRENCY, P_AMOUNT, P_RECEIVED };

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A receivable account and the tenant it was made from. */
typedef struct acct {
    char name[RPT_JOURNAL_ACCOUNT_BUFLEN];
    const char *tenant;
} acct;

static int cmp_acct(const void *a, const void *b)
{
    const acct *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->tenant, y->tenant);
}

/* The distinct values of column col of res and column col2 of res2, sorted; borrowed
 * from the results. */
static ldg_code distinct(const char ***out, size_t *n, const PGresult *res, int col,
                         const PGresult *res2, int col2, ldg_error *err)
{
    int rows = PQntuples(res), rows2 = PQntuples(res2);
    const char **v = malloc(((size_t)rows + (size_t)rows2 + 1) * sizeof(*v));
    size_t k = 0, all = (size_t)rows + (size_t)rows2;

    *out = NULL;
    *n = 0;
    if (!v)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int r = 0; r < rows; r++)
        v[r] = PQgetvalue(res, r, col);
    for (int r = 0; r < rows2; r++)
        v[rows + r] = PQgetvalue(res2, r, col2);
    qsort(v, all, sizeof(*v), cmp_str);
    for (size_t r = 0; r < all; r++)
        if (k == 0 || strcmp(v[k - 1], v[r]) != 0)
            v[k++] = v[r];
    *out = v;
    *n = k;
    return LDG_OK;
}

/* Appends a copy of name to list[*n] unless list[0..*n) holds it. */
static ldg_code add_name(char ***list, size_t *n, const char *name, ldg_error *err)
{
    char **grown;

    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], name) == 0)
            return LDG_OK;
    if (!(grown = realloc(*list, (*n + 1) * sizeof(*grown))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    *list = grown;
    if (!(grown[*n] = strdup(name)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    (*n)++;
    return LDG_OK;
}

/* The "tax" array of a document's data into taxes[] (names borrowed from *json, which
 * the caller releases with json_decref). */
static ldg_code read_taxes(rpt_journal_tax *taxes, size_t *n, json_t **json,
                           const char *text, ldg_error *err)
{
    json_t *e;
    size_t k;

    *n = 0;
    if (!(*json = json_loads(text, 0, NULL)) || !json_is_array(*json) ||
        json_array_size(*json) > RPT_JOURNAL_MAX_TAXES)
        return ldg_error_set(err, LDG_EINVAL, "its \"tax\" is not an array of at most %d",
                             RPT_JOURNAL_MAX_TAXES);
    json_array_foreach(*json, k, e)
    {
        const char *amount = json_string_value(json_object_get(e, "amount"));
        ldg_code rc;

        taxes[k].name = json_string_value(json_object_get(e, "name"));
        if (!amount || !taxes[k].name)
            return ldg_error_set(err, LDG_EINVAL, "tax entry %zu has no name or amount",
                                 k + 1);
        if ((rc = ldg_fixed_parse_str(&taxes[k].amount_micros, amount, err)) != LDG_OK)
            return rc;
    }
    *n = k;
    return LDG_OK;
}

/* After the receivables in accounts[0..*n): Assets:Bank:<currency> of every payment,
 * then the tax accounts of the documents, each once, in the order first met. */
static ldg_code other_accounts(char ***accounts, size_t *n, const PGresult *res,
                               const PGresult *pay, ldg_error *err)
{
    char name[RPT_JOURNAL_ACCOUNT_BUFLEN];
    rpt_journal_tax taxes[RPT_JOURNAL_MAX_TAXES];
    ldg_code rc = LDG_OK;

    for (int r = 0; rc == LDG_OK && r < PQntuples(pay); r++) {
        snprintf(name, sizeof(name), "Assets:Bank:%s", PQgetvalue(pay, r, P_CURRENCY));
        rc = add_name(accounts, n, name, err);
    }
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        json_t *json = NULL;
        size_t nt = 0;

        if (strcmp(PQgetvalue(res, r, C_TAX), "[]") == 0)
            continue;
        rc = read_taxes(taxes, &nt, &json, PQgetvalue(res, r, C_TAX), err);
        for (size_t k = 0; rc == LDG_OK && k < nt; k++)
            if (taxes[k].amount_micros != 0 &&
                (rc = rpt_journal_tax_account(name, sizeof(name), taxes[k].name, err)) ==
                    LDG_OK)
                rc = add_name(accounts, n, name, err);
        json_decref(json);
    }
    return rc;
}

/* A payment: the bank debited, the tenant's receivable credited, dated by its UTC
 * received date. */
static ldg_code write_payment(FILE *out, rpt_journal_format fmt, const PGresult *pay,
                              int r, ldg_error *err)
{
    char receivable[RPT_JOURNAL_ACCOUNT_BUFLEN], bank[RPT_JOURNAL_ACCOUNT_BUFLEN];
    char debit[RPT_JOURNAL_AMOUNT_BUFLEN], credit[RPT_JOURNAL_AMOUNT_BUFLEN];
    const char *tenant = PQgetvalue(pay, r, P_TENANT),
               *cur = PQgetvalue(pay, r, P_CURRENCY);
    const char *payee =
        *PQgetvalue(pay, r, P_TENANT_NAME) ? PQgetvalue(pay, r, P_TENANT_NAME) : tenant;
    int64_t amount = ldg_store_int64(pay, r, P_AMOUNT);
    int beancount = fmt == RPT_JOURNAL_BEANCOUNT;
    ldg_code rc;

    snprintf(bank, sizeof(bank), "Assets:Bank:%s", cur);
    if ((rc = rpt_journal_receivable_account(receivable, sizeof(receivable), fmt, tenant,
                                             err)) != LDG_OK ||
        (rc = rpt_journal_amount(debit, sizeof(debit), fmt, amount, cur, err)) !=
            LDG_OK ||
        (rc = rpt_journal_amount(credit, sizeof(credit), fmt, -amount, cur, err)) !=
            LDG_OK)
        return rc;
    put_date(out, (ldg_time)ldg_store_int64(pay, r, P_RECEIVED));
    fputs(" * ", out);
    if (beancount) {
        put_bean_string(out, payee);
        fputs(" ", out);
        put_bean_string(out, "payment");
        fputs("\n  payment: ", out);
        put_bean_string(out, PQgetvalue(pay, r, P_ID));
        fputs("\n  tenant: ", out);
        put_bean_string(out, tenant);
    } else {
        put_plain(out, payee);
        fputs(" | payment\n    ; tenant: ", out);
        put_meta_value(out, tenant);
        fputs("\n    ; payment ", out);
        put_meta_value(out, PQgetvalue(pay, r, P_ID));
    }
    fprintf(out, "\n%s%-34s  %16s\n%s%-34s  %16s\n\n", beancount ? "  " : "    ", bank,
            debit, beancount ? "  " : "    ", receivable, credit);
    if (ferror(out))
        return ldg_error_set(err, LDG_EIO, "could not write the journal");
    return LDG_OK;
}

/* Receivable accounts of the tenants, sorted; LDG_ECONFLICT when two share a name. */
static ldg_code receivables(char ***out, size_t *n, rpt_journal_format fmt,
                            const char *const *tenants, size_t nt, ldg_error *err)
{
    acct *a = calloc(nt ? nt : 1, sizeof(*a));
    char **names = NULL;
    ldg_code rc = LDG_OK;

    *out = NULL;
    *n = 0;
    if (!a)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < nt; i++) {
        a[i].tenant = tenants[i];
        rc = rpt_journal_receivable_account(a[i].name, sizeof(a[i].name), fmt, tenants[i],
                                            err);
    }
    if (rc == LDG_OK) {
        qsort(a, nt, sizeof(*a), cmp_acct);
        for (size_t i = 1; rc == LDG_OK && i < nt; i++)
            if (strcmp(a[i - 1].name, a[i].name) == 0) {
                rc = ldg_error_set(err, LDG_ECONFLICT,
                                   "tenants \"%s\" and \"%s\" would share the %s account "
                                   "\"%s\"",
                                   a[i - 1].tenant, a[i].tenant, format_names[fmt],
                                   a[i].name);
                ldg_error_hint(err,
                               "Account names keep ASCII letters, digits and '-' with "
                               "the first letter upper-cased, the same in every format "
                               "(docs/exports.md); these two tenant ids map to one.");
            }
    }
    if (rc == LDG_OK && !(names = calloc(nt ? nt : 1, sizeof(*names))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < nt; i++) {
        names[i] = malloc(strlen(a[i].name) + 1);
        if (!names[i])
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        else
            memcpy(names[i], a[i].name, strlen(a[i].name) + 1);
    }
    if (rc != LDG_OK && names) {
        for (size_t i = 0; i < nt; i++)
            free(names[i]);
        free(names);
        names = NULL;
    }
    free(a);
    if (rc == LDG_OK) {
        *out = names;
        *n = nt;
    }
    return rc;
}

/* The document of rows [r0, r1) (one document's rows) as a transaction. */
static ldg_code write_doc(FILE *out, rpt_journal_format fmt, rpt_journal_entry entry,
                          const PGresult *res, int r0, int r1, ldg_line *lines,
                          ldg_error *err)
{
    rpt_journal_doc doc = { 0 };
    rpt_journal_tax taxes[RPT_JOURNAL_MAX_TAXES];
    json_t *tax_json = NULL;
    size_t n = 0;
    ldg_code rc;

    doc.number = PQgetvalue(res, r0, RPT_DOC_NUMBER);
    doc.taxes = taxes;
    if ((rc = read_taxes(taxes, &doc.n_taxes, &tax_json, PQgetvalue(res, r0, C_TAX),
                         err)) != LDG_OK ||
        (rc = ldg_fixed_parse_str(&doc.total_micros, PQgetvalue(res, r0, C_TOTAL),
                                  err)) != LDG_OK)
        goto done;
    if ((rc = ldg_invoice_kind_parse(&doc.kind, PQgetvalue(res, r0, RPT_DOC_KIND),
                                     err)) != LDG_OK ||
        (rc = ldg_period_parse(&doc.period, PQgetvalue(res, r0, C_PERIOD), err)) !=
            LDG_OK)
        goto done;
    doc.amends =
        PQgetisnull(res, r0, RPT_DOC_AMENDS) ? NULL : PQgetvalue(res, r0, RPT_DOC_AMENDS);
    doc.tenant = PQgetvalue(res, r0, RPT_DOC_TENANT);
    doc.tenant_name = PQgetvalue(res, r0, RPT_DOC_TENANT_NAME);
    doc.contract = PQgetvalue(res, r0, RPT_DOC_CONTRACT);
    doc.currency = PQgetvalue(res, r0, RPT_DOC_CURRENCY);
    doc.issued = ldg_store_int64(res, r0, C_ISSUED);
    doc.rated_from_size = ldg_store_int64(res, r0, C_RATED_SIZE);
    doc.rated_from_root = PQgetvalue(res, r0, C_RATED_ROOT);
    for (int r = r0; r < r1; r++) {
        if (PQgetisnull(res, r, C_STREAM))
            continue; /* a document without lines */
        memset(&lines[n], 0, sizeof(lines[n]));
        if ((rc = ldg_rate_stream_parse(&lines[n].stream, PQgetvalue(res, r, C_STREAM),
                                        err)) != LDG_OK)
            goto done;
        lines[n].amount_micros = ldg_store_int64(res, r, C_AMOUNT);
        n++;
    }
    rc = rpt_journal_write_entry(out, fmt, entry, &doc, lines, n, err);
done:
    json_decref(tax_json);
    if (rc != LDG_OK)
        ldg_error_where(err, "invoice %s of tenant \"%s\"", doc.number,
                        PQgetvalue(res, r0, RPT_DOC_TENANT));
    return rc;
}

/* Which documents of a result a pass writes, and as which entry: the accruals of the
 * documents of service month period, or the others of the documents issued in
 * [from, to). */
typedef struct doc_pass {
    rpt_journal_entry entry;
    ldg_time from, to;
    const char *period; /* "YYYY-MM" */
} doc_pass;

static int in_pass(const doc_pass *pass, const PGresult *res, int r)
{
    ldg_time issued = ldg_store_int64(res, r, C_ISSUED);

    if (pass->entry == RPT_JOURNAL_ENTRY_ACCRUAL)
        return strcmp(PQgetvalue(res, r, C_PERIOD), pass->period) == 0;
    return issued >= pass->from && issued < pass->to;
}

/* The documents of res in pass, one transaction each; *count counts them. */
static ldg_code write_docs(FILE *out, rpt_journal_format fmt, const doc_pass *pass,
                           const PGresult *res, ldg_line *lines, size_t *count,
                           ldg_error *err)
{
    int rows = PQntuples(res);
    ldg_code rc = LDG_OK;

    for (int r0 = 0, r1; rc == LDG_OK && r0 < rows; r0 = r1) {
        for (r1 = r0 + 1; r1 < rows; r1++)
            if (strcmp(PQgetvalue(res, r1, RPT_DOC_NUMBER),
                       PQgetvalue(res, r0, RPT_DOC_NUMBER)) != 0 ||
                strcmp(PQgetvalue(res, r1, RPT_DOC_TENANT),
                       PQgetvalue(res, r0, RPT_DOC_TENANT)) != 0)
                break;
        if (!in_pass(pass, res, r0))
            continue;
        rc = write_doc(out, fmt, pass->entry, res, r0, r1, lines, err);
        if (rc == LDG_OK)
            (*count)++;
    }
    return rc;
}

/* What an export reads: the documents and payments of [from, to) (and the documents of
 * a service month) and the accounts they post to (receivables sorted, the unbilled
 * accounts when asked, then banks and taxes). */
typedef struct export_data {
    PGresult *res, *pay;
    const char **tenants, **currencies;
    char **accounts;
    size_t nt, nc, na;
} export_data;

static void export_data_free(export_data *d)
{
    for (size_t i = 0; d->accounts && i < d->na; i++)
        free(d->accounts[i]);
    free(d->accounts);
    free(d->tenants);
    free(d->currencies);
    PQclear(d->res);
    PQclear(d->pay);
}

/* Appends "Assets:Unbilled:<X>" for each "Assets:Receivable:<X>" of list[0..*n). */
static ldg_code add_unbilled(char ***list, size_t *n, ldg_error *err)
{
    char name[RPT_JOURNAL_ACCOUNT_BUFLEN];
    size_t plen = sizeof(RECEIVABLE_PREFIX) - 1, nr = *n;
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < nr; i++) {
        snprintf(name, sizeof(name), "%s%s", UNBILLED_PREFIX, (*list)[i] + plen);
        rc = add_name(list, n, name, err);
    }
    return rc;
}

static ldg_code export_read(export_data *d, ldg_store *st, rpt_journal_format fmt,
                            ldg_time from, ldg_time to, const char *accrue, int unbilled,
                            ldg_error *err)
{
    char a[24], b[24];
    const char *params[3] = { ldg_store_i64(a, from), ldg_store_i64(b, to), accrue };
    ldg_code rc;

    memset(d, 0, sizeof(*d));
    if ((rc = ldg_store_exec(&d->res, st, export_sql, 3, params, err)) != LDG_OK ||
        (rc = ldg_store_exec(&d->pay, st, payments_sql, 2, params, err)) != LDG_OK)
        return rc;
    if ((rc = distinct(&d->tenants, &d->nt, d->res, RPT_DOC_TENANT, d->pay, P_TENANT,
                       err)) != LDG_OK ||
        (rc = distinct(&d->currencies, &d->nc, d->res, RPT_DOC_CURRENCY, d->pay,
                       P_CURRENCY, err)) != LDG_OK ||
        (rc = receivables(&d->accounts, &d->na, fmt, d->tenants, d->nt, err)) != LDG_OK)
        return rc;
    if (unbilled && (rc = add_unbilled(&d->accounts, &d->na, err)) != LDG_OK)
        return rc;
    return other_accounts(&d->accounts, &d->na, d->res, d->pay, err);
}

ldg_code rpt_journal_export(FILE *out, ldg_store *st, rpt_journal_format fmt,
                            rpt_journal_basis basis, ldg_period period, size_t *n_txns,
                            ldg_error *err)
{
    char p[8];
    int earned = basis == RPT_JOURNAL_EARNED;
    doc_pass issue = { earned ? RPT_JOURNAL_ENTRY_BILLING : RPT_JOURNAL_ENTRY_ISSUE,
                       period.start, period.end, ldg_period_format(p, period) };
    doc_pass accrual = { RPT_JOURNAL_ENTRY_ACCRUAL, period.start, period.end, p };
    export_data d;
    ldg_line *lines = NULL;
    size_t count = 0;
    ldg_code rc;

    if (n_txns)
        *n_txns = 0;
    if ((rc = export_read(&d, st, fmt, period.start, period.end, earned ? p : NULL,
                          earned, err)) != LDG_OK)
        goto done;
    if (!(lines = malloc(((size_t)PQntuples(d.res) + 1) * sizeof(*lines)))) {
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        goto done;
    }
    if ((rc = write_preamble(out, fmt, basis, period, d.currencies, d.nc,
                             (const char *const *)d.accounts, d.na, err)) != LDG_OK ||
        (rc = write_docs(out, fmt, &issue, d.res, lines, &count, err)) != LDG_OK)
        goto done;
    for (int r = 0; rc == LDG_OK && r < PQntuples(d.pay); r++, count++)
        rc = write_payment(out, fmt, d.pay, r, err);
    /* the accruals last: they are dated the period's last day */
    if (rc == LDG_OK && earned)
        rc = write_docs(out, fmt, &accrual, d.res, lines, &count, err);
    if (rc == LDG_OK && fflush(out) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not write the journal");
    if (rc == LDG_OK && n_txns)
        *n_txns = count;
done:
    export_data_free(&d);
    free(lines);
    return rc;
}

/* The earliest date any document, accrual or payment of d is recorded on; 0 when
 * none. An accrual is dated in its service month, before the document's issue. */
static ldg_time earliest(const export_data *d)
{
    ldg_time t = 0;

    for (int r = 0; r < PQntuples(d->res); r++) {
        ldg_time at = ldg_store_int64(d->res, r, C_ISSUED);
        ldg_period p;

        if (ldg_period_parse(&p, PQgetvalue(d->res, r, C_PERIOD), NULL) == LDG_OK &&
            p.start < at)
            at = p.start;
        if (r == 0 || at < t)
            t = at;
    }
    for (int r = 0; r < PQntuples(d->pay); r++)
        if ((r == 0 && PQntuples(d->res) == 0) ||
            ldg_store_int64(d->pay, r, P_RECEIVED) < t)
            t = ldg_store_int64(d->pay, r, P_RECEIVED);
    return t;
}

ldg_code rpt_journal_write_opens(FILE *out, ldg_time date, const char *const *accounts,
                                 size_t n_acc, ldg_error *err)
{
    fputs("; leaseledger general-ledger journal, beancount format: the open directive\n"
          "; of every account the ledger's documents and payments post to; include it\n"
          "; once, beside the monthly files (export journal --period)\n\n"
          "option \"title\" \"leaseledger journal\"\n"
          "option \"name_income\" \"Revenue\"\n\n",
          out);
    for (size_t i = 0; i < n_acc; i++) {
        put_date(out, date);
        fprintf(out, " open %s\n", accounts[i]);
    }
    for (int s = 0; s < LDG_STREAM_COUNT; s++) {
        put_date(out, date);
        fprintf(out, " open %s\n", revenue_accounts[s]);
    }
    if (ferror(out))
        return ldg_error_set(err, LDG_EIO, "could not write the journal");
    return LDG_OK;
}

/* The end of every period (year 10000); the ledger holds nothing before 1970. */
#define ALL_TIME_END INT64_C(253402300800)

ldg_code rpt_journal_export_opens(FILE *out, ldg_store *st, size_t *n_accounts,
                                  ldg_error *err)
{
    export_data d;
    ldg_code rc;

    if (n_accounts)
        *n_accounts = 0;
    if ((rc = export_read(&d, st, RPT_JOURNAL_BEANCOUNT, 0, ALL_TIME_END, NULL, 1,
                          err)) == LDG_OK &&
        (rc = rpt_journal_write_opens(out, earliest(&d), (const char *const *)d.accounts,
                                      d.na, err)) == LDG_OK &&
        fflush(out) != 0)
        rc = ldg_error_set(err, LDG_EIO, "could not write the journal");
    if (rc == LDG_OK && n_accounts)
        *n_accounts = d.na + LDG_STREAM_COUNT;
    export_data_free(&d);
    return rc;
}
