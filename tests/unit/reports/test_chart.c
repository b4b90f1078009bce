/*
 * Unit tests for reports/chart.c: the integer value axis, the format chosen by the file
 * name, and charts written as SVG and PNG.
 *
 * Files are checked by their bytes: an SVG starts with an XML declaration and has an
 * <svg> root of 960 x 600 points; a PNG starts with the 8-byte signature of RFC 2083
 * section 3.1 and its IHDR chunk says 960 x 600. Axis ranges are worked out by hand in
 * the comments.
 */
#include "reports/chart.h"

#include <cairo.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

static char tmpdir[64];
static char path[128];

/* fontconfig, through cairo, keeps one pattern per process from parsing the system's
 * font configuration: not ours, so LeakSanitizer is told. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_chart.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    cairo_debug_reset_static_data();
    return rmdir(tmpdir); /* fails when a test left a file behind */
}

static const char *tmp_path(const char *name)
{
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

/* The whole file (NUL-terminated; free()); *len its size. */
static char *slurp(const char *p, size_t *len)
{
    FILE *fp = fopen(p, "rb");
    char *buf;
    long n;

    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* Revenue by stream by month: 3 months, 3 streams, one negative (SLA credit). */
static const char *const months[3] = { "2026-10", "2026-11", "2026-12" };
static const char *const streams[3] = { "gpu_reserved", "energy", "sla_credit" };
static const int64_t revenue[9] = {
    /* gpu_reserved */ INT64_C(93240000000000),
    INT64_C(93240000000000),
    0,
    /* energy       */ INT64_C(2756289060000),
    INT64_C(2764101560000),
    INT64_C(7812500000),
    /* sla_credit   */ INT64_C(-4662000000000),
    0,
    INT64_C(4662000000000),
};

static rpt_chart revenue_chart(void)
{
    rpt_chart c = { 0 };

    c.kind = RPT_CHART_STACKED;
    c.title = "Revenue by stream, USD";
    c.note = "Basis: billed (month of issue)";
    c.x_label = "Month";
    c.y_label = "Revenue (USD)";
    c.ncategories = 3;
    c.categories = months;
    c.nseries = 3;
    c.series = streams;
    c.values = revenue;
    return c;
}

/* ---- axis ----------------------------------------------------------------------- */

static void test_axis_stacked_revenue(void **state)
{
    rpt_chart c = revenue_chart();
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* highest stack: 2026-11, 93,240,000 + 2,764,101.56 = 96,004,101.56; lowest:
     * 2026-10's -4,662,000. Span 100,666,101.56 / 6 = 16.8 M: step 20,000,000 (whole
     * units, 0 decimals); range rounded out to -20 M .. 100 M. */
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_OK);
    assert_int_equal(a.step, INT64_C(20000000000000));
    assert_int_equal(a.lo, INT64_C(-20000000000000));
    assert_int_equal(a.hi, INT64_C(100000000000000));
    assert_int_equal(a.decimals, 0);
}

static void test_axis_grouped_uses_single_values(void **state)
{
    static const char *const cats[2] = { "H100", "H200" };
    static const char *const ser[2] = { "capacity", "used" };
    /* 72,000 and 36,000 capacity; used 68,400.5 and 30,000 GPU-hours */
    static const int64_t v[4] = { INT64_C(72000000000), INT64_C(36000000000),
                                  INT64_C(68400500000), INT64_C(30000000000) };
    rpt_chart c = { RPT_CHART_GROUPED, "t", NULL, "x", "y", 2, cats, 2, ser, v };
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* max 72,000 (not the 140,400.5 a stack would reach): 72,000 / 6 = 12,000 -> step
     * 20,000, hi 80,000 */
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_OK);
    assert_int_equal(a.step, INT64_C(20000000000));
    assert_int_equal(a.lo, 0);
    assert_int_equal(a.hi, INT64_C(80000000000));
    assert_int_equal(a.decimals, 0);
}

static void test_axis_empty_is_zero_to_one(void **state)
{
    static const char *const ser[1] = { "gpu_reserved" };
    rpt_chart c = { RPT_CHART_STACKED, "t", NULL, "x", "y", 0, NULL, 1, ser, NULL };
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_OK);
    assert_int_equal(a.lo, 0);
    assert_int_equal(a.hi, 1000000);
    assert_int_equal(a.step, 200000); /* 0.2 */
    assert_int_equal(a.decimals, 1);
}

static void test_axis_small_values_get_decimals(void **state)
{
    static const char *const cats[1] = { "2026-11" };
    static const char *const ser[1] = { "energy" };
    static const int64_t v[1] = { 30000 }; /* 0.03 */
    rpt_chart c = { RPT_CHART_STACKED, "t", NULL, "x", "y", 1, cats, 1, ser, v };
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* 0.03 / 6 = 0.005: step 0.005 (5000 micro), 3 decimals; hi 0.03 exactly */
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_OK);
    assert_int_equal(a.step, 5000);
    assert_int_equal(a.hi, 30000);
    assert_int_equal(a.decimals, 3);
}

static void test_axis_all_negative(void **state)
{
    static const char *const cats[1] = { "2026-12" };
    static const char *const ser[2] = { "sla_credit", "gpu_overage" };
    static const int64_t v[2] = { INT64_C(-1500000000), INT64_C(-250000000) };
    rpt_chart c = { RPT_CHART_STACKED, "t", NULL, "x", "y", 1, cats, 2, ser, v };
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* stack -1,750; 1,750 / 6 = 291.7 -> step 500; lo -2,000, hi 0 */
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_OK);
    assert_int_equal(a.step, INT64_C(500000000));
    assert_int_equal(a.lo, INT64_C(-2000000000));
    assert_int_equal(a.hi, 0);
}

static void test_axis_overflowing_stack_is_erange(void **state)
{
    static const char *const cats[1] = { "2026-11" };
    static const char *const ser[2] = { "a", "b" };
    static const int64_t v[2] = { INT64_MAX, INT64_MAX };
    rpt_chart c = { RPT_CHART_STACKED, "t", NULL, "x", "y", 1, cats, 2, ser, v };
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_ERANGE);
    assert_string_equal(err.message, "chart values out of range");
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("big.svg"), &err), LDG_ERANGE);
    assert_false(exists(path));
}

static void test_axis_int64_extremes_grouped(void **state)
{
    static const char *const cats[1] = { "x" };
    static const char *const ser[1] = { "a" };
    static const int64_t v[1] = { INT64_MIN };
    rpt_chart c = { RPT_CHART_GROUPED, "t", NULL, "x", "y", 1, cats, 1, ser, v };
    rpt_chart_axis a;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    /* 2^63 / 6 -> step 2 x 10^18 ; floor(-9.22e18 / 2e18) = -5 -> -1e19 < INT64_MIN */
    assert_int_equal(rpt_chart_axis_of(&a, &c, &err), LDG_ERANGE);
}

/* ---- format by name ------------------------------------------------------------- */

static void test_format_of_extensions(void **state)
{
    rpt_chart_format f = RPT_CHART_PNG;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_format_of(&f, "out/revenue.svg", &err), LDG_OK);
    assert_int_equal(f, RPT_CHART_SVG);
    assert_int_equal(rpt_chart_format_of(&f, "REVENUE.PNG", &err), LDG_OK);
    assert_int_equal(f, RPT_CHART_PNG);
    assert_int_equal(rpt_chart_format_of(&f, "a.b.Svg", &err), LDG_OK);
    assert_int_equal(f, RPT_CHART_SVG);
}

static void test_format_of_rejects_other_names(void **state)
{
    static const char *const bad[] = { "chart", "chart.pdf", "chart.svg.txt",
                                       ".svg",  "dir/.png",  "chart.",
                                       "" };
    rpt_chart_format f;
    ldg_error err;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ldg_error_clear(&err);
        assert_int_equal(rpt_chart_format_of(&f, bad[i], &err), LDG_EINVAL);
    }
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_format_of(&f, "chart.pdf", &err), LDG_EINVAL);
    assert_string_equal(err.message, "cannot tell the chart format of \"chart.pdf\": the "
                                     "file name must end in .svg or .png");
}

/* ---- files ---------------------------------------------------------------------- */

static void assert_svg(const char *p)
{
    size_t len;
    char *buf = slurp(p, &len);

    assert_true(len > 1000);
    assert_memory_equal(buf, "<?xml", 5);
    assert_non_null(strstr(buf, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(buf, "width=\"960pt\" height=\"600pt\""));
    assert_non_null(strstr(buf, "</svg>"));
    free(buf);
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void assert_png(const char *p)
{
    static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    size_t len;
    unsigned char *buf = (unsigned char *)slurp(p, &len);

    assert_true(len > 1000);
    assert_memory_equal(buf, sig, 8);
    assert_memory_equal(buf + 12, "IHDR", 4);
    assert_int_equal(be32(buf + 16), 960);
    assert_int_equal(be32(buf + 20), 600);
    free(buf);
}

static void test_write_stacked_svg(void **state)
{
    rpt_chart c = revenue_chart();
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("revenue.svg"), &err), LDG_OK);
    assert_svg(path);
    assert_int_equal(remove(path), 0);
}

static void test_write_stacked_png(void **state)
{
    rpt_chart c = revenue_chart();
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("revenue.PNG"), &err), LDG_OK);
    assert_png(path);
    assert_int_equal(remove(path), 0);
}

static void test_write_grouped_png_and_svg(void **state)
{
    static const char *const cats[3] = { "colossus-1 H100", "colossus-1 H200",
                                         "colossus-1 GB200" };
    static const char *const ser[4] = { "capacity", "reserved", "used", "idle" };
    static const int64_t v[12] = {
        72000, 36000, 50400, 72000, 36000, 50400, 68400, 30000, 50000, 3600, 6000, 400,
    };
    rpt_chart c = { RPT_CHART_GROUPED,
                    "Utilization by class, 2026-11",
                    NULL,
                    "Site and class",
                    "GPU-hours",
                    3,
                    cats,
                    4,
                    ser,
                    v };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("util.png"), &err), LDG_OK);
    assert_png(path);
    assert_int_equal(remove(path), 0);
    assert_int_equal(rpt_chart_write(&c, tmp_path("util.svg"), &err), LDG_OK);
    assert_svg(path);
    assert_int_equal(remove(path), 0);
}

static void test_write_empty_chart_says_no_data(void **state)
{
    static const char *const ser[1] = { "gpu_reserved" };
    rpt_chart c = { RPT_CHART_STACKED,
                    "Revenue by stream",
                    NULL,
                    "Month",
                    "Revenue",
                    0,
                    NULL,
                    1,
                    ser,
                    NULL };
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("empty.svg"), &err), LDG_OK);
    assert_svg(path);
    assert_int_equal(remove(path), 0);
}

static void test_write_many_categories_and_utf8_labels(void **state)
{
    char names[36][16];
    const char *cats[36];
    static const char *const ser[2] = { "R\xC3\xA9serv\xC3\xA9", "\xC3\x9C"
                                                                 "berzug" };
    int64_t v[72];
    rpt_chart c = { RPT_CHART_STACKED,
                    "36 months \xE2\x80\x94 EUR",
                    "note",
                    "Month",
                    "Revenue (EUR)",
                    36,
                    cats,
                    2,
                    ser,
                    v };
    ldg_error err;

    (void)state;
    for (int i = 0; i < 36; i++) {
        snprintf(names[i], sizeof names[i], "%04d-%02d", 2024 + i / 12, i % 12 + 1);
        cats[i] = names[i];
        v[i] = (int64_t)i * 1000000;
        v[36 + i] = -(int64_t)i * 500000;
    }
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("long.png"), &err), LDG_OK);
    assert_png(path);
    assert_int_equal(remove(path), 0);
}

static void test_write_overwrites_existing_file(void **state)
{
    rpt_chart c = revenue_chart();
    FILE *fp = fopen(tmp_path("old.svg"), "w");
    ldg_error err;

    (void)state;
    assert_non_null(fp);
    fputs("stale", fp);
    fclose(fp);
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, path, &err), LDG_OK);
    assert_svg(path);
    assert_int_equal(remove(path), 0);
}

static void test_write_rejects_bad_charts(void **state)
{
    static const char *const cats[1] = { "x" };
    static const char *const ser[1] = { "a" };
    static const char *const noname[1] = { NULL };
    static const int64_t v[1] = { 1 };
    rpt_chart ok = { RPT_CHART_STACKED, "t", NULL, "x", "y", 1, cats, 1, ser, v };
    rpt_chart c;
    ldg_error err;

    (void)state;
    c = ok;
    c.title = NULL;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, tmp_path("bad.svg"), &err), LDG_EINVAL);
    assert_string_equal(err.message, "a chart needs a title and axis labels");
    c = ok;
    c.nseries = 0;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, path, &err), LDG_EINVAL);
    assert_string_equal(err.message, "a chart needs 1 to 16 series, not 0");
    c = ok;
    c.nseries = RPT_CHART_MAX_SERIES + 1;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, path, &err), LDG_EINVAL);
    c = ok;
    c.ncategories = RPT_CHART_MAX_CATEGORIES + 1;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, path, &err), LDG_EINVAL);
    assert_string_equal(err.message, "a chart shows at most 400 categories, not 401");
    c = ok;
    c.series = noname;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, path, &err), LDG_EINVAL);
    assert_string_equal(err.message, "chart series 0 has no name");
    c = ok;
    c.categories = noname;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, path, &err), LDG_EINVAL);
    assert_string_equal(err.message, "chart category 0 has no name");
    assert_false(exists(path));
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&ok, tmp_path("bad.pdf"), &err), LDG_EINVAL);
    assert_false(exists(path));
}

static void test_write_unwritable_path_is_eio(void **state)
{
    rpt_chart c = revenue_chart();
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, "/nonexistent-dir/x.svg", &err), LDG_EIO);
    assert_non_null(strstr(err.message, "\"/nonexistent-dir/x.svg\""));
    ldg_error_clear(&err);
    assert_int_equal(rpt_chart_write(&c, "/nonexistent-dir/x.png", &err), LDG_EIO);
    assert_non_null(
        strstr(err.message, "could not write chart \"/nonexistent-dir/x.png\""));
}

/* A chart written to a name linked to /dev/full: every write fails (ENOSPC). */
static void test_write_full_disk_is_eio(void **state)
{
    static const char *const names[2] = { "full.svg", "full.png" };
    rpt_chart c = revenue_chart();
    struct stat sb;
    ldg_error err;

    (void)state;
    if (stat("/dev/full", &sb) != 0)
        skip();
    for (int i = 0; i < 2; i++) {
        assert_int_equal(symlink("/dev/full", tmp_path(names[i])), 0);
        ldg_error_clear(&err);
        assert_int_equal(rpt_chart_write(&c, path, &err), LDG_EIO);
        assert_non_null(strstr(err.message, "could not write chart"));
        assert_int_not_equal(lstat(path, &sb), 0); /* removed: nothing half-written */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_stacked_revenue),
        cmocka_unit_test(test_axis_grouped_uses_single_values),
        cmocka_unit_test(test_axis_empty_is_zero_to_one),
        cmocka_unit_test(test_axis_small_values_get_decimals),
        cmocka_unit_test(test_axis_all_negative),
        cmocka_unit_test(test_axis_overflowing_stack_is_erange),
        cmocka_unit_test(test_axis_int64_extremes_grouped),
        cmocka_unit_test(test_format_of_extensions),
        cmocka_unit_test(test_format_of_rejects_other_names),
        cmocka_unit_test(test_write_stacked_svg),
        cmocka_unit_test(test_write_stacked_png),
        cmocka_unit_test(test_write_grouped_png_and_svg),
        cmocka_unit_test(test_write_empty_chart_says_no_data),
        cmocka_unit_test(test_write_many_categories_and_utf8_labels),
        cmocka_unit_test(test_write_overwrites_existing_file),
        cmocka_unit_test(test_write_rejects_bad_charts),
        cmocka_unit_test(test_write_unwritable_path_is_eio),
        cmocka_unit_test(test_write_full_disk_is_eio),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
