/* cmd_explore.c - deferfuzz explore: many schedules, distinct outcomes. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ================================================================ explore */

/* One distinct outcome. */
typedef struct outcome {
    char *out, *err;
    size_t out_len, err_len;
    int exit_code;
    uint32_t findings; /* bit per finding id */
    uint64_t count;
    char *schedule;
    uint64_t hash;
} outcome;

typedef struct explorer {
    outcome *v;
    size_t n, cap;
    char **violations;
    size_t nviol;
    uint64_t schedules;
} explorer;

static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static void record(explorer *e, const rt_result *r, const oracle_verdict *v)
{
    uint32_t f = 0;
    for (size_t i = 0; i < v->nfindings; i++)
        f |= 1u << v->findings[i].id;
    int code = r->end == RT_END_BUDGET ? -1 : r->exit_code;
    uint64_t h = rt_fnv1a64(r->out, r->out_len, RT_FNV_OFFSET);
    h = rt_fnv1a64("\0", 1, h);
    h = rt_fnv1a64(r->err, r->err_len, h);
    h = rt_fnv1a64(&code, sizeof code, h);
    h = rt_fnv1a64(&f, sizeof f, h);
    e->schedules++;
    for (size_t i = 0; i < v->nviolations && e->nviol < 64; i++) {
        char *sch = schedule_format(r->decisions, r->ndecisions);
        size_t n = strlen(v->violations[i].message) + strlen(sch) + 64;
        char *m = malloc(n);
        snprintf(m, n, "%s: %s (schedule %s)", oracle_name(v->violations[i].oracle),
                 v->violations[i].message, sch);
        free(sch);
        e->violations = realloc(e->violations, (e->nviol + 1) * sizeof *e->violations);
        e->violations[e->nviol++] = m;
    }
    for (size_t i = 0; i < e->n; i++) {
        outcome *o = &e->v[i];
        if (o->hash == h && o->exit_code == code && o->findings == f && o->out_len == r->out_len &&
            o->err_len == r->err_len && !memcmp(o->out, r->out, r->out_len) &&
            !memcmp(o->err, r->err, r->err_len)) {
            o->count++;
            return;
        }
    }
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 16;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
    }
    outcome *o = &e->v[e->n++];
    o->out = dup_bytes(r->out, r->out_len);
    o->err = dup_bytes(r->err, r->err_len);
    o->out_len = r->out_len;
    o->err_len = r->err_len;
    o->exit_code = code;
    o->findings = f;
    o->count = 1;
    o->schedule = schedule_format(r->decisions, r->ndecisions);
    o->hash = h;
}

static void explorer_free(explorer *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].out);
        free(e->v[i].err);
        free(e->v[i].schedule);
    }
    free(e->v);
    for (size_t i = 0; i < e->nviol; i++)
        free(e->violations[i]);
    free(e->violations);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ================================================================ dfs
 *
 * DFS over the decision tree: every execution replays the prefix of the
 * previous path and moves its last decision with options left one step
 * on. With --prune sleep (the default) it skips schedules that only
 * reorder independent steps, with sleep sets (Godefroid, "Partial-Order
 * Methods for the Verification of Concurrent Systems", 1996):
 *
 *   - A segment is what one goroutine does from the moment it starts
 *     running (chosen at a decision, or switched to because it was the
 *     only runnable one) until the next schedule decision or the next
 *     switch. Its footprint is the set of objects it read and wrote: the
 *     interpreter's access reports (lang_run_opts.on_access: variables,
 *     cells, struct fields, sync handles) and the runtime's events
 *     (channels, sync objects, output, goroutine creation and count,
 *     timers, panics in progress); a segment that ends the program or
 *     advances the clock conflicts with everything. Two segments of
 *     different goroutines are independent when no object is written by
 *     one and read or written by the other: run in either order they
 *     reach the same state.
 *   - Each schedule decision node s keeps its sleep set: goroutines whose
 *     next segment, already explored from an ancestor, is independent of
 *     everything run since. The child reached by option t gets the entries
 *     of sleep(s) and of the options explored before t at s that are
 *     independent of t's segment (and of the forced segments after it). A
 *     sleeping goroutine is never chosen; a forced switch to a sleeping
 *     goroutine, or a decision whose options all sleep, proves the rest of
 *     the execution redundant: it is aborted (rt_abort) at that
 *     decision or the next one, or left unrecorded if it ends first, and
 *     counted as pruned.
 *   - The footprint of option t at s is the union over every execution
 *     explored below (s, t): a select decision inside t's segment may lead
 *     to different segments, all of which a sleeping t stands for.
 *   - Select decisions are always explored in full.
 *
 * Every Mazurkiewicz trace (class of executions equal up to swapping
 * adjacent independent segments) is still explored at least once, so the
 * set of distinct outcomes is the unpruned one. One exception: the step
 * budget counts steps globally, so an execution that runs out of it may
 * stop at a different point in an equivalent order. */

/* How a footprint entry was used; W = R | U. Updates (U) commute with each
 * other (a goroutine ending lowers the count of goroutines, a sleep adds a
 * timer) but not with reads or writes. */
enum { ACC_R = 1, ACC_U = 2, ACC_W = 3 };

/* Objects of explore's own (lang.h leaves kinds 8..15 to its clients). */
#define OBJ_OUTPUT LANG_OBJ(8, 0)  /* stdout and stderr: their order shows */
#define OBJ_TIME   LANG_OBJ(9, 0)  /* the timers (the clock only moves in RT_EV_CLOCK) */
#define OBJ_SPAWN  LANG_OBJ(10, 0) /* goroutine ids are handed out in order */
/* How many goroutines are running panic-time deferred calls: once main has
 * returned, it yields to them (up to 1000 times) while there are any. */
#define OBJ_PANICKING LANG_OBJ(11, 0)

typedef struct acc {
    uint64_t obj;
    uint32_t mode;
} acc;

/* A set of accesses, sorted by object once normalised. */
typedef struct fp {
    acc *v;
    uint32_t n, cap;
    uint32_t sorted; /* v[0..sorted) is sorted and merged */
    bool global;     /* conflicts with everything */
} fp;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("deferfuzz: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    return q;
}

static fp *fp_new(void)
{
    fp *f = xrealloc(NULL, sizeof *f);
    memset(f, 0, sizeof *f);
    return f;
}

static void fp_free(fp *f)
{
    if (f) {
        free(f->v);
        free(f);
    }
}

static void fp_clear(fp *f)
{
    f->n = f->sorted = 0;
    f->global = false;
}

static int acc_cmp(const void *a, const void *b)
{
    uint64_t x = ((const acc *)a)->obj, y = ((const acc *)b)->obj;
    return x < y ? -1 : x > y;
}

/* Sorts and merges the entries (one per object, modes or'ed). */
static void fp_normalize(fp *f)
{
    if (f->sorted == f->n)
        return;
    qsort(f->v, f->n, sizeof *f->v, acc_cmp);
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->n; i++) {
        if (k && f->v[k - 1].obj == f->v[i].obj)
            f->v[k - 1].mode |= f->v[i].mode;
        else
            f->v[k++] = f->v[i];
    }
    f->n = f->sorted = k;
}

static void fp_add(fp *f, uint64_t obj, uint32_t mode)
{
    /* The same object again and again (a loop in one segment): once. */
    if (f->n && f->v[f->n - 1].obj == obj) {
        f->v[f->n - 1].mode |= mode;
        return;
    }
    if (f->n == f->cap) {
        if (f->n >= 4096 && f->sorted < f->n / 2) {
            fp_normalize(f);
            if (f->n < f->cap / 2)
                goto add;
        }
        f->cap = f->cap ? 2 * f->cap : 16;
        f->v = xrealloc(f->v, f->cap * sizeof *f->v);
    }
add:
    f->v[f->n++] = (acc){obj, mode};
}

static bool modes_conflict(uint32_t a, uint32_t b)
{
    return !(a == ACC_R && b == ACC_R) && !(a == ACC_U && b == ACC_U);
}

/* Whether two normalised footprints conflict. */
static bool fp_conflict(const fp *a, const fp *b)
{
    if (a->global || b->global)
        return true;
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i].obj < b->v[j].obj) {
            i++;
        } else if (a->v[i].obj > b->v[j].obj) {
            j++;
        } else {
            if (modes_conflict(a->v[i].mode, b->v[j].mode))
                return true;
            i++;
            j++;
        }
    }
    return false;
}

/* dst |= src (both normalised). */
static void fp_union(fp *dst, const fp *src)
{
    dst->global |= src->global;
    if (!src->n)
        return;
    uint32_t n = dst->n + src->n;
    acc *v = xrealloc(NULL, n * sizeof *v);
    uint32_t i = 0, j = 0, k = 0;
    while (i < dst->n || j < src->n) {
        if (j == src->n || (i < dst->n && dst->v[i].obj < src->v[j].obj))
            v[k++] = dst->v[i++];
        else if (i == dst->n || src->v[j].obj < dst->v[i].obj)
            v[k++] = src->v[j++];
        else {
            v[k] = dst->v[i++];
            v[k++].mode |= src->v[j++].mode;
        }
    }
    free(dst->v);
    dst->v = v;
    dst->n = dst->sorted = k;
    dst->cap = n;
}

/* A sleeping goroutine and the footprint of its next segment (owned by
 * the node whose done list holds it). */
typedef struct slp {
    uint32_t g;
    const fp *f;
} slp;

/* One decision of the current path. */
typedef struct dnode {
    uint32_t kind; /* rt_decision_kind */
    uint32_t nopts, taken;
    /* schedule decisions, when pruning: */
    uint32_t *opts; /* goroutine ids */
    slp *sleep;     /* sleep set on arrival */
    uint32_t nsleep;
    slp *done; /* options explored before taken, with their footprints (owned) */
    uint32_t ndone;
    fp *tfp; /* footprint of the taken option so far (owned) */
} dnode;

/* What the observer remembers of one goroutine. */
typedef struct gstate {
    uint64_t *sel; /* channels of its latest select */
    uint32_t nsel, capsel;
    bool in_select;    /* blocked in that select */
    bool once_pending; /* ran Once.Do's f: its next frame is the Do frame */
    uint64_t once_obj;
} gstate;

typedef struct once_frame {
    uint64_t frame, obj;
} once_frame;

typedef struct dfs_chooser {
    rt_chooser base;
    dnode *path; /* decisions of the current path */
    size_t len, cap, pos;
    bool prune;
    uint64_t pruned; /* executions aborted as redundant */
    /* where the next execution starts to collect footprints: the schedule
     * decision at or before the decision that changed (-1: from the start) */
    int64_t track_from;
    /* ---- per execution */
    bool collect;       /* footprints are being collected */
    bool redundant;     /* a forced switch ran a sleeping goroutine */
    bool aborted;       /* this execution was aborted */
    int64_t last_sched; /* path index of the latest schedule decision */
    slp *cur;           /* sleep set of the coming decision, as it stands */
    uint32_t ncur, capcur;
    fp seg;         /* footprint of the current segment */
    uint32_t seg_g; /* its goroutine (0: none yet) */
    bool seg0;      /* it is the chosen option's own segment */
    gstate *gs;     /* by goroutine id */
    uint32_t ngs;
    once_frame *once;
    uint32_t nonce, caponce;
    uint64_t main_frame; /* main's outermost frame (0: not seen) */
    bool main_done;      /* main returned: it only yields to panicking goroutines */
} dfs_chooser;

static void node_free(dnode *nd)
{
    free(nd->opts);
    free(nd->sleep);
    for (uint32_t i = 0; i < nd->ndone; i++)
        fp_free((fp *)nd->done[i].f);
    free(nd->done);
    fp_free(nd->tfp);
    memset(nd, 0, sizeof *nd);
}

static bool slp_has(const slp *v, uint32_t n, uint32_t g)
{
    for (uint32_t i = 0; i < n; i++)
        if (v[i].g == g)
            return true;
    return false;
}

static void cur_push(dfs_chooser *c, slp e)
{
    if (c->ncur == c->capcur) {
        c->capcur = c->capcur ? 2 * c->capcur : 16;
        c->cur = xrealloc(c->cur, c->capcur * sizeof *c->cur);
    }
    c->cur[c->ncur++] = e;
}

/* The working sleep set after schedule decision nd: its sleep set and the
 * options explored before the one taken. */
static void cur_from_node(dfs_chooser *c, const dnode *nd)
{
    c->ncur = 0;
    for (uint32_t i = 0; i < nd->nsleep; i++)
        cur_push(c, nd->sleep[i]);
    for (uint32_t i = 0; i < nd->ndone; i++)
        cur_push(c, nd->done[i]);
}

static gstate *gstate_of(dfs_chooser *c, uint64_t g)
{
    if (g >= c->ngs) {
        uint32_t n = c->ngs ? c->ngs : 16;
        while (n <= g)
            n *= 2;
        c->gs = xrealloc(c->gs, n * sizeof *c->gs);
        memset(c->gs + c->ngs, 0, (n - c->ngs) * sizeof *c->gs);
        c->ngs = n;
    }
    return &c->gs[g];
}

static void seg_add(dfs_chooser *c, uint64_t obj, uint32_t mode)
{
    if (c->collect)
        fp_add(&c->seg, obj, mode);
}

/* The current segment ends: its footprint joins the taken option's (when
 * it is that option's own segment) and wakes the sleepers it conflicts
 * with. */
static void seg_end(dfs_chooser *c)
{
    if (!c->collect || !c->seg_g)
        return;
    fp_normalize(&c->seg);
    if (c->seg0 && c->last_sched >= 0)
        fp_union(c->path[c->last_sched].tfp, &c->seg);
    uint32_t k = 0;
    for (uint32_t i = 0; i < c->ncur; i++)
        if (c->cur[i].g != c->seg_g && !fp_conflict(c->cur[i].f, &c->seg))
            c->cur[k++] = c->cur[i];
    c->ncur = k;
    fp_clear(&c->seg);
}

static void seg_begin(dfs_chooser *c, uint32_t g, bool own)
{
    c->seg_g = g;
    c->seg0 = own;
    fp_clear(&c->seg);
    if (g == 1 && c->main_done)
        fp_add(&c->seg, OBJ_PANICKING, ACC_R);
    if (!own && c->collect && slp_has(c->cur, c->ncur, g))
        c->redundant = true;
}

/* Prepares the chooser for the next execution. */
static void dfs_start(dfs_chooser *c)
{
    c->pos = 0;
    c->collect = c->prune && c->track_from < 0;
    c->redundant = c->aborted = false;
    c->last_sched = -1;
    c->ncur = 0;
    fp_clear(&c->seg);
    c->seg_g = 0;
    c->seg0 = false;
    for (uint32_t i = 0; i < c->ngs; i++) {
        c->gs[i].nsel = 0;
        c->gs[i].in_select = c->gs[i].once_pending = false;
    }
    c->nonce = 0;
    c->main_frame = 0;
    c->main_done = false;
}

static dnode *path_push(dfs_chooser *c)
{
    if (c->len == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->path = xrealloc(c->path, c->cap * sizeof *c->path);
    }
    dnode *nd = &c->path[c->len++];
    memset(nd, 0, sizeof *nd);
    return nd;
}

static uint32_t dfs_choose(rt_chooser *self, const rt_decision *d)
{
    dfs_chooser *c = (dfs_chooser *)self;
    size_t i = c->pos++;
    bool sched = d->kind == RT_DEC_SCHED && c->prune;
    if (i < c->len) {
        /* the prefix: replay */
        dnode *nd = &c->path[i];
        if (nd->nopts != d->nopts) /* the program is not deterministic: should not happen */
            nd->nopts = d->nopts;
        uint32_t t = nd->taken < d->nopts ? nd->taken : 0;
        if (sched && nd->opts) {
            seg_end(c);
            if ((int64_t)i == c->track_from)
                c->collect = true;
            c->last_sched = (int64_t)i;
            if (c->collect) {
                cur_from_node(c, nd);
                seg_begin(c, d->opts[t], true);
            }
        }
        return t;
    }
    if (!c->prune) {
        dnode *nd = path_push(c);
        nd->kind = d->kind;
        nd->nopts = d->nopts;
        return 0;
    }
    if (sched)
        seg_end(c);
    if (c->redundant) {
        c->aborted = true;
        rt_abort();
    }
    if (!sched) {
        dnode *nd = path_push(c);
        nd->kind = d->kind;
        nd->nopts = d->nopts;
        return 0;
    }
    /* a new schedule decision: its sleep set is what survived */
    uint32_t t = 0;
    while (t < d->nopts && slp_has(c->cur, c->ncur, d->opts[t]))
        t++;
    if (t == d->nopts) {
        /* every option sleeps: each continuation is explored elsewhere */
        c->aborted = true;
        rt_abort();
    }
    dnode *nd = path_push(c);
    nd->kind = d->kind;
    nd->nopts = d->nopts;
    nd->taken = t;
    nd->opts = xrealloc(NULL, d->nopts * sizeof *nd->opts);
    memcpy(nd->opts, d->opts, d->nopts * sizeof *nd->opts);
    if (c->ncur) {
        nd->sleep = xrealloc(NULL, c->ncur * sizeof *nd->sleep);
        memcpy(nd->sleep, c->cur, c->ncur * sizeof *nd->sleep);
        nd->nsleep = c->ncur;
    }
    nd->tfp = fp_new();
    c->last_sched = (int64_t)i;
    seg_begin(c, d->opts[t], true);
    return t;
}

/* The execution ended (or was aborted). */
static void dfs_finish(dfs_chooser *c)
{
    if (c->prune)
        seg_end(c);
}

/* Index of the next option of schedule node nd that does not sleep, or
 * nopts. */
static uint32_t next_awake(const dnode *nd)
{
    uint32_t t = nd->taken + 1;
    while (t < nd->nopts && slp_has(nd->sleep, nd->nsleep, nd->opts[t]))
        t++;
    return t;
}

/* Moves to the next path; false when the tree is exhausted. */
static bool dfs_next(dfs_chooser *c)
{
    while (c->len > 0) {
        dnode *nd = &c->path[c->len - 1];
        if (nd->opts) {
            uint32_t t = next_awake(nd);
            if (t < nd->nopts) {
                fp_normalize(nd->tfp);
                nd->done = xrealloc(nd->done, (nd->ndone + 1) * sizeof *nd->done);
                nd->done[nd->ndone++] = (slp){nd->opts[nd->taken], nd->tfp};
                nd->tfp = fp_new();
                nd->taken = t;
                c->track_from = (int64_t)c->len - 1;
                return true;
            }
        } else if (nd->taken + 1 < nd->nopts) {
            nd->taken++;
            int64_t k = (int64_t)c->len - 1;
            while (k >= 0 && !c->path[k].opts)
                k--;
            c->track_from = k;
            return true;
        }
        node_free(nd);
        c->len--;
    }
    return false;
}

static void dfs_free(dfs_chooser *c)
{
    for (size_t i = 0; i < c->len; i++)
        node_free(&c->path[i]);
    free(c->path);
    free(c->cur);
    free(c->seg.v);
    for (uint32_t i = 0; i < c->ngs; i++)
        free(c->gs[i].sel);
    free(c->gs);
    free(c->once);
}

/* lang_run_opts.on_access */
static void dfs_on_access(void *ctx, uint64_t obj, bool write)
{
    seg_add(ctx, obj, write ? ACC_W : ACC_R);
}

/* Every event of the execution: segment boundaries and the footprint of
 * what the runtime does. */
static void dfs_on_event(void *ctx, const rt_event *ev)
{
    dfs_chooser *c = ctx;
    switch ((rt_event_kind)ev->kind) {
    case RT_EV_RUN:
        if (ev->g != c->seg_g) {
            seg_end(c);
            seg_begin(c, ev->g, false);
        }
        return;
    case RT_EV_GO_CREATE:
        seg_add(c, OBJ_SPAWN, ACC_W);
        seg_add(c, LANG_OBJ(LANG_OBJ_NGOROUTINE, 0), ACC_U);
        return;
    case RT_EV_GO_END:
        seg_add(c, LANG_OBJ(LANG_OBJ_NGOROUTINE, 0), ACC_U);
        seg_add(c, OBJ_PANICKING, ACC_W);
        return;
    case RT_EV_PANIC:
    case RT_EV_PANIC_ABORT:
    case RT_EV_DEFER_RET:
    case RT_EV_GOEXIT:
        /* a goroutine starts or stops running panic-time deferred calls */
        seg_add(c, OBJ_PANICKING, ACC_W);
        return;
    case RT_EV_BLOCK:
        if (ev->a == RT_WAIT_SELECT)
            gstate_of(c, ev->g)->in_select = true;
        if (ev->b)
            seg_add(c, LANG_OBJ(LANG_OBJ_RT, ev->b), ACC_W);
        return;
    case RT_EV_READY: {
        /* Waking a goroutine blocked in a select takes it off every channel
         * of the select: whoever would have woken it through another one
         * conflicts with this. */
        gstate *gs = gstate_of(c, ev->a);
        if (gs->in_select) {
            for (uint32_t i = 0; i < gs->nsel; i++)
                seg_add(c, LANG_OBJ(LANG_OBJ_RT, gs->sel[i]), ACC_W);
            gs->in_select = false;
        }
        if (ev->g == 0 && c->collect)
            c->seg.global = true; /* the clock */
        return;
    }
    case RT_EV_CHAN_MAKE:
        seg_add(c, LANG_OBJ(LANG_OBJ_RT_ALLOC, 0), ACC_W);
        if (ev->c) /* time.After */
            seg_add(c, OBJ_TIME, ACC_U);
        return;
    case RT_EV_SEND:
    case RT_EV_RECV:
    case RT_EV_CLOSE:
    case RT_EV_CHAN_OP:
    case RT_EV_WG_ADD:
    case RT_EV_WG_WAIT:
    case RT_EV_LOCK:
    case RT_EV_UNLOCK:
        seg_add(c, LANG_OBJ(LANG_OBJ_RT, ev->a), ACC_W);
        return;
    case RT_EV_ONCE:
        seg_add(c, LANG_OBJ(LANG_OBJ_RT, ev->a), ACC_W);
        if (ev->b) {
            /* Do runs f in a frame whose exit marks the Once done and wakes
             * its waiters, with no event of its own. */
            gstate *gs = gstate_of(c, ev->g);
            gs->once_pending = true;
            gs->once_obj = ev->a;
        }
        return;
    case RT_EV_SELECT_BEGIN: {
        gstate *gs = gstate_of(c, ev->g);
        gs->nsel = 0;
        for (uint32_t i = 0; i + 8 <= ev->nbytes; i += 8) {
            uint32_t id = (uint32_t)ev->bytes[i] | (uint32_t)ev->bytes[i + 1] << 8 |
                          (uint32_t)ev->bytes[i + 2] << 16 | (uint32_t)ev->bytes[i + 3] << 24;
            if (!id)
                continue;
            if (gs->nsel == gs->capsel) {
                gs->capsel = gs->capsel ? 2 * gs->capsel : 8;
                gs->sel = xrealloc(gs->sel, gs->capsel * sizeof *gs->sel);
            }
            gs->sel[gs->nsel++] = id;
            seg_add(c, LANG_OBJ(LANG_OBJ_RT, id), ACC_W);
        }
        return;
    }
    case RT_EV_FRAME_ENTER: {
        if (ev->g == 1 && !c->main_frame)
            c->main_frame = ev->a;
        gstate *gs = gstate_of(c, ev->g);
        if (gs->once_pending) {
            gs->once_pending = false;
            if (c->nonce == c->caponce) {
                c->caponce = c->caponce ? 2 * c->caponce : 8;
                c->once = xrealloc(c->once, c->caponce * sizeof *c->once);
            }
            c->once[c->nonce++] = (once_frame){ev->a, gs->once_obj};
        }
        return;
    }
    case RT_EV_FRAME_EXIT:
        for (uint32_t i = 0; i < c->nonce; i++)
            if (c->once[i].frame == ev->a) {
                seg_add(c, LANG_OBJ(LANG_OBJ_RT, c->once[i].obj), ACC_W);
                c->once[i] = c->once[--c->nonce];
                break;
            }
        if (ev->g == 1 && ev->a == c->main_frame) {
            /* main returned: the program ends (RT_EV_END), or main yields
             * to goroutines running panic-time deferred calls, reading how
             * many there are after every yield */
            c->main_done = true;
            seg_add(c, OBJ_PANICKING, ACC_R);
        }
        return;
    case RT_EV_SLEEP:
        seg_add(c, OBJ_TIME, ACC_U);
        return;
    case RT_EV_PRINT:
        seg_add(c, OBJ_OUTPUT, ACC_W);
        return;
    case RT_EV_CLOCK:
    case RT_EV_END:
        if (c->collect)
            c->seg.global = true;
        return;
    default:
        return;
    }
}

static void report(const explorer *e, const opts *o, bool complete, const uint64_t *pruned)
{
    if (o->json) {
        printf("{\"schedules\": %" PRIu64 ", \"complete\": %s, \"violations\": [", e->schedules,
               complete ? "true" : "false");
        for (size_t i = 0; i < e->nviol; i++) {
            if (i)
                fputs(", ", stdout);
            json_str(e->violations[i], strlen(e->violations[i]));
        }
        fputs("], \"outcomes\": [", stdout);
        for (size_t i = 0; i < e->n; i++) {
            const outcome *x = &e->v[i];
            printf("%s{\"stdout\": ", i ? ", " : "");
            json_str(x->out, x->out_len);
            fputs(", \"stderr\": ", stdout);
            json_str(x->err, x->err_len);
            printf(", \"exit_code\": %d, \"findings\": ", x->exit_code);
            print_findings_json(x->findings);
            printf(", \"count\": %" PRIu64 ", \"schedule\": ", x->count);
            json_str(x->schedule, strlen(x->schedule));
            putchar('}');
        }
        fputs("]", stdout);
        if (pruned)
            printf(", \"pruned\": %" PRIu64, *pruned);
        fputs("}\n", stdout);
        return;
    }
    char strat[32];
    if (!strcmp(o->strategy, "pct"))
        snprintf(strat, sizeof strat, "pct, depth %u", o->depth ? o->depth : 3u);
    else
        snprintf(strat, sizeof strat, "%s", o->strategy);
    printf("%s: %" PRIu64 " schedules (%s), %zu distinct outcomes%s", o->prog, e->schedules, strat,
           e->n, complete ? ", complete" : "");
    if (pruned)
        printf(" (%" PRIu64 " redundant schedules pruned)", *pruned);
    putchar('\n');
    for (size_t i = 0; i < e->n; i++) {
        const outcome *x = &e->v[i];
        printf("\noutcome %zu: %" PRIu64 " runs, exit code %d\n", i + 1, x->count, x->exit_code);
        print_indented("stdout", x->out, x->out_len);
        print_indented("stderr", x->err, x->err_len);
        if (x->findings) {
            fputs("  findings:", stdout);
            for (int k = 0; k < OF__COUNT; k++)
                if (x->findings & (1u << k))
                    printf(" %s", oracle_finding_name((oracle_finding_id)k));
            putchar('\n');
        }
        printf("  reproduce: deferfuzz run %s --schedule %s%s\n", sh(o->prog), sh(x->schedule),
               run_flags(&o->run));
    }
    for (size_t i = 0; i < e->nviol; i++)
        printf("\nVIOLATION (a deferfuzz bug) %s\n", e->violations[i]);
}

/* Takes --prune out of argv (parse_args does not know it) and answers
 * --help with it added. Returns whether to prune. */
static bool take_prune(int *argc, char **argv, bool *given)
{
    bool prune = true;
    *given = false;
    int k = 0;
    for (int i = 0; i < *argc; i++) {
        if (i >= 2 && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))) {
            fputs(usage_explore, stdout);
            fputs("  --prune P      dfs only: sleep (default) skips schedules that merely reorder\n"
                  "                 independent steps (sleep sets over the objects each step\n"
                  "                 reads and writes): the distinct outcomes stay the same,\n"
                  "                 except where --max-steps cuts executions; none explores\n"
                  "                 every schedule\n",
                  stdout);
            fputs("\ncommon options:\n", stdout);
            fputs(usage_common, stdout);
            exit(0);
        }
        if (i >= 2 && !strcmp(argv[i], "--prune")) {
            if (i + 1 >= *argc)
                die_usage("--prune needs a value");
            const char *v = argv[++i];
            *given = true;
            if (!strcmp(v, "sleep"))
                prune = true;
            else if (!strcmp(v, "none"))
                prune = false;
            else
                die_usage("--prune wants sleep or none, got \"%s\"", v);
            continue;
        }
        argv[k++] = argv[i];
    }
    *argc = k;
    return prune;
}

int cmd_explore(int argc, char **argv)
{
    opts o;
    bool prune_given;
    bool prune = take_prune(&argc, argv, &prune_given);
    parse_args(argc, argv, true, &o);
    bool dfs = !strcmp(o.strategy, "dfs");
    bool pct = !strcmp(o.strategy, "pct");
    if (o.depth && !pct)
        die_usage("--depth is for --strategy pct only");
    if (prune_given && !dfs)
        die_usage("--prune is for --strategy dfs only");
    uint32_t depth = o.depth ? o.depth : 3;
    /* PCT's k (the decisions change points are drawn from): the most
     * decisions an execution made so far, 64 before the first. */
    uint64_t pct_k = 64;
    prune = prune && dfs;
    if (!o.runs)
        o.runs = dfs ? 100000 : 1000;
    lang_program *p = load(&o);
    oracle_set *os = oracle_new();
    oracle_set_site_namer(os, site_namer, p);
    oracle_set_lang(os, o.run.version == LANG_GO119 ? RT_LANG_GO119 : RT_LANG_GO122);
    dfs_chooser dc;
    memset(&dc, 0, sizeof dc);
    dc.base.choose = dfs_choose;
    dc.prune = prune;
    dc.track_from = -1;
    rt_observer obs[2] = {oracle_observer(os), {dfs_on_event, &dc}};
    o.run.observers = obs;
    o.run.nobservers = prune ? 2 : 1;
    if (prune) {
        o.run.on_access = dfs_on_access;
        o.run.access_ctx = &dc;
    }
    explorer e = {0};
    bool complete = false;
    double t0 = now_s(), last = t0;
    for (uint64_t i = 0; i < o.runs; i++) {
        rt_prng_chooser prng;
        rt_pct_chooser pctc;
        if (dfs) {
            dfs_start(&dc);
            o.run.chooser = &dc.base;
        } else if (pct) {
            rt_pct_chooser_init(&pctc, i, depth, pct_k);
            o.run.chooser = &pctc.base;
        } else {
            rt_prng_chooser_init(&prng, i);
            o.run.chooser = &prng.base;
        }
        oracle_reset(os);
        rt_result r;
        int rc = lang_run(p, &o.run, &r);
        if (rc) {
            fprintf(stderr, "deferfuzz: %s\n", rt_strerror(rc));
            return EXIT_USAGE;
        }
        const oracle_verdict *v = oracle_finish(os);
        if (pct && r.ndecisions > pct_k)
            pct_k = r.ndecisions;
        if (dfs)
            dfs_finish(&dc);
        if (dc.aborted || dc.redundant)
            dc.pruned++; /* redundant: its outcome is explored elsewhere */
        else
            record(&e, &r, v);
        if (dfs && !dfs_next(&dc)) {
            complete = true;
            break;
        }
        double t = now_s();
        if (t - last >= 1.0) {
            fprintf(stderr, "explore: %" PRIu64 " schedules, %zu outcomes, %.0f/s\n", e.schedules,
                    e.n, (double)e.schedules / (t - t0));
            last = t;
        }
        if (o.seconds > 0 && t - t0 >= o.seconds)
            break;
    }
    report(&e, &o, complete, prune ? &dc.pruned : NULL);
    int code = 0;
    for (size_t i = 0; i < e.n; i++)
        if (e.v[i].findings & (o.fail_on ? o.fail_on : ~0u))
            code = EXIT_FOUND;
    if (e.nviol)
        code = EXIT_VIOLATION;
    explorer_free(&e);
    dfs_free(&dc);
    oracle_free(os);
    lang_free(p);
    rt_shutdown();
    return code;
}
