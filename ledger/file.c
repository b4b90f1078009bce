/*
 * Bounded whole-file reads. See file.h. The buffer doubles from 64 KiB, so a large
 * input costs O(log n) reallocations; the limit is checked after each read, so at most
 * one read (64 KiB or the buffer's free half) past it is ever held.
 */
#include "ledger/file.h"

#include <stdlib.h>

ldg_code ldg_file_read(char **out, size_t *len, FILE *f, const char *name, size_t max,
                       ldg_error *err)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    ldg_code rc = LDG_OK;

    *out = NULL;
    *len = 0;
    for (;;) {
        size_t r;

        if (cap - n < 65536) {
            size_t ncap = cap ? cap * 2 : 65536 + 1;
            char *p = realloc(buf, ncap);

            if (!p) {
                rc = ldg_error_set(err, LDG_ENOMEM, "out of memory reading \"%s\"", name);
                break;
            }
            buf = p;
            cap = ncap;
        }
        r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (n > max) {
            rc = ldg_error_set(err, LDG_ERANGE, "\"%s\" is larger than %zu bytes", name,
                               max);
            break;
        }
        if (r == 0)
            break;
    }
    if (rc == LDG_OK && ferror(f))
        rc = ldg_error_set(err, LDG_EIO, "could not read \"%s\"", name);
    if (rc != LDG_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return LDG_OK;
}
