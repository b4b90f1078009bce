/*
 * Key rotation rules (see keyring.h). A keyring is a list of trust anchors, borrowed,
 * and the rotations taken from one log, owned, in seq order. Every decision is made
 * from the entries themselves, never from the database's key table, so a verifier that
 * trusts one key can follow a chain of rotations from it and nothing else.
 *
 * The signature of a rotation covers the whole entry but its own field: the canonical
 * bytes come from ldg_entry_doc_bytes, the very encoder that writes log entries, over
 * the data with "signature" removed. Those bytes are a JSON object and never end in a
 * newline, so they can never be mistaken for the text of a signed note (which always
 * does), and a rotation signature is useless as a checkpoint signature and vice versa.
 *
 * Base64 of the signature is strict by re-encoding: decode, encode again, and require
 * the same characters, so each signature has exactly one accepted spelling.
 */
#include "ledger/keyring.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ledger/buf.h"
#include "ledger/entry.h"
#include "ledger/note.h"

#define SIG_B64_LEN 88 /* base64 of 64 bytes, padded */

typedef struct rotation {
    int64_t seq;
    ldg_time effective;
    ldg_verifier *old_key; /* owned */
    ldg_verifier *new_key; /* owned */
} rotation;

struct ldg_keyring {
    ldg_verifier **anchors; /* the array is ours, the verifiers are borrowed */
    size_t nanchors;
    rotation *rot;
    size_t nrot, cap;
};

ldg_code ldg_keyring_new(ldg_keyring **out, ldg_verifier *const *anchors, size_t nanchors,
                         ldg_error *err)
{
    ldg_keyring *kr = calloc(1, sizeof(*kr));

    *out = NULL;
    if (!kr)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (nanchors > 0) {
        kr->anchors = calloc(nanchors, sizeof(*kr->anchors));
        if (!kr->anchors) {
            free(kr);
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        }
        memcpy(kr->anchors, anchors, nanchors * sizeof(*kr->anchors));
    }
    kr->nanchors = nanchors;
    *out = kr;
    return LDG_OK;
}

void ldg_keyring_reset(ldg_keyring *kr)
{
    for (size_t i = 0; i < kr->nrot; i++) {
        ldg_verifier_free(kr->rot[i].old_key);
        ldg_verifier_free(kr->rot[i].new_key);
    }
    kr->nrot = 0;
}

void ldg_keyring_free(ldg_keyring *kr)
{
    if (!kr)
        return;
    ldg_keyring_reset(kr);
    free(kr->rot);
    free(kr->anchors);
    free(kr);
}

size_t ldg_keyring_count(const ldg_keyring *kr)
{
    return kr->nrot;
}

static int same_key(const ldg_verifier *a, const ldg_verifier *b)
{
    return strcmp(ldg_verifier_name(a), ldg_verifier_name(b)) == 0 &&
           memcmp(ldg_verifier_public(a), ldg_verifier_public(b), LDG_ED25519_LEN) == 0;
}

/* The rotation that retired key k, or NULL. */
static const rotation *retired_by(const ldg_keyring *kr, const ldg_verifier *k)
{
    for (size_t i = 0; i < kr->nrot; i++)
        if (same_key(kr->rot[i].old_key, k))
            return &kr->rot[i];
    return NULL;
}

/* Number of rotations inside a tree of size entries (seq < size). */
static size_t rotations_below(const ldg_keyring *kr, int64_t size)
{
    size_t k = 0;

    while (k < kr->nrot && kr->rot[k].seq < size)
        k++;
    return k;
}

const ldg_verifier *ldg_keyring_in_force(const ldg_keyring *kr, int64_t size)
{
    size_t k;

    if (kr->nrot == 0)
        return NULL;
    k = rotations_below(kr, size);
    return k > 0 ? kr->rot[k - 1].new_key : kr->rot[0].old_key;
}

/* Strict base64 of exactly 64 bytes into sig; 0 or -1. */
static int sig_decode(uint8_t sig[LDG_SIG_LEN], const char *s, size_t len)
{
    unsigned char raw[SIG_B64_LEN / 4 * 3];
    char again[SIG_B64_LEN + 1];

    if (len != SIG_B64_LEN ||
        EVP_DecodeBlock(raw, (const unsigned char *)s, SIG_B64_LEN) != (int)sizeof(raw))
        return -1;
    EVP_EncodeBlock((unsigned char *)again, raw, LDG_SIG_LEN);
    if (memcmp(again, s, SIG_B64_LEN) != 0)
        return -1;
    memcpy(sig, raw, LDG_SIG_LEN);
    return 0;
}

/* The canonical bytes a rotation signature covers: the entry without data.signature. */
static ldg_code signed_bytes(ldg_buf *out, const char *tenant, int64_t seq,
                             const json_t *data, ldg_error *err)
{
    json_t *rest = json_copy((json_t *)(uintptr_t)data); /* shallow: members shared */
    ldg_code rc;

    if (!rest)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    json_object_del(rest, "signature");
    rc = ldg_entry_doc_bytes(out, tenant, seq, LDG_KEYRING_KIND, rest, err);
    json_decref(rest);
    return rc;
}

static const char *member_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The parsed, not yet authorised, fields of a rotation entry. */
typedef struct parsed {
    ldg_verifier *old_key, *new_key;
    ldg_time effective;
    uint8_t sig[LDG_SIG_LEN];
    json_t *data; /* borrowed from the entry */
} parsed;

static ldg_code parse_entry(parsed *p, const json_t *j, const char *tenant, int64_t seq,
                            ldg_error *err)
{
    const json_t *data = json_object_get(j, "data");
    const char *s;
    ldg_code rc;

    if (!json_is_object(j) || json_object_size(j) != 5 ||
        json_integer_value(json_object_get(j, "v")) != 1 ||
        !json_is_integer(json_object_get(j, "v")))
        return ldg_error_set(err, LDG_EINVAL, "rotation entry is not a version 1 entry");
    s = member_str(j, "tenant");
    if (!s || strcmp(s, tenant) != 0)
        return ldg_error_set(err, LDG_EINVAL, "rotation entry names another tenant");
    if (!json_is_integer(json_object_get(j, "seq")) ||
        json_integer_value(json_object_get(j, "seq")) != seq)
        return ldg_error_set(err, LDG_EINVAL, "rotation entry carries another seq");
    s = member_str(j, "kind");
    if (!s || strcmp(s, LDG_KEYRING_KIND) != 0)
        return ldg_error_set(err, LDG_EINVAL, "entry is not of kind \"key\"");
    if (!json_is_object(data) || json_object_size(data) != 4 ||
        !member_str(data, "old") || !member_str(data, "new") ||
        !member_str(data, "effective") || !member_str(data, "signature"))
        return ldg_error_set(err, LDG_EINVAL,
                             "rotation entry data must hold exactly the strings"
                             " \"effective\", \"new\", \"old\" and \"signature\"");
    p->data = (json_t *)(uintptr_t)data;
    rc = ldg_verifier_parse(&p->old_key, member_str(data, "old"), err);
    if (rc != LDG_OK)
        return rc;
    rc = ldg_verifier_parse(&p->new_key, member_str(data, "new"), err);
    if (rc != LDG_OK)
        return rc;
    rc = ldg_time_parse_str(&p->effective, member_str(data, "effective"), err);
    if (rc != LDG_OK)
        return rc;
    s = member_str(data, "signature");
    if (sig_decode(p->sig, s, strlen(s)) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "rotation signature is not 64 bytes of canonical base64");
    if (strcmp(ldg_verifier_name(p->old_key), ldg_verifier_name(p->new_key)) != 0)
        return ldg_error_set(
            err, LDG_EINVAL, "rotation renames the key from \"%s\" to \"%s\"",
            ldg_verifier_name(p->old_key), ldg_verifier_name(p->new_key));
    if (same_key(p->old_key, p->new_key))
        return ldg_error_set(err, LDG_EINVAL, "rotation names the same key twice");
    return LDG_OK;
}

/* The trusted verifier that must have signed rotation p: the key in force. */
static ldg_code authority(const ldg_verifier **out, const ldg_keyring *kr,
                          const parsed *p, ldg_error *err)
{
    const rotation *r;

    *out = NULL;
    if (kr->nrot > 0) {
        const rotation *last = &kr->rot[kr->nrot - 1];

        if (same_key(p->old_key, last->new_key)) {
            *out = last->new_key;
            return LDG_OK;
        }
        r = retired_by(kr, p->old_key);
        if (r)
            return ldg_error_set(err, LDG_EINVAL,
                                 "rotation is signed by key \"%s\" (id %08" PRIx32
                                 "), which was rotated out at seq %" PRId64,
                                 ldg_verifier_name(p->old_key),
                                 ldg_verifier_key_id(p->old_key), r->seq);
        return ldg_error_set(
            err, LDG_EINVAL,
            "rotation is signed by key \"%s\" (id %08" PRIx32
            ") but the key in force is id %08" PRIx32 " (since seq %" PRId64 ")",
            ldg_verifier_name(p->old_key), ldg_verifier_key_id(p->old_key),
            ldg_verifier_key_id(last->new_key), last->seq);
    }
    for (size_t i = 0; i < kr->nanchors; i++)
        if (same_key(p->old_key, kr->anchors[i])) {
            *out = kr->anchors[i];
            return LDG_OK;
        }
    return ldg_error_set(err, LDG_EINVAL,
                         "rotation is signed by key \"%s\" (id %08" PRIx32
                         "), which is not a trusted key",
                         ldg_verifier_name(p->old_key), ldg_verifier_key_id(p->old_key));
}

ldg_code ldg_keyring_take(ldg_keyring *kr, const char *tenant, int64_t seq,
                          const char *body, size_t len, ldg_error *err)
{
    parsed p = { 0 };
    const ldg_verifier *trusted = NULL;
    const rotation *r;
    json_error_t jerr;
    json_t *j;
    ldg_buf msg = { 0 };
    char a[LDG_TIME_BUFLEN], b[LDG_TIME_BUFLEN];
    ldg_code rc;

    j = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j)
        return ldg_error_set(err, LDG_EINVAL, "rotation entry is not valid JSON: %s",
                             jerr.text);
    rc = parse_entry(&p, j, tenant, seq, err);
    if (rc == LDG_OK)
        rc = authority(&trusted, kr, &p, err);
    if (rc == LDG_OK && (r = retired_by(kr, p.new_key)) != NULL)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "rotation brings back key id %08" PRIx32
                           ", which was rotated out at seq %" PRId64,
                           ldg_verifier_key_id(p.new_key), r->seq);
    if (rc == LDG_OK && kr->nrot > 0 && seq <= kr->rot[kr->nrot - 1].seq)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "rotation at seq %" PRId64 " taken out of order", seq);
    if (rc == LDG_OK && kr->nrot > 0 && p.effective < kr->rot[kr->nrot - 1].effective)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "rotation is effective at %s, before the previous one (%s)",
                           ldg_time_format(a, p.effective),
                           ldg_time_format(b, kr->rot[kr->nrot - 1].effective));
    if (rc == LDG_OK)
        rc = signed_bytes(&msg, tenant, seq, p.data, err);
    if (rc == LDG_OK &&
        ldg_verifier_verify(trusted, msg.data, msg.len, p.sig, NULL) != LDG_OK)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "rotation signature by key \"%s\" (id %08" PRIx32
                           ") does not verify",
                           ldg_verifier_name(trusted), ldg_verifier_key_id(trusted));
    if (rc == LDG_OK && kr->nrot == kr->cap) {
        size_t cap = kr->cap ? kr->cap * 2 : 4;
        rotation *grown = realloc(kr->rot, cap * sizeof(*grown));

        if (!grown)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        else {
            kr->rot = grown;
            kr->cap = cap;
        }
    }
    if (rc == LDG_OK) {
        rotation *slot = &kr->rot[kr->nrot++];

        slot->seq = seq;
        slot->effective = p.effective;
        slot->old_key = p.old_key;
        slot->new_key = p.new_key;
        p.old_key = p.new_key = NULL;
    }
    ldg_buf_cleanup(&msg);
    ldg_verifier_free(p.old_key);
    ldg_verifier_free(p.new_key);
    json_decref(j);
    return rc;
}

/* Whether note carries a valid signature by k (and no bad one by k). */
static int signed_by(const ldg_verifier *k, const char *note, size_t len)
{
    ldg_verifier *const one[1] = { (ldg_verifier *)(uintptr_t)k };
    size_t text_len = 0;

    return ldg_note_open(&text_len, note, len, one, 1, NULL) == LDG_OK;
}

/* Why a note did not verify with the key in force, when another key of ours signed
 * it: a key rotated out before the tree's end, or one not yet in force. */
static ldg_code explain(const ldg_keyring *kr, int64_t size, const char *note, size_t len,
                        const ldg_error *why, ldg_error *err)
{
    for (size_t i = 0; i < kr->nrot; i++) {
        const rotation *r = &kr->rot[i];

        if (r->seq < size && signed_by(r->old_key, note, len))
            return ldg_error_set(
                err, LDG_EINVAL,
                "signed by key \"%s\" (id %08" PRIx32
                "), which was rotated out at seq %" PRId64 ", inside this tree",
                ldg_verifier_name(r->old_key), ldg_verifier_key_id(r->old_key), r->seq);
        if (r->seq >= size && signed_by(r->new_key, note, len))
            return ldg_error_set(err, LDG_EINVAL,
                                 "signed by key \"%s\" (id %08" PRIx32
                                 "), which is in force only after seq %" PRId64,
                                 ldg_verifier_name(r->new_key),
                                 ldg_verifier_key_id(r->new_key), r->seq);
    }
    return ldg_error_set(err, LDG_EINVAL, "%s", why->message);
}

ldg_code ldg_keyring_open(size_t *text_len, const ldg_keyring *kr, int64_t size,
                          ldg_time signed_at, const char *note, size_t len,
                          ldg_error *err)
{
    const ldg_verifier *in_force = ldg_keyring_in_force(kr, size);
    ldg_verifier *const one[1] = { (ldg_verifier *)(uintptr_t)in_force };
    size_t k = rotations_below(kr, size);
    char a[LDG_TIME_BUFLEN], b[LDG_TIME_BUFLEN];
    ldg_error e;
    ldg_code rc;

    *text_len = 0;
    if (!in_force)
        return ldg_note_open(text_len, note, len, kr->anchors, kr->nanchors, err);
    ldg_error_clear(&e);
    rc = ldg_note_open(text_len, note, len, one, 1, &e);
    if (rc != LDG_OK) {
        *text_len = 0;
        if (rc != LDG_EINVAL)
            return ldg_error_set(err, rc, "%s", e.message);
        return explain(kr, size, note, len, &e, err);
    }
    for (size_t i = 0; i < k; i++)
        if (signed_by(kr->rot[i].old_key, note, len)) {
            *text_len = 0;
            return ldg_error_set(err, LDG_EINVAL,
                                 "also signed by key \"%s\" (id %08" PRIx32
                                 "), which was rotated out at seq %" PRId64
                                 ", inside this tree",
                                 ldg_verifier_name(kr->rot[i].old_key),
                                 ldg_verifier_key_id(kr->rot[i].old_key), kr->rot[i].seq);
        }
    /* k < nrot: rotation k retires the key in force here (rot[k].old == in_force) */
    if (k < kr->nrot && signed_at != LDG_KEYRING_NO_TIME &&
        signed_at >= kr->rot[k].effective) {
        *text_len = 0;
        return ldg_error_set(err, LDG_EINVAL,
                             "signed at %s by key \"%s\" (id %08" PRIx32
                             "), which was rotated out at seq %" PRId64 " effective %s",
                             ldg_time_format(a, signed_at), ldg_verifier_name(in_force),
                             ldg_verifier_key_id(in_force), kr->rot[k].seq,
                             ldg_time_format(b, kr->rot[k].effective));
    }
    return LDG_OK;
}

ldg_code ldg_keyring_rotation_data(json_t **out, const char *tenant, int64_t seq,
                                   const ldg_signer *old, const ldg_verifier *new_key,
                                   ldg_time effective, ldg_error *err)
{
    char old_vkey[LDG_VERIFIER_KEY_MAX], new_vkey[LDG_VERIFIER_KEY_MAX];
    char when[LDG_TIME_BUFLEN], sig_b64[SIG_B64_LEN + 1];
    uint8_t sig[LDG_SIG_LEN];
    ldg_verifier *old_v = NULL;
    ldg_buf msg = { 0 };
    json_t *data = NULL;
    ldg_code rc;

    *out = NULL;
    rc = ldg_signer_verifier(&old_v, old, err);
    if (rc == LDG_OK && strcmp(ldg_verifier_name(old_v), ldg_verifier_name(new_key)) != 0)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the new key is named \"%s\" but the key in force is named"
                           " \"%s\": a rotation keeps the name",
                           ldg_verifier_name(new_key), ldg_verifier_name(old_v));
    if (rc == LDG_OK && same_key(old_v, new_key))
        rc = ldg_error_set(err, LDG_EINVAL, "the new key is the key in force");
    if (rc == LDG_OK)
        rc = ldg_verifier_format(old_vkey, sizeof(old_vkey), old_v, err);
    if (rc == LDG_OK)
        rc = ldg_verifier_format(new_vkey, sizeof(new_vkey), new_key, err);
    if (rc == LDG_OK) {
        data = json_pack("{s:s, s:s, s:s}", "effective", ldg_time_format(when, effective),
                         "new", new_vkey, "old", old_vkey);
        if (!data)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if (rc == LDG_OK)
        rc = ldg_entry_doc_bytes(&msg, tenant, seq, LDG_KEYRING_KIND, data, err);
    if (rc == LDG_OK)
        rc = ldg_signer_sign(sig, old, msg.data, msg.len, err);
    if (rc == LDG_OK) {
        EVP_EncodeBlock((unsigned char *)sig_b64, sig, LDG_SIG_LEN);
        if (json_object_set_new(data, "signature", json_string(sig_b64)) != 0)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if (rc == LDG_OK) {
        *out = data;
        data = NULL;
    }
    json_decref(data);
    ldg_buf_cleanup(&msg);
    ldg_verifier_free(old_v);
    return rc;
}

ldg_code ldg_keyring_protect_process(ldg_error *err)
{
    struct rlimit none = { 0, 0 };

    if (setrlimit(RLIMIT_CORE, &none) != 0)
        return ldg_error_set(err, LDG_EIO, "could not disable core dumps (setrlimit)");
#ifdef __linux__
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return ldg_error_set(err, LDG_EIO,
                             "could not make the process non-dumpable (prctl)");
#endif
    return LDG_OK;
}
