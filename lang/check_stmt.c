/* check_stmt.c - statements: declarations and assignments in function
 * bodies, control flow, go/defer, return, switch, select, range, and the
 * terminating-statement analysis behind "missing return"
 * (types2 stmt.go, assignments.go, decl.go, return.go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define PUSH(c, arr, n, cap, x) lang__check_push((c), (void ***)&(arr), &(n), &(cap), (x))

static lang_type *T(lang_tkind k)
{
    return lang__type_basic(k);
}

static lang_expr *unparen(lang_expr *e)
{
    while (e && e->kind == LANG_E_PAREN)
        e = e->u.paren.x;
    return e;
}

static void stmt(checker *c, lang_stmt *s);

/* A new local variable object (not yet declared in a scope). */
static obj *new_local(checker *c, const char *name, lang_pos pos, lang_type *t)
{
    obj *o = lang__check_new_obj(c, OBJ_VAR, name, pos);
    o->var = lang__check_new_var(c, name, pos, t, LANG_VAR_LOCAL);
    o->type = t;
    o->color = 2;
    if (strcmp(name, "_") != 0)
        PUSH(c, c->fc->locals, c->fc->nlocals, c->fc->caplocals, o);
    else
        o->used = true;
    return o;
}

/* ------------------------------------------------------------ initialization */

/* types2 initVar: lhs gets x (its type from x if unset). Returns false on
 * failure. */
static bool init_var(checker *c, lang_var *v, obj *o, operand *x, const char *context)
{
    if (x->mode == X_INVALID || lang__check_is_invalid(x->type) ||
        (v->type && lang__check_is_invalid(v->type))) {
        if (!v->type)
            v->type = T(LANG_T_INVALID);
        v->used = true;
        if (o)
            o->used = true;
        return false;
    }
    if (!v->type) {
        lang_type *t = x->type;
        if (lang__check_is_untyped(t)) {
            if (t->kind == LANG_T_UNTYPED_NIL) {
                lang__check_errorf(c, x->expr->pos, "use of untyped nil in %s", context);
                v->type = T(LANG_T_INVALID);
                return false;
            }
            if (t->kind == LANG_T_UNTYPED_RUNE && x->mode == X_CONST) {
                lang__err_at(c->errs, x->expr->pos, "unsupported: rune value (use int)");
                v->type = T(LANG_T_INVALID);
                v->used = true;
                if (o)
                    o->used = true;
                return false;
            }
            t = lang__check_default(t);
        }
        if (t->kind == LANG_T_TIME) {
            lang__err_at(c->errs, x->expr->pos, "unsupported: value of type time.Time");
            v->type = T(LANG_T_INVALID);
            v->used = true;
            if (o)
                o->used = true;
            return false;
        }
        v->type = t;
    }
    lang__check_assignment(c, x, v->type, context);
    if (x->mode == X_INVALID) {
        v->used = true;
        if (o)
            o->used = true;
        return false;
    }
    return true;
}

static const char *plural(uint32_t n, const char *unit, char *buf, size_t cap)
{
    snprintf(buf, cap, "%u %s%s", n, unit, n == 1 ? "" : "s");
    return buf;
}

/* types2 assignError. */
static void assign_error(checker *c, lang_expr **rhs, uint32_t nrhs, uint32_t nvars, uint32_t nvals)
{
    char vars[48], vals[48];
    plural(nvars, "variable", vars, sizeof vars);
    plural(nvals, "value", vals, sizeof vals);
    lang_expr *r0 = rhs[0];
    if (nrhs == 1) {
        lang_expr *call = unparen(r0);
        if (call->kind == LANG_E_CALL) {
            lang__check_errorf(c, r0->pos, "assignment mismatch: %s but %e returns %s", vars,
                               call->u.call.fun, vals);
            return;
        }
    }
    lang__check_errorf(c, r0->pos, "assignment mismatch: %s but %s", vars, vals);
}

void lang__check_init_vars(checker *c, lang_var **lhs, obj **objs, uint32_t nlhs, lang_expr **rhs,
                           uint32_t nrhs, lang_stmt *ret, lang_pos retpos)
{
    operand *xs;
    bool commaok;
    uint32_t n = lang__check_expr_list(c, rhs, nrhs, nlhs == 2 && !ret, &xs, &commaok);
    if (n != nlhs) {
        for (uint32_t i = 0; i < nlhs; i++) {
            lhs[i]->used = true;
            if (objs && objs[i])
                objs[i]->used = true;
            if (!lhs[i]->type)
                lhs[i]->type = T(LANG_T_INVALID);
        }
        for (uint32_t i = 0; i < n; i++)
            if (xs[i].mode == X_INVALID)
                return;
        if (ret) {
            lang_pos at = retpos;
            const char *qual = "not enough";
            if (n > nlhs) {
                at = xs[nlhs].expr->pos;
                qual = "too many";
            } else if (n > 0) {
                at = xs[n - 1].expr->pos;
            }
            lang_buf have = {0}, want = {0};
            lang_type **hs = lang__check_alloc(c, (n + 1) * sizeof *hs);
            lang_type **ws = lang__check_alloc(c, (nlhs + 1) * sizeof *ws);
            for (uint32_t i = 0; i < n; i++)
                hs[i] = xs[i].type;
            for (uint32_t i = 0; i < nlhs; i++)
                ws[i] = lhs[i]->type;
            lang__check_types_summary(c, &have, hs, n);
            lang__check_types_summary(c, &want, ws, nlhs);
            lang__err_at(c->errs, at, "%s return values\n\thave %s\n\twant %s", qual, have.data,
                         want.data);
            lang__buf_free(&have);
            lang__buf_free(&want);
            return;
        }
        assign_error(c, rhs, nrhs, nlhs, n);
        return;
    }
    const char *context = ret ? "return statement" : "assignment";
    bool ok = true;
    for (uint32_t i = 0; i < nlhs; i++)
        if (!init_var(c, lhs[i], objs ? objs[i] : NULL, &xs[i], context))
            ok = false;
    if (!ok)
        for (uint32_t i = 0; i < nlhs; i++) {
            lhs[i]->used = true;
            if (objs && objs[i])
                objs[i]->used = true;
        }
}

/* A var spec (package level or local): types2 declStmt/varDecl. vars and
 * objs are parallel arrays for the names (objs may have NULLs). */
void lang__check_var_spec(checker *c, lang_spec *s, lang_var **vars, obj **objs, lang_type *Tt)
{
    uint32_t n = s->nnames;
    for (uint32_t i = 0; i < n; i++)
        if (Tt)
            vars[i]->type = Tt;
    if (s->nvalues == n) {
        for (uint32_t i = 0; i < n; i++) {
            operand x;
            lang__check_expr(c, &x, s->values[i]);
            init_var(c, vars[i], objs ? objs[i] : NULL, &x, "variable declaration");
        }
    } else if (s->nvalues == 1) {
        if (n == 1) {
            operand x;
            lang__check_expr(c, &x, s->values[0]);
            init_var(c, vars[0], objs ? objs[0] : NULL, &x, "variable declaration");
        } else {
            lang__check_init_vars(c, vars, objs, n, s->values, 1, NULL, s->pos);
        }
    } else if (s->nvalues > 0) {
        for (uint32_t i = 0; i < n && i < s->nvalues; i++) {
            operand x;
            lang__check_expr(c, &x, s->values[i]);
            init_var(c, vars[i], objs ? objs[i] : NULL, &x, "variable declaration");
        }
        if (s->nvalues > n)
            lang__check_use(c, s->values + n, s->nvalues - n);
    }
    for (uint32_t i = 0; i < n; i++)
        if (!vars[i]->type) {
            vars[i]->type = T(LANG_T_INVALID);
            vars[i]->used = true;
            if (objs && objs[i])
                objs[i]->used = true;
        }
    if (!s->texpr || s->nvalues)
        lang__check_arity(c, s->pos, s->names, s->name_pos, s->nnames, s->values, s->nvalues, false,
                          false);
}

void lang__check_var_decl_local(checker *c, lang_decl *d)
{
    for (uint32_t k = 0; k < d->nspecs; k++) {
        lang_spec *s = d->specs[k];
        lang_type *Tt = s->texpr ? lang__check_vartype(c, s->texpr) : NULL;
        s->vars = lang__check_alloc(c, (s->nnames + 1) * sizeof *s->vars);
        obj **objs = lang__check_alloc(c, (s->nnames + 1) * sizeof *objs);
        for (uint32_t i = 0; i < s->nnames; i++) {
            objs[i] = new_local(c, s->names[i], s->name_pos[i], NULL);
            s->vars[i] = objs[i]->var;
        }
        lang__check_var_spec(c, s, s->vars, objs, Tt);
        for (uint32_t i = 0; i < s->nnames; i++) {
            objs[i]->type = s->vars[i]->type;
            lang__check_declare(c, c->cur, objs[i]);
        }
    }
}

/* Local constants: types2 declStmt for ConstDecl. */
void lang__check_const_decl(checker *c, lang_decl *d, bool pkg_level)
{
    (void)pkg_level;
    lang_spec *last = NULL;
    for (uint32_t k = 0; k < d->nspecs; k++) {
        lang_spec *s = d->specs[k];
        s->iota = k;
        bool inherited = true;
        if (s->texpr || s->nvalues) {
            last = s;
            inherited = false;
        } else if (!last) {
            inherited = false;
        }
        obj **objs = lang__check_alloc(c, (s->nnames + 1) * sizeof *objs);
        for (uint32_t i = 0; i < s->nnames; i++) {
            obj *o = lang__check_new_obj(c, OBJ_CONST, s->names[i], s->name_pos[i]);
            o->spec = s;
            o->index = i;
            o->iota = (int64_t)k;
            o->inherited = inherited;
            if (last) {
                o->vtype = last->texpr;
                if (i < last->nvalues)
                    o->init = last->values[i];
            }
            lang__check_const_obj(c, o);
            o->color = 2;
            objs[i] = o;
        }
        lang__check_arity(c, s->pos, s->names, s->name_pos, s->nnames, last ? last->values : NULL,
                          last ? last->nvalues : 0, true, inherited);
        for (uint32_t i = 0; i < s->nnames; i++)
            lang__check_declare(c, c->cur, objs[i]);
    }
}

/* ------------------------------------------------------------ assignments */

/* types2 assignVar. */
static void assign_var(checker *c, lang_expr *lhs, operand *x)
{
    if (x->mode == X_INVALID || lang__check_is_invalid(x->type)) {
        lang__check_use(c, &lhs, 1);
        return;
    }
    lang_expr *ident = unparen(lhs);
    if (ident->kind != LANG_E_IDENT)
        ident = NULL;
    if (ident && strcmp(ident->u.ident.name, "_") == 0) {
        ident->u.ident.ref.kind = LANG_REF_BLANK;
        lang__check_assignment(c, x, NULL, "assignment to _ identifier");
        ident->mode = LANG_MODE_VAR;
        ident->type = x->type;
        if (lhs != ident) {
            lhs->mode = LANG_MODE_VAR;
            lhs->type = x->type;
        }
        return;
    }
    obj *v = NULL;
    bool v_used = false, vv_used = false;
    if (ident) {
        v = lang__check_lookup(c, ident->u.ident.name);
        if (v && v->kind == OBJ_VAR) {
            v_used = v->used;
            vv_used = v->var ? v->var->used : false;
        } else {
            v = NULL;
        }
    }
    operand z;
    lang__check_expr(c, &z, lhs);
    if (v) {
        v->used = v_used;
        if (v->var)
            v->var->used = vv_used;
    }
    if (z.mode == X_INVALID || lang__check_is_invalid(z.type))
        return;
    if (z.mode != X_VAR) {
        lang__check_errorf(c, z.expr->pos, "cannot assign to %o", &z);
        return;
    }
    lang__check_assignment(c, x, z.type, "assignment");
}

static void assign_vars(checker *c, lang_stmt *s)
{
    lang_expr **lhs = s->u.assign.lhs, **rhs = s->u.assign.rhs;
    uint32_t nl = s->u.assign.nlhs, nr = s->u.assign.nrhs;
    operand *xs;
    bool commaok;
    uint32_t n = lang__check_expr_list(c, rhs, nr, nl == 2, &xs, &commaok);
    s->u.assign.commaok = commaok;
    if (n != nl) {
        lang__check_use(c, lhs, nl);
        for (uint32_t i = 0; i < n; i++)
            if (xs[i].mode == X_INVALID)
                return;
        assign_error(c, rhs, nr, nl, n);
        return;
    }
    bool ok = true;
    for (uint32_t i = 0; i < nl; i++) {
        assign_var(c, lhs[i], &xs[i]);
        if (xs[i].mode == X_INVALID)
            ok = false;
    }
    if (!ok)
        for (uint32_t i = 0; i < nl; i++) {
            lang_expr *id = unparen(lhs[i]);
            if (id->kind == LANG_E_IDENT) {
                obj *o = lang__check_lookup(c, id->u.ident.name);
                if (o && o->kind == OBJ_VAR) {
                    o->used = true;
                    if (o->var)
                        o->var->used = true;
                }
            }
        }
}

/* types2 shortVarDecl. */
static void short_var_decl(checker *c, lang_stmt *s)
{
    lang_expr **lhs = s->u.assign.lhs;
    uint32_t nl = s->u.assign.nlhs;
    if (nl > 1000) {
        lang__err_at(c->errs, s->pos, "unsupported: more than 1000 variables in one declaration");
        lang__check_use(c, s->u.assign.rhs, s->u.assign.nrhs);
        return;
    }
    obj **objs = lang__check_alloc(c, (nl + 1) * sizeof *objs);
    lang_var **vars = lang__check_alloc(c, (nl + 1) * sizeof *vars);
    bool *is_new = lang__check_alloc(c, (nl + 1) * sizeof *is_new);
    s->u.assign.is_new = lang__check_alloc(c, nl + 1);
    bool has_err = false;
    uint32_t nnew = 0;
    for (uint32_t i = 0; i < nl; i++) {
        lang_expr *e = lhs[i];
        if (e->kind != LANG_E_IDENT) {
            lang__check_use(c, &e, 1);
            lang__check_errorf(c, e->pos, "non-name %e on left side of :=", e);
            has_err = true;
            continue;
        }
        const char *name = e->u.ident.name;
        if (strcmp(name, "_") != 0) {
            bool seen = false;
            for (uint32_t k = 0; k < i; k++)
                if (lhs[k]->kind == LANG_E_IDENT && strcmp(lhs[k]->u.ident.name, name) == 0)
                    seen = true;
            if (seen) {
                lang__check_errorf(c, e->pos, "%e repeated on left side of :=", e);
                has_err = true;
                continue;
            }
        }
        obj *alt = lang__check_lookup_local(c->cur, name);
        if (alt) {
            if (alt->kind == OBJ_VAR && alt->var) {
                objs[i] = alt;
                vars[i] = alt->var;
                e->u.ident.ref = lang__check_var_ref(c, alt->var);
            } else {
                lang__check_errorf(c, e->pos, "cannot assign to %e", e);
                has_err = true;
            }
            continue;
        }
        obj *o = new_local(c, name, e->pos, NULL);
        objs[i] = o;
        vars[i] = o->var;
        is_new[i] = true;
        if (strcmp(name, "_") != 0)
            nnew++;
    }
    for (uint32_t i = 0; i < nl; i++)
        if (!vars[i]) {
            obj *o = new_local(c, "_", lhs[i]->pos, NULL);
            objs[i] = o;
            vars[i] = o->var;
        }
    /* existing variables keep their types; a reused variable must not be
     * counted as used by this assignment */
    bool *was_used = lang__check_alloc(c, (nl + 1) * sizeof *was_used);
    for (uint32_t i = 0; i < nl; i++)
        was_used[i] = objs[i]->used;
    lang__check_init_vars(c, vars, NULL, nl, s->u.assign.rhs, s->u.assign.nrhs, NULL, s->pos);
    for (uint32_t i = 0; i < nl; i++)
        if (!is_new[i] && !lang__check_is_invalid(vars[i]->type))
            objs[i]->used = was_used[i] || objs[i]->used;
    if (s->u.assign.nrhs == 1 && nl == 2) {
        lang_expr *r = unparen(s->u.assign.rhs[0]);
        if (r->kind == LANG_E_UNARY && r->u.unary.op == LANG_OP_RECV)
            s->u.assign.commaok = true;
    }
    if (nnew == 0 && !has_err) {
        bool any_new = false;
        for (uint32_t i = 0; i < nl; i++)
            if (is_new[i] && lhs[i]->kind == LANG_E_IDENT && strcmp(lhs[i]->u.ident.name, "_") != 0)
                any_new = true;
        if (!any_new) {
            lang__err_at(c->errs, s->u.assign.op_pos, "no new variables on left side of :=");
        }
    }
    for (uint32_t i = 0; i < nl; i++) {
        lang_expr *e = lhs[i];
        if (is_new[i]) {
            s->u.assign.is_new[i] = 1;
            objs[i]->type = vars[i]->type;
            if (e->kind == LANG_E_IDENT) {
                if (strcmp(e->u.ident.name, "_") == 0) {
                    e->u.ident.ref.kind = LANG_REF_BLANK;
                } else {
                    e->u.ident.ref.kind = LANG_REF_LOCAL;
                    e->u.ident.ref.var = vars[i];
                    e->u.ident.ref.index = vars[i]->index;
                }
                e->mode = LANG_MODE_VAR;
                e->type = vars[i]->type;
            }
            lang__check_declare(c, c->cur, objs[i]);
        } else if (e->kind == LANG_E_IDENT && vars[i]) {
            e->mode = LANG_MODE_VAR;
            e->type = vars[i]->type;
        }
    }
}

/* ------------------------------------------------------------ statements */

static void stmt_list_in_scope(checker *c, lang_stmt **list, uint32_t n)
{
    lang__check_open_scope(c);
    lang__check_stmt_list(c, list, n);
    lang__check_close_scope(c);
}

static void expr_stmt(checker *c, lang_stmt *s)
{
    operand x;
    exprkind kind;
    lang__check_raw_expr(c, &x, s->u.expr.x, NULL, &kind);
    const char *msg;
    switch (x.mode) {
    case X_INVALID:
        return;
    case X_BUILTIN:
        if (x.builtin == LANG_B_NONE)
            return;
        if (x.expr && x.expr->kind == LANG_E_SELECTOR) {
            /* fmt.Println, wg.Done, ... without a call */
            lang__check_errorf(c, x.expr->pos, "%e (value of type %s) is not used", x.expr,
                               lang__check_builtin_type_string(x.builtin));
            return;
        }
        msg = "must be called";
        break;
    case X_TYPE:
        msg = "is not an expression";
        break;
    default:
        if (kind == EK_STATEMENT)
            return;
        msg = "is not used";
    }
    lang__check_errorf(c, x.expr->pos, "%o %s", &x, msg);
}

static void send_stmt(checker *c, lang_stmt *s)
{
    operand ch, val;
    lang__check_expr(c, &ch, s->u.send.chan);
    lang__check_expr(c, &val, s->u.send.value);
    if (ch.mode == X_INVALID || val.mode == X_INVALID)
        return;
    const lang_type *u = lang__type_under(ch.type);
    if (u->kind != LANG_T_CHAN) {
        lang__check_errorf(c, s->pos, "invalid operation: cannot send to non-channel %o", &ch);
        return;
    }
    if (u->dir == LANG_CHAN_RECV) {
        lang__check_errorf(c, s->pos, "invalid operation: cannot send to receive-only channel %o",
                           &ch);
        return;
    }
    lang__check_assignment(c, &val, u->elem, "send");
}

static void suspended_call(checker *c, lang_stmt *s, const char *kw)
{
    operand x;
    exprkind kind;
    lang_expr *call = s->u.godefer.call;
    lang__check_raw_expr(c, &x, call, NULL, &kind);
    const char *msg;
    switch (kind) {
    case EK_CONVERSION:
        msg = "requires function call, not conversion";
        break;
    case EK_EXPRESSION:
        msg = "discards result of";
        break;
    default:
        return;
    }
    if (x.mode == X_INVALID && kind == EK_CONVERSION && call->u.call.nargs == 1) {
        /* the conversion failed: types2 still reports the form */
    }
    lang__check_errorf(c, x.expr->pos, "%s %s %o", kw, msg, &x);
}

static void return_stmt(checker *c, lang_stmt *s)
{
    fnctx *f = c->fc;
    lang_func *fn = f->fn;
    s->u.ret.fn = fn;
    lang_type *sig = f->sig;
    if (s->u.ret.nresults == 0 && sig->nresults > 0 && fn->named_results) {
        for (uint32_t i = 0; i < fn->nresults; i++) {
            lang_var *rv = fn->results[i];
            obj *alt = lang__check_lookup(c, rv->name);
            if (alt && alt->var != rv && strcmp(rv->name, "_") != 0) {
                lang_buf tb = {0};
                if (alt->type)
                    lang__type_write(&tb, alt->type);
                lang__err_at(c->errs, s->pos,
                             "result parameter %s not in scope at return\n\t%s:%u:%u: inner "
                             "declaration of var %s %s",
                             rv->name, c->errs->filename, alt->pos.line, alt->pos.col, rv->name,
                             tb.data ? tb.data : "");
                lang__buf_free(&tb);
            }
        }
        return;
    }
    /* the result variables keep their declared types */
    uint32_t n = sig->nresults;
    lang_var **lhs = lang__check_alloc(c, (n + 1) * sizeof *lhs);
    for (uint32_t i = 0; i < n; i++) {
        lang_var *tmp = lang__check_alloc(c, sizeof *tmp);
        tmp->type = sig->results[i];
        tmp->name = "";
        lhs[i] = tmp;
    }
    lang__check_init_vars(c, lhs, NULL, n, s->u.ret.results, s->u.ret.nresults, s, s->pos);
}

static void incdec_stmt(checker *c, lang_stmt *s)
{
    operand x;
    lang__check_expr(c, &x, s->u.incdec.x);
    if (x.mode == X_INVALID)
        return;
    if (!lang__check_is_numeric(x.type)) {
        const char *op = s->u.incdec.op == LANG_OP_INC ? "++" : "--";
        lang__check_errorf(c, s->u.incdec.x->pos, "invalid operation: %e%s (non-numeric type %t)",
                           s->u.incdec.x, op, x.type);
        return;
    }
    operand one = x;
    one.mode = X_VALUE;
    assign_var(c, s->u.incdec.x, &one);
}

static void if_stmt(checker *c, lang_stmt *s)
{
    lang__check_open_scope(c);
    if (s->u.ifs.init)
        stmt(c, s->u.ifs.init);
    operand x;
    lang__check_expr(c, &x, s->u.ifs.cond);
    if (x.mode != X_INVALID && !lang__check_is_boolean(x.type))
        lang__check_errorf(c, s->u.ifs.cond->pos, "non-boolean condition in if statement");
    else if (x.mode != X_INVALID)
        lang__check_update_type(c, s->u.ifs.cond, T(LANG_T_BOOL));
    stmt_list_in_scope(c, s->u.ifs.then->stmts, s->u.ifs.then->n);
    if (s->u.ifs.els)
        stmt(c, s->u.ifs.els);
    lang__check_close_scope(c);
}

/* Variables declared by a := simple statement. */
static void collect_loopvars(checker *c, lang_stmt *s, lang_stmt *init)
{
    if (!init || init->kind != LANG_S_ASSIGN || init->u.assign.op != LANG_OP_DEFINE ||
        !init->u.assign.is_new)
        return;
    uint32_t n = 0;
    for (uint32_t i = 0; i < init->u.assign.nlhs; i++)
        if (init->u.assign.is_new[i] && init->u.assign.lhs[i]->u.ident.ref.var)
            n++;
    s->u.fors.loopvars = lang__check_alloc(c, (n + 1) * sizeof *s->u.fors.loopvars);
    for (uint32_t i = 0; i < init->u.assign.nlhs; i++) {
        lang_var *v = init->u.assign.lhs[i]->u.ident.ref.var;
        if (init->u.assign.is_new[i] && v) {
            v->loopvar = true;
            s->u.fors.loopvars[s->u.fors.nloopvars++] = v;
        }
    }
}

static void for_stmt(checker *c, lang_stmt *s)
{
    lang__check_open_scope(c);
    if (s->u.fors.init) {
        stmt(c, s->u.fors.init);
        collect_loopvars(c, s, s->u.fors.init);
    }
    if (s->u.fors.cond) {
        operand x;
        lang__check_expr(c, &x, s->u.fors.cond);
        if (x.mode != X_INVALID && !lang__check_is_boolean(x.type))
            lang__check_errorf(c, s->u.fors.cond->pos, "non-boolean condition in for statement");
        else if (x.mode != X_INVALID)
            lang__check_update_type(c, s->u.fors.cond, T(LANG_T_BOOL));
    }
    if (s->u.fors.post)
        stmt(c, s->u.fors.post);
    stmt_list_in_scope(c, s->u.fors.body->stmts, s->u.fors.body->n);
    lang__check_close_scope(c);
}

static void range_stmt(checker *c, lang_stmt *s)
{
    operand x;
    lang__check_expr(c, &x, s->u.range.x);
    lang_type *key = NULL;
    bool value_error = false;
    if (x.mode != X_INVALID) {
        const lang_type *u = lang__type_under(x.type);
        if (u->kind == LANG_T_CHAN) {
            if (s->u.range.value) {
                lang__check_errorf(c, s->u.range.value->pos,
                                   "range over %o permits only one iteration variable", &x);
                value_error = true;
            }
            if (u->dir == LANG_CHAN_SEND)
                lang__check_errorf(c, x.expr->pos,
                                   "cannot range over %o (receive from send-only channel)", &x);
            else
                key = u->elem;
            s->u.range.rkind = LANG_RANGE_CHAN;
        } else if (lang__check_is_integer(x.type) && c->prog->opts.version == LANG_GO122) {
            if (s->u.range.value) {
                lang__check_errorf(c, s->u.range.value->pos,
                                   "range over %o permits only one iteration variable", &x);
                value_error = true;
            }
            if (lang__check_is_untyped(x.type)) {
                lang__check_convert_untyped(c, &x, T(LANG_T_INT));
            }
            if (x.mode != X_INVALID)
                key = x.type;
            s->u.range.rkind = LANG_RANGE_INT;
        } else if (lang__check_is_string(x.type)) {
            lang__err_at(c->errs, x.expr->pos, "unsupported: range over string");
        } else {
            lang__check_errorf(c, x.expr->pos, "cannot range over %o", &x);
        }
    }
    (void)value_error;
    lang__check_open_scope(c);
    lang_expr *lhs = s->u.range.key;
    if (s->u.range.define) {
        obj *o = NULL;
        uint32_t nnew = 0;
        lang_expr *lhss[2] = {s->u.range.key, s->u.range.value};
        for (int i = 0; i < 2; i++) {
            lang_expr *l = lhss[i];
            if (!l)
                continue;
            obj *oi;
            if (l->kind == LANG_E_IDENT) {
                oi = new_local(c, l->u.ident.name, l->pos, NULL);
                if (strcmp(l->u.ident.name, "_") != 0)
                    nnew++;
            } else {
                lang__check_errorf(c, l->pos, "cannot declare %e", l);
                oi = new_local(c, "_", l->pos, NULL);
            }
            lang_type *t = i == 0 ? key : NULL;
            if (t) {
                operand y;
                memset(&y, 0, sizeof y);
                y.mode = X_VALUE;
                y.expr = l;
                y.type = t;
                init_var(c, oi->var, oi, &y, "range clause");
            } else {
                oi->var->type = T(LANG_T_INVALID);
                oi->used = true;
                oi->var->used = true;
            }
            oi->type = oi->var->type;
            if (l->kind == LANG_E_IDENT) {
                if (strcmp(l->u.ident.name, "_") == 0) {
                    l->u.ident.ref.kind = LANG_REF_BLANK;
                } else {
                    l->u.ident.ref.kind = LANG_REF_LOCAL;
                    l->u.ident.ref.var = oi->var;
                    l->u.ident.ref.index = oi->var->index;
                }
                l->mode = LANG_MODE_VAR;
                l->type = oi->var->type;
            }
            if (i == 0) {
                o = oi;
                if (strcmp(oi->name, "_") != 0) {
                    s->u.range.var = oi->var;
                    oi->var->loopvar = true;
                }
            }
        }
        if (nnew > 0) {
            lang__check_declare(c, c->cur, o);
            if (s->u.range.value && s->u.range.value->kind == LANG_E_IDENT) {
                /* value variables only exist in erroneous programs */
            }
        } else {
            lang__check_errorf(c, s->pos, "no new variables on left side of :=");
        }
    } else if (lhs) {
        if (key) {
            operand y;
            memset(&y, 0, sizeof y);
            y.mode = X_VALUE;
            y.expr = lhs;
            y.type = key;
            assign_var(c, lhs, &y);
        } else {
            lang__check_use(c, &lhs, 1);
        }
    }
    stmt_list_in_scope(c, s->u.range.body->stmts, s->u.range.body->n);
    lang__check_close_scope(c);
}

/* Constant case values already seen in a switch. */
typedef struct seenval {
    cval v;
    lang_type *type;
    lang_pos pos;
} seenval;

static void switch_stmt(checker *c, lang_stmt *s)
{
    lang__check_open_scope(c);
    if (s->u.sw.init)
        stmt(c, s->u.sw.init);
    operand x;
    memset(&x, 0, sizeof x);
    lang_expr *truex = NULL;
    if (s->u.sw.tag) {
        lang__check_expr(c, &x, s->u.sw.tag);
        lang__check_assignment(c, &x, NULL, "switch expression");
        if (x.mode != X_INVALID && !lang__check_comparable(x.type) &&
            !lang__check_has_nil(x.type)) {
            lang__check_errorf(c, x.expr->pos, "cannot switch on %o (%t is not comparable)", &x,
                               x.type);
            x.mode = X_INVALID;
        }
    } else {
        x.mode = X_CONST;
        x.type = T(LANG_T_BOOL);
        x.val.kind = LANG_C_BOOL;
        x.val.i = 1;
        truex = lang__check_alloc(c, sizeof *truex);
        truex->kind = LANG_E_IDENT;
        truex->u.ident.name = "true";
        truex->pos = s->u.sw.ncases ? s->u.sw.cases[0].pos : s->u.sw.rbrace;
        x.expr = truex;
    }
    lang_case *first_default = NULL;
    for (uint32_t i = 0; i < s->u.sw.ncases; i++) {
        lang_case *cc = &s->u.sw.cases[i];
        if (cc->is_default) {
            if (first_default)
                lang__err_at(c->errs, cc->pos, "multiple defaults (first at %s:%u:%u)",
                             c->errs->filename, first_default->pos.line, first_default->pos.col);
            else
                first_default = cc;
        }
    }
    seenval *seen = NULL;
    uint32_t nseen = 0, capseen = 0;
    uint32_t nvalues = 0;
    for (uint32_t i = 0; i < s->u.sw.ncases; i++)
        nvalues += s->u.sw.cases[i].nexprs;
    if (nvalues > 2000) {
        lang__err_at(c->errs, s->pos, "unsupported: switch with more than 2000 case values");
        lang__check_close_scope(c);
        return;
    }
    for (uint32_t i = 0; i < s->u.sw.ncases; i++) {
        lang_case *cc = &s->u.sw.cases[i];
        for (uint32_t k = 0; k < cc->nexprs; k++) {
            operand v;
            lang__check_expr(c, &v, cc->exprs[k]);
            if (x.mode == X_INVALID || v.mode == X_INVALID)
                continue;
            lang__check_convert_untyped(c, &v, x.type);
            if (v.mode == X_INVALID)
                continue;
            operand res = v, xx = x;
            lang__check_comparison(c, &res, &xx, LANG_OP_EQ, true);
            if (res.mode == X_INVALID)
                continue;
            if (v.mode != X_CONST)
                continue;
            bool dup = false;
            for (uint32_t j = 0; j < nseen && !dup; j++) {
                if (seen[j].v.kind != v.val.kind || !lang__type_identical(seen[j].type, v.type))
                    continue;
                bool eq = v.val.kind == LANG_C_STRING
                              ? (seen[j].v.n == v.val.n &&
                                 (v.val.n == 0 || memcmp(seen[j].v.s, v.val.s, v.val.n) == 0))
                              : seen[j].v.i == v.val.i;
                if (eq) {
                    char *ds = lang__check_sprintf(c, "duplicate case %o in expression switch", &v);
                    lang__err_at(c->errs, v.expr->pos, "%s\n\t%s:%u:%u: previous case", ds,
                                 c->errs->filename, seen[j].pos.line, seen[j].pos.col);
                    free(ds);
                    dup = true;
                }
            }
            if (dup || v.val.kind == LANG_C_BOOL)
                continue;
            if (nseen == capseen) {
                capseen = capseen ? capseen * 2 : 8;
                seenval *ns = lang__check_alloc(c, capseen * sizeof *ns);
                if (nseen)
                    memcpy(ns, seen, nseen * sizeof *ns);
                seen = ns;
            }
            seen[nseen].v = v.val;
            seen[nseen].type = v.type;
            seen[nseen].pos = v.expr->pos;
            nseen++;
        }
        stmt_list_in_scope(c, cc->body, cc->nbody);
    }
    lang__check_close_scope(c);
}

static void select_stmt(checker *c, lang_stmt *s)
{
    lang_comm *first_default = NULL;
    for (uint32_t i = 0; i < s->u.sel.ncases; i++) {
        lang_comm *cc = &s->u.sel.cases[i];
        if (!cc->comm) {
            s->u.sel.has_default = true;
            if (first_default)
                lang__err_at(c->errs, cc->pos, "multiple defaults (first at %s:%u:%u)",
                             c->errs->filename, first_default->pos.line, first_default->pos.col);
            else
                first_default = cc;
        }
    }
    for (uint32_t i = 0; i < s->u.sel.ncases; i++) {
        lang_comm *cc = &s->u.sel.cases[i];
        lang_stmt *comm = cc->comm;
        bool valid = false;
        lang_expr *rhs = NULL;
        if (!comm) {
            valid = true;
            cc->kind = LANG_COMM_DEFAULT;
        } else if (comm->kind == LANG_S_SEND) {
            valid = true;
            cc->kind = LANG_COMM_SEND;
            cc->chan = comm->u.send.chan;
            cc->value = comm->u.send.value;
        } else if (comm->kind == LANG_S_ASSIGN &&
                   (comm->u.assign.op == LANG_OP_ASSIGN || comm->u.assign.op == LANG_OP_DEFINE)) {
            if (comm->u.assign.nrhs == 1 && comm->u.assign.nlhs <= 2)
                rhs = comm->u.assign.rhs[0];
        } else if (comm->kind == LANG_S_EXPR) {
            rhs = comm->u.expr.x;
        }
        if (rhs) {
            lang_expr *r = unparen(rhs);
            if (r->kind == LANG_E_UNARY && r->u.unary.op == LANG_OP_RECV) {
                valid = true;
                cc->kind = LANG_COMM_RECV;
                cc->chan = r->u.unary.x;
                if (comm->kind == LANG_S_ASSIGN) {
                    cc->nlhs = comm->u.assign.nlhs;
                    for (uint32_t k = 0; k < cc->nlhs; k++)
                        cc->lhs[k] = comm->u.assign.lhs[k];
                    cc->define = comm->u.assign.op == LANG_OP_DEFINE;
                }
            }
        }
        if (!valid) {
            lang__check_errorf(c, comm->pos,
                               "select case must be send or receive (possibly with assignment)");
            continue;
        }
        lang__check_open_scope(c);
        if (comm)
            stmt(c, comm);
        lang__check_stmt_list(c, cc->body, cc->nbody);
        lang__check_close_scope(c);
    }
}

static void stmt(checker *c, lang_stmt *s)
{
    switch (s->kind) {
    case LANG_S_BAD:
    case LANG_S_EMPTY:
    case LANG_S_BREAK:
    case LANG_S_CONTINUE:
    case LANG_S_FALLTHROUGH:
        break;
    case LANG_S_VAR:
        lang__check_var_decl_local(c, s->u.decl.decl);
        break;
    case LANG_S_CONST:
        lang__check_const_decl(c, s->u.decl.decl, false);
        break;
    case LANG_S_LABELED:
        stmt(c, s->u.labeled.stmt);
        break;
    case LANG_S_EXPR:
        expr_stmt(c, s);
        break;
    case LANG_S_SEND:
        send_stmt(c, s);
        break;
    case LANG_S_INCDEC:
        incdec_stmt(c, s);
        break;
    case LANG_S_ASSIGN:
        switch (s->u.assign.op) {
        case LANG_OP_ASSIGN:
            assign_vars(c, s);
            break;
        case LANG_OP_DEFINE:
            short_var_decl(c, s);
            break;
        default:
            if (s->u.assign.nlhs != 1 || s->u.assign.nrhs != 1) {
                lang__check_errorf(c, s->pos,
                                   "assignment operation %s requires single-valued expressions",
                                   lang__lex_opstring(s->u.assign.op));
                break;
            } else {
                operand x;
                lang__check_binary(c, &x, NULL, s->u.assign.lhs[0], s->u.assign.rhs[0],
                                   s->u.assign.op, s->u.assign.op_pos);
                if (x.mode != X_INVALID && x.mode != X_CONST)
                    x.mode = X_VALUE;
                assign_var(c, s->u.assign.lhs[0], &x);
            }
        }
        break;
    case LANG_S_GO:
        suspended_call(c, s, "go");
        break;
    case LANG_S_DEFER:
        suspended_call(c, s, "defer");
        break;
    case LANG_S_RETURN:
        return_stmt(c, s);
        break;
    case LANG_S_BLOCK:
        stmt_list_in_scope(c, s->u.block.body->stmts, s->u.block.body->n);
        break;
    case LANG_S_IF:
        if_stmt(c, s);
        break;
    case LANG_S_FOR:
        for_stmt(c, s);
        break;
    case LANG_S_RANGE:
        range_stmt(c, s);
        break;
    case LANG_S_SWITCH:
        switch_stmt(c, s);
        break;
    case LANG_S_SELECT:
        select_stmt(c, s);
        break;
    }
}

void lang__check_stmt_list(checker *c, lang_stmt **list, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        stmt(c, list[i]);
}

/* ------------------------------------------------------------ terminating statements */

static bool has_break(lang_stmt *s, const char *label, bool implicit);

static bool has_break_list(lang_stmt **list, uint32_t n, const char *label, bool implicit)
{
    for (uint32_t i = 0; i < n; i++)
        if (has_break(list[i], label, implicit))
            return true;
    return false;
}

static bool has_break(lang_stmt *s, const char *label, bool implicit)
{
    switch (s->kind) {
    case LANG_S_LABELED:
        return has_break(s->u.labeled.stmt, label, implicit);
    case LANG_S_BREAK:
        if (!s->u.branch.label)
            return implicit;
        return label && strcmp(s->u.branch.label, label) == 0;
    case LANG_S_BLOCK:
        return has_break_list(s->u.block.body->stmts, s->u.block.body->n, label, implicit);
    case LANG_S_IF:
        return has_break_list(s->u.ifs.then->stmts, s->u.ifs.then->n, label, implicit) ||
               (s->u.ifs.els && has_break(s->u.ifs.els, label, implicit));
    case LANG_S_SWITCH:
        if (label)
            for (uint32_t i = 0; i < s->u.sw.ncases; i++)
                if (has_break_list(s->u.sw.cases[i].body, s->u.sw.cases[i].nbody, label, false))
                    return true;
        return false;
    case LANG_S_SELECT:
        if (label)
            for (uint32_t i = 0; i < s->u.sel.ncases; i++)
                if (has_break_list(s->u.sel.cases[i].body, s->u.sel.cases[i].nbody, label, false))
                    return true;
        return false;
    case LANG_S_FOR:
        return label && has_break_list(s->u.fors.body->stmts, s->u.fors.body->n, label, false);
    case LANG_S_RANGE:
        return label && has_break_list(s->u.range.body->stmts, s->u.range.body->n, label, false);
    default:
        return false;
    }
}

bool lang__check_is_terminating_list(lang_stmt **list, uint32_t n, const char *label)
{
    for (uint32_t i = n; i-- > 0;)
        if (list[i]->kind != LANG_S_EMPTY)
            return lang__check_is_terminating(list[i], label);
    return false;
}

bool lang__check_is_terminating(lang_stmt *s, const char *label)
{
    switch (s->kind) {
    case LANG_S_LABELED:
        return lang__check_is_terminating(s->u.labeled.stmt, s->u.labeled.label);
    case LANG_S_EXPR: {
        lang_expr *x = unparen(s->u.expr.x);
        return x->kind == LANG_E_CALL && x->u.call.ckind == LANG_CALL_BUILTIN &&
               x->u.call.builtin == LANG_B_PANIC;
    }
    case LANG_S_RETURN:
    case LANG_S_FALLTHROUGH:
        return true;
    case LANG_S_BAD:
        return s->u.branch.label != NULL; /* goto */
    case LANG_S_BLOCK:
        return lang__check_is_terminating_list(s->u.block.body->stmts, s->u.block.body->n, NULL);
    case LANG_S_IF:
        return s->u.ifs.els &&
               lang__check_is_terminating_list(s->u.ifs.then->stmts, s->u.ifs.then->n, NULL) &&
               lang__check_is_terminating(s->u.ifs.els, NULL);
    case LANG_S_SWITCH: {
        bool has_default = false;
        for (uint32_t i = 0; i < s->u.sw.ncases; i++) {
            lang_case *cc = &s->u.sw.cases[i];
            if (cc->is_default)
                has_default = true;
            if (!lang__check_is_terminating_list(cc->body, cc->nbody, NULL) ||
                has_break_list(cc->body, cc->nbody, label, true))
                return false;
        }
        return has_default;
    }
    case LANG_S_SELECT:
        for (uint32_t i = 0; i < s->u.sel.ncases; i++) {
            lang_comm *cc = &s->u.sel.cases[i];
            if (!lang__check_is_terminating_list(cc->body, cc->nbody, NULL) ||
                has_break_list(cc->body, cc->nbody, label, true))
                return false;
        }
        return true;
    case LANG_S_FOR:
        return !s->u.fors.cond &&
               !has_break_list(s->u.fors.body->stmts, s->u.fors.body->n, label, true);
    default:
        return false;
    }
}
