/*
 * Unit tests for ledger/file.c: ldg_file_read_regular reads a regular file whole and
 * refuses what someone else could plant at the path: a symbolic link (even to a
 * readable regular file), a FIFO (which would block a reader), a directory; a missing
 * file is LDG_ENOTFOUND (the monitor's first run), a file over the limit LDG_ERANGE.
 */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "ledger/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/ldg-test-file.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    const char *names[] = { "plain", "link", "fifo", "sub" };
    char p[128];

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        if (unlink(p) != 0)
            rmdir(p);
    }
    return rmdir(dir);
}

static void path_of(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

static void test_read_regular_reads_and_refuses(void **state)
{
    char plain[128], link[128], fifo[128], sub[128], missing[128];
    char *text = NULL;
    size_t len = 0;
    ldg_error err;
    FILE *f;

    (void)state;
    path_of(plain, sizeof(plain), "plain");
    path_of(link, sizeof(link), "link");
    path_of(fifo, sizeof(fifo), "fifo");
    path_of(sub, sizeof(sub), "sub");
    path_of(missing, sizeof(missing), "missing");
    assert_non_null(f = fopen(plain, "w"));
    fputs("run 2026-12-01T02:00:00Z\n", f);
    fclose(f);
    assert_int_equal(symlink(plain, link), 0);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(mkdir(sub, 0700), 0);

    ldg_error_clear(&err);
    assert_int_equal(ldg_file_read_regular(&text, &len, plain, 1024, &err), LDG_OK);
    assert_int_equal(len, 25);
    assert_string_equal(text, "run 2026-12-01T02:00:00Z\n");
    free(text);

    assert_int_equal(ldg_file_read_regular(&text, &len, link, 1024, &err), LDG_EIO);
    assert_null(text);
    assert_non_null(strstr(err.message, "symbolic link"));
    ldg_error_clear(&err);
    assert_int_equal(ldg_file_read_regular(&text, &len, fifo, 1024, &err), LDG_EIO);
    ldg_error_clear(&err);
    assert_int_equal(ldg_file_read_regular(&text, &len, sub, 1024, &err), LDG_EIO);
    ldg_error_clear(&err);
    assert_int_equal(ldg_file_read_regular(&text, &len, missing, 1024, &err),
                     LDG_ENOTFOUND);
    ldg_error_clear(&err);
    assert_int_equal(ldg_file_read_regular(&text, &len, plain, 10, &err), LDG_ERANGE);
    assert_null(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_regular_reads_and_refuses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
