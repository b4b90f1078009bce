/*
 * libFuzzer target: checkpoint text (ledger/note.h: "<origin>\n<size>\n<root>\n" and
 * extension lines) and the signing side of signed notes.
 *
 * Properties: an accepted checkpoint formats back to the first three lines of the
 * input; any text ldg_note_sign accepts opens again under the signer's verifier with
 * exactly that text (the signature block can never be confused with the text, whatever
 * blank lines the text holds); a text sign refuses is refused for a reason note.h
 * names (empty, no final newline, control character, invalid UTF-8, too long).
 */
#include "ledger/keys.h"
#include "ledger/note.h"
#include "tests/fuzz/fuzz.h"

static ldg_signer *signer;
static ldg_verifier *verifier;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const uint8_t seed[32] = { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                      12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                      23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
    ldg_error e;

    (void)argc;
    (void)argv;
    ldg_error_clear(&e);
    if (ldg_signer_from_seed(&signer, "fuzz.example/leaseledger", seed, &e) != LDG_OK ||
        ldg_signer_verifier(&verifier, signer, &e) != LDG_OK) {
        fprintf(stderr, "fuzz_checkpoint: %s\n", e.message);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    size_t tlen = strlen(text), opened = 0;
    char *note = NULL;
    ldg_checkpoint cp;
    ldg_error e;
    ldg_code rc, signed_rc;

    ldg_error_clear(&e);
    rc = ldg_checkpoint_parse(&cp, text, size, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL);
    if (rc == LDG_OK) {
        char *back = NULL;

        FUZZ_CHECK(tlen == size); /* no NUL: it is a control character */
        FUZZ_CHECK(cp.size <= (uint64_t)INT64_MAX);
        ldg_error_clear(&e);
        FUZZ_CHECK(ldg_checkpoint_text(&back, &cp, &e) == LDG_OK);
        FUZZ_CHECK(strlen(back) <= size && memcmp(back, text, strlen(back)) == 0);
        free(back);
    }

    ldg_error_clear(&e);
    signed_rc = ldg_note_sign(&note, text, signer, &e);
    fuzz_check_error(signed_rc, &e);
    FUZZ_CHECK(signed_rc == LDG_OK || signed_rc == LDG_EINVAL);
    if (signed_rc == LDG_OK) {
        FUZZ_CHECK(tlen > 0 && text[tlen - 1] == '\n');
        ldg_error_clear(&e);
        rc = ldg_note_open(&opened, note, strlen(note), &verifier, 1, &e);
        fuzz_check_error(rc, &e);
        FUZZ_CHECK(rc == LDG_OK && opened == tlen);
        FUZZ_CHECK(memcmp(note, text, tlen) == 0);
        free(note);
    } else {
        FUZZ_CHECK(note == NULL);
    }
    free(text);
    return 0;
}
