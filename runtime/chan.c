/* chan.c - channels: unbuffered, buffered and nil; send, receive, close.
 *
 * Follows Go's runtime/chan.go: a ring buffer plus FIFO queues of blocked
 * senders and receivers (C8); a value is handed directly to a waiting
 * receiver; close wakes every receiver with (zero, false) and every sender,
 * which then panics (C6, C7). Each sent value gets a serial number so that
 * the trace pairs every receive with its send. */
#include "rti.h"

#include <string.h>

struct rt_chan {
    uint64_t id;
    int64_t cap;       /* capacity from make */
    rt_value zero;     /* zero value of the element type */
    rt_value *buf;     /* ring buffer, grown on demand up to cap */
    uint64_t *serials; /* serial of each buffered value */
    size_t bufcap;     /* slots allocated */
    size_t head, count;
    bool closed;
    rt_list recvq, sendq; /* blocked rt_sudog, FIFO */
    uint64_t next_serial;
};

static rt_value plain_error(const char *msg)
{
    rt_value v = rt_str(msg);
    v.kind = RT_V_RTERROR;
    return v;
}

rt_chan *rt_chan_make(int64_t cap, rt_value zero)
{
    return rt__chan_make(rt__exec(), cap, zero, false);
}

/* timer marks a time.After channel, which the clock will send on. */
rt_chan *rt__chan_make(rt_exec *x, int64_t cap, rt_value zero, bool timer)
{
    if (cap < 0)
        rt_panic(plain_error("makechan: size out of range"));
    rt_chan *c = rt__alloc(x, sizeof *c);
    c->id = ++x->next_obj_id;
    c->cap = cap;
    c->zero = zero;
    rt__list_init(&c->recvq);
    rt__list_init(&c->sendq);
    rt__emit_v(x, RT_EV_CHAN_MAKE, c->id, (uint64_t)cap, timer ? 1 : 0, zero);
    return c;
}

int64_t rt_chan_len(const rt_chan *c)
{
    return c ? (int64_t)c->count : 0;
}

int64_t rt_chan_cap(const rt_chan *c)
{
    return c ? c->cap : 0;
}

uint64_t rt_chan_id(const rt_chan *c)
{
    return c ? c->id : 0;
}

/* ================================================================ buffer */

static void buf_push(rt_exec *x, rt_chan *c, rt_value v, uint64_t serial)
{
    if (c->count == c->bufcap) {
        size_t ncap = c->bufcap ? c->bufcap * 2 : 4;
        if ((int64_t)ncap > c->cap)
            ncap = (size_t)c->cap;
        rt_value *nb = rt__alloc(x, ncap * sizeof *nb);
        uint64_t *ns = rt__alloc(x, ncap * sizeof *ns);
        for (size_t i = 0; i < c->count; i++) {
            nb[i] = c->buf[(c->head + i) % c->bufcap];
            ns[i] = c->serials[(c->head + i) % c->bufcap];
        }
        c->buf = nb;
        c->serials = ns;
        c->bufcap = ncap;
        c->head = 0;
    }
    size_t at = (c->head + c->count) % c->bufcap;
    c->buf[at] = v;
    c->serials[at] = serial;
    c->count++;
}

static rt_value buf_pop(rt_chan *c, uint64_t *serial)
{
    rt_value v = c->buf[c->head];
    *serial = c->serials[c->head];
    c->head = (c->head + 1) % c->bufcap;
    c->count--;
    return v;
}

/* ================================================================ waiters */

void rt__chan_enqueue(rt_chan *c, rt_dir dir, rt_sudog *sd)
{
    sd->c = c;
    sd->queued = true;
    rt__list_push_back(dir == RT_SEND ? &c->sendq : &c->recvq, &sd->link);
}

void rt__chan_dequeue(rt_sudog *sd)
{
    if (sd->queued) {
        rt__list_remove(&sd->link);
        sd->queued = false;
    }
}

/* Takes the first waiter of q off its queue; a select's other waiters are
 * withdrawn at once so they can never fire too. */
static rt_sudog *take_waiter(rt_list *q)
{
    if (rt__list_empty(q))
        return NULL;
    rt_sudog *sd = RT_CONTAINER(q->next, rt_sudog, link);
    rt__chan_dequeue(sd);
    rt_g *g = sd->g;
    if (sd->case_index >= 0) {
        g->sel_fired = sd->case_index;
        for (uint32_t i = 0; i < g->nsel; i++)
            rt__chan_dequeue(&g->sel[i]);
    }
    return sd;
}

static void emit_send(rt_exec *x, const rt_g *g, const rt_chan *c, uint64_t serial, rt_value v)
{
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, RT_EV_SEND, g, c->id, serial, 0, &v, NULL, 0);
}

static void emit_recv(rt_exec *x, const rt_g *g, const rt_chan *c, uint64_t serial, bool ok,
                      rt_value v)
{
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, RT_EV_RECV, g, c->id, serial, ok, &v, NULL, 0);
}

/* ================================================================ ready operations */

bool rt__chan_ready(const rt_chan *c, rt_dir dir)
{
    if (!c)
        return false; /* C4: a nil channel is never ready */
    if (dir == RT_RECV)
        return c->count > 0 || !rt__list_empty(&c->sendq) || c->closed;
    return c->closed || !rt__list_empty(&c->recvq) || (int64_t)c->count < c->cap;
}

/* Sends v on a ready channel; panics if it is closed (C6). */
void rt__chan_do_send(rt_exec *x, rt_chan *c, rt_value v)
{
    if (c->closed) {
#if RT_MUTANT == 7
        /* Mutant: a send on a closed channel is dropped silently (breaks C6). */
        return;
#endif
        rt_panic(plain_error("send on closed channel"));
    }
    rt_g *self = x->cur;
    uint64_t serial = ++c->next_serial;
    rt_sudog *r = take_waiter(&c->recvq);
    if (r) {
        r->val = v;
        r->ok = true;
        r->serial = serial;
        emit_send(x, self, c, serial, v);
        emit_recv(x, r->g, c, serial, true, v);
        rt__sched_ready(x, r->g);
        return;
    }
    buf_push(x, c, v, serial);
    emit_send(x, self, c, serial, v);
}

/* Receives from a ready channel: buffered values first, then a waiting
 * sender, then (zero, false) once closed and drained (C7). */
rt_value rt__chan_do_recv(rt_exec *x, rt_chan *c, bool *ok)
{
    rt_g *self = x->cur;
    uint64_t serial;
    if (c->count > 0) {
        rt_value v = buf_pop(c, &serial);
        /* This receive makes room, so it comes before the send of a sender
         * blocked on the full buffer, whose value moves in (C3). */
        emit_recv(x, self, c, serial, true, v);
        rt_sudog *s = take_waiter(&c->sendq);
        if (s) {
            uint64_t sserial = ++c->next_serial;
            buf_push(x, c, s->val, sserial);
            s->ok = true;
            emit_send(x, s->g, c, sserial, s->val);
            rt__sched_ready(x, s->g);
        }
        *ok = true;
        return v;
    }
    rt_sudog *s = take_waiter(&c->sendq);
    if (s) {
        serial = ++c->next_serial;
        s->ok = true;
        emit_send(x, s->g, c, serial, s->val);
        emit_recv(x, self, c, serial, true, s->val);
        rt__sched_ready(x, s->g);
        *ok = true;
        return s->val;
    }
    /* Closed and drained. */
#if RT_MUTANT == 6
    /* Mutant: a closed, drained channel returns a stale value, the last one
     * taken out of its buffer, instead of the zero value (breaks C7). */
    if (c->bufcap) {
        rt_value stale = c->buf[(c->head + c->bufcap - 1) % c->bufcap];
        emit_recv(x, self, c, 0, false, stale);
        *ok = false;
        return stale;
    }
#endif
    emit_recv(x, self, c, 0, false, c->zero);
    *ok = false;
    return c->zero;
}

/* A timer's send on a time.After channel: never blocks, never panics. */
bool rt__chan_try_send_nowait(rt_exec *x, rt_chan *c, rt_value v)
{
    if (c->closed || (rt__list_empty(&c->recvq) && (int64_t)c->count >= c->cap))
        return false;
    uint64_t serial = ++c->next_serial;
    rt_sudog *r = take_waiter(&c->recvq);
    if (r) {
        r->val = v;
        r->ok = true;
        r->serial = serial;
        emit_send(x, NULL, c, serial, v);
        emit_recv(x, r->g, c, serial, true, v);
        rt__sched_ready(x, r->g);
        return true;
    }
    buf_push(x, c, v, serial);
    emit_send(x, NULL, c, serial, v);
    return true;
}

/* ================================================================ operations */

void rt_chan_send(rt_chan *c, rt_value v)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    rt__emit(x, RT_EV_CHAN_OP, rt_chan_id(c), RT_OP_SEND, 0);
    if (!c) {
        rt__sched_block(x, RT_WAIT_NIL_SEND, 0); /* C4: forever */
        rt_fatal("deferfuzz runtime: woke from a nil-channel send");
    }
    if (rt__chan_ready(c, RT_SEND)) {
        rt__chan_do_send(x, c, v);
        return;
    }
    rt_g *g = x->cur;
    g->sd.g = g;
    g->sd.val = v;
    g->sd.ok = false;
    g->sd.case_index = -1;
    rt__chan_enqueue(c, RT_SEND, &g->sd);
    rt__sched_block(x, RT_WAIT_CHAN_SEND, c->id);
    if (!g->sd.ok)
        rt_panic(plain_error("send on closed channel")); /* C6: woken by close */
}

rt_value rt_chan_recv(rt_chan *c, bool *ok)
{
    rt_exec *x = rt__exec();
    bool okv;
    rt__sched_point(x);
    rt__emit(x, RT_EV_CHAN_OP, rt_chan_id(c), RT_OP_RECV, 0);
    if (!c) {
        rt__sched_block(x, RT_WAIT_NIL_RECV, 0); /* C4: forever */
        rt_fatal("deferfuzz runtime: woke from a nil-channel receive");
    }
    if (rt__chan_ready(c, RT_RECV)) {
        rt_value v = rt__chan_do_recv(x, c, &okv);
        if (ok)
            *ok = okv;
        return v;
    }
    rt_g *g = x->cur;
    g->sd.g = g;
    g->sd.val = rt_nil();
    g->sd.ok = false;
    g->sd.case_index = -1;
    rt__chan_enqueue(c, RT_RECV, &g->sd);
    rt__sched_block(x, RT_WAIT_CHAN_RECV, c->id);
    if (ok)
        *ok = g->sd.ok;
    return g->sd.val;
}

void rt_chan_close(rt_chan *c)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    rt__emit(x, RT_EV_CHAN_OP, rt_chan_id(c), RT_OP_CLOSE, 0);
    if (!c)
        rt_panic(plain_error("close of nil channel"));
    if (c->closed)
        rt_panic(plain_error("close of closed channel"));
    c->closed = true;
    rt__emit(x, RT_EV_CLOSE, c->id, 0, 0);
    /* C7/C8: every receiver gets (zero, false), then every sender wakes to
     * panic in its own goroutine. */
    rt_sudog *sd;
#if RT_MUTANT != 5
    while ((sd = take_waiter(&c->recvq))) {
        sd->val = c->zero;
        sd->ok = false;
        sd->serial = 0;
        emit_recv(x, sd->g, c, 0, false, c->zero);
        rt__sched_ready(x, sd->g);
    }
#else
    /* Mutant: close leaves the blocked receivers blocked (breaks C7). */
#endif
    while ((sd = take_waiter(&c->sendq))) {
        sd->ok = false;
        rt__sched_ready(x, sd->g);
    }
}
