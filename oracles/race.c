/* race.c - the race checker: finding close-send-race, a close and a send
 * on one channel that are not ordered by happens-before.
 *
 * Such a pair is a bug even when this schedule happened to run the send
 * first and nothing panicked: another schedule runs the close first and the
 * send panics (C6). The checker reads events only, like every checker.
 *
 * Happens-before is tracked with vector clocks: one clock per goroutine,
 * dense arrays indexed by goroutine id, and clocks kept on channels,
 * mutexes, WaitGroups and Onces. The edges are the Go memory model's:
 *   - go statement: the child starts with its parent's clock;
 *   - C2/C3: a send is synchronized before the receive that gets its value;
 *   - C2: an unbuffered receive is synchronized before its send completes;
 *   - C3: the kth receive of a buffered channel of capacity C is
 *     synchronized before the (k+C)th send completes;
 *   - C9: a close is synchronized before a receive that returns the zero
 *     value because the channel is closed;
 *   - M3: an Unlock is synchronized before the next Lock (RWMutex: a write
 *     Unlock before every later Lock and RLock, an RUnlock before every
 *     later Lock);
 *   - W1: Done (Add with a negative delta) is synchronized before the
 *     return of Wait;
 *   - Once: the end of f is synchronized before every Do returns.
 * A goroutine's end creates no edge. Each goroutine ticks its own component
 * after every synchronization event, so events it makes after a release
 * are not ordered before whoever acquires that release.
 *
 * The send and close points are the CHAN_OP events (the start of the
 * operation, a send that panics included) and, for select, the chosen
 * send case with the clock the goroutine had at SELECT_BEGIN. Per channel
 * the checker keeps, for each (goroutine, site), the latest send and close
 * with its clock: if an older operation of that goroutine and site is
 * unordered with some close, so is the latest one (program order), so the
 * pairs of sites reported are the same. */
#include "oi.h"

/* ================================================================ state */

/* A pending message: the clock its sender had when the send completed
 * (C2/C3 send edge), or a buffered channel's receive waiting for the send
 * C later (C3 receive edge). A node of a FIFO list; 0 is the null index. */
typedef struct rc_node {
    uint64_t serial;
    uint32_t g;     /* sender (0 for a timer's send) */
    uint32_t clock; /* clock pool index, 0 if none */
    uint32_t next;
} rc_node;

/* A FIFO of rc_nodes. */
typedef struct rc_fifo {
    uint32_t head, tail;
} rc_fifo;

/* A send or close point: its goroutine, site and clock. */
typedef struct rc_op {
    uint32_t g, site;
    uint32_t clock; /* clock pool index */
    uint32_t next;  /* next op of the same channel and kind */
} rc_op;

/* A channel, mutex, WaitGroup or Once, indexed by object id. */
typedef struct rc_obj {
    uint64_t cap;      /* channel capacity (CHAN_MAKE) */
    uint32_t close_at; /* channel: the closer's clock at CLOSE (C9) */
    uint32_t rel;      /* write unlocks / Dones / Once completion */
    uint32_t rrel;     /* RWMutex read unlocks */
    rc_fifo msgs;      /* channel: sends not yet received */
    rc_fifo recvs;     /* buffered channel: receives waiting for send k+C */
    uint32_t sends;    /* first rc_op of the sends */
    uint32_t closes;   /* first rc_op of the closes */
} rc_obj;

/* What the checker knows of one goroutine. */
typedef struct rc_gor {
    uint32_t clock;     /* clock pool index, 0 until first seen */
    uint32_t sel_clock; /* its clock at its pending SELECT_BEGIN */
    uint32_t sel_site;  /* site of that SELECT_BEGIN */
} rc_gor;

/* A frame running a Once's f (opened right after ONCE b=1). */
typedef struct rc_once_frame {
    uint64_t frame, once;
} rc_once_frame;

typedef struct rc_state {
    /* Clocks: a table of ovec(uint32_t) that never shrinks, so buffers
     * survive reset; [1, nclocks) are in use or on the free list. */
    ovec clocks;
    uint32_t nclocks;
    ovec free_clocks; /* uint32_t */
    ovec nodes;       /* rc_node; [0] is the null node */
    uint32_t free_nodes;
    ovec ops;  /* rc_op; [0] is the null op */
    ovec objs; /* rc_obj by object id */
    ovec gors; /* rc_gor by goroutine id */
    /* Select cases: a table (by goroutine id, never shrinks) of
     * ovec(uint64_t): chan id << 1 | dir of each case of its pending select. */
    ovec sels;
    ovec once_frames; /* rc_once_frame */
    /* ONCE b=1 just seen: the next FRAME_ENTER of once_g is the Do frame. */
    uint32_t once_g;
    uint64_t once_id;
} rc_state;

/* ================================================================ tables */

/* Element i of a table of ovecs, initialized with element size elem. The
 * table only grows: elements past n would be zero-filled over the inner
 * buffers they own. */
static ovec *tab_at(ovec *tab, size_t i, size_t elem)
{
    if (i >= tab->n)
        oracle__vec_grow_to(tab, i + 1);
    ovec *v = oracle__vec_at(tab, i);
    if (!v->elem)
        oracle__vec_init(v, elem);
    return v;
}

static void tab_free(ovec *tab)
{
    for (size_t i = 0; i < tab->n; i++)
        oracle__vec_free(oracle__vec_at(tab, i));
    oracle__vec_free(tab);
}

/* ================================================================ clocks */

static ovec *clk(rc_state *st, uint32_t c)
{
    return oracle__vec_at(&st->clocks, c);
}

/* A new empty clock (all components 0). */
static uint32_t clk_new(rc_state *st)
{
    uint32_t c;
    if (st->free_clocks.n) {
        c = *(uint32_t *)oracle__vec_at(&st->free_clocks, --st->free_clocks.n);
    } else {
        c = st->nclocks++;
        tab_at(&st->clocks, c, sizeof(uint32_t));
    }
    oracle__vec_clear(clk(st, c));
    return c;
}

static void clk_release(rc_state *st, uint32_t c)
{
    if (c)
        *(uint32_t *)oracle__vec_push(&st->free_clocks) = c;
}

/* Component i of clock c (0 beyond its length). */
static uint32_t clk_get(rc_state *st, uint32_t c, uint32_t i)
{
    const ovec *v = clk(st, c);
    return i < v->n ? ((const uint32_t *)v->p)[i] : 0;
}

static void clk_set(rc_state *st, uint32_t c, uint32_t i, uint32_t val)
{
    ovec *v = clk(st, c);
    oracle__vec_grow_to(v, (size_t)i + 1);
    ((uint32_t *)v->p)[i] = val;
}

/* dst = max(dst, src), component-wise. */
static void clk_join(rc_state *st, uint32_t dst, uint32_t src)
{
    if (!dst || !src || dst == src)
        return;
    size_t n = clk(st, src)->n;
    uint32_t *d = oracle__vec_grow_to(clk(st, dst), n);
    const uint32_t *s = (const uint32_t *)clk(st, src)->p;
    for (size_t i = 0; i < n; i++)
        if (s[i] > d[i])
            d[i] = s[i];
}

/* A new clock equal to src. */
static uint32_t clk_copy(rc_state *st, uint32_t src)
{
    uint32_t c = clk_new(st);
    clk_join(st, c, src);
    return c;
}

/* Joins src into the clock at *slot, creating it when absent. */
static void clk_join_into(rc_state *st, uint32_t *slot, uint32_t src)
{
    if (!*slot)
        *slot = clk_new(st);
    clk_join(st, *slot, src);
}

/* Did the event of goroutine g with clock a happen before the point whose
 * clock is b? Its own component says it all. */
static bool clk_before(rc_state *st, uint32_t g, uint32_t a, uint32_t b)
{
    return clk_get(st, a, g) <= clk_get(st, b, g);
}

/* ================================================================ goroutines and objects */

static rc_gor *gor(rc_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* The clock of goroutine g, created (own component 1) on first sight:
 * main has no GO_CREATE. */
static uint32_t gclock(rc_state *st, uint32_t g)
{
    if (!gor(st, g)->clock) {
        uint32_t c = clk_new(st);
        clk_set(st, c, g, 1);
        gor(st, g)->clock = c;
    }
    return gor(st, g)->clock;
}

static void tick(rc_state *st, uint32_t g)
{
    uint32_t c = gclock(st, g);
    clk_set(st, c, g, clk_get(st, c, g) + 1);
}

/* Goroutine g acquires the clock src (0: nothing to acquire). */
static void acquire(rc_state *st, uint32_t g, uint32_t src)
{
    clk_join(st, gclock(st, g), src);
}

static rc_obj *obj(rc_state *st, uint64_t id)
{
    if (id >= st->objs.n)
        oracle__vec_grow_to(&st->objs, (size_t)id + 1);
    return oracle__vec_at(&st->objs, (size_t)id);
}

/* ================================================================ message FIFOs */

static uint32_t node_new(rc_state *st)
{
    uint32_t i = st->free_nodes;
    if (i) {
        st->free_nodes = ((rc_node *)oracle__vec_at(&st->nodes, i))->next;
        memset(oracle__vec_at(&st->nodes, i), 0, sizeof(rc_node));
        return i;
    }
    oracle__vec_push(&st->nodes);
    return (uint32_t)(st->nodes.n - 1);
}

static rc_node *node(rc_state *st, uint32_t i)
{
    return oracle__vec_at(&st->nodes, i);
}

static void fifo_push(rc_state *st, rc_fifo *q, uint64_t serial, uint32_t g, uint32_t clock)
{
    uint32_t i = node_new(st);
    rc_node *n = node(st, i);
    n->serial = serial;
    n->g = g;
    n->clock = clock;
    if (q->tail)
        node(st, q->tail)->next = i;
    else
        q->head = i;
    q->tail = i;
}

/* Takes the node with this serial out of q (normally its head, as
 * messages leave in FIFO order) into *out; false if there is none. */
static bool fifo_take(rc_state *st, rc_fifo *q, uint64_t serial, rc_node *out)
{
    uint32_t prev = 0;
    for (uint32_t i = q->head; i; prev = i, i = node(st, i)->next) {
        if (node(st, i)->serial != serial)
            continue;
        *out = *node(st, i);
        if (prev)
            node(st, prev)->next = out->next;
        else
            q->head = out->next;
        if (q->tail == i)
            q->tail = prev;
        node(st, i)->next = st->free_nodes;
        st->free_nodes = i;
        return true;
    }
    return false;
}

/* ================================================================ close-send race */

static rc_op *op(rc_state *st, uint32_t i)
{
    return oracle__vec_at(&st->ops, i);
}

/* Reports a close and a send not ordered either way. */
static void check_pair(rc_state *st, oracle_ctx *c, const rt_event *ev, uint64_t chan,
                       const rc_op *cl, const rc_op *sd)
{
    if (clk_before(st, cl->g, cl->clock, sd->clock) || clk_before(st, sd->g, sd->clock, cl->clock))
        return;
    uint32_t gs[2] = {cl->g, sd->g};
    uint32_t sites[2] = {cl->site, sd->site};
    oracle__finding(c, OF_CLOSE_SEND_RACE, ev, gs, 2, sites, 2,
                    "close at %s and send at %s on channel c%llu are not ordered by happens-before",
                    oracle__site(c, cl->site), oracle__site(c, sd->site), (unsigned long long)chan);
}

/* Records a send (is_close false) or close point of goroutine g at site
 * with a copy of clock, and checks it against every recorded operation of
 * the other kind on the channel. */
static void record_op(rc_state *st, oracle_ctx *c, const rt_event *ev, uint64_t chan, bool is_close,
                      uint32_t g, uint32_t site, uint32_t clock)
{
    uint32_t *list = is_close ? &obj(st, chan)->closes : &obj(st, chan)->sends;
    uint32_t i = *list;
    while (i && !(op(st, i)->g == g && op(st, i)->site == site))
        i = op(st, i)->next;
    if (i) {
        /* The latest operation of this goroutine and site stands for all. */
        oracle__vec_clear(clk(st, op(st, i)->clock));
        clk_join(st, op(st, i)->clock, clock);
    } else {
        uint32_t cc = clk_copy(st, clock);
        oracle__vec_push(&st->ops);
        i = (uint32_t)(st->ops.n - 1);
        *op(st, i) = (rc_op){g, site, cc, *list};
        *(is_close ? &obj(st, chan)->closes : &obj(st, chan)->sends) = i;
    }
    rc_op me = *op(st, i);
    uint32_t j = is_close ? obj(st, chan)->sends : obj(st, chan)->closes;
    for (; j; j = op(st, j)->next) {
        rc_op other = *op(st, j);
        if (is_close)
            check_pair(st, c, ev, chan, &me, &other);
        else
            check_pair(st, c, ev, chan, &other, &me);
    }
}

/* ================================================================ events */

/* GO_CREATE: the child starts with the parent's clock. */
static void on_go_create(rc_state *st, const rt_event *ev)
{
    uint32_t child = (uint32_t)ev->a;
    uint32_t c = clk_copy(st, gclock(st, ev->g));
    clk_set(st, c, child, 1);
    clk_release(st, gor(st, child)->clock);
    gor(st, child)->clock = c;
    tick(st, ev->g);
}

/* CHAN_OP: a send or close starts here (a send that panics counts). */
static void on_chan_op(rc_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (ev->a == 0 || (ev->b != RT_OP_SEND && ev->b != RT_OP_CLOSE))
        return; /* nil channels and receives are not part of this race */
    record_op(st, c, ev, ev->a, ev->b == RT_OP_CLOSE, ev->g, ev->site, gclock(st, ev->g));
    tick(st, ev->g);
}

/* SEND: the message carries the sender's clock (C2, C3); the (k+C)th send
 * of a buffered channel completes after the kth receive (C3). */
static void on_send(rc_state *st, const rt_event *ev)
{
    rc_obj *o = obj(st, ev->a);
    uint64_t serial = ev->b;
    if (ev->g == 0) { /* a timer's send: no goroutine behind it */
        fifo_push(st, &o->msgs, serial, 0, 0);
        return;
    }
    rc_node r;
    if (o->cap > 0 && serial > o->cap && fifo_take(st, &o->recvs, serial - o->cap, &r)) {
        acquire(st, ev->g, r.clock);
        clk_release(st, r.clock);
    }
    uint32_t m = clk_copy(st, gclock(st, ev->g));
    fifo_push(st, &obj(st, ev->a)->msgs, serial, ev->g, m);
    tick(st, ev->g);
}

/* RECV: the receiver acquires the send (C2, C3) or the close (C9); an
 * unbuffered receive is also acquired by its sender (C2). */
static void on_recv(rc_state *st, const rt_event *ev)
{
    uint32_t g = ev->g;
    if (ev->b == 0) {
        acquire(st, g, obj(st, ev->a)->close_at);
        tick(st, g);
        return;
    }
    rc_node m = {0};
    if (fifo_take(st, &obj(st, ev->a)->msgs, ev->b, &m)) {
        acquire(st, g, m.clock);
        clk_release(st, m.clock);
    }
    if (obj(st, ev->a)->cap == 0) {
        if (m.g && m.g != g) {
            acquire(st, m.g, gclock(st, g));
            tick(st, m.g);
        }
    } else {
        uint32_t rc = clk_copy(st, gclock(st, g));
        fifo_push(st, &obj(st, ev->a)->recvs, ev->b, g, rc);
    }
    tick(st, g);
}

/* CLOSE: kept for the receives that return zero because closed (C9). */
static void on_close(rc_state *st, const rt_event *ev)
{
    uint32_t c = gclock(st, ev->g);
    clk_join_into(st, &obj(st, ev->a)->close_at, c);
    tick(st, ev->g);
}

/* LOCK/UNLOCK: M3, with RWMutex readers ordered only after writers. */
static void on_lock(rc_state *st, const rt_event *ev, bool unlock)
{
    rc_obj *o = obj(st, ev->a);
    uint32_t g = ev->g;
    if (!unlock) {
        acquire(st, g, o->rel);
        if (ev->b != RT_LOCK_READ)
            acquire(st, g, obj(st, ev->a)->rrel);
    } else if (ev->b == RT_LOCK_READ) {
        uint32_t c = gclock(st, g);
        clk_join_into(st, &obj(st, ev->a)->rrel, c);
    } else {
        uint32_t c = gclock(st, g);
        clk_join_into(st, &obj(st, ev->a)->rel, c);
    }
    tick(st, g);
}

/* WG_ADD/WG_WAIT: W1, Done is synchronized before Wait returns. */
static void on_wg(rc_state *st, const rt_event *ev)
{
    uint32_t g = ev->g;
    if (ev->kind == RT_EV_WG_WAIT) {
        acquire(st, g, obj(st, ev->a)->rel);
    } else if ((int64_t)ev->b < 0) {
        uint32_t c = gclock(st, g);
        clk_join_into(st, &obj(st, ev->a)->rel, c);
    }
    tick(st, g);
}

/* ONCE: b=1 runs f in the frame opened next; b=0 returns after f ended. */
static void on_once(rc_state *st, const rt_event *ev)
{
    if (ev->b) {
        st->once_g = ev->g;
        st->once_id = ev->a;
    } else {
        acquire(st, ev->g, obj(st, ev->a)->rel);
        tick(st, ev->g);
    }
}

/* The Do frame's only defer marks the end of f, even when f panicked. */
static void on_defer_call(rc_state *st, const rt_event *ev)
{
    for (size_t i = 0; i < st->once_frames.n; i++) {
        rc_once_frame *f = oracle__vec_at(&st->once_frames, i);
        if (f->frame != ev->a)
            continue;
        uint64_t once = f->once;
        *f = *(rc_once_frame *)oracle__vec_at(&st->once_frames, --st->once_frames.n);
        uint32_t c = gclock(st, ev->g);
        clk_join_into(st, &obj(st, once)->rel, c);
        tick(st, ev->g);
        return;
    }
}

/* SELECT_BEGIN: keep the cases and the clock the attempt starts with. */
static void on_select_begin(rc_state *st, const rt_event *ev)
{
    ovec *cases = tab_at(&st->sels, ev->g, sizeof(uint64_t));
    oracle__vec_clear(cases);
    for (uint32_t i = 0; i + 1 < ev->nbytes / 4; i += 2) {
        uint64_t chan = oracle__u32_at(ev->bytes, i), dir = oracle__u32_at(ev->bytes, i + 1);
        *(uint64_t *)oracle__vec_push(cases) = chan << 1 | (dir == RT_SEND);
    }
    uint32_t sc = clk_copy(st, gclock(st, ev->g));
    clk_release(st, gor(st, ev->g)->sel_clock);
    gor(st, ev->g)->sel_clock = sc;
    gor(st, ev->g)->sel_site = ev->site;
    tick(st, ev->g);
}

/* SELECT: a chosen send case is a send point, taken at SELECT_BEGIN. */
static void on_select(rc_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (ev->g >= st->sels.n || !gor(st, ev->g)->sel_clock)
        return;
    const ovec *cases = oracle__vec_at(&st->sels, ev->g);
    if (ev->a < cases->n) {
        uint64_t cs = *(const uint64_t *)oracle__vec_at(cases, (size_t)ev->a);
        if ((cs & 1) && (cs >> 1))
            record_op(st, c, ev, cs >> 1, false, ev->g, gor(st, ev->g)->sel_site,
                      gor(st, ev->g)->sel_clock);
    }
    clk_release(st, gor(st, ev->g)->sel_clock);
    gor(st, ev->g)->sel_clock = 0;
}

static void race_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    rc_state *st = p;
    if (st->once_g && ev->kind == RT_EV_FRAME_ENTER && ev->g == st->once_g) {
        rc_once_frame *f = oracle__vec_push(&st->once_frames);
        f->frame = ev->a;
        f->once = st->once_id;
    }
    if (ev->kind != RT_EV_ONCE)
        st->once_g = 0;
    switch (ev->kind) {
    case RT_EV_GO_CREATE:
        on_go_create(st, ev);
        break;
    case RT_EV_CHAN_MAKE:
        obj(st, ev->a)->cap = ev->b;
        break;
    case RT_EV_CHAN_OP:
        on_chan_op(st, c, ev);
        break;
    case RT_EV_SEND:
        on_send(st, ev);
        break;
    case RT_EV_RECV:
        on_recv(st, ev);
        break;
    case RT_EV_CLOSE:
        on_close(st, ev);
        break;
    case RT_EV_LOCK:
    case RT_EV_UNLOCK:
        on_lock(st, ev, ev->kind == RT_EV_UNLOCK);
        break;
    case RT_EV_WG_ADD:
    case RT_EV_WG_WAIT:
        on_wg(st, ev);
        break;
    case RT_EV_ONCE:
        on_once(st, ev);
        break;
    case RT_EV_DEFER_CALL:
        on_defer_call(st, ev);
        break;
    case RT_EV_SELECT_BEGIN:
        on_select_begin(st, ev);
        break;
    case RT_EV_SELECT:
        on_select(st, c, ev);
        break;
    default:
        break;
    }
}

/* ================================================================ lifecycle */

static void race_reset(void *p)
{
    rc_state *st = p;
    if (!st->clocks.elem) {
        oracle__vec_init(&st->clocks, sizeof(ovec));
        oracle__vec_init(&st->free_clocks, sizeof(uint32_t));
        oracle__vec_init(&st->nodes, sizeof(rc_node));
        oracle__vec_init(&st->ops, sizeof(rc_op));
        oracle__vec_init(&st->objs, sizeof(rc_obj));
        oracle__vec_init(&st->gors, sizeof(rc_gor));
        oracle__vec_init(&st->sels, sizeof(ovec));
        oracle__vec_init(&st->once_frames, sizeof(rc_once_frame));
    }
    st->nclocks = 1; /* clock 0 means "none" */
    oracle__vec_clear(&st->free_clocks);
    oracle__vec_clear(&st->nodes);
    oracle__vec_push(&st->nodes); /* node 0 is null */
    st->free_nodes = 0;
    oracle__vec_clear(&st->ops);
    oracle__vec_push(&st->ops); /* op 0 is null */
    oracle__vec_clear(&st->objs);
    oracle__vec_clear(&st->gors);
    oracle__vec_clear(&st->once_frames);
    st->once_g = 0;
    st->once_id = 0;
}

static void race_destroy(void *p)
{
    rc_state *st = p;
    tab_free(&st->clocks);
    oracle__vec_free(&st->free_clocks);
    oracle__vec_free(&st->nodes);
    oracle__vec_free(&st->ops);
    oracle__vec_free(&st->objs);
    oracle__vec_free(&st->gors);
    tab_free(&st->sels);
    oracle__vec_free(&st->once_frames);
}

const oracle_checker oracle__race = {"race", sizeof(rc_state), race_reset, race_event,
                                     NULL,   race_destroy};
