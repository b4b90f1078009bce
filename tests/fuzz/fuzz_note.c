/*
 * libFuzzer target: signed notes (ledger/note.h), as `verify`, `leaseledger-verify`
 * and an auditor's tools read a checkpoint someone handed them.
 *
 * The known keys are the verifier keys of tests/vectors/signed-note.json (written out
 * here so that the target needs no file at run time), so the seeds, copied from the
 * same vectors, open and the fuzzer starts from notes that verify.
 * Properties of an opened note: the text is a proper prefix that ends with "\n" and is
 * followed by the blank line; and when that text is a checkpoint, it formats back to
 * its first three lines.
 */
#include "ledger/keys.h"
#include "ledger/note.h"
#include "tests/fuzz/fuzz.h"

static const char *const vkeys[] = {
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
    "example.com/fault_test+7f84ee58+AfMY9QKMQjVcokKlKSGRvcLL8YwvpDHua/r0e64EfFIX",
    "example.com/rfc8032-test1+b8496d65+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea",
};
#define NKEYS (sizeof(vkeys) / sizeof(vkeys[0]))

static ldg_verifier *known[NKEYS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < NKEYS; i++) {
        ldg_error e;

        ldg_error_clear(&e);
        if (ldg_verifier_parse(&known[i], vkeys[i], &e) != LDG_OK) {
            fprintf(stderr, "fuzz_note: verifier key %zu: %s\n", i, e.message);
            abort();
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *note = fuzz_copy(data, size);
    size_t tlen = 0;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_note_open(&tlen, note, size, known, NKEYS, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL || rc == LDG_ENOMEM);
    if (rc == LDG_OK) {
        ldg_checkpoint cp;

        FUZZ_CHECK(tlen > 0 && tlen + 1 < size);
        FUZZ_CHECK(note[tlen - 1] == '\n' && note[tlen] == '\n');
        ldg_error_clear(&e);
        rc = ldg_checkpoint_parse(&cp, note, tlen, &e);
        fuzz_check_error(rc, &e);
        if (rc == LDG_OK) {
            char *text = NULL;

            FUZZ_CHECK(ldg_checkpoint_text(&text, &cp, &e) == LDG_OK);
            FUZZ_CHECK(strlen(text) <= tlen && memcmp(text, note, strlen(text)) == 0);
            free(text);
        }
    } else {
        FUZZ_CHECK(tlen == 0);
    }
    free(note);
    return 0;
}
