/* fz_cov.c - concurrency coverage: an observer that turns the interleaving
 * features of an execution into counters for the fuzzing engine (fz.h).
 *
 * It reads events (rt.h) and nothing else, keeps a few small fixed tables
 * indexed by goroutine, object, message and variable ids modulo their
 * size, and never allocates after fz_cov_new. A table slot is valid only
 * when its generation is the current execution's, so starting an
 * execution costs one increment instead of clearing the tables.
 *
 * What it must never do: key a feature on an address, an object id or a
 * goroutine id. Features are made of source sites and small numbers only.
 * (Ids are deterministic too, but they grow with the execution: every
 * loop iteration would look new and swamp the corpus.)
 */
#include "fz.h"

#include <stdlib.h>
#include <string.h>

#define GOR_SLOTS 64u
#define OBJ_SLOTS 64u
#define MSG_SLOTS 128u
#define VAR_SLOTS 64u

/* Feature tags; the tag is hashed with up to two sites or small values. */
enum {
    F_SWITCH = 1,   /* (site where the last goroutine stopped, site where the next resumed) */
    F_SYNC,         /* (send site, receive site) of one message */
    F_RECV_CLOSED,  /* (close site, receive site) of a receive that saw the close */
    F_WAKE,         /* (site that woke a goroutine, site where it was blocked) */
    F_SELECT,       /* (select site, ready mask and count), tag holds the case taken */
    F_AFTER_CLOSE,  /* (close site, site of a later operation), tag holds the operation */
    F_SEND_CLOSE,   /* (last send site, close site) */
    F_HANDOFF,      /* (last unlock site, lock site), tag holds the lock kind */
    F_READS_FROM,   /* (write site, read site) of a captured variable, across goroutines */
    F_DECISION,     /* (site, blocked goroutines and options), tag holds the decision kind */
    F_BLOCK,        /* (site, blocked goroutines), tag holds what it waits on */
    F_DEFER_UNWIND, /* (defer site), tag holds who ran it: panic or Goexit */
    F_RECOVER,      /* (recover site), tag holds whether it stopped a panic */
    F_PANIC,        /* (panic site) */
    F_GOEXIT,       /* (Goexit site) */
    F_WG,           /* (Add/Done site), tag holds the sign of delta and counter */
    F_END,          /* (site, blocked goroutines), tag holds the end and fatal kind */
    F_BRANCH        /* (site of an if, for or switch, the way it went) */
};

/* What is known about one goroutine. */
typedef struct gor_slot {
    uint32_t gen;
    uint32_t id;
    uint32_t site; /* where it blocked */
    bool blocked;
} gor_slot;

/* What is known about one channel, mutex or other object. */
typedef struct obj_slot {
    uint32_t gen;
    uint64_t id;
    uint32_t close_site;  /* 0 until closed */
    uint32_t last_send;   /* site of the last send */
    uint32_t last_unlock; /* site of the last unlock */
} obj_slot;

/* Where one message was sent. */
typedef struct msg_slot {
    uint32_t gen;
    uint32_t site;
    uint64_t chan, serial;
} msg_slot;

/* The last write of one captured variable. */
typedef struct var_slot {
    uint32_t gen;
    uint32_t site;
    uint32_t g;
    uint64_t var;
} var_slot;

struct fz_cov {
    uint8_t *ctr;       /* this execution's counters */
    uint32_t mask;      /* number of counters - 1 */
    uint32_t gen;       /* current execution; slots of other generations are empty */
    uint32_t cur;       /* running goroutine */
    uint32_t last_site; /* site of the last event: where cur is */
    uint32_t nblocked;  /* goroutines blocked right now */
    gor_slot gors[GOR_SLOTS];
    obj_slot objs[OBJ_SLOTS];
    msg_slot msgs[MSG_SLOTS];
    var_slot vars[VAR_SLOTS];
};

/* ================================================================ lifetime */

fz_cov *fz_cov_new(size_t n)
{
    if (n < 64 || (n & (n - 1)) || n > (1u << 31))
        return NULL;
    fz_cov *c = calloc(1, sizeof *c);
    if (c)
        c->mask = (uint32_t)(n - 1);
    return c;
}

void fz_cov_free(fz_cov *c)
{
    free(c);
}

void fz_cov_begin(fz_cov *c, uint8_t *counters)
{
    c->ctr = counters;
    c->cur = 1;
    c->last_site = 0;
    c->nblocked = 0;
    if (++c->gen == 0) {
        /* After 2^32 executions the generations wrap: start clean. */
        memset(c->gors, 0, sizeof c->gors);
        memset(c->objs, 0, sizeof c->objs);
        memset(c->msgs, 0, sizeof c->msgs);
        memset(c->vars, 0, sizeof c->vars);
        c->gen = 1;
    }
}

/* ================================================================ counting */

/* Counts feature (tag, x, y) in its counter; saturates at 255. */
static inline void hit(fz_cov *c, uint32_t tag, uint32_t x, uint32_t y)
{
    uint64_t h = (uint64_t)tag * 0x9e3779b97f4a7c15ull;
    h ^= (uint64_t)x * 0xc2b2ae3d27d4eb4full;
    h ^= (uint64_t)y * 0x165667b19e3779f9ull;
    h ^= h >> 31;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 32;
    uint8_t *p = &c->ctr[h & c->mask];
    if (*p != 0xff)
        (*p)++;
}

/* n, capped so that counts stay a small alphabet. */
static inline uint32_t small(uint64_t n, uint32_t cap)
{
    return n < cap ? (uint32_t)n : cap;
}

static gor_slot *gor(fz_cov *c, uint32_t id)
{
    gor_slot *s = &c->gors[id % GOR_SLOTS];
    if (s->gen != c->gen || s->id != id) {
        if (s->gen == c->gen && s->blocked && c->nblocked)
            c->nblocked--;
        memset(s, 0, sizeof *s);
        s->gen = c->gen;
        s->id = id;
    }
    return s;
}

static obj_slot *obj(fz_cov *c, uint64_t id)
{
    obj_slot *s = &c->objs[id % OBJ_SLOTS];
    if (s->gen != c->gen || s->id != id) {
        memset(s, 0, sizeof *s);
        s->gen = c->gen;
        s->id = id;
    }
    return s;
}

static msg_slot *msg(fz_cov *c, uint64_t chan, uint64_t serial)
{
    uint64_t h = (chan * 0x9e3779b97f4a7c15ull) ^ serial;
    return &c->msgs[(h ^ (h >> 29)) % MSG_SLOTS];
}

/* ================================================================ events */

/* Events come from the running goroutine (or the clock, g 0), so the
 * last site seen before a switch is where the previous goroutine stopped. */
static void on_run(fz_cov *c, const rt_event *ev)
{
    if (ev->g == c->cur)
        return;
    hit(c, F_SWITCH, c->last_site, ev->site);
    c->cur = ev->g;
}

static void on_block(fz_cov *c, const rt_event *ev)
{
    gor_slot *g = gor(c, ev->g);
    g->site = ev->site;
    if (!g->blocked) {
        g->blocked = true;
        c->nblocked++;
    }
    hit(c, F_BLOCK + ((uint32_t)ev->a << 8), ev->site, small(c->nblocked, 15));
}

static void on_ready(fz_cov *c, const rt_event *ev)
{
    gor_slot *w = gor(c, (uint32_t)ev->a);
    if (!w->blocked)
        return; /* a new goroutine, or a Gosched */
    w->blocked = false;
    c->nblocked--;
    hit(c, F_WAKE, ev->site, w->site);
}

static void on_recv(fz_cov *c, const rt_event *ev)
{
    if (ev->b == 0) {
        hit(c, F_RECV_CLOSED, obj(c, ev->a)->close_site, ev->site);
        return;
    }
    msg_slot *m = msg(c, ev->a, ev->b);
    if (m->gen == c->gen && m->chan == ev->a && m->serial == ev->b)
        hit(c, F_SYNC, m->site, ev->site);
}

static void on_send(fz_cov *c, const rt_event *ev)
{
    msg_slot *m = msg(c, ev->a, ev->b);
    m->gen = c->gen;
    m->chan = ev->a;
    m->serial = ev->b;
    m->site = ev->site;
    obj(c, ev->a)->last_send = ev->site;
}

static void on_var(fz_cov *c, const rt_event *ev, bool write)
{
    uint64_t h = ev->a * 0x9e3779b97f4a7c15ull;
    var_slot *v = &c->vars[(h ^ (h >> 32)) % VAR_SLOTS];
    if (write) {
        v->gen = c->gen;
        v->var = ev->a;
        v->site = ev->site;
        v->g = ev->g;
    } else if (v->gen == c->gen && v->var == ev->a && v->g != ev->g) {
        hit(c, F_READS_FROM, v->site, ev->site);
    }
}

static void on_sync_event(fz_cov *c, const rt_event *ev)
{
    switch (ev->kind) {
    case RT_EV_CLOSE: {
        obj_slot *o = obj(c, ev->a);
        o->close_site = ev->site;
        hit(c, F_SEND_CLOSE, o->last_send, ev->site);
        break;
    }
    case RT_EV_CHAN_OP: {
        obj_slot *o = obj(c, ev->a);
        if (o->close_site)
            hit(c, F_AFTER_CLOSE + ((uint32_t)ev->b << 8), o->close_site, ev->site);
        break;
    }
    case RT_EV_SELECT:
        hit(c, F_SELECT + ((uint32_t)ev->a << 8), ev->site,
            (uint32_t)(ev->c & 0xff) | small((uint64_t)__builtin_popcountll(ev->c), 15) << 8);
        break;
    case RT_EV_LOCK:
        hit(c, F_HANDOFF + ((uint32_t)ev->b << 8), obj(c, ev->a)->last_unlock, ev->site);
        break;
    case RT_EV_UNLOCK:
        obj(c, ev->a)->last_unlock = ev->site;
        break;
    case RT_EV_WG_ADD: {
        int64_t delta = (int64_t)ev->b, n = (int64_t)ev->c;
        hit(c,
            F_WG + ((uint32_t)(delta < 0) << 8) + ((uint32_t)(n == 0) << 9) +
                ((uint32_t)(n < 0) << 10),
            ev->site, 0);
        break;
    }
    default:
        break;
    }
}

static void on_event(void *ctx, const rt_event *ev)
{
    fz_cov *c = ctx;
    switch (ev->kind) {
    case RT_EV_RUN:
        on_run(c, ev);
        break;
    case RT_EV_DECISION:
        hit(c, F_DECISION + ((uint32_t)ev->a << 8), ev->site,
            small(c->nblocked, 15) | small(ev->b, 15) << 4);
        break;
    case RT_EV_BLOCK:
        on_block(c, ev);
        break;
    case RT_EV_READY:
        on_ready(c, ev);
        break;
    case RT_EV_SEND:
        on_send(c, ev);
        break;
    case RT_EV_RECV:
        on_recv(c, ev);
        break;
    case RT_EV_VAR_WRITE:
    case RT_EV_VAR_READ:
        on_var(c, ev, ev->kind == RT_EV_VAR_WRITE);
        break;
    case RT_EV_DEFER_CALL:
        if (ev->c != RT_BY_RETURN)
            hit(c, F_DEFER_UNWIND + ((uint32_t)ev->c << 8), ev->site, 0);
        break;
    case RT_EV_RECOVER:
        hit(c, F_RECOVER + ((uint32_t)ev->b << 8), ev->site, 0);
        break;
    case RT_EV_PANIC:
        hit(c, F_PANIC, ev->site, 0);
        break;
    case RT_EV_GOEXIT:
        hit(c, F_GOEXIT, ev->site, 0);
        break;
    case RT_EV_END:
        hit(c, F_END + ((uint32_t)ev->a << 8) + ((uint32_t)ev->c << 16), ev->site,
            small(c->nblocked, 15));
        break;
    case RT_EV_FRAME_ENTER:
    case RT_EV_FRAME_EXIT:
    case RT_EV_DEFER_REG:
    case RT_EV_DEFER_RET:
    case RT_EV_PRINT:
        return; /* the most frequent events: no feature, not even a site */
    default:
        on_sync_event(c, ev);
        break;
    }
    if (ev->g == c->cur && ev->site)
        c->last_site = ev->site;
}

void fz_cov_branch(void *ctx, uint32_t site, uint32_t arm)
{
    hit(ctx, F_BRANCH, site, arm);
}

rt_observer fz_cov_observer(fz_cov *c)
{
    rt_observer o = {on_event, c};
    return o;
}
