/* recover.c - the recover checker (ORC_RECOVER): when recover stops a panic
 * and what it returns, what happens to the frames after a recover, aborted
 * panics, and the printed panic chain.
 *
 * It reads events only (never runtime internals). Its model is Go 1.19's
 * gopanic/gorecover (runtime/panic.go), rebuilt from the events: for every
 * goroutine, the stack of live frames and the chain of panics, newest
 * last. PANIC and GOEXIT push an entry (Goexit is a pseudo-panic). Each
 * entry remembers the deferred call its loop is running (DEFER_CALL with
 * by=panic or by=goexit made by the newest entry) and the frame opened
 * for that call (the FRAME_ENTER right after it). An effective recover
 * marks the newest entry recovered; when the deferred call it ran returns
 * (DEFER_RET), the entry leaves the chain; then, as in gopanic, if the
 * next one is an aborted Goexit the Goexit resumes (frames newer than the
 * one that called Goexit are unwound, G3), else every aborted entry leaves
 * too and the frame that registered the recovering defer resumes (frames
 * newer than it are unwound, R4). PANIC_ABORT marks an entry aborted (R6).
 * Rules of go-semantics.md it checks:
 *
 *   R1/R2/G2  a RECOVER is effective iff the goroutine's newest entry
 *             exists, is not a Goexit, is not recovered yet, and the caller
 *             is the frame opened for the deferred call that entry is
 *             running. The caller is the innermost frame, or, for a
 *             builtin `defer recover()`, the frame that registered it (R3).
 *             RECOVER's panic id and caller frame agree with the model.
 *   R5/R9     an effective recover returns the newest panic's value; any
 *             other recover returns nil. Under go1.22 panic(nil) carries
 *             the runtime error "panic called with nil argument"; under
 *             go1.19 it carries nil and recover of it is still effective.
 *   R4        after an effective recover, the frames newer than the frame
 *             that registered the recovering defer are unwound (FRAME_EXIT
 *             unwound) before anything else, and that frame exits
 *             "recovered"; no other frame exits "recovered", and "unwound"
 *             is only for a recovery or the end of a Goexit. A goroutine
 *             returns only with no panic in flight.
 *   R6        PANIC_ABORT names a panic that is running a deferred call,
 *             and a newer panic's loop runs an older defer (or runs out)
 *             only after aborting every panic whose deferred call it ran
 *             past; a deferred call of an aborted panic never returns.
 *   P1/P5     when the program ends by a panic (END a=2) the goroutine has
 *             an unrecovered panic in flight, and the stderr text printed
 *             right before END is Go's printpanics of its chain: oldest
 *             first, "\t" before each later line unless the previous entry
 *             is a Goexit, Goexit entries not printed, " [recovered]" on
 *             recovered ones, then the [signal SIGSEGV ...] line when a
 *             panic value is a nil dereference (RT_VF_SIGSEGV).
 *   P3        (preprintpanics) a value with an Error or String method
 *             (RT_VF_LATE) is printed with that method's text: before the
 *             report, PANIC_TEXT replaces each late value of the chain,
 *             newest first, until one is kept as it is (b=1, go1.19's
 *             panic(nil) in the method). PANIC_TEXT names a late value of
 *             the goroutine's chain, and none newer is still late.
 *   DEFER_CALL by=panic happens only while the newest entry is a panic,
 *   by=goexit only while it is a Goexit. */
#include "oi.h"

#include <stdio.h>

#define RC_MAX_G (1u << 20)

/* Characters of a report shown in a message. */
#define RC_SHOW 160

static const char SIGSEGV_LINE[] =
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n";

/* One panic (or Goexit pseudo-panic) of a goroutine's chain. */
typedef struct rc_panic {
    uint64_t id;
    rt_value v;
    bool goexit, aborted, recovered;
    bool kept;            /* PANIC_TEXT b=1: its late value prints as it is */
    uint64_t cur_defer;   /* deferred call its loop is running, 0 if none */
    size_t cur_fidx;      /* index in frames of the frame that registered it */
    uint64_t defer_frame; /* frame opened for that call (R1), 0 if none */
    size_t base;          /* Goexit: frames live when Goexit was called */
} rc_panic;

/* A live frame. */
typedef struct rc_frame {
    uint64_t id;
    uint64_t recovered_panic; /* R4: a recover stopped this panic for it */
} rc_frame;

/* What the checker knows of one goroutine, by id. */
typedef struct rc_gor {
    ovec frames;         /* rc_frame, outermost first */
    ovec chain;          /* rc_panic, oldest first */
    size_t await;        /* 1 + chain index whose DEFER_CALL waits for its frame */
    bool in_call;        /* the last event was a DEFER_CALL (or its builtin recover) */
    uint64_t call_frame; /* frame of that DEFER_CALL */
    bool unwinding;      /* R4: frames must be unwound down to unwind_to */
    size_t unwind_to;
    uint64_t unwind_panic; /* the panic whose recovery unwinds */
    uint64_t resume_frame; /* frame that resumes, 0 when a Goexit resumes */
} rc_gor;

typedef struct rc_state {
    ovec gors;         /* rc_gor by goroutine id; [0, used) belong to this execution */
    size_t used;       /* goroutine slots touched since the reset */
    uint32_t nhot;     /* goroutines in_call or unwinding: every event must be seen */
    ovec err;          /* stderr bytes of the PRINT events right before this one... */
    uint64_t err_next; /* ...when this is the index (oracle__index) after the last of them */
    ovec want;         /* scratch: the predicted panic report */
} rc_state;

static unsigned long long ull(uint64_t v)
{
    return (unsigned long long)v;
}

/* ================================================================ model */

static void gor_clear(rc_gor *g)
{
    oracle__vec_clear(&g->frames);
    oracle__vec_clear(&g->chain);
    g->await = 0;
    g->in_call = g->unwinding = false;
}

/* Slots past used hold a previous execution's goroutines: they are
 * cleared when first touched, so a reset costs nothing per slot. */
static rc_gor *gor_slow(rc_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    for (; st->used <= g; st->used++) {
        rc_gor *r = oracle__vec_at(&st->gors, st->used);
        if (r->frames.elem == 0) {
            oracle__vec_init(&r->frames, sizeof(rc_frame));
            oracle__vec_init(&r->chain, sizeof(rc_panic));
        }
        gor_clear(r);
    }
    return oracle__vec_at(&st->gors, g);
}

static inline rc_gor *gor(rc_state *st, uint32_t g)
{
    if (g >= RC_MAX_G)
        return NULL;
    return g < st->used ? (rc_gor *)oracle__vec_at(&st->gors, g) : gor_slow(st, g);
}

static rc_frame *frame_at(const rc_gor *g, size_t i)
{
    return oracle__vec_at(&g->frames, i);
}

static rc_panic *panic_at(const rc_gor *g, size_t i)
{
    return oracle__vec_at(&g->chain, i);
}

static rc_panic *newest(const rc_gor *g)
{
    return g->chain.n ? panic_at(g, g->chain.n - 1) : NULL;
}

static uint64_t top_frame(const rc_gor *g)
{
    return g->frames.n ? frame_at(g, g->frames.n - 1)->id : 0;
}

static long find_frame(const rc_gor *g, uint64_t id)
{
    for (size_t i = g->frames.n; i-- > 0;)
        if (frame_at(g, i)->id == id)
            return (long)i;
    return -1;
}

/* ================================================================ R4: recovery */

/* Frames above unwind_to are gone; the resuming frame carries on. */
static void finish_unwind(rc_gor *g)
{
    g->unwinding = false;
    if (g->resume_frame && g->frames.n && top_frame(g) == g->resume_frame)
        frame_at(g, g->frames.n - 1)->recovered_panic = g->unwind_panic;
}

static void start_unwind(rc_gor *g, size_t to, uint64_t panic, uint64_t resume)
{
    g->unwind_to = to;
    g->unwind_panic = panic;
    g->resume_frame = resume;
    if (g->frames.n > to)
        g->unwinding = true;
    else
        finish_unwind(g);
}

/* The deferred call that recovered the newest panic returned (gopanic's
 * p.recovered branch): the panic leaves the chain, then an aborted Goexit
 * resumes (G3) or the aborted panics leave too and frame fr resumes (R4). */
static void recovery(oracle_ctx *c, const rt_event *ev, rc_gor *g, uint64_t fr)
{
    uint64_t pid = newest(g)->id;
    g->chain.n--;
    rc_panic *next = newest(g);
    if (next && next->goexit && next->aborted) {
        start_unwind(g, next->base, pid, 0);
        return;
    }
    while (g->chain.n && newest(g)->aborted)
        g->chain.n--;
    long fi = find_frame(g, fr);
    if (fi < 0) {
        oracle__violation(c, ORC_RECOVER, ev,
                          "R4: panic p%llu was recovered by a defer of frame f%llu, which is not "
                          "live in g%u",
                          ull(pid), ull(fr), ev->g);
        return;
    }
    start_unwind(g, (size_t)fi + 1, pid, fr);
}

/* R4: while a recovery unwinds, the only event of the goroutine is the
 * FRAME_EXIT unwound of its innermost frame. Returns true when consumed. */
static bool check_unwinding(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    if (ev->kind == RT_EV_FRAME_EXIT && ev->b == RT_FRAME_UNWOUND && ev->a == top_frame(g)) {
        g->frames.n--;
        if (g->frames.n <= g->unwind_to)
            finish_unwind(g);
        return true;
    }
    oracle__violation(c, ORC_RECOVER, ev,
                      "R4: after the recovery of p%llu, frame f%llu of g%u must be unwound before "
                      "anything else happens (got event '%s')",
                      ull(g->unwind_panic), ull(top_frame(g)), ev->g,
                      rt_event_name((rt_event_kind)ev->kind));
    /* Reported once: from here on the resuming frame is taken as resumed. */
    g->unwinding = false;
    long fi = g->resume_frame ? find_frame(g, g->resume_frame) : -1;
    if (fi >= 0)
        frame_at(g, (size_t)fi)->recovered_panic = g->unwind_panic;
    return false;
}

/* ================================================================ R6: aborted panics */

/* The newest entry's loop is about to run a defer of the frame at index
 * fi (or ran out of defers, fi = 0 and out): every older entry whose
 * deferred call was registered at fi or newer has been run past, so it
 * must be aborted; one not run past must not be. */
static void check_run_past(oracle_ctx *c, const rt_event *ev, rc_gor *g, size_t fi, bool out)
{
    rc_panic *q = newest(g);
    for (size_t k = 0; k + 1 < g->chain.n; k++) {
        rc_panic *p = panic_at(g, k);
        if (!p->cur_defer)
            continue;
        bool past = out || fi <= p->cur_fidx;
        if (past && !p->aborted)
            oracle__violation(c, ORC_RECOVER, ev,
                              "R6: p%llu ran past the deferred call d%llu of p%llu without "
                              "aborting p%llu",
                              ull(q->id), ull(p->cur_defer), ull(p->id), ull(p->id));
        else if (!past && p->aborted)
            oracle__violation(c, ORC_RECOVER, ev,
                              "R6: p%llu was aborted, but p%llu has not run past its deferred "
                              "call d%llu",
                              ull(p->id), ull(q->id), ull(p->cur_defer));
        else if (!past)
            continue;
        p->aborted = true;
        p->cur_defer = 0;
        p->defer_frame = 0;
    }
}

static void on_panic_abort(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    for (size_t k = 0; k < g->chain.n; k++) {
        rc_panic *p = panic_at(g, k);
        if (p->id != ev->a)
            continue;
        if (k + 1 == g->chain.n)
            oracle__violation(c, ORC_RECOVER, ev,
                              "R6: p%llu was aborted, but it is the newest panic of g%u: nothing "
                              "ran past its deferred call",
                              ull(ev->a), ev->g);
        else if (p->aborted)
            oracle__violation(c, ORC_RECOVER, ev, "R6: p%llu was aborted twice", ull(ev->a));
        else if (!p->cur_defer)
            oracle__violation(c, ORC_RECOVER, ev,
                              "R6: p%llu was aborted, but it is not running a deferred call",
                              ull(ev->a));
        p->aborted = true;
        p->defer_frame = 0;
        return;
    }
    oracle__violation(c, ORC_RECOVER, ev, "R6: p%llu was aborted, but it is not in flight in g%u",
                      ull(ev->a), ev->g);
}

/* ================================================================ panics and calls */

static bool is_panic_nil_error(const rt_value *v)
{
    static const char text[] = "panic called with nil argument";
    return v->kind == RT_V_RTERROR && v->n == sizeof text - 1 && v->s &&
           memcmp(v->s, text, v->n) == 0;
}

static void on_panic(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    rt_lang lang = oracle__lang(c);
    if (lang == RT_LANG_GO122 && ev->v.kind == RT_V_NIL)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R9: under go1.22 panic(nil) must panic with the runtime error \"panic "
                          "called with nil argument\", not with nil (p%llu)",
                          ull(ev->a));
    else if (lang == RT_LANG_GO119 && is_panic_nil_error(&ev->v))
        oracle__violation(c, ORC_RECOVER, ev,
                          "R9: under go1.19 panic(nil) keeps its nil value; p%llu carries the "
                          "go1.21+ PanicNilError",
                          ull(ev->a));
    rc_panic *p = OI_PUSH(&g->chain, rc_panic);
    p->id = ev->a;
    p->v = ev->v;
}

/* P3: the runtime made a late value of g's chain printable. */
static void on_panic_text(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    if (ev->b == 2) { /* the loop of the newest panic ran out: past every deferred call */
        const rc_panic *q = newest(g);
        if (!q || q->goexit || q->recovered || q->id != ev->a)
            oracle__violation(c, ORC_RECOVER, ev,
                              "P3: the late values of p%llu are made printable, but it is not "
                              "g%u's newest panic in flight",
                              ull(ev->a), ev->g);
        else
            check_run_past(c, ev, g, 0, true);
        return;
    }
    rc_panic *p = NULL;
    for (size_t k = g->chain.n; k-- > 0;) {
        rc_panic *q = panic_at(g, k);
        if (q->goexit)
            continue;
        if (q->id == ev->a) {
            p = q;
            break;
        }
        if ((q->v.flags & RT_VF_LATE) && !q->kept && !q->recovered) {
            oracle__violation(c, ORC_RECOVER, ev,
                              "P3: p%llu made printable before the newer p%llu of g%u, which is "
                              "still late (preprintpanics goes newest first)",
                              ull(ev->a), ull(q->id), ev->g);
            break;
        }
    }
    if (!p) {
        oracle__violation(c, ORC_RECOVER, ev, "P3: PANIC_TEXT for p%llu, not on g%u's chain",
                          ull(ev->a), ev->g);
        return;
    }
    if (!(p->v.flags & RT_VF_LATE))
        oracle__violation(c, ORC_RECOVER, ev,
                          "P3: PANIC_TEXT for p%llu, whose value has no method to call (not "
                          "late)",
                          ull(ev->a));
    else if (ev->b == 0 && (ev->v.flags & RT_VF_LATE))
        oracle__violation(c, ORC_RECOVER, ev, "P3: p%llu's value is still late after PANIC_TEXT",
                          ull(ev->a));
    if (ev->b == 0)
        p->v = ev->v;
    p->kept = ev->b != 0;
}

/* P3: a late value reported without its method's text. */
static void check_late(oracle_ctx *c, const rt_event *ev, const rc_gor *g)
{
    for (size_t k = g->chain.n; k-- > 0;) {
        const rc_panic *p = panic_at(g, k);
        if (p->kept)
            return;
        if (!p->goexit && (p->v.flags & RT_VF_LATE)) {
            oracle__violation(c, ORC_RECOVER, ev,
                              "P3: g%u's panic p%llu has an Error or String method that was "
                              "never called before the report (gc's preprintpanics)",
                              ev->g, ull(p->id));
            return;
        }
    }
}

static void on_goexit(const rt_event *ev, rc_gor *g)
{
    rc_panic *p = OI_PUSH(&g->chain, rc_panic);
    p->id = ev->a;
    p->goexit = true;
    p->base = g->frames.n;
}

static void on_defer_call(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    g->in_call = true;
    g->call_frame = ev->a;
    g->await = 0;
    if (ev->c == RT_BY_RETURN)
        return;
    rc_panic *q = newest(g);
    bool by_goexit = ev->c == RT_BY_GOEXIT;
    if (!q || q->goexit != by_goexit) {
        oracle__violation(
            c, ORC_RECOVER, ev, "%s: defer d%llu ran by %s, but the newest panic of g%u is %s",
            by_goexit ? "G1" : "R1", ull(ev->b), by_goexit ? "Goexit" : "a panic", ev->g,
            !q          ? "none"
            : q->goexit ? "a Goexit"
                        : "an ordinary panic");
        return;
    }
    long fi = find_frame(g, ev->a);
    if (fi < 0)
        return; /* the defer-order checker reports it */
    check_run_past(c, ev, g, (size_t)fi, false);
    q->cur_defer = ev->b;
    q->cur_fidx = (size_t)fi;
    q->defer_frame = 0;
    g->await = g->chain.n;
}

static void on_frame_enter(const rt_event *ev, rc_gor *g)
{
    if (g->await)
        panic_at(g, g->await - 1)->defer_frame = ev->a;
    rc_frame *f = OI_PUSH(&g->frames, rc_frame);
    f->id = ev->a;
}

static void on_defer_ret(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    rc_panic *q = newest(g);
    if (q && q->cur_defer == ev->b) {
        q->cur_defer = 0;
        q->defer_frame = 0;
        if (q->recovered && !q->goexit)
            recovery(c, ev, g, ev->a);
        return;
    }
    for (size_t k = 0; k + 1 < g->chain.n; k++) {
        rc_panic *p = panic_at(g, k);
        if (p->cur_defer == ev->b)
            oracle__violation(c, ORC_RECOVER, ev,
                              "R6: deferred call d%llu of p%llu returned while the newer p%llu "
                              "is still in flight",
                              ull(ev->b), ull(p->id), ull(q->id));
    }
}

static void on_frame_exit(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    long fi = find_frame(g, ev->a);
    if (fi < 0)
        return; /* the defer-order checker reports it */
    rc_frame *f = frame_at(g, (size_t)fi);
    const rc_panic *q = newest(g);
    if (ev->b == RT_FRAME_RECOVERED && !f->recovered_panic)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R4: frame f%llu exited 'recovered', but no recover stopped a panic "
                          "for it",
                          ull(ev->a));
    else if (ev->b == RT_FRAME_RETURN && f->recovered_panic)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R4: frame f%llu returned as if nothing happened, but its deferred call "
                          "recovered p%llu: it must exit 'recovered'",
                          ull(ev->a), ull(f->recovered_panic));
    else if (ev->b == RT_FRAME_UNWOUND && !(q && q->goexit))
        oracle__violation(c, ORC_RECOVER, ev,
                          "R4: frame f%llu was unwound, but no recovery or Goexit discards it",
                          ull(ev->a));
    g->frames.n = (size_t)fi;
}

/* ================================================================ R1, R2, R5: recover */

/* Why a recover that stopped a panic should not have. */
static void report_wrongly_effective(oracle_ctx *c, const rt_event *ev, const rc_panic *q,
                                     uint64_t caller)
{
    if (!q)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R2: recover in frame f%llu stopped a panic, but g%u is not panicking",
                          ull(caller), ev->g);
    else if (q->goexit)
        oracle__violation(c, ORC_RECOVER, ev,
                          "G2: recover in frame f%llu was effective during Goexit (p%llu)",
                          ull(caller), ull(q->id));
    else if (q->recovered)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R2: recover in frame f%llu was effective, but p%llu was already "
                          "recovered",
                          ull(caller), ull(q->id));
    else if (!q->defer_frame)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R1: recover in frame f%llu was effective, but p%llu is not running a "
                          "deferred call that recover could be called by",
                          ull(caller), ull(q->id));
    else
        oracle__violation(c, ORC_RECOVER, ev,
                          "R1: recover in frame f%llu was effective, but p%llu is running the "
                          "deferred call of frame f%llu: recover must be called directly by it",
                          ull(caller), ull(q->id), ull(q->defer_frame));
}

static void on_recover(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    uint64_t caller = g->in_call ? g->call_frame : top_frame(g);
    rc_panic *q = newest(g);
    if (ev->c != caller)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R1: recover names caller frame f%llu, but it was called by f%llu",
                          ull(ev->c), ull(caller));
    if (ev->a != (q ? q->id : 0))
        oracle__violation(c, ORC_RECOVER, ev,
                          "R1: recover names panic p%llu, but the newest panic of g%u is p%llu",
                          ull(ev->a), ev->g, ull(q ? q->id : 0));
    bool want = q && !q->goexit && !q->recovered && q->defer_frame && caller == q->defer_frame;
    if (ev->b && !want)
        report_wrongly_effective(c, ev, q, caller);
    else if (!ev->b && want)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R1: recover in frame f%llu returned nil, but it was called directly by "
                          "the deferred call that p%llu is running",
                          ull(caller), ull(q->id));
    if (ev->b && want && !rt_value_equal(ev->v, q->v))
        oracle__violation(c, ORC_RECOVER, ev,
                          "R5: recover returned %s, but the newest panic p%llu has value %s",
                          oracle__value(c, &ev->v), ull(q->id), oracle__value(c, &q->v));
    if (!ev->b && ev->v.kind != RT_V_NIL)
        oracle__violation(c, ORC_RECOVER, ev,
                          "%s: a recover that stopped nothing returned %s (must be nil)",
                          q && q->goexit ? "G2" : "R2", oracle__value(c, &ev->v));
    /* Follow what the runtime did, so one mistake is reported once. */
    if (ev->b && q && !q->goexit)
        q->recovered = true;
}

/* ================================================================ P5: the report */

static void want_put(rc_state *st, const char *s, size_t n)
{
    size_t at = st->want.n;
    oracle__vec_grow_to(&st->want, at + n);
    memcpy((char *)st->want.p + at, s, n);
}

static void want_value(rc_state *st, rt_value v)
{
    size_t n = rt_value_format(v, NULL, 0);
    size_t at = st->want.n;
    oracle__vec_grow_to(&st->want, at + n + 1);
    rt_value_format(v, (char *)st->want.p + at, n + 1);
    st->want.n = at + n;
}

/* Go's printpanics over the chain, oldest first, then the signal line. */
static void predict_report(rc_state *st, const rc_gor *g)
{
    oracle__vec_clear(&st->want);
    for (size_t k = 0; k < g->chain.n; k++) {
        const rc_panic *p = panic_at(g, k);
        if (k > 0 && !panic_at(g, k - 1)->goexit)
            want_put(st, "\t", 1);
        if (p->goexit)
            continue;
        want_put(st, "panic: ", 7);
        want_value(st, p->v);
        if (p->recovered)
            want_put(st, " [recovered]", 12);
        want_put(st, "\n", 1);
    }
    for (size_t k = g->chain.n; k-- > 0;) {
        const rc_panic *p = panic_at(g, k);
        if (!p->goexit && (p->v.flags & RT_VF_SIGSEGV)) {
            want_put(st, SIGSEGV_LINE, sizeof SIGSEGV_LINE - 1);
            break;
        }
    }
}

/* s as one printable line, with \n and \t spelled out, cut at RC_SHOW. */
static const char *escape(char *out, size_t cap, const unsigned char *s, size_t n)
{
    size_t at = 0;
    for (size_t i = 0; i < n && at + 6 < cap; i++) {
        if (at >= RC_SHOW) {
            memcpy(out + at, "...", 3);
            at += 3;
            break;
        }
        if (s[i] == '\n' || s[i] == '\t') {
            out[at++] = '\\';
            out[at++] = s[i] == '\n' ? 'n' : 't';
        } else {
            out[at++] = (s[i] < 0x20 || s[i] == 0x7f) ? '?' : (char)s[i];
        }
    }
    out[at] = 0;
    return out;
}

static void on_end_panic(rc_state *st, oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    const rc_panic *q = newest(g);
    if (!q || q->goexit || q->recovered) {
        oracle__violation(c, ORC_RECOVER, ev,
                          "P1: the program ended by a panic, but g%u has no unrecovered panic in "
                          "flight",
                          ev->g);
        return;
    }
    check_run_past(c, ev, g, 0, true);
    check_late(c, ev, g);
    predict_report(st, g);
    if (st->want.n == st->err.n && (!st->err.n || memcmp(st->want.p, st->err.p, st->err.n) == 0))
        return;
    char got[RC_SHOW + 16], want[RC_SHOW + 16];
    oracle__violation(c, ORC_RECOVER, ev,
                      "P5: the panic report of g%u is \"%s\", but its panic chain prints \"%s\"",
                      ev->g, escape(got, sizeof got, st->err.p, st->err.n),
                      escape(want, sizeof want, st->want.p, st->want.n));
}

/* ================================================================ checker */

static void on_go_end(oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    const rc_panic *q = newest(g);
    if (ev->a == RT_GOEND_RETURN && q)
        oracle__violation(c, ORC_RECOVER, ev,
                          "R4: g%u returned normally with p%llu still in flight", ev->g,
                          ull(q->id));
    else if (ev->a == RT_GOEND_GOEXIT && q && q->goexit)
        check_run_past(c, ev, g, 0, true);
    gor_clear(g);
}

/* Events that are part of a goroutine's defer/panic machinery. */
static void machinery(rc_state *st, oracle_ctx *c, const rt_event *ev, rc_gor *g)
{
    switch (ev->kind) {
    case RT_EV_FRAME_ENTER:
        on_frame_enter(ev, g);
        break;
    case RT_EV_FRAME_EXIT:
        on_frame_exit(c, ev, g);
        break;
    case RT_EV_DEFER_CALL:
        on_defer_call(c, ev, g);
        break;
    case RT_EV_DEFER_RET:
        on_defer_ret(c, ev, g);
        break;
    case RT_EV_PANIC:
        on_panic(c, ev, g);
        break;
    case RT_EV_GOEXIT:
        on_goexit(ev, g);
        break;
    case RT_EV_PANIC_TEXT:
        on_panic_text(c, ev, g);
        break;
    case RT_EV_PANIC_ABORT:
        on_panic_abort(c, ev, g);
        break;
    case RT_EV_RECOVER:
        on_recover(c, ev, g);
        break;
    case RT_EV_GO_END:
        on_go_end(c, ev, g);
        break;
    case RT_EV_END:
        if (ev->a == RT_END_PANIC)
            on_end_panic(st, c, ev, g);
        break;
    default:
        break;
    }
}

/* In RC's model a goroutine needs every event (of its own) while a
 * DEFER_CALL waits for its frame or recover, or a recovery unwinds. */
static bool hot(const rc_gor *g)
{
    return g->in_call || g->unwinding;
}

static bool rc_event(void *stp, oracle_ctx *c, const rt_event *ev)
{
    rc_state *st = stp;
    uint64_t idx = oracle__index(c);
    /* err holds the stderr PRINTs right before this event, and nothing
     * when another event came in between (seen or not). */
    if (st->err_next != idx)
        oracle__vec_clear(&st->err);
    if (ev->kind == RT_EV_PRINT && ev->a == 2) {
        size_t at = st->err.n;
        oracle__vec_grow_to(&st->err, at + ev->nbytes);
        if (ev->nbytes)
            memcpy((unsigned char *)st->err.p + at, ev->bytes, ev->nbytes);
        st->err_next = idx + 1;
        return st->nhot != 0;
    }
    rc_gor *g = gor(st, ev->g);
    if (g) {
        bool was = hot(g);
        if (!(g->unwinding && check_unwinding(c, ev, g))) {
            machinery(st, c, ev, g);
            if (ev->kind != RT_EV_DEFER_CALL)
                g->await = 0;
            if (ev->kind != RT_EV_DEFER_CALL && ev->kind != RT_EV_RECOVER)
                g->in_call = false;
        }
        st->nhot += (uint32_t)hot(g) - (uint32_t)was;
    }
    oracle__vec_clear(&st->err);
    return st->nhot != 0;
}

static void rc_reset(void *stp)
{
    rc_state *st = stp;
    if (st->gors.elem == 0) {
        oracle__vec_init(&st->gors, sizeof(rc_gor));
        oracle__vec_init(&st->err, 1);
        oracle__vec_init(&st->want, 1);
    }
    st->used = 0; /* the slots are cleared when touched again */
    st->nhot = 0;
    oracle__vec_clear(&st->err);
    st->err_next = 0;
    oracle__vec_clear(&st->want);
}

static void rc_destroy(void *stp)
{
    rc_state *st = stp;
    for (size_t i = 0; i < st->gors.n; i++) {
        rc_gor *g = oracle__vec_at(&st->gors, i);
        oracle__vec_free(&g->frames);
        oracle__vec_free(&g->chain);
    }
    oracle__vec_free(&st->gors);
    oracle__vec_free(&st->err);
    oracle__vec_free(&st->want);
}

const oracle_checker oracle__recover = {
    .name = "recover",
    .state_size = sizeof(rc_state),
    .events = OI_EV(RT_EV_PRINT) | OI_EV(RT_EV_FRAME_ENTER) | OI_EV(RT_EV_FRAME_EXIT) |
              OI_EV(RT_EV_DEFER_CALL) | OI_EV(RT_EV_DEFER_RET) | OI_EV(RT_EV_PANIC) |
              OI_EV(RT_EV_GOEXIT) | OI_EV(RT_EV_PANIC_ABORT) | OI_EV(RT_EV_RECOVER) |
              OI_EV(RT_EV_GO_END) | OI_EV(RT_EV_END) | OI_EV(RT_EV_PANIC_TEXT),
    .findings = false,
    .reset = rc_reset,
    .event = rc_event,
    .on = NULL,
    .finish = NULL,
    .destroy = rc_destroy,
};
