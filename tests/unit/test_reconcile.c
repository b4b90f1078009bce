/*
 * Unit tests for ledger/reconcile.c: kinds and severities, finding ids (exact values,
 * stability, what changes them and what does not), the energy plausibility band at its
 * boundaries, and the table and JSON formatting. Expected ids were computed outside
 * the code under test: the canonical JSON written out in the comment, piped through
 * `printf '%s' ... | sha256sum | cut -c1-16`.
 */
#include "ledger/entry.h"
#include "ledger/reconcile.h"
#include "tests/unit/helpers.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

/* Copies a string into a char array member (no strcpy: STYLE.md 8). */
#define SET(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static ldg_time civil_at(int y, int m, int d, int hh)
{
    return ldg_time_from_civil(y, m, d, hh, 0, 0);
}

/* The overlap of the e2e case: acme's pod-a, "a1" and "a-dup", 2025-03-10 12:00-13:00. */
static ldg_finding overlap_finding(void)
{
    ldg_finding f;

    ldg_recon_finding_init(&f, LDG_RECON_OVERLAP);
    SET(f.tenant, "acme");
    SET(f.contract, "AC-1");
    SET(f.site, "tiny-1");
    SET(f.meter, "pod-a");
    f.usage = LDG_KIND_GPU;
    f.cls = LDG_GPU_H100;
    f.period = period("2025-03");
    f.from = civil_at(2025, 3, 10, 12);
    f.to = civil_at(2025, 3, 10, 13);
    SET(f.event[0], "a1");
    SET(f.event[1], "a-dup");
    f.seq[0] = 1;
    f.seq[1] = 2;
    f.n.overlap.qty_micros[0] = 100000000;
    f.n.overlap.qty_micros[1] = 5000000;
    return f;
}

static ldg_finding capacity_finding(void)
{
    ldg_finding f;

    ldg_recon_finding_init(&f, LDG_RECON_CAPACITY);
    SET(f.tenant, "acme");
    SET(f.contract, "AC-1");
    SET(f.site, "tiny-1");
    f.usage = LDG_KIND_GPU;
    f.cls = LDG_GPU_H200;
    f.period = period("2025-03");
    f.from = civil_at(2025, 3, 10, 5);
    f.to = civil_at(2025, 3, 10, 6);
    f.n.capacity.used_micros = 4875000;
    f.n.capacity.gpus = 4;
    f.n.capacity.tenant_micros = 1875000;
    return f;
}

static void id_of(ldg_finding *f)
{
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_recon_finding_id(f, &err), LDG_OK);
    assert_true(ldg_recon_id_valid(f->id));
}

static char *what_of(const ldg_finding *f)
{
    ldg_buf b = { 0 };
    assert_int_equal(ldg_recon_finding_what(&b, f, NULL), LDG_OK);
    return b.data; /* the caller frees */
}

/* Kinds ------------------------------------------------------------------------------ */

static void test_recon_kind_names_and_severities(void **state)
{
    static const struct {
        ldg_recon_kind kind;
        const char *name, *severity;
    } want[] = { { LDG_RECON_OVERLAP, "overlap", "block" },
                 { LDG_RECON_CAPACITY, "capacity", "block" },
                 { LDG_RECON_GAP, "gap", "warn" },
                 { LDG_RECON_ENERGY, "energy", "warn" },
                 { LDG_RECON_OVERAGE, "overage", "info" },
                 { LDG_RECON_IDLE, "idle", "info" },
                 { LDG_RECON_SLA, "sla", "info" },
                 { LDG_RECON_OUTSIDE_TERM, "outside_term", "info" },
                 { LDG_RECON_DOWNTIME_NO_TERMS, "downtime_no_terms", "warn" },
                 { LDG_RECON_PAYMENT_UNMATCHED, "payment_unmatched", "warn" },
                 { LDG_RECON_MAINTENANCE, "maintenance", "block" },
                 { LDG_RECON_DEMAND_DATA, "demand_data", "warn" },
                 { LDG_RECON_POWER_OVERAGE, "power_overage", "info" },
                 { LDG_RECON_METER_OVERLOAD, "meter_overload", "block" },
                 { LDG_RECON_DOWNTIME_CAPACITY, "downtime_capacity", "block" } };
    (void)state;
    assert_int_equal(sizeof(want) / sizeof(want[0]), LDG_RECON_KIND_COUNT);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_string_equal(ldg_recon_kind_name(want[i].kind), want[i].name);
        assert_string_equal(
            ldg_recon_severity_name(ldg_recon_kind_severity(want[i].kind)),
            want[i].severity);
    }
    assert_null(ldg_recon_kind_name((ldg_recon_kind)LDG_RECON_KIND_COUNT));
    assert_null(ldg_recon_kind_name((ldg_recon_kind)-1));
    assert_null(ldg_recon_severity_name((ldg_recon_severity)7));
    assert_true(LDG_RECON_BLOCK > LDG_RECON_WARN && LDG_RECON_WARN > LDG_RECON_INFO);
}

static void test_recon_id_valid_rejects_malformed(void **state)
{
    (void)state;
    assert_true(ldg_recon_id_valid("0123456789abcdef"));
    assert_false(ldg_recon_id_valid("0123456789ABCDEF"));  /* upper case */
    assert_false(ldg_recon_id_valid("0123456789abcde"));   /* 15 */
    assert_false(ldg_recon_id_valid("0123456789abcdef0")); /* 17 */
    assert_false(ldg_recon_id_valid("0123456789abcdeg"));
    assert_false(ldg_recon_id_valid(" 123456789abcdef"));
    assert_false(ldg_recon_id_valid(""));
    assert_false(ldg_recon_id_valid(NULL));
}

/* Ids -------------------------------------------------------------------------------- */

/*
 * {"class":"H100","contract":"AC-1","events":["a-dup","a1"],"from":"2025-03-10T12:00:00Z",
 *  "kind":"overlap","meter":"pod-a","period":"2025-03","site":"tiny-1","tenant":"acme",
 *  "to":"2025-03-10T13:00:00Z","usage":"gpu"}                        -> 12b206a36d64c175
 */
static void test_recon_id_overlap_exact_value(void **state)
{
    ldg_finding f = overlap_finding();

    (void)state;
    id_of(&f);
    assert_string_equal(f.id, "12b206a36d64c175");
}

/*
 * {"class":"H200","contract":"AC-1","from":"2025-03-10T05:00:00Z","kind":"capacity",
 *  "meter":null,"period":"2025-03","site":"tiny-1","tenant":"acme",
 *  "to":"2025-03-10T06:00:00Z","usage":"gpu"}                        -> bda9066e177e1430
 */
static void test_recon_id_capacity_exact_value_meter_null(void **state)
{
    ldg_finding f = capacity_finding();

    (void)state;
    id_of(&f);
    assert_string_equal(f.id, "bda9066e177e1430");
}

static void test_recon_id_stable_and_ignores_numbers_ack_and_event_order(void **state)
{
    ldg_finding a = overlap_finding(), b = overlap_finding();

    (void)state;
    id_of(&a);
    /* swapped records (and their seqs and numbers) name the same pair */
    SET(b.event[0], "a-dup");
    SET(b.event[1], "a1");
    b.seq[0] = 2;
    b.seq[1] = 1;
    b.n.overlap.qty_micros[0] = 1;
    b.acknowledged = 1;
    id_of(&b);
    assert_string_equal(a.id, b.id);
    id_of(&b); /* again: same */
    assert_string_equal(a.id, b.id);
}

static void test_recon_id_changes_with_every_canonical_field(void **state)
{
    ldg_finding base = overlap_finding(), v[12];
    size_t n = 0;

    (void)state;
    id_of(&base);
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        v[i] = base;
    v[n++].kind = LDG_RECON_CAPACITY;
    SET(v[n++].tenant, "acmf");
    v[n++].period = period("2025-04");
    SET(v[n++].contract, "");
    SET(v[n++].site, "tiny-2");
    SET(v[n++].meter, "pod-b");
    v[n++].cls = LDG_GPU_NONE;
    v[n++].usage = LDG_KIND_ENERGY;
    v[n++].from += 1;
    v[n++].to += 3600;
    SET(v[n++].event[1], "a-dup2");
    SET(v[n++].event[0], "a2");
    for (size_t i = 0; i < n; i++) {
        id_of(&v[i]);
        assert_string_not_equal(v[i].id, base.id);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(v[i].id, v[j].id);
    }
}

static void test_recon_id_events_only_for_overlap(void **state)
{
    ldg_finding a = capacity_finding(), b = capacity_finding();

    (void)state;
    SET(b.event[0], "x");
    id_of(&a);
    id_of(&b);
    assert_string_equal(a.id, b.id);
}

static void test_recon_id_rejects_bad_utf8_and_unknown_kind(void **state)
{
    ldg_finding f = overlap_finding();
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    f.meter[0] = (char)0xff;
    assert_int_equal(ldg_recon_finding_id(&f, &err), LDG_EINVAL);
    assert_non_null(strstr(err.message, "UTF-8"));
    f = overlap_finding();
    f.kind = (ldg_recon_kind)99;
    ldg_error_clear(&err);
    assert_int_equal(ldg_recon_finding_id(&f, &err), LDG_EINVAL);
    assert_string_equal(err.message, "unknown finding kind 99");
}

/* Energy band ------------------------------------------------------------------------ */

static ldg_energy_eval energy(int64_t e, int64_t h100, int64_t h200, int64_t gb200)
{
    int64_t g[LDG_GPU_NCLASS] = { h100, h200, gb200 };
    ldg_energy_eval ev;

    assert_int_equal(ldg_recon_energy_check(&ev, e, g, NULL), LDG_OK);
    return ev;
}

static void test_recon_energy_class_bands(void **state)
{
    int64_t lo, hi;
    ldg_error err;

    (void)state;
    assert_int_equal(ldg_recon_energy_class_band(&lo, &hi, LDG_GPU_H100, NULL), LDG_OK);
    assert_true(lo == 350000 && hi == 1600000);
    assert_int_equal(ldg_recon_energy_class_band(&lo, &hi, LDG_GPU_H200, NULL), LDG_OK);
    assert_true(lo == 350000 && hi == 1800000);
    assert_int_equal(ldg_recon_energy_class_band(&lo, &hi, LDG_GPU_GB200, NULL), LDG_OK);
    assert_true(lo == 600000 && hi == 2800000);
    ldg_error_clear(&err);
    assert_int_equal(ldg_recon_energy_class_band(&lo, &hi, LDG_GPU_NONE, &err),
                     LDG_EINVAL);
}

/* One H100 GPU-hour (10^6 micro): the band is 0.35..1.6 kWh = 350..1600 Wh, and energy
 * in micro-MWh is Wh. Both boundaries are inside. */
static void test_recon_energy_h100_boundaries(void **state)
{
    ldg_energy_eval ev;

    (void)state;
    ev = energy(350, 1000000, 0, 0);
    assert_int_equal(ev.verdict, 0);
    assert_int_equal(ev.measured_ukw, 350000);
    assert_int_equal(ev.low_ukw, 350000);
    assert_int_equal(ev.high_ukw, 1600000);
    assert_int_equal(ev.gpu_micros, 1000000);
    assert_int_equal(energy(349, 1000000, 0, 0).verdict, -1);
    assert_int_equal(energy(1600, 1000000, 0, 0).verdict, 0);
    assert_int_equal(energy(1601, 1000000, 0, 0).verdict, 1);
    /* one micro-GPU-hour more moves the upper bound by 0.0016 Wh: 1600 Wh stays in,
     * and 349 Wh against 0.997 GPU-h (low 348.95 Wh) is inside */
    assert_int_equal(energy(1600, 1000001, 0, 0).verdict, 0);
    assert_int_equal(energy(349, 997000, 0, 0).verdict, 0);
    assert_int_equal(energy(349, 997200, 0, 0).verdict, -1); /* low 349.02 Wh */
}

/* H100 1 GPU-h + GB200 1 GPU-h: low (0.35 + 0.6) / 2 = 0.475 kW, high (1.6 + 2.8) / 2 =
 * 2.2 kW; over 2 GPU-h that is 950..4400 Wh. */
static void test_recon_energy_mixed_classes_weighted(void **state)
{
    ldg_energy_eval ev;

    (void)state;
    ev = energy(950, 1000000, 0, 1000000);
    assert_int_equal(ev.verdict, 0);
    assert_int_equal(ev.low_ukw, 475000);
    assert_int_equal(ev.high_ukw, 2200000);
    assert_int_equal(ev.measured_ukw, 475000);
    assert_int_equal(energy(949, 1000000, 0, 1000000).verdict, -1);
    assert_int_equal(energy(4400, 1000000, 0, 1000000).verdict, 0);
    assert_int_equal(energy(4401, 1000000, 0, 1000000).verdict, 1);
    /* 3 H100 + 1 H200 GPU-h: high (3 x 1.6 + 1.8) / 4 = 1.65 kW -> 6600 Wh */
    assert_int_equal(energy(6600, 3000000, 1000000, 0).verdict, 0);
    assert_int_equal(energy(6601, 3000000, 1000000, 0).verdict, 1);
    /* 1 H100 + 2 H200: high (1.6 + 3.6) / 3 = 1.7333.. kW, shown rounded */
    ev = energy(1000, 1000000, 2000000, 0);
    assert_int_equal(ev.high_ukw, 1733333);
    assert_int_equal(ev.low_ukw, 350000);
    assert_int_equal(ev.measured_ukw, 333333); /* 1 kWh / 3 GPU-h */
    assert_int_equal(ev.verdict, -1);          /* 1000 Wh < 1050 Wh */
    /* the e2e day: 0.5 MWh over 100 H100 + 45 H200 GPU-h */
    ev = energy(500000, 100000000, 45000000, 0);
    assert_int_equal(ev.verdict, 1);
    assert_int_equal(ev.measured_ukw, 3448276); /* 500 / 145 = 3.4482758.. */
    assert_int_equal(ev.high_ukw, 1662069);     /* (160 + 81) / 145 = 1.6620689.. */
}

static void test_recon_energy_without_gpu_hours_or_energy(void **state)
{
    ldg_energy_eval ev;

    (void)state;
    ev = energy(1, 0, 0, 0); /* energy, no GPU-hours: above any band */
    assert_int_equal(ev.verdict, 1);
    assert_int_equal(ev.measured_ukw, -1);
    assert_int_equal(ev.low_ukw, 0);
    assert_int_equal(energy(0, 0, 0, 0).verdict, 0);
    assert_int_equal(energy(0, 1000000, 0, 0).verdict, -1); /* GPU-hours, no energy */
    assert_int_equal(energy(-5, 0, 0, 0).verdict, 0);
}

static void test_recon_energy_overflow_is_erange(void **state)
{
    int64_t g[LDG_GPU_NCLASS] = { INT64_MAX, INT64_MAX, 0 };
    ldg_energy_eval ev;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_recon_energy_check(&ev, 1, g, &err), LDG_ERANGE);
    /* the largest sums still compare exactly */
    g[1] = 0;
    assert_int_equal(ldg_recon_energy_check(&ev, INT64_MAX, g, NULL), LDG_OK);
    assert_int_equal(ev.verdict, 1); /* 1 MWh per GPU-hour is 1000 kW */
    assert_int_equal(ev.measured_ukw, 1000000000);
}

/* Formatting ------------------------------------------------------------------------- */

static void test_recon_what_each_kind(void **state)
{
    ldg_finding f;
    char *s;

    (void)state;
    f = overlap_finding();
    s = what_of(&f);
    assert_string_equal(s,
                        "gpu record \"a1\" (seq 1, 100.000000) overlaps \"a-dup\" (seq 2,"
                        " 5.000000)");
    free(s);

    f = capacity_finding();
    s = what_of(&f);
    assert_string_equal(s,
                        "H200 4.875000 GPU-h in the hour above the site's 4 GPUs (excess"
                        " 0.875000); this tenant 1.875000");
    free(s);

    ldg_recon_finding_init(&f, LDG_RECON_GAP);
    f.usage = LDG_KIND_ENERGY;
    f.n.gap.silent_hours = 4;
    f.n.gap.window_hours = 48;
    f.n.gap.first = civil_at(2025, 3, 10, 10);
    f.n.gap.last = civil_at(2025, 3, 10, 13);
    s = what_of(&f);
    assert_string_equal(s,
                        "energy meter silent 4 of 48 hours, first 2025-03-10T10:00:00Z,"
                        " last 2025-03-10T13:00:00Z");
    free(s);

    ldg_recon_finding_init(&f, LDG_RECON_ENERGY);
    f.n.energy.energy_micros = 500000;
    f.n.energy.gpu_micros[LDG_GPU_H100] = 100000000;
    f.n.energy.gpu_micros[LDG_GPU_H200] = 45000000;
    f.n.energy.eval = energy(500000, 100000000, 45000000, 0);
    s = what_of(&f);
    assert_string_equal(s,
                        "3.448276 kW per GPU (0.500000 MWh / 145.000000 GPU-h) above band"
                        " 0.350000..1.662069");
    free(s);
    f.n.energy.energy_micros = 12000000;
    f.n.energy.eval = energy(12000000, 0, 0, 0);
    s = what_of(&f);
    assert_string_equal(s, "12.000000 MWh with no GPU-hours: above any band");
    free(s);

    ldg_recon_finding_init(&f, LDG_RECON_OVERAGE);
    f.cls = LDG_GPU_H100;
    f.n.overage.used_micros = 205000000;
    f.n.overage.reserved_micros = 192000000;
    f.n.overage.overage_micros = 13000000;
    s = what_of(&f);
    assert_string_equal(
        s, "H100 used 205.000000 GPU-h, reserved 192.000000, overage 13.000000");
    free(s);

    ldg_recon_finding_init(&f, LDG_RECON_IDLE);
    f.cls = LDG_GPU_H200;
    f.n.idle.used_micros = 90000000;
    f.n.idle.reserved_micros = 192000000;
    s = what_of(&f);
    assert_string_equal(s,
                        "H200 used 90.000000 GPU-h of 192.000000 reserved (46.875000%)");
    free(s);

    ldg_recon_finding_init(&f, LDG_RECON_SLA);
    f.cls = LDG_GPU_H100;
    f.n.sla.downtime_micros = 1000000;
    f.n.sla.reserved_micros = 192000000;
    f.n.sla.availability_micros = 99479167;
    f.n.sla.percent_micros = 5000000;
    f.n.sla.credit_micros = -19200000;
    f.n.sla.digits = 2;
    SET(f.n.sla.currency, "USD");
    s = what_of(&f);
    assert_string_equal(s, "H100 availability 99.479167% (downtime 1.000000 of 192.000000"
                           " GPU-h): credit 5.000000% = -19.20 USD");
    free(s);

    f.kind = (ldg_recon_kind)42;
    {
        ldg_buf b = { 0 };
        assert_int_equal(ldg_recon_finding_what(&b, &f, NULL), LDG_EINVAL);
        ldg_buf_cleanup(&b);
    }
}

/* The physical-limit findings of issue 16: their text, numbers and ids. */
static void test_recon_meter_overload_and_downtime_capacity(void **state)
{
    ldg_finding f = capacity_finding(), g;
    json_t *o = NULL;
    char *s;

    (void)state;
    f.kind = LDG_RECON_DOWNTIME_CAPACITY;
    f.usage = LDG_KIND_DOWNTIME;
    s = what_of(&f);
    assert_string_equal(s, "H200 downtime 4.875000 GPU-h in the hour above the site's 4"
                           " GPUs (excess 0.875000); this tenant 1.875000");
    free(s);
    assert_int_equal(ldg_recon_finding_json(&o, &f, NULL), LDG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "severity")), "block");
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "numbers"),
                                                          "downtime_gpu_hours")),
                        "4.875000");
    json_decref(o);

    /* the demo's hour: 950 GPU-h used and 1000 down through a meter of 1000 GPUs */
    ldg_recon_finding_init(&f, LDG_RECON_METER_OVERLOAD);
    SET(f.tenant, "anthropic");
    SET(f.site, "colossus-1");
    SET(f.meter, "pod-h200-0001");
    f.cls = LDG_GPU_H200;
    f.period = period("2026-11");
    f.from = civil_at(2026, 11, 20, 5);
    f.to = civil_at(2026, 11, 20, 6);
    f.n.meter.gpu_micros = 950000000;
    f.n.meter.down_micros = 1000000000;
    f.n.meter.load_micros = 1950000000;
    f.n.meter.gpus = 1000;
    f.n.meter.tenant_micros = 1950000000;
    s = what_of(&f);
    assert_string_equal(s, "meter of 1000 H200 GPUs: 1950.000000 GPU-h in the hour (used"
                           " 950.000000, down 1000.000000), excess 950.000000; this"
                           " tenant 1950.000000");
    free(s);
    assert_int_equal(ldg_recon_finding_json(&o, &f, NULL), LDG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "kind")), "meter_overload");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(o, "numbers"), "meter_gpus")),
        "1000");
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "numbers"),
                                                          "excess_gpu_hours")),
                        "950.000000");
    json_decref(o);
    /* named by meter and hour, never by the numbers */
    id_of(&f);
    g = f;
    g.n.meter.down_micros = 1;
    id_of(&g);
    assert_string_equal(f.id, g.id);
    SET(g.meter, "pod-h200-0002");
    id_of(&g);
    assert_string_not_equal(f.id, g.id);
}

/* Outside parts ------------------------------------------------------------------------
 */

static void test_recon_outside_part_before_contract_start(void **state)
{
    ldg_time starts[] = { civil_at(2026, 11, 10, 0) },
             ends[] = { civil_at(2029, 11, 10, 0) };
    ldg_recon_part parts[2];
    size_t n = 9;

    (void)state;
    /* 2000 GPU-h over 2026-11-09T23:00..2026-11-10T01:00 with the term starting at
     * 2026-11-10T00:00: F(Nov 10) = trunc(2000 x 3600 / 7200) = 1000 outside. */
    ldg_recon_outside_parts(parts, &n, starts, ends, 1, civil_at(2026, 11, 9, 23),
                            civil_at(2026, 11, 10, 1), 2000000000,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].from, civil_at(2026, 11, 9, 23));
    assert_int_equal(parts[0].to, civil_at(2026, 11, 10, 0));
    assert_int_equal(parts[0].qty_micros, 1000000000);
}

static void test_recon_outside_part_after_end_remainder_to_later_piece(void **state)
{
    ldg_time starts[] = { civil_at(2026, 11, 1, 0) },
             ends[] = { civil_at(2026, 11, 20, 0) };
    ldg_recon_part parts[2];
    size_t n = 9;

    (void)state;
    /* 3000.000001 over 23:00..02:00 (3 h), term ends at 00:00: inside
     * F(00:00) = trunc(3000000001 / 3) = 1000000000; outside the rest, 2000.000001. */
    ldg_recon_outside_parts(parts, &n, starts, ends, 1, civil_at(2026, 11, 19, 23),
                            civil_at(2026, 11, 20, 2), 3000000001,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].from, civil_at(2026, 11, 20, 0));
    assert_int_equal(parts[0].to, civil_at(2026, 11, 20, 2));
    assert_int_equal(parts[0].qty_micros, 2000000001);
    /* a negative correction over the same interval: -2000.000001 outside */
    ldg_recon_outside_parts(parts, &n, starts, ends, 1, civil_at(2026, 11, 19, 23),
                            civil_at(2026, 11, 20, 2), -3000000001,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].qty_micros, -2000000001);
}

static void test_recon_outside_parts_two_contracts_and_a_gap(void **state)
{
    /* A ends Nov 20 00:00, B starts there (unordered, touching): nothing outside. */
    ldg_time starts[] = { civil_at(2026, 11, 20, 0), civil_at(2026, 11, 1, 0) },
             ends[] = { civil_at(2026, 12, 31, 0), civil_at(2026, 11, 20, 0) };
    /* C ends Nov 20 00:00, D starts Nov 20 02:00: the gap is outside. */
    ldg_time s2[] = { civil_at(2026, 11, 1, 0), civil_at(2026, 11, 20, 2) },
             e2[] = { civil_at(2026, 11, 20, 0), civil_at(2026, 12, 31, 0) };
    ldg_recon_part parts[3];
    size_t n = 9;

    (void)state;
    ldg_recon_outside_parts(parts, &n, starts, ends, 2, civil_at(2026, 11, 19, 23),
                            civil_at(2026, 11, 20, 1), 2000000000,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 0);
    /* 4000 over 23:00..03:00: the gap [00:00, 02:00) holds F(02) - F(00) = 3000 - 1000 */
    ldg_recon_outside_parts(parts, &n, s2, e2, 2, civil_at(2026, 11, 19, 23),
                            civil_at(2026, 11, 20, 3), 4000000000,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].from, civil_at(2026, 11, 20, 0));
    assert_int_equal(parts[0].to, civil_at(2026, 11, 20, 2));
    assert_int_equal(parts[0].qty_micros, 2000000000);
}

static void test_recon_outside_part_clipped_to_period(void **state)
{
    ldg_time starts[] = { civil_at(2026, 12, 1, 0) },
             ends[] = { civil_at(2027, 12, 1, 0) };
    ldg_recon_part parts[2];
    size_t n = 9;

    (void)state;
    /* Term starts Dec 1; record Nov 30 23:00..Dec 1 01:00. November's reconcile reports
     * the outside hour; December's reports nothing (its part is inside the term). */
    ldg_recon_outside_parts(parts, &n, starts, ends, 1, civil_at(2026, 11, 30, 23),
                            civil_at(2026, 12, 1, 1), 2000000000,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].qty_micros, 1000000000);
    ldg_recon_outside_parts(parts, &n, starts, ends, 1, civil_at(2026, 11, 30, 23),
                            civil_at(2026, 12, 1, 1), 2000000000,
                            civil_at(2026, 12, 1, 0), civil_at(2027, 1, 1, 0));
    assert_int_equal(n, 0);
    /* no term at all: the part of the record inside the period */
    ldg_recon_outside_parts(parts, &n, NULL, NULL, 0, civil_at(2026, 11, 30, 23),
                            civil_at(2026, 12, 1, 1), 2000000000,
                            civil_at(2026, 11, 1, 0), civil_at(2026, 12, 1, 0));
    assert_int_equal(n, 1);
    assert_int_equal(parts[0].to, civil_at(2026, 12, 1, 0));
    assert_int_equal(parts[0].qty_micros, 1000000000);
}

static void test_recon_what_and_json_of_record_findings(void **state)
{
    ldg_finding f;
    json_t *o = NULL, *recs;
    char *s;

    (void)state;
    ldg_recon_finding_init(&f, LDG_RECON_OUTSIDE_TERM);
    f.period = period("2026-11");
    SET(f.tenant, "acme");
    SET(f.meter, "pod-1");
    SET(f.event[0], "pod-1/2026-11-09T23");
    f.seq[0] = 7;
    f.usage = LDG_KIND_GPU;
    f.cls = LDG_GPU_H100;
    f.from = civil_at(2026, 11, 9, 23);
    f.to = civil_at(2026, 11, 10, 0);
    f.n.part.qty_micros = 1000000000;
    f.n.part.record_micros = 2000000000;
    f.n.part.start = civil_at(2026, 11, 9, 23);
    f.n.part.end = civil_at(2026, 11, 10, 1);
    s = what_of(&f);
    assert_string_equal(s, "H100 gpu record \"pod-1/2026-11-09T23\" (seq 7,"
                           " 2026-11-09T23:00:00Z..2026-11-10T01:00:00Z, 2000.000000):"
                           " 1000.000000 GPU-h outside every contract term, not billed");
    free(s);
    assert_int_equal(ldg_recon_finding_json(&o, &f, NULL), LDG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "severity")), "info");
    recs = json_object_get(o, "records");
    assert_int_equal(json_array_size(recs), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(recs, 0), "seq")),
                     7);
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "numbers"),
                                                          "outside_quantity")),
                        "1000.000000");
    json_decref(o);

    ldg_recon_finding_init(&f, LDG_RECON_DOWNTIME_NO_TERMS);
    f.period = period("2026-11");
    SET(f.tenant, "acme");
    SET(f.meter, "pod-2");
    SET(f.event[0], "pod-2/down/1");
    f.seq[0] = 9;
    f.usage = LDG_KIND_DOWNTIME;
    f.cls = LDG_GPU_H200;
    f.n.part.qty_micros = 4000000;
    f.n.part.record_micros = 8000000;
    f.n.part.start = civil_at(2026, 11, 15, 23);
    f.n.part.end = civil_at(2026, 11, 16, 1);
    s = what_of(&f);
    assert_string_equal(s,
                        "H200 downtime record \"pod-2/down/1\" (seq 9,"
                        " 2026-11-15T23:00:00Z..2026-11-16T01:00:00Z, 8.000000):"
                        " 4.000000 GPU-h in hours where the contract has no H200 terms,"
                        " ignored by the SLA");
    free(s);
    assert_int_equal(ldg_recon_finding_json(&o, &f, NULL), LDG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "severity")), "warn");
    json_decref(o);
}

static void test_recon_record_findings_ids_name_the_event(void **state)
{
    ldg_finding a, b;

    (void)state;
    ldg_recon_finding_init(&a, LDG_RECON_DOWNTIME_NO_TERMS);
    a.period = period("2026-11");
    SET(a.tenant, "acme");
    SET(a.meter, "pod-2");
    SET(a.event[0], "e1");
    a.cls = LDG_GPU_H200;
    a.from = civil_at(2026, 11, 15, 23);
    a.to = civil_at(2026, 11, 16, 0);
    b = a;
    SET(b.event[0], "e2");
    assert_int_equal(ldg_recon_finding_id(&a, NULL), LDG_OK);
    assert_int_equal(ldg_recon_finding_id(&b, NULL), LDG_OK);
    assert_string_not_equal(a.id, b.id);
}

static void test_recon_json_overlap_object(void **state)
{
    ldg_finding f = overlap_finding();
    json_t *o = NULL, *recs;

    (void)state;
    id_of(&f);
    assert_int_equal(ldg_recon_finding_json(&o, &f, NULL), LDG_OK);
    assert_string_equal(json_string_value(json_object_get(o, "id")), "12b206a36d64c175");
    assert_string_equal(json_string_value(json_object_get(o, "kind")), "overlap");
    assert_string_equal(json_string_value(json_object_get(o, "severity")), "block");
    assert_string_equal(json_string_value(json_object_get(o, "tenant")), "acme");
    assert_string_equal(json_string_value(json_object_get(o, "contract")), "AC-1");
    assert_string_equal(json_string_value(json_object_get(o, "site")), "tiny-1");
    assert_string_equal(json_string_value(json_object_get(o, "meter")), "pod-a");
    assert_string_equal(json_string_value(json_object_get(o, "class")), "H100");
    assert_string_equal(json_string_value(json_object_get(o, "usage")), "gpu");
    assert_string_equal(json_string_value(json_object_get(o, "period")), "2025-03");
    assert_string_equal(json_string_value(json_object_get(o, "from")),
                        "2025-03-10T12:00:00Z");
    assert_string_equal(json_string_value(json_object_get(o, "to")),
                        "2025-03-10T13:00:00Z");
    assert_true(json_is_false(json_object_get(o, "acknowledged")));
    recs = json_object_get(o, "records");
    assert_int_equal(json_array_size(recs), 2);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(recs, 0), "event_id")), "a1");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(recs, 1), "seq")),
                     2);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(recs, 1), "quantity")),
        "5.000000");
    assert_string_equal(json_string_value(json_object_get(json_object_get(o, "numbers"),
                                                          "overlap_seconds")),
                        "3600");
    assert_non_null(
        strstr(json_string_value(json_object_get(o, "what")), "overlaps \"a-dup\""));
    json_decref(o);
}

static void test_recon_json_nulls_numbers_and_array(void **state)
{
    ldg_finding fs[2];
    json_t *arr = NULL, *o, *nums;

    (void)state;
    fs[0] = capacity_finding();
    fs[0].contract[0] = '\0';
    fs[0].acknowledged = 1;
    id_of(&fs[0]);
    ldg_recon_finding_init(&fs[1], LDG_RECON_ENERGY);
    SET(fs[1].tenant, "beta");
    fs[1].period = period("2025-03");
    fs[1].n.energy.energy_micros = 7;
    fs[1].n.energy.eval = energy(7, 0, 0, 0);
    id_of(&fs[1]);
    assert_int_equal(ldg_recon_json(&arr, fs, 2, NULL), LDG_OK);
    assert_int_equal(json_array_size(arr), 2);
    o = json_array_get(arr, 0);
    assert_true(json_is_null(json_object_get(o, "contract")));
    assert_true(json_is_null(json_object_get(o, "meter")));
    assert_true(json_is_true(json_object_get(o, "acknowledged")));
    assert_null(json_object_get(o, "records"));
    nums = json_object_get(o, "numbers");
    assert_string_equal(json_string_value(json_object_get(nums, "used_gpu_hours")),
                        "4.875000");
    assert_string_equal(json_string_value(json_object_get(nums, "capacity_gpus")), "4");
    assert_string_equal(json_string_value(json_object_get(nums, "excess_gpu_hours")),
                        "0.875000");
    assert_string_equal(json_string_value(json_object_get(nums, "tenant_gpu_hours")),
                        "1.875000");
    o = json_array_get(arr, 1);
    assert_true(json_is_null(json_object_get(o, "class")));
    assert_true(json_is_null(json_object_get(o, "site")));
    assert_string_equal(json_string_value(json_object_get(o, "severity")), "warn");
    nums = json_object_get(o, "numbers");
    assert_true(json_is_null(json_object_get(nums, "kw_per_gpu")));
    assert_string_equal(json_string_value(json_object_get(nums, "energy_mwh")),
                        "0.000007");
    assert_int_equal(json_object_size(json_object_get(nums, "gpu_hours_by_class")), 0);
    json_decref(arr);
}

static void test_recon_table_layout(void **state)
{
    ldg_finding fs[2];
    ldg_buf b = { 0 };

    (void)state;
    fs[0] = overlap_finding();
    id_of(&fs[0]);
    fs[1] = capacity_finding();
    fs[1].acknowledged = 1;
    id_of(&fs[1]);
    assert_int_equal(ldg_recon_table(&b, fs, 2, NULL), LDG_OK);
    assert_string_equal(
        b.data,
        "SEVERITY  ID                TENANT  METER  FROM                  TO             "
        "     "
        "  WHAT\n"
        "block     12b206a36d64c175  acme    pod-a  2025-03-10T12:00:00Z  "
        "2025-03-10T13:00:00Z"
        "  overlap: gpu record \"a1\" (seq 1, 100.000000) overlaps \"a-dup\" (seq 2,"
        " 5.000000)\n"
        "block     bda9066e177e1430  acme    -      2025-03-10T05:00:00Z  "
        "2025-03-10T06:00:00Z"
        "  capacity: H200 4.875000 GPU-h in the hour above the site's 4 GPUs (excess"
        " 0.875000); this tenant 1.875000 [acknowledged]\n");
    ldg_buf_reset(&b);
    assert_int_equal(ldg_recon_table(&b, fs, 0, NULL), LDG_OK);
    assert_string_equal(b.data, "no findings\n");
    ldg_buf_cleanup(&b);
}

static void test_recon_table_widens_for_long_tenant_and_meter(void **state)
{
    ldg_finding f = overlap_finding();
    ldg_buf b = { 0 };
    const char *line2;

    (void)state;
    SET(f.tenant, "a-very-long-tenant-name");
    SET(f.meter, "meter-with-a-long-name");
    id_of(&f);
    assert_int_equal(ldg_recon_table(&b, &f, 1, NULL), LDG_OK);
    line2 = strchr(b.data, '\n') + 1;
    /* TENANT column: 23 wide plus 2; METER starts at the same offset on both lines */
    assert_int_equal(strstr(b.data, "METER") - b.data,
                     strstr(line2, "meter-with") - line2);
    assert_int_equal(strstr(b.data, "FROM") - b.data,
                     strstr(line2, "2025-03-10") - line2);
    ldg_buf_cleanup(&b);
}

/* Arrays, order, blocking ------------------------------------------------------------ */

static void test_recon_sort_severity_tenant_kind_time(void **state)
{
    ldg_findings fs = { 0 };
    ldg_finding f;
    static const struct {
        ldg_recon_kind kind;
        const char *tenant;
        int hour;
    } in[] = { { LDG_RECON_SLA, "acme", 0 },      { LDG_RECON_GAP, "beta", 0 },
               { LDG_RECON_CAPACITY, "beta", 5 }, { LDG_RECON_OVERLAP, "beta", 9 },
               { LDG_RECON_CAPACITY, "acme", 7 }, { LDG_RECON_CAPACITY, "acme", 3 },
               { LDG_RECON_IDLE, "acme", 0 } };
    static const struct {
        ldg_recon_kind kind;
        const char *tenant;
        int hour;
    } want[] = { { LDG_RECON_CAPACITY, "acme", 3 }, { LDG_RECON_CAPACITY, "acme", 7 },
                 { LDG_RECON_OVERLAP, "beta", 9 },  { LDG_RECON_CAPACITY, "beta", 5 },
                 { LDG_RECON_GAP, "beta", 0 },      { LDG_RECON_IDLE, "acme", 0 },
                 { LDG_RECON_SLA, "acme", 0 } };

    (void)state;
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        ldg_recon_finding_init(&f, in[i].kind);
        SET(f.tenant, in[i].tenant);
        f.from = civil_at(2025, 3, 1, in[i].hour);
        assert_int_equal(ldg_recon_findings_add(&fs, &f, NULL), LDG_OK);
    }
    ldg_recon_sort(fs.items, fs.n);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_int_equal(fs.items[i].kind, want[i].kind);
        assert_string_equal(fs.items[i].tenant, want[i].tenant);
        assert_int_equal(fs.items[i].from, civil_at(2025, 3, 1, want[i].hour));
    }
    ldg_recon_findings_cleanup(&fs);
    assert_null(fs.items);
    assert_int_equal(fs.n, 0);
}

static void test_recon_count_blocking_skips_acked_and_non_block(void **state)
{
    ldg_finding fs[5];

    (void)state;
    ldg_recon_finding_init(&fs[0], LDG_RECON_OVERLAP);
    ldg_recon_finding_init(&fs[1], LDG_RECON_CAPACITY);
    ldg_recon_finding_init(&fs[2], LDG_RECON_CAPACITY);
    fs[2].acknowledged = 1;
    ldg_recon_finding_init(&fs[3], LDG_RECON_GAP);
    ldg_recon_finding_init(&fs[4], LDG_RECON_SLA);
    assert_int_equal(ldg_recon_count_blocking(fs, 5), 2);
    fs[0].acknowledged = 1;
    assert_int_equal(ldg_recon_count_blocking(fs, 5), 1);
    assert_int_equal(ldg_recon_count_blocking(fs, 0), 0);
}

static void test_recon_findings_add_grows(void **state)
{
    ldg_findings fs = { 0 };
    ldg_finding f;

    (void)state;
    for (int i = 0; i < 100; i++) {
        ldg_recon_finding_init(&f, LDG_RECON_GAP);
        f.n.gap.silent_hours = i;
        assert_int_equal(ldg_recon_findings_add(&fs, &f, NULL), LDG_OK);
    }
    assert_int_equal(fs.n, 100);
    assert_true(fs.cap >= 100);
    for (int i = 0; i < 100; i++)
        assert_int_equal(fs.items[i].n.gap.silent_hours, i);
    ldg_recon_findings_cleanup(&fs);
}

static void test_recon_finding_init_defaults(void **state)
{
    ldg_finding f;

    (void)state;
    memset(&f, 0x5a, sizeof(f));
    ldg_recon_finding_init(&f, LDG_RECON_IDLE);
    assert_int_equal(f.kind, LDG_RECON_IDLE);
    assert_int_equal(f.cls, LDG_GPU_NONE);
    assert_int_equal(f.seq[0], -1);
    assert_int_equal(f.seq[1], -1);
    assert_string_equal(f.tenant, "");
    assert_string_equal(f.meter, "");
    assert_int_equal(f.acknowledged, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recon_kind_names_and_severities),
        cmocka_unit_test(test_recon_id_valid_rejects_malformed),
        cmocka_unit_test(test_recon_id_overlap_exact_value),
        cmocka_unit_test(test_recon_id_capacity_exact_value_meter_null),
        cmocka_unit_test(test_recon_id_stable_and_ignores_numbers_ack_and_event_order),
        cmocka_unit_test(test_recon_id_changes_with_every_canonical_field),
        cmocka_unit_test(test_recon_id_events_only_for_overlap),
        cmocka_unit_test(test_recon_id_rejects_bad_utf8_and_unknown_kind),
        cmocka_unit_test(test_recon_energy_class_bands),
        cmocka_unit_test(test_recon_energy_h100_boundaries),
        cmocka_unit_test(test_recon_energy_mixed_classes_weighted),
        cmocka_unit_test(test_recon_energy_without_gpu_hours_or_energy),
        cmocka_unit_test(test_recon_energy_overflow_is_erange),
        cmocka_unit_test(test_recon_what_each_kind),
        cmocka_unit_test(test_recon_meter_overload_and_downtime_capacity),
        cmocka_unit_test(test_recon_json_overlap_object),
        cmocka_unit_test(test_recon_json_nulls_numbers_and_array),
        cmocka_unit_test(test_recon_table_layout),
        cmocka_unit_test(test_recon_table_widens_for_long_tenant_and_meter),
        cmocka_unit_test(test_recon_sort_severity_tenant_kind_time),
        cmocka_unit_test(test_recon_count_blocking_skips_acked_and_non_block),
        cmocka_unit_test(test_recon_findings_add_grows),
        cmocka_unit_test(test_recon_finding_init_defaults),
        cmocka_unit_test(test_recon_outside_part_before_contract_start),
        cmocka_unit_test(test_recon_outside_part_after_end_remainder_to_later_piece),
        cmocka_unit_test(test_recon_outside_parts_two_contracts_and_a_gap),
        cmocka_unit_test(test_recon_outside_part_clipped_to_period),
        cmocka_unit_test(test_recon_what_and_json_of_record_findings),
        cmocka_unit_test(test_recon_record_findings_ids_name_the_event),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
