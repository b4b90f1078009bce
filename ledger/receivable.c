/*
 * Receivables: due dates and the allocation replay (receivable.h states the rules).
 *
 * Invariant: per currency, the balance (documents minus payments, summed as they
 * come) equals the open amounts minus the credit on account; ldg_receivable_replay
 * asserts it after the pass. An allocation moves an amount from a credit (an item
 * whose open amount is negative) to a document (positive), so it never changes that
 * sum; only the arrival of an item does.
 *
 * Memory is O(items): the open amounts, one heap slot and one queue slot per item at
 * most, and the allocations, of which there are at most (documents + credits), since
 * each allocation closes a document or exhausts a credit (or both).
 */
#include "ledger/receivable.h"

#include "ledger/fixed.h"
#include "ledger/strmap.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX  80 /* as invoice.c */
#define NONE        SIZE_MAX
#define TAIL_LEN    12 /* "-YYYY-NNNNNN" */
#define GOT_PAYMENT 1u
#define GOT_CREDIT  2u

typedef struct account {
    ldg_receivable_account pub;
    size_t *heap; /* open documents, min-heap on (due_day, seq) */
    size_t nheap;
    size_t *queue; /* credits with an unapplied part, in seq order from head */
    size_t head, nqueue;
    int64_t balance;
} account;

struct ldg_receivable {
    const ldg_receivable_item *items;
    size_t n;
    int64_t as_of;
    int64_t *open;        /* per item, receivable.h */
    unsigned char *flags; /* per document: GOT_PAYMENT, GOT_CREDIT */
    size_t *acc_of;       /* per counted item: its account */
    size_t *fam_next;     /* per document: the next of its family, NONE */
    size_t *fam_tail;     /* per original: the last of its family */
    account *acc;
    size_t nacc;
    ldg_receivable_alloc *allocs;
    size_t nallocs;
    size_t *by_item_start; /* n + 1 offsets into by_item */
    size_t *by_item;       /* allocation indexes, grouped per item */
    ldg_strmap *numbers;   /* upper-cased number -> document index */
};

int64_t ldg_receivable_day_of(ldg_time t)
{
    return t / 86400 - (t % 86400 < 0); /* floor: instants before 1970 too */
}

ldg_code ldg_receivable_due(int64_t *out_day, ldg_time issued, int64_t net_days,
                            ldg_error *err)
{
    if (net_days < 0 || net_days > LDG_RECEIVABLE_MAX_NET_DAYS)
        return ldg_error_set(err, LDG_EINVAL, "net_days must be 0 to %d, not %" PRId64,
                             LDG_RECEIVABLE_MAX_NET_DAYS, net_days);
    *out_day = ldg_receivable_day_of(issued) + net_days;
    return LDG_OK;
}

char *ldg_receivable_day_format(char *buf, int64_t day)
{
    int64_t y;
    int m, d;

    ldg_civil_from_days(day, &y, &m, &d);
    assert(y >= 1970 && y <= 9999);
    snprintf(buf, LDG_RECEIVABLE_DAY_BUFLEN, "%04d-%02d-%02d", (int)y, m, d);
    return buf;
}

ldg_code ldg_receivable_day_parse(int64_t *out_day, const char *s, ldg_error *err)
{
    return ldg_date_parse(out_day, s, err);
}

static bool is_alnum(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Whether s[0..len) equals the upper-case bytes u[0..len), ASCII case ignored. */
static bool equal_upper(const char *s, const char *u, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (upper(s[i]) != u[i])
            return false;
    return true;
}

bool ldg_receivable_reference_names(const char *reference, const char *number)
{
    size_t rlen = reference ? strlen(reference) : 0, len = number ? strlen(number) : 0;
    char key[NUMBER_MAX + 1];
    size_t p, i;

    if (len == 0 || len > NUMBER_MAX || len > rlen)
        return false;
    for (i = 0; i < len; i++)
        key[i] = upper(number[i]);
    for (p = 0; p + len <= rlen; p++)
        if ((p == 0 || !is_alnum(reference[p - 1])) &&
            (p + len == rlen || !is_alnum(reference[p + len])) &&
            equal_upper(reference + p, key, len))
            return true;
    return false;
}

const char *ldg_receivable_status_name(ldg_receivable_status s)
{
    static const char *const names[] = { "open", "overdue", "paid", "credited" };

    return (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : NULL;
}

/* ---- the pass ----------------------------------------------------------------- */

static bool is_document(const ldg_receivable_item *it)
{
    return it->kind != LDG_RECEIVABLE_PAYMENT;
}

/* Whether document a falls due before b: (due, seq). */
static bool due_before(const ldg_receivable *r, size_t a, size_t b)
{
    const ldg_receivable_item *x = &r->items[a], *y = &r->items[b];

    return x->due_day != y->due_day ? x->due_day < y->due_day : x->seq < y->seq;
}

static void heap_push(ldg_receivable *r, account *a, size_t doc)
{
    size_t i = a->nheap++;

    while (i > 0 && due_before(r, doc, a->heap[(i - 1) / 2])) {
        a->heap[i] = a->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    a->heap[i] = doc;
}

static void heap_pop(ldg_receivable *r, account *a)
{
    size_t last = a->heap[--a->nheap], i = 0, c;

    while ((c = 2 * i + 1) < a->nheap) {
        if (c + 1 < a->nheap && due_before(r, a->heap[c + 1], a->heap[c]))
            c++;
        if (!due_before(r, a->heap[c], last))
            break;
        a->heap[i] = a->heap[c];
        i = c;
    }
    if (a->nheap)
        a->heap[i] = last;
}

/* Moves amount from credit `from` to document `to`. */
static void allocate(ldg_receivable *r, size_t from, size_t to, int64_t amount)
{
    ldg_receivable_alloc *al = &r->allocs[r->nallocs++];

    assert(amount > 0 && amount <= r->open[to] && amount <= -r->open[from]);
    r->open[from] += amount;
    r->open[to] -= amount;
    r->flags[to] |=
        r->items[from].kind == LDG_RECEIVABLE_PAYMENT ? GOT_PAYMENT : GOT_CREDIT;
    al->from = from;
    al->to = to;
    al->amount_micros = amount;
}

/* Applies as much of credit `from` to document `to` as both allow. */
static void apply(ldg_receivable *r, size_t from, size_t to)
{
    int64_t amount = -r->open[from] < r->open[to] ? -r->open[from] : r->open[to];

    if (amount > 0)
        allocate(r, from, to, amount);
}

/* Credit `from` to the open documents of its currency, oldest due first. */
static void apply_fifo(ldg_receivable *r, account *a, size_t from)
{
    while (r->open[from] < 0 && a->nheap > 0) {
        apply(r, from, a->heap[0]);
        if (r->open[a->heap[0]] == 0)
            heap_pop(r, a);
    }
}

/* Credit on account, oldest first, to the new document doc. */
static void apply_queue(ldg_receivable *r, account *a, size_t doc)
{
    while (r->open[doc] > 0 && a->nqueue > 0) {
        size_t from = a->queue[a->head];

        apply(r, from, doc);
        if (r->open[from] == 0) {
            a->head++;
            a->nqueue--;
        }
    }
}

/* What is left of credit i becomes credit on account. */
static void to_queue(const ldg_receivable *r, account *a, size_t i)
{
    if (r->open[i] < 0)
        a->queue[a->head + a->nqueue++] = i;
}

/* Credit note `from` to the open documents of its family, by due date then seq. */
static void apply_family(ldg_receivable *r, size_t from, size_t original, size_t *scratch)
{
    size_t k = 0, d, i, j;

    for (d = original; d != NONE; d = r->fam_next[d]) {
        if (r->open[d] <= 0)
            continue;
        for (j = k++; j > 0 && due_before(r, d, scratch[j - 1]); j--)
            scratch[j] = scratch[j - 1];
        scratch[j] = d;
    }
    for (i = 0; i < k && r->open[from] < 0; i++)
        apply(r, from, scratch[i]);
}

/* A named document found in the reference: where its number starts, and which. */
typedef struct named {
    size_t pos, doc;
} named;

/* Records doc named at pos unless it is already named earlier. LDG_ENOMEM. */
static ldg_code add_named(named **list, size_t *n, size_t *cap, size_t pos, size_t doc,
                          ldg_error *err)
{
    size_t i;

    for (i = 0; i < *n; i++)
        if ((*list)[i].doc == doc) {
            if (pos < (*list)[i].pos)
                (*list)[i].pos = pos;
            return LDG_OK;
        }
    if (*n == *cap) {
        size_t ncap = *cap ? 2 * *cap : 8;
        named *p = realloc(*list, ncap * sizeof(*p));

        if (!p)
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        *list = p;
        *cap = ncap;
    }
    (*list)[(*n)++] = (named){ pos, doc };
    return LDG_OK;
}

/* Whether s[0..n) are all ASCII digits. */
static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool is_series_char(char c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '-';
}

/* Whether u[i..i+TAIL_LEN) is "-YYYY-NNNNNN" not followed by a letter or digit. */
static bool is_tail(const char *u, size_t len, size_t i)
{
    return i + TAIL_LEN <= len && u[i] == '-' && all_digits(u + i + 1, 4) &&
           u[i + 5] == '-' && all_digits(u + i + 6, 6) &&
           (i + TAIL_LEN == len || !is_alnum(u[i + TAIL_LEN]));
}

/* The documents named in the upper-cased reference u, into *list (receivable.h: a
 * number is a series, then a tail; every start of a series after a non-alphanumeric
 * byte is tried). */
static ldg_code find_named(named **list, size_t *n, size_t *cap, ldg_receivable *r,
                           const char *u, size_t len, ldg_error *err)
{
    size_t i, s, run, lo;
    int64_t *doc;
    ldg_code rc;

    for (i = 1; i + TAIL_LEN <= len; i++) {
        if (!is_tail(u, len, i))
            continue;
        /* a series is at most NUMBER_MAX - TAIL_LEN bytes: looking no further back
         * keeps a hostile reference ("1-2026-000001-2026-000001-...") linear */
        lo = i > NUMBER_MAX - TAIL_LEN ? i - (NUMBER_MAX - TAIL_LEN) : 0;
        for (run = i; run > lo && is_series_char(u[run - 1]); run--)
            ;
        for (s = run; s < i; s++) {
            if (s > 0 && is_alnum(u[s - 1]))
                continue;
            doc = ldg_strmap_get(r->numbers, u + s, i + TAIL_LEN - s);
            if (doc && (rc = add_named(list, n, cap, s, (size_t)*doc, err)) != LDG_OK)
                return rc;
        }
    }
    return LDG_OK;
}

/* Payment `from` to the open documents its reference names, in the order named. */
static ldg_code apply_named(ldg_receivable *r, size_t from, ldg_error *err)
{
    const char *ref = r->items[from].reference;
    size_t len = ref ? strlen(ref) : 0, n = 0, cap = 0, i, j;
    named *list = NULL, t;
    char *u;
    ldg_code rc;

    if (len < TAIL_LEN + 1)
        return LDG_OK;
    if (!(u = malloc(len + 1)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (i = 0; i < len; i++)
        u[i] = upper(ref[i]);
    rc = find_named(&list, &n, &cap, r, u, len, err);
    for (i = 1; i < n; i++) /* by first position; a handful at most */
        for (j = i, t = list[i]; j > 0 && list[j - 1].pos > t.pos; j--)
            list[j] = list[j - 1], list[j - 1] = t;
    for (i = 0; rc == LDG_OK && i < n && r->open[from] < 0; i++)
        if (r->acc_of[list[i].doc] == r->acc_of[from] && r->open[list[i].doc] > 0)
            apply(r, from, list[i].doc);
    free(list);
    free(u);
    return rc;
}

/* The document number upper-cased into key (NUMBER_MAX + 1 bytes); LDG_EINVAL. */
static ldg_code upper_key(char *key, size_t *len, const char *number, ldg_error *err)
{
    size_t i, n = number ? strlen(number) : 0;

    if (n == 0 || n > NUMBER_MAX)
        return ldg_error_set(err, LDG_EINVAL,
                             "document number empty or longer than %d bytes", NUMBER_MAX);
    for (i = 0; i < n; i++)
        key[i] = upper(number[i]);
    *len = n;
    return LDG_OK;
}

/* The original invoice that document i amends, in its currency. LDG_EINVAL. */
static ldg_code find_original(size_t *out, ldg_receivable *r, size_t i, ldg_error *err)
{
    char key[NUMBER_MAX + 1];
    size_t len = 0;
    int64_t *doc;
    ldg_code rc = upper_key(key, &len, r->items[i].amends, err);

    if (rc != LDG_OK)
        return rc;
    doc = ldg_strmap_get(r->numbers, key, len);
    if (!doc || r->items[*doc].kind != LDG_RECEIVABLE_INVOICE ||
        r->acc_of[*doc] != r->acc_of[i])
        return ldg_error_set(err, LDG_EINVAL,
                             "\"%s\" amends \"%s\", which is no earlier invoice in %s",
                             r->items[i].id, r->items[i].amends, r->items[i].currency);
    *out = (size_t)*doc;
    return LDG_OK;
}

/* Records document i's number; LDG_EINVAL when repeated, LDG_ENOMEM. */
static ldg_code register_number(ldg_receivable *r, size_t i, ldg_error *err)
{
    char key[NUMBER_MAX + 1];
    size_t len = 0;
    int added;
    ldg_code rc = upper_key(key, &len, r->items[i].id, err);

    if (rc != LDG_OK)
        return rc;
    if (!ldg_strmap_put(r->numbers, key, len, (int64_t)i, &added))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    if (!added)
        return ldg_error_set(err, LDG_EINVAL, "document number \"%s\" is repeated",
                             r->items[i].id);
    return LDG_OK;
}

/* A document with a positive total: owed, and paid from credit on account first. */
static ldg_code add_debt(ldg_receivable *r, account *a, size_t i, ldg_error *err)
{
    size_t orig;
    ldg_code rc;

    if (r->items[i].kind == LDG_RECEIVABLE_SUPPLEMENT) {
        if ((rc = find_original(&orig, r, i, err)) != LDG_OK)
            return rc;
        r->fam_next[r->fam_tail[orig]] = i;
        r->fam_tail[orig] = i;
    }
    apply_queue(r, a, i);
    if (r->open[i] > 0)
        heap_push(r, a, i);
    return LDG_OK;
}

/* A credit note, a payment or an invoice with a negative total. */
static ldg_code add_credit(ldg_receivable *r, account *a, size_t i, size_t *scratch,
                           ldg_error *err)
{
    size_t orig;
    ldg_code rc = LDG_OK;

    if (r->items[i].kind == LDG_RECEIVABLE_CREDIT_NOTE) {
        if ((rc = find_original(&orig, r, i, err)) != LDG_OK)
            return rc;
        apply_family(r, i, orig, scratch);
    } else if (r->items[i].kind == LDG_RECEIVABLE_PAYMENT) {
        rc = apply_named(r, i, err);
    }
    apply_fifo(r, a, i);
    to_queue(r, a, i);
    return rc;
}

/* One counted item of the pass. */
static ldg_code add_item(ldg_receivable *r, size_t i, size_t *scratch, ldg_error *err)
{
    const ldg_receivable_item *it = &r->items[i];
    account *a = &r->acc[r->acc_of[i]];
    ldg_code rc;

    r->open[i] = is_document(it) ? it->amount_micros : -it->amount_micros;
    if ((rc = ldg_fixed_add(&a->balance, a->balance, r->open[i], err)) != LDG_OK)
        return rc;
    if (is_document(it)) {
        r->fam_tail[i] = i;
        if ((rc = register_number(r, i, err)) != LDG_OK)
            return rc;
    }
    return r->open[i] > 0 ? add_debt(r, a, i, err) : add_credit(r, a, i, scratch, err);
}

static bool valid_currency(const char *c)
{
    return c && strlen(c) == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' &&
           c[1] <= 'Z' && c[2] >= 'A' && c[2] <= 'Z';
}

/* The shape of item i alone (receivable.h); prev_seq is the seq before it. */
static ldg_code check_item(const ldg_receivable_item *it, bool first, int64_t prev_seq,
                           ldg_error *err)
{
    if (!first && it->seq <= prev_seq)
        return ldg_error_set(err, LDG_EINVAL, "items are not in ascending seq order");
    if (!valid_currency(it->currency))
        return ldg_error_set(err, LDG_EINVAL, "currency must be three capital letters");
    /* dates inside 1970..9999 keep every difference of days far from overflow */
    if (it->day < 0 || it->day > ldg_days_from_civil(9999, 12, 31))
        return ldg_error_set(err, LDG_EINVAL, "date outside 1970 to 9999");
    switch (it->kind) {
    case LDG_RECEIVABLE_INVOICE:
        break;
    case LDG_RECEIVABLE_SUPPLEMENT:
        if (it->amount_micros <= 0)
            return ldg_error_set(err, LDG_EINVAL, "a supplementary invoice is positive");
        break;
    case LDG_RECEIVABLE_CREDIT_NOTE:
        if (it->amount_micros >= 0)
            return ldg_error_set(err, LDG_EINVAL, "a credit note is negative");
        break;
    case LDG_RECEIVABLE_PAYMENT:
        if (it->amount_micros <= 0)
            return ldg_error_set(err, LDG_EINVAL, "a payment is positive");
        return LDG_OK;
    default:
        return ldg_error_set(err, LDG_EINVAL, "unknown item kind");
    }
    if (it->due_day < it->day || it->due_day > it->day + LDG_RECEIVABLE_MAX_NET_DAYS)
        return ldg_error_set(err, LDG_EINVAL,
                             "due date not 0 to %d days after the issue date",
                             LDG_RECEIVABLE_MAX_NET_DAYS);
    return LDG_OK;
}

/* The index of currency c among the accounts, or r->nacc. */
static size_t account_index(const ldg_receivable *r, const char *c)
{
    size_t k;

    for (k = 0; k < r->nacc && strcmp(r->acc[k].pub.currency, c) != 0; k++)
        ;
    return k;
}

/* Adds the account of currency c in code order unless present. */
static void add_account(ldg_receivable *r, const char *c)
{
    size_t k;

    if (account_index(r, c) < r->nacc)
        return;
    for (k = r->nacc++; k > 0 && strcmp(r->acc[k - 1].pub.currency, c) > 0; k--)
        r->acc[k] = r->acc[k - 1];
    memset(&r->acc[k], 0, sizeof(r->acc[k]));
    memcpy(r->acc[k].pub.currency, c, 4);
}

/* Checks every item, then makes the accounts of the counted ones, each with a heap
 * and a queue as long as its number of items. */
static ldg_code make_accounts(ldg_receivable *r, ldg_error *err)
{
    size_t i, k, *count;

    for (i = 0; i < r->n; i++) {
        const ldg_receivable_item *it = &r->items[i];
        ldg_code rc = check_item(it, i == 0, i ? r->items[i - 1].seq : 0, err);

        if (rc != LDG_OK) {
            ldg_error_where(err, "seq %" PRId64, it->seq);
            return rc;
        }
        if (it->day <= r->as_of)
            add_account(r, it->currency);
    }
    if (!(count = calloc(r->nacc + 1, sizeof(*count))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (i = 0; i < r->n; i++)
        if (r->items[i].day <= r->as_of)
            count[r->acc_of[i] = account_index(r, r->items[i].currency)]++;
    for (k = 0; k < r->nacc; k++) {
        r->acc[k].heap = malloc(count[k] * sizeof(size_t) + 1);
        r->acc[k].queue = malloc(count[k] * sizeof(size_t) + 1);
        if (!r->acc[k].heap || !r->acc[k].queue) {
            free(count);
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        }
    }
    free(count);
    return LDG_OK;
}

/* Adds v to *sum; LDG_ERANGE. */
static ldg_code add_to(int64_t *sum, int64_t v, ldg_error *err)
{
    return ldg_fixed_add(sum, *sum, v, err);
}

/* Buckets the open documents and the credit on account of every account. */
static ldg_code age(ldg_receivable *r, ldg_error *err)
{
    size_t i, k;
    ldg_code rc = LDG_OK;

    for (i = 0; rc == LDG_OK && i < r->n; i++) {
        ldg_receivable_account *p;
        int64_t late = r->as_of - r->items[i].due_day, v = r->open[i];

        if (!ldg_receivable_counted(r, i) || v == 0)
            continue;
        p = &r->acc[r->acc_of[i]].pub;
        rc = add_to(v < 0        ? &p->credit
                    : late <= 0  ? &p->current
                    : late <= 30 ? &p->d1_30
                    : late <= 60 ? &p->d31_60
                    : late <= 90 ? &p->d61_90
                                 : &p->d91_plus,
                    v, err);
        if (rc == LDG_OK)
            rc = add_to(&p->total, v, err);
    }
    for (k = 0; rc == LDG_OK && k < r->nacc; k++)
        assert(r->acc[k].pub.total == r->acc[k].balance);
    return rc;
}

/* Groups the allocations per item (each under its from and its to). */
static ldg_code index_allocs(ldg_receivable *r, ldg_error *err)
{
    size_t i, *fill;

    r->by_item_start = calloc(r->n + 1, sizeof(size_t));
    r->by_item = malloc(2 * r->nallocs * sizeof(size_t) + 1);
    fill = calloc(r->n + 1, sizeof(size_t));
    if (!r->by_item_start || !r->by_item || !fill) {
        free(fill);
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    }
    for (i = 0; i < r->nallocs; i++) {
        r->by_item_start[r->allocs[i].from + 1]++;
        r->by_item_start[r->allocs[i].to + 1]++;
    }
    for (i = 0; i < r->n; i++)
        r->by_item_start[i + 1] += r->by_item_start[i];
    for (i = 0; i < r->nallocs; i++) {
        size_t f = r->allocs[i].from, t = r->allocs[i].to;

        r->by_item[r->by_item_start[f] + fill[f]++] = i;
        r->by_item[r->by_item_start[t] + fill[t]++] = i;
    }
    free(fill);
    return LDG_OK;
}

/* The arrays of n items; LDG_ENOMEM. */
static ldg_code alloc_arrays(ldg_receivable *r, ldg_error *err)
{
    size_t n = r->n + 1;

    r->open = calloc(n, sizeof(*r->open));
    r->flags = calloc(n, sizeof(*r->flags));
    r->acc_of = calloc(n, sizeof(*r->acc_of));
    r->fam_next = malloc(n * sizeof(*r->fam_next));
    r->fam_tail = malloc(n * sizeof(*r->fam_tail));
    r->acc = calloc(n, sizeof(*r->acc));
    r->allocs = malloc(n * sizeof(*r->allocs));
    if (!r->open || !r->flags || !r->acc_of || !r->fam_next || !r->fam_tail || !r->acc ||
        !r->allocs)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    memset(r->fam_next, 0xff, n * sizeof(*r->fam_next)); /* NONE */
    return ldg_strmap_new(&r->numbers, err);
}

/* The pass in seq order over the counted items. */
static ldg_code run(ldg_receivable *r, ldg_error *err)
{
    size_t i, *scratch = malloc((r->n + 1) * sizeof(size_t));
    ldg_code rc = LDG_OK;

    if (!scratch)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    for (i = 0; rc == LDG_OK && i < r->n; i++)
        if (ldg_receivable_counted(r, i) && (rc = add_item(r, i, scratch, err)) != LDG_OK)
            ldg_error_where(err, "seq %" PRId64, r->items[i].seq);
    free(scratch);
    return rc;
}

ldg_code ldg_receivable_replay(ldg_receivable **out, const ldg_receivable_item *items,
                               size_t n, int64_t as_of_day, ldg_error *err)
{
    ldg_receivable *r;
    ldg_code rc;

    assert(out && (items || n == 0));
    *out = NULL;
    if (!(r = calloc(1, sizeof(*r))))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    r->items = items;
    r->n = n;
    r->as_of = as_of_day;
    if ((rc = alloc_arrays(r, err)) == LDG_OK && (rc = make_accounts(r, err)) == LDG_OK &&
        (rc = run(r, err)) == LDG_OK && (rc = age(r, err)) == LDG_OK)
        rc = index_allocs(r, err);
    if (rc != LDG_OK) {
        ldg_receivable_free(r);
        return rc;
    }
    *out = r;
    return LDG_OK;
}

void ldg_receivable_free(ldg_receivable *r)
{
    size_t k;

    if (!r)
        return;
    for (k = 0; r->acc && k < r->nacc; k++) {
        free(r->acc[k].heap);
        free(r->acc[k].queue);
    }
    free(r->open);
    free(r->flags);
    free(r->acc_of);
    free(r->fam_next);
    free(r->fam_tail);
    free(r->acc);
    free(r->allocs);
    free(r->by_item_start);
    free(r->by_item);
    ldg_strmap_free(r->numbers);
    free(r);
}

bool ldg_receivable_counted(const ldg_receivable *r, size_t i)
{
    assert(i < r->n);
    return r->items[i].day <= r->as_of;
}

int64_t ldg_receivable_open(const ldg_receivable *r, size_t i)
{
    assert(i < r->n);
    return r->open[i];
}

ldg_receivable_status ldg_receivable_status_of(const ldg_receivable *r, size_t i)
{
    const ldg_receivable_item *it = &r->items[i];

    assert(ldg_receivable_counted(r, i) && is_document(it));
    if (r->open[i] > 0)
        return it->due_day < r->as_of ? LDG_RECEIVABLE_OVERDUE : LDG_RECEIVABLE_OPEN;
    if (it->amount_micros < 0 || (r->flags[i] & (GOT_PAYMENT | GOT_CREDIT)) == GOT_CREDIT)
        return LDG_RECEIVABLE_CREDITED;
    return LDG_RECEIVABLE_PAID;
}

size_t ldg_receivable_alloc_count(const ldg_receivable *r, size_t i)
{
    assert(i < r->n);
    return r->by_item_start[i + 1] - r->by_item_start[i];
}

const ldg_receivable_alloc *ldg_receivable_alloc_at(const ldg_receivable *r, size_t i,
                                                    size_t k)
{
    assert(k < ldg_receivable_alloc_count(r, i));
    return &r->allocs[r->by_item[r->by_item_start[i] + k]];
}

size_t ldg_receivable_account_count(const ldg_receivable *r)
{
    return r->nacc;
}

const ldg_receivable_account *ldg_receivable_account_at(const ldg_receivable *r, size_t k)
{
    assert(k < r->nacc);
    return &r->acc[k].pub;
}

ldg_code ldg_receivable_opening(int64_t *out, const ldg_receivable *r,
                                const char *currency, int64_t from_day, ldg_error *err)
{
    size_t i;
    ldg_code rc = LDG_OK;

    *out = 0;
    for (i = 0; rc == LDG_OK && i < r->n; i++) {
        const ldg_receivable_item *it = &r->items[i];

        if (ldg_receivable_counted(r, i) && it->day < from_day &&
            strcmp(it->currency, currency) == 0)
            rc = add_to(out, is_document(it) ? it->amount_micros : -it->amount_micros,
                        err);
    }
    return rc;
}

const char *ldg_receivable_kind_name(ldg_receivable_kind k)
{
    switch (k) {
    case LDG_RECEIVABLE_INVOICE:
        return "invoice";
    case LDG_RECEIVABLE_SUPPLEMENT:
        return "supplement";
    case LDG_RECEIVABLE_CREDIT_NOTE:
        return "credit_note";
    default:
        return "payment";
    }
}
