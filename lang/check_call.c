/* check_call.c - calls: functions, methods, function values, conversions,
 * the universe builtins, the package functions of the subset (fmt, time,
 * os, errors, runtime) and the methods of sync types and error
 * (types2 call.go, builtins.go, conversions.go).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static lang_type *T(lang_tkind k)
{
    return lang__type_basic(k);
}

/* ------------------------------------------------------------ operand lists */

uint32_t lang__check_expr_list(checker *c, lang_expr **list, uint32_t n, bool allow_commaok,
                               operand **out, bool *commaok)
{
    *commaok = false;
    if (n == 0) {
        *out = NULL;
        return 0;
    }
    if (n == 1) {
        operand x;
        lang__check_multi_expr(c, &x, list[0]);
        if (x.mode != X_INVALID && x.type && x.type->kind == LANG_T_TUPLE) {
            uint32_t k = x.type->nresults;
            operand *v = lang__check_alloc(c, (k + 1) * sizeof *v);
            for (uint32_t i = 0; i < k; i++) {
                v[i].mode = X_VALUE;
                v[i].expr = list[0];
                v[i].type = x.type->results[i];
            }
            *out = v;
            return k;
        }
        operand *v = lang__check_alloc(c, 2 * sizeof *v);
        v[0] = x;
        if (allow_commaok && x.mode == X_COMMAOK) {
            v[0].mode = X_VALUE;
            v[1].mode = X_VALUE;
            v[1].expr = list[0];
            v[1].type = T(LANG_T_UNTYPED_BOOL);
            *commaok = true;
            *out = v;
            return 2;
        }
        *out = v;
        return 1;
    }
    operand *v = lang__check_alloc(c, n * sizeof *v);
    for (uint32_t i = 0; i < n; i++)
        lang__check_expr(c, &v[i], list[i]);
    *out = v;
    return n;
}

void lang__check_types_summary(checker *c, lang_buf *b, lang_type *const *ts, uint32_t n)
{
    (void)c;
    lang__buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            lang__buf_puts(b, ", ");
        const lang_type *t = ts[i];
        if (!t || t->kind == LANG_T_INVALID)
            lang__buf_puts(b, "<T>");
        else if (t->kind == LANG_T_UNTYPED_INT || t->kind == LANG_T_UNTYPED_RUNE)
            lang__buf_puts(b, "number");
        else if (t->kind == LANG_T_UNTYPED_BOOL)
            lang__buf_puts(b, "bool");
        else if (t->kind == LANG_T_UNTYPED_STRING)
            lang__buf_puts(b, "string");
        else if (t->kind == LANG_T_UNTYPED_NIL)
            lang__buf_puts(b, "nil");
        else
            lang__type_write(b, t);
    }
    lang__buf_putc(b, ')');
}

/* types2 arguments: count and assignability. params/nparams describe the
 * signature; variadic means the last parameter is ...variadic_elem. */
static void arguments(checker *c, lang_expr *call, lang_type *const *params, uint32_t nparams,
                      bool variadic, lang_type *variadic_elem, operand *args, uint32_t nargs,
                      const char *want_override)
{
    for (uint32_t i = 0; i < nargs; i++) {
        if (args[i].mode == X_TYPE) {
            lang__check_errorf(c, args[i].expr->pos, "%o used as value", &args[i]);
            return;
        }
        if (args[i].mode == X_INVALID)
            return;
    }
    uint32_t npars = nparams;
    bool count_ok;
    if (variadic)
        count_ok = nargs >= npars;
    else
        count_ok = nargs == npars;
    if (!count_ok) {
        lang_pos at = call->u.call.lparen;
        const char *qual = "not enough";
        uint32_t want = npars;
        if (!variadic && nargs > npars) {
            at = args[npars].expr->pos;
            qual = "too many";
        } else if (nargs > 0) {
            at = args[nargs - 1].expr->pos;
        }
        (void)want;
        lang_buf have = {0}, wantb = {0};
        lang_type **ts = lang__check_alloc(c, (nargs + 1) * sizeof *ts);
        for (uint32_t i = 0; i < nargs; i++)
            ts[i] = args[i].type;
        lang__check_types_summary(c, &have, ts, nargs);
        if (want_override) {
            lang__buf_puts(&wantb, want_override);
        } else {
            lang__check_types_summary(c, &wantb, params, nparams);
        }
        if (nargs == 0)
            at = call->pos;
        char *fun = lang__check_sprintf(c, "%e", call->u.call.fun);
        lang__err_at(c->errs, at, "%s arguments in call to %s\n\thave %s\n\twant %s", qual, fun,
                     have.data, wantb.data);
        free(fun);
        lang__buf_free(&have);
        lang__buf_free(&wantb);
        return;
    }
    char *context = lang__check_sprintf(c, "argument to %e", call->u.call.fun);
    for (uint32_t i = 0; i < nargs; i++) {
        lang_type *pt = i < nparams ? params[i] : variadic_elem;
        lang__check_assignment(c, &args[i], pt, context);
    }
    free(context);
}

/* ------------------------------------------------------------ conversions */

static bool is_const_type(const lang_type *t)
{
    const lang_type *u = lang__type_under(t);
    return u->kind == LANG_T_BOOL || u->kind == LANG_T_INT || u->kind == LANG_T_INT64 ||
           u->kind == LANG_T_STRING;
}

static void conversion(checker *c, operand *x, lang_type *Tt, lang_expr *call)
{
    bool const_arg = x->mode == X_CONST;
    bool ok = false;
    lang_buf cause = {0};
    const lang_type *tu = lang__type_under(Tt);
    if (lang__check_is_integer(x->type) && tu->kind == LANG_T_STRING) {
        lang__err_at(c->errs, call->pos, "unsupported: conversion from integer to string");
        x->mode = X_INVALID;
        return;
    }
    if (const_arg && is_const_type(Tt)) {
        int code;
        ok = lang__check_representable(c, x, Tt, &code);
    } else {
        if (lang__check_assignable(c, x, Tt, &cause)) {
            ok = true;
        } else {
            const lang_type *vu = lang__type_under(x->type);
            if (lang__type_identical(vu, tu))
                ok = true;
            else if (x->type->kind == LANG_T_POINTER && Tt->kind == LANG_T_POINTER &&
                     lang__type_identical(lang__type_under(x->type->elem),
                                          lang__type_under(Tt->elem)))
                ok = true;
            else if (lang__check_is_integer(x->type) && lang__check_is_integer(Tt))
                ok = true;
        }
        if (x->mode == X_INVALID) {
            lang__buf_free(&cause);
            return;
        }
        if (ok)
            x->mode = X_VALUE;
    }
    if (!ok) {
        if (cause.len)
            lang__check_errorf(c, x->expr->pos, "cannot convert %o to type %t:\n\t%s", x, Tt,
                               cause.data);
        else
            lang__check_errorf(c, x->expr->pos, "cannot convert %o to type %t", x, Tt);
        lang__buf_free(&cause);
        x->mode = X_INVALID;
        return;
    }
    lang__buf_free(&cause);
    if (lang__check_is_untyped(x->type)) {
        lang_type *final = Tt;
        if (x->type->kind == LANG_T_UNTYPED_NIL)
            ;
        else if (lang__check_is_interface(Tt) || (const_arg && !is_const_type(Tt)))
            final = lang__check_default(x->type);
        lang__check_update_type(c, x->expr, final);
    }
    if (x->mode == X_CONST && !is_const_type(Tt))
        x->mode = X_VALUE;
    if (x->mode == X_NIL)
        x->mode = X_VALUE;
    x->type = Tt;
}

/* ------------------------------------------------------------ builtins */

/* types2 isValidIndex for make's size argument. */
static void size_arg(checker *c, lang_expr *arg)
{
    operand x;
    lang__check_expr(c, &x, arg);
    if (x.mode == X_INVALID)
        return;
    lang__check_convert_untyped(c, &x, T(LANG_T_INT));
    if (x.mode == X_INVALID)
        return;
    if (!lang__check_is_integer(x.type)) {
        lang__check_errorf(c, x.expr->pos, "invalid argument: index %o must be integer", &x);
        return;
    }
    if (x.mode == X_CONST && x.val.i < 0)
        lang__check_errorf(c, x.expr->pos, "invalid argument: index %o must not be negative", &x);
}

static const char *builtin_name(lang_builtin b)
{
    switch (b) {
    case LANG_B_LEN:
        return "len";
    case LANG_B_CAP:
        return "cap";
    case LANG_B_MAKE:
        return "make";
    case LANG_B_NEW:
        return "new";
    case LANG_B_CLOSE:
        return "close";
    case LANG_B_PANIC:
        return "panic";
    case LANG_B_RECOVER:
        return "recover";
    case LANG_B_PRINT:
        return "print";
    case LANG_B_PRINTLN:
        return "println";
    default:
        return "?";
    }
}

/* Universe builtins: returns the expression kind. */
static exprkind universe_builtin(checker *c, operand *x, lang_expr *call, lang_builtin id)
{
    uint32_t nargs = call->u.call.nargs;
    lang_expr **args = call->u.call.args;
    exprkind kind = EK_STATEMENT;
    int want = 0;
    bool variadic = false;
    switch (id) {
    case LANG_B_LEN:
    case LANG_B_CAP:
        kind = EK_EXPRESSION;
        want = 1;
        break;
    case LANG_B_MAKE:
    case LANG_B_NEW:
        kind = EK_EXPRESSION;
        want = 1;
        variadic = id == LANG_B_MAKE;
        break;
    case LANG_B_CLOSE:
    case LANG_B_PANIC:
        want = 1;
        break;
    case LANG_B_RECOVER:
        want = 0;
        break;
    case LANG_B_PRINT:
    case LANG_B_PRINTLN:
        want = 0;
        variadic = true;
        break;
    default:
        break;
    }
    operand *xs = NULL;
    uint32_t n = nargs;
    bool commaok;
    if (id != LANG_B_MAKE && id != LANG_B_NEW) {
        n = lang__check_expr_list(c, args, nargs, false, &xs, &commaok);
        if (nargs == 1 && n != 1)
            call->u.call.spread = true; /* println(f()) with f returning several values */
        if (n > 0 && xs[0].mode == X_INVALID)
            return kind;
    }
    const char *msg = NULL;
    if ((int)n < want)
        msg = "not enough";
    else if (!variadic && (int)n > want)
        msg = "too many";
    if (msg) {
        char *cs = lang__check_sprintf(c, "%e", call);
        lang__err_at(c->errs, call->pos,
                     "invalid operation: %s arguments for %s (expected %d, found %u)", msg, cs,
                     want, n);
        free(cs);
        return kind;
    }
    call->u.call.ckind = LANG_CALL_BUILTIN;
    call->u.call.builtin = id;
    switch (id) {
    case LANG_B_LEN:
    case LANG_B_CAP: {
        operand *a = &xs[0];
        const lang_type *u = lang__type_under(a->type);
        bool ok =
            (u->kind == LANG_T_CHAN) ||
            (id == LANG_B_LEN && (u->kind == LANG_T_STRING || u->kind == LANG_T_UNTYPED_STRING));
        if (!ok) {
            if (!lang__check_is_invalid(a->type))
                lang__check_errorf(c, a->expr->pos, "invalid argument: %o for %s", a,
                                   builtin_name(id));
            return kind;
        }
        if (a->mode == X_CONST && a->val.kind == LANG_C_STRING) {
            lang__check_convert_untyped(c, a, T(LANG_T_STRING));
            x->mode = X_CONST;
            x->val.kind = LANG_C_INT;
            x->val.i = a->val.n;
        } else {
            x->mode = X_VALUE;
        }
        x->type = T(LANG_T_INT);
        return kind;
    }
    case LANG_B_CLOSE: {
        operand *a = &xs[0];
        const lang_type *u = lang__type_under(a->type);
        if (u->kind != LANG_T_CHAN) {
            lang__check_errorf(c, a->expr->pos, "invalid operation: cannot close non-channel %o",
                               a);
            return kind;
        }
        if (u->dir == LANG_CHAN_RECV) {
            lang__check_errorf(c, a->expr->pos,
                               "invalid operation: cannot close receive-only channel %o", a);
            return kind;
        }
        x->mode = X_NOVALUE;
        return kind;
    }
    case LANG_B_MAKE: {
        lang_type *t = lang__check_vartype(c, args[0]);
        if (lang__check_is_invalid(t))
            return kind;
        if (lang__type_under(t)->kind != LANG_T_CHAN) {
            lang__check_errorf(c, args[0]->pos,
                               "invalid argument: cannot make %e; type must be slice, map, or "
                               "channel",
                               args[0]);
            return kind;
        }
        if (nargs > 2) {
            char *cs = lang__check_sprintf(c, "%e", call);
            lang__err_at(c->errs, call->pos,
                         "invalid operation: %s expects %d or %d arguments; found %u", cs, 1, 2,
                         nargs);
            free(cs);
            return kind;
        }
        if (nargs == 2)
            size_arg(c, args[1]);
        call->u.call.make_type = t;
        x->mode = X_VALUE;
        x->type = t;
        return kind;
    }
    case LANG_B_NEW: {
        lang_type *t = lang__check_vartype(c, args[0]);
        if (lang__check_is_invalid(t))
            return kind;
        const lang_type *u = lang__type_under(t);
        if (u->kind != LANG_T_STRUCT && !(t->kind >= LANG_T_WAITGROUP && t->kind <= LANG_T_ONCE)) {
            lang_buf b = {0};
            lang__type_write(&b, t);
            lang__err_at(c->errs, call->pos, "unsupported: pointer to %s", b.data);
            lang__buf_free(&b);
            return kind;
        }
        lang_type *p = lang__check_new_type(c, LANG_T_POINTER);
        p->elem = t;
        call->u.call.make_type = t;
        x->mode = X_VALUE;
        x->type = p;
        return kind;
    }
    case LANG_B_PANIC:
        lang__check_assignment(c, &xs[0], T(LANG_T_ANY), "argument to panic");
        if (xs[0].mode == X_INVALID)
            return kind;
        x->mode = X_NOVALUE;
        return kind;
    case LANG_B_PRINT:
    case LANG_B_PRINTLN:
        for (uint32_t i = 0; i < n; i++) {
            lang__check_assignment(
                c, &xs[i], NULL, id == LANG_B_PRINT ? "argument to print" : "argument to println");
            if (xs[i].mode == X_INVALID)
                return kind;
        }
        x->mode = X_NOVALUE;
        return kind;
    case LANG_B_RECOVER:
        /* recover returns interface{} (gc writes it so, not "any") */
        x->mode = X_VALUE;
        x->type = lang__type_any_literal();
        return kind;
    default:
        return kind;
    }
}

/* ------------------------------------------------------------ package functions */

/* Checks a constant fmt format string: only %d %s %v %t %q %% are in the
 * subset. */
static void check_format(checker *c, operand *f)
{
    if (f->mode == X_INVALID)
        return;
    if (f->mode != X_CONST || f->val.kind != LANG_C_STRING) {
        lang__err_at(c->errs, f->expr->pos, "unsupported: format string that is not a constant");
        return;
    }
    for (uint32_t i = 0; i < f->val.n; i++) {
        if (f->val.s[i] != '%')
            continue;
        char v = i + 1 < f->val.n ? f->val.s[i + 1] : 0;
        if (v == 'd' || v == 's' || v == 'v' || v == 't' || v == 'q' || v == '%') {
            i++;
            continue;
        }
        if (v)
            lang__err_at(c->errs, f->expr->pos,
                         "unsupported: format %%%c (only %%d %%s %%v %%t %%q %%%%)", v);
        else
            lang__err_at(c->errs, f->expr->pos, "unsupported: format string ending in %%");
        return;
    }
}

typedef struct pkgsig {
    lang_builtin b;
    lang_tkind params[2]; /* INVALID terminates; TUPLE marks a func() parameter */
    uint32_t nparams;
    bool variadic;     /* extra ...any */
    lang_tkind result; /* INVALID: none */
    bool fmt_tuple;    /* returns (n int, err error) */
    bool duration_param;
    bool format;      /* params[0] is a format string */
    const char *want; /* "want" summary */
} pkgsig;

static const pkgsig pkgsigs[] = {
    {LANG_B_FMT_PRINTLN, {0}, 0, true, LANG_T_INVALID, true, false, false, "(...any)"},
    {LANG_B_FMT_PRINT, {0}, 0, true, LANG_T_INVALID, true, false, false, "(...any)"},
    {LANG_B_FMT_PRINTF,
     {LANG_T_STRING},
     1,
     true,
     LANG_T_INVALID,
     true,
     false,
     true,
     "(string, ...any)"},
    {LANG_B_FMT_SPRINTF,
     {LANG_T_STRING},
     1,
     true,
     LANG_T_STRING,
     false,
     false,
     true,
     "(string, ...any)"},
    {LANG_B_FMT_SPRINT, {0}, 0, true, LANG_T_STRING, false, false, false, "(...any)"},
    {LANG_B_FMT_SPRINTLN, {0}, 0, true, LANG_T_STRING, false, false, false, "(...any)"},
    {LANG_B_FMT_ERRORF,
     {LANG_T_STRING},
     1,
     true,
     LANG_T_ERROR,
     false,
     false,
     true,
     "(string, ...any)"},
    {LANG_B_TIME_SLEEP,
     {LANG_T_NAMED},
     1,
     false,
     LANG_T_INVALID,
     false,
     true,
     false,
     "(time.Duration)"},
    {LANG_B_TIME_AFTER,
     {LANG_T_NAMED},
     1,
     false,
     LANG_T_CHAN,
     false,
     true,
     false,
     "(time.Duration)"},
    {LANG_B_OS_EXIT, {LANG_T_INT}, 1, false, LANG_T_INVALID, false, false, false, "(int)"},
    {LANG_B_ERRORS_NEW, {LANG_T_STRING}, 1, false, LANG_T_ERROR, false, false, false, "(string)"},
    {LANG_B_RUNTIME_GOEXIT, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_RUNTIME_GOSCHED, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_RUNTIME_NUMGOROUTINE, {0}, 0, false, LANG_T_INT, false, false, false, "()"},
    {LANG_B_WG_ADD, {LANG_T_INT}, 1, false, LANG_T_INVALID, false, false, false, "(int)"},
    {LANG_B_WG_DONE, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_WG_WAIT, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_MUTEX_LOCK, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_MUTEX_UNLOCK, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_RW_LOCK, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_RW_UNLOCK, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_RW_RLOCK, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_RW_RUNLOCK, {0}, 0, false, LANG_T_INVALID, false, false, false, "()"},
    {LANG_B_ONCE_DO, {LANG_T_FUNC}, 1, false, LANG_T_INVALID, false, false, false, "(func())"},
    {LANG_B_ERROR_ERROR, {0}, 0, false, LANG_T_STRING, false, false, false, "()"},
};

static exprkind package_call(checker *c, operand *x, lang_expr *call, lang_builtin id,
                             lang_expr *recv)
{
    const pkgsig *sig = NULL;
    for (size_t i = 0; i < sizeof pkgsigs / sizeof *pkgsigs; i++)
        if (pkgsigs[i].b == id)
            sig = &pkgsigs[i];
    call->u.call.ckind = LANG_CALL_BUILTIN;
    call->u.call.builtin = id;
    call->u.call.recv = recv;
    operand *xs;
    bool commaok;
    uint32_t n =
        lang__check_expr_list(c, call->u.call.args, call->u.call.nargs, false, &xs, &commaok);
    if (n == 1 && call->u.call.nargs == 1 && xs[0].expr == call->u.call.args[0] &&
        call->u.call.args[0]->type && call->u.call.args[0]->type->kind == LANG_T_TUPLE)
        call->u.call.spread = true;
    if (sig) {
        lang_type *params[2];
        for (uint32_t i = 0; i < sig->nparams; i++) {
            if (sig->params[i] == LANG_T_NAMED)
                params[i] = lang__type_duration();
            else if (sig->params[i] == LANG_T_FUNC) {
                lang_type *f = lang__check_new_type(c, LANG_T_FUNC);
                params[i] = f;
            } else
                params[i] = T(sig->params[i]);
        }
        bool spread = call->u.call.spread;
        if (spread && sig->format) {
            lang__err_at(c->errs, call->u.call.args[0]->pos,
                         "unsupported: multiple-value call as format arguments");
        } else if (!sig->variadic && spread) {
            /* fall through to the argument check */
        }
        arguments(c, call, params, sig->nparams, sig->variadic, T(LANG_T_ANY), xs, n, sig->want);
        if (sig->format && n > 0)
            check_format(c, &xs[0]);
        switch (sig->result) {
        case LANG_T_INVALID:
            if (sig->fmt_tuple) {
                static const char *const names[] = {"n", "err"};
                lang_type *t = lang__check_new_type(c, LANG_T_TUPLE);
                t->nresults = 2;
                t->results = lang__check_alloc(c, 2 * sizeof *t->results);
                t->results[0] = T(LANG_T_INT);
                t->results[1] = T(LANG_T_ERROR);
                t->rnames = (const char **)names;
                x->mode = X_VALUE;
                x->type = t;
            } else {
                x->mode = X_NOVALUE;
            }
            break;
        case LANG_T_CHAN: {
            lang_type *t = lang__check_new_type(c, LANG_T_CHAN);
            t->dir = LANG_CHAN_RECV;
            t->elem = T(LANG_T_TIME);
            x->mode = X_VALUE;
            x->type = t;
            break;
        }
        default:
            x->mode = X_VALUE;
            x->type = T(sig->result);
        }
    }
    return EK_STATEMENT;
}

/* The type gc shows for a package function or method used as a value. */
const char *lang__check_builtin_type_string(lang_builtin b)
{
    switch (b) {
    case LANG_B_FMT_PRINTLN:
    case LANG_B_FMT_PRINT:
        return "func(a ...any) (n int, err error)";
    case LANG_B_FMT_PRINTF:
        return "func(format string, a ...any) (n int, err error)";
    case LANG_B_FMT_SPRINTF:
        return "func(format string, a ...any) string";
    case LANG_B_FMT_SPRINT:
    case LANG_B_FMT_SPRINTLN:
        return "func(a ...any) string";
    case LANG_B_FMT_ERRORF:
        return "func(format string, a ...any) error";
    case LANG_B_TIME_SLEEP:
        return "func(d time.Duration)";
    case LANG_B_TIME_AFTER:
        return "func(d time.Duration) <-chan time.Time";
    case LANG_B_OS_EXIT:
        return "func(code int)";
    case LANG_B_ERRORS_NEW:
        return "func(text string) error";
    case LANG_B_RUNTIME_NUMGOROUTINE:
        return "func() int";
    case LANG_B_WG_ADD:
        return "func(delta int)";
    case LANG_B_ONCE_DO:
        return "func(f func())";
    case LANG_B_ERROR_ERROR:
        return "func() string";
    default:
        return "func()";
    }
}

/* ------------------------------------------------------------ calls */

exprkind lang__check_call(checker *c, operand *x, lang_expr *call)
{
    lang_expr *fun = call->u.call.fun;
    lang__check_raw_expr(c, x, fun, NULL, NULL);
    lang__check_single_value(c, x);
    switch (x->mode) {
    case X_INVALID:
        lang__check_use(c, call->u.call.args, call->u.call.nargs);
        x->mode = X_INVALID;
        x->expr = call;
        return EK_STATEMENT;
    case X_TYPE: {
        lang_type *Tt = x->type;
        x->mode = X_INVALID;
        call->u.call.ckind = LANG_CALL_CONVERSION;
        uint32_t n = call->u.call.nargs;
        if (n == 0) {
            lang__check_errorf(c, call->pos, "missing argument in conversion to %t", Tt);
        } else if (n == 1) {
            lang__check_expr(c, x, call->u.call.args[0]);
            if (x->mode != X_INVALID)
                conversion(c, x, Tt, call);
        } else {
            lang__check_use(c, call->u.call.args, n);
            lang__check_errorf(c, call->u.call.args[n - 1]->pos,
                               "too many arguments in conversion to %t", Tt);
        }
        x->expr = call;
        return EK_CONVERSION;
    }
    case X_BUILTIN: {
        lang_builtin id = x->builtin;
        lang_expr *recv = x->recv;
        memset(x, 0, sizeof *x);
        x->type = T(LANG_T_INVALID);
        exprkind k;
        if (id == LANG_B_NONE) {
            lang__check_use(c, call->u.call.args, call->u.call.nargs);
            k = EK_STATEMENT;
        } else if (id <= LANG_B_PRINTLN) {
            k = universe_builtin(c, x, call, id);
        } else {
            k = package_call(c, x, call, id, recv);
        }
        x->expr = call;
        if (x->mode != X_CONST)
            call->site = call->site; /* a real call */
        return k;
    }
    default:
        break;
    }
    const lang_type *sig = lang__type_under(x->type);
    if (!sig || sig->kind != LANG_T_FUNC) {
        lang__check_errorf(c, x->expr->pos, "invalid operation: cannot call non-function %o", x);
        lang__check_use(c, call->u.call.args, call->u.call.nargs);
        x->mode = X_INVALID;
        x->expr = call;
        return EK_STATEMENT;
    }
    /* how the call is made */
    lang_expr *f = fun;
    while (f->kind == LANG_E_PAREN)
        f = f->u.paren.x;
    if (f->kind == LANG_E_IDENT && f->u.ident.ref.kind == LANG_REF_FUNC) {
        call->u.call.ckind = LANG_CALL_FUNC;
        call->u.call.callee = f->u.ident.ref.fn;
    } else if (f->kind == LANG_E_SELECTOR && f->u.sel.skind == LANG_SEL_METHOD_VALUE) {
        f->u.sel.skind = LANG_SEL_METHOD;
        call->u.call.ckind = LANG_CALL_METHOD;
        call->u.call.callee = f->u.sel.method;
        call->u.call.recv = f->u.sel.x;
    } else {
        call->u.call.ckind = LANG_CALL_VALUE;
    }
    operand *xs;
    bool commaok;
    uint32_t n =
        lang__check_expr_list(c, call->u.call.args, call->u.call.nargs, false, &xs, &commaok);
    if (call->u.call.nargs == 1 && n != 1)
        call->u.call.spread = true;
    else if (call->u.call.nargs == 1 && call->u.call.args[0]->type &&
             call->u.call.args[0]->type->kind == LANG_T_TUPLE)
        call->u.call.spread = true;
    arguments(c, call, sig->params, sig->nparams, false, NULL, xs, n, NULL);
    switch (sig->nresults) {
    case 0:
        x->mode = X_NOVALUE;
        break;
    case 1:
        x->mode = X_VALUE;
        x->type = sig->results[0];
        break;
    default: {
        lang_type *t = lang__check_new_type(c, LANG_T_TUPLE);
        t->results = sig->results;
        t->rnames = sig->rnames;
        t->nresults = sig->nresults;
        x->mode = X_VALUE;
        x->type = t;
    }
    }
    x->expr = call;
    return EK_STATEMENT;
}
