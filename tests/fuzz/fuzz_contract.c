/*
 * libFuzzer target: contract documents (`contract load FILE`), parsed as the command
 * does (json_loadb with JSON_REJECT_DUPLICATES, cmd/leaseledger/cmd_load.c) and
 * validated by ldg_contract_doc_parse (ledger/contract.h).
 *
 * The input is one document, or a JSON array [base, amendment...] handed to
 * ldg_contract_from_json. For an accepted contract the terms are computed where rating
 * computes them, at the start, the last second and each window boundary (the first 16),
 * and as `contract show` prints them; properties: accessors of a base document are all
 * set, boundaries are ascending, unique and inside the term, terms_at fails only with
 * LDG_ERANGE (an escalated rate overflowed) inside the term and with LDG_EINVAL
 * outside it, and the document's canonical bytes (what the log stores) serialize.
 */
#include "ledger/contract.h"
#include "ledger/jcs.h"
#include "tests/fuzz/fuzz.h"

#include <jansson.h>

static void check_terms(const ldg_contract *c)
{
    ldg_time starts = ldg_contract_starts(c), ends = ldg_contract_ends(c);
    ldg_time *bounds = NULL;
    size_t n = 0;
    ldg_terms t;
    ldg_error e;
    ldg_code rc;
    json_t *j = NULL;

    FUZZ_CHECK(ldg_contract_id(c) && ldg_contract_tenant(c) && ldg_contract_site(c));
    FUZZ_CHECK(ldg_contract_currency(c) && ldg_contract_invoice_series(c));
    FUZZ_CHECK(ldg_contract_tenant_name(c));
    FUZZ_CHECK(ldg_contract_currency_digits(ldg_contract_currency(c)) >= 0);
    FUZZ_CHECK(starts < ends);

    ldg_error_clear(&e);
    rc = ldg_contract_terms_at(&t, c, starts, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_ERANGE);
    ldg_error_clear(&e);
    rc = ldg_contract_terms_at(&t, c, ends - 1, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_ERANGE);
    ldg_error_clear(&e);
    rc = ldg_contract_terms_at(&t, c, ends, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_EINVAL);
    ldg_error_clear(&e);
    rc = ldg_contract_terms_at(&t, c, starts - 1, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_EINVAL);

    ldg_error_clear(&e);
    rc = ldg_contract_terms_json(&j, c, starts, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_ERANGE);
    if (rc == LDG_OK) {
        ldg_buf b = { 0 };
        FUZZ_CHECK(ldg_jcs_serialize(&b, j, &e) == LDG_OK);
        ldg_buf_cleanup(&b);
    }
    json_decref(j);

    ldg_error_clear(&e);
    rc = ldg_contract_boundaries(&bounds, &n, c, starts - 1, ends + 1, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(bounds[i] >= starts && bounds[i] <= ends);
        FUZZ_CHECK(i == 0 || bounds[i] > bounds[i - 1]);
        if (i < 16 && bounds[i] < ends) {
            ldg_error_clear(&e);
            rc = ldg_contract_terms_at(&t, c, bounds[i], &e);
            fuzz_check_error(rc, &e);
            FUZZ_CHECK(rc == LDG_OK || rc == LDG_ERANGE);
        }
    }
    free(bounds);
}

static void one_document(const json_t *doc)
{
    ldg_contract_doc *d = NULL;
    ldg_contract *c = NULL;
    ldg_buf canon = { 0 };
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_contract_doc_parse(&d, doc, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK((rc == LDG_OK) == (d != NULL));
    if (rc != LDG_OK)
        return;
    /* The log stores the document's canonical bytes (ledger/registry.c). */
    ldg_error_clear(&e);
    rc = ldg_jcs_serialize(&canon, ldg_contract_doc_json(d), &e);
    fuzz_check_error(rc, &e);
    ldg_buf_cleanup(&canon);
    FUZZ_CHECK(ldg_contract_doc_id(d) != NULL);
    if (ldg_contract_doc_amends(d)) {
        FUZZ_CHECK(ldg_contract_doc_effective(d) != LDG_CONTRACT_NO_TIME);
        ldg_contract_doc_free(d);
        return;
    }
    ldg_error_clear(&e);
    rc = ldg_contract_new_take(&c, d, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK);
    check_terms(c);
    ldg_contract_free(c);
}

static void with_amendments(const json_t *arr)
{
    size_t n = json_array_size(arr);
    const json_t *amend[16];
    ldg_contract *c = NULL;
    ldg_error e;
    ldg_code rc;

    if (n == 0 || n > 17)
        return;
    for (size_t i = 1; i < n; i++)
        amend[i - 1] = json_array_get(arr, i);
    ldg_error_clear(&e);
    rc = ldg_contract_from_json(&c, json_array_get(arr, 0), amend, n - 1, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK((rc == LDG_OK) == (c != NULL));
    if (rc != LDG_OK)
        return;
    FUZZ_CHECK(ldg_contract_amendment_count(c) <= n - 1);
    for (size_t i = 1; i < ldg_contract_amendment_count(c); i++)
        FUZZ_CHECK(ldg_contract_doc_effective(ldg_contract_amendment(c, i - 1)) <
                   ldg_contract_doc_effective(ldg_contract_amendment(c, i)));
    check_terms(c);
    ldg_contract_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    json_error_t jerr;
    json_t *doc = json_loadb(text, size, JSON_REJECT_DUPLICATES, &jerr);

    if (doc) {
        if (json_is_array(doc))
            with_amendments(doc);
        else
            one_document(doc);
        json_decref(doc);
    }
    free(text);
    return 0;
}
