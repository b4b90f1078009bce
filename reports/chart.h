/*
 * Bar charts for reports, drawn with cairo and written as SVG or PNG (chosen by the
 * file name's extension).
 *
 * Two kinds: stacked bars (revenue by stream by month: one bar per category, one
 * segment per series; positive values stack up from zero, negative ones, such as SLA
 * credits and credit notes, stack down from it) and grouped bars (utilization by class:
 * one bar per series side by side in each category). Every chart has a title, an
 * optional note under it, a labelled y axis (the label carries the unit), a labelled x
 * axis, grid lines at round values and a legend.
 *
 * Values are int64 micro-units, summed exactly by the caller. They become doubles only
 * here, as page coordinates, and only after every integer sum is done: the stack sums
 * and the axis range are computed in 128-bit integers, and the tick values are round
 * integers formatted by ledger/fixed.c, so a label never shows a float artefact.
 */
#ifndef LEASELEDGER_REPORTS_CHART_H
#define LEASELEDGER_REPORTS_CHART_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

typedef enum rpt_chart_kind {
    RPT_CHART_STACKED = 0, /* one bar per category, series stacked */
    RPT_CHART_GROUPED = 1, /* one bar per series in each category */
} rpt_chart_kind;

typedef enum rpt_chart_format {
    RPT_CHART_SVG = 0,
    RPT_CHART_PNG = 1,
} rpt_chart_format;

/*
 * A chart to draw. All pointers are borrowed for the call. values holds
 * nseries * ncategories micro-unit values, series-major: the value of series s in
 * category c is values[s * ncategories + c]. ncategories may be 0 (the chart then says
 * "no data"); nseries must be at least 1 and at most RPT_CHART_MAX_SERIES. Strings are
 * UTF-8; note may be NULL.
 */
typedef struct rpt_chart {
    rpt_chart_kind kind;
    const char *title;
    const char *note;
    const char *x_label;
    const char *y_label; /* with the unit, e.g. "Revenue (USD)" or "GPU-hours" */
    size_t ncategories;
    const char *const *categories;
    size_t nseries;
    const char *const *series;
    const int64_t *values;
} rpt_chart;

#define RPT_CHART_MAX_SERIES     16
#define RPT_CHART_MAX_CATEGORIES 400

/*
 * The format the file name asks for: ".svg" or ".png", any letter case. Returns
 * LDG_OK or LDG_EINVAL naming the path and the accepted extensions.
 */
ldg_code rpt_chart_format_of(rpt_chart_format *out, const char *path, ldg_error *err);

/* The value axis of a chart: ticks at lo, lo + step, ..., hi (micro-units), labelled
 * with `decimals` digits after the point. lo <= 0 <= hi, lo < hi. */
typedef struct rpt_chart_axis {
    int64_t lo;
    int64_t hi;
    int64_t step;
    int decimals;
} rpt_chart_axis;

/*
 * The axis rpt_chart_write draws for chart: lo and hi cover every bar (the extreme
 * stack sums for stacked bars, the extreme values for grouped bars, and 0), rounded
 * out to multiples of step; step is the smallest 1, 2 or 5 x 10^k micro-units that
 * gives at most 6 intervals over the bars' range. An empty or all-zero chart gets 0..1
 * (step 0.2). decimals is 0 when step is a whole unit, else the digits step needs.
 * Returns LDG_OK, LDG_EINVAL (chart malformed, as rpt_chart_write) or LDG_ERANGE (the
 * rounded range does not fit int64).
 */
ldg_code rpt_chart_axis_of(rpt_chart_axis *out, const rpt_chart *chart, ldg_error *err);

/*
 * Draws chart into a new file at path (created or truncated), SVG or PNG by the
 * extension; 960 x 600 points (pixels for PNG). On failure the file is removed, so no
 * half-written chart is left. Returns LDG_OK; LDG_EINVAL (extension, missing title or
 * labels, nseries 0 or above RPT_CHART_MAX_SERIES, more than RPT_CHART_MAX_CATEGORIES
 * categories, NULL names); LDG_EIO naming the path when cairo cannot create or write
 * it; LDG_ENOMEM.
 */
ldg_code rpt_chart_write(const rpt_chart *chart, const char *path, ldg_error *err);

#endif
