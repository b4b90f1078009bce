/*
 * C2SP tlog-cosignature, Ed25519 (cosignature/v1, with its timestamp): what a witness
 * (here: a tenant) signs to say "as of time T, this is the largest consistent tree I
 * have seen of the log this checkpoint names".
 *
 *   signed message  "cosignature/v1\n" "time " T "\n" || the checkpoint's note body
 *                   (origin, size, root and any extension lines, with the final '\n',
 *                   without the signature lines); T decimal, no leading zero
 *   key id          SHA-256(name || "\n" || 0x04 || 32-byte public key)[:4]
 *   signature line  "\u2014 " name " " base64(key id[4] || T as u64 big endian
 *                   || Ed25519 signature[64]) "\n"
 *   verifier key    name "+" hex8(key id) "+" base64(0x04 || public key)
 *
 * A cosignature line is one more signature line of the checkpoint's signed note, so a
 * note with cosignatures appended still opens with ldg_note_open (it ignores the lines
 * of keys it does not know) and with any C2SP client. The 0x04 in the key id keeps a
 * witness key and an operator key (0x01) from ever being taken for one another, even
 * over the same public key.
 *
 * Pure: no I/O. The key file of a witness is the operator's format (keys.h).
 */
#ifndef LEASELEDGER_COSIG_H
#define LEASELEDGER_COSIG_H

#include "ledger/error.h"
#include "ledger/keys.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_COSIG_TYPE        0x04
#define LDG_COSIG_PAYLOAD_LEN (4 + 8 + LDG_SIG_LEN) /* key id, timestamp, signature */
/* A formatted cosignature line with its '\n' and NUL. */
#define LDG_COSIG_LINE_MAX (4 + LDG_KEY_NAME_MAX + 1 + 104 + 2)

/* A witness's public key. */
typedef struct ldg_cosig_key {
    char name[LDG_KEY_NAME_MAX + 1];
    uint8_t pub[LDG_ED25519_LEN];
    uint32_t id; /* the cosignature key id (0x04), not the note key id */
} ldg_cosig_key;

/* One cosignature, as its line carries it. */
typedef struct ldg_cosig {
    char name[LDG_KEY_NAME_MAX + 1];
    uint32_t id;
    uint64_t time; /* POSIX seconds, at most INT64_MAX */
    uint8_t sig[LDG_SIG_LEN];
} ldg_cosig;

/* The cosignature key id of name and pub. LDG_EINVAL for a bad name; LDG_EINTERNAL. */
ldg_code ldg_cosig_key_id(uint32_t *out, const char *name,
                          const uint8_t pub[LDG_ED25519_LEN], ldg_error *err);

/* The witness key of signer s (its name and public half). */
ldg_code ldg_cosig_key_of(ldg_cosig_key *out, const ldg_signer *s, ldg_error *err);

/* Parses a cosignature verifier key "name+hex8+base64(0x04||pub)" and checks its key
 * id. LDG_EINVAL naming what is wrong (an operator key, type 0x01, is refused). */
ldg_code ldg_cosig_key_parse(ldg_cosig_key *out, const char *vkey, ldg_error *err);

/* "name+hex8+base64(0x04||pub)" into buf (LDG_VERIFIER_KEY_MAX bytes do). */
ldg_code ldg_cosig_key_format(char *buf, size_t size, const ldg_cosig_key *k,
                              ldg_error *err);

/*
 * The signed message of a cosignature at time over body[0..body_len) (a checkpoint's
 * note body: ldg_checkpoint_parse must accept it), into a malloc'd buffer *out (free())
 * of *len bytes. LDG_EINVAL when the body is not a checkpoint or time > INT64_MAX.
 */
ldg_code ldg_cosig_message(char **out, size_t *len, const char *body, size_t body_len,
                           uint64_t time, ldg_error *err);

/* Cosigns body (as ldg_cosig_message) at time with s. */
ldg_code ldg_cosig_sign(ldg_cosig *out, const char *body, size_t body_len, uint64_t time,
                        const ldg_signer *s, ldg_error *err);

/* 1 when c is by key k (same name and key id), else 0. */
int ldg_cosig_by(const ldg_cosig *c, const ldg_cosig_key *k);

/* LDG_OK when c is k's valid cosignature of body; LDG_EINVAL naming why not. */
ldg_code ldg_cosig_verify(const ldg_cosig *c, const ldg_cosig_key *k, const char *body,
                          size_t body_len, ldg_error *err);

/* The signature line of c, with its '\n', into buf (LDG_COSIG_LINE_MAX bytes do). */
ldg_code ldg_cosig_format(char *buf, size_t size, const ldg_cosig *c, ldg_error *err);

/*
 * Parses one signature line line[0..len) (the final '\n' optional) as a cosignature:
 * "\u2014 " valid key name ' ' canonical base64 of exactly LDG_COSIG_PAYLOAD_LEN bytes,
 * timestamp at most INT64_MAX. LDG_EINVAL naming what is wrong (an operator's plain
 * signature line is not a cosignature).
 */
ldg_code ldg_cosig_parse(ldg_cosig *out, const char *line, size_t len, ldg_error *err);

/*
 * Calls fn for every signature line of the signed note that parses as a cosignature
 * (other lines, such as the operator's own signature, are skipped), in order. fn's error
 * is returned as is; LDG_EINVAL when the note cannot be split.
 */
typedef ldg_code (*ldg_cosig_fn)(void *ctx, const ldg_cosig *c, ldg_error *err);
ldg_code ldg_cosig_each(const char *note, size_t len, ldg_cosig_fn fn, void *ctx,
                        ldg_error *err);

#endif
