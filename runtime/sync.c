/* sync.c - sync.WaitGroup, sync.Mutex, sync.RWMutex and sync.Once.
 *
 * Waiters queue FIFO through their goroutine's own rt_sudog link, so no
 * operation allocates. Misuse raises what Go raises: a negative WaitGroup
 * counter is an ordinary panic with a string value (W2); unlocking an
 * unlocked mutex is an unrecoverable fatal error (M2). */
#include "rti.h"

struct rt_waitgroup {
    uint64_t id;
    int64_t n;
    rt_list waiters;
};

struct rt_mutex {
    uint64_t id;
    bool locked;
    rt_list waiters;
};

/* Writer preference as in Go: a writer holding the internal lock (pending
 * or active) keeps new readers out. */
struct rt_rwmutex {
    uint64_t id;
    bool w_held;     /* a writer owns the right to write (pending or active) */
    bool w_active;   /* that writer holds the lock */
    rt_g *pending;   /* writer waiting for the active readers to leave */
    int64_t readers; /* active readers */
    rt_list writerq; /* writers waiting for the writer slot */
    rt_list readerq; /* readers waiting for the writer to leave */
};

struct rt_once {
    uint64_t id;
    bool done;
    bool running;
    rt_list waiters;
};

static void wait_on(rt_exec *x, rt_list *q, bool front, rt_wait w, uint64_t id)
{
    rt_g *g = x->cur;
    g->sd.g = g;
    g->sd.case_index = -1;
    if (front)
        rt__list_push_front(q, &g->sd.link);
    else
        rt__list_push_back(q, &g->sd.link);
    rt__sched_block(x, w, id);
}

static rt_g *wake_one(rt_exec *x, rt_list *q)
{
    if (rt__list_empty(q))
        return NULL;
    rt_sudog *sd = RT_CONTAINER(q->next, rt_sudog, link);
    rt__list_remove(&sd->link);
    rt__sched_ready(x, sd->g);
    return sd->g;
}

/* ================================================================ WaitGroup */

rt_waitgroup *rt_wg_new(void)
{
    rt_exec *x = rt__exec();
    rt_waitgroup *wg = rt__alloc(x, sizeof *wg);
    wg->id = ++x->next_obj_id;
    rt__list_init(&wg->waiters);
    return wg;
}

void rt_wg_add(rt_waitgroup *wg, int64_t delta)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    wg->n += delta;
    rt__emit(x, RT_EV_WG_ADD, wg->id, (uint64_t)delta, (uint64_t)wg->n);
#if RT_MUTANT == 10
    /* Mutant: the counter goes negative silently, no panic (breaks W2). */
    if (wg->n < 0)
        return;
#endif
    if (wg->n < 0)
        rt_panic(rt_str("sync: negative WaitGroup counter")); /* W2 */
    if (wg->n == 0)
        while (wake_one(x, &wg->waiters))
            ;
}

void rt_wg_done(rt_waitgroup *wg)
{
    rt_wg_add(wg, -1);
}

void rt_wg_wait(rt_waitgroup *wg)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (wg->n > 0) {
        wait_on(x, &wg->waiters, false, RT_WAIT_WG, wg->id);
        /* Woken when the counter reached 0; an Add since then, before this
         * Wait could return, is gc's reuse panic (W3). */
        if (wg->n != 0)
            rt_panic(rt_str("sync: WaitGroup is reused before previous Wait has returned"));
    }
    rt__emit(x, RT_EV_WG_WAIT, wg->id, 0, 0);
}

/* ================================================================ Mutex */

rt_mutex *rt_mutex_new(void)
{
    rt_exec *x = rt__exec();
    rt_mutex *m = rt__alloc(x, sizeof *m);
    m->id = ++x->next_obj_id;
    rt__list_init(&m->waiters);
    return m;
}

/* Unlock wakes the first waiter, which competes again for the lock; a
 * waiter that loses goes back to the front of the queue, as in Go. */
void rt_mutex_lock(rt_mutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    bool woken = false;
    while (m->locked) {
        wait_on(x, &m->waiters, woken, RT_WAIT_MUTEX, m->id);
        woken = true;
    }
    m->locked = true;
    rt__emit(x, RT_EV_LOCK, m->id, RT_LOCK_MUTEX, 0);
}

bool rt_mutex_trylock(rt_mutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (m->locked)
        return false;
    m->locked = true;
    rt__emit(x, RT_EV_LOCK, m->id, RT_LOCK_MUTEX, 0);
    return true;
}

void rt_mutex_unlock(rt_mutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (!m->locked)
        rt__sched_fatal(x, RT_FATAL_UNLOCK, "sync: unlock of unlocked mutex"); /* M2 */
    m->locked = false;
    rt__emit(x, RT_EV_UNLOCK, m->id, RT_LOCK_MUTEX, 0);
    wake_one(x, &m->waiters);
}

/* ================================================================ RWMutex */

rt_rwmutex *rt_rwmutex_new(void)
{
    rt_exec *x = rt__exec();
    rt_rwmutex *m = rt__alloc(x, sizeof *m);
    m->id = ++x->next_obj_id;
    rt__list_init(&m->writerq);
    rt__list_init(&m->readerq);
    return m;
}

void rt_rw_lock(rt_rwmutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (m->w_held) {
        /* Woken by rt_rw_unlock, which hands over the writer slot and makes
         * us active once no reader remains. */
        wait_on(x, &m->writerq, false, RT_WAIT_RWMUTEX_W, m->id);
    } else {
        m->w_held = true;
        if (m->readers > 0) {
            m->pending = x->cur;
            rt__sched_block(x, RT_WAIT_RWMUTEX_W, m->id);
        } else {
            m->w_active = true;
        }
    }
    rt__emit(x, RT_EV_LOCK, m->id, RT_LOCK_WRITE, 0);
}

void rt_rw_rlock(rt_rwmutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (m->w_held)
        wait_on(x, &m->readerq, false, RT_WAIT_RWMUTEX_R, m->id); /* admitted by Unlock */
    else
        m->readers++;
    rt__emit(x, RT_EV_LOCK, m->id, RT_LOCK_READ, 0);
}

void rt_rw_runlock(rt_rwmutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (m->readers <= 0)
        rt__sched_fatal(x, RT_FATAL_UNLOCK, "sync: RUnlock of unlocked RWMutex");
    m->readers--;
    rt__emit(x, RT_EV_UNLOCK, m->id, RT_LOCK_READ, 0);
    if (m->readers == 0 && m->pending) {
        rt_g *w = m->pending;
        m->pending = NULL;
        m->w_active = true;
        rt__sched_ready(x, w);
    }
}

void rt_rw_unlock(rt_rwmutex *m)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (!m->w_active)
        rt__sched_fatal(x, RT_FATAL_UNLOCK, "sync: Unlock of unlocked RWMutex");
    m->w_active = false;
    rt__emit(x, RT_EV_UNLOCK, m->id, RT_LOCK_WRITE, 0);
    /* Readers that waited for this writer get in first... */
    while (wake_one(x, &m->readerq))
        m->readers++;
    /* ...then the next writer takes the slot and waits for them. */
    if (rt__list_empty(&m->writerq)) {
        m->w_held = false;
        return;
    }
    rt_sudog *sd = RT_CONTAINER(m->writerq.next, rt_sudog, link);
    rt__list_remove(&sd->link);
    if (m->readers > 0) {
        m->pending = sd->g; /* stays blocked until the readers leave */
    } else {
        m->w_active = true;
        rt__sched_ready(x, sd->g);
    }
}

/* ================================================================ Once */

rt_once *rt_once_new(void)
{
    rt_exec *x = rt__exec();
    rt_once *o = rt__alloc(x, sizeof *o);
    o->id = ++x->next_obj_id;
    rt__list_init(&o->waiters);
    return o;
}

struct once_call {
    rt_once *o;
    rt_fn f;
    void *arg;
};

/* Deferred by the Do frame: Do counts as done even when f panics. */
static void once_finish(void *p)
{
    rt_once *o = *(rt_once **)p;
    rt_exec *x = rt__exec();
    o->done = true;
    o->running = false;
    while (wake_one(x, &o->waiters))
        ;
}

static void once_body(void *p)
{
    struct once_call *c = p;
    rt__defer_opaque(once_finish, &c->o, sizeof c->o);
    rt_call(c->f, c->arg);
}

void rt_once_do(rt_once *o, rt_fn f, void *arg)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (o->done) {
        rt__emit(x, RT_EV_ONCE, o->id, 0, 0);
        return;
    }
    if (o->running) {
        wait_on(x, &o->waiters, false, RT_WAIT_ONCE, o->id);
        rt__emit(x, RT_EV_ONCE, o->id, 0, 0);
        return;
    }
    o->running = true;
    rt__emit(x, RT_EV_ONCE, o->id, 1, 0);
    struct once_call c = {o, f, arg};
    rt_call(once_body, &c);
}
