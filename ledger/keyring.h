/*
 * Key rotation: the operator's signing key is replaced by a signed log entry, and the
 * rules by which a verifier decides which key may sign which checkpoint. Pure: no I/O
 * and no database (the SQL side is keyring_store.h), so the offline verifier and the
 * evidence bundles can apply the same rules as `leaseledger verify`.
 *
 * A rotation is an entry of kind "key" appended to every tenant's log (not to a log of
 * the operator's own: a tenant holds only its own log and the key it was given, and
 * must find the rotation there):
 *
 *   {"v":1,"tenant":T,"seq":N,"kind":"key","data":{"effective":"2026-12-01T00:00:01Z",
 *    "new":"name+keyid+base64","old":"name+keyid+base64","signature":"base64"}}
 *
 * "old" and "new" are C2SP verifier keys of the same name (the name is the origin
 * prefix of every checkpoint, so a rotation keeps it); "signature" is the Ed25519
 * signature by "old" of the canonical bytes (RFC 8785) of the same entry without
 * data.signature. Binding tenant and seq means a notice cannot be replayed into another
 * log or at another position. A tenant who trusts only the old key checks the signature
 * and so learns the new key from its own log.
 *
 * The rules, per tenant log, entries taken in seq order:
 *  - The first rotation must be signed by a trust anchor (a key the verifier was given);
 *    each later one by the key in force, the previous rotation's new key. A rotation
 *    signed by anyone else, with a bad signature, renaming the key, naming the same key
 *    twice, bringing back a key already rotated out, or effective before the previous
 *    rotation, is refused and not applied.
 *  - The key in force for a tree of size s is the new key of the last rotation with
 *    seq < s (the tree contains it); before the log's first rotation, that rotation's
 *    old key; in a log without rotations, any anchor.
 *  - A checkpoint must carry a valid signature by the key in force for its size, and no
 *    valid signature by a key its tree shows rotated out.
 *  - A checkpoint stored as signed at or after the effective instant of the rotation that
 *    retired its signer is refused, even when its tree predates the rotation.
 */
#ifndef LEASELEDGER_KEYRING_H
#define LEASELEDGER_KEYRING_H

#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define LDG_KEYRING_KIND "key"
/* signed_at of a checkpoint whose signing time is not known (offline). */
#define LDG_KEYRING_NO_TIME INT64_MIN

typedef struct ldg_keyring ldg_keyring;

/*
 * A keyring trusting anchors[0..nanchors) (borrowed: they must outlive it; nanchors may
 * be 0, and then only rotations can be checked against nothing and fail). Free with
 * ldg_keyring_free. LDG_OK or LDG_ENOMEM.
 */
ldg_code ldg_keyring_new(ldg_keyring **out, ldg_verifier *const *anchors, size_t nanchors,
                         ldg_error *err);
void ldg_keyring_free(ldg_keyring *kr);

/* Forgets the rotations taken so far, keeping the anchors (the next tenant's log). */
void ldg_keyring_reset(ldg_keyring *kr);

/* Number of rotations taken since the last reset. */
size_t ldg_keyring_count(const ldg_keyring *kr);

/*
 * Takes the rotation entry at seq of tenant's log, given as its canonical bytes
 * body[0..len), and applies it when every rule above holds. Entries must be taken in
 * seq order. LDG_EINVAL, naming the reason, when the entry is malformed or refused (it
 * is then not applied); LDG_ENOMEM.
 */
ldg_code ldg_keyring_take(ldg_keyring *kr, const char *tenant, int64_t seq,
                          const char *body, size_t len, ldg_error *err);

/* The key in force for a tree of size entries (borrowed), or NULL when no rotation
 * was taken and any anchor may sign. */
const ldg_verifier *ldg_keyring_in_force(const ldg_keyring *kr, int64_t size);

/*
 * Opens the signed note of a checkpoint of tree size `size`, stored as signed at
 * signed_at (LDG_KEYRING_NO_TIME if unknown), under the rules above. On LDG_OK
 * *text_len is the length of the note's text (as ldg_note_open). LDG_EINVAL naming the
 * reason (which key signed it and when that key was rotated out, when that is the
 * reason); LDG_ENOMEM.
 */
ldg_code ldg_keyring_open(size_t *text_len, const ldg_keyring *kr, int64_t size,
                          ldg_time signed_at, const char *note, size_t len,
                          ldg_error *err);

/*
 * The data of the rotation entry at seq of tenant's log from old to new_key, effective
 * at `effective`, signed by old: {"effective","new","old","signature"}. On LDG_OK the
 * caller owns *out (json_decref). LDG_EINVAL when the names differ or the keys are the
 * same; LDG_ENOMEM; LDG_EINTERNAL if signing failed.
 */
ldg_code ldg_keyring_rotation_data(json_t **out, const char *tenant, int64_t seq,
                                   const ldg_signer *old, const ldg_verifier *new_key,
                                   ldg_time effective, ldg_error *err);

/*
 * Makes this process unable to leave a copy of a private key behind in a core dump:
 * core file size limit 0 (soft and hard) and, on Linux, not dumpable (which also bars
 * ptrace by other processes of the same user). Call before loading a private key.
 * LDG_EIO naming the call that failed.
 */
ldg_code ldg_keyring_protect_process(ldg_error *err);

#endif
