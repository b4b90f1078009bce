/*
 * Checkpoints someone kept, against the database (`verify --checkpoint FILE`): after a
 * restore to an earlier point, the logs may have rolled back below checkpoints that
 * tenants or auditors already hold, which from their side is a fork. Each kept note is
 * opened with the trusted keys; its origin names the tenant ("<key name>/<tenant>").
 * The database's log extends it when it holds at least the kept size entries and the
 * root of its first `size` entries (from the stored tiles, which the rest of verify
 * checks against the records) equals the kept root. A shorter log ("rolled back") or a
 * different root at that size ("fork") is a problem naming both checkpoints: the kept
 * one and the database's latest signed one.
 */
#ifndef LEASELEDGER_VERIFY_KEPT_H
#define LEASELEDGER_VERIFY_KEPT_H

#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store/store.h"
#include "ledger/store/verify.h"

#include <stddef.h>
#include <stdint.h>

/* One kept checkpoint note: where it came from (for messages) and its bytes. */
typedef struct ldg_kept_note {
    const char *name;
    const char *note;
    size_t len;
} ldg_kept_note;

/*
 * Checks kept (in the caller's transaction: one snapshot with the rest of verify). Each
 * problem goes to report and is counted in *problems; *extended counts the notes the
 * database's log extends. opts_tenant, when not NULL, is the only tenant a note may be
 * for. LDG_OK when the check ran; LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_verify_kept(int64_t *problems, int64_t *extended, ldg_store *st,
                         const ldg_kept_note *kept, ldg_verifier *const *keys,
                         size_t nkeys, const char *opts_tenant, ldg_verify_report report,
                         void *ctx, ldg_error *err);

#endif
