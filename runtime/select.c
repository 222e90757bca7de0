/* select.c - Go's select over send and receive cases, with default.
 *
 * Operands were evaluated by the caller (S1). Only ready cases may be
 * taken; when several are ready the choice source decides (S2); default
 * runs only when none is; nil channels are never ready (S3); a blocked
 * select waits on every channel and the first counterpart, or a close,
 * wakes it (S4). */
#include "rti.h"

#include <string.h>

static rt_value closed_send_error(void)
{
    rt_value v = rt_str("send on closed channel");
    v.kind = RT_V_RTERROR;
    return v;
}

/* Performs ready case k. */
static void do_case(rt_exec *x, rt_select_case *cs)
{
    if (cs->dir == RT_SEND) {
        rt__chan_do_send(x, cs->c, cs->val); /* panics when closed (S2) */
    } else {
        bool ok;
        cs->val = rt__chan_do_recv(x, cs->c, &ok);
        cs->ok = ok;
    }
}

static void emit_select(rt_exec *x, int k, size_t n, uint64_t mask)
{
    rt__emit(x, RT_EV_SELECT, (uint64_t)(int64_t)k, n, mask);
}

/* Announces the cases, so observers can judge readiness themselves. */
static void emit_begin(rt_exec *x, const rt_select_case *cases, size_t n, bool has_default)
{
    uint32_t small[32];
    uint32_t *b = n <= 16 ? small : rt__alloc(x, n * 2 * sizeof *b);
    for (size_t i = 0; i < n; i++) {
        b[2 * i] = (uint32_t)rt_chan_id(cases[i].c);
        b[2 * i + 1] = (uint32_t)cases[i].dir;
    }
    rt__emit_slow(x, RT_EV_SELECT_BEGIN, x->cur, 0, n, has_default, NULL, b, (uint32_t)(n * 8));
}

int rt_select(rt_select_case *cases, size_t n, bool has_default)
{
    rt_exec *x = rt__exec();
    rt__sched_point(x);
    if (RT_UNLIKELY(x->observing))
        emit_begin(x, cases, n, has_default);
    uint32_t small[16];
    uint32_t *ready = n <= 16 ? small : rt__alloc(x, n * sizeof *ready);
    uint32_t nready = 0;
    uint64_t mask = 0;
    for (size_t i = 0; i < n; i++) {
        if (rt__chan_ready(cases[i].c, cases[i].dir)) {
            ready[nready++] = (uint32_t)i;
            if (i < 64)
                mask |= 1ull << i;
        }
    }
#if RT_MUTANT == 8
    /* Mutant: default is taken even when a case is ready (breaks S2). */
    if (has_default) {
        emit_select(x, -1, n, mask);
        return -1;
    }
#endif
    if (nready > 0) {
        uint32_t t = nready == 1 ? 0 : rt__sched_choose(x, RT_DEC_SELECT, ready, nready, -1);
        int k = (int)ready[t];
        emit_select(x, k, n, mask);
        do_case(x, &cases[k]);
        return k;
    }
    if (has_default) {
        emit_select(x, -1, n, mask);
        return -1;
    }
    rt_g *g = x->cur;
    size_t live = 0;
    for (size_t i = 0; i < n; i++)
        live += cases[i].c != NULL;
    if (live == 0) {
        /* select {} or only nil channels: blocks forever (S3). Go parks the
         * first as "select (no cases)" and the second as "select". */
        rt__sched_block(x, n == 0 ? RT_WAIT_SELECT_EMPTY : RT_WAIT_SELECT, 0);
        rt_fatal("deferfuzz runtime: woke from an empty select");
    }
    rt_sudog *sds = rt__alloc(x, n * sizeof *sds);
    g->sel = sds;
    g->nsel = (uint32_t)n;
    g->sel_fired = -1;
    for (size_t i = 0; i < n; i++) {
        rt__list_init(&sds[i].link);
        sds[i].g = g;
        sds[i].case_index = (int32_t)i;
        if (!cases[i].c)
            continue;
        sds[i].val = cases[i].dir == RT_SEND ? cases[i].val : rt_nil();
        rt__chan_enqueue(cases[i].c, cases[i].dir, &sds[i]);
    }
    rt__sched_block(x, RT_WAIT_SELECT, 0);
    int k = g->sel_fired;
    g->sel = NULL;
    g->nsel = 0;
    g->sel_fired = -1;
    emit_select(x, k, n, 0);
    if (cases[k].dir == RT_SEND) {
        if (!sds[k].ok)
            rt_panic(closed_send_error()); /* S4: woken by close */
    } else {
        cases[k].val = sds[k].val;
        cases[k].ok = sds[k].ok;
    }
    return k;
}
