/*
 * Unit tests for ledger/keyring.c: the bytes a rotation signs, every reason a rotation
 * entry is refused, which key may sign a checkpoint of which size (and when), and the
 * process protection that keeps keys out of core dumps.
 *
 * Keys come from fixed seeds, so signatures are deterministic; entries that the
 * builder would refuse to make (renames, wrong signers) are crafted here by signing
 * whatever data a test needs with ldg_entry_doc_bytes, the encoder of log entries.
 */
#include "ledger/keyring.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ledger/buf.h"
#include "ledger/entry.h"
#include "ledger/note.h"

#include <openssl/evp.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define TENANT "anthropic"
#define WHEN1  "2026-12-01T00:00:01Z"
#define WHEN2  "2027-01-01T00:00:00Z"

typedef struct fixture {
    ldg_signer *a, *b, *c, *stranger, *other_name;
    ldg_verifier *va, *vb, *vc, *vstranger, *vother;
    char ka[LDG_VERIFIER_KEY_MAX], kb[LDG_VERIFIER_KEY_MAX], kc[LDG_VERIFIER_KEY_MAX];
    char kstranger[LDG_VERIFIER_KEY_MAX], kother[LDG_VERIFIER_KEY_MAX];
} fixture;

static void key_from(ldg_signer **s, ldg_verifier **v, char *vkey, const char *name,
                     uint8_t fill)
{
    uint8_t seed[32];

    memset(seed, fill, sizeof(seed));
    assert_int_equal(ldg_signer_from_seed(s, name, seed, NULL), LDG_OK);
    assert_int_equal(ldg_signer_verifier(v, *s, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_format(vkey, LDG_VERIFIER_KEY_MAX, *v, NULL), LDG_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    key_from(&f->a, &f->va, f->ka, "op.example/ledger", 1);
    key_from(&f->b, &f->vb, f->kb, "op.example/ledger", 2);
    key_from(&f->c, &f->vc, f->kc, "op.example/ledger", 3);
    key_from(&f->stranger, &f->vstranger, f->kstranger, "op.example/ledger", 4);
    key_from(&f->other_name, &f->vother, f->kother, "other.example/ledger", 5);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;

    ldg_signer_free(f->a);
    ldg_signer_free(f->b);
    ldg_signer_free(f->c);
    ldg_signer_free(f->stranger);
    ldg_signer_free(f->other_name);
    ldg_verifier_free(f->va);
    ldg_verifier_free(f->vb);
    ldg_verifier_free(f->vc);
    ldg_verifier_free(f->vstranger);
    ldg_verifier_free(f->vother);
    free(f);
    return 0;
}

/* The canonical bytes of the entry at seq of tenant with data (no signature). */
static void entry_bytes(ldg_buf *out, const char *tenant, int64_t seq, const json_t *data)
{
    ldg_buf_reset(out);
    assert_int_equal(ldg_entry_doc_bytes(out, tenant, seq, "key", data, NULL), LDG_OK);
}

/*
 * A rotation entry's canonical bytes with the given fields, its signature by signer
 * over the entry without it (then `tamper`, if given, replaces "effective" after
 * signing). signature_b64 overrides the signature when not NULL.
 */
static void craft(ldg_buf *out, const char *tenant, int64_t seq, const ldg_signer *signer,
                  const char *old, const char *new_key, const char *effective,
                  const char *tamper, const char *signature_b64)
{
    json_t *data =
        json_pack("{s:s, s:s, s:s}", "effective", effective, "new", new_key, "old", old);
    uint8_t sig[LDG_SIG_LEN];
    char b64[89];
    ldg_buf msg = { 0 };

    assert_non_null(data);
    entry_bytes(&msg, tenant, seq, data);
    assert_int_equal(ldg_signer_sign(sig, signer, msg.data, msg.len, NULL), LDG_OK);
    EVP_EncodeBlock((unsigned char *)b64, sig, LDG_SIG_LEN);
    json_object_set_new(data, "signature",
                        json_string(signature_b64 ? signature_b64 : b64));
    if (tamper)
        json_object_set_new(data, "effective", json_string(tamper));
    entry_bytes(out, tenant, seq, data);
    ldg_buf_cleanup(&msg);
    json_decref(data);
}

/* Takes crafted bytes; returns the code and copies the message into msg (256). */
static ldg_code take(ldg_keyring *kr, const char *tenant, int64_t seq, const ldg_buf *b,
                     char *msg)
{
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_keyring_take(kr, tenant, seq, b->data, b->len, &e);
    if (msg)
        snprintf(msg, 256, "%s", e.message);
    return rc;
}

static ldg_keyring *ring(ldg_verifier *const *anchors, size_t n)
{
    ldg_keyring *kr = NULL;

    assert_int_equal(ldg_keyring_new(&kr, anchors, n, NULL), LDG_OK);
    return kr;
}

/* A keyring trusting A that took the rotation A -> B at seq 10, effective WHEN1. */
static ldg_keyring *rotated_ab(fixture *f)
{
    ldg_keyring *kr = ring(&f->va, 1);
    ldg_buf b = { 0 };

    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, NULL);
    assert_int_equal(take(kr, TENANT, 10, &b, NULL), LDG_OK);
    ldg_buf_cleanup(&b);
    return kr;
}

static void expect_refused(ldg_keyring *kr, int64_t seq, const ldg_buf *b,
                           const char *reason)
{
    char msg[256];
    size_t before = ldg_keyring_count(kr);

    assert_int_equal(take(kr, TENANT, seq, b, msg), LDG_EINVAL);
    if (!strstr(msg, reason))
        fail_msg("message \"%s\" lacks \"%s\"", msg, reason);
    assert_int_equal(ldg_keyring_count(kr), before); /* not applied */
}

/* --- building ------------------------------------------------------------------- */

static void test_keyring_rotation_data_signs_entry_without_signature(void **state)
{
    fixture *f = *state;
    json_t *data = NULL, *rest;
    ldg_buf msg = { 0 };
    char expected[1024];
    uint8_t sig[LDG_SIG_LEN];
    unsigned char raw[66];
    ldg_time when = 0;

    assert_int_equal(ldg_time_parse_str(&when, WHEN1, NULL), LDG_OK);
    assert_int_equal(ldg_keyring_rotation_data(&data, TENANT, 7, f->a, f->vb, when, NULL),
                     LDG_OK);
    assert_int_equal(json_object_size(data), 4);
    assert_string_equal(json_string_value(json_object_get(data, "old")), f->ka);
    assert_string_equal(json_string_value(json_object_get(data, "new")), f->kb);
    assert_string_equal(json_string_value(json_object_get(data, "effective")), WHEN1);
    assert_int_equal(strlen(json_string_value(json_object_get(data, "signature"))), 88);

    /* exactly these bytes are signed: the entry, members sorted, no signature */
    rest = json_copy(data);
    json_object_del(rest, "signature");
    entry_bytes(&msg, TENANT, 7, rest);
    snprintf(expected, sizeof(expected),
             "{\"data\":{\"effective\":\"%s\",\"new\":\"%s\",\"old\":\"%s\"},"
             "\"kind\":\"key\",\"seq\":7,\"tenant\":\"%s\",\"v\":1}",
             WHEN1, f->kb, f->ka, TENANT);
    assert_string_equal(msg.data, expected);
    assert_int_equal(EVP_DecodeBlock(raw,
                                     (const unsigned char *)json_string_value(
                                         json_object_get(data, "signature")),
                                     88),
                     66);
    memcpy(sig, raw, LDG_SIG_LEN);
    assert_int_equal(ldg_verifier_verify(f->va, msg.data, msg.len, sig, NULL), LDG_OK);
    assert_int_equal(ldg_verifier_verify(f->vb, msg.data, msg.len, sig, NULL),
                     LDG_EINVAL);
    /* deterministic: Ed25519 signs the same bytes the same way */
    {
        json_t *again = NULL;

        assert_int_equal(
            ldg_keyring_rotation_data(&again, TENANT, 7, f->a, f->vb, when, NULL),
            LDG_OK);
        assert_true(json_equal(again, data));
        json_decref(again);
    }
    ldg_buf_cleanup(&msg);
    json_decref(rest);
    json_decref(data);
}

static void test_keyring_rotation_data_refuses_rename_and_same_key(void **state)
{
    fixture *f = *state;
    json_t *data = NULL;
    ldg_error e;

    ldg_error_clear(&e);
    assert_int_equal(ldg_keyring_rotation_data(&data, TENANT, 1, f->a, f->vother, 0, &e),
                     LDG_EINVAL);
    assert_null(data);
    assert_non_null(strstr(e.message, "a rotation keeps the name"));
    ldg_error_clear(&e);
    assert_int_equal(ldg_keyring_rotation_data(&data, TENANT, 1, f->a, f->va, 0, &e),
                     LDG_EINVAL);
    assert_null(data);
    assert_string_equal(e.message, "the new key is the key in force");
}

/* --- taking rotation entries ------------------------------------------------------ */

static void test_keyring_take_built_entry_moves_key_in_force(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = ring(&f->va, 1);
    json_t *data = NULL;
    ldg_buf b = { 0 };

    assert_null(ldg_keyring_in_force(kr, 100));
    assert_int_equal(ldg_keyring_rotation_data(&data, TENANT, 10, f->a, f->vb, 1, NULL),
                     LDG_OK);
    entry_bytes(&b, TENANT, 10, data);
    assert_int_equal(take(kr, TENANT, 10, &b, NULL), LDG_OK);
    assert_int_equal(ldg_keyring_count(kr), 1);
    /* trees of up to 10 entries do not contain the rotation (seq 10) */
    assert_ptr_not_equal(ldg_keyring_in_force(kr, 10), NULL);
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 0)),
                     ldg_verifier_key_id(f->va));
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 10)),
                     ldg_verifier_key_id(f->va));
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 11)),
                     ldg_verifier_key_id(f->vb));
    ldg_keyring_reset(kr);
    assert_int_equal(ldg_keyring_count(kr), 0);
    assert_null(ldg_keyring_in_force(kr, 11));
    ldg_buf_cleanup(&b);
    json_decref(data);
    ldg_keyring_free(kr);
}

static void test_keyring_take_chain_of_two(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_buf b = { 0 };

    craft(&b, TENANT, 20, f->b, f->kb, f->kc, WHEN2, NULL, NULL);
    assert_int_equal(take(kr, TENANT, 20, &b, NULL), LDG_OK);
    assert_int_equal(ldg_keyring_count(kr), 2);
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 5)),
                     ldg_verifier_key_id(f->va));
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 15)),
                     ldg_verifier_key_id(f->vb));
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 20)),
                     ldg_verifier_key_id(f->vb));
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 21)),
                     ldg_verifier_key_id(f->vc));
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_malformed_entries(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = ring(&f->va, 1);
    ldg_buf b = { 0 };
    json_t *d;

    ldg_buf_puts(&b, "{\"data\":", NULL);
    expect_refused(kr, 10, &b, "rotation entry is not valid JSON");

    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, NULL);
    expect_refused(kr, 11, &b, "rotation entry carries another seq");
    assert_int_equal(take(kr, "beta", 10, &b, NULL), LDG_EINVAL); /* replayed elsewhere */

    d = json_pack("{s:s, s:s, s:s}", "effective", WHEN1, "new", f->kb, "old", f->ka);
    ldg_buf_reset(&b);
    assert_int_equal(ldg_entry_doc_bytes(&b, TENANT, 10, "contract", d, NULL), LDG_OK);
    expect_refused(kr, 10, &b, "entry is not of kind \"key\"");
    entry_bytes(&b, TENANT, 10, d); /* no signature member */
    expect_refused(kr, 10, &b, "must hold exactly the strings");
    json_object_set_new(d, "signature", json_string("x"));
    json_object_set_new(d, "reason", json_string("leak"));
    entry_bytes(&b, TENANT, 10, d); /* one member too many */
    expect_refused(kr, 10, &b, "must hold exactly the strings");
    json_decref(d);

    ldg_buf_reset(&b);
    ldg_buf_puts(
        &b, "{\"data\":{},\"kind\":\"key\",\"seq\":10,\"tenant\":\"anthropic\",\"v\":2}",
        NULL);
    expect_refused(kr, 10, &b, "not a version 1 entry");

    craft(&b, TENANT, 10, f->a, "op.example/ledger+00000000+AAAA", f->kb, WHEN1, NULL,
          NULL);
    expect_refused(kr, 10, &b, "invalid verifier key");
    craft(&b, TENANT, 10, f->a, f->ka, f->kb, "2026-12-01T00:00:01+01:00", NULL, NULL);
    expect_refused(kr, 10, &b, "\"2026-12-01T00:00:01+01:00\"");

    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_bad_signature_encoding(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = ring(&f->va, 1);
    ldg_buf b = { 0 };
    char sig[128];

    /* 64 zero bytes: "AAAA...AA==" ends "AA==", its non-canonical twin "AB==" */
    memset(sig, 'A', 86);
    memcpy(sig + 86, "==", 3);
    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, sig);
    expect_refused(kr, 10, &b,
                   "rotation signature by key"); /* decodes, does not verify */
    sig[85] = 'B';
    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, sig);
    expect_refused(kr, 10, &b, "not 64 bytes of canonical base64");
    sig[85] = 'A';
    sig[86] = '\0'; /* 86 characters: no padding */
    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, sig);
    expect_refused(kr, 10, &b, "not 64 bytes of canonical base64");
    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, "");
    expect_refused(kr, 10, &b, "not 64 bytes of canonical base64");
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_rename_and_same_key(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = ring(&f->va, 1);
    ldg_buf b = { 0 };

    craft(&b, TENANT, 10, f->a, f->ka, f->kother, WHEN1, NULL, NULL);
    expect_refused(kr, 10, &b,
                   "rotation renames the key from \"op.example/ledger\" to"
                   " \"other.example/ledger\"");
    craft(&b, TENANT, 10, f->a, f->ka, f->ka, WHEN1, NULL, NULL);
    expect_refused(kr, 10, &b, "rotation names the same key twice");
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_untrusted_or_forged_signer(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = ring(&f->va, 1);
    ldg_buf b = { 0 };
    char want[256];

    /* the stranger names itself as old: not an anchor */
    craft(&b, TENANT, 10, f->stranger, f->kstranger, f->kb, WHEN1, NULL, NULL);
    snprintf(want, sizeof(want), "(id %08x), which is not a trusted key",
             (unsigned)ldg_verifier_key_id(f->vstranger));
    expect_refused(kr, 10, &b, want);
    /* the stranger names A as old and signs itself */
    craft(&b, TENANT, 10, f->stranger, f->ka, f->kb, WHEN1, NULL, NULL);
    expect_refused(kr, 10, &b, "does not verify");
    /* A signed, then the effective instant was changed */
    craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, WHEN2, NULL);
    expect_refused(kr, 10, &b, "does not verify");
    /* a keyring without anchors trusts no rotation */
    {
        ldg_keyring *none = ring(NULL, 0);

        craft(&b, TENANT, 10, f->a, f->ka, f->kb, WHEN1, NULL, NULL);
        expect_refused(none, 10, &b, "which is not a trusted key");
        ldg_keyring_free(none);
    }
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_retired_signer(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_buf b = { 0 };
    char want[256];

    /* a leaked A tries to rotate to its own key after A -> B */
    craft(&b, TENANT, 20, f->a, f->ka, f->kstranger, WHEN2, NULL, NULL);
    snprintf(want, sizeof(want), "(id %08x), which was rotated out at seq 10",
             (unsigned)ldg_verifier_key_id(f->va));
    expect_refused(kr, 20, &b, want);
    /* a key never in force in this log, even though it is valid */
    craft(&b, TENANT, 20, f->c, f->kc, f->kstranger, WHEN2, NULL, NULL);
    snprintf(want, sizeof(want), "but the key in force is id %08x (since seq 10)",
             (unsigned)ldg_verifier_key_id(f->vb));
    expect_refused(kr, 20, &b, want);
    assert_int_equal(ldg_verifier_key_id(ldg_keyring_in_force(kr, 21)),
                     ldg_verifier_key_id(f->vb));
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_bringing_back_a_retired_key(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_buf b = { 0 };

    craft(&b, TENANT, 20, f->b, f->kb, f->ka, WHEN2, NULL, NULL);
    expect_refused(kr, 20, &b, "which was rotated out at seq 10");
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

static void test_keyring_take_refuses_time_and_order_going_back(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_buf b = { 0 };

    craft(&b, TENANT, 20, f->b, f->kb, f->kc, "2026-12-01T00:00:00Z", NULL, NULL);
    expect_refused(kr, 20, &b,
                   "rotation is effective at 2026-12-01T00:00:00Z, before the previous"
                   " one (2026-12-01T00:00:01Z)");
    craft(&b, TENANT, 9, f->b, f->kb, f->kc, WHEN2, NULL, NULL);
    expect_refused(kr, 9, &b, "rotation at seq 9 taken out of order");
    /* the same instant as the previous rotation is allowed */
    craft(&b, TENANT, 20, f->b, f->kb, f->kc, WHEN1, NULL, NULL);
    assert_int_equal(take(kr, TENANT, 20, &b, NULL), LDG_OK);
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

/* --- opening checkpoints ------------------------------------------------------------ */

/* A checkpoint note of size for TENANT signed by s1 (and cosigned by s2 if given). */
static char *note_of(int64_t size, const ldg_signer *s1, const ldg_signer *s2)
{
    ldg_checkpoint cp;
    char *text = NULL, *n1 = NULL, *n2 = NULL, *both;
    size_t tl;

    memset(&cp, 0, sizeof(cp));
    snprintf(cp.origin, sizeof(cp.origin), "op.example/ledger/%s", TENANT);
    cp.size = (uint64_t)size;
    memset(cp.root.b, 0x5a, sizeof(cp.root.b));
    assert_int_equal(ldg_checkpoint_text(&text, &cp, NULL), LDG_OK);
    assert_int_equal(ldg_note_sign(&n1, text, s1, NULL), LDG_OK);
    if (!s2) {
        free(text);
        return n1;
    }
    assert_int_equal(ldg_note_sign(&n2, text, s2, NULL), LDG_OK);
    tl = strlen(text) + 1; /* the text and the blank line */
    both = malloc(strlen(n1) + strlen(n2) - tl + 1);
    assert_non_null(both);
    memcpy(both, n1, strlen(n1));
    memcpy(both + strlen(n1), n2 + tl, strlen(n2) - tl + 1);
    free(text);
    free(n1);
    free(n2);
    return both;
}

/* ldg_keyring_open on a fresh note; returns the code, message into msg. */
static ldg_code open_note(const ldg_keyring *kr, int64_t size, ldg_time signed_at,
                          const ldg_signer *s1, const ldg_signer *s2, char *msg)
{
    char *note = note_of(size, s1, s2);
    size_t text_len = 99;
    ldg_error e;
    ldg_code rc;

    ldg_error_clear(&e);
    rc = ldg_keyring_open(&text_len, kr, size, signed_at, note, strlen(note), &e);
    if (rc ==
        LDG_OK) /* the text: up to and including the newline before the blank line */
        assert_int_equal(text_len, (size_t)(strstr(note, "\n\n") - note) + 1);
    else
        assert_int_equal(text_len, 0);
    if (msg)
        snprintf(msg, 256, "%s", e.message);
    free(note);
    return rc;
}

static void expect_open_refused(const ldg_keyring *kr, int64_t size, ldg_time signed_at,
                                const ldg_signer *s1, const ldg_signer *s2,
                                const char *reason)
{
    char msg[256];

    assert_int_equal(open_note(kr, size, signed_at, s1, s2, msg), LDG_EINVAL);
    if (!strstr(msg, reason))
        fail_msg("message \"%s\" lacks \"%s\"", msg, reason);
}

static void test_keyring_open_without_rotation_any_anchor(void **state)
{
    fixture *f = *state;
    ldg_verifier *anchors[2] = { f->va, f->vb };
    ldg_keyring *kr = ring(anchors, 2);

    assert_int_equal(open_note(kr, 5, 0, f->a, NULL, NULL), LDG_OK);
    assert_int_equal(open_note(kr, 5, 0, f->b, NULL, NULL), LDG_OK);
    expect_open_refused(kr, 5, 0, f->c, NULL, "no verifiable signature by a known key");
    ldg_keyring_free(kr);
}

static void test_keyring_open_old_key_before_rotation_new_key_after(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_time when = 0;

    assert_int_equal(ldg_time_parse_str(&when, WHEN1, NULL), LDG_OK);
    /* old checkpoints keep verifying with the old key */
    assert_int_equal(open_note(kr, 1, when - 1, f->a, NULL, NULL), LDG_OK);
    assert_int_equal(open_note(kr, 10, when - 1, f->a, NULL, NULL), LDG_OK);
    assert_int_equal(open_note(kr, 10, LDG_KEYRING_NO_TIME, f->a, NULL, NULL), LDG_OK);
    /* a tree that contains the rotation (size 11 holds seq 10) needs the new key */
    assert_int_equal(open_note(kr, 11, when, f->b, NULL, NULL), LDG_OK);
    assert_int_equal(open_note(kr, 11, LDG_KEYRING_NO_TIME, f->b, NULL, NULL), LDG_OK);
    ldg_keyring_free(kr);
}

static void test_keyring_open_refuses_old_key_over_rotation(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    char want[256];

    snprintf(want, sizeof(want),
             "signed by key \"op.example/ledger\" (id %08x), which was rotated out at seq"
             " 10, inside this tree",
             (unsigned)ldg_verifier_key_id(f->va));
    expect_open_refused(kr, 11, LDG_KEYRING_NO_TIME, f->a, NULL, want);
    expect_open_refused(kr, 500, 0, f->a, NULL, want);
    /* cosigned by the new and the retired key: still refused */
    snprintf(want, sizeof(want), "also signed by key \"op.example/ledger\" (id %08x)",
             (unsigned)ldg_verifier_key_id(f->va));
    expect_open_refused(kr, 11, LDG_KEYRING_NO_TIME, f->b, f->a, want);
    expect_open_refused(kr, 11, LDG_KEYRING_NO_TIME, f->a, f->b, want);
    ldg_keyring_free(kr);
}

static void test_keyring_open_refuses_old_key_signing_after_effective(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_time when = 0;
    char want[256];

    assert_int_equal(ldg_time_parse_str(&when, WHEN1, NULL), LDG_OK);
    snprintf(want, sizeof(want),
             "signed at 2026-12-01T00:00:01Z by key \"op.example/ledger\" (id %08x),"
             " which was rotated out at seq 10 effective 2026-12-01T00:00:01Z",
             (unsigned)ldg_verifier_key_id(f->va));
    expect_open_refused(kr, 10, when, f->a, NULL, want);
    expect_open_refused(kr, 3, when + 86400, f->a, NULL,
                        "which was rotated out at seq 10");
    assert_int_equal(open_note(kr, 10, when - 1, f->a, NULL, NULL), LDG_OK);
    ldg_keyring_free(kr);
}

static void test_keyring_open_refuses_new_key_before_rotation(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    char want[256];

    snprintf(want, sizeof(want),
             "signed by key \"op.example/ledger\" (id %08x), which is in force only after"
             " seq 10",
             (unsigned)ldg_verifier_key_id(f->vb));
    expect_open_refused(kr, 10, LDG_KEYRING_NO_TIME, f->b, NULL, want);
    expect_open_refused(kr, 11, LDG_KEYRING_NO_TIME, f->c, NULL,
                        "no verifiable signature by a known key");
    ldg_keyring_free(kr);
}

static void test_keyring_open_chain_of_two(void **state)
{
    fixture *f = *state;
    ldg_keyring *kr = rotated_ab(f);
    ldg_time when2 = 0;
    ldg_buf b = { 0 };

    assert_int_equal(ldg_time_parse_str(&when2, WHEN2, NULL), LDG_OK);
    craft(&b, TENANT, 20, f->b, f->kb, f->kc, WHEN2, NULL, NULL);
    assert_int_equal(take(kr, TENANT, 20, &b, NULL), LDG_OK);
    assert_int_equal(open_note(kr, 10, 0, f->a, NULL, NULL), LDG_OK);
    assert_int_equal(open_note(kr, 15, when2 - 1, f->b, NULL, NULL), LDG_OK);
    expect_open_refused(kr, 15, when2, f->b, NULL, "which was rotated out at seq 20");
    assert_int_equal(open_note(kr, 21, when2, f->c, NULL, NULL), LDG_OK);
    expect_open_refused(kr, 21, when2, f->b, NULL, "which was rotated out at seq 20");
    expect_open_refused(kr, 21, when2, f->a, NULL, "which was rotated out at seq 10");
    expect_open_refused(kr, 15, 0, f->c, NULL, "which is in force only after seq 20");
    ldg_buf_cleanup(&b);
    ldg_keyring_free(kr);
}

/* --- the process ------------------------------------------------------------------ */

static void test_keyring_protect_process_disables_core_dumps(void **state)
{
    struct rlimit lim;

    (void)state;
    assert_int_equal(ldg_keyring_protect_process(NULL), LDG_OK);
    assert_int_equal(getrlimit(RLIMIT_CORE, &lim), 0);
    assert_true(lim.rlim_cur == 0);
    assert_true(lim.rlim_max == 0);
#ifdef __linux__
    assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
#endif
    /* idempotent */
    assert_int_equal(ldg_keyring_protect_process(NULL), LDG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyring_rotation_data_signs_entry_without_signature),
        cmocka_unit_test(test_keyring_rotation_data_refuses_rename_and_same_key),
        cmocka_unit_test(test_keyring_take_built_entry_moves_key_in_force),
        cmocka_unit_test(test_keyring_take_chain_of_two),
        cmocka_unit_test(test_keyring_take_refuses_malformed_entries),
        cmocka_unit_test(test_keyring_take_refuses_bad_signature_encoding),
        cmocka_unit_test(test_keyring_take_refuses_rename_and_same_key),
        cmocka_unit_test(test_keyring_take_refuses_untrusted_or_forged_signer),
        cmocka_unit_test(test_keyring_take_refuses_retired_signer),
        cmocka_unit_test(test_keyring_take_refuses_bringing_back_a_retired_key),
        cmocka_unit_test(test_keyring_take_refuses_time_and_order_going_back),
        cmocka_unit_test(test_keyring_open_without_rotation_any_anchor),
        cmocka_unit_test(test_keyring_open_old_key_before_rotation_new_key_after),
        cmocka_unit_test(test_keyring_open_refuses_old_key_over_rotation),
        cmocka_unit_test(test_keyring_open_refuses_old_key_signing_after_effective),
        cmocka_unit_test(test_keyring_open_refuses_new_key_before_rotation),
        cmocka_unit_test(test_keyring_open_chain_of_two),
        cmocka_unit_test(test_keyring_protect_process_disables_core_dumps),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
