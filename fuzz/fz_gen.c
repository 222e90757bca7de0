/* fz_gen.c - the program generator: generator bytes -> a well-typed Go
 * program of the deferfuzz subset (fz_generate, fz.h).
 *
 * Every decision reads one byte, front to back: an n-way choice takes
 * byte % n (a weighted choice walks a weight table with byte % total).
 * When the bytes run out every choice is 0, and option 0 is always the
 * smallest or terminating one ("no more statements", "no helper
 * functions", the literal 0), so short inputs give small programs, the
 * empty input gives an empty main, and every byte string gives a program.
 *
 * Shape of a program:
 *   byte 0           number of helper functions f1..fN (0..FZ_GEN_MAX_FUNCS-1)
 *   per helper       its parameter count and types (int, string, chan int,
 *                    *sync.WaitGroup) and its result (none, int, (rK int),
 *                    (rK int, eK error))
 *   bodies           fN, ..., f1, then main: a statement list each
 *
 * A statement list is "continue? (byte % 4 != 0)" then a weighted statement
 * kind, repeated. Statements: prints (fmt.Println, fmt.Printf, println),
 * local declarations (int, string, channels buffered or not, nil channels,
 * WaitGroups, Mutexes), assignments and op-assignments to locals, captured
 * variables, named results and package-level variables, if/else,
 * expression and tagless switch, bounded three-clause for loops (optionally
 * labeled, with break/continue), go with closures (with and without
 * arguments), with named functions and with builtins, defer of calls with
 * arguments (ints, strings, captured variables, receives, calls), of
 * builtins (close, panic, recover, println) and of closures (which may
 * recover, re-panic, or change named results), panic with ints, strings,
 * errors, recovered values and nil, recover in and out of deferred
 * closures, runtime.Goexit, runtime.Gosched, os.Exit, channel send,
 * receive, v,ok receive, close, range over a channel, select with and
 * without default (receive, v,ok receive, send, time.After cases),
 * WaitGroup Add/Done/Wait (Done also deferred, WaitGroups passed by
 * pointer), Mutex Lock/Unlock (Unlock also deferred), calls of helpers,
 * return, time.Sleep.
 *
 * Well-typedness by construction: expressions are built per type from the
 * variables in scope; variable names are unique in the program (no
 * shadowing); a local that nothing read by the end of its block gets a
 * "_ = x" there (gc's "declared and not used"); imports and package-level
 * variables are emitted only when used; helpers call only helpers of a
 * higher index (no recursion); a function with results ends with a return;
 * labels are always used; nothing outside what go1.19 accepts (no range
 * over int).
 *
 * main may end by waiting (wg.Wait() or time.Sleep(time.Second), one
 * more byte) so that the goroutines it started get to run.
 *
 * Bounds, so that every generated program ends within the step budget
 * and in little memory: at most FZ_GEN_MAX_STMTS statements, nesting depth
 * FZ_GEN_MAX_DEPTH, loops of 1..4 iterations, and static bounds per
 * function, counting loops and the helpers it calls or starts: the
 * statement executions one call can cause (FZ_GEN_MAX_COST) and the
 * goroutines it can start (FZ_GEN_MAX_GOS). A range over a channel is the
 * one loop not bounded by its text: its body (and what it starts or
 * calls) never sends, so it ends once the sends made before it are
 * consumed. String expressions hold at most one string variable and "+="
 * appends no variable, so strings grow linearly, never by doubling.
 *
 * Layout follows gofmt (tabs, one blank line between declarations, sorted
 * imports, gofmt's spacing of binary expressions by nesting depth), so
 * lang_print() of the loaded program gives back the same text. */
#include "fz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_GEN_MAX_FUNCS 8u /* main included */
#define FZ_GEN_MAX_STMTS 200u
#define FZ_GEN_MAX_DEPTH 5u
#define FZ_GEN_MAX_COST  4000u
#define FZ_GEN_MAX_GOS   48u
#define FZ_GEN_MAX_VARS  512u
#define FZ_GEN_MAX_ARGS  3u

/* ================================================================ text */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_grow(sbuf *b, size_t need)
{
    if (b->oom || b->len + need + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + need + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return;
    }
    b->p = p;
    b->cap = cap;
}

static void sb_put(sbuf *b, const char *s, size_t n)
{
    sb_grow(b, n);
    if (b->oom)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        sb_put(b, tmp, (size_t)n);
        return;
    }
    sb_grow(b, (size_t)n);
    if (b->oom)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_free(sbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ================================================================ model */

typedef enum ty {
    T_INT,
    T_STR,
    T_BOOL,
    T_CHAN, /* chan int */
    T_ANY,  /* a recovered value */
    T_ERR,  /* error */
    T_WG,   /* sync.WaitGroup */
    T_WGP,  /* *sync.WaitGroup */
    T_MU    /* sync.Mutex */
} ty;

/* Parameter types of helpers, in the order a byte picks them. */
static const ty param_types[] = {T_INT, T_STR, T_CHAN, T_WGP};

/* Results of helpers. */
typedef enum res_kind {
    R_NONE = 0,
    R_INT,       /* int */
    R_NAMED,     /* (rK int) */
    R_NAMED_ERR, /* (rK int, eK error) */
    R__N
} res_kind;

/* What an emitted program uses: imports and package-level variables. */
enum {
    U_ERRORS = 1u << 0,
    U_FMT = 1u << 1,
    U_OS = 1u << 2,
    U_RUNTIME = 1u << 3,
    U_SYNC = 1u << 4,
    U_TIME = 1u << 5,
    U_G_COUNT = 1u << 8,  /* var count int */
    U_G_MSG = 1u << 9,    /* var msg string */
    U_G_QUEUE = 1u << 10, /* var queue = make(chan int, 2) */
    U_G_MU = 1u << 11,    /* var mu sync.Mutex */
    U_G_WG = 1u << 12     /* var wg sync.WaitGroup */
};

typedef struct gvar {
    char name[16];
    uint8_t type;
    bool used;       /* read somewhere (gc's "declared and not used") */
    bool assignable; /* locals, params, named results, globals */
    bool global;
    unsigned gbit; /* U_G_* of a global */
} gvar;

typedef struct fsig {
    unsigned np;
    ty pt[FZ_GEN_MAX_ARGS];
    res_kind res;
    uint32_t cost; /* static cost bound of one call */
    uint32_t gos;  /* goroutines one call can start (static bound) */
    bool sends;    /* one call can send on a channel */
} fsig;

/* Where a statement is generated. */
typedef struct ctx {
    unsigned fn;    /* 0 = main, 1..nf = helper fK */
    res_kind res;   /* results of the enclosing function literal or declaration */
    bool closure;   /* inside a function literal */
    bool deferred;  /* the body of a deferred function literal itself */
    bool loop;      /* break and continue are allowed */
    bool breakable; /* break alone is allowed (loop, switch, select) */
    int label;      /* id of the innermost usable label, or -1 */
    unsigned depth; /* block nesting */
    unsigned ind;   /* indentation in tabs */
    uint32_t mult;  /* how many times one call runs this block (static bound) */
    int rvar, evar; /* g->vars index of the named results rK, eK, or -1 */
    bool nosend;    /* in the body of a range over a channel: a send there (or in a
                       goroutine started there) could feed the loop forever */
} ctx;

typedef struct gen {
    const uint8_t *in;
    size_t len, pos;
    sbuf *out; /* body being generated */
    gvar vars[FZ_GEN_MAX_VARS];
    size_t nvars;
    fsig f[FZ_GEN_MAX_FUNCS]; /* f[1..nf] */
    unsigned nf;
    unsigned nstmts;
    unsigned nextid;
    unsigned enest; /* expression nesting (calls in arguments) */
    unsigned uses;
    uint32_t cost; /* cost of the function being generated */
    uint32_t gos;  /* goroutines it can start */
    bool sends;    /* it can send */
    bool label_used[FZ_GEN_MAX_STMTS + 1];
    unsigned nlabels;
} gen;

/* ================================================================ choices */

static unsigned next_byte(gen *g)
{
    return g->pos < g->len ? g->in[g->pos++] : 0;
}

/* An n-way choice: byte % n; 0 without reading when n <= 1 or the bytes
 * ran out. */
static unsigned choose(gen *g, unsigned n)
{
    return n <= 1 ? 0 : next_byte(g) % n;
}

static bool coin(gen *g)
{
    return choose(g, 2) == 1;
}

/* A weighted choice: index into w[0..n) (w[0] is what exhaustion gives). */
static unsigned pick(gen *g, const uint8_t *w, unsigned n)
{
    unsigned total = 0;
    for (unsigned i = 0; i < n; i++)
        total += w[i];
    unsigned r = choose(g, total);
    for (unsigned i = 0; i < n; i++) {
        if (r < w[i])
            return i;
        r -= w[i];
    }
    return 0;
}

/* ================================================================ scope */

static gvar *add_var(gen *g, const char *prefix, ty t, bool used)
{
    if (g->nvars >= FZ_GEN_MAX_VARS)
        return NULL;
    gvar *v = &g->vars[g->nvars++];
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s%u", prefix, ++g->nextid);
    v->type = (uint8_t)t;
    v->used = used;
    v->assignable = true;
    return v;
}

static void add_global(gen *g, const char *name, ty t, unsigned bit)
{
    gvar *v = &g->vars[g->nvars++];
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", name);
    v->type = (uint8_t)t;
    v->used = true;
    v->assignable = true;
    v->global = true;
    v->gbit = bit;
}

/* Marks v read and returns its name (noting a global's use). */
static const char *use_var(gen *g, gvar *v)
{
    v->used = true;
    if (v->global)
        g->uses |= v->gbit;
    if (v->type == T_WG || v->type == T_MU || v->type == T_WGP)
        g->uses |= U_SYNC;
    return v->name;
}

/* An assignment target: its name (noting a global's use, not a read). */
static const char *target(gen *g, gvar *v)
{
    if (v->global)
        g->uses |= v->gbit;
    return v->name;
}

static unsigned count_vars(gen *g, ty t, bool assignable)
{
    unsigned n = 0;
    for (size_t i = 0; i < g->nvars; i++)
        if (g->vars[i].type == t && (!assignable || g->vars[i].assignable))
            n++;
    return n;
}

/* One variable of type t in scope chosen by a byte (NULL if none). Locals
 * come last, so byte values favour the newest. */
static gvar *pick_var(gen *g, ty t, bool assignable)
{
    unsigned n = count_vars(g, t, assignable);
    if (!n)
        return NULL;
    unsigned k = choose(g, n);
    for (size_t i = g->nvars; i-- > 0;) {
        gvar *v = &g->vars[i];
        if (v->type == t && (!assignable || v->assignable)) {
            if (k == 0)
                return v;
            k--;
        }
    }
    return NULL;
}

/* ================================================================ output */

static void indent(gen *g, unsigned ind)
{
    for (unsigned i = 0; i < ind; i++)
        sb_put(g->out, "\t", 1);
}

static void line(gen *g, const ctx *c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void line(gen *g, const ctx *c, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    indent(g, c->ind);
    sb_puts(g->out, tmp);
    sb_put(g->out, "\n", 1);
}

/* Ends a block opened at scope mark: "_ = x" for every local declared in
 * it that nothing read, then forgets them. */
static void close_scope(gen *g, const ctx *c, size_t mark)
{
    for (size_t i = mark; i < g->nvars; i++) {
        gvar *v = &g->vars[i];
        if (v->used)
            continue;
        v->used = true;
        if (v->type == T_WG || v->type == T_MU)
            line(g, c, "_ = &%s", v->name);
        else
            line(g, c, "_ = %s", v->name);
    }
    g->nvars = mark;
}

/* ================================================================ expressions */

static const char *const words[] = {"a", "b", "done", "x", "ok", "boom", "late", "first"};
#define NWORDS (sizeof words / sizeof words[0])

static void gen_expr(gen *g, const ctx *c, ty t, unsigned depth, sbuf *e);

/* Can fK be called from the current function, in a block run m times? */
static bool callable(const gen *g, const ctx *c, unsigned k, uint32_t m)
{
    if (k == 0 || k > g->nf)
        return false;
    if (c->fn != 0 && k <= c->fn)
        return false; /* only higher indexes: no recursion */
    if (c->nosend && g->f[k].sends)
        return false;
    uint64_t add = (uint64_t)m * (1u + g->f[k].cost);
    uint64_t gos = (uint64_t)m * g->f[k].gos;
    return g->cost + add <= FZ_GEN_MAX_COST && g->gos + gos <= FZ_GEN_MAX_GOS;
}

/* A helper with result kind in mask, callable from here (0: none). */
static unsigned pick_func(gen *g, const ctx *c, unsigned resmask)
{
    unsigned cand[FZ_GEN_MAX_FUNCS], n = 0;
    for (unsigned k = 1; k <= g->nf; k++)
        if ((resmask & (1u << g->f[k].res)) && callable(g, c, k, c->mult))
            cand[n++] = k;
    if (!n)
        return 0;
    return cand[choose(g, n)];
}

/* Arguments of a call with nargs arguments at depth (gofmt: a call with
 * more than one argument prints its arguments one level deeper). */
static void gen_args(gen *g, const ctx *c, const ty *types, unsigned nargs, unsigned depth, sbuf *e)
{
    unsigned d = depth + (nargs > 1);
    for (unsigned i = 0; i < nargs; i++) {
        if (i)
            sb_puts(e, ", ");
        gen_expr(g, c, types[i], d, e);
    }
}

/* fK(args), charging its cost. */
static void gen_call(gen *g, const ctx *c, unsigned k, unsigned depth, sbuf *e)
{
    g->cost += c->mult * (1u + g->f[k].cost);
    g->gos += c->mult * g->f[k].gos;
    g->sends |= g->f[k].sends;
    sb_printf(e, "f%u(", k);
    gen_args(g, c, g->f[k].pt, g->f[k].np, depth, e);
    sb_puts(e, ")");
}

static void gen_atom_int(gen *g, sbuf *e)
{
    gvar *v = coin(g) ? pick_var(g, T_INT, false) : NULL;
    if (v)
        sb_puts(e, use_var(g, v));
    else
        sb_printf(e, "%u", choose(g, 10));
}

static void gen_chan(gen *g, sbuf *e)
{
    gvar *v = pick_var(g, T_CHAN, false);
    sb_puts(e, use_var(g, v)); /* the global queue is always in scope */
}

static void gen_expr1(gen *g, const ctx *c, ty t, unsigned depth, sbuf *e);

static void gen_expr(gen *g, const ctx *c, ty t, unsigned depth, sbuf *e)
{
    g->enest++;
    gen_expr1(g, c, t, depth, e);
    g->enest--;
}

static void gen_expr1(gen *g, const ctx *c, ty t, unsigned depth, sbuf *e)
{
    bool flat = g->enest > 3; /* literals and variables only */
    switch (t) {
    case T_INT: {
        static const uint8_t w[] = {6, 6, 6, 2, 2, 2, 1, 1};
        unsigned k = flat ? choose(g, 2) : pick(g, w, sizeof w);
        switch (k) {
        case 0:
            sb_printf(e, "%u", choose(g, 10));
            return;
        case 1: {
            gvar *v = pick_var(g, T_INT, false);
            if (v)
                sb_puts(e, use_var(g, v));
            else
                sb_printf(e, "%u", choose(g, 10));
            return;
        }
        case 2: {
            /* gofmt: blanks around + - * / % only at depth 1 */
            static const char *const ops[] = {"+", "-", "*", "/", "%"};
            unsigned op = choose(g, 5);
            gvar *v = pick_var(g, T_INT, false);
            const char *sp = depth <= 1 ? " " : "";
            if (!v) {
                sb_printf(e, "%u%s+%s%u", choose(g, 10), sp, sp, choose(g, 10));
                return;
            }
            const char *name = use_var(g, v);
            if (op >= 3) {
                /* divide only by a variable: a constant 0 is a compile error */
                sb_printf(e, "%u%s%s%s", 1 + choose(g, 9), sp, ops[op], sp);
                sb_puts(e, name);
            } else {
                sb_printf(e, "%s%s%s%s", name, sp, ops[op], sp);
                gen_atom_int(g, e);
            }
            return;
        }
        case 3:
            sb_puts(e, "len(");
            gen_chan(g, e);
            sb_puts(e, ")");
            return;
        case 4: {
            unsigned k2 = pick_func(g, c, 1u << R_INT | 1u << R_NAMED);
            if (k2)
                gen_call(g, c, k2, depth, e);
            else
                sb_printf(e, "%u", choose(g, 10));
            return;
        }
        case 5:
            sb_puts(e, "<-");
            gen_chan(g, e);
            return;
        case 6:
            g->uses |= U_RUNTIME;
            sb_puts(e, "runtime.NumGoroutine()");
            return;
        default:
            sb_puts(e, "cap(");
            gen_chan(g, e);
            sb_puts(e, ")");
            return;
        }
    }
    case T_STR: {
        unsigned k = flat ? choose(g, 2) : choose(g, 5);
        gvar *v;
        switch (k) {
        case 0:
            sb_printf(e, "\"%s\"", words[choose(g, NWORDS)]);
            return;
        case 1:
            if ((v = pick_var(g, T_STR, false)) != NULL)
                sb_puts(e, use_var(g, v));
            else
                sb_printf(e, "\"%s\"", words[choose(g, NWORDS)]);
            return;
        case 2:
            if ((v = pick_var(g, T_STR, false)) != NULL)
                sb_printf(e, "%s%s+%s\"%s\"", use_var(g, v), depth <= 1 ? " " : "",
                          depth <= 1 ? " " : "", words[choose(g, NWORDS)]);
            else
                sb_printf(e, "\"%s\"", words[choose(g, NWORDS)]);
            return;
        case 3:
            g->uses |= U_FMT;
            sb_puts(e, "fmt.Sprint(");
            gen_expr(g, c, T_INT, depth, e);
            sb_puts(e, ")");
            return;
        default:
            g->uses |= U_FMT;
            sb_puts(e, "fmt.Sprintf(\"%d-%s\", ");
            gen_args(g, c, (const ty[]){T_INT, T_STR}, 2, depth, e);
            sb_puts(e, ")");
            return;
        }
    }
    case T_BOOL: {
        static const char *const cmp[] = {"<", ">", "==", "!=", "<=", ">="};
        unsigned k = choose(g, 5);
        gvar *v;
        switch (k) {
        case 0:
            sb_puts(e, coin(g) ? "true" : "false");
            return;
        case 1:
            if ((v = pick_var(g, T_BOOL, false)) != NULL) {
                sb_printf(e, "%s%s", coin(g) ? "!" : "", use_var(g, v));
                return;
            }
            /* fall through */
        case 2:
            /* comparisons keep their blanks at every depth */
            gen_atom_int(g, e);
            sb_printf(e, " %s ", cmp[choose(g, 6)]);
            gen_atom_int(g, e);
            return;
        case 3:
            if ((v = pick_var(g, T_STR, false)) != NULL) {
                sb_printf(e, "%s %s \"%s\"", use_var(g, v),
                          coin(g) ? "!=" : "==", words[choose(g, NWORDS)]);
                return;
            }
            sb_puts(e, "true");
            return;
        default:
            if ((v = pick_var(g, T_ERR, false)) != NULL ||
                (v = pick_var(g, T_ANY, false)) != NULL) {
                sb_printf(e, "%s %s nil", use_var(g, v), coin(g) ? "!=" : "==");
                return;
            }
            gen_atom_int(g, e);
            sb_puts(e, " > 1");
            return;
        }
    }
    case T_CHAN:
        gen_chan(g, e);
        return;
    case T_ERR: {
        gvar *v = coin(g) ? pick_var(g, T_ERR, false) : NULL;
        if (v) {
            sb_puts(e, use_var(g, v));
        } else if (coin(g)) {
            g->uses |= U_ERRORS;
            sb_printf(e, "errors.New(\"%s\")", words[choose(g, NWORDS)]);
        } else {
            sb_puts(e, "nil");
        }
        return;
    }
    case T_WGP: {
        gvar *v = pick_var(g, T_WGP, false);
        unsigned nwg = count_vars(g, T_WG, false);
        if (v && (!nwg || coin(g))) {
            sb_puts(e, use_var(g, v));
            return;
        }
        v = pick_var(g, T_WG, false); /* the global wg is always in scope */
        sb_printf(e, "&%s", use_var(g, v));
        return;
    }
    default:
        sb_puts(e, "nil");
        return;
    }
}

/* Arguments to print: a label and up to two values. fmt may print
 * recovered values and errors; println only ints, strings and bools. */
static void gen_print_args(gen *g, const ctx *c, bool fmtpkg, unsigned depth, sbuf *e)
{
    unsigned n = 1 + choose(g, 3);
    unsigned d = depth + (n > 1);
    sb_printf(e, "\"%s\"", words[choose(g, NWORDS)]);
    for (unsigned i = 1; i < n; i++) {
        sb_puts(e, ", ");
        unsigned k = choose(g, fmtpkg ? 5 : 3);
        gvar *v;
        if (k == 3 && (v = pick_var(g, T_ANY, false)) != NULL)
            sb_puts(e, use_var(g, v));
        else if (k == 4 && (v = pick_var(g, T_ERR, false)) != NULL)
            sb_puts(e, use_var(g, v));
        else
            gen_expr(g, c, k == 1 ? T_STR : k == 2 ? T_BOOL : T_INT, d, e);
    }
}

/* ================================================================ statements */

static void gen_block(gen *g, ctx *c);
static void gen_stmt(gen *g, ctx *c);

/* A nested block: body statements one tab deeper, ending its scope. */
static ctx enter(const ctx *c)
{
    ctx in = *c;
    in.depth++;
    in.ind++;
    return in;
}

/* The body of a function literal. */
static ctx enter_closure(const ctx *c, bool deferred)
{
    ctx in = enter(c);
    in.closure = true;
    in.deferred = deferred;
    in.loop = false;
    in.breakable = false;
    in.label = -1;
    in.res = R_NONE;
    return in;
}

/* Room for one more go statement here? Counts it. */
static bool start_goroutine(gen *g, const ctx *c)
{
    if (g->gos + c->mult > FZ_GEN_MAX_GOS)
        return false;
    g->gos += c->mult;
    return true;
}

static bool room(const gen *g, const ctx *c)
{
    return g->nstmts < FZ_GEN_MAX_STMTS && g->cost + c->mult <= FZ_GEN_MAX_COST;
}

/* A statement list: while the continue byte says so and there is room. */
static void gen_block(gen *g, ctx *c)
{
    size_t mark = g->nvars;
    while (room(g, c) && choose(g, 4) != 0)
        gen_stmt(g, c);
    close_scope(g, c, mark);
}

/* "if r := recover(); r != nil {" ... in a deferred closure (or not). */
static void gen_recover_if(gen *g, ctx *c)
{
    size_t mark = g->nvars;
    gvar *r = add_var(g, "r", T_ANY, true);
    if (!r) {
        line(g, c, "recover()");
        return;
    }
    line(g, c, "if %s := recover(); %s != nil {", r->name, r->name);
    ctx in = enter(c);
    g->uses |= U_FMT;
    line(g, &in, "fmt.Println(\"recovered\", %s)", r->name);
    if (c->deferred && (c->rvar >= 0 || c->evar >= 0) && coin(g)) {
        /* turn the panic into results, as named_result_recover.go does */
        if (c->evar >= 0) {
            g->uses |= U_ERRORS;
            line(g, &in, "%s = errors.New(fmt.Sprint(\"recovered: \", %s))", g->vars[c->evar].name,
                 r->name);
        }
        if (c->rvar >= 0)
            line(g, &in, "%s = -1", g->vars[c->rvar].name);
    }
    gen_block(g, &in);
    line(g, c, "}");
    g->nvars = mark;
}

/* func(params) { body }(args) after "go " or "defer ". */
static void gen_closure_call(gen *g, ctx *c, const char *kw, bool deferred)
{
    size_t mark = g->nvars;
    unsigned np = choose(g, 3);
    ty pt[2];
    gvar *pv[2];
    char head[256];
    size_t hl = (size_t)snprintf(head, sizeof head, "%s func(", kw);
    for (unsigned i = 0; i < np; i++) {
        pt[i] = coin(g) ? T_STR : T_INT;
        pv[i] = add_var(g, "p", pt[i], true);
        if (!pv[i]) {
            np = i;
            break;
        }
        hl += (size_t)snprintf(head + hl, sizeof head - hl, "%s%s %s", i ? ", " : "", pv[i]->name,
                               pt[i] == T_STR ? "string" : "int");
    }
    line(g, c, "%s) {", head);
    ctx in = enter_closure(c, deferred);
    size_t inner = g->nvars;
    if (deferred && choose(g, 3) == 1) {
        /* recover, maybe turning the panic into named results */
        gen_recover_if(g, &in);
    } else if (deferred && choose(g, 4) == 1) {
        g->uses |= U_FMT;
        line(g, &in, "fmt.Println(\"recovered\", recover())");
    }
    if (deferred && c->rvar >= 0 && coin(g)) {
        /* a deferred call changes the named result after return set it */
        static const char *const ops[] = {" *= 2", " += 10", " = 7", "++"};
        line(g, &in, "%s%s", g->vars[c->rvar].name, ops[choose(g, 4)]);
    }
    gen_block(g, &in);
    close_scope(g, &in, inner);
    g->nvars = mark; /* the parameters */
    /* arguments are evaluated in the enclosing scope */
    sbuf e = {0};
    gen_args(g, c, pt, np, 1, &e);
    indent(g, c->ind);
    sb_printf(g->out, "}(%s)\n", e.p ? e.p : "");
    sb_free(&e);
}

/* A call that can follow "go " or "defer ": builtins, fmt, sync, helpers. */
static void gen_go_defer_call(gen *g, ctx *c, const char *kw)
{
    sbuf e = {0};
    unsigned k = choose(g, 9);
    gvar *v;
    switch (k) {
    case 1:
        sb_puts(&e, "println(");
        gen_print_args(g, c, false, 1, &e);
        sb_puts(&e, ")");
        break;
    case 2: {
        unsigned f = pick_func(g, c, 0xf);
        if (f) {
            gen_call(g, c, f, 1, &e);
            break;
        }
        goto print;
    }
    case 3:
        sb_puts(&e, "close(");
        gen_chan(g, &e);
        sb_puts(&e, ")");
        break;
    case 4:
        sb_puts(&e, "panic(");
        gen_expr(g, c, coin(g) ? T_STR : T_INT, 1, &e);
        sb_puts(&e, ")");
        break;
    case 5:
        sb_puts(&e, "recover()"); /* not called by a deferred function: never recovers */
        break;
    case 6:
        v = pick_var(g, coin(g) ? T_WGP : T_WG, false);
        if (!v)
            v = pick_var(g, T_WG, false);
        sb_printf(&e, "%s.Done()", use_var(g, v));
        break;
    case 7:
        v = pick_var(g, T_MU, false);
        sb_printf(&e, "%s.Unlock()", use_var(g, v));
        break;
    case 8:
        g->uses |= U_RUNTIME;
        sb_puts(&e, coin(g) ? "runtime.Gosched()" : "runtime.Goexit()");
        break;
    default:
    print:
        g->uses |= U_FMT;
        sb_puts(&e, "fmt.Println(");
        gen_print_args(g, c, true, 1, &e);
        sb_puts(&e, ")");
        break;
    }
    line(g, c, "%s %s", kw, e.p ? e.p : "");
    sb_free(&e);
}

static void gen_decl(gen *g, ctx *c)
{
    unsigned k = choose(g, 8);
    sbuf e = {0};
    gvar *v;
    switch (k) {
    case 0:
    case 1:
        gen_expr(g, c, k == 0 ? T_INT : T_STR, 1, &e);
        if ((v = add_var(g, "v", k == 0 ? T_INT : T_STR, false)) != NULL)
            line(g, c, "%s := %s", v->name, e.p);
        break;
    case 2: {
        unsigned cap = choose(g, 4);
        if ((v = add_var(g, "c", T_CHAN, false)) != NULL) {
            if (cap)
                line(g, c, "%s := make(chan int, %u)", v->name, cap);
            else
                line(g, c, "%s := make(chan int)", v->name);
        }
        break;
    }
    case 3:
        if ((v = add_var(g, "c", T_CHAN, false)) != NULL)
            line(g, c, "var %s chan int", v->name); /* nil channel */
        break;
    case 4:
        if ((v = add_var(g, "wg", T_WG, false)) != NULL) {
            g->uses |= U_SYNC;
            line(g, c, "var %s sync.WaitGroup", v->name);
        }
        break;
    case 5:
        if ((v = add_var(g, "mu", T_MU, false)) != NULL) {
            g->uses |= U_SYNC;
            line(g, c, "var %s sync.Mutex", v->name);
        }
        break;
    case 6: {
        unsigned f = pick_func(g, c, 1u << R_NAMED_ERR);
        if (f) {
            gen_call(g, c, f, 1, &e);
            gvar *a = add_var(g, "v", T_INT, false);
            gvar *b = a ? add_var(g, "err", T_ERR, false) : NULL;
            if (b)
                line(g, c, "%s, %s := %s", a->name, b->name, e.p);
            else if (a)
                g->nvars--;
            break;
        }
        gen_expr(g, c, T_BOOL, 1, &e);
        if ((v = add_var(g, "b", T_BOOL, false)) != NULL)
            line(g, c, "%s := %s", v->name, e.p);
        break;
    }
    default: {
        gen_expr(g, c, T_ERR, 1, &e);
        /* "x := nil" does not type: declare errors with var */
        if ((v = add_var(g, "err", T_ERR, false)) != NULL)
            line(g, c, "var %s error = %s", v->name, e.p);
        break;
    }
    }
    sb_free(&e);
}

static void gen_assign(gen *g, ctx *c)
{
    unsigned k = choose(g, 5);
    sbuf e = {0};
    gvar *v;
    if (k == 4 && (v = pick_var(g, T_ERR, true)) != NULL) {
        gen_expr(g, c, T_ERR, 1, &e);
        line(g, c, "%s = %s", target(g, v), e.p);
    } else if (k == 3 && (v = pick_var(g, T_STR, true)) != NULL) {
        if (coin(g)) {
            /* s = <one string variable at most> + ...: lengths grow linearly */
            gen_expr(g, c, T_STR, 1, &e);
            line(g, c, "%s = %s", target(g, v), e.p);
        } else if (coin(g)) {
            /* s += <no string variable>: "a += b; b += a" would double */
            g->uses |= U_FMT;
            gen_expr(g, c, T_INT, 1, &e);
            line(g, c, "%s += fmt.Sprint(%s)", target(g, v), e.p);
        } else {
            line(g, c, "%s += \"%s\"", target(g, v), words[choose(g, NWORDS)]);
        }
    } else {
        v = pick_var(g, T_INT, true); /* the global count is always in scope */
        switch (k) {
        case 0:
            line(g, c, "%s++", target(g, v));
            break;
        case 1:
            gen_expr(g, c, T_INT, 1, &e);
            line(g, c, "%s = %s", target(g, v), e.p);
            break;
        default: {
            static const char *const ops[] = {"+=", "-=", "*="};
            unsigned op = choose(g, 3);
            gen_expr(g, c, T_INT, 1, &e);
            line(g, c, "%s %s %s", target(g, v), ops[op], e.p);
            break;
        }
        }
    }
    sb_free(&e);
}

static void gen_if(gen *g, ctx *c)
{
    sbuf e = {0};
    gen_expr(g, c, T_BOOL, 1, &e);
    line(g, c, "if %s {", e.p);
    sb_free(&e);
    ctx in = enter(c);
    gen_block(g, &in);
    if (coin(g)) {
        line(g, c, "} else {");
        gen_block(g, &in);
    }
    line(g, c, "}");
}

static void gen_for(gen *g, ctx *c)
{
    unsigned n = 1 + choose(g, 4);
    if (g->cost + (uint64_t)c->mult * n * 2 > FZ_GEN_MAX_COST)
        n = 1;
    bool labeled = coin(g) && g->nlabels < FZ_GEN_MAX_STMTS;
    size_t mark = g->nvars;
    gvar *i = add_var(g, "i", T_INT, true);
    if (!i)
        return;
    int label = -1;
    if (labeled) {
        /* gofmt puts a label one tab left of its statement */
        label = (int)g->nlabels++;
        g->label_used[label] = false;
        indent(g, c->ind ? c->ind - 1 : 0);
        sb_printf(g->out, "L%d:\n", label);
    }
    i->assignable = false; /* "i = 0" in the body would never end */
    line(g, c, "for %s := 0; %s < %u; %s++ {", i->name, i->name, n, i->name);
    ctx in = enter(c);
    in.mult = c->mult * n;
    in.loop = in.breakable = true;
    if (labeled)
        in.label = label;
    size_t inner = g->nvars;
    gen_block(g, &in);
    close_scope(g, &in, inner);
    if (labeled && !g->label_used[label])
        line(g, &in, "continue L%d", label);
    g->nvars = mark;
    line(g, c, "}");
}

static void gen_range(gen *g, ctx *c)
{
    size_t mark = g->nvars;
    ctx in = enter(c);
    in.mult = c->mult * 4; /* bounded by the sends, counted as 4 */
    in.nosend = true;      /* and sends stay bounded: none in the body */
    in.loop = in.breakable = true;
    in.label = -1;
    if (g->cost + (uint64_t)in.mult > FZ_GEN_MAX_COST) {
        line(g, c, "runtime.Gosched()");
        g->uses |= U_RUNTIME;
        return;
    }
    sbuf e = {0};
    gen_chan(g, &e);
    gvar *v = coin(g) ? add_var(g, "v", T_INT, false) : NULL;
    if (v)
        line(g, c, "for %s := range %s {", v->name, e.p);
    else
        line(g, c, "for range %s {", e.p);
    sb_free(&e);
    gen_block(g, &in);
    close_scope(g, &in, mark);
    line(g, c, "}");
}

static void gen_switch(gen *g, ctx *c)
{
    sbuf e = {0};
    bool tagless = coin(g);
    if (!tagless) {
        gen_atom_int(g, &e);
        line(g, c, "switch %s {", e.p);
    } else {
        line(g, c, "switch {");
    }
    sb_free(&e);
    unsigned n = 1 + choose(g, 3);
    ctx in = enter(c);
    in.breakable = true;
    unsigned used[4] = {0};
    for (unsigned i = 0; i < n; i++) {
        e.len = 0;
        if (tagless) {
            /* not constant: duplicate constant cases are a compile error */
            static const char *const cmp[] = {"<", ">", "==", "!="};
            gvar *v = pick_var(g, T_INT, false); /* the global count is always in scope */
            unsigned op = choose(g, 4);
            line(g, c, "case %s %s %u:", use_var(g, v), cmp[op], choose(g, 10));
        } else {
            /* duplicate constant cases are a compile error */
            unsigned v = choose(g, 4);
            while (used[v])
                v = (v + 1) % 4;
            used[v] = 1;
            line(g, c, "case %u:", v);
        }
        gen_block(g, &in);
    }
    if (coin(g)) {
        line(g, c, "default:");
        gen_block(g, &in);
    }
    sb_free(&e);
    line(g, c, "}");
}

static void gen_select(gen *g, ctx *c)
{
    unsigned n = 1 + choose(g, 3);
    bool dflt = coin(g);
    line(g, c, "select {");
    ctx in = enter(c);
    in.breakable = true;
    sbuf e = {0};
    for (unsigned i = 0; i < n; i++) {
        size_t mark = g->nvars;
        e.len = 0;
        if (e.p)
            e.p[0] = '\0';
        unsigned k = choose(g, 5);
        if (k == 3 && c->nosend)
            k = 0;
        if (k < 4)
            gen_chan(g, &e);
        gvar *v, *ok;
        switch (k) {
        case 0:
            line(g, c, "case <-%s:", e.p);
            break;
        case 1:
            if ((v = add_var(g, "v", T_INT, false)) != NULL)
                line(g, c, "case %s := <-%s:", v->name, e.p);
            else
                line(g, c, "case <-%s:", e.p);
            break;
        case 2:
            v = add_var(g, "v", T_INT, false);
            ok = v ? add_var(g, "ok", T_BOOL, false) : NULL;
            if (ok) {
                line(g, c, "case %s, %s := <-%s:", v->name, ok->name, e.p);
            } else {
                g->nvars = mark;
                line(g, c, "case <-%s:", e.p);
            }
            break;
        case 3: {
            sbuf x = {0};
            g->sends = true;
            gen_expr(g, c, T_INT, 1, &x);
            line(g, c, "case %s <- %s:", e.p, x.p);
            sb_free(&x);
            break;
        }
        default:
            g->uses |= U_TIME;
            line(g, c, "case <-time.After(time.Millisecond):");
            break;
        }
        gen_block(g, &in);
        close_scope(g, &in, mark);
    }
    if (dflt) {
        line(g, c, "default:");
        gen_block(g, &in);
    }
    sb_free(&e);
    line(g, c, "}");
}

static void gen_return(gen *g, ctx *c)
{
    sbuf e = {0};
    switch (c->res) {
    case R_INT:
        gen_expr(g, c, T_INT, 1, &e);
        line(g, c, "return %s", e.p);
        break;
    case R_NAMED:
        if (coin(g)) {
            gen_expr(g, c, T_INT, 1, &e);
            line(g, c, "return %s", e.p);
        } else {
            line(g, c, "return");
        }
        break;
    case R_NAMED_ERR:
        if (coin(g)) {
            gen_expr(g, c, T_INT, 1, &e);
            sb_puts(&e, ", ");
            gen_expr(g, c, T_ERR, 1, &e);
            line(g, c, "return %s", e.p);
        } else {
            line(g, c, "return");
        }
        break;
    default:
        line(g, c, "return");
        break;
    }
    sb_free(&e);
}

static void gen_recv(gen *g, ctx *c)
{
    sbuf e = {0};
    gen_chan(g, &e);
    unsigned k = choose(g, 4);
    gvar *v, *ok;
    switch (k) {
    case 0:
        line(g, c, "<-%s", e.p);
        break;
    case 1:
        v = pick_var(g, T_INT, true);
        line(g, c, "%s = <-%s", target(g, v), e.p);
        break;
    case 2:
        if ((v = add_var(g, "v", T_INT, false)) != NULL)
            line(g, c, "%s := <-%s", v->name, e.p);
        break;
    default:
        v = add_var(g, "v", T_INT, false);
        ok = v ? add_var(g, "ok", T_BOOL, false) : NULL;
        if (ok)
            line(g, c, "%s, %s := <-%s", v->name, ok->name, e.p);
        else if (v)
            g->nvars--;
        break;
    }
    sb_free(&e);
}

/* Statement kinds, weighted; kind 0 is what running out of bytes gives. */
enum {
    S_PRINT,
    S_DECL,
    S_ASSIGN,
    S_IF,
    S_FOR,
    S_GO_CLOSURE,
    S_GO_CALL,
    S_DEFER_CALL,
    S_DEFER_CLOSURE,
    S_PANIC,
    S_RECOVER,
    S_GOEXIT,
    S_OSEXIT,
    S_SEND,
    S_RECV,
    S_CLOSE,
    S_RANGE,
    S_SELECT,
    S_WG,
    S_MUTEX,
    S_CALL,
    S_RETURN,
    S_GOSCHED,
    S_BREAK,
    S_SWITCH,
    S_WG_GO,
    S_SLEEP,
    S__N
};

static const uint8_t stmt_weights[S__N] = {
    [S_PRINT] = 10,        [S_DECL] = 12,      [S_ASSIGN] = 8,  [S_IF] = 5,
    [S_FOR] = 5,           [S_GO_CLOSURE] = 8, [S_GO_CALL] = 4, [S_DEFER_CALL] = 8,
    [S_DEFER_CLOSURE] = 8, [S_PANIC] = 3,      [S_RECOVER] = 3, [S_GOEXIT] = 1,
    [S_OSEXIT] = 1,        [S_SEND] = 6,       [S_RECV] = 6,    [S_CLOSE] = 3,
    [S_RANGE] = 3,         [S_SELECT] = 5,     [S_WG] = 5,      [S_MUTEX] = 4,
    [S_CALL] = 5,          [S_RETURN] = 2,     [S_GOSCHED] = 2, [S_BREAK] = 2,
    [S_SWITCH] = 2,        [S_WG_GO] = 5,      [S_SLEEP] = 1,
};

static void gen_stmt(gen *g, ctx *c)
{
    unsigned k = pick(g, stmt_weights, S__N);
    bool nest = c->depth < FZ_GEN_MAX_DEPTH;
    /* a statement declares at most 16 variables directly: add_var never
     * fails below, so no generated expression is thrown away (a read of a
     * variable that is not in the text would hide a "declared and not
     * used") */
    if (g->nvars + 16 > FZ_GEN_MAX_VARS)
        k = S_PRINT;
    sbuf e = {0};
    gvar *v;
    g->nstmts++;
    g->cost += c->mult;
    switch (k) {
    case S_DECL:
        gen_decl(g, c);
        break;
    case S_ASSIGN:
        gen_assign(g, c);
        break;
    case S_IF:
        if (!nest)
            goto print;
        gen_if(g, c);
        break;
    case S_FOR:
        if (!nest)
            goto print;
        gen_for(g, c);
        break;
    case S_GO_CLOSURE:
        if (!nest || !start_goroutine(g, c))
            goto print;
        gen_closure_call(g, c, "go", false);
        break;
    case S_GO_CALL:
        if (!start_goroutine(g, c))
            goto print;
        gen_go_defer_call(g, c, "go");
        break;
    case S_DEFER_CALL:
        gen_go_defer_call(g, c, "defer");
        break;
    case S_DEFER_CLOSURE:
        if (!nest)
            goto print;
        gen_closure_call(g, c, "defer", true);
        break;
    case S_PANIC: {
        unsigned p = choose(g, 5);
        if (p == 3 && (v = pick_var(g, T_ANY, false)) != NULL) {
            line(g, c, "panic(%s)", use_var(g, v)); /* re-panic */
        } else if (p == 4) {
            line(g, c, "panic(nil)");
        } else {
            gen_expr(g, c, p == 0 ? T_STR : p == 1 ? T_INT : T_ERR, 1, &e);
            if (p == 2 && !strcmp(e.p, "nil")) {
                e.len = 0;
                g->uses |= U_ERRORS;
                sb_puts(&e, "errors.New(\"boom\")");
            }
            line(g, c, "panic(%s)", e.p);
        }
        break;
    }
    case S_RECOVER:
        if (coin(g) && nest) {
            gen_recover_if(g, c);
        } else if (coin(g)) {
            g->uses |= U_FMT;
            line(g, c, "fmt.Println(\"recover:\", recover())");
        } else {
            line(g, c, "recover()");
        }
        break;
    case S_GOEXIT:
        g->uses |= U_RUNTIME;
        line(g, c, "runtime.Goexit()");
        break;
    case S_OSEXIT:
        g->uses |= U_OS;
        line(g, c, "os.Exit(%u)", choose(g, 4));
        break;
    case S_SEND:
        if (c->nosend)
            goto print;
        g->sends = true;
        gen_chan(g, &e);
        sb_puts(&e, " <- ");
        gen_expr(g, c, T_INT, 1, &e);
        line(g, c, "%s", e.p);
        break;
    case S_RECV:
        gen_recv(g, c);
        break;
    case S_CLOSE:
        gen_chan(g, &e);
        line(g, c, "close(%s)", e.p);
        break;
    case S_RANGE:
        if (!nest)
            goto print;
        gen_range(g, c);
        break;
    case S_SELECT:
        if (!nest)
            goto print;
        gen_select(g, c);
        break;
    case S_WG: {
        unsigned op = choose(g, 4);
        v = pick_var(g, coin(g) ? T_WGP : T_WG, false);
        if (!v)
            v = pick_var(g, T_WG, false);
        const char *name = use_var(g, v);
        if (op == 0)
            line(g, c, "%s.Add(%u)", name, 1 + choose(g, 2));
        else if (op == 1)
            line(g, c, "%s.Done()", name);
        else if (op == 2)
            line(g, c, "%s.Wait()", name);
        else
            line(g, c, "defer %s.Done()", name);
        break;
    }
    case S_MUTEX: {
        unsigned op = choose(g, 3);
        v = pick_var(g, T_MU, false);
        const char *name = use_var(g, v);
        if (op == 0) {
            line(g, c, "%s.Lock()", name);
            line(g, c, "defer %s.Unlock()", name);
        } else {
            line(g, c, "%s.%s()", name, op == 1 ? "Lock" : "Unlock");
        }
        break;
    }
    case S_CALL: {
        unsigned f = pick_func(g, c, 0xf);
        if (!f)
            goto print;
        gen_call(g, c, f, 1, &e);
        if (g->f[f].res == R_NAMED_ERR && coin(g)) {
            g->uses |= U_FMT;
            line(g, c, "fmt.Println(%s)", e.p);
        } else if ((g->f[f].res == R_INT || g->f[f].res == R_NAMED) && coin(g)) {
            v = pick_var(g, T_INT, true);
            line(g, c, "%s = %s", target(g, v), e.p);
        } else {
            line(g, c, "%s", e.p);
        }
        break;
    }
    case S_RETURN:
        gen_return(g, c);
        break;
    case S_GOSCHED:
        g->uses |= U_RUNTIME;
        line(g, c, "runtime.Gosched()");
        break;
    case S_BREAK:
        if (c->label >= 0 && coin(g)) {
            g->label_used[c->label] = true;
            line(g, c, "%s L%d", coin(g) ? "continue" : "break", c->label);
        } else if (c->loop) {
            line(g, c, "%s", coin(g) ? "continue" : "break");
        } else if (c->breakable) {
            line(g, c, "break");
        } else {
            goto print;
        }
        break;
    case S_SWITCH:
        if (!nest)
            goto print;
        gen_switch(g, c);
        break;
    case S_WG_GO: {
        /* wg.Add(1); go func() { defer wg.Done(); ... }() */
        if (!nest || !start_goroutine(g, c))
            goto print;
        v = pick_var(g, T_WG, false);
        const char *name = use_var(g, v);
        line(g, c, "%s.Add(1)", name);
        line(g, c, "go func() {");
        ctx in = enter_closure(c, false);
        line(g, &in, "defer %s.Done()", name);
        gen_block(g, &in);
        line(g, c, "}()");
        break;
    }
    case S_SLEEP:
        g->uses |= U_TIME;
        line(g, c, "time.Sleep(%stime.Millisecond)", coin(g) ? "2 * " : "");
        break;
    default:
    print : {
        unsigned p = choose(g, 3);
        if (p == 2) {
            g->uses |= U_FMT;
            sb_puts(&e, "fmt.Printf(\"%d %s\\n\", ");
            gen_args(g, c, (const ty[]){T_INT, T_STR}, 2, 1, &e);
            line(g, c, "%s)", e.p);
        } else {
            if (p == 0)
                g->uses |= U_FMT;
            sb_puts(&e, p == 0 ? "fmt.Println(" : "println(");
            gen_print_args(g, c, p == 0, 1, &e);
            line(g, c, "%s)", e.p);
        }
        break;
    }
    }
    sb_free(&e);
}

/* ================================================================ program */

static void gen_func(gen *g, unsigned k, sbuf *out)
{
    fsig *f = &g->f[k];
    g->out = out;
    g->cost = 0;
    g->gos = 0;
    g->sends = false;
    size_t mark = g->nvars;
    ctx c = {0};
    c.fn = k;
    c.res = k ? f->res : R_NONE;
    c.label = -1;
    c.rvar = c.evar = -1;
    c.ind = 1;
    c.mult = 1;
    if (k == 0) {
        sb_puts(out, "func main() {\n");
    } else {
        sb_printf(out, "func f%u(", k);
        for (unsigned i = 0; i < f->np; i++) {
            gvar *p = add_var(g, "a", f->pt[i], true);
            static const char *const tn[] = {[T_INT] = "int",
                                             [T_STR] = "string",
                                             [T_CHAN] = "chan int",
                                             [T_WGP] = "*sync.WaitGroup"};
            if (f->pt[i] == T_WGP)
                g->uses |= U_SYNC;
            sb_printf(out, "%s%s %s", i ? ", " : "", p->name, tn[f->pt[i]]);
        }
        sb_puts(out, ")");
        switch (f->res) {
        case R_INT:
            sb_puts(out, " int");
            break;
        case R_NAMED:
            add_var(g, "r", T_INT, true);
            c.rvar = (int)g->nvars - 1;
            sb_printf(out, " (%s int)", g->vars[g->nvars - 1].name);
            break;
        case R_NAMED_ERR:
            add_var(g, "r", T_INT, true);
            add_var(g, "e", T_ERR, true);
            c.rvar = (int)g->nvars - 2;
            c.evar = (int)g->nvars - 1;
            sb_printf(out, " (%s int, %s error)", g->vars[g->nvars - 2].name,
                      g->vars[g->nvars - 1].name);
            break;
        default:
            break;
        }
        sb_puts(out, " {\n");
    }
    size_t body = g->nvars;
    gen_block(g, &c);
    close_scope(g, &c, body);
    if (k == 0) {
        /* main may wait for the others before it returns (and ends them) */
        unsigned join = choose(g, 3);
        if (join == 1) {
            g->uses |= U_G_WG;
            line(g, &c, "wg.Wait()");
        } else if (join == 2) {
            g->uses |= U_TIME;
            line(g, &c, "time.Sleep(time.Second)");
        }
    }
    if (k && f->res != R_NONE) {
        /* a function with results ends with a terminating statement */
        g->nstmts++;
        gen_return(g, &c);
    }
    sb_puts(out, "}\n");
    g->nvars = mark;
    f->cost = g->cost;
    f->gos = g->gos;
    f->sends = g->sends;
}

char *fz_generate(const uint8_t *bytes, size_t len, size_t *srclen)
{
    gen *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->in = bytes;
    g->len = bytes ? len : 0;
    add_global(g, "count", T_INT, U_G_COUNT);
    add_global(g, "msg", T_STR, U_G_MSG);
    add_global(g, "queue", T_CHAN, U_G_QUEUE);
    add_global(g, "mu", T_MU, U_G_MU);
    add_global(g, "wg", T_WG, U_G_WG);

    g->nf = choose(g, FZ_GEN_MAX_FUNCS);
    for (unsigned k = 1; k <= g->nf; k++) {
        fsig *f = &g->f[k];
        f->np = choose(g, FZ_GEN_MAX_ARGS + 1);
        for (unsigned i = 0; i < f->np; i++)
            f->pt[i] = param_types[choose(g, sizeof param_types / sizeof param_types[0])];
        f->res = (res_kind)choose(g, R__N);
    }
    sbuf bodies[FZ_GEN_MAX_FUNCS];
    memset(bodies, 0, sizeof bodies);
    for (unsigned k = g->nf; k >= 1; k--)
        gen_func(g, k, &bodies[k]);
    gen_func(g, 0, &bodies[0]);

    sbuf out = {0};
    sb_puts(&out, "package main\n");
    static const struct {
        unsigned bit;
        const char *name;
    } imports[] = {{U_ERRORS, "errors"},   {U_FMT, "fmt"},   {U_OS, "os"},
                   {U_RUNTIME, "runtime"}, {U_SYNC, "sync"}, {U_TIME, "time"}};
    if (g->uses & (U_G_MU | U_G_WG))
        g->uses |= U_SYNC;
    unsigned nimp = 0;
    for (size_t i = 0; i < sizeof imports / sizeof imports[0]; i++)
        nimp += (g->uses & imports[i].bit) != 0;
    if (nimp == 1) {
        for (size_t i = 0; i < sizeof imports / sizeof imports[0]; i++)
            if (g->uses & imports[i].bit)
                sb_printf(&out, "\nimport \"%s\"\n", imports[i].name);
    } else if (nimp > 1) {
        sb_puts(&out, "\nimport (\n");
        for (size_t i = 0; i < sizeof imports / sizeof imports[0]; i++)
            if (g->uses & imports[i].bit)
                sb_printf(&out, "\t\"%s\"\n", imports[i].name);
        sb_puts(&out, ")\n");
    }
    static const struct {
        unsigned bit;
        const char *decl;
    } globals[] = {{U_G_COUNT, "var count int"},
                   {U_G_MSG, "var msg string"},
                   {U_G_QUEUE, "var queue = make(chan int, 2)"},
                   {U_G_MU, "var mu sync.Mutex"},
                   {U_G_WG, "var wg sync.WaitGroup"}};
    bool first = true;
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++)
        if (g->uses & globals[i].bit) {
            sb_printf(&out, "%s%s\n", first ? "\n" : "", globals[i].decl);
            first = false;
        }
    for (unsigned k = 1; k <= g->nf; k++) {
        sb_puts(&out, "\n");
        sb_put(&out, bodies[k].p, bodies[k].len);
    }
    sb_puts(&out, "\n");
    sb_put(&out, bodies[0].p, bodies[0].len);
    bool oom = out.oom;
    for (unsigned k = 0; k < FZ_GEN_MAX_FUNCS; k++) {
        oom |= bodies[k].oom;
        sb_free(&bodies[k]);
    }
    free(g);
    if (oom) {
        sb_free(&out);
        return NULL;
    }
    if (srclen)
        *srclen = out.len;
    return out.p;
}
