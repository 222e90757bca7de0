/* interp_expr.c - variables and expressions: reads and writes of
 * variables (with the argument-timing notes for captured ones), gc's
 * evaluation order (calls hoisted before variable reads, see interp.h),
 * operators with Go's run-time errors, addresses, and assignable
 * locations.
 */
#include <string.h>

#include "interp.h"

/* ================================================================ variables */

bool lang__var_boxed(const lang_var *v)
{
    return v->captured || v->addressed;
}

/* The oracle compares values, so only kinds whose rt_value is the value
 * itself are reported. */
static bool notable(const lang_var *v)
{
    if (!v || !v->captured || v->kind == LANG_VAR_GLOBAL)
        return false;
    const lang_type *u = lang__val_under(v->type);
    return u && (u->kind == LANG_T_INT || u->kind == LANG_T_INT64 || u->kind == LANG_T_BOOL ||
                 u->kind == LANG_T_STRING);
}

/* A variable cell: the value, then the instance number (for the oracle)
 * and the object number (for access tracking). */
typedef struct icell {
    iv v;
    uint64_t instance;
    uint64_t acc;
} icell;

iv *lang__var_cell(interp *I, iv x)
{
    icell *c = lang__interp_alloc(sizeof *c);
    c->v = x;
    c->instance = ++I->ncells;
    if (lang__acc_fn)
        c->acc = lang__acc_new_object();
    return &c->v;
}

uint64_t lang__acc_var(const lang_var *v, const iv *addr)
{
    if (!v)
        return 0;
    if (v->kind == LANG_VAR_GLOBAL)
        return LANG_OBJ(LANG_OBJ_GLOBAL, v->index);
    if (!lang__var_boxed(v) || !addr)
        return 0;
    const icell *c = (const icell *)(const void *)addr;
    return LANG_OBJ(LANG_OBJ_CELL, c->acc);
}

static uint64_t note_id(const lang_var *v, const iv *addr)
{
    const icell *c = (const icell *)(const void *)addr;
    return (c->instance << 32) | v->id;
}

void lang__var_note_read(const lang_var *v, const iv *addr, iv x)
{
    if (notable(v))
        rt_note_read(note_id(v, addr), lang__val_to_rt(v->type, x));
}

void lang__var_note_write(const lang_var *v, const iv *addr, iv x)
{
    if (notable(v))
        rt_note_write(note_id(v, addr), lang__val_to_rt(v->type, x));
}

iv *lang__var_addr(iframe *f, const lang_ref *r)
{
    switch (r->kind) {
    case LANG_REF_LOCAL: {
        iv *s = &f->slots[r->index];
        return lang__var_boxed(r->var) ? (iv *)s->u.p : s;
    }
    case LANG_REF_UPVAL:
        return f->clo->cells[r->index];
    case LANG_REF_GLOBAL:
        return &f->I->globals[r->index];
    default:
        rt_fatal("interpreter: not a variable");
    }
}

void lang__var_declare(iframe *f, const lang_var *v, iv x)
{
    iv *s = &f->slots[v->index];
    if (lang__var_boxed(v)) {
        iv *cell = lang__var_cell(f->I, x);
        s->u.p = cell;
        s->n = 0;
        lang__var_note_write(v, cell, x);
    } else {
        *s = x;
    }
}

/* ================================================================ helpers */

static iv constant(const lang_expr *e)
{
    iv v = {{0}, 0};
    switch (e->cval.kind) {
    case LANG_C_INT:
    case LANG_C_BOOL:
        v.u.i = e->cval.i;
        break;
    case LANG_C_STRING:
        v.u.s = e->cval.s;
        v.n = e->cval.n;
        break;
    default:
        break;
    }
    return v;
}

static const lang_expr *unparen(const lang_expr *e)
{
    while (e->kind == LANG_E_PAREN)
        e = e->u.paren.x;
    return e;
}

iv *lang__eval_deref(iv p)
{
    if (!p.u.p)
        rt_panic_nil_deref();
    return p.u.p;
}

static const lang_type *chan_elem(const lang_type *t)
{
    return lang__val_under(t)->elem;
}

/* ================================================================ operators */

static RT_NORETURN void divide_by_zero(void)
{
    rt_panic_rterror("runtime error: integer divide by zero");
}

static iv int_binary(lang_op op, int64_t x, int64_t y)
{
    uint64_t a = (uint64_t)x, b = (uint64_t)y;
    int64_t r = 0;
    switch (op) {
    case LANG_OP_ADD:
        r = (int64_t)(a + b);
        break;
    case LANG_OP_SUB:
        r = (int64_t)(a - b);
        break;
    case LANG_OP_MUL:
        r = (int64_t)(a * b);
        break;
    case LANG_OP_DIV:
        if (y == 0)
            divide_by_zero();
        r = y == -1 ? (int64_t)(0 - a) : x / y; /* MinInt64 / -1 wraps, as in Go */
        break;
    case LANG_OP_REM:
        if (y == 0)
            divide_by_zero();
        r = y == -1 ? 0 : x % y;
        break;
    case LANG_OP_AND:
        r = x & y;
        break;
    case LANG_OP_OR:
        r = x | y;
        break;
    case LANG_OP_XOR:
        r = x ^ y;
        break;
    case LANG_OP_ANDNOT:
        r = x & ~y;
        break;
    case LANG_OP_SHL:
    case LANG_OP_SHR:
        if (y < 0)
            rt_panic_rterror("runtime error: negative shift amount");
        if (op == LANG_OP_SHL)
            r = y >= 64 ? 0 : (int64_t)(a << y);
        else
            r = y >= 64 ? (x < 0 ? -1 : 0) : (x >> y);
        break;
    default:
        rt_fatal("interpreter: bad integer operator");
    }
    return lang__val_int(r);
}

static int str_compare(iv a, iv b)
{
    int64_t n = a.n < b.n ? a.n : b.n;
    int c = n ? memcmp(a.u.s, b.u.s, (size_t)n) : 0;
    if (c)
        return c;
    return a.n < b.n ? -1 : a.n > b.n;
}

/* a + b. Strings are immutable and execution memory is never freed, so
 * s += "x" in a loop would cost O(n^2) bytes. Instead the result of a
 * concatenation gets room to grow, and a later a + b whose a is exactly
 * the bytes used so far of such a buffer appends in place: the strings
 * already handed out see only their own length of it. */
static iv str_concat(interp *I, iv a, iv b)
{
    if (a.n == 0)
        return b;
    if (b.n == 0)
        return a;
    size_t n = (size_t)a.n + (size_t)b.n;
    if (n > LANG_MAX_STRING)
        rt_fatal("runtime: out of memory");
    for (uint32_t k = 0; k < 4; k++) {
        struct istrbuf *sb = &I->strbufs[k];
        if (sb->p && a.u.s == sb->p && (size_t)a.n == sb->used && n <= sb->cap) {
            memcpy(sb->p + a.n, b.u.s, (size_t)b.n);
            sb->used = n;
            return lang__val_str(sb->p, (int64_t)n);
        }
    }
    size_t cap = n < 32 ? 32 : 2 * n;
    char *p = lang__interp_alloc(cap);
    memcpy(p, a.u.s, (size_t)a.n);
    memcpy(p + a.n, b.u.s, (size_t)b.n);
    struct istrbuf *sb = &I->strbufs[I->strbuf_next++ % 4];
    sb->p = p;
    sb->cap = cap;
    sb->used = n;
    return lang__val_str(p, (int64_t)n);
}

static bool is_nil_type(const lang_type *t)
{
    return !t || t->kind == LANG_T_UNTYPED_NIL;
}

/* x == y with Go's rules for mixed operands: nil against anything
 * nil-able, and a non-interface operand against an interface (it is
 * converted to the interface first). */
bool lang__eval_equal(const lang_type *tx, iv x, const lang_type *ty, iv y)
{
    if (is_nil_type(ty))
        return is_nil_type(tx) || x.u.p == NULL;
    if (is_nil_type(tx))
        return y.u.p == NULL;
    bool ix = lang__val_is_iface(tx), iy = lang__val_is_iface(ty);
    if (ix != iy) {
        if (ix)
            y = lang__val_convert(tx, ty, y);
        else
            x = lang__val_convert(ty, tx, x);
        return lang__val_equal(ix ? tx : ty, x, y);
    }
    return lang__val_equal(tx, x, y);
}

iv lang__eval_binop(interp *I, lang_op op, const lang_type *t, iv x, iv y)
{
    const lang_type *u = lang__val_under(t);
    bool str = u && (u->kind == LANG_T_STRING || u->kind == LANG_T_UNTYPED_STRING);
    int c;
    switch (op) {
    case LANG_OP_LT:
    case LANG_OP_LE:
    case LANG_OP_GT:
    case LANG_OP_GE:
        c = str ? str_compare(x, y) : (x.u.i < y.u.i ? -1 : x.u.i > y.u.i);
        return lang__val_int(op == LANG_OP_LT   ? c < 0
                             : op == LANG_OP_LE ? c <= 0
                             : op == LANG_OP_GT ? c > 0
                                                : c >= 0);
    case LANG_OP_ADD:
        if (str)
            return str_concat(I, x, y);
        return int_binary(op, x.u.i, y.u.i);
    default:
        return int_binary(op, x.u.i, y.u.i);
    }
}

static LANG_NOINLINE iv eval_binary(iframe *f, const lang_expr *e)
{
    lang_op op = e->u.binary.op;
    const lang_expr *ex = e->u.binary.x, *ey = e->u.binary.y;
    if (op == LANG_OP_LAND || op == LANG_OP_LOR) {
        /* gc: r = x; if r (or !r) { r = y }, each with its own hoisting. */
        bool x = lang__eval_rooted(f, ex).u.i != 0;
        if (op == LANG_OP_LAND ? !x : x)
            return lang__val_int(x);
        return lang__val_int(lang__eval_rooted(f, ey).u.i != 0);
    }
    iv x = lang__eval(f, ex);
    iv y = lang__eval(f, ey);
    if (op == LANG_OP_EQ || op == LANG_OP_NE) {
        bool eq = lang__eval_equal(ex->type, x, ey->type, y);
        return lang__val_int(op == LANG_OP_EQ ? eq : !eq);
    }
    return lang__eval_binop(f->I, op, ex->type, x, y);
}

/* &x: the storage of a struct, or the cell of a sync value. */
static iv address_of(iframe *f, const lang_expr *x)
{
    x = unparen(x);
    iv r = {{0}, 0};
    if (lang__val_is_struct(x->type)) {
        r.u.p = lang__eval(f, x).u.p;
        return r;
    }
    ilval l = lang__eval_lval(f, x);
    if (l.nil_deref)
        rt_panic_nil_deref();
    r.u.p = l.addr;
    return r;
}

static LANG_NOINLINE iv eval_unary(iframe *f, const lang_expr *e)
{
    const lang_expr *x = e->u.unary.x;
    switch (e->u.unary.op) {
    case LANG_OP_AND:
        return address_of(f, x);
    case LANG_OP_RECV: {
        iv c = lang__eval(f, x);
        rt_value v = rt_chan_recv(c.u.p, NULL);
        return lang__val_from_rt(chan_elem(x->type), v);
    }
    default:
        break;
    }
    iv v = lang__eval(f, x);
    switch (e->u.unary.op) {
    case LANG_OP_ADD:
        return v;
    case LANG_OP_SUB:
        return lang__val_int((int64_t)(0 - (uint64_t)v.u.i));
    case LANG_OP_XOR:
        return lang__val_int(~v.u.i);
    case LANG_OP_NOT:
        return lang__val_int(!v.u.i);
    default:
        rt_fatal("interpreter: bad unary operator");
    }
}

/* ================================================================ gc's order */

void lang__eval_scope(iframe *f)
{
    f->nhz = 0;
}

static bool hoisted(iframe *f, const lang_expr *e, iv *out)
{
    for (uint32_t i = f->nhz; i-- > 0;)
        if (f->hz->e[i].e == e) {
            *out = f->hz->e[i].v;
            return true;
        }
    return false;
}

static ihoist_block *hoist_block(interp *I, uint32_t cap)
{
    ihoist_block **pp = &I->hz_free;
    for (; *pp; pp = &(*pp)->next)
        if ((*pp)->cap >= cap) {
            ihoist_block *b = *pp;
            *pp = b->next;
            return b;
        }
    ihoist_block *b = lang__interp_alloc(sizeof *b + sizeof(ihoist) * cap);
    b->cap = cap;
    return b;
}

void lang__eval_release(iframe *f)
{
    if (f->hz) {
        f->hz->next = f->I->hz_free;
        f->I->hz_free = f->hz;
        f->hz = NULL;
        f->nhz = 0;
    }
}

static void hoist_push(iframe *f, const lang_expr *e, iv v)
{
    if (!f->hz || f->nhz == f->hz->cap) {
        ihoist_block *b = hoist_block(f->I, f->hz ? f->hz->cap * 2 : 8);
        if (f->hz) {
            memcpy(b->e, f->hz->e, sizeof(ihoist) * f->nhz);
            f->hz->next = f->I->hz_free;
            f->I->hz_free = f->hz;
        }
        f->hz = b;
    }
    f->hz->e[f->nhz].e = e;
    f->hz->e[f->nhz].v = v;
    f->nhz++;
}

static bool addressable(const lang_expr *e)
{
    e = unparen(e);
    switch (e->kind) {
    case LANG_E_IDENT:
        return e->u.ident.ref.kind == LANG_REF_LOCAL || e->u.ident.ref.kind == LANG_REF_UPVAL ||
               e->u.ident.ref.kind == LANG_REF_GLOBAL;
    case LANG_E_STAR:
        return true;
    case LANG_E_SELECTOR:
        return e->u.sel.skind == LANG_SEL_FIELD && addressable(e->u.sel.x);
    default:
        return false;
    }
}

/* Whether gc's conversion of a value of type t to an interface takes the
 * value's address (convTnoptr/convT), which makes order.go copy a
 * non-addressable operand into a temporary early: bool, and structs
 * other than one 8-byte pointer-free word or one string. */
static bool conv_needs_addr(const lang_type *t)
{
    const lang_type *u = lang__val_under(t);
    if (!u)
        return false;
    if (u->kind == LANG_T_BOOL)
        return true;
    if (u->kind != LANG_T_STRUCT)
        return false;
    if (u->nfields != 1)
        return true;
    const lang_type *fu = lang__val_under(u->fields[0].type);
    if (fu->kind == LANG_T_INT || fu->kind == LANG_T_INT64 || fu->kind == LANG_T_STRING)
        return false;
    return fu->kind == LANG_T_STRUCT ? conv_needs_addr(u->fields[0].type) : true;
}

static void hoist_children(iframe *f, const lang_expr *e);

static void hoist_node(iframe *f, const lang_expr *e)
{
    if (!e || e->mode == LANG_MODE_CONST || e->mode == LANG_MODE_TYPE)
        return;
    if (lang__expr_hoistable(e)) {
        hoist_children(f, e);
        iv v = lang__eval(f, e);
        hoist_push(f, e, v);
        return;
    }
    hoist_children(f, e);
}

/* An argument converted to an interface parameter. */
static void hoist_iface_arg(iframe *f, const lang_expr *a, const lang_type *param)
{
    if (!lang__val_is_iface(param) || lang__val_is_iface(a->type) || a->mode == LANG_MODE_CONST ||
        lang__expr_hoistable(a) || addressable(a) || !conv_needs_addr(a->type)) {
        hoist_node(f, a);
        return;
    }
    hoist_children(f, a);
    hoist_push(f, a, lang__eval(f, a));
}

static bool builtin_iface_args(lang_builtin b)
{
    return b >= LANG_B_FMT_PRINTLN && b <= LANG_B_FMT_ERRORF;
}

static void hoist_call(iframe *f, const lang_expr *e)
{
    const lang_expr *const *args = (const lang_expr *const *)e->u.call.args;
    uint32_t n = e->u.call.nargs;
    switch (e->u.call.ckind) {
    case LANG_CALL_CONVERSION:
        if (n)
            hoist_node(f, args[0]);
        return;
    case LANG_CALL_VALUE:
        hoist_node(f, e->u.call.fun);
        break;
    case LANG_CALL_METHOD:
    case LANG_CALL_BUILTIN:
        hoist_node(f, e->u.call.recv);
        break;
    default:
        break;
    }
    if (lang__call_spread(e)) {
        hoist_children(f, args[0]); /* f(g()): g is the whole argument list */
        return;
    }
    const lang_type *ft = NULL;
    if (e->u.call.ckind != LANG_CALL_BUILTIN) {
        ft = lang__val_under(e->u.call.fun->type);
        if (ft && ft->kind != LANG_T_FUNC)
            ft = NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (e->u.call.ckind == LANG_CALL_BUILTIN) {
            lang_builtin b = e->u.call.builtin;
            if ((b == LANG_B_MAKE || b == LANG_B_NEW) && i == 0)
                continue;
            if (builtin_iface_args(b) &&
                !(i == 0 &&
                  (b == LANG_B_FMT_PRINTF || b == LANG_B_FMT_SPRINTF || b == LANG_B_FMT_ERRORF))) {
                static const lang_type any = {.kind = LANG_T_ANY};
                hoist_iface_arg(f, args[i], &any);
                continue;
            }
            hoist_node(f, args[i]);
        } else if (ft && i < ft->nparams) {
            hoist_iface_arg(f, args[i], ft->params[i]);
        } else {
            hoist_node(f, args[i]);
        }
    }
}

static void hoist_children(iframe *f, const lang_expr *e)
{
    switch (e->kind) {
    case LANG_E_PAREN:
        hoist_node(f, e->u.paren.x);
        return;
    case LANG_E_CALL:
        hoist_call(f, e);
        return;
    case LANG_E_UNARY:
        hoist_node(f, e->u.unary.x);
        return;
    case LANG_E_STAR:
        hoist_node(f, e->u.star.x);
        return;
    case LANG_E_BINARY:
        if (e->u.binary.op == LANG_OP_LAND || e->u.binary.op == LANG_OP_LOR)
            return; /* its operands are scoped when it is evaluated */
        hoist_node(f, e->u.binary.x);
        hoist_node(f, e->u.binary.y);
        return;
    case LANG_E_SELECTOR:
        if (e->u.sel.skind == LANG_SEL_FIELD || e->u.sel.skind == LANG_SEL_METHOD_VALUE)
            hoist_node(f, e->u.sel.x);
        return;
    case LANG_E_COMPOSITE:
        /* Elements in source order (the checked fields are in field order). */
        for (uint32_t i = 0; i < e->u.comp.nelts; i++) {
            const lang_expr *x = e->u.comp.elts[i];
            hoist_node(f, x->kind == LANG_E_KEYVALUE ? x->u.kv.value : x);
        }
        return;
    default:
        return;
    }
}

/* Most statements hoist nothing (x := a + b, ch <- v, i++): the checker's
 * last pass marks those (hz_memo, set by finalize_expr in check.c), and
 * their walk is skipped. */
void lang__eval_hoist(iframe *f, const lang_expr *e)
{
    if (e && e->mode != LANG_MODE_CONST && e->hz_memo != 1)
        hoist_children(f, e);
}

iv lang__eval_rooted(iframe *f, const lang_expr *e)
{
    lang__eval_hoist(f, e);
    return lang__eval(f, e);
}

/* ================================================================ expressions */

static iv eval_ident(iframe *f, const lang_expr *e)
{
    const lang_ref *r = &e->u.ident.ref;
    switch (r->kind) {
    case LANG_REF_LOCAL:
    case LANG_REF_UPVAL:
    case LANG_REF_GLOBAL: {
        const iv *a = lang__var_addr(f, r);
        iv v = *a;
        if (lang__acc_fn) {
            uint64_t obj = lang__acc_var(r->var, a);
            if (obj)
                lang__acc(obj, false);
        }
        lang__var_note_read(r->var, a, v);
        return v;
    }
    case LANG_REF_FUNC:
        return lang__call_funcval(r->fn);
    case LANG_REF_NIL:
        return lang__val_zero(e->type);
    case LANG_REF_CONST:
        return constant(e);
    default:
        rt_fatal("interpreter: identifier is not a value");
    }
}

static LANG_NOINLINE iv eval_composite(iframe *f, const lang_expr *e)
{
    const lang_type *u = lang__val_under(e->type);
    iv r = lang__val_zero(e->type);
    iv *st = r.u.p;
    for (uint32_t i = 0; i < u->nfields && i < e->u.comp.nfields; i++) {
        const lang_expr *x = e->u.comp.fields[i];
        if (x)
            st[i] = lang__eval_to(f, x, u->fields[i].type);
    }
    return r;
}

static LANG_NOINLINE iv eval_selector(iframe *f, const lang_expr *e)
{
    switch (e->u.sel.skind) {
    case LANG_SEL_FIELD: {
        iv s = lang__eval(f, e->u.sel.x);
        const iv *st = lang__eval_deref(s);
        if (lang__acc_fn)
            lang__acc(lang__acc_field(st, e->u.sel.field), false);
        return st[e->u.sel.field];
    }
    case LANG_SEL_METHOD_VALUE:
        return lang__call_method_value(f, e);
    case LANG_SEL_PKG:
        if (e->mode == LANG_MODE_CONST)
            return constant(e);
        break;
    default:
        break;
    }
    rt_fatal("interpreter: unsupported selector");
}

iv lang__eval(iframe *f, const lang_expr *e)
{
    if (e->mode == LANG_MODE_CONST)
        return constant(e);
    iv h;
    if (f->nhz && e->kind != LANG_E_IDENT && hoisted(f, e, &h))
        return h;
    switch (e->kind) {
    case LANG_E_IDENT:
        return eval_ident(f, e);
    case LANG_E_PAREN:
        return lang__eval(f, e->u.paren.x);
    case LANG_E_FUNC_LIT:
        return lang__call_funclit(f, e->u.funclit.fn);
    case LANG_E_COMPOSITE:
        return eval_composite(f, e);
    case LANG_E_SELECTOR:
        return eval_selector(f, e);
    case LANG_E_CALL: {
        iv r = {{0}, 0};
        lang__call_eval(f, e, &r, 1);
        return r;
    }
    case LANG_E_UNARY:
        return eval_unary(f, e);
    case LANG_E_STAR: {
        iv p = lang__eval(f, e->u.star.x);
        iv *st = lang__eval_deref(p);
        if (lang__val_is_struct(e->type))
            return p; /* the struct's storage is what p points to */
        if (lang__acc_fn)
            lang__acc(LANG_OBJ(LANG_OBJ_SYNC, 0), false); /* *p of a sync value */
        return *st;
    }
    case LANG_E_BINARY:
        return eval_binary(f, e);
    default:
        rt_fatal("interpreter: unsupported expression");
    }
}

void lang__eval_multi(iframe *f, const lang_expr *e, iv *out, uint32_t n)
{
    e = unparen(e);
    if (e->kind == LANG_E_UNARY && e->u.unary.op == LANG_OP_RECV) {
        /* v, ok := <-c */
        iv c = lang__eval(f, e->u.unary.x);
        bool ok = false;
        rt_value v = rt_chan_recv(c.u.p, &ok);
        out[0] = lang__val_from_rt(chan_elem(e->u.unary.x->type), v);
        if (n > 1)
            out[1] = lang__val_int(ok);
        return;
    }
    lang__call_eval(f, e, out, n);
}

iv lang__eval_to(iframe *f, const lang_expr *e, const lang_type *t)
{
    iv v = lang__eval(f, e);
    return lang__val_convert(t, e->type, v);
}

/* ================================================================ locations */

ilval lang__eval_lval(iframe *f, const lang_expr *e)
{
    ilval l;
    memset(&l, 0, sizeof l);
    e = unparen(e);
    l.t = e->type;
    switch (e->kind) {
    case LANG_E_IDENT:
        if (e->u.ident.ref.kind == LANG_REF_BLANK) {
            l.blank = true;
            return l;
        }
        l.addr = lang__var_addr(f, &e->u.ident.ref);
        l.var = e->u.ident.ref.var;
        if (lang__acc_fn)
            l.obj = lang__acc_var(l.var, l.addr);
        return l;
    case LANG_E_SELECTOR: {
        if (e->u.sel.skind != LANG_SEL_FIELD)
            break;
        const lang_expr *x = unparen(e->u.sel.x);
        iv *st;
        if (x->kind == LANG_E_STAR) {
            /* p.f: p is evaluated now, the nil check waits for the store. */
            iv p = lang__eval(f, x->u.star.x);
            if (!p.u.p) {
                l.nil_deref = true;
                return l;
            }
            st = p.u.p;
        } else {
            ilval base = lang__eval_lval(f, x);
            if (base.nil_deref) {
                l.nil_deref = true;
                return l;
            }
            if (base.obj) /* reads the slot that holds the struct's storage */
                lang__acc(base.obj, false);
            st = base.addr->u.p;
        }
        l.addr = &st[e->u.sel.field];
        if (lang__acc_fn)
            l.obj = lang__acc_field(st, e->u.sel.field);
        return l;
    }
    case LANG_E_STAR: {
        iv p = lang__eval(f, e->u.star.x);
        if (!p.u.p) {
            l.nil_deref = true;
            return l;
        }
        if (lang__val_is_struct(e->type)) {
            /* A location whose value is the struct at p: stores copy into
             * that storage. */
            iv *cell = lang__interp_alloc(sizeof *cell);
            cell->u.p = p.u.p;
            l.addr = cell;
        } else {
            l.addr = p.u.p; /* a sync value's handle cell */
            if (lang__acc_fn)
                l.obj = LANG_OBJ(LANG_OBJ_SYNC, 0);
        }
        return l;
    }
    default:
        break;
    }
    rt_fatal("interpreter: not assignable");
}

void lang__lval_store(const ilval *l, iv x)
{
    if (l->blank)
        return;
    if (l->nil_deref)
        rt_panic_nil_deref();
    lang__val_store(l->t, l->addr, x);
    if (l->obj)
        lang__acc(l->obj, true);
    lang__var_note_write(l->var, l->addr, x);
}

iv lang__lval_load(const ilval *l)
{
    if (l->nil_deref)
        rt_panic_nil_deref();
    iv v = *l->addr;
    if (l->obj)
        lang__acc(l->obj, false);
    lang__var_note_read(l->var, l->addr, v);
    return v;
}
