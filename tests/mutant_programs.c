/* mutant_programs.c - correct Go-like programs for the mutant probe (see
 * mutant_programs.h). The Go source of each program is in the comment above
 * its main; the C follows it statement by statement.
 *
 * Mapping (as in test_defer.c): a Go call is rt_call (a new frame); `defer
 * f(args)` is rt_defer with the argument bytes in rt_alloc() memory; a
 * variable that a closure captures lives in rt_alloc() memory and its
 * reads and writes are reported with rt_note_read/rt_note_write; `go f(x)`
 * is rt_go, which copies its argument. */
#include "mutant_programs.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MILLISECOND 1000000LL
#define HOUR        (3600LL * 1000 * MILLISECOND)

/* Variable ids for rt_note_read/rt_note_write. */
enum { VAR_X = 1, VAR_Y = 2 };

/* ===================================================================================== helpers */

/* fmt.Printf to the execution's stdout. */
static void mp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mp_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    rt_write(1, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* A string that lives until the execution ends. */
static const char *mp_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *mp_sprintf(const char *fmt, ...)
{
    char *b = rt_alloc(64);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, 64, fmt, ap);
    va_end(ap);
    return b;
}

/* fmt.Sprint(v) for the values these programs see (mutants may hand them
 * anything, so every kind is handled). */
static const char *show(rt_value v)
{
    char *b = rt_alloc(96);
    if (v.kind == RT_V_NIL)
        return "<nil>";
    rt_value_format(v, b, 96);
    return b;
}

/* Copies n bytes to execution memory: the argument block of a defer. */
static void *heap_args(const void *p, size_t n)
{
    void *a = rt_alloc(n);
    memcpy(a, p, n);
    return a;
}

/* deferred fmt.Println(s) */
static void d_print(void *a)
{
    mp_printf("%s\n", *(const char **)a);
}

static void defer_print(const char *s)
{
    rt_defer(d_print, heap_args(&s, sizeof s), sizeof s);
}

/* deferred func() { fmt.Println(s); runtime.Gosched() }(): lets another
 * goroutine run in the middle of a frame's deferred calls. */
static void d_print_yield(void *a)
{
    mp_printf("%s\n", *(const char **)a);
    rt_gosched();
}

static void defer_print_yield(const char *s)
{
    rt_defer(d_print_yield, heap_args(&s, sizeof s), sizeof s);
}

/* deferred wg.Done() */
static void d_wg_done(void *a)
{
    rt_wg_done(*(rt_waitgroup **)a);
}

static void defer_wg_done(rt_waitgroup *wg)
{
    rt_defer(d_wg_done, heap_args(&wg, sizeof wg), sizeof wg);
}

/* deferred func() { if r := recover(); r != nil { fmt.Println("recovered:", r) } }() */
static void d_recover_print(void *a)
{
    (void)a;
    rt_value r = rt_recover();
    if (r.kind != RT_V_NIL)
        mp_printf("recovered: %s\n", show(r));
}

static void defer_recover_print(void)
{
    rt_defer(d_recover_print, NULL, 0);
}

/* ============================================================ 1: nested frames, several defers */

struct worker_args {
    const char *name;
    rt_waitgroup *wg;
};

/* func inner(name string) { for i := 0; i < 3; i++ { defer printYield(name, i) } } */
static void nd_inner(void *a)
{
    const char *name = a;
    for (int i = 0; i < 3; i++)
        defer_print_yield(mp_sprintf("%s inner %d", name, i));
}

/* func outer(name string) {
 *     defer fmt.Println(name, "outer 1"); defer fmt.Println(name, "outer 2")
 *     inner(name)
 *     defer fmt.Println(name, "outer 3")
 *     runtime.Gosched()
 * } */
static void nd_outer(void *a)
{
    const char *name = a;
    defer_print(mp_sprintf("%s outer 1", name));
    defer_print_yield(mp_sprintf("%s outer 2", name));
    rt_call(nd_inner, (void *)name);
    defer_print(mp_sprintf("%s outer 3", name));
    rt_gosched();
}

/* func worker(name string, wg *sync.WaitGroup) { defer wg.Done(); outer(name) } */
static void nd_worker(void *a)
{
    struct worker_args *w = a;
    defer_wg_done(w->wg);
    rt_call(nd_outer, (void *)w->name);
}

/* func main() {
 *     var wg sync.WaitGroup
 *     wg.Add(2)
 *     go worker("a", &wg); go worker("b", &wg)
 *     defer fmt.Println("main done")
 *     outer("m")
 *     wg.Wait()
 * } */
static void prog_nested_defers(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, 2);
    struct worker_args wa = {"a", wg}, wb = {"b", wg};
    rt_go(nd_worker, &wa, sizeof wa);
    rt_go(nd_worker, &wb, sizeof wb);
    defer_print("main done");
    rt_call(nd_outer, "m");
    rt_wg_wait(wg);
}

/* ========================================================================== 2: argument timing */

/* The variables of main that the closures capture. */
struct at_vars {
    int64_t *x, *y;
    rt_waitgroup *wg;
};

/* deferred fmt.Println("x at defer:", x): the argument is x's value, read
 * from x's own memory (a mutant that keeps the pointer sees later writes). */
static void d_show_x(void *a)
{
    mp_printf("x at defer: %lld\n", (long long)*(int64_t *)a);
}

/* deferred func() { fmt.Println("x now:", x, "y now:", y) }() */
static void d_closure_reads(void *a)
{
    const struct at_vars *v = *(struct at_vars **)a;
    rt_note_read(VAR_X, rt_int(*v->x));
    rt_note_read(VAR_Y, rt_int(*v->y));
    mp_printf("x now: %lld y now: %lld\n", (long long)*v->x, (long long)*v->y);
}

/* go func() { defer wg.Done(); for i := 1; i <= 3; i++ { y = i * 10; runtime.Gosched() } }() */
static void at_writer(void *a)
{
    const struct at_vars *v = *(struct at_vars **)a;
    defer_wg_done(v->wg);
    for (int64_t i = 1; i <= 3; i++) {
        *v->y = i * 10;
        rt_note_write(VAR_Y, rt_int(*v->y));
        rt_gosched();
    }
}

static void set_x(const struct at_vars *v, int64_t val)
{
    *v->x = val;
    rt_note_write(VAR_X, rt_int(val));
}

/* func main() {
 *     x, y := 1, 0
 *     defer fmt.Println("x at defer:", x)                          // D1: 1
 *     defer func() { fmt.Println("x now:", x, "y now:", y) }()     // D4: 3 30
 *     x = 2
 *     defer fmt.Println("x at defer:", x)                          // D1: 2
 *     var wg sync.WaitGroup
 *     wg.Add(1)
 *     go func() { ...writes y... }()
 *     x = 3
 *     wg.Wait()
 * } */
static void prog_arg_timing(void *arg)
{
    (void)arg;
    struct at_vars *v = rt_alloc(sizeof *v);
    v->x = rt_alloc(sizeof *v->x);
    v->y = rt_alloc(sizeof *v->y);
    v->wg = rt_wg_new();
    set_x(v, 1);
    rt_note_write(VAR_Y, rt_int(0));
    rt_defer(d_show_x, v->x, sizeof *v->x);
    rt_defer(d_closure_reads, heap_args(&v, sizeof v), sizeof v);
    set_x(v, 2);
    rt_defer(d_show_x, v->x, sizeof *v->x);
    rt_wg_add(v->wg, 1);
    rt_go(at_writer, &v, sizeof v);
    set_x(v, 3);
    rt_wg_wait(v->wg);
}

/* ======================================================= 3: recover directly and from a helper */

/* func helper() { fmt.Println("helper:", recover()) }   // R2: always nil */
static void rc_helper(void *a)
{
    (void)a;
    mp_printf("helper: %s\n", show(rt_recover()));
}

/* deferred func() { helper() }() */
static void d_call_helper(void *a)
{
    (void)a;
    rt_call(rc_helper, NULL);
}

/* func inner() {
 *     defer recover()            // R2: no effect in the panicking function
 *     defer func() { helper() }()
 *     panic("boom")
 * } */
static void rc_inner(void *a)
{
    (void)a;
    rt_defer_recover();
    rt_defer(d_call_helper, NULL, 0);
    rt_panic(rt_str("boom"));
}

/* func outer() {
 *     defer func() { if r := recover(); r != nil { fmt.Println("recovered:", r) } }()  // R1
 *     inner()
 *     fmt.Println("not reached")
 * } */
static void rc_outer(void *a)
{
    (void)a;
    defer_recover_print();
    rt_call(rc_inner, NULL);
    mp_printf("not reached\n");
}

static void rc_worker(void *a)
{
    defer_wg_done(*(rt_waitgroup **)a);
    rt_call(rc_outer, NULL);
}

/* func main() {
 *     var wg sync.WaitGroup
 *     wg.Add(1)
 *     go func() { defer wg.Done(); outer() }()
 *     outer()
 *     wg.Wait()
 * } */
static void prog_recover(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, 1);
    rt_go(rc_worker, &wg, sizeof wg);
    rt_call(rc_outer, NULL);
    rt_wg_wait(wg);
}

/* ========================================================= 4: Goexit with defers in two frames */

/* deferred func() { fmt.Println("recover in Goexit:", recover()) }()  // G2: nil */
static void d_recover_in_goexit(void *a)
{
    (void)a;
    mp_printf("recover in Goexit: %s\n", show(rt_recover()));
}

/* func level2() {
 *     defer fmt.Println("level2 a")
 *     defer func() { fmt.Println("recover in Goexit:", recover()) }()
 *     defer fmt.Println("level2 b")
 *     runtime.Goexit()
 * } */
static void gx_level2(void *a)
{
    (void)a;
    defer_print("level2 a");
    rt_defer(d_recover_in_goexit, NULL, 0);
    defer_print_yield("level2 b");
    rt_goexit();
}

/* func level1() {
 *     defer fmt.Println("level1 a"); defer fmt.Println("level1 b")
 *     level2()
 *     fmt.Println("not reached")
 * } */
static void gx_level1(void *a)
{
    (void)a;
    defer_print("level1 a");
    defer_print_yield("level1 b");
    rt_call(gx_level2, NULL);
    mp_printf("not reached\n");
}

static void gx_worker(void *a)
{
    defer_wg_done(*(rt_waitgroup **)a);
    rt_call(gx_level1, NULL);
    mp_printf("not reached\n");
}

/* func main() {
 *     var wg sync.WaitGroup
 *     wg.Add(2)
 *     for i := 0; i < 2; i++ { go func() { defer wg.Done(); level1() }() }
 *     wg.Wait()
 *     fmt.Println("main done")
 * } */
static void prog_goexit(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, 2);
    for (int i = 0; i < 2; i++)
        rt_go(gx_worker, &wg, sizeof wg);
    rt_wg_wait(wg);
    mp_printf("main done\n");
}

/* ============================================================ 5: close wakes blocked receivers */

struct cw_args {
    rt_chan *c, *never;
    rt_waitgroup *wg;
};

/* go func() { defer wg.Done(); v, ok := <-c; fmt.Println(v, ok) }() */
static void cw_receiver(void *a)
{
    struct cw_args *w = a;
    defer_wg_done(w->wg);
    bool ok;
    rt_value v = rt_chan_recv(w->c, &ok);
    mp_printf("received %s %d\n", show(v), ok);
}

/* go func() { defer wg.Done(); select { case v, ok := <-c: ...; case <-never: } }() */
static void cw_selector(void *a)
{
    struct cw_args *w = a;
    defer_wg_done(w->wg);
    rt_select_case cs[2] = {{w->c, RT_RECV, {0}, false}, {w->never, RT_RECV, {0}, false}};
    int k = rt_select(cs, 2, false);
    mp_printf("select case %d: %s %d\n", k, show(cs[k < 0 ? 0 : k].val), cs[k < 0 ? 0 : k].ok);
}

/* func main() {
 *     c, never := make(chan int), make(chan int)
 *     var wg sync.WaitGroup
 *     wg.Add(3)
 *     go receiver(); go receiver(); go selector()
 *     time.Sleep(time.Millisecond)   // every receiver is blocked by now
 *     close(c)                       // C7, S4: all of them get (0, false)
 *     wg.Wait()
 * } */
static void prog_close_wakes(void *arg)
{
    (void)arg;
    struct cw_args w = {rt_chan_make(0, rt_int(0)), rt_chan_make(0, rt_int(0)), rt_wg_new()};
    rt_wg_add(w.wg, 3);
    rt_go(cw_receiver, &w, sizeof w);
    rt_go(cw_receiver, &w, sizeof w);
    rt_go(cw_selector, &w, sizeof w);
    rt_sleep(MILLISECOND);
    rt_chan_close(w.c);
    rt_wg_wait(w.wg);
}

/* ====================================================== 6: buffered channel closed and drained */

/* go func() { for i := 1; i <= 4; i++ { d <- i * 7 }; close(d) }() */
static void bd_producer(void *a)
{
    rt_chan *d = *(rt_chan **)a;
    for (int64_t i = 1; i <= 4; i++)
        rt_chan_send(d, rt_int(i * 7));
    rt_chan_close(d);
}

/* Receives until (zero, false), then once more (C7: zero, false forever). */
static void bd_drain(rt_chan *c)
{
    bool ok = true;
    for (int n = 0; ok && n < 16; n++) {
        rt_value v = rt_chan_recv(c, &ok);
        mp_printf("%s %d\n", show(v), ok);
    }
    rt_value v = rt_chan_recv(c, &ok);
    mp_printf("after drain: %s %d\n", show(v), ok);
}

/* func main() {
 *     c := make(chan int, 3)
 *     c <- 11; c <- 22; close(c)
 *     for { v, ok := <-c; fmt.Println(v, ok); if !ok { break } }
 *     v, ok := <-c; fmt.Println("after drain:", v, ok)      // 0 false
 *     d := make(chan int, 2)
 *     go producer(d)
 *     ...the same drain over d...
 * } */
static void prog_buffered_drain(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(3, rt_int(0));
    rt_chan_send(c, rt_int(11));
    rt_chan_send(c, rt_int(22));
    rt_chan_close(c);
    bd_drain(c);
    rt_chan *d = rt_chan_make(2, rt_int(0));
    rt_go(bd_producer, &d, sizeof d);
    bd_drain(d);
}

/* =============================================================== 7: a send racing with a close */

struct sc_args {
    rt_chan *c;
    rt_waitgroup *wg;
};

/* go func() {
 *     defer wg.Done()
 *     defer func() { if r := recover(); r != nil { fmt.Println("recovered:", r) } }()
 *     c <- 1          // races with close(c): C6 panics when closed first
 *     fmt.Println("sent")
 * }() */
static void sc_sender(void *a)
{
    struct sc_args *s = a;
    defer_wg_done(s->wg);
    defer_recover_print();
    rt_chan_send(s->c, rt_int(1));
    mp_printf("sent\n");
}

/* func() {
 *     defer func() { ...recover... }()
 *     select { case c <- 2: fmt.Println("sent 2"); default: fmt.Println("default") }  // S2: panics
 * }() */
static void sc_select_send(void *a)
{
    defer_recover_print();
    rt_select_case cs[1] = {{*(rt_chan **)a, RT_SEND, rt_int(2), false}};
    int k = rt_select(cs, 1, true);
    mp_printf("%s\n", k == 0 ? "sent 2" : "default");
}

/* func main() {
 *     c := make(chan int, 1)
 *     var wg sync.WaitGroup
 *     wg.Add(1)
 *     go sender()
 *     close(c)
 *     wg.Wait()
 *     for v := range c { fmt.Println(v) }
 *     func() { ...select send on the closed c... }()
 * } */
static void prog_send_close_race(void *arg)
{
    (void)arg;
    struct sc_args s = {rt_chan_make(1, rt_int(0)), rt_wg_new()};
    rt_wg_add(s.wg, 1);
    rt_go(sc_sender, &s, sizeof s);
    rt_chan_close(s.c);
    rt_wg_wait(s.wg);
    bool ok = true;
    for (int n = 0; ok && n < 4; n++) {
        rt_value v = rt_chan_recv(s.c, &ok);
        if (ok)
            mp_printf("%s\n", show(v));
    }
    rt_call(sc_select_send, &s.c);
}

/* ===================================================== 8: select with a ready case and default */

/* go func() { u <- 9 }() */
static void sd_sender(void *a)
{
    rt_chan_send(*(rt_chan **)a, rt_int(9));
}

/* func main() {
 *     c := make(chan int, 1)
 *     c <- 5
 *     for i := 0; i < 2; i++ {   // S2: "got 5", then "default"
 *         select { case v := <-c: fmt.Println("got", v); default: fmt.Println("default") }
 *     }
 *     u := make(chan int)
 *     go func() { u <- 9 }()
 *     for i := 0; i < 20; i++ {
 *         select { case v := <-u: fmt.Println("got", v); return; default: runtime.Gosched() }
 *     }
 *     fmt.Println("got", <-u)
 * } */
static void prog_select_default(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_chan_send(c, rt_int(5));
    for (int i = 0; i < 2; i++) {
        rt_select_case cs[1] = {{c, RT_RECV, {0}, false}};
        int k = rt_select(cs, 1, true);
        mp_printf("%s%s\n", k == 0 ? "got " : "default", k == 0 ? show(cs[0].val) : "");
    }
    rt_chan *u = rt_chan_make(0, rt_int(0));
    rt_go(sd_sender, &u, sizeof u);
    for (int i = 0; i < 20; i++) {
        rt_select_case cs[1] = {{u, RT_RECV, {0}, false}};
        if (rt_select(cs, 1, true) == 0) {
            mp_printf("got %s\n", show(cs[0].val));
            return;
        }
        rt_gosched();
    }
    mp_printf("got %s\n", show(rt_chan_recv(u, NULL)));
}

/* ========================================================== 9: producer/consumer with blocking */

struct pc_args {
    rt_chan *jobs, *results;
    rt_waitgroup *wg;
};

/* go func() { defer wg.Done(); for j := range jobs { results <- j * j } }() */
static void pc_worker(void *a)
{
    struct pc_args *p = a;
    defer_wg_done(p->wg);
    for (int n = 0; n < 64; n++) {
        bool ok;
        rt_value j = rt_chan_recv(p->jobs, &ok);
        if (!ok)
            break;
        rt_chan_send(p->results, rt_int(j.i * j.i));
    }
}

/* go func() { for i := 1; i <= 4; i++ { jobs <- i }; close(jobs) }() */
static void pc_producer(void *a)
{
    struct pc_args *p = a;
    for (int64_t i = 1; i <= 4; i++)
        rt_chan_send(p->jobs, rt_int(i));
    rt_chan_close(p->jobs);
}

/* go func() { wg.Wait(); close(results) }() */
static void pc_closer(void *a)
{
    struct pc_args *p = a;
    rt_wg_wait(p->wg);
    rt_chan_close(p->results);
}

/* func main() {
 *     jobs, results := make(chan int), make(chan int, 2)
 *     var wg sync.WaitGroup
 *     for w := 0; w < 2; w++ { wg.Add(1); go worker() }
 *     go producer(); go closer()
 *     sum := 0
 *     for r := range results { sum += r }
 *     fmt.Println(sum)   // 30
 * } */
static void prog_prodcons(void *arg)
{
    (void)arg;
    struct pc_args p = {rt_chan_make(0, rt_int(0)), rt_chan_make(2, rt_int(0)), rt_wg_new()};
    for (int w = 0; w < 2; w++) {
        rt_wg_add(p.wg, 1);
        rt_go(pc_worker, &p, sizeof p);
    }
    rt_go(pc_producer, &p, sizeof p);
    rt_go(pc_closer, &p, sizeof p);
    int64_t sum = 0;
    for (int n = 0; n < 64; n++) {
        bool ok;
        rt_value r = rt_chan_recv(p.results, &ok);
        if (!ok)
            break;
        sum += r.i;
    }
    mp_printf("%lld\n", (long long)sum);
}

/* ============================================================== 10: WaitGroup misuse recovered */

/* func misuse() {
 *     defer func() { fmt.Println("recovered:", recover()) }()
 *     var wg sync.WaitGroup
 *     wg.Add(-1)                    // W2: panics
 *     fmt.Println("not reached")
 * } */
static void wm_misuse(void *a)
{
    (void)a;
    defer_recover_print();
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, -1);
    mp_printf("not reached\n");
}

static void wm_worker(void *a)
{
    defer_wg_done(*(rt_waitgroup **)a);
    rt_call(wm_misuse, NULL);
}

/* func main() {
 *     var wg sync.WaitGroup
 *     wg.Add(1)
 *     go func() { defer wg.Done(); misuse() }()
 *     misuse()
 *     wg.Wait()
 * } */
static void prog_wg_misuse(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, 1);
    rt_go(wm_worker, &wg, sizeof wg);
    rt_call(wm_misuse, NULL);
    rt_wg_wait(wg);
}

/* ======================================================== 11: main returns, others hold defers */

/* go func() { defer fmt.Println("cleanup that never runs"); <-block }() */
static void mr_blocked(void *a)
{
    defer_print("blocked goroutine cleanup");
    rt_chan_recv(*(rt_chan **)a, NULL);
}

/* go func() { defer fmt.Println("sleeper cleanup"); time.Sleep(time.Hour) }() */
static void mr_sleeper(void *a)
{
    (void)a;
    defer_print("sleeper cleanup");
    rt_sleep(HOUR);
}

/* func main() {
 *     block := make(chan int)
 *     for i := 0; i < 2; i++ { go func() { defer fmt.Println(...); <-block }() }
 *     go func() { defer fmt.Println(...); time.Sleep(time.Hour) }()
 *     time.Sleep(time.Millisecond)   // all three hold a pending defer by now
 *     fmt.Println("main returns")    // X1: their defers never run
 * } */
static void prog_main_returns(void *arg)
{
    (void)arg;
    rt_chan *block = rt_chan_make(0, rt_int(0));
    for (int i = 0; i < 2; i++)
        rt_go(mr_blocked, &block, sizeof block);
    rt_go(mr_sleeper, NULL, 0);
    rt_sleep(MILLISECOND);
    mp_printf("main returns\n");
}

/* ================================================ 12, 13: panic values with a String method */

/* What the String method of a late panic value does when preprintpanics
 * calls it (mp_preprint): print a line, then return text, or panic with
 * text (the value becomes preprintpanics' fatal error). */
typedef struct mp_method {
    const char *says;
    const char *text;
    bool panics;
} mp_method;

rt_value mp_preprint(void *ctx, const rt_value *v, bool *keep)
{
    (void)ctx;
    (void)keep;
    const mp_method *m = v->p;
    mp_printf("%s\n", m->says);
    rt_value r = rt_str(m->text);
    r.kind = RT_V_TEXT;
    if (m->panics) {
        static char msg[128];
        snprintf(msg, sizeof msg, "panic while printing panic value: %s", m->text);
        r = rt_str(msg);
        r.kind = RT_V_TEXT;
        r.flags = RT_VF_PRINT_PANICS;
    }
    return r;
}

/* The value panic(v) makes of a value with a String method: late, printed
 * as it would be without the method until preprintpanics calls it. */
static rt_value late(const mp_method *m)
{
    rt_value v = rt_str("(main.B) 0xc000012120");
    v.kind = RT_V_TEXT;
    v.flags = RT_VF_LATE;
    v.p = (void *)m;
    return v;
}

/* B's String panics with "boom". */
static const mp_method b_method = {"String of B", "boom", true};

static rt_value unprintable(void)
{
    return late(&b_method);
}

/* func tryit() {
 *     defer func() { fmt.Println("recovered:", recover() != nil) }()
 *     panic(B{})                      // recovered: its String is never called
 * } */
static void d_recovered(void *a)
{
    (void)a;
    rt_value r = rt_recover();
    mp_printf("recovered: %s\n", r.kind != RT_V_NIL ? "true" : "false");
}

static void up_tryit(void *a)
{
    (void)a;
    rt_defer(d_recovered, NULL, 0);
    rt_panic(unprintable());
}

/* go func() { defer fmt.Println("worker cleanup"); <-start; panic(B{}) }() */
static void up_worker(void *a)
{
    defer_print("worker cleanup");
    rt_chan_recv(*(rt_chan **)a, NULL);
    rt_panic(unprintable());
}

/* func main() {
 *     tryit()
 *     start := make(chan int)
 *     go worker(start)
 *     fmt.Println("main starts it")
 *     start <- 1
 *     time.Sleep(time.Hour)   // the worker's panic ends the program first:
 *                             // "fatal error: panic while printing panic value: boom"
 * } */
static void prog_unprintable_panic(void *arg)
{
    (void)arg;
    rt_call(up_tryit, NULL);
    rt_chan *start = rt_chan_make(0, rt_int(0));
    rt_go(up_worker, &start, sizeof start);
    mp_printf("main starts it\n");
    rt_chan_send(start, rt_int(1));
    rt_sleep(HOUR);
}

/* C's String returns "cee" (after printing a line). */
static const mp_method c_method = {"String of C", "cee", false};

static void d_aborting(void *a)
{
    (void)a;
    rt_panic(late(&c_method));
}

/* go func() {
 *     defer fmt.Println("worker cleanup")
 *     defer func() { panic(C{}) }()      // aborts the first panic
 *     <-start
 *     panic(C{})
 * }()
 * The report prints both values by C's String, newest first:
 * "panic: cee\n\tpanic: cee\n" after "String of C" twice. */
static void lp_worker(void *a)
{
    defer_print("worker cleanup");
    rt_defer(d_aborting, NULL, 0);
    rt_chan_recv(*(rt_chan **)a, NULL);
    rt_panic(late(&c_method));
}

/* func main() {
 *     start := make(chan int)
 *     go worker(start)
 *     start <- 1
 *     time.Sleep(time.Hour)   // the worker's panic ends the program first
 * } */
static void prog_late_panic(void *arg)
{
    (void)arg;
    rt_chan *start = rt_chan_make(0, rt_int(0));
    rt_go(lp_worker, &start, sizeof start);
    rt_chan_send(start, rt_int(1));
    rt_sleep(HOUR);
}

/* ===================================================================================== the set */

const mp_program mp_programs[] = {
    {"nested-defers", prog_nested_defers},
    {"arg-timing", prog_arg_timing},
    {"recover", prog_recover},
    {"goexit", prog_goexit},
    {"close-wakes-receivers", prog_close_wakes},
    {"buffered-drain", prog_buffered_drain},
    {"send-close-race", prog_send_close_race},
    {"select-default", prog_select_default},
    {"producer-consumer", prog_prodcons},
    {"waitgroup-misuse", prog_wg_misuse},
    {"main-returns", prog_main_returns},
    {"unprintable-panic", prog_unprintable_panic},
    {"late-panic-value", prog_late_panic},
};
const size_t mp_nprograms = sizeof mp_programs / sizeof mp_programs[0];
