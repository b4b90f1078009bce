/*
 * Evidence bundles: a self-contained JSON document that lets a tenant check, offline
 * and with nothing but the operator's public key, that a set of log entries is in the
 * operator's signed log and that each invoice among them is exactly what the operator's
 * own rating code makes of the bundled contract and usage entries. docs/bundle.md is the
 * format's reference; the short version:
 *
 *   {"checkpoint": signed note,            C2SP tlog-checkpoint, origin "<key>/<tenant>"
 *    "consistency": [{"proof": [b64...],   RFC 9162 consistency proofs from each "size"
 *                     "root": b64,         (with that tree's root) to the checkpoint
 *                     "size": N}],
 *    "entries": "<canonical entry>\n...",  the covered entries' RFC 8785 bytes, one per
 *                                          line, ascending seq
 *    "format": "leaseledger-evidence-bundle",
 *    "nodes": [[level, index, b64], ...],  the multi-proof: the subtree hashes that,
 *                                          with the covered leaves, give the root
 *    "scope": {"invoice": N} | {"from", "to"[, "meter"]} | {"statement": "YYYY-MM-DD"},
 *                                          (the checkpoint note carries, after the
 *                                          operator's signature, the witnesses'
 *                                          cosignature lines stored for it: cosig.h)
 *    "tenant": T, "version": 1, "vkey": C2SP verifier key}
 *
 * The bundle file is its own RFC 8785 serialization: no whitespace, members sorted, so
 * the same evidence is the same bytes and any changed byte changes a checked value.
 *
 * The multi-proof. The RFC 9162 tree hash MTH(D[lo:lo+n]) splits a range at the largest
 * power of two below n. Run that recursion from the whole tree [0, size): a range with
 * a covered leaf recurses (a covered single leaf is its own leaf hash, recomputed from
 * the bytes); a range without one is needed as a hash and is given as the complete
 * (perfect) subtrees it splits into, each named (level, index) = leaves [index * 2^level,
 * (index + 1) * 2^level). "nodes" lists exactly those subtrees, left to right, each
 * once: for k covered leaves that is at most k * log2(size) hashes and usually far fewer,
 * since neighbouring leaves share their proof. The verifier repeats the recursion,
 * takes the nodes in order, and compares the root it gets with the signed one.
 *
 * Pure: no I/O, no database. The writer hands its bytes to a caller's sink and asks a
 * caller's reader for subtree hashes (audit_store.c reads them from the tiles).
 */
#ifndef LEASELEDGER_BUNDLE_H
#define LEASELEDGER_BUNDLE_H

#include "ledger/error.h"
#include "ledger/merkle.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define LDG_BUNDLE_FORMAT  "leaseledger-evidence-bundle"
#define LDG_BUNDLE_VERSION 1
/* Default largest bundle the verifier reads (bytes): about 3 M usage records. */
#define LDG_BUNDLE_MAX_BYTES ((size_t)1 << 30)
/* Deepest nesting accepted: in the bundle itself, and in one entry. */
#define LDG_BUNDLE_MAX_DEPTH       8
#define LDG_BUNDLE_ENTRY_MAX_DEPTH 16
/* Longest single entry line (canonical bytes). */
#define LDG_BUNDLE_ENTRY_MAX (1 << 20)
/* Largest size of the bundle's members other than the entries and the nodes (which are
 * read from the bytes directly); also the largest bundle not laid out canonically that
 * is parsed at all, to say what is wrong with it. Bounds what Jansson allocates. */
#define LDG_BUNDLE_REST_MAX (16 << 20)
/* Most consistency proofs in one bundle. */
#define LDG_BUNDLE_MAX_CONSISTENCY 64
/*
 * The verifier's CPU is bounded like its memory (docs/bundle.md "What is checked"):
 * a bundle beyond one of these is refused before the work it would cost. Entries: each
 * is parsed and hashed once (a 1 GiB bundle of usage holds about 3.3 M); multi-proof
 * hashes: each is hashed once; re-rating: every invoice or credit note is rated over the
 * bundle's usage records, so their product is bounded; invoice lines: each document's
 * lines are compared with the re-rating's, by key.
 */
#define LDG_BUNDLE_MAX_ENTRIES ((size_t)1 << 23) /* 8,388,608 */
#define LDG_BUNDLE_MAX_NODES   ((size_t)1 << 22) /* 4,194,304 */
#define LDG_BUNDLE_MAX_RERATE  ((size_t)1 << 26) /* documents x usage records */
#define LDG_BUNDLE_MAX_LINES   65536             /* invoice lines, all documents */

/* ---- building ---------------------------------------------------------------------- */

/* Receives the bundle's bytes in order; returns LDG_OK or an error (LDG_EIO). */
typedef ldg_code (*ldg_bundle_sink)(void *ctx, const void *p, size_t n, ldg_error *err);

/* Gives the hash of the complete subtree (level, index) of the checkpoint's tree:
 * leaves [index * 2^level, (index + 1) * 2^level). */
typedef ldg_code (*ldg_bundle_node_reader)(void *ctx, unsigned level, uint64_t index,
                                           ldg_hash *out, ldg_error *err);

/* A consistency proof from tree size `size` (root `root`) to the checkpoint. */
typedef struct ldg_bundle_consistency {
    uint64_t size;
    ldg_hash root;
    const ldg_hash *proof; /* borrowed for the call */
    size_t n;
} ldg_bundle_consistency;

typedef struct ldg_bundle_header {
    const char *tenant;
    const char *vkey;       /* C2SP verifier key of the checkpoint's signer */
    const char *checkpoint; /* the signed note, as stored */
    const json_t *scope;    /* {"invoice": N}, {"from", "to"[, "meter"]} or
                               {"statement": D}; borrowed */
    const ldg_bundle_consistency *consistency; /* any order; sizes distinct */
    size_t nconsistency;
} ldg_bundle_header;

typedef struct ldg_bundle_writer ldg_bundle_writer;

/*
 * Starts a bundle: checks the header (the note verifies with vkey, its origin is
 * "<key name>/<tenant>", every consistency size is 1..checkpoint size and proves
 * consistency with the checkpoint, the scope is well-formed) and writes everything
 * before the entries to sink. LDG_EINVAL naming what is wrong, LDG_ENOMEM, or the
 * sink's error. On LDG_OK free *out with ldg_bundle_writer_free().
 */
ldg_code ldg_bundle_writer_new(ldg_bundle_writer **out, const ldg_bundle_header *h,
                               ldg_bundle_sink sink, void *ctx, ldg_error *err);

/*
 * Adds one covered entry: its canonical bytes (one line: no '\n') and its seq, which
 * must be above the previous one's and below the checkpoint's size. Streams the bytes
 * to the sink; keeps 40 bytes per entry (seq and leaf hash) for the proof.
 * LDG_EINVAL, LDG_ENOMEM, or the sink's error.
 */
ldg_code ldg_bundle_writer_add(ldg_bundle_writer *w, int64_t seq, const void *bytes,
                               size_t len, ldg_error *err);

/*
 * Ends the entries, asks rd for every node of the multi-proof, checks that the covered
 * leaves and those nodes give the checkpoint's root (so a bundle that would not verify
 * is never handed out: LDG_EINVAL "... does not reproduce the checkpoint's root"), and
 * writes the rest. LDG_EINVAL when no entry was added. *nodes (may be NULL) receives
 * the number of node hashes written.
 */
ldg_code ldg_bundle_writer_finish(ldg_bundle_writer *w, ldg_bundle_node_reader rd,
                                  void *ctx, size_t *nodes, ldg_error *err);

void ldg_bundle_writer_free(ldg_bundle_writer *w);

/*
 * The nodes (level, index) of the multi-proof of the sorted, distinct leaf indices
 * idx[0..n) in a tree of `size` leaves, in bundle order, passed to fn one by one.
 * LDG_EINVAL when idx is not strictly ascending, n is 0 or an index is >= size; fn's
 * error is returned as is.
 */
typedef ldg_code (*ldg_bundle_node_fn)(void *ctx, unsigned level, uint64_t index,
                                       ldg_error *err);
ldg_code ldg_bundle_proof_nodes(const uint64_t *idx, size_t n, uint64_t size,
                                ldg_bundle_node_fn fn, void *ctx, ldg_error *err);

/*
 * The root of the tree of `size` leaves from the covered leaves (indices idx[0..n),
 * strictly ascending, hashes leaves[0..n)) and the multi-proof's node hashes in bundle
 * order (nodes[0..nnodes), levels and indexes in level[], index[]). LDG_EINVAL naming
 * the first node that is not the one needed, or a missing or extra node.
 */
ldg_code ldg_bundle_proof_root(ldg_hash *out, const uint64_t *idx, const ldg_hash *leaves,
                               size_t n, uint64_t size, const unsigned *level,
                               const uint64_t *index, const ldg_hash *nodes,
                               size_t nnodes, ldg_error *err);

/* ---- verifying --------------------------------------------------------------------- */

/* One verification outcome: ok (1), failed (0) or a note (LDG_BUNDLE_NOTE: something
 * that neither holds nor fails, such as a document too old to prove completeness), and
 * what was checked or what failed (one line). Called in the order the checks run. */
#define LDG_BUNDLE_NOTE 2
typedef void (*ldg_bundle_report)(void *ctx, int ok, const char *what);

typedef struct ldg_bundle_verify_opts {
    const char *vkey;     /* the operator's published verifier key; NULL: the bundle's */
    const char *old_note; /* a checkpoint note the tenant kept, or NULL */
    size_t old_note_len;
    size_t max_bytes; /* 0: LDG_BUNDLE_MAX_BYTES */
    ldg_bundle_report report;
    void *ctx;
    const char *const *witness; /* witness keys (cosig.h) whose cosignatures to check */
    size_t nwitness;
    int require_cosigned; /* 1: no cosignature verifying with one of them is a failure */
} ldg_bundle_verify_opts;

typedef struct ldg_bundle_summary {
    char tenant[64];
    uint64_t checkpoint_size;
    int64_t entries;     /* covered entries */
    int64_t usage;       /* of which usage records */
    int64_t documents;   /* invoices and credit notes re-rated */
    int64_t lines;       /* invoice lines re-rated */
    int64_t nodes;       /* multi-proof hashes */
    int64_t complete;    /* documents whose basis the bundle meets (nothing left out) */
    int64_t incomplete;  /* documents without a basis: completeness not provable */
    int statement;       /* 1: a statement bundle, its allocation replayed */
    int64_t payments;    /* statement bundle: payments replayed */
    int64_t failures;    /* checks that failed; 0: everything holds */
    int used_bundle_key; /* 1 when no vkey was given and the bundle's own key was used */
    int64_t cosigned;    /* cosignatures of the checkpoint that verified with a given
                            witness key */
} ldg_bundle_summary;

/*
 * Verifies the bundle data[0..len): the note's signature (with opts->vkey, which the
 * bundle's own key must then equal; else with the bundle's key, and the summary says
 * so), the origin naming the bundle's tenant, every entry naming that tenant, the
 * multi-proof against the signed root, every consistency proof, the scope, the kept
 * checkpoint (opts->old_note: same origin, signed by the same key, consistent with the
 * bundle's checkpoint through a proof the bundle carries), and every invoice and credit
 * note re-rated from the bundled contract and usage entries (rate.h, invoice.h),
 * line by line (in an invoice bundle: the scope's invoice, its original and the
 * documents amending that; other documents are carried as leaves only). A document with
 * a basis (invoice.h) must find in the bundle every log entry from basis.from up to
 * itself, and the entries it could be rated from must be exactly the ones it commits to;
 * one without is reported (LDG_BUNDLE_NOTE) as not provably complete and counted in
 * out->incomplete.
 *
 * Returns LDG_OK when the checks ran: out->failures counts those that failed, each
 * reported through opts->report with what failed. Returns LDG_EINVAL (with the reason:
 * too large, truncated, nested too deep, not canonical, unknown member, a number beyond
 * 2^53, a malformed entry or proof, more work than the LDG_BUNDLE_MAX_* limits...)
 * when data cannot be read as a bundle at all; the
 * bundle is hostile input and nothing in it can make this read out of bounds, recurse
 * without bound or allocate more than a small multiple of len. LDG_ENOMEM.
 */
ldg_code ldg_bundle_verify(ldg_bundle_summary *out, const char *data, size_t len,
                           const ldg_bundle_verify_opts *opts, ldg_error *err);

/*
 * Checks a consistency document as `leaseledger audit consistency` prints it
 * ({"checkpoint", "new_size", "old_size", "proof", "tenant"}) against a kept older
 * checkpoint note: both notes verify with vkey, share the origin "<key>/<tenant>",
 * the sizes are those of the notes and the proof shows the old tree is a prefix of the
 * new one. LDG_OK when all holds; LDG_EINVAL naming what does not.
 */
ldg_code ldg_bundle_verify_consistency(const char *doc, size_t len, const char *old_note,
                                       size_t old_len, const char *vkey, ldg_error *err);

#endif
