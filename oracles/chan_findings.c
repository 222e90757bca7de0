/* chan_findings.c - the channel checker's findings without its model: the
 * checker that takes the channel slot (ORC_CHANNEL) of a set made with
 * ORACLE_LIGHT (oracle.h).
 *
 * chan_model.c models every channel (buffer, FIFO queues of blocked
 * senders and receivers, select readiness) to judge the runtime; most of
 * its work finds violations. Hunting findings (fuzz_schedule) trusts the
 * runtime and needs much less: which channels are closed, where and by
 * whom, and for each goroutine the operation it started, whether it is
 * blocked in it, and whether a close, not a counterpart, woke it. This
 * checker keeps exactly that and reports send-on-closed, close-of-closed
 * and close-of-nil at the same events, with the same messages, goroutines
 * and sites as chan_model.c, so a light set has the findings of the full
 * set in the same order (tests/test_findings.c compares them on every
 * program of its suite under many schedules). It reports no violation.
 *
 * What it relies on, from a runtime that keeps Go's rules (the full
 * checker is what verifies them):
 *   - a blocked goroutine is served by its counterpart before anything
 *     wakes it: the SEND or RECV of its operation names it (ev->g), a
 *     close of the channel wakes a blocked receiver with a RECV and a
 *     blocked sender with a READY (its operation then panics);
 *   - once a channel is closed no goroutine blocks sending on it, so a
 *     READY of an unserved goroutine blocked in a send on a closed channel
 *     is that close's wake-up;
 *   - after BLOCK the goroutine's next RUN is its resumption; a woken
 *     select then reports the case that fired (SELECT). */
#include "oi.h"

#include <stdio.h>

typedef struct cf_chan {
    bool made, closed;
    uint32_t close_site, close_g;
} cf_chan;

typedef struct cf_case {
    uint64_t chan;
    uint32_t dir; /* rt_dir */
} cf_case;

enum {
    CF_NONE = 0,
    CF_SELECT,         /* between SELECT_BEGIN and its SELECT or BLOCK */
    CF_BLOCKED_OP,     /* blocked in a plain send or receive */
    CF_BLOCKED_SELECT, /* blocked in a select */
    CF_RESUME          /* a woken select running again: its SELECT comes next */
};

typedef struct cf_gor {
    uint8_t state;
    uint8_t op;       /* rt_chan_op of its last CHAN_OP */
    bool served;      /* its blocked operation was completed */
    bool by_close;    /* ...by a close of a channel it was sending on */
    uint32_t op_site; /* site of its CHAN_OP or SELECT_BEGIN */
    uint32_t sel_n;   /* cases of its select: sel_n of them in sels[g] */
    uint64_t chan;    /* channel of its CHAN_OP */
    uint64_t served_chan;
} cf_gor;

typedef struct cf_state {
    ovec chans;       /* cf_chan by channel id */
    ovec gors;        /* cf_gor by goroutine id */
    ovec sels;        /* ovec of cf_case by goroutine id; never shrinks (it owns buffers) */
    uint64_t closing; /* the channel closed last */
} cf_state;

static inline cf_gor *gor(cf_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* The channel with this id, or NULL when it was never made. */
static cf_chan *chan(cf_state *st, uint64_t id)
{
    if (id == 0 || id >= st->chans.n)
        return NULL;
    cf_chan *ch = oracle__vec_at(&st->chans, (size_t)id);
    return ch->made ? ch : NULL;
}

static ovec *sel_vec(cf_state *st, uint32_t g)
{
    size_t n = st->sels.n;
    if (g >= n) {
        oracle__vec_grow_to(&st->sels, (size_t)g + 1);
        for (size_t i = n; i < st->sels.n; i++)
            oracle__vec_init(oracle__vec_at(&st->sels, i), sizeof(cf_case));
    }
    return oracle__vec_at(&st->sels, g);
}

/* Case k of g's select, or NULL. */
static const cf_case *sel_case(cf_state *st, uint32_t g, const cf_gor *x, uint64_t k)
{
    if (k >= x->sel_n)
        return NULL;
    return (const cf_case *)oracle__vec_at(sel_vec(st, g), (size_t)k);
}

/* As chan_model.c's find_send_closed. */
static void find_send_closed(cf_state *st, oracle_ctx *c, const rt_event *ev, uint32_t g,
                             uint64_t id)
{
    cf_chan *ch = chan(st, id);
    if (!ch)
        return;
    uint32_t site = gor(st, g)->op_site;
    uint32_t sites[2] = {site, ch->close_site};
    uint32_t gs[2] = {g, ch->close_g};
    oracle__finding(c, OF_SEND_ON_CLOSED, ev, gs, 2, sites, 2,
                    "send on closed channel c%llu at %s (closed at %s)", (unsigned long long)id,
                    oracle__site(c, site), oracle__site(c, ch->close_site));
}

/* ================================================================ handlers */

static bool on_make(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_state *st = p;
    if (ev->a == 0)
        return false;
    oracle__vec_grow_to(&st->chans, (size_t)ev->a + 1);
    cf_chan *ch = oracle__vec_at(&st->chans, (size_t)ev->a);
    memset(ch, 0, sizeof *ch);
    ch->made = true;
    return false;
}

static bool on_chan_op(void *p, oracle_ctx *c, const rt_event *ev)
{
    cf_state *st = p;
    cf_gor *x = gor(st, ev->g);
    x->state = CF_NONE;
    x->op = (uint8_t)ev->b;
    x->chan = ev->a;
    x->op_site = ev->site;
    if (ev->a == 0 && ev->b == RT_OP_CLOSE) {
        oracle__finding(c, OF_CLOSE_OF_NIL, ev, &ev->g, 1, &ev->site, 1,
                        "close of nil channel at %s", oracle__site(c, ev->site));
        return false;
    }
    cf_chan *ch = chan(st, ev->a);
    if (!ch || !ch->closed || ev->b < RT_OP_SEND || ev->b > RT_OP_CLOSE)
        return false;
    if (ev->b == RT_OP_SEND) {
        find_send_closed(st, c, ev, ev->g, ev->a);
    } else if (ev->b == RT_OP_CLOSE) {
        uint32_t sites[2] = {ev->site, ch->close_site};
        uint32_t gs[2] = {ev->g, ch->close_g};
        oracle__finding(c, OF_CLOSE_OF_CLOSED, ev, gs, 2, sites, 2,
                        "close of closed channel c%llu at %s (first closed at %s)",
                        (unsigned long long)ev->a, oracle__site(c, ev->site),
                        oracle__site(c, ch->close_site));
    }
    return false;
}

static bool on_close(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_state *st = p;
    cf_chan *ch = chan(st, ev->a);
    if (!ch || ch->closed)
        return false;
    ch->closed = true;
    ch->close_site = ev->site;
    ch->close_g = ev->g;
    st->closing = ev->a;
    return false;
}

/* SEND and RECV name the goroutine whose operation they complete. */
static bool on_transfer(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_state *st = p;
    if (ev->g == 0)
        return false;
    cf_gor *x = gor(st, ev->g);
    if ((x->state == CF_BLOCKED_OP || x->state == CF_BLOCKED_SELECT) && !x->served) {
        x->served = true;
        x->served_chan = ev->a;
    }
    return false;
}

static bool on_block(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_state *st = p;
    cf_gor *x = gor(st, ev->g);
    x->served = false;
    x->by_close = false;
    if ((ev->a == RT_WAIT_CHAN_SEND || ev->a == RT_WAIT_CHAN_RECV) && x->state == CF_NONE)
        x->state = CF_BLOCKED_OP;
    else if (ev->a == RT_WAIT_SELECT && x->state == CF_SELECT)
        x->state = CF_BLOCKED_SELECT;
    else
        x->state = CF_NONE;
    return false;
}

/* Does g, blocked and not served, wait to send on the channel closed
 * last? Then that close woke it (see the file comment). */
static bool on_ready(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_state *st = p;
    uint32_t g = (uint32_t)ev->a;
    cf_gor *x = gor(st, g);
    if (x->served || !st->closing)
        return false;
    bool sends = false;
    if (x->state == CF_BLOCKED_OP) {
        sends = x->op == RT_OP_SEND && x->chan == st->closing;
    } else if (x->state == CF_BLOCKED_SELECT) {
        for (uint32_t k = 0; k < x->sel_n && !sends; k++) {
            const cf_case *cs = sel_case(st, g, x, k);
            sends = cs->dir == RT_SEND && cs->chan == st->closing;
        }
    }
    cf_chan *ch = chan(st, st->closing);
    if (sends && ch && ch->closed) {
        x->served = true;
        x->by_close = true;
        x->served_chan = st->closing;
    }
    return false;
}

static bool on_run(void *p, oracle_ctx *c, const rt_event *ev)
{
    cf_state *st = p;
    cf_gor *x = gor(st, ev->g);
    if (x->state == CF_BLOCKED_OP) {
        if (x->by_close)
            find_send_closed(st, c, ev, ev->g, x->served_chan); /* C6 */
        x->state = CF_NONE;
    } else if (x->state == CF_BLOCKED_SELECT) {
        x->state = CF_RESUME;
    }
    return false;
}

static bool on_select_begin(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_state *st = p;
    cf_gor *x = gor(st, ev->g);
    uint32_t n = (uint32_t)ev->b;
    ovec *v = sel_vec(st, ev->g);
    cf_case *cs = oracle__vec_resize(v, n);
    for (uint32_t k = 0; k < n; k++) {
        bool have = 8ull * k + 8 <= ev->nbytes;
        cs[k].chan = have ? oracle__u32_at(ev->bytes, 2 * (size_t)k) : 0;
        cs[k].dir = have ? oracle__u32_at(ev->bytes, 2 * (size_t)k + 1) : RT_RECV;
    }
    x->sel_n = n;
    x->op_site = ev->site;
    x->state = CF_SELECT;
    return false;
}

static bool on_select(void *p, oracle_ctx *c, const rt_event *ev)
{
    cf_state *st = p;
    cf_gor *x = gor(st, ev->g);
    if (x->state == CF_SELECT) { /* S2: it did not block */
        const cf_case *cs = (int64_t)ev->a >= 0 ? sel_case(st, ev->g, x, ev->a) : NULL;
        cf_chan *ch = cs ? chan(st, cs->chan) : NULL;
        if (cs && cs->dir == RT_SEND && ch && ch->closed)
            find_send_closed(st, c, ev, ev->g, cs->chan);
    } else if (x->state == CF_RESUME && x->by_close) { /* S4 */
        find_send_closed(st, c, ev, ev->g, x->served_chan);
    }
    x->state = CF_NONE;
    x->served = false;
    x->by_close = false;
    x->sel_n = 0;
    return false;
}

static bool on_go_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    (void)c;
    cf_gor *x = gor(p, ev->g);
    x->state = CF_NONE;
    x->sel_n = 0;
    return false;
}

static bool cf_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    switch (ev->kind) {
    case RT_EV_CHAN_MAKE:
        return on_make(p, c, ev);
    case RT_EV_CHAN_OP:
        return on_chan_op(p, c, ev);
    case RT_EV_CLOSE:
        return on_close(p, c, ev);
    case RT_EV_SEND:
    case RT_EV_RECV:
        return on_transfer(p, c, ev);
    case RT_EV_BLOCK:
        return on_block(p, c, ev);
    case RT_EV_READY:
        return on_ready(p, c, ev);
    case RT_EV_RUN:
        return on_run(p, c, ev);
    case RT_EV_SELECT_BEGIN:
        return on_select_begin(p, c, ev);
    case RT_EV_SELECT:
        return on_select(p, c, ev);
    case RT_EV_GO_END:
        return on_go_end(p, c, ev);
    default:
        return false;
    }
}

static const oracle_handler cf_on[RT_EV__COUNT] = {
    [RT_EV_CHAN_MAKE] = on_make,
    [RT_EV_CHAN_OP] = on_chan_op,
    [RT_EV_SEND] = on_transfer,
    [RT_EV_RECV] = on_transfer,
    [RT_EV_CLOSE] = on_close,
    [RT_EV_BLOCK] = on_block,
    [RT_EV_READY] = on_ready,
    [RT_EV_RUN] = on_run,
    [RT_EV_SELECT_BEGIN] = on_select_begin,
    [RT_EV_SELECT] = on_select,
    [RT_EV_GO_END] = on_go_end,
};

/* ================================================================ lifecycle */

static void cf_reset(void *p)
{
    cf_state *st = p;
    if (!st->chans.elem) {
        oracle__vec_init(&st->chans, sizeof(cf_chan));
        oracle__vec_init(&st->gors, sizeof(cf_gor));
        oracle__vec_init(&st->sels, sizeof(ovec));
    }
    oracle__vec_clear(&st->chans);
    oracle__vec_clear(&st->gors);
    st->closing = 0;
}

static void cf_destroy(void *p)
{
    cf_state *st = p;
    oracle__vec_free(&st->chans);
    oracle__vec_free(&st->gors);
    for (size_t i = 0; i < st->sels.n; i++)
        oracle__vec_free(oracle__vec_at(&st->sels, i));
    oracle__vec_free(&st->sels);
}

const oracle_checker oracle__channel_findings = {
    .name = "channel",
    .state_size = sizeof(cf_state),
    .events = 0, /* the kinds of cf_on */
    .findings = true,
    .reset = cf_reset,
    .event = cf_event,
    .on = cf_on,
    .finish = NULL,
    .destroy = cf_destroy,
};
