/* ast.h - the checked AST of a Go-subset program (internal to lang/).
 *
 * One lang_program owns everything below; all nodes, types and strings
 * live in its arena and die with lang_free(). The parser builds the syntax
 * (kinds, positions, operands, layout flags for the printer); the checker
 * fills in what the interpreter needs:
 *
 *   - every expression carries its type (e->type) and mode (e->mode);
 *     constant expressions carry their folded value (e->cval) and the
 *     interpreter never looks below them;
 *   - every identifier use is resolved (e->u.ident.ref): a local slot, a
 *     captured variable of the enclosing closure, a global, a function, a
 *     builtin, a type, a package;
 *   - method calls name their method and carry the receiver with Go's
 *     automatic & or * made explicit as implicit nodes;
 *   - builtins, package functions (fmt.Println, time.Sleep, ...) and the
 *     methods of sync types and error are resolved to lang_builtin;
 *   - every statement and every call expression has a site id (1-based,
 *     dense) that lang_site_text() turns into "file:line:col".
 *
 * Nothing here is ever modified after lang_load() returns: an interpreter
 * may run one program in many executions, and several at once.
 *
 * How the interpreter finds things:
 *   - a variable lives in a frame slot (lang_var.index in lang_func.slots)
 *     or in program->globals; a variable with captured set needs a heap
 *     cell in its slot, which func literals share through their captures
 *     (lang_func.captures: where the enclosing frame or closure keeps the
 *     cell); loop variables are flagged for go1.22 per-iteration copies;
 *   - an E_IDENT says in u.ident.ref whether it reads slot index, capture
 *     index or global index, or names a function, builtin, constant, ...;
 *   - an E_CALL says in u.call.ckind how to call: direct function, method
 *     (callee + recv), function value, builtin (lang_builtin), conversion;
 *   - defer and go statements hold an E_CALL whose callee, receiver and
 *     arguments are evaluated at the statement (D1-D3, D10);
 *   - break/continue name their target statement; select cases are
 *     normalized (lang_comm); package-level variables are initialized in
 *     program->init_order.
 *
 * Conventions: "list" members are an array plus a count; positions are
 * 1-based line and byte column, as gc reports them. Fields marked
 * "checked" are filled by the checker (lang_load without LANG_PARSE_ONLY).
 */
#ifndef DEFERFUZZ_LANG_AST_H
#define DEFERFUZZ_LANG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang.h"

/* ------------------------------------------------------------ basics */

/* A source position: 1-based line and 1-based byte column (gc's columns). */
typedef struct lang_pos {
    uint32_t line; /* 1-based line; 0 means "no position" */
    uint32_t col;  /* 1-based byte column */
} lang_pos;

/* Arena of one program: every node lives here until lang_free(). */
typedef struct lang_arena_block lang_arena_block;
typedef struct lang_arena {
    lang_arena_block *head; /* newest block first */
    size_t total;           /* bytes handed out, for statistics */
} lang_arena;

typedef struct lang_type lang_type;
typedef struct lang_expr lang_expr;
typedef struct lang_stmt lang_stmt;
typedef struct lang_block lang_block;
typedef struct lang_func lang_func;
typedef struct lang_var lang_var;
typedef struct lang_decl lang_decl;
typedef struct lang_spec lang_spec;
typedef struct lang_typedecl lang_typedecl;

/* ------------------------------------------------------------ types */

/* Kinds of checked types. */
typedef enum lang_tkind {
    LANG_T_INVALID = 0,    /* type of an erroneous expression (never in a loaded program) */
    LANG_T_BOOL,           /* bool */
    LANG_T_INT,            /* int: 64-bit two's complement, wraps on overflow */
    LANG_T_INT64,          /* int64: only as the underlying type of time.Duration */
    LANG_T_STRING,         /* string: immutable bytes */
    LANG_T_UNTYPED_BOOL,   /* untyped boolean constant (never in a loaded program) */
    LANG_T_UNTYPED_INT,    /* untyped integer constant (never in a loaded program) */
    LANG_T_UNTYPED_RUNE,   /* untyped rune constant (never in a loaded program) */
    LANG_T_UNTYPED_STRING, /* untyped string constant (never in a loaded program) */
    LANG_T_UNTYPED_NIL,    /* type of a bare nil with no context, e.g. panic(nil) */
    LANG_T_ANY,            /* any / interface{}: holds any value with its dynamic type */
    LANG_T_ERROR,          /* error: nil or an error value (errors.New, fmt.Errorf) */
    LANG_T_STRUCT,         /* struct{...}: fields */
    LANG_T_POINTER,        /* *elem; elem is a struct (named or not) or a sync type */
    LANG_T_CHAN,           /* chan elem, with direction dir */
    LANG_T_FUNC,           /* func(params) results */
    LANG_T_TUPLE,          /* the results of a call with 2+ results (results/nresults) */
    LANG_T_NAMED,          /* a defined type: user "type T struct{...}", time.Duration */
    LANG_T_WAITGROUP,      /* sync.WaitGroup */
    LANG_T_MUTEX,          /* sync.Mutex */
    LANG_T_RWMUTEX,        /* sync.RWMutex */
    LANG_T_ONCE,           /* sync.Once */
    LANG_T_TIME            /* time.Time: what <-time.After(d) delivers; opaque */
} lang_tkind;

/* Direction of a channel type. */
typedef enum lang_chandir {
    LANG_CHAN_BOTH = 0, /* chan T */
    LANG_CHAN_SEND = 1, /* chan<- T */
    LANG_CHAN_RECV = 2  /* <-chan T */
} lang_chandir;

/* One field of a struct type. */
typedef struct lang_field {
    const char *name; /* field name */
    lang_pos pos;     /* position of the name in its declaration */
    lang_type *type;  /* field type */
    uint32_t index;   /* position in the struct, 0-based */
} lang_field;

/* A checked type. Basic types are shared singletons; the others live in
 * the program's arena. Compare types with lang__type_identical(), never by
 * pointer (two spellings of chan int are two objects). */
struct lang_type {
    lang_tkind kind;     /* which kind of type */
    lang_chandir dir;    /* CHAN: direction */
    lang_type *elem;     /* POINTER: pointee; CHAN: element type */
    lang_field *fields;  /* STRUCT: fields in declaration order */
    uint32_t nfields;    /* STRUCT: number of fields */
    lang_type **params;  /* FUNC: parameter types in order (receiver excluded) */
    const char **pnames; /* FUNC: parameter names for messages, or NULL */
    uint32_t nparams;    /* FUNC: number of parameters */
    lang_type **results; /* FUNC and TUPLE: result types in order */
    const char **rnames; /* FUNC: result names for messages, or NULL */
    uint32_t nresults;   /* FUNC and TUPLE: number of results */
    const char *name;    /* NAMED: the type's name ("T", "Duration") */
    const char *pkg;     /* NAMED: "main" for user types, "time" for Duration */
    lang_type *under;    /* NAMED: underlying type (a STRUCT, or INT64 for Duration) */
    lang_typedecl *decl; /* NAMED user type: its declaration, which lists the methods */
    uint32_t id;         /* unique per program for arena types; 0 for singletons */
};

/* ------------------------------------------------------------ constants */

/* Kinds of constant values. */
typedef enum lang_ckind {
    LANG_C_NONE = 0, /* not a constant */
    LANG_C_INT,      /* integer (int, Duration, untyped int/rune): i */
    LANG_C_BOOL,     /* boolean: i is 0 or 1 */
    LANG_C_STRING    /* string: s with n bytes (may contain NUL; NUL-terminated too) */
} lang_ckind;

/* A folded constant value. */
typedef struct lang_const {
    lang_ckind kind; /* which payload is valid */
    int64_t i;       /* INT and BOOL payload */
    const char *s;   /* STRING payload (arena) */
    uint32_t n;      /* STRING length in bytes */
} lang_const;

/* ------------------------------------------------------------ resolution */

/* What an identifier denotes (lang_ref.kind). */
typedef enum lang_refkind {
    LANG_REF_NONE = 0, /* unresolved (only before checking) */
    LANG_REF_BLANK,    /* the blank identifier _ on a left-hand side */
    LANG_REF_LOCAL,    /* a variable in the current function's frame: slot = index */
    LANG_REF_UPVAL,    /* a variable captured by the current closure: captures[index] */
    LANG_REF_GLOBAL,   /* a package-level variable: program globals[index] */
    LANG_REF_CONST,    /* a constant; the expression's cval holds the value */
    LANG_REF_FUNC,     /* a top-level function: fn */
    LANG_REF_TYPE,     /* a type name; the expression's type is the type */
    LANG_REF_BUILTIN,  /* a universe builtin function: builtin */
    LANG_REF_PKG,      /* an imported package name (only as x in pkg.Name) */
    LANG_REF_NIL       /* the predeclared nil */
} lang_refkind;

/* Builtin functions, package functions and methods of predeclared types,
 * resolved by the checker (lang_ref.builtin, call.builtin). */
typedef enum lang_builtin {
    LANG_B_NONE = 0,
    /* universe builtins */
    LANG_B_LEN,     /* len(chan or string) */
    LANG_B_CAP,     /* cap(chan) */
    LANG_B_MAKE,    /* make(chan T) / make(chan T, n): the type is the call's type */
    LANG_B_NEW,     /* new(T): a pointer to a fresh zero T */
    LANG_B_CLOSE,   /* close(c) */
    LANG_B_PANIC,   /* panic(v) */
    LANG_B_RECOVER, /* recover() */
    LANG_B_PRINT,   /* print(...) to stderr */
    LANG_B_PRINTLN, /* println(...) to stderr */
    /* package fmt (format strings use only %d %s %v %t %q %%) */
    LANG_B_FMT_PRINTLN,  /* fmt.Println */
    LANG_B_FMT_PRINT,    /* fmt.Print */
    LANG_B_FMT_PRINTF,   /* fmt.Printf */
    LANG_B_FMT_SPRINTF,  /* fmt.Sprintf */
    LANG_B_FMT_SPRINT,   /* fmt.Sprint */
    LANG_B_FMT_SPRINTLN, /* fmt.Sprintln */
    LANG_B_FMT_ERRORF,   /* fmt.Errorf: an error value with the formatted text */
    /* package time */
    LANG_B_TIME_SLEEP, /* time.Sleep(d) */
    LANG_B_TIME_AFTER, /* time.After(d): <-chan time.Time */
    /* package os, errors, runtime */
    LANG_B_OS_EXIT,              /* os.Exit(code) */
    LANG_B_ERRORS_NEW,           /* errors.New(text) */
    LANG_B_RUNTIME_GOEXIT,       /* runtime.Goexit() */
    LANG_B_RUNTIME_GOSCHED,      /* runtime.Gosched() */
    LANG_B_RUNTIME_NUMGOROUTINE, /* runtime.NumGoroutine() */
    /* methods of sync types: the call's recv is a *sync.X expression */
    LANG_B_WG_ADD,       /* (*sync.WaitGroup).Add(delta) */
    LANG_B_WG_DONE,      /* (*sync.WaitGroup).Done() */
    LANG_B_WG_WAIT,      /* (*sync.WaitGroup).Wait() */
    LANG_B_MUTEX_LOCK,   /* (*sync.Mutex).Lock() */
    LANG_B_MUTEX_UNLOCK, /* (*sync.Mutex).Unlock() */
    LANG_B_RW_LOCK,      /* (*sync.RWMutex).Lock() */
    LANG_B_RW_UNLOCK,    /* (*sync.RWMutex).Unlock() */
    LANG_B_RW_RLOCK,     /* (*sync.RWMutex).RLock() */
    LANG_B_RW_RUNLOCK,   /* (*sync.RWMutex).RUnlock() */
    LANG_B_ONCE_DO,      /* (*sync.Once).Do(f) */
    /* method of error: the call's recv is the error expression */
    LANG_B_ERROR_ERROR, /* err.Error(): panics on a nil error like Go */
    LANG_B__COUNT
} lang_builtin;

/* Imported packages of the subset. */
typedef enum lang_pkg {
    LANG_PKG_NONE = 0,
    LANG_PKG_FMT,
    LANG_PKG_TIME,
    LANG_PKG_SYNC,
    LANG_PKG_OS,
    LANG_PKG_ERRORS,
    LANG_PKG_RUNTIME
} lang_pkg;

/* The declaration an identifier use resolves to. */
typedef struct lang_ref {
    lang_refkind kind;    /* what the name denotes */
    uint32_t index;       /* LOCAL: slot; UPVAL: capture index; GLOBAL: globals index */
    lang_var *var;        /* LOCAL, UPVAL, GLOBAL: the variable's declaration */
    lang_func *fn;        /* FUNC: the function */
    lang_builtin builtin; /* BUILTIN: which one */
    lang_pkg pkg;         /* PKG: which package */
} lang_ref;

/* Where a variable lives. */
typedef enum lang_varkind {
    LANG_VAR_GLOBAL = 0, /* package level: program globals[index] */
    LANG_VAR_LOCAL,      /* declared in a function body: owner slots[index] */
    LANG_VAR_PARAM,      /* a parameter: owner slots[index] */
    LANG_VAR_RESULT,     /* a result (named or not): owner slots[index] */
    LANG_VAR_RECV        /* a method receiver: always slot 0 */
} lang_varkind;

/* A variable: global, local, parameter, result or receiver. */
struct lang_var {
    const char *name;  /* the name ("_" for blank parameters; "" for unnamed results) */
    lang_pos pos;      /* position of the declaring identifier */
    lang_type *type;   /* its type */
    lang_varkind kind; /* where it lives */
    uint32_t index;    /* GLOBAL: index in program globals; others: slot in owner */
    lang_func *owner;  /* function whose frame holds it; NULL for globals */
    uint32_t id;       /* program-unique id (1-based), e.g. for rt_note_read/write */
    bool captured;     /* a func literal refers to it: its slot must hold a heap
                          cell shared with the closures (capture by reference) */
    bool addressed;    /* &x is taken somewhere (x is a struct or sync value) */
    bool loopvar;      /* declared by a for or range clause: one per iteration under
                          go1.22 (copy the cell before the post statement), one per
                          loop under go1.19 */
    bool used;         /* checker bookkeeping: read somewhere */
};

/* A variable a func literal captures from its enclosing functions. */
typedef struct lang_capture {
    lang_var *var;   /* the captured variable (declared in an enclosing function) */
    bool from_upval; /* true: take the enclosing closure's captures[index];
                        false: take the enclosing frame's slot index (a cell) */
    uint32_t index;  /* capture index or slot in the directly enclosing function */
} lang_capture;

/* ------------------------------------------------------------ expressions */

/* Kinds of expression nodes. Type expressions share the node type: they are
 * E_IDENT/E_SELECTOR naming a type, E_STAR (pointer type) and the E_*_TYPE
 * kinds; their mode is LANG_MODE_TYPE and their type is the denoted type. */
typedef enum lang_ekind {
    LANG_E_BAD = 0,       /* never in a loaded program */
    LANG_E_IDENT,         /* name */
    LANG_E_LITERAL,       /* 42, 0x2a, 'a', "s", `raw` */
    LANG_E_COMPOSITE,     /* T{...} (struct literal) */
    LANG_E_FUNC_LIT,      /* func(...) ... { ... } */
    LANG_E_PAREN,         /* (x) */
    LANG_E_SELECTOR,      /* x.name */
    LANG_E_CALL,          /* f(args), conversions T(x), builtin calls */
    LANG_E_UNARY,         /* + - ! ^ <- & applied to x */
    LANG_E_STAR,          /* *x: dereference, or pointer type in a type context */
    LANG_E_BINARY,        /* x op y */
    LANG_E_KEYVALUE,      /* field: value inside a composite literal (pos is the colon) */
    LANG_E_CHAN_TYPE,     /* chan T, chan<- T, <-chan T */
    LANG_E_FUNC_TYPE,     /* func(...) ... without a body */
    LANG_E_STRUCT_TYPE,   /* struct{...} */
    LANG_E_INTERFACE_TYPE /* interface{} (empty only) */
} lang_ekind;

/* Operand modes, as the checker classifies expressions. */
typedef enum lang_mode {
    LANG_MODE_INVALID = 0, /* erroneous (never in a loaded program) */
    LANG_MODE_NOVALUE,     /* a call without results */
    LANG_MODE_VALUE,       /* a computed value */
    LANG_MODE_VAR,         /* an addressable variable (assignable, &-able) */
    LANG_MODE_CONST,       /* a constant: cval holds the value */
    LANG_MODE_TYPE,        /* a type expression */
    LANG_MODE_BUILTIN,     /* a builtin or package function name (only as a callee) */
    LANG_MODE_PKG,         /* a package name (only as x in pkg.Name) */
    LANG_MODE_COMMAOK      /* unused in loaded programs: a "v, ok" receive is flagged on its
                              assignment (assign.commaok, lang_comm.nlhs == 2) */
} lang_mode;

/* Operators of unary and binary expressions and assignments. The values
 * are the characters or pairs gc prints. */
typedef enum lang_op {
    LANG_OP_NONE = 0,
    LANG_OP_ADD,    /* + (also unary plus, string concatenation) */
    LANG_OP_SUB,    /* - (also unary minus) */
    LANG_OP_MUL,    /* * */
    LANG_OP_DIV,    /* / (panics on integer division by zero) */
    LANG_OP_REM,    /* % */
    LANG_OP_AND,    /* & (also unary address-of) */
    LANG_OP_OR,     /* | */
    LANG_OP_XOR,    /* ^ (also unary bitwise complement) */
    LANG_OP_ANDNOT, /* &^ */
    LANG_OP_SHL,    /* << (panics on a negative count) */
    LANG_OP_SHR,    /* >> (arithmetic) */
    LANG_OP_LAND,   /* && (short circuit) */
    LANG_OP_LOR,    /* || (short circuit) */
    LANG_OP_EQ,     /* == */
    LANG_OP_NE,     /* != */
    LANG_OP_LT,     /* < */
    LANG_OP_LE,     /* <= */
    LANG_OP_GT,     /* > */
    LANG_OP_GE,     /* >= */
    LANG_OP_NOT,    /* ! (unary) */
    LANG_OP_RECV,   /* <- (unary receive) */
    LANG_OP_DEFINE, /* := (assignments only) */
    LANG_OP_ASSIGN, /* = (assignments only) */
    LANG_OP_INC,    /* ++ (inc/dec statements only) */
    LANG_OP_DEC     /* -- (inc/dec statements only) */
} lang_op;

/* Literal kinds. */
typedef enum lang_litkind {
    LANG_LIT_INT = 0, /* decimal, 0x, 0o, 0b or 0-octal integer with optional _ */
    LANG_LIT_RUNE,    /* 'a', '\n', '\u00e9': an untyped rune constant */
    LANG_LIT_STRING,  /* "interpreted" */
    LANG_LIT_RAW      /* `raw` */
} lang_litkind;

/* What a checked selector x.name is. */
typedef enum lang_selkind {
    LANG_SEL_NONE = 0,     /* unchecked */
    LANG_SEL_FIELD,        /* struct field: x is a struct value (pointers get an implicit *) */
    LANG_SEL_METHOD,       /* method of a user type; used as a callee (call.kind METHOD) */
    LANG_SEL_METHOD_VALUE, /* method value x.M not called: binds the receiver x now */
    LANG_SEL_BUILTIN,      /* sync method or err.Error used as a callee (call.kind BUILTIN) */
    LANG_SEL_PKG           /* pkg.Name: a constant (time.Second), type, or package function */
} lang_selkind;

/* How a call expression is carried out. */
typedef enum lang_callkind {
    LANG_CALL_NONE = 0,  /* unchecked */
    LANG_CALL_FUNC,      /* a top-level function called by name: callee */
    LANG_CALL_METHOD,    /* a method: callee, receiver in recv (auto & or * applied) */
    LANG_CALL_VALUE,     /* a function value (variable, closure, method value, field) */
    LANG_CALL_BUILTIN,   /* builtin/package function/sync method/err.Error: builtin;
                            recv is set for the methods */
    LANG_CALL_CONVERSION /* T(x): the call's type is T, args[0] is x */
} lang_callkind;

/* Per-element layout of a multi-line list (call arguments, composite
 * literal elements), kept so that the printer reproduces gofmt's breaks. */
typedef struct lang_listfmt {
    uint8_t *nl;   /* nl[i]: line breaks before element i (0 same line, 1 next line,
                      2 after an empty line); NULL: no breaks */
    bool span;     /* the elements end on a line after the opening ( or { */
    bool close_nl; /* the closing ) or } is on a line after the last element */
} lang_listfmt;

/* A function signature as written, for printing and checking. One group
 * is "a, b int" or a lone type. */
typedef struct lang_field_group {
    const char **names; /* names (NULL entries never; nnames may be 0) */
    lang_pos *name_pos; /* position of each name */
    uint32_t nnames;    /* 0 for an unnamed parameter/result */
    lang_expr *type;    /* the type expression */
    bool blank_before;  /* struct fields: an empty line preceded it in the source */
} lang_field_group;

typedef struct lang_sig {
    lang_field_group *params;  /* parameter groups as written */
    uint32_t nparams;          /* number of groups */
    lang_field_group *results; /* result groups as written */
    uint32_t nresults;         /* number of groups */
    bool results_paren;        /* results were written in parentheses */
} lang_sig;

/* An expression. u holds the kind-specific part. */
struct lang_expr {
    lang_ekind kind; /* node kind */
    lang_pos pos;    /* leftmost position (where gc reports errors about it) */
    lang_type *type; /* checked type: the value's own type (an int passed to an any
                        parameter keeps type int; the interpreter boxes it), or the
                        denoted type for type expressions; TUPLE for multi-value calls.
                        Callees of mode BUILTIN and package names (mode PKG) are never
                        evaluated and have no meaningful type (INVALID or NULL) */
    lang_mode mode;  /* checked operand mode */
    bool implicit;   /* inserted by the checker (auto & or *); the printer skips it */
    uint8_t hz_memo; /* for the interpreter, set by the checker's last pass: 1 nothing
                        below this node is hoisted (lang__eval_hoist skips its
                        walk), 2 something may be, 0 not known (walked) */
    lang_const cval; /* mode CONST: the value, already in the type's representation */
    uint32_t site;   /* CALL: site id; 0 for other kinds */
    union {
        struct {
            bool is_type; /* the unsupported construct was a type (slice, map, ...) */
        } bad;
        struct {
            const char *name; /* the identifier */
            lang_ref ref;     /* what it resolves to */
        } ident;
        struct {
            lang_litkind kind; /* literal kind */
            const char *text;  /* source text, printed verbatim (prefix case normalized) */
            uint32_t len;      /* length of text */
        } lit;
        struct {
            lang_expr *texpr;   /* the type as written (T, pkg.T, struct{...}); for a sync
                                   type (sync.WaitGroup{}) there are no elements and the
                                   value is the zero value */
            lang_expr **elts;   /* elements as written (KEYVALUE or plain values) */
            uint32_t nelts;     /* number of elements */
            lang_listfmt fmt;   /* printer layout */
            lang_expr **fields; /* checked: one value per struct field in field
                                   order; NULL = zero value */
            uint32_t nfields;   /* checked: number of struct fields */
            lang_pos lbrace;    /* position of { */
            lang_pos rbrace;    /* position of } */
        } comp;
        struct {
            lang_func *fn; /* the function (body, captures, frame layout) */
        } funclit;
        struct {
            lang_expr *x; /* parenthesized expression */
        } paren;
        struct {
            lang_expr *x;         /* operand; checked: receiver/struct with implicit & or * */
            const char *sel;      /* selected name */
            lang_pos sel_pos;     /* position of the name */
            lang_pos dot_pos;     /* position of the dot (gc's position of the node) */
            lang_selkind skind;   /* checked: what the selector is */
            uint32_t field;       /* FIELD: field index in x's struct type */
            lang_func *method;    /* METHOD, METHOD_VALUE: the method declaration */
            lang_builtin builtin; /* BUILTIN, PKG functions: which one */
        } sel;
        struct {
            lang_expr *fun;       /* callee as written (ident, selector, func lit, type) */
            lang_expr **args;     /* arguments as written */
            uint32_t nargs;       /* number of arguments */
            lang_pos lparen;      /* position of ( */
            lang_listfmt fmt;     /* printer layout of the arguments */
            lang_callkind ckind;  /* checked: how to call */
            lang_func *callee;    /* FUNC, METHOD: the function declaration */
            lang_expr *recv;      /* METHOD and method BUILTINs: the receiver expression,
                                     already &x or *p as the method wants (implicit nodes) */
            lang_builtin builtin; /* BUILTIN: which one */
            lang_type *make_type; /* make/new: the type argument (args[0] is its expression) */
            bool spread;          /* f(g()) where g returns several values: args[0] is the
                                     TUPLE call whose results are the arguments */
        } call;
        struct {
            lang_op op;   /* ADD SUB NOT XOR RECV AND(address-of) */
            lang_expr *x; /* operand */
        } unary;
        struct {
            lang_expr *x; /* pointer operand (or pointee type in a type context) */
        } star;
        struct {
            lang_op op;      /* operator */
            lang_pos op_pos; /* position of the operator */
            lang_expr *x;    /* left operand */
            lang_expr *y;    /* right operand (evaluated only if needed for && ||) */
        } binary;
        struct {
            lang_expr *key;   /* field name (E_IDENT, not resolved as a variable) */
            lang_expr *value; /* value */
            uint32_t field;   /* checked: field index */
        } kv;
        struct {
            lang_chandir dir; /* direction as written */
            lang_expr *elem;  /* element type */
        } chantype;
        struct {
            lang_sig sig;    /* parameters and results as written */
            lang_pos lparen; /* position of ( (gc's position of the node) */
        } functype;
        struct {
            lang_field_group *groups; /* field groups as written */
            uint32_t ngroups;         /* number of groups */
            bool one_line;            /* written on one line (printer: struct{ x int }) */
        } structtype;
    } u;
};

/* ------------------------------------------------------------ statements */

/* Kinds of statement nodes. */
typedef enum lang_skind {
    LANG_S_BAD = 0,     /* never in a loaded program */
    LANG_S_EXPR,        /* a call or a receive used as a statement */
    LANG_S_SEND,        /* ch <- value */
    LANG_S_INCDEC,      /* x++ / x-- */
    LANG_S_ASSIGN,      /* lhs op rhs: =, :=, op= */
    LANG_S_VAR,         /* var declaration in a function (decl) */
    LANG_S_CONST,       /* const declaration in a function (decl): no run-time effect */
    LANG_S_BLOCK,       /* { ... } */
    LANG_S_IF,          /* if init; cond { } else ... */
    LANG_S_FOR,         /* for init; cond; post { } (any part may be absent) */
    LANG_S_RANGE,       /* for [k :=|=] range x { } over a channel or an int */
    LANG_S_SWITCH,      /* switch init; tag { case ...: } */
    LANG_S_SELECT,      /* select { case ...: } */
    LANG_S_GO,          /* go call */
    LANG_S_DEFER,       /* defer call */
    LANG_S_RETURN,      /* return results */
    LANG_S_BREAK,       /* break [label] */
    LANG_S_CONTINUE,    /* continue [label] */
    LANG_S_FALLTHROUGH, /* fallthrough (last statement of a non-final case) */
    LANG_S_LABELED,     /* label: stmt */
    LANG_S_EMPTY        /* the empty statement (only as the target of a label) */
} lang_skind;

/* Kinds of range loops. */
typedef enum lang_rangekind {
    LANG_RANGE_NONE = 0, /* unchecked */
    LANG_RANGE_CHAN,     /* receives until the channel is closed */
    LANG_RANGE_INT       /* 0 .. n-1 (go1.22) */
} lang_rangekind;

/* One case clause of a switch. */
typedef struct lang_case {
    lang_pos pos;      /* position of case/default */
    lang_expr **exprs; /* case values (tagless switch: conditions); NULL for default */
    uint32_t nexprs;   /* number of case values; 0 for default */
    bool is_default;   /* default clause */
    lang_stmt **body;  /* statements */
    uint32_t nbody;    /* number of statements */
    bool blank_before; /* an empty line preceded it in the source */
} lang_case;

/* Kinds of select cases. */
typedef enum lang_commkind {
    LANG_COMM_DEFAULT = 0, /* default */
    LANG_COMM_SEND,        /* case ch <- value */
    LANG_COMM_RECV         /* case <-ch, v = <-ch, v, ok = <-ch, v := <-ch, v, ok := <-ch */
} lang_commkind;

/* One case clause of a select, normalized for the interpreter. */
typedef struct lang_comm {
    lang_pos pos;       /* position of case/default */
    lang_commkind kind; /* default, send or receive */
    lang_stmt *comm;    /* the communication as written (S_SEND, S_EXPR, S_ASSIGN); NULL
                           for default */
    lang_expr *chan;    /* SEND/RECV: channel operand (evaluated once, in source order) */
    lang_expr *value;   /* SEND: value operand */
    lang_expr *lhs[2];  /* RECV: destinations of value and ok, each NULL if absent; for
                           := they are E_IDENTs of the new variables (or _) */
    uint32_t nlhs;      /* RECV: 0, 1 or 2 */
    bool define;        /* RECV: written with := (new variables scoped to the clause) */
    lang_stmt **body;   /* statements */
    uint32_t nbody;     /* number of statements */
    bool blank_before;  /* an empty line preceded it in the source */
} lang_comm;

/* A block: { stmts }. */
struct lang_block {
    lang_stmt **stmts; /* statements */
    uint32_t n;        /* number of statements */
    lang_pos lbrace;   /* position of { */
    lang_pos rbrace;   /* position of } */
    bool rbrace_blank; /* an empty line preceded } in the source */
    bool one_line;     /* { and } on the same source line (func bodies may stay one-line) */
};

/* A statement. u holds the kind-specific part. */
struct lang_stmt {
    lang_skind kind;   /* node kind */
    lang_pos pos;      /* position of the first token */
    uint32_t site;     /* site id (1-based); every statement has one */
    bool blank_before; /* an empty line preceded it in the source (printer) */
    union {
        struct {
            lang_expr *x; /* the call or receive */
        } expr;
        struct {
            lang_expr *chan;  /* channel */
            lang_expr *value; /* value */
            lang_pos op_pos;  /* position of <- */
        } send;
        struct {
            lang_op op;      /* INC or DEC */
            lang_expr *x;    /* addressable operand */
            lang_pos op_pos; /* position of ++ or -- */
        } incdec;
        struct {
            lang_op op;      /* ASSIGN, DEFINE, or the binary operator of op= */
            lang_pos op_pos; /* position of the operator */
            lang_expr **lhs; /* left-hand sides (E_IDENT with ref BLANK for _) */
            uint32_t nlhs;   /* number of left-hand sides */
            lang_expr **rhs; /* right-hand sides */
            uint32_t nrhs;   /* number of right-hand sides; 1 with nlhs 2+ means a
                                tuple call or a comma-ok receive */
            uint8_t *is_new; /* DEFINE: is_new[i] = lhs[i] declares a new variable */
            bool commaok;    /* v, ok = <-c / v, ok := <-c */
        } assign;
        struct {
            lang_decl *decl; /* the var or const declaration (one or a group) */
        } decl;
        struct {
            lang_block *body; /* the block */
        } block;
        struct {
            lang_stmt *init;  /* optional simple statement */
            lang_expr *cond;  /* condition */
            lang_block *then; /* then block */
            lang_stmt *els;   /* NULL, an S_IF, or an S_BLOCK */
        } ifs;
        struct {
            lang_stmt *init;     /* optional simple statement */
            lang_expr *cond;     /* optional condition */
            lang_stmt *post;     /* optional simple statement */
            lang_block *body;    /* body */
            lang_var **loopvars; /* variables declared by init := (per-iteration in go1.22) */
            uint32_t nloopvars;  /* number of them */
            bool semis;          /* written with semicolons (for ;; {}); printer only */
        } fors;
        struct {
            lang_expr *key;       /* iteration variable (E_IDENT) or assignable expr, or NULL */
            lang_expr *value;     /* always NULL in a loaded program (one variable only) */
            bool define;          /* key declared with := */
            lang_expr *x;         /* channel or int operand */
            lang_rangekind rkind; /* checked: what is ranged over */
            lang_var *var;        /* define: the new variable (NULL for _) */
            lang_block *body;     /* body */
        } range;
        struct {
            lang_stmt *init;   /* optional simple statement */
            lang_expr *tag;    /* tag, or NULL for a tagless switch (switch true) */
            lang_case *cases;  /* clauses in source order */
            uint32_t ncases;   /* number of clauses */
            lang_pos rbrace;   /* position of } */
            bool rbrace_blank; /* an empty line preceded } */
        } sw;
        struct {
            lang_comm *cases;  /* clauses in source order */
            uint32_t ncases;   /* number of clauses */
            bool has_default;  /* one clause is default */
            lang_pos rbrace;   /* position of } */
            bool rbrace_blank; /* an empty line preceded } */
        } sel;
        struct {
            lang_expr *call; /* the E_CALL: callee, receiver and arguments are evaluated
                                at the statement (D1-D3, D10) */
        } godefer;
        struct {
            lang_expr **results; /* result expressions (none: bare return) */
            uint32_t nresults;   /* number of them; 1 with a TUPLE call means spread */
            lang_func *fn;       /* the enclosing function */
        } ret;
        struct {
            const char *label;  /* label name or NULL */
            lang_pos label_pos; /* its position */
            lang_stmt *target;  /* the FOR/RANGE/SWITCH/SELECT statement left or continued
                                   (the statement itself, not its S_LABELED wrapper) */
        } branch;
        struct {
            const char *label; /* label name */
            lang_stmt *stmt;   /* labeled statement */
        } labeled;
    } u;
};

/* ------------------------------------------------------------ functions */

/* A function: top-level function, method or func literal. */
struct lang_func {
    const char *name;         /* "main", "worker", the method name; NULL for literals */
    lang_pos pos;             /* position of "func" */
    lang_pos name_pos;        /* position of the name (declarations) */
    uint32_t id;              /* index in program funcs */
    lang_field_group *recv;   /* methods: the receiver as written; NULL otherwise */
    lang_typedecl *recv_decl; /* methods: the receiver's base type declaration */
    bool ptr_recv;            /* methods: receiver is *T */
    lang_sig sig;             /* parameters and results as written */
    lang_type *type;          /* FUNC type (without the receiver) */
    lang_block *body;         /* body */
    lang_func *outer;         /* func literals: the directly enclosing function */
    lang_var *recv_var;       /* methods: the receiver variable (slot 0) */
    lang_var **params;        /* parameters in order (after the receiver) */
    uint32_t nparams;         /* number of parameters */
    lang_var **results;       /* result variables in order (named or not) */
    uint32_t nresults;        /* number of results */
    bool named_results;       /* results have names (return may be bare; defers see them) */
    lang_var **slots;         /* every variable of the frame, by slot index: receiver,
                                 parameters, results, then locals in declaration order */
    uint32_t nslots;          /* frame size in slots */
    lang_capture *captures;   /* func literals: captured variables; the literal's
                                 evaluation builds the closure from them */
    uint32_t ncaptures;       /* number of captures */
    uint32_t end_site;        /* site of the closing }: the implicit return (defers run) */
};

/* ------------------------------------------------------------ declarations */

/* Kinds of top-level (and in-function var/const) declarations. */
typedef enum lang_dkind {
    LANG_D_IMPORT = 0, /* import ... */
    LANG_D_CONST,      /* const ... */
    LANG_D_VAR,        /* var ... */
    LANG_D_TYPE,       /* type ... */
    LANG_D_FUNC        /* func ... (function or method) */
} lang_dkind;

/* A type declaration "type T struct{...}". */
struct lang_typedecl {
    const char *name;    /* T */
    lang_pos pos;        /* position of the name */
    lang_expr *texpr;    /* the struct type expression */
    lang_type *type;     /* the NAMED type */
    lang_func **methods; /* methods in declaration order */
    uint32_t nmethods;   /* number of methods */
};

/* One spec of a declaration: one line of a group, or the whole of an
 * ungrouped declaration. */
struct lang_spec {
    lang_pos pos;      /* position of the first token of the spec */
    bool blank_before; /* an empty line preceded it (inside a group) */
    /* IMPORT */
    const char *import_name; /* explicit package name, or NULL */
    const char *path;        /* import path text including quotes, as written */
    lang_pos path_pos;       /* position of the path */
    lang_pkg pkg;            /* which package */
    /* CONST and VAR */
    const char **names; /* declared names */
    lang_pos *name_pos; /* their positions */
    uint32_t nnames;    /* number of names */
    lang_expr *texpr;   /* type as written, or NULL */
    lang_expr **values; /* values as written (NULL for an implicit const repetition) */
    uint32_t nvalues;   /* number of values */
    lang_var **vars;    /* VAR: the variables (globals or locals; NULL entries for _) */
    int64_t iota;       /* CONST: the iota value of this spec */
    /* TYPE */
    lang_typedecl *tdecl; /* the type declaration */
};

/* A declaration. */
struct lang_decl {
    lang_dkind kind;   /* kind */
    lang_pos pos;      /* position of the keyword */
    bool blank_before; /* an empty line preceded it in the source */
    bool grouped;      /* written with ( ... ) */
    lang_spec **specs; /* specs (IMPORT, CONST, VAR, TYPE) */
    uint32_t nspecs;   /* number of specs */
    bool rparen_blank; /* grouped: an empty line preceded ) */
    lang_func *fn;     /* FUNC: the function or method */
};

/* ------------------------------------------------------------ program */

/* A loaded program: the AST root for the interpreter. */
struct lang_program {
    lang_arena arena;       /* owns every node */
    const char *filename;   /* file name as given to lang_load */
    lang_pos pkg_pos;       /* position of "package" */
    const char *pkg_name;   /* "main" */
    lang_decl **decls;      /* top-level declarations in source order */
    uint32_t ndecls;        /* number of them */
    lang_func **funcs;      /* every function, literals included, by id */
    uint32_t nfuncs;        /* number of functions */
    lang_func *main;        /* func main() */
    lang_var **globals;     /* package-level variables by index */
    uint32_t nglobals;      /* number of them */
    lang_spec **init_order; /* package-level var specs with values, in Go's
                               initialization order (dependencies first) */
    uint32_t ninit;         /* number of them */
    lang_pos *sites;        /* sites[id] = position; sites[0] unused */
    uint32_t nsites;        /* number of sites + 1 */
    uint32_t nvars;         /* number of variables (ids are 1..nvars) */
    lang_options opts;      /* options it was loaded with */
    bool checked;           /* the checker ran (not LANG_PARSE_ONLY) */
};

/* ------------------------------------------------------------ helpers shared by the lang sources
 */

/* Arena (arena.c): zeroed memory that lives as long as the program. */
void *lang__arena_alloc(lang_arena *a, size_t n);
char *lang__arena_strndup(lang_arena *a, const char *s, size_t n);
void lang__arena_free(lang_arena *a);

/* Aborts with a message when malloc fails (inputs are bounded, so only a
 * broken machine gets there). */
void *lang__xmalloc(size_t n);
void *lang__xrealloc(void *p, size_t n);

/* A growable byte buffer (arena.c). */
typedef struct lang_buf {
    char *data;
    size_t len, cap;
} lang_buf;
void lang__buf_put(lang_buf *b, const char *s, size_t n);
void lang__buf_puts(lang_buf *b, const char *s);
void lang__buf_putc(lang_buf *b, char c);
void lang__buf_printf(lang_buf *b, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void lang__buf_free(lang_buf *b);

/* Types (types.c). */
lang_type *lang__type_basic(lang_tkind k); /* singletons for the basic kinds */
lang_type *lang__type_duration(void);      /* time.Duration */
lang_type *lang__type_any_literal(void);   /* interface{} written out (prints so) */
bool lang__type_identical(const lang_type *a, const lang_type *b);
const lang_type *lang__type_under(const lang_type *t); /* underlying type */
/* Appends the type as gc writes it in messages (package-qualified for
 * sync/time, unqualified for main). */
void lang__type_write(lang_buf *b, const lang_type *t);

/* ------------------------------------------------------------ evaluation order */

/* Builtins that gc compiles inline rather than as calls: not hoisted. */
static inline bool lang__builtin_inline(lang_builtin b)
{
    switch (b) {
    case LANG_B_LEN:
    case LANG_B_CAP:
    case LANG_B_MAKE:
    case LANG_B_NEW:
    case LANG_B_CLOSE:
    case LANG_B_PANIC:
    case LANG_B_RECOVER:
    case LANG_B_PRINT:
    case LANG_B_PRINTLN:
        return true;
    default:
        return false;
    }
}

/* Whether e is evaluated ahead of its statement's variable reads (gc's
 * order, see lang__eval_hoist in interp.h): a call with one value, a
 * receive, && and ||. The checker's last pass records in hz_memo whether
 * anything below a node is. */
static inline bool lang__expr_hoistable(const lang_expr *e)
{
    switch (e->kind) {
    case LANG_E_CALL:
        if (e->u.call.ckind == LANG_CALL_CONVERSION || e->mode == LANG_MODE_NOVALUE)
            return false;
        if (e->u.call.ckind == LANG_CALL_BUILTIN && lang__builtin_inline(e->u.call.builtin))
            return false;
        return e->type && e->type->kind != LANG_T_TUPLE;
    case LANG_E_UNARY:
        return e->u.unary.op == LANG_OP_RECV && e->mode != LANG_MODE_COMMAOK;
    case LANG_E_BINARY:
        return e->u.binary.op == LANG_OP_LAND || e->u.binary.op == LANG_OP_LOR;
    default:
        return false;
    }
}

#endif /* DEFERFUZZ_LANG_AST_H */
