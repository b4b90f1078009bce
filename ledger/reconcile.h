/*
 * Reconciliation findings: what was metered, set against what the contract and the
 * site make possible (DESIGN.md "Reconciliation"). This is the pure half: the finding
 * value, its stable id, its severity, the energy plausibility band, and the table and
 * JSON formatting. The SQL that finds them is ledger/recon_store.c.
 *
 * Kinds and severities (DESIGN.md's table):
 *
 *   overlap   block  two records of one tenant, site, meter and usage kind whose
 *                    intervals overlap (corrections are not records here, and a record
 *                    whose quantity after its corrections is zero does not count)
 *   capacity  block  GPU-hours of a class in one hour at a site, summed over all meters
 *                    and tenants, above the site's GPUs of that class (one finding per
 *                    tenant that used the class in that hour, so each invoice it holds
 *                    is released by that tenant's own acknowledgement)
 *   gap       warn   a GPU or energy meter that reported inside a contract's term in the
 *                    period but is silent for some hours of it (one per meter and kind)
 *   energy    warn   metered energy per GPU-hour of a tenant at a site on a UTC day
 *                    outside the plausible band of the classes in use (below)
 *   overage   info   GPU-hours of a class above the reserved GPU-hours (rated draft)
 *   idle      info   GPU-hours of a class below half of the reserved GPU-hours
 *   sla       info   downtime that earns an SLA credit (an sla_credit line of the draft)
 *   outside_term
 *             info   the part of a record (correction or not) that lies outside every
 *                    contract term of its tenant at its site, inside the period: one
 *                    finding per record and uncovered range, with the quantity of that
 *                    part by the split rule (rate.h); it is billed by no contract. The
 *                    contract named is the one the record overlaps (which bills the rest)
 *   downtime_no_terms
 *             warn   the part of a downtime record (correction or not) that falls in
 *                    windows of a contract where the record's class has no terms (before
 *                    an amendment gives the class a reservation, or a class the contract
 *                    never had): the SLA counts downtime only against reserved hours, so
 *                    rating ignores it. One finding per record and contract
 *   payment_unmatched
 *             warn   a payment received in the period that no rule matched to a tenant
 *                    (ledger/store/payment_store.h), held until `payment assign`; no
 *                    tenant, no contract; event[0] is the payment id
 *   maintenance
 *             block  maintenance GPU-hours of a class in the contract's covered part of
 *                    the period beyond sla.maintenance_hours_per_month x the class's
 *                    reserved GPUs (terms in force in the last billed hour; issue 10)
 *   demand_data
 *             warn   a contract with demand terms (demand.h) whose tenant has
 *                    quarter-hours of its covered part so far without 15-minute energy
 *                    data, or energy in longer records (which never count toward
 *                    demand); with no 15-minute data at all there is no demand line
 *   power_overage
 *             info   the period's 15-minute peak kW above the contracted capacity_mw
 *                    (from, to: the peak quarter-hour), billed as a power_overage line
 *                    when the contract has overage_rate_per_kw_month
 *   meter_overload
 *             block  GPU-hours delivered plus downtime plus maintenance (usage kind 4,
 *                    issue 10) of one meter in one hour, summed over all tenants by the
 *                    split rule, above the GPUs the site's meter inventory puts behind it
 *                    (site_meters.h; no inventory, no finding). One finding per tenant
 *                    with records on the meter that hour; class is the meter's
 *   downtime_capacity
 *             block  downtime of a class in one hour at a site, summed over all meters
 *                    and tenants, above the site's GPUs of that class (as capacity does
 *                    for GPU-hours delivered; one finding per tenant with downtime there)
 *
 * A block finding holds its contract's invoice for the period until acknowledged.
 *
 * THE ID. A finding is named by the first 16 lowercase hex digits of the SHA-256 of
 * the RFC 8785 (JCS) serialization of its canonical fields:
 *
 *   {"class": C|null, "contract": K|null, "events": [E1, E2] (overlap only, sorted;
 *    [E] for outside_term and downtime_no_terms, [payment id] for payment_unmatched,
 *    absent for the other kinds),
 *    "from": T, "kind": KIND, "meter": M|null, "period": "YYYY-MM", "site": S|null,
 *    "tenant": T, "to": T, "usage": "gpu"|"energy"|"downtime"|"maintenance"|null}
 *
 * Only what identifies the finding goes in, never the numbers behind it, so the id is
 * the same on every run over the same records, and `reconcile ack ID` can name it.
 * The two event ids of an overlap are part of it because two pairs of one meter can
 * overlap over the same range (a record sent three times).
 *
 * THE ENERGY BAND. IT energy per GPU-hour is a power per GPU. Per class, in kW per GPU
 * including the server's IT overhead (CPUs, memory, network; not cooling). A site
 * document states each class's band ("kw_per_gpu", ledger/site.h); these are the
 * built-in defaults (ledger/gpu_class.c) for a class stated without one:
 *
 *   H100   0.350 .. 1.600      (700 W TDP board; idle nodes draw about half)
 *   H200   0.350 .. 1.800      (700 W to 1 kW boards)
 *   GB200  0.600 .. 2.800      (1.2 kW per GPU plus its share of the Grace CPU, NVLink)
 *
 * For a mix of classes the band is the GPU-hour-weighted mean of the class bands:
 * low = sum_c G_c x low_c / sum_c G_c, likewise high. A day is plausible when
 * low <= E / G <= high, boundaries included, decided exactly in 128-bit integers
 * without dividing: E x 10^9 against sum_c G_c x low_c (E in micro-MWh, G in
 * micro-GPU-hours, bands in micro-kW). Energy with no GPU-hours is above the band;
 * GPU-hours with no energy are below it.
 *
 * Pure: no I/O, no database. Numbers are int64 micro-units (fixed.h).
 */
#ifndef LEASELEDGER_RECONCILE_H
#define LEASELEDGER_RECONCILE_H

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ldg_recon_kind {
    LDG_RECON_OVERLAP = 0,
    LDG_RECON_CAPACITY,
    LDG_RECON_GAP,
    LDG_RECON_ENERGY,
    LDG_RECON_OVERAGE,
    LDG_RECON_IDLE,
    LDG_RECON_SLA,
    LDG_RECON_OUTSIDE_TERM,
    LDG_RECON_DOWNTIME_NO_TERMS,
    LDG_RECON_PAYMENT_UNMATCHED,
    LDG_RECON_MAINTENANCE,
    LDG_RECON_DEMAND_DATA,
    LDG_RECON_POWER_OVERAGE,
    LDG_RECON_METER_OVERLOAD,
    LDG_RECON_DOWNTIME_CAPACITY,
} ldg_recon_kind;

#define LDG_RECON_KIND_COUNT 15

/* Ordered: a larger value is more severe. */
typedef enum ldg_recon_severity {
    LDG_RECON_INFO = 0,
    LDG_RECON_WARN,
    LDG_RECON_BLOCK,
} ldg_recon_severity;

#define LDG_RECON_ID_LEN   16  /* hex digits of a finding id */
#define LDG_RECON_TEXT_MAX 257 /* a meter or event id (at most 256 bytes) and a NUL */

/* "overlap", "capacity", ...; NULL for an unknown value. Static string. */
const char *ldg_recon_kind_name(ldg_recon_kind kind);
/* The severity of a kind (table above). */
ldg_recon_severity ldg_recon_kind_severity(ldg_recon_kind kind);
/* "info", "warn", "block"; NULL for an unknown value. Static string. */
const char *ldg_recon_severity_name(ldg_recon_severity s);
/* Whether s is a finding id: exactly LDG_RECON_ID_LEN lowercase hex digits. */
int ldg_recon_id_valid(const char *s);

/* A class's built-in energy band in micro-kW per GPU (gpu_class.h); LDG_EINVAL for a
 * class without one (its site document states its band: ldg_site_class). */
ldg_code ldg_recon_energy_class_band(int64_t *low_ukw, int64_t *high_ukw,
                                     ldg_gpu_class cls, ldg_error *err);

/* Verdict of the energy check. */
typedef struct ldg_energy_eval {
    int verdict;          /* -1 below the band, 0 inside (boundaries included), 1 above */
    int64_t gpu_micros;   /* sum of the GPU-hours, micro-GPU-hours */
    int64_t measured_ukw; /* E / G in micro-kW per GPU, rounded; -1 when G <= 0 */
    int64_t low_ukw;      /* weighted band, micro-kW, rounded; 0 when G <= 0 */
    int64_t high_ukw;
} ldg_energy_eval;

/*
 * Checks energy_micros (micro-MWh) against the band of gpu_micros (micro-GPU-hours per
 * class, indexed by ldg_gpu_class). The verdict is exact; the rounded figures are for
 * display (half away from zero). Negative sums are taken as given (E <= 0 with G > 0 is
 * below; E > 0 with G <= 0 is above; both <= 0 is inside). LDG_ERANGE when a sum
 * overflows int64.
 */
ldg_code ldg_recon_energy_check(ldg_energy_eval *out, int64_t energy_micros,
                                const int64_t gpu_micros[LDG_GPU_NCLASS], ldg_error *err);

/* The same check with each class's band given (micro-kW per GPU, indexed like
 * gpu_micros): the site document's kw_per_gpu, which reconcile uses. */
ldg_code ldg_recon_energy_check_bands(ldg_energy_eval *out, int64_t energy_micros,
                                      const int64_t gpu_micros[LDG_GPU_NCLASS],
                                      const int64_t band_low[LDG_GPU_NCLASS],
                                      const int64_t band_high[LDG_GPU_NCLASS],
                                      ldg_error *err);

/*
 * One finding. Strings are NUL-terminated, "" when not applicable (contract: no
 * contract covers it; site, meter: not per site or meter). A plain value: copy freely.
 * The numbers behind it are in the member of `n` named after its kind.
 */
typedef struct ldg_finding {
    ldg_recon_kind kind;
    char id[LDG_RECON_ID_LEN + 1]; /* filled by ldg_recon_finding_id */
    char tenant[64];
    char contract[128];
    char site[64];
    char meter[LDG_RECON_TEXT_MAX];
    int usage;         /* ldg_record_kind (entry.h: 1 gpu, 2 energy, 3 downtime) or 0 */
    ldg_gpu_class cls; /* LDG_GPU_NONE when not per class */
    ldg_period period;
    ldg_time from, to; /* the range the finding is about, [from, to) */
    int acknowledged;  /* an operator acknowledged it (ledger.finding_ack) */
    char event[2][LDG_RECON_TEXT_MAX]; /* overlap: the two records' event ids;
                                          outside_term, downtime_no_terms: event[0] */
    int64_t seq[2];                    /* their log seqs, likewise */
    union {
        struct {
            int64_t qty_micros[2]; /* each record's quantity after corrections */
        } overlap;
        struct {
            int64_t used_micros;   /* all tenants' GPU-hours of the class that hour */
            int64_t gpus;          /* the site's GPUs of the class then */
            int64_t tenant_micros; /* this tenant's part of used */
        } capacity;                /* capacity; downtime_capacity (used is downtime) */
        struct {
            int64_t gpu_micros;    /* GPU-hours delivered through the meter that hour */
            int64_t down_micros;   /* downtime reported by the meter that hour */
            int64_t load_micros;   /* every kind occupying a GPU (recon_physical.c) */
            int64_t gpus;          /* the meter's GPUs in the inventory then */
            int64_t tenant_micros; /* this tenant's part of load */
        } meter;                   /* meter_overload */
        struct {
            int64_t silent_hours; /* hours of the window no record touches */
            int64_t window_hours; /* hours of the contract's term in the period so far */
            ldg_time first, last; /* first and last silent hour (their starts) */
        } gap;
        struct {
            int64_t energy_micros;              /* micro-MWh that day */
            int64_t gpu_micros[LDG_GPU_NCLASS]; /* micro-GPU-hours per class */
            ldg_energy_eval eval;               /* ldg_recon_energy_check */
        } energy;
        struct {
            int64_t used_micros, reserved_micros, overage_micros; /* GPU-hours */
        } overage;
        struct {
            int64_t used_micros, reserved_micros; /* GPU-hours of the elapsed hours */
            int so_far; /* the period was not over: hours after as_of not counted */
        } idle;
        struct {
            int64_t downtime_micros, reserved_micros; /* GPU-hours over the period */
            int64_t availability_micros;              /* percent, rounded */
            int64_t percent_micros;                   /* credit percent */
            int64_t credit_micros;                    /* the credit line's amount (< 0) */
            int digits;                               /* the currency's minor digits */
            char currency[8];
        } sla;
        struct {
            int64_t qty_micros;    /* the record's part in [from, to) (split rule) */
            int64_t record_micros; /* the record's whole quantity */
            ldg_time start, end;   /* the record's interval */
        } part;                    /* outside_term, downtime_no_terms */
        struct {
            int64_t amount_micros; /* a whole number of the currency's minor unit */
            int digits;            /* the currency's minor digits */
            char currency[8];
        } payment; /* payment_unmatched; from is the received instant */
        struct {
            int64_t maintenance_micros; /* GPU-hours of maintenance in the period */
            int64_t allowed_micros;     /* hours_per_month x reserved_gpus GPU-hours */
            int64_t hours_per_month;    /* sla.maintenance_hours_per_month */
            int64_t reserved_gpus;      /* the class's reserved GPUs */
        } maintenance; /* maintenance beyond what the SLA allows (block) */
        struct {
            int64_t quarters, missing;  /* quarter-hours so far, without 15-minute data */
            ldg_time first_missing;     /* the first such, or 0 */
            int64_t coarse_micros;      /* MWh in records longer than 15 minutes */
            int64_t peak_kw_micros;     /* the 15-minute peak */
            int64_t capacity_kw_micros; /* capacity_mw x 1000 */
        } demand;                       /* demand_data, power_overage */
    } n;
} ldg_finding;

/* One uncovered range of a record and its quantity (ldg_recon_outside_parts). */
typedef struct ldg_recon_part {
    ldg_time from, to;
    int64_t qty_micros;
} ldg_recon_part;

/*
 * The parts of a record [s, e) of quantity q (s < e) that lie inside [lo, hi) (the
 * period) but outside every span [starts[i], ends[i]) (the contract terms of its
 * tenant at its site; any order, may touch or overlap), in time order, each with its
 * quantity by the split rule: F(to) - F(from) on the whole record (rate.h). out must
 * hold nspans + 1 parts; *n receives their number (0: wholly covered or outside
 * [lo, hi)). Pure.
 */
void ldg_recon_outside_parts(ldg_recon_part *out, size_t *n, const ldg_time *starts,
                             const ldg_time *ends, size_t nspans, ldg_time s, ldg_time e,
                             int64_t q, ldg_time lo, ldg_time hi);

/* Zeroes f and sets kind, cls = LDG_GPU_NONE, seq = -1. */
void ldg_recon_finding_init(ldg_finding *f, ldg_recon_kind kind);

/*
 * Computes f->id from its canonical fields (THE ID above). LDG_EINVAL when the kind is
 * unknown or a string is not valid UTF-8; LDG_ENOMEM; LDG_EINTERNAL if hashing fails.
 */
ldg_code ldg_recon_finding_id(ldg_finding *f, ldg_error *err);

/* A growable array of findings. Zero-initialise; ldg_recon_findings_cleanup frees. */
typedef struct ldg_findings {
    ldg_finding *items;
    size_t n, cap;
} ldg_findings;

/* Appends a copy of f. LDG_ENOMEM (fs unchanged). */
ldg_code ldg_recon_findings_add(ldg_findings *fs, const ldg_finding *f, ldg_error *err);
void ldg_recon_findings_cleanup(ldg_findings *fs);

/* Sorts by severity (block first), tenant, kind, from, meter, class, id: a stable
 * order for output and tests. */
void ldg_recon_sort(ldg_finding *items, size_t n);

/* Number of block findings not acknowledged. */
size_t ldg_recon_count_blocking(const ldg_finding *items, size_t n);

/*
 * Appends the one-line description of f with its numbers ("what" in the table and
 * the JSON), e.g. `H100 used 1200.000000 GPU-h, reserved 1000.000000, overage
 * 200.000000`. LDG_ENOMEM, LDG_EINVAL for an unknown kind.
 */
ldg_code ldg_recon_finding_what(ldg_buf *out, const ldg_finding *f, ldg_error *err);

/*
 * The finding as a JSON object: id, kind, severity, tenant, contract, site, meter,
 * class, usage (null where not applicable), period, from, to (RFC 3339),
 * acknowledged (boolean), records (overlap: [{event_id, seq, quantity}]; outside_term and
 * downtime_no_terms: [{event_id, seq, quantity}] of the one record; else absent),
 * numbers (an object of decimal strings, per kind) and what. On LDG_OK release *out
 * with json_decref().
 */
ldg_code ldg_recon_finding_json(json_t **out, const ldg_finding *f, ldg_error *err);

/* A JSON array of ldg_recon_finding_json, in the given order. */
ldg_code ldg_recon_json(json_t **out, const ldg_finding *items, size_t n, ldg_error *err);

/*
 * Appends an aligned text table: a header line SEVERITY ID TENANT METER FROM TO WHAT,
 * one line per finding ("-" for no meter; WHAT is "KIND: " and ldg_recon_finding_what,
 * ending with " [acknowledged]" when it is), then nothing else. Columns are two spaces
 * apart, TENANT and METER as wide as their longest value. With n == 0 appends
 * "no findings\n". LDG_ENOMEM.
 */
ldg_code ldg_recon_table(ldg_buf *out, const ldg_finding *items, size_t n,
                         ldg_error *err);

#endif
