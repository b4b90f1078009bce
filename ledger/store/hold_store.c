/*
 * Contract holds in the store. See hold_store.h.
 *
 * The one-hold-per-contract rule is the table's partial unique index, so two people
 * holding at once get one hold and one refusal (LDG_ECONFLICT, from SQLSTATE 23505),
 * never two rows; the message is rebuilt from the standing row.
 */
#include "ledger/store/hold_store.h"

#include "ledger/store/pg_array.h"
#include "ledger/store/registry.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static ldg_code check_text(const char *what, const char *s, size_t max, ldg_error *err)
{
    if (!s || !*s)
        return ldg_error_set(err, LDG_EINVAL, "%s must not be empty", what);
    if (strlen(s) > max || !ldg_text_no_controls(s, strlen(s)))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s must be at most %zu bytes without control characters",
                             what, max);
    return LDG_OK;
}

ldg_code ldg_hold_send(ldg_store_ticket *ticket, ldg_store *st, const int32_t *tenant_ids,
                       const char *const *contract_ids, size_t n, ldg_error *err)
{
    /* one row per contract held (the standing hold is unique: migration 0010) */
    return ldg_pg_arrays_send_contracts(
        ticket, st,
        "SELECT q.ord, extract(epoch FROM h.held_at)::bigint,"
        " h.held_by, h.reason FROM unnest($1::int[], $2::text[])"
        " WITH ORDINALITY AS q(t, c, ord) JOIN ledger.contract_hold h"
        " ON h.tenant_id = q.t AND h.contract_id = q.c AND h.released_at IS NULL",
        tenant_ids, contract_ids, n, err);
}

void ldg_hold_of(ldg_contract_hold *out, const PGresult *res, size_t i)
{
    int r = ldg_store_row_of(res, 0, i);

    memset(out, 0, sizeof(*out));
    if (r < 0)
        return;
    out->held = 1;
    out->held_at = ldg_store_int64(res, r, 1);
    snprintf(out->held_by, sizeof(out->held_by), "%s", PQgetvalue(res, r, 2));
    snprintf(out->reason, sizeof(out->reason), "%s", PQgetvalue(res, r, 3));
}

ldg_code ldg_hold_get(ldg_contract_hold *out, ldg_store *st, int32_t tenant_id,
                      const char *contract_id, ldg_error *err)
{
    ldg_store_ticket ticket = 0;
    PGresult *res = NULL;
    ldg_code rc = ldg_hold_send(&ticket, st, &tenant_id, &contract_id, 1, err);

    if (rc == LDG_OK)
        rc = ldg_store_take(&res, st, ticket, err);
    memset(out, 0, sizeof(*out));
    if (rc == LDG_OK)
        ldg_hold_of(out, res, 0);
    PQclear(res);
    return rc;
}

typedef struct hold_ctx {
    const char *tenant, *contract_id, *by, *reason;
    ldg_time at;
    ldg_contract_hold was;
} hold_ctx;

/* The tenant id of c's contract, or LDG_ENOTFOUND naming what is unknown. */
static ldg_code contract_of(int32_t *tid, ldg_store *st, const hold_ctx *c,
                            ldg_error *err)
{
    return ldg_registry_contract_tenant(tid, st, c->tenant, c->contract_id, err);
}

static ldg_code put_work(ldg_store *st, void *vctx, ldg_error *err)
{
    hold_ctx *c = vctx;
    char t[24], at[24];
    int32_t tid = 0;
    ldg_code rc = contract_of(&tid, st, c, err);

    if (rc == LDG_OK)
        rc = ldg_hold_get(&c->was, st, tid, c->contract_id, err);
    if (rc == LDG_OK && !c->was.held) {
        const char *params[5] = { ldg_store_i64(t, tid), c->contract_id,
                                  ldg_store_i64(at, c->at), c->by, c->reason };
        rc = ldg_store_exec(NULL, st,
                            "INSERT INTO ledger.contract_hold (tenant_id, contract_id,"
                            " held_at, held_by, reason) VALUES ($1, $2,"
                            " to_timestamp($3), $4, $5)",
                            5, params, err);
    }
    return rc;
}

ldg_code ldg_hold_put(ldg_store *st, const char *tenant, const char *contract_id,
                      const char *by, const char *reason, ldg_time at, ldg_error *err)
{
    hold_ctx c = {
        .tenant = tenant, .contract_id = contract_id, .by = by, .reason = reason, .at = at
    };
    char when[LDG_TIME_BUFLEN];
    ldg_code rc = check_text("--by", by, LDG_HOLD_BY_MAX, err);

    if (rc == LDG_OK)
        rc = check_text("--reason", reason, LDG_HOLD_REASON_MAX, err);
    if (rc == LDG_OK)
        rc = ldg_store_run(st, put_work, &c, err);
    if (rc == LDG_ECONFLICT) { /* held meanwhile by someone else: say by whom */
        ldg_error_clear(err);
        rc = ldg_store_run(st, put_work, &c, err);
    }
    if (rc == LDG_OK && c.was.held)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "contract \"%s\" is already held since %s by %s: %s",
                           contract_id, ldg_time_format(when, c.was.held_at),
                           c.was.held_by, c.was.reason);
    return rc;
}

static ldg_code release_work(ldg_store *st, void *vctx, ldg_error *err)
{
    hold_ctx *c = vctx;
    char t[24], at[24];
    int32_t tid = 0;
    ldg_code rc = contract_of(&tid, st, c, err);

    if (rc == LDG_OK)
        rc = ldg_hold_get(&c->was, st, tid, c->contract_id, err);
    if (rc == LDG_OK && !c->was.held)
        return ldg_error_set(err, LDG_ENOTFOUND, "contract \"%s\" is not held",
                             c->contract_id);
    if (rc == LDG_OK) {
        const char *params[4] = { ldg_store_i64(t, tid), c->contract_id,
                                  ldg_store_i64(at, c->at), c->by };
        /* never before the hold: a release --as-of earlier than it is the hold's own */
        rc = ldg_store_exec(NULL, st,
                            "UPDATE ledger.contract_hold SET released_at ="
                            " greatest(to_timestamp($3), held_at), released_by = $4,"
                            " released_login = session_user WHERE tenant_id = $1"
                            " AND contract_id = $2 AND released_at IS NULL",
                            4, params, err);
    }
    return rc;
}

ldg_code ldg_hold_release(ldg_contract_hold *was, ldg_store *st, const char *tenant,
                          const char *contract_id, const char *by, ldg_time at,
                          ldg_error *err)
{
    hold_ctx c = { .tenant = tenant, .contract_id = contract_id, .by = by, .at = at };
    ldg_code rc = check_text("--by", by, LDG_HOLD_BY_MAX, err);

    if (rc == LDG_OK)
        rc = ldg_store_run(st, release_work, &c, err);
    *was = c.was;
    return rc;
}
