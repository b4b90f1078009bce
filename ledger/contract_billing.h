/*
 * The billing terms of a contract (issue 9, docs/receivables.md "Terms"): who its
 * documents are addressed to, the purchase order they quote, when they fall due, the
 * tax they carry and whether a person approves them before issue.
 *
 * A contract document (base or amendment) may state any of "bill_to",
 * "purchase_order", "payment_terms", "tax" and "approval"; an amendment that states
 * one replaces it whole from its effective instant (a tax list is never merged entry
 * by entry). Documents without them keep loading: every field is optional.
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_CONTRACT_BILLING_H
#define LEASELEDGER_CONTRACT_BILLING_H

#include "ledger/amend_threshold.h"
#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/tax.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most address lines of a bill_to and payer accounts it may list. */
#define LDG_CONTRACT_MAX_ADDRESS_LINES  8
#define LDG_CONTRACT_MAX_PAYER_ACCOUNTS 16

/*
 * Who an invoice is addressed to (a contract's "bill_to"): {"legal_name", "address":
 * [lines], "country": two capital letters (ISO 3166-1 alpha-2), "tax_id", "email",
 * "payer_accounts": [the IBANs or account numbers the tenant pays from]}; legal_name,
 * address (1 to LDG_CONTRACT_MAX_ADDRESS_LINES lines) and country are required. Every
 * string is 1 to 256 bytes without control characters. Strings borrowed from the JSON.
 */
typedef struct ldg_bill_to {
    const char *legal_name;
    size_t naddress;
    const char *address[LDG_CONTRACT_MAX_ADDRESS_LINES];
    const char *country;
    const char *tax_id; /* NULL when absent */
    const char *email;  /* NULL when absent */
    size_t npayer_accounts;
    const char *payer_accounts[LDG_CONTRACT_MAX_PAYER_ACCOUNTS];
} ldg_bill_to;

/*
 * Validates a bill_to object by the rules above; `what` prefixes messages, e.g.
 * `contract "C1"`, which then read `contract "C1": field "bill_to.country": ...`.
 * LDG_EINVAL.
 */
ldg_code ldg_contract_bill_to_parse(ldg_bill_to *out, const json_t *v, const char *what,
                                    ldg_error *err);

/* The billing terms one document states, or the terms in force (strings borrowed). */
typedef struct ldg_billing_terms {
    const json_t *bill_to_json; /* NULL: not stated */
    ldg_bill_to bill_to;        /* valid when bill_to_json is set */
    const char *purchase_order; /* NULL: not stated */
    bool has_net_days;          /* "payment_terms": {"net_days": 0..365} */
    int64_t net_days;           /* 0 when not stated: due on the issue date */
    bool has_tax;               /* "tax" stated, possibly [] */
    size_t ntax;
    ldg_tax_entry tax[LDG_TAX_MAX_ENTRIES]; /* satisfy ldg_tax_check */
    bool has_approval;
    bool approval_required;             /* "approval": "required" */
    bool has_amend_approval;            /* "amend_approval" stated (issue 16) */
    ldg_amend_threshold amend_approval; /* amend_threshold.h */
} ldg_billing_terms;

/*
 * Parses the billing fields of contract document doc (the others are contract.c's);
 * id names the contract in messages: `contract "C1": field "tax": tax[1]: ...`. A
 * stream in two tax entries is refused naming both. Strings point into doc.
 * LDG_EINVAL, LDG_ERANGE.
 */
ldg_code ldg_contract_billing_parse(ldg_billing_terms *out, const json_t *doc,
                                    const char *id, ldg_error *err);

/* The billing terms the document states, borrowed. */
const ldg_billing_terms *ldg_contract_doc_billing(const ldg_contract_doc *doc);

/*
 * The billing terms in force at instant at: the base document's, each field replaced
 * whole by every amendment effective at or before at that states it. Strings borrowed
 * from c.
 */
void ldg_contract_billing_at(ldg_billing_terms *out, const ldg_contract *c, ldg_time at);

#endif
