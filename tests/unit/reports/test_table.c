/*
 * Unit tests for reports/table.c: RFC 4180 CSV fields and records, UTF-8 validation,
 * and tables written as aligned text, CSV and JSON.
 *
 * Output goes to open_memstream buffers and is compared byte for byte with strings
 * typed out here (RFC 4180 section 2: CRLF line ends, fields with ',', '"', CR or LF
 * enclosed in quotes, inner quotes doubled).
 */
#include "ledger/utf8.h"
#include "reports/table.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

typedef struct mem {
    char *buf;
    size_t len;
    FILE *fp;
} mem;

static void mem_open(mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->fp = open_memstream(&m->buf, &m->len);
    assert_non_null(m->fp);
}

/* Closes the stream and returns its bytes (free with mem_free). */
static const char *mem_close(mem *m)
{
    assert_int_equal(fclose(m->fp), 0);
    m->fp = NULL;
    return m->buf;
}

static void mem_free(mem *m)
{
    free(m->buf);
}

static void assert_field(const char *in, const char *want)
{
    mem m;
    ldg_error err;

    ldg_error_clear(&err);
    mem_open(&m);
    assert_int_equal(rpt_csv_field(m.fp, in, &err), LDG_OK);
    assert_string_equal(mem_close(&m), want);
    mem_free(&m);
}

/* ---- CSV fields ----------------------------------------------------------------- */

static void test_csv_plain_field_unquoted(void **state)
{
    (void)state;
    assert_field("Acme Labs", "Acme Labs");
    assert_field("93240000.00", "93240000.00");
    assert_field("-4662000.00", "-4662000.00");
}

static void test_csv_comma_is_quoted(void **state)
{
    (void)state;
    assert_field("Acme, Inc.", "\"Acme, Inc.\"");
}

static void test_csv_quote_is_doubled(void **state)
{
    (void)state;
    assert_field("The \"Best\" Lab", "\"The \"\"Best\"\" Lab\"");
    assert_field("\"", "\"\"\"\"");
    assert_field("\"\"", "\"\"\"\"\"\"");
}

static void test_csv_newlines_are_quoted_and_kept(void **state)
{
    (void)state;
    assert_field("line1\nline2", "\"line1\nline2\"");
    assert_field("a\r\nb", "\"a\r\nb\"");
    assert_field("cr\ronly", "\"cr\ronly\"");
}

static void test_csv_non_ascii_passes_unquoted(void **state)
{
    (void)state;
    /* "Zürich Labor — 東京 🚀": 2-, 3- and 4-byte sequences, bytes unchanged */
    assert_field(
        "Z\xC3\xBCrich Labor \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80",
        "Z\xC3\xBCrich Labor \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80");
}

static void test_csv_mixed_specials(void **state)
{
    (void)state;
    assert_field("M\xC3\xBCller, \"Gr\xC3\xB6\xC3\x9F\"\nGmbH",
                 "\"M\xC3\xBCller, \"\"Gr\xC3\xB6\xC3\x9F\"\"\nGmbH\"");
}

static void test_csv_edge_spaces_are_quoted(void **state)
{
    (void)state;
    assert_field(" lead", "\" lead\"");
    assert_field("trail ", "\"trail \"");
    assert_field("in side", "in side");
}

static void test_csv_empty_and_null_are_empty_fields(void **state)
{
    (void)state;
    assert_field("", "");
    assert_field(NULL, "");
}

/* CSV injection (issue 14): a name that starts a formula is written as text. */
static void test_csv_formula_prefix_is_neutralised(void **state)
{
    (void)state;
    assert_field("=HYPERLINK(\"http://x\")", "'\"=HYPERLINK(\"\"http://x\"\")\"");
    assert_field("+1+1", "'+1+1");
    assert_field("@SUM(A1)", "'@SUM(A1)");
    assert_field("\tx", "'\tx");
    assert_field("\rx", "'\"\rx\"");
    assert_field("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0");
    assert_field("-", "'-");
    assert_field("-1.", "'-1.");
    /* numbers stay numbers, and a formula character later in a name is harmless */
    assert_field("-4662000.00", "-4662000.00");
    assert_field("-7", "-7");
    assert_field("a=b", "a=b");
    assert_int_equal(rpt_csv_is_formula("0.5"), 0);
    assert_int_equal(rpt_csv_is_formula("-0.5"), 0);
    assert_int_equal(rpt_csv_is_formula("-.5"), 1);
}

static void test_csv_needs_quotes(void **state)
{
    (void)state;
    assert_int_equal(rpt_csv_needs_quotes("abc"), 0);
    assert_int_equal(rpt_csv_needs_quotes(""), 0);
    assert_int_equal(rpt_csv_needs_quotes("a,b"), 1);
    assert_int_equal(rpt_csv_needs_quotes("a\"b"), 1);
    assert_int_equal(rpt_csv_needs_quotes("a\nb"), 1);
    assert_int_equal(rpt_csv_needs_quotes("a\rb"), 1);
    assert_int_equal(rpt_csv_needs_quotes(" a"), 1);
    assert_int_equal(rpt_csv_needs_quotes("a "), 1);
    assert_int_equal(rpt_csv_needs_quotes("a\tb"), 0);
}

static void test_csv_invalid_utf8_field_rejected(void **state)
{
    static const char *const bad[] = {
        "\xC3\x28",         /* bad continuation */
        "\xC0\xAF",         /* overlong '/' */
        "\xE0\x80\xAF",     /* overlong 3-byte */
        "\xED\xA0\x80",     /* surrogate U+D800 */
        "\xF4\x90\x80\x80", /* above U+10FFFF */
        "abc\xE2\x82",      /* truncated at the end */
        "\x80",             /* lone continuation */
        "\xFF",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mem m;
        ldg_error err;

        ldg_error_clear(&err);
        mem_open(&m);
        assert_int_equal(rpt_csv_field(m.fp, bad[i], &err), LDG_EINVAL);
        assert_int_equal(err.code, LDG_EINVAL);
        assert_string_equal(err.message, "CSV field is not valid UTF-8");
        assert_string_equal(mem_close(&m), ""); /* nothing half-written */
        mem_free(&m);
    }
}

static void test_utf8_valid_boundaries(void **state)
{
    (void)state;
    assert_int_equal(ldg_utf8_valid("", 0), 1);
    assert_int_equal(ldg_utf8_valid("\x7F", 1), 1);
    assert_int_equal(ldg_utf8_valid("\xC2\x80", 2), 1);         /* U+0080 */
    assert_int_equal(ldg_utf8_valid("\xDF\xBF", 2), 1);         /* U+07FF */
    assert_int_equal(ldg_utf8_valid("\xE0\xA0\x80", 3), 1);     /* U+0800 */
    assert_int_equal(ldg_utf8_valid("\xED\x9F\xBF", 3), 1);     /* U+D7FF */
    assert_int_equal(ldg_utf8_valid("\xEE\x80\x80", 3), 1);     /* U+E000 */
    assert_int_equal(ldg_utf8_valid("\xF0\x90\x80\x80", 4), 1); /* U+10000 */
    assert_int_equal(ldg_utf8_valid("\xF4\x8F\xBF\xBF", 4), 1); /* U+10FFFF */
    assert_int_equal(ldg_utf8_valid("\xC1\xBF", 2), 0);
    assert_int_equal(ldg_utf8_valid("\xF0\x8F\xBF\xBF", 4), 0); /* overlong 4-byte */
    assert_int_equal(ldg_utf8_valid("\xED\xBF\xBF", 3), 0);     /* U+DFFF */
    assert_int_equal(ldg_utf8_valid("\xF5\x80\x80\x80", 4), 0);
    assert_int_equal(ldg_utf8_valid("\xF0\x90\x80", 3), 0); /* truncated */
}

static void test_csv_row_joins_with_crlf(void **state)
{
    const char *fields[4] = { "a", "b,c", NULL, "d\"e" };
    mem m;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    mem_open(&m);
    assert_int_equal(rpt_csv_row(m.fp, fields, 4, &err), LDG_OK);
    assert_int_equal(rpt_csv_row(m.fp, fields, 1, &err), LDG_OK);
    assert_int_equal(rpt_csv_row(m.fp, fields, 0, &err), LDG_OK);
    assert_string_equal(mem_close(&m), "a,\"b,c\",,\"d\"\"e\"\r\na\r\n\r\n");
    mem_free(&m);
}

static void test_csv_write_failure_is_eio(void **state)
{
    const char *fields[2] = { "x", "y,z" };
    FILE *fp = fopen("/dev/full", "w");
    ldg_error err;

    (void)state;
    assert_non_null(fp);
    assert_int_equal(setvbuf(fp, NULL, _IONBF, 0), 0); /* every write fails at once */
    ldg_error_clear(&err);
    assert_int_equal(rpt_csv_row(fp, fields, 2, &err), LDG_EIO);
    assert_string_equal(err.message, "could not write CSV output");
    ldg_error_clear(&err);
    assert_int_equal(rpt_csv_field(fp, "q\"", &err), LDG_EIO);
    fclose(fp);
}

/* ---- tables --------------------------------------------------------------------- */

/* tenant_name (text), currency (text), amount (number): three rows */
static rpt_table *sample_table(void)
{
    const char *r1[3] = { "Acme, Inc.", "USD", "1,234.50" };
    const char *r2[3] = { "Z\xC3\xBCrich \"AG\"\nZweig", "EUR", "-7.00" };
    const char *r3[3] = { "Beta", "USD", NULL };
    rpt_table *t = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(rpt_table_new(&t, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "tenant_name", RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "currency", RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "amount", RPT_COL_NUMBER, &err), LDG_OK);
    assert_int_equal(rpt_table_add_row(t, r1, &err), LDG_OK);
    assert_int_equal(rpt_table_add_row(t, r2, &err), LDG_OK);
    assert_int_equal(rpt_table_add_row(t, r3, &err), LDG_OK);
    return t;
}

static char *write_table(const rpt_table *t, rpt_format f)
{
    mem m;
    ldg_error err;

    ldg_error_clear(&err);
    mem_open(&m);
    assert_int_equal(rpt_table_write(t, m.fp, f, &err), LDG_OK);
    mem_close(&m);
    return m.buf;
}

static void test_table_accessors_copy_strings(void **state)
{
    char name[8] = "x";
    const char *row[1] = { name };
    rpt_table *t = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_new(&t, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, name, RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_row(t, row, &err), LDG_OK);
    name[0] = 'y'; /* the table kept its own copies */
    assert_int_equal(rpt_table_columns(t), 1);
    assert_int_equal(rpt_table_rows(t), 1);
    assert_string_equal(rpt_table_column_name(t, 0), "x");
    assert_string_equal(rpt_table_cell(t, 0, 0), "x");
    rpt_table_free(t);
    rpt_table_free(NULL);
}

static void test_table_csv_quotes_and_crlf(void **state)
{
    rpt_table *t = sample_table();
    char *out = write_table(t, RPT_FORMAT_CSV);

    (void)state;
    assert_string_equal(out, "tenant_name,currency,amount\r\n"
                             "\"Acme, Inc.\",USD,\"1,234.50\"\r\n"
                             "\"Z\xC3\xBCrich \"\"AG\"\"\nZweig\",EUR,-7.00\r\n"
                             "Beta,USD,\r\n");
    free(out);
    rpt_table_free(t);
}

static void test_table_json_strings_and_null(void **state)
{
    rpt_table *t = sample_table();
    char *out = write_table(t, RPT_FORMAT_JSON);

    (void)state;
    assert_string_equal(out, "{\"columns\":[\"tenant_name\",\"currency\",\"amount\"],"
                             "\"rows\":["
                             "{\"tenant_name\":\"Acme, Inc.\",\"currency\":\"USD\","
                             "\"amount\":\"1,234.50\"},"
                             "{\"tenant_name\":\"Z\xC3\xBCrich \\\"AG\\\"\\nZweig\","
                             "\"currency\":\"EUR\",\"amount\":\"-7.00\"},"
                             "{\"tenant_name\":\"Beta\",\"currency\":\"USD\","
                             "\"amount\":null}]}\n");
    free(out);
    rpt_table_free(t);
}

static void test_table_text_aligns_by_code_points(void **state)
{
    rpt_table *t = sample_table();
    char *out = write_table(t, RPT_FORMAT_TABLE);

    (void)state;
    /* widths: tenant_name 17 code points ("Zürich "AG" Zweig", LF shown as a space),
     * currency 8, amount 8; numbers right-aligned, last column not padded on the right */
    assert_string_equal(out, "tenant_name        currency    amount\n"
                             "-----------------  --------  --------\n"
                             "Acme, Inc.         USD       1,234.50\n"
                             "Z\xC3\xBCrich \"AG\" Zweig  EUR          -7.00\n"
                             "Beta               USD               \n");
    free(out);
    rpt_table_free(t);
}

static void test_table_empty_still_has_headers(void **state)
{
    rpt_table *t = NULL;
    ldg_error err;
    char *out;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_new(&t, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "month", RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "amount_USD", RPT_COL_NUMBER, &err), LDG_OK);
    out = write_table(t, RPT_FORMAT_CSV);
    assert_string_equal(out, "month,amount_USD\r\n");
    free(out);
    out = write_table(t, RPT_FORMAT_JSON);
    assert_string_equal(out, "{\"columns\":[\"month\",\"amount_USD\"],\"rows\":[]}\n");
    free(out);
    out = write_table(t, RPT_FORMAT_TABLE);
    assert_string_equal(out, "month  amount_USD\n-----  ----------\n");
    free(out);
    rpt_table_free(t);
}

static void test_table_rejects_column_after_rows(void **state)
{
    const char *row[1] = { "v" };
    rpt_table *t = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_new(&t, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "a", RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_row(t, row, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "b", RPT_COL_TEXT, &err), LDG_EINVAL);
    assert_string_equal(err.message, "cannot add column \"b\" after rows were added");
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_add_column(t, "", RPT_COL_TEXT, &err), LDG_EINVAL);
    assert_string_equal(err.message, "column name is empty");
    rpt_table_free(t);
}

static void test_table_rejects_invalid_utf8(void **state)
{
    const char *row[2] = { "ok", "bad\xC3" };
    rpt_table *t = NULL;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_new(&t, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "a", RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "b", RPT_COL_TEXT, &err), LDG_OK);
    assert_int_equal(rpt_table_add_row(t, row, &err), LDG_EINVAL);
    assert_string_equal(err.message, "value of column \"b\" is not valid UTF-8");
    assert_int_equal(rpt_table_rows(t), 0);
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_add_column(t, "\xFF", RPT_COL_TEXT, &err), LDG_EINVAL);
    assert_string_equal(err.message, "column name is not valid UTF-8");
    rpt_table_free(t);
}

static void test_table_many_rows_grow(void **state)
{
    rpt_table *t = NULL;
    ldg_error err;
    char *out, *p;
    size_t lines = 0;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_table_new(&t, &err), LDG_OK);
    assert_int_equal(rpt_table_add_column(t, "n", RPT_COL_NUMBER, &err), LDG_OK);
    for (int i = 0; i < 1000; i++) {
        char buf[16];
        const char *row[1] = { buf };

        snprintf(buf, sizeof buf, "%d", i);
        assert_int_equal(rpt_table_add_row(t, row, &err), LDG_OK);
    }
    assert_int_equal(rpt_table_rows(t), 1000);
    assert_string_equal(rpt_table_cell(t, 999, 0), "999");
    out = write_table(t, RPT_FORMAT_CSV);
    for (p = out; *p != '\0'; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1001);
    free(out);
    rpt_table_free(t);
}

static void test_table_write_failure_is_eio(void **state)
{
    rpt_table *t = sample_table();
    ldg_error err;

    (void)state;
    for (int f = RPT_FORMAT_TABLE; f <= RPT_FORMAT_JSON; f++) {
        FILE *fp = fopen("/dev/full", "w");

        assert_non_null(fp);
        assert_int_equal(setvbuf(fp, NULL, _IONBF, 0), 0);
        ldg_error_clear(&err);
        assert_int_equal(rpt_table_write(t, fp, (rpt_format)f, &err), LDG_EIO);
        fclose(fp);
    }
    rpt_table_free(t);
}

static void test_format_parse(void **state)
{
    rpt_format f = RPT_FORMAT_TABLE;
    ldg_error err;

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(rpt_format_parse(&f, "csv", &err), LDG_OK);
    assert_int_equal(f, RPT_FORMAT_CSV);
    assert_int_equal(rpt_format_parse(&f, "json", &err), LDG_OK);
    assert_int_equal(f, RPT_FORMAT_JSON);
    assert_int_equal(rpt_format_parse(&f, "table", &err), LDG_OK);
    assert_int_equal(f, RPT_FORMAT_TABLE);
    assert_int_equal(rpt_format_parse(&f, "CSV", &err), LDG_EINVAL);
    assert_string_equal(err.message,
                        "unknown format \"CSV\": expected table, csv or json");
    ldg_error_clear(&err);
    assert_int_equal(rpt_format_parse(&f, "", &err), LDG_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_plain_field_unquoted),
        cmocka_unit_test(test_csv_comma_is_quoted),
        cmocka_unit_test(test_csv_quote_is_doubled),
        cmocka_unit_test(test_csv_newlines_are_quoted_and_kept),
        cmocka_unit_test(test_csv_non_ascii_passes_unquoted),
        cmocka_unit_test(test_csv_mixed_specials),
        cmocka_unit_test(test_csv_edge_spaces_are_quoted),
        cmocka_unit_test(test_csv_empty_and_null_are_empty_fields),
        cmocka_unit_test(test_csv_formula_prefix_is_neutralised),
        cmocka_unit_test(test_csv_needs_quotes),
        cmocka_unit_test(test_csv_invalid_utf8_field_rejected),
        cmocka_unit_test(test_utf8_valid_boundaries),
        cmocka_unit_test(test_csv_row_joins_with_crlf),
        cmocka_unit_test(test_csv_write_failure_is_eio),
        cmocka_unit_test(test_table_accessors_copy_strings),
        cmocka_unit_test(test_table_csv_quotes_and_crlf),
        cmocka_unit_test(test_table_json_strings_and_null),
        cmocka_unit_test(test_table_text_aligns_by_code_points),
        cmocka_unit_test(test_table_empty_still_has_headers),
        cmocka_unit_test(test_table_rejects_column_after_rows),
        cmocka_unit_test(test_table_rejects_invalid_utf8),
        cmocka_unit_test(test_table_many_rows_grow),
        cmocka_unit_test(test_table_write_failure_is_eio),
        cmocka_unit_test(test_format_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
