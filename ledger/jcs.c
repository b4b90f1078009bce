/*
 * RFC 8785 (JCS) serialization of Jansson values into an ldg_buf (buf.c).
 *
 * The canonical bytes of a log entry are hashed into the Merkle tree, so this file
 * must produce exactly one byte sequence per value: members in UTF-16 code unit order,
 * no whitespace, strings escaped per RFC 8785 section 3.2.2.2, integers in plain
 * decimal. Anything JCS would format through IEEE 754 (reals, integers beyond 2^53)
 * is refused, since ledger numbers are decimal strings (DESIGN.md).
 *
 * json_dumps(JSON_SORT_KEYS | JSON_COMPACT) was dropped: it orders names by bytes, not
 * by UTF-16 code units, and prints reals with "%.17g". Converting each name to UTF-16
 * to sort was dropped too: UTF-8 byte order already equals code point order, and code
 * point order differs from UTF-16 order only between a character above U+FFFF (lead
 * byte F0..F4, a surrogate pair in UTF-16) and one in U+E000..U+FFFF (lead byte EE or
 * EF), so comparing bytes with that one correction at the first difference suffices.
 *
 * Members of the objects being written sit on one stack in the context, innermost
 * last, sorted in place once per object: insertion sort for a few members, qsort for
 * more (skipped when already in order). Its first slots live in the context on the C
 * stack, so a typical entry allocates nothing besides the output buffer. Recursion is
 * bounded by LDG_JCS_MAX_DEPTH, which also stops a cyclic value (Jansson lets a container
 * hold itself indirectly).
 */
#include "ledger/jcs.h"

#include "ledger/utf8.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_MEMBERS 32
#define SORT_SMALL    16

/* Undoes a failed append: back to len bytes, still NUL-terminated. */
static void buf_truncate(ldg_buf *b, size_t len)
{
    b->len = len;
    if (b->data)
        b->data[len] = '\0';
}

/* ---- UTF-8 and strings ------------------------------------------------------------ */

static ldg_code utf8_error(const char *what, const unsigned char *s, size_t at,
                           ldg_error *err)
{
    return ldg_error_set(err, LDG_EINVAL, "invalid UTF-8 in %s at byte %zu (0x%02x)",
                         what, at, (unsigned)s[at]);
}

/* Bytes written for a character below 0x80 inside a JCS string literal. */
static size_t ascii_out_len(unsigned char c)
{
    if (c == '"' || c == '\\')
        return 2;
    if (c >= 0x20)
        return 1;
    switch (c) {
    case '\b':
    case '\f':
    case '\n':
    case '\r':
    case '\t':
        return 2;
    default:
        return 6; /* \u00xx */
    }
}

/*
 * Whether any of the 8 bytes of w needs more than a copy into a literal: a control
 * character, '"', '\\', or a byte of a multi-byte character (validated one by one).
 * Each term is the usual SWAR test, exact as a yes/no: borrows only start at a byte that
 * matches. The byte order of w does not matter.
 */
static int word_needs_care(uint64_t w)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
    uint64_t quote = w ^ (ones * '"'), bslash = w ^ (ones * '\\');

    return ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
             ((bslash - ones) & ~bslash) | w) &
            highs) != 0;
}

/* Whether the 8 bytes at s can be copied as they are (see word_needs_care). */
static int plain8(const unsigned char *s)
{
    uint64_t w;

    memcpy(&w, s, sizeof(w));
    return !word_needs_care(w);
}

/*
 * The size of s's literal with its quotes, checking it is UTF-8 on the way, so nothing
 * is written for a string that is refused and a writer can reserve once. Plain ASCII is
 * skipped 8 bytes at a time; the rest byte by byte, as strictly as ldg_utf8_next.
 */
static ldg_code string_size(size_t *size, const char *str, size_t len, const char *what,
                            ldg_error *err)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, k, n = 2;
    uint32_t cp;

    if (len > (SIZE_MAX - 2) / 6) /* 6 bytes out per byte in at most */
        return ldg_error_set(
            err, LDG_ENOMEM,
            "could not grow buffer: string of %zu bytes overflows size_t", len);
    while (i < len) {
        if (len - i >= 8 && plain8(s + i)) {
            i += 8;
            n += 8;
        } else if (s[i] < 0x80) {
            n += ascii_out_len(s[i]);
            i++;
        } else {
            k = ldg_utf8_next(&cp, s + i, len - i);
            if (k == 0)
                return utf8_error(what, s, i, err);
            n += k;
            i += k;
        }
    }
    *size = n;
    return LDG_OK;
}

/* Writes the escape of c, a character below 0x20 or '"' or '\\'; returns the end. */
static char *put_escape(char *d, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";

    *d++ = '\\';
    switch (c) {
    case '"':
        *d++ = '"';
        break;
    case '\\':
        *d++ = '\\';
        break;
    case '\b':
        *d++ = 'b';
        break;
    case '\f':
        *d++ = 'f';
        break;
    case '\n':
        *d++ = 'n';
        break;
    case '\r':
        *d++ = 'r';
        break;
    case '\t':
        *d++ = 't';
        break;
    default:
        *d++ = 'u';
        *d++ = '0';
        *d++ = '0';
        *d++ = hex[c >> 4];
        *d++ = hex[c & 0xF];
        break;
    }
    return d;
}

char *ldg_jcs_string_put(char *d, const char *str, size_t len, size_t size)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    *d++ = '"';
    if (size == len + 2) { /* nothing to escape: the usual case for ledger text */
        if (len > 0)
            memcpy(d, str, len);
        d += len;
    } else {
        while (i < len) {
            if (len - i >= 8 && plain8(s + i)) {
                memcpy(d, s + i, 8);
                d += 8;
                i += 8;
            } else if (s[i] >= 0x80 || ascii_out_len(s[i]) == 1) {
                *d++ = (char)s[i++];
            } else {
                d = put_escape(d, s[i++]);
            }
        }
    }
    *d++ = '"';
    return d;
}

ldg_code ldg_jcs_string_size(size_t *size, const char *s, size_t len, ldg_error *err)
{
    return string_size(size, s, len, "string", err);
}

/*
 * Writes s as a JCS string literal (RFC 8785 section 3.2.2.2): the two-character
 * escapes for " \ BS FF LF CR HT, \u00xx in lower case for the other controls, every
 * other character as its own UTF-8 bytes, including '/', U+007F and U+2028.
 *
 * Two passes: the first validates and sizes the literal, so nothing is written for a
 * string that is refused and the buffer grows once; the second is one memcpy when
 * nothing needs escaping, the usual case for ledger text.
 */
static ldg_code put_string(ldg_buf *out, const char *str, size_t len, const char *what,
                           ldg_error *err)
{
    size_t size;
    ldg_code rc = string_size(&size, str, len, what, err);
    char *d;

    if (rc == LDG_OK)
        rc = ldg_buf_reserve(out, size, err);
    if (rc != LDG_OK)
        return rc;
    d = ldg_jcs_string_put(out->data + out->len, str, len, size);
    out->len = (size_t)(d - out->data);
    *d = '\0';
    return LDG_OK;
}

ldg_code ldg_jcs_string(ldg_buf *out, const char *s, size_t len, ldg_error *err)
{
    return put_string(out, s, len, "string", err);
}

ldg_code ldg_jcs_int(ldg_buf *out, int64_t n, ldg_error *err)
{
    char digits[24];
    size_t pos = sizeof(digits);
    uint64_t u;

    if (n > LDG_JCS_INT_MAX || n < -LDG_JCS_INT_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "integer %" PRId64 " is out of range for canonical JSON "
                             "(magnitude above 2^53): ledger JSON carries such numbers "
                             "as decimal strings",
                             n);
    /* -n cannot overflow: |n| <= 2^53 */
    u = n < 0 ? (uint64_t)-n : (uint64_t)n;
    do {
        digits[--pos] = (char)('0' + u % 10);
        u /= 10;
    } while (u > 0);
    if (n < 0)
        digits[--pos] = '-';
    return ldg_buf_append(out, digits + pos, sizeof(digits) - pos, err);
}

/* ---- values ----------------------------------------------------------------------- */

typedef struct jcs_member {
    const char *key;
    size_t key_len;
    const json_t *value;
} jcs_member;

typedef struct jcs_ctx {
    ldg_buf *out;
    ldg_error *err;
    jcs_member *m; /* members of the objects being written, innermost last */
    size_t len, cap;
    jcs_member small[SMALL_MEMBERS];
} jcs_ctx;

/*
 * Orders two UTF-8 names by their UTF-16 code units. At the first differing byte both
 * names are inside the same character or both start one; only two lead bytes need the
 * correction explained at the top of the file, and neither can be a continuation byte,
 * so the bytes at the difference decide alone. Reads stay within both lengths; an
 * ill-formed name may sort anywhere, and is refused when it is written.
 */
static int utf16_cmp(const jcs_member *a, const jcs_member *b)
{
    const unsigned char *x = (const unsigned char *)a->key;
    const unsigned char *y = (const unsigned char *)b->key;
    size_t n = a->key_len < b->key_len ? a->key_len : b->key_len, i = 0;

    while (i < n && x[i] == y[i])
        i++;
    if (i == n)
        return a->key_len < b->key_len ? -1 : a->key_len > b->key_len;
    if (x[i] >= 0xF0 && (y[i] == 0xEE || y[i] == 0xEF))
        return -1;
    if (y[i] >= 0xF0 && (x[i] == 0xEE || x[i] == 0xEF))
        return 1;
    return x[i] < y[i] ? -1 : 1;
}

static int member_cmp(const void *a, const void *b)
{
    return utf16_cmp(a, b);
}

/*
 * Insertion sort up to SORT_SMALL members (a ledger object has about ten, often
 * already in order), qsort above it, so a large object never costs n^2 comparisons.
 */
static void sort_members(jcs_member *m, size_t n)
{
    size_t i, j;

    if (n > SORT_SMALL) {
        for (i = 1; i < n; i++) {
            if (utf16_cmp(&m[i - 1], &m[i]) > 0) {
                qsort(m, n, sizeof(*m), member_cmp);
                return;
            }
        }
        return;
    }
    for (i = 1; i < n; i++) {
        jcs_member x = m[i];

        for (j = i; j > 0 && utf16_cmp(&m[j - 1], &x) > 0; j--)
            m[j] = m[j - 1];
        m[j] = x;
    }
}

static ldg_code ctx_reserve(jcs_ctx *c, size_t n)
{
    size_t cap = c->cap;
    jcs_member *m;

    if (n <= c->cap - c->len)
        return LDG_OK;
    if (n > SIZE_MAX / sizeof(*m) - c->len)
        return ldg_error_set(c->err, LDG_ENOMEM, "object has too many members");
    while (cap - c->len < n)
        cap = cap > SIZE_MAX / sizeof(*m) / 2 ? c->len + n : 2 * cap;
    if (c->m == c->small) {
        m = malloc(cap * sizeof(*m));
        if (m)
            memcpy(m, c->small, c->len * sizeof(*m));
    } else {
        m = realloc(c->m, cap * sizeof(*m));
    }
    if (!m)
        return ldg_error_set(c->err, LDG_ENOMEM,
                             "out of memory: could not sort %zu object members", n);
    c->m = m;
    c->cap = cap;
    return LDG_OK;
}

/* Jansson's object iterator takes json_t * though it only reads; the cast through
 * uintptr_t drops const on purpose. */
static json_t *iterable(const json_t *v)
{
    return (json_t *)(uintptr_t)v;
}

static ldg_code put_value(jcs_ctx *c, const json_t *v, unsigned depth);

static ldg_code put_object(jcs_ctx *c, const json_t *obj, unsigned depth)
{
    size_t n = json_object_size(obj), base = c->len, i;
    void *it;
    ldg_code rc;

    if (n == 0)
        return ldg_buf_append(c->out, "{}", 2, c->err);
    rc = ctx_reserve(c, n);
    if (rc != LDG_OK)
        return rc;
    i = 0;
    for (it = json_object_iter(iterable(obj)); it && i < n;
         it = json_object_iter_next(iterable(obj), it)) {
        jcs_member *m = &c->m[base + i++];

        m->key = json_object_iter_key(it);
        m->key_len = json_object_iter_key_len(it);
        m->value = json_object_iter_value(it);
    }
    n = i;
    c->len = base + n;
    sort_members(c->m + base, n);

    rc = ldg_buf_putc(c->out, '{', c->err);
    for (i = 0; rc == LDG_OK && i < n; i++) {
        /* a copy: nested objects may move c->m */
        jcs_member m = c->m[base + i];

        if (i > 0)
            rc = ldg_buf_putc(c->out, ',', c->err);
        if (rc == LDG_OK)
            rc = put_string(c->out, m.key, m.key_len, "object member name", c->err);
        if (rc == LDG_OK)
            rc = ldg_buf_putc(c->out, ':', c->err);
        if (rc != LDG_OK)
            break;
        rc = put_value(c, m.value, depth);
        if (rc == LDG_EINVAL) /* the name is valid UTF-8 here: it was just written */
            ldg_error_detail(c->err, "The value is that of member \"%.*s\".",
                             m.key_len > 64 ? 64 : (int)m.key_len, m.key);
    }
    if (rc == LDG_OK)
        rc = ldg_buf_putc(c->out, '}', c->err);
    c->len = base;
    return rc;
}

static ldg_code put_array(jcs_ctx *c, const json_t *arr, unsigned depth)
{
    size_t n = json_array_size(arr), i;
    ldg_code rc = ldg_buf_putc(c->out, '[', c->err);

    for (i = 0; rc == LDG_OK && i < n; i++) {
        if (i > 0)
            rc = ldg_buf_putc(c->out, ',', c->err);
        if (rc == LDG_OK)
            rc = put_value(c, json_array_get(arr, i), depth);
    }
    if (rc == LDG_OK)
        rc = ldg_buf_putc(c->out, ']', c->err);
    return rc;
}

/* depth: containers already open around v. */
static ldg_code put_value(jcs_ctx *c, const json_t *v, unsigned depth)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
    case JSON_ARRAY:
        if (depth >= LDG_JCS_MAX_DEPTH)
            return ldg_error_set(c->err, LDG_EINVAL,
                                 "cannot serialize JSON nested deeper than %d levels "
                                 "(or containing itself)",
                                 LDG_JCS_MAX_DEPTH);
        if (json_is_object(v))
            return put_object(c, v, depth + 1);
        return put_array(c, v, depth + 1);
    case JSON_STRING:
        return put_string(c->out, json_string_value(v), json_string_length(v), "string",
                          c->err);
    case JSON_INTEGER:
        return ldg_jcs_int(c->out, (int64_t)json_integer_value(v), c->err);
    case JSON_REAL:
        return ldg_error_set(c->err, LDG_EINVAL,
                             "cannot serialize a real number as canonical JSON: ledger "
                             "JSON carries decimals as strings");
    case JSON_TRUE:
        return ldg_buf_append(c->out, "true", 4, c->err);
    case JSON_FALSE:
        return ldg_buf_append(c->out, "false", 5, c->err);
    case JSON_NULL:
        return ldg_buf_append(c->out, "null", 4, c->err);
    }
    return ldg_error_set(c->err, LDG_EINTERNAL, "unknown JSON value type %d",
                         (int)json_typeof(v));
}

ldg_code ldg_jcs_serialize(ldg_buf *out, const json_t *v, ldg_error *err)
{
    jcs_ctx c;
    size_t start = out->len;
    ldg_code rc;

    if (!v)
        return ldg_error_set(err, LDG_EINVAL, "no JSON value to serialize");
    c.out = out;
    c.err = err;
    c.m = c.small;
    c.len = 0;
    c.cap = SMALL_MEMBERS;
    rc = put_value(&c, v, 0);
    if (c.m != c.small)
        free(c.m);
    if (rc != LDG_OK)
        buf_truncate(out, start);
    return rc;
}
