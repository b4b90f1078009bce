/*
 * Explaining a demand or power_overage line: the peak quarter-hour (named), its energy
 * and average kW, the PUE factor, the ratchet base and which of the two decides, then
 * the product. ldg_demand_compute decides (demand.c); this file only narrates it.
 */
#include "ledger/demand.h"
#include "ledger/explain_int.h"

#include <string.h>

void ldg_explain_set_demand(ldg_explain *ex, const struct ldg_demand_usage *du)
{
    ex->demand = du;
}

/* {"peak": {"from", "to", "mwh", "kw"}, ...} and the sentences of the metered peak. */
static void narrate_peak(xctx *x, json_t *lo, json_t *sn, const ldg_demand_result *r)
{
    char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN], a[LDG_FIXED_BUFLEN],
        b[LDG_FIXED_BUFLEN];
    json_t *pk = obj(x);

    if (pk) {
        put_time(x, pk, "from", r->peak_at);
        put_time(x, pk, "to", r->peak_at + LDG_DEMAND_QUARTER);
        put_fixed(x, pk, "mwh", r->peak_mwh_micros);
        put_fixed(x, pk, "kw", r->peak_kw_micros);
    }
    put(x, lo, "peak", pk);
    put(x, lo, "quarter_hours", json_integer((json_int_t)r->quarters));
    put(x, lo, "quarter_hours_missing", json_integer((json_int_t)r->missing));
    say(x, sn,
        "metered peak: the quarter-hour %s .. %s, %s MWh at the tenant's meters of the "
        "site, × 4000 = %s kW average",
        tm(t1, r->peak_at), tm(t2, r->peak_at + LDG_DEMAND_QUARTER),
        fx(a, r->peak_mwh_micros), fx(b, r->peak_kw_micros));
    if (r->missing > 0)
        say(x, sn,
            "%" PRId64 " of the %" PRId64 " quarter-hours have no 15-minute data "
            "(the first at %s)",
            r->missing, r->quarters, tm(t1, r->first_missing));
}

static void narrate_ratchet(xctx *x, json_t *lo, json_t *sn, const ldg_demand_result *r)
{
    char t1[LDG_TIME_BUFLEN], a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN],
        d[LDG_EXPLAIN_DECBUF];
    const ldg_demand_terms *t = &r->terms;
    json_t *ro;

    if (t->pue_applies)
        say(x, sn, "pue_applies: × PUE %s", fx(a, t->pue_micros));
    if (t->ratchet_percent_micros == 0)
        return;
    ro = obj(x);
    if (ro) {
        put_fixed(x, ro, "percent", t->ratchet_percent_micros);
        put(x, ro, "months", json_integer((json_int_t)t->ratchet_months));
        if (r->prior_at != 0)
            put_time(x, ro, "peak_from", r->prior_at);
        put_fixed(x, ro, "peak_kw", r->prior_kw_micros);
        put(x, ro, "decides", json_boolean(r->ratchet_decides));
    }
    put(x, lo, "ratchet", ro);
    if (r->prior_at == 0) {
        say(x, sn,
            "ratchet %s %% of the previous %" PRId64 " periods' peak: no 15-minute "
            "data in them",
            fx(a, t->ratchet_percent_micros), t->ratchet_months);
        return;
    }
    say(x, sn,
        "ratchet: %s %% × the previous %" PRId64
        " periods' peak %s kW (quarter-hour from "
        "%s)%s; it %s",
        fx(a, t->ratchet_percent_micros), t->ratchet_months, fx(b, r->prior_kw_micros),
        tm(t1, r->prior_at), t->pue_applies ? " × PUE" : "",
        r->ratchet_decides ? "exceeds the metered peak and decides" : "does not decide");
    say(x, sn, "billed demand: %s kW", ldg_explain_decimal(d, r->billed_e20, 20));
}

ldg_code ldg_explain__demand(xctx *x, json_t *lo, json_t *sn, const ldg_line *l,
                             computed *out, ldg_error *err)
{
    char q[LDG_FIXED_BUFLEN], r1[LDG_FIXED_BUFLEN], d[LDG_EXPLAIN_DECBUF],
        expr[SENTENCE_MAX];
    ldg_demand_result res;
    ldg_line dl, ol;
    bool hd = false, ho = false;
    ldg_i128 num = 0;
    ldg_code rc;

    if (!x->ex->demand) {
        say(x, sn, "no 15-minute energy data was read for this period");
        return LDG_OK;
    }
    if ((rc = ldg_demand_compute(&res, x->ex->c, x->ex->p, x->ex->demand, err)) !=
            LDG_OK ||
        (rc = ldg_demand_lines(&dl, &hd, &ol, &ho, &res, x->digits, err)) != LDG_OK)
        return rc;
    if (!res.has_data) {
        say(x, sn, "no quarter-hour of the period has 15-minute data: no demand line");
        return LDG_OK;
    }
    narrate_peak(x, lo, sn, &res);
    if (l->stream == LDG_STREAM_DEMAND) {
        narrate_ratchet(x, lo, sn, &res);
        if (!hd)
            return LDG_OK;
        out->qty = dl.qty_micros;
        num = res.billed_e20 * res.hours * l->rate_micros; /* fits: ldg_demand_lines */
        snprintf(expr, sizeof(expr), "%s kW × %s %s × %" PRId64 " h / %" PRId64 " h",
                 ldg_explain_decimal(d, res.billed_e20, 20), fx(r1, l->rate_micros),
                 x->cur, res.hours, res.period_hours);
        /* num in 10^-26 of the currency: over hours(P) x 10^20, units of 10^-6 */
        rc = ldg_explain__product(x, lo, sn, expr, num,
                                  (ldg_i128)res.period_hours * LDG_MICRO * LDG_MICRO *
                                      LDG_MICRO * 100,
                                  6, &out->amount, err);
    } else {
        if (!ho)
            return LDG_OK;
        out->qty = ol.qty_micros;
        say(x, sn, "above the contracted %s kW (capacity_mw × 1000) by %s kW",
            fx(q, res.terms.capacity_kw_micros),
            fx(r1, res.peak_kw_micros - res.terms.capacity_kw_micros));
        num = (ldg_i128)(res.peak_kw_micros - res.terms.capacity_kw_micros) *
              l->rate_micros * res.hours;
        snprintf(expr, sizeof(expr), "%s kW × %s %s × %" PRId64 " h / %" PRId64 " h",
                 fx(q, res.peak_kw_micros - res.terms.capacity_kw_micros),
                 fx(r1, l->rate_micros), x->cur, res.hours, res.period_hours);
        rc = ldg_explain__product(x, lo, sn, expr, num, res.period_hours, 12,
                                  &out->amount, err);
    }
    out->present = rc == LDG_OK;
    return rc;
}
