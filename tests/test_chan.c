/* test_chan.c - channel rules C1-C9 of go-semantics.md, run on the runtime.
 *
 * Each test is a small Go program written against rt.h; the Go it stands
 * for is in the comment above it. Expected output is what Go prints
 * (go-semantics.md, gc 1.19 runs in /tmp/goref), never what the runtime
 * printed. Schedule-dependent programs run under many PRNG seeds and every
 * outcome must be one Go allows. */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "rt_testutil.h"

/* Number of PRNG seeds a schedule-dependent program runs under. */
#define SEEDS 200

static const char DEADLOCK[] = "fatal error: all goroutines are asleep - deadlock!\n";

/* ------------------------------------------------------------ helpers */

static void assert_ok(const rt_result *r, const char *out)
{
    cr_assert_eq(r->end, RT_END_RETURN, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 0);
    cr_assert_str_eq(r->err, "");
    cr_assert_str_eq(r->out, out);
}

static void assert_panic(const rt_result *r, const char *out, const char *err)
{
    cr_assert_eq(r->end, RT_END_PANIC, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->out, out);
    cr_assert_str_eq(r->err, err);
}

static void assert_deadlock(const rt_result *r)
{
    cr_assert_eq(r->end, RT_END_FATAL, "end = %s, err = %s", rt_end_name(r->end), r->err);
    cr_assert_eq(r->fatal, RT_FATAL_DEADLOCK, "fatal = %d", (int)r->fatal);
    cr_assert_eq(r->exit_code, 2);
    cr_assert_str_eq(r->err, DEADLOCK);
}

/* The entry of r->alive for goroutine id, or NULL. */
static const rt_gor_info *alive_g(const rt_result *r, uint32_t id)
{
    for (size_t i = 0; i < r->nalive; i++)
        if (r->alive[i].id == id)
            return &r->alive[i];
    return NULL;
}

/* Go's dynamic type of a recovered value, as far as the tests care. */
static const char *kind_name(rt_value v)
{
    switch ((rt_vkind)v.kind) {
    case RT_V_NIL:
        return "nil";
    case RT_V_INT:
        return "int";
    case RT_V_BOOL:
        return "bool";
    case RT_V_STR:
        return "string";
    case RT_V_ERROR:
        return "error";
    case RT_V_RTERROR:
        return "runtime.Error";
    case RT_V_TEXT:
        return "text";
    case RT_V_EMPTY:
        return "struct{}";
    }
    return "?";
}

/* defer func() { r := recover(); fmt.Printf("recovered %T: %v\n", r, r) }() */
static void print_recovered(void *arg)
{
    (void)arg;
    rt_value v = rt_recover();
    tu_printf("recovered %s: %.*s\n", kind_name(v), (int)v.n, v.s ? v.s : "");
}

struct guard {
    rt_fn fn;
    void *arg;
};

static void guarded_body(void *arg)
{
    const struct guard *g = arg;
    rt_defer(print_recovered, NULL, 0);
    g->fn(g->arg);
}

/* func() { defer print_recovered(); fn(arg) }() */
static void call_guarded(rt_fn fn, void *arg)
{
    struct guard g = {fn, arg};
    rt_call(guarded_body, &g);
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

/* Arguments of the goroutines below. */
struct gargs {
    rt_chan *c;
    rt_chan *done;
    rt_waitgroup *wg;
    int id;
    int64_t v;
};

static void signal_done(rt_chan *done)
{
    rt_chan_send(done, rt_empty());
}

/* ------------------------------------------------------------ C1 creation, len, cap */

/* C1: u := make(chan int); b := make(chan int, 3); var n chan int
 *     print len/cap of each; b <- 1; b <- 2; print len/cap of b */
static void main_len_cap(void *arg)
{
    (void)arg;
    rt_chan *u = rt_chan_make(0, rt_int(0));
    rt_chan *b = rt_chan_make(3, rt_int(0));
    tu_printf("u %lld %lld\n", (long long)rt_chan_len(u), (long long)rt_chan_cap(u));
    tu_printf("b %lld %lld\n", (long long)rt_chan_len(b), (long long)rt_chan_cap(b));
    rt_chan_send(b, rt_int(1));
    rt_chan_send(b, rt_int(2));
    tu_printf("b %lld %lld\n", (long long)rt_chan_len(b), (long long)rt_chan_cap(b));
    tu_printf("nil %lld %lld\n", (long long)rt_chan_len(NULL), (long long)rt_chan_cap(NULL));
}

Test(chan, make_sets_len_to_queued_items_and_cap_to_buffer_size)
{
    rt_result r = tu_run(main_len_cap, NULL);
    assert_ok(&r, "u 0 0\nb 0 3\nb 2 3\nnil 0 0\n");
}

/* C1: n := -1; make(chan int, n)   (gc: "panic: makechan: size out of range", exit 2) */
static void main_make_negative(void *arg)
{
    (void)arg;
    rt_chan_make(-1, rt_int(0));
    tu_printf("unreachable\n");
}

Test(chan, make_with_negative_size_panics_size_out_of_range)
{
    rt_result r = tu_run(main_make_negative, NULL);
    assert_panic(&r, "", "panic: makechan: size out of range\n");
}

/* C1, R8: the makechan panic is recoverable and is a runtime.Error
 * (gc printed "runtime.plainError|makechan: size out of range"). */
static void make_negative(void *arg)
{
    (void)arg;
    rt_chan_make(-1, rt_int(0));
}

static void main_make_negative_recovered(void *arg)
{
    (void)arg;
    call_guarded(make_negative, NULL);
    tu_printf("after\n");
}

Test(chan, negative_size_panic_is_a_recoverable_runtime_error)
{
    rt_result r = tu_run(main_make_negative_recovered, NULL);
    assert_ok(&r, "recovered runtime.Error: makechan: size out of range\nafter\n");
}

/* ------------------------------------------------------------ C2 unbuffered hand-off */

/* C2: go func() { c <- 1; fmt.Println("send done at", now()); done <- struct{}{} }()
 *     time.Sleep(5); fmt.Println("receiving at", now()); v := <-c; fmt.Println("got", v); <-done
 * The send cannot complete before main arrives at t=5. */
static void sender_then_report(void *arg)
{
    struct gargs *a = arg;
    rt_chan_send(a->c, rt_int(1));
    tu_printf("send done at %lld\n", (long long)rt_now());
    signal_done(a->done);
}

static void main_unbuffered_send_waits(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_empty()), NULL, 0, 0};
    rt_go(sender_then_report, &a, sizeof a);
    rt_sleep(5);
    tu_printf("receiving at %lld\n", (long long)rt_now());
    rt_value v = rt_chan_recv(a.c, NULL);
    tu_printf("got %lld\n", (long long)v.i);
    rt_chan_recv(a.done, NULL);
}

Test(chan, unbuffered_send_completes_only_after_a_receiver_arrives)
{
    static const char *const allowed[] = {
        "receiving at 5\ngot 1\nsend done at 5\n",
        "receiving at 5\nsend done at 5\ngot 1\n",
    };
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_unbuffered_send_waits, NULL, seed);
        cr_assert_eq(r.end, RT_END_RETURN, "seed %llu: %s", (unsigned long long)seed, r.err);
        cr_assert(strcmp(r.out, allowed[0]) == 0 || strcmp(r.out, allowed[1]) == 0,
                  "seed %llu: out = %s", (unsigned long long)seed, r.out);
    }
}

/* C2: go func() { v := <-c; fmt.Println("recv", v, "at", now()); done <- struct{}{} }()
 *     time.Sleep(5); fmt.Println("sending"); c <- 7; <-done */
static void receiver_then_report(void *arg)
{
    struct gargs *a = arg;
    rt_value v = rt_chan_recv(a->c, NULL);
    tu_printf("recv %lld at %lld\n", (long long)v.i, (long long)rt_now());
    signal_done(a->done);
}

static void main_unbuffered_recv_waits(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_empty()), NULL, 0, 0};
    rt_go(receiver_then_report, &a, sizeof a);
    rt_sleep(5);
    tu_printf("sending\n");
    rt_chan_send(a.c, rt_int(7));
    rt_chan_recv(a.done, NULL);
}

Test(chan, unbuffered_receive_completes_only_after_a_sender_arrives)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_unbuffered_recv_waits, NULL, seed);
        assert_ok(&r, "sending\nrecv 7 at 5\n");
    }
}

/* C2, K1: c := make(chan int); c <- 1   (nobody receives) */
static uint64_t g_chan_id;

static void main_unbuffered_send_alone(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    g_chan_id = rt_chan_id(c);
    rt_chan_send(c, rt_int(1));
}

Test(chan, unbuffered_send_without_receiver_blocks_forever)
{
    rt_result r = tu_run(main_unbuffered_send_alone, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_CHAN_SEND);
    cr_assert_eq(m->wait_obj, g_chan_id);
}

/* C2 memory model: x = 42 before c <- 1 is visible after <-c returns. */
static int g_shared;

static void write_then_send(void *arg)
{
    struct gargs *a = arg;
    g_shared = 42;
    rt_chan_send(a->c, rt_int(1));
}

static void main_send_publishes(void *arg)
{
    (void)arg;
    g_shared = 0;
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, NULL, 0, 0};
    rt_go(write_then_send, &a, sizeof a);
    rt_chan_recv(a.c, NULL);
    tu_printf("x = %d\n", g_shared);
}

Test(chan, send_is_synchronized_before_the_matching_receive_completes)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_send_publishes, NULL, seed);
        assert_ok(&r, "x = 42\n");
    }
}

/* ------------------------------------------------------------ C3 buffered */

/* C3: c := make(chan int, 3); c <- 1; c <- 2; c <- 3; print <-c, <-c, <-c
 * (main alone: the sends must not block). */
static void main_buffered_fifo(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(3, rt_int(0));
    for (int i = 1; i <= 3; i++)
        rt_chan_send(c, rt_int(i));
    for (int i = 0; i < 3; i++)
        tu_printf("%lld\n", (long long)rt_chan_recv(c, NULL).i);
}

Test(chan, buffered_sends_proceed_while_room_and_values_come_out_fifo)
{
    rt_result r = tu_run(main_buffered_fifo, NULL);
    assert_ok(&r, "1\n2\n3\n");
}

/* C3, K1: c := make(chan int, 1); c <- 1; c <- 2 */
static void main_buffered_full(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_chan_send(c, rt_int(1));
    tu_printf("first send done\n");
    rt_chan_send(c, rt_int(2));
    tu_printf("unreachable\n");
}

Test(chan, buffered_send_on_full_buffer_blocks)
{
    rt_result r = tu_run(main_buffered_full, NULL);
    assert_deadlock(&r);
    cr_assert_str_eq(r.out, "first send done\n");
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_CHAN_SEND);
}

/* C3, K1: c := make(chan int, 2); <-c */
static void main_buffered_empty(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(2, rt_int(0));
    g_chan_id = rt_chan_id(c);
    rt_chan_recv(c, NULL);
}

Test(chan, buffered_receive_on_empty_buffer_blocks)
{
    rt_result r = tu_run(main_buffered_empty, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_CHAN_RECV);
    cr_assert_eq(m->wait_obj, g_chan_id);
}

/* C3 memory model: the kth receive is synchronized before the (k+C)th send
 * completes. Producer: for k := 1..6 { c <- k; log("S", k) }; main: for
 * k := 1..6 { log("R", k); <-c }. "R k" is logged before receive k starts,
 * so "S k+2" (C = 2) must come after "R k". */
#define C3_N   6
#define C3_CAP 2
static char g_log_kind[2 * C3_N];
static int g_log_val[2 * C3_N];
static int g_nlog;

static void c3_log(char kind, int v)
{
    g_log_kind[g_nlog] = kind;
    g_log_val[g_nlog] = v;
    g_nlog++;
}

static void c3_producer(void *arg)
{
    struct gargs *a = arg;
    for (int k = 1; k <= C3_N; k++) {
        rt_chan_send(a->c, rt_int(k));
        c3_log('S', k);
    }
    rt_wg_done(a->wg);
}

static void main_c3(void *arg)
{
    (void)arg;
    g_nlog = 0;
    struct gargs a = {rt_chan_make(C3_CAP, rt_int(0)), NULL, rt_wg_new(), 0, 0};
    rt_wg_add(a.wg, 1);
    rt_go(c3_producer, &a, sizeof a);
    for (int k = 1; k <= C3_N; k++) {
        c3_log('R', k);
        rt_chan_recv(a.c, NULL);
    }
    rt_wg_wait(a.wg);
}

Test(chan, kth_receive_happens_before_send_k_plus_cap_completes)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_c3, NULL, seed);
        cr_assert_eq(r.end, RT_END_RETURN, "seed %llu: %s", (unsigned long long)seed, r.err);
        cr_assert_eq(g_nlog, 2 * C3_N);
        int receives_started = 0;
        for (int i = 0; i < g_nlog; i++) {
            if (g_log_kind[i] == 'R') {
                receives_started++;
                continue;
            }
            cr_assert_geq(receives_started, g_log_val[i] - C3_CAP,
                          "seed %llu: send %d completed after only %d receives started",
                          (unsigned long long)seed, g_log_val[i], receives_started);
        }
    }
}

/* ------------------------------------------------------------ C4 nil channel */

/* C4: var c chan int; c <- 1 */
static void main_nil_send(void *arg)
{
    (void)arg;
    rt_chan_send(NULL, rt_int(1));
}

Test(chan, send_on_nil_channel_blocks_forever)
{
    rt_result r = tu_run(main_nil_send, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_NIL_SEND);
}

/* C4: var c chan int; <-c */
static void main_nil_recv(void *arg)
{
    (void)arg;
    rt_chan_recv(NULL, NULL);
}

Test(chan, receive_on_nil_channel_blocks_forever)
{
    rt_result r = tu_run(main_nil_recv, NULL);
    assert_deadlock(&r);
    const rt_gor_info *m = alive_g(&r, 1);
    cr_assert_not_null(m);
    cr_assert_eq(m->wait, RT_WAIT_NIL_RECV);
}

/* C4, K2, X1: go func() { var c chan int; <-c }(); time.Sleep(1); fmt.Println("main done")
 * A goroutine stuck on a nil channel is a partial deadlock: main returns. */
static uint32_t g_child_id;

static void nil_receiver(void *arg)
{
    (void)arg;
    g_child_id = rt_goid();
    rt_chan_recv(NULL, NULL);
}

static void main_nil_recv_in_goroutine(void *arg)
{
    (void)arg;
    g_child_id = 0;
    int unused = 0;
    rt_go(nil_receiver, &unused, sizeof unused);
    rt_sleep(1);
    tu_printf("main done\n");
}

Test(chan, goroutine_blocked_on_nil_channel_stays_blocked_while_main_returns)
{
    rt_result r = tu_run(main_nil_recv_in_goroutine, NULL);
    assert_ok(&r, "main done\n");
    const rt_gor_info *g = alive_g(&r, g_child_id);
    cr_assert_not_null(g);
    cr_assert_eq(g->wait, RT_WAIT_NIL_RECV);
}

/* C4, C5: var c chan int; close(c)   (gc: "panic: close of nil channel") */
static void main_close_nil(void *arg)
{
    (void)arg;
    rt_chan_close(NULL);
}

Test(chan, close_of_nil_channel_panics)
{
    rt_result r = tu_run(main_close_nil, NULL);
    assert_panic(&r, "", "panic: close of nil channel\n");
}

/* ------------------------------------------------------------ C5 closing */

/* C5: defer fmt.Println("deferred"); c := make(chan int); close(c); close(c)
 * (gc: "panic: close of closed channel"; the defer runs before the report) */
static void main_close_closed(void *arg)
{
    (void)arg;
    defer_print("deferred");
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_chan_close(c);
    rt_chan_close(c);
    tu_printf("unreachable\n");
}

Test(chan, close_of_closed_channel_panics_after_running_defers)
{
    rt_result r = tu_run(main_close_closed, NULL);
    assert_panic(&r, "deferred\n", "panic: close of closed channel\n");
}

/* C5, R8: the close panic is an ordinary recoverable runtime.Error. */
static void close_twice(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_chan_close(c);
    rt_chan_close(c);
}

static void close_nil(void *arg)
{
    (void)arg;
    rt_chan_close(NULL);
}

static void main_close_recovered(void *arg)
{
    (void)arg;
    call_guarded(close_twice, NULL);
    call_guarded(close_nil, NULL);
    tu_printf("after\n");
}

Test(chan, close_panics_are_recoverable_runtime_errors)
{
    rt_result r = tu_run(main_close_recovered, NULL);
    assert_ok(&r, "recovered runtime.Error: close of closed channel\n"
                  "recovered runtime.Error: close of nil channel\n"
                  "after\n");
}

/* ------------------------------------------------------------ C6 send on closed */

/* C6: c := make(chan int, 1); close(c); c <- 1   (buffer has room: still panics) */
static void main_send_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_chan_close(c);
    rt_chan_send(c, rt_int(1));
    tu_printf("unreachable\n");
}

Test(chan, send_on_closed_channel_panics_even_with_room_in_buffer)
{
    rt_result r = tu_run(main_send_closed, NULL);
    assert_panic(&r, "", "panic: send on closed channel\n");
}

/* C6: go func() { defer fmt.Println("sender defer"); c <- 1 }()
 *     time.Sleep(1); close(c); time.Sleep(10); fmt.Println("main done")
 * The sender, blocked when close happens, panics in its own goroutine. */
static void blocked_sender(void *arg)
{
    struct gargs *a = arg;
    defer_print("sender defer");
    rt_chan_send(a->c, rt_int(1));
    tu_printf("send returned\n");
}

static void main_close_wakes_sender(void *arg)
{
    int64_t cap = *(const int64_t *)arg;
    struct gargs a = {rt_chan_make(cap, rt_int(0)), NULL, NULL, 0, 0};
    for (int64_t i = 0; i < cap; i++)
        rt_chan_send(a.c, rt_int(0)); /* fill the buffer */
    rt_go(blocked_sender, &a, sizeof a);
    rt_sleep(1);
    rt_chan_close(a.c);
    rt_sleep(10);
    tu_printf("main done\n");
}

Test(chan, blocked_unbuffered_sender_panics_when_channel_is_closed)
{
    int64_t cap = 0;
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_close_wakes_sender, &cap, seed);
        assert_panic(&r, "sender defer\n", "panic: send on closed channel\n");
    }
}

Test(chan, sender_blocked_on_full_buffer_panics_when_channel_is_closed)
{
    int64_t cap = 2;
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_close_wakes_sender, &cap, seed);
        assert_panic(&r, "sender defer\n", "panic: send on closed channel\n");
    }
}

/* C6: the woken sender may recover in its own goroutine:
 *     go func() { func() { defer recoverPrint(); c <- 1 }(); done <- struct{}{} }()
 *     time.Sleep(1); close(c); <-done; fmt.Println("main done") */
static void send_on(void *arg)
{
    rt_chan_send(*(rt_chan **)arg, rt_int(1));
}

static void recovering_sender(void *arg)
{
    struct gargs *a = arg;
    call_guarded(send_on, &a->c);
    signal_done(a->done);
}

static void main_woken_sender_recovers(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_empty()), NULL, 0, 0};
    rt_go(recovering_sender, &a, sizeof a);
    rt_sleep(1);
    rt_chan_close(a.c);
    rt_chan_recv(a.done, NULL);
    tu_printf("main done\n");
}

Test(chan, woken_sender_can_recover_the_panic_in_its_own_goroutine)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_woken_sender_recovers, NULL, seed);
        assert_ok(&r, "recovered runtime.Error: send on closed channel\nmain done\n");
    }
}

/* ------------------------------------------------------------ C7 receive on closed */

/* C7: c := make(chan int, 2); c <- 1; c <- 2; <-c; c <- 3; close(c); print len, cap;
 *     then four times: v, ok := <-c; fmt.Printf("%T %v %v\n", v, v, ok)
 * (the buffer wraps around, so a stale slot would show up after the drain) */
static void main_drain_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(2, rt_int(0));
    rt_chan_send(c, rt_int(1));
    rt_chan_send(c, rt_int(2));
    rt_chan_recv(c, NULL);
    rt_chan_send(c, rt_int(3));
    rt_chan_close(c);
    tu_printf("len %lld cap %lld\n", (long long)rt_chan_len(c), (long long)rt_chan_cap(c));
    for (int i = 0; i < 4; i++) {
        bool ok = true;
        rt_value v = rt_chan_recv(c, &ok);
        tu_printf("%s %lld %s\n", kind_name(v), (long long)v.i, ok ? "true" : "false");
    }
}

Test(chan, receive_on_closed_channel_drains_buffer_then_gives_zero_false_forever)
{
    rt_result r = tu_run(main_drain_closed, NULL);
    assert_ok(&r, "len 2 cap 2\nint 2 true\nint 3 true\nint 0 false\nint 0 false\n");
}

/* C7: c := make(chan string); close(c); v, ok := <-c  ->  ("", false) */
static void main_closed_string_chan(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_str(""));
    rt_chan_close(c);
    bool ok = true;
    rt_value v = rt_chan_recv(c, &ok);
    tu_printf("%s %u %s\n", kind_name(v), (unsigned)v.n, ok ? "true" : "false");
}

Test(chan, receive_on_closed_string_channel_gives_empty_string_false)
{
    rt_result r = tu_run(main_closed_string_chan, NULL);
    assert_ok(&r, "string 0 false\n");
}

/* C7: three goroutines block in v, ok := <-c; main closes c; each must get (0, false). */
static int g_woken_zero_false;

static void counting_receiver(void *arg)
{
    struct gargs *a = arg;
    bool ok = true;
    rt_value v = rt_chan_recv(a->c, &ok);
    if (!ok && v.kind == RT_V_INT && v.i == 0)
        g_woken_zero_false++;
    rt_wg_done(a->wg);
}

static void main_close_wakes_receivers(void *arg)
{
    (void)arg;
    g_woken_zero_false = 0;
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, rt_wg_new(), 0, 0};
    rt_wg_add(a.wg, 3);
    for (int i = 0; i < 3; i++)
        rt_go(counting_receiver, &a, sizeof a);
    rt_sleep(1);
    rt_chan_close(a.c);
    rt_wg_wait(a.wg);
    tu_printf("%d woken with (0, false)\n", g_woken_zero_false);
}

Test(chan, close_wakes_all_blocked_receivers_with_zero_false)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_close_wakes_receivers, NULL, seed);
        assert_ok(&r, "3 woken with (0, false)\n");
    }
}

/* C7: go func() { for i := 1; i <= 3; i++ { c <- i }; close(c) }()
 *     for v := range c { fmt.Println(v) }; fmt.Println("end") */
static void produce_three_and_close(void *arg)
{
    struct gargs *a = arg;
    for (int i = 1; i <= 3; i++)
        rt_chan_send(a->c, rt_int(i));
    rt_chan_close(a->c);
}

static void main_range(void *arg)
{
    int64_t cap = *(const int64_t *)arg;
    struct gargs a = {rt_chan_make(cap, rt_int(0)), NULL, NULL, 0, 0};
    rt_go(produce_three_and_close, &a, sizeof a);
    for (;;) {
        bool ok;
        rt_value v = rt_chan_recv(a.c, &ok);
        if (!ok)
            break;
        tu_printf("%lld\n", (long long)v.i);
    }
    tu_printf("end\n");
}

Test(chan, range_over_channel_ends_after_the_buffer_is_drained)
{
    for (int64_t cap = 0; cap <= 3; cap++)
        for (uint64_t seed = 0; seed < SEEDS / 4; seed++) {
            rt_result r = tu_run_seed(main_range, &cap, seed);
            assert_ok(&r, "1\n2\n3\nend\n");
        }
}

/* ------------------------------------------------------------ C8 who is served first */

/* C8: for i := 0; i < 3; i++ { go func(i int) { got[i] = <-c; wg.Done() }(i); time.Sleep(1) }
 *     c <- 10; c <- 20; c <- 30; wg.Wait()
 * The spec only requires each value to reach exactly one receiver; gc
 * serves blocked receivers FIFO, so got = [10 20 30]. */
static int64_t g_got[3];

static void slot_receiver(void *arg)
{
    struct gargs *a = arg;
    g_got[a->id] = rt_chan_recv(a->c, NULL).i;
    rt_wg_done(a->wg);
}

static void main_fifo_receivers(void *arg)
{
    (void)arg;
    memset(g_got, 0, sizeof g_got);
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, rt_wg_new(), 0, 0};
    rt_wg_add(a.wg, 3);
    for (a.id = 0; a.id < 3; a.id++) {
        rt_go(slot_receiver, &a, sizeof a);
        rt_sleep(1);
    }
    for (int i = 1; i <= 3; i++)
        rt_chan_send(a.c, rt_int(10 * i));
    rt_wg_wait(a.wg);
    tu_printf("%lld %lld %lld\n", (long long)g_got[0], (long long)g_got[1], (long long)g_got[2]);
}

Test(chan, blocked_receivers_are_served_in_arrival_order)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_fifo_receivers, NULL, seed);
        assert_ok(&r, "10 20 30\n");
    }
}

/* C8: for i := 1; i <= 3; i++ { go func(i int) { c <- 10*i }(i); time.Sleep(1) }
 *     fmt.Println(<-c, <-c, <-c)   (gc: FIFO, "10 20 30") */
static void value_sender(void *arg)
{
    struct gargs *a = arg;
    rt_chan_send(a->c, rt_int(a->v));
}

static void main_fifo_senders(void *arg)
{
    (void)arg;
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, NULL, 0, 0};
    for (int i = 1; i <= 3; i++) {
        a.v = 10 * i;
        rt_go(value_sender, &a, sizeof a);
        rt_sleep(1);
    }
    for (int i = 0; i < 3; i++)
        tu_printf("%lld\n", (long long)rt_chan_recv(a.c, NULL).i);
}

Test(chan, blocked_senders_are_served_in_arrival_order)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_fifo_senders, NULL, seed);
        assert_ok(&r, "10\n20\n30\n");
    }
}

/* ------------------------------------------------------------ C9 close happens before zero receive
 */

/* C9: go func() { x = 42; close(c) }(); _, ok := <-c; fmt.Println(x, ok) */
static void write_then_close(void *arg)
{
    struct gargs *a = arg;
    g_shared = 42;
    rt_chan_close(a->c);
}

static void main_close_publishes(void *arg)
{
    (void)arg;
    g_shared = 0;
    struct gargs a = {rt_chan_make(0, rt_int(0)), NULL, NULL, 0, 0};
    rt_go(write_then_close, &a, sizeof a);
    bool ok = true;
    rt_chan_recv(a.c, &ok);
    tu_printf("%d %s\n", g_shared, ok ? "true" : "false");
}

Test(chan, close_is_synchronized_before_a_receive_of_the_zero_value)
{
    for (uint64_t seed = 0; seed < SEEDS; seed++) {
        rt_result r = tu_run_seed(main_close_publishes, NULL, seed);
        assert_ok(&r, "42 false\n");
    }
}
