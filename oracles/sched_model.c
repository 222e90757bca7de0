/* sched_model.c - the scheduler checker (ORC_SCHEDULER): decisions are
 * taken among exactly the goroutines that can run, and only those run.
 *
 * It reads events only. Its model gives every goroutine a state, built
 * from GO_CREATE (runnable; there is no READY for a new goroutine), RUN
 * (running), BLOCK (blocked), READY (runnable again) and GO_END (dead);
 * main is g1 and starts with the first event, RUN g1. It also remembers
 * the goroutine of the last RUN ("current"): the runtime keeps it current
 * while it blocks or ends, until the next RUN. The rules, named in the
 * messages:
 *
 *   SCH1 a DECISION(sched) offers exactly the runnable goroutines, plus
 *        the current one when it is still running (a scheduling point), in
 *        ascending order; there are at least two options and the index
 *        taken is < nopts. A DECISION(select) offers ascending case
 *        indexes < ncases of the pending SELECT_BEGIN.
 *   SCH2 a RUN is for a runnable goroutine; after a DECISION that switches
 *        goroutines the next event is the RUN of the one taken; a switch
 *        away from a running goroutine needs a decision; when the current
 *        one blocked or ended, a RUN without a decision is only legal when
 *        it was the only runnable goroutine.
 *   SCH3 only the running goroutine acts: events about a goroutine (CHAN_OP,
 *        SELECT, DEFER_*, FRAME_*, PANIC, RECOVER, LOCK, WG_*, GO_CREATE,
 *        BLOCK, GO_END, ...) come from the current goroutine while it runs.
 *        Exceptions: SEND and RECV may be emitted on behalf of a blocked
 *        goroutine by the one that completes its operation (or by a timer,
 *        g = 0); DECISION, CLOCK, READY, PRINT and END come from the current
 *        goroutine even after it blocked or ended (the scheduler and the
 *        fatal error run on its behalf).
 *   SCH4 READY is only for a blocked goroutine; GO_CREATE names a new one.
 */
#include "oi.h"

#include <stdio.h>

/* A goroutine's state in the model. */
typedef enum sc_gstate {
    SC_NONE = 0, /* not created (yet) */
    SC_RUNNABLE,
    SC_RUNNING,
    SC_BLOCKED,
    SC_DEAD
} sc_gstate;

/* What the checker knows of one goroutine, by id. */
typedef struct sc_gor {
    uint8_t state;    /* sc_gstate */
    uint32_t wait;    /* rt_wait while blocked */
    uint32_t sel_n;   /* ncases of its pending SELECT_BEGIN */
    bool sel_pending; /* SELECT_BEGIN seen, SELECT not yet */
} sc_gor;

typedef struct sc_state {
    ovec gors;         /* sc_gor by goroutine id */
    ovec opts;         /* uint32_t scratch: the options the model expects */
    ovec run;          /* uint32_t: the ids of the runnable goroutines, ascending */
    uint32_t cur;      /* goroutine of the last RUN, 0 before the first */
    uint32_t want_run; /* a DECISION chose this goroutine: its RUN is next */
    bool ended;        /* END seen */
} sc_state;

static inline sc_gor *gor(sc_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* Index in st->run of the first id >= id. */
static size_t run_lower(const sc_state *st, uint32_t id)
{
    const uint32_t *r = (const uint32_t *)st->run.p;
    size_t lo = 0, hi = st->run.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sets the state of goroutine id (g its slot), keeping st->run the set of
 * runnable ones: a decision among thousands of goroutines is then checked
 * in one pass over the ids it offers. */
static void set_state(sc_state *st, sc_gor *g, uint32_t id, uint8_t s)
{
    bool was = g->state == SC_RUNNABLE, is = s == SC_RUNNABLE;
    g->state = s;
    if (was == is || id == 0) /* g0 is never offered (a bad event names it) */
        return;
    size_t n = st->run.n, i = run_lower(st, id);
    if (is) {
        oracle__vec_grow_to(&st->run, n + 1);
        uint32_t *r = (uint32_t *)st->run.p;
        memmove(r + i + 1, r + i, (n - i) * sizeof *r);
        r[i] = id;
    } else {
        uint32_t *r = (uint32_t *)st->run.p;
        memmove(r + i, r + i + 1, (n - i - 1) * sizeof *r);
        st->run.n = n - 1;
    }
}

static const char *state_name(uint8_t s)
{
    static const char *const n[] = {"never created", "runnable", "running", "blocked", "dead"};
    return s < 5 ? n[s] : "?";
}

/* The model's state of g as text: "blocked (chan receive)", "dead", ... */
typedef struct sc_text {
    char s[64];
} sc_text;

static sc_text state_text(sc_state *st, uint32_t g)
{
    sc_text t;
    sc_gor *x = gor(st, g);
    if (x->state == SC_BLOCKED)
        snprintf(t.s, sizeof t.s, "blocked (%s)", rt_wait_name((rt_wait)x->wait));
    else
        snprintf(t.s, sizeof t.s, "%s", state_name(x->state));
    return t;
}

/* ================================================================ SCH1 decisions */

/* Fills st->opts with what a sched decision must offer now. */
static void expected_options(sc_state *st)
{
    oracle__vec_clear(&st->opts);
    bool at_point = st->cur && gor(st, st->cur)->state == SC_RUNNING;
    const uint32_t *r = (const uint32_t *)st->run.p;
    for (size_t i = 0; i <= st->run.n; i++) {
        if (at_point && (i == st->run.n || r[i] > st->cur)) {
            *OI_PUSH(&st->opts, uint32_t) = st->cur;
            at_point = false;
        }
        if (i < st->run.n)
            *OI_PUSH(&st->opts, uint32_t) = r[i];
    }
}

/* Writes up to 8 ids of a list as "[1 2 3]". */
static void list_text(char *b, size_t cap, const uint8_t *bytes, const uint32_t *ids, size_t n)
{
    size_t len = 0;
    len += (size_t)snprintf(b, cap, "[");
    for (size_t i = 0; i < n && i < 8 && len < cap; i++)
        len += (size_t)snprintf(b + len, cap - len, i ? " %u" : "%u",
                                bytes ? oracle__u32_at(bytes, i) : ids[i]);
    if (len < cap)
        snprintf(b + len, cap - len, n > 8 ? " ...]" : "]");
}

/* Does the decision offer exactly what expected_options() would list? */
static bool offers_expected(sc_state *st, const rt_event *ev, uint32_t n)
{
    if (ev->nbytes != 4ull * n) /* as n == opts.n && nbytes == 4u * n: opts.n < 2^30 */
        return false;
    bool at_point = st->cur && gor(st, st->cur)->state == SC_RUNNING;
    if (n != st->run.n + at_point)
        return false;
    const uint32_t *r = (const uint32_t *)st->run.p;
    for (uint32_t k = 0, i = 0; k < n; k++) {
        uint32_t want;
        if (at_point && (i == st->run.n || r[i] > st->cur)) {
            want = st->cur;
            at_point = false;
        } else {
            want = r[i++];
        }
        if (oracle__u32_at(ev->bytes, k) != want)
            return false;
    }
    return true;
}

static void check_sched_decision(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t n = (uint32_t)ev->b;
    if (!offers_expected(st, ev, n)) {
        expected_options(st);
        const uint32_t *want = (const uint32_t *)st->opts.p;
        char got[96], exp[96];
        list_text(got, sizeof got, ev->nbytes >= 4u * n ? ev->bytes : NULL, NULL,
                  ev->nbytes >= 4u * n ? n : 0);
        list_text(exp, sizeof exp, NULL, want, st->opts.n);
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH1: scheduling decision offers goroutines %s, but the runnable "
                          "ones%s are %s",
                          got, gor(st, st->cur)->state == SC_RUNNING ? " plus the running one" : "",
                          exp);
    }
    if (n < 2 || ev->c >= n || ev->nbytes < 4u * n) {
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH1: scheduling decision takes index %llu of %u options (needs >= 2 "
                          "options and index < nopts)",
                          (unsigned long long)ev->c, n);
        return;
    }
    uint32_t chosen = oracle__u32_at(ev->bytes, (size_t)ev->c);
    /* Keeping the running goroutine needs no switch; anything else does. */
    if (!(chosen == st->cur && gor(st, st->cur)->state == SC_RUNNING))
        st->want_run = chosen;
}

static void check_select_decision(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    sc_gor *g = gor(st, ev->g);
    uint32_t n = (uint32_t)ev->b;
    if (!g->sel_pending) {
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH1: select decision by g%u, which is not in a select", ev->g);
        return;
    }
    bool ok = n >= 2 && ev->c < n && ev->nbytes >= 4u * n;
    for (uint32_t i = 0; ok && i < n; i++) {
        uint32_t k = oracle__u32_at(ev->bytes, i);
        ok = k < g->sel_n && (i == 0 || k > oracle__u32_at(ev->bytes, i - 1));
    }
    if (!ok)
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH1: select decision of g%u offers %u cases (taken %llu) that are not "
                          "ascending case indexes below %u",
                          ev->g, n, (unsigned long long)ev->c, g->sel_n);
}

__attribute__((noinline)) static void decision_full(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (ev->g != st->cur)
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH3: decision emitted for g%u while g%u is the current goroutine",
                          ev->g, st->cur);
    if (ev->a == RT_DEC_SCHED)
        check_sched_decision(st, c, ev);
    else if (ev->a == RT_DEC_SELECT)
        check_select_decision(st, c, ev);
    else
        oracle__violation(c, ORC_SCHEDULER, ev, "SCH1: decision of unknown kind %llu",
                          (unsigned long long)ev->a);
}

/* The usual decision, right in every respect, takes the short way. */
static void on_decision(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t n = (uint32_t)ev->b;
    if (ev->g == st->cur && ev->a == RT_DEC_SCHED && n >= 2 && ev->c < n &&
        offers_expected(st, ev, n)) { /* also nbytes == 4n */
        uint32_t chosen = oracle__u32_at(ev->bytes, (size_t)ev->c);
        if (!(chosen == st->cur && gor(st, st->cur)->state == SC_RUNNING))
            st->want_run = chosen;
        return;
    }
    decision_full(st, c, ev);
}

/* ================================================================ SCH2 RUN */

static uint32_t count_runnable(const sc_state *st)
{
    return (uint32_t)st->run.n;
}

static void on_run(sc_state *st, oracle_ctx *c, const rt_event *ev, bool decided)
{
    sc_gor *g = gor(st, ev->g);
    if (!st->cur) { /* the first event: main starts */
        if (ev->g != 1)
            oracle__violation(c, ORC_SCHEDULER, ev, "SCH2: the execution starts with g%u, not g1",
                              ev->g);
        set_state(st, g, ev->g, SC_RUNNING);
        st->cur = ev->g;
        return;
    }
    if (g->state != SC_RUNNABLE)
        oracle__violation(
            c, ORC_SCHEDULER, ev,
            "SCH2: g%u runs but the model says it is %s (only runnable goroutines run)", ev->g,
            state_text(st, ev->g).s);
    sc_gor *prev = gor(st, st->cur);
    if (prev->state == SC_RUNNING && st->cur != ev->g) {
        if (!decided)
            oracle__violation(c, ORC_SCHEDULER, ev,
                              "SCH2: switch from running g%u to g%u without a decision", st->cur,
                              ev->g);
        set_state(st, prev, st->cur, SC_RUNNABLE);
    } else if (!decided && g->state == SC_RUNNABLE && count_runnable(st) != 1) {
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH2: g%u runs without a decision while %u goroutines are runnable",
                          ev->g, count_runnable(st));
    }
    set_state(st, g, ev->g, SC_RUNNING);
    st->cur = ev->g;
}

/* ================================================================ SCH3 / SCH4 */

/* Events that only a running goroutine makes about itself. */
static bool own_event(uint32_t kind)
{
    switch (kind) {
    case RT_EV_SEND:
    case RT_EV_RECV:
    case RT_EV_RUN:
    case RT_EV_READY:
    case RT_EV_DECISION:
    case RT_EV_CLOCK:
    case RT_EV_PRINT:
    case RT_EV_END:
        return false;
    default:
        return true;
    }
}

__attribute__((noinline, cold)) static void report_actor(sc_state *st, oracle_ctx *c,
                                                         const rt_event *ev)
{
    uint32_t k = ev->kind;
    if (own_event(k)) {
        if (ev->g != st->cur || gor(st, ev->g)->state != SC_RUNNING)
            oracle__violation(c, ORC_SCHEDULER, ev,
                              "SCH3: g%u emits %s while the model says it is %s (only the running "
                              "goroutine acts; g%u is current)",
                              ev->g, rt_event_name((rt_event_kind)k), state_text(st, ev->g).s,
                              st->cur);
        return;
    }
    if (k == RT_EV_SEND || k == RT_EV_RECV) {
        uint8_t s = gor(st, ev->g)->state;
        bool ok = (k == RT_EV_SEND && ev->g == 0) || s == SC_BLOCKED ||
                  (ev->g == st->cur && s == SC_RUNNING);
        if (!ok)
            oracle__violation(c, ORC_SCHEDULER, ev,
                              "SCH3: %s for g%u, which is %s: neither running nor blocked waiting "
                              "for it",
                              rt_event_name((rt_event_kind)k), ev->g, state_text(st, ev->g).s);
        return;
    }
    if ((k == RT_EV_CLOCK || k == RT_EV_PRINT || k == RT_EV_READY || k == RT_EV_END) &&
        ev->g != st->cur && ev->g != 0)
        oracle__violation(c, ORC_SCHEDULER, ev, "SCH3: %s from g%u while g%u is current",
                          rt_event_name((rt_event_kind)k), ev->g, st->cur);
}

/* The state of g without growing the table (none past its end). */
static inline uint8_t state_of(const sc_state *st, uint32_t g)
{
    return g < st->gors.n ? ((const sc_gor *)oracle__vec_at(&st->gors, g))->state : SC_NONE;
}

/* SCH3: who may emit ev. report_actor() reports what breaks it. */
static inline void check_actor(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t k = ev->kind;
    bool ok;
    if (own_event(k))
        ok = ev->g == st->cur && state_of(st, ev->g) == SC_RUNNING;
    else if (k == RT_EV_SEND || k == RT_EV_RECV)
        ok = (k == RT_EV_SEND && ev->g == 0) || state_of(st, ev->g) == SC_BLOCKED ||
             (ev->g == st->cur && state_of(st, ev->g) == SC_RUNNING);
    else
        ok = !((k == RT_EV_CLOCK || k == RT_EV_PRINT || k == RT_EV_READY || k == RT_EV_END) &&
               ev->g != st->cur && ev->g != 0);
    if (!ok)
        report_actor(st, c, ev);
}

static void on_ready(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t id = (uint32_t)ev->a;
    sc_gor *g = gor(st, id);
    if (g->state != SC_BLOCKED)
        oracle__violation(c, ORC_SCHEDULER, ev,
                          "SCH4: READY g%u but the model says it is %s, not blocked", id,
                          state_text(st, id).s);
    if (g->state != SC_RUNNING)
        set_state(st, g, id, SC_RUNNABLE);
}

static void on_go_create(sc_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t id = (uint32_t)ev->a;
    sc_gor *g = gor(st, id);
    if (g->state != SC_NONE || id == 0)
        oracle__violation(c, ORC_SCHEDULER, ev, "SCH4: GO_CREATE of g%u, which already exists", id);
    set_state(st, g, id, SC_RUNNABLE);
}

/* ================================================================ dispatch */

/* Every event: SCH3 judges who emits each one. */
static bool sched_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    if (st->ended)
        return false; /* events after END are program-end's concern */
    bool decided = false;
    if (st->want_run) {
        if (ev->kind == RT_EV_RUN && ev->g == st->want_run)
            decided = true;
        else
            oracle__violation(c, ORC_SCHEDULER, ev,
                              "SCH2: the decision took g%u, but the next event is %s g%u, not "
                              "run g%u",
                              st->want_run, rt_event_name((rt_event_kind)ev->kind), ev->g,
                              st->want_run);
        st->want_run = 0;
    }
    if (!st->cur && ev->kind != RT_EV_RUN) {
        oracle__violation(c, ORC_SCHEDULER, ev, "SCH2: the execution starts with %s, not run g1",
                          rt_event_name((rt_event_kind)ev->kind));
        st->cur = 1; /* go on as if main had started */
        set_state(st, gor(st, 1), 1, SC_RUNNING);
    }
    if (ev->kind != RT_EV_RUN && ev->kind != RT_EV_DECISION)
        check_actor(st, c, ev);
    sc_gor *g = gor(st, ev->g);
    switch (ev->kind) {
    case RT_EV_RUN:
        on_run(st, c, ev, decided);
        break;
    case RT_EV_DECISION:
        on_decision(st, c, ev);
        break;
    case RT_EV_GO_CREATE:
        on_go_create(st, c, ev);
        break;
    case RT_EV_BLOCK:
        set_state(st, g, ev->g, SC_BLOCKED);
        g->wait = (uint32_t)ev->a;
        break;
    case RT_EV_READY:
        on_ready(st, c, ev);
        break;
    case RT_EV_GO_END:
        set_state(st, g, ev->g, SC_DEAD);
        break;
    case RT_EV_SELECT_BEGIN:
        g->sel_pending = true;
        g->sel_n = (uint32_t)ev->b;
        break;
    case RT_EV_SELECT:
        g->sel_pending = false;
        break;
    case RT_EV_END:
        st->ended = true;
        break;
    default:
        break;
    }
    return false; /* it sees every kind anyway */
}

/* The handlers of each kind: when main has started, no decision waits for
 * its RUN and the program has not ended, sched_event does only the work
 * of the kind; else they call it. */
#define SC_QUIET_OR_FULL(st)                                                                       \
    do {                                                                                           \
        if (!(st)->cur || (st)->want_run || (st)->ended)                                           \
            return sched_event(st, c, ev);                                                         \
    } while (0)

/* Events whose only check is who emits them (SCH3). */
static bool q_actor(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    return false;
}

static bool q_run(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    on_run(st, c, ev, false);
    return false;
}

static bool q_decision(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    on_decision(st, c, ev);
    return false;
}

static bool q_go_create(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    on_go_create(st, c, ev);
    return false;
}

static bool q_block(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    sc_gor *g = gor(st, ev->g);
    set_state(st, g, ev->g, SC_BLOCKED);
    g->wait = (uint32_t)ev->a;
    return false;
}

static bool q_ready(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    on_ready(st, c, ev);
    return false;
}

static bool q_go_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    set_state(st, gor(st, ev->g), ev->g, SC_DEAD);
    return false;
}

static bool q_select_begin(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    sc_gor *g = gor(st, ev->g);
    g->sel_pending = true;
    g->sel_n = (uint32_t)ev->b;
    return false;
}

static bool q_select(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    gor(st, ev->g)->sel_pending = false;
    return false;
}

static bool q_end(void *p, oracle_ctx *c, const rt_event *ev)
{
    sc_state *st = p;
    SC_QUIET_OR_FULL(st);
    check_actor(st, c, ev);
    st->ended = true;
    return false;
}

static const oracle_handler sched_on[RT_EV__COUNT] = {
    [RT_EV_DECISION] = q_decision,
    [RT_EV_RUN] = q_run,
    [RT_EV_GO_CREATE] = q_go_create,
    [RT_EV_GO_END] = q_go_end,
    [RT_EV_BLOCK] = q_block,
    [RT_EV_READY] = q_ready,
    [RT_EV_FRAME_ENTER] = q_actor,
    [RT_EV_FRAME_EXIT] = q_actor,
    [RT_EV_DEFER_REG] = q_actor,
    [RT_EV_DEFER_CALL] = q_actor,
    [RT_EV_DEFER_RET] = q_actor,
    [RT_EV_PANIC] = q_actor,
    [RT_EV_RECOVER] = q_actor,
    [RT_EV_GOEXIT] = q_actor,
    [RT_EV_PANIC_ABORT] = q_actor,
    [RT_EV_CHAN_MAKE] = q_actor,
    [RT_EV_SEND] = q_actor,
    [RT_EV_RECV] = q_actor,
    [RT_EV_CLOSE] = q_actor,
    [RT_EV_SELECT] = q_select,
    [RT_EV_WG_ADD] = q_actor,
    [RT_EV_WG_WAIT] = q_actor,
    [RT_EV_LOCK] = q_actor,
    [RT_EV_UNLOCK] = q_actor,
    [RT_EV_ONCE] = q_actor,
    [RT_EV_SLEEP] = q_actor,
    [RT_EV_CLOCK] = q_actor,
    [RT_EV_PRINT] = q_actor,
    [RT_EV_END] = q_end,
    [RT_EV_CHAN_OP] = q_actor,
    [RT_EV_SELECT_BEGIN] = q_select_begin,
    [RT_EV_VAR_READ] = q_actor,
    [RT_EV_VAR_WRITE] = q_actor,
    [RT_EV_PANIC_TEXT] = q_actor,
};

/* ================================================================ lifecycle */

static void sched_reset(void *p)
{
    sc_state *st = p;
    if (!st->gors.elem) {
        oracle__vec_init(&st->gors, sizeof(sc_gor));
        oracle__vec_init(&st->opts, sizeof(uint32_t));
        oracle__vec_init(&st->run, sizeof(uint32_t));
    }
    oracle__vec_clear(&st->gors);
    oracle__vec_clear(&st->opts);
    oracle__vec_clear(&st->run);
    st->cur = 0;
    st->want_run = 0;
    st->ended = false;
}

static void sched_finish(void *p, oracle_ctx *c)
{
    sc_state *st = p;
    if (st->want_run)
        oracle__violation(c, ORC_SCHEDULER, NULL,
                          "SCH2: the last decision took g%u, which never ran", st->want_run);
}

static void sched_destroy(void *p)
{
    sc_state *st = p;
    oracle__vec_free(&st->gors);
    oracle__vec_free(&st->opts);
    oracle__vec_free(&st->run);
}

const oracle_checker oracle__scheduler = {
    .name = "scheduler",
    .state_size = sizeof(sc_state),
    .events = OI_EV_ALL,
    .findings = false,
    .reset = sched_reset,
    .event = sched_event,
    .on = sched_on,
    .finish = sched_finish,
    .destroy = sched_destroy,
};
