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

/*
 * As ldg_file_read, for the file at path, opened without following a symbolic link
 * (O_NOFOLLOW) and read only if the descriptor is a regular file (fstat on it): for files
 * in places someone else may write (a spool archive, a state or metrics file in a
 * service's folder). LDG_ENOTFOUND when there is no such file; LDG_EIO for a link, a
 * non-regular file or a read error; LDG_ERANGE, LDG_ENOMEM as ldg_file_read.
 */
ldg_code ldg_file_read_regular(char **out, size_t *len, const char *path, size_t max,
                               ldg_error *err);

#endif
