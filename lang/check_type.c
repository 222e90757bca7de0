/* check_type.c - type expressions, type predicates, assignability, and
 * the wording of types2 messages (operand descriptions, constant values).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ------------------------------------------------------------ predicates */

lang_type *lang__check_new_type(checker *c, lang_tkind k)
{
    lang_type *t = lang__check_alloc(c, sizeof *t);
    t->kind = k;
    t->id = ++c->type_ids;
    return t;
}

bool lang__check_is_invalid(const lang_type *t)
{
    /* a defined type whose declaration is being checked (under still NULL)
     * is valid: a struct may point to itself */
    return !t || t->kind == LANG_T_INVALID ||
           (t->kind == LANG_T_NAMED && t->under && t->under->kind == LANG_T_INVALID);
}

bool lang__check_is_untyped(const lang_type *t)
{
    return t && t->kind >= LANG_T_UNTYPED_BOOL && t->kind <= LANG_T_UNTYPED_NIL;
}

bool lang__check_is_integer(const lang_type *t)
{
    t = lang__type_under(t);
    return t && (t->kind == LANG_T_INT || t->kind == LANG_T_INT64 ||
                 t->kind == LANG_T_UNTYPED_INT || t->kind == LANG_T_UNTYPED_RUNE);
}

bool lang__check_is_numeric(const lang_type *t)
{
    return lang__check_is_integer(t);
}

bool lang__check_is_string(const lang_type *t)
{
    t = lang__type_under(t);
    return t && (t->kind == LANG_T_STRING || t->kind == LANG_T_UNTYPED_STRING);
}

bool lang__check_is_boolean(const lang_type *t)
{
    t = lang__type_under(t);
    return t && (t->kind == LANG_T_BOOL || t->kind == LANG_T_UNTYPED_BOOL);
}

bool lang__check_is_interface(const lang_type *t)
{
    return t && (t->kind == LANG_T_ANY || t->kind == LANG_T_ERROR);
}

bool lang__check_has_nil(const lang_type *t)
{
    const lang_type *u = lang__type_under(t);
    if (!u)
        return false;
    switch (u->kind) {
    case LANG_T_POINTER:
    case LANG_T_CHAN:
    case LANG_T_FUNC:
    case LANG_T_ANY:
    case LANG_T_ERROR:
        return true;
    default:
        return false;
    }
}

static bool is_sync(const lang_type *t)
{
    return t && (t->kind == LANG_T_WAITGROUP || t->kind == LANG_T_MUTEX ||
                 t->kind == LANG_T_RWMUTEX || t->kind == LANG_T_ONCE);
}

bool lang__check_comparable(const lang_type *t)
{
    const lang_type *u = lang__type_under(t);
    if (!u)
        return false;
    switch (u->kind) {
    case LANG_T_FUNC:
    case LANG_T_TUPLE:
        return false;
    case LANG_T_STRUCT:
        for (uint32_t i = 0; i < u->nfields; i++)
            if (!lang__check_comparable(u->fields[i].type))
                return false;
        return true;
    default:
        return true;
    }
}

/* Named in Go's sense: predeclared basic types and defined types. */
static bool has_name(const lang_type *t)
{
    switch (t->kind) {
    case LANG_T_ANY:
    case LANG_T_STRUCT:
    case LANG_T_POINTER:
    case LANG_T_CHAN:
    case LANG_T_FUNC:
    case LANG_T_TUPLE:
        return false;
    default:
        return true;
    }
}

lang_type *lang__check_default(lang_type *t)
{
    if (!t)
        return t;
    switch (t->kind) {
    case LANG_T_UNTYPED_BOOL:
        return lang__type_basic(LANG_T_BOOL);
    case LANG_T_UNTYPED_INT:
    case LANG_T_UNTYPED_RUNE:
        return lang__type_basic(LANG_T_INT);
    case LANG_T_UNTYPED_STRING:
        return lang__type_basic(LANG_T_STRING);
    default:
        return t;
    }
}

/* ------------------------------------------------------------ messages */

static void quote_string(lang_buf *b, const char *s, uint32_t n)
{
    lang_buf q = {0};
    lang__buf_putc(&q, '"');
    for (uint32_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        switch (ch) {
        case '\a':
            lang__buf_puts(&q, "\\a");
            break;
        case '\b':
            lang__buf_puts(&q, "\\b");
            break;
        case '\f':
            lang__buf_puts(&q, "\\f");
            break;
        case '\n':
            lang__buf_puts(&q, "\\n");
            break;
        case '\r':
            lang__buf_puts(&q, "\\r");
            break;
        case '\t':
            lang__buf_puts(&q, "\\t");
            break;
        case '\v':
            lang__buf_puts(&q, "\\v");
            break;
        case '\\':
            lang__buf_puts(&q, "\\\\");
            break;
        case '"':
            lang__buf_puts(&q, "\\\"");
            break;
        default:
            if (ch < 0x20 || ch == 0x7f)
                lang__buf_printf(&q, "\\x%02x", ch);
            else
                lang__buf_putc(&q, (char)ch);
        }
    }
    lang__buf_putc(&q, '"');
    /* go/constant shortens to 72 runes */
    uint32_t runes = 0;
    for (size_t i = 0; i < q.len; i++)
        if (((unsigned char)q.data[i] & 0xC0) != 0x80)
            runes++;
    if (runes > 72) {
        size_t i = 0;
        uint32_t k = 0;
        while (i < q.len && k < 69) {
            i++;
            while (i < q.len && ((unsigned char)q.data[i] & 0xC0) == 0x80)
                i++;
            k++;
        }
        lang__buf_put(b, q.data, i);
        lang__buf_puts(b, "...");
    } else {
        lang__buf_put(b, q.data, q.len);
    }
    lang__buf_free(&q);
}

static void big_string(lang_buf *b, lang_big v)
{
    char tmp[64];
    int n = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
    do {
        tmp[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (neg)
        lang__buf_putc(b, '-');
    while (n)
        lang__buf_putc(b, tmp[--n]);
}

void lang__check_cval_string(lang_buf *b, const cval *v)
{
    switch (v->kind) {
    case LANG_C_INT:
        big_string(b, v->i);
        break;
    case LANG_C_BOOL:
        lang__buf_puts(b, v->i ? "true" : "false");
        break;
    case LANG_C_STRING:
        quote_string(b, v->s, v->n);
        break;
    default:
        lang__buf_puts(b, "unknown");
    }
}

void lang__check_operand_string(lang_buf *b, const operand *x)
{
    if (x->mode == X_NIL) {
        if (!x->type || x->type->kind == LANG_T_UNTYPED_NIL)
            lang__buf_puts(b, "nil");
        else if (x->type->kind == LANG_T_INVALID)
            lang__buf_puts(b, "nil (with invalid type)");
        else {
            lang__buf_puts(b, "nil (of type ");
            lang__type_write(b, x->type);
            lang__buf_putc(b, ')');
        }
        return;
    }
    lang_buf expr = {0};
    if (x->expr)
        lang__str_expr(&expr, x->expr);
    else if (x->mode == X_TYPE)
        lang__type_write(&expr, x->type);
    else if (x->mode == X_CONST)
        lang__check_cval_string(&expr, &x->val);
    if (expr.len) {
        lang__buf_put(b, expr.data, expr.len);
        lang__buf_puts(b, " (");
    }
    bool has_type = false;
    switch (x->mode) {
    case X_INVALID:
    case X_NOVALUE:
    case X_BUILTIN:
    case X_TYPE:
    case X_PKG:
        break;
    default:
        if (x->type) {
            if (lang__check_is_untyped(x->type)) {
                lang__type_write(b, x->type);
                lang__buf_putc(b, ' ');
                break;
            }
            has_type = true;
        }
    }
    static const char *const modes[] = {
        "invalid operand",      "no value", "built-in", "type", "constant", "variable", "value",
        "comma, ok expression", "value",    "package"};
    lang__buf_puts(b, modes[x->mode]);
    if (x->mode == X_CONST) {
        lang_buf v = {0};
        lang__check_cval_string(&v, &x->val);
        if (!(v.len == expr.len && memcmp(v.data, expr.data, v.len) == 0)) {
            lang__buf_putc(b, ' ');
            lang__buf_put(b, v.data, v.len);
        }
        lang__buf_free(&v);
    }
    if (has_type) {
        if (x->type->kind != LANG_T_INVALID) {
            lang__buf_puts(b, " of type ");
            lang__type_write(b, x->type);
        } else {
            lang__buf_puts(b, " with invalid type");
        }
    }
    if (expr.len)
        lang__buf_putc(b, ')');
    lang__buf_free(&expr);
}

static void vformat(checker *c, lang_buf *b, const char *fmt, va_list ap)
{
    (void)c;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            lang__buf_putc(b, *p);
            continue;
        }
        p++;
        switch (*p) {
        case 'o':
            lang__check_operand_string(b, va_arg(ap, const operand *));
            break;
        case 't':
            lang__type_write(b, va_arg(ap, const lang_type *));
            break;
        case 'e':
            lang__str_expr(b, va_arg(ap, const lang_expr *));
            break;
        case 's':
            lang__buf_puts(b, va_arg(ap, const char *));
            break;
        case 'd':
            lang__buf_printf(b, "%d", va_arg(ap, int));
            break;
        case 'u':
            lang__buf_printf(b, "%u", va_arg(ap, unsigned));
            break;
        case '%':
            lang__buf_putc(b, '%');
            break;
        default:
            lang__buf_putc(b, '%');
            if (*p)
                lang__buf_putc(b, *p);
            else
                p--;
        }
    }
}

void lang__check_errorf(checker *c, lang_pos pos, const char *fmt, ...)
{
    lang_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    vformat(c, &b, fmt, ap);
    va_end(ap);
    if (c->errpos.line)
        pos = c->errpos;
    lang__err_at(c->errs, pos, "%s", b.data ? b.data : "");
    lang__buf_free(&b);
}

char *lang__check_sprintf(checker *c, const char *fmt, ...)
{
    lang_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    vformat(c, &b, fmt, ap);
    va_end(ap);
    if (!b.data)
        lang__buf_puts(&b, "");
    return b.data;
}

/* ------------------------------------------------------------ lookups */

lang_func *lang__check_find_method(lang_typedecl *td, const char *name)
{
    for (uint32_t i = 0; i < td->nmethods; i++)
        if (strcmp(td->methods[i]->name, name) == 0)
            return td->methods[i];
    return NULL;
}

int lang__check_find_field(const lang_type *st, const char *name)
{
    for (uint32_t i = 0; i < st->nfields; i++)
        if (strcmp(st->fields[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------ type expressions */

/* Members of the imported packages that are types. */
static lang_type *pkg_type(checker *c, lang_pkg pkg, const char *name, bool *unsupported)
{
    (void)c;
    *unsupported = false;
    if (pkg == LANG_PKG_SYNC) {
        if (strcmp(name, "WaitGroup") == 0)
            return lang__type_basic(LANG_T_WAITGROUP);
        if (strcmp(name, "Mutex") == 0)
            return lang__type_basic(LANG_T_MUTEX);
        if (strcmp(name, "RWMutex") == 0)
            return lang__type_basic(LANG_T_RWMUTEX);
        if (strcmp(name, "Once") == 0)
            return lang__type_basic(LANG_T_ONCE);
    }
    if (pkg == LANG_PKG_TIME && strcmp(name, "Duration") == 0)
        return lang__type_duration();
    *unsupported = lang__check_pkg_exports(pkg, name);
    return NULL;
}

static const char *pkg_name(lang_pkg pkg)
{
    static const char *const names[] = {"", "fmt", "time", "sync", "os", "errors", "runtime"};
    return names[pkg];
}

static lang_type *invalid(void)
{
    return lang__type_basic(LANG_T_INVALID);
}

static lang_type *struct_type(checker *c, lang_expr *e)
{
    lang_type *t = lang__check_new_type(c, LANG_T_STRUCT);
    uint32_t n = 0;
    for (uint32_t i = 0; i < e->u.structtype.ngroups; i++)
        n += e->u.structtype.groups[i].nnames;
    if (n > LANG_MAX_FIELDS) {
        lang__err_at(c->errs, e->pos, "unsupported: struct type with more than %u fields",
                     LANG_MAX_FIELDS);
        return lang__type_basic(LANG_T_INVALID);
    }
    t->fields = lang__check_alloc(c, (n + 1) * sizeof *t->fields);
    bool bad = false;
    for (uint32_t i = 0; i < e->u.structtype.ngroups; i++) {
        lang_field_group *g = &e->u.structtype.groups[i];
        lang_type *ft = lang__check_vartype(c, g->type);
        if (lang__check_is_invalid(ft) && g->type->kind == LANG_E_BAD)
            bad = true;
        for (uint32_t k = 0; k < g->nnames; k++) {
            const char *name = g->names[k];
            if (strcmp(name, "_") != 0) {
                int alt = lang__check_find_field(t, name);
                if (alt >= 0) {
                    lang__err_at(c->errs, g->name_pos[k],
                                 "%s redeclared\n\t%s:%u:%u: other declaration of %s", name,
                                 c->errs->filename, t->fields[alt].pos.line, t->fields[alt].pos.col,
                                 name);
                    continue;
                }
            } else {
                lang__err_at(c->errs, g->name_pos[k], "unsupported: blank struct field");
            }
            lang_field *f = &t->fields[t->nfields];
            f->name = name;
            f->pos = g->name_pos[k];
            f->type = ft;
            f->index = t->nfields++;
        }
    }
    (void)bad;
    return t;
}

lang_type *lang__check_signature(checker *c, const lang_sig *sig)
{
    lang_type *t = lang__check_new_type(c, LANG_T_FUNC);
    uint32_t np = 0, nr = 0;
    for (uint32_t i = 0; i < sig->nparams; i++)
        np += sig->params[i].nnames ? sig->params[i].nnames : 1;
    for (uint32_t i = 0; i < sig->nresults; i++)
        nr += sig->results[i].nnames ? sig->results[i].nnames : 1;
    t->params = lang__check_alloc(c, (np + 1) * sizeof *t->params);
    t->pnames = lang__check_alloc(c, (np + 1) * sizeof *t->pnames);
    t->results = lang__check_alloc(c, (nr + 1) * sizeof *t->results);
    t->rnames = lang__check_alloc(c, (nr + 1) * sizeof *t->rnames);
    for (uint32_t i = 0; i < sig->nparams; i++) {
        const lang_field_group *g = &sig->params[i];
        lang_type *pt = lang__check_vartype(c, g->type);
        uint32_t nn = g->nnames ? g->nnames : 1;
        for (uint32_t k = 0; k < nn; k++) {
            t->pnames[t->nparams] = g->nnames ? g->names[k] : "";
            t->params[t->nparams++] = pt;
        }
    }
    for (uint32_t i = 0; i < sig->nresults; i++) {
        const lang_field_group *g = &sig->results[i];
        lang_type *rt = lang__check_vartype(c, g->type);
        uint32_t nn = g->nnames ? g->nnames : 1;
        for (uint32_t k = 0; k < nn; k++) {
            t->rnames[t->nresults] = g->nnames ? g->names[k] : "";
            t->results[t->nresults++] = rt;
        }
    }
    return t;
}

static lang_type *ident_type(checker *c, lang_expr *e)
{
    operand x;
    lang__check_ident(c, &x, e, true);
    switch (x.mode) {
    case X_TYPE:
        return x.type;
    case X_INVALID:
        return invalid();
    case X_NOVALUE:
        lang__check_errorf(c, e->pos, "%o used as type", &x);
        return invalid();
    default:
        lang__check_errorf(c, e->pos, "%o is not a type", &x);
        return invalid();
    }
}

lang_type *lang__check_typexpr(checker *c, lang_expr *e)
{
    lang_type *t = invalid();
    if (!e)
        return t;
    switch (e->kind) {
    case LANG_E_BAD:
        return t;
    case LANG_E_IDENT:
        t = ident_type(c, e);
        break;
    case LANG_E_SELECTOR: {
        lang_expr *x = e->u.sel.x;
        obj *o = x->kind == LANG_E_IDENT ? lang__check_lookup(c, x->u.ident.name) : NULL;
        if (o && o->kind == OBJ_PKG) {
            o->used = true;
            x->mode = LANG_MODE_PKG;
            x->u.ident.ref.kind = LANG_REF_PKG;
            x->u.ident.ref.pkg = o->pkg;
            bool unsup;
            t = pkg_type(c, o->pkg, e->u.sel.sel, &unsup);
            if (!t) {
                t = invalid();
                if (unsup)
                    lang__err_at(c->errs, e->u.sel.sel_pos, "unsupported: %s.%s", pkg_name(o->pkg),
                                 e->u.sel.sel);
                else
                    lang__err_at(c->errs, e->u.sel.sel_pos, "undefined: %s.%s", o->name,
                                 e->u.sel.sel);
            }
            e->u.sel.skind = LANG_SEL_PKG;
            break;
        }
        operand xo;
        lang__check_selector(c, &xo, e);
        if (xo.mode == X_TYPE)
            t = xo.type;
        else if (xo.mode != X_INVALID)
            lang__check_errorf(c, e->pos, "%o is not a type", &xo);
        break;
    }
    case LANG_E_PAREN:
        t = lang__check_typexpr(c, e->u.paren.x);
        break;
    case LANG_E_STAR: {
        lang_type *base = lang__check_vartype(c, e->u.star.x);
        if (lang__check_is_invalid(base))
            break;
        const lang_type *u = lang__type_under(base);
        if (u && u->kind != LANG_T_STRUCT && !(u->kind == LANG_T_NAMED && !u->under) &&
            !is_sync(base)) {
            lang_buf b = {0};
            lang__type_write(&b, base);
            lang__err_at(c->errs, e->pos, "unsupported: pointer to %s", b.data);
            lang__buf_free(&b);
            break;
        }
        t = lang__check_new_type(c, LANG_T_POINTER);
        t->elem = base;
        break;
    }
    case LANG_E_CHAN_TYPE: {
        lang_type *el = lang__check_vartype(c, e->u.chantype.elem);
        t = lang__check_new_type(c, LANG_T_CHAN);
        t->dir = e->u.chantype.dir;
        t->elem = el;
        break;
    }
    case LANG_E_FUNC_TYPE:
        t = lang__check_signature(c, &e->u.functype.sig);
        break;
    case LANG_E_STRUCT_TYPE:
        t = struct_type(c, e);
        break;
    case LANG_E_INTERFACE_TYPE:
        t = lang__type_any_literal();
        break;
    default: {
        operand x;
        lang__check_expr_or_type(c, &x, e);
        if (x.mode == X_TYPE) {
            t = x.type;
        } else if (x.mode != X_INVALID) {
            lang__check_errorf(c, e->pos, "%o is not a type", &x);
        }
        return t;
    }
    }
    e->mode = LANG_MODE_TYPE;
    e->type = t;
    return t;
}

lang_type *lang__check_vartype(checker *c, lang_expr *e)
{
    lang_type *t = lang__check_typexpr(c, e);
    if (t && t->kind == LANG_T_TIME) {
        lang__err_at(c->errs, e->pos, "unsupported: type time.Time");
        return invalid();
    }
    return t;
}

/* ------------------------------------------------------------ assignability */

/* The method set of V has Error() string. */
static int error_method(const lang_type *V)
{
    const lang_type *base = V;
    bool ptr = false;
    if (V->kind == LANG_T_POINTER) {
        base = V->elem;
        ptr = true;
    }
    if (!base || base->kind != LANG_T_NAMED || !base->decl)
        return 0;
    lang_func *m = lang__check_find_method(base->decl, "Error");
    if (!m)
        return 0;
    if (m->ptr_recv && !ptr)
        return 2; /* pointer receiver */
    return 1;
}

bool lang__check_assignable(checker *c, operand *x, lang_type *T, lang_buf *reason)
{
    lang_type *V = x->type;
    if (x->mode == X_INVALID || lang__check_is_invalid(V) || lang__check_is_invalid(T))
        return true;
    if (lang__type_identical(V, T))
        return true;
    const lang_type *Vu = lang__type_under(V), *Tu = lang__type_under(T);
    if (lang__check_is_untyped(V)) {
        operand y = *x;
        lang__check_convert_untyped_probe(c, &y, T);
        return y.mode != X_INVALID;
    }
    if (lang__type_identical(Vu, Tu) && (!has_name(V) || !has_name(T)))
        return true;
    if (T->kind == LANG_T_ANY)
        return true;
    if (T->kind == LANG_T_ERROR) {
        int m = error_method(V);
        if (m == 1) {
            lang_buf b = {0};
            lang__type_write(&b, V);
            lang__err_at(c->errs, x->expr ? x->expr->pos : (lang_pos){0, 0},
                         "unsupported: %s used as error (only errors.New and fmt.Errorf values)",
                         b.data);
            lang__buf_free(&b);
            x->mode = X_INVALID;
            return true;
        }
        if (reason) {
            lang__type_write(reason, V);
            lang__buf_puts(reason, " does not implement error ");
            lang__buf_puts(reason, m == 2 ? "(Error method has pointer receiver)"
                                          : "(missing Error method)");
        }
        return false;
    }
    if (V->kind == LANG_T_ANY || V->kind == LANG_T_ERROR) {
        if (V->kind == LANG_T_ANY || error_method(T) == 1 || T->kind == LANG_T_ERROR) {
            if (reason)
                lang__buf_puts(reason, "need type assertion");
        }
        return false;
    }
    if (Vu->kind == LANG_T_CHAN && Vu->dir == LANG_CHAN_BOTH && Tu->kind == LANG_T_CHAN &&
        lang__type_identical(Vu->elem, Tu->elem))
        return !has_name(V) || !has_name(T);
    return false;
}

/* ------------------------------------------------------------ constants */

bool lang__check_representable(checker *c, operand *x, lang_type *t, int *code)
{
    (void)c;
    const lang_type *u = lang__type_under(t);
    *code = 0;
    switch (u->kind) {
    case LANG_T_INT:
    case LANG_T_INT64:
        if (x->val.kind != LANG_C_INT) {
            *code = 2;
            return false;
        }
        if (x->val.i < (lang_big)INT64_MIN || x->val.i > (lang_big)INT64_MAX) {
            *code = 1;
            return false;
        }
        return true;
    case LANG_T_UNTYPED_INT:
    case LANG_T_UNTYPED_RUNE:
        return x->val.kind == LANG_C_INT;
    case LANG_T_BOOL:
    case LANG_T_UNTYPED_BOOL:
        if (x->val.kind != LANG_C_BOOL) {
            *code = 2;
            return false;
        }
        return true;
    case LANG_T_STRING:
    case LANG_T_UNTYPED_STRING:
        if (x->val.kind != LANG_C_STRING) {
            *code = 2;
            return false;
        }
        return true;
    default:
        *code = 2;
        return false;
    }
}
