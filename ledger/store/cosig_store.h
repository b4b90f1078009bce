/*
 * Witness keys and cosignatures in the store (issue 11; cosig.h has the format).
 *
 * A tenant's witness keys are the entries of kind "witness" in its own log:
 *
 *   {"v":1,"tenant":T,"seq":N,"kind":"witness","data":{"added":"2026-12-01T00:00:00Z",
 *    "vkey":"name+keyid+base64(0x04||pub)"}}
 *
 * read back from the log itself (migrations/0011_cosign.sql indexes them), never from a
 * table that could say otherwise. A cosignature is stored in ledger.checkpoint_cosig as
 * the line its witness sent, only once it verified over the stored checkpoint with a key
 * the tenant's log registers; `verify` checks every stored line again.
 */
#ifndef LEASELEDGER_COSIG_STORE_H
#define LEASELEDGER_COSIG_STORE_H

#include "ledger/cosig.h"
#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/store/verify.h"

#include <stdint.h>

#define LDG_WITNESS_KIND "witness"
/* Cosignature lines one `checkpoint cosign` takes, and one checkpoint keeps, at most. */
#define LDG_COSIG_MAX_LINES 16
/* How far a cosignature's timestamp may lie before the checkpoint was signed, or after
 * the database's clock: seconds of clock skew tolerated between operator and tenant. */
#define LDG_COSIG_SKEW 300

typedef struct ldg_witness_added {
    int already; /* 1: this key was registered before, at seq; nothing appended */
    int64_t seq; /* the witness entry */
} ldg_witness_added;

/*
 * Registers witness key k for tenant: appends a "witness" entry to its log (the log's
 * next seal signs it). Idempotent: a key already registered is not appended again
 * (out->already). LDG_ENOTFOUND for an unknown tenant; LDG_ERETRY, LDG_EDB.
 */
ldg_code ldg_witness_add(ldg_witness_added *out, ldg_store *st, const char *tenant,
                         const ldg_cosig_key *k, ldg_error *err);

/* One cosignature taken by ldg_cosig_attach. */
typedef struct ldg_cosig_attached {
    int64_t size;    /* of the checkpoint it countersigns */
    ldg_cosig cosig; /* as parsed from its line */
    int already;     /* 1: the same witness had cosigned this checkpoint before */
} ldg_cosig_attached;

typedef void (*ldg_cosig_attached_cb)(void *ctx, const ldg_cosig_attached *a);

/*
 * Attaches the cosignatures in text[0..len) to a stored checkpoint of tenant. text is
 * either cosignature lines alone (then the checkpoint is the one of tree size `size`,
 * or the latest when size < 0), or a signed note with cosignature lines among its
 * signatures (then its body must be byte for byte that of the stored checkpoint of its
 * size; other signature lines are ignored). Each line must parse as a cosignature, be
 * by a witness key tenant's log registers, verify over the stored checkpoint, and carry
 * a timestamp no earlier than LDG_COSIG_SKEW seconds before the checkpoint was signed
 * and no later than LDG_COSIG_SKEW after the database's clock. All or nothing: one bad
 * line stores none. A witness's second cosignature of one checkpoint is not stored (the
 * first is kept, and its `already` is 1). cb (may be NULL) is called per line after the
 * commit.
 * LDG_EINVAL naming the line and what is wrong; LDG_ENOTFOUND (tenant, checkpoint);
 * LDG_ERETRY, LDG_EDB.
 */
ldg_code ldg_cosig_attach(ldg_store *st, const char *tenant, int64_t size,
                          const char *text, size_t len, ldg_cosig_attached_cb cb,
                          void *ctx, ldg_error *err);

/*
 * verify's part, in its snapshot: every stored cosignature of tenant_id's log is checked
 * again from its line (the row's key and time are the line's, the key is registered in
 * the log, the signature verifies over the stored checkpoint); each that holds goes to
 * seen, each that does not to report. With require, the latest checkpoint must carry
 * at least one that holds (else a problem). *problems counts what was reported.
 */
ldg_code ldg_cosig_verify_log(int64_t *problems, ldg_store *st, int32_t tenant_id,
                              const char *tenant, int require, ldg_verify_report report,
                              ldg_verify_cosigned seen, void *ctx, ldg_error *err);

#endif
