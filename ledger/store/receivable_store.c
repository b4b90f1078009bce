/*
 * A tenant's receivable items from the store. See receivable_store.h. One UNION ALL of
 * the documents and the payments, ordered by tenant and seq, copied out of the result
 * in one block (ldg_store_copy_text); the numbers and dates are read in C with the
 * core's own parsers (fixed.c, receivable.c), so a stored value that does not read is
 * an error naming its document, not a silent zero.
 */
#include "ledger/store/receivable_store.h"

#include "ledger/fixed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char items_sql[] =
    "SELECT t.tenant, x.seq, x.kind, x.id, x.amends, x.currency, x.at, x.due, x.amount,"
    " x.reference"
    " FROM (SELECT i.tenant_id, i.seq,"
    "   CASE WHEN i.amends IS NULL THEN 'i' ELSE 'a' END AS kind, i.number AS id,"
    "   coalesce(i.amends, '') AS amends, i.currency,"
    "   floor(extract(epoch FROM i.issued_at))::bigint AS at,"
    "   coalesce(i.doc->>'due', '') AS due, i.doc->>'total' AS amount,"
    "   '' AS reference"
    "  FROM ledger.invoice i"
    "  UNION ALL"
    "  SELECT p.tenant_id, p.seq, 'p', p.payment_id, '', p.currency,"
    "   floor(extract(epoch FROM p.received_at))::bigint, '', p.amount_micros::text,"
    "   coalesce(p.reference, '')"
    "  FROM ledger.payment p) x"
    " JOIN ledger.tenant t USING (tenant_id)"
    " WHERE ($1::text IS NULL OR t.tenant = $1)"
    " ORDER BY t.tenant, x.seq";

enum {
    C_TENANT,
    C_SEQ,
    C_KIND,
    C_ID,
    C_AMENDS,
    C_CURRENCY,
    C_AT,
    C_DUE,
    C_AMOUNT,
    C_REF,
    NC
};

static ldg_code parse_i64(int64_t *out, const char *s, const char *what, ldg_error *err)
{
    char *end;

    errno = 0;
    *out = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return ldg_error_set(err, LDG_EINVAL, "stored %s \"%s\" is not an integer", what,
                             s);
    return LDG_OK;
}

/* The document's kind by the rule of the header; *keep false for an amending 0. */
static void doc_kind(ldg_receivable_item *it, bool *keep, const char *kind)
{
    *keep = true;
    if (kind[0] == 'i')
        it->kind = LDG_RECEIVABLE_INVOICE;
    else if (it->amount_micros > 0)
        it->kind = LDG_RECEIVABLE_SUPPLEMENT;
    else if (it->amount_micros < 0)
        it->kind = LDG_RECEIVABLE_CREDIT_NOTE;
    else
        *keep = false;
}

/* Reads row cells (NC strings) into *it; *keep false when the row is left out. */
static ldg_code read_row(ldg_receivable_item *it, bool *keep, const char *const *cells,
                         ldg_error *err)
{
    int64_t at;
    ldg_code rc;

    *it = (ldg_receivable_item){ .currency = cells[C_CURRENCY], .id = cells[C_ID] };
    *keep = true;
    if ((rc = parse_i64(&it->seq, cells[C_SEQ], "seq", err)) != LDG_OK ||
        (rc = parse_i64(&at, cells[C_AT], "instant", err)) != LDG_OK)
        return rc;
    it->day = ldg_receivable_day_of((ldg_time)at);
    if (cells[C_KIND][0] == 'p') {
        it->kind = LDG_RECEIVABLE_PAYMENT;
        it->reference = *cells[C_REF] ? cells[C_REF] : NULL;
        return parse_i64(&it->amount_micros, cells[C_AMOUNT], "payment amount", err);
    }
    it->amends = *cells[C_AMENDS] ? cells[C_AMENDS] : NULL;
    it->due_day = it->day;
    if ((rc = ldg_fixed_parse_str(&it->amount_micros, cells[C_AMOUNT], err)) != LDG_OK ||
        (*cells[C_DUE] &&
         (rc = ldg_receivable_day_parse(&it->due_day, cells[C_DUE], err)) != LDG_OK))
        return rc;
    doc_kind(it, keep, cells[C_KIND]);
    return LDG_OK;
}

static ldg_code tenant_exists(ldg_store *st, const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st, "SELECT 1 FROM ledger.tenant WHERE tenant = $1", 1, params, err);

    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no tenant \"%s\"", tenant);
    PQclear(res);
    return rc;
}

static ldg_code fill(ldg_receivable_log *log, size_t rows, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    log->items = calloc(rows ? rows : 1, sizeof(*log->items));
    log->tenants = calloc(rows ? rows : 1, sizeof(*log->tenants));
    if (!log->items || !log->tenants)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t r = 0; r < rows; r++) {
        const char *const *cells = log->block + r * NC;
        bool keep;

        if ((rc = read_row(&log->items[log->n], &keep, cells, err)) != LDG_OK) {
            ldg_error_where(err, "%s \"%s\" of tenant \"%s\"",
                            cells[C_KIND][0] == 'p' ? "payment" : "document", cells[C_ID],
                            cells[C_TENANT]);
            return rc;
        }
        if (keep)
            log->tenants[log->n++] = cells[C_TENANT];
    }
    return LDG_OK;
}

ldg_code ldg_receivable_log_load(ldg_receivable_log *out, ldg_store *st,
                                 const char *tenant, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    size_t rows = 0;
    ldg_code rc;

    *out = (ldg_receivable_log){ 0 };
    if (tenant && (rc = tenant_exists(st, tenant, err)) != LDG_OK)
        return rc;
    if ((rc = ldg_store_exec(&res, st, items_sql, 1, params, err)) != LDG_OK)
        return rc;
    rc = ldg_store_copy_text(&out->block, &rows, res, err);
    PQclear(res);
    if (rc == LDG_OK)
        rc = fill(out, rows, err);
    return rc;
}

void ldg_receivable_log_cleanup(ldg_receivable_log *log)
{
    free(log->items);
    free(log->tenants);
    free(log->block);
    *log = (ldg_receivable_log){ 0 };
}

size_t ldg_receivable_log_group_end(const ldg_receivable_log *log, size_t i)
{
    size_t j = i + 1;

    while (j < log->n && strcmp(log->tenants[j], log->tenants[i]) == 0)
        j++;
    return j;
}
