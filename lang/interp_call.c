/* interp_call.c - calls, closures, method values, defer and go.
 *
 * Every Go call is an rt_call frame, so that defers belong to the right
 * invocation (D5) and recover can tell whether it was called directly by a
 * deferred call (R1). The callee's slots live in the caller's C frame: a
 * recovery longjmps past the callee's C frames but returns normally from
 * rt_call, and the caller then reads the results as the deferred calls
 * left them (N1-N6).
 *
 * defer and go evaluate the function value, the receiver and the
 * arguments at the statement (D1-D3, D9, D10) into a packet that the
 * runtime copies; the trampoline runs the body directly in the frame the
 * runtime made for the deferred call (so a recover in it is "called
 * directly by a deferred function") or for the goroutine.
 */
#include <stddef.h>
#include <string.h>

#include "interp.h"

/* ================================================================ function values */

iv lang__call_funcval(const lang_func *fn)
{
    iclo *c = lang__interp_alloc(sizeof *c);
    c->fn = fn;
    iv v = {{0}, 0};
    v.u.p = c;
    return v;
}

iv lang__call_funclit(iframe *f, const lang_func *fn)
{
    iclo *c = lang__interp_alloc(sizeof *c);
    c->fn = fn;
    c->ncap = fn->ncaptures;
    if (c->ncap) {
        c->cells = lang__interp_alloc(sizeof *c->cells * c->ncap);
        for (uint32_t i = 0; i < c->ncap; i++) {
            const lang_capture *k = &fn->captures[i];
            /* Capture by reference: the closure shares the variable's cell. */
            c->cells[i] = k->from_upval ? f->clo->cells[k->index] : (iv *)f->slots[k->index].u.p;
        }
    }
    iv v = {{0}, 0};
    v.u.p = c;
    return v;
}

/* The receiver type of method m. */
static const lang_type *recv_type(const lang_func *m)
{
    return m->recv_var->type;
}

iv lang__call_method_value(iframe *f, const lang_expr *sel)
{
    const lang_func *m = sel->u.sel.method;
    /* The receiver is evaluated now: *p with a nil p panics here (D9), and
     * a value receiver is copied (D2). */
    iv recv = lang__val_copy(recv_type(m), lang__eval(f, sel->u.sel.x));
    iclo *c = lang__interp_alloc(sizeof *c);
    c->fn = m;
    c->has_recv = true;
    c->recv = recv;
    iv v = {{0}, 0};
    v.u.p = c;
    return v;
}

/* ================================================================ running a body */

void lang__call_run_body(interp *I, const lang_func *fn, const iclo *clo, iv *slots)
{
    iframe fr;
    memset(&fr, 0, sizeof fr);
    fr.I = I;
    fr.fn = fn;
    fr.slots = slots;
    fr.clo = clo;
    fr.site = rt_site();
    for (uint32_t i = 0; i < fn->nresults; i++)
        slots[fn->results[i]->index] = lang__val_zero(fn->results[i]->type);
    /* Receiver, parameters and results that closures capture (or whose
     * address is taken) move to cells shared with the closures. */
    for (uint32_t i = 0; i < fn->nslots; i++) {
        const lang_var *v = fn->slots[i];
        if (!v || v->kind == LANG_VAR_LOCAL || !lang__var_boxed(v))
            continue;
        iv x = slots[v->index];
        lang__var_declare(&fr, v, x);
    }
    ictl c = lang__exec_block(&fr, fn->body);
    lang__eval_release(&fr);
    if (c != CTL_RETURN && fn->end_site) {
        /* the closing brace: the implicit return, a statement point as an
         * explicit return is (other goroutines run between main's last
         * statement and the program's exit) */
        lang__interp_point(&fr, fn->end_site);
    }
}

/* Stores the receiver and arguments into a fresh frame's slots. The
 * arguments are private copies already (lang__call_args); the receiver is
 * copied here because a method value's bound receiver serves every call. */
static void bind(const lang_func *fn, bool has_recv, iv recv, const iv *args, uint32_t nargs,
                 iv *slots)
{
    if (fn->recv_var && has_recv)
        slots[fn->recv_var->index] = lang__val_copy(recv_type(fn), recv);
    for (uint32_t i = 0; i < fn->nparams && i < nargs; i++)
        slots[fn->params[i]->index] = args[i];
}

/* ================================================================ calls */

typedef struct callpkt {
    interp *I;
    const lang_func *fn;
    const iclo *clo;
    iv *slots;
} callpkt;

static void call_tramp(void *arg)
{
    callpkt *k = arg;
    lang__call_run_body(k->I, k->fn, k->clo, k->slots);
}

void lang__call_invoke(iframe *f, const icallee *c, const iv *args, uint32_t nargs, iv *res)
{
    const lang_func *fn = c->fn;
    if (!fn)
        rt_panic_nil_deref(); /* calling a nil func value */
    iv slots[fn->nslots + 1];
    memset(slots, 0, sizeof slots);
    bind(fn, c->has_recv, c->recv, args, nargs, slots);
    callpkt k = {f->I, fn, c->clo, slots};
    rt_call(call_tramp, &k);
    rt_set_site(f->site);
    if (!res)
        return;
    for (uint32_t i = 0; i < fn->nresults; i++) {
        const lang_var *v = fn->results[i];
        const iv *a = lang__var_boxed(v) ? (const iv *)slots[v->index].u.p : &slots[v->index];
        if (lang__acc_fn && lang__var_boxed(v))
            lang__acc(lang__acc_var(v, a), false);
        res[i] = *a;
    }
}

icallee lang__call_callee(iframe *f, const lang_expr *e)
{
    icallee c;
    memset(&c, 0, sizeof c);
    switch (e->u.call.ckind) {
    case LANG_CALL_FUNC:
        c.fn = e->u.call.callee;
        return c;
    case LANG_CALL_METHOD:
        c.fn = e->u.call.callee;
        c.has_recv = true;
        c.recv = lang__val_copy(recv_type(c.fn), lang__eval(f, e->u.call.recv));
        return c;
    case LANG_CALL_VALUE: {
        const iclo *clo = lang__eval(f, e->u.call.fun).u.p;
        if (clo) {
            c.fn = clo->fn;
            c.clo = clo;
            c.has_recv = clo->has_recv;
            c.recv = clo->recv;
        }
        return c;
    }
    default:
        rt_fatal("interpreter: not a function call");
    }
}

bool lang__call_spread(const lang_expr *e)
{
    if (e->u.call.spread)
        return true;
    return e->u.call.nargs == 1 && e->u.call.args[0]->type &&
           e->u.call.args[0]->type->kind == LANG_T_TUPLE;
}

uint32_t lang__call_nargs(const lang_expr *e)
{
    if (lang__call_spread(e))
        return e->u.call.args[0]->type->nresults;
    return e->u.call.nargs;
}

uint32_t lang__call_args(iframe *f, const lang_expr *e, const lang_type *fntype, iv *vals,
                         const lang_type **types)
{
    uint32_t n = lang__call_nargs(e);
    if (lang__call_spread(e)) {
        const lang_expr *g = e->u.call.args[0];
        lang__eval_multi(f, g, vals, n);
        for (uint32_t i = 0; i < n; i++)
            types[i] = g->type->results[i];
    } else {
        for (uint32_t i = 0; i < n; i++) {
            vals[i] = lang__eval(f, e->u.call.args[i]);
            types[i] = e->u.call.args[i]->type;
        }
    }
    const lang_type *ft = lang__val_under(fntype);
    for (uint32_t i = 0; i < n; i++) {
        const lang_type *pt =
            ft && ft->kind == LANG_T_FUNC && i < ft->nparams ? ft->params[i] : types[i];
        vals[i] = lang__val_convert(pt, types[i], vals[i]);
        types[i] = pt;
    }
    return n;
}

static const lang_type *callee_type(const lang_expr *e)
{
    if (e->u.call.ckind == LANG_CALL_FUNC || e->u.call.ckind == LANG_CALL_METHOD)
        return e->u.call.callee->type;
    return e->u.call.fun->type;
}

void lang__call_eval(iframe *f, const lang_expr *e, iv *res, uint32_t nres)
{
    switch (e->u.call.ckind) {
    case LANG_CALL_BUILTIN: {
        uint32_t n = lang__builtin_nargs(e);
        iv vals[n + 1];
        const lang_type *types[n + 1];
        iv out[2] = {{{0}, 0}, {{0}, 0}};
        n = lang__builtin_args(f, e, vals, types);
        lang__builtin_exec(f, e, e->u.call.builtin, vals, types, n, out);
        for (uint32_t i = 0; res && i < nres && i < 2; i++)
            res[i] = out[i];
        return;
    }
    case LANG_CALL_CONVERSION: {
        const lang_expr *x = e->u.call.args[0];
        iv v = lang__val_convert(e->type, x->type, lang__eval(f, x));
        if (res && nres)
            res[0] = v;
        return;
    }
    default:
        break;
    }
    icallee c = lang__call_callee(f, e);
    uint32_t n = lang__call_nargs(e);
    iv args[n + 1];
    const lang_type *types[n + 1];
    lang__call_args(f, e, callee_type(e), args, types);
    uint32_t nr = c.fn ? c.fn->nresults : 0;
    iv out[nr + 1];
    lang__call_invoke(f, &c, args, n, out);
    for (uint32_t i = 0; res && i < nres && i < nr; i++)
        res[i] = out[i];
}

/* ================================================================ defer and go */

/* A Go function call evaluated at a defer or go statement. */
typedef struct fnpkt {
    interp *I;
    const lang_func *fn;
    const iclo *clo;
    bool has_recv;
    iv recv;
    uint32_t nargs;
    iv args[];
} fnpkt;

/* Runs a deferred call or a goroutine body in the frame the runtime made. */
static void fn_tramp(void *arg)
{
    const fnpkt *k = arg;
    const lang_func *fn = k->fn;
    iv slots[fn->nslots + 1];
    memset(slots, 0, sizeof slots);
    bind(fn, k->has_recv, k->recv, k->args, k->nargs, slots);
    lang__call_run_body(k->I, fn, k->clo, slots);
}

/* A builtin (or package function, or sync method) evaluated at a defer or
 * go statement: defer close(c), defer wg.Done(), go fmt.Println(x). */
typedef struct bipkt {
    interp *I;
    const lang_expr *call;
    uint32_t nargs;
    iv args[];
    /* followed by nargs const lang_type * */
} bipkt;

static const lang_type **bipkt_types(const bipkt *k)
{
    return (const lang_type **)(void *)((char *)k + sizeof *k + sizeof(iv) * k->nargs);
}

static void builtin_tramp(void *arg)
{
    bipkt *k = arg;
    iframe fr;
    memset(&fr, 0, sizeof fr);
    fr.I = k->I;
    fr.site = rt_site();
    iv res[2];
    lang__builtin_exec(&fr, k->call, k->call->u.call.builtin, k->args,
                       (const lang_type *const *)bipkt_types(k), k->nargs, res);
}

/* What rt_defer copies and the trace records: no addresses (the trace
 * must be the same in every process), so the packet itself stays in
 * execution memory and the bytes hold its number, then one word per
 * argument (the value of an int or bool, the length of a string, whether
 * anything else is non-nil) for the argument-timing oracle to compare. */
typedef struct deferblob {
    uint32_t packet;
    uint32_t nargs;
    int64_t words[];
} deferblob;

static uint32_t packet_number(interp *I, void *pkt)
{
    if (I->ndeferred == I->capdeferred) {
        uint32_t cap = I->capdeferred ? I->capdeferred * 2 : 64;
        void **n = lang__interp_alloc(sizeof *n * cap);
        if (I->ndeferred)
            memcpy(n, I->deferred, sizeof *n * I->ndeferred);
        I->deferred = n;
        I->capdeferred = cap;
    }
    I->deferred[I->ndeferred] = pkt;
    return I->ndeferred++;
}

static int64_t arg_word(const lang_type *t, iv v)
{
    const lang_type *u = lang__val_under(t);
    switch (u ? u->kind : LANG_T_INVALID) {
    case LANG_T_INT:
    case LANG_T_INT64:
    case LANG_T_BOOL:
    case LANG_T_TIME:
        return v.u.i;
    case LANG_T_STRING:
        return v.n;
    case LANG_T_STRUCT:
        return u->nfields;
    default:
        return v.u.p != NULL;
    }
}

static void *deferred_packet(const void *arg)
{
    const deferblob *b = arg;
    return lang__cur->deferred[b->packet];
}

/* After a deferred call returns, other goroutines may run before the
 * next deferred call, the panic's end or the goroutine's exit, as on a
 * real machine: a deferred close(done) lets main print before the
 * panicking goroutine ends the program. With --preempt stmt that is a
 * scheduling point, as a statement is. */
static void after_deferred(void)
{
    if (lang__cur->preempt)
        rt_preempt_point();
}

static void defer_fn_tramp(void *arg)
{
    fn_tramp(deferred_packet(arg));
    after_deferred();
}

static void defer_builtin_tramp(void *arg)
{
    builtin_tramp(deferred_packet(arg));
    after_deferred();
}

/* Registers the deferred call whose packet (size bytes) is at pkt. */
static void defer_packet(interp *I, rt_fn tramp, const void *pkt, size_t size, const iv *args,
                         const lang_type *const *types, uint32_t n)
{
    void *copy = lang__interp_alloc(size);
    memcpy(copy, pkt, size);
    size_t bsize = sizeof(deferblob) + sizeof(int64_t) * n;
    max_align_t buf[bsize / sizeof(max_align_t) + 1];
    deferblob *b = (deferblob *)(void *)buf;
    b->packet = packet_number(I, copy);
    b->nargs = n;
    for (uint32_t i = 0; i < n; i++)
        b->words[i] = arg_word(types[i], args[i]);
    rt_defer(tramp, b, bsize);
}

/* Evaluates the call of a defer or go statement now and hands it to the
 * runtime. */
static void defer_or_go(iframe *f, const lang_expr *e, bool is_go)
{
    if (e->u.call.ckind == LANG_CALL_BUILTIN) {
        uint32_t n = lang__builtin_nargs(e);
        iv vals[n + 1];
        const lang_type *types[n + 1];
        n = lang__builtin_args(f, e, vals, types);
        /* The method value e.Error of a nil interface fails now (D9). */
        if (e->u.call.builtin == LANG_B_ERROR_ERROR && !vals[0].u.p)
            rt_panic_nil_deref();
        size_t size = sizeof(bipkt) + (sizeof(iv) + sizeof(lang_type *)) * n;
        max_align_t buf[size / sizeof(max_align_t) + 1];
        bipkt *k = (bipkt *)(void *)buf;
        memset(k, 0, size);
        k->I = f->I;
        k->call = e;
        k->nargs = n;
        for (uint32_t i = 0; i < n; i++) {
            k->args[i] = lang__val_copy(types[i], vals[i]);
            bipkt_types(k)[i] = types[i];
        }
        if (is_go)
            rt_go(builtin_tramp, k, size);
        else
            defer_packet(f->I, defer_builtin_tramp, k, size, k->args,
                         (const lang_type *const *)bipkt_types(k), n);
        return;
    }
    /* The function value and receiver first (D2, D3), then the arguments
     * (D1), left to right. */
    icallee c = lang__call_callee(f, e);
    uint32_t n = lang__call_nargs(e);
    iv args[n + 1];
    const lang_type *types[n + 1];
    lang__call_args(f, e, callee_type(e), args, types);
    if (!c.fn) {
        /* defer: panics when invoked (D8); go: fatal error (D10). */
        if (is_go)
            rt_go(NULL, NULL, 0);
        else
            rt_defer(NULL, NULL, 0);
        return;
    }
    size_t size = sizeof(fnpkt) + sizeof(iv) * n;
    max_align_t buf[size / sizeof(max_align_t) + 1];
    fnpkt *k = (fnpkt *)(void *)buf;
    memset(k, 0, size);
    k->I = f->I;
    k->fn = c.fn;
    k->clo = c.clo;
    k->has_recv = c.has_recv;
    k->recv = c.recv;
    k->nargs = n;
    for (uint32_t i = 0; i < n; i++)
        k->args[i] = args[i];
    if (is_go)
        rt_go(fn_tramp, k, size);
    else
        defer_packet(f->I, defer_fn_tramp, k, size, args, types, n);
}

void lang__call_defer(iframe *f, const lang_stmt *s)
{
    const lang_expr *e = s->u.godefer.call;
    while (e->kind == LANG_E_PAREN)
        e = e->u.paren.x;
    if (e->u.call.ckind == LANG_CALL_BUILTIN && e->u.call.builtin == LANG_B_RECOVER) {
        rt_defer_recover(); /* R2, R3 */
        return;
    }
    defer_or_go(f, e, false);
}

void lang__call_go(iframe *f, const lang_stmt *s)
{
    const lang_expr *e = s->u.godefer.call;
    while (e->kind == LANG_E_PAREN)
        e = e->u.paren.x;
    defer_or_go(f, e, true);
}

/* ================================================================ Once.Do, methods called by the
 * library */

void lang__call_closure_here(interp *I, const iclo *clo)
{
    if (!clo)
        rt_panic_nil_deref();
    const lang_func *fn = clo->fn;
    iv slots[fn->nslots + 1];
    memset(slots, 0, sizeof slots);
    bind(fn, clo->has_recv, clo->recv, NULL, 0, slots);
    lang__call_run_body(I, fn, clo, slots);
}

static bool string_method(const lang_func *m, const char *name)
{
    if (strcmp(m->name, name) != 0 || m->nparams != 0 || m->nresults != 1)
        return false;
    const lang_type *r = lang__val_under(m->results[0]->type);
    return r && r->kind == LANG_T_STRING;
}

static const lang_func *method_of(const lang_type *named, const char *name)
{
    if (!named || named->kind != LANG_T_NAMED || !named->decl)
        return NULL;
    const lang_typedecl *d = named->decl;
    for (uint32_t i = 0; i < d->nmethods; i++)
        if (string_method(d->methods[i], name))
            return d->methods[i];
    return NULL;
}

const lang_func *lang__call_find_method(const lang_type *t, const char *name, bool *deref)
{
    *deref = false;
    if (!t)
        return NULL;
    if (t->kind == LANG_T_POINTER) {
        const lang_func *m = method_of(t->elem, name);
        if (m)
            *deref = !m->ptr_recv;
        return m;
    }
    const lang_func *m = method_of(t, name);
    return m && !m->ptr_recv ? m : NULL; /* T's method set has value methods only */
}

typedef struct caught_call {
    interp *I;
    const lang_func *m;
    const lang_type *t;
    iv v, res;
    bool deref;
    void (*on_panic)(void *ctx, rt_value pv);
    void *ctx;
    int how;
    rt_value pv;
} caught_call;

/* The deferred call: if err := recover(); err != nil { ... }. */
static void catch_panic(void *arg)
{
    caught_call *c = *(caught_call *const *)arg;
    bool stopped = false;
    rt_value r = rt_recover2(&stopped);
    if (!stopped)
        return;
    if (r.kind == RT_V_NIL && !r.p) {
        c->how = 2;
        return;
    }
    c->how = 1;
    c->pv = r;
    if (c->on_panic)
        c->on_panic(c->ctx, r);
}

static void caught_body(void *arg)
{
    caught_call *c = arg;
    rt_defer_catch(catch_panic, &c, sizeof c);
    c->res = lang__call_string_method(c->I, c->m, c->t, c->v, c->deref);
}

iv lang__call_string_method_caught(interp *I, const lang_func *m, const lang_type *t, iv v,
                                   bool deref, void (*on_panic)(void *ctx, rt_value pv), void *ctx,
                                   int *how, rt_value *pv)
{
    uint32_t site = rt_site();
    caught_call c;
    memset(&c, 0, sizeof c);
    c.I = I;
    c.m = m;
    c.t = t;
    c.v = v;
    c.deref = deref;
    c.on_panic = on_panic;
    c.ctx = ctx;
    c.res = lang__val_str("", 0);
    c.pv = rt_nil();
    rt_call(caught_body, &c);
    rt_set_site(site);
    *how = c.how;
    *pv = c.pv;
    return c.res;
}

iv lang__call_string_method(interp *I, const lang_func *m, const lang_type *t, iv v, bool deref)
{
    (void)t;
    icallee c;
    memset(&c, 0, sizeof c);
    c.fn = m;
    c.has_recv = true;
    c.recv = v;
    if (deref) {
        if (!v.u.p)
            rt_panic_nil_deref();
        c.recv.u.p = v.u.p; /* the struct at the pointer; bind() copies it */
    }
    iframe fr;
    memset(&fr, 0, sizeof fr);
    fr.I = I;
    fr.site = rt_site();
    iv res[1] = {{{0}, 0}};
    lang__call_invoke(&fr, &c, NULL, 0, res);
    return res[0];
}
