/*
 * Site and contract documents in the store. See registry.h.
 */
#include "ledger/store/registry.h"

#include "ledger/contract.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/jcs.h"
#include "ledger/site.h"
#include "ledger/site_meters.h"
#include "ledger/store/classes.h"
#include "ledger/store/logstore.h"
#include "ledger/store/pg_array.h"
#include "ledger/text.h"

#include <assert.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Document helpers --------------------------------------------------------------- */

static ldg_code canonical_sha256(unsigned char md[32], ldg_buf *canon, const json_t *doc,
                                 ldg_error *err)
{
    unsigned int len = 0;
    ldg_code rc = ldg_jcs_serialize(canon, doc, err);

    if (rc == LDG_OK &&
        !EVP_Digest(canon->data, canon->len, md, &len, EVP_sha256(), NULL))
        rc = ldg_error_set(err, LDG_EINTERNAL, "could not hash document");
    return rc;
}

static int valid_name(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
        if (!ok)
            return 0;
    }
    return 1;
}

static ldg_code field_string(const char **out, const json_t *obj, const char *what,
                             const char *field, int required, ldg_error *err)
{
    const json_t *v = json_object_get(obj, field);

    *out = NULL;
    if (!v) {
        if (required)
            return ldg_error_set(err, LDG_EINVAL, "%s: field \"%s\" is missing", what,
                                 field);
        return LDG_OK;
    }
    if (!json_is_string(v) || json_string_length(v) == 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"%s\" must be a non-empty string", what, field);
    /* names reach terminals, PDFs and CSV files: no control characters (issue 14) */
    if (!ldg_text_no_controls(json_string_value(v), json_string_length(v)))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s: field \"%s\" must not hold control"
                             " characters",
                             what, field);
    *out = json_string_value(v);
    return LDG_OK;
}

/* A decimal given as a decimal string (or, for whole numbers, a JSON integer). */
static ldg_code field_decimal(int64_t *out, const json_t *v, const char *what,
                              const char *field, ldg_error *err)
{
    ldg_code rc;

    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (n < 0 || n > INT64_MAX / LDG_MICRO)
            return ldg_error_set(err, LDG_EINVAL, "%s: field \"%s\" is out of range",
                                 what, field);
        *out = (int64_t)n * LDG_MICRO;
        return LDG_OK;
    }
    if (!json_is_string(v))
        return ldg_error_set(err, LDG_EINVAL, "%s: field \"%s\" must be a decimal string",
                             what, field);
    rc = ldg_fixed_parse(out, json_string_value(v), json_string_length(v), err);
    if (rc != LDG_OK)
        ldg_error_where(err, "%s: field \"%s\"", what, field);
    return rc;
}

static ldg_code check_keys(const json_t *obj, const char *const *allowed,
                           const char *what, ldg_error *err)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)(uintptr_t)obj, key, v)
    {
        int ok = 0;

        (void)v;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = 1;
        if (!ok)
            return ldg_error_set(err, LDG_EINVAL, "%s: unknown field \"%.64s\"", what,
                                 key);
    }
    return LDG_OK;
}

/* Sites ------------------------------------------------------------------------------ */

typedef struct site_doc {
    const char *site;
    ldg_site_classes classes;      /* site.h */
    int64_t gpus[LDG_CLASS_COUNT]; /* by stored class number, from classes */
    int64_t power_micros;
} site_doc;

/* What site_validate guarantees of a capacity: asserted before a version is written
 * and again on every version read back (only asserts call it: unused under NDEBUG). */
__attribute__((unused)) static int capacity_ok(const int64_t *gpus, size_t nclasses,
                                               int64_t power_micros)
{
    for (size_t k = 0; k < nclasses; k++)
        if (gpus[k] < 0)
            return 0;
    return power_micros > 0;
}

/*
 * The operator's optional "country" (ISO 3166-1 alpha-2) and "remit_to" {"bank",
 * "account", "routing" or "iban", "reference"}, printed on invoices as payment
 * instructions (issue 9). Site documents without them keep loading.
 */
static ldg_code operator_terms_validate(const json_t *oper, const char *site,
                                        ldg_error *err)
{
    static const char *const remit[] = { "bank", "account",   "routing",
                                         "iban", "reference", NULL };
    const json_t *r = json_object_get(oper, "remit_to");
    const char *s = NULL, *routing = NULL, *iban = NULL;
    ldg_code rc = field_string(&s, oper, "site operator", "country", 0, err);

    if (rc == LDG_OK && s &&
        (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z'))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"operator.country\" must be an ISO "
                           "3166-1 alpha-2 code like \"US\"",
                           site);
    if (rc != LDG_OK || !r)
        return rc;
    if (!json_is_object(r))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"operator.remit_to\" must be an object",
                             site);
    rc = check_keys(r, remit, "site operator.remit_to", err);
    if (rc == LDG_OK)
        rc = field_string(&s, r, "site operator.remit_to", "bank", 1, err);
    if (rc == LDG_OK)
        rc = field_string(&s, r, "site operator.remit_to", "account", 0, err);
    if (rc == LDG_OK)
        rc = field_string(&routing, r, "site operator.remit_to", "routing", 0, err);
    if (rc == LDG_OK)
        rc = field_string(&iban, r, "site operator.remit_to", "iban", 0, err);
    if (rc == LDG_OK)
        rc = field_string(&s, r, "site operator.remit_to", "reference", 0, err);
    if (rc == LDG_OK && !routing && !iban)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"operator.remit_to\" needs one of "
                           "\"routing\" or \"iban\"",
                           site);
    return rc;
}

/* The optional meter inventory (site_meters.h), checked against the site's "gpus". */
static ldg_code site_meters_validate(const json_t *doc, ldg_error *err)
{
    ldg_site_meters *m = NULL;
    ldg_code rc = ldg_site_meters_parse(&m, doc, err);

    ldg_site_meters_free(m);
    return rc;
}

static ldg_code site_validate(site_doc *out, const json_t *doc, ldg_error *err)
{
    static const char *const top[] = { "site",     "name",   "gpus", "power_mw",
                                       "operator", "meters", NULL };
    static const char *const op[] = { "name",    "address",  "tax_id",
                                      "country", "remit_to", NULL };
    const json_t *oper;
    const char *s;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (!json_is_object(doc))
        return ldg_error_set(err, LDG_EINVAL, "site document must be a JSON object");
    rc = check_keys(doc, top, "site", err);
    if (rc == LDG_OK)
        rc = field_string(&out->site, doc, "site", "site", 1, err);
    if (rc == LDG_OK && !valid_name(out->site))
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "site: field \"site\" must be 1-63 letters, digits, '.', '_' or '-'");
    if (rc == LDG_OK)
        rc = field_string(&s, doc, "site", "name", 1, err);
    if (rc != LDG_OK)
        return rc;
    rc = ldg_site_classes_parse(&out->classes, json_object_get(doc, "gpus"), out->site,
                                err);
    for (size_t i = 0; rc == LDG_OK && i < out->classes.n; i++)
        out->gpus[ldg_class_of_gpu(out->classes.c[i].cls)] = out->classes.c[i].count;
    if (rc != LDG_OK)
        return rc;
    if (!json_object_get(doc, "power_mw"))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"power_mw\" is missing", out->site);
    rc = field_decimal(&out->power_micros, json_object_get(doc, "power_mw"), "site",
                       "power_mw", err);
    if (rc == LDG_OK && out->power_micros <= 0)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"power_mw\" must be positive", out->site);
    if (rc != LDG_OK)
        return rc;
    oper = json_object_get(doc, "operator");
    if (!json_is_object(oper))
        return ldg_error_set(err, LDG_EINVAL,
                             "site \"%s\": field \"operator\" must be an"
                             " object with name, address and tax_id",
                             out->site);
    rc = check_keys(oper, op, "site operator", err);
    if (rc == LDG_OK)
        rc = field_string(&s, oper, "site", "operator.name", 0, err);
    if (rc == LDG_OK && !json_is_string(json_object_get(oper, "name")))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"operator.name\" is missing", out->site);
    if (rc == LDG_OK &&
        !ldg_text_no_controls(json_string_value(json_object_get(oper, "name")),
                              json_string_length(json_object_get(oper, "name"))))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"operator.name\" must not hold control"
                           " characters",
                           out->site);
    if (rc == LDG_OK && !json_is_string(json_object_get(oper, "address")))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "site \"%s\": field \"operator.address\" is missing",
                           out->site);
    if (rc == LDG_OK)
        rc = operator_terms_validate(oper, out->site, err);
    return rc == LDG_OK ? site_meters_validate(doc, err) : rc;
}

/* The classes of the version just inserted (the site's latest): ledger.site_class. */
static ldg_code site_classes_store(ldg_store *st, const char *site_id,
                                   const ldg_site_classes *sc, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < sc->n; i++) {
        char cls[24], gpus[24], lo[24], hi[24];
        const char *params[5] = { site_id,
                                  ldg_store_i64(cls, ldg_class_of_gpu(sc->c[i].cls)),
                                  ldg_store_i64(gpus, sc->c[i].count),
                                  ldg_store_i64(lo, sc->c[i].kw_low_ukw),
                                  ldg_store_i64(hi, sc->c[i].kw_high_ukw) };

        rc = ldg_store_exec(
            NULL, st,
            "INSERT INTO ledger.site_class (site_id, valid_from, class, gpus,"
            " kw_low_micros, kw_high_micros) SELECT $1, max(valid_from), $2,"
            " $3, $4, $5 FROM ledger.site_version WHERE site_id = $1",
            5, params, err);
    }
    return rc;
}

typedef struct site_load_ctx {
    const json_t *doc;
    site_doc sd;
    ldg_load_result result;
} site_load_ctx;

static ldg_code site_load_work(ldg_store *st, void *vctx, ldg_error *err)
{
    site_load_ctx *c = vctx;
    unsigned char md[32];
    ldg_buf canon = { 0 };
    PGresult *res = NULL;
    char g1[24], g2[24], g3[24], pw[24];
    ldg_code rc = canonical_sha256(md, &canon, c->doc, err);

    assert(valid_name(c->sd.site) &&
           capacity_ok(c->sd.gpus, LDG_CLASS_COUNT, c->sd.power_micros));
    if (rc == LDG_OK)
        rc = ldg_store_xact_lock(st, LDG_LOCK_SITE_LOAD, 0, err);
    if (rc == LDG_OK)
        rc = ldg_store_classes_add(st, &c->sd.classes, err);
    if (rc == LDG_OK) {
        const char *params[1] = { c->sd.site };
        rc = ldg_store_exec(&res, st,
                            "WITH s AS (INSERT INTO ledger.site (site) VALUES ($1)"
                            " ON CONFLICT (site) DO NOTHING RETURNING site_id)"
                            " SELECT site_id, true FROM s UNION ALL"
                            " SELECT site_id, false FROM ledger.site WHERE site = $1",
                            1, params, err);
    }
    if (rc == LDG_OK) {
        const char *params[7] = { PQgetvalue(res, 0, 0),
                                  canon.data,
                                  (const char *)md,
                                  ldg_store_i64(pw, c->sd.power_micros),
                                  ldg_store_i64(g1, c->sd.gpus[LDG_CLASS_H100]),
                                  ldg_store_i64(g2, c->sd.gpus[LDG_CLASS_H200]),
                                  ldg_store_i64(g3, c->sd.gpus[LDG_CLASS_GB200]) };
        int lengths[7] = { 0, 0, 32, 0, 0, 0, 0 };
        int formats[7] = { 0, 0, 1, 0, 0, 0, 0 };
        PGresult *ins = NULL;

        /* new version only if the latest differs; the first is valid from -infinity */
        rc =
            ldg_store_execb(&ins, st,
                            "INSERT INTO ledger.site_version (site_id, valid_from, doc,"
                            " doc_sha256, power_micros, gpus_h100, gpus_h200, gpus_gb200)"
                            " SELECT $1, CASE WHEN latest.v IS NULL THEN '-infinity'"
                            "   ELSE now() END, $2::jsonb, $3, $4, $5, $6, $7"
                            " FROM (SELECT max(valid_from) AS v FROM ledger.site_version"
                            "       WHERE site_id = $1) latest"
                            " WHERE NOT EXISTS (SELECT 1 FROM ledger.site_version sv"
                            "   WHERE sv.site_id = $1 AND sv.valid_from = latest.v"
                            "   AND sv.doc_sha256 = $3)"
                            " RETURNING valid_from = '-infinity'",
                            7, params, lengths, formats, 0, err);
        if (rc == LDG_OK) {
            if (PQntuples(ins) == 0)
                c->result = LDG_LOAD_UNCHANGED;
            else if (strcmp(PQgetvalue(ins, 0, 0), "t") == 0)
                c->result = LDG_LOAD_CREATED;
            else
                c->result = LDG_LOAD_VERSIONED;
        }
        PQclear(ins);
        if (rc == LDG_OK && c->result != LDG_LOAD_UNCHANGED)
            rc = site_classes_store(st, PQgetvalue(res, 0, 0), &c->sd.classes, err);
    }
    PQclear(res);
    ldg_buf_cleanup(&canon);
    return rc;
}

ldg_code ldg_site_load(ldg_load_result *out, ldg_store *st, const json_t *doc,
                       ldg_error *err)
{
    site_load_ctx c = { .doc = doc };
    ldg_code rc = site_validate(&c.sd, doc, err);

    if (rc == LDG_OK)
        rc = ldg_store_run(st, site_load_work, &c, err);
    *out = c.result;
    return rc;
}

static ldg_time pg_epoch(const char *s)
{
    if (strcmp(s, "-Infinity") == 0)
        return INT64_MIN;
    if (strcmp(s, "Infinity") == 0)
        return INT64_MAX;
    return (ldg_time)strtoll(s, NULL, 10);
}

/* One row of the capacities query: a version's class into its capacity. The band of a
 * class stored without one (versions loaded before migration 0012) is its built-in. */
static void capacity_class(ldg_site_capacity *c, const PGresult *res, int i)
{
    int cls;

    if (PQgetisnull(res, i, 4))
        return;
    cls = (int)ldg_store_int64(res, i, 4);
    if (cls <= 0 || cls >= LDG_CLASS_COUNT)
        return;
    c->gpus[cls] = ldg_store_int64(res, i, 5);
    if (!PQgetisnull(res, i, 6)) {
        c->kw_low_ukw[cls] = ldg_store_int64(res, i, 6);
        c->kw_high_ukw[cls] = ldg_store_int64(res, i, 7);
    } else if (ldg_class_name(cls)) {
        ldg_gpu_class_default_band(&c->kw_low_ukw[cls], &c->kw_high_ukw[cls],
                                   ldg_class_name(cls));
    }
}

ldg_code ldg_site_capacities(ldg_site_capacity **out, size_t *n, ldg_store *st,
                             const char *site, ldg_error *err)
{
    const char *params[1] = { site };
    PGresult *res = NULL;
    ldg_code rc;
    int rows;
    size_t k = 0;

    *out = NULL;
    *n = 0;
    rc = ldg_store_exec(
        &res, st,
        "SELECT v.site_id, extract(epoch FROM v.valid_from)::text,"
        " coalesce(extract(epoch FROM v.valid_to)::text, 'Infinity'),"
        " v.power_micros, c.class, c.gpus, c.kw_low_micros, c.kw_high_micros"
        " FROM (SELECT sv.*, lead(sv.valid_from) OVER (ORDER BY sv.valid_from)"
        "   AS valid_to FROM ledger.site s JOIN ledger.site_version sv"
        "   USING (site_id) WHERE s.site = $1) v"
        " LEFT JOIN ledger.site_class c ON c.site_id = v.site_id"
        "  AND c.valid_from = v.valid_from"
        " ORDER BY v.valid_from, c.class",
        1, params, err);
    if (rc != LDG_OK)
        return rc;
    rows = PQntuples(res);
    if (rows == 0) {
        PQclear(res);
        return ldg_error_set(err, LDG_ENOTFOUND, "unknown site \"%s\"", site);
    }
    *out = calloc((size_t)rows, sizeof(**out));
    if (!*out) {
        PQclear(res);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (int i = 0; i < rows; i++) {
        ldg_site_capacity *c = &(*out)[k];
        ldg_time from = pg_epoch(PQgetvalue(res, i, 1));

        if (i > 0 && from == (*out)[k - 1].valid_from) {
            capacity_class(&(*out)[k - 1], res, i);
            continue;
        }
        for (int j = 0; j < LDG_CLASS_COUNT; j++)
            c->kw_low_ukw[j] = c->kw_high_ukw[j] = -1;
        c->site_id = (int16_t)ldg_store_int64(res, i, 0);
        c->valid_from = from;
        c->valid_to = pg_epoch(PQgetvalue(res, i, 2));
        c->power_micros = ldg_store_int64(res, i, 3);
        capacity_class(c, res, i);
        assert(c->valid_from <= c->valid_to &&
               capacity_ok(c->gpus, LDG_CLASS_COUNT, c->power_micros));
        k++;
    }
    *n = k;
    PQclear(res);
    return LDG_OK;
}

/* Contracts -------------------------------------------------------------------------- */

typedef struct contract_ctx {
    const json_t *doc;
    const ldg_contract_doc *parsed;
    ldg_load_result result;
    int64_t seq;
} contract_ctx;

static const char SQL_CONTRACT_DOCS[] =
    "SELECT doc::text FROM ledger.contract_doc WHERE tenant_id = $1"
    " AND contract_id = $2 ORDER BY seq";

/*
 * Rebuilds the contract from its stored documents and adds the new amendment; the
 * contract module checks it against what it amends. *ends receives the term's end
 * after it.
 */
static ldg_code check_amendment(ldg_time *ends, ldg_store *st, int32_t tenant_id,
                                const contract_ctx *c, ldg_error *err)
{
    ldg_contract *k = NULL;
    ldg_contract_doc *copy = NULL;
    ldg_code rc =
        ldg_registry_contract(&k, st, tenant_id, ldg_contract_doc_amends(c->parsed), err);

    if (rc == LDG_ENOTFOUND) {
        ldg_error_clear(err);
        return ldg_error_set(
            err, LDG_EINVAL,
            "contract \"%s\": field \"amends\": no contract \"%s\" of this"
            " tenant to amend",
            ldg_contract_doc_id(c->parsed), ldg_contract_doc_amends(c->parsed));
    }
    if (rc == LDG_OK)
        rc = ldg_contract_doc_parse(&copy, c->doc, err);
    if (rc == LDG_OK)
        rc = ldg_contract_amend_take(k, copy, err); /* takes copy in every case */
    if (rc == LDG_OK)
        *ends = ldg_contract_ends(k);
    ldg_contract_free(k);
    return rc;
}

/* One invoice series per currency per tenant. */
static ldg_code check_series(ldg_store *st, const char *tenant_id, const char *contract,
                             const char *series, const char *currency, ldg_error *err)
{
    const char *params[3] = { tenant_id, series, currency };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT contract_id, currency FROM ledger.contract_doc"
                       " WHERE tenant_id = $1 AND series = $2 AND currency <> $3"
                       " LIMIT 1",
                       3, params, err);

    if (rc == LDG_OK && PQntuples(res) > 0)
        rc =
            ldg_error_set(err, LDG_EINVAL,
                          "contract \"%s\": field \"currency\": invoice series \"%s\" is"
                          " already in %s (contract \"%s\"); one series cannot mix"
                          " currencies",
                          contract, series, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* An amendment may leave out "tenant": the contract it amends names it. */
static ldg_code tenant_of_contract(int32_t *tenant_id, char *name, size_t size,
                                   ldg_store *st, const char *contract_id, ldg_error *err)
{
    const char *params[1] = { contract_id };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT d.tenant_id, t.tenant FROM ledger.contract_doc d"
                                 " JOIN ledger.tenant t USING (tenant_id)"
                                 " WHERE d.contract_id = $1 AND d.amends IS NULL",
                                 1, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) != 1)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            PQntuples(res) == 0
                ? "contract \"%s\": field \"amends\": no such contract to amend"
                : "contract \"%s\" exists for several tenants: the amendment"
                  " must name its \"tenant\"",
            contract_id);
    else {
        *tenant_id = (int32_t)ldg_store_int64(res, 0, 0);
        snprintf(name, size, "%s", PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    return rc;
}

/* Every class the document prices must be one a site declared (ledger.gpu_class):
 * classes are data, but a contract cannot invent one. */
static ldg_code check_classes(ldg_store *st, const ldg_contract_doc *d, const json_t *doc,
                              ldg_error *err)
{
    const json_t *gpu = json_object_get(doc, "gpu");
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < json_array_size(gpu); i++) {
        const char *name =
            json_string_value(json_object_get(json_array_get(gpu, i), "class"));
        const char *params[1] = { name };
        PGresult *res = NULL;

        rc = ldg_store_exec(&res, st, "SELECT 1 FROM ledger.gpu_class WHERE name = $1", 1,
                            params, err);
        if (rc == LDG_OK && PQntuples(res) == 0) {
            rc = ldg_error_set(
                err, LDG_EINVAL,
                "contract \"%s\": field \"gpu[%zu].class\": unknown GPU class"
                " \"%s\" (no site declares it)",
                ldg_contract_doc_id(d), i, name);
            ldg_error_hint(err, "declare the class in a site document first ('leaseledger"
                                " site load')");
        }
        PQclear(res);
    }
    return rc;
}

static ldg_code contract_work(ldg_store *st, void *vctx, ldg_error *err)
{
    contract_ctx *c = vctx;
    const ldg_contract_doc *d = c->parsed;
    const char *amends = ldg_contract_doc_amends(d);
    unsigned char md[32];
    ldg_buf canon = { 0 };
    PGresult *res = NULL;
    int32_t tenant_id = 0;
    char tid[24], seqs[24], starts[LDG_TIME_BUFLEN], ends[LDG_TIME_BUFLEN],
        eff[LDG_TIME_BUFLEN];
    ldg_time end_after = ldg_contract_doc_ends(d);
    const char *tenant = ldg_contract_doc_tenant(d);
    char tenant_buf[128];
    ldg_code rc = canonical_sha256(md, &canon, c->doc, err);

    c->result = 0;
    if (rc == LDG_OK && amends && !tenant) {
        rc = tenant_of_contract(&tenant_id, tenant_buf, sizeof(tenant_buf), st, amends,
                                err);
        tenant = tenant_buf;
    } else if (rc == LDG_OK) {
        rc = amends ? ldg_tenant_id(&tenant_id, st, tenant, err)
                    : ldg_tenant_ensure(&tenant_id, st, tenant, err);
    }
    if (rc == LDG_OK) /* one contract loader per tenant at a time */
        rc = ldg_store_xact_lock(st, LDG_LOCK_CONTRACT, tenant_id, err);
    ldg_store_i64(tid, tenant_id);
    if (rc == LDG_OK) {
        const char *params[3] = { tid, (const char *)md, ldg_contract_doc_id(d) };
        int lengths[3] = { 0, 32, 0 };
        int formats[3] = { 0, 1, 0 };
        rc = ldg_store_execb(&res, st,
                             "SELECT seq, doc_sha256 = $2 FROM ledger.contract_doc"
                             " WHERE tenant_id = $1 AND (doc_sha256 = $2 OR"
                             " (contract_id = $3 AND amends IS NULL))"
                             " ORDER BY 2 DESC LIMIT 1",
                             3, params, lengths, formats, 0, err);
    }
    if (rc == LDG_OK && PQntuples(res) > 0) {
        if (strcmp(PQgetvalue(res, 0, 1), "t") == 0) {
            c->result = LDG_LOAD_UNCHANGED;
            c->seq = ldg_store_int64(res, 0, 0);
        } else if (!amends) {
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "contract \"%s\" is already loaded with different terms",
                               ldg_contract_doc_id(d));
            ldg_error_hint(err, "change a contract with an amendment: the same document"
                                " with \"amends\" and \"effective\"");
        }
    }
    PQclear(res);
    res = NULL;
    if (rc != LDG_OK || c->result == LDG_LOAD_UNCHANGED) {
        ldg_buf_cleanup(&canon);
        return rc;
    }
    if (amends)
        rc = check_amendment(&end_after, st, tenant_id, c, err);
    if (rc == LDG_OK)
        rc = check_classes(st, d, c->doc, err);
    if (rc == LDG_OK && !amends)
        rc = check_series(st, tid, ldg_contract_doc_id(d),
                          ldg_contract_doc_invoice_series(d),
                          ldg_contract_doc_currency(d), err);
    if (rc == LDG_OK)
        rc = ldg_log_append_doc(&c->seq, st, tenant_id, tenant, "contract", c->doc, err);
    if (rc == LDG_OK) {
        /* an amendment inherits site, currency, series and starts from the base */
        const char *params[12] = {
            tid,
            ldg_store_i64(seqs, c->seq),
            ldg_contract_doc_id(d),
            amends,
            amends ? ldg_time_format(eff, ldg_contract_doc_effective(d)) : NULL,
            amends ? NULL : ldg_time_format(starts, ldg_contract_doc_starts(d)),
            ldg_time_format(ends, end_after),
            ldg_contract_doc_site(d),
            ldg_contract_doc_currency(d),
            ldg_contract_doc_invoice_series(d),
            canon.data,
            (const char *)md,
        };
        int lengths[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32 };
        int formats[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

        rc = ldg_store_execb(
            &res, st,
            "INSERT INTO ledger.contract_doc (tenant_id, seq, contract_id,"
            " amends, effective, starts, ends, site_id, currency, series, doc,"
            " doc_sha256)"
            " SELECT $1, $2, $3, $4, $5::timestamptz,"
            "  coalesce($6::timestamptz, b.starts), $7::timestamptz,"
            "  coalesce(s.site_id, b.site_id), coalesce($9, b.currency),"
            "  coalesce($10, b.series), $11::jsonb, $12"
            " FROM (SELECT 1) one"
            " LEFT JOIN ledger.site s ON s.site = $8"
            " LEFT JOIN ledger.contract_doc b ON b.tenant_id = $1"
            "  AND b.contract_id = $3 AND b.amends IS NULL"
            " RETURNING site_id",
            12, params, lengths, formats, 0, err);
        if (rc == LDG_ECONFLICT ||
            (rc == LDG_EDB && err && strcmp(err->sqlstate, "23502") == 0)) {
            ldg_error_clear(err);
            rc = ldg_error_set(err, LDG_EINVAL,
                               "contract \"%s\": field \"site\": unknown site"
                               " \"%s\"",
                               ldg_contract_doc_id(d),
                               ldg_contract_doc_site(d) ? ldg_contract_doc_site(d) : "?");
            ldg_error_hint(err, "load the site first with 'leaseledger site load'");
        }
        PQclear(res);
    }
    if (rc == LDG_OK)
        c->result = amends ? LDG_LOAD_VERSIONED : LDG_LOAD_CREATED;
    ldg_buf_cleanup(&canon);
    return rc;
}

ldg_code ldg_contract_store(ldg_load_result *out, int64_t *seq, ldg_store *st,
                            const json_t *doc, ldg_error *err)
{
    ldg_contract_doc *parsed = NULL;
    contract_ctx c = { .doc = doc };
    ldg_code rc = ldg_contract_doc_parse(&parsed, doc, err);

    *out = 0;
    *seq = -1;
    if (rc != LDG_OK)
        return rc;
    c.parsed = parsed;
    rc = ldg_store_run(st, contract_work, &c, err);
    *out = c.result;
    *seq = c.seq;
    ldg_contract_doc_free(parsed);
    return rc;
}

ldg_code ldg_registry_spans(ldg_span **out, size_t *n, ldg_store *st, int32_t tenant_id,
                            ldg_error *err)
{
    char t[24];
    const char *params[1] = { ldg_store_i64(t, tenant_id) };
    PGresult *res = NULL;
    int rows;
    ldg_code rc;

    *out = NULL;
    *n = 0;
    /* each contract's span ends where its latest document says */
    rc = ldg_store_exec(
        &res, st,
        "SELECT DISTINCT ON (contract_id)"
        " extract(epoch FROM starts)::bigint, extract(epoch FROM ends)::bigint,"
        " site_id FROM ledger.contract_doc WHERE tenant_id = $1"
        " ORDER BY contract_id, seq DESC",
        1, params, err);
    if (rc != LDG_OK)
        return rc;
    rows = PQntuples(res);
    if (rows > 0) {
        *out = calloc((size_t)rows, sizeof(**out));
        if (!*out) {
            PQclear(res);
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        }
    }
    for (int i = 0; i < rows; i++) {
        (*out)[i].starts = ldg_store_int64(res, i, 0);
        (*out)[i].ends = ldg_store_int64(res, i, 1);
        (*out)[i].site_id = (int16_t)ldg_store_int64(res, i, 2);
    }
    *n = (size_t)rows;
    PQclear(res);
    return LDG_OK;
}

ldg_code ldg_registry_contracts(ldg_contract_ref **out, size_t *n, ldg_store *st,
                                const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    int rows;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT DISTINCT ON (d.tenant_id, d.contract_id) d.tenant_id,"
        " t.tenant, d.contract_id, d.site_id,"
        " extract(epoch FROM d.starts)::bigint,"
        " extract(epoch FROM d.ends)::bigint"
        " FROM ledger.contract_doc d JOIN ledger.tenant t USING (tenant_id)"
        " WHERE $1::text IS NULL OR t.tenant = $1"
        " ORDER BY d.tenant_id, d.contract_id, d.seq DESC",
        1, params, err);

    *out = NULL;
    *n = 0;
    if (rc != LDG_OK)
        return rc;
    rows = PQntuples(res);
    if (rows > 0 && !(*out = calloc((size_t)rows, sizeof(**out)))) {
        PQclear(res);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (int i = 0; i < rows; i++) {
        ldg_contract_ref *r = &(*out)[i];
        r->tenant_id = (int32_t)ldg_store_int64(res, i, 0);
        snprintf(r->tenant, sizeof(r->tenant), "%s", PQgetvalue(res, i, 1));
        snprintf(r->contract_id, sizeof(r->contract_id), "%s", PQgetvalue(res, i, 2));
        r->site_id = (int16_t)ldg_store_int64(res, i, 3);
        r->starts = ldg_store_int64(res, i, 4);
        r->ends = ldg_store_int64(res, i, 5);
    }
    *n = (size_t)rows;
    PQclear(res);
    return LDG_OK;
}

ldg_code ldg_registry_contract_send(ldg_store_ticket *ticket, ldg_store *st,
                                    int32_t tenant_id, const char *contract_id,
                                    ldg_error *err)
{
    char t[24];
    const char *params[2] = { ldg_store_i64(t, tenant_id), contract_id };

    return ldg_store_send(ticket, st, SQL_CONTRACT_DOCS, 2, params, err);
}

/* The seqs of rows first..first+n of a SQL_CONTRACT_DOCS_OF answer (column 1), in a
 * block of their own. */
static ldg_code doc_seqs(int64_t **seqs, const PGresult *res, int first, int n,
                         ldg_error *err)
{
    if (!(*seqs = malloc((size_t)n * sizeof(**seqs))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++)
        (*seqs)[i] = ldg_store_int64(res, first + i, 1);
    return LDG_OK;
}

/* The contract of rows first..first+n of a SQL_CONTRACT_DOCS or SQL_CONTRACT_DOCS_OF
 * answer (its documents in seq order), and their seqs (SQL_CONTRACT_DOCS_OF's) when seqs
 * is not NULL. */
static ldg_code contract_of_rows(ldg_contract **out, int64_t **seqs, size_t *nseqs,
                                 const PGresult *res, int first, int n,
                                 const char *contract_id, ldg_error *err)
{
    json_t **docs = NULL;
    ldg_code rc = LDG_OK;

    *out = NULL;
    if (seqs) {
        *seqs = NULL;
        *nseqs = 0;
    }
    if (n == 0)
        return ldg_error_set(err, LDG_ENOTFOUND, "unknown contract \"%s\"", contract_id);
    docs = calloc((size_t)n, sizeof(*docs));
    if (!docs)
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (int i = 0; rc == LDG_OK && i < n; i++)
        if (!(docs[i] = json_loads(PQgetvalue(res, first + i, 0), 0, NULL)))
            rc =
                ldg_error_set(err, LDG_EINTERNAL, "stored contract document is not JSON");
    if (rc == LDG_OK)
        rc = ldg_contract_from_json(out, docs[0], (const json_t *const *)(docs + 1),
                                    (size_t)n - 1, err);
    if (rc == LDG_OK && seqs && (rc = doc_seqs(seqs, res, first, n, err)) == LDG_OK)
        *nseqs = (size_t)n;
    if (rc != LDG_OK) {
        ldg_contract_free(*out);
        *out = NULL;
    }
    for (int i = 0; docs && i < n; i++)
        json_decref(docs[i]);
    free(docs);
    return rc;
}

ldg_code ldg_registry_contract_take(ldg_contract **out, ldg_store *st,
                                    ldg_store_ticket ticket, const char *contract_id,
                                    ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_take(&res, st, ticket, err);

    *out = NULL;
    if (rc == LDG_OK)
        rc = contract_of_rows(out, NULL, NULL, res, 0, PQntuples(res), contract_id, err);
    PQclear(res);
    return rc;
}

/* SQL_CONTRACT_DOCS for several contracts: $1 tenant ids, $2 contract ids; the rows of
 * each (its place in the arrays from 1, column 2) together, in seq order. */
static const char SQL_CONTRACT_DOCS_OF[] =
    "SELECT d.doc::text, d.seq, q.ord FROM unnest($1::int[], $2::text[])"
    " WITH ORDINALITY AS q(t, c, ord) JOIN ledger.contract_doc d"
    " ON d.tenant_id = q.t AND d.contract_id = q.c ORDER BY q.ord, d.seq";

ldg_code ldg_registry_contracts_send(ldg_store_ticket *ticket, ldg_store *st,
                                     const int32_t *tenant_ids,
                                     const char *const *contract_ids, size_t n,
                                     ldg_error *err)
{
    return ldg_pg_arrays_send_contracts(ticket, st, SQL_CONTRACT_DOCS_OF, tenant_ids,
                                        contract_ids, n, err);
}

ldg_code ldg_registry_contract_of(ldg_contract **out, int64_t **seqs, size_t *nseqs,
                                  const PGresult *res, size_t i, const char *contract_id,
                                  ldg_error *err)
{
    int first = 0, n = 0, rows = PQntuples(res);

    while (first < rows && ldg_store_int64(res, first, 2) < (int64_t)i + 1)
        first++;
    while (first + n < rows && ldg_store_int64(res, first + n, 2) == (int64_t)i + 1)
        n++;
    return contract_of_rows(out, seqs, nseqs, res, first, n, contract_id, err);
}

ldg_code ldg_registry_contract(ldg_contract **out, ldg_store *st, int32_t tenant_id,
                               const char *contract_id, ldg_error *err)
{
    ldg_store_ticket ticket = 0;
    ldg_code rc = ldg_registry_contract_send(&ticket, st, tenant_id, contract_id, err);

    if (rc != LDG_OK) {
        *out = NULL;
        return rc;
    }
    return ldg_registry_contract_take(out, st, ticket, contract_id, err);
}

ldg_code ldg_registry_contract_tenant(int32_t *out, ldg_store *st, const char *tenant,
                                      const char *contract_id, ldg_error *err)
{
    const char *params[2] = { contract_id, tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT DISTINCT d.tenant_id FROM ledger.contract_doc d"
        " JOIN ledger.tenant t USING (tenant_id)"
        " WHERE d.contract_id = $1 AND ($2::text IS NULL OR t.tenant = $2)",
        2, params, err);

    if (rc != LDG_OK)
        return rc;
    if (PQntuples(res) == 1)
        *out = (int32_t)ldg_store_int64(res, 0, 0);
    else if (PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "unknown contract \"%s\"", contract_id);
    else
        rc = ldg_error_set(err, LDG_ENOTFOUND,
                           "contract \"%s\" exists for several tenants: give --tenant",
                           contract_id);
    PQclear(res);
    return rc;
}
