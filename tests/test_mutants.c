/* test_mutants.c - proof that each oracle works (issue 3): every runtime
 * mutant is killed by the oracle meant to catch it, and the real runtime
 * makes no oracle fire.
 *
 * The runtime is built fourteen times (runtime/CMakeLists.txt,
 * deferfuzz_runtime_library): RT_MUTANT=0 is the real one, 1..13 inject
 * one fault each. mutant_probe_N runs the fixed programs of
 * mutant_programs.c under many seeded schedules against runtime N with the
 * oracles attached and prints, per oracle, how many executions had a
 * violation from it. This suite runs all the probes (in parallel), prints
 * the kill matrix and the line `mutants: K killed of N`, and asserts:
 *   - the real runtime: zero violations from every oracle;
 *   - mutant N: its intended oracle reports at least one violation.
 * Other oracles firing on a mutant too is fine (the matrix shows it).
 *
 * DEFERFUZZ_PROBE_SEEDS=<n> in the environment sets the seeds per program
 * (the probe's default is 300). */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

#ifndef PROBE_DIR
#error "PROBE_DIR must name the folder of the mutant_probe_N executables"
#endif

#define NMUTANTS 13

/* What each mutant breaks, and the oracle that must kill it. */
static const struct mutant_spec {
    const char *what;
    oracle_id oracle;
} mutants[NMUTANTS + 1] = {
    {"real runtime", ORC__COUNT},
    {"FIFO defers", ORC_DEFER_ORDER},
    {"defer args read at call time", ORC_ARG_TIMING},
    {"recover works from a helper", ORC_RECOVER},
    {"Goexit skips defers", ORC_GOEXIT},
    {"close leaves receivers blocked", ORC_CHANNEL},
    {"closed+drained recv is stale", ORC_CHANNEL},
    {"send on closed is dropped", ORC_CHANNEL},
    {"select default while ready", ORC_CHANNEL},
    {"blocked goroutine runs", ORC_SCHEDULER},
    {"WaitGroup negative silently", ORC_SYNC},
    {"main return runs others' defers", ORC_PROGRAM_END},
    {"unprintable panic value printed", ORC_PROGRAM_END},
    {"late panic value printed as it is", ORC_RECOVER},
};

/* What one probe printed. */
typedef struct probe_out {
    bool ok; /* exited 0 and printed a count for every oracle */
    int status;
    unsigned long executions;
    unsigned long count[ORC__COUNT];
} probe_out;

static FILE *start_probe(int n)
{
    char cmd[1024];
    const char *seeds = getenv("DEFERFUZZ_PROBE_SEEDS");
    int len = snprintf(cmd, sizeof cmd, "'%s/mutant_probe_%d'", PROBE_DIR, n);
    if (seeds && *seeds && strspn(seeds, "0123456789") == strlen(seeds))
        snprintf(cmd + len, sizeof cmd - (size_t)len, " --seeds %s", seeds);
    return popen(cmd, "r");
}

/* Reads the lines "executions E" and "oracle NAME COUNT" (mutant_probe.c). */
static void read_probe(FILE *f, probe_out *out)
{
    bool seen[ORC__COUNT] = {false};
    char line[256];
    memset(out, 0, sizeof *out);
    while (f && fgets(line, sizeof line, f)) {
        char name[64];
        unsigned long v;
        if (sscanf(line, "executions %lu", &v) == 1) {
            out->executions = v;
        } else if (sscanf(line, "oracle %63s %lu", name, &v) == 2) {
            for (int k = 0; k < ORC__COUNT; k++) {
                if (strcmp(name, oracle_name((oracle_id)k)) == 0) {
                    out->count[k] = v;
                    seen[k] = true;
                }
            }
        }
    }
    out->status = f ? pclose(f) : -1;
    out->ok = out->status == 0 && out->executions > 0;
    for (int k = 0; k < ORC__COUNT; k++)
        out->ok = out->ok && seen[k];
}

static void print_matrix(const probe_out *p, int killed)
{
    printf("\nkill matrix: executions with a violation, per oracle ([intended])\n");
    printf("%-36s", "mutant");
    for (int k = 0; k < ORC__COUNT; k++)
        printf(" %12s", oracle_name((oracle_id)k));
    printf("\n");
    for (int n = 0; n <= NMUTANTS; n++) {
        char label[48];
        snprintf(label, sizeof label, "%2d %s", n, mutants[n].what);
        printf("%-36s", label);
        for (int k = 0; k < ORC__COUNT; k++) {
            char cell[24];
            if (!p[n].ok)
                snprintf(cell, sizeof cell, "%s", k ? "" : "probe failed");
            else if (mutants[n].oracle == (oracle_id)k)
                snprintf(cell, sizeof cell, "[%lu]", p[n].count[k]);
            else
                snprintf(cell, sizeof cell, "%lu", p[n].count[k]);
            printf(" %12s", cell);
        }
        printf("\n");
    }
    printf("mutants: %d killed of %d\n", killed, NMUTANTS);
    fflush(stdout);
}

Test(mutants, every_mutant_is_killed_and_the_real_runtime_is_clean, .timeout = 3000)
{
    FILE *f[NMUTANTS + 1];
    probe_out p[NMUTANTS + 1];
    for (int n = 0; n <= NMUTANTS; n++)
        f[n] = start_probe(n);
    for (int n = 0; n <= NMUTANTS; n++)
        read_probe(f[n], &p[n]);

    int killed = 0;
    for (int n = 1; n <= NMUTANTS; n++)
        if (p[n].ok && p[n].count[mutants[n].oracle] > 0)
            killed++;
    print_matrix(p, killed);

    for (int n = 0; n <= NMUTANTS; n++)
        cr_expect(p[n].ok, "mutant_probe_%d failed (status %d) or printed an incomplete report", n,
                  p[n].status);
    for (int k = 0; k < ORC__COUNT; k++)
        cr_expect(p[0].count[k] == 0,
                  "real runtime: oracle %s reported violations in %lu executions "
                  "(run mutant_probe_0 -v)",
                  oracle_name((oracle_id)k), p[0].count[k]);
    for (int n = 1; n <= NMUTANTS; n++)
        cr_expect(p[n].ok && p[n].count[mutants[n].oracle] > 0,
                  "mutant %d (%s) not killed by oracle %s (run mutant_probe_%d -v)", n,
                  mutants[n].what, oracle_name(mutants[n].oracle), n);
}
