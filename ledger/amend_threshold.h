/*
 * Approval thresholds for amending documents (issue 16): a supplementary invoice or a
 * credit note whose size is above a threshold is not issued by the batch but stored as
 * a draft that waits for a person (draft_store.h), as a contract with "approval":
 * "required" does for every document.
 *
 * A threshold has two optional limits, either of which holds the document:
 *
 *   amount   |A| > amount                        (A the amending document's total)
 *   percent  |A| x 100 > percent x |O|           (O the original invoice's total)
 *
 * both strictly above, compared exactly in 128-bit integers (amounts in micro-units of
 * the currency, percent in micro-percent), never in floating point. An original of
 * total 0 makes every non-zero amendment above any percent.
 *
 * Two places state thresholds: a contract's "amend_approval": {"amount_above":
 * "10000.00", "percent_above": "5"} (either member, or both; the last of base and
 * amendments stating "amend_approval" decides, as for "approval"), and a batch run
 * (`bill`/`nightly` --hold-amend-above AMOUNT, --hold-amend-percent P). A document is
 * held when it is above either. None by default.
 *
 * Pure: no I/O, no database.
 */
#ifndef LEASELEDGER_AMEND_THRESHOLD_H
#define LEASELEDGER_AMEND_THRESHOLD_H

#include "ledger/error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct ldg_amend_threshold {
    bool has_amount;
    int64_t amount_micros; /* >= 0, currency micro-units */
    bool has_percent;
    int64_t percent_micros; /* >= 0, micro-percent */
} ldg_amend_threshold;

/* Which limit a document is above (ldg_amend_threshold_above). */
typedef enum ldg_amend_limit {
    LDG_AMEND_WITHIN = 0,
    LDG_AMEND_ABOVE_AMOUNT,
    LDG_AMEND_ABOVE_PERCENT,
} ldg_amend_limit;

/*
 * Parses a contract's "amend_approval" object v: {"amount_above": DECIMAL,
 * "percent_above": DECIMAL}, at least one, each a non-negative decimal string; what
 * prefixes messages (`contract "C1"`), which name the field ("amend_approval.
 * percent_above"). LDG_EINVAL.
 */
ldg_code ldg_amend_threshold_parse(ldg_amend_threshold *out, const json_t *v,
                                   const char *what, ldg_error *err);

/*
 * Whether an amending document of total amount_micros, amending an original of total
 * original_micros, is above t (the amount limit is tested first). A NULL t holds
 * nothing.
 */
ldg_amend_limit ldg_amend_threshold_above(const ldg_amend_threshold *t,
                                          int64_t amount_micros, int64_t original_micros);

#endif
