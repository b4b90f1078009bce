/*
 * libFuzzer target: site documents (`site load FILE`), parsed as the command does
 * (json_loadb with JSON_REJECT_DUPLICATES, cmd/leaseledger/cmd_load.c) and validated
 * by site_validate() in ledger/registry.c.
 *
 * site_validate() is static and its file speaks to the database, so this target
 * includes ledger/registry.c whole (its other functions are linked but never called;
 * the build links the database modules and libpq for them). When the validation moves
 * to a pure function of its own, call that instead.
 *
 * Properties of an accepted document: the site name is 1..63 of [A-Za-z0-9._-] not
 * starting with punctuation, every GPU count is non-negative, the power is positive,
 * the document's canonical bytes and their hash (what decides "unchanged") exist, and
 * its meter inventory (site_meters.h), when it has one, parses again and finds each of
 * its meters.
 */
#include "ledger/store/registry.c"
#include "tests/fuzz/fuzz.h"

/* An accepted inventory parses again, and every meter in it is found under its id. */
static void check_meters(const json_t *doc)
{
    ldg_site_meters *m = NULL;
    const json_t *list = json_object_get(doc, "meters");
    ldg_error e;

    ldg_error_clear(&e);
    FUZZ_CHECK(ldg_site_meters_parse(&m, doc, &e) == LDG_OK);
    FUZZ_CHECK((m != NULL) == (list != NULL));
    FUZZ_CHECK(ldg_site_meters_count(m) == json_array_size(list));
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *id = json_object_get(json_array_get(list, i), "id");
        const ldg_site_meter *k =
            ldg_site_meters_find(m, json_string_value(id), json_string_length(id));

        FUZZ_CHECK(k && k->gpus >= 0 && strcmp(k->id, json_string_value(id)) == 0);
    }
    ldg_site_meters_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    json_error_t jerr;
    json_t *doc = json_loadb(text, size, JSON_REJECT_DUPLICATES, &jerr);

    if (doc) {
        site_doc sd;
        ldg_error e;
        ldg_code rc;

        ldg_error_clear(&e);
        rc = site_validate(&sd, doc, &e);
        fuzz_check_error(rc, &e);
        FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL || rc == LDG_ERANGE);
        if (rc == LDG_OK) {
            unsigned char md[32];
            ldg_buf canon = { 0 };

            FUZZ_CHECK(sd.site && valid_name(sd.site));
            for (int c = 0; c < LDG_CLASS_COUNT; c++)
                FUZZ_CHECK(sd.gpus[c] >= 0);
            FUZZ_CHECK(sd.power_micros > 0);
            check_meters(doc);
            ldg_error_clear(&e);
            rc = canonical_sha256(md, &canon, doc, &e);
            fuzz_check_error(rc, &e);
            ldg_buf_cleanup(&canon);
        }
        json_decref(doc);
    }
    free(text);
    return 0;
}
