/*
 * Sealing: for every log that grew since its last checkpoint, extend the tiles above
 * level 0 and sign one new checkpoint (C2SP tlog-checkpoint in a signed note, origin
 * "<key name>/<tenant>"). One checkpoint per log per seal, never one per record.
 */
#ifndef LEASELEDGER_SEAL_H
#define LEASELEDGER_SEAL_H

#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/store/store.h"

#include <stdint.h>

/* A stored checkpoint. */
typedef struct ldg_checkpoint_row {
    int64_t size;
    ldg_hash root;
    char *note; /* malloc'd signed note */
} ldg_checkpoint_row;

/* Callback per sealed tenant (for progress and summaries); may be NULL. */
typedef void (*ldg_seal_cb)(void *ctx, const char *tenant, int64_t old_size,
                            int64_t new_size);

/*
 * Seals every tenant whose log grew (or only `tenant` when not NULL). Records the
 * signer's public key in ledger.signing_key. Each tenant is its own transaction, held
 * against concurrent seals of the same tenant by an advisory lock. *sealed receives the
 * number of checkpoints signed.
 */
ldg_code ldg_seal(int *sealed, ldg_store *st, const ldg_signer *signer,
                  const char *tenant, ldg_seal_cb cb, void *cbctx, ldg_error *err);

/*
 * What this process has already proved of one tenant's log (seal_ahead.h): the entries
 * of whole level-0 tiles lo / 256 .. hi / 256 - 1, rebuilt from their stored records,
 * equal the `rows` stored level-0 rows of those tiles, and roots[k] is the root of tile
 * lo / 256 + k computed from the rebuilt leaves. lo and hi are multiples of 256.
 */
typedef struct ldg_seal_known {
    int32_t tenant_id;
    int64_t lo, hi;
    int64_t rows;
    ldg_hash *roots;
} ldg_seal_known;

/*
 * As ldg_seal, but a tenant with an entry in known[0 .. nknown) whose proof still holds
 * (seal last signed at most lo entries, and those tiles still have exactly `rows` rows:
 * rows are never changed or removed, so no row was added) is not read again there: the
 * entries of [lo, hi) and their tiles are taken as proved, and only the rest of the new
 * range is rebuilt and compared. A proof that no longer holds is ignored: that tenant
 * is sealed as ldg_seal would. *proved receives how many entries were taken as proved.
 */
ldg_code ldg_seal_with(int *sealed, int64_t *proved, ldg_store *st,
                       const ldg_signer *signer, const char *tenant,
                       const ldg_seal_known *known, size_t nknown, ldg_seal_cb cb,
                       void *cbctx, ldg_error *err);

/*
 * Seals tenant_id's log inside the caller's open transaction (committed or rolled back
 * with it), for a caller that holds the tenant's log head locked (FOR UPDATE), so that
 * no append can land between this checkpoint and what the caller reads next. Nothing
 * to seal is LDG_OK.
 */
ldg_code ldg_seal_tenant_in_xact(ldg_store *st, const ldg_signer *signer,
                                 int32_t tenant_id, const char *tenant, ldg_error *err);

/* The latest checkpoint of tenant_id (out->note NULL and size -1 when none). Free the
 * note with free(). */
ldg_code ldg_checkpoint_latest(ldg_checkpoint_row *out, ldg_store *st, int32_t tenant_id,
                               ldg_error *err);

/*
 * The latest signed checkpoint note of tenant (of every tenant when NULL), one per
 * tenant in tenant order: (*out)[i], *n of them. On LDG_OK free *out with free() once.
 * LDG_ENOTFOUND when there is none yet; LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_checkpoint_notes(const char ***out, size_t *n, ldg_store *st,
                              const char *tenant, ldg_error *err);

#endif
