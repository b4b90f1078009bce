/*
 * Unit tests for reports/invoice_doc.c: invoices rendered as PDF and as plain text.
 *
 * The PDFs are read back with poppler's pdftotext -layout and pdfinfo (Debian
 * poppler-utils); when they are missing the tests fail rather than skip, since the
 * PDF would go unchecked. Invoices are built from JSON documents written here, with
 * their amounts worked out by hand in the comments; the expected strings (thousands
 * separators included) are typed out, never produced by the code under test.
 */
#include "reports/invoice_doc.h"

#include <cairo.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

/* SHA-256 of the empty string, standard base64: a well-formed root. */
#define ROOT "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

static const rpt_party seller = { "Example Compute Operator LLC",
                                  "1 Example Way\nMemphis TN 38101", "00-0000000", NULL };
static const rpt_party buyer = { "Anthropic PBC", NULL, NULL, "AR-0042" };
static const rpt_invoice_ctx ctx = { &seller, &buyer, "colossus-1", "anthropic", NULL,
                                     NULL,    0,      NULL };

static char tmpdir[64];

/* fontconfig, through cairo, loses one pattern per process while parsing the system's
 * font configuration (FcInitLoadConfigAndFonts): not ours, so LeakSanitizer is told. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_invoice_doc.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    cairo_debug_reset_static_data(); /* cairo's font caches, for the leak checkers */
    return rmdir(tmpdir);            /* fails when a test left a file behind */
}

/* Every message: lower case start, no final period, printable ASCII. */
static void check_message(const ldg_error *err)
{
    size_t n = strlen(err->message), i;

    assert_true(n > 0 && n < 250);
    assert_true(err->message[0] >= 'a' && err->message[0] <= 'z');
    assert_true(err->message[n - 1] != '.');
    for (i = 0; i < n; i++)
        assert_true(err->message[i] >= 0x20 && err->message[i] <= 0x7e);
}

/* ---- building invoices ------------------------------------------------------------- */

static json_t *line(const char *stream, const char *cls, const char *from, const char *to,
                    const char *qty, const char *unit, const char *rate,
                    const char *amount)
{
    json_t *l =
        json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "stream", stream, "class",
                  cls ? json_string(cls) : json_null(), "from", from, "to", to,
                  "quantity", qty, "unit", unit, "rate", rate, "amount", amount);

    assert_non_null(l);
    return l;
}

/* An invoice of the given lines (taken); amends NULL for an original. */
static ldg_invoice *make_invoice(ldg_invoice_kind kind, const char *number,
                                 const char *amends, const char *issued, json_t *lines,
                                 const char *total, json_int_t size)
{
    json_t *data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:{s:I, s:s}}",
                             "number", number, "contract", "C1-ANTH", "period", "2026-11",
                             "currency", "USD", "issued", issued, "amends",
                             amends ? json_string(amends) : json_null(), "lines", lines,
                             "total", total, "rated_from", "size", size, "root", ROOT);
    ldg_invoice *inv = NULL;
    ldg_error err;

    assert_non_null(data);
    ldg_error_clear(&err);
    if (ldg_invoice_from_json(&inv, data, kind, &err) != LDG_OK)
        fail_msg("test invoice rejected: %s", err.message);
    json_decref(data);
    return inv;
}

/* DESIGN.md's invoice example: 100,000 H100 reserved from 2026-11-10 to 2026-12-01,
 * 21 days = 504 hours, 50,400,000 GPU-hours x 1.85 = 93,240,000.00. */
static ldg_invoice *design_invoice(void)
{
    json_t *lines = json_array();

    json_array_append_new(lines, line("gpu_reserved", "H100", "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "50400000.000000",
                                      "gpu_hour", "1.850000", "93240000.00"));
    return make_invoice(LDG_INVOICE_KIND_INVOICE, "C1-2026-000001", NULL,
                        "2026-12-01T02:00:00Z", lines, "93240000.00", 3120000);
}

/*
 * Every stream but the true-up, on one invoice:
 *   reserved  50,400,000 GPU-h x 1.85          = 93,240,000.00
 *   overage   1,250.5 GPU-h x 2.40             =      3,001.20
 *   energy    140,000 MWh x 62.50              =  8,750,000.00
 *   capacity  300 MW x 504/720 = 210 MW-months x 15,000 = 3,150,000.00
 *   SLA       -5% of 93,240,000                = -4,662,000.00
 *   total 93,240,000 + 3,001.20 + 8,750,000 + 3,150,000 - 4,662,000 = 100,481,001.20
 */
static ldg_invoice *small_invoice(void)
{
    json_t *lines = json_array();

    json_array_append_new(lines, line("gpu_reserved", "H100", "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "50400000.000000",
                                      "gpu_hour", "1.850000", "93240000.00"));
    json_array_append_new(lines, line("gpu_overage", "H100", "2026-11-20T12:00:00Z",
                                      "2026-12-01T00:00:00Z", "1250.500000", "gpu_hour",
                                      "2.400000", "3001.20"));
    json_array_append_new(lines, line("energy", NULL, "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "140000.000000", "mwh",
                                      "62.500000", "8750000.00"));
    json_array_append_new(lines, line("power_capacity", NULL, "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "210.000000", "mw_month",
                                      "15000.000000", "3150000.00"));
    json_array_append_new(lines, line("sla_credit", "H100", "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "93240000.000000", "USD",
                                      "-0.050000", "-4662000.00"));
    return make_invoice(LDG_INVOICE_KIND_INVOICE, "C1-2026-000007", NULL,
                        "2026-12-01T02:00:00Z", lines, "100481001.20", 42);
}

/* A correction lowered usage after C1-2026-000001 was issued:
 *   overage -100 GPU-h x 2.40 = -240.00; energy -12.5 MWh x 62.50 = -781.25;
 *   total -1,021.25. */
static ldg_invoice *credit_note(void)
{
    json_t *lines = json_array();

    json_array_append_new(lines, line("gpu_overage", "H100", "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "-100.000000", "gpu_hour",
                                      "2.400000", "-240.00"));
    json_array_append_new(lines, line("energy", NULL, "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "-12.500000", "mwh",
                                      "62.500000", "-781.25"));
    return make_invoice(LDG_INVOICE_KIND_CREDIT_NOTE, "C1-2026-000003", "C1-2026-000001",
                        "2026-12-15T02:00:00Z", lines, "-1021.25", 3170000);
}

/* Late usage after C1-2026-000001: 10 GPU-h of overage x 2.40 = 24.00. */
static ldg_invoice *supplement(void)
{
    json_t *lines = json_array();

    json_array_append_new(lines, line("gpu_overage", "H100", "2026-11-10T00:00:00Z",
                                      "2026-12-01T00:00:00Z", "10.000000", "gpu_hour",
                                      "2.400000", "24.00"));
    return make_invoice(LDG_INVOICE_KIND_INVOICE, "C1-2026-000004", "C1-2026-000001",
                        "2026-12-16T02:00:00Z", lines, "24.00", 3180000);
}

/* 120 lines, line i an hour of reserved capacity from 2026-11-01 00:00 + i hours of
 * 10,000 + i GPU-hours x 1.85, so (10,000 + i) x 185 cents: line 0 is 18,500.00,
 * line 119 is 10,119 x 1.85 = 18,720.15. Total = 185 x (120 x 10,000 + (0 + ... +
 * 119)) cents = 185 x (1,200,000 + 7,140) = 185 x 1,207,140 = 223,320,900 cents =
 * 2,233,209.00. */
#define LONG_LINES 120

static long long long_amount_cents(int i)
{
    return (10000LL + i) * 185LL;
}

static ldg_invoice *long_invoice(void)
{
    json_t *lines = json_array();
    int i;

    for (i = 0; i < LONG_LINES; i++) {
        char from[32], to[32], qty[32], amount[32];
        int d0 = 1 + i / 24, h0 = i % 24, d1 = 1 + (i + 1) / 24, h1 = (i + 1) % 24;

        snprintf(from, sizeof(from), "2026-11-%02dT%02d:00:00Z", d0, h0);
        snprintf(to, sizeof(to), "2026-11-%02dT%02d:00:00Z", d1, h1);
        snprintf(qty, sizeof(qty), "%d.000000", 10000 + i);
        snprintf(amount, sizeof(amount), "%lld.%02lld", long_amount_cents(i) / 100,
                 long_amount_cents(i) % 100);
        json_array_append_new(lines, line("gpu_reserved", "H100", from, to, qty,
                                          "gpu_hour", "1.850000", amount));
    }
    return make_invoice(LDG_INVOICE_KIND_INVOICE, "C1-2026-000009", NULL,
                        "2026-12-01T02:00:00Z", lines, "2233209.00", 99);
}

/* ---- reading PDFs back ------------------------------------------------------------- */

/* The whole stdout of a shell command, which must exit 0. Caller frees. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    size_t len = 0, cap = 4096, n;
    char *buf = malloc(cap);
    int status;

    assert_non_null(p);
    assert_non_null(buf);
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    status = pclose(p);
    if (status != 0)
        fail_msg("\"%s\" failed (status %d): is poppler-utils installed?", cmd, status);
    return buf;
}

static char *pdf_text_of(const char *path)
{
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' - 2>&1", path);
    return run(cmd);
}

static int pdf_pages(const char *path)
{
    char cmd[256], *out, *p;
    int pages;

    snprintf(cmd, sizeof(cmd), "pdfinfo '%s' 2>&1", path);
    out = run(cmd);
    p = strstr(out, "\nPages:");
    if (!p)
        fail_msg("no page count in pdfinfo output:\n%s", out);
    pages = (int)strtol(p + 7, NULL, 10);
    free(out);
    return pages;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("\"%s\" not found in:\n%s", needle, hay);
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;

    while ((hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

static void render_pdf(const ldg_invoice *inv, const rpt_invoice_ctx *c, const char *path)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (rpt_invoice_pdf(inv, c, path, &err) != LDG_OK)
        fail_msg("rpt_invoice_pdf: %s", err.message);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static bool contains_bytes(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle), i;

    for (i = 0; i + n <= len; i++)
        if (memcmp(buf + i, needle, n) == 0)
            return true;
    return false;
}

/* ---- numbers and labels ------------------------------------------------------------ */

static void test_format_number_groups_thousands(void **state)
{
    char buf[RPT_NUMBER_BUFLEN];

    (void)state;
    assert_string_equal(rpt_invoice_format_number(buf, 0, 2), "0.00");
    assert_string_equal(rpt_invoice_format_number(buf, 999990000, 2), "999.99");
    assert_string_equal(rpt_invoice_format_number(buf, 1000000000, 2), "1,000.00");
    assert_string_equal(rpt_invoice_format_number(buf, 93240000000000, 2),
                        "93,240,000.00");
    assert_string_equal(rpt_invoice_format_number(buf, 100000000000, 0), "100,000");
    assert_string_equal(rpt_invoice_format_number(buf, 12345000000, 0), "12,345");
    assert_string_equal(rpt_invoice_format_number(buf, 50400000000000, 6),
                        "50,400,000.000000");
    assert_string_equal(rpt_invoice_format_number(buf, 1850000, 6), "1.850000");
}

static void test_format_number_negative(void **state)
{
    char buf[RPT_NUMBER_BUFLEN];

    (void)state;
    assert_string_equal(rpt_invoice_format_number(buf, -1021250000, 2), "-1,021.25");
    assert_string_equal(rpt_invoice_format_number(buf, -999000000, 6), "-999.000000");
    assert_string_equal(rpt_invoice_format_number(buf, -100000000000, 6),
                        "-100,000.000000");
    assert_string_equal(rpt_invoice_format_number(buf, -50000, 6), "-0.050000");
}

static void test_format_number_int64_limits(void **state)
{
    char buf[RPT_NUMBER_BUFLEN];

    (void)state;
    assert_string_equal(rpt_invoice_format_number(buf, INT64_MAX, 6),
                        "9,223,372,036,854.775807");
    assert_string_equal(rpt_invoice_format_number(buf, INT64_MIN, 6),
                        "-9,223,372,036,854.775808");
    assert_true(strlen(buf) < RPT_NUMBER_BUFLEN);
}

static void test_stream_labels(void **state)
{
    (void)state;
    assert_string_equal(rpt_invoice_stream_label(LDG_STREAM_GPU_RESERVED),
                        "Reserved GPU capacity");
    assert_string_equal(rpt_invoice_stream_label(LDG_STREAM_GPU_OVERAGE), "GPU overage");
    assert_string_equal(rpt_invoice_stream_label(LDG_STREAM_ENERGY),
                        "Energy (PUE applied)");
    assert_string_equal(rpt_invoice_stream_label(LDG_STREAM_POWER_CAPACITY),
                        "Power capacity");
    assert_string_equal(rpt_invoice_stream_label(LDG_STREAM_SLA_CREDIT), "SLA credit");
    assert_string_equal(rpt_invoice_stream_label(LDG_STREAM_COMMITMENT_TRUE_UP),
                        "Commitment true-up");
    assert_null(rpt_invoice_stream_label((ldg_stream)LDG_STREAM_COUNT));
    assert_null(rpt_invoice_stream_label((ldg_stream)-1));
}

/* ---- plain text -------------------------------------------------------------------- */

/* Renders inv as text into a string. Caller frees. */
static char *render_text(const ldg_invoice *inv, const rpt_invoice_ctx *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ldg_error err;

    assert_non_null(f);
    ldg_error_clear(&err);
    if (rpt_invoice_text(f, inv, c, &err) != LDG_OK)
        fail_msg("rpt_invoice_text: %s", err.message);
    fclose(f);
    return buf;
}

/*
 * The whole document, typed out. Columns, widest cell + 2 spaces between:
 *   Description 21 ("Reserved GPU capacity"), Class 5, Period 47 ("20 November 2026
 *   12:00 – 30 November 2026 24:00": the overage window starts at noon, so the times
 *   show, its midnight end as 24:00 of the day before), Quantity 10 ("50,400,000", no
 *   trailing zeros), Unit 8 ("GPU-hour"/"MW-month"), Rate 9 ("15,000.00": at least the
 *   currency's 2 digits), Amount (USD) 14 ("100,481,001.20", the total).
 * The amount column starts at 21+5+47+10+8+9 + 6x2 = 112; the total's label (15
 * characters) ends 2 spaces before it, so starts at 112 - 2 - 15 = 95. The SLA credit
 * shows its percent as the rate and, under it, the base it applies to (no facts here:
 * no availability). One line per stream: no subtotals.
 */
static const char small_text[] =
    "INVOICE\n"
    "\n"
    "Number          C1-2026-000007\n"
    "Issue date      2026-12-01\n"
    "Billing period  November 2026\n"
    "Service period  10\u201330 November 2026\n"
    "Contract        C1-ANTH\n"
    "Site            colossus-1\n"
    "Currency        USD\n"
    "\n"
    "From\n"
    "  Example Compute Operator LLC\n"
    "  1 Example Way\n"
    "  Memphis TN 38101\n"
    "  Tax ID: 00-0000000\n"
    "\n"
    "Bill to\n"
    "  Anthropic PBC\n"
    "  Tenant ID: anthropic\n"
    "  Account: AR-0042\n"
    "\n"
    "Description            Class  Period                                             "
    "Quantity  Unit           Rate    Amount (USD)\n"
    "---------------------  -----  -----------------------------------------------  "
    "----------  --------  ---------  --------------\n"
    "Reserved GPU capacity  H100   10\u201330 November 2026                              "
    "50,400,000  GPU-hour       1.85   93,240,000.00\n"
    "GPU overage            H100   20 November 2026 12:00 \u2013 30 November 2026 24:00  "
    "   1,250.5  GPU-hour       2.40        3,001.20\n"
    "Energy (PUE applied)          10\u201330 November 2026                              "
    "   140,000  MWh           62.50    8,750,000.00\n"
    "Power capacity                10\u201330 November 2026                              "
    "       210  MW-month  15,000.00    3,150,000.00\n"
    "SLA credit             H100   10\u201330 November 2026                              "
    "                            -5%   -4,662,000.00\n"
    "  Credit 5% of 93,240,000.00 USD reserved charges\n"
    "                                                                                "
    "                                ==============\n"
    "                                                                                "
    "               Total due (USD)  100,481,001.20\n"
    "\n"
    "Dates are UTC; a period includes the last day it names.\n"
    "Rated from log checkpoint: tree size 42, root " ROOT "\n"
    "To verify this document without trusting the operator's database, obtain its\n"
    "evidence bundle (leaseledger audit bundle --invoice C1-2026-000007) and run\n"
    "leaseledger-verify on it with the operator's public key: it checks the signed\n"
    "checkpoint above, proves that every usage record behind these lines is in the\n"
    "log, and re-rates every line.\n";

/* got == want, else fails naming the first line that differs. */
static void assert_text_equal(const char *got, const char *want)
{
    size_t line = 1, i = 0, start = 0;

    while (got[i] != '\0' && got[i] == want[i]) {
        if (got[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    if (got[i] != want[i])
        fail_msg("line %zu differs:\n got: %.*s\nwant: %.*s", line,
                 (int)strcspn(got + start, "\n"), got + start,
                 (int)strcspn(want + start, "\n"), want + start);
}

static void test_text_small_invoice_exact(void **state)
{
    ldg_invoice *inv = small_invoice();
    char *text = render_text(inv, &ctx);

    (void)state;
    assert_text_equal(text, small_text);
    free(text);
    ldg_invoice_free(inv);
}

static void test_text_credit_note_amends_and_negative_total(void **state)
{
    ldg_invoice *inv = credit_note();
    char *text = render_text(inv, &ctx);

    (void)state;
    assert_true(strncmp(text, "CREDIT NOTE\nAmends invoice C1-2026-000001\n\n", 42) == 0);
    assert_contains(text, "Number          C1-2026-000003\n");
    assert_contains(text, "Issue date      2026-12-15\n");
    /* quantity 8 wide ("Quantity"), rate 5 ("62.50"), amount 12 ("Amount (USD)") */
    assert_contains(text, "    -100  GPU-hour   2.40       -240.00\n");
    assert_contains(text, "   -12.5  MWh       62.50       -781.25\n");
    assert_contains(text, "Total credit (USD)     -1,021.25\n"); /* column of 12 */
    assert_contains(text, "tree size 3170000, root " ROOT "\n");
    free(text);
    ldg_invoice_free(inv);
}

static void test_text_supplementary_invoice_title(void **state)
{
    ldg_invoice *inv = supplement();
    char *text = render_text(inv, &ctx);

    (void)state;
    assert_true(
        strncmp(text, "SUPPLEMENTARY INVOICE\nAmends invoice C1-2026-000001\n", 51) == 0);
    assert_contains(text, "Total due (USD)         24.00\n"); /* column of 12 */
    free(text);
    ldg_invoice_free(inv);
}

/* With the facts read at display time (doc_context.h): the supplementary invoice says
 * how its line arises, 24.00 issued before + 24.00 = 48.00 re-rated, and why it
 * exists, counting the late records, the correction among them and an acknowledged
 * finding, with the command that explains it. */
static void test_text_supplementary_invoice_with_facts(void **state)
{
    ldg_invoice *inv = supplement();
    ldg_doc_line_facts line = { 0 };
    ldg_doc_context facts = { 0 };
    rpt_invoice_ctx c = ctx;
    char *text;

    (void)state;
    line.has_before = 1;
    line.before_qty_micros = 10000000;
    line.before_amount_micros = 24000000;
    facts.lines = &line;
    facts.nlines = 1;
    snprintf(facts.since, sizeof(facts.since), "C1-2026-000001");
    facts.late_records = 3;
    facts.late_corrections = 1;
    facts.acks = 1;
    c.facts = &facts;
    text = render_text(inv, &c);
    assert_contains(text,
                    "Why this supplementary invoice\n"
                    "  2 late usage records and 1 correction for November 2026 were "
                    "logged after C1-2026-000001 was rated; the period was rated "
                    "again and this document carries the differences.\n"
                    "  1 finding of November 2026 was acknowledged "
                    "before it was issued.\n"
                    "  To see how each line is computed: leaseledger audit explain "
                    "C1-2026-000004\n");
    assert_contains(text,
                    "  Re-rated 48.00 minus issued before 24.00 = 24.00 (quantity 20 - "
                    "10 = 10 GPU-hour)\n");
    free(text);
    /* facts of another document (another number of lines) are not shown */
    facts.nlines = 2;
    text = render_text(inv, &c);
    assert_null(strstr(text, "Re-rated"));
    free(text);
    ldg_invoice_free(inv);
}

/* A stream of several lines: a subtotal per stream, in the order of the lines, over the
 * total. 2 x 18,500.00 reserved, 100.00 energy: 37,000.00, 100.00; 37,100.00. */
static void test_text_subtotals_per_stream(void **state)
{
    json_t *lines = json_array();
    ldg_invoice *inv;
    char *text;

    (void)state;
    json_array_append_new(lines, line("gpu_reserved", "H100", "2026-11-01T00:00:00Z",
                                      "2026-11-01T01:00:00Z", "10000.000000", "gpu_hour",
                                      "1.850000", "18500.00"));
    json_array_append_new(lines, line("gpu_reserved", "H200", "2026-11-01T00:00:00Z",
                                      "2026-11-01T01:00:00Z", "10000.000000", "gpu_hour",
                                      "1.850000", "18500.00"));
    json_array_append_new(lines, line("energy", NULL, "2026-11-01T00:00:00Z",
                                      "2026-11-01T01:00:00Z", "1.600000", "mwh",
                                      "62.500000", "100.00"));
    inv = make_invoice(LDG_INVOICE_KIND_INVOICE, "C1-2026-000008", NULL,
                       "2026-12-01T02:00:00Z", lines, "37100.00", 7);
    text = render_text(inv, &ctx);
    /* the amount column is 12 wide ("Amount (USD)"), labels end 2 spaces before it */
    assert_contains(text, " Subtotal Reserved GPU capacity     37,000.00\n");
    assert_contains(text, " Subtotal Energy (PUE applied)        100.00\n");
    assert_contains(text, " Total due (USD)     37,100.00\n");
    assert_true(strstr(text, "Subtotal Energy") < strstr(text, "Total due"));
    assert_contains(text, "1 November 2026 00:00\u201301:00");
    free(text);
    ldg_invoice_free(inv);
}

/* No site, no tenant, no address: those lines are left out, nothing else moves. */
static void test_text_optional_fields_omitted(void **state)
{
    static const rpt_party s = { "Op", NULL, NULL, NULL },
                           b = { "Lab", NULL, NULL, NULL };
    static const rpt_invoice_ctx c = { &s, &b, NULL, NULL, NULL, NULL, 0, NULL };
    ldg_invoice *inv = design_invoice();
    char *text = render_text(inv, &c);

    (void)state;
    assert_contains(text, "Contract        C1-ANTH\nCurrency        USD\n\n"
                          "From\n  Op\n\nBill to\n  Lab\n\nDescription");
    assert_null(strstr(text, "Site"));
    assert_null(strstr(text, "Tax ID"));
    free(text);
    ldg_invoice_free(inv);
}

static void test_text_write_error_is_eio(void **state)
{
    ldg_invoice *inv = design_invoice();
    FILE *f = fopen("/dev/null", "r"); /* every write fails */
    ldg_error err;

    (void)state;
    assert_non_null(f);
    ldg_error_clear(&err);
    assert_int_equal(rpt_invoice_text(f, inv, &ctx, &err), LDG_EIO);
    assert_int_equal(err.code, LDG_EIO);
    assert_contains(err.message, "could not write invoice \"C1-2026-000001\" as text");
    check_message(&err);
    fclose(f);
    ldg_invoice_free(inv);
}

/* ---- bad context ------------------------------------------------------------------- */

static void bad_ctx(const rpt_invoice_ctx *c, const char *reason)
{
    ldg_invoice *inv = design_invoice();
    char path[128];
    ldg_error err;
    FILE *f = fopen("/dev/null", "w");

    assert_non_null(f);
    ldg_error_clear(&err);
    assert_int_equal(rpt_invoice_text(f, inv, c, &err), LDG_EINVAL);
    assert_contains(err.message, reason);
    assert_contains(err.message, "cannot render invoice \"C1-2026-000001\"");
    check_message(&err);
    fclose(f);

    snprintf(path, sizeof(path), "%s/bad.pdf", tmpdir);
    ldg_error_clear(&err);
    assert_int_equal(rpt_invoice_pdf(inv, c, path, &err), LDG_EINVAL);
    assert_contains(err.message, reason);
    assert_int_equal(access(path, F_OK), -1); /* nothing created */
    ldg_invoice_free(inv);
}

static void test_bad_ctx_rejected(void **state)
{
    static const rpt_party noname = { NULL, "x", NULL, NULL };
    static const rpt_party empty = { "", NULL, NULL, NULL };
    static const rpt_party ctl = { "Lab", NULL, "00\t1", NULL };
    static const rpt_party badutf = { "Soci\xc3t\xc3\xa9", NULL, NULL, NULL };
    static const rpt_party overlong = { "A\xc0\xaf", NULL, NULL, NULL };
    static const rpt_party nl = { "Lab\nInc", NULL, NULL, NULL };
    const rpt_invoice_ctx c1 = { &seller, NULL, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c2 = { &noname, &buyer, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c3 = { &seller, &empty, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c4 = { &seller, &ctl, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c5 = { &seller, &badutf, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c6 = { &overlong, &buyer, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c7 = { &seller, &nl, "s", "t", NULL, NULL, 0, NULL };
    const rpt_invoice_ctx c8 = {
        &seller, &buyer, "colossus\x7f", "t", NULL, NULL, 0, NULL
    };

    (void)state;
    bad_ctx(NULL, "no seller and buyer given");
    bad_ctx(&c1, "the buyer is missing");
    bad_ctx(&c2, "seller name is missing");
    bad_ctx(&c3, "buyer name is empty");
    bad_ctx(&c4, "buyer tax id is not valid UTF-8 text");
    bad_ctx(&c5, "buyer name is not valid UTF-8 text");
    bad_ctx(&c6, "seller name is not valid UTF-8 text");
    bad_ctx(&c7, "buyer name is not valid UTF-8 text"); /* only an address has lines */
    bad_ctx(&c8, "the site is not valid UTF-8 text");
}

/* ---- PDF --------------------------------------------------------------------------- */

static void test_pdf_design_example(void **state)
{
    ldg_invoice *inv = design_invoice();
    char path[128], *text;

    (void)state;
    snprintf(path, sizeof(path), "%s/design.pdf", tmpdir);
    render_pdf(inv, &ctx, path);
    text = pdf_text_of(path);
    assert_contains(text, "INVOICE");
    assert_null(strstr(text, "Amends invoice"));
    assert_contains(text, "C1-2026-000001");
    assert_contains(text, "Example Compute Operator LLC");
    assert_contains(text, "1 Example Way");
    assert_contains(text, "Memphis TN 38101");
    assert_contains(text, "Tax ID: 00-0000000");
    assert_contains(text, "Anthropic PBC");
    assert_contains(text, "Tenant ID: anthropic");
    assert_contains(text, "Account: AR-0042");
    assert_contains(text, "2026-12-01"); /* issue date */
    assert_contains(text, "November 2026");
    assert_contains(text, "10\u201330 November 2026");
    assert_contains(text, "C1-ANTH");
    assert_contains(text, "colossus-1");
    assert_contains(text, "Reserved GPU capacity");
    assert_contains(text, "H100");
    assert_contains(text, "50,400,000");
    assert_null(strstr(text, "50,400,000.0"));
    assert_contains(text, "GPU-hour");
    assert_contains(text, "1.85");
    assert_null(strstr(text, "1.850"));
    assert_contains(text, "Total due (USD)");
    assert_int_equal(count_of(text, "93,240,000.00"), 2); /* the line and the total */
    assert_contains(text, "Rated from log checkpoint: tree size 3120000, root " ROOT);
    assert_contains(text, "leaseledger-verify");
    assert_contains(text, "Page 1 of 1");
    assert_int_equal(pdf_pages(path), 1);
    free(text);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

/* pdftotext puts the amount at the end of its row: every line's own row. */
static void test_pdf_every_stream_line(void **state)
{
    static const char *const rows[][3] = {
        { "Reserved GPU capacity", "50,400,000", "93,240,000.00" },
        { "GPU overage", "1,250.5", "3,001.20" },
        { "Energy (PUE applied)", "140,000", "8,750,000.00" },
        { "Power capacity", "210", "3,150,000.00" },
        { "SLA credit", "-5%", "-4,662,000.00" },
    };
    ldg_invoice *inv = small_invoice();
    char path[128], *text;
    size_t i;

    (void)state;
    snprintf(path, sizeof(path), "%s/small.pdf", tmpdir);
    render_pdf(inv, &ctx, path);
    text = pdf_text_of(path);
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *row = strstr(text, rows[i][0]);
        const char *eol;

        if (!row)
            fail_msg("no row \"%s\" in:\n%s", rows[i][0], text);
        eol = strchr(row, '\n');
        assert_non_null(eol);
        assert_true(strstr(row, rows[i][1]) && strstr(row, rows[i][1]) < eol);
        assert_true((size_t)(eol - row) > strlen(rows[i][2]));
        assert_true(strncmp(eol - strlen(rows[i][2]), rows[i][2], strlen(rows[i][2])) ==
                    0);
    }
    assert_contains(text, "20 November 2026 12:00 \u2013 30 November 2026 24:00");
    assert_contains(text, "MW-month");
    assert_contains(text, "Credit 5% of 93,240,000.00 USD reserved charges");
    assert_null(strstr(text, "-0.050000"));
    assert_contains(text, "100,481,001.20");
    assert_contains(text, "tree size 42, root " ROOT);
    free(text);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

static void test_pdf_credit_note(void **state)
{
    ldg_invoice *inv = credit_note();
    char path[128], *text;

    (void)state;
    snprintf(path, sizeof(path), "%s/credit.pdf", tmpdir);
    render_pdf(inv, &ctx, path);
    text = pdf_text_of(path);
    assert_contains(text, "CREDIT NOTE");
    assert_contains(text, "Amends invoice C1-2026-000001");
    assert_contains(text, "C1-2026-000003");
    assert_contains(text, "Example Compute Operator LLC");
    assert_contains(text, "Anthropic PBC");
    assert_contains(text, "-100 ");
    assert_contains(text, "-240.00");
    assert_contains(text, "-12.5 ");
    assert_contains(text, "-781.25");
    assert_contains(text, "Total credit (USD)");
    assert_contains(text, "-1,021.25");
    assert_contains(text, "tree size 3170000");
    free(text);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

static void test_pdf_supplementary_invoice(void **state)
{
    ldg_invoice *inv = supplement();
    char path[128], *text;

    (void)state;
    snprintf(path, sizeof(path), "%s/supplement.pdf", tmpdir);
    render_pdf(inv, &ctx, path);
    text = pdf_text_of(path);
    assert_contains(text, "SUPPLEMENTARY INVOICE");
    assert_contains(text, "Amends invoice C1-2026-000001");
    assert_contains(text, "24.00");
    free(text);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

static void test_pdf_120_lines_paginate(void **state)
{
    ldg_invoice *inv = long_invoice();
    char path[128], *text, want[64];
    int pages, i;

    (void)state;
    snprintf(path, sizeof(path), "%s/long.pdf", tmpdir);
    render_pdf(inv, &ctx, path);
    pages = pdf_pages(path);
    assert_true(pages > 1);
    text = pdf_text_of(path);
    for (i = 0; i < LONG_LINES; i++) {
        long long c = long_amount_cents(i);

        /* all between 18,500.00 and 18,720.15: one comma */
        snprintf(want, sizeof(want), "%lld,%03lld.%02lld\n", c / 100000, c / 100 % 1000,
                 c % 100);
        assert_int_equal(count_of(text, want), 1);
    }
    assert_contains(text, "18,500.00\n");
    assert_contains(text, "18,720.15\n");
    assert_contains(text, "2,233,209.00\n");
    /* the table header on every page, and every page numbered */
    assert_int_equal(count_of(text, "Amount (USD)"), (size_t)pages);
    for (i = 1; i <= pages; i++) {
        snprintf(want, sizeof(want), "Page %d of %d", i, pages);
        assert_int_equal(count_of(text, want), 1);
    }
    assert_int_equal(count_of(text, "(continued)"), (size_t)(pages - 1));
    assert_int_equal(count_of(text, "Rated from log checkpoint: tree size 99, root"), 1);
    free(text);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

static void test_pdf_utf8_party_name(void **state)
{
    static const rpt_party s = { "Société Générale de Calcul SAS", "Zürich", NULL, NULL };
    static const rpt_invoice_ctx c = {
        &s, &buyer, NULL, "anthropic", NULL, NULL, 0, NULL
    };
    ldg_invoice *inv = design_invoice();
    char path[128], *text;

    (void)state;
    snprintf(path, sizeof(path), "%s/utf8.pdf", tmpdir);
    render_pdf(inv, &c, path);
    text = pdf_text_of(path);
    assert_contains(text, "Société Générale de Calcul SAS");
    assert_contains(text, "Zürich");
    free(text);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

/* The creation date is the issue instant: the same invoice gives the same bytes. */
static void test_pdf_same_invoice_same_bytes(void **state)
{
    ldg_invoice *inv = small_invoice();
    char a[128], b[128], *ba, *bb;
    size_t la, lb;

    (void)state;
    snprintf(a, sizeof(a), "%s/a.pdf", tmpdir);
    snprintf(b, sizeof(b), "%s/b.pdf", tmpdir);
    render_pdf(inv, &ctx, a);
    render_pdf(inv, &ctx, b);
    ba = slurp(a, &la);
    bb = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(ba, bb, la);
    assert_true(contains_bytes(ba, la, "/Creator (leaseledger)"));
    free(ba);
    free(bb);
    assert_int_equal(unlink(a), 0);
    assert_int_equal(unlink(b), 0);
    ldg_invoice_free(inv);
}

/* An existing file is replaced, not appended to. */
static void test_pdf_overwrites_existing_file(void **state)
{
    ldg_invoice *inv = design_invoice();
    char path[128], *buf;
    size_t len;
    FILE *f;

    (void)state;
    snprintf(path, sizeof(path), "%s/old.pdf", tmpdir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("old contents\n", f);
    fclose(f);
    render_pdf(inv, &ctx, path);
    buf = slurp(path, &len);
    assert_true(len > 5 && memcmp(buf, "%PDF-", 5) == 0);
    free(buf);
    assert_int_equal(unlink(path), 0);
    ldg_invoice_free(inv);
}

static void test_pdf_unwritable_path_is_eio(void **state)
{
    ldg_invoice *inv = design_invoice();
    char path[128];
    ldg_error err;

    (void)state;
    snprintf(path, sizeof(path), "%s/no-such-dir/inv.pdf", tmpdir);
    ldg_error_clear(&err);
    assert_int_equal(rpt_invoice_pdf(inv, &ctx, path, &err), LDG_EIO);
    assert_int_equal(err.code, LDG_EIO);
    assert_contains(err.message, "could not open \"");
    assert_contains(err.message, "/no-such-dir/inv.pdf\" for writing: ");
    assert_contains(err.message, "No such file or directory");
    check_message(&err);

    /* a directory is not a file either */
    ldg_error_clear(&err);
    assert_int_equal(rpt_invoice_pdf(inv, &ctx, tmpdir, &err), LDG_EIO);
    assert_contains(err.message, "for writing: Is a directory");
    check_message(&err);
    ldg_invoice_free(inv);
}

/* A write that fails midway (a full disk) is LDG_EIO, and a device is not removed. */
static void test_pdf_full_disk_is_eio(void **state)
{
    ldg_invoice *inv = design_invoice();
    struct stat st;
    ldg_error err;

    (void)state;
    assert_int_equal(stat("/dev/full", &st), 0); /* Linux */
    ldg_error_clear(&err);
    assert_int_equal(rpt_invoice_pdf(inv, &ctx, "/dev/full", &err), LDG_EIO);
    assert_contains(err.message,
                    "could not write \"/dev/full\": No space left on device");
    check_message(&err);
    assert_int_equal(stat("/dev/full", &st), 0);
    ldg_invoice_free(inv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_number_groups_thousands),
        cmocka_unit_test(test_format_number_negative),
        cmocka_unit_test(test_format_number_int64_limits),
        cmocka_unit_test(test_stream_labels),
        cmocka_unit_test(test_text_small_invoice_exact),
        cmocka_unit_test(test_text_credit_note_amends_and_negative_total),
        cmocka_unit_test(test_text_supplementary_invoice_title),
        cmocka_unit_test(test_text_supplementary_invoice_with_facts),
        cmocka_unit_test(test_text_subtotals_per_stream),
        cmocka_unit_test(test_text_optional_fields_omitted),
        cmocka_unit_test(test_text_write_error_is_eio),
        cmocka_unit_test(test_bad_ctx_rejected),
        cmocka_unit_test(test_pdf_design_example),
        cmocka_unit_test(test_pdf_every_stream_line),
        cmocka_unit_test(test_pdf_credit_note),
        cmocka_unit_test(test_pdf_supplementary_invoice),
        cmocka_unit_test(test_pdf_120_lines_paginate),
        cmocka_unit_test(test_pdf_utf8_party_name),
        cmocka_unit_test(test_pdf_same_invoice_same_bytes),
        cmocka_unit_test(test_pdf_overwrites_existing_file),
        cmocka_unit_test(test_pdf_unwritable_path_is_eio),
        cmocka_unit_test(test_pdf_full_disk_is_eio),
    };

    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
