/*
 * The usage-file driver shared by fuzz_usage_csv and fuzz_usage_ndjson: the input is a
 * whole file, read exactly as ldg_ingest() reads it (ledger/ingest.c): the bounded line
 * reader over the bytes, blank lines skipped, every other line fed to the record
 * parser, a bad header ending the file.
 *
 * Properties of every accepted record: the fields the parser promises (usage_parse.h)
 * hold (required strings present, clean and at most LDG_FIELD_MAX bytes; kind and class
 * consistent; end after start; a negative quantity only in a correction), and the fast
 * entry encoder (entry.h) writes exactly the bytes that RFC 8785 serialization of the
 * same entry built with Jansson gives, which is what makes its leaf hash the one an
 * auditor recomputes.
 */
#ifndef LEASELEDGER_FUZZ_USAGE_H
#define LEASELEDGER_FUZZ_USAGE_H

#include "ledger/entry.h"
#include "ledger/jcs.h"
#include "ledger/text.h"
#include "ledger/usage_parse.h"
#include "tests/fuzz/fuzz.h"

static inline void fuzz_usage_field(const char *s, int required)
{
    if (!s) {
        FUZZ_CHECK(!required);
        return;
    }
    size_t n = strlen(s);
    FUZZ_CHECK(n > 0 && n <= LDG_FIELD_MAX);
    FUZZ_CHECK(ldg_text_is_clean(s, n));
}

static inline void fuzz_usage_record(const ldg_record *u, int64_t seq)
{
    ldg_buf fast = { 0 }, slow = { 0 };
    ldg_error e;
    json_t *j;

    fuzz_usage_field(u->tenant, 1);
    fuzz_usage_field(u->site, 1);
    fuzz_usage_field(u->meter, 1);
    fuzz_usage_field(u->event_id, 1);
    fuzz_usage_field(u->corrects, 0);
    FUZZ_CHECK(ldg_kind_name(u->kind) != NULL);
    if (u->kind == LDG_KIND_ENERGY)
        FUZZ_CHECK(u->cls == LDG_CLASS_NONE);
    else
        FUZZ_CHECK(ldg_class_name(u->cls) != NULL);
    FUZZ_CHECK(u->end > u->start);
    FUZZ_CHECK(u->qty_micros >= 0 || u->corrects != NULL);

    ldg_error_clear(&e);
    FUZZ_CHECK(ldg_entry_record_bytes(&fast, u, seq, &e) == LDG_OK);
    j = ldg_entry_record_json(u, seq);
    FUZZ_CHECK(j != NULL);
    FUZZ_CHECK(ldg_jcs_serialize(&slow, j, &e) == LDG_OK);
    FUZZ_CHECK(fast.len == slow.len && memcmp(fast.data, slow.data, fast.len) == 0);
    json_decref(j);
    ldg_buf_cleanup(&fast);
    ldg_buf_cleanup(&slow);
}

static inline void fuzz_usage_run(const uint8_t *data, size_t size, ldg_usage_format fmt)
{
    char *copy = fuzz_copy(data, size);
    FILE *f = fmemopen(copy, size ? size : 1, "r");
    ldg_line_reader *reader = NULL;
    ldg_usage_parser *parser = NULL;
    ldg_error e;
    int64_t seq = 0;

    if (!f)
        abort();
    if (size == 0)
        (void)fgetc(f); /* a 1-byte stream read to its end: an empty file */
    ldg_error_clear(&e);
    FUZZ_CHECK(ldg_line_reader_new(&reader, f, &e) == LDG_OK);
    FUZZ_CHECK(ldg_usage_parser_new(&parser, fmt, &e) == LDG_OK);
    for (;;) {
        const char *line;
        size_t len;
        int64_t lineno, off, raw;
        int too_long = 0, have = 0;
        ldg_reject_reason reason = LDG_REJ_NONE;
        ldg_record u;
        ldg_code rc;
        int header, got;

        ldg_error_clear(&e);
        got = ldg_line_reader_next(reader, &line, &len, &lineno, &too_long, &e);
        FUZZ_CHECK(got >= 0);
        if (got == 0)
            break;
        ldg_line_reader_span(reader, &off, &raw);
        FUZZ_CHECK(off >= 0 && raw >= 0 && (uint64_t)(off + raw) <= size);
        FUZZ_CHECK(len <= LDG_LINE_MAX && line[len] == '\0');
        if (too_long) {
            FUZZ_CHECK(len == 0 && raw > LDG_LINE_MAX);
            if (ldg_usage_parser_wants_header(parser))
                break;
            continue;
        }
        FUZZ_CHECK(memcmp(line, copy + off, len) == 0);
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == len)
            continue; /* blank: skipped, as ingest does */
        header = ldg_usage_parser_wants_header(parser);
        rc = ldg_usage_parser_line(parser, line, len, &u, &have, &reason, &e);
        fuzz_check_error(rc, &e);
        if (header && ldg_usage_parser_format(parser) == LDG_FORMAT_CSV) {
            FUZZ_CHECK(!have);
            if (rc != LDG_OK)
                break; /* a bad header: the file cannot be read */
            continue;
        }
        if (rc == LDG_OK) {
            FUZZ_CHECK(have && reason == LDG_REJ_NONE);
            fuzz_usage_record(&u, seq++);
        } else {
            FUZZ_CHECK(!have && reason > LDG_REJ_NONE && reason < LDG_REJ_COUNT);
            FUZZ_CHECK(ldg_reject_reason_name(reason) != NULL);
        }
    }
    ldg_usage_parser_free(parser);
    ldg_line_reader_free(reader);
    fclose(f);
    free(copy);
}

#endif
