/*
 * Explaining a fixed line: which charges of which contract documents it holds, the
 * hours each bills and the one product. The charges are those ldg_charges_rate finds
 * (charges.c decides what is in force; this file only narrates it).
 */
#include "ledger/charges.h"
#include "ledger/explain_int.h"

#include <string.h>

static bool same_key(const ldg_line *a, const ldg_line *b)
{
    return a->from == b->from && a->to == b->to && a->rate_micros == b->rate_micros &&
           strcmp(a->unit, b->unit) == 0;
}

/* One charge of the line: {"id", "name", "every", "amount", "from"/"until" or "at",
 * "set_by", "billed"} and its sentence. */
static void narrate_use(xctx *x, json_t *charges, json_t *sn, const ldg_charge_use *u,
                        int64_t period_hours)
{
    const ldg_charge *ch = &u->charge;
    char a[LDG_FIXED_BUFLEN], s1[32], t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN],
        t3[LDG_TIME_BUFLEN], span[160];
    json_t *o = obj(x), *set_by = obj(x);

    if (o) {
        put(x, o, "id", json_string(ch->id));
        put(x, o, "name", json_string(ch->name));
        put(x, o, "every", json_string(ch->once ? "once" : "month"));
        put_fixed(x, o, "amount", ch->amount_micros);
        if (ch->once)
            put_time(x, o, "at", ch->at);
        if (!ch->once && ch->from != LDG_CONTRACT_NO_TIME)
            put_time(x, o, "from", ch->from);
        if (!ch->once && ch->until != LDG_CONTRACT_NO_TIME)
            put_time(x, o, "until", ch->until);
        if (!ch->once)
            put(x, o, "hours", json_integer((json_int_t)u->hours));
    }
    if (set_by) {
        put(x, set_by, "seq", seq_value(x->ex->seqs[ch->doc]));
        put(x, set_by, "role", json_string(doc_role(ch->doc)));
        put_time(x, set_by, "effective", doc_effective(x->ex, ch->doc));
    }
    if (o)
        put(x, o, "set_by", set_by);
    else
        json_decref(set_by);
    push(x, charges, o);
    if (ch->once) {
        say(x, sn,
            "charge \"%s\" (%s): %s %s once at %s, stated by %s (%s): the period holds "
            "it",
            ch->id, ch->name, fx(a, ch->amount_micros), x->cur, tm(t1, ch->at),
            seqtxt(s1, x->ex->seqs[ch->doc]), doc_role(ch->doc));
        return;
    }
    snprintf(span, sizeof(span), "%s%s%s%s",
             ch->from != LDG_CONTRACT_NO_TIME ? " from " : "",
             ch->from != LDG_CONTRACT_NO_TIME ? tm(t1, ch->from) : "",
             ch->until != LDG_CONTRACT_NO_TIME ? " until " : "",
             ch->until != LDG_CONTRACT_NO_TIME ? tm(t2, ch->until) : "");
    say(x, sn,
        "charge \"%s\" (%s): %s %s every month%s, stated by %s (%s): in force for "
        "%" PRId64 " of the %" PRId64 " hours of the period, %s .. %s",
        ch->id, ch->name, fx(a, ch->amount_micros), x->cur, span,
        seqtxt(s1, x->ex->seqs[ch->doc]), doc_role(ch->doc), u->hours, period_hours,
        tm(t2, u->from), tm(t3, u->to));
}

ldg_code ldg_explain__fixed(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                            computed *out, ldg_error *err)
{
    int64_t ph = ldg_period_hours(x->ex->p);
    char r[LDG_FIXED_BUFLEN], expr[SENTENCE_MAX];
    ldg_charges_rating cr;
    json_t *charges;
    size_t i, k, n = 0;
    ldg_code rc;

    if ((rc = ldg_charges_rate(&cr, x->ex->c, x->ex->p, x->digits, err)) != LDG_OK)
        return rc;
    for (k = 0; k < cr.nlines && !same_key(&cr.lines[k], l); k++)
        ;
    if (k == cr.nlines) {
        say(x, sn, "no fixed charge of contract %s gives this line",
            ldg_contract_id(x->ex->c));
        ldg_charges_rating_cleanup(&cr);
        return LDG_OK;
    }
    charges = arr(x);
    put(x, lo, "charges", charges);
    for (i = 0; i < cr.nuses; i++)
        if (cr.uses[i].line == k) {
            if (charges)
                narrate_use(x, charges, sn, &cr.uses[i], ph);
            n++;
        }
    out->qty = cr.lines[k].qty_micros;
    if (strcmp(l->unit, "once") == 0) {
        snprintf(expr, sizeof(expr), "%zu × %s %s", n, fx(r, l->rate_micros), x->cur);
        rc = ldg_explain__product(x, lo, sn, expr, (ldg_i128)n * l->rate_micros, 1, 6,
                                  &out->amount, err);
    } else {
        /* Charges of one line share its span, so each bills the same hours. */
        int64_t h = 0;

        for (i = 0; i < cr.nuses; i++)
            if (cr.uses[i].line == k)
                h = cr.uses[i].hours;
        snprintf(expr, sizeof(expr), "%zu × %s %s × %" PRId64 " h / %" PRId64 " h", n,
                 fx(r, l->rate_micros), x->cur, h, ph);
        rc = ldg_explain__product(x, lo, sn, expr, (ldg_i128)n * l->rate_micros * h, ph,
                                  6, &out->amount, err);
    }
    out->present = rc == LDG_OK;
    ldg_charges_rating_cleanup(&cr);
    return rc;
}
