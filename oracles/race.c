/* race.c - the race checker: finding close-send-race, a close and a send
 * on one channel that are not ordered by happens-before.
 *
 * Such a pair is a bug even when this schedule happened to run the send
 * first and nothing panicked: another schedule runs the close first and the
 * send panics (C6). The checker reads events only, like every checker.
 *
 * Happens-before is tracked with vector clocks: one clock per goroutine,
 * dense arrays indexed by component (rows of one flat pool, all as wide as
 * the execution's largest component needs), and clocks kept on channels,
 * mutexes, WaitGroups and Onces. A goroutine owns one component, its slot,
 * from its creation to its end; after that the slot goes to the next
 * goroutine created, unless a recorded send or close of the ended
 * goroutine still compares with its component (a pinned slot). The new
 * owner starts above every value the slot ever had, so the values the old
 * owner left in other clocks never order the new owner's events; and only
 * the own component of a recorded operation's goroutine is ever compared.
 * The pool is thus as wide as the goroutines alive at once (plus those that
 * sent or closed), not as the goroutines of the whole execution. The edges
 * are the Go memory model's:
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

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

/* A send or close point: its goroutine, its slot, site and clock. */
typedef struct rc_op {
    uint32_t g, slot, site;
    uint32_t clock; /* clock pool index */
    uint32_t next;  /* next op of the same channel and kind */
} rc_op;

/* A channel, mutex, WaitGroup or Once, indexed by object id. */
typedef struct rc_obj {
    uint64_t cap;      /* channel capacity (CHAN_MAKE) */
    bool timer;        /* a time.After channel: its one send is the timer's */
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
    uint32_t clock;     /* clock pool index, 0 until first seen and after its end */
    uint32_t slot;      /* its component (valid while clock is not 0) */
    bool ended;         /* GO_END seen: its clock is gone */
    bool pinned;        /* a send or close of it is recorded: its slot stays its own */
    bool sel_pending;   /* a SELECT_BEGIN waits for its SELECT */
    uint32_t sel_clock; /* its clock at that SELECT_BEGIN, kept only when a case
                           sends on a channel (0 otherwise) */
    uint32_t sel_site;  /* site of that SELECT_BEGIN */
} rc_gor;

/* A frame running a Once's f (opened right after ONCE b=1). */
typedef struct rc_once_frame {
    uint64_t frame, once;
} rc_once_frame;

/* Narrowest clock row. */
#define RC_MIN_WIDTH 8u

/* Bound of the clock pool in MiB unless DEFERFUZZ_RACE_MAX_MB says
 * otherwise. The pool grows with the square of the goroutines alive at
 * once (about 15,000 fit in 1 GiB, 30,000 in 4 GiB); past the bound the
 * execution ends with a clear error and exit code 2, before the machine
 * runs out of memory. */
#define RC_DEFAULT_MAX_MB 4096u

typedef struct rc_state {
    /* Clocks: row c of pool is clock c, width components (component i is
     * goroutine i's); row 0 is the null clock, all zeros; [1, nclocks) are
     * in use or on the free list. The pool survives reset. */
    uint32_t *pool;
    size_t pool_cap; /* uint32_t in pool */
    uint32_t width;
    uint32_t need; /* widest component index + 1 this execution: in every row
                      (live or free) the components need and up are 0 */
    uint32_t nclocks;
    size_t max_cap;   /* bound of pool_cap (uint32_t), from DEFERFUZZ_RACE_MAX_MB */
    ovec free_clocks; /* uint32_t */
    ovec nodes;       /* rc_node; [0] is the null node */
    uint32_t free_nodes;
    ovec ops;  /* rc_op; [0] is the null op */
    ovec objs; /* rc_obj by object id */
    ovec gors; /* rc_gor by goroutine id */
    /* Slots: [0, nslots) handed out this execution; hw[s] is the highest
     * value component s has had (its ended owners' last values), free the
     * slots of ended goroutines not pinned, reused last-in first-out. */
    uint32_t nslots;
    ovec hw;         /* uint32_t by slot */
    ovec free_slots; /* uint32_t */
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

static inline uint32_t *row(const rc_state *st, uint32_t c)
{
    return st->pool + (size_t)c * st->width;
}

/* Ends the process: the pool would pass its bound (or the allocator said
 * no). An observer cannot end the execution, and carrying on without the
 * checker would report "no race" for a program that was never checked. */
static _Noreturn void pool_exhausted(const rc_state *st, size_t want, bool oom)
{
    uint32_t goroutines = st->nslots - (uint32_t)st->free_slots.n;
    uint32_t clocks = st->nclocks - 1 - (uint32_t)st->free_clocks.n;
    fflush(stdout);
    if (oom)
        fprintf(stderr, "deferfuzz: out of memory for the close/send race checker (%zu MiB)",
                want >> 18);
    else
        fprintf(stderr,
                "deferfuzz: the close/send race checker needs more than %zu MiB "
                "(DEFERFUZZ_RACE_MAX_MB)",
                st->max_cap >> 18);
    fprintf(stderr,
            " at %" PRIu32 " goroutines alive at once and %" PRIu32
            " vector clocks (one per goroutine alive, channel message, sync object and send or "
            "close site), each as wide as the goroutines alive. Schedule bugs show with a few "
            "goroutines: shrink the program, or raise DEFERFUZZ_RACE_MAX_MB\n",
            goroutines, clocks);
    fflush(stderr);
    _exit(2);
}

/* The bound in uint32_t from DEFERFUZZ_RACE_MAX_MB (a count of MiB, at
 * least 1), read once per oracle set. */
static size_t pool_bound(void)
{
    const char *e = getenv("DEFERFUZZ_RACE_MAX_MB");
    if (!e || !*e)
        return (size_t)RC_DEFAULT_MAX_MB << 18;
    char *end;
    errno = 0;
    unsigned long long mb = strtoull(e, &end, 10);
    if (*end || errno || mb < 1 || mb > ((size_t)1 << 40) || e[0] == '-') {
        fprintf(stderr, "deferfuzz: DEFERFUZZ_RACE_MAX_MB=%s: want a number of MiB, at least 1\n",
                e);
        _exit(2);
    }
    return (size_t)mb << 18;
}

static void *pool_alloc(const rc_state *st, size_t n)
{
    void *p = calloc(n, sizeof(uint32_t));
    if (!p)
        pool_exhausted(st, n, true);
    return p;
}

/* The capacity to grow to for need uint32_t, from cap: doubled, never
 * past the bound (ends the process when need is). */
static size_t pool_grow_cap(const rc_state *st, size_t cap, size_t need)
{
    if (need > st->max_cap)
        pool_exhausted(st, need, false);
    while (cap < need)
        cap *= 2;
    return cap < st->max_cap ? cap : st->max_cap;
}

/* Room for rows [0, rows) at the current width. */
static void grow_rows(rc_state *st, size_t rows)
{
    size_t cap = st->pool_cap ? st->pool_cap : 64u * st->width;
    cap = pool_grow_cap(st, cap, rows * st->width);
    uint32_t *p = pool_alloc(st, cap);
    if (st->pool)
        memcpy(p, st->pool, (size_t)st->nclocks * st->width * sizeof *p);
    free(st->pool);
    st->pool = p;
    st->pool_cap = cap;
}

static inline void ensure_rows(rc_state *st, size_t rows)
{
    if (rows * st->width > st->pool_cap)
        grow_rows(st, rows);
}

/* Makes component i exist in every clock (new components are 0): the
 * live rows move to a wider layout in a pool at least as big. */
static void ensure_width(rc_state *st, uint32_t i)
{
    uint64_t w = st->width;
    while (w <= i)
        w *= 2;
    if (w > UINT32_MAX / 2) {
        fputs("deferfuzz oracles: goroutine id too large\n", stderr);
        abort();
    }
    size_t cap = pool_grow_cap(st, st->pool_cap, (size_t)st->nclocks * w);
    uint32_t *p = pool_alloc(st, cap);
    for (uint32_t c = 0; c < st->nclocks; c++)
        memcpy(p + (size_t)c * w, row(st, c), st->width * sizeof *p);
    free(st->pool);
    st->pool = p;
    st->pool_cap = cap;
    st->width = (uint32_t)w;
}

/* A new empty clock (all components 0). */
/* A clock row to fill, contents unspecified. */
static inline uint32_t clk_alloc(rc_state *st)
{
    if (st->free_clocks.n)
        return ((uint32_t *)st->free_clocks.p)[--st->free_clocks.n];
    uint32_t c = st->nclocks;
    ensure_rows(st, (size_t)c + 1);
    st->nclocks++;
    return c;
}

static uint32_t clk_new(rc_state *st)
{
    uint32_t c = clk_alloc(st);
    uint32_t *d = row(st, c);
    for (uint32_t i = 0, n = st->width; i < n; i++)
        d[i] = 0;
    return c;
}

static void clk_release(rc_state *st, uint32_t c)
{
    if (c)
        *OI_PUSH(&st->free_clocks, uint32_t) = c;
}

/* Component i of clock c (0 beyond the width). */
static inline uint32_t clk_get(const rc_state *st, uint32_t c, uint32_t i)
{
    return i < st->width ? row(st, c)[i] : 0;
}

static inline void clk_set(rc_state *st, uint32_t c, uint32_t i, uint32_t val)
{
    if (i >= st->need) { /* need <= width */
        st->need = i + 1;
        if (i >= st->width)
            ensure_width(st, i);
    }
    row(st, c)[i] = val;
}

/* dst = max(dst, src), component-wise (components need and up are 0). */
static void clk_join(rc_state *st, uint32_t dst, uint32_t src)
{
    if (!dst || !src || dst == src)
        return;
    uint32_t *d = row(st, dst);
    const uint32_t *s = row(st, src);
    /* Whole blocks of RC_MIN_WIDTH, past need too (0 joined with 0): a
     * fixed-length loop the compiler turns into a few vector operations. */
    for (uint32_t i = 0, n = st->width; i < n; i += RC_MIN_WIDTH) {
        uint32_t a[RC_MIN_WIDTH], b[RC_MIN_WIDTH];
        memcpy(a, d + i, sizeof a);
        memcpy(b, s + i, sizeof b);
        for (uint32_t k = 0; k < RC_MIN_WIDTH; k++)
            a[k] = b[k] > a[k] ? b[k] : a[k];
        memcpy(d + i, a, sizeof a);
    }
}

/* dst = src (the null clock when src is 0). */
static void clk_assign(rc_state *st, uint32_t dst, uint32_t src)
{
    uint32_t *d = row(st, dst);
    const uint32_t *s = row(st, src);
    if (d == s)
        return;
    for (uint32_t i = 0, n = st->width; i < n; i += RC_MIN_WIDTH)
        memcpy(d + i, s + i, RC_MIN_WIDTH * sizeof *d);
}

/* A new clock equal to src. */
static uint32_t clk_copy(rc_state *st, uint32_t src)
{
    uint32_t c = clk_alloc(st);
    uint32_t *d = row(st, c);
    const uint32_t *s = row(st, src);
    /* Every row holds 0 from need up, so the whole row is copied, in
     * blocks of RC_MIN_WIDTH (the width is a power of two at least that). */
    for (uint32_t i = 0, n = st->width; i < n; i += RC_MIN_WIDTH)
        memcpy(d + i, s + i, RC_MIN_WIDTH * sizeof *d);
    return c;
}

/* Joins src into the clock at *slot, creating it when absent. */
static void clk_join_into(rc_state *st, uint32_t *slot, uint32_t src)
{
    if (!*slot)
        *slot = clk_new(st);
    clk_join(st, *slot, src);
}

/* Did the event of the goroutine owning slot s, with clock a, happen before
 * the point whose clock is b? Its own component says it all. */
static bool clk_before(rc_state *st, uint32_t s, uint32_t a, uint32_t b)
{
    return clk_get(st, a, s) <= clk_get(st, b, s);
}

/* ================================================================ goroutines and objects */

static inline rc_gor *gor(rc_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* A slot for a new goroutine and the first value of its component there:
 * above every value the slot had under its earlier owners. */
static uint32_t slot_take(rc_state *st, uint32_t *first)
{
    uint32_t s;
    if (st->free_slots.n) {
        s = ((uint32_t *)st->free_slots.p)[--st->free_slots.n];
    } else {
        s = st->nslots++;
        *OI_PUSH(&st->hw, uint32_t) = 0; /* hw.n == nslots */
    }
    *first = ((uint32_t *)st->hw.p)[s] + 1;
    return s;
}

/* Goroutine g starts with clock c (a fresh row of its own) and a slot. */
static void gor_start(rc_state *st, uint32_t g, uint32_t c)
{
    uint32_t first, s = slot_take(st, &first);
    clk_set(st, c, s, first);
    rc_gor *r = gor(st, g);
    r->clock = c;
    r->slot = s;
}

static uint32_t gclock_new(rc_state *st, uint32_t g)
{
    uint32_t c = clk_new(st);
    gor_start(st, g, c);
    return c;
}

/* The clock of goroutine g, created (own component 1) on first sight:
 * main has no GO_CREATE. */
static inline uint32_t gclock(rc_state *st, uint32_t g)
{
    uint32_t c = gor(st, g)->clock;
    return c ? c : gclock_new(st, g);
}

static inline void tick(rc_state *st, uint32_t g)
{
    rc_gor *r = gor(st, g);
    if (!r->clock) { /* (gclock_new may move the goroutine table) */
        gclock_new(st, g);
        r = gor(st, g);
    }
    row(st, r->clock)[r->slot]++; /* its own component exists */
}

/* Goroutine g acquires the clock src (0: nothing to acquire). */
static void acquire(rc_state *st, uint32_t g, uint32_t src)
{
    clk_join(st, gclock(st, g), src);
}

static inline rc_obj *obj(rc_state *st, uint64_t id)
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
    OI_PUSH(&st->nodes, rc_node);
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
    if (clk_before(st, cl->slot, cl->clock, sd->clock) ||
        clk_before(st, sd->slot, sd->clock, cl->clock))
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
        /* The latest operation of this goroutine and site stands for all.
         * (Its slot is the goroutine's unless the goroutine had events
         * after its GO_END, in a damaged trace: then it has a new one.) */
        clk_assign(st, op(st, i)->clock, clock);
        op(st, i)->slot = gor(st, g)->slot;
        gor(st, g)->pinned = true;
    } else {
        uint32_t cc = clk_copy(st, clock);
        OI_PUSH(&st->ops, rc_op);
        i = (uint32_t)(st->ops.n - 1);
        *op(st, i) = (rc_op){g, gor(st, g)->slot, site, cc, *list};
        gor(st, g)->pinned = true;
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

/* Goroutine r's clock is gone; its slot goes to the next goroutine unless
 * a recorded operation of it still compares with that component. */
static void gor_drop(rc_state *st, rc_gor *r)
{
    if (!r->clock)
        return;
    if (!r->pinned) {
        ((uint32_t *)st->hw.p)[r->slot] = row(st, r->clock)[r->slot];
        *OI_PUSH(&st->free_slots, uint32_t) = r->slot;
    }
    clk_release(st, r->clock);
    clk_release(st, r->sel_clock);
    r->clock = 0;
    r->sel_clock = 0;
    r->sel_pending = false;
    r->pinned = false;
}

/* GO_CREATE: the child starts with the parent's clock. */
static void on_go_create(rc_state *st, const rt_event *ev)
{
    uint32_t child = (uint32_t)ev->a;
    uint32_t c = clk_copy(st, gclock(st, ev->g));
    gor_drop(st, gor(st, child)); /* a goroutine id seen before: only in a damaged trace */
    gor_start(st, child, c);
    gor(st, child)->ended = false;
    tick(st, ev->g);
}

/* CHAN_MAKE: the capacity (C3) and whether a timer sends on it. */
static void on_chan_make(rc_state *st, const rt_event *ev)
{
    rc_obj *o = obj(st, ev->a);
    o->cap = ev->b;
    o->timer = ev->c == 1;
}

/* GO_END: a goroutine's end creates no edge, and nothing reads its clock
 * again. */
static void on_go_end(rc_state *st, const rt_event *ev)
{
    rc_gor *r = gor(st, ev->g);
    r->ended = true;
    gor_drop(st, r);
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
        if (m.g && m.g != g && !gor(st, m.g)->ended) {
            acquire(st, m.g, gclock(st, g));
            tick(st, m.g);
        }
    } else if (!obj(st, ev->a)->timer) {
        /* (a timer sends once: no send waits for this receive, and the
         * clock would stay to the end of the execution) */
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

/* SELECT_BEGIN: keep the cases and, when a case may send, the clock the
 * attempt starts with. */
static void on_select_begin(rc_state *st, const rt_event *ev)
{
    ovec *cases = tab_at(&st->sels, ev->g, sizeof(uint64_t));
    size_t n = ev->nbytes / 8;
    uint64_t *cs = oracle__vec_resize(cases, n);
    bool sends = false;
    for (size_t k = 0; k < n; k++) {
        uint64_t chan = oracle__u32_at(ev->bytes, 2 * k),
                 dir = oracle__u32_at(ev->bytes, 2 * k + 1);
        cs[k] = chan << 1 | (dir == RT_SEND);
        sends |= chan && dir == RT_SEND;
    }
    uint32_t sc = sends ? clk_copy(st, gclock(st, ev->g)) : 0;
    clk_release(st, gor(st, ev->g)->sel_clock);
    gor(st, ev->g)->sel_pending = true;
    gor(st, ev->g)->sel_clock = sc;
    gor(st, ev->g)->sel_site = ev->site;
    tick(st, ev->g);
}

/* SELECT: a chosen send case is a send point, taken at SELECT_BEGIN. */
static void on_select(rc_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (ev->g >= st->sels.n || !gor(st, ev->g)->sel_pending)
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
    gor(st, ev->g)->sel_pending = false;
}

/* The checker sees the synchronization events, and every event right
 * after a ONCE that runs f (its frame is the next FRAME_ENTER). */
static bool race_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    rc_state *st = p;
    if (st->once_g && ev->kind == RT_EV_FRAME_ENTER && ev->g == st->once_g) {
        rc_once_frame *f = OI_PUSH(&st->once_frames, rc_once_frame);
        f->frame = ev->a;
        f->once = st->once_id;
    }
    if (ev->kind != RT_EV_ONCE)
        st->once_g = 0;
    switch (ev->kind) {
    case RT_EV_GO_CREATE:
        on_go_create(st, ev);
        break;
    case RT_EV_GO_END:
        on_go_end(st, ev);
        break;
    case RT_EV_CHAN_MAKE:
        on_chan_make(st, ev);
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
    return st->once_g != 0;
}

/* While the checker is quiet no ONCE waits for its frame: race_event
 * then does only the work of the event's kind. One handler per kind. */

static bool q_go_create(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_go_create(p, ev);
    return false;
}

static bool q_go_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_go_end(p, ev);
    return false;
}

static bool q_chan_make(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_chan_make(p, ev);
    return false;
}

static bool q_chan_op(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_chan_op(p, c, ev);
    return false;
}

static bool q_send(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_send(p, ev);
    return false;
}

static bool q_recv(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_recv(p, ev);
    return false;
}

static bool q_close(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_close(p, ev);
    return false;
}

static bool q_lock(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_lock(p, ev, ev->kind == RT_EV_UNLOCK);
    return false;
}

static bool q_wg(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_wg(p, ev);
    return false;
}

static bool q_once(void *p, oracle_ctx *c, const rt_event *ev)
{
    rc_state *st = p;
    (void)c;
    on_once(st, ev);
    return st->once_g != 0;
}

static bool q_defer_call(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_defer_call(p, ev);
    return false;
}

static bool q_select_begin(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_select_begin(p, ev);
    return false;
}

static bool q_select(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_select(p, c, ev);
    return false;
}

static const oracle_handler race_on[RT_EV__COUNT] = {
    [RT_EV_GO_CREATE] = q_go_create,
    [RT_EV_GO_END] = q_go_end,
    [RT_EV_CHAN_MAKE] = q_chan_make,
    [RT_EV_CHAN_OP] = q_chan_op,
    [RT_EV_SEND] = q_send,
    [RT_EV_RECV] = q_recv,
    [RT_EV_CLOSE] = q_close,
    [RT_EV_LOCK] = q_lock,
    [RT_EV_UNLOCK] = q_lock,
    [RT_EV_WG_ADD] = q_wg,
    [RT_EV_WG_WAIT] = q_wg,
    [RT_EV_ONCE] = q_once,
    [RT_EV_DEFER_CALL] = q_defer_call,
    [RT_EV_SELECT_BEGIN] = q_select_begin,
    [RT_EV_SELECT] = q_select,
};

/* ================================================================ lifecycle */

static void race_reset(void *p)
{
    rc_state *st = p;
    if (!st->free_clocks.elem) {
        st->max_cap = pool_bound();
        oracle__vec_init(&st->free_clocks, sizeof(uint32_t));
        oracle__vec_init(&st->nodes, sizeof(rc_node));
        oracle__vec_init(&st->ops, sizeof(rc_op));
        oracle__vec_init(&st->objs, sizeof(rc_obj));
        oracle__vec_init(&st->gors, sizeof(rc_gor));
        oracle__vec_init(&st->hw, sizeof(uint32_t));
        oracle__vec_init(&st->free_slots, sizeof(uint32_t));
        oracle__vec_init(&st->sels, sizeof(ovec));
        oracle__vec_init(&st->once_frames, sizeof(rc_once_frame));
    }
    /* No clock is live: the width may change for free. Start as wide as
     * the last execution needed, so a steady workload never re-lays the
     * pool out, and one wide execution does not slow down the next ones. */
    uint32_t w = RC_MIN_WIDTH;
    while (w < st->need)
        w *= 2;
    st->width = w;
    st->need = 0;
    st->nclocks = 0;
    ensure_rows(st, 1);
    memset(row(st, 0), 0, st->width * sizeof(uint32_t));
    st->nclocks = 1; /* clock 0 means "none" */
    oracle__vec_clear(&st->free_clocks);
    oracle__vec_clear(&st->nodes);
    OI_PUSH(&st->nodes, rc_node); /* node 0 is null */
    st->free_nodes = 0;
    oracle__vec_clear(&st->ops);
    OI_PUSH(&st->ops, rc_op); /* op 0 is null */
    oracle__vec_clear(&st->objs);
    oracle__vec_clear(&st->gors);
    st->nslots = 0;
    oracle__vec_clear(&st->hw);
    oracle__vec_clear(&st->free_slots);
    oracle__vec_clear(&st->once_frames);
    st->once_g = 0;
    st->once_id = 0;
}

static void race_destroy(void *p)
{
    rc_state *st = p;
    free(st->pool);
    st->pool = NULL;
    oracle__vec_free(&st->free_clocks);
    oracle__vec_free(&st->nodes);
    oracle__vec_free(&st->ops);
    oracle__vec_free(&st->objs);
    oracle__vec_free(&st->gors);
    oracle__vec_free(&st->hw);
    oracle__vec_free(&st->free_slots);
    tab_free(&st->sels);
    oracle__vec_free(&st->once_frames);
}

const oracle_checker oracle__race = {
    .name = "race",
    .state_size = sizeof(rc_state),
    .events = 0, /* the kinds of race_on */
    .findings = true,
    .reset = race_reset,
    .event = race_event,
    .on = race_on,
    .finish = NULL,
    .destroy = race_destroy,
};
