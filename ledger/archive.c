/* The replay manifest: see archive.h. */
#include "ledger/archive.h"

#include "ledger/fixed.h"

#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* A spool file name as the spool takes it: 1..255 bytes, no '/', no control byte, not
 * starting with '.'. */
static int name_ok(const char *s, size_t n)
{
    if (n == 0 || n > LDG_ARCHIVE_NAME_MAX || s[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/' || (unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    size_t nc;
    void *q;

    if (n < *cap)
        return p;
    nc = *cap ? *cap * 2 : 16;
    if (!(q = realloc(p, nc * size)))
        return NULL;
    *cap = nc;
    return q;
}

/* "run AS-OF [tenant T]" */
/* One decimal option of a run line, "NAME D": 1 and *out set when token is NAME and the
 * next token a decimal; *tok advanced past both. */
static int decimal_option(int64_t *out, const char **tok, const char *end,
                          const char *name)
{
    size_t nl = strlen(name);
    const char *v, *sp;
    ldg_error e;

    if ((size_t)(end - *tok) <= nl + 1 || memcmp(*tok, name, nl) != 0 ||
        (*tok)[nl] != ' ')
        return 0;
    ldg_error_clear(&e);
    v = *tok + nl + 1;
    sp = memchr(v, ' ', (size_t)(end - v));
    if (ldg_fixed_parse(out, v, (size_t)((sp ? sp : end) - v), &e) != LDG_OK || *out < 0)
        return 0;
    *tok = sp ? sp + 1 : end;
    return 1;
}

/* "run AS-OF [tenant T] [hold] [amend-above D] [amend-percent D]" (after "run ") */
static int parse_run(ldg_archive_run *r, const char *s, size_t n)
{
    const char *end = s + n, *sp = memchr(s, ' ', n), *tok;
    size_t tlen = sp ? (size_t)(sp - s) : n;
    char when[64];
    ldg_error e;

    memset(r, 0, sizeof(*r));
    ldg_error_clear(&e);
    if (tlen >= sizeof(when))
        return 0;
    memcpy(when, s, tlen);
    when[tlen] = '\0';
    if (ldg_time_parse_str(&r->as_of, when, &e) != LDG_OK)
        return 0;
    tok = sp ? sp + 1 : end;
    if (end - tok > 7 && memcmp(tok, "tenant ", 7) == 0) {
        const char *t = tok + 7, *tsp = memchr(t, ' ', (size_t)(end - t));
        size_t len = (size_t)((tsp ? tsp : end) - t);
        if (!name_ok(t, len))
            return 0;
        memcpy(r->tenant, t, len);
        tok = tsp ? tsp + 1 : end;
    }
    if (end - tok >= 4 && memcmp(tok, "hold", 4) == 0 &&
        (end - tok == 4 || tok[4] == ' ')) {
        r->hold = 1;
        tok = end - tok == 4 ? end : tok + 5;
    }
    r->amend.has_amount =
        decimal_option(&r->amend.amount_micros, &tok, end, "amend-above");
    r->amend.has_percent =
        decimal_option(&r->amend.percent_micros, &tok, end, "amend-percent");
    return tok == end;
}

int ldg_archive_run_line(char *out, size_t size, const ldg_archive_run *run)
{
    char at[LDG_TIME_BUFLEN], a[LDG_FIXED_BUFLEN], p[LDG_FIXED_BUFLEN];
    int n = snprintf(
        out, size, "run %s%s%s%s%s%s%s%s", ldg_time_format(at, run->as_of),
        run->tenant[0] ? " tenant " : "", run->tenant, run->hold ? " hold" : "",
        run->amend.has_amount ? " amend-above " : "",
        run->amend.has_amount ? ldg_fixed_format(a, run->amend.amount_micros, 6) : "",
        run->amend.has_percent ? " amend-percent " : "",
        run->amend.has_percent ? ldg_fixed_format(p, run->amend.percent_micros, 6) : "");

    return n >= 0 && (size_t)n < size;
}

/* "file HEX usage|payments NAME" (after "file ") */
static int parse_file(ldg_archive_file *f, const char *s, size_t n)
{
    memset(f, 0, sizeof(*f));
    if (n < 66 || s[64] != ' ')
        return 0;
    for (int i = 0; i < 32; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        f->sha256[i] = (unsigned char)(hi << 4 | lo);
    }
    s += 65;
    n -= 65;
    if (n > 6 && memcmp(s, "usage ", 6) == 0) {
        s += 6, n -= 6;
    } else if (n > 9 && memcmp(s, "payments ", 9) == 0) {
        f->payments = 1;
        s += 9, n -= 9;
    } else {
        return 0;
    }
    if (!name_ok(s, n))
        return 0;
    memcpy(f->name, s, n);
    return 1;
}

static ldg_code parse_line(ldg_archive *a, size_t *rcap, size_t *fcap, const char *s,
                           size_t n, const char *name, size_t lineno, ldg_error *err)
{
    if (n > 4 && memcmp(s, "run ", 4) == 0) {
        if (!(a->runs = grow(a->runs, rcap, a->nruns, sizeof(*a->runs))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        if (!parse_run(&a->runs[a->nruns], s + 4, n - 4))
            goto bad;
        a->runs[a->nruns].first = a->nfiles;
        a->nruns++;
        return LDG_OK;
    }
    if (n > 5 && memcmp(s, "file ", 5) == 0) {
        if (a->nruns == 0)
            goto bad;
        if (!(a->files = grow(a->files, fcap, a->nfiles, sizeof(*a->files))))
            return ldg_error_set(err, LDG_ENOMEM, "out of memory");
        if (!parse_file(&a->files[a->nfiles], s + 5, n - 5))
            goto bad;
        a->nfiles++;
        a->runs[a->nruns - 1].n++;
        return LDG_OK;
    }
bad:
    ldg_error_set(err, LDG_EINVAL, "not a line of a replay manifest");
    ldg_error_where(err, "%s:%zu", name, lineno);
    return LDG_EINVAL;
}

ldg_code ldg_archive_parse(ldg_archive *out, const char *text, size_t len,
                           const char *name, ldg_error *err)
{
    size_t rcap = 0, fcap = 0, lineno = 0;
    ldg_code rc = LDG_OK;

    memset(out, 0, sizeof(*out));
    for (size_t at = 0; rc == LDG_OK && at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;

        lineno++;
        if (!nl) {
            rc = ldg_error_set(err, LDG_EINVAL, "the last line is not complete");
            ldg_error_where(err, "%s:%zu", name, lineno);
            break;
        }
        rc = parse_line(out, &rcap, &fcap, text + at, n, name, lineno, err);
        at += n + 1;
    }
    if (rc != LDG_OK)
        ldg_archive_cleanup(out);
    return rc;
}

void ldg_archive_cleanup(ldg_archive *a)
{
    free(a->runs);
    free(a->files);
    memset(a, 0, sizeof(*a));
}
