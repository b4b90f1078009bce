/*
 * Fixed charges (charges.h states the rules).
 *
 * Design: the charges are read from the contract's documents (their private JSON, which
 * ldg_charges_check validated when the document was parsed), so contract.c keeps no
 * state for them and an amendment's charge replaces a base one by id exactly as the
 * replay below says. Rating walks the very windows ldg_rate_windows cuts (amendment
 * instants included), takes the charges in force at each window's start, and groups
 * the parts that share a line key into one line.
 */
#include "ledger/charges.h"

#include "ledger/fixed.h"
#include "ledger/text.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHARGE_ID_MAX   32
#define CHARGE_NAME_MAX 256

__attribute__((format(printf, 4, 5))) static ldg_code
cerror(ldg_error *err, const char *id, size_t i, const char *fmt, ...)
{
    char msg[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ldg_error_set(err, LDG_EINVAL, "contract \"%s\": field \"charges[%zu]\": %s",
                         id ? id : "?", i, msg);
}

static bool valid_charge_id(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > CHARGE_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];

        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
            return false;
    }
    return true;
}

/* An optional whole-hour instant member; LDG_CONTRACT_NO_TIME when absent. */
static ldg_code get_hour(ldg_time *out, const json_t *o, const char *key, const char *id,
                         size_t i, ldg_error *err)
{
    const json_t *v = json_object_get(o, key);

    *out = LDG_CONTRACT_NO_TIME;
    if (!v)
        return LDG_OK;
    if (!json_is_string(v) ||
        ldg_time_parse_str(out, json_string_value(v), NULL) != LDG_OK)
        return cerror(err, id, i, "%s: malformed timestamp", key);
    if (*out % LDG_SECS_PER_HOUR != 0)
        return cerror(err, id, i, "%s: must be a whole UTC hour", key);
    return LDG_OK;
}

/* Reads charge i of a "charges" array and checks it alone (not its id's uniqueness). */
static ldg_code read_charge(ldg_charge *ch, json_t *o, const char *id, size_t i,
                            ldg_error *err)
{
    static const char *const keys[] = { "id",   "name",  "amount", "every",
                                        "from", "until", "at",     NULL };
    const char *key, *every, *amount;
    const json_t *val;
    ldg_code rc;

    memset(ch, 0, sizeof(*ch));
    if (!json_is_object(o))
        return cerror(err, id, i, "must be an object");
    json_object_foreach(o, key, val)
    {
        size_t k;

        for (k = 0; keys[k] && strcmp(keys[k], key) != 0; k++)
            ;
        if (!keys[k])
            return cerror(err, id, i, "unknown field \"%.40s\"", key);
    }
    ch->id = json_string_value(json_object_get(o, "id"));
    ch->name = json_string_value(json_object_get(o, "name"));
    amount = json_string_value(json_object_get(o, "amount"));
    every = json_string_value(json_object_get(o, "every"));
    if (!ch->id || !valid_charge_id(ch->id))
        return cerror(err, id, i, "id: must be 1 to %d letters, digits, '.', '_' or '-'",
                      CHARGE_ID_MAX);
    if (!ch->name || !ch->name[0] || strlen(ch->name) > CHARGE_NAME_MAX ||
        !ldg_text_no_controls(ch->name, strlen(ch->name)))
        return cerror(err, id, i,
                      "name: must be 1 to %d bytes without control characters",
                      CHARGE_NAME_MAX);
    if (!amount ||
        ldg_fixed_parse_dp(&ch->amount_micros, amount, strlen(amount), 6, NULL) != LDG_OK)
        return cerror(err, id, i, "amount: must be a decimal string");
    if (ch->amount_micros < 0)
        return cerror(err, id, i, "amount: must not be negative");
    if (!every || (strcmp(every, "month") != 0 && strcmp(every, "once") != 0))
        return cerror(err, id, i, "every: must be \"month\" or \"once\"");
    ch->once = strcmp(every, "once") == 0;
    if ((rc = get_hour(&ch->from, o, "from", id, i, err)) != LDG_OK ||
        (rc = get_hour(&ch->until, o, "until", id, i, err)) != LDG_OK ||
        (rc = get_hour(&ch->at, o, "at", id, i, err)) != LDG_OK)
        return rc;
    if (ch->once && (ch->at == LDG_CONTRACT_NO_TIME || ch->from != LDG_CONTRACT_NO_TIME ||
                     ch->until != LDG_CONTRACT_NO_TIME))
        return cerror(err, id, i,
                      "a one-off charge has \"at\" and no \"from\"/\"until\"");
    if (!ch->once && ch->at != LDG_CONTRACT_NO_TIME)
        return cerror(err, id, i, "a monthly charge has \"from\"/\"until\", not \"at\"");
    if (ch->from != LDG_CONTRACT_NO_TIME && ch->until != LDG_CONTRACT_NO_TIME &&
        ch->until <= ch->from)
        return cerror(err, id, i, "until: must be after from");
    return LDG_OK;
}

ldg_code ldg_charges_check(const json_t *v, const char *id, ldg_time effective,
                           ldg_error *err)
{
    ldg_charge ch;
    ldg_code rc;

    if (!json_is_array(v))
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\": field \"charges\": must be an array",
                             id ? id : "?");
    if (json_array_size(v) > LDG_CHARGES_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\": field \"charges\": at most %d charges",
                             id ? id : "?", LDG_CHARGES_MAX);
    for (size_t i = 0; i < json_array_size(v); i++) {
        if ((rc = read_charge(&ch, json_array_get(v, i), id, i, err)) != LDG_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(ch.id, json_string_value(
                                  json_object_get(json_array_get(v, j), "id"))) == 0)
                return cerror(err, id, i, "id \"%s\" is listed twice", ch.id);
        if (ch.once && effective != LDG_CONTRACT_NO_TIME && ch.at < effective)
            return cerror(err, id, i,
                          "at: a one-off charge of an amendment must be at or after its "
                          "effective instant");
    }
    return LDG_OK;
}

/* ---- rating ------------------------------------------------------------------------ */

static const ldg_contract_doc *doc_of(const ldg_contract *c, size_t d)
{
    return d == 0 ? ldg_contract_base(c) : ldg_contract_amendment(c, d - 1);
}

/*
 * The charges in force at instant at: the base's, then each amendment effective at or
 * before at replacing a charge by id (or adding one). out has room for every charge of
 * every document; *n receives the count.
 */
static void in_force(ldg_charge *out, size_t *n, const ldg_contract *c, ldg_time at)
{
    size_t ndocs = ldg_contract_amendment_count(c) + 1;

    *n = 0;
    for (size_t d = 0; d < ndocs; d++) {
        const ldg_contract_doc *doc = doc_of(c, d);
        const json_t *arr = json_object_get(ldg_contract_doc_json(doc), "charges");

        if (d > 0 && ldg_contract_doc_effective(doc) > at)
            break; /* amendments are in effective order */
        for (size_t i = 0; i < json_array_size(arr); i++) {
            ldg_charge ch;
            size_t k;
            ldg_code rc = read_charge(&ch, json_array_get(arr, i), NULL, i, NULL);

            assert(rc == LDG_OK); /* ldg_charges_check passed at parse */
            (void)rc;
            ch.doc = d;
            for (k = 0; k < *n && strcmp(out[k].id, ch.id) != 0; k++)
                ;
            out[k] = ch;
            if (k == *n)
                (*n)++;
        }
    }
}

static size_t charges_total(const ldg_contract *c)
{
    size_t ndocs = ldg_contract_amendment_count(c) + 1, n = 0;

    for (size_t d = 0; d < ndocs; d++)
        n += json_array_size(
            json_object_get(ldg_contract_doc_json(doc_of(c, d)), "charges"));
    return n;
}

/* Line order: span start, span end, "month" before "once", amount; then id. */
static int cmp_use(const void *a, const void *b)
{
    const ldg_charge_use *x = a, *y = b;

    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    if (x->charge.once != y->charge.once)
        return x->charge.once ? 1 : -1;
    if (x->charge.amount_micros != y->charge.amount_micros)
        return x->charge.amount_micros < y->charge.amount_micros ? -1 : 1;
    return strcmp(x->charge.id, y->charge.id);
}

static bool same_line(const ldg_charge_use *x, const ldg_charge_use *y)
{
    return x->from == y->from && x->to == y->to && x->charge.once == y->charge.once &&
           x->charge.amount_micros == y->charge.amount_micros;
}

/* The part of window w that charge ch bills, as a use; false when none. */
static bool use_of(ldg_charge_use *u, const ldg_charge *ch, const ldg_rate_window *w)
{
    ldg_time lo = w->from, hi = w->to;

    memset(u, 0, sizeof(*u));
    u->charge = *ch;
    if (ch->once) {
        if (ch->at < w->from || ch->at >= w->to)
            return false;
    } else {
        if (ch->from != LDG_CONTRACT_NO_TIME && ch->from > lo)
            lo = ch->from;
        if (ch->until != LDG_CONTRACT_NO_TIME && ch->until < hi)
            hi = ch->until;
        if (lo >= hi)
            return false;
        u->hours = (hi - lo) / LDG_SECS_PER_HOUR;
    }
    u->from = lo;
    u->to = hi;
    return true;
}

/* The line of the n uses u[0..n) (one key); hours(P) is period_hours. */
static ldg_code line_of(ldg_line *l, const ldg_charge_use *u, size_t n,
                        int64_t period_hours, int digits, ldg_error *err)
{
    int64_t count = (int64_t)n * LDG_MICRO;

    memset(l, 0, sizeof(*l));
    l->stream = LDG_STREAM_FIXED;
    l->cls = LDG_GPU_NONE;
    l->from = u->from;
    l->to = u->to;
    l->rate_micros = u->charge.amount_micros;
    snprintf(l->unit, sizeof(l->unit), "%s", u->charge.once ? "once" : "month");
    if (u->charge.once) {
        l->qty_micros = count;
        return ldg_fixed_round_quotient(&l->amount_micros,
                                        (ldg_i128)count * u->charge.amount_micros,
                                        LDG_MICRO, 6, digits, err);
    }
    return ldg_rate_prorate(&l->qty_micros, &l->amount_micros, count,
                            u->charge.amount_micros, u->hours, period_hours, digits, err);
}

/* Every use of every window, unordered. */
static ldg_code collect_uses(ldg_charges_rating *out, const ldg_contract *c, ldg_period p,
                             ldg_error *err)
{
    size_t total = charges_total(c), nw = 0, nf;
    ldg_rate_window *w = NULL;
    ldg_charge *force;
    ldg_code rc;

    if ((rc = ldg_rate_windows(&w, &nw, c, p, err)) != LDG_OK || total == 0) {
        free(w);
        return rc;
    }
    force = calloc(total, sizeof(*force));
    out->uses = calloc(total * nw, sizeof(*out->uses));
    if (!force || !out->uses) {
        free(force);
        free(w);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nw; i++) {
        in_force(force, &nf, c, w[i].from);
        for (size_t k = 0; k < nf; k++)
            if (use_of(&out->uses[out->nuses], &force[k], &w[i]))
                out->nuses++;
    }
    free(force);
    free(w);
    return LDG_OK;
}

ldg_code ldg_charges_rate(ldg_charges_rating *out, const ldg_contract *c, ldg_period p,
                          int digits, ldg_error *err)
{
    ldg_code rc;
    size_t i, j;

    assert(out && c);
    memset(out, 0, sizeof(*out));
    if ((rc = collect_uses(out, c, p, err)) != LDG_OK || out->nuses == 0) {
        ldg_charges_rating_cleanup(out);
        return rc;
    }
    qsort(out->uses, out->nuses, sizeof(*out->uses), cmp_use);
    if (!(out->lines = calloc(out->nuses, sizeof(*out->lines)))) {
        ldg_charges_rating_cleanup(out);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (i = 0; i < out->nuses; i = j) {
        for (j = i; j < out->nuses && same_line(&out->uses[i], &out->uses[j]); j++)
            out->uses[j].line = out->nlines;
        rc = line_of(&out->lines[out->nlines++], &out->uses[i], j - i,
                     ldg_period_hours(p), digits, err);
        if (rc != LDG_OK) {
            ldg_charges_rating_cleanup(out);
            return ldg_error_set(err, LDG_ERANGE, "arithmetic out of range while rating");
        }
    }
    return LDG_OK;
}

void ldg_charges_rating_cleanup(ldg_charges_rating *r)
{
    if (!r)
        return;
    free(r->lines);
    free(r->uses);
    memset(r, 0, sizeof(*r));
}

ldg_code ldg_charges_add_lines(ldg_draft *d, const ldg_contract *c, ldg_error *err)
{
    ldg_charges_rating cr;
    ldg_code rc;

    rc = ldg_charges_rate(&cr, c, ldg_rate_draft_period(d),
                          ldg_rate_draft_currency_digits(d), err);
    for (size_t i = 0; i < cr.nlines && rc == LDG_OK; i++)
        rc = ldg_rate_draft_add_line(d, &cr.lines[i], err);
    ldg_charges_rating_cleanup(&cr);
    return rc;
}
