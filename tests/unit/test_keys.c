/*
 * Unit tests for ledger/keys.c: RFC 8032 Ed25519 vectors, C2SP verifier keys and key
 * ids from tests/vectors/signed-note.json, key names, and key files on disk.
 */
#include "ledger/keys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define PETER_VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"

static json_t *load_vectors(const char *file)
{
    char path[512];
    json_error_t jerr;
    json_t *root;

    snprintf(path, sizeof(path), "%s/%s", LDG_VECTORS_DIR, file);
    root = json_load_file(path, 0, &jerr);
    if (!root)
        fail_msg("cannot read %s: %s", path, jerr.text);
    return root;
}

static const char *jstr(const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));

    if (!s)
        fail_msg("vector has no string \"%s\"", key);
    return s;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    fail_msg("bad hex digit '%c'", c);
    return 0;
}

/* Decodes hex into out (cap bytes); returns the length. */
static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = strlen(hex) / 2, i;

    assert_true(strlen(hex) % 2 == 0);
    assert_true(n <= cap);
    for (i = 0; i < n; i++)
        out[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
    return n;
}

static uint32_t hex32(const char *hex)
{
    uint8_t b[4];

    assert_int_equal(unhex(b, sizeof(b), hex), 4);
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* ---- RFC 8032 ---- */

static void test_ed25519_rfc8032_public_key_from_seed(void **state)
{
    json_t *root = load_vectors("ed25519.json"), *vecs = json_object_get(root, "vectors");
    uint8_t seed[32], pub[32];
    ldg_signer *s;
    ldg_error err;
    size_t i;

    (void)state;
    assert_int_equal(json_array_size(vecs), 2);
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *v = json_array_get(vecs, i);

        unhex(seed, sizeof(seed), jstr(v, "secret_key"));
        unhex(pub, sizeof(pub), jstr(v, "public_key"));
        ldg_error_clear(&err);
        assert_int_equal(ldg_signer_from_seed(&s, "rfc8032", seed, &err), LDG_OK);
        assert_memory_equal(ldg_signer_public(s), pub, 32);
        assert_int_equal(ldg_signer_key_id(s), ldg_key_id("rfc8032", pub));
        ldg_signer_free(s);
    }
    json_decref(root);
}

static void test_ed25519_rfc8032_signature_byte_exact(void **state)
{
    json_t *root = load_vectors("ed25519.json"), *vecs = json_object_get(root, "vectors");
    uint8_t seed[32], msg[8], want[64], sig[64];
    size_t i, mlen;
    ldg_signer *s;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *v = json_array_get(vecs, i);

        unhex(seed, sizeof(seed), jstr(v, "secret_key"));
        mlen = unhex(msg, sizeof(msg), jstr(v, "message"));
        assert_int_equal(mlen, json_integer_value(json_object_get(v, "message_length")));
        unhex(want, sizeof(want), jstr(v, "signature"));
        assert_int_equal(ldg_signer_from_seed(&s, "rfc8032", seed, NULL), LDG_OK);
        memset(sig, 0, sizeof(sig));
        assert_int_equal(ldg_signer_sign(sig, s, mlen ? msg : NULL, mlen, NULL), LDG_OK);
        assert_memory_equal(sig, want, 64);
        ldg_signer_free(s);
    }
    json_decref(root);
}

static void test_ed25519_rfc8032_verify_and_reject_tampering(void **state)
{
    json_t *root = load_vectors("ed25519.json"), *vecs = json_object_get(root, "vectors");
    uint8_t pub[32], msg[8], sig[64];
    size_t i, j, mlen;
    ldg_verifier *v;
    ldg_error err;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i);

        unhex(pub, sizeof(pub), jstr(vec, "public_key"));
        mlen = unhex(msg, sizeof(msg), jstr(vec, "message"));
        unhex(sig, sizeof(sig), jstr(vec, "signature"));
        assert_int_equal(ldg_verifier_from_raw(&v, "rfc8032", pub, NULL), LDG_OK);
        assert_int_equal(ldg_verifier_verify(v, msg, mlen, sig, NULL), LDG_OK);
        /* one more byte of message */
        msg[mlen] = 0x00;
        ldg_error_clear(&err);
        assert_int_equal(ldg_verifier_verify(v, msg, mlen + 1, sig, &err), LDG_EINVAL);
        assert_string_equal(err.message, "signature by key \"rfc8032\" does not verify");
        /* every signature byte flipped */
        for (j = 0; j < 64; j++) {
            sig[j] ^= 0x01;
            assert_int_equal(ldg_verifier_verify(v, msg, mlen, sig, NULL), LDG_EINVAL);
            sig[j] ^= 0x01;
        }
        ldg_verifier_free(v);
    }
    json_decref(root);
}

static void test_ed25519_rfc8032_test2_changed_message_rejected(void **state)
{
    json_t *root = load_vectors("ed25519.json");
    json_t *vec = json_array_get(json_object_get(root, "vectors"), 1);
    uint8_t pub[32], sig[64], msg = 0x73; /* 0x72 in the vector */
    ldg_verifier *v;

    (void)state;
    unhex(pub, sizeof(pub), jstr(vec, "public_key"));
    unhex(sig, sizeof(sig), jstr(vec, "signature"));
    assert_int_equal(ldg_verifier_from_raw(&v, "rfc8032", pub, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_verify(v, &msg, 1, sig, NULL), LDG_EINVAL);
    ldg_verifier_free(v);
    json_decref(root);
}

static void test_verifier_pem_matches_vectors_both_ways(void **state)
{
    json_t *root = load_vectors("ed25519.json"), *vecs = json_object_get(root, "vectors");
    uint8_t pub[32];
    ldg_verifier *v;
    char *pem;
    size_t i;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i);
        const char *want = jstr(vec, "public_key_pem");

        unhex(pub, sizeof(pub), jstr(vec, "public_key"));
        assert_int_equal(ldg_verifier_from_pem(&v, "k", want, strlen(want), NULL),
                         LDG_OK);
        assert_memory_equal(ldg_verifier_public(v), pub, 32);
        assert_int_equal(ldg_verifier_pem(&pem, v, NULL), LDG_OK);
        assert_string_equal(pem, want);
        free(pem);
        ldg_verifier_free(v);
    }
    json_decref(root);
}

static void test_verifier_from_pem_refuses_other_inputs(void **state)
{
    static const char garbage[] =
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    EVP_PKEY *x = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    BIO *bio = BIO_new(BIO_s_mem());
    ldg_verifier *v = (ldg_verifier *)1;
    ldg_error err;
    char *data;
    long n;

    (void)state;
    assert_non_null(x);
    assert_int_equal(PEM_write_bio_PUBKEY(bio, x), 1);
    n = BIO_get_mem_data(bio, &data);
    ldg_error_clear(&err);
    assert_int_equal(ldg_verifier_from_pem(&v, "k", data, (size_t)n, &err), LDG_EINVAL);
    assert_null(v);
    assert_string_equal(err.message, "public key for key \"k\" is not Ed25519");
    ldg_error_clear(&err);
    assert_int_equal(ldg_verifier_from_pem(&v, "k", garbage, strlen(garbage), &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "no PEM public key for key \"k\"");
    assert_int_equal(ldg_verifier_from_pem(&v, "k", "", 0, NULL), LDG_EINVAL);
    BIO_free(bio);
    EVP_PKEY_free(x);
}

/* ---- C2SP verifier keys and key ids ---- */

/* Calls fn(vkey, vector) for every verifier key of every positive vector. */
static void each_vkey(void (*fn)(const char *vkey, const json_t *vec))
{
    json_t *root = load_vectors("signed-note.json"),
           *vecs = json_object_get(root, "vectors");
    size_t i, j, count = 0;

    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i),
               *many = json_object_get(vec, "verifier_keys");
        const char *one = json_string_value(json_object_get(vec, "verifier_key"));

        if (one) {
            fn(one, vec);
            count++;
        }
        for (j = 0; j < json_array_size(many); j++) {
            fn(json_string_value(json_array_get(many, j)), NULL);
            count++;
        }
    }
    assert_int_equal(count, 7);
    json_decref(root);
}

static void check_vkey(const char *vkey, const json_t *vec)
{
    char buf[LDG_VERIFIER_KEY_MAX];
    uint8_t pub[32];
    ldg_verifier *v;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_verifier_parse(&v, vkey, &err), LDG_OK);
    assert_int_equal(ldg_verifier_format(buf, sizeof(buf), v, NULL), LDG_OK);
    assert_string_equal(buf, vkey);
    assert_int_equal(ldg_verifier_key_id(v),
                     ldg_key_id(ldg_verifier_name(v), ldg_verifier_public(v)));
    if (vec) {
        assert_string_equal(ldg_verifier_name(v), jstr(vec, "key_name"));
        assert_int_equal(ldg_verifier_key_id(v), hex32(jstr(vec, "key_id_hex")));
        unhex(pub, sizeof(pub), jstr(vec, "ed25519_public_key_hex"));
        assert_memory_equal(ldg_verifier_public(v), pub, 32);
        assert_int_equal(ldg_key_id(jstr(vec, "key_name"), pub),
                         hex32(jstr(vec, "key_id_hex")));
    }
    ldg_verifier_free(v);
}

static void test_verifier_parse_vectors_and_format_round_trip(void **state)
{
    (void)state;
    each_vkey(check_vkey);
}

static void test_key_id_known_values(void **state)
{
    uint8_t pub[32];

    (void)state;
    unhex(pub, sizeof(pub),
          "1a5cd907143c384c41e830c5bce12aa8817ec5649aaabf2c31388b35b2d744d6");
    assert_int_equal(ldg_key_id("PeterNeumann", pub), 0xc74f20a3u);
    unhex(pub, sizeof(pub),
          "e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4");
    assert_int_equal(ldg_key_id("example.com/foo", pub), 0x530d903au);
    /* the name is part of the id */
    assert_int_not_equal(ldg_key_id("example.com/fop", pub), 0x530d903au);
}

static void test_signer_from_seed_matches_vector_verifier_keys(void **state)
{
    json_t *root = load_vectors("signed-note.json"),
           *vecs = json_object_get(root, "vectors");
    char buf[LDG_VERIFIER_KEY_MAX];
    uint8_t seed[32];
    ldg_verifier *v;
    ldg_signer *s;
    size_t i, seen = 0;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i);

        if (!json_object_get(vec, "ed25519_seed_hex"))
            continue;
        unhex(seed, sizeof(seed), jstr(vec, "ed25519_seed_hex"));
        assert_int_equal(ldg_signer_from_seed(&s, jstr(vec, "key_name"), seed, NULL),
                         LDG_OK);
        assert_string_equal(ldg_signer_name(s), jstr(vec, "key_name"));
        assert_int_equal(ldg_signer_key_id(s), hex32(jstr(vec, "key_id_hex")));
        assert_int_equal(ldg_signer_verifier(&v, s, NULL), LDG_OK);
        assert_int_equal(ldg_verifier_format(buf, sizeof(buf), v, NULL), LDG_OK);
        assert_string_equal(buf, jstr(vec, "verifier_key"));
        ldg_verifier_free(v);
        ldg_signer_free(s);
        seen++;
    }
    assert_int_equal(seen, 3);
    json_decref(root);
}

static void test_verifier_parse_refuses_negative_vectors(void **state)
{
    json_t *root = load_vectors("signed-note.json"),
           *neg = json_object_get(root, "negative");
    ldg_verifier *v;
    ldg_error err;
    size_t i, seen = 0;

    (void)state;
    for (i = 0; i < json_array_size(neg); i++) {
        const char *vkey =
            json_string_value(json_object_get(json_array_get(neg, i), "verifier_key"));

        if (!vkey)
            continue;
        v = (ldg_verifier *)1;
        ldg_error_clear(&err);
        assert_int_equal(ldg_verifier_parse(&v, vkey, &err), LDG_EINVAL);
        assert_null(v);
        seen++;
    }
    assert_int_equal(seen, 2);
    ldg_error_clear(&err);
    assert_int_equal(ldg_verifier_parse(&v,
                                        "PeterNeumann+173116ae+"
                                        "ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                                        &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "invalid verifier key: unsupported signature type 0x65");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_verifier_parse(&v,
                           "PeterNeumann+cc469956+"
                           "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
                           &err),
        LDG_EINVAL);
    /* strictly decoded, "Y==" leaves bits set: refused before its length is looked at */
    assert_string_equal(err.message,
                        "invalid verifier key: key is not 33 bytes of base64");
    ldg_error_clear(&err);
    assert_int_equal(
        ldg_verifier_parse(&v,
                           "PeterNeumann+c74f20a3+"
                           "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWAA==",
                           &err),
        LDG_EINVAL);
    assert_string_equal(err.message, "invalid verifier key: Ed25519 key is not 32 bytes");
    ldg_error_clear(&err);
    assert_int_equal(ldg_verifier_parse(&v,
                                        "PeterNeumann+c74f20a3+"
                                        "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=",
                                        &err),
                     LDG_EINVAL);
    assert_string_equal(err.message, "invalid verifier key: Ed25519 key is not 32 bytes");
    json_decref(root);
}

static void test_verifier_parse_refuses_every_substring_and_increment(void **state)
{
    const char *base = PETER_VKEY;
    size_t len = strlen(base), i, j;
    char buf[128];
    ldg_verifier *v;

    (void)state;
    assert_int_equal(ldg_verifier_parse(&v, base, NULL), LDG_OK);
    ldg_verifier_free(v);
    for (i = 0; i < len; i++) {
        for (j = i; j <= len; j++) {
            if (i == 0 && j == len)
                continue;
            memcpy(buf, base + i, j - i);
            buf[j - i] = '\0';
            v = (ldg_verifier *)1;
            if (ldg_verifier_parse(&v, buf, NULL) != LDG_EINVAL)
                fail_msg("accepted substring [%zu, %zu): \"%s\"", i, j, buf);
            assert_null(v);
        }
    }
    for (i = 0; i < len; i++) {
        memcpy(buf, base, len + 1);
        buf[i]++;
        if (ldg_verifier_parse(&v, buf, NULL) != LDG_EINVAL)
            fail_msg("accepted byte %zu incremented: \"%s\"", i, buf);
    }
}

static void test_verifier_parse_refuses_malformed(void **state)
{
    static const struct {
        const char *vkey, *message;
    } cases[] = {
        { "", "invalid verifier key: expected \"name+keyid+key\"" },
        { "PeterNeumann", "invalid verifier key: expected \"name+keyid+key\"" },
        { "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "invalid key name: empty" },
        { "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "invalid key name: contains white space" },
        { "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "invalid verifier key: key id is not 8 lowercase hex digits" },
        { "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "invalid verifier key: key id is not 8 lowercase hex digits" },
        { "PeterNeumann+c74f20a3", "invalid verifier key: key id is not 8 lowercase hex "
                                   "digits" },
        { "PeterNeumann+c74f20a3+",
          "invalid verifier key: key is not 33 bytes of base64" },
        { PETER_VKEY " ", "invalid verifier key: key is not 33 bytes of base64" },
        { PETER_VKEY "\n", "invalid verifier key: key is not 33 bytes of base64" },
        { "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T=",
          "invalid verifier key: key is not 33 bytes of base64" },
        { "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "invalid verifier key: key id c74f20a4 does not match the key" },
        { "PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
          "invalid verifier key: key id c74f20a3 does not match the key" },
    };
    ldg_verifier *v;
    ldg_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ldg_error_clear(&err);
        v = (ldg_verifier *)1;
        assert_int_equal(ldg_verifier_parse(&v, cases[i].vkey, &err), LDG_EINVAL);
        assert_null(v);
        assert_string_equal(err.message, cases[i].message);
    }
}

static void test_verifier_format_needs_room_for_nul(void **state)
{
    char buf[LDG_VERIFIER_KEY_MAX];
    size_t len = strlen(PETER_VKEY);
    ldg_verifier *v;
    ldg_error err;

    (void)state;
    assert_int_equal(ldg_verifier_parse(&v, PETER_VKEY, NULL), LDG_OK);
    ldg_error_clear(&err);
    assert_int_equal(ldg_verifier_format(buf, len, v, &err), LDG_ERANGE);
    assert_int_equal(ldg_verifier_format(buf, len + 1, v, NULL), LDG_OK);
    assert_string_equal(buf, PETER_VKEY);
    ldg_verifier_free(v);
}

static void test_verifier_format_longest_name_fits_max(void **state)
{
    char name[LDG_KEY_NAME_MAX + 1], buf[LDG_VERIFIER_KEY_MAX];
    uint8_t pub[32] = { 0 };
    ldg_verifier *v, *w;

    (void)state;
    memset(name, 'n', LDG_KEY_NAME_MAX);
    name[LDG_KEY_NAME_MAX] = '\0';
    pub[0] = 9; /* any 32 bytes: OpenSSL decodes the point only to verify */
    assert_int_equal(ldg_verifier_from_raw(&v, name, pub, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_format(buf, sizeof(buf), v, NULL), LDG_OK);
    assert_int_equal(strlen(buf), LDG_VERIFIER_KEY_MAX - 1);
    assert_int_equal(ldg_verifier_parse(&w, buf, NULL), LDG_OK);
    assert_memory_equal(ldg_verifier_public(w), pub, 32);
    ldg_verifier_free(w);
    ldg_verifier_free(v);
}

/* ---- key names ---- */

static void test_key_name_check_accepts(void **state)
{
    char longest[LDG_KEY_NAME_MAX];
    static const char *ok[] = { "a",
                                "PeterNeumann",
                                "example.com/log42",
                                "\xe4\xbe\x8b\xe3\x81\x88.jp/\xe3\x83\xad\xe3\x82\xb0",
                                "a-b_c.d~e:f@g",
                                "\xf0\x9f\x94\x91" };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        assert_int_equal(ldg_key_name_check(ok[i], strlen(ok[i]), NULL), LDG_OK);
    memset(longest, 'x', sizeof(longest));
    assert_int_equal(ldg_key_name_check(longest, sizeof(longest), NULL), LDG_OK);
}

static void test_key_name_check_refuses(void **state)
{
    static const struct {
        const char *name;
        size_t len;
        const char *message;
    } cases[] = {
        { "", 0, "invalid key name: empty" },
        { "a+b", 3, "invalid key name: contains '+'" },
        { "a b", 3, "invalid key name: contains white space" },
        { "a\tb", 3, "invalid key name: contains white space" },
        { "a\nb", 3, "invalid key name: contains white space" },
        { "a\xc2\xa0"
          "b",
          4, "invalid key name: contains white space" },                  /* NBSP */
        { "a\xe1\x9a\x80", 4, "invalid key name: contains white space" }, /* U+1680 */
        { "a\xe2\x80\x80", 4, "invalid key name: contains white space" }, /* U+2000 */
        { "a\xe2\x80\xa8", 4, "invalid key name: contains white space" }, /* U+2028 */
        { "a\xe3\x80\x80", 4, "invalid key name: contains white space" }, /* U+3000 */
        { "a\xc2\x85", 3, "invalid key name: contains white space" },     /* NEL */
        { "a\x01"
          "b",
          3, "invalid key name: contains a control character" },
        { "a\x1b"
          "b",
          3, "invalid key name: contains a control character" },
        { "a\x7f"
          "b",
          3, "invalid key name: contains a control character" },
        { "a\xc2\x80"
          "b",
          4, "invalid key name: contains a control character" }, /* C1 */
        { "a\0b", 3, "invalid key name: contains a control character" },
        { "\xff", 1, "invalid key name: not valid UTF-8" },
        { "a\x80", 2, "invalid key name: not valid UTF-8" },
        { "\xc0\xaf", 2, "invalid key name: not valid UTF-8" },         /* overlong '/' */
        { "\xe0\x80\xaf", 3, "invalid key name: not valid UTF-8" },     /* overlong */
        { "\xed\xa0\x80", 3, "invalid key name: not valid UTF-8" },     /* surrogate */
        { "\xf4\x90\x80\x80", 4, "invalid key name: not valid UTF-8" }, /* > U+10FFFF */
        { "a\xe4\xbe", 3, "invalid key name: not valid UTF-8" },        /* truncated */
    };
    char toolong[LDG_KEY_NAME_MAX + 1];
    ldg_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ldg_error_clear(&err);
        if (ldg_key_name_check(cases[i].name, cases[i].len, &err) != LDG_EINVAL)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.message, cases[i].message);
    }
    memset(toolong, 'x', sizeof(toolong));
    ldg_error_clear(&err);
    assert_int_equal(ldg_key_name_check(toolong, sizeof(toolong), &err), LDG_EINVAL);
    assert_string_equal(err.message, "invalid key name: longer than 128 bytes");
}

static void test_signer_refuses_invalid_name(void **state)
{
    uint8_t seed[32] = { 0 }, pub[32] = { 0 };
    ldg_signer *s = (ldg_signer *)1;
    ldg_verifier *v = (ldg_verifier *)1;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_generate(&s, "bad name", &err), LDG_EINVAL);
    assert_null(s);
    assert_string_equal(err.message, "invalid key name: contains white space");
    s = (ldg_signer *)1;
    assert_int_equal(ldg_signer_from_seed(&s, "a+b", seed, NULL), LDG_EINVAL);
    assert_null(s);
    assert_int_equal(ldg_signer_from_seed(&s, "", seed, NULL), LDG_EINVAL);
    assert_int_equal(ldg_verifier_from_raw(&v, "a\x7f", pub, NULL), LDG_EINVAL);
    assert_null(v);
}

/* ---- generated keys ---- */

static void test_generated_key_signs_and_other_key_rejects(void **state)
{
    static const char msg[] =
        "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
    ldg_signer *a, *b;
    ldg_verifier *va, *vb;
    uint8_t sig[64];

    (void)state;
    assert_int_equal(ldg_signer_generate(&a, "example.com/a", NULL), LDG_OK);
    assert_int_equal(ldg_signer_generate(&b, "example.com/a", NULL), LDG_OK);
    assert_string_equal(ldg_signer_name(a), "example.com/a");
    assert_memory_not_equal(ldg_signer_public(a), ldg_signer_public(b), 32);
    assert_int_equal(ldg_signer_verifier(&va, a, NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(&vb, b, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_key_id(va), ldg_signer_key_id(a));
    assert_memory_equal(ldg_verifier_public(va), ldg_signer_public(a), 32);
    assert_int_equal(ldg_signer_sign(sig, a, msg, strlen(msg), NULL), LDG_OK);
    assert_int_equal(ldg_verifier_verify(va, msg, strlen(msg), sig, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_verify(vb, msg, strlen(msg), sig, NULL), LDG_EINVAL);
    ldg_verifier_free(va);
    ldg_verifier_free(vb);
    ldg_signer_free(a);
    ldg_signer_free(b);
    ldg_signer_free(NULL);
    ldg_verifier_free(NULL);
}

/* ---- key files ---- */

static char tmpdir[64];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ldg_test_keys_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    char path[512];
    struct dirent *de;
    DIR *d = opendir(tmpdir);

    (void)state;
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
        if (unlink(path) != 0)
            rmdir(path);
    }
    closedir(d);
    return rmdir(tmpdir);
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* Writes a new file with exactly this mode (umask notwithstanding). */
static void write_file(const char *path, const void *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    assert_int_equal(fchmod(fd, mode), 0);
    assert_int_equal(close(fd), 0);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 65536);

    assert_non_null(f);
    assert_non_null(buf);
    *len = fread(buf, 1, 65535, f);
    fclose(f);
    return buf;
}

/* A PEM private key (PKCS#8) of another algorithm or an encrypted one, malloc'd. */
static char *pem_private(EVP_PKEY *pkey, const EVP_CIPHER *enc, size_t *len)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data, *out;
    long n;

    assert_int_equal(PEM_write_bio_PrivateKey(
                         bio, pkey, enc, (const unsigned char *)"secret", 6, NULL, NULL),
                     1);
    n = BIO_get_mem_data(bio, &data);
    out = malloc((size_t)n + 1);
    memcpy(out, data, (size_t)n);
    out[n] = '\0';
    *len = (size_t)n;
    BIO_free(bio);
    return out;
}

static void test_key_file_round_trip(void **state)
{
    static const char msg[] = "leaseledger\n";
    static const char head[] = "leaseledger-key-name: example.com/ledger\n"
                               "-----BEGIN PRIVATE KEY-----\n";
    char path[256], *text;
    uint8_t sig1[64], sig2[64];
    ldg_signer *s, *t;
    struct stat st;
    EVP_PKEY *stock;
    BIO *bio;
    size_t len, n = 32;
    uint8_t pub[32];

    (void)state;
    tmp_path(path, sizeof(path), "roundtrip.key");
    assert_int_equal(ldg_signer_generate(&s, "example.com/ledger", NULL), LDG_OK);
    assert_int_equal(ldg_signer_save(s, path, NULL), LDG_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_true(S_ISREG(st.st_mode));

    text = read_file(path, &len);
    assert_true(len > strlen(head));
    assert_memory_equal(text, head, strlen(head));
    assert_non_null(strstr(text, "\n-----END PRIVATE KEY-----\n"));
    /* what `openssl pkey -in FILE` does: the PEM reader skips the name line */
    bio = BIO_new_mem_buf(text, (int)len);
    stock = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    assert_non_null(stock);
    assert_int_equal(EVP_PKEY_get_id(stock), EVP_PKEY_ED25519);
    assert_int_equal(EVP_PKEY_get_raw_public_key(stock, pub, &n), 1);
    assert_memory_equal(pub, ldg_signer_public(s), 32);
    EVP_PKEY_free(stock);
    BIO_free(bio);
    free(text);

    assert_int_equal(ldg_signer_load(&t, path, NULL), LDG_OK);
    assert_string_equal(ldg_signer_name(t), "example.com/ledger");
    assert_memory_equal(ldg_signer_public(t), ldg_signer_public(s), 32);
    assert_int_equal(ldg_signer_key_id(t), ldg_signer_key_id(s));
    assert_int_equal(ldg_signer_sign(sig1, s, msg, strlen(msg), NULL), LDG_OK);
    assert_int_equal(ldg_signer_sign(sig2, t, msg, strlen(msg), NULL), LDG_OK);
    assert_memory_equal(sig1, sig2, 64); /* Ed25519 is deterministic: same key */
    ldg_signer_free(t);
    ldg_signer_free(s);
}

static void test_key_file_load_accepts_owner_only_modes(void **state)
{
    static const mode_t modes[] = { 0400, 0600, 0700 };
    char path[256];
    ldg_signer *s, *t;
    size_t i;

    (void)state;
    assert_int_equal(ldg_signer_generate(&s, "owner-only", NULL), LDG_OK);
    for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        snprintf(path, sizeof(path), "%s/mode%o.key", tmpdir, (unsigned int)modes[i]);
        assert_int_equal(ldg_signer_save(s, path, NULL), LDG_OK);
        assert_int_equal(chmod(path, modes[i]), 0);
        assert_int_equal(ldg_signer_load(&t, path, NULL), LDG_OK);
        assert_memory_equal(ldg_signer_public(t), ldg_signer_public(s), 32);
        ldg_signer_free(t);
    }
    ldg_signer_free(s);
}

static void test_key_file_load_refuses_group_or_other_permissions(void **state)
{
    static const mode_t modes[] = {
        0644, 0640, 0604, 0660, 0620, 0610, 0602, 0601, 0666
    };
    char path[256], want[400], *text, *line;
    ldg_signer *s, *t;
    ldg_error err;
    size_t i, len;

    (void)state;
    tmp_path(path, sizeof(path), "perm.key");
    assert_int_equal(ldg_signer_generate(&s, "perm", NULL), LDG_OK);
    assert_int_equal(ldg_signer_save(s, path, NULL), LDG_OK);
    text = read_file(path, &len);
    /* the base64 line of the PEM body: must never show up in a message */
    line = strstr(text, "-----\n") + 6;
    *strchr(line, '\n') = '\0';
    for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        assert_int_equal(chmod(path, modes[i]), 0);
        t = (ldg_signer *)1;
        ldg_error_clear(&err);
        assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EINVAL);
        assert_null(t);
        snprintf(want, sizeof(want),
                 "key file \"%s\" has group or other permissions (mode %04o)", path,
                 (unsigned int)modes[i]);
        assert_string_equal(err.message, want);
        assert_string_equal(err.hint, "Run chmod 600 on the key file.");
        assert_null(strstr(err.message, line));
        assert_null(strstr(err.detail, line));
    }
    free(text);
    ldg_signer_free(s);
}

static void test_key_file_load_refuses_other_owner(void **state)
{
    char path[256];
    ldg_signer *s, *t;
    ldg_error err;

    (void)state;
    if (geteuid() != 0)
        skip(); /* only root can give a file away */
    tmp_path(path, sizeof(path), "owner.key");
    assert_int_equal(ldg_signer_generate(&s, "owner", NULL), LDG_OK);
    assert_int_equal(ldg_signer_save(s, path, NULL), LDG_OK);
    assert_int_equal(chown(path, 65534, 65534), 0);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EINVAL);
    assert_null(t);
    assert_non_null(strstr(err.message, "is not owned by the current user"));
    ldg_signer_free(s);
}

static void test_key_file_load_refuses_non_regular_files(void **state)
{
    char dir[256], fifo[256], want[400];
    ldg_signer *t;
    ldg_error err;

    (void)state;
    tmp_path(dir, sizeof(dir), "adir");
    tmp_path(fifo, sizeof(fifo), "afifo");
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, dir, &err), LDG_EINVAL);
    snprintf(want, sizeof(want), "key file \"%s\" is not a regular file", dir);
    assert_string_equal(err.message, want);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, fifo, &err), LDG_EINVAL); /* and does not hang */
    snprintf(want, sizeof(want), "key file \"%s\" is not a regular file", fifo);
    assert_string_equal(err.message, want);
}

static void test_key_file_load_refuses_missing_file(void **state)
{
    char path[256];
    ldg_signer *t = (ldg_signer *)1;
    ldg_error err;

    (void)state;
    tmp_path(path, sizeof(path), "missing.key");
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EIO);
    assert_null(t);
    assert_non_null(strstr(err.message, "could not open key file"));
}

static void test_key_file_load_refuses_bad_name_line(void **state)
{
    static const char *const heads[] = {
        "",                            /* plain PEM, as openssl genpkey writes it */
        "leaseledger-key-name:x\n",    /* no space */
        "Leaseledger-key-name: x\n",   /* wrong case */
        "leaseledger-key-name: \n",    /* empty name */
        "leaseledger-key-name: a b\n", /* invalid name */
        "leaseledger-key-name: a\r\n", /* CR is not part of a name */
        "# leaseledger-key-name: a\n", /* not the first line */
    };
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    char path[256], *pem, *body;
    size_t i, len, hlen;
    ldg_signer *t;
    ldg_error err;

    (void)state;
    pem = pem_private(pkey, NULL, &len);
    for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        snprintf(path, sizeof(path), "%s/head%zu.key", tmpdir, i);
        hlen = strlen(heads[i]);
        body = malloc(hlen + len);
        memcpy(body, heads[i], hlen);
        memcpy(body + hlen, pem, len);
        write_file(path, body, hlen + len, 0600);
        free(body);
        t = (ldg_signer *)1;
        ldg_error_clear(&err);
        if (ldg_signer_load(&t, path, &err) != LDG_EINVAL)
            fail_msg("head %zu accepted", i);
        assert_null(t);
    }
    /* a name line and nothing else, without its newline */
    tmp_path(path, sizeof(path), "nameonly.key");
    write_file(path, "leaseledger-key-name: a", 23, 0600);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EINVAL);
    assert_non_null(
        strstr(err.message, "does not begin with a \"leaseledger-key-name:\""));
    free(pem);
    EVP_PKEY_free(pkey);
}

static void test_key_file_load_refuses_other_contents(void **state)
{
    static const char head[] = "leaseledger-key-name: k\n";
    EVP_PKEY *x25519 = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    EVP_PKEY *p256 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    char path[256], *pem, *body, *big;
    size_t len, i;
    ldg_signer *t;
    ldg_error err;
    struct {
        EVP_PKEY *pkey;
        const EVP_CIPHER *enc;
        const char *message;
    } cases[3];

    (void)state;
    cases[0].pkey = x25519;
    cases[0].enc = NULL;
    cases[0].message = "key \"k\" is not an Ed25519 key";
    cases[1].pkey = p256;
    cases[1].enc = NULL;
    cases[1].message = "key \"k\" is not an Ed25519 key";
    cases[2].pkey = ed; /* encrypted: refused, never prompted for */
    cases[2].enc = EVP_aes_256_cbc();
    cases[2].message = NULL;
    for (i = 0; i < 3; i++) {
        pem = pem_private(cases[i].pkey, cases[i].enc, &len);
        body = malloc(sizeof(head) - 1 + len);
        memcpy(body, head, sizeof(head) - 1);
        memcpy(body + sizeof(head) - 1, pem, len);
        snprintf(path, sizeof(path), "%s/other%zu.key", tmpdir, i);
        write_file(path, body, sizeof(head) - 1 + len, 0600);
        ldg_error_clear(&err);
        t = (ldg_signer *)1;
        assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EINVAL);
        assert_null(t);
        if (cases[i].message)
            assert_string_equal(err.message, cases[i].message);
        else
            assert_non_null(strstr(err.message, "holds no readable private key"));
        free(body);
        free(pem);
    }
    /* name line, then garbage */
    tmp_path(path, sizeof(path), "garbage.key");
    write_file(path, "leaseledger-key-name: k\nnot a key\n", 34, 0600);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "holds no readable private key"));
    /* empty file */
    tmp_path(path, sizeof(path), "empty.key");
    write_file(path, "", 0, 0600);
    assert_int_equal(ldg_signer_load(&t, path, NULL), LDG_EINVAL);
    /* far too large to be a key */
    big = malloc(16385);
    memset(big, 'a', 16385);
    memcpy(big, head, sizeof(head) - 1);
    tmp_path(path, sizeof(path), "big.key");
    write_file(path, big, 16385, 0600);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_load(&t, path, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "is too large"));
    free(big);
    EVP_PKEY_free(x25519);
    EVP_PKEY_free(p256);
    EVP_PKEY_free(ed);
}

static void test_key_file_save_refuses_existing_path_and_symlink(void **state)
{
    char path[256], link[256], target[256], *before, *after;
    size_t len1, len2;
    ldg_signer *s;
    ldg_error err;

    (void)state;
    tmp_path(path, sizeof(path), "exists.key");
    assert_int_equal(ldg_signer_generate(&s, "exists", NULL), LDG_OK);
    assert_int_equal(ldg_signer_save(s, path, NULL), LDG_OK);
    before = read_file(path, &len1);
    ldg_signer_free(s);
    assert_int_equal(ldg_signer_generate(&s, "exists", NULL), LDG_OK);
    ldg_error_clear(&err);
    assert_int_equal(ldg_signer_save(s, path, &err), LDG_EIO);
    assert_non_null(strstr(err.message, "could not create key file"));
    after = read_file(path, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(before, after, len1); /* the old key is untouched */

    /* a dangling symlink is not followed to create its target */
    tmp_path(link, sizeof(link), "link.key");
    tmp_path(target, sizeof(target), "target.key");
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(ldg_signer_save(s, link, NULL), LDG_EIO);
    assert_int_equal(access(target, F_OK), -1);
    assert_int_equal(errno, ENOENT);
    free(before);
    free(after);
    ldg_signer_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ed25519_rfc8032_public_key_from_seed),
        cmocka_unit_test(test_ed25519_rfc8032_signature_byte_exact),
        cmocka_unit_test(test_ed25519_rfc8032_verify_and_reject_tampering),
        cmocka_unit_test(test_ed25519_rfc8032_test2_changed_message_rejected),
        cmocka_unit_test(test_verifier_pem_matches_vectors_both_ways),
        cmocka_unit_test(test_verifier_from_pem_refuses_other_inputs),
        cmocka_unit_test(test_verifier_parse_vectors_and_format_round_trip),
        cmocka_unit_test(test_key_id_known_values),
        cmocka_unit_test(test_signer_from_seed_matches_vector_verifier_keys),
        cmocka_unit_test(test_verifier_parse_refuses_negative_vectors),
        cmocka_unit_test(test_verifier_parse_refuses_every_substring_and_increment),
        cmocka_unit_test(test_verifier_parse_refuses_malformed),
        cmocka_unit_test(test_verifier_format_needs_room_for_nul),
        cmocka_unit_test(test_verifier_format_longest_name_fits_max),
        cmocka_unit_test(test_key_name_check_accepts),
        cmocka_unit_test(test_key_name_check_refuses),
        cmocka_unit_test(test_signer_refuses_invalid_name),
        cmocka_unit_test(test_generated_key_signs_and_other_key_rejects),
        cmocka_unit_test(test_key_file_round_trip),
        cmocka_unit_test(test_key_file_load_accepts_owner_only_modes),
        cmocka_unit_test(test_key_file_load_refuses_group_or_other_permissions),
        cmocka_unit_test(test_key_file_load_refuses_other_owner),
        cmocka_unit_test(test_key_file_load_refuses_non_regular_files),
        cmocka_unit_test(test_key_file_load_refuses_missing_file),
        cmocka_unit_test(test_key_file_load_refuses_bad_name_line),
        cmocka_unit_test(test_key_file_load_refuses_other_contents),
        cmocka_unit_test(test_key_file_save_refuses_existing_path_and_symlink),
    };

    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
