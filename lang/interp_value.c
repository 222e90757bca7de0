/* interp_value.c - how the interpreter represents Go values (see iv in
 * interp.h): zero values, copies, stores, ==, interfaces and their dynamic
 * types, the rt_value that carries a value through channels and panics,
 * and Go's spelling of type names.
 *
 * Structs have value semantics on top of shared storage: an expression may
 * yield a variable's own storage, and every store copies. Interface values
 * are immutable boxes, so copying an interface copies the pointer.
 */
#include <string.h>

#include "interp.h"

/* ================================================================ pseudo types */

/* Dynamic types of values the library and the runtime make. They are
 * NAMED with no underlying type; only their addresses are compared. */
const lang_type lang__it_errstring = {
    .kind = LANG_T_NAMED, .name = "*errorString", .pkg = "errors"};
const lang_type lang__it_wraperror = {.kind = LANG_T_NAMED, .name = "*wrapError", .pkg = "fmt"};
const lang_type lang__it_rterror = {.kind = LANG_T_NAMED, .name = "errorString", .pkg = "runtime"};
const lang_type lang__it_plainerror = {
    .kind = LANG_T_NAMED, .name = "plainError", .pkg = "runtime"};
const lang_type lang__it_empty = {.kind = LANG_T_STRUCT};
static const lang_type it_int = {.kind = LANG_T_INT};
static const lang_type it_bool = {.kind = LANG_T_BOOL};
static const lang_type it_string = {.kind = LANG_T_STRING};

static bool is_pseudo(const lang_type *t)
{
    return t == &lang__it_errstring || t == &lang__it_wraperror || t == &lang__it_rterror ||
           t == &lang__it_plainerror;
}

static bool is_error_payload(const lang_type *t)
{
    return is_pseudo(t);
}

/* ================================================================ type predicates */

const lang_type *lang__val_under(const lang_type *t)
{
    while (t && t->kind == LANG_T_NAMED && t->under)
        t = t->under;
    return t;
}

bool lang__val_is_iface(const lang_type *t)
{
    t = lang__val_under(t);
    return t && (t->kind == LANG_T_ANY || t->kind == LANG_T_ERROR);
}

bool lang__val_is_struct(const lang_type *t)
{
    t = lang__val_under(t);
    return t && t->kind == LANG_T_STRUCT;
}

bool lang__val_is_sync(const lang_type *t)
{
    t = lang__val_under(t);
    return t && (t->kind == LANG_T_WAITGROUP || t->kind == LANG_T_MUTEX ||
                 t->kind == LANG_T_RWMUTEX || t->kind == LANG_T_ONCE);
}

bool lang__val_is_intlike(const lang_type *t)
{
    t = lang__val_under(t);
    return t && (t->kind == LANG_T_INT || t->kind == LANG_T_INT64 || t->kind == LANG_T_TIME ||
                 t->kind == LANG_T_UNTYPED_INT || t->kind == LANG_T_UNTYPED_RUNE);
}

static bool types_ident(const lang_type *const *a, const lang_type *const *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (!lang__val_type_ident(a[i], b[i]))
            return false;
    return true;
}

bool lang__val_type_ident(const lang_type *a, const lang_type *b)
{
    if (a == b)
        return true;
    if (!a || !b || is_pseudo(a) || is_pseudo(b) || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case LANG_T_NAMED:
        if (a->decl || b->decl)
            return a->decl == b->decl;
        return strcmp(a->name, b->name) == 0 &&
               strcmp(a->pkg ? a->pkg : "", b->pkg ? b->pkg : "") == 0;
    case LANG_T_POINTER:
        return lang__val_type_ident(a->elem, b->elem);
    case LANG_T_CHAN:
        return a->dir == b->dir && lang__val_type_ident(a->elem, b->elem);
    case LANG_T_FUNC:
    case LANG_T_TUPLE:
        return a->nparams == b->nparams && a->nresults == b->nresults &&
               types_ident((const lang_type *const *)a->params, (const lang_type *const *)b->params,
                           a->nparams) &&
               types_ident((const lang_type *const *)a->results,
                           (const lang_type *const *)b->results, a->nresults);
    case LANG_T_STRUCT:
        if (a->nfields != b->nfields)
            return false;
        for (uint32_t i = 0; i < a->nfields; i++)
            if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
                !lang__val_type_ident(a->fields[i].type, b->fields[i].type))
                return false;
        return true;
    default:
        return true;
    }
}

/* ================================================================ values */

iv lang__val_int(int64_t i)
{
    iv v;
    v.u.i = i;
    v.n = 0;
    return v;
}

iv lang__val_str(const char *s, int64_t n)
{
    iv v;
    v.u.s = s;
    v.n = n;
    return v;
}

/* Storage for the fields of a struct value. With access tracking on, a
 * hidden header before field 0 holds the object's number. */
static iv *struct_storage(const lang_type *u)
{
    size_t n = u->nfields ? u->nfields : 1;
    if (lang__acc_fn) {
        iv *st = lang__interp_alloc(sizeof(iv) * (n + 1));
        st[0].u.i = (int64_t)lang__acc_new_object();
        return st + 1;
    }
    return lang__interp_alloc(sizeof(iv) * n);
}

/* ================================================================ access tracking */

uint64_t lang__acc_field(const iv *st, uint32_t i)
{
    uint64_t id = (uint64_t)st[-1].u.i; /* goroutine << 32 | number */
    uint64_t g = id >> 32, n = id & 0xffffffffu;
    return LANG_OBJ(LANG_OBJ_FIELD, ((g & 0x1ffffu) << 42) | (n << 10) | (i & 0x3ffu));
}

void lang__acc_fields(const lang_type *u, const iv *st, bool write)
{
    if (!st)
        return;
    for (uint32_t i = 0; i < u->nfields; i++)
        lang__acc(lang__acc_field(st, i), write);
}

/* A sync value's handle is read (copied, compared) or written. */
static void acc_sync(const lang_type *u, bool write)
{
    if (u && (u->kind == LANG_T_WAITGROUP || u->kind == LANG_T_MUTEX || u->kind == LANG_T_RWMUTEX ||
              u->kind == LANG_T_ONCE))
        lang__acc(LANG_OBJ(LANG_OBJ_SYNC, 0), write);
}

iv lang__val_zero(const lang_type *t)
{
    iv v = {{0}, 0};
    const lang_type *u = lang__val_under(t);
    if (u && u->kind == LANG_T_STRUCT) {
        iv *st = struct_storage(u);
        for (uint32_t i = 0; i < u->nfields; i++)
            if (lang__val_is_struct(u->fields[i].type))
                st[i] = lang__val_zero(u->fields[i].type);
        v.u.p = st;
    }
    return v;
}

iv lang__val_copy(const lang_type *t, iv v)
{
    const lang_type *u = lang__val_under(t);
    if (!u || u->kind != LANG_T_STRUCT) {
        if (lang__acc_fn)
            acc_sync(u, false);
        return v;
    }
    if (!v.u.p)
        return lang__val_zero(t);
    const iv *src = v.u.p;
    if (lang__acc_fn)
        lang__acc_fields(u, src, false);
    iv *st = struct_storage(u);
    for (uint32_t i = 0; i < u->nfields; i++)
        st[i] = lang__val_copy(u->fields[i].type, src[i]);
    iv r = {{0}, 0};
    r.u.p = st;
    return r;
}

void lang__val_store(const lang_type *t, iv *dst, iv v)
{
    const lang_type *u = lang__val_under(t);
    if (!u || u->kind != LANG_T_STRUCT) {
        if (lang__acc_fn)
            acc_sync(u, true);
        *dst = v;
        return;
    }
    if (!dst->u.p || !v.u.p) {
        *dst = lang__val_copy(t, v);
        return;
    }
    if (dst->u.p == v.u.p)
        return;
    iv *d = dst->u.p;
    const iv *s = v.u.p;
    if (lang__acc_fn) {
        lang__acc_fields(u, s, false);
        lang__acc_fields(u, d, true);
    }
    for (uint32_t i = 0; i < u->nfields; i++)
        lang__val_store(u->fields[i].type, &d[i], s[i]);
}

static RT_NORETURN void uncomparable(const lang_type *t)
{
    char tmp[128];
    isb b;
    lang__sb_init(&b, tmp, sizeof tmp);
    lang__sb_puts(&b, "runtime error: comparing uncomparable type ");
    lang__val_type_name(&b, t);
    rt_panic_rterror(lang__sb_string(&b).u.s);
}

static bool iface_equal(const ibox *x, const ibox *y)
{
    if (x == y)
        return true;
    if (!x || !y || !lang__val_type_ident(x->t, y->t))
        return false;
    const lang_type *u = lang__val_under(x->t);
    if (u && u->kind == LANG_T_FUNC)
        uncomparable(x->t);
    return lang__val_equal(x->t, x->v, y->v);
}

bool lang__val_equal(const lang_type *t, iv a, iv b)
{
    const lang_type *u = lang__val_under(t);
    if (!u)
        return a.u.p == b.u.p;
    if (lang__acc_fn)
        acc_sync(u, false);
    switch (u->kind) {
    case LANG_T_BOOL:
    case LANG_T_INT:
    case LANG_T_INT64:
    case LANG_T_TIME:
    case LANG_T_UNTYPED_INT:
    case LANG_T_UNTYPED_RUNE:
    case LANG_T_UNTYPED_BOOL:
        return a.u.i == b.u.i;
    case LANG_T_STRING:
    case LANG_T_UNTYPED_STRING:
        return a.n == b.n && (a.n == 0 || memcmp(a.u.s, b.u.s, (size_t)a.n) == 0);
    case LANG_T_STRUCT: {
        const iv *x = a.u.p, *y = b.u.p;
        if (x == y)
            return true;
        if (lang__acc_fn) {
            lang__acc_fields(u, x, false);
            lang__acc_fields(u, y, false);
        }
        for (uint32_t i = 0; i < u->nfields; i++)
            if (!lang__val_equal(u->fields[i].type, x[i], y[i]))
                return false;
        return true;
    }
    case LANG_T_ANY:
    case LANG_T_ERROR:
        return iface_equal(a.u.p, b.u.p);
    default:
        return a.u.p == b.u.p;
    }
}

/* ================================================================ interfaces */

ibox *lang__val_box(const lang_type *t, iv v)
{
    if (!t || t->kind == LANG_T_UNTYPED_NIL)
        return NULL;
    if (lang__val_is_iface(t))
        return v.u.p;
    ibox *b = lang__interp_alloc(sizeof *b);
    b->t = t;
    b->v = lang__val_copy(t, v);
    return b;
}

/* Encodes rune r as UTF-8 (Go's string(rune) conversion: invalid runes
 * become U+FFFD). */
static iv rune_string(int64_t r)
{
    char *p = lang__interp_alloc(5);
    int n;
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        r = 0xFFFD;
    if (r < 0x80) {
        p[0] = (char)r;
        n = 1;
    } else if (r < 0x800) {
        p[0] = (char)(0xC0 | (r >> 6));
        p[1] = (char)(0x80 | (r & 0x3F));
        n = 2;
    } else if (r < 0x10000) {
        p[0] = (char)(0xE0 | (r >> 12));
        p[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        p[2] = (char)(0x80 | (r & 0x3F));
        n = 3;
    } else {
        p[0] = (char)(0xF0 | (r >> 18));
        p[1] = (char)(0x80 | ((r >> 12) & 0x3F));
        p[2] = (char)(0x80 | ((r >> 6) & 0x3F));
        p[3] = (char)(0x80 | (r & 0x3F));
        n = 4;
    }
    return lang__val_str(p, n);
}

iv lang__val_convert(const lang_type *dst, const lang_type *src, iv v)
{
    if (!src || src->kind == LANG_T_UNTYPED_NIL)
        return lang__val_zero(dst);
    if (lang__val_is_iface(dst)) {
        iv r = {{0}, 0};
        r.u.p = lang__val_box(src, v);
        return r;
    }
    const lang_type *du = lang__val_under(dst);
    if (du && du->kind == LANG_T_STRING && lang__val_is_intlike(src))
        return rune_string(v.u.i);
    return lang__val_copy(dst, v);
}

iv lang__val_error(const lang_type *dyn, const char *s, int64_t n)
{
    ierr *e = lang__interp_alloc(sizeof *e);
    e->s = s;
    e->n = n;
    ibox *b = lang__interp_alloc(sizeof *b);
    b->t = dyn;
    b->v.u.p = e;
    iv r = {{0}, 0};
    r.u.p = b;
    return r;
}

const lang_type *lang__val_dynamic(const lang_type *t, iv v, iv *out)
{
    if (!t || t->kind == LANG_T_UNTYPED_NIL) {
        out->u.p = NULL;
        out->n = 0;
        return NULL;
    }
    if (!lang__val_is_iface(t)) {
        *out = v;
        return t;
    }
    const ibox *b = v.u.p;
    if (!b) {
        out->u.p = NULL;
        out->n = 0;
        return NULL;
    }
    *out = b->v;
    return b->t;
}

/* ================================================================ rt_value */

/* The rt_value of a dynamic value without calling any method: what a
 * channel carries and the trace shows. */
static rt_value plain_rt(const lang_type *t, iv v)
{
    rt_value r = rt_nil();
    if (is_error_payload(t)) {
        const ierr *e = v.u.p;
        r = rt_strn(e->s, (size_t)e->n);
        r.kind = (t == &lang__it_rterror || t == &lang__it_plainerror) ? RT_V_RTERROR : RT_V_ERROR;
        return r;
    }
    const lang_type *u = lang__val_under(t);
    switch (u ? u->kind : LANG_T_INVALID) {
    case LANG_T_INT:
    case LANG_T_INT64:
    case LANG_T_TIME:
        return rt_int(v.u.i);
    case LANG_T_BOOL:
        return rt_bool(v.u.i != 0);
    case LANG_T_STRING:
        return rt_strn(v.u.s ? v.u.s : "", (size_t)v.n);
    case LANG_T_STRUCT:
        if (u->nfields == 0) {
            r = rt_empty();
            r.p = v.u.p;
            return r;
        }
        r = rt_str("struct");
        r.kind = RT_V_TEXT;
        r.p = v.u.p;
        return r;
    case LANG_T_POINTER:
        r = rt_str("pointer");
        break;
    case LANG_T_CHAN:
        r = rt_str("chan");
        break;
    case LANG_T_FUNC:
        r = rt_str("func");
        break;
    default:
        r = rt_str("value");
        break;
    }
    r.kind = RT_V_TEXT;
    r.p = v.u.p;
    return r;
}

rt_value lang__val_to_rt(const lang_type *t, iv v)
{
    if (lang__val_is_iface(t)) {
        ibox *b = v.u.p;
        if (!b)
            return rt_nil();
        rt_value r = plain_rt(b->t, b->v);
        r.p = b;
        return r;
    }
    if (lang__val_is_struct(t))
        v = lang__val_copy(t, v);
    return plain_rt(t, v);
}

iv lang__val_from_rt(const lang_type *t, rt_value r)
{
    iv v = {{0}, 0};
    if (lang__val_is_iface(t)) {
        if (r.p || r.kind == RT_V_NIL) {
            v.u.p = r.p;
            return v;
        }
        return lang__val_from_recover(r);
    }
    const lang_type *u = lang__val_under(t);
    switch (u ? u->kind : LANG_T_INVALID) {
    case LANG_T_INT:
    case LANG_T_INT64:
    case LANG_T_TIME:
    case LANG_T_BOOL:
        v.u.i = r.i;
        return v;
    case LANG_T_STRING:
        v.u.s = r.s;
        v.n = r.n;
        return v;
    case LANG_T_STRUCT:
        if (!r.p)
            return lang__val_zero(t);
        v.u.p = r.p;
        return v;
    default:
        v.u.p = r.p;
        return v;
    }
}

static rt_value text_value(isb *b)
{
    iv s = lang__sb_string(b);
    rt_value r = rt_strn(s.u.s, (size_t)s.n);
    r.kind = RT_V_TEXT;
    return r;
}

/* gc's preprintpanics when the method printing a panic value panicked
 * with pv (or, with pv NULL, panicwrap's runtime.plainError: a value
 * method called through a nil pointer): the fatal error's text,
 * RT_VF_PRINT_PANICS. */
static rt_value print_panics(const rt_value *pv)
{
    char tmp[128];
    isb b;
    lang__sb_init(&b, tmp, sizeof tmp);
    lang__sb_puts(&b, "panic while printing panic value: ");
    const ibox *box = pv ? lang__val_from_recover(*pv).u.p : NULL;
    if (box && box->t && box->t->kind == LANG_T_STRING) {
        lang__sb_put(&b, box->v.u.s, (size_t)box->v.n);
    } else {
        static const char nil_text[] = "panic called with nil argument";
        lang__sb_puts(&b, "type ");
        if (!pv)
            lang__sb_puts(&b, "runtime.plainError");
        else if (pv->kind == RT_V_RTERROR && pv->n == sizeof nil_text - 1 &&
                 memcmp(pv->s, nil_text, pv->n) == 0)
            lang__sb_puts(&b, "*runtime.PanicNilError"); /* go1.21+ panic(nil), R9 */
        else if (box && box->t)
            lang__val_type_name(&b, box->t);
    }
    if (pv && (pv->flags & RT_VF_SIGSEGV)) /* the throw comes while the signal's panic runs */
        lang__sb_puts(&b, "\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]");
    iv s = lang__sb_string(&b);
    rt_value r = rt_strn(s.u.s, (size_t)s.n);
    r.kind = RT_V_TEXT;
    r.flags = RT_VF_PRINT_PANICS;
    return r;
}

/* preprintpanics' deferred recover when the method panicked with pv: gc
 * throws right there, inside the deferred call, so not even a Goexit that
 * the method started and that is unwinding below it goes on. */
static void preprint_throw(void *ctx, rt_value pv)
{
    (void)ctx;
    rt_preprint_throw(print_panics(&pv));
}

/* The method m of a panic value, called as gc's preprintpanics does (with
 * a recover around it): its text in *r, or the program ends when it
 * panicked (preprint_throw); false when it panicked with nil (go1.19),
 * which leaves the value as if it had no method. */
static bool panic_value_method(interp *I, const lang_func *m, bool is_error, const lang_type *dt,
                               iv dv, bool deref, rt_value *r)
{
    if (deref && !dv.u.p) { /* the nil pointer wrapper panics: runtime.plainError */
        *r = print_panics(NULL);
        return true;
    }
    rt_value pv;
    int how;
    iv s = lang__call_string_method_caught(I, m, dt, dv, deref, preprint_throw, NULL, &how, &pv);
    if (how == 2)
        return false;
    /* A method that panicked (how 1) never comes back: preprint_throw
     * ended the program inside the catch. */
    *r = rt_strn(s.u.s ? s.u.s : "", (size_t)s.n);
    r->kind = is_error ? RT_V_ERROR : RT_V_TEXT;
    return true;
}

/* The Error (or else String) method of a panic value of dynamic type dt,
 * or NULL; *is_error tells which. */
static const lang_func *panic_method(const lang_type *dt, bool *deref, bool *is_error)
{
    *deref = false;
    *is_error = false;
    if (is_error_payload(dt))
        return NULL;
    const lang_func *m = lang__call_find_method(dt, "Error", deref);
    *is_error = m != NULL;
    if (!m)
        m = lang__call_find_method(dt, "String", deref);
    return m;
}

rt_value lang__val_preprint(void *ctx, const rt_value *v, bool *keep)
{
    interp *I = ctx;
    const ibox *box = v->p;
    bool deref, is_error;
    const lang_func *m = box && box->t ? panic_method(box->t, &deref, &is_error) : NULL;
    rt_value r = *v;
    if (m && !panic_value_method(I, m, is_error, box->t, box->v, deref, &r))
        *keep = true;
    r.p = v->p;
    return r;
}

rt_value lang__val_panic_value(const lang_type *t, iv v)
{
    iv dv;
    const lang_type *dt = lang__val_dynamic(t, v, &dv);
    if (!dt)
        return rt_nil(); /* panic(nil): the runtime applies R9 */
    ibox *box = lang__val_box(t, v);
    dv = box->v;
    rt_value r;
    bool deref, is_error;
    /* gc calls the Error or String method only when the panic is printed,
     * after the deferred calls (preprintpanics): the value is late, and
     * prints as it would without the method until the runtime asks
     * lang__val_preprint for its text. */
    const lang_func *m = panic_method(dt, &deref, &is_error);
    char tmp[128];
    isb b;
    lang__sb_init(&b, tmp, sizeof tmp);
    if (is_error_payload(dt)) {
        r = plain_rt(dt, dv);
    } else if (dt->kind == LANG_T_NAMED && !dt->decl && lang__val_is_intlike(dt)) {
        /* time.Duration is a fmt.Stringer: panic prints its String(). */
        lang__fmt_duration(&b, dv.u.i);
        r = text_value(&b);
    } else {
        const lang_type *u = lang__val_under(dt);
        switch (u->kind) {
        case LANG_T_INT:
        case LANG_T_INT64:
        case LANG_T_BOOL:
        case LANG_T_STRING:
            if (dt->kind == LANG_T_NAMED) {
                /* A defined basic type prints as main.MyInt(7) (P3). */
                lang__val_type_name(&b, dt);
                lang__sb_putc(&b, '(');
                if (u->kind == LANG_T_STRING) {
                    lang__sb_putc(&b, '"');
                    lang__sb_put(&b, dv.u.s, (size_t)dv.n);
                    lang__sb_putc(&b, '"');
                } else if (u->kind == LANG_T_BOOL) {
                    lang__sb_puts(&b, dv.u.i ? "true" : "false");
                } else {
                    lang__sb_int(&b, dv.u.i);
                }
                lang__sb_putc(&b, ')');
                r = text_value(&b);
            } else {
                r = plain_rt(dt, dv);
            }
            break;
        default:
            /* Go prints the type and an address, which is never stable;
             * ours is a fixed fake one so that outputs stay deterministic. */
            lang__sb_putc(&b, '(');
            lang__val_type_name(&b, dt);
            lang__sb_puts(&b, ") 0xc000012120");
            r = text_value(&b);
            break;
        }
    }
    if (m)
        r.flags |= RT_VF_LATE;
    r.p = box;
    return r;
}

iv lang__val_from_recover(rt_value r)
{
    iv v = {{0}, 0};
    if (r.p) {
        v.u.p = r.p;
        return v;
    }
    iv x = {{0}, 0};
    switch (r.kind) {
    case RT_V_NIL:
        return v;
    case RT_V_INT:
        x.u.i = r.i;
        v.u.p = lang__val_box(&it_int, x);
        return v;
    case RT_V_BOOL:
        x.u.i = r.i;
        v.u.p = lang__val_box(&it_bool, x);
        return v;
    case RT_V_ERROR:
        return lang__val_error(&lang__it_errstring, r.s, r.n);
    case RT_V_RTERROR:
        return lang__val_error(r.n >= 13 && memcmp(r.s, "runtime error", 13) == 0
                                   ? &lang__it_rterror
                                   : &lang__it_plainerror,
                               r.s, r.n);
    case RT_V_EMPTY:
        v.u.p = lang__val_box(&lang__it_empty, lang__val_zero(&lang__it_empty));
        return v;
    default: /* STR, TEXT */
        x.u.s = r.s;
        x.n = r.n;
        v.u.p = lang__val_box(&it_string, x);
        return v;
    }
}

/* ================================================================ type names */

static void type_list(isb *b, lang_type *const *ts, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            lang__sb_puts(b, ", ");
        lang__val_type_name(b, ts[i]);
    }
}

void lang__val_type_name(isb *b, const lang_type *t)
{
    if (!t) {
        lang__sb_puts(b, "<nil>");
        return;
    }
    switch (t->kind) {
    case LANG_T_NAMED:
        if (t->name && t->name[0] == '*') {
            lang__sb_putc(b, '*');
            lang__sb_puts(b, t->pkg ? t->pkg : "main");
            lang__sb_putc(b, '.');
            lang__sb_puts(b, t->name + 1);
        } else {
            lang__sb_puts(b, t->pkg ? t->pkg : "main");
            lang__sb_putc(b, '.');
            lang__sb_puts(b, t->name ? t->name : "?");
        }
        return;
    case LANG_T_BOOL:
    case LANG_T_UNTYPED_BOOL:
        lang__sb_puts(b, "bool");
        return;
    case LANG_T_INT:
    case LANG_T_UNTYPED_INT:
        lang__sb_puts(b, "int");
        return;
    case LANG_T_UNTYPED_RUNE:
        lang__sb_puts(b, "int32");
        return;
    case LANG_T_INT64:
        lang__sb_puts(b, "int64");
        return;
    case LANG_T_STRING:
    case LANG_T_UNTYPED_STRING:
        lang__sb_puts(b, "string");
        return;
    case LANG_T_UNTYPED_NIL:
        lang__sb_puts(b, "nil");
        return;
    case LANG_T_ANY:
        lang__sb_puts(b, "interface {}");
        return;
    case LANG_T_ERROR:
        lang__sb_puts(b, "error");
        return;
    case LANG_T_STRUCT:
        if (t->nfields == 0) {
            lang__sb_puts(b, "struct {}");
            return;
        }
        lang__sb_puts(b, "struct { ");
        for (uint32_t i = 0; i < t->nfields; i++) {
            if (i)
                lang__sb_puts(b, "; ");
            lang__sb_puts(b, t->fields[i].name);
            lang__sb_putc(b, ' ');
            lang__val_type_name(b, t->fields[i].type);
        }
        lang__sb_puts(b, " }");
        return;
    case LANG_T_POINTER:
        lang__sb_putc(b, '*');
        lang__val_type_name(b, t->elem);
        return;
    case LANG_T_CHAN:
        lang__sb_puts(b, t->dir == LANG_CHAN_RECV   ? "<-chan "
                         : t->dir == LANG_CHAN_SEND ? "chan<- "
                                                    : "chan ");
        lang__val_type_name(b, t->elem);
        return;
    case LANG_T_FUNC:
        lang__sb_puts(b, "func(");
        type_list(b, t->params, t->nparams);
        lang__sb_putc(b, ')');
        if (t->nresults == 1) {
            lang__sb_putc(b, ' ');
            lang__val_type_name(b, t->results[0]);
        } else if (t->nresults > 1) {
            lang__sb_puts(b, " (");
            type_list(b, t->results, t->nresults);
            lang__sb_putc(b, ')');
        }
        return;
    case LANG_T_TUPLE:
        lang__sb_putc(b, '(');
        type_list(b, t->results, t->nresults);
        lang__sb_putc(b, ')');
        return;
    case LANG_T_WAITGROUP:
        lang__sb_puts(b, "sync.WaitGroup");
        return;
    case LANG_T_MUTEX:
        lang__sb_puts(b, "sync.Mutex");
        return;
    case LANG_T_RWMUTEX:
        lang__sb_puts(b, "sync.RWMutex");
        return;
    case LANG_T_ONCE:
        lang__sb_puts(b, "sync.Once");
        return;
    case LANG_T_TIME:
        lang__sb_puts(b, "time.Time");
        return;
    default:
        lang__sb_puts(b, "?");
        return;
    }
}
