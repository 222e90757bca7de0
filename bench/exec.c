/* exec.c - bench_exec: executions per second of a small channel program,
 * and whether memory stays flat across a million executions.
 *
 * The program is written against the public API (rt.h) only. It is the
 * C form of this Go program (about 35 synchronization operations):
 *
 *     a, b := make(chan int), make(chan int, 1)
 *     var prod, all sync.WaitGroup
 *     prod.Add(1); all.Add(2)
 *     go func() {                     // producer
 *         defer prod.Done()
 *         for i := 0; i < 10; i++ { select { case a <- i: case b <- i: } }
 *     }()
 *     go func() {                     // closer
 *         defer all.Done()
 *         prod.Wait(); close(a); close(b)
 *     }()
 *     go func() {                     // consumer
 *         defer all.Done()
 *         sum := 0
 *         for a != nil || b != nil {
 *             select {
 *             case v, ok := <-a: if !ok { a = nil } else { sum += v }
 *             case v, ok := <-b: if !ok { b = nil } else { sum += v }
 *             }
 *         }
 *         fmt.Println(sum)
 *     }()
 *     all.Wait()
 *
 * Every schedule prints "45\n" and exits 0; the bench checks that after
 * each execution and fails loudly otherwise. Each execution gets 16 fresh
 * schedule bytes from a private xorshift64 (never libc rand) through
 * rt_bytes_chooser; tracing is off and no observer is attached.
 *
 * Usage: bench_exec [--oracles | --findings-only] [N]   (N executions,
 * default 1000000)
 * --oracles attaches every checker online (oracle.h), the way
 * fuzz_conformance runs them; --findings-only attaches only the checkers
 * that report findings, the channel checker in its light form
 * (ORACLE_CHECKS_FINDINGS | ORACLE_LIGHT), the way fuzz_schedule runs
 * them. Either fails loudly on any finding or violation.
 * Output: one JSON line on stdout,
 *   {"oracles": true|false, "checkers": "none"|"findings"|"all", "executions": N,
 *    "exec_per_sec": .., "rss_before_kb": .., "rss_after_kb": .., "ns_per_exec": ..,
 *    "maxrss_kb": ..}
 * rss_* is the current resident set (/proc/self/statm) after a warm-up of
 * min(N, 1000) untimed executions and after the N timed ones, so a leak
 * shows as growth; maxrss_kb is getrusage's peak, which the kernel updates
 * lazily and may read a little below rss_after_kb. Progress goes to stderr
 * about once a second. */
#define _GNU_SOURCE
#include "oracle.h"
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_EXECUTIONS 1000000L
#define SCHEDULE_BYTES     16
#define WARMUP_EXECUTIONS  1000L
#define VALUES             10

/* ------------------------------------------------------------ the program */

/* Channels and WaitGroups shared by the goroutines of one execution. They
 * live in rt_alloc() memory, which the runtime frees when rt_run returns. */
typedef struct prog {
    rt_chan *a, *b;
    rt_waitgroup *prod, *all;
} prog;

/* Goroutine arguments are copied by rt_go (D10): pass the pointer. */
typedef struct prog_arg {
    prog *p;
} prog_arg;

static void wg_done_deferred(void *arg)
{
    rt_wg_done(*(rt_waitgroup **)arg);
}

static void producer(void *arg)
{
    prog *p = ((prog_arg *)arg)->p;
    rt_defer(wg_done_deferred, &p->prod, sizeof p->prod);
    for (int64_t i = 0; i < VALUES; i++) {
        rt_select_case cs[2] = {
            {.c = p->a, .dir = RT_SEND, .val = rt_int(i)},
            {.c = p->b, .dir = RT_SEND, .val = rt_int(i)},
        };
        rt_select(cs, 2, false);
    }
}

static void closer(void *arg)
{
    prog *p = ((prog_arg *)arg)->p;
    rt_defer(wg_done_deferred, &p->all, sizeof p->all);
    rt_wg_wait(p->prod);
    rt_chan_close(p->a);
    rt_chan_close(p->b);
}

static void consumer(void *arg)
{
    prog *p = ((prog_arg *)arg)->p;
    rt_defer(wg_done_deferred, &p->all, sizeof p->all);
    rt_chan *a = p->a, *b = p->b;
    int64_t sum = 0;
    while (a || b) {
        rt_select_case cs[2] = {
            {.c = a, .dir = RT_RECV},
            {.c = b, .dir = RT_RECV},
        };
        int k = rt_select(cs, 2, false);
        if (!cs[k].ok) {
            if (k == 0)
                a = NULL;
            else
                b = NULL;
        } else {
            sum += cs[k].val.i;
        }
    }
    char line[32];
    int n = snprintf(line, sizeof line, "%lld\n", (long long)sum);
    rt_write(1, line, (size_t)n);
}

static void prog_main(void *arg)
{
    (void)arg;
    prog *p = rt_alloc(sizeof *p);
    p->a = rt_chan_make(0, rt_int(0));
    p->b = rt_chan_make(1, rt_int(0));
    p->prod = rt_wg_new();
    p->all = rt_wg_new();
    rt_wg_add(p->prod, 1);
    rt_wg_add(p->all, 2);
    prog_arg pa = {p};
    rt_go(producer, &pa, sizeof pa);
    rt_go(closer, &pa, sizeof pa);
    rt_go(consumer, &pa, sizeof pa);
    rt_wg_wait(p->all);
}

/* ------------------------------------------------------------ measurement */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Current resident set in KiB, from /proc/self/statm; -1 if unreadable. */
static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    long size, resident;
    int n = fscanf(f, "%ld %ld", &size, &resident);
    fclose(f);
    if (n != 2)
        return -1;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Peak resident set in KiB (getrusage). */
static long maxrss_kb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return -1;
    return ru.ru_maxrss;
}

/* xorshift64: the bench's own schedule source (never libc rand). */
static uint64_t xorshift64(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* The oracles, when --oracles or --findings-only is given. */
static oracle_set *oracles;
static const char *oracles_mode = "none";

/* Runs one execution over 16 fresh schedule bytes; exits on a wrong outcome. */
static void run_one(uint64_t *rng, long index)
{
    uint8_t sched[SCHEDULE_BYTES];
    for (size_t i = 0; i < SCHEDULE_BYTES; i += 8) {
        uint64_t r = xorshift64(rng);
        memcpy(sched + i, &r, 8);
    }
    rt_bytes_chooser ch;
    rt_bytes_chooser_init(&ch, sched, sizeof sched);
    rt_config cfg = {.chooser = &ch.base};
    rt_observer obs;
    if (oracles) {
        oracle_reset(oracles);
        obs = oracle_observer(oracles);
        cfg.observers = &obs;
        cfg.nobservers = 1;
    }
    rt_result res;
    int rc = rt_run(&cfg, prog_main, NULL, &res);
    if (oracles) {
        const oracle_verdict *v = oracle_finish(oracles);
        if (v->nfindings || v->nviolations) {
            char text[2048];
            oracle_verdict_format(v, text, sizeof text);
            fprintf(stderr, "bench_exec: oracles objected at execution %ld:\n%s", index, text);
            exit(1);
        }
    }
    if (rc < 0) {
        fprintf(stderr, "bench_exec: rt_run failed at execution %ld: %s\n", index, rt_strerror(rc));
        exit(1);
    }
    if (res.end != RT_END_RETURN || res.exit_code != 0 || res.out_len != 3 ||
        memcmp(res.out, "45\n", 3) != 0) {
        fprintf(stderr,
                "bench_exec: wrong outcome at execution %ld: end=%s exit=%d\n"
                "stdout: %.*s\nstderr: %.*s\n",
                index, rt_end_name(res.end), res.exit_code, (int)res.out_len, res.out,
                (int)res.err_len, res.err);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    long n = DEFAULT_EXECUTIONS;
    int argi = 1;
    if (argi < argc &&
        (strcmp(argv[argi], "--oracles") == 0 || strcmp(argv[argi], "--findings-only") == 0)) {
        bool all = strcmp(argv[argi], "--oracles") == 0;
        oracles = oracle_new_with(all ? ORACLE_CHECKS_ALL : ORACLE_CHECKS_FINDINGS | ORACLE_LIGHT);
        if (!oracles) {
            fputs("bench_exec: out of memory\n", stderr);
            return 1;
        }
        oracles_mode = all ? "all" : "findings";
        argi++;
    }
    if (argi < argc) {
        char *end;
        n = strtol(argv[argi], &end, 10);
        if (*end != '\0' || n <= 0 || argi + 1 != argc) {
            fprintf(stderr, "usage: %s [--oracles | --findings-only] [EXECUTIONS>0]\n", argv[0]);
            return 2;
        }
    }
    uint64_t rng = 0x9e3779b97f4a7c15ull;

    long warmup = n < WARMUP_EXECUTIONS ? n : WARMUP_EXECUTIONS;
    for (long i = 0; i < warmup; i++)
        run_one(&rng, -1 - i);
    long rss_before = rss_kb();

    double t0 = now_s(), last = t0;
    for (long i = 0; i < n; i++) {
        run_one(&rng, i);
        if ((i & 4095) == 4095) {
            double t = now_s();
            if (t - last >= 1.0) {
                fprintf(stderr, "bench_exec: %ld/%ld executions, %.0f/s, rss %ld kB\n", i + 1, n,
                        (double)(i + 1) / (t - t0), rss_kb());
                last = t;
            }
        }
    }
    double elapsed = now_s() - t0;
    long rss_after = rss_kb();

    printf("{\"oracles\": %s, \"checkers\": \"%s\", \"executions\": %ld, "
           "\"exec_per_sec\": %.0f, \"rss_before_kb\": %ld, \"rss_after_kb\": %ld, "
           "\"ns_per_exec\": %.1f, \"maxrss_kb\": %ld}\n",
           oracles ? "true" : "false", oracles_mode, n, (double)n / elapsed, rss_before, rss_after,
           elapsed * 1e9 / (double)n, maxrss_kb());
    oracle_free(oracles);
    rt_shutdown();
    return 0;
}
