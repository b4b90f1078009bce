/*
 * libpq wrapper. SQL text is constant everywhere; values travel as parameters. This is
 * the only place that turns a server error into an ldg_code, so the mapping (SQLSTATE
 * class 40 -> retry, 23505 -> conflict, 08 -> unavailable) is made once.
 */
#include "ledger/store/store.h"

#include "ledger/store/classes.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statements queued before the queue is synced on its own: billing sends the reads of
 * a batch of contracts together (billing.c, LDG_BILL_BATCH_MAX: at most one kept per
 * period, and a few per batch). Their results may be larger than the socket's
 * buffers: libpq reads what the server sends while it waits to write, so neither side
 * blocks the other. */
enum { QUEUE_MAX = 256 };

struct ldg_store {
    PGconn *conn;
    int in_tx;
    /* inside ldg_store_rehearsal_begin's transaction: units of work are savepoints */
    int rehearsal;
    /* statements sent in pipeline mode whose results are unread, each with the ticket
     * its result is kept under for ldg_store_take (0: not kept) */
    int queued;
    ldg_store_ticket want[2 * QUEUE_MAX]; /* a statement and its Parse each count */
    int prepares[2 * QUEUE_MAX]; /* the prepared statement (index + 1) an item prepares */
    /* kept results not taken yet, and their tickets */
    PGresult *kept[QUEUE_MAX];
    ldg_store_ticket kept_ticket[QUEUE_MAX];
    int nkept;
    ldg_store_ticket last_ticket;
    struct prepared {
        char *sql;
        int uses;
        int state; /* PREP_* */
    } prep[64];
    int nprep;
    ldg_error lost; /* a queued failure ldg_store_conn flushed: the COMMIT returns it */
};

/*
 * Statements sent through the queue are prepared on the session at their second use
 * (named "ldg_p<index>"), so that what a batch sends for every contract or chunk is
 * parsed and planned once rather than at every call; the server re-plans a prepared
 * statement itself when a table it reads changes. Only plain statements: BEGIN, a
 * cursor's DECLARE or CLOSE and the like go as they are.
 */
enum {
    PREP_NONE,  /* not prepared (yet, or its Parse was skipped after a failure) */
    PREP_SENT,  /* its Parse is in the current pipeline, before any use of it */
    PREP_READY, /* prepared on the session */
    PREP_NEVER, /* its Parse failed (its answer lost, or refused as the statement would
                 * be): sent unprepared from now on, never tried again */
};

static void clear_prepared(ldg_store *st)
{
    for (int i = 0; i < st->nprep; i++)
        free(st->prep[i].sql);
    st->nprep = 0;
}

static void clear_kept(ldg_store *st)
{
    for (int i = 0; i < st->nkept; i++)
        PQclear(st->kept[i]);
    st->nkept = 0;
}

static void copy_field(char *dst, size_t size, const char *src)
{
    size_t n;

    if (!src)
        return;
    n = strlen(src);
    if (n >= size)
        n = size - 1;
    memmove(dst, src, n);
    dst[n] = '\0';
    /* one line: messages from the server may carry newlines */
    for (char *p = dst; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

static ldg_code code_for_sqlstate(const char *state)
{
    if (!state)
        return LDG_EDB;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return LDG_ERETRY;
    if (strcmp(state, "23505") == 0)
        return LDG_ECONFLICT;
    return LDG_EDB;
}

/* A table, column or function the statement names is not there: an older schema. */
static int missing_object(const char *state)
{
    return state && (strcmp(state, "42P01") == 0 || strcmp(state, "42703") == 0 ||
                     strcmp(state, "42883") == 0);
}

ldg_code ldg_store__result_error(ldg_store *st, const PGresult *res, ldg_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    ldg_code code;

    if (!state && PQstatus(st->conn) == CONNECTION_BAD)
        state = "08006";
    code = code_for_sqlstate(state);
    if (!msg)
        msg = PQerrorMessage(st->conn);
    if (err && err->code == LDG_OK) {
        ldg_error_set(err, code, "database error: %s", msg && *msg ? msg : "unknown");
        copy_field(err->message, sizeof(err->message), err->message);
        copy_field(err->sqlstate, sizeof(err->sqlstate), state ? state : "");
        if (res) {
            copy_field(err->detail, sizeof(err->detail),
                       PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
            copy_field(err->hint, sizeof(err->hint),
                       PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
        }
        if (missing_object(state) && !err->hint[0])
            ldg_error_hint(err,
                           "the database may lack a migration this leaseledger needs:"
                           " run 'leaseledger migrate' (as the migrator)");
    }
    return code;
}

ldg_code ldg_store_open(ldg_store **out, const char *conninfo, ldg_error *err)
{
    ldg_store *st;
    const char *ci = conninfo;
    PGresult *res;
    ldg_code rc0;

    *out = NULL;
    if (!ci || !*ci)
        ci = getenv("DATABASE_URL");
    if (!ci)
        ci = "";
    st = calloc(1, sizeof(*st));
    if (!st)
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    st->conn = PQconnectdb(ci);
    if (PQstatus(st->conn) != CONNECTION_OK) {
        ldg_error_set(err, LDG_EDB, "could not connect to the database: %s",
                      PQerrorMessage(st->conn));
        if (err) {
            copy_field(err->message, sizeof(err->message), err->message);
            copy_field(err->sqlstate, sizeof(err->sqlstate), "08006");
        }
        ldg_store_close(st);
        return LDG_EDB;
    }
    res = PQexec(
        st->conn,
        "SET TIME ZONE 'UTC'; SET search_path = ledger, public;"
        " SET application_name = 'leaseledger'; SET client_min_messages = warning");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        ldg_code rc = ldg_store__result_error(st, res, err);
        PQclear(res);
        ldg_store_close(st);
        return rc;
    }
    PQclear(res);
    if ((rc0 = ldg_store__load_classes(st, err)) != LDG_OK) {
        ldg_store_close(st);
        return rc0;
    }
    *out = st;
    return LDG_OK;
}

void ldg_store_close(ldg_store *st)
{
    if (!st)
        return;
    clear_kept(st);
    clear_prepared(st);
    PQfinish(st->conn);
    free(st);
}

PGconn *ldg_store_conn(ldg_store *st)
{
    ldg_error ignored;

    /* a failure among the queued statements is kept for the COMMIT to report (the
     * caller's own commands on the connection fail meanwhile: the transaction is lost) */
    ldg_error_clear(&ignored);
    if (ldg_store_flush(st, &ignored) != LDG_OK && st->lost.code == LDG_OK)
        st->lost = ignored;
    return st->conn;
}

ldg_code ldg_store_set_role(ldg_store *st, const char *role, ldg_error *err)
{
    /* SET ROLE takes no parameters; set_config() does, keeping the SQL constant. */
    const char *params[1] = { role };
    ldg_code rc =
        ldg_store_exec(NULL, st, "SELECT set_config('role', $1, false)", 1, params, err);

    /* What a writer commits (entries, then the checkpoint over them) returns only once a
     * synchronous standby has applied it: a checkpoint is signed over entries the standby
     * holds, so promoting it keeps every signed checkpoint true (docs/OPERATIONS.md,
     * "Fail over"). Without synchronous_standby_names this is an ordinary local commit.
     */
    if (rc == LDG_OK && strcmp(role, "ldg_writer") == 0)
        rc = ldg_store_exec(
            NULL, st, "SELECT set_config('synchronous_commit', 'remote_apply', false)", 0,
            NULL, err);
    return rc;
}

static int preparable(const char *sql)
{
    static const char *const verbs[] = { "SELECT ", "INSERT ", "UPDATE ", "WITH " };

    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strncmp(sql, verbs[i], strlen(verbs[i])) == 0)
            return 1;
    return 0;
}

/* The prepared statement of sql, counted as one more use (index), or -1: none, and no
 * room for one. */
static int prepared_use(ldg_store *st, const char *sql)
{
    int i;

    for (i = 0; i < st->nprep; i++)
        if (strcmp(st->prep[i].sql, sql) == 0)
            break;
    if (i == st->nprep) {
        size_t cap = sizeof(st->prep) / sizeof(st->prep[0]);

        if ((size_t)st->nprep == cap || !preparable(sql) ||
            !(st->prep[i].sql = strdup(sql)))
            return -1;
        st->prep[i].uses = 0;
        st->prep[i].state = PREP_NONE;
        st->nprep++;
    }
    st->prep[i].uses++;
    return i;
}

/* Sends sql in pipeline mode without waiting for its result (sync_queue reads it, and
 * keeps it for ldg_store_take under ticket keep when not 0): prepared from its second
 * use on. */
static ldg_code send_queued(ldg_store *st, ldg_store_ticket keep, const char *sql,
                            int nparams, const char *const *params, const int *lengths,
                            const int *formats, int result_format, ldg_error *err)
{
    int p = prepared_use(st, sql);
    char name[24] = "";

    if (PQpipelineStatus(st->conn) == PQ_PIPELINE_OFF && !PQenterPipelineMode(st->conn))
        return ldg_store__result_error(st, NULL, err);
    if (p >= 0)
        snprintf(name, sizeof(name), "ldg_p%d", p);
    if (p >= 0 && st->prep[p].state == PREP_NONE && st->prep[p].uses >= 2) {
        if (!PQsendPrepare(st->conn, name, sql, nparams, NULL))
            return ldg_store__result_error(st, NULL, err);
        st->prep[p].state = PREP_SENT;
        st->prepares[st->queued] = p + 1;
        st->want[st->queued++] = 0;
    }
    if (p >= 0 && (st->prep[p].state == PREP_SENT || st->prep[p].state == PREP_READY)
            ? !PQsendQueryPrepared(st->conn, name, nparams, params, lengths, formats,
                                   result_format)
            : !PQsendQueryParams(st->conn, sql, nparams, NULL, params, lengths, formats,
                                 result_format))
        return ldg_store__result_error(st, NULL, err);
    st->prepares[st->queued] = 0;
    st->want[st->queued++] = keep;
    return LDG_OK;
}

/*
 * Ends the pipeline: one sync, then the result of every queued statement in order (the
 * one round trip), the kept ones appended to st->kept. The first failure is the one
 * reported (the server skips the statements after it: PGRES_PIPELINE_ABORTED), and
 * then nothing is kept: the transaction is lost anyway.
 */
static ldg_code sync_queue(ldg_store *st, ldg_error *err)
{
    int n = st->queued, i = 0, nkept = st->nkept;
    ldg_code rc =
        PQpipelineSync(st->conn) ? LDG_OK : ldg_store__result_error(st, NULL, err);

    st->queued = 0;
    /* each statement's results end with a NULL; the sync's own result comes last (a
     * broken connection gives NULLs only: more than n of them ends the wait) */
    for (;;) {
        PGresult *res = PQgetResult(st->conn);
        ExecStatusType s = PQresultStatus(res);

        if (!res && ++i > n)
            break;
        if (!res)
            continue;
        if (s == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            break;
        }
        if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && rc == LDG_OK)
            rc = ldg_store__result_error(st, res, err);
        if (i < n && st->prepares[i]) /* a Parse: skipped after a failure, or refused */
            st->prep[st->prepares[i] - 1].state =
                s == PGRES_COMMAND_OK         ? PREP_READY
                : s == PGRES_PIPELINE_ABORTED ? PREP_NONE /* never reached the server */
                                              : PREP_NEVER;
        if (rc == LDG_OK && i < n && st->want[i] && nkept < QUEUE_MAX) {
            st->kept_ticket[nkept] = st->want[i];
            st->kept[nkept++] = res;
        } else {
            PQclear(res);
        }
    }
    st->nkept = nkept;
    for (int p = 0; p < st->nprep; p++) /* a Parse whose answer never came */
        if (st->prep[p].state == PREP_SENT)
            st->prep[p].state = PREP_NEVER;
    if (!PQexitPipelineMode(st->conn) && rc == LDG_OK)
        rc = ldg_store__result_error(st, NULL, err);
    if (rc == LDG_OK && i != n) /* the connection broke before the sync came back */
        rc = ldg_store__result_error(st, NULL, err);
    if (rc != LDG_OK)
        clear_kept(st);
    return rc;
}

ldg_code ldg_store_push(ldg_store *st, ldg_error *err)
{
    if (st->queued == 0)
        return LDG_OK;
    if (!PQsendFlushRequest(st->conn) || PQflush(st->conn) != 0)
        return ldg_store__result_error(st, NULL, err);
    return LDG_OK;
}

ldg_code ldg_store_flush(ldg_store *st, ldg_error *err)
{
    if (st->queued)
        return sync_queue(st, err);
    /* entered, and a send failed before anything was queued */
    if (PQpipelineStatus(st->conn) != PQ_PIPELINE_OFF && !PQexitPipelineMode(st->conn))
        return ldg_store__result_error(st, NULL, err);
    return LDG_OK;
}

/* A new ticket: never 0, and never one still kept (QUEUE_MAX in use among 2^32 - 1). */
static ldg_store_ticket next_ticket(ldg_store *st)
{
    if (++st->last_ticket == 0)
        st->last_ticket = 1;
    return st->last_ticket;
}

/* Queues sql (*ticket not NULL: its result kept for ldg_store_take under a new ticket),
 * or runs it now outside a transaction; a full queue is synced. */
static ldg_code queue(ldg_store_ticket *ticket, ldg_store *st, const char *sql,
                      int nparams, const char *const *params, const int *lengths,
                      const int *formats, int result_format, ldg_error *err)
{
    ldg_store_ticket keep = ticket ? next_ticket(st) : 0;
    ldg_code rc;

    if (ticket)
        *ticket = keep;
    if (!st->in_tx && !keep)
        return ldg_store_execb(NULL, st, sql, nparams, params, lengths, formats, 0, err);
    if (st->nkept + st->queued >= QUEUE_MAX && (rc = ldg_store_flush(st, err)) != LDG_OK)
        return rc;
    if (st->nkept + st->queued >= QUEUE_MAX)
        return ldg_error_set(err, LDG_EINTERNAL, "%d results sent and not taken",
                             QUEUE_MAX);
    rc =
        send_queued(st, keep, sql, nparams, params, lengths, formats, result_format, err);
    if (rc != LDG_OK)
        (void)ldg_store_flush(st, &(ldg_error){ 0 });
    else if (!st->in_tx) /* no transaction to wait for: a statement of its own */
        rc = sync_queue(st, err);
    return rc;
}

ldg_code ldg_store_execb_later(ldg_store *st, const char *sql, int nparams,
                               const char *const *params, const int *lengths,
                               const int *formats, ldg_error *err)
{
    return queue(NULL, st, sql, nparams, params, lengths, formats, 0, err);
}

ldg_code ldg_store_exec_later(ldg_store *st, const char *sql, int nparams,
                              const char *const *params, ldg_error *err)
{
    return queue(NULL, st, sql, nparams, params, NULL, NULL, 0, err);
}

ldg_code ldg_store_send(ldg_store_ticket *ticket, ldg_store *st, const char *sql,
                        int nparams, const char *const *params, ldg_error *err)
{
    return queue(ticket, st, sql, nparams, params, NULL, NULL, 0, err);
}

ldg_code ldg_store_sendb(ldg_store_ticket *ticket, ldg_store *st, const char *sql,
                         int nparams, const char *const *params, const int *lengths,
                         const int *formats, int result_format, ldg_error *err)
{
    return queue(ticket, st, sql, nparams, params, lengths, formats, result_format, err);
}

/* The index of ticket's result among the kept ones, or -1. */
static int kept_index(const ldg_store *st, ldg_store_ticket ticket)
{
    for (int i = 0; i < st->nkept; i++)
        if (st->kept_ticket[i] == ticket)
            return i;
    return -1;
}

ldg_code ldg_store_take(PGresult **out, ldg_store *st, ldg_store_ticket ticket,
                        ldg_error *err)
{
    int i = ticket ? kept_index(st, ticket) : -1;
    ldg_code rc = i < 0 && ticket ? ldg_store_flush(st, err) : LDG_OK;

    *out = NULL;
    if (rc != LDG_OK)
        return rc;
    if (i < 0 && (i = ticket ? kept_index(st, ticket) : -1) < 0)
        return ldg_error_set(err, LDG_EINTERNAL,
                             "no result was sent under that ticket, or it was taken");
    *out = st->kept[i];
    st->nkept--;
    memmove(st->kept + i, st->kept + i + 1,
            (size_t)(st->nkept - i) * sizeof(st->kept[0]));
    memmove(st->kept_ticket + i, st->kept_ticket + i + 1,
            (size_t)(st->nkept - i) * sizeof(st->kept_ticket[0]));
    return LDG_OK;
}

/* The statement sent after the queued ones, all in one round trip: queued, then taken. */
static ldg_code exec_after_queue(PGresult **out, ldg_store *st, const char *sql,
                                 int nparams, const char *const *params,
                                 const int *lengths, const int *formats,
                                 int result_format, ldg_error *err)
{
    ldg_store_ticket ticket = 0;
    PGresult *res = NULL;
    ldg_code rc =
        queue(&ticket, st, sql, nparams, params, lengths, formats, result_format, err);

    if (rc == LDG_OK)
        rc = ldg_store_take(&res, st, ticket, err);
    if (rc == LDG_OK && out)
        *out = res;
    else
        PQclear(res);
    return rc;
}

ldg_code ldg_store_execb(PGresult **out, ldg_store *st, const char *sql, int nparams,
                         const char *const *params, const int *lengths,
                         const int *formats, int result_format, ldg_error *err)
{
    PGresult *res;
    ExecStatusType s;

    if (out)
        *out = NULL;
    if (st->queued)
        return exec_after_queue(out, st, sql, nparams, params, lengths, formats,
                                result_format, err);
    res = PQexecParams(st->conn, sql, nparams, NULL, params, lengths, formats,
                       result_format);
    s = PQresultStatus(res);
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
        ldg_code rc = ldg_store__result_error(st, res, err);
        PQclear(res);
        return rc;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return LDG_OK;
}

ldg_code ldg_store_exec(PGresult **out, ldg_store *st, const char *sql, int nparams,
                        const char *const *params, ldg_error *err)
{
    return ldg_store_execb(out, st, sql, nparams, params, NULL, NULL, 0, err);
}

/* The BEGIN goes with the unit's first statement, in its round trip. */
ldg_code ldg_store_begin(ldg_store *st, ldg_error *err)
{
    ldg_code rc;

    st->in_tx = 1;
    rc = ldg_store_exec_later(
        st, st->rehearsal ? "SAVEPOINT ldg_unit" : "BEGIN ISOLATION LEVEL READ COMMITTED",
        0, NULL, err);
    if (rc != LDG_OK)
        st->in_tx = 0;
    return rc;
}

/* A failure ldg_store_conn could not report: the transaction is lost. */
static ldg_code lost_failure(ldg_store *st, ldg_error *err)
{
    ldg_code rc = st->lost.code;

    if (err && err->code == LDG_OK)
        *err = st->lost;
    ldg_error_clear(&st->lost);
    return rc;
}

/*
 * The unit is over only when this succeeds: on failure it is still open, for
 * ldg_store_rollback to undo (a savepoint included). A COMMIT that the server answers
 * with ROLLBACK (the transaction had failed unseen) is a failure.
 */
ldg_code ldg_store_commit(ldg_store *st, ldg_error *err)
{
    PGresult *res = NULL;
    ldg_code rc =
        st->lost.code != LDG_OK
            ? lost_failure(st, err)
            : ldg_store_exec(&res, st,
                             st->rehearsal ? "RELEASE SAVEPOINT ldg_unit" : "COMMIT", 0,
                             NULL, err);

    if (rc == LDG_OK && !st->rehearsal && strcmp(PQcmdStatus(res), "COMMIT") != 0)
        rc = ldg_error_set(err, LDG_EDB,
                           "database error: the transaction was rolled back"
                           " instead of committed");
    PQclear(res);
    clear_kept(st); /* results sent and never taken: the unit did not need them */
    if (rc == LDG_OK)
        st->in_tx = 0;
    return rc;
}

void ldg_store_rollback(ldg_store *st)
{
    (void)ldg_store_flush(st, &(ldg_error){ 0 }); /* what failed is reported already */
    clear_kept(st);
    ldg_error_clear(&st->lost); /* the unit it belonged to is undone */
    if (st->rehearsal) {        /* undo the unit only: the rehearsal goes on */
        if (st->in_tx && PQstatus(st->conn) == CONNECTION_OK) {
            PGresult *res = PQexec(st->conn, "ROLLBACK TO SAVEPOINT ldg_unit;"
                                             " RELEASE SAVEPOINT ldg_unit");
            PQclear(res);
        }
        st->in_tx = 0;
        return;
    }
    if (PQtransactionStatus(st->conn) != PQTRANS_IDLE &&
        PQstatus(st->conn) == CONNECTION_OK) {
        PGresult *res = PQexec(st->conn, "ROLLBACK");
        PQclear(res);
    }
    st->in_tx = 0;
}

ldg_code ldg_store_rehearsal_begin(ldg_store *st, ldg_error *err)
{
    ldg_code rc =
        ldg_store_exec(NULL, st, "BEGIN ISOLATION LEVEL READ COMMITTED", 0, NULL, err);

    if (rc == LDG_OK)
        st->rehearsal = 1;
    return rc;
}

void ldg_store_rehearsal_end(ldg_store *st)
{
    st->rehearsal = 0;
    st->in_tx = 1;
    ldg_store_rollback(st);
}

ldg_code ldg_store_copy_begin(ldg_store *st, const char *sql, ldg_error *err)
{
    PGresult *res;
    ldg_code rc = ldg_store_flush(st, err); /* no COPY in pipeline mode */

    if (rc != LDG_OK)
        return rc;
    res = PQexec(st->conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_IN)
        rc = ldg_store__result_error(st, res, err);
    PQclear(res);
    return rc;
}

/* A failed COPY: the server's own message (say, "terminating connection due to
 * administrator command") is usually waiting in the input; report it rather than
 * libpq's "server closed the connection". */
static ldg_code copy_failed(ldg_store *st, ldg_error *err)
{
    PGresult *res = PQgetResult(st->conn);
    ldg_code rc = ldg_store__result_error(
        st, res && PQresultErrorField(res, PG_DIAG_SQLSTATE) ? res : NULL, err);

    PQclear(res);
    return rc;
}

ldg_code ldg_store_copy_put(ldg_store *st, const char *data, size_t len, ldg_error *err)
{
    while (len > 0) {
        int n = len > (1 << 30) ? (1 << 30) : (int)len;

        if (PQputCopyData(st->conn, data, n) != 1)
            return copy_failed(st, err);
        data += n;
        len -= (size_t)n;
    }
    return LDG_OK;
}

ldg_code ldg_store_copy_end(ldg_store *st, ldg_error *err)
{
    PGresult *res;
    ldg_code rc = LDG_OK;

    if (PQputCopyEnd(st->conn, NULL) != 1)
        return copy_failed(st, err);
    while ((res = PQgetResult(st->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == LDG_OK)
            rc = ldg_store__result_error(st, res, err);
        PQclear(res);
    }
    return rc;
}

ldg_code ldg_store_copy_text(const char ***out, size_t *rows, const PGresult *res,
                             ldg_error *err)
{
    size_t nrows = (size_t)PQntuples(res), ncols = (size_t)PQnfields(res);
    size_t cells = nrows * ncols, bytes = cells * sizeof(char *);
    const char **ptrs;
    char *text;

    *out = NULL;
    *rows = nrows;
    if (cells == 0)
        return LDG_OK;
    for (size_t i = 0; i < cells; i++)
        bytes += (size_t)PQgetlength(res, (int)(i / ncols), (int)(i % ncols)) + 1;
    if (!(ptrs = malloc(bytes)))
        return ldg_error_set(err, LDG_ENOMEM, "out of memory");
    text = (char *)(ptrs + cells);
    for (size_t i = 0; i < cells; i++) {
        int r = (int)(i / ncols), c = (int)(i % ncols);
        size_t len = (size_t)PQgetlength(res, r, c);

        memcpy(text, PQgetvalue(res, r, c), len);
        text[len] = '\0';
        ptrs[i] = text;
        text += len + 1;
    }
    *out = ptrs;
    return LDG_OK;
}

int64_t ldg_store_int64(const PGresult *res, int row, int col)
{
    const char *s = PQgetvalue(res, row, col);

    return s && *s ? (int64_t)strtoll(s, NULL, 10) : 0;
}

int ldg_store_row_of(const PGresult *res, int col, size_t i)
{
    /* a statement ordered by its elements' places, one row each, answers at row i:
     * asked for every element of a batch, a scan each time would be quadratic */
    if (i < (size_t)PQntuples(res) && ldg_store_int64(res, (int)i, col) == (int64_t)i + 1)
        return (int)i;
    for (int r = 0; r < PQntuples(res); r++)
        if (ldg_store_int64(res, r, col) == (int64_t)i + 1)
            return r;
    return -1;
}

int ldg_store_isnull(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col);
}

const char *ldg_store_i64(char buf[24], int64_t v)
{
    snprintf(buf, 24, "%" PRId64, v);
    return buf;
}

/*
 * Who holds advisory lock (class, key) of this database, as "login \"x\" (pid n, in a
 * transaction for s s)", or "" when it was released meanwhile or cannot be seen.
 */
static void lock_holder(char *out, size_t size, ldg_store *st,
                        const char *const params[2])
{
    PGresult *res = NULL;
    ldg_error ignored;

    out[0] = '\0';
    ldg_error_clear(&ignored);
    if (ldg_store_exec(&res, st,
                       "SELECT coalesce(a.usename::text, '?'), l.pid,"
                       " coalesce(extract(epoch FROM now() - a.xact_start)::bigint, 0)"
                       " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                       " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                       " AND l.database = (SELECT oid FROM pg_database"
                       "                   WHERE datname = current_database())"
                       " AND l.classid = $1::int::oid AND l.objid = $2::int::oid LIMIT 1",
                       2, params, &ignored) != LDG_OK)
        return;
    if (PQntuples(res) == 1)
        snprintf(out, size, "login \"%s\" (pid %s, in a transaction for %s s)",
                 PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
    PQclear(res);
}

/* The SQL of one kind of lock: transaction-scoped, or held by the session. */
typedef struct lock_sql {
    const char *try_lock, *lock, *set_bound, *restore;
} lock_sql;

static const lock_sql XACT_LOCK = {
    "SELECT pg_try_advisory_xact_lock($1::int, $2::int)",
    "SELECT pg_advisory_xact_lock($1::int, $2::int)",
    "SELECT current_setting('lock_timeout'), set_config('lock_timeout',"
    " CASE current_setting('lock_timeout') WHEN '0' THEN $1"
    " ELSE current_setting('lock_timeout') END, true)",
    "SELECT set_config('lock_timeout', $1, true)",
};

static const lock_sql SESSION_LOCK = {
    "SELECT pg_try_advisory_lock($1::int, $2::int)",
    "SELECT pg_advisory_lock($1::int, $2::int)",
    "SELECT current_setting('lock_timeout'), set_config('lock_timeout',"
    " CASE current_setting('lock_timeout') WHEN '0' THEN $1"
    " ELSE current_setting('lock_timeout') END, false)",
    "SELECT set_config('lock_timeout', $1, false)",
};

/* The error of a wait that ran out: names the lock and who held it. */
static ldg_code lock_gave_up(ldg_error *err, const char *cls, const char *key,
                             const char *holder)
{
    ldg_code rc =
        ldg_error_set(err, LDG_ERETRY,
                      "gave up waiting for lock (%s, %s): another session held it"
                      " for the whole lock_timeout",
                      cls, key);

    if (err) {
        memcpy(err->sqlstate, "55P03", 6);
        if (holder[0])
            ldg_error_detail(err, "It was held by %s when the wait began.", holder);
        ldg_error_hint(err, "Run again when that session is done, or end it"
                            " (SELECT pg_terminate_backend(pid)); PGOPTIONS=\"-c"
                            " lock_timeout=...\" sets how long to wait.");
    }
    return rc;
}

/*
 * Takes lock (cls, key) the way q says. Never waits without a bound: tries first; when
 * held, notes by whom, then waits at most lock_timeout (LDG_STORE_LOCK_WAIT when the
 * session sets none) and restores the session's own setting.
 */
static ldg_code bounded_lock(ldg_store *st, const lock_sql *q, int32_t cls, int32_t key,
                             ldg_error *err)
{
    char a[24], b[24], holder[256], old[64];
    const char *params[2] = { ldg_store_i64(a, cls), ldg_store_i64(b, key) };
    const char *bound[1] = { LDG_STORE_LOCK_WAIT };
    const char *restore[1] = { old };
    PGresult *res = NULL;
    ldg_error local;
    ldg_code rc;

    rc = ldg_store_exec(&res, st, q->try_lock, 2, params, err);
    if (rc != LDG_OK || strcmp(PQgetvalue(res, 0, 0), "t") == 0) {
        PQclear(res);
        return rc;
    }
    PQclear(res);
    /* held: note by whom now, since the holder may be gone when the wait ends */
    lock_holder(holder, sizeof(holder), st, params);
    rc = ldg_store_exec(&res, st, q->set_bound, 1, bound, err);
    if (rc != LDG_OK)
        return rc;
    snprintf(old, sizeof(old), "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    ldg_error_clear(&local);
    rc = ldg_store_exec(NULL, st, q->lock, 2, params, &local);
    if (rc == LDG_OK)
        return ldg_store_exec(NULL, st, q->restore, 1, restore, err);
    if (strcmp(local.sqlstate, "55P03") != 0) {
        if (err && err->code == LDG_OK)
            *err = local;
        return rc;
    }
    if (q == &SESSION_LOCK) { /* outside a transaction the setting outlives the wait */
        ldg_error ignored;
        ldg_error_clear(&ignored);
        (void)ldg_store_exec(NULL, st, q->restore, 1, restore, &ignored);
    }
    return lock_gave_up(err, a, b, holder);
}

ldg_code ldg_store_xact_lock(ldg_store *st, int32_t cls, int32_t key, ldg_error *err)
{
    return bounded_lock(st, &XACT_LOCK, cls, key, err);
}

ldg_code ldg_store_session_lock(ldg_store *st, int32_t cls, int32_t key, ldg_error *err)
{
    return bounded_lock(st, &SESSION_LOCK, cls, key, err);
}

ldg_code ldg_store_session_try_lock(bool *got, ldg_store *st, int32_t cls, int32_t key,
                                    ldg_error *err)
{
    char a[24], b[24];
    const char *params[2] = { ldg_store_i64(a, cls), ldg_store_i64(b, key) };
    PGresult *res = NULL;
    ldg_code rc = ldg_store_exec(&res, st, SESSION_LOCK.try_lock, 2, params, err);

    *got = rc == LDG_OK && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

void ldg_store_session_unlock(ldg_store *st, int32_t cls, int32_t key)
{
    char a[24], b[24];
    const char *params[2] = { ldg_store_i64(a, cls), ldg_store_i64(b, key) };
    ldg_error ignored;

    if (PQstatus(ldg_store_conn(st)) != CONNECTION_OK)
        return;
    ldg_error_clear(&ignored);
    (void)ldg_store_exec(NULL, st, "SELECT pg_advisory_unlock($1::int, $2::int)", 2,
                         params, &ignored);
}

/* The one retry loop: work in a transaction, committed (or, to rehearse, rolled back). */
static ldg_code run(ldg_store *st, ldg_store_work work, void *ctx, bool commit,
                    ldg_error *err)
{
    enum { ATTEMPTS = 5 };
    ldg_code rc = LDG_EINTERNAL;

    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        ldg_error local;

        ldg_error_clear(&local);
        rc = ldg_store_begin(st, &local);
        if (rc == LDG_OK)
            rc = work(st, ctx, &local);
        if (rc == LDG_OK && !commit) /* what is queued must succeed, as if committed */
            rc = ldg_store_flush(st, &local);
        if (rc == LDG_OK && !commit) {
            ldg_store_rollback(st); /* a rehearsal leaves nothing behind */
            return LDG_OK;
        }
        if (rc == LDG_OK)
            rc = ldg_store_commit(st, &local);
        if (rc == LDG_OK)
            return LDG_OK;
        ldg_store_rollback(st);
        /* a lock wait that timed out has waited enough: no second wait */
        if (rc != LDG_ERETRY || attempt == ATTEMPTS - 1 ||
            strcmp(local.sqlstate, "55P03") == 0) {
            if (err && err->code == LDG_OK)
                *err = local;
            return rc;
        }
    }
    return rc;
}

ldg_code ldg_store_run(ldg_store *st, ldg_store_work work, void *ctx, ldg_error *err)
{
    return run(st, work, ctx, true, err);
}

ldg_code ldg_store_rehearse(ldg_store *st, ldg_store_work work, void *ctx, ldg_error *err)
{
    return run(st, work, ctx, false, err);
}
