/*
 * GPU classes in the store (migration 0012, ledger/gpu_class.h): ledger.gpu_class binds
 * each class name to the number ledger.usage stores. Opening the store registers every
 * row with the process, so a stored number names the same class in every command.
 */
#ifndef LEASELEDGER_STORE_CLASSES_H
#define LEASELEDGER_STORE_CLASSES_H

#include "ledger/error.h"
#include "ledger/site.h"
#include "ledger/store/store.h"

/* Registers the rows of ledger.gpu_class with the process. A database not migrated to
 * 0012 yet, or a login that may not read the table (an auditor), registers nothing:
 * the built-in classes are known anyway. Called by ldg_store_open. */
ldg_code ldg_store__load_classes(ldg_store *st, ldg_error *err);

/*
 * Inside the caller's transaction: stores each class of sc that ledger.gpu_class does
 * not hold yet, under its number in this process (sc's classes were added to it by
 * ldg_site_classes_parse). LDG_ECONFLICT when another command took that number first
 * (the message says to run the command again).
 */
ldg_code ldg_store_classes_add(ldg_store *st, const ldg_site_classes *sc, ldg_error *err);

#endif
