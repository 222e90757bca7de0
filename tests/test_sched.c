/* test_sched.c - the scheduler and its choice sources, deadlock detection
 * (K1, K2, G6), virtual time, the step budget, stack overflow, the trace and
 * the end-of-program report, run on the runtime.
 *
 * Go programs are written against rt.h with the Go they stand for in the
 * comment above them. Expected output is what Go prints (go-semantics.md,
 * gc 1.19 runs in /tmp/goref), never what the runtime printed. The
 * choice-source tests check the contracts of rt.h. */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_testutil.h"

/* Number of PRNG seeds a schedule-dependent program runs under. */
#define SEEDS 200

static const char DEADLOCK[] = "fatal error: all goroutines are asleep - deadlock!\n";
static const char GOEXIT_DEADLOCK[] =
    "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n";

/* ------------------------------------------------------------ helpers */

static void assert_ok(const rt_result *r, const char *out)
{
    cr_assert_eq(r->end, RT_END_RETURN, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 0);
    cr_assert_str_eq(r->err, "");
    cr_assert_str_eq(r->out, out);
}

static void assert_fatal(const rt_result *r, rt_fatal_kind kind, const char *out, const char *err)
{
    cr_assert_eq(r->end, RT_END_FATAL, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->fatal, kind, "fatal = %d", (int)r->fatal);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->out, out);
    cr_assert_str_eq(r->err, err);
}

static void assert_deadlock(const rt_result *r, const char *out)
{
    assert_fatal(r, RT_FATAL_DEADLOCK, out, DEADLOCK);
}

static const rt_gor_info *alive_g(const rt_result *r, uint32_t id)
{
    for (size_t i = 0; i < r->nalive; i++)
        if (r->alive[i].id == id)
            return &r->alive[i];
    return NULL;
}

/* Whether text holds line as a whole line (line given without '\n'). */
static bool has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = text; (p = strstr(p, line)) != NULL; p++) {
        bool starts = p == text || p[-1] == '\n';
        bool ends = p[n] == '\n' || p[n] == '\0';
        if (starts && ends)
            return true;
    }
    return false;
}

/* defer fmt.Println(text) */
static void print_text(void *arg)
{
    tu_printf("%s\n", *(const char *const *)arg);
}

static void defer_print(const char *text)
{
    rt_defer(print_text, &text, sizeof text);
}

static void noop(void *arg)
{
    (void)arg;
}

static void do_goexit(void *arg)
{
    (void)arg;
    rt_goexit();
}

static char *dup_bytes(const void *p, size_t n)
{
    char *d = malloc(n + 1);
    cr_assert_not_null(d);
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

/* Shared objects handed to goroutines. */
struct gargs {
    rt_chan *c, *c2;
    rt_waitgroup *wg;
    rt_mutex *mu;
    rt_rwmutex *rw;
    int role;
    int64_t ns;
};

/* Goroutine ids recorded by the goroutines themselves, by role. */
#define NROLES 16
static uint32_t g_role_id[NROLES];

/* ------------------------------------------------------------ K1 deadlock */

/* K1: defer fmt.Println("deferred"); <-make(chan int)
 * (gc c01: only the fatal line, exit 2; no defer runs) */
static void main_plain_deadlock(void *arg)
{
    (void)arg;
    defer_print("deferred");
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(sched, deadlock_is_fatal_and_runs_no_defers)
{
    rt_result r = tu_run(main_plain_deadlock, NULL);
    assert_deadlock(&r, "");
}

/* K1: every goroutine is reported with what it waits on:
 *   go func() { c <- 1 }()                 chan send
 *   go func() { <-c2 }()                   chan receive
 *   go func() { var n chan int; <-n }()    chan receive (nil chan)
 *   go func() { var n chan int; n <- 1 }() chan send (nil chan)
 *   go func() { select { case <-c: case <-c2: } }()   select
 *   go func() { select {} }()              select (no cases)
 *   go func() { wg.Wait() }()              sync.WaitGroup.Wait
 *   go func() { mu.Lock() }()              sync.Mutex.Lock   (main holds mu)
 *   go func() { rw.Lock() }()              sync.RWMutex.Lock (main holds rw.RLock)
 *   go func() { rw2.RLock() }()            sync.RWMutex.RLock (main holds rw2.Lock)
 *   time.Sleep(1); <-c3                    main: chan receive */
enum {
    ROLE_SEND,
    ROLE_RECV,
    ROLE_NIL_RECV,
    ROLE_NIL_SEND,
    ROLE_SELECT,
    ROLE_SELECT_EMPTY,
    ROLE_WG,
    ROLE_MUTEX,
    ROLE_RW_W,
    ROLE_RW_R,
    NBLOCKERS
};

static const rt_wait blocker_wait[NBLOCKERS] = {
    RT_WAIT_CHAN_SEND,    RT_WAIT_CHAN_RECV, RT_WAIT_NIL_RECV, RT_WAIT_NIL_SEND,  RT_WAIT_SELECT,
    RT_WAIT_SELECT_EMPTY, RT_WAIT_WG,        RT_WAIT_MUTEX,    RT_WAIT_RWMUTEX_W, RT_WAIT_RWMUTEX_R,
};

struct blockers {
    rt_chan *c, *c2;
    rt_waitgroup *wg;
    rt_mutex *mu;
    rt_rwmutex *rw, *rw2;
};

struct blocker_args {
    struct blockers *b;
    int role;
};

static void blocker(void *arg)
{
    const struct blocker_args *a = arg;
    struct blockers *b = a->b;
    g_role_id[a->role] = rt_goid();
    switch (a->role) {
    case ROLE_SEND:
        rt_chan_send(b->c, rt_int(1));
        break;
    case ROLE_RECV:
        rt_chan_recv(b->c2, NULL);
        break;
    case ROLE_NIL_RECV:
        rt_chan_recv(NULL, NULL);
        break;
    case ROLE_NIL_SEND:
        rt_chan_send(NULL, rt_int(1));
        break;
    case ROLE_SELECT: {
        rt_select_case k[2] = {{b->c2, RT_RECV, rt_nil(), false},
                               {b->c2, RT_RECV, rt_nil(), false}};
        rt_select(k, 2, false);
        break;
    }
    case ROLE_SELECT_EMPTY:
        rt_select(NULL, 0, false);
        break;
    case ROLE_WG:
        rt_wg_wait(b->wg);
        break;
    case ROLE_MUTEX:
        rt_mutex_lock(b->mu);
        break;
    case ROLE_RW_W:
        rt_rw_lock(b->rw);
        break;
    case ROLE_RW_R:
        rt_rw_rlock(b->rw2);
        break;
    default:
        break;
    }
    tu_printf("unreachable\n");
}

static void main_all_wait_reasons(void *arg)
{
    (void)arg;
    memset(g_role_id, 0, sizeof g_role_id);
    struct blockers *b = rt_alloc(sizeof *b);
    b->c = rt_chan_make(0, rt_int(0));
    b->c2 = rt_chan_make(0, rt_int(0));
    b->wg = rt_wg_new();
    b->mu = rt_mutex_new();
    b->rw = rt_rwmutex_new();
    b->rw2 = rt_rwmutex_new();
    rt_wg_add(b->wg, 1);
    rt_mutex_lock(b->mu);
    rt_rw_rlock(b->rw);
    rt_rw_lock(b->rw2);
    for (int role = 0; role < NBLOCKERS; role++) {
        struct blocker_args a = {b, role};
        rt_go(blocker, &a, sizeof a);
    }
    rt_sleep(1);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(sched, deadlock_reports_every_goroutine_with_its_wait_reason)
{
    for (uint64_t seed = 0; seed < 20; seed++) {
        rt_result r = tu_run_seed(main_all_wait_reasons, NULL, seed);
        assert_deadlock(&r, "");
        cr_assert_eq(r.nalive, NBLOCKERS + 1, "nalive = %zu", r.nalive);
        for (size_t i = 1; i < r.nalive; i++)
            cr_assert_lt(r.alive[i - 1].id, r.alive[i].id, "alive is not sorted by id");
        const rt_gor_info *m = alive_g(&r, 1);
        cr_assert_not_null(m);
        cr_assert_eq(m->wait, RT_WAIT_CHAN_RECV);
        for (int role = 0; role < NBLOCKERS; role++) {
            const rt_gor_info *g = alive_g(&r, g_role_id[role]);
            cr_assert_not_null(g, "role %d missing", role);
            cr_assert_eq(g->wait, blocker_wait[role], "role %d: wait %s, want %s", role,
                         rt_wait_name(g->wait), rt_wait_name(blocker_wait[role]));
        }
    }
}

/* K1: the wait reasons carry Go's names (runtime waitReasonStrings, Go 1.20+). */
Test(sched, wait_reason_names_are_gos)
{
    cr_assert_str_eq(rt_wait_name(RT_WAIT_CHAN_RECV), "chan receive");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_CHAN_SEND), "chan send");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_NIL_RECV), "chan receive (nil chan)");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_NIL_SEND), "chan send (nil chan)");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_SELECT), "select");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_SELECT_EMPTY), "select (no cases)");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_WG), "sync.WaitGroup.Wait");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_MUTEX), "sync.Mutex.Lock");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_RWMUTEX_W), "sync.RWMutex.Lock");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_RWMUTEX_R), "sync.RWMutex.RLock");
    cr_assert_str_eq(rt_wait_name(RT_WAIT_SLEEP), "sleep");
}

/* ------------------------------------------------------------ K1 / G6 Goexit in main */

/* G6 (gc c03): defer fmt.Println("deferred in main"); runtime.Goexit() */
static void main_goexit_alone(void *arg)
{
    (void)arg;
    defer_print("deferred in main");
    rt_goexit();
}

Test(sched, main_goexit_with_no_other_goroutine_is_goexit_deadlock)
{
    rt_result r = tu_run(main_goexit_alone, NULL);
    assert_fatal(&r, RT_FATAL_GOEXIT_DEADLOCK, "deferred in main\n", GOEXIT_DEADLOCK);
}

/* G6 (gc g12): go func() { time.Sleep(1s); fmt.Println("child done") }()
 *     defer fmt.Println("deferred in main"); runtime.Goexit()
 * The program keeps running the child, then crashes when none remain. */
static void sleep_then_print(void *arg)
{
    const struct gargs *a = arg;
    rt_sleep(a->ns);
    tu_printf("child done\n");
}

static void main_goexit_child_finishes(void *arg)
{
    (void)arg;
    struct gargs a = {.ns = 1000000000};
    rt_go(sleep_then_print, &a, sizeof a);
    defer_print("deferred in main");
    rt_goexit();
}

Test(sched, main_goexit_keeps_running_others_then_is_goexit_deadlock)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_goexit_child_finishes, NULL, seed);
        assert_fatal(&r, RT_FATAL_GOEXIT_DEADLOCK, "deferred in main\nchild done\n",
                     GOEXIT_DEADLOCK);
    }
}

/* G6 (gc c04): go func() { select {} }(); defer fmt.Println("deferred in main"); runtime.Goexit()
 * Goroutines remain but are all blocked: the ordinary deadlock message. */
static void block_forever(void *arg)
{
    (void)arg;
    rt_select(NULL, 0, false);
}

static void main_goexit_child_blocked(void *arg)
{
    (void)arg;
    int unused = 0;
    rt_go(block_forever, &unused, sizeof unused);
    defer_print("deferred in main");
    rt_goexit();
}

Test(sched, main_goexit_with_blocked_goroutines_is_plain_deadlock)
{
    for (uint64_t seed = 0; seed < SEEDS / 4; seed++) {
        rt_result r = tu_run_seed(main_goexit_child_blocked, NULL, seed);
        assert_deadlock(&r, "deferred in main\n");
    }
}

/* G6 (gc g13): go func() { time.Sleep(1s); os.Exit(3) }()
 *     defer fmt.Println("deferred in main"); runtime.Goexit()   -> exit 3 */
static void sleep_then_exit3(void *arg)
{
    (void)arg;
    rt_sleep(1000000000);
    rt_exit(3);
}

static void main_goexit_child_exits(void *arg)
{
    (void)arg;
    int unused = 0;
    rt_go(sleep_then_exit3, &unused, sizeof unused);
    defer_print("deferred in main");
    rt_goexit();
}

Test(sched, main_goexit_then_os_exit_in_goroutine_exits_with_its_code)
{
    rt_result r = tu_run(main_goexit_child_exits, NULL);
    cr_assert_eq(r.end, RT_END_EXIT, "end = %s, err = %s", rt_end_name(r.end), r.err);
    cr_assert_eq(r.exit_code, 3);
    cr_assert_str_eq(r.out, "deferred in main\n");
    cr_assert_str_eq(r.err, "");
}

/* G4/G6 (gc c11e): defer fmt.Println("outer defer"); defer runtime.Goexit(); panic("A")
 * Goexit abandons the panic; main then has no goroutines left. */
static void main_panic_then_goexit(void *arg)
{
    (void)arg;
    defer_print("outer defer");
    rt_defer(do_goexit, NULL, 0);
    rt_panic(rt_str("A"));
}

Test(sched, main_goexit_during_panic_is_goexit_deadlock_not_panic)
{
    rt_result r = tu_run(main_panic_then_goexit, NULL);
    assert_fatal(&r, RT_FATAL_GOEXIT_DEADLOCK, "outer defer\n", GOEXIT_DEADLOCK);
}

/* ------------------------------------------------------------ K2 undetected deadlocks */

/* K2: go func() { time.Sleep(1s); c <- 5 }(); v := <-c; fmt.Println(v, now())
 * A sleeping goroutine is not a deadlock: main waits for it. */
static void sleep_then_send(void *arg)
{
    const struct gargs *a = arg;
    rt_sleep(a->ns);
    rt_chan_send(a->c, rt_int(5));
}

static void main_wait_for_sleeper(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_int(0)), .ns = 1000000000};
    rt_go(sleep_then_send, &a, sizeof a);
    rt_value v = rt_chan_recv(a.c, NULL);
    tu_printf("%lld at %lld\n", (long long)v.i, (long long)rt_now());
}

Test(sched, sleeping_goroutine_prevents_deadlock_detection)
{
    for (uint64_t seed = 0; seed < SEEDS / 4; seed++) {
        rt_result r = tu_run_seed(main_wait_for_sleeper, NULL, seed);
        assert_ok(&r, "5 at 1000000000\n");
        cr_assert_eq(r.clock, 1000000000);
    }
}

/* K1, K2: go func() { time.Sleep(100) }(); <-c
 * Once the sleeper is gone the deadlock is reported. */
static void just_sleep(void *arg)
{
    const struct gargs *a = arg;
    rt_sleep(a->ns);
}

static void main_deadlock_after_sleeper(void *arg)
{
    (void)arg;
    struct gargs a = {.ns = 100};
    rt_go(just_sleep, &a, sizeof a);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(sched, deadlock_is_reported_once_the_last_sleeper_is_done)
{
    rt_result r = tu_run(main_deadlock_after_sleeper, NULL);
    assert_deadlock(&r, "");
    cr_assert_eq(r.clock, 100);
}

/* K2, X1: go func() { <-c }(); time.Sleep(1); fmt.Println("main done")
 * A partial deadlock is not detected: main returns, exit 0. */
static void recv_forever(void *arg)
{
    const struct gargs *a = arg;
    g_role_id[0] = rt_goid();
    rt_chan_recv(a->c, NULL);
}

static void main_partial_deadlock(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_int(0))};
    rt_go(recv_forever, &a, sizeof a);
    rt_sleep(1);
    tu_printf("main done\n");
}

Test(sched, partial_deadlock_is_not_detected)
{
    rt_result r = tu_run(main_partial_deadlock, NULL);
    assert_ok(&r, "main done\n");
    const rt_gor_info *g = alive_g(&r, g_role_id[0]);
    cr_assert_not_null(g);
    cr_assert_eq(g->wait, RT_WAIT_CHAN_RECV);
}

/* K2, P1 (gc c06): go func() { panic("child boom") }(); time.Sleep(time.Second) */
static void child_boom(void *arg)
{
    (void)arg;
    rt_panic(rt_str("child boom"));
}

static void main_sleep_while_child_panics(void *arg)
{
    (void)arg;
    int unused = 0;
    rt_go(child_boom, &unused, sizeof unused);
    rt_sleep(1000000000);
    tu_printf("unreachable\n");
}

Test(sched, child_panic_ends_the_program_while_main_sleeps)
{
    for (uint64_t seed = 0; seed < SEEDS / 4; seed++) {
        rt_result r = tu_run_seed(main_sleep_while_child_panics, NULL, seed);
        cr_assert_eq(r.end, RT_END_PANIC, "end = %s", rt_end_name(r.end));
        cr_assert_eq(r.exit_code, 2);
        cr_assert_str_eq(r.out, "");
        cr_assert_str_eq(r.err, "panic: child boom\n");
    }
}

/* ------------------------------------------------------------ virtual time */

/* The clock advances only when every goroutine is blocked:
 *   go func() { time.Sleep(100); c <- now() }()
 *   50 times { runtime.Gosched(); if now() != 0 { bad++ } }; fmt.Println(bad, <-c) */
static void main_clock_waits_for_runnable(void *arg)
{
    (void)arg;
    struct gargs a = {.ns = 100};
    rt_go(just_sleep, &a, sizeof a);
    int moved = 0;
    for (int i = 0; i < 50; i++) {
        rt_gosched();
        rt_preempt_point();
        if (rt_now() != 0)
            moved++;
    }
    tu_printf("clock moved %d times while main ran\n", moved);
    rt_sleep(1000);
    tu_printf("now %lld\n", (long long)rt_now());
}

Test(sched, clock_advances_only_when_every_goroutine_is_blocked)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_clock_waits_for_runnable, NULL, seed);
        assert_ok(&r, "clock moved 0 times while main ran\nnow 1000\n");
        cr_assert_eq(r.clock, 1000);
    }
}

/* for _, d := range []int{30, 10, 20} { go func(d int) { time.Sleep(d); fmt.Println(d, now());
 * wg.Done() }(d) } wg.Wait()   -> sleepers wake in time order */
static void sleeper_reports(void *arg)
{
    const struct gargs *a = arg;
    rt_sleep(a->ns);
    tu_printf("%lld at %lld\n", (long long)a->ns, (long long)rt_now());
    rt_wg_done(a->wg);
}

static void main_sleepers(void *arg)
{
    (void)arg;
    static const int64_t d[3] = {30, 10, 20};
    struct gargs a = {.wg = rt_wg_new()};
    rt_wg_add(a.wg, 3);
    for (int i = 0; i < 3; i++) {
        a.ns = d[i];
        rt_go(sleeper_reports, &a, sizeof a);
    }
    rt_wg_wait(a.wg);
}

Test(sched, sleepers_wake_in_time_order)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_sleepers, NULL, seed);
        assert_ok(&r, "10 at 10\n20 at 20\n30 at 30\n");
    }
}

/* time.Sleep(5); time.Sleep(7); time.Sleep(0); time.Sleep(-3); fmt.Println(now()) */
static void main_sleep_sums(void *arg)
{
    (void)arg;
    rt_sleep(5);
    tu_printf("%lld\n", (long long)rt_now());
    rt_sleep(7);
    rt_sleep(0);
    rt_sleep(-3);
    tu_printf("%lld\n", (long long)rt_now());
}

Test(sched, sleeps_advance_the_clock_by_their_duration_and_nonpositive_ones_return_at_once)
{
    rt_result r = tu_run(main_sleep_sums, NULL);
    assert_ok(&r, "5\n12\n");
    cr_assert_eq(r.clock, 12);
}

/* time.Sleep(5); c := time.After(10); fmt.Println(cap(c), len(c)); v := <-c; fmt.Println(v, now())
 */
static void main_after(void *arg)
{
    (void)arg;
    rt_sleep(5);
    rt_chan *c = rt_after(10);
    tu_printf("cap %lld len %lld\n", (long long)rt_chan_cap(c), (long long)rt_chan_len(c));
    rt_value v = rt_chan_recv(c, NULL);
    tu_printf("%s %lld at %lld\n", v.kind == RT_V_INT ? "int" : "?", (long long)v.i,
              (long long)rt_now());
}

Test(sched, after_channel_has_capacity_one_and_receives_the_wake_time)
{
    rt_result r = tu_run(main_after, NULL);
    assert_ok(&r, "cap 1 len 0\nint 15 at 15\n");
}

/* (gc h05) c := time.After(50); fmt.Println(cap(c), len(c)); time.Sleep(100); fmt.Println(cap(c),
 * len(c))
 * -> "1 0" / "1 1": the timer fires into the buffer with nobody receiving. */
static void main_after_unread(void *arg)
{
    (void)arg;
    rt_chan *c = rt_after(50);
    tu_printf("%lld %lld\n", (long long)rt_chan_cap(c), (long long)rt_chan_len(c));
    rt_sleep(100);
    tu_printf("%lld %lld\n", (long long)rt_chan_cap(c), (long long)rt_chan_len(c));
}

Test(sched, after_fires_into_its_buffer_even_without_a_receiver)
{
    rt_result r = tu_run(main_after_unread, NULL);
    assert_ok(&r, "1 0\n1 1\n");
}

/* select { case <-never: case <-time.After(100): fmt.Println("timeout", now()) }
 * A pending timer is not a deadlock (K2). */
static void main_after_timeout(void *arg)
{
    (void)arg;
    rt_select_case k[2] = {{rt_chan_make(0, rt_int(0)), RT_RECV, rt_nil(), false},
                           {rt_after(100), RT_RECV, rt_nil(), false}};
    int i = rt_select(k, 2, false);
    tu_printf("case %d at %lld\n", i, (long long)rt_now());
}

Test(sched, after_works_as_a_select_timeout)
{
    rt_result r = tu_run(main_after_timeout, NULL);
    assert_ok(&r, "case 1 at 100\n");
}

/* ------------------------------------------------------------ a concurrent program */

/* Three workers take jobs, log under a mutex, and return results; main
 * feeds jobs and collects results in one select loop:
 *   for got < 6 { select { case jobs <- next (nil once all are sent): ...
 *                          case r := <-results: fmt.Println(r) } }
 * Results arrive in a schedule-dependent order. */
#define DJOBS 6
static char g_log[64];
static int g_nlog;

struct worker_args {
    rt_chan *jobs, *results;
    rt_mutex *mu;
    rt_waitgroup *wg;
    int id;
};

static void worker(void *arg)
{
    const struct worker_args *a = arg;
    for (;;) {
        bool ok;
        rt_value v = rt_chan_recv(a->jobs, &ok);
        if (!ok)
            break;
        rt_mutex_lock(a->mu);
        g_log[g_nlog++] = (char)('0' + a->id);
        rt_mutex_unlock(a->mu);
        rt_chan_send(a->results, rt_int(v.i * 10 + a->id));
    }
    rt_wg_done(a->wg);
}

static void main_concurrent(void *arg)
{
    (void)arg;
    memset(g_log, 0, sizeof g_log);
    g_nlog = 0;
    struct worker_args a = {rt_chan_make(2, rt_int(0)), rt_chan_make(0, rt_int(0)), rt_mutex_new(),
                            rt_wg_new(), 0};
    rt_wg_add(a.wg, 3);
    for (a.id = 1; a.id <= 3; a.id++)
        rt_go(worker, &a, sizeof a);
    int sent = 0, got = 0;
    while (got < DJOBS) {
        rt_select_case k[2] = {{sent < DJOBS ? a.jobs : NULL, RT_SEND, rt_int(sent + 1), false},
                               {a.results, RT_RECV, rt_nil(), false}};
        int i = rt_select(k, 2, false);
        if (i == 0) {
            if (++sent == DJOBS)
                rt_chan_close(a.jobs);
        } else {
            got++;
            tu_printf("%lld ", (long long)k[1].val.i);
        }
    }
    rt_wg_wait(a.wg);
    tu_printf("log %s\n", g_log);
}

/* The output is 6 results, each job 1..6 once, each from a worker 1..3,
 * then the log of 6 worker ids. */
static bool concurrent_output_ok(const char *out)
{
    int seen[DJOBS + 1] = {0};
    const char *p = out;
    for (int i = 0; i < DJOBS; i++) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || *end != ' ' || v / 10 < 1 || v / 10 > DJOBS || v % 10 < 1 || v % 10 > 3)
            return false;
        seen[v / 10]++;
        p = end + 1;
    }
    for (int j = 1; j <= DJOBS; j++)
        if (seen[j] != 1)
            return false;
    return strncmp(p, "log ", 4) == 0 && strlen(p) == 4 + DJOBS + 1;
}

Test(sched, concurrent_program_gives_only_outcomes_go_allows)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_concurrent, NULL, seed);
        cr_assert_eq(r.end, RT_END_RETURN, "seed %llu: %s", (unsigned long long)seed, r.err);
        cr_assert(concurrent_output_ok(r.out), "seed %llu: out = %s", (unsigned long long)seed,
                  r.out);
    }
}

/* ------------------------------------------------------------ determinism */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

Test(sched, same_seed_gives_the_same_trace_and_seeds_differ, .timeout = 240)
{
    enum { N = 1000 };
    uint64_t *hashes = calloc(N, sizeof *hashes);
    cr_assert_not_null(hashes);
    for (uint64_t seed = 0; seed < N; seed++) {
        rt_result r1 = tu_run_seed_traced(main_concurrent, NULL, seed);
        cr_assert_eq(r1.end, RT_END_RETURN, "seed %llu: %s", (unsigned long long)seed, r1.err);
        cr_assert_neq(r1.trace_hash, 0);
        uint64_t h1 = r1.trace_hash;
        char *out1 = dup_bytes(r1.out, r1.out_len);
        rt_result r2 = tu_run_seed_traced(main_concurrent, NULL, seed);
        cr_assert_eq(r2.trace_hash, h1, "seed %llu: hash differs", (unsigned long long)seed);
        cr_assert_str_eq(r2.out, out1, "seed %llu", (unsigned long long)seed);
        free(out1);
        hashes[seed] = h1;
    }
    qsort(hashes, N, sizeof *hashes, cmp_u64);
    size_t distinct = 1;
    for (size_t i = 1; i < N; i++)
        distinct += hashes[i] != hashes[i - 1];
    free(hashes);
    cr_assert_gt(distinct, 1, "every seed gave the same trace");
}

/* ------------------------------------------------------------ the decisions a chooser sees */

#define CK_MAX     4096
#define CK_MAXOPTS 16

/* A chooser that checks and records every decision and answers with
 * arbitrary (LCG) indexes; with oob set, the answers are out of range. */
typedef struct check_chooser {
    rt_chooser base;
    uint64_t lcg;
    bool oob;
    bool keep_mode; /* answer keep, or 0 when keep is -1 */
    size_t n;
    int problems;
    char problem[256];
    uint32_t kind[CK_MAX];
    uint32_t nopts[CK_MAX];
    int32_t keep[CK_MAX];
    uint32_t raw[CK_MAX];
    uint32_t opts[CK_MAX][CK_MAXOPTS];
} check_chooser;

static void ck_problem(check_chooser *c, const char *what, const rt_decision *d)
{
    if (c->problems++ == 0)
        snprintf(c->problem, sizeof c->problem, "decision %zu (index %llu, nopts %u): %s", c->n,
                 (unsigned long long)d->index, (unsigned)d->nopts, what);
}

static uint32_t ck_choose(rt_chooser *self, const rt_decision *d)
{
    check_chooser *c = (check_chooser *)self;
    if (d->kind != RT_DEC_SCHED && d->kind != RT_DEC_SELECT)
        ck_problem(c, "unknown kind", d);
    if (d->nopts < 2)
        ck_problem(c, "fewer than two options", d);
    if (d->opts == NULL)
        ck_problem(c, "no options", d);
    if (d->index != c->n)
        ck_problem(c, "index is not the count of earlier decisions", d);
    if (d->keep < -1 || (d->keep >= 0 && (uint32_t)d->keep >= d->nopts))
        ck_problem(c, "keep out of range", d);
    for (uint32_t i = 1; d->opts && i < d->nopts; i++)
        if (d->opts[i - 1] >= d->opts[i])
            ck_problem(c, "options not strictly ascending", d);
    if (d->kind == RT_DEC_SCHED)
        for (uint32_t i = 0; d->opts && i < d->nopts; i++)
            if (d->opts[i] == 0)
                ck_problem(c, "goroutine id 0 offered", d);
    c->lcg = c->lcg * 6364136223846793005ull + 1442695040888963407ull;
    uint32_t r = (uint32_t)(c->lcg >> 33);
    uint32_t answer = c->oob ? d->nopts + r % 1000u : r % (d->nopts ? d->nopts : 1);
    if (c->oob && (c->lcg >> 20) % 4 == 0)
        answer = UINT32_MAX - r % 7u;
    if (c->keep_mode)
        answer = d->keep >= 0 ? (uint32_t)d->keep : 0;
    if (c->n < CK_MAX) {
        c->kind[c->n] = d->kind;
        c->nopts[c->n] = d->nopts;
        c->keep[c->n] = d->keep;
        c->raw[c->n] = answer;
        for (uint32_t i = 0; d->opts && i < d->nopts && i < CK_MAXOPTS; i++)
            c->opts[c->n][i] = d->opts[i];
    }
    c->n++;
    return answer;
}

static rt_result run_checked(check_chooser *c, uint64_t seed, bool oob, rt_fn main_fn)
{
    memset(c, 0, sizeof *c);
    c->base.choose = ck_choose;
    c->lcg = seed;
    c->oob = oob;
    rt_config cfg = {0};
    cfg.chooser = &c->base;
    cfg.trace = true;
    return tu_run_cfg(&cfg, main_fn, NULL);
}

/* The recorded decisions and the trace's DECISION events agree with what
 * the chooser was asked and answered; after a scheduling decision the
 * chosen goroutine is the one that runs; keep names the running goroutine,
 * and a goroutine that just blocked or ended (keep -1) is not offered. */
static void check_against_result(const check_chooser *c, const rt_result *r)
{
    cr_assert_eq(c->problems, 0, "%s", c->problem);
    cr_assert_leq(c->n, CK_MAX);
    cr_assert_eq(r->ndecisions, c->n, "recorded %zu, asked %zu", r->ndecisions, c->n);
    for (size_t i = 0; i < c->n; i++) {
        cr_assert_eq(r->decisions[i].kind, c->kind[i]);
        cr_assert_eq(r->decisions[i].nopts, c->nopts[i]);
        cr_assert_eq(r->decisions[i].taken, c->raw[i] % c->nopts[i], "decision %zu", i);
    }
    rt_trace_iter it;
    rt_trace_iter_init(&it, r->trace, r->trace_len);
    rt_event ev;
    size_t di = 0;
    long pending = -1;    /* scheduling decision whose next event is not seen yet */
    uint32_t decider = 0; /* goroutine that was running when it was taken */
    while (rt_trace_next(&it, &ev)) {
        if (pending >= 0) {
            /* Switching to another goroutine starts with its RUN event;
             * keeping the running one switches to nobody. */
            uint32_t chosen = c->opts[pending][c->raw[pending] % c->nopts[pending]];
            if (chosen != decider)
                cr_assert(ev.kind == RT_EV_RUN && ev.g == chosen,
                          "decision %ld chose goroutine %u but the next event is %s of %u", pending,
                          chosen, rt_event_name((rt_event_kind)ev.kind), ev.g);
            else
                cr_assert_neq(ev.kind, RT_EV_RUN, "decision %ld kept goroutine %u but %u runs",
                              pending, chosen, ev.g);
            pending = -1;
        }
        if (ev.kind != RT_EV_DECISION)
            continue;
        cr_assert_lt(di, c->n, "more DECISION events than decisions");
        cr_assert_eq(ev.a, c->kind[di]);
        cr_assert_eq(ev.b, c->nopts[di]);
        cr_assert_eq(ev.c, c->raw[di] % c->nopts[di]);
        cr_assert_eq(ev.nbytes, 4 * c->nopts[di]);
        for (uint32_t k = 0; k < c->nopts[di] && k < CK_MAXOPTS; k++) {
            const uint8_t *b = ev.bytes + 4 * k;
            uint32_t id = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
            cr_assert_eq(id, c->opts[di][k], "decision %zu option %u", di, k);
        }
        if (c->kind[di] == RT_DEC_SCHED && c->keep[di] >= 0)
            cr_assert_eq(c->opts[di][c->keep[di]], ev.g,
                         "decision %zu: keep is not the running goroutine", di);
        if (c->kind[di] == RT_DEC_SCHED && c->keep[di] < 0)
            for (uint32_t k = 0; k < c->nopts[di] && k < CK_MAXOPTS; k++)
                cr_assert_neq(c->opts[di][k], ev.g,
                              "decision %zu: goroutine %u is offered but keep is -1", di, ev.g);
        if (c->kind[di] == RT_DEC_SCHED) {
            pending = (long)di;
            decider = ev.g;
        }
        di++;
    }
    cr_assert(!it.error, "malformed trace");
    cr_assert_eq(di, c->n, "DECISION events: %zu, decisions: %zu", di, c->n);
}

Test(sched, chooser_is_asked_only_well_formed_decisions_and_is_obeyed)
{
    static check_chooser c;
    size_t nsched = 0, nselect = 0;
    for (uint64_t seed = 1; seed <= 50; seed++) {
        rt_result r = run_checked(&c, seed, false, main_concurrent);
        cr_assert_eq(r.end, RT_END_RETURN, "seed %llu: %s", (unsigned long long)seed, r.err);
        cr_assert(concurrent_output_ok(r.out), "out = %s", r.out);
        check_against_result(&c, &r);
        for (size_t i = 0; i < c.n; i++)
            *(c.kind[i] == RT_DEC_SCHED ? &nsched : &nselect) += 1;
    }
    cr_assert_gt(nsched, 0);
    cr_assert_gt(nselect, 0);
}

/* rt.h: the answer must be < nopts; the runtime reduces a wrong one
 * modulo nopts instead of trusting it. */
Test(sched, out_of_range_answer_is_reduced_modulo_the_options)
{
    static check_chooser c;
    for (uint64_t seed = 1; seed <= 50; seed++) {
        rt_result r = run_checked(&c, seed, true, main_concurrent);
        cr_assert_eq(r.end, RT_END_RETURN, "seed %llu: end = %s, err = %s",
                     (unsigned long long)seed, rt_end_name(r.end), r.err);
        cr_assert(concurrent_output_ok(r.out), "out = %s", r.out);
        cr_assert_gt(c.n, 0);
        check_against_result(&c, &r);
    }
}

/* The options of a scheduling decision are exactly the runnable goroutines:
 *   go g2(); go g3(); <-c     (g2 and g3 block on <-c2 when they run)
 * Keeping main whenever possible: the decision at "go g2" offers {1, g2}
 * keeping 1; at "go g3" {1, g2, g3}; while main runs, {1, g2, g3}; when
 * main blocks, {g2, g3} with keep -1; then {g2, g3} until one blocks. */
static void recv_c2(void *arg)
{
    rt_chan_recv(((const struct gargs *)arg)->c2, NULL);
}

static void main_two_runnable(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_int(0)), .c2 = rt_chan_make(0, rt_int(0))};
    rt_set_site(21);
    rt_go(recv_c2, &a, sizeof a);
    rt_set_site(22);
    rt_go(recv_c2, &a, sizeof a);
    rt_set_site(23);
    rt_chan_recv(a.c, NULL);
}

Test(sched, scheduling_options_are_exactly_the_runnable_goroutines)
{
    static check_chooser c;
    memset(&c, 0, sizeof c);
    c.base.choose = ck_choose;
    c.keep_mode = true;
    rt_config cfg = {0};
    cfg.chooser = &c.base;
    cfg.trace = true;
    rt_result r = tu_run_cfg(&cfg, main_two_runnable, NULL);
    assert_deadlock(&r, "");
    check_against_result(&c, &r);
    cr_assert_eq(r.nalive, 3);
    uint32_t g2 = 0, g3 = 0;
    for (size_t i = 0; i < r.nalive; i++) {
        if (r.alive[i].go_site == 21)
            g2 = r.alive[i].id;
        if (r.alive[i].go_site == 22)
            g3 = r.alive[i].id;
    }
    cr_assert(g2 > 1 && g3 > 1 && g2 != g3, "ids %u %u", g2, g3);
    cr_assert_geq(c.n, 3, "decisions: %zu", c.n);
    for (size_t i = 0; i < c.n; i++)
        cr_assert_eq(c.kind[i], RT_DEC_SCHED);
    cr_assert(c.nopts[0] == 2 && c.opts[0][0] == 1 && c.opts[0][1] == g2 && c.keep[0] == 0);
    cr_assert(c.nopts[1] == 3 && c.opts[1][0] == 1 && c.opts[1][1] == g2 && c.opts[1][2] == g3 &&
              c.keep[1] == 0);
    /* Exactly one decision is taken for a blocked goroutine: main's, and
     * it offers the two others; main is never offered again. */
    size_t blocked = 0;
    for (size_t i = 2; i < c.n; i++) {
        if (c.keep[i] == -1) {
            blocked++;
            cr_assert(c.nopts[i] == 2 && c.opts[i][0] == g2 && c.opts[i][1] == g3, "decision %zu",
                      i);
        } else if (blocked == 0) {
            cr_assert(c.nopts[i] == 3 && c.opts[i][0] == 1 && c.opts[i][1] == g2 &&
                          c.opts[i][2] == g3 && c.keep[i] == 0,
                      "decision %zu", i);
        } else {
            cr_assert(c.nopts[i] == 2 && c.opts[i][0] == g2 && c.opts[i][1] == g3, "decision %zu",
                      i);
        }
    }
    cr_assert_eq(blocked, 1);
}

/* ------------------------------------------------------------ the byte chooser */

static rt_result run_bytes_traced(rt_bytes_chooser *bc, const uint8_t *data, size_t len,
                                  rt_fn main_fn)
{
    rt_bytes_chooser_init(bc, data, len);
    rt_config cfg = {0};
    cfg.chooser = &bc->base;
    cfg.trace = true;
    return tu_run_cfg(&cfg, main_fn, NULL);
}

Test(sched, same_bytes_give_the_same_execution)
{
    static const uint8_t data[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4};
    rt_bytes_chooser bc;
    rt_result r1 = run_bytes_traced(&bc, data, sizeof data, main_concurrent);
    cr_assert_eq(r1.end, RT_END_RETURN, "%s", r1.err);
    uint64_t h1 = r1.trace_hash;
    size_t n1 = r1.ndecisions;
    char *out1 = dup_bytes(r1.out, r1.out_len);
    rt_result r2 = run_bytes_traced(&bc, data, sizeof data, main_concurrent);
    cr_assert_eq(r2.trace_hash, h1);
    cr_assert_eq(r2.ndecisions, n1);
    cr_assert_str_eq(r2.out, out1);
    free(out1);
}

/* go func() { fmt.Println("child"); done <- {} }(); runtime.Gosched(); fmt.Println("main"); <-done
 * With the bytes used up, the current goroutine keeps running: main first. */
static void child_prints(void *arg)
{
    const struct gargs *a = arg;
    tu_printf("child\n");
    rt_chan_send(a->c, rt_empty());
}

static void main_gosched_race(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_empty())};
    rt_go(child_prints, &a, sizeof a);
    rt_gosched();
    tu_printf("main\n");
    rt_chan_recv(a.c, NULL);
}

Test(sched, exhausted_bytes_keep_running_the_current_goroutine)
{
    rt_result r = tu_run_bytes(main_gosched_race, NULL, NULL, 0);
    assert_ok(&r, "main\nchild\n");
    /* ... and a byte can still pick the child. */
    bool child_first = false;
    for (uint8_t b = 0; b < 4 && !child_first; b++)
        for (uint8_t b2 = 0; b2 < 4 && !child_first; b2++) {
            const uint8_t data[2] = {b, b2};
            rt_result r2 = tu_run_bytes(main_gosched_race, NULL, data, 2);
            cr_assert_eq(r2.end, RT_END_RETURN, "%s", r2.err);
            cr_assert(strcmp(r2.out, "main\nchild\n") == 0 || strcmp(r2.out, "child\nmain\n") == 0,
                      "out = %s", r2.out);
            child_first = strcmp(r2.out, "child\nmain\n") == 0;
        }
    cr_assert(child_first, "no byte string ran the child first");
}

/* The close/send race: c := make(chan int, 1); go func() { c <- 1 }(); close(c); time.Sleep(1)
 * Either the send wins (exit 0) or the close does ("panic: send on closed
 * channel", exit 2). Different byte strings must reach both. */
static void send_one(void *arg)
{
    const struct gargs *a = arg;
    rt_chan_send(a->c, rt_int(1));
}

static void main_close_send_race(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(1, rt_int(0))};
    rt_go(send_one, &a, sizeof a);
    rt_chan_close(a.c);
    rt_sleep(1);
}

Test(sched, different_bytes_reach_both_outcomes_of_a_close_send_race)
{
    int panics = 0, clean = 0;
    uint8_t data[4];
    for (size_t len = 0; len <= 4; len++) {
        size_t combos = (size_t)1 << (2 * len);
        for (size_t x = 0; x < combos; x++) {
            for (size_t i = 0; i < len; i++)
                data[i] = (uint8_t)((x >> (2 * i)) & 3u);
            rt_result r = tu_run_bytes(main_close_send_race, NULL, data, len);
            cr_assert_str_eq(r.out, "");
            if (r.end == RT_END_PANIC) {
                cr_assert_eq(r.exit_code, 2);
                cr_assert_str_eq(r.err, "panic: send on closed channel\n");
                panics++;
            } else {
                cr_assert_eq(r.end, RT_END_RETURN, "end = %s, err = %s", rt_end_name(r.end), r.err);
                cr_assert_str_eq(r.err, "");
                clean++;
            }
            if (len == 0)
                cr_assert_eq(r.end, RT_END_PANIC,
                             "empty input: main keeps running and closes first");
        }
    }
    cr_assert_gt(panics, 0);
    cr_assert_gt(clean, 0);
}

/* ------------------------------------------------------------ replay */

struct recorded {
    uint32_t *taken;
    size_t n;
    uint64_t hash;
    char *out;
};

static struct recorded record_seed(uint64_t seed)
{
    rt_result r = tu_run_seed_traced(main_concurrent, NULL, seed);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    struct recorded rec = {calloc(r.ndecisions + 1, sizeof(uint32_t)), r.ndecisions, r.trace_hash,
                           dup_bytes(r.out, r.out_len)};
    cr_assert_not_null(rec.taken);
    for (size_t i = 0; i < r.ndecisions; i++)
        rec.taken[i] = r.decisions[i].taken;
    return rec;
}

static rt_result run_replay(rt_replay_chooser *rc, const uint32_t *taken, size_t n)
{
    rt_replay_chooser_init(rc, taken, n);
    rt_config cfg = {0};
    cfg.chooser = &rc->base;
    cfg.trace = true;
    return tu_run_cfg(&cfg, main_concurrent, NULL);
}

Test(sched, replaying_recorded_decisions_reproduces_the_trace)
{
    for (uint64_t seed = 0; seed < 50; seed++) {
        struct recorded rec = record_seed(seed);
        cr_assert_gt(rec.n, 0);
        rt_replay_chooser rc;
        rt_result r = run_replay(&rc, rec.taken, rec.n);
        cr_assert(!rc.diverged, "seed %llu diverged", (unsigned long long)seed);
        cr_assert_eq(rc.pos, rec.n);
        cr_assert_eq(r.trace_hash, rec.hash, "seed %llu", (unsigned long long)seed);
        cr_assert_str_eq(r.out, rec.out);
        free(rec.taken);
        free(rec.out);
    }
}

Test(sched, replay_list_that_runs_out_is_diverged)
{
    struct recorded rec = record_seed(3);
    cr_assert_geq(rec.n, 2);
    rt_replay_chooser rc;
    rt_result r = run_replay(&rc, rec.taken, rec.n / 2);
    cr_assert(rc.diverged);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    free(rec.taken);
    free(rec.out);
}

Test(sched, replay_entry_out_of_range_is_diverged)
{
    struct recorded rec = record_seed(4);
    cr_assert_geq(rec.n, 1);
    rec.taken[0] = 1000;
    rt_replay_chooser rc;
    rt_result r = run_replay(&rc, rec.taken, rec.n);
    cr_assert(rc.diverged);
    cr_assert_eq(r.end, RT_END_RETURN, "%s", r.err);
    free(rec.taken);
    free(rec.out);
}

/* ------------------------------------------------------------ step budget */

/* go func() { for { runtime.Gosched() } }(); <-c   with max_steps = 100 */
static void spin_gosched(void *arg)
{
    (void)arg;
    for (;;)
        rt_gosched();
}

static void main_spinning_child(void *arg)
{
    (void)arg;
    int unused = 0;
    rt_go(spin_gosched, &unused, sizeof unused);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

/* for { preempt point }   in main, with max_steps = 50 */
static void main_spin_preempt(void *arg)
{
    (void)arg;
    for (;;)
        rt_preempt_point();
}

static void assert_budget(rt_fn main_fn, uint64_t max_steps)
{
    rt_config cfg = {0};
    cfg.max_steps = max_steps;
    rt_result r = tu_run_cfg(&cfg, main_fn, NULL);
    cr_assert_eq(r.end, RT_END_BUDGET, "end = %s", rt_end_name(r.end));
    cr_assert_eq(r.exit_code, -1);
    cr_assert_eq(r.steps, max_steps, "steps = %llu", (unsigned long long)r.steps);
}

Test(sched, goroutine_spinning_on_gosched_ends_with_budget_exhausted)
{
    assert_budget(main_spinning_child, 100);
}

Test(sched, main_spinning_on_preempt_points_ends_with_budget_exhausted)
{
    assert_budget(main_spin_preempt, 50);
}

/* ------------------------------------------------------------ stack overflow */

/* X4 (gc c18): func f(n int) int { return f(n+1) + 1 }
 *              go func() { f(0) }(); time.Sleep(10 * time.Second)
 * gc prints "fatal error: stack overflow" (after two "runtime:" lines, and
 * followed by a traceback even under GOTRACEBACK=none), exit 2. */
static long g_depth;

static void recurse(void *arg)
{
    g_depth++;
    rt_call(recurse, arg);
}

/* The same with a 2 KiB frame on the C stack at every level. */
static void recurse_big(void *arg)
{
    volatile char pad[2048];
    memset((char *)pad, (int)(g_depth & 0x7f), sizeof pad);
    g_depth++;
    rt_call(recurse_big, arg);
    if (pad[g_depth % sizeof pad] == 1)
        tu_printf("unreachable\n");
}

static void main_overflow_in_goroutine(void *arg)
{
    rt_fn fn = *(rt_fn *)arg;
    g_depth = 0;
    defer_print("main deferred");
    rt_go(fn, &fn, sizeof fn);
    rt_sleep(10000000000);
    tu_printf("unreachable\n");
}

static void main_overflow_in_main(void *arg)
{
    g_depth = 0;
    defer_print("main deferred");
    rt_call(*(rt_fn *)arg, arg);
}

static void main_hello(void *arg)
{
    (void)arg;
    tu_printf("hello\n");
}

static void assert_stack_overflow(const rt_config *cfg, rt_fn main_fn, rt_fn rec_fn)
{
    rt_result r = tu_run_cfg(cfg, main_fn, &rec_fn);
    cr_assert_eq(r.end, RT_END_FATAL, "end = %s, err = %s", rt_end_name(r.end), r.err);
    cr_assert_eq(r.fatal, RT_FATAL_STACK_OVERFLOW, "fatal = %d", (int)r.fatal);
    cr_assert_eq(r.exit_code, 2);
    cr_assert_str_eq(r.out, "");
    /* gc's first line is stable; the second (sp=...) holds addresses. */
    cr_assert(strncmp(r.err, "runtime: goroutine stack exceeds 1000000000-byte limit\n", 55) == 0,
              "err = %s", r.err);
    cr_assert(has_line(r.err, "fatal error: stack overflow"), "err = %s", r.err);
    cr_assert_gt(g_depth, 10);
    /* The runtime is still usable afterwards. */
    rt_result again = tu_run(main_hello, NULL);
    assert_ok(&again, "hello\n");
}

Test(sched, unbounded_recursion_in_a_goroutine_is_a_stack_overflow)
{
    rt_config cfg = {0};
    assert_stack_overflow(&cfg, main_overflow_in_goroutine, recurse);
}

Test(sched, unbounded_recursion_in_main_is_a_stack_overflow)
{
    rt_config cfg = {0};
    assert_stack_overflow(&cfg, main_overflow_in_main, recurse);
}

Test(sched, stack_overflow_respects_a_small_max_depth)
{
    rt_config cfg = {0};
    cfg.max_depth = 40;
    assert_stack_overflow(&cfg, main_overflow_in_goroutine, recurse);
    cr_assert_leq(g_depth, 40, "depth %ld", g_depth);
}

/* Recursion that stays within max_depth is not an overflow:
 *   func f(n int) { if n < 90 { f(n+1) } }; go func() { f(1); fmt.Println("ok") }() */
static void recurse_to_90(void *arg)
{
    long n = *(const long *)arg;
    if (n < 90) {
        long next = n + 1;
        rt_call(recurse_to_90, &next);
    }
}

static void goroutine_recurse_to_90(void *arg)
{
    long one = 1;
    rt_call(recurse_to_90, &one);
    tu_printf("ok\n");
    rt_chan_send(((const struct gargs *)arg)->c, rt_empty());
}

static void main_recurse_to_90(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_empty())};
    long one = 1;
    rt_call(recurse_to_90, &one);
    rt_go(goroutine_recurse_to_90, &a, sizeof a);
    rt_chan_recv(a.c, NULL);
}

Test(sched, recursion_within_max_depth_completes)
{
    rt_config cfg = {0};
    cfg.max_depth = 100;
    rt_result r = tu_run_cfg(&cfg, main_recurse_to_90, NULL);
    assert_ok(&r, "ok\n");
}

/* Deep recursion with big C frames must not crash the process even when
 * the C stack runs out before the depth limit. */
Test(sched, recursion_with_large_frames_is_a_stack_overflow_not_a_crash)
{
    rt_config cfg = {0};
    cfg.max_depth = 1000000;
    assert_stack_overflow(&cfg, main_overflow_in_goroutine, recurse_big);
}

/* ------------------------------------------------------------ the trace */

/* go func() { c <- 7 }(); fmt.Println(<-c) */
static void send_seven(void *arg)
{
    const struct gargs *a = arg;
    rt_chan_send(a->c, rt_int(7));
}

static void main_send_recv(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_int(0))};
    rt_go(send_seven, &a, sizeof a);
    tu_printf("%lld\n", (long long)rt_chan_recv(a.c, NULL).i);
}

static rt_result run_traced(rt_fn main_fn)
{
    rt_config cfg = {0};
    cfg.trace = true;
    return tu_run_cfg(&cfg, main_fn, NULL);
}

Test(sched, trace_holds_the_send_then_the_matching_receive)
{
    rt_result r = run_traced(main_send_recv);
    assert_ok(&r, "7\n");
    cr_assert_not_null(r.trace);
    cr_assert_eq(r.trace_hash, rt_fnv1a64(r.trace, r.trace_len, RT_FNV_OFFSET));
    rt_trace_iter it;
    rt_trace_iter_init(&it, r.trace, r.trace_len);
    rt_event ev;
    uint64_t n = 0, chan = 0, serial = 0;
    long make_at = -1, send_at = -1, recv_at = -1, print_at = -1, end_at = -1;
    uint32_t sender = 0;
    while (rt_trace_next(&it, &ev)) {
        cr_assert_eq(ev.seq, n, "event numbers are not consecutive");
        switch (ev.kind) {
        case RT_EV_CHAN_MAKE:
            make_at = (long)n;
            chan = ev.a;
            break;
        case RT_EV_SEND:
            cr_assert_eq(ev.a, chan);
            cr_assert_eq(ev.v.i, 7);
            cr_assert_neq(ev.g, 1);
            sender = ev.g;
            serial = ev.b;
            send_at = (long)n;
            break;
        case RT_EV_RECV:
            cr_assert_eq(ev.a, chan);
            cr_assert_eq(ev.b, serial, "receive does not match the send");
            cr_assert_eq(ev.c, 1);
            cr_assert_eq(ev.v.i, 7);
            cr_assert_eq(ev.g, 1);
            recv_at = (long)n;
            break;
        case RT_EV_PRINT:
            cr_assert_eq(ev.a, 1);
            cr_assert_eq(ev.nbytes, 2);
            cr_assert(memcmp(ev.bytes, "7\n", 2) == 0);
            print_at = (long)n;
            break;
        case RT_EV_END:
            cr_assert_eq(ev.a, RT_END_RETURN);
            cr_assert_eq(ev.b, 0);
            end_at = (long)n;
            break;
        default:
            break;
        }
        n++;
    }
    cr_assert(!it.error);
    cr_assert_eq(n, r.events);
    cr_assert_neq(sender, 0);
    cr_assert(make_at >= 0 && make_at < send_at, "make %ld send %ld", make_at, send_at);
    cr_assert(send_at < recv_at, "send %ld recv %ld", send_at, recv_at);
    cr_assert(recv_at < print_at, "recv %ld print %ld", recv_at, print_at);
    cr_assert_eq(end_at, (long)n - 1, "END is not the last event");
}

/* C3 memory model in the trace: the kth receive is synchronized before the
 * (k+C)th send completes, so the trace must not show send k+C before
 * receive k.  c := make(chan int, 1); c <- 1; go func() { c <- 2 }()
 * time.Sleep(1); fmt.Println(<-c)   (the receive of 1 lets the send of 2 in) */
static void send_two(void *arg)
{
    const struct gargs *a = arg;
    rt_chan_send(a->c, rt_int(2));
}

static void main_full_buffer_handoff(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(1, rt_int(0))};
    rt_chan_send(a.c, rt_int(1));
    rt_go(send_two, &a, sizeof a);
    rt_sleep(1);
    tu_printf("%lld\n", (long long)rt_chan_recv(a.c, NULL).i);
}

Test(sched, trace_shows_receive_k_before_send_k_plus_cap_completes)
{
    rt_result r = run_traced(main_full_buffer_handoff);
    assert_ok(&r, "1\n");
    rt_trace_iter it;
    rt_trace_iter_init(&it, r.trace, r.trace_len);
    rt_event ev;
    long n = 0, recv1_at = -1, send2_at = -1;
    uint64_t serial1 = 0;
    while (rt_trace_next(&it, &ev)) {
        if (ev.kind == RT_EV_SEND && ev.v.i == 1)
            serial1 = ev.b;
        if (ev.kind == RT_EV_SEND && ev.v.i == 2)
            send2_at = n;
        if (ev.kind == RT_EV_RECV && ev.b == serial1 && serial1 != 0)
            recv1_at = n;
        n++;
    }
    cr_assert(recv1_at >= 0 && send2_at >= 0, "recv %ld send %ld", recv1_at, send2_at);
    cr_assert_lt(recv1_at, send2_at,
                 "send of 2 (event %ld) is traced before the receive of 1 "
                 "(event %ld) that made room for it",
                 send2_at, recv1_at);
}

/* The rendering has one line per event, each line is rt_event_format of
 * that event and names its kind, and it is byte-identical across runs. */
Test(sched, trace_rendering_lists_events_in_order_and_is_stable)
{
    rt_result r = run_traced(main_send_recv);
    assert_ok(&r, "7\n");
    size_t len = 0;
    char *text = rt_trace_render(r.trace, r.trace_len, &len);
    cr_assert_not_null(text);
    cr_assert_eq(strlen(text), len);

    rt_trace_iter it;
    rt_trace_iter_init(&it, r.trace, r.trace_len);
    rt_event ev;
    const char *line = text;
    long send_line = -1, recv_line = -1, i = 0;
    char buf[4096];
    while (rt_trace_next(&it, &ev)) {
        const char *nl = strchr(line, '\n');
        cr_assert_not_null(nl, "rendering has fewer lines than events");
        size_t n = rt_event_format(&ev, buf, sizeof buf);
        cr_assert_lt(n, sizeof buf);
        cr_assert_eq((size_t)(nl - line), n, "line %ld length", i);
        cr_assert(memcmp(line, buf, n) == 0, "line %ld: %.*s vs %s", i, (int)(nl - line), line,
                  buf);
        const char *name = rt_event_name((rt_event_kind)ev.kind);
        cr_assert(strstr(buf, name) != NULL, "line %ld does not name %s: %s", i, name, buf);
        if (ev.kind == RT_EV_SEND)
            send_line = i;
        if (ev.kind == RT_EV_RECV)
            recv_line = i;
        line = nl + 1;
        i++;
    }
    cr_assert_eq(*line, '\0', "rendering has more lines than events");
    cr_assert(send_line >= 0 && send_line < recv_line, "send line %ld, recv line %ld", send_line,
              recv_line);

    uint64_t hash = r.trace_hash;
    rt_result r2 = run_traced(main_send_recv);
    cr_assert_eq(r2.trace_hash, hash);
    size_t len2 = 0;
    char *text2 = rt_trace_render(r2.trace, r2.trace_len, &len2);
    cr_assert_not_null(text2);
    cr_assert_eq(len2, len);
    cr_assert(memcmp(text, text2, len) == 0, "renderings differ");
    free(text);
    free(text2);
}

/* ------------------------------------------------------------ NumGoroutine and the end report */

/* (gc h06) fmt.Println(runtime.NumGoroutine()); go func() { <-c }(); go func() { <-c }()
 *          fmt.Println(runtime.NumGoroutine()); c <- 1; (wait); fmt.Println(runtime.NumGoroutine())
 *          -> 1 / 3 / 2; a goroutine ended by Goexit stops counting too:
 *          go func() { defer f(); <-c; runtime.Goexit() }() ... -> 3, then 2. */
static void recv_once(void *arg)
{
    const struct gargs *a = arg;
    rt_chan_recv(a->c, NULL);
}

static void recv_then_goexit(void *arg)
{
    const struct gargs *a = arg;
    rt_defer(noop, NULL, 0);
    rt_chan_recv(a->c, NULL);
    rt_goexit();
}

static void main_num_goroutine(void *arg)
{
    (void)arg;
    struct gargs a = {.c = rt_chan_make(0, rt_int(0))};
    tu_printf("%d\n", rt_num_goroutine());
    rt_go(recv_once, &a, sizeof a);
    rt_go(recv_once, &a, sizeof a);
    tu_printf("%d\n", rt_num_goroutine());
    rt_chan_send(a.c, rt_int(1));
    rt_sleep(1);
    tu_printf("%d\n", rt_num_goroutine());
    rt_go(recv_then_goexit, &a, sizeof a);
    tu_printf("%d\n", rt_num_goroutine());
    rt_chan_send(a.c, rt_int(1));
    rt_sleep(1);
    tu_printf("%d\n", rt_num_goroutine());
}

Test(sched, num_goroutine_counts_live_goroutines)
{
    for (uint64_t seed = 0; seed < SEEDS / 4; seed++) {
        rt_result r = tu_run_seed(main_num_goroutine, NULL, seed);
        assert_ok(&r, "1\n3\n2\n3\n2\n");
        cr_assert_eq(r.goroutines, 4);
    }
}

/* When main returns, goroutines still alive are reported with what they
 * wait on, where they were created and the defers that never ran:
 *   go func() { defer a(); func() { defer b(); <-c }() }()   (site 7)
 *   go func() { mu.Lock() }()                                (site 8, main holds mu)
 *   time.Sleep(1)
 *   go func() {}()                                           (site 9, never runs)
 *   return */
static void inner_defer_then_recv(void *arg)
{
    const struct gargs *a = arg;
    rt_set_site(102);
    rt_defer(noop, NULL, 0);
    rt_set_site(103);
    rt_chan_recv(a->c, NULL);
}

static void blocked_with_defers2(void *arg)
{
    const struct gargs *a = arg;
    g_role_id[0] = rt_goid();
    rt_set_site(101);
    rt_defer(noop, NULL, 0);
    rt_call(inner_defer_then_recv, (void *)a);
}

static void lock_forever(void *arg)
{
    const struct gargs *a = arg;
    g_role_id[1] = rt_goid();
    rt_set_site(201);
    rt_mutex_lock(a->mu);
}

static void main_leaves_goroutines(void *arg)
{
    (void)arg;
    memset(g_role_id, 0, sizeof g_role_id);
    struct gargs a = {.c = rt_chan_make(0, rt_int(0)), .mu = rt_mutex_new()};
    rt_mutex_lock(a.mu);
    rt_set_site(7);
    rt_go(blocked_with_defers2, &a, sizeof a);
    rt_set_site(8);
    rt_go(lock_forever, &a, sizeof a);
    rt_set_site(10);
    rt_sleep(1);
    rt_set_site(9);
    rt_go(noop, &a, sizeof a);
    rt_set_site(11);
}

Test(sched, goroutines_alive_at_exit_are_reported_with_wait_reason_and_pending_defers)
{
    rt_result r = tu_run(main_leaves_goroutines, NULL);
    assert_ok(&r, "");
    cr_assert_eq(r.goroutines, 4);
    cr_assert_eq(r.nalive, 3, "nalive = %zu", r.nalive);
    cr_assert_null(alive_g(&r, 1), "main returned, it is not alive");

    const rt_gor_info *g = alive_g(&r, g_role_id[0]);
    cr_assert_not_null(g);
    cr_assert_eq(g->wait, RT_WAIT_CHAN_RECV);
    cr_assert_neq(g->wait_obj, 0);
    cr_assert_eq(g->go_site, 7);
    cr_assert_eq(g->site, 103);
    cr_assert_eq(g->ndefers, 2);
    cr_assert_eq(g->defers[0].site, 102, "newest defer first");
    cr_assert_eq(g->defers[1].site, 101);
    cr_assert_neq(g->defers[0].frame, g->defers[1].frame);

    const rt_gor_info *l = alive_g(&r, g_role_id[1]);
    cr_assert_not_null(l);
    cr_assert_eq(l->wait, RT_WAIT_MUTEX);
    cr_assert_eq(l->go_site, 8);
    cr_assert_eq(l->site, 201);
    cr_assert_eq(l->ndefers, 0);

    const rt_gor_info *fresh = NULL;
    for (size_t i = 0; i < r.nalive; i++)
        if (r.alive[i].id != g_role_id[0] && r.alive[i].id != g_role_id[1])
            fresh = &r.alive[i];
    cr_assert_not_null(fresh);
    cr_assert_eq(fresh->wait, RT_WAIT_NONE, "a goroutine that never ran is runnable");
    cr_assert_eq(fresh->go_site, 9);
    cr_assert_eq(fresh->ndefers, 0);
}

/* Schedule strings: round trip, escapes for large indexes, clear errors. */
Test(sched, schedule_string_round_trip)
{
    uint32_t taken[] = {0, 9, 10, 35, 36, 61, 62, 1000, 4294967295u};
    size_t n = sizeof taken / sizeof taken[0];
    char *s = rt_schedule_format_taken(taken, n);
    cr_assert_str_eq(s, "d1:09azAZ(62)(1000)(4294967295)");
    uint32_t *back;
    size_t nb;
    char err[128];
    cr_assert_eq(rt_schedule_parse(s, &back, &nb, err, sizeof err), 0);
    cr_assert_eq(nb, n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(back[i], taken[i]);
    free(back);
    free(s);
    s = rt_schedule_format_taken(NULL, 0);
    cr_assert_str_eq(s, "d1:");
    free(s);
}

Test(sched, schedule_string_errors)
{
    const char *bad[] = {"",       "d2:0",   "x1:", "d1:(", "d1:()", "d1:(12", "d1:(4294967296)",
                         "d1:0-1", "d1:(1x)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint32_t *v = (uint32_t *)1;
        size_t n = 7;
        char err[128] = "";
        cr_assert_eq(rt_schedule_parse(bad[i], &v, &n, err, sizeof err), RT_EINVAL, "%s", bad[i]);
        cr_assert_null(v);
        cr_assert_eq(n, 0);
        cr_assert_neq(err[0], 0);
    }
}

/* PCT: the highest-priority runnable goroutine runs; depth 1 never
 * switches between goroutines that stay runnable; depth d switches at
 * most d-1 times among them; the same seed gives the same choices. */
static uint32_t pct_run(uint64_t seed, uint32_t depth, uint32_t *seq, uint32_t n)
{
    static const uint32_t opts[3] = {1, 2, 3};
    rt_pct_chooser c;
    rt_pct_chooser_init(&c, seed, depth, n);
    uint32_t switches = 0;
    for (uint32_t i = 0; i < n; i++) {
        rt_decision d = {RT_DEC_SCHED, 3, opts, i ? (int32_t)(seq[i - 1] - 1) : -1, i};
        uint32_t t = c.base.choose(&c.base, &d);
        cr_assert_lt(t, 3u);
        seq[i] = opts[t];
        if (i && seq[i] != seq[i - 1])
            switches++;
    }
    return switches;
}

Test(sched, pct_priorities_and_change_points)
{
    uint32_t a[40], b[40];
    uint32_t first[4] = {0};
    unsigned with_switch[4] = {0};
    for (uint64_t seed = 0; seed < 300; seed++) {
        for (uint32_t depth = 1; depth <= 3; depth++) {
            uint32_t s = pct_run(seed, depth, a, 40);
            cr_assert_leq(s, depth - 1, "seed %llu depth %u: %u switches", (unsigned long long)seed,
                          depth, s);
            if (s)
                with_switch[depth]++;
            pct_run(seed, depth, b, 40);
            cr_assert_arr_eq(a, b, sizeof a);
        }
        first[a[0]]++;
    }
    /* depth 1 never preempts; deeper ones do for most seeds */
    cr_assert_eq(with_switch[1], 0);
    cr_assert_gt(with_switch[2], 150);
    cr_assert_gt(with_switch[3], with_switch[2] / 2);
    /* every goroutine gets the top priority for some seeds */
    cr_assert(first[1] > 50 && first[2] > 50 && first[3] > 50, "%u %u %u", first[1], first[2],
              first[3]);
}

/* rt_abort() from a choice source ends the execution at that decision as
 * RT_END_ABORT (exit code -1): nothing after it runs, no deferred call
 * runs, the decision is not recorded, every goroutine is released, and the
 * next execution runs normally. Schedule decisions and select decisions
 * both abort. (The child's own deferred call may have run before: it
 * returned.) */
typedef struct abort_chooser {
    rt_chooser base;
    uint64_t at; /* index of the decision to abort */
    uint32_t asked;
} abort_chooser;

static uint32_t abort_choose(rt_chooser *self, const rt_decision *d)
{
    abort_chooser *c = (abort_chooser *)self;
    c->asked++;
    if (d->index == c->at)
        rt_abort();
    return d->nopts - 1; /* the highest id / last ready case */
}

/* go func() { defer fmt.Println("g deferred"); for i := 0; i < 3; i++ {
 * fmt.Println("g", i); runtime.Gosched() } }()
 * defer fmt.Println("main deferred")
 * for i := 0; i < 3; i++ { fmt.Println("main", i); runtime.Gosched() }
 * c := make(chan int, 1); d := make(chan int, 1); c <- 1; d <- 2
 * select { case <-c: fmt.Println("c") case <-d: fmt.Println("d") } */
static void abort_child(void *arg)
{
    (void)arg;
    defer_print("g deferred");
    for (int i = 0; i < 3; i++) {
        tu_printf("g %d\n", i);
        rt_gosched();
    }
}

static void abort_main(void *arg)
{
    (void)arg;
    rt_go(abort_child, NULL, 0);
    defer_print("main deferred");
    for (int i = 0; i < 3; i++) {
        tu_printf("main %d\n", i);
        rt_gosched();
    }
    rt_chan *c = rt_chan_make(1, rt_int(0)), *d = rt_chan_make(1, rt_int(0));
    rt_chan_send(c, rt_int(1));
    rt_chan_send(d, rt_int(2));
    rt_select_case cs[2] = {{c, RT_RECV, rt_nil(), false}, {d, RT_RECV, rt_nil(), false}};
    tu_printf("%s\n", rt_select(cs, 2, false) == 0 ? "c" : "d");
}

Test(sched, chooser_abort)
{
    /* The full run first: how many decisions, and the last is the select. */
    abort_chooser full = {{abort_choose}, UINT64_MAX, 0};
    rt_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.chooser = &full.base;
    rt_result r = tu_run_cfg(&cfg, abort_main, NULL);
    cr_assert_eq(r.end, RT_END_RETURN, "end = %s", rt_end_name(r.end));
    size_t n = r.ndecisions;
    cr_assert_geq(n, 3);
    cr_assert_eq(r.decisions[n - 1].kind, RT_DEC_SELECT);
    cr_assert(has_line(r.out, "d"), "%s", r.out);
    char full_out[512];
    snprintf(full_out, sizeof full_out, "%s", r.out);

    for (uint64_t at = 0; at < n; at++) {
        abort_chooser c = {{abort_choose}, at, 0};
        cfg.chooser = &c.base;
        r = tu_run_cfg(&cfg, abort_main, NULL);
        cr_assert_eq(r.end, RT_END_ABORT, "at %llu: end = %s", (unsigned long long)at,
                     rt_end_name(r.end));
        cr_assert_eq(r.exit_code, -1);
        cr_assert_eq(r.ndecisions, at, "at %llu: %zu decisions recorded", (unsigned long long)at,
                     r.ndecisions);
        cr_assert_eq(c.asked, at + 1);
        cr_assert_str_eq(r.err, "");
        /* What ran is a prefix of the full run; main's deferred call, due
         * after the last decision, never ran. */
        cr_assert_eq(strncmp(r.out, full_out, strlen(r.out)), 0, "at %llu: %s",
                     (unsigned long long)at, r.out);
        cr_assert_lt(strlen(r.out), strlen(full_out));
        cr_assert_null(strstr(r.out, "main deferred"), "at %llu: %s", (unsigned long long)at,
                       r.out);
        cr_assert_str_eq(rt_end_name(r.end), "abort");
    }
    /* Executions after an abort are whole again. */
    cfg.chooser = &full.base;
    r = tu_run_cfg(&cfg, abort_main, NULL);
    cr_assert_eq(r.end, RT_END_RETURN);
    cr_assert_str_eq(r.out, full_out);
}

/* defer fmt.Println("deferred"); fmt.Println("before"); rt_abort() from
 * goroutine code: the same end, and the defer does not run. */
static void abort_self_main(void *arg)
{
    (void)arg;
    defer_print("deferred");
    tu_printf("before\n");
    rt_abort();
}

Test(sched, abort_from_goroutine_code)
{
    rt_result r = tu_run(abort_self_main, NULL);
    cr_assert_eq(r.end, RT_END_ABORT, "end = %s", rt_end_name(r.end));
    cr_assert_eq(r.exit_code, -1);
    cr_assert_str_eq(r.out, "before\n");
    cr_assert_str_eq(r.err, "");
}
