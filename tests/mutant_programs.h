/* mutant_programs.h - the fixed set of correct Go-like programs (C API) that
 * the mutant probe (mutant_probe.c) runs against the real runtime and
 * against every mutant (runtime/ `#if RT_MUTANT == N` blocks).
 *
 * Each program is correct Go and exercises one area that a mutant breaks:
 * on the real runtime no oracle may report a violation for any schedule;
 * on a mutant the oracle named in test_mutants.c must. The programs stay
 * well-defined C whatever a mutant does to them: every argument of a
 * deferred call lives in rt_alloc() memory (mutant 2 reads it when the call
 * runs), and every loop passes a scheduling point (the step budget bounds
 * a mutant that loops). */
#ifndef DEFERFUZZ_MUTANT_PROGRAMS_H
#define DEFERFUZZ_MUTANT_PROGRAMS_H

#include <stddef.h>

#include "rt.h"

/* One program: its name (for reports) and the function that plays main. */
typedef struct mp_program {
    const char *name;
    rt_fn main_fn;
} mp_program;

extern const mp_program mp_programs[];
extern const size_t mp_nprograms;

/* rt_config.preprint of the programs: a late panic value's method (gc's
 * preprintpanics), played by the mp_method its p points to. */
rt_value mp_preprint(void *ctx, const rt_value *v, bool *keep);

#endif
