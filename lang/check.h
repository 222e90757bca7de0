/* check.h - the type checker's internal state, shared by check*.c.
 *
 * The checker follows gc's types2 (cmd/compile/internal/types2, Go 1.19)
 * closely enough that its errors read and point like gc's: operands carry
 * a mode, a type and a constant value; untyped constants get their final
 * type from context; errors are collected (lang_errs keeps the first by
 * position) and invalid operands silence follow-on errors.
 */
#ifndef DEFERFUZZ_LANG_CHECK_H
#define DEFERFUZZ_LANG_CHECK_H

#include "front.h"
#include "str.h"

/* Constant arithmetic is exact up to 127 bits, like gc's for every
 * program of the subset; bigger values are rejected as unsupported. */
typedef __int128 lang_big;

/* Longest constant string built by folding. */
#define LANG_MAX_CONST_STRING (1u << 20)
/* Bytes of constant strings folded in one program. */
#define LANG_MAX_CONST_BYTES (64u << 20)
/* Limits that keep the checker's linear lookups cheap on any input. */
#define LANG_MAX_FIELDS  1000u  /* fields of a struct type */
#define LANG_MAX_METHODS 1000u  /* methods of a type */
#define LANG_MAX_LIST    10000u /* left-hand sides, case values, parameters */
/* Deepest recursion of the checker (expressions and lazily resolved
 * declarations together). */
#define LANG_MAX_CHECK_DEPTH 2000u

/* A constant value during checking. */
typedef struct cval {
    lang_ckind kind; /* NONE (unknown), INT, BOOL, STRING */
    lang_big i;      /* INT; BOOL as 0/1 */
    const char *s;   /* STRING (arena) */
    uint32_t n;      /* STRING length */
} cval;

/* Kinds of named entities. */
typedef enum objkind {
    OBJ_VAR = 0,
    OBJ_CONST,
    OBJ_TYPE,
    OBJ_FUNC,
    OBJ_PKG,
    OBJ_BUILTIN,
    OBJ_NIL
} objkind;

typedef struct obj obj;
typedef struct scope scope;

/* Dependencies of a package-level declaration (for initialization order). */
typedef struct deps {
    obj **v;
    uint32_t n, cap;
} deps;

/* A named entity in a scope. */
struct obj {
    objkind kind;            /* what it is */
    const char *name;        /* its name */
    lang_pos pos;            /* where it is declared (0 for universe objects) */
    lang_type *type;         /* VAR, CONST, TYPE, FUNC: type (NULL while unresolved) */
    cval val;                /* CONST: value */
    lang_var *var;           /* VAR: the AST variable */
    lang_func *fn;           /* FUNC: the function */
    lang_typedecl *tdecl;    /* TYPE declared in the program */
    lang_builtin builtin;    /* BUILTIN */
    lang_pkg pkg;            /* PKG */
    lang_spec *spec;         /* PKG: import spec; package-level CONST/VAR: declaring spec */
    lang_expr *init;         /* package-level CONST: init expression (inherited ones too) */
    lang_expr *vtype;        /* package-level CONST: declared type expression */
    bool inherited;          /* CONST: init comes from an earlier spec (implicit repetition) */
    uint32_t index;          /* CONST/VAR: index of the name in its spec */
    int64_t iota;            /* CONST: iota of its spec */
    uint8_t color;           /* lazy resolution: 0 unresolved, 1 in progress, 2 done */
    bool used;               /* PKG: referred to; VAR: read */
    bool pkg_level;          /* declared at package level */
    bool is_iota;            /* the universe iota */
    bool is_any_literal;     /* not used */
    const char *unsupported; /* universe names outside the subset: what to report */
    uint32_t order;          /* package level: source order (1-based) */
    deps deps;               /* package-level VAR/FUNC: objects it refers to */
    uint32_t mark;           /* dedupe mark for deps */
    obj **spec_objs;         /* package-level VAR: the objects of all names of its spec */
    obj *next;               /* hash chain */
};

/* A lexical scope. */
struct scope {
    scope *parent; /* enclosing scope */
    obj **buckets; /* hash table */
    uint32_t nbuckets;
    uint32_t n;    /* objects */
    lang_func *fn; /* function the scope belongs to (NULL: package/universe) */
};

/* The function being checked. */
typedef struct fnctx {
    struct fnctx *outer; /* enclosing function (func literals) */
    lang_func *fn;       /* the function */
    lang_type *sig;      /* its FUNC type */
    obj **locals;        /* local variable objects, for "declared but not used" */
    uint32_t nlocals, caplocals;
    lang_var **slots; /* frame layout */
    uint32_t nslots, capslots;
    lang_capture *caps; /* captures (func literals) */
    uint32_t ncaps, capcaps;
    uint32_t *capidx; /* hash of caps by variable: capture index + 1, 0 = empty */
    uint32_t capidx_size;
    obj *decl; /* package-level declaration whose dependencies we record */
} fnctx;

/* Operand modes (a superset of lang_mode). */
typedef enum xmode {
    X_INVALID = 0,
    X_NOVALUE,
    X_BUILTIN, /* builtin, package function, or method of a predeclared type */
    X_TYPE,
    X_CONST,
    X_VAR, /* addressable */
    X_VALUE,
    X_COMMAOK, /* receive: may yield a second bool */
    X_NIL,     /* the predeclared nil */
    X_PKG      /* package name (only inside selectors) */
} xmode;

/* An operand: the result of checking an expression. */
typedef struct operand {
    xmode mode;
    lang_type *type;
    lang_expr *expr;      /* the expression (for messages and recording) */
    cval val;             /* X_CONST */
    lang_builtin builtin; /* X_BUILTIN */
    lang_expr *recv;      /* X_BUILTIN method: receiver expression */
    lang_pkg pkg;         /* X_PKG */
} operand;

/* How an expression may be used as a statement. */
typedef enum exprkind { EK_CONVERSION, EK_EXPRESSION, EK_STATEMENT } exprkind;

typedef struct checker {
    lang_program *prog;
    lang_arena *a;
    lang_errs *errs;
    scope *universe; /* predeclared names */
    scope *pkg;      /* package-level declarations */
    scope *file;     /* imports */
    scope *cur;      /* current scope */
    fnctx *fc;       /* current function, NULL at package level */
    obj *decl;       /* package-level object whose initializer is being checked */
    bool in_const;   /* checking a constant declaration (iota is valid) */
    int64_t iota;    /* current iota */
    lang_pos errpos; /* when set: position for errors in inherited const inits */
    obj **pkgobjs;   /* package-level objects in source order */
    uint32_t npkgobjs, cappkgobjs;
    obj **imports; /* import objects */
    uint32_t nimports, capimports;
    lang_var **globals; /* package-level variables */
    uint32_t nglobals, capglobals;
    uint32_t nvars;       /* variable ids handed out */
    uint32_t depmark;     /* current dedupe mark */
    uint32_t type_ids;    /* type ids handed out */
    uint32_t depth;       /* recursion guard for lazy resolution */
    obj **fnobj;          /* package-level object of each function by id (NULL for literals) */
    uint64_t const_bytes; /* bytes of folded constant strings */
} checker;

/* ------------------------------------------------------------ check.c */

void *lang__check_alloc(checker *c, size_t n);
/* Appends to a growable pointer array in the arena. */
void lang__check_push(checker *c, void ***v, uint32_t *n, uint32_t *cap, void *x);
obj *lang__check_lookup(checker *c, const char *name);
obj *lang__check_lookup_local(scope *s, const char *name);
obj *lang__check_new_obj(checker *c, objkind k, const char *name, lang_pos pos);
/* Declares o in s; reports "x redeclared in this block" on conflicts. */
void lang__check_declare(checker *c, scope *s, obj *o);
scope *lang__check_open_scope(checker *c);
void lang__check_close_scope(checker *c);
/* Resolves a package-level object (lazily, with cycle detection). */
void lang__check_obj_decl(checker *c, obj *o);
/* Records that the current package-level declaration depends on o. */
void lang__check_add_dep(checker *c, obj *o);
/* Creates a variable of the current function (or a global). */
lang_var *lang__check_new_var(checker *c, const char *name, lang_pos pos, lang_type *t,
                              lang_varkind kind);
/* Resolves a use of variable v from the current function (captures). */
lang_ref lang__check_var_ref(checker *c, lang_var *v);
/* Checks a function body in a new function context. */
void lang__check_func_body(checker *c, lang_func *fn, lang_type *sig, obj *decl);
void lang__check_arity(checker *c, lang_pos pos, const char **names, const lang_pos *name_pos,
                       uint32_t l, lang_expr **inits, uint32_t r, bool is_const, bool inherited);
/* Resolves a constant object (its init expression with its iota). */
void lang__check_const_obj(checker *c, obj *o);

/* ------------------------------------------------------------ check_type.c */

lang_type *lang__check_new_type(checker *c, lang_tkind k);
lang_type *lang__check_typexpr(checker *c, lang_expr *e); /* Typ[Invalid] on error */
lang_type *lang__check_vartype(checker *c, lang_expr *e); /* also checks the subset */
lang_type *lang__check_signature(checker *c, const lang_sig *sig);
bool lang__check_is_untyped(const lang_type *t);
bool lang__check_is_integer(const lang_type *t); /* int, int64, Duration, untyped int/rune */
bool lang__check_is_numeric(const lang_type *t);
bool lang__check_is_string(const lang_type *t);
bool lang__check_is_boolean(const lang_type *t);
bool lang__check_is_interface(const lang_type *t); /* any, error */
bool lang__check_has_nil(const lang_type *t);
bool lang__check_comparable(const lang_type *t);
bool lang__check_is_invalid(const lang_type *t);
lang_type *lang__check_default(lang_type *t);
/* Appends the operand as gc describes it: "x (variable of type int)". */
void lang__check_operand_string(lang_buf *b, const operand *x);
/* Formats a message with %o for operands, %t for types, %e for expressions,
 * %s and %d as usual, and reports it at pos. */
void lang__check_errorf(checker *c, lang_pos pos, const char *fmt, ...);
/* Same, returning the malloc'd text (for multi-part messages). */
char *lang__check_sprintf(checker *c, const char *fmt, ...);
/* Whether x is assignable to T; *reason may get an explanation. */
bool lang__check_assignable(checker *c, operand *x, lang_type *T, lang_buf *reason);
/* Representation of constant x as type t (t basic or Duration). */
bool lang__check_representable(checker *c, operand *x, lang_type *t, int *code);
void lang__check_cval_string(lang_buf *b, const cval *v);
/* Method lookup on a named struct type. */
lang_func *lang__check_find_method(lang_typedecl *td, const char *name);
int lang__check_find_field(const lang_type *st, const char *name);

/* ------------------------------------------------------------ check_expr.c */

void lang__check_raw_expr(checker *c, operand *x, lang_expr *e, lang_type *hint, exprkind *kind);
void lang__check_expr(checker *c, operand *x, lang_expr *e);       /* single value */
void lang__check_multi_expr(checker *c, operand *x, lang_expr *e); /* tuple allowed */
void lang__check_expr_or_type(checker *c, operand *x, lang_expr *e);
void lang__check_expr_with_hint(checker *c, operand *x, lang_expr *e, lang_type *hint);
void lang__check_assignment(checker *c, operand *x, lang_type *T, const char *context);
void lang__check_convert_untyped(checker *c, operand *x, lang_type *target);
const char *lang__check_predeclared_underlying(const lang_type *t);
void lang__check_update_type(checker *c, lang_expr *e, lang_type *t);
void lang__check_record(checker *c, operand *x);
void lang__check_single_value(checker *c, operand *x);
void lang__check_use(checker *c, lang_expr **v, uint32_t n);
void lang__check_selector(checker *c, operand *x, lang_expr *e);
void lang__check_ident(checker *c, operand *x, lang_expr *e, bool want_type);
void lang__check_comparison(checker *c, operand *x, operand *y, lang_op op, bool switch_case);
void lang__check_binary(checker *c, operand *x, lang_expr *e, lang_expr *lhs, lang_expr *rhs,
                        lang_op op, lang_pos op_pos);
void lang__check_set_const(operand *x, lang_expr *e);
/* Whether the real package exports name (Go 1.19). */
bool lang__check_pkg_exports(lang_pkg pkg, const char *name);
/* types2 implicitTypeAndValue: the type untyped x takes in a context that
 * expects target, or NULL with *code 1 (overflow) or 2 (invalid). */
lang_type *lang__check_implicit_type(checker *c, operand *x, lang_type *target, int *code);
/* Like convert_untyped without reporting: x->mode becomes X_INVALID on failure. */
void lang__check_convert_untyped_probe(checker *c, operand *x, lang_type *target);

/* ------------------------------------------------------------ check_call.c */

exprkind lang__check_call(checker *c, operand *x, lang_expr *call);
/* Expression list with comma-ok: fills xs (caller provides n slots or
 * more) and returns the number of values; *commaok set when a receive
 * yields two values. */
uint32_t lang__check_expr_list(checker *c, lang_expr **list, uint32_t n, bool allow_commaok,
                               operand **out, bool *commaok);
const char *lang__check_builtin_type_string(lang_builtin b);
void lang__check_types_summary(checker *c, lang_buf *b, lang_type *const *ts, uint32_t n);

/* ------------------------------------------------------------ check_stmt.c */

void lang__check_stmt_list(checker *c, lang_stmt **list, uint32_t n);
bool lang__check_is_terminating(lang_stmt *s, const char *label);
bool lang__check_is_terminating_list(lang_stmt **list, uint32_t n, const char *label);
void lang__check_var_decl_local(checker *c, lang_decl *d);
void lang__check_var_spec(checker *c, lang_spec *s, lang_var **vars, obj **objs, lang_type *t);
void lang__check_const_decl(checker *c, lang_decl *d, bool pkg_level);
void lang__check_init_vars(checker *c, lang_var **lhs, obj **objs, uint32_t nlhs, lang_expr **rhs,
                           uint32_t nrhs, lang_stmt *ret, lang_pos retpos);

#endif
