/* check_expr.c - expressions: identifiers, literals, selectors, composite
 * and function literals, unary and binary operators with constant
 * folding, and the rules for untyped values (types2 expr.go, operand.go,
 * assignments.go).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

static lang_type *T(lang_tkind k)
{
    return lang__type_basic(k);
}

static void set_invalid(operand *x, lang_expr *e)
{
    x->mode = X_INVALID;
    x->type = T(LANG_T_INVALID);
    x->expr = e;
}

/* ------------------------------------------------------------ recording */

void lang__check_set_const(operand *x, lang_expr *e)
{
    e->cval.kind = x->val.kind;
    e->cval.i = (int64_t)x->val.i;
    e->cval.s = x->val.s;
    e->cval.n = x->val.n;
}

void lang__check_record(checker *c, operand *x)
{
    (void)c;
    lang_expr *e = x->expr;
    if (!e)
        return;
    switch (x->mode) {
    case X_INVALID:
        e->mode = LANG_MODE_INVALID;
        break;
    case X_NOVALUE:
        e->mode = LANG_MODE_NOVALUE;
        break;
    case X_BUILTIN:
        e->mode = LANG_MODE_BUILTIN;
        break;
    case X_TYPE:
        e->mode = LANG_MODE_TYPE;
        break;
    case X_CONST:
        e->mode = LANG_MODE_CONST;
        break;
    case X_VAR:
        e->mode = LANG_MODE_VAR;
        break;
    case X_PKG:
        e->mode = LANG_MODE_PKG;
        break;
    default:
        e->mode = LANG_MODE_VALUE;
        break;
    }
    e->type = x->type;
    if (x->mode == X_CONST)
        lang__check_set_const(x, e);
}

/* types2 updateExprType: gives the untyped subexpressions of e their
 * final type. */
void lang__check_update_type(checker *c, lang_expr *e, lang_type *t)
{
    if (!e || !e->type || !lang__check_is_untyped(e->type))
        return;
    switch (e->kind) {
    case LANG_E_PAREN:
        lang__check_update_type(c, e->u.paren.x, t);
        break;
    case LANG_E_UNARY:
        if (e->mode != LANG_MODE_CONST)
            lang__check_update_type(c, e->u.unary.x, t);
        break;
    case LANG_E_BINARY:
        if (e->mode == LANG_MODE_CONST)
            break;
        switch (e->u.binary.op) {
        case LANG_OP_EQ:
        case LANG_OP_NE:
        case LANG_OP_LT:
        case LANG_OP_LE:
        case LANG_OP_GT:
        case LANG_OP_GE:
            break;
        case LANG_OP_SHL:
        case LANG_OP_SHR:
            lang__check_update_type(c, e->u.binary.x, t);
            break;
        default:
            lang__check_update_type(c, e->u.binary.x, t);
            lang__check_update_type(c, e->u.binary.y, t);
        }
        break;
    default:
        break;
    }
    e->type = t;
}

/* ------------------------------------------------------------ untyped values */

/* types2 implicitTypeAndValue: the type x gets in a context expecting
 * target, or NULL with *code (1 overflow, 2 invalid conversion). */
lang_type *lang__check_implicit_type(checker *c, operand *x, lang_type *target, int *code)
{
    *code = 0;
    if (x->mode == X_INVALID || !lang__check_is_untyped(x->type) || lang__check_is_invalid(target))
        return x->type;
    if (lang__check_is_untyped(target)) {
        lang_tkind xk = x->type->kind, tk = target->kind;
        bool xnum = xk == LANG_T_UNTYPED_INT || xk == LANG_T_UNTYPED_RUNE;
        bool tnum = tk == LANG_T_UNTYPED_INT || tk == LANG_T_UNTYPED_RUNE;
        if (xnum && tnum)
            return xk < tk ? target : x->type;
        if (xk != tk) {
            *code = 2;
            return NULL;
        }
        return x->type;
    }
    if (x->mode == X_NIL) {
        if (lang__check_has_nil(target))
            return target;
        *code = 2;
        return NULL;
    }
    const lang_type *u = lang__type_under(target);
    switch (u->kind) {
    case LANG_T_BOOL:
    case LANG_T_INT:
    case LANG_T_INT64:
    case LANG_T_STRING:
        if (x->mode == X_CONST) {
            if (!lang__check_representable(c, x, target, code)) {
                if (*code == 1 && !lang__check_is_numeric(x->type))
                    *code = 2;
                if (*code == 1 || (lang__check_is_numeric(x->type) &&
                                   (u->kind == LANG_T_INT || u->kind == LANG_T_INT64)))
                    *code = *code == 2 ? 2 : 1;
                return NULL;
            }
            return target;
        }
        switch (x->type->kind) {
        case LANG_T_UNTYPED_BOOL:
            if (u->kind != LANG_T_BOOL) {
                *code = 2;
                return NULL;
            }
            break;
        case LANG_T_UNTYPED_INT:
        case LANG_T_UNTYPED_RUNE:
            if (u->kind != LANG_T_INT && u->kind != LANG_T_INT64) {
                *code = 2;
                return NULL;
            }
            break;
        case LANG_T_UNTYPED_STRING:
            if (u->kind != LANG_T_STRING) {
                *code = 2;
                return NULL;
            }
            break;
        default:
            *code = 2;
            return NULL;
        }
        return target;
    case LANG_T_ANY:
        return lang__check_default(x->type);
    case LANG_T_ERROR:
        *code = 2;
        return NULL;
    default:
        *code = 2;
        return NULL;
    }
}

void lang__check_convert_untyped_probe(checker *c, operand *x, lang_type *target)
{
    int code;
    lang_type *t = lang__check_implicit_type(c, x, target, &code);
    if (!t)
        x->mode = X_INVALID;
    else
        x->type = t;
}

static void invalid_conversion(checker *c, int code, operand *x, lang_type *target)
{
    if (code == 1)
        lang__check_errorf(c, x->expr ? x->expr->pos : (lang_pos){0, 0}, "%o overflows %t", x,
                           target);
    else
        lang__check_errorf(c, x->expr ? x->expr->pos : (lang_pos){0, 0}, "cannot convert %o to %t",
                           x, target);
}

/* How gc writes the underlying types of the predeclared library types
 * (Go 1.19 sources), or NULL. */
const char *lang__check_predeclared_underlying(const lang_type *t)
{
    switch (t->kind) {
    case LANG_T_WAITGROUP:
        return "struct{noCopy sync.noCopy; state1 uint64; state2 uint32}";
    case LANG_T_MUTEX:
        return "struct{state int32; sema uint32}";
    case LANG_T_RWMUTEX:
        return "struct{w sync.Mutex; writerSem uint32; readerSem uint32; readerCount int32; "
               "readerWait int32}";
    case LANG_T_ONCE:
        return "struct{done uint32; m sync.Mutex}";
    case LANG_T_TIME:
        return "struct{wall uint64; ext int64; loc *time.Location}";
    default:
        return NULL;
    }
}

void lang__check_convert_untyped(checker *c, operand *x, lang_type *target)
{
    int code;
    lang_type *t = lang__check_implicit_type(c, x, target, &code);
    if (!t) {
        if (target->kind == LANG_T_ERROR) {
            lang__check_errorf(c, x->expr->pos, "cannot convert %o to interface{Error() string}",
                               x);
            x->mode = X_INVALID;
            return;
        }
        const char *under = lang__check_predeclared_underlying(target);
        if (under) {
            lang__check_errorf(c, x->expr->pos, "cannot convert %o to %s", x, under);
            x->mode = X_INVALID;
            return;
        }
        lang_type *shown = target;
        if (target->kind == LANG_T_NAMED && target->under)
            shown = target->under;
        invalid_conversion(c, code, x, shown);
        x->mode = X_INVALID;
        return;
    }
    if (t != x->type) {
        /* a constant that takes a default type (comparison with an
         * interface) must fit it, as when gc records its final type */
        int code2;
        if (x->mode == X_CONST && !lang__check_is_untyped(t) &&
            !lang__check_representable(c, x, t, &code2)) {
            invalid_conversion(c, 1, x, t);
            x->mode = X_INVALID;
            return;
        }
        x->type = t;
        lang__check_update_type(c, x->expr, t);
    }
}

void lang__check_single_value(checker *c, operand *x)
{
    if (x->mode == X_VALUE && x->type && x->type->kind == LANG_T_TUPLE) {
        lang__check_errorf(c, x->expr->pos, "multiple-value %o in single-value context", x);
        x->mode = X_INVALID;
    }
}

/* types2 assignment: x is assigned to a variable of type T (NULL: the
 * blank identifier). */
void lang__check_assignment(checker *c, operand *x, lang_type *Tt, const char *context)
{
    lang__check_single_value(c, x);
    switch (x->mode) {
    case X_INVALID:
        return;
    case X_CONST:
    case X_VAR:
    case X_VALUE:
    case X_NIL:
    case X_COMMAOK:
        break;
    default:
        lang__check_errorf(c, x->expr->pos, "cannot assign %o to %t in %s", x, Tt, context);
        x->mode = X_INVALID;
        return;
    }
    if (lang__check_is_untyped(x->type)) {
        lang_type *target = Tt;
        if (x->mode == X_NIL) {
            if (!Tt) {
                lang__check_errorf(c, x->expr->pos, "use of untyped nil in %s", context);
                x->mode = X_INVALID;
                return;
            }
        } else if (!Tt || lang__check_is_interface(Tt)) {
            target = lang__check_default(x->type);
        }
        if (x->mode == X_CONST && x->type->kind == LANG_T_UNTYPED_RUNE &&
            target->kind == LANG_T_INT && (!Tt || lang__check_is_interface(Tt))) {
            lang__err_at(c->errs, x->expr->pos, "unsupported: rune value (use int)");
            x->mode = X_INVALID;
            return;
        }
        int code;
        lang_type *nt = lang__check_implicit_type(c, x, target, &code);
        if (!nt) {
            char *msg =
                lang__check_sprintf(c, "cannot use %o as %t value in %s", x, target, context);
            lang__check_errorf(c, x->expr->pos, "%s%s", msg, code == 1 ? " (overflows)" : "");
            free(msg);
            x->mode = X_INVALID;
            return;
        }
        if (nt != x->type) {
            x->type = nt;
            lang__check_update_type(c, x->expr, nt);
        }
    }
    if (!Tt)
        return;
    lang_buf reason = {0};
    if (!lang__check_assignable(c, x, Tt, &reason)) {
        if (reason.len)
            lang__check_errorf(c, x->expr->pos, "cannot use %o as type %t in %s:\n\t%s", x, Tt,
                               context, reason.data);
        else
            lang__check_errorf(c, x->expr->pos, "cannot use %o as type %t in %s", x, Tt, context);
        x->mode = X_INVALID;
    }
    lang__buf_free(&reason);
}

/* ------------------------------------------------------------ identifiers */

void lang__check_ident(checker *c, operand *x, lang_expr *e, bool want_type)
{
    set_invalid(x, e);
    const char *name = e->u.ident.name;
    if (strcmp(name, "_") == 0) {
        lang__check_errorf(c, e->pos, "cannot use _ as value or type");
        return;
    }
    obj *o = lang__check_lookup(c, name);
    if (!o) {
        lang__check_errorf(c, e->pos, "undefined: %s", name);
        return;
    }
    lang_ref *r = &e->u.ident.ref;
    if (o->unsupported) {
        lang__err_at(c->errs, e->pos, "unsupported: %s %s", o->unsupported, name);
        return;
    }
    if (o->pkg_level && (o->color != 2 || (o->kind == OBJ_TYPE && want_type)))
        lang__check_obj_decl(c, o);
    switch (o->kind) {
    case OBJ_PKG:
        lang__check_errorf(c, e->pos, "use of package %s not in selector", o->name);
        return;
    case OBJ_CONST:
        lang__check_add_dep(c, o);
        if (o->is_iota) {
            if (!c->in_const) {
                lang__check_errorf(c, e->pos, "cannot use iota outside constant declaration");
                return;
            }
            x->val.kind = LANG_C_INT;
            x->val.i = c->iota;
        } else {
            if (!o->type || lang__check_is_invalid(o->type))
                return;
            x->val = o->val;
        }
        x->mode = X_CONST;
        x->type = o->type;
        r->kind = LANG_REF_CONST;
        break;
    case OBJ_TYPE:
        if (!o->type)
            return;
        x->mode = X_TYPE;
        x->type = o->type;
        r->kind = LANG_REF_TYPE;
        break;
    case OBJ_VAR:
        o->used = true;
        if (o->var)
            o->var->used = true;
        lang__check_add_dep(c, o);
        if (!o->type || lang__check_is_invalid(o->type) || !o->var)
            return;
        x->mode = X_VAR;
        x->type = o->type;
        *r = lang__check_var_ref(c, o->var);
        break;
    case OBJ_FUNC:
        lang__check_add_dep(c, o);
        if (!o->type)
            return;
        x->mode = X_VALUE;
        x->type = o->type;
        r->kind = LANG_REF_FUNC;
        r->fn = o->fn;
        break;
    case OBJ_BUILTIN:
        x->mode = X_BUILTIN;
        x->builtin = o->builtin;
        x->type = T(LANG_T_INVALID);
        r->kind = LANG_REF_BUILTIN;
        r->builtin = o->builtin;
        break;
    case OBJ_NIL:
        x->mode = X_NIL;
        x->type = T(LANG_T_UNTYPED_NIL);
        r->kind = LANG_REF_NIL;
        break;
    }
}

/* ------------------------------------------------------------ literals */

static void basic_lit(checker *c, operand *x, lang_expr *e)
{
    switch (e->u.lit.kind) {
    case LANG_LIT_INT: {
        int64_t v;
        bool overflow;
        if (!lang__lex_int_value(e->u.lit.text, e->u.lit.len, &v, &overflow)) {
            lang__check_errorf(c, e->pos, "malformed constant: %s", e->u.lit.text);
            set_invalid(x, e);
            return;
        }
        if (overflow) {
            lang__err_at(c->errs, e->pos, "unsupported: integer constant larger than 64 bits");
            set_invalid(x, e);
            return;
        }
        x->mode = X_CONST;
        x->type = T(LANG_T_UNTYPED_INT);
        x->val.kind = LANG_C_INT;
        x->val.i = v;
        break;
    }
    case LANG_LIT_RUNE: {
        int64_t v;
        if (!lang__lex_rune_value(e->u.lit.text, e->u.lit.len, &v)) {
            set_invalid(x, e);
            return;
        }
        x->mode = X_CONST;
        x->type = T(LANG_T_UNTYPED_RUNE);
        x->val.kind = LANG_C_INT;
        x->val.i = v;
        break;
    }
    default: {
        const char *s;
        uint32_t n;
        if (!lang__lex_string_value(c->a, e->u.lit.text, e->u.lit.len, &s, &n)) {
            set_invalid(x, e);
            return;
        }
        x->mode = X_CONST;
        x->type = T(LANG_T_UNTYPED_STRING);
        x->val.kind = LANG_C_STRING;
        x->val.s = s;
        x->val.n = n;
        break;
    }
    }
    x->expr = e;
}

static void composite_lit(checker *c, operand *x, lang_expr *e)
{
    lang_type *typ = lang__check_typexpr(c, e->u.comp.texpr);
    const lang_type *u = lang__type_under(typ);
    operand y;
    if (typ->kind >= LANG_T_WAITGROUP && typ->kind <= LANG_T_ONCE && e->u.comp.nelts == 0) {
        /* sync.WaitGroup{} and friends: the zero value */
        x->mode = X_VALUE;
        x->type = typ;
        x->expr = e;
        return;
    }
    if (lang__check_is_invalid(typ) || u->kind != LANG_T_STRUCT) {
        for (uint32_t i = 0; i < e->u.comp.nelts; i++) {
            lang_expr *el = e->u.comp.elts[i];
            if (el->kind == LANG_E_KEYVALUE)
                el = el->u.kv.value;
            lang__check_use(c, &el, 1);
        }
        if (!lang__check_is_invalid(typ))
            lang__check_errorf(c, e->pos, "invalid composite literal type %t", typ);
        set_invalid(x, e);
        return;
    }
    e->u.comp.nfields = u->nfields;
    e->u.comp.fields = lang__check_alloc(c, (u->nfields + 1) * sizeof *e->u.comp.fields);
    uint32_t n = e->u.comp.nelts;
    if (n > 0 && e->u.comp.elts[0]->kind == LANG_E_KEYVALUE) {
        for (uint32_t i = 0; i < n; i++) {
            lang_expr *el = e->u.comp.elts[i];
            if (el->kind != LANG_E_KEYVALUE) {
                lang__check_errorf(c, el->pos,
                                   "mixture of field:value and value elements in struct literal");
                continue;
            }
            lang__check_expr(c, &y, el->u.kv.value);
            lang_expr *key = el->u.kv.key;
            if (key->kind != LANG_E_IDENT) {
                lang__check_errorf(c, el->pos, "invalid field name %e in struct literal", key);
                continue;
            }
            int fi = lang__check_find_field(u, key->u.ident.name);
            if (fi < 0) {
                lang__check_errorf(c, key->pos, "unknown field '%s' in struct literal of type %t",
                                   key->u.ident.name, typ);
                continue;
            }
            key->type = u->fields[fi].type;
            el->u.kv.field = (uint32_t)fi;
            lang__check_assignment(c, &y, u->fields[fi].type, "struct literal");
            el->type = u->fields[fi].type;
            el->mode = LANG_MODE_VALUE;
            if (e->u.comp.fields[fi]) {
                lang__check_errorf(c, el->pos, "duplicate field name %s in struct literal",
                                   key->u.ident.name);
                continue;
            }
            e->u.comp.fields[fi] = el->u.kv.value;
        }
    } else {
        for (uint32_t i = 0; i < n; i++) {
            lang_expr *el = e->u.comp.elts[i];
            if (el->kind == LANG_E_KEYVALUE) {
                lang__check_errorf(c, el->pos,
                                   "mixture of field:value and value elements in struct literal");
                continue;
            }
            lang__check_expr(c, &y, el);
            if (i >= u->nfields) {
                lang__check_errorf(c, y.expr->pos, "too many values in %t{…}", typ);
                break;
            }
            lang__check_assignment(c, &y, u->fields[i].type, "struct literal");
            e->u.comp.fields[i] = el;
        }
        if (n < u->nfields && n > 0)
            lang__check_errorf(c, e->u.comp.rbrace, "too few values in %t{…}", typ);
    }
    x->mode = X_VALUE;
    x->type = typ;
    x->expr = e;
}

static void func_lit(checker *c, operand *x, lang_expr *e)
{
    lang_func *fn = e->u.funclit.fn;
    lang_type *sig = lang__check_signature(c, &fn->sig);
    fn->type = sig;
    lang__check_func_body(c, fn, sig, NULL);
    x->mode = X_VALUE;
    x->type = sig;
    x->expr = e;
}

/* ------------------------------------------------------------ selectors */

static lang_expr *implicit(checker *c, lang_ekind k, lang_expr *x, lang_type *t)
{
    lang_expr *n = lang__check_alloc(c, sizeof *n);
    n->kind = k;
    n->pos = x->pos;
    n->implicit = true;
    n->type = t;
    if (k == LANG_E_STAR) {
        n->u.star.x = x;
        n->mode = LANG_MODE_VAR;
    } else {
        n->u.unary.op = LANG_OP_AND;
        n->u.unary.x = x;
        n->mode = LANG_MODE_VALUE;
    }
    return n;
}

/* Marks the variable behind an addressable expression as addressed. */
static void mark_addressed(lang_expr *x)
{
    while (x && x->kind == LANG_E_PAREN)
        x = x->u.paren.x;
    if (x && x->kind == LANG_E_IDENT && x->u.ident.ref.var)
        x->u.ident.ref.var->addressed = true;
}

static lang_builtin sync_method(lang_tkind k, const char *name)
{
    static const struct {
        lang_tkind k;
        const char *name;
        lang_builtin b;
    } t[] = {
        {LANG_T_WAITGROUP, "Add", LANG_B_WG_ADD},       {LANG_T_WAITGROUP, "Done", LANG_B_WG_DONE},
        {LANG_T_WAITGROUP, "Wait", LANG_B_WG_WAIT},     {LANG_T_MUTEX, "Lock", LANG_B_MUTEX_LOCK},
        {LANG_T_MUTEX, "Unlock", LANG_B_MUTEX_UNLOCK},  {LANG_T_RWMUTEX, "Lock", LANG_B_RW_LOCK},
        {LANG_T_RWMUTEX, "Unlock", LANG_B_RW_UNLOCK},   {LANG_T_RWMUTEX, "RLock", LANG_B_RW_RLOCK},
        {LANG_T_RWMUTEX, "RUnlock", LANG_B_RW_RUNLOCK}, {LANG_T_ONCE, "Do", LANG_B_ONCE_DO},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (t[i].k == k && strcmp(t[i].name, name) == 0)
            return t[i].b;
    return LANG_B_NONE;
}

static bool is_exported_sync_method(lang_tkind k, const char *name)
{
    static const char *const mutex[] = {"TryLock"};
    static const char *const rw[] = {"TryLock", "TryRLock", "RLocker"};
    if (k == LANG_T_MUTEX)
        return strcmp(name, mutex[0]) == 0;
    if (k == LANG_T_RWMUTEX)
        for (size_t i = 0; i < 3; i++)
            if (strcmp(name, rw[i]) == 0)
                return true;
    return false;
}

/* Exported package-level names of the six packages (Go 1.19), to tell
 * "undefined: fmt.Foo" (not in the package) from "unsupported: fmt.Fscan". */
static const char *const pkg_exports[] = {
    "",
    /* fmt */
    " Append Appendf Appendln Errorf Formatter Fprint Fprintf Fprintln Fscan Fscanf "
    "Fscanln GoStringer Print Printf Println Scan ScanState Scanf Scanln Scanner "
    "Sprint Sprintf Sprintln Sscan Sscanf Sscanln State Stringer ",
    /* time */
    " ANSIC After AfterFunc April August Date December Duration February FixedZone "
    "Friday Hour January July June Kitchen Layout LoadLocation "
    "LoadLocationFromTZData Local Location March May Microsecond Millisecond Minute "
    "Monday Month Nanosecond NewTicker NewTimer November Now October Parse "
    "ParseDuration ParseError ParseInLocation RFC1123 RFC1123Z RFC3339 RFC3339Nano "
    "RFC822 RFC822Z RFC850 RubyDate Saturday Second September Since Sleep Stamp "
    "StampMicro StampMilli StampNano Sunday Thursday Tick Ticker Time Timer Tuesday "
    "UTC Unix UnixDate UnixMicro UnixMilli Until Wednesday Weekday ",
    /* sync */
    " Cond Locker Map Mutex NewCond Once Pool RWMutex WaitGroup ",
    /* os */
    " Args Chdir Chmod Chown Chtimes Clearenv Create CreateTemp DevNull DirEntry "
    "DirFS Environ ErrClosed ErrDeadlineExceeded ErrExist ErrInvalid ErrNoDeadline "
    "ErrNotExist ErrPermission ErrProcessDone Executable Exit Expand ExpandEnv File "
    "FileInfo FileMode FindProcess Getegid Getenv Geteuid Getgid Getgroups "
    "Getpagesize Getpid Getppid Getuid Getwd Hostname Interrupt IsExist IsNotExist "
    "IsPathSeparator IsPermission IsTimeout Kill Lchown Link LinkError LookupEnv "
    "Lstat Mkdir MkdirAll MkdirTemp ModeAppend ModeCharDevice ModeDevice ModeDir "
    "ModeExclusive ModeIrregular ModeNamedPipe ModePerm ModeSetgid ModeSetuid "
    "ModeSocket ModeSticky ModeSymlink ModeTemporary ModeType NewFile "
    "NewSyscallError O_APPEND O_CREATE O_EXCL O_RDONLY O_RDWR O_SYNC O_TRUNC "
    "O_WRONLY Open OpenFile PathError PathListSeparator PathSeparator Pipe ProcAttr "
    "Process ProcessState ReadDir ReadFile Readlink Remove RemoveAll Rename SEEK_CUR "
    "SEEK_END SEEK_SET SameFile Setenv Signal StartProcess Stat Stderr Stdin Stdout "
    "Symlink SyscallError TempDir Truncate Unsetenv UserCacheDir UserConfigDir "
    "UserHomeDir WriteFile ",
    /* errors */
    " As Is New Unwrap ",
    /* runtime */
    " BlockProfile BlockProfileRecord Breakpoint CPUProfile Caller Callers "
    "CallersFrames Compiler Error Frame Frames Func FuncForPC GC GOARCH GOMAXPROCS "
    "GOOS GOROOT Goexit GoroutineProfile Gosched KeepAlive LockOSThread MemProfile "
    "MemProfileRate MemProfileRecord MemStats MutexProfile NumCPU NumCgoCall "
    "NumGoroutine ReadMemStats ReadTrace SetBlockProfileRate SetCPUProfileRate "
    "SetCgoTraceback SetFinalizer SetMutexProfileFraction Stack StackRecord "
    "StartTrace StopTrace ThreadCreateProfile TypeAssertionError UnlockOSThread "
    "Version ",
};

bool lang__check_pkg_exports(lang_pkg pkg, const char *name)
{
    const char *list = pkg_exports[pkg];
    size_t n = strlen(name);
    for (const char *s = strstr(list, name); s; s = strstr(s + 1, name))
        if (s[-1] == ' ' && s[n] == ' ')
            return true;
    return false;
}

/* Package members: functions, constants, types. */
static void pkg_member(checker *c, operand *x, lang_expr *e, obj *pkgobj)
{
    static const struct {
        lang_pkg pkg;
        const char *name;
        lang_builtin b;
    } funcs[] = {
        {LANG_PKG_FMT, "Println", LANG_B_FMT_PRINTLN},
        {LANG_PKG_FMT, "Print", LANG_B_FMT_PRINT},
        {LANG_PKG_FMT, "Printf", LANG_B_FMT_PRINTF},
        {LANG_PKG_FMT, "Sprintf", LANG_B_FMT_SPRINTF},
        {LANG_PKG_FMT, "Sprint", LANG_B_FMT_SPRINT},
        {LANG_PKG_FMT, "Sprintln", LANG_B_FMT_SPRINTLN},
        {LANG_PKG_FMT, "Errorf", LANG_B_FMT_ERRORF},
        {LANG_PKG_TIME, "Sleep", LANG_B_TIME_SLEEP},
        {LANG_PKG_TIME, "After", LANG_B_TIME_AFTER},
        {LANG_PKG_OS, "Exit", LANG_B_OS_EXIT},
        {LANG_PKG_ERRORS, "New", LANG_B_ERRORS_NEW},
        {LANG_PKG_RUNTIME, "Goexit", LANG_B_RUNTIME_GOEXIT},
        {LANG_PKG_RUNTIME, "Gosched", LANG_B_RUNTIME_GOSCHED},
        {LANG_PKG_RUNTIME, "NumGoroutine", LANG_B_RUNTIME_NUMGOROUTINE},
    };
    static const struct {
        const char *name;
        int64_t ns;
    } durations[] = {
        {"Nanosecond", 1},      {"Microsecond", 1000},     {"Millisecond", 1000000},
        {"Second", 1000000000}, {"Minute", 60000000000LL}, {"Hour", 3600000000000LL},
    };
    const char *sel = e->u.sel.sel;
    lang_pkg pkg = pkgobj->pkg;
    e->u.sel.skind = LANG_SEL_PKG;
    for (size_t i = 0; i < sizeof funcs / sizeof *funcs; i++)
        if (funcs[i].pkg == pkg && strcmp(funcs[i].name, sel) == 0) {
            x->mode = X_BUILTIN;
            x->builtin = funcs[i].b;
            x->type = T(LANG_T_INVALID);
            x->expr = e;
            e->u.sel.builtin = funcs[i].b;
            return;
        }
    if (pkg == LANG_PKG_TIME)
        for (size_t i = 0; i < sizeof durations / sizeof *durations; i++)
            if (strcmp(durations[i].name, sel) == 0) {
                x->mode = X_CONST;
                x->type = lang__type_duration();
                x->val.kind = LANG_C_INT;
                x->val.i = durations[i].ns;
                x->expr = e;
                return;
            }
    lang_type *t = NULL;
    if (pkg == LANG_PKG_SYNC) {
        if (strcmp(sel, "WaitGroup") == 0)
            t = T(LANG_T_WAITGROUP);
        else if (strcmp(sel, "Mutex") == 0)
            t = T(LANG_T_MUTEX);
        else if (strcmp(sel, "RWMutex") == 0)
            t = T(LANG_T_RWMUTEX);
        else if (strcmp(sel, "Once") == 0)
            t = T(LANG_T_ONCE);
    } else if (pkg == LANG_PKG_TIME) {
        if (strcmp(sel, "Duration") == 0)
            t = lang__type_duration();
        else if (strcmp(sel, "Time") == 0)
            t = T(LANG_T_TIME);
    }
    if (t) {
        x->mode = X_TYPE;
        x->type = t;
        x->expr = e;
        return;
    }
    static const char *const pkgnames[] = {"", "fmt", "time", "sync", "os", "errors", "runtime"};
    if (lang__check_pkg_exports(pkg, sel))
        lang__err_at(c->errs, e->u.sel.sel_pos, "unsupported: %s.%s", pkgnames[pkg], sel);
    else
        lang__check_errorf(c, e->u.sel.sel_pos, "undefined: %s.%s", pkgobj->name, sel);
    set_invalid(x, e);
}

void lang__check_selector(checker *c, operand *x, lang_expr *e)
{
    const char *sel = e->u.sel.sel;
    lang_expr *xe = e->u.sel.x;
    if (xe->kind == LANG_E_IDENT) {
        obj *o = lang__check_lookup(c, xe->u.ident.name);
        if (o && o->kind == OBJ_PKG) {
            o->used = true;
            xe->mode = LANG_MODE_PKG;
            xe->u.ident.ref.kind = LANG_REF_PKG;
            xe->u.ident.ref.pkg = o->pkg;
            pkg_member(c, x, e, o);
            return;
        }
    }
    lang__check_expr_or_type(c, x, xe);
    switch (x->mode) {
    case X_INVALID:
        set_invalid(x, e);
        return;
    case X_BUILTIN:
        lang__check_errorf(c, e->u.sel.dot_pos, "cannot select on %o", x);
        set_invalid(x, e);
        return;
    case X_TYPE: {
        const lang_type *b = x->type;
        if (b->kind == LANG_T_NAMED && b->decl && lang__check_find_method(b->decl, sel)) {
            lang__err_at(c->errs, e->pos, "unsupported: method expression");
        } else if (!lang__check_is_invalid(b)) {
            const lang_type *bu = lang__type_under(b);
            bool field = bu && bu->kind == LANG_T_STRUCT && lang__check_find_field(bu, sel) >= 0;
            lang__check_errorf(c, e->u.sel.sel_pos,
                               field ? "%e.%s undefined (type %t has no method %s)"
                                     : "%e.%s undefined (type %t has no field or method %s)",
                               xe, sel, x->type, sel);
        }
        set_invalid(x, e);
        return;
    }
    default:
        break;
    }
    lang__check_single_value(c, x);
    if (x->mode == X_INVALID) {
        set_invalid(x, e);
        return;
    }
    lang_type *t = x->type;
    lang_type *base = t;
    bool ptr = false;
    if (t->kind == LANG_T_POINTER) {
        base = t->elem;
        ptr = true;
    }
    const lang_type *bu = lang__type_under(base);
    bool addressable = x->mode == X_VAR;
    /* user methods */
    if (base->kind == LANG_T_NAMED && base->decl) {
        lang_func *m = lang__check_find_method(base->decl, sel);
        if (m) {
            if (!m->type)
                m->type = lang__check_signature(c, &m->sig);
            if (c->fnobj[m->id])
                lang__check_add_dep(c, c->fnobj[m->id]);
            if (m->ptr_recv) {
                if (!ptr) {
                    if (!addressable) {
                        lang__check_errorf(c, e->u.sel.sel_pos,
                                           "cannot call pointer method %s on %t", sel, t);
                        set_invalid(x, e);
                        return;
                    }
                    lang_type *pt = lang__check_new_type(c, LANG_T_POINTER);
                    pt->elem = base;
                    mark_addressed(xe);
                    e->u.sel.x = implicit(c, LANG_E_UNARY, xe, pt);
                }
            } else if (ptr) {
                e->u.sel.x = implicit(c, LANG_E_STAR, xe, base);
            }
            e->u.sel.skind = LANG_SEL_METHOD_VALUE;
            e->u.sel.method = m;
            x->mode = X_VALUE;
            x->type = m->type;
            x->expr = e;
            return;
        }
    }
    /* fields */
    if (bu && bu->kind == LANG_T_STRUCT) {
        int fi = lang__check_find_field(bu, sel);
        if (fi >= 0) {
            if (ptr)
                e->u.sel.x = implicit(c, LANG_E_STAR, xe, base);
            e->u.sel.skind = LANG_SEL_FIELD;
            e->u.sel.field = (uint32_t)fi;
            x->mode = (addressable || ptr) ? X_VAR : X_VALUE;
            x->type = bu->fields[fi].type;
            x->expr = e;
            return;
        }
    }
    /* methods of predeclared types */
    lang_builtin b = sync_method(base->kind, sel);
    if (b != LANG_B_NONE) {
        if (!ptr) {
            if (!addressable) {
                lang__check_errorf(c, e->u.sel.sel_pos, "cannot call pointer method %s on %t", sel,
                                   t);
                set_invalid(x, e);
                return;
            }
            lang_type *pt = lang__check_new_type(c, LANG_T_POINTER);
            pt->elem = base;
            mark_addressed(xe);
            e->u.sel.x = implicit(c, LANG_E_UNARY, xe, pt);
        }
        e->u.sel.skind = LANG_SEL_BUILTIN;
        e->u.sel.builtin = b;
        x->mode = X_BUILTIN;
        x->builtin = b;
        x->recv = e->u.sel.x;
        x->type = T(LANG_T_INVALID);
        x->expr = e;
        return;
    }
    if (!ptr && base->kind == LANG_T_ERROR && strcmp(sel, "Error") == 0) {
        e->u.sel.skind = LANG_SEL_BUILTIN;
        e->u.sel.builtin = LANG_B_ERROR_ERROR;
        x->mode = X_BUILTIN;
        x->builtin = LANG_B_ERROR_ERROR;
        x->recv = xe;
        x->type = T(LANG_T_INVALID);
        x->expr = e;
        return;
    }
    if (is_exported_sync_method(base->kind, sel) ||
        (base == lang__type_duration() && sel[0] >= 'A' && sel[0] <= 'Z')) {
        lang_buf tb = {0};
        lang__type_write(&tb, base);
        lang__err_at(c->errs, e->u.sel.sel_pos, "unsupported: method %s.%s", tb.data, sel);
        lang__buf_free(&tb);
        set_invalid(x, e);
        return;
    }
    if (lang__check_is_invalid(base)) {
        set_invalid(x, e);
        return;
    }
    char *why = lang__check_sprintf(c, "type %t has no field or method %s", t, sel);
    /* capitalization hint (types2) */
    if (sel[0]) {
        size_t n = strlen(sel);
        char *alt = lang__check_alloc(c, n + 1);
        memcpy(alt, sel, n + 1);
        if (alt[0] >= 'a' && alt[0] <= 'z')
            alt[0] = (char)(alt[0] - 32);
        else if (alt[0] >= 'A' && alt[0] <= 'Z')
            alt[0] = (char)(alt[0] + 32);
        bool found = false;
        if (base->kind == LANG_T_NAMED && base->decl && lang__check_find_method(base->decl, alt))
            found = true;
        if (bu && bu->kind == LANG_T_STRUCT && lang__check_find_field(bu, alt) >= 0)
            found = true;
        if (sync_method(base->kind, alt) != LANG_B_NONE)
            found = true;
        if (found) {
            char *w2 = lang__check_sprintf(c, "%s, but does have %s", why, alt);
            free(why);
            why = w2;
        }
    }
    lang__check_errorf(c, e->u.sel.sel_pos, "%e.%s undefined (%s)", xe, sel, why);
    free(why);
    set_invalid(x, e);
}

/* ------------------------------------------------------------ operators */

static bool overflow_check(checker *c, operand *x, lang_expr *e, lang_pos op_pos)
{
    if (x->val.kind == LANG_C_INT && !lang__check_is_untyped(x->type)) {
        int code;
        if (!lang__check_representable(c, x, x->type, &code)) {
            x->expr = e;
            invalid_conversion(c, 1, x, x->type->kind == LANG_T_NAMED ? x->type->under : x->type);
            x->mode = X_INVALID;
            return false;
        }
    }
    (void)op_pos;
    return true;
}

static void unsupported_big(checker *c, operand *x, lang_pos pos)
{
    lang__err_at(c->errs, pos, "unsupported: constant too large");
    x->mode = X_INVALID;
}

static void unary(checker *c, operand *x, lang_expr *e)
{
    lang_op op = e->u.unary.op;
    lang__check_expr(c, x, e->u.unary.x);
    if (x->mode == X_INVALID)
        return;
    switch (op) {
    case LANG_OP_AND: {
        lang_expr *inner = e->u.unary.x;
        while (inner->kind == LANG_E_PAREN)
            inner = inner->u.paren.x;
        if (inner->kind != LANG_E_COMPOSITE && x->mode != X_VAR) {
            lang__check_errorf(c, x->expr->pos, "invalid operation: cannot take address of %o", x);
            x->mode = X_INVALID;
            return;
        }
        const lang_type *u = lang__type_under(x->type);
        if (u->kind != LANG_T_STRUCT &&
            !(x->type->kind >= LANG_T_WAITGROUP && x->type->kind <= LANG_T_ONCE)) {
            lang_buf b = {0};
            lang__type_write(&b, x->type);
            lang__err_at(c->errs, e->pos, "unsupported: pointer to %s", b.data);
            lang__buf_free(&b);
            x->mode = X_INVALID;
            return;
        }
        mark_addressed(inner);
        lang_type *p = lang__check_new_type(c, LANG_T_POINTER);
        p->elem = x->type;
        x->mode = X_VALUE;
        x->type = p;
        x->expr = e;
        return;
    }
    case LANG_OP_RECV: {
        const lang_type *u = lang__type_under(x->type);
        if (u->kind != LANG_T_CHAN) {
            lang__check_errorf(c, x->expr->pos,
                               "invalid operation: cannot receive from non-channel %o", x);
            x->mode = X_INVALID;
            return;
        }
        if (u->dir == LANG_CHAN_SEND) {
            lang__check_errorf(c, x->expr->pos,
                               "invalid operation: cannot receive from send-only channel %o", x);
            x->mode = X_INVALID;
            return;
        }
        x->mode = X_COMMAOK;
        x->type = u->elem;
        x->expr = e;
        return;
    }
    default:
        break;
    }
    bool ok;
    switch (op) {
    case LANG_OP_ADD:
    case LANG_OP_SUB:
        ok = lang__check_is_numeric(x->type);
        break;
    case LANG_OP_XOR:
        ok = lang__check_is_integer(x->type);
        break;
    case LANG_OP_NOT:
        ok = lang__check_is_boolean(x->type);
        break;
    default:
        ok = false;
    }
    if (!ok) {
        lang__check_errorf(c, x->expr->pos, "invalid operation: operator %s not defined on %o",
                           lang__lex_opstring(op), x);
        x->mode = X_INVALID;
        return;
    }
    if (x->mode == X_CONST) {
        switch (op) {
        case LANG_OP_SUB:
            x->val.i = -x->val.i;
            break;
        case LANG_OP_XOR:
            x->val.i = ~x->val.i;
            break;
        case LANG_OP_NOT:
            x->val.i = !x->val.i;
            break;
        default:
            break;
        }
        x->expr = e;
        overflow_check(c, x, e, e->pos);
        return;
    }
    x->mode = X_VALUE;
    x->expr = e;
}

static bool is_comparison(lang_op op)
{
    return op == LANG_OP_EQ || op == LANG_OP_NE || op == LANG_OP_LT || op == LANG_OP_LE ||
           op == LANG_OP_GT || op == LANG_OP_GE;
}

static const char *kind_string(checker *c, const lang_type *t, lang_buf *b)
{
    (void)c;
    const lang_type *u = lang__type_under(t);
    switch (u->kind) {
    case LANG_T_STRUCT:
        return "struct";
    case LANG_T_POINTER:
        return "pointer";
    case LANG_T_FUNC:
        return "func";
    case LANG_T_ANY:
    case LANG_T_ERROR:
        return "interface";
    case LANG_T_CHAN:
        return "chan";
    default:
        lang__type_write(b, t);
        return b->data;
    }
}

void lang__check_comparison(checker *c, operand *x, operand *y, lang_op op, bool switch_case)
{
    if (switch_case)
        op = LANG_OP_EQ;
    operand *errop = x;
    char *cause = NULL;
    lang_buf kb = {0};
    bool ok =
        lang__check_assignable(c, x, y->type, NULL) || lang__check_assignable(c, y, x->type, NULL);
    if (x->mode == X_INVALID || y->mode == X_INVALID) {
        x->mode = X_INVALID;
        return;
    }
    if (!ok) {
        errop = y;
        cause = lang__check_sprintf(c, "mismatched types %t and %t", x->type, y->type);
        goto error;
    }
    if (op == LANG_OP_EQ || op == LANG_OP_NE) {
        if (x->mode == X_NIL || y->mode == X_NIL) {
            lang_type *t = x->mode == X_NIL ? y->type : x->type;
            if (!lang__check_has_nil(t)) {
                errop = y;
                goto error;
            }
        } else if (!lang__check_comparable(x->type)) {
            errop = x;
            goto incomparable;
        } else if (!lang__check_comparable(y->type)) {
            errop = y;
            goto incomparable;
        }
        /* sync values compare by their hidden state: outside the subset */
        const lang_type *ux = lang__type_under(x->type);
        if ((x->type->kind >= LANG_T_WAITGROUP && x->type->kind <= LANG_T_ONCE) ||
            x->type->kind == LANG_T_TIME ||
            (ux->kind == LANG_T_STRUCT && ux->nfields > 0 && x->mode != X_NIL)) {
            bool has_sync = false;
            if (ux->kind == LANG_T_STRUCT)
                for (uint32_t i = 0; i < ux->nfields; i++) {
                    const lang_type *ft = ux->fields[i].type;
                    if ((ft->kind >= LANG_T_WAITGROUP && ft->kind <= LANG_T_ONCE) ||
                        lang__type_under(ft)->kind == LANG_T_STRUCT)
                        has_sync = true;
                }
            else
                has_sync = true;
            if (has_sync) {
                lang__err_at(c->errs, x->expr->pos, "unsupported: comparison of %s values",
                             ux->kind == LANG_T_STRUCT ? "nested struct" : "sync");
                x->mode = X_INVALID;
                return;
            }
        }
    } else {
        if (!(lang__check_is_integer(x->type) || lang__check_is_string(x->type))) {
            errop = x;
            goto error;
        }
        if (!(lang__check_is_integer(y->type) || lang__check_is_string(y->type))) {
            errop = y;
            goto error;
        }
    }
    if (x->mode == X_CONST && y->mode == X_CONST) {
        bool r = false;
        if (x->val.kind == LANG_C_STRING) {
            uint32_t n = x->val.n < y->val.n ? x->val.n : y->val.n;
            int cmp = n ? memcmp(x->val.s, y->val.s, n) : 0;
            if (cmp == 0)
                cmp = x->val.n < y->val.n ? -1 : x->val.n > y->val.n;
            switch (op) {
            case LANG_OP_EQ:
                r = cmp == 0;
                break;
            case LANG_OP_NE:
                r = cmp != 0;
                break;
            case LANG_OP_LT:
                r = cmp < 0;
                break;
            case LANG_OP_LE:
                r = cmp <= 0;
                break;
            case LANG_OP_GT:
                r = cmp > 0;
                break;
            default:
                r = cmp >= 0;
                break;
            }
        } else {
            lang_big a = x->val.i, b = y->val.i;
            switch (op) {
            case LANG_OP_EQ:
                r = a == b;
                break;
            case LANG_OP_NE:
                r = a != b;
                break;
            case LANG_OP_LT:
                r = a < b;
                break;
            case LANG_OP_LE:
                r = a <= b;
                break;
            case LANG_OP_GT:
                r = a > b;
                break;
            default:
                r = a >= b;
                break;
            }
        }
        x->val.kind = LANG_C_BOOL;
        x->val.i = r;
        x->val.s = NULL;
    } else {
        x->mode = X_VALUE;
        lang__check_update_type(c, x->expr, lang__check_default(x->type));
        lang__check_update_type(c, y->expr, lang__check_default(y->type));
        if (x->type && lang__check_is_untyped(x->type) && x->type->kind != LANG_T_UNTYPED_NIL)
            x->type = lang__check_default(x->type);
        if (y->type && lang__check_is_untyped(y->type) && y->type->kind != LANG_T_UNTYPED_NIL)
            y->type = lang__check_default(y->type);
        if (x->mode == X_VALUE && x->expr && x->expr->type &&
            x->expr->type->kind == LANG_T_UNTYPED_NIL)
            x->expr->type = y->type;
        if (y->expr && y->expr->type && y->expr->type->kind == LANG_T_UNTYPED_NIL)
            y->expr->type = x->type;
    }
    x->type = T(LANG_T_UNTYPED_BOOL);
    return;

incomparable : {
    const lang_type *u = lang__type_under(errop->type);
    if (u->kind == LANG_T_FUNC) {
        cause = lang__check_sprintf(c, "func can only be compared to nil");
    } else {
        /* types2 comparable: the first field that cannot be compared */
        const lang_type *bad = u;
        while (bad && lang__type_under(bad)->kind == LANG_T_STRUCT) {
            const lang_type *su = lang__type_under(bad);
            const lang_type *next = NULL;
            for (uint32_t i = 0; i < su->nfields && !next; i++)
                if (!lang__check_comparable(su->fields[i].type))
                    next = su->fields[i].type;
            if (!next)
                break;
            bad = next;
        }
        cause = lang__check_sprintf(c, "struct containing %t cannot be compared", bad);
    }
}
error:
    if (!cause)
        cause = lang__check_sprintf(c, "operator %s not defined on %s", lang__lex_opstring(op),
                                    kind_string(c, errop->type, &kb));
    if (switch_case)
        lang__check_errorf(c, x->expr->pos, "invalid case %e in switch on %e (%s)", x->expr,
                           y->expr, cause);
    else
        lang__check_errorf(c, errop->expr->pos, "invalid operation: %e %s %e (%s)", x->expr,
                           lang__lex_opstring(op), y->expr, cause);
    free(cause);
    lang__buf_free(&kb);
    x->mode = X_INVALID;
}

static void shift(checker *c, operand *x, operand *y, lang_expr *e, lang_op op)
{
    if (!(lang__check_is_integer(x->type) ||
          (lang__check_is_untyped(x->type) && x->mode == X_CONST && x->val.kind == LANG_C_INT))) {
        lang__check_errorf(c, x->expr->pos, "invalid operation: shifted operand %o must be integer",
                           x);
        x->mode = X_INVALID;
        return;
    }
    if (y->mode == X_CONST) {
        if (y->val.kind == LANG_C_INT && y->val.i < 0) {
            lang__check_errorf(c, y->expr->pos, "invalid operation: negative shift count %o", y);
            x->mode = X_INVALID;
            return;
        }
        if (lang__check_is_untyped(y->type) && y->val.kind != LANG_C_INT) {
            lang__check_errorf(c, y->expr->pos, "cannot convert %o to uint", y);
            x->mode = X_INVALID;
            return;
        }
        if (lang__check_is_untyped(y->type) && y->val.i > (lang_big)UINT64_MAX) {
            lang__check_errorf(c, y->expr->pos, "%o overflows uint", y);
            x->mode = X_INVALID;
            return;
        }
    } else if (!lang__check_is_integer(y->type)) {
        lang__check_errorf(c, y->expr->pos, "invalid operation: shift count %o must be integer", y);
        x->mode = X_INVALID;
        return;
    } else if (lang__check_is_untyped(y->type)) {
        lang__check_convert_untyped(c, y, T(LANG_T_INT));
        if (y->mode == X_INVALID) {
            x->mode = X_INVALID;
            return;
        }
    }
    if (x->mode == X_CONST) {
        if (y->mode == X_CONST) {
            if (y->val.i > 1074) {
                lang__check_errorf(c, y->expr->pos, "invalid operation: invalid shift count %o", y);
                x->mode = X_INVALID;
                return;
            }
            int s = (int)y->val.i;
            lang_big v = x->val.i;
            if (op == LANG_OP_SHL) {
                if (v != 0) {
                    if (s >= 126 || (v > 0 ? v > ((lang_big)1 << (126 - s))
                                           : -v > ((lang_big)1 << (126 - s)))) {
                        unsupported_big(c, x, e->pos);
                        return;
                    }
                    v = v * ((lang_big)1 << s);
                }
            } else {
                v = s >= 127 ? (v < 0 ? -1 : 0) : v >> s;
            }
            x->val.i = v;
            x->expr = e;
            if (lang__check_is_untyped(x->type) && x->type->kind != LANG_T_UNTYPED_RUNE)
                x->type = T(LANG_T_UNTYPED_INT);
            overflow_check(c, x, e, e->u.binary.op_pos);
            return;
        }
        if (lang__check_is_untyped(x->type)) {
            /* non-constant shift of an untyped constant: its type comes from context */
            x->mode = X_VALUE;
            x->expr = e;
            return;
        }
    }
    if (!lang__check_is_integer(x->type)) {
        lang__check_errorf(c, x->expr->pos, "invalid operation: shifted operand %o must be integer",
                           x);
        x->mode = X_INVALID;
        return;
    }
    x->mode = X_VALUE;
    x->expr = e;
}

static bool can_mix(operand *x, operand *y)
{
    if (lang__check_is_interface(x->type) || lang__check_is_interface(y->type))
        return true;
    if (lang__check_is_boolean(x->type) != lang__check_is_boolean(y->type))
        return false;
    if (lang__check_is_string(x->type) != lang__check_is_string(y->type))
        return false;
    if (x->mode == X_NIL && !lang__check_has_nil(y->type))
        return false;
    if (y->mode == X_NIL && !lang__check_has_nil(x->type))
        return false;
    return true;
}

static bool const_arith(checker *c, operand *x, operand *y, lang_op op, lang_pos pos)
{
    if (x->val.kind == LANG_C_STRING) {
        uint64_t n = (uint64_t)x->val.n + y->val.n;
        c->const_bytes += n;
        if (n > LANG_MAX_CONST_STRING || c->const_bytes > LANG_MAX_CONST_BYTES) {
            lang__err_at(c->errs, pos, "unsupported: constant string too long");
            x->mode = X_INVALID;
            return false;
        }
        char *s = lang__check_alloc(c, (size_t)n + 1);
        if (x->val.n)
            memcpy(s, x->val.s, x->val.n);
        if (y->val.n)
            memcpy(s + x->val.n, y->val.s, y->val.n);
        x->val.s = s;
        x->val.n = (uint32_t)n;
        return true;
    }
    if (x->val.kind == LANG_C_BOOL) {
        if (op == LANG_OP_LAND)
            x->val.i = x->val.i && y->val.i;
        else
            x->val.i = x->val.i || y->val.i;
        return true;
    }
    lang_big a = x->val.i, b = y->val.i, r = 0;
    bool ovf = false;
    switch (op) {
    case LANG_OP_ADD:
        ovf = __builtin_add_overflow(a, b, &r);
        break;
    case LANG_OP_SUB:
        ovf = __builtin_sub_overflow(a, b, &r);
        break;
    case LANG_OP_MUL:
        ovf = __builtin_mul_overflow(a, b, &r);
        break;
    case LANG_OP_DIV:
        r = (a == -a && a != 0 && b == -1) ? a : a / b;
        break;
    case LANG_OP_REM:
        r = b == -1 ? 0 : a % b;
        break;
    case LANG_OP_AND:
        r = a & b;
        break;
    case LANG_OP_OR:
        r = a | b;
        break;
    case LANG_OP_XOR:
        r = a ^ b;
        break;
    case LANG_OP_ANDNOT:
        r = a & ~b;
        break;
    default:
        break;
    }
    if (ovf) {
        unsupported_big(c, x, pos);
        return false;
    }
    x->val.i = r;
    return true;
}

void lang__check_binary(checker *c, operand *x, lang_expr *e, lang_expr *lhs, lang_expr *rhs,
                        lang_op op, lang_pos op_pos)
{
    operand y;
    lang__check_expr(c, x, lhs);
    lang__check_expr(c, &y, rhs);
    if (x->mode == X_INVALID)
        return;
    if (y.mode == X_INVALID) {
        x->mode = X_INVALID;
        x->expr = y.expr;
        return;
    }
    if (op == LANG_OP_SHL || op == LANG_OP_SHR) {
        shift(c, x, &y, e, op);
        return;
    }
    if (can_mix(x, &y)) {
        lang__check_convert_untyped(c, x, y.type);
        if (x->mode == X_INVALID)
            return;
        lang__check_convert_untyped(c, &y, x->type);
        if (y.mode == X_INVALID) {
            x->mode = X_INVALID;
            return;
        }
    }
    if (is_comparison(op)) {
        lang__check_comparison(c, x, &y, op, false);
        if (x->mode != X_INVALID)
            x->expr = e;
        return;
    }
    if (!lang__type_identical(x->type, y.type)) {
        if (!lang__check_is_invalid(x->type) && !lang__check_is_invalid(y.type)) {
            if (e)
                lang__check_errorf(c, x->expr->pos,
                                   "invalid operation: %e (mismatched types %t and %t)", e, x->type,
                                   y.type);
            else
                lang__check_errorf(c, x->expr->pos,
                                   "invalid operation: %e %s= %e (mismatched types %t and %t)", lhs,
                                   lang__lex_opstring(op), rhs, x->type, y.type);
        }
        x->mode = X_INVALID;
        return;
    }
    bool ok;
    switch (op) {
    case LANG_OP_ADD:
        ok = lang__check_is_numeric(x->type) || lang__check_is_string(x->type);
        break;
    case LANG_OP_SUB:
    case LANG_OP_MUL:
    case LANG_OP_DIV:
        ok = lang__check_is_numeric(x->type);
        break;
    case LANG_OP_REM:
    case LANG_OP_AND:
    case LANG_OP_OR:
    case LANG_OP_XOR:
    case LANG_OP_ANDNOT:
        ok = lang__check_is_integer(x->type);
        break;
    case LANG_OP_LAND:
    case LANG_OP_LOR:
        ok = lang__check_is_boolean(x->type);
        break;
    default:
        ok = false;
    }
    if (!ok) {
        lang__check_errorf(c, x->expr->pos, "invalid operation: operator %s not defined on %o",
                           lang__lex_opstring(op), x);
        x->mode = X_INVALID;
        return;
    }
    if ((op == LANG_OP_DIV || op == LANG_OP_REM) && y.mode == X_CONST && y.val.kind == LANG_C_INT &&
        y.val.i == 0) {
        lang__check_errorf(c, y.expr->pos, "invalid operation: division by zero");
        x->mode = X_INVALID;
        return;
    }
    if (x->mode == X_CONST && y.mode == X_CONST) {
        if (!const_arith(c, x, &y, op, op_pos))
            return;
        x->expr = e;
        overflow_check(c, x, e, op_pos);
        return;
    }
    x->mode = X_VALUE;
    x->expr = e;
}

/* ------------------------------------------------------------ dispatch */

static exprkind expr_internal(checker *c, operand *x, lang_expr *e, lang_type *hint)
{
    (void)hint;
    memset(x, 0, sizeof *x);
    x->type = T(LANG_T_INVALID);
    x->expr = e;
    switch (e->kind) {
    case LANG_E_BAD:
        break;
    case LANG_E_IDENT:
        lang__check_ident(c, x, e, false);
        break;
    case LANG_E_LITERAL:
        basic_lit(c, x, e);
        break;
    case LANG_E_FUNC_LIT:
        func_lit(c, x, e);
        break;
    case LANG_E_COMPOSITE:
        composite_lit(c, x, e);
        break;
    case LANG_E_PAREN: {
        exprkind k;
        lang__check_raw_expr(c, x, e->u.paren.x, NULL, &k);
        x->expr = e;
        return k;
    }
    case LANG_E_SELECTOR:
        lang__check_selector(c, x, e);
        break;
    case LANG_E_CALL:
        return lang__check_call(c, x, e);
    case LANG_E_STAR:
        lang__check_expr_or_type(c, x, e->u.star.x);
        if (x->mode == X_INVALID)
            break;
        if (x->mode == X_TYPE) {
            lang_type *pt = lang__check_typexpr(c, e);
            x->mode = lang__check_is_invalid(pt) ? X_INVALID : X_TYPE;
            x->type = pt;
            x->expr = e;
            break;
        }
        lang__check_single_value(c, x);
        if (x->mode == X_INVALID)
            break;
        if (lang__type_under(x->type)->kind != LANG_T_POINTER) {
            if (x->mode == X_NIL)
                lang__check_errorf(c, x->expr->pos, "invalid operation: cannot indirect nil");
            else
                lang__check_errorf(c, x->expr->pos, "invalid operation: cannot indirect %o", x);
            x->mode = X_INVALID;
            break;
        }
        x->mode = X_VAR;
        x->type = lang__type_under(x->type)->elem;
        x->expr = e;
        break;
    case LANG_E_UNARY:
        unary(c, x, e);
        if (x->mode != X_INVALID && e->u.unary.op == LANG_OP_RECV) {
            x->expr = e;
            lang__check_record(c, x);
            return EK_STATEMENT;
        }
        break;
    case LANG_E_BINARY:
        lang__check_binary(c, x, e, e->u.binary.x, e->u.binary.y, e->u.binary.op,
                           e->u.binary.op_pos);
        break;
    case LANG_E_KEYVALUE:
        lang__check_errorf(c, e->pos, "no composite literal element type");
        break;
    case LANG_E_CHAN_TYPE:
    case LANG_E_FUNC_TYPE:
    case LANG_E_STRUCT_TYPE:
    case LANG_E_INTERFACE_TYPE:
        x->type = lang__check_typexpr(c, e);
        x->mode = lang__check_is_invalid(x->type) ? X_INVALID : X_TYPE;
        break;
    }
    if (x->mode == X_INVALID)
        x->expr = e;
    if (x->expr != e && x->mode != X_INVALID)
        x->expr = e;
    return EK_EXPRESSION;
}

void lang__check_raw_expr(checker *c, operand *x, lang_expr *e, lang_type *hint, exprkind *kind)
{
    /* the parser bounds nesting within one declaration; lazy resolution of
     * package-level declarations can chain them, so bound the total */
    if (++c->depth > LANG_MAX_CHECK_DEPTH) {
        c->depth--;
        lang__err_at(c->errs, e->pos, "unsupported: declarations nested too deep");
        memset(x, 0, sizeof *x);
        set_invalid(x, e);
        lang__check_record(c, x);
        if (kind)
            *kind = EK_EXPRESSION;
        return;
    }
    exprkind k = expr_internal(c, x, e, hint);
    c->depth--;
    if (x->mode == X_INVALID)
        x->expr = e;
    lang__check_record(c, x);
    if (kind)
        *kind = k;
}

/* types2 exclude: reports operands whose mode is in modeset. */
enum { EX_NOVALUE = 1, EX_BUILTIN = 2, EX_TYPE = 4 };

static void exclude(checker *c, operand *x, int modeset)
{
    const char *msg = NULL;
    if (x->mode == X_NOVALUE && (modeset & EX_NOVALUE))
        msg = (modeset & EX_TYPE) ? "%o used as value" : "%o used as value or type";
    else if (x->mode == X_BUILTIN && (modeset & EX_BUILTIN))
        msg = "%o must be called";
    else if (x->mode == X_TYPE && (modeset & EX_TYPE))
        msg = "%o is not an expression";
    else if (x->mode == X_PKG)
        msg = "%o used as value";
    if (!msg)
        return;
    if (x->mode == X_BUILTIN && x->builtin == LANG_B_NONE) {
        /* an unsupported builtin: already reported */
    } else if (x->mode == X_BUILTIN && x->expr && x->expr->kind == LANG_E_SELECTOR) {
        /* fmt.Println or wg.Done as a value: outside the subset */
        lang__err_at(c->errs, x->expr->pos, "unsupported: %s used as a value",
                     x->expr->u.sel.skind == LANG_SEL_PKG ? "package function"
                                                          : "method of a predeclared type");
    } else {
        lang__check_errorf(c, x->expr->pos, msg, x);
    }
    x->mode = X_INVALID;
}

void lang__check_expr(checker *c, operand *x, lang_expr *e)
{
    lang__check_raw_expr(c, x, e, NULL, NULL);
    exclude(c, x, EX_NOVALUE | EX_BUILTIN | EX_TYPE);
    lang__check_single_value(c, x);
    if (x->mode == X_INVALID)
        x->expr = e;
}

void lang__check_multi_expr(checker *c, operand *x, lang_expr *e)
{
    lang__check_raw_expr(c, x, e, NULL, NULL);
    exclude(c, x, EX_NOVALUE | EX_BUILTIN | EX_TYPE);
}

void lang__check_expr_or_type(checker *c, operand *x, lang_expr *e)
{
    lang__check_raw_expr(c, x, e, NULL, NULL);
    exclude(c, x, EX_NOVALUE);
    lang__check_single_value(c, x);
}

void lang__check_expr_with_hint(checker *c, operand *x, lang_expr *e, lang_type *hint)
{
    lang__check_raw_expr(c, x, e, hint, NULL);
    exclude(c, x, EX_NOVALUE | EX_BUILTIN | EX_TYPE);
    lang__check_single_value(c, x);
}

void lang__check_use(checker *c, lang_expr **v, uint32_t n)
{
    operand x;
    for (uint32_t i = 0; i < n; i++) {
        lang_expr *e = v[i];
        if (!e)
            continue;
        if (e->kind == LANG_E_IDENT && strcmp(e->u.ident.name, "_") == 0)
            continue;
        lang__check_raw_expr(c, &x, e, NULL, NULL);
    }
}
