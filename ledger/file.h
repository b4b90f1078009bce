/*
 * Reading a whole input file into memory, bounded, for both programs (leaseledger and
 * leaseledger-verify): documents, keys and bundles are small enough to hold, and a limit
 * the caller names keeps a hostile or mistaken input from taking the machine's memory.
 */
#ifndef LEASELEDGER_FILE_H
#define LEASELEDGER_FILE_H

#include "ledger/error.h"

#include <stddef.h>
#include <stdio.h>

/*
 * Reads f to its end into a NUL-terminated buffer: on LDG_OK *out (free()) holds *len
 * bytes plus the NUL. name says the input in messages. Does not close f. LDG_ERANGE
 * when f holds more than max bytes, LDG_EIO when reading fails, LDG_ENOMEM; *out is
 * NULL on failure.
 */
ldg_code ldg_file_read(char **out, size_t *len, FILE *f, const char *name, size_t max,
                       ldg_error *err);

#endif
