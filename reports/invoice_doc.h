/*
 * Invoice documents for people: an issued invoice (ledger/invoice.h) rendered as a PDF
 * a finance team would send, and as aligned plain text with the same content.
 *
 * Both renderers read one model built from the invoice: the title (INVOICE,
 * SUPPLEMENTARY INVOICE or CREDIT NOTE), number, issue date, period and the service
 * period the lines cover, contract, site, currency, seller and buyer, the invoice it
 * amends and (with the context's facts) why the document exists, a table of every line
 * (stream label, class, period, quantity, unit, rate, amount) with the sentences that
 * say how a line arises under it, a subtotal per stream when there are several, the
 * total, and the log checkpoint the invoice was rated from with how to verify it. A
 * document issued with terms (invoice.h) adds its due date and purchase order to the
 * facts of issue, the contract's bill_to as the buyer, under the lines the net, one
 * row per tax entry (name, percent, taxable, amount) and the total, then "Reverse
 * charge" with the buyer's tax id for an AE entry, the exemption reasons, and the
 * seller's payment instructions. Every number is a decimal string made by
 * ledger/fixed.c with thousands separators inserted into the string and cut as
 * reports/doc_format.h says (quantities without trailing zeros, money with the
 * currency's digits); no quantity, rate or amount passes through floating point
 * (cairo's doubles are page coordinates only).
 *
 * Periods are written in words, UTC, their last day included ("10–30 November
 * 2026", rpt_doc_format_period); the JSON keeps the exclusive instants.
 */
#ifndef LEASELEDGER_REPORTS_INVOICE_DOC_H
#define LEASELEDGER_REPORTS_INVOICE_DOC_H

#include "ledger/error.h"
#include "ledger/invoice.h"
#include "ledger/rate.h"
#include "ledger/store/doc_context.h"

#include <stdint.h>
#include <stdio.h>

/*
 * A party to the invoice. name is required; the others may be NULL (omitted). address
 * may hold several lines separated by '\n'. account is the party's account reference
 * (for the seller, where to pay; for the buyer, its customer account). All borrowed.
 */
typedef struct rpt_party {
    const char *name;
    const char *address;
    const char *tax_id;
    const char *account;
} rpt_party;

/* Where to pay (the site operator's "remit_to"); NULL members are omitted. */
typedef struct rpt_remit {
    const char *bank;
    const char *account;
    const char *routing;
    const char *iban;
    const char *reference;
} rpt_remit;

/* The exemption reason of a tax entry of the contract, by the entry's name. */
typedef struct rpt_exemption {
    const char *name;
    const char *reason;
} rpt_exemption;

/*
 * What the invoice JSON does not carry. seller is the operator of the contract's site
 * (DESIGN.md site document "operator"); buyer is the contract's tenant_name; site and
 * tenant are the site and tenant ids (either may be NULL: omitted); remit_to (may be
 * NULL) and exemptions[0..nexemptions) are printed only on a document with terms.
 * facts (may be NULL: the lines alone) is what the document was rated from, read at
 * display time (ledger/store/doc_context.h): with it, each line of a supplementary
 * invoice or credit note says how its amount arises (re-rated, issued before,
 * difference), an energy line its metered MWh and PUE, an SLA credit line its
 * availability and band, and an amending document why it exists; its lines must be
 * the document's (nlines equal, or it is ignored). All borrowed.
 */
typedef struct rpt_invoice_ctx {
    const rpt_party *seller;
    const rpt_party *buyer;
    const char *site;
    const char *tenant;
    const rpt_remit *remit_to;
    const rpt_exemption *exemptions;
    size_t nexemptions;
    const ldg_doc_context *facts;
} rpt_invoice_ctx;

/* Enough for "-9,223,372,036,854.775808" and a NUL. */
#define RPT_NUMBER_BUFLEN 40

/*
 * v (micro-units) with exactly `decimals` digits after the point (0..6) and a comma
 * between groups of three integer digits: (93240000000000, 2) -> "93,240,000.00",
 * (-1500000, 6) -> "-1.500000". v must be a multiple of 10^(6 - decimals) (asserted,
 * as ldg_fixed_format). buf holds RPT_NUMBER_BUFLEN bytes. Returns buf.
 */
char *rpt_invoice_format_number(char *buf, int64_t v, int decimals);

/* "Reserved GPU capacity", "GPU overage", "Energy (PUE applied)", "Power capacity",
 * "SLA credit", "Commitment true-up"; NULL for an unknown stream. Static string. */
const char *rpt_invoice_stream_label(ldg_stream s);

/*
 * Writes inv as a PDF file at path (A4 portrait; as many pages as the lines need, the
 * table header repeated on each, "Page i of n" in every footer). The file is created
 * or truncated; on failure it is removed, so no half-written PDF is left behind.
 * LDG_EINVAL when ctx, a party or a party's name is missing; LDG_EIO naming the path
 * when the file cannot be opened or written, or cairo fails; LDG_ENOMEM.
 */
ldg_code rpt_invoice_pdf(const ldg_invoice *inv, const rpt_invoice_ctx *ctx,
                         const char *path, ldg_error *err);

/*
 * Writes inv to out as plain UTF-8 text, the same content as the PDF: columns padded
 * with spaces, numbers right-aligned, lines ending in '\n'. LDG_EINVAL as
 * rpt_invoice_pdf(); LDG_EIO when writing to out fails; LDG_ENOMEM.
 */
ldg_code rpt_invoice_text(FILE *out, const ldg_invoice *inv, const rpt_invoice_ctx *ctx,
                          ldg_error *err);

#endif
