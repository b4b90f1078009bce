/*
 * Drafts. See draft_store.h. Billing (billing.c) decides when a document waits and
 * calls ldg_draft_put / ldg_draft_match / ldg_draft_approved inside its transaction,
 * with the tenant's log head locked; the commands here (approve, reject, list) take
 * the head lock before a draft's row lock, as billing does, so the two never wait on
 * each other in opposite orders.
 */
#include "ledger/store/draft_store.h"

#include "ledger/store/billing.h"
#include "ledger/store/logstore.h"
#include "ledger/store/pg_array.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRAFT_ID_DIGITS 15

static const char *i64(char buf[24], int64_t v)
{
    return ldg_store_i64(buf, v);
}

/* "D<n>", n from 1, no leading zero. */
static ldg_code parse_id(int64_t *no, const char *id, ldg_error *err)
{
    size_t n = id ? strlen(id) : 0;

    *no = 0;
    if (n < 2 || n > DRAFT_ID_DIGITS + 1 || id[0] != 'D' || id[1] == '0')
        return ldg_error_set(err, LDG_EINVAL, "draft id must be D<number>, as listed");
    for (size_t i = 1; i < n; i++) {
        if (id[i] < '0' || id[i] > '9')
            return ldg_error_set(err, LDG_EINVAL,
                                 "draft id must be D<number>, as listed");
        *no = *no * 10 + (id[i] - '0');
    }
    return LDG_OK;
}

/* What a person types goes into signed entries: bounded, printable. */
static ldg_code check_text(const char *what, const char *s, size_t max, int required,
                           ldg_error *err)
{
    if (!s || !*s)
        return required ? ldg_error_set(err, LDG_EINVAL, "%s must not be empty", what)
                        : LDG_OK;
    if (strlen(s) > max || !ldg_text_no_controls(s, strlen(s)))
        return ldg_error_set(err, LDG_EINVAL,
                             "%s must be at most %zu bytes without control characters",
                             what, max);
    return LDG_OK;
}

/* The gate's arrays: tenant ids, contract ids, periods. */
static ldg_code gate_arrays(const char *params[3], ldg_pg_arrays *a,
                            const int32_t *tenant_ids, const char *const *contract_ids,
                            const ldg_period *periods, size_t n, ldg_error *err)
{
    ldg_code rc = ldg_pg_arrays_open(a, 3, err);

    if (rc == LDG_OK)
        rc = ldg_pg_arrays_contracts(a, tenant_ids, contract_ids, n, err);
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        char per[8];

        rc = ldg_pg_arrays_text(a, 2, ldg_period_format(per, periods[i]), err);
    }
    return rc == LDG_OK ? ldg_pg_arrays_close(params, a, err) : rc;
}

ldg_code ldg_draft_gate_send(ldg_store_ticket *ticket, ldg_store *st,
                             const int32_t *tenant_ids, const char *const *contract_ids,
                             const ldg_period *periods, size_t n, ldg_error *err)
{
    const char *params[3];
    ldg_pg_arrays a = { 0 };
    ldg_code rc = gate_arrays(params, &a, tenant_ids, contract_ids, periods, n, err);

    /* one row per period with a draft: the pending one, else the latest */
    if (rc == LDG_OK)
        rc = ldg_store_send(
            ticket, st,
            "SELECT q.ord, d.state, d.rated_size FROM unnest($1::int[], $2::text[],"
            " $3::text[]) WITH ORDINALITY AS q(t, c, per, ord) CROSS JOIN LATERAL"
            " (SELECT state, rated_size FROM ledger.invoice_draft WHERE tenant_id = q.t"
            " AND contract_id = q.c AND period = q.per AND state <> 'replaced'"
            " ORDER BY state = 'pending' DESC, draft_no DESC LIMIT 1) d",
            3, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}

void ldg_draft_gate_of(ldg_draft_gate *out, const PGresult *res, size_t i)
{
    int r = ldg_store_row_of(res, 0, i);
    const char *state = r < 0 ? "" : PQgetvalue(res, r, 1);

    *out = (ldg_draft_gate){ .rated_size = -1 };
    out->pending = strcmp(state, "pending") == 0;
    out->rejected = strcmp(state, "rejected") == 0;
    if (out->pending || out->rejected)
        out->rated_size = ldg_store_int64(res, r, 2);
}

ldg_code ldg_draft_lock(ldg_draft_gate *gate, ldg_store *st, int32_t tenant_id,
                        ldg_draft_approval *a, ldg_error *err)
{
    char t[24], no[24];
    const char *params[2] = { i64(t, tenant_id), i64(no, a->draft_no) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT state, kind, coalesce(amends, ''), rated_size, doc::text"
        " FROM ledger.invoice_draft WHERE tenant_id = $1 AND draft_no = $2 FOR UPDATE",
        2, params, err);

    *gate = (ldg_draft_gate){ .rated_size = -1 };
    json_decref(a->doc);
    a->doc = NULL;
    a->issued = 0;
    a->number[0] = '\0';
    ldg_buf_reset(&a->diff);
    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no draft D%" PRId64, a->draft_no);
    if (rc == LDG_OK && strcmp(PQgetvalue(res, 0, 0), "pending") != 0)
        rc = ldg_error_set(err, LDG_ECONFLICT, "draft D%" PRId64 " is %s, not pending",
                           a->draft_no, PQgetvalue(res, 0, 0));
    if (rc == LDG_OK && !(a->doc = json_loads(PQgetvalue(res, 0, 4), 0, NULL)))
        rc = ldg_error_set(err, LDG_EINTERNAL, "stored draft is not JSON");
    if (rc == LDG_OK) {
        snprintf(a->kind, sizeof(a->kind), "%s", PQgetvalue(res, 0, 1));
        snprintf(a->amends, sizeof(a->amends), "%s", PQgetvalue(res, 0, 2));
        a->rated_size = gate->rated_size = ldg_store_int64(res, 0, 3);
        gate->pending = 1;
    }
    PQclear(res);
    return rc;
}

ldg_code ldg_draft_put(ldg_store *st, const ldg_contract_ref *c, ldg_period p,
                       const char *kind, const char *amends, const json_t *doc,
                       int64_t rated_size, const char *rated_root, ldg_time at,
                       ldg_error *err)
{
    char t[24], per[8], size[24], when[24];
    char *text = json_dumps(doc, JSON_COMPACT);
    const char *params[9] = { i64(t, c->tenant_id),
                              c->contract_id,
                              ldg_period_format(per, p),
                              i64(when, at),
                              i64(size, rated_size),
                              kind,
                              amends,
                              text,
                              rated_root };
    ldg_code rc = text ? LDG_OK : ldg_error_set(err, LDG_ENOMEM, "out of memory");

    if (rc == LDG_OK)
        rc = ldg_store_exec(
            NULL, st,
            "UPDATE ledger.invoice_draft SET state = 'replaced',"
            " decided_at = to_timestamp($4) WHERE tenant_id = $1 AND contract_id = $2"
            " AND period = $3 AND state = 'pending' AND rated_size < $5",
            5, params, err);
    /* the log head is locked: no other draft of the tenant is numbered meanwhile */
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            NULL, st,
            "INSERT INTO ledger.invoice_draft (tenant_id, draft_no, contract_id,"
            " period, kind, amends, currency, total_micros, doc, rated_size,"
            " rated_root, created_at)"
            " SELECT $1, coalesce(max(draft_no), 0) + 1, $2, $3, $6, $7,"
            " $8::jsonb ->> 'currency', (($8::jsonb ->> 'total')::numeric * 1000000)"
            "::bigint, $8::jsonb, $5, decode($9, 'base64'), to_timestamp($4)"
            " FROM ledger.invoice_draft WHERE tenant_id = $1",
            9, params, err);
    free(text);
    return rc;
}

/* The key of a line in the differences: stream, class, window, unit and rate. */
static void line_key(char *out, size_t size, const json_t *l)
{
    const json_t *cls = json_object_get(l, "class");

    snprintf(out, size, "%s %s [%s, %s) %s at %s",
             json_string_value(json_object_get(l, "stream")),
             json_is_string(cls) ? json_string_value(cls) : "-",
             json_string_value(json_object_get(l, "from")),
             json_string_value(json_object_get(l, "to")),
             json_string_value(json_object_get(l, "unit")),
             json_string_value(json_object_get(l, "rate")));
}

static const char *member(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "0";
}

/* Lines of `from` whose key has no equal line in `in`, one text line each: with the
 * line of that key in `in` when there is one (was -> now), else as gone or new. */
static ldg_code diff_side(ldg_buf *out, const json_t *from, const json_t *in, int now,
                          ldg_error *err)
{
    char k1[512], k2[512];
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < json_array_size(from); i++) {
        const json_t *l = json_array_get(from, i), *m = NULL;

        line_key(k1, sizeof(k1), l);
        for (size_t j = 0; !m && j < json_array_size(in); j++) {
            line_key(k2, sizeof(k2), json_array_get(in, j));
            if (strcmp(k1, k2) == 0)
                m = json_array_get(in, j);
        }
        if (m && json_equal(l, m))
            continue;
        if (m && !now) /* a changed line is printed once, from the draft's side */
            rc = ldg_buf_printf(out, err, "  %s: quantity %s -> %s, amount %s -> %s\n",
                                k1, member(l, "quantity"), member(m, "quantity"),
                                member(l, "amount"), member(m, "amount"));
        else if (!m)
            rc = ldg_buf_printf(out, err, "  %s %s: quantity %s, amount %s\n",
                                now ? "new" : "gone", k1, member(l, "quantity"),
                                member(l, "amount"));
    }
    return rc;
}

ldg_code ldg_draft_match(int *same, ldg_draft_approval *a, const char *kind,
                         const char *amends, const json_t *doc, int stale, ldg_error *err)
{
    const json_t *was = json_object_get(a->doc, "lines");
    const json_t *now = json_object_get(doc, "lines");
    ldg_code rc;

    *same = strcmp(kind, a->kind) == 0 && strcmp(amends ? amends : "", a->amends) == 0;
    if (!*same || (!stale && json_equal(was, now)))
        return LDG_OK;
    rc = ldg_buf_printf(&a->diff, err, "draft D%" PRId64 " (total %s) rated now:\n",
                        a->draft_no, member(a->doc, "total"));
    if (rc == LDG_OK)
        rc = diff_side(&a->diff, was, now, 0, err);
    if (rc == LDG_OK)
        rc = diff_side(&a->diff, now, was, 1, err);
    if (rc == LDG_OK)
        rc = ldg_buf_printf(&a->diff, err, "  total: %s -> %s\n", member(a->doc, "total"),
                            member(doc, "total"));
    if (rc != LDG_OK)
        return rc;
    rc =
        ldg_error_set(err, LDG_ECONFLICT,
                      stale ? "draft D%" PRId64 " is stale: its period gained usage after"
                              " it was rated (log size %" PRId64 ")"
                            : "draft D%" PRId64 " no longer matches its period's rating"
                              " (log size %" PRId64 ")",
                      a->draft_no, a->rated_size);
    ldg_error_hint(err, "the next nightly or bill run rates the period again and stores"
                        " a new draft; approve that one");
    return rc;
}

/* Appends the draft_decision entry of a (loaded by ldg_draft_lock) and records it in
 * the row: decision "approved" (number set) or "rejected". */
static ldg_code decide(ldg_store *st, const ldg_draft_approval *a, int32_t tenant_id,
                       const char *tenant, const char *decision, const char *number,
                       ldg_time at, ldg_error *err)
{
    char id[24], when[LDG_TIME_BUFLEN], t[24], no[24], seqs[24], at_s[24];
    int64_t seq = -1;
    json_t *data;
    ldg_code rc;

    snprintf(id, sizeof(id), "D%" PRId64, a->draft_no);
    data = json_pack(
        "{s:s, s:O, s:O, s:s, s:s?, s:O, s:O, s:s, s:s, s:s?, s:s?, s:s}", "draft", id,
        "contract", json_object_get(a->doc, "contract"), "period",
        json_object_get(a->doc, "period"), "kind", a->kind, "amends",
        a->amends[0] ? a->amends : NULL, "total", json_object_get(a->doc, "total"),
        "rated_from", json_object_get(a->doc, "rated_from"), "decision", decision, "by",
        a->by, "note", a->note, "number", number, "decided", ldg_time_format(when, at));
    if (!data)
        return ldg_error_set(err, LDG_EINTERNAL, "could not build the decision entry");
    rc = ldg_log_append_doc(&seq, st, tenant_id, tenant, "draft_decision", data, err);
    json_decref(data);
    if (rc == LDG_OK) {
        const char *params[8] = { i64(t, tenant_id), i64(no, a->draft_no),
                                  decision,          a->by,
                                  a->note,           number,
                                  i64(at_s, at),     i64(seqs, seq) };
        rc = ldg_store_exec(
            NULL, st,
            "UPDATE ledger.invoice_draft SET state = $3, decided_by = $4, note = $5,"
            " number = $6, decided_at = to_timestamp($7), decision_seq = $8"
            " WHERE tenant_id = $1 AND draft_no = $2 AND state = 'pending'",
            8, params, err);
    }
    return rc;
}

ldg_code ldg_draft_approved(ldg_store *st, ldg_draft_approval *a,
                            const ldg_contract_ref *c, const char *number, ldg_time at,
                            ldg_error *err)
{
    ldg_code rc = decide(st, a, c->tenant_id, c->tenant, "approved", number, at, err);

    if (rc == LDG_OK) {
        snprintf(a->number, sizeof(a->number), "%s", number);
        a->issued = 1;
    }
    return rc;
}

/* The draft's tenant, contract and period; tenant NULL: the one tenant with that id. */
typedef struct draft_ref {
    int32_t tenant_id;
    char tenant[64];
    char contract_id[128];
    ldg_period period;
    char state[16];
} draft_ref;

static ldg_code find(draft_ref *out, ldg_store *st, const char *tenant, int64_t no,
                     ldg_error *err)
{
    char n[24];
    const char *params[2] = { i64(n, no), tenant };
    PGresult *res = NULL;
    ldg_code rc =
        ldg_store_exec(&res, st,
                       "SELECT d.tenant_id, t.tenant, d.contract_id, d.period, d.state"
                       " FROM ledger.invoice_draft d JOIN ledger.tenant t"
                       " USING (tenant_id) WHERE d.draft_no = $1"
                       " AND ($2::text IS NULL OR t.tenant = $2)",
                       2, params, err);

    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no draft D%" PRId64 "%s%s", no,
                           tenant ? " for tenant " : "", tenant ? tenant : "");
    else if (rc == LDG_OK && PQntuples(res) > 1)
        rc = ldg_error_set(err, LDG_EINVAL,
                           "draft D%" PRId64 " exists for several tenants: give --tenant",
                           no);
    if (rc == LDG_OK) {
        out->tenant_id = (int32_t)ldg_store_int64(res, 0, 0);
        snprintf(out->tenant, sizeof(out->tenant), "%s", PQgetvalue(res, 0, 1));
        snprintf(out->contract_id, sizeof(out->contract_id), "%s", PQgetvalue(res, 0, 2));
        snprintf(out->state, sizeof(out->state), "%s", PQgetvalue(res, 0, 4));
        rc = ldg_period_parse(&out->period, PQgetvalue(res, 0, 3), err);
    }
    PQclear(res);
    return rc;
}

/* The registry's reference of the draft's contract. */
static ldg_code contract_ref(ldg_contract_ref *out, ldg_store *st, const draft_ref *d,
                             ldg_error *err)
{
    ldg_contract_ref *refs = NULL;
    size_t n = 0;
    ldg_code rc = ldg_registry_contracts(&refs, &n, st, d->tenant, err);
    size_t i = 0;

    while (rc == LDG_OK && i < n && strcmp(refs[i].contract_id, d->contract_id) != 0)
        i++;
    if (rc == LDG_OK && i == n)
        rc = ldg_error_set(err, LDG_EINTERNAL, "draft of unknown contract \"%s\"",
                           d->contract_id);
    if (rc == LDG_OK)
        *out = refs[i];
    free(refs);
    return rc;
}

ldg_code ldg_draft_approve(char number[96], ldg_buf *diff, ldg_store *st,
                           const char *tenant, const char *id, const char *by,
                           const char *note, ldg_time as_of, const ldg_signer *signer,
                           ldg_error *err)
{
    ldg_draft_approval a = { .by = by, .note = note };
    ldg_bill_opts o = { .as_of = as_of, .signer = signer, .approve = &a };
    ldg_bill_outcome outcome = 0;
    ldg_contract_ref c;
    draft_ref d;
    ldg_code rc = parse_id(&a.draft_no, id, err);

    number[0] = '\0';
    if (rc == LDG_OK)
        rc = check_text("--by", by, LDG_DRAFT_BY_MAX, 1, err);
    if (rc == LDG_OK)
        rc = check_text("--note", note, LDG_DRAFT_NOTE_MAX, 0, err);
    if (rc == LDG_OK)
        rc = find(&d, st, tenant, a.draft_no, err);
    /* checked again under the row lock; first here, before anything is rated */
    if (rc == LDG_OK && strcmp(d.state, "pending") != 0)
        rc =
            ldg_error_set(err, LDG_ECONFLICT, "draft %s is %s, not pending", id, d.state);
    if (rc == LDG_OK)
        rc = contract_ref(&c, st, &d, err);
    if (rc == LDG_OK)
        rc = ldg_bill_contract(&outcome, st, &c, d.period, &o, err);
    if (rc == LDG_OK && outcome == LDG_BILL_HELD)
        rc = ldg_error_set(err, LDG_ECONFLICT,
                           "draft %s cannot be approved: its period is held by"
                           " unacknowledged blocking reconciliation findings",
                           id);
    if (rc == LDG_OK)
        snprintf(number, 96, "%s", a.number);
    *diff = a.diff;
    json_decref(a.doc);
    return rc;
}

typedef struct reject_ctx {
    const draft_ref *d;
    ldg_draft_approval *a;
    ldg_time at;
} reject_ctx;

static ldg_code reject_work(ldg_store *st, void *vctx, ldg_error *err)
{
    reject_ctx *r = vctx;
    ldg_draft_gate g;
    int64_t size;
    ldg_code rc = ldg_log_lock_head(&size, st, r->d->tenant_id, err);

    if (rc == LDG_OK)
        rc = ldg_draft_lock(&g, st, r->d->tenant_id, r->a, err);
    if (rc == LDG_OK)
        rc =
            decide(st, r->a, r->d->tenant_id, r->d->tenant, "rejected", NULL, r->at, err);
    return rc;
}

ldg_code ldg_draft_reject(ldg_store *st, const char *tenant, const char *id,
                          const char *by, const char *reason, ldg_time at, ldg_error *err)
{
    ldg_draft_approval a = { .by = by, .note = reason };
    reject_ctx r = { .a = &a, .at = at };
    draft_ref d;
    ldg_code rc = parse_id(&a.draft_no, id, err);

    if (rc == LDG_OK)
        rc = check_text("--by", by, LDG_DRAFT_BY_MAX, 1, err);
    if (rc == LDG_OK)
        rc = check_text("--reason", reason, LDG_DRAFT_NOTE_MAX, 1, err);
    if (rc == LDG_OK)
        rc = find(&d, st, tenant, a.draft_no, err);
    r.d = &d;
    if (rc == LDG_OK)
        rc = ldg_store_run(st, reject_work, &r, err);
    json_decref(a.doc);
    ldg_buf_cleanup(&a.diff);
    return rc;
}

ldg_code ldg_draft_list(const char ***out, size_t *n, ldg_store *st, const char *tenant,
                        ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "SELECT 'D' || d.draft_no, t.tenant, d.contract_id, d.period, d.kind,"
        " coalesce(d.amends, ''), d.currency, d.doc ->> 'total', d.state,"
        " to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        " d.rated_size, coalesce(d.decided_by, ''),"
        " coalesce(to_char(d.decided_at AT TIME ZONE 'UTC',"
        "  'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
        " coalesce(d.note, ''), coalesce(d.number, ''), d.doc::text"
        " FROM ledger.invoice_draft d JOIN ledger.tenant t USING (tenant_id)"
        " WHERE ($1::text IS NULL OR t.tenant = $1) ORDER BY t.tenant, d.draft_no",
        1, params, err);

    *out = NULL;
    *n = 0;
    if (rc == LDG_OK)
        rc = ldg_store_copy_text(out, n, res, err);
    PQclear(res);
    return rc;
}
