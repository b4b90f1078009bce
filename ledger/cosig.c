/*
 * C2SP tlog-cosignature/v1 with Ed25519 (cosig.h). The Ed25519 work is keys.c's; this
 * file builds the message, the key id with the cosignature type byte, and the line.
 *
 * Strict like note.c: a line is a cosignature only when its base64 is canonical and
 * decodes to exactly key id, timestamp and signature; anything else is refused, not
 * guessed at. A timestamp above 2^63 - 1 is refused (the spec's MUST).
 */
#include "ledger/cosig.h"

#include "ledger/note.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EM_DASH_SP     "\xe2\x80\x94 "
#define EM_DASH_SP_LEN 4
#define HEADER         "cosignature/v1\n"

ldg_code ldg_cosig_key_id(uint32_t *out, const char *name,
                          const uint8_t pub[LDG_ED25519_LEN], ldg_error *err)
{
    size_t nlen = strlen(name);
    ldg_code rc = ldg_key_name_check(name, nlen, err);

    *out = 0;
    return rc == LDG_OK ? ldg_key_id_typed(out, name, nlen, LDG_COSIG_TYPE, pub, err)
                        : rc;
}

ldg_code ldg_cosig_key_of(ldg_cosig_key *out, const ldg_signer *s, ldg_error *err)
{
    memset(out, 0, sizeof(*out));
    snprintf(out->name, sizeof(out->name), "%s", ldg_signer_name(s));
    memcpy(out->pub, ldg_signer_public(s), LDG_ED25519_LEN);
    return ldg_cosig_key_id(&out->id, out->name, out->pub, err);
}

static int hex8(uint32_t *out, const char *p)
{
    uint32_t v = 0;

    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

        if (d < 0)
            return -1;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return 0;
}

ldg_code ldg_cosig_key_parse(ldg_cosig_key *out, const char *vkey, ldg_error *err)
{
    const char *plus = strchr(vkey, '+');
    uint8_t raw[48];
    uint32_t want = 0;
    size_t n = 0, name_len;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (!plus)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid witness key: expected \"name+keyid+key\"");
    name_len = (size_t)(plus - vkey);
    rc = ldg_key_name_check(vkey, name_len, err);
    if (rc != LDG_OK)
        return rc;
    if (strnlen(plus + 1, 9) < 9 || hex8(&want, plus + 1) != 0 || plus[9] != '+')
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid witness key: key id is not 8 lowercase hex digits");
    if (ldg_b64_decode(raw, sizeof(raw), &n, plus + 10, strlen(plus + 10)) != 0 ||
        n != 1 + LDG_ED25519_LEN)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid witness key: key is not 33 bytes of base64");
    if (raw[0] != LDG_COSIG_TYPE)
        return ldg_error_set(err, LDG_EINVAL,
                             "invalid witness key: signature type 0x%02x is not 0x04"
                             " (an Ed25519 cosignature/v1 key)",
                             raw[0]);
    memcpy(out->name, vkey, name_len);
    memcpy(out->pub, raw + 1, LDG_ED25519_LEN);
    rc = ldg_cosig_key_id(&out->id, out->name, out->pub, err);
    if (rc == LDG_OK && out->id != want)
        rc = ldg_error_set(
            err, LDG_EINVAL,
            "invalid witness key: key id %08" PRIx32 " does not match the key", want);
    return rc;
}

ldg_code ldg_cosig_key_format(char *buf, size_t size, const ldg_cosig_key *k,
                              ldg_error *err)
{
    uint8_t raw[1 + LDG_ED25519_LEN];
    char b64[LDG_B64_LEN(sizeof(raw)) + 1];
    int r;

    raw[0] = LDG_COSIG_TYPE;
    memcpy(raw + 1, k->pub, LDG_ED25519_LEN);
    ldg_b64_encode(b64, raw, sizeof(raw));
    r = snprintf(buf, size, "%s+%08" PRIx32 "+%s", k->name, k->id, b64);
    if (r < 0 || (size_t)r >= size)
        return ldg_error_set(err, LDG_EINVAL, "witness key does not fit the buffer");
    return LDG_OK;
}

ldg_code ldg_cosig_message(char **out, size_t *len, const char *body, size_t body_len,
                           uint64_t time, ldg_error *err)
{
    char head[64];
    ldg_checkpoint cp;
    ldg_code rc;
    int h;

    *out = NULL;
    *len = 0;
    if (time > INT64_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "cosignature timestamp %" PRIu64 " is out of range", time);
    rc = ldg_checkpoint_parse(&cp, body, body_len, err);
    if (rc != LDG_OK)
        return rc;
    h = snprintf(head, sizeof(head), HEADER "time %" PRIu64 "\n", time);
    *out = malloc((size_t)h + body_len);
    if (!*out)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    memcpy(*out, head, (size_t)h);
    memcpy(*out + h, body, body_len);
    *len = (size_t)h + body_len;
    return LDG_OK;
}

ldg_code ldg_cosig_sign(ldg_cosig *out, const char *body, size_t body_len, uint64_t time,
                        const ldg_signer *s, ldg_error *err)
{
    ldg_cosig_key k;
    char *msg = NULL;
    size_t len = 0;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    rc = ldg_cosig_key_of(&k, s, err);
    if (rc == LDG_OK)
        rc = ldg_cosig_message(&msg, &len, body, body_len, time, err);
    if (rc == LDG_OK)
        rc = ldg_signer_sign(out->sig, s, msg, len, err);
    free(msg);
    if (rc != LDG_OK)
        return rc;
    memcpy(out->name, k.name, sizeof(out->name));
    out->id = k.id;
    out->time = time;
    return LDG_OK;
}

int ldg_cosig_by(const ldg_cosig *c, const ldg_cosig_key *k)
{
    return c->id == k->id && strcmp(c->name, k->name) == 0;
}

ldg_code ldg_cosig_verify(const ldg_cosig *c, const ldg_cosig_key *k, const char *body,
                          size_t body_len, ldg_error *err)
{
    ldg_verifier *v = NULL;
    char *msg = NULL;
    size_t len = 0;
    ldg_code rc;

    if (!ldg_cosig_by(c, k))
        return ldg_error_set(err, LDG_EINVAL,
                             "cosignature by \"%s\" (id %08" PRIx32
                             ") is not by witness key \"%s\" (id %08" PRIx32 ")",
                             c->name, c->id, k->name, k->id);
    rc = ldg_cosig_message(&msg, &len, body, body_len, c->time, err);
    if (rc == LDG_OK)
        rc = ldg_verifier_from_raw(&v, k->name, k->pub, err);
    if (rc == LDG_OK && ldg_verifier_verify(v, msg, len, c->sig, NULL) != LDG_OK)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "cosignature by witness key \"%s\" (id %08" PRIx32
                           ") does not verify",
                           k->name, k->id);
    ldg_verifier_free(v);
    free(msg);
    return rc;
}

ldg_code ldg_cosig_format(char *buf, size_t size, const ldg_cosig *c, ldg_error *err)
{
    uint8_t raw[LDG_COSIG_PAYLOAD_LEN];
    char b64[LDG_B64_LEN(LDG_COSIG_PAYLOAD_LEN) + 1];
    int r;

    for (int i = 0; i < 4; i++)
        raw[i] = (uint8_t)(c->id >> (24 - 8 * i));
    for (int i = 0; i < 8; i++)
        raw[4 + i] = (uint8_t)(c->time >> (56 - 8 * i));
    memcpy(raw + 12, c->sig, LDG_SIG_LEN);
    ldg_b64_encode(b64, raw, sizeof(raw));
    r = snprintf(buf, size, EM_DASH_SP "%s %s\n", c->name, b64);
    if (r < 0 || (size_t)r >= size)
        return ldg_error_set(err, LDG_EINVAL, "cosignature line does not fit the buffer");
    return LDG_OK;
}

ldg_code ldg_cosig_parse(ldg_cosig *out, const char *line, size_t len, ldg_error *err)
{
    uint8_t raw[LDG_COSIG_PAYLOAD_LEN + 3];
    const char *name, *sp;
    size_t n = 0, name_len;
    uint64_t t = 0;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len < EM_DASH_SP_LEN || memcmp(line, EM_DASH_SP, EM_DASH_SP_LEN) != 0)
        return ldg_error_set(
            err, LDG_EINVAL,
            "cosignature line does not begin with an em dash and a space");
    name = line + EM_DASH_SP_LEN;
    sp = memchr(name, ' ', len - EM_DASH_SP_LEN);
    if (!sp)
        return ldg_error_set(err, LDG_EINVAL, "cosignature line has no signature");
    name_len = (size_t)(sp - name);
    rc = ldg_key_name_check(name, name_len, err);
    if (rc != LDG_OK)
        return rc;
    if (ldg_b64_decode(raw, sizeof(raw), &n, sp + 1, len - (size_t)(sp + 1 - line)) !=
            0 ||
        n != LDG_COSIG_PAYLOAD_LEN)
        return ldg_error_set(err, LDG_EINVAL,
                             "signature line is not a cosignature: not base64 of %d bytes"
                             " (key id, timestamp, Ed25519 signature)",
                             LDG_COSIG_PAYLOAD_LEN);
    for (int i = 0; i < 8; i++)
        t = t << 8 | raw[4 + i];
    if (t > INT64_MAX)
        return ldg_error_set(err, LDG_EINVAL, "cosignature timestamp is above 2^63 - 1");
    memcpy(out->name, name, name_len);
    out->id = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8 |
              (uint32_t)raw[3];
    out->time = t;
    memcpy(out->sig, raw + 12, LDG_SIG_LEN);
    return LDG_OK;
}

ldg_code ldg_cosig_each(const char *note, size_t len, ldg_cosig_fn fn, void *ctx,
                        ldg_error *err)
{
    size_t body_len = 0, at = 0;
    const char *p, *end = note + len, *nl;
    ldg_cosig c;
    ldg_code rc = ldg_note_split(&body_len, &at, note, len, err);

    for (p = note + at; rc == LDG_OK && p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            nl = end - 1; /* a last line without its '\n': parse as it is, then stop */
        if (ldg_cosig_parse(&c, p, (size_t)(nl - p) + (*nl != '\n'), NULL) == LDG_OK)
            rc = fn(ctx, &c, err);
    }
    return rc;
}
