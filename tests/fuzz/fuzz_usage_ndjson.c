/*
 * libFuzzer target: a usage file as `ingest` reads it by default (LDG_FORMAT_AUTO: a
 * first line starting with '{' makes it NDJSON, so the seeds are NDJSON files). See
 * fuzz_usage.h for what is checked.
 */
#include "tests/fuzz/fuzz_usage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_usage_run(data, size, LDG_FORMAT_AUTO);
    return 0;
}
