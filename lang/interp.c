/* interp.c - lang_run(): one execution of a checked Go-subset program on
 * the runtime; the statement points (sites, preemption, budget) and the
 * execution's memory.
 *
 * Nothing here may call malloc once rt_run() has started: every byte comes
 * from rt_alloc() (see interp.h).
 */
#include <stdio.h>
#include <string.h>

#include "interp.h"

_Thread_local interp *lang__cur;
_Thread_local lang_access_fn lang__acc_fn;
_Thread_local void *lang__acc_ctx;

/* ================================================================ memory */

void *lang__interp_alloc(size_t n)
{
    return rt_alloc(n ? n : 1);
}

void lang__sb_init(isb *b, char *stack, size_t cap)
{
    b->p = stack;
    b->len = 0;
    b->cap = cap;
}

void lang__sb_put(isb *b, const char *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n)
            cap *= 2;
        char *p = lang__interp_alloc(cap);
        if (b->len)
            memcpy(p, b->p, b->len);
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
}

void lang__sb_puts(isb *b, const char *s)
{
    lang__sb_put(b, s, strlen(s));
}

void lang__sb_putc(isb *b, char c)
{
    lang__sb_put(b, &c, 1);
}

void lang__sb_int(isb *b, int64_t v)
{
    char tmp[24];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    lang__sb_put(b, tmp, (size_t)n);
}

iv lang__sb_string(isb *b)
{
    char *p = lang__interp_alloc(b->len + 1);
    memcpy(p, b->p, b->len);
    return lang__val_str(p, (int64_t)b->len);
}

/* ================================================================ access tracking */

uint64_t lang__acc_new_object(void)
{
    interp *I = lang__cur;
    uint32_t g = rt_goid();
    if (g >= I->acc_nserial) {
        uint32_t n = I->acc_nserial ? I->acc_nserial : 16;
        while (n <= g)
            n *= 2;
        uint32_t *p = lang__interp_alloc(sizeof *p * n);
        if (I->acc_nserial)
            memcpy(p, I->acc_serial, sizeof *p * I->acc_nserial);
        I->acc_serial = p;
        I->acc_nserial = n;
    }
    return ((uint64_t)g << 32) | ++I->acc_serial[g];
}

/* ================================================================ statement points */

/* The statement budget is spent (only with --preempt sync, where the
 * runtime's step budget does not see statements). The runtime has no call
 * that ends an execution as out of budget, so spend its step budget:
 * every scheduling point costs one step, and the runtime ends the
 * execution with RT_END_BUDGET when none is left. Other goroutines that
 * get to run meanwhile land here too at their next statement. */
static RT_NORETURN void budget_spent(void)
{
    for (;;)
        rt_preempt_point();
}

void lang__interp_point(iframe *f, uint32_t site)
{
    interp *I = f->I;
    f->site = site;
    rt_set_site(site);
    if (I->preempt)
        rt_preempt_point();
    else if (++I->stmts > I->budget)
        budget_spent();
}

/* ================================================================ globals */

void lang__interp_init_globals(iframe *f)
{
    interp *I = f->I;
    const lang_program *p = I->prog;
    for (uint32_t i = 0; i < p->nglobals; i++)
        I->globals[i] = lang__val_zero(p->globals[i]->type);
    /* Initialisers run in Go's order, dependencies first. */
    for (uint32_t k = 0; k < p->ninit; k++) {
        const lang_spec *sp = p->init_order[k];
        if (sp->nvalues == 1 && sp->nnames > 1) {
            iv vals[sp->nnames];
            lang__eval_multi(f, sp->values[0], vals, sp->nnames);
            const lang_type *tt = sp->values[0]->type;
            for (uint32_t j = 0; j < sp->nnames; j++) {
                const lang_var *v = sp->vars[j];
                if (!v)
                    continue;
                iv x = lang__val_convert(v->type, tt->results[j], vals[j]);
                lang__val_store(v->type, &I->globals[v->index], x);
                lang__acc(LANG_OBJ(LANG_OBJ_GLOBAL, v->index), true);
            }
            continue;
        }
        for (uint32_t j = 0; j < sp->nnames && j < sp->nvalues; j++) {
            const lang_var *v = sp->vars[j];
            if (!v) {
                (void)lang__eval(f, sp->values[j]);
                continue;
            }
            iv x = lang__eval_to(f, sp->values[j], v->type);
            lang__val_store(v->type, &I->globals[v->index], x);
            /* an initialiser may have started goroutines */
            lang__acc(LANG_OBJ(LANG_OBJ_GLOBAL, v->index), true);
        }
    }
}

/* ================================================================ main */

/* Go's main goroutine: package initialisation, then main.main. Runs in the
 * frame the runtime made for main. */
static void main_tramp(void *arg)
{
    interp *I = arg;
    const lang_func *fn = I->prog->main;
    I->globals = lang__interp_alloc(sizeof(iv) * (I->prog->nglobals + 1));
    iv slots[fn->nslots + 1];
    memset(slots, 0, sizeof slots);
    if (I->prog->ninit || I->prog->nglobals) {
        iframe init;
        memset(&init, 0, sizeof init);
        init.I = I;
        init.fn = fn;
        init.slots = slots;
        lang__interp_init_globals(&init);
    }
    lang__call_run_body(I, fn, NULL, slots);
}

lang_run_opts lang_run_opts_default(void)
{
    lang_run_opts o;
    memset(&o, 0, sizeof o);
    o.version = LANG_GO122;
    o.preempt_stmt = true;
    return o;
}

/* Goroutine stacks: big enough that the runtime's frame depth limit
 * (max_depth, default 1000 Go calls) ends a deep recursion before the C
 * stack does, whatever the build, so that "stack overflow" happens at the
 * same call everywhere. A Go call costs about 1.5 KB of C stack (more in
 * debug and sanitizer builds). Untouched pages cost nothing. */
#if defined(__SANITIZE_ADDRESS__)
#define INTERP_STACK_SIZE (16u << 20)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INTERP_STACK_SIZE (16u << 20)
#endif
#endif
#ifndef INTERP_STACK_SIZE
#define INTERP_STACK_SIZE (4u << 20)
#endif

int lang_run(const lang_program *p, const lang_run_opts *o, rt_result *out)
{
    if (!p || !out || !p->checked || !p->main)
        return RT_EINVAL;
    interp I;
    memset(&I, 0, sizeof I);
    I.prog = p;
    I.o = o ? *o : lang_run_opts_default();
    I.go122 = I.o.version == LANG_GO122;
    I.preempt = I.o.preempt_stmt;
    I.budget = I.o.max_steps ? I.o.max_steps : RT_DEFAULT_MAX_STEPS;

    rt_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.chooser = I.o.chooser;
    cfg.max_steps = I.o.max_steps;
    cfg.trace = I.o.trace;
    cfg.observers = I.o.observers;
    cfg.nobservers = I.o.nobservers;
    cfg.stack_size = I.o.stack_size ? I.o.stack_size : INTERP_STACK_SIZE;
    cfg.max_depth = I.o.max_depth;
    cfg.max_output = I.o.max_output;
    cfg.lang = I.go122 ? RT_LANG_GO122 : RT_LANG_GO119;
    cfg.preprint = lang__val_preprint;
    cfg.preprint_ctx = &I;
    lang__cur = &I;
    lang__acc_fn = I.o.on_access;
    lang__acc_ctx = I.o.access_ctx;
    int rc = rt_run(&cfg, main_tramp, &I, out);
    lang__cur = NULL;
    lang__acc_fn = NULL;
    lang__acc_ctx = NULL;
    return rc;
}
