/*
 * C2SP signed notes (signed-note/v1.0.0) and tlog-checkpoint note text.
 *
 * Parsing is strict and all-or-nothing: a note is either opened whole or refused, and
 * anything the spec leaves loose is refused rather than guessed at (non-canonical
 * base64, a bare "\n" line inside the signature block, a signature line without its
 * newline). Following the spec, the text ends at the last blank line, signature lines
 * of keys we do not know are checked for form only and otherwise ignored (witness
 * cosignatures, later key types), and a known key whose signature fails rejects the
 * whole note even if another known key verified.
 *
 * Base64 is done here with EVP_EncodeBlock/EVP_DecodeBlock behind a strict check (the
 * same small helper as keys.c), so this module does not depend on merkle.c; only the
 * ldg_hash type is shared.
 */
#include "ledger/note.h"

#include "ledger/text.h"
#include "ledger/utf8.h"

#include <inttypes.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EM_DASH_SP     "\xe2\x80\x94 " /* U+2014 and a space: a signature line's start */
#define EM_DASH_SP_LEN 4
#define ROOT_B64_LEN   44
#define SIG_LINE_B64   (4 * ((4 + LDG_SIG_LEN + 2) / 3)) /* base64(keyid || sig) */

/* C2SP: valid UTF-8 and no ASCII control character (below U+0020) other than '\n'. */
static ldg_code check_text(const char *s, size_t len, const char *what, ldg_error *err)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, step;
    uint32_t cp;

    while (i < len) {
        if (p[i] < 0x20 && p[i] != '\n')
            return ldg_error_set(err, LDG_EINVAL,
                                 "%s contains control character 0x%02x at byte %zu", what,
                                 p[i], i);
        step = ldg_utf8_next(&cp, p + i, len - i);
        if (step == 0)
            return ldg_error_set(err, LDG_EINVAL, "%s is not valid UTF-8 at byte %zu",
                                 what, i);
        i += step;
    }
    return LDG_OK;
}

ldg_code ldg_checkpoint_text(char **out, const ldg_checkpoint *cp, ldg_error *err)
{
    size_t olen = strnlen(cp->origin, sizeof(cp->origin)), cap;
    char root[ROOT_B64_LEN + 1];
    ldg_code rc;
    char *s;
    int r;

    *out = NULL;
    if (olen == sizeof(cp->origin))
        return ldg_error_set(err, LDG_EINVAL,
                             "checkpoint origin is longer than %zu bytes",
                             sizeof(cp->origin) - 1);
    if (olen == 0)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint origin is empty");
    if (memchr(cp->origin, '\n', olen))
        return ldg_error_set(err, LDG_EINVAL, "checkpoint origin contains a newline");
    rc = check_text(cp->origin, olen, "checkpoint origin", err);
    if (rc != LDG_OK)
        return rc;
    if (cp->size > INT64_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "checkpoint tree size %" PRIu64 " is out of range",
                             cp->size);
    ldg_b64_encode(root, cp->root.b, LDG_HASH_LEN);
    cap = olen + 1 + 20 + 1 + ROOT_B64_LEN + 1 + 1;
    s = malloc(cap);
    if (!s)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    r = snprintf(s, cap, "%s\n%" PRIu64 "\n%s\n", cp->origin, cp->size, root);
    if (r < 0 || (size_t)r >= cap) {
        free(s);
        return ldg_error_set(err, LDG_EINTERNAL, "could not format checkpoint");
    }
    *out = s;
    return LDG_OK;
}

ldg_code ldg_checkpoint_parse(ldg_checkpoint *out, const char *text, size_t len,
                              ldg_error *err)
{
    const char *p = text, *end = text + len, *nl;
    uint8_t root[LDG_HASH_LEN + 3];
    ldg_checkpoint cp;
    uint64_t size = 0, d;
    size_t n = 0;
    ldg_code rc;

    if (len > LDG_NOTE_MAX)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint is longer than %d bytes",
                             LDG_NOTE_MAX);
    rc = check_text(text, len, "checkpoint", err);
    if (rc != LDG_OK)
        return rc;
    if (len == 0 || text[len - 1] != '\n')
        return ldg_error_set(err, LDG_EINVAL, "checkpoint does not end with a newline");
    memset(&cp, 0, sizeof(cp));

    nl = memchr(p, '\n', (size_t)(end - p)); /* found: the text ends with '\n' */
    if (nl == p)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint origin is empty");
    if ((size_t)(nl - p) >= sizeof(cp.origin))
        return ldg_error_set(err, LDG_EINVAL,
                             "checkpoint origin is longer than %zu bytes",
                             sizeof(cp.origin) - 1);
    memcpy(cp.origin, p, (size_t)(nl - p));
    p = nl + 1;

    if (p == end)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint has no tree size line");
    nl = memchr(p, '\n', (size_t)(end - p));
    if (nl == p)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint tree size is empty");
    if (p[0] == '0' && nl - p > 1)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint tree size has a leading zero");
    for (; p < nl; p++) {
        if (*p < '0' || *p > '9')
            return ldg_error_set(err, LDG_EINVAL,
                                 "checkpoint tree size is not a decimal number");
        d = (uint64_t)(*p - '0');
        if (size > ((uint64_t)INT64_MAX - d) / 10)
            return ldg_error_set(err, LDG_EINVAL, "checkpoint tree size is out of range");
        size = size * 10 + d;
    }
    cp.size = size;
    p = nl + 1;

    if (p == end)
        return ldg_error_set(err, LDG_EINVAL, "checkpoint has no root hash line");
    nl = memchr(p, '\n', (size_t)(end - p));
    if (ldg_b64_decode(root, sizeof(root), &n, p, (size_t)(nl - p)) != 0 ||
        n != LDG_HASH_LEN)
        return ldg_error_set(err, LDG_EINVAL,
                             "checkpoint root hash is not base64 of %d bytes",
                             LDG_HASH_LEN);
    memcpy(cp.root.b, root, LDG_HASH_LEN);
    p = nl + 1;

    for (; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == p)
            return ldg_error_set(err, LDG_EINVAL,
                                 "checkpoint has an empty extension line");
    }
    *out = cp;
    return LDG_OK;
}

ldg_code ldg_note_sign(char **out, const char *text, const ldg_signer *s, ldg_error *err)
{
    const char *name = ldg_signer_name(s);
    size_t tlen = strlen(text), nlen = strlen(name), total;
    uint8_t sig[4 + LDG_SIG_LEN];
    char b64[SIG_LINE_B64 + 1];
    uint32_t id = ldg_signer_key_id(s);
    ldg_code rc;
    char *buf, *p;

    *out = NULL;
    if (tlen > LDG_NOTE_MAX)
        return ldg_error_set(err, LDG_EINVAL, "note text is longer than %d bytes",
                             LDG_NOTE_MAX);
    if (tlen == 0 || text[tlen - 1] != '\n')
        return ldg_error_set(err, LDG_EINVAL, "note text does not end with a newline");
    rc = check_text(text, tlen, "note text", err);
    if (rc != LDG_OK)
        return rc;
    total = tlen + 1 + EM_DASH_SP_LEN + nlen + 1 + SIG_LINE_B64 + 1;
    if (total > LDG_NOTE_MAX)
        return ldg_error_set(err, LDG_EINVAL, "signed note would be longer than %d bytes",
                             LDG_NOTE_MAX);
    sig[0] = (uint8_t)(id >> 24);
    sig[1] = (uint8_t)(id >> 16);
    sig[2] = (uint8_t)(id >> 8);
    sig[3] = (uint8_t)id;
    rc = ldg_signer_sign(sig + 4, s, text, tlen, err);
    if (rc != LDG_OK)
        return rc;
    ldg_b64_encode(b64, sig, sizeof(sig));

    buf = malloc(total + 1);
    if (!buf)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    p = buf;
    memcpy(p, text, tlen);
    p += tlen;
    *p++ = '\n';
    memcpy(p, EM_DASH_SP, EM_DASH_SP_LEN);
    p += EM_DASH_SP_LEN;
    memcpy(p, name, nlen);
    p += nlen;
    *p++ = ' ';
    memcpy(p, b64, SIG_LINE_B64);
    p += SIG_LINE_B64;
    *p++ = '\n';
    *p = '\0';
    *out = buf;
    return LDG_OK;
}

/* The known verifier with this name and key id, or NULL. */
static const ldg_verifier *find_known(ldg_verifier *const *known, size_t nknown,
                                      const char *name, size_t name_len, uint32_t id)
{
    const char *kname;
    size_t i;

    for (i = 0; i < nknown; i++) {
        kname = ldg_verifier_name(known[i]);
        if (ldg_verifier_key_id(known[i]) == id && strlen(kname) == name_len &&
            memcmp(kname, name, name_len) == 0)
            return known[i];
    }
    return NULL;
}

ldg_code ldg_note_split(size_t *text_len, size_t *sigs, const char *note, size_t len,
                        ldg_error *err)
{
    size_t i;

    *text_len = 0;
    *sigs = 0;
    /* The text ends at the last blank line: the signature block has none. */
    for (i = len; i >= 2; i--)
        if (note[i - 2] == '\n' && note[i - 1] == '\n')
            break;
    if (i < 2)
        return ldg_error_set(err, LDG_EINVAL,
                             "malformed note: no blank line before the signatures");
    *text_len = i - 1;
    *sigs = i;
    return LDG_OK;
}

ldg_code ldg_note_open(size_t *text_len, const char *note, size_t len,
                       ldg_verifier *const *known, size_t nknown, ldg_error *err)
{
    const char *p, *end = note + len, *nl, *name, *sp;
    const ldg_verifier *v;
    size_t i, tlen, cap, n = 0, line = 0, verified = 0;
    uint8_t *raw = NULL;
    uint32_t id;
    ldg_code rc;

    *text_len = 0;
    if (len > LDG_NOTE_MAX)
        return ldg_error_set(err, LDG_EINVAL, "note is longer than %d bytes",
                             LDG_NOTE_MAX);
    rc = check_text(note, len, "note", err);
    if (rc != LDG_OK)
        return rc;
    rc = ldg_note_split(&tlen, &i, note, len, err);
    if (rc != LDG_OK)
        return rc;
    p = note + i;
    if (p == end)
        return ldg_error_set(err, LDG_EINVAL, "malformed note: no signature lines");
    if (end[-1] != '\n')
        return ldg_error_set(err, LDG_EINVAL,
                             "malformed note: last signature line has no newline");

    cap = len / 4 * 3 + 3;
    raw = malloc(cap);
    if (!raw)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (; p < end; p = nl + 1) {
        nl = memchr(p, '\n', (size_t)(end - p)); /* found: the note ends with '\n' */
        if (++line > LDG_NOTE_MAX_SIGS) {
            rc = ldg_error_set(err, LDG_EINVAL, "note has more than %d signature lines",
                               LDG_NOTE_MAX_SIGS);
            goto done;
        }
        if (nl - p < EM_DASH_SP_LEN || memcmp(p, EM_DASH_SP, EM_DASH_SP_LEN) != 0) {
            rc = ldg_error_set(err, LDG_EINVAL,
                               "malformed note: signature line %zu does not begin with "
                               "an em dash and a space",
                               line);
            goto done;
        }
        name = p + EM_DASH_SP_LEN;
        sp = memchr(name, ' ', (size_t)(nl - name));
        if (!sp || ldg_key_name_check(name, (size_t)(sp - name), NULL) != LDG_OK) {
            rc = ldg_error_set(err, LDG_EINVAL,
                               "malformed note: signature line %zu has no valid key name",
                               line);
            goto done;
        }
        if (ldg_b64_decode(raw, cap, &n, sp + 1, (size_t)(nl - sp - 1)) != 0 || n < 5) {
            rc = ldg_error_set(err, LDG_EINVAL,
                               "malformed note: signature line %zu has no valid base64 "
                               "signature",
                               line);
            goto done;
        }
        id = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 | (uint32_t)raw[2] << 8 |
             (uint32_t)raw[3];
        v = find_known(known, nknown, name, (size_t)(sp - name), id);
        if (!v)
            continue; /* someone else's key: a cosignature, or a key type to come */
        if (n != 4 + LDG_SIG_LEN) {
            rc = ldg_error_set(err, LDG_EINVAL,
                               "signature by key \"%s\" is not an Ed25519 signature",
                               ldg_verifier_name(v));
            goto done;
        }
        rc = ldg_verifier_verify(v, note, tlen, raw + 4, err);
        if (rc != LDG_OK) {
            ldg_error_where(err, "signature line %zu", line);
            goto done;
        }
        verified++;
    }
    if (verified == 0) {
        rc = ldg_error_set(err, LDG_EINVAL,
                           "note has no verifiable signature by a known key");
        goto done;
    }
    *text_len = tlen;
    rc = LDG_OK;

done:
    free(raw);
    return rc;
}
