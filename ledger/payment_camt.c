/*
 * ISO 20022 camt.053 (bank-to-customer statement), versions .001.02 and .001.08: the
 * booked credit entries of every statement of the document (docs/receivables.md
 * "Payment files" draws the mapping).
 *
 * The XML is parsed by libxml2 into a tree, never by hand, from memory, with the
 * options below and a hook that stops the parse at a DOCTYPE: a bank statement has no
 * use for a DTD, so refusing it outright removes entity expansion ("billion laughs"),
 * external entities and external subsets at the root, instead of trusting the parser's
 * own limits on them (libxml2 2.9.14 has no XML_PARSE_NO_XXE; not asking for
 * XML_PARSE_NOENT and XML_PARSE_DTDLOAD is what keeps it from loading or substituting
 * anything). XML_PARSE_HUGE is never set, so libxml2 keeps its own limits (depth 256,
 * 10 MB per text node); we add a nesting limit of our own, LDG_CAMT_DEPTH_MAX, far
 * above what camt.053 needs (its deepest field is 10 levels down). Dropped: the
 * streaming xmlTextReader. It would bound memory per entry, but a statement is
 * refused or taken whole anyway, and the DOCTYPE hook is simpler to trust on a tree.
 *
 * Namespaced: every element read must be in the root's namespace, one of the two
 * versions; elements of other namespaces are not there for us. Texts are trimmed and
 * their inner runs of XML white space collapsed to one space.
 */
#include "ledger/payment_int.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#define NS_V02 "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
#define NS_V08 "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"

/* No entity substitution (no NOENT), no DTD loading, no network, no HUGE; errors are
 * kept in the context, not printed. */
#define CAMT_XML_OPTIONS                                                             \
    (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | \
     XML_PARSE_COMPACT)

typedef struct camt {
    ldg_payment_file *pf;
    const xmlChar *ns;
    int v08; /* Sts is a code element (.08) rather than text (.02) */
} camt;

/* Reading the tree ------------------------------------------------------------------- */

/* Whether n is an element in the document's namespace (compared by name: a child may
 * declare the same namespace again, which gives another xmlNs). */
static int ours(const camt *c, const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, c->ns);
}

/* The first child element of parent named name[0..len) in the document's namespace. */
static const xmlNode *child_n(const camt *c, const xmlNode *parent, const char *name,
                              size_t len)
{
    for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
        if (ours(c, n) && (size_t)xmlStrlen(n->name) == len &&
            memcmp(n->name, name, len) == 0)
            return n;
    return NULL;
}

/* The element at path ("NtryDtls/TxDtls") below n, or NULL. */
static const xmlNode *find(const camt *c, const xmlNode *n, const char *path)
{
    while (n && *path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);

        n = child_n(c, n, path, len);
        path += len + (slash ? 1 : 0);
    }
    return n;
}

/* The next sibling element of n with n's name, in the document's namespace. */
static const xmlNode *next_same(const camt *c, const xmlNode *n)
{
    for (const xmlNode *m = n->next; m; m = m->next)
        if (ours(c, m) && xmlStrEqual(m->name, n->name))
            return m;
    return NULL;
}

static int xml_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* A growing text of at most max bytes, white space collapsed as it is appended. */
typedef struct text_buf {
    char *s;
    size_t len, max;
    int space; /* a space is pending before the next non-space byte */
} text_buf;

static ldg_code text_put(text_buf *t, const xmlChar *s, const char *what, ldg_error *err)
{
    for (; s && *s; s++) {
        if (xml_space(*s)) {
            t->space = t->len > 0;
            continue;
        }
        if (t->len + (size_t)t->space >= t->max)
            return ldg_error_set(err, LDG_EINVAL, "%s is longer than %zu bytes", what,
                                 t->max);
        if (t->space)
            t->s[t->len++] = ' ';
        t->space = 0;
        t->s[t->len++] = (char)*s;
    }
    t->s[t->len] = '\0';
    return LDG_OK;
}

/* Appends the text of element n (its text children), after a space if t has text. */
static ldg_code text_add(text_buf *t, const xmlNode *n, const char *what, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    t->space = t->len > 0;
    for (const xmlNode *k = n ? n->children : NULL; rc == LDG_OK && k; k = k->next)
        if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE)
            rc = text_put(t, k->content, what, err);
    return rc;
}

/* The text of the element at path below n into buf (max bytes and a NUL); "" if none. */
static ldg_code text_at(char *buf, size_t max, const camt *c, const xmlNode *n,
                        const char *path, ldg_error *err)
{
    text_buf t = { buf, 0, max, 0 };

    buf[0] = '\0';
    return text_add(&t, find(c, n, path), path, err);
}

/* The value of attribute name of n (no namespace) into buf; "" if absent. */
static ldg_code attr_at(char *buf, size_t max, const xmlNode *n, const char *name,
                        ldg_error *err)
{
    text_buf t = { buf, 0, max, 0 };

    buf[0] = '\0';
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!a->ns && xmlStrEqual(a->name, (const xmlChar *)name)) {
            for (const xmlNode *k = a->children; k; k = k->next)
                if (k->type == XML_TEXT_NODE)
                    return text_put(&t, k->content, name, err);
        }
    return LDG_OK;
}

/* Whether elements nest deeper than LDG_CAMT_DEPTH_MAX below and including root. */
static int too_deep(const xmlNode *root)
{
    const xmlNode *n = root;
    int depth = 1;

    for (;;) {
        if (n->type == XML_ELEMENT_NODE && n->children) {
            if (++depth > LDG_CAMT_DEPTH_MAX)
                return 1;
            n = n->children;
            continue;
        }
        for (;;) {
            if (n == root)
                return 0;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            depth--;
        }
    }
}

/* Parsing ---------------------------------------------------------------------------- */

/* SAX hook at "<!DOCTYPE name ...": before the internal subset is read. */
static void refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                           const xmlChar *system_id)
{
    xmlParserCtxtPtr ctxt = ctx;

    (void)name, (void)external_id, (void)system_id;
    *(int *)ctxt->_private = 1;
    xmlStopParser(ctxt);
}

/* Errors stay in the context (xmlCtxtGetLastError), never on stderr. */
static void quiet(void *ctx, xmlErrorPtr e)
{
    (void)ctx, (void)e;
}

/* libxml2's message for the last error as printable ASCII on one line. */
static void xml_reason(char *out, size_t cap, const xmlError *e)
{
    const char *m = e && e->message ? e->message : "unknown error";
    size_t n = 0;

    for (; *m && n + 1 < cap; m++)
        out[n++] = *m >= 0x20 && *m < 0x7f ? *m : ' ';
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
}

static ldg_code xml_parse(xmlDoc **out, const char *data, size_t len, ldg_error *err)
{
    xmlParserCtxtPtr ctxt;
    int saw_doctype = 0;
    char reason[160];
    xmlDoc *doc;

    *out = NULL;
    xmlInitParser();
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    ctxt->_private = &saw_doctype;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->serror = quiet;
    doc = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL, CAMT_XML_OPTIONS);
    if (saw_doctype || (doc && (doc->intSubset || doc->extSubset))) {
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return ldg_error_set(err, LDG_EINVAL,
                             "a DTD is not allowed: a statement has no DOCTYPE, entities "
                             "or external references");
    }
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        int line = e ? e->line : 0;

        xml_reason(reason, sizeof(reason), e);
        xmlFreeParserCtxt(ctxt);
        return ldg_error_set(err, LDG_EINVAL, "not well-formed XML at line %d: %s", line,
                             reason);
    }
    xmlFreeParserCtxt(ctxt);
    *out = doc;
    return LDG_OK;
}

/* Dates ------------------------------------------------------------------------------ */

static int digits2(const char *s, int *v)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return 0;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

/*
 * ISODateTime: "YYYY-MM-DDThh:mm:ss", an optional fraction (dropped: payments count by
 * the second at most), then "Z" or "+hh:mm"/"-hh:mm". Without an offset the local time
 * of an unknown zone cannot be placed on the UTC line, so its date alone is taken.
 */
static ldg_code camt_datetime(ldg_time *out, const char *s, size_t len, ldg_error *err)
{
    char q[LDG_QUOTE_BUFLEN];
    int hh, mm, ss, oh = 0, om = 0, sign = 0;
    size_t pos = 19;
    ldg_time day;
    ldg_error e;

    ldg_error_clear(&e);
    if (len < 19 || ldg_payment__date(&day, s, 10, &e) != LDG_OK || s[10] != 'T' ||
        !digits2(s + 11, &hh) || s[13] != ':' || !digits2(s + 14, &mm) || s[16] != ':' ||
        !digits2(s + 17, &ss) || hh > 23 || mm > 59 || ss > 59)
        goto bad;
    if (pos < len && s[pos] == '.') {
        size_t start = ++pos;
        while (pos < len && s[pos] >= '0' && s[pos] <= '9')
            pos++;
        if (pos == start)
            goto bad;
    }
    if (pos == len) {
        *out = day;
        return LDG_OK;
    }
    if (s[pos] == 'Z' && pos + 1 == len) {
        *out = day + hh * 3600 + mm * 60 + ss;
        return LDG_OK;
    }
    if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == len && digits2(s + pos + 1, &oh) &&
        s[pos + 3] == ':' && digits2(s + pos + 4, &om) && oh * 60 + om <= 14 * 60 &&
        om < 60) {
        sign = s[pos] == '+' ? 1 : -1;
        *out = day + hh * 3600 + mm * 60 + ss - sign * (oh * 3600 + om * 60);
        if (*out >= 0)
            return LDG_OK;
    }
bad:
    return ldg_error_set(err, LDG_EINVAL,
                         "invalid date-time %s: expected YYYY-MM-DDThh:mm:ss with an "
                         "optional fraction and Z or +hh:mm, 1970..9999",
                         ldg_text_quote(q, s, len));
}

/* The date of a BookgDt or ValDt element: its Dt, else its DtTm; 0 when it has none. */
static ldg_code camt_date(ldg_time *out, int *found, const camt *c, const xmlNode *n,
                          ldg_error *err)
{
    char buf[64];
    ldg_code rc;

    *found = 0;
    if (!n)
        return LDG_OK;
    if ((rc = text_at(buf, sizeof(buf) - 1, c, n, "Dt", err)) != LDG_OK)
        return rc;
    if (buf[0]) {
        *found = 1;
        return ldg_payment__date(out, buf, strlen(buf), err);
    }
    if ((rc = text_at(buf, sizeof(buf) - 1, c, n, "DtTm", err)) != LDG_OK)
        return rc;
    if (buf[0]) {
        *found = 1;
        return camt_datetime(out, buf, strlen(buf), err);
    }
    return LDG_OK;
}

/* Entries ---------------------------------------------------------------------------- */

/* Which entries are payments received: booked, not a reversal, a credit. */
typedef enum entry_kind {
    ENTRY_CREDIT,
    ENTRY_UNBOOKED,
    ENTRY_REVERSAL,
    ENTRY_DEBIT
} entry_kind;

static ldg_code entry_kind_of(entry_kind *out, const camt *c, const xmlNode *ntry,
                              ldg_error *err)
{
    char sts[64], ind[64], rvsl[64];
    ldg_code rc;

    if ((rc = text_at(sts, sizeof(sts) - 1, c, ntry, c->v08 ? "Sts/Cd" : "Sts", err)) ||
        (rc = text_at(ind, sizeof(ind) - 1, c, ntry, "CdtDbtInd", err)) ||
        (rc = text_at(rvsl, sizeof(rvsl) - 1, c, ntry, "RvslInd", err)))
        return rc;
    if (!sts[0] && !(c->v08 && find(c, ntry, "Sts/Prtry")))
        return ldg_error_set(err, LDG_EINVAL, "entry has no status (%s)",
                             c->v08 ? "Sts/Cd" : "Sts");
    if (strcmp(ind, "CRDT") != 0 && strcmp(ind, "DBIT") != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "entry's CdtDbtInd is neither CRDT nor DBIT");
    if (strcmp(sts, "BOOK") != 0)
        *out = ENTRY_UNBOOKED;
    else if (strcmp(rvsl, "true") == 0 || strcmp(rvsl, "1") == 0)
        *out = ENTRY_REVERSAL;
    else
        *out = strcmp(ind, "CRDT") == 0 ? ENTRY_CREDIT : ENTRY_DEBIT;
    return LDG_OK;
}

/* The remittance texts of every transaction of the entry, in order, joined by a space. */
static ldg_code entry_reference(text_buf *ref, const camt *c, const xmlNode *ntry,
                                ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (const xmlNode *d = find(c, ntry, "NtryDtls"); d; d = next_same(c, d))
        for (const xmlNode *tx = find(c, d, "TxDtls"); tx; tx = next_same(c, tx))
            for (const xmlNode *k = find(c, tx, "RmtInf"), *r = k ? k->children : NULL;
                 rc == LDG_OK && r; r = r->next) {
                if (!ours(c, r))
                    continue;
                if (xmlStrEqual(r->name, (const xmlChar *)"Ustrd"))
                    rc = text_add(ref, r, "remittance text", err);
                else if (xmlStrEqual(r->name, (const xmlChar *)"Strd"))
                    rc = text_add(ref, find(c, r, "CdtrRefInf/Ref"), "remittance text",
                                  err);
            }
    return rc;
}

/* The debtor account all transactions name (IBAN, else Othr/Id); "" if they differ. */
static ldg_code entry_payer(char *buf, const camt *c, const xmlNode *ntry, ldg_error *err)
{
    char one[LDG_FIELD_MAX + 1];
    ldg_code rc;

    buf[0] = '\0';
    for (const xmlNode *d = find(c, ntry, "NtryDtls"); d; d = next_same(c, d))
        for (const xmlNode *tx = find(c, d, "TxDtls"); tx; tx = next_same(c, tx)) {
            const xmlNode *id = find(c, tx, "RltdPties/DbtrAcct/Id");

            if ((rc = text_at(one, LDG_FIELD_MAX, c, id, "IBAN", err)) != LDG_OK)
                return rc;
            if (!one[0] && (rc = text_at(one, LDG_FIELD_MAX, c, id, "Othr/Id", err)))
                return rc;
            if (!one[0])
                continue;
            if (buf[0] && strcmp(buf, one) != 0) {
                buf[0] = '\0'; /* a batch from several payers: matching uses references */
                return LDG_OK;
            }
            memcpy(buf, one, strlen(one) + 1);
        }
    return LDG_OK;
}

/* Scratch for one entry's texts, each at its limit and a NUL. */
typedef struct entry_texts {
    char id[LDG_FIELD_MAX + 1], amount[64], ccy[16], payer[LDG_FIELD_MAX + 1];
    char ref[LDG_PAY_REF_MAX + 1];
} entry_texts;

static ldg_code entry_read(ldg_payment_raw *raw, entry_texts *t, const camt *c,
                           const xmlNode *ntry, ldg_error *err)
{
    text_buf ref = { t->ref, 0, LDG_PAY_REF_MAX, 0 };
    const xmlNode *amt = find(c, ntry, "Amt");
    int found = 0;
    ldg_code rc;

    t->ref[0] = '\0';
    if ((rc = text_at(t->id, LDG_FIELD_MAX, c, ntry, "AcctSvcrRef", err)) ||
        (!t->id[0] && (rc = text_at(t->id, LDG_FIELD_MAX, c, ntry, "NtryRef", err))))
        return rc;
    if (!t->id[0])
        return ldg_error_set(err, LDG_EINVAL,
                             "entry has neither AcctSvcrRef nor NtryRef");
    if (!amt)
        return ldg_error_set(err, LDG_EINVAL, "entry has no Amt");
    if ((rc = text_at(t->amount, sizeof(t->amount) - 1, c, ntry, "Amt", err)) ||
        (rc = attr_at(t->ccy, sizeof(t->ccy) - 1, amt, "Ccy", err)) ||
        (rc = camt_date(&raw->received, &found, c, find(c, ntry, "BookgDt"), err)) ||
        (!found &&
         (rc = camt_date(&raw->received, &found, c, find(c, ntry, "ValDt"), err))))
        return rc;
    if (!found)
        return ldg_error_set(err, LDG_EINVAL, "entry has neither BookgDt nor ValDt");
    if ((rc = entry_reference(&ref, c, ntry, err)) ||
        (rc = entry_payer(t->payer, c, ntry, err)))
        return rc;
    raw->id = t->id, raw->id_len = strlen(t->id);
    raw->tenant = "", raw->tenant_len = 0;
    raw->amount = t->amount, raw->amount_len = strlen(t->amount);
    raw->currency = t->ccy, raw->currency_len = strlen(t->ccy);
    raw->reference = t->ref, raw->reference_len = ref.len;
    raw->payer = t->payer, raw->payer_len = strlen(t->payer);
    return LDG_OK;
}

static ldg_code entry_take(camt *c, const xmlNode *ntry, int64_t index, entry_texts *t,
                           ldg_error *err)
{
    ldg_payment_counts *counts = &c->pf->counts;
    ldg_payment_raw raw = { 0 };
    entry_kind kind = ENTRY_UNBOOKED; /* set by entry_kind_of on LDG_OK */
    ldg_code rc;

    if ((rc = entry_kind_of(&kind, c, ntry, err)) != LDG_OK)
        return rc;
    switch (kind) {
    case ENTRY_UNBOOKED:
        counts->unbooked++;
        return LDG_OK;
    case ENTRY_REVERSAL:
        counts->reversals++;
        return LDG_OK;
    case ENTRY_DEBIT:
        counts->debits++;
        return LDG_OK;
    case ENTRY_CREDIT:
        break;
    }
    if ((rc = entry_read(&raw, t, c, ntry, err)) != LDG_OK)
        return rc;
    raw.pos = index;
    return ldg_payment__add(c->pf, &raw, err);
}

/* The root: a Document in one of the two namespaces, holding BkToCstmrStmt. */
static ldg_code camt_root(camt *c, const xmlNode **stmts, const xmlDoc *doc,
                          ldg_error *err)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    char q[LDG_QUOTE_BUFLEN];
    const char *ns;

    if (!root || !root->ns || !xmlStrEqual(root->name, (const xmlChar *)"Document"))
        return ldg_error_set(err, LDG_EINVAL,
                             "not a camt.053 statement: the root is not a namespaced "
                             "Document element");
    ns = (const char *)root->ns->href;
    if (strcmp(ns, NS_V02) != 0 && strcmp(ns, NS_V08) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "not a camt.053.001.02 or .08 statement: namespace %s",
                             ldg_text_quote(q, ns, strlen(ns)));
    if (too_deep(root))
        return ldg_error_set(err, LDG_EINVAL, "elements nest deeper than %d levels",
                             LDG_CAMT_DEPTH_MAX);
    c->ns = root->ns->href;
    c->v08 = strcmp(ns, NS_V08) == 0;
    *stmts = find(c, root, "BkToCstmrStmt");
    if (!*stmts)
        return ldg_error_set(err, LDG_EINVAL,
                             "not a camt.053 statement: no BkToCstmrStmt");
    return LDG_OK;
}

static ldg_code camt_entries(camt *c, const xmlNode *stmts, const char *name,
                             ldg_error *err)
{
    entry_texts *t = malloc(sizeof(*t));
    int64_t index = 0;
    ldg_code rc = LDG_OK;

    if (!t)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (const xmlNode *s = find(c, stmts, "Stmt"); rc == LDG_OK && s;
         s = next_same(c, s))
        for (const xmlNode *e = find(c, s, "Ntry"); rc == LDG_OK && e;
             e = next_same(c, e)) {
            if (++index > LDG_PAY_ENTRIES_MAX) {
                ldg_error_where(err, "%s", name);
                rc = ldg_error_set(err, LDG_EINVAL, "more than %d entries in one file",
                                   LDG_PAY_ENTRIES_MAX);
                break;
            }
            rc = entry_take(c, e, index, t, err);
            if (rc != LDG_OK)
                ldg_error_where(err, "%s: entry %" PRId64, name, index);
        }
    c->pf->counts.entries = index;
    free(t);
    return rc;
}

ldg_code ldg_payment__camt053(ldg_payment_file *pf, const char *data, size_t len,
                              const char *name, ldg_error *err)
{
    camt c = { pf, NULL, 0 };
    const xmlNode *stmts = NULL;
    xmlDoc *doc = NULL;
    ldg_code rc;

    rc = xml_parse(&doc, data, len, err);
    if (rc == LDG_OK)
        rc = camt_root(&c, &stmts, doc, err);
    if (rc == LDG_OK)
        rc = camt_entries(&c, stmts, name, err);
    else
        ldg_error_where(err, "%s", name);
    xmlFreeDoc(doc);
    return rc;
}
