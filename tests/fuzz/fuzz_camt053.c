/*
 * libFuzzer target: an ISO 20022 camt.053 bank statement (docs/receivables.md "Payment
 * files"), parsed by libxml2 with a DOCTYPE refused. See fuzz_payments.h for what is
 * checked.
 */
#include "tests/fuzz/fuzz_payments.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_payments_run(data, size, LDG_PAYMENT_CAMT053);
    return 0;
}
