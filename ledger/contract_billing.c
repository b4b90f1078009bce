/*
 * The billing terms of a contract document (contract_billing.h).
 *
 * Invariant: what parsed is valid on its own (the tax entries pass ldg_tax_check), so
 * billing, the verifier and the documents only read it.
 *
 * Design: the fields are parsed apart from contract.c's rating terms and kept as one
 * plain value per document; the terms in force replay the amendments like the rating
 * terms do, field by field, replacing whole.
 */
#include "ledger/contract_billing.h"

#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/receivable.h"
#include "ledger/text.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TEXT_MAX_BYTES 256
#define PATH_BUFLEN    64

__attribute__((format(printf, 5, 6))) static ldg_code
field_error(ldg_error *err, ldg_code code, const char *what, const char *field,
            const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ldg_error_set(err, code, "%s: field \"%s\": %s", what, field, msg);
}

/* Members of obj not in allowed (NULL-terminated) are refused. */
static ldg_code known_keys(const json_t *obj, const char *const *allowed,
                           const char *what, const char *prefix, ldg_error *err)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)(uintptr_t)obj, key, v)
    {
        bool ok = false;

        (void)v;
        for (size_t i = 0; allowed[i]; i++)
            ok = ok || strcmp(key, allowed[i]) == 0;
        if (!ok) {
            char field[PATH_BUFLEN];

            snprintf(field, sizeof(field), "%s%.32s", prefix, key);
            return field_error(err, LDG_EINVAL, what, field, "unknown field");
        }
    }
    return LDG_OK;
}

/* A printable string of 1 to TEXT_MAX_BYTES bytes. */
static ldg_code text_of(const char **out, const json_t *v, const char *what,
                        const char *field, ldg_error *err)
{
    size_t n = json_string_length(v);

    if (!json_is_string(v))
        return field_error(err, LDG_EINVAL, what, field, "must be a string");
    /* one line each: they are printed as lines of a document */
    if (n == 0 || n > TEXT_MAX_BYTES || !ldg_text_no_controls(json_string_value(v), n) ||
        memchr(json_string_value(v), '\n', n))
        return field_error(err, LDG_EINVAL, what, field,
                           "must be 1 to %d bytes without control characters",
                           TEXT_MAX_BYTES);
    *out = json_string_value(v);
    return LDG_OK;
}

/* obj[key] as text; absent gives NULL, or an error when required. */
static ldg_code member_text(const char **out, const json_t *obj, const char *key,
                            bool required, const char *what, const char *field,
                            ldg_error *err)
{
    const json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v)
        return required
                   ? field_error(err, LDG_EINVAL, what, field, "required field missing")
                   : LDG_OK;
    return text_of(out, v, what, field, err);
}

/* A JSON array of 1 (or 0 when empty_ok) to max texts. */
static ldg_code text_list(const char **out, size_t *n, size_t max, bool empty_ok,
                          const json_t *v, const char *what, const char *field,
                          ldg_error *err)
{
    char sub[PATH_BUFLEN];
    ldg_code rc;

    if (!json_is_array(v) || json_array_size(v) > max ||
        (!empty_ok && json_array_size(v) == 0))
        return field_error(err, LDG_EINVAL, what, field,
                           "must be an array of %d to %zu strings", empty_ok ? 0 : 1,
                           max);
    for (size_t i = 0; i < json_array_size(v); i++) {
        snprintf(sub, sizeof(sub), "%s[%zu]", field, i);
        if ((rc = text_of(&out[i], json_array_get(v, i), what, sub, err)) != LDG_OK)
            return rc;
    }
    *n = json_array_size(v);
    return LDG_OK;
}

ldg_code ldg_contract_bill_to_parse(ldg_bill_to *out, const json_t *v, const char *what,
                                    ldg_error *err)
{
    static const char *const keys[] = { "legal_name", "address", "country",
                                        "tax_id",     "email",   "payer_accounts",
                                        NULL };
    const json_t *accounts;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(v))
        return field_error(err, LDG_EINVAL, what, "bill_to", "must be an object");
    if ((rc = known_keys(v, keys, what, "bill_to.", err)) != LDG_OK ||
        (rc = member_text(&out->legal_name, v, "legal_name", true, what,
                          "bill_to.legal_name", err)) != LDG_OK ||
        (rc = text_list(out->address, &out->naddress, LDG_CONTRACT_MAX_ADDRESS_LINES,
                        false, json_object_get(v, "address"), what, "bill_to.address",
                        err)) != LDG_OK ||
        (rc = member_text(&out->country, v, "country", true, what, "bill_to.country",
                          err)) != LDG_OK ||
        (rc = member_text(&out->tax_id, v, "tax_id", false, what, "bill_to.tax_id",
                          err)) != LDG_OK ||
        (rc = member_text(&out->email, v, "email", false, what, "bill_to.email", err)) !=
            LDG_OK)
        return rc;
    if (strlen(out->country) != 2 || out->country[0] < 'A' || out->country[0] > 'Z' ||
        out->country[1] < 'A' || out->country[1] > 'Z')
        return field_error(err, LDG_EINVAL, what, "bill_to.country",
                           "must be an ISO 3166-1 alpha-2 code like \"US\"");
    if ((accounts = json_object_get(v, "payer_accounts")) != NULL)
        return text_list(out->payer_accounts, &out->npayer_accounts,
                         LDG_CONTRACT_MAX_PAYER_ACCOUNTS, true, accounts, what,
                         "bill_to.payer_accounts", err);
    return LDG_OK;
}

/* "streams": listable stream names, none twice; absent: all of them. */
static ldg_code tax_streams(unsigned *out, const json_t *v, const char *what,
                            const char *field, ldg_error *err)
{
    ldg_stream s;

    *out = 0;
    if (!v) {
        *out = LDG_TAX_ALL_STREAMS;
        return LDG_OK;
    }
    if (!json_is_array(v))
        return field_error(err, LDG_EINVAL, what, field, "must be an array of streams");
    for (size_t i = 0; i < json_array_size(v); i++) {
        const char *name = json_string_value(json_array_get(v, i));

        if (!name || ldg_rate_stream_parse(&s, name, NULL) != LDG_OK)
            return field_error(err, LDG_EINVAL, what, field, "unknown stream \"%.32s\"",
                               name ? name : "");
        if (*out & LDG_TAX_STREAM(s))
            return field_error(err, LDG_EINVAL, what, field, "stream \"%s\" listed twice",
                               name);
        *out |= LDG_TAX_STREAM(s);
    }
    return LDG_OK;
}

static ldg_code tax_entry(ldg_tax_entry *e, const json_t *v, size_t i, const char *what,
                          ldg_error *err)
{
    static const char *const keys[] = { "category",         "name", "percent", "streams",
                                        "exemption_reason", NULL };
    char field[PATH_BUFLEN], prefix[PATH_BUFLEN];
    const char *code = NULL, *percent;
    ldg_error tmp;
    ldg_code rc;

    snprintf(prefix, sizeof(prefix), "tax[%zu]", i);
    if (!json_is_object(v))
        return field_error(err, LDG_EINVAL, what, prefix, "must be an object");
    snprintf(prefix, sizeof(prefix), "tax[%zu].", i);
#define FIELD(name) (snprintf(field, sizeof(field), "tax[%zu]." name, i), field)
    if ((rc = known_keys(v, keys, what, prefix, err)) != LDG_OK ||
        (rc = member_text(&code, v, "category", true, what, FIELD("category"), err)) !=
            LDG_OK ||
        (rc = member_text(&e->name, v, "name", true, what, FIELD("name"), err)) !=
            LDG_OK ||
        (rc = member_text(&percent, v, "percent", true, what, FIELD("percent"), err)) !=
            LDG_OK ||
        (rc = member_text(&e->exemption_reason, v, "exemption_reason", false, what,
                          FIELD("exemption_reason"), err)) != LDG_OK ||
        (rc = tax_streams(&e->streams, json_object_get(v, "streams"), what,
                          FIELD("streams"), err)) != LDG_OK)
        return rc;
    if (ldg_tax_category_parse(&e->category, code, NULL) != LDG_OK)
        return field_error(err, LDG_EINVAL, what, FIELD("category"),
                           "unknown tax category \"%.16s\": expected S, Z, E, AE or O",
                           code);
    ldg_error_clear(&tmp);
    if (ldg_fixed_parse_dp(&e->percent_micros, percent, strlen(percent), 6, &tmp) !=
        LDG_OK)
        return field_error(err, LDG_EINVAL, what, FIELD("percent"),
                           "malformed decimal: %s", tmp.message);
#undef FIELD
    return LDG_OK;
}

static ldg_code parse_tax(ldg_billing_terms *out, const json_t *v, const char *what,
                          ldg_error *err)
{
    ldg_error tmp;
    ldg_code rc;

    if (!json_is_array(v) || json_array_size(v) > LDG_TAX_MAX_ENTRIES)
        return field_error(err, LDG_EINVAL, what, "tax",
                           "must be an array of at most %d entries", LDG_TAX_MAX_ENTRIES);
    out->ntax = json_array_size(v);
    for (size_t i = 0; i < out->ntax; i++)
        if ((rc = tax_entry(&out->tax[i], json_array_get(v, i), i, what, err)) != LDG_OK)
            return rc;
    ldg_error_clear(&tmp);
    if ((rc = ldg_tax_check(out->tax, out->ntax, &tmp)) != LDG_OK)
        return field_error(err, rc, what, "tax", "%s", tmp.message);
    out->has_tax = true;
    return LDG_OK;
}

static ldg_code parse_payment_terms(ldg_billing_terms *out, const json_t *v,
                                    const char *what, ldg_error *err)
{
    static const char *const keys[] = { "net_days", NULL };
    const json_t *days = json_object_get(v, "net_days");
    ldg_code rc;

    if (!json_is_object(v))
        return field_error(err, LDG_EINVAL, what, "payment_terms", "must be an object");
    if ((rc = known_keys(v, keys, what, "payment_terms.", err)) != LDG_OK)
        return rc;
    if (!json_is_integer(days) || json_integer_value(days) < 0 ||
        json_integer_value(days) > LDG_RECEIVABLE_MAX_NET_DAYS)
        return field_error(err, LDG_EINVAL, what, "payment_terms.net_days",
                           "must be an integer 0..%d", LDG_RECEIVABLE_MAX_NET_DAYS);
    out->has_net_days = true;
    out->net_days = (int64_t)json_integer_value(days);
    return LDG_OK;
}

ldg_code ldg_contract_billing_parse(ldg_billing_terms *out, const json_t *doc,
                                    const char *id, ldg_error *err)
{
    char what[96];
    const json_t *v;
    const char *approval;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    snprintf(what, sizeof(what), "contract \"%s\"", id);
    if ((v = json_object_get(doc, "bill_to")) != NULL) {
        if ((rc = ldg_contract_bill_to_parse(&out->bill_to, v, what, err)) != LDG_OK)
            return rc;
        out->bill_to_json = v;
    }
    if ((rc = member_text(&out->purchase_order, doc, "purchase_order", false, what,
                          "purchase_order", err)) != LDG_OK)
        return rc;
    if ((v = json_object_get(doc, "payment_terms")) != NULL &&
        (rc = parse_payment_terms(out, v, what, err)) != LDG_OK)
        return rc;
    if ((v = json_object_get(doc, "tax")) != NULL && (rc = parse_tax(out, v, what, err)))
        return rc;
    if ((rc = member_text(&approval, doc, "approval", false, what, "approval", err)) !=
        LDG_OK)
        return rc;
    if (approval && strcmp(approval, "required") != 0 && strcmp(approval, "none") != 0)
        return field_error(err, LDG_EINVAL, what, "approval",
                           "must be \"required\" or \"none\"");
    out->has_approval = approval != NULL;
    out->approval_required = approval && strcmp(approval, "required") == 0;
    if ((v = json_object_get(doc, "amend_approval")) != NULL) {
        out->has_amend_approval = true;
        return ldg_amend_threshold_parse(&out->amend_approval, v, what, err);
    }
    return LDG_OK;
}

/* Copies each field doc states over out. */
static void apply(ldg_billing_terms *out, const ldg_billing_terms *doc)
{
    if (doc->bill_to_json) {
        out->bill_to_json = doc->bill_to_json;
        out->bill_to = doc->bill_to;
    }
    if (doc->purchase_order)
        out->purchase_order = doc->purchase_order;
    if (doc->has_net_days) {
        out->has_net_days = true;
        out->net_days = doc->net_days;
    }
    if (doc->has_tax) {
        out->has_tax = true;
        out->ntax = doc->ntax;
        memcpy(out->tax, doc->tax, sizeof(out->tax));
    }
    if (doc->has_approval) {
        out->has_approval = true;
        out->approval_required = doc->approval_required;
    }
    if (doc->has_amend_approval) {
        out->has_amend_approval = true;
        out->amend_approval = doc->amend_approval;
    }
}

void ldg_contract_billing_at(ldg_billing_terms *out, const ldg_contract *c, ldg_time at)
{
    assert(out && c);
    *out = *ldg_contract_doc_billing(ldg_contract_base(c));
    for (size_t i = 0; i < ldg_contract_amendment_count(c); i++) {
        const ldg_contract_doc *a = ldg_contract_amendment(c, i);

        if (ldg_contract_doc_effective(a) > at)
            break;
        apply(out, ldg_contract_doc_billing(a));
    }
}
