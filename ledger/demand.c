/*
 * Peak-demand power (demand.h states the rule).
 *
 * Design: the terms are read from the energy member of the contract document in force
 * (energy is replaced whole by an amendment, so that document holds the demand terms
 * too), and the PUE and capacity from ldg_contract_terms_at, so contract.c keeps no
 * state for demand. The sums are one array of quarter-hours over the span asked for:
 * a period with an 11-month ratchet is about 35,000 quarter-hours, whatever the number
 * of records. kW are compared and billed in 10^-20 kW, so PUE and ratchet percent
 * multiply exactly and the amount is rounded once.
 */
#include "ledger/demand.h"

#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/rollup.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define E8  INT64_C(100000000) /* 100 % in micro-percent */
#define E14 ((ldg_i128)LDG_MICRO * LDG_MICRO * 100)

/* ---- terms ------------------------------------------------------------------------- */

static ldg_code derr(ldg_error *err, const char *id, const char *field, const char *msg)
{
    return ldg_error_set(err, LDG_EINVAL, "contract \"%s\": field \"energy.%s\": %s",
                         id ? id : "?", field, msg);
}

/* A decimal string member >= 0 with at most 6 decimals into micro-units. */
static ldg_code get_dec(int64_t *out, const json_t *o, const char *key, const char *id,
                        const char *field, ldg_error *err)
{
    const json_t *v = json_object_get(o, key);

    if (!v)
        return derr(err, id, field, "required field missing");
    if (!json_is_string(v) ||
        ldg_fixed_parse_dp(out, json_string_value(v), json_string_length(v), 6, NULL) !=
            LDG_OK)
        return derr(err, id, field, "must be a decimal string");
    if (*out < 0)
        return derr(err, id, field, "must not be negative");
    return LDG_OK;
}

static bool only_keys(const json_t *o, const char *const *keys)
{
    size_t n = 0;

    for (size_t i = 0; keys[i]; i++)
        if (json_object_get(o, keys[i]))
            n++;
    return n == json_object_size(o);
}

static ldg_code check_ratchet(const json_t *r, const char *id, ldg_error *err)
{
    static const char *const keys[] = { "percent", "months", NULL };
    const json_t *m = json_object_get(r, "months");
    int64_t pct = 0;
    ldg_code rc;

    if (!json_is_object(r) || !only_keys(r, keys))
        return derr(err, id, "demand.ratchet",
                    "must be an object of \"percent\" and \"months\"");
    if ((rc = get_dec(&pct, r, "percent", id, "demand.ratchet.percent", err)) != LDG_OK)
        return rc;
    if (pct > E8)
        return derr(err, id, "demand.ratchet.percent", "percent outside 0..100");
    if (!json_is_integer(m) || json_integer_value(m) < 1 ||
        json_integer_value(m) > LDG_DEMAND_RATCHET_MAX)
        return derr(err, id, "demand.ratchet.months", "must be an integer 1..36");
    return LDG_OK;
}

ldg_code ldg_demand_check(const json_t *energy, const char *id, ldg_error *err)
{
    static const char *const keys[] = { "rate_per_kw_month", "ratchet", "pue_applies",
                                        NULL };
    const json_t *d = json_object_get(energy, "demand"), *pa;
    int64_t v = 0;
    ldg_code rc;

    if ((d || json_object_get(energy, "overage_rate_per_kw_month")) &&
        json_object_get(energy, "capacity_mw") &&
        (get_dec(&v, energy, "capacity_mw", id, "capacity_mw", err) != LDG_OK ||
         v > INT64_MAX / 1000))
        return derr(err, id, "capacity_mw", "too large for demand terms (kW in 64 bits)");
    if (json_object_get(energy, "overage_rate_per_kw_month")) {
        if ((rc = get_dec(&v, energy, "overage_rate_per_kw_month", id,
                          "overage_rate_per_kw_month", err)) != LDG_OK)
            return rc;
        if (!json_object_get(energy, "capacity_mw"))
            return derr(err, id, "overage_rate_per_kw_month",
                        "needs \"capacity_mw\", the contracted maximum");
    }
    if (!d)
        return LDG_OK;
    if (!json_is_object(d) || !only_keys(d, keys))
        return derr(err, id, "demand",
                    "must be an object of \"rate_per_kw_month\", \"ratchet\" and "
                    "\"pue_applies\"");
    if ((rc = get_dec(&v, d, "rate_per_kw_month", id, "demand.rate_per_kw_month", err)) !=
        LDG_OK)
        return rc;
    pa = json_object_get(d, "pue_applies");
    if (pa && !json_is_boolean(pa))
        return derr(err, id, "demand.pue_applies", "must be true or false");
    if (json_object_get(d, "ratchet"))
        return check_ratchet(json_object_get(d, "ratchet"), id, err);
    return LDG_OK;
}

static const ldg_contract_doc *doc_of(const ldg_contract *c, size_t d)
{
    return d == 0 ? ldg_contract_base(c) : ldg_contract_amendment(c, d - 1);
}

/* The "energy" object of the last document in force at at that states one. */
static const json_t *energy_at(const ldg_contract *c, ldg_time at)
{
    size_t ndocs = ldg_contract_amendment_count(c) + 1;
    const json_t *en = NULL;

    for (size_t d = 0; d < ndocs; d++) {
        const json_t *j = ldg_contract_doc_json(doc_of(c, d));

        if (d > 0 && ldg_contract_doc_effective(doc_of(c, d)) > at)
            break;
        if (json_object_get(j, "energy"))
            en = json_object_get(j, "energy");
    }
    return en;
}

static int64_t dec_of(const json_t *o, const char *key)
{
    int64_t v = 0;
    const json_t *s = json_object_get(o, key);

    /* validated at parse (ldg_demand_check) */
    if (s)
        (void)ldg_fixed_parse_dp(&v, json_string_value(s), json_string_length(s), 6,
                                 NULL);
    return v;
}

ldg_code ldg_demand_terms_at(ldg_demand_terms *out, const ldg_contract *c, ldg_time at,
                             ldg_error *err)
{
    const json_t *en, *d, *r;
    ldg_terms t;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = ldg_contract_terms_at(&t, c, at, err)) != LDG_OK)
        return rc;
    if (!t.energy.present || !(en = energy_at(c, at)))
        return LDG_OK;
    out->pue_micros = t.energy.pue_micros;
    /* ldg_demand_check bounds capacity_mw wherever demand terms are stated */
    out->capacity_kw_micros = t.energy.capacity_mw_micros <= INT64_MAX / 1000
                                  ? t.energy.capacity_mw_micros * 1000
                                  : 0;
    out->overage = json_object_get(en, "overage_rate_per_kw_month") != NULL;
    out->overage_rate_micros = dec_of(en, "overage_rate_per_kw_month");
    if (!(d = json_object_get(en, "demand")))
        return LDG_OK;
    out->demand = true;
    out->rate_micros = dec_of(d, "rate_per_kw_month");
    out->pue_applies = json_is_true(json_object_get(d, "pue_applies"));
    if ((r = json_object_get(d, "ratchet"))) {
        out->ratchet_percent_micros = dec_of(r, "percent");
        out->ratchet_months = (int64_t)json_integer_value(json_object_get(r, "months"));
    }
    return LDG_OK;
}

/* The covered part of p and the terms of its last window; false when none. */
static bool last_terms(ldg_demand_terms *t, ldg_time *from, ldg_time *to,
                       const ldg_contract *c, ldg_period p)
{
    ldg_rate_window *w = NULL;
    size_t nw = 0;
    bool ok;

    if (ldg_rate_windows(&w, &nw, c, p, NULL) != LDG_OK)
        return false;
    *from = w[0].from;
    *to = w[nw - 1].to;
    ok = ldg_demand_terms_at(t, c, w[nw - 1].from, NULL) == LDG_OK;
    free(w);
    return ok;
}

bool ldg_demand_applies(const ldg_contract *c, ldg_period p)
{
    ldg_demand_terms t;
    ldg_time from, to;

    return last_terms(&t, &from, &to, c, p) && (t.demand || t.overage);
}

ldg_time ldg_demand_since(const ldg_contract *c, ldg_period p)
{
    ldg_demand_terms t;
    ldg_time from = p.start, to;
    ldg_period q = p;

    if (!last_terms(&t, &from, &to, c, p))
        return p.start;
    for (int64_t k = 0; k < t.ratchet_months; k++)
        q = ldg_period_of(q.start - 1);
    if (q.start > ldg_contract_starts(c))
        return q.start < from ? q.start : from;
    return ldg_contract_starts(c) < from ? ldg_contract_starts(c) : from;
}

/* ---- sums -------------------------------------------------------------------------- */

struct ldg_demand_usage {
    ldg_time from, to;
    size_t n;
    int64_t *qty;     /* micro-MWh per quarter-hour */
    int64_t *records; /* 15-minute records with a piece in it */
    int64_t hourly;   /* longer energy records seen */
};

ldg_code ldg_demand_usage_new(ldg_demand_usage **out, ldg_time from, ldg_time to,
                              ldg_error *err)
{
    ldg_demand_usage *du;

    assert(out && to >= from && from % LDG_DEMAND_QUARTER == 0 &&
           to % LDG_DEMAND_QUARTER == 0);
    *out = NULL;
    if (!(du = calloc(1, sizeof(*du))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    du->from = from;
    du->to = to;
    du->n = (size_t)((to - from) / LDG_DEMAND_QUARTER);
    du->qty = calloc(du->n + 1, sizeof(*du->qty));
    du->records = calloc(du->n + 1, sizeof(*du->records));
    if (!du->qty || !du->records) {
        ldg_demand_usage_free(du);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    *out = du;
    return LDG_OK;
}

void ldg_demand_usage_free(ldg_demand_usage *du)
{
    if (!du)
        return;
    free(du->qty);
    free(du->records);
    free(du);
}

bool ldg_demand_is_quarter_record(ldg_time s, ldg_time e)
{
    return e > s && e - s <= LDG_DEMAND_QUARTER;
}

ldg_code ldg_demand_usage_add_sum(ldg_demand_usage *du, ldg_time quarter, int64_t qty,
                                  int64_t records, ldg_error *err)
{
    size_t i;

    if (quarter < du->from || quarter >= du->to || quarter % LDG_DEMAND_QUARTER != 0)
        return LDG_OK;
    i = (size_t)((quarter - du->from) / LDG_DEMAND_QUARTER);
    du->records[i] += records;
    return ldg_fixed_add(&du->qty[i], du->qty[i], qty, err);
}

void ldg_demand_usage_add_hourly(ldg_demand_usage *du, int64_t records)
{
    du->hourly += records;
}

ldg_code ldg_demand_usage_add_record(ldg_demand_usage *du, ldg_time s, ldg_time e,
                                     int64_t qty, ldg_error *err)
{
    ldg_time q = s - ((s % LDG_DEMAND_QUARTER) + LDG_DEMAND_QUARTER) % LDG_DEMAND_QUARTER;
    int64_t first = qty;
    ldg_code rc;

    if (e <= s)
        return ldg_error_set(err, LDG_EINVAL,
                             "energy record ends at or before its start");
    if (!ldg_demand_is_quarter_record(s, e)) {
        if (e > du->from && s < du->to)
            du->hourly++;
        return LDG_OK;
    }
    /* at most 15 minutes: one cut at most, F on the original record (rate.h) */
    ldg_rate_split(&first, qty, s, e, q + LDG_DEMAND_QUARTER);
    if ((rc = ldg_demand_usage_add_sum(du, q, first, 1, err)) != LDG_OK)
        return rc;
    if (e > q + LDG_DEMAND_QUARTER)
        rc = ldg_demand_usage_add_sum(du, q + LDG_DEMAND_QUARTER, qty - first, 1, err);
    return rc;
}

ldg_code ldg_demand_rollup_add(ldg_rollup *q, int32_t tenant_id, int16_t site_id,
                               const ldg_record *u, ldg_error *err)
{
    ldg_time s = u->start, e = u->end;
    ldg_time qs =
        s - ((s % LDG_DEMAND_QUARTER) + LDG_DEMAND_QUARTER) % LDG_DEMAND_QUARTER;
    int64_t first = u->qty_micros;
    ldg_rollup_key k;
    ldg_code rc;

    if (u->kind != LDG_KIND_ENERGY || !ldg_demand_is_quarter_record(s, e))
        return LDG_OK;
    memset(&k, 0, sizeof(k)); /* the key's padding is hashed too */
    k.tenant_id = tenant_id;
    k.site_id = site_id;
    k.kind = (int8_t)u->kind;
    k.cls = (int8_t)u->cls;
    k.hour = qs;
    /* the same cut as ldg_demand_usage_add_record, so stored and raw sums agree */
    ldg_rate_split(&first, u->qty_micros, s, e, qs + LDG_DEMAND_QUARTER);
    if ((rc = ldg_rollup_add_piece(q, &k, first, err)) != LDG_OK ||
        e <= qs + LDG_DEMAND_QUARTER)
        return rc;
    k.hour = qs + LDG_DEMAND_QUARTER;
    return ldg_rollup_add_piece(q, &k, u->qty_micros - first, err);
}

/* ---- the rule ---------------------------------------------------------------------- */

/* The highest quarter-hour of [from, to) in du: *at its start, *qty its energy;
 * *at = 0 when no quarter-hour there has a record. */
static void peak_of(ldg_time *at, int64_t *qty, const ldg_demand_usage *du, ldg_time from,
                    ldg_time to)
{
    *at = 0;
    *qty = 0;
    for (ldg_time q = from; q < to; q += LDG_DEMAND_QUARTER) {
        size_t i;

        if (q < du->from || q >= du->to)
            continue;
        i = (size_t)((q - du->from) / LDG_DEMAND_QUARTER);
        if (du->records[i] > 0 && (*at == 0 || du->qty[i] > *qty)) {
            *at = q;
            *qty = du->qty[i];
        }
    }
}

int64_t ldg_demand_missing(ldg_time *first, const ldg_demand_usage *du, ldg_time from,
                           ldg_time to)
{
    int64_t n = 0;

    *first = 0;
    for (ldg_time q = from; q < to; q += LDG_DEMAND_QUARTER) {
        if (q >= du->from && q < du->to &&
            du->records[(q - du->from) / LDG_DEMAND_QUARTER] > 0)
            continue;
        if (n++ == 0)
            *first = q;
    }
    return n;
}

/* The covered part's quarter-hours, and those without a 15-minute record. */
static void missing_of(ldg_demand_result *res, const ldg_demand_usage *du)
{
    res->quarters = (res->to - res->from) / LDG_DEMAND_QUARTER;
    res->missing = ldg_demand_missing(&res->first_missing, du, res->from, res->to);
    res->has_data = res->missing < res->quarters;
}

/* micro-MWh in a quarter-hour to micro-kW; LDG_ERANGE beyond int64 (ingest's capacity
 * check keeps real sums far below: a site's power x 15 minutes). */
static ldg_code kw_of(int64_t *out, int64_t mwh_micros, ldg_error *err)
{
    return ldg_i128_to_i64(out, (ldg_i128)mwh_micros * LDG_DEMAND_KW_PER_MWH_Q, err);
}

/* The ratchet base: the highest metered peak of the previous `months` periods. */
static ldg_code prior_peak(ldg_demand_result *res, const ldg_contract *c, ldg_period p,
                           const ldg_demand_usage *du, ldg_error *err)
{
    ldg_period q = p;

    for (int64_t k = 0; k < res->terms.ratchet_months; k++) {
        ldg_time from, to, at;
        int64_t qty, kw = 0;
        ldg_code rc;

        q = ldg_period_of(q.start - 1);
        from = q.start > ldg_contract_starts(c) ? q.start : ldg_contract_starts(c);
        to = q.end < ldg_contract_ends(c) ? q.end : ldg_contract_ends(c);
        if (from >= to)
            break;
        peak_of(&at, &qty, du, from, to);
        if (at != 0 && (rc = kw_of(&kw, qty, err)) != LDG_OK)
            return rc;
        if (at != 0 && (res->prior_at == 0 || kw > res->prior_kw_micros)) {
            res->prior_at = at;
            res->prior_kw_micros = kw;
        }
    }
    return LDG_OK;
}

ldg_code ldg_demand_compute(ldg_demand_result *out, const ldg_contract *c, ldg_period p,
                            const ldg_demand_usage *du, ldg_error *err)
{
    ldg_i128 f, metered, ratchet;
    char pb[8];
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    if (!last_terms(&out->terms, &out->from, &out->to, c, p))
        return ldg_error_set(err, LDG_EINVAL,
                             "contract \"%s\" does not cover any hour of period %s",
                             ldg_contract_id(c), ldg_period_format(pb, p));
    out->hours = (out->to - out->from) / LDG_SECS_PER_HOUR;
    out->period_hours = ldg_period_hours(p);
    if (!du)
        return LDG_OK;
    out->hourly_records = du->hourly;
    missing_of(out, du);
    peak_of(&out->peak_at, &out->peak_mwh_micros, du, out->from, out->to);
    if ((rc = kw_of(&out->peak_kw_micros, out->peak_mwh_micros, err)) != LDG_OK ||
        (rc = prior_peak(out, c, p, du, err)) != LDG_OK)
        return rc;
    f = out->terms.pue_applies ? out->terms.pue_micros : LDG_MICRO;
    /* 10^-20 kW: micro-kW x factor (10^-6) x 10^8, against micro-kW x factor x percent
     * (micro-percent over 100) */
    metered = (ldg_i128)out->peak_kw_micros * f * E8;
    ratchet = (ldg_i128)out->prior_kw_micros * f * out->terms.ratchet_percent_micros;
    out->ratchet_decides = out->terms.ratchet_percent_micros > 0 && ratchet > metered;
    out->billed_e20 = out->ratchet_decides ? ratchet : metered;
    return LDG_OK;
}

static void line_init(ldg_line *l, ldg_stream s, const ldg_demand_result *res,
                      int64_t rate)
{
    memset(l, 0, sizeof(*l));
    l->stream = s;
    l->cls = LDG_GPU_NONE;
    l->from = res->from;
    l->to = res->to;
    l->rate_micros = rate;
    snprintf(l->unit, sizeof(l->unit), "%s", "kw_month");
}

ldg_code ldg_demand_lines(ldg_line *demand, bool *has_demand, ldg_line *overage,
                          bool *has_overage, const ldg_demand_result *res, int digits,
                          ldg_error *err)
{
    const ldg_demand_terms *t = &res->terms;
    ldg_i128 num = 0;
    ldg_code rc;

    *has_demand = t->demand && res->has_data && res->billed_e20 > 0;
    *has_overage = t->overage && res->has_data && t->capacity_kw_micros > 0 &&
                   res->peak_kw_micros > t->capacity_kw_micros;
    if (*has_demand) {
        line_init(demand, LDG_STREAM_DEMAND, res, t->rate_micros);
        /* D x h / hours(P) kW-months; D x rate x h / hours(P): one rounding each */
        if ((rc = ldg_i128_mul(&num, res->billed_e20, res->hours, err)) != LDG_OK ||
            (rc = ldg_i128_to_i64(&demand->qty_micros,
                                  ldg_fixed_div_round(num, res->period_hours * E14),
                                  err)) != LDG_OK ||
            (rc = ldg_i128_mul(&num, num, t->rate_micros, err)) != LDG_OK ||
            (rc = ldg_fixed_round_quotient(&demand->amount_micros, num,
                                           (ldg_i128)res->period_hours * E14 * LDG_MICRO,
                                           6, digits, err)) != LDG_OK)
            return rc;
    }
    if (*has_overage) {
        line_init(overage, LDG_STREAM_POWER_OVERAGE, res, t->overage_rate_micros);
        return ldg_rate_prorate(&overage->qty_micros, &overage->amount_micros,
                                res->peak_kw_micros - t->capacity_kw_micros,
                                t->overage_rate_micros, res->hours, res->period_hours,
                                digits, err);
    }
    return LDG_OK;
}

ldg_code ldg_demand_add_lines(ldg_draft *d, const ldg_contract *c,
                              const ldg_demand_usage *du, ldg_error *err)
{
    ldg_period p = ldg_rate_draft_period(d);
    ldg_demand_result res;
    ldg_line dl, ol;
    bool hd = false, ho = false;
    ldg_code rc;

    if (!du)
        return LDG_OK; /* the rating was given no 15-minute data: no line */
    if ((rc = ldg_demand_compute(&res, c, p, du, err)) != LDG_OK ||
        (rc = ldg_demand_lines(&dl, &hd, &ol, &ho, &res,
                               ldg_rate_draft_currency_digits(d), err)) != LDG_OK)
        return rc;
    if (hd && (rc = ldg_rate_draft_add_line(d, &dl, err)) != LDG_OK)
        return rc;
    if (ho && (rc = ldg_rate_draft_add_line(d, &ol, err)) != LDG_OK)
        return rc;
    return LDG_OK;
}
