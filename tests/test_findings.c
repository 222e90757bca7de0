/* test_findings.c - every finding id of DESIGN.md, each produced by a small
 * Go program written against rt.h and checked through the oracle verdict
 * (the oracles run as an observer of the execution, as while fuzzing).
 *
 * The Go each program stands for is in the comment above it. A program
 * marks its source positions with rt_set_site(N); findings name those
 * sites and their dedup keys are built from them only. Besides one test per
 * id, the suite checks what the cleanup and race checkers must NOT report:
 * sleepers are no leak, a builtin `defer recover()` is no cleanup, a close
 * ordered after every send by a WaitGroup, a mutex, a channel or a Once is
 * no race, and a correct worker pool explored under 10,000 seeds produces
 * no finding and no violation. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"
#include "rt_testutil.h"

/* ------------------------------------------------------------ running under the oracles */

static oracle_set *orc;

static void setup(void)
{
    orc = oracle_new();
    cr_assert_not_null(orc);
}

static void teardown(void)
{
    oracle_free(orc);
    rt_shutdown();
}

TestSuite(findings, .init = setup, .fini = teardown);

/* Runs prog(arg) with the oracles attached and returns their verdict; the
 * result goes to *r when r is not NULL. ch NULL: keep running / lowest id.
 * max_steps 0: the default budget. */
static const oracle_verdict *check_cfg(rt_fn prog, void *arg, rt_chooser *ch, uint64_t max_steps,
                                       rt_result *r)
{
    rt_observer obs = oracle_observer(orc);
    rt_config cfg = {0};
    cfg.chooser = ch;
    cfg.max_steps = max_steps;
    cfg.observers = &obs;
    cfg.nobservers = 1;
    oracle_reset(orc);
    rt_result res = tu_run_cfg(&cfg, prog, arg);
    if (r)
        *r = res;
    return oracle_finish(orc);
}

static const oracle_verdict *check(rt_fn prog, void *arg, rt_result *r)
{
    return check_cfg(prog, arg, NULL, 0, r);
}

static const oracle_verdict *check_seed(rt_fn prog, void *arg, uint64_t seed, rt_result *r)
{
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, seed);
    return check_cfg(prog, arg, &pc.base, 0, r);
}

/* The verdict as text, for failure messages. */
static const char *vtext(const oracle_verdict *v)
{
    static char buf[8192];
    oracle_verdict_format(v, buf, sizeof buf);
    return buf[0] ? buf : "(empty verdict)\n";
}

static size_t count(const oracle_verdict *v, oracle_finding_id id)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nfindings; i++)
        n += v->findings[i].id == id;
    return n;
}

/* The nth finding with this id, or NULL. */
static const oracle_finding *nth(const oracle_verdict *v, oracle_finding_id id, size_t n)
{
    for (size_t i = 0; i < v->nfindings; i++)
        if (v->findings[i].id == id && n-- == 0)
            return &v->findings[i];
    return NULL;
}

/* The finding with this id; fails the test when there is none. */
static const oracle_finding *expect_finding(const oracle_verdict *v, oracle_finding_id id)
{
    const oracle_finding *f = nth(v, id, 0);
    cr_assert_not_null(f, "no %s finding; verdict:\n%s", oracle_finding_name(id), vtext(v));
    return f;
}

static void expect_no_finding(const oracle_verdict *v, oracle_finding_id id, const char *what)
{
    cr_assert_eq(count(v, id), 0, "%sunexpected %s finding; verdict:\n%s", what,
                 oracle_finding_name(id), vtext(v));
}

/* The finding's sites are exactly want[0..n) (ascending). */
static void expect_sites(const oracle_finding *f, const uint32_t *want, uint32_t n)
{
    cr_assert_eq(f->nsites, n, "%s: %u sites, want %u", f->message, f->nsites, n);
    for (uint32_t i = 0; i < n; i++)
        cr_assert_eq(f->sites[i], want[i], "%s: site %u is %u, want %u", f->message, i, f->sites[i],
                     want[i]);
}

/* ------------------------------------------------------------ Go helpers */

/* Arguments of the goroutines below (copied by rt_go, D10). */
struct args {
    rt_chan *c, *d;
    rt_waitgroup *wg;
    rt_mutex *mu, *mu2;
    rt_rwmutex *rw;
    rt_once *once;
    bool *closed;
    uint32_t site;
};

/* A deferred call that does nothing visible: some cleanup. */
static void cleanup(void *arg)
{
    (void)arg;
}

/* defer func() { recover() }() */
static void recover_it(void *arg)
{
    (void)arg;
    rt_recover();
}

/* defer wg.Done() */
static void wg_done(void *arg)
{
    rt_wg_done(*(rt_waitgroup **)arg);
}

/* time.Sleep(ns) at a site of its own. */
static void sleep_at(uint32_t site, int64_t ns)
{
    rt_set_site(site);
    rt_sleep(ns);
}

static void nop(void *arg)
{
    (void)arg;
}

/* ================================================================ panic */

/* func main() { panic("boom") } */
static void main_panic(void *arg)
{
    (void)arg;
    rt_set_site(3);
    rt_panic(rt_str("boom"));
}

Test(findings, panic_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_panic, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    expect_finding(v, OF_PANIC);
}

/* ================================================================ channel misuse */

/* c := make(chan int, 1); close(c); c <- 1 */
static void main_send_on_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_set_site(4);
    rt_chan_close(c);
    rt_set_site(5);
    rt_chan_send(c, rt_int(1));
}

Test(findings, send_on_closed_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_send_on_closed, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    expect_finding(v, OF_SEND_ON_CLOSED);
}

/* c := make(chan int); close(c); close(c) */
static void main_close_of_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_set_site(4);
    rt_chan_close(c);
    rt_set_site(5);
    rt_chan_close(c);
}

Test(findings, close_of_closed_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_close_of_closed, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    expect_finding(v, OF_CLOSE_OF_CLOSED);
}

/* var c chan int; close(c) */
static void main_close_of_nil(void *arg)
{
    (void)arg;
    rt_set_site(4);
    rt_chan_close(NULL);
}

Test(findings, close_of_nil_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_close_of_nil, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    expect_finding(v, OF_CLOSE_OF_NIL);
}

/* ================================================================ sync misuse */

/* var wg sync.WaitGroup; wg.Done() */
static void main_negative_wg(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_set_site(4);
    rt_wg_done(wg);
}

Test(findings, negative_waitgroup_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_negative_wg, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    expect_finding(v, OF_NEGATIVE_WAITGROUP);
}

/* var mu sync.Mutex; mu.Unlock() */
static void main_unlock_of_unlocked(void *arg)
{
    (void)arg;
    rt_mutex *mu = rt_mutex_new();
    rt_set_site(4);
    rt_mutex_unlock(mu);
}

Test(findings, unlock_of_unlocked_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_unlock_of_unlocked, NULL, &r);
    cr_assert_eq(r.end, RT_END_FATAL);
    expect_finding(v, OF_UNLOCK_OF_UNLOCKED);
}

/* ================================================================ deadlock */

/* c := make(chan int); <-c */
static void main_deadlock(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_set_site(4);
    rt_chan_recv(c, NULL);
}

Test(findings, deadlock_is_reported)
{
    rt_result r;
    const oracle_verdict *v = check(main_deadlock, NULL, &r);
    cr_assert_eq(r.fatal, RT_FATAL_DEADLOCK);
    expect_no_finding(v, OF_LEAK, "a global deadlock is not a leak: ");
    expect_finding(v, OF_DEADLOCK);
}

/* ================================================================ leak */

static void send_forever(void *arg)
{
    const struct args *a = arg;
    rt_set_site(12);
    rt_chan_send(a->c, rt_int(1));
}

/* func main() {
 *     c := make(chan int)
 *     go func() { c <- 1 }()   // go at site 7, send at site 12
 *     time.Sleep(1)            // the goroutine blocks first
 * } */
static void main_leak(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(send_forever, &a, sizeof a);
    sleep_at(20, 1);
}

Test(findings, leak_names_wait_reason_block_site_and_go_site)
{
    rt_result r;
    const oracle_verdict *v = check(main_leak, NULL, &r);
    cr_assert_eq(r.end, RT_END_RETURN);
    cr_assert_eq(count(v, OF_LEAK), 1, "%s", vtext(v));
    const oracle_finding *f = expect_finding(v, OF_LEAK);
    cr_assert_str_eq(f->message,
                     "goroutine blocked forever in chan send at site 12 (started at site 7)");
    expect_sites(f, (const uint32_t[]){7, 12}, 2);
    cr_assert_eq(f->ngoroutines, 1);
    cr_assert_eq(f->goroutines[0], 2);
}

/* The same leak when os.Exit ends the program (X2). */
static void main_leak_exit(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(send_forever, &a, sizeof a);
    sleep_at(20, 1);
    rt_set_site(21);
    rt_exit(3);
}

Test(findings, leak_is_reported_when_os_exit_ends_the_program)
{
    rt_result r;
    const oracle_verdict *v = check(main_leak_exit, NULL, &r);
    cr_assert_eq(r.end, RT_END_EXIT);
    const oracle_finding *f = expect_finding(v, OF_LEAK);
    expect_sites(f, (const uint32_t[]){7, 12}, 2);
}

static void lock_ab(void *arg)
{
    const struct args *a = arg;
    rt_set_site(a->site);
    rt_mutex_lock(a->mu);
    sleep_at(a->site + 1, 1);
    rt_set_site(a->site + 2);
    rt_mutex_lock(a->mu2);
}

/* A partial deadlock (K2) goes unnoticed while main runs; it is reported
 * as leaks when main returns.
 *
 * var a, b sync.Mutex
 * go func() { a.Lock(); time.Sleep(1); b.Lock() }()   // go at 5, b.Lock at 32
 * go func() { b.Lock(); time.Sleep(1); a.Lock() }()   // go at 6, a.Lock at 42
 * time.Sleep(10) */
static void main_partial_deadlock(void *arg)
{
    (void)arg;
    rt_mutex *ma = rt_mutex_new(), *mb = rt_mutex_new();
    struct args a1 = {.mu = ma, .mu2 = mb, .site = 30};
    struct args a2 = {.mu = mb, .mu2 = ma, .site = 40};
    rt_set_site(5);
    rt_go(lock_ab, &a1, sizeof a1);
    rt_set_site(6);
    rt_go(lock_ab, &a2, sizeof a2);
    sleep_at(7, 10);
}

Test(findings, partial_deadlock_is_reported_as_leaks_at_program_end)
{
    for (uint64_t seed = 1; seed <= 20; seed++) {
        rt_result r;
        const oracle_verdict *v = check_seed(main_partial_deadlock, NULL, seed, &r);
        cr_assert_eq(r.end, RT_END_RETURN);
        cr_assert_eq(count(v, OF_LEAK), 2, "seed %llu: %s", (unsigned long long)seed, vtext(v));
        expect_no_finding(v, OF_DEADLOCK, "");
        const oracle_finding *f1 = nth(v, OF_LEAK, 0), *f2 = nth(v, OF_LEAK, 1);
        expect_sites(f1, (const uint32_t[]){5, 32}, 2);
        expect_sites(f2, (const uint32_t[]){6, 42}, 2);
        cr_assert_str_eq(
            f1->message,
            "goroutine blocked forever in sync.Mutex.Lock at site 32 (started at site 5)");
    }
}

static void sleep_long(void *arg)
{
    (void)arg;
    sleep_at(13, 1000);
}

/* go func() { time.Sleep(1000) }(); time.Sleep(1): the sleeper would wake. */
static void main_sleeper(void *arg)
{
    (void)arg;
    rt_set_site(7);
    rt_go(sleep_long, NULL, 0);
    sleep_at(8, 1);
}

Test(findings, sleeping_goroutine_is_not_a_leak)
{
    rt_result r;
    const oracle_verdict *v = check(main_sleeper, NULL, &r);
    cr_assert_eq(r.end, RT_END_RETURN);
    expect_no_finding(v, OF_LEAK, "");
}

/* go func() { <-time.After(1000) }(): the timer would wake the receiver. */
static void wait_on_after(void *arg)
{
    (void)arg;
    rt_set_site(15);
    rt_chan_recv(rt_after(1000), NULL);
}

/* go func() { select { case <-time.After(1000): case <-never: } }(). */
static void select_on_after(void *arg)
{
    rt_chan *never = *(rt_chan **)arg;
    rt_set_site(16);
    rt_select_case cs[2] = {{rt_after(1000), RT_RECV, {0}, false}, {never, RT_RECV, {0}, false}};
    rt_select(cs, 2, false);
}

/* go func() { t := time.After(1); <-t; <-t }(): the second receive waits
 * on a timer that already fired, which is a leak. */
static void wait_twice_on_after(void *arg)
{
    (void)arg;
    rt_set_site(17);
    rt_chan *t = rt_after(1);
    rt_chan_recv(t, NULL);
    rt_set_site(18);
    rt_chan_recv(t, NULL);
}

static void main_timer_waiters(void *arg)
{
    int which = *(int *)arg;
    rt_set_site(7);
    rt_chan *never = rt_chan_make(0, rt_int(0));
    if (which == 0)
        rt_go(wait_on_after, NULL, 0);
    else if (which == 1)
        rt_go(select_on_after, &never, sizeof never);
    else
        rt_go(wait_twice_on_after, NULL, 0);
    sleep_at(8, 10);
}

Test(findings, goroutine_waiting_on_a_pending_time_after_is_not_a_leak)
{
    for (int which = 0; which < 2; which++) {
        rt_result r;
        const oracle_verdict *v = check(main_timer_waiters, &which, &r);
        cr_assert_eq(r.end, RT_END_RETURN);
        expect_no_finding(v, OF_LEAK, which ? "select on time.After" : "<-time.After");
    }
}

Test(findings, goroutine_waiting_on_a_fired_time_after_is_a_leak)
{
    int which = 2;
    rt_result r;
    const oracle_verdict *v = check(main_timer_waiters, &which, &r);
    cr_assert_eq(r.end, RT_END_RETURN);
    const oracle_finding *f = expect_finding(v, OF_LEAK);
    cr_assert_eq(f->nsites, 2, "%s", vtext(v));
    cr_assert_eq(f->sites[1], 18, "%s", vtext(v));
}

static void panic_child(void *arg)
{
    (void)arg;
    rt_set_site(14);
    rt_panic(rt_str("child boom"));
}

/* go func() { c <- 1 }(); time.Sleep(1); go func() { panic("child boom") }();
 * <-make(chan int): a crash is the finding, not the goroutines it stops. */
static void main_leak_then_panic(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(send_forever, &a, sizeof a);
    sleep_at(8, 1);
    rt_set_site(9);
    rt_go(panic_child, NULL, 0);
    rt_set_site(10);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(findings, no_leak_is_reported_when_a_panic_ends_the_program)
{
    rt_result r;
    const oracle_verdict *v = check(main_leak_then_panic, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    expect_no_finding(v, OF_LEAK, "");
}

/* ================================================================ skipped-cleanup */

static void recv_with_cleanup(void *arg)
{
    const struct args *a = arg;
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(12);
    rt_chan_recv(a->c, NULL);
}

/* func main() {
 *     c := make(chan int)
 *     go func() {           // site 7
 *         defer cleanup()   // site 5
 *         <-c               // site 12
 *     }()
 *     time.Sleep(1)
 * } */
static void main_skipped_by_return(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(recv_with_cleanup, &a, sizeof a);
    sleep_at(8, 1);
}

Test(findings, skipped_cleanup_when_main_returns)
{
    rt_result r;
    const oracle_verdict *v = check(main_skipped_by_return, NULL, &r);
    cr_assert_eq(r.end, RT_END_RETURN);
    cr_assert_eq(count(v, OF_SKIPPED_CLEANUP), 1, "%s", vtext(v));
    const oracle_finding *f = expect_finding(v, OF_SKIPPED_CLEANUP);
    cr_assert_str_eq(f->message,
                     "deferred call at site 5 never ran: goroutine blocked in chan receive when "
                     "main returned");
    expect_sites(f, (const uint32_t[]){5}, 1);
    cr_assert_eq(f->goroutines[0], 2);
    expect_finding(v, OF_LEAK);
}

static void busy_with_cleanup(void *arg)
{
    (void)arg;
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(6);
    rt_gosched();
}

/* go func() { defer cleanup(); runtime.Gosched() }(); return at once: the
 * goroutine never got to finish (X1); it was runnable, not leaked. */
static void main_skipped_runnable(void *arg)
{
    (void)arg;
    rt_set_site(7);
    rt_go(busy_with_cleanup, NULL, 0);
    rt_set_site(8);
    rt_gosched(); /* the goroutine registers its defer, then yields */
}

Test(findings, skipped_cleanup_of_a_runnable_goroutine_when_main_returns)
{
    /* Schedule: at main's Gosched run the goroutine (option 1), then main. */
    static const uint8_t sched[] = {1, 0};
    rt_bytes_chooser bc;
    rt_bytes_chooser_init(&bc, sched, sizeof sched);
    rt_result r;
    const oracle_verdict *v = check_cfg(main_skipped_runnable, NULL, &bc.base, 0, &r);
    cr_assert_eq(r.end, RT_END_RETURN);
    const oracle_finding *f = expect_finding(v, OF_SKIPPED_CLEANUP);
    cr_assert_str_eq(
        f->message,
        "deferred call at site 5 never ran: goroutine still runnable when main returned");
    expect_no_finding(v, OF_LEAK, "a runnable goroutine is not blocked: ");
}

/* func main() { defer cleanup(); os.Exit(3) }   (X2: no defer runs) */
static void main_skipped_by_exit(void *arg)
{
    (void)arg;
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(6);
    rt_exit(3);
}

Test(findings, skipped_cleanup_when_os_exit_is_called)
{
    rt_result r;
    const oracle_verdict *v = check(main_skipped_by_exit, NULL, &r);
    cr_assert_eq(r.end, RT_END_EXIT);
    cr_assert_eq(r.exit_code, 3);
    const oracle_finding *f = expect_finding(v, OF_SKIPPED_CLEANUP);
    cr_assert_str_eq(f->message,
                     "deferred call at site 5 never ran: its goroutine called os.Exit(3)");
    expect_sites(f, (const uint32_t[]){5}, 1);
}

static void panic_child_with_cleanup(void *arg)
{
    (void)arg;
    rt_set_site(8);
    rt_defer(cleanup, NULL, 0); /* runs: the panicking goroutine unwinds (P1) */
    rt_set_site(14);
    rt_panic(rt_str("child boom"));
}

/* func main() {
 *     defer cleanup()                                    // site 5
 *     go func() { defer cleanup(); panic("child boom") }()  // its defer at site 8
 *     <-make(chan int)
 * }   main's defers do not run when a child crashes (P1). */
static void main_skipped_by_panic(void *arg)
{
    (void)arg;
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(7);
    rt_go(panic_child_with_cleanup, NULL, 0);
    rt_set_site(10);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(findings, skipped_cleanup_of_other_goroutines_when_a_panic_ends_the_program)
{
    rt_result r;
    const oracle_verdict *v = check(main_skipped_by_panic, NULL, &r);
    cr_assert_eq(r.end, RT_END_PANIC);
    cr_assert_eq(count(v, OF_SKIPPED_CLEANUP), 1, "%s", vtext(v));
    const oracle_finding *f = expect_finding(v, OF_SKIPPED_CLEANUP);
    cr_assert_str_eq(f->message,
                     "deferred call at site 5 never ran: goroutine blocked in chan receive when an "
                     "unrecovered panic ended the program");
}

/* func main() { var mu sync.Mutex; defer cleanup(); mu.Unlock() }  (X4) */
static void main_skipped_by_fatal(void *arg)
{
    (void)arg;
    rt_mutex *mu = rt_mutex_new();
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(6);
    rt_mutex_unlock(mu);
}

Test(findings, skipped_cleanup_when_a_fatal_error_ends_the_program)
{
    rt_result r;
    const oracle_verdict *v = check(main_skipped_by_fatal, NULL, &r);
    cr_assert_eq(r.end, RT_END_FATAL);
    const oracle_finding *f = expect_finding(v, OF_SKIPPED_CLEANUP);
    cr_assert_str_eq(f->message,
                     "deferred call at site 5 never ran: its goroutine hit a fatal error");
}

/* func main() { defer cleanup(); <-make(chan int) }: the deadlock kills it. */
static void main_skipped_by_deadlock(void *arg)
{
    (void)arg;
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(6);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(findings, skipped_cleanup_when_the_program_deadlocks)
{
    rt_result r;
    const oracle_verdict *v = check(main_skipped_by_deadlock, NULL, &r);
    cr_assert_eq(r.fatal, RT_FATAL_DEADLOCK);
    const oracle_finding *f = expect_finding(v, OF_SKIPPED_CLEANUP);
    cr_assert_str_eq(f->message,
                     "deferred call at site 5 never ran: goroutine blocked in chan receive when a "
                     "fatal error ended the program");
}

static void recv_with_defer_recover(void *arg)
{
    const struct args *a = arg;
    rt_set_site(5);
    rt_defer_recover();
    rt_set_site(12);
    rt_chan_recv(a->c, NULL);
}

/* go func() { defer recover(); <-c }(): a leak, but no cleanup was lost. */
static void main_defer_recover_leaks(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(recv_with_defer_recover, &a, sizeof a);
    sleep_at(8, 1);
}

Test(findings, builtin_defer_recover_is_not_a_skipped_cleanup)
{
    const oracle_verdict *v = check(main_defer_recover_leaks, NULL, NULL);
    expect_finding(v, OF_LEAK);
    expect_no_finding(v, OF_SKIPPED_CLEANUP, "");
}

static void goexit_with_cleanup(void *arg)
{
    const struct args *a = arg;
    rt_set_site(5);
    rt_defer(wg_done, &a->wg, sizeof a->wg);
    rt_set_site(6);
    rt_defer(cleanup, NULL, 0);
    rt_goexit(); /* G1: both deferred calls run */
}

/* Deferred calls that run (return, Goexit, main's own at return) are no
 * finding: wg.Add(1); go func(){ defer wg.Done(); defer cleanup();
 * runtime.Goexit() }(); defer cleanup(); wg.Wait() */
static void main_all_defers_run(void *arg)
{
    (void)arg;
    struct args a = {.wg = rt_wg_new()};
    rt_wg_add(a.wg, 1);
    rt_set_site(7);
    rt_go(goexit_with_cleanup, &a, sizeof a);
    rt_set_site(8);
    rt_defer(cleanup, NULL, 0);
    rt_set_site(9);
    rt_wg_wait(a.wg);
}

Test(findings, deferred_calls_that_ran_are_no_finding)
{
    for (uint64_t seed = 1; seed <= 100; seed++) {
        const oracle_verdict *v = check_seed(main_all_defers_run, NULL, seed, NULL);
        expect_no_finding(v, OF_SKIPPED_CLEANUP, "");
        expect_no_finding(v, OF_LEAK, "");
    }
}

/* ================================================================ budget-exhausted */

static void spin_with_cleanup(void *arg)
{
    (void)arg;
    rt_set_site(5);
    rt_defer(cleanup, NULL, 0);
    for (;;)
        rt_preempt_point();
}

/* go func() { defer cleanup(); for {} }(); for {} */
static void main_spin(void *arg)
{
    (void)arg;
    rt_set_site(7);
    rt_go(spin_with_cleanup, NULL, 0);
    for (;;)
        rt_preempt_point();
}

Test(findings, budget_exhausted_is_reported_and_nothing_else)
{
    rt_result r;
    const oracle_verdict *v = check_cfg(main_spin, NULL, NULL, 500, &r);
    cr_assert_eq(r.end, RT_END_BUDGET);
    expect_no_finding(v, OF_SKIPPED_CLEANUP, "the program did not end: ");
    expect_no_finding(v, OF_LEAK, "the program did not end: ");
    expect_finding(v, OF_BUDGET_EXHAUSTED);
}

/* ================================================================ close-send-race */

static void send_one_at(void *arg)
{
    const struct args *a = arg;
    rt_set_site(a->site);
    rt_chan_send(a->c, rt_int(1));
}

/* The send runs first and nothing panics, yet nothing orders it before the
 * close: another schedule panics.
 *
 * c := make(chan int, 1)
 * go func() { c <- 1 }()   // go at 7, send at 12
 * time.Sleep(1)            // virtual time is not synchronization
 * close(c)                 // site 9 */
static void main_race_send_first(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .site = 12};
    rt_set_site(7);
    rt_go(send_one_at, &a, sizeof a);
    sleep_at(8, 1);
    rt_set_site(9);
    rt_chan_close(a.c);
}

Test(findings, close_send_race_is_reported_when_the_send_came_first_without_panic)
{
    rt_result r;
    const oracle_verdict *v = check(main_race_send_first, NULL, &r);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    cr_assert_eq(r.exit_code, 0);
    expect_no_finding(v, OF_SEND_ON_CLOSED, "");
    expect_no_finding(v, OF_PANIC, "");
    const oracle_finding *f = expect_finding(v, OF_CLOSE_SEND_RACE);
    cr_assert_str_eq(f->message,
                     "close at site 9 and send at site 12 on channel c1 are not ordered by "
                     "happens-before");
    expect_sites(f, (const uint32_t[]){9, 12}, 2);
    cr_assert_eq(f->ngoroutines, 2);
}

/* defer func() { if recover() != nil { fmt.Println("recovered") } }() */
static void recover_print(void *arg)
{
    (void)arg;
    if (rt_recover().kind != RT_V_NIL)
        tu_printf("recovered\n");
}

static void recover_and_send(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_print, NULL, 0);
    rt_set_site(a->site);
    rt_chan_send(a->c, rt_int(1));
}

static void close_at_9(void *arg)
{
    const struct args *a = arg;
    rt_set_site(9);
    rt_chan_close(a->c);
}

/* Sender and closer are siblings with nothing between them. shift starts
 * an idle goroutine first, so the same bug runs under other goroutine ids.
 *
 * c := make(chan int, 1)
 * if shift { go func() {}() }
 * go func() { defer recoverPrint(); c <- 1 }()  // send at send_site
 * go func() { close(c) }()                              // close at 9
 * time.Sleep(1) */
struct race_cfg {
    bool shift;
    uint32_t send_site;
};

static void main_race_siblings(void *arg)
{
    const struct race_cfg *cfg = arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .site = cfg->send_site};
    if (cfg->shift) {
        rt_set_site(3);
        rt_go(nop, NULL, 0);
    }
    rt_set_site(7);
    rt_go(recover_and_send, &a, sizeof a);
    rt_set_site(8);
    rt_go(close_at_9, &a, sizeof a);
    sleep_at(10, 1);
}

/* The close-send-race key of one run (0 when none). */
static uint64_t race_key(struct race_cfg *cfg, uint64_t seed, uint32_t *sender)
{
    const oracle_verdict *v = check_seed(main_race_siblings, cfg, seed, NULL);
    const oracle_finding *f = expect_finding(v, OF_CLOSE_SEND_RACE);
    cr_assert_eq(count(v, OF_CLOSE_SEND_RACE), 1, "%s", vtext(v));
    if (sender)
        *sender = f->goroutines[1];
    return f->key;
}

Test(findings, close_send_race_is_reported_under_every_schedule)
{
    struct race_cfg cfg = {false, 12};
    bool panicked = false, clean = false;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        rt_result r;
        const oracle_verdict *v = check_seed(main_race_siblings, &cfg, seed, &r);
        const oracle_finding *f = expect_finding(v, OF_CLOSE_SEND_RACE);
        expect_sites(f, (const uint32_t[]){9, 12}, 2);
        bool sent_on_closed = strcmp(r.out, "recovered\n") == 0;
        panicked |= sent_on_closed;
        clean |= !sent_on_closed;
    }
    cr_assert(panicked && clean, "both orders must occur under 200 seeds");
}

Test(findings, close_send_race_key_is_stable_across_schedules_and_goroutine_ids)
{
    struct race_cfg plain = {false, 12}, shifted = {true, 12}, other = {false, 13};
    uint32_t g_plain, g_shifted;
    uint64_t key = race_key(&plain, 1, &g_plain);
    for (uint64_t seed = 2; seed <= 50; seed++)
        cr_assert_eq(race_key(&plain, seed, NULL), key, "seed %llu", (unsigned long long)seed);
    cr_assert_eq(race_key(&shifted, 1, &g_shifted), key);
    cr_assert_neq(g_plain, g_shifted, "the shifted run must number goroutines differently");
    cr_assert_neq(race_key(&other, 1, NULL), key, "a different send site is a different bug");
}

static void select_send(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_it, NULL, 0);
    rt_set_site(a->site);
    rt_select_case cs[2] = {{.c = a->c, .dir = RT_SEND, .val = rt_int(1)},
                            {.c = a->d, .dir = RT_RECV}};
    rt_select(cs, 2, false);
}

/* select { case c <- 1: case <-d: } in one goroutine, close(c) in another:
 * a chosen send case is a send.
 *
 * c := make(chan int, 1); d := make(chan int)
 * go func() { defer func() { recover() }(); select { case c <- 1: case <-d: } }()  // 14
 * go func() { close(c) }()   // 9
 * time.Sleep(1) */
static void main_race_select(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .d = rt_chan_make(0, rt_int(0)), .site = 14};
    rt_set_site(7);
    rt_go(select_send, &a, sizeof a);
    rt_set_site(8);
    rt_go(close_at_9, &a, sizeof a);
    sleep_at(10, 1);
}

Test(findings, close_send_race_through_a_select_send_case)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        const oracle_verdict *v = check_seed(main_race_select, NULL, seed, NULL);
        const oracle_finding *f = expect_finding(v, OF_CLOSE_SEND_RACE);
        expect_sites(f, (const uint32_t[]){9, 14}, 2);
    }
}

/* ---------------------------------------------------------- goroutines that ended: reused slots */

static void done_only(void *arg)
{
    const struct args *a = arg;
    rt_set_site(31);
    rt_defer(wg_done, &a->wg, sizeof a->wg);
}

/* Three goroutines that end after Done, waited for: main's clock holds
 * their components' last values; virtual time then advances only after
 * they all ended (their components free for the next goroutines). */
static void start_and_wait_three(struct args *a)
{
    for (int i = 0; i < 3; i++) {
        rt_set_site(4);
        rt_wg_add(a->wg, 1);
        rt_set_site(5);
        rt_go(done_only, a, sizeof *a);
    }
    rt_set_site(6);
    rt_wg_wait(a->wg);
    sleep_at(7, 1);
}

static void send_c_recovered_12(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_it, NULL, 0);
    rt_set_site(12);
    rt_chan_send(a->c, rt_int(1));
}

static void send_c_then_done(void *arg)
{
    const struct args *a = arg;
    rt_set_site(13);
    rt_defer(wg_done, &a->wg, sizeof a->wg);
    rt_set_site(12);
    rt_chan_send(a->c, rt_int(1));
}

/* The sender takes the component of a goroutine that ended, whose values
 * main's clock holds (from Wait): they must not order the new sender's send
 * before main's close.
 *
 * c := make(chan int, 1)
 * for i := 0; i < 3; i++ { wg.Add(1); go func() { defer wg.Done() }() }
 * wg.Wait(); time.Sleep(1)
 * go func() { defer func() { recover() }(); c <- 1 }()   // 12
 * time.Sleep(1); close(c)                                // 9 */
static void main_race_in_reused_slot(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .wg = rt_wg_new()};
    start_and_wait_three(&a);
    rt_set_site(8);
    rt_go(send_c_recovered_12, &a, sizeof a);
    sleep_at(10, 1);
    rt_set_site(9);
    rt_chan_close(a.c);
}

Test(findings, close_send_race_of_a_goroutine_in_an_ended_goroutines_slot)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        const oracle_verdict *v = check_seed(main_race_in_reused_slot, NULL, seed, NULL);
        const oracle_finding *f = expect_finding(v, OF_CLOSE_SEND_RACE);
        expect_sites(f, (const uint32_t[]){9, 12}, 2);
    }
}

/* The same, the send ordered before the close by the WaitGroup again
 * (the sender's Done, main's Wait): no race.
 *
 * ... as above, then
 * wg.Add(1); go func() { defer wg.Done(); c <- 1 }()   // 12
 * wg.Wait(); close(c)                                   // 9 */
static void main_ordered_in_reused_slot(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .wg = rt_wg_new()};
    start_and_wait_three(&a);
    rt_set_site(14);
    rt_wg_add(a.wg, 1);
    rt_set_site(8);
    rt_go(send_c_then_done, &a, sizeof a);
    rt_set_site(15);
    rt_wg_wait(a.wg);
    rt_set_site(9);
    rt_chan_close(a.c);
}

Test(findings, a_send_of_a_goroutine_in_an_ended_goroutines_slot_ordered_is_no_race)
{
    for (uint64_t seed = 1; seed <= 200; seed++) {
        rt_result r;
        const oracle_verdict *v = check_seed(main_ordered_in_reused_slot, NULL, seed, &r);
        cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
        char what[32];
        snprintf(what, sizeof what, "seed %llu: ", (unsigned long long)seed);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, what);
    }
}

static void send_c_at_12(void *arg)
{
    const struct args *a = arg;
    rt_set_site(12);
    rt_chan_send(a->c, rt_int(1));
}

static void send_d_at_21(void *arg)
{
    const struct args *a = arg;
    rt_set_site(21);
    rt_chan_send(a->d, rt_int(2));
}

/* A goroutine that sent and ended keeps its component: had the next
 * goroutine taken it, main's receive from that one would order the ended
 * sender's send before the close.
 *
 * c, d := make(chan int, 1), make(chan int)
 * go func() { c <- 1 }()   // 12, then it ends
 * time.Sleep(1)
 * go func() { d <- 2 }()   // 21
 * <-d; close(c)            // 9: unordered with the send at 12 */
static void main_race_ended_sender(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .d = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(send_c_at_12, &a, sizeof a);
    sleep_at(8, 1);
    rt_set_site(10);
    rt_go(send_d_at_21, &a, sizeof a);
    rt_set_site(11);
    rt_chan_recv(a.d, NULL);
    rt_set_site(9);
    rt_chan_close(a.c);
}

Test(findings, close_send_race_of_a_sender_that_ended_before_the_next_goroutine)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        rt_result r;
        const oracle_verdict *v = check_seed(main_race_ended_sender, NULL, seed, &r);
        cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
        const oracle_finding *f = expect_finding(v, OF_CLOSE_SEND_RACE);
        expect_sites(f, (const uint32_t[]){9, 12}, 2);
    }
}

#define SEQ_GOROUTINES 10000

/* for i := 0; i < 10000; i++ { wg.Add(1); go func() { defer wg.Done() }(); wg.Wait() } */
static void main_one_at_a_time(void *arg)
{
    (void)arg;
    struct args a = {.wg = rt_wg_new()};
    for (int i = 0; i < SEQ_GOROUTINES; i++) {
        rt_set_site(4);
        rt_wg_add(a.wg, 1);
        rt_set_site(5);
        rt_go(done_only, &a, sizeof a);
        rt_set_site(6);
        rt_wg_wait(a.wg);
    }
}

Test(findings, the_race_checker_grows_with_goroutines_alive_not_goroutines_created)
{
    /* Every goroutine kept its clock and its component to the end of the
     * execution: 10,000 goroutines one after the other took 10,000 clocks
     * 16,384 components wide, 640 MiB (20,000: 2.6 GB, 40,000: 8.6 GB). */
    long before = tu_rss_anon_kib();
    if (before < 0)
        cr_skip_test("no /proc/self/status");
    rt_result r;
    const oracle_verdict *v = check(main_one_at_a_time, NULL, &r);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    cr_assert_eq(v->nfindings, 0, "%s", vtext(v));
    long grew = tu_rss_anon_kib() - before;
    cr_assert_lt(grew, 64 << 10, "%d goroutines one at a time added %ld KiB", SEQ_GOROUTINES, grew);
}

/* for i := 0; i < 40000; i++ { <-time.After(1) } */
static void main_many_timers(void *arg)
{
    (void)arg;
    for (int i = 0; i < 40000; i++) {
        rt_set_site(4);
        rt_chan_recv(rt_after(1), NULL);
    }
}

Test(findings, a_receive_from_a_timer_channel_keeps_no_clock)
{
    /* A receive from a buffered channel keeps its clock for the send
     * capacity places later (C3); a time.After channel has no such send,
     * and each receive from one kept a clock to the end: 40,000 clocks of
     * 8 components, past a 1 MiB bound. */
    setenv("DEFERFUZZ_RACE_MAX_MB", "1", 1);
    oracle_set *small = oracle_new();
    unsetenv("DEFERFUZZ_RACE_MAX_MB");
    cr_assert_not_null(small);
    rt_observer obs = oracle_observer(small);
    rt_config cfg = {0};
    cfg.observers = &obs;
    cfg.nobservers = 1;
    rt_result r = tu_run_cfg(&cfg, main_many_timers, NULL);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    const oracle_verdict *v = oracle_finish(small);
    cr_assert_eq(v->nfindings + v->nviolations, 0, "%s", vtext(v));
    oracle_free(small);
}

/* ---------------------------------------------------------- closes that wake senders */

static void send_c_recovered(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_it, NULL, 0);
    rt_set_site(21);
    rt_chan_send(a->c, rt_int(1));
}

static void select_send_c_recv_d(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_it, NULL, 0);
    rt_set_site(31);
    rt_select_case cs[2] = {{.c = a->d, .dir = RT_RECV},
                            {.c = a->c, .dir = RT_SEND, .val = rt_int(2)}};
    rt_select(cs, 2, false);
}

static void recv_c_once(void *arg)
{
    const struct args *a = arg;
    rt_set_site(41);
    rt_chan_recv(a->c, NULL);
}

/* Senders that block and are woken by a close (C6: plain send, S4: a
 * select's send case), or served by a receiver first, or that find the
 * channel already closed (C5, S2), depending on the schedule; for the
 * light channel checker, whose findings must be the full checker's.
 *
 * c, d := make(chan int), make(chan int)
 * go func() { defer func() { recover() }(); c <- 1 }()                             // 21
 * go func() { defer func() { recover() }(); select { case <-d: case c <- 2: } }()  // 31
 * go func() { <-c }()                                                              // 41
 * close(c); close(d); time.Sleep(1)                                                // 12, 13 */
static void main_close_wakes_senders(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0)), .d = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(send_c_recovered, &a, sizeof a);
    rt_set_site(8);
    rt_go(select_send_c_recv_d, &a, sizeof a);
    rt_set_site(9);
    rt_go(recv_c_once, &a, sizeof a);
    rt_set_site(10);
    rt_gosched();
    rt_set_site(12);
    rt_chan_close(a.c);
    rt_set_site(13);
    rt_chan_close(a.d);
    sleep_at(14, 1);
}

static void select_send_or_recv_c(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_it, NULL, 0);
    rt_set_site(31);
    rt_select_case cs[2] = {{.c = a->c, .dir = RT_SEND, .val = rt_int(1)},
                            {.c = a->c, .dir = RT_RECV}};
    rt_select(cs, 2, false);
}

/* A select blocked on a send and a receive case of the same channel: the
 * close serves the receive case (receivers first), nothing panics; unless
 * the close came first, then the send case may be chosen and panic.
 *
 * c := make(chan int)
 * go func() { defer func() { recover() }(); select { case c <- 1: case <-c: } }()  // 31
 * close(c); time.Sleep(1)                                                          // 12 */
static void main_close_select_both_ways(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(7);
    rt_go(select_send_or_recv_c, &a, sizeof a);
    rt_set_site(10);
    rt_gosched();
    rt_set_site(12);
    rt_chan_close(a.c);
    sleep_at(14, 1);
}

/* ---------------------------------------------------------- ordered closes: no race */

static void sender_wg(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_defer(wg_done, &a->wg, sizeof a->wg);
    rt_set_site(21);
    rt_chan_send(a->c, rt_int(1));
}

static void closer_after_wait(void *arg)
{
    const struct args *a = arg;
    rt_set_site(30);
    rt_wg_wait(a->wg);
    rt_set_site(31);
    rt_chan_close(a->c);
}

/* W1: Done is synchronized before Wait returns, so the close follows
 * every send.
 *
 * c := make(chan int)
 * for i := 0; i < 3; i++ { wg.Add(1); go func() { defer wg.Done(); c <- 1 }() }
 * go func() { wg.Wait(); close(c) }()
 * n := 0; for range c { n++ }; fmt.Println(n) */
static void main_close_after_wait(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0)), .wg = rt_wg_new()};
    for (int i = 0; i < 3; i++) {
        rt_set_site(10);
        rt_wg_add(a.wg, 1);
        rt_set_site(11);
        rt_go(sender_wg, &a, sizeof a);
    }
    rt_set_site(12);
    rt_go(closer_after_wait, &a, sizeof a);
    int n = 0;
    bool ok;
    for (;;) {
        rt_set_site(13);
        rt_chan_recv(a.c, &ok);
        if (!ok)
            break;
        n++;
    }
    tu_printf("%d\n", n);
}

Test(findings, close_after_waitgroup_wait_is_no_race_under_1000_seeds)
{
    for (uint64_t seed = 1; seed <= 1000; seed++) {
        rt_result r;
        const oracle_verdict *v = check_seed(main_close_after_wait, NULL, seed, &r);
        cr_assert_str_eq(r.out, "3\n", "seed %llu", (unsigned long long)seed);
        char what[32];
        snprintf(what, sizeof what, "seed %llu: ", (unsigned long long)seed);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, what);
    }
}

static void send_then_unlock(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_mutex_lock(a->mu);
    if (!*a->closed) {
        rt_set_site(21);
        rt_chan_send(a->c, rt_int(1));
    }
    rt_set_site(22);
    rt_mutex_unlock(a->mu);
}

/* M3: sends and the close under one mutex, with a closed flag.
 *
 * c := make(chan int, 2); closed := false
 * for i := 0; i < 2; i++ { go func() { mu.Lock(); if !closed { c <- 1 }; mu.Unlock() }() }
 * mu.Lock(); closed = true; close(c); mu.Unlock() */
static void main_mutex_guarded_close(void *arg)
{
    (void)arg;
    struct args a = {
        .c = rt_chan_make(2, rt_int(0)), .mu = rt_mutex_new(), .closed = rt_alloc(sizeof(bool))};
    for (int i = 0; i < 2; i++) {
        rt_set_site(10);
        rt_go(send_then_unlock, &a, sizeof a);
    }
    rt_set_site(11);
    rt_mutex_lock(a.mu);
    *a.closed = true;
    rt_set_site(12);
    rt_chan_close(a.c);
    rt_set_site(13);
    rt_mutex_unlock(a.mu);
    sleep_at(14, 1);
}

Test(findings, close_and_sends_under_one_mutex_are_no_race)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_mutex_guarded_close, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
        expect_no_finding(v, OF_SEND_ON_CLOSED, "");
    }
}

static void send_then_receive_sem(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_chan_send(a->c, rt_int(1));
    rt_set_site(21);
    rt_chan_recv(a->d, NULL);
}

/* C3: the kth receive of a buffered channel is synchronized before the
 * (k+C)th send completes.
 *
 * c := make(chan int, 1); sem := make(chan int, 1)
 * sem <- 0                          // send 1 fills sem
 * go func() { c <- 1; <-sem }()     // receive 1
 * sem <- 0                          // send 2 = 1 + C: after receive 1
 * close(c) */
static void main_buffered_edge(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .d = rt_chan_make(1, rt_int(0))};
    rt_set_site(10);
    rt_chan_send(a.d, rt_int(0));
    rt_set_site(11);
    rt_go(send_then_receive_sem, &a, sizeof a);
    rt_set_site(12);
    rt_chan_send(a.d, rt_int(0));
    rt_set_site(13);
    rt_chan_close(a.c);
}

Test(findings, buffered_receive_before_send_c_later_orders_the_close)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_buffered_edge, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
    }
}

static void send_unbuffered(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_chan_send(a->c, rt_int(1));
    rt_set_site(21);
    rt_chan_send(a->d, rt_int(2)); /* received by main: ordered before close(d) */
}

/* C2: a send is synchronized before its receive; the receiver closes.
 *
 * c := make(chan int); d := make(chan int)
 * go func() { c <- 1; d <- 2 }()
 * <-c; <-d; close(c); close(d) */
static void main_unbuffered_edge(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0)), .d = rt_chan_make(0, rt_int(0))};
    rt_set_site(10);
    rt_go(send_unbuffered, &a, sizeof a);
    rt_set_site(11);
    rt_chan_recv(a.c, NULL);
    rt_set_site(12);
    rt_chan_recv(a.d, NULL);
    rt_set_site(13);
    rt_chan_close(a.c);
    rt_set_site(14);
    rt_chan_close(a.d);
}

Test(findings, close_by_the_receiver_after_receiving_is_no_race)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_unbuffered_edge, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
    }
}

static void send_d_then_receive(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_chan_send(a->d, rt_int(1));
    rt_set_site(21);
    rt_chan_recv(a->c, NULL);
}

/* C2, the other way: a receive from an unbuffered channel is synchronized
 * before the matching send completes.
 *
 * c := make(chan int); d := make(chan int, 1)
 * go func() { d <- 1; <-c }()
 * c <- 1; close(d) */
static void main_unbuffered_back_edge(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0)), .d = rt_chan_make(1, rt_int(0))};
    rt_set_site(10);
    rt_go(send_d_then_receive, &a, sizeof a);
    rt_set_site(11);
    rt_chan_send(a.c, rt_int(1));
    rt_set_site(12);
    rt_chan_close(a.d);
}

Test(findings, unbuffered_receive_before_its_send_completes_orders_the_close)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_unbuffered_back_edge, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
    }
}

static void select_send_only(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_select_case cs[2] = {{.c = a->c, .dir = RT_SEND, .val = rt_int(1)},
                            {.c = NULL, .dir = RT_RECV}};
    rt_select(cs, 2, false);
}

/* A select send case that a receiver completes, then the receiver closes:
 * ordered (C2), whichever ran first.
 *
 * c := make(chan int); var nilc chan int
 * go func() { select { case c <- 1: case <-nilc: } }()
 * <-c; close(c) */
static void main_select_then_close(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(0, rt_int(0))};
    rt_set_site(10);
    rt_go(select_send_only, &a, sizeof a);
    rt_set_site(11);
    rt_chan_recv(a.c, NULL);
    rt_set_site(12);
    rt_chan_close(a.c);
    sleep_at(13, 1);
}

Test(findings, close_after_receiving_from_a_select_send_is_no_race)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_select_then_close, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
    }
}

static void recv_closed_then_send(void *arg)
{
    const struct args *a = arg;
    rt_set_site(11);
    rt_defer(recover_it, NULL, 0);
    rt_set_site(20);
    rt_chan_recv(a->d, NULL); /* returns zero because d is closed */
    rt_set_site(21);
    rt_chan_send(a->c, rt_int(1));
}

/* C9: a close is synchronized before a receive that returns zero because
 * the channel is closed. The send is ordered after close(c): a certain
 * send-on-closed, but no race.
 *
 * c := make(chan int, 1); d := make(chan int)
 * go func() { defer func() { recover() }(); <-d; c <- 1 }()
 * close(c); close(d); time.Sleep(1) */
static void main_close_edge(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .d = rt_chan_make(0, rt_int(0))};
    rt_set_site(10);
    rt_go(recv_closed_then_send, &a, sizeof a);
    rt_set_site(12);
    rt_chan_close(a.c);
    rt_set_site(13);
    rt_chan_close(a.d);
    sleep_at(14, 1);
}

Test(findings, send_ordered_after_the_close_is_send_on_closed_not_a_race)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_close_edge, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
    }
}

static void send_under_rlock(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_rw_rlock(a->rw);
    if (!*a->closed) {
        rt_set_site(21);
        rt_chan_send(a->c, rt_int(1));
    }
    rt_set_site(22);
    rt_rw_runlock(a->rw);
}

/* RWMutex: an RUnlock is synchronized before the next Lock, an Unlock
 * before every later RLock.
 *
 * c := make(chan int, 2); closed := false
 * for i := 0; i < 2; i++ { go func() { rw.RLock(); if !closed { c <- 1 }; rw.RUnlock() }() }
 * rw.Lock(); closed = true; close(c); rw.Unlock() */
static void main_rwmutex_guarded_close(void *arg)
{
    (void)arg;
    struct args a = {
        .c = rt_chan_make(2, rt_int(0)), .rw = rt_rwmutex_new(), .closed = rt_alloc(sizeof(bool))};
    for (int i = 0; i < 2; i++) {
        rt_set_site(10);
        rt_go(send_under_rlock, &a, sizeof a);
    }
    rt_set_site(11);
    rt_rw_lock(a.rw);
    *a.closed = true;
    rt_set_site(12);
    rt_chan_close(a.c);
    rt_set_site(13);
    rt_rw_unlock(a.rw);
    sleep_at(14, 1);
}

Test(findings, sends_under_rlock_and_close_under_lock_are_no_race)
{
    for (uint64_t seed = 1; seed <= 300; seed++) {
        const oracle_verdict *v = check_seed(main_rwmutex_guarded_close, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
        expect_no_finding(v, OF_SEND_ON_CLOSED, "");
    }
}

static void send_then_once(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_chan_send(a->c, rt_int(1));
    rt_set_site(21);
    rt_once_do(a->once, nop, NULL);
}

/* Once: the end of f is synchronized before every Do returns.
 *
 * go func() { c <- 1; once.Do(f) }()   // runs first, and runs f
 * time.Sleep(1)
 * once.Do(f); close(c) */
static void main_once_edge(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0)), .once = rt_once_new()};
    rt_set_site(10);
    rt_go(send_then_once, &a, sizeof a);
    sleep_at(11, 1);
    rt_set_site(12);
    rt_once_do(a.once, nop, NULL);
    rt_set_site(13);
    rt_chan_close(a.c);
}

Test(findings, close_after_once_do_of_the_sender_is_no_race)
{
    const oracle_verdict *v = check(main_once_edge, NULL, NULL);
    expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
}

static void close_it(void *arg)
{
    const struct args *a = arg;
    rt_set_site(20);
    rt_chan_close(a->c);
}

/* go statement: what the parent did before `go` is ordered before the
 * child. c := make(chan int, 1); c <- 1; go func() { close(c) }() */
static void main_go_edge(void *arg)
{
    (void)arg;
    struct args a = {.c = rt_chan_make(1, rt_int(0))};
    rt_set_site(10);
    rt_chan_send(a.c, rt_int(1));
    rt_set_site(11);
    rt_go(close_it, &a, sizeof a);
    sleep_at(12, 1);
}

Test(findings, send_before_the_go_statement_of_the_closer_is_no_race)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        const oracle_verdict *v = check_seed(main_go_edge, NULL, seed, NULL);
        expect_no_finding(v, OF_CLOSE_SEND_RACE, "");
    }
}

/* ================================================================ a correct program */

/* The worker pool's shared state (rt_alloc memory: goroutines may be
 * abandoned, and closures capture by reference). */
struct pool {
    rt_chan *jobs, *results, *done;
    rt_waitgroup *wg;
    rt_mutex *mu;
    int *finished;
};

/* defer func() { mu.Lock(); finished++; mu.Unlock() }() */
static void count_finished(void *arg)
{
    const struct pool *p = *(struct pool *const *)arg;
    rt_set_site(24);
    rt_mutex_lock(p->mu);
    (*p->finished)++;
    rt_set_site(25);
    rt_mutex_unlock(p->mu);
}

/* func worker() {
 *     defer wg.Done()                                       // 20
 *     defer func() { mu.Lock(); finished++; mu.Unlock() }() // 21
 *     for j := range jobs { results <- j * j }              // 22, 23
 * } */
static void worker(void *arg)
{
    struct pool *p = *(struct pool **)arg;
    rt_set_site(20);
    rt_defer(wg_done, &p->wg, sizeof p->wg);
    rt_set_site(21);
    rt_defer(count_finished, &p, sizeof p);
    for (;;) {
        bool ok;
        rt_set_site(22);
        rt_value j = rt_chan_recv(p->jobs, &ok);
        if (!ok)
            break;
        rt_set_site(23);
        rt_chan_send(p->results, rt_int(j.i * j.i));
    }
}

/* go func() { for j := 1; j <= 5; j++ { jobs <- j }; close(jobs) }() */
static void feeder(void *arg)
{
    struct pool *p = *(struct pool **)arg;
    for (int j = 1; j <= 5; j++) {
        rt_set_site(30);
        rt_chan_send(p->jobs, rt_int(j));
    }
    rt_set_site(31);
    rt_chan_close(p->jobs);
}

/* defer close(done) */
static void close_done(void *arg)
{
    const struct pool *p = *(struct pool *const *)arg;
    rt_set_site(40);
    rt_chan_close(p->done);
}

/* go func() { defer close(done); wg.Wait(); close(results) }() */
static void closer(void *arg)
{
    struct pool *p = *(struct pool **)arg;
    rt_set_site(41);
    rt_defer(close_done, &p, sizeof p);
    rt_set_site(42);
    rt_wg_wait(p->wg);
    rt_set_site(43);
    rt_chan_close(p->results);
}

/* A worker pool done right: every channel closed once, by the only
 * sender or after a WaitGroup says every sender is done; every deferred
 * call runs; main waits for the closer.
 *
 * jobs := make(chan int, 2); results := make(chan int); done := make(chan struct{})
 * for w := 0; w < 3; w++ { wg.Add(1); go worker() }
 * go feeder(); go closer()
 * sum := 0; for r := range results { sum += r }
 * <-done
 * fmt.Println(sum, finished) */
static void main_worker_pool(void *arg)
{
    (void)arg;
    struct pool *p = rt_alloc(sizeof *p);
    p->jobs = rt_chan_make(2, rt_int(0));
    p->results = rt_chan_make(0, rt_int(0));
    p->done = rt_chan_make(0, rt_empty());
    p->wg = rt_wg_new();
    p->mu = rt_mutex_new();
    p->finished = rt_alloc(sizeof(int));
    for (int w = 0; w < 3; w++) {
        rt_set_site(10);
        rt_wg_add(p->wg, 1);
        rt_set_site(11);
        rt_go(worker, &p, sizeof p);
    }
    rt_set_site(12);
    rt_go(feeder, &p, sizeof p);
    rt_set_site(13);
    rt_go(closer, &p, sizeof p);
    int64_t sum = 0;
    for (;;) {
        bool ok;
        rt_set_site(14);
        rt_value r = rt_chan_recv(p->results, &ok);
        if (!ok)
            break;
        sum += r.i;
    }
    rt_set_site(15);
    rt_chan_recv(p->done, NULL);
    rt_set_site(16);
    rt_mutex_lock(p->mu);
    int finished = *p->finished;
    rt_mutex_unlock(p->mu);
    tu_printf("%lld %d\n", (long long)sum, finished);
}

Test(findings, correct_worker_pool_under_10000_seeds_has_no_finding_and_no_violation,
     .timeout = 240)
{
    /* Distinct schedules seen (hashes of the decisions), to show the seeds
     * really explore. */
    uint64_t seen[64];
    size_t nseen = 0;
    for (uint64_t seed = 1; seed <= 10000; seed++) {
        rt_result r;
        const oracle_verdict *v = check_seed(main_worker_pool, NULL, seed, &r);
        cr_assert_eq(r.end, RT_END_RETURN, "seed %llu: %s", (unsigned long long)seed, r.err);
        cr_assert_str_eq(r.out, "55 3\n", "seed %llu", (unsigned long long)seed);
        cr_assert_eq(v->nfindings + v->nviolations, 0, "seed %llu:\n%s", (unsigned long long)seed,
                     vtext(v));
        uint64_t h = rt_fnv1a64(r.decisions, r.ndecisions * sizeof *r.decisions, RT_FNV_OFFSET);
        bool known = false;
        for (size_t i = 0; i < nseen; i++)
            known |= seen[i] == h;
        if (!known && nseen < 64)
            seen[nseen++] = h;
    }
    cr_assert_eq(nseen, 64, "only %zu distinct schedules", nseen);
}

/* ================================================================ findings-only checker sets */

/* Every program of this suite, with the argument and budget its tests use. */
static int timer_which[3] = {0, 1, 2};
static struct race_cfg race_plain = {false, 12}, race_shifted = {true, 12},
                       race_other = {false, 13};

static const struct suite_program {
    const char *name;
    rt_fn fn;
    void *arg;
    uint64_t max_steps;
} suite_programs[] = {
    {"panic", main_panic, NULL, 0},
    {"send_on_closed", main_send_on_closed, NULL, 0},
    {"close_of_closed", main_close_of_closed, NULL, 0},
    {"close_of_nil", main_close_of_nil, NULL, 0},
    {"negative_wg", main_negative_wg, NULL, 0},
    {"unlock_of_unlocked", main_unlock_of_unlocked, NULL, 0},
    {"deadlock", main_deadlock, NULL, 0},
    {"leak", main_leak, NULL, 0},
    {"leak_exit", main_leak_exit, NULL, 0},
    {"partial_deadlock", main_partial_deadlock, NULL, 0},
    {"sleeper", main_sleeper, NULL, 0},
    {"timer_waiters_0", main_timer_waiters, &timer_which[0], 0},
    {"timer_waiters_1", main_timer_waiters, &timer_which[1], 0},
    {"timer_waiters_2", main_timer_waiters, &timer_which[2], 0},
    {"leak_then_panic", main_leak_then_panic, NULL, 0},
    {"skipped_by_return", main_skipped_by_return, NULL, 0},
    {"skipped_runnable", main_skipped_runnable, NULL, 0},
    {"skipped_by_exit", main_skipped_by_exit, NULL, 0},
    {"skipped_by_panic", main_skipped_by_panic, NULL, 0},
    {"skipped_by_fatal", main_skipped_by_fatal, NULL, 0},
    {"skipped_by_deadlock", main_skipped_by_deadlock, NULL, 0},
    {"defer_recover_leaks", main_defer_recover_leaks, NULL, 0},
    {"all_defers_run", main_all_defers_run, NULL, 0},
    {"spin", main_spin, NULL, 500},
    {"race_send_first", main_race_send_first, NULL, 0},
    {"race_siblings", main_race_siblings, &race_plain, 0},
    {"race_siblings_shifted", main_race_siblings, &race_shifted, 0},
    {"race_siblings_other", main_race_siblings, &race_other, 0},
    {"race_select", main_race_select, NULL, 0},
    {"close_after_wait", main_close_after_wait, NULL, 0},
    {"mutex_guarded_close", main_mutex_guarded_close, NULL, 0},
    {"buffered_edge", main_buffered_edge, NULL, 0},
    {"unbuffered_edge", main_unbuffered_edge, NULL, 0},
    {"unbuffered_back_edge", main_unbuffered_back_edge, NULL, 0},
    {"select_then_close", main_select_then_close, NULL, 0},
    {"close_edge", main_close_edge, NULL, 0},
    {"rwmutex_guarded_close", main_rwmutex_guarded_close, NULL, 0},
    {"once_edge", main_once_edge, NULL, 0},
    {"go_edge", main_go_edge, NULL, 0},
    {"worker_pool", main_worker_pool, NULL, 0},
    {"close_wakes_senders", main_close_wakes_senders, NULL, 0},
    {"close_select_both_ways", main_close_select_both_ways, NULL, 0},
};
#define NSUITE_PROGRAMS (sizeof suite_programs / sizeof suite_programs[0])

/* The checker sets compared with the full one: the full set again with
 * every checker seeing every event (so the kinds a checker declares it
 * needs, and its shortcuts for them, change nothing), the findings-only
 * set and the findings checkers with some of the others. */
static const uint32_t partial_sets[] = {
    ORACLE_CHECKS_ALL | ORACLE_EVERY_EVENT,
    ORACLE_CHECKS_FINDINGS | ORACLE_EVERY_EVENT,
    ORACLE_CHECKS_FINDINGS,
    ORACLE_CHECKS_FINDINGS | ORACLE_CHECK(ORC_DEFER_ORDER) | ORACLE_CHECK(ORC_SCHEDULER),
    ORACLE_CHECKS_FINDINGS | ORACLE_CHECK(ORC_RECOVER) | ORACLE_CHECK(ORC_GOEXIT) |
        ORACLE_CHECK(ORC_ARG_TIMING),
    /* Light sets last: they trust the runtime, so the damaged traces below
     * are not for them (NROBUST). */
    ORACLE_CHECKS_FINDINGS | ORACLE_LIGHT,
    ORACLE_CHECKS_FINDINGS | ORACLE_LIGHT | ORACLE_EVERY_EVENT,
    ORACLE_CHECKS_ALL | ORACLE_LIGHT,
};
#define NPARTIAL (sizeof partial_sets / sizeof partial_sets[0])
#define NROBUST  (NPARTIAL - 3)

/* xorshift64: the test's own randomness (never libc rand). */
static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Does a violation of oracle k come from a checker in checks? */
static bool from(uint32_t checks, oracle_id k)
{
    return (checks & ORACLE_CHECK(k)) != 0;
}

/* v (from a set with the checkers in checks) has exactly the findings of
 * full, field by field and in the same order, and the violations of full
 * that its checkers report. */
static void expect_same_findings(const oracle_verdict *full, const oracle_verdict *v,
                                 uint32_t checks, const char *what)
{
    if (checks & ORACLE_LIGHT) /* the light channel checker reports no violation */
        checks &= ~ORACLE_CHECK(ORC_CHANNEL);
    cr_assert_eq(v->events, full->events, "%s: %llu events, full set %llu", what,
                 (unsigned long long)v->events, (unsigned long long)full->events);
    cr_assert_eq(v->nfindings, full->nfindings, "%s (checks %#x): %zu findings, full set %zu:\n%s",
                 what, checks, v->nfindings, full->nfindings, vtext(full));
    for (size_t i = 0; i < v->nfindings; i++) {
        const oracle_finding *a = &full->findings[i], *b = &v->findings[i];
        cr_assert(a->id == b->id && a->key == b->key && a->seq == b->seq &&
                      a->nsites == b->nsites && a->ngoroutines == b->ngoroutines &&
                      memcmp(a->sites, b->sites, sizeof a->sites) == 0 &&
                      memcmp(a->goroutines, b->goroutines, sizeof a->goroutines) == 0 &&
                      strcmp(a->message, b->message) == 0,
                  "%s (checks %#x): finding %zu differs:\n  full: %s %s\n  this: %s %s", what,
                  checks, i, oracle_finding_name(a->id), a->message, oracle_finding_name(b->id),
                  b->message);
    }
    /* Past its cap on violations per execution (256, oracle.c) the full set
     * drops some that a smaller set still reports. */
    if (full->nviolations >= 256)
        return;
    size_t j = 0;
    for (size_t i = 0; i < full->nviolations; i++) {
        const oracle_violation *a = &full->violations[i];
        if (!from(checks, a->oracle))
            continue;
        cr_assert(j < v->nviolations, "%s (checks %#x): violation missing: %s: %s", what, checks,
                  oracle_name(a->oracle), a->message);
        const oracle_violation *b = &v->violations[j++];
        cr_assert(a->oracle == b->oracle && a->seq == b->seq && a->g == b->g &&
                      strcmp(a->message, b->message) == 0,
                  "%s (checks %#x): violation differs:\n  full: %s\n  this: %s", what, checks,
                  a->message, b->message);
    }
    cr_assert_eq(j, v->nviolations, "%s (checks %#x): %zu violations, want %zu", what, checks,
                 v->nviolations, j);
}

/* Runs program p under chooser ch with the full set and every partial
 * set attached, as many partial sets at a time as the runtime takes
 * observers (the runs are identical: same program, same schedule), and
 * compares their verdicts. */
/* A schedule that can be started again: no chooser, a PRNG seed or bytes. */
struct schedule {
    uint64_t seed;        /* rt_prng_chooser when not 0 */
    const uint8_t *bytes; /* rt_bytes_chooser when not NULL */
    size_t len;
};

static void compare_sets(oracle_set *full, oracle_set *const *part, const struct suite_program *p,
                         const struct schedule *sc, const char *what)
{
    for (size_t first = 0; first < NPARTIAL; first += RT_MAX_OBSERVERS - 1) {
        rt_prng_chooser pc;
        rt_bytes_chooser bc;
        rt_chooser *ch = NULL;
        if (sc->seed) {
            rt_prng_chooser_init(&pc, sc->seed);
            ch = &pc.base;
        } else if (sc->bytes) {
            rt_bytes_chooser_init(&bc, sc->bytes, sc->len);
            ch = &bc.base;
        }
        size_t n = NPARTIAL - first;
        if (n > RT_MAX_OBSERVERS - 1)
            n = RT_MAX_OBSERVERS - 1;
        rt_observer obs[RT_MAX_OBSERVERS];
        obs[0] = oracle_observer(full);
        oracle_reset(full);
        for (size_t k = 0; k < n; k++) {
            obs[1 + k] = oracle_observer(part[first + k]);
            oracle_reset(part[first + k]);
        }
        rt_config cfg = {0};
        cfg.chooser = ch;
        cfg.max_steps = p->max_steps;
        cfg.observers = obs;
        cfg.nobservers = 1 + n;
        tu_run_cfg(&cfg, p->fn, p->arg);
        const oracle_verdict *vf = oracle_finish(full);
        for (size_t k = 0; k < n; k++)
            expect_same_findings(vf, oracle_finish(part[first + k]), partial_sets[first + k], what);
    }
}

Test(findings, findings_only_sets_report_the_same_findings_for_every_program, .timeout = 240)
{
    oracle_set *part[NPARTIAL];
    for (size_t k = 0; k < NPARTIAL; k++) {
        part[k] = oracle_new_with(partial_sets[k]);
        cr_assert_not_null(part[k]);
        cr_assert_eq(oracle_enabled(part[k]),
                     partial_sets[k] & ~(ORACLE_EVERY_EVENT | ORACLE_LIGHT));
    }
    size_t with_findings = 0;
    for (size_t i = 0; i < NSUITE_PROGRAMS; i++) {
        const struct suite_program *p = &suite_programs[i];
        char what[96];
        snprintf(what, sizeof what, "%s, no chooser", p->name);
        struct schedule none = {0, NULL, 0};
        compare_sets(orc, part, p, &none, what);
        with_findings += oracle_finish(orc)->nfindings > 0;
        for (uint64_t seed = 1; seed <= 60; seed++) {
            struct schedule sc = {seed, NULL, 0};
            snprintf(what, sizeof what, "%s, seed %llu", p->name, (unsigned long long)seed);
            compare_sets(orc, part, p, &sc, what);
        }
        uint64_t rs = 0x9e3779b97f4a7c15ull ^ i;
        for (int run = 0; run < 20; run++) {
            uint8_t bytes[64];
            for (size_t b = 0; b < sizeof bytes; b++)
                bytes[b] = (uint8_t)(next_rand(&rs) >> 56);
            struct schedule sc = {0, bytes, sizeof bytes};
            snprintf(what, sizeof what, "%s, byte schedule %d", p->name, run);
            compare_sets(orc, part, p, &sc, what);
        }
    }
    /* The comparison is not vacuous: most programs have findings. */
    cr_assert_geq(with_findings, NSUITE_PROGRAMS / 2, "only %zu programs with findings",
                  with_findings);
    for (size_t k = 0; k < NPARTIAL; k++)
        oracle_free(part[k]);
}

#define MAX_TRACE_EVENTS 4096

/* Damages a decoded trace the way a broken runtime could: drops,
 * duplicates or swaps events, changes their goroutine, fields or kind,
 * cuts the trace short. Ids stay small. Returns the new length. */
static size_t damage(rt_event *evs, size_t n, uint64_t *rs)
{
    int edits = 1 + (int)(next_rand(rs) % 3);
    for (int e = 0; e < edits && n > 1; e++) {
        size_t i = next_rand(rs) % n;
        switch (next_rand(rs) % 8) {
        case 0:
            memmove(&evs[i], &evs[i + 1], (n - i - 1) * sizeof evs[0]);
            n--;
            break;
        case 1:
            if (n < MAX_TRACE_EVENTS) {
                memmove(&evs[i + 1], &evs[i], (n - i) * sizeof evs[0]);
                n++;
            }
            break;
        case 2:
            if (i + 1 < n) {
                rt_event t = evs[i];
                evs[i] = evs[i + 1];
                evs[i + 1] = t;
            }
            break;
        case 3:
            evs[i].g = (uint32_t)(next_rand(rs) % 6);
            break;
        case 4:
            evs[i].a = next_rand(rs) % 5;
            break;
        case 5:
            evs[i].b = next_rand(rs) % 4;
            break;
        case 6:
            evs[i].kind = 1 + (uint32_t)(next_rand(rs) % (RT_EV__COUNT - 1));
            evs[i].a = next_rand(rs) % 5;
            evs[i].b = next_rand(rs) % 4;
            break;
        default:
            n = i + 1;
            break;
        }
    }
    return n;
}

/* Feeds n events to a set and returns its verdict. */
static const oracle_verdict *feed_events(oracle_set *o, const rt_event *evs, size_t n)
{
    oracle_reset(o);
    for (size_t i = 0; i < n; i++)
        oracle_event(o, &evs[i]);
    return oracle_finish(o);
}

/* A broken runtime makes checkers arm and disarm at odd moments: damaged
 * traces of every program must still give the full set seeing every event
 * the same verdict, and the findings-only sets the findings of the full
 * set (and its violations from their checkers). */
Test(findings, findings_only_sets_report_the_same_findings_on_damaged_traces, .timeout = 240)
{
    static rt_event orig[MAX_TRACE_EVENTS], evs[MAX_TRACE_EVENTS];
    oracle_set *part[NROBUST];
    for (size_t k = 0; k < NROBUST; k++)
        part[k] = oracle_new_with(partial_sets[k]);
    uint64_t rs = 0x5eed5eed5eedull;
    size_t with_violations = 0, with_findings = 0;
    for (size_t i = 0; i < NSUITE_PROGRAMS; i++) {
        const struct suite_program *p = &suite_programs[i];
        for (uint64_t seed = 1; seed <= 5; seed++) {
            rt_prng_chooser pc;
            rt_prng_chooser_init(&pc, seed);
            rt_config cfg = {0};
            cfg.chooser = &pc.base;
            cfg.max_steps = p->max_steps;
            cfg.trace = true;
            rt_result r = tu_run_cfg(&cfg, p->fn, p->arg);
            /* The events point into r.trace, valid until the next run. */
            rt_trace_iter it;
            rt_trace_iter_init(&it, r.trace, r.trace_len);
            size_t n = 0;
            while (n < MAX_TRACE_EVENTS && rt_trace_next(&it, &orig[n]))
                n++;
            for (int variant = 0; variant < 40; variant++) {
                memcpy(evs, orig, n * sizeof evs[0]);
                size_t m = variant ? damage(evs, n, &rs) : n;
                char what[96];
                snprintf(what, sizeof what, "%s, seed %llu, damage %d", p->name,
                         (unsigned long long)seed, variant);
                const oracle_verdict *vf = feed_events(orc, evs, m);
                with_violations += vf->nviolations > 0;
                with_findings += vf->nfindings > 0;
                for (size_t k = 0; k < NROBUST; k++)
                    expect_same_findings(vf, feed_events(part[k], evs, m), partial_sets[k], what);
            }
        }
    }
    cr_assert_gt(with_violations, 1000, "the damage broke too few traces: %zu", with_violations);
    cr_assert_gt(with_findings, 1000, "too few traces with findings: %zu", with_findings);
    for (size_t k = 0; k < NROBUST; k++)
        oracle_free(part[k]);
}

Test(findings, checker_sets_can_change_between_executions)
{
    oracle_set *o = oracle_new_with(ORACLE_CHECKS_FINDINGS);
    cr_assert_eq(oracle_enabled(o), ORACLE_CHECKS_FINDINGS);
    oracle_set_enabled(o, ORACLE_CHECKS_ALL | 0xfff00000u); /* extra bits are ignored */
    cr_assert_eq(oracle_enabled(o), ORACLE_CHECKS_ALL);
    cr_assert_eq(oracle_enabled(orc), ORACLE_CHECKS_ALL, "oracle_new() runs every checker");
    for (int round = 0; round < 4; round++) {
        uint32_t checks = round & 1 ? ORACLE_CHECKS_FINDINGS : ORACLE_CHECKS_ALL;
        oracle_set_enabled(o, checks);
        rt_observer obs[2] = {oracle_observer(orc), oracle_observer(o)};
        rt_config cfg = {0};
        cfg.observers = obs;
        cfg.nobservers = 2;
        oracle_reset(orc);
        tu_run_cfg(&cfg, main_skipped_by_panic, NULL);
        expect_same_findings(oracle_finish(orc), oracle_finish(o), checks, "main_skipped_by_panic");
        cr_assert_eq(oracle_finish(o)->nfindings, 2, "%s", vtext(oracle_finish(o)));
    }
    oracle_free(o);
}
