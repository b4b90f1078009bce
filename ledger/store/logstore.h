/*
 * Appending to a tenant's log and reading its tiles, inside the caller's transaction.
 *
 * An append locks the tenant's row in ledger.log_head (FOR UPDATE), so appends to one
 * tenant serialise and seq stays gapless without a shared sequence; the level-0 tiles
 * (the leaf hashes) are written in the same transaction as the entries, so the stored
 * tiles always cover exactly the committed entries. Higher tiles and checkpoints are
 * written by seal.
 */
#ifndef LEASELEDGER_LOGSTORE_H
#define LEASELEDGER_LOGSTORE_H

#include "ledger/entry.h"
#include "ledger/error.h"
#include "ledger/merkle.h"
#include "ledger/rate.h"
#include "ledger/store/store.h"

#include <jansson.h>
#include <stdint.h>

typedef struct ldg_log_appender ldg_log_appender;

/*
 * Locks tenant_id's log head for this transaction (appends of others wait) and reads
 * its size, the seq the next entry gets. LDG_ENOTFOUND when the tenant has no log.
 */
ldg_code ldg_log_lock_head(int64_t *size, ldg_store *st, int32_t tenant_id,
                           ldg_error *err);

/*
 * Locks tenant_id's log head and loads its size and partial level-0 tile. Must run in
 * a transaction. Free with ldg_log_appender_free (after finish, or to abandon).
 */
ldg_code ldg_log_appender_open(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                               ldg_error *err);
/* The same in two steps (store.h, ldg_store_send), so that the lock and the tile travel
 * with the caller's other reads. */
typedef struct ldg_log_appender_sent {
    ldg_store_ticket head, tile;
} ldg_log_appender_sent;
ldg_code ldg_log_appender_send(ldg_log_appender_sent *sent, ldg_store *st,
                               int32_t tenant_id, ldg_error *err);
ldg_code ldg_log_appender_take(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                               const ldg_log_appender_sent *sent, ldg_error *err);
/* The same for n tenants whose heads the caller holds locked in this transaction
 * already (billing locks them first): no lock is taken, and the sizes and tiles of all
 * are read in one statement; the caller takes the answer (ldg_store_take) and opens
 * each tenant's appender from it (ldg_log_appender_of). */
ldg_code ldg_log_appenders_send_locked(ldg_store_ticket *ticket, ldg_store *st,
                                       const int32_t *tenant_ids, size_t n,
                                       ldg_error *err);
ldg_code ldg_log_appender_of(ldg_log_appender **out, ldg_store *st, int32_t tenant_id,
                             const PGresult *res, ldg_error *err);
void ldg_log_appender_free(ldg_log_appender *a);

/* The seq the next appended entry gets (= current size). */
int64_t ldg_log_appender_size(const ldg_log_appender *a);

/* Records the leaf hash of the entry with seq == size, then size++. Issues no SQL (the
 * caller may be in the middle of a COPY): tiles are written by finish. */
ldg_code ldg_log_appender_add(ldg_log_appender *a, const ldg_hash *leaf, ldg_error *err);

/* Writes the level-0 tiles the append completed, the last partial one, and the new
 * size. */
ldg_code ldg_log_appender_finish(ldg_log_appender *a, ldg_error *err);

/*
 * Appends one document entry (contract, invoice, credit_note, key, ack) to the
 * tenant's log in the caller's transaction: builds its canonical bytes, stores them in
 * ledger.log_doc, updates tiles and head. *seq receives its seq.
 */
ldg_code ldg_log_append_doc(int64_t *seq, ldg_store *st, int32_t tenant_id,
                            const char *tenant, const char *kind, const json_t *data,
                            ldg_error *err);
/* The same through an appender the caller opened (and frees), as its one entry. */
ldg_code ldg_log_append_doc_to(int64_t *seq, ldg_log_appender *a, const char *tenant,
                               const char *kind, const json_t *data, ldg_error *err);
/* The same, the entry, its level-0 tile and the new size written in one statement (a
 * data-modifying WITH): one statement where ldg_log_append_doc_to sends three. The
 * appender must have nothing added yet. */
ldg_code ldg_log_append_doc_one(int64_t *seq, ldg_log_appender *a, const char *tenant,
                                const char *kind, const json_t *data, ldg_error *err);

/*
 * A tile reader over ledger.log_tile for one tenant, with a small cache. It reads, of
 * each tile, the widest row that a tree of `limit` leaves has room for (a level-0 row
 * of tile N holds at most limit - 256 N hashes): limit starts as the log's size
 * (log_head), and ldg_tile_source_limit sets it to the tree being read, so a row
 * inserted wider than that tree is never taken for it.
 */
typedef struct ldg_tile_source ldg_tile_source;
ldg_code ldg_tile_source_new(ldg_tile_source **out, ldg_store *st, int32_t tenant_id,
                             ldg_error *err);
void ldg_tile_source_limit(ldg_tile_source *ts, int64_t size);
void ldg_tile_source_free(ldg_tile_source *ts);
/* Matches ldg_tile_reader; ctx is the ldg_tile_source. */
ldg_code ldg_tile_source_read(void *ctx, int level, uint64_t index, int width,
                              ldg_hash *out, ldg_error *err);
/* Matches ldg_tile_writer; ctx is the source. A row already stored with the same
 * hashes is kept; LDG_ECONFLICT when any stored row of that tile differs from these
 * hashes over their common prefix (it was not computed from this log). */
ldg_code ldg_tile_source_write(void *ctx, int level, uint64_t index, int width,
                               const ldg_hash *hashes, ldg_error *err);

/* Tenant lookups: id by name (LDG_ENOTFOUND when unknown); create if missing. */
ldg_code ldg_tenant_id(int32_t *out, ldg_store *st, const char *tenant, ldg_error *err);
ldg_code ldg_tenant_ensure(int32_t *out, ldg_store *st, const char *tenant,
                           ldg_error *err);

/*
 * Row `row` of a result whose first four columns are an hourly rollup's (hour as epoch
 * seconds, stored kind, stored class, qty_micros) as a rating item of that hour. 0 when
 * the stored kind is no kind (the row is skipped): the one reading of a rollup row that
 * billing and reconciliation share.
 */
int ldg_rollup_row_usage(ldg_usage *u, const PGresult *res, int row);
/* The same for a binary result whose columns col..col+3 are the hour itself (a
 * timestamptz), kind and class (smallint) and qty_micros (bigint): read without the
 * server formatting every value as text. *is receives what ldg_rollup_row_usage
 * returns; LDG_EINVAL for a column of another type. */
ldg_code ldg_rollup_row_usage_bin(int *is, ldg_usage *u, const PGresult *res, int row,
                                  int col, ldg_error *err);

/*
 * The usage record of row r of a result whose columns 0..9 are seq, site, meter,
 * event_id, corrects (NULL for none), kind, class, start, end, qty_micros (the column
 * order every query of stored records uses); its strings point into res, tenant is
 * the caller's. Returns the seq.
 */
int64_t ldg_record_row(ldg_record *u, const PGresult *res, int r, const char *tenant);

#endif
