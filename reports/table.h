/*
 * Tabular report output: one in-memory table written as aligned text, RFC 4180 CSV
 * or JSON, plus the bare CSV writers that other exports (FOCUS, journals) share.
 *
 * A table is a list of named columns and rows of cells. Every cell is a string: the
 * caller formats numbers with ledger/fixed.c first, so no amount passes through
 * floating point here. A column's kind only decides presentation: RPT_COL_TEXT is
 * left-aligned, RPT_COL_NUMBER right-aligned in the text table. In JSON every cell is
 * a JSON string (DESIGN.md: numbers on the wire are decimal strings, never JSON
 * numbers), and a NULL cell is JSON null, an empty CSV field and an empty text cell.
 *
 * CSV (RFC 4180 section 2): fields separated by ',', records ended by CRLF, the header
 * is the first record. A field is enclosed in double quotes when it contains ',', '"',
 * CR or LF, or starts or ends with a space (so no reader trims it); a '"' inside a
 * quoted field is doubled. A field a spreadsheet would run as a formula gets a
 * leading single quote (rpt_csv_is_formula). Bytes >= 0x80 pass through unchanged (UTF-8
 * stays UTF-8; no byte order mark is written). Invalid UTF-8 is rejected with LDG_EINVAL
 * by every writer here, because the JSON writer could not represent it and a CSV reader
 * would mangle it.
 *
 * Design: the table copies every string it is given into storage it owns (freed once
 * by rpt_table_free), so callers may pass PGresult values and free the result. Rows
 * are kept in insertion order; sorting is the query's job.
 */
#ifndef LEASELEDGER_REPORTS_TABLE_H
#define LEASELEDGER_REPORTS_TABLE_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdio.h>

/* ---- bare CSV (RFC 4180) -------------------------------------------------------- */

/*
 * Writes one CSV field, quoted and escaped as above, without separator or line end.
 * s may be NULL (an empty field). Returns LDG_OK, LDG_EINVAL (s is not valid UTF-8),
 * LDG_EIO (write failed).
 */
ldg_code rpt_csv_field(FILE *fp, const char *s, ldg_error *err);

/*
 * Writes one CSV record: the n fields separated by ',' and ended by CRLF. fields[i]
 * may be NULL (empty field). Returns as rpt_csv_field.
 */
ldg_code rpt_csv_row(FILE *fp, const char *const *fields, size_t n, ldg_error *err);

/*
 * 1 if a spreadsheet would take s (not NULL) for a formula: it starts with '=', '+',
 * '@', a tab or CR, or with '-' and is not a decimal number ("-12.50" is data).
 * rpt_csv_field writes such a field with a leading single quote (the OWASP rule for
 * CSV injection), so a tenant or meter name never runs in finance's spreadsheet.
 */
int rpt_csv_is_formula(const char *s);

/* 1 if s (not NULL) must be enclosed in quotes as a CSV field, else 0. */
int rpt_csv_needs_quotes(const char *s);

/* ---- tables --------------------------------------------------------------------- */

typedef enum rpt_col_kind {
    RPT_COL_TEXT = 0,   /* left-aligned */
    RPT_COL_NUMBER = 1, /* right-aligned decimal string */
} rpt_col_kind;

typedef enum rpt_format {
    RPT_FORMAT_TABLE = 0, /* aligned text for a terminal */
    RPT_FORMAT_CSV = 1,   /* RFC 4180, header record first */
    RPT_FORMAT_JSON = 2,  /* {"columns":[...],"rows":[{name: "value", ...}, ...]} */
} rpt_format;

typedef struct rpt_table rpt_table;

/*
 * A new empty table with no columns. On LDG_OK free *out with rpt_table_free().
 * Returns LDG_OK or LDG_ENOMEM.
 */
ldg_code rpt_table_new(rpt_table **out, ldg_error *err);

/* Frees the table and every string it holds. Accepts NULL. */
void rpt_table_free(rpt_table *t);

/*
 * Appends a column (name copied). Columns must all be added before the first row.
 * Returns LDG_OK, LDG_EINVAL (name empty, not UTF-8, or rows already added),
 * LDG_ENOMEM.
 */
ldg_code rpt_table_add_column(rpt_table *t, const char *name, rpt_col_kind kind,
                              ldg_error *err);

/*
 * Appends a row of exactly rpt_table_columns(t) cells (each copied; NULL allowed).
 * Returns LDG_OK, LDG_EINVAL (a cell is not valid UTF-8), LDG_ENOMEM.
 */
ldg_code rpt_table_add_row(rpt_table *t, const char *const *cells, ldg_error *err);

size_t rpt_table_columns(const rpt_table *t);
size_t rpt_table_rows(const rpt_table *t);

/* Borrowed cell (may be NULL), valid until the table is freed. row, col in range. */
const char *rpt_table_cell(const rpt_table *t, size_t row, size_t col);

/* Borrowed column name, valid until the table is freed. col in range. */
const char *rpt_table_column_name(const rpt_table *t, size_t col);

/*
 * Writes the table to fp in the format. An empty table (no rows) still writes its
 * header: the text table's heading line, the CSV header record, JSON's "columns" and
 * an empty "rows" array. In the text format, control characters in cells (CR, LF,
 * TAB, ...) are shown as a space so rows stay on one line; widths count UTF-8 code
 * points, not bytes. Returns LDG_OK, LDG_EIO (write failed), LDG_ENOMEM.
 */
ldg_code rpt_table_write(const rpt_table *t, FILE *fp, rpt_format format, ldg_error *err);

/*
 * Parses "table", "csv" or "json". Returns LDG_OK or LDG_EINVAL (message names the
 * bad value and the accepted ones).
 */
ldg_code rpt_format_parse(rpt_format *out, const char *s, ldg_error *err);

#endif
