/*
 * Canonical entry encoding. The usage encoder writes RFC 8785 bytes by hand because it
 * runs once per record on ingest and again on verify; its member order is the JCS
 * order (all names are ASCII, so UTF-16 order is byte order) and its strings go
 * through the code of ldg_jcs_string (ldg_jcs_string_size and _put), so it cannot drift
 * from ldg_jcs_serialize (the unit test compares them).
 */
#include "ledger/entry.h"

#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/jcs.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = { NULL, "gpu", "energy", "downtime",
                                          "maintenance" };

const char *ldg_kind_name(int kind)
{
    return kind >= 1 && kind <= LDG_KIND_MAINTENANCE ? kind_names[kind] : NULL;
}

static int lookup(const char *const *names, int n, const char *s, size_t len)
{
    for (int i = 1; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return 0;
}

int ldg_kind_parse(const char *name, size_t len)
{
    return lookup(kind_names, LDG_KIND_MAINTENANCE + 1, name, len);
}

ldg_gpu_class ldg_class_to_gpu(int cls)
{
    if (cls == LDG_CLASS_NONE)
        return LDG_GPU_NONE;
    return cls > 0 && cls <= LDG_GPU_NCLASS ? (ldg_gpu_class)(cls - 1)
                                            : (ldg_gpu_class)LDG_GPU_NCLASS;
}

int ldg_class_of_gpu(ldg_gpu_class cls)
{
    if (cls == LDG_GPU_NONE)
        return LDG_CLASS_NONE;
    return (int)cls >= 0 && (int)cls < LDG_GPU_NCLASS ? (int)cls + 1 : -1;
}

const char *ldg_class_name(int cls)
{
    return ldg_contract_class_name(ldg_class_to_gpu(cls));
}

int ldg_class_parse(const char *name, size_t len)
{
    return ldg_class_of_gpu(ldg_contract_class_lookup(name, len));
}

int ldg_class_intern(const char *name, size_t len)
{
    ldg_gpu_class k;

    if (ldg_gpu_class_intern(&k, name, len, NULL) != LDG_OK)
        return LDG_CLASS_NONE;
    return ldg_class_of_gpu(k);
}

const char *ldg_kind_unit(int kind)
{
    return kind == LDG_KIND_ENERGY ? "mwh" : "gpu_hour";
}

/* One text member of a usage entry: its bytes and the size of its JCS literal. */
typedef struct entry_text {
    const char *s;
    size_t len, size;
} entry_text;

/* Sizes the literal of s (ldg_jcs_string_size: same checks, same errors). */
static ldg_code text_size(entry_text *t, const char *s, ldg_error *err)
{
    t->s = s;
    t->len = strlen(s);
    return ldg_jcs_string_size(&t->size, s, t->len, err);
}

/* The same for a member that may be absent (class, corrects): NULL is absent. */
static ldg_code opt_text_size(entry_text *t, const char *s, ldg_error *err)
{
    if (s)
        return text_size(t, s, err);
    t->s = NULL;
    t->len = t->size = 0;
    return LDG_OK;
}

/* Writes n in plain decimal, as "%" PRIu64 would; returns the end. */
static char *put_u64(char *d, uint64_t n)
{
    char digits[20];
    size_t pos = sizeof(digits);

    do {
        digits[--pos] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    memcpy(d, digits + pos, sizeof(digits) - pos);
    return d + (sizeof(digits) - pos);
}

/* Writes n as "%" PRId64 would; returns the end. 0 - (uint64_t)n is |n| even for
 * INT64_MIN. */
static char *put_i64(char *d, int64_t n)
{
    if (n < 0)
        *d++ = '-';
    return put_u64(d, n < 0 ? 0 - (uint64_t)n : (uint64_t)n);
}

/* Writes micro-units as ldg_fixed_format(.., v, 6) does: "-1.500000", "0.000001";
 * returns the end. */
static char *put_micros(char *d, int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    uint64_t frac = mag % (uint64_t)LDG_MICRO;

    if (v < 0)
        *d++ = '-';
    d = put_u64(d, mag / (uint64_t)LDG_MICRO);
    *d++ = '.';
    for (int i = 5; i >= 0; i--, frac /= 10)
        d[i] = (char)('0' + frac % 10);
    return d + 6;
}

/* Copies the literal s (a string constant) and returns the end. */
#define PUT_LIT(d, s) (memcpy((d), (s), sizeof(s) - 1), (d) + sizeof(s) - 1)

/* Copies n bytes from s and returns the end. */
static char *put_bytes(char *d, const char *s, size_t n)
{
    memcpy(d, s, n);
    return d + n;
}

/* Writes t's literal (sized by text_size) and returns the end. */
static char *put_text(char *d, const entry_text *t)
{
    return ldg_jcs_string_put(d, t->s, t->len, t->size);
}

/* The parts of a usage entry other than its texts, formatted once. Kind, unit, times and
 * quantity never need escaping (ASCII names, digits and "-.:TZ"), so they are written
 * between quotes as they are. */
typedef struct entry_fixed {
    const char *kind, *unit;
    size_t kind_len, unit_len, start_len, end_len, qty_len, seq_len;
    char start[LDG_TIME_BUFLEN], end[LDG_TIME_BUFLEN], qty[LDG_FIXED_BUFLEN], seq[24];
} entry_fixed;

static void fixed_parts(entry_fixed *f, const ldg_record *u, int64_t seq,
                        const char *kind)
{
    f->kind = kind;
    f->kind_len = strlen(kind);
    f->unit = ldg_kind_unit(u->kind);
    f->unit_len = strlen(f->unit);
    ldg_time_format_pair(f->start, &f->start_len, u->start, f->end, &f->end_len, u->end);
    f->qty_len = (size_t)(put_micros(f->qty, u->qty_micros) - f->qty);
    f->seq_len = (size_t)(put_i64(f->seq, seq) - f->seq);
}

enum { T_CLASS, T_CORRECTS, T_EVENT, T_METER, T_SITE, T_TENANT, T_COUNT };

/* The member names and punctuation, in the order written (JCS order). */
#define K_DATA     "{\"data\":{"
#define K_CLASS    "\"class\":"
#define K_CORRECTS "\"corrects\":"
#define K_END      "\"end\":\""
#define K_EVENT    "\",\"event_id\":"
#define K_KIND     ",\"kind\":\""
#define K_METER    "\",\"meter\":"
#define K_QTY      ",\"quantity\":\""
#define K_SITE     "\",\"site\":"
#define K_START    ",\"start\":\""
#define K_UNIT     "\",\"unit\":\""
#define K_SEQ      "\"},\"kind\":\"usage\",\"seq\":"
#define K_TENANT   ",\"tenant\":"
#define K_V        ",\"v\":1}"
#define K_ALL                                                                     \
    (sizeof(K_DATA K_END K_EVENT K_KIND K_METER K_QTY K_SITE K_START K_UNIT K_SEQ \
                K_TENANT K_V) -                                                   \
     1)

/* Writes the entry into d, which holds its size; returns the end. */
static char *put_entry(char *d, const entry_text *t, const entry_fixed *f)
{
    d = PUT_LIT(d, K_DATA);
    if (t[T_CLASS].s) {
        d = PUT_LIT(d, K_CLASS);
        d = put_text(d, &t[T_CLASS]);
        *d++ = ',';
    }
    if (t[T_CORRECTS].s) {
        d = PUT_LIT(d, K_CORRECTS);
        d = put_text(d, &t[T_CORRECTS]);
        *d++ = ',';
    }
    d = put_bytes(PUT_LIT(d, K_END), f->end, f->end_len);
    d = put_text(PUT_LIT(d, K_EVENT), &t[T_EVENT]);
    d = put_bytes(PUT_LIT(d, K_KIND), f->kind, f->kind_len);
    d = put_text(PUT_LIT(d, K_METER), &t[T_METER]);
    d = put_bytes(PUT_LIT(d, K_QTY), f->qty, f->qty_len);
    d = put_text(PUT_LIT(d, K_SITE), &t[T_SITE]);
    d = put_bytes(PUT_LIT(d, K_START), f->start, f->start_len);
    d = put_bytes(PUT_LIT(d, K_UNIT), f->unit, f->unit_len);
    d = put_bytes(PUT_LIT(d, K_SEQ), f->seq, f->seq_len);
    d = put_text(PUT_LIT(d, K_TENANT), &t[T_TENANT]);
    return PUT_LIT(d, K_V);
}

/*
 * One pass sizes every part (validating the texts in the order they are written, so the
 * first bad one is the one reported, as when they were appended one by one), the buffer
 * grows once, and the second pass copies. Nothing is appended when a text is refused.
 */
ldg_code ldg_entry_record_bytes(ldg_buf *out, const ldg_record *u, int64_t seq,
                                ldg_error *err)
{
    const char *kind = ldg_kind_name(u->kind);
    entry_text t[T_COUNT];
    entry_fixed f;
    size_t size;
    ldg_code rc;
    char *d;

    if (!kind)
        return ldg_error_set(err, LDG_EINTERNAL, "usage entry with kind %d", u->kind);
    rc = opt_text_size(&t[T_CLASS], ldg_class_name(u->cls), err);
    if (rc == LDG_OK)
        rc = opt_text_size(&t[T_CORRECTS], u->corrects, err);
    if (rc == LDG_OK)
        rc = text_size(&t[T_EVENT], u->event_id, err);
    if (rc == LDG_OK)
        rc = text_size(&t[T_METER], u->meter, err);
    if (rc == LDG_OK)
        rc = text_size(&t[T_SITE], u->site, err);
    if (rc == LDG_OK)
        rc = text_size(&t[T_TENANT], u->tenant, err);
    if (rc != LDG_OK)
        return rc;
    fixed_parts(&f, u, seq, kind);
    /* each literal is at most 6 * len + 2 bytes of a string in memory: no sum can wrap */
    size = K_ALL + f.kind_len + f.unit_len + f.start_len + f.end_len + f.qty_len +
           f.seq_len + t[T_EVENT].size + t[T_METER].size + t[T_SITE].size +
           t[T_TENANT].size;
    if (t[T_CLASS].s)
        size += sizeof(K_CLASS) + t[T_CLASS].size; /* sizeof counts the ',' after it */
    if (t[T_CORRECTS].s)
        size += sizeof(K_CORRECTS) + t[T_CORRECTS].size;
    rc = ldg_buf_reserve(out, size, err);
    if (rc != LDG_OK)
        return rc;
    d = put_entry(out->data + out->len, t, &f);
    assert((size_t)(d - (out->data + out->len)) == size);
    out->len = (size_t)(d - out->data);
    *d = '\0';
    return LDG_OK;
}

json_t *ldg_entry_record_json(const ldg_record *u, int64_t seq)
{
    char start[LDG_TIME_BUFLEN], end[LDG_TIME_BUFLEN], qty[LDG_FIXED_BUFLEN];
    json_t *data = json_object();
    json_t *entry = json_object();

    if (!data || !entry) {
        json_decref(data);
        json_decref(entry);
        return NULL;
    }
    if (ldg_class_name(u->cls))
        json_object_set_new(data, "class", json_string(ldg_class_name(u->cls)));
    if (u->corrects)
        json_object_set_new(data, "corrects", json_string(u->corrects));
    json_object_set_new(data, "end", json_string(ldg_time_format(end, u->end)));
    json_object_set_new(data, "event_id", json_string(u->event_id));
    json_object_set_new(data, "kind", json_string(ldg_kind_name(u->kind)));
    json_object_set_new(data, "meter", json_string(u->meter));
    json_object_set_new(data, "quantity",
                        json_string(ldg_fixed_format(qty, u->qty_micros, 6)));
    json_object_set_new(data, "site", json_string(u->site));
    json_object_set_new(data, "start", json_string(ldg_time_format(start, u->start)));
    json_object_set_new(data, "unit", json_string(ldg_kind_unit(u->kind)));
    json_object_set_new(entry, "v", json_integer(1));
    json_object_set_new(entry, "tenant", json_string(u->tenant));
    json_object_set_new(entry, "seq", json_integer(seq));
    json_object_set_new(entry, "kind", json_string("usage"));
    json_object_set_new(entry, "data", data);
    return entry;
}

ldg_code ldg_entry_doc_bytes(ldg_buf *out, const char *tenant, int64_t seq,
                             const char *kind, const json_t *data, ldg_error *err)
{
    json_t *entry = json_object();
    ldg_code rc;

    if (!entry)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    json_object_set_new(entry, "v", json_integer(1));
    json_object_set_new(entry, "tenant", json_string(tenant));
    json_object_set_new(entry, "seq", json_integer(seq));
    json_object_set_new(entry, "kind", json_string(kind));
    /* json_object_set increments; data stays the caller's */
    json_object_set(entry, "data", (json_t *)(uintptr_t)data);
    rc = ldg_jcs_serialize(out, entry, err);
    json_decref(entry);
    return rc;
}

/* A payment is few and small: its data goes through Jansson and ldg_jcs_serialize,
 * not a hand encoder like usage's. */
json_t *ldg_entry_payment_data(const ldg_payment_entry *p, ldg_error *err)
{
    char amount[LDG_FIXED_BUFLEN], received[LDG_TIME_BUFLEN];
    int digits = ldg_contract_currency_digits(p->currency);
    int64_t unit = 1;
    json_t *data;

    for (int i = digits; i >= 0 && i < 6; i++)
        unit *= 10;
    /* a stored row is a claim: one that cannot be written exactly is refused, never
     * rounded (and never reaches ldg_fixed_format's assertion) */
    if (digits < 0 || p->amount_micros <= 0 || p->amount_micros % unit != 0) {
        ldg_error_set(err, LDG_EINVAL,
                      "payment \"%s\": amount of %" PRId64
                      " micro-units is not a positive whole number of %s's minor unit",
                      p->payment_id, p->amount_micros, p->currency);
        return NULL;
    }
    data =
        json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "amount",
                  ldg_fixed_format(amount, p->amount_micros, digits), "assigned_by",
                  p->assigned_by ? json_string(p->assigned_by) : json_null(), "currency",
                  p->currency, "id", p->payment_id, "payer", p->payer, "received",
                  ldg_time_format(received, p->received), "reference", p->reference);
    if (!data)
        ldg_error_set(err, LDG_EINVAL, "payment \"%s\": a text is not valid UTF-8",
                      p->payment_id);
    return data;
}

ldg_code ldg_entry_payment_bytes(ldg_buf *out, const char *tenant, int64_t seq,
                                 const ldg_payment_entry *p, ldg_error *err)
{
    json_t *data = ldg_entry_payment_data(p, err);
    ldg_code rc;

    if (!data)
        return err ? err->code : LDG_EINVAL;
    rc = ldg_entry_doc_bytes(out, tenant, seq, "payment", data, err);
    json_decref(data);
    return rc;
}
