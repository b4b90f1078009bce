/*
 * Hourly rollups: a strmap from the packed key to an index into two value arrays.
 */
#include "ledger/rollup.h"

#include "ledger/fixed.h"
#include "ledger/rate.h"
#include "ledger/strmap.h"

#include <stdlib.h>
#include <string.h>

struct ldg_rollup {
    ldg_strmap *ix;
    int64_t *qty;
    int64_t *records;
    size_t cap;
};

ldg_code ldg_rollup_new(ldg_rollup **out, ldg_error *err)
{
    ldg_rollup *r = calloc(1, sizeof(*r));

    *out = NULL;
    if (!r || ldg_strmap_new(&r->ix, err) != LDG_OK) {
        free(r);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    *out = r;
    return LDG_OK;
}

void ldg_rollup_free(ldg_rollup *r)
{
    if (!r)
        return;
    ldg_strmap_free(r->ix);
    free(r->qty);
    free(r->records);
    free(r);
}

void ldg_rollup_clear(ldg_rollup *r)
{
    ldg_strmap_clear(r->ix);
}

size_t ldg_rollup_count(const ldg_rollup *r)
{
    return ldg_strmap_count(r->ix);
}

static ldg_code add_piece(ldg_rollup *r, const ldg_rollup_key *k, int64_t qty,
                          ldg_error *err)
{
    int added = 0;
    int64_t *ix =
        ldg_strmap_put(r->ix, k, sizeof(*k), (int64_t)ldg_strmap_count(r->ix), &added);

    if (!ix)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if ((size_t)*ix >= r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4096;
        int64_t *q = realloc(r->qty, cap * sizeof(*q));
        int64_t *n;

        if (!q)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        r->qty = q;
        if (!(n = realloc(r->records, cap * sizeof(*n))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        r->records = n;
        r->cap = cap;
    }
    if (added) {
        r->qty[*ix] = 0;
        r->records[*ix] = 0;
    }
    r->records[*ix]++;
    return ldg_fixed_add(&r->qty[*ix], r->qty[*ix], qty, err);
}

ldg_code ldg_rollup_add_piece(ldg_rollup *r, const ldg_rollup_key *k, int64_t qty,
                              ldg_error *err)
{
    return add_piece(r, k, qty, err);
}

ldg_code ldg_rollup_add(ldg_rollup *r, int32_t tenant_id, int16_t site_id,
                        const ldg_record *u, ldg_error *err)
{
    ldg_rollup_key k;
    ldg_time hour = u->start - (((u->start % LDG_SECS_PER_HOUR) + LDG_SECS_PER_HOUR) %
                                LDG_SECS_PER_HOUR);
    int64_t done = 0;
    ldg_code rc = LDG_OK;

    memset(&k, 0, sizeof(k)); /* the key's padding is hashed too */
    k.tenant_id = tenant_id;
    k.site_id = site_id;
    k.kind = (int8_t)u->kind;
    k.cls = (int8_t)u->cls;
    for (; rc == LDG_OK && hour < u->end; hour += LDG_SECS_PER_HOUR) {
        int64_t upto = u->qty_micros;

        if (hour + LDG_SECS_PER_HOUR < u->end)
            ldg_rate_split(&upto, u->qty_micros, u->start, u->end,
                           hour + LDG_SECS_PER_HOUR);
        k.hour = hour;
        rc = add_piece(r, &k, upto - done, err);
        done = upto;
    }
    return rc;
}

int ldg_rollup_at(const ldg_rollup *r, size_t i, ldg_rollup_key *key, int64_t *qty,
                  int64_t *records)
{
    const void *k;
    size_t len;
    int64_t ix;
    int st = ldg_strmap_at(r->ix, i, &k, &len, &ix);

    if (st == 1) {
        memcpy(key, k, sizeof(*key));
        *qty = r->qty[ix];
        *records = r->records[ix];
    }
    return st;
}

int ldg_rollup_get(const ldg_rollup *r, const ldg_rollup_key *key, int64_t *qty,
                   int64_t *records)
{
    int64_t *ix = ldg_strmap_get(r->ix, key, sizeof(*key));

    if (!ix)
        return 0;
    *qty = r->qty[*ix];
    *records = r->records[*ix];
    return 1;
}
