/*
 * Reading an evidence bundle: hostile input into trusted structs (bundle_int.h). The
 * bundle comes from a party the verifier does not trust; see bundle.h for the format
 * and its named limits.
 *
 * Invariant: nothing in the bytes can make this read out of bounds, recurse without
 * bound or allocate more than a small multiple of their length. Nesting is counted
 * before Jansson sees any text; every count the input controls (entries, nodes, sites,
 * documents, lines) meets a named limit before the work it would cost; and the input
 * must be the RFC 8785 serialization of what it parsed to, checked byte for byte, so
 * the same evidence is the same bytes. What is stored in the vctx has passed all that,
 * and is asserted where it is stored (and where it is used: bundle_rerate.c).
 *
 * Design. The entries are one JSON string of newline-separated canonical entries,
 * and the nodes one array: the bulk of a large bundle. They are read straight from the
 * bytes (entries_from_raw, nodes_from_raw) while Jansson parses only the rest, so a
 * large bundle is never held twice; a bundle not laid out canonically is parsed whole
 * by Jansson, when small, only to say what is wrong with it. Usage lines, nearly all of
 * a bundle, take a fast path that reads the fields from the encoder's layout and accepts
 * the line only when the encoder writes it again byte for byte; anything else gets the
 * full parse, which alone decides what is wrong. Dropped: an array of entry objects (a
 * million Jansson objects cost gigabytes), and base64 entries (a third larger).
 */
#include "ledger/bundle_int.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/payment_parse.h"
#include "ledger/receivable.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DOCUMENTS 256  /* invoices and credit notes re-rated from one bundle */
#define MAX_CONTRACTS 4096 /* contract entries in one bundle */
#define NUMBER_MAX    64

/* ---- checks the writer shares ----------------------------------------------------- */

bool ldg_bundle__tenant_ok(const char *t)
{
    size_t n = strlen(t);

    if (n == 0 || n > TENANT_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        bool alnum =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

const char *ldg_bundle__quote(char out[LDG_QUOTE_BUFLEN], const char *s)
{
    return ldg_text_quote(out, s, strlen(s));
}

void ldg_bundle__scrub(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

ldg_code ldg_bundle__parse_scope(scope *out, const json_t *s, ldg_error *err)
{
    const char *key;
    const json_t *v;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(s))
        return ldg_error_set(err, LDG_EINVAL, "scope is not an object");
    json_object_foreach((json_t *)(uintptr_t)s, key, v)
    {
        char q[LDG_QUOTE_BUFLEN];

        if (strcmp(key, "invoice") != 0 && strcmp(key, "from") != 0 &&
            strcmp(key, "to") != 0 && strcmp(key, "meter") != 0 &&
            strcmp(key, "statement") != 0)
            return ldg_error_set(err, LDG_EINVAL, "scope has an unknown member %s",
                                 ldg_bundle__quote(q, key));
        if (!json_is_string(v))
            return ldg_error_set(err, LDG_EINVAL, "scope member \"%s\" is not a string",
                                 key);
    }
    v = json_object_get(s, "invoice");
    if (v) {
        size_t n = json_string_length(v);

        if (json_object_size(s) != 1)
            return ldg_error_set(err, LDG_EINVAL,
                                 "scope names an invoice and something else");
        if (n == 0 || n > NUMBER_MAX || strlen(json_string_value(v)) != n)
            return ldg_error_set(err, LDG_EINVAL, "scope's invoice number is malformed");
        out->invoice = json_string_value(v);
        assert(strlen(out->invoice) == n && n <= NUMBER_MAX);
        return LDG_OK;
    }
    v = json_object_get(s, "statement");
    if (v) {
        if (json_object_size(s) != 1)
            return ldg_error_set(err, LDG_EINVAL,
                                 "scope names a statement and something else");
        if (ldg_receivable_day_parse(&out->statement_day, json_string_value(v), err) !=
            LDG_OK) {
            ldg_error_where(err, "scope's statement day");
            return LDG_EINVAL;
        }
        out->statement = true;
        return LDG_OK;
    }
    if (!json_object_get(s, "from") || !json_object_get(s, "to"))
        return ldg_error_set(
            err, LDG_EINVAL,
            "scope names neither an invoice, a range (from, to) nor a statement");
    if (ldg_time_parse_str(&out->from, json_string_value(json_object_get(s, "from")),
                           err) != LDG_OK ||
        ldg_time_parse_str(&out->to, json_string_value(json_object_get(s, "to")), err) !=
            LDG_OK) {
        ldg_error_where(err, "scope");
        return LDG_EINVAL;
    }
    if (out->from >= out->to)
        return ldg_error_set(err, LDG_EINVAL, "scope's range is empty (from >= to)");
    v = json_object_get(s, "meter");
    if (v) {
        if (json_string_length(v) == 0 ||
            strlen(json_string_value(v)) != json_string_length(v))
            return ldg_error_set(err, LDG_EINVAL, "scope's meter is malformed");
        out->meter = json_string_value(v);
    }
    assert(out->from < out->to && !out->invoice);
    return LDG_OK;
}

/* ---- JSON from hostile bytes ------------------------------------------------------ */

/* Bytes equal to b in the 8 bytes of x: their high bits set (and maybe others above a
 * match; only "none" is asked). */
static uint64_t bytes_eq(uint64_t x, unsigned char b)
{
    uint64_t y = x ^ (UINT64_C(0x0101010101010101) * b);

    return (y - UINT64_C(0x0101010101010101)) & ~y & UINT64_C(0x8080808080808080);
}

/* The first i' >= i with p[i'] '"' or '\\', or n: inside a string, the only bytes the
 * passes over the whole bundle below look at. Eight bytes at a time where neither is
 * among them (the entries, most of a bundle, are long runs of text; issue 13). */
static size_t skip_plain(const char *p, size_t i, size_t n)
{
    for (; n - i >= 8; i += 8) {
        uint64_t x;

        memcpy(&x, p + i, 8);
        if (bytes_eq(x, '"') | bytes_eq(x, '\\'))
            break;
    }
    while (i < n && p[i] != '"' && p[i] != '\\')
        i++;
    return i;
}

/*
 * Nesting depth of JSON text, counting brackets outside strings; stops past max. Runs
 * before Jansson sees the text, so no input can make the parser recurse deeply. The
 * content of the string that begins at skip_from (its opening '"' just before) and whose
 * closing '"' is at skip_to is passed over unread: the caller found it with the same
 * reading of strings (find_spans), and it is never given to Jansson whole. None: n, n.
 */
static int nesting_depth(const char *p, size_t n, int max, size_t skip_from,
                         size_t skip_to)
{
    int depth = 0, deepest = 0;
    bool in_str = false;

    for (size_t i = 0; i < n; i++) {
        char c;

        if (in_str) {
            if (i == skip_from)
                i = skip_to;
            i = skip_plain(p, i, n);
            if (i < n && p[i] == '\\')
                i++;
            else if (i < n)
                in_str = false;
            continue;
        }
        c = p[i];
        if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest && (deepest = depth) > max)
                return deepest;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return deepest;
}

ldg_code ldg_bundle__check_numbers(const json_t *v, const char *what, ldg_error *err)
{
    if (json_is_real(v))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s holds a fractional number: only integers are allowed",
                             what);
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);

        if (i > LDG_JCS_INT_MAX || i < -LDG_JCS_INT_MAX)
            return ldg_error_set(
                err, LDG_EINVAL,
                "%s holds the integer %" JSON_INTEGER_FORMAT ", beyond 2^53", what, i);
    }
    if (json_is_array(v)) {
        size_t i;
        const json_t *e;

        json_array_foreach((json_t *)(uintptr_t)v, i, e)
        {
            ldg_code rc = ldg_bundle__check_numbers(e, what, err);
            if (rc != LDG_OK)
                return rc;
        }
    }
    if (json_is_object(v)) {
        const char *k;
        const json_t *e;

        json_object_foreach((json_t *)(uintptr_t)v, k, e)
        {
            ldg_code rc = ldg_bundle__check_numbers(e, what, err);
            if (rc != LDG_OK)
                return rc;
        }
    }
    return LDG_OK;
}

json_t *ldg_bundle__parse_json(const char *p, size_t n, int max_depth, const char *what,
                               ldg_error *err)
{
    json_error_t je;
    json_t *j;
    int depth = nesting_depth(p, n, max_depth, n, n);

    if (depth > max_depth) {
        ldg_error_set(err, LDG_EINVAL, "%s nests deeper than %d levels", what, max_depth);
        return NULL;
    }
    j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        ldg_bundle__scrub(je.text); /* Jansson quotes the offending input */
        ldg_error_set(err, LDG_EINVAL, "%s is not valid JSON: %s (at byte %d)", what,
                      je.text, je.position);
    }
    return j;
}

/* ---- the bundle's members, and canonical form ------------------------------------- */

static const char *const members[] = { "checkpoint", "consistency", "entries",
                                       "format",     "nodes",       "scope",
                                       "tenant",     "version",     "vkey" };
#define NMEMBERS (sizeof(members) / sizeof(members[0]))

static ldg_code check_members(const json_t *b, ldg_error *err)
{
    const char *key;
    const json_t *val;

    if (!json_is_object(b))
        return ldg_error_set(err, LDG_EINVAL, "bundle is not a JSON object");
    json_object_foreach((json_t *)(uintptr_t)b, key, val)
    {
        char q[LDG_QUOTE_BUFLEN];
        size_t i;

        for (i = 0; i < NMEMBERS && strcmp(key, members[i]) != 0; i++)
            ;
        if (i == NMEMBERS)
            return ldg_error_set(err, LDG_EINVAL, "bundle has an unknown member %s",
                                 ldg_bundle__quote(q, key));
    }
    for (size_t i = 0; i < NMEMBERS; i++)
        if (!json_object_get(b, members[i]))
            return ldg_error_set(err, LDG_EINVAL, "bundle lacks the member \"%s\"",
                                 members[i]);
    if (!json_is_string(json_object_get(b, "format")) ||
        strcmp(json_string_value(json_object_get(b, "format")), LDG_BUNDLE_FORMAT) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "not an evidence bundle: format is not \"%s\"",
                             LDG_BUNDLE_FORMAT);
    val = json_object_get(b, "version");
    if (!json_is_integer(val) || json_integer_value(val) != LDG_BUNDLE_VERSION)
        return ldg_error_set(
            err, LDG_EINVAL,
            "unsupported bundle version (this verifier reads version %d)",
            LDG_BUNDLE_VERSION);
    if (!json_is_string(json_object_get(b, "checkpoint")) ||
        !json_is_string(json_object_get(b, "entries")) ||
        !json_is_string(json_object_get(b, "tenant")) ||
        !json_is_string(json_object_get(b, "vkey")))
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle members checkpoint, entries, tenant and vkey must be"
                             " strings");
    if (!json_is_array(json_object_get(b, "consistency")) ||
        !json_is_array(json_object_get(b, "nodes")))
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle members consistency and nodes must be arrays");
    return LDG_OK;
}

/* Compares want[0..n) with the input at *pos; advances. */
static ldg_code expect_bytes(const char *data, size_t len, size_t *pos, const char *want,
                             size_t n, ldg_error *err)
{
    size_t i;

    for (i = 0; i < n && *pos + i < len && data[*pos + i] == want[i]; i++)
        ;
    if (i < n)
        return ldg_error_set(
            err, LDG_EINVAL,
            "bundle is not in canonical form (RFC 8785): it differs at byte"
            " %zu",
            *pos + i);
    *pos += n;
    return LDG_OK;
}

/*
 * The input must be the RFC 8785 serialization of what it parsed to. Member by member,
 * and the entries string line by line, so no second copy of a large bundle is made.
 */
static ldg_code check_canonical(const char *data, size_t len, const json_t *b,
                                ldg_buf *tmp, ldg_error *err)
{
    size_t pos = 0;
    ldg_code rc = expect_bytes(data, len, &pos, "{", 1, err);

    for (size_t i = 0; rc == LDG_OK && i < NMEMBERS; i++) {
        const json_t *val = json_object_get(b, members[i]);

        ldg_buf_reset(tmp);
        if (i > 0)
            rc = ldg_buf_putc(tmp, ',', err);
        if (rc == LDG_OK)
            rc = ldg_jcs_string(tmp, members[i], strlen(members[i]), err);
        if (rc == LDG_OK)
            rc = ldg_buf_putc(tmp, ':', err);
        if (rc == LDG_OK && strcmp(members[i], "entries") != 0)
            rc = ldg_jcs_serialize(tmp, val, err);
        if (rc == LDG_OK)
            rc = expect_bytes(data, len, &pos, tmp->data, tmp->len, err);
        if (rc == LDG_OK && strcmp(members[i], "entries") == 0) {
            const char *s = json_string_value(val);
            size_t n = json_string_length(val), start = 0;

            rc = expect_bytes(data, len, &pos, "\"", 1, err);
            while (rc == LDG_OK && start < n) {
                const char *nl = memchr(s + start, '\n', n - start);
                size_t end = nl ? (size_t)(nl - s) : n;

                ldg_buf_reset(tmp);
                rc = ldg_jcs_string(tmp, s + start, end - start, err);
                if (rc == LDG_OK)
                    rc = expect_bytes(data, len, &pos, tmp->data + 1, tmp->len - 2, err);
                if (rc == LDG_OK && nl)
                    rc = expect_bytes(data, len, &pos, "\\n", 2, err);
                start = end + 1;
            }
            if (rc == LDG_OK)
                rc = expect_bytes(data, len, &pos, "\"", 1, err);
        }
    }
    if (rc == LDG_OK)
        rc = expect_bytes(data, len, &pos, "}", 1, err);
    if (rc == LDG_OK && pos != len)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "bundle is not in canonical form (RFC 8785): %zu bytes follow it", len - pos);
    return rc;
}

/* ---- entries ---------------------------------------------------------------------- */

static ldg_code grow(void **p, size_t *cap, size_t n, size_t elem, ldg_error *err)
{
    size_t c;
    void *q;

    if (n < *cap)
        return LDG_OK;
    c = *cap ? *cap * 2 : 256;
    if (c > SIZE_MAX / elem || !(q = realloc(*p, c * elem)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    *p = q;
    *cap = c;
    return LDG_OK;
}

const char *ldg_bundle__str_member(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);

    return json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)
               ? json_string_value(v)
               : NULL;
}

static ldg_code site_index(uint16_t *out, vctx *v, const char *site)
{
    size_t i;

    /* the records of one bundle are nearly always of one site */
    if (v->last_site < v->nsites && strcmp(v->sites[v->last_site], site) == 0) {
        *out = (uint16_t)v->last_site;
        return LDG_OK;
    }
    for (i = 0; i < v->nsites; i++)
        if (strcmp(v->sites[i], site) == 0) {
            v->last_site = i;
            *out = (uint16_t)i;
            return LDG_OK;
        }
    if (v->nsites == MAX_SITES)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "bundle's usage names more than %d sites", MAX_SITES);
    if (!(v->sites[i] = strdup(site)))
        return ldg_error_set(v->err, LDG_ENOMEM, "out of memory");
    v->nsites++;
    v->last_site = i;
    *out = (uint16_t)i;
    return LDG_OK;
}

static ldg_code store_usage(vctx *v, int64_t seq, const ldg_record *rec);

/* A decimal of an entry: one out of range (LDG_ERANGE from fixed.c) is malformed input
 * like any other, LDG_EINVAL with fixed.c's words, never an overflow of the verifier's
 * own arithmetic (found by fuzz_bundle: a quantity of 130 digits). */
static ldg_code entry_decimal(int64_t *out, const char *s, ldg_error *err)
{
    ldg_code rc = ldg_fixed_parse_str(out, s, err);

    if (rc != LDG_ERANGE)
        return rc;
    if (err)
        err->code = LDG_EINVAL;
    return LDG_EINVAL;
}

/* A usage entry: its data parsed, and its bytes rebuilt by the encoder ingest uses,
 * which must give exactly the line (so the line is canonical and well-formed). */
static ldg_code take_usage(vctx *v, const json_t *entry, int64_t seq, const char *line,
                           size_t len)
{
    const json_t *data = json_object_get(entry, "data");
    const char *kind = ldg_bundle__str_member(data, "kind"),
               *cls = ldg_bundle__str_member(data, "class");
    const char *q = ldg_bundle__str_member(data, "quantity"),
               *s = ldg_bundle__str_member(data, "start");
    const char *e = ldg_bundle__str_member(data, "end");
    ldg_record r = { .tenant = ldg_bundle__str_member(entry, "tenant"),
                     .site = ldg_bundle__str_member(data, "site"),
                     .meter = ldg_bundle__str_member(data, "meter"),
                     .event_id = ldg_bundle__str_member(data, "event_id"),
                     .corrects = ldg_bundle__str_member(data, "corrects") };
    ldg_code rc;

    if (!json_is_object(data) || !kind || !q || !s || !e || !r.site || !r.meter ||
        !r.event_id || (json_object_get(data, "class") && !cls) ||
        (json_object_get(data, "corrects") && !r.corrects))
        return ldg_error_set(v->err, LDG_EINVAL,
                             "usage entry seq %" PRId64 " is malformed", seq);
    r.kind = ldg_kind_parse(kind, strlen(kind));
    r.cls = cls ? ldg_class_intern(cls, strlen(cls)) : LDG_CLASS_NONE;
    if (r.kind == 0 || (cls && r.cls == LDG_CLASS_NONE) ||
        (r.kind == LDG_KIND_ENERGY) != (r.cls == LDG_CLASS_NONE))
        return ldg_error_set(v->err, LDG_EINVAL,
                             "usage entry seq %" PRId64 " has a wrong kind or class",
                             seq);
    rc = entry_decimal(&r.qty_micros, q, v->err);
    if (rc == LDG_OK)
        rc = ldg_time_parse_str(&r.start, s, v->err);
    if (rc == LDG_OK)
        rc = ldg_time_parse_str(&r.end, e, v->err);
    if (rc == LDG_OK && r.end <= r.start)
        rc = ldg_error_set(v->err, LDG_EINVAL, "usage entry ends at or before its start");
    if (rc == LDG_OK) {
        ldg_buf_reset(&v->tmp);
        rc = ldg_entry_record_bytes(&v->tmp, &r, seq, v->err);
    }
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(
            v->err, LDG_EINVAL,
            "usage entry is not in canonical form (RFC 8785) or has members a"
            " usage entry does not have");
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
        return rc;
    }
    return store_usage(v, seq, &r);
}

/* Keeps what rating needs of a usage record whose line was found canonical. */
static ldg_code store_usage(vctx *v, int64_t seq, const ldg_record *rec)
{
    ldg_record r = *rec;
    usage_item *u;
    ldg_code rc;

    if (v->sc.meter && (strcmp(r.meter, v->sc.meter) != 0)) {
        char q1[LDG_QUOTE_BUFLEN], q2[LDG_QUOTE_BUFLEN];

        ldg_bundle__say(
            v, 0,
            "usage seq %" PRId64 " is of meter %s, outside the bundle's scope (meter %s)",
            seq, ldg_bundle__quote(q1, r.meter), ldg_bundle__quote(q2, v->sc.meter));
    }
    if (v->sc.statement)
        ldg_bundle__say(v, 0,
                        "usage seq %" PRId64 " is outside a statement bundle's scope"
                        " (its documents and payments)",
                        seq);
    else if (!v->sc.invoice && (r.end <= v->sc.from || r.start >= v->sc.to))
        ldg_bundle__say(
            v, 0, "usage seq %" PRId64 " lies outside the bundle's scope (time range)",
            seq);
    rc = grow((void **)&v->usage, &v->capu, v->nu, sizeof(*v->usage), v->err);
    if (rc != LDG_OK)
        return rc;
    u = &v->usage[v->nu];
    u->seq = seq;
    u->start = r.start;
    u->end = r.end;
    u->qty = r.qty_micros;
    u->kind = (int8_t)r.kind;
    u->cls = (int8_t)r.cls;
    rc = site_index(&u->site, v, r.site);
    if (rc != LDG_OK)
        return rc;
    /* take_usage or fast_usage checked it; rerate() relies on it */
    assert(usage_item_ok(u) && u->site < v->nsites);
    v->nu++;
    return LDG_OK;
}

/* Any other entry: canonical by re-serialization; kept for rating. Takes entry. */
static ldg_code take_doc(vctx *v, json_t *entry, int64_t seq, doc_kind kind,
                         const char *line, size_t len)
{
    const json_t *data = json_object_get(entry, "data");
    ldg_code rc;

    ldg_buf_reset(&v->tmp);
    if (!json_is_object(data)) {
        json_decref(entry);
        return ldg_error_set(v->err, LDG_EINVAL,
                             "entry seq %" PRId64 ": data is not an object", seq);
    }
    rc = ldg_jcs_serialize(&v->tmp, entry, v->err);
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "entry is not in canonical form (RFC 8785)");
    /* each document is re-rated over every usage record: bound the work */
    if (rc == LDG_OK && kind == DOC_CONTRACT && ++v->ncontracts > MAX_CONTRACTS)
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle holds more than %d contract entries", MAX_CONTRACTS);
    /* a statement bundle re-rates none (LDG_BUNDLE_MAX_LINES still bounds them) */
    if (rc == LDG_OK && kind != DOC_CONTRACT && ++v->ndocuments > MAX_DOCUMENTS &&
        !v->sc.statement)
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle holds more than %d invoices and credit notes",
                           MAX_DOCUMENTS);
    if (rc == LDG_OK && kind != DOC_CONTRACT &&
        (v->nlines += json_array_size(json_object_get(data, "lines"))) >
            LDG_BUNDLE_MAX_LINES)
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle's invoices and credit notes hold more than %d lines,"
                           " the verifier's limit",
                           LDG_BUNDLE_MAX_LINES);
    if (rc == LDG_OK)
        rc = grow((void **)&v->docs, &v->capd, v->nd, sizeof(*v->docs), v->err);
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
        json_decref(entry);
        return rc;
    }
    assert(json_is_object(data) && v->nd < v->capd);
    v->docs[v->nd].seq = seq;
    v->docs[v->nd].kind = kind;
    v->docs[v->nd].entry = entry;
    v->docs[v->nd].inv = NULL;
    v->nd++;
    return LDG_OK;
}

/* A key rotation or a reconciliation acknowledgement: in a bundle only because a
 * document's basis covers its seq. Canonical by re-serialization; not interpreted. */
static ldg_code take_leaf_only(vctx *v, const json_t *entry, int64_t seq,
                               const char *line, size_t len)
{
    ldg_code rc;

    ldg_buf_reset(&v->tmp);
    if (!json_is_object(json_object_get(entry, "data")))
        rc = ldg_error_set(v->err, LDG_EINVAL, "data is not an object");
    else
        rc = ldg_jcs_serialize(&v->tmp, entry, v->err);
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "entry is not in canonical form (RFC 8785)");
    if (rc != LDG_OK)
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
    return rc;
}

/* A payment's text field: min..max bytes of UTF-8 without a control character below
 * 0x20 or DEL (ldg_text_is_clean, the check the importer and `payment assign --by`
 * make before storing it); NULL (not a string) is refused. */
static bool payment_text_ok(const char *s, size_t min, size_t max)
{
    size_t n = s ? strlen(s) : 0;

    return s && n >= min && n <= max && ldg_text_is_clean(s, n);
}

/* Keeps what allocation needs of a payment entry that was found canonical. */
static ldg_code store_payment(vctx *v, int64_t seq, const ldg_payment_entry *p)
{
    pay_item *x;
    ldg_code rc = grow((void **)&v->pays, &v->capp, v->np, sizeof(*v->pays), v->err);

    if (rc != LDG_OK)
        return rc;
    /* take_payment checked it: a known currency code, a positive amount */
    assert(strlen(p->currency) == 3 && p->amount_micros > 0);
    x = &v->pays[v->np];
    memset(x, 0, sizeof(*x));
    x->seq = seq;
    x->amount = p->amount_micros;
    x->received = p->received;
    memcpy(x->currency, p->currency, 4);
    if (!(x->id = strdup(p->payment_id)) ||
        (*p->reference && !(x->reference = strdup(p->reference)))) {
        free(x->id);
        return ldg_error_set(v->err, LDG_ENOMEM, "out of memory");
    }
    v->np++;
    return LDG_OK;
}

/*
 * A payment entry (entry.h): its data read into the typed fields ledger.payment holds,
 * checked as payment_parse.h checks what it stores, and its bytes rebuilt by the
 * encoder verify and the bundle writer use, which must give exactly the line. So the
 * amount is a positive whole number of a known currency's minor unit written with
 * exactly that many decimals, the instant canonical, and no member is missing or
 * extra. Not interpreted beyond that here: a statement bundle replays it
 * (bundle_statement.c).
 */
static ldg_code take_payment(vctx *v, const json_t *entry, int64_t seq, const char *line,
                             size_t len)
{
    const json_t *data = json_object_get(entry, "data");
    const json_t *by = json_object_get(data, "assigned_by");
    const char *amount = ldg_bundle__str_member(data, "amount"),
               *received = ldg_bundle__str_member(data, "received");
    ldg_payment_entry p = { .payment_id = ldg_bundle__str_member(data, "id"),
                            .currency = ldg_bundle__str_member(data, "currency"),
                            .reference = ldg_bundle__str_member(data, "reference"),
                            .payer = ldg_bundle__str_member(data, "payer"),
                            .assigned_by = ldg_bundle__str_member(data, "assigned_by") };
    ldg_code rc = LDG_OK;

    if (!json_is_object(data) || !amount || !received ||
        !payment_text_ok(p.payment_id, 1, LDG_FIELD_MAX) ||
        !payment_text_ok(p.reference, 0, LDG_PAY_REF_MAX) ||
        !payment_text_ok(p.payer, 0, LDG_FIELD_MAX) || !p.currency ||
        ldg_contract_currency_digits(p.currency) < 0 || !by ||
        (!json_is_null(by) && !payment_text_ok(p.assigned_by, 1, LDG_FIELD_MAX)))
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "payment entry is malformed (a member missing, of the wrong"
                           " type, too long, with a control character, or an unknown"
                           " currency)");
    if (rc == LDG_OK)
        rc = entry_decimal(&p.amount_micros, amount, v->err);
    if (rc == LDG_OK)
        rc = ldg_time_parse_str(&p.received, received, v->err);
    if (rc == LDG_OK) {
        ldg_buf_reset(&v->tmp);
        rc = ldg_entry_payment_bytes(&v->tmp, ldg_bundle__str_member(entry, "tenant"),
                                     seq, &p, v->err);
    }
    if (rc == LDG_OK && (v->tmp.len != len || memcmp(v->tmp.data, line, len) != 0))
        rc = ldg_error_set(
            v->err, LDG_EINVAL,
            "payment entry is not in canonical form (RFC 8785), its amount does not have"
            " exactly its currency's minor digits, or it has members a payment entry"
            " does not have");
    if (rc == LDG_OK)
        rc = store_payment(v, seq, &p);
    if (rc != LDG_OK)
        ldg_error_where(v->err, "entry seq %" PRId64, seq);
    return rc;
}

/*
 * The fast path for usage lines, which are nearly all of a large bundle: the fields are
 * read straight from the canonical layout the usage encoder writes (entry.h), and the
 * line is accepted only when that encoder, given those fields, writes it again byte for
 * byte (canonical bytes encode one value only, so a full JSON parse would have found the
 * same fields). Anything else (an escape in a string, another layout, a bad field) goes
 * to the full parse, which alone decides what is wrong.
 */
typedef struct fast_fields {
    char cls[LDG_GPU_CLASS_NAME_MAX + 8], corrects[256], end[32], event_id[256], kind[16],
        meter[256], qty[40];
    char site[256], start[32], unit[16], tenant[TENANT_MAX + 8];
} fast_fields;

static bool fast_lit(const char **p, const char *end, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

/* A string without escapes or control bytes, through its closing quote. */
static bool fast_str(const char **p, const char *end, char *out, size_t cap)
{
    size_t n = 0;

    for (const char *q = *p; q < end && n + 1 < cap; q++) {
        if (*q == '"') {
            out[n] = '\0';
            *p = q + 1;
            return true;
        }
        if (*q == '\\' || (unsigned char)*q < 0x20)
            return false;
        out[n++] = *q;
    }
    return false;
}

static bool fast_usage(vctx *v, const char *line, size_t len, int64_t *seq, ldg_record *r,
                       fast_fields *f)
{
    const char *p = line, *end = line + len;
    int64_t s = 0;
    int digits = 0;

    memset(r, 0, sizeof(*r));
    if (!fast_lit(&p, end, "{\"data\":{"))
        return false;
    if (fast_lit(&p, end, "\"class\":\"") &&
        (!fast_str(&p, end, f->cls, sizeof(f->cls)) || !fast_lit(&p, end, ",") ||
         (r->cls = ldg_class_intern(f->cls, strlen(f->cls))) == LDG_CLASS_NONE))
        return false;
    if (fast_lit(&p, end, "\"corrects\":\"")) {
        if (!fast_str(&p, end, f->corrects, sizeof(f->corrects)) ||
            !fast_lit(&p, end, ","))
            return false;
        r->corrects = f->corrects;
    }
    if (!fast_lit(&p, end, "\"end\":\"") || !fast_str(&p, end, f->end, sizeof(f->end)) ||
        !fast_lit(&p, end, ",\"event_id\":\"") ||
        !fast_str(&p, end, f->event_id, sizeof(f->event_id)) ||
        !fast_lit(&p, end, ",\"kind\":\"") ||
        !fast_str(&p, end, f->kind, sizeof(f->kind)) ||
        !fast_lit(&p, end, ",\"meter\":\"") ||
        !fast_str(&p, end, f->meter, sizeof(f->meter)) ||
        !fast_lit(&p, end, ",\"quantity\":\"") ||
        !fast_str(&p, end, f->qty, sizeof(f->qty)) ||
        !fast_lit(&p, end, ",\"site\":\"") ||
        !fast_str(&p, end, f->site, sizeof(f->site)) ||
        !fast_lit(&p, end, ",\"start\":\"") ||
        !fast_str(&p, end, f->start, sizeof(f->start)) ||
        !fast_lit(&p, end, ",\"unit\":\"") ||
        !fast_str(&p, end, f->unit, sizeof(f->unit)) ||
        !fast_lit(&p, end, "},\"kind\":\"usage\",\"seq\":"))
        return false;
    for (; p < end && *p >= '0' && *p <= '9' && digits < 16; p++, digits++)
        s = s * 10 + (*p - '0');
    if (digits == 0 || s > LDG_JCS_INT_MAX || !fast_lit(&p, end, ",\"tenant\":\"") ||
        !fast_str(&p, end, f->tenant, sizeof(f->tenant)) ||
        !fast_lit(&p, end, ",\"v\":1}") || p != end)
        return false;
    r->kind = ldg_kind_parse(f->kind, strlen(f->kind));
    if (r->kind == 0 || (r->kind == LDG_KIND_ENERGY) != (r->cls == LDG_CLASS_NONE) ||
        ldg_fixed_parse_str(&r->qty_micros, f->qty, NULL) != LDG_OK ||
        ldg_time_parse_str(&r->start, f->start, NULL) != LDG_OK ||
        ldg_time_parse_str(&r->end, f->end, NULL) != LDG_OK || r->end <= r->start)
        return false;
    r->tenant = f->tenant;
    r->site = f->site;
    r->meter = f->meter;
    r->event_id = f->event_id;
    ldg_buf_reset(&v->tmp);
    if (ldg_entry_record_bytes(&v->tmp, r, s, NULL) != LDG_OK || v->tmp.len != len ||
        memcmp(v->tmp.data, line, len) != 0)
        return false;
    *seq = s;
    return true;
}

/* What every entry must satisfy whatever its kind: seq ascending, the bundle's tenant,
 * below the tree size. Makes room for its leaf. */
static ldg_code entry_header(vctx *v, int64_t seq, const char *tenant, size_t lineno)
{
    ldg_code rc;

    if (v->n == LDG_BUNDLE_MAX_ENTRIES)
        return ldg_error_set(v->err, LDG_EINVAL,
                             "bundle holds more than %zu entries, the verifier's limit",
                             LDG_BUNDLE_MAX_ENTRIES);
    if (v->n > 0 && (uint64_t)seq <= v->idx[v->n - 1])
        return ldg_error_set(v->err, LDG_EINVAL,
                             "entries are not in strictly ascending seq order at line %zu"
                             " (seq %" PRId64 ")",
                             lineno, seq);
    if (strcmp(tenant, v->tenant) != 0 && ++v->foreign) {
        char q[LDG_QUOTE_BUFLEN];

        ldg_bundle__say(v, 0, "entry seq %" PRId64 " names tenant %s, not \"%s\"", seq,
                        ldg_bundle__quote(q, tenant), v->tenant);
    }
    if ((uint64_t)seq >= v->cp.size && v->proof_possible) {
        v->proof_possible = false;
        ldg_bundle__say(v, 0,
                        "entry seq %" PRId64
                        " is not below the checkpoint's tree size %" PRIu64,
                        seq, v->cp.size);
    }
    rc = grow((void **)&v->idx, &v->cap, v->n, sizeof(*v->idx), v->err);
    if (rc == LDG_OK)
        rc = grow((void **)&v->leaves, &v->capl, v->n, sizeof(*v->leaves), v->err);
    return rc;
}

static void add_leaf(vctx *v, int64_t seq, const char *line, size_t len)
{
    /* entry_header checked the order and made room; the writer asserted the same */
    assert(seq >= 0 && seq <= LDG_JCS_INT_MAX);
    assert(v->n == 0 || (uint64_t)seq > v->idx[v->n - 1]);
    assert(v->n < v->cap && v->n < v->capl);
    v->idx[v->n] = (uint64_t)seq;
    ldg_merkle_hasher_leaf(v->h, &v->leaves[v->n], line, len);
    v->n++;
}

static ldg_code take_entry(vctx *v, const char *line, size_t len, size_t lineno)
{
    json_t *entry;
    const json_t *jv, *jseq;
    const char *kind, *tenant;
    int64_t seq;
    ldg_code rc;

    if (len == 0 || len > LDG_BUNDLE_ENTRY_MAX)
        return ldg_error_set(v->err, LDG_EINVAL, "entry line %zu is empty or too long",
                             lineno);
    {
        fast_fields f;
        ldg_record r;

        if (fast_usage(v, line, len, &seq, &r, &f)) {
            rc = entry_header(v, seq, f.tenant, lineno);
            if (rc == LDG_OK)
                rc = store_usage(v, seq, &r);
            if (rc == LDG_OK)
                add_leaf(v, seq, line, len);
            return rc;
        }
    }
    entry =
        ldg_bundle__parse_json(line, len, LDG_BUNDLE_ENTRY_MAX_DEPTH, "entry", v->err);
    if (!entry) {
        ldg_error_where(v->err, "entry line %zu", lineno);
        return LDG_EINVAL;
    }
    jv = json_object_get(entry, "v");
    jseq = json_object_get(entry, "seq");
    kind = ldg_bundle__str_member(entry, "kind");
    tenant = ldg_bundle__str_member(entry, "tenant");
    if (!json_is_object(entry) || json_object_size(entry) != 5 || !json_is_integer(jv) ||
        json_integer_value(jv) != 1 || !json_is_integer(jseq) || !kind || !tenant ||
        !json_object_get(entry, "data") || json_integer_value(jseq) < 0 ||
        json_integer_value(jseq) > LDG_JCS_INT_MAX) {
        json_decref(entry);
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "entry line %zu is not a log entry {\"v\":1,\"tenant\",\"seq\","
            "\"kind\",\"data\"}",
            lineno);
    }
    seq = (int64_t)json_integer_value(jseq);
    rc = entry_header(v, seq, tenant, lineno);
    if (rc != LDG_OK) {
        json_decref(entry);
        return rc;
    }
    if (strcmp(kind, "usage") == 0) {
        rc = take_usage(v, entry, seq, line, len);
        json_decref(entry);
    } else if (strcmp(kind, "contract") == 0) {
        rc = take_doc(v, entry, seq, DOC_CONTRACT, line, len);
    } else if (strcmp(kind, "invoice") == 0 || strcmp(kind, "credit_note") == 0) {
        rc = take_doc(v, entry, seq, kind[0] == 'i' ? DOC_INVOICE : DOC_CREDIT_NOTE, line,
                      len);
    } else if (strcmp(kind, "payment") == 0) {
        rc = take_payment(v, entry, seq, line, len);
        json_decref(entry);
    } else if (strcmp(kind, "key") == 0 || strcmp(kind, "ack") == 0 ||
               strcmp(kind, "draft_decision") == 0 || strcmp(kind, "witness") == 0) {
        rc = take_leaf_only(v, entry, seq, line, len);
        json_decref(entry);
    } else {
        char q[LDG_QUOTE_BUFLEN];

        rc =
            ldg_error_set(v->err, LDG_EINVAL,
                          "entry seq %" PRId64 " has kind %s, which bundles do not carry",
                          seq, ldg_bundle__quote(q, kind));
        json_decref(entry);
    }
    if (rc != LDG_OK)
        return rc;
    add_leaf(v, seq, line, len);
    return LDG_OK;
}

static ldg_code entries_from_json(vctx *v, const json_t *b)
{
    const json_t *e = json_object_get(b, "entries");
    const char *s = json_string_value(e);
    size_t n = json_string_length(e), start = 0, lineno = 0;
    ldg_code rc = LDG_OK;

    if (n == 0 || s[n - 1] != '\n')
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "bundle's entries are empty or do not end with a line break");
    while (rc == LDG_OK && start < n) {
        const char *nl = memchr(s + start, '\n', n - start);
        size_t end = (size_t)(nl - s); /* the last line ends in '\n' */

        rc = take_entry(v, s + start, end - start, ++lineno);
        start = end + 1;
    }
    if (rc != LDG_OK)
        return rc;
    v->sum->entries = (int64_t)v->n;
    v->sum->usage = (int64_t)v->nu;
    return LDG_OK;
}

/* ---- where the bulk lies, and the nodes ------------------------------------------- */

/*
 * Where the entries string's content lies: [*a, *b) of p. The members before it are
 * the checkpoint (a string) and the consistency proofs (an array), so in a canonical
 * bundle it is found by skipping those two values. false when the bytes are not laid out
 * so; the whole bundle is then parsed by Jansson, which reports what is wrong.
 */
static bool skip_string(const char *p, size_t n, size_t *i)
{
    while ((*i = skip_plain(p, *i, n)) < n) {
        char c = p[(*i)++];

        if (c == '\\') {
            if (*i >= n)
                return false;
            (*i)++;
        } else if (c == '"') {
            return true;
        }
    }
    return false;
}

/* Skips a JSON array whose '[' is at *i (strings skipped whole); *i ends after its ']'.
 */
static bool skip_array(const char *p, size_t n, size_t *i)
{
    int depth = 0;

    do {
        char c;

        if (*i >= n)
            return false;
        c = p[(*i)++];
        if (c == '"' && !skip_string(p, n, i))
            return false;
        depth += (c == '[' || c == '{') - (c == ']' || c == '}');
    } while (depth > 0);
    return true;
}

static bool expect_at(const char *p, size_t n, size_t *i, const char *lit)
{
    size_t k = strlen(lit);

    if (n - *i < k || memcmp(p + *i, lit, k) != 0)
        return false;
    *i += k;
    return true;
}

/* Where the entries string's content [*ea, *eb) and the nodes array's content [*na, *nb)
 * lie, found by skipping the members before them in their canonical order. */
static bool find_spans(const char *p, size_t n, size_t *ea, size_t *eb, size_t *na,
                       size_t *nb)
{
    size_t i = 0;

    if (!expect_at(p, n, &i, "{\"checkpoint\":\"") || !skip_string(p, n, &i) ||
        !expect_at(p, n, &i, ",\"consistency\":") || i >= n || p[i] != '[' ||
        !skip_array(p, n, &i) || !expect_at(p, n, &i, ",\"entries\":\""))
        return false;
    *ea = i;
    if (!skip_string(p, n, &i))
        return false;
    *eb = i - 1;
    if (!expect_at(p, n, &i, ",\"format\":\"" LDG_BUNDLE_FORMAT "\",\"nodes\":") ||
        i >= n || p[i] != '[')
        return false;
    *na = i + 1;
    if (!skip_array(p, n, &i))
        return false;
    *nb = i - 1;
    return true;
}

void ldg_bundle__nodes_free(node_arrays *a)
{
    free(a->level);
    free(a->index);
    free(a->hash);
    memset(a, 0, sizeof(*a));
}

static ldg_code node_push(node_arrays *a, unsigned level, uint64_t index, ldg_error *err)
{
    if (a->n == LDG_BUNDLE_MAX_NODES)
        return ldg_error_set(err, LDG_EINVAL,
                             "multi-proof has more than %zu hashes, the verifier's limit",
                             LDG_BUNDLE_MAX_NODES);
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        unsigned *l = realloc(a->level, cap * sizeof(*l));
        uint64_t *x;
        ldg_hash *h;

        if (!l)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        a->level = l;
        if (!(x = realloc(a->index, cap * sizeof(*x))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        a->index = x;
        if (!(h = realloc(a->hash, cap * sizeof(*h))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        a->hash = h;
        a->cap = cap;
    }
    /* both readers checked it (nodes_from_raw by raw_uint, nodes_from_json by
     * check_numbers); the writer asserted the same before writing the node */
    assert(level < TREE_LEVELS && index <= (uint64_t)LDG_JCS_INT_MAX);
    a->level[a->n] = level;
    a->index[a->n] = index;
    a->n++;
    return LDG_OK;
}

/* A canonical non-negative integer at p[*i] of at most 2^53. */
static bool raw_uint(const char *p, size_t n, size_t *i, uint64_t *out)
{
    uint64_t v = 0;
    size_t start = *i;

    while (*i < n && p[*i] >= '0' && p[*i] <= '9' && *i - start < 17)
        v = v * 10 + (uint64_t)(p[(*i)++] - '0');
    if (*i == start || (p[start] == '0' && *i - start > 1) ||
        v > (uint64_t)LDG_JCS_INT_MAX)
        return false;
    *out = v;
    return true;
}

/* The nodes from the bundle's bytes (the array's content), accepted only in the form
 * RFC 8785 writes: [level,index,"base64"] separated by commas. */
static ldg_code nodes_from_raw(node_arrays *a, const char *p, size_t n, ldg_error *err)
{
    size_t i = 0;

    while (i < n) {
        uint64_t level = 0, index = 0;
        ldg_code rc;

        if ((a->n > 0 && !expect_at(p, n, &i, ",")) || !expect_at(p, n, &i, "[") ||
            !raw_uint(p, n, &i, &level) || level >= TREE_LEVELS ||
            !expect_at(p, n, &i, ",") || !raw_uint(p, n, &i, &index) ||
            !expect_at(p, n, &i, ",\"") || n - i < 46 || p[i + 44] != '"' ||
            p[i + 45] != ']')
            return ldg_error_set(err, LDG_EINVAL,
                                 "multi-proof node %zu is not [level, index, hash] in"
                                 " canonical form",
                                 a->n);
        rc = node_push(a, (unsigned)level, index, err);
        if (rc == LDG_OK &&
            ldg_hash_from_base64(&a->hash[a->n - 1], p + i, 44, err) != LDG_OK)
            rc = LDG_EINVAL;
        if (rc != LDG_OK) {
            ldg_error_where(err, "multi-proof node %zu", a->n - 1);
            return rc;
        }
        i += 46;
    }
    return LDG_OK;
}

static ldg_code nodes_from_json(node_arrays *a, const json_t *nodes, ldg_error *err)
{
    for (size_t i = 0; i < json_array_size(nodes); i++) {
        const json_t *node = json_array_get(nodes, i);
        const json_t *l = json_array_get(node, 0), *x = json_array_get(node, 1);
        const json_t *h = json_array_get(node, 2);
        ldg_code rc;

        if (!json_is_array(node) || json_array_size(node) != 3 || !json_is_integer(l) ||
            !json_is_integer(x) || json_integer_value(l) < 0 ||
            json_integer_value(l) >= TREE_LEVELS || json_integer_value(x) < 0 ||
            !json_is_string(h))
            return ldg_error_set(err, LDG_EINVAL,
                                 "multi-proof node %zu is not [level, index, hash]", i);
        rc = node_push(a, (unsigned)json_integer_value(l),
                       (uint64_t)json_integer_value(x), err);
        if (rc == LDG_OK && ldg_hash_from_base64(&a->hash[i], json_string_value(h),
                                                 json_string_length(h), err) != LDG_OK)
            rc = LDG_EINVAL;
        if (rc != LDG_OK) {
            ldg_error_where(err, "multi-proof node %zu", i);
            return rc;
        }
    }
    return LDG_OK;
}

/*
 * One decoded entry line: its raw form must be its JCS escaping (canonical), then it is
 * taken. raw is the line as the bundle holds it. A plain line (raw holds only bytes
 * 0x20..0x7e and no escape but \", the usual usage entry) is its JCS escaping by
 * construction: JCS writes each of those bytes as itself and '"' as \" (jcs.c), and
 * raw can hold no bare '"' (it would have ended the string) nor a bare backslash (it
 * begins an escape); escaping it again to compare was a third of leaseledger-verify's
 * time (issue 13). Any other line is escaped again and compared, as before.
 */
static ldg_code take_raw_line(vctx *v, const ldg_buf *line, const char *raw,
                              size_t rawlen, size_t lineno, bool plain)
{
    ldg_code rc;

    if (plain)
        return take_entry(v, line->data ? line->data : "", line->len, lineno);
    ldg_buf_reset(&v->tmp);
    rc = ldg_jcs_string(&v->tmp, line->data ? line->data : "", line->len, v->err);
    if (rc != LDG_OK) {
        ldg_error_where(v->err, "entry line %zu", lineno);
        return rc;
    }
    if (v->tmp.len - 2 != rawlen || memcmp(v->tmp.data + 1, raw, rawlen) != 0)
        return ldg_error_set(
            v->err, LDG_EINVAL,
            "bundle is not in canonical form (RFC 8785): entry line %zu is"
            " escaped otherwise",
            lineno);
    return take_entry(v, line->data, line->len, lineno);
}

/*
 * The entries straight from the bundle's bytes s[0..n) (the string's content, without
 * its quotes): unescaped one line at a time into a small buffer, so a large bundle is
 * never held twice. The escaped line feed "\n" ends a line; JSON escapes are decoded
 * and the canonical check above refuses any but the ones RFC 8785 writes.
 */
static ldg_code entries_from_raw(vctx *v, const char *s, size_t n)
{
    ldg_buf line = { 0 };
    size_t i = 0, seg = 0, lineno = 0;
    bool plain = true; /* the line so far: bytes 0x20..0x7e, no escape but \" */
    ldg_code rc = LDG_OK;

    while (rc == LDG_OK && i < n) {
        size_t j = i;
        unsigned cp = 0;

        while (j < n && s[j] != '\\' && (unsigned char)s[j] >= 0x20) {
            if ((unsigned char)s[j] >= 0x7f)
                plain = false;
            j++;
        }
        if (j > i)
            rc = ldg_buf_append(&line, s + i, j - i, v->err);
        i = j;
        if (rc != LDG_OK || i == n)
            break;
        if (s[i] != '\\' || i + 1 == n) {
            rc = ldg_error_set(
                v->err, LDG_EINVAL,
                "bundle is not valid JSON: a control byte or a lone backslash"
                " in the entries at byte %zu",
                i);
            break;
        }
        if (s[i + 1] != '"' && s[i + 1] != 'n')
            plain = false;
        switch (s[i + 1]) {
        case 'n':
            rc = take_raw_line(v, &line, s + seg, i - seg, ++lineno, plain);
            ldg_buf_reset(&line);
            seg = i += 2;
            plain = true;
            continue;
        case '"':
            i++; /* the '"' begins the next run of bytes taken as they are */
            continue;
        case '\\':
            cp = '\\';
            break;
        case '/':
            cp = '/';
            break;
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case 'u':
            for (size_t k = 0; k < 4; k++) {
                char h = i + 2 + k < n ? s[i + 2 + k] : 'x';

                cp = cp * 16 + (unsigned)(h >= '0' && h <= '9'   ? h - '0'
                                          : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                          : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                                 : 0x10000);
            }
            /* JCS escapes only control characters this way: another code point is
             * refused below (0x100), a malformed escape too (above 0xffff) */
            if (cp >= 0x80 && cp <= 0xffff)
                cp = 0x100;
            i += 4;
            break;
        default:
            cp = 0x200;
        }
        if (cp == 0x200 || cp > 0xffff) {
            rc = ldg_error_set(
                v->err, LDG_EINVAL,
                "bundle is not valid JSON: an invalid escape in the entries at"
                " byte %zu",
                i);
            break;
        }
        if (cp > 0xff) {
            rc = ldg_error_set(
                v->err, LDG_EINVAL,
                "bundle is not in canonical form (RFC 8785): an escape in the"
                " entries at byte %zu",
                i);
            break;
        }
        rc = ldg_buf_putc(&line, (char)cp, v->err);
        i += 2;
    }
    if (rc == LDG_OK && (seg != n || n == 0))
        rc = ldg_error_set(v->err, LDG_EINVAL,
                           "bundle's entries are empty or do not end with a line break");
    ldg_buf_cleanup(&line);
    if (rc != LDG_OK)
        return rc;
    v->sum->entries = (int64_t)v->n;
    v->sum->usage = (int64_t)v->nu;
    return LDG_OK;
}

/* ---- the bundle as a whole -------------------------------------------------------- */

/*
 * Jansson parses everything but the entries' and the nodes' content (the bulk, read
 * straight from data), when they can be found: in->b and in->rest are set then, and
 * left NULL when they cannot be found or the rest is not JSON.
 */
static ldg_code read_rest(bundle_input *in, bool spans, ldg_error *err)
{
    const char *data = in->data;
    size_t len = in->len;

    if (!spans)
        return LDG_OK;
    in->restlen = len - (in->eb - in->ea) - (in->nb - in->na);
    if (in->restlen > LDG_BUNDLE_REST_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle's members other than entries and nodes exceed %d"
                             " bytes",
                             LDG_BUNDLE_REST_MAX);
    if (!(in->rest = malloc(in->restlen + 1)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    memcpy(in->rest, data, in->ea);
    memcpy(in->rest + in->ea, data + in->eb, in->na - in->eb);
    memcpy(in->rest + in->ea + (in->na - in->eb), data + in->nb, len - in->nb);
    in->b = json_loadb(in->rest, in->restlen, JSON_REJECT_DUPLICATES, NULL);
    if (in->b) {
        in->raw = true;
    } else {
        free(in->rest);
        in->rest = NULL;
    }
    return LDG_OK;
}

ldg_code ldg_bundle__read(bundle_input *in, const char *data, size_t len, size_t max,
                          ldg_buf *tmp, ldg_error *err)
{
    ldg_code rc;
    bool spans;

    memset(in, 0, sizeof(*in));
    in->data = data;
    in->len = len;
    if (len > max)
        return ldg_error_set(err, LDG_EINVAL,
                             "bundle is %zu bytes, more than the limit of %zu", len, max);
    /* the entries' and nodes' spans first (find_spans counts no depth, recurses never),
     * so that the depth count need not read the entries a second time (issue 13) */
    spans = find_spans(data, len, &in->ea, &in->eb, &in->na, &in->nb);
    if (nesting_depth(data, len, LDG_BUNDLE_MAX_DEPTH, spans ? in->ea : len,
                      spans ? in->eb : len) > LDG_BUNDLE_MAX_DEPTH)
        return ldg_error_set(err, LDG_EINVAL, "bundle nests deeper than %d levels",
                             LDG_BUNDLE_MAX_DEPTH);
    rc = read_rest(in, spans, err);
    if (rc != LDG_OK)
        return rc;
    /* else, for a small input only, everything, to say what is wrong with it */
    if (!in->b && len > LDG_BUNDLE_REST_MAX)
        return ldg_error_set(
            err, LDG_EINVAL,
            "bundle is not an evidence bundle in canonical form (RFC 8785)");
    if (!in->b) {
        in->b = ldg_bundle__parse_json(data, len, LDG_BUNDLE_MAX_DEPTH, "bundle", err);
        if (!in->b)
            return LDG_EINVAL;
    }
    rc = ldg_bundle__check_numbers(in->b, "bundle", err);
    if (rc == LDG_OK)
        rc = check_members(in->b, err);
    if (rc == LDG_OK)
        rc = check_canonical(in->raw ? in->rest : data, in->raw ? in->restlen : len,
                             in->b, tmp, err);
    return rc;
}

void ldg_bundle__input_cleanup(bundle_input *in)
{
    json_decref(in->b);
    free(in->rest);
    memset(in, 0, sizeof(*in));
}

ldg_code ldg_bundle__take_entries(vctx *v, const bundle_input *in)
{
    return in->raw ? entries_from_raw(v, in->data + in->ea, in->eb - in->ea)
                   : entries_from_json(v, in->b);
}

ldg_code ldg_bundle__take_nodes(node_arrays *a, const bundle_input *in, ldg_error *err)
{
    return in->raw ? nodes_from_raw(a, in->data + in->na, in->nb - in->na, err)
                   : nodes_from_json(a, json_object_get(in->b, "nodes"), err);
}
