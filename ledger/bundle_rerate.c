/*
 * Re-rating and completeness: the bundled invoices and credit notes checked against
 * what the operator's own rating code makes of the bundled contract and usage entries
 * (rate.h, invoice.h). Part of the bundle family (bundle_int.h); bundle_verify.c runs
 * it once the bundle is read and its proofs checked.
 *
 * Invariant: a document's lines are never compared with themselves. Each is recomputed
 * by ldg_rate_* from the contract entries logged before the document and the usage
 * records one rule selects (usage_counts), and that same rule picks what the document's
 * basis must commit to, so re-rating and completeness cannot select differently.
 *
 * Design. An amending document (supplementary invoice, credit note) is checked as the
 * difference between the re-rated period and the documents issued before it, through
 * ldg_invoice_diff, the function that issued it. In an invoice bundle only the scope's
 * family (the original and what amends it) is re-rated; other documents are there as
 * leaves of a basis range. The work, documents x usage records, is bounded before any
 * (LDG_BUNDLE_MAX_RERATE). Dropped: reading the expected lines from the bundle, and
 * re-rating every document of a range bundle against every other.
 */
#include "ledger/bundle_int.h"
#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/invoice_terms.h"
#include "ledger/rate.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static const char *doc_number(const doc_item *d)
{
    return ldg_bundle__str_member(json_object_get(d->entry, "data"), "number");
}

static void describe_line(char *buf, size_t size, const ldg_line *l)
{
    char f[LDG_TIME_BUFLEN], t[LDG_TIME_BUFLEN];
    const char *cls = ldg_contract_class_name(l->cls);

    snprintf(buf, size, "%s%s%s %s..%s", ldg_rate_stream_name(l->stream), cls ? " " : "",
             cls ? cls : "", ldg_time_format(f, l->from), ldg_time_format(t, l->to));
}

/* Compares what re-rating gives (want) with what the document says (got), line by line.
 * Returns the number of differences reported. */
static int compare_drafts(vctx *v, const char *number, const ldg_draft *want,
                          const ldg_draft *got)
{
    size_t nw = ldg_rate_draft_line_count(want), ng = ldg_rate_draft_line_count(got);
    int digits = ldg_rate_draft_currency_digits(got), bad = 0;
    char a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN], c[LDG_FIXED_BUFLEN],
        d[LDG_FIXED_BUFLEN];
    char e[LDG_FIXED_BUFLEN], f[LDG_FIXED_BUFLEN], what[160];

    if (digits < 0 || digits > 6)
        digits = 6;
    for (size_t i = 0; i < nw || i < ng; i++) {
        const ldg_line *lw = i < nw ? ldg_rate_draft_line(want, i) : NULL;
        const ldg_line *lg = i < ng ? ldg_rate_draft_line(got, i) : NULL;

        if (!lg) {
            describe_line(what, sizeof(what), lw);
            ldg_bundle__say(
                v, 0,
                "%s: re-rating gives a line %zu (%s, amount %s) the document does not"
                " have",
                number, i + 1, what, ldg_fixed_format(a, lw->amount_micros, digits));
            bad++;
        } else if (!lw) {
            describe_line(what, sizeof(what), lg);
            ldg_bundle__say(
                v, 0, "%s line %zu (%s, amount %s): re-rating gives no such line", number,
                i + 1, what, ldg_fixed_format(a, lg->amount_micros, digits));
            bad++;
        } else if (lw->stream != lg->stream || lw->cls != lg->cls ||
                   lw->from != lg->from || lw->to != lg->to ||
                   strcmp(lw->unit, lg->unit) != 0) {
            char what2[160];

            describe_line(what, sizeof(what), lg);
            describe_line(what2, sizeof(what2), lw);
            ldg_bundle__say(v, 0, "%s line %zu is %s where re-rating gives %s", number,
                            i + 1, what, what2);
            bad++;
        } else if (lw->qty_micros != lg->qty_micros ||
                   lw->rate_micros != lg->rate_micros ||
                   lw->amount_micros != lg->amount_micros) {
            describe_line(what, sizeof(what), lg);
            ldg_bundle__say(
                v, 0,
                "%s line %zu (%s) does not match re-rating: quantity %s rate %s"
                " amount %s in the document; re-rated quantity %s rate %s amount %s",
                number, i + 1, what, ldg_fixed_format(a, lg->qty_micros, 6),
                ldg_fixed_format(b, lg->rate_micros, 6),
                ldg_fixed_format(c, lg->amount_micros, digits),
                ldg_fixed_format(d, lw->qty_micros, 6),
                ldg_fixed_format(e, lw->rate_micros, 6),
                ldg_fixed_format(f, lw->amount_micros, digits));
            bad++;
        }
    }
    if (ldg_rate_draft_total(want) != ldg_rate_draft_total(got)) {
        ldg_bundle__say(v, 0, "%s total %s does not match the re-rated total %s", number,
                        ldg_fixed_format(a, ldg_rate_draft_total(got), digits),
                        ldg_fixed_format(b, ldg_rate_draft_total(want), digits));
        bad++;
    }
    return bad;
}

/* The contract of d's invoice, from the contract entries logged before d. NULL after
 * reporting when it cannot be made. */
static ldg_contract *contract_for(vctx *v, const doc_item *d, const char *id,
                                  int64_t *base_seq)
{
    const json_t *base = NULL;
    const json_t **amend = NULL;
    size_t na = 0;
    ldg_contract *c = NULL;
    char q1[LDG_QUOTE_BUFLEN], q2[LDG_QUOTE_BUFLEN];
    ldg_error e;

    if (v->nd > 0 && !(amend = calloc(v->nd, sizeof(*amend)))) {
        ldg_bundle__say(v, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < v->nd && v->docs[i].seq < d->seq; i++) {
        const json_t *data = json_object_get(v->docs[i].entry, "data");
        const char *cid = ldg_bundle__str_member(data, "contract"),
                   *am = ldg_bundle__str_member(data, "amends");

        if (v->docs[i].kind != DOC_CONTRACT || !cid || strcmp(cid, id) != 0)
            continue;
        if (!json_object_get(data, "amends") && !base) {
            base = data;
            *base_seq = v->docs[i].seq;
        } else if (am && strcmp(am, id) == 0) {
            amend[na++] = data;
        }
    }
    ldg_error_clear(&e);
    if (!base)
        ldg_bundle__say(
            v, 0, "%s: contract %s is not among the bundle's entries before seq %" PRId64,
            ldg_invoice_number(d->inv), ldg_bundle__quote(q1, id), d->seq);
    else if (ldg_contract_from_json(&c, base, amend, na, &e) != LDG_OK)
        ldg_bundle__say(v, 0, "%s: contract %s in the bundle is not valid: %s",
                        ldg_invoice_number(d->inv), ldg_bundle__quote(q1, id), e.message);
    else if (strcmp(ldg_contract_tenant(c), v->tenant) != 0) {
        ldg_bundle__say(v, 0, "%s: contract %s is tenant %s's, not \"%s\"'s",
                        ldg_invoice_number(d->inv), ldg_bundle__quote(q1, id),
                        ldg_bundle__quote(q2, ldg_contract_tenant(c)), v->tenant);
        ldg_contract_free(c);
        c = NULL;
    }
    free(amend);
    return c;
}

/* A usage record the document could be rated from: below its rated-from size, at its
 * contract's site, overlapping both its period and the contract's term (a record across
 * the term's edge is rated for its part inside: DESIGN.md, "Records at the edges of a
 * term"). rerate() and the completeness check select by this one rule. */
static bool usage_counts(const vctx *v, const usage_item *u, const ldg_invoice *inv,
                         const ldg_contract *c)
{
    ldg_period p = ldg_invoice_period(inv);

    return u->seq < ldg_invoice_rated_from_size(inv) &&
           strcmp(v->sites[u->site], ldg_contract_site(c)) == 0 && u->end > p.start &&
           u->start < p.end && u->end > ldg_contract_starts(c) &&
           u->start < ldg_contract_ends(c);
}

/* Rates inv's period from the bundled usage below its rated_from size. */
static ldg_draft *rerate(vctx *v, const doc_item *d, const ldg_contract *c, int64_t *used)
{
    const ldg_invoice *inv = d->inv;
    ldg_period p = ldg_invoice_period(inv);
    ldg_rating *r = NULL;
    ldg_draft *draft = NULL;
    ldg_error e;

    *used = 0;
    ldg_error_clear(&e);
    if (ldg_rate_new(&r, c, p, &e) != LDG_OK) {
        ldg_bundle__say(v, 0, "%s: could not rate: %s", ldg_invoice_number(inv),
                        e.message);
        return NULL;
    }
    for (size_t i = 0; i < v->nu; i++) {
        const usage_item *u = &v->usage[i];
        ldg_usage item;

        if (!usage_counts(v, u, inv, c))
            continue;
        assert(usage_item_ok(u)); /* as bundle_parse.c stored it */
        if (!ldg_rate_usage_of(&item, u->kind, u->cls))
            continue; /* maintenance: in the basis, never rated */
        item.start = u->start;
        item.end = u->end;
        item.qty_micros = u->qty;
        if (ldg_rate_add(r, &item, &e) != LDG_OK) {
            ldg_bundle__say(v, 0, "%s: usage seq %" PRId64 " cannot be rated: %s",
                            ldg_invoice_number(inv), u->seq, e.message);
            ldg_rate_free(r);
            return NULL;
        }
        (*used)++;
    }
    if (ldg_rate_finish(&draft, r, &e) != LDG_OK)
        ldg_bundle__say(v, 0, "%s: could not rate: %s", ldg_invoice_number(inv),
                        e.message);
    ldg_rate_free(r);
    return draft;
}

/* Supplementary invoices and credit notes: the difference between the re-rated period
 * and the documents issued before, which must equal the document. */
static void check_amendment(vctx *v, const doc_item *d, const ldg_draft *rerated)
{
    const char *orig = ldg_invoice_amends(d->inv);
    const ldg_invoice **earlier = calloc(v->nd, sizeof(*earlier));
    ldg_draft *sup = NULL, *cn = NULL;
    const ldg_draft *want;
    size_t n = 0;
    bool have_orig = false;
    ldg_error e;

    if (!earlier) {
        ldg_bundle__say(v, 0, "out of memory");
        return;
    }
    for (size_t i = 0; i < v->nd && v->docs[i].seq < d->seq; i++) {
        const ldg_invoice *x = v->docs[i].inv;

        if (!x)
            continue;
        if (strcmp(ldg_invoice_number(x), orig) == 0 && !ldg_invoice_amends(x)) {
            have_orig = true;
            earlier[n++] = x;
        } else if (ldg_invoice_amends(x) && strcmp(ldg_invoice_amends(x), orig) == 0) {
            earlier[n++] = x;
        }
    }
    ldg_error_clear(&e);
    if (!have_orig) {
        ldg_bundle__say(v, 0,
                        "%s amends %s, which is not among the bundle's entries before it",
                        ldg_invoice_number(d->inv), orig);
    } else if (ldg_invoice_diff(&sup, &cn, rerated, earlier, n, &e) != LDG_OK) {
        ldg_bundle__say(v, 0, "%s: %s", ldg_invoice_number(d->inv), e.message);
    } else {
        want = d->kind == DOC_INVOICE ? sup : cn;
        if (!want)
            ldg_bundle__say(
                v, 0, "%s: re-rating against the %zu earlier documents gives no %s",
                ldg_invoice_number(d->inv), n,
                d->kind == DOC_INVOICE ? "supplementary invoice" : "credit note");
        else if (compare_drafts(v, ldg_invoice_number(d->inv), want,
                                ldg_invoice_draft(d->inv)) == 0)
            ldg_bundle__say(
                v, 1,
                "%s: all %zu line%s and the total equal the difference between the"
                " re-rated period and the %zu document%s before it",
                ldg_invoice_number(d->inv), ldg_invoice_line_count(d->inv),
                plural(ldg_invoice_line_count(d->inv)), n, plural(n));
    }
    ldg_rate_draft_free(sup);
    ldg_rate_draft_free(cn);
    free(earlier);
}

/* The documents of d's period before it (the original and what amends it) into
 * earlier (room for v->nd); returns how many. */
static size_t family_before(const vctx *v, const doc_item *d, const ldg_invoice **earlier)
{
    const char *orig = ldg_invoice_amends(d->inv);
    size_t n = 0;

    for (size_t i = 0; orig && i < v->nd && v->docs[i].seq < d->seq; i++) {
        const ldg_invoice *x = v->docs[i].inv;
        const char *amends = x ? ldg_invoice_amends(x) : NULL;

        if (x && ((!amends && strcmp(ldg_invoice_number(x), orig) == 0) ||
                  (amends && strcmp(amends, orig) == 0)))
            earlier[n++] = x;
    }
    return n;
}

/* Whether the document's tax element x is entry e of the contract with amount a. */
static bool tax_matches(const ldg_invoice_tax *x, const ldg_tax_entry *e,
                        const ldg_tax_amount *a)
{
    return x->category == e->category && strcmp(x->name, e->name) == 0 &&
           x->percent_micros == e->percent_micros &&
           x->taxable_micros == a->taxable_micros && x->amount_micros == a->amount_micros;
}

/* A document issued with terms: its tax per entry recomputed from the contract's
 * entries and the documents of the period before it (invoice_terms.h). */
static void check_tax(vctx *v, const doc_item *d, const ldg_contract *c)
{
    const ldg_invoice_terms *t = ldg_invoice_terms_of(d->inv);
    const ldg_invoice **earlier;
    ldg_tax_amount want[LDG_TAX_MAX_ENTRIES];
    ldg_billing_terms bt;
    char a[LDG_FIXED_BUFLEN];
    size_t n, i;
    ldg_error e;

    if (!t)
        return; /* issued before documents carried tax */
    if (!(earlier = calloc(v->nd ? v->nd : 1, sizeof(*earlier)))) {
        ldg_bundle__say(v, 0, "out of memory");
        return;
    }
    ldg_invoice_terms_in_force(&bt, c, ldg_invoice_period(d->inv));
    n = family_before(v, d, earlier);
    ldg_error_clear(&e);
    if (ldg_invoice_tax_of(want, &bt, ldg_invoice_draft(d->inv), d->kind != DOC_INVOICE,
                           earlier, n, &e) != LDG_OK) {
        ldg_bundle__say(v, 0, "%s: its tax cannot be recomputed: %s",
                        ldg_invoice_number(d->inv), e.message);
    } else {
        for (i = 0; t->ntax == bt.ntax && i < bt.ntax; i++)
            if (!tax_matches(&t->tax[i], &bt.tax[i], &want[i]))
                break;
        if (t->ntax != bt.ntax || i < bt.ntax)
            ldg_bundle__say(v, 0,
                            "%s: the tax does not match the contract's %zu tax entr%s "
                            "recomputed over the %zu document%s before it",
                            ldg_invoice_number(d->inv), bt.ntax,
                            bt.ntax == 1 ? "y" : "ies", n, plural(n));
        else if (bt.ntax > 0)
            ldg_bundle__say(
                v, 1, "%s: the tax %s %s equals the contract's %zu tax entr%s",
                ldg_invoice_number(d->inv),
                ldg_fixed_format(
                    a, ldg_invoice_tax_total(d->inv),
                    ldg_rate_draft_currency_digits(ldg_invoice_draft(d->inv))),
                ldg_invoice_currency(d->inv), bt.ntax, bt.ntax == 1 ? "y" : "ies");
    }
    free(earlier);
}

/* ---- completeness ------------------------------------------------------------------ */

static const char *doc_amends(const doc_item *d)
{
    return ldg_bundle__str_member(json_object_get(d->entry, "data"), "amends");
}

/* d is the original `orig` or a document amending it. */
static bool in_family(const doc_item *d, const char *orig)
{
    const char *number = doc_number(d), *amends = doc_amends(d);

    return d->kind != DOC_CONTRACT && ((!amends && number && strcmp(number, orig) == 0) ||
                                       (amends && strcmp(amends, orig) == 0));
}

/* In an invoice bundle, the number of the scope document's original (its own, or the
 * one it amends); NULL in a range bundle or when the scope's document is absent (which
 * check_scope reports). */
static const char *family_of(const vctx *v)
{
    for (size_t i = 0; v->sc.invoice && i < v->nd; i++) {
        const char *number = doc_number(&v->docs[i]);

        if (v->docs[i].kind != DOC_CONTRACT && number &&
            strcmp(number, v->sc.invoice) == 0)
            return doc_amends(&v->docs[i]) ? doc_amends(&v->docs[i]) : number;
    }
    return NULL;
}

/* Whether the bundle's document d (not a contract) is re-rated: in an invoice bundle
 * only the scope's family; the others are there as leaves of a basis range. */
static bool rerated(const vctx *v, const doc_item *d)
{
    return d->kind != DOC_CONTRACT && !v->sc.statement &&
           (!v->family || in_family(d, v->family));
}

/* The bundle holds every log entry in [from, to). Else reports the first missing seq. */
static bool covers(vctx *v, const char *number, int64_t from, int64_t to)
{
    size_t a = ldg_bundle__lower_bound(v->idx, 0, v->n, (uint64_t)from);
    size_t b = ldg_bundle__lower_bound(v->idx, a, v->n, (uint64_t)to);
    int64_t missing = from;

    if ((int64_t)(b - a) == to - from)
        return true;
    for (size_t i = a; i < b && v->idx[i] == (uint64_t)missing; i++)
        missing++;
    ldg_bundle__say(
        v, 0,
        "%s: the bundle lacks %" PRId64 " of the %" PRId64 " log entries in seq [%" PRId64
        ", %" PRId64 ") its basis covers (the first is seq %" PRId64
        "): it cannot show that nothing the invoice could be rated from was left out",
        number, (to - from) - (int64_t)(b - a), to - from, from, to, missing);
    return false;
}

/* A document entry in d's basis: its contract's entries and its family's before it. */
static bool doc_counts(const doc_item *x, const doc_item *d, const char *id,
                       const char *orig)
{
    const json_t *data = json_object_get(x->entry, "data");
    const char *cid = ldg_bundle__str_member(data, "contract"),
               *am = ldg_bundle__str_member(data, "amends");

    if (x->seq >= d->seq)
        return false;
    if (x->kind == DOC_CONTRACT)
        return cid && strcmp(cid, id) == 0 &&
               (!json_object_get(data, "amends") || (am && strcmp(am, id) == 0));
    return in_family(x, orig);
}

/*
 * Completeness (docs/bundle.md): the bundle holds every entry in [basis.from, d's seq),
 * so no entry of that range is hidden behind a multi-proof hash; no usage record the
 * rating could use lies below basis.from; and the entries d could be rated from (its
 * contract's, its family's before it, the usage rerate() selects) are exactly the
 * count and digest d commits to.
 */
static void check_basis(vctx *v, const doc_item *d, const ldg_contract *c)
{
    const ldg_invoice_basis *b = ldg_invoice_basis_of(d->inv);
    const char *number = ldg_invoice_number(d->inv);
    const char *orig = ldg_invoice_amends(d->inv) ? ldg_invoice_amends(d->inv) : number;
    ldg_basis_digest *dg = NULL;
    ldg_invoice_basis got;
    size_t i = 0, j = 0, ndocs = 0;
    int64_t early = -1, nusage = 0;
    bool whole;
    ldg_error e;

    if (!b) {
        v->sum->incomplete++;
        ldg_bundle__say(
            v, LDG_BUNDLE_NOTE,
            "%s: completeness not provable: invoice predates the commitment (it carries"
            " no basis), so a record left out of both it and the bundle would not show",
            number);
        return;
    }
    ldg_error_clear(&e);
    whole = covers(v, number, b->from, d->seq);
    if (ldg_basis_digest_new(&dg, &e) != LDG_OK) {
        ldg_bundle__say(v, 0, "%s: %s", number, e.message);
        return;
    }
    /* merge the two seq-ordered lists into the digest */
    while (i < v->nd || j < v->nu) {
        bool take_doc_next =
            j == v->nu || (i < v->nd && v->docs[i].seq < v->usage[j].seq);
        int64_t seq;

        if (take_doc_next) {
            if (!doc_counts(&v->docs[i], d, ldg_invoice_contract(d->inv), orig)) {
                i++;
                continue;
            }
            seq = v->docs[i++].seq;
            ndocs++;
        } else {
            if (!usage_counts(v, &v->usage[j], d->inv, c)) {
                j++;
                continue;
            }
            seq = v->usage[j++].seq;
            nusage++;
            if (seq < b->from && early < 0)
                early = seq;
        }
        (void)ldg_basis_digest_add(dg, seq, &e); /* ascending: entries are */
    }
    ldg_basis_digest_finish(dg, &got);
    ldg_basis_digest_free(dg);
    if (early >= 0)
        ldg_bundle__say(v, 0,
                        "%s: usage seq %" PRId64
                        " is of its site and period but lies below its"
                        " basis.from %" PRId64 ": the invoice was not rated from it",
                        number, early, b->from);
    if (got.count != b->count || strcmp(got.sha256, b->sha256) != 0)
        ldg_bundle__say(
            v, 0,
            "%s: it commits to %" PRId64
            " entries (sha256 %s) but the bundle holds %" PRId64
            " it could be rated from (%zu contract and earlier document entries, %" PRId64
            " usage records; sha256 %s): a record was left out of the invoice or of the "
            "bundle",
            number, b->count, b->sha256, got.count, ndocs, nusage, got.sha256);
    else if (whole && early < 0) {
        v->sum->complete++;
        ldg_bundle__say(
            v, 1,
            "%s: complete: the bundle holds all %" PRId64 " log entries in seq [%" PRId64
            ", %" PRId64 "), and the %" PRId64 " entries the invoice commits to (%zu "
            "contract and earlier document entries, %" PRId64
            " usage records) are exactly those it could be rated from",
            number, d->seq - b->from, b->from, d->seq, got.count, ndocs, nusage);
    }
}

static void check_document(vctx *v, doc_item *d)
{
    const char *number;
    ldg_contract *c;
    ldg_draft *draft;
    const cons_item *ci;
    ldg_hash rated_root;
    int64_t base_seq = -1, used = 0, size;
    ldg_error e;

    ldg_error_clear(&e);
    if (!ldg_bundle__doc_parse(v, d))
        return;
    v->sum->documents++;
    number = ldg_invoice_number(d->inv);
    size = ldg_invoice_rated_from_size(d->inv);
    if (ldg_hash_from_base64(&rated_root, ldg_invoice_rated_from_root(d->inv),
                             strlen(ldg_invoice_rated_from_root(d->inv)), &e) != LDG_OK) {
        ldg_bundle__say(v, 0, "%s: rated_from root is malformed", number);
        return;
    }
    if (size > d->seq) {
        ldg_bundle__say(v, 0,
                        "%s (seq %" PRId64
                        ") claims to be rated from the log of size %" PRId64
                        ", which is after it",
                        number, d->seq, size);
        return;
    }
    ci = ldg_bundle__find_cons(v, (uint64_t)size);
    if (!ci)
        ldg_bundle__say(v, 0,
                        "%s was rated from the log of size %" PRId64
                        ", but the bundle carries no consistency proof from it",
                        number, size);
    else if (memcmp(&ci->root, &rated_root, sizeof(rated_root)) != 0)
        ldg_bundle__say(v, 0,
                        "%s was rated from a tree of size %" PRId64
                        " whose root is not the one the"
                        " bundle proves consistent",
                        number, size);
    else if (ci->ok)
        ldg_bundle__say(v, 1,
                        "%s was rated from the log of size %" PRId64
                        ", a prefix of the checkpoint's",
                        number, size);
    c = contract_for(v, d, ldg_invoice_contract(d->inv), &base_seq);
    if (!c)
        return;
    check_basis(v, d, c);
    draft = rerate(v, d, c, &used);
    if (draft && !ldg_invoice_amends(d->inv)) {
        if (strcmp(ldg_rate_draft_currency(draft), ldg_invoice_currency(d->inv)) != 0)
            ldg_bundle__say(v, 0, "%s is in %s, its contract in %s", number,
                            ldg_invoice_currency(d->inv), ldg_rate_draft_currency(draft));
        else if (compare_drafts(v, number, draft, ldg_invoice_draft(d->inv)) == 0) {
            char total[LDG_FIXED_BUFLEN];

            ldg_bundle__say(
                v, 1,
                "%s: all %zu line%s and the total %s %s equal the re-rating of contract "
                "%s"
                " (seq %" PRId64 ") over %" PRId64 " usage records below seq %" PRId64,
                number, ldg_invoice_line_count(d->inv),
                plural(ldg_invoice_line_count(d->inv)),
                ldg_fixed_format(total, ldg_invoice_net(d->inv),
                                 ldg_rate_draft_currency_digits(draft)),
                ldg_invoice_currency(d->inv), ldg_contract_id(c), base_seq, used, size);
        }
    } else if (draft) {
        check_amendment(v, d, draft);
    }
    if (draft)
        check_tax(v, d, c);
    v->sum->lines += (int64_t)ldg_invoice_line_count(d->inv);
    ldg_rate_draft_free(draft);
    ldg_contract_free(c);
}

ldg_code ldg_bundle__check_rerate_work(vctx *v)
{
    size_t ndocs = 0;

    v->family = family_of(v);
    for (size_t i = 0; i < v->nd; i++)
        ndocs += rerated(v, &v->docs[i]);
    if (ndocs > 0 && v->nu > LDG_BUNDLE_MAX_RERATE / ndocs)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "re-rating %zu documents over %zu usage records is more than"
                             " the verifier's limit of %zu document-records",
                             ndocs, v->nu, LDG_BUNDLE_MAX_RERATE);
    return LDG_OK;
}

static void check_scope(vctx *v)
{
    size_t found = 0;

    for (size_t i = 0; i < v->nd; i++) {
        const char *number = doc_number(&v->docs[i]);

        if (v->docs[i].kind == DOC_CONTRACT || v->sc.statement)
            continue;
        if (!v->sc.invoice)
            ldg_bundle__say(v, 0,
                            "entry seq %" PRId64
                            " is an invoice, outside a range bundle's scope",
                            v->docs[i].seq);
        else if (number && strcmp(number, v->sc.invoice) == 0)
            found++;
    }
    if (v->sc.invoice && found == 0) {
        char q[LDG_QUOTE_BUFLEN];

        ldg_bundle__say(
            v, 0, "the bundle's scope is invoice %s, which is not among its entries",
            ldg_bundle__quote(q, v->sc.invoice));
    }
}

void ldg_bundle__check_documents(vctx *v)
{
    check_scope(v);
    if (v->sc.statement)
        ldg_bundle__check_statement(v);
    for (size_t i = 0; i < v->nd; i++)
        if (rerated(v, &v->docs[i]))
            check_document(v, &v->docs[i]);
}

bool ldg_bundle__doc_parse(vctx *v, doc_item *d)
{
    ldg_error e;

    ldg_error_clear(&e);
    if (ldg_invoice_from_json(&d->inv, json_object_get(d->entry, "data"),
                              d->kind == DOC_INVOICE ? LDG_INVOICE_KIND_INVOICE
                                                     : LDG_INVOICE_KIND_CREDIT_NOTE,
                              &e) == LDG_OK)
        return true;
    ldg_bundle__say(v, 0, "%s seq %" PRId64 " is not a valid document: %s%s%s",
                    d->kind == DOC_INVOICE ? "invoice" : "credit note", d->seq, e.message,
                    e.where[0] ? " at " : "", e.where);
    return false;
}
