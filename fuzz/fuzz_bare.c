/*
 * fuzz_bare.c: libFuzzer harness for the bare weighted-game reader (VETO_FORMAT_BARE).
 * Build and run with fuzz/run.sh.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size, VETO_FORMAT_BARE);
}
