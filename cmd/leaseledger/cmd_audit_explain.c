/*
 * leaseledger audit explain | records: why an invoice line is what it is, and the usage
 * records behind it with their seq, leaf hash and corrections (cmd_audit.h).
 */
#include "cmd/leaseledger/cmd.h"
#include "cmd/leaseledger/cmd_audit.h"
#include "ledger/buf.h"
#include "ledger/entry.h"
#include "ledger/explain.h"
#include "ledger/fixed.h"
#include "ledger/gpu_class.h"
#include "ledger/merkle.h"
#include "ledger/store/audit_query.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* explain --------------------------------------------------------------------------- */

static void explain_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger audit explain NUMBER [--line K] [--tenant T]\n"
        "                                 [--format text|json]\n\n"
        "Explains each line of an issued invoice or credit note (or line K): the\n"
        "contract terms in force and the log entries (seq) that set them, the window,\n"
        "the reserved and used quantities and how they were summed (records, meters,\n"
        "hours, first and last seq of the usage entries the document was rated from:\n"
        "seq below its rated_from size), the rate and its escalation steps, the exact\n"
        "product and the one rounding applied. The period is re-rated from those sums\n"
        "with the billing code and each line is said to be reproduced or not. For a\n"
        "supplementary invoice or credit note, each line is explained as the re-rated\n"
        "line minus what the earlier documents issued under its key.\n\n"
        "  NUMBER            the document, e.g. C1-2026-000001 (the older spelling\n"
        "                    --invoice NUMBER is still accepted)\n"
        "  --line K          only line K (1 is the first)\n"
        "  --tenant T        the tenant, when the number exists for several\n"
        "  --format F        text (default) or json\n"
        "  --db CONNINFO     database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help        this help\n\n"
        "Exit status: 0 explained, every line reproduced; 1 unknown document, or a line\n"
        "the log does not reproduce (explained all the same); 64 usage; 65 bad data.\n");
}

/* K of --line: 1..2^31; 0 when not a positive integer. */
static size_t parse_line(const char *text)
{
    size_t v = 0;

    if (!text || !*text || strlen(text) > 9)
        return 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (size_t)(*p - '0');
    }
    return v;
}

int cmd_audit_explain(int argc, char **argv)
{
    const char *db = NULL, *invoice = NULL, *line_text = NULL, *tenant = NULL;
    const char *format = "text";
    json_t *out = NULL;
    ldg_buf text = { 0 };
    ldg_store *st;
    ldg_error err;
    size_t line = 0;
    int code, fmt;
    const cmd_opt opts[] = { CMD_TEXT("db", db), CMD_TEXT("invoice", invoice),
                             CMD_TEXT("line", line_text), CMD_TEXT("tenant", tenant),
                             CMD_TEXT("format", format) };

    if ((code = cmd_options(argc, argv, "audit explain", explain_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind < argc && !invoice)
        invoice = argv[optind++];
    if (optind < argc)
        return cmd_usage_error("audit explain", "unexpected argument \"%s\"",
                               argv[optind]);
    if (!invoice || !*invoice)
        return cmd_usage_error("audit explain", "the invoice NUMBER is required");
    if (line_text && (line = parse_line(line_text)) == 0)
        return cmd_usage_error("audit explain",
                               "--line must be a line number (1, 2, ...), not \"%s\"",
                               line_text);
    fmt = cmd_parse_format(format, "text,json");
    if (fmt < 0)
        return cmd_usage_error("audit explain", "--format must be text or json");
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    ldg_error_clear(&err);
    /* least privilege: reading needs no more than the reader role */
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
        ldg_audit_explain(&out, st, tenant, invoice, line, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else if (fmt == CMD_FMT_JSON) {
        if (json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
            putchar('\n') == EOF)
            code = LDG_EXIT_IOERR;
    } else if (ldg_explain_text(&text, out, &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else if (fputs(text.data, stdout) == EOF) {
        code = LDG_EXIT_IOERR;
    }
    if (code == LDG_EXIT_OK && fflush(stdout) != 0)
        code = LDG_EXIT_IOERR;
    if (code == LDG_EXIT_OK && !json_is_true(json_object_get(out, "matches"))) {
        code = cmd_failf(LDG_EXIT_REFUSED,
                         "the log does not reproduce every line of \"%s\"\n"
                         "HINT: the lines that differ say so; run 'leaseledger verify'",
                         invoice);
    }
    ldg_buf_cleanup(&text);
    json_decref(out);
    ldg_store_close(st);
    return code;
}

/* records --------------------------------------------------------------------------- */

static void records_usage(FILE *out)
{
    fprintf(
        out,
        "Usage: leaseledger audit records --tenant T [--from TIME] [--to TIME]\n"
        "                                 [--meter M] [--kind K] [--class C]\n"
        "                                 [--from-seq N] [--to-seq N]\n"
        "                                 [--format table|json|csv|ndjson]\n"
        "       leaseledger audit records --invoice NUMBER [--line K] [--tenant T] "
        "...\n\n"
        "The tenant's usage records in seq order, each with its leaf hash (SHA-256 of\n"
        "0x00 and the entry's canonical bytes, rebuilt from the stored record: the\n"
        "value the signed tree holds for that seq, base64) and whether it was\n"
        "corrected (the later corrections that name it). Records overlapping\n"
        "[FROM, TO) when given. Streams: any range runs in bounded memory.\n\n"
        "With --invoice, the records the document was rated from, as its bundle's\n"
        "basis selects them: seq below its rated_from size, at its contract's site,\n"
        "overlapping its period and the contract's term; with --line K, only those of\n"
        "line K's kind and class in its window (an sla_credit line: downtime records;\n"
        "a commitment_true_up line: GPU records of every class). Filters combine.\n\n"
        "  --tenant T         the tenant (required without --invoice)\n"
        "  --invoice NUMBER   the records behind an issued document\n"
        "  --line K           with --invoice: behind its line K (1 is the first)\n"
        "  --from TIME        records ending after TIME (RFC 3339 UTC)\n"
        "  --to TIME          records starting before TIME\n"
        "  --meter M          one meter\n"
        "  --kind K           gpu, energy, downtime or maintenance\n"
        "  --class C          a GPU class: H100, H200, GB200 or one a site declares\n"
        "  --from-seq N       records with seq N or above\n"
        "  --to-seq N         records with seq N or below\n"
        "  --format F         table (default; columns as wide as the data), json (an\n"
        "                     array of the objects ndjson prints, streamed), csv, or\n"
        "                     ndjson (one JSON object per line, with the canonical\n"
        "                     entry)\n"
        "  --db CONNINFO      database (else DATABASE_URL, else PG* variables)\n"
        "  -h, --help         this help\n\n"
        "Exit status: 0 listed (also when none match); 1 unknown tenant or invoice;\n"
        "64 usage; 65 a line beyond the document, or one no usage is behind\n"
        "(power_capacity).\n");
}

typedef enum rfmt { RF_TABLE, RF_CSV, RF_NDJSON, RF_JSON } rfmt;

typedef struct rout {
    rfmt fmt;
    int header_done;
    int64_t printed;    /* records printed so far (json: a comma before all but one) */
    int failed;         /* a write to stdout failed */
    ldg_audit_widths w; /* table: the widest value of each column, header included */
} rout;

/* The table's widths: each column as wide as its widest value or its heading. */
static void table_widths(ldg_audit_widths *w)
{
    w->event_id = w->event_id < 8 ? 8 : w->event_id;
    w->meter = w->meter < 5 ? 5 : w->meter;
    w->corrects = w->corrects < 8 ? 8 : w->corrects;
    w->corrected_by = w->corrected_by < 12 ? 12 : w->corrected_by;
}

/* The header, once, before the first record (or after none): an unknown tenant prints
 * nothing to standard output. */
static void print_header(rout *o)
{
    if (o->header_done)
        return;
    o->header_done = 1;
    table_widths(&o->w);
    if (o->fmt == RF_TABLE)
        printf("%10s  %-*s %-*s %-8s %-5s %-20s  %-20s %18s %-8s %-*s %-*s %s\n", "SEQ",
               o->w.event_id, "EVENT_ID", o->w.meter, "METER", "KIND", "CLASS", "START",
               "END", "QUANTITY", "UNIT", o->w.corrects, "CORRECTS", o->w.corrected_by,
               "CORRECTED_BY", "LEAF_HASH");
    else if (o->fmt == RF_CSV)
        printf("seq,event_id,site,meter,kind,class,start,end,quantity,unit,corrects,"
               "corrected,corrected_by,leaf_hash\n");
    else if (o->fmt == RF_JSON)
        putchar('[');
}

/* *out = the ndjson/json object of one record: seq, event_id, leaf_hash, corrected,
 * corrected_by (array) and the entry parsed back from its canonical bytes. */
static ldg_code record_json(json_t **out, const ldg_audit_record *a, const char *leaf,
                            ldg_error *err)
{
    json_t *o = json_object(), *by = json_array(), *entry;
    json_error_t jerr;

    if (!o || !by) {
        json_decref(o);
        json_decref(by);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    json_object_set_new(o, "seq", json_integer((json_int_t)a->seq));
    json_object_set_new(o, "event_id", json_string(a->rec.event_id));
    json_object_set_new(o, "leaf_hash", json_string(leaf));
    json_object_set_new(o, "corrected", json_boolean(a->corrected_by != NULL));
    for (const char *p = a->corrected_by; p && *p;) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        json_array_append_new(by, json_stringn(p, n));
        p += n + (sp ? 1 : 0);
    }
    json_object_set_new(o, "corrected_by", by);
    entry = json_loadb(a->bytes->data, a->bytes->len, 0, &jerr);
    if (!entry) {
        json_decref(o);
        return ldg_error_set(err, LDG_EINTERNAL, "canonical entry is not JSON: %s",
                             jerr.text);
    }
    json_object_set_new(o, "entry", entry);
    *out = o;
    return LDG_OK;
}

static ldg_code print_record(void *ctx, const ldg_audit_record *a, ldg_error *err)
{
    rout *o = ctx;
    char start[LDG_TIME_BUFLEN], end[LDG_TIME_BUFLEN], q[LDG_FIXED_BUFLEN], h[45];
    const char *cls = ldg_class_name(a->rec.cls);
    const char *kind = ldg_kind_name(a->rec.kind);

    ldg_time_format(start, a->rec.start);
    ldg_time_format(end, a->rec.end);
    ldg_fixed_format(q, a->rec.qty_micros, 6);
    ldg_hash_to_base64(h, &a->leaf);
    print_header(o);
    switch (o->fmt) {
    case RF_TABLE:
        printf("%10" PRId64 "  %-*s %-*s %-8s %-5s %s  %s %18s %-8s %-*s %-*s %s\n",
               a->seq, o->w.event_id, a->rec.event_id, o->w.meter, a->rec.meter,
               kind ? kind : "?", cls ? cls : "-", start, end, q,
               ldg_kind_unit(a->rec.kind), o->w.corrects,
               a->rec.corrects ? a->rec.corrects : "-", o->w.corrected_by,
               a->corrected_by ? a->corrected_by : "-", h);
        break;
    case RF_CSV:
        printf("%" PRId64 ",", a->seq);
        cmd_csv_field(stdout, a->rec.event_id);
        putchar(',');
        cmd_csv_field(stdout, a->rec.site);
        putchar(',');
        cmd_csv_field(stdout, a->rec.meter);
        printf(",%s,%s,%s,%s,%s,%s,", kind ? kind : "", cls ? cls : "", start, end, q,
               ldg_kind_unit(a->rec.kind));
        cmd_csv_field(stdout, a->rec.corrects ? a->rec.corrects : "");
        printf(",%s,", a->corrected_by ? "true" : "false");
        cmd_csv_field(stdout, a->corrected_by ? a->corrected_by : "");
        printf(",%s\n", h);
        break;
    case RF_NDJSON:
    case RF_JSON: {
        json_t *o2 = NULL;
        ldg_code rc = record_json(&o2, a, h, err);

        if (rc != LDG_OK)
            return rc;
        if (o->fmt == RF_JSON && o->printed > 0)
            putchar(',');
        if (json_dumpf(o2, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) ||
            putchar('\n') == EOF)
            o->failed = 1;
        json_decref(o2);
        break;
    }
    }
    o->printed++;
    if (ferror(stdout)) {
        o->failed = 1;
        return ldg_error_set(err, LDG_EIO, "could not write standard output: %s",
                             strerror(errno));
    }
    return LDG_OK;
}

/* N of --from-seq / --to-seq: 0..10^18; -1 when not a plain decimal number. */
static int64_t parse_seq(const char *text)
{
    int64_t v = 0;

    if (!text || !*text || strlen(text) > 18)
        return -1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* The filters of the options into q; 0 or a usage exit code. */
/* --class names no class: the known ones are listed (the database's, once open). */
static int class_error(const char *cls)
{
    char known[LDG_GPU_CLASS_LIST_BUFLEN];

    return cmd_usage_error("audit records", "--class must be %s, not \"%s\"",
                           ldg_gpu_class_list(known, sizeof(known)), cls);
}

static int records_filters(ldg_audit_records_query *q, const char *from, const char *to,
                           const char *kind, const char *cls, const char *from_seq,
                           const char *to_seq, const char *line)
{
    ldg_error err;

    ldg_error_clear(&err);
    if (!q->invoice && (!q->tenant || !*q->tenant))
        return cmd_usage_error("audit records",
                               "--tenant T is required (or --invoice NUMBER)");
    if (line && !q->invoice)
        return cmd_usage_error("audit records", "--line needs --invoice");
    if (line && (q->line = parse_line(line)) == 0)
        return cmd_usage_error("audit records",
                               "--line must be a line number (1, 2, ...), not \"%s\"",
                               line);
    if (from) {
        if (ldg_time_parse_str(&q->from, from, &err) != LDG_OK)
            return cmd_usage_error("audit records", "--from: %s", err.message);
        q->has_from = 1;
    }
    if (to) {
        if (ldg_time_parse_str(&q->to, to, &err) != LDG_OK)
            return cmd_usage_error("audit records", "--to: %s", err.message);
        q->has_to = 1;
    }
    if (from && to && q->from >= q->to)
        return cmd_usage_error("audit records", "--from must be before --to");
    if (kind && !(q->kind = ldg_kind_parse(kind, strlen(kind))))
        return cmd_usage_error(
            "audit records",
            "--kind must be gpu, energy, downtime or maintenance, not \"%s\"", kind);
    if (cls && !ldg_gpu_class_name_valid(cls, strlen(cls)))
        return class_error(cls); /* a name that is no name; a known one: after opening */
    if (from_seq && (q->from_seq = parse_seq(from_seq)) < 0)
        return cmd_usage_error("audit records",
                               "--from-seq must be a seq (0, 1, ...), not \"%s\"",
                               from_seq);
    if (to_seq && (q->to_seq = parse_seq(to_seq)) < 0)
        return cmd_usage_error("audit records",
                               "--to-seq must be a seq (0, 1, ...), not \"%s\"", to_seq);
    q->has_from_seq = from_seq != NULL;
    q->has_to_seq = to_seq != NULL;
    return LDG_EXIT_OK;
}

int cmd_audit_records(int argc, char **argv)
{
    const char *db = NULL, *from = NULL, *to = NULL, *kind = NULL, *format = "table";
    const char *cls = NULL, *from_seq = NULL, *to_seq = NULL, *line = NULL;
    ldg_audit_records_query q = { 0 };
    rout o = { RF_TABLE, 0, 0, 0, { 0 } };
    ldg_store *st;
    ldg_error err;
    int64_t n = 0;
    int code;
    const cmd_opt opts[] = { CMD_TEXT("db", db),         CMD_TEXT("tenant", q.tenant),
                             CMD_TEXT("from", from),     CMD_TEXT("to", to),
                             CMD_TEXT("meter", q.meter), CMD_TEXT("kind", kind),
                             CMD_TEXT("class", cls),     CMD_TEXT("from-seq", from_seq),
                             CMD_TEXT("to-seq", to_seq), CMD_TEXT("invoice", q.invoice),
                             CMD_TEXT("line", line),     CMD_TEXT("format", format) };

    if ((code = cmd_options(argc, argv, "audit records", records_usage, opts,
                            CMD_NOPTS(opts))) != CMD_GO_ON)
        return code;
    if (optind < argc)
        return cmd_usage_error("audit records", "unexpected argument \"%s\"",
                               argv[optind]);
    if ((code = records_filters(&q, from, to, kind, cls, from_seq, to_seq, line)) !=
        LDG_EXIT_OK)
        return code;
    if (strcmp(format, "table") == 0)
        o.fmt = RF_TABLE;
    else if (strcmp(format, "csv") == 0)
        o.fmt = RF_CSV;
    else if (strcmp(format, "ndjson") == 0)
        o.fmt = RF_NDJSON;
    else if (strcmp(format, "json") == 0)
        o.fmt = RF_JSON;
    else
        return cmd_usage_error("audit records",
                               "--format must be table, json, csv or ndjson");
    st = cmd_open_store(db, &code);
    if (!st)
        return code;
    /* classes are data: known once the store registered the database's */
    if (cls && !(q.cls = ldg_class_parse(cls, strlen(cls)))) {
        ldg_store_close(st);
        return class_error(cls);
    }
    ldg_error_clear(&err);
    if (ldg_store_set_role(st, "ldg_reader", &err) != LDG_OK ||
        ldg_audit_records(&n, o.fmt == RF_TABLE ? &o.w : NULL, st, &q, print_record, &o,
                          &err) != LDG_OK) {
        code = cmd_fail(&err);
    } else {
        print_header(&o);
        if (o.fmt == RF_TABLE)
            printf("(%" PRId64 " record%s)\n", n, n == 1 ? "" : "s");
        else if (o.fmt == RF_JSON)
            puts("]");
    }
    if (fflush(stdout) != 0 || o.failed)
        code = code == LDG_EXIT_OK ? LDG_EXIT_IOERR : code;
    ldg_store_close(st);
    return code;
}
