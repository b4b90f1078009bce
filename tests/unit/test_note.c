/*
 * Unit tests for ledger/note.c: C2SP signed notes and tlog-checkpoint text, against
 * tests/vectors/signed-note.json and hand-made malformed inputs.
 */
#include "ledger/keys.h"
#include "ledger/note.h"

#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define PETER_VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
#define ENOCH_VKEY "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
#define PETER_SEED "810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173"
#define PETER_TEXT                                               \
    "If you think cryptography is the answer to your problem,\n" \
    "then you don't know what your problem is.\n"
#define PETER_LINE                                                 \
    "\xe2\x80\x94 PeterNeumann "                                   \
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZ" \
    "SNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
#define ENOCH_LINE                                                    \
    "\xe2\x80\x94 EnochRoot "                                         \
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5o" \
    "vTG01oOTGwnWLox33WWd1RvMc+QQ=\n"
#define PETER_NOTE PETER_TEXT "\n" PETER_LINE

static json_t *load_vectors(void)
{
    json_error_t jerr;
    json_t *root = json_load_file(LDG_VECTORS_DIR "/signed-note.json", 0, &jerr);

    if (!root)
        fail_msg("cannot read signed-note.json: %s", jerr.text);
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

/* Decodes hex into a malloc'd buffer; *len receives its length. */
static char *unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex) / 2, i;
    char *out = malloc(n + 1);

    assert_non_null(out);
    assert_true(strlen(hex) % 2 == 0);
    for (i = 0; i < n; i++)
        out[i] = (char)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
    out[n] = '\0';
    *len = n;
    return out;
}

static void unhex_into(uint8_t *out, size_t len, const char *hex)
{
    size_t n, i;
    char *b = unhex(hex, &n);

    assert_int_equal(n, len);
    for (i = 0; i < n; i++)
        out[i] = (uint8_t)b[i];
    free(b);
}

static ldg_verifier *vkey(const char *s)
{
    ldg_verifier *v = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    if (ldg_verifier_parse(&v, s, &err) != LDG_OK)
        fail_msg("verifier key %s: %s", s, err.message);
    return v;
}

static ldg_signer *peter_signer(void)
{
    uint8_t seed[32];
    ldg_signer *s = NULL;

    unhex_into(seed, sizeof(seed), PETER_SEED);
    assert_int_equal(ldg_signer_from_seed(&s, "PeterNeumann", seed, NULL), LDG_OK);
    return s;
}

/* ldg_note_open over a C string; checks *text_len on success and on failure. */
static ldg_code open_note(const char *note, size_t len, ldg_verifier *const *known,
                          size_t nknown, size_t want_text_len, ldg_error *err)
{
    size_t text_len = 12345;
    ldg_code rc;

    ldg_error_clear(err);
    rc = ldg_note_open(&text_len, note, len, known, nknown, err);
    assert_int_equal(text_len, rc == LDG_OK ? want_text_len : 0);
    return rc;
}

/* ---- signed notes: published vectors ---- */

static void test_note_vectors_open_with_their_verifier_keys(void **state)
{
    json_t *root = load_vectors(), *vecs = json_object_get(root, "vectors");
    ldg_verifier *known[2];
    size_t i, j, nknown, hex_len, opened = 0;
    ldg_error err;
    char *bytes;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i),
               *many = json_object_get(vec, "verifier_keys");
        const char *note = json_string_value(json_object_get(vec, "signed_note"));
        const char *text = jstr(vec, "note_text");

        if (!note)
            continue;
        nknown = 0;
        if (json_object_get(vec, "verifier_key"))
            known[nknown++] = vkey(jstr(vec, "verifier_key"));
        for (j = 0; j < json_array_size(many); j++)
            known[nknown++] = vkey(json_string_value(json_array_get(many, j)));
        assert_true(nknown > 0);
        if (open_note(note, strlen(note), known, nknown, strlen(text), &err) != LDG_OK)
            fail_msg("vector %s: %s", jstr(vec, "id"), err.message);
        assert_memory_equal(note, text, strlen(text));
        if (json_object_get(vec, "signed_note_hex")) {
            bytes = unhex(jstr(vec, "signed_note_hex"), &hex_len);
            assert_int_equal(hex_len, strlen(note));
            assert_memory_equal(bytes, note, hex_len);
            free(bytes);
        }
        if (json_object_get(vec, "signature_line"))
            assert_string_equal(note + strlen(text) + 1, jstr(vec, "signature_line"));
        for (j = 0; j < nknown; j++)
            ldg_verifier_free(known[j]);
        opened++;
    }
    assert_int_equal(opened, 6);
    json_decref(root);
}

static void test_note_vectors_resign_byte_exact_from_seed(void **state)
{
    json_t *root = load_vectors(), *vecs = json_object_get(root, "vectors");
    size_t i, signed_count = 0;
    uint8_t seed[32];
    ldg_signer *s;
    char *out;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i);

        if (!json_object_get(vec, "ed25519_seed_hex"))
            continue;
        unhex_into(seed, sizeof(seed), jstr(vec, "ed25519_seed_hex"));
        assert_int_equal(ldg_signer_from_seed(&s, jstr(vec, "key_name"), seed, NULL),
                         LDG_OK);
        assert_int_equal(ldg_note_sign(&out, jstr(vec, "note_text"), s, NULL), LDG_OK);
        assert_string_equal(out, jstr(vec, "signed_note"));
        free(out);
        ldg_signer_free(s);
        signed_count++;
    }
    assert_int_equal(signed_count, 3);
    json_decref(root);
}

static void test_note_two_signatures_by_either_or_both_known_keys(void **state)
{
    static const char note[] = PETER_TEXT "\n" PETER_LINE ENOCH_LINE;
    ldg_verifier *peter = vkey(PETER_VKEY), *enoch = vkey(ENOCH_VKEY);
    ldg_verifier *both[2] = { peter, enoch }, *reversed[2] = { enoch, peter };
    size_t tlen = strlen(PETER_TEXT);
    ldg_error err;

    (void)state;
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), &enoch, 1, tlen, &err), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), both, 2, tlen, &err), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), reversed, 2, tlen, &err), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), NULL, 0, tlen, &err), LDG_EINVAL);
    assert_string_equal(err.message, "note has no verifiable signature by a known key");
    ldg_verifier_free(peter);
    ldg_verifier_free(enoch);
}

static char *negative_message(const json_t *neg, size_t *len)
{
    const char *hex = json_string_value(json_object_get(neg, "message_hex"));
    const char *msg = json_string_value(json_object_get(neg, "message"));
    char *out;
    size_t i;

    if (hex)
        return unhex(hex, len);
    if (strncmp(msg, "note_text + '\\n' + 101 * signature_line", 40) == 0) {
        *len = strlen(PETER_TEXT) + 1 + 101 * strlen(PETER_LINE);
        out = malloc(*len + 1);
        assert_non_null(out);
        memcpy(out, PETER_TEXT "\n", strlen(PETER_TEXT) + 1);
        for (i = 0; i < 101; i++)
            memcpy(out + strlen(PETER_TEXT) + 1 + i * strlen(PETER_LINE), PETER_LINE,
                   strlen(PETER_LINE));
        out[*len] = '\0';
        return out;
    }
    *len = strlen(msg);
    out = malloc(*len + 1);
    assert_non_null(out);
    memcpy(out, msg, *len + 1);
    return out;
}

static void test_note_negative_vectors_rejected(void **state)
{
    json_t *root = load_vectors(), *negs = json_object_get(root, "negative");
    ldg_verifier *known[4];
    size_t i, j, nknown, len, rejected = 0;
    ldg_error err;
    char *msg;

    (void)state;
    for (i = 0; i < json_array_size(negs); i++) {
        json_t *neg = json_array_get(negs, i), *keys;

        if (!json_object_get(neg, "message_hex") && !json_object_get(neg, "message"))
            continue; /* a verifier-key vector: test_keys.c */
        keys = json_object_get(neg, "trusted_verifier_keys");
        nknown = json_array_size(keys);
        assert_true(nknown <= 4);
        for (j = 0; j < nknown; j++)
            known[j] = vkey(json_string_value(json_array_get(keys, j)));
        msg = negative_message(neg, &len);
        if (open_note(msg, len, known, nknown, 0, &err) != LDG_EINVAL)
            fail_msg("accepted: %s", jstr(neg, "desc"));
        free(msg);
        for (j = 0; j < nknown; j++)
            ldg_verifier_free(known[j]);
        rejected++;
    }
    assert_int_equal(rejected, 10);
    json_decref(root);
}

/* ---- signed notes: policy ---- */

static char *repeat_lines(size_t n)
{
    size_t tlen = strlen(PETER_TEXT) + 1, llen = strlen(PETER_LINE), i;
    char *out = malloc(tlen + n * llen + 1);

    assert_non_null(out);
    memcpy(out, PETER_TEXT "\n", tlen);
    for (i = 0; i < n; i++)
        memcpy(out + tlen + i * llen, PETER_LINE, llen);
    out[tlen + n * llen] = '\0';
    return out;
}

static void test_note_signature_line_limit_is_100(void **state)
{
    ldg_verifier *peter = vkey(PETER_VKEY);
    size_t tlen = strlen(PETER_TEXT);
    ldg_error err;
    char *note;

    (void)state;
    note = repeat_lines(16); /* C2SP: verifiers MUST accept at least 16 */
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_OK);
    free(note);
    note = repeat_lines(LDG_NOTE_MAX_SIGS);
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_OK);
    free(note);
    note = repeat_lines(LDG_NOTE_MAX_SIGS + 1);
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_EINVAL);
    assert_string_equal(err.message, "note has more than 100 signature lines");
    free(note);
    ldg_verifier_free(peter);
}

/* The signature line of text signed by s (malloc'd). */
static char *sig_line(const char *text, const ldg_signer *s)
{
    char *note, *line;

    assert_int_equal(ldg_note_sign(&note, text, s, NULL), LDG_OK);
    line = malloc(strlen(note) - strlen(text));
    memcpy(line, note + strlen(text) + 1, strlen(note) - strlen(text));
    free(note);
    return line;
}

static void test_note_unknown_cosignature_lines_are_ignored(void **state)
{
    ldg_signer *peter = peter_signer(), *witness;
    uint8_t blob[4 + 72];
    char other_type[256], b64[4 * 26 + 1];
    ldg_verifier *vp, *vw, *both[2];
    char *wline, note[1024];
    size_t tlen = strlen(PETER_TEXT);
    ldg_error err;

    (void)state;
    /* a line of some longer signature type we cannot check */
    memset(blob, 0x01, sizeof(blob));
    assert_int_equal(EVP_EncodeBlock((unsigned char *)b64, blob, (int)sizeof(blob)), 104);
    snprintf(other_type, sizeof(other_type), "\xe2\x80\x94 witness.example/w2 %s\n", b64);
    /* and a cosigner's line */
    assert_int_equal(ldg_signer_generate(&witness, "witness.example/w1", NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(&vp, peter, NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(&vw, witness, NULL), LDG_OK);
    both[0] = vp;
    both[1] = vw;
    wline = sig_line(PETER_TEXT, witness);
    snprintf(note, sizeof(note), "%s\n%s%s%s", PETER_TEXT, PETER_LINE, wline, other_type);
    assert_int_equal(open_note(note, strlen(note), &vp, 1, tlen, &err), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), &vw, 1, tlen, &err), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), both, 2, tlen, &err), LDG_OK);
    /* the unknown lines first changes nothing */
    snprintf(note, sizeof(note), "%s\n%s%s%s", PETER_TEXT, other_type, wline, PETER_LINE);
    assert_int_equal(open_note(note, strlen(note), &vp, 1, tlen, &err), LDG_OK);
    free(wline);
    ldg_verifier_free(vp);
    ldg_verifier_free(vw);
    ldg_signer_free(peter);
    ldg_signer_free(witness);
}

static void test_note_same_name_or_same_id_alone_is_another_key(void **state)
{
    ldg_verifier *peter = vkey(PETER_VKEY);
    ldg_signer *impostor;
    char *iline, note[1024], renamed[256];
    size_t tlen = strlen(PETER_TEXT);
    ldg_error err;

    (void)state;
    /* same name, another key (so another id): ignored, not a failed signature */
    assert_int_equal(ldg_signer_generate(&impostor, "PeterNeumann", NULL), LDG_OK);
    assert_int_not_equal(ldg_signer_key_id(impostor), 0xc74f20a3u);
    iline = sig_line(PETER_TEXT, impostor);
    snprintf(note, sizeof(note), "%s\n%s%s", PETER_TEXT, iline, PETER_LINE);
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_OK);
    /* alone it verifies nothing */
    snprintf(note, sizeof(note), "%s\n%s", PETER_TEXT, iline);
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_EINVAL);
    assert_string_equal(err.message, "note has no verifiable signature by a known key");
    /* same id, another name: ignored */
    snprintf(renamed, sizeof(renamed), "%s", PETER_LINE);
    memcpy(renamed + 4, "PeterNeumanX", 12);
    snprintf(note, sizeof(note), "%s\n%s%s", PETER_TEXT, renamed, PETER_LINE);
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_OK);
    free(iline);
    ldg_signer_free(impostor);
    ldg_verifier_free(peter);
}

static void test_note_failed_known_signature_rejects_whole_note(void **state)
{
    ldg_verifier *peter = vkey(PETER_VKEY), *enoch = vkey(ENOCH_VKEY);
    ldg_verifier *both[2] = { peter, enoch };
    char note[1024], bad_enoch[256];
    size_t tlen = strlen(PETER_TEXT);
    ldg_error err;

    (void)state;
    /* Enoch's line with one signature byte changed (past the key id) */
    snprintf(bad_enoch, sizeof(bad_enoch), "%s", ENOCH_LINE);
    bad_enoch[4 + 9 + 1 + 20] = bad_enoch[4 + 9 + 1 + 20] == 'A' ? 'B' : 'A';
    snprintf(note, sizeof(note), "%s\n%s%s", PETER_TEXT, PETER_LINE, bad_enoch);
    assert_int_equal(open_note(note, strlen(note), both, 2, tlen, &err), LDG_EINVAL);
    assert_string_equal(err.message, "signature by key \"EnochRoot\" does not verify");
    assert_string_equal(err.where, "signature line 2");
    /* Enoch unknown: the broken line is someone else's business */
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_OK);
    /* a good line for a key does not excuse a bad one for the same key */
    snprintf(note, sizeof(note), "%s\n%s%s", PETER_TEXT, PETER_LINE, PETER_LINE);
    note[strlen(note) - 10] = note[strlen(note) - 10] == 'A' ? 'B' : 'A';
    assert_int_equal(open_note(note, strlen(note), &peter, 1, tlen, &err), LDG_EINVAL);
    ldg_verifier_free(peter);
    ldg_verifier_free(enoch);
}

static void test_note_known_key_with_wrong_signature_length_rejected(void **state)
{
    /* PeterNeumann's key id and signature, cut to 63 bytes or grown to 65 */
    static const char b64[] =
        "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZ"
        "SNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
    static const size_t lens[] = { 4 + 63, 4 + 65 };
    uint8_t raw[72] = { 0 };
    char note[512], enc[100];
    ldg_verifier *peter = vkey(PETER_VKEY);
    ldg_error err;
    size_t i;

    (void)state;
    assert_int_equal(EVP_DecodeBlock(raw, (const unsigned char *)b64, 92), 69);
    for (i = 0; i < 2; i++) {
        EVP_EncodeBlock((unsigned char *)enc, raw, (int)lens[i]);
        snprintf(note, sizeof(note), "%s\n\xe2\x80\x94 PeterNeumann %s\n", PETER_TEXT,
                 enc);
        assert_int_equal(open_note(note, strlen(note), &peter, 1, 0, &err), LDG_EINVAL);
        assert_string_equal(
            err.message, "signature by key \"PeterNeumann\" is not an Ed25519 signature");
    }
    ldg_verifier_free(peter);
}

static void test_note_every_single_bit_flip_rejected(void **state)
{
    char note[] = PETER_NOTE;
    ldg_verifier *peter = vkey(PETER_VKEY);
    size_t i, bit, len = strlen(note);
    ldg_error err;

    (void)state;
    assert_int_equal(open_note(note, len, &peter, 1, strlen(PETER_TEXT), &err), LDG_OK);
    for (i = 0; i < len; i++) {
        for (bit = 0; bit < 8; bit++) {
            note[i] = (char)(note[i] ^ (1 << bit));
            if (open_note(note, len, &peter, 1, 0, &err) != LDG_EINVAL)
                fail_msg("accepted with bit %zu of byte %zu flipped", bit, i);
            note[i] = (char)(note[i] ^ (1 << bit));
        }
    }
    ldg_verifier_free(peter);
}

static void test_note_flipped_text_or_signature_messages(void **state)
{
    char note[] = PETER_NOTE;
    ldg_verifier *peter = vkey(PETER_VKEY);
    size_t len = strlen(note), sig = strlen(PETER_TEXT) + 1 + 4 + 12 + 1 + 8;
    ldg_error err;

    (void)state;
    note[3] = 'X'; /* "If yXu think" */
    assert_int_equal(open_note(note, len, &peter, 1, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "signature by key \"PeterNeumann\" does not verify");
    note[3] = 'o';
    note[sig] = note[sig] == 'A' ? 'B' : 'A';
    assert_int_equal(open_note(note, len, &peter, 1, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "signature by key \"PeterNeumann\" does not verify");
    ldg_verifier_free(peter);
}

static void test_note_malformed_rejected(void **state)
{
    static const struct {
        const char *note;
        const char *message;
    } cases[] = {
        { PETER_TEXT PETER_LINE, "malformed note: no blank line before the signatures" },
        { PETER_TEXT "\n", "malformed note: no signature lines" },
        { PETER_NOTE "\n", "malformed note: no signature lines" },
        { PETER_TEXT
          "\n-- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUg"
          "YN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
          "malformed note: signature line 1 does not begin with an em dash and a space" },
        { PETER_TEXT
          "\n\xe2\x80\x94PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcEl"
          "ZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
          "malformed note: signature line 1 does not begin with an em dash and a space" },
        { PETER_TEXT
          "\n\xe2\x80\x94  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN"
          "1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
          "malformed note: signature line 1 has no valid key name" },
        { PETER_TEXT "\n\xe2\x80\x94 PeterNeumann\n",
          "malformed note: signature line 1 has no valid key name" },
        { PETER_TEXT
          "\n\xe2\x80\x94 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAc"
          "ElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
          "malformed note: signature line 1 has no valid key name" },
        { PETER_TEXT
          "\n\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcEl"
          "ZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM= \n",
          "malformed note: signature line 1 has no valid base64 signature" },
        /* padding dropped */
        { PETER_TEXT
          "\n\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcEl"
          "ZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM\n",
          "malformed note: signature line 1 has no valid base64 signature" },
        /* "N=" decodes to the same bytes as "M=" but leaves a bit set: not canonical */
        { PETER_TEXT
          "\n\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcEl"
          "ZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n",
          "malformed note: signature line 1 has no valid base64 signature" },
        /* URL-safe alphabet */
        { PETER_TEXT
          "\n\xe2\x80\x94 PeterNeumann x08go_ZJkuBS9UG_SffcvIAQxVBtiFupLLr8pAcEl"
          "ZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
          "malformed note: signature line 1 has no valid base64 signature" },
        /* a key id and no signature */
        { PETER_TEXT "\n\xe2\x80\x94 PeterNeumann x08gow==\n",
          "malformed note: signature line 1 has no valid base64 signature" },
        { PETER_TEXT "\n\xe2\x80\x94 PeterNeumann \n",
          "malformed note: signature line 1 has no valid base64 signature" },
        { PETER_NOTE "Unexpected line.\n",
          "malformed note: signature line 2 does not begin with an em dash and a space" },
        { PETER_TEXT "\n" PETER_LINE
                     "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBt"
                     "iFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
          "malformed note: last signature line has no newline" },
        { "If you think\r\n\n" PETER_LINE,
          "note contains control character 0x0d at byte 12" },
        { "\t" PETER_NOTE, "note contains control character 0x09 at byte 0" },
        { "\xc0\xaf\n\n" PETER_LINE, "note is not valid UTF-8 at byte 0" },
        { "\xed\xa0\x80\n\n" PETER_LINE, "note is not valid UTF-8 at byte 0" },
        { "", "malformed note: no blank line before the signatures" },
    };
    ldg_verifier *peter = vkey(PETER_VKEY);
    ldg_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (open_note(cases[i].note, strlen(cases[i].note), &peter, 1, 0, &err) !=
            LDG_EINVAL)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.message, cases[i].message);
    }
    ldg_verifier_free(peter);
}

static void test_note_nul_byte_rejected(void **state)
{
    char note[] = PETER_NOTE;
    ldg_verifier *peter = vkey(PETER_VKEY);
    ldg_error err;

    (void)state;
    note[5] = '\0';
    assert_int_equal(open_note(note, sizeof(note) - 1, &peter, 1, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "note contains control character 0x00 at byte 5");
    /* a NUL after the note's last newline is a byte of the note too */
    assert_int_equal(open_note(PETER_NOTE, sizeof(PETER_NOTE), &peter, 1, 0, &err),
                     LDG_EINVAL);
    ldg_verifier_free(peter);
}

static void test_note_blank_lines_split_at_the_last(void **state)
{
    ldg_signer *s = peter_signer();
    ldg_verifier *v;
    ldg_error err;
    char *note, *line, bad[512];

    (void)state;
    assert_int_equal(ldg_signer_verifier(&v, s, NULL), LDG_OK);
    /* blank lines inside the text, and a text that ends in one */
    assert_int_equal(ldg_note_sign(&note, "a\n\nb\n", s, NULL), LDG_OK);
    assert_memory_equal(note, "a\n\nb\n\n\xe2\x80\x94 PeterNeumann ", 23);
    assert_int_equal(open_note(note, strlen(note), &v, 1, 5, &err), LDG_OK);
    free(note);
    assert_int_equal(ldg_note_sign(&note, "a\n\n", s, NULL), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), &v, 1, 3, &err), LDG_OK);
    free(note);
    /* a blank line between signature lines moves the split: the first line becomes
     * text, and the signature no longer matches */
    line = sig_line("a\n", s);
    snprintf(bad, sizeof(bad), "a\n\n%s\n%s", line, line);
    assert_int_equal(open_note(bad, strlen(bad), &v, 1, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "signature by key \"PeterNeumann\" does not verify");
    /* two blank lines before the signatures: the text gains a newline */
    snprintf(bad, sizeof(bad), "a\n\n\n%s", line);
    assert_int_equal(open_note(bad, strlen(bad), &v, 1, 0, &err), LDG_EINVAL);
    free(line);
    ldg_verifier_free(v);
    ldg_signer_free(s);
}

static void test_note_size_limit_is_exact(void **state)
{
    /* PeterNeumann's line: 4 + 12 + 1 + 92 + 1 = 110 bytes */
    size_t line_len = 110, tlen = LDG_NOTE_MAX - 1 - line_len;
    ldg_signer *s = peter_signer();
    char *text = malloc(LDG_NOTE_MAX + 2), *note, *big;
    uint8_t sig[4 + 64];
    ldg_verifier *v;
    ldg_error err;

    (void)state;
    assert_int_equal(ldg_signer_verifier(&v, s, NULL), LDG_OK);
    memset(text, 'a', tlen - 1);
    text[tlen - 1] = '\n';
    text[tlen] = '\0';
    assert_int_equal(ldg_note_sign(&note, text, s, NULL), LDG_OK);
    assert_int_equal(strlen(note), LDG_NOTE_MAX);
    assert_int_equal(open_note(note, LDG_NOTE_MAX, &v, 1, tlen, &err), LDG_OK);

    /* one byte more: ldg_note_sign refuses, and a note built by hand is refused */
    memset(text, 'a', tlen);
    text[tlen] = '\n';
    text[tlen + 1] = '\0';
    ldg_error_clear(&err);
    assert_int_equal(ldg_note_sign(&big, text, s, &err), LDG_EINVAL);
    assert_null(big);
    assert_string_equal(err.message, "signed note would be longer than 65536 bytes");
    /* a correct signature line, made by hand */
    sig[0] = 0xc7;
    sig[1] = 0x4f;
    sig[2] = 0x20;
    sig[3] = 0xa3;
    assert_int_equal(ldg_signer_sign(sig + 4, s, text, tlen + 1, NULL), LDG_OK);
    big = malloc(LDG_NOTE_MAX + 2);
    memcpy(big, text, tlen + 1);
    memcpy(big + tlen + 1, "\n\xe2\x80\x94 PeterNeumann ", 18);
    assert_int_equal(EVP_EncodeBlock((unsigned char *)big + tlen + 19, sig, 68), 92);
    big[LDG_NOTE_MAX] = '\n';
    assert_int_equal(open_note(big, LDG_NOTE_MAX + 1, &v, 1, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "note is longer than 65536 bytes");
    free(big);
    free(note);
    free(text);
    ldg_verifier_free(v);
    ldg_signer_free(s);
}

static void test_note_sign_refuses_bad_text(void **state)
{
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        { "", "note text does not end with a newline" },
        { "no newline", "note text does not end with a newline" },
        { "a\nb", "note text does not end with a newline" },
        { "a\r\n", "note text contains control character 0x0d at byte 1" },
        { "\x01\n", "note text contains control character 0x01 at byte 0" },
        { "a\tb\n", "note text contains control character 0x09 at byte 1" },
        { "\xff\n", "note text is not valid UTF-8 at byte 0" },
        { "ok \xe2\x80\n", "note text is not valid UTF-8 at byte 3" },
    };
    ldg_signer *s = peter_signer();
    ldg_error err;
    char *out;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        out = (char *)1;
        ldg_error_clear(&err);
        assert_int_equal(ldg_note_sign(&out, cases[i].text, s, &err), LDG_EINVAL);
        assert_null(out);
        assert_string_equal(err.message, cases[i].message);
    }
    ldg_signer_free(s);
}

static void test_note_sign_then_open_generated_key(void **state)
{
    static const char text[] = "example.com/ledger/anthropic\n3\n"
                               "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"
                               "\xe2\x80\x94 not a signature, an extension line\n";
    ldg_signer *a, *b;
    ldg_verifier *va, *vb;
    ldg_error err;
    char *note;

    (void)state;
    assert_int_equal(ldg_signer_generate(&a, "example.com/ledger", NULL), LDG_OK);
    assert_int_equal(ldg_signer_generate(&b, "example.com/other", NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(&va, a, NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(&vb, b, NULL), LDG_OK);
    assert_int_equal(ldg_note_sign(&note, text, a, NULL), LDG_OK);
    assert_int_equal(open_note(note, strlen(note), &va, 1, strlen(text), &err), LDG_OK);
    /* signed by A, not accepted as B */
    assert_int_equal(open_note(note, strlen(note), &vb, 1, 0, &err), LDG_EINVAL);
    assert_string_equal(err.message, "note has no verifiable signature by a known key");
    free(note);
    ldg_verifier_free(va);
    ldg_verifier_free(vb);
    ldg_signer_free(a);
    ldg_signer_free(b);
}

/* ---- checkpoints ---- */

static void test_checkpoint_parse_vectors(void **state)
{
    json_t *root = load_vectors(), *vecs = json_object_get(root, "vectors");
    size_t i, parsed = 0;
    ldg_checkpoint cp;
    uint8_t want[32];
    ldg_error err;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i), *c = json_object_get(vec, "checkpoint");
        json_t *facts = json_object_get(vec, "facts");
        const char *text = jstr(vec, "note_text");

        if (!c && !facts)
            continue;
        ldg_error_clear(&err);
        if (ldg_checkpoint_parse(&cp, text, strlen(text), &err) != LDG_OK)
            fail_msg("vector %s: %s", jstr(vec, "id"), err.message);
        if (c) {
            assert_string_equal(cp.origin, jstr(c, "origin"));
            assert_int_equal(
                cp.size, (uint64_t)json_integer_value(json_object_get(c, "tree_size")));
            unhex_into(want, sizeof(want), jstr(c, "root_hash_hex"));
        } else {
            assert_string_equal(cp.origin, "go.sum database tree");
            assert_int_equal(cp.size, (uint64_t)json_integer_value(
                                          json_object_get(facts, "tree_size")));
            unhex_into(want, sizeof(want), jstr(facts, "root_hash_hex"));
        }
        assert_memory_equal(cp.root.b, want, 32);
        parsed++;
    }
    assert_int_equal(parsed, 4);
    json_decref(root);
}

static void test_checkpoint_text_reproduces_vectors(void **state)
{
    json_t *root = load_vectors(), *vecs = json_object_get(root, "vectors");
    size_t i, made = 0;
    ldg_checkpoint cp, back;
    char *text;

    (void)state;
    for (i = 0; i < json_array_size(vecs); i++) {
        json_t *vec = json_array_get(vecs, i), *c = json_object_get(vec, "checkpoint");

        if (!c)
            continue;
        memset(&cp, 0, sizeof(cp));
        snprintf(cp.origin, sizeof(cp.origin), "%s", jstr(c, "origin"));
        cp.size = (uint64_t)json_integer_value(json_object_get(c, "tree_size"));
        unhex_into(cp.root.b, 32, jstr(c, "root_hash_hex"));
        assert_int_equal(ldg_checkpoint_text(&text, &cp, NULL), LDG_OK);
        assert_string_equal(text, jstr(vec, "note_text"));
        assert_int_equal(ldg_checkpoint_parse(&back, text, strlen(text), NULL), LDG_OK);
        assert_memory_equal(&back, &cp, sizeof(cp));
        free(text);
        made++;
    }
    assert_int_equal(made, 3);
    json_decref(root);
}

static void test_checkpoint_from_opened_signed_note(void **state)
{
    static const char note[] =
        "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n"
        "\xe2\x80\x94 sum.golang.org "
        "Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFI"
        "Gu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";
    ldg_verifier *v =
        vkey("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
    size_t text_len = 0;
    ldg_checkpoint cp;

    (void)state;
    assert_int_equal(ldg_note_open(&text_len, note, strlen(note), &v, 1, NULL), LDG_OK);
    assert_int_equal(text_len, 74);
    assert_int_equal(ldg_checkpoint_parse(&cp, note, text_len, NULL), LDG_OK);
    assert_string_equal(cp.origin, "go.sum database tree");
    assert_int_equal(cp.size, 6476701);
    assert_int_equal(cp.root.b[0], 0x99);
    assert_int_equal(cp.root.b[31], 0x69);
    ldg_verifier_free(v);
}

#define ROOT8 "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n"

static void test_checkpoint_parse_sizes(void **state)
{
    static const struct {
        const char *text;
        uint64_t size;
    } ok[] = {
        { "o\n0\n" ROOT8, 0 },
        { "o\n1\n" ROOT8, 1 },
        { "o\n10\n" ROOT8, 10 },
        { "o\n9223372036854775807\n" ROOT8, 9223372036854775807u },
    };
    static const struct {
        const char *text;
        const char *message;
    } bad[] = {
        { "o\n0xabcdef\n" ROOT8, "checkpoint tree size has a leading zero" },
        { "o\nabcdef\n" ROOT8, "checkpoint tree size is not a decimal number" },
        { "o\n00\n" ROOT8, "checkpoint tree size has a leading zero" },
        { "o\n01\n" ROOT8, "checkpoint tree size has a leading zero" },
        { "o\n\n" ROOT8, "checkpoint tree size is empty" },
        { "o\n-1\n" ROOT8, "checkpoint tree size is not a decimal number" },
        { "o\n+1\n" ROOT8, "checkpoint tree size is not a decimal number" },
        { "o\n 1\n" ROOT8, "checkpoint tree size is not a decimal number" },
        { "o\n1 \n" ROOT8, "checkpoint tree size is not a decimal number" },
        { "o\n1.0\n" ROOT8, "checkpoint tree size is not a decimal number" },
        { "o\n9223372036854775808\n" ROOT8, "checkpoint tree size is out of range" },
        { "o\n18446744073709551615\n" ROOT8, "checkpoint tree size is out of range" },
        { "o\n18446744073709551616\n" ROOT8, "checkpoint tree size is out of range" },
        { "o\n99999999999999999999999\n" ROOT8, "checkpoint tree size is out of range" },
    };
    ldg_checkpoint cp;
    ldg_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        assert_int_equal(ldg_checkpoint_parse(&cp, ok[i].text, strlen(ok[i].text), NULL),
                         LDG_OK);
        assert_int_equal(cp.size, ok[i].size);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ldg_error_clear(&err);
        if (ldg_checkpoint_parse(&cp, bad[i].text, strlen(bad[i].text), &err) !=
            LDG_EINVAL)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.message, bad[i].message);
    }
}

static void test_checkpoint_parse_refuses_malformed(void **state)
{
    static const struct {
        const char *text;
        const char *message;
    } bad[] = {
        { "", "checkpoint does not end with a newline" },
        { "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
          "checkpoint does not end with a newline" },
        { "\n8\n" ROOT8, "checkpoint origin is empty" },
        { "o\n", "checkpoint has no tree size line" },
        { "o\n8\n", "checkpoint has no root hash line" },
        { "o\n8\n\n", "checkpoint root hash is not base64 of 32 bytes" },
        /* corrupted base64 */
        { "o\n8\nXcnaeacGWamtVZy3Ad7Zoqudgj!tL0lgz+Nw7/RgQyg=\n",
          "checkpoint root hash is not base64 of 32 bytes" },
        /* no padding */
        { "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg\n",
          "checkpoint root hash is not base64 of 32 bytes" },
        /* non-canonical: "h=" decodes like "g=" */
        { "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n",
          "checkpoint root hash is not base64 of 32 bytes" },
        /* 31 and 33 bytes */
        { "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==\n",
          "checkpoint root hash is not base64 of 32 bytes" },
        { "o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyhh\n",
          "checkpoint root hash is not base64 of 32 bytes" },
        /* hex is not base64 of 32 bytes */
        { "o\n8\n5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n",
          "checkpoint root hash is not base64 of 32 bytes" },
        { "o\n8\n " ROOT8, "checkpoint root hash is not base64 of 32 bytes" },
        { "o\n8\n" ROOT8 "\n", "checkpoint has an empty extension line" },
        { "o\n8\n" ROOT8 "ext\n\n", "checkpoint has an empty extension line" },
        { "o\n8\n" ROOT8 "ext", "checkpoint does not end with a newline" },
        { "o\r\n8\n" ROOT8, "checkpoint contains control character 0x0d at byte 1" },
        { "o\xff\n8\n" ROOT8, "checkpoint is not valid UTF-8 at byte 1" },
    };
    ldg_checkpoint cp;
    ldg_error err;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ldg_error_clear(&err);
        if (ldg_checkpoint_parse(&cp, bad[i].text, strlen(bad[i].text), &err) !=
            LDG_EINVAL)
            fail_msg("case %zu accepted", i);
        assert_string_equal(err.message, bad[i].message);
    }
    /* NUL inside the given length */
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_parse(&cp, "o\0\n8\n" ROOT8, 5 + strlen(ROOT8), &err),
                     LDG_EINVAL);
    assert_string_equal(err.message,
                        "checkpoint contains control character 0x00 at byte 1");
}

static void test_checkpoint_parse_extension_lines_ignored(void **state)
{
    static const char base[] = "example.com/fault_test\n8\n" ROOT8;
    static const char ext[] =
        "example.com/fault_test\n8\n" ROOT8 "ext one\n\xe2\x80\x94 two\n";
    ldg_checkpoint a, b;

    (void)state;
    assert_int_equal(ldg_checkpoint_parse(&a, base, strlen(base), NULL), LDG_OK);
    assert_int_equal(ldg_checkpoint_parse(&b, ext, strlen(ext), NULL), LDG_OK);
    assert_memory_equal(&a, &b, sizeof(a));
}

static void test_checkpoint_origin_length_limit(void **state)
{
    char text[400], *out;
    ldg_checkpoint cp;
    ldg_error err;

    (void)state;
    memset(text, 'o', 255);
    snprintf(text + 255, sizeof(text) - 255, "\n8\n%s", ROOT8);
    assert_int_equal(ldg_checkpoint_parse(&cp, text, strlen(text), NULL), LDG_OK);
    assert_int_equal(strlen(cp.origin), 255);
    assert_int_equal(ldg_checkpoint_text(&out, &cp, NULL), LDG_OK);
    assert_string_equal(out, text);
    free(out);
    memset(text, 'o', 256);
    snprintf(text + 256, sizeof(text) - 256, "\n8\n%s", ROOT8);
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_parse(&cp, text, strlen(text), &err), LDG_EINVAL);
    assert_string_equal(err.message, "checkpoint origin is longer than 255 bytes");
}

static void test_checkpoint_text_refuses_bad_fields(void **state)
{
    ldg_checkpoint cp;
    ldg_error err;
    char *out;

    (void)state;
    memset(&cp, 0, sizeof(cp));
    cp.size = 8;
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_text(&out, &cp, &err), LDG_EINVAL);
    assert_null(out);
    assert_string_equal(err.message, "checkpoint origin is empty");

    snprintf(cp.origin, sizeof(cp.origin), "a\nb");
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_text(&out, &cp, &err), LDG_EINVAL);
    assert_string_equal(err.message, "checkpoint origin contains a newline");

    snprintf(cp.origin, sizeof(cp.origin), "a\tb");
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_text(&out, &cp, &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "checkpoint origin contains control character 0x09 at byte 1");

    snprintf(cp.origin, sizeof(cp.origin), "a\xff");
    assert_int_equal(ldg_checkpoint_text(&out, &cp, NULL), LDG_EINVAL);

    memset(cp.origin, 'o', sizeof(cp.origin)); /* no NUL */
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_text(&out, &cp, &err), LDG_EINVAL);
    assert_string_equal(err.message, "checkpoint origin is longer than 255 bytes");

    snprintf(cp.origin, sizeof(cp.origin), "o");
    cp.size = (uint64_t)INT64_MAX + 1;
    ldg_error_clear(&err);
    assert_int_equal(ldg_checkpoint_text(&out, &cp, &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "checkpoint tree size 9223372036854775808 is out of range");
    cp.size = (uint64_t)INT64_MAX;
    assert_int_equal(ldg_checkpoint_text(&out, &cp, NULL), LDG_OK);
    assert_string_equal(out, "o\n9223372036854775807\n"
                             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_note_vectors_open_with_their_verifier_keys),
        cmocka_unit_test(test_note_vectors_resign_byte_exact_from_seed),
        cmocka_unit_test(test_note_two_signatures_by_either_or_both_known_keys),
        cmocka_unit_test(test_note_negative_vectors_rejected),
        cmocka_unit_test(test_note_signature_line_limit_is_100),
        cmocka_unit_test(test_note_unknown_cosignature_lines_are_ignored),
        cmocka_unit_test(test_note_same_name_or_same_id_alone_is_another_key),
        cmocka_unit_test(test_note_failed_known_signature_rejects_whole_note),
        cmocka_unit_test(test_note_known_key_with_wrong_signature_length_rejected),
        cmocka_unit_test(test_note_every_single_bit_flip_rejected),
        cmocka_unit_test(test_note_flipped_text_or_signature_messages),
        cmocka_unit_test(test_note_malformed_rejected),
        cmocka_unit_test(test_note_nul_byte_rejected),
        cmocka_unit_test(test_note_blank_lines_split_at_the_last),
        cmocka_unit_test(test_note_size_limit_is_exact),
        cmocka_unit_test(test_note_sign_refuses_bad_text),
        cmocka_unit_test(test_note_sign_then_open_generated_key),
        cmocka_unit_test(test_checkpoint_parse_vectors),
        cmocka_unit_test(test_checkpoint_text_reproduces_vectors),
        cmocka_unit_test(test_checkpoint_from_opened_signed_note),
        cmocka_unit_test(test_checkpoint_parse_sizes),
        cmocka_unit_test(test_checkpoint_parse_refuses_malformed),
        cmocka_unit_test(test_checkpoint_parse_extension_lines_ignored),
        cmocka_unit_test(test_checkpoint_origin_length_limit),
        cmocka_unit_test(test_checkpoint_text_refuses_bad_fields),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
