/*
 * Where the documents are when a selection by month comes out empty (issue 16).
 *
 * A journal selects by transaction date (documents on their issue date); FOCUS,
 * revenue and invoice listings select by service month. November's invoices are
 * issued in December, so `export journal --period 2026-11` is empty while `export
 * focus --period 2026-11` is not, and the reverse for December. When a selection is
 * empty, the hint says where the documents of that month are under the other
 * meaning, and which --period would show them:
 *
 *   no transactions dated 2026-11; 2 invoices for service month 2026-11 were issued
 *   in 2026-12 (try --period 2026-12)
 *   no documents for service month 2026-12; 2 invoices issued in 2026-12 are for
 *   service month 2026-11 (try --period 2026-11)
 *
 * The text is built by a pure function from the counts; rpt_period_hint() reads the
 * counts with one query.
 */
#ifndef LEASELEDGER_REPORTS_PERIOD_HINT_H
#define LEASELEDGER_REPORTS_PERIOD_HINT_H

#include "ledger/error.h"
#include "ledger/store/store.h"
#include "ledger/time.h"

#include <stddef.h>
#include <stdint.h>

/* What the empty selection selected by. */
typedef enum rpt_period_by {
    RPT_PERIOD_BY_DATE = 0, /* transaction date: the journal */
    RPT_PERIOD_BY_SERVICE,  /* service month: FOCUS, revenue */
} rpt_period_by;

/* The documents of one month under the other meaning: issue month (by date) or
 * service month (by service). */
typedef struct rpt_period_count {
    char month[8];    /* "YYYY-MM" */
    int64_t n;        /* documents */
    int all_invoices; /* every one an original invoice (else "documents") */
} rpt_period_count;

/* Enough for the longest message the functions write (they truncate beyond it). */
#define RPT_PERIOD_HINT_BUFLEN 512

/*
 * The message for an empty selection of period p (by `by`), counts[0..n) in month
 * order (at most the first four are named; n 0: nothing under the other meaning
 * either). tenant (may be NULL) is named when the selection was for one tenant. buf
 * holds size bytes; the text is cut there.
 */
void rpt_period_hint_text(char *buf, size_t size, rpt_period_by by, ldg_period p,
                          const char *tenant, const rpt_period_count *counts, size_t n);

/*
 * Reads the counts for period p (only tenant's documents when tenant is not NULL) and
 * writes the message into buf (RPT_PERIOD_HINT_BUFLEN bytes). LDG_EDB, LDG_ENOMEM.
 */
ldg_code rpt_period_hint(char *buf, size_t size, ldg_store *st, rpt_period_by by,
                         ldg_period p, const char *tenant, ldg_error *err);

#endif
