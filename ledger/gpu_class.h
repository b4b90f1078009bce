/*
 * GPU classes are data (issue 10): a site document declares its classes, a contract
 * prices some of them, and a usage record names one. This module keeps the classes a
 * process knows, by name, each under a small index (ldg_gpu_class, what rating and the
 * per-class arrays of contract.h index by) that is also the stored class number minus
 * one (entry.h, ledger.usage.class and ledger.gpu_class.class).
 *
 * The one table of class names in the code is the built-in defaults below: H100, H200
 * and GB200 at indexes 0, 1 and 2 (stored 1, 2, 3), with their kW-per-GPU bands. Other
 * classes are added at run time: the store registers the rows of ledger.gpu_class
 * (migration 0012) when it opens, with the numbers the database gave them; a document
 * parsed offline (leaseledger-verify, a bundle, the unit tests) adds a class it names
 * under the next free index. Indexes are local to a process; documents, invoices and
 * bundles carry names only, so the offline verifier re-rates a class no build knows.
 *
 * Order (invoice lines, `contract show`, explain): the built-in classes first in the
 * order H100, H200, GB200 (the order every invoice issued before this change has), then
 * every other class in byte order of its name. It depends on names only, never on the
 * order classes were registered, so the operator and the verifier agree.
 *
 * The registry is process-wide and not locked: the programs are single-threaded.
 * Pure otherwise: no I/O.
 */
#ifndef LEASELEDGER_GPU_CLASS_H
#define LEASELEDGER_GPU_CLASS_H

#include "ledger/contract.h"
#include "ledger/error.h"

#include <stddef.h>
#include <stdint.h>

/* A class name: 1-32 of [A-Za-z0-9._-], case-sensitive. */
#define LDG_GPU_CLASS_NAME_MAX 32

/* Whether name[0..len) is a valid class name. */
int ldg_gpu_class_name_valid(const char *name, size_t len);

/*
 * The class named name[0..len), added under the next free index when the process does
 * not know it yet. LDG_EINVAL for a name that is not valid; LDG_ERANGE when
 * LDG_GPU_NCLASS classes are known already.
 */
ldg_code ldg_gpu_class_intern(ldg_gpu_class *out, const char *name, size_t len,
                              ldg_error *err);

/*
 * Binds stored class number stored (1..LDG_GPU_NCLASS) to name, as the database has it.
 * LDG_OK when it is bound so already; LDG_ECONFLICT when the number or the name is
 * bound otherwise in this process; LDG_EINVAL for a bad number or name.
 */
ldg_code ldg_gpu_class_register(int stored, const char *name, ldg_error *err);

/* Number of classes known. */
size_t ldg_gpu_class_count(void);

/*
 * The i-th class index in the order above, 0 <= i < LDG_GPU_NCLASS: known classes
 * first, then the unused indexes (which no terms or usage can hold), so a loop over i
 * visits every index once.
 */
ldg_gpu_class ldg_gpu_class_nth(int i);

/* The known classes for a message, in that order: "H100, H200 or GB200". Cut short
 * with "..." when they do not fit in n bytes (n >= 4). Returns buf. */
#define LDG_GPU_CLASS_LIST_BUFLEN 200
const char *ldg_gpu_class_list(char *buf, size_t n);

/* Position of cls in that order (compare two classes with it); LDG_GPU_NONE gives -1. */
int ldg_gpu_class_rank(ldg_gpu_class cls);

/*
 * The built-in kW-per-GPU band of a class, micro-kW: LDG_OK for H100, H200, GB200;
 * LDG_ENOTFOUND for any other name (such a class states its band in the site document).
 */
ldg_code ldg_gpu_class_default_band(int64_t *low_ukw, int64_t *high_ukw,
                                    const char *name);

#endif
