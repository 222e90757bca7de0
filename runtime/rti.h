/* rti.h - internal structures of the runtime, shared by the runtime sources only.
 *
 * Nothing outside runtime/ may include this file: other modules see the
 * runtime through rt.h and the event trace. Internal non-static functions
 * carry the prefix rt__ and say in their name which file they live in
 * (rt__sched_*, rt__stack_*, rt__coro_*, rt__defer_*, ...). */
#ifndef DEFERFUZZ_RTI_H
#define DEFERFUZZ_RTI_H

#include "rt.h"

#include <setjmp.h>
#include <stdalign.h>

#ifdef RT_USE_UCONTEXT
#include <ucontext.h>
#endif

#ifndef RT_MUTANT
#define RT_MUTANT 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define RT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RT_ASAN 1
#endif
#endif
#ifndef RT_ASAN
#define RT_ASAN 0
#endif

#define RT_UNUSED(x)   ((void)(x))
#define RT_LIKELY(x)   __builtin_expect(!!(x), 1)
#define RT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RT_NOINLINE    __attribute__((noinline))

/* ---------------------------------------------------------------- lists */

/* Intrusive doubly linked list node; a list head is a node linked to itself. */
typedef struct rt_list {
    struct rt_list *prev, *next;
} rt_list;

static inline void rt__list_init(rt_list *h)
{
    h->prev = h->next = h;
}
static inline bool rt__list_empty(const rt_list *h)
{
    return h->next == h;
}
static inline void rt__list_insert_before(rt_list *pos, rt_list *n)
{
    n->next = pos;
    n->prev = pos->prev;
    pos->prev->next = n;
    pos->prev = n;
}
static inline void rt__list_push_back(rt_list *h, rt_list *n)
{
    rt__list_insert_before(h, n);
}
static inline void rt__list_push_front(rt_list *h, rt_list *n)
{
    rt__list_insert_before(h->next, n);
}
static inline void rt__list_remove(rt_list *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = n;
}
#define RT_CONTAINER(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* ---------------------------------------------------------------- stacks */

/* A goroutine stack: mmap'd, with a PROT_NONE guard page below it. */
typedef struct rt_stack {
    struct rt_stack *next_free; /* link in the per-thread cache */
    void *map;                  /* start of the mapping (the guard page) */
    size_t map_size;
    void *lo;             /* lowest usable byte */
    size_t size;          /* usable bytes */
    unsigned valgrind_id; /* VALGRIND_STACK_REGISTER id */
} rt_stack;

rt_stack *rt__stack_get(size_t size);
void rt__stack_put(rt_stack *s);
void rt__stack_drain(void);
size_t rt__stack_cached(void);
size_t rt__stack_default_size(void);

/* ---------------------------------------------------------------- coroutines */

/* A coroutine context: where a goroutine (or the thread's own stack) was
 * suspended, and what ASan needs to know about its stack. */
typedef struct rt_coro {
#ifdef RT_USE_UCONTEXT
    ucontext_t uc;
#else
    void *sp; /* saved stack pointer, valid while suspended */
#endif
    rt_stack *stack; /* NULL for the thread's own stack */
#if RT_ASAN
    void *fake_stack;        /* ASan fake stack of the suspended context */
    const void *asan_bottom; /* stack bounds ASan reported for it */
    size_t asan_size;
#endif
} rt_coro;

/* Prepares co (with its stack set) to run entry(arg) on first switch. */
void rt__coro_init(rt_coro *co, void (*entry)(void *), void *arg);
/* Suspends from and resumes to. */
void rt__coro_switch(rt_coro *from, rt_coro *to);
/* Final switch away from a coroutine that never runs again. */
void rt__coro_exit_to(rt_coro *from, rt_coro *to) RT_NORETURN;
/* First thing a new coroutine calls (ASan bookkeeping). */
void rt__coro_started(rt_coro *self, rt_coro *from);

#ifndef RT_USE_UCONTEXT
void rt__ctx_switch(void **save_sp, void *load_sp);
void rt__ctx_trampoline(void);
#endif

/* ---------------------------------------------------------------- frames, defer, panic */

typedef struct rt_g rt_g;
typedef struct rt_panicrec rt_panicrec;

/* A function frame opened by rt_call (or by the runtime for a deferred call). */
typedef struct rt_frame {
    struct rt_frame *prev; /* caller's frame */
    jmp_buf jb;            /* recovery lands here (R4) */
    uint64_t id;
    uint32_t depth;
} rt_frame;

#define RT_DEFER_INLINE 64

/* A registered deferred call. */
typedef struct rt_deferrec {
    struct rt_deferrec *link; /* next older defer of the goroutine */
    rt_frame *frame;          /* frame whose exit runs it */
    rt_fn fn;                 /* NULL: nil func, panics when invoked (D8) */
    void *args;               /* copy of the arguments */
    uint32_t nargs;
    uint32_t site; /* site of the defer statement */
    uint64_t id;
    bool started;         /* a panic or Goexit has invoked it */
    bool builtin_recover; /* defer recover() (R2/R3) */
    bool opaque;          /* its arguments hold host pointers: events show none */
    rt_panicrec *panic;   /* the panic or Goexit that started it */
    alignas(16) unsigned char inl[RT_DEFER_INLINE];
} rt_deferrec;

/* A panic in flight, or Goexit's pseudo-panic (goexit = true). Lives on the
 * C stack of rt_panic/rt_goexit, which never return. */
struct rt_panicrec {
    rt_panicrec *link; /* older panic of the same goroutine */
    rt_value v;
    uint64_t id;
    rt_frame *defer_frame; /* frame of the deferred call being run (Go's argp) */
    bool recovered;
    bool aborted;
    bool goexit;
    bool counted;    /* counted in running_panic_defers */
    jmp_buf *resume; /* Goexit: where an aborted Goexit resumes (G3) */
    rt_frame *top;   /* Goexit: the frame that called it */
};

/* ---------------------------------------------------------------- goroutines */

typedef enum rt_gstate { RT_G_RUNNABLE, RT_G_RUNNING, RT_G_BLOCKED, RT_G_DEAD } rt_gstate;

/* A waiter on a channel queue (Go's sudog). */
typedef struct rt_sudog {
    rt_list link; /* in the channel's sendq or recvq */
    rt_g *g;
    struct rt_chan *c;
    rt_value val;    /* value to send, or value received */
    uint64_t serial; /* message serial received */
    bool ok;         /* recv: ok; send: false when woken by close */
    bool queued;
    int32_t case_index; /* select case, -1 outside select */
} rt_sudog;

struct rt_g {
    uint32_t id;
    rt_gstate state;
    rt_coro coro;
    rt_fn fn;
    void *arg;
    rt_list all;         /* link in the list of live goroutines */
    rt_frame *frame;     /* innermost frame */
    rt_deferrec *defers; /* pending defers, newest first */
    rt_panicrec *panic;  /* innermost panic */
    uint32_t depth;
    uint32_t site;
    uint32_t go_site;
    rt_wait wait;
    uint64_t wait_obj;
    /* Wake-up data of the blocking operation in progress. */
    rt_sudog sd;   /* the waiter of a plain send/receive */
    rt_sudog *sel; /* the waiters of a blocked select */
    uint32_t nsel;
    int32_t sel_fired;               /* case that woke the select, -1 if none */
    bool woken;                      /* set by whoever makes it runnable */
    bool in_panic;                   /* counted in running_panic_defers */
    struct rt_panicrec *preprinting; /* whose value rt_config.preprint makes printable */
};

/* ---------------------------------------------------------------- timers */

typedef struct rt_timer {
    int64_t when;
    uint64_t seq;
    rt_g *g;           /* sleeper, or NULL */
    struct rt_chan *c; /* time.After channel, or NULL */
} rt_timer;

/* ---------------------------------------------------------------- arena */

typedef struct rt_chunk {
    struct rt_chunk *next;
    size_t size, used;
    alignas(16) unsigned char data[];
} rt_chunk;

/* ---------------------------------------------------------------- buffers */

typedef struct rt_buf {
    char *p;
    size_t len, cap;
} rt_buf;

bool rt__buf_reserve(rt_buf *b, size_t extra);
void rt__buf_append(rt_buf *b, const void *p, size_t n);
void rt__buf_free(rt_buf *b);

/* ---------------------------------------------------------------- the execution */

typedef struct rt_exec {
    rt_config cfg;
    rt_coro os; /* the thread's own context (rt_run's caller) */
    rt_g *cur;  /* running goroutine */
    rt_g *main;
    /* Runnable goroutines: their ids ascending in rq[0..nrunnable); each
     * goroutine by id - gid_off in gtab[0..next_gid]. Dense arrays, so a
     * decision among thousands of goroutines reads memory in order. */
    uint32_t *rq;
    uint32_t nrunnable, rq_cap;
    rt_g **gtab;
    uint32_t gtab_cap, gid_off;
    rt_list allg; /* live goroutines, ascending id */
    uint32_t nlive;
    uint32_t next_gid;
    uint64_t next_frame_id, next_defer_id, next_panic_id, next_obj_id;
    uint64_t steps, max_steps;
    uint64_t ndecisions_made;
    int running_panic_defers;
    bool main_goexited;
    /* Deferred stack release of a goroutine that just ended. */
    rt_g *dead_pending;
    /* Timers (binary heap by when, seq). */
    rt_timer *timers;
    size_t ntimers, timers_cap;
    uint64_t timer_seq;
    int64_t clock;
    /* Events. */
    bool observing;
    uint64_t nevents;
    rt_observer obs[RT_MAX_OBSERVERS + 1]; /* + the trace recorder */
    size_t nobs;
    /* Output and end. */
    rt_buf out, err;
    bool truncated;
    rt_end end;
    rt_fatal_kind fatal;
    int exit_code;
    /* Memory of the execution. */
    rt_chunk *arena;
    rt_deferrec *free_defers;
    rt_g *free_gs;
    /* Decisions taken. */
    rt_decision_rec *decs;
    size_t ndecs, decs_cap;
    uint32_t *opts; /* scratch for decision options */
    size_t opts_cap;
    size_t stack_size;
    uint32_t max_depth;
} rt_exec;

extern _Thread_local rt_exec *rt__x;

/* Emits an event about goroutine g (NULL: the clock) to the observers;
 * the inline wrappers test for observers first. */
void rt__emit_slow(rt_exec *x, uint32_t kind, const rt_g *g, uint64_t a, uint64_t b, uint64_t c,
                   const rt_value *v, const void *bytes, uint32_t nbytes);
static inline void rt__emit(rt_exec *x, uint32_t kind, uint64_t a, uint64_t b, uint64_t c)
{
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, kind, x->cur, a, b, c, NULL, NULL, 0);
}
static inline void rt__emit_v(rt_exec *x, uint32_t kind, uint64_t a, uint64_t b, uint64_t c,
                              rt_value v)
{
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, kind, x->cur, a, b, c, &v, NULL, 0);
}

/* The running execution; aborts with a message when there is none. */
rt_exec *rt__exec(void);
void *rt__alloc(rt_exec *x, size_t n);

/* Scheduler (sched.c). */
void rt__sched_point(rt_exec *x);                          /* a scheduling point */
void rt__sched_block(rt_exec *x, rt_wait w, uint64_t obj); /* park the running goroutine */
void rt__sched_ready(rt_exec *x, rt_g *g);                 /* make a blocked goroutine runnable */
RT_NORETURN void rt__sched_end(rt_exec *x, rt_end end, rt_fatal_kind fk, int code);
RT_NORETURN void rt__sched_fatal(rt_exec *x, rt_fatal_kind fk, const char *msg);
/* The same with a message of n bytes (NULs included). */
/* rt_defer for the runtime's own machinery whose arguments are host
 * pointers (sync.Once's finish): DEFER_REG and DEFER_CALL carry no bytes,
 * so no address reaches the trace. */
void rt__defer_opaque(rt_fn fn, const void *arg, size_t argsize);
RT_NORETURN void rt__sched_fatal_n(rt_exec *x, rt_fatal_kind fk, const char *msg, size_t n);
RT_NORETURN void rt__sched_goexit_done(rt_exec *x); /* Goexit finished its defers */
uint32_t rt__sched_choose(rt_exec *x, rt_decision_kind kind, const uint32_t *opts, uint32_t n,
                          int32_t keep);
void rt__sched_write(rt_exec *x, int fd, const char *s, size_t n);
void rt__timer_add(rt_exec *x, int64_t when, rt_g *g, struct rt_chan *c);

/* Defer/panic (defer.c). */
void rt__defer_release_all(rt_exec *x, rt_g *g);
#if RT_MUTANT == 11
void rt__defer_mutant_run_others(rt_exec *x); /* mutant 11 only */
#endif

/* Channels (chan.c), used by select.c and time. */
typedef struct rt_chan rt_chan_t;
struct rt_chan *rt__chan_make(rt_exec *x, int64_t cap, rt_value zero, bool timer);
bool rt__chan_ready(const struct rt_chan *c, rt_dir dir);
void rt__chan_enqueue(struct rt_chan *c, rt_dir dir, rt_sudog *sd);
void rt__chan_dequeue(rt_sudog *sd);
/* Performs a ready operation; for a send on a closed channel, panics. */
void rt__chan_do_send(rt_exec *x, struct rt_chan *c, rt_value v);
rt_value rt__chan_do_recv(rt_exec *x, struct rt_chan *c, bool *ok);
bool rt__chan_try_send_nowait(rt_exec *x, struct rt_chan *c, rt_value v); /* timers */

/* Trace recorder (trace.c). */
void rt__trace_reset(void);
void rt__trace_observe(void *ctx, const rt_event *ev);
const uint8_t *rt__trace_data(size_t *len);

#endif /* DEFERFUZZ_RTI_H */
