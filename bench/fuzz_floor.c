/* fuzz_floor.c - a fuzz target that does nothing but set K coverage
 * counters, for bench/fuzz_exec.sh: the fuzzing engine's own cost per
 * execution at fuzz_schedule's feature density, measured in the same run
 * as fuzz_schedule itself. No target of that density can run faster than
 * this one under the same engine and options.
 *
 * Like fuzz_schedule it has FLOOR_COUNTERS (2048) extra counters for
 * libFuzzer (or, built with afl-clang-fast, the counters of its few edges
 * only: under AFL++ the floor is the fork-server round trip). Input byte
 * i picks one of 8 counters for slot i, so the K counters set change
 * with the input and the corpus holds a few hundred features in all, as
 * fuzz_schedule's does on one program: that matters, because libFuzzer's
 * per-feature work (entropic's rare-feature bookkeeping) depends on how
 * many features are rare.
 *
 * Build: clang -O2 -fsanitize=fuzzer -DFLOOR_K=54 bench/fuzz_floor.c */
#include <stddef.h>
#include <stdint.h>

#ifndef FLOOR_K
#define FLOOR_K 0
#endif
#define FLOOR_COUNTERS 2048u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(__AFL_COMPILER)
static uint8_t counters[FLOOR_COUNTERS];
#else
static uint8_t counters[FLOOR_COUNTERS]
    __attribute__((used, section("__libfuzzer_extra_counters")));
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (uint32_t i = 0; i < (uint32_t)FLOOR_K; i++) {
        uint32_t pick = size ? data[i % size] & 7u : 0;
        uint8_t *c = &counters[(i * 37u + pick * 5u) % FLOOR_COUNTERS];
        if (*c != 0xff)
            (*c)++;
    }
    return 0;
}
