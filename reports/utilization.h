/*
 * Utilization report: for one period, per site and GPU class, what the site could
 * deliver, what was sold, what was used and what sat idle; per site, the energy metered
 * and the energy billed.
 *
 * Definitions (GPU-hours in micro-units, exact):
 *   capacity   the site's GPUs of the class x the hours of the period, following the
 *              site's versions (ledger.site_version: a version applies from its
 *              valid_from on), to the microsecond
 *   reserved   sold: the quantities of the gpu_reserved lines of every document that
 *              bills the period (invoices, supplementary invoices, credit notes), for
 *              contracts at the site; it is exactly sum(reserved x hours in force) the
 *              contracts billed. A period not invoiced yet shows 0 reserved
 *   used       GPU-hours delivered: usage_hourly kind 1 (gpu), every tenant
 *   downtime   usage_hourly kinds 3 and 4: unavailable (downtime, and maintenance, which
 *              only the SLA leaves out)
 *   idle       reserved - used, not below 0 (sold but not used)
 * Each has a percent column: its share of capacity, in hundredths of a percent computed
 * in integers and rounded half away from zero ("95.24"); empty when capacity is 0.
 * Energy, per site (MWh, micro-units): metered is usage_hourly kind 2 (IT energy as the
 * meters report it); billed is the quantities of the energy lines of the period's
 * documents, which are metered energy x PUE, so billed exceeds metered by the PUE.
 *
 * Rows: per site (by id, byte order), a row per class (ledger/gpu_class.h order: H100,
 * H200, GB200, then by name) that has capacity or any GPU-hours, then a row with class
 * "all" summing the site's classes and carrying the energy columns (empty on class rows).
 */
#ifndef LEASELEDGER_REPORTS_UTILIZATION_H
#define LEASELEDGER_REPORTS_UTILIZATION_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"
#include "reports/table.h"

#include <stddef.h>
#include <stdint.h>

/* One row of the report; class_name is a GPU class ("H100") or "all". */
typedef struct rpt_util_row {
    const char *site;
    const char *class_name;
    int64_t capacity_micros;
    int64_t reserved_micros;
    int64_t used_micros;
    int64_t downtime_micros;
    int64_t idle_micros;
    int has_energy; /* the "all" row: the energy fields are meaningful */
    int64_t energy_metered_micros;
    int64_t energy_billed_micros;
} rpt_util_row;

typedef struct rpt_utilization rpt_utilization;

/*
 * Computes the report for period, for every site or only site (NULL: all). Runs its
 * queries in one read-only repeatable-read transaction of its own, so the numbers come
 * from one snapshot; do not call it inside a transaction. On LDG_OK free *out with
 * rpt_utilization_free(). Returns LDG_OK, LDG_ENOTFOUND (no site named site),
 * LDG_ERANGE (a sum does not fit int64), the store's codes, LDG_ENOMEM. A period with
 * no data is LDG_OK: the sites' capacity rows with zero GPU-hours.
 */
ldg_code rpt_utilization_run(rpt_utilization **out, ldg_store *st, ldg_period period,
                             const char *site, ldg_error *err);

void rpt_utilization_free(rpt_utilization *u);

/*
 * part as a percent of whole with 2 decimals, in micro-units of a percent ready for
 * ldg_fixed_format(..., 2): round_half_away(part x 10000 / whole) x 10000. *out is
 * unchanged and 0 returned when whole <= 0; 1 otherwise.
 */
int rpt_util_percent(int64_t *out, int64_t part, int64_t whole);

/*
 * The report as a table: site, class, capacity_gpu_h, reserved_gpu_h, reserved_pct,
 * used_gpu_h, used_pct, downtime_gpu_h, downtime_pct, idle_gpu_h, idle_pct,
 * energy_metered_mwh, energy_billed_mwh. GPU-hours and MWh with 6 decimals, percents
 * with 2; for_people adds thousands separators. On LDG_OK free *out with
 * rpt_table_free(). LDG_ENOMEM.
 */
ldg_code rpt_utilization_table(rpt_table **out, const rpt_utilization *u, int for_people,
                               ldg_error *err);

/*
 * Draws capacity, reserved, used and idle GPU-hours as grouped bars, one group per site
 * and class (the "all" rows left out), SVG or PNG by path's extension. Returns as
 * rpt_chart_write (reports/chart.h).
 */
ldg_code rpt_utilization_chart(const rpt_utilization *u, const char *path,
                               ldg_error *err);

#endif
