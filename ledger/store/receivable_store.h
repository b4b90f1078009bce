/*
 * A tenant's receivable items read from the store: its issued documents
 * (ledger.invoice) and its payments (ledger.payment), in log seq order, as
 * ldg_receivable_replay (ledger/receivable.h) takes them.
 *
 * A document's total is the "total" of its logged data (net + tax for documents issued
 * since issue 9, the whole total before), its due date the data's "due" when present,
 * else its issue date (documents issued before issue 9 have no "due"). An original
 * invoice (no amends) is LDG_RECEIVABLE_INVOICE whatever its sign; an amending document
 * is a supplement when its total is positive and a credit note when negative; an
 * amending document of total 0 owes and credits nothing and is left out. A payment
 * counts from the UTC date it was received.
 *
 * Read only: ldg_reader may run it. One statement, so one snapshot.
 */
#ifndef LEASELEDGER_RECEIVABLE_STORE_H
#define LEASELEDGER_RECEIVABLE_STORE_H

#include "ledger/error.h"
#include "ledger/receivable.h"
#include "ledger/store/store.h"

#include <stddef.h>

/* The items of one or more tenants, grouped by tenant (tenant id order), each group in
 * seq order. Strings point into block. */
typedef struct ldg_receivable_log {
    ldg_receivable_item *items;
    const char **tenants; /* tenants[i]: the tenant id of items[i] */
    size_t n;
    const char **block; /* owner of the strings */
} ldg_receivable_log;

/*
 * Loads the items of tenant (NULL: every tenant) into *out (release with
 * ldg_receivable_log_cleanup in every case). LDG_ENOTFOUND when tenant is named and
 * unknown; LDG_EINVAL (naming the document) when a stored total or due date does not
 * read; LDG_EDB; LDG_ENOMEM.
 */
ldg_code ldg_receivable_log_load(ldg_receivable_log *out, ldg_store *st,
                                 const char *tenant, ldg_error *err);
void ldg_receivable_log_cleanup(ldg_receivable_log *log);

/* The end of the group of items starting at i: the first index after i whose tenant
 * differs, or log->n. */
size_t ldg_receivable_log_group_end(const ldg_receivable_log *log, size_t i);

#endif
