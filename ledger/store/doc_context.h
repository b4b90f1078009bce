/*
 * What a document for people shows beside an issued invoice's own lines
 * (reports/invoice_doc.h), read at display time: the invoice's signed entry never gains
 * a member for it, and everything here follows from entries that never change (the
 * document, the documents of its contract and period issued before it, the contract
 * documents and the usage entries below its rated_from size).
 *
 * Per line: for a supplementary invoice or credit note, what was issued before under
 * the line's key (so re-rated = issued before + this line, exactly); for an energy
 * line, the metered MWh and the PUE of its re-rated window; for an SLA credit line, the
 * availability, the band that applies, and the downtime and reserved GPU-hours. They
 * come from the explanation `leaseledger audit explain` gives (audit_query.h), so the
 * document and the audit say the same. Per document: the latest document of the
 * family issued before it from a smaller log, and why it exists: the usage records of its
 * period (at its site, inside the covered part) logged between that document's rated_from
 * size and its own, of which corrections, and the findings of its period acknowledged
 * since.
 */
#ifndef LEASELEDGER_STORE_DOC_CONTEXT_H
#define LEASELEDGER_STORE_DOC_CONTEXT_H

#include "ledger/error.h"
#include "ledger/store/store.h"

#include <stddef.h>
#include <stdint.h>

/* The facts behind one line; each group is valid only when its has_ flag is set. */
typedef struct ldg_doc_line_facts {
    int has_before; /* an amending document: issued under this key before it */
    int64_t before_qty_micros, before_amount_micros;
    int has_energy; /* an energy line: its re-rated window */
    int64_t metered_micros, pue_micros;
    int has_sla;                 /* an SLA credit line, as re-rated */
    int64_t availability_micros; /* truncated to 6 decimals */
    int availability_exact;
    int64_t below_micros, percent_micros; /* the band that applies */
    int64_t downtime_micros, reserved_micros;
} ldg_doc_line_facts;

#define LDG_DOC_NUMBER_BUFLEN 96

typedef struct ldg_doc_context {
    ldg_doc_line_facts *lines; /* one per line of the document, in its order */
    size_t nlines;
    char since[LDG_DOC_NUMBER_BUFLEN]; /* the latest earlier document, "" for none */
    int64_t late_records;              /* usage records logged after `since` was rated */
    int64_t late_corrections;          /* of which corrections */
    int64_t acks; /* findings of the period acknowledged since `since` was rated (an
                     original: before it was issued) */
} ldg_doc_context;

/*
 * Loads the context of the invoice or credit note number (tenant may be NULL when the
 * number is unique). Errors as ldg_audit_explain(): LDG_ENOTFOUND, LDG_EINVAL, LDG_EDB,
 * LDG_ENOMEM. On LDG_OK release out with ldg_doc_context_cleanup(); on failure out is
 * empty.
 */
ldg_code ldg_doc_context_load(ldg_doc_context *out, ldg_store *st, const char *tenant,
                              const char *number, ldg_error *err);

/* Frees and zeroes c; fine on a zeroed c. */
void ldg_doc_context_cleanup(ldg_doc_context *c);

#endif
