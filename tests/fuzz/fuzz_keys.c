/*
 * libFuzzer target: key material that comes from outside (ledger/keys.h): a C2SP
 * verifier key given to `verify --vkey` or `leaseledger-verify`, a PEM public key, a
 * key name, and a private key file named by --key or LEASELEDGER_KEY.
 *
 * Properties: an accepted verifier key is canonical (it formats back to the same
 * bytes) and its name passes ldg_key_name_check; a PEM key that reads gives a verifier
 * whose PEM reads back to the same public key; a key file that loads gives a signer
 * whose signature its own verifier accepts. The key file is written with mode 0600 to
 * a private temporary directory, as the program demands.
 */
#include "ledger/keys.h"
#include "tests/fuzz/fuzz.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char keydir[4096], keyfile[4200];

static void remove_keydir(void)
{
    unlink(keyfile);
    rmdir(keydir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("TMPDIR");

    (void)argc;
    (void)argv;
    snprintf(keydir, sizeof(keydir), "%s/ldg-fuzz-keys.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(keydir))
        abort();
    snprintf(keyfile, sizeof(keyfile), "%s/key", keydir);
    atexit(remove_keydir);
    return 0;
}

static void check_vkey(const uint8_t *data, size_t size)
{
    char *s;
    ldg_verifier *v = NULL;
    ldg_error e;
    ldg_code rc;

    /* the parser reads a C string: the text up to a NUL is another input (the file
     * reader refuses a NUL: verify_vkey_text) */
    if (memchr(data, '\0', size))
        return;
    s = fuzz_cstr(data, size);
    ldg_error_clear(&e);
    rc = ldg_verifier_parse(&v, s, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK((rc == LDG_OK) == (v != NULL));
    if (rc == LDG_OK) {
        char buf[LDG_VERIFIER_KEY_MAX];
        const char *name = ldg_verifier_name(v);

        FUZZ_CHECK(ldg_key_name_check(name, strlen(name), &e) == LDG_OK);
        FUZZ_CHECK(ldg_verifier_format(buf, sizeof(buf), v, &e) == LDG_OK);
        FUZZ_CHECK(strcmp(buf, s) == 0);
        FUZZ_CHECK(ldg_key_id(name, ldg_verifier_public(v)) == ldg_verifier_key_id(v));
    }
    ldg_verifier_free(v);
    free(s);
}

static void check_pem(const uint8_t *data, size_t size)
{
    char *s = fuzz_copy(data, size);
    ldg_verifier *v = NULL, *again = NULL;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_verifier_from_pem(&v, "fuzz.example/pem", s, size, &e);
    fuzz_check_error(rc, &e);
    if (rc == LDG_OK) {
        char *pem = NULL;

        FUZZ_CHECK(ldg_verifier_pem(&pem, v, &e) == LDG_OK);
        FUZZ_CHECK(ldg_verifier_from_pem(&again, "fuzz.example/pem", pem, strlen(pem),
                                         &e) == LDG_OK);
        FUZZ_CHECK(memcmp(ldg_verifier_public(v), ldg_verifier_public(again),
                          LDG_ED25519_LEN) == 0);
        free(pem);
    }
    ldg_verifier_free(again);
    ldg_verifier_free(v);
    free(s);
}

static void check_key_file(const uint8_t *data, size_t size)
{
    ldg_signer *sig = NULL;
    ldg_verifier *v = NULL;
    ldg_error e;
    ldg_code rc;
    int fd;

    unlink(keyfile);
    fd = open(keyfile, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || close(fd) != 0)
        abort();
    ldg_error_clear(&e);
    rc = ldg_signer_load(&sig, keyfile, &e);
    fuzz_check_error(rc, &e);
    FUZZ_CHECK(rc == LDG_OK || rc == LDG_EINVAL);
    if (rc == LDG_OK) {
        static const char msg[] = "fuzz\n";
        uint8_t s[LDG_SIG_LEN];

        FUZZ_CHECK(ldg_signer_sign(s, sig, msg, sizeof(msg) - 1, &e) == LDG_OK);
        FUZZ_CHECK(ldg_signer_verifier(&v, sig, &e) == LDG_OK);
        FUZZ_CHECK(ldg_verifier_verify(v, msg, sizeof(msg) - 1, s, &e) == LDG_OK);
    }
    ldg_verifier_free(v);
    ldg_signer_free(sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ldg_error e;
    char *s = fuzz_copy(data, size);

    ldg_error_clear(&e);
    fuzz_check_error(ldg_key_name_check(s, size, &e), &e);
    free(s);
    check_vkey(data, size);
    check_pem(data, size);
    check_key_file(data, size);
    return 0;
}
