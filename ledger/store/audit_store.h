/*
 * Evidence from the store: the entries, proofs and checkpoint an evidence bundle
 * (bundle.h) is built from, and RFC 9162 consistency proofs for tenants who kept an
 * older checkpoint.
 *
 * Everything is read in one REPEATABLE READ, READ ONLY snapshot against the tenant's
 * latest checkpoint, so a log growing meanwhile changes nothing. Usage records are
 * streamed through a cursor (memory: 40 bytes per covered entry for the proof, plus one
 * fetch of rows), their canonical bytes rebuilt as verify does (entry.h); other entries
 * are the stored canonical bytes. Subtree hashes come from the tiles, O(log n) each.
 *
 * What an invoice bundle covers (docs/bundle.md): the invoice, and when it amends an
 * original, the original and every document amending it issued before it; the contract
 * entries (base and amendments) of its contract logged before it; and every usage
 * record of the tenant at the contract's site, inside the contract's term, overlapping
 * the period, with seq below the largest rated_from size of those documents (so
 * corrections come too: they share the interval they correct). A range bundle covers
 * the tenant's usage records overlapping [from, to) (of one meter when given) and the
 * tenant's contract entries, all below the checkpoint. A statement bundle covers every
 * invoice, credit note and payment entry of the tenant below the checkpoint, and
 * nothing else: what ldg_receivable_replay needs to replay the tenant's allocation.
 */
#ifndef LEASELEDGER_AUDIT_STORE_H
#define LEASELEDGER_AUDIT_STORE_H

#include "ledger/bundle.h"
#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What to bundle: an invoice (number, tenant optional), a tenant's time range, or a
 * tenant's statement. */
typedef struct ldg_audit_scope {
    const char *invoice;      /* invoice or credit note number; NULL: a range */
    const char *tenant;       /* required for a range; with an invoice, disambiguates */
    ldg_time from, to;        /* range: [from, to), from < to */
    const char *meter;        /* range: only this meter, or NULL */
    bool statement;           /* a statement bundle (invoice NULL, tenant given) */
    int64_t statement_day;    /* its as-of day (receivable.h) */
    const int64_t *old_sizes; /* checkpoints the tenant kept: add consistency proofs */
    size_t nold;
} ldg_audit_scope;

typedef struct ldg_audit_bundle_stats {
    char tenant[64];
    int64_t checkpoint_size;
    int64_t entries; /* covered entries */
    int64_t usage;   /* of which usage records */
    int64_t nodes;   /* multi-proof hashes */
    int64_t bytes;   /* written to the sink */
} ldg_audit_bundle_stats;

/*
 * Writes the evidence bundle of scope to sink. stats (may be NULL) is filled.
 * LDG_ENOTFOUND (unknown invoice or tenant, no checkpoint), LDG_ECONFLICT (the invoice
 * is not yet under a checkpoint: seal first), LDG_EINVAL (bad scope, an old size
 * beyond the checkpoint, nothing to cover, or stored entries that do not reproduce the
 * signed root: run `leaseledger verify`), LDG_EDB, the sink's error.
 */
ldg_code ldg_audit_bundle(ldg_store *st, const ldg_audit_scope *scope,
                          ldg_bundle_sink sink, void *ctx, ldg_audit_bundle_stats *stats,
                          ldg_error *err);

/*
 * The RFC 9162 consistency proof from tree size old_size to tenant's latest checkpoint,
 * as the JSON object {"checkpoint": note, "new_size", "old_size", "proof": [base64...],
 * "tenant"} (what `audit consistency` prints and ldg_bundle_verify_consistency()
 * checks). LDG_ENOTFOUND (tenant, checkpoint), LDG_EINVAL (old_size not 1..new size).
 * On LDG_OK release *out with json_decref().
 */
ldg_code ldg_audit_consistency(json_t **out, ldg_store *st, const char *tenant,
                               int64_t old_size, ldg_error *err);

#endif
