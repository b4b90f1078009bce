/*
 * What `publish` reads from the store (publish.h's source): a tenant's latest signed
 * checkpoint, the tiles of that tree and the entries below it, all in one REPEATABLE
 * READ, READ ONLY snapshot, so a log growing meanwhile is published at the checkpoint
 * and never past it.
 *
 * Entries are read a batch of seqs at a time from their three tables (usage records and
 * payments rebuilt from their typed rows as verify rebuilds them, entry.h; documents as
 * stored), merged in seq order in memory: a batch is at most LDG_PUBLISH_BATCH rows of
 * each, so memory stays bounded whatever the log's size.
 */
#ifndef LEASELEDGER_PUBLISH_QUERY_H
#define LEASELEDGER_PUBLISH_QUERY_H

#include "ledger/buf.h"
#include "ledger/error.h"
#include "ledger/publish.h"
#include "ledger/store/store.h"

#include <stddef.h>
#include <stdint.h>

#define LDG_PUBLISH_BATCH 16384 /* seqs per entry query */

typedef struct ldg_publish_log ldg_publish_log;

/*
 * Begins the snapshot and reads tenant's latest checkpoint; *out's source (below)
 * publishes it. LDG_ENOTFOUND (unknown tenant, or no checkpoint yet), LDG_EDB,
 * LDG_ENOMEM. Close with ldg_publish_log_close(), which ends the snapshot.
 */
ldg_code ldg_publish_log_open(ldg_publish_log **out, ldg_store *st, const char *tenant,
                              ldg_error *err);
void ldg_publish_log_close(ldg_publish_log *lg);

/* The source for ldg_publish_tenant() (borrowed, valid until lg is closed). */
const ldg_publish_source *ldg_publish_log_source(const ldg_publish_log *lg);

/* The tenants that have a signed checkpoint, in name order: (*out)[i], *n of them
 * (free(*out) once). LDG_EDB, LDG_ENOMEM. */
ldg_code ldg_publish_tenants(const char ***out, size_t *n, ldg_store *st, ldg_error *err);

/*
 * The C2SP tlog-proof (tlog_proof.h) of tenant's entry seq in its checkpoint of tree
 * size `size` (its latest when size is -1), into out: the entry rebuilt as publish
 * writes it, the inclusion proof from the tiles, checked against the note's root before
 * it is handed out. LDG_ENOTFOUND (tenant, no checkpoint of that size), LDG_EINVAL (seq
 * not below the size), LDG_ECONFLICT (the stored tiles do not prove the entry: run
 * `leaseledger verify`), LDG_EDB, LDG_ENOMEM.
 */
ldg_code ldg_publish_proof(ldg_buf *out, ldg_store *st, const char *tenant, int64_t seq,
                           int64_t size, ldg_error *err);

#endif
