/*
 * Verification of the stored logs against themselves and the signatures on them.
 *
 * For each tenant, in one REPEATABLE READ snapshot (so a log growing meanwhile is never
 * mistaken for tampering): every entry's canonical bytes are rebuilt from the stored
 * record and hashed; the leaves must equal the stored level-0 tiles, every stored tile
 * (partial rows too) must equal the hashes recomputed from below, seq must run from 0
 * without a gap, no tile may describe entries that are not there (truncation), every
 * checkpoint must carry a valid signature by a trusted key over the root of the tree of
 * its size rebuilt from the records (never from the stored tiles, so a forged tile is
 * named as such and not blamed on an honest checkpoint), which makes each consistent
 * (RFC 9162) with the one before it. A site id outside 1..32767 is reported, never used
 * as an index. Memory is bounded: the logs are read in one pass through cursors, at most
 * three batches of 4,096 usage records at a time (one of them being rebuilt and hashed
 * on a second thread), and only one tile per level is held.
 */
#ifndef LEASELEDGER_VERIFY_H
#define LEASELEDGER_VERIFY_H

#include "ledger/cosig.h"
#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/store/store.h"

#include <stdint.h>

typedef struct ldg_verify_summary {
    int64_t tenants;
    int64_t entries;
    int64_t tiles;
    int64_t checkpoints;
    int64_t problems;
    int64_t kept_extended; /* kept checkpoints (opts.kept) the logs extend */
} ldg_verify_summary;

/* Called once per problem found: tenant, seq (-1 when not about one entry), what. */
typedef void (*ldg_verify_report)(void *ctx, const char *tenant, int64_t seq,
                                  const char *what);
/* Called after each chunk of entries (progress); may be NULL. */
typedef void (*ldg_verify_progress)(void *ctx, const char *tenant, int64_t done,
                                    int64_t total);

/* Called for each stored cosignature that verified (cosig_store.h); may be NULL. */
typedef void (*ldg_verify_cosigned)(void *ctx, const char *tenant, int64_t size,
                                    const ldg_cosig *c);

typedef struct ldg_verify_opts {
    const char *tenant;        /* NULL: every tenant */
    ldg_verifier *const *keys; /* trusted keys; none: the keys in the database */
    size_t nkeys;
    ldg_verify_report report;
    ldg_verify_progress progress;
    void *ctx;
    /* Checkpoint notes someone kept (verify_kept.h), ended by one whose note is NULL;
     * NULL: none. Each must be extended by the database's log. */
    const struct ldg_kept_note *kept;
    ldg_verify_cosigned cosigned;
    int require_cosigned; /* 1: each log's latest checkpoint must carry a cosignature */
} ldg_verify_opts;

/*
 * Runs the checks. Returns LDG_OK when verification ran (problems, if any, are counted
 * in out->problems and reported through opts->report); an error code when it could
 * not run (database, unknown tenant).
 */
ldg_code ldg_verify(ldg_verify_summary *out, ldg_store *st, const ldg_verify_opts *opts,
                    ldg_error *err);

/*
 * The check seal makes before it signs (seal.c): entries [from, to) of one tenant's log,
 * rebuilt from the stored records exactly as ldg_verify does, must be there without a
 * gap or a duplicate and equal the leaves of every stored level-0 row covering them that
 * a tree of `to` leaves has room for (wider rows are an append running meanwhile, or
 * forged: never read by seal). prefix holds the from % 256 leaves of from's tile before
 * it, which the caller has bound to a signed root. Runs in the caller's transaction.
 * Each problem goes to report (may be NULL) as in ldg_verify and is counted in
 * *problems. LDG_OK when the check ran; LDG_EINVAL for a bad range; LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_verify_leaves(int64_t *problems, ldg_store *st, int32_t tenant_id,
                           const char *tenant, int64_t from, int64_t to,
                           const ldg_hash *prefix, ldg_verify_report report, void *ctx,
                           ldg_error *err);

/*
 * ldg_verify_leaves for a range that starts a tile (from % 256 == 0: no prefix), which
 * also gives the root of each whole level-0 tile of it, computed from the leaves rebuilt
 * from the records (not read from the stored tile), into roots[0 .. (to - from) / 256),
 * and in *rows the number of stored level-0 rows it compared them with. The roots are
 * only worth anything when *problems is 0. LDG_EINVAL for a range that
 * does not start a tile; otherwise as ldg_verify_leaves.
 */
ldg_code ldg_verify_leaf_roots(int64_t *problems, int64_t *rows, ldg_store *st,
                               int32_t tenant_id, const char *tenant, int64_t from,
                               int64_t to, ldg_hash *roots, ldg_verify_report report,
                               void *ctx, ldg_error *err);

/*
 * Columns of a binary result, as verify reads them (audit bundle reads its rows the same
 * way): an integer of any width as int64 (INT64_MIN for another type); a timestamptz as
 * Unix seconds rounded half away from zero, as extract(epoch FROM x)::bigint rounds
 * (LDG_EINVAL for infinity, or a value that is not 8 bytes).
 */
int64_t ldg_verify_col_i64(const PGresult *res, int r, int c);
ldg_code ldg_verify_col_epoch(int64_t *out, const PGresult *res, int r, int c,
                              ldg_error *err);

#endif
