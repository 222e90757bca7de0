/* test_oracle_chan.c - the channel, sync, scheduler and program-end
 * checkers (oracles/chan_model.c, sync_model.c, sched_model.c,
 * program_end.c).
 *
 * Three kinds of test:
 *   - correct programs written against rt.h, run under many seeds with
 *     every oracle attached: no violation and no finding;
 *   - buggy programs: the right finding, with its sites, and no violation;
 *   - hand-built event sequences (oracle_event) that break one rule each,
 *     the way a broken runtime would, next to the same sequence done right:
 *     the bad one fires the intended checker with a message naming the
 *     rule, the good one is clean. The runtime mutants (close not waking
 *     receivers, a stale value from a drained channel, a send on a closed
 *     channel dropped, select taking default while a case is ready, a
 *     blocked goroutine run again, a WaitGroup going negative silently)
 *     each have such a sequence. */
#include <criterion/criterion.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "oracle.h"
#include "rt_testutil.h"

/* Seeds each correct program runs under (-DSEEDS=10000 for a long run). */
#ifndef SEEDS
#define SEEDS 300
#endif

static oracle_set *O;

static void setup(void)
{
    O = oracle_new();
    cr_assert_not_null(O);
}

static void teardown(void)
{
    oracle_free(O);
    rt_shutdown();
}

TestSuite(oracle_chan, .init = setup, .fini = teardown);

/* ------------------------------------------------------------ verdicts */

static const char *verdict_text(const oracle_verdict *v)
{
    static char buf[16384];
    oracle_verdict_format(v, buf, sizeof buf);
    return buf;
}

static size_t count_findings(const oracle_verdict *v, oracle_finding_id id)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nfindings; i++)
        n += v->findings[i].id == id;
    return n;
}

static const oracle_finding *finding(const oracle_verdict *v, oracle_finding_id id)
{
    for (size_t i = 0; i < v->nfindings; i++)
        if (v->findings[i].id == id)
            return &v->findings[i];
    return NULL;
}

static bool has_violation(const oracle_verdict *v, oracle_id who, const char *text)
{
    for (size_t i = 0; i < v->nviolations; i++)
        if (v->violations[i].oracle == who && strstr(v->violations[i].message, text))
            return true;
    return false;
}

#define assert_violation(v, who, text)                                                             \
    cr_assert(has_violation((v), (who), (text)),                                                   \
              "want a %s violation containing \"%s\"; got:\n%s", oracle_name(who), (text),         \
              verdict_text(v))

#define assert_no_violation(v)                                                                     \
    cr_assert_eq((v)->nviolations, 0, "unexpected violations:\n%s", verdict_text(v))

#define assert_clean(v)                                                                            \
    cr_assert((v)->nviolations == 0 && (v)->nfindings == 0, "want a clean verdict; got:\n%s",      \
              verdict_text(v))

/* ------------------------------------------------------------ running programs */

static rt_result last;

/* Runs fn under seed with every oracle attached; returns the verdict. */
static const oracle_verdict *run_steps(rt_fn fn, uint64_t seed, uint64_t max_steps)
{
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, seed);
    rt_observer obs = oracle_observer(O);
    rt_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.chooser = &pc.base;
    cfg.observers = &obs;
    cfg.nobservers = 1;
    cfg.max_steps = max_steps;
    oracle_reset(O);
    last = tu_run_cfg(&cfg, fn, NULL);
    return oracle_finish(O);
}

static const oracle_verdict *run(rt_fn fn, uint64_t seed)
{
    return run_steps(fn, seed, 0);
}

/* A correct program: clean under every seed. */
static void assert_clean_under_seeds(rt_fn fn, const char *name)
{
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        const oracle_verdict *v = run(fn, seed);
        cr_assert(v->nviolations == 0 && v->nfindings == 0,
                  "%s, seed %llu (end %s, err \"%s\"):\n%s", name, (unsigned long long)seed,
                  rt_end_name(last.end), last.err, verdict_text(v));
    }
}

/* A buggy program: finding id under every seed, and no violation. */
static void assert_finding_under_seeds(rt_fn fn, oracle_finding_id id, unsigned seeds)
{
    for (uint64_t seed = 1; seed <= seeds; seed++) {
        const oracle_verdict *v = run(fn, seed);
        cr_assert(count_findings(v, id) >= 1 && v->nviolations == 0,
                  "seed %llu: want finding %s and no violation; got:\n%s", (unsigned long long)seed,
                  oracle_finding_name(id), verdict_text(v));
    }
}

/* ------------------------------------------------------------ hand-built events */

static uint64_t seq_no;

static void feed(uint32_t kind, uint32_t g, uint32_t site, uint64_t a, uint64_t b, uint64_t c,
                 rt_value v, const uint32_t *w, uint32_t nw)
{
    uint8_t bytes[256];
    rt_event e;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.g = g;
    e.seq = seq_no++;
    e.site = site;
    e.a = a;
    e.b = b;
    e.c = c;
    e.v = v;
    for (uint32_t i = 0; i < nw && i < 64; i++)
        memcpy(bytes + 4 * i, &w[i], 4);
    e.bytes = nw ? bytes : NULL;
    e.nbytes = 4 * nw;
    oracle_event(O, &e);
}

/* EV(KIND, g, a, b, c); EVS with a site; EVV with a value. */
#define EV(k, g, a, b, c)     feed(RT_EV_##k, (g), 0, (a), (b), (c), rt_nil(), NULL, 0)
#define EVS(k, g, s, a, b, c) feed(RT_EV_##k, (g), (s), (a), (b), (c), rt_nil(), NULL, 0)
#define EVV(k, g, a, b, c, v) feed(RT_EV_##k, (g), 0, (a), (b), (c), (v), NULL, 0)
#define DECIDE(g, kind, taken, ...)                                                                \
    do {                                                                                           \
        uint32_t o_[] = {__VA_ARGS__};                                                             \
        uint32_t n_ = (uint32_t)(sizeof o_ / sizeof o_[0]);                                        \
        feed(RT_EV_DECISION, (g), 0, (kind), n_, (taken), rt_nil(), o_, n_);                       \
    } while (0)
/* SELB(g, has_default, chan, dir, chan, dir, ...) */
#define SELB(g, dflt, ...)                                                                         \
    do {                                                                                           \
        uint32_t w_[] = {__VA_ARGS__};                                                             \
        uint32_t n_ = (uint32_t)(sizeof w_ / sizeof w_[0]);                                        \
        feed(RT_EV_SELECT_BEGIN, (g), 0, 0, n_ / 2, (dflt), rt_nil(), w_, n_);                     \
    } while (0)
#define SEL(g, k, n, mask) EV(SELECT, (g), (uint64_t)(int64_t)(k), (n), (mask))

/* Starts an execution: RUN g1. */
static void begin(void)
{
    oracle_reset(O);
    seq_no = 0;
    EV(RUN, 1, 0, 0, 0);
}

/* Ends it with main returning. */
static const oracle_verdict *end_return(void)
{
    EV(GO_END, 1, RT_GOEND_RETURN, 0, 0);
    EV(END, 1, RT_END_RETURN, 0, 0);
    return oracle_finish(O);
}

static rt_value rterr(const char *s)
{
    rt_value v = rt_str(s);
    v.kind = RT_V_RTERROR;
    return v;
}

/* Main starts g2 and the scheduler switches to it (a decision). */
static void spawn_and_switch(uint32_t child)
{
    EV(GO_CREATE, 1, child, 0, 0);
    DECIDE(1, RT_DEC_SCHED, 1, 1, child);
    EV(RUN, child, 0, 0, 0);
}

/* Stderr text as PRINT events, split the way the runtime writes it. */
static void print_err(uint32_t g, const char *s)
{
    rt_event e;
    memset(&e, 0, sizeof e);
    e.kind = RT_EV_PRINT;
    e.g = g;
    e.seq = seq_no++;
    e.a = 2;
    e.bytes = (const uint8_t *)s;
    e.nbytes = (uint32_t)strlen(s);
    oracle_event(O, &e);
}

/* ================================================================ correct programs */

/* Shared objects handed to goroutines (copied by rt_go). */
struct objs {
    rt_chan *c, *d, *e;
    rt_waitgroup *wg;
    rt_mutex *mu;
    rt_rwmutex *rw;
    rt_once *once;
    int64_t id;
};

static int64_t counter;

/* for i := 0; i < 5; i++ { v := <-in; out <- v * 10 } */
static void pp_echo(void *arg)
{
    struct objs *o = arg;
    for (int i = 0; i < 5; i++) {
        rt_value v = rt_chan_recv(o->c, NULL);
        rt_chan_send(o->d, rt_int(v.i * 10));
    }
}

/* Unbuffered ping-pong (C2): in <- i; <-out, five times. */
static void prog_pingpong(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_int(0)), .d = rt_chan_make(0, rt_int(0))};
    rt_go(pp_echo, &o, sizeof o);
    for (int i = 1; i <= 5; i++) {
        rt_chan_send(o.c, rt_int(i));
        rt_chan_recv(o.d, NULL);
    }
}

/* for i := 1; i <= 6; i++ { c <- i }; close(c) */
static void pl_producer(void *arg)
{
    struct objs *o = arg;
    for (int i = 1; i <= 6; i++)
        rt_chan_send(o->c, rt_int(i));
    rt_chan_close(o->c);
}

/* for { v, ok := <-c; if !ok { close(d); return }; d <- v * 2 } */
static void pl_stage(void *arg)
{
    struct objs *o = arg;
    for (;;) {
        bool ok;
        rt_value v = rt_chan_recv(o->c, &ok);
        if (!ok) {
            rt_chan_close(o->d);
            return;
        }
        rt_chan_send(o->d, rt_int(v.i * 2));
    }
}

/* Buffered producer, unbuffered stage, range in main (C3, C7). */
static void prog_pipeline(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(2, rt_int(0)), .d = rt_chan_make(0, rt_int(0))};
    rt_go(pl_producer, &o, sizeof o);
    rt_go(pl_stage, &o, sizeof o);
    int64_t sum = 0;
    bool ok = true;
    while (ok) {
        rt_value v = rt_chan_recv(o.d, &ok);
        sum += v.i;
    }
    tu_printf("%lld\n", (long long)sum);
}

/* <-done; wg.Done() */
static void bc_waiter(void *arg)
{
    struct objs *o = arg;
    rt_chan_recv(o->c, NULL);
    rt_wg_done(o->wg);
}

/* Close as a broadcast: every blocked receiver gets (zero, false) (C7). */
static void prog_broadcast(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_empty()), .wg = rt_wg_new()};
    rt_wg_add(o.wg, 3);
    for (int i = 0; i < 3; i++)
        rt_go(bc_waiter, &o, sizeof o);
    rt_gosched();
    rt_chan_close(o.c);
    rt_wg_wait(o.wg);
}

/* for i := 0; i < 4; i++ { select { case a <- i: case b <- i*100: } }; close(quit) */
static void sm_sender(void *arg)
{
    struct objs *o = arg;
    for (int i = 0; i < 4; i++) {
        rt_select_case cs[2] = {{o->c, RT_SEND, rt_int(i), false},
                                {o->d, RT_SEND, rt_int(i * 100), false}};
        rt_select(cs, 2, false);
    }
    rt_chan_close(o->e);
}

/* Selects with send cases, receive cases, a nil case and default (S2, S3). */
static void prog_select_mix(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(1, rt_int(0)),
                     .d = rt_chan_make(0, rt_int(0)),
                     .e = rt_chan_make(0, rt_empty())};
    rt_select_case probe[2] = {{o.c, RT_RECV, rt_nil(), false}, {NULL, RT_RECV, rt_nil(), false}};
    rt_select(probe, 2, true); /* nothing ready yet: default */
    rt_go(sm_sender, &o, sizeof o);
    for (;;) {
        rt_select_case cs[4] = {{o.c, RT_RECV, rt_nil(), false},
                                {o.d, RT_RECV, rt_nil(), false},
                                {NULL, RT_RECV, rt_nil(), false},
                                {o.e, RT_RECV, rt_nil(), false}};
        int k = rt_select(cs, 4, false);
        if (k == 3)
            break;
        rt_select(probe, 2, true); /* maybe a buffered value, maybe default */
    }
    rt_select(probe, 2, true);
}

/* time.Sleep(5); c <- 1 */
static void st_late(void *arg)
{
    struct objs *o = arg;
    rt_sleep((int64_t)o->id);
    rt_chan_send(o->c, rt_int(1));
}

/* select { case <-c: case <-time.After(10): } with a sender sleeping 5 or 15. */
static void prog_select_timeout(void *arg)
{
    (void)arg;
    for (int64_t d = 5; d <= 15; d += 10) {
        struct objs o = {.c = rt_chan_make(1, rt_int(0)), .id = d};
        rt_go(st_late, &o, sizeof o);
        rt_select_case cs[2] = {{o.c, RT_RECV, rt_nil(), false},
                                {rt_after(10), RT_RECV, rt_nil(), false}};
        rt_select(cs, 2, false);
        rt_sleep(20);
    }
}

/* c <- id */
static void fs_sender(void *arg)
{
    struct objs *o = arg;
    rt_chan_send(o->c, rt_int(o->id));
}

/* Three senders block on c (capacity 0 or 1); main sleeps, then receives
 * (C8 FIFO; a receive from a full buffer moves a blocked sender in). */
static void fifo_senders(int64_t cap)
{
    struct objs o = {.c = rt_chan_make(cap, rt_int(0))};
    for (int i = 1; i <= 3; i++) {
        o.id = i;
        rt_go(fs_sender, &o, sizeof o);
    }
    rt_sleep(1);
    for (int i = 0; i < 3; i++)
        rt_chan_recv(o.c, NULL);
}

static void prog_fifo_unbuffered(void *arg)
{
    (void)arg;
    fifo_senders(0);
}

static void prog_fifo_buffered(void *arg)
{
    (void)arg;
    fifo_senders(1);
}

static void wm_done(void *arg)
{
    rt_wg_done(*(rt_waitgroup **)arg);
}

/* defer wg.Done(); for j := 0; j < 3; j++ { mu.Lock(); counter++; mu.Unlock() } */
static void wm_worker(void *arg)
{
    struct objs *o = arg;
    rt_defer(wm_done, &o->wg, sizeof o->wg);
    for (int j = 0; j < 3; j++) {
        rt_mutex_lock(o->mu);
        int64_t v = counter;
        rt_gosched();
        counter = v + 1;
        rt_mutex_unlock(o->mu);
    }
}

/* WaitGroup and Mutex (W1, M1). */
static void prog_wg_mutex(void *arg)
{
    (void)arg;
    counter = 0;
    struct objs o = {.wg = rt_wg_new(), .mu = rt_mutex_new()};
    for (int i = 0; i < 4; i++) {
        rt_wg_add(o.wg, 1);
        rt_go(wm_worker, &o, sizeof o);
    }
    rt_wg_wait(o.wg);
    tu_printf("%lld\n", (long long)counter);
}

static void rw_reader(void *arg)
{
    struct objs *o = arg;
    rt_defer(wm_done, &o->wg, sizeof o->wg);
    for (int j = 0; j < 2; j++) {
        rt_rw_rlock(o->rw);
        rt_gosched();
        rt_rw_runlock(o->rw);
    }
}

static void rw_writer(void *arg)
{
    struct objs *o = arg;
    rt_defer(wm_done, &o->wg, sizeof o->wg);
    for (int j = 0; j < 2; j++) {
        rt_rw_lock(o->rw);
        rt_gosched();
        rt_rw_unlock(o->rw);
    }
}

/* RWMutex readers and writers (M1). */
static void prog_rwmutex(void *arg)
{
    (void)arg;
    struct objs o = {.wg = rt_wg_new(), .rw = rt_rwmutex_new()};
    rt_wg_add(o.wg, 5);
    rt_go(rw_reader, &o, sizeof o);
    rt_go(rw_writer, &o, sizeof o);
    rt_go(rw_reader, &o, sizeof o);
    rt_go(rw_writer, &o, sizeof o);
    rt_go(rw_reader, &o, sizeof o);
    rt_wg_wait(o.wg);
}

static void once_body(void *arg)
{
    (void)arg;
    rt_gosched();
    counter++;
}

static void once_user(void *arg)
{
    struct objs *o = arg;
    rt_once_do(o->once, once_body, NULL);
    rt_wg_done(o->wg);
}

/* sync.Once under contention. */
static void prog_once(void *arg)
{
    (void)arg;
    struct objs o = {.wg = rt_wg_new(), .once = rt_once_new()};
    rt_wg_add(o.wg, 3);
    for (int i = 0; i < 3; i++)
        rt_go(once_user, &o, sizeof o);
    rt_wg_wait(o.wg);
}

/* select { case v, ok := <-c: if !ok { d <- 0; return } ... case <-e: } */
static void sc_selector(void *arg)
{
    struct objs *o = arg;
    for (;;) {
        rt_select_case cs[2] = {{o->c, RT_RECV, rt_nil(), false}, {o->e, RT_RECV, rt_nil(), false}};
        int k = rt_select(cs, 2, false);
        if (k == 0 && !cs[0].ok) {
            rt_chan_send(o->d, rt_int(0));
            return;
        }
    }
}

/* A select blocked on a channel that gets closed: (zero, false) (S4, C7). */
static void prog_select_close(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_str("")),
                     .d = rt_chan_make(0, rt_int(0)),
                     .e = rt_chan_make(0, rt_int(0))};
    rt_go(sc_selector, &o, sizeof o);
    rt_chan_send(o.c, rt_str("x"));
    rt_chan_send(o.c, rt_str("y"));
    rt_chan_close(o.c);
    rt_chan_recv(o.d, NULL);
}

/* v := <-c */
static void ss_receiver(void *arg)
{
    struct objs *o = arg;
    rt_chan_recv(o->c, NULL);
}

/* select { case c <- 1: case v := <-c: } with one receiver around: the
 * select never pairs with itself (S5). */
static void prog_self_select(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_int(0))};
    rt_go(ss_receiver, &o, sizeof o);
    rt_select_case cs[2] = {{o.c, RT_SEND, rt_int(1), false}, {o.c, RT_RECV, rt_nil(), false}};
    int k = rt_select(cs, 2, false);
    cr_assert_eq(k, 0);
}

static void gx_close(void *arg)
{
    rt_chan_close(*(rt_chan **)arg);
}

/* defer close(done); runtime.Goexit() */
static void gx_worker(void *arg)
{
    struct objs *o = arg;
    rt_defer(gx_close, &o->c, sizeof o->c);
    rt_goexit();
}

/* A goroutine that calls Goexit still runs its defers (G1). */
static void prog_goexit_worker(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_empty())};
    rt_go(gx_worker, &o, sizeof o);
    rt_chan_recv(o.c, NULL);
}

/* time.Sleep(id); c <- id */
static void sl_sleeper(void *arg)
{
    struct objs *o = arg;
    rt_sleep(o->id * 3);
    rt_chan_send(o->c, rt_int(o->id));
}

/* Sleeping goroutines are not deadlocked (K2); main waits for them. */
static void prog_sleepers(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_int(0))};
    for (int i = 1; i <= 3; i++) {
        o.id = i;
        rt_go(sl_sleeper, &o, sizeof o);
    }
    for (int i = 0; i < 3; i++)
        rt_chan_recv(o.c, NULL);
}

/* A recovered panic in a child, then an ordinary return. */
static void rp_recover(void *arg)
{
    (void)arg;
    rt_recover();
}

static void rp_child(void *arg)
{
    struct objs *o = arg;
    rt_defer(wm_done, &o->wg, sizeof o->wg);
    rt_defer(rp_recover, NULL, 0);
    rt_panic(rt_str("handled"));
}

static void prog_recovered_panic(void *arg)
{
    (void)arg;
    struct objs o = {.wg = rt_wg_new()};
    rt_wg_add(o.wg, 1);
    rt_go(rp_child, &o, sizeof o);
    rt_wg_wait(o.wg);
}

static const struct {
    const char *name;
    rt_fn fn;
} correct_programs[] = {
    {"pingpong", prog_pingpong},
    {"pipeline", prog_pipeline},
    {"broadcast", prog_broadcast},
    {"select-mix", prog_select_mix},
    {"select-timeout", prog_select_timeout},
    {"fifo-unbuffered", prog_fifo_unbuffered},
    {"fifo-buffered", prog_fifo_buffered},
    {"wg-mutex", prog_wg_mutex},
    {"rwmutex", prog_rwmutex},
    {"once", prog_once},
    {"select-close", prog_select_close},
    {"self-select", prog_self_select},
    {"goexit-worker", prog_goexit_worker},
    {"sleepers", prog_sleepers},
    {"recovered-panic", prog_recovered_panic},
};

Test(oracle_chan, correct_programs_are_clean_under_every_oracle)
{
    for (size_t i = 0; i < sizeof correct_programs / sizeof correct_programs[0]; i++)
        assert_clean_under_seeds(correct_programs[i].fn, correct_programs[i].name);
}

Test(oracle_chan, correct_programs_are_clean_with_no_chooser)
{
    for (size_t i = 0; i < sizeof correct_programs / sizeof correct_programs[0]; i++) {
        rt_observer obs = oracle_observer(O);
        rt_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.observers = &obs;
        cfg.nobservers = 1;
        oracle_reset(O);
        last = tu_run_cfg(&cfg, correct_programs[i].fn, NULL);
        const oracle_verdict *v = oracle_finish(O);
        cr_assert(v->nviolations == 0 && v->nfindings == 0, "%s:\n%s", correct_programs[i].name,
                  verdict_text(v));
    }
}

Test(oracle_chan, a_recorded_trace_checks_like_the_live_run)
{
    for (uint64_t seed = 1; seed <= 20; seed++) {
        rt_result r = tu_run_seed_traced(prog_select_mix, NULL, seed);
        const oracle_verdict *v = oracle_check_trace(O, r.trace, r.trace_len);
        cr_assert_not_null(v);
        assert_clean(v);
    }
}

/* ================================================================ findings */

/* c := make(chan int, 1); close(c) // site 9
 * c <- 1                          // site 12 */
static void prog_send_after_close(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(1, rt_int(0));
    rt_set_site(9);
    rt_chan_close(c);
    rt_set_site(12);
    rt_chan_send(c, rt_int(1));
}

Test(oracle_chan, send_on_closed_channel_is_a_finding_with_both_sites)
{
    const oracle_verdict *v = run(prog_send_after_close, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_SEND_ON_CLOSED);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert_str_eq(f->message, "send on closed channel c1 at site 12 (closed at site 9)");
    cr_assert_eq(f->nsites, 2);
    cr_assert_eq(f->sites[0], 9);
    cr_assert_eq(f->sites[1], 12);
    /* The crash is reported as send-on-closed, not as a plain panic. */
    cr_assert_eq(count_findings(v, OF_PANIC), 0, "%s", verdict_text(v));
    cr_assert_eq(last.end, RT_END_PANIC);
}

/* go func() { c <- 1 }()   // blocks: site 5
 * time.Sleep(1); close(c)  // site 7
 * <-never */
static void bs_sender(void *arg)
{
    rt_set_site(5);
    rt_chan_send(*(rt_chan **)arg, rt_int(1));
}

static void prog_blocked_sender_at_close(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_go(bs_sender, &c, sizeof c);
    rt_sleep(1);
    rt_set_site(7);
    rt_chan_close(c);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(oracle_chan, sender_blocked_at_close_panics_and_is_a_finding)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        const oracle_verdict *v = run(prog_blocked_sender_at_close, seed);
        assert_no_violation(v);
        const oracle_finding *f = finding(v, OF_SEND_ON_CLOSED);
        cr_assert_not_null(f, "%s", verdict_text(v));
        cr_assert_str_eq(f->message, "send on closed channel c1 at site 5 (closed at site 7)");
        cr_assert_eq(last.end, RT_END_PANIC);
    }
}

/* close(c); select { case c <- 1: default: }   (S2: it panics) */
static void prog_select_send_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_set_site(3);
    rt_chan_close(c);
    rt_set_site(4);
    rt_select_case cs[1] = {{c, RT_SEND, rt_int(1), false}};
    rt_select(cs, 1, true);
}

Test(oracle_chan, select_send_case_on_closed_channel_is_a_finding)
{
    const oracle_verdict *v = run(prog_select_send_closed, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_SEND_ON_CLOSED);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert_str_eq(f->message, "send on closed channel c1 at site 4 (closed at site 3)");
}

/* go func() { defer recover(); select { case c <- 1: case <-d: } }()
 * time.Sleep(1); close(c); wg.Wait()    (S4: the woken select panics) */
static void sb_selector(void *arg)
{
    struct objs *o = arg;
    rt_defer(wm_done, &o->wg, sizeof o->wg);
    rt_defer(rp_recover, NULL, 0);
    rt_set_site(21);
    rt_select_case cs[2] = {{o->c, RT_SEND, rt_int(1), false}, {o->d, RT_RECV, rt_nil(), false}};
    rt_select(cs, 2, false);
}

static void prog_select_blocked_send_closed(void *arg)
{
    (void)arg;
    struct objs o = {
        .c = rt_chan_make(0, rt_int(0)), .d = rt_chan_make(0, rt_int(0)), .wg = rt_wg_new()};
    rt_wg_add(o.wg, 1);
    rt_go(sb_selector, &o, sizeof o);
    rt_sleep(1);
    rt_set_site(22);
    rt_chan_close(o.c);
    rt_wg_wait(o.wg);
}

Test(oracle_chan, blocked_select_send_case_woken_by_close_is_a_finding_even_when_recovered)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        const oracle_verdict *v = run(prog_select_blocked_send_closed, seed);
        assert_no_violation(v);
        const oracle_finding *f = finding(v, OF_SEND_ON_CLOSED);
        cr_assert_not_null(f, "%s", verdict_text(v));
        cr_assert_str_eq(f->message, "send on closed channel c1 at site 21 (closed at site 22)");
        cr_assert_eq(last.end, RT_END_RETURN);
    }
}

/* close(c) at 2; close(c) at 3 */
static void prog_close_closed(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0));
    rt_set_site(2);
    rt_chan_close(c);
    rt_set_site(3);
    rt_chan_close(c);
}

Test(oracle_chan, close_of_closed_channel_is_a_finding)
{
    const oracle_verdict *v = run(prog_close_closed, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_CLOSE_OF_CLOSED);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert_str_eq(f->message, "close of closed channel c1 at site 3 (first closed at site 2)");
    cr_assert_eq(count_findings(v, OF_PANIC), 0);
}

/* var c chan int; defer recover(); close(c)   (recovered: still a finding) */
static void cn_body(void *arg)
{
    (void)arg;
    rt_defer(rp_recover, NULL, 0);
    rt_set_site(6);
    rt_chan_close(NULL);
}

static void prog_close_nil(void *arg)
{
    (void)arg;
    rt_call(cn_body, NULL);
}

Test(oracle_chan, close_of_nil_channel_is_a_finding_even_when_recovered)
{
    const oracle_verdict *v = run(prog_close_nil, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_CLOSE_OF_NIL);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert_str_eq(f->message, "close of nil channel at site 6");
    cr_assert_eq(last.end, RT_END_RETURN);
}

/* wg.Add(1); wg.Done(); wg.Done() // site 8 */
static void prog_negative_wg(void *arg)
{
    (void)arg;
    rt_waitgroup *wg = rt_wg_new();
    rt_wg_add(wg, 1);
    rt_wg_done(wg);
    rt_set_site(8);
    rt_wg_done(wg);
}

Test(oracle_chan, negative_waitgroup_is_a_finding)
{
    const oracle_verdict *v = run(prog_negative_wg, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_NEGATIVE_WAITGROUP);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert_eq(f->nsites, 1);
    cr_assert_eq(f->sites[0], 8);
    cr_assert(strstr(f->message, "at site 8"), "%s", f->message);
    cr_assert_eq(count_findings(v, OF_PANIC), 0);
}

static int unlock_variant;

/* mu.Unlock() on an unlocked Mutex / RWMutex (Unlock, RUnlock), site 4 */
static void prog_unlock_unlocked(void *arg)
{
    (void)arg;
    rt_mutex *mu = rt_mutex_new();
    rt_rwmutex *rw = rt_rwmutex_new();
    rt_mutex_lock(mu);
    rt_mutex_unlock(mu);
    rt_set_site(4);
    if (unlock_variant == 0)
        rt_mutex_unlock(mu);
    else if (unlock_variant == 1)
        rt_rw_unlock(rw);
    else
        rt_rw_runlock(rw);
}

Test(oracle_chan, unlock_of_unlocked_is_a_finding_for_each_lock_kind)
{
    static const char *const want[] = {"sync: unlock of unlocked mutex at site 4",
                                       "sync: Unlock of unlocked RWMutex at site 4",
                                       "sync: RUnlock of unlocked RWMutex at site 4"};
    for (unlock_variant = 0; unlock_variant < 3; unlock_variant++) {
        const oracle_verdict *v = run(prog_unlock_unlocked, 1);
        assert_no_violation(v);
        const oracle_finding *f = finding(v, OF_UNLOCK_OF_UNLOCKED);
        cr_assert_not_null(f, "%s", verdict_text(v));
        cr_assert_str_eq(f->message, want[unlock_variant]);
        cr_assert_eq(last.fatal, RT_FATAL_UNLOCK);
    }
}

/* go func() { d <- 1 }() // site 9: nobody receives
 * <-c                    // site 4: nobody sends */
static void dl_sender(void *arg)
{
    rt_set_site(9);
    rt_chan_send(*(rt_chan **)arg, rt_int(1));
}

static void prog_deadlock(void *arg)
{
    (void)arg;
    rt_chan *c = rt_chan_make(0, rt_int(0)), *d = rt_chan_make(0, rt_int(0));
    rt_go(dl_sender, &d, sizeof d);
    rt_set_site(4);
    rt_chan_recv(c, NULL);
}

Test(oracle_chan, deadlock_is_a_finding_naming_every_blocked_goroutine)
{
    for (uint64_t seed = 1; seed <= 50; seed++) {
        const oracle_verdict *v = run(prog_deadlock, seed);
        assert_no_violation(v);
        const oracle_finding *f = finding(v, OF_DEADLOCK);
        cr_assert_not_null(f, "%s", verdict_text(v));
        cr_assert_str_eq(f->message, "all goroutines are asleep: g1 [chan receive] at site 4, g2 "
                                     "[chan send] at site 9");
        cr_assert_eq(f->nsites, 2);
    }
}

/* defer fmt.Println("bye"); runtime.Goexit()   (G6: nothing else alive) */
static void prog_main_goexit(void *arg)
{
    (void)arg;
    rt_set_site(2);
    rt_goexit();
}

Test(oracle_chan, goexit_deadlock_is_a_finding)
{
    const oracle_verdict *v = run(prog_main_goexit, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_DEADLOCK);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert(strstr(f->message, "main called runtime.Goexit"), "%s", f->message);
}

/* go func() { <-c }(); runtime.Goexit()   (G6: the ordinary deadlock) */
static void prog_main_goexit_others_blocked(void *arg)
{
    (void)arg;
    struct objs o = {.c = rt_chan_make(0, rt_int(0))};
    rt_go(ss_receiver, &o, sizeof o);
    rt_goexit();
}

Test(oracle_chan, goexit_with_blocked_goroutines_is_the_ordinary_deadlock)
{
    for (uint64_t seed = 1; seed <= 30; seed++) {
        const oracle_verdict *v = run(prog_main_goexit_others_blocked, seed);
        assert_no_violation(v);
        const oracle_finding *f = finding(v, OF_DEADLOCK);
        cr_assert_not_null(f, "%s", verdict_text(v));
        cr_assert(strstr(f->message, "g2 [chan receive]"), "%s", f->message);
        cr_assert_eq(last.fatal, RT_FATAL_DEADLOCK);
    }
}

/* go func() { panic("boom") }()  // site 7
 * <-c */
static void pn_child(void *arg)
{
    (void)arg;
    rt_set_site(7);
    rt_panic(rt_str("boom"));
}

static void prog_panic(void *arg)
{
    (void)arg;
    rt_go(pn_child, NULL, 0);
    rt_chan_recv(rt_chan_make(0, rt_int(0)), NULL);
}

Test(oracle_chan, unrecovered_panic_is_a_finding_with_its_value_and_site)
{
    const oracle_verdict *v = run(prog_panic, 1);
    assert_no_violation(v);
    const oracle_finding *f = finding(v, OF_PANIC);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert_str_eq(f->message, "panic: boom at site 7");
    cr_assert_eq(f->nsites, 1);
    cr_assert_eq(f->sites[0], 7);
}

/* panic(errors.New("bad")) after a recovered panic; and a nil dereference
 * (stderr carries the [signal SIGSEGV ...] line). */
static void pe_first(void *arg)
{
    (void)arg;
    rt_defer(rp_recover, NULL, 0);
    rt_panic(rt_int(1));
}

static void prog_panic_error(void *arg)
{
    (void)arg;
    rt_call(pe_first, NULL);
    rt_panic(rt_error("bad"));
}

static void prog_nil_deref(void *arg)
{
    (void)arg;
    rt_panic_nil_deref();
}

Test(oracle_chan, panic_findings_for_errors_and_nil_dereference)
{
    const oracle_verdict *v = run(prog_panic_error, 1);
    assert_no_violation(v);
    cr_assert_not_null(finding(v, OF_PANIC), "%s", verdict_text(v));
    cr_assert(strstr(finding(v, OF_PANIC)->message, "panic: bad"));
    v = run(prog_nil_deref, 1);
    assert_no_violation(v);
    cr_assert(strstr(finding(v, OF_PANIC)->message,
                     "panic: runtime error: invalid memory address or nil pointer dereference"));
}

/* for { runtime.Gosched() } with a small budget */
static void prog_spin(void *arg)
{
    (void)arg;
    for (;;)
        rt_gosched();
}

Test(oracle_chan, budget_exhausted_is_a_finding)
{
    const oracle_verdict *v = run_steps(prog_spin, 1, 500);
    assert_no_violation(v);
    cr_assert_not_null(finding(v, OF_BUDGET_EXHAUSTED), "%s", verdict_text(v));
    cr_assert_eq(last.end, RT_END_BUDGET);
}

/* println("bye"); os.Exit(3): stderr right before END exit is legal. */
static void prog_print_exit(void *arg)
{
    (void)arg;
    tu_eprintf("bye\n");
    rt_exit(3);
}

/* defer os.Exit(3) while panicking: the panic is not printed (X2). */
static void ex_exit(void *arg)
{
    (void)arg;
    rt_exit(3);
}

static void prog_exit_in_panic(void *arg)
{
    (void)arg;
    rt_defer(ex_exit, NULL, 0);
    rt_panic(rt_str("lost"));
}

/* var f func(); go f() */
static void prog_go_nil(void *arg)
{
    (void)arg;
    rt_go(NULL, NULL, 0);
}

static void so_recurse(void *arg)
{
    rt_call(so_recurse, arg);
}

/* func f() { f() }; f() */
static void prog_stack_overflow(void *arg)
{
    rt_call(so_recurse, arg);
}

Test(oracle_chan, other_endings_have_the_right_code_and_text)
{
    static const struct {
        rt_fn fn;
        rt_end end;
    } cases[] = {{prog_print_exit, RT_END_EXIT},
                 {prog_exit_in_panic, RT_END_EXIT},
                 {prog_go_nil, RT_END_FATAL},
                 {prog_stack_overflow, RT_END_FATAL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const oracle_verdict *v = run(cases[i].fn, 1);
        cr_assert_eq(last.end, cases[i].end, "case %zu: end %s", i, rt_end_name(last.end));
        assert_no_violation(v);
    }
}

Test(oracle_chan, buggy_programs_report_their_finding_under_every_seed)
{
    assert_finding_under_seeds(prog_send_after_close, OF_SEND_ON_CLOSED, 100);
    assert_finding_under_seeds(prog_close_closed, OF_CLOSE_OF_CLOSED, 100);
    assert_finding_under_seeds(prog_close_nil, OF_CLOSE_OF_NIL, 100);
    assert_finding_under_seeds(prog_negative_wg, OF_NEGATIVE_WAITGROUP, 100);
    assert_finding_under_seeds(prog_deadlock, OF_DEADLOCK, 100);
    assert_finding_under_seeds(prog_panic, OF_PANIC, 100);
}

/* ================================================================ channel violations */

/* Each scenario feeds one execution; bad breaks one rule, !bad is the same
 * execution done right. The sequences leave out what these four checkers
 * do not read (frames, defers), so the correct one is judged by them only:
 * channel, sync, scheduler and program-end must all be silent on it. */
typedef const oracle_verdict *(*scenario)(bool bad);

static bool judged_here(oracle_id who)
{
    return who == ORC_CHANNEL || who == ORC_SYNC || who == ORC_SCHEDULER || who == ORC_PROGRAM_END;
}

static void assert_scenario(scenario s, oracle_id who, const char *rule)
{
    const oracle_verdict *good = s(false);
    for (size_t i = 0; i < good->nviolations; i++)
        cr_assert(!judged_here(good->violations[i].oracle),
                  "the correct sequence is not clean:\n%s", verdict_text(good));
    const oracle_verdict *v = s(true);
    assert_violation(v, who, rule);
}

static void chan_make(uint64_t id, uint64_t cap)
{
    EVV(CHAN_MAKE, 1, id, cap, 0, rt_int(0));
}

/* g sends v (serial s) on a ready channel. */
static void send_now(uint32_t g, uint64_t id, uint64_t s, int64_t v)
{
    EV(CHAN_OP, g, id, RT_OP_SEND, 0);
    EVV(SEND, g, id, s, 0, rt_int(v));
}

/* Ends with the panic of g printed (P1). */
static const oracle_verdict *end_panic(uint32_t g, const char *line)
{
    print_err(g, line);
    EV(END, g, RT_END_PANIC, 2, 0);
    return oracle_finish(O);
}

/* Ends with the deadlock fatal error, reported from g (K1). */
static const oracle_verdict *end_deadlock(uint32_t g)
{
    print_err(g, "fatal error: all goroutines are asleep - deadlock!\n");
    EV(END, g, RT_END_FATAL, 2, RT_FATAL_DEADLOCK);
    return oracle_finish(O);
}

/* C3: c := make(chan int, 2); c <- 10; c <- 20; <-c gets 20 first. */
static const oracle_verdict *scn_fifo(bool bad)
{
    begin();
    chan_make(1, 2);
    send_now(1, 1, 1, 10);
    send_now(1, 1, 2, 20);
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    if (bad)
        EVV(RECV, 1, 1, 2, 1, rt_int(20));
    else
        EVV(RECV, 1, 1, 1, 1, rt_int(10));
    return end_return();
}

Test(oracle_chan, buffered_values_come_out_fifo_c3)
{
    assert_scenario(scn_fifo, ORC_CHANNEL, "C3:");
}

/* C2: a blocked receiver gets another value than the one sent to it. */
static const oracle_verdict *scn_handoff_value(bool bad)
{
    begin();
    chan_make(1, 0);
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 1, RT_OP_RECV, 0);
    EV(BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    EV(RUN, 1, 0, 0, 0);
    send_now(1, 1, 1, 5);
    EVV(RECV, 2, 1, 1, 1, rt_int(bad ? 6 : 5));
    EV(READY, 1, 2, 0, 0);
    return end_return();
}

Test(oracle_chan, a_handoff_delivers_the_senders_value_c2)
{
    assert_scenario(scn_handoff_value, ORC_CHANNEL, "C2:");
}

/* C2/C3: the second send on a full channel of capacity 1 completes. */
static const oracle_verdict *scn_overfull(bool bad)
{
    begin();
    chan_make(1, 1);
    send_now(1, 1, 1, 1);
    EV(CHAN_OP, 1, 1, RT_OP_SEND, 0);
    if (bad) {
        EVV(SEND, 1, 1, 2, 0, rt_int(2));
        return end_return();
    }
    EV(BLOCK, 1, RT_WAIT_CHAN_SEND, 1, 0);
    return end_deadlock(1);
}

Test(oracle_chan, a_send_on_a_full_channel_blocks_c3)
{
    assert_scenario(scn_overfull, ORC_CHANNEL, "capacity 1");
    assert_scenario(scn_overfull, ORC_CHANNEL, "which must block");
}

/* C7: c := make(chan int, 1); c <- 1; close(c); <-c gets (0, false) before 1. */
static const oracle_verdict *scn_drain_first(bool bad)
{
    begin();
    chan_make(1, 1);
    send_now(1, 1, 1, 1);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    if (bad) {
        EVV(RECV, 1, 1, 0, 0, rt_int(0));
    } else {
        EVV(RECV, 1, 1, 1, 1, rt_int(1));
        EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
        EVV(RECV, 1, 1, 0, 0, rt_int(0));
    }
    return end_return();
}

Test(oracle_chan, a_closed_channel_is_drained_before_zero_false_c7)
{
    assert_scenario(scn_drain_first, ORC_CHANNEL, "C7:");
}

/* C7 (mutant: stale value): a closed, drained channel returns its last
 * value with ok=false instead of the zero value. */
static const oracle_verdict *scn_stale(bool bad)
{
    begin();
    chan_make(1, 1);
    send_now(1, 1, 1, 22);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    EVV(RECV, 1, 1, 1, 1, rt_int(22));
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    EVV(RECV, 1, 1, 0, 0, rt_int(bad ? 22 : 0));
    return end_return();
}

Test(oracle_chan, a_drained_closed_channel_gives_the_zero_value_c7)
{
    assert_scenario(scn_stale, ORC_CHANNEL, "want the zero value 0");
}

/* C7: (zero, false) from a channel that is not closed. */
static const oracle_verdict *scn_false_open(bool bad)
{
    begin();
    chan_make(1, 1);
    send_now(1, 1, 1, 4);
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    EVV(RECV, 1, 1, bad ? 0 : 1, bad ? 0 : 1, rt_int(bad ? 0 : 4));
    return end_return();
}

Test(oracle_chan, ok_false_only_after_close_c7)
{
    assert_scenario(scn_false_open, ORC_CHANNEL, "which is not closed");
}

/* C7 (mutant: close does not wake blocked receivers): g2 blocks in <-c;
 * main closes c; g2 gets nothing. */
static const oracle_verdict *scn_close_wakes_receiver(bool bad)
{
    begin();
    chan_make(1, 0);
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 1, RT_OP_RECV, 0);
    EV(BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    if (!bad) {
        EVV(RECV, 2, 1, 0, 0, rt_int(0));
        EV(READY, 1, 2, 0, 0);
    }
    return end_return();
}

Test(oracle_chan, close_wakes_every_blocked_receiver_c7)
{
    assert_scenario(scn_close_wakes_receiver, ORC_CHANNEL, "C7: close of c1");
}

/* C6 (mutant: a send on a closed channel is dropped): after the CHAN_OP
 * comes no PANIC. */
static const oracle_verdict *scn_send_closed_no_panic(bool bad)
{
    begin();
    chan_make(1, 1);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_SEND, 0);
    if (bad)
        return end_return();
    EVV(PANIC, 1, 1, 0, 0, rterr("send on closed channel"));
    return end_panic(1, "panic: send on closed channel\n");
}

Test(oracle_chan, send_on_closed_channel_panics_c6)
{
    assert_scenario(scn_send_closed_no_panic, ORC_CHANNEL, "C6: g1 must panic");
    const oracle_verdict *v = scn_send_closed_no_panic(true);
    cr_assert_not_null(finding(v, OF_SEND_ON_CLOSED), "%s", verdict_text(v));
}

/* C6: the send on a closed channel even happens (SEND after the CHAN_OP). */
static const oracle_verdict *scn_send_closed_sends(bool bad)
{
    begin();
    chan_make(1, 1);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_SEND, 0);
    if (bad) {
        EVV(SEND, 1, 1, 1, 0, rt_int(3));
        return end_return();
    }
    EVV(PANIC, 1, 1, 0, 0, rterr("send on closed channel"));
    return end_panic(1, "panic: send on closed channel\n");
}

Test(oracle_chan, nothing_is_sent_on_a_closed_channel_c6)
{
    assert_scenario(scn_send_closed_sends, ORC_CHANNEL, "the operation must not happen");
    assert_scenario(scn_send_closed_sends, ORC_CHANNEL, "C6: SEND of 3 on closed channel c1");
}

/* C5: close of a closed channel panics with Go's message. */
static const oracle_verdict *scn_close_closed(bool bad)
{
    begin();
    chan_make(1, 0);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    const char *msg = bad ? "close of nil channel" : "close of closed channel";
    EVV(PANIC, 1, 1, 0, 0, rterr(msg));
    return end_panic(1, bad ? "panic: close of nil channel\n" : "panic: close of closed channel\n");
}

Test(oracle_chan, close_of_closed_panics_with_gos_message_c5)
{
    assert_scenario(scn_close_closed, ORC_CHANNEL, "C5: g1 panicked with close of nil channel");
}

/* C5: close(nil) goes on without panicking. */
static const oracle_verdict *scn_close_nil(bool bad)
{
    begin();
    EV(CHAN_OP, 1, 0, RT_OP_CLOSE, 0);
    if (bad)
        return end_return();
    EVV(PANIC, 1, 1, 0, 0, rterr("close of nil channel"));
    return end_panic(1, "panic: close of nil channel\n");
}

Test(oracle_chan, close_of_nil_panics_c5)
{
    assert_scenario(scn_close_nil, ORC_CHANNEL, "C5: g1 must panic \"close of nil channel\"");
}

/* C6: g2 blocked in c <- 1 when main closes c; it runs again and does not
 * panic. */
static const oracle_verdict *scn_blocked_sender(bool bad)
{
    begin();
    chan_make(1, 0);
    chan_make(2, 0);
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 1, RT_OP_SEND, 0);
    EV(BLOCK, 2, RT_WAIT_CHAN_SEND, 1, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(READY, 1, 2, 0, 0);
    EV(CHAN_OP, 1, 2, RT_OP_RECV, 0);
    EV(BLOCK, 1, RT_WAIT_CHAN_RECV, 2, 0);
    EV(RUN, 2, 0, 0, 0);
    if (!bad) {
        EVV(PANIC, 2, 1, 0, 0, rterr("send on closed channel"));
        return end_panic(2, "panic: send on closed channel\n");
    }
    EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
    return end_deadlock(2);
}

Test(oracle_chan, a_sender_blocked_at_close_panics_when_it_runs_c6)
{
    assert_scenario(scn_blocked_sender, ORC_CHANNEL, "C6: g2 must panic");
}

/* C8: two receivers wait; the send serves the one that came second. */
static const oracle_verdict *scn_fifo_waiters(bool bad)
{
    begin();
    chan_make(1, 0);
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 1, RT_OP_RECV, 0);
    EV(BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(GO_CREATE, 1, 3, 0, 0);
    DECIDE(1, RT_DEC_SCHED, 1, 1, 3);
    EV(RUN, 3, 0, 0, 0);
    EV(CHAN_OP, 3, 1, RT_OP_RECV, 0);
    EV(BLOCK, 3, RT_WAIT_CHAN_RECV, 1, 0);
    EV(RUN, 1, 0, 0, 0);
    send_now(1, 1, 1, 7);
    uint32_t who = bad ? 3 : 2;
    EVV(RECV, who, 1, 1, 1, rt_int(7));
    EV(READY, 1, who, 0, 0);
    return end_return();
}

Test(oracle_chan, blocked_receivers_are_served_fifo_c8)
{
    assert_scenario(scn_fifo_waiters, ORC_CHANNEL, "C8:");
}

/* C4: a goroutine blocked on a nil channel is woken. */
static const oracle_verdict *scn_nil_woken(bool bad)
{
    begin();
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 0, RT_OP_RECV, 0);
    EV(BLOCK, 2, RT_WAIT_NIL_RECV, 0, 0);
    EV(RUN, 1, 0, 0, 0);
    if (bad)
        EV(READY, 1, 2, 0, 0);
    return end_return();
}

Test(oracle_chan, a_nil_channel_blocks_forever_c4)
{
    assert_scenario(scn_nil_woken, ORC_CHANNEL, "C4/S3:");
}

/* ------------------------------------------------------------ select */

/* S2 (mutant: default while a case is ready): c has a value buffered. */
static const oracle_verdict *scn_select_default(bool bad)
{
    begin();
    chan_make(1, 1);
    send_now(1, 1, 1, 9);
    SELB(1, 1, 1, RT_RECV);
    if (bad) {
        SEL(1, -1, 1, 1);
    } else {
        SEL(1, 0, 1, 1);
        EVV(RECV, 1, 1, 1, 1, rt_int(9));
    }
    return end_return();
}

Test(oracle_chan, select_takes_default_only_when_no_case_is_ready_s2)
{
    assert_scenario(scn_select_default, ORC_CHANNEL,
                    "S2: select of g1 took default while case 0 (receive on c1) is ready");
}

/* S2: select takes a case that is not ready. */
static const oracle_verdict *scn_select_not_ready(bool bad)
{
    begin();
    chan_make(1, 0);
    SELB(1, 1, 1, RT_RECV);
    if (bad)
        SEL(1, 0, 1, 0);
    else
        SEL(1, -1, 1, 0);
    return end_return();
}

Test(oracle_chan, select_takes_only_ready_cases_s2)
{
    assert_scenario(scn_select_not_ready, ORC_CHANNEL, "S2: select of g1 took case 0");
}

/* S3: a nil case is taken. */
static const oracle_verdict *scn_select_nil(bool bad)
{
    begin();
    SELB(1, 1, 0, RT_RECV, 0, RT_SEND);
    if (bad)
        SEL(1, 1, 2, 0);
    else
        SEL(1, -1, 2, 0);
    return end_return();
}

Test(oracle_chan, select_never_takes_a_nil_case_s3)
{
    assert_scenario(scn_select_nil, ORC_CHANNEL, "S3:");
}

/* S2: the select decision offers a case that is not ready. */
static const oracle_verdict *scn_select_decision(bool bad)
{
    begin();
    chan_make(1, 1);
    chan_make(2, 1);
    chan_make(3, 1);
    send_now(1, 1, 1, 1);
    send_now(1, 3, 1, 3);
    SELB(1, 0, 1, RT_RECV, 2, RT_RECV, 3, RT_RECV);
    if (bad)
        DECIDE(1, RT_DEC_SELECT, 1, 0, 1);
    else
        DECIDE(1, RT_DEC_SELECT, 1, 0, 2);
    SEL(1, bad ? 1 : 2, 3, 5);
    if (!bad)
        EVV(RECV, 1, 3, 1, 1, rt_int(3));
    return end_return();
}

Test(oracle_chan, a_select_decision_offers_exactly_the_ready_cases_s2)
{
    assert_scenario(scn_select_decision, ORC_CHANNEL,
                    "offers cases [0 1], but the ready ones are [0 2]");
}

/* S2: a select blocks while a case is ready. */
static const oracle_verdict *scn_select_blocks(bool bad)
{
    begin();
    chan_make(1, 1);
    send_now(1, 1, 1, 1);
    SELB(1, 0, 1, RT_RECV);
    if (bad) {
        EV(BLOCK, 1, RT_WAIT_SELECT, 0, 0);
        return end_deadlock(1);
    }
    SEL(1, 0, 1, 1);
    EVV(RECV, 1, 1, 1, 1, rt_int(1));
    return end_return();
}

Test(oracle_chan, a_select_blocks_only_when_no_case_is_ready_s2)
{
    assert_scenario(scn_select_blocks, ORC_CHANNEL, "S2: select of g1 blocked while case 0");
}

/* S4: g2 blocks in select { case <-c1: case <-c2: }; main sends on c2; g2
 * resumes with the case of c1. */
static const oracle_verdict *scn_select_resume(bool bad)
{
    begin();
    chan_make(1, 0);
    chan_make(2, 0);
    chan_make(3, 0);
    spawn_and_switch(2);
    SELB(2, 0, 1, RT_RECV, 2, RT_RECV);
    EV(BLOCK, 2, RT_WAIT_SELECT, 0, 0);
    EV(RUN, 1, 0, 0, 0);
    send_now(1, 2, 1, 8);
    EVV(RECV, 2, 2, 1, 1, rt_int(8));
    EV(READY, 1, 2, 0, 0);
    EV(CHAN_OP, 1, 3, RT_OP_RECV, 0);
    EV(BLOCK, 1, RT_WAIT_CHAN_RECV, 3, 0);
    EV(RUN, 2, 0, 0, 0);
    SEL(2, bad ? 0 : 1, 2, 0);
    EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
    return end_deadlock(2);
}

Test(oracle_chan, a_woken_select_resumes_with_the_case_that_fired_s4)
{
    assert_scenario(scn_select_resume, ORC_CHANNEL, "S4:");
}

/* S4: g2 blocks in select { case c1 <- 1: }; main closes c1; g2 runs again
 * and does not panic. */
static const oracle_verdict *scn_select_send_close(bool bad)
{
    begin();
    chan_make(1, 0);
    chan_make(3, 0);
    spawn_and_switch(2);
    SELB(2, 0, 1, RT_SEND);
    EV(BLOCK, 2, RT_WAIT_SELECT, 0, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_CLOSE, 0);
    EV(CLOSE, 1, 1, 0, 0);
    EV(READY, 1, 2, 0, 0);
    EV(CHAN_OP, 1, 3, RT_OP_RECV, 0);
    EV(BLOCK, 1, RT_WAIT_CHAN_RECV, 3, 0);
    EV(RUN, 2, 0, 0, 0);
    SEL(2, 0, 1, 0);
    if (!bad) {
        EVV(PANIC, 2, 1, 0, 0, rterr("send on closed channel"));
        return end_panic(2, "panic: send on closed channel\n");
    }
    EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
    return end_deadlock(2);
}

Test(oracle_chan, a_select_send_case_woken_by_close_panics_s4)
{
    assert_scenario(scn_select_send_close, ORC_CHANNEL, "C6: g2 must panic");
}

/* ================================================================ sync violations */

static const char NEG_WG[] = "sync: negative WaitGroup counter";

/* W2 (mutant: the counter goes negative silently): wg.Done() on 0. */
static const oracle_verdict *scn_wg_negative(bool bad)
{
    begin();
    EVS(WG_ADD, 1, 8, 5, (uint64_t)(int64_t)-1, (uint64_t)(int64_t)-1);
    if (bad)
        return end_return();
    EVV(PANIC, 1, 1, 0, 0, rt_str(NEG_WG));
    return end_panic(1, "panic: sync: negative WaitGroup counter\n");
}

Test(oracle_chan, a_negative_waitgroup_counter_panics_w2)
{
    assert_scenario(scn_wg_negative, ORC_SYNC, "W2: WaitGroup w5 went negative at site 8");
    const oracle_verdict *v = scn_wg_negative(false);
    cr_assert_not_null(finding(v, OF_NEGATIVE_WAITGROUP), "%s", verdict_text(v));
    cr_assert_null(finding(v, OF_PANIC), "%s", verdict_text(v));
}

/* W2: the panic value must be the string, not an error. */
static const oracle_verdict *scn_wg_panic_value(bool bad)
{
    begin();
    EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, (uint64_t)(int64_t)-1);
    rt_value v = bad ? rt_error(NEG_WG) : rt_str(NEG_WG);
    EVV(PANIC, 1, 1, 0, 0, v);
    return end_panic(1, "panic: sync: negative WaitGroup counter\n");
}

Test(oracle_chan, the_negative_counter_panic_is_a_string_w2)
{
    assert_scenario(scn_wg_panic_value, ORC_SYNC, "W2: negative WaitGroup counter panicked with");
}

/* W1: Wait returns while the counter is 1. */
static const oracle_verdict *scn_wg_wait_early(bool bad)
{
    begin();
    EV(WG_ADD, 1, 5, 1, 1);
    if (!bad)
        EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, 0);
    EV(WG_WAIT, 1, 5, 0, 0);
    return end_return();
}

Test(oracle_chan, wait_returns_only_at_zero_w1)
{
    assert_scenario(scn_wg_wait_early, ORC_SYNC,
                    "W1: Wait on WaitGroup w5 returned while its counter is 1");
}

/* W1: WG_ADD reports a counter that is not the sum of the deltas. */
static const oracle_verdict *scn_wg_sum(bool bad)
{
    begin();
    EV(WG_ADD, 1, 5, 2, 2);
    EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, bad ? 0 : 1);
    return end_return();
}

Test(oracle_chan, the_waitgroup_counter_is_the_sum_of_deltas_w1)
{
    assert_scenario(scn_wg_sum, ORC_SYNC, "the Add deltas sum to 1");
}

/* W1: g2 waits; main wakes it without bringing the counter to 0. */
static const oracle_verdict *scn_wg_woken_early(bool bad)
{
    begin();
    EV(WG_ADD, 1, 5, 2, 2);
    spawn_and_switch(2);
    EV(BLOCK, 2, RT_WAIT_WG, 5, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, 1);
    if (!bad)
        EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, 0);
    EV(READY, 1, 2, 0, 0);
    return end_return();
}

Test(oracle_chan, wait_is_woken_only_at_zero_w1)
{
    assert_scenario(scn_wg_woken_early, ORC_SYNC, "W1: g2 woken from Wait");
}

/* W1: the counter reaches 0 and a waiter stays blocked. */
static const oracle_verdict *scn_wg_not_released(bool bad)
{
    begin();
    EV(WG_ADD, 1, 5, 1, 1);
    spawn_and_switch(2);
    EV(BLOCK, 2, RT_WAIT_WG, 5, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, 0);
    if (!bad)
        EV(READY, 1, 2, 0, 0);
    return end_return();
}

Test(oracle_chan, the_counter_reaching_zero_releases_every_waiter_w1)
{
    assert_scenario(scn_wg_not_released, ORC_SYNC,
                    "W1: WaitGroup w5 reached 0 but g2 is still blocked");
}

/* W1 with two waiters, only the first woken: the checker counts each
 * WaitGroup's blocked waiters instead of walking every goroutine at every
 * release, and the count must still see the second one. */
static const oracle_verdict *scn_wg_second_waiter_not_released(bool bad)
{
    begin();
    EV(WG_ADD, 1, 5, 1, 1);
    spawn_and_switch(2);
    EV(BLOCK, 2, RT_WAIT_WG, 5, 0);
    EV(RUN, 1, 0, 0, 0);
    spawn_and_switch(3);
    EV(BLOCK, 3, RT_WAIT_WG, 5, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(WG_ADD, 1, 5, (uint64_t)(int64_t)-1, 0);
    EV(READY, 1, 2, 0, 0);
    if (!bad)
        EV(READY, 1, 3, 0, 0);
    return end_return();
}

Test(oracle_chan, the_counter_reaching_zero_releases_the_second_waiter_too_w1)
{
    assert_scenario(scn_wg_second_waiter_not_released, ORC_SYNC,
                    "W1: WaitGroup w5 reached 0 but g3 is still blocked");
}

/* A damaged trace: g2 sends again after its GO_END. The race checker gave
 * its slot up at the end and g2 gets a new one; the send's record must
 * follow it, or the close, ordered with neither send, looks ordered. */
Test(oracle_chan, a_send_after_the_senders_end_still_races_with_a_close)
{
    begin();
    chan_make(1, 1);
    EV(GO_CREATE, 1, 2, 0, 0);
    EV(GO_CREATE, 1, 3, 0, 0);
    EVS(CHAN_OP, 2, 5, 1, RT_OP_SEND, 0);
    EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
    EVS(CHAN_OP, 2, 5, 1, RT_OP_SEND, 0);
    EVS(CHAN_OP, 3, 7, 1, RT_OP_CLOSE, 0);
    const oracle_verdict *v = end_return();
    size_t races = 0;
    for (size_t i = 0; i < v->nfindings; i++)
        races += v->findings[i].id == OF_CLOSE_SEND_RACE;
    cr_assert_eq(races, 1, "%s", verdict_text(v));
}

/* M1: mu.Lock() twice with no Unlock in between succeeds. */
static const oracle_verdict *scn_lock_twice(bool bad)
{
    begin();
    EVS(LOCK, 1, 3, 7, RT_LOCK_MUTEX, 0);
    if (!bad)
        EV(UNLOCK, 1, 7, RT_LOCK_MUTEX, 0);
    EV(LOCK, 1, 7, RT_LOCK_MUTEX, 0);
    EV(UNLOCK, 1, 7, RT_LOCK_MUTEX, 0);
    return end_return();
}

Test(oracle_chan, a_held_mutex_is_not_locked_again_m1)
{
    assert_scenario(scn_lock_twice, ORC_SYNC,
                    "M1: Lock of mutex m7 succeeded while it is held (locked by g1 at site 3");
}

/* M2: an Unlock of an unlocked mutex returns. */
static const oracle_verdict *scn_unlock_unlocked(bool bad)
{
    begin();
    EV(LOCK, 1, 7, RT_LOCK_MUTEX, 0);
    EV(UNLOCK, 1, 7, RT_LOCK_MUTEX, 0);
    if (bad) {
        EV(UNLOCK, 1, 7, RT_LOCK_MUTEX, 0);
        return end_return();
    }
    print_err(1, "fatal error: sync: unlock of unlocked mutex\n");
    EV(END, 1, RT_END_FATAL, 2, RT_FATAL_UNLOCK);
    return oracle_finish(O);
}

Test(oracle_chan, unlock_of_unlocked_is_fatal_m2)
{
    assert_scenario(scn_unlock_unlocked, ORC_SYNC, "M2: Unlock of unlocked mutex m7 returned");
}

/* M1: RWMutex: a reader gets in while a writer holds it, or the reverse. */
static const oracle_verdict *scn_rw_exclusion(bool bad)
{
    begin();
    EV(LOCK, 1, 7, RT_LOCK_WRITE, 0);
    if (!bad)
        EV(UNLOCK, 1, 7, RT_LOCK_WRITE, 0);
    EV(LOCK, 1, 7, RT_LOCK_READ, 0);
    if (!bad)
        EV(UNLOCK, 1, 7, RT_LOCK_READ, 0);
    EV(LOCK, 1, 7, RT_LOCK_WRITE, 0);
    return end_return();
}

static const oracle_verdict *scn_rw_reader_writer(bool bad)
{
    begin();
    EV(LOCK, 1, 7, RT_LOCK_READ, 0);
    if (!bad)
        EV(UNLOCK, 1, 7, RT_LOCK_READ, 0);
    EV(LOCK, 1, 7, RT_LOCK_WRITE, 0);
    return end_return();
}

Test(oracle_chan, an_rwmutex_writer_excludes_readers_and_readers_exclude_writers_m1)
{
    assert_scenario(scn_rw_exclusion, ORC_SYNC,
                    "M1: RLock of RWMutex m7 succeeded while g1 holds it");
    assert_scenario(scn_rw_reader_writer, ORC_SYNC,
                    "M1: Lock of RWMutex m7 succeeded while 1 readers hold it");
}

/* Once: f runs twice. */
static const oracle_verdict *scn_once_twice(bool bad)
{
    begin();
    EV(ONCE, 1, 4, 1, 0);
    EV(ONCE, 1, 4, bad ? 1 : 0, 0);
    return end_return();
}

Test(oracle_chan, once_runs_its_function_once)
{
    assert_scenario(scn_once_twice, ORC_SYNC, "Once o4 ran its function a second time");
}

/* ================================================================ scheduler violations */

/* SCH2 (mutant: a blocked goroutine runs): g2 blocks in <-c and runs again
 * with no READY. */
static const oracle_verdict *scn_run_blocked(bool bad)
{
    begin();
    chan_make(1, 0);
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 1, RT_OP_RECV, 0);
    EV(BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    EV(RUN, 1, 0, 0, 0);
    if (bad) {
        EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
        EV(BLOCK, 1, RT_WAIT_CHAN_RECV, 1, 0);
        EV(RUN, 2, 0, 0, 0);
        EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
        return end_deadlock(2);
    }
    return end_return();
}

Test(oracle_chan, only_runnable_goroutines_run_sch2)
{
    assert_scenario(scn_run_blocked, ORC_SCHEDULER,
                    "SCH2: g2 runs but the model says it is blocked (chan receive)");
    /* The channel model sees it too: nobody completed g2's receive. */
    assert_scenario(scn_run_blocked, ORC_CHANNEL, "g2 runs again while blocked in receive on c1");
}

/* SCH3 (mutant: a goroutine keeps running after BLOCK without READY). */
static const oracle_verdict *scn_acts_while_blocked(bool bad)
{
    begin();
    chan_make(1, 0);
    spawn_and_switch(2);
    EV(CHAN_OP, 2, 1, RT_OP_RECV, 0);
    EV(BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    if (bad)
        EV(FRAME_EXIT, 2, 1, RT_FRAME_RETURN, 0);
    EV(RUN, 1, 0, 0, 0);
    return end_return();
}

Test(oracle_chan, a_blocked_goroutine_makes_no_event_of_its_own_sch3)
{
    assert_scenario(scn_acts_while_blocked, ORC_SCHEDULER,
                    "SCH3: g2 emits leave while the model says it is blocked (chan receive)");
}

/* SCH1: a decision offers a goroutine that does not exist, or misses one. */
static const oracle_verdict *scn_decision_set(bool bad)
{
    begin();
    EV(GO_CREATE, 1, 2, 0, 0);
    if (bad)
        DECIDE(1, RT_DEC_SCHED, 0, 1, 2, 3);
    else
        DECIDE(1, RT_DEC_SCHED, 0, 1, 2);
    return end_return();
}

Test(oracle_chan, a_decision_offers_exactly_the_runnable_goroutines_sch1)
{
    assert_scenario(scn_decision_set, ORC_SCHEDULER,
                    "SCH1: scheduling decision offers goroutines [1 2 3], but the runnable ones "
                    "plus the running one are [1 2]");
}

/* SCH1: the index taken is out of range. */
static const oracle_verdict *scn_decision_index(bool bad)
{
    begin();
    EV(GO_CREATE, 1, 2, 0, 0);
    DECIDE(1, RT_DEC_SCHED, bad ? 2 : 0, 1, 2);
    return end_return();
}

Test(oracle_chan, the_index_taken_is_below_nopts_sch1)
{
    assert_scenario(scn_decision_index, ORC_SCHEDULER,
                    "SCH1: scheduling decision takes index 2 of 2");
}

/* SCH2: the goroutine that runs is not the one the decision took. */
static const oracle_verdict *scn_decision_run(bool bad)
{
    uint32_t ran = bad ? 3 : 2, other = bad ? 2 : 3;
    begin();
    EV(GO_CREATE, 1, 2, 0, 0);
    DECIDE(1, RT_DEC_SCHED, 0, 1, 2);
    EV(GO_CREATE, 1, 3, 0, 0);
    DECIDE(1, RT_DEC_SCHED, 1, 1, 2, 3);
    EV(RUN, ran, 0, 0, 0);
    EV(GO_END, ran, RT_GOEND_RETURN, 0, 0);
    DECIDE(ran, RT_DEC_SCHED, 0, 1, other);
    EV(RUN, 1, 0, 0, 0);
    return end_return();
}

Test(oracle_chan, the_goroutine_taken_is_the_one_that_runs_sch2)
{
    assert_scenario(scn_decision_run, ORC_SCHEDULER,
                    "SCH2: the decision took g2, but the next event is run g3, not run g2");
}

/* SCH4: READY of a goroutine that is runnable already. */
static const oracle_verdict *scn_ready_runnable(bool bad)
{
    begin();
    EV(GO_CREATE, 1, 2, 0, 0);
    DECIDE(1, RT_DEC_SCHED, 0, 1, 2);
    if (bad)
        EV(READY, 1, 2, 0, 0);
    return end_return();
}

Test(oracle_chan, ready_is_only_for_blocked_goroutines_sch4)
{
    assert_scenario(scn_ready_runnable, ORC_SCHEDULER,
                    "SCH4: READY g2 but the model says it is runnable");
}

/* SCH2: a switch away from a running goroutine without a decision. */
static const oracle_verdict *scn_switch_undecided(bool bad)
{
    begin();
    EV(GO_CREATE, 1, 2, 0, 0);
    if (!bad)
        DECIDE(1, RT_DEC_SCHED, 1, 1, 2);
    EV(RUN, 2, 0, 0, 0);
    EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
    EV(RUN, 1, 0, 0, 0);
    return end_return();
}

Test(oracle_chan, a_switch_needs_a_decision_sch2)
{
    assert_scenario(scn_switch_undecided, ORC_SCHEDULER,
                    "SCH2: switch from running g1 to g2 without a decision");
}

/* SCH1: a select decision offers a case index beyond the cases. */
static const oracle_verdict *scn_select_decision_range(bool bad)
{
    begin();
    chan_make(1, 1);
    chan_make(2, 1);
    send_now(1, 1, 1, 1);
    send_now(1, 2, 1, 2);
    SELB(1, 0, 1, RT_RECV, 2, RT_RECV);
    if (bad)
        DECIDE(1, RT_DEC_SELECT, 0, 0, 5);
    else
        DECIDE(1, RT_DEC_SELECT, 0, 0, 1);
    SEL(1, 0, 2, 3);
    EVV(RECV, 1, 1, 1, 1, rt_int(1));
    return end_return();
}

Test(oracle_chan, a_select_decision_offers_case_indexes_sch1)
{
    assert_scenario(scn_select_decision_range, ORC_SCHEDULER, "ascending case indexes below 2");
}

/* ================================================================ program-end violations */

Test(oracle_chan, main_returning_exits_zero_x1)
{
    begin();
    EV(GO_END, 1, RT_GOEND_RETURN, 0, 0);
    EV(END, 1, RT_END_RETURN, 1, 0);
    assert_violation(oracle_finish(O), ORC_PROGRAM_END, "X1: main returned but the exit code is 1");
}

Test(oracle_chan, end_return_needs_mains_return_x1)
{
    begin();
    EV(END, 1, RT_END_RETURN, 0, 0);
    assert_violation(oracle_finish(O), ORC_PROGRAM_END,
                     "X1: END return not right after main's GO_END");
}

Test(oracle_chan, nothing_runs_between_mains_return_and_the_end_x1)
{
    begin();
    EV(GO_END, 1, RT_GOEND_RETURN, 0, 0);
    EV(RUN, 2, 0, 0, 0);
    EV(END, 2, RT_END_RETURN, 0, 0);
    assert_violation(oracle_finish(O), ORC_PROGRAM_END, "X1: run g2 after main returned");
}

Test(oracle_chan, end_return_after_main_goexit_is_wrong_g6)
{
    begin();
    EV(GOEXIT, 1, 1, 0, 0);
    EV(GO_END, 1, RT_GOEND_GOEXIT, 0, 0);
    EV(END, 1, RT_END_RETURN, 0, 0);
    assert_violation(oracle_finish(O), ORC_PROGRAM_END, "G6: END return after main called Goexit");
}

/* P1: a panic ends the program with code 2 and its line on stderr. */
static const oracle_verdict *scn_panic_end(bool bad)
{
    begin();
    EVV(PANIC, 1, 1, 0, 0, rt_str("boom"));
    print_err(1, "panic: ");
    print_err(1, "boom");
    print_err(1, "\n");
    EV(END, 1, RT_END_PANIC, bad ? 0 : 2, 0);
    return oracle_finish(O);
}

Test(oracle_chan, a_panic_exits_with_code_2_p1)
{
    assert_scenario(scn_panic_end, ORC_PROGRAM_END,
                    "P1: an unrecovered panic ended the program with exit code 0");
}

static const oracle_verdict *scn_panic_text(bool bad)
{
    begin();
    EVV(PANIC, 1, 1, 0, 0, rt_str("A"));
    EVV(PANIC, 1, 2, 0, 0, rt_str("B"));
    print_err(1, "panic: A\n");
    print_err(1, bad ? "\tpanic: C\n" : "\tpanic: B\n");
    EV(END, 1, RT_END_PANIC, 2, 0);
    return oracle_finish(O);
}

Test(oracle_chan, stderr_ends_with_the_newest_panic_p5)
{
    assert_scenario(scn_panic_text, ORC_PROGRAM_END,
                    "P1/P5: stderr does not end with the newest panic's line \"panic: B\"");
}

/* P5 (RecursivePanic3): panic B, raised and recovered inside a deferred
 * call run by panic A, lets A resume: A ends the program. The bad
 * sequence prints B instead. */
static const oracle_verdict *scn_panic_resumes(void)
{
    begin();
    EVV(PANIC, 1, 1, 0, 0, rt_str("A"));
    EVV(PANIC, 1, 2, 0, 0, rt_str("B"));
    EVV(RECOVER, 1, 2, 1, 3, rt_str("B"));
    print_err(1, "panic: B\n");
    EV(END, 1, RT_END_PANIC, 2, 0);
    return oracle_finish(O);
}

/* defer func() { defer func() { recover() }(); panic("B") }()
 * panic("A")   // site 5 */
static void rp3_deferred(void *arg)
{
    (void)arg;
    rt_defer(rp_recover, NULL, 0);
    rt_panic(rt_str("B"));
}

static void prog_recursive_panic3(void *arg)
{
    (void)arg;
    rt_defer(rp3_deferred, NULL, 0);
    rt_set_site(5);
    rt_panic(rt_str("A"));
}

Test(oracle_chan, an_older_panic_resumes_after_a_newer_one_is_recovered_p5)
{
    const oracle_verdict *v = run(prog_recursive_panic3, 1);
    assert_no_violation(v);
    cr_assert_str_eq(last.err, "panic: A\n");
    cr_assert_str_eq(finding(v, OF_PANIC)->message, "panic: A at site 5");
    assert_violation(scn_panic_resumes(), ORC_PROGRAM_END, "line \"panic: A\"");
}

/* R6: B aborts A, then B is recovered: A is gone too; a later C ends the
 * program. The bad sequence prints A's chain. */
static const oracle_verdict *scn_aborted_panic(void)
{
    begin();
    EVV(PANIC, 1, 1, 0, 0, rt_str("A"));
    EVV(PANIC, 1, 2, 0, 0, rt_str("B"));
    EV(PANIC_ABORT, 1, 1, 0, 0);
    EVV(RECOVER, 1, 2, 1, 3, rt_str("B"));
    EVV(PANIC, 1, 3, 0, 0, rt_str("C"));
    print_err(1, "panic: A\n\tpanic: C\n\tpanic: A\n");
    EV(END, 1, RT_END_PANIC, 2, 0);
    return oracle_finish(O);
}

static void r6_panic_b(void *arg)
{
    (void)arg;
    rt_panic(rt_str("B"));
}

/* defer func() { recover() }(); defer func() { panic("B") }(); panic("A") */
static void r6_body(void *arg)
{
    (void)arg;
    rt_defer(rp_recover, NULL, 0);
    rt_defer(r6_panic_b, NULL, 0);
    rt_panic(rt_str("A"));
}

/* r6_body(); panic("C")   // site 6 */
static void prog_aborted_panic(void *arg)
{
    (void)arg;
    rt_call(r6_body, NULL);
    rt_set_site(6);
    rt_panic(rt_str("C"));
}

Test(oracle_chan, an_aborted_panic_is_gone_once_the_newer_one_is_recovered_r6)
{
    const oracle_verdict *v = run(prog_aborted_panic, 1);
    assert_no_violation(v);
    cr_assert_str_eq(last.err, "panic: C\n");
    cr_assert_str_eq(finding(v, OF_PANIC)->message, "panic: C at site 6");
    assert_violation(scn_aborted_panic(), ORC_PROGRAM_END, "line \"panic: C\"");
}

/* K1: a deadlock is reported while g2 is runnable. */
static const oracle_verdict *scn_deadlock_runnable(bool bad)
{
    begin();
    chan_make(1, 0);
    EV(GO_CREATE, 1, 2, 0, 0);
    DECIDE(1, RT_DEC_SCHED, 0, 1, 2);
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    EV(BLOCK, 1, RT_WAIT_CHAN_RECV, 1, 0);
    if (!bad) {
        EV(RUN, 2, 0, 0, 0);
        EV(CHAN_OP, 2, 1, RT_OP_RECV, 0);
        EV(BLOCK, 2, RT_WAIT_CHAN_RECV, 1, 0);
    }
    return end_deadlock(bad ? 1 : 2);
}

Test(oracle_chan, a_deadlock_needs_every_goroutine_blocked_k1)
{
    assert_scenario(scn_deadlock_runnable, ORC_PROGRAM_END,
                    "K1: deadlock reported while g2 is runnable");
    /* The correct one is the deadlock finding, with both goroutines. */
    const oracle_verdict *v = scn_deadlock_runnable(false);
    const oracle_finding *f = finding(v, OF_DEADLOCK);
    cr_assert_not_null(f, "%s", verdict_text(v));
    cr_assert(strstr(f->message, "g1 [chan receive]") && strstr(f->message, "g2 [chan receive]"),
              "%s", f->message);
}

/* K2: a deadlock is reported while g2 sleeps on a timer. */
static const oracle_verdict *scn_deadlock_sleeping(bool bad)
{
    begin();
    chan_make(1, 0);
    spawn_and_switch(2);
    EV(SLEEP, 2, 10, 10, 0);
    EV(BLOCK, 2, RT_WAIT_SLEEP, 0, 0);
    EV(RUN, 1, 0, 0, 0);
    EV(CHAN_OP, 1, 1, RT_OP_RECV, 0);
    EV(BLOCK, 1, RT_WAIT_CHAN_RECV, 1, 0);
    if (bad)
        return end_deadlock(1);
    EV(CLOCK, 1, 10, 0, 0);
    EV(READY, 1, 2, 0, 0);
    EV(RUN, 2, 0, 0, 0);
    EV(CHAN_OP, 2, 1, RT_OP_SEND, 0);
    EVV(SEND, 2, 1, 1, 0, rt_int(1));
    EVV(RECV, 1, 1, 1, 1, rt_int(1));
    EV(READY, 2, 1, 0, 0);
    EV(GO_END, 2, RT_GOEND_RETURN, 0, 0);
    EV(RUN, 1, 0, 0, 0);
    return end_return();
}

Test(oracle_chan, a_sleeping_goroutine_is_not_deadlocked_k2)
{
    assert_scenario(scn_deadlock_sleeping, ORC_PROGRAM_END,
                    "K2: deadlock reported while g2 sleeps on a timer");
}

/* G6: the Goexit deadlock when main did not call Goexit. */
static const oracle_verdict *scn_goexit_deadlock(bool bad)
{
    begin();
    if (!bad) {
        EV(GOEXIT, 1, 1, 0, 0);
        EV(GO_END, 1, RT_GOEND_GOEXIT, 0, 0);
    }
    print_err(1, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n");
    EV(END, 1, RT_END_FATAL, 2, RT_FATAL_GOEXIT_DEADLOCK);
    return oracle_finish(O);
}

Test(oracle_chan, the_goexit_deadlock_needs_main_goexit_g6)
{
    assert_scenario(scn_goexit_deadlock, ORC_PROGRAM_END,
                    "G6: Goexit deadlock but main did not call Goexit");
}

/* X4: the fatal error text does not match its kind. */
static const oracle_verdict *scn_fatal_text(bool bad)
{
    begin();
    print_err(1, bad ? "fatal error: oops\n" : "fatal error: go of nil func value\n");
    EV(END, 1, RT_END_FATAL, 2, RT_FATAL_GO_NIL);
    return oracle_finish(O);
}

Test(oracle_chan, the_fatal_error_line_matches_its_kind_x4)
{
    assert_scenario(scn_fatal_text, ORC_PROGRAM_END, "want fatal error: go of nil func value");
}

/* X4: exit code 2 for fatal errors; -1 for the budget. */
Test(oracle_chan, fatal_and_budget_exit_codes)
{
    begin();
    print_err(1, "fatal error: stack overflow\n");
    EV(END, 1, RT_END_FATAL, 1, RT_FATAL_OTHER);
    assert_violation(oracle_finish(O), ORC_PROGRAM_END,
                     "X4: a fatal error ended the program with exit code 1");
    begin();
    EV(END, 1, RT_END_BUDGET, 0, 0);
    const oracle_verdict *v = oracle_finish(O);
    assert_violation(v, ORC_PROGRAM_END, "END budget with exit code 0, not -1");
    cr_assert_not_null(finding(v, OF_BUDGET_EXHAUSTED));
}

/* X2: os.Exit while panicking prints nothing, not the panic. */
static const oracle_verdict *scn_exit_prints_panic(bool bad)
{
    begin();
    EVV(PANIC, 1, 1, 0, 0, rt_str("lost"));
    if (bad)
        print_err(1, "panic: lost\n");
    EV(END, 1, RT_END_EXIT, 3, 0);
    return oracle_finish(O);
}

Test(oracle_chan, os_exit_prints_nothing_x2)
{
    assert_scenario(scn_exit_prints_panic, ORC_PROGRAM_END,
                    "X2: os.Exit(3) printed the pending panic of g1");
}

Test(oracle_chan, no_event_follows_end)
{
    begin();
    EV(GO_END, 1, RT_GOEND_RETURN, 0, 0);
    EV(END, 1, RT_END_RETURN, 0, 0);
    EV(PRINT, 1, 1, 0, 0);
    assert_violation(oracle_finish(O), ORC_PROGRAM_END, "print after END");
}

/* The checkers reuse their buffers: many executions, same verdicts. */
Test(oracle_chan, verdicts_do_not_leak_between_executions)
{
    for (int i = 0; i < 50; i++) {
        assert_violation(scn_fifo(true), ORC_CHANNEL, "C3:");
        assert_no_violation(scn_fifo(false));
        assert_no_violation(run(prog_select_mix, (uint64_t)i + 1));
    }
}
