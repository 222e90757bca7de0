/* interp.h - what the interpreter files (lang/interp*.c) share. Internal to
 * lang/; the public entry point is lang_run() in lang.h.
 *
 * The interpreter walks the checked AST (ast.h) directly. Its rules:
 *   - every byte of an execution comes from rt_alloc() or the C stack of a
 *     goroutine: goroutines can be abandoned (X1) or unwound by longjmp
 *     (panic, recover, Goexit) at any operation, so nothing may be malloc'd
 *     and no state may need restoring after a call that can unwind;
 *   - state that must survive a recovery lives in the caller's C frame
 *     (the callee's slots) or in rt_alloc() cells;
 *   - the program is read-only.
 *
 * Files: interp.c (lang_run, main, statement points, budget),
 * interp_value.c (representation, copies, equality, interfaces, rt_value
 * conversion, type names), interp_expr.c (expressions), interp_stmt.c
 * (statements), interp_call.c (calls, closures, defer, go),
 * interp_builtin.c (builtins and package functions), interp_fmt.c (fmt and
 * the print builtins).
 */
#ifndef DEFERFUZZ_LANG_INTERP_H
#define DEFERFUZZ_LANG_INTERP_H

#include "ast.h"
#include "lang.h"

/* ------------------------------------------------------------ values */

/* One Go value. What the fields mean depends on the static type:
 *   int, int64 (time.Duration), bool, time.Time: u.i
 *   string: u.s with n bytes (not NUL-terminated; rt_alloc or program arena)
 *   struct: u.p is an iv[nfields] (at least one element) holding the fields;
 *           the storage is the struct's identity: &x is u.p
 *   pointer: u.p is the pointee's storage (a struct's field array, or the
 *           iv cell of a sync value); NULL is nil
 *   chan: u.p is the rt_chan (NULL = nil)
 *   func: u.p is an iclo (NULL = nil)
 *   any, error: u.p is an ibox (NULL = nil)
 *   sync.WaitGroup/Mutex/RWMutex/Once: u.p is the runtime object, created on
 *           first use (NULL = not used yet); copying the value copies the
 *           handle, so a copy shares the state (Go would copy the state)
 * A struct value produced by an expression may share storage with a
 * variable; every store copies it (lang__val_copy / lang__val_store). */
typedef struct iv {
    union {
        int64_t i;
        void *p;
        const char *s;
    } u;
    int64_t n;
} iv;

/* A non-nil interface value: the dynamic type and a private copy of the
 * value. */
typedef struct ibox {
    const lang_type *t;
    iv v;
} ibox;

/* The payload of an error made by errors.New, fmt.Errorf or the runtime:
 * its Error() text. Errors compare by the identity of this object. */
typedef struct ierr {
    const char *s;
    int64_t n;
} ierr;

/* A function value: a function, a closure with its captured cells, or a
 * method value with its bound receiver. */
typedef struct iclo {
    const lang_func *fn;
    bool has_recv; /* a method value: recv is the receiver bound at evaluation */
    iv recv;
    uint32_t ncap;
    iv **cells; /* captured variables, by lang_func.captures index */
} iclo;

/* Dynamic types of values made by the runtime or the library, used as
 * ibox.t. Compare them by address. */
extern const lang_type lang__it_errstring;  /* *errors.errorString (errors.New, Errorf) */
extern const lang_type lang__it_wraperror;  /* *fmt.wrapError (Errorf with %w) */
extern const lang_type lang__it_rterror;    /* runtime.Error whose text starts "runtime error" */
extern const lang_type lang__it_plainerror; /* runtime.plainError (channel panics) */
extern const lang_type lang__it_empty;      /* struct {} */

/* ------------------------------------------------------------ execution state */

/* One execution of one program. Lives on the C stack of lang_run(). */
typedef struct interp {
    const lang_program *prog;
    lang_run_opts o;
    bool go122;                   /* per-iteration loop variables (L2) */
    bool preempt;                 /* --preempt stmt */
    uint64_t budget;              /* statements allowed before the execution is ended */
    uint64_t stmts;               /* statements executed (sync mode only) */
    iv *globals;                  /* package-level variables (rt_alloc) */
    struct ihoist_block *hz_free; /* free hoist blocks */
    uint32_t ncells;              /* variable cells made (instance numbers) */
    void **deferred;              /* packets of the deferred calls, by number */
    uint32_t ndeferred, capdeferred;
    struct istrbuf { /* strings built by +, with room to grow */
        char *p;
        size_t cap, used;
    } strbufs[4];
    uint32_t strbuf_next;
    uint32_t *acc_serial; /* access tracking: objects made, by goroutine id */
    uint32_t acc_nserial;
} interp;

/* Longest string the interpreter builds; longer is Go's out-of-memory
 * fatal error (a fuzzed s += s must not exhaust the machine). */
#define LANG_MAX_STRING (64u << 20)

/* The execution running on this thread (deferred calls find their packets
 * through it). */
extern _Thread_local interp *lang__cur;

/* ------------------------------------------------------------ access tracking
 *
 * lang_run_opts.on_access (lang.h), copied to thread-locals so that the
 * test when tracking is off is one load and a branch. With tracking on,
 * struct storage starts with a hidden header (the iv before field 0)
 * holding the object's own number, and cells carry theirs. */
extern _Thread_local lang_access_fn lang__acc_fn;
extern _Thread_local void *lang__acc_ctx;

static inline void lang__acc(uint64_t obj, bool write)
{
    if (lang__acc_fn)
        lang__acc_fn(lang__acc_ctx, obj, write);
}

/* A new object number for the running goroutine: goroutine << 32 | its
 * count so far. */
uint64_t lang__acc_new_object(void);
/* The id of field i of struct storage st (tracking on, st not NULL). */
uint64_t lang__acc_field(const iv *st, uint32_t i);
/* Reports reads (write false) or writes of every field of the struct
 * storage st of type u (tracking on). */
void lang__acc_fields(const lang_type *u, const iv *st, bool write);
/* The id of variable v stored at addr (its cell or global slot), or 0 for
 * a local that no other goroutine can reach. */
uint64_t lang__acc_var(const lang_var *v, const iv *addr);

/* How a statement ended. */
typedef enum ictl {
    CTL_NORMAL = 0,
    CTL_BREAK,      /* frame.target is the statement left */
    CTL_CONTINUE,   /* frame.target is the loop continued */
    CTL_RETURN,     /* results are stored */
    CTL_FALLTHROUGH /* into the next switch clause */
} ictl;

/* A call (or receive, && or ||) that gc evaluates before the rest of its
 * statement (see lang__eval_hoist), with its value. */
typedef struct ihoist {
    const lang_expr *e;
    iv v;
} ihoist;

/* Storage for hoisted values, taken by a frame on its first hoist and
 * given back when the frame returns (a frame unwound by a panic just
 * drops its block). */
typedef struct ihoist_block {
    struct ihoist_block *next; /* in the free list */
    uint32_t cap;
    ihoist e[];
} ihoist_block;

/* The activation of one Go function. Lives on the C stack of the
 * function's trampoline; its slots live in the caller's C frame (or the
 * trampoline's, for goroutines and deferred calls) so that the results
 * survive a recovery (N5). */
typedef struct iframe {
    interp *I;
    const lang_func *fn;
    iv *slots;               /* by lang_var.index; boxed variables hold an iv* cell */
    const iclo *clo;         /* the closure being run: its captured cells */
    const lang_stmt *target; /* CTL_BREAK/CTL_CONTINUE: the statement */
    uint32_t site;           /* the statement being executed */
    ihoist_block *hz;        /* values hoisted in the current evaluation scope */
    uint32_t nhz;
} iframe;

/* ------------------------------------------------------------ interp.c */

/* Where a function can mark its helpers that must not be inlined into a
 * recursive path (each Go call costs C stack on the goroutine). */
#if defined(__GNUC__) || defined(__clang__)
#define LANG_NOINLINE __attribute__((noinline))
#else
#define LANG_NOINLINE
#endif

/* Memory of the execution: zeroed, never freed before the execution ends. */
void *lang__interp_alloc(size_t n);
/* A statement begins: sets the site; a scheduling point with --preempt
 * stmt; counts it against the budget otherwise. */
void lang__interp_point(iframe *f, uint32_t site);
/* Runs package-level variable initialisers (in main's frame). */
void lang__interp_init_globals(iframe *f);

/* A growable byte buffer on rt_alloc(), starting in caller memory. */
typedef struct isb {
    char *p;
    size_t len, cap;
} isb;
void lang__sb_init(isb *b, char *stack, size_t cap);
void lang__sb_put(isb *b, const char *s, size_t n);
void lang__sb_puts(isb *b, const char *s);
void lang__sb_putc(isb *b, char c);
void lang__sb_int(isb *b, int64_t v);
/* The contents as a string that lives until the execution ends. */
iv lang__sb_string(isb *b);

/* ------------------------------------------------------------ interp_value.c */

const lang_type *lang__val_under(const lang_type *t);
bool lang__val_is_iface(const lang_type *t); /* any or error */
bool lang__val_is_struct(const lang_type *t);
bool lang__val_is_sync(const lang_type *t);
bool lang__val_is_intlike(const lang_type *t); /* int, int64, time.Time */
bool lang__val_type_ident(const lang_type *a, const lang_type *b);

iv lang__val_int(int64_t i);
iv lang__val_str(const char *s, int64_t n);
/* The zero value of t (fresh storage for structs). */
iv lang__val_zero(const lang_type *t);
/* A private copy of v (deep for structs, including nested structs). */
iv lang__val_copy(const lang_type *t, iv v);
/* Stores v into the location dst of type t; a struct is copied into the
 * storage already there, so pointers to it see the new value. */
void lang__val_store(const lang_type *t, iv *dst, iv v);
/* Go's ==. */
bool lang__val_equal(const lang_type *t, iv a, iv b);
/* Converts v of static type src to dst: boxes into interfaces, copies. */
iv lang__val_convert(const lang_type *dst, const lang_type *src, iv v);
/* Boxes v (type t, not an interface) into a fresh ibox. */
ibox *lang__val_box(const lang_type *t, iv v);
/* A new error value with text s (errors.New, fmt.Errorf). */
iv lang__val_error(const lang_type *dyn, const char *s, int64_t n);
/* Unboxes: the dynamic type and value of v (static type t). For a nil
 * interface *dt is NULL. For a non-interface, t and v themselves. */
const lang_type *lang__val_dynamic(const lang_type *t, iv v, iv *out);

/* The rt_value for a channel element, the zero of make(chan T), and back. */
rt_value lang__val_to_rt(const lang_type *t, iv v);
iv lang__val_from_rt(const lang_type *t, rt_value v);
/* The rt_value panic(v) raises: the text Go prints (P3) and, in p, the
 * boxed Go value so that recover returns it with its dynamic type. Calls
 * no Go code: a value with an Error or String method is RT_VF_LATE, its
 * text how it prints without the method. */
rt_value lang__val_panic_value(const lang_type *t, iv v);
/* rt_config.preprint: the late panic value v made printable by its Error
 * or String method (gc's preprintpanics); ctx is the interp. */
rt_value lang__val_preprint(void *ctx, const rt_value *v, bool *keep);
/* What recover() returns, as an any. */
iv lang__val_from_recover(rt_value r);

/* Appends the type as Go's %T and panics write it ("main.T", "*main.T",
 * "chan int", "struct {}", ...). */
void lang__val_type_name(isb *b, const lang_type *t);

/* ------------------------------------------------------------ variables (interp_expr.c) */

/* Address of the variable a reference denotes (through its cell). */
iv *lang__var_addr(iframe *f, const lang_ref *r);
/* Declares variable v of the current frame with initial value x (already
 * a private copy): a fresh cell when the variable is boxed. */
void lang__var_declare(iframe *f, const lang_var *v, iv x);
/* Whether the variable lives in a heap cell (captured or addressed). */
bool lang__var_boxed(const lang_var *v);
/* A new cell holding x for one instance of variable v. A captured
 * variable has one instance per execution of its declaration (and per
 * iteration for go1.22 loop variables); the argument-timing oracle must
 * tell them apart, so each cell carries an instance number. */
iv *lang__var_cell(interp *I, iv x);
/* Reports a read / write of a captured variable, stored at addr (its cell),
 * to the argument-timing oracle (int, bool and string values only). The
 * event's variable id is (instance << 32) | lang_var.id. */
void lang__var_note_read(const lang_var *v, const iv *addr, iv x);
void lang__var_note_write(const lang_var *v, const iv *addr, iv x);

/* ------------------------------------------------------------ interp_expr.c */

/* gc's evaluation order (cmd/compile order.go): within one statement, the
 * calls, receives and && / || operations are evaluated first, in source
 * order, into temporaries; then the rest of the expressions, which reads
 * variables after those calls ran: with x := 1 and f setting x to 2,
 * fmt.Println(x, f()) prints "2 ...". lang__eval_scope starts a statement's
 * scope; lang__eval_hoist evaluates what root e hoists (not e itself);
 * lang__eval then uses the hoisted values. defer and go evaluate strictly
 * left to right (gc wraps them into ordered temporaries). */
void lang__eval_scope(iframe *f);
/* Gives the frame's hoist block back (the frame returns). */
void lang__eval_release(iframe *f);
void lang__eval_hoist(iframe *f, const lang_expr *e);
/* lang__eval_hoist then lang__eval, within the current scope. */
iv lang__eval_rooted(iframe *f, const lang_expr *e);

/* Evaluates e to one value (structs: possibly shared storage). */
iv lang__eval(iframe *f, const lang_expr *e);
/* Evaluates e, which yields n values (a TUPLE call or a comma-ok receive),
 * into out[0..n). */
void lang__eval_multi(iframe *f, const lang_expr *e, iv *out, uint32_t n);
/* Evaluates e and converts it to type t (boxing into interfaces, copying
 * structs): the value to store in a location of type t. */
iv lang__eval_to(iframe *f, const lang_expr *e, const lang_type *t);

/* An assignable location. nil_deref: reaching it dereferenced a nil pointer;
 * the store panics (the operands are evaluated first, as in Go). */
typedef struct ilval {
    iv *addr;
    const lang_type *t;
    const lang_var *var; /* the variable, when the location is one (notes) */
    uint64_t obj;        /* access tracking: the location's object id (0: local) */
    bool blank;          /* the blank identifier: the value is dropped */
    bool nil_deref;
} ilval;
ilval lang__eval_lval(iframe *f, const lang_expr *e);
/* Stores x (already converted to l.t) into l. */
void lang__lval_store(const ilval *l, iv x);
/* Reads l (for op-assignment and ++/--). */
iv lang__lval_load(const ilval *l);

/* x op y for the arithmetic and string operators. */
iv lang__eval_binop(interp *I, lang_op op, const lang_type *t, iv x, iv y);
/* x == y with Go's rules for mixed interface / nil operands. */
bool lang__eval_equal(const lang_type *tx, iv x, const lang_type *ty, iv y);

/* Dereferences pointer p; panics on nil. */
iv *lang__eval_deref(iv p);

/* ------------------------------------------------------------ interp_stmt.c */

ictl lang__exec_block(iframe *f, const lang_block *b);
ictl lang__exec_stmts(iframe *f, lang_stmt *const *s, uint32_t n);
ictl lang__exec_stmt(iframe *f, const lang_stmt *s);

/* ------------------------------------------------------------ interp_call.c */

/* The callee of a call and its bound receiver, resolved at the call (or
 * at the defer/go statement, D1-D3). */
typedef struct icallee {
    const lang_func *fn; /* NULL: a nil function value */
    const iclo *clo;     /* captured cells (NULL for top-level functions) */
    bool has_recv;
    iv recv;
} icallee;

/* Evaluates the arguments of call e in order into vals/types (spreading a
 * multi-value call), converting each to its parameter type when the callee
 * has one. Returns the count. cap must be >= lang__call_nargs(e). */
uint32_t lang__call_args(iframe *f, const lang_expr *e, const lang_type *fntype, iv *vals,
                         const lang_type **types);
uint32_t lang__call_nargs(const lang_expr *e);
/* f(g()) where g yields several values (checked as spread, or a single
 * argument of TUPLE type). */
bool lang__call_spread(const lang_expr *e);
/* Resolves the callee (and receiver) of a non-builtin call. */
icallee lang__call_callee(iframe *f, const lang_expr *e);
/* Calls c with args in a new runtime frame; stores the results in res. */
void lang__call_invoke(iframe *f, const icallee *c, const iv *args, uint32_t nargs, iv *res);
/* Evaluates call expression e, whose results go to res (nresults of them). */
void lang__call_eval(iframe *f, const lang_expr *e, iv *res, uint32_t nres);
/* Calls a closure value with no arguments in the current runtime frame
 * (sync.Once.Do's f). */
void lang__call_closure_here(interp *I, const iclo *clo);
/* The defer and go statements. */
void lang__call_defer(iframe *f, const lang_stmt *s);
void lang__call_go(iframe *f, const lang_stmt *s);
/* Builds the closure value of a func literal, or of a top-level function. */
iv lang__call_funclit(iframe *f, const lang_func *fn);
iv lang__call_funcval(const lang_func *fn);
/* Method value x.M: the receiver is evaluated (and copied) now. */
iv lang__call_method_value(iframe *f, const lang_expr *sel);
/* The method named name with signature func() string in the method set of
 * the dynamic type t (Error, String), or NULL. *deref tells that t is a
 * pointer and the method has a value receiver. */
const lang_func *lang__call_find_method(const lang_type *t, const char *name, bool *deref);
/* Calls such a method on v and returns its string result. A nil pointer
 * receiver of a value method panics like Go. */
iv lang__call_string_method(interp *I, const lang_func *m, const lang_type *t, iv v, bool deref);
/* The same call in a frame of its own whose deferred call recovers, as
 * fmt's catchPanic and the runtime's preprintpanics do. *how: 0 when it
 * returned, 1 when it panicked (*pv: the value recovered; on_panic, when
 * not NULL, is called with it inside the deferred call, where the
 * recovered panic is still on the goroutine's panic chain, as catchPanic
 * prints), 2 when it panicked and recover() gave nil (go1.19's
 * panic(nil)). Returns the method's result ("" after a panic). */
iv lang__call_string_method_caught(interp *I, const lang_func *m, const lang_type *t, iv v,
                                   bool deref, void (*on_panic)(void *ctx, rt_value pv), void *ctx,
                                   int *how, rt_value *pv);
/* Runs function fn's body in the current runtime frame with the given
 * slots (parameters already stored); boxes what needs a cell. */
void lang__call_run_body(interp *I, const lang_func *fn, const iclo *clo, iv *slots);

/* ------------------------------------------------------------ interp_builtin.c */

/* Executes builtin b of call e with evaluated arguments (types[i] is the
 * static type of vals[i]); results into res. Also runs deferred and go'd
 * builtins. */
void lang__builtin_exec(iframe *f, const lang_expr *e, lang_builtin b, const iv *vals,
                        const lang_type *const *types, uint32_t nargs, iv *res);
/* Evaluates the arguments of builtin call e (receiver first for methods). */
uint32_t lang__builtin_args(iframe *f, const lang_expr *e, iv *vals, const lang_type **types);
uint32_t lang__builtin_nargs(const lang_expr *e);

/* ------------------------------------------------------------ interp_fmt.c */

/* fmt.Sprint / Sprintln / Sprintf into b. */
void lang__fmt_sprint(interp *I, isb *b, const iv *vals, const lang_type *const *types, uint32_t n,
                      bool ln);
void lang__fmt_sprintf(interp *I, isb *b, iv format, const iv *vals, const lang_type *const *types,
                       uint32_t n);
/* print / println builtins (runtime formatting) into b. */
void lang__fmt_print_builtin(isb *b, const iv *vals, const lang_type *const *types, uint32_t n,
                             bool ln);
/* time.Duration's String(). */
void lang__fmt_duration(isb *b, int64_t d);

#endif /* DEFERFUZZ_LANG_INTERP_H */
