/* goroutines.c - bench_goroutines: how one execution's cost grows with the
 * number of goroutines alive at once.
 *
 * The program (public API only, rt.h) is the usual "many goroutines take a
 * mutex" example:
 *
 *     var wg sync.WaitGroup
 *     var mu sync.Mutex
 *     start := make(chan int)
 *     for i := 0; i < N; i++ {
 *         wg.Add(1)
 *         go func() { defer wg.Done(); <-start; mu.Lock(); total++; mu.Unlock() }()
 *     }
 *     close(start)   // all N runnable at once
 *     wg.Wait()
 *
 * under a PRNG schedule (rt_prng_chooser, fixed seeds): after the close
 * every scheduling point is a decision among up to N runnable goroutines.
 * It runs at a small
 * N (the baseline) and at a large one in the same process and prints the
 * cost per goroutine of each and their ratio: 1 when an execution grows
 * linearly with its goroutines, N_large / N_small when every decision
 * walks all of them (as the scheduler did before its runnable set became
 * a dense array). Each size runs with no observer and with every checker
 * attached (oracle.h), whose race checker keeps a vector clock per
 * goroutine as wide as the goroutine count: quadratic by design.
 *
 * Both default sizes stay within the runtime's cache of 1,024 goroutine
 * stacks (runtime/stack.c): beyond it every execution maps and unmaps the
 * extra stacks, and the kernel's time would swamp the scheduler's.
 *
 * The second shape ("in_turn") starts the same goroutines one at a time,
 * each waited for before the next:
 *
 *     for i := 0; i < N; i++ {
 *         wg.Add(1)
 *         go func() { defer wg.Done(); mu.Lock(); total++; mu.Unlock() }()
 *         wg.Wait()
 *     }
 *
 * at 100 and 10,000 goroutines (two alive at once). Its ratio is 1 when
 * the cost follows the goroutines alive, not the goroutines created: the
 * race checker gives an ended goroutine's clock and component to the next
 * one (its ratio with the checkers was 30 when every goroutine kept them).
 *
 * Usage: bench_goroutines [SMALL LARGE]   (default 100 1000; in_turn 100 10000)
 * Output: one JSON line per shape and checker setting on stdout,
 *   {"bench": "goroutines", "shape": "alive"|"in_turn", "checkers": "none"|"all",
 *    "small": N, "large": N, "ns_per_goroutine_small": .., "ns_per_goroutine_large": ..,
 *    "ratio": ..} */
#define _GNU_SOURCE
#include "oracle.h"
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct shared {
    rt_chan *start;
    rt_waitgroup *wg;
    rt_mutex *mu;
    int64_t total;
} shared;

static void done(void *arg)
{
    rt_wg_done(*(rt_waitgroup **)arg);
}

static void worker(void *arg)
{
    shared *s = *(shared **)arg;
    rt_defer(done, &s->wg, sizeof s->wg);
    rt_chan_recv(s->start, NULL);
    rt_mutex_lock(s->mu);
    s->total++;
    rt_mutex_unlock(s->mu);
}

static long n_goroutines;
static bool in_turn; /* one goroutine at a time */

static void worker_in_turn(void *arg)
{
    shared *s = *(shared **)arg;
    rt_defer(done, &s->wg, sizeof s->wg);
    rt_mutex_lock(s->mu);
    s->total++;
    rt_mutex_unlock(s->mu);
}

static void prog_main(void *arg)
{
    (void)arg;
    shared *s = rt_alloc(sizeof *s);
    s->start = rt_chan_make(0, rt_int(0));
    s->wg = rt_wg_new();
    s->mu = rt_mutex_new();
    s->total = 0;
    for (long i = 0; i < n_goroutines; i++) {
        rt_wg_add(s->wg, 1);
        if (in_turn) {
            rt_go(worker_in_turn, &s, sizeof s);
            rt_wg_wait(s->wg);
        } else {
            rt_go(worker, &s, sizeof s);
        }
    }
    rt_chan_close(s->start);
    rt_wg_wait(s->wg);
    if (s->total != n_goroutines)
        rt_fatal("bench_goroutines: lost an increment");
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Nanoseconds per goroutine of executions with n goroutines, over at
 * least reps executions and 0.2 s. */
static double per_goroutine(long n, oracle_set *os, int reps)
{
    n_goroutines = n;
    double t0 = now_ns(), t;
    long runs = 0;
    do {
        rt_prng_chooser ch;
        rt_prng_chooser_init(&ch, (uint64_t)runs + 1);
        rt_observer obs;
        rt_config cfg = {0};
        cfg.chooser = &ch.base;
        cfg.max_steps = 100ull * (uint64_t)n + 1000;
        if (os) {
            oracle_reset(os);
            obs = oracle_observer(os);
            cfg.observers = &obs;
            cfg.nobservers = 1;
        }
        rt_result r;
        int rc = rt_run(&cfg, prog_main, NULL, &r);
        if (rc != 0) {
            fprintf(stderr, "bench_goroutines: n=%ld: rt_run: %s\n", n, rt_strerror(rc));
            exit(1);
        }
        if (r.exit_code != 0) {
            fprintf(stderr, "bench_goroutines: n=%ld: exit code %d\n", n, r.exit_code);
            exit(1);
        }
        if (os) {
            const oracle_verdict *v = oracle_finish(os);
            if (v->nviolations || v->nfindings) {
                fprintf(stderr, "bench_goroutines: n=%ld: %zu violations, %zu findings\n", n,
                        v->nviolations, v->nfindings);
                exit(1);
            }
        }
        runs++;
        t = now_ns() - t0;
    } while (runs < reps || t < 2e8);
    return t / (double)runs / (double)n;
}

int main(int argc, char **argv)
{
    long small = 100, large = 1000;
    if (argc == 3) {
        small = strtol(argv[1], NULL, 10);
        large = strtol(argv[2], NULL, 10);
    }
    if (argc != 1 && argc != 3) {
        fprintf(stderr, "usage: bench_goroutines [SMALL LARGE]\n");
        return 2;
    }
    if (small < 1 || large < small || large > 1000000) {
        fprintf(stderr, "bench_goroutines: want 1 <= SMALL <= LARGE <= 1000000\n");
        return 2;
    }
    for (int shape = 0; shape < 2; shape++) {
        in_turn = shape == 1;
        long sm = in_turn ? 100 : small, lg = in_turn ? 10000 : large;
        for (int with = 0; with < 2; with++) {
            oracle_set *os = with ? oracle_new() : NULL;
            if (with && !os) {
                fprintf(stderr, "bench_goroutines: oracle_new failed\n");
                return 1;
            }
            double s = per_goroutine(sm, os, 5), l = per_goroutine(lg, os, 2);
            printf("{\"bench\": \"goroutines\", \"shape\": \"%s\", \"checkers\": \"%s\", "
                   "\"small\": %ld, \"large\": %ld, \"ns_per_goroutine_small\": %.1f, "
                   "\"ns_per_goroutine_large\": %.1f, \"ratio\": %.2f}\n",
                   in_turn ? "in_turn" : "alive", with ? "all" : "none", sm, lg, s, l, l / s);
            fflush(stdout);
            if (os)
                oracle_free(os);
        }
    }
    rt_shutdown();
    return 0;
}
