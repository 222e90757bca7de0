/* test_panic.c - panic propagation and the crash report (go-semantics.md
 * P1, P2, P3, P5), recover (R1-R9) and the program ends that panics and
 * fatal errors cause (X3, X4).
 *
 * Each test is a small Go program written against the C API (rt.h), with
 * the Go source in the comment above it. The expected stdout, stderr and
 * exit code are what gc 1.19 printed for that Go program with
 * GOTRACEBACK=none (stderr holds only the panic lines), never what our
 * runtime printed. Exceptions, from go-semantics.md because gc 1.19 cannot
 * show them: RT_LANG_GO122 panic(nil) (R9, Go 1.21+), and our
 * "[signal SIGSEGV ...]" line, which says pc=0x0.
 *
 * Mapping: a Go function call is rt_call (a new frame, which is what
 * recover checks); `defer f(args)` is rt_defer; `defer recover()` is
 * rt_defer_recover(); a variable that a closure captures by reference
 * lives in rt_alloc() memory.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rt_testutil.h"

#define SECOND      1000000000LL
#define MILLISECOND 1000000LL

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

/* The goroutine with id among those alive at the end, or NULL. */
static const rt_gor_info *find_alive(const rt_result *r, uint32_t id)
{
    for (size_t i = 0; i < r->nalive; i++)
        if (r->alive[i].id == id)
            return &r->alive[i];
    return NULL;
}

/* Runs prog with the given Go language version (R9). */
static rt_result run_lang(rt_fn prog, rt_lang lang)
{
    rt_config cfg = {0};
    cfg.lang = lang;
    return tu_run_cfg(&cfg, prog, NULL);
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

/* A value of a user type, printed as the client says (MyInt(7), a Stringer). */
static rt_value text_value(const char *s)
{
    rt_value v = rt_nil();
    v.kind = RT_V_TEXT;
    v.s = s;
    v.n = (uint32_t)strlen(s);
    return v;
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

/* func() { recover() } */
static void recover_fn(void *arg)
{
    (void)arg;
    rt_recover();
}

/* func() { r := recover(); panic(r) } */
static void repanic_fn(void *arg)
{
    (void)arg;
    rt_panic(rt_recover());
}

/* runtime.Goexit() as a deferred call. */
static void goexit_fn(void *arg)
{
    (void)arg;
    rt_goexit();
}

/* Go's integer division x / y, which panics on a zero divisor. */
static int go_div(int x, int y)
{
    if (y == 0)
        rt_panic_rterror("runtime error: integer divide by zero");
    return x / y;
}

/* select {} */
static void block_forever(void)
{
    rt_select(NULL, 0, false);
}

/* A func value passed as an argument. */
struct func_arg {
    rt_fn fn;
};

/* ------------------------------------------------------------ P1 */

/* func g() { panic("boom") } */
static void g_panics(void *arg)
{
    (void)arg;
    rt_panic(rt_str("boom"));
}

/* func f() { defer fmt.Println("f defer"); g(); fmt.Println("f unreachable") } */
static void f_calls_g(void *arg)
{
    (void)arg;
    defer_println("f defer");
    rt_call(g_panics, NULL);
    tu_printf("f unreachable\n");
}

/* defer fmt.Println("main defer"); f(); fmt.Println("main unreachable") */
static void prog_panic_through_frames(void *arg)
{
    (void)arg;
    defer_println("main defer");
    rt_call(f_calls_g, NULL);
    tu_printf("main unreachable\n");
}

/* P1 */
Test(panic, unrecovered_panic_runs_every_frames_defers_then_exits_2)
{
    rt_result r = tu_run(prog_panic_through_frames, NULL);
    expect_run(&r, RT_END_PANIC, 2, "f defer\nmain defer\n", "panic: boom\n");
}

/* go func() { defer fmt.Println("child defer"); panic("child boom") }() */
static void child_panics(void *arg)
{
    (void)arg;
    defer_println("child defer");
    rt_panic(rt_str("child boom"));
}

/* defer fmt.Println("main defer"); go ...; <-make(chan int) */
static void prog_child_panics(void *arg)
{
    (void)arg;
    defer_println("main defer");
    rt_go(child_panics, NULL, 0);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

/* P1: only the panicking goroutine's defers run. */
Test(panic, child_panic_kills_program_without_running_main_defers)
{
    rt_result r = tu_run(prog_child_panics, NULL);
    expect_run(&r, RT_END_PANIC, 2, "child defer\n", "panic: child boom\n");
}

/* go func() { defer fmt.Println("child defer"); started <- true; select {} }() */
static void child_waits_forever(void *arg)
{
    rt_chan *started = *(rt_chan **)arg;
    defer_println("child defer");
    rt_chan_send(started, rt_bool(true));
    block_forever();
}

/* started := make(chan bool); go ...; <-started; panic("boom") */
static void prog_main_panics_with_child(void *arg)
{
    (void)arg;
    rt_chan *started = rt_chan_make(0, rt_bool(false));
    rt_go(child_waits_forever, &started, sizeof started);
    rt_chan_recv(started, NULL);
    rt_panic(rt_str("boom"));
}

/* P1: other goroutines' defers never run. */
Test(panic, main_panic_abandons_other_goroutines_pending_defers)
{
    rt_result r = tu_run(prog_main_panics_with_child, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: boom\n");
    const rt_gor_info *child = find_alive(&r, 2);
    cr_assert_not_null(child, "the child (goroutine 2) is not among those left");
    cr_assert_eq(child->ndefers, 1, "pending defers of the child: got %u, want 1", child->ndefers);
}

/* ------------------------------------------------------------ P2 */

/* func() { fmt.Println("child defer got", <-c) } */
static void receive_in_defer(void *arg)
{
    rt_chan *c = *(rt_chan **)arg;
    tu_printf("child defer got %s\n", show(rt_chan_recv(c, NULL)));
}

/* go func() { defer func() { fmt.Println("child defer got", <-c) }(); panic("child boom") }() */
static void child_panics_then_receives(void *arg)
{
    rt_chan *c = *(rt_chan **)arg;
    rt_defer(receive_in_defer, &c, sizeof c);
    rt_panic(rt_str("child boom"));
}

/* c := make(chan string); go ...; c <- "hello from main"; select {} */
static void prog_others_run_during_panic(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_str(""));
    rt_go(child_panics_then_receives, &c, sizeof c);
    rt_chan_send(c, rt_str("hello from main"));
    block_forever();
}

/* P2 */
Test(panic, other_goroutines_keep_running_while_panic_defers_run)
{
    rt_result r = tu_run(prog_others_run_during_panic, NULL);
    expect_run(&r, RT_END_PANIC, 2, "child defer got hello from main\n", "panic: child boom\n");
}

/* func() { fmt.Println("defer blocks"); <-make(chan int) } */
static void defer_blocks_forever(void *arg)
{
    (void)arg;
    tu_printf("defer blocks\n");
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

/* defer func() { fmt.Println("defer blocks"); <-make(chan int) }(); panic("boom") */
static void prog_panic_defer_blocks(void *arg)
{
    (void)arg;
    rt_defer(defer_blocks_forever, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* P2: the panic line is never printed. */
Test(panic, panic_defer_blocked_forever_ends_in_deadlock_without_panic_line)
{
    rt_result r = tu_run(prog_panic_defer_blocks, NULL);
    expect_run(&r, RT_END_FATAL, 2, "defer blocks\n",
               "fatal error: all goroutines are asleep - deadlock!\n");
    cr_assert_eq(r.fatal, RT_FATAL_DEADLOCK, "fatal kind: got %d, want RT_FATAL_DEADLOCK",
                 (int)r.fatal);
}

/* func() { fmt.Println("child defer start"); time.Sleep(d);
 *          fmt.Println("child defer end") } */
static void slow_defer(void *arg)
{
    tu_printf("child defer start\n");
    rt_sleep(*(int64_t *)arg);
    tu_printf("child defer end\n");
}

/* go func() { defer func() { ...Sleep(d)... }(); panic("child panic") }() */
static void child_panics_with_slow_defer(void *arg)
{
    rt_defer(slow_defer, arg, sizeof(int64_t));
    rt_panic(rt_str("child panic"));
}

/* go ...(child sleeps 2s in its panic defer); time.Sleep(500ms);
 * fmt.Println("main returning") */
static void prog_main_returns_during_panic(void *arg)
{
    (void)arg;
    int64_t d = 2 * SECOND;
    rt_go(child_panics_with_slow_defer, &d, sizeof d);
    rt_sleep(500 * MILLISECOND);
    tu_printf("main returning\n");
}

/* P2: main returning while a goroutine runs panic defers exits 0. */
Test(panic, main_returning_during_child_panic_defers_loses_the_panic)
{
    rt_result r = tu_run(prog_main_returns_during_panic, NULL);
    expect_run(&r, RT_END_RETURN, 0, "child defer start\nmain returning\n", "");
}

/* go ...(child sleeps 500ms in its panic defer); time.Sleep(2s);
 * fmt.Println("main returning") */
static void prog_child_panic_finishes_first(void *arg)
{
    (void)arg;
    int64_t d = 500 * MILLISECOND;
    rt_go(child_panics_with_slow_defer, &d, sizeof d);
    rt_sleep(2 * SECOND);
    tu_printf("main returning\n");
}

/* P2: once the panic defers are done, the crash happens. */
Test(panic, child_panic_crashes_once_its_slow_defer_finishes)
{
    rt_result r = tu_run(prog_child_panic_finishes_first, NULL);
    expect_run(&r, RT_END_PANIC, 2, "child defer start\nchild defer end\n", "panic: child panic\n");
}

/* ------------------------------------------------------------ P3 */

/* panic(v) with v made by the test. */
struct value_maker {
    rt_value (*make)(void);
};

static void prog_panic_value(void *arg)
{
    const struct value_maker *m = arg;
    rt_panic(m->make());
}

static void expect_panic_prints(rt_value (*make)(void), const char *err)
{
    struct value_maker m = {make};
    rt_result r = tu_run(prog_panic_value, &m);
    expect_run(&r, RT_END_PANIC, 2, "", err);
}

/* defer fmt.Println("deferred"); panic("boom") */
static void prog_panic_string(void *arg)
{
    (void)arg;
    defer_println("deferred");
    rt_panic(rt_str("boom"));
}

/* P3 */
Test(panic, string_value_prints_as_is_after_defers_ran)
{
    rt_result r = tu_run(prog_panic_string, NULL);
    expect_run(&r, RT_END_PANIC, 2, "deferred\n", "panic: boom\n");
}

static rt_value make_empty_string(void)
{
    return rt_str("");
}

/* P3: panic("") */
Test(panic, empty_string_value_prints_nothing_after_the_colon)
{
    expect_panic_prints(make_empty_string, "panic: \n");
}

static rt_value make_42(void)
{
    return rt_int(42);
}

static rt_value make_minus_5(void)
{
    return rt_int(-5);
}

/* P3: panic(42), panic(int64(-5)) */
Test(panic, int_value_prints_in_decimal)
{
    expect_panic_prints(make_42, "panic: 42\n");
    expect_panic_prints(make_minus_5, "panic: -5\n");
}

static rt_value make_true(void)
{
    return rt_bool(true);
}

/* P3: panic(true) */
Test(panic, bool_value_prints_true)
{
    expect_panic_prints(make_true, "panic: true\n");
}

static rt_value make_error(void)
{
    return rt_error("an error");
}

/* P3: panic(errors.New("an error")) */
Test(panic, error_value_prints_its_error_text)
{
    expect_panic_prints(make_error, "panic: an error\n");
}

static rt_value make_my_int(void)
{
    return text_value("main.MyInt(7)");
}

/* P3: panic(MyInt(7)) */
Test(panic, user_type_value_prints_the_text_given_by_the_client)
{
    expect_panic_prints(make_my_int, "panic: main.MyInt(7)\n");
}

/* zero := 0; fmt.Println(10 / zero) */
static void prog_divide_by_zero(void *arg)
{
    (void)arg;
    int zero = 0;
    tu_printf("%d\n", go_div(10, zero));
}

/* P3: run-time errors */
Test(panic, runtime_error_prints_with_runtime_error_prefix)
{
    rt_result r = tu_run(prog_divide_by_zero, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: runtime error: integer divide by zero\n");
}

/* ------------------------------------------------------------ P5 */

/* defer func() { panic("B") }(); panic("A") */
static void prog_panic_in_defer(void *arg)
{
    (void)arg;
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* P5 row 1 */
Test(panic, panic_in_defer_prints_both_panics_oldest_first)
{
    rt_result r = tu_run(prog_panic_in_defer, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: A\n\tpanic: B\n");
}

/* defer func() { panic("C") }(); defer func() { panic("B") }(); panic("A") */
static void prog_three_panics(void *arg)
{
    (void)arg;
    defer_panic("C");
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* P5 row 2 */
Test(panic, three_nested_panics_print_as_a_chain)
{
    rt_result r = tu_run(prog_three_panics, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: A\n\tpanic: B\n\tpanic: C\n");
}

/* func() { recover(); panic("B") } */
static void recover_then_panic_b(void *arg)
{
    (void)arg;
    rt_recover();
    rt_panic(rt_str("B"));
}

/* defer func() { recover(); panic("B") }(); panic("A") */
static void prog_recover_then_new_panic(void *arg)
{
    (void)arg;
    rt_defer(recover_then_panic_b, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 3 (RecursivePanic4) */
Test(panic, recovered_panic_followed_by_new_panic_is_marked_recovered)
{
    rt_result r = tu_run(prog_recover_then_new_panic, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: A [recovered]\n\tpanic: B\n");
}

/* defer func() { r := recover(); panic(r) }(); panic("A") */
static void prog_repanic_same_value(void *arg)
{
    (void)arg;
    rt_defer(repanic_fn, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 4, Go 1.19-1.24 form */
Test(panic, repanic_with_same_value_prints_two_lines)
{
    rt_result r = tu_run(prog_repanic_same_value, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: A [recovered]\n\tpanic: A\n");
}

/* defer func() { panic("B") }(); defer func() { recover() }(); panic("A") */
static void prog_panic_after_full_recovery(void *arg)
{
    (void)arg;
    defer_panic("B");
    rt_defer(recover_fn, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 6 */
Test(panic, fully_recovered_panic_is_dropped_from_the_report)
{
    rt_result r = tu_run(prog_panic_after_full_recovery, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: B\n");
}

/* func() { defer func() { recover() }(); panic("B") } */
static void panic_b_recovered_inside(void *arg)
{
    (void)arg;
    rt_defer(recover_fn, NULL, 0);
    rt_panic(rt_str("B"));
}

/* defer func() { defer func() { recover() }(); panic("B") }(); panic("A") */
static void prog_inner_panic_recovered_inside(void *arg)
{
    (void)arg;
    rt_defer(panic_b_recovered_inside, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 7 (RecursivePanic3) */
Test(panic, panic_recovered_inside_a_deferred_call_is_not_printed)
{
    rt_result r = tu_run(prog_inner_panic_recovered_inside, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: A\n");
}

/* func() { r := recover(); panic(fmt.Sprintf("wrapped(%v)", r)) } */
static void rewrap_fn(void *arg)
{
    (void)arg;
    const char *text = show(rt_recover());
    size_t n = strlen(text) + sizeof "wrapped()";
    char *msg = rt_alloc(n);
    snprintf(msg, n, "wrapped(%s)", text);
    rt_panic(rt_str(msg));
}

/* defer func() { r := recover(); panic(fmt.Sprintf("wrapped(%v)", r)) }()
 * panic(errors.New("E")) */
static void prog_error_rewrapped(void *arg)
{
    (void)arg;
    rt_defer(rewrap_fn, NULL, 0);
    rt_panic(rt_error("E"));
}

/* P5 row 8 */
Test(panic, recovered_error_rewrapped_prints_error_text_then_new_value)
{
    rt_result r = tu_run(prog_error_rewrapped, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: E [recovered]\n\tpanic: wrapped(E)\n");
}

/* defer func() { panic("hello") }(); runtime.Goexit()   (in main) */
static void prog_panic_during_goexit(void *arg)
{
    (void)arg;
    defer_panic("hello");
    rt_goexit();
}

/* P5 row 9: the Goexit pseudo-panic is never printed. */
Test(panic, panic_during_goexit_prints_only_the_panic)
{
    rt_result r = tu_run(prog_panic_during_goexit, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: hello\n");
}

/* defer fmt.Println("outermost"); defer func() { panic("B") }()
 * defer runtime.Goexit(); panic("A") */
static void prog_goexit_between_panics(void *arg)
{
    (void)arg;
    defer_println("outermost");
    defer_panic("B");
    rt_defer(goexit_fn, NULL, 0);
    rt_panic(rt_str("A"));
}

/* P5 row 10 */
Test(panic, goexit_between_two_panics_prints_both_panics)
{
    rt_result r = tu_run(prog_goexit_between_panics, NULL);
    expect_run(&r, RT_END_PANIC, 2, "outermost\n", "panic: A\n\tpanic: B\n");
}

/* defer func() { panic("C") }(); defer func() { r := recover(); panic(r) }()
 * defer func() { panic("B") }(); panic("A") */
static void prog_repanic_mid_chain(void *arg)
{
    (void)arg;
    defer_panic("C");
    rt_defer(repanic_fn, NULL, 0);
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* P5, checked with gc 1.19: a re-panic in the middle of a chain. */
Test(panic, repanic_in_the_middle_of_a_chain_keeps_every_panic)
{
    rt_result r = tu_run(prog_repanic_mid_chain, NULL);
    expect_run(&r, RT_END_PANIC, 2, "",
               "panic: A\n\tpanic: B [recovered]\n\tpanic: B\n\tpanic: C\n");
}

/* func() { fmt.Println("recovered:", recover()); panic("Z") } */
static void recover_print_then_panic_z(void *arg)
{
    (void)arg;
    tu_printf("recovered: %s\n", show(rt_recover()));
    rt_panic(rt_str("Z"));
}

/* defer func() { fmt.Println("recovered:", recover()); panic("Z") }()
 * defer func() { panic("B") }(); panic("A") */
static void prog_aborted_panic_still_printed(void *arg)
{
    (void)arg;
    rt_defer(recover_print_then_panic_z, NULL, 0);
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* P5, checked with gc 1.19: the aborted panic A stays in the report while
 * the deferred call that recovered B has not returned. */
Test(panic, aborted_panic_stays_in_report_until_recovering_call_returns)
{
    rt_result r = tu_run(prog_aborted_panic_still_printed, NULL);
    expect_run(&r, RT_END_PANIC, 2, "recovered: B\n",
               "panic: A\n\tpanic: B [recovered]\n\tpanic: Z\n");
}

/* ------------------------------------------------------------ R1-R5 */

/* func f() { defer func() { fmt.Println("recovered", recover()) }(); panic("boom") } */
static void f_recovers(void *arg)
{
    (void)arg;
    defer_print_recover("recovered");
    rt_panic(rt_str("boom"));
}

/* f(); fmt.Println("after f") */
static void prog_recover(void *arg)
{
    (void)arg;
    rt_call(f_recovers, NULL);
    tu_printf("after f\n");
}

/* R1 */
Test(panic, recover_in_deferred_call_returns_the_panic_value)
{
    rt_result r = tu_run(prog_recover, NULL);
    expect_run(&r, RT_END_RETURN, 0, "recovered boom\nafter f\n", "");
}

/* func f() (r int) {
 *     defer func() { fmt.Println("recovered", recover()) }()
 *     defer func() { panic("late") }()
 *     fmt.Println("body"); return 1
 * } */
static void f_defer_panics_on_return(void *arg)
{
    int *r = arg;
    defer_print_recover("recovered");
    defer_panic("late");
    tu_printf("body\n");
    *r = 1;
}

/* fmt.Println("f returned", f()) */
static void prog_recover_panic_from_return_defer(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(f_defer_panics_on_return, &r);
    tu_printf("f returned %d\n", r);
}

/* R1: a panic raised by a defer during a normal return is recovered too. */
Test(panic, recover_catches_panic_raised_by_defer_during_normal_return)
{
    rt_result r = tu_run(prog_recover_panic_from_return_defer, NULL);
    expect_run(&r, RT_END_RETURN, 0, "body\nrecovered late\nf returned 1\n", "");
}

/* func f() { defer func() { fmt.Println("deferred on normal return", recover()) }() } */
static void f_recover_on_return(void *arg)
{
    (void)arg;
    defer_print_recover("deferred on normal return");
}

/* fmt.Println("not panicking", recover()); f() */
static void prog_recover_not_panicking(void *arg)
{
    (void)arg;
    tu_printf("not panicking %s\n", show(rt_recover()));
    rt_call(f_recover_on_return, NULL);
}

/* R2 */
Test(panic, recover_returns_nil_when_not_panicking)
{
    rt_result r = tu_run(prog_recover_not_panicking, NULL);
    expect_run(&r, RT_END_RETURN, 0, "not panicking <nil>\ndeferred on normal return <nil>\n", "");
}

/* func helper() { fmt.Println("helper", recover()) } */
static void helper_recovers(void *arg)
{
    (void)arg;
    tu_printf("helper %s\n", show(rt_recover()));
}

/* func() { helper() } */
static void call_helper(void *arg)
{
    (void)arg;
    rt_call(helper_recovers, NULL);
}

/* defer func() { helper() }(); panic("boom") */
static void prog_recover_in_helper(void *arg)
{
    (void)arg;
    rt_defer(call_helper, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* R2 */
Test(panic, recover_returns_nil_when_called_from_helper)
{
    rt_result r = tu_run(prog_recover_in_helper, NULL);
    expect_run(&r, RT_END_PANIC, 2, "helper <nil>\n", "panic: boom\n");
}

/* func f() { defer recover(); panic("boom") } */
static void f_defers_recover_directly(void *arg)
{
    (void)arg;
    rt_defer_recover();
    rt_panic(rt_str("boom"));
}

/* defer fmt.Println("main defer"); f(); fmt.Println("unreachable") */
static void prog_defer_recover_directly(void *arg)
{
    (void)arg;
    defer_println("main defer");
    rt_call(f_defers_recover_directly, NULL);
    tu_printf("unreachable\n");
}

/* R2 (test/recover.go test2) */
Test(panic, defer_recover_directly_in_panicking_function_has_no_effect)
{
    rt_result r = tu_run(prog_defer_recover_directly, NULL);
    expect_run(&r, RT_END_PANIC, 2, "main defer\n", "panic: boom\n");
}

/* func() { fmt.Println("inner deferred recover:", recover()) } */
static void print_inner_recover(void *arg)
{
    (void)arg;
    tu_printf("inner deferred recover: %s\n", show(rt_recover()));
}

/* func() { defer func() { ...recover()... }(); fmt.Println("deferred body") } */
static void defers_a_recovering_func(void *arg)
{
    (void)arg;
    rt_defer(print_inner_recover, NULL, 0);
    tu_printf("deferred body\n");
}

/* defer func() { defer func() { ...recover()... }(); ... }(); panic("boom") */
static void prog_recover_in_defer_of_defer(void *arg)
{
    (void)arg;
    rt_defer(defers_a_recovering_func, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* R2 (TestRecoverMatching) */
Test(panic, recover_returns_nil_in_func_deferred_by_deferred_call_on_its_return)
{
    rt_result r = tu_run(prog_recover_in_defer_of_defer, NULL);
    expect_run(&r, RT_END_PANIC, 2, "deferred body\ninner deferred recover: <nil>\n",
               "panic: boom\n");
}

/* go func() { fmt.Println("goroutine recover:", recover()); done <- 1 }() */
static void goroutine_recovers(void *arg)
{
    rt_chan *done = *(rt_chan **)arg;
    tu_printf("goroutine recover: %s\n", show(rt_recover()));
    rt_chan_send(done, rt_int(1));
}

/* func() { done := make(chan int); go ...; <-done } */
static void defer_starts_goroutine(void *arg)
{
    (void)arg;
    rt_chan *done = rt_chan_make(0, rt_int(0));
    rt_go(goroutine_recovers, &done, sizeof done);
    rt_chan_recv(done, NULL);
}

/* defer func() { ...go func() { recover() }()... }(); panic("boom") */
static void prog_recover_in_new_goroutine(void *arg)
{
    (void)arg;
    rt_defer(defer_starts_goroutine, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* R2 */
Test(panic, recover_returns_nil_in_goroutine_started_by_deferred_call)
{
    rt_result r = tu_run(prog_recover_in_new_goroutine, NULL);
    expect_run(&r, RT_END_PANIC, 2, "goroutine recover: <nil>\n", "panic: boom\n");
}

/* func() { a := recover(); b := recover(); fmt.Println(a, b) } */
static void recover_twice(void *arg)
{
    (void)arg;
    const char *a = show(rt_recover());
    const char *b = show(rt_recover());
    tu_printf("%s %s\n", a, b);
}

/* defer func() { a := recover(); b := recover(); fmt.Println(a, b) }(); panic("boom") */
static void prog_recover_twice(void *arg)
{
    (void)arg;
    rt_defer(recover_twice, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* R2 */
Test(panic, second_recover_returns_nil)
{
    rt_result r = tu_run(prog_recover_twice, NULL);
    expect_run(&r, RT_END_RETURN, 0, "boom <nil>\n", "");
}

/* func() { defer recover() } */
static void defers_builtin_recover(void *arg)
{
    (void)arg;
    rt_defer_recover();
}

/* func f() { defer func() { defer recover() }(); panic("boom") } */
static void f_defer_of_defer_recover(void *arg)
{
    (void)arg;
    rt_defer(defers_builtin_recover, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* f(); fmt.Println("f returned") */
static void prog_defer_recover_in_deferred(void *arg)
{
    (void)arg;
    rt_call(f_defer_of_defer_recover, NULL);
    tu_printf("f returned\n");
}

/* R3 (test/recover.go test4) */
Test(panic, defer_recover_inside_deferred_call_recovers)
{
    rt_result r = tu_run(prog_defer_recover_in_deferred, NULL);
    expect_run(&r, RT_END_RETURN, 0, "f returned\n", "");
}

/* type R struct{ tag string }
 * func (r R) M() { fmt.Println(r.tag, "recovered", recover()) } */
struct R {
    const char *tag;
};

static void R_M(void *arg)
{
    const struct R *r = arg;
    tu_printf("%s recovered %s\n", r->tag, show(rt_recover()));
}

/* func g() { defer R{"method"}.M(); panic("boom2") } */
static void g_defers_method(void *arg)
{
    (void)arg;
    struct R r = {"method"};
    rt_defer(R_M, &r, sizeof r);
    rt_panic(rt_str("boom2"));
}

/* g(); fmt.Println("g returned") */
static void prog_method_recovers(void *arg)
{
    (void)arg;
    rt_call(g_defers_method, NULL);
    tu_printf("g returned\n");
}

/* R3 (test/recover.go test9-14) */
Test(panic, deferred_method_value_that_calls_recover_recovers)
{
    rt_result r = tu_run(prog_method_recovers, NULL);
    expect_run(&r, RT_END_RETURN, 0, "method recovered boom2\ng returned\n", "");
}

/* func i() { panic("boom") } */
static void i_panics(void *arg)
{
    (void)arg;
    rt_panic(rt_str("boom"));
}

/* func h() { defer fmt.Println("h defer"); i(); fmt.Println("h unreachable") } */
static void h_calls_i(void *arg)
{
    (void)arg;
    defer_println("h defer");
    rt_call(i_panics, NULL);
    tu_printf("h unreachable\n");
}

/* func g() (r int) {
 *     defer fmt.Println("g first")
 *     defer func() { fmt.Println("recovered", recover()) }()
 *     r = 1; h(); r = 2; return 3
 * } */
static void g_recovers_from_h(void *arg)
{
    int *r = arg;
    defer_println("g first");
    defer_print_recover("recovered");
    *r = 1;
    rt_call(h_calls_i, NULL);
    *r = 2;
    *r = 3;
}

/* fmt.Println("g returned", g()); fmt.Println("after") */
static void prog_after_recover(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(g_recovers_from_h, &r);
    tu_printf("g returned %d\n", r);
    tu_printf("after\n");
}

/* R4 */
Test(panic, recovering_function_runs_earlier_defers_and_returns_to_its_caller)
{
    rt_result r = tu_run(prog_after_recover, NULL);
    expect_run(&r, RT_END_RETURN, 0, "h defer\nrecovered boom\ng first\ng returned 1\nafter\n", "");
}

/* func() { r := recover(); panic(fmt.Sprint("re:", r)) } */
static void repanic_prefixed(void *arg)
{
    (void)arg;
    const char *text = show(rt_recover());
    size_t n = strlen(text) + sizeof "re:";
    char *msg = rt_alloc(n);
    snprintf(msg, n, "re:%s", text);
    rt_panic(rt_str(msg));
}

/* defer func() { fmt.Println("outer saw", recover()) }()
 * defer func() { r := recover(); panic(fmt.Sprint("re:", r)) }()
 * panic("p11") */
static void prog_repanic_seen_by_outer(void *arg)
{
    (void)arg;
    defer_print_recover("outer saw");
    rt_defer(repanic_prefixed, NULL, 0);
    rt_panic(rt_str("p11"));
}

/* R5 */
Test(panic, outer_recover_sees_the_value_of_the_most_recent_panic)
{
    rt_result r = tu_run(prog_repanic_seen_by_outer, NULL);
    expect_run(&r, RT_END_RETURN, 0, "outer saw re:p11\n", "");
}

/* ------------------------------------------------------------ R6, R7 */

/* func() { fmt.Println("first", recover()); fmt.Println("second", recover()) } */
static void print_first_second_recover(void *arg)
{
    (void)arg;
    tu_printf("first %s\n", show(rt_recover()));
    tu_printf("second %s\n", show(rt_recover()));
}

/* func f() { defer func() { ...two recovers... }(); defer func() { panic("B") }();
 *            panic("A") } */
static void f_aborted_panic(void *arg)
{
    (void)arg;
    rt_defer(print_first_second_recover, NULL, 0);
    defer_panic("B");
    rt_panic(rt_str("A"));
}

/* f(); fmt.Println("continued") */
static void prog_aborted_panic(void *arg)
{
    (void)arg;
    rt_call(f_aborted_panic, NULL);
    tu_printf("continued\n");
}

/* R6 (TestAbortedPanic) */
Test(panic, recovering_newer_panic_also_ends_the_aborted_older_one)
{
    rt_result r = tu_run(prog_aborted_panic, NULL);
    expect_run(&r, RT_END_RETURN, 0, "first B\nsecond <nil>\ncontinued\n", "");
}

/* func() { defer func() { fmt.Println("inner", recover()) }(); panic("B") } */
static void panic_b_printed_inside(void *arg)
{
    (void)arg;
    defer_print_recover("inner");
    rt_panic(rt_str("B"));
}

/* defer func() { fmt.Println("outer", recover()) }()
 * defer func() { defer func() { fmt.Println("inner", recover()) }(); panic("B") }()
 * panic("A") */
static void prog_older_panic_resumes(void *arg)
{
    (void)arg;
    defer_print_recover("outer");
    rt_defer(panic_b_printed_inside, NULL, 0);
    rt_panic(rt_str("A"));
}

/* R6 (RecursivePanic3) */
Test(panic, panic_recovered_inside_deferred_call_lets_older_panic_continue)
{
    rt_result r = tu_run(prog_older_panic_resumes, NULL);
    expect_run(&r, RT_END_RETURN, 0, "inner B\nouter A\n", "");
}

/* go func() { panic("child boom") }() */
static void child_just_panics(void *arg)
{
    (void)arg;
    rt_panic(rt_str("child boom"));
}

/* defer func() { fmt.Println("main recovered", recover()) }()
 * go func() { panic("child boom") }(); select {} */
static void prog_recover_other_goroutine(void *arg)
{
    (void)arg;
    defer_print_recover("main recovered");
    rt_go(child_just_panics, NULL, 0);
    block_forever();
}

/* R7 */
Test(panic, recover_in_parent_does_not_see_child_panic)
{
    rt_result r = tu_run(prog_recover_other_goroutine, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: child boom\n");
}

/* ------------------------------------------------------------ R8 */

/* func() { r := recover(); _, isRT := r.(runtime.Error); _, isStr := r.(string)
 *          fmt.Printf("%v runtime.Error=%v string=%v\n", r, isRT, isStr) } */
static void print_recovered_type(void *arg)
{
    (void)arg;
    rt_value v = rt_recover();
    tu_printf("%s runtime.Error=%s string=%s\n", show(v), v.kind == RT_V_RTERROR ? "true" : "false",
              v.kind == RT_V_STR ? "true" : "false");
}

/* func show(f func()) { defer func() { ...print recover()... }(); f() } */
static void show_panic(void *arg)
{
    const struct func_arg *f = arg;
    rt_defer(print_recovered_type, NULL, 0);
    rt_call(f->fn, NULL);
}

/* c := make(chan int); close(c); close(c) */
static void close_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_chan_close(c);
    rt_chan_close(c);
}

/* var c chan int; close(c) */
static void close_nil(void *arg)
{
    (void)arg;
    rt_chan_close(NULL);
}

/* c := make(chan int, 1); close(c); c <- 1 */
static void send_on_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_chan_close(c);
    rt_chan_send(c, rt_int(1));
}

/* fmt.Println(1 / zero) */
static void divide_by_zero(void *arg)
{
    (void)arg;
    int zero = 0;
    tu_printf("%d\n", go_div(1, zero));
}

/* var f func(); f() */
static void call_nil_func(void *arg)
{
    (void)arg;
    rt_panic_nil_deref();
}

/* var wg sync.WaitGroup; wg.Add(-1) */
static void negative_waitgroup(void *arg)
{
    (void)arg;
    rt_wg_add(rt_wg_new(), -1);
}

/* panic("plain") */
static void plain_panic(void *arg)
{
    (void)arg;
    rt_panic(rt_str("plain"));
}

/* show(...) for each of fns in order */
static void prog_show_runtime_errors(void *arg)
{
    (void)arg;
    struct func_arg fns[] = {
        {close_closed}, {close_nil}, {send_on_closed}, {divide_by_zero}, {call_nil_func}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        rt_call(show_panic, &fns[i]);
}

/* R8: channel panics are runtime.Errors without the "runtime error: " prefix. */
Test(panic, runtime_raised_panics_recover_as_runtime_errors)
{
    rt_result r = tu_run(prog_show_runtime_errors, NULL);
    expect_run(&r, RT_END_RETURN, 0,
               "close of closed channel runtime.Error=true string=false\n"
               "close of nil channel runtime.Error=true string=false\n"
               "send on closed channel runtime.Error=true string=false\n"
               "runtime error: integer divide by zero runtime.Error=true string=false\n"
               "runtime error: invalid memory address or nil pointer dereference "
               "runtime.Error=true string=false\n",
               "");
}

static void prog_show_string_panics(void *arg)
{
    (void)arg;
    struct func_arg fns[] = {{negative_waitgroup}, {plain_panic}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        rt_call(show_panic, &fns[i]);
}

/* R8: sync panics are plain strings. */
Test(panic, sync_panics_recover_as_plain_strings)
{
    rt_result r = tu_run(prog_show_string_panics, NULL);
    expect_run(&r, RT_END_RETURN, 0,
               "sync: negative WaitGroup counter runtime.Error=false string=true\n"
               "plain runtime.Error=false string=true\n",
               "");
}

/* ------------------------------------------------------------ R9 */

/* func() { r := recover(); _, ok := r.(runtime.Error)
 *          fmt.Printf("recover() = %v runtime.Error=%v\n", r, ok) } */
static void print_nil_panic_recover(void *arg)
{
    (void)arg;
    rt_value v = rt_recover();
    tu_printf("recover() = %s runtime.Error=%s\n", show(v),
              v.kind == RT_V_RTERROR ? "true" : "false");
}

/* func f() { defer func() { ...recover()... }(); panic(nil) } */
static void f_panics_nil(void *arg)
{
    (void)arg;
    rt_defer(print_nil_panic_recover, NULL, 0);
    rt_panic(rt_nil());
}

/* f(); fmt.Println("returned normally") */
static void prog_recover_panic_nil(void *arg)
{
    (void)arg;
    rt_call(f_panics_nil, NULL);
    tu_printf("returned normally\n");
}

/* panic(nil) */
static void prog_panic_nil(void *arg)
{
    (void)arg;
    rt_panic(rt_nil());
}

/* R9, go 1.19: recover returns nil, yet the panic is stopped. */
Test(panic, go119_panic_nil_is_stopped_although_recover_returns_nil)
{
    rt_result r = run_lang(prog_recover_panic_nil, RT_LANG_GO119);
    expect_run(&r, RT_END_RETURN, 0, "recover() = <nil> runtime.Error=false\nreturned normally\n",
               "");
}

/* R9, go 1.19 */
Test(panic, go119_unrecovered_panic_nil_prints_nil)
{
    rt_result r = run_lang(prog_panic_nil, RT_LANG_GO119);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: nil\n");
}

/* R9, Go 1.21+: *runtime.PanicNilError. */
Test(panic, go122_panic_nil_recovers_as_panic_nil_error)
{
    rt_result r = run_lang(prog_recover_panic_nil, RT_LANG_GO122);
    expect_run(&r, RT_END_RETURN, 0,
               "recover() = panic called with nil argument runtime.Error=true\n"
               "returned normally\n",
               "");
}

/* R9, Go 1.21+ */
Test(panic, go122_unrecovered_panic_nil_prints_panic_nil_error)
{
    rt_result r = run_lang(prog_panic_nil, RT_LANG_GO122);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: panic called with nil argument\n");
}

/* defer func() { r := recover(); panic(r) }(); panic(nil) */
static void prog_repanic_nil(void *arg)
{
    (void)arg;
    rt_defer(repanic_fn, NULL, 0);
    rt_panic(rt_nil());
}

/* R9 + P5, go 1.19: the stopped panic(nil) is marked recovered. */
Test(panic, go119_repanic_of_recovered_panic_nil_prints_nil_chain)
{
    rt_result r = run_lang(prog_repanic_nil, RT_LANG_GO119);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: nil [recovered]\n\tpanic: nil\n");
}

/* R9 + P5, Go 1.21+: the recovered value is the PanicNilError itself. */
Test(panic, go122_repanic_of_panic_nil_error_prints_its_text_twice)
{
    rt_result r = run_lang(prog_repanic_nil, RT_LANG_GO122);
    expect_run(&r, RT_END_PANIC, 2, "",
               "panic: panic called with nil argument [recovered]\n"
               "\tpanic: panic called with nil argument\n");
}

/* ------------------------------------------------------------ X3, X4 */

/* go func() { panic("child boom") }(); time.Sleep(time.Second) */
static void prog_child_panic_while_main_sleeps(void *arg)
{
    (void)arg;
    rt_go(child_just_panics, NULL, 0);
    rt_sleep(SECOND);
}

/* X3 */
Test(panic, unrecovered_panic_in_any_goroutine_exits_2)
{
    rt_result r = tu_run(prog_child_panic_while_main_sleeps, NULL);
    expect_run(&r, RT_END_PANIC, 2, "", "panic: child boom\n");
}

/* var mu sync.Mutex
 * defer fmt.Println("deferred println"); defer func() { recover() }()
 * mu.Unlock() */
static void prog_unlock_unlocked(void *arg)
{
    (void)arg;
    rt_mutex *mu = rt_mutex_new();
    defer_println("deferred println");
    rt_defer(recover_fn, NULL, 0);
    rt_mutex_unlock(mu);
}

/* X4 (M2) */
Test(panic, fatal_error_is_not_recovered_and_runs_no_defers)
{
    rt_result r = tu_run(prog_unlock_unlocked, NULL);
    expect_run(&r, RT_END_FATAL, 2, "", "fatal error: sync: unlock of unlocked mutex\n");
    cr_assert_eq(r.fatal, RT_FATAL_UNLOCK, "fatal kind: got %d, want RT_FATAL_UNLOCK",
                 (int)r.fatal);
}

/* defer fmt.Println("main defer")
 * defer func() { fmt.Println("recovered", recover()) }()
 * <-make(chan int) */
static void prog_deadlock_with_defers(void *arg)
{
    (void)arg;
    defer_println("main defer");
    defer_print_recover("recovered");
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

/* X4 (K1) */
Test(panic, deadlock_runs_no_defers)
{
    rt_result r = tu_run(prog_deadlock_with_defers, NULL);
    expect_run(&r, RT_END_FATAL, 2, "", "fatal error: all goroutines are asleep - deadlock!\n");
    cr_assert_eq(r.fatal, RT_FATAL_DEADLOCK, "fatal kind: got %d, want RT_FATAL_DEADLOCK",
                 (int)r.fatal);
}

/* ------------------------------------------------------------ schedules */

/* The concurrent programs above under many schedules. */
Test(panic, outcome_is_the_same_under_every_seed)
{
    expect_same_under_seeds(prog_child_panics, RT_END_PANIC, 2, "child defer\n",
                            "panic: child boom\n");
    expect_same_under_seeds(prog_others_run_during_panic, RT_END_PANIC, 2,
                            "child defer got hello from main\n", "panic: child boom\n");
    expect_same_under_seeds(prog_main_returns_during_panic, RT_END_RETURN, 0,
                            "child defer start\nmain returning\n", "");
    expect_same_under_seeds(prog_recover_in_new_goroutine, RT_END_PANIC, 2,
                            "goroutine recover: <nil>\n", "panic: boom\n");
    expect_same_under_seeds(prog_recover_other_goroutine, RT_END_PANIC, 2, "",
                            "panic: child boom\n");
}
