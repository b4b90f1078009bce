/*
 * Payments in the ledger (docs/receivables.md "Payments in the ledger"): matching a
 * payment read from a bank file (ledger/payment_parse.h) to a tenant, appending it to
 * that tenant's log as an entry of kind "payment" (ledger/entry.h), holding the ones
 * that match no tenant, and assigning those by hand.
 *
 * MATCHING, in this order, first rule that finds a tenant wins:
 *   1. the reference names an issued document number (ldg_receivable_reference_names:
 *      ASCII case ignored, no letter or digit just around it); the tenant of the
 *      number that starts first in the reference;
 *   2. the payer account is in the `bill_to.payer_accounts` of a contract document of
 *      exactly one tenant (compared without spaces, ASCII case ignored; the latest
 *      document of each contract that states `bill_to` counts);
 *   3. the CSV's tenant column, when given and a known tenant.
 * Otherwise the payment is held in ledger.payment_unmatched (a `payment_unmatched`
 * warning of reconcile) until ldg_payment_assign.
 *
 * IDEMPOTENCY. By (tenant, payment_id): the same payment (received instant, amount,
 * currency, reference, payer) again is a duplicate and writes nothing; a different
 * payment under an id the tenant's log holds is a conflict. A payment already in some
 * tenant's log (assigned there by a person) is a duplicate wherever the rules would now
 * put it, and one held as unmatched is a duplicate when held again.
 *
 * A payment in a currency none of its tenant's contracts bills in is refused (no FX).
 * A payment counts from its received date, whenever it is imported.
 */
#ifndef LEASELEDGER_PAYMENT_STORE_H
#define LEASELEDGER_PAYMENT_STORE_H

#include "ledger/arena.h"
#include "ledger/error.h"
#include "ledger/payment_parse.h"
#include "ledger/store/store.h"

#include <stdint.h>

typedef struct ldg_payment_summary {
    int64_t matched;    /* appended to a tenant's log now */
    int64_t unmatched;  /* held in ledger.payment_unmatched now */
    int64_t duplicates; /* logged or held already: nothing written */
} ldg_payment_summary;

/*
 * Imports every payment of pf (read from the file called name) in one transaction of
 * its own (retried on serialization failures): all or nothing. Returns LDG_OK;
 * LDG_EINVAL (a currency the tenant's contracts do not bill in), LDG_ECONFLICT (a
 * different payment under a used id), err->where naming the file and the place, and
 * nothing stored; LDG_ERETRY, LDG_EDB, LDG_ENOMEM. Needs ldg_writer.
 */
ldg_code ldg_payment_import(ldg_payment_summary *out, ldg_store *st,
                            const ldg_payment_file *pf, const char *name, ldg_error *err);

/*
 * Appends held payment payment_id to tenant's log with assigned_by = by (1..256 bytes
 * of clean UTF-8), in one transaction of its own. *seq receives its seq; *already is 1
 * when that tenant's log held it already (nothing written). LDG_ENOTFOUND (no such
 * unmatched payment, unknown tenant), LDG_ECONFLICT (another tenant's log holds it, or
 * the tenant's log holds another payment under that id), LDG_EINVAL (by, or a currency
 * the tenant's contracts do not bill in).
 */
ldg_code ldg_payment_assign(int64_t *seq, int *already, ldg_store *st,
                            const char *payment_id, const char *tenant, const char *by,
                            ldg_error *err);

/* One payment listed. */
typedef struct ldg_payment_row {
    const char *tenant; /* "" when unmatched */
    int64_t seq;        /* -1 when unmatched */
    const char *payment_id;
    ldg_time received;
    int64_t amount_micros;
    char currency[4];
    const char *reference, *payer;
    const char *assigned_by; /* NULL unless assigned */
} ldg_payment_row;

typedef struct ldg_payment_rows {
    ldg_payment_row *items;
    size_t n;
    ldg_arena *arena; /* the strings */
} ldg_payment_rows;

/*
 * The payments of every tenant's log (or of tenant's only, when not NULL), by tenant
 * then seq, followed by the payments still unmatched (not with tenant); with
 * unmatched_only, those alone. Free with ldg_payment_rows_cleanup. LDG_ENOTFOUND for
 * an unknown tenant.
 */
ldg_code ldg_payment_list(ldg_payment_rows *out, ldg_store *st, const char *tenant,
                          int unmatched_only, ldg_error *err);
void ldg_payment_rows_cleanup(ldg_payment_rows *rows);

#endif
