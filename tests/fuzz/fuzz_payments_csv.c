/*
 * libFuzzer target: a payments CSV (docs/receivables.md "Payment files"). See
 * fuzz_payments.h for what is checked.
 */
#include "tests/fuzz/fuzz_payments.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_payments_run(data, size, LDG_PAYMENT_CSV);
    return 0;
}
