/*
 * libFuzzer target: a CSV usage file (DESIGN.md "Usage records"), read as ingest reads
 * it. See fuzz_usage.h for what is checked.
 */
#include "tests/fuzz/fuzz_usage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_usage_run(data, size, LDG_FORMAT_CSV);
    return 0;
}
