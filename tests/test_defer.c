/* test_defer.c - defer registration and execution (go-semantics.md D1-D12,
 * N1-N6) and the program ends that skip defers (X1, X2).
 *
 * Each test is a small Go program written against the C API (rt.h), with
 * the Go source in the comment above it. The expected stdout, stderr and
 * exit code are what gc 1.19 printed for that Go program with
 * GOTRACEBACK=none, never what our runtime printed. The one deliberate
 * difference: our "[signal SIGSEGV ...]" line says pc=0x0.
 *
 * Mapping: a Go function call is rt_call (a new frame); `defer f(args)` is
 * rt_defer with the arguments copied now; a variable that a closure captures
 * by reference lives in rt_alloc() memory and the closure gets a pointer to
 * it (a frame's C locals are gone by the time its defers run).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "rt_testutil.h"

/* ------------------------------------------------------------ checking */

#define NIL_DEREF_STDERR                                                                           \
    "panic: runtime error: invalid memory address or nil pointer dereference\n"                    \
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n"

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

/* Arguments of fmt.Println(label, v); label NULL prints v alone. */
struct label_int {
    const char *label;
    int v;
};

static void println_label_int_fn(void *arg)
{
    const struct label_int *a = arg;
    if (a->label != NULL)
        tu_printf("%s %d\n", a->label, a->v);
    else
        tu_printf("%d\n", a->v);
}

/* defer fmt.Println(label, v) */
static void defer_println_int(const char *label, int v)
{
    struct label_int a = {label, v};
    rt_defer(println_label_int_fn, &a, sizeof a);
}

/* println(label, v): the builtin, which writes to stderr. */
static void eprintln_label_int_fn(void *arg)
{
    const struct label_int *a = arg;
    tu_eprintf("%s %d\n", a->label, a->v);
}

/* defer func() { fmt.Println(label, recover()) }() */
static void print_recover_fn(void *arg)
{
    tu_printf("%s %s\n", *(const char **)arg, show(rt_recover()));
}

static void defer_print_recover(const char *label)
{
    rt_defer(print_recover_fn, &label, sizeof label);
}

/* defer func() { r := recover(); _, ok := r.(runtime.Error);
 *                fmt.Printf("%v runtime.Error=%v\n", r, ok) }() */
static void print_recover_type_fn(void *arg)
{
    (void)arg;
    rt_value v = rt_recover();
    tu_printf("%s runtime.Error=%s\n", show(v), v.kind == RT_V_RTERROR ? "true" : "false");
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

/* ------------------------------------------------------------ D1 */

/* func side() int { fmt.Println("side"); return 7 } */
static void side(void *arg)
{
    tu_printf("side\n");
    *(int *)arg = 7;
}

/* x := 1
 * defer fmt.Println("x", x)
 * defer fmt.Println("A", side())
 * x = 3
 * fmt.Println("body", x) */
static void prog_defer_args(void *arg)
{
    (void)arg;
    int x = 1;
    defer_println_int("x", x);
    int s;
    rt_call(side, &s);
    defer_println_int("A", s);
    x = 3;
    tu_printf("body %d\n", x);
}

/* D1 */
Test(defer, args_are_evaluated_when_the_defer_statement_runs)
{
    rt_result r = tu_run(prog_defer_args, NULL);
    expect_run(&r, RT_END_RETURN, 0, "side\nbody 3\nA 7\nx 1\n", "");
}

/* ------------------------------------------------------------ D2 */

/* type T struct{ f int } */
struct T {
    int f;
};

/* func (t T) Val() { fmt.Println("Val", t.f) }: arg is the copied receiver. */
static void T_Val(void *arg)
{
    const struct T *t = arg;
    tu_printf("Val %d\n", t->f);
}

/* func (t *T) Ptr() { fmt.Println("Ptr", t.f) }: arg holds the pointer. */
static void T_Ptr(void *arg)
{
    const struct T *t = *(struct T **)arg;
    tu_printf("Ptr %d\n", t->f);
}

/* t := T{1}; defer t.Val(); defer t.Ptr(); t.f = 2 */
static void prog_receivers(void *arg)
{
    (void)arg;
    struct T *t = rt_alloc(sizeof *t);
    t->f = 1;
    rt_defer(T_Val, t, sizeof *t); /* value receiver: copies t now */
    rt_defer(T_Ptr, &t, sizeof t); /* pointer receiver: takes &t now */
    t->f = 2;
}

/* D2 */
Test(defer, value_receiver_is_copied_and_pointer_receiver_sees_later_writes)
{
    rt_result r = tu_run(prog_receivers, NULL);
    expect_run(&r, RT_END_RETURN, 0, "Ptr 2\nVal 1\n", "");
}

/* ------------------------------------------------------------ D3 */

static void func_A(void *arg)
{
    (void)arg;
    tu_printf("A\n");
}

static void func_B(void *arg)
{
    (void)arg;
    tu_printf("B\n");
}

/* A Go variable of func type that a closure captures. */
struct func_var {
    rt_fn fn;
};

/* func() { g() }: looks g up when it runs. */
static void call_g(void *arg)
{
    const struct func_var *g = *(struct func_var **)arg;
    rt_call(g->fn, NULL);
}

/* f := A; defer f()
 * g := A; defer func() { g() }()
 * f = B; g = B */
static void prog_func_value(void *arg)
{
    (void)arg;
    rt_fn f = func_A;
    rt_defer(f, NULL, 0);
    struct func_var *g = rt_alloc(sizeof *g);
    g->fn = func_A;
    rt_defer(call_g, &g, sizeof g);
    f = func_B; /* too late: the defer already holds A */
    (void)f;
    g->fn = func_B;
}

/* D3 */
Test(defer, function_value_is_fixed_at_defer_but_closure_looks_it_up_later)
{
    rt_result r = tu_run(prog_func_value, NULL);
    expect_run(&r, RT_END_RETURN, 0, "B\nA\n", "");
}

/* ------------------------------------------------------------ D4 */

/* func(q *int) { fmt.Println("via pointer", *q) } */
static void print_via_pointer(void *arg)
{
    tu_printf("via pointer %d\n", **(int **)arg);
}

/* func() { fmt.Println("closure", x) }: x captured by reference. */
static void print_captured_x(void *arg)
{
    tu_printf("closure %d\n", **(int **)arg);
}

/* x := 1; p := &x
 * defer func(q *int) { fmt.Println("via pointer", *q) }(p)
 * defer func() { fmt.Println("closure", x) }()
 * x = 3 */
static void prog_closure_capture(void *arg)
{
    (void)arg;
    int *x = rt_alloc(sizeof *x);
    *x = 1;
    rt_defer(print_via_pointer, &x, sizeof x);
    rt_defer(print_captured_x, &x, sizeof x);
    *x = 3;
}

/* D4 */
Test(defer, closure_and_pointer_argument_read_the_variable_when_they_run)
{
    rt_result r = tu_run(prog_closure_capture, NULL);
    expect_run(&r, RT_END_RETURN, 0, "closure 3\nvia pointer 3\n", "");
}

/* ------------------------------------------------------------ D5 */

/* func f() {
 *     for i := 0; i < 3; i++ { defer fmt.Println("loop", i) }
 *     { defer fmt.Println("block") }
 *     fmt.Println("f body end")
 * } */
static void f_loop_defers(void *arg)
{
    (void)arg;
    for (int i = 0; i < 3; i++)
        defer_println_int("loop", i);
    {
        defer_println("block");
    }
    tu_printf("f body end\n");
}

/* f(); fmt.Println("after f") */
static void prog_lifo(void *arg)
{
    (void)arg;
    rt_call(f_loop_defers, NULL);
    tu_printf("after f\n");
}

/* D5: function-scoped, LIFO, before control goes back to the caller. */
Test(defer, defers_run_lifo_when_the_function_exits_not_when_the_block_ends)
{
    rt_result r = tu_run(prog_lifo, NULL);
    expect_run(&r, RT_END_RETURN, 0, "f body end\nblock\nloop 2\nloop 1\nloop 0\nafter f\n", "");
}

/* func g() { defer fmt.Println("g defer"); panic("boom") } */
static void g_panics(void *arg)
{
    (void)arg;
    defer_println("g defer");
    rt_panic(rt_str("boom"));
}

/* func f() { defer fmt.Println("f defer 1"); defer fmt.Println("f defer 2");
 *            g(); fmt.Println("f unreachable") } */
static void f_calls_g(void *arg)
{
    (void)arg;
    defer_println("f defer 1");
    defer_println("f defer 2");
    rt_call(g_panics, NULL);
    tu_printf("f unreachable\n");
}

/* defer fmt.Println("main defer"); f(); fmt.Println("main unreachable") */
static void prog_unwind(void *arg)
{
    (void)arg;
    defer_println("main defer");
    rt_call(f_calls_g, NULL);
    tu_printf("main unreachable\n");
}

/* D5: while panicking, innermost frame first, each LIFO. */
Test(defer, panic_unwinds_innermost_frame_first_each_frame_lifo)
{
    rt_result r = tu_run(prog_unwind, NULL);
    expect_run(&r, RT_END_PANIC, 2, "g defer\nf defer 2\nf defer 1\nmain defer\n", "panic: boom\n");
}

/* ------------------------------------------------------------ D6 */

/* func a() {
 *     defer fmt.Println(1)
 *     if true { defer fmt.Println(2) }
 *     if false { defer fmt.Println(3) }
 *     defer fmt.Println(4)
 *     panic("testing")
 * } */
static void a_conditional(void *arg)
{
    const int *yes = arg;
    defer_println_int(NULL, 1);
    if (*yes)
        defer_println_int(NULL, 2);
    if (!*yes)
        defer_println_int(NULL, 3);
    defer_println_int(NULL, 4);
    rt_panic(rt_str("testing"));
}

/* defer func() { fmt.Println("recovered", recover()) }(); a() */
static void prog_conditional(void *arg)
{
    (void)arg;
    int yes = 1;
    defer_print_recover("recovered");
    rt_call(a_conditional, &yes);
}

/* D6 (TestConditionalDefers) */
Test(defer, only_defer_statements_that_executed_are_run)
{
    rt_result r = tu_run(prog_conditional, NULL);
    expect_run(&r, RT_END_RETURN, 0, "4\n2\n1\nrecovered testing\n", "");
}

/* ------------------------------------------------------------ D7 */

/* defer fmt.Println("outer")
 * zero := 0
 * defer fmt.Println("never", 1/zero)
 * fmt.Println("unreachable") */
static void prog_panicking_args(void *arg)
{
    (void)arg;
    defer_println("outer");
    int zero = 0;
    defer_println_int("never", go_div(1, zero));
    tu_printf("unreachable\n");
}

/* D7 */
Test(defer, panic_while_evaluating_defer_args_registers_nothing)
{
    rt_result r = tu_run(prog_panicking_args, NULL);
    expect_run(&r, RT_END_PANIC, 2, "outer\n", "panic: runtime error: integer divide by zero\n");
}

/* ------------------------------------------------------------ D8 */

/* defer fmt.Println("earlier")
 * var nf func(); defer nf()
 * fmt.Println("body continues") */
static void prog_defer_nil_func(void *arg)
{
    (void)arg;
    defer_println("earlier");
    rt_defer(NULL, NULL, 0);
    tu_printf("body continues\n");
}

/* D8 */
Test(defer, deferred_nil_func_panics_when_called_not_when_deferred)
{
    rt_result r = tu_run(prog_defer_nil_func, NULL);
    expect_run(&r, RT_END_PANIC, 2, "body continues\nearlier\n", NIL_DEREF_STDERR);
}

/* func f() {
 *     defer func() { r := recover(); _, ok := r.(runtime.Error)
 *                    fmt.Printf("%v runtime.Error=%v\n", r, ok) }()
 *     var nf func(); defer nf()
 *     fmt.Println("f body")
 * } */
static void f_defers_nil_func(void *arg)
{
    (void)arg;
    rt_defer(print_recover_type_fn, NULL, 0);
    rt_defer(NULL, NULL, 0);
    tu_printf("f body\n");
}

/* f(); fmt.Println("continued") */
static void prog_recover_nil_func(void *arg)
{
    (void)arg;
    rt_call(f_defers_nil_func, NULL);
    tu_printf("continued\n");
}

/* D8: an ordinary panic, recovered as a runtime.Error. */
Test(defer, deferred_nil_func_panic_is_a_recoverable_runtime_error)
{
    rt_result r = tu_run(prog_recover_nil_func, NULL);
    expect_run(&r, RT_END_RETURN, 0,
               "f body\n"
               "runtime error: invalid memory address or nil pointer dereference "
               "runtime.Error=true\n"
               "continued\n",
               "");
}

/* var nf func(); defer nf(); panic("A") */
static void prog_nil_func_during_panic(void *arg)
{
    (void)arg;
    rt_defer(NULL, NULL, 0);
    rt_panic(rt_str("A"));
}

/* D8: while another panic is in flight, the new panic joins the chain. */
Test(defer, deferred_nil_func_called_while_panicking_adds_a_second_panic)
{
    rt_result r = tu_run(prog_nil_func_during_panic, NULL);
    expect_run(&r, RT_END_PANIC, 2, "",
               "panic: A\n"
               "\tpanic: runtime error: invalid memory address or nil pointer dereference\n"
               "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n");
}

/* func f() {
 *     defer func() { fmt.Println("first:", recover()); fmt.Println("second:", recover()) }()
 *     var nf func(); defer nf()
 *     panic("A")
 * } */
static void print_two_recovers_fn(void *arg)
{
    (void)arg;
    tu_printf("first: %s\n", show(rt_recover()));
    tu_printf("second: %s\n", show(rt_recover()));
}

static void f_nil_func_replaces_panic(void *arg)
{
    (void)arg;
    rt_defer(print_two_recovers_fn, NULL, 0);
    rt_defer(NULL, NULL, 0);
    rt_panic(rt_str("A"));
}

/* f(); fmt.Println("continued") */
static void prog_nil_func_replaces_panic(void *arg)
{
    (void)arg;
    rt_call(f_nil_func_replaces_panic, NULL);
    tu_printf("continued\n");
}

/* D8: the nil-call panic replaces (aborts) the one in flight. */
Test(defer, deferred_nil_func_panic_replaces_the_panic_in_flight)
{
    rt_result r = tu_run(prog_nil_func_replaces_panic, NULL);
    expect_run(&r, RT_END_RETURN, 0,
               "first: runtime error: invalid memory address or nil pointer dereference\n"
               "second: <nil>\n"
               "continued\n",
               "");
}

/* ------------------------------------------------------------ D9 */

/* The method value p.Val copies *p: a nil p faults right here. */
static const struct T *load_receiver(const struct T *p)
{
    if (p == NULL)
        rt_panic_nil_deref();
    return p;
}

/* defer fmt.Println("earlier")
 * var p *T
 * defer p.Val()
 * fmt.Println("unreachable") */
static void prog_nil_receiver(void *arg)
{
    const struct T *p = arg; /* nil */
    defer_println("earlier");
    rt_defer(T_Val, load_receiver(p), sizeof *p);
    tu_printf("unreachable\n");
}

/* D9 */
Test(defer, nil_receiver_method_value_panics_at_the_defer_statement)
{
    rt_result r = tu_run(prog_nil_receiver, NULL);
    expect_run(&r, RT_END_PANIC, 2, "earlier\n", NIL_DEREF_STDERR);
}

/* ------------------------------------------------------------ D10 */

struct go_args {
    int v;
    rt_chan *done;
};

/* func(v int) { fmt.Println("goroutine sees", v); done <- true } */
static void goroutine_sees(void *arg)
{
    const struct go_args *a = arg;
    tu_printf("goroutine sees %d\n", a->v);
    rt_chan_send(a->done, rt_bool(true));
}

/* x := 1; done := make(chan bool)
 * go func(v int) { ...; done <- true }(x)
 * x = 2
 * <-done
 * fmt.Println("main x", x) */
static void prog_go_args(void *arg)
{
    (void)arg;
    int x = 1;
    rt_chan *done = rt_chan_make(0, rt_bool(false));
    struct go_args a = {x, done};
    rt_go(goroutine_sees, &a, sizeof a);
    x = 2;
    rt_chan_recv(done, NULL);
    tu_printf("main x %d\n", x);
}

/* D10 */
Test(defer, go_statement_evaluates_its_arguments_at_the_go_statement)
{
    rt_result r = tu_run(prog_go_args, NULL);
    expect_run(&r, RT_END_RETURN, 0, "goroutine sees 1\nmain x 2\n", "");
}

/* defer fmt.Println("main defer")
 * defer func() { fmt.Println("recovered", recover()) }()
 * var f func(); go f()
 * fmt.Println("after go") */
static void prog_go_nil(void *arg)
{
    (void)arg;
    defer_println("main defer");
    defer_print_recover("recovered");
    rt_go(NULL, NULL, 0);
    tu_printf("after go\n");
}

/* D10, X4: fatal, not recoverable, and no defer runs. */
Test(defer, go_of_nil_func_is_fatal_and_runs_no_defers)
{
    rt_result r = tu_run(prog_go_nil, NULL);
    expect_run(&r, RT_END_FATAL, 2, "", "fatal error: go of nil func value\n");
    cr_assert_eq(r.fatal, RT_FATAL_GO_NIL, "fatal kind: got %d, want RT_FATAL_GO_NIL",
                 (int)r.fatal);
}

/* ------------------------------------------------------------ D11 */

/* func() { defer fmt.Println("inner deferred"); fmt.Println("inner body") } */
static void deferred_with_own_defer(void *arg)
{
    (void)arg;
    defer_println("inner deferred");
    tu_printf("inner body\n");
}

/* defer fmt.Println("outer")
 * defer func() { defer fmt.Println("inner deferred"); fmt.Println("inner body") }()
 * fmt.Println("main body") */
static void prog_nested_defer(void *arg)
{
    (void)arg;
    defer_println("outer");
    rt_defer(deferred_with_own_defer, NULL, 0);
    tu_printf("main body\n");
}

/* D11 */
Test(defer, defers_of_a_deferred_call_run_when_it_returns_before_outer_defers)
{
    rt_result r = tu_run(prog_nested_defer, NULL);
    expect_run(&r, RT_END_RETURN, 0, "main body\ninner body\ninner deferred\nouter\n", "");
}

/* ------------------------------------------------------------ D12 */

/* close(c) as a deferred call. */
static void close_fn(void *arg)
{
    rt_chan_close(*(rt_chan **)arg);
}

/* func produce(c chan int) { defer close(c); c <- 1 } */
static void produce(void *arg)
{
    rt_chan *c = arg;
    rt_defer(close_fn, &c, sizeof c);
    rt_chan_send(c, rt_int(1));
}

/* c := make(chan int, 1); produce(c)
 * v, ok := <-c; fmt.Println(v, ok)
 * v, ok = <-c; fmt.Println(v, ok) */
static void prog_defer_close(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_call(produce, c);
    for (int i = 0; i < 2; i++) {
        bool ok;
        rt_value v = rt_chan_recv(c, &ok);
        tu_printf("%lld %s\n", (long long)v.i, ok ? "true" : "false");
    }
}

/* D12: defer close(c) */
Test(defer, deferred_close_closes_the_channel_at_return)
{
    rt_result r = tu_run(prog_defer_close, NULL);
    expect_run(&r, RT_END_RETURN, 0, "1 true\n0 false\n", "");
}

/* panic(v) as a deferred call: arg holds the value copied at the defer. */
static void panic_value_fn(void *arg)
{
    rt_panic(*(rt_value *)arg);
}

/* v := "first"; defer panic(v); v = "second"; fmt.Println("body", v) */
static void prog_defer_panic(void *arg)
{
    (void)arg;
    const char *v = "first";
    rt_value pv = rt_str(v);
    rt_defer(panic_value_fn, &pv, sizeof pv);
    v = "second";
    tu_printf("body %s\n", v);
}

/* D12: defer panic(v) evaluates v at the defer statement. */
Test(defer, deferred_panic_uses_the_value_from_the_defer_statement)
{
    rt_result r = tu_run(prog_defer_panic, NULL);
    expect_run(&r, RT_END_PANIC, 2, "body second\n", "panic: first\n");
}

/* x := 1; defer println("x", x); x = 2; println("body", x) */
static void prog_defer_println(void *arg)
{
    (void)arg;
    int x = 1;
    struct label_int a = {"x", x};
    rt_defer(eprintln_label_int_fn, &a, sizeof a);
    x = 2;
    tu_eprintf("body %d\n", x);
}

/* D12: defer println(...) (the builtin writes to stderr). */
Test(defer, deferred_println_prints_the_arguments_from_the_defer_statement)
{
    rt_result r = tu_run(prog_defer_println, NULL);
    expect_run(&r, RT_END_RETURN, 0, "", "body 2\nx 1\n");
}

/* ------------------------------------------------------------ N1-N6 */

/* The named results of a function live in memory that the function body and
 * its deferred closures share through pointers; the caller reads them after
 * rt_call returns. */

/* r *= 2, on the named result r. */
static void double_r(void *arg)
{
    **(int **)arg *= 2;
}

/* func a() (r int) { defer func() { r *= 2 }(); return 5 } */
static void n1_a(void *arg)
{
    int *r = arg;
    rt_defer(double_r, &r, sizeof r);
    *r = 5; /* return 5 */
}

/* fmt.Println(a()) */
static void prog_n1(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(n1_a, &r);
    tu_printf("%d\n", r);
}

/* N1 */
Test(defer, deferred_closure_changes_named_result_after_return_sets_it)
{
    rt_result r = tu_run(prog_n1, NULL);
    expect_run(&r, RT_END_RETURN, 0, "10\n", "");
}

/* func a() int { r := 5; defer func() { r *= 2 }(); return r }
 * arg is the unnamed result slot; r is a local the closure captures. */
static void n2_a(void *arg)
{
    int *result = arg;
    int *r = rt_alloc(sizeof *r);
    *r = 5;
    rt_defer(double_r, &r, sizeof r);
    *result = *r; /* return r: the value is copied out before the defers run */
}

static void prog_n2(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(n2_a, &r);
    tu_printf("%d\n", r);
}

/* N2 */
Test(defer, unnamed_result_is_fixed_before_defers_run)
{
    rt_result r = tu_run(prog_n2, NULL);
    expect_run(&r, RT_END_RETURN, 0, "5\n", "");
}

/* r++ and r *= 10 on the named result r. */
static void increment_r(void *arg)
{
    **(int **)arg += 1;
}

static void times_ten_r(void *arg)
{
    **(int **)arg *= 10;
}

/* func a() (r int) { defer func() { r++ }(); defer func() { r *= 10 }(); return 1 } */
static void n3_a(void *arg)
{
    int *r = arg;
    rt_defer(increment_r, &r, sizeof r);
    rt_defer(times_ten_r, &r, sizeof r);
    *r = 1;
}

static void prog_n3(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(n3_a, &r);
    tu_printf("%d\n", r);
}

/* N3 */
Test(defer, deferred_changes_to_named_result_compose_lifo)
{
    rt_result r = tu_run(prog_n3, NULL);
    expect_run(&r, RT_END_RETURN, 0, "11\n", "");
}

/* func(v int) { r = v + 100 }: v copied at the defer, r by reference. */
struct set_r_args {
    int *r;
    int v;
};

static void set_r_from_v(void *arg)
{
    const struct set_r_args *a = arg;
    *a->r = a->v + 100;
}

/* func a() (r int) { defer func(v int) { r = v + 100 }(r); return 7 } */
static void n4_a(void *arg)
{
    int *r = arg;
    struct set_r_args a = {r, *r};
    rt_defer(set_r_from_v, &a, sizeof a);
    *r = 7;
}

static void prog_n4(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(n4_a, &r);
    tu_printf("%d\n", r);
}

/* N4 */
Test(defer, parameter_copied_at_defer_time_overrides_the_returned_value)
{
    rt_result r = tu_run(prog_n4, NULL);
    expect_run(&r, RT_END_RETURN, 0, "100\n", "");
}

/* func() { recover() } */
static void recover_fn(void *arg)
{
    (void)arg;
    rt_recover();
}

/* func a() (r int) { defer func() { recover() }(); r = 3; panic("x") } */
static void n5_a(void *arg)
{
    int *r = arg;
    rt_defer(recover_fn, NULL, 0);
    *r = 3;
    rt_panic(rt_str("x"));
}

static void prog_n5(void *arg)
{
    (void)arg;
    int r = 0;
    rt_call(n5_a, &r);
    tu_printf("%d\n", r);
}

/* N5 */
Test(defer, recovered_function_returns_the_current_named_results)
{
    rt_result r = tu_run(prog_n5, NULL);
    expect_run(&r, RT_END_RETURN, 0, "3\n", "");
}

/* func() { if x := recover(); x != nil { err = fmt.Errorf("recovered: %v", x) } }
 * arg holds a pointer to the named result err. */
static void set_err_from_recover(void *arg)
{
    const char **err = *(const char ***)arg;
    rt_value x = rt_recover();
    if (x.kind != RT_V_NIL) {
        const char *text = show(x);
        size_t n = strlen("recovered: ") + strlen(text) + 1;
        char *msg = rt_alloc(n);
        snprintf(msg, n, "recovered: %s", text);
        *err = msg;
    }
}

/* func a() (err error) { defer func() { ... }(); panic(errors.New("disk full")) } */
static void n5_err(void *arg)
{
    const char **err = arg; /* nil error is NULL */
    rt_defer(set_err_from_recover, &err, sizeof err);
    rt_panic(rt_error("disk full"));
}

/* fmt.Println(a()) */
static void prog_n5_err(void *arg)
{
    (void)arg;
    const char *err = NULL;
    rt_call(n5_err, &err);
    tu_printf("%s\n", err ? err : "<nil>");
}

/* N5: the usual pattern that turns a panic into the returned error. */
Test(defer, deferred_recover_sets_the_returned_error)
{
    rt_result r = tu_run(prog_n5_err, NULL);
    expect_run(&r, RT_END_RETURN, 0, "recovered: disk full\n", "");
}

/* func y() (int, int) { return 4, 5 } */
struct pair {
    int a, b;
};

static void y_pair(void *arg)
{
    struct pair *p = arg;
    p->a = 4;
    p->b = 5;
}

/* a++ on the first named result. */
static void increment_a(void *arg)
{
    (*(struct pair **)arg)->a++;
}

/* func f() (a, b int) { defer func() { a++ }(); return y() } */
static void n6_f(void *arg)
{
    struct pair *res = arg;
    rt_defer(increment_a, &res, sizeof res);
    struct pair got;
    rt_call(y_pair, &got);
    *res = got; /* return y() */
}

static void prog_n6(void *arg)
{
    (void)arg;
    struct pair res = {0, 0};
    rt_call(n6_f, &res);
    tu_printf("%d %d\n", res.a, res.b);
}

/* N6 (bug293.go) */
Test(defer, defer_changes_multi_value_result_of_return_call)
{
    rt_result r = tu_run(prog_n6, NULL);
    expect_run(&r, RT_END_RETURN, 0, "5 5\n", "");
}

/* ------------------------------------------------------------ X1, X2 */

/* go func() { defer fmt.Println("child defer"); started <- true; select {} }() */
static void child_blocks_forever(void *arg)
{
    rt_chan *started = *(rt_chan **)arg;
    defer_println("child defer");
    rt_chan_send(started, rt_bool(true));
    block_forever();
}

/* started := make(chan bool); go ...; <-started; fmt.Println("main returns") */
static void prog_main_returns(void *arg)
{
    (void)arg;
    rt_chan *started = rt_chan_make(0, rt_bool(false));
    rt_go(child_blocks_forever, &started, sizeof started);
    rt_chan_recv(started, NULL);
    tu_printf("main returns\n");
}

/* X1 */
Test(defer, main_returning_ends_program_without_running_other_goroutines_defers)
{
    rt_result r = tu_run(prog_main_returns, NULL);
    expect_run(&r, RT_END_RETURN, 0, "main returns\n", "");
    cr_assert_eq(r.nalive, 1, "goroutines left: got %zu, want 1", r.nalive);
    cr_assert_eq(r.alive[0].ndefers, 1, "pending defers of the child: got %u, want 1",
                 r.alive[0].ndefers);
}

/* os.Exit(code) as a call or a deferred call. */
static void exit_fn(void *arg)
{
    rt_exit(*(int *)arg);
}

/* func f() { defer fmt.Println("f defer"); fmt.Println("f body"); os.Exit(3) } */
static void f_exits(void *arg)
{
    (void)arg;
    defer_println("f defer");
    tu_printf("f body\n");
    rt_exit(3);
}

/* defer fmt.Println("main defer"); f() */
static void prog_exit(void *arg)
{
    (void)arg;
    defer_println("main defer");
    rt_call(f_exits, NULL);
}

/* X2 */
Test(defer, os_exit_skips_every_pending_defer)
{
    rt_result r = tu_run(prog_exit, NULL);
    expect_run(&r, RT_END_EXIT, 3, "f body\n", "");
}

/* defer os.Exit(3); defer fmt.Println("before exit"); panic("boom") */
static void prog_exit_while_panicking(void *arg)
{
    (void)arg;
    int code = 3;
    rt_defer(exit_fn, &code, sizeof code);
    defer_println("before exit");
    rt_panic(rt_str("boom"));
}

/* X2: os.Exit in a deferred call suppresses the panic message. */
Test(defer, os_exit_in_deferred_call_while_panicking_suppresses_the_panic)
{
    rt_result r = tu_run(prog_exit_while_panicking, NULL);
    expect_run(&r, RT_END_EXIT, 3, "before exit\n", "");
}

/* ------------------------------------------------------------ schedules */

/* D10 and X1 under many schedules: the outcome does not depend on them. */
Test(defer, outcome_is_the_same_under_every_seed)
{
    expect_same_under_seeds(prog_go_args, RT_END_RETURN, 0, "goroutine sees 1\nmain x 2\n", "");
    expect_same_under_seeds(prog_main_returns, RT_END_RETURN, 0, "main returns\n", "");
}
