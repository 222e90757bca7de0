/* interp_stmt.c - statements: assignments and declarations, control flow
 * (if, for, range, switch, labeled break/continue, return), channel send
 * and select, and the statement points (sites, preemption, budget).
 *
 * Loop variables follow --lang (L1/L2): under go1.22 each iteration has its
 * own variable (a fresh cell for a captured one), under go1.19 one
 * variable serves the whole loop.
 */
#include <string.h>

#include "interp.h"

/* ================================================================ assignment */

/* The types of the values a multi-value right-hand side yields. */
static void multi_types(const lang_expr *rhs, bool commaok, const lang_type **types, uint32_t n)
{
    while (rhs->kind == LANG_E_PAREN)
        rhs = rhs->u.paren.x;
    if (commaok || rhs->mode == LANG_MODE_COMMAOK) {
        static const lang_type boolt = {.kind = LANG_T_BOOL};
        types[0] = lang__val_under(rhs->u.unary.x->type)->elem;
        if (n > 1)
            types[1] = &boolt;
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        types[i] = rhs->type->results[i];
}

/* Declares (:= with is_new) or assigns lhs e the value v of type vt. */
static void define_or_assign(iframe *f, const lang_expr *e, bool is_new, iv v, const lang_type *vt)
{
    while (e->kind == LANG_E_PAREN)
        e = e->u.paren.x;
    if (e->kind == LANG_E_IDENT && e->u.ident.ref.kind == LANG_REF_BLANK)
        return;
    if (is_new) {
        const lang_var *var = e->u.ident.ref.var;
        lang__var_declare(f, var, lang__val_convert(var->type, vt, v));
        return;
    }
    ilval l = lang__eval_lval(f, e);
    lang__lval_store(&l, lang__val_convert(l.t, vt, v));
}

static LANG_NOINLINE ictl exec_assign(iframe *f, const lang_stmt *s)
{
    lang_op op = s->u.assign.op;
    lang_expr *const *lhs = s->u.assign.lhs;
    lang_expr *const *rhs = s->u.assign.rhs;
    uint32_t nl = s->u.assign.nlhs, nr = s->u.assign.nrhs;
    bool define = op == LANG_OP_DEFINE;
    const uint8_t *is_new = s->u.assign.is_new;

    if (op != LANG_OP_ASSIGN && op != LANG_OP_DEFINE) {
        /* x op= y: x is evaluated once; gc reads it after y's calls. */
        lang__eval_hoist(f, lhs[0]);
        lang__eval_hoist(f, rhs[0]);
        ilval l = lang__eval_lval(f, lhs[0]);
        iv y = lang__eval(f, rhs[0]);
        iv x = lang__lval_load(&l);
        lang__lval_store(&l, lang__eval_binop(f->I, op, l.t, x, y));
        return CTL_NORMAL;
    }

    if (nr == 1 && nl > 1) {
        /* a, b := f() / v, ok = <-c */
        iv vals[nl];
        const lang_type *types[nl];
        lang__eval_hoist(f, rhs[0]);
        lang__eval_multi(f, rhs[0], vals, nl);
        multi_types(rhs[0], s->u.assign.commaok, types, nl);
        for (uint32_t i = 0; i < nl; i++)
            define_or_assign(f, lhs[i], define && is_new && is_new[i], vals[i], types[i]);
        return CTL_NORMAL;
    }

    if (define) {
        iv vals[nr];
        for (uint32_t i = 0; i < nr; i++)
            lang__eval_hoist(f, rhs[i]);
        for (uint32_t i = 0; i < nr; i++)
            vals[i] = lang__val_copy(rhs[i]->type, lang__eval(f, rhs[i]));
        for (uint32_t i = 0; i < nl; i++)
            define_or_assign(f, lhs[i], is_new && is_new[i], vals[i], rhs[i]->type);
        return CTL_NORMAL;
    }

    /* Two phases (spec "Assignments"): operands of the left-hand sides and
     * the right-hand sides, then the stores left to right. */
    ilval ls[nl];
    iv vals[nr];
    for (uint32_t i = 0; i < nl; i++)
        lang__eval_hoist(f, lhs[i]);
    for (uint32_t i = 0; i < nr; i++)
        lang__eval_hoist(f, rhs[i]);
    for (uint32_t i = 0; i < nl; i++)
        ls[i] = lang__eval_lval(f, lhs[i]);
    for (uint32_t i = 0; i < nr; i++)
        vals[i] = lang__val_convert(ls[i].blank ? rhs[i]->type : ls[i].t, rhs[i]->type,
                                    lang__eval(f, rhs[i]));
    for (uint32_t i = 0; i < nl; i++)
        lang__lval_store(&ls[i], vals[i]);
    return CTL_NORMAL;
}

static LANG_NOINLINE ictl exec_incdec(iframe *f, const lang_stmt *s)
{
    lang__eval_hoist(f, s->u.incdec.x);
    ilval l = lang__eval_lval(f, s->u.incdec.x);
    iv x = lang__lval_load(&l);
    lang__lval_store(&l, lang__eval_binop(f->I,
                                          s->u.incdec.op == LANG_OP_INC ? LANG_OP_ADD : LANG_OP_SUB,
                                          l.t, x, lang__val_int(1)));
    return CTL_NORMAL;
}

static LANG_NOINLINE ictl exec_var(iframe *f, const lang_stmt *s)
{
    const lang_decl *d = s->u.decl.decl;
    for (uint32_t k = 0; k < d->nspecs; k++) {
        const lang_spec *sp = d->specs[k];
        uint32_t n = sp->nnames;
        iv vals[n + 1];
        const lang_type *types[n + 1];
        lang__eval_scope(f);
        if (sp->nvalues == 0) {
            for (uint32_t j = 0; j < n; j++)
                types[j] = NULL;
        } else if (sp->nvalues == 1 && n > 1) {
            lang__eval_hoist(f, sp->values[0]);
            lang__eval_multi(f, sp->values[0], vals, n);
            multi_types(sp->values[0], false, types, n);
        } else {
            for (uint32_t j = 0; j < n; j++)
                lang__eval_hoist(f, sp->values[j]);
            for (uint32_t j = 0; j < n; j++) {
                vals[j] = lang__eval(f, sp->values[j]);
                types[j] = sp->values[j]->type;
            }
        }
        for (uint32_t j = 0; j < n; j++) {
            const lang_var *v = sp->vars ? sp->vars[j] : NULL;
            if (!v)
                continue;
            iv x =
                types[j] ? lang__val_convert(v->type, types[j], vals[j]) : lang__val_zero(v->type);
            lang__var_declare(f, v, x);
        }
    }
    return CTL_NORMAL;
}

/* ================================================================ return */

static LANG_NOINLINE ictl exec_return(iframe *f, const lang_stmt *s)
{
    const lang_func *fn = f->fn;
    uint32_t nr = s->u.ret.nresults, n = fn->nresults;
    if (nr == 0)
        return CTL_RETURN; /* bare return: the named results as they are */
    iv vals[n];
    if (nr == 1 && n > 1) {
        /* return f() with f returning several values (N6) */
        lang__eval_hoist(f, s->u.ret.results[0]);
        lang__eval_multi(f, s->u.ret.results[0], vals, n);
        const lang_type *tt = s->u.ret.results[0]->type;
        for (uint32_t i = 0; i < n; i++)
            vals[i] = lang__val_convert(fn->results[i]->type, tt->results[i], vals[i]);
    } else {
        for (uint32_t i = 0; i < nr; i++)
            lang__eval_hoist(f, s->u.ret.results[i]);
        for (uint32_t i = 0; i < nr && i < n; i++)
            vals[i] = lang__eval_to(f, s->u.ret.results[i], fn->results[i]->type);
    }
    /* The results are set, then the deferred calls run (D5, N1). */
    for (uint32_t i = 0; i < n; i++) {
        const lang_var *v = fn->results[i];
        iv *slot = &f->slots[v->index];
        iv *a = lang__var_boxed(v) ? (iv *)slot->u.p : slot;
        lang__val_store(v->type, a, vals[i]);
        if (lang__acc_fn && lang__var_boxed(v))
            lang__acc(lang__acc_var(v, a), true);
        lang__var_note_write(v, a, vals[i]);
    }
    return CTL_RETURN;
}

/* ================================================================ if, switch */

static bool cond(iframe *f, const lang_expr *e)
{
    lang__eval_scope(f);
    return lang__eval_rooted(f, e).u.i != 0;
}

/* Tells lang_run_opts.on_branch which way statement s went. */
static inline void branch(iframe *f, const lang_stmt *s, uint32_t arm)
{
    const lang_run_opts *o = &f->I->o;
    if (o->on_branch)
        o->on_branch(o->branch_ctx, s->site, arm);
}

static LANG_NOINLINE ictl exec_if(iframe *f, const lang_stmt *s)
{
    if (s->u.ifs.init) {
        ictl c = lang__exec_stmt(f, s->u.ifs.init);
        if (c != CTL_NORMAL)
            return c;
    }
    bool yes = cond(f, s->u.ifs.cond);
    branch(f, s, !yes);
    if (yes)
        return lang__exec_block(f, s->u.ifs.then);
    if (s->u.ifs.els)
        return lang__exec_stmt(f, s->u.ifs.els);
    return CTL_NORMAL;
}

/* A break or continue that names statement s (or no statement: the
 * innermost one, which is s). */
static bool targets(const iframe *f, const lang_stmt *s)
{
    return f->target == NULL || f->target == s;
}

static LANG_NOINLINE ictl exec_switch(iframe *f, const lang_stmt *s)
{
    if (s->u.sw.init) {
        ictl c = lang__exec_stmt(f, s->u.sw.init);
        if (c != CTL_NORMAL)
            return c;
    }
    const lang_expr *tag = s->u.sw.tag;
    iv tv = {{0}, 0};
    if (tag) {
        lang__eval_scope(f);
        tv = lang__val_copy(tag->type, lang__eval_rooted(f, tag));
    }
    int64_t match = -1, def = -1;
    for (uint32_t i = 0; i < s->u.sw.ncases && match < 0; i++) {
        const lang_case *k = &s->u.sw.cases[i];
        if (k->is_default) {
            def = i;
            continue;
        }
        for (uint32_t j = 0; j < k->nexprs; j++) {
            const lang_expr *x = k->exprs[j];
            lang__eval_scope(f);
            iv v = lang__eval_rooted(f, x);
            bool hit = tag ? lang__eval_equal(tag->type, tv, x->type, v) : v.u.i != 0;
            if (hit) {
                match = i;
                break;
            }
        }
    }
    if (match < 0)
        match = def;
    branch(f, s, match < 0 ? s->u.sw.ncases : (uint32_t)match);
    if (match < 0)
        return CTL_NORMAL;
    for (uint32_t i = (uint32_t)match; i < s->u.sw.ncases; i++) {
        const lang_case *k = &s->u.sw.cases[i];
        ictl c = lang__exec_stmts(f, k->body, k->nbody);
        if (c == CTL_FALLTHROUGH)
            continue;
        if (c == CTL_BREAK && targets(f, s))
            return CTL_NORMAL;
        return c;
    }
    return CTL_NORMAL;
}

/* ================================================================ loops */

/* What a loop does with how its body ended: 1 = next iteration, 0 = leave
 * the loop normally, -1 = leave it with *c. */
static int loop_ctl(iframe *f, const lang_stmt *s, ictl *c)
{
    switch (*c) {
    case CTL_NORMAL:
        return 1;
    case CTL_CONTINUE:
        if (targets(f, s))
            return 1;
        return -1;
    case CTL_BREAK:
        if (targets(f, s)) {
            *c = CTL_NORMAL;
            return 0;
        }
        return -1;
    default:
        return -1;
    }
}

/* go1.22: "The variable used by each subsequent iteration is declared
 * implicitly before executing the post statement and initialized to the
 * value of the previous iteration's variable at that moment" (L2). Only a
 * variable in a cell can be told apart from its copy. */
static void next_iteration_vars(iframe *f, const lang_stmt *s)
{
    for (uint32_t i = 0; i < s->u.fors.nloopvars; i++) {
        const lang_var *v = s->u.fors.loopvars[i];
        if (!lang__var_boxed(v))
            continue;
        iv *slot = &f->slots[v->index];
        iv *old = slot->u.p;
        if (lang__acc_fn)
            lang__acc(lang__acc_var(v, old), false);
        iv x = lang__val_copy(v->type, *old);
        iv *cell = lang__var_cell(f->I, x);
        slot->u.p = cell;
        lang__var_note_write(v, cell, x);
    }
}

static LANG_NOINLINE ictl exec_for(iframe *f, const lang_stmt *s)
{
    if (s->u.fors.init) {
        ictl c = lang__exec_stmt(f, s->u.fors.init);
        if (c != CTL_NORMAL)
            return c;
    }
    for (bool first = true;; first = false) {
        if (!first)
            lang__interp_point(f, s->site); /* the back edge: a loop with an empty
                                               body still meets scheduling points */
        if (s->u.fors.cond) {
            bool more = cond(f, s->u.fors.cond);
            branch(f, s, !more);
            if (!more)
                return CTL_NORMAL;
        }
        ictl c = lang__exec_block(f, s->u.fors.body);
        int k = loop_ctl(f, s, &c);
        if (k <= 0)
            return c;
        if (f->I->go122)
            next_iteration_vars(f, s);
        if (s->u.fors.post) {
            c = lang__exec_stmt(f, s->u.fors.post);
            if (c != CTL_NORMAL)
                return c;
        }
    }
}

/* Gives the range variable its value for this iteration: a new variable
 * per iteration under go1.22, one for the whole loop under go1.19. */
static void range_key(iframe *f, const lang_stmt *s, bool first, iv v, const lang_type *vt)
{
    const lang_expr *key = s->u.range.key;
    if (!key)
        return;
    if (s->u.range.define) {
        const lang_var *var = s->u.range.var;
        if (!var)
            return;
        iv x = lang__val_convert(var->type, vt, v);
        if (first || f->I->go122) {
            lang__var_declare(f, var, x);
        } else {
            iv *slot = &f->slots[var->index];
            iv *a = lang__var_boxed(var) ? (iv *)slot->u.p : slot;
            lang__val_store(var->type, a, x);
            if (lang__acc_fn && lang__var_boxed(var))
                lang__acc(lang__acc_var(var, a), true);
            lang__var_note_write(var, a, x);
        }
        return;
    }
    lang__eval_scope(f);
    lang__eval_hoist(f, key);
    ilval l = lang__eval_lval(f, key);
    lang__lval_store(&l, lang__val_convert(l.t, vt, v));
}

static LANG_NOINLINE ictl exec_range(iframe *f, const lang_stmt *s)
{
    const lang_expr *x = s->u.range.x;
    lang__eval_scope(f);
    iv xv = lang__eval_rooted(f, x);
    if (s->u.range.rkind == LANG_RANGE_INT) {
        static const lang_type intt = {.kind = LANG_T_INT};
        for (int64_t i = 0; i < xv.u.i; i++) {
            if (i > 0)
                lang__interp_point(f, s->site);
            range_key(f, s, i == 0, lang__val_int(i), &intt);
            ictl c = lang__exec_block(f, s->u.range.body);
            int k = loop_ctl(f, s, &c);
            if (k <= 0)
                return c;
        }
        return CTL_NORMAL;
    }
    /* over a channel: receive until it is closed and drained (C7) */
    const lang_type *elem = lang__val_under(x->type)->elem;
    for (bool first = true;; first = false) {
        if (!first)
            lang__interp_point(f, s->site);
        bool ok = false;
        rt_value r = rt_chan_recv(xv.u.p, &ok);
        if (!ok)
            return CTL_NORMAL;
        range_key(f, s, first, lang__val_from_rt(elem, r), elem);
        ictl c = lang__exec_block(f, s->u.range.body);
        int k = loop_ctl(f, s, &c);
        if (k <= 0)
            return c;
    }
}

/* ================================================================ channels */

static LANG_NOINLINE ictl exec_send(iframe *f, const lang_stmt *s)
{
    const lang_expr *ce = s->u.send.chan, *ve = s->u.send.value;
    lang__eval_hoist(f, ce);
    lang__eval_hoist(f, ve);
    iv c = lang__eval(f, ce);
    const lang_type *elem = lang__val_under(ce->type)->elem;
    iv v = lang__eval_to(f, ve, elem);
    rt_chan_send(c.u.p, lang__val_to_rt(elem, v));
    return CTL_NORMAL;
}

static LANG_NOINLINE ictl exec_select(iframe *f, const lang_stmt *s)
{
    uint32_t n = s->u.sel.ncases;
    rt_select_case cases[n + 1];
    uint32_t which[n + 1]; /* runtime case index -> clause index */
    uint32_t nc = 0;
    int32_t def = -1;
    /* S1: every channel operand and send value, once, in source order. */
    for (uint32_t i = 0; i < n; i++) {
        const lang_comm *k = &s->u.sel.cases[i];
        if (k->kind == LANG_COMM_DEFAULT)
            continue;
        lang__eval_hoist(f, k->chan);
        if (k->kind == LANG_COMM_SEND)
            lang__eval_hoist(f, k->value);
    }
    for (uint32_t i = 0; i < n; i++) {
        const lang_comm *k = &s->u.sel.cases[i];
        if (k->kind == LANG_COMM_DEFAULT) {
            def = (int32_t)i;
            continue;
        }
        rt_select_case *c = &cases[nc];
        memset(c, 0, sizeof *c);
        c->c = lang__eval(f, k->chan).u.p;
        if (k->kind == LANG_COMM_SEND) {
            const lang_type *elem = lang__val_under(k->chan->type)->elem;
            c->dir = RT_SEND;
            c->val = lang__val_to_rt(elem, lang__eval_to(f, k->value, elem));
        } else {
            c->dir = RT_RECV;
        }
        which[nc++] = i;
    }
    int r = rt_select(nc ? cases : NULL, nc, def >= 0);
    const lang_comm *k = &s->u.sel.cases[r < 0 ? (uint32_t)def : which[r]];
    if (r >= 0 && k->kind == LANG_COMM_RECV && k->nlhs > 0) {
        /* The left-hand sides only of the chosen case, after it is chosen. */
        static const lang_type boolt = {.kind = LANG_T_BOOL};
        const lang_type *elem = lang__val_under(k->chan->type)->elem;
        iv vals[2] = {lang__val_from_rt(elem, cases[r].val), lang__val_int(cases[r].ok)};
        const lang_type *types[2] = {elem, &boolt};
        lang__eval_scope(f);
        for (uint32_t j = 0; j < k->nlhs && j < 2; j++)
            if (k->lhs[j])
                define_or_assign(f, k->lhs[j], k->define, vals[j], types[j]);
    }
    ictl c = lang__exec_stmts(f, k->body, k->nbody);
    if (c == CTL_BREAK && targets(f, s))
        return CTL_NORMAL;
    return c;
}

/* ================================================================ dispatch */

ictl lang__exec_stmts(iframe *f, lang_stmt *const *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        ictl c = lang__exec_stmt(f, s[i]);
        if (c != CTL_NORMAL)
            return c;
    }
    return CTL_NORMAL;
}

ictl lang__exec_block(iframe *f, const lang_block *b)
{
    return lang__exec_stmts(f, b->stmts, b->n);
}

ictl lang__exec_stmt(iframe *f, const lang_stmt *s)
{
    switch (s->kind) {
    case LANG_S_BLOCK:
        return lang__exec_block(f, s->u.block.body);
    case LANG_S_LABELED:
        return lang__exec_stmt(f, s->u.labeled.stmt);
    case LANG_S_EMPTY:
    case LANG_S_CONST:
        return CTL_NORMAL;
    default:
        break;
    }
    lang__interp_point(f, s->site);
    lang__eval_scope(f);
    switch (s->kind) {
    case LANG_S_EXPR: {
        const lang_expr *x = s->u.expr.x;
        lang__eval_hoist(f, x);
        while (x->kind == LANG_E_PAREN)
            x = x->u.paren.x;
        if (x->kind == LANG_E_CALL)
            lang__call_eval(f, x, NULL, 0);
        else
            (void)lang__eval(f, x);
        return CTL_NORMAL;
    }
    case LANG_S_SEND:
        return exec_send(f, s);
    case LANG_S_INCDEC:
        return exec_incdec(f, s);
    case LANG_S_ASSIGN:
        return exec_assign(f, s);
    case LANG_S_VAR:
        return exec_var(f, s);
    case LANG_S_IF:
        return exec_if(f, s);
    case LANG_S_FOR:
        return exec_for(f, s);
    case LANG_S_RANGE:
        return exec_range(f, s);
    case LANG_S_SWITCH:
        return exec_switch(f, s);
    case LANG_S_SELECT:
        return exec_select(f, s);
    case LANG_S_GO:
        lang__call_go(f, s);
        return CTL_NORMAL;
    case LANG_S_DEFER:
        lang__call_defer(f, s);
        return CTL_NORMAL;
    case LANG_S_RETURN:
        return exec_return(f, s);
    case LANG_S_BREAK:
        f->target = s->u.branch.target;
        return CTL_BREAK;
    case LANG_S_CONTINUE:
        f->target = s->u.branch.target;
        return CTL_CONTINUE;
    case LANG_S_FALLTHROUGH:
        return CTL_FALLTHROUGH;
    default:
        rt_fatal("interpreter: unsupported statement");
    }
}
