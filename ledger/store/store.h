/*
 * The PostgreSQL store: one connection, parameterised statements only, errors mapped
 * to ldg_code (the only module that reads PQresultErrorField).
 *
 * Every value reaches the server as a parameter (PQexecParams); SQL text in this
 * project is constant. Transactions are explicit (ldg_store_begin/commit/rollback);
 * ldg_store_run retries a whole unit of work on serialization failure or deadlock.
 */
#ifndef LEASELEDGER_STORE_H
#define LEASELEDGER_STORE_H

#include "ledger/error.h"

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ldg_store ldg_store;

/*
 * Connects with conninfo, else $DATABASE_URL, else libpq's PG* environment. Sets
 * search_path, UTC and a statement-level application_name. Failure to connect is
 * LDG_EDB with sqlstate "08006".
 */
ldg_code ldg_store_open(ldg_store **out, const char *conninfo, ldg_error *err);
void ldg_store_close(ldg_store *st);
/* Borrowed; statements queued by ldg_store_exec_later are flushed first (a failure among
 * them shows in the caller's next command). */
PGconn *ldg_store_conn(ldg_store *st);

/* Switches to a role (SET ROLE) for least privilege: "ldg_writer", "ldg_reader". A
 * writer's commits also wait for a synchronous standby to apply them
 * (synchronous_commit = remote_apply; an ordinary commit without one). */
ldg_code ldg_store_set_role(ldg_store *st, const char *role, ldg_error *err);

/*
 * Runs sql with nparams text parameters (NULL entries are SQL NULL). On LDG_OK *out (if
 * out is not NULL) receives the result, which the caller PQclear()s; otherwise the
 * result is cleared here.
 */
ldg_code ldg_store_exec(PGresult **out, ldg_store *st, const char *sql, int nparams,
                        const char *const *params, ldg_error *err);

/* As ldg_store_exec with explicit lengths and formats (binary parameters). */
ldg_code ldg_store_execb(PGresult **out, ldg_store *st, const char *sql, int nparams,
                         const char *const *params, const int *lengths,
                         const int *formats, int result_format, ldg_error *err);

/*
 * For a statement whose result nobody reads (an INSERT, an UPDATE, a CLOSE): inside a
 * transaction it is sent at once but its result is read with the next statement that
 * returns one (ldg_store_exec), or the COMMIT, in one round trip (libpq's pipeline
 * mode). Its failure, if any, is returned there (and the transaction is aborted, so
 * nothing after it takes effect). Outside a transaction it runs as ldg_store_exec.
 */
ldg_code ldg_store_exec_later(ldg_store *st, const char *sql, int nparams,
                              const char *const *params, ldg_error *err);
ldg_code ldg_store_execb_later(ldg_store *st, const char *sql, int nparams,
                               const char *const *params, const int *lengths,
                               const int *formats, ldg_error *err);
/*
 * A read sent ahead: ldg_store_send queues sql (sent at once, its result unread) and
 * gives the ticket ldg_store_take returns its result for (the caller PQclear()s it),
 * syncing the queue if needed: reads sent together cost one round trip, each still
 * runs on its own snapshot in order, after what was sent before it. Results may be
 * taken in any order, and not at all: those not taken by the end of the transaction
 * are dropped. A failure is returned by the call that syncs (take, or the next
 * ldg_store_exec).
 */
typedef uint32_t ldg_store_ticket;
ldg_code ldg_store_send(ldg_store_ticket *ticket, ldg_store *st, const char *sql,
                        int nparams, const char *const *params, ldg_error *err);
ldg_code ldg_store_sendb(ldg_store_ticket *ticket, ldg_store *st, const char *sql,
                         int nparams, const char *const *params, const int *lengths,
                         const int *formats, int result_format, ldg_error *err);
ldg_code ldg_store_take(PGresult **out, ldg_store *st, ldg_store_ticket ticket,
                        ldg_error *err);

/* Reads the results of the statements queued by ldg_store_exec_later now. */
ldg_code ldg_store_flush(ldg_store *st, ldg_error *err);
/*
 * Sends what is queued now and asks the server to send its results as they come, with
 * no sync (libpq's PQsendFlushRequest): a read sent ahead then runs while the caller
 * works, and the next take (or exec) reads its result. Without it the statements wait
 * in libpq's buffer, or on the server, for that take.
 */
ldg_code ldg_store_push(ldg_store *st, ldg_error *err);

/* A transaction's BEGIN is queued as by ldg_store_exec_later. */
ldg_code ldg_store_begin(ldg_store *st, ldg_error *err);
ldg_code ldg_store_commit(ldg_store *st, ldg_error *err);
/* Rolls back if a transaction is open; never fails loudly (used on error paths). */
void ldg_store_rollback(ldg_store *st);

/*
 * A rehearsal (nightly --dry-run): one transaction around work made of units that each
 * begin and commit (ldg_store_run, ldg_store_begin/commit/rollback). Until
 * ldg_store_rehearsal_end, a unit's BEGIN is a SAVEPOINT, its COMMIT releases it and its
 * rollback returns to it, so later units see what earlier ones wrote; the end rolls it
 * all back. Code that sends BEGIN itself (the read-only audit and verify readers) must
 * not run inside one. Locks taken by the units are held until the end.
 */
ldg_code ldg_store_rehearsal_begin(ldg_store *st, ldg_error *err);
void ldg_store_rehearsal_end(ldg_store *st);

/* COPY ... FROM STDIN: start, put data, end. */
ldg_code ldg_store_copy_begin(ldg_store *st, const char *sql, ldg_error *err);
ldg_code ldg_store_copy_put(ldg_store *st, const char *data, size_t len, ldg_error *err);
ldg_code ldg_store_copy_end(ldg_store *st, ldg_error *err);

/* Maps a failed result to err (sqlstate, message, detail, hint). Returns the code. */
ldg_code ldg_store__result_error(ldg_store *st, const PGresult *res, ldg_error *err);

/*
 * Copies the text of every cell of res into one block, so that no PGresult leaves the
 * store: (*out)[r * PQnfields(res) + c] is the cell ("" for SQL NULL, as PQgetvalue),
 * *rows receives PQntuples(res). On LDG_OK free *out with free() once (NULL when res has
 * no rows); LDG_ENOMEM.
 */
ldg_code ldg_store_copy_text(const char ***out, size_t *rows, const PGresult *res,
                             ldg_error *err);

/* Helpers to read typed values from a result cell. */
int64_t ldg_store_int64(const PGresult *res, int row, int col);
int ldg_store_isnull(const PGresult *res, int row, int col);

/* The row whose column col holds i + 1 (the place, WITH ORDINALITY, of the i-th element
 * of a statement's arrays), or -1: how a batch's statement answers each element. */
int ldg_store_row_of(const PGresult *res, int col, size_t i);

/* Writes an int64 as decimal into buf (24 bytes) for use as a text parameter. */
const char *ldg_store_i64(char buf[24], int64_t v);

/* How long a lock is waited for when the session sets no lock_timeout of its own. */
#define LDG_STORE_LOCK_WAIT "300s"

/*
 * Every advisory lock of the program, in one place: (class, key) pairs of int4, so that
 * two classes can never collide. Only the writer and the migrator may take them
 * (migration 0006 revokes the functions from PUBLIC).
 */
enum {
    LDG_LOCK_MIGRATE = 7270001,   /* session, key 0: one migrator at a time */
    LDG_LOCK_SITE_LOAD = 7270002, /* key 0: one site loader at a time */
    LDG_LOCK_SEAL = 7270003,      /* key tenant id: one sealer per log */
    LDG_LOCK_CONTRACT = 7270004,  /* key tenant id: one contract loader per tenant */
    LDG_LOCK_ACK = 7270010,       /* key tenant id: one acknowledger per tenant */
    LDG_LOCK_ROTATE = 7270020,    /* key 0: one key rotation at a time */
    LDG_LOCK_NIGHTLY = 7270030,   /* session, key 0: one nightly batch at a time */
};

/*
 * Transaction-scoped advisory lock on (class, key). Never waits without a bound: when
 * another session holds the lock, waits at most the session's lock_timeout (PGOPTIONS
 * "-c lock_timeout=..."), else LDG_STORE_LOCK_WAIT. LDG_ERETRY with SQLSTATE 55P03 and a
 * message naming the login and pid that held it when the wait ends; ldg_store_run does
 * not retry that one (it has waited already). LDG_EDB, and 42501 for a role that may
 * not take advisory locks (only the writer and the migrator may: migration 0006).
 */
ldg_code ldg_store_xact_lock(ldg_store *st, int32_t cls, int32_t key, ldg_error *err);

/*
 * The same, held by the session until ldg_store_session_unlock (or the session's end),
 * for work that spans transactions (migrate, nightly). Taken outside a transaction.
 */
ldg_code ldg_store_session_lock(ldg_store *st, int32_t cls, int32_t key, ldg_error *err);

/* Takes the session lock only if it is free: *got says whether it was. */
ldg_code ldg_store_session_try_lock(bool *got, ldg_store *st, int32_t cls, int32_t key,
                                    ldg_error *err);

/* Releases a session lock; quiet when the connection is gone (the lock went with it). */
void ldg_store_session_unlock(ldg_store *st, int32_t cls, int32_t key);

/* A unit of work run in a transaction, retried up to a few times on LDG_ERETRY. */
typedef ldg_code (*ldg_store_work)(ldg_store *st, void *ctx, ldg_error *err);
ldg_code ldg_store_run(ldg_store *st, ldg_store_work work, void *ctx, ldg_error *err);

/* As ldg_store_run, but the transaction is always rolled back, also when work succeeds:
 * a dry run sees what it would write and leaves nothing behind. */
ldg_code ldg_store_rehearse(ldg_store *st, ldg_store_work work, void *ctx,
                            ldg_error *err);

#endif
