/*
 * libFuzzer target: invoice documents (ledger/invoice.h), the `data` of an `invoice`
 * or `credit_note` log entry, as `leaseledger-verify`, `invoice show` and re-rating read
 * them back from a log or a bundle someone else produced.
 *
 * The input is the JSON of the data (json_loadb with JSON_REJECT_DUPLICATES), parsed
 * under both kinds. Properties of an accepted document: the net is the sum of the
 * lines; it serializes back (ldg_invoice_to_json) to a value equal to the input, since
 * the parser accepts only canonical documents; and that value parses again.
 */
#include "ledger/invoice.h"
#include "ledger/jcs.h"
#include "tests/fuzz/fuzz.h"

#include <jansson.h>

static void one_kind(const json_t *data, ldg_invoice_kind kind)
{
    ldg_invoice *inv = NULL, *again = NULL;
    json_t *back = NULL;
    ldg_error e;
    ldg_code rc;
    int64_t sum = 0;

    ldg_error_clear(&e);
    rc = ldg_invoice_from_json(&inv, data, kind, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK((rc == LDG_OK) == (inv != NULL));
    if (rc != LDG_OK)
        return;
    FUZZ_CHECK(ldg_invoice_kind_of(inv) == kind);
    for (size_t i = 0; i < ldg_invoice_line_count(inv); i++) {
        const ldg_line *l = ldg_invoice_line(inv, i);
        FUZZ_CHECK(l != NULL);
        FUZZ_CHECK(!__builtin_add_overflow(sum, l->amount_micros, &sum));
    }
    FUZZ_CHECK(sum == ldg_invoice_net(inv));
    /* with terms (issue 9) the total is the net plus the tax; without, the net */
    FUZZ_CHECK(ldg_invoice_total(inv) - ldg_invoice_tax_total(inv) == sum);

    ldg_error_clear(&e);
    FUZZ_CHECK(ldg_invoice_to_json(&back, inv, &e) == LDG_OK);
    FUZZ_CHECK(json_equal(back, (json_t *)(uintptr_t)data));
    ldg_error_clear(&e);
    FUZZ_CHECK(ldg_invoice_from_json(&again, back, kind, &e) == LDG_OK);
    ldg_invoice_free(again);
    json_decref(back);
    ldg_invoice_free(inv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    json_error_t jerr;
    json_t *doc = json_loadb(text, size, JSON_REJECT_DUPLICATES, &jerr);

    if (doc) {
        one_kind(doc, LDG_INVOICE_KIND_INVOICE);
        one_kind(doc, LDG_INVOICE_KIND_CREDIT_NOTE);
        json_decref(doc);
    }
    free(text);
    return 0;
}
