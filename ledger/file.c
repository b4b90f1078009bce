/*
 * Bounded whole-file reads. See file.h. The buffer doubles from 64 KiB, so a large
 * input costs O(log n) reallocations; the limit is checked after each read, so at most
 * one read (64 KiB or the buffer's free half) past it is ever held.
 */
#include "ledger/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

ldg_code ldg_file_read_regular(char **out, size_t *len, const char *path, size_t max,
                               ldg_error *err)
{
    struct stat sb;
    FILE *f;
    ldg_code rc;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

    *out = NULL;
    *len = 0;
    if (fd < 0)
        return ldg_error_set(err, errno == ENOENT ? LDG_ENOTFOUND : LDG_EIO,
                             "could not open \"%s\": %s", path,
                             errno == ELOOP ? "it is a symbolic link" : strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return ldg_error_set(err, LDG_EIO, "\"%s\" is not a regular file", path);
    }
    if (!(f = fdopen(fd, "rb"))) {
        close(fd);
        return ldg_error_set(err, LDG_EIO, "could not read \"%s\": %s", path,
                             strerror(errno));
    }
    rc = ldg_file_read(out, len, f, path, max, err);
    fclose(f);
    return rc;
}
