/*
 * The bundle family's private header: what two or more of its files share, and nothing
 * else (as SQLite's vdbe*.c share vdbeInt.h). bundle.h is the public API and the format.
 *
 *   bundle_proof.c   the multi-proof: RFC 9162's MTH recursion over the covered leaves
 *   bundle_write.c   the writer: header checks, streamed entries, the nodes, the rest
 *   bundle_parse.c   hostile input: limits, canonical form, entries and nodes into the
 *                    trusted structs below (and the scope, tenant and quoting helpers
 *                    the writer checks its caller's header with)
 *   bundle_verify.c  verification: key, note, inclusion, consistency, kept checkpoint,
 *                    and the standalone consistency document
 *   bundle_rerate.c  re-rating and completeness of the bundled invoices and credit notes
 *   bundle_statement.c  a statement bundle's allocation replayed (receivable.h)
 *
 * Invariant: bundle_parse.c alone reads the bundle's bytes. What it stores in a vctx
 * (usage_item, doc_item, idx/leaves, node_arrays) has passed every check on the way in,
 * and the other files assert that, not re-check it: a struct is asserted before it is
 * stored (by the writer, or the parser) and again where it is used (usage_item_ok).
 * Dropped: one header per pair of files (the five share one reading of a bundle), and
 * keeping the family in one file (2,800 lines: five modules nobody could see at once).
 */
#ifndef LEASELEDGER_BUNDLE_INT_H
#define LEASELEDGER_BUNDLE_INT_H

#include "ledger/bundle.h"
#include "ledger/entry.h"
#include "ledger/invoice.h"
#include "ledger/jcs.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/text.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_SITES   256 /* distinct site names among a bundle's usage records */
#define TENANT_MAX  63
#define TREE_LEVELS 64

/* ---- bundle_proof.c ---------------------------------------------------------------- */

/* First position in idx[a, b) holding a value >= v (idx ascending). */
size_t ldg_bundle__lower_bound(const uint64_t *idx, size_t a, size_t b, uint64_t v);

/* ldg_bundle_proof_root with the caller's hasher (the writer's, the verifier's). */
ldg_code ldg_bundle__proof_root(ldg_merkle_hasher *h, ldg_hash *out, const uint64_t *idx,
                                const ldg_hash *leaves, size_t n, uint64_t size,
                                const unsigned *level, const uint64_t *index,
                                const ldg_hash *nodes, size_t nnodes, ldg_error *err);

/* ---- bundle_parse.c: checks the writer shares ----------------------------------------
 */

/* The scope, parsed. */
typedef struct scope {
    const char *invoice; /* borrowed from the JSON */
    ldg_time from, to;
    const char *meter;
    bool statement;        /* {"statement": "YYYY-MM-DD"}: a tenant's receivables */
    int64_t statement_day; /* its as-of day (receivable.h) */
} scope;

/* {"invoice": N}, {"from", "to"[, "meter"]} or {"statement": D}, strings only;
 * LDG_EINVAL naming what is wrong. out borrows from s. */
ldg_code ldg_bundle__parse_scope(scope *out, const json_t *s, ldg_error *err);

/* A tenant name: 1..63 letters, digits, '.', '_', '-', starting with a letter or digit.
 */
bool ldg_bundle__tenant_ok(const char *t);

/* Hostile text quoted for a message (text.h): printable, escaped, cut. */
const char *ldg_bundle__quote(char out[LDG_QUOTE_BUFLEN], const char *s);

/* Control bytes in a message made of other libraries' text become '?'. */
void ldg_bundle__scrub(char *s);

/* ---- what the verifier reads into -------------------------------------------------- */

typedef struct usage_item {
    int64_t seq;
    ldg_time start, end;
    int64_t qty;
    uint16_t site; /* index into sites */
    int8_t kind;   /* ldg_record_kind */
    int8_t cls;    /* ldg_record_class */
} usage_item;

/* What take_usage checked of a usage record, and rating relies on (the class maps to a
 * GPU class by cls - 1 only when it is one). */
static inline bool usage_item_ok(const usage_item *u)
{
    return u->seq >= 0 && u->end > u->start &&
           (u->kind == LDG_KIND_GPU || u->kind == LDG_KIND_ENERGY ||
            u->kind == LDG_KIND_DOWNTIME || u->kind == LDG_KIND_MAINTENANCE) &&
           u->cls >= LDG_CLASS_NONE && u->cls < LDG_CLASS_COUNT &&
           (u->kind == LDG_KIND_ENERGY) == (u->cls == LDG_CLASS_NONE);
}

typedef enum doc_kind { DOC_CONTRACT, DOC_INVOICE, DOC_CREDIT_NOTE } doc_kind;

typedef struct doc_item {
    int64_t seq;
    doc_kind kind;
    json_t *entry;    /* the parsed entry; data borrowed from it */
    ldg_invoice *inv; /* invoices and credit notes that parsed */
} doc_item;

/* A payment entry that take_payment found canonical: what allocation replays. */
typedef struct pay_item {
    int64_t seq;
    int64_t amount; /* micro-units, > 0 */
    ldg_time received;
    char currency[4];
    char *id;        /* owned */
    char *reference; /* owned; NULL when the entry's is "" */
} pay_item;

typedef struct cons_item {
    uint64_t size;
    ldg_hash root;
    bool ok;
} cons_item;

typedef struct vctx {
    const ldg_bundle_verify_opts *o;
    ldg_bundle_summary *sum;
    ldg_error *err;
    ldg_merkle_hasher *h;
    const char *tenant;
    ldg_verifier *key; /* the trusted key */
    ldg_checkpoint cp;
    bool proof_possible; /* every seq below the checkpoint size */
    scope sc;
    uint64_t *idx;
    ldg_hash *leaves;
    size_t n, cap, capl;
    size_t foreign; /* entries naming another tenant */
    usage_item *usage;
    size_t nu, capu;
    doc_item *docs;
    size_t nd, capd;
    pay_item *pays;
    size_t np, capp;
    char *sites[MAX_SITES];
    size_t nsites, last_site;
    size_t ndocuments, ncontracts, nlines;
    const char *family; /* invoice scope: the original's number, see family_of() */
    cons_item cons[LDG_BUNDLE_MAX_CONSISTENCY];
    size_t ncons;
    ldg_buf tmp;
} vctx;

/* The multi-proof's nodes, decoded. */
typedef struct node_arrays {
    unsigned *level;
    uint64_t *index;
    ldg_hash *hash;
    size_t n, cap;
} node_arrays;

/* A bundle's bytes as bundle_parse.c read them: the JSON of its members, and where the
 * entries' and the nodes' content lie in data when they are read from there (raw). */
typedef struct bundle_input {
    const char *data;
    size_t len;
    json_t *b;  /* every member; when raw, without the entries' and nodes' content */
    char *rest; /* when raw: the bytes Jansson parsed (data without that content) */
    size_t restlen;
    bool raw;
    size_t ea, eb, na, nb; /* entries' content [ea, eb), nodes' [na, nb) of data */
} bundle_input;

/* ---- bundle_parse.c: hostile input ---------------------------------------------------
 */

/*
 * Reads data[0..len) as far as JSON goes: at most max bytes, nesting bounded, numbers
 * integers of at most 2^53, exactly the bundle's members, in RFC 8785 form (tmp is
 * scratch). LDG_EINVAL naming what is wrong; in->b is NULL when nothing was parsed.
 * Clean up with ldg_bundle__input_cleanup() in every case.
 */
ldg_code ldg_bundle__read(bundle_input *in, const char *data, size_t len, size_t max,
                          ldg_buf *tmp, ldg_error *err);
void ldg_bundle__input_cleanup(bundle_input *in);

/* Every entry into v (leaves, usage, documents), each checked canonical and of the
 * bundle's tenant; sets sum->entries and sum->usage. */
ldg_code ldg_bundle__take_entries(vctx *v, const bundle_input *in);

/* The multi-proof's nodes into a; free with ldg_bundle__nodes_free(). */
ldg_code ldg_bundle__take_nodes(node_arrays *a, const bundle_input *in, ldg_error *err);
void ldg_bundle__nodes_free(node_arrays *a);

/* JSON text of at most max_depth levels (checked before Jansson sees it), duplicate
 * names refused; NULL with LDG_EINVAL naming `what` otherwise. */
json_t *ldg_bundle__parse_json(const char *p, size_t n, int max_depth, const char *what,
                               ldg_error *err);

/* Every number in v is an integer of magnitude <= 2^53. */
ldg_code ldg_bundle__check_numbers(const json_t *v, const char *what, ldg_error *err);

/* o's member key when it is a string without a NUL inside; NULL otherwise. */
const char *ldg_bundle__str_member(const json_t *o, const char *key);

/* ---- bundle_verify.c -----------------------------------------------------------------
 */

/* Reports one check (ok 1, failed 0, LDG_BUNDLE_NOTE) through the caller's report, as
 * one scrubbed line; counts a failure. */
void ldg_bundle__say(vctx *v, int ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The consistency proof the bundle carries from tree size `size`, or NULL. */
const cons_item *ldg_bundle__find_cons(const vctx *v, uint64_t size);

/* ---- bundle_rerate.c -----------------------------------------------------------------
 */

/* Re-rating costs documents x usage records: LDG_EINVAL beyond the limit, before any. */
ldg_code ldg_bundle__check_rerate_work(vctx *v);

/* The scope against the documents, then every re-rated document: its rated-from tree,
 * its basis (completeness) and its lines against the re-rating; in a statement bundle,
 * the statement instead (bundle_statement.c). Reports only. */
void ldg_bundle__check_documents(vctx *v);

/* ---- bundle_statement.c --------------------------------------------------------------
 */

/* A statement bundle's documents and payments replayed by ldg_receivable_replay as of
 * the scope's day: each currency's closing balance and each document's open amount
 * reported, and the completeness it cannot prove noted. Reports only. */
void ldg_bundle__check_statement(vctx *v);

/* Reads document entry d into d->inv; false (and a problem said) when it is no valid
 * invoice or credit note. Re-rating and statement replay read documents through it. */
bool ldg_bundle__doc_parse(vctx *v, doc_item *d);

#endif
