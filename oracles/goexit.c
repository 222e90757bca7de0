/* goexit.c - the Goexit checker (ORC_GOEXIT): runtime.Goexit runs every
 * pending deferred call of its goroutine and nothing else of it, never
 * lets it return, leaves the other goroutines alone, and in main does not
 * end the program (G6).
 *
 * It reads events only (never runtime internals). Its model, per
 * goroutine: how many frames are live, the defers registered and not yet
 * called (newest last), and the chain of panics and Goexits as Go 1.19's
 * gopanic keeps it (PANIC and GOEXIT push; an effective RECOVER marks the
 * newest recovered; when its deferred call returns it leaves the chain
 * and, unless the next one is an aborted Goexit that resumes, the aborted
 * ones leave too - which is how a Goexit can be abandoned). Also which
 * goroutines are alive (main from the start, others from GO_CREATE, until
 * GO_END) and how main ended. Rules of go-semantics.md it checks:
 *
 *   G1  after GOEXIT, while no frame opened after it is live (that is,
 *       outside the deferred calls it runs), the goroutine emits only the
 *       defer machinery: DEFER_CALL, DEFER_RET, PANIC_ABORT, FRAME_EXIT
 *       unwound, GO_END goexit (and, when one of its deferred calls
 *       panicked, that panic's report: PRINT, END). So no frame live at
 *       Goexit returns normally, the goroutine does not return, and no
 *       code after the Goexit call runs. Goexit runs the newest pending
 *       defer each time (innermost frame first, LIFO) and the goroutine
 *       ends (GO_END goexit) with none pending. DEFER_CALL by=goexit and
 *       GO_END goexit happen only in a goroutine in Goexit: the other
 *       goroutines are unaffected.
 *   G2  recover returns nil and stops nothing while the newest entry of
 *       the chain is a Goexit.
 *   G6  after main's GO_END goexit the program does not end as if main
 *       returned (END return); when no goroutine is left alive it ends
 *       with the fatal error "no goroutines (main called runtime.Goexit)
 *       - deadlock!", and that error happens only then. */
#include "oi.h"

#include <stdio.h>

#define GX_MAX_G (1u << 20)

/* One panic or Goexit of a goroutine's chain. */
typedef struct gx_entry {
    uint64_t id;
    bool goexit, aborted, recovered;
    uint64_t cur_defer; /* deferred call its loop runs, 0 if none */
    size_t base;        /* Goexit: frames live when it was called */
} gx_entry;

/* What the checker knows of one goroutine, by id. */
typedef struct gx_gor {
    ovec chain;    /* gx_entry, oldest first */
    ovec pending;  /* uint64_t defer ids registered and not yet called, oldest first */
    size_t depth;  /* live frames */
    bool in_call;  /* the last event was a DEFER_CALL (or its builtin recover) */
    bool alive;    /* created and not ended */
    bool reported; /* one "code after Goexit" violation per goroutine */
    bool hot;      /* a Goexit is in its chain: its every event is judged (G1) */
} gx_gor;

typedef struct gx_state {
    ovec gors;     /* gx_gor by goroutine id; [0, used) belong to this execution */
    size_t used;   /* goroutine slots touched since the reset */
    uint32_t nhot; /* goroutines with a Goexit in their chain */
    uint32_t nlive;
    bool main_goexited;
} gx_state;

static unsigned long long ull(uint64_t v)
{
    return (unsigned long long)v;
}

/* ================================================================ model */

static void gor_clear(gx_gor *g)
{
    oracle__vec_clear(&g->chain);
    oracle__vec_clear(&g->pending);
    g->depth = 0;
    g->in_call = g->alive = g->reported = false;
}

/* Slots past used hold a previous execution's goroutines: they are
 * cleared when first touched, so a reset costs nothing per slot. */
static gx_gor *gor_slow(gx_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    for (; st->used <= g; st->used++) {
        gx_gor *r = oracle__vec_at(&st->gors, st->used);
        if (r->chain.elem == 0) {
            oracle__vec_init(&r->chain, sizeof(gx_entry));
            oracle__vec_init(&r->pending, sizeof(uint64_t));
        }
        gor_clear(r);
        r->hot = false;
    }
    return oracle__vec_at(&st->gors, g);
}

static inline gx_gor *gor(gx_state *st, uint32_t g)
{
    if (g >= GX_MAX_G)
        return NULL;
    return g < st->used ? (gx_gor *)oracle__vec_at(&st->gors, g) : gor_slow(st, g);
}

static gx_entry *entry_at(const gx_gor *g, size_t i)
{
    return oracle__vec_at(&g->chain, i);
}

static gx_entry *newest(const gx_gor *g)
{
    return g->chain.n ? entry_at(g, g->chain.n - 1) : NULL;
}

/* The newest Goexit still in the chain, or NULL. */
static const gx_entry *newest_goexit(const gx_gor *g)
{
    for (size_t i = g->chain.n; i-- > 0;)
        if (entry_at(g, i)->goexit)
            return entry_at(g, i);
    return NULL;
}

static uint64_t pending_at(const gx_gor *g, size_t i)
{
    return *(uint64_t *)oracle__vec_at(&g->pending, i);
}

/* Removes defer id from the pending list (searched from the newest). */
static void drop_pending(gx_gor *g, uint64_t id)
{
    for (size_t i = g->pending.n; i-- > 0;) {
        if (pending_at(g, i) == id) {
            uint64_t *p = oracle__vec_at(&g->pending, i);
            memmove(p, p + 1, (g->pending.n - i - 1) * sizeof *p);
            g->pending.n--;
            return;
        }
    }
}

/* ================================================================ G1: nothing after Goexit */

/* The goroutine is in Goexit and outside the deferred calls it runs. */
static const gx_entry *restricted(const gx_gor *g)
{
    const gx_entry *x = newest_goexit(g);
    return x && !g->in_call && g->depth <= x->base ? x : NULL;
}

/* G1: an event of a goroutine in Goexit, outside its deferred calls. */
static void check_after_goexit(oracle_ctx *c, const rt_event *ev, gx_gor *g, const gx_entry *x)
{
    const gx_entry *q = newest(g);
    switch (ev->kind) {
    case RT_EV_DEFER_CALL:
    case RT_EV_DEFER_RET:
    case RT_EV_PANIC_ABORT:
        return;
    case RT_EV_FRAME_EXIT:
        if (ev->b != RT_FRAME_UNWOUND)
            oracle__violation(c, ORC_GOEXIT, ev,
                              "G1: frame f%llu of g%u returned normally after Goexit (p%llu); "
                              "frames live at Goexit are unwound",
                              ull(ev->a), ev->g, ull(x->id));
        return;
    case RT_EV_GO_END:
        if (ev->a != RT_GOEND_GOEXIT)
            oracle__violation(c, ORC_GOEXIT, ev,
                              "G1: g%u returned normally after calling Goexit (p%llu)", ev->g,
                              ull(x->id));
        return;
    case RT_EV_PRINT:
    case RT_EV_END:
        if (q && !q->goexit && (ev->kind == RT_EV_PRINT ? ev->a == 2 : ev->a == RT_END_PANIC))
            return; /* the report of a panic raised by a deferred call */
        break;
    default:
        break;
    }
    if (g->reported)
        return;
    g->reported = true;
    oracle__violation(
        c, ORC_GOEXIT, ev,
        "G1: g%u ran code after Goexit (p%llu) outside its deferred calls (event '%s')", ev->g,
        ull(x->id), rt_event_name((rt_event_kind)ev->kind));
}

/* ================================================================ events */

static void on_defer_call(oracle_ctx *c, const rt_event *ev, gx_gor *g)
{
    gx_entry *q = newest(g);
    if (ev->c == RT_BY_GOEXIT) {
        if (!q || !q->goexit)
            oracle__violation(c, ORC_GOEXIT, ev,
                              "G1: defer d%llu of g%u ran by Goexit, but g%u is not in Goexit "
                              "(Goexit affects only its own goroutine)",
                              ull(ev->b), ev->g, ev->g);
        else if (g->pending.n && pending_at(g, g->pending.n - 1) != ev->b)
            oracle__violation(c, ORC_GOEXIT, ev,
                              "G1: Goexit ran defer d%llu while the newer defer d%llu was pending "
                              "(innermost frame first, LIFO)",
                              ull(ev->b), ull(pending_at(g, g->pending.n - 1)));
    }
    drop_pending(g, ev->b);
    if (ev->c != RT_BY_RETURN && q)
        q->cur_defer = ev->b;
    g->in_call = true;
}

/* gopanic's recovery: the recovered entry leaves; unless an aborted
 * Goexit resumes under it, the aborted entries leave too. */
static void on_defer_ret(const rt_event *ev, gx_gor *g)
{
    gx_entry *q = newest(g);
    if (!q || q->cur_defer != ev->b)
        return;
    q->cur_defer = 0;
    if (!q->recovered || q->goexit)
        return;
    g->chain.n--;
    q = newest(g);
    if (q && q->goexit && q->aborted)
        return;
    while (g->chain.n && newest(g)->aborted)
        g->chain.n--;
}

static void on_recover(oracle_ctx *c, const rt_event *ev, gx_gor *g)
{
    gx_entry *q = newest(g);
    if (q && q->goexit && (ev->b || ev->v.kind != RT_V_NIL))
        oracle__violation(c, ORC_GOEXIT, ev,
                          "G2: recover during Goexit (p%llu) %s %s; it must return nil and stop "
                          "nothing",
                          ull(q->id), ev->b ? "was effective and returned" : "returned",
                          oracle__value(c, &ev->v));
    if (ev->b && q && !q->goexit)
        q->recovered = true;
}

static void on_panic(const rt_event *ev, gx_gor *g, bool goexit)
{
    gx_entry *e = OI_PUSH(&g->chain, gx_entry);
    e->id = ev->a;
    e->goexit = goexit;
    e->base = g->depth;
}

static void on_panic_abort(const rt_event *ev, gx_gor *g)
{
    for (size_t i = 0; i < g->chain.n; i++)
        if (entry_at(g, i)->id == ev->a) {
            entry_at(g, i)->aborted = true;
            entry_at(g, i)->cur_defer = 0;
        }
}

static void on_go_end(gx_state *st, oracle_ctx *c, const rt_event *ev, gx_gor *g)
{
    if (ev->a == RT_GOEND_GOEXIT) {
        if (!newest_goexit(g))
            oracle__violation(c, ORC_GOEXIT, ev,
                              "G1: g%u ended by Goexit, but it is not in Goexit (Goexit affects "
                              "only its own goroutine)",
                              ev->g);
        else if (g->pending.n)
            oracle__violation(c, ORC_GOEXIT, ev,
                              "G1: g%u ended by Goexit with defer d%llu never run (Goexit runs "
                              "every deferred call)",
                              ev->g, ull(pending_at(g, g->pending.n - 1)));
        if (ev->g == 1)
            st->main_goexited = true;
    }
    if (g->alive && st->nlive)
        st->nlive--;
    gor_clear(g);
}

/* G6: how the program may end once main called Goexit. */
static void on_end(gx_state *st, oracle_ctx *c, const rt_event *ev)
{
    bool goexit_deadlock = ev->a == RT_END_FATAL && ev->c == RT_FATAL_GOEXIT_DEADLOCK;
    if (ev->a == RT_END_RETURN && st->main_goexited)
        oracle__violation(c, ORC_GOEXIT, ev,
                          "G6: the program ended as if main returned (exit 0), but main called "
                          "Goexit and never returns");
    else if (goexit_deadlock && !st->main_goexited)
        oracle__violation(c, ORC_GOEXIT, ev,
                          "G6: fatal error 'no goroutines (main called runtime.Goexit)', but main "
                          "did not call Goexit");
    else if (goexit_deadlock && st->nlive)
        oracle__violation(c, ORC_GOEXIT, ev,
                          "G6: fatal error 'no goroutines (main called runtime.Goexit)', but %u "
                          "goroutines are alive",
                          st->nlive);
    else if (st->main_goexited && !st->nlive && !goexit_deadlock)
        oracle__violation(c, ORC_GOEXIT, ev,
                          "G6: main called Goexit and no goroutine is left: the program must die "
                          "with 'no goroutines (main called runtime.Goexit) - deadlock!', not "
                          "end by %s",
                          rt_end_name((rt_end)ev->a));
}

static void update(gx_state *st, oracle_ctx *c, const rt_event *ev, gx_gor *g)
{
    switch (ev->kind) {
    case RT_EV_FRAME_ENTER:
        g->depth++;
        break;
    case RT_EV_FRAME_EXIT:
        if (g->depth)
            g->depth--;
        break;
    case RT_EV_DEFER_REG:
        *OI_PUSH(&g->pending, uint64_t) = ev->b;
        break;
    case RT_EV_DEFER_CALL:
        on_defer_call(c, ev, g);
        return; /* keeps in_call */
    case RT_EV_DEFER_RET:
        on_defer_ret(ev, g);
        break;
    case RT_EV_RECOVER:
        on_recover(c, ev, g);
        return; /* a builtin recover is still inside its DEFER_CALL */
    case RT_EV_PANIC:
    case RT_EV_GOEXIT:
        on_panic(ev, g, ev->kind == RT_EV_GOEXIT);
        break;
    case RT_EV_PANIC_ABORT:
        on_panic_abort(ev, g);
        break;
    case RT_EV_GO_END:
        on_go_end(st, c, ev, g);
        break;
    case RT_EV_END:
        on_end(st, c, ev);
        break;
    default:
        break;
    }
    g->in_call = false;
}

/* ================================================================ checker */

static bool gx_event(void *stp, oracle_ctx *c, const rt_event *ev)
{
    gx_state *st = stp;
    if (ev->kind == RT_EV_GO_CREATE) {
        gx_gor *child = ev->a < GX_MAX_G ? gor(st, (uint32_t)ev->a) : NULL;
        if (child && !child->alive) {
            child->alive = true;
            st->nlive++;
        }
    }
    gx_gor *g = gor(st, ev->g);
    if (!g)
        return st->nhot != 0;
    const gx_entry *x = restricted(g);
    if (x)
        check_after_goexit(c, ev, g, x);
    update(st, c, ev, g);
    /* Only an event of g changes g's chain. Outside Goexit, an event of a
     * kind not in the mask changes nothing but in_call, which matters only
     * once a GOEXIT (in the mask) has set it again. */
    bool hot = newest_goexit(g) != NULL;
    if (hot != g->hot) {
        st->nhot += hot ? 1u : (uint32_t)-1;
        g->hot = hot;
    }
    return st->nhot != 0;
}

static void gx_reset(void *stp)
{
    gx_state *st = stp;
    if (st->gors.elem == 0)
        oracle__vec_init(&st->gors, sizeof(gx_gor));
    st->used = 0; /* the slots are cleared when touched again */
    st->nhot = 0;
    st->main_goexited = false;
    gor(st, 1)->alive = true; /* main has no GO_CREATE */
    st->nlive = 1;
}

static void gx_destroy(void *stp)
{
    gx_state *st = stp;
    for (size_t i = 0; i < st->gors.n; i++) {
        gx_gor *g = oracle__vec_at(&st->gors, i);
        oracle__vec_free(&g->chain);
        oracle__vec_free(&g->pending);
    }
    oracle__vec_free(&st->gors);
}

const oracle_checker oracle__goexit = {
    .name = "goexit",
    .state_size = sizeof(gx_state),
    .events = OI_EV(RT_EV_GO_CREATE) | OI_EV(RT_EV_FRAME_ENTER) | OI_EV(RT_EV_FRAME_EXIT) |
              OI_EV(RT_EV_DEFER_REG) | OI_EV(RT_EV_DEFER_CALL) | OI_EV(RT_EV_DEFER_RET) |
              OI_EV(RT_EV_RECOVER) | OI_EV(RT_EV_PANIC) | OI_EV(RT_EV_GOEXIT) |
              OI_EV(RT_EV_PANIC_ABORT) | OI_EV(RT_EV_GO_END) | OI_EV(RT_EV_END),
    .findings = false,
    .reset = gx_reset,
    .event = gx_event,
    .on = NULL,
    .finish = NULL,
    .destroy = gx_destroy,
};
