/*
 * The tenant's monitor of a published log (publish.h's layout), offline: what
 * `leaseledger-verify monitor` runs, and what a cosigner runs before it signs.
 *
 * One run, against the checkpoint kept in a state file (none on the first run):
 *   1. the published checkpoint opens with the operator's verifier key;
 *   2. its tree is not shorter than the kept one, and at the kept size has the kept
 *      root: otherwise it is a fork (or a rollback), and both checkpoints are handed
 *      back to be shown;
 *   3. the tiles give the signed root, and prove the kept tree a prefix of the new one
 *      (RFC 9162 consistency);
 *   4. every new entry hashes to its leaf in the level-0 tiles, and names this tenant and
 *      its seq; every new tile above level 0 is the hash of the tiles below it;
 *   5. every new invoice and credit note is re-rated from the published contract and
 *      usage entries by the code that checks evidence bundles: the monitor writes the
 *      document's invoice bundle from the published files (bundle.h's writer) and runs
 *      ldg_bundle_verify on it, so the rating, completeness and tax rules live once;
 *   6. only when all of that holds, the state file is replaced (temporary name and
 *      rename) by the new checkpoint and the seqs of the log's document entries.
 * Incremental: only tiles and bundles at and above the kept size are read (a level-0
 * tile twice: once against its entries, once to rebuild the tiles above; a small cache
 * serves the rest), the O(log n) tiles of the roots and proofs, and, for each new
 * document, the entries its basis covers and the contract and earlier documents it
 * names (their seqs are in the state).
 */
#ifndef LEASELEDGER_MONITOR_H
#define LEASELEDGER_MONITOR_H

#include "ledger/error.h"

#include <stdint.h>

#define LDG_MONITOR_STATE_FORMAT "leaseledger-monitor-state"
#define LDG_MONITOR_STATE_MAX    (64 << 20) /* a state file longer than this is refused */

/* One finding (ok 0) or a check that held (ok 1), one line, in the order checked. */
typedef void (*ldg_monitor_report)(void *ctx, int ok, const char *what);

typedef struct ldg_monitor_result {
    uint64_t kept_size; /* tree size of the kept checkpoint (0 on a first run) */
    uint64_t size;      /* tree size of the published checkpoint (0: none read) */
    int64_t entries;    /* new entries re-hashed */
    int64_t tiles;      /* tile and bundle files read */
    int64_t documents;  /* invoices and credit notes re-rated */
    int64_t problems;   /* 0: everything held and the state was updated */
    int fork;           /* 1: shorter tree, other root at the kept size, or no proof */
    int first_run;      /* 1: there was no state file */
    char *note;         /* the published checkpoint note (NULL when unreadable) */
    char *kept_note;    /* the kept one (NULL on a first run) */
} ldg_monitor_result;

/*
 * Runs the monitor on the published directory dir (DIR/<tenant>) with the operator's
 * C2SP verifier key vkey ("name+id+base64"), keeping its state in state_path. Returns
 * LDG_OK when the checks ran: out->problems counts what failed (each reported), and the
 * state was written only when it is 0. Returns LDG_EINVAL (vkey malformed, state file
 * malformed or its checkpoint not signed by vkey), LDG_EIO (dir or the state cannot be
 * read or written), LDG_ENOMEM when it could not run. Release with
 * ldg_monitor_result_cleanup() in every case.
 */
ldg_code ldg_monitor_run(ldg_monitor_result *out, const char *dir, const char *vkey,
                         const char *state_path, ldg_monitor_report report, void *ctx,
                         ldg_error *err);

void ldg_monitor_result_cleanup(ldg_monitor_result *r);

#endif
