/* chan_model.c - the channel checker (ORC_CHANNEL): a model of every
 * channel and select, checked against every send, receive, close and
 * select the runtime performs; and the findings send-on-closed,
 * close-of-closed and close-of-nil.
 *
 * It reads events only. Each channel (CHAN_MAKE) has its capacity, zero
 * value, closed flag and the site that closed it, the messages sent and not
 * yet received (serial and value, FIFO; an unbuffered hand-off passes
 * through it for one event), and FIFO queues of blocked senders and
 * receivers (C8), a blocked select sitting in the queue of each of its
 * channels. Each goroutine has the operation it has started (CHAN_OP,
 * SELECT_BEGIN) and what must come next. Rules, named in the messages:
 *
 *   C2/C3 a started send or receive completes at once when the model says
 *         it can (a receiver or room for a send; a buffered value, a
 *         sender or a close for a receive), else it blocks; a RECV gets the
 *         oldest message (serial and value), which for a hand-off is the
 *         value of the sender it pairs with; a send to a waiting receiver
 *         is received at once; the buffer never holds more than cap.
 *   C4/S3 a nil channel is never ready: send and receive block forever,
 *         a nil select case is never taken.
 *   C5/C6 send on a closed channel, close of a closed channel and close of
 *         nil panic: after such a CHAN_OP the goroutine's next event is
 *         PANIC with Go's message, and no SEND/CLOSE happens; no SEND ever
 *         happens on a closed channel.
 *   C6/S4 senders (and selects with a send case) blocked at close wake and
 *         panic when they run.
 *   C7    RECV with ok=false only once the channel is closed and drained,
 *         with serial 0 and the zero value; every receiver blocked at close
 *         gets it right after the CLOSE.
 *   C8    blocked senders and receivers are served in FIFO order; close
 *         wakes every receiver, then every sender.
 *   S2    a select takes only a case the model says is ready, takes default
 *         only when none is, blocks only when none is and there is no
 *         default; a select DECISION offers exactly the ready cases; a
 *         chosen send case on a closed channel panics.
 *   S4    a blocked select resumes with the case whose channel woke it.
 * A blocked goroutine must be woken (READY) or run again only after its
 * operation was completed by a counterpart or a close.
 *
 * Findings are reported when the model knows the program must panic,
 * whether or not the panic is recovered later: send-on-closed (site of the
 * send and of the close), close-of-closed (site of both closes),
 * close-of-nil. */
#include "oi.h"

#include <stdio.h>

static const char MSG_SEND_CLOSED[] = "send on closed channel";
static const char MSG_CLOSE_CLOSED[] = "close of closed channel";
static const char MSG_CLOSE_NIL[] = "close of nil channel";

/* ================================================================ state */

/* A pooled node: a message (serial, value, sender) or a blocked waiter
 * (goroutine, select case). 0 is the null index. */
typedef struct ch_node {
    uint64_t serial;
    rt_value v;
    uint32_t g; /* message: sender (0 = timer); waiter: goroutine */
    int32_t ci; /* waiter: select case index, -1 for a plain operation */
    uint32_t next;
} ch_node;

/* A select case. */
typedef struct ch_case {
    uint64_t chan; /* channel id, 0 = nil */
    uint32_t dir;  /* rt_dir */
} ch_case;

/* A FIFO list of nodes. */
typedef struct ch_fifo {
    uint32_t head, tail, n;
} ch_fifo;

/* One channel, by id. */
typedef struct ch_chan {
    bool made, closed;
    uint64_t cap;
    rt_value zero;
    uint32_t close_site, close_g;
    uint64_t last_serial;
    ch_fifo buf;   /* messages sent and not yet received */
    ch_fifo recvq; /* blocked receivers */
    ch_fifo sendq; /* blocked senders */
} ch_chan;

/* What must come next from a goroutine. */
typedef enum ch_expect {
    EX_NONE = 0,
    EX_OP,           /* a started send/recv/close: complete it (ready) or BLOCK */
    EX_NIL_BLOCK,    /* a nil-channel send/recv: BLOCK forever (C4) */
    EX_PANIC,        /* a misuse: PANIC with panic_msg (C5, C6) */
    EX_SELECT,       /* after SELECT_BEGIN: DECISION(select), SELECT or BLOCK */
    EX_SELECT_RESUME /* a woken select that runs again: SELECT of the case that fired */
} ch_expect;

/* What a goroutine is blocked in, as far as channels go. */
typedef enum ch_wait {
    CW_NONE = 0,
    CW_OP,      /* a plain send or receive (op, chan) */
    CW_SELECT,  /* a select with at least one non-nil case */
    CW_FOREVER, /* a nil channel, select {} or a select of nil cases (C4, S3) */
    CW_LOST     /* already reported as never woken: judged no further */
} ch_wait;

/* What the checker knows of one goroutine, by id. */
typedef struct ch_gor {
    uint8_t expect;        /* ch_expect */
    uint8_t op;            /* rt_chan_op started (or blocked in) */
    bool ready;            /* the model says that operation can proceed now */
    uint8_t wait;          /* ch_wait */
    uint64_t chan;         /* channel of that operation */
    uint32_t op_site;      /* site of its CHAN_OP / SELECT_BEGIN */
    const char *panic_msg; /* EX_PANIC: the message */
    bool served;           /* its blocked operation was completed */
    bool by_close;         /* ...by a close: a sender must panic */
    uint64_t served_chan;
    int32_t served_case; /* the select case that fired, -1 for none */
    uint32_t sel_n;      /* its select's cases: sel_n of them in sels[g] */
    bool sel_default;
    int64_t sel_decided; /* case taken by a select DECISION, -1 none */
} ch_gor;

typedef struct ch_state {
    ovec nodes;          /* ch_node pool; node 0 unused */
    uint32_t free;       /* free list of nodes */
    ovec chans;          /* ch_chan by channel id */
    ovec gors;           /* ch_gor by goroutine id */
    ovec sels;           /* ovec of ch_case by goroutine id; never shrinks (it owns buffers) */
    ovec scratch;        /* uint32_t: ready case indexes (see ready_list) */
    uint64_t ready_mask; /* ready_cases(): the ready cases among the first 64 */
    uint32_t nready;     /* ...how many are ready */
    bool ready_listed;   /* ...and scratch lists them all */
    uint64_t closing;    /* a CLOSE whose wake-ups (RECV, READY) are under way */
    uint64_t must_recv;  /* a SEND that a RECV on this channel must take next */
    uint32_t nexpect;    /* goroutines (not g0) with an expectation: every event is judged */
} ch_state;

/* ================================================================ nodes and lists */

static ch_node *node(ch_state *st, uint32_t i)
{
    return oracle__vec_at(&st->nodes, i);
}

static uint32_t node_new(ch_state *st)
{
    uint32_t i = st->free;
    if (i) {
        st->free = node(st, i)->next;
        memset(node(st, i), 0, sizeof(ch_node));
        return i;
    }
    OI_PUSH(&st->nodes, ch_node);
    return (uint32_t)(st->nodes.n - 1);
}

static void node_free(ch_state *st, uint32_t i)
{
    node(st, i)->next = st->free;
    st->free = i;
}

static void fifo_push(ch_state *st, ch_fifo *f, uint32_t i)
{
    node(st, i)->next = 0;
    if (f->tail)
        node(st, f->tail)->next = i;
    else
        f->head = i;
    f->tail = i;
    f->n++;
}

/* Unlinks node i, whose predecessor is prev (0 for the head). */
static void fifo_unlink(ch_state *st, ch_fifo *f, uint32_t prev, uint32_t i)
{
    uint32_t next = node(st, i)->next;
    if (prev)
        node(st, prev)->next = next;
    else
        f->head = next;
    if (f->tail == i)
        f->tail = prev;
    f->n--;
}

/* Removes and frees every node of goroutine g from f. */
static void fifo_drop_g(ch_state *st, ch_fifo *f, uint32_t g)
{
    uint32_t prev = 0;
    for (uint32_t i = f->head; i;) {
        uint32_t next = node(st, i)->next;
        if (node(st, i)->g == g) {
            fifo_unlink(st, f, prev, i);
            node_free(st, i);
        } else {
            prev = i;
        }
        i = next;
    }
}

/* The first node of g in f, or 0. */
static uint32_t fifo_find_g(ch_state *st, const ch_fifo *f, uint32_t g)
{
    for (uint32_t i = f->head; i; i = node(st, i)->next)
        if (node(st, i)->g == g)
            return i;
    return 0;
}

/* ================================================================ lookups */

static inline ch_gor *gor(ch_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* The channel with this id, or NULL when it was never made. */
static ch_chan *chan(ch_state *st, uint64_t id)
{
    if (id == 0 || id >= st->chans.n)
        return NULL;
    ch_chan *ch = oracle__vec_at(&st->chans, (size_t)id);
    return ch->made ? ch : NULL;
}

static bool send_ready(const ch_chan *ch)
{
    return ch && (ch->closed || ch->recvq.n > 0 || ch->buf.n < ch->cap);
}

static bool recv_ready(const ch_chan *ch)
{
    return ch && (ch->buf.n > 0 || ch->sendq.n > 0 || ch->closed);
}

static const char *op_name(uint32_t op)
{
    return op == RT_OP_SEND ? "send" : op == RT_OP_RECV ? "receive" : "close";
}

/* ================================================================ waiters */

/* The cases of g's select (x->sel_n of them are valid). */
static ch_case *sel_cases(ch_state *st, uint32_t g)
{
    if (g >= st->sels.n)
        oracle__vec_grow_to(&st->sels, (size_t)g + 1);
    ovec *v = oracle__vec_at(&st->sels, g);
    if (!v->elem)
        oracle__vec_init(v, sizeof(ch_case));
    return (ch_case *)v->p;
}

/* Takes g out of every queue it waits in (a select waits in several). */
static void drop_waiter_slow(ch_state *st, uint32_t g, ch_gor *x)
{
    if (x->wait == CW_OP) {
        ch_chan *ch = chan(st, x->chan);
        if (ch)
            fifo_drop_g(st, x->op == RT_OP_SEND ? &ch->sendq : &ch->recvq, g);
    } else {
        const ch_case *cs = sel_cases(st, g);
        for (uint32_t k = 0; k < x->sel_n; k++) {
            ch_chan *ch = chan(st, cs[k].chan);
            if (ch)
                fifo_drop_g(st, cs[k].dir == RT_SEND ? &ch->sendq : &ch->recvq, g);
        }
    }
}

static inline void drop_waiter(ch_state *st, uint32_t g)
{
    ch_gor *x = gor(st, g);
    if (x->wait == CW_OP || x->wait == CW_SELECT)
        drop_waiter_slow(st, g, x);
}

static void enqueue(ch_state *st, ch_fifo *q, uint32_t g, int32_t ci)
{
    uint32_t i = node_new(st);
    node(st, i)->g = g;
    node(st, i)->ci = ci;
    fifo_push(st, q, i);
}

/* Forgets g's select cases. */
static void sel_clear(ch_gor *x)
{
    x->sel_n = 0;
}

/* Case k of g's select, or NULL. */
static const ch_case *sel_case(ch_state *st, uint32_t g, const ch_gor *x, uint64_t k)
{
    return k < x->sel_n ? &sel_cases(st, g)[k] : NULL;
}

static bool case_ready(ch_state *st, const ch_case *cs)
{
    ch_chan *ch = chan(st, cs->chan);
    return cs->dir == RT_SEND ? send_ready(ch) : recv_ready(ch);
}

/* Finds the ready cases of g's select: their number (st->nready) and
 * the mask of the first 64, which it returns; ready_list() and
 * ready_first() tell which they are. */
static uint64_t ready_cases(ch_state *st, uint32_t g, const ch_gor *x)
{
    uint64_t mask = 0;
    uint32_t n = 0;
    const ch_case *cs = sel_cases(st, g);
    bool big = x->sel_n > 64;
    if (big)
        oracle__vec_clear(&st->scratch);
    for (uint32_t k = 0; k < x->sel_n; k++) {
        if (!case_ready(st, &cs[k]))
            continue;
        n++;
        if (k < 64)
            mask |= 1ull << k;
        if (big)
            *OI_PUSH(&st->scratch, uint32_t) = k;
    }
    st->ready_mask = mask;
    st->nready = n;
    st->ready_listed = big;
    return mask;
}

/* The ready case indexes of the last ready_cases(), ascending (nready). */
static const uint32_t *ready_list(ch_state *st)
{
    if (!st->ready_listed) {
        oracle__vec_clear(&st->scratch);
        for (uint64_t m = st->ready_mask; m; m &= m - 1)
            *OI_PUSH(&st->scratch, uint32_t) = (uint32_t)__builtin_ctzll(m);
        st->ready_listed = true;
    }
    return (const uint32_t *)st->scratch.p;
}

/* The first ready case of the last ready_cases() (nready > 0). */
static uint32_t ready_first(ch_state *st)
{
    return st->ready_listed ? *(const uint32_t *)st->scratch.p
                            : (uint32_t)__builtin_ctzll(st->ready_mask);
}

/* ================================================================ findings */

static void find_send_closed(ch_state *st, oracle_ctx *c, const rt_event *ev, uint32_t g,
                             uint64_t id)
{
    ch_chan *ch = chan(st, id);
    uint32_t site = gor(st, g)->op_site;
    uint32_t sites[2] = {site, ch->close_site};
    uint32_t gs[2] = {g, ch->close_g};
    oracle__finding(c, OF_SEND_ON_CLOSED, ev, gs, 2, sites, 2,
                    "send on closed channel c%llu at %s (closed at %s)", (unsigned long long)id,
                    oracle__site(c, site), oracle__site(c, ch->close_site));
}

/* The goroutine must panic with msg next (C5, C6). */
static void want_panic(ch_gor *x, const char *msg)
{
    x->expect = EX_PANIC;
    x->panic_msg = msg;
}

/* ================================================================ expectations */

/* Why the model thinks x's started operation can proceed, or not. */
static void ready_reason(ch_state *st, const ch_gor *x, char *b, size_t cap)
{
    ch_chan *ch = chan(st, x->chan);
    if (!ch) {
        snprintf(b, cap, "unknown channel");
        return;
    }
    snprintf(b, cap, "%s, %u of %llu buffered, %u receivers and %u senders waiting",
             ch->closed ? "closed" : "open", ch->buf.n, (unsigned long long)ch->cap, ch->recvq.n,
             ch->sendq.n);
}

/* C2/C3/C4: does ev carry on x's started operation (expectation ex)? */
static bool op_matches(int ex, const ch_gor *x, const rt_event *ev)
{
    if (ex == EX_NIL_BLOCK)
        return ev->kind == RT_EV_BLOCK &&
               ev->a == (x->op == RT_OP_SEND ? RT_WAIT_NIL_SEND : RT_WAIT_NIL_RECV);
    if (!x->ready)
        return ev->kind == RT_EV_BLOCK && ev->b == x->chan &&
               ev->a == (x->op == RT_OP_SEND ? RT_WAIT_CHAN_SEND : RT_WAIT_CHAN_RECV);
    uint32_t want = x->op == RT_OP_SEND   ? RT_EV_SEND
                    : x->op == RT_OP_RECV ? RT_EV_RECV
                                          : RT_EV_CLOSE;
    return ev->kind == want && ev->a == x->chan;
}

OI_COLD static void op_mismatch(ch_state *st, oracle_ctx *c, const rt_event *ev, int ex,
                                const ch_gor *x)
{
    char why[128];
    ready_reason(st, x, why, sizeof why);
    const char *kind = rt_event_name((rt_event_kind)ev->kind);
    unsigned long long id = (unsigned long long)x->chan;
    if (ex == EX_NIL_BLOCK)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C4: %s on a nil channel by g%u must block forever, but it did %s",
                          op_name(x->op), ev->g, kind);
    else if (x->ready && ev->kind == RT_EV_BLOCK)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2/C3: g%u blocked in %s on c%llu, which can proceed (%s)", ev->g,
                          op_name(x->op), id, why);
    else if (!x->ready && (ev->kind == RT_EV_SEND || ev->kind == RT_EV_RECV))
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2/C3: g%u completed a %s on c%llu, which must block (%s)", ev->g,
                          op_name(x->op), id, why);
    else
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2/C3: after starting a %s on c%llu (%s), g%u did %s", op_name(x->op),
                          id, x->ready ? "ready" : "must block", ev->g, kind);
}

/* C5/C6: the misuse panic. */
static void check_panic(oracle_ctx *c, const rt_event *ev, const ch_gor *x)
{
    const char *rule = x->panic_msg == MSG_SEND_CLOSED ? "C6" : "C5";
    if (ev->kind != RT_EV_PANIC) {
        oracle__violation(c, ORC_CHANNEL, ev, "%s: g%u must panic \"%s\", but it did %s%s", rule,
                          ev->g, x->panic_msg, rt_event_name((rt_event_kind)ev->kind),
                          ev->kind == RT_EV_SEND || ev->kind == RT_EV_CLOSE
                              ? " (the operation must not happen)"
                              : "");
        return;
    }
    size_t n = strlen(x->panic_msg);
    if (ev->v.kind != RT_V_RTERROR || ev->v.n != n || memcmp(ev->v.s, x->panic_msg, n) != 0)
        oracle__violation(c, ORC_CHANNEL, ev, "%s: g%u panicked with %s, want runtime error \"%s\"",
                          rule, ev->g, oracle__value(c, &ev->v), x->panic_msg);
}

/* Checks ev against what g must do next; returns the expectation it
 * fulfils (EX_NONE when there was none or it was broken). */
static int check_expect(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    int ex = x->expect;
    if (ex == EX_SELECT && ev->kind == RT_EV_DECISION && ev->a == RT_DEC_SELECT)
        return EX_SELECT; /* still in the select */
    x->expect = EX_NONE;
    switch (ex) {
    case EX_PANIC:
        check_panic(c, ev, x);
        return ex;
    case EX_OP:
    case EX_NIL_BLOCK:
        if (op_matches(ex, x, ev))
            return ex;
        op_mismatch(st, c, ev, ex, x);
        return EX_NONE;
    case EX_SELECT:
        if (ev->kind == RT_EV_SELECT || ev->kind == RT_EV_BLOCK)
            return ex;
        break;
    case EX_SELECT_RESUME:
        if (ev->kind == RT_EV_SELECT)
            return ex;
        break;
    default:
        return EX_NONE;
    }
    oracle__violation(c, ORC_CHANNEL, ev, "S2: g%u is in a select but did %s", ev->g,
                      rt_event_name((rt_event_kind)ev->kind));
    return EX_NONE;
}

/* ================================================================ CHAN_MAKE, CHAN_OP, CLOSE */

static void on_make(ch_state *st, const rt_event *ev)
{
    if (ev->a == 0)
        return;
    oracle__vec_grow_to(&st->chans, (size_t)ev->a + 1);
    ch_chan *ch = oracle__vec_at(&st->chans, (size_t)ev->a);
    memset(ch, 0, sizeof *ch);
    ch->made = true;
    ch->cap = ev->b;
    ch->zero = ev->v;
}

static void on_chan_op(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    drop_waiter(st, ev->g); /* a blocked goroutine acting is the scheduler's violation */
    x->wait = CW_NONE;
    x->op = (uint8_t)ev->b;
    x->chan = ev->a;
    x->op_site = ev->site;
    ch_chan *ch = chan(st, ev->a);
    if (ev->b < RT_OP_SEND || ev->b > RT_OP_CLOSE) {
        oracle__violation(c, ORC_CHANNEL, ev, "CHAN_OP of unknown operation %llu",
                          (unsigned long long)ev->b);
    } else if (ev->a == 0 && ev->b == RT_OP_CLOSE) {
        oracle__finding(c, OF_CLOSE_OF_NIL, ev, &ev->g, 1, &ev->site, 1,
                        "close of nil channel at %s", oracle__site(c, ev->site));
        want_panic(x, MSG_CLOSE_NIL);
    } else if (ev->a == 0) {
        x->expect = EX_NIL_BLOCK;
    } else if (!ch) {
        oracle__violation(c, ORC_CHANNEL, ev, "%s on c%llu, which was never made",
                          op_name((uint32_t)ev->b), (unsigned long long)ev->a);
    } else if (ch->closed && ev->b == RT_OP_SEND) {
        find_send_closed(st, c, ev, ev->g, ev->a);
        want_panic(x, MSG_SEND_CLOSED);
    } else if (ch->closed && ev->b == RT_OP_CLOSE) {
        uint32_t sites[2] = {ev->site, ch->close_site};
        uint32_t gs[2] = {ev->g, ch->close_g};
        oracle__finding(c, OF_CLOSE_OF_CLOSED, ev, gs, 2, sites, 2,
                        "close of closed channel c%llu at %s (first closed at %s)",
                        (unsigned long long)ev->a, oracle__site(c, ev->site),
                        oracle__site(c, ch->close_site));
        want_panic(x, MSG_CLOSE_CLOSED);
    } else {
        x->expect = EX_OP;
        x->ready = ev->b == RT_OP_SEND ? send_ready(ch) : ev->b == RT_OP_RECV ? recv_ready(ch) : 1;
    }
}

static void on_close(ch_state *st, oracle_ctx *c, const rt_event *ev, int ex)
{
    ch_chan *ch = chan(st, ev->a);
    if (!ch)
        return;
    if (ex != EX_OP)
        oracle__violation(c, ORC_CHANNEL, ev, "CLOSE of c%llu by g%u, which was not closing it%s",
                          (unsigned long long)ev->a, ev->g,
                          ch->closed ? " (C5: already closed)" : "");
    if (ch->closed)
        return;
    ch->closed = true;
    ch->close_site = ev->site;
    ch->close_g = ev->g;
    st->closing = ev->a;
}

/* C6/C7/C8: the wake-ups of a close are over; nobody may be left waiting. */
static void end_close(ch_state *st, oracle_ctx *c, const rt_event *ev)
{
    unsigned long long id = (unsigned long long)st->closing;
    ch_chan *ch = chan(st, st->closing);
    st->closing = 0;
    while (ch && ch->recvq.n) {
        uint32_t g = node(st, ch->recvq.head)->g;
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C7: close of c%llu at %s left g%u blocked in receive; every receiver "
                          "blocked at close gets (zero, false) right away",
                          id, oracle__site(c, ch->close_site), g);
        drop_waiter(st, g);
        fifo_drop_g(st, &ch->recvq, g); /* even when its model wait is elsewhere */
        gor(st, g)->wait = CW_LOST;     /* reported; judge it no further */
    }
    while (ch && ch->sendq.n) {
        uint32_t g = node(st, ch->sendq.head)->g;
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C6: close of c%llu at %s left g%u blocked in send; a sender blocked at "
                          "close wakes and panics",
                          id, oracle__site(c, ch->close_site), g);
        drop_waiter(st, g);
        fifo_drop_g(st, &ch->sendq, g);
        gor(st, g)->wait = CW_LOST;
    }
}

/* ================================================================ SEND, RECV */

/* C8: a blocked goroutine completed by a counterpart (or a close) must be
 * the head of its queue. Marks it served. */
static void serve(ch_state *st, oracle_ctx *c, const rt_event *ev, uint32_t g, ch_chan *ch,
                  bool send)
{
    ch_fifo *q = send ? &ch->sendq : &ch->recvq;
    ch_gor *x = gor(st, g);
    uint32_t i = fifo_find_g(st, q, g);
    const char *what = send ? "send" : "receive";
    if (!i)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2: %s completed for g%u, which is not waiting to %s on c%llu", what, g,
                          what, (unsigned long long)ev->a);
    else if (i != q->head)
        oracle__violation(
            c, ORC_CHANNEL, ev,
            "C8: %s completed for g%u before g%u, which waited longer on c%llu (FIFO)", what, g,
            node(st, q->head)->g, (unsigned long long)ev->a);
    x->served_case = i ? node(st, i)->ci : -1;
    drop_waiter(st, g);
    x->served = true;
    x->served_chan = ev->a;
}

/* Who may SEND or RECV: the running goroutine doing that operation, a
 * goroutine blocked on it (served on its behalf), or a timer (SEND g=0). */
static void check_actor(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_chan *ch, int ex)
{
    bool send = ev->kind == RT_EV_SEND;
    if (ev->g == 0) {
        if (!send || !(ch->recvq.n > 0 || ch->buf.n < ch->cap))
            oracle__violation(c, ORC_CHANNEL, ev,
                              "C2/C3: %s by a timer on c%llu, which has no room",
                              rt_event_name((rt_event_kind)ev->kind), (unsigned long long)ev->a);
        return;
    }
    ch_gor *x = gor(st, ev->g);
    if (x->wait == CW_NONE) {
        if (ex != EX_OP)
            oracle__violation(c, ORC_CHANNEL, ev, "%s by g%u, which did not start a %s on c%llu",
                              rt_event_name((rt_event_kind)ev->kind), ev->g,
                              send ? "send" : "receive", (unsigned long long)ev->a);
    } else if ((x->wait == CW_OP || x->wait == CW_SELECT) && !x->served) {
        serve(st, c, ev, ev->g, ch, send);
    } else if (x->wait != CW_LOST) {
        oracle__violation(c, ORC_CHANNEL, ev, "%s for g%u, which is not waiting on c%llu%s",
                          rt_event_name((rt_event_kind)ev->kind), ev->g, (unsigned long long)ev->a,
                          x->wait == CW_FOREVER ? " (C4/S3: it blocks forever)" : "");
    }
}

static void on_send(ch_state *st, oracle_ctx *c, const rt_event *ev, int ex)
{
    ch_chan *ch = chan(st, ev->a);
    if (!ch) {
        oracle__violation(c, ORC_CHANNEL, ev, "SEND on c%llu, which was never made",
                          (unsigned long long)ev->a);
        return;
    }
    if (ch->closed) {
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C6: SEND of %s on closed channel c%llu by g%u; a send on a closed "
                          "channel panics and sends nothing",
                          oracle__value(c, &ev->v), (unsigned long long)ev->a, ev->g);
        return;
    }
    if (ev->b <= ch->last_serial)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2: SEND on c%llu with serial %llu after serial %llu",
                          (unsigned long long)ev->a, (unsigned long long)ev->b,
                          (unsigned long long)ch->last_serial);
    ch->last_serial = ev->b;
    check_actor(st, c, ev, ch, ex);
    uint32_t i = node_new(st);
    ch_node *m = node(st, i);
    m->serial = ev->b;
    m->v = ev->v;
    m->g = ev->g;
    fifo_push(st, &ch->buf, i);
    /* A waiting receiver takes it at once (C2); the buffer never overflows. */
    if (ch->buf.n > ch->cap || ch->recvq.n > 0)
        st->must_recv = ev->a;
}

/* C2/C3: ev received a value: it must be the oldest message. */
static void recv_value(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_chan *ch)
{
    unsigned long long id = (unsigned long long)ev->a, s = (unsigned long long)ev->b;
    if (!ch->buf.n) {
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2: g%u received %s (serial %llu) on c%llu, but no value is in flight",
                          ev->g, oracle__value(c, &ev->v), s, id);
        return;
    }
    uint32_t prev = 0, i = ch->buf.head;
    while (i && node(st, i)->serial != ev->b) {
        prev = i;
        i = node(st, i)->next;
    }
    const ch_node *h = node(st, ch->buf.head);
    if (!i)
        oracle__violation(
            c, ORC_CHANNEL, ev,
            "C2/C3: g%u received %s (serial %llu) on c%llu, but the oldest value sent "
            "is %s (serial %llu)",
            ev->g, oracle__value(c, &ev->v), s, id, oracle__value(c, &h->v),
            (unsigned long long)h->serial);
    else if (i != ch->buf.head)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C3: g%u received serial %llu on c%llu before serial %llu (%s), which "
                          "was sent earlier (FIFO)",
                          ev->g, s, id, (unsigned long long)h->serial, oracle__value(c, &h->v));
    else if (!rt_value_equal(h->v, ev->v))
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2: g%u received %s on c%llu, but serial %llu was sent as %s", ev->g,
                          oracle__value(c, &ev->v), id, s, oracle__value(c, &h->v));
    if (!i) {
        i = ch->buf.head;
        prev = 0;
    }
    fifo_unlink(st, &ch->buf, prev, i);
    node_free(st, i);
}

/* C7: ev received (zero, false): only from a closed, drained channel. */
static void recv_closed(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_chan *ch)
{
    unsigned long long id = (unsigned long long)ev->a;
    if (!ch->closed)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C7: g%u got ok=false from c%llu, which is not closed", ev->g, id);
    else if (ch->buf.n)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C7: g%u got ok=false from closed c%llu while %u values are still "
                          "buffered; they are received first",
                          ev->g, id, ch->buf.n);
    if (ev->b != 0)
        oracle__violation(c, ORC_CHANNEL, ev, "C7: ok=false receive on c%llu with serial %llu", id,
                          (unsigned long long)ev->b);
    if (!rt_value_equal(ev->v, ch->zero))
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C7: g%u received %s with ok=false from closed, drained c%llu; want the "
                          "zero value %s",
                          ev->g, oracle__value(c, &ev->v), id, oracle__value(c, &ch->zero));
    ch_gor *x = gor(st, ev->g);
    if (ev->g && x->wait != CW_NONE && st->closing != ev->a)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C7: blocked g%u got (zero, false) from c%llu, but not from its close",
                          ev->g, id);
}

static void on_recv(ch_state *st, oracle_ctx *c, const rt_event *ev, int ex)
{
    ch_chan *ch = chan(st, ev->a);
    if (!ch) {
        oracle__violation(c, ORC_CHANNEL, ev, "RECV on c%llu, which was never made",
                          (unsigned long long)ev->a);
        return;
    }
    if (st->must_recv == ev->a)
        st->must_recv = 0;
    check_actor(st, c, ev, ch, ex);
    if (ev->c)
        recv_value(st, c, ev, ch);
    else
        recv_closed(st, c, ev, ch);
    if (ev->c && ev->b == 0)
        oracle__violation(c, ORC_CHANNEL, ev, "C2: RECV with ok=true but serial 0 on c%llu",
                          (unsigned long long)ev->a);
}

/* C2/C3: a SEND that a RECV had to take at once was left. */
static void lost_handoff(ch_state *st, oracle_ctx *c, const rt_event *ev)
{
    ch_chan *ch = chan(st, st->must_recv);
    unsigned long long id = (unsigned long long)st->must_recv;
    st->must_recv = 0;
    if (!ch)
        return;
    if (ch->recvq.n)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2: a value sent on c%llu was not handed at once to g%u, which waits to "
                          "receive (next event: %s)",
                          id, node(st, ch->recvq.head)->g,
                          ev ? rt_event_name((rt_event_kind)ev->kind) : "end of trace");
    else
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C2/C3: c%llu holds %u values, more than its capacity %llu", id,
                          ch->buf.n, (unsigned long long)ch->cap);
}

/* ================================================================ BLOCK, READY, RUN */

/* "receive on c3", "select", ... for messages. */
static void wait_text(const ch_gor *x, char *b, size_t cap)
{
    if (x->wait == CW_OP)
        snprintf(b, cap, "%s on c%llu", op_name(x->op), (unsigned long long)x->chan);
    else if (x->wait == CW_SELECT)
        snprintf(b, cap, "select");
    else
        snprintf(b, cap, "an operation that blocks forever");
}

/* S2/S3: a select may block only when no case is ready and there is no
 * default; it then waits in the queue of each non-nil case's channel. */
static void select_block(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    ready_cases(st, ev->g, x);
    if (st->nready) {
        uint32_t k = ready_first(st);
        const ch_case *cs = sel_case(st, ev->g, x, k);
        oracle__violation(c, ORC_CHANNEL, ev,
                          "S2: select of g%u blocked while case %u (%s on c%llu) is ready", ev->g,
                          k, cs->dir == RT_SEND ? "send" : "receive", (unsigned long long)cs->chan);
    } else if (x->sel_default) {
        oracle__violation(c, ORC_CHANNEL, ev, "S2: select of g%u blocked although it has a default",
                          ev->g);
    }
    bool any = false;
    const ch_case *cs = sel_cases(st, ev->g); /* enqueue moves no case */
    for (uint32_t k = 0; k < x->sel_n; k++) {
        ch_chan *ch = chan(st, cs[k].chan);
        if (!ch)
            continue;
        enqueue(st, cs[k].dir == RT_SEND ? &ch->sendq : &ch->recvq, ev->g, (int32_t)k);
        any = true;
    }
    x->wait = any ? CW_SELECT : CW_FOREVER;
}

static void on_block(ch_state *st, oracle_ctx *c, const rt_event *ev, int ex)
{
    ch_gor *x = gor(st, ev->g);
    x->served = false;
    x->by_close = false;
    x->served_case = -1;
    if (ex == EX_OP) {
        ch_chan *ch = chan(st, x->chan);
        enqueue(st, x->op == RT_OP_SEND ? &ch->sendq : &ch->recvq, ev->g, -1);
        x->wait = CW_OP;
    } else if (ex == EX_NIL_BLOCK) {
        x->wait = CW_FOREVER;
    } else if (ex == EX_SELECT) {
        select_block(st, c, ev, x);
    }
}

/* C6/C8: during a close, READY of a blocked sender is its wake-up. */
static bool close_wakes_sender(ch_state *st, oracle_ctx *c, const rt_event *ev, uint32_t g)
{
    ch_chan *ch = chan(st, st->closing);
    uint32_t i = ch ? fifo_find_g(st, &ch->sendq, g) : 0;
    if (!i)
        return false;
    unsigned long long id = (unsigned long long)st->closing;
    if (ch->recvq.n)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C8: close of c%llu woke sender g%u before receiver g%u (receivers "
                          "first)",
                          id, g, node(st, ch->recvq.head)->g);
    else if (i != ch->sendq.head)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C8: close of c%llu woke sender g%u before g%u, which waited longer", id,
                          g, node(st, ch->sendq.head)->g);
    ch_gor *x = gor(st, g);
    x->served_case = node(st, i)->ci;
    drop_waiter(st, g);
    x->served = true;
    x->by_close = true;
    x->served_chan = st->closing;
    return true;
}

/* C2: g was woken, but nothing completed its operation. */
OI_COLD static void woken_for_nothing(ch_state *st, oracle_ctx *c, const rt_event *ev, uint32_t g)
{
    ch_gor *x = gor(st, g);
    char what[64];
    wait_text(x, what, sizeof what);
    oracle__violation(c, ORC_CHANNEL, ev,
                      "C2: g%u woken from %s, but no counterpart or close completed it", g, what);
    drop_waiter(st, g);
    x->wait = CW_LOST;
}

static void on_ready(ch_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t g = (uint32_t)ev->a;
    ch_gor *x = gor(st, g);
    if ((x->wait == CW_OP || x->wait == CW_SELECT) && !x->served &&
        !(st->closing && close_wakes_sender(st, c, ev, g))) {
        woken_for_nothing(st, c, ev, g);
    } else if (x->wait == CW_FOREVER) {
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C4/S3: g%u woken from a nil-channel operation or empty select, which "
                          "blocks forever",
                          g);
        x->wait = CW_LOST;
    }
}

/* C2/C7: g runs again, but nothing completed its operation. */
OI_COLD static void runs_for_nothing(ch_state *st, oracle_ctx *c, const rt_event *ev)
{
    ch_gor *x = gor(st, ev->g);
    char what[64];
    wait_text(x, what, sizeof what);
    ch_chan *ch = chan(st, x->chan);
    bool c7 = x->wait == CW_OP && x->op == RT_OP_RECV && ch && ch->closed;
    oracle__violation(c, ORC_CHANNEL, ev,
                      "%s: g%u runs again while blocked in %s: no counterpart or close "
                      "completed it%s",
                      c7 ? "C7" : "C2", ev->g, what,
                      c7 ? " (a receiver blocked at close gets (zero, false) first)" : "");
    drop_waiter(st, ev->g);
}

/* A goroutine runs again: its blocked operation must have completed. */
static void on_run(ch_state *st, oracle_ctx *c, const rt_event *ev)
{
    ch_gor *x = gor(st, ev->g);
    if ((x->wait == CW_OP || x->wait == CW_SELECT) && !x->served) {
        runs_for_nothing(st, c, ev);
    } else if (x->wait == CW_SELECT) {
        x->expect = EX_SELECT_RESUME;
    } else if (x->wait == CW_OP && x->by_close) {
        find_send_closed(st, c, ev, ev->g, x->served_chan); /* C6 */
        want_panic(x, MSG_SEND_CLOSED);
    } else if (x->wait == CW_FOREVER) {
        oracle__violation(c, ORC_CHANNEL, ev,
                          "C4/S3: g%u runs again after blocking forever (nil channel or empty "
                          "select)",
                          ev->g);
    }
    x->wait = CW_NONE;
}

/* ================================================================ select */

static void on_select_begin(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    drop_waiter(st, ev->g);
    x->wait = CW_NONE;
    sel_clear(x);
    uint32_t n = (uint32_t)ev->b;
    if (ev->nbytes < 8ull * n)
        oracle__violation(c, ORC_CHANNEL, ev, "SELECT_BEGIN of %u cases carries %u bytes", n,
                          ev->nbytes);
    sel_cases(st, ev->g);
    ch_case *cs = oracle__vec_resize(oracle__vec_at(&st->sels, ev->g), n);
    for (uint32_t k = 0; k < n; k++) {
        bool have = 8ull * k + 8 <= ev->nbytes;
        cs[k].chan = have ? oracle__u32_at(ev->bytes, 2 * (size_t)k) : 0;
        cs[k].dir = have ? oracle__u32_at(ev->bytes, 2 * (size_t)k + 1) : RT_RECV;
    }
    x->sel_n = n;
    x->sel_default = ev->c != 0;
    x->sel_decided = -1;
    x->op_site = ev->site;
    x->expect = EX_SELECT;
}

/* Writes up to 8 u32 of a list as "[0 2]". */
static void list_text(char *b, size_t cap, const uint8_t *bytes, const uint32_t *v, size_t n)
{
    int len = snprintf(b, cap, "[");
    for (size_t i = 0; i < n && i < 8 && len < (int)cap; i++)
        len += snprintf(b + len, cap - (size_t)len, i ? " %u" : "%u",
                        bytes ? oracle__u32_at(bytes, i) : v[i]);
    if (len < (int)cap)
        snprintf(b + len, cap - (size_t)len, n > 8 ? " ...]" : "]");
}

OI_COLD static void decision_not_ready(ch_state *st, oracle_ctx *c, const rt_event *ev,
                                       const uint32_t *want)
{
    uint32_t n = (uint32_t)ev->b;
    char got[80], exp[80];
    bool have = ev->nbytes >= 4ull * n;
    list_text(got, sizeof got, have ? ev->bytes : NULL, NULL, have ? n : 0);
    list_text(exp, sizeof exp, NULL, want, st->nready);
    oracle__violation(c, ORC_CHANNEL, ev,
                      "S2: select decision of g%u offers cases %s, but the ready ones are %s",
                      ev->g, got, exp);
}

/* S2: a select decision offers exactly the ready cases. */
static void on_select_decision(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    ready_cases(st, ev->g, x);
    uint32_t n = (uint32_t)ev->b;
    const uint32_t *want = ready_list(st);
    bool same = n == st->nready && ev->nbytes >= 4ull * n;
    for (uint32_t i = 0; same && i < n; i++)
        same = oracle__u32_at(ev->bytes, i) == want[i];
    if (!same)
        decision_not_ready(st, c, ev, want);
    if (ev->c < n && ev->nbytes >= 4ull * n)
        x->sel_decided = oracle__u32_at(ev->bytes, (size_t)ev->c);
}

/* S2: default only when no case is ready. */
static void select_default(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    if (!x->sel_default)
        oracle__violation(c, ORC_CHANNEL, ev, "S2: select of g%u without default took default",
                          ev->g);
    if (!st->nready)
        return;
    uint32_t k = ready_first(st);
    const ch_case *cs = sel_case(st, ev->g, x, k);
    oracle__violation(c, ORC_CHANNEL, ev,
                      "S2: select of g%u took default while case %u (%s on c%llu) is ready", ev->g,
                      k, cs->dir == RT_SEND ? "send" : "receive", (unsigned long long)cs->chan);
}

/* S2/S3: the case a select takes at once must be ready; a send case on a
 * closed channel panics. */
static void select_now(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    uint64_t mask = ready_cases(st, ev->g, x);
    int64_t k = (int64_t)ev->a;
    if (ev->b != x->sel_n)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "SELECT of g%u reports %llu cases, SELECT_BEGIN had %u", ev->g,
                          (unsigned long long)ev->b, x->sel_n);
    if (ev->c != mask)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "S2: SELECT of g%u reports ready mask %#llx, the model says %#llx", ev->g,
                          (unsigned long long)ev->c, (unsigned long long)mask);
    if (k == -1) {
        select_default(st, c, ev, x);
        return;
    }
    const ch_case *cs =
        k >= 0 && k < (int64_t)x->sel_n ? sel_case(st, ev->g, x, (uint64_t)k) : NULL;
    if (!cs) {
        oracle__violation(c, ORC_CHANNEL, ev, "S2: select of g%u took case %lld of %u", ev->g,
                          (long long)k, x->sel_n);
        return;
    }
    uint64_t id = cs->chan;
    bool send = cs->dir == RT_SEND, ready = case_ready(st, cs);
    if (id == 0)
        oracle__violation(
            c, ORC_CHANNEL, ev,
            "S3: select of g%u took case %lld, on a nil channel, which is never ready", ev->g,
            (long long)k);
    else if (!ready)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "S2: select of g%u took case %lld (%s on c%llu), which is not ready",
                          ev->g, (long long)k, send ? "send" : "receive", (unsigned long long)id);
    if (x->sel_decided >= 0 && k != x->sel_decided)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "S2: the select decision chose case %lld, SELECT took %lld",
                          (long long)x->sel_decided, (long long)k);
    else if (x->sel_decided < 0 && st->nready >= 2)
        oracle__violation(
            c, ORC_CHANNEL, ev,
            "S2: %zu cases of g%u's select are ready but no decision chose among them",
            (size_t)st->nready, ev->g);
    x->op = send ? RT_OP_SEND : RT_OP_RECV;
    x->chan = id;
    ch_chan *ch = chan(st, id);
    if (send && ch && ch->closed) {
        find_send_closed(st, c, ev, ev->g, id); /* S2: it panics */
        want_panic(x, MSG_SEND_CLOSED);
    } else if (ready) {
        x->expect = EX_OP;
        x->ready = true;
    }
}

/* S4: a woken select resumes with the case that fired. */
static void select_resume(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x)
{
    if ((int64_t)ev->a != x->served_case)
        oracle__violation(c, ORC_CHANNEL, ev,
                          "S4: select of g%u was woken by case %d on c%llu but resumed with case "
                          "%lld",
                          ev->g, x->served_case, (unsigned long long)x->served_chan,
                          (long long)(int64_t)ev->a);
    if (x->by_close) {
        find_send_closed(st, c, ev, ev->g, x->served_chan); /* S4: it panics */
        want_panic(x, MSG_SEND_CLOSED);
    }
}

static void on_select(ch_state *st, oracle_ctx *c, const rt_event *ev, ch_gor *x, int ex)
{
    if (ex == EX_SELECT)
        select_now(st, c, ev, x);
    else if (ex == EX_SELECT_RESUME)
        select_resume(st, c, ev, x);
    else
        oracle__violation(c, ORC_CHANNEL, ev, "SELECT by g%u, which is not in a select", ev->g);
    x->served = false;
    x->by_close = false;
    sel_clear(x);
}

/* ================================================================ dispatch */

/* The checker sees the channel, select and scheduling events, and every
 * event while a close or hand-off is under way or a goroutine's next event
 * is expected. Only the events of g change g's expectation. */
static bool chan_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    ch_state *st = p;
    if (st->closing && ev->kind != RT_EV_READY && !(ev->kind == RT_EV_RECV && ev->a == st->closing))
        end_close(st, c, ev);
    if (st->must_recv && !(ev->kind == RT_EV_RECV && ev->a == st->must_recv))
        lost_handoff(st, c, ev);
    ch_gor *x = gor(st, ev->g);
    bool expected = ev->g && x->expect;
    int ex = EX_NONE;
    if (ev->g && ev->kind != RT_EV_RUN && x->expect)
        ex = check_expect(st, c, ev, x);
    switch (ev->kind) {
    case RT_EV_CHAN_MAKE:
        on_make(st, ev);
        break;
    case RT_EV_CHAN_OP:
        on_chan_op(st, c, ev, x);
        break;
    case RT_EV_SEND:
        on_send(st, c, ev, ex);
        break;
    case RT_EV_RECV:
        on_recv(st, c, ev, ex);
        break;
    case RT_EV_CLOSE:
        on_close(st, c, ev, ex);
        break;
    case RT_EV_BLOCK:
        on_block(st, c, ev, ex);
        break;
    case RT_EV_READY:
        on_ready(st, c, ev);
        break;
    case RT_EV_RUN:
        on_run(st, c, ev);
        break;
    case RT_EV_SELECT_BEGIN:
        on_select_begin(st, c, ev, x);
        break;
    case RT_EV_DECISION:
        if (ex == EX_SELECT)
            on_select_decision(st, c, ev, x);
        break;
    case RT_EV_SELECT:
        on_select(st, c, ev, x, ex);
        break;
    case RT_EV_GO_END: /* a select that panicked leaves its cases behind */
        sel_clear(x);
        x->expect = EX_NONE;
        break;
    default:
        break;
    }
    if (ev->g) {
        bool now = gor(st, ev->g)->expect != EX_NONE; /* x may have moved */
        st->nexpect += (uint32_t)now - (uint32_t)expected;
    }
    return st->closing || st->must_recv || st->nexpect;
}

/* While the checker is quiet no goroutine (but g0, which is never judged)
 * has an expectation and no close or hand-off is under way: chan_event
 * then skips its checks up front, and an event leaves the expectation it
 * sets in its own goroutine. One handler per kind, for that state; only
 * CHAN_OP, SELECT_BEGIN and RUN set an expectation, only SEND a hand-off
 * and only CLOSE a close. */
static bool quiet_done(ch_state *st, const rt_event *ev)
{
    if (ev->g && gor(st, ev->g)->expect != EX_NONE)
        st->nexpect++;
    return st->closing || st->must_recv || st->nexpect;
}

static bool q_make(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    on_make(p, ev);
    return false;
}

static bool q_chan_op(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_chan_op(p, c, ev, gor(p, ev->g));
    return quiet_done(p, ev);
}

static bool q_send(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_send(p, c, ev, EX_NONE);
    return ((ch_state *)p)->must_recv != 0;
}

static bool q_recv(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_recv(p, c, ev, EX_NONE);
    return false;
}

static bool q_close(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_close(p, c, ev, EX_NONE);
    return ((ch_state *)p)->closing != 0;
}

static bool q_block(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_block(p, c, ev, EX_NONE);
    return false;
}

static bool q_ready(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_ready(p, c, ev);
    return false;
}

static bool q_run(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_run(p, c, ev);
    return quiet_done(p, ev);
}

static bool q_select_begin(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_select_begin(p, c, ev, gor(p, ev->g));
    return quiet_done(p, ev);
}

static bool q_select(void *p, oracle_ctx *c, const rt_event *ev)
{
    on_select(p, c, ev, gor(p, ev->g), EX_NONE);
    return false;
}

static bool q_go_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    ch_gor *x = gor(p, ev->g);
    (void)c;
    sel_clear(x);
    x->expect = EX_NONE;
    return false;
}

/* DECISION: only a select decision of a goroutine expected in a select
 * matters, and that goroutine arms the checker. */
static const oracle_handler chan_on[RT_EV__COUNT] = {
    [RT_EV_CHAN_MAKE] = q_make, [RT_EV_CHAN_OP] = q_chan_op, [RT_EV_SEND] = q_send,
    [RT_EV_RECV] = q_recv,      [RT_EV_CLOSE] = q_close,     [RT_EV_BLOCK] = q_block,
    [RT_EV_READY] = q_ready,    [RT_EV_RUN] = q_run,         [RT_EV_SELECT_BEGIN] = q_select_begin,
    [RT_EV_SELECT] = q_select,  [RT_EV_GO_END] = q_go_end,
};

/* ================================================================ lifecycle */

static void chan_reset(void *p)
{
    ch_state *st = p;
    if (!st->nodes.elem) {
        oracle__vec_init(&st->nodes, sizeof(ch_node));
        oracle__vec_init(&st->chans, sizeof(ch_chan));
        oracle__vec_init(&st->gors, sizeof(ch_gor));
        oracle__vec_init(&st->sels, sizeof(ovec));
        oracle__vec_init(&st->scratch, sizeof(uint32_t));
    }
    oracle__vec_clear(&st->nodes);
    oracle__vec_push(&st->nodes); /* node 0 is the null index */
    oracle__vec_clear(&st->chans);
    oracle__vec_clear(&st->gors);
    oracle__vec_clear(&st->scratch);
    st->free = 0;
    st->closing = 0;
    st->must_recv = 0;
    st->nexpect = 0;
}

static void chan_finish(void *p, oracle_ctx *c)
{
    ch_state *st = p;
    if (st->closing)
        end_close(st, c, NULL);
    if (st->must_recv)
        lost_handoff(st, c, NULL);
}

static void chan_destroy(void *p)
{
    ch_state *st = p;
    oracle__vec_free(&st->nodes);
    oracle__vec_free(&st->chans);
    oracle__vec_free(&st->gors);
    for (size_t i = 0; i < st->sels.n; i++)
        oracle__vec_free(oracle__vec_at(&st->sels, i));
    oracle__vec_free(&st->sels);
    oracle__vec_free(&st->scratch);
}

const oracle_checker oracle__channel = {
    .name = "channel",
    .state_size = sizeof(ch_state),
    .events = 0, /* the kinds of chan_on */
    .findings = true,
    .reset = chan_reset,
    .event = chan_event,
    .on = chan_on,
    .finish = chan_finish,
    .destroy = chan_destroy,
};
