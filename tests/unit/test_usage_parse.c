/*
 * Unit tests for ledger/usage_parse.c: the bounded line reader (LF and CRLF, last line
 * without a newline, empty input, a 10 MB line skipped in constant memory, read
 * errors) and the CSV / NDJSON record parser with every rejection it can make on its
 * own. Each rejection asserts the exact ldg_reject_reason and that the message names
 * the problem. Expected values are worked out by hand: 2026-11-10T00:00:00Z is
 * 1794268800 (2026-01-01 is 1767225600, plus 313 days), quantities are micro-units.
 */
#include "ledger/text.h"
#include "ledger/usage_parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* cmocka.h needs the headers above first */
#include <cmocka.h>

#define T0      "2026-11-10T00:00:00Z"
#define T1      "2026-11-10T01:00:00Z"
#define T0_SECS INT64_C(1794268800)
#define T1_SECS (T0_SECS + 3600)

#define HEADER     "tenant,site,meter,kind,class,start,end,quantity,unit,event_id"
#define HEADER_COR HEADER ",corrects"

/* The three example records of DESIGN.md "Usage records". */
#define GPU_LINE                                                                        \
    "anthropic,colossus-1,pod-0001,gpu,H100," T0 "," T1 ",1000,gpu_hour,pod-0001/2026-" \
    "11-10T00"
#define ENERGY_LINE \
    "anthropic,colossus-1,hall-A,energy,," T0 "," T1 ",11.2,mwh,hall-A/2026-11-10T00"
#define DOWNTIME_LINE                                        \
    "anthropic,colossus-1,pod-0002,downtime,H100," T0 "," T1 \
    ",8,gpu_hour,pod-0002/down/"                             \
    "2026-11-10T00"

/* A valid NDJSON gpu record with its keys in DESIGN.md order. */
#define JSON_GPU                                                                         \
    "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\",\"kind\":" \
    "\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1 "\",\"quantity\":"   \
    "\"1000\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}"

/* Helpers ---------------------------------------------------------------------------- */

/* Every message: lower case start, no final period, printable ASCII, one short line. */
static void check_message(const ldg_error *err)
{
    size_t n = strlen(err->message), i;

    assert_true(n > 0 && n < 256);
    assert_true(err->message[0] >= 'a' && err->message[0] <= 'z');
    assert_true(err->message[n - 1] != '.');
    for (i = 0; i < n; i++)
        assert_true(err->message[i] >= 0x20 && err->message[i] <= 0x7e);
}

static void expect_in_message(const ldg_error *err, const char *part)
{
    if (!strstr(err->message, part))
        fail_msg("message \"%s\" lacks \"%s\"", err->message, part);
}

/*
 * Everything a test allocates is held here and released by its teardown, so that a
 * failing assertion (which jumps out of the test) leaks nothing and LeakSanitizer's
 * report does not bury cmocka's.
 */
enum held_kind { HELD_PARSER = 1, HELD_READER, HELD_FILE, HELD_MEM };

static struct held {
    enum held_kind kind;
    void *ptr;
} held[64];

static void *hold(enum held_kind kind, void *ptr)
{
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
        if (!held[i].ptr) {
            held[i].kind = kind;
            held[i].ptr = ptr;
            return ptr;
        }
    fail_msg("too many held objects");
    return NULL;
}

static void release_slot(struct held *h)
{
    switch (h->kind) {
    case HELD_PARSER:
        ldg_usage_parser_free(h->ptr);
        break;
    case HELD_READER:
        ldg_line_reader_free(h->ptr);
        break;
    case HELD_FILE:
        fclose(h->ptr);
        break;
    case HELD_MEM:
        free(h->ptr);
        break;
    }
    h->ptr = NULL;
}

/* Releases ptr now (it must be held). */
static void release(void *ptr)
{
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
        if (held[i].ptr == ptr) {
            release_slot(&held[i]);
            return;
        }
    fail_msg("releasing an object not held");
}

static int release_all(void **state)
{
    (void)state;
    /* readers before their files */
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
        if (held[i].ptr && held[i].kind != HELD_FILE)
            release_slot(&held[i]);
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
        if (held[i].ptr)
            release_slot(&held[i]);
    return 0;
}

static void *held_malloc(size_t n)
{
    void *m = malloc(n);

    assert_non_null(m);
    return hold(HELD_MEM, m);
}

static ldg_usage_parser *parser_new(ldg_usage_format fmt)
{
    ldg_usage_parser *p = NULL;
    ldg_error err;

    ldg_error_clear(&err);
    assert_int_equal(ldg_usage_parser_new(&p, fmt, &err), LDG_OK);
    assert_non_null(p);
    return hold(HELD_PARSER, p);
}

/* Feeds a header that must be accepted. */
static void header_ok(ldg_usage_parser *p, const char *header)
{
    ldg_record u;
    ldg_error err;
    ldg_reject_reason reason = LDG_REJ_COUNT;
    int have = -1;
    ldg_code rc;

    ldg_error_clear(&err);
    rc = ldg_usage_parser_line(p, header, strlen(header), &u, &have, &reason, &err);
    if (rc != LDG_OK)
        fail_msg("header \"%s\" refused: %s", header, err.message);
    assert_int_equal(have, 0);
    assert_int_equal(reason, LDG_REJ_NONE);
    assert_int_equal(ldg_usage_parser_wants_header(p), 0);
}

static ldg_usage_parser *csv_parser(const char *header)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_CSV);

    assert_int_equal(ldg_usage_parser_wants_header(p), 1);
    header_ok(p, header);
    return p;
}

/* Feeds a header that must be refused as fatal (LDG_EINVAL, no reject reason). */
static void header_fatal(const char *header, size_t len, const char *part)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_CSV);
    ldg_record u;
    ldg_error err;
    ldg_reject_reason reason = LDG_REJ_COUNT;
    int have = -1;

    ldg_error_clear(&err);
    assert_int_equal(ldg_usage_parser_line(p, header, len, &u, &have, &reason, &err),
                     LDG_EINVAL);
    assert_int_equal(err.code, LDG_EINVAL);
    assert_int_equal(have, 0);
    assert_int_equal(reason, LDG_REJ_NONE); /* not a record: the file is unreadable */
    assert_int_equal(ldg_usage_parser_wants_header(p), 1);
    expect_in_message(&err, part);
    check_message(&err);
    release(p);
}

static void line_ok_len(ldg_usage_parser *p, const char *line, size_t len, ldg_record *u)
{
    ldg_error err;
    ldg_reject_reason reason = LDG_REJ_COUNT;
    int have = -1;
    ldg_code rc;

    ldg_error_clear(&err);
    rc = ldg_usage_parser_line(p, line, len, u, &have, &reason, &err);
    if (rc != LDG_OK)
        fail_msg("line \"%s\" rejected (%s): %s", line, ldg_reject_reason_name(reason),
                 err.message);
    assert_int_equal(have, 1);
    assert_int_equal(reason, LDG_REJ_NONE);
}

static void line_ok(ldg_usage_parser *p, const char *line, ldg_record *u)
{
    line_ok_len(p, line, strlen(line), u);
}

/* Feeds a record line that must be rejected with reason want; returns the error. */
static ldg_error rejected_len(ldg_usage_parser *p, const char *line, size_t len,
                              ldg_reject_reason want, const char *part)
{
    ldg_record u;
    ldg_error err;
    ldg_reject_reason reason = LDG_REJ_COUNT;
    int have = -1;
    ldg_code rc;

    ldg_error_clear(&err);
    rc = ldg_usage_parser_line(p, line, len, &u, &have, &reason, &err);
    if (rc != LDG_EINVAL)
        fail_msg("line \"%s\": expected rejection (%s), got code %d", line,
                 ldg_reject_reason_name(want), (int)rc);
    if (reason != want)
        fail_msg("line \"%s\": expected reason \"%s\", got \"%s\" (%s)", line,
                 ldg_reject_reason_name(want), ldg_reject_reason_name(reason),
                 err.message);
    assert_int_equal(have, 0);
    assert_int_not_equal(err.code, LDG_OK);
    expect_in_message(&err, part);
    check_message(&err);
    return err;
}

static ldg_error rejected(ldg_usage_parser *p, const char *line, ldg_reject_reason want,
                          const char *part)
{
    return rejected_len(p, line, strlen(line), want, part);
}

/* A CSV line of the standard header with the given kind, class, times, qty and unit. */
static const char *csv_rec(char *buf, size_t size, const char *kind, const char *cls,
                           const char *start, const char *end, const char *qty,
                           const char *unit)
{
    int n = snprintf(buf, size, "anthropic,colossus-1,m-1,%s,%s,%s,%s,%s,%s,ev-1", kind,
                     cls, start, end, qty, unit);

    assert_true(n > 0 && (size_t)n < size);
    return buf;
}

/* As csv_rec with the corrects column (header HEADER_COR). */
static const char *csv_cor(char *buf, size_t size, const char *qty, const char *unit,
                           const char *corrects)
{
    const char *kind = strcmp(unit, "gpu_hour") == 0 ? "gpu" : "energy";
    const char *cls = strcmp(unit, "gpu_hour") == 0 ? "H100" : "";
    int n =
        snprintf(buf, size, "anthropic,colossus-1,m-1,%s,%s," T0 "," T1 ",%s,%s,ev-2,%s",
                 kind, cls, qty, unit, corrects);

    assert_true(n > 0 && (size_t)n < size);
    return buf;
}

static long max_rss_kb(void)
{
    struct rusage ru;

    assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss; /* kilobytes on Linux */
}

/* Line reader ------------------------------------------------------------------------ */

typedef struct got_line {
    int rc;
    const char *line;
    size_t len;
    int64_t lineno;
    int too_long;
} got_line;

static got_line next_line(ldg_line_reader *r)
{
    got_line g = { -9, NULL, 0, -1, -1 };
    ldg_error err;

    ldg_error_clear(&err);
    g.rc = ldg_line_reader_next(r, &g.line, &g.len, &g.lineno, &g.too_long, &err);
    if (g.rc < 0)
        fail_msg("read error: %s", err.message);
    return g;
}

static void expect_line(ldg_line_reader *r, const char *want, int64_t lineno)
{
    got_line g = next_line(r);

    assert_int_equal(g.rc, 1);
    assert_int_equal(g.too_long, 0);
    assert_int_equal(g.lineno, lineno);
    assert_int_equal(g.len, strlen(want));
    assert_memory_equal(g.line, want, g.len);
    assert_int_equal(g.line[g.len], '\0'); /* NUL-terminated for convenience */
}

static void expect_eof(ldg_line_reader *r)
{
    got_line g = next_line(r);

    assert_int_equal(g.rc, 0);
}

/* Opens a reader on a copy of len bytes of data (tmpfile, so len may hold NULs). */
static ldg_line_reader *reader_on(FILE **fp, const char *data, size_t len)
{
    ldg_line_reader *r = NULL;
    ldg_error err;
    FILE *f = tmpfile();

    assert_non_null(f);
    hold(HELD_FILE, f);
    if (len > 0)
        assert_int_equal(fwrite(data, 1, len, f), len);
    rewind(f);
    ldg_error_clear(&err);
    assert_int_equal(ldg_line_reader_new(&r, f, &err), LDG_OK);
    assert_non_null(r);
    hold(HELD_READER, r);
    *fp = f;
    return r;
}

static void reader_done(ldg_line_reader *r, FILE *f)
{
    release(r);
    release(f);
}

/*
 * A 10 MB line between two short ones: reported as too long with len 0, the next line
 * read whole, and memory held constant: the peak RSS grows by far less than the line
 * (a reader that buffered it would add 10 MB). This test runs first so that no earlier
 * test's peak hides the growth.
 */
static void test_reader_10mb_line_is_too_long_and_skipped_in_constant_memory(void **state)
{
    const size_t big = (size_t)10 * 1024 * 1024;
    char *chunk = held_malloc(64 * 1024);
    FILE *f = hold(HELD_FILE, tmpfile());
    ldg_line_reader *r = NULL;
    ldg_error err;
    got_line g;
    const char *buf;
    long before, after;
    size_t done;

    (void)state;
    assert_non_null(chunk);
    assert_non_null(f);
    memset(chunk, 'x', 64 * 1024);
    assert_int_equal(fwrite("first\n", 1, 6, f), 6);
    for (done = 0; done < big; done += 64 * 1024)
        assert_int_equal(fwrite(chunk, 1, 64 * 1024, f), 64 * 1024);
    assert_int_equal(fwrite("\nafter\r\nlast", 1, 12, f), 12);
    release(chunk);
    rewind(f);

    ldg_error_clear(&err);
    assert_int_equal(ldg_line_reader_new(&r, f, &err), LDG_OK);
    hold(HELD_READER, r);
    before = max_rss_kb();

    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.lineno, 1);
    assert_int_equal(g.len, 5);
    assert_memory_equal(g.line, "first", 5);
    buf = g.line;

    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.too_long, 1);
    assert_int_equal(g.len, 0);
    assert_int_equal(g.lineno, 2);
    assert_ptr_equal(g.line, buf); /* the same fixed buffer, nothing new held */
    assert_int_equal(ldg_line_reader_offset(r), (int64_t)(6 + big + 1));

    expect_line(r, "after", 3);
    expect_line(r, "last", 4);
    expect_eof(r);
    assert_int_equal(ldg_line_reader_offset(r), (int64_t)(6 + big + 12));

    after = max_rss_kb();
    if (after - before > 4 * 1024)
        fail_msg("peak RSS grew by %ld kB reading a 10 MB line", after - before);
    reader_done(r, f);
}

static void test_reader_lf_and_crlf_terminators(void **state)
{
    static const char data[] = "a\r\nbb\nccc\r\n";
    FILE *f;
    ldg_line_reader *r = reader_on(&f, data, sizeof(data) - 1);

    (void)state;
    assert_int_equal(ldg_line_reader_offset(r), 0);
    expect_line(r, "a", 1);
    assert_int_equal(ldg_line_reader_offset(r), 3);
    expect_line(r, "bb", 2);
    assert_int_equal(ldg_line_reader_offset(r), 6);
    expect_line(r, "ccc", 3);
    assert_int_equal(ldg_line_reader_offset(r), 11);
    expect_eof(r);
    expect_eof(r); /* stays at end */
    reader_done(r, f);
}

static void test_reader_only_one_cr_is_stripped_and_lone_cr_is_data(void **state)
{
    static const char data[] = "a\r\r\nb\rc\n";
    FILE *f;
    ldg_line_reader *r = reader_on(&f, data, sizeof(data) - 1);

    (void)state;
    expect_line(r, "a\r", 1);
    expect_line(r, "b\rc", 2);
    expect_eof(r);
    reader_done(r, f);
}

static void test_reader_last_line_without_newline(void **state)
{
    FILE *f;
    ldg_line_reader *r = reader_on(&f, "x\ny", 3);

    (void)state;
    expect_line(r, "x", 1);
    expect_line(r, "y", 2);
    expect_eof(r);
    assert_int_equal(ldg_line_reader_offset(r), 3);
    reader_done(r, f);

    r = reader_on(&f, "x\r\ny\r", 5); /* a CR before the end of file is a terminator */
    expect_line(r, "x", 1);
    expect_line(r, "y", 2);
    expect_eof(r);
    reader_done(r, f);
}

static void test_reader_empty_file(void **state)
{
    FILE *f;
    ldg_line_reader *r = reader_on(&f, "", 0);

    (void)state;
    expect_eof(r);
    expect_eof(r);
    assert_int_equal(ldg_line_reader_offset(r), 0);
    reader_done(r, f);
}

static void test_reader_empty_lines_are_returned(void **state)
{
    FILE *f;
    ldg_line_reader *r = reader_on(&f, "\n\r\n\nz", 5);

    (void)state;
    expect_line(r, "", 1);
    expect_line(r, "", 2);
    expect_line(r, "", 3);
    expect_line(r, "z", 4);
    expect_eof(r);
    reader_done(r, f);
}

static void test_reader_nul_bytes_are_passed_through(void **state)
{
    static const char data[] = "a\0b\nc";
    FILE *f;
    ldg_line_reader *r = reader_on(&f, data, sizeof(data) - 1);
    got_line g;

    (void)state;
    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.len, 3);
    assert_memory_equal(g.line, "a\0b", 3);
    expect_line(r, "c", 2);
    expect_eof(r);
    reader_done(r, f);
}

/* Exactly LDG_LINE_MAX bytes fit; one more is too long; lines go on after it. */
static void test_reader_line_max_boundary(void **state)
{
    size_t n = 2 * (LDG_LINE_MAX + 1) + 4;
    char *data = held_malloc(n);
    FILE *f;
    ldg_line_reader *r;
    got_line g;

    (void)state;
    assert_non_null(data);
    memset(data, 'a', LDG_LINE_MAX);
    data[LDG_LINE_MAX] = '\n';
    memset(data + LDG_LINE_MAX + 1, 'b', LDG_LINE_MAX + 1);
    memcpy(data + 2 * LDG_LINE_MAX + 2, "\nok\n", 4);
    r = reader_on(&f, data, n);

    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.too_long, 0);
    assert_int_equal(g.len, LDG_LINE_MAX);
    assert_int_equal(g.line[0], 'a');
    assert_int_equal(g.line[LDG_LINE_MAX - 1], 'a');

    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.too_long, 1);
    assert_int_equal(g.len, 0);
    assert_int_equal(g.lineno, 2);

    expect_line(r, "ok", 3);
    expect_eof(r);
    reader_done(r, f);
    release(data);
}

/* The CR of a CRLF is part of the terminator, not of the line: a line of exactly
 * LDG_LINE_MAX bytes ended by "\r\n" is not too long. */
static void test_reader_line_max_with_crlf_is_not_too_long(void **state)
{
    size_t n = LDG_LINE_MAX + 5;
    char *data = held_malloc(n);
    FILE *f;
    ldg_line_reader *r;
    got_line g;

    (void)state;
    assert_non_null(data);
    memset(data, 'a', LDG_LINE_MAX);
    memcpy(data + LDG_LINE_MAX, "\r\nz\n", 4);
    r = reader_on(&f, data, LDG_LINE_MAX + 4);

    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.too_long, 0);
    assert_int_equal(g.len, LDG_LINE_MAX);
    expect_line(r, "z", 2);
    expect_eof(r);
    reader_done(r, f);
    release(data);
}

/* Too long and last, without a newline: reported, then end of file. */
static void test_reader_too_long_last_line_without_newline(void **state)
{
    size_t n = 3 * LDG_LINE_MAX;
    char *data = held_malloc(n);
    FILE *f;
    ldg_line_reader *r;
    got_line g;

    (void)state;
    assert_non_null(data);
    memset(data, 'q', n);
    r = reader_on(&f, data, n);
    g = next_line(r);
    assert_int_equal(g.rc, 1);
    assert_int_equal(g.too_long, 1);
    assert_int_equal(g.len, 0);
    assert_int_equal(g.lineno, 1);
    expect_eof(r);
    assert_int_equal(ldg_line_reader_offset(r), (int64_t)n);
    reader_done(r, f);
    release(data);
}

/* Lines of many lengths across the reader's read-ahead block boundaries come back
 * byte for byte, with the right numbers and offsets. */
static void test_reader_lines_across_block_boundaries(void **state)
{
    const size_t nlines = 3000;
    size_t cap = nlines * 1000, n = 0, i;
    char *data = held_malloc(cap);
    char want[1000];
    FILE *f;
    ldg_line_reader *r;

    (void)state;
    assert_non_null(data);
    for (i = 0; i < nlines; i++) {
        size_t len = (i * 7919u) % 997u;

        memset(data + n, (int)('a' + (int)(i % 26u)), len);
        n += len;
        if (i % 3u == 0)
            data[n++] = '\r';
        data[n++] = '\n';
    }
    assert_true(n > 1024 * 1024); /* several 256 KiB blocks */
    r = reader_on(&f, data, n);
    for (i = 0; i < nlines; i++) {
        size_t len = (i * 7919u) % 997u;

        memset(want, (int)('a' + (int)(i % 26u)), len);
        want[len] = '\0';
        expect_line(r, want, (int64_t)i + 1);
    }
    expect_eof(r);
    assert_int_equal(ldg_line_reader_offset(r), (int64_t)n);
    reader_done(r, f);
    release(data);
}

static void test_reader_read_error_is_eio(void **state)
{
    FILE *f = hold(HELD_FILE, fopen("/dev/null", "w")); /* write-only: reads fail */
    ldg_line_reader *r = NULL;
    ldg_error err;
    const char *line = NULL;
    size_t len = 99;
    int64_t lineno = -1;
    int too_long = -1;

    (void)state;
    assert_non_null(f);
    ldg_error_clear(&err);
    assert_int_equal(ldg_line_reader_new(&r, f, &err), LDG_OK);
    hold(HELD_READER, r);
    assert_int_equal(ldg_line_reader_next(r, &line, &len, &lineno, &too_long, &err), -1);
    assert_int_equal(err.code, LDG_EIO);
    expect_in_message(&err, "could not read input");
    check_message(&err);
    release(r);
    release(f);
}

static void test_reader_free_null(void **state)
{
    (void)state;
    ldg_line_reader_free(NULL);
    ldg_usage_parser_free(NULL); /* both accept NULL */
}

/* Text checks and reason names ------------------------------------------------------- */

static void test_text_is_clean(void **state)
{
    (void)state;
    assert_true(ldg_text_is_clean("", 0));
    assert_true(ldg_text_is_clean("pod-0001", 8));
    assert_true(ldg_text_is_clean("h\xc3\xa9", 3));         /* e acute, 2 bytes */
    assert_true(ldg_text_is_clean("\xe2\x82\xac", 3));      /* euro sign, 3 bytes */
    assert_true(ldg_text_is_clean("\xf0\x9f\x98\x80", 4));  /* U+1F600, 4 bytes */
    assert_true(ldg_text_is_clean("\xf4\x8f\xbf\xbf", 4));  /* U+10FFFF, the last */
    assert_false(ldg_text_is_clean("a\0b", 3));             /* NUL */
    assert_false(ldg_text_is_clean("a\tb", 3));             /* control */
    assert_false(ldg_text_is_clean("a\x7f", 2));            /* DEL */
    assert_false(ldg_text_is_clean("\xff", 1));             /* never valid */
    assert_false(ldg_text_is_clean("\x80", 1));             /* lone continuation */
    assert_false(ldg_text_is_clean("\xc0\xaf", 2));         /* overlong '/' */
    assert_false(ldg_text_is_clean("\xe0\x80\xaf", 3));     /* overlong, 3 bytes */
    assert_false(ldg_text_is_clean("\xed\xa0\x80", 3));     /* surrogate U+D800 */
    assert_false(ldg_text_is_clean("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(ldg_text_is_clean("\xc3", 1));             /* truncated */
    assert_false(ldg_text_is_clean("\xe2\x82", 2));         /* truncated */
    assert_false(ldg_text_is_clean("\xc3\x28", 2));         /* bad continuation */
    assert_false(ldg_text_is_clean("\xc3\xa9\xc3\xa9", 3)); /* cut mid-character */
}

/* The record invariant the parser asserts: a record it could return passes, and
 * breaking any one promise fails. */
static void test_usage_record_ok(void **state)
{
    char long_meter[LDG_FIELD_MAX + 2];
    ldg_record good = { .tenant = "anthropic",
                        .site = "colossus-1",
                        .meter = "pod-0001",
                        .event_id = "e1",
                        .kind = LDG_KIND_GPU,
                        .cls = LDG_CLASS_H100,
                        .start = 1794268800,
                        .end = 1794272400,
                        .qty_micros = 1000000 };
    ldg_record r;

    (void)state;
    memset(long_meter, 'm', sizeof(long_meter) - 1);
    long_meter[sizeof(long_meter) - 1] = '\0';
    assert_true(ldg_usage_record_ok(&good));
    r = good, r.kind = LDG_KIND_ENERGY, r.cls = LDG_CLASS_NONE;
    assert_true(ldg_usage_record_ok(&r));
    r = good, r.corrects = "e0", r.qty_micros = -1;
    assert_true(ldg_usage_record_ok(&r));
    r = good, r.qty_micros = -1; /* negative outside a correction */
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.tenant = NULL;
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.event_id = "";
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.meter = long_meter;
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.site = "a\tb";
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.corrects = "";
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.kind = 0;
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.cls = LDG_CLASS_NONE; /* gpu without a class */
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.kind = LDG_KIND_ENERGY; /* energy with a class */
    assert_false(ldg_usage_record_ok(&r));
    r = good, r.end = r.start;
    assert_false(ldg_usage_record_ok(&r));
}

static void test_reject_reason_names(void **state)
{
    (void)state;
    assert_string_equal(ldg_reject_reason_name(LDG_REJ_TOO_LONG), "line too long");
    assert_string_equal(ldg_reject_reason_name(LDG_REJ_NUMBER), "malformed quantity");
    assert_string_equal(ldg_reject_reason_name((ldg_reject_reason)LDG_REJ_COUNT),
                        "unknown");
    for (int i = 0; i < LDG_REJ_COUNT; i++) {
        const char *a = ldg_reject_reason_name((ldg_reject_reason)i);

        assert_non_null(a);
        assert_true(strlen(a) > 0);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(a, ldg_reject_reason_name((ldg_reject_reason)j));
    }
}

/* CSV: headers ----------------------------------------------------------------------- */

static void test_csv_design_examples_are_accepted(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;

    (void)state;
    assert_int_equal(ldg_usage_parser_format(p), LDG_FORMAT_CSV);
    line_ok(p, GPU_LINE, &u);
    assert_string_equal(u.tenant, "anthropic");
    assert_string_equal(u.site, "colossus-1");
    assert_string_equal(u.meter, "pod-0001");
    assert_string_equal(u.event_id, "pod-0001/2026-11-10T00");
    assert_null(u.corrects);
    assert_int_equal(u.kind, LDG_KIND_GPU);
    assert_int_equal(u.cls, LDG_CLASS_H100);
    assert_int_equal(u.start, T0_SECS);
    assert_int_equal(u.end, T1_SECS);
    assert_int_equal(u.qty_micros, INT64_C(1000000000));

    line_ok(p, ENERGY_LINE, &u);
    assert_string_equal(u.meter, "hall-A");
    assert_int_equal(u.kind, LDG_KIND_ENERGY);
    assert_int_equal(u.cls, LDG_CLASS_NONE);
    assert_int_equal(u.qty_micros, INT64_C(11200000));
    assert_string_equal(u.event_id, "hall-A/2026-11-10T00");

    line_ok(p, DOWNTIME_LINE, &u);
    assert_int_equal(u.kind, LDG_KIND_DOWNTIME);
    assert_int_equal(u.cls, LDG_CLASS_H100);
    assert_int_equal(u.qty_micros, INT64_C(8000000));
    assert_string_equal(u.event_id, "pod-0002/down/2026-11-10T00");
    release(p);
}

static void test_csv_all_classes_and_six_decimals(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;
    char b[512];

    (void)state;
    line_ok(p, csv_rec(b, sizeof(b), "gpu", "H200", T0, T1, "0.000001", "gpu_hour"), &u);
    assert_int_equal(u.cls, LDG_CLASS_H200);
    assert_int_equal(u.qty_micros, 1);
    line_ok(p, csv_rec(b, sizeof(b), "gpu", "GB200", T0, T1, "12.345678", "gpu_hour"),
            &u);
    assert_int_equal(u.cls, LDG_CLASS_GB200);
    assert_int_equal(u.qty_micros, INT64_C(12345678));
    line_ok(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "0", "gpu_hour"), &u);
    assert_int_equal(u.qty_micros, 0);
    line_ok(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "-0", "gpu_hour"), &u);
    assert_int_equal(u.qty_micros, 0); /* "-0" is zero, not negative */
    release(p);
}

static void test_csv_header_in_another_column_order(void **state)
{
    ldg_usage_parser *p =
        csv_parser("event_id,unit,quantity,end,start,class,kind,meter,site,tenant");
    ldg_record u;

    (void)state;
    line_ok(p, "ev-9,gpu_hour,2.5," T1 "," T0 ",GB200,gpu,pod-7,colossus-1,anthropic",
            &u);
    assert_string_equal(u.tenant, "anthropic");
    assert_string_equal(u.site, "colossus-1");
    assert_string_equal(u.meter, "pod-7");
    assert_string_equal(u.event_id, "ev-9");
    assert_int_equal(u.kind, LDG_KIND_GPU);
    assert_int_equal(u.cls, LDG_CLASS_GB200);
    assert_int_equal(u.start, T0_SECS);
    assert_int_equal(u.end, T1_SECS);
    assert_int_equal(u.qty_micros, INT64_C(2500000));
    release(p);
}

static void test_csv_header_quoted_names_are_accepted(void **state)
{
    ldg_usage_parser *p =
        csv_parser("\"tenant\",\"site\",\"meter\",\"kind\",\"class\","
                   "\"start\",\"end\",\"quantity\",\"unit\",\"event_id\"");
    ldg_record u;

    (void)state;
    line_ok(p, GPU_LINE, &u);
    assert_int_equal(u.qty_micros, INT64_C(1000000000));
    release(p);
}

static void test_csv_header_unknown_column_is_fatal(void **state)
{
    const char *h =
        "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,colour";

    (void)state;
    header_fatal(h, strlen(h), "unknown column \"colour\"");
    h = "tenant,site,meter,kind,class,start,end,quantity,units,event_id";
    header_fatal(h, strlen(h), "unknown column \"units\"");
    h = "Tenant,site,meter,kind,class,start,end,quantity,unit,event_id"; /* case matters
                                                                          */
    header_fatal(h, strlen(h), "unknown column \"Tenant\"");
    h = "tenant, site,meter,kind,class,start,end,quantity,unit,event_id";
    header_fatal(h, strlen(h), "unknown column \" site\"");
    h = "tenant,site,,meter,kind,class,start,end,quantity,unit,event_id";
    header_fatal(h, strlen(h), "unknown column \"\"");
}

static void test_csv_header_duplicate_column_is_fatal(void **state)
{
    const char *h = "tenant,site,meter,kind,class,start,end,quantity,unit,event_id,site";

    (void)state;
    header_fatal(h, strlen(h), "column \"site\" twice");
    h = "tenant,tenant,site,meter,kind,class,start,end,quantity,unit";
    header_fatal(h, strlen(h), "column \"tenant\" twice");
}

static void test_csv_header_missing_column_is_fatal(void **state)
{
    const char *h = "tenant,site,meter,kind,class,start,end,quantity,unit";

    (void)state;
    header_fatal(h, strlen(h), "lacks column \"event_id\"");
    h = "tenant,site,meter,kind,start,end,quantity,unit,event_id,corrects";
    header_fatal(h, strlen(h), "lacks column \"class\"");
    h = "site,meter,kind,class,start,end,quantity,unit,event_id";
    header_fatal(h, strlen(h), "lacks column \"tenant\"");
    header_fatal("", 0, "unknown column \"\""); /* one empty column name */
}

static void test_csv_header_too_many_columns_is_fatal(void **state)
{
    const char *h = HEADER_COR ",";

    (void)state;
    header_fatal(h, strlen(h), "more than 11 columns");
}

static void test_csv_header_bad_quoting_or_encoding_is_fatal(void **state)
{
    const char *h = "\"tenant,site,meter,kind,class,start,end,quantity,unit,event_id";
    static const char nul[] = "tenant,site\0,meter,kind,class,start,end,quantity,unit,"
                              "event_id";

    (void)state;
    header_fatal(h, strlen(h), "bad quoting");
    header_fatal(nul, sizeof(nul) - 1, "header holds a NUL");
    h = "tenant,site,meter,kind,class,start,end,quantity,unit,event_id\xff";
    header_fatal(h, strlen(h), "invalid UTF-8");
}

/* A refused header leaves the parser waiting for one: a good header then works. */
static void test_csv_header_refused_then_good_header(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_CSV);
    ldg_record u;
    ldg_error err;
    ldg_reject_reason reason;
    int have;
    const char *bad = "tenant,site";

    (void)state;
    ldg_error_clear(&err);
    assert_int_equal(ldg_usage_parser_line(p, bad, strlen(bad), &u, &have, &reason, &err),
                     LDG_EINVAL);
    assert_int_equal(ldg_usage_parser_wants_header(p), 1);
    header_ok(p, HEADER);
    line_ok(p, GPU_LINE, &u);
    release(p);
}

static void test_csv_optional_corrects_column(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER_COR);
    ldg_record u;
    char b[512];

    (void)state;
    line_ok(p, GPU_LINE ",", &u); /* empty corrects: not a correction */
    assert_null(u.corrects);
    assert_int_equal(u.qty_micros, INT64_C(1000000000));

    line_ok(p, csv_cor(b, sizeof(b), "-5", "gpu_hour", "pod-0001/2026-11-10T00"), &u);
    assert_string_equal(u.corrects, "pod-0001/2026-11-10T00");
    assert_string_equal(u.event_id, "ev-2");
    assert_int_equal(u.qty_micros, INT64_C(-5000000));

    line_ok(p, csv_cor(b, sizeof(b), "2.25", "gpu_hour", "ev-1"), &u);
    assert_string_equal(u.corrects, "ev-1");
    assert_int_equal(u.qty_micros, INT64_C(2250000));

    /* Without the column in the header, a line with an eleventh field has one too many.
     */
    release(p);
    p = csv_parser(HEADER);
    rejected(p, GPU_LINE ",ev-1", LDG_REJ_MALFORMED, "expected 10 fields");
    release(p);

    /* corrects may come first, like any column */
    p = csv_parser("corrects," HEADER);
    line_ok(p, "ev-0," GPU_LINE, &u);
    assert_string_equal(u.corrects, "ev-0");
    release(p);
}

/* CSV: fields and quoting ------------------------------------------------------------ */

static void test_csv_extra_or_missing_fields(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;

    (void)state;
    rejected(p, GPU_LINE ",extra", LDG_REJ_MALFORMED,
             "expected 10 fields as in the header, found more than 10");
    rejected(p, GPU_LINE ",", LDG_REJ_MALFORMED,
             "found more than 10"); /* trailing comma */
    rejected(p, GPU_LINE ",a,b,c,d,e", LDG_REJ_MALFORMED, "found more than 10");
    rejected(p, "anthropic,colossus-1,pod-0001,gpu,H100," T0 "," T1 ",1000,gpu_hour",
             LDG_REJ_MALFORMED, "expected 10 fields as in the header, found 9");
    rejected(p, "anthropic", LDG_REJ_MALFORMED, "found 1");
    rejected(p, ",,,,,,,,", LDG_REJ_MALFORMED, "found 9");
    /* ten empty fields: the count is right, the first required field is empty */
    rejected(p, ",,,,,,,,,", LDG_REJ_FIELD, "field \"tenant\" is empty");
    line_ok(p, GPU_LINE, &u); /* the parser goes on after rejections */
    release(p);
}

static void test_csv_rfc4180_quoting(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;

    (void)state;
    /* a quoted comma stays in the field */
    line_ok(p,
            "anthropic,colossus-1,\"pod,0001\",gpu,H100," T0 "," T1
            ",1000,gpu_hour,\"a,b\"",
            &u);
    assert_string_equal(u.meter, "pod,0001");
    assert_string_equal(u.event_id, "a,b");
    assert_int_equal(u.qty_micros, INT64_C(1000000000));

    /* a doubled quote is one quote; every field may be quoted */
    line_ok(p,
            "\"anthropic\",\"colossus-1\",\"pod \"\"A\"\"\",\"gpu\",\"H100\",\"" T0
            "\",\"" T1 "\",\"1.5\",\"gpu_hour\",\"\"\"\"",
            &u);
    assert_string_equal(u.tenant, "anthropic");
    assert_string_equal(u.meter, "pod \"A\"");
    assert_string_equal(u.event_id, "\"");
    assert_int_equal(u.qty_micros, INT64_C(1500000));

    /* an empty quoted field is empty: no class for energy */
    line_ok(p, "anthropic,colossus-1,hall-A,energy,\"\"," T0 "," T1 ",\"11.2\",mwh,e-3",
            &u);
    assert_int_equal(u.cls, LDG_CLASS_NONE);
    assert_int_equal(u.qty_micros, INT64_C(11200000));

    rejected(p,
             "anthropic,colossus-1,\"pod-0001,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_MALFORMED, "bad quoting"); /* unterminated */
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 "," T1 ",1000,gpu_hour,\"e-1",
             LDG_REJ_MALFORMED, "bad quoting"); /* unterminated in the last field */
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 "," T1 ",1000,gpu_hour,\"e\"\"",
             LDG_REJ_MALFORMED, "bad quoting"); /* a doubled quote does not close */
    rejected(p, "anthropic,colossus-1,pod\"0001,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_MALFORMED, "bad quoting"); /* quote inside an unquoted field */
    rejected(p, "anthropic,colossus-1,\"pod\"x,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_MALFORMED, "bad quoting"); /* text after the closing quote */
    rejected(p, "anthropic,colossus-1,\"pod\" ,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_MALFORMED, "bad quoting");
    /* a quoted number is still only a number */
    rejected(p,
             "anthropic,colossus-1,pod-1,gpu,H100," T0 "," T1 ",\" 1000\",gpu_hour,e-1",
             LDG_REJ_NUMBER, "whitespace not allowed");
    release(p);
}

static void test_csv_nul_and_invalid_utf8_are_encoding(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    static const char nul[] =
        "anthropic,colossus-1,pod\0001,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1";
    ldg_record u;

    (void)state;
    rejected_len(p, nul, sizeof(nul) - 1, LDG_REJ_ENCODING, "NUL");
    rejected(p, "anthropic,colossus-1,pod\xff,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_ENCODING, "invalid UTF-8");
    rejected(p, "anthropic,colossus-1,pod\xc0\xaf,gpu,H100," T0 "," T1 ",1,gpu_hour,e-1",
             LDG_REJ_ENCODING, "invalid UTF-8"); /* overlong */
    rejected(p, "anthropic,colossus-1,\xed\xa0\x80,gpu,H100," T0 "," T1 ",1,gpu_hour,e-1",
             LDG_REJ_ENCODING, "invalid UTF-8"); /* surrogate */
    /* a bad sequence inside a quoted field, even in an otherwise valid line */
    rejected(p,
             "anthropic,colossus-1,\"p\xe2\x82\",gpu,H100," T0 "," T1 ",1,gpu_hour,e-1",
             LDG_REJ_ENCODING, "invalid UTF-8");
    /* control characters pass the line check but not the field check, which names it */
    rejected(p, "anthropic,colossus-1,pod\t1,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_ENCODING, "field \"meter\" holds a control character");
    rejected(p, "anthropic\x1b,colossus-1,pod,gpu,H100," T0 "," T1 ",1000,gpu_hour,e-1",
             LDG_REJ_ENCODING, "field \"tenant\"");
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 "," T1 ",1000,gpu_hour,e\x7f",
             LDG_REJ_ENCODING, "field \"event_id\"");
    /* valid multi-byte UTF-8 is fine */
    line_ok(p,
            "anthropic,colossus-1,p\xc3\xa9-\xe2\x82\xac,"
            "gpu,H100," T0 "," T1 ",1,gpu_hour,\xf0\x9f\x98\x80",
            &u);
    assert_string_equal(u.meter, "p\xc3\xa9-\xe2\x82\xac");
    assert_string_equal(u.event_id, "\xf0\x9f\x98\x80");
    release(p);
}

static void test_csv_field_length_limit(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    char meter[LDG_FIELD_MAX + 2];
    char line[1024];
    ldg_record u;

    (void)state;
    memset(meter, 'm', LDG_FIELD_MAX);
    meter[LDG_FIELD_MAX] = '\0';
    snprintf(line, sizeof(line),
             "anthropic,colossus-1,%s,gpu,H100," T0 "," T1 ",1,gpu_hour,e", meter);
    line_ok(p, line, &u);
    assert_int_equal(strlen(u.meter), LDG_FIELD_MAX);

    meter[LDG_FIELD_MAX] = 'm';
    meter[LDG_FIELD_MAX + 1] = '\0';
    snprintf(line, sizeof(line),
             "anthropic,colossus-1,%s,gpu,H100," T0 "," T1 ",1,gpu_hour,e", meter);
    rejected(p, line, LDG_REJ_FIELD, "field \"meter\" is longer than 256 bytes");
    release(p);
}

static void test_csv_required_fields_must_not_be_empty(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);

    (void)state;
    rejected(p, ",colossus-1,pod,gpu,H100," T0 "," T1 ",1,gpu_hour,e", LDG_REJ_FIELD,
             "field \"tenant\" is empty");
    rejected(p, "anthropic,,pod,gpu,H100," T0 "," T1 ",1,gpu_hour,e", LDG_REJ_FIELD,
             "field \"site\" is empty");
    rejected(p, "anthropic,colossus-1,,gpu,H100," T0 "," T1 ",1,gpu_hour,e",
             LDG_REJ_FIELD, "field \"meter\" is empty");
    rejected(p, "anthropic,colossus-1,pod,,H100," T0 "," T1 ",1,gpu_hour,e",
             LDG_REJ_FIELD, "field \"kind\" is empty");
    rejected(p, "anthropic,colossus-1,pod,gpu,H100,," T1 ",1,gpu_hour,e", LDG_REJ_FIELD,
             "field \"start\" is empty");
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 ",,1,gpu_hour,e", LDG_REJ_FIELD,
             "field \"end\" is empty");
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 "," T1 ",,gpu_hour,e",
             LDG_REJ_FIELD, "field \"quantity\" is empty");
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 "," T1 ",1,,e", LDG_REJ_FIELD,
             "field \"unit\" is empty");
    rejected(p, "anthropic,colossus-1,pod,gpu,H100," T0 "," T1 ",1,gpu_hour,",
             LDG_REJ_FIELD, "field \"event_id\" is empty");
    release(p);
}

/* Quantities ------------------------------------------------------------------------- */

static void qty_rejected(const char *qty, ldg_reject_reason want, const char *part)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    char b[512];

    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, qty, "gpu_hour"), want,
             part);
    release(p);
}

static void test_quantity_malformed_numbers(void **state)
{
    (void)state;
    qty_rejected("1e9", LDG_REJ_NUMBER, "invalid number \"1e9\": exponent not allowed");
    qty_rejected("NaN", LDG_REJ_NUMBER, "invalid number \"NaN\": not a finite");
    qty_rejected("inf", LDG_REJ_NUMBER, "not a finite");
    qty_rejected("--5", LDG_REJ_NUMBER, "invalid number \"--5\": more than one sign");
    qty_rejected("12.3456789", LDG_REJ_NUMBER,
                 "invalid number \"12.3456789\": more than 6 decimals");
    qty_rejected("+5", LDG_REJ_NUMBER, "leading '+' not allowed");
    qty_rejected("1,5", LDG_REJ_MALFORMED, "found more than 10"); /* a comma splits */
    qty_rejected("0x10", LDG_REJ_NUMBER, "hexadecimal not allowed");
    qty_rejected(".5", LDG_REJ_NUMBER, "digit is required before the decimal point");
    qty_rejected("5.", LDG_REJ_NUMBER, "digit is required after the decimal point");
    qty_rejected("1 000", LDG_REJ_NUMBER, "whitespace not allowed");
}

static void test_quantity_out_of_range(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;
    ldg_error err;
    char b[512];

    (void)state;
    /* 9223372036854.775807 is INT64_MAX micro-units; one more is out of range */
    err = rejected(
        p,
        csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "9223372036854.775808", "gpu_hour"),
        LDG_REJ_NUMBER, "out of range");
    assert_int_equal(err.code,
                     LDG_ERANGE); /* fixed.c's code, though the call says EINVAL */
    line_ok(
        p,
        csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "9223372036854.775807", "gpu_hour"),
        &u);
    assert_int_equal(u.qty_micros, INT64_MAX);
    release(p);
}

static void test_quantity_negative_needs_a_correction(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;
    char b[512];

    (void)state;
    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "-5", "gpu_hour"),
             LDG_REJ_NEGATIVE,
             "negative quantity \"-5\" is allowed only in a correction");
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "-0.000001", "mwh"),
             LDG_REJ_NEGATIVE, "negative quantity \"-0.000001\"");
    release(p);

    p = csv_parser(HEADER_COR);
    rejected(p, csv_cor(b, sizeof(b), "-5", "gpu_hour", ""), LDG_REJ_NEGATIVE,
             "only in a correction"); /* an empty corrects is no correction */
    line_ok(p, csv_cor(b, sizeof(b), "-5", "gpu_hour", "ev-1"), &u);
    assert_int_equal(u.qty_micros, INT64_C(-5000000));
    assert_string_equal(u.corrects, "ev-1");
    line_ok(p, csv_cor(b, sizeof(b), "-11.2", "mwh", "hall-A/2026-11-10T00"), &u);
    assert_int_equal(u.qty_micros, INT64_C(-11200000));
    release(p);
}

static void test_quantity_kwh_is_converted_to_mwh(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;
    char b[512];

    (void)state;
    /* 1.5 kWh = 0.0015 MWh = 1500 micro-MWh (1500 Wh) */
    line_ok(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "1.5", "kwh"), &u);
    assert_int_equal(u.qty_micros, 1500);
    line_ok(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "0.0015", "mwh"), &u);
    assert_int_equal(u.qty_micros, 1500);
    line_ok(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "0.001", "kwh"), &u);
    assert_int_equal(u.qty_micros, 1); /* 1 Wh, the finest kept */
    line_ok(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "11200", "kwh"), &u);
    assert_int_equal(u.qty_micros, INT64_C(11200000)); /* 11.2 MWh */
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "0.0001", "kwh"),
             LDG_REJ_NUMBER, "quantity \"0.0001\" kwh is finer than 1 Wh");
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "1.0005", "kwh"),
             LDG_REJ_NUMBER, "finer than 1 Wh");
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "-1.5", "kwh"),
             LDG_REJ_NEGATIVE, "negative quantity \"-1.5\"");
    release(p);

    p = csv_parser(HEADER_COR);
    line_ok(p, csv_cor(b, sizeof(b), "-1.5", "kwh", "ev-1"), &u);
    assert_int_equal(u.qty_micros, -1500);
    release(p);
}

/* Timestamps and interval ------------------------------------------------------------ */

static void test_timestamps_must_be_utc(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;
    char b[512];

    (void)state;
    rejected(p,
             csv_rec(b, sizeof(b), "gpu", "H100", "2026-11-10T01:00:00+01:00", T1, "1",
                     "gpu_hour"),
             LDG_REJ_TIME, "has an offset: only UTC (Z) is accepted");
    rejected(p,
             csv_rec(b, sizeof(b), "gpu", "H100", T0, "2026-11-10T01:00:00+00:00", "1",
                     "gpu_hour"),
             LDG_REJ_TIME, "\"2026-11-10T01:00:00+00:00\" has an offset");
    rejected(
        p,
        csv_rec(b, sizeof(b), "gpu", "H100", "2026-11-10T00:00:00", T1, "1", "gpu_hour"),
        LDG_REJ_TIME, "has no time zone");
    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, "2026-11-10", "1", "gpu_hour"),
             LDG_REJ_TIME, "too short");
    rejected(
        p,
        csv_rec(b, sizeof(b), "gpu", "H100", "2026-11-10 00:00:00Z", T1, "1", "gpu_hour"),
        LDG_REJ_TIME, "space between date and time");
    rejected(
        p,
        csv_rec(b, sizeof(b), "gpu", "H100", "2026-02-30T00:00:00Z", T1, "1", "gpu_hour"),
        LDG_REJ_TIME, "day 30 is out of range");
    rejected(p,
             csv_rec(b, sizeof(b), "gpu", "H100", "2026-11-10T00:00:00.5Z", T1, "1",
                     "gpu_hour"),
             LDG_REJ_TIME, "fractional seconds must be zero");
    line_ok(p,
            csv_rec(b, sizeof(b), "gpu", "H100", "2026-11-10T00:00:00.000Z", T1, "1",
                    "gpu_hour"),
            &u);
    assert_int_equal(u.start, T0_SECS);
    release(p);
}

static void test_interval_end_must_be_after_start(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    ldg_record u;
    char b[512];

    (void)state;
    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T1, T0, "1", "gpu_hour"),
             LDG_REJ_INTERVAL, "end " T0 " is not after start " T1);
    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T0, "1", "gpu_hour"),
             LDG_REJ_INTERVAL, "end " T0 " is not after start " T0);
    line_ok(
        p,
        csv_rec(b, sizeof(b), "gpu", "H100", T0, "2026-11-10T00:00:01Z", "1", "gpu_hour"),
        &u); /* one second is enough */
    assert_int_equal(u.end - u.start, 1);
    release(p);
}

/* Kind, class, unit ------------------------------------------------------------------ */

static void test_kind_must_be_known(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    char b[512];

    (void)state;
    rejected(p, csv_rec(b, sizeof(b), "cpu", "H100", T0, T1, "1", "gpu_hour"),
             LDG_REJ_KIND,
             "unknown kind \"cpu\": expected gpu, energy, downtime or maintenance");
    rejected(p, csv_rec(b, sizeof(b), "GPU", "H100", T0, T1, "1", "gpu_hour"),
             LDG_REJ_KIND, "unknown kind \"GPU\"");
    rejected(p, csv_rec(b, sizeof(b), "gpus", "H100", T0, T1, "1", "gpu_hour"),
             LDG_REJ_KIND, "unknown kind \"gpus\"");
    release(p);
}

static void test_class_rules(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    char b[512];

    (void)state;
    rejected(p, csv_rec(b, sizeof(b), "gpu", "A100", T0, T1, "1", "gpu_hour"),
             LDG_REJ_CLASS, "unknown GPU class \"A100\": expected H100, H200 or GB200");
    rejected(p, csv_rec(b, sizeof(b), "gpu", "h100", T0, T1, "1", "gpu_hour"),
             LDG_REJ_CLASS, "unknown GPU class \"h100\"");
    rejected(p, csv_rec(b, sizeof(b), "downtime", "B200", T0, T1, "1", "gpu_hour"),
             LDG_REJ_CLASS, "unknown GPU class \"B200\"");
    rejected(p, csv_rec(b, sizeof(b), "energy", "H100", T0, T1, "1", "mwh"),
             LDG_REJ_CLASS, "energy records carry no GPU class (got \"H100\")");
    rejected(p, csv_rec(b, sizeof(b), "gpu", "", T0, T1, "1", "gpu_hour"), LDG_REJ_CLASS,
             "gpu records need a GPU class");
    rejected(p, csv_rec(b, sizeof(b), "downtime", "", T0, T1, "1", "gpu_hour"),
             LDG_REJ_CLASS, "downtime records need a GPU class");
    release(p);
}

static void test_unit_must_fit_kind(void **state)
{
    ldg_usage_parser *p = csv_parser(HEADER);
    char b[512];

    (void)state;
    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "1", "mwh"), LDG_REJ_UNIT,
             "unit \"mwh\" does not fit kind gpu");
    rejected(p, csv_rec(b, sizeof(b), "downtime", "H100", T0, T1, "1", "kwh"),
             LDG_REJ_UNIT, "unit \"kwh\" does not fit kind downtime");
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "1", "gpu_hour"),
             LDG_REJ_UNIT, "unit \"gpu_hour\" does not fit kind energy");
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "1", "MWh"), LDG_REJ_UNIT,
             "unit \"MWh\" does not fit kind energy");
    rejected(p, csv_rec(b, sizeof(b), "gpu", "H100", T0, T1, "1", "gpu_hours"),
             LDG_REJ_UNIT, "unit \"gpu_hours\"");
    rejected(p, csv_rec(b, sizeof(b), "energy", "", T0, T1, "1", "wh"), LDG_REJ_UNIT,
             "unit \"wh\"");
    release(p);
}

/* NDJSON ----------------------------------------------------------------------------- */

static void test_ndjson_record_in_design_order(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    ldg_record u;

    (void)state;
    assert_int_equal(ldg_usage_parser_wants_header(p), 0);
    line_ok(p, JSON_GPU, &u);
    assert_string_equal(u.tenant, "anthropic");
    assert_string_equal(u.site, "colossus-1");
    assert_string_equal(u.meter, "pod-0001");
    assert_string_equal(u.event_id, "e1");
    assert_null(u.corrects);
    assert_int_equal(u.kind, LDG_KIND_GPU);
    assert_int_equal(u.cls, LDG_CLASS_H100);
    assert_int_equal(u.start, T0_SECS);
    assert_int_equal(u.end, T1_SECS);
    assert_int_equal(u.qty_micros, INT64_C(1000000000));
    release(p);
}

static void test_ndjson_keys_in_any_order(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    ldg_record u;

    (void)state;
    line_ok(p,
            "{\"event_id\":\"e2\",\"unit\":\"kwh\",\"quantity\":\"1.5\",\"end\":\"" T1
            "\",\"start\":\"" T0 "\",\"kind\":\"energy\",\"meter\":\"hall-A\","
            "\"site\":\"colossus-1\",\"tenant\":\"anthropic\"}",
            &u);
    assert_string_equal(u.tenant, "anthropic");
    assert_string_equal(u.meter, "hall-A");
    assert_string_equal(u.event_id, "e2");
    assert_int_equal(u.kind, LDG_KIND_ENERGY);
    assert_int_equal(u.cls, LDG_CLASS_NONE);
    assert_int_equal(u.qty_micros, 1500);
    assert_int_equal(u.start, T0_SECS);
    assert_int_equal(u.end, T1_SECS);

    /* whitespace between tokens and escapes in strings are JSON's business */
    line_ok(
        p,
        " { \"tenant\" : \"anthropic\", \"site\":\"colossus-1\", \"meter\":"
        "\"p\\u00e9\\\"1\", \"kind\":\"downtime\", \"class\":\"GB200\", \"start\":\"" T0
        "\", \"end\":\"" T1 "\", \"quantity\":\"8\", \"unit\":\"gpu_hour\", "
        "\"event_id\":\"d\\/1\", \"corrects\":null } ",
        &u);
    assert_string_equal(u.meter, "p\xc3\xa9\"1");
    assert_string_equal(u.event_id, "d/1");
    assert_null(u.corrects);
    assert_int_equal(u.kind, LDG_KIND_DOWNTIME);
    assert_int_equal(u.cls, LDG_CLASS_GB200);
    assert_int_equal(u.qty_micros, INT64_C(8000000));
    release(p);
}

static void test_ndjson_correction(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    ldg_record u;

    (void)state;
    line_ok(p,
            "{\"corrects\":\"e1\",\"tenant\":\"anthropic\",\"site\":\"colossus-1\","
            "\"meter\":\"pod-0001\",\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0
            "\",\"end\":\"" T1 "\",\"quantity\":\"-10.5\",\"unit\":\"gpu_hour\","
            "\"event_id\":\"e1-fix\"}",
            &u);
    assert_string_equal(u.corrects, "e1");
    assert_string_equal(u.event_id, "e1-fix");
    assert_int_equal(u.qty_micros, INT64_C(-10500000));

    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"-10.5\",\"unit\":\"gpu_hour\",\"event_id\":\"e1-fix\"}",
             LDG_REJ_NEGATIVE, "negative quantity \"-10.5\"");
    release(p);
}

static void test_ndjson_numbers_as_json_numbers_are_rejected(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);

    (void)state;
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":1000,\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_FIELD,
             "field \"quantity\" must be a string (numbers travel as decimal strings)");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":1.5,\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_FIELD, "field \"quantity\" must be a string");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":7,"
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_FIELD, "field \"meter\" must be a string");
    rejected(p,
             "{\"tenant\":null,\"site\":\"colossus-1\",\"meter\":\"m\",\"kind\":\"gpu\","
             "\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_FIELD, "field \"tenant\" must be a string");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\",\"kind\":"
             "\"gpu\",\"class\":[\"H100\"],\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_FIELD, "field \"class\" must be a string");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\",\"kind\":"
             "\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\","
             "\"corrects\":true}",
             LDG_REJ_FIELD, "field \"corrects\" must be a string");
    release(p);
}

static void test_ndjson_unknown_or_missing_key(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);

    (void)state;
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\","
             "\"colour\":\"red\"}",
             LDG_REJ_MALFORMED, "unknown key \"colour\"");
    rejected(p,
             "{\"Tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_MALFORMED, "unknown key \"Tenant\"");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-0001\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\"}",
             LDG_REJ_FIELD, "field \"event_id\" is empty");
    rejected(p, "{}", LDG_REJ_FIELD, "field \"tenant\" is empty");
    release(p);
}

static void test_ndjson_null_class(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    ldg_record u;

    (void)state;
    line_ok(p,
            "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"hall-A\","
            "\"kind\":\"energy\",\"class\":null,\"start\":\"" T0 "\",\"end\":\"" T1
            "\",\"quantity\":\"11.2\",\"unit\":\"mwh\",\"event_id\":\"h1\"}",
            &u);
    assert_int_equal(u.kind, LDG_KIND_ENERGY);
    assert_int_equal(u.cls, LDG_CLASS_NONE);
    assert_int_equal(u.qty_micros, INT64_C(11200000));
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"hall-A\","
             "\"kind\":\"energy\",\"class\":\"H200\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"11.2\",\"unit\":\"mwh\",\"event_id\":\"h1\"}",
             LDG_REJ_CLASS, "energy records carry no GPU class (got \"H200\")");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-1\","
             "\"kind\":\"gpu\",\"class\":null,\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"g1\"}",
             LDG_REJ_CLASS, "gpu records need a GPU class");
    release(p);
}

static void test_ndjson_not_an_object(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    ldg_record u;

    (void)state;
    rejected(p, "[1,2]", LDG_REJ_MALFORMED, "not a JSON object: another JSON value");
    rejected(p, "\"tenant\"", LDG_REJ_MALFORMED, "not a JSON object");
    rejected(p, "null", LDG_REJ_MALFORMED, "not a JSON object");
    rejected(p, "42", LDG_REJ_MALFORMED, "not a JSON object");
    rejected(p, HEADER, LDG_REJ_MALFORMED, "not a JSON object");
    rejected(p, "{\"tenant\":\"anthropic\"", LDG_REJ_MALFORMED, "not a JSON object");
    rejected(p, JSON_GPU " x", LDG_REJ_MALFORMED, "not a JSON object"); /* trailing */
    rejected(p, JSON_GPU JSON_GPU, LDG_REJ_MALFORMED, "not a JSON object");
    line_ok(p, JSON_GPU, &u); /* and goes on */
    release(p);
}

static void test_ndjson_duplicate_keys_are_rejected(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    ldg_error err;

    (void)state;
    err =
        rejected(p,
                 "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"pod-1\","
                 "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
                 "\",\"quantity\":\"1\",\"quantity\":\"1000\","
                 "\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
                 LDG_REJ_MALFORMED, "not a JSON object");
    expect_in_message(&err, "duplicate");
    release(p);
}

static void test_ndjson_encoding(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);
    static const char nul[] = "{\"tenant\":\"a\0\"}";

    (void)state;
    rejected_len(p, nul, sizeof(nul) - 1, LDG_REJ_ENCODING, "NUL");
    rejected(p,
             "{\"tenant\":\"anthropic\xff\",\"site\":\"colossus-1\",\"meter\":\"m\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_ENCODING, "invalid UTF-8");
    /* an escaped control character decodes into the field, which refuses it */
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\\u0007\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_ENCODING, "field \"meter\" holds a control character");
    /* an escaped NUL is refused by the JSON reader itself */
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\\u0000\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_MALFORMED, "not a JSON object");
    release(p);
}

static void test_ndjson_same_checks_as_csv(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_NDJSON);

    (void)state;
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1e9\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_NUMBER, "exponent not allowed");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T1 "\",\"end\":\"" T0
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_INTERVAL, "is not after start");
    rejected(
        p,
        "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\","
        "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"2026-11-10T00:00:00-05:00\","
        "\"end\":\"" T1 "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\","
        "\"event_id\":\"e1\"}",
        LDG_REJ_TIME, "has an offset");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\","
             "\"kind\":\"power\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_KIND, "unknown kind \"power\"");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"1\",\"unit\":\"mwh\",\"event_id\":\"e1\"}",
             LDG_REJ_UNIT, "unit \"mwh\" does not fit kind gpu");
    rejected(p,
             "{\"tenant\":\"anthropic\",\"site\":\"colossus-1\",\"meter\":\"m\","
             "\"kind\":\"gpu\",\"class\":\"H100\",\"start\":\"" T0 "\",\"end\":\"" T1
             "\",\"quantity\":\"\",\"unit\":\"gpu_hour\",\"event_id\":\"e1\"}",
             LDG_REJ_FIELD, "field \"quantity\" is empty");
    release(p);
}

/* AUTO format detection -------------------------------------------------------------- */

static void test_auto_detects_ndjson(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_AUTO);
    ldg_record u;

    (void)state;
    assert_int_equal(ldg_usage_parser_format(p), LDG_FORMAT_AUTO);
    assert_int_equal(ldg_usage_parser_wants_header(p), 1); /* format undecided */
    line_ok(p, JSON_GPU, &u); /* the first line is already a record */
    assert_int_equal(ldg_usage_parser_format(p), LDG_FORMAT_NDJSON);
    assert_int_equal(ldg_usage_parser_wants_header(p), 0);
    assert_int_equal(u.qty_micros, INT64_C(1000000000));
    release(p);

    p = parser_new(LDG_FORMAT_AUTO);
    line_ok(p, " \t" JSON_GPU, &u); /* leading blanks do not hide the brace */
    assert_int_equal(ldg_usage_parser_format(p), LDG_FORMAT_NDJSON);
    release(p);
}

static void test_auto_detects_csv(void **state)
{
    ldg_usage_parser *p = parser_new(LDG_FORMAT_AUTO);
    ldg_record u;
    ldg_error err;
    ldg_reject_reason reason;
    int have = -1;

    (void)state;
    header_ok(p, HEADER);
    assert_int_equal(ldg_usage_parser_format(p), LDG_FORMAT_CSV);
    line_ok(p, GPU_LINE, &u);
    assert_int_equal(u.qty_micros, INT64_C(1000000000));
    /* decided once: a JSON line in a CSV file is a malformed CSV line */
    rejected(p, JSON_GPU, LDG_REJ_MALFORMED, "bad quoting");
    release(p);

    /* a record line where the header should be is refused as a header */
    p = parser_new(LDG_FORMAT_AUTO);
    ldg_error_clear(&err);
    reason = LDG_REJ_COUNT;
    assert_int_equal(
        ldg_usage_parser_line(p, GPU_LINE, strlen(GPU_LINE), &u, &have, &reason, &err),
        LDG_EINVAL);
    assert_int_equal(reason, LDG_REJ_NONE);
    assert_int_equal(have, 0);
    assert_int_equal(ldg_usage_parser_format(p), LDG_FORMAT_CSV);
    assert_int_equal(ldg_usage_parser_wants_header(p), 1);
    expect_in_message(&err, "unknown column \"anthropic\"");
    release(p);
}

#define T(fn) cmocka_unit_test_teardown(fn, release_all)

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: its peak-RSS check must not be hidden by an earlier test's peak */
        T(test_reader_10mb_line_is_too_long_and_skipped_in_constant_memory),
        T(test_reader_lf_and_crlf_terminators),
        T(test_reader_only_one_cr_is_stripped_and_lone_cr_is_data),
        T(test_reader_last_line_without_newline),
        T(test_reader_empty_file),
        T(test_reader_empty_lines_are_returned),
        T(test_reader_nul_bytes_are_passed_through),
        T(test_reader_line_max_boundary),
        T(test_reader_line_max_with_crlf_is_not_too_long),
        T(test_reader_too_long_last_line_without_newline),
        T(test_reader_lines_across_block_boundaries),
        T(test_reader_read_error_is_eio),
        T(test_reader_free_null),
        T(test_text_is_clean),
        T(test_usage_record_ok),
        T(test_reject_reason_names),
        T(test_csv_design_examples_are_accepted),
        T(test_csv_all_classes_and_six_decimals),
        T(test_csv_header_in_another_column_order),
        T(test_csv_header_quoted_names_are_accepted),
        T(test_csv_header_unknown_column_is_fatal),
        T(test_csv_header_duplicate_column_is_fatal),
        T(test_csv_header_missing_column_is_fatal),
        T(test_csv_header_too_many_columns_is_fatal),
        T(test_csv_header_bad_quoting_or_encoding_is_fatal),
        T(test_csv_header_refused_then_good_header),
        T(test_csv_optional_corrects_column),
        T(test_csv_extra_or_missing_fields),
        T(test_csv_rfc4180_quoting),
        T(test_csv_nul_and_invalid_utf8_are_encoding),
        T(test_csv_field_length_limit),
        T(test_csv_required_fields_must_not_be_empty),
        T(test_quantity_malformed_numbers),
        T(test_quantity_out_of_range),
        T(test_quantity_negative_needs_a_correction),
        T(test_quantity_kwh_is_converted_to_mwh),
        T(test_timestamps_must_be_utc),
        T(test_interval_end_must_be_after_start),
        T(test_kind_must_be_known),
        T(test_class_rules),
        T(test_unit_must_fit_kind),
        T(test_ndjson_record_in_design_order),
        T(test_ndjson_keys_in_any_order),
        T(test_ndjson_correction),
        T(test_ndjson_numbers_as_json_numbers_are_rejected),
        T(test_ndjson_unknown_or_missing_key),
        T(test_ndjson_null_class),
        T(test_ndjson_not_an_object),
        T(test_ndjson_duplicate_keys_are_rejected),
        T(test_ndjson_encoding),
        T(test_ndjson_same_checks_as_csv),
        T(test_auto_detects_ndjson),
        T(test_auto_detects_csv),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
