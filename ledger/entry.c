/*
 * Canonical entry encoding. The usage encoder writes RFC 8785 bytes by hand because it
 * runs once per record on ingest and again on verify; its member order is the JCS
 * order (all names are ASCII, so UTF-16 order is byte order) and its strings go
 * through ldg_jcs_string, so it cannot drift from ldg_jcs_serialize (the unit test
 * compares them).
 */
#include "ledger/entry.h"

#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/jcs.h"

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

static ldg_code put_member(ldg_buf *out, const char *key_with_quotes_colon,
                           const char *value, ldg_error *err)
{
    ldg_code rc = ldg_buf_puts(out, key_with_quotes_colon, err);

    if (rc == LDG_OK)
        rc = ldg_jcs_string(out, value, strlen(value), err);
    return rc;
}

ldg_code ldg_entry_record_bytes(ldg_buf *out, const ldg_record *u, int64_t seq,
                                ldg_error *err)
{
    char start[LDG_TIME_BUFLEN], end[LDG_TIME_BUFLEN], qty[LDG_FIXED_BUFLEN];
    char seqbuf[32];
    const char *kind = ldg_kind_name(u->kind);
    const char *cls = ldg_class_name(u->cls);
    ldg_code rc;

    if (!kind)
        return ldg_error_set(err, LDG_EINTERNAL, "usage entry with kind %d", u->kind);
    ldg_time_format(start, u->start);
    ldg_time_format(end, u->end);
    ldg_fixed_format(qty, u->qty_micros, 6);
    snprintf(seqbuf, sizeof(seqbuf), "%" PRId64, seq);

    rc = ldg_buf_puts(out, "{\"data\":{", err);
    if (rc == LDG_OK && cls) {
        rc = put_member(out, "\"class\":", cls, err);
        if (rc == LDG_OK)
            rc = ldg_buf_puts(out, ",", err);
    }
    if (rc == LDG_OK && u->corrects) {
        rc = put_member(out, "\"corrects\":", u->corrects, err);
        if (rc == LDG_OK)
            rc = ldg_buf_puts(out, ",", err);
    }
    if (rc == LDG_OK)
        rc = put_member(out, "\"end\":", end, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"event_id\":", u->event_id, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"kind\":", kind, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"meter\":", u->meter, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"quantity\":", qty, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"site\":", u->site, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"start\":", start, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"unit\":", ldg_kind_unit(u->kind), err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(out, "},\"kind\":\"usage\",\"seq\":", err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(out, seqbuf, err);
    if (rc == LDG_OK)
        rc = put_member(out, ",\"tenant\":", u->tenant, err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(out, ",\"v\":1}", err);
    return rc;
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
