/*
 * Usage file parsing. The line reader owns one buffer of LDG_LINE_MAX + 1 bytes and a
 * read-ahead block; a line that outgrows the buffer is drained to its newline and
 * reported as too long, so memory is constant whatever the file holds. CSV follows RFC
 * 4180 within one line (quoted fields, "" for a quote); a record never spans lines.
 */
#include "ledger/usage_parse.h"

#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/text.h"
#include "ledger/time.h"

#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_BLOCK (256 * 1024)

/* Line reader ------------------------------------------------------------------------ */

struct ldg_line_reader {
    FILE *f;
    char *block; /* read-ahead */
    size_t bpos, blen;
    int eof;
    char *line; /* current line, LDG_LINE_MAX + 1 */
    int64_t lineno;
    int64_t offset;
    int64_t line_start, line_len; /* span of the last line returned */
};

ldg_code ldg_line_reader_new(ldg_line_reader **out, FILE *f, ldg_error *err)
{
    ldg_line_reader *r = calloc(1, sizeof(*r));

    *out = NULL;
    if (r) {
        r->block = malloc(READ_BLOCK);
        r->line = malloc(LDG_LINE_MAX + 2); /* a '\r' before the '\n', and a NUL */
    }
    if (!r || !r->block || !r->line) {
        ldg_line_reader_free(r);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    r->f = f;
    *out = r;
    return LDG_OK;
}

void ldg_line_reader_free(ldg_line_reader *r)
{
    if (!r)
        return;
    free(r->block);
    free(r->line);
    free(r);
}

void ldg_line_reader_span(const ldg_line_reader *r, int64_t *offset, int64_t *len)
{
    *offset = r->line_start;
    *len = r->line_len;
}

int64_t ldg_line_reader_offset(const ldg_line_reader *r)
{
    return r->offset;
}

/* Refills the block; 0 at EOF, -1 on error. */
static int refill(ldg_line_reader *r, ldg_error *err)
{
    if (r->eof)
        return 0;
    r->blen = fread(r->block, 1, READ_BLOCK, r->f);
    r->bpos = 0;
    if (r->blen == 0) {
        if (ferror(r->f)) {
            ldg_error_set(err, LDG_EIO, "could not read input: %s", strerror(errno));
            return -1;
        }
        r->eof = 1;
        return 0;
    }
    return 1;
}

int ldg_line_reader_next(ldg_line_reader *r, const char **line, size_t *len,
                         int64_t *lineno, int *too_long, ldg_error *err)
{
    size_t n = 0;
    int got_any = 0;
    int64_t start = r->offset;
    int saw_nl = 0;

    *too_long = 0;
    for (;;) {
        char *nl;
        size_t avail, take;

        if (r->bpos == r->blen) {
            int rr = refill(r, err);
            if (rr < 0)
                return -1;
            if (rr == 0) {
                if (!got_any)
                    return 0;
                break; /* last line without a newline */
            }
        }
        got_any = 1;
        avail = r->blen - r->bpos;
        nl = memchr(r->block + r->bpos, '\n', avail);
        take = nl ? (size_t)(nl - (r->block + r->bpos)) : avail;
        if (!*too_long && n + take <= LDG_LINE_MAX + 1) {
            memcpy(r->line + n, r->block + r->bpos, take);
            n += take;
        } else {
            *too_long = 1; /* keep draining to the newline, holding nothing */
        }
        r->bpos += take + (nl ? 1 : 0);
        r->offset += (int64_t)(take + (nl ? 1 : 0));
        if (nl) {
            saw_nl = 1;
            break;
        }
    }
    r->lineno++;
    r->line_start = start;
    r->line_len = r->offset - start;
    if (saw_nl)
        r->line_len--; /* the terminator is not part of the line */
    if (!*too_long && n > 0 && r->line[n - 1] == '\r')
        n--;
    if (n > LDG_LINE_MAX)
        *too_long = 1; /* LDG_LINE_MAX + 1 bytes without a '\r' to drop */
    if (*too_long)
        n = 0;
    r->line[n] = '\0';
    *line = r->line;
    *len = n;
    *lineno = r->lineno;
    return 1;
}

static const char *const reason_names[LDG_REJ_COUNT] = {
    [LDG_REJ_NONE] = "none",
    [LDG_REJ_TOO_LONG] = "line too long",
    [LDG_REJ_ENCODING] = "invalid encoding",
    [LDG_REJ_MALFORMED] = "malformed line",
    [LDG_REJ_FIELD] = "bad field",
    [LDG_REJ_NUMBER] = "malformed quantity",
    [LDG_REJ_TIME] = "malformed timestamp",
    [LDG_REJ_INTERVAL] = "end not after start",
    [LDG_REJ_KIND] = "unknown kind",
    [LDG_REJ_CLASS] = "unknown or misplaced class",
    [LDG_REJ_UNIT] = "wrong unit",
    [LDG_REJ_NEGATIVE] = "negative quantity",
    [LDG_REJ_TENANT] = "unknown tenant",
    [LDG_REJ_SITE] = "unknown or wrong site",
    [LDG_REJ_CONTRACT] = "outside every contract",
    [LDG_REJ_CAPACITY] = "physically impossible",
    [LDG_REJ_CONFLICT] = "event_id conflict",
    [LDG_REJ_CORRECTION] = "bad correction",
    [LDG_REJ_METER] = "meter not in the inventory",
};

const char *ldg_reject_reason_name(ldg_reject_reason r)
{
    return r < LDG_REJ_COUNT ? reason_names[r] : "unknown";
}

/* Record parser ---------------------------------------------------------------------- */

enum col {
    COL_TENANT,
    COL_SITE,
    COL_METER,
    COL_KIND,
    COL_CLASS,
    COL_START,
    COL_END,
    COL_QUANTITY,
    COL_UNIT,
    COL_EVENT_ID,
    COL_CORRECTS,
    COL_COUNT
};

static const char *const col_names[COL_COUNT] = { "tenant",   "site",     "meter",
                                                  "kind",     "class",    "start",
                                                  "end",      "quantity", "unit",
                                                  "event_id", "corrects" };

struct ldg_usage_parser {
    ldg_usage_format fmt;
    int have_header;
    int ncols;             /* CSV columns in the header */
    int col_of[COL_COUNT]; /* header position of each column, -1 if absent */
    int pos_col[COL_COUNT];
    char *scratch; /* unquoted field text, LDG_LINE_MAX + COL_COUNT */
    const char *field[COL_COUNT];
    size_t flen[COL_COUNT];
    json_t *json; /* NDJSON: the current line's object */
};

ldg_code ldg_usage_parser_new(ldg_usage_parser **out, ldg_usage_format fmt,
                              ldg_error *err)
{
    ldg_usage_parser *p = calloc(1, sizeof(*p));

    *out = NULL;
    if (p)
        p->scratch = malloc(LDG_LINE_MAX + COL_COUNT + 1);
    if (!p || !p->scratch) {
        ldg_usage_parser_free(p);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    p->fmt = fmt;
    *out = p;
    return LDG_OK;
}

void ldg_usage_parser_free(ldg_usage_parser *p)
{
    if (!p)
        return;
    json_decref(p->json);
    free(p->scratch);
    free(p);
}

int ldg_usage_parser_wants_header(const ldg_usage_parser *p)
{
    return p->fmt != LDG_FORMAT_NDJSON && !p->have_header;
}

ldg_usage_format ldg_usage_parser_format(const ldg_usage_parser *p)
{
    return p->fmt;
}

/* Splits one CSV line into fields written NUL-terminated into scratch. Returns the
 * number of fields, or -1 on bad quoting. */
static int csv_split(ldg_usage_parser *p, const char *line, size_t len,
                     const char **fields, size_t *lens, int max)
{
    char *w = p->scratch;
    size_t i = 0;
    int n = 0;

    for (;;) {
        char *start = w;
        if (n == max)
            return max + 1; /* too many: the caller reports the count mismatch */
        if (i < len && line[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return -1; /* unterminated */
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        *w++ = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                *w++ = line[i++];
            }
            if (i < len && line[i] != ',')
                return -1; /* text after the closing quote */
        } else {
            while (i < len && line[i] != ',') {
                if (line[i] == '"')
                    return -1; /* quote inside an unquoted field */
                *w++ = line[i++];
            }
        }
        fields[n] = start;
        lens[n] = (size_t)(w - start);
        *w++ = '\0';
        n++;
        if (i >= len)
            return n;
        i++; /* the comma */
        if (i == len) {
            /* a trailing comma is one more, empty field */
            fields[n] = w;
            lens[n] = 0;
            *w++ = '\0';
            return n + 1;
        }
    }
}

static ldg_code take_header(ldg_usage_parser *p, const char *line, size_t len,
                            ldg_error *err)
{
    const char *f[COL_COUNT + 1];
    size_t l[COL_COUNT + 1];
    char buf[LDG_QUOTE_BUFLEN];
    int n = csv_split(p, line, len, f, l, COL_COUNT);

    if (n < 0)
        return ldg_error_set(err, LDG_EINVAL, "malformed header: bad quoting");
    if (n > COL_COUNT)
        return ldg_error_set(err, LDG_EINVAL, "malformed header: more than %d columns",
                             COL_COUNT);
    for (int c = 0; c < COL_COUNT; c++)
        p->col_of[c] = -1;
    for (int i = 0; i < n; i++) {
        int c;
        for (c = 0; c < COL_COUNT; c++)
            if (strlen(col_names[c]) == l[i] && memcmp(col_names[c], f[i], l[i]) == 0)
                break;
        if (c == COL_COUNT)
            return ldg_error_set(err, LDG_EINVAL, "header has unknown column %s",
                                 ldg_text_quote(buf, f[i], l[i]));
        if (p->col_of[c] >= 0)
            return ldg_error_set(err, LDG_EINVAL, "header names column \"%s\" twice",
                                 col_names[c]);
        p->col_of[c] = i;
        p->pos_col[i] = c;
    }
    for (int c = 0; c < COL_EVENT_ID + 1; c++)
        if (p->col_of[c] < 0)
            return ldg_error_set(err, LDG_EINVAL, "header lacks column \"%s\"",
                                 col_names[c]);
    p->ncols = n;
    p->have_header = 1;
    return LDG_OK;
}

static ldg_code reject(ldg_reject_reason *reason, ldg_reject_reason r, ldg_error *err,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static ldg_code reject(ldg_reject_reason *reason, ldg_reject_reason r, ldg_error *err,
                       const char *fmt, ...)
{
    char msg[sizeof(err->message)];
    va_list ap;

    *reason = r;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ldg_error_set(err, LDG_EINVAL, "%s", msg);
}

static ldg_code csv_fields(ldg_usage_parser *p, const char *line, size_t len,
                           ldg_reject_reason *reason, ldg_error *err)
{
    const char *f[COL_COUNT + 1];
    size_t l[COL_COUNT + 1];
    int n = csv_split(p, line, len, f, l, p->ncols);

    if (n < 0)
        return reject(reason, LDG_REJ_MALFORMED, err, "%s%s",
                      "malformed CSV: bad quoting", "");
    if (n != p->ncols) {
        *reason = LDG_REJ_MALFORMED;
        return ldg_error_set(
            err, LDG_EINVAL, "expected %d fields as in the header, found %s%d", p->ncols,
            n > p->ncols ? "more than " : "", n > p->ncols ? p->ncols : n);
    }
    for (int c = 0; c < COL_COUNT; c++) {
        p->field[c] = NULL;
        p->flen[c] = 0;
    }
    for (int i = 0; i < n; i++) {
        p->field[p->pos_col[i]] = f[i];
        p->flen[p->pos_col[i]] = l[i];
    }
    return LDG_OK;
}

static ldg_code json_fields(ldg_usage_parser *p, const char *line, size_t len,
                            ldg_reject_reason *reason, ldg_error *err)
{
    json_error_t jerr;
    const char *key;
    json_t *v;
    char buf[LDG_QUOTE_BUFLEN];

    json_decref(p->json);
    p->json = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!p->json || !json_is_object(p->json)) {
        *reason = LDG_REJ_MALFORMED;
        return ldg_error_set(err, LDG_EINVAL, "not a JSON object: %s",
                             p->json ? "another JSON value" : jerr.text);
    }
    for (int c = 0; c < COL_COUNT; c++) {
        p->field[c] = NULL;
        p->flen[c] = 0;
    }
    json_object_foreach(p->json, key, v)
    {
        int c;
        for (c = 0; c < COL_COUNT; c++)
            if (strcmp(col_names[c], key) == 0)
                break;
        if (c == COL_COUNT)
            return reject(reason, LDG_REJ_MALFORMED, err, "unknown key %s%s",
                          ldg_text_quote(buf, key, strlen(key)), "");
        if (json_is_null(v) && (c == COL_CLASS || c == COL_CORRECTS))
            continue;
        if (!json_is_string(v))
            return reject(
                reason, LDG_REJ_FIELD, err,
                "field \"%s\" must be a string%s (numbers travel as decimal strings)",
                col_names[c], "");
        p->field[c] = json_string_value(v);
        p->flen[c] = json_string_length(v);
    }
    return LDG_OK;
}

/* A string field: present (when required), clean, not too long. */
static ldg_code text_field(ldg_usage_parser *p, int c, int required,
                           ldg_reject_reason *reason, ldg_error *err)
{
    if (!p->field[c] || p->flen[c] == 0) {
        if (required)
            return reject(reason, LDG_REJ_FIELD, err, "field \"%s\" is empty%s",
                          col_names[c], "");
        p->field[c] = NULL;
        return LDG_OK;
    }
    if (p->flen[c] > LDG_FIELD_MAX)
        return reject(reason, LDG_REJ_FIELD, err,
                      "field \"%s\" is longer than 256 bytes%s", col_names[c], "");
    if (!ldg_text_is_clean(p->field[c], p->flen[c]))
        return reject(reason, LDG_REJ_ENCODING, err,
                      "field \"%s\" holds a control character or invalid UTF-8%s",
                      col_names[c], "");
    return LDG_OK;
}

/* A string field as the parser returns it: absent only when optional, else clean and
 * 1..LDG_FIELD_MAX bytes. */
static int field_ok(const char *s, int required)
{
    size_t n;

    if (!s)
        return !required;
    n = strlen(s);
    return n > 0 && n <= LDG_FIELD_MAX && ldg_text_is_clean(s, n);
}

int ldg_usage_record_ok(const ldg_record *u)
{
    return field_ok(u->tenant, 1) && field_ok(u->site, 1) && field_ok(u->meter, 1) &&
           field_ok(u->event_id, 1) && field_ok(u->corrects, 0) &&
           ldg_kind_name(u->kind) != NULL &&
           (u->kind == LDG_KIND_ENERGY ? u->cls == LDG_CLASS_NONE
                                       : ldg_class_name(u->cls) != NULL) &&
           u->end > u->start && (u->qty_micros >= 0 || u->corrects != NULL);
}

static ldg_code interpret(ldg_usage_parser *p, ldg_record *u, ldg_reject_reason *reason,
                          ldg_error *err)
{
    static const int texts[] = { COL_TENANT,   COL_SITE,  COL_METER,
                                 COL_KIND,     COL_START, COL_END,
                                 COL_QUANTITY, COL_UNIT,  COL_EVENT_ID };
    char buf[LDG_QUOTE_BUFLEN], known[LDG_GPU_CLASS_LIST_BUFLEN];
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < sizeof(texts) / sizeof(texts[0]); i++)
        rc = text_field(p, texts[i], 1, reason, err);
    if (rc == LDG_OK)
        rc = text_field(p, COL_CLASS, 0, reason, err);
    if (rc == LDG_OK)
        rc = text_field(p, COL_CORRECTS, 0, reason, err);
    if (rc != LDG_OK)
        return rc;

    memset(u, 0, sizeof(*u));
    u->tenant = p->field[COL_TENANT];
    u->site = p->field[COL_SITE];
    u->meter = p->field[COL_METER];
    u->event_id = p->field[COL_EVENT_ID];
    u->corrects = p->field[COL_CORRECTS];
    u->kind = ldg_kind_parse(p->field[COL_KIND], p->flen[COL_KIND]);
    if (!u->kind)
        return reject(reason, LDG_REJ_KIND, err,
                      "unknown kind %s%s: expected gpu, energy, downtime or maintenance",
                      ldg_text_quote(buf, p->field[COL_KIND], p->flen[COL_KIND]), "");
    if (u->kind == LDG_KIND_ENERGY) {
        if (p->field[COL_CLASS])
            return reject(reason, LDG_REJ_CLASS, err,
                          "energy records carry no GPU class (got %s)%s",
                          ldg_text_quote(buf, p->field[COL_CLASS], p->flen[COL_CLASS]),
                          "");
    } else {
        if (!p->field[COL_CLASS])
            return reject(reason, LDG_REJ_CLASS, err, "%s records need a GPU class%s",
                          ldg_kind_name(u->kind), "");
        u->cls = ldg_class_parse(p->field[COL_CLASS], p->flen[COL_CLASS]);
        if (u->cls == LDG_CLASS_NONE)
            return reject(reason, LDG_REJ_CLASS, err,
                          "unknown GPU class %s%s: expected %s",
                          ldg_text_quote(buf, p->field[COL_CLASS], p->flen[COL_CLASS]),
                          "", ldg_gpu_class_list(known, sizeof(known)));
    }
    if (ldg_time_parse(&u->start, p->field[COL_START], p->flen[COL_START], err) !=
        LDG_OK) {
        *reason = LDG_REJ_TIME;
        ldg_error_where(err, "field \"start\"");
        return LDG_EINVAL;
    }
    if (ldg_time_parse(&u->end, p->field[COL_END], p->flen[COL_END], err) != LDG_OK) {
        *reason = LDG_REJ_TIME;
        ldg_error_where(err, "field \"end\"");
        return LDG_EINVAL;
    }
    if (u->end <= u->start)
        return reject(reason, LDG_REJ_INTERVAL, err, "end %s is not after start %s",
                      p->field[COL_END], p->field[COL_START]);
    if (ldg_fixed_parse(&u->qty_micros, p->field[COL_QUANTITY], p->flen[COL_QUANTITY],
                        err) != LDG_OK) {
        *reason = LDG_REJ_NUMBER;
        return LDG_EINVAL;
    }
    {
        const char *unit = p->field[COL_UNIT];
        size_t ulen = p->flen[COL_UNIT];
        int is_kwh = ulen == 3 && memcmp(unit, "kwh", 3) == 0;
        int ok = u->kind == LDG_KIND_ENERGY
                     ? (is_kwh || (ulen == 3 && memcmp(unit, "mwh", 3) == 0))
                     : (ulen == 8 && memcmp(unit, "gpu_hour", 8) == 0);
        if (!ok)
            return reject(reason, LDG_REJ_UNIT, err, "unit %s does not fit kind %s",
                          ldg_text_quote(buf, unit, ulen), ldg_kind_name(u->kind));
        if (is_kwh) {
            /* 1 kWh = 0.001 MWh; micro-MWh is 1 Wh, so finer kWh cannot be kept exactly
             */
            if (u->qty_micros % 1000 != 0)
                return reject(
                    reason, LDG_REJ_NUMBER, err, "quantity %s kwh is finer than 1 Wh%s",
                    ldg_text_quote(buf, p->field[COL_QUANTITY], p->flen[COL_QUANTITY]),
                    "");
            u->qty_micros /= 1000;
        }
    }
    if (u->qty_micros < 0 && !u->corrects)
        return reject(reason, LDG_REJ_NEGATIVE, err,
                      "negative quantity %s%s is allowed only in a correction",
                      ldg_text_quote(buf, p->field[COL_QUANTITY], p->flen[COL_QUANTITY]),
                      "");
    return LDG_OK;
}

ldg_code ldg_usage_parser_line(ldg_usage_parser *p, const char *line, size_t len,
                               ldg_record *out, int *have_record,
                               ldg_reject_reason *reason, ldg_error *err)
{
    ldg_code rc;

    *have_record = 0;
    *reason = LDG_REJ_NONE;
    if (len > LDG_LINE_MAX) { /* the scratch buffer holds at most one line's worth */
        *reason = LDG_REJ_TOO_LONG;
        return ldg_error_set(err, LDG_EINVAL, "line is longer than %d bytes",
                             LDG_LINE_MAX);
    }
    if (!p->have_header && p->fmt != LDG_FORMAT_NDJSON && len >= 3 &&
        memcmp(line, "\xef\xbb\xbf", 3) == 0) {
        line += 3; /* a UTF-8 byte-order mark, as spreadsheet exports write */
        len -= 3;
    }
    if (p->fmt == LDG_FORMAT_AUTO) {
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        p->fmt = i < len && line[i] == '{' ? LDG_FORMAT_NDJSON : LDG_FORMAT_CSV;
    }
    if (!ldg_text_is_utf8(line, len, 1)) {
        if (ldg_usage_parser_wants_header(p))
            return ldg_error_set(
                err, LDG_EINVAL,
                "header holds a NUL, control character or invalid UTF-8");
        *reason = LDG_REJ_ENCODING;
        return ldg_error_set(err, LDG_EINVAL,
                             "line holds a NUL, control character or invalid UTF-8");
    }
    if (ldg_usage_parser_wants_header(p))
        return take_header(p, line, len, err);
    rc = p->fmt == LDG_FORMAT_CSV ? csv_fields(p, line, len, reason, err)
                                  : json_fields(p, line, len, reason, err);
    if (rc == LDG_OK)
        rc = interpret(p, out, reason, err);
    if (rc == LDG_OK) {
        assert(ldg_usage_record_ok(out)); /* hostile bytes in, a trusted record out */
        *have_record = 1;
    }
    return rc;
}
