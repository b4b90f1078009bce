/*
 * The explain family's private header (SQLite's vdbeInt.h is the model): explain.c
 * owns an explanation and its documents, explain_stream.c narrates one line of each
 * stream as rate.c prices it. Both build JSON and sentences with the helpers below;
 * nothing here is part of explain.h's contract.
 */
#ifndef LEASELEDGER_EXPLAIN_INT_H
#define LEASELEDGER_EXPLAIN_INT_H

#include "ledger/entry.h"
#include "ledger/explain.h"
#include "ledger/fixed.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#define SENTENCE_MAX 2048 /* a sentence; its parts are shorter */

typedef struct xwin {
    ldg_rate_window win; /* the rater's window (ldg_rate_windows), narrated */
    ldg_explain_sum gpu[LDG_GPU_NCLASS];
    ldg_explain_sum down[LDG_GPU_NCLASS];
    ldg_explain_sum energy;
} xwin;

struct ldg_explain {
    const ldg_contract *c;
    ldg_period p;
    xwin *w;
    size_t nw;
    int64_t *seqs; /* per document: 0 base, i + 1 amendment i; -1 unknown */
    size_t ndocs;
    const struct ldg_demand_usage *demand; /* ldg_explain_set_demand */
};

typedef struct xctx {
    const ldg_explain *ex;
    const ldg_draft *rerated;
    const char *cur;
    int digits;
    bool oom;
} xctx;

static inline void put(xctx *x, json_t *o, const char *k, json_t *v)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        x->oom = true;
}

static inline void push(xctx *x, json_t *a, json_t *v)
{
    if (!v || json_array_append_new(a, v) != 0)
        x->oom = true;
}

static inline json_t *obj(xctx *x)
{
    json_t *o = json_object();

    if (!o)
        x->oom = true;
    return o;
}

static inline json_t *arr(xctx *x)
{
    json_t *a = json_array();

    if (!a)
        x->oom = true;
    return a;
}

static inline json_t *seq_value(int64_t seq)
{
    return seq < 0 ? json_null() : json_integer((json_int_t)seq);
}

__attribute__((format(printf, 3, 4))) static inline void say(xctx *x, json_t *sentences,
                                                             const char *fmt, ...)
{
    char buf[SENTENCE_MAX];
    va_list ap;

    int n;
    size_t len;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    len = n < 0 ? 0 : (size_t)n;
    if (len >= sizeof(buf)) {
        /* Cut at a character boundary: a sentence stays valid UTF-8. */
        len = sizeof(buf) - 1;
        while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
            len--;
    }
    push(x, sentences, json_stringn(buf, len));
}

static inline void put_fixed(xctx *x, json_t *o, const char *k, int64_t v)
{
    char b[LDG_FIXED_BUFLEN];

    put(x, o, k, json_string(ldg_fixed_format(b, v, 6)));
}

static inline void put_amount(xctx *x, json_t *o, const char *k, int64_t v)
{
    char b[LDG_FIXED_BUFLEN];

    put(x, o, k, json_string(ldg_fixed_format(b, v, x->digits)));
}

static inline void put_time(xctx *x, json_t *o, const char *k, ldg_time t)
{
    char b[LDG_TIME_BUFLEN];

    put(x, o, k, json_string(ldg_time_format(b, t)));
}

static inline const char *fx(char b[LDG_FIXED_BUFLEN], int64_t v)
{
    return ldg_fixed_format(b, v, 6);
}

static inline const char *am(const xctx *x, char b[LDG_FIXED_BUFLEN], int64_t v)
{
    return ldg_fixed_format(b, v, x->digits);
}

static inline const char *tm(char b[LDG_TIME_BUFLEN], ldg_time t)
{
    return ldg_time_format(b, t);
}

static inline const char *seqtxt(char b[32], int64_t seq)
{
    if (seq < 0)
        snprintf(b, 32, "seq ?");
    else
        snprintf(b, 32, "seq %" PRId64, seq);
    return b;
}

static inline const ldg_contract_doc *doc_at(const ldg_explain *ex, size_t d)
{
    return d == 0 ? ldg_contract_base(ex->c) : ldg_contract_amendment(ex->c, d - 1);
}

static inline ldg_time doc_effective(const ldg_explain *ex, size_t d)
{
    return d == 0 ? ldg_contract_starts(ex->c)
                  : ldg_contract_doc_effective(doc_at(ex, d));
}

static inline const char *doc_role(size_t d)
{
    return d == 0 ? "contract" : "amendment";
}

static inline json_t *window_obj(xctx *x, const xwin *w)
{
    json_t *o = obj(x);

    if (o) {
        put_time(x, o, "from", w->win.from);
        put_time(x, o, "to", w->win.to);
        put(x, o, "hours", json_integer((json_int_t)w->win.hours));
    }
    return o;
}

static inline const char *kind_label(ldg_usage_kind kind)
{
    const char *name = ldg_kind_name(ldg_rate_kind_stored(kind));

    return name ? name : "?";
}

/* What a stream explanation computed: the line it says the sums give. */
typedef struct computed {
    bool present;
    int64_t qty, amount;
} computed;

/*
 * Narrates line l, of any stream, into lo (structured fields) and sn (sentences), and
 * sets *out to the line the sums give. Errors are the rater's (LDG_ERANGE).
 */
ldg_code ldg_explain__stream(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                             computed *out, ldg_error *err);

/* The product num / den (units of 10^-scale) and its one rounding, narrated into lo
 * and sentences as every stream shows it; *amount receives the rounded amount. */
ldg_code ldg_explain__product(xctx *x, json_t *lo, json_t *sentences, const char *expr,
                              ldg_i128 num, ldg_i128 den, int scale, int64_t *amount,
                              ldg_error *err);

/* A fixed line (explain_charges.c): every charge in it, the document stating it, the
 * hours billed, the product. */
ldg_code ldg_explain__fixed(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                            computed *out, ldg_error *err);

/* A demand or power_overage line (explain_demand.c): the peak quarter-hour, the ratchet
 * base, the factors and the product. */
ldg_code ldg_explain__demand(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                             computed *out, ldg_error *err);

#endif
