/* PostgreSQL array literals for parameters. See pg_array.h. */
#include "ledger/store/pg_array.h"

#include "ledger/store/store.h"

ldg_code ldg_pg_arrays_open(ldg_pg_arrays *a, int n, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    a->n = n;
    for (int c = 0; c < n && rc == LDG_OK; c++) {
        ldg_buf_reset(&a->col[c]);
        rc = ldg_buf_putc(&a->col[c], '{', err);
    }
    return rc;
}

/* The separator before column c's next element (none before the first). */
static ldg_code put_sep(ldg_buf *b, ldg_error *err)
{
    return b->len > 1 ? ldg_buf_putc(b, ',', err) : LDG_OK;
}

ldg_code ldg_pg_arrays_i64(ldg_pg_arrays *a, int c, int64_t v, ldg_error *err)
{
    char s[24];
    ldg_code rc = put_sep(&a->col[c], err);

    return rc == LDG_OK ? ldg_buf_puts(&a->col[c], ldg_store_i64(s, v), err) : rc;
}

ldg_code ldg_pg_arrays_text(ldg_pg_arrays *a, int c, const char *s, ldg_error *err)
{
    ldg_buf *b = &a->col[c];
    ldg_code rc = put_sep(b, err);

    if (rc == LDG_OK && !s)
        return ldg_buf_puts(b, "NULL", err);
    if (rc == LDG_OK)
        rc = ldg_buf_putc(b, '"', err);
    for (const char *p = s; rc == LDG_OK && *p; p++) {
        if (*p == '"' || *p == '\\')
            rc = ldg_buf_putc(b, '\\', err);
        if (rc == LDG_OK)
            rc = ldg_buf_putc(b, *p, err);
    }
    return rc == LDG_OK ? ldg_buf_putc(b, '"', err) : rc;
}

ldg_code ldg_pg_arrays_close(const char **params, ldg_pg_arrays *a, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (int c = 0; c < a->n && rc == LDG_OK; c++) {
        rc = ldg_buf_putc(&a->col[c], '}', err);
        params[c] = a->col[c].data;
    }
    return rc;
}

void ldg_pg_arrays_cleanup(ldg_pg_arrays *a)
{
    for (int c = 0; c < LDG_PG_ARRAYS_MAX; c++)
        ldg_buf_cleanup(&a->col[c]);
}

ldg_code ldg_pg_arrays_tenants(const char **param, ldg_pg_arrays *a,
                               const int32_t *tenant_ids, size_t n, ldg_error *err)
{
    ldg_code rc = ldg_pg_arrays_open(a, 1, err);

    for (size_t i = 0; rc == LDG_OK && i < n; i++)
        rc = ldg_pg_arrays_i64(a, 0, tenant_ids[i], err);
    return rc == LDG_OK ? ldg_pg_arrays_close(param, a, err) : rc;
}

ldg_code ldg_pg_arrays_contracts(ldg_pg_arrays *a, const int32_t *tenant_ids,
                                 const char *const *contract_ids, size_t n,
                                 ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        rc = ldg_pg_arrays_i64(a, 0, tenant_ids[i], err);
        if (rc == LDG_OK)
            rc = ldg_pg_arrays_text(a, 1, contract_ids[i], err);
    }
    return rc;
}

ldg_code ldg_pg_arrays_send_contracts(ldg_store_ticket *ticket, ldg_store *st,
                                      const char *sql, const int32_t *tenant_ids,
                                      const char *const *contract_ids, size_t n,
                                      ldg_error *err)
{
    const char *params[2];
    ldg_pg_arrays a = { 0 };
    ldg_code rc = ldg_pg_arrays_open(&a, 2, err);

    if (rc == LDG_OK)
        rc = ldg_pg_arrays_contracts(&a, tenant_ids, contract_ids, n, err);
    if (rc == LDG_OK)
        rc = ldg_pg_arrays_close(params, &a, err);
    if (rc == LDG_OK)
        rc = ldg_store_send(ticket, st, sql, 2, params, err);
    ldg_pg_arrays_cleanup(&a);
    return rc;
}
