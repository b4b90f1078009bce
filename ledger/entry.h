/*
 * Log entries and their canonical bytes.
 *
 * An entry is {"v":1,"tenant":T,"seq":N,"kind":K,"data":{...}} and its canonical bytes
 * are its RFC 8785 serialization. Usage entries are by far the most numerous, so they
 * are encoded directly from typed fields (no Jansson tree per record); the unit test
 * checks the result is byte-identical to ldg_jcs_serialize of the same entry built
 * with Jansson. Every other kind goes through ldg_entry_doc_bytes.
 *
 * Usage data: {"class":C,"corrects":E,"end":T,"event_id":E,"kind":K,"meter":M,
 * "quantity":"Q","site":S,"start":T,"unit":U}; "class" is omitted for energy and
 * "corrects" unless the record is a correction; quantity has 6 decimals in the
 * canonical unit (gpu_hour or mwh: kWh input is converted exactly on ingest).
 *
 * Payment data (kind "payment", stored typed in ledger.payment and rebuilt from it):
 * {"amount":"A","assigned_by":N|null,"currency":C,"id":I,"payer":P,"received":T,
 * "reference":R}; amount is a decimal string with exactly the currency's minor-unit
 * digits ("125000.00" USD, "1050" JPY), received an RFC 3339 UTC instant, reference
 * and payer "" when the bank gave none, assigned_by the person who assigned a payment
 * no rule matched (null when matching found the tenant).
 */
#ifndef LEASELEDGER_ENTRY_H
#define LEASELEDGER_ENTRY_H

#include "ledger/buf.h"
#include "ledger/contract.h"
#include "ledger/error.h"
#include "ledger/merkle.h"
#include "ledger/time.h"

#include <jansson.h>
#include <stdint.h>

/* Usage kinds and GPU classes; the numbers are stored in ledger.usage. A class number
 * is its ldg_gpu_class plus one (gpu_class.h): the built-in defaults are named here,
 * every other class is data (ledger.gpu_class). */
typedef enum ldg_record_kind {
    LDG_KIND_GPU = 1,
    LDG_KIND_ENERGY = 2,
    LDG_KIND_DOWNTIME = 3,
    LDG_KIND_MAINTENANCE = 4, /* GPU-hours unavailable in an allowed maintenance window:
                                 never rated, not SLA downtime (issue 10) */
} ldg_record_kind;

typedef enum ldg_record_class {
    LDG_CLASS_NONE = 0,
    LDG_CLASS_H100 = 1,
    LDG_CLASS_H200 = 2,
    LDG_CLASS_GB200 = 3,
} ldg_record_class;

#define LDG_CLASS_COUNT (LDG_GPU_NCLASS + 1) /* including NONE */

/* "gpu", "energy", "downtime", "maintenance"; NULL for anything else. */
const char *ldg_kind_name(int kind);
/* 0 when name is not a kind. */
int ldg_kind_parse(const char *name, size_t len);
/* The class's name (gpu_class.h); NULL for NONE or a number no known class holds. */
const char *ldg_class_name(int cls);
/* LDG_CLASS_NONE when name is not a known class. */
int ldg_class_parse(const char *name, size_t len);
/* Like ldg_class_parse, adding a class the process does not know yet (a bundle's
 * records, read offline); LDG_CLASS_NONE for a name that is not valid. */
int ldg_class_intern(const char *name, size_t len);

/*
 * The one conversion each way between a stored class number (ldg_record_class, as in
 * ledger.usage.class) and a GPU class (contract.h, what rating indexes by): NONE and
 * LDG_GPU_NONE map to each other, class n to n - 1. A number that is no class maps to
 * one that is none either (LDG_GPU_NCLASS, -1), which the rater refuses for any kind.
 */
ldg_gpu_class ldg_class_to_gpu(int cls);
int ldg_class_of_gpu(ldg_gpu_class cls);
/* "gpu_hour" for gpu, downtime and maintenance, "mwh" for energy. */
const char *ldg_kind_unit(int kind);

/* One usage record, fields borrowed. */
typedef struct ldg_record {
    const char *tenant;
    const char *site;
    const char *meter;
    const char *event_id;
    const char *corrects; /* NULL unless a correction */
    int kind;             /* ldg_record_kind */
    int cls;              /* ldg_record_class; NONE for energy */
    ldg_time start, end;
    int64_t qty_micros;
} ldg_record;

/* Appends the canonical bytes of usage entry seq to out. */
ldg_code ldg_entry_record_bytes(ldg_buf *out, const ldg_record *u, int64_t seq,
                                ldg_error *err);

/* The usage entry as a Jansson object (for bundles and audit output). New reference. */
json_t *ldg_entry_record_json(const ldg_record *u, int64_t seq);

/* One payment entry, fields borrowed. */
typedef struct ldg_payment_entry {
    const char *payment_id;
    ldg_time received;
    int64_t amount_micros;   /* > 0, a whole number of the currency's minor unit */
    const char *currency;    /* "USD": a currency ldg_contract_currency_digits() knows */
    const char *reference;   /* "" when none */
    const char *payer;       /* "" when none */
    const char *assigned_by; /* NULL unless assigned by a person */
} ldg_payment_entry;

/* The payment's data object (above). New reference; NULL when out of memory or the
 * currency or amount cannot be written exactly (LDG_EINVAL in err). */
json_t *ldg_entry_payment_data(const ldg_payment_entry *p, ldg_error *err);

/* Appends the canonical bytes of payment entry seq of tenant to out. */
ldg_code ldg_entry_payment_bytes(ldg_buf *out, const char *tenant, int64_t seq,
                                 const ldg_payment_entry *p, ldg_error *err);

/* Appends the canonical bytes of {"v":1,"tenant","seq","kind","data"} to out. */
ldg_code ldg_entry_doc_bytes(ldg_buf *out, const char *tenant, int64_t seq,
                             const char *kind, const json_t *data, ldg_error *err);

/* Leaf hash of an entry's canonical bytes. */
static inline void ldg_entry_leaf(ldg_hash *out, const ldg_buf *bytes)
{
    ldg_merkle_leaf_hash(out, bytes->data, bytes->len);
}

#endif
