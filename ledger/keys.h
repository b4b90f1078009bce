/*
 * Ed25519 keys for signing checkpoints (OpenSSL EVP), in C2SP signed-note terms.
 *
 * A private key file is PEM (PKCS#8, what `openssl genpkey -algorithm ed25519` writes)
 * preceded by one line "leaseledger-key-name: NAME"; OpenSSL's PEM reader skips that
 * line, so the stock tools read the file too. The file must be a regular file owned by
 * the running user and not readable or writable by group or others (mode 0600 or
 * stricter), or it is refused. Key material never appears in messages, and private
 * key bytes held in our memory are cleansed with OPENSSL_cleanse.
 */
#ifndef LEASELEDGER_KEYS_H
#define LEASELEDGER_KEYS_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_KEY_NAME_MAX 128
#define LDG_ED25519_LEN  32
#define LDG_SIG_LEN      64
/* Buffer size that holds any formatted verifier key "name+hex8+base64", with its NUL. */
#define LDG_VERIFIER_KEY_MAX (LDG_KEY_NAME_MAX + 1 + 8 + 1 + 44 + 1)

typedef struct ldg_signer ldg_signer;     /* private key + name */
typedef struct ldg_verifier ldg_verifier; /* public key + name + key id */

/* A new random Ed25519 key named name (no '+', whitespace or control chars). */
ldg_code ldg_signer_generate(ldg_signer **out, const char *name, ldg_error *err);
/* From a raw 32-byte seed (tests, RFC 8032 vectors). */
ldg_code ldg_signer_from_seed(ldg_signer **out, const char *name, const uint8_t seed[32],
                              ldg_error *err);
/* Loads a key file (format above); refuses unsafe permissions (LDG_EINVAL, no key
 * bytes in the message). */
ldg_code ldg_signer_load(ldg_signer **out, const char *path, ldg_error *err);
/* Writes the key file with O_EXCL and mode 0600; LDG_EIO if it exists. */
ldg_code ldg_signer_save(const ldg_signer *s, const char *path, ldg_error *err);
void ldg_signer_free(ldg_signer *s);

const char *ldg_signer_name(const ldg_signer *s);
/* The C2SP key id and the 32-byte public key (borrowed, valid until s is freed). */
uint32_t ldg_signer_key_id(const ldg_signer *s);
const uint8_t *ldg_signer_public(const ldg_signer *s);
/* The matching verifier; free with ldg_verifier_free. */
ldg_code ldg_signer_verifier(ldg_verifier **out, const ldg_signer *s, ldg_error *err);
/* Ed25519 signature of msg. */
ldg_code ldg_signer_sign(uint8_t sig[LDG_SIG_LEN], const ldg_signer *s, const void *msg,
                         size_t len, ldg_error *err);

/* Parses a C2SP verifier key "name+hex8+base64(0x01||pub)"; checks the key id. */
ldg_code ldg_verifier_parse(ldg_verifier **out, const char *vkey, ldg_error *err);
/* From name + raw public key. */
ldg_code ldg_verifier_from_raw(ldg_verifier **out, const char *name,
                               const uint8_t pub[LDG_ED25519_LEN], ldg_error *err);
/* Reads a PEM public key (SubjectPublicKeyInfo) and gives it name. */
ldg_code ldg_verifier_from_pem(ldg_verifier **out, const char *name, const char *pem,
                               size_t len, ldg_error *err);
void ldg_verifier_free(ldg_verifier *v);

const char *ldg_verifier_name(const ldg_verifier *v);
uint32_t ldg_verifier_key_id(const ldg_verifier *v);
const uint8_t *ldg_verifier_public(const ldg_verifier *v); /* 32 bytes */
/* "name+hex8+base64" into buf (size bytes). */
ldg_code ldg_verifier_format(char *buf, size_t size, const ldg_verifier *v,
                             ldg_error *err);
/* PEM SubjectPublicKeyInfo into a malloc'd NUL-terminated string *out (free()). */
ldg_code ldg_verifier_pem(char **out, const ldg_verifier *v, ldg_error *err);
/* LDG_OK when sig is a valid Ed25519 signature of msg; LDG_EINVAL otherwise. */
ldg_code ldg_verifier_verify(const ldg_verifier *v, const void *msg, size_t len,
                             const uint8_t sig[LDG_SIG_LEN], ldg_error *err);

/*
 * LDG_OK when name[0..len) is a valid key name: non-empty, at most LDG_KEY_NAME_MAX
 * bytes, valid UTF-8, no '+', no Unicode white space, no control characters (C0, DEL,
 * C1). LDG_EINVAL naming the reason otherwise.
 */
ldg_code ldg_key_name_check(const char *name, size_t len, ldg_error *err);

/* C2SP key id: first 4 bytes, big endian, of SHA-256(name || 0x0A || 0x01 || pub).
 * (0 also if OpenSSL could not allocate a digest context.) */
uint32_t ldg_key_id(const char *name, const uint8_t pub[LDG_ED25519_LEN]);

/* The signed-note key id of any signature type: SHA-256(name[name_len] || 0x0A ||
 * sig_type || pub), its first 4 bytes big endian (0x01 Ed25519 notes, 0x04
 * cosignature/v1: cosig.h). LDG_EINTERNAL when hashing fails. */
ldg_code ldg_key_id_typed(uint32_t *out, const char *name, size_t name_len,
                          uint8_t sig_type, const uint8_t pub[LDG_ED25519_LEN],
                          ldg_error *err);

#endif
