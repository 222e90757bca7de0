/* sched.c - executions, goroutines, the scheduler, virtual time and output.
 *
 * One execution runs at a time per thread. Goroutines are coroutines that
 * switch directly to one another; the thread's own stack (rt_run's caller)
 * is resumed only when the program ends. Every choice between two or more
 * runnable goroutines is asked of the choice source and recorded; nothing
 * here may depend on addresses, the wall clock or libc rand(). */
#define _GNU_SOURCE
#include "rti.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local rt_exec *rt__x;

/* The execution state of this thread; its buffers and free lists survive
 * from one execution to the next so steady state allocates nothing. */
static _Thread_local rt_exec exec_storage;

/* Persistent result arrays (alive goroutines and their defers). */
static _Thread_local rt_gor_info *alive_buf;
static _Thread_local size_t alive_cap;
static _Thread_local rt_defer_info *alive_defers;
static _Thread_local size_t alive_defers_cap;

#define ARENA_CHUNK (64u * 1024u)

rt_exec *rt__exec(void)
{
    if (RT_UNLIKELY(!rt__x)) {
        fputs("deferfuzz runtime: an rt_* operation was called outside rt_run\n", stderr);
        abort();
    }
    return rt__x;
}

/* ================================================================ buffers */

bool rt__buf_reserve(rt_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return false;
    b->p = p;
    b->cap = cap;
    return true;
}

void rt__buf_append(rt_buf *b, const void *p, size_t n)
{
    if (!rt__buf_reserve(b, n))
        return;
    memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = 0;
}

void rt__buf_free(rt_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ================================================================ arena */

/* Memory that lives until the execution ends. Chunks of the standard size
 * are kept for the next execution; bigger ones are freed. */
void *rt__alloc(rt_exec *x, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    rt_chunk *c = x->arena;
    if (!c || c->size - c->used < n) {
        /* Reuse a later standard chunk that is still empty, else allocate. */
        size_t sz = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        rt_chunk *nc = malloc(sizeof *nc + sz);
        if (!nc) {
            fputs("deferfuzz runtime: out of memory\n", stderr);
            abort();
        }
        nc->size = sz;
        nc->used = 0;
        nc->next = c;
        x->arena = nc;
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

static void arena_reset(rt_exec *x)
{
    /* Keep one standard chunk, free the rest: an execution that needed more
     * pays malloc again next time, but memory stays flat. */
    rt_chunk *keep = NULL;
    for (rt_chunk *c = x->arena, *next; c; c = next) {
        next = c->next;
        if (!keep && c->size == ARENA_CHUNK) {
            keep = c;
            keep->next = NULL;
            keep->used = 0;
        } else {
            free(c);
        }
    }
    x->arena = keep;
}

void *rt_alloc(size_t n)
{
    return rt__alloc(rt__exec(), n);
}

/* ================================================================ output */

void rt__sched_write(rt_exec *x, int fd, const char *s, size_t n)
{
    rt_buf *b = fd == 2 ? &x->err : &x->out;
    size_t room = x->cfg.max_output - (x->out.len + x->err.len);
    size_t take = n;
    if (x->out.len + x->err.len + n > x->cfg.max_output) {
        take = room;
        x->truncated = true;
    }
    rt__buf_append(b, s, take);
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, RT_EV_PRINT, x->cur, (uint64_t)(fd == 2 ? 2 : 1), 0, 0, NULL, s,
                      (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n));
}

void rt_write(int fd, const char *s, size_t n)
{
    rt__sched_write(rt__exec(), fd, s, n);
}

void rt_note_read(uint64_t var, rt_value v)
{
    rt_exec *x = rt__exec();
    rt__emit_v(x, RT_EV_VAR_READ, var, 0, 0, v);
}

void rt_note_write(uint64_t var, rt_value v)
{
    rt_exec *x = rt__exec();
    rt__emit_v(x, RT_EV_VAR_WRITE, var, 0, 0, v);
}

/* ================================================================ goroutine lists */

/* Grows the array *p of *cap elements of size elem to hold need. */
static RT_NOINLINE void *grow_array(void *p, uint32_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    if (c > UINT32_MAX || !(p = realloc(p, c * elem))) {
        fputs("deferfuzz runtime: out of memory\n", stderr);
        abort();
    }
    *cap = (uint32_t)c;
    return p;
}

/* Index of the first runnable id >= id. */
static uint32_t rq_lower(const rt_exec *x, uint32_t id)
{
    uint32_t lo = 0, hi = x->nrunnable;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (x->rq[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static inline rt_g *g_by_id(const rt_exec *x, uint32_t id)
{
    return x->gtab[id - x->gid_off];
}

/* Inserts g among the runnable goroutines, kept in ascending id order so
 * that the options of a decision are listed the same way every time. */
static void runq_insert(rt_exec *x, rt_g *g)
{
    if (x->nrunnable == x->rq_cap)
        x->rq = grow_array(x->rq, &x->rq_cap, (size_t)x->nrunnable + 1, sizeof *x->rq);
    uint32_t n = x->nrunnable, i = n;
    if (n > 16)
        i = rq_lower(x, g->id);
    else
        while (i > 0 && x->rq[i - 1] > g->id)
            i--;
    if (n - i > 16)
        memmove(x->rq + i + 1, x->rq + i, (n - i) * sizeof *x->rq);
    else /* the usual few goroutines: no call */
        for (uint32_t j = n; j > i; j--)
            x->rq[j] = x->rq[j - 1];
    x->rq[i] = g->id;
    x->nrunnable = n + 1;
}

/* Removes the runnable goroutine at index i of rq. */
static void runq_remove_at(rt_exec *x, uint32_t i)
{
    uint32_t n = --x->nrunnable;
    if (n - i > 16)
        memmove(x->rq + i, x->rq + i + 1, (n - i) * sizeof *x->rq);
    else
        for (uint32_t j = i; j < n; j++)
            x->rq[j] = x->rq[j + 1];
}

void rt__sched_ready(rt_exec *x, rt_g *g)
{
    g->state = RT_G_RUNNABLE;
    g->wait = RT_WAIT_NONE;
    g->wait_obj = 0;
    runq_insert(x, g);
    rt__emit(x, RT_EV_READY, g->id, 0, 0);
}

/* ================================================================ decisions */

uint32_t rt__sched_choose(rt_exec *x, rt_decision_kind kind, const uint32_t *opts, uint32_t n,
                          int32_t keep)
{
    uint32_t t;
    if (x->cfg.chooser) {
        rt_decision d = {kind, n, opts, keep, x->ndecs};
        t = x->cfg.chooser->choose(x->cfg.chooser, &d) % n;
    } else {
        t = keep >= 0 ? (uint32_t)keep : 0;
    }
    if (x->ndecs == x->decs_cap) {
        size_t cap = x->decs_cap ? x->decs_cap * 2 : 256;
        rt_decision_rec *p = realloc(x->decs, cap * sizeof *p);
        if (!p) {
            fputs("deferfuzz runtime: out of memory\n", stderr);
            abort();
        }
        x->decs = p;
        x->decs_cap = cap;
    }
    x->decs[x->ndecs++] = (rt_decision_rec){(uint32_t)kind, n, t};
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, RT_EV_DECISION, x->cur, (uint64_t)kind, n, t, NULL, opts,
                      n * (uint32_t)sizeof(uint32_t));
    return t;
}

static RT_NOINLINE uint32_t *opts_grow(rt_exec *x, size_t n)
{
    size_t cap = x->opts_cap ? x->opts_cap : 64;
    while (cap < n)
        cap *= 2;
    uint32_t *p = realloc(x->opts, cap * sizeof *p);
    if (!p) {
        fputs("deferfuzz runtime: out of memory\n", stderr);
        abort();
    }
    x->opts = p;
    x->opts_cap = cap;
    return p;
}

static inline uint32_t *opts_scratch(rt_exec *x, size_t n)
{
    return RT_LIKELY(n <= x->opts_cap) ? x->opts : opts_grow(x, n);
}

/* ================================================================ switching */

/* Releases what a goroutine that ended left behind; called by whoever runs
 * next, because a coroutine cannot free the stack it runs on. */
static void reap(rt_exec *x)
{
    rt_g *d = x->dead_pending;
    if (d) {
        x->dead_pending = NULL;
        rt__stack_put(d->coro.stack);
        d->coro.stack = NULL;
        d->all.next = (rt_list *)x->free_gs;
        x->free_gs = d;
    }
}

static void switch_to(rt_exec *x, rt_g *from, rt_g *to)
{
    x->cur = to;
    to->state = RT_G_RUNNING;
    rt__emit(x, RT_EV_RUN, 0, 0, 0);
    rt__coro_switch(&from->coro, &to->coro);
    reap(x);
}

/* ================================================================ timers */

static bool timer_less(const rt_timer *a, const rt_timer *b)
{
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

void rt__timer_add(rt_exec *x, int64_t when, rt_g *g, struct rt_chan *c)
{
    if (x->ntimers == x->timers_cap) {
        size_t cap = x->timers_cap ? x->timers_cap * 2 : 16;
        rt_timer *p = realloc(x->timers, cap * sizeof *p);
        if (!p) {
            fputs("deferfuzz runtime: out of memory\n", stderr);
            abort();
        }
        x->timers = p;
        x->timers_cap = cap;
    }
    size_t i = x->ntimers++;
    rt_timer t = {when, x->timer_seq++, g, c};
    while (i > 0 && timer_less(&t, &x->timers[(i - 1) / 2])) {
        x->timers[i] = x->timers[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    x->timers[i] = t;
}

static rt_timer timer_pop(rt_exec *x)
{
    rt_timer top = x->timers[0];
    rt_timer last = x->timers[--x->ntimers];
    size_t i = 0, n = x->ntimers;
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l >= n)
            break;
        m = (l + 1 < n && timer_less(&x->timers[l + 1], &x->timers[l])) ? l + 1 : l;
        if (!timer_less(&x->timers[m], &last))
            break;
        x->timers[i] = x->timers[m];
        i = m;
    }
    if (n)
        x->timers[i] = last;
    return top;
}

/* Advances the clock to the earliest timer and fires every timer due then. */
static void fire_timers(rt_exec *x)
{
    int64_t when = x->timers[0].when;
    if (when > x->clock)
        x->clock = when;
    /* The clock acts, not the goroutine that happened to be current: its
     * events carry goroutine 0. */
    rt_g *cur = x->cur;
    x->cur = NULL;
    rt__emit(x, RT_EV_CLOCK, (uint64_t)x->clock, 0, 0);
    while (x->ntimers && x->timers[0].when <= x->clock) {
        rt_timer t = timer_pop(x);
        if (t.g)
            rt__sched_ready(x, t.g);
        else if (t.c)
            rt__chan_try_send_nowait(x, t.c, rt_int(t.when));
    }
    x->cur = cur;
}

/* ================================================================ scheduling */

/* Picks the goroutine to run when the current one cannot: among the
 * runnable ones, else after advancing virtual time, else it is a deadlock
 * (K1, G6). Removes the pick from the runnable list. */
static rt_g *pick_next(rt_exec *x)
{
    for (;;) {
        if (x->nrunnable == 1) {
            rt_g *g = g_by_id(x, x->rq[0]);
            runq_remove_at(x, 0);
            return g;
        }
        if (x->nrunnable > 1) {
            uint32_t t = rt__sched_choose(x, RT_DEC_SCHED, x->rq, x->nrunnable, -1);
            rt_g *g = g_by_id(x, x->rq[t]);
            runq_remove_at(x, t);
            return g;
        }
        if (x->ntimers) {
            fire_timers(x);
            continue;
        }
        if (x->nlive == 0 && x->main_goexited)
            rt__sched_fatal(x, RT_FATAL_GOEXIT_DEADLOCK,
                            "no goroutines (main called runtime.Goexit) - deadlock!");
        rt__sched_fatal(x, RT_FATAL_DEADLOCK, "all goroutines are asleep - deadlock!");
    }
}

static RT_NORETURN void budget_exhausted(rt_exec *x)
{
    rt__sched_end(x, RT_END_BUDGET, RT_FATAL_NONE, -1);
}

/* A scheduling point: the running goroutine may keep running or give way
 * to any runnable goroutine; the choice source decides. */
static RT_NOINLINE void sched_decide(rt_exec *x);

void rt__sched_point(rt_exec *x)
{
    if (RT_UNLIKELY(x->steps >= x->max_steps))
        budget_exhausted(x);
    x->steps++;
    if (RT_LIKELY(x->nrunnable == 0))
        return;
    sched_decide(x);
}

/* The decision of a scheduling point with other goroutines runnable: out
 * of line, so the common point with none stays a leaf. */
static void sched_decide(rt_exec *x)
{
    rt_g *cur = x->cur;
    uint32_t nr = x->nrunnable, n = nr + 1;
    uint32_t *opts = opts_scratch(x, n);
    uint32_t keep;
    if (nr > 16) {
        keep = rq_lower(x, cur->id);
        memcpy(opts, x->rq, keep * sizeof *opts);
        memcpy(opts + keep + 1, x->rq + keep, (nr - keep) * sizeof *opts);
    } else { /* the usual few goroutines: one pass, no call */
        keep = nr;
        for (uint32_t i = 0, k = 0; i < nr; i++) {
            if (keep == nr && x->rq[i] > cur->id)
                keep = k++;
            opts[k++] = x->rq[i];
        }
    }
    opts[keep] = cur->id;
    uint32_t t = rt__sched_choose(x, RT_DEC_SCHED, opts, n, (int32_t)keep);
    if (t == keep)
        return;
    uint32_t at = t < keep ? t : t - 1; /* the chosen goroutine's index in rq */
    rt_g *next = g_by_id(x, x->rq[at]);
    runq_remove_at(x, at);
    cur->state = RT_G_RUNNABLE;
    runq_insert(x, cur);
    switch_to(x, cur, next);
}

void rt__sched_block(rt_exec *x, rt_wait w, uint64_t obj)
{
    rt_g *cur = x->cur;
    cur->state = RT_G_BLOCKED;
    cur->wait = w;
    cur->wait_obj = obj;
    rt__emit(x, RT_EV_BLOCK, (uint64_t)w, obj, 0);
#if RT_MUTANT == 9
    /* Mutant: a goroutine that blocks on a channel receive is left on the
     * runnable list (no READY ever made it runnable), so the scheduler may
     * pick it again at once or later; its receive then returns (nil,
     * false) without a sender or a close. Its waiter leaves the channel so
     * nothing can wake it twice. */
    if (w == RT_WAIT_CHAN_RECV) {
        rt__chan_dequeue(&cur->sd);
        cur->state = RT_G_RUNNABLE;
        cur->wait = RT_WAIT_NONE;
        cur->wait_obj = 0;
        runq_insert(x, cur);
    }
#endif
    rt_g *next = pick_next(x);
    if (next == cur) {
        /* Woken while picking (a timer fired for it). */
        cur->state = RT_G_RUNNING;
        rt__emit(x, RT_EV_RUN, 0, 0, 0);
        return;
    }
    switch_to(x, cur, next);
}

void rt_gosched(void)
{
    rt__sched_point(rt__exec());
}

void rt_preempt_point(void)
{
    rt__sched_point(rt__exec());
}

/* ================================================================ program end */

void rt__sched_end(rt_exec *x, rt_end end, rt_fatal_kind fk, int code)
{
    x->end = end;
    x->fatal = fk;
    x->exit_code = code;
    rt__emit(x, RT_EV_END, (uint64_t)end, (uint64_t)(int64_t)code, (uint64_t)fk);
    rt__coro_exit_to(&x->cur->coro, &x->os);
}

void rt__sched_fatal(rt_exec *x, rt_fatal_kind fk, const char *msg)
{
    rt__sched_fatal_n(x, fk, msg, strlen(msg));
}

void rt__sched_fatal_n(rt_exec *x, rt_fatal_kind fk, const char *msg, size_t n)
{
    if (fk == RT_FATAL_STACK_OVERFLOW) {
        /* gc also prints "runtime: sp=... stack=[...]" and a full traceback
         * here even with GOTRACEBACK=none; those lines hold addresses and
         * are left out. */
        const char *pre = "runtime: goroutine stack exceeds 1000000000-byte limit\n";
        rt__sched_write(x, 2, pre, strlen(pre));
    }
    rt__sched_write(x, 2, "fatal error: ", 13);
    rt__sched_write(x, 2, msg, n);
    rt__sched_write(x, 2, "\n", 1);
    rt__sched_end(x, RT_END_FATAL, fk, 2);
}

void rt_exit(int code)
{
    rt_exec *x = rt__exec();
    /* the process's exit status, as the shell and a parent see it:
     * os.Exit(263) exits 7, os.Exit(-1) 255 */
    rt__sched_end(x, RT_END_EXIT, RT_FATAL_NONE, code & 0xff);
}

void rt_fatal(const char *msg)
{
    rt__sched_fatal(rt__exec(), RT_FATAL_OTHER, msg);
}

void rt_abort(void)
{
    rt__sched_end(rt__exec(), RT_END_ABORT, RT_FATAL_NONE, -1);
}

/* ================================================================ goroutines */

static void g_entry(void *arg);

static rt_g *g_new(rt_exec *x, rt_fn fn, void *arg)
{
    rt_g *g = x->free_gs;
    if (g)
        x->free_gs = (rt_g *)g->all.next;
    else if (!(g = malloc(sizeof *g)))
        return NULL;
    memset(g, 0, sizeof *g);
    g->coro.stack = rt__stack_get(x->stack_size);
    if (!g->coro.stack) {
        g->all.next = (rt_list *)x->free_gs;
        x->free_gs = g;
        return NULL;
    }
#if RT_MUTANT == 14
    /* Mutant: goroutine ids carry on from the previous execution in the
     * process (state that outlives rt_run), so one schedule meets other
     * options in every run. Not in the oracles' kill matrix: nothing within
     * one execution is wrong. fuzz_schedule's execution memo catches it
     * (ctest fuzz_memo: fuzz/memo_check.sh). */
    static uint32_t leaked_gid;
    x->next_gid++;
    g->id = ++leaked_gid;
#else
    g->id = ++x->next_gid;
#endif
    if (x->next_gid == 1)
        x->gid_off = g->id - 1; /* ids are consecutive within an execution */
    if (x->next_gid >= x->gtab_cap)
        x->gtab = grow_array(x->gtab, &x->gtab_cap, (size_t)x->next_gid + 1, sizeof *x->gtab);
    x->gtab[g->id - x->gid_off] = g;
    g->fn = fn;
    g->arg = arg;
    g->sel_fired = -1;
    rt__list_init(&g->sd.link);
    rt__list_push_back(&x->allg, &g->all);
    x->nlive++;
    rt__coro_init(&g->coro, g_entry, g);
    return g;
}

/* Ends the running goroutine g and switches to the next one. */
static RT_NORETURN void g_exit(rt_exec *x, rt_g *g, rt_go_end why)
{
    rt__emit(x, RT_EV_GO_END, (uint64_t)why, 0, 0);
    if (g->in_panic) {
        g->in_panic = false;
        x->running_panic_defers--;
    }
    g->state = RT_G_DEAD;
    rt__list_remove(&g->all);
    x->nlive--;
    rt__defer_release_all(x, g);
    /* Whoever runs next (or rt_run, if the program ends) frees g's stack. */
    reap(x);
    x->dead_pending = g;
    rt_g *next = pick_next(x);
    x->cur = next;
    next->state = RT_G_RUNNING;
    rt__emit(x, RT_EV_RUN, 0, 0, 0);
    rt__coro_exit_to(&g->coro, &next->coro);
}

/* main returned: the program exits 0 at once (X1), after giving goroutines
 * that are running panic-time defers up to 1000 yields to finish (P2). */
static RT_NORETURN void main_returned(rt_exec *x, rt_g *g)
{
    for (int c = 0; c < 1000 && x->running_panic_defers > 0; c++)
        rt__sched_point(x);
    rt__emit(x, RT_EV_GO_END, RT_GOEND_RETURN, 0, 0);
#if RT_MUTANT == 11
    /* Mutant: main's return runs the others' pending deferred calls (X1). */
    rt__defer_mutant_run_others(x);
#endif
    rt__list_remove(&g->all);
    rt__list_init(&g->all);
    x->nlive--;
    rt__sched_end(x, RT_END_RETURN, RT_FATAL_NONE, 0);
}

static void g_entry(void *arg)
{
    rt_g *g = arg;
    rt_exec *x = rt__x;
    rt__coro_started(&g->coro, g == x->main ? &x->os : NULL);
    reap(x);
    rt_call(g->fn, g->arg);
    if (g == x->main)
        main_returned(x, g);
    g_exit(x, g, RT_GOEND_RETURN);
}

void rt__sched_goexit_done(rt_exec *x)
{
    rt_g *g = x->cur;
    if (g == x->main) {
        /* g's struct is recycled for the next goroutine started: that one
         * must not be taken for main when it returns (G6). */
        x->main_goexited = true;
        x->main = NULL;
    }
    g_exit(x, g, RT_GOEND_GOEXIT);
}

void rt_go(rt_fn fn, const void *arg, size_t argsize)
{
    rt_exec *x = rt__exec();
    if (!fn)
        rt__sched_fatal(x, RT_FATAL_GO_NIL, "go of nil func value");
    void *copy = NULL;
    if (argsize) {
        copy = rt__alloc(x, argsize);
        memcpy(copy, arg, argsize);
    }
    rt_g *g = g_new(x, fn, copy);
    if (!g) {
        const char *m = "deferfuzz runtime: cannot allocate a goroutine stack\n";
        rt__sched_write(x, 2, m, strlen(m));
        rt__sched_end(x, RT_END_INTERNAL, RT_FATAL_NONE, -1);
    }
    g->go_site = x->cur->site;
    g->site = x->cur->site;
    rt__emit(x, RT_EV_GO_CREATE, g->id, 0, 0);
    g->state = RT_G_RUNNABLE;
    runq_insert(x, g);
    rt__sched_point(x);
}

int rt_num_goroutine(void)
{
    return (int)rt__exec()->nlive;
}

uint32_t rt_goid(void)
{
    return rt__exec()->cur->id;
}

void rt_set_site(uint32_t site)
{
    rt__exec()->cur->site = site;
}

uint32_t rt_site(void)
{
    return rt__exec()->cur->site;
}

int64_t rt_now(void)
{
    return rt__exec()->clock;
}

void rt_sleep(int64_t ns)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (ns <= 0)
        return;
    int64_t when = x->clock + ns;
    rt__emit(x, RT_EV_SLEEP, (uint64_t)ns, (uint64_t)when, 0);
    rt__timer_add(x, when, x->cur, NULL);
    rt__sched_block(x, RT_WAIT_SLEEP, 0);
}

rt_chan *rt_after(int64_t ns)
{
    rt_exec *x = rt__exec();
    rt_chan *c = rt__chan_make(x, 1, rt_int(0), true);
    rt__timer_add(x, x->clock + (ns > 0 ? ns : 0), NULL, c);
    return c;
}

/* ================================================================ rt_run */

static void collect_alive(rt_exec *x, rt_result *out)
{
    size_t n = 0, nd = 0;
    for (rt_list *it = x->allg.next; it != &x->allg; it = it->next) {
        rt_g *g = RT_CONTAINER(it, rt_g, all);
        n++;
        for (rt_deferrec *d = g->defers; d; d = d->link)
            nd++;
    }
    if (n > alive_cap) {
        free(alive_buf);
        alive_cap = n * 2;
        alive_buf = malloc(alive_cap * sizeof *alive_buf);
    }
    if (nd > alive_defers_cap) {
        free(alive_defers);
        alive_defers_cap = nd * 2;
        alive_defers = malloc(alive_defers_cap * sizeof *alive_defers);
    }
    if ((n && !alive_buf) || (nd && !alive_defers)) {
        fputs("deferfuzz runtime: out of memory\n", stderr);
        abort();
    }
    size_t i = 0, j = 0;
    for (rt_list *it = x->allg.next; it != &x->allg; it = it->next) {
        rt_g *g = RT_CONTAINER(it, rt_g, all);
        rt_gor_info *gi = &alive_buf[i++];
        gi->id = g->id;
        gi->wait = g->state == RT_G_BLOCKED ? g->wait : RT_WAIT_NONE;
        gi->wait_obj = g->state == RT_G_BLOCKED ? g->wait_obj : 0;
        gi->site = g->site;
        gi->go_site = g->go_site;
        gi->defers = nd ? &alive_defers[j] : NULL;
        gi->ndefers = 0;
        for (rt_deferrec *d = g->defers; d; d = d->link) {
            alive_defers[j++] = (rt_defer_info){d->site, d->frame ? d->frame->id : 0, d->id};
            gi->ndefers++;
        }
    }
    out->alive = n ? alive_buf : NULL;
    out->nalive = n;
}

/* Abandons every goroutine still alive: their C frames are never unwound
 * (X1), their stacks go back to the cache. */
static void release_all(rt_exec *x)
{
    while (!rt__list_empty(&x->allg)) {
        rt_g *g = RT_CONTAINER(x->allg.next, rt_g, all);
        rt__list_remove(&g->all);
        rt__defer_release_all(x, g);
        rt__stack_put(g->coro.stack);
        g->coro.stack = NULL;
        g->all.next = (rt_list *)x->free_gs;
        x->free_gs = g;
    }
    /* main, when it returned, is off the live list but still holds a stack. */
    if (x->main && x->main->coro.stack) {
        rt__stack_put(x->main->coro.stack);
        x->main->coro.stack = NULL;
        x->main->all.next = (rt_list *)x->free_gs;
        x->free_gs = x->main;
    }
}

int rt_run(const rt_config *cfg, rt_fn main_fn, void *arg, rt_result *out)
{
    if (rt__x)
        return RT_EBUSY;
    if (!main_fn || !out || (cfg && cfg->nobservers > RT_MAX_OBSERVERS))
        return RT_EINVAL;
    rt_exec *x = &exec_storage;
    /* Reset the per-execution state, keeping buffers and free lists. */
    rt_exec keep = *x;
    memset(x, 0, sizeof *x);
    x->out = keep.out;
    x->err = keep.err;
    x->arena = keep.arena;
    x->free_defers = keep.free_defers;
    x->free_gs = keep.free_gs;
    x->decs = keep.decs;
    x->decs_cap = keep.decs_cap;
    x->opts = keep.opts;
    x->opts_cap = keep.opts_cap;
    x->rq = keep.rq;
    x->rq_cap = keep.rq_cap;
    x->gtab = keep.gtab;
    x->gtab_cap = keep.gtab_cap;
    x->timers = keep.timers;
    x->timers_cap = keep.timers_cap;
    x->out.len = x->err.len = 0;
    rt__buf_reserve(&x->out, 0);
    rt__buf_reserve(&x->err, 0);
    x->out.p[0] = x->err.p[0] = 0;

    if (cfg)
        x->cfg = *cfg;
    if (!x->cfg.max_output)
        x->cfg.max_output = RT_DEFAULT_MAX_OUTPUT;
    x->max_steps = x->cfg.max_steps ? x->cfg.max_steps : RT_DEFAULT_MAX_STEPS;
    x->stack_size = x->cfg.stack_size ? x->cfg.stack_size : rt__stack_default_size();
    x->max_depth = x->cfg.max_depth ? x->cfg.max_depth : RT_DEFAULT_MAX_DEPTH;
    for (size_t i = 0; i < x->cfg.nobservers; i++)
        x->obs[x->nobs++] = x->cfg.observers[i];
    if (x->cfg.trace) {
        rt__trace_reset();
        x->obs[x->nobs++] = (rt_observer){rt__trace_observe, NULL};
    }
    x->observing = x->nobs > 0;
    rt__list_init(&x->allg);

    rt__x = x;
    rt_g *m = g_new(x, main_fn, arg);
    if (!m) {
        rt__x = NULL;
        return RT_ENOMEM;
    }
    x->main = m;
    x->cur = m;
    m->state = RT_G_RUNNING;
    rt__emit(x, RT_EV_RUN, 0, 0, 0);
    rt__coro_switch(&x->os, &m->coro);

    /* The program has ended. */
    reap(x);
    memset(out, 0, sizeof *out);
    out->end = x->end;
    out->fatal = x->fatal;
    out->exit_code = x->exit_code;
    out->out = x->out.p;
    out->out_len = x->out.len;
    out->err = x->err.p;
    out->err_len = x->err.len;
    out->output_truncated = x->truncated;
    out->steps = x->steps;
    out->goroutines = x->next_gid;
    out->decisions = x->decs;
    out->ndecisions = x->ndecs;
    out->events = x->nevents;
    out->clock = x->clock;
    collect_alive(x, out);
    if (x->cfg.trace) {
        out->trace = rt__trace_data(&out->trace_len);
        out->trace_hash = rt_fnv1a64(out->trace, out->trace_len, RT_FNV_OFFSET);
    }
    release_all(x);
    arena_reset(x);
    rt__x = NULL;
    return 0;
}

void rt_shutdown(void)
{
    if (rt__x)
        return;
    rt_exec *x = &exec_storage;
    rt__buf_free(&x->out);
    rt__buf_free(&x->err);
    for (rt_chunk *c = x->arena, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    x->arena = NULL;
    for (rt_deferrec *d = x->free_defers, *n; d; d = n) {
        n = d->link;
        free(d);
    }
    x->free_defers = NULL;
    for (rt_g *g = x->free_gs, *n; g; g = n) {
        n = (rt_g *)g->all.next;
        free(g);
    }
    x->free_gs = NULL;
    free(x->decs);
    free(x->opts);
    free(x->rq);
    free(x->gtab);
    x->rq = NULL;
    x->gtab = NULL;
    x->rq_cap = x->gtab_cap = 0;
    free(x->timers);
    x->decs = NULL;
    x->opts = NULL;
    x->timers = NULL;
    x->decs_cap = x->opts_cap = x->timers_cap = 0;
    free(alive_buf);
    free(alive_defers);
    alive_buf = NULL;
    alive_defers = NULL;
    alive_cap = alive_defers_cap = 0;
    rt__stack_drain();
    rt__trace_reset();
}

const char *rt_strerror(int err)
{
    switch (err) {
    case 0:
        return "success";
    case RT_ENOMEM:
        return "out of memory for goroutine stacks";
    case RT_EBUSY:
        return "an execution is already running on this thread";
    case RT_EINVAL:
        return "invalid argument";
    default:
        return "unknown error";
    }
}

const char *rt_end_name(rt_end e)
{
    static const char *const names[] = {"return", "exit",     "panic", "fatal",
                                        "budget", "internal", "abort"};
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "?";
}

const char *rt_wait_name(rt_wait w)
{
    static const char *const names[] = {"running",
                                        "chan receive",
                                        "chan send",
                                        "chan receive (nil chan)",
                                        "chan send (nil chan)",
                                        "select",
                                        "select (no cases)",
                                        "sync.WaitGroup.Wait",
                                        "sync.Mutex.Lock",
                                        "sync.RWMutex.Lock",
                                        "sync.RWMutex.RLock",
                                        "sync.Mutex.Lock",
                                        "sleep"};
    return (unsigned)w < sizeof names / sizeof names[0] ? names[w] : "?";
}
