/*
 * The witnesses' cosignatures a bundle's checkpoint carries (issue 11). They are
 * signature lines of the checkpoint note (cosig.h), so a bundle written before them, or
 * read by a verifier that does not know them, is unchanged in meaning.
 *
 * Only the keys the person running the verifier gives are trusted: a witness key
 * registered in the operator's log is the operator's say-so, and a cosignature by a key
 * the operator made up would prove nothing. Lines by other keys are noted, never counted.
 */
#include "ledger/bundle_int.h"
#include "ledger/cosig.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WITNESS 16

typedef struct cosig_scan {
    vctx *v;
    const char *body;
    size_t body_len;
    ldg_cosig_key keys[MAX_WITNESS];
    int found[MAX_WITNESS];
    size_t nkeys;
} cosig_scan;

static ldg_code on_cosig(void *ctx, const ldg_cosig *c, ldg_error *err)
{
    cosig_scan *s = ctx;
    char when[LDG_TIME_BUFLEN];
    ldg_error e;

    (void)err;
    ldg_time_format(when, (ldg_time)c->time);
    for (size_t i = 0; i < s->nkeys; i++) {
        if (!ldg_cosig_by(c, &s->keys[i]))
            continue;
        s->found[i] = 1;
        ldg_error_clear(&e);
        if (ldg_cosig_verify(c, &s->keys[i], s->body, s->body_len, &e) == LDG_OK) {
            s->v->sum->cosigned++;
            ldg_bundle__say(s->v, 1,
                            "checkpoint (tree size %" PRIu64 ") is cosigned by witness"
                            " \"%s\" (id %08" PRIx32 ") at %s",
                            s->v->cp.size, c->name, c->id, when);
        } else {
            ldg_bundle__say(s->v, 0, "checkpoint cosignature: %s", e.message);
        }
        return LDG_OK;
    }
    ldg_bundle__say(s->v, LDG_BUNDLE_NOTE,
                    "checkpoint carries a cosignature by \"%s\" (id %08" PRIx32
                    ") at %s, not checked: give that witness's key with --witness",
                    c->name, c->id, when);
    return LDG_OK;
}

void ldg_bundle__check_cosigs(vctx *v, const char *note, size_t len)
{
    cosig_scan *s = calloc(1, sizeof(*s));
    size_t at = 0;
    ldg_error e;

    if (!s) {
        ldg_bundle__say(v, 0, "out of memory checking cosignatures");
        return;
    }
    s->v = v;
    s->body = note;
    ldg_error_clear(&e);
    for (size_t i = 0; i < v->o->nwitness && s->nkeys < MAX_WITNESS; i++) {
        if (ldg_cosig_key_parse(&s->keys[s->nkeys], v->o->witness[i], &e) == LDG_OK)
            s->nkeys++;
        else
            ldg_bundle__say(v, 0, "witness key %zu: %s", i + 1, e.message);
    }
    if (ldg_note_split(&s->body_len, &at, note, len, &e) == LDG_OK)
        ldg_cosig_each(note, len, on_cosig, s, &e); /* on_cosig never fails */
    for (size_t i = 0; i < s->nkeys; i++)
        if (!s->found[i])
            ldg_bundle__say(v, v->o->require_cosigned ? 0 : LDG_BUNDLE_NOTE,
                            "checkpoint carries no cosignature by witness \"%s\""
                            " (id %08" PRIx32 ")",
                            s->keys[i].name, s->keys[i].id);
    if (v->o->require_cosigned && v->sum->cosigned == 0 && s->nkeys == 0)
        ldg_bundle__say(v, 0,
                        "no cosignature of the checkpoint verifies with a given witness"
                        " key (--require-cosigned)");
    free(s);
}
