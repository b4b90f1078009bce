/*
 * Reconciliation findings, the pure half. See reconcile.h.
 *
 * Design: a finding is a flat value (fixed-size strings, a union of per-kind numbers)
 * so the store module can fill an array of them without an allocation per field, and
 * the formatting here needs nothing but the value. The id hashes JCS bytes rather than
 * a hand-joined string so that no choice of separator can make two findings collide.
 */
#include "ledger/reconcile.h"

#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/jcs.h"
#include "ledger/rate.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    ldg_recon_severity severity;
} kinds[LDG_RECON_KIND_COUNT] = {
    [LDG_RECON_OVERLAP] = { "overlap", LDG_RECON_BLOCK },
    [LDG_RECON_CAPACITY] = { "capacity", LDG_RECON_BLOCK },
    [LDG_RECON_GAP] = { "gap", LDG_RECON_WARN },
    [LDG_RECON_ENERGY] = { "energy", LDG_RECON_WARN },
    [LDG_RECON_OVERAGE] = { "overage", LDG_RECON_INFO },
    [LDG_RECON_IDLE] = { "idle", LDG_RECON_INFO },
    [LDG_RECON_SLA] = { "sla", LDG_RECON_INFO },
    [LDG_RECON_OUTSIDE_TERM] = { "outside_term", LDG_RECON_INFO },
    [LDG_RECON_DOWNTIME_NO_TERMS] = { "downtime_no_terms", LDG_RECON_WARN },
    [LDG_RECON_PAYMENT_UNMATCHED] = { "payment_unmatched", LDG_RECON_WARN },
    [LDG_RECON_MAINTENANCE] = { "maintenance", LDG_RECON_BLOCK },
    [LDG_RECON_DEMAND_DATA] = { "demand_data", LDG_RECON_WARN },
    [LDG_RECON_POWER_OVERAGE] = { "power_overage", LDG_RECON_INFO },
    [LDG_RECON_METER_OVERLOAD] = { "meter_overload", LDG_RECON_BLOCK },
    [LDG_RECON_DOWNTIME_CAPACITY] = { "downtime_capacity", LDG_RECON_BLOCK },
};

/* Kinds about one record, named by its event id (event[0], seq[0]). */
static int one_record(ldg_recon_kind kind)
{
    return kind == LDG_RECON_OUTSIDE_TERM || kind == LDG_RECON_DOWNTIME_NO_TERMS;
}

static int kind_valid(ldg_recon_kind kind)
{
    return (int)kind >= 0 && (int)kind < LDG_RECON_KIND_COUNT;
}

const char *ldg_recon_kind_name(ldg_recon_kind kind)
{
    return kind_valid(kind) ? kinds[kind].name : NULL;
}

ldg_recon_severity ldg_recon_kind_severity(ldg_recon_kind kind)
{
    return kind_valid(kind) ? kinds[kind].severity : LDG_RECON_INFO;
}

const char *ldg_recon_severity_name(ldg_recon_severity s)
{
    switch (s) {
    case LDG_RECON_INFO:
        return "info";
    case LDG_RECON_WARN:
        return "warn";
    case LDG_RECON_BLOCK:
        return "block";
    }
    return NULL;
}

int ldg_recon_id_valid(const char *s)
{
    size_t i;

    if (!s)
        return 0;
    for (i = 0; i < LDG_RECON_ID_LEN; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[i] == '\0';
}

/* Energy band ------------------------------------------------------------------------ */

ldg_code ldg_recon_energy_class_band(int64_t *low_ukw, int64_t *high_ukw,
                                     ldg_gpu_class cls, ldg_error *err)
{
    const char *name = ldg_contract_class_name(cls);

    if (!name || ldg_gpu_class_default_band(low_ukw, high_ukw, name) != LDG_OK)
        return ldg_error_set(err, LDG_EINVAL, "no built-in energy band for GPU class %s",
                             name ? name : "(none)");
    return LDG_OK;
}

static ldg_code to_i64(int64_t *out, ldg_i128 v, ldg_error *err)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return ldg_error_set(err, LDG_ERANGE, "energy check out of range");
    *out = (int64_t)v;
    return LDG_OK;
}

ldg_code ldg_recon_energy_check(ldg_energy_eval *out, int64_t energy_micros,
                                const int64_t gpu_micros[LDG_GPU_NCLASS], ldg_error *err)
{
    int64_t low[LDG_GPU_NCLASS] = { 0 }, high[LDG_GPU_NCLASS] = { 0 };

    for (int c = 0; c < LDG_GPU_NCLASS; c++)
        if (gpu_micros[c] != 0 && ldg_recon_energy_class_band(
                                      &low[c], &high[c], (ldg_gpu_class)c, err) != LDG_OK)
            return LDG_EINVAL;
    return ldg_recon_energy_check_bands(out, energy_micros, gpu_micros, low, high, err);
}

ldg_code ldg_recon_energy_check_bands(ldg_energy_eval *out, int64_t energy_micros,
                                      const int64_t gpu_micros[LDG_GPU_NCLASS],
                                      const int64_t band_low[LDG_GPU_NCLASS],
                                      const int64_t band_high[LDG_GPU_NCLASS],
                                      ldg_error *err)
{
    /* E in micro-MWh = Wh; G in micro-GPU-hours; E/G in kW is E x 10^3 / G, and in
     * micro-kW E x 10^9 / G, compared with sum G_c x band_c / sum G_c undivided */
    ldg_i128 g = 0, lo = 0, hi = 0, e = (ldg_i128)energy_micros * 1000000000;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    for (int c = 0; c < LDG_GPU_NCLASS; c++) {
        g += gpu_micros[c];
        lo += (ldg_i128)gpu_micros[c] * band_low[c];
        hi += (ldg_i128)gpu_micros[c] * band_high[c];
    }
    if ((rc = to_i64(&out->gpu_micros, g, err)) != LDG_OK)
        return rc;
    if (g <= 0) {
        out->verdict = energy_micros > 0 ? 1 : 0;
        out->measured_ukw = -1;
        return LDG_OK;
    }
    out->verdict = e < lo ? -1 : e > hi ? 1 : 0;
    if ((rc = to_i64(&out->measured_ukw, ldg_fixed_div_round(e, g), err)) == LDG_OK &&
        (rc = to_i64(&out->low_ukw, ldg_fixed_div_round(lo, g), err)) == LDG_OK)
        rc = to_i64(&out->high_ukw, ldg_fixed_div_round(hi, g), err);
    return rc;
}

/* Outside parts ---------------------------------------------------------------------- */

void ldg_recon_outside_parts(ldg_recon_part *out, size_t *n, const ldg_time *starts,
                             const ldg_time *ends, size_t nspans, ldg_time s, ldg_time e,
                             int64_t q, ldg_time lo, ldg_time hi)
{
    ldg_time cur = s > lo ? s : lo, end = e < hi ? e : hi;

    *n = 0;
    while (cur < end) {
        ldg_time reach = cur, next = end;

        /* the furthest a span covering cur reaches, else the next span's start */
        for (size_t i = 0; i < nspans; i++) {
            if (starts[i] <= cur && ends[i] > reach)
                reach = ends[i];
            else if (starts[i] > cur && starts[i] < next)
                next = starts[i];
        }
        if (reach > cur) {
            cur = reach;
            continue;
        }
        {
            int64_t a, b;

            ldg_rate_split(&a, q, s, e, cur);
            ldg_rate_split(&b, q, s, e, next);
            out[*n].from = cur;
            out[*n].to = next;
            out[*n].qty_micros = b - a;
            (*n)++;
        }
        cur = next;
    }
}

/* The finding and its id ------------------------------------------------------------- */

void ldg_recon_finding_init(ldg_finding *f, ldg_recon_kind kind)
{
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->cls = LDG_GPU_NONE;
    f->seq[0] = f->seq[1] = -1;
}

/* A string member, or JSON null when empty. NULL when s is not valid UTF-8. */
static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *name_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static int set_new(json_t *obj, const char *key, json_t *v)
{
    return v ? json_object_set_new(obj, key, v) : -1;
}

static json_t *time_json(ldg_time t)
{
    char buf[LDG_TIME_BUFLEN];

    return json_string(ldg_time_format(buf, t));
}

ldg_code ldg_recon_finding_id(ldg_finding *f, ldg_error *err)
{
    static const char hex[] = "0123456789abcdef";
    char per[16];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    ldg_buf canon = { 0 };
    json_t *o;
    int bad = 0;
    ldg_code rc;

    if (!kind_valid(f->kind))
        return ldg_error_set(err, LDG_EINVAL, "unknown finding kind %d", (int)f->kind);
    if (!(o = json_object()))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    bad |= set_new(o, "kind", json_string(kinds[f->kind].name));
    bad |= set_new(o, "tenant", json_string(f->tenant));
    bad |= set_new(o, "period", json_string(ldg_period_format(per, f->period)));
    bad |= set_new(o, "contract", str_or_null(f->contract));
    bad |= set_new(o, "site", str_or_null(f->site));
    bad |= set_new(o, "meter", str_or_null(f->meter));
    bad |= set_new(o, "class", name_or_null(ldg_contract_class_name(f->cls)));
    bad |= set_new(o, "usage", name_or_null(ldg_kind_name(f->usage)));
    bad |= set_new(o, "from", time_json(f->from));
    bad |= set_new(o, "to", time_json(f->to));
    if (f->kind == LDG_RECON_OVERLAP) {
        /* sorted, so the pair is named the same whichever record came first */
        int swap = strcmp(f->event[0], f->event[1]) > 0;
        json_t *ev = json_array();
        bad |= !ev;
        if (ev) {
            bad |= json_array_append_new(ev, json_string(f->event[swap]));
            bad |= json_array_append_new(ev, json_string(f->event[!swap]));
        }
        bad |= set_new(o, "events", ev);
    } else if (one_record(f->kind) || f->kind == LDG_RECON_PAYMENT_UNMATCHED) {
        json_t *ev = json_array();
        bad |= !ev;
        if (ev)
            bad |= json_array_append_new(ev, json_string(f->event[0]));
        bad |= set_new(o, "events", ev);
    }
    if (bad) {
        json_decref(o);
        return ldg_error_set(err, LDG_EINVAL,
                             "finding of tenant \"%.64s\" has a field that is not UTF-8",
                             f->tenant);
    }
    rc = ldg_jcs_serialize(&canon, o, err);
    json_decref(o);
    if (rc == LDG_OK &&
        !EVP_Digest(canon.data, canon.len, md, &mdlen, EVP_sha256(), NULL))
        rc = ldg_error_set(err, LDG_EINTERNAL, "could not hash finding");
    if (rc == LDG_OK) {
        for (int i = 0; i < LDG_RECON_ID_LEN / 2; i++) {
            f->id[2 * i] = hex[md[i] >> 4];
            f->id[2 * i + 1] = hex[md[i] & 15];
        }
        f->id[LDG_RECON_ID_LEN] = '\0';
    }
    ldg_buf_cleanup(&canon);
    return rc;
}

/* Arrays of findings ----------------------------------------------------------------- */

ldg_code ldg_recon_findings_add(ldg_findings *fs, const ldg_finding *f, ldg_error *err)
{
    if (fs->n == fs->cap) {
        size_t cap = fs->cap ? fs->cap * 2 : 16;
        ldg_finding *p;

        if (cap > SIZE_MAX / sizeof(*p) || !(p = realloc(fs->items, cap * sizeof(*p))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        fs->items = p;
        fs->cap = cap;
    }
    fs->items[fs->n++] = *f;
    return LDG_OK;
}

void ldg_recon_findings_cleanup(ldg_findings *fs)
{
    free(fs->items);
    fs->items = NULL;
    fs->n = fs->cap = 0;
}

static int cmp_i64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static int cmp_finding(const void *va, const void *vb)
{
    const ldg_finding *a = va, *b = vb;
    int c;

    if ((c = cmp_i64(ldg_recon_kind_severity(b->kind), ldg_recon_kind_severity(a->kind))))
        return c;
    if ((c = strcmp(a->tenant, b->tenant)))
        return c;
    if ((c = cmp_i64(a->kind, b->kind)))
        return c;
    if ((c = cmp_i64(a->from, b->from)))
        return c;
    if ((c = strcmp(a->meter, b->meter)))
        return c;
    if ((c = cmp_i64(a->cls, b->cls)))
        return c;
    return strcmp(a->id, b->id);
}

void ldg_recon_sort(ldg_finding *items, size_t n)
{
    if (n > 1)
        qsort(items, n, sizeof(*items), cmp_finding);
}

size_t ldg_recon_count_blocking(const ldg_finding *items, size_t n)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        if (ldg_recon_kind_severity(items[i].kind) == LDG_RECON_BLOCK &&
            !items[i].acknowledged)
            k++;
    return k;
}

/* Formatting ------------------------------------------------------------------------- */

/* Decimal with 6 places; buf holds LDG_FIXED_BUFLEN. */
static const char *d6(char *buf, int64_t v)
{
    return ldg_fixed_format(buf, v, 6);
}

static const char *class_str(ldg_gpu_class c)
{
    const char *s = ldg_contract_class_name(c);
    return s ? s : "GPU";
}

static const char *usage_str(int usage)
{
    const char *s = ldg_kind_name(usage);
    return s ? s : "usage";
}

/* Utilization percent (micro-percent) of used over reserved, rounded; reserved > 0. */
static int64_t percent_of(int64_t used, int64_t reserved)
{
    ldg_i128 v = ldg_fixed_div_round((ldg_i128)used * 100 * LDG_MICRO, reserved);
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* GPU-hours above capacity in the hour; saturates instead of wrapping. */
static int64_t capacity_excess(const ldg_finding *f)
{
    ldg_i128 v =
        (ldg_i128)f->n.capacity.used_micros - (ldg_i128)f->n.capacity.gpus * LDG_MICRO;
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* A meter's load above its GPUs in the hour; saturates instead of wrapping. */
static int64_t meter_excess(const ldg_finding *f)
{
    ldg_i128 v = (ldg_i128)f->n.meter.load_micros - (ldg_i128)f->n.meter.gpus * LDG_MICRO;
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* A payment's amount in its currency's minor digits (6 when they do not divide it). */
static const char *payment_amount(char *buf, const ldg_finding *f)
{
    int digits = f->n.payment.digits;
    int64_t unit = 1;

    for (int i = digits; i >= 0 && i < 6; i++)
        unit *= 10;
    if (digits < 0 || digits > 6 || f->n.payment.amount_micros % unit != 0)
        digits = 6;
    return ldg_fixed_format(buf, f->n.payment.amount_micros, digits);
}

/* ldg_recon_finding_what of the findings about what a site can physically deliver and
 * the later contract terms (maintenance, demand); LDG_EINVAL for any other kind. */
static ldg_code what_physical(ldg_buf *out, const ldg_finding *f, ldg_error *err)
{
    char a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN], c[LDG_FIXED_BUFLEN],
        t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];

    switch (f->kind) {
    case LDG_RECON_DOWNTIME_CAPACITY:
        return ldg_buf_printf(out, err,
                              "%s downtime %s GPU-h in the hour above the site's %" PRId64
                              " GPUs (excess %s); this tenant %s",
                              class_str(f->cls), d6(a, f->n.capacity.used_micros),
                              f->n.capacity.gpus, d6(b, capacity_excess(f)),
                              d6(c, f->n.capacity.tenant_micros));
    case LDG_RECON_METER_OVERLOAD:
        return ldg_buf_printf(
            out, err,
            "meter of %" PRId64 " %s GPUs: %s GPU-h in the hour (used %s, down %s),"
            " excess %s; this tenant %s",
            f->n.meter.gpus, class_str(f->cls), d6(c, f->n.meter.load_micros),
            d6(a, f->n.meter.gpu_micros), d6(b, f->n.meter.down_micros),
            d6(t1, meter_excess(f)), d6(t2, f->n.meter.tenant_micros));
    case LDG_RECON_MAINTENANCE:
        return ldg_buf_printf(
            out, err,
            "%s maintenance %s GPU-h is beyond the %s GPU-h the SLA allows"
            " (%" PRId64 " h x %" PRId64 " reserved GPUs)",
            class_str(f->cls), d6(a, f->n.maintenance.maintenance_micros),
            d6(b, f->n.maintenance.allowed_micros), f->n.maintenance.hours_per_month,
            f->n.maintenance.reserved_gpus);
    case LDG_RECON_DEMAND_DATA:
        return ldg_buf_printf(
            out, err,
            "15-minute energy data missing for %" PRId64 " of %" PRId64
            " quarter-hours%s%s%s; %s MWh in longer records does not count toward "
            "demand%s",
            f->n.demand.missing, f->n.demand.quarters,
            f->n.demand.missing ? " (first " : "",
            f->n.demand.missing ? ldg_time_format(t1, f->n.demand.first_missing) : "",
            f->n.demand.missing ? ")" : "", d6(a, f->n.demand.coarse_micros),
            f->n.demand.missing == f->n.demand.quarters ? ": no demand line" : "");
    case LDG_RECON_POWER_OVERAGE:
        return ldg_buf_printf(
            out, err, "15-minute peak %s kW above the contracted %s kW (%s..%s)",
            d6(a, f->n.demand.peak_kw_micros), d6(b, f->n.demand.capacity_kw_micros),
            ldg_time_format(t1, f->from), ldg_time_format(t2, f->to));
    default:
        break;
    }
    return ldg_error_set(err, LDG_EINVAL, "unknown finding kind %d", (int)f->kind);
}

ldg_code ldg_recon_finding_what(ldg_buf *out, const ldg_finding *f, ldg_error *err)
{
    char a[LDG_FIXED_BUFLEN], b[LDG_FIXED_BUFLEN], c[LDG_FIXED_BUFLEN],
        t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];

    switch (f->kind) {
    case LDG_RECON_OVERLAP:
        return ldg_buf_printf(out, err,
                              "%s record \"%s\" (seq %" PRId64
                              ", %s) overlaps \"%s\" (seq %" PRId64 ", %s)",
                              usage_str(f->usage), f->event[0], f->seq[0],
                              d6(a, f->n.overlap.qty_micros[0]), f->event[1], f->seq[1],
                              d6(b, f->n.overlap.qty_micros[1]));
    case LDG_RECON_CAPACITY:
        return ldg_buf_printf(out, err,
                              "%s %s GPU-h in the hour above the site's %" PRId64
                              " GPUs (excess %s); this tenant %s",
                              class_str(f->cls), d6(a, f->n.capacity.used_micros),
                              f->n.capacity.gpus, d6(b, capacity_excess(f)),
                              d6(c, f->n.capacity.tenant_micros));
    case LDG_RECON_GAP:
        return ldg_buf_printf(
            out, err,
            "%s meter silent %" PRId64 " of %" PRId64 " hours, first %s, last %s",
            usage_str(f->usage), f->n.gap.silent_hours, f->n.gap.window_hours,
            ldg_time_format(t1, f->n.gap.first), ldg_time_format(t2, f->n.gap.last));
    case LDG_RECON_ENERGY: {
        const ldg_energy_eval *e = &f->n.energy.eval;
        const char *side = e->verdict < 0 ? "below" : "above";
        if (e->gpu_micros <= 0)
            return ldg_buf_printf(out, err, "%s MWh with no GPU-hours: %s any band",
                                  d6(a, f->n.energy.energy_micros), side);
        return ldg_buf_printf(
            out, err, "%s kW per GPU (%s MWh / %s GPU-h) %s band %s..%s",
            d6(a, e->measured_ukw), d6(b, f->n.energy.energy_micros),
            d6(c, e->gpu_micros), side, d6(t1, e->low_ukw), d6(t2, e->high_ukw));
    }
    case LDG_RECON_OVERAGE:
        return ldg_buf_printf(out, err, "%s used %s GPU-h, reserved %s, overage %s",
                              class_str(f->cls), d6(a, f->n.overage.used_micros),
                              d6(b, f->n.overage.reserved_micros),
                              d6(c, f->n.overage.overage_micros));
    case LDG_RECON_IDLE:
        return ldg_buf_printf(
            out, err, "%s used %s GPU-h of %s reserved%s (%s%%)", class_str(f->cls),
            d6(a, f->n.idle.used_micros), d6(b, f->n.idle.reserved_micros),
            f->n.idle.so_far ? " so far" : "",
            d6(c, f->n.idle.reserved_micros > 0
                      ? percent_of(f->n.idle.used_micros, f->n.idle.reserved_micros)
                      : 0));
    case LDG_RECON_SLA: {
        char amt[LDG_FIXED_BUFLEN];
        int digits = f->n.sla.digits >= 0 && f->n.sla.digits <= 6 ? f->n.sla.digits : 6;
        return ldg_buf_printf(
            out, err,
            "%s availability %s%% (downtime %s of %s GPU-h): credit %s%% = %s %s",
            class_str(f->cls), d6(a, f->n.sla.availability_micros),
            d6(b, f->n.sla.downtime_micros), d6(c, f->n.sla.reserved_micros),
            d6(t1, f->n.sla.percent_micros),
            ldg_fixed_format(amt, f->n.sla.credit_micros, digits), f->n.sla.currency);
    }
    case LDG_RECON_OUTSIDE_TERM:
        return ldg_buf_printf(
            out, err,
            "%s%s%s record \"%s\" (seq %" PRId64 ", %s..%s, %s): %s %s outside"
            " every contract term, not billed",
            f->cls == LDG_GPU_NONE ? "" : class_str(f->cls),
            f->cls == LDG_GPU_NONE ? "" : " ", usage_str(f->usage), f->event[0],
            f->seq[0], ldg_time_format(t1, f->n.part.start),
            ldg_time_format(t2, f->n.part.end), d6(a, f->n.part.record_micros),
            d6(b, f->n.part.qty_micros), f->usage == LDG_KIND_ENERGY ? "MWh" : "GPU-h");
    case LDG_RECON_DOWNTIME_NO_TERMS:
        return ldg_buf_printf(
            out, err,
            "%s downtime record \"%s\" (seq %" PRId64 ", %s..%s, %s): %s GPU-h"
            " in hours where the contract has no %s terms, ignored by the SLA",
            class_str(f->cls), f->event[0], f->seq[0],
            ldg_time_format(t1, f->n.part.start), ldg_time_format(t2, f->n.part.end),
            d6(a, f->n.part.record_micros), d6(b, f->n.part.qty_micros),
            class_str(f->cls));
    case LDG_RECON_PAYMENT_UNMATCHED:
        return ldg_buf_printf(out, err,
                              "payment \"%s\" of %s %s received %s matches no tenant:"
                              " held until `leaseledger payment assign`",
                              f->event[0], payment_amount(a, f), f->n.payment.currency,
                              ldg_time_format(t1, f->from));
    default:
        return what_physical(out, f, err);
    }
}

static json_t *dec6(int64_t v)
{
    char buf[LDG_FIXED_BUFLEN];
    return json_string(ldg_fixed_format(buf, v, 6));
}

static json_t *count_json(int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%" PRId64, v);
    return json_string(buf);
}

/* The numbers object; 0 on success. */
/* numbers_json of the findings what_physical describes. */
static int numbers_physical(json_t *o, const ldg_finding *f)
{
    int bad = 0;

    switch (f->kind) {
    case LDG_RECON_DOWNTIME_CAPACITY:
        bad |= set_new(o, "downtime_gpu_hours", dec6(f->n.capacity.used_micros));
        bad |= set_new(o, "capacity_gpus", count_json(f->n.capacity.gpus));
        bad |= set_new(o, "excess_gpu_hours", dec6(capacity_excess(f)));
        bad |= set_new(o, "tenant_gpu_hours", dec6(f->n.capacity.tenant_micros));
        break;
    case LDG_RECON_METER_OVERLOAD:
        bad |= set_new(o, "used_gpu_hours", dec6(f->n.meter.gpu_micros));
        bad |= set_new(o, "downtime_gpu_hours", dec6(f->n.meter.down_micros));
        bad |= set_new(o, "load_gpu_hours", dec6(f->n.meter.load_micros));
        bad |= set_new(o, "meter_gpus", count_json(f->n.meter.gpus));
        bad |= set_new(o, "excess_gpu_hours", dec6(meter_excess(f)));
        bad |= set_new(o, "tenant_gpu_hours", dec6(f->n.meter.tenant_micros));
        break;
    case LDG_RECON_MAINTENANCE:
        bad |= set_new(o, "maintenance_gpu_hours",
                       dec6(f->n.maintenance.maintenance_micros));
        bad |= set_new(o, "allowed_gpu_hours", dec6(f->n.maintenance.allowed_micros));
        bad |=
            set_new(o, "hours_per_month", count_json(f->n.maintenance.hours_per_month));
        bad |= set_new(o, "reserved_gpus", count_json(f->n.maintenance.reserved_gpus));
        break;
    case LDG_RECON_DEMAND_DATA:
        bad |=
            set_new(o, "quarter_hours", json_integer((json_int_t)f->n.demand.quarters));
        bad |= set_new(o, "missing", json_integer((json_int_t)f->n.demand.missing));
        bad |= set_new(o, "first_missing",
                       f->n.demand.missing ? time_json(f->n.demand.first_missing)
                                           : json_null());
        bad |= set_new(o, "longer_records_mwh", dec6(f->n.demand.coarse_micros));
        break;
    case LDG_RECON_POWER_OVERAGE:
        bad |= set_new(o, "peak_kw", dec6(f->n.demand.peak_kw_micros));
        bad |= set_new(o, "capacity_kw", dec6(f->n.demand.capacity_kw_micros));
        break;
    default:
        break;
    }
    return bad;
}

static int numbers_json(json_t *o, const ldg_finding *f)
{
    int bad = 0;

    switch (f->kind) {
    case LDG_RECON_OVERLAP:
        bad |= set_new(o, "overlap_seconds", count_json(f->to - f->from));
        break;
    case LDG_RECON_CAPACITY:
        bad |= set_new(o, "used_gpu_hours", dec6(f->n.capacity.used_micros));
        bad |= set_new(o, "capacity_gpus", count_json(f->n.capacity.gpus));
        bad |= set_new(o, "excess_gpu_hours", dec6(capacity_excess(f)));
        bad |= set_new(o, "tenant_gpu_hours", dec6(f->n.capacity.tenant_micros));
        break;
    case LDG_RECON_GAP:
        bad |= set_new(o, "silent_hours", count_json(f->n.gap.silent_hours));
        bad |= set_new(o, "window_hours", count_json(f->n.gap.window_hours));
        bad |= set_new(o, "first_silent", time_json(f->n.gap.first));
        bad |= set_new(o, "last_silent", time_json(f->n.gap.last));
        break;
    case LDG_RECON_ENERGY: {
        const ldg_energy_eval *e = &f->n.energy.eval;
        json_t *by = json_object();
        bad |= set_new(o, "energy_mwh", dec6(f->n.energy.energy_micros));
        bad |= set_new(o, "gpu_hours", dec6(e->gpu_micros));
        for (int n = 0; by && n < LDG_GPU_NCLASS; n++) {
            int c = ldg_gpu_class_nth(n);

            if (f->n.energy.gpu_micros[c] != 0)
                bad |= set_new(by, ldg_contract_class_name((ldg_gpu_class)c),
                               dec6(f->n.energy.gpu_micros[c]));
        }
        bad |= set_new(o, "gpu_hours_by_class", by);
        bad |= set_new(o, "kw_per_gpu",
                       e->gpu_micros > 0 ? dec6(e->measured_ukw) : json_null());
        bad |=
            set_new(o, "band_low_kw", e->gpu_micros > 0 ? dec6(e->low_ukw) : json_null());
        bad |= set_new(o, "band_high_kw",
                       e->gpu_micros > 0 ? dec6(e->high_ukw) : json_null());
        break;
    }
    case LDG_RECON_OVERAGE:
        bad |= set_new(o, "used_gpu_hours", dec6(f->n.overage.used_micros));
        bad |= set_new(o, "reserved_gpu_hours", dec6(f->n.overage.reserved_micros));
        bad |= set_new(o, "overage_gpu_hours", dec6(f->n.overage.overage_micros));
        break;
    case LDG_RECON_IDLE:
        bad |= set_new(o, "used_gpu_hours", dec6(f->n.idle.used_micros));
        bad |= set_new(o, "reserved_gpu_hours", dec6(f->n.idle.reserved_micros));
        bad |= set_new(
            o, "utilization_percent",
            dec6(f->n.idle.reserved_micros > 0
                     ? percent_of(f->n.idle.used_micros, f->n.idle.reserved_micros)
                     : 0));
        bad |= set_new(o, "so_far", json_boolean(f->n.idle.so_far));
        break;
    case LDG_RECON_SLA: {
        char amt[LDG_FIXED_BUFLEN];
        int digits = f->n.sla.digits >= 0 && f->n.sla.digits <= 6 ? f->n.sla.digits : 6;
        bad |= set_new(o, "downtime_gpu_hours", dec6(f->n.sla.downtime_micros));
        bad |= set_new(o, "reserved_gpu_hours", dec6(f->n.sla.reserved_micros));
        bad |= set_new(o, "availability_percent", dec6(f->n.sla.availability_micros));
        bad |= set_new(o, "credit_percent", dec6(f->n.sla.percent_micros));
        bad |=
            set_new(o, "credit_amount",
                    json_string(ldg_fixed_format(amt, f->n.sla.credit_micros, digits)));
        bad |= set_new(o, "currency", json_string(f->n.sla.currency));
        break;
    }
    case LDG_RECON_OUTSIDE_TERM:
    case LDG_RECON_DOWNTIME_NO_TERMS:
        bad |= set_new(o,
                       f->kind == LDG_RECON_OUTSIDE_TERM ? "outside_quantity"
                                                         : "ignored_quantity",
                       dec6(f->n.part.qty_micros));
        bad |= set_new(o, "record_quantity", dec6(f->n.part.record_micros));
        bad |= set_new(o, "record_start", time_json(f->n.part.start));
        bad |= set_new(o, "record_end", time_json(f->n.part.end));
        break;
    case LDG_RECON_PAYMENT_UNMATCHED: {
        char amt[LDG_FIXED_BUFLEN];
        bad |= set_new(o, "amount", json_string(payment_amount(amt, f)));
        bad |= set_new(o, "currency", json_string(f->n.payment.currency));
        bad |= set_new(o, "received", time_json(f->from));
        break;
    }
    default:
        bad |= numbers_physical(o, f);
        break;
    }
    return bad;
}

ldg_code ldg_recon_finding_json(json_t **out, const ldg_finding *f, ldg_error *err)
{
    char per[16];
    ldg_buf what = { 0 };
    json_t *o, *nums;
    int bad = 0;
    ldg_code rc;

    *out = NULL;
    if ((rc = ldg_recon_finding_what(&what, f, err)) != LDG_OK) {
        ldg_buf_cleanup(&what);
        return rc;
    }
    o = json_object();
    nums = json_object();
    if (!o || !nums) {
        json_decref(o);
        json_decref(nums);
        ldg_buf_cleanup(&what);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    bad |= set_new(o, "id", json_string(f->id));
    bad |= set_new(o, "kind", json_string(kinds[f->kind].name));
    bad |=
        set_new(o, "severity",
                json_string(ldg_recon_severity_name(ldg_recon_kind_severity(f->kind))));
    bad |= set_new(o, "tenant", json_string(f->tenant));
    bad |= set_new(o, "contract", str_or_null(f->contract));
    bad |= set_new(o, "site", str_or_null(f->site));
    bad |= set_new(o, "meter", str_or_null(f->meter));
    bad |= set_new(o, "class", name_or_null(ldg_contract_class_name(f->cls)));
    bad |= set_new(o, "usage", name_or_null(ldg_kind_name(f->usage)));
    bad |= set_new(o, "period", json_string(ldg_period_format(per, f->period)));
    bad |= set_new(o, "from", time_json(f->from));
    bad |= set_new(o, "to", time_json(f->to));
    bad |= set_new(o, "acknowledged", json_boolean(f->acknowledged));
    if (f->kind == LDG_RECON_OVERLAP) {
        json_t *recs = json_array();
        bad |= !recs;
        for (int i = 0; recs && i < 2; i++) {
            json_t *r = json_object();
            bad |= !r;
            if (r) {
                bad |= set_new(r, "event_id", json_string(f->event[i]));
                bad |= set_new(r, "seq", json_integer(f->seq[i]));
                bad |= set_new(r, "quantity", dec6(f->n.overlap.qty_micros[i]));
            }
            bad |= json_array_append_new(recs, r);
        }
        bad |= set_new(o, "records", recs);
    } else if (one_record(f->kind)) {
        json_t *recs = json_array(), *r = json_object();
        bad |= !recs || !r;
        if (r) {
            bad |= set_new(r, "event_id", json_string(f->event[0]));
            bad |= set_new(r, "seq", json_integer(f->seq[0]));
            bad |= set_new(r, "quantity", dec6(f->n.part.record_micros));
        }
        if (recs)
            bad |= json_array_append_new(recs, r);
        else
            json_decref(r);
        bad |= set_new(o, "records", recs);
    }
    bad |= numbers_json(nums, f);
    bad |= set_new(o, "numbers", nums);
    bad |= set_new(o, "what", json_string(what.data ? what.data : ""));
    ldg_buf_cleanup(&what);
    if (bad) {
        json_decref(o);
        return ldg_error_set(
            err, LDG_EINVAL,
            "could not format finding %s: a field is not UTF-8 or memory ran"
            " out",
            f->id);
    }
    *out = o;
    return LDG_OK;
}

ldg_code ldg_recon_json(json_t **out, const ldg_finding *items, size_t n, ldg_error *err)
{
    json_t *arr = json_array();
    ldg_code rc = LDG_OK;

    *out = NULL;
    if (!arr)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        json_t *o = NULL;
        rc = ldg_recon_finding_json(&o, &items[i], err);
        if (rc == LDG_OK && json_array_append_new(arr, o) != 0)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    if (rc != LDG_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return LDG_OK;
}

/* Appends s padded with spaces to width w, then two spaces. */
static ldg_code cell(ldg_buf *b, const char *s, size_t w, ldg_error *err)
{
    size_t n = strlen(s);
    ldg_code rc = ldg_buf_puts(b, s, err);

    for (; rc == LDG_OK && n < w + 2; n++)
        rc = ldg_buf_putc(b, ' ', err);
    return rc;
}

ldg_code ldg_recon_table(ldg_buf *out, const ldg_finding *items, size_t n, ldg_error *err)
{
    size_t wt = strlen("TENANT"), wm = strlen("METER");
    const size_t ws = strlen("SEVERITY"), wi = LDG_RECON_ID_LEN, wtime = 20;
    ldg_buf what = { 0 };
    ldg_code rc = LDG_OK;

    if (n == 0)
        return ldg_buf_puts(out, "no findings\n", err);
    for (size_t i = 0; i < n; i++) {
        size_t lt = strlen(items[i].tenant), lm = strlen(items[i].meter);
        wt = lt > wt ? lt : wt;
        wm = lm > wm ? lm : wm;
    }
    if ((rc = cell(out, "SEVERITY", ws, err)) == LDG_OK &&
        (rc = cell(out, "ID", wi, err)) == LDG_OK &&
        (rc = cell(out, "TENANT", wt, err)) == LDG_OK &&
        (rc = cell(out, "METER", wm, err)) == LDG_OK &&
        (rc = cell(out, "FROM", wtime, err)) == LDG_OK &&
        (rc = cell(out, "TO", wtime, err)) == LDG_OK)
        rc = ldg_buf_puts(out, "WHAT\n", err);
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        const ldg_finding *f = &items[i];
        char t1[LDG_TIME_BUFLEN], t2[LDG_TIME_BUFLEN];

        ldg_buf_reset(&what);
        if ((rc = ldg_recon_finding_what(&what, f, err)) == LDG_OK &&
            (rc = cell(out, ldg_recon_severity_name(ldg_recon_kind_severity(f->kind)), ws,
                       err)) == LDG_OK &&
            (rc = cell(out, f->id, wi, err)) == LDG_OK &&
            (rc = cell(out, f->tenant, wt, err)) == LDG_OK &&
            (rc = cell(out, f->meter[0] ? f->meter : "-", wm, err)) == LDG_OK &&
            (rc = cell(out, ldg_time_format(t1, f->from), wtime, err)) == LDG_OK &&
            (rc = cell(out, ldg_time_format(t2, f->to), wtime, err)) == LDG_OK &&
            (rc = ldg_buf_printf(out, err, "%s: %s", kinds[f->kind].name, what.data)) ==
                LDG_OK)
            rc = ldg_buf_puts(out, f->acknowledged ? " [acknowledged]\n" : "\n", err);
    }
    ldg_buf_cleanup(&what);
    return rc;
}
