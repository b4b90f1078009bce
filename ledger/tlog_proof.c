/*
 * C2SP tlog-proof text (tlog_proof.h): written from an inclusion proof, and read back
 * strictly, line by line, before anything is hashed: a proof is a file a tenant may be
 * handed by anyone, so every line is checked for its exact form and count (at most
 * LDG_PROOF_MAX hashes) and nothing in it is trusted until the note has opened and the
 * inclusion verified.
 */
#include "ledger/tlog_proof.h"

#include "ledger/keys.h"
#include "ledger/publish.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

ldg_code ldg_tlog_proof_format(ldg_buf *out, uint64_t index, const ldg_hash *proof,
                               size_t n, const void *entry, size_t len, const char *note,
                               ldg_error *err)
{
    char *b64 = malloc(LDG_B64_LEN(len) + 1);
    char h[45];
    ldg_code rc;

    if (!b64)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    ldg_b64_encode(b64, entry, len);
    rc = ldg_buf_printf(out, err, "%s\nextra %s\nindex %" PRIu64 "\n",
                        LDG_TLOG_PROOF_HEADER, b64, index);
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        ldg_hash_to_base64(h, &proof[i]);
        rc = ldg_buf_printf(out, err, "%s\n", h);
    }
    if (rc == LDG_OK)
        rc = ldg_buf_printf(out, err, "\n%s", note);
    free(b64);
    return rc;
}

/* The next line of [*p, end) without its '\n' into *line, *n; 0 when there is none. */
static int next_line(const char **line, size_t *n, const char **p, const char *end)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));

    if (!nl)
        return 0;
    *line = *p;
    *n = (size_t)(nl - *p);
    *p = nl + 1;
    return 1;
}

static ldg_code parse_index(uint64_t *out, const char *s, size_t n, ldg_error *err)
{
    uint64_t v = 0;

    if (n < 7 || memcmp(s, "index ", 6) != 0 || (s[6] == '0' && n > 7))
        return ldg_error_set(err, LDG_EINVAL, "tlog-proof: no \"index N\" line");
    for (size_t i = 6; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (UINT64_C(1) << 62))
            return ldg_error_set(err, LDG_EINVAL,
                                 "tlog-proof: the index is not a number");
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return LDG_OK;
}

/* Header, extra (decoded into *entry, malloc'd), index and proof hashes; *rest is the
 * note. */
static ldg_code parse(uint8_t **entry, size_t *elen, uint64_t *index, ldg_hash *proof,
                      size_t *n, const char **rest, const char *text, size_t len,
                      ldg_error *err)
{
    const char *p = text, *end = text + len, *line = NULL;
    size_t ln = 0;
    ldg_code rc;

    *entry = NULL;
    *n = 0;
    if (!next_line(&line, &ln, &p, end) || ln != strlen(LDG_TLOG_PROOF_HEADER) ||
        memcmp(line, LDG_TLOG_PROOF_HEADER, ln) != 0)
        return ldg_error_set(err, LDG_EINVAL, "not a %s proof", LDG_TLOG_PROOF_HEADER);
    if (!next_line(&line, &ln, &p, end) || ln < 6 || memcmp(line, "extra ", 6) != 0)
        return ldg_error_set(err, LDG_EINVAL,
                             "tlog-proof: no \"extra\" line with the entry to check");
    *entry = malloc(ln);
    if (!*entry)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (ldg_b64_decode(*entry, ln, elen, line + 6, ln - 6) != 0)
        return ldg_error_set(err, LDG_EINVAL, "tlog-proof: \"extra\" is not base64");
    if (!next_line(&line, &ln, &p, end))
        return ldg_error_set(err, LDG_EINVAL, "tlog-proof: no \"index N\" line");
    rc = parse_index(index, line, ln, err);
    while (rc == LDG_OK && next_line(&line, &ln, &p, end) && ln > 0) {
        if (*n == LDG_PROOF_MAX)
            return ldg_error_set(err, LDG_EINVAL, "tlog-proof: more than %d hashes",
                                 LDG_PROOF_MAX);
        rc = ldg_hash_from_base64(&proof[(*n)++], line, ln, err);
    }
    if (rc == LDG_OK && ln != 0)
        rc = ldg_error_set(err, LDG_EINVAL, "tlog-proof: no empty line before the note");
    *rest = p;
    return rc;
}

ldg_code ldg_tlog_proof_verify(ldg_tlog_proof_result *out, const char *text, size_t len,
                               const char *vkey, ldg_error *err)
{
    ldg_hash proof[LDG_PROOF_MAX], leaf;
    ldg_verifier *key = NULL;
    uint8_t *entry = NULL;
    size_t elen = 0, n = 0, tl = 0;
    const char *note = NULL, *tenant;
    int64_t seq = -1;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (len > LDG_TLOG_PROOF_MAX)
        return ldg_error_set(err, LDG_EINVAL, "tlog-proof is longer than %d bytes",
                             LDG_TLOG_PROOF_MAX);
    rc = ldg_verifier_parse(&key, vkey, err);
    if (rc == LDG_OK)
        rc = parse(&entry, &elen, &out->index, proof, &n, &note, text, len, err);
    if (rc == LDG_OK)
        rc = ldg_note_open(&tl, note, (size_t)(text + len - note), &key, 1, err);
    if (rc == LDG_OK)
        rc = ldg_checkpoint_parse(&out->cp, note, tl, err);
    tenant = rc == LDG_OK ? ldg_publish_origin_tenant(out->cp.origin) : NULL;
    if (rc == LDG_OK &&
        (!tenant ||
         !ldg_publish_entry_tail((const char *)entry, elen, out->kind, &seq, tenant) ||
         seq < 0 || (uint64_t)seq != out->index))
        rc = ldg_error_set(err, LDG_EINVAL,
                           "the entry is not tenant \"%s\"'s log entry at seq %" PRIu64,
                           tenant ? tenant : "?", out->index);
    if (rc == LDG_OK) {
        ldg_merkle_leaf_hash(&leaf, entry, elen);
        rc = ldg_merkle_verify_inclusion(&leaf, out->index, out->cp.size, proof, n,
                                         &out->cp.root, err);
    }
    ldg_verifier_free(key);
    free(entry);
    return rc;
}
