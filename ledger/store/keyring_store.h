/*
 * Key rotation in the store: appending the rotation entry (keyring.h) to every tenant's
 * log, and refusing to seal with a key that was rotated out.
 *
 * The state is read from the log entries of kind "key" themselves (through a partial
 * index, migrations/0005_security.sql), never from a table that could say otherwise.
 */
#ifndef LEASELEDGER_KEYRING_STORE_H
#define LEASELEDGER_KEYRING_STORE_H

#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stdint.h>

typedef struct ldg_keyring_rotation_result {
    int already;        /* 1: this very rotation was done before; nothing appended */
    int64_t logs;       /* rotation entries appended (one per tenant log) */
    ldg_time effective; /* the instant the new key is in force from */
} ldg_keyring_rotation_result;

/* Called after the commit for each log that received the rotation entry at seq. */
typedef void (*ldg_keyring_rotated_cb)(void *ctx, const char *tenant, int64_t seq);

/*
 * Rotates the operator's key from old to new_key: in one transaction, appends a
 * rotation entry signed by old to every tenant's log and records new_key in
 * ledger.signing_key. The transaction first takes every log's seal lock (so no seal
 * runs across the rotation) and then fixes the effective instant: the database clock
 * rounded up to the next whole second, so that every checkpoint signed by old before
 * the rotation is stored as signed before it.
 *
 * Idempotent: when the last rotation recorded is exactly old -> new_key, nothing is
 * appended and out->already is 1. LDG_ECONFLICT when old is not the key in force (a
 * later rotation retired it, or a tenant's latest checkpoint is signed by another key),
 * or new_key was rotated out before (a retired key never returns); LDG_EINVAL when
 * the names differ or the keys are the same; LDG_ENOTFOUND when there is no tenant log
 * to record the rotation in; LDG_ERETRY, LDG_EDB.
 */
ldg_code ldg_keyring_rotate(ldg_keyring_rotation_result *out, ldg_store *st,
                            const ldg_signer *old, const ldg_verifier *new_key,
                            ldg_keyring_rotated_cb cb, void *cbctx, ldg_error *err);

/*
 * Whether signer may sign a checkpoint of tenant_id's log, in the caller's transaction
 * (seal calls it under the tenant's seal lock): not when the log's last rotation
 * entry names another key as the new one, nor when any log shows signer rotated out.
 * LDG_OK, LDG_ECONFLICT naming the rotation, LDG_EDB.
 */
ldg_code ldg_keyring_check_signer(ldg_store *st, int32_t tenant_id,
                                  const ldg_signer *signer, ldg_error *err);

#endif
