/*
 * Unit tests for ledger/bundle.c: the multi-proof (node shapes worked out by hand, roots
 * against the published RFC 6962 vectors for every subset of leaves of every tree of 1..8
 * leaves), the writer's refusals, and the offline verifier on a sample-like log built in
 * memory: it verifies; every single flipped byte fails; another key, an inflated invoice
 * line, a tenant swap, a forged kept checkpoint and each hostile input fail with a
 * reason.
 *
 * The sample-like log (tenant anthropic, contract C1-ANTH from 2026-11-10): H100 reserved
 * 2, H200 reserved 1, energy at PUE 1.25 and 62.50/MWh, 1 MW at 15,000/MW-month, 5% SLA
 * credit below 99.9%. November (504 billed hours) by hand:
 *   gpu_reserved H100  2 x 504 = 1008 GPU-h x 1.85          =  1,864.80
 *   gpu_reserved H200  504 GPU-h x 2.45                      =  1,234.80
 *   energy             (6 x 0.004 - 0.001) MWh x 1.25 x 62.5 =      1.80 (1.796875)
 *   power_capacity     1 MW x 15,000 x 504 / 720             = 10,500.00
 *   sla_credit H100    2 GPU-h down of 1008: 99.80% < 99.9%: -5% x 1,864.80 = -93.24
 *   total                                                      13,508.16
 */
#include "ledger/bundle.h"
#include "ledger/contract.h"
#include "ledger/cosig.h"
#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/invoice.h"
#include "ledger/jcs.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/rate.h"
#include "ledger/time.h"
#include "tests/unit/helpers.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>
#include <jansson.h>

#define MAXE    64
#define KEYNAME "example-operator.com/leaseledger"
#define NUMBER  "C1-2026-000001"

/* ---- helpers ----------------------------------------------------------------------- */

static ldg_signer *key_of(uint8_t fill, const char *name)
{
    uint8_t seed[32];
    ldg_signer *s = NULL;

    memset(seed, fill, sizeof(seed));
    assert_int_equal(ldg_signer_from_seed(&s, name, seed, NULL), LDG_OK);
    return s;
}

static char *vkey_of(const ldg_signer *s)
{
    ldg_verifier *v = NULL;
    char *buf = malloc(LDG_VERIFIER_KEY_MAX);

    assert_non_null(buf);
    assert_int_equal(ldg_signer_verifier(&v, s, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_format(buf, LDG_VERIFIER_KEY_MAX, v, NULL), LDG_OK);
    ldg_verifier_free(v);
    return buf;
}

/* A tenant's log in memory: canonical bytes and leaf hash of each entry. */
typedef struct tlog {
    char *bytes[MAXE];
    size_t len[MAXE];
    ldg_hash leaf[MAXE];
    size_t n;
} tlog;

static int64_t put(tlog *l, const ldg_buf *b)
{
    assert_true(l->n < MAXE);
    l->bytes[l->n] = malloc(b->len + 1);
    assert_non_null(l->bytes[l->n]);
    memcpy(l->bytes[l->n], b->data, b->len + 1);
    l->len[l->n] = b->len;
    ldg_merkle_leaf_hash(&l->leaf[l->n], b->data, b->len);
    return (int64_t)l->n++;
}

static void tlog_free(tlog *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->bytes[i]);
    l->n = 0;
}

static int64_t add_usage(tlog *l, const char *tenant, const char *meter, const char *kind,
                         const char *cls, const char *start, const char *end,
                         const char *qty, const char *event_id, const char *corrects)
{
    ldg_record r = { .tenant = tenant,
                     .site = "colossus-1",
                     .meter = meter,
                     .event_id = event_id,
                     .corrects = corrects,
                     .kind = ldg_kind_parse(kind, strlen(kind)),
                     .cls = cls ? ldg_class_parse(cls, strlen(cls)) : LDG_CLASS_NONE,
                     .start = at(start),
                     .end = at(end),
                     .qty_micros = dec(qty) };
    ldg_buf b = { 0 };
    int64_t seq;

    assert_int_equal(ldg_entry_record_bytes(&b, &r, (int64_t)l->n, NULL), LDG_OK);
    seq = put(l, &b);
    ldg_buf_cleanup(&b);
    return seq;
}

/* Appends a document entry; takes data. */
static int64_t add_doc(tlog *l, const char *tenant, const char *kind, json_t *data)
{
    ldg_buf b = { 0 };
    int64_t seq;

    assert_int_equal(ldg_entry_doc_bytes(&b, tenant, (int64_t)l->n, kind, data, NULL),
                     LDG_OK);
    seq = put(l, &b);
    ldg_buf_cleanup(&b);
    json_decref(data);
    return seq;
}

static void root_at(ldg_hash *out, const tlog *l, size_t size)
{
    ldg_merkle_root_of(out, l->leaf, size);
}

static char *note_for(const ldg_hash *root, uint64_t size, const ldg_signer *s,
                      const char *tenant)
{
    ldg_checkpoint cp;
    char *text = NULL, *note = NULL;

    memset(&cp, 0, sizeof(cp));
    snprintf(cp.origin, sizeof(cp.origin), "%s/%s", ldg_signer_name(s), tenant);
    cp.size = size;
    cp.root = *root;
    assert_int_equal(ldg_checkpoint_text(&text, &cp, NULL), LDG_OK);
    assert_int_equal(ldg_note_sign(&note, text, s, NULL), LDG_OK);
    free(text);
    return note;
}

static char *note_at(const tlog *l, size_t size, const ldg_signer *s, const char *tenant)
{
    ldg_hash root;

    root_at(&root, l, size);
    return note_for(&root, size, s, tenant);
}

static ldg_code mem_node(void *ctx, unsigned level, uint64_t index, ldg_hash *out,
                         ldg_error *err)
{
    const tlog *l = ctx;
    uint64_t first = index << level, cnt = UINT64_C(1) << level;

    if (first + cnt > l->n)
        return ldg_error_set(err, LDG_ENOTFOUND, "no node (%u, %" PRIu64 ")", level,
                             index);
    ldg_merkle_root_of(out, l->leaf + first, cnt);
    return LDG_OK;
}

static ldg_code mem_tile(void *ctx, int level, uint64_t index, int width, ldg_hash *out,
                         ldg_error *err)
{
    for (int j = 0; j < width; j++) {
        ldg_code rc =
            mem_node(ctx, (unsigned)(8 * level), index * 256 + (uint64_t)j, &out[j], err);
        if (rc != LDG_OK)
            return rc;
    }
    return LDG_OK;
}

static ldg_code buf_sink(void *ctx, const void *p, size_t n, ldg_error *err)
{
    return ldg_buf_append(ctx, p, n, err);
}

/* Collects the verifier's reports. */
typedef struct reports {
    int ok, failed;
    char text[32768];
} reports;

static void on_report(void *ctx, int ok, const char *what)
{
    reports *r = ctx;
    size_t n = strlen(r->text);

    if (ok)
        r->ok++;
    else
        r->failed++;
    snprintf(r->text + n, sizeof(r->text) - n, "%s: %s\n", ok ? "ok" : "FAIL", what);
}

static void assert_reported(const reports *r, const char *text)
{
    if (!strstr(r->text, text))
        fail_msg("expected \"%s\" among the reports:\n%s", text, r->text);
}

/* ---- the sample-like log ----------------------------------------------------------- */

static const char *const CONTRACT =
    "{'contract': 'C1-ANTH', 'tenant': 'anthropic', 'tenant_name': 'Anthropic PBC',"
    " 'site': 'colossus-1', 'currency': 'USD', 'invoice_series': 'C1',"
    " 'starts': '2026-11-10T00:00:00Z', 'ends': '2029-11-10T00:00:00Z',"
    " 'gpu': [{'class': 'H100', 'reserved': 2, 'rate': '1.850000', 'overage_rate': "
    "'2.400000'},"
    "         {'class': 'H200', 'reserved': 1, 'rate': '2.450000', 'overage_rate': "
    "'3.180000'}],"
    " 'energy': {'rate_per_mwh': '62.500000', 'pue': '1.250000', 'capacity_mw': '1',"
    "            'capacity_rate_per_mw_month': '15000.000000'},"
    " 'sla': {'target': '99.900000', 'credits': [{'below': '99.900000', 'percent': "
    "'5'}]},"
    " 'minimum_monthly': '0.00', 'escalator': {'percent': '3.000000', 'every_months': "
    "12}}";

typedef struct sample {
    tlog log;
    ldg_signer *key;
    char *vkey;
    ldg_contract *contract;
    ldg_usage items[MAXE];
    int64_t item_seq[MAXE];
    size_t nitems;
    uint64_t rated[4]; /* rated_from sizes of the documents, in issue order */
    int64_t doc_seq[4];
    size_t ndocs;
    char *note; /* the final checkpoint */
    /* the first document carries a basis (invoice.h); omit: the index in items of a
     * record the operator leaves out of that document's rating and basis, or -1 */
    bool with_basis;
    int omit;
    int64_t basis_from;
} sample;

/* The basis of a document rated from items (but omit) under the contract at seq 0. */
static void sample_basis(ldg_invoice_basis *b, const sample *s)
{
    ldg_basis_digest *d = NULL;

    assert_int_equal(ldg_basis_digest_new(&d, NULL), LDG_OK);
    assert_int_equal(ldg_basis_digest_add(d, 0, NULL), LDG_OK);
    b->from = -1;
    for (size_t i = 0; i < s->nitems; i++) {
        if ((int)i == s->omit)
            continue;
        if (b->from < 0)
            b->from = s->item_seq[i];
        assert_int_equal(ldg_basis_digest_add(d, s->item_seq[i], NULL), LDG_OK);
    }
    ldg_basis_digest_finish(d, b);
    ldg_basis_digest_free(d);
}

static void sample_usage(sample *s, const char *meter, const char *kind, const char *cls,
                         const char *start, const char *end, const char *qty,
                         const char *event_id, const char *corrects)
{
    int64_t seq = add_usage(&s->log, "anthropic", meter, kind, cls, start, end, qty,
                            event_id, corrects);
    ldg_usage *u = &s->items[s->nitems];

    u->kind = strcmp(kind, "gpu") == 0      ? LDG_USAGE_GPU
              : strcmp(kind, "energy") == 0 ? LDG_USAGE_ENERGY
                                            : LDG_USAGE_DOWNTIME;
    u->cls = !cls ? LDG_GPU_NONE : strcmp(cls, "H100") == 0 ? LDG_GPU_H100 : LDG_GPU_H200;
    u->start = at(start);
    u->end = at(end);
    u->qty_micros = dec(qty);
    s->item_seq[s->nitems++] = seq;
}

/* Issues a document rated from the whole log so far; `bump` adds to its first line's
 * amount (an operator overbilling). Returns the draft's total. */
static int64_t sample_issue(sample *s, const char *number, int64_t bump)
{
    ldg_period p;
    ldg_draft *rated = NULL, *doc = NULL, *sup = NULL, *cn = NULL;
    ldg_invoice *inv = NULL, *issued[4] = { 0 };
    ldg_invoice_meta meta = { 0 };
    ldg_invoice_basis basis;
    ldg_usage items[MAXE];
    size_t nitems = 0;
    json_t *data = NULL;
    ldg_hash root;
    char b64[45];
    size_t size = s->log.n;
    int64_t total;

    for (size_t i = 0; i < s->nitems; i++)
        if ((int)i != s->omit || s->ndocs > 0)
            items[nitems++] = s->items[i];
    assert_int_equal(ldg_period_parse(&p, "2026-11", NULL), LDG_OK);
    assert_int_equal(ldg_rate_period(&rated, s->contract, p, items, nitems, NULL),
                     LDG_OK);
    if (s->with_basis && s->ndocs == 0) {
        sample_basis(&basis, s);
        s->basis_from = basis.from;
        meta.basis = &basis;
    }
    root_at(&root, &s->log, size);
    ldg_hash_to_base64(b64, &root);
    meta.number = number;
    meta.issued = at("2026-12-01T02:00:00Z");
    meta.rated_from_size = (int64_t)size;
    meta.rated_from_root = b64;
    if (s->ndocs == 0) {
        doc = rated;
        rated = NULL;
    } else {
        /* the documents issued so far, parsed back from the log */
        for (size_t i = 0; i < s->ndocs; i++) {
            json_t *e = json_loadb(s->log.bytes[s->doc_seq[i]], s->log.len[s->doc_seq[i]],
                                   0, NULL);
            const char *k = json_string_value(json_object_get(e, "kind"));
            assert_int_equal(ldg_invoice_from_json(&issued[i], json_object_get(e, "data"),
                                                   strcmp(k, "invoice") == 0
                                                       ? LDG_INVOICE_KIND_INVOICE
                                                       : LDG_INVOICE_KIND_CREDIT_NOTE,
                                                   NULL),
                             LDG_OK);
            json_decref(e);
        }
        assert_int_equal(ldg_invoice_diff(&sup, &cn, rated,
                                          (const ldg_invoice *const *)issued, s->ndocs,
                                          NULL),
                         LDG_OK);
        assert_true((sup == NULL) != (cn == NULL)); /* the scenarios move one way */
        doc = sup ? sup : cn;
        meta.kind = sup ? LDG_INVOICE_KIND_INVOICE : LDG_INVOICE_KIND_CREDIT_NOTE;
        meta.amends = NUMBER;
    }
    if (bump) {
        ldg_draft *d2 = NULL;
        const char *cur = ldg_rate_draft_currency(doc);

        assert_int_equal(ldg_rate_draft_new(&d2, ldg_rate_draft_contract(doc), cur,
                                            ldg_rate_draft_period(doc), NULL),
                         LDG_OK);
        for (size_t i = 0; i < ldg_rate_draft_line_count(doc); i++) {
            ldg_line l = *ldg_rate_draft_line(doc, i);
            if (i == 0)
                l.amount_micros += bump;
            assert_int_equal(ldg_rate_draft_add_line(d2, &l, NULL), LDG_OK);
        }
        ldg_rate_draft_free(doc == sup || doc == cn ? NULL : doc);
        if (doc == sup)
            sup = NULL;
        if (doc == cn)
            cn = NULL;
        doc = d2;
    }
    assert_int_equal(ldg_invoice_new(&inv, doc, &meta, NULL), LDG_OK);
    assert_int_equal(ldg_invoice_to_json(&data, inv, NULL), LDG_OK);
    total = ldg_invoice_total(inv);
    s->rated[s->ndocs] = size;
    s->doc_seq[s->ndocs++] =
        add_doc(&s->log, "anthropic",
                meta.kind == LDG_INVOICE_KIND_INVOICE ? "invoice" : "credit_note", data);
    for (size_t i = 0; i < 4; i++)
        ldg_invoice_free(issued[i]);
    ldg_invoice_free(inv);
    if (doc != sup && doc != cn)
        ldg_rate_draft_free(doc);
    ldg_rate_draft_free(sup);
    ldg_rate_draft_free(cn);
    ldg_rate_draft_free(rated);
    return total;
}

/* The log: contract (seq 0), November usage with a December record among it, the
 * invoice rated from it, then more December usage; sealed at the end. */
static void sample_build_ex(sample *s, int64_t bump, bool with_basis, int omit)
{
    json_t *c = q(CONTRACT);
    static const char *const hours[] = { "2026-11-10T00:00:00Z", "2026-11-10T01:00:00Z",
                                         "2026-11-10T02:00:00Z", "2026-11-10T03:00:00Z",
                                         "2026-11-10T04:00:00Z", "2026-11-10T05:00:00Z",
                                         "2026-11-10T06:00:00Z" };
    char ev[64];

    memset(s, 0, sizeof(*s));
    s->with_basis = with_basis;
    s->omit = omit;
    s->key = key_of(7, KEYNAME);
    s->vkey = vkey_of(s->key);
    assert_int_equal(ldg_contract_from_json(&s->contract, c, NULL, 0, NULL), LDG_OK);
    add_doc(&s->log, "anthropic", "contract", c);
    for (int h = 0; h < 6; h++) {
        snprintf(ev, sizeof(ev), "pod-h100-0001/%d", h);
        sample_usage(s, "pod-h100-0001", "gpu", "H100", hours[h], hours[h + 1], "2", ev,
                     NULL);
        snprintf(ev, sizeof(ev), "hall-A/%d", h);
        sample_usage(s, "hall-A", "energy", NULL, hours[h], hours[h + 1], "0.004", ev,
                     NULL);
        if (h == 2)
            add_usage(&s->log, "anthropic", "pod-h100-0009", "gpu", "H100",
                      "2026-12-02T00:00:00Z", "2026-12-02T01:00:00Z", "1", "dec/1", NULL);
    }
    sample_usage(s, "pod-h200-0001", "gpu", "H200", hours[0], hours[1], "1",
                 "pod-h200-0001/0", NULL);
    sample_usage(s, "pod-h100-0002", "downtime", "H100", hours[3], hours[4], "2",
                 "pod-h100-0002/down/3", NULL);
    sample_usage(s, "hall-A", "energy", NULL, hours[1], hours[2], "-0.001",
                 "hall-A/1/fix", "hall-A/1");
    if (omit < 0)
        assert_int_equal(sample_issue(s, NUMBER, bump), dec("13508.16") + bump);
    else
        (void)sample_issue(s, NUMBER, bump);
    for (int d = 3; d < 6; d++) {
        snprintf(ev, sizeof(ev), "dec/%d", d);
        add_usage(&s->log, "anthropic", "pod-h100-0009", "gpu", "H100",
                  "2026-12-03T00:00:00Z", "2026-12-03T01:00:00Z", "1", ev, NULL);
    }
    s->note = note_at(&s->log, s->log.n, s->key, "anthropic");
}

static void sample_build(sample *s, int64_t bump)
{
    sample_build_ex(s, bump, false, -1);
}

static void sample_free(sample *s)
{
    tlog_free(&s->log);
    ldg_signer_free(s->key);
    free(s->vkey);
    free(s->note);
    ldg_contract_free(s->contract);
}

/* The invoice bundle of the sample: every entry but the December usage, with
 * consistency proofs from every rated size and from each of old_sizes. */
static void sample_bundle(ldg_buf *out, const sample *s, const uint64_t *old_sizes,
                          size_t nold, size_t *nodes)
{
    ldg_bundle_consistency cons[8];
    ldg_hash proofs[8][LDG_PROOF_MAX];
    ldg_bundle_header h = { 0 };
    ldg_bundle_writer *w = NULL;
    json_t *scope = q("{'invoice': '" NUMBER "'}");
    size_t nc = 0, i, d = 0;
    uint64_t sizes[8];

    for (i = 0; i < s->ndocs; i++)
        if (nc == 0 || sizes[nc - 1] != s->rated[i])
            sizes[nc++] = s->rated[i];
    for (i = 0; i < nold; i++)
        sizes[nc++] = old_sizes[i];
    for (i = 0; i < nc; i++) {
        cons[i].size = sizes[i];
        root_at(&cons[i].root, &s->log, sizes[i]);
        assert_int_equal(ldg_tree_consistency_proof(proofs[i], &cons[i].n, sizes[i],
                                                    s->log.n, mem_tile,
                                                    (void *)(uintptr_t)&s->log, NULL),
                         LDG_OK);
        cons[i].proof = proofs[i];
    }
    h.tenant = "anthropic";
    h.vkey = s->vkey;
    h.checkpoint = s->note;
    h.scope = scope;
    h.consistency = cons;
    h.nconsistency = nc;
    memset(out, 0, sizeof(*out));
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, out, NULL), LDG_OK);
    for (int64_t seq = 0; seq < (int64_t)s->log.n; seq++) {
        bool covered = seq == 0;

        for (i = 0; i < s->nitems; i++)
            covered = covered || s->item_seq[i] == seq;
        for (i = 0; i < s->ndocs; i++)
            covered = covered || s->doc_seq[i] == seq;
        if (covered) {
            assert_int_equal(
                ldg_bundle_writer_add(w, seq, s->log.bytes[seq], s->log.len[seq], NULL),
                LDG_OK);
            d++;
        }
    }
    assert_int_equal(d, 1 + s->nitems + s->ndocs);
    assert_int_equal(
        ldg_bundle_writer_finish(w, mem_node, (void *)(uintptr_t)&s->log, nodes, NULL),
        LDG_OK);
    ldg_bundle_writer_free(w);
    json_decref(scope);
}

static ldg_code verify(ldg_bundle_summary *sum, reports *r, const char *data, size_t len,
                       const char *vkey, ldg_error *err)
{
    ldg_bundle_verify_opts o = { 0 };

    memset(r, 0, sizeof(*r));
    o.vkey = vkey;
    o.report = on_report;
    o.ctx = r;
    ldg_error_clear(err);
    return ldg_bundle_verify(sum, data, len, &o, err);
}

/* verify() that must run (the bundle is readable). */
#define assert_verify_runs(sum, r, data, len, vkey, err)                           \
    do {                                                                           \
        if (verify((sum), (r), (data), (len), (vkey), (err)) != LDG_OK)            \
            fail_msg("verify did not run: %s (%s)", (err)->message, (err)->where); \
    } while (0)

/* Parses a bundle, lets edit() change it, and serializes it canonically again. */
static void rewrite(ldg_buf *b, void (*edit)(json_t *bundle, void *ctx), void *ctx)
{
    json_t *j = json_loadb(b->data, b->len, 0, NULL);

    assert_non_null(j);
    edit(j, ctx);
    ldg_buf_reset(b);
    assert_int_equal(ldg_jcs_serialize(b, j, NULL), LDG_OK);
    json_decref(j);
}

static void set_member(json_t *j, void *ctx)
{
    const char *const *kv = ctx;

    json_object_set_new(j, kv[0], json_string(kv[1]));
}

/* Replaces text kv[1] by kv[2] in the string member kv[0]. */
static void replace_in_member(json_t *j, void *ctx)
{
    const char *const *kv = ctx;
    const char *s = json_string_value(json_object_get(j, kv[0]));
    const char *hit = strstr(s, kv[1]);
    size_t n = strlen(s), a = strlen(kv[1]), b = strlen(kv[2]);
    char *out = malloc(n - a + b + 1);

    assert_non_null(hit);
    assert_non_null(out);
    memcpy(out, s, (size_t)(hit - s));
    memcpy(out + (hit - s), kv[2], b);
    memcpy(out + (hit - s) + b, hit + a, n - (size_t)(hit - s) - a + 1);
    json_object_set_new(j, kv[0], json_string(out));
    free(out);
}

/* ---- the multi-proof --------------------------------------------------------------- */

typedef struct node_rec {
    unsigned level[64];
    uint64_t index[64];
    size_t n;
} node_rec;

static ldg_code record_node(void *ctx, unsigned level, uint64_t index, ldg_error *err)
{
    node_rec *r = ctx;

    (void)err;
    assert_true(r->n < 64);
    r->level[r->n] = level;
    r->index[r->n++] = index;
    return LDG_OK;
}

static void assert_nodes(const uint64_t *idx, size_t n, uint64_t size, const char *want)
{
    node_rec r = { 0 };
    char got[512] = "";

    assert_int_equal(ldg_bundle_proof_nodes(idx, n, size, record_node, &r, NULL), LDG_OK);
    for (size_t i = 0; i < r.n; i++) {
        size_t len = strlen(got);
        snprintf(got + len, sizeof(got) - len, "%s(%u,%" PRIu64 ")", i ? " " : "",
                 r.level[i], r.index[i]);
    }
    assert_string_equal(got, want);
}

static void test_bundle_proof_nodes_by_hand(void **state)
{
    static const uint64_t zero[] = { 0 }, two_five[] = { 2, 5 }, all4[] = { 0, 1, 2, 3 },
                          last[] = { 1000 };

    (void)state;
    /* one leaf: the RFC 9162 inclusion path as complete subtrees */
    assert_nodes(zero, 1, 8, "(0,1) (1,1) (2,1)");
    assert_nodes(zero, 1, 6, "(0,1) (1,1) (1,2)");
    /* the right edge [4, 7) is uncovered: split into (1,2) and (0,6) */
    assert_nodes(zero, 1, 7, "(0,1) (1,1) (1,2) (0,6)");
    /* two leaves share the proof: [0,2) [3] [4] [6] */
    assert_nodes(two_five, 2, 7, "(1,0) (0,3) (0,4) (0,6)");
    /* a fully covered tree needs no node */
    assert_nodes(all4, 4, 4, "");
    assert_nodes(zero, 1, 1, "");
    /* the last leaf of 1001: [0,512) [512,768) [768,896) [896,960) [960,992) [992,1000)
     */
    assert_nodes(last, 1, 1001, "(9,0) (8,2) (7,6) (6,14) (5,30) (3,124)");
}

static void test_bundle_proof_nodes_rejects_bad_leaves(void **state)
{
    static const uint64_t down[] = { 3, 2 }, same[] = { 2, 2 }, big[] = { 8 };
    node_rec r = { 0 };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_proof_nodes(down, 2, 8, record_node, &r, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "leaves are not strictly ascending at 2");
    assert_int_equal(ldg_bundle_proof_nodes(same, 2, 8, record_node, &r, NULL),
                     LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_proof_nodes(big, 1, 8, record_node, &r, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "leaf 8 is not below tree size 8");
    assert_int_equal(ldg_bundle_proof_nodes(big, 0, 8, record_node, &r, NULL),
                     LDG_EINVAL);
    assert_int_equal(r.n, 0);
}

static void hex_hash(ldg_hash *out, const json_t *s)
{
    assert_int_equal(
        ldg_hash_from_hex(out, json_string_value(s), json_string_length(s), NULL),
        LDG_OK);
}

/* Every subset of the leaves of every tree of 1..8 leaves, proven from the published
 * subtree hashes, gives the published root. */
static void test_bundle_proof_root_rfc6962_vectors(void **state)
{
    /* the file holds a leaf index of 2^64 - 1, beyond json_int_t: read numbers as reals
     * (only the hash strings are used here) */
    json_t *v =
        json_load_file(LDG_VECTORS_DIR "/rfc6962.json", JSON_DECODE_INT_AS_REAL, NULL);
    const json_t *levels, *roots;

    (void)state;
    assert_non_null(v);
    levels = json_object_get(json_object_get(v, "node_hashes_by_level"), "levels");
    roots = json_object_get(v, "roots");
    for (uint64_t size = 1; size <= 8; size++) {
        ldg_hash want;

        hex_hash(&want, json_object_get(json_array_get(roots, size), "root"));
        for (unsigned mask = 1; mask < (1u << size); mask++) {
            uint64_t idx[8];
            ldg_hash leaves[8], nodes[64], got;
            node_rec r = { 0 };
            size_t n = 0;

            for (uint64_t i = 0; i < size; i++)
                if (mask & (1u << i)) {
                    idx[n] = i;
                    hex_hash(&leaves[n++], json_array_get(json_array_get(levels, 0), i));
                }
            assert_int_equal(ldg_bundle_proof_nodes(idx, n, size, record_node, &r, NULL),
                             LDG_OK);
            for (size_t i = 0; i < r.n; i++)
                hex_hash(&nodes[i],
                         json_array_get(json_array_get(levels, r.level[i]), r.index[i]));
            assert_int_equal(ldg_bundle_proof_root(&got, idx, leaves, n, size, r.level,
                                                   r.index, nodes, r.n, NULL),
                             LDG_OK);
            assert_memory_equal(&got, &want, sizeof(got));
        }
    }
    json_decref(v);
}

static void test_bundle_proof_root_refuses_wrong_nodes(void **state)
{
    static const uint64_t idx[] = { 2, 5 };
    unsigned level[5] = { 1, 0, 0, 0, 0 };
    uint64_t index[5] = { 0, 3, 4, 6, 7 };
    ldg_hash leaves[2], nodes[5], root;
    ldg_error err;

    (void)state;
    memset(leaves, 1, sizeof(leaves));
    memset(nodes, 2, sizeof(nodes));
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_bundle_proof_root(&root, idx, leaves, 2, 7, level, index, nodes, 3, &err),
        LDG_EINVAL);
    assert_string_equal(
        err.message,
        "the multi-proof ends after 3 nodes, but subtree (0, 6) is needed next");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_bundle_proof_root(&root, idx, leaves, 2, 7, level, index, nodes, 5, &err),
        LDG_EINVAL);
    assert_string_equal(err.message, "the multi-proof has 5 nodes where 4 are needed");
    index[1] = 2;
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_bundle_proof_root(&root, idx, leaves, 2, 7, level, index, nodes, 4, &err),
        LDG_EINVAL);
    assert_string_equal(
        err.message,
        "multi-proof node 1 is subtree (0, 2) where subtree (0, 3) is needed");
}

/* ---- the verifier on the sample ---------------------------------------------------- */

static void test_bundle_sample_verifies(void **state)
{
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;
    size_t nodes = 0;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, &nodes);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    if (sum.failures)
        fail_msg("%s", r.text);
    assert_int_equal(r.failed, 0);
    assert_string_equal(sum.tenant, "anthropic");
    assert_int_equal(sum.checkpoint_size, s.log.n);
    assert_int_equal(sum.entries, 1 + 15 + 1);
    assert_int_equal(sum.usage, 15);
    assert_int_equal(sum.documents, 1);
    assert_int_equal(sum.lines, 5);
    assert_int_equal(sum.nodes, (int64_t)nodes);
    assert_int_equal(sum.used_bundle_key, 0);
    assert_reported(&r, "ok: the bundle's key is the given key " KEYNAME "+");
    assert_reported(&r, "ok: checkpoint (tree size 21) is signed by " KEYNAME);
    assert_reported(&r, "ok: checkpoint origin \"" KEYNAME "/anthropic\" names tenant");
    assert_reported(&r, "ok: all 17 entries are in the checkpoint's tree");
    assert_reported(&r, "ok: the tree of size 17 is a prefix of the checkpoint's");
    assert_reported(&r,
                    "ok: " NUMBER ": all 5 lines and the total 13508.16 USD equal the "
                    "re-rating of contract C1-ANTH (seq 0) over 15 usage records below"
                    " seq 17");
    /* one line, its own RFC 8785 serialization */
    assert_null(memchr(b.data, '\n', b.len));
    {
        ldg_buf again = { 0 };
        json_t *j = json_loadb(b.data, b.len, 0, NULL);

        assert_int_equal(ldg_jcs_serialize(&again, j, NULL), LDG_OK);
        assert_int_equal(again.len, b.len);
        assert_memory_equal(again.data, b.data, b.len);
        ldg_buf_cleanup(&again);
        json_decref(j);
    }
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

static void test_bundle_without_vkey_says_it_used_its_own_key(void **state)
{
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    assert_verify_runs(&sum, &r, b.data, b.len, NULL, &err);
    assert_int_equal(sum.failures, 0);
    assert_int_equal(sum.used_bundle_key, 1);
    assert_reported(
        &r, "ok: no key was given: the checkpoint is checked with the bundle's own"
            " key " KEYNAME "+");
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* Every single byte flipped (two ways) makes the verifier fail, with a reason. */
static void test_bundle_every_flipped_byte_fails(void **state)
{
    static const uint8_t flips[] = { 0x01, 0x40 };
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;
    char *copy;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    copy = malloc(b.len);
    assert_non_null(copy);
    for (size_t f = 0; f < sizeof(flips); f++) {
        for (size_t i = 0; i < b.len; i++) {
            ldg_code rc;

            memcpy(copy, b.data, b.len);
            copy[i] = (char)(copy[i] ^ flips[f]);
            rc = verify(&sum, &r, copy, b.len, s.vkey, &err);
            if (rc == LDG_OK && sum.failures == 0)
                fail_msg("flipping byte %zu (0x%02x) of %zu still verifies", i, flips[f],
                         b.len);
            if (rc != LDG_OK && err.message[0] == '\0')
                fail_msg("flipping byte %zu: error without a reason", i);
            if (rc == LDG_OK && !strstr(r.text, "FAIL: "))
                fail_msg("flipping byte %zu: failure without a reason", i);
        }
    }
    free(copy);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

static void test_bundle_signed_by_another_key_fails(void **state)
{
    sample s;
    ldg_signer *other = key_of(9, KEYNAME);
    char *other_vkey = vkey_of(other);
    const char *kv[2] = { "vkey", other_vkey };
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    /* the operator's published key is `other`: the bundle's key is not it */
    assert_verify_runs(&sum, &r, b.data, b.len, other_vkey, &err);
    assert_int_equal(sum.failures, 2);
    assert_reported(&r, "FAIL: the bundle's key " KEYNAME "+");
    assert_reported(&r, "is not the given key " KEYNAME "+");
    assert_reported(&r, "FAIL: checkpoint signature: ");
    /* a bundle that claims the published key but was signed by another */
    rewrite(&b, set_member, kv);
    assert_verify_runs(&sum, &r, b.data, b.len, other_vkey, &err);
    assert_int_equal(sum.failures, 1);
    assert_reported(&r, "FAIL: checkpoint signature: ");
    ldg_buf_cleanup(&b);
    free(other_vkey);
    ldg_signer_free(other);
    sample_free(&s);
}

/* The operator logged and signed an invoice whose first line is 100.00 too high: the log
 * and the proofs are fine, re-rating is not. */
static void test_bundle_inflated_invoice_line_fails_rerating(void **state)
{
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, dec("100.00"));
    sample_bundle(&b, &s, NULL, 0, NULL);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    assert_int_equal(sum.failures, 2);
    assert_reported(&r, "ok: all 17 entries are in the checkpoint's tree");
    assert_reported(&r,
                    "FAIL: " NUMBER " line 1 (gpu_reserved H100 2026-11-10T00:00:00Z.."
                    "2026-12-01T00:00:00Z) does not match re-rating: quantity 1008.000000"
                    " rate 1.850000 amount 1964.80 in the document; re-rated quantity"
                    " 1008.000000 rate 1.850000 amount 1864.80");
    assert_reported(&r,
                    "FAIL: " NUMBER " total 13608.16 does not match the re-rated total"
                    " 13508.16");
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* A line altered in the bundle itself: the invoice entry no longer hashes to its leaf,
 * and re-rating names the line. */
static void test_bundle_altered_line_in_bundle_fails(void **state)
{
    static const char *const kv[] = { "entries", "\"1864.80\"", "\"1964.80\"" };
    static const char *const kv2[] = { "entries", "\"total\":\"13508.16\"",
                                       "\"total\":\"13608.16\"" };
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    rewrite(&b, replace_in_member, (void *)(uintptr_t)kv);
    rewrite(&b, replace_in_member, (void *)(uintptr_t)kv2);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    assert_int_equal(sum.failures, 3);
    assert_reported(&r, "FAIL: inclusion: the 17 entries and ");
    assert_reported(&r, "FAIL: " NUMBER " line 1 (gpu_reserved H100");
    assert_reported(&r, "FAIL: " NUMBER " total 13608.16 does not match");
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

static void test_bundle_tenant_swap_fails(void **state)
{
    static const char *const kv[] = { "tenant", "openai" };
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    rewrite(&b, set_member, (void *)(uintptr_t)kv);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    assert_string_equal(sum.tenant, "openai");
    /* the origin, and each of the 17 entries */
    assert_int_equal(sum.failures, 1 + 17 + 1);
    assert_reported(&r,
                    "FAIL: checkpoint origin \"" KEYNAME "/anthropic\" is not \"" KEYNAME
                    "/openai\": this is not tenant \"openai\"'s log");
    assert_reported(&r, "FAIL: entry seq 0 names tenant \"anthropic\", not \"openai\"");
    assert_reported(&r, "FAIL: " NUMBER
                        ": contract \"C1-ANTH\" is tenant \"anthropic\"'s, not"
                        " \"openai\"'s");
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

static ldg_code verify_kept(ldg_bundle_summary *sum, reports *r, const ldg_buf *b,
                            const char *vkey, const char *kept)
{
    ldg_bundle_verify_opts o = { 0 };
    ldg_error err;

    memset(r, 0, sizeof(*r));
    o.vkey = vkey;
    o.old_note = kept;
    o.old_note_len = strlen(kept);
    o.report = on_report;
    o.ctx = r;
    ldg_error_clear(&err);
    return ldg_bundle_verify(sum, b->data, b->len, &o, &err);
}

static void test_bundle_kept_checkpoint_consistency(void **state)
{
    static const uint64_t old[] = { 5 };
    sample s;
    ldg_signer *other = key_of(9, KEYNAME);
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_hash forged;
    char *kept;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, old, 1, NULL);
    /* the tenant kept the checkpoints at sizes 5 and 17 */
    kept = note_at(&s.log, 5, s.key, "anthropic");
    assert_int_equal(verify_kept(&sum, &r, &b, s.vkey, kept), LDG_OK);
    assert_int_equal(sum.failures, 0);
    assert_reported(&r, "ok: kept checkpoint (tree size 5) is a prefix of the bundle's");
    free(kept);
    kept = note_at(&s.log, 17, s.key, "anthropic");
    assert_int_equal(verify_kept(&sum, &r, &b, s.vkey, kept), LDG_OK);
    assert_int_equal(sum.failures, 0);
    free(kept);
    /* a fork: the operator signed another tree of size 5 for the tenant */
    root_at(&forged, &s.log, 4);
    kept = note_for(&forged, 5, s.key, "anthropic");
    assert_int_equal(verify_kept(&sum, &r, &b, s.vkey, kept), LDG_OK);
    assert_int_equal(sum.failures, 1);
    assert_reported(
        &r, "FAIL: kept checkpoint (tree size 5) has another root than the tree the"
            " bundle proves consistent: the log was rewritten since");
    free(kept);
    /* a note nobody with the operator's key signed */
    kept = note_at(&s.log, 5, other, "anthropic");
    assert_int_equal(verify_kept(&sum, &r, &b, s.vkey, kept), LDG_OK);
    assert_int_equal(sum.failures, 1);
    assert_reported(&r, "FAIL: kept checkpoint signature: ");
    free(kept);
    /* another tenant's checkpoint */
    kept = note_at(&s.log, 5, s.key, "openai");
    assert_int_equal(verify_kept(&sum, &r, &b, s.vkey, kept), LDG_OK);
    assert_int_equal(sum.failures, 1);
    assert_reported(&r, "FAIL: kept checkpoint's origin \"" KEYNAME "/openai\" is not the"
                        " bundle's");
    free(kept);
    /* a size the bundle carries no proof from */
    kept = note_at(&s.log, 7, s.key, "anthropic");
    assert_int_equal(verify_kept(&sum, &r, &b, s.vkey, kept), LDG_OK);
    assert_int_equal(sum.failures, 1);
    assert_reported(&r, "FAIL: the bundle carries no consistency proof from the kept"
                        " checkpoint's tree size 7");
    free(kept);
    ldg_buf_cleanup(&b);
    ldg_signer_free(other);
    sample_free(&s);
}

/* A supplementary invoice (a late energy record) and then a credit note (a correction),
 * each re-rated and diffed against the documents before it. */
static void test_bundle_supplementary_and_credit_note_verify(void **state)
{
    sample s;
    ldg_buf b;
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    free(s.note);
    sample_usage(&s, "hall-B", "energy", NULL, "2026-11-20T00:00:00Z",
                 "2026-11-20T01:00:00Z", "0.2", "hall-B/late", NULL);
    assert_int_equal(sample_issue(&s, "C1-2026-000002", 0), dec("15.62"));
    sample_usage(&s, "hall-B", "energy", NULL, "2026-11-20T00:00:00Z",
                 "2026-11-20T01:00:00Z", "-0.1", "hall-B/late/fix", "hall-B/late");
    assert_int_equal(sample_issue(&s, "C1-2026-000003", 0), dec("-7.81"));
    /* energy 0.023 MWh: 1.80; + 0.2: 0.223 x 1.25 x 62.5 = 17.421875: 17.42, so +15.62;
     * - 0.1: 0.123: 9.609375: 9.61, so -7.81 */
    s.note = note_at(&s.log, s.log.n, s.key, "anthropic");
    sample_bundle(&b, &s, NULL, 0, NULL);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    if (sum.failures)
        fail_msg("%s", r.text);
    assert_int_equal(sum.documents, 3);
    assert_reported(&r,
                    "ok: C1-2026-000002: all 1 line and the total equal the difference"
                    " between the re-rated period and the 1 document before it");
    assert_reported(&r,
                    "ok: C1-2026-000003: all 1 line and the total equal the difference"
                    " between the re-rated period and the 2 documents before it");
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* ---- hostile input ------------------------------------------------------------------
 */

static void expect_malformed(const char *data, size_t len, const char *want)
{
    ldg_bundle_summary sum;
    reports r;
    ldg_error err;

    assert_int_equal(verify(&sum, &r, data, len, NULL, &err), LDG_EINVAL);
    if (!strstr(err.message, want) && !strstr(err.where, want))
        fail_msg("expected \"%s\" in \"%s\" (%s)", want, err.message, err.where);
}

static void test_bundle_truncated_fails_cleanly(void **state)
{
    sample s;
    ldg_buf b;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    for (size_t n = 0; n < b.len; n++) {
        ldg_bundle_summary sum;
        reports r;
        ldg_error err;

        assert_int_equal(verify(&sum, &r, b.data, n, NULL, &err), LDG_EINVAL);
        assert_non_null(strstr(err.message, "bundle is not valid JSON: "));
    }
    expect_malformed(b.data, b.len / 2, "bundle is not valid JSON: ");
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

static void test_bundle_size_and_depth_limits(void **state)
{
    size_t n = 100000;
    char *deep = malloc(2 * n);
    ldg_bundle_verify_opts o = { 0 };
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    assert_non_null(deep);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    expect_malformed(deep, 2 * n, "bundle nests deeper than 8 levels");
    memset(deep, '{', 9);
    expect_malformed(deep, 9, "bundle nests deeper than 8 levels");
    o.max_bytes = 100;
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_verify(&sum, deep, 101, &o, &err), LDG_EINVAL);
    assert_string_equal(err.message, "bundle is 101 bytes, more than the limit of 100");
    free(deep);
    expect_malformed("[]", 2, "bundle is not a JSON object");
    expect_malformed("{\"a\":1,\"a\":1}", 13, "duplicate object key");
    expect_malformed("{\"a\":\"\0\"}", 8, "bundle is not valid JSON: ");
    expect_malformed("", 0, "bundle is not valid JSON: ");
}

static void set_json_member(json_t *j, void *ctx)
{
    const char *const *kv = ctx;

    json_object_set_new(j, kv[0], json_loads(kv[1], JSON_DECODE_ANY, NULL));
}

static void test_bundle_hostile_members(void **state)
{
    static const struct {
        const char *member, *json, *want;
    } cases[] = {
        { "version", "2", "unsupported bundle version (this verifier reads version 1)" },
        { "format", "\"leaseledger-bundle\"", "not an evidence bundle" },
        { "extra", "1", "bundle has an unknown member \"extra\"" },
        { "nodes", "{}", "bundle members consistency and nodes must be arrays" },
        { "entries", "\"\"",
          "bundle's entries are empty or do not end with a line break" },
        { "entries", "\"{}\"",
          "bundle's entries are empty or do not end with a line break" },
        { "entries", "\"{}\\n\"", "entry line 1 is not a log entry" },
        { "entries", "\"x\\n\"", "entry is not valid JSON: " },
        { "entries",
          "\"{\\\"data\\\":{},\\\"kind\\\":\\\"bogus\\\",\\\"seq\\\":0,"
          "\\\"tenant\\\":\\\"anthropic\\\",\\\"v\\\":1}\\n\"",
          "entry seq 0 has kind \"bogus\", which bundles do not carry" },
        { "entries",
          "\"{\\\"data\\\":{},\\\"kind\\\":\\\"contract\\\",\\\"seq\\\":0,"
          "\\\"tenant\\\":\\\"anthropic\\\", \\\"v\\\":1}\\n\"",
          "entry is not in canonical form (RFC 8785)" },
        { "entries",
          "\"{\\\"data\\\":[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]],\\\"kind\\\":"
          "\\\"contract\\\",\\\"seq\\\":0,\\\"tenant\\\":\\\"anthropic\\\","
          "\\\"v\\\":1}\\n\"",
          "entry nests deeper than 16 levels" },
        { "scope", "{\"invoice\":\"X\",\"from\":\"2026-11-01T00:00:00Z\"}",
          "scope names an invoice and something else" },
        { "tenant", "\"../etc\"", "bundle's tenant name is malformed" },
        { "vkey", "\"nobody+00000000+AA==\"", "bundle member \"vkey\"" },
        { "consistency", "[{\"proof\":[],\"size\":1}]",
          "is not {\"proof\", \"root\", \"size\"}" },
        { "nodes", "[[1,2]]", "multi-proof node 0 is not [level, index, hash]" },
        { "nodes", "[[64,0,\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"]]",
          "multi-proof node 0 is not [level, index, hash]" },
        { "nodes", "[[0,0,\"AAAA\"]]", "multi-proof node 0 is not [level, index, hash]" },
        { "nodes", "[[0,0,\"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=\"]]",
          "multi-proof node 0" },
        { "nodes", "[[0,0,\"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\",1]]",
          "multi-proof node 0 is not [level, index, hash]" },
    };
    sample s;
    ldg_buf b, work = { 0 };

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *kv[2] = { cases[i].member, cases[i].json };

        ldg_buf_reset(&work);
        assert_int_equal(ldg_buf_append(&work, b.data, b.len, NULL), LDG_OK);
        rewrite(&work, set_json_member, kv);
        expect_malformed(work.data, work.len, cases[i].want);
    }
    ldg_buf_cleanup(&work);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* Numbers: fractional, beyond 2^53, beyond 2^63 (Jansson refuses), and whitespace. */
static void test_bundle_hostile_numbers_and_form(void **state)
{
    static const struct {
        const char *from, *to, *want;
    } cases[] = {
        { "\"version\":1", "\"version\":9007199254740993",
          "bundle holds the integer 9007199254740993, beyond 2^53" },
        { "\"version\":1", "\"version\":9223372036854775808",
          "bundle is not valid JSON: " },
        { "\"version\":1", "\"version\":1.0", "bundle holds a fractional number" },
        { "\"size\":17", "\"size\":9223372036854775808", "bundle is not valid JSON: " },
        { "\"size\":17", "\"size\":-17", "is not {\"proof\", \"root\", \"size\"}" },
        { "{\"checkpoint\"", "{ \"checkpoint\"",
          "bundle is not in canonical form (RFC 8785): it differs at byte 1" },
        { "\"version\":1", "\"version\":01", "bundle is not valid JSON: " },
        { "\"version\":1,", "\"version\":1 ,", "bundle is not in canonical form" },
        { "\"nodes\":[[",
          "\"nodes\":[[0,9007199254740993,\"47DEQpj8HBSa+/"
          "TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"],[",
          "multi-proof node 0 is not [level, index, hash] in canonical form" },
        { "\"nodes\":[[", "\"nodes\":[[00,", "multi-proof node 0 is not" },
        { "\"nodes\":[[", "\"nodes\":[ [", "multi-proof node 0 is not" },
    };
    sample s;
    ldg_buf b;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *hit = strstr(b.data, cases[i].from);
        size_t a = strlen(cases[i].from), c = strlen(cases[i].to), pre;
        char *out;

        assert_non_null(hit);
        pre = (size_t)(hit - b.data);
        out = malloc(b.len - a + c + 1);
        assert_non_null(out);
        memcpy(out, b.data, pre);
        memcpy(out + pre, cases[i].to, c);
        memcpy(out + pre + c, hit + a, b.len - pre - a);
        expect_malformed(out, b.len - a + c, cases[i].want);
        free(out);
    }
    {
        /* trailing bytes after a canonical bundle */
        char *out = malloc(b.len + 1);
        assert_non_null(out);
        memcpy(out, b.data, b.len);
        out[b.len] = '\n';
        expect_malformed(out, b.len + 1,
                         "bundle is not in canonical form (RFC 8785): 1 bytes"
                         " follow it");
        free(out);
    }
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

static void edit_consistency(json_t *j, void *ctx)
{
    json_t *proof =
        json_object_get(json_array_get(json_object_get(j, "consistency"), 0), "proof");
    int mode = *(const int *)ctx;

    if (mode == 0) {
        json_array_append_new(
            proof, json_string("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
    } else if (mode == 1) {
        json_array_remove(proof, 0);
    } else {
        while (json_array_size(proof) <= LDG_PROOF_MAX)
            json_array_append_new(
                proof, json_string("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
    }
}

static void edit_nodes(json_t *j, void *ctx)
{
    json_t *nodes = json_object_get(j, "nodes");
    int mode = *(const int *)ctx;

    if (mode == 0)
        json_array_append(nodes, json_array_get(nodes, 0));
    else
        json_array_remove(nodes, json_array_size(nodes) - 1);
}

static void test_bundle_proofs_of_wrong_length_fail(void **state)
{
    sample s;
    ldg_buf b, work = { 0 };
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;
    int mode;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    for (mode = 0; mode < 2; mode++) {
        ldg_buf_reset(&work);
        assert_int_equal(ldg_buf_append(&work, b.data, b.len, NULL), LDG_OK);
        rewrite(&work, edit_consistency, &mode);
        assert_verify_runs(&sum, &r, work.data, work.len, s.vkey, &err);
        assert_int_equal(sum.failures, 1);
        assert_reported(
            &r, "FAIL: consistency from tree size 17 to 21: consistency proof has");
        assert_reported(&r, "ok: " NUMBER ": all 5 lines"); /* the rest still ran */
    }
    mode = 2;
    ldg_buf_reset(&work);
    assert_int_equal(ldg_buf_append(&work, b.data, b.len, NULL), LDG_OK);
    rewrite(&work, edit_consistency, &mode);
    expect_malformed(
        work.data, work.len,
        "consistency proof from tree size 17 has 65 hashes: no proof has more"
        " than 64");
    for (mode = 0; mode < 2; mode++) {
        ldg_buf_reset(&work);
        assert_int_equal(ldg_buf_append(&work, b.data, b.len, NULL), LDG_OK);
        rewrite(&work, edit_nodes, &mode);
        assert_verify_runs(&sum, &r, work.data, work.len, s.vkey, &err);
        assert_int_equal(sum.failures, 1);
        assert_reported(&r, mode == 0 ? "FAIL: inclusion: the multi-proof has"
                                      : "FAIL: inclusion: the multi-proof ends after");
    }
    ldg_buf_cleanup(&work);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* Checkpoint notes of tree size 2^63 (refused) and 2^63 - 1 (accepted, proofs fail). */
static void test_bundle_tree_size_2_63(void **state)
{
    sample s;
    ldg_buf b;
    ldg_hash root;
    char b64[45], text[256], *note = NULL;
    const char *kv[2] = { "checkpoint", NULL };
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    root_at(&root, &s.log, s.log.n);
    ldg_hash_to_base64(b64, &root);
    snprintf(text, sizeof(text), KEYNAME "/anthropic\n9223372036854775808\n%s\n", b64);
    assert_int_equal(ldg_note_sign(&note, text, s.key, NULL), LDG_OK);
    kv[1] = note;
    rewrite(&b, set_member, kv);
    expect_malformed(b.data, b.len, "bundle's checkpoint");
    free(note);
    note = NULL;
    snprintf(text, sizeof(text), KEYNAME "/anthropic\n9223372036854775807\n%s\n", b64);
    assert_int_equal(ldg_note_sign(&note, text, s.key, NULL), LDG_OK);
    kv[1] = note;
    rewrite(&b, set_member, kv);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    assert_true(sum.failures >= 1);
    assert_reported(&r, "ok: checkpoint (tree size 9223372036854775807) is signed by");
    assert_reported(&r, "FAIL: inclusion: ");
    free(note);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* ---- the writer -------------------------------------------------------------------- */

static ldg_code wrong_node(void *ctx, unsigned level, uint64_t index, ldg_hash *out,
                           ldg_error *err)
{
    ldg_code rc = mem_node(ctx, level, index, out, err);

    out->b[0] ^= 1;
    return rc;
}

static void test_bundle_writer_refusals(void **state)
{
    sample s;
    ldg_signer *other = key_of(9, KEYNAME);
    char *other_vkey = vkey_of(other);
    json_t *scope = q("{'invoice': '" NUMBER "'}"), *bad_scope = q("{'from': 'x'}");
    ldg_bundle_header h = { 0 };
    ldg_bundle_consistency c = { 0 };
    ldg_bundle_writer *w = NULL;
    ldg_buf out = { 0 };
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    h.tenant = "anthropic";
    h.vkey = s.vkey;
    h.checkpoint = s.note;
    h.scope = scope;

    h.vkey = other_vkey;
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, &err), LDG_EINVAL);
    assert_null(w);
    h.vkey = s.vkey;
    h.tenant = "openai";
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, &err), LDG_EINVAL);
    assert_string_equal(err.message, "checkpoint origin \"" KEYNAME
                                     "/anthropic\" is not \"" KEYNAME "/openai\"");
    h.tenant = "anthropic";
    h.scope = bad_scope;
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_EINVAL);
    h.scope = scope;
    /* a consistency proof that does not prove it */
    c.size = 17;
    root_at(&c.root, &s.log, 17);
    h.consistency = &c;
    h.nconsistency = 1;
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_EINVAL);
    c.size = 22;
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, &err), LDG_EINVAL);
    assert_string_equal(err.message, "consistency proof from tree size 22: not 1..21");
    h.nconsistency = 0;

    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_finish(w, mem_node, &s.log, NULL, &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "the bundle covers no entry");
    ldg_bundle_writer_free(w);

    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    assert_int_equal(ldg_bundle_writer_add(w, 1, s.log.bytes[1], s.log.len[1], NULL),
                     LDG_OK);
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_add(w, 1, s.log.bytes[1], s.log.len[1], &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "entry seq 1 does not follow seq 1");
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_add(w, 21, s.log.bytes[1], s.log.len[1], &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "entry seq 21 is not below the checkpoint's size 21");
    assert_int_equal(ldg_bundle_writer_add(w, 2, "a\nb", 3, NULL), LDG_EINVAL);
    ldg_error_clear(&err);
    assert_int_equal(ldg_bundle_writer_finish(w, wrong_node, &s.log, NULL, &err),
                     LDG_EINVAL);
    assert_non_null(strstr(err.message, "do not reproduce the checkpoint's root"));
    ldg_bundle_writer_free(w);

    /* the entry's bytes are not those logged at that seq */
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    assert_int_equal(ldg_bundle_writer_add(w, 1, s.log.bytes[2], s.log.len[2], NULL),
                     LDG_OK);
    assert_int_equal(ldg_bundle_writer_finish(w, mem_node, &s.log, NULL, NULL),
                     LDG_EINVAL);
    ldg_bundle_writer_free(w);

    ldg_buf_cleanup(&out);
    json_decref(scope);
    json_decref(bad_scope);
    free(other_vkey);
    ldg_signer_free(other);
    sample_free(&s);
}

/* A range bundle: only the usage of one meter in a range, and the contract. */
static void test_bundle_range_scope(void **state)
{
    sample s;
    json_t *scope = q("{'from': '2026-11-10T00:00:00Z', 'to': '2026-11-10T03:00:00Z',"
                      " 'meter': 'hall-A'}");
    ldg_bundle_header h = { 0 };
    ldg_bundle_writer *w = NULL;
    ldg_buf out = { 0 };
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;
    int64_t covered[] = { 0, 2, 4, 6, 16 }; /* contract, hall-A hours 0..2, the fix */

    (void)state;
    sample_build(&s, 0);
    h.tenant = "anthropic";
    h.vkey = s.vkey;
    h.checkpoint = s.note;
    h.scope = scope;
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(ldg_bundle_writer_add(w, covered[i], s.log.bytes[covered[i]],
                                               s.log.len[covered[i]], NULL),
                         LDG_OK);
    assert_int_equal(ldg_bundle_writer_finish(w, mem_node, &s.log, NULL, NULL), LDG_OK);
    ldg_bundle_writer_free(w);
    assert_verify_runs(&sum, &r, out.data, out.len, s.vkey, &err);
    if (sum.failures)
        fail_msg("%s", r.text);
    assert_int_equal(sum.entries, 5);
    assert_int_equal(sum.usage, 4);
    assert_int_equal(sum.documents, 0);

    /* a record of another meter does not belong */
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    ldg_buf_reset(&out);
    ldg_bundle_writer_free(w);
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    assert_int_equal(ldg_bundle_writer_add(w, 1, s.log.bytes[1], s.log.len[1], NULL),
                     LDG_OK);
    assert_int_equal(ldg_bundle_writer_finish(w, mem_node, &s.log, NULL, NULL), LDG_OK);
    ldg_bundle_writer_free(w);
    assert_verify_runs(&sum, &r, out.data, out.len, s.vkey, &err);
    assert_int_equal(sum.failures, 1);
    assert_reported(
        &r, "FAIL: usage seq 1 is of meter \"pod-h100-0001\", outside the bundle's"
            " scope (meter \"hall-A\")");
    ldg_buf_cleanup(&out);
    json_decref(scope);
    sample_free(&s);
}

/* Strings with escapes in their canonical bytes (a quote, a tab, non-ASCII) take the
 * full parse and verify; escaping the bundle's entries any other way than RFC 8785 does
 * is refused. */
static void test_bundle_escaped_strings_and_other_escapings(void **state)
{
    static const struct {
        const char *from, *to, *want;
    } cases[] = {
        { "\\\\t", "\\u005ct",
          "bundle is not in canonical form (RFC 8785): entry line 2" },
        { "hall/", "hall\\/",
          "bundle is not in canonical form (RFC 8785): entry line 2" },
        { "}\\n\",\"format", "}\\u000a\",\"format", "do not end with a line break" },
        { "}\\n{", "}\\u000a{",
          "bundle is not in canonical form (RFC 8785): entry line 1" },
        { "}\\n\",\"format", "}\\u00zz\\n\",\"format",
          "not valid JSON: an invalid escape" },
        { "}\\n\",\"format", "}\\x\",\"format", "bundle is not valid JSON: " },
        { "}\\n\",\"format", "}\\u00e9\\n\",\"format",
          "bundle is not in canonical form (RFC 8785): an escape" },
        /* line 1 is plain (ASCII, no escape but \"): taken without escaping it again
         * (issue 13), unless it holds another escape */
        { "{\\\"data\\\"", "{\\\"d\\u0061ta\\\"",
          "bundle is not in canonical form (RFC 8785): entry line 1 is escaped "
          "otherwise" },
        { "{\\\"data\\\"", "{\\\"d\\/ata\\\"",
          "bundle is not in canonical form (RFC 8785): entry line 1 is escaped "
          "otherwise" },
        /* the depth count passes over the entries' content only: a member after them
         * nested too deep is still refused before Jansson sees it */
        { "\"scope\":{", "\"scope\":[[[[[[[[[{", "bundle nests deeper than 8 levels" },
        /* a quantity out of range is malformed input, LDG_EINVAL (fuzz_bundle found
         * LDG_ERANGE here) */
        { "\\\"quantity\\\":\\\"0.001000\\\"",
          "\\\"quantity\\\":\\\"10000000000000.000000\\\"", "out of range" },
    };
    sample s;
    json_t *scope = q("{'from': '2026-11-10T00:00:00Z', 'to': '2026-11-11T00:00:00Z'}");
    ldg_bundle_header h = { 0 };
    ldg_bundle_writer *w = NULL;
    ldg_buf out = { 0 };
    reports r;
    ldg_bundle_summary sum;
    ldg_error err;
    int64_t seq;

    (void)state;
    sample_build(&s, 0);
    free(s.note);
    seq = add_usage(&s.log, "anthropic", "hall/\"A\"\tN\xc3\xa9", "energy", NULL,
                    "2026-11-10T07:00:00Z", "2026-11-10T08:00:00Z", "0.001",
                    "\xe2\x82\xac/1", NULL);
    s.note = note_at(&s.log, s.log.n, s.key, "anthropic");
    h.tenant = "anthropic";
    h.vkey = s.vkey;
    h.checkpoint = s.note;
    h.scope = scope;
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
    assert_int_equal(ldg_bundle_writer_add(w, 0, s.log.bytes[0], s.log.len[0], NULL),
                     LDG_OK);
    assert_int_equal(
        ldg_bundle_writer_add(w, seq, s.log.bytes[seq], s.log.len[seq], NULL), LDG_OK);
    assert_int_equal(ldg_bundle_writer_finish(w, mem_node, &s.log, NULL, NULL), LDG_OK);
    ldg_bundle_writer_free(w);
    assert_verify_runs(&sum, &r, out.data, out.len, s.vkey, &err);
    if (sum.failures)
        fail_msg("%s", r.text);
    assert_int_equal(sum.usage, 1);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *hit = strstr(out.data, cases[i].from);
        size_t a = strlen(cases[i].from), c = strlen(cases[i].to), pre;
        char *bad;

        if (!hit)
            fail_msg("case %zu: no %s in the bundle", i, cases[i].from);
        pre = (size_t)(hit - out.data);
        bad = malloc(out.len - a + c);
        assert_non_null(bad);
        memcpy(bad, out.data, pre);
        memcpy(bad + pre, cases[i].to, c);
        memcpy(bad + pre + c, hit + a, out.len - pre - a);
        expect_malformed(bad, out.len - a + c, cases[i].want);
        free(bad);
    }
    ldg_buf_cleanup(&out);
    json_decref(scope);
    sample_free(&s);
}

/* ---- the standalone consistency document ---------------------------------------------
 */

static char *consistency_doc(const sample *s, uint64_t old, uint64_t new_size)
{
    ldg_hash proof[LDG_PROOF_MAX];
    size_t n = 0;
    json_t *j = json_object(), *p = json_array();
    char *note = note_at(&s->log, new_size, s->key, "anthropic"), *out;

    assert_int_equal(ldg_tree_consistency_proof(proof, &n, old, new_size, mem_tile,
                                                (void *)(uintptr_t)&s->log, NULL),
                     LDG_OK);
    for (size_t i = 0; i < n; i++) {
        char b64[45];
        ldg_hash_to_base64(b64, &proof[i]);
        json_array_append_new(p, json_string(b64));
    }
    json_object_set_new(j, "checkpoint", json_string(note));
    json_object_set_new(j, "new_size", json_integer((json_int_t)new_size));
    json_object_set_new(j, "old_size", json_integer((json_int_t)old));
    json_object_set_new(j, "proof", p);
    json_object_set_new(j, "tenant", json_string("anthropic"));
    out = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(j);
    free(note);
    return out;
}

static void test_bundle_consistency_document(void **state)
{
    sample s;
    char *doc, *kept;
    ldg_hash forged;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    doc = consistency_doc(&s, 5, 21);
    kept = note_at(&s.log, 5, s.key, "anthropic");
    assert_int_equal(
        ldg_bundle_verify_consistency(doc, strlen(doc), kept, strlen(kept), s.vkey, NULL),
        LDG_OK);
    free(kept);
    root_at(&forged, &s.log, 4);
    kept = note_for(&forged, 5, s.key, "anthropic");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_bundle_verify_consistency(doc, strlen(doc), kept, strlen(kept), s.vkey, &err),
        LDG_EINVAL);
    assert_non_null(strstr(err.message, "consistency proof"));
    free(kept);
    kept = note_at(&s.log, 6, s.key, "anthropic");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_bundle_verify_consistency(doc, strlen(doc), kept, strlen(kept), s.vkey, &err),
        LDG_EINVAL);
    assert_string_equal(
        err.message, "the document's sizes are not those of the checkpoints (6 and 21)");
    free(kept);
    kept = note_at(&s.log, 5, s.key, "openai");
    assert_int_equal(
        ldg_bundle_verify_consistency(doc, strlen(doc), kept, strlen(kept), s.vkey, NULL),
        LDG_EINVAL);
    free(kept);
    assert_int_equal(ldg_bundle_verify_consistency("{", 1, "x", 1, s.vkey, NULL),
                     LDG_EINVAL);
    free(doc);
    sample_free(&s);
}

/* ---- completeness (F4) --------------------------------------------------------------
 */

#define ITEM_DOWNTIME   13 /* sample items: the downtime record worth an SLA credit */
#define ITEM_CORRECTION 14 /* and the negative correction */

/* The invoice bundle an operator hands over: the contract, every entry from the
 * invoice's basis.from up to the invoice but `drop` (-1: none), and the invoice, with a
 * multi-proof the operator computes correctly for exactly those entries. */
static void cover_bundle(ldg_buf *out, const sample *s, int64_t drop)
{
    ldg_bundle_consistency cons = { 0 };
    ldg_hash proof[LDG_PROOF_MAX];
    ldg_bundle_header h = { 0 };
    ldg_bundle_writer *w = NULL;
    json_t *scope = q("{'invoice': '" NUMBER "'}");

    cons.size = s->rated[0];
    root_at(&cons.root, &s->log, cons.size);
    assert_int_equal(ldg_tree_consistency_proof(proof, &cons.n, cons.size, s->log.n,
                                                mem_tile, (void *)(uintptr_t)&s->log,
                                                NULL),
                     LDG_OK);
    cons.proof = proof;
    h.tenant = "anthropic";
    h.vkey = s->vkey;
    h.checkpoint = s->note;
    h.scope = scope;
    h.consistency = &cons;
    h.nconsistency = 1;
    memset(out, 0, sizeof(*out));
    assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, out, NULL), LDG_OK);
    for (int64_t seq = 0; seq <= s->doc_seq[0]; seq++)
        if ((seq == 0 || seq >= s->basis_from) && seq != drop)
            assert_int_equal(
                ldg_bundle_writer_add(w, seq, s->log.bytes[seq], s->log.len[seq], NULL),
                LDG_OK);
    assert_int_equal(
        ldg_bundle_writer_finish(w, mem_node, (void *)(uintptr_t)&s->log, NULL, NULL),
        LDG_OK);
    ldg_bundle_writer_free(w);
    json_decref(scope);
}

/* An invoice with a basis, bundled with everything it covers: complete. */
static void test_bundle_basis_complete(void **state)
{
    sample s;
    ldg_buf b;
    ldg_bundle_summary sum;
    reports r;
    ldg_error err;

    (void)state;
    sample_build_ex(&s, 0, true, -1);
    cover_bundle(&b, &s, -1);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    if (sum.failures != 0)
        fail_msg("%s", r.text);
    assert_reported(&r, NUMBER ": complete: the bundle holds all ");
    assert_int_equal(sum.complete, 1);
    assert_int_equal(sum.incomplete, 0);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* An invoice issued before the commitment verifies as before, and says it cannot prove
 * completeness (never counted complete). */
static void test_bundle_without_basis_is_not_called_complete(void **state)
{
    sample s;
    ldg_buf b;
    ldg_bundle_summary sum;
    reports r;
    ldg_error err;

    (void)state;
    sample_build(&s, 0);
    sample_bundle(&b, &s, NULL, 0, NULL);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    assert_int_equal(sum.failures, 0);
    assert_reported(&r, NUMBER ": completeness not provable: invoice predates the"
                               " commitment");
    assert_int_equal(sum.complete, 0);
    assert_int_equal(sum.incomplete, 1);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* The operator rated everything but hands over a bundle without one record (its proof
 * computed for what is left): the basis range is not covered, and the committed set is
 * not met. */
static void test_bundle_basis_record_left_out_of_bundle(void **state)
{
    static const int items[] = { ITEM_DOWNTIME, ITEM_CORRECTION };

    (void)state;
    for (size_t k = 0; k < 2; k++) {
        sample s;
        ldg_buf b;
        ldg_bundle_summary sum;
        reports r;
        ldg_error err;

        sample_build_ex(&s, 0, true, -1);
        cover_bundle(&b, &s, s.item_seq[items[k]]);
        assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
        assert_reported(&r, "ok: all "); /* the inclusion proof itself holds */
        assert_reported(&r, "FAIL: " NUMBER ": the bundle lacks 1 of the ");
        assert_reported(&r, "FAIL: " NUMBER ": it commits to ");
        assert_int_equal(sum.complete, 0);
        assert_true(sum.failures >= 2);
        ldg_buf_cleanup(&b);
        sample_free(&s);
    }
}

/* The operator rated without a tenant-favourable record (the downtime record worth an
 * SLA credit, or the negative correction) and committed to a set without it. Bundled
 * without it: the range the basis covers shows the gap. Bundled with it: the committed
 * set and the re-rating both differ. Either way it fails. */
static void test_bundle_basis_invoice_ignoring_a_record_fails(void **state)
{
    static const int items[] = { ITEM_DOWNTIME, ITEM_CORRECTION };

    (void)state;
    for (size_t k = 0; k < 2; k++) {
        sample s;
        ldg_buf b;
        ldg_bundle_summary sum;
        reports r;
        ldg_error err;

        sample_build_ex(&s, 0, true, items[k]);
        assert_true(s.basis_from <= s.item_seq[items[k]]);
        cover_bundle(&b, &s, s.item_seq[items[k]]);
        assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
        assert_reported(&r, "FAIL: " NUMBER ": the bundle lacks 1 of the ");
        assert_int_equal(sum.complete, 0);
        ldg_buf_cleanup(&b);

        cover_bundle(&b, &s, -1);
        assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
        assert_reported(&r, "FAIL: " NUMBER ": it commits to 15 entries");
        assert_true(sum.failures >= 2); /* and the re-rating differs */
        assert_int_equal(sum.complete, 0);
        ldg_buf_cleanup(&b);
        sample_free(&s);
    }
}

/* A bundle may carry more than the basis range (here every entry from the contract
 * on, December records among them): those are leaves, not re-rated. */
static void test_bundle_basis_with_more_than_its_range_verifies(void **state)
{
    sample s;
    ldg_buf b;
    ldg_bundle_summary sum;
    reports r;
    ldg_error err;

    (void)state;
    sample_build_ex(&s, 0, true, -1);
    s.basis_from = 0;
    cover_bundle(&b, &s, -1);
    assert_verify_runs(&sum, &r, b.data, b.len, s.vkey, &err);
    assert_int_equal(sum.failures, 0);
    assert_int_equal(sum.complete, 1);
    ldg_buf_cleanup(&b);
    sample_free(&s);
}

/* Issue 11: a log with a "witness" entry; a range bundle carrying it verifies (bundles
 * carry the kind as a leaf); the checkpoint with the tenant's cosignature appended still
 * verifies with the operator's key alone, the cosignature verifies with the witness key
 * given, and --require-cosigned fails on the same bundle without it or with another
 * witness key. */
static void test_bundle_witness_entry_and_cosignature(void **state)
{
    uint8_t seed[32] = { 9 }, wseed[32] = { 10 };
    ldg_signer *op = NULL, *wit = NULL;
    ldg_cosig_key wk;
    ldg_cosig c;
    char wvkey[LDG_VERIFIER_KEY_MAX], line[LDG_COSIG_LINE_MAX];
    const char *witness[1] = { wvkey };
    const char *other[1] = {
        "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
    };
    json_t *scope = q("{'from': '2026-11-10T00:00:00Z', 'to': '2026-11-11T00:00:00Z'}");
    ldg_bundle_verify_opts o = { 0 };
    ldg_bundle_header h = { 0 };
    ldg_bundle_writer *w = NULL;
    ldg_bundle_summary sum;
    ldg_buf out = { 0 };
    tlog l = { 0 };
    size_t body_len = 0, at = 0;
    char *vkey, *note, *cosigned;
    reports r;
    ldg_error err;

    (void)state;
    assert_int_equal(
        ldg_signer_from_seed(&op, "example-operator.com/leaseledger", seed, NULL),
        LDG_OK);
    assert_int_equal(ldg_signer_from_seed(&wit, "witness.example/anthropic", wseed, NULL),
                     LDG_OK);
    vkey = vkey_of(op);
    assert_int_equal(ldg_cosig_key_of(&wk, wit, NULL), LDG_OK);
    assert_int_equal(ldg_cosig_key_format(wvkey, sizeof(wvkey), &wk, NULL), LDG_OK);
    add_doc(&l, "anthropic", "contract", q(CONTRACT));
    add_doc(&l, "anthropic", "witness",
            json_pack("{s:s, s:s}", "added", "2026-11-10T00:00:00Z", "vkey", wvkey));
    note = note_at(&l, 2, op, "anthropic");
    assert_int_equal(ldg_note_split(&body_len, &at, note, strlen(note), NULL), LDG_OK);
    assert_int_equal(ldg_cosig_sign(&c, note, body_len, 1795000000u, wit, NULL), LDG_OK);
    assert_int_equal(ldg_cosig_format(line, sizeof(line), &c, NULL), LDG_OK);
    cosigned = malloc(strlen(note) + strlen(line) + 1);
    assert_non_null(cosigned);
    snprintf(cosigned, strlen(note) + strlen(line) + 1, "%s%s", note, line);

    for (int pass = 0; pass < 4; pass++) {
        h.tenant = "anthropic";
        h.vkey = vkey;
        h.checkpoint = pass == 1 ? note : cosigned;
        h.scope = scope;
        ldg_buf_reset(&out);
        assert_int_equal(ldg_bundle_writer_new(&w, &h, buf_sink, &out, NULL), LDG_OK);
        for (int64_t i = 0; i < 2; i++)
            assert_int_equal(ldg_bundle_writer_add(w, i, l.bytes[i], l.len[i], NULL),
                             LDG_OK);
        assert_int_equal(ldg_bundle_writer_finish(w, mem_node, &l, NULL, NULL), LDG_OK);
        ldg_bundle_writer_free(w);
        memset(&r, 0, sizeof(r));
        memset(&o, 0, sizeof(o));
        o.vkey = vkey;
        o.report = on_report;
        o.ctx = &r;
        o.witness = pass == 2 ? other : witness;
        o.nwitness = pass == 3 ? 0 : 1;
        o.require_cosigned = pass != 3;
        ldg_error_clear(&err);
        assert_int_equal(ldg_bundle_verify(&sum, out.data, out.len, &o, &err), LDG_OK);
        if (pass == 0) { /* cosigned, the witness given */
            if (sum.failures)
                fail_msg("%s", r.text);
            assert_int_equal(sum.entries, 2);
            assert_int_equal(sum.cosigned, 1);
            assert_reported(&r, "is cosigned by witness \"witness.example/anthropic\"");
        } else if (pass == 3) { /* cosigned, no witness given: noted, not counted */
            if (sum.failures)
                fail_msg("%s", r.text);
            assert_int_equal(sum.cosigned, 0);
            assert_reported(&r, "not checked: give that witness's key with --witness");
        } else { /* not cosigned (1), or not by the witness given (2) */
            assert_int_equal(sum.failures, 1);
            assert_int_equal(sum.cosigned, 0);
            assert_reported(&r, "FAIL: checkpoint carries no cosignature by witness");
        }
    }
    ldg_buf_cleanup(&out);
    json_decref(scope);
    free(cosigned);
    free(note);
    free(vkey);
    tlog_free(&l);
    ldg_signer_free(wit);
    ldg_signer_free(op);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundle_proof_nodes_by_hand),
        cmocka_unit_test(test_bundle_proof_nodes_rejects_bad_leaves),
        cmocka_unit_test(test_bundle_proof_root_rfc6962_vectors),
        cmocka_unit_test(test_bundle_proof_root_refuses_wrong_nodes),
        cmocka_unit_test(test_bundle_sample_verifies),
        cmocka_unit_test(test_bundle_without_vkey_says_it_used_its_own_key),
        cmocka_unit_test(test_bundle_every_flipped_byte_fails),
        cmocka_unit_test(test_bundle_signed_by_another_key_fails),
        cmocka_unit_test(test_bundle_inflated_invoice_line_fails_rerating),
        cmocka_unit_test(test_bundle_altered_line_in_bundle_fails),
        cmocka_unit_test(test_bundle_tenant_swap_fails),
        cmocka_unit_test(test_bundle_kept_checkpoint_consistency),
        cmocka_unit_test(test_bundle_supplementary_and_credit_note_verify),
        cmocka_unit_test(test_bundle_truncated_fails_cleanly),
        cmocka_unit_test(test_bundle_size_and_depth_limits),
        cmocka_unit_test(test_bundle_hostile_members),
        cmocka_unit_test(test_bundle_hostile_numbers_and_form),
        cmocka_unit_test(test_bundle_proofs_of_wrong_length_fail),
        cmocka_unit_test(test_bundle_tree_size_2_63),
        cmocka_unit_test(test_bundle_writer_refusals),
        cmocka_unit_test(test_bundle_range_scope),
        cmocka_unit_test(test_bundle_witness_entry_and_cosignature),
        cmocka_unit_test(test_bundle_escaped_strings_and_other_escapings),
        cmocka_unit_test(test_bundle_consistency_document),
        cmocka_unit_test(test_bundle_basis_complete),
        cmocka_unit_test(test_bundle_without_basis_is_not_called_complete),
        cmocka_unit_test(test_bundle_basis_record_left_out_of_bundle),
        cmocka_unit_test(test_bundle_basis_invoice_ignoring_a_record_fails),
        cmocka_unit_test(test_bundle_basis_with_more_than_its_range_verifies),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
