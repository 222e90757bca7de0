/* test_goexit.c - runtime.Goexit (go-semantics.md G1-G6).
 *
 * Each test is a small Go program written against the C API (rt.h), with
 * the Go source in the comment above it. The expected stdout, stderr and
 * exit code are what gc 1.19 printed for that Go program with
 * GOTRACEBACK=none, never what our runtime printed.
 *
 * Mapping: a Go function call is rt_call (a new frame); `defer f(args)` is
 * rt_defer; runtime.Goexit is rt_goexit; time.Sleep is rt_sleep on the
 * virtual clock, which advances only when every goroutine is blocked.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rt_testutil.h"

#define SECOND 1000000000LL

#define GOEXIT_DEADLOCK_STDERR                                                                     \
    "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n"

/* ------------------------------------------------------------ checking */

/* s with newlines and tabs made visible, for failure messages. */
static const char *esc(const char *s)
{
    static char bufs[4][2048];
    static unsigned next;
    char *b = bufs[next++ % 4];
    size_t n = 0;
    if (s == NULL)
        return "(null)";
    for (; *s != '\0' && n + 3 < sizeof bufs[0]; s++) {
        if (*s == '\n' || *s == '\t') {
            b[n++] = '\\';
            b[n++] = *s == '\n' ? 'n' : 't';
        } else {
            b[n++] = *s;
        }
    }
    b[n] = '\0';
    return b;
}

/* Checks everything a user of the Go program sees: stdout, stderr, how it
 * ended and its exit code. Uses cr_expect so one failing run reports every
 * difference at once. what prefixes the messages (for example the seed). */
static void expect_outcome(const char *what, const rt_result *r, rt_end end, int code,
                           const char *out, const char *err)
{
    cr_expect_str_eq(r->out ? r->out : "", out, "%sstdout:\n  got  \"%s\"\n  want \"%s\"", what,
                     esc(r->out), esc(out));
    cr_expect_str_eq(r->err ? r->err : "", err, "%sstderr:\n  got  \"%s\"\n  want \"%s\"", what,
                     esc(r->err), esc(err));
    cr_expect_eq(r->end, end, "%send: got %s, want %s", what, rt_end_name(r->end),
                 rt_end_name(end));
    cr_expect_eq(r->exit_code, code, "%sexit code: got %d, want %d", what, r->exit_code, code);
}

static void expect_run(const rt_result *r, rt_end end, int code, const char *out, const char *err)
{
    expect_outcome("", r, end, code, out, err);
}

/* The program must behave the same under every schedule the seeds pick. */
static void expect_same_under_seeds(rt_fn prog, rt_end end, int code, const char *out,
                                    const char *err)
{
    for (uint64_t seed = 1; seed <= 16; seed++) {
        char what[32];
        snprintf(what, sizeof what, "seed %llu: ", (unsigned long long)seed);
        rt_result r = tu_run_seed(prog, NULL, seed);
        expect_outcome(what, &r, end, code, out, err);
    }
}

/* ------------------------------------------------------------ Go helpers */

/* fmt.Sprint(v) for the values these programs recover. */
static const char *show(rt_value v)
{
    char *b;
    switch (v.kind) {
    case RT_V_NIL:
        return "<nil>";
    case RT_V_INT:
        b = rt_alloc(24);
        snprintf(b, 24, "%lld", (long long)v.i);
        return b;
    case RT_V_BOOL:
        return v.i ? "true" : "false";
    case RT_V_EMPTY:
        return "{}";
    default:
        b = rt_alloc((size_t)v.n + 1); /* zeroed: stays NUL-terminated */
        memcpy(b, v.s, v.n);
        return b;
    }
}

/* fmt.Println(s) as a deferred call: arg holds a copy of s. */
static void println_fn(void *arg)
{
    tu_printf("%s\n", *(const char **)arg);
}

/* defer fmt.Println(s) */
static void defer_println(const char *s)
{
    rt_defer(println_fn, &s, sizeof s);
}

/* func() { panic(msg) } as a deferred call: arg holds a copy of msg. */
static void panic_str_fn(void *arg)
{
    rt_panic(rt_str(*(const char **)arg));
}

/* defer func() { panic(msg) }() */
static void defer_panic(const char *msg)
{
    rt_defer(panic_str_fn, &msg, sizeof msg);
}

/* func() { fmt.Println(label, recover()) } */
static void print_recover_fn(void *arg)
{
    tu_printf("%s %s\n", *(const char **)arg, show(rt_recover()));
}

/* defer func() { fmt.Println(label, recover()) }() */
static void defer_print_recover(const char *label)
{
    rt_defer(print_recover_fn, &label, sizeof label);
}

/* runtime.Goexit() as a deferred call. */
static void goexit_fn(void *arg)
{
    (void)arg;
    rt_goexit();
}

/* close(c) as a deferred call. */
static void close_fn(void *arg)
{
    rt_chan_close(*(rt_chan **)arg);
}

/* defer close(c) */
static void defer_close(rt_chan *c)
{
    rt_defer(close_fn, &c, sizeof c);
}

/* select {} */
static void block_forever(void)
{
    rt_select(NULL, 0, false);
}

/* ------------------------------------------------------------ G1 */

/* func f() { defer fmt.Println("f defer 1"); defer fmt.Println("f defer 2")
 *            runtime.Goexit(); fmt.Println("f unreachable") } */
static void f_goexits(void *arg)
{
    (void)arg;
    defer_println("f defer 1");
    defer_println("f defer 2");
    rt_goexit();
}

/* go func() { defer close(done); defer fmt.Println("child defer")
 *             f(); fmt.Println("child unreachable") }() */
static void child_calls_f_goexits(void *arg)
{
    rt_chan *done = *(rt_chan **)arg;
    defer_close(done);
    defer_println("child defer");
    rt_call(f_goexits, NULL);
    tu_printf("child unreachable\n");
}

/* done := make(chan bool); go ...; <-done; fmt.Println("main continues") */
static void prog_goexit_runs_defers(void *arg)
{
    (void)arg;
    rt_chan *done = rt_chan_make(0, rt_bool(false));
    rt_go(child_calls_f_goexits, &done, sizeof done);
    rt_chan_recv(done, NULL);
    tu_printf("main continues\n");
}

/* G1 */
Test(goexit, goexit_runs_every_frames_defers_then_ends_only_that_goroutine)
{
    rt_result r = tu_run(prog_goexit_runs_defers, NULL);
    expect_run(&r, RT_END_RETURN, 0, "f defer 2\nf defer 1\nchild defer\nmain continues\n", "");
}

/* ------------------------------------------------------------ G2 */

/* go func() { defer close(done); defer func() { fmt.Println("recover:", recover()) }()
 *             runtime.Goexit() }() */
static void child_recovers_during_goexit(void *arg)
{
    rt_chan *done = *(rt_chan **)arg;
    defer_close(done);
    defer_print_recover("recover:");
    rt_goexit();
}

/* done := make(chan bool); go ...; <-done; fmt.Println("main done") */
static void prog_recover_during_goexit(void *arg)
{
    (void)arg;
    rt_chan *done = rt_chan_make(0, rt_bool(false));
    rt_go(child_recovers_during_goexit, &done, sizeof done);
    rt_chan_recv(done, NULL);
    tu_printf("main done\n");
}

/* G2 */
Test(goexit, recover_returns_nil_in_defers_run_by_goexit)
{
    rt_result r = tu_run(prog_recover_during_goexit, NULL);
    expect_run(&r, RT_END_RETURN, 0, "recover: <nil>\nmain done\n", "");
}

/* ------------------------------------------------------------ G3 */

/* go func() { defer func() { panic("hello") }(); runtime.Goexit() }() */
static void child_panics_during_goexit(void *arg)
{
    (void)arg;
    defer_panic("hello");
    rt_goexit();
}

/* go ...; select {} */
static void prog_unrecovered_panic_during_goexit(void *arg)
{
    (void)arg;
    rt_go(child_panics_during_goexit, NULL, 0);
    block_forever();
}

/* G3, P5: a normal panic; the Goexit is not printed. */
Test(goexit, unrecovered_panic_during_goexit_crashes_the_program)
{
    rt_result r = tu_run(prog_unrecovered_panic_during_goexit, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: hello\n");
}

/* func f() { defer func() { fmt.Println("recovered", recover()) }()
 *            defer func() { panic("hello") }(); runtime.Goexit() } */
static void f_goexit_then_recovered_panic(void *arg)
{
    (void)arg;
    defer_print_recover("recovered");
    defer_panic("hello");
    rt_goexit();
}

/* go func() { defer fmt.Println("child outer"); f(); fmt.Println("resumed in caller") }() */
static void child_calls_f_recovering(void *arg)
{
    (void)arg;
    defer_println("child outer");
    rt_call(f_goexit_then_recovered_panic, NULL);
    tu_printf("resumed in caller\n");
}

/* go ...; time.Sleep(time.Second); fmt.Println("main done") */
static void prog_recovered_panic_during_goexit(void *arg)
{
    (void)arg;
    rt_go(child_calls_f_recovering, NULL, 0);
    rt_sleep(SECOND);
    tu_printf("main done\n");
}

/* G3 (RecoverBeforePanicAfterGoexit): Goexit carries on; f's caller does
 * not resume. */
Test(goexit, recovered_panic_during_goexit_lets_goexit_carry_on)
{
    rt_result r = tu_run(prog_recovered_panic_during_goexit, NULL);
    expect_run(&r, RT_END_RETURN, 0, "recovered hello\nchild outer\nmain done\n", "");
}

/* ------------------------------------------------------------ G4 */

/* go func() { defer func() { fmt.Println("recover:", recover()) }()
 *             defer runtime.Goexit(); panic("A") }() */
static void child_goexit_abandons_panic(void *arg)
{
    (void)arg;
    defer_print_recover("recover:");
    rt_defer(goexit_fn, NULL, 0);
    rt_panic(rt_str("A"));
}

/* go ...; time.Sleep(time.Second); fmt.Println("main done") */
static void prog_goexit_abandons_panic(void *arg)
{
    (void)arg;
    rt_go(child_goexit_abandons_panic, NULL, 0);
    rt_sleep(SECOND);
    tu_printf("main done\n");
}

/* G4 (GoexitInPanic) */
Test(goexit, goexit_in_deferred_call_abandons_the_panic)
{
    rt_result r = tu_run(prog_goexit_abandons_panic, NULL);
    expect_run(&r, RT_END_RETURN, 0, "recover: <nil>\nmain done\n", "");
}

/* func() { fmt.Println("recovered", recover()); runtime.Goexit() } */
static void recover_then_goexit(void *arg)
{
    (void)arg;
    tu_printf("recovered %s\n", show(rt_recover()));
    rt_goexit();
}

/* go func() { defer fmt.Println("child outer")
 *             defer func() { fmt.Println("recovered", recover()); runtime.Goexit() }()
 *             panic("A") }() */
static void child_recover_then_goexit(void *arg)
{
    (void)arg;
    defer_println("child outer");
    rt_defer(recover_then_goexit, NULL, 0);
    rt_panic(rt_str("A"));
}

/* go ...; time.Sleep(time.Second); fmt.Println("main done") */
static void prog_recover_then_goexit(void *arg)
{
    (void)arg;
    rt_go(child_recover_then_goexit, NULL, 0);
    rt_sleep(SECOND);
    tu_printf("main done\n");
}

/* G4 (test/fixedbugs/issue8158.go) */
Test(goexit, recover_then_goexit_in_one_deferred_call)
{
    rt_result r = tu_run(prog_recover_then_goexit, NULL);
    expect_run(&r, RT_END_RETURN, 0, "recovered A\nchild outer\nmain done\n", "");
}

/* defer fmt.Println("outer defer"); defer runtime.Goexit(); panic("A")   (in main) */
static void prog_main_goexit_abandons_panic(void *arg)
{
    (void)arg;
    defer_println("outer defer");
    rt_defer(goexit_fn, NULL, 0);
    rt_panic(rt_str("A"));
}

/* G4 + G6: main's panic is abandoned and main Goexits with nothing left. */
Test(goexit, main_goexit_in_deferred_call_abandons_panic_then_goexit_deadlock)
{
    rt_result r = tu_run(prog_main_goexit_abandons_panic, NULL);
    expect_run(&r, RT_END_FATAL, 2, "outer defer\n", GOEXIT_DEADLOCK_STDERR);
    cr_assert_eq(r.fatal, RT_FATAL_GOEXIT_DEADLOCK,
                 "fatal kind: got %d, want RT_FATAL_GOEXIT_DEADLOCK", (int)r.fatal);
}

/* ------------------------------------------------------------ G5 */

/* func() { runtime.Goexit(); fmt.Println("unreachable") } */
static void goexit_then_print(void *arg)
{
    (void)arg;
    rt_goexit();
}

/* func f() { defer fmt.Println("f outer")
 *            defer func() { runtime.Goexit(); fmt.Println("unreachable") }()
 *            defer fmt.Println("f inner")
 *            fmt.Println("f body") } */
static void f_goexit_on_return(void *arg)
{
    (void)arg;
    defer_println("f outer");
    rt_defer(goexit_then_print, NULL, 0);
    defer_println("f inner");
    tu_printf("f body\n");
}

/* go func() { defer fmt.Println("child defer"); f(); fmt.Println("after f") }() */
static void child_calls_f_goexit_on_return(void *arg)
{
    (void)arg;
    defer_println("child defer");
    rt_call(f_goexit_on_return, NULL);
    tu_printf("after f\n");
}

/* go ...; time.Sleep(time.Second); fmt.Println("main done") */
static void prog_goexit_during_return(void *arg)
{
    (void)arg;
    rt_go(child_calls_f_goexit_on_return, NULL, 0);
    rt_sleep(SECOND);
    tu_printf("main done\n");
}

/* G5 */
Test(goexit, goexit_in_deferred_call_during_normal_return_runs_the_rest)
{
    rt_result r = tu_run(prog_goexit_during_return, NULL);
    expect_run(&r, RT_END_RETURN, 0, "f body\nf inner\nf outer\nchild defer\nmain done\n", "");
}

/* ------------------------------------------------------------ G6 */

/* defer fmt.Println("deferred in main"); runtime.Goexit() */
static void prog_main_goexit_alone(void *arg)
{
    (void)arg;
    defer_println("deferred in main");
    rt_goexit();
}

/* G6 */
Test(goexit, main_goexit_with_no_goroutines_left_is_fatal)
{
    rt_result r = tu_run(prog_main_goexit_alone, NULL);
    expect_run(&r, RT_END_FATAL, 2, "deferred in main\n", GOEXIT_DEADLOCK_STDERR);
    cr_assert_eq(r.fatal, RT_FATAL_GOEXIT_DEADLOCK,
                 "fatal kind: got %d, want RT_FATAL_GOEXIT_DEADLOCK", (int)r.fatal);
}

/* go func() { <-ready; fmt.Println("child runs after main's Goexit") }() */
static void child_runs_after_main(void *arg)
{
    rt_chan *ready = *(rt_chan **)arg;
    rt_chan_recv(ready, NULL);
    tu_printf("child runs after main's Goexit\n");
}

/* ready := make(chan int); go ...
 * defer close(ready); defer fmt.Println("main defer")
 * runtime.Goexit(); fmt.Println("unreachable") */
static void prog_main_goexit_others_run(void *arg)
{
    (void)arg;
    rt_chan *ready = rt_chan_make(0, rt_int(0));
    rt_go(child_runs_after_main, &ready, sizeof ready);
    defer_close(ready);
    defer_println("main defer");
    rt_goexit();
}

/* G6: the program goes on running the other goroutines. */
Test(goexit, main_goexit_lets_other_goroutines_run_to_the_end)
{
    rt_result r = tu_run(prog_main_goexit_others_run, NULL);
    expect_run(&r, RT_END_FATAL, 2, "main defer\nchild runs after main's Goexit\n",
               GOEXIT_DEADLOCK_STDERR);
    cr_assert_eq(r.fatal, RT_FATAL_GOEXIT_DEADLOCK,
                 "fatal kind: got %d, want RT_FATAL_GOEXIT_DEADLOCK", (int)r.fatal);
}

/* go func() { select {} }() */
static void child_selects_forever(void *arg)
{
    (void)arg;
    block_forever();
}

/* go func() { select {} }(); defer fmt.Println("deferred in main"); runtime.Goexit() */
static void prog_main_goexit_others_blocked(void *arg)
{
    (void)arg;
    rt_go(child_selects_forever, NULL, 0);
    defer_println("deferred in main");
    rt_goexit();
}

/* G6: with the rest all blocked, it is the ordinary deadlock. */
Test(goexit, main_goexit_with_others_blocked_is_ordinary_deadlock)
{
    rt_result r = tu_run(prog_main_goexit_others_blocked, NULL);
    expect_run(&r, RT_END_FATAL, 2, "deferred in main\n",
               "fatal error: all goroutines are asleep - deadlock!\n");
    cr_assert_eq(r.fatal, RT_FATAL_DEADLOCK, "fatal kind: got %d, want RT_FATAL_DEADLOCK",
                 (int)r.fatal);
}

/* go func() { defer fmt.Println("child defer"); <-ready; os.Exit(3) }() */
static void child_exits_3(void *arg)
{
    rt_chan *ready = *(rt_chan **)arg;
    defer_println("child defer");
    rt_chan_recv(ready, NULL);
    rt_exit(3);
}

/* ready := make(chan bool); go ...
 * defer close(ready); defer fmt.Println("main defer"); runtime.Goexit() */
static void prog_main_goexit_child_exits(void *arg)
{
    (void)arg;
    rt_chan *ready = rt_chan_make(0, rt_bool(false));
    rt_go(child_exits_3, &ready, sizeof ready);
    defer_close(ready);
    defer_println("main defer");
    rt_goexit();
}

/* G6, X2 */
Test(goexit, os_exit_in_other_goroutine_after_main_goexit_sets_exit_code)
{
    rt_result r = tu_run(prog_main_goexit_child_exits, NULL);
    expect_run(&r, RT_END_EXIT, 3, "main defer\n", "");
}

/* ------------------------------------------------------------ schedules */

/* The concurrent programs above under many schedules. */
Test(goexit, outcome_is_the_same_under_every_seed)
{
    expect_same_under_seeds(prog_goexit_runs_defers, RT_END_RETURN, 0,
                            "f defer 2\nf defer 1\nchild defer\nmain continues\n", "");
    expect_same_under_seeds(prog_recover_during_goexit, RT_END_RETURN, 0,
                            "recover: <nil>\nmain done\n", "");
    expect_same_under_seeds(prog_recovered_panic_during_goexit, RT_END_RETURN, 0,
                            "recovered hello\nchild outer\nmain done\n", "");
    expect_same_under_seeds(prog_main_goexit_others_run, RT_END_FATAL, 2,
                            "main defer\nchild runs after main's Goexit\n", GOEXIT_DEADLOCK_STDERR);
    expect_same_under_seeds(prog_main_goexit_child_exits, RT_END_EXIT, 3, "main defer\n", "");
}
