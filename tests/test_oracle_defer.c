/* test_oracle_defer.c - the violation checkers for defer order, argument
 * timing, recover and Goexit (oracles/defer_order.c, arg_timing.c,
 * recover.c, goexit.c).
 *
 * Two kinds of test:
 *   - correct programs written against the C API (the Go they stand for is
 *     in the comment above each) run with the oracles attached under 200
 *     seeds: none of these four checkers may report a violation;
 *   - hand-built event sequences, fed to the oracles directly: first the
 *     correct sequence (quiet), then the same sequence with one thing
 *     broken the way a faulty runtime would break it (FIFO defers,
 *     arguments read at call time, recover effective from a helper, Goexit
 *     skipping defers, main's return running other goroutines' defers,
 *     ...): the intended checker must fire, naming the rule.
 */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "oracle.h"
#include "rt_testutil.h"

#define SEEDS       200
#define MILLISECOND 1000000LL

/* ------------------------------------------------------------ the oracles */

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

TestSuite(oracle_defer, .init = setup, .fini = teardown);

/* The verdict as text, for failure messages. */
static const char *vtext(const oracle_verdict *v)
{
    static char buf[8192];
    oracle_verdict_format(v, buf, sizeof buf);
    return buf[0] ? buf : "(empty verdict)\n";
}

/* One of the four checkers this suite is about. */
static bool ours(oracle_id id)
{
    return id == ORC_DEFER_ORDER || id == ORC_ARG_TIMING || id == ORC_RECOVER || id == ORC_GOEXIT;
}

static size_t count_ours(const oracle_verdict *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nviolations; i++)
        n += ours(v->violations[i].oracle);
    return n;
}

static size_t count_of(const oracle_verdict *v, oracle_id who)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nviolations; i++)
        n += v->violations[i].oracle == who;
    return n;
}

static void expect_quiet(const oracle_verdict *v, const char *what)
{
    cr_assert_eq(count_ours(v), 0, "%sunexpected violation:\n%s", what, vtext(v));
}

/* Some violation of checker who contains text (the rule tag, usually). */
static void expect_violation(const oracle_verdict *v, oracle_id who, const char *text)
{
    for (size_t i = 0; i < v->nviolations; i++)
        if (v->violations[i].oracle == who && strstr(v->violations[i].message, text))
            return;
    cr_assert_fail("no %s violation containing \"%s\"; verdict:\n%s", oracle_name(who), text,
                   vtext(v));
}

/* ------------------------------------------------------------ programs under the oracles */

/* Runs prog(arg) once with the oracles attached and the given language. */
static const oracle_verdict *check_seed(rt_fn prog, void *arg, uint64_t seed, rt_lang lang,
                                        rt_result *r)
{
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, seed);
    rt_observer obs = oracle_observer(orc);
    rt_config cfg = {0};
    cfg.chooser = &pc.base;
    cfg.observers = &obs;
    cfg.nobservers = 1;
    cfg.lang = lang;
    oracle_set_lang(orc, lang);
    oracle_reset(orc);
    *r = tu_run_cfg(&cfg, prog, arg);
    return oracle_finish(orc);
}

/* prog ends the way end says, with no violation, under SEEDS seeds. */
static void expect_quiet_lang(rt_fn prog, rt_lang lang, rt_end end, int code)
{
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        char what[48];
        rt_result r;
        const oracle_verdict *v = check_seed(prog, NULL, seed, lang, &r);
        snprintf(what, sizeof what, "seed %llu: ", (unsigned long long)seed);
        expect_quiet(v, what);
        cr_assert_eq(r.end, end, "%send %s, want %s; stderr \"%s\"", what, rt_end_name(r.end),
                     rt_end_name(end), r.err);
        cr_assert_eq(r.exit_code, code, "%sexit code %d, want %d", what, r.exit_code, code);
    }
}

static void expect_quiet_under_seeds(rt_fn prog, rt_end end, int code)
{
    expect_quiet_lang(prog, RT_LANG_GO122, end, code);
}

/* ------------------------------------------------------------ Go helpers */

/* fmt.Println(s) as a deferred call: arg holds a copy of s. */
static void print_fn(void *arg)
{
    tu_printf("%s\n", *(const char **)arg);
}

/* defer fmt.Println(s) */
static void defer_print(const char *s)
{
    rt_defer(print_fn, &s, sizeof s);
}

/* func() { panic(s) } */
static void panic_fn(void *arg)
{
    rt_panic(rt_str(*(const char **)arg));
}

/* defer func() { panic(s) }() */
static void defer_panic(const char *s)
{
    rt_defer(panic_fn, &s, sizeof s);
}

/* func() { recover() } */
static void recover_fn(void *arg)
{
    (void)arg;
    rt_recover();
}

/* func() { runtime.Goexit() } */
static void goexit_fn(void *arg)
{
    (void)arg;
    rt_goexit();
}

/* func() { wg.Done() }: arg holds the WaitGroup. */
static void wg_done_fn(void *arg)
{
    rt_wg_done(*(rt_waitgroup **)arg);
}

/* defer wg.Done() */
static void defer_done(rt_waitgroup *wg)
{
    rt_defer(wg_done_fn, &wg, sizeof wg);
}

/* go fn(wg) for n goroutines, each with its own index. */
struct worker_arg {
    rt_waitgroup *wg;
    int i;
};

static void spawn(rt_fn fn, rt_waitgroup *wg, int n)
{
    for (int i = 0; i < n; i++) {
        struct worker_arg a = {wg, i};
        rt_wg_add(wg, 1);
        rt_go(fn, &a, sizeof a);
    }
}

/* ------------------------------------------------------------ D5: defer order */

/* func inner(i int) {
 *     for j := 0; j < 3; j++ { defer fmt.Println("inner", i, j); runtime.Gosched() }
 * } */
static void inner_loop(void *arg)
{
    int i = *(int *)arg;
    for (int j = 0; j < 3; j++) {
        char *s = rt_alloc(32);
        snprintf(s, 32, "inner %d %d", i, j);
        defer_print(s);
        rt_gosched();
    }
}

/* go func(i int) { defer wg.Done(); defer fmt.Println("outer", i); inner(i) }(i) */
static void lifo_worker(void *arg)
{
    struct worker_arg *a = arg;
    defer_done(a->wg);
    defer_print("outer");
    rt_call(inner_loop, &a->i);
}

/* defer fmt.Println("main 1"); defer fmt.Println("main 2")
 * for i := 0; i < 3; i++ { wg.Add(1); go worker(i) }; wg.Wait() */
static void prog_lifo(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    defer_print("main 1");
    defer_print("main 2");
    spawn(lifo_worker, wg, 3);
    rt_wg_wait(wg);
}

Test(oracle_defer, lifo_defers_in_nested_frames_of_many_goroutines_are_quiet)
{
    expect_quiet_under_seeds(prog_lifo, RT_END_RETURN, 0);
}

/* func g(i int) { defer fmt.Println("g"); runtime.Gosched(); panic(fmt.Sprint("w", i)) } */
static void panicking(void *arg)
{
    int i = *(int *)arg;
    defer_print("g");
    rt_gosched();
    char *s = rt_alloc(16);
    snprintf(s, 16, "w%d", i);
    rt_panic(rt_str(s));
}

/* func() { fmt.Println("recovered", recover()) } */
static void print_recover_fn(void *arg)
{
    (void)arg;
    rt_value v = rt_recover();
    tu_printf("recovered %.*s\n", (int)v.n, v.s ? v.s : "");
}

/* func safe(i int) { defer func() { fmt.Println("recovered", recover()) }(); g(i) } */
static void safe(void *arg)
{
    rt_defer(print_recover_fn, NULL, 0);
    rt_call(panicking, arg);
}

/* go func(i int) { defer wg.Done(); safe(i); fmt.Println("after") }(i) */
static void safe_worker(void *arg)
{
    struct worker_arg *a = arg;
    defer_done(a->wg);
    rt_call(safe, &a->i);
    tu_printf("after\n");
}

static void prog_recover_workers(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    spawn(safe_worker, wg, 3);
    rt_wg_wait(wg);
}

/* R1, R4, D5: panics unwind frame by frame and are recovered in each goroutine. */
Test(oracle_defer, recovered_panics_in_concurrent_goroutines_are_quiet)
{
    expect_quiet_under_seeds(prog_recover_workers, RT_END_RETURN, 0);
}

/* ------------------------------------------------------------ P5: printed chains */

/* go func() { for { runtime.Gosched() } }()
 * defer func() { panic("B") }(); panic("A") */
static void spinner(void *arg)
{
    (void)arg;
    for (;;)
        rt_gosched();
}

static void prog_chain_crash(void *arg)
{
    (void)arg;
    rt_go(spinner, NULL, 0);
    defer_print("main defer");
    defer_panic("B");
    rt_gosched();
    rt_panic(rt_str("A"));
}

/* P5 row 1, while another goroutine runs. */
Test(oracle_defer, unrecovered_chain_of_two_panics_is_quiet)
{
    expect_quiet_under_seeds(prog_chain_crash, RT_END_PANIC, 2);
}

/* func() { recover(); panic("B") } */
static void recover_then_panic_b(void *arg)
{
    (void)arg;
    rt_recover();
    rt_panic(rt_str("B"));
}

/* defer func() { recover(); panic("B") }(); panic("A") */
static void prog_recovered_then_new_panic(void *arg)
{
    (void)arg;
    rt_defer(recover_then_panic_b, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 3: "panic: A [recovered]\n\tpanic: B\n". */
Test(oracle_defer, recovered_panic_then_new_panic_is_quiet)
{
    expect_quiet_under_seeds(prog_recovered_then_new_panic, RT_END_PANIC, 2);
}

/* func() { fmt.Println("recovered:", recover()); panic("Z") } */
static void recover_print_then_panic_z(void *arg)
{
    (void)arg;
    rt_recover();
    rt_panic(rt_str("Z"));
}

/* defer func() { ...recover(); panic("Z") }(); defer func() { panic("B") }(); panic("A") */
static void prog_aborted_still_printed(void *arg)
{
    (void)arg;
    rt_defer(recover_print_then_panic_z, NULL, 0);
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* P5 + R6: "panic: A\n\tpanic: B [recovered]\n\tpanic: Z\n". */
Test(oracle_defer, aborted_panic_kept_in_report_until_recovering_call_returns_is_quiet)
{
    expect_quiet_under_seeds(prog_aborted_still_printed, RT_END_PANIC, 2);
}

/* var f func(); defer f(); fmt.Println("body") */
static void prog_nil_defer(void *arg)
{
    (void)arg;
    defer_print("earlier defer");
    rt_defer(NULL, NULL, 0);
    tu_printf("body\n");
}

/* D8 + P5: the report carries the [signal SIGSEGV ...] line. */
Test(oracle_defer, deferred_nil_func_crash_with_signal_line_is_quiet)
{
    expect_quiet_under_seeds(prog_nil_defer, RT_END_PANIC, 2);
}

/* defer fmt.Println("outermost"); defer func() { panic("B") }()
 * defer runtime.Goexit(); panic("A") */
static void prog_goexit_between_panics(void *arg)
{
    (void)arg;
    defer_print("outermost");
    defer_panic("B");
    rt_defer(goexit_fn, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 10: "panic: A\n\tpanic: B\n" (the Goexit link is not printed). */
Test(oracle_defer, goexit_between_two_panics_is_quiet)
{
    expect_quiet_under_seeds(prog_goexit_between_panics, RT_END_PANIC, 2);
}

/* ------------------------------------------------------------ R1-R6 */

/* defer func() { recover() }(); defer func() { panic("B") }(); panic("A") */
static void prog_aborted_panic(void *arg)
{
    (void)arg;
    rt_defer(recover_fn, NULL, 0);
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* R6 (TestAbortedPanic): recovering B ends the aborted A too; exit 0. */
Test(oracle_defer, recovering_newer_panic_ends_aborted_one_is_quiet)
{
    expect_quiet_under_seeds(prog_aborted_panic, RT_END_RETURN, 0);
}

/* func() { defer func() { recover() }(); panic("B") } */
static void panic_b_recovered_inside(void *arg)
{
    (void)arg;
    rt_defer(recover_fn, NULL, 0);
    rt_panic(rt_str("B"));
}

/* defer func() { defer func() { recover() }(); panic("B") }(); panic("A") */
static void prog_recursive_panic3(void *arg)
{
    (void)arg;
    rt_defer(panic_b_recovered_inside, NULL, 0);
    rt_panic(rt_str("A"));
}

/* R6 (RecursivePanic3): A resumes and crashes alone. */
Test(oracle_defer, panic_recovered_inside_deferred_call_lets_older_continue_is_quiet)
{
    expect_quiet_under_seeds(prog_recursive_panic3, RT_END_PANIC, 2);
}

/* func helper() { recover() } ; func() { helper() } */
static void via_helper(void *arg)
{
    rt_call(recover_fn, arg);
}

/* func() { defer recover() } */
static void defers_builtin_recover(void *arg)
{
    (void)arg;
    rt_defer_recover();
}

/* func f() { defer recover(); defer func() { helper() }(); panic("f") }
 * func main() { defer func() { defer recover() }(); f() } */
static void ineffective_recovers(void *arg)
{
    (void)arg;
    rt_defer_recover();            /* R2: recover is the deferred call itself */
    rt_defer(via_helper, NULL, 0); /* R2: called from a helper */
    rt_panic(rt_str("f"));
}

static void prog_recover_rules(void *arg)
{
    (void)arg;
    rt_defer(defers_builtin_recover, NULL, 0); /* R3: recovers */
    tu_printf("not panicking: %d\n", rt_recover().kind);
    rt_call(ineffective_recovers, NULL);
}

/* R1, R2, R3 in one program; it ends normally (exit 0). */
Test(oracle_defer, recover_rules_r1_r2_r3_are_quiet)
{
    expect_quiet_under_seeds(prog_recover_rules, RT_END_RETURN, 0);
}

/* func() { r, ok := recover2(); fmt.Println(r, ok) } */
static void recover2_fn(void *arg)
{
    (void)arg;
    bool eff = false;
    rt_value v = rt_recover2(&eff);
    tu_printf("%d %d\n", v.kind, eff);
}

/* defer func() { recover() }(); panic(nil) */
static void prog_panic_nil(void *arg)
{
    (void)arg;
    rt_defer(recover2_fn, NULL, 0);
    rt_panic(rt_nil());
}

/* R9 under both language versions. */
Test(oracle_defer, panic_nil_recovered_under_go119_and_go122_is_quiet)
{
    expect_quiet_lang(prog_panic_nil, RT_LANG_GO119, RT_END_RETURN, 0);
    expect_quiet_lang(prog_panic_nil, RT_LANG_GO122, RT_END_RETURN, 0);
}

/* panic(nil) unrecovered: "panic: nil" / "panic: panic called with nil argument". */
static void prog_panic_nil_crash(void *arg)
{
    (void)arg;
    defer_print("deferred");
    rt_panic(rt_nil());
}

Test(oracle_defer, panic_nil_unrecovered_under_go119_and_go122_is_quiet)
{
    expect_quiet_lang(prog_panic_nil_crash, RT_LANG_GO119, RT_END_PANIC, 2);
    expect_quiet_lang(prog_panic_nil_crash, RT_LANG_GO122, RT_END_PANIC, 2);
}

/* func() { fmt.Println("child defer start"); time.Sleep(2s) } */
static void slow_defer(void *arg)
{
    (void)arg;
    rt_sleep(2000 * MILLISECOND);
}

/* go func() { defer slow(); panic("child") }() */
static void slow_panicker(void *arg)
{
    (void)arg;
    rt_defer(slow_defer, NULL, 0);
    rt_panic(rt_str("child panic"));
}

/* go ...; time.Sleep(500ms) */
static void prog_main_returns_during_panic(void *arg)
{
    (void)arg;
    rt_go(slow_panicker, NULL, 0);
    rt_sleep(500 * MILLISECOND);
}

/* P2: main returning while a goroutine runs panic defers exits 0. */
Test(oracle_defer, main_returning_during_child_panic_defers_is_quiet)
{
    expect_quiet_under_seeds(prog_main_returns_during_panic, RT_END_RETURN, 0);
}

/* ------------------------------------------------------------ G1-G6: Goexit */

/* func level2() {
 *     defer func() { fmt.Println(recover()); runtime.Gosched() }()
 *     runtime.Goexit(); fmt.Println("unreachable")
 * } */
static void recover_nil_and_yield(void *arg)
{
    (void)arg;
    tu_printf("recover during Goexit: kind %d\n", rt_recover().kind);
    rt_gosched();
}

static void level2(void *arg)
{
    (void)arg;
    rt_defer(recover_nil_and_yield, NULL, 0);
    defer_print("level2");
    rt_goexit();
}

/* go func() { defer wg.Done(); defer fmt.Println("level1"); level2() }() */
static void goexit_worker(void *arg)
{
    struct worker_arg *a = arg;
    defer_done(a->wg);
    defer_print("level1");
    rt_call(level2, NULL);
    tu_printf("unreachable\n");
}

static void prog_goexit_workers(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    spawn(goexit_worker, wg, 3);
    rt_wg_wait(wg);
}

/* G1, G2: every defer runs, innermost frame first; recover is nil. */
Test(oracle_defer, goexit_in_concurrent_goroutines_is_quiet)
{
    expect_quiet_under_seeds(prog_goexit_workers, RT_END_RETURN, 0);
}

/* go func() { defer wg.Done(); defer func() { recover() }()
 *             defer func() { panic("x") }(); runtime.Goexit() }() */
static void goexit_panic_recovered(void *arg)
{
    struct worker_arg *a = arg;
    defer_done(a->wg);
    rt_defer(recover_fn, NULL, 0);
    defer_panic("during goexit");
    rt_goexit();
}

/* go func() { defer wg.Done(); defer runtime.Goexit(); panic("A") }() */
static void goexit_in_panic(void *arg)
{
    struct worker_arg *a = arg;
    defer_done(a->wg);
    rt_defer(goexit_fn, NULL, 0);
    rt_panic(rt_str("abandoned"));
}

static void prog_goexit_and_panics(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    spawn(goexit_panic_recovered, wg, 2);
    spawn(goexit_in_panic, wg, 2);
    rt_wg_wait(wg);
}

/* G3 (a recovered panic lets Goexit carry on) and G4 (Goexit abandons a panic). */
Test(oracle_defer, goexit_with_recovered_and_abandoned_panics_is_quiet)
{
    expect_quiet_under_seeds(prog_goexit_and_panics, RT_END_RETURN, 0);
}

/* func body() {
 *     defer wg.Done(); defer func() { recover() }()
 *     defer func() { panic("B") }(); defer func() { panic("A") }()
 *     runtime.Goexit()
 * }
 * go func() { body(); fmt.Println("body returned normally") }() */
static void goexit_lost_body(void *arg)
{
    struct worker_arg *a = arg;
    defer_done(a->wg);
    rt_defer(recover_fn, NULL, 0);
    defer_panic("B");
    defer_panic("A");
    rt_goexit();
}

static void goexit_lost_worker(void *arg)
{
    rt_call(goexit_lost_body, arg);
    tu_printf("body returned normally\n");
}

static void prog_goexit_lost(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    spawn(goexit_lost_worker, wg, 1);
    rt_wg_wait(wg);
}

/* Go 1.19's gopanic (checked with gc 1.19.8, which prints "body returned
 * normally"): recovering B removes the aborted A and, under it, the aborted
 * Goexit, so body returns normally. The checkers model that, not a rule of
 * their own. */
Test(oracle_defer, goexit_abandoned_by_recovery_past_aborted_panic_is_quiet)
{
    expect_quiet_under_seeds(prog_goexit_lost, RT_END_RETURN, 0);
}

/* go func() { for i := 0; i < 3; i++ { runtime.Gosched() }; os.Exit(3) }()
 * defer fmt.Println("main defer"); runtime.Goexit() */
static void exits_later(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++)
        rt_gosched();
    rt_exit(3);
}

static void prog_main_goexit_then_exit(void *arg)
{
    (void)arg;
    rt_go(exits_later, NULL, 0);
    defer_print("main defer");
    rt_goexit();
}

/* G6: main's Goexit lets the others run; one of them calls os.Exit(3). */
Test(oracle_defer, main_goexit_then_other_goroutine_exits_is_quiet)
{
    expect_quiet_under_seeds(prog_main_goexit_then_exit, RT_END_EXIT, 3);
}

/* go func() { runtime.Gosched() }(); defer fmt.Println("main defer"); runtime.Goexit() */
static void yields_once(void *arg)
{
    (void)arg;
    rt_gosched();
}

static void prog_main_goexit_deadlock(void *arg)
{
    (void)arg;
    rt_go(yields_once, NULL, 0);
    defer_print("main defer");
    rt_goexit();
}

/* G6: when no goroutine is left, "no goroutines (main called runtime.Goexit)". */
Test(oracle_defer, main_goexit_with_no_goroutines_left_is_quiet)
{
    expect_quiet_under_seeds(prog_main_goexit_deadlock, RT_END_FATAL, 2);
}

/* ------------------------------------------------------------ D1, D4: argument timing */

/* Variable ids the programs report (rt_note_read/rt_note_write). */
enum { VAR_X = 1, VAR_COUNT = 2 };

/* x := v (reported write of a captured variable). */
static void set_var(int64_t *x, uint64_t id, int64_t v)
{
    *x = v;
    rt_note_write(id, rt_int(v));
}

static int64_t get_var(const int64_t *x, uint64_t id)
{
    rt_note_read(id, rt_int(*x));
    return *x;
}

/* func(v int) { fmt.Println("arg", v, "x", x) }: arg holds {v, &x}. */
struct arg_and_ref {
    int64_t v;
    int64_t *x;
};

static void print_arg_and_var(void *arg)
{
    struct arg_and_ref *a = arg;
    tu_printf("arg %lld x %lld\n", (long long)a->v, (long long)get_var(a->x, VAR_X));
}

/* go func() { mu.Lock(); count++; mu.Unlock(); wg.Done() }() */
struct counter {
    rt_mutex *mu;
    rt_waitgroup *wg;
    int64_t *count;
};

static void count_up(void *arg)
{
    struct counter *c = arg;
    rt_mutex_lock(c->mu);
    int64_t n = get_var(c->count, VAR_COUNT);
    rt_gosched();
    set_var(c->count, VAR_COUNT, n + 1);
    rt_mutex_unlock(c->mu);
    rt_wg_done(c->wg);
}

/* x := 1
 * defer func(v int) { fmt.Println("arg", v, "x", x) }(x)   // v copied now (D1), x read later (D4)
 * x = 3; 3 goroutines count++ under a mutex; wg.Wait(); x = count */
static void prog_arg_timing(void *arg)
{
    (void)arg;
    int64_t *x = rt_alloc(sizeof *x);
    int64_t *count = rt_alloc(sizeof *count);
    set_var(x, VAR_X, 1);
    struct arg_and_ref a = {get_var(x, VAR_X), x};
    rt_defer(print_arg_and_var, &a, sizeof a);
    a.v = 99; /* the caller's copy changes; the registered one must not */
    set_var(x, VAR_X, 3);
    struct counter c = {rt_mutex_new(), rt_wg_new(), count};
    rt_wg_add(c.wg, 3);
    for (int i = 0; i < 3; i++)
        rt_go(count_up, &c, sizeof c);
    rt_wg_wait(c.wg);
    set_var(x, VAR_X, get_var(count, VAR_COUNT));
}

/* D1 + D4: the argument is the value at the defer statement, the closure
 * sees the last write. */
Test(oracle_defer, args_captured_at_defer_and_closure_reads_latest_write_are_quiet)
{
    expect_quiet_under_seeds(prog_arg_timing, RT_END_RETURN, 0);
}

/* An interpreter that captured x by value would report the read of the
 * value it copied at the defer statement. */
static void stale_closure(void *arg)
{
    rt_note_read(VAR_X, rt_int(*(int64_t *)arg));
}

/* x := 1; defer func() { print(x) }(); x = 3 -- with the closure reading a stale copy */
static void prog_stale_closure(void *arg)
{
    (void)arg;
    int64_t *x = rt_alloc(sizeof *x);
    set_var(x, VAR_X, 1);
    rt_defer(stale_closure, x, sizeof *x);
    set_var(x, VAR_X, 3);
}

/* D4: the checker fires through the C API. */
Test(oracle_defer, closure_reading_a_stale_copy_violates_d4)
{
    rt_result r;
    const oracle_verdict *v = check_seed(prog_stale_closure, NULL, 1, RT_LANG_GO122, &r);
    expect_violation(v, ORC_ARG_TIMING,
                     "D4: read of captured variable v1 saw int 1, but its last write");
    expect_violation(v, ORC_ARG_TIMING, "stored int 3");
}

/* ------------------------------------------------------------ offline */

/* The checkers agree when they read a recorded trace instead of live events. */
Test(oracle_defer, recorded_traces_are_quiet_offline)
{
    rt_fn progs[] = {prog_aborted_still_printed, prog_goexit_workers, prog_arg_timing,
                     prog_nil_defer};
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        for (uint64_t seed = 1; seed <= 20; seed++) {
            rt_result r = tu_run_seed_traced(progs[i], NULL, seed);
            oracle_set_lang(orc, RT_LANG_GO122);
            const oracle_verdict *v = oracle_check_trace(orc, r.trace, r.trace_len);
            cr_assert_not_null(v);
            expect_quiet(v, "offline: ");
        }
    }
}

/* ================================================================ hand-built events */

static rt_event evs[128];
static size_t nevs;

static rt_event *add(uint32_t kind, uint32_t g, uint64_t a, uint64_t b, uint64_t c)
{
    cr_assert_lt(nevs, sizeof evs / sizeof evs[0]);
    rt_event *e = &evs[nevs];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->g = g;
    e->seq = nevs++;
    e->a = a;
    e->b = b;
    e->c = c;
    return e;
}

static void run(uint32_t g)
{
    add(RT_EV_RUN, g, 0, 0, 0);
}
static void go_create(uint32_t g, uint32_t child)
{
    add(RT_EV_GO_CREATE, g, child, 0, 0);
}
static void enter(uint32_t g, uint64_t f, uint64_t depth)
{
    add(RT_EV_FRAME_ENTER, g, f, depth, 0);
}
static void leave(uint32_t g, uint64_t f, rt_frame_exit how)
{
    add(RT_EV_FRAME_EXIT, g, f, how, 0);
}
static void reg(uint32_t g, uint64_t f, uint64_t d)
{
    add(RT_EV_DEFER_REG, g, f, d, 0);
}
static void call(uint32_t g, uint64_t f, uint64_t d, rt_defer_by by)
{
    add(RT_EV_DEFER_CALL, g, f, d, by);
}
static void ret(uint32_t g, uint64_t f, uint64_t d)
{
    add(RT_EV_DEFER_RET, g, f, d, 0);
}
static void panic_ev(uint32_t g, uint64_t id, rt_value v)
{
    add(RT_EV_PANIC, g, id, 0, 0)->v = v;
}
static void recover_ev(uint32_t g, uint64_t id, bool eff, uint64_t caller, rt_value v)
{
    add(RT_EV_RECOVER, g, id, eff, caller)->v = v;
}
static void goexit_ev(uint32_t g, uint64_t id)
{
    add(RT_EV_GOEXIT, g, id, 0, 0);
}
static void abort_ev(uint32_t g, uint64_t id)
{
    add(RT_EV_PANIC_ABORT, g, id, 0, 0);
}
static void go_end(uint32_t g, rt_go_end how)
{
    add(RT_EV_GO_END, g, how, 0, 0);
}
static void end(uint32_t g, rt_end how, int code, rt_fatal_kind fk)
{
    add(RT_EV_END, g, how, (uint64_t)(int64_t)code, fk);
}
static void print_ev(uint32_t g, int fd, const char *text)
{
    rt_event *e = add(RT_EV_PRINT, g, (uint64_t)fd, 0, 0);
    e->bytes = (const uint8_t *)text;
    e->nbytes = (uint32_t)strlen(text);
}
static void with_bytes(const void *p, uint32_t n)
{
    evs[nevs - 1].bytes = p;
    evs[nevs - 1].nbytes = n;
}
static void var_ev(uint32_t kind, uint32_t g, uint64_t id, int64_t v)
{
    add(kind, g, id, 0, 0)->v = rt_int(v);
}

/* Feeds the sequence built so far to the oracles. */
static const oracle_verdict *feed_lang(rt_lang lang)
{
    oracle_set_lang(orc, lang);
    oracle_reset(orc);
    for (size_t i = 0; i < nevs; i++)
        oracle_event(orc, &evs[i]);
    return oracle_finish(orc);
}

static const oracle_verdict *feed(void)
{
    return feed_lang(RT_LANG_GO122);
}

/* Builds one of the variants of a sequence (0 is the correct one). */
typedef void (*builder)(int variant);

static const oracle_verdict *build(builder b, int variant)
{
    nevs = 0;
    b(variant);
    return feed();
}

/* main (g1) returns normally: its frame's exit, GO_END, END. */
static void main_returns(uint64_t f)
{
    leave(1, f, RT_FRAME_RETURN);
    go_end(1, RT_GOEND_RETURN);
    end(1, RT_END_RETURN, 0, RT_FATAL_NONE);
}

/* ------------------------------------------------------------ defer order */

/* func main() { defer a(); defer b() }: f1 registers d1 and d2, then runs
 * them at its return. 1: FIFO. 2: d2 twice. 3: d1 never runs. 4: a defer
 * runs while f1 still runs (it then calls f9). 5: f1 registers after its
 * defers began. */
static void lifo_return(int variant)
{
    run(1);
    enter(1, 1, 1);
    reg(1, 1, 1);
    reg(1, 1, 2);
    if (variant == 4) {
        call(1, 1, 2, RT_BY_RETURN);
        enter(1, 2, 2);
        leave(1, 2, RT_FRAME_RETURN);
        ret(1, 1, 2);
        enter(1, 9, 2); /* the body goes on: a call that is no deferred call */
        leave(1, 9, RT_FRAME_RETURN);
        call(1, 1, 1, RT_BY_RETURN);
        enter(1, 3, 2);
        leave(1, 3, RT_FRAME_RETURN);
        ret(1, 1, 1);
        main_returns(1);
        return;
    }
    uint64_t first = variant == 1 ? 1 : 2, second = variant == 1 ? 2 : 1;
    call(1, 1, first, RT_BY_RETURN);
    enter(1, 2, 2);
    leave(1, 2, RT_FRAME_RETURN);
    ret(1, 1, first);
    if (variant == 5)
        reg(1, 1, 7);
    if (variant == 2)
        second = 2;
    if (variant != 3) {
        call(1, 1, second, RT_BY_RETURN);
        enter(1, 3, 2);
        leave(1, 3, RT_FRAME_RETURN);
        ret(1, 1, second);
    }
    if (variant == 5) {
        call(1, 1, 7, RT_BY_RETURN);
        ret(1, 1, 7);
    }
    main_returns(1);
}

Test(oracle_defer, correct_lifo_return_sequence_is_quiet)
{
    expect_quiet(build(lifo_return, 0), "");
}

/* The FIFO mutant. */
Test(oracle_defer, fifo_defers_violate_d5)
{
    expect_violation(build(lifo_return, 1), ORC_DEFER_ORDER,
                     "D5: defer d1 of frame f1 ran before d2 (registered later)");
}

Test(oracle_defer, defer_run_twice_violates_d5)
{
    expect_violation(
        build(lifo_return, 2), ORC_DEFER_ORDER,
        "D5: defer d2 of frame f1 ran, but it is not pending (it already ran, or was never "
        "registered)");
}

Test(oracle_defer, frame_returning_with_pending_defer_violates_d5)
{
    expect_violation(build(lifo_return, 3), ORC_DEFER_ORDER,
                     "D5: frame f1 returned with defer d1 never run");
}

Test(oracle_defer, defer_running_while_its_frame_still_runs_violates_d5)
{
    expect_violation(build(lifo_return, 4), ORC_DEFER_ORDER,
                     "D5: frame f1 of g1 called f9 after its deferred calls began");
}

Test(oracle_defer, defer_registered_after_deferred_calls_began_violates_d5)
{
    expect_violation(build(lifo_return, 5), ORC_DEFER_ORDER,
                     "D5: frame f1 registered defer d7 after its deferred calls began");
}

/* func main() { defer a(); f() }; func f() { defer b(); panic("p") }:
 * the panic runs d2 (frame f2) then d1 (frame f1), and crashes.
 * 1: d1 runs before d2 (outer frame first). 2: the crash leaves d1 unrun.
 * 3: the runtime runs d2 at return while f3 (a call of f2) is still live. */
static void panic_two_frames(int variant)
{
    run(1);
    enter(1, 1, 1);
    reg(1, 1, 1);
    enter(1, 2, 2);
    reg(1, 2, 2);
    if (variant == 3) {
        enter(1, 3, 3);
        call(1, 2, 2, RT_BY_RETURN);
        return;
    }
    panic_ev(1, 1, rt_str("p"));
    uint64_t first = variant == 1 ? 1 : 2;
    uint64_t ff = variant == 1 ? 1 : 2;
    call(1, ff, first, RT_BY_PANIC);
    enter(1, 10, 3);
    leave(1, 10, RT_FRAME_RETURN);
    ret(1, ff, first);
    if (variant != 2) {
        call(1, variant == 1 ? 2 : 1, variant == 1 ? 2 : 1, RT_BY_PANIC);
        enter(1, 11, 3);
        leave(1, 11, RT_FRAME_RETURN);
        ret(1, variant == 1 ? 2 : 1, variant == 1 ? 2 : 1);
    }
    print_ev(1, 2, "panic: p\n");
    end(1, RT_END_PANIC, 2, RT_FATAL_NONE);
}

Test(oracle_defer, correct_panic_through_two_frames_is_quiet)
{
    expect_quiet(build(panic_two_frames, 0), "");
}

Test(oracle_defer, panic_running_outer_frame_first_violates_d5)
{
    expect_violation(build(panic_two_frames, 1), ORC_DEFER_ORDER,
                     "D5: defer d1 of frame f1 ran by panic before defer d2 of the newer frame f2");
}

Test(oracle_defer, crash_with_defer_not_run_violates_p1)
{
    expect_violation(build(panic_two_frames, 2), ORC_DEFER_ORDER,
                     "P1: the program ended by a panic of g1 with defer d1 of frame f1 never run");
}

Test(oracle_defer, return_defer_of_a_frame_that_is_not_innermost_violates_d5)
{
    expect_violation(build(panic_two_frames, 3), ORC_DEFER_ORDER,
                     "D5: defer d2 of frame f2 ran at its return while the newer frame f3");
}

/* go func() { defer cleanup(); <-block }(); main returns. 1: the mutant
 * that runs g2's defer after main's return (X1). 2: a recovery unwinds f2
 * of g2 with its defer pending. */
static void main_return_with_child(int variant)
{
    run(1);
    enter(1, 1, 1);
    go_create(1, 2);
    run(2);
    enter(2, 2, 1);
    reg(2, 2, 5);
    if (variant == 2) {
        leave(2, 2, RT_FRAME_UNWOUND);
        return;
    }
    add(RT_EV_BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    run(1);
    leave(1, 1, RT_FRAME_RETURN);
    go_end(1, RT_GOEND_RETURN);
    if (variant == 1) {
        call(2, 2, 5, RT_BY_RETURN);
        ret(2, 2, 5);
    }
    end(1, RT_END_RETURN, 0, RT_FATAL_NONE);
}

Test(oracle_defer, main_return_leaving_child_defers_is_quiet)
{
    expect_quiet(build(main_return_with_child, 0), "");
}

/* The mutant "main's return runs other goroutines' defers". */
Test(oracle_defer, child_defer_after_main_returned_violates_x1)
{
    expect_violation(build(main_return_with_child, 1), ORC_DEFER_ORDER,
                     "X1: defer d5 of frame f2 (g2) ran after main returned");
}

Test(oracle_defer, frame_unwound_with_pending_defer_violates_d5)
{
    expect_violation(build(main_return_with_child, 2), ORC_DEFER_ORDER,
                     "D5: frame f2 was unwound with defer d5 never run");
}

/* ------------------------------------------------------------ argument timing */

/* x := 1; defer print(x); x = 3. 1: the call gets the bytes of x at call
 * time (the "arguments read at call time" mutant). 2: a closure's read
 * misses the last write. */
static const uint8_t ONE[4] = {1, 0, 0, 0}, THREE[4] = {3, 0, 0, 0};

static void arg_sequence(int variant)
{
    run(1);
    enter(1, 1, 1);
    var_ev(RT_EV_VAR_WRITE, 1, 7, 1);
    reg(1, 1, 1);
    with_bytes(ONE, 4);
    var_ev(RT_EV_VAR_WRITE, 1, 7, 3);
    var_ev(RT_EV_VAR_READ, 1, 8, 42); /* never written: not judged */
    call(1, 1, 1, RT_BY_RETURN);
    with_bytes(variant == 1 ? THREE : ONE, 4);
    enter(1, 2, 2);
    var_ev(RT_EV_VAR_READ, 1, 7, variant == 2 ? 1 : 3);
    leave(1, 2, RT_FRAME_RETURN);
    ret(1, 1, 1);
    main_returns(1);
}

Test(oracle_defer, correct_argument_and_variable_sequence_is_quiet)
{
    expect_quiet(build(arg_sequence, 0), "");
}

Test(oracle_defer, arguments_read_at_call_time_violate_d1)
{
    expect_violation(build(arg_sequence, 1), ORC_ARG_TIMING,
                     "D1: defer d1 of frame f1 was called with arguments that differ from those "
                     "captured at its defer statement (event 3), first at byte 0: got 4 bytes "
                     "[03 00 00 00], captured 4 bytes [01 00 00 00]");
}

Test(oracle_defer, stale_read_of_captured_variable_violates_d4)
{
    expect_violation(build(arg_sequence, 2), ORC_ARG_TIMING,
                     "D4: read of captured variable v7 saw int 1, but its last write (event 4) "
                     "stored int 3");
}

/* ------------------------------------------------------------ recover */

/* func f() { defer func() { recover() }(); g() }; g panics "boom" (f3).
 * f1 = main, f2 = f, d1 = the recovering closure (frame f4).
 * 1: recover is called from a helper (f5) and is effective (the mutant).
 * 2: the direct recover returns nil. 3: it returns another value.
 * 4: f2 exits "return" instead of "recovered". 5: f3 is not unwound.
 * 6: the recover reports the wrong caller frame. */
static void recover_sequence(int variant)
{
    run(1);
    enter(1, 1, 1);
    enter(1, 2, 2);
    reg(1, 2, 1);
    enter(1, 3, 3);
    panic_ev(1, 1, rt_str("boom"));
    call(1, 2, 1, RT_BY_PANIC);
    enter(1, 4, 4);
    if (variant == 1) {
        enter(1, 5, 5);
        recover_ev(1, 1, true, 5, rt_str("boom"));
        leave(1, 5, RT_FRAME_RETURN);
    } else {
        recover_ev(1, 1, variant != 2, variant == 6 ? 2 : 4,
                   variant == 2   ? rt_nil()
                   : variant == 3 ? rt_str("other")
                                  : rt_str("boom"));
    }
    leave(1, 4, RT_FRAME_RETURN);
    ret(1, 2, 1);
    if (variant == 2) {
        print_ev(1, 2, "panic: boom\n");
        end(1, RT_END_PANIC, 2, RT_FATAL_NONE);
        return;
    }
    if (variant != 5)
        leave(1, 3, RT_FRAME_UNWOUND);
    leave(1, 2, variant == 4 ? RT_FRAME_RETURN : RT_FRAME_RECOVERED);
    main_returns(1);
}

Test(oracle_defer, correct_recover_sequence_is_quiet)
{
    expect_quiet(build(recover_sequence, 0), "");
}

/* The mutant "recover effective from a helper frame". */
Test(oracle_defer, recover_effective_from_helper_violates_r1)
{
    const oracle_verdict *v = build(recover_sequence, 1);
    expect_violation(v, ORC_RECOVER,
                     "R1: recover in frame f5 was effective, but p1 is running the deferred call "
                     "of frame f4: recover must be called directly by it");
    /* The model follows what the runtime did: one mistake, one violation. */
    cr_assert_eq(count_of(v, ORC_RECOVER), 1, "%s", vtext(v));
}

Test(oracle_defer, direct_recover_returning_nil_violates_r1)
{
    expect_violation(build(recover_sequence, 2), ORC_RECOVER,
                     "R1: recover in frame f4 returned nil, but it was called directly by the "
                     "deferred call that p1 is running");
}

Test(oracle_defer, recover_returning_another_value_violates_r5)
{
    expect_violation(build(recover_sequence, 3), ORC_RECOVER,
                     "R5: recover returned other, but the newest panic p1 has value boom");
}

Test(oracle_defer, recovering_frame_exiting_as_plain_return_violates_r4)
{
    expect_violation(build(recover_sequence, 4), ORC_RECOVER,
                     "R4: frame f2 returned as if nothing happened, but its deferred call "
                     "recovered p1");
}

Test(oracle_defer, frame_between_not_unwound_after_recover_violates_r4)
{
    const oracle_verdict *v = build(recover_sequence, 5);
    expect_violation(v, ORC_RECOVER,
                     "R4: after the recovery of p1, frame f3 of g1 must be unwound before "
                     "anything else happens (got event 'leave')");
    cr_assert_eq(count_of(v, ORC_RECOVER), 1, "%s", vtext(v));
}

Test(oracle_defer, recover_naming_wrong_caller_violates_r1)
{
    expect_violation(build(recover_sequence, 6), ORC_RECOVER,
                     "R1: recover names caller frame f2, but it was called by f4");
}

/* defer func() { recover() }() (d1, f1); defer func() { panic("B") }() (d2);
 * panic("A"): A runs d2 (frame f2), which panics B; B runs past d2, so A
 * is aborted (R6); B runs d1 (frame f3), whose recover stops B and A.
 * 1: no PANIC_ABORT. 2: PANIC_ABORT names B (nothing ran past B).
 * 3: recover after the recovery: a second recover returns B again. */
static void aborted_sequence(int variant)
{
    run(1);
    enter(1, 1, 1);
    reg(1, 1, 1);
    reg(1, 1, 2);
    panic_ev(1, 1, rt_str("A"));
    call(1, 1, 2, RT_BY_PANIC);
    enter(1, 2, 2);
    panic_ev(1, 2, rt_str("B"));
    if (variant == 0 || variant == 3)
        abort_ev(1, 1);
    if (variant == 2)
        abort_ev(1, 2);
    call(1, 1, 1, RT_BY_PANIC);
    enter(1, 3, 3);
    recover_ev(1, 2, true, 3, rt_str("B"));
    if (variant == 3)
        recover_ev(1, 2, true, 3, rt_str("B"));
    else
        recover_ev(1, 2, false, 3, rt_nil());
    leave(1, 3, RT_FRAME_RETURN);
    ret(1, 1, 1);
    leave(1, 2, RT_FRAME_UNWOUND);
    leave(1, 1, RT_FRAME_RECOVERED);
    go_end(1, RT_GOEND_RETURN);
    end(1, RT_END_RETURN, 0, RT_FATAL_NONE);
}

Test(oracle_defer, correct_aborted_panic_sequence_is_quiet)
{
    expect_quiet(build(aborted_sequence, 0), "");
}

Test(oracle_defer, newer_panic_running_past_without_abort_violates_r6)
{
    expect_violation(build(aborted_sequence, 1), ORC_RECOVER,
                     "R6: p2 ran past the deferred call d2 of p1 without aborting p1");
}

Test(oracle_defer, aborting_the_newest_panic_violates_r6)
{
    expect_violation(build(aborted_sequence, 2), ORC_RECOVER,
                     "R6: p2 was aborted, but it is the newest panic of g1");
}

Test(oracle_defer, second_recover_stopping_the_panic_again_violates_r2)
{
    expect_violation(build(aborted_sequence, 3), ORC_RECOVER,
                     "R2: recover in frame f3 was effective, but p2 was already recovered");
}

/* defer func() { recover(); panic("B") }(); panic("A"), unrecovered.
 * The report is text: 0 correct, 1 missing the tab, 2 missing
 * " [recovered]", 3 printed before the deferred call ran. */
static void chain_report(int variant)
{
    static const char *const reports[] = {
        "panic: A [recovered]\n\tpanic: B\n",
        "panic: A [recovered]\npanic: B\n",
        "panic: A\n\tpanic: B\n",
    };
    run(1);
    enter(1, 1, 1);
    reg(1, 1, 1);
    panic_ev(1, 1, rt_str("A"));
    if (variant == 3)
        print_ev(1, 2, reports[0]);
    call(1, 1, 1, RT_BY_PANIC);
    enter(1, 2, 2);
    recover_ev(1, 1, true, 2, rt_str("A"));
    panic_ev(1, 2, rt_str("B"));
    abort_ev(1, 1);
    if (variant != 3)
        print_ev(1, 2, reports[variant]);
    end(1, RT_END_PANIC, 2, RT_FATAL_NONE);
}

Test(oracle_defer, correct_panic_chain_report_is_quiet)
{
    expect_quiet(build(chain_report, 0), "");
}

Test(oracle_defer, chain_report_without_tab_violates_p5)
{
    expect_violation(build(chain_report, 1), ORC_RECOVER,
                     "P5: the panic report of g1 is \"panic: A [recovered]\\npanic: B\\n\", but "
                     "its panic chain prints \"panic: A [recovered]\\n\\tpanic: B\\n\"");
}

Test(oracle_defer, chain_report_without_recovered_mark_violates_p5)
{
    expect_violation(build(chain_report, 2), ORC_RECOVER, "P5: the panic report of g1");
}

Test(oracle_defer, report_printed_before_the_defers_ran_violates_p5)
{
    expect_violation(build(chain_report, 3), ORC_RECOVER,
                     "P5: the panic report of g1 is \"\", but its panic chain prints");
}

/* var f func(); defer f(): the nil call panics with the SIGSEGV flag; the
 * report must end with the signal line. 1: the line is missing. */
static void nil_call_report(int variant)
{
    rt_value v = rt_str("runtime error: invalid memory address or nil pointer dereference");
    v.kind = RT_V_RTERROR;
    v.flags = RT_VF_SIGSEGV;
    run(1);
    enter(1, 1, 1);
    reg(1, 1, 1);
    call(1, 1, 1, RT_BY_RETURN);
    panic_ev(1, 1, v);
    print_ev(1, 2, "panic: runtime error: invalid memory address or nil pointer dereference\n");
    if (variant == 0)
        print_ev(1, 2, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n");
    end(1, RT_END_PANIC, 2, RT_FATAL_NONE);
}

Test(oracle_defer, nil_call_report_with_signal_line_is_quiet)
{
    expect_quiet(build(nil_call_report, 0), "");
}

Test(oracle_defer, nil_call_report_without_signal_line_violates_p5)
{
    expect_violation(build(nil_call_report, 1), ORC_RECOVER, "[signal SIGSEGV");
}

/* defer func() { recover() }(); panic(nil). Under go1.19 the value stays
 * nil and the recover is effective with nil; under go1.22 it must be the
 * PanicNilError runtime error. */
static void panic_nil_sequence(int variant)
{
    rt_value pne = rt_str("panic called with nil argument");
    pne.kind = RT_V_RTERROR;
    rt_value v = variant == 1 ? pne : rt_nil();
    run(1);
    enter(1, 1, 1);
    reg(1, 1, 1);
    panic_ev(1, 1, v);
    call(1, 1, 1, RT_BY_PANIC);
    enter(1, 2, 2);
    recover_ev(1, 1, true, 2, v);
    leave(1, 2, RT_FRAME_RETURN);
    ret(1, 1, 1);
    leave(1, 1, RT_FRAME_RECOVERED);
    go_end(1, RT_GOEND_RETURN);
    end(1, RT_END_RETURN, 0, RT_FATAL_NONE);
}

Test(oracle_defer, panic_nil_sequences_follow_the_language_version)
{
    nevs = 0;
    panic_nil_sequence(0);
    expect_quiet(feed_lang(RT_LANG_GO119), "go1.19 nil: ");
    expect_violation(feed_lang(RT_LANG_GO122), ORC_RECOVER,
                     "R9: under go1.22 panic(nil) must panic with the runtime error");
    nevs = 0;
    panic_nil_sequence(1);
    expect_quiet(feed_lang(RT_LANG_GO122), "go1.22 PanicNilError: ");
    expect_violation(feed_lang(RT_LANG_GO119), ORC_RECOVER,
                     "R9: under go1.19 panic(nil) keeps its nil value");
}

/* ------------------------------------------------------------ Goexit */

/* go func() { defer a(); func() { defer func() { recover() }(); runtime.Goexit() }() }()
 * g2: f2 registers d1, f3 registers d2; Goexit (p1) runs d2 (frame f4,
 * recover nil) then d1 (frame f5); frames unwound; GO_END goexit.
 * 1: Goexit skips the defers (the mutant). 2: runs d1 before d2.
 * 3: code after Goexit (a PRINT). 4: f3 returns normally. 5: g2 ends by
 * "return". 6: recover is effective during Goexit. */
static void goexit_sequence(int variant)
{
    run(1);
    enter(1, 1, 1);
    go_create(1, 2);
    add(RT_EV_BLOCK, 1, RT_WAIT_CHAN_RECV, 1, 0);
    run(2);
    enter(2, 2, 1);
    reg(2, 2, 1);
    enter(2, 3, 2);
    reg(2, 3, 2);
    goexit_ev(2, 1);
    if (variant == 3)
        print_ev(2, 1, "after goexit\n");
    if (variant != 1) {
        uint64_t fa = variant == 2 ? 2 : 3, da = variant == 2 ? 1 : 2;
        call(2, fa, da, RT_BY_GOEXIT);
        enter(2, 4, 3);
        recover_ev(2, 1, variant == 6, 4, variant == 6 ? rt_str("x") : rt_nil());
        leave(2, 4, RT_FRAME_RETURN);
        ret(2, fa, da);
        call(2, 5 - fa, 3 - da, RT_BY_GOEXIT);
        enter(2, 5, 3);
        leave(2, 5, RT_FRAME_RETURN);
        ret(2, 5 - fa, 3 - da);
    }
    leave(2, 3, variant == 4 ? RT_FRAME_RETURN : RT_FRAME_UNWOUND);
    leave(2, 2, RT_FRAME_UNWOUND);
    go_end(2, variant == 5 ? RT_GOEND_RETURN : RT_GOEND_GOEXIT);
    run(1);
    main_returns(1);
}

Test(oracle_defer, correct_goexit_sequence_is_quiet)
{
    expect_quiet(build(goexit_sequence, 0), "");
}

/* The mutant "Goexit skips the deferred calls". */
Test(oracle_defer, goexit_skipping_defers_violates_g1)
{
    const oracle_verdict *v = build(goexit_sequence, 1);
    expect_violation(v, ORC_GOEXIT, "G1: g2 ended by Goexit with defer d2 never run");
    expect_violation(v, ORC_DEFER_ORDER, "D5: frame f3 was unwound with defer d2 never run");
}

Test(oracle_defer, goexit_running_outer_frame_first_violates_g1)
{
    const oracle_verdict *v = build(goexit_sequence, 2);
    expect_violation(v, ORC_GOEXIT, "G1: Goexit ran defer d1 while the newer defer d2 was pending");
    expect_violation(v, ORC_DEFER_ORDER, "D5: defer d1 of frame f2 ran by Goexit before defer d2");
}

Test(oracle_defer, code_after_goexit_violates_g1)
{
    expect_violation(
        build(goexit_sequence, 3), ORC_GOEXIT,
        "G1: g2 ran code after Goexit (p1) outside its deferred calls (event 'print')");
}

Test(oracle_defer, frame_returning_after_goexit_violates_g1)
{
    expect_violation(build(goexit_sequence, 4), ORC_GOEXIT,
                     "G1: frame f3 of g2 returned normally after Goexit");
}

Test(oracle_defer, goroutine_returning_after_goexit_violates_g1)
{
    expect_violation(build(goexit_sequence, 5), ORC_GOEXIT,
                     "G1: g2 returned normally after calling Goexit");
}

Test(oracle_defer, recover_effective_during_goexit_violates_g2)
{
    const oracle_verdict *v = build(goexit_sequence, 6);
    expect_violation(v, ORC_GOEXIT, "G2: recover during Goexit (p1) was effective");
    expect_violation(v, ORC_RECOVER, "G2: recover in frame f4 was effective during Goexit");
}

/* func main() { go worker(); defer a(); runtime.Goexit() }: main's defer
 * runs, main ends by Goexit, the worker returns; then the program must die
 * of the Goexit deadlock. 1: it ends as if main returned. 2: it reports the
 * Goexit deadlock while g2 is still alive. 3: g2 runs a defer "by Goexit"
 * although only main called Goexit. */
static void main_goexit_sequence(int variant)
{
    run(1);
    enter(1, 1, 1);
    go_create(1, 2);
    reg(1, 1, 1);
    goexit_ev(1, 1);
    call(1, 1, 1, RT_BY_GOEXIT);
    enter(1, 2, 2);
    leave(1, 2, RT_FRAME_RETURN);
    ret(1, 1, 1);
    leave(1, 1, RT_FRAME_UNWOUND);
    go_end(1, RT_GOEND_GOEXIT);
    run(2);
    enter(2, 3, 1);
    if (variant == 2) {
        print_ev(2, 2, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
        end(2, RT_END_FATAL, 2, RT_FATAL_GOEXIT_DEADLOCK);
        return;
    }
    reg(2, 3, 2);
    call(2, 3, 2, variant == 3 ? RT_BY_GOEXIT : RT_BY_RETURN);
    ret(2, 3, 2);
    leave(2, 3, RT_FRAME_RETURN);
    go_end(2, RT_GOEND_RETURN);
    if (variant == 1) {
        end(2, RT_END_RETURN, 0, RT_FATAL_NONE);
        return;
    }
    print_ev(2, 2, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
    end(2, RT_END_FATAL, 2, RT_FATAL_GOEXIT_DEADLOCK);
}

Test(oracle_defer, correct_main_goexit_sequence_is_quiet)
{
    expect_quiet(build(main_goexit_sequence, 0), "");
}

Test(oracle_defer, program_ending_as_return_after_main_goexit_violates_g6)
{
    expect_violation(build(main_goexit_sequence, 1), ORC_GOEXIT,
                     "G6: the program ended as if main returned (exit 0), but main called Goexit");
}

Test(oracle_defer, goexit_deadlock_with_goroutines_alive_violates_g6)
{
    expect_violation(build(main_goexit_sequence, 2), ORC_GOEXIT,
                     "G6: fatal error 'no goroutines (main called runtime.Goexit)', but 1 "
                     "goroutines are alive");
}

Test(oracle_defer, goexit_reaching_another_goroutine_violates_g1)
{
    const oracle_verdict *v = build(main_goexit_sequence, 3);
    expect_violation(v, ORC_GOEXIT, "G1: defer d2 of g2 ran by Goexit, but g2 is not in Goexit");
    expect_violation(v, ORC_RECOVER,
                     "G1: defer d2 ran by Goexit, but the newest panic of g2 is none");
}

/* ------------------------------------------------------------ checker sets and dispatch */

/* Every hand-built sequence above, with its number of variants. */
static const struct {
    builder b;
    int variants;
} all_sequences[] = {
    {lifo_return, 6},     {panic_two_frames, 4},     {main_return_with_child, 3},
    {arg_sequence, 3},    {recover_sequence, 7},     {aborted_sequence, 4},
    {chain_report, 4},    {nil_call_report, 2},      {panic_nil_sequence, 2},
    {goexit_sequence, 7}, {main_goexit_sequence, 4},
};

/* The verdict of a set with other checkers on the sequence built last. */
static const oracle_verdict *feed_set(oracle_set *o, rt_lang lang)
{
    oracle_set_lang(o, lang);
    oracle_reset(o);
    for (size_t i = 0; i < nevs; i++)
        oracle_event(o, &evs[i]);
    return oracle_finish(o);
}

/* The two verdicts say the same things, at the same events. */
static void expect_same_text(const oracle_verdict *a, const oracle_verdict *b, const char *what)
{
    static char ta[8192], tb[8192];
    oracle_verdict_format(a, ta, sizeof ta);
    oracle_verdict_format(b, tb, sizeof tb);
    cr_assert_str_eq(ta, tb, "%s", what);
    cr_assert_eq(a->nviolations, b->nviolations, "%s", what);
    for (size_t i = 0; i < a->nviolations; i++)
        cr_assert(a->violations[i].seq == b->violations[i].seq &&
                      a->violations[i].g == b->violations[i].g,
                  "%s: violation %zu at another event", what, i);
}

/* Each checker declares the kinds it needs and shortcuts for them
 * (oracles/oi.h): on every hand-built sequence, broken ones included, the
 * full set gives the verdict it gives when every checker sees every
 * event; the findings-only set reports none of the violations of the
 * defer, recover and Goexit checkers, and the findings of the full set. */
Test(oracle_defer, dispatch_by_kind_changes_no_verdict_of_any_sequence)
{
    oracle_set *every = oracle_new_with(ORACLE_CHECKS_ALL | ORACLE_EVERY_EVENT);
    oracle_set *findings = oracle_new_with(ORACLE_CHECKS_FINDINGS);
    cr_assert_eq(oracle_enabled(every), ORACLE_CHECKS_ALL);
    size_t broken = 0;
    for (size_t s = 0; s < sizeof all_sequences / sizeof all_sequences[0]; s++) {
        for (int variant = 0; variant < all_sequences[s].variants; variant++) {
            for (int l = 0; l < 2; l++) {
                rt_lang lang = l ? RT_LANG_GO119 : RT_LANG_GO122;
                nevs = 0;
                all_sequences[s].b(variant);
                char what[64];
                snprintf(what, sizeof what, "sequence %zu variant %d lang %d", s, variant, l);
                const oracle_verdict *full = feed_lang(lang);
                broken += full->nviolations > 0;
                expect_same_text(full, feed_set(every, lang), what);
                const oracle_verdict *f = feed_set(findings, lang);
                cr_assert_eq(f->nfindings, full->nfindings, "%s", what);
                for (size_t i = 0; i < f->nfindings; i++)
                    cr_assert(f->findings[i].key == full->findings[i].key &&
                                  strcmp(f->findings[i].message, full->findings[i].message) == 0,
                              "%s: finding %zu differs", what, i);
                for (size_t i = 0; i < f->nviolations; i++)
                    cr_assert(!ours(f->violations[i].oracle), "%s: %s", what, vtext(f));
            }
        }
    }
    cr_assert_gt(broken, 30, "only %zu broken sequences", broken);
    oracle_free(every);
    oracle_free(findings);
}
