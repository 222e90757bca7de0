/* mutant_probe.c - runs the fixed programs of mutant_programs.c under many
 * seeded schedules with every oracle attached online, and prints how many
 * executions each oracle reported a violation in.
 *
 * One executable is built per runtime library: mutant_probe_0 links the real
 * runtime, mutant_probe_N the runtime built with RT_MUTANT=N
 * (tests/CMakeLists.txt). test_mutants.c runs them all and builds the kill
 * matrix from their output, which is machine-readable:
 *
 *   mutant N
 *   executions E
 *   oracle defer-order 0          (one line per oracle, oracle_name order)
 *   ...
 *
 * Options: --seeds N (default 300 per program), -v (to stderr: every
 * program's per-oracle counts and the first violation message of each).
 * A mutant may make a program misbehave in any way; the step budget bounds
 * every execution and the programs stay well-defined C, so the probe never
 * crashes and always prints every line. Exit status: 0, or 2 on bad usage
 * or when an execution cannot start. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mutant_programs.h"
#include "oracle.h"

#ifndef PROBE_MUTANT
#define PROBE_MUTANT 0
#endif

/* Steps per execution: far above what the programs need (a few hundred),
 * low enough that a mutant that makes one spin stays cheap. */
#define PROBE_MAX_STEPS 20000u

typedef struct probe_opts {
    unsigned seeds;
    int verbose;
} probe_opts;

static int parse_args(int argc, char **argv, probe_opts *o)
{
    o->seeds = 300;
    o->verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            o->verbose = 1;
        } else if (strcmp(argv[i], "--seeds") == 0 && i + 1 < argc) {
            char *end;
            unsigned long n = strtoul(argv[++i], &end, 10);
            if (*end || n == 0 || n > 1000000) {
                fprintf(stderr, "mutant_probe: bad --seeds value\n");
                return -1;
            }
            o->seeds = (unsigned)n;
        } else {
            fprintf(stderr, "usage: mutant_probe [--seeds N] [-v]\n");
            return -1;
        }
    }
    return 0;
}

/* Runs program p under one seed; sets hit[k] when oracle k reported a
 * violation. The first message per oracle is kept in first[k] (verbose). */
static int run_one(oracle_set *o, const mp_program *p, uint64_t seed, int hit[ORC__COUNT],
                   char first[ORC__COUNT][256])
{
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, seed);
    rt_observer obs = oracle_observer(o);
    rt_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.chooser = &pc.base;
    cfg.max_steps = PROBE_MAX_STEPS;
    cfg.observers = &obs;
    cfg.nobservers = 1;
    cfg.preprint = mp_preprint;
    rt_result r;
    oracle_reset(o);
    int rc = rt_run(&cfg, p->main_fn, NULL, &r);
    if (rc != 0) {
        fprintf(stderr, "mutant_probe: %s seed %llu: rt_run: %s\n", p->name,
                (unsigned long long)seed, rt_strerror(rc));
        return -1;
    }
    const oracle_verdict *v = oracle_finish(o);
    for (size_t i = 0; i < v->nviolations; i++) {
        oracle_id k = v->violations[i].oracle;
        if ((unsigned)k >= ORC__COUNT)
            continue;
        if (!hit[k] && first && !first[k][0])
            snprintf(first[k], sizeof first[k], "seed %llu: %s", (unsigned long long)seed,
                     v->violations[i].message);
        hit[k] = 1;
    }
    return 0;
}

/* Runs every seed of program p and adds to total[] the executions with a
 * violation from each oracle. */
static int run_program(oracle_set *o, const mp_program *p, const probe_opts *opt,
                       unsigned long total[ORC__COUNT])
{
    unsigned long count[ORC__COUNT] = {0};
    static char first[ORC__COUNT][256];
    memset(first, 0, sizeof first);
    for (uint64_t seed = 1; seed <= opt->seeds; seed++) {
        int hit[ORC__COUNT] = {0};
        if (run_one(o, p, seed, hit, first) != 0)
            return -1;
        for (int k = 0; k < ORC__COUNT; k++)
            count[k] += (unsigned long)hit[k];
    }
    for (int k = 0; k < ORC__COUNT; k++) {
        total[k] += count[k];
        if (opt->verbose && count[k])
            fprintf(stderr, "  %-22s %-12s %5lu  first: %s\n", p->name, oracle_name((oracle_id)k),
                    count[k], first[k]);
    }
    return 0;
}

int main(int argc, char **argv)
{
    probe_opts opt;
    if (parse_args(argc, argv, &opt) != 0)
        return 2;
    oracle_set *o = oracle_new();
    if (!o) {
        fprintf(stderr, "mutant_probe: out of memory\n");
        return 2;
    }
    unsigned long total[ORC__COUNT] = {0};
    int rc = 0;
    if (opt.verbose)
        fprintf(stderr, "mutant %d:\n", PROBE_MUTANT);
    for (size_t i = 0; i < mp_nprograms && rc == 0; i++)
        rc = run_program(o, &mp_programs[i], &opt, total);
    oracle_free(o);
    rt_shutdown();
    if (rc != 0)
        return 2;
    printf("mutant %d\n", PROBE_MUTANT);
    printf("executions %lu\n", (unsigned long)(mp_nprograms * opt.seeds));
    for (int k = 0; k < ORC__COUNT; k++)
        printf("oracle %s %lu\n", oracle_name((oracle_id)k), total[k]);
    return 0;
}
