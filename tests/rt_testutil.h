/* rt_testutil.h - small helpers shared by the Criterion suites.
 *
 * They run one execution with a given choice source and hand back the
 * result; they never judge it (the tests do). */
#ifndef DEFERFUZZ_RT_TESTUTIL_H
#define DEFERFUZZ_RT_TESTUTIL_H

#include "rt.h"

/* Runs main_fn(arg) with no choice source (keep running / lowest id). */
rt_result tu_run(rt_fn main_fn, void *arg);
/* Runs with the byte-stream choice source over data. */
rt_result tu_run_bytes(rt_fn main_fn, void *arg, const uint8_t *data, size_t len);
/* Runs with the seeded PRNG choice source. */
rt_result tu_run_seed(rt_fn main_fn, void *arg, uint64_t seed);
/* Runs with the seeded PRNG choice source and tracing on. */
rt_result tu_run_seed_traced(rt_fn main_fn, void *arg, uint64_t seed);
/* Runs with a full config. */
rt_result tu_run_cfg(const rt_config *cfg, rt_fn main_fn, void *arg);

/* printf to the execution's stdout (fmt.Print), from inside an execution. */
void tu_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printf to the execution's stderr (println builtin), from inside an execution. */
void tu_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Anonymous memory of this process in KiB (RssAnon), -1 when unknown. */
long tu_rss_anon_kib(void);

#endif
