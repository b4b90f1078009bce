/*
 * Bar charts with cairo (see chart.h).
 *
 * Layout, top to bottom: title, optional note, the plot with its y tick labels and
 * rotated y-axis label on the left and the legend on the right, the category labels
 * (turned 45 degrees when they do not fit side by side, and thinned to every k-th when
 * even that does not fit) and the x-axis label. Margins are measured from the text
 * extents, so long tick labels or series names never overlap the plot.
 *
 * Numbers: the axis range is [floor(lo / step) * step, ceil(hi / step) * step] where
 * lo <= 0 <= hi are the extreme stack sums (or values, for grouped bars) in 128-bit
 * integers and step is the smallest 1, 2 or 5 x 10^k micro-units giving at most
 * RPT_TICKS intervals. Tick labels are those integers formatted exactly. Only the
 * mapping of an integer to a page coordinate uses double.
 *
 * Alternatives dropped: a plotting library (gnuplot, PLplot) is one more dependency
 * and formats tick labels from floats; cairo is already linked for the invoice PDFs.
 */
#include "reports/chart.h"

#include "ledger/fixed.h"
#include "reports/invoice_doc.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CHART_W   960.0
#define CHART_H   600.0
#define RPT_TICKS 6
#define HALF_PI   1.57079632679489661923

typedef struct rgb {
    double r, g, b;
} rgb;

/* Okabe-Ito (colour-blind safe) first, then distinct extras. */
static const rgb palette[RPT_CHART_MAX_SERIES] = {
    { 0.000, 0.447, 0.698 }, { 0.902, 0.624, 0.000 }, { 0.000, 0.620, 0.451 },
    { 0.835, 0.369, 0.000 }, { 0.800, 0.475, 0.655 }, { 0.337, 0.706, 0.914 },
    { 0.941, 0.894, 0.259 }, { 0.300, 0.300, 0.300 }, { 0.549, 0.337, 0.294 },
    { 0.498, 0.498, 0.498 }, { 0.737, 0.741, 0.133 }, { 0.090, 0.745, 0.812 },
    { 0.580, 0.404, 0.741 }, { 0.173, 0.627, 0.173 }, { 0.122, 0.467, 0.706 },
    { 1.000, 0.498, 0.055 },
};

ldg_code rpt_chart_format_of(rpt_chart_format *out, const char *path, ldg_error *err)
{
    const char *dot = path != NULL ? strrchr(path, '.') : NULL;

    if (dot != NULL && dot != path && dot[-1] != '/' && strcasecmp(dot, ".svg") == 0)
        *out = RPT_CHART_SVG;
    else if (dot != NULL && dot != path && dot[-1] != '/' && strcasecmp(dot, ".png") == 0)
        *out = RPT_CHART_PNG;
    else
        return ldg_error_set(err, LDG_EINVAL,
                             "cannot tell the chart format of \"%s\": the file name must "
                             "end in .svg or .png",
                             path != NULL ? path : "");
    return LDG_OK;
}

static ldg_code check_chart(const rpt_chart *c, ldg_error *err)
{
    if (c->title == NULL || c->x_label == NULL || c->y_label == NULL)
        return ldg_error_set(err, LDG_EINVAL, "a chart needs a title and axis labels");
    if (c->nseries == 0 || c->nseries > RPT_CHART_MAX_SERIES || c->series == NULL)
        return ldg_error_set(err, LDG_EINVAL, "a chart needs 1 to %d series, not %zu",
                             RPT_CHART_MAX_SERIES, c->nseries);
    if (c->ncategories > RPT_CHART_MAX_CATEGORIES)
        return ldg_error_set(err, LDG_EINVAL,
                             "a chart shows at most %d categories, not %zu",
                             RPT_CHART_MAX_CATEGORIES, c->ncategories);
    if (c->ncategories > 0 && (c->categories == NULL || c->values == NULL))
        return ldg_error_set(err, LDG_EINVAL, "chart categories or values missing");
    for (size_t s = 0; s < c->nseries; s++)
        if (c->series[s] == NULL)
            return ldg_error_set(err, LDG_EINVAL, "chart series %zu has no name", s);
    for (size_t k = 0; k < c->ncategories; k++)
        if (c->categories[k] == NULL)
            return ldg_error_set(err, LDG_EINVAL, "chart category %zu has no name", k);
    return LDG_OK;
}

/* ---- the value axis, in integers ------------------------------------------------ */

static ldg_i128 floor_div(ldg_i128 a, ldg_i128 b)
{
    ldg_i128 q = a / b;

    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

static ldg_i128 ceil_div(ldg_i128 a, ldg_i128 b)
{
    return -floor_div(-a, b);
}

/* The extreme values the bars reach: stack sums or single values. */
static void value_range(ldg_i128 *lo, ldg_i128 *hi, const rpt_chart *c)
{
    *lo = 0;
    *hi = 0;
    for (size_t k = 0; k < c->ncategories; k++) {
        ldg_i128 pos = 0, neg = 0;

        for (size_t s = 0; s < c->nseries; s++) {
            int64_t v = c->values[s * c->ncategories + k];

            if (c->kind == RPT_CHART_GROUPED) {
                pos = v > pos ? v : pos;
                neg = v < neg ? v : neg;
            } else if (v >= 0) {
                pos += v;
            } else {
                neg += v;
            }
        }
        *hi = pos > *hi ? pos : *hi;
        *lo = neg < *lo ? neg : *lo;
    }
}

ldg_code rpt_chart_axis_of(rpt_chart_axis *out, const rpt_chart *chart, ldg_error *err)
{
    static const int mult[3] = { 1, 2, 5 };
    ldg_i128 lo, hi, span, step = 0, p10 = 1, alo, ahi;
    int zeros = 0, decimals = 0;

    ldg_code rc = check_chart(chart, err);

    if (rc != LDG_OK)
        return rc;
    value_range(&lo, &hi, chart);
    if (lo == 0 && hi == 0)
        hi = LDG_MICRO; /* an empty or all-zero chart still has a 0..1 axis */
    span = hi - lo;
    while (step == 0) {
        for (int i = 0; i < 3 && step == 0; i++) {
            if (p10 * mult[i] * RPT_TICKS >= span) {
                step = p10 * mult[i];
                decimals = zeros >= 6 ? 0 : 6 - zeros;
            }
        }
        p10 *= 10;
        zeros++;
    }
    alo = floor_div(lo, step) * step;
    ahi = ceil_div(hi, step) * step;
    /* in range implies step fits too: a step above INT64_MAX would put lo or hi out */
    if (alo < INT64_MIN || ahi > INT64_MAX)
        return ldg_error_set(err, LDG_ERANGE, "chart values out of range");
    out->lo = (int64_t)alo;
    out->hi = (int64_t)ahi;
    out->step = (int64_t)step;
    out->decimals = decimals;
    return LDG_OK;
}

/* ---- drawing -------------------------------------------------------------------- */

typedef struct frame {
    double left, right, top, bottom; /* plot area */
    double legend_x;
    int rotate;     /* category labels at 45 degrees */
    size_t every;   /* label every k-th category */
    double label_h; /* height below the plot reserved for category labels */
} frame;

static double text_w(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;

    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

static void font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static void gray(cairo_t *cr, double level)
{
    cairo_set_source_rgb(cr, level, level, level);
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double align)
{
    cairo_move_to(cr, x - align * text_w(cr, s), y);
    cairo_show_text(cr, s);
}

static double y_of(const rpt_chart_axis *a, const frame *f, ldg_i128 v)
{
    double frac = (double)(v - a->lo) / (double)((ldg_i128)a->hi - a->lo);

    return f->bottom - frac * (f->bottom - f->top);
}

static void tick_label(char *buf, const rpt_chart_axis *a, ldg_i128 v)
{
    rpt_invoice_format_number(buf, (int64_t)v, a->decimals);
}

static void layout(frame *f, cairo_t *cr, const rpt_chart *c, const rpt_chart_axis *a)
{
    char buf[RPT_NUMBER_BUFLEN];
    double tick_w = 0, legend_w = 0, cat_w = 0, slot;

    font(cr, 11, 0);
    for (ldg_i128 v = a->lo; v <= a->hi; v += a->step) {
        double w;

        tick_label(buf, a, v);
        w = text_w(cr, buf);
        tick_w = w > tick_w ? w : tick_w;
    }
    for (size_t s = 0; s < c->nseries; s++) {
        double w = text_w(cr, c->series[s]);
        legend_w = w > legend_w ? w : legend_w;
    }
    for (size_t k = 0; k < c->ncategories; k++) {
        double w = text_w(cr, c->categories[k]);
        cat_w = w > cat_w ? w : cat_w;
    }
    if (legend_w > 220)
        legend_w = 220;
    f->top = c->note != NULL ? 74 : 58;
    f->left = 20 + 18 + tick_w + 10; /* margin, rotated axis label, ticks, gap */
    f->legend_x = CHART_W - 20 - legend_w - 22;
    f->right = f->legend_x - 20;
    slot = c->ncategories > 0 ? (f->right - f->left) / (double)c->ncategories : 1;
    f->rotate = cat_w + 8 > slot;
    f->every = 1;
    if (f->rotate) {
        while (14.0 * 1.4142 > slot * (double)f->every)
            f->every++;
        f->label_h = cat_w * 0.7072 + 14;
        if (f->label_h > 140)
            f->label_h = 140;
    } else {
        f->label_h = 20;
    }
    f->bottom = CHART_H - 20 - 18 - f->label_h;
}

static void draw_frame(cairo_t *cr, const rpt_chart *c, const rpt_chart_axis *a,
                       const frame *f)
{
    char buf[RPT_NUMBER_BUFLEN];

    gray(cr, 1.0);
    cairo_paint(cr);

    gray(cr, 0.1);
    font(cr, 18, 1);
    text_at(cr, CHART_W / 2, 32, c->title, 0.5);
    if (c->note != NULL) {
        font(cr, 11, 0);
        gray(cr, 0.35);
        text_at(cr, CHART_W / 2, 52, c->note, 0.5);
    }

    /* grid lines and tick labels */
    font(cr, 11, 0);
    cairo_set_line_width(cr, 1);
    for (ldg_i128 v = a->lo; v <= a->hi; v += a->step) {
        double y = y_of(a, f, v);

        gray(cr, v == 0 ? 0.2 : 0.88);
        cairo_move_to(cr, f->left, y);
        cairo_line_to(cr, f->right, y);
        cairo_stroke(cr);
        gray(cr, 0.25);
        tick_label(buf, a, v);
        text_at(cr, f->left - 6, y + 4, buf, 1.0);
    }
    gray(cr, 0.2);
    cairo_move_to(cr, f->left, f->top);
    cairo_line_to(cr, f->left, f->bottom);
    cairo_stroke(cr);

    /* axis labels */
    font(cr, 12, 1);
    cairo_save(cr);
    cairo_move_to(cr, 20 + 13, (f->top + f->bottom) / 2 + text_w(cr, c->y_label) / 2);
    cairo_rotate(cr, -HALF_PI);
    cairo_show_text(cr, c->y_label);
    cairo_restore(cr);
    text_at(cr, (f->left + f->right) / 2, CHART_H - 18, c->x_label, 0.5);

    /* legend */
    font(cr, 11, 0);
    for (size_t s = 0; s < c->nseries; s++) {
        double y = f->top + 4 + 20 * (double)s;
        const rgb *col = &palette[s];

        cairo_set_source_rgb(cr, col->r, col->g, col->b);
        cairo_rectangle(cr, f->legend_x, y, 12, 12);
        cairo_fill(cr);
        gray(cr, 0.15);
        text_at(cr, f->legend_x + 18, y + 10, c->series[s], 0.0);
    }
}

static void bar(cairo_t *cr, const rpt_chart_axis *a, const frame *f, double x, double w,
                ldg_i128 from, ldg_i128 to, const rgb *col)
{
    double y0 = y_of(a, f, from), y1 = y_of(a, f, to);

    if (from == to)
        return;
    cairo_set_source_rgb(cr, col->r, col->g, col->b);
    cairo_rectangle(cr, x, y1 < y0 ? y1 : y0, w, y1 < y0 ? y0 - y1 : y1 - y0);
    cairo_fill(cr);
}

static void draw_bars(cairo_t *cr, const rpt_chart *c, const rpt_chart_axis *a,
                      const frame *f)
{
    double slot;

    if (c->ncategories == 0) {
        font(cr, 14, 0);
        gray(cr, 0.4);
        text_at(cr, (f->left + f->right) / 2, (f->top + f->bottom) / 2,
                "No data for this selection", 0.5);
        return;
    }
    slot = (f->right - f->left) / (double)c->ncategories;
    for (size_t k = 0; k < c->ncategories; k++) {
        double x0 = f->left + slot * (double)k;
        ldg_i128 pos = 0, neg = 0;

        for (size_t s = 0; s < c->nseries; s++) {
            int64_t v = c->values[s * c->ncategories + k];

            if (c->kind == RPT_CHART_GROUPED) {
                double w = slot * 0.8 / (double)c->nseries;
                bar(cr, a, f, x0 + slot * 0.1 + w * (double)s, w, 0, v, &palette[s]);
            } else if (v >= 0) {
                bar(cr, a, f, x0 + slot * 0.2, slot * 0.6, pos, pos + v, &palette[s]);
                pos += v;
            } else {
                bar(cr, a, f, x0 + slot * 0.2, slot * 0.6, neg + v, neg, &palette[s]);
                neg += v;
            }
        }
        if (k % f->every != 0)
            continue;
        font(cr, 11, 0);
        gray(cr, 0.2);
        if (f->rotate) {
            double w = text_w(cr, c->categories[k]);

            cairo_save(cr);
            cairo_move_to(cr, x0 + slot / 2 + 4, f->bottom + 8);
            cairo_rotate(cr, -HALF_PI / 2);
            cairo_rel_move_to(cr, -w, 0);
            cairo_show_text(cr, c->categories[k]);
            cairo_restore(cr);
        } else {
            text_at(cr, x0 + slot / 2, f->bottom + 16, c->categories[k], 0.5);
        }
    }
    /* the zero line again, over the bars */
    gray(cr, 0.2);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, f->left, y_of(a, f, 0));
    cairo_line_to(cr, f->right, y_of(a, f, 0));
    cairo_stroke(cr);
}

ldg_code rpt_chart_write(const rpt_chart *chart, const char *path, ldg_error *err)
{
    rpt_chart_format fmt;
    cairo_surface_t *surface;
    cairo_status_t status;
    cairo_t *cr;
    rpt_chart_axis a;
    frame f;
    ldg_code rc;

    rc = rpt_chart_format_of(&fmt, path, err);
    if (rc == LDG_OK)
        rc = rpt_chart_axis_of(&a, chart, err);
    if (rc != LDG_OK)
        return rc;
    if (fmt == RPT_CHART_SVG)
        surface = cairo_svg_surface_create(path, CHART_W, CHART_H);
    else
        surface =
            cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)CHART_W, (int)CHART_H);
    status = cairo_surface_status(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        if (status == CAIRO_STATUS_NO_MEMORY)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        return ldg_error_set(err, LDG_EIO, "could not create chart \"%s\": %s", path,
                             cairo_status_to_string(status));
    }
    cr = cairo_create(surface);
    layout(&f, cr, chart, &a);
    draw_frame(cr, chart, &a, &f);
    draw_bars(cr, chart, &a, &f);
    status = cairo_status(cr);
    cairo_destroy(cr);
    if (status == CAIRO_STATUS_SUCCESS && fmt == RPT_CHART_PNG)
        status = cairo_surface_write_to_png(surface, path);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) {
        remove(path);
        return ldg_error_set(err, LDG_EIO, "could not write chart \"%s\": %s", path,
                             cairo_status_to_string(status));
    }
    return LDG_OK;
}
