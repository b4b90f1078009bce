/*
 * Schema migrations: migrations/NNNN_name.sql applied in order, each once, each in its
 * own transaction together with its record (version, name, SHA-256) in
 * public.ldg_migration. A file already applied whose bytes changed is an error naming
 * it: the schema of a system of record is itself history.
 */
#ifndef LEASELEDGER_MIGRATE_H
#define LEASELEDGER_MIGRATE_H

#include "ledger/error.h"
#include "ledger/store/store.h"

/* Directory used when dir is NULL: $LEASELEDGER_MIGRATIONS, else the source tree's. */
const char *ldg_migrate_default_dir(void);

/*
 * Applies pending migrations from dir. *applied receives how many were applied now.
 * Holds a session advisory lock so concurrent runs apply each file once. Returns
 * LDG_OK, LDG_ECONFLICT (an applied file changed, or a version is applied whose file is
 * gone), LDG_EIO (unreadable directory or file), LDG_EDB.
 */
ldg_code ldg_migrate_run(int *applied, ldg_store *st, const char *dir, ldg_error *err);

/* LDG_OK when every migration in dir is applied and unchanged; LDG_ECONFLICT else. */
ldg_code ldg_migrate_check(ldg_store *st, const char *dir, ldg_error *err);

#endif
