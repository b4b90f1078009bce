/*
 * gen_usage: synthetic usage records for leaseledger (DESIGN.md "Usage records"), written
 * to stdout as CSV (with the header) or NDJSON.
 *
 * Per tenant and hour: one `gpu` record per pod meter, a `downtime` record for every
 * K-th meter-hour (--downtime-every), then one `energy` record per hall meter (or four,
 * one per quarter-hour, with --energy-interval 15: the 15-minute data of peak demand).
 * The classes are H100, H200 and GB200 unless --classes names others (a site document
 * declares any class as data, DESIGN.md "Site").
 *
 * Invariants the output keeps, so that it is physically possible and ingests cleanly:
 * - a pod delivers between 90% and 100% of its GPUs' hours, less its downtime that hour
 *   (delivered + downtime <= pod GPUs), never more;
 * - with --class mix the pods split 100:50:70 (H100:H200:GB200), the proportions of the
 *   DESIGN.md site, so 220 pods of 1,000 GPUs are exactly its 220,000 GPUs (with
 *   --classes, by the weights given there);
 * - a hall's energy is the sum over its pods of delivered GPU-hours times a per-class
 *   draw of 1.0-1.4 kWh per GPU-hour (IT load, everything in the rack), so energy per
 *   GPU-hour stays plausible and the whole site stays under 300 MW; the quarter-hours
 *   of an hour split its energy exactly (their sum is the hourly record's quantity).
 *
 * Deterministic: every value is a hash (splitmix64's finalizer) of the seed and the
 * record's identity (tenant, meter, absolute hour), not of the emission order, so two
 * runs over overlapping time ranges produce byte-identical records where they overlap:
 * ingest counts those as duplicates. No floating point: quantities are int64 micro-units
 * formatted by hand; timestamps come from civil-date arithmetic (Howard Hinnant's
 * days_from_civil), not gmtime. Fast: records are assembled with memcpy into one 1 MiB
 * buffer written with fwrite; nothing is allocated per record (or at all).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE     64
#define EXIT_IOERR     74
#define MICROS         INT64_C(1000000)
#define NAME_MAX_LEN   64
#define CLASS_NAME_MAX 32 /* DESIGN.md: a class name is 1-32 of A-Z a-z 0-9 . _ - */
#define MAX_CLASSES    8
#define MAX_HALLS      702 /* hall-A .. hall-ZZ */
#define OUT_CAP        (1u << 20)
#define RECORD_MAX     1024 /* bytes one record can take, names bounded by NAME_MAX_LEN */
#define YEAR_MAX       9999
#define SECS_PER_HOUR  INT64_C(3600)

__extension__ typedef unsigned __int128 gen_u128;

#define CLS_MIX (-1)

typedef struct gen_class {
    char name[CLASS_NAME_MAX + 1];  /* as in records: "H100" */
    char lower[CLASS_NAME_MAX + 1]; /* in meter names: "pod-h100-0001" */
    int64_t weight;                 /* share of the site's pods under --class mix */
    int64_t wh_min;                 /* IT energy per delivered GPU-hour, Wh, inclusive */
    int64_t wh_max;
} gen_class;

/* Weights are DESIGN.md's site (100,000 / 50,000 / 70,000 GPUs). Energy bands: a full
 * site at the top of every band draws 100k x 1.2 + 50k x 1.25 + 70k x 1.4 = 280.5 MW.
 * --classes replaces the whole table. */
static gen_class classes[MAX_CLASSES] = {
    { "H100", "h100", 100, 1000, 1200 },
    { "H200", "h200", 50, 1050, 1250 },
    { "GB200", "gb200", 70, 1200, 1400 },
};
static int class_count = 3;

typedef struct gen_opts {
    const char *tenant;        /* single tenant name, or NULL for prefix + number */
    const char *tenant_prefix; /* with --tenants */
    const char *site;
    int64_t tenants;
    int64_t meters; /* pods per tenant */
    int64_t hours;
    int64_t start;        /* seconds since the epoch, whole hour */
    const char *cls_name; /* --class as given, resolved once --classes is known */
    int cls;              /* index into classes, or CLS_MIX */
    int64_t pod_gpus;
    int64_t energy_meters;
    int64_t energy_quarters; /* records per hall-hour: 1 (hourly) or 4 (15 minutes) */
    int64_t downtime_every;  /* 0: none */
    uint64_t seed;
    int ndjson;
} gen_opts;

/* Output --------------------------------------------------------------------------------
 */

static char out_buf[OUT_CAP];
static size_t out_len;
static int out_failed;

static void out_flush(void)
{
    if (out_len > 0 && !out_failed && fwrite(out_buf, 1, out_len, stdout) != out_len)
        out_failed = 1;
    out_len = 0;
}

static void out_reserve(void)
{
    if (OUT_CAP - out_len < RECORD_MAX)
        out_flush();
}

static void put(const char *s, size_t n)
{
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}

static void puts0(const char *s)
{
    put(s, strlen(s));
}

static void putc1(char c)
{
    out_buf[out_len++] = c;
}

/* Numbers and names
 * ---------------------------------------------------------------------- */

/* Decimal digits of v (>= 0), zero-padded to at least width. Returns the length. */
static size_t fmt_uint(char *dst, uint64_t v, size_t width)
{
    char tmp[24];
    size_t n = 0;

    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v > 0);
    while (n < width)
        tmp[n++] = '0';
    for (size_t i = 0; i < n; i++)
        dst[i] = tmp[n - 1 - i];
    return n;
}

/* micro-units (>= 0) as a decimal: "1000", "987.5", "912.345678". Returns the length. */
static size_t fmt_micros(char *dst, int64_t v)
{
    uint64_t whole = (uint64_t)(v / MICROS), frac = (uint64_t)(v % MICROS);
    size_t n = fmt_uint(dst, whole, 1);

    if (frac != 0) {
        size_t digits = 6;

        while (frac % 10u == 0) {
            frac /= 10u;
            digits--;
        }
        dst[n++] = '.';
        n += fmt_uint(dst + n, frac, digits);
    }
    return n;
}

/* "pod-h100-0001": the class's pods are numbered from 1 per class. */
static size_t fmt_pod(char *dst, int cls, int64_t number)
{
    size_t n = 0;
    const char *lower = classes[cls].lower;
    size_t ll = strlen(lower);

    memcpy(dst, "pod-", 4);
    n = 4;
    memcpy(dst + n, lower, ll);
    n += ll;
    dst[n++] = '-';
    n += fmt_uint(dst + n, (uint64_t)number, 4);
    return n;
}

/* "hall-A" .. "hall-Z", "hall-AA" ..: bijective base 26 of index + 1. */
static size_t fmt_hall(char *dst, int64_t index)
{
    char tmp[8];
    size_t n = 0, len = 5;
    int64_t v = index + 1;

    memcpy(dst, "hall-", 5);
    while (v > 0) {
        v--;
        tmp[n++] = (char)('A' + (int)(v % 26));
        v /= 26;
    }
    while (n > 0)
        dst[len++] = tmp[--n];
    return len;
}

/* Time
 * ------------------------------------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t days_in_month(int64_t y, int64_t m)
{
    static const int64_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : days[m - 1];
}

/* "2026-11-10T00:15:00Z" (20 bytes, no NUL) for a whole minute. */
static void fmt_instant(char *dst, int64_t t)
{
    int64_t y, m, d, days = t / 86400, hh = (t % 86400) / 3600, mm = (t % 3600) / 60;

    civil_from_days(days, &y, &m, &d);
    fmt_uint(dst, (uint64_t)y, 4);
    dst[4] = '-';
    fmt_uint(dst + 5, (uint64_t)m, 2);
    dst[7] = '-';
    fmt_uint(dst + 8, (uint64_t)d, 2);
    dst[10] = 'T';
    fmt_uint(dst + 11, (uint64_t)hh, 2);
    dst[13] = ':';
    fmt_uint(dst + 14, (uint64_t)mm, 2);
    memcpy(dst + 16, ":00Z", 4);
}

static int digits_at(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* Strict "YYYY-MM-DDTHH:00:00Z", 1970..9999, on a whole hour. */
static int parse_start(const char *s, int64_t *out)
{
    int64_t y, mo, d, h, mi, se;

    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return 0;
    if (!digits_at(s, 4, &y) || !digits_at(s + 5, 2, &mo) || !digits_at(s + 8, 2, &d) ||
        !digits_at(s + 11, 2, &h) || !digits_at(s + 14, 2, &mi) ||
        !digits_at(s + 17, 2, &se))
        return 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi != 0 || se != 0)
        return 0;
    *out = days_from_civil(y, mo, d) * 86400 + h * SECS_PER_HOUR;
    return 1;
}

/* Pseudo-random draws
 * --------------------------------------------------------------------- */

static uint64_t mix64(uint64_t z)
{
    z += UINT64_C(0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

enum { SALT_GPU, SALT_DECIMALS, SALT_DOWN, SALT_WH, SALT_QUARTER };

/* A 64-bit value that depends only on the seed and the record's identity. */
static uint64_t draw(uint64_t seed, int64_t tenant, int cls, int64_t meter, int64_t hour,
                     int salt)
{
    uint64_t z = mix64(seed ^ (uint64_t)tenant);

    z = mix64(z ^ ((uint64_t)cls << 56) ^ (uint64_t)meter);
    return mix64(z ^ ((uint64_t)hour << 3) ^ (uint64_t)salt);
}

/* Uniform-enough integer in [lo, hi]; the modulo bias is irrelevant here. */
static int64_t draw_range(uint64_t r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(r % (uint64_t)(hi - lo + 1));
}

/* Records
 * -------------------------------------------------------------------------------- */

typedef struct gen_record {
    const char *tenant;
    const char *site;
    const char *meter;
    size_t meter_len;
    const char *kind;
    const char *cls;   /* NULL for energy */
    const char *start; /* 20 bytes */
    const char *end;   /* 20 bytes */
    int64_t qty_micros;
    const char *unit;
    const char *event_mid; /* between "<meter>/" and the hour: "" or "down/" */
    size_t
        event_time; /* bytes of start in the event id: 13 ("...THH"), 16 ("...THH:MM") */
} gen_record;

static void put_field_json(const char *key, const char *v, size_t n, int first)
{
    if (!first)
        putc1(',');
    putc1('"');
    puts0(key);
    put("\":\"", 3);
    put(v, n);
    putc1('"');
}

static void put_record(const gen_opts *o, const gen_record *r)
{
    char qty[32], event[128];
    size_t qn = fmt_micros(qty, r->qty_micros);
    size_t en = 0, mid = strlen(r->event_mid);

    memcpy(event, r->meter, r->meter_len);
    en = r->meter_len;
    event[en++] = '/';
    memcpy(event + en, r->event_mid, mid);
    en += mid;
    memcpy(event + en, r->start, r->event_time); /* "YYYY-MM-DDTHH[:MM]" */
    en += r->event_time;

    out_reserve();
    if (!o->ndjson) {
        puts0(r->tenant);
        putc1(',');
        puts0(r->site);
        putc1(',');
        put(r->meter, r->meter_len);
        putc1(',');
        puts0(r->kind);
        putc1(',');
        if (r->cls)
            puts0(r->cls);
        putc1(',');
        put(r->start, 20);
        putc1(',');
        put(r->end, 20);
        putc1(',');
        put(qty, qn);
        putc1(',');
        puts0(r->unit);
        putc1(',');
        put(event, en);
        putc1('\n');
        return;
    }
    putc1('{');
    put_field_json("tenant", r->tenant, strlen(r->tenant), 1);
    put_field_json("site", r->site, strlen(r->site), 0);
    put_field_json("meter", r->meter, r->meter_len, 0);
    put_field_json("kind", r->kind, strlen(r->kind), 0);
    if (r->cls)
        put_field_json("class", r->cls, strlen(r->cls), 0);
    else
        puts0(",\"class\":null");
    put_field_json("start", r->start, 20, 0);
    put_field_json("end", r->end, 20, 0);
    put_field_json("quantity", qty, qn, 0);
    put_field_json("unit", r->unit, strlen(r->unit), 0);
    put_field_json("event_id", event, en, 0);
    put("}\n", 2);
}

/* Pods of each class per tenant: all of --meters for one class; for mix, floor of the
 * class's share, the remainder to the last class, so they always add up to --meters. */
static void split_pods(const gen_opts *o, int64_t count[MAX_CLASSES])
{
    int64_t total_weight = 0, given = 0;

    for (int c = 0; c < MAX_CLASSES; c++)
        count[c] = 0;
    for (int c = 0; c < class_count; c++)
        total_weight += classes[c].weight;
    if (o->cls != CLS_MIX) {
        count[o->cls] = o->meters;
        return;
    }
    for (int c = 0; c < class_count - 1; c++) {
        count[c] = o->meters * classes[c].weight / total_weight;
        given += count[c];
    }
    count[class_count - 1] = o->meters - given;
}

/*
 * One pod-hour: *down_out the downtime GPU-hours (0 unless it is a K-th pod-hour, else
 * 1 .. 10% of the pod), returned the delivered micro-GPU-hours: 90%..100% of the GPUs not
 * down, rounded up to 0, 1, 2, 3 or 6 decimals. Rounding up to a multiple of the step
 * never passes the pod's whole number of available GPU-hours.
 */
static int64_t pod_hour(const gen_opts *o, int64_t t, int c, int64_t number,
                        int64_t abs_hour, int64_t idx, int64_t *down_out)
{
    static const int64_t steps[8] = { MICROS, MICROS, MICROS, MICROS,
                                      100000, 10000,  1000,   1 };
    int64_t down = 0, avail, qty, step;

    if (o->downtime_every > 0 &&
        (abs_hour * o->meters + idx + 1) % o->downtime_every == 0) {
        int64_t most = o->pod_gpus / 10 > 0 ? o->pod_gpus / 10 : 1;
        down = draw_range(draw(o->seed, t, c, number, abs_hour, SALT_DOWN), 1, most);
    }
    avail = (o->pod_gpus - down) * MICROS;
    qty = draw_range(draw(o->seed, t, c, number, abs_hour, SALT_GPU), avail - avail / 10,
                     avail);
    step = steps[draw(o->seed, t, c, number, abs_hour, SALT_DECIMALS) % 8u];
    *down_out = down;
    return (qty + step - 1) / step * step;
}

/*
 * One hall's energy for the hour starting at t0: micro_mwh in one hourly record, or in
 * four quarter-hour records whose shares (weights 90..110, drawn per hall and quarter)
 * are cut by cumulative floors, so the four add up to micro_mwh exactly. r carries the
 * tenant, site and meter; start and end are rewritten here.
 */
static void put_hall_energy(const gen_opts *o, gen_record *r, int64_t t, int64_t hall,
                            int64_t t0, int64_t micro_mwh)
{
    char start[20], end[20];
    const char *hour_start = r->start, *hour_end = r->end;
    int64_t w[4], total = 0, cum = 0, before = 0;
    int64_t len = SECS_PER_HOUR / o->energy_quarters;

    if (o->energy_quarters == 1) {
        r->qty_micros = micro_mwh;
        put_record(o, r);
        return;
    }
    for (int q = 0; q < 4; q++) {
        w[q] = draw_range(draw(o->seed, t, 0, hall, t0 / len + q, SALT_QUARTER), 90, 110);
        total += w[q];
    }
    r->event_time = 16;
    r->start = start;
    r->end = end;
    for (int q = 0; q < 4; q++) {
        int64_t upto;

        cum += w[q];
        upto = (int64_t)((gen_u128)micro_mwh * (uint64_t)cum / (uint64_t)total);
        fmt_instant(start, t0 + q * len);
        fmt_instant(end, t0 + (q + 1) * len);
        r->qty_micros = upto - before;
        before = upto;
        put_record(o, r);
    }
    r->event_time = 13;
    r->start = hour_start;
    r->end = hour_end;
}

static void gen_tenant(const gen_opts *o, int64_t t, const char *tenant,
                       const int64_t count[MAX_CLASSES])
{
    static gen_u128 hall_acc[MAX_HALLS];
    char start[20], end[20], meter[64];
    gen_record r;

    memset(&r, 0, sizeof r);
    r.tenant = tenant;
    r.site = o->site;
    r.start = start;
    r.end = end;
    r.meter = meter;
    r.event_time = 13;
    for (int64_t h = 0; h < o->hours; h++) {
        int64_t t0 = o->start + h * SECS_PER_HOUR;
        int64_t abs_hour = t0 / SECS_PER_HOUR;
        int64_t idx = 0; /* pod index within the tenant, 0 .. meters-1 */

        fmt_instant(start, t0);
        fmt_instant(end, t0 + SECS_PER_HOUR);
        for (int64_t e = 0; e < o->energy_meters; e++)
            hall_acc[e] = 0;
        for (int c = 0; c < class_count; c++) {
            for (int64_t i = 0; i < count[c]; i++, idx++) {
                int64_t number = t * count[c] + i + 1; /* distinct across tenants */
                int64_t down = 0;
                int64_t qty = pod_hour(o, t, c, number, abs_hour, idx, &down);

                r.meter_len = fmt_pod(meter, c, number);
                r.cls = classes[c].name;
                r.kind = "gpu";
                r.unit = "gpu_hour";
                r.event_mid = "";
                r.qty_micros = qty;
                put_record(o, &r);
                if (down > 0) {
                    r.kind = "downtime";
                    r.event_mid = "down/";
                    r.qty_micros = down * MICROS;
                    put_record(o, &r);
                }
                if (o->energy_meters > 0) {
                    int64_t wh =
                        draw_range(draw(o->seed, t, c, number, abs_hour, SALT_WH),
                                   classes[c].wh_min, classes[c].wh_max);
                    int64_t hall = idx * o->energy_meters / o->meters;
                    hall_acc[hall] += (gen_u128)qty * (uint64_t)wh;
                }
            }
        }
        /* micro-GPU-hours x Wh per GPU-hour = micro-Wh; / 10^6 = Wh = micro-MWh. */
        r.cls = NULL;
        r.kind = "energy";
        r.unit = "mwh";
        r.event_mid = "";
        for (int64_t e = 0; e < o->energy_meters; e++) {
            int64_t hall_number = t * o->energy_meters + e;
            r.meter_len = fmt_hall(meter, hall_number);
            put_hall_energy(o, &r, t, hall_number, t0,
                            (int64_t)((hall_acc[e] + 500000u) / 1000000u));
        }
        if (out_failed)
            return;
    }
}

/* Command line -------------------------------------------------------------------------
 */

static const char usage_text[] =
    "Usage: gen_usage [OPTION]...\n"
    "Write synthetic leaseledger usage records (DESIGN.md format) to stdout.\n"
    "\n"
    "Per tenant and hour: one gpu record per pod, a downtime record for every K-th\n"
    "pod-hour, then one energy record per hall. Same seed, same output.\n"
    "\n"
    "  --tenant NAME          one tenant named NAME (default: anthropic)\n"
    "  --tenants N            N tenants named PREFIX0001 .. (each with its own pods)\n"
    "  --tenant-prefix P      tenant name prefix with --tenants (default: tenant-)\n"
    "  --site S               site (default: colossus-1)\n"
    "  --meters M             pods per tenant (default: 220)\n"
    "  --hours H              hours to generate (default: 24)\n"
    "  --start TIME           first hour, RFC 3339 on a whole hour\n"
    "                         (default: 2026-11-10T00:00:00Z)\n"
    "  --class C              H100, H200, GB200, or mix: pods split 100:50:70 like the\n"
    "                         site's GPUs (default: mix); pods are pod-<class>-NNNN\n"
    "                         (the class in lower case)\n"
    "  --classes LIST         other classes instead of those three, for --class and "
    "mix:\n"
    "                         NAME:WEIGHT[:WHMIN-WHMAX],... (up to 8; WEIGHT the "
    "class's\n"
    "                         share of pods under mix; Wh per delivered GPU-hour, "
    "default\n"
    "                         1000-1400), e.g. GB300:72:1300-1700,B300:48\n"
    "  --pod-gpus G           GPUs per pod (default: 1000)\n"
    "  --energy-meters E      halls hall-A, hall-B, ... per tenant, pods spread evenly;\n"
    "                         0 for no energy records (default: 4)\n"
    "  --energy-interval MIN  60: one energy record per hall-hour; 15: four, one per\n"
    "                         quarter-hour, adding up to the hour (default: 60)\n"
    "  --downtime-every K     a downtime record (1 .. 10% of the pod) every K-th\n"
    "                         pod-hour (default: none)\n"
    "  --seed S               seed, unsigned 64-bit (default: 1)\n"
    "  --format csv|ndjson    output format (default: csv, with header)\n"
    "  --help                 show this help\n"
    "\n"
    "A pod delivers 90-100% of its GPU-hours less its downtime; a hall meters\n"
    "1.0-1.4 kWh of IT energy per delivered GPU-hour (by class; --classes sets it).\n";

/* One line on stderr and the hint; returns the usage exit status. */
__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("gen_usage: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'gen_usage --help'.\n", stderr);
    return EXIT_USAGE;
}

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;

    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        unsigned digit;

        if (*s < '0' || *s > '9')
            return 0;
        digit = (unsigned)(*s - '0');
        if (v > (max - digit) / 10u)
            return 0;
        v = v * 10u + digit;
    }
    *out = v;
    return 1;
}

static int parse_count(const char *s, int64_t min, int64_t max, int64_t *out)
{
    uint64_t v;

    if (!parse_u64(s, (uint64_t)max, &v) || (int64_t)v < min)
        return 0;
    *out = (int64_t)v;
    return 1;
}

/* Names go into CSV and JSON unquoted: keep them to a safe alphabet. */
static int valid_name(const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n == 0 || n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return 1;
}

/* The index of the class named name, or CLS_MIX when there is none. */
static int find_class(const char *name)
{
    for (int c = 0; c < class_count; c++)
        if (strcmp(name, classes[c].name) == 0)
            return c;
    return CLS_MIX;
}

/* "A-B" of Wh per GPU-hour, 1 <= A <= B <= 100000. */
static int parse_wh_band(const char *s, size_t n, gen_class *c)
{
    char buf[16];
    const char *dash;

    if (n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    dash = strchr(buf, '-');
    if (!dash)
        return 0;
    buf[dash - buf] = '\0';
    return parse_count(buf, 1, 100000, &c->wh_min) &&
           parse_count(dash + 1, 1, 100000, &c->wh_max) && c->wh_min <= c->wh_max;
}

/* One "NAME:WEIGHT[:WHMIN-WHMAX]" of --classes into c; 1 when it is well formed. */
static int parse_class_spec(const char *s, size_t n, gen_class *c)
{
    char weight[16];
    const char *colon = memchr(s, ':', n), *band;
    size_t nl, wl;

    if (!colon || (nl = (size_t)(colon - s)) == 0 || nl > CLASS_NAME_MAX)
        return 0;
    memcpy(c->name, s, nl);
    c->name[nl] = '\0';
    if (!valid_name(c->name, CLASS_NAME_MAX))
        return 0;
    for (size_t i = 0; i <= nl; i++)
        c->lower[i] =
            (char)(c->name[i] >= 'A' && c->name[i] <= 'Z' ? c->name[i] + 32 : c->name[i]);
    band = memchr(colon + 1, ':', n - nl - 1);
    wl = band ? (size_t)(band - colon - 1) : n - nl - 1;
    if (wl == 0 || wl >= sizeof weight)
        return 0;
    memcpy(weight, colon + 1, wl);
    weight[wl] = '\0';
    if (!parse_count(weight, 1, 1000000, &c->weight))
        return 0;
    c->wh_min = 1000;
    c->wh_max = 1400;
    return !band || parse_wh_band(band + 1, n - nl - wl - 2, c);
}

/* --classes: replaces the class table; names unique. Returns 0 or the usage status. */
static int parse_classes(const char *val)
{
    gen_class parsed[MAX_CLASSES];
    int n = 0;

    for (const char *s = val;; n++) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);

        memset(&parsed[n], 0, sizeof parsed[n]);
        if (n == MAX_CLASSES || !parse_class_spec(s, len, &parsed[n]))
            return usage_error("invalid --classes \"%s\": expected up to 8 of "
                               "NAME:WEIGHT[:WHMIN-WHMAX], comma-separated",
                               val);
        for (int k = 0; k < n; k++) /* pod names carry the class in lower case */
            if (strcmp(parsed[k].lower, parsed[n].lower) == 0)
                return usage_error("invalid --classes \"%s\": %s and %s make the same "
                                   "pod names",
                                   val, parsed[k].name, parsed[n].name);
        if (!comma)
            break;
        s = comma + 1;
    }
    memcpy(classes, parsed, sizeof(gen_class) * (size_t)(n + 1));
    class_count = n + 1;
    return 0;
}

static void set_defaults(gen_opts *o)
{
    memset(o, 0, sizeof *o);
    o->site = "colossus-1";
    o->tenants = 1;
    o->meters = 220;
    o->hours = 24;
    o->start = days_from_civil(2026, 11, 10) * 86400;
    o->cls = CLS_MIX;
    o->pod_gpus = 1000;
    o->energy_meters = 4;
    o->energy_quarters = 1;
    o->seed = 1;
}

/* Sets option key ("--meters") to val; notes the options that change a default of
 * another. Returns 0 or the usage exit status. */
static int set_option(gen_opts *o, const char *key, const char *val, int *tenants_given,
                      int *halls_given)
{
    if (strcmp(key, "--tenant") == 0) {
        if (!valid_name(val, NAME_MAX_LEN))
            return usage_error("invalid tenant \"%s\": 1-64 of A-Z a-z 0-9 - _ .", val);
        o->tenant = val;
    } else if (strcmp(key, "--tenants") == 0) {
        if (!parse_count(val, 1, 999999, &o->tenants))
            return usage_error("invalid --tenants \"%s\": expected 1 .. 999999", val);
        *tenants_given = 1;
    } else if (strcmp(key, "--tenant-prefix") == 0) {
        if (!valid_name(val, NAME_MAX_LEN - 6))
            return usage_error("invalid tenant prefix \"%s\": 1-58 of A-Z a-z 0-9 - _ .",
                               val);
        o->tenant_prefix = val;
        *tenants_given = 1;
    } else if (strcmp(key, "--site") == 0) {
        if (!valid_name(val, NAME_MAX_LEN))
            return usage_error("invalid site \"%s\": 1-64 of A-Z a-z 0-9 - _ .", val);
        o->site = val;
    } else if (strcmp(key, "--meters") == 0) {
        if (!parse_count(val, 1, 1000000, &o->meters))
            return usage_error("invalid --meters \"%s\": expected 1 .. 1000000", val);
    } else if (strcmp(key, "--hours") == 0) {
        if (!parse_count(val, 1, 100000000, &o->hours))
            return usage_error("invalid --hours \"%s\": expected 1 .. 100000000", val);
    } else if (strcmp(key, "--start") == 0) {
        if (!parse_start(val, &o->start))
            return usage_error("invalid --start \"%s\": expected a whole hour like "
                               "2026-11-10T00:00:00Z (1970 .. 9999)",
                               val);
    } else if (strcmp(key, "--class") == 0) {
        o->cls_name = val; /* resolved in finish_options, after --classes */
    } else if (strcmp(key, "--classes") == 0) {
        return parse_classes(val);
    } else if (strcmp(key, "--energy-interval") == 0) {
        if (strcmp(val, "60") == 0)
            o->energy_quarters = 1;
        else if (strcmp(val, "15") == 0)
            o->energy_quarters = 4;
        else
            return usage_error("invalid --energy-interval \"%s\": expected 60 or 15",
                               val);
    } else if (strcmp(key, "--pod-gpus") == 0) {
        if (!parse_count(val, 1, 1000000, &o->pod_gpus))
            return usage_error("invalid --pod-gpus \"%s\": expected 1 .. 1000000", val);
    } else if (strcmp(key, "--energy-meters") == 0) {
        *halls_given = 1;
        if (!parse_count(val, 0, MAX_HALLS, &o->energy_meters))
            return usage_error("invalid --energy-meters \"%s\": expected 0 .. 702", val);
    } else if (strcmp(key, "--downtime-every") == 0) {
        if (!parse_count(val, 1, INT32_MAX, &o->downtime_every))
            return usage_error("invalid --downtime-every \"%s\": expected 1 or more",
                               val);
    } else if (strcmp(key, "--seed") == 0) {
        if (!parse_u64(val, UINT64_MAX, &o->seed))
            return usage_error("invalid --seed \"%s\": expected 0 .. 2^64-1", val);
    } else if (strcmp(key, "--format") == 0) {
        if (strcmp(val, "csv") == 0)
            o->ndjson = 0;
        else if (strcmp(val, "ndjson") == 0)
            o->ndjson = 1;
        else
            return usage_error("invalid --format \"%s\": expected csv or ndjson", val);
    } else {
        return usage_error("unknown option \"%s\"", key);
    }
    return 0;
}

/* The defaults that depend on other options, and the checks across options. */
static int finish_options(gen_opts *o, int tenants_given, int halls_given)
{
    int64_t limit = days_from_civil(YEAR_MAX + 1, 1, 1) * 86400;

    if (o->cls_name && (o->cls = find_class(o->cls_name)) == CLS_MIX &&
        strcmp(o->cls_name, "mix") != 0) {
        char names[MAX_CLASSES * (CLASS_NAME_MAX + 2)];
        size_t n = 0;

        for (int c = 0; c < class_count; c++)
            n += (size_t)snprintf(names + n, sizeof names - n, "%s, ", classes[c].name);
        names[n - 2] = '\0';
        return usage_error("invalid --class \"%s\": expected %s or mix", o->cls_name,
                           names);
    }
    if (o->tenant && tenants_given)
        return usage_error("%s", "--tenant cannot be combined with --tenants or "
                                 "--tenant-prefix");
    if (!o->tenant && !tenants_given)
        o->tenant = "anthropic";
    if (!o->tenant && !o->tenant_prefix)
        o->tenant_prefix = "tenant-";
    if (!halls_given && o->energy_meters > o->meters)
        o->energy_meters = o->meters; /* the default adapts to few pods */
    if (o->energy_meters > o->meters)
        return usage_error("%s", "--energy-meters cannot exceed --meters (a hall needs "
                                 "pods)");
    /* the last record ends at most at 9999-12-31T23:00:00Z */
    if ((limit - o->start) / SECS_PER_HOUR - 1 < o->hours)
        return usage_error("%s", "--start plus --hours goes past year 9999");
    return 0;
}

static int parse_args(gen_opts *o, int argc, char **argv, int *done)
{
    int tenants_given = 0, halls_given = 0, rc;

    *done = 0;
    set_defaults(o);
    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i], *val, *eq;
        size_t kl;
        char key[32];

        if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
            fputs(usage_text, stdout);
            *done = 1;
            return 0;
        }
        if (strncmp(opt, "--", 2) != 0)
            return usage_error("unexpected argument \"%s\"", opt);
        eq = strchr(opt, '=');
        kl = eq ? (size_t)(eq - opt) : strlen(opt);
        if (kl >= sizeof key)
            return usage_error("unknown option \"%s\"", opt);
        memcpy(key, opt, kl);
        key[kl] = '\0';
        if (eq) {
            val = eq + 1;
        } else {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", opt);
            val = argv[++i];
        }
        if ((rc = set_option(o, key, val, &tenants_given, &halls_given)) != 0)
            return rc;
    }
    return finish_options(o, tenants_given, halls_given);
}

int main(int argc, char **argv)
{
    gen_opts o;
    int64_t count[MAX_CLASSES];
    int done, rc = parse_args(&o, argc, argv, &done);

    if (rc != 0 || done)
        return rc;
    split_pods(&o, count);
    if (!o.ndjson)
        puts0("tenant,site,meter,kind,class,start,end,quantity,unit,event_id\n");
    for (int64_t t = 0; t < o.tenants && !out_failed; t++) {
        char name[NAME_MAX_LEN + 16];

        if (o.tenant) {
            size_t n = strlen(o.tenant);
            memcpy(name, o.tenant, n + 1);
        } else {
            size_t n = strlen(o.tenant_prefix);
            memcpy(name, o.tenant_prefix, n);
            n += fmt_uint(name + n, (uint64_t)(t + 1), 4);
            name[n] = '\0';
        }
        gen_tenant(&o, t, name, count);
    }
    out_flush();
    if (out_failed || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "gen_usage: could not write output: %s\n", strerror(errno));
        return EXIT_IOERR;
    }
    return 0;
}
