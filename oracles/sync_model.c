/* sync_model.c - the sync checker (ORC_SYNC): models of every WaitGroup,
 * Mutex, RWMutex and Once, checked against what the runtime did; and the
 * findings negative-waitgroup and unlock-of-unlocked.
 *
 * It reads events only. Objects are indexed by their id (WG_ADD, WG_WAIT,
 * LOCK, UNLOCK, ONCE a). Rules, named in the messages:
 *
 *   W1 the counter is the sum of the Add deltas (WG_ADD c must agree); Wait
 *      returns only when the counter is 0, never blocks on a counter of 0,
 *      and is never woken while the counter is above 0; when the counter
 *      reaches 0 every blocked Wait is woken (READY) right away.
 *   W2 when the counter goes below 0 the goroutine's next event is PANIC
 *      with the string "sync: negative WaitGroup counter". Finding
 *      negative-waitgroup at the site of the Add, recovered or not.
 *   M1 a Mutex is not reentrant: a LOCK of a held mutex with no UNLOCK in
 *      between is a violation. RWMutex: a writer excludes readers and
 *      writers; readers exclude writers.
 *   M2 unlocking an unlocked Mutex or RWMutex is fatal: an UNLOCK the model
 *      says is of an unlocked lock is a violation (the runtime must have
 *      died instead). END fatal with kind unlock is the finding
 *      unlock-of-unlocked, at the site of the goroutine that ended.
 *   Once: f runs at most once per Once (ONCE b=1 at most once).
 *
 * Not checkable from events: the runtime emits nothing for an unlock that
 * fails, so which mutex a fatal unlock was about is unknown; and a failed
 * TryLock emits nothing either. */
#include "oi.h"

#include <stdio.h>

static const char NEG_WG[] = "sync: negative WaitGroup counter";

/* One sync object, by id: the fields of its kind are used. */
typedef struct sy_obj {
    int64_t wg_n;       /* WaitGroup counter */
    bool m_held;        /* Mutex locked, or RWMutex write-locked */
    int64_t readers;    /* RWMutex read holders */
    uint32_t holder;    /* goroutine of the last Lock (messages only) */
    uint32_t lock_site; /* site of the last Lock (messages only) */
    bool once_ran;      /* Once: f ran */
    uint32_t waiters;   /* WaitGroup: goroutines blocked in its Wait (not yet READY) */
} sy_obj;

/* What the checker knows of one goroutine, by id. */
typedef struct sy_gor {
    uint32_t wait;     /* rt_wait while blocked */
    uint64_t wait_obj; /* object waited on */
    bool want_panic;   /* W2: its next event must be the negative-counter PANIC */
    uint64_t panic_wg; /* the WaitGroup that went negative */
    uint32_t add_site; /* site of that Add */
} sy_gor;

typedef struct sy_state {
    ovec objs;         /* sy_obj by object id */
    ovec gors;         /* sy_gor by goroutine id */
    uint64_t released; /* W1: a WaitGroup that reached 0; its waiters must be READY next */
    uint32_t nwant;    /* goroutines with want_panic: their next event is judged */
    char tail[96];     /* last stderr bytes, to tell the M2 message apart */
    size_t tail_len;
} sy_state;

static inline sy_obj *obj(sy_state *st, uint64_t id)
{
    if (id >= st->objs.n)
        oracle__vec_grow_to(&st->objs, (size_t)id + 1);
    return oracle__vec_at(&st->objs, (size_t)id);
}

static inline sy_gor *gor(sy_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* Goroutine g now waits for kind (RT_WAIT_NONE: runs) on object id; each
 * WaitGroup counts its blocked waiters. */
static void set_wait(sy_state *st, sy_gor *g, uint32_t kind, uint64_t id)
{
    if (g->wait == RT_WAIT_WG)
        obj(st, g->wait_obj)->waiters--;
    g->wait = kind;
    g->wait_obj = id;
    if (kind == RT_WAIT_WG)
        obj(st, id)->waiters++;
}

/* ================================================================ WaitGroup */

static void on_wg_add(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_obj *w = obj(st, ev->a);
    int64_t delta = (int64_t)ev->b;
    w->wg_n += delta;
    if ((int64_t)ev->c != w->wg_n)
        oracle__violation(c, ORC_SYNC, ev,
                          "W1: WaitGroup w%llu: Add(%lld) reports counter %lld, but the Add "
                          "deltas sum to %lld",
                          (unsigned long long)ev->a, (long long)delta, (long long)(int64_t)ev->c,
                          (long long)w->wg_n);
    if (w->wg_n < 0) {
        sy_gor *g = gor(st, ev->g);
        st->nwant += !g->want_panic;
        g->want_panic = true;
        g->panic_wg = ev->a;
        g->add_site = ev->site;
        oracle__finding(c, OF_NEGATIVE_WAITGROUP, ev, &ev->g, 1, &ev->site, 1,
                        "negative WaitGroup counter (%lld) after Add(%lld) at %s",
                        (long long)w->wg_n, (long long)delta, oracle__site(c, ev->site));
    } else if (w->wg_n == 0) {
        st->released = ev->a;
    }
}

/* W1: after the counter reached 0, nobody may still wait on it. */
static void check_released(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint64_t id = st->released;
    st->released = 0;
    /* The count spares the walk over every goroutine of the execution at
     * every release (quadratic in a loop of go and Wait). */
    for (uint32_t g = 1; g < st->gors.n && obj(st, id)->waiters; g++) {
        sy_gor *x = gor(st, g);
        if (x->wait == RT_WAIT_WG && x->wait_obj == id) {
            oracle__violation(c, ORC_SYNC, ev,
                              "W1: WaitGroup w%llu reached 0 but g%u is still blocked in Wait",
                              (unsigned long long)id, g);
            set_wait(st, x, RT_WAIT_NONE, 0); /* report it once */
        }
    }
}

static void on_wg_wait(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_obj *w = obj(st, ev->a);
    if (w->wg_n > 0)
        oracle__violation(c, ORC_SYNC, ev,
                          "W1: Wait on WaitGroup w%llu returned while its counter is %lld",
                          (unsigned long long)ev->a, (long long)w->wg_n);
}

/* W2: the goroutine whose Add went negative must panic next. */
static void check_want_panic(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_gor *g = gor(st, ev->g);
    g->want_panic = false;
    st->nwant--;
    if (ev->kind != RT_EV_PANIC) {
        oracle__violation(c, ORC_SYNC, ev,
                          "W2: WaitGroup w%llu went negative at %s but g%u did %s instead of "
                          "panicking \"%s\"",
                          (unsigned long long)g->panic_wg, oracle__site(c, g->add_site), ev->g,
                          rt_event_name((rt_event_kind)ev->kind), NEG_WG);
        return;
    }
    const rt_value *v = &ev->v;
    if (v->kind != RT_V_STR || v->n != sizeof NEG_WG - 1 || memcmp(v->s, NEG_WG, v->n) != 0)
        oracle__violation(c, ORC_SYNC, ev,
                          "W2: negative WaitGroup counter panicked with %s, want the string "
                          "\"%s\"",
                          oracle__value(c, v), NEG_WG);
}

/* ================================================================ Mutex, RWMutex */

static void on_lock(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_obj *m = obj(st, ev->a);
    unsigned long long id = (unsigned long long)ev->a;
    if (ev->b == RT_LOCK_READ) {
        if (m->m_held)
            oracle__violation(c, ORC_SYNC, ev,
                              "M1: RLock of RWMutex m%llu succeeded while g%u holds it for "
                              "writing (locked at %s)",
                              id, m->holder, oracle__site(c, m->lock_site));
        m->readers++;
        return;
    }
    if (m->m_held)
        oracle__violation(c, ORC_SYNC, ev,
                          "M1: Lock of %s m%llu succeeded while it is held (locked by g%u at %s, "
                          "no Unlock since)",
                          ev->b == RT_LOCK_WRITE ? "RWMutex" : "mutex", id, m->holder,
                          oracle__site(c, m->lock_site));
    else if (ev->b == RT_LOCK_WRITE && m->readers > 0)
        oracle__violation(c, ORC_SYNC, ev,
                          "M1: Lock of RWMutex m%llu succeeded while %lld readers hold it", id,
                          (long long)m->readers);
    m->m_held = true;
    m->holder = ev->g;
    m->lock_site = ev->site;
}

static void on_unlock(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_obj *m = obj(st, ev->a);
    unsigned long long id = (unsigned long long)ev->a;
    if (ev->b == RT_LOCK_READ) {
        if (m->readers <= 0)
            oracle__violation(c, ORC_SYNC, ev,
                              "M2: RUnlock of RWMutex m%llu with no reader returned; it must be "
                              "fatal (\"sync: RUnlock of unlocked RWMutex\")",
                              id);
        else
            m->readers--;
        return;
    }
    if (!m->m_held)
        oracle__violation(c, ORC_SYNC, ev,
                          "M2: Unlock of unlocked %s m%llu returned; it must be fatal (\"%s\")",
                          ev->b == RT_LOCK_WRITE ? "RWMutex" : "mutex", id,
                          ev->b == RT_LOCK_WRITE ? "sync: Unlock of unlocked RWMutex"
                                                 : "sync: unlock of unlocked mutex");
    m->m_held = false;
}

static void on_once(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_obj *o = obj(st, ev->a);
    if (ev->b == 1 && o->once_ran)
        oracle__violation(c, ORC_SYNC, ev, "Once o%llu ran its function a second time",
                          (unsigned long long)ev->a);
    if (ev->b == 1)
        o->once_ran = true;
}

/* M2: END fatal unlock is the finding; the message says which kind. */
static void on_end(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (ev->a != RT_END_FATAL || ev->c != RT_FATAL_UNLOCK)
        return;
    const char *what = "sync: unlock of unlocked mutex";
    static const char *const other[] = {"sync: Unlock of unlocked RWMutex",
                                        "sync: RUnlock of unlocked RWMutex"};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(other[i]);
        if (st->tail_len > n && memcmp(st->tail + st->tail_len - n - 1, other[i], n) == 0)
            what = other[i];
    }
    oracle__finding(c, OF_UNLOCK_OF_UNLOCKED, ev, &ev->g, 1, &ev->site, 1, "%s at %s", what,
                    oracle__site(c, ev->site));
}

/* ================================================================ blocking */

static void on_block(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    set_wait(st, gor(st, ev->g), (uint32_t)ev->a, ev->b);
    if (ev->a == RT_WAIT_WG && obj(st, ev->b)->wg_n <= 0)
        oracle__violation(c, ORC_SYNC, ev,
                          "W1: Wait on WaitGroup w%llu blocked although its counter is %lld",
                          (unsigned long long)ev->b, (long long)obj(st, ev->b)->wg_n);
}

static void on_ready(sy_state *st, oracle_ctx *c, const rt_event *ev)
{
    sy_gor *g = gor(st, (uint32_t)ev->a);
    if (g->wait == RT_WAIT_WG && obj(st, g->wait_obj)->wg_n > 0)
        oracle__violation(c, ORC_SYNC, ev,
                          "W1: g%llu woken from Wait on WaitGroup w%llu while its counter is %lld",
                          (unsigned long long)ev->a, (unsigned long long)g->wait_obj,
                          (long long)obj(st, g->wait_obj)->wg_n);
    set_wait(st, g, RT_WAIT_NONE, 0);
}

static void on_print(sy_state *st, const rt_event *ev)
{
    if (ev->a != 2)
        return;
    size_t n = ev->nbytes;
    const uint8_t *p = ev->bytes;
    if (n >= sizeof st->tail) {
        p += n - sizeof st->tail;
        n = sizeof st->tail;
    }
    if (st->tail_len + n > sizeof st->tail) {
        size_t drop = st->tail_len + n - sizeof st->tail;
        memmove(st->tail, st->tail + drop, st->tail_len - drop);
        st->tail_len -= drop;
    }
    if (n) /* p may be NULL for an empty print (damaged traces) */
        memcpy(st->tail + st->tail_len, p, n);
    st->tail_len += n;
}

/* ================================================================ dispatch */

/* The checker sees the sync, blocking and end events, and every event
 * while a released WaitGroup's waiters or a negative counter's panic are
 * due. */
static bool sync_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    sy_state *st = p;
    if (st->released && ev->kind != RT_EV_READY)
        check_released(st, c, ev);
    if (ev->g && ev->kind != RT_EV_RUN && ev->g < st->gors.n && gor(st, ev->g)->want_panic)
        check_want_panic(st, c, ev);
    switch (ev->kind) {
    case RT_EV_WG_ADD:
        on_wg_add(st, c, ev);
        break;
    case RT_EV_WG_WAIT:
        on_wg_wait(st, c, ev);
        break;
    case RT_EV_LOCK:
        on_lock(st, c, ev);
        break;
    case RT_EV_UNLOCK:
        on_unlock(st, c, ev);
        break;
    case RT_EV_ONCE:
        on_once(st, c, ev);
        break;
    case RT_EV_BLOCK:
        on_block(st, c, ev);
        break;
    case RT_EV_READY:
        on_ready(st, c, ev);
        break;
    case RT_EV_RUN:
        set_wait(st, gor(st, ev->g), RT_WAIT_NONE, 0);
        break;
    case RT_EV_PRINT:
        on_print(st, ev);
        break;
    case RT_EV_END:
        on_end(st, c, ev);
        break;
    default:
        break;
    }
    return st->released || st->nwant;
}

/* While the checker is quiet no WaitGroup was just released and no
 * goroutine owes a panic: sync_event then does only the work of the
 * event's kind. One handler per kind. */

static bool q_done(const sy_state *st)
{
    return st->released || st->nwant;
}

static bool q_wg_add(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_wg_add(p, c, ev);
    return q_done(p);
}

static bool q_wg_wait(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_wg_wait(p, c, ev);
    return q_done(p);
}

static bool q_lock(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_lock(p, c, ev);
    return q_done(p);
}

static bool q_unlock(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_unlock(p, c, ev);
    return q_done(p);
}

static bool q_once(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_once(p, c, ev);
    return q_done(p);
}

static bool q_block(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_block(p, c, ev);
    return q_done(p);
}

static bool q_ready(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_ready(p, c, ev);
    return q_done(p);
}

static bool q_run(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    set_wait(p, gor(p, ev->g), RT_WAIT_NONE, 0);
    return q_done(p);
}

static bool q_print(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_print(p, ev);
    return q_done(p);
}

static bool q_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_end(p, c, ev);
    return q_done(p);
}

static const oracle_handler sync_on[RT_EV__COUNT] = {
    [RT_EV_WG_ADD] = q_wg_add, [RT_EV_WG_WAIT] = q_wg_wait, [RT_EV_LOCK] = q_lock,
    [RT_EV_UNLOCK] = q_unlock, [RT_EV_ONCE] = q_once,       [RT_EV_BLOCK] = q_block,
    [RT_EV_READY] = q_ready,   [RT_EV_RUN] = q_run,         [RT_EV_PRINT] = q_print,
    [RT_EV_END] = q_end,
};

/* ================================================================ lifecycle */

static void sync_reset(void *p)
{
    sy_state *st = p;
    if (!st->objs.elem) {
        oracle__vec_init(&st->objs, sizeof(sy_obj));
        oracle__vec_init(&st->gors, sizeof(sy_gor));
    }
    oracle__vec_clear(&st->objs);
    oracle__vec_clear(&st->gors);
    st->released = 0;
    st->nwant = 0;
    st->tail_len = 0;
}

static void sync_destroy(void *p)
{
    sy_state *st = p;
    oracle__vec_free(&st->objs);
    oracle__vec_free(&st->gors);
}

const oracle_checker oracle__sync = {
    .name = "sync",
    .state_size = sizeof(sy_state),
    .events = 0, /* the kinds of sync_on */
    .findings = true,
    .reset = sync_reset,
    .event = sync_event,
    .on = sync_on,
    .finish = NULL,
    .destroy = sync_destroy,
};
