/* print.c - the Go printer: AST to gofmt-formatted source.
 *
 * A port of go/printer (nodes.go and the whitespace machinery of
 * printer.go, Go 1.19) driven by the layout the parser kept: empty lines
 * before statements, declarations and case clauses, empty lines before
 * closing braces, line breaks inside call arguments and composite
 * literals, and one-line function bodies. The printer emits go/printer's
 * stream (cells separated by '\t'/'\v', lines by '\n'/'\f', literals
 * escaped) and tabwriter.c lays it out. Comments are not kept.
 *
 * Invariant relied on by the fuzz target: printing the program printed
 * gives the same text, and gofmt leaves the output unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"

/* Whitespace items (go/printer whiteSpace). */
enum {
    WS_BLANK = ' ',
    WS_VTAB = '\v',
    WS_NEWLINE = '\n',
    WS_FORMFEED = '\f',
    WS_INDENT = 1,
    WS_UNINDENT = 2,
    WS_IGNORE = 3
};

/* Tokens that must not touch a following character (go/printer mayCombine). */
enum { LT_OTHER = 0, LT_INT, LT_ADD, LT_SUB, LT_QUO, LT_LSS, LT_AND };

#define INFINITY_SIZE 1000000

/* Memoized node sizes (go/printer nodeSizes). */
typedef struct sizemap {
    const void **keys;
    int *vals;
    uint32_t cap, n;
} sizemap;

typedef struct printer {
    lang_buf *out; /* the stream for the tabwriter */
    int indent;    /* current indentation */
    char ws[64];   /* pending whitespace */
    int nws;
    int line;           /* output line, 1-based */
    int col;            /* output column, 1-based (bytes) */
    bool end_alignment; /* a literal with a newline broke the line's columns */
    int last;           /* LT_* of the last token */
    int *line_ptr;      /* recordLine target */
    sizemap *sizes;     /* shared node sizes */
    const lang_program *prog;
} printer;

static void p_expr1(printer *p, const lang_expr *e, int prec1, int depth);
static void p_expr0(printer *p, const lang_expr *e, int depth);
static void p_expr(printer *p, const lang_expr *e);
static void p_stmt(printer *p, const lang_stmt *s, bool next_is_rbrace);
static void p_block(printer *p, const lang_block *b, int nindent);
static void p_func_body(printer *p, int header_size, int sep, const lang_block *b);
static void p_signature(printer *p, const lang_sig *sig);
static void p_gen_decl(printer *p, const lang_decl *d);
static int stmt_size(printer *p, const lang_stmt *s, int max);

/* ------------------------------------------------------------ sizes */

static uint32_t ptr_hash(const void *k)
{
    uintptr_t x = (uintptr_t)k;
    x ^= x >> 17;
    x *= 0x9E3779B1u;
    return (uint32_t)(x ^ (x >> 13));
}

static bool size_get(sizemap *m, const void *k, int *v)
{
    if (!m->cap)
        return false;
    for (uint32_t h = ptr_hash(k) & (m->cap - 1);; h = (h + 1) & (m->cap - 1)) {
        if (!m->keys[h])
            return false;
        if (m->keys[h] == k) {
            *v = m->vals[h];
            return true;
        }
    }
}

static void size_put(sizemap *m, const void *k, int v)
{
    if ((m->n + 1) * 2 > m->cap) {
        uint32_t oc = m->cap;
        const void **ok = m->keys;
        int *ov = m->vals;
        m->cap = m->cap ? m->cap * 2 : 64;
        m->keys = lang__xmalloc(m->cap * sizeof *m->keys);
        m->vals = lang__xmalloc(m->cap * sizeof *m->vals);
        memset(m->keys, 0, m->cap * sizeof *m->keys);
        m->n = 0;
        for (uint32_t i = 0; i < oc; i++)
            if (ok[i])
                size_put(m, ok[i], ov[i]);
        free(ok);
        free(ov);
    }
    for (uint32_t h = ptr_hash(k) & (m->cap - 1);; h = (h + 1) & (m->cap - 1)) {
        if (!m->keys[h] || m->keys[h] == k) {
            if (!m->keys[h])
                m->n++;
            m->keys[h] = k;
            m->vals[h] = v;
            return;
        }
    }
}

/* ------------------------------------------------------------ output */

static void write_indent(printer *p)
{
    for (int i = 0; i < p->indent; i++)
        lang__buf_putc(p->out, '\t');
    p->col += p->indent;
}

static void write_byte(printer *p, char ch, int n)
{
    if (p->end_alignment) {
        if (ch == '\t' || ch == '\v') {
            ch = ' ';
        } else if (ch == '\n' || ch == '\f') {
            ch = '\f';
            p->end_alignment = false;
        }
    }
    if (p->col == 1)
        write_indent(p);
    for (int i = 0; i < n; i++)
        lang__buf_putc(p->out, ch);
    if (ch == '\n' || ch == '\f') {
        p->line += n;
        p->col = 1;
        return;
    }
    p->col += n;
}

static void flush_ws(printer *p)
{
    for (int i = 0; i < p->nws; i++) {
        char ch = p->ws[i];
        switch (ch) {
        case WS_IGNORE:
            break;
        case WS_INDENT:
            p->indent++;
            break;
        case WS_UNINDENT:
            if (p->indent > 0)
                p->indent--;
            break;
        case WS_NEWLINE:
        case WS_FORMFEED:
            if (i + 1 < p->nws && p->ws[i + 1] == WS_UNINDENT) {
                p->ws[i] = WS_UNINDENT;
                p->ws[i + 1] = WS_FORMFEED;
                i--;
                continue;
            }
            write_byte(p, ch, 1);
            break;
        default:
            write_byte(p, ch, 1);
        }
    }
    p->nws = 0;
}

static void ws(printer *p, int w)
{
    if (w == WS_IGNORE)
        return;
    if (p->nws == (int)sizeof p->ws)
        flush_ws(p);
    p->ws[p->nws++] = (char)w;
    if (w == WS_NEWLINE || w == WS_FORMFEED)
        p->last = LT_OTHER;
}

/* Writes a token (keyword, operator, identifier) or, with lit, a literal
 * that passes the tabwriter verbatim. */
static void emit(printer *p, const char *s, size_t n, bool lit, int lt)
{
    if (n == 0)
        return;
    /* go/printer mayCombine */
    char c0 = s[0];
    bool combine = (p->last == LT_INT && c0 == '.') || (p->last == LT_ADD && c0 == '+') ||
                   (p->last == LT_SUB && c0 == '-') || (p->last == LT_QUO && c0 == '*') ||
                   (p->last == LT_LSS && (c0 == '-' || c0 == '<')) ||
                   (p->last == LT_AND && (c0 == '&' || c0 == '^'));
    if (combine && p->nws == 0)
        ws(p, WS_BLANK);
    flush_ws(p);
    if (p->line_ptr) {
        *p->line_ptr = p->line;
        p->line_ptr = NULL;
    }
    if (p->col == 1)
        write_indent(p);
    if (lit)
        lang__buf_putc(p->out, LANG_TAB_ESC);
    lang__buf_put(p->out, s, n);
    if (lit)
        lang__buf_putc(p->out, LANG_TAB_ESC);
    size_t nl = 0, last_nl = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || s[i] == '\f') {
            nl++;
            last_nl = i;
            p->end_alignment = true;
        }
    if (nl) {
        p->line += (int)nl;
        p->col = (int)(n - last_nl);
    } else {
        p->col += (int)n;
    }
    p->last = lt;
}

static void tok(printer *p, const char *s)
{
    int lt = LT_OTHER;
    if (strcmp(s, "+") == 0)
        lt = LT_ADD;
    else if (strcmp(s, "-") == 0)
        lt = LT_SUB;
    else if (strcmp(s, "/") == 0)
        lt = LT_QUO;
    else if (strcmp(s, "<") == 0)
        lt = LT_LSS;
    else if (strcmp(s, "&") == 0)
        lt = LT_AND;
    emit(p, s, strlen(s), false, lt);
}

static void record_line(printer *p, int *line)
{
    p->line_ptr = line;
}

static int lines_from(printer *p, int line)
{
    return p->line - line;
}

/* go/printer linebreak: gap is the number of line breaks the source had
 * (0 = same line, 1 = next line, 2 = an empty line between). */
static int linebreak(printer *p, int gap, int min, int w, bool new_section)
{
    int n = gap > 2 ? 2 : gap;
    if (n < min)
        n = min;
    int nbreaks = 0;
    if (n > 0) {
        ws(p, w);
        if (new_section) {
            ws(p, WS_FORMFEED);
            n--;
            nbreaks = 2;
        }
        nbreaks += n;
        for (; n > 0; n--)
            ws(p, WS_NEWLINE);
    }
    return nbreaks;
}

static void printer_init(printer *p, lang_buf *out, sizemap *sizes, const lang_program *prog)
{
    memset(p, 0, sizeof *p);
    p->out = out;
    p->line = 1;
    p->col = 1;
    p->sizes = sizes;
    p->prog = prog;
}

/* Size of the raw printing of a node, or max+1 if it does not fit on a
 * line (go/printer nodeSize). */
typedef void (*print_fn)(printer *p, const void *node);

static int measure(printer *parent, const void *node, print_fn fn, int max)
{
    int v;
    if (size_get(parent->sizes, node, &v))
        return v;
    size_put(parent->sizes, node, max + 1);
    lang_buf b = {0};
    printer q;
    printer_init(&q, &b, parent->sizes, parent->prog);
    fn(&q, node);
    flush_ws(&q);
    int size = 0;
    bool newline = false;
    for (size_t i = 0; i < b.len; i++) {
        char ch = b.data[i];
        if (ch == LANG_TAB_ESC)
            continue;
        if (ch == '\n' || ch == '\f')
            newline = true;
        size++;
    }
    lang__buf_free(&b);
    v = (!newline && size <= max) ? size : max + 1;
    size_put(parent->sizes, node, v);
    return v;
}

static void print_expr_node(printer *p, const void *n)
{
    p_expr(p, n);
}

static int expr_size(printer *p, const lang_expr *e, int max)
{
    return measure(p, e, print_expr_node, max);
}

static void print_stmt_node(printer *p, const void *n)
{
    p_stmt(p, n, false);
}

static int stmt_size(printer *p, const lang_stmt *s, int max)
{
    return measure(p, s, print_stmt_node, max);
}

/* ------------------------------------------------------------ expressions */

static const lang_expr *skip_implicit(const lang_expr *e)
{
    while (e && e->implicit) {
        if (e->kind == LANG_E_STAR)
            e = e->u.star.x;
        else
            e = e->u.unary.x;
    }
    return e;
}

static int op_prec(lang_op op)
{
    switch (op) {
    case LANG_OP_LOR:
        return 1;
    case LANG_OP_LAND:
        return 2;
    case LANG_OP_EQ:
    case LANG_OP_NE:
    case LANG_OP_LT:
    case LANG_OP_LE:
    case LANG_OP_GT:
    case LANG_OP_GE:
        return 3;
    case LANG_OP_ADD:
    case LANG_OP_SUB:
    case LANG_OP_OR:
    case LANG_OP_XOR:
        return 4;
    default:
        return 5;
    }
}

#define UNARY_PREC   6
#define HIGHEST_PREC 7

static void walk_binary(const lang_expr *e, bool *has4, bool *has5, int *max_problem)
{
    int prec = op_prec(e->u.binary.op);
    if (prec == 4)
        *has4 = true;
    if (prec == 5)
        *has5 = true;
    const lang_expr *l = skip_implicit(e->u.binary.x);
    if (l->kind == LANG_E_BINARY && op_prec(l->u.binary.op) >= prec)
        walk_binary(l, has4, has5, max_problem);
    const lang_expr *r = skip_implicit(e->u.binary.y);
    if (r->kind == LANG_E_BINARY) {
        if (op_prec(r->u.binary.op) > prec)
            walk_binary(r, has4, has5, max_problem);
    } else if (r->kind == LANG_E_STAR) {
        if (e->u.binary.op == LANG_OP_DIV)
            *max_problem = 5;
    } else if (r->kind == LANG_E_UNARY) {
        const char *a = lang__lex_opstring(e->u.binary.op);
        const char *b = lang__lex_opstring(r->u.unary.op);
        char pair[8];
        snprintf(pair, sizeof pair, "%s%s", a, b);
        if (strcmp(pair, "/*") == 0 || strcmp(pair, "&&") == 0 || strcmp(pair, "&^") == 0)
            *max_problem = 5;
        else if ((strcmp(pair, "++") == 0 || strcmp(pair, "--") == 0) && *max_problem < 4)
            *max_problem = 4;
    }
}

static int cutoff(const lang_expr *e, int depth)
{
    bool has4 = false, has5 = false;
    int max_problem = 0;
    walk_binary(e, &has4, &has5, &max_problem);
    if (max_problem > 0)
        return max_problem + 1;
    if (has4 && has5)
        return depth == 1 ? 5 : 4;
    return depth == 1 ? 6 : 4;
}

static int diff_prec(const lang_expr *x, int prec)
{
    x = skip_implicit(x);
    if (x->kind != LANG_E_BINARY || prec != op_prec(x->u.binary.op))
        return 1;
    return 0;
}

static int reduce_depth(int depth)
{
    depth--;
    return depth < 1 ? 1 : depth;
}

static void binary_expr(printer *p, const lang_expr *x, int prec1, int cut, int depth)
{
    int prec = op_prec(x->u.binary.op);
    if (prec < prec1) {
        tok(p, "(");
        p_expr0(p, x, reduce_depth(depth));
        tok(p, ")");
        return;
    }
    bool print_blank = prec < cut;
    p_expr1(p, x->u.binary.x, prec, depth + diff_prec(x->u.binary.x, prec));
    if (print_blank)
        ws(p, WS_BLANK);
    tok(p, lang__lex_opstring(x->u.binary.op));
    if (print_blank)
        ws(p, WS_BLANK);
    p_expr1(p, x->u.binary.y, prec + 1, depth + 1);
}

/* go/printer exprList for lists that carry layout (call arguments,
 * composite literal elements); other lists are written on one line. */
static void expr_list(printer *p, lang_expr *const *list, uint32_t n, int depth, bool comma_term,
                      const lang_listfmt *fmt)
{
    if (n == 0)
        return;
    /* go/printer keeps a list on one line when its elements start on the
     * line of ( or { and end there (wherever the closing token is) */
    bool multi = fmt && (fmt->nl != NULL || fmt->span);
    if (!multi) {
        for (uint32_t i = 0; i < n; i++) {
            if (i > 0) {
                tok(p, ",");
                ws(p, WS_BLANK);
            }
            p_expr0(p, list[i], depth);
        }
        return;
    }
    int w = WS_INDENT;
    int prev_break = -1;
    if (fmt->nl && fmt->nl[0] && linebreak(p, fmt->nl[0], 0, w, true) > 0) {
        w = WS_IGNORE;
        prev_break = 0;
    }
    int size = 0;
    double lnsum = 0;
    int count = 0;
    for (uint32_t i = 0; i < n; i++) {
        const lang_expr *x = list[i];
        bool use_ff = true;
        int prev_size = size;
        size = expr_size(p, x, INFINITY_SIZE);
        bool is_pair = x->kind == LANG_E_KEYVALUE;
        if (size <= INFINITY_SIZE) {
            if (is_pair)
                size = expr_size(p, x->u.kv.key, INFINITY_SIZE);
        } else {
            size = 0;
        }
        if (prev_size > 0 && size > 0) {
            const int small = 40;
            if (count == 0 || (prev_size <= small && size <= small)) {
                use_ff = false;
            } else {
                const double r = 2.5;
                double geomean = exp(lnsum / count);
                double ratio = (double)size / geomean;
                use_ff = r * ratio <= 1 || r <= ratio;
            }
        }
        int gap = fmt->nl ? fmt->nl[i] : 0;
        bool needs_linebreak = gap > 0;
        if (i > 0) {
            tok(p, ",");
            bool needs_blank = true;
            if (needs_linebreak) {
                int nbreaks = linebreak(p, gap, 0, w, use_ff || prev_break + 1 < (int)i);
                if (nbreaks > 0) {
                    w = WS_IGNORE;
                    prev_break = (int)i;
                    needs_blank = false;
                }
                if (nbreaks > 1) {
                    lnsum = 0;
                    count = 0;
                }
            }
            if (needs_blank)
                ws(p, WS_BLANK);
        }
        if (n > 1 && is_pair && size > 0 && needs_linebreak) {
            p_expr(p, x->u.kv.key);
            tok(p, ":");
            ws(p, WS_VTAB);
            p_expr(p, x->u.kv.value);
        } else {
            p_expr0(p, x, depth);
        }
        if (size > 0) {
            lnsum += log((double)size);
            count++;
        }
    }
    if (comma_term && fmt->close_nl) {
        tok(p, ",");
        if (w == WS_IGNORE)
            ws(p, WS_UNINDENT);
        ws(p, WS_FORMFEED);
        return;
    }
    if (w == WS_IGNORE)
        ws(p, WS_UNINDENT);
}

static void ident_list(printer *p, const char *const *names, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            tok(p, ",");
        if (i)
            ws(p, WS_BLANK);
        tok(p, names[i]);
    }
}

/* A type expression with parentheses stripped (go/printer stripParensAlways). */
static void p_type(printer *p, const lang_expr *t)
{
    while (t->kind == LANG_E_PAREN)
        t = t->u.paren.x;
    p_expr(p, t);
}

static void p_parameters(printer *p, const lang_field_group *g, uint32_t n)
{
    tok(p, "(");
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0) {
            tok(p, ",");
            ws(p, WS_BLANK);
        }
        if (g[i].nnames) {
            ident_list(p, g[i].names, g[i].nnames);
            ws(p, WS_BLANK);
        }
        p_type(p, g[i].type);
    }
    tok(p, ")");
}

static void p_signature(printer *p, const lang_sig *sig)
{
    p_parameters(p, sig->params, sig->nparams);
    if (sig->nresults == 0)
        return;
    ws(p, WS_BLANK);
    if (sig->nresults == 1 && sig->results[0].nnames == 0) {
        p_type(p, sig->results[0].type);
        return;
    }
    p_parameters(p, sig->results, sig->nresults);
}

static void p_struct_type(printer *p, const lang_expr *e)
{
    tok(p, "struct");
    uint32_t n = e->u.structtype.ngroups;
    const lang_field_group *g = e->u.structtype.groups;
    if (e->u.structtype.one_line) {
        if (n == 0) {
            tok(p, "{");
            tok(p, "}");
            return;
        }
        if (n == 1) {
            int names = 0;
            for (uint32_t i = 0; i < g[0].nnames; i++)
                names += (int)strlen(g[0].names[i]) + (i ? 2 : 0);
            if (names > 0)
                names = 1;
            int tsize = expr_size(p, g[0].type, 30);
            if (names + tsize <= 30) {
                tok(p, "{");
                ws(p, WS_BLANK);
                for (uint32_t i = 0; i < g[0].nnames; i++) {
                    if (i) {
                        tok(p, ",");
                        ws(p, WS_BLANK);
                    }
                    tok(p, g[0].names[i]);
                }
                if (g[0].nnames)
                    ws(p, WS_BLANK);
                p_expr(p, g[0].type);
                ws(p, WS_BLANK);
                tok(p, "}");
                return;
            }
        }
    }
    ws(p, WS_BLANK);
    tok(p, "{");
    ws(p, WS_INDENT);
    if (n > 0)
        ws(p, WS_FORMFEED);
    int sep = n == 1 ? WS_BLANK : WS_VTAB;
    int line = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0)
            linebreak(p, g[i].blank_before ? 2 : 1, 1, WS_IGNORE, lines_from(p, line) > 0);
        record_line(p, &line);
        ident_list(p, g[i].names, g[i].nnames);
        ws(p, sep);
        p_expr(p, g[i].type);
    }
    ws(p, WS_UNINDENT);
    ws(p, WS_FORMFEED);
    tok(p, "}");
}

static void p_func_lit(printer *p, const lang_expr *e)
{
    const lang_func *fn = e->u.funclit.fn;
    tok(p, "func");
    int start_col = p->col - 4;
    p_signature(p, &fn->sig);
    p_func_body(p, p->col - start_col, WS_BLANK, fn->body);
}

static void p_literal(printer *p, const lang_expr *e)
{
    emit(p, e->u.lit.text, e->u.lit.len, true, e->u.lit.kind == LANG_LIT_INT ? LT_INT : LT_OTHER);
}

static void p_expr1(printer *p, const lang_expr *e, int prec1, int depth)
{
    e = skip_implicit(e);
    switch (e->kind) {
    case LANG_E_BAD:
        tok(p, "BadExpr");
        break;
    case LANG_E_IDENT:
        tok(p, e->u.ident.name);
        break;
    case LANG_E_LITERAL:
        p_literal(p, e);
        break;
    case LANG_E_BINARY:
        binary_expr(p, e, prec1, cutoff(e, depth < 1 ? 1 : depth), depth < 1 ? 1 : depth);
        break;
    case LANG_E_KEYVALUE:
        p_expr(p, e->u.kv.key);
        tok(p, ":");
        ws(p, WS_BLANK);
        p_expr(p, e->u.kv.value);
        break;
    case LANG_E_STAR:
        if (UNARY_PREC < prec1) {
            tok(p, "(");
            tok(p, "*");
            p_expr(p, e->u.star.x);
            tok(p, ")");
        } else {
            tok(p, "*");
            p_expr(p, e->u.star.x);
        }
        break;
    case LANG_E_UNARY:
        if (UNARY_PREC < prec1) {
            tok(p, "(");
            p_expr(p, e);
            tok(p, ")");
        } else {
            tok(p, lang__lex_opstring(e->u.unary.op));
            p_expr1(p, e->u.unary.x, UNARY_PREC, depth);
        }
        break;
    case LANG_E_PAREN: {
        const lang_expr *inner = skip_implicit(e->u.paren.x);
        if (inner->kind == LANG_E_PAREN) {
            p_expr0(p, inner, depth);
        } else {
            tok(p, "(");
            p_expr0(p, e->u.paren.x, reduce_depth(depth));
            tok(p, ")");
        }
        break;
    }
    case LANG_E_SELECTOR:
        p_expr1(p, e->u.sel.x, HIGHEST_PREC, depth);
        tok(p, ".");
        tok(p, e->u.sel.sel);
        break;
    case LANG_E_CALL: {
        if (e->u.call.nargs > 1)
            depth++;
        const lang_expr *fun = skip_implicit(e->u.call.fun);
        if (fun->kind == LANG_E_FUNC_TYPE) {
            tok(p, "(");
            p_expr1(p, fun, HIGHEST_PREC, depth);
            tok(p, ")");
        } else if (fun->kind == LANG_E_SELECTOR) {
            p_expr1(p, fun->u.sel.x, HIGHEST_PREC, depth);
            tok(p, ".");
            tok(p, fun->u.sel.sel);
        } else {
            p_expr1(p, fun, HIGHEST_PREC, depth);
        }
        tok(p, "(");
        expr_list(p, e->u.call.args, e->u.call.nargs, depth, true, &e->u.call.fmt);
        tok(p, ")");
        break;
    }
    case LANG_E_COMPOSITE:
        if (e->u.comp.texpr)
            p_expr1(p, e->u.comp.texpr, HIGHEST_PREC, depth);
        tok(p, "{");
        expr_list(p, e->u.comp.elts, e->u.comp.nelts, 1, true, &e->u.comp.fmt);
        ws(p, WS_INDENT);
        ws(p, WS_UNINDENT);
        tok(p, "}");
        break;
    case LANG_E_FUNC_LIT:
        p_func_lit(p, e);
        break;
    case LANG_E_CHAN_TYPE: {
        switch (e->u.chantype.dir) {
        case LANG_CHAN_BOTH:
            tok(p, "chan");
            break;
        case LANG_CHAN_RECV:
            tok(p, "<-");
            tok(p, "chan");
            break;
        case LANG_CHAN_SEND:
            tok(p, "chan");
            tok(p, "<-");
            break;
        }
        ws(p, WS_BLANK);
        const lang_expr *el = e->u.chantype.elem;
        if (e->u.chantype.dir == LANG_CHAN_BOTH && el->kind == LANG_E_CHAN_TYPE &&
            el->u.chantype.dir == LANG_CHAN_RECV) {
            tok(p, "(");
            p_expr(p, el);
            tok(p, ")");
        } else {
            p_expr(p, el);
        }
        break;
    }
    case LANG_E_FUNC_TYPE:
        tok(p, "func");
        p_signature(p, &e->u.functype.sig);
        break;
    case LANG_E_STRUCT_TYPE:
        p_struct_type(p, e);
        break;
    case LANG_E_INTERFACE_TYPE:
        tok(p, "interface");
        tok(p, "{");
        tok(p, "}");
        break;
    }
}

static void p_expr0(printer *p, const lang_expr *e, int depth)
{
    p_expr1(p, e, 0, depth);
}

static void p_expr(printer *p, const lang_expr *e)
{
    p_expr1(p, e, 0, 1);
}

/* go/printer stripParens: parentheses around a control clause expression
 * go, unless they protect a composite literal with a type name. */
static bool has_bare_complit(const lang_expr *e)
{
    e = skip_implicit(e);
    switch (e->kind) {
    case LANG_E_PAREN:
        return false;
    case LANG_E_COMPOSITE: {
        const lang_expr *t = e->u.comp.texpr;
        return t && (t->kind == LANG_E_IDENT || t->kind == LANG_E_SELECTOR);
    }
    case LANG_E_SELECTOR:
        return has_bare_complit(e->u.sel.x);
    case LANG_E_CALL:
        if (has_bare_complit(e->u.call.fun))
            return true;
        for (uint32_t i = 0; i < e->u.call.nargs; i++)
            if (has_bare_complit(e->u.call.args[i]))
                return true;
        return false;
    case LANG_E_UNARY:
        return has_bare_complit(e->u.unary.x);
    case LANG_E_STAR:
        return has_bare_complit(e->u.star.x);
    case LANG_E_BINARY:
        return has_bare_complit(e->u.binary.x) || has_bare_complit(e->u.binary.y);
    case LANG_E_KEYVALUE:
        return has_bare_complit(e->u.kv.key) || has_bare_complit(e->u.kv.value);
    default:
        return false;
    }
}

static const lang_expr *strip_parens(const lang_expr *e)
{
    while (e->kind == LANG_E_PAREN && !has_bare_complit(e->u.paren.x))
        e = e->u.paren.x;
    return e;
}

/* ------------------------------------------------------------ statements */

static int gap_of(bool blank)
{
    return blank ? 2 : 1;
}

static void stmt_list(printer *p, lang_stmt *const *list, uint32_t n, int nindent,
                      bool next_is_rbrace)
{
    if (nindent > 0)
        ws(p, WS_INDENT);
    int line = 0;
    uint32_t i = 0;
    for (uint32_t k = 0; k < n; k++) {
        const lang_stmt *s = list[k];
        if (s->kind == LANG_S_EMPTY)
            continue;
        if (p->out->len > 0 || p->nws > 0 || p->line > 1 || p->col > 1)
            linebreak(p, gap_of(s->blank_before), 1, WS_IGNORE,
                      i == 0 || nindent == 0 || lines_from(p, line) > 0);
        record_line(p, &line);
        p_stmt(p, s, next_is_rbrace && k == n - 1);
        for (const lang_stmt *t = s; t->kind == LANG_S_LABELED; t = t->u.labeled.stmt)
            line++;
        i++;
    }
    if (nindent > 0)
        ws(p, WS_UNINDENT);
}

static void p_block(printer *p, const lang_block *b, int nindent)
{
    tok(p, "{");
    stmt_list(p, b->stmts, b->n, nindent, true);
    linebreak(p, gap_of(b->rbrace_blank), 1, WS_IGNORE, true);
    tok(p, "}");
}

/* go/printer controlClause. */
static void control_clause(printer *p, bool is_for, const lang_stmt *init, const lang_expr *cond,
                           const lang_stmt *post)
{
    ws(p, WS_BLANK);
    bool needs_blank = false;
    if (!init && !post) {
        if (cond) {
            p_expr(p, strip_parens(cond));
            needs_blank = true;
        }
    } else {
        if (init)
            p_stmt(p, init, false);
        tok(p, ";");
        ws(p, WS_BLANK);
        if (cond) {
            p_expr(p, strip_parens(cond));
            needs_blank = true;
        }
        if (is_for) {
            tok(p, ";");
            ws(p, WS_BLANK);
            needs_blank = false;
            if (post) {
                p_stmt(p, post, false);
                needs_blank = true;
            }
        }
    }
    if (needs_blank)
        ws(p, WS_BLANK);
}

static void assign_ops(printer *p, lang_op op)
{
    if (op == LANG_OP_DEFINE || op == LANG_OP_ASSIGN) {
        tok(p, lang__lex_opstring(op));
    } else {
        char s[8];
        snprintf(s, sizeof s, "%s=", lang__lex_opstring(op));
        tok(p, s);
    }
}

static void case_list(printer *p, lang_expr *const *v, uint32_t n)
{
    expr_list(p, v, n, 1, false, NULL);
}

static void p_stmt(printer *p, const lang_stmt *s, bool next_is_rbrace)
{
    switch (s->kind) {
    case LANG_S_BAD:
        tok(p, "BadStmt");
        break;
    case LANG_S_EMPTY:
        break;
    case LANG_S_VAR:
    case LANG_S_CONST:
        p_gen_decl(p, s->u.decl.decl);
        break;
    case LANG_S_LABELED:
        ws(p, WS_UNINDENT);
        tok(p, s->u.labeled.label);
        tok(p, ":");
        ws(p, WS_INDENT);
        if (s->u.labeled.stmt->kind == LANG_S_EMPTY) {
            if (!next_is_rbrace) {
                ws(p, WS_NEWLINE);
                tok(p, ";");
            }
            break;
        }
        linebreak(p, 1, 1, WS_IGNORE, true);
        p_stmt(p, s->u.labeled.stmt, next_is_rbrace);
        break;
    case LANG_S_EXPR:
        p_expr0(p, s->u.expr.x, 1);
        break;
    case LANG_S_SEND:
        p_expr0(p, s->u.send.chan, 1);
        ws(p, WS_BLANK);
        tok(p, "<-");
        ws(p, WS_BLANK);
        p_expr0(p, s->u.send.value, 1);
        break;
    case LANG_S_INCDEC:
        p_expr0(p, s->u.incdec.x, 2);
        tok(p, s->u.incdec.op == LANG_OP_INC ? "++" : "--");
        break;
    case LANG_S_ASSIGN: {
        int depth = 1;
        if (s->u.assign.nlhs > 1 && s->u.assign.nrhs > 1)
            depth++;
        expr_list(p, s->u.assign.lhs, s->u.assign.nlhs, depth, false, NULL);
        ws(p, WS_BLANK);
        assign_ops(p, s->u.assign.op);
        ws(p, WS_BLANK);
        expr_list(p, s->u.assign.rhs, s->u.assign.nrhs, depth, false, NULL);
        break;
    }
    case LANG_S_GO:
    case LANG_S_DEFER:
        tok(p, s->kind == LANG_S_GO ? "go" : "defer");
        ws(p, WS_BLANK);
        p_expr(p, s->u.godefer.call);
        break;
    case LANG_S_RETURN:
        tok(p, "return");
        if (s->u.ret.nresults) {
            ws(p, WS_BLANK);
            expr_list(p, s->u.ret.results, s->u.ret.nresults, 1, false, NULL);
        }
        break;
    case LANG_S_BREAK:
    case LANG_S_CONTINUE:
        tok(p, s->kind == LANG_S_BREAK ? "break" : "continue");
        if (s->u.branch.label) {
            ws(p, WS_BLANK);
            tok(p, s->u.branch.label);
        }
        break;
    case LANG_S_FALLTHROUGH:
        tok(p, "fallthrough");
        break;
    case LANG_S_BLOCK:
        p_block(p, s->u.block.body, 1);
        break;
    case LANG_S_IF:
        tok(p, "if");
        control_clause(p, false, s->u.ifs.init, s->u.ifs.cond, NULL);
        p_block(p, s->u.ifs.then, 1);
        if (s->u.ifs.els) {
            ws(p, WS_BLANK);
            tok(p, "else");
            ws(p, WS_BLANK);
            p_stmt(p, s->u.ifs.els, next_is_rbrace);
        }
        break;
    case LANG_S_FOR:
        tok(p, "for");
        control_clause(p, true, s->u.fors.init, s->u.fors.cond, s->u.fors.post);
        p_block(p, s->u.fors.body, 1);
        break;
    case LANG_S_RANGE:
        tok(p, "for");
        ws(p, WS_BLANK);
        if (s->u.range.key) {
            p_expr(p, s->u.range.key);
            if (s->u.range.value) {
                tok(p, ",");
                ws(p, WS_BLANK);
                p_expr(p, s->u.range.value);
            }
            ws(p, WS_BLANK);
            tok(p, s->u.range.define ? ":=" : "=");
            ws(p, WS_BLANK);
        }
        tok(p, "range");
        ws(p, WS_BLANK);
        p_expr(p, strip_parens(s->u.range.x));
        ws(p, WS_BLANK);
        p_block(p, s->u.range.body, 1);
        break;
    case LANG_S_SWITCH: {
        tok(p, "switch");
        control_clause(p, false, s->u.sw.init, s->u.sw.tag, NULL);
        tok(p, "{");
        int line = 0;
        for (uint32_t i = 0; i < s->u.sw.ncases; i++) {
            const lang_case *cc = &s->u.sw.cases[i];
            linebreak(p, gap_of(cc->blank_before), 1, WS_IGNORE, true);
            record_line(p, &line);
            if (cc->is_default) {
                tok(p, "default");
            } else {
                tok(p, "case");
                ws(p, WS_BLANK);
                case_list(p, cc->exprs, cc->nexprs);
            }
            tok(p, ":");
            stmt_list(p, cc->body, cc->nbody, 1, i + 1 == s->u.sw.ncases);
        }
        linebreak(p, gap_of(s->u.sw.rbrace_blank), 1, WS_IGNORE, true);
        tok(p, "}");
        break;
    }
    case LANG_S_SELECT: {
        tok(p, "select");
        ws(p, WS_BLANK);
        if (s->u.sel.ncases == 0) {
            tok(p, "{");
            tok(p, "}");
            break;
        }
        tok(p, "{");
        for (uint32_t i = 0; i < s->u.sel.ncases; i++) {
            const lang_comm *cc = &s->u.sel.cases[i];
            linebreak(p, gap_of(cc->blank_before), 1, WS_IGNORE, true);
            if (cc->comm) {
                tok(p, "case");
                ws(p, WS_BLANK);
                p_stmt(p, cc->comm, false);
            } else {
                tok(p, "default");
            }
            tok(p, ":");
            stmt_list(p, cc->body, cc->nbody, 1, i + 1 == s->u.sel.ncases);
        }
        linebreak(p, gap_of(s->u.sel.rbrace_blank), 1, WS_IGNORE, true);
        tok(p, "}");
        break;
    }
    }
}

/* go/printer funcBody: a body written on one line stays on one line when
 * header and body fit in 100 columns. */
static void p_func_body(printer *p, int header_size, int sep, const lang_block *b)
{
    if (!b)
        return;
    const int max_size = 100;
    int body_size = max_size + 1;
    if (b->one_line && b->n <= 5) {
        body_size = 0;
        for (uint32_t i = 0; i < b->n; i++) {
            if (body_size > max_size)
                break;
            if (i > 0)
                body_size += 2;
            body_size += stmt_size(p, b->stmts[i], max_size);
        }
    }
    if (header_size + body_size <= max_size) {
        ws(p, sep);
        tok(p, "{");
        if (b->n > 0) {
            ws(p, WS_BLANK);
            for (uint32_t i = 0; i < b->n; i++) {
                if (i > 0) {
                    tok(p, ";");
                    ws(p, WS_BLANK);
                }
                p_stmt(p, b->stmts[i], i == b->n - 1);
            }
            ws(p, WS_BLANK);
        }
        tok(p, "}");
        return;
    }
    if (sep != WS_IGNORE)
        ws(p, WS_BLANK);
    p_block(p, b, 1);
}

/* ------------------------------------------------------------ declarations */

static const char *decl_keyword(lang_dkind k)
{
    switch (k) {
    case LANG_D_IMPORT:
        return "import";
    case LANG_D_CONST:
        return "const";
    case LANG_D_VAR:
        return "var";
    case LANG_D_TYPE:
        return "type";
    default:
        return "func";
    }
}

/* go/printer keepTypeColumn. */
static void keep_type_column(const lang_decl *d, bool *keep)
{
    int i0 = -1;
    bool keep_type = false;
    for (uint32_t i = 0; i < d->nspecs; i++) {
        const lang_spec *s = d->specs[i];
        if (s->nvalues) {
            if (i0 < 0) {
                i0 = (int)i;
                keep_type = false;
            }
        } else if (i0 >= 0) {
            for (uint32_t k = (uint32_t)i0; k < i; k++)
                keep[k] = keep_type;
            i0 = -1;
        }
        if (s->texpr)
            keep_type = true;
    }
    if (i0 >= 0)
        for (uint32_t k = (uint32_t)i0; k < d->nspecs; k++)
            keep[k] = keep_type;
}

static void value_spec(printer *p, const lang_spec *s, bool keep_type)
{
    ident_list(p, s->names, s->nnames);
    if (s->texpr || keep_type)
        ws(p, WS_VTAB);
    if (s->texpr)
        p_expr(p, s->texpr);
    if (s->nvalues) {
        ws(p, WS_VTAB);
        tok(p, "=");
        ws(p, WS_BLANK);
        expr_list(p, s->values, s->nvalues, 1, false, NULL);
    }
}

static void spec(printer *p, const lang_decl *d, const lang_spec *s, uint32_t n)
{
    switch (d->kind) {
    case LANG_D_IMPORT:
        if (s->import_name) {
            tok(p, s->import_name);
            ws(p, WS_BLANK);
        }
        emit(p, s->path, strlen(s->path), true, LT_OTHER);
        break;
    case LANG_D_CONST:
    case LANG_D_VAR:
        ident_list(p, s->names, s->nnames);
        if (s->texpr) {
            ws(p, WS_BLANK);
            p_expr(p, s->texpr);
        }
        if (s->nvalues) {
            ws(p, WS_BLANK);
            tok(p, "=");
            ws(p, WS_BLANK);
            expr_list(p, s->values, s->nvalues, 1, false, NULL);
        }
        break;
    case LANG_D_TYPE:
        tok(p, s->tdecl->name);
        ws(p, n == 1 ? WS_BLANK : WS_VTAB);
        p_expr(p, s->tdecl->texpr);
        break;
    default:
        break;
    }
}

static int import_cmp(const lang_spec *a, const lang_spec *b)
{
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    const char *na = a->import_name ? a->import_name : "";
    const char *nb = b->import_name ? b->import_name : "";
    return strcmp(na, nb);
}

/* Stable merge sort of import specs by path, then name (ast.SortImports). */
static void sort_imports(const lang_spec **v, uint32_t n)
{
    if (n < 2)
        return;
    uint32_t h = n / 2;
    sort_imports(v, h);
    sort_imports(v + h, n - h);
    const lang_spec **tmp = lang__xmalloc(n * sizeof *tmp);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = import_cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *tmp);
    free(tmp);
}

static void p_gen_decl(printer *p, const lang_decl *d)
{
    tok(p, decl_keyword(d->kind));
    ws(p, WS_BLANK);
    uint32_t n = d->nspecs;
    /* specs in printing order, and whether an empty line precedes each */
    const lang_spec **specs = lang__xmalloc((n + 1) * sizeof *specs);
    bool *blank = lang__xmalloc((n + 1) * sizeof *blank);
    for (uint32_t i = 0; i < n; i++) {
        specs[i] = d->specs[i];
        blank[i] = d->specs[i]->blank_before;
    }
    if (d->kind == LANG_D_IMPORT) {
        /* gofmt sorts imports within runs of consecutive lines (the empty
         * lines stay where they are) and drops an import repeated in a run */
        uint32_t start = 0;
        for (uint32_t i = 1; i <= n; i++) {
            if (i == n || blank[i]) {
                sort_imports(specs + start, i - start);
                start = i;
            }
        }
        uint32_t k = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (k > 0 && !blank[i] && import_cmp(specs[k - 1], specs[i]) == 0)
                continue;
            blank[k] = blank[i];
            specs[k++] = specs[i];
        }
        n = k;
    }
    if (d->grouped || n > 1) {
        tok(p, "(");
        if (n > 0) {
            ws(p, WS_INDENT);
            ws(p, WS_FORMFEED);
            int line = 0;
            if (n > 1 && (d->kind == LANG_D_CONST || d->kind == LANG_D_VAR)) {
                bool *keep = lang__xmalloc(n * sizeof *keep);
                memset(keep, 0, n * sizeof *keep);
                keep_type_column(d, keep);
                for (uint32_t i = 0; i < n; i++) {
                    if (i > 0)
                        linebreak(p, gap_of(blank[i]), 1, WS_IGNORE, lines_from(p, line) > 0);
                    record_line(p, &line);
                    value_spec(p, specs[i], keep[i]);
                }
                free(keep);
            } else {
                for (uint32_t i = 0; i < n; i++) {
                    if (i > 0)
                        linebreak(p, gap_of(blank[i]), 1, WS_IGNORE, lines_from(p, line) > 0);
                    record_line(p, &line);
                    spec(p, d, specs[i], n);
                }
            }
            ws(p, WS_UNINDENT);
            ws(p, WS_FORMFEED);
        }
        tok(p, ")");
    } else if (n > 0) {
        spec(p, d, specs[0], 1);
    }
    free(specs);
    free(blank);
}

static void p_func_decl(printer *p, const lang_func *fn)
{
    tok(p, "func");
    ws(p, WS_BLANK);
    int start_col = p->col - 5;
    if (fn->recv) {
        p_parameters(p, fn->recv, 1);
        ws(p, WS_BLANK);
    }
    tok(p, fn->name);
    p_signature(p, &fn->sig);
    p_func_body(p, p->col - start_col, WS_VTAB, fn->body);
}

static void p_decl(printer *p, const lang_decl *d)
{
    if (d->kind == LANG_D_FUNC)
        p_func_decl(p, d->fn);
    else
        p_gen_decl(p, d);
}

static void print_decl_node(printer *p, const void *n)
{
    p_decl(p, n);
}

void lang__print_program(const lang_program *prog, lang_buf *out)
{
    sizemap sizes;
    memset(&sizes, 0, sizeof sizes);
    lang_buf stream = {0};
    printer pr, *p = &pr;
    printer_init(p, &stream, &sizes, prog);
    tok(p, "package");
    ws(p, WS_BLANK);
    tok(p, prog->pkg_name ? prog->pkg_name : "main");
    int prev = -1;
    for (uint32_t i = 0; i < prog->ndecls; i++) {
        const lang_decl *d = prog->decls[i];
        int min = (int)d->kind != prev ? 2 : 1;
        prev = (int)d->kind;
        bool new_section = false;
        if (d->kind == LANG_D_FUNC)
            new_section = measure(p, d, print_decl_node, INFINITY_SIZE) > INFINITY_SIZE;
        linebreak(p, gap_of(d->blank_before), min, WS_IGNORE, new_section);
        p_decl(p, d);
    }
    ws(p, WS_NEWLINE);
    flush_ws(p);
    lang__tab_format(stream.data ? stream.data : "", stream.len, out);
    lang__buf_free(&stream);
    free(sizes.keys);
    free(sizes.vals);
}
