/*
 * C2SP tlog-proof (c2sp.org/tlog-proof@v1): one log entry's inclusion in a signed
 * checkpoint, as text a tenant keeps beside the document and checks offline:
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64 of the entry's canonical bytes>
 *   index <seq>
 *   <base64 hash>...            RFC 9162 inclusion proof, leaf's sibling first
 *   <empty line>
 *   <the signed checkpoint note, verbatim>
 *
 * The spec leaves "extra" to the application; here it carries the entry itself, which
 * the proof then authenticates (its leaf hash is what the inclusion proof starts from),
 * so the file alone says what was logged. A proof without it is refused: there would be
 * nothing to check the inclusion of.
 */
#ifndef LEASELEDGER_TLOG_PROOF_H
#define LEASELEDGER_TLOG_PROOF_H

#include "ledger/buf.h"
#include "ledger/error.h"
#include "ledger/merkle.h"
#include "ledger/note.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_TLOG_PROOF_HEADER "c2sp.org/tlog-proof@v1"
/* A proof file longer than this is refused (an entry, 64 hashes and a note). */
#define LDG_TLOG_PROOF_MAX (1 << 20)

/* Appends the proof text to out. LDG_ENOMEM. */
ldg_code ldg_tlog_proof_format(ldg_buf *out, uint64_t index, const ldg_hash *proof,
                               size_t n, const void *entry, size_t len, const char *note,
                               ldg_error *err);

typedef struct ldg_tlog_proof_result {
    uint64_t index;
    ldg_checkpoint cp; /* the checkpoint the entry is proven in */
    char kind[24];     /* the entry's kind */
} ldg_tlog_proof_result;

/*
 * Checks proof text[0..len) with the C2SP verifier key vkey: the format, strictly; the
 * checkpoint note opens with vkey; the entry in "extra" is a canonical log entry of the
 * checkpoint origin's tenant at seq `index`; and the inclusion proof takes its leaf hash
 * to the signed root. LDG_OK and *out filled when all holds; LDG_EINVAL naming what does
 * not; LDG_ENOMEM.
 */
ldg_code ldg_tlog_proof_verify(ldg_tlog_proof_result *out, const char *text, size_t len,
                               const char *vkey, ldg_error *err);

#endif
