/* defer_order.c - the defer-order checker (ORC_DEFER_ORDER): deferred calls
 * run LIFO per frame invocation, each at most once, every one of them
 * before its frame ends, and none while its frame still runs normally.
 *
 * It reads events only (never runtime internals). Its model, for every
 * goroutine: the stack of live frames (FRAME_ENTER pushes, FRAME_EXIT
 * pops); the defers registered and not yet called, grouped by frame in
 * frame order (DEFER_REG pushes, DEFER_CALL removes); and the deferred
 * calls in progress (DEFER_CALL pushes, DEFER_RET removes; a call that a
 * panic abandoned goes when its frame goes). Rules of go-semantics.md it
 * checks:
 *
 *   D5   a DEFER_CALL runs a pending defer of a live frame, the newest
 *        pending one of that frame (LIFO), so none runs twice; by=return
 *        only for the innermost frame; by panic or Goexit only when no
 *        newer frame has a pending defer (innermost frame first). A frame
 *        whose deferred calls began at its return runs nothing of its own
 *        any more: no DEFER_REG for it, no FRAME_ENTER of a call that is
 *        not a deferred one while it is the innermost frame. Every
 *        FRAME_EXIT (return, recovered or unwound) leaves no pending defer
 *        behind; DEFER_RET names a call in progress and comes when the
 *        frames that call opened are gone.
 *   D11  the defers of a deferred call run when that call returns: follows
 *        from the above, since the deferred call is a frame of its own.
 *   G1   a goroutine ends (GO_END, return or Goexit) with no live frame
 *        and no pending defer.
 *   P1   a program ended by an unrecovered panic (END a=2) has run every
 *        defer of the panicking goroutine.
 *   X1   once main has returned (its GO_END a=0) or the program ended, no
 *        deferred call of any goroutine runs.
 *
 * Frame and defer ids are only compared for equality; nothing here
 * depends on how the runtime numbers them. In the usual LIFO case every
 * event costs O(1). It sees the frame, defer and end events, and every
 * event while a goroutine's DEFER_CALL waits for its next event. */
#include "oi.h"

#include <stdio.h>

/* Ignore goroutine ids beyond this (they would cost memory, not insight). */
#define DO_MAX_G (1u << 20)

/* A live frame. Its pending defers are pending[first .. next frame's first). */
typedef struct do_frame {
    uint64_t id;
    size_t first;
    bool returning; /* a deferred call of this frame ran at its return */
} do_frame;

/* A deferred call in progress. */
typedef struct do_call {
    uint64_t id;    /* defer id */
    uint64_t frame; /* frame that registered it */
    size_t fidx;    /* index of that frame */
    size_t depth;   /* live frames when it was called */
} do_call;

/* What the checker knows of one goroutine, by id. */
typedef struct do_gor {
    ovec frames;      /* do_frame, outermost first */
    ovec pending;     /* uint64_t defer ids, grouped by frame in frame order */
    ovec calls;       /* do_call, oldest first */
    bool await_frame; /* the last event was a DEFER_CALL: a FRAME_ENTER now is its frame */
} do_gor;

typedef struct do_state {
    ovec gors;          /* do_gor by goroutine id; [0, used) belong to this execution */
    size_t used;        /* goroutine slots touched since the reset */
    uint32_t nawait;    /* goroutines with await_frame set */
    bool main_returned; /* main's GO_END a=0 was seen */
    bool ended;         /* END was seen */
    bool x1_reported;   /* one X1 violation per execution is enough */
} do_state;

/* ================================================================ model */

static void gor_clear(do_gor *g)
{
    oracle__vec_clear(&g->frames);
    oracle__vec_clear(&g->pending);
    oracle__vec_clear(&g->calls);
    g->await_frame = false;
}

/* Slots past used hold a previous execution's goroutines: they are
 * cleared when first touched, so a reset costs nothing per slot. */
static do_gor *gor_slow(do_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    for (; st->used <= g; st->used++) {
        do_gor *r = oracle__vec_at(&st->gors, st->used);
        if (r->frames.elem == 0) {
            oracle__vec_init(&r->frames, sizeof(do_frame));
            oracle__vec_init(&r->pending, sizeof(uint64_t));
            oracle__vec_init(&r->calls, sizeof(do_call));
        }
        gor_clear(r);
    }
    return oracle__vec_at(&st->gors, g);
}

static inline do_gor *gor(do_state *st, uint32_t g)
{
    if (g >= DO_MAX_G)
        return NULL;
    return g < st->used ? (do_gor *)oracle__vec_at(&st->gors, g) : gor_slow(st, g);
}

static void set_await(do_state *st, do_gor *g, bool on)
{
    if (g->await_frame != on)
        st->nawait += on ? 1u : (uint32_t)-1;
    g->await_frame = on;
}

static do_frame *frame_at(const do_gor *g, size_t i)
{
    return oracle__vec_at(&g->frames, i);
}

static uint64_t pending_at(const do_gor *g, size_t i)
{
    return *(uint64_t *)oracle__vec_at(&g->pending, i);
}

static do_call *call_at(const do_gor *g, size_t i)
{
    return oracle__vec_at(&g->calls, i);
}

static uint64_t top_frame(const do_gor *g)
{
    return g->frames.n ? frame_at(g, g->frames.n - 1)->id : 0;
}

/* Index of the live frame with this id, searched from the innermost; -1. */
static long find_frame(const do_gor *g, uint64_t id)
{
    for (size_t i = g->frames.n; i-- > 0;)
        if (frame_at(g, i)->id == id)
            return (long)i;
    return -1;
}

/* One past the last pending index of frame fi. */
static size_t frame_end(const do_gor *g, size_t fi)
{
    return fi + 1 < g->frames.n ? frame_at(g, fi + 1)->first : g->pending.n;
}

/* Index of the frame that owns pending index p. */
static size_t owner(const do_gor *g, size_t p)
{
    size_t fi = g->frames.n - 1;
    while (fi > 0 && frame_at(g, fi)->first > p)
        fi--;
    return fi;
}

/* Removes pending index p of frame fi (O(1) when it is the last). */
static void drop_pending(do_gor *g, size_t fi, size_t p)
{
    uint64_t *at = oracle__vec_at(&g->pending, p);
    memmove(at, at + 1, (g->pending.n - p - 1) * sizeof *at);
    g->pending.n--;
    for (size_t i = fi + 1; i < g->frames.n; i++)
        if (frame_at(g, i)->first > p)
            frame_at(g, i)->first--;
}

/* Drops frames fi and newer, their pending defers and their calls. */
static void pop_frames(do_gor *g, size_t fi)
{
    g->pending.n = frame_at(g, fi)->first;
    g->frames.n = fi;
    size_t keep = 0;
    for (size_t i = 0; i < g->calls.n; i++)
        if (call_at(g, i)->fidx < fi)
            *call_at(g, keep++) = *call_at(g, i);
    g->calls.n = keep;
}

static unsigned long long ull(uint64_t v)
{
    return (unsigned long long)v;
}

/* ================================================================ events */

static void on_frame_enter(oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    if (!g->await_frame && g->frames.n && frame_at(g, g->frames.n - 1)->returning)
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: frame f%llu of g%u called f%llu after its deferred calls began "
                          "at its return (a defer ran while the frame was still running)",
                          ull(top_frame(g)), ev->g, ull(ev->a));
    do_frame *f = OI_PUSH(&g->frames, do_frame);
    f->id = ev->a;
    f->first = g->pending.n;
}

static void on_defer_reg(oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    if (!g->frames.n || top_frame(g) != ev->a) {
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: defer d%llu registered for frame f%llu, which is not the innermost "
                          "frame of g%u",
                          ull(ev->b), ull(ev->a), ev->g);
        return;
    }
    if (frame_at(g, g->frames.n - 1)->returning)
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: frame f%llu registered defer d%llu after its deferred calls began "
                          "at its return",
                          ull(ev->a), ull(ev->b));
    *OI_PUSH(&g->pending, uint64_t) = ev->b;
}

/* Index in pending of defer id in frame fi, newest first; -1. */
static long find_pending(const do_gor *g, size_t fi, uint64_t id)
{
    for (size_t i = frame_end(g, fi); i-- > frame_at(g, fi)->first;)
        if (pending_at(g, i) == id)
            return (long)i;
    return -1;
}

/* D5: who may run the pending defer at index p of frame fi, and when. */
static void check_call_order(oracle_ctx *c, const rt_event *ev, const do_gor *g, size_t fi,
                             size_t p)
{
    size_t end = frame_end(g, fi);
    if (p + 1 != end)
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: defer d%llu of frame f%llu ran before d%llu (registered later)",
                          ull(ev->b), ull(ev->a), ull(pending_at(g, end - 1)));
    if (ev->c == RT_BY_RETURN && fi + 1 != g->frames.n)
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: defer d%llu of frame f%llu ran at its return while the newer frame "
                          "f%llu is still running",
                          ull(ev->b), ull(ev->a), ull(top_frame(g)));
    else if (ev->c != RT_BY_RETURN && end < g->pending.n)
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: defer d%llu of frame f%llu ran by %s before defer d%llu of the "
                          "newer frame f%llu (innermost frame first)",
                          ull(ev->b), ull(ev->a), ev->c == RT_BY_GOEXIT ? "Goexit" : "panic",
                          ull(pending_at(g, g->pending.n - 1)),
                          ull(frame_at(g, owner(g, g->pending.n - 1))->id));
}

static void on_defer_call(do_state *st, oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    set_await(st, g, true);
    if ((st->main_returned || st->ended) && !st->x1_reported) {
        st->x1_reported = true;
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "X1: defer d%llu of frame f%llu (g%u) ran after main returned; other "
                          "goroutines' deferred calls never run",
                          ull(ev->b), ull(ev->a), ev->g);
    }
    long fi = find_frame(g, ev->a);
    if (fi < 0) {
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: defer d%llu ran for frame f%llu, which is not a live frame of g%u",
                          ull(ev->b), ull(ev->a), ev->g);
        return;
    }
    long p = find_pending(g, (size_t)fi, ev->b);
    if (p < 0) {
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: defer d%llu of frame f%llu ran, but it is not pending (it already "
                          "ran, or was never registered)",
                          ull(ev->b), ull(ev->a));
        return;
    }
    check_call_order(c, ev, g, (size_t)fi, (size_t)p);
    drop_pending(g, (size_t)fi, (size_t)p);
    if (ev->c == RT_BY_RETURN && (size_t)fi + 1 == g->frames.n)
        frame_at(g, (size_t)fi)->returning = true;
    do_call *k = OI_PUSH(&g->calls, do_call);
    k->id = ev->b;
    k->frame = ev->a;
    k->fidx = (size_t)fi;
    k->depth = g->frames.n;
}

static void on_defer_ret(oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    for (size_t i = g->calls.n; i-- > 0;) {
        do_call *k = call_at(g, i);
        if (k->id != ev->b || k->frame != ev->a)
            continue;
        if (g->frames.n != k->depth)
            oracle__violation(c, ORC_DEFER_ORDER, ev,
                              "D5: defer d%llu of frame f%llu returned while frame f%llu, opened "
                              "after it was called, is still live",
                              ull(ev->b), ull(ev->a), ull(top_frame(g)));
        memmove(k, k + 1, (g->calls.n - i - 1) * sizeof *k);
        g->calls.n--;
        return;
    }
    oracle__violation(c, ORC_DEFER_ORDER, ev,
                      "D5: defer d%llu of frame f%llu returned, but it was not running", ull(ev->b),
                      ull(ev->a));
}

static const char *exit_how(uint64_t b)
{
    return b == RT_FRAME_RECOVERED ? "returned after a recover"
           : b == RT_FRAME_UNWOUND ? "was unwound"
                                   : "returned";
}

static void on_frame_exit(oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    long fi = find_frame(g, ev->a);
    if (fi < 0) {
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: frame f%llu exited, but it is not live in g%u", ull(ev->a), ev->g);
        return;
    }
    if ((size_t)fi + 1 != g->frames.n)
        oracle__violation(c, ORC_DEFER_ORDER, ev,
                          "D5: frame f%llu exited while the newer frame f%llu of g%u is still live",
                          ull(ev->a), ull(top_frame(g)), ev->g);
    size_t end = frame_end(g, (size_t)fi);
    if (end > frame_at(g, (size_t)fi)->first)
        oracle__violation(c, ORC_DEFER_ORDER, ev, "D5: frame f%llu %s with defer d%llu never run",
                          ull(ev->a), exit_how(ev->b), ull(pending_at(g, end - 1)));
    pop_frames(g, (size_t)fi);
}

/* The newest pending defer of the goroutine, reported with why it matters. */
static void report_pending(oracle_ctx *c, const rt_event *ev, const do_gor *g, const char *rule,
                           const char *why)
{
    if (!g->pending.n)
        return;
    size_t p = g->pending.n - 1;
    oracle__violation(c, ORC_DEFER_ORDER, ev, "%s: %s with defer d%llu of frame f%llu never run",
                      rule, why, ull(pending_at(g, p)), ull(frame_at(g, owner(g, p))->id));
}

static void on_go_end(do_state *st, oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    if (g->pending.n || g->frames.n) {
        char why[64];
        snprintf(why, sizeof why, "g%u ended (%s)", ev->g,
                 ev->a == RT_GOEND_GOEXIT ? "Goexit" : "return");
        if (g->pending.n)
            report_pending(c, ev, g, ev->a == RT_GOEND_GOEXIT ? "G1" : "D5", why);
        else
            oracle__violation(c, ORC_DEFER_ORDER, ev, "D5: %s with frame f%llu still live", why,
                              ull(top_frame(g)));
    }
    set_await(st, g, false);
    gor_clear(g);
    if (ev->g == 1 && ev->a == RT_GOEND_RETURN)
        st->main_returned = true;
}

static void on_end(do_state *st, oracle_ctx *c, const rt_event *ev, do_gor *g)
{
    if (ev->a == RT_END_PANIC && g->pending.n) {
        char why[80];
        snprintf(why, sizeof why, "the program ended by a panic of g%u", ev->g);
        report_pending(c, ev, g, "P1", why);
    }
    st->ended = true;
}

/* ================================================================ checker */

static bool do_event(void *stp, oracle_ctx *c, const rt_event *ev)
{
    do_state *st = stp;
    do_gor *g = gor(st, ev->g);
    if (!g)
        return st->nawait != 0;
    switch (ev->kind) {
    case RT_EV_FRAME_ENTER:
        on_frame_enter(c, ev, g);
        break;
    case RT_EV_FRAME_EXIT:
        on_frame_exit(c, ev, g);
        break;
    case RT_EV_DEFER_REG:
        on_defer_reg(c, ev, g);
        break;
    case RT_EV_DEFER_CALL:
        on_defer_call(st, c, ev, g);
        return true; /* keeps await_frame: the next event of g must be seen */
    case RT_EV_DEFER_RET:
        on_defer_ret(c, ev, g);
        break;
    case RT_EV_GO_END:
        on_go_end(st, c, ev, g);
        break;
    case RT_EV_END:
        on_end(st, c, ev, g);
        break;
    default:
        break;
    }
    set_await(st, g, false);
    return st->nawait != 0;
}

static void do_reset(void *stp)
{
    do_state *st = stp;
    if (st->gors.elem == 0)
        oracle__vec_init(&st->gors, sizeof(do_gor));
    st->used = 0; /* the slots are cleared when touched again */
    st->nawait = 0;
    st->main_returned = st->ended = st->x1_reported = false;
}

static void do_destroy(void *stp)
{
    do_state *st = stp;
    for (size_t i = 0; i < st->gors.n; i++) {
        do_gor *g = oracle__vec_at(&st->gors, i);
        oracle__vec_free(&g->frames);
        oracle__vec_free(&g->pending);
        oracle__vec_free(&g->calls);
    }
    oracle__vec_free(&st->gors);
}

const oracle_checker oracle__defer_order = {
    .name = "defer-order",
    .state_size = sizeof(do_state),
    .events = OI_EV(RT_EV_FRAME_ENTER) | OI_EV(RT_EV_FRAME_EXIT) | OI_EV(RT_EV_DEFER_REG) |
              OI_EV(RT_EV_DEFER_CALL) | OI_EV(RT_EV_DEFER_RET) | OI_EV(RT_EV_GO_END) |
              OI_EV(RT_EV_END),
    .findings = false,
    .reset = do_reset,
    .event = do_event,
    .on = NULL,
    .finish = NULL,
    .destroy = do_destroy,
};
