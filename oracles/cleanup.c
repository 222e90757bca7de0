/* cleanup.c - the cleanup checker: findings leak and skipped-cleanup.
 *
 * It models, from the events alone, which goroutines are alive, which of
 * them are blocked (wait reason, object and site from BLOCK; READY or RUN
 * clears it) and which deferred calls each has registered and not yet
 * started (DEFER_REG adds one, DEFER_CALL removes it). When the program
 * ends (END) it reports:
 *
 *   leak - a goroutine still blocked when the program ended by main
 *     returning (X1) or by os.Exit (X2). One finding per goroutine, naming
 *     its wait reason, the site where it blocked and the site of its go
 *     statement; the dedup key is those two sites. A goroutine asleep in
 *     time.Sleep is not blocked forever and is not a leak. Partial
 *     deadlocks (a set of goroutines that nothing left running can wake,
 *     K2) are not seen while the program runs, since another goroutine
 *     might still wake them; they are reported here, at program end, as
 *     leaks. When a panic or fatal error ends the program the crash is the
 *     finding and no leak is reported; a run out of budget says nothing.
 *     Nor is a goroutine waiting to receive from a time.After channel
 *     (CHAN_MAKE c=1) whose timer has not fired yet, alone or in a select:
 *     the clock will wake it.
 *
 *   skipped-cleanup - a deferred call registered and never run because
 *     the program ended first: main returned (X1, the other goroutines'
 *     defers), os.Exit (X2, every goroutine's, the caller's included), an
 *     unrecovered panic (P1, the other goroutines'), a fatal error (X4,
 *     every goroutine's). One finding per defer statement site, naming the
 *     goroutine's state. Nothing is reported when the budget ran out (the
 *     program did not end) or the runtime was misused (END internal).
 *     A builtin `defer recover()` is not a cleanup: skipping it changes
 *     nothing, so it is not reported; nor is the client's own deferred
 *     catch around a String method (DEFER_REG c=2, rt_defer_catch).
 *
 * Deferred calls still pending when their frame exits or their goroutine
 * ends are dropped silently: that is the runtime breaking D5/G1, which the
 * defer-order and goexit checkers report as violations. */
#include "oi.h"

#include <stdio.h>

/* What the checker knows of one goroutine, by id. */
typedef struct cl_gor {
    bool alive;
    uint32_t wait;       /* rt_wait; RT_WAIT_NONE unless blocked */
    uint64_t wait_obj;   /* object waited on (BLOCK b) */
    uint32_t block_site; /* site where it blocked */
    uint32_t go_site;    /* site of its go statement; 0 for main */
    bool sel_timer;      /* its last select had a receive from a pending timer */
    bool timer_wait;     /* blocked where a pending timer will wake it */
} cl_gor;

/* A deferred call registered and not yet started. */
typedef struct cl_defer {
    uint32_t g;
    uint32_t site; /* site of the defer statement */
    uint64_t frame, id;
} cl_defer;

typedef struct cl_state {
    ovec gors;   /* cl_gor by goroutine id */
    ovec defers; /* cl_defer, in registration order */
    ovec timers; /* uint8_t by channel id: 1 time.After timer pending, 2 fired */
} cl_state;

static inline cl_gor *gor(cl_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

static cl_defer *dfr(cl_state *st, size_t i)
{
    return oracle__vec_at(&st->defers, i);
}

static void drop_defer(cl_state *st, size_t i)
{
    memmove(dfr(st, i), dfr(st, i + 1), (st->defers.n - i - 1) * sizeof(cl_defer));
    st->defers.n--;
}

/* Drops the pending defers of goroutine g. */
static void drop_defers_of(cl_state *st, uint32_t g)
{
    for (size_t i = st->defers.n; i-- > 0;)
        if (dfr(st, i)->g == g)
            drop_defer(st, i);
}

/* Drops the pending defers of frame, which goroutine g is leaving. It is
 * g's innermost frame, so its defers (if any) are g's newest: scan from the
 * end and stop at g's first defer of another frame. This keeps a frame
 * exit O(1) in the usual case, however many defers are pending. */
static void drop_frame_defers(cl_state *st, uint64_t frame, uint32_t g)
{
    for (size_t i = st->defers.n; i-- > 0;) {
        if (dfr(st, i)->g != g)
            continue;
        if (dfr(st, i)->frame != frame)
            break;
        drop_defer(st, i);
    }
}

static uint8_t *timer_state(cl_state *st, uint64_t chan)
{
    if (chan >= st->timers.n)
        oracle__vec_grow_to(&st->timers, (size_t)chan + 1);
    return oracle__vec_at(&st->timers, (size_t)chan);
}

static bool pending_timer(cl_state *st, uint64_t chan)
{
    return chan < st->timers.n && *timer_state(st, chan) == 1;
}

/* SELECT_BEGIN: remember whether a pending timer could wake this select. */
static void on_select_begin(cl_state *st, const rt_event *ev)
{
    bool timer = false;
    for (uint32_t i = 0; 2 * i + 1 < ev->nbytes / 4; i++)
        if (oracle__u32_at(ev->bytes, 2 * i + 1) == RT_RECV &&
            pending_timer(st, oracle__u32_at(ev->bytes, 2 * i)))
            timer = true;
    gor(st, ev->g)->sel_timer = timer;
}

/* ================================================================ events */

static void on_defer_reg(cl_state *st, const rt_event *ev)
{
    if (ev->c != 0)
        return; /* builtin defer recover(), or the client's own catch: no cleanup to skip */
    cl_defer *d = OI_PUSH(&st->defers, cl_defer);
    d->g = ev->g;
    d->site = ev->site;
    d->frame = ev->a;
    d->id = ev->b;
}

/* DEFER_CALL: the deferred call started; it is no longer pending. */
static void on_defer_call(cl_state *st, const rt_event *ev)
{
    for (size_t i = st->defers.n; i-- > 0;) {
        if (dfr(st, i)->frame == ev->a && dfr(st, i)->id == ev->b) {
            drop_defer(st, i);
            return;
        }
    }
}

static void on_block(cl_state *st, const rt_event *ev)
{
    cl_gor *g = gor(st, ev->g);
    g->alive = true;
    g->wait = (uint32_t)ev->a;
    g->wait_obj = ev->b;
    g->block_site = ev->site;
    g->timer_wait = (g->wait == RT_WAIT_CHAN_RECV && pending_timer(st, ev->b)) ||
                    (g->wait == RT_WAIT_SELECT && g->sel_timer);
}

static void on_go_end(cl_state *st, const rt_event *ev)
{
    cl_gor *g = gor(st, ev->g);
    g->alive = false;
    g->wait = RT_WAIT_NONE;
    drop_defers_of(st, ev->g);
}

/* ================================================================ program end */

/* Would a blocked goroutine stay blocked forever? A sleeper wakes. */
static bool blocked_forever(const cl_gor *g)
{
    return g->wait != RT_WAIT_NONE && g->wait != RT_WAIT_SLEEP && !g->timer_wait;
}

/* leak: one finding per goroutine blocked forever (X1, X2, K2). */
static void report_leaks(cl_state *st, oracle_ctx *c, const rt_event *end)
{
    for (uint32_t id = 1; id < st->gors.n; id++) {
        const cl_gor *g = gor(st, id);
        if (!g->alive || !blocked_forever(g))
            continue;
        const char *why = rt_wait_name((rt_wait)g->wait);
        uint32_t sites[2] = {g->block_site, g->go_site};
        if (g->go_site)
            oracle__finding(c, OF_LEAK, end, &id, 1, sites, 2,
                            "goroutine blocked forever in %s at %s (started at %s)", why,
                            oracle__site(c, g->block_site), oracle__site(c, g->go_site));
        else
            oracle__finding(c, OF_LEAK, end, &id, 1, sites, 1,
                            "main goroutine blocked forever in %s at %s", why,
                            oracle__site(c, g->block_site));
    }
}

/* Why a pending defer of goroutine id never ran, as a phrase. */
static void skip_reason(const cl_state *st, uint32_t id, const rt_event *end, char *buf, size_t cap)
{
    const cl_gor *g = oracle__vec_at(&st->gors, id);
    if (end->a == RT_END_EXIT && id == end->g && g->wait == RT_WAIT_NONE) {
        snprintf(buf, cap, "its goroutine called os.Exit(%lld)", (long long)(int64_t)end->b);
        return;
    }
    if (end->a == RT_END_FATAL && id == end->g && g->wait == RT_WAIT_NONE) {
        snprintf(buf, cap, "its goroutine hit a fatal error");
        return;
    }
    const char *when = end->a == RT_END_RETURN  ? "when main returned"
                       : end->a == RT_END_EXIT  ? "when os.Exit ended the program"
                       : end->a == RT_END_PANIC ? "when an unrecovered panic ended the program"
                                                : "when a fatal error ended the program";
    if (g->wait != RT_WAIT_NONE)
        snprintf(buf, cap, "goroutine blocked in %s %s", rt_wait_name((rt_wait)g->wait), when);
    else
        snprintf(buf, cap, "goroutine still runnable %s", when);
}

/* skipped-cleanup: one finding per defer site that never ran, goroutine
 * by goroutine, newest defer first. skip is a goroutine whose defers all
 * ran (the one that panicked, P1), or 0. */
static void report_skipped(cl_state *st, oracle_ctx *c, const rt_event *end, uint32_t skip)
{
    char why[160];
    for (uint32_t id = 1; id < st->gors.n; id++) {
        if (id == skip || !gor(st, id)->alive)
            continue;
        for (size_t i = st->defers.n; i-- > 0;) {
            const cl_defer *d = dfr(st, i);
            if (d->g != id)
                continue;
            skip_reason(st, id, end, why, sizeof why);
            oracle__finding(c, OF_SKIPPED_CLEANUP, end, &id, 1, &d->site, 1,
                            "deferred call at %s never ran: %s", oracle__site(c, d->site), why);
        }
    }
}

static void on_end(cl_state *st, oracle_ctx *c, const rt_event *ev)
{
    switch ((rt_end)ev->a) {
    case RT_END_RETURN:
    case RT_END_EXIT:
        report_leaks(st, c, ev);
        report_skipped(st, c, ev, 0);
        break;
    case RT_END_PANIC:
        report_skipped(st, c, ev, ev->g);
        break;
    case RT_END_FATAL:
        report_skipped(st, c, ev, 0);
        break;
    default:
        break; /* budget: the program did not end; internal: not a program */
    }
}

/* One handler per kind it sees (it is never armed). */

static bool cl_run(void *p, oracle_ctx *c, const rt_event *ev)
{
    cl_gor *g = gor(p, ev->g);
    (void)c;
    g->alive = true; /* main has no GO_CREATE */
    g->wait = RT_WAIT_NONE;
    return false;
}

static bool cl_go_create(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    *gor(p, (uint32_t)ev->a) = (cl_gor){true, RT_WAIT_NONE, 0, 0, ev->site, false, false};
    return false;
}

static bool cl_block(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_block(p, ev);
    return false;
}

static bool cl_ready(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    gor(p, (uint32_t)ev->a)->wait = RT_WAIT_NONE;
    return false;
}

static bool cl_go_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_go_end(p, ev);
    return false;
}

static bool cl_defer_reg(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_defer_reg(p, ev);
    return false;
}

static bool cl_defer_call(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_defer_call(p, ev);
    return false;
}

static bool cl_frame_exit(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    drop_frame_defers(p, ev->a, ev->g);
    return false;
}

static bool cl_chan_make(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    if (ev->c == 1)
        *timer_state(p, ev->a) = 1;
    return false;
}

static bool cl_send(void *p, oracle_ctx *c, const rt_event *ev)
{
    cl_state *st = p;
    (void)c;
    if (ev->g == 0 && ev->a < st->timers.n && *timer_state(st, ev->a) == 1)
        *timer_state(st, ev->a) = 2; /* the clock sent: the timer fired */
    return false;
}

static bool cl_select_begin(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_select_begin(p, ev);
    return false;
}

static bool cl_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_end(p, c, ev);
    return false;
}

static const oracle_handler cleanup_on[RT_EV__COUNT] = {
    [RT_EV_RUN] = cl_run,
    [RT_EV_GO_CREATE] = cl_go_create,
    [RT_EV_BLOCK] = cl_block,
    [RT_EV_READY] = cl_ready,
    [RT_EV_GO_END] = cl_go_end,
    [RT_EV_DEFER_REG] = cl_defer_reg,
    [RT_EV_DEFER_CALL] = cl_defer_call,
    [RT_EV_FRAME_EXIT] = cl_frame_exit,
    [RT_EV_CHAN_MAKE] = cl_chan_make,
    [RT_EV_SEND] = cl_send,
    [RT_EV_SELECT_BEGIN] = cl_select_begin,
    [RT_EV_END] = cl_end,
};

static bool cleanup_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    if (ev->kind < RT_EV__COUNT && cleanup_on[ev->kind])
        return cleanup_on[ev->kind](p, c, ev);
    return false;
}

/* ================================================================ lifecycle */

static void cleanup_reset(void *p)
{
    cl_state *st = p;
    if (!st->gors.elem) {
        oracle__vec_init(&st->gors, sizeof(cl_gor));
        oracle__vec_init(&st->defers, sizeof(cl_defer));
        oracle__vec_init(&st->timers, sizeof(uint8_t));
    }
    oracle__vec_clear(&st->gors);
    oracle__vec_clear(&st->defers);
    oracle__vec_clear(&st->timers);
}

static void cleanup_destroy(void *p)
{
    cl_state *st = p;
    oracle__vec_free(&st->gors);
    oracle__vec_free(&st->defers);
    oracle__vec_free(&st->timers);
}

const oracle_checker oracle__cleanup = {
    .name = "cleanup",
    .state_size = sizeof(cl_state),
    .events = 0, /* the kinds of cleanup_on */
    .findings = true,
    .reset = cleanup_reset,
    .event = cleanup_event,
    .on = cleanup_on,
    .finish = NULL,
    .destroy = cleanup_destroy,
};
