/*
 * entry_bench: the cost of a usage entry's canonical bytes (ldg_entry_record_bytes), the
 * rebuild that verify, seal and ingest do once per record (issue 13), against two floors
 * measured in the same run over the same bytes: a plain memcpy of them, and their leaf
 * hash (SHA-256 through OpenSSL with one reused hasher, as verify does next).
 *
 *   entry_bench [N] [ROUNDS]   (default 1000000 entries, 5 rounds; the best round counts)
 *
 * The records look like gen_usage's (pod and hall meters, "<meter>/<hour>" event ids, GPU
 * hours and energy with six decimals), one in 64 a correction, each with its own times,
 * quantity and seq, so no branch or digit pattern repeats the way one record would.
 */
#include "ledger/entry.h"
#include "ledger/merkle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NAME_LEN 48

typedef struct names {
    char meter[NAME_LEN];
    char event[2 * NAME_LEN];
} names;

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Record i of the synthetic set: 220 pods and 4 halls per hour from 2026-11-01. */
static void make_record(ldg_record *r, names *nm, int64_t i)
{
    static const int classes[3] = { LDG_CLASS_H100, LDG_CLASS_H200, LDG_CLASS_GB200 };
    int64_t hour = i / 224, meter = i % 224;
    uint64_t h = mix64((uint64_t)i);
    char when[LDG_TIME_BUFLEN];

    r->start = INT64_C(1793491200) + hour * 3600;
    r->end = r->start + 3600;
    ldg_time_format(when, r->start);
    when[13] = '\0'; /* "YYYY-MM-DDTHH" */
    r->tenant = "tenant-0001";
    r->site = "colossus-1";
    r->corrects = NULL;
    if (meter < 220) {
        snprintf(nm->meter, sizeof(nm->meter), "pod-h100-%04" PRId64, meter);
        r->kind = LDG_KIND_GPU;
        r->cls = classes[meter % 3];
        r->qty_micros = (int64_t)(900000000 + h % 100000001);
    } else {
        snprintf(nm->meter, sizeof(nm->meter), "hall-%c", (char)('A' + meter - 220));
        r->kind = LDG_KIND_ENERGY;
        r->cls = LDG_CLASS_NONE;
        r->qty_micros = (int64_t)(250000000 + h % 50000001);
    }
    snprintf(nm->event, sizeof(nm->event), "%s/%s", nm->meter, when);
    r->meter = nm->meter;
    r->event_id = nm->event;
    if (h % 64 == 0)
        r->corrects = r->event_id;
}

/* Encodes every record into one buffer after another; returns the best round in ns. */
static double time_encode(const ldg_record *recs, int64_t n, int rounds, ldg_buf *b,
                          size_t *total)
{
    double best = 0;

    for (int k = 0; k < rounds; k++) {
        double t0 = now_ns();

        *total = 0;
        for (int64_t i = 0; i < n; i++) {
            ldg_buf_reset(b);
            if (ldg_entry_record_bytes(b, &recs[i], 1000000 + i, NULL) != LDG_OK) {
                fprintf(stderr, "entry_bench: record %" PRId64 " refused\n", i);
                exit(1);
            }
            *total += b->len;
        }
        t0 = now_ns() - t0;
        best = k == 0 || t0 < best ? t0 : best;
    }
    return best;
}

/* The same bytes, laid end to end once, then copied or hashed entry by entry. */
static double time_floor(const char *all, const size_t *lens, int64_t n, int rounds,
                         ldg_merkle_hasher *hs, char *dst)
{
    double best = 0;
    ldg_hash leaf;
    unsigned sink = 0;

    for (int k = 0; k < rounds; k++) {
        double t0 = now_ns();
        const char *p = all;

        for (int64_t i = 0; i < n; p += lens[i], i++) {
            if (hs) {
                ldg_merkle_hasher_leaf(hs, &leaf, p, lens[i]);
                sink += leaf.b[0];
            } else {
                memcpy(dst, p, lens[i]);
                sink += (unsigned char)dst[lens[i] - 1];
            }
        }
        t0 = now_ns() - t0;
        best = k == 0 || t0 < best ? t0 : best;
    }
    if (sink == 1u) /* keeps the loops from being optimised away */
        fputc('\n', stderr);
    return best;
}

int main(int argc, char **argv)
{
    int64_t n = argc > 1 ? strtoll(argv[1], NULL, 10) : 1000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    ldg_record *recs = calloc((size_t)(n > 0 ? n : 1), sizeof(*recs));
    names *nm = calloc((size_t)(n > 0 ? n : 1), sizeof(*nm));
    size_t *lens = calloc((size_t)(n > 0 ? n : 1), sizeof(*lens));
    ldg_buf b = { 0 }, all = { 0 };
    ldg_merkle_hasher *hs = NULL;
    char dst[4096];
    size_t total = 0;
    double enc, cpy, sha;

    if (n <= 0 || rounds <= 0 || !recs || !nm || !lens) {
        fprintf(stderr, "usage: entry_bench [N > 0] [ROUNDS > 0]\n");
        return 64;
    }
    for (int64_t i = 0; i < n; i++)
        make_record(&recs[i], &nm[i], i);
    for (int64_t i = 0; i < n; i++) {
        size_t before = all.len;

        if (ldg_entry_record_bytes(&all, &recs[i], 1000000 + i, NULL) != LDG_OK)
            return 1;
        lens[i] = all.len - before;
    }
    enc = time_encode(recs, n, rounds, &b, &total);
    if (ldg_merkle_hasher_new(&hs, NULL) != LDG_OK)
        return 1;
    cpy = time_floor(all.data, lens, n, rounds, NULL, dst);
    sha = time_floor(all.data, lens, n, rounds, hs, dst);
    ldg_merkle_hasher_free(hs);
    printf("entries %" PRId64 ", bytes %zu (%.1f per entry), best of %d rounds\n", n,
           total, (double)total / (double)n, rounds);
    printf("encode  %8.1f ns/entry\n", enc / (double)n);
    printf("memcpy  %8.1f ns/entry  encode/memcpy %.1f\n", cpy / (double)n, enc / cpy);
    printf("sha256  %8.1f ns/entry  encode/sha256 %.2f  (leaf hash of the same bytes)\n",
           sha / (double)n, enc / sha);
    ldg_buf_cleanup(&b);
    ldg_buf_cleanup(&all);
    free(recs);
    free(nm);
    free(lens);
    return 0;
}
