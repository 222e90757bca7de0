/* check.c - the type checker: scopes, package-level declarations, lazy
 * resolution, methods, function bodies, initialization order, and the
 * final pass that leaves every expression typed for the interpreter.
 *
 * Ported from gc's types2 (resolver.go, decl.go, initorder.go) where the
 * rules or messages matter. The checker never stops at an error: it
 * reports (lang_errs keeps the one gc prints first) and carries on with
 * invalid operands that silence follow-on errors.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ------------------------------------------------------------ memory */

void *lang__check_alloc(checker *c, size_t n)
{
    return lang__arena_alloc(c->a, n);
}

void lang__check_push(checker *c, void ***v, uint32_t *n, uint32_t *cap, void *x)
{
    if (*n == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        void **nv = lang__check_alloc(c, nc * sizeof *nv);
        if (*n)
            memcpy(nv, *v, *n * sizeof *nv);
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = x;
}

#define PUSH(c, arr, n, cap, x) lang__check_push((c), (void ***)&(arr), &(n), &(cap), (x))

/* ------------------------------------------------------------ scopes */

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static scope *new_scope(checker *c, scope *parent, lang_func *fn)
{
    scope *s = lang__check_alloc(c, sizeof *s);
    s->parent = parent;
    s->fn = fn;
    return s;
}

obj *lang__check_lookup_local(scope *s, const char *name)
{
    if (!s->nbuckets)
        return NULL;
    for (obj *o = s->buckets[hash_name(name) & (s->nbuckets - 1)]; o; o = o->next)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

static void scope_insert(checker *c, scope *s, obj *o)
{
    if (s->n + 1 > s->nbuckets) {
        uint32_t nb = s->nbuckets ? s->nbuckets * 4 : 8;
        obj **b = lang__check_alloc(c, nb * sizeof *b);
        for (uint32_t i = 0; i < s->nbuckets; i++) {
            obj *x = s->buckets[i];
            while (x) {
                obj *next = x->next;
                uint32_t h = hash_name(x->name) & (nb - 1);
                x->next = b[h];
                b[h] = x;
                x = next;
            }
        }
        s->buckets = b;
        s->nbuckets = nb;
    }
    uint32_t h = hash_name(o->name) & (s->nbuckets - 1);
    o->next = s->buckets[h];
    s->buckets[h] = o;
    s->n++;
}

obj *lang__check_lookup(checker *c, const char *name)
{
    for (scope *s = c->cur; s; s = s->parent) {
        obj *o = lang__check_lookup_local(s, name);
        if (o)
            return o;
    }
    return NULL;
}

obj *lang__check_new_obj(checker *c, objkind k, const char *name, lang_pos pos)
{
    obj *o = lang__check_alloc(c, sizeof *o);
    o->kind = k;
    o->name = name;
    o->pos = pos;
    return o;
}

void lang__check_declare(checker *c, scope *s, obj *o)
{
    if (strcmp(o->name, "_") == 0)
        return;
    obj *alt = lang__check_lookup_local(s, o->name);
    if (alt) {
        lang__err_at(c->errs, o->pos,
                     "%s redeclared in this block\n\t%s:%u:%u: other declaration of %s", o->name,
                     c->errs->filename, alt->pos.line, alt->pos.col, o->name);
        return;
    }
    scope_insert(c, s, o);
}

scope *lang__check_open_scope(checker *c)
{
    c->cur = new_scope(c, c->cur, c->fc ? c->fc->fn : NULL);
    return c->cur;
}

void lang__check_close_scope(checker *c)
{
    c->cur = c->cur->parent;
}

/* ------------------------------------------------------------ variables */

static uint32_t add_slot(checker *c, lang_var *v)
{
    fnctx *f = c->fc;
    PUSH(c, f->slots, f->nslots, f->capslots, v);
    return f->nslots - 1;
}

lang_var *lang__check_new_var(checker *c, const char *name, lang_pos pos, lang_type *t,
                              lang_varkind kind)
{
    lang_var *v = lang__check_alloc(c, sizeof *v);
    v->name = name;
    v->pos = pos;
    v->type = t;
    v->kind = kind;
    v->id = ++c->nvars;
    if (kind == LANG_VAR_GLOBAL) {
        v->index = c->nglobals;
        PUSH(c, c->globals, c->nglobals, c->capglobals, v);
    } else {
        v->owner = c->fc->fn;
        v->index = add_slot(c, v);
    }
    return v;
}

/* Index of v in the captures of function context f, adding it (and the
 * captures of the enclosing literals) as needed. */
static uint32_t cap_hash(const lang_var *v, uint32_t size)
{
    uintptr_t x = (uintptr_t)v;
    x ^= x >> 15;
    x *= 0x2c1b3c6dU;
    return (uint32_t)(x ^ (x >> 12)) & (size - 1);
}

static void capidx_insert(fnctx *f, const lang_var *v, uint32_t idx)
{
    uint32_t h = cap_hash(v, f->capidx_size);
    while (f->capidx[h])
        h = (h + 1) & (f->capidx_size - 1);
    f->capidx[h] = idx + 1;
}

static uint32_t capture_index(checker *c, fnctx *f, lang_var *v)
{
    if (f->capidx_size) {
        for (uint32_t h = cap_hash(v, f->capidx_size); f->capidx[h];
             h = (h + 1) & (f->capidx_size - 1))
            if (f->caps[f->capidx[h] - 1].var == v)
                return f->capidx[h] - 1;
    }
    lang_capture cap;
    memset(&cap, 0, sizeof cap);
    cap.var = v;
    if (f->outer && f->outer->fn == v->owner) {
        cap.from_upval = false;
        cap.index = v->index;
    } else if (f->outer) {
        cap.from_upval = true;
        cap.index = capture_index(c, f->outer, v);
    }
    if (f->ncaps == f->capcaps) {
        uint32_t nc = f->capcaps ? f->capcaps * 2 : 4;
        lang_capture *nv = lang__check_alloc(c, nc * sizeof *nv);
        if (f->ncaps)
            memcpy(nv, f->caps, f->ncaps * sizeof *nv);
        f->caps = nv;
        f->capcaps = nc;
    }
    f->caps[f->ncaps] = cap;
    if ((f->ncaps + 1) * 2 > f->capidx_size) {
        f->capidx_size = f->capidx_size ? f->capidx_size * 2 : 16;
        f->capidx = lang__check_alloc(c, f->capidx_size * sizeof *f->capidx);
        for (uint32_t i = 0; i < f->ncaps; i++)
            capidx_insert(f, f->caps[i].var, i);
    }
    capidx_insert(f, v, f->ncaps);
    return f->ncaps++;
}

lang_ref lang__check_var_ref(checker *c, lang_var *v)
{
    lang_ref r;
    memset(&r, 0, sizeof r);
    r.var = v;
    if (v->kind == LANG_VAR_GLOBAL) {
        r.kind = LANG_REF_GLOBAL;
        r.index = v->index;
    } else if (!c->fc || v->owner == c->fc->fn) {
        r.kind = LANG_REF_LOCAL;
        r.index = v->index;
    } else {
        v->captured = true;
        r.kind = LANG_REF_UPVAL;
        r.index = capture_index(c, c->fc, v);
    }
    return r;
}

/* ------------------------------------------------------------ dependencies */

void lang__check_add_dep(checker *c, obj *o)
{
    obj *d = c->decl;
    if (!d || !o->pkg_level)
        return;
    if (o->kind != OBJ_VAR && o->kind != OBJ_CONST && o->kind != OBJ_FUNC)
        return;
    for (uint32_t i = 0; i < d->deps.n; i++)
        if (d->deps.v[i] == o)
            return;
    PUSH(c, d->deps.v, d->deps.n, d->deps.cap, o);
}

/* ------------------------------------------------------------ universe */

static void universe_type(checker *c, const char *name, lang_type *t, const char *unsupported)
{
    lang_pos none = {0, 0};
    obj *o = lang__check_new_obj(c, OBJ_TYPE, name, none);
    o->type = t;
    o->color = 2;
    o->unsupported = unsupported;
    scope_insert(c, c->universe, o);
}

static void universe_builtin(checker *c, const char *name, lang_builtin b, const char *unsupported)
{
    lang_pos none = {0, 0};
    obj *o = lang__check_new_obj(c, OBJ_BUILTIN, name, none);
    o->builtin = b;
    o->color = 2;
    o->unsupported = unsupported;
    scope_insert(c, c->universe, o);
}

static void init_universe(checker *c)
{
    c->universe = new_scope(c, NULL, NULL);
    universe_type(c, "bool", lang__type_basic(LANG_T_BOOL), NULL);
    universe_type(c, "int", lang__type_basic(LANG_T_INT), NULL);
    universe_type(c, "string", lang__type_basic(LANG_T_STRING), NULL);
    universe_type(c, "error", lang__type_basic(LANG_T_ERROR), NULL);
    universe_type(c, "any", lang__type_basic(LANG_T_ANY), NULL);
    static const char *const unsup_types[] = {
        "int8",      "int16",      "int32",  "int64",   "uint",       "uint8",
        "uint16",    "uint32",     "uint64", "uintptr", "float32",    "float64",
        "complex64", "complex128", "byte",   "rune",    "comparable",
    };
    for (size_t i = 0; i < sizeof unsup_types / sizeof *unsup_types; i++)
        universe_type(c, unsup_types[i], lang__type_basic(LANG_T_INVALID), "type");
    lang_pos none = {0, 0};
    obj *t = lang__check_new_obj(c, OBJ_CONST, "true", none);
    t->type = lang__type_basic(LANG_T_UNTYPED_BOOL);
    t->val.kind = LANG_C_BOOL;
    t->val.i = 1;
    t->color = 2;
    scope_insert(c, c->universe, t);
    obj *f = lang__check_new_obj(c, OBJ_CONST, "false", none);
    f->type = lang__type_basic(LANG_T_UNTYPED_BOOL);
    f->val.kind = LANG_C_BOOL;
    f->color = 2;
    scope_insert(c, c->universe, f);
    obj *io = lang__check_new_obj(c, OBJ_CONST, "iota", none);
    io->type = lang__type_basic(LANG_T_UNTYPED_INT);
    io->val.kind = LANG_C_INT;
    io->is_iota = true;
    io->color = 2;
    scope_insert(c, c->universe, io);
    obj *n = lang__check_new_obj(c, OBJ_NIL, "nil", none);
    n->type = lang__type_basic(LANG_T_UNTYPED_NIL);
    n->color = 2;
    scope_insert(c, c->universe, n);
    universe_builtin(c, "len", LANG_B_LEN, NULL);
    universe_builtin(c, "cap", LANG_B_CAP, NULL);
    universe_builtin(c, "make", LANG_B_MAKE, NULL);
    universe_builtin(c, "new", LANG_B_NEW, NULL);
    universe_builtin(c, "close", LANG_B_CLOSE, NULL);
    universe_builtin(c, "panic", LANG_B_PANIC, NULL);
    universe_builtin(c, "recover", LANG_B_RECOVER, NULL);
    universe_builtin(c, "print", LANG_B_PRINT, NULL);
    universe_builtin(c, "println", LANG_B_PRINTLN, NULL);
    static const char *const unsup_builtins[] = {"append", "copy", "delete", "complex", "real",
                                                 "imag",   "min",  "max",    "clear"};
    for (size_t i = 0; i < sizeof unsup_builtins / sizeof *unsup_builtins; i++)
        universe_builtin(c, unsup_builtins[i], LANG_B_NONE, "builtin");
}

/* ------------------------------------------------------------ package objects */

static void add_pkg_obj(checker *c, obj *o)
{
    o->pkg_level = true;
    PUSH(c, c->pkgobjs, c->npkgobjs, c->cappkgobjs, o);
    o->order = c->npkgobjs;
    lang__check_declare(c, c->pkg, o);
}

static lang_pkg import_pkg(const char *path, const char **name)
{
    static const struct {
        const char *path;
        lang_pkg pkg;
    } known[] = {
        {"\"fmt\"", LANG_PKG_FMT},       {"\"time\"", LANG_PKG_TIME},
        {"\"sync\"", LANG_PKG_SYNC},     {"\"os\"", LANG_PKG_OS},
        {"\"errors\"", LANG_PKG_ERRORS}, {"\"runtime\"", LANG_PKG_RUNTIME},
        {"`fmt`", LANG_PKG_FMT},         {"`time`", LANG_PKG_TIME},
        {"`sync`", LANG_PKG_SYNC},       {"`os`", LANG_PKG_OS},
        {"`errors`", LANG_PKG_ERRORS},   {"`runtime`", LANG_PKG_RUNTIME},
    };
    static const char *const names[] = {"", "fmt", "time", "sync", "os", "errors", "runtime"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (strcmp(known[i].path, path) == 0) {
            *name = names[known[i].pkg];
            return known[i].pkg;
        }
    *name = NULL;
    return LANG_PKG_NONE;
}

static void collect_import(checker *c, lang_spec *s)
{
    if (!s->path)
        return; /* bad literal: reported by the lexer */
    const char *name;
    lang_pkg pkg = import_pkg(s->path, &name);
    s->pkg = pkg;
    if (pkg == LANG_PKG_NONE) {
        lang__err_at(c->errs, s->path_pos, "unsupported: import %s", s->path);
        return;
    }
    if (s->import_name) {
        if (strcmp(s->import_name, ".") == 0) {
            lang__err_at(c->errs, s->pos, "unsupported: dot import");
            return;
        }
        name = s->import_name;
    }
    obj *o = lang__check_new_obj(c, OBJ_PKG, name, s->pos);
    o->pkg = pkg;
    o->spec = s;
    o->color = 2;
    if (strcmp(name, "_") == 0)
        return;
    PUSH(c, c->imports, c->nimports, c->capimports, o);
    lang__check_declare(c, c->file, o);
}

/* Declares the constants of a const declaration (gc's resolver: iota is
 * the index in the group; an empty spec repeats the last values). */
static void collect_consts(checker *c, lang_decl *d)
{
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
            add_pkg_obj(c, o);
        }
        lang__check_arity(c, s->pos, s->names, s->name_pos, s->nnames, last ? last->values : NULL,
                          last ? last->nvalues : 0, true, inherited);
    }
}

static void collect_vars(checker *c, lang_decl *d)
{
    for (uint32_t k = 0; k < d->nspecs; k++) {
        lang_spec *s = d->specs[k];
        s->vars = lang__check_alloc(c, (s->nnames + 1) * sizeof *s->vars);
        obj **objs = lang__check_alloc(c, (s->nnames + 1) * sizeof *objs);
        for (uint32_t i = 0; i < s->nnames; i++) {
            obj *o = lang__check_new_obj(c, OBJ_VAR, s->names[i], s->name_pos[i]);
            o->spec = s;
            o->index = i;
            o->spec_objs = objs;
            objs[i] = o;
            add_pkg_obj(c, o);
        }
    }
}

static void collect_types(checker *c, lang_decl *d)
{
    for (uint32_t k = 0; k < d->nspecs; k++) {
        lang_typedecl *td = d->specs[k]->tdecl;
        obj *o = lang__check_new_obj(c, OBJ_TYPE, td->name, td->pos);
        o->tdecl = td;
        lang_type *t = lang__check_new_type(c, LANG_T_NAMED);
        t->name = td->name;
        t->pkg = "main";
        t->decl = td;
        td->type = t;
        add_pkg_obj(c, o);
    }
}

/* Pending methods, attached to their receiver types after collection. */
typedef struct mlist {
    lang_func **v;
    uint32_t n, cap;
} mlist;

static void collect(checker *c, mlist *methods)
{
    lang_program *p = c->prog;
    for (uint32_t i = 0; i < p->ndecls; i++) {
        lang_decl *d = p->decls[i];
        switch (d->kind) {
        case LANG_D_IMPORT:
            for (uint32_t k = 0; k < d->nspecs; k++)
                collect_import(c, d->specs[k]);
            break;
        case LANG_D_CONST:
            collect_consts(c, d);
            break;
        case LANG_D_VAR:
            collect_vars(c, d);
            break;
        case LANG_D_TYPE:
            collect_types(c, d);
            break;
        case LANG_D_FUNC: {
            lang_func *fn = d->fn;
            if (fn->recv) {
                PUSH(c, methods->v, methods->n, methods->cap, fn);
                obj *mo = lang__check_new_obj(c, OBJ_FUNC, fn->name, fn->name_pos);
                mo->fn = fn;
                mo->pkg_level = true;
                PUSH(c, c->pkgobjs, c->npkgobjs, c->cappkgobjs, mo);
                mo->order = c->npkgobjs;
                mo->color = 2;
                c->fnobj[fn->id] = mo;
                break;
            }
            if (strcmp(fn->name, "init") == 0) {
                lang__err_at(c->errs, fn->name_pos, "unsupported: func init");
                break;
            }
            if (strcmp(fn->name, "main") == 0 && (fn->sig.nparams || fn->sig.nresults))
                lang__err_at(c->errs, fn->name_pos,
                             "func main must have no arguments and no return values");
            if (!fn->body)
                lang__err_at(c->errs, fn->name_pos, "missing function body");
            obj *o = lang__check_new_obj(c, OBJ_FUNC, fn->name, fn->name_pos);
            o->fn = fn;
            c->fnobj[fn->id] = o;
            add_pkg_obj(c, o);
            break;
        }
        }
    }
    /* package-level names that clash with imports */
    for (uint32_t i = 0; i < c->nimports; i++) {
        obj *imp = c->imports[i];
        obj *alt = lang__check_lookup_local(c->pkg, imp->name);
        if (alt)
            lang__err_at(c->errs, alt->pos,
                         "%s already declared through import of package %s (%s)\n\t%s:%u:%u: "
                         "other declaration of %s",
                         alt->name, imp->name, imp->spec->path, c->errs->filename, imp->pos.line,
                         imp->pos.col, alt->name);
    }
}

/* ------------------------------------------------------------ arity */

/* types2 arity: names versus initialization expressions. */
void lang__check_arity(checker *c, lang_pos pos, const char **names, const lang_pos *name_pos,
                       uint32_t l, lang_expr **inits, uint32_t r, bool is_const, bool inherited)
{
    if (l < r) {
        lang_expr *n = inits[l];
        if (inherited)
            lang__check_errorf(c, pos, "extra init expr at %s:%u:%u", c->errs->filename,
                               n->pos.line, n->pos.col);
        else
            lang__check_errorf(c, n->pos, "extra init expr %e", n);
    } else if (l > r && (is_const || r != 1)) {
        lang__err_at(c->errs, name_pos[r], "missing init expr for %s", names[r]);
    }
}

/* ------------------------------------------------------------ lazy resolution */

void lang__check_const_obj(checker *c, obj *o)
{
    lang_type *T = NULL;
    bool saved_in_const = c->in_const;
    int64_t saved_iota = c->iota;
    lang_pos saved_errpos = c->errpos;
    c->in_const = true;
    c->iota = o->iota;
    if (o->inherited)
        c->errpos = o->pos;
    if (o->vtype) {
        T = lang__check_typexpr(c, o->vtype);
        if (!lang__check_is_invalid(T) && !(lang__type_under(T)->kind == LANG_T_INT ||
                                            lang__type_under(T)->kind == LANG_T_INT64 ||
                                            lang__type_under(T)->kind == LANG_T_BOOL ||
                                            lang__type_under(T)->kind == LANG_T_STRING)) {
            lang__check_errorf(c, o->vtype->pos, "invalid constant type %t", T);
            T = lang__type_basic(LANG_T_INVALID);
        }
    }
    operand x;
    memset(&x, 0, sizeof x);
    if (o->init) {
        lang__check_expr(c, &x, o->init);
    }
    if (!o->init || x.mode == X_INVALID || lang__check_is_invalid(x.type) ||
        (T && lang__check_is_invalid(T))) {
        o->type = T ? T : lang__type_basic(LANG_T_INVALID);
        if (lang__check_is_invalid(x.type) || !o->init)
            o->type = lang__type_basic(LANG_T_INVALID);
    } else if (x.mode != X_CONST) {
        lang__check_errorf(c, c->errpos.line ? c->errpos : x.expr->pos, "%o is not constant", &x);
        o->type = lang__type_basic(LANG_T_INVALID);
    } else {
        if (!T)
            T = x.type;
        lang__check_assignment(c, &x, T, "constant declaration");
        if (x.mode == X_INVALID) {
            o->type = lang__type_basic(LANG_T_INVALID);
        } else {
            o->type = T;
            o->val = x.val;
        }
    }
    c->in_const = saved_in_const;
    c->iota = saved_iota;
    c->errpos = saved_errpos;
}

static void var_decl(checker *c, obj *o)
{
    lang_spec *s = o->spec;
    lang_type *Tt = s->texpr ? lang__check_vartype(c, s->texpr) : NULL;
    uint32_t n = s->nnames;
    obj **vs = o->spec_objs;
    for (uint32_t i = 0; i < n; i++) {
        if (!s->vars[i])
            s->vars[i] = lang__check_new_var(c, s->names[i], s->name_pos[i], NULL, LANG_VAR_GLOBAL);
        vs[i]->var = s->vars[i];
        vs[i]->color = 1;
    }
    obj *saved = c->decl;
    c->decl = o;
    lang__check_var_spec(c, s, s->vars, NULL, Tt);
    c->decl = saved;
    for (uint32_t i = 0; i < n; i++) {
        vs[i]->type = s->vars[i]->type;
        vs[i]->color = 2;
        if (vs[i] != o)
            vs[i]->deps = o->deps;
    }
}

static void func_decl(checker *c, obj *o)
{
    /* while its signature is checked, a function has an empty signature
     * (types2 does the same, so self-references read func()) */
    o->type = lang__check_new_type(c, LANG_T_FUNC);
    o->type = lang__check_signature(c, &o->fn->sig);
    o->fn->type = o->type;
}

static void valid_type(checker *c, obj *o);

static void type_decl(checker *c, obj *o)
{
    lang_typedecl *td = o->tdecl;
    lang_type *t = td->type;
    o->type = t;
    lang_type *u = lang__check_typexpr(c, td->texpr);
    if (!lang__check_is_invalid(u) && lang__type_under(u)->kind != LANG_T_STRUCT) {
        lang__err_at(c->errs, td->texpr->pos, "unsupported: type declaration of a non-struct type");
        u = lang__type_basic(LANG_T_INVALID);
    }
    if (u->kind == LANG_T_NAMED)
        u = u->under ? u->under : lang__type_basic(LANG_T_INVALID);
    t->under = u;
    valid_type(c, o);
}

void lang__check_obj_decl(checker *c, obj *o)
{
    if (o->color == 2)
        return;
    if (o->color == 1) {
        /* a cycle: values are reported by the initialization order */
        if (o->kind == OBJ_CONST || o->kind == OBJ_VAR) {
            if (!o->type)
                o->type = lang__type_basic(LANG_T_INVALID);
        }
        return;
    }
    if (++c->depth > LANG_MAX_CHECK_DEPTH) {
        lang__err_at(c->errs, o->pos, "unsupported: declarations nested too deep");
        o->type = lang__type_basic(LANG_T_INVALID);
        o->color = 2;
        c->depth--;
        return;
    }
    o->color = 1;
    /* package-level declarations are checked in the package environment */
    scope *saved_cur = c->cur;
    fnctx *saved_fc = c->fc;
    obj *saved_decl = c->decl;
    c->cur = c->file;
    c->fc = NULL;
    switch (o->kind) {
    case OBJ_CONST:
        c->decl = o;
        lang__check_const_obj(c, o);
        break;
    case OBJ_VAR:
        var_decl(c, o);
        break;
    case OBJ_TYPE:
        type_decl(c, o);
        break;
    case OBJ_FUNC:
        func_decl(c, o);
        break;
    default:
        break;
    }
    c->cur = saved_cur;
    c->fc = saved_fc;
    c->decl = saved_decl;
    o->color = 2;
    c->depth--;
}

/* gc's validType: a struct may not contain itself by value. */
typedef struct vpath {
    const struct vpath *up;
    lang_typedecl *td;
} vpath;

static bool valid_type0(checker *c, const lang_type *t, const vpath *path, lang_typedecl *root)
{
    if (!t)
        return true;
    switch (t->kind) {
    case LANG_T_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++)
            if (!valid_type0(c, t->fields[i].type, path, root))
                return false;
        return true;
    case LANG_T_NAMED: {
        if (!t->decl)
            return true;
        uint32_t depth = 0;
        for (const vpath *p = path; p; p = p->up) {
            depth++;
            if (p->td == t->decl) {
                if (t->decl == root) {
                    lang_buf b = {0};
                    lang__buf_printf(&b, "invalid recursive type %s", root->name);
                    /* the cycle, from the root */
                    const vpath *items[LANG_MAX_DEPTH + 1];
                    uint32_t n = 0;
                    for (const vpath *q = path; q && n <= LANG_MAX_DEPTH; q = q->up)
                        items[n++] = q;
                    for (uint32_t k = n; k-- > 0;) {
                        lang__buf_printf(&b, "\n\t%s:%u:%u: %s refers to", c->errs->filename,
                                         items[k]->td->pos.line, items[k]->td->pos.col,
                                         items[k]->td->name);
                    }
                    lang__buf_printf(&b, "\n\t%s:%u:%u: %s", c->errs->filename, root->pos.line,
                                     root->pos.col, root->name);
                    lang__err_at(c->errs, root->pos, "%s", b.data);
                    lang__buf_free(&b);
                }
                return false;
            }
        }
        if (depth > LANG_MAX_DEPTH)
            return true;
        vpath np = {path, t->decl};
        return valid_type0(c, t->under, &np, root);
    }
    default:
        return true; /* pointers, channels and functions break cycles */
    }
}

static void valid_type(checker *c, obj *o)
{
    vpath p = {NULL, o->tdecl};
    if (!valid_type0(c, o->tdecl->type->under, &p, o->tdecl))
        o->tdecl->type->under = lang__type_basic(LANG_T_INVALID);
}

/* ------------------------------------------------------------ methods */

static void attach_methods(checker *c, mlist *m)
{
    for (uint32_t i = 0; i < m->n; i++) {
        lang_func *fn = m->v[i];
        lang_field_group *g = fn->recv;
        lang_expr *te = g->type;
        bool ptr = false;
        while (te && te->kind == LANG_E_PAREN)
            te = te->u.paren.x;
        if (te && te->kind == LANG_E_STAR) {
            ptr = true;
            te = te->u.star.x;
            while (te && te->kind == LANG_E_PAREN)
                te = te->u.paren.x;
        }
        fn->ptr_recv = ptr;
        if (!te || te->kind != LANG_E_IDENT) {
            if (te && te->kind != LANG_E_BAD)
                lang__err_at(c->errs, g->type->pos, "unsupported: method receiver type");
            continue;
        }
        obj *o = lang__check_lookup_local(c->pkg, te->u.ident.name);
        if (!o) {
            obj *u = lang__check_lookup_local(c->universe, te->u.ident.name);
            if (u && u->kind == OBJ_TYPE)
                lang__err_at(c->errs, te->pos, "cannot define new methods on non-local type %s",
                             te->u.ident.name);
            else
                lang__err_at(c->errs, te->pos, "undefined: %s", te->u.ident.name);
            continue;
        }
        if (o->kind != OBJ_TYPE) {
            lang__err_at(c->errs, te->pos, "%s is not a type", te->u.ident.name);
            continue;
        }
        lang_typedecl *td = o->tdecl;
        fn->recv_decl = td;
        if (strcmp(fn->name, "_") == 0)
            continue;
        lang_func *alt = lang__check_find_method(td, fn->name);
        if (alt) {
            lang__err_at(c->errs, fn->name_pos,
                         "%s.%s redeclared in this block\n\t%s:%u:%u: other declaration of %s",
                         td->name, fn->name, c->errs->filename, alt->name_pos.line,
                         alt->name_pos.col, fn->name);
            continue;
        }
        if (td->nmethods >= LANG_MAX_METHODS) {
            lang__err_at(c->errs, fn->name_pos, "unsupported: more than %u methods on a type",
                         LANG_MAX_METHODS);
            continue;
        }
        lang_func **nv = lang__check_alloc(c, (td->nmethods + 1) * sizeof *nv);
        if (td->nmethods)
            memcpy(nv, td->methods, td->nmethods * sizeof *nv);
        nv[td->nmethods++] = fn;
        td->methods = nv;
    }
}

/* Field and method name clashes, checked once the struct is known. */
static void check_method_fields(checker *c, lang_typedecl *td)
{
    const lang_type *u = td->type->under;
    if (!u || u->kind != LANG_T_STRUCT)
        return;
    for (uint32_t i = 0; i < td->nmethods; i++) {
        int f = lang__check_find_field(u, td->methods[i]->name);
        if (f >= 0)
            lang__err_at(c->errs, td->methods[i]->name_pos,
                         "field and method with the same name %s\n\t%s:%u:%u: other declaration "
                         "of %s",
                         td->methods[i]->name, c->errs->filename, u->fields[f].pos.line,
                         u->fields[f].pos.col, td->methods[i]->name);
    }
}

static void method_signature(checker *c, lang_func *fn)
{
    fn->type = lang__check_signature(c, &fn->sig);
}

/* ------------------------------------------------------------ function bodies */

/* Declares the receiver, parameters and results of fn in the current
 * (function) scope. */
static void declare_params(checker *c, lang_func *fn, lang_type *sig)
{
    if (fn->recv) {
        lang_type *rt = lang__type_basic(LANG_T_INVALID);
        if (fn->recv_decl) {
            rt = fn->recv_decl->type;
            if (fn->ptr_recv) {
                lang_type *p = lang__check_new_type(c, LANG_T_POINTER);
                p->elem = rt;
                rt = p;
            }
        }
        const char *name = fn->recv->nnames ? fn->recv->names[0] : "_";
        lang_pos pos = fn->recv->nnames ? fn->recv->name_pos[0] : fn->recv->type->pos;
        lang_var *v = lang__check_new_var(c, name, pos, rt, LANG_VAR_RECV);
        v->used = true;
        fn->recv_var = v;
        obj *o = lang__check_new_obj(c, OBJ_VAR, name, pos);
        o->var = v;
        o->type = rt;
        o->color = 2;
        o->used = true;
        lang__check_declare(c, c->cur, o);
    }
    uint32_t np = 0, nr = 0;
    for (uint32_t i = 0; i < fn->sig.nparams; i++)
        np += fn->sig.params[i].nnames ? fn->sig.params[i].nnames : 1;
    for (uint32_t i = 0; i < fn->sig.nresults; i++)
        nr += fn->sig.results[i].nnames ? fn->sig.results[i].nnames : 1;
    fn->params = lang__check_alloc(c, (np + 1) * sizeof *fn->params);
    fn->results = lang__check_alloc(c, (nr + 1) * sizeof *fn->results);
    for (int pass = 0; pass < 2; pass++) {
        const lang_field_group *groups = pass ? fn->sig.results : fn->sig.params;
        uint32_t ng = pass ? fn->sig.nresults : fn->sig.nparams;
        lang_type *const *types = pass ? sig->results : sig->params;
        uint32_t ntypes = pass ? sig->nresults : sig->nparams;
        uint32_t k = 0;
        for (uint32_t gi = 0; gi < ng; gi++) {
            const lang_field_group *g = &groups[gi];
            uint32_t nn = g->nnames ? g->nnames : 1;
            for (uint32_t j = 0; j < nn; j++, k++) {
                const char *name = g->nnames ? g->names[j] : "";
                lang_pos pos = g->nnames ? g->name_pos[j] : g->type->pos;
                lang_type *t = k < ntypes ? types[k] : lang__type_basic(LANG_T_INVALID);
                lang_var *v =
                    lang__check_new_var(c, name, pos, t, pass ? LANG_VAR_RESULT : LANG_VAR_PARAM);
                v->used = true;
                if (pass) {
                    fn->results[fn->nresults++] = v;
                    if (g->nnames)
                        fn->named_results = true;
                } else {
                    fn->params[fn->nparams++] = v;
                }
                if (g->nnames) {
                    obj *o = lang__check_new_obj(c, OBJ_VAR, name, pos);
                    o->var = v;
                    o->type = t;
                    o->color = 2;
                    o->used = true;
                    lang__check_declare(c, c->cur, o);
                }
            }
        }
    }
}

void lang__check_func_body(checker *c, lang_func *fn, lang_type *sig, obj *decl)
{
    fnctx f;
    memset(&f, 0, sizeof f);
    f.outer = c->fc;
    f.fn = fn;
    f.sig = sig;
    fn->type = sig;
    fnctx *saved_fc = c->fc;
    scope *saved_cur = c->cur;
    obj *saved_decl = c->decl;
    bool saved_in_const = c->in_const;
    c->in_const = false;
    if (decl)
        c->decl = decl;
    c->fc = &f;
    lang__check_open_scope(c);
    declare_params(c, fn, sig);
    if (fn->body) {
        lang__check_stmt_list(c, fn->body->stmts, fn->body->n);
        if (sig->nresults > 0 &&
            !lang__check_is_terminating_list(fn->body->stmts, fn->body->n, NULL))
            lang__err_at(c->errs, fn->body->rbrace, "missing return");
    }
    for (uint32_t i = 0; i < f.nlocals; i++) {
        obj *o = f.locals[i];
        if (!o->used && !(o->var && o->var->used))
            lang__err_at(c->errs, o->pos, "%s declared but not used", o->name);
    }
    c->cur = saved_cur;
    c->fc = saved_fc;
    c->decl = saved_decl;
    c->in_const = saved_in_const;
    fn->slots = f.slots;
    fn->nslots = f.nslots;
    fn->captures = f.caps;
    fn->ncaptures = f.ncaps;
}

/* ------------------------------------------------------------ initialization order */

/* A set of node indexes (open addressing; UINT32_MAX = empty, -2 = deleted). */
typedef struct iset {
    uint32_t *v;
    uint32_t cap, n, used;
} iset;

#define ISET_EMPTY UINT32_MAX
#define ISET_DEL   (UINT32_MAX - 1)

static void iset_add(iset *s, uint32_t x);

static void iset_grow(iset *s)
{
    uint32_t *old = s->v;
    uint32_t oldcap = s->cap;
    s->cap = s->cap ? s->cap * 2 : 8;
    s->v = lang__xmalloc(s->cap * sizeof *s->v);
    for (uint32_t i = 0; i < s->cap; i++)
        s->v[i] = ISET_EMPTY;
    s->n = s->used = 0;
    for (uint32_t i = 0; i < oldcap; i++)
        if (old[i] != ISET_EMPTY && old[i] != ISET_DEL)
            iset_add(s, old[i]);
    free(old);
}

static bool iset_has(const iset *s, uint32_t x)
{
    if (!s->cap)
        return false;
    for (uint32_t h = (x * 2654435761u) & (s->cap - 1);; h = (h + 1) & (s->cap - 1)) {
        if (s->v[h] == x)
            return true;
        if (s->v[h] == ISET_EMPTY)
            return false;
    }
}

static void iset_add(iset *s, uint32_t x)
{
    if (iset_has(s, x))
        return;
    if ((s->used + 1) * 2 > s->cap)
        iset_grow(s);
    for (uint32_t h = (x * 2654435761u) & (s->cap - 1);; h = (h + 1) & (s->cap - 1)) {
        if (s->v[h] == ISET_EMPTY) {
            s->v[h] = x;
            s->n++;
            s->used++;
            return;
        }
    }
}

static void iset_del(iset *s, uint32_t x)
{
    if (!s->cap)
        return;
    for (uint32_t h = (x * 2654435761u) & (s->cap - 1);; h = (h + 1) & (s->cap - 1)) {
        if (s->v[h] == x) {
            s->v[h] = ISET_DEL;
            s->n--;
            return;
        }
        if (s->v[h] == ISET_EMPTY)
            return;
    }
}

typedef struct gnode {
    obj *o;
    iset pred, succ;
    uint32_t ndeps;
    uint32_t heap_index;
    bool removed;
} gnode;

typedef struct graph {
    gnode *nodes;
    uint32_t n;
    uint32_t *heap;
    uint32_t nheap;
} graph;

static bool node_less(const graph *g, uint32_t a, uint32_t b)
{
    const gnode *x = &g->nodes[a], *y = &g->nodes[b];
    return x->ndeps < y->ndeps || (x->ndeps == y->ndeps && x->o->order < y->o->order);
}

static void heap_swap(graph *g, uint32_t i, uint32_t j)
{
    uint32_t t = g->heap[i];
    g->heap[i] = g->heap[j];
    g->heap[j] = t;
    g->nodes[g->heap[i]].heap_index = i;
    g->nodes[g->heap[j]].heap_index = j;
}

static void heap_up(graph *g, uint32_t i)
{
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (!node_less(g, g->heap[i], g->heap[p]))
            break;
        heap_swap(g, i, p);
        i = p;
    }
}

static void heap_down(graph *g, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < g->nheap && node_less(g, g->heap[l], g->heap[m]))
            m = l;
        if (r < g->nheap && node_less(g, g->heap[r], g->heap[m]))
            m = r;
        if (m == i)
            break;
        heap_swap(g, i, m);
        i = m;
    }
}

/* gc's findPath over the object dependencies. */
static bool find_path(checker *c, obj *from, obj *to, uint8_t *seen, obj ***path, uint32_t *n,
                      uint32_t *cap, uint32_t depth)
{
    uint32_t fi = from->order - 1;
    if (seen[fi] || depth > 10000)
        return false;
    seen[fi] = 1;
    for (uint32_t i = 0; i < from->deps.n; i++) {
        obj *d = from->deps.v[i];
        if (d == to || find_path(c, d, to, seen, path, n, cap, depth + 1)) {
            PUSH(c, *path, *n, *cap, d);
            return true;
        }
    }
    return false;
}

static void report_cycle(checker *c, obj **cycle, uint32_t n)
{
    obj *o = cycle[0];
    lang_buf b = {0};
    lang__buf_printf(&b, "initialization loop for %s", o->name);
    for (uint32_t i = n; i-- > 0;) {
        lang__buf_printf(&b, "\n\t%s:%u:%u: %s refers to", c->errs->filename, o->pos.line,
                         o->pos.col, o->name);
        o = cycle[i];
    }
    lang__buf_printf(&b, "\n\t%s:%u:%u: %s", c->errs->filename, o->pos.line, o->pos.col, o->name);
    lang__err_at(c->errs, cycle[0]->pos, "%s", b.data);
    lang__buf_free(&b);
}

static int cost_cmp(const void *a, const void *b)
{
    const gnode *x = *(gnode *const *)a, *y = *(gnode *const *)b;
    uint64_t cx = (uint64_t)x->pred.n * x->succ.n, cy = (uint64_t)y->pred.n * y->succ.n;
    if (cx != cy)
        return cx < cy ? -1 : 1;
    return x->o->order < y->o->order ? -1 : x->o->order > y->o->order;
}

static void init_order(checker *c)
{
    graph g;
    memset(&g, 0, sizeof g);
    uint32_t n = c->npkgobjs;
    g.nodes = lang__xmalloc((n + 1) * sizeof *g.nodes);
    memset(g.nodes, 0, (n + 1) * sizeof *g.nodes);
    g.n = n;
    for (uint32_t i = 0; i < n; i++)
        g.nodes[i].o = c->pkgobjs[i];
    uint64_t work = 0;
    const uint64_t max_work = 20000000;
    for (uint32_t i = 0; i < n; i++) {
        obj *o = c->pkgobjs[i];
        if (o->kind != OBJ_VAR && o->kind != OBJ_CONST && o->kind != OBJ_FUNC)
            continue;
        for (uint32_t k = 0; k < o->deps.n; k++) {
            uint32_t d = o->deps.v[k]->order - 1;
            iset_add(&g.nodes[i].succ, d);
            iset_add(&g.nodes[d].pred, i);
        }
    }
    /* remove function nodes, cheapest first */
    gnode **funcs = lang__xmalloc((n + 1) * sizeof *funcs);
    uint32_t nf = 0;
    for (uint32_t i = 0; i < n; i++)
        if (g.nodes[i].o->kind == OBJ_FUNC)
            funcs[nf++] = &g.nodes[i];
    qsort(funcs, nf, sizeof *funcs, cost_cmp);
    bool too_complex = false;
    for (uint32_t k = 0; k < nf && !too_complex; k++) {
        gnode *fnode = funcs[k];
        uint32_t self = (uint32_t)(fnode - g.nodes);
        for (uint32_t a = 0; a < fnode->pred.cap && !too_complex; a++) {
            uint32_t p = fnode->pred.v[a];
            if (p == ISET_EMPTY || p == ISET_DEL || p == self)
                continue;
            for (uint32_t b = 0; b < fnode->succ.cap; b++) {
                uint32_t s = fnode->succ.v[b];
                if (s == ISET_EMPTY || s == ISET_DEL || s == self)
                    continue;
                iset_add(&g.nodes[p].succ, s);
                iset_add(&g.nodes[s].pred, p);
                if (++work > max_work) {
                    too_complex = true;
                    break;
                }
            }
            iset_del(&g.nodes[p].succ, self);
        }
        for (uint32_t b = 0; b < fnode->succ.cap; b++) {
            uint32_t s = fnode->succ.v[b];
            if (s != ISET_EMPTY && s != ISET_DEL)
                iset_del(&g.nodes[s].pred, self);
        }
        fnode->removed = true;
    }
    free(funcs);
    if (too_complex) {
        lang__err_at(c->errs, c->prog->pkg_pos, "unsupported: initialization order too complex");
        goto out;
    }
    g.heap = lang__xmalloc((n + 1) * sizeof *g.heap);
    for (uint32_t i = 0; i < n; i++) {
        gnode *x = &g.nodes[i];
        if (x->removed || (x->o->kind != OBJ_VAR && x->o->kind != OBJ_CONST))
            continue;
        x->ndeps = x->succ.n;
        x->heap_index = g.nheap;
        g.heap[g.nheap++] = i;
    }
    for (uint32_t i = g.nheap / 2 + 1; i-- > 0;)
        if (i < g.nheap)
            heap_down(&g, i);
    {
        lang_spec **order = lang__check_alloc(c, (n + 1) * sizeof *order);
        uint32_t norder = 0;
        uint8_t *seen = lang__xmalloc(n + 1);
        int cycles_reported = 0;
        while (g.nheap) {
            uint32_t top = g.heap[0];
            heap_swap(&g, 0, g.nheap - 1);
            g.nheap--;
            heap_down(&g, 0);
            gnode *x = &g.nodes[top];
            x->heap_index = UINT32_MAX;
            if (x->ndeps > 0 && cycles_reported++ < 8) {
                memset(seen, 0, n + 1);
                obj **path = NULL;
                uint32_t pn = 0, pcap = 0;
                if (find_path(c, x->o, x->o, seen, &path, &pn, &pcap, 0))
                    report_cycle(c, path, pn);
            }
            for (uint32_t a = 0; a < x->pred.cap; a++) {
                uint32_t p = x->pred.v[a];
                if (p == ISET_EMPTY || p == ISET_DEL)
                    continue;
                gnode *pn = &g.nodes[p];
                if (pn->heap_index == UINT32_MAX || pn->removed)
                    continue;
                if (pn->ndeps)
                    pn->ndeps--;
                heap_up(&g, pn->heap_index);
            }
            obj *o = x->o;
            if (o->kind != OBJ_VAR || !o->spec || o->spec->nvalues == 0)
                continue;
            bool emitted = false;
            for (uint32_t k = 0; k < norder; k++)
                if (order[k] == o->spec) {
                    emitted = true;
                    break;
                }
            if (emitted && o->spec->nvalues == 1)
                continue;
            if (o->spec->nvalues == 1 || !emitted)
                order[norder++] = o->spec;
        }
        free(seen);
        c->prog->init_order = order;
        c->prog->ninit = norder;
    }
out:
    for (uint32_t i = 0; i < n; i++) {
        free(g.nodes[i].pred.v);
        free(g.nodes[i].succ.v);
    }
    free(g.nodes);
    free(g.heap);
}

/* ------------------------------------------------------------ final pass */

/* Whether the interpreter's hoisting walk (hoist_node in interp_expr.c)
 * can hoist anything at or below e: a superset (every call counts,
 * whatever its arguments), following the children that walk visits,
 * through the memo of a child that has one. */
static bool children_may_hoist(const lang_expr *e);

static bool node_may_hoist(const lang_expr *e)
{
    if (!e || e->mode == LANG_MODE_CONST || e->mode == LANG_MODE_TYPE)
        return false;
    return lang__expr_hoistable(e) || children_may_hoist(e);
}

static bool children_may_hoist(const lang_expr *e)
{
    if (e->hz_memo)
        return e->hz_memo == 2;
    switch (e->kind) {
    case LANG_E_PAREN:
        return node_may_hoist(e->u.paren.x);
    case LANG_E_CALL:
        return true;
    case LANG_E_UNARY:
        return node_may_hoist(e->u.unary.x);
    case LANG_E_STAR:
        return node_may_hoist(e->u.star.x);
    case LANG_E_BINARY:
        if (e->u.binary.op == LANG_OP_LAND || e->u.binary.op == LANG_OP_LOR)
            return false;
        return node_may_hoist(e->u.binary.x) || node_may_hoist(e->u.binary.y);
    case LANG_E_SELECTOR:
        return (e->u.sel.skind == LANG_SEL_FIELD || e->u.sel.skind == LANG_SEL_METHOD_VALUE) &&
               node_may_hoist(e->u.sel.x);
    case LANG_E_COMPOSITE:
        for (uint32_t i = 0; i < e->u.comp.nelts; i++) {
            const lang_expr *x = e->u.comp.elts[i];
            if (node_may_hoist(x->kind == LANG_E_KEYVALUE ? x->u.kv.value : x))
                return true;
        }
        return false;
    default:
        return false;
    }
}

static void hoist_memo(lang_expr *e)
{
    e->hz_memo = 0;
    e->hz_memo = children_may_hoist(e) ? 2 : 1;
}

/* Gives every expression left untyped its default type, so that a loaded
 * program never shows an untyped type to the interpreter. */
static void finalize_expr(checker *c, lang_expr *e);
static void finalize_stmts(checker *c, lang_stmt **v, uint32_t n);

static void finalize_list(checker *c, lang_expr **v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        finalize_expr(c, v[i]);
}

static void finalize_expr(checker *c, lang_expr *e)
{
    if (!e)
        return;
    if (e->type && lang__check_is_untyped(e->type) && e->type->kind != LANG_T_UNTYPED_NIL)
        e->type = lang__check_default(e->type);
    if (e->mode == LANG_MODE_CONST && e->cval.kind == LANG_C_NONE)
        e->mode = LANG_MODE_VALUE;
    switch (e->kind) {
    case LANG_E_COMPOSITE:
        finalize_list(c, e->u.comp.elts, e->u.comp.nelts);
        break;
    case LANG_E_FUNC_LIT:
        if (e->u.funclit.fn->body)
            finalize_stmts(c, e->u.funclit.fn->body->stmts, e->u.funclit.fn->body->n);
        break;
    case LANG_E_PAREN:
        finalize_expr(c, e->u.paren.x);
        break;
    case LANG_E_SELECTOR:
        finalize_expr(c, e->u.sel.x);
        break;
    case LANG_E_CALL:
        finalize_expr(c, e->u.call.fun);
        finalize_list(c, e->u.call.args, e->u.call.nargs);
        break;
    case LANG_E_UNARY:
        finalize_expr(c, e->u.unary.x);
        break;
    case LANG_E_STAR:
        finalize_expr(c, e->u.star.x);
        break;
    case LANG_E_BINARY:
        finalize_expr(c, e->u.binary.x);
        finalize_expr(c, e->u.binary.y);
        break;
    case LANG_E_KEYVALUE:
        finalize_expr(c, e->u.kv.value);
        break;
    default:
        break;
    }
    hoist_memo(e);
}

static void finalize_stmt(checker *c, lang_stmt *s)
{
    if (!s)
        return;
    switch (s->kind) {
    case LANG_S_EXPR:
        finalize_expr(c, s->u.expr.x);
        break;
    case LANG_S_SEND:
        finalize_expr(c, s->u.send.chan);
        finalize_expr(c, s->u.send.value);
        break;
    case LANG_S_INCDEC:
        finalize_expr(c, s->u.incdec.x);
        break;
    case LANG_S_ASSIGN:
        finalize_list(c, s->u.assign.lhs, s->u.assign.nlhs);
        finalize_list(c, s->u.assign.rhs, s->u.assign.nrhs);
        break;
    case LANG_S_VAR:
    case LANG_S_CONST: {
        lang_decl *d = s->u.decl.decl;
        for (uint32_t i = 0; i < d->nspecs; i++)
            finalize_list(c, d->specs[i]->values, d->specs[i]->nvalues);
        break;
    }
    case LANG_S_BLOCK:
        finalize_stmts(c, s->u.block.body->stmts, s->u.block.body->n);
        break;
    case LANG_S_IF:
        finalize_stmt(c, s->u.ifs.init);
        finalize_expr(c, s->u.ifs.cond);
        finalize_stmts(c, s->u.ifs.then->stmts, s->u.ifs.then->n);
        finalize_stmt(c, s->u.ifs.els);
        break;
    case LANG_S_FOR:
        finalize_stmt(c, s->u.fors.init);
        finalize_expr(c, s->u.fors.cond);
        finalize_stmt(c, s->u.fors.post);
        finalize_stmts(c, s->u.fors.body->stmts, s->u.fors.body->n);
        break;
    case LANG_S_RANGE:
        finalize_expr(c, s->u.range.key);
        finalize_expr(c, s->u.range.x);
        finalize_stmts(c, s->u.range.body->stmts, s->u.range.body->n);
        break;
    case LANG_S_SWITCH:
        finalize_stmt(c, s->u.sw.init);
        finalize_expr(c, s->u.sw.tag);
        for (uint32_t i = 0; i < s->u.sw.ncases; i++) {
            finalize_list(c, s->u.sw.cases[i].exprs, s->u.sw.cases[i].nexprs);
            finalize_stmts(c, s->u.sw.cases[i].body, s->u.sw.cases[i].nbody);
        }
        break;
    case LANG_S_SELECT:
        for (uint32_t i = 0; i < s->u.sel.ncases; i++) {
            finalize_stmt(c, s->u.sel.cases[i].comm);
            finalize_stmts(c, s->u.sel.cases[i].body, s->u.sel.cases[i].nbody);
        }
        break;
    case LANG_S_GO:
    case LANG_S_DEFER:
        finalize_expr(c, s->u.godefer.call);
        break;
    case LANG_S_RETURN:
        finalize_list(c, s->u.ret.results, s->u.ret.nresults);
        break;
    case LANG_S_LABELED:
        finalize_stmt(c, s->u.labeled.stmt);
        break;
    default:
        break;
    }
}

static void finalize_stmts(checker *c, lang_stmt **v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        finalize_stmt(c, v[i]);
}

static void finalize(checker *c)
{
    lang_program *p = c->prog;
    for (uint32_t i = 0; i < p->ndecls; i++) {
        lang_decl *d = p->decls[i];
        if (d->kind == LANG_D_FUNC && d->fn->body)
            finalize_stmts(c, d->fn->body->stmts, d->fn->body->n);
        if (d->kind == LANG_D_VAR || d->kind == LANG_D_CONST)
            for (uint32_t k = 0; k < d->nspecs; k++)
                finalize_list(c, d->specs[k]->values, d->specs[k]->nvalues);
    }
}

/* ------------------------------------------------------------ entry */

void lang__check_program(lang_program *p, lang_errs *errs)
{
    checker *c = lang__xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->prog = p;
    c->a = &p->arena;
    c->errs = errs;
    init_universe(c);
    c->pkg = new_scope(c, c->universe, NULL);
    c->file = new_scope(c, c->pkg, NULL);
    c->cur = c->file;
    c->fnobj = lang__check_alloc(c, (p->nfuncs + 1) * sizeof *c->fnobj);

    if (p->pkg_name && strcmp(p->pkg_name, "main") != 0)
        lang__err_at(errs, p->pkg_pos, "unsupported: package %s (only package main)", p->pkg_name);

    mlist methods = {0};
    collect(c, &methods);
    attach_methods(c, &methods);

    /* resolve every package-level object: types first, like gc */
    for (uint32_t i = 0; i < c->npkgobjs; i++)
        if (c->pkgobjs[i]->kind == OBJ_TYPE)
            lang__check_obj_decl(c, c->pkgobjs[i]);
    for (uint32_t i = 0; i < c->npkgobjs; i++)
        lang__check_obj_decl(c, c->pkgobjs[i]);
    for (uint32_t i = 0; i < c->npkgobjs; i++)
        if (c->pkgobjs[i]->kind == OBJ_TYPE)
            check_method_fields(c, c->pkgobjs[i]->tdecl);
    for (uint32_t i = 0; i < methods.n; i++)
        method_signature(c, methods.v[i]);

    /* function bodies in source order */
    for (uint32_t i = 0; i < p->ndecls; i++) {
        lang_decl *d = p->decls[i];
        if (d->kind != LANG_D_FUNC || !d->fn->body || !d->fn->type)
            continue;
        lang__check_func_body(c, d->fn, d->fn->type, c->fnobj[d->fn->id]);
    }

    for (uint32_t i = 0; i < c->nimports; i++) {
        obj *o = c->imports[i];
        if (o->used)
            continue;
        if (o->spec->import_name && strcmp(o->spec->import_name, o->spec->path + 1) != 0 &&
            !(strlen(o->spec->import_name) + 2 == strlen(o->spec->path) &&
              strncmp(o->spec->import_name, o->spec->path + 1, strlen(o->spec->import_name)) == 0))
            lang__err_at(errs, o->pos, "imported and not used: %s as %s", o->spec->path, o->name);
        else
            lang__err_at(errs, o->pos, "imported and not used: %s", o->spec->path);
    }

    init_order(c);
    finalize(c);
    obj *m = lang__check_lookup_local(c->pkg, "main");
    if (m && m->kind == OBJ_FUNC)
        p->main = m->fn;
    else if (!m && !errs->has)
        /* a link error: gc reports it only for programs that compile */
        lang__err_at(errs, p->pkg_pos, "function main is undeclared in the main package");

    p->globals = c->globals;
    p->nglobals = c->nglobals;
    p->nvars = c->nvars;
    free(c);
}
