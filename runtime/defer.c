/* defer.c - frames, defer, panic, recover and Goexit.
 *
 * Modelled on Go 1.19's runtime/panic.go: a goroutine keeps one chain of
 * pending defers (newest first) and one chain of panics. A panic runs the
 * deferred calls on top of the panicking stack; a recover that stops it
 * jumps (longjmp, as Lua's luaD_throw does) to the frame that registered
 * the recovering call, which then returns normally (R4). Goexit is a
 * pseudo-panic that recover cannot stop (G2). The rule numbers refer to
 * shared/go-semantics.md. */
#include "rti.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ defer records */

static rt_deferrec *defer_alloc(rt_exec *x, size_t nargs)
{
    rt_deferrec *d = x->free_defers;
    if (d)
        x->free_defers = d->link;
    else if (!(d = malloc(sizeof *d))) {
        fputs("deferfuzz runtime: out of memory\n", stderr);
        abort();
    }
    memset(d, 0, offsetof(rt_deferrec, inl));
    d->args = nargs <= RT_DEFER_INLINE ? d->inl : rt__alloc(x, nargs);
    d->nargs = (uint32_t)nargs;
    return d;
}

static void defer_free(rt_exec *x, rt_deferrec *d)
{
    d->link = x->free_defers;
    x->free_defers = d;
}

/* Returns every pending defer of g to the free list (goroutine abandoned). */
void rt__defer_release_all(rt_exec *x, rt_g *g)
{
    while (g->defers) {
        rt_deferrec *d = g->defers;
        g->defers = d->link;
        defer_free(x, d);
    }
}

/* ================================================================ frames */

/* Emits the exit of every frame newer than keep (frames a recovery or
 * Goexit throws away without returning). */
static void unwind_frames(rt_exec *x, rt_g *g, rt_frame *keep)
{
    for (rt_frame *f = g->frame; f && f != keep; f = f->prev)
        rt__emit(x, RT_EV_FRAME_EXIT, f->id, RT_FRAME_UNWOUND, 0);
}

static RT_NORETURN void stack_overflow(rt_exec *x)
{
    rt__sched_fatal(x, RT_FATAL_STACK_OVERFLOW, "stack overflow");
}

/* Room that must stay free below a frame for the runtime's own calls. */
#if RT_ASAN
#define STACK_MARGIN (256u * 1024u)
#else
#define STACK_MARGIN (48u * 1024u)
#endif

static void defer_return(rt_exec *x, rt_g *g, rt_frame *fr);

/* Calls fn(arg) in a new frame. When p is not NULL the call is a deferred
 * call that panic p runs, and the frame is the one recover must be called
 * from to stop p (Go's p.argp, R1). */
static void call_in_frame(rt_exec *x, rt_g *g, rt_fn fn, void *arg, rt_panicrec *p)
{
    rt_frame fr;
    fr.prev = g->frame;
    fr.id = ++x->next_frame_id;
    fr.depth = g->depth + 1;
    if (RT_UNLIKELY(fr.depth > x->max_depth))
        stack_overflow(x);
    if (g->coro.stack) {
        uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
        uintptr_t lo = (uintptr_t)g->coro.stack->lo;
        if (RT_UNLIKELY(sp < lo + STACK_MARGIN))
            stack_overflow(x);
    }
    if (p)
        p->defer_frame = &fr;
    g->frame = &fr;
    g->depth = fr.depth;
    rt__emit(x, RT_EV_FRAME_ENTER, fr.id, fr.depth, 0);
    int recovered = setjmp(fr.jb);
    if (!recovered)
        fn(arg);
    /* After a recovery (R4) the frames above are gone: this frame is the
     * innermost again; its remaining defers run and it returns normally. */
    rt_g *cur = x->cur;
    cur->frame = &fr;
    cur->depth = fr.depth;
    defer_return(x, cur, &fr);
    cur->frame = fr.prev;
    cur->depth = fr.depth - 1;
    rt__emit(x, RT_EV_FRAME_EXIT, fr.id, recovered ? RT_FRAME_RECOVERED : RT_FRAME_RETURN, 0);
}

void rt_call(rt_fn fn, void *arg)
{
    rt_exec *x = rt__exec();
    if (!fn)
        rt_panic_nil_deref(); /* calling a nil func value */
    call_in_frame(x, x->cur, fn, arg, NULL);
}

/* ================================================================ registering */

static void defer_fn(rt_fn fn, const void *arg, size_t argsize, uint64_t how, bool opaque)
{
    rt_exec *x = rt__exec();
    rt_g *g = x->cur;
    rt_deferrec *d = defer_alloc(x, argsize);
    d->fn = fn;
    if (argsize)
        memcpy(d->args, arg, argsize);
#if RT_MUTANT == 2
    /* Mutant: keep a pointer to the caller's argument memory instead of the
     * copy, so the call reads the arguments when it runs (breaks D1). The
     * registration event still shows the bytes as they are now. */
    if (argsize)
        d->args = (void *)(uintptr_t)arg;
#endif
    d->frame = g->frame;
    d->site = g->site;
    d->opaque = opaque;
    d->id = ++x->next_defer_id;
    d->link = g->defers;
    g->defers = d;
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, RT_EV_DEFER_REG, g, d->frame->id, d->id, how, NULL,
                      opaque ? NULL : d->args, opaque ? 0 : d->nargs);
}

void rt_defer(rt_fn fn, const void *arg, size_t argsize)
{
    defer_fn(fn, arg, argsize, 0, false);
}

void rt__defer_opaque(rt_fn fn, const void *arg, size_t argsize)
{
    defer_fn(fn, arg, argsize, 0, true);
}

void rt_defer_catch(rt_fn fn, const void *arg, size_t argsize)
{
    defer_fn(fn, arg, argsize, 2, true);
}

void rt_defer_recover(void)
{
    rt_exec *x = rt__exec();
    rt_g *g = x->cur;
    rt_deferrec *d = defer_alloc(x, 0);
    d->builtin_recover = true;
    d->frame = g->frame;
    d->site = g->site;
    d->id = ++x->next_defer_id;
    d->link = g->defers;
    g->defers = d;
    rt__emit(x, RT_EV_DEFER_REG, d->frame->id, d->id, 1);
}

/* ================================================================ recover */

/* Go's gorecover: effective only for the newest panic, not yet recovered,
 * not a Goexit, and when called from the frame of the deferred call that
 * the panic is running (R1, R2, G2). */
static rt_value recover_from(rt_exec *x, rt_g *g, const rt_frame *caller, bool *effective)
{
    rt_panicrec *p = g->panic;
    bool eff = p && !p->goexit && !p->recovered && caller && caller == p->defer_frame;
#if RT_MUTANT == 3
    /* Mutant: recover is also effective when called from a helper function
     * of the deferred call (any frame above the deferred call's frame),
     * not only directly by it (breaks R1/R2). */
    if (!eff && p && !p->goexit && !p->recovered && p->defer_frame)
        for (const rt_frame *f = caller; f; f = f->prev)
            if (f == p->defer_frame) {
                eff = true;
                break;
            }
#endif
    rt_value v = rt_nil();
    if (eff) {
        p->recovered = true;
        v = p->v;
    }
    if (effective)
        *effective = eff;
    rt__emit_v(x, RT_EV_RECOVER, p ? p->id : 0, eff, caller ? caller->id : 0, v);
    return v;
}

rt_value rt_recover2(bool *effective)
{
    rt_exec *x = rt__exec();
    rt_g *g = x->cur;
    return recover_from(x, g, g->frame, effective);
}

rt_value rt_recover(void)
{
    return rt_recover2(NULL);
}

/* ================================================================ invoking */

/* Runs deferred call d. A builtin recover counts as called by the frame that
 * deferred it (R2 `defer recover()`, R3 `defer func(){ defer recover() }()`);
 * a nil function panics now (D8). The arguments are copied onto this C
 * stack first, so the record may be released while the call runs. */
static void invoke(rt_exec *x, rt_g *g, rt_deferrec *d, rt_defer_by by, rt_panicrec *p)
{
    if (RT_UNLIKELY(x->observing))
        rt__emit_slow(x, RT_EV_DEFER_CALL, g, d->frame->id, d->id, by, NULL,
                      d->opaque ? NULL : d->args, d->opaque ? 0 : d->nargs);
    uint64_t fid = d->frame->id, did = d->id;
    if (d->builtin_recover) {
        if (p)
            p->defer_frame = NULL;
        recover_from(x, g, d->frame, NULL);
    } else if (!d->fn) {
        rt_panic_nil_deref();
    } else {
        max_align_t copy[d->nargs / sizeof(max_align_t) + 1];
        memcpy(copy, d->args, d->nargs);
        call_in_frame(x, g, d->fn, copy, p);
    }
    rt__emit(x, RT_EV_DEFER_RET, fid, did, 0);
}

/* deferreturn: runs the defers of frame fr LIFO as it returns (D5). Each is
 * taken off the chain before it runs, as in Go. */
static void defer_return(rt_exec *x, rt_g *g, rt_frame *fr)
{
    while (g->defers && g->defers->frame == fr) {
#if RT_MUTANT == 1
        /* Mutant: a returning frame runs its defers in registration order
         * (FIFO) instead of LIFO (breaks D5). */
        rt_deferrec **pp = &g->defers;
        while ((*pp)->link && (*pp)->link->frame == fr)
            pp = &(*pp)->link;
        rt_deferrec *d = *pp;
        *pp = d->link;
#else
        rt_deferrec *d = g->defers;
        g->defers = d->link;
#endif
        rt_deferrec tmp = *d;
        tmp.args = d->nargs <= RT_DEFER_INLINE ? tmp.inl : d->args;
#if RT_MUTANT == 2
        tmp.args = d->args; /* Mutant: the caller's memory, never copied. */
#endif
        defer_free(x, d);
        invoke(x, g, &tmp, RT_BY_RETURN, NULL);
    }
}

#if RT_MUTANT == 11
/* Mutant: main's return runs the pending deferred calls of every other
 * goroutine (breaks X1: they must never run). Called by main after its
 * GO_END; the calls run on main's own coroutine, so they may schedule and
 * block like any code of main. Goroutines in the middle of a panic or
 * Goexit keep their records (their loops own them). */
void rt__defer_mutant_run_others(rt_exec *x)
{
    uint32_t n = 0;
    uint32_t *ids = rt__alloc(x, (x->nlive + 1) * sizeof *ids);
    for (rt_list *it = x->allg.next; it != &x->allg; it = it->next) {
        rt_g *o = RT_CONTAINER(it, rt_g, all);
        if (o != x->main)
            ids[n++] = o->id;
    }
    for (uint32_t i = 0; i < n; i++) {
        for (;;) {
            /* Look the goroutine up again: it may have ended meanwhile. */
            rt_g *o = NULL;
            for (rt_list *it = x->allg.next; it != &x->allg; it = it->next)
                if (RT_CONTAINER(it, rt_g, all)->id == ids[i])
                    o = RT_CONTAINER(it, rt_g, all);
            if (!o || o->panic || !o->defers || o->defers->started)
                break;
            rt_deferrec *d = o->defers;
            o->defers = d->link;
            rt_deferrec tmp = *d;
            tmp.args = d->nargs <= RT_DEFER_INLINE ? tmp.inl : d->args;
            defer_free(x, d);
            if (RT_UNLIKELY(x->observing))
                rt__emit_slow(x, RT_EV_DEFER_CALL, o, tmp.frame->id, tmp.id, RT_BY_RETURN, NULL,
                              tmp.opaque ? NULL : tmp.args, tmp.opaque ? 0 : tmp.nargs);
            if (tmp.fn && !tmp.builtin_recover) {
                max_align_t copy[tmp.nargs / sizeof(max_align_t) + 1];
                memcpy(copy, tmp.args, tmp.nargs);
                call_in_frame(x, x->cur, tmp.fn, copy, NULL);
            }
            if (RT_UNLIKELY(x->observing))
                rt__emit_slow(x, RT_EV_DEFER_RET, o, tmp.frame->id, tmp.id, 0, NULL, NULL, 0);
        }
    }
}
#endif

/* ================================================================ panic */

static void print_chain(rt_exec *x, const rt_panicrec *p)
{
    if (p->link) {
        print_chain(x, p->link);
        if (!p->link->goexit)
            rt__sched_write(x, 2, "\t", 1);
    }
    if (p->goexit)
        return;
    char small[256];
    size_t n = rt_value_format(p->v, small, sizeof small);
    rt__sched_write(x, 2, "panic: ", 7);
    if (n < sizeof small) {
        rt__sched_write(x, 2, small, n);
    } else {
        char *big = rt__alloc(x, n + 1);
        rt_value_format(p->v, big, n + 1);
        rt__sched_write(x, 2, big, n);
    }
    if (p->recovered)
        rt__sched_write(x, 2, " [recovered]", 12);
    rt__sched_write(x, 2, "\n", 1);
}

/* The panic ran out of deferred calls: print the chain (P5) and end the
 * program with exit code 2 (P1). */
static RT_NORETURN void fatal_panic(rt_exec *x, rt_g *g)
{
    /* preprintpanics: the String or Error method of each value that has
     * one, newest first, now that every deferred call has run. It runs Go
     * code on g (a lock it takes may be free by now; it may block, or the
     * program may end meanwhile). The first value whose method panicked
     * stops it; so does a method that panicked with nil (go1.19: that
     * value and the older ones print as they are). Mutant 13 leaves this
     * out (breaks P3: a late value is printed without its method). */
#if RT_MUTANT != 13
    bool begun = false;
    for (rt_panicrec *p = g->panic; p && x->cfg.preprint; p = p->link) {
        if (p->goexit || !(p->v.flags & RT_VF_LATE))
            continue;
        if (!begun) {
            rt__emit(x, RT_EV_PANIC_TEXT, g->panic->id, 2, 0);
            begun = true;
        }
        bool keep = false;
        g->preprinting = p;
        rt_value v = x->cfg.preprint(x->cfg.preprint_ctx, &p->v, &keep);
        g->preprinting = NULL;
        if (keep) {
            rt__emit_v(x, RT_EV_PANIC_TEXT, p->id, 1, 0, p->v);
            break;
        }
        v.flags &= (uint8_t)~RT_VF_LATE;
        p->v = v;
        rt__emit_v(x, RT_EV_PANIC_TEXT, p->id, 0, 0, p->v);
        if (v.flags & RT_VF_PRINT_PANICS)
            break;
    }
#endif
    /* preprintpanics: a value whose method panicked, newest first.
     * Mutant 12 leaves this out (breaks P5: the report is printed). */
#if RT_MUTANT != 12
    for (const rt_panicrec *p = g->panic; p; p = p->link)
        if (!p->goexit && (p->v.flags & RT_VF_PRINT_PANICS) && p->v.s)
            rt__sched_fatal_n(x, RT_FATAL_PANIC_PRINT, p->v.s, p->v.n);
#endif
    print_chain(x, g->panic);
    for (const rt_panicrec *p = g->panic; p; p = p->link) {
        if (!p->goexit && (p->v.flags & RT_VF_SIGSEGV)) {
            const char *sig = "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n";
            rt__sched_write(x, 2, sig, strlen(sig));
            break;
        }
    }
    rt__sched_end(x, RT_END_PANIC, RT_FATAL_NONE, 2);
}

void rt_preprint_throw(rt_value v)
{
    rt_exec *x = rt__exec();
    rt_g *g = x->cur;
    rt_panicrec *p = g->preprinting;
    v.flags = (uint8_t)((v.flags | RT_VF_PRINT_PANICS) & ~RT_VF_LATE);
    if (p) {
        p->v = v;
        rt__emit_v(x, RT_EV_PANIC_TEXT, p->id, 0, 0, p->v);
    }
    rt__sched_fatal_n(x, RT_FATAL_PANIC_PRINT, v.s ? v.s : "", v.s ? v.n : 0);
}

static void update_in_panic(rt_exec *x, rt_g *g)
{
    bool active = false;
    for (rt_panicrec *p = g->panic; p; p = p->link)
        if (!p->goexit && !p->recovered)
            active = true;
    if (active != g->in_panic) {
        g->in_panic = active;
        x->running_panic_defers += active ? 1 : -1;
    }
}

/* A started defer met again by a newer panic or Goexit: the call that was
 * running it was abandoned, so the panic that started it is aborted (R6). */
static void drop_started(rt_exec *x, rt_g *g, rt_deferrec *d)
{
    if (d->panic) {
        d->panic->aborted = true;
        rt__emit(x, RT_EV_PANIC_ABORT, d->panic->id, 0, 0);
    }
    g->defers = d->link;
    defer_free(x, d);
}

/* Go's gopanic loop: run every pending defer, innermost frame first. */
static RT_NORETURN void panic_loop(rt_exec *x, rt_g *g, rt_panicrec *p)
{
    for (;;) {
        rt_deferrec *d = g->defers;
        if (!d)
            break;
        if (d->started) {
            drop_started(x, g, d);
            continue;
        }
        d->started = true;
        d->panic = p;
        invoke(x, g, d, RT_BY_PANIC, p);
        p->defer_frame = NULL;
        /* The deferred call returned normally: remove it. */
        rt_frame *fr = d->frame;
        g->defers = d->link;
        defer_free(x, d);
        if (p->recovered) {
            g->panic = p->link;
            if (g->panic && g->panic->goexit && g->panic->aborted) {
                /* A recover must not stop a Goexit: resume its loop (G3). */
                update_in_panic(x, g);
                unwind_frames(x, g, g->panic->top);
                longjmp(*g->panic->resume, 1);
            }
            while (g->panic && g->panic->aborted)
                g->panic = g->panic->link;
            update_in_panic(x, g);
            unwind_frames(x, g, fr);
            longjmp(fr->jb, 1);
        }
    }
    fatal_panic(x, g);
}

void rt_panic(rt_value v)
{
    rt_exec *x = rt__exec();
    rt_g *g = x->cur;
    if (v.kind == RT_V_NIL && x->cfg.lang == RT_LANG_GO122) {
        /* Go 1.21+: panic(nil) becomes a *runtime.PanicNilError (R9). */
        v.kind = RT_V_RTERROR;
        v.s = "panic called with nil argument";
        v.n = (uint32_t)strlen(v.s);
    }
    rt_panicrec p;
    memset(&p, 0, sizeof p);
    p.link = g->panic;
    p.v = v;
    p.id = ++x->next_panic_id;
    g->panic = &p;
    update_in_panic(x, g);
    rt__emit_v(x, RT_EV_PANIC, p.id, 0, 0, v);
    panic_loop(x, g, &p);
}

void rt_panic_rterror(const char *msg)
{
    rt_value v = rt_str(msg);
    v.kind = RT_V_RTERROR;
    rt_panic(v);
}

void rt_panic_nil_deref(void)
{
    rt_value v = rt_str("runtime error: invalid memory address or nil pointer dereference");
    v.kind = RT_V_RTERROR;
    v.flags = RT_VF_SIGSEGV;
    rt_panic(v);
}

/* ================================================================ Goexit */

/* Go's Goexit: run every pending defer of the goroutine, innermost frame
 * first, with recover returning nil (G1, G2); then end the goroutine. */
void rt_goexit(void)
{
    rt_exec *x = rt__exec();
    rt_g *g = x->cur;
    rt_panicrec p;
    jmp_buf resume;
    memset(&p, 0, sizeof p);
    p.goexit = true;
    p.link = g->panic;
    p.id = ++x->next_panic_id;
    p.resume = &resume;
    p.top = g->frame;
    g->panic = &p;
    rt__emit(x, RT_EV_GOEXIT, p.id, 0, 0);
    if (setjmp(resume) != 0) {
        /* A panic raised by one of our deferred calls was recovered (G3):
         * the frames above p.top are gone; carry on with the remaining
         * defers. */
        g = x->cur;
        g->frame = p.top;
        g->depth = p.top ? p.top->depth : 0;
    }
    for (;;) {
        rt_deferrec *d = g->defers;
        if (!d)
            break;
        if (d->started) {
            drop_started(x, g, d);
            continue;
        }
        d->started = true;
        d->panic = &p;
#if RT_MUTANT == 4
        /* Mutant: Goexit drops the deferred calls without running them
         * (breaks G1). */
        g->defers = d->link;
        defer_free(x, d);
        continue;
#endif
        invoke(x, g, d, RT_BY_GOEXIT, &p);
        p.defer_frame = NULL;
        g->defers = d->link;
        defer_free(x, d);
    }
    unwind_frames(x, g, NULL);
    g->frame = NULL;
    g->depth = 0;
    rt__sched_goexit_done(x);
}
