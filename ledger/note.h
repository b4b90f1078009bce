/*
 * C2SP signed notes and tlog-checkpoints.
 *
 * A signed note is: text (ends with '\n') || '\n' || signature lines
 * "\u2014 <name> <base64(keyid[4] || sig)>\n". Ed25519 signs exactly the text.
 * A checkpoint's text is "<origin>\n<size>\n<base64 root>\n" plus optional extension
 * lines. Verifiers ignore signatures from keys they do not know, so cosignatures and
 * other key types can be added later; a note with no signature by a known key fails.
 */
#ifndef LEASELEDGER_NOTE_H
#define LEASELEDGER_NOTE_H

#include "ledger/error.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_NOTE_MAX      (1 << 16) /* notes longer than this are refused */
#define LDG_NOTE_MAX_SIGS 100       /* more signature lines than this are refused */

typedef struct ldg_checkpoint {
    char origin[256];
    uint64_t size;
    ldg_hash root;
} ldg_checkpoint;

/* "<origin>\n<size>\n<base64>\n" into a malloc'd string *out (free()). LDG_EINVAL if
 * origin is empty, unterminated, not UTF-8 or holds a control character, or size is
 * above INT64_MAX. */
ldg_code ldg_checkpoint_text(char **out, const ldg_checkpoint *cp, ldg_error *err);

/*
 * Parses checkpoint text (the note text, not the signed note): origin non-empty, size
 * decimal without leading zeros (except "0"), root base64 of exactly 32 bytes,
 * extension lines non-empty. LDG_EINVAL with the reason otherwise.
 * Also refused: text not ending in '\n', an origin over 255 bytes, a size above
 * INT64_MAX (sizes are stored as bigint), control characters, invalid UTF-8.
 * Extension lines are checked and otherwise ignored.
 */
ldg_code ldg_checkpoint_parse(ldg_checkpoint *out, const char *text, size_t len,
                              ldg_error *err);

/* Signs text (non-empty, ends in '\n', UTF-8, no control characters but '\n') into a
 * malloc'd signed note *out (free()): text || '\n' || one signature line. LDG_EINVAL
 * if the text is refused or the note would exceed LDG_NOTE_MAX. */
ldg_code ldg_note_sign(char **out, const char *text, const ldg_signer *s, ldg_error *err);

/*
 * Opens a signed note: splits text from signatures, checks every signature line is
 * well-formed, and verifies the one(s) whose name and key id match one of the known
 * verifiers. Unknown-key lines are ignored. LDG_OK when at least one known key
 * verified and none of the known keys' signatures failed; *text_len receives the length
 * of the text part (a prefix of note). LDG_EINVAL naming the reason otherwise
 * (malformed, no known signature, bad signature). Parsing is strict: at most
 * LDG_NOTE_MAX bytes, valid UTF-8, no control characters but '\n', the text split
 * from the signatures at the last blank line, 1..LDG_NOTE_MAX_SIGS lines each
 * "\u2014 " name ' ' canonical padded base64 of at least 5 bytes '\n'.
 */
/* Splits a signed note note[0..len) as ldg_note_open does (the text ends at the last
 * blank line) without checking anything else: *text_len is the length of the text,
 * *sigs the offset of the first signature line. LDG_EINVAL when there is no blank
 * line. */
ldg_code ldg_note_split(size_t *text_len, size_t *sigs, const char *note, size_t len,
                        ldg_error *err);

ldg_code ldg_note_open(size_t *text_len, const char *note, size_t len,
                       ldg_verifier *const *known, size_t nknown, ldg_error *err);

#endif
