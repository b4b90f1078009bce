/*
 * Unit tests for ledger/cosig.c: C2SP tlog-cosignature/v1 (Ed25519, timestamped).
 *
 * Vectors:
 *  - WIT_*: built by hand with the stock openssl command line, not with this code: the
 *    RFC 8032 test 1 seed as a PKCS#8 key, key id = first 4 bytes of
 *    sha256("witness.example/acme\n" 0x04 pub), signature = `openssl pkeyutl -sign
 *    -rawin` of "cosignature/v1\ntime 1679315147\n" + CP_BODY, line = base64(id ||
 *    u64be(1679315147) || sig). Ed25519 is deterministic, so our signer must give the
 *    same bytes.
 *  - REMORA_VKEY: a published witness key (transparency-dev/formats note tests): its
 *    key id must check.
 *  - SPEC_LINE: the example cosignature of the C2SP spec: its key id and timestamp.
 */
#include "ledger/cosig.h"
#include "ledger/keys.h"
#include "ledger/note.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define WIT_SEED                                                                       \
    "\x9d\x61\xb1\x9d\xef\xfd\x5a\x60\xba\x84\x4a\xf4\x92\xec\x2c\xc4\x44\x49\xc5\x69" \
    "\x7b\x32\x69\x19\x70\x3b\xac\x03\x1c\xae\x7f\x60"
#define WIT_NAME "witness.example/acme"
#define WIT_VKEY \
    "witness.example/acme+643af888+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea"
#define CP_BODY                               \
    "example-operator.com/leaseledger/acme\n" \
    "20852163\n"                              \
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
#define WIT_TIME 1679315147u
#define WIT_LINE                                                               \
    "\xe2\x80\x94 witness.example/acme "                                       \
    "ZDr4iAAAAABkGFDLNu4nU4bJTBl8tfKwEZq/NpEqvYXsOuBsQRbxbHGegHwJDqM5HLyyx4C4" \
    "NQqXiO+ZRrIaHMwdiR7kosBLr0pmAA==\n"
#define REMORA_VKEY "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
#define SPEC_LINE                                                              \
    "\xe2\x80\x94 witness.example.com/w1 "                                     \
    "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin" \
    "1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"

static ldg_signer *witness(void)
{
    ldg_signer *s = NULL;

    assert_int_equal(ldg_signer_from_seed(&s, WIT_NAME, (const uint8_t *)WIT_SEED, NULL),
                     LDG_OK);
    return s;
}

static void test_cosig_key_vectors(void **state)
{
    ldg_signer *s = witness();
    ldg_cosig_key k, p;
    char buf[LDG_VERIFIER_KEY_MAX];

    (void)state;
    assert_int_equal(ldg_cosig_key_of(&k, s, NULL), LDG_OK);
    assert_int_equal(k.id, 0x643af888u);
    assert_int_equal(ldg_cosig_key_format(buf, sizeof(buf), &k, NULL), LDG_OK);
    assert_string_equal(buf, WIT_VKEY);
    assert_int_equal(ldg_cosig_key_parse(&p, WIT_VKEY, NULL), LDG_OK);
    assert_memory_equal(&p, &k, sizeof(k));
    /* the operator's key id of the same key differs: type 0x01, not 0x04 */
    assert_int_not_equal(ldg_signer_key_id(s), k.id);
    assert_int_equal(ldg_cosig_key_parse(&p, REMORA_VKEY, NULL), LDG_OK);
    assert_int_equal(p.id, 0xda77ade7u);
    ldg_signer_free(s);
}

static void test_cosig_key_parse_refuses(void **state)
{
    ldg_cosig_key k;
    ldg_signer *s = witness();
    ldg_verifier *v = NULL;
    char op[LDG_VERIFIER_KEY_MAX];

    (void)state;
    /* the operator's form of the same key (0x01) is not a witness key */
    assert_int_equal(ldg_signer_verifier(&v, s, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_format(op, sizeof(op), v, NULL), LDG_OK);
    assert_int_equal(ldg_cosig_key_parse(&k, op, NULL), LDG_EINVAL);
    assert_int_equal(ldg_cosig_key_parse(&k,
                                         "witness.example/acme+643af889+BNdamAGCsQq31Uv"
                                         "+08lkBzoO4XLz2qYjJa8CGmj3B1Ea",
                                         NULL),
                     LDG_EINVAL);
    assert_int_equal(ldg_cosig_key_parse(&k, "nokey", NULL), LDG_EINVAL);
    assert_int_equal(ldg_cosig_key_parse(&k, "a+643a+BNda", NULL), LDG_EINVAL);
    assert_int_equal(ldg_cosig_key_parse(&k,
                                         "a b+643af888+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJ"
                                         "a8CGmj3B1Ea",
                                         NULL),
                     LDG_EINVAL);
    ldg_verifier_free(v);
    ldg_signer_free(s);
}

static void test_cosig_sign_matches_hand_vector(void **state)
{
    ldg_signer *s = witness();
    ldg_cosig c;
    char line[LDG_COSIG_LINE_MAX];
    char *msg = NULL;
    size_t len = 0;

    (void)state;
    assert_int_equal(
        ldg_cosig_message(&msg, &len, CP_BODY, strlen(CP_BODY), WIT_TIME, NULL), LDG_OK);
    assert_int_equal(len, strlen("cosignature/v1\ntime 1679315147\n" CP_BODY));
    assert_memory_equal(msg, "cosignature/v1\ntime 1679315147\n" CP_BODY, len);
    free(msg);
    assert_int_equal(ldg_cosig_sign(&c, CP_BODY, strlen(CP_BODY), WIT_TIME, s, NULL),
                     LDG_OK);
    assert_int_equal(ldg_cosig_format(line, sizeof(line), &c, NULL), LDG_OK);
    assert_string_equal(line, WIT_LINE);
    ldg_signer_free(s);
}

static void test_cosig_line_round_trip(void **state)
{
    ldg_cosig_key k;
    ldg_cosig c, back;
    char line[LDG_COSIG_LINE_MAX];

    (void)state;
    assert_int_equal(ldg_cosig_key_parse(&k, WIT_VKEY, NULL), LDG_OK);
    assert_int_equal(ldg_cosig_parse(&c, WIT_LINE, strlen(WIT_LINE), NULL), LDG_OK);
    assert_string_equal(c.name, WIT_NAME);
    assert_int_equal(c.id, 0x643af888u);
    assert_int_equal(c.time, WIT_TIME);
    assert_true(ldg_cosig_by(&c, &k));
    assert_int_equal(ldg_cosig_verify(&c, &k, CP_BODY, strlen(CP_BODY), NULL), LDG_OK);
    assert_int_equal(ldg_cosig_format(line, sizeof(line), &c, NULL), LDG_OK);
    assert_string_equal(line, WIT_LINE);
    /* without its newline too */
    assert_int_equal(ldg_cosig_parse(&back, WIT_LINE, strlen(WIT_LINE) - 1, NULL),
                     LDG_OK);
    assert_memory_equal(&back, &c, sizeof(c));
}

static void test_cosig_spec_example(void **state)
{
    ldg_cosig c;

    (void)state;
    assert_int_equal(ldg_cosig_parse(&c, SPEC_LINE, strlen(SPEC_LINE), NULL), LDG_OK);
    assert_string_equal(c.name, "witness.example.com/w1");
    assert_int_equal(c.id, 0x8d66cf3fu);
    assert_int_equal(c.time, 1679315147u);
}

static void test_cosig_verify_refuses(void **state)
{
    const char *other = "example-operator.com/leaseledger/acme\n20852164\n"
                        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    ldg_cosig_key k, remora;
    ldg_cosig c;

    (void)state;
    assert_int_equal(ldg_cosig_key_parse(&k, WIT_VKEY, NULL), LDG_OK);
    assert_int_equal(ldg_cosig_key_parse(&remora, REMORA_VKEY, NULL), LDG_OK);
    assert_int_equal(ldg_cosig_parse(&c, WIT_LINE, strlen(WIT_LINE), NULL), LDG_OK);
    /* another checkpoint */
    assert_int_equal(ldg_cosig_verify(&c, &k, other, strlen(other), NULL), LDG_EINVAL);
    /* another key */
    assert_false(ldg_cosig_by(&c, &remora));
    assert_int_equal(ldg_cosig_verify(&c, &remora, CP_BODY, strlen(CP_BODY), NULL),
                     LDG_EINVAL);
    /* another time: the timestamp is signed */
    c.time++;
    assert_int_equal(ldg_cosig_verify(&c, &k, CP_BODY, strlen(CP_BODY), NULL),
                     LDG_EINVAL);
    c.time--;
    /* a flipped signature bit */
    c.sig[10] ^= 1;
    assert_int_equal(ldg_cosig_verify(&c, &k, CP_BODY, strlen(CP_BODY), NULL),
                     LDG_EINVAL);
    /* a body that is no checkpoint */
    c.sig[10] ^= 1;
    assert_int_equal(ldg_cosig_verify(&c, &k, "hello\n", 6, NULL), LDG_EINVAL);
}

static void test_cosig_parse_refuses(void **state)
{
    /* an operator's plain Ed25519 signature line: 68 bytes, not 76 */
    const char *plain =
        "\xe2\x80\x94 op x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FF"
        "YC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    /* timestamp 2^63 */
    const char *huge =
        "\xe2\x80\x94 w ZDr4iIAAAAAAAAAANu4nU4bJTBl8tfKwEZq/NpEqvYXsOuBsQRbxbHGegH"
        "wJDqM5HLyyx4C4NQqXiO+ZRrIaHMwdiR7kosBLr0pmAA==\n";
    const char *loose =
        "\xe2\x80\x94 w ZDr4iAAAAABkGFDLNu4nU4bJTBl8tfKwEZq/NpEqvYXsOuBsQR"
        "bxbHGegHwJDqM5HLyyx4C4NQqXiO+ZRrIaHMwdiR7kosBLr0pmAB==\n";
    ldg_cosig c;

    (void)state;
    assert_int_equal(ldg_cosig_parse(&c, plain, strlen(plain), NULL), LDG_EINVAL);
    assert_int_equal(ldg_cosig_parse(&c, huge, strlen(huge), NULL), LDG_EINVAL);
    assert_int_equal(ldg_cosig_parse(&c, "- w abc\n", 8, NULL), LDG_EINVAL);
    assert_int_equal(ldg_cosig_parse(&c, "\xe2\x80\x94 w\n", 6, NULL), LDG_EINVAL);
    /* non-canonical base64: unused bits of the last group set */
    assert_int_equal(ldg_cosig_parse(&c, loose, strlen(loose), NULL), LDG_EINVAL);
}

typedef struct seen {
    int n;
    ldg_cosig c[4];
} seen;

static ldg_code collect(void *ctx, const ldg_cosig *c, ldg_error *err)
{
    seen *s = ctx;

    (void)err;
    if (s->n < 4)
        s->c[s->n] = *c;
    s->n++;
    return LDG_OK;
}

/* A note with the operator's signature and the cosignature appended still opens with
 * the operator's key, and ldg_cosig_each finds the cosignature in it. */
static void test_cosig_in_note(void **state)
{
    uint8_t seed[32] = { 7 };
    ldg_signer *op = NULL;
    ldg_verifier *opv = NULL;
    char *note = NULL, *both;
    size_t tlen = 0, blen = 0, at = 0, n;
    seen s = { 0 };

    (void)state;
    assert_int_equal(
        ldg_signer_from_seed(&op, "example-operator.com/leaseledger", seed, NULL),
        LDG_OK);
    assert_int_equal(ldg_signer_verifier(&opv, op, NULL), LDG_OK);
    assert_int_equal(ldg_note_sign(&note, CP_BODY, op, NULL), LDG_OK);
    n = strlen(note) + strlen(WIT_LINE);
    both = malloc(n + 1);
    assert_non_null(both);
    snprintf(both, n + 1, "%s%s", note, WIT_LINE);
    assert_int_equal(ldg_note_open(&tlen, both, n, &opv, 1, NULL), LDG_OK);
    assert_int_equal(tlen, strlen(CP_BODY));
    assert_int_equal(ldg_note_split(&blen, &at, both, n, NULL), LDG_OK);
    assert_int_equal(blen, strlen(CP_BODY));
    assert_int_equal(ldg_cosig_each(both, n, collect, &s, NULL), LDG_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.c[0].time, WIT_TIME);
    /* the last line without its newline is still found */
    assert_int_equal(ldg_cosig_each(both, n - 1, collect, &s, NULL), LDG_OK);
    assert_int_equal(s.n, 2);
    free(both);
    free(note);
    ldg_verifier_free(opv);
    ldg_signer_free(op);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cosig_key_vectors),
        cmocka_unit_test(test_cosig_key_parse_refuses),
        cmocka_unit_test(test_cosig_sign_matches_hand_vector),
        cmocka_unit_test(test_cosig_line_round_trip),
        cmocka_unit_test(test_cosig_spec_example),
        cmocka_unit_test(test_cosig_verify_refuses),
        cmocka_unit_test(test_cosig_parse_refuses),
        cmocka_unit_test(test_cosig_in_note),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
