/*
 * Ingest pipeline: parse -> validate against the registry -> per chunk, in one
 * transaction: lock each tenant's log head, drop duplicates, check corrections, assign
 * seq in file order, COPY the rows, write level-0 tiles, upsert hourly rollups, move the
 * heads, record the suspects of overlap (overlap_tail.h); the run's tails per meter are
 * stored once, after its last chunk.
 * Rejections found at any stage are reported after the chunk commits, so what is printed
 * always matches what is stored.
 * Two threads: a reader parses and validates chunk k+1 (the registry checks too, for the
 * tenants and sites already looked up) while this one stores chunk k ("Parsing ahead").
 */
#include "ledger/store/ingest.h"

#include "ledger/arena.h"
#include "ledger/buf.h"
#include "ledger/demand.h"
#include "ledger/entry.h"
#include "ledger/fixed.h"
#include "ledger/overlap_tail.h"
#include "ledger/rate.h"
#include "ledger/rollup.h"
#include "ledger/store/demand_store.h"
#include "ledger/store/logstore.h"
#include "ledger/store/overlap_store.h"
#include "ledger/store/pg_array.h"
#include "ledger/store/registry.h"
#include "ledger/store/site_meters_store.h"
#include "ledger/store/usage_run_store.h"
#include "ledger/strmap.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CHUNK         20000
#define MAX_TENANTS_PER_CHUNK 4096
#define MAX_RUN_KEYS          200000 /* meters kept in memory before a flush (~25 MiB) */

enum rec_status { REC_PENDING, REC_ACCEPTED, REC_DUPLICATE, REC_REJECTED };

typedef struct rec {
    ldg_record u; /* strings in the chunk arena */
    int64_t lineno;
    int32_t tenant_id;
    int16_t site_id;
    int status;
    int static_reject; /* rejected before the database stage: stays rejected on retry */
    int checked;       /* registry checks made by the reader thread (registry_view) */
    ldg_reject_reason reason;
    const char *message; /* arena */
    const char *line;    /* arena: the raw line, for --rejects */
    size_t line_len;
    int64_t offset, raw_len; /* where the line is in the input */
} rec;

/* Registry caches, kept for the whole run (bounded by tenants and sites). */
typedef struct tenant_info {
    int32_t tenant_id; /* 0: unknown */
    ldg_span *terms;
    size_t nterms;
} tenant_info;

typedef struct site_info {
    ldg_site_capacity *caps; /* NULL: unknown */
    size_t ncaps;
    ldg_site_inventory *inv; /* meter inventories per version (site_meters_store.h) */
    size_t ninv;
} site_info;

/* A registry cache: name -> index into items (of tenant_info or site_info), grown by
 * doubling. */
typedef struct reg_cache {
    ldg_strmap *ix;
    void *items;
    size_t n, cap;
} reg_cache;

/*
 * The registry entries the main thread has looked up, published for the reader thread,
 * which checks the records naming them itself (check_registry: a pure function of the
 * record and the entries, whose arrays live until the run ends). Written under lock held
 * for writing, read under it held for reading; the lock also guards the process-wide GPU
 * class table, which a lookup may add to (cache_lookup) and the parser reads.
 */
typedef struct registry_view {
    pthread_rwlock_t lock;
    ldg_strmap *tenant_ix, *site_ix; /* name -> index into tenant / site */
    tenant_info *tenant;             /* copies of the caches' items */
    site_info *site;
    size_t cap_tenants, cap_sites;
} registry_view;

typedef struct ingest {
    ldg_store *st;
    const ldg_ingest_opts *o;
    ldg_ingest_summary *sum;
    size_t chunk_cap;
    rec *recs; /* the chunk being stored: the batch's (reader below) */
    size_t nrecs;
    ldg_arena *arena;
    ldg_strmap *events;        /* tenant_id|event_id -> record index (this chunk) */
    ldg_rollup *rollups;       /* the chunk's hourly sums */
    ldg_rollup *quarters;      /* the chunk's 15-minute energy sums (demand_store.h) */
    ldg_overlap_tail *tails;   /* the run's tails per meter (overlap_store.h) */
    ldg_usage_runs runs;       /* the chunk's runs of entries (usage_run.h) */
    reg_cache tenants;         /* of tenant_info */
    reg_cache sites;           /* of site_info */
    ldg_buf copy;              /* COPY data not yet sent */
    int copy_sent;             /* some of this chunk's COPY data went out already */
    int optimistic;            /* this attempt skips the per-event lookup (chunk_work) */
    int last_had_duplicates;   /* the previous chunk met logged events: look up at once */
    ldg_buf bytes;             /* canonical bytes of one entry */
    ldg_merkle_hasher *hasher; /* one digest context for the run's leaves */
    registry_view *view;       /* what the reader thread may check records against */
    ldg_pg_arrays ids;         /* query_by_ids's array, its memory kept */
    int32_t appended[MAX_TENANTS_PER_CHUNK]; /* the chunk's tenants (chunk_work) */
    int64_t heads[MAX_TENANTS_PER_CHUNK];    /* and their logs' sizes after it */
    size_t nappended;
} ingest;

/* Registry lookups ------------------------------------------------------------------- */

/*
 * The item of name in cache c (items of size bytes): *fresh is 0 for one cached
 * before, 1 for a new zeroed item appended for the caller to fill.
 */
static ldg_code cache_slot(void **slot, int *fresh, reg_cache *c, size_t size,
                           const char *name, ldg_error *err)
{
    int added = 0;
    int64_t *ix = ldg_strmap_put(c->ix, name, strlen(name), (int64_t)c->n, &added);

    *slot = NULL;
    if (!ix)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    /* an index past the items: new, or left by an append that ran out of memory */
    *fresh = *ix == (int64_t)c->n;
    if (*fresh && c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        void *p = realloc(c->items, cap * size);

        if (!p)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        c->items = p;
        c->cap = cap;
    }
    *slot = (char *)c->items + (size_t)*ix * size;
    if (*fresh) {
        memset(*slot, 0, size);
        c->n++;
    }
    return LDG_OK;
}

/* A lookup's answer: "not found" is one (the name is unknown: its records are
 * rejected), any other failure replaces err. */
static ldg_code known_or_not(ldg_code rc, const ldg_error *local, ldg_error *err)
{
    if (rc == LDG_ENOTFOUND)
        return LDG_OK;
    if (rc != LDG_OK)
        *err = *local;
    return rc;
}

/* Fills a new tenant_info: its id (0: unknown) and its contracts' terms. */
static ldg_code fill_tenant(void *item, ingest *in, const char *name, ldg_error *err)
{
    tenant_info *t = item;
    ldg_error local;
    ldg_code rc;

    ldg_error_clear(&local);
    rc = ldg_tenant_id(&t->tenant_id, in->st, name, &local);
    if (rc == LDG_ENOTFOUND)
        t->tenant_id = 0;
    rc = known_or_not(rc, &local, err);
    if (rc == LDG_OK && t->tenant_id)
        rc = ldg_registry_spans(&t->terms, &t->nterms, in->st, t->tenant_id, err);
    return rc;
}

/* Fills a new site_info: its capacities (NULL: unknown) and meter inventories. */
static ldg_code fill_site(void *item, ingest *in, const char *name, ldg_error *err)
{
    site_info *s = item;
    ldg_error local;
    ldg_code rc;

    ldg_error_clear(&local);
    rc = known_or_not(ldg_site_capacities(&s->caps, &s->ncaps, in->st, name, &local),
                      &local, err);
    if (rc == LDG_OK && s->caps)
        rc = ldg_site_inventories(&s->inv, &s->ninv, in->st, name, err);
    return rc;
}

/* The item of name in cache c, looked up in the registry by fill on first use. */
static ldg_code cache_lookup(void **out, ingest *in, reg_cache *c, size_t size,
                             ldg_code (*fill)(void *, ingest *, const char *,
                                              ldg_error *),
                             const char *name, ldg_error *err)
{
    int fresh = 0;
    ldg_code rc = cache_slot(out, &fresh, c, size, name, err);

    if (rc != LDG_OK || !fresh)
        return rc;
    /* a site or contract read here may add a GPU class to the process-wide table
     * (gpu_class.c) that the reader thread looks class names up in */
    pthread_rwlock_wrlock(&in->view->lock);
    rc = fill(*out, in, name, err);
    pthread_rwlock_unlock(&in->view->lock);
    return rc;
}

static ldg_code tenant_lookup(tenant_info **out, ingest *in, const char *name,
                              ldg_error *err)
{
    void *item = NULL;
    ldg_code rc =
        cache_lookup(&item, in, &in->tenants, sizeof(**out), fill_tenant, name, err);

    *out = item;
    return rc;
}

static ldg_code site_lookup(site_info **out, ingest *in, const char *name, ldg_error *err)
{
    void *item = NULL;
    ldg_code rc =
        cache_lookup(&item, in, &in->sites, sizeof(**out), fill_site, name, err);

    *out = item;
    return rc;
}

/* Validation that needs the registry ---------------------------------------------------
 */

static void set_reject(ldg_arena *a, rec *r, ldg_reject_reason reason, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

static void set_reject(ldg_arena *a, rec *r, ldg_reject_reason reason, const char *fmt,
                       ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    r->status = REC_REJECTED;
    r->reason = reason;
    r->message = ldg_arena_strndup(a, msg, strlen(msg));
}

/* Whether qty over [start, end) fits `per_hour_micros_capacity` units at once:
 * qty_micros * LDG_SECS_PER_HOUR <= capacity_micros * seconds, exact in 128 bits. */
static int physically_possible(int64_t qty_micros, ldg_i128 capacity_micros,
                               ldg_time start, ldg_time end)
{
    return (ldg_i128)qty_micros * LDG_SECS_PER_HOUR <=
           capacity_micros * (ldg_i128)(end - start);
}

/* With an inventory in force at the record's start, only its meters may report, each
 * only what it measures (site_meters.h). Without one, every meter may. */
static int meter_admitted(ldg_arena *a, rec *r, const site_info *s)
{
    const ldg_site_meters *m = ldg_site_inventory_at(s->inv, s->ninv, r->u.start);
    char why[LDG_SITE_METER_ID_MAX + 192];

    if (!m ||
        ldg_site_meters_admit(m, r->u.site, r->u.meter, r->u.kind == LDG_KIND_ENERGY,
                              ldg_class_name(r->u.cls), why, sizeof(why)))
        return 1;
    set_reject(a, r, LDG_REJ_METER, "%s", why);
    return 0;
}

/* A pure function of the record and the two registry entries: the reader thread runs it
 * too, for names the main thread has looked up (registry_view). */
static void check_registry(ldg_arena *ar, rec *r, const tenant_info *t,
                           const site_info *s)
{
    const ldg_site_capacity *cap = NULL;
    char a[LDG_TIME_BUFLEN], b[LDG_TIME_BUFLEN];
    int in_term = 0;

    if (!t->tenant_id) {
        set_reject(ar, r, LDG_REJ_TENANT, "unknown tenant \"%s\": no contract names it",
                   r->u.tenant);
        return;
    }
    if (!s->caps) {
        set_reject(ar, r, LDG_REJ_SITE, "unknown site \"%s\"", r->u.site);
        return;
    }
    r->tenant_id = t->tenant_id;
    r->site_id = s->caps[0].site_id;
    /* A record overlapping a term is accepted whole: each contract bills its part by
     * the split rule and reconcile reports any part outside every term (outside_term).
     * Only a record wholly outside every term is rejected. */
    for (size_t i = 0; i < t->nterms; i++)
        if (t->terms[i].site_id == r->site_id && r->u.start < t->terms[i].ends &&
            r->u.end > t->terms[i].starts)
            in_term = 1;
    if (!in_term) {
        set_reject(
            ar, r, LDG_REJ_CONTRACT,
            "record %s..%s at site \"%s\" lies outside every contract of tenant \"%s\"",
            ldg_time_format(a, r->u.start), ldg_time_format(b, r->u.end), r->u.site,
            r->u.tenant);
        return;
    }
    if (!meter_admitted(ar, r, s))
        return;
    for (size_t i = 0; i < s->ncaps; i++)
        if (r->u.start >= s->caps[i].valid_from && r->u.start < s->caps[i].valid_to)
            cap = &s->caps[i];
    if (!cap)
        return; /* before the first version cannot happen: it starts at -infinity */
    if (r->u.qty_micros > 0) {
        int ok = r->u.kind == LDG_KIND_ENERGY
                     ? physically_possible(r->u.qty_micros, cap->power_micros, r->u.start,
                                           r->u.end)
                     : physically_possible(r->u.qty_micros,
                                           (ldg_i128)cap->gpus[r->u.cls] * LDG_MICRO,
                                           r->u.start, r->u.end);
        if (!ok) {
            char q[LDG_FIXED_BUFLEN];
            if (r->u.kind == LDG_KIND_ENERGY)
                set_reject(ar, r, LDG_REJ_CAPACITY,
                           "%s MWh in %" PRId64
                           " s is more than site \"%s\" can draw at %s MW",
                           ldg_fixed_format(q, r->u.qty_micros, 6), r->u.end - r->u.start,
                           r->u.site, ldg_fixed_format(a, cap->power_micros, 6));
            else
                set_reject(ar, r, LDG_REJ_CAPACITY,
                           "%s GPU-hours of %s in %" PRId64
                           " s is more than site \"%s\" has (%" PRId64 " GPUs)",
                           ldg_fixed_format(q, r->u.qty_micros, 6),
                           ldg_class_name(r->u.cls), r->u.end - r->u.start, r->u.site,
                           cap->gpus[r->u.cls]);
        }
    }
}

/* Parsing into the chunk ----------------------------------------------------------------
 */

static ldg_code copy_record(ldg_arena *a, rec *r, const ldg_record *u)
{
    r->u = *u;
    r->u.tenant = ldg_arena_strndup(a, u->tenant, strlen(u->tenant));
    r->u.site = ldg_arena_strndup(a, u->site, strlen(u->site));
    r->u.meter = ldg_arena_strndup(a, u->meter, strlen(u->meter));
    r->u.event_id = ldg_arena_strndup(a, u->event_id, strlen(u->event_id));
    r->u.corrects =
        u->corrects ? ldg_arena_strndup(a, u->corrects, strlen(u->corrects)) : NULL;
    if (!r->u.tenant || !r->u.site || !r->u.meter || !r->u.event_id ||
        (u->corrects && !r->u.corrects))
        return LDG_ENOMEM;
    return LDG_OK;
}

/* Database stage ----------------------------------------------------------------------
 */

static size_t event_key(char *buf, size_t size, int32_t tenant_id, const char *event_id)
{
    size_t n = strlen(event_id);

    if (n + 5 > size)
        n = size - 5;
    memcpy(buf, &tenant_id, 4);
    buf[4] = '|';
    memcpy(buf + 5, event_id, n);
    return n + 5;
}

static int same_record(const rec *r, const PGresult *res, int row)
{
    const char *corrects = PQgetisnull(res, row, 8) ? NULL : PQgetvalue(res, row, 8);

    return ldg_store_int64(res, row, 1) == r->site_id &&
           strcmp(PQgetvalue(res, row, 2), r->u.meter) == 0 &&
           ldg_store_int64(res, row, 3) == r->u.kind &&
           ldg_store_int64(res, row, 4) == r->u.cls &&
           ldg_store_int64(res, row, 5) == r->u.start &&
           ldg_store_int64(res, row, 6) == r->u.end &&
           ldg_store_int64(res, row, 7) == r->u.qty_micros &&
           ((!corrects && !r->u.corrects) ||
            (corrects && r->u.corrects && strcmp(corrects, r->u.corrects) == 0));
}

/*
 * Runs sql with (tenant_id, a text[] of key(r) for the chunk's records r of tenant_id
 * that key gives one for), the array built in in->ids. *res stays NULL when no record
 * has a key: nothing to ask.
 */
static ldg_code query_by_ids(PGresult **res, ingest *in, int32_t tenant_id,
                             const char *sql, const char *(*key)(const rec *r),
                             ldg_error *err)
{
    char t[24];
    const char *params[2] = { ldg_store_i64(t, tenant_id), NULL };
    int any = 0;
    ldg_code rc = ldg_pg_arrays_open(&in->ids, 1, err);

    *res = NULL;
    for (size_t i = 0; rc == LDG_OK && i < in->nrecs; i++) {
        const char *id = in->recs[i].tenant_id == tenant_id ? key(&in->recs[i]) : NULL;

        if (id) {
            rc = ldg_pg_arrays_text(&in->ids, 0, id, err);
            any = 1;
        }
    }
    if (rc != LDG_OK || !any)
        return rc;
    rc = ldg_pg_arrays_close(params + 1, &in->ids, err);
    return rc == LDG_OK ? ldg_store_exec(res, in->st, sql, 2, params, err) : rc;
}

static const char SQL_EXISTING[] =
    "SELECT event_id, site_id, meter, kind, class, extract(epoch FROM start_at)::bigint,"
    " extract(epoch FROM end_at)::bigint, qty_micros, corrects"
    " FROM ledger.usage WHERE tenant_id = $1 AND event_id = ANY($2::text[])";

/* Records already in the log: identical ones are duplicates, others conflicts. The
 * stored record decides for every copy in the chunk, whatever the copies before it. */
static const char *event_id_of(const rec *r)
{
    return r->static_reject ? NULL : r->u.event_id;
}

static ldg_code mark_existing(ingest *in, int32_t tenant_id, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_strmap *stored = NULL;
    ldg_code rc = query_by_ids(&res, in, tenant_id, SQL_EXISTING, event_id_of, err);

    if (rc != LDG_OK || !res)
        return rc;
    if (PQntuples(res) > 0)
        rc = ldg_strmap_new(&stored, err);
    for (int row = 0; rc == LDG_OK && row < PQntuples(res); row++) {
        const char *ev = PQgetvalue(res, row, 0);
        int added = 0;
        if (!ldg_strmap_put(stored, ev, strlen(ev), row, &added))
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; rc == LDG_OK && stored && i < in->nrecs; i++) {
        rec *r = &in->recs[i];
        int64_t *row;

        if (r->static_reject || r->tenant_id != tenant_id)
            continue;
        row = ldg_strmap_get(stored, r->u.event_id, strlen(r->u.event_id));
        if (!row)
            continue;
        if (same_record(r, res, (int)*row)) {
            r->status = REC_DUPLICATE;
            r->message = NULL;
            r->reason = LDG_REJ_NONE;
        } else {
            r->status =
                REC_PENDING; /* so set_reject's message replaces any earlier one */
            set_reject(in->arena, r, LDG_REJ_CONFLICT,
                       "event_id \"%s\" is already used by a different record",
                       r->u.event_id);
        }
    }
    ldg_strmap_free(stored);
    PQclear(res);
    return rc;
}

/* Within the chunk: the first occurrence of an event wins; identical repeats are
 * duplicates, different ones conflicts. Fills in->events with first occurrences. */
static ldg_code mark_repeats(ingest *in, ldg_error *err)
{
    char key[LDG_FIELD_MAX + 8];

    ldg_strmap_clear(in->events);
    for (size_t i = 0; i < in->nrecs; i++) {
        rec *r = &in->recs[i];
        size_t klen;
        int added = 0;
        int64_t *ix;
        const rec *first;

        if (r->status != REC_PENDING)
            continue;
        klen = event_key(key, sizeof(key), r->tenant_id, r->u.event_id);
        ix = ldg_strmap_put(in->events, key, klen, (int64_t)i, &added);
        if (!ix)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        if (added)
            continue;
        first = &in->recs[*ix];
        if (first->site_id == r->site_id && strcmp(first->u.meter, r->u.meter) == 0 &&
            first->u.kind == r->u.kind && first->u.cls == r->u.cls &&
            first->u.start == r->u.start && first->u.end == r->u.end &&
            first->u.qty_micros == r->u.qty_micros &&
            ((!first->u.corrects && !r->u.corrects) ||
             (first->u.corrects && r->u.corrects &&
              strcmp(first->u.corrects, r->u.corrects) == 0)))
            r->status = REC_DUPLICATE;
        else
            set_reject(in->arena, r, LDG_REJ_CONFLICT,
                       "event_id \"%s\" is used by a different record at line %" PRId64,
                       r->u.event_id, first->lineno);
    }
    return LDG_OK;
}

static const char SQL_TARGETS[] =
    "SELECT u.event_id, u.site_id, u.meter, u.kind, u.class,"
    " extract(epoch FROM u.start_at)::bigint, extract(epoch FROM u.end_at)::bigint,"
    " u.qty_micros, u.corrects,"
    " u.qty_micros + coalesce((SELECT sum(c.qty_micros) FROM ledger.usage c"
    "   WHERE c.tenant_id = u.tenant_id AND c.corrects = u.event_id), 0)"
    " FROM ledger.usage u WHERE u.tenant_id = $1 AND u.event_id = ANY($2::text[])";

typedef struct target {
    int found;
    int16_t site_id;
    const char *meter;
    int kind, cls;
    ldg_time start, end;
    int is_correction;
    int64_t net; /* quantity after every correction so far */
} target;

static int correction_matches(const rec *r, const target *t)
{
    return t->site_id == r->site_id && strcmp(t->meter, r->u.meter) == 0 &&
           t->kind == r->u.kind && t->cls == r->u.cls && t->start == r->u.start &&
           t->end == r->u.end;
}

/* Corrections must name a record of the same tenant, meter, kind, class and interval
 * that is not itself a correction, and may not take it below zero. */
static const char *corrected_of(const rec *r)
{
    return r->status == REC_PENDING ? r->u.corrects : NULL;
}

static ldg_code check_corrections(ingest *in, int32_t tenant_id, ldg_error *err)
{
    char key[LDG_FIELD_MAX + 8];
    PGresult *res = NULL;
    ldg_strmap *targets = NULL; /* corrected event -> index into tv */
    target *tv = NULL;
    size_t ntv = 0;
    ldg_code rc = query_by_ids(&res, in, tenant_id, SQL_TARGETS, corrected_of, err);

    if (rc != LDG_OK || !res)
        return rc;
    rc = ldg_strmap_new(&targets, err);
    if (rc == LDG_OK) {
        tv = calloc((size_t)PQntuples(res) + in->nrecs + 1, sizeof(*tv));
        if (!tv)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (int row = 0; rc == LDG_OK && row < PQntuples(res); row++) {
        int added = 0;
        const char *ev = PQgetvalue(res, row, 0);
        int64_t *ix = ldg_strmap_put(targets, ev, strlen(ev), (int64_t)ntv, &added);
        target *tg = &tv[ntv++];

        if (!ix) {
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
            break;
        }
        tg->found = 1;
        tg->site_id = (int16_t)ldg_store_int64(res, row, 1);
        tg->meter = PQgetvalue(res, row, 2);
        tg->kind = (int)ldg_store_int64(res, row, 3);
        tg->cls = (int)ldg_store_int64(res, row, 4);
        tg->start = ldg_store_int64(res, row, 5);
        tg->end = ldg_store_int64(res, row, 6);
        tg->is_correction = !PQgetisnull(res, row, 8);
        tg->net = ldg_store_int64(res, row, 9);
    }
    /* walk the chunk in order: originals earlier in the chunk count as targets too */
    for (size_t i = 0; rc == LDG_OK && i < in->nrecs; i++) {
        rec *r = &in->recs[i];
        int64_t *ix, net = 0;
        target *tg;

        if (r->status != REC_PENDING || r->tenant_id != tenant_id)
            continue;
        if (!r->u.corrects) {
            int added = 0;
            ix = ldg_strmap_put(targets, r->u.event_id, strlen(r->u.event_id),
                                (int64_t)ntv, &added);
            if (!ix) {
                rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
                break;
            }
            if (added) {
                tg = &tv[ntv++];
                *tg = (target){ 1,         r->site_id, r->u.meter,
                                r->u.kind, r->u.cls,   r->u.start,
                                r->u.end,  0,          r->u.qty_micros };
            }
            continue;
        }
        ix = ldg_strmap_get(targets, r->u.corrects, strlen(r->u.corrects));
        tg = ix ? &tv[*ix] : NULL;
        if (!tg)
            set_reject(in->arena, r, LDG_REJ_CORRECTION,
                       "correction of unknown event_id \"%s\"", r->u.corrects);
        else if (tg->is_correction)
            set_reject(in->arena, r, LDG_REJ_CORRECTION,
                       "\"%s\" is itself a correction: correct the original record",
                       r->u.corrects);
        else if (!correction_matches(r, tg))
            set_reject(in->arena, r, LDG_REJ_CORRECTION,
                       "correction differs from \"%s\" in site, meter, kind, class or"
                       " interval",
                       r->u.corrects);
        else if (ldg_fixed_add(&net, tg->net, r->u.qty_micros, NULL) != LDG_OK)
            set_reject(in->arena, r, LDG_REJ_CORRECTION,
                       "correction would take \"%s\" out of range", r->u.corrects);
        else if (net < 0)
            set_reject(in->arena, r, LDG_REJ_CORRECTION,
                       "correction would take \"%s\" below zero", r->u.corrects);
        else
            tg->net = net;
    }
    (void)key;
    free(tv);
    ldg_strmap_free(targets);
    PQclear(res);
    return rc;
}

/* COPY text format: backslash is the only byte of our clean strings needing escape. */
static ldg_code copy_text(ldg_buf *b, const char *s, ldg_error *err)
{
    ldg_code rc = LDG_OK;
    const char *p = s, *q;

    while (rc == LDG_OK && (q = strchr(p, '\\')) != NULL) {
        rc = ldg_buf_append(b, p, (size_t)(q - p), err);
        if (rc == LDG_OK)
            rc = ldg_buf_append(b, "\\\\", 2, err);
        p = q + 1;
    }
    return rc == LDG_OK ? ldg_buf_puts(b, p, err) : rc;
}

/* Decimal digits of v followed by a tab at p; returns the end. (snprintf was a quarter of
 * ingest's client time.) */
static char *put_i64_tab(char *p, int64_t v)
{
    char tmp[24];
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int n = 0;

    do {
        tmp[n++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m > 0);
    if (v < 0)
        *p++ = '-';
    while (n > 0)
        *p++ = tmp[--n];
    *p++ = '\t';
    return p;
}

/* t as PostgreSQL writes a timestamptz in UTC ("2026-11-10 00:00:00+00"), then a tab:
 * the server reads that form about 5 % faster than RFC 3339's 'T' and 'Z'. */
static char *put_time_tab(char *p, ldg_time t)
{
    size_t n;

    ldg_time_format(p, t); /* "2026-11-10T00:00:00[.ffffff]Z", always in UTC */
    n = strlen(p);
    *strchr(p, 'T') = ' ';
    memcpy(p + n - 1, "+00\t", 4);
    return p + n + 3;
}

static ldg_code copy_row(ldg_buf *b, const rec *r, int64_t seq, ldg_error *err)
{
    char line[256], *p = line;
    ldg_code rc;

    p = put_i64_tab(p, seq);
    p = put_time_tab(p, r->u.start);
    p = put_time_tab(p, r->u.end);
    p = put_i64_tab(p, r->u.qty_micros);
    p = put_i64_tab(p, r->tenant_id);
    p = put_i64_tab(p, r->site_id);
    p = put_i64_tab(p, r->u.kind);
    p = put_i64_tab(p, r->u.cls);
    rc = ldg_buf_append(b, line, (size_t)(p - line), err);
    if (rc == LDG_OK)
        rc = copy_text(b, r->u.meter, err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(b, "\t", err);
    if (rc == LDG_OK)
        rc = copy_text(b, r->u.event_id, err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(b, "\t", err);
    if (rc == LDG_OK)
        rc = r->u.corrects ? copy_text(b, r->u.corrects, err)
                           : ldg_buf_puts(b, "\\N", err);
    if (rc == LDG_OK)
        rc = ldg_buf_puts(b, "\n", err);
    return rc;
}

static ldg_code flush_rollups(ingest *in, ldg_error *err)
{
    ldg_pg_arrays a = { 0 };
    const char *params[7];
    ldg_code rc;
    ldg_rollup_key k;
    int64_t qty, n;
    int st;

    if (ldg_rollup_count(in->rollups) == 0)
        return LDG_OK;
    rc = ldg_pg_arrays_open(&a, 7, err);
    for (size_t i = 0;
         rc == LDG_OK && (st = ldg_rollup_at(in->rollups, i, &k, &qty, &n)) >= 0; i++) {
        const int64_t v[7] = { k.tenant_id, k.hour, k.site_id, k.kind, k.cls, qty, n };

        for (int c = 0; st != 0 && c < 7 && rc == LDG_OK; c++)
            rc = ldg_pg_arrays_i64(&a, c, v[c], err);
    }
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    if (rc == LDG_OK) /* sent with the tiles and the COMMIT, in one round trip (its
                       * result is empty) */
        rc = ldg_store_exec_later(
            in->st,
            "INSERT INTO ledger.usage_hourly AS h (tenant_id, hour, site_id,"
            " kind, class, qty_micros, records)"
            " SELECT t, to_timestamp(hr), s, k, c, q, n FROM unnest($1::int[],"
            " $2::bigint[], $3::smallint[], $4::smallint[], $5::smallint[],"
            " $6::bigint[], $7::int[]) AS x(t, hr, s, k, c, q, n)"
            " ON CONFLICT (tenant_id, hour, site_id, kind, class) DO UPDATE"
            " SET qty_micros = h.qty_micros + EXCLUDED.qty_micros,"
            " records = h.records + EXCLUDED.records",
            7, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

static int cmp_int32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

#define COPY_FLUSH \
    (256u << 10)               /* stream the COPY in pieces: the server works meanwhile */
#define COPY_FIRST (16u << 10) /* the first piece soon: the server waits for it */

static const char SQL_COPY_USAGE[] =
    "COPY ledger.usage (seq, start_at, end_at, qty_micros,"
    " tenant_id, site_id, kind, class, meter, event_id,"
    " corrects) FROM STDIN";

/* Appends the chunk's pending records of one tenant, in file order, to the COPY in
 * progress and to the tenant's appender (which issues no SQL until finish). */
static ldg_code append_tenant(ingest *in, ldg_log_appender *ap, int32_t tenant_id,
                              ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < in->nrecs; i++) {
        rec *r = &in->recs[i];
        int64_t seq;
        ldg_hash leaf;

        if (r->status != REC_PENDING || r->tenant_id != tenant_id)
            continue;
        seq = ldg_log_appender_size(ap);
        ldg_buf_reset(&in->bytes);
        rc = ldg_entry_record_bytes(&in->bytes, &r->u, seq, err);
        if (rc == LDG_OK) {
            ldg_merkle_hasher_leaf(in->hasher, &leaf, in->bytes.data, in->bytes.len);
            rc = copy_row(&in->copy, r, seq, err);
        }
        if (rc == LDG_OK && in->copy.len >= (in->copy_sent ? COPY_FLUSH : COPY_FIRST)) {
            in->copy_sent = 1;
            rc = ldg_store_copy_put(in->st, in->copy.data, in->copy.len, err);
            ldg_buf_reset(&in->copy);
        }
        if (rc == LDG_OK)
            rc = ldg_rollup_add(in->rollups, r->tenant_id, r->site_id, &r->u, err);
        if (rc == LDG_OK)
            rc =
                ldg_demand_rollup_add(in->quarters, r->tenant_id, r->site_id, &r->u, err);
        if (rc == LDG_OK && !r->u.corrects)
            rc = ldg_overlap_tail_add(in->tails, r->tenant_id, r->site_id, r->u.kind,
                                      r->u.meter, r->u.start, r->u.end, seq, err);
        if (rc == LDG_OK)
            rc = ldg_usage_runs_add(&in->runs, r->tenant_id, r->site_id, seq, r->u.start,
                                    r->u.end, err);
        if (rc == LDG_OK)
            rc = ldg_log_appender_add(ap, &leaf, err);
        if (rc == LDG_OK)
            r->status = REC_ACCEPTED;
    }
    return rc;
}

/* The chunk's tenants, each once, in id order (heads are locked in that order so that
 * concurrent ingests cannot deadlock). */
static ldg_code chunk_tenants(int32_t *ids, size_t *nids, const ingest *in,
                              ldg_error *err)
{
    *nids = 0;
    for (size_t i = 0; i < in->nrecs; i++) {
        int seen = 0;
        if (in->recs[i].status != REC_PENDING)
            continue;
        for (size_t j = 0; j < *nids && !seen; j++)
            seen = ids[j] == in->recs[i].tenant_id;
        if (seen)
            continue;
        if (*nids == MAX_TENANTS_PER_CHUNK)
            return ldg_error_set(err, LDG_EINVAL, "more than %d tenants in one chunk",
                                 MAX_TENANTS_PER_CHUNK);
        ids[(*nids)++] = in->recs[i].tenant_id;
    }
    qsort(ids, *nids, sizeof(ids[0]), cmp_int32);
    return LDG_OK;
}

/*
 * One chunk in the caller's transaction. Optimistic (the common case: new records),
 * the records are COPYed without looking them up first and the unique index on
 * (tenant_id, event_id) catches any already logged: the COPY then fails with
 * LDG_ECONFLICT and the caller runs the chunk again with in->optimistic = 0, which
 * looks every event up and sorts duplicates from conflicts.
 */
static ldg_code chunk_work(ldg_store *st, void *vctx, ldg_error *err)
{
    ingest *in = vctx;
    int32_t ids[MAX_TENANTS_PER_CHUNK];
    int64_t heads[MAX_TENANTS_PER_CHUNK];
    ldg_log_appender *aps[MAX_TENANTS_PER_CHUNK] = { 0 };
    size_t nids = 0, opened = 0;
    int copying = 0;
    ldg_code rc;

    (void)st;
    /* a retry starts over from the statically valid records */
    for (size_t i = 0; i < in->nrecs; i++)
        if (!in->recs[i].static_reject) {
            in->recs[i].status = REC_PENDING;
            in->recs[i].message = NULL;
            in->recs[i].reason = LDG_REJ_NONE;
        }
    ldg_buf_reset(&in->copy);
    in->copy_sent = 0;
    ldg_rollup_clear(in->rollups);
    ldg_rollup_clear(in->quarters);
    ldg_overlap_tail_begin(in->tails);
    ldg_usage_runs_clear(&in->runs);
    rc = mark_repeats(in, err);
    if (rc == LDG_OK)
        rc = chunk_tenants(ids, &nids, in, err);
    for (; rc == LDG_OK && opened < nids; opened++) {
        rc = ldg_log_appender_open(&aps[opened], in->st, ids[opened], err);
        if (rc == LDG_OK)
            heads[opened] = ldg_log_appender_size(aps[opened]);
        if (rc == LDG_OK && !in->optimistic)
            rc = mark_existing(in, ids[opened], err);
        if (rc == LDG_OK)
            rc = check_corrections(in, ids[opened], err);
    }
    /* under the head locks: what other runs appended to these tenants is read now */
    if (rc == LDG_OK)
        rc = ldg_overlap_store_sync(in->st, in->tails, ids, heads, nids, err);
    if (rc == LDG_OK && nids > 0) {
        rc = ldg_store_copy_begin(in->st, SQL_COPY_USAGE, err);
        copying = rc == LDG_OK;
    }
    for (size_t j = 0; rc == LDG_OK && j < nids; j++)
        rc = append_tenant(in, aps[j], ids[j], err);
    if (rc == LDG_OK && copying && in->copy.len > 0)
        rc = ldg_store_copy_put(in->st, in->copy.data, in->copy.len, err);
    if (copying) {
        ldg_error ignored;
        ldg_error_clear(&ignored);
        /* ends the COPY even after an error, so the connection can roll back */
        if (rc == LDG_OK)
            rc = ldg_store_copy_end(in->st, err);
        else
            ldg_store_copy_end(in->st, &ignored);
    }
    in->nappended = 0;
    for (size_t j = 0; rc == LDG_OK && j < nids; j++) {
        rc = ldg_log_appender_finish(aps[j], err);
        if (rc == LDG_OK)
            rc = ldg_overlap_tail_tenant_done(in->tails, ids[j],
                                              ldg_log_appender_size(aps[j]), err);
        in->appended[j] = ids[j];
        in->heads[j] = ldg_log_appender_size(aps[j]);
        in->nappended = j + 1;
    }
    if (rc == LDG_OK)
        rc = ldg_usage_run_put(in->st, &in->runs, err);
    if (rc == LDG_OK)
        rc = flush_rollups(in, err);
    if (rc == LDG_OK)
        rc = ldg_demand_store_flush(in->st, in->quarters, err);
    if (rc == LDG_OK)
        rc = ldg_overlap_store_chunk(in->st, in->tails, err);
    for (size_t j = 0; j < opened; j++)
        ldg_log_appender_free(aps[j]);
    return rc;
}

/* Driver --------------------------------------------------------------------------- */

#define CHUNK_ARENA_LIMIT (32u << 20) /* flush early when rejected lines pile up */

static ldg_code flush_work(ldg_store *st, void *vctx, ldg_error *err)
{
    ingest *in = vctx;

    return ldg_overlap_store_flush(st, in->tails, err);
}

/* Stores the run's tails and marks (their own transaction: no head lock is needed) and
 * forgets them. Not storing them loses nothing: the marks stay behind and the next chunk
 * or run reads the log past them (overlap_store.h). So a failure here does not fail an
 * ingest whose records are committed. */
static void flush_tails(ingest *in)
{
    ldg_error ignored;

    ldg_error_clear(&ignored);
    (void)ldg_store_run(in->st, flush_work, in, &ignored);
    ldg_overlap_tail_reset(in->tails);
}

static ldg_code run_chunk(ingest *in, ldg_error *err)
{
    ldg_code rc = LDG_OK;
    int any_pending = 0;

    for (size_t i = 0; i < in->nrecs; i++)
        if (!in->recs[i].static_reject)
            any_pending = 1;
    if (any_pending) {
        ldg_error first;

        ldg_error_clear(&first);
        in->optimistic = in->last_had_duplicates ? 0 : 1;
        rc = ldg_store_run(in->st, chunk_work, in, &first);
        if (rc == LDG_ECONFLICT && in->optimistic) {
            in->optimistic = 0; /* some records are logged already: look each one up */
            rc = ldg_store_run(in->st, chunk_work, in, err);
        } else if (rc != LDG_OK && err) {
            *err = first;
        }
    }
    if (rc != LDG_OK)
        return rc;
    for (size_t j = 0; any_pending && in->o->on_commit && j < in->nappended; j++)
        in->o->on_commit(in->o->commit_ctx, in->appended[j], in->heads[j]);
    ldg_overlap_tail_commit(in->tails);
    if (ldg_overlap_tail_nkeys(in->tails) > MAX_RUN_KEYS)
        flush_tails(in);
    in->last_had_duplicates = 0;
    for (size_t i = 0; i < in->nrecs; i++)
        if (in->recs[i].status == REC_DUPLICATE ||
            (in->recs[i].status == REC_REJECTED &&
             in->recs[i].reason == LDG_REJ_CONFLICT))
            in->last_had_duplicates = 1;
    if (any_pending)
        in->sum->chunks++;
    /* in line order: the chunk is read so and nothing reorders it (a sort here, a merge
     * sort copying the chunk, moved nothing and took 2 % of the client's time) */
    for (size_t i = 0; i < in->nrecs; i++) {
        rec *r = &in->recs[i];
        switch (r->status) {
        case REC_ACCEPTED:
            in->sum->accepted++;
            break;
        case REC_DUPLICATE:
            in->sum->duplicates++;
            break;
        default:
            in->sum->rejected++;
            in->sum->by_reason[r->reason]++;
            if (in->o->on_reject)
                in->o->on_reject(in->o->ctx, r->lineno, r->reason,
                                 r->message ? r->message : "rejected", r->line,
                                 r->line_len, r->offset, r->raw_len);
        }
    }
    in->nrecs = 0;
    ldg_arena_reset(in->arena);
    return LDG_OK;
}

/* Parsing ahead -------------------------------------------------------------------- */

/* Publishes the copy item (of size bytes) of name's entry in items (grown by doubling),
 * indexed by ix, unless published already or out of memory (the main thread then checks
 * the records naming it). Under the lock held for writing. */
static void view_put(ldg_strmap *ix, void **items, size_t *cap, size_t size,
                     const char *name, const void *item)
{
    size_t n = ldg_strmap_count(ix);
    int added = 0;

    if (ldg_strmap_get(ix, name, strlen(name)))
        return;
    if (n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        void *p = realloc(*items, c * size);

        if (!p)
            return;
        *items = p;
        *cap = c;
    }
    if (ldg_strmap_put(ix, name, strlen(name), (int64_t)n, &added) && added)
        memcpy((char *)*items + n * size, item, size);
}

static void view_publish(registry_view *v, const char *tenant, const tenant_info *t,
                         const char *site, const site_info *s)
{
    void *items;

    pthread_rwlock_wrlock(&v->lock);
    items = v->tenant;
    view_put(v->tenant_ix, &items, &v->cap_tenants, sizeof(*t), tenant, t);
    v->tenant = items;
    items = v->site;
    view_put(v->site_ix, &items, &v->cap_sites, sizeof(*s), site, s);
    v->site = items;
    pthread_rwlock_unlock(&v->lock);
}

/* The registry checks of a parsed record, when its tenant and site are published
 * (the caller holds the view's lock for reading). */
static void view_check(const registry_view *v, ldg_arena *a, rec *r)
{
    const int64_t *t = ldg_strmap_get(v->tenant_ix, r->u.tenant, strlen(r->u.tenant));
    const int64_t *s =
        t ? ldg_strmap_get(v->site_ix, r->u.site, strlen(r->u.site)) : NULL;

    if (!s)
        return;
    check_registry(a, r, &v->tenant[*t], &v->site[*s]);
    r->static_reject = r->status == REC_REJECTED;
    r->checked = 1;
}

/*
 * The lines of one chunk, read and parsed (every check that needs no database) by the
 * reader thread while the main thread stores the chunk before it: the client's parse of
 * chunk k+1 runs while the server copies chunk k, instead of after it. Two batches go
 * back and forth, so at most two chunks are held; the chunks are cut exactly where a
 * single thread cut them, so the same records share a transaction as before. Each line
 * is parsed, and checked against the registry_view, under the view's lock held for
 * reading.
 */
typedef struct batch {
    rec *recs;
    size_t nrecs;
    ldg_arena *arena;
    int64_t lines;      /* data lines in it (the summary's count) */
    int64_t offset;     /* input bytes read when it was cut (for progress) */
    const char *header; /* the CSV header line (arena), in the batch that read it */
    size_t header_len;
    int last;    /* the input ends with this batch */
    ldg_code rc; /* not LDG_OK: reading stopped here, err says why: store none of it */
    ldg_error err;
} batch;

typedef struct reader {
    ldg_line_reader *lines;
    ldg_usage_parser *parser;
    size_t cap;
    int64_t lineno;
    batch b[2];
    int full[2];     /* handed to the main thread and not yet given back */
    atomic_int stop; /* the main thread gave up: read no further (checked at each line) */
    int running;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    registry_view view;
    pthread_t thread;
} reader;

static rec *new_rec(batch *b, int64_t lineno, const char *line, size_t len)
{
    rec *r = &b->recs[b->nrecs++];

    memset(r, 0, sizeof(*r));
    r->lineno = lineno;
    r->line = line ? ldg_arena_strndup(b->arena, line, len) : NULL;
    r->line_len = r->line ? len : 0;
    return r;
}

static ldg_code take_line(reader *rd, batch *b, const char *line, size_t len,
                          size_t *arena_bytes)
{
    ldg_record u;
    int have = 0, header;
    ldg_reject_reason reason = LDG_REJ_NONE;
    ldg_error e;
    rec *r = NULL;
    ldg_code rc, copied = LDG_OK;

    int header_mode = ldg_usage_parser_wants_header(rd->parser);

    ldg_error_clear(&e);
    /* the parser reads the GPU class table, view_check the view: both under the lock */
    pthread_rwlock_rdlock(&rd->view.lock);
    rc = ldg_usage_parser_line(rd->parser, line, len, &u, &have, &reason, &e);
    header = header_mode && ldg_usage_parser_format(rd->parser) == LDG_FORMAT_CSV;
    if (!header) {
        b->lines++;
        r = new_rec(b, rd->lineno, line, len);
        *arena_bytes += len + 256;
        if (rc == LDG_OK)
            copied = copy_record(b->arena, r, &u);
        if (rc == LDG_OK && copied == LDG_OK)
            view_check(&rd->view, b->arena, r);
    }
    pthread_rwlock_unlock(&rd->view.lock);
    if (header) {
        if (rc != LDG_OK) {
            b->err = e;
            ldg_error_where(&b->err, "line %" PRId64, rd->lineno);
            return rc; /* the header: a bad one means the file cannot be read */
        }
        b->header = ldg_arena_strndup(b->arena, line, len);
        b->header_len = len;
        return b->header ? LDG_OK : ldg_error_set(&b->err, LDG_ENOMEM, "out of memory");
    }
    if (copied != LDG_OK)
        return ldg_error_set(&b->err, LDG_ENOMEM, "out of memory");
    if (rc != LDG_OK) {
        r->status = REC_REJECTED;
        r->static_reject = 1;
        r->reason = reason;
        char msg[sizeof(e.where) + sizeof(e.message) + 2];
        snprintf(msg, sizeof(msg), "%s%s%s", e.where, e.where[0] ? ": " : "", e.message);
        r->message = ldg_arena_strndup(b->arena, msg, strlen(msg));
    }
    return LDG_OK;
}

static ldg_code take_long_line(reader *rd, batch *b)
{
    rec *r;

    if (ldg_usage_parser_wants_header(rd->parser)) {
        ldg_error_set(&b->err, LDG_EINVAL, "first line is longer than %d bytes",
                      LDG_LINE_MAX);
        ldg_error_where(&b->err, "line %" PRId64, rd->lineno);
        return LDG_EINVAL;
    }
    b->lines++;
    r = new_rec(b, rd->lineno, NULL, 0);
    ldg_line_reader_span(rd->lines, &r->offset, &r->raw_len);
    r->status = REC_REJECTED;
    r->static_reject = 1;
    r->reason = LDG_REJ_TOO_LONG;
    r->message = "line is longer than 65536 bytes";
    return LDG_OK;
}

static int blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return 0;
    return 1;
}

/* Reads lines into b until it holds a chunk (cap records, or rejected lines pile up),
 * the input ends, or reading fails. */
static void fill_batch(reader *rd, batch *b)
{
    size_t arena_bytes = 0;

    ldg_arena_reset(b->arena);
    b->nrecs = 0;
    b->lines = 0;
    b->header = NULL;
    b->last = 0;
    b->rc = LDG_OK;
    ldg_error_clear(&b->err);
    while (b->rc == LDG_OK && b->nrecs < rd->cap && arena_bytes <= CHUNK_ARENA_LIMIT &&
           !atomic_load(&rd->stop)) {
        const char *line;
        size_t len;
        int too_long = 0;
        int got =
            ldg_line_reader_next(rd->lines, &line, &len, &rd->lineno, &too_long, &b->err);

        if (got < 0) {
            b->rc = b->err.code != LDG_OK ? b->err.code : LDG_EIO;
        } else if (got == 0) {
            b->last = 1;
            if (ldg_usage_parser_wants_header(rd->parser))
                b->rc =
                    ldg_error_set(&b->err, LDG_EINVAL,
                                  rd->lineno == 0 ? "empty file: no header and no records"
                                                  : "no header line: the file holds"
                                                    " only blank lines");
            break;
        } else if (too_long) {
            b->rc = take_long_line(rd, b);
        } else if (!blank(line, len)) {
            b->rc = take_line(rd, b, line, len, &arena_bytes);
        }
    }
    b->offset = ldg_line_reader_offset(rd->lines);
}

static void *reader_main(void *arg)
{
    reader *rd = arg;

    for (int i = 0;; i ^= 1) {
        batch *b = &rd->b[i];
        int stop;

        pthread_mutex_lock(&rd->mu);
        while (rd->full[i] && !rd->stop)
            pthread_cond_wait(&rd->cv, &rd->mu);
        stop = rd->stop;
        pthread_mutex_unlock(&rd->mu);
        if (stop)
            break;
        fill_batch(rd, b);
        pthread_mutex_lock(&rd->mu);
        rd->full[i] = 1;
        pthread_cond_broadcast(&rd->cv);
        pthread_mutex_unlock(&rd->mu);
        if (b->last || b->rc != LDG_OK)
            break;
    }
    return NULL;
}

/* Batch i once the reader has filled it. */
static batch *reader_take(reader *rd, int i)
{
    pthread_mutex_lock(&rd->mu);
    while (!rd->full[i])
        pthread_cond_wait(&rd->cv, &rd->mu);
    pthread_mutex_unlock(&rd->mu);
    return &rd->b[i];
}

static void reader_give_back(reader *rd, int i)
{
    pthread_mutex_lock(&rd->mu);
    rd->full[i] = 0;
    pthread_cond_broadcast(&rd->cv);
    pthread_mutex_unlock(&rd->mu);
}

static ldg_code reader_start(reader *rd, FILE *f, ldg_usage_format fmt, size_t cap,
                             ldg_error *err)
{
    ldg_code rc = LDG_OK;

    rd->cap = cap;
    for (int i = 0; i < 2 && rc == LDG_OK; i++) {
        rd->b[i].recs = calloc(cap, sizeof(rec));
        if (!rd->b[i].recs)
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        if (rc == LDG_OK)
            rc = ldg_arena_new(&rd->b[i].arena, err);
    }
    if (rc == LDG_OK)
        rc = ldg_line_reader_new(&rd->lines, f, err);
    if (rc == LDG_OK)
        rc = ldg_usage_parser_new(&rd->parser, fmt, err);
    if (rc == LDG_OK)
        rc = ldg_strmap_new(&rd->view.tenant_ix, err);
    if (rc == LDG_OK)
        rc = ldg_strmap_new(&rd->view.site_ix, err);
    if (rc != LDG_OK)
        return rc;
    if (pthread_mutex_init(&rd->mu, NULL) != 0)
        return ldg_error_set(err, LDG_ENOMEM, "could not start the reader thread");
    if (pthread_cond_init(&rd->cv, NULL) == 0) {
        if (pthread_rwlock_init(&rd->view.lock, NULL) == 0) {
            if (pthread_create(&rd->thread, NULL, reader_main, rd) == 0) {
                rd->running = 1;
                return LDG_OK;
            }
            pthread_rwlock_destroy(&rd->view.lock);
        }
        pthread_cond_destroy(&rd->cv);
    }
    pthread_mutex_destroy(&rd->mu);
    return ldg_error_set(err, LDG_ENOMEM, "could not start the reader thread");
}

/* Stops the reader (after the line it is reading, if any) and frees it. */
static void reader_stop(reader *rd)
{
    if (rd->running) {
        pthread_mutex_lock(&rd->mu);
        rd->stop = 1;
        pthread_cond_broadcast(&rd->cv);
        pthread_mutex_unlock(&rd->mu);
        pthread_join(rd->thread, NULL);
        pthread_rwlock_destroy(&rd->view.lock);
        pthread_cond_destroy(&rd->cv);
        pthread_mutex_destroy(&rd->mu);
    }
    for (int i = 0; i < 2; i++) {
        free(rd->b[i].recs);
        ldg_arena_free(rd->b[i].arena);
    }
    ldg_usage_parser_free(rd->parser);
    ldg_line_reader_free(rd->lines);
    ldg_strmap_free(rd->view.tenant_ix);
    ldg_strmap_free(rd->view.site_ix);
    free(rd->view.tenant);
    free(rd->view.site);
}

/* Main thread --------------------------------------------------------------------- */

/* The checks that need the registry, for the batch's parsed records the reader could not
 * check (view_check): here, since the first sight of a tenant or site asks the database;
 * what is looked up is then published for the reader. Consecutive records mostly name the
 * same tenant and site: those are looked up once per run of them. */
static ldg_code check_batch(ingest *in, ldg_error *err)
{
    tenant_info *t = NULL;
    site_info *s = NULL;
    const char *tname = NULL, *sname = NULL;
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < in->nrecs; i++) {
        rec *r = &in->recs[i];

        if (r->static_reject || r->checked)
            continue;
        if (!tname || strcmp(tname, r->u.tenant) != 0 || strcmp(sname, r->u.site) != 0) {
            rc = tenant_lookup(&t, in, r->u.tenant, err);
            if (rc == LDG_OK)
                rc = site_lookup(&s, in, r->u.site, err);
            if (rc != LDG_OK)
                break;
            tname = r->u.tenant;
            sname = r->u.site;
            view_publish(in->view, tname, t, sname, s);
        }
        check_registry(in->arena, r, t, s);
        if (r->status == REC_REJECTED)
            r->static_reject = 1;
    }
    return rc;
}

static ldg_code take_batch(ingest *in, batch *b, ldg_error *err)
{
    ldg_code rc;

    if (b->header && in->o->on_header)
        in->o->on_header(in->o->ctx, b->header, b->header_len);
    in->sum->lines += b->lines;
    if (b->rc != LDG_OK) {
        if (err)
            *err = b->err;
        return b->rc;
    }
    in->recs = b->recs;
    in->nrecs = b->nrecs;
    in->arena = b->arena;
    rc = check_batch(in, err);
    return rc == LDG_OK ? run_chunk(in, err) : rc;
}

static void ingest_cleanup(ingest *in)
{
    for (size_t i = 0; i < in->tenants.n; i++)
        free(((tenant_info *)in->tenants.items)[i].terms);
    for (size_t i = 0; i < in->sites.n; i++) {
        site_info *s = &((site_info *)in->sites.items)[i];

        free(s->caps);
        ldg_site_inventories_free(s->inv, s->ninv);
    }
    free(in->tenants.items);
    free(in->sites.items);
    ldg_strmap_free(in->events);
    ldg_merkle_hasher_free(in->hasher);
    ldg_rollup_free(in->rollups);
    ldg_rollup_free(in->quarters);
    ldg_overlap_tail_free(in->tails);
    ldg_usage_runs_cleanup(&in->runs);
    ldg_strmap_free(in->tenants.ix);
    ldg_strmap_free(in->sites.ix);
    ldg_buf_cleanup(&in->copy);
    ldg_buf_cleanup(&in->bytes);
    ldg_pg_arrays_cleanup(&in->ids);
}

ldg_code ldg_ingest(ldg_ingest_summary *out, ldg_store *st, FILE *f,
                    const ldg_ingest_opts *opts, ldg_error *err)
{
    ingest in = { .st = st, .o = opts, .sum = out };
    reader rd = { 0 };
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    in.chunk_cap = opts->chunk_records ? opts->chunk_records : DEFAULT_CHUNK;
    rc = ldg_strmap_new(&in.events, err);
    if (rc == LDG_OK)
        rc = ldg_merkle_hasher_new(&in.hasher, err);
    if (rc == LDG_OK)
        rc = ldg_rollup_new(&in.rollups, err);
    if (rc == LDG_OK)
        rc = ldg_rollup_new(&in.quarters, err);
    if (rc == LDG_OK)
        rc = ldg_overlap_tail_new(&in.tails, err);
    if (rc == LDG_OK)
        rc = ldg_strmap_new(&in.tenants.ix, err);
    if (rc == LDG_OK)
        rc = ldg_strmap_new(&in.sites.ix, err);
    if (rc == LDG_OK)
        rc = reader_start(&rd, f, opts->format, in.chunk_cap, err);
    in.view = &rd.view;
    for (int i = 0; rc == LDG_OK; i ^= 1) {
        batch *b = reader_take(&rd, i);
        int last = b->last;

        rc = take_batch(&in, b, err);
        if (rc == LDG_OK && last)
            flush_tails(&in);
        if (rc == LDG_OK && opts->on_progress)
            opts->on_progress(opts->ctx, out, b->offset);
        reader_give_back(&rd, i);
        if (last)
            break;
    }
    reader_stop(&rd);
    ingest_cleanup(&in);
    return rc;
}
