/*
 * Payments into the tenants' logs. See payment_store.h for the matching order and the
 * idempotency rule.
 *
 * Design: an import loads what matching needs once (tenants, every issued document
 * number, every payer account of the contracts) into hash maps, so a payment costs
 * O(reference length) plus a few keyed queries, not a scan of every invoice. A
 * reference is searched for the "-YYYY-NNNNNN" tail every document number ends with
 * and each possible start before it is looked up; the hit is then confirmed by
 * ldg_receivable_reference_names, the one rule for what a reference names. Dropped:
 * testing every number against every reference (quadratic in the ledger's history).
 *
 * An import first matches every payment of the file in memory and locks the log head
 * of each tenant it found (ldg_log_appender_open, in tenant_id order, so two imports
 * never wait on each other in a cycle); only then does it read, in one query, the rows
 * already logged under the file's payment ids, and the currencies each tenant is billed
 * in, so two imports of one file at once serialise per tenant and the second counts
 * duplicates instead of failing on the unique key. The payments appended are then
 * judged against those rows and against each other in memory, and their rows sent in
 * one COPY at the end: a payment costs no round trip (docs/BENCHMARKS.md "Receivables":
 * three statements per payment, parsed and planned each time, were 99 % of the time).
 * Only the unmatched are held one statement each (they need the table's answer). All
 * tenants' appends finish at the end of the one transaction: a file is stored whole or
 * not at all.
 */
#include "ledger/store/payment_store.h"

#include "ledger/entry.h"
#include "ledger/receivable.h"
#include "ledger/store/logstore.h"
#include "ledger/strmap.h"
#include "ledger/text.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_TAIL 12 /* "-YYYY-NNNNNN" */
#define NUMBER_MAX  80 /* a document number, as receivable.c bounds it */
#define AMBIGUOUS   (-1)

typedef struct tenant_ref {
    int32_t id;
    const char *name;
    ldg_log_appender *app; /* opened (head locked) when the file has a payment for it */
    int wanted;            /* the file has a payment for it */
} tenant_ref;

/* A payment as stored in a log or held. */
typedef struct stored {
    int32_t tenant_id;
    int64_t seq;
    ldg_payment_entry e;
} stored;

/* A logged payment of an id of the file: read from ledger.payment, or appended now. */
typedef struct known {
    stored s;
    int64_t next; /* the next of the same id, in tenant_id order; -1 at the end */
} known;

typedef struct importer {
    ldg_store *st;
    const ldg_payment_file *pf;
    const char *name;
    ldg_payment_summary *sum;
    ldg_arena *arena;
    tenant_ref *tenants;
    size_t ntenants;
    ldg_strmap *by_name; /* tenant name -> index */
    ldg_strmap *by_id;   /* tenant_id (4 bytes) -> index */
    ldg_strmap *numbers; /* document number, upper case -> tenant index */
    ldg_strmap *payers;  /* account, no spaces, upper case -> index or AMBIGUOUS */
    ldg_strmap *billed;  /* tenant_id (4 bytes) + currency: a contract bills in it */
    ldg_strmap *ids;     /* payment id -> its first element of known */
    known *known;
    size_t nknown, capknown;
    PGresult *logged;   /* the rows known borrows from */
    int64_t *tenant_of; /* per payment of the file: its tenant index, or -1 */
    ldg_buf copy;       /* COPY rows of the payments appended */
} importer;

static int is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* An account as compared: ASCII spaces dropped, letters upper case; *len its length. */
static void account_key(char out[LDG_FIELD_MAX + 1], size_t *len, const char *s)
{
    size_t n = 0;

    for (; *s && n < LDG_FIELD_MAX; s++)
        if (*s != ' ')
            out[n++] = upper(*s);
    out[n] = '\0';
    *len = n;
}

/* Loading what matching needs ------------------------------------------------------ */

static ldg_code load_tenants(importer *im, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, im->st,
                                 "SELECT tenant_id, tenant FROM ledger.tenant"
                                 " ORDER BY tenant_id",
                                 0, NULL, err);
    size_t n = rc == LDG_OK ? (size_t)PQntuples(res) : 0;

    if (rc == LDG_OK && !(im->tenants = calloc(n + 1, sizeof(*im->tenants))))
        rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; rc == LDG_OK && i < n; i++) {
        tenant_ref *t = &im->tenants[i];
        int added;

        t->id = (int32_t)ldg_store_int64(res, (int)i, 0);
        t->name = ldg_arena_strndup(im->arena, PQgetvalue(res, (int)i, 1),
                                    (size_t)PQgetlength(res, (int)i, 1));
        im->ntenants++;
        if (!t->name ||
            !ldg_strmap_put(im->by_name, t->name, strlen(t->name), (int64_t)i, &added) ||
            !ldg_strmap_put(im->by_id, &t->id, sizeof(t->id), (int64_t)i, &added))
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    PQclear(res);
    return rc;
}

static int64_t tenant_index(importer *im, int32_t tenant_id)
{
    int64_t *slot = ldg_strmap_get(im->by_id, &tenant_id, sizeof(tenant_id));

    return slot ? *slot : -1;
}

/* Column 0 a tenant_id, column 1 a key: key (normalised by payer) -> tenant index;
 * a key of two tenants becomes AMBIGUOUS. */
static ldg_code load_keys(importer *im, ldg_strmap *map, const char *sql, int payer,
                          ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, im->st, sql, 0, NULL, err);

    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        int64_t ti = tenant_index(im, (int32_t)ldg_store_int64(res, r, 0)), *slot;
        char key[LDG_FIELD_MAX + 1];
        size_t len = 0;
        int added;

        if (ti < 0)
            continue;
        if (payer) {
            account_key(key, &len, PQgetvalue(res, r, 1));
        } else {
            const char *v = PQgetvalue(res, r, 1);
            for (; v[len] && len < NUMBER_MAX; len++)
                key[len] = upper(v[len]);
        }
        if (len == 0)
            continue;
        if (!(slot = ldg_strmap_put(map, key, len, ti, &added)))
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
        else if (!added && *slot != ti)
            *slot = AMBIGUOUS;
    }
    PQclear(res);
    return rc;
}

static ldg_code importer_open(importer *im, ldg_error *err)
{
    ldg_code rc;

    if ((rc = ldg_arena_new(&im->arena, err)) != LDG_OK ||
        (rc = ldg_strmap_new(&im->by_name, err)) != LDG_OK ||
        (rc = ldg_strmap_new(&im->by_id, err)) != LDG_OK ||
        (rc = ldg_strmap_new(&im->numbers, err)) != LDG_OK ||
        (rc = ldg_strmap_new(&im->payers, err)) != LDG_OK ||
        (rc = ldg_strmap_new(&im->billed, err)) != LDG_OK ||
        (rc = ldg_strmap_new(&im->ids, err)) != LDG_OK ||
        (rc = load_tenants(im, err)) != LDG_OK)
        return rc;
    rc = load_keys(im, im->numbers, "SELECT tenant_id, number FROM ledger.invoice", 0,
                   err);
    /* the latest document of each contract that states bill_to says who pays */
    if (rc == LDG_OK)
        rc = load_keys(
            im, im->payers,
            "SELECT d.tenant_id, a.acct FROM (SELECT DISTINCT ON (tenant_id,"
            "  coalesce(amends, contract_id)) tenant_id,"
            "  doc -> 'bill_to' -> 'payer_accounts' AS accts FROM ledger.contract_doc"
            "  WHERE doc ? 'bill_to'"
            "  ORDER BY tenant_id, coalesce(amends, contract_id), seq DESC) d,"
            " jsonb_array_elements_text(CASE jsonb_typeof(d.accts) WHEN 'array'"
            "  THEN d.accts ELSE '[]'::jsonb END) a(acct)",
            1, err);
    return rc;
}

static void importer_close(importer *im)
{
    for (size_t i = 0; i < im->ntenants; i++)
        ldg_log_appender_free(im->tenants[i].app);
    free(im->tenants);
    ldg_strmap_free(im->by_name);
    ldg_strmap_free(im->by_id);
    ldg_strmap_free(im->numbers);
    ldg_strmap_free(im->payers);
    ldg_strmap_free(im->billed);
    ldg_strmap_free(im->ids);
    ldg_arena_free(im->arena);
    free(im->known);
    PQclear(im->logged);
    free(im->tenant_of);
    ldg_buf_cleanup(&im->copy);
    im->tenants = NULL;
    im->ntenants = 0;
    im->by_name = im->by_id = im->numbers = im->payers = im->billed = im->ids = NULL;
    im->arena = NULL;
    im->known = NULL;
    im->nknown = im->capknown = 0;
    im->logged = NULL;
    im->tenant_of = NULL;
}

/* Matching ------------------------------------------------------------------------- */

static int is_tail(const char *s, size_t at, size_t len)
{
    static const char shape[] = "-DDDD-DDDDDD";

    if (at + NUMBER_TAIL > len ||
        (at + NUMBER_TAIL < len && is_alnum(s[at + NUMBER_TAIL])))
        return 0;
    for (size_t i = 0; i < NUMBER_TAIL; i++)
        if (shape[i] == '-' ? s[at + i] != '-' : s[at + i] < '0' || s[at + i] > '9')
            return 0;
    return 1;
}

/* The tenant of the document number that starts first in ref, or -1. */
static int64_t match_reference(importer *im, const char *ref)
{
    size_t len = strlen(ref), best_at = len;
    int64_t best = -1;
    char key[NUMBER_MAX + 1];

    for (size_t k = 1; k < len; k++) {
        size_t end = k + NUMBER_TAIL;

        if (!is_tail(ref, k, len))
            continue;
        for (size_t j = k; j-- > 0 && end - j <= NUMBER_MAX && j < best_at;) {
            int64_t *slot;

            if (j > 0 && is_alnum(ref[j - 1]))
                continue;
            for (size_t i = j; i < end; i++)
                key[i - j] = upper(ref[i]);
            key[end - j] = '\0';
            slot = ldg_strmap_get(im->numbers, key, end - j);
            if (slot && *slot >= 0 && ldg_receivable_reference_names(ref, key)) {
                best = *slot;
                best_at = j;
            }
        }
    }
    return best;
}

/* Which tenant a payment is for (payment_store.h MATCHING); -1 when none. */
static int64_t match(importer *im, const ldg_payment_in *p)
{
    char key[LDG_FIELD_MAX + 1];
    size_t len = 0;
    int64_t ti = match_reference(im, p->reference), *slot;

    if (ti >= 0)
        return ti;
    account_key(key, &len, p->payer);
    slot = len ? ldg_strmap_get(im->payers, key, len) : NULL;
    if (slot && *slot >= 0)
        return *slot;
    slot =
        p->tenant[0] ? ldg_strmap_get(im->by_name, p->tenant, strlen(p->tenant)) : NULL;
    return slot ? *slot : -1;
}

/* Stored payments ------------------------------------------------------------------- */

/* The first field in which a and b differ, or NULL when they are the same payment. */
static const char *difference(const ldg_payment_entry *a, const ldg_payment_entry *b)
{
    if (a->amount_micros != b->amount_micros || strcmp(a->currency, b->currency) != 0)
        return "amount";
    if (a->received != b->received)
        return "received date";
    if (strcmp(a->reference, b->reference) != 0)
        return "reference";
    if (strcmp(a->payer, b->payer) != 0)
        return "payer account";
    return NULL;
}

static void row_stored(stored *out, const PGresult *res, int r)
{
    out->tenant_id = (int32_t)ldg_store_int64(res, r, 0);
    out->seq = ldg_store_int64(res, r, 1);
    out->e.payment_id = PQgetvalue(res, r, 2);
    out->e.received = ldg_store_int64(res, r, 3);
    out->e.amount_micros = ldg_store_int64(res, r, 4);
    out->e.currency = PQgetvalue(res, r, 5);
    out->e.reference = PQgetvalue(res, r, 6);
    out->e.payer = PQgetvalue(res, r, 7);
    out->e.assigned_by = ldg_store_isnull(res, r, 8) ? NULL : PQgetvalue(res, r, 8);
}

/* The logged payments of id (tenant_id 0: of every tenant), by tenant_id; *res owned
 * by the caller. */
static ldg_code logged(PGresult **res, ldg_store *st, const char *id, int32_t tenant_id,
                       ldg_error *err)
{
    char t[24];
    const char *params[2] = { id, tenant_id ? ldg_store_i64(t, tenant_id) : NULL };

    return ldg_store_exec(
        res, st,
        "SELECT tenant_id, seq, payment_id, extract(epoch FROM received_at)::bigint,"
        " amount_micros, currency, reference, payer, assigned_by FROM ledger.payment"
        " WHERE payment_id = $1 AND ($2::int IS NULL OR tenant_id = $2)"
        " ORDER BY tenant_id",
        2, params, err);
}

static ldg_code currency_refused(const char *tenant, const ldg_payment_entry *e,
                                 ldg_error *err)
{
    ldg_code rc =
        ldg_error_set(err, LDG_EINVAL,
                      "payment \"%s\" in %s refused: no contract of tenant \"%s\""
                      " bills in %s",
                      e->payment_id, e->currency, tenant, e->currency);

    ldg_error_hint(err, "payments are taken in the currencies the tenant is billed"
                        " in; there is no currency conversion");
    return rc;
}

static ldg_code check_currency(ldg_store *st, int32_t tenant_id, const char *tenant,
                               const ldg_payment_entry *e, ldg_error *err)
{
    char t[24];
    const char *params[2] = { ldg_store_i64(t, tenant_id), e->currency };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st,
                                 "SELECT 1 FROM ledger.contract_doc WHERE tenant_id = $1"
                                 " AND currency = $2 LIMIT 1",
                                 2, params, err);

    if (rc == LDG_OK && PQntuples(res) == 0)
        rc = currency_refused(tenant, e, err);
    PQclear(res);
    return rc;
}

/* s and then after into a COPY text line: clean text (no control character) needs
 * only its backslashes doubled. */
static ldg_code copy_field(ldg_buf *b, const char *s, char after, ldg_error *err)
{
    ldg_code rc = LDG_OK;

    for (; rc == LDG_OK && *s; s++)
        rc = *s == '\\' ? ldg_buf_append(b, "\\\\", 2, err) : ldg_buf_putc(b, *s, err);
    return rc == LDG_OK ? ldg_buf_putc(b, after, err) : rc;
}

/* e's row of ledger.payment as a COPY text line. */
static ldg_code copy_row(ldg_buf *b, int32_t tenant_id, int64_t seq,
                         const ldg_payment_entry *e, ldg_error *err)
{
    char received[LDG_TIME_BUFLEN];
    ldg_code rc = ldg_buf_printf(b, err, "%" PRId32 "\t%" PRId64 "\t", tenant_id, seq);

    if (rc == LDG_OK)
        rc = copy_field(b, e->payment_id, '\t', err);
    if (rc == LDG_OK)
        rc = ldg_buf_printf(b, err, "%s\t%" PRId64 "\t%s\t",
                            ldg_time_format(received, e->received), e->amount_micros,
                            e->currency);
    if (rc == LDG_OK)
        rc = copy_field(b, e->reference, '\t', err);
    if (rc == LDG_OK)
        rc = copy_field(b, e->payer, '\t', err);
    if (rc == LDG_OK)
        rc = e->assigned_by ? copy_field(b, e->assigned_by, '\n', err)
                            : ldg_buf_puts(b, "\\N\n", err);
    return rc;
}

/* Appends payment e to tenant t's log (its appender open); *seq receives its seq. Its
 * row is inserted now, or added to copy (not NULL) for one COPY later. */
static ldg_code append(int64_t *seq, ldg_store *st, tenant_ref *t,
                       const ldg_payment_entry *e, ldg_buf *copy, ldg_error *err)
{
    char tid[24], sq[24], amount[24], received[LDG_TIME_BUFLEN];
    ldg_buf bytes = { 0 };
    ldg_hash leaf;
    ldg_code rc;

    *seq = ldg_log_appender_size(t->app);
    rc = ldg_entry_payment_bytes(&bytes, t->name, *seq, e, err);
    if (rc == LDG_OK && copy) {
        rc = copy_row(copy, t->id, *seq, e, err);
    } else if (rc == LDG_OK) {
        const char *params[9] = { ldg_store_i64(tid, t->id),
                                  ldg_store_i64(sq, *seq),
                                  e->payment_id,
                                  ldg_time_format(received, e->received),
                                  ldg_store_i64(amount, e->amount_micros),
                                  e->currency,
                                  e->reference,
                                  e->payer,
                                  e->assigned_by };

        rc = ldg_store_exec(NULL, st,
                            "INSERT INTO ledger.payment (tenant_id, seq, payment_id,"
                            " received_at, amount_micros, currency, reference, payer,"
                            " assigned_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            9, params, err);
    }
    if (rc == LDG_OK) {
        ldg_merkle_leaf_hash(&leaf, bytes.data, bytes.len);
        rc = ldg_log_appender_add(t->app, &leaf, err);
    }
    ldg_buf_cleanup(&bytes);
    return rc;
}

/* Judges e against s, a logged payment of its id (taken in tenant_id order): 1 when s
 * decides, *dup = 1 (the same payment: in t's log, or in another tenant's where a
 * person assigned it) or *rc a conflict (t's log holds another payment under the id). */
static int judge(ldg_code *rc, int *dup, int64_t *seq, const tenant_ref *t,
                 const stored *s, const ldg_payment_entry *e, ldg_error *err)
{
    const char *diff = difference(&s->e, e);

    if (t && s->tenant_id == t->id && diff) {
        *rc = ldg_error_set(err, LDG_ECONFLICT,
                            "payment id \"%s\" is logged for tenant \"%s\" (seq %" PRId64
                            ") with another %s",
                            e->payment_id, t->name, s->seq, diff);
        return 1;
    }
    if (!diff) {
        *dup = 1;
        *seq = s->seq;
        return 1;
    }
    return 0;
}

/* *dup = 1 when a log holds payment e already (judge), read from the store. */
static ldg_code already_logged(int *dup, int64_t *seq, ldg_store *st, const tenant_ref *t,
                               const ldg_payment_entry *e, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = logged(&res, st, e->payment_id, 0, err);

    *dup = 0;
    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        stored s;

        row_stored(&s, res, r);
        if (judge(&rc, dup, seq, t, &s, e, err))
            break;
    }
    PQclear(res);
    return rc;
}

/* Holds e as unmatched, or finds it held (a duplicate, or a conflict). */
static ldg_code hold(int *dup, ldg_store *st, const ldg_payment_in *p,
                     const ldg_payment_entry *e, const char *source, ldg_error *err)
{
    char amount[24], received[LDG_TIME_BUFLEN];
    const char *params[8] = { e->payment_id,
                              ldg_time_format(received, e->received),
                              ldg_store_i64(amount, e->amount_micros),
                              e->currency,
                              e->reference,
                              e->payer,
                              p->tenant,
                              source };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, st,
        "WITH ins AS (INSERT INTO ledger.payment_unmatched (payment_id, received_at,"
        " amount_micros, currency, reference, payer, tenant_hint, source)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (payment_id) DO NOTHING"
        " RETURNING 1)"
        " SELECT (SELECT count(*) FROM ins), 0, payment_id,"
        "  extract(epoch FROM received_at)::bigint, amount_micros, currency, reference,"
        "  payer, NULL FROM ledger.payment_unmatched WHERE payment_id = $1",
        8, params, err);

    *dup = 0;
    if (rc == LDG_OK && PQntuples(res) == 1 && ldg_store_int64(res, 0, 0) == 0) {
        stored s;
        const char *diff;

        row_stored(&s, res, 0);
        diff = difference(&s.e, e);
        if (diff)
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "payment id \"%s\" is held as unmatched with another %s",
                               e->payment_id, diff);
        *dup = 1;
    }
    PQclear(res);
    return rc;
}

static ldg_payment_entry entry_of(const ldg_payment_in *p)
{
    return (ldg_payment_entry){ .payment_id = p->payment_id,
                                .received = p->received,
                                .amount_micros = p->amount_micros,
                                .currency = p->currency,
                                .reference = p->reference,
                                .payer = p->payer,
                                .assigned_by = NULL };
}

/* Import: what the file needs, read once ------------------------------------------- */

/* Adds s to the logged payments of its id, keeping them in tenant_id order. */
static ldg_code known_add(importer *im, const stored *s, ldg_error *err)
{
    size_t id_len = strlen(s->e.payment_id);
    int64_t *head, k = (int64_t)im->nknown;
    int added;

    if (im->nknown == im->capknown) {
        size_t cap = im->capknown ? 2 * im->capknown : 1024;
        known *grown = realloc(im->known, cap * sizeof(*grown));

        if (!grown)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        im->known = grown;
        im->capknown = cap;
    }
    im->known[im->nknown++] = (known){ .s = *s, .next = -1 };
    if (!(head = ldg_strmap_put(im->ids, s->e.payment_id, id_len, k, &added)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (added)
        return LDG_OK;
    if (im->known[*head].s.tenant_id > s->tenant_id) {
        im->known[k].next = *head;
        *head = k;
        return LDG_OK;
    }
    for (int64_t at = *head;; at = im->known[at].next)
        if (im->known[at].next < 0 ||
            im->known[im->known[at].next].s.tenant_id > s->tenant_id) {
            im->known[k].next = im->known[at].next;
            im->known[at].next = k;
            return LDG_OK;
        }
}

/* The payments logged under the file's ids (clean text: no newline in an id). */
static ldg_code load_logged(importer *im, ldg_error *err)
{
    ldg_buf list = { 0 };
    ldg_code rc = ldg_buf_reserve(&list, 0, err); /* "" when the file has none */
    const char *params[1];

    for (size_t i = 0; rc == LDG_OK && i < ldg_payment_file_count(im->pf); i++)
        rc = ldg_buf_printf(&list, err, "%s%s", i ? "\n" : "",
                            ldg_payment_file_at(im->pf, i)->payment_id);
    params[0] = list.data;
    if (rc == LDG_OK)
        rc = ldg_store_exec(
            &im->logged, im->st,
            "SELECT tenant_id, seq, payment_id, extract(epoch FROM received_at)::bigint,"
            " amount_micros, currency, reference, payer, assigned_by FROM ledger.payment"
            " WHERE payment_id = ANY(string_to_array($1, E'\\n'))",
            1, params, err);
    for (int r = 0; rc == LDG_OK && r < PQntuples(im->logged); r++) {
        stored s;

        row_stored(&s, im->logged, r);
        rc = known_add(im, &s, err);
    }
    ldg_buf_cleanup(&list);
    return rc;
}

static size_t billed_key(char key[8], int32_t tenant_id, const char *currency)
{
    memcpy(key, &tenant_id, sizeof(tenant_id));
    memcpy(key + sizeof(tenant_id), currency, 3);
    return sizeof(tenant_id) + 3;
}

/* Which currencies each tenant's contracts bill in. */
static ldg_code load_billed(importer *im, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(
        &res, im->st, "SELECT DISTINCT tenant_id, currency FROM ledger.contract_doc", 0,
        NULL, err);

    for (int r = 0; rc == LDG_OK && r < PQntuples(res); r++) {
        const char *cur = PQgetvalue(res, r, 1);
        char key[8];
        int added;

        if (PQgetlength(res, r, 1) == 3 &&
            !ldg_strmap_put(im->billed, key,
                            billed_key(key, (int32_t)ldg_store_int64(res, r, 0), cur), 1,
                            &added))
            rc = ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    PQclear(res);
    return rc;
}

/* Matches every payment, locks the head of each tenant found (in tenant_id order),
 * then reads what judging them needs. */
static ldg_code prepare(importer *im, ldg_error *err)
{
    size_t n = ldg_payment_file_count(im->pf);
    ldg_code rc = LDG_OK;

    if (!(im->tenant_of = calloc(n + 1, sizeof(*im->tenant_of))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        im->tenant_of[i] = match(im, ldg_payment_file_at(im->pf, i));
        if (im->tenant_of[i] >= 0)
            im->tenants[im->tenant_of[i]].wanted = 1;
    }
    for (size_t i = 0; rc == LDG_OK && i < im->ntenants; i++)
        if (im->tenants[i].wanted)
            rc = ldg_log_appender_open(&im->tenants[i].app, im->st, im->tenants[i].id,
                                       err);
    if (rc == LDG_OK)
        rc = load_logged(im, err);
    return rc == LDG_OK ? load_billed(im, err) : rc;
}

/* One payment of the file: matched and appended, held, or counted as a duplicate. */
static ldg_code import_one(importer *im, size_t i, ldg_error *err)
{
    const ldg_payment_in *p = ldg_payment_file_at(im->pf, i);
    ldg_payment_entry e = entry_of(p);
    int64_t ti = im->tenant_of[i], seq = -1, *at;
    tenant_ref *t = ti >= 0 ? &im->tenants[ti] : NULL;
    int dup = 0;
    char key[8];
    ldg_code rc = LDG_OK;

    at = ldg_strmap_get(im->ids, e.payment_id, strlen(e.payment_id));
    for (int64_t k = at ? *at : -1; k >= 0; k = im->known[k].next)
        if (judge(&rc, &dup, &seq, t, &im->known[k].s, &e, err))
            break;
    if (rc == LDG_OK && !dup && t &&
        !ldg_strmap_get(im->billed, key, billed_key(key, t->id, e.currency)))
        rc = currency_refused(t->name, &e, err);
    if (rc == LDG_OK && !dup && t) {
        rc = append(&seq, im->st, t, &e, &im->copy, err);
        if (rc == LDG_OK)
            rc = known_add(im, &(stored){ .tenant_id = t->id, .seq = seq, .e = e }, err);
    } else if (rc == LDG_OK && !dup) {
        rc = hold(&dup, im->st, p, &e, im->name, err);
    }
    if (rc == LDG_OK && dup)
        im->sum->duplicates++;
    else if (rc == LDG_OK && t)
        im->sum->matched++;
    else if (rc == LDG_OK)
        im->sum->unmatched++;
    return rc;
}

/* The rows of the payments appended, in one COPY. */
static ldg_code copy_rows(importer *im, ldg_error *err)
{
    ldg_code rc;

    if (im->copy.len == 0)
        return LDG_OK;
    rc = ldg_store_copy_begin(im->st,
                              "COPY ledger.payment (tenant_id, seq, payment_id,"
                              " received_at, amount_micros, currency, reference, payer,"
                              " assigned_by) FROM STDIN",
                              err);
    if (rc == LDG_OK)
        rc = ldg_store_copy_put(im->st, im->copy.data, im->copy.len, err);
    return rc == LDG_OK ? ldg_store_copy_end(im->st, err) : rc;
}

static ldg_code import_work(ldg_store *st, void *ctx, ldg_error *err)
{
    importer *im = ctx;
    const ldg_payment_file *pf = im->pf;
    ldg_code rc;

    (void)st;
    memset(im->sum, 0, sizeof(*im->sum));
    importer_close(im); /* a retried attempt starts afresh */
    rc = importer_open(im, err);
    if (rc == LDG_OK)
        rc = prepare(im, err);
    for (size_t i = 0; rc == LDG_OK && i < ldg_payment_file_count(pf); i++) {
        rc = import_one(im, i, err);
        if (rc != LDG_OK)
            ldg_error_where(err, "%s: %s %" PRId64, im->name,
                            ldg_payment_file_format(pf) == LDG_PAYMENT_CSV ? "line"
                                                                           : "entry",
                            ldg_payment_file_at(pf, i)->source_pos);
    }
    if (rc == LDG_OK)
        rc = copy_rows(im, err);
    for (size_t i = 0; rc == LDG_OK && i < im->ntenants; i++)
        if (im->tenants[i].app)
            rc = ldg_log_appender_finish(im->tenants[i].app, err);
    return rc;
}

ldg_code ldg_payment_import(ldg_payment_summary *out, ldg_store *st,
                            const ldg_payment_file *pf, const char *name, ldg_error *err)
{
    importer im = { .st = st, .pf = pf, .name = name, .sum = out };
    ldg_code rc = ldg_store_run(st, import_work, &im, err);

    importer_close(&im);
    if (rc != LDG_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

/* Assigning ------------------------------------------------------------------------- */

typedef struct assign_job {
    const char *payment_id, *tenant, *by;
    int64_t seq;
    int already;
} assign_job;

static ldg_code assign_work(ldg_store *st, void *ctx, ldg_error *err)
{
    assign_job *job = ctx;
    const char *params[1] = { job->payment_id };
    tenant_ref t = { .name = job->tenant };
    PGresult *held = NULL;
    ldg_payment_entry e;
    stored s;
    int dup = 0;
    ldg_code rc = ldg_tenant_id(&t.id, st, job->tenant, err);

    job->already = 0;
    if (rc == LDG_OK)
        rc = ldg_store_exec(&held, st,
                            "SELECT 0, 0, payment_id, extract(epoch FROM received_at)::"
                            "bigint, amount_micros, currency, reference, payer, NULL"
                            " FROM ledger.payment_unmatched WHERE payment_id = $1",
                            1, params, err);
    if (rc == LDG_OK && PQntuples(held) == 0)
        rc = ldg_error_set(err, LDG_ENOTFOUND, "no payment \"%s\" is held as unmatched",
                           job->payment_id);
    if (rc == LDG_OK) {
        row_stored(&s, held, 0);
        e = s.e;
        rc = ldg_log_appender_open(&t.app, st, t.id, err);
    }
    if (rc == LDG_OK)
        rc = already_logged(&dup, &job->seq, st, &t, &e, err);
    if (rc == LDG_OK && dup) {
        PGresult *mine = NULL;

        /* held in this tenant's log: done before; in another's: not ours to move */
        rc = logged(&mine, st, job->payment_id, t.id, err);
        if (rc == LDG_OK && PQntuples(mine) == 0)
            rc = ldg_error_set(err, LDG_ECONFLICT,
                               "payment \"%s\" is in another tenant's log already",
                               job->payment_id);
        job->already = 1;
        PQclear(mine);
    } else if (rc == LDG_OK) {
        e.assigned_by = job->by;
        rc = check_currency(st, t.id, t.name, &e, err);
        if (rc == LDG_OK)
            rc = append(&job->seq, st, &t, &e, NULL, err);
        if (rc == LDG_OK)
            rc = ldg_log_appender_finish(t.app, err);
    }
    ldg_log_appender_free(t.app);
    PQclear(held);
    return rc;
}

ldg_code ldg_payment_assign(int64_t *seq, int *already, ldg_store *st,
                            const char *payment_id, const char *tenant, const char *by,
                            ldg_error *err)
{
    assign_job job = { .payment_id = payment_id, .tenant = tenant, .by = by, .seq = -1 };
    size_t len = by ? strlen(by) : 0;
    ldg_code rc;

    *seq = -1;
    *already = 0;
    if (len == 0 || len > LDG_FIELD_MAX || !ldg_text_is_clean(by, len))
        return ldg_error_set(err, LDG_EINVAL,
                             "--by must name a person: 1..%d bytes of UTF-8 without"
                             " control characters",
                             LDG_FIELD_MAX);
    rc = ldg_store_run(st, assign_work, &job, err);
    if (rc == LDG_OK) {
        *seq = job.seq;
        *already = job.already;
    }
    return rc;
}

/* Listing --------------------------------------------------------------------------- */

static ldg_code take_rows(ldg_payment_rows *out, const PGresult *res, ldg_error *err)
{
    size_t n = (size_t)PQntuples(res);
    ldg_payment_row *items = realloc(out->items, (out->n + n + 1) * sizeof(*items));

    if (!items)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    out->items = items;
    for (size_t i = 0; i < n; i++) {
        ldg_payment_row *row = &out->items[out->n];
        const char *texts[6];
        int cols[6] = { 0, 2, 6, 7, 8, 5 };
        int r = (int)i;

        for (int c = 0; c < 6; c++) {
            texts[c] = ldg_store_isnull(res, r, cols[c])
                           ? NULL
                           : ldg_arena_strndup(out->arena, PQgetvalue(res, r, cols[c]),
                                               (size_t)PQgetlength(res, r, cols[c]));
            if (!texts[c] && !ldg_store_isnull(res, r, cols[c]))
                return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        }
        *row = (ldg_payment_row){ .tenant = texts[0],
                                  .seq = ldg_store_int64(res, r, 1),
                                  .payment_id = texts[1],
                                  .received = ldg_store_int64(res, r, 3),
                                  .amount_micros = ldg_store_int64(res, r, 4),
                                  .reference = texts[2],
                                  .payer = texts[3],
                                  .assigned_by = texts[4] };
        snprintf(row->currency, sizeof(row->currency), "%s", texts[5]);
        out->n++;
    }
    return LDG_OK;
}

ldg_code ldg_payment_list(ldg_payment_rows *out, ldg_store *st, const char *tenant,
                          int unmatched_only, ldg_error *err)
{
    const char *params[1] = { tenant };
    PGresult *res = NULL;
    int32_t id;
    ldg_code rc;

    memset(out, 0, sizeof(*out));
    rc = ldg_arena_new(&out->arena, err);
    if (rc == LDG_OK && tenant)
        rc = ldg_tenant_id(&id, st, tenant, err);
    if (rc == LDG_OK && !unmatched_only)
        rc =
            ldg_store_exec(&res, st,
                           "SELECT t.tenant, p.seq, p.payment_id,"
                           " extract(epoch FROM p.received_at)::bigint, p.amount_micros,"
                           " p.currency, p.reference, p.payer, p.assigned_by"
                           " FROM ledger.payment p JOIN ledger.tenant t USING (tenant_id)"
                           " WHERE $1::text IS NULL OR t.tenant = $1"
                           " ORDER BY t.tenant, p.seq",
                           1, params, err);
    if (rc == LDG_OK && res)
        rc = take_rows(out, res, err);
    PQclear(res);
    res = NULL;
    if (rc == LDG_OK && !tenant)
        rc =
            ldg_store_exec(&res, st,
                           "SELECT '', -1, payment_id,"
                           " extract(epoch FROM received_at)::bigint, amount_micros,"
                           " currency, reference, payer, NULL FROM ledger.payment_pending"
                           " ORDER BY received_at, payment_id",
                           0, NULL, err);
    if (rc == LDG_OK && res)
        rc = take_rows(out, res, err);
    PQclear(res);
    if (rc != LDG_OK)
        ldg_payment_rows_cleanup(out);
    return rc;
}

void ldg_payment_rows_cleanup(ldg_payment_rows *rows)
{
    free(rows->items);
    ldg_arena_free(rows->arena);
    memset(rows, 0, sizeof(*rows));
}
