/* parse.c - the parser: tokens to the syntax part of the AST.
 *
 * A port of gc's recursive-descent parser (cmd/compile/internal/syntax/
 * parser.go, Go 1.19) so that syntax errors read and point exactly as gc's.
 * Differences, all deliberate:
 *   - a "syntax error: ..." stops the parse (gc recovers and reports more,
 *     but only its first error matters here, and gc never type-checks a
 *     file with syntax errors either);
 *   - errors gc's parser reports without the "syntax error" prefix (defer
 *     of a non-call, label misuse, ...) are collected and parsing goes on,
 *     as in gc, so the checker can find earlier errors;
 *   - constructs outside the subset become E_BAD/S_BAD nodes with an
 *     "unsupported: <what>" error, so that gc errors at earlier positions
 *     still win. Type parameters and type switches stop the parse.
 *
 * Nesting is bounded by LANG_MAX_DEPTH (counting blocks, statements,
 * expressions and chains of binary operators, selectors and calls), so no
 * later pass can run out of stack on any input.
 *
 * All memory comes from the program's arena, so bailing out with longjmp
 * leaks nothing.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "front.h"
#include "str.h"

/* A growable array of pointers in the arena. */
typedef struct pvec {
    void **v;
    uint32_t n, cap;
} pvec;

typedef struct parser {
    lang_lexer lx;          /* tokens */
    lang_program *prog;     /* result */
    lang_arena *a;          /* the program's arena */
    lang_errs *errs;        /* error collector */
    jmp_buf fail;           /* where a syntax error jumps */
    uint32_t depth;         /* current nesting */
    int xnest;              /* expression nesting (composite literal ambiguity) */
    int fnest;              /* function nesting */
    uint32_t prev_end_line; /* last line of the previously consumed token */
    pvec sites;             /* lang_pos* per site */
    pvec funcs;             /* lang_func* */
    lang_func *curfn;       /* function being parsed */
} parser;

/* ------------------------------------------------------------ utilities */

static void pvec_push(parser *p, pvec *v, void *x)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2 : 4;
        void **nv = lang__arena_alloc(p->a, cap * sizeof *nv);
        if (v->n)
            memcpy(nv, v->v, v->n * sizeof *nv);
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = x;
}

static void *pnew(parser *p, size_t n)
{
    return lang__arena_alloc(p->a, n);
}

static uint32_t new_site(parser *p, lang_pos pos)
{
    lang_pos *sp = pnew(p, sizeof *sp);
    *sp = pos;
    pvec_push(p, &p->sites, sp);
    return p->sites.n; /* 1-based */
}

static void next(parser *p)
{
    if (p->lx.tok == LANG_TOK_SEMI && p->lx.litlen == 7 && memcmp(p->lx.lit, "newline", 7) == 0)
        p->prev_end_line = p->lx.pos.line;
    else
        p->prev_end_line = p->lx.line + 1;
    lang__lex_next(&p->lx);
}

static bool got(parser *p, lang_tok t)
{
    if (p->lx.tok == t) {
        next(p);
        return true;
    }
    return false;
}

/* Stops the parse. The error is already recorded. */
static void bail(parser *p)
{
    longjmp(p->fail, 1);
}

/* gc's syntaxErrorAt: adds "unexpected <token>" for messages that start
 * with "in ", "at ", "after " or "expecting ". Stops the parse. */
static void syntax_error_at(parser *p, lang_pos pos, const char *msg)
{
    lang_buf b = {0};
    if (p->lx.tok == LANG_TOK_EOF && p->errs->has)
        bail(p);
    const char *sep = NULL;
    if (strncmp(msg, "in ", 3) == 0 || strncmp(msg, "at ", 3) == 0 ||
        strncmp(msg, "after ", 6) == 0)
        sep = " ";
    else if (strncmp(msg, "expecting ", 10) == 0)
        sep = ", ";
    else if (msg[0] != 0) {
        lang__err_at(p->errs, pos, "syntax error: %s", msg);
        bail(p);
    }
    lang__buf_puts(&b, "syntax error: unexpected ");
    switch (p->lx.tok) {
    case LANG_TOK_NAME:
    case LANG_TOK_SEMI:
        lang__buf_put(&b, p->lx.lit, p->lx.litlen);
        break;
    case LANG_TOK_LITERAL:
        lang__buf_puts(&b, "literal ");
        lang__buf_put(&b, p->lx.lit, p->lx.litlen);
        break;
    case LANG_TOK_OPERATOR:
    case LANG_TOK_STAR:
        lang__buf_puts(&b, p->lx.op == LANG_OP_NONE ? "~" : lang__lex_opstring(p->lx.op));
        break;
    case LANG_TOK_ASSIGNOP:
        lang__buf_printf(&b, "%s=", lang__lex_opstring(p->lx.op));
        break;
    case LANG_TOK_INCOP:
        lang__buf_puts(&b, lang__lex_opstring(p->lx.op));
        lang__buf_puts(&b, lang__lex_opstring(p->lx.op));
        break;
    default:
        lang__buf_puts(&b, lang__lex_tokstring(p->lx.tok));
    }
    if (sep) {
        lang__buf_puts(&b, sep);
        lang__buf_puts(&b, msg);
    }
    lang__err_at(p->errs, pos, "%s", b.data);
    lang__buf_free(&b);
    bail(p);
}

static void syntax_error(parser *p, const char *msg)
{
    syntax_error_at(p, p->lx.pos, msg);
}

static void want(parser *p, lang_tok t)
{
    if (!got(p, t)) {
        char msg[64];
        snprintf(msg, sizeof msg, "expecting %s", lang__lex_tokstring(t));
        syntax_error(p, msg);
    }
}

/* An error gc's parser reports without stopping (not a syntax error). */
#define soft_error(p, pos, ...) lang__err_at((p)->errs, (pos), __VA_ARGS__)

static void unsupported(parser *p, lang_pos pos, const char *what)
{
    lang__err_at(p->errs, pos, "unsupported: %s", what);
}

static void fatal_unsupported(parser *p, lang_pos pos, const char *what)
{
    unsupported(p, pos, what);
    bail(p);
}

static void enter(parser *p)
{
    if (++p->depth > LANG_MAX_DEPTH)
        fatal_unsupported(p, p->lx.pos, "nesting too deep");
}

static void leave(parser *p)
{
    p->depth--;
}

/* ------------------------------------------------------------ nodes */

static lang_expr *new_expr(parser *p, lang_ekind k, lang_pos pos)
{
    lang_expr *e = pnew(p, sizeof *e);
    e->kind = k;
    e->pos = pos;
    return e;
}

static lang_expr *bad_expr(parser *p, lang_pos pos, bool is_type)
{
    lang_expr *e = new_expr(p, LANG_E_BAD, pos);
    e->u.bad.is_type = is_type;
    return e;
}

static lang_stmt *new_stmt(parser *p, lang_skind k, lang_pos pos)
{
    lang_stmt *s = pnew(p, sizeof *s);
    s->kind = k;
    s->pos = pos;
    s->site = new_site(p, pos);
    return s;
}

static lang_expr *unparen(lang_expr *x)
{
    while (x && x->kind == LANG_E_PAREN)
        x = x->u.paren.x;
    return x;
}

static const char *tok_text(parser *p)
{
    return lang__arena_strndup(p->a, p->lx.lit, p->lx.litlen);
}

/* name = identifier */
static lang_expr *name(parser *p)
{
    if (p->lx.tok == LANG_TOK_NAME) {
        lang_expr *e = new_expr(p, LANG_E_IDENT, p->lx.pos);
        e->u.ident.name = tok_text(p);
        next(p);
        return e;
    }
    syntax_error(p, "expecting name");
    return NULL;
}

static lang_expr *expr(parser *p);
static lang_expr *type_or_nil(parser *p);
static lang_expr *type_(parser *p);
static lang_expr *pexpr(parser *p, lang_expr *x, bool keep_parens);
static lang_expr *unary_expr(parser *p);
static lang_block *block_stmt(parser *p, const char *context);
static lang_stmt *stmt_or_nil(parser *p);
static void func_type(parser *p, lang_sig *sig, const char *context);
static lang_block *func_body(parser *p, lang_func *fn);

/* An expression list: x {, x}. */
typedef struct elist {
    lang_expr **v;
    uint32_t n;
} elist;

static void elist_push(parser *p, pvec *tmp, lang_expr *x)
{
    pvec_push(p, tmp, x);
}

static elist expr_list(parser *p)
{
    pvec v = {0};
    elist_push(p, &v, expr(p));
    while (got(p, LANG_TOK_COMMA))
        elist_push(p, &v, expr(p));
    elist l = {(lang_expr **)v.v, v.n};
    return l;
}

/* ------------------------------------------------------------ literals */

static lang_expr *literal(parser *p)
{
    lang_expr *e = new_expr(p, LANG_E_LITERAL, p->lx.pos);
    bool bad = p->lx.bad;
    lang_lexlit k = p->lx.kind;
    char *text = lang__arena_strndup(p->a, p->lx.lit, p->lx.litlen);
    e->u.lit.text = text;
    e->u.lit.len = p->lx.litlen;
    if (k == LANG_LEX_FLOAT || k == LANG_LEX_IMAG) {
        lang_pos pos = p->lx.pos;
        next(p);
        if (!bad)
            unsupported(p, pos,
                        k == LANG_LEX_FLOAT ? "floating-point literal" : "imaginary literal");
        e->kind = LANG_E_BAD;
        e->u.bad.is_type = false;
        return e;
    }
    if (k == LANG_LEX_INT) {
        e->u.lit.kind = LANG_LIT_INT;
        /* gofmt lower-cases base prefixes */
        if (e->u.lit.len >= 2 && text[0] == '0' &&
            (text[1] == 'X' || text[1] == 'O' || text[1] == 'B'))
            text[1] = (char)(text[1] | 0x20);
    } else if (k == LANG_LEX_RUNE) {
        e->u.lit.kind = LANG_LIT_RUNE;
    } else {
        e->u.lit.kind = text[0] == '`' ? LANG_LIT_RAW : LANG_LIT_STRING;
    }
    if (bad) {
        e->kind = LANG_E_BAD; /* the lexer reported it */
        e->u.bad.is_type = false;
    }
    next(p);
    return e;
}

/* ------------------------------------------------------------ types */

static lang_expr *qualified_name(parser *p, lang_expr *nm)
{
    lang_expr *x = nm ? nm : name(p);
    if (p->lx.tok == LANG_TOK_DOT) {
        lang_pos dot = p->lx.pos;
        next(p);
        lang_expr *s = new_expr(p, LANG_E_SELECTOR, x->pos);
        s->u.sel.dot_pos = dot;
        s->u.sel.x = x;
        s->u.sel.sel_pos = p->lx.pos;
        lang_expr *n = name(p);
        s->u.sel.sel = n->u.ident.name;
        x = s;
    }
    if (p->lx.tok == LANG_TOK_LBRACK)
        fatal_unsupported(p, p->lx.pos, "generic type instantiation");
    return x;
}

static lang_expr *chan_elem(parser *p)
{
    lang_expr *t = type_or_nil(p);
    if (!t)
        syntax_error(p, "missing channel element type");
    return t;
}

/* One parameter: [name] [...] Type, or a name alone. */
typedef struct pfield {
    lang_expr *name; /* E_IDENT or NULL */
    lang_expr *type; /* type or NULL */
} pfield;

/* '[' was seen after a parameter or field name: a slice or array type
 * (unsupported) or a generic instantiation (unsupported, fatal). */
static lang_expr *array_or_targs(parser *p)
{
    lang_pos pos = p->lx.pos;
    want(p, LANG_TOK_LBRACK);
    if (got(p, LANG_TOK_RBRACK)) {
        type_(p);
        unsupported(p, pos, "slice type");
        return bad_expr(p, pos, true);
    }
    p->xnest++;
    expr(p);
    p->xnest--;
    if (p->lx.tok == LANG_TOK_COMMA)
        fatal_unsupported(p, pos, "generic type instantiation");
    want(p, LANG_TOK_RBRACK);
    lang_expr *elem = type_or_nil(p);
    if (!elem)
        fatal_unsupported(p, pos, "generic type instantiation");
    unsupported(p, pos, "array type");
    return bad_expr(p, pos, true);
}

static bool param_decl_or_nil(parser *p, lang_tok follow, pfield *f)
{
    f->name = f->type = NULL;
    if (p->lx.tok == LANG_TOK_NAME) {
        lang_expr *nm = name(p);
        if (p->lx.tok == LANG_TOK_LBRACK) {
            f->name = nm;
            f->type = array_or_targs(p);
            return true;
        }
        if (p->lx.tok == LANG_TOK_DOT) {
            f->type = qualified_name(p, nm);
            return true;
        }
        f->name = nm;
    }
    if (p->lx.tok == LANG_TOK_DOTDOTDOT) {
        lang_pos pos = p->lx.pos;
        next(p);
        if (!type_or_nil(p))
            syntax_error(p, "... is missing type");
        unsupported(p, pos, "variadic parameter");
        f->type = bad_expr(p, pos, true);
        return true;
    }
    f->type = type_or_nil(p);
    if (f->name || f->type)
        return true;
    char msg[64];
    snprintf(msg, sizeof msg, "expecting %s", lang__lex_tokstring(follow));
    syntax_error(p, msg);
    return false;
}

/* gc's list(): [ f { sep f } [sep] ] close. Calls fn for each element;
 * returns the position of close and sets *close_blank. */
typedef void (*list_fn)(parser *p, void *ctx);

static lang_pos plist(parser *p, const char *context, lang_tok sep, lang_tok close, list_fn fn,
                      void *ctx, bool *close_blank)
{
    while (p->lx.tok != LANG_TOK_EOF && p->lx.tok != close) {
        fn(p, ctx);
        if (!got(p, sep) && p->lx.tok != close) {
            char msg[128];
            snprintf(msg, sizeof msg, "in %s; possibly missing %s or %s", context,
                     lang__lex_tokstring(sep), lang__lex_tokstring(close));
            syntax_error(p, msg);
        }
    }
    lang_pos pos = p->lx.pos;
    if (close_blank)
        *close_blank = p->lx.blank_before;
    want(p, close);
    return pos;
}

typedef struct param_ctx {
    pvec fields; /* pfield* */
    lang_tok close;
} param_ctx;

static void param_elem(parser *p, void *ctx)
{
    param_ctx *c = ctx;
    pfield *f = pnew(p, sizeof *f);
    if (param_decl_or_nil(p, c->close, f))
        pvec_push(p, &c->fields, f);
}

/* Parameters after "(": distributes types like gc and groups names that
 * share a type expression. */
static void param_list(parser *p, lang_tok close, lang_field_group **out, uint32_t *nout)
{
    param_ctx c = {{0}, close};
    plist(p, "parameter list", LANG_TOK_COMMA, close, param_elem, &c, NULL);
    *out = NULL;
    *nout = 0;
    if (c.fields.n == 0)
        return;
    uint32_t named = 0;
    for (uint32_t i = 0; i < c.fields.n; i++) {
        pfield *f = c.fields.v[i];
        if (f->name && f->type)
            named++;
    }
    if (named == 0) {
        for (uint32_t i = 0; i < c.fields.n; i++) {
            pfield *f = c.fields.v[i];
            if (f->name) {
                f->type = f->name;
                f->name = NULL;
            }
        }
    } else if (named != c.fields.n) {
        lang_pos errpos = {0, 0};
        lang_expr *typ = NULL;
        for (uint32_t i = c.fields.n; i-- > 0;) {
            pfield *f = c.fields.v[i];
            if (f->type) {
                typ = f->type;
                if (!f->name)
                    errpos = typ->pos;
            } else if (typ) {
                f->type = typ;
            } else {
                errpos = f->name->pos;
            }
        }
        if (errpos.line)
            syntax_error_at(p, errpos, "mixed named and unnamed parameters");
    }
    /* group consecutive names sharing one type expression */
    lang_field_group *g = pnew(p, c.fields.n * sizeof *g);
    uint32_t ng = 0;
    for (uint32_t i = 0; i < c.fields.n;) {
        pfield *f = c.fields.v[i];
        uint32_t j = i + 1;
        if (f->name)
            while (j < c.fields.n && ((pfield *)c.fields.v[j])->type == f->type)
                j++;
        lang_field_group *gg = &g[ng++];
        gg->type = f->type;
        if (f->name) {
            gg->nnames = j - i;
            gg->names = pnew(p, gg->nnames * sizeof *gg->names);
            gg->name_pos = pnew(p, gg->nnames * sizeof *gg->name_pos);
            for (uint32_t k = i; k < j; k++) {
                pfield *fk = c.fields.v[k];
                gg->names[k - i] = fk->name->u.ident.name;
                gg->name_pos[k - i] = fk->name->pos;
            }
        }
        i = j;
    }
    *out = g;
    *nout = ng;
}

static void func_result(parser *p, lang_sig *sig)
{
    if (got(p, LANG_TOK_LPAREN)) {
        sig->results_paren = true;
        param_list(p, LANG_TOK_RPAREN, &sig->results, &sig->nresults);
        return;
    }
    lang_expr *t = type_or_nil(p);
    if (t) {
        sig->results = pnew(p, sizeof *sig->results);
        sig->results[0].type = t;
        sig->nresults = 1;
    }
}

static void func_type(parser *p, lang_sig *sig, const char *context)
{
    (void)context;
    if (p->lx.tok == LANG_TOK_LBRACK)
        fatal_unsupported(p, p->lx.pos, "type parameters");
    want(p, LANG_TOK_LPAREN);
    param_list(p, LANG_TOK_RPAREN, &sig->params, &sig->nparams);
    func_result(p, sig);
}

typedef struct field_ctx {
    pvec groups; /* lang_field_group* */
} field_ctx;

static void field_decl(parser *p, void *ctx)
{
    field_ctx *c = ctx;
    lang_pos pos = p->lx.pos;
    bool blank = p->lx.blank_before;
    if (p->lx.tok == LANG_TOK_NAME) {
        lang_expr *nm = name(p);
        if (p->lx.tok == LANG_TOK_DOT || p->lx.tok == LANG_TOK_LITERAL ||
            p->lx.tok == LANG_TOK_SEMI || p->lx.tok == LANG_TOK_RBRACE) {
            qualified_name(p, nm);
            if (p->lx.tok == LANG_TOK_LITERAL)
                next(p);
            unsupported(p, pos, "embedded field");
            lang_field_group *g = pnew(p, sizeof *g);
            g->type = bad_expr(p, pos, true);
            g->blank_before = blank;
            pvec_push(p, &c->groups, g);
            return;
        }
        pvec names = {0};
        pvec_push(p, &names, nm);
        while (got(p, LANG_TOK_COMMA))
            pvec_push(p, &names, name(p));
        lang_expr *typ;
        if (names.n == 1 && p->lx.tok == LANG_TOK_LBRACK)
            typ = array_or_targs(p);
        else
            typ = type_(p);
        if (p->lx.tok == LANG_TOK_LITERAL) {
            unsupported(p, p->lx.pos, "struct field tag");
            next(p);
        }
        lang_field_group *g = pnew(p, sizeof *g);
        g->type = typ;
        g->blank_before = blank;
        g->nnames = names.n;
        g->names = pnew(p, names.n * sizeof *g->names);
        g->name_pos = pnew(p, names.n * sizeof *g->name_pos);
        for (uint32_t i = 0; i < names.n; i++) {
            lang_expr *n = names.v[i];
            g->names[i] = n->u.ident.name;
            g->name_pos[i] = n->pos;
        }
        pvec_push(p, &c->groups, g);
    } else if (p->lx.tok == LANG_TOK_STAR) {
        next(p);
        if (p->lx.tok == LANG_TOK_LPAREN)
            syntax_error(p, "cannot parenthesize embedded type");
        qualified_name(p, NULL);
        if (p->lx.tok == LANG_TOK_LITERAL)
            next(p);
        unsupported(p, pos, "embedded field");
        lang_field_group *g = pnew(p, sizeof *g);
        g->type = bad_expr(p, pos, true);
        pvec_push(p, &c->groups, g);
    } else if (p->lx.tok == LANG_TOK_LPAREN) {
        syntax_error(p, "cannot parenthesize embedded type");
    } else {
        syntax_error(p, "expecting field name or embedded type");
    }
}

static lang_expr *struct_type(parser *p)
{
    lang_expr *t = new_expr(p, LANG_E_STRUCT_TYPE, p->lx.pos);
    want(p, LANG_TOK_STRUCT);
    uint32_t lline = p->lx.pos.line;
    want(p, LANG_TOK_LBRACE);
    field_ctx c = {{0}};
    lang_pos rb = plist(p, "struct type", LANG_TOK_SEMI, LANG_TOK_RBRACE, field_decl, &c, NULL);
    t->u.structtype.one_line = rb.line == lline;
    t->u.structtype.ngroups = c.groups.n;
    t->u.structtype.groups = pnew(p, (c.groups.n + 1) * sizeof(lang_field_group));
    for (uint32_t i = 0; i < c.groups.n; i++)
        t->u.structtype.groups[i] = *(lang_field_group *)c.groups.v[i];
    return t;
}

typedef struct iface_ctx {
    uint32_t n;
} iface_ctx;

static void iface_elem(parser *p, void *ctx)
{
    iface_ctx *c = ctx;
    c->n++;
    if (p->lx.tok == LANG_TOK_NAME) {
        lang_expr *nm = name(p);
        if (p->lx.tok == LANG_TOK_LPAREN) {
            lang_sig sig;
            memset(&sig, 0, sizeof sig);
            func_type(p, &sig, "interface method");
        } else if (p->lx.tok == LANG_TOK_LBRACK) {
            fatal_unsupported(p, p->lx.pos, "type parameters");
        } else {
            qualified_name(p, nm);
        }
    } else {
        if (p->lx.tok == LANG_TOK_OPERATOR && p->lx.op == LANG_OP_NONE)
            fatal_unsupported(p, p->lx.pos, "type constraint");
        if (!type_or_nil(p))
            syntax_error(p, "expecting ~ term or type");
    }
    while (p->lx.tok == LANG_TOK_OPERATOR && p->lx.op == LANG_OP_OR)
        fatal_unsupported(p, p->lx.pos, "type constraint");
}

static lang_expr *interface_type(parser *p)
{
    lang_pos pos = p->lx.pos;
    want(p, LANG_TOK_INTERFACE);
    want(p, LANG_TOK_LBRACE);
    iface_ctx c = {0};
    plist(p, "interface type", LANG_TOK_SEMI, LANG_TOK_RBRACE, iface_elem, &c, NULL);
    if (c.n) {
        unsupported(p, pos, "interface type with methods");
        return bad_expr(p, pos, true);
    }
    return new_expr(p, LANG_E_INTERFACE_TYPE, pos);
}

/* gc's typeOrNil. */
static lang_expr *type_or_nil(parser *p)
{
    lang_pos pos = p->lx.pos;
    lang_expr *t = NULL;
    enter(p);
    switch (p->lx.tok) {
    case LANG_TOK_STAR:
        next(p);
        t = new_expr(p, LANG_E_STAR, pos);
        t->u.star.x = type_(p);
        break;
    case LANG_TOK_ARROW:
        next(p);
        want(p, LANG_TOK_CHAN);
        t = new_expr(p, LANG_E_CHAN_TYPE, pos);
        t->u.chantype.dir = LANG_CHAN_RECV;
        t->u.chantype.elem = chan_elem(p);
        break;
    case LANG_TOK_FUNC:
        next(p);
        t = new_expr(p, LANG_E_FUNC_TYPE, pos);
        t->u.functype.lparen = p->lx.pos;
        func_type(p, &t->u.functype.sig, "function type");
        break;
    case LANG_TOK_LBRACK:
        next(p);
        if (got(p, LANG_TOK_RBRACK)) {
            type_(p);
            unsupported(p, pos, "slice type");
            t = bad_expr(p, pos, true);
            break;
        }
        if (!got(p, LANG_TOK_DOTDOTDOT)) {
            p->xnest++;
            expr(p);
            p->xnest--;
        }
        if (p->lx.tok == LANG_TOK_COMMA)
            syntax_error(p, "unexpected comma; expecting ]");
        want(p, LANG_TOK_RBRACK);
        type_(p);
        unsupported(p, pos, "array type");
        t = bad_expr(p, pos, true);
        break;
    case LANG_TOK_CHAN:
        next(p);
        t = new_expr(p, LANG_E_CHAN_TYPE, pos);
        if (got(p, LANG_TOK_ARROW))
            t->u.chantype.dir = LANG_CHAN_SEND;
        t->u.chantype.elem = chan_elem(p);
        break;
    case LANG_TOK_MAP:
        next(p);
        want(p, LANG_TOK_LBRACK);
        type_(p);
        want(p, LANG_TOK_RBRACK);
        type_(p);
        unsupported(p, pos, "map type");
        t = bad_expr(p, pos, true);
        break;
    case LANG_TOK_STRUCT:
        t = struct_type(p);
        break;
    case LANG_TOK_INTERFACE:
        t = interface_type(p);
        break;
    case LANG_TOK_NAME:
        t = qualified_name(p, NULL);
        break;
    case LANG_TOK_LPAREN:
        next(p);
        t = type_(p);
        want(p, LANG_TOK_RPAREN);
        break;
    default:
        break;
    }
    leave(p);
    return t;
}

static lang_expr *type_(parser *p)
{
    lang_expr *t = type_or_nil(p);
    if (!t)
        syntax_error(p, "expecting type");
    return t;
}

/* ------------------------------------------------------------ expressions */

static lang_expr *func_lit_or_type(parser *p)
{
    lang_pos pos = p->lx.pos;
    next(p); /* func */
    lang_pos lparen = p->lx.pos;
    lang_sig sig;
    memset(&sig, 0, sizeof sig);
    func_type(p, &sig, "function type");
    if (p->lx.tok != LANG_TOK_LBRACE) {
        /* gc positions a function type at its ( */
        lang_expr *t = new_expr(p, LANG_E_FUNC_TYPE, lparen);
        t->u.functype.sig = sig;
        t->u.functype.lparen = lparen;
        return t;
    }
    p->xnest++;
    lang_func *fn = pnew(p, sizeof *fn);
    fn->pos = pos;
    fn->sig = sig;
    fn->outer = p->curfn;
    fn->id = p->funcs.n;
    pvec_push(p, &p->funcs, fn);
    lang_func *saved = p->curfn;
    p->curfn = fn;
    fn->body = func_body(p, fn);
    p->curfn = saved;
    p->xnest--;
    lang_expr *e = new_expr(p, LANG_E_FUNC_LIT, pos);
    e->u.funclit.fn = fn;
    return e;
}

static lang_expr *operand(parser *p, bool keep_parens)
{
    switch (p->lx.tok) {
    case LANG_TOK_NAME:
        return name(p);
    case LANG_TOK_LITERAL:
        return literal(p);
    case LANG_TOK_LPAREN: {
        lang_pos pos = p->lx.pos;
        next(p);
        p->xnest++;
        lang_expr *x = expr(p);
        p->xnest--;
        want(p, LANG_TOK_RPAREN);
        (void)keep_parens;
        lang_expr *px = new_expr(p, LANG_E_PAREN, pos);
        px->u.paren.x = x;
        return px;
    }
    case LANG_TOK_FUNC:
        return func_lit_or_type(p);
    case LANG_TOK_LBRACK:
    case LANG_TOK_CHAN:
    case LANG_TOK_MAP:
    case LANG_TOK_STRUCT:
    case LANG_TOK_INTERFACE:
        return type_(p);
    default:
        syntax_error(p, "expecting expression");
        return NULL;
    }
}

typedef struct complit_ctx {
    pvec elts;
    pvec nl; /* uint8_t flags as pointers */
    uint32_t prev_line;
} complit_ctx;

static lang_expr *bare_complitexpr(parser *p);

static void complit_elem(parser *p, void *ctx)
{
    complit_ctx *c = ctx;
    uint32_t start = p->lx.pos.line;
    lang_expr *e = bare_complitexpr(p);
    if (p->lx.tok == LANG_TOK_COLON) {
        /* gc positions a key-value pair at its colon */
        lang_expr *kv = new_expr(p, LANG_E_KEYVALUE, p->lx.pos);
        next(p);
        kv->u.kv.key = e;
        kv->u.kv.value = bare_complitexpr(p);
        e = kv;
    }
    pvec_push(p, &c->elts, e);
    pvec_push(p, &c->nl, (void *)(uintptr_t)(start > c->prev_line));
    c->prev_line = p->prev_end_line;
}

static void fill_listfmt(parser *p, lang_listfmt *f, pvec *nl, uint32_t open_line,
                         uint32_t last_end, lang_pos close)
{
    bool any = false;
    for (uint32_t i = 0; i < nl->n; i++)
        if (nl->v[i])
            any = true;
    f->close_nl = nl->n > 0 && close.line > last_end;
    f->span = nl->n > 0 && last_end > open_line;
    if (!any)
        return;
    f->nl = pnew(p, nl->n);
    for (uint32_t i = 0; i < nl->n; i++)
        f->nl[i] = nl->v[i] != NULL;
}

static lang_expr *complitexpr(parser *p, lang_expr *type, lang_pos pos)
{
    enter(p);
    lang_expr *e = new_expr(p, LANG_E_COMPOSITE, pos);
    e->u.comp.texpr = type;
    e->u.comp.lbrace = p->lx.pos;
    p->xnest++;
    complit_ctx c = {{0}, {0}, p->lx.pos.line};
    want(p, LANG_TOK_LBRACE);
    lang_pos rb =
        plist(p, "composite literal", LANG_TOK_COMMA, LANG_TOK_RBRACE, complit_elem, &c, NULL);
    p->xnest--;
    e->u.comp.rbrace = rb;
    e->u.comp.elts = (lang_expr **)c.elts.v;
    e->u.comp.nelts = c.elts.n;
    fill_listfmt(p, &e->u.comp.fmt, &c.nl, e->u.comp.lbrace.line, c.prev_line, rb);
    leave(p);
    return e;
}

static lang_expr *bare_complitexpr(parser *p)
{
    if (p->lx.tok == LANG_TOK_LBRACE) {
        lang_pos pos = p->lx.pos;
        lang_expr *e = complitexpr(p, NULL, pos);
        unsupported(p, pos, "composite literal with elided type");
        lang_expr *b = bad_expr(p, pos, false);
        (void)e;
        return b;
    }
    return expr(p);
}

typedef struct args_ctx {
    pvec args;
    pvec nl;
    uint32_t prev_line;
    bool dots;
    lang_pos dots_pos;
} args_ctx;

static void arg_elem(parser *p, void *ctx)
{
    args_ctx *c = ctx;
    if (c->dots)
        syntax_error(p, "expecting )");
    uint32_t start = p->lx.pos.line;
    pvec_push(p, &c->args, expr(p));
    pvec_push(p, &c->nl, (void *)(uintptr_t)(start > c->prev_line));
    if (p->lx.tok == LANG_TOK_DOTDOTDOT) {
        c->dots = true;
        c->dots_pos = p->lx.pos;
        next(p);
    }
    c->prev_line = p->prev_end_line;
}

/* gc's pexpr: operand followed by selectors, calls, index expressions and
 * composite literal bodies. Each link of the chain counts as nesting. */
static lang_expr *pexpr(parser *p, lang_expr *x, bool keep_parens)
{
    uint32_t depth0 = p->depth;
    if (!x)
        x = operand(p, keep_parens);
    for (;;) {
        lang_pos pos = p->lx.pos;
        switch (p->lx.tok) {
        case LANG_TOK_DOT:
            enter(p);
            next(p);
            if (p->lx.tok == LANG_TOK_NAME) {
                lang_expr *s = new_expr(p, LANG_E_SELECTOR, x->pos);
                s->u.sel.dot_pos = pos;
                s->u.sel.x = x;
                s->u.sel.sel_pos = p->lx.pos;
                s->u.sel.sel = tok_text(p);
                next(p);
                x = s;
            } else if (p->lx.tok == LANG_TOK_LPAREN) {
                next(p);
                if (got(p, LANG_TOK_TYPE))
                    fatal_unsupported(p, pos, "type switch");
                type_(p);
                want(p, LANG_TOK_RPAREN);
                unsupported(p, pos, "type assertion");
                x = bad_expr(p, x->pos, false);
            } else {
                syntax_error(p, "expecting name or (");
            }
            break;
        case LANG_TOK_LBRACK: {
            enter(p);
            next(p);
            if (p->lx.tok == LANG_TOK_RBRACK)
                syntax_error(p, "expecting operand");
            bool is_slice = false;
            if (p->lx.tok != LANG_TOK_COLON) {
                p->xnest++;
                expr(p);
                while (got(p, LANG_TOK_COMMA))
                    if (p->lx.tok != LANG_TOK_RBRACK)
                        expr(p);
                p->xnest--;
            }
            if (p->lx.tok != LANG_TOK_RBRACK) {
                if (!got(p, LANG_TOK_COLON))
                    syntax_error(p, "expecting comma, : or ]");
                is_slice = true;
                p->xnest++;
                if (p->lx.tok != LANG_TOK_COLON && p->lx.tok != LANG_TOK_RBRACK)
                    expr(p);
                if (got(p, LANG_TOK_COLON) && p->lx.tok != LANG_TOK_RBRACK)
                    expr(p);
                p->xnest--;
            }
            want(p, LANG_TOK_RBRACK);
            unsupported(p, pos, is_slice ? "slice expression" : "index expression");
            x = bad_expr(p, x->pos, false);
            break;
        }
        case LANG_TOK_LPAREN: {
            enter(p);
            lang_expr *c = new_expr(p, LANG_E_CALL, x->pos);
            c->u.call.fun = x;
            c->u.call.lparen = pos;
            next(p);
            p->xnest++;
            args_ctx a = {{0}, {0}, pos.line, false, {0, 0}};
            lang_pos rp =
                plist(p, "argument list", LANG_TOK_COMMA, LANG_TOK_RPAREN, arg_elem, &a, NULL);
            p->xnest--;
            c->u.call.args = (lang_expr **)a.args.v;
            c->u.call.nargs = a.args.n;
            fill_listfmt(p, &c->u.call.fmt, &a.nl, pos.line, a.prev_line, rp);
            c->site = new_site(p, c->pos);
            if (a.dots)
                unsupported(p, a.dots_pos, "variadic call");
            x = c;
            break;
        }
        case LANG_TOK_LBRACE: {
            lang_expr *t = unparen(x);
            bool ok = false;
            switch (t->kind) {
            case LANG_E_IDENT:
            case LANG_E_SELECTOR:
                ok = p->xnest >= 0;
                break;
            case LANG_E_STRUCT_TYPE:
                ok = true;
                break;
            case LANG_E_BAD:
                ok = t->u.bad.is_type;
                break;
            default:
                break;
            }
            if (!ok)
                goto done;
            if (t != x)
                syntax_error(p, "cannot parenthesize type in composite literal");
            x = complitexpr(p, x, x->pos);
            if (t->kind == LANG_E_BAD)
                x = bad_expr(p, x->pos, false);
            break;
        }
        default:
            goto done;
        }
    }
done:
    p->depth = depth0;
    return x;
}

/* The inner <-chan of a re-associated <-(chan E). */
static lang_expr *unary_expr(parser *p)
{
    lang_expr *x;
    /* each unary operator is one level of nesting */
    enter(p);
    switch (p->lx.tok) {
    case LANG_TOK_OPERATOR:
    case LANG_TOK_STAR:
        switch (p->lx.op) {
        case LANG_OP_MUL: {
            x = new_expr(p, LANG_E_STAR, p->lx.pos);
            next(p);
            x->u.star.x = unary_expr(p);
            leave(p);
            return x;
        }
        case LANG_OP_ADD:
        case LANG_OP_SUB:
        case LANG_OP_NOT:
        case LANG_OP_XOR:
            x = new_expr(p, LANG_E_UNARY, p->lx.pos);
            x->u.unary.op = p->lx.op;
            next(p);
            x->u.unary.x = unary_expr(p);
            leave(p);
            return x;
        case LANG_OP_AND:
            x = new_expr(p, LANG_E_UNARY, p->lx.pos);
            x->u.unary.op = LANG_OP_AND;
            next(p);
            x->u.unary.x = unparen(unary_expr(p));
            leave(p);
            return x;
        case LANG_OP_NONE:
            if (p->lx.tok == LANG_TOK_OPERATOR) {
                lang_pos pos = p->lx.pos;
                next(p);
                unary_expr(p);
                unsupported(p, pos, "~ operator");
                leave(p);
                return bad_expr(p, pos, false);
            }
            break;
        default:
            break;
        }
        break;
    case LANG_TOK_ARROW: {
        lang_pos pos = p->lx.pos;
        next(p);
        lang_expr *y = unary_expr(p);
        if (y->kind == LANG_E_CHAN_TYPE) {
            lang_chandir dir = LANG_CHAN_SEND;
            lang_expr *t = y;
            while (dir == LANG_CHAN_SEND) {
                if (!t || t->kind != LANG_E_CHAN_TYPE)
                    break;
                dir = t->u.chantype.dir;
                if (dir == LANG_CHAN_RECV)
                    syntax_error(p, "unexpected <-, expecting chan");
                t->u.chantype.dir = LANG_CHAN_RECV;
                t = t->u.chantype.elem;
            }
            if (dir == LANG_CHAN_SEND) {
                lang_buf b = {0};
                lang__buf_puts(&b, "unexpected ");
                lang__str_expr(&b, t);
                lang__buf_puts(&b, ", expecting chan");
                syntax_error(p, b.data);
            }
            y->pos = pos;
            leave(p);
            return y;
        }
        x = new_expr(p, LANG_E_UNARY, pos);
        x->u.unary.op = LANG_OP_RECV;
        x->u.unary.x = y;
        leave(p);
        return x;
    }
    default:
        break;
    }
    leave(p);
    x = pexpr(p, NULL, true);
    return x;
}

/* gc's binaryExpr; every operator of a chain counts as one nesting level. */
static lang_expr *binary_expr(parser *p, lang_expr *x, int prec)
{
    uint32_t depth0 = p->depth;
    if (!x)
        x = unary_expr(p);
    while ((p->lx.tok == LANG_TOK_OPERATOR || p->lx.tok == LANG_TOK_STAR) && p->lx.prec > prec) {
        enter(p);
        lang_expr *t = new_expr(p, LANG_E_BINARY, x->pos);
        t->u.binary.op_pos = p->lx.pos;
        t->u.binary.op = p->lx.op;
        int tprec = p->lx.prec;
        next(p);
        t->u.binary.x = x;
        t->u.binary.y = binary_expr(p, NULL, tprec);
        x = t;
    }
    p->depth = depth0;
    return x;
}

static lang_expr *expr(parser *p)
{
    enter(p);
    lang_expr *x = binary_expr(p, NULL, 0);
    leave(p);
    return x;
}

/* ------------------------------------------------------------ statements */

static lang_stmt *new_assign(parser *p, lang_pos pos, lang_op op, lang_pos op_pos, elist lhs,
                             elist rhs)
{
    lang_stmt *s = new_stmt(p, LANG_S_ASSIGN, pos);
    s->u.assign.op = op;
    s->u.assign.op_pos = op_pos;
    s->u.assign.lhs = lhs.v;
    s->u.assign.nlhs = lhs.n;
    s->u.assign.rhs = rhs.v;
    s->u.assign.nrhs = rhs.n;
    return s;
}

static elist one(parser *p, lang_expr *x)
{
    elist l;
    l.v = pnew(p, sizeof *l.v);
    l.v[0] = x;
    l.n = 1;
    return l;
}

/* A range clause parsed by simple_stmt: an S_RANGE without body. */
static lang_stmt *new_range(parser *p, lang_pos pos, elist *lhs, bool def)
{
    lang_stmt *s = new_stmt(p, LANG_S_RANGE, pos);
    next(p); /* range */
    if (lhs) {
        s->u.range.key = lhs->v[0];
        if (lhs->n > 1)
            s->u.range.value = lhs->v[1];
        if (lhs->n > 2)
            unsupported(p, lhs->v[2]->pos, "range with more than two variables");
    }
    s->u.range.define = def;
    s->u.range.x = expr(p);
    return s;
}

/* gc's simpleStmt. keyword is FOR when a range clause is allowed. */
static lang_stmt *simple_stmt(parser *p, elist *lhs_in, lang_tok keyword)
{
    if (keyword == LANG_TOK_FOR && p->lx.tok == LANG_TOK_RANGE)
        return new_range(p, p->lx.pos, NULL, false);
    elist lhs;
    if (lhs_in)
        lhs = *lhs_in;
    else
        lhs = expr_list(p);
    lang_pos start = lhs.v[0]->pos;
    if (lhs.n == 1 && p->lx.tok != LANG_TOK_ASSIGN && p->lx.tok != LANG_TOK_DEFINE) {
        lang_pos pos = p->lx.pos;
        switch (p->lx.tok) {
        case LANG_TOK_ASSIGNOP: {
            lang_op op = p->lx.op;
            next(p);
            return new_assign(p, start, op, pos, lhs, one(p, expr(p)));
        }
        case LANG_TOK_INCOP: {
            lang_stmt *s = new_stmt(p, LANG_S_INCDEC, start);
            s->u.incdec.op_pos = pos;
            s->u.incdec.op = p->lx.op == LANG_OP_ADD ? LANG_OP_INC : LANG_OP_DEC;
            s->u.incdec.x = lhs.v[0];
            next(p);
            return s;
        }
        case LANG_TOK_ARROW: {
            lang_stmt *s = new_stmt(p, LANG_S_SEND, start);
            s->u.send.op_pos = pos;
            next(p);
            s->u.send.chan = lhs.v[0];
            s->u.send.value = expr(p);
            return s;
        }
        default: {
            lang_stmt *s = new_stmt(p, LANG_S_EXPR, start);
            s->u.expr.x = lhs.v[0];
            return s;
        }
        }
    }
    if (p->lx.tok == LANG_TOK_ASSIGN || p->lx.tok == LANG_TOK_DEFINE) {
        lang_pos pos = p->lx.pos;
        lang_op op = p->lx.tok == LANG_TOK_DEFINE ? LANG_OP_DEFINE : LANG_OP_ASSIGN;
        next(p);
        if (keyword == LANG_TOK_FOR && p->lx.tok == LANG_TOK_RANGE)
            return new_range(p, start, &lhs, op == LANG_OP_DEFINE);
        elist rhs = expr_list(p);
        return new_assign(p, start, op, pos, lhs, rhs);
    }
    syntax_error(p, "expecting := or = or comma");
    return NULL;
}

/* The position gc gives a simple statement (the operator's for
 * assignments, sends and inc/dec statements). */
static lang_pos gc_stmt_pos(const lang_stmt *s)
{
    switch (s->kind) {
    case LANG_S_ASSIGN:
        return s->u.assign.op_pos;
    case LANG_S_SEND:
        return s->u.send.op_pos;
    case LANG_S_INCDEC:
        return s->u.incdec.op_pos;
    default:
        return s->pos;
    }
}

/* gc's header(): init; cond; post for if, switch and for. */
static void header(parser *p, lang_tok keyword, lang_stmt **init, lang_expr **cond,
                   lang_stmt **post, bool *semis)
{
    *init = NULL;
    *cond = NULL;
    if (post)
        *post = NULL;
    want(p, keyword);
    if (p->lx.tok == LANG_TOK_LBRACE) {
        if (keyword == LANG_TOK_IF)
            syntax_error(p, "missing condition in if statement");
        return;
    }
    int outer = p->xnest;
    p->xnest = -1;
    if (p->lx.tok != LANG_TOK_SEMI) {
        if (p->lx.tok == LANG_TOK_VAR) {
            char msg[80];
            snprintf(msg, sizeof msg, "var declaration not allowed in %s initializer",
                     lang__lex_tokstring(keyword));
            next(p);
            syntax_error(p, msg);
        }
        *init = simple_stmt(p, NULL, keyword);
        if ((*init)->kind == LANG_S_RANGE) {
            p->xnest = outer;
            return;
        }
    }
    lang_stmt *cond_stmt = NULL;
    lang_pos semi_pos = {0, 0};
    const char *semi_lit = NULL;
    if (p->lx.tok != LANG_TOK_LBRACE) {
        if (p->lx.tok == LANG_TOK_SEMI) {
            semi_pos = p->lx.pos;
            semi_lit = p->lx.lit; /* "semicolon", "newline" or "EOF" */
            next(p);
        } else {
            want(p, LANG_TOK_LBRACE);
        }
        if (semis)
            *semis = true;
        if (keyword == LANG_TOK_FOR) {
            if (p->lx.tok != LANG_TOK_SEMI) {
                if (p->lx.tok == LANG_TOK_LBRACE)
                    syntax_error(p, "expecting for loop condition");
                cond_stmt = simple_stmt(p, NULL, LANG_TOK_EOF);
            }
            want(p, LANG_TOK_SEMI);
            if (p->lx.tok != LANG_TOK_LBRACE) {
                *post = simple_stmt(p, NULL, LANG_TOK_EOF);
                if ((*post)->kind == LANG_S_ASSIGN && (*post)->u.assign.op == LANG_OP_DEFINE)
                    syntax_error_at(p, gc_stmt_pos(*post),
                                    "cannot declare in post statement of for loop");
            }
        } else if (p->lx.tok != LANG_TOK_LBRACE) {
            cond_stmt = simple_stmt(p, NULL, keyword);
        }
    } else {
        cond_stmt = *init;
        *init = NULL;
    }
    if (!cond_stmt) {
        if (keyword == LANG_TOK_IF && semi_pos.line) {
            if (strcmp(semi_lit, "semicolon") != 0) {
                lang__err_at(p->errs, semi_pos,
                             "syntax error: unexpected %s, expecting { after if clause", semi_lit);
                bail(p);
            }
            syntax_error_at(p, semi_pos, "missing condition in if statement");
        }
    } else if (cond_stmt->kind == LANG_S_EXPR) {
        *cond = cond_stmt->u.expr.x;
    } else {
        lang_buf b = {0};
        if (cond_stmt->kind == LANG_S_ASSIGN && cond_stmt->u.assign.op == LANG_OP_ASSIGN) {
            lang__buf_puts(&b, "cannot use assignment (");
            lang__str_list(&b, cond_stmt->u.assign.lhs, cond_stmt->u.assign.nlhs);
            lang__buf_puts(&b, ") = (");
            lang__str_list(&b, cond_stmt->u.assign.rhs, cond_stmt->u.assign.nrhs);
            lang__buf_puts(&b, ") as value");
        } else {
            lang__buf_puts(&b, "cannot use ");
            lang__str_stmt(&b, cond_stmt);
            lang__buf_puts(&b, " as value");
        }
        lang__err_at(p->errs, gc_stmt_pos(cond_stmt), "syntax error: %s", b.data);
        lang__buf_free(&b);
        bail(p);
    }
    p->xnest = outer;
}

static lang_stmt **stmt_list(parser *p, uint32_t *n);

static lang_block *block_stmt(parser *p, const char *context)
{
    lang_block *b = pnew(p, sizeof *b);
    b->lbrace = p->lx.pos;
    if (!got(p, LANG_TOK_LBRACE)) {
        char msg[64];
        snprintf(msg, sizeof msg, "expecting { after %s", context);
        syntax_error(p, msg);
    }
    enter(p);
    b->stmts = stmt_list(p, &b->n);
    leave(p);
    b->rbrace = p->lx.pos;
    b->rbrace_blank = p->lx.blank_before;
    b->one_line = b->rbrace.line == b->lbrace.line;
    want(p, LANG_TOK_RBRACE);
    return b;
}

static lang_stmt *if_stmt(parser *p)
{
    lang_stmt *s = new_stmt(p, LANG_S_IF, p->lx.pos);
    header(p, LANG_TOK_IF, &s->u.ifs.init, &s->u.ifs.cond, NULL, NULL);
    s->u.ifs.then = block_stmt(p, "if clause");
    if (got(p, LANG_TOK_ELSE)) {
        if (p->lx.tok == LANG_TOK_IF) {
            /* an else-if chain nests like blocks do */
            enter(p);
            s->u.ifs.els = if_stmt(p);
            leave(p);
        } else if (p->lx.tok == LANG_TOK_LBRACE) {
            lang_stmt *b = new_stmt(p, LANG_S_BLOCK, p->lx.pos);
            b->u.block.body = block_stmt(p, "");
            s->u.ifs.els = b;
        } else {
            syntax_error(p, "else must be followed by if or statement block");
        }
    }
    return s;
}

static lang_stmt *for_stmt(parser *p)
{
    lang_pos pos = p->lx.pos;
    lang_stmt *init, *post;
    lang_expr *cond;
    bool semis = false;
    header(p, LANG_TOK_FOR, &init, &cond, &post, &semis);
    lang_stmt *s;
    if (init && init->kind == LANG_S_RANGE) {
        s = init;
        s->pos = pos;
        *(lang_pos *)p->sites.v[s->site - 1] = pos;
        s->u.range.body = block_stmt(p, "for clause");
    } else {
        s = new_stmt(p, LANG_S_FOR, pos);
        s->u.fors.init = init;
        s->u.fors.cond = cond;
        s->u.fors.post = post;
        s->u.fors.semis = semis;
        s->u.fors.body = block_stmt(p, "for clause");
    }
    return s;
}

static lang_stmt *switch_stmt(parser *p)
{
    lang_stmt *s = new_stmt(p, LANG_S_SWITCH, p->lx.pos);
    header(p, LANG_TOK_SWITCH, &s->u.sw.init, &s->u.sw.tag, NULL, NULL);
    if (!got(p, LANG_TOK_LBRACE))
        syntax_error(p, "missing { after switch clause");
    pvec cases = {0};
    while (p->lx.tok != LANG_TOK_EOF && p->lx.tok != LANG_TOK_RBRACE) {
        lang_case *c = pnew(p, sizeof *c);
        c->pos = p->lx.pos;
        c->blank_before = p->lx.blank_before;
        if (p->lx.tok == LANG_TOK_CASE) {
            next(p);
            elist l = expr_list(p);
            c->exprs = l.v;
            c->nexprs = l.n;
        } else if (p->lx.tok == LANG_TOK_DEFAULT) {
            next(p);
            c->is_default = true;
        } else {
            syntax_error(p, "expecting case or default or }");
        }
        want(p, LANG_TOK_COLON);
        enter(p);
        c->body = stmt_list(p, &c->nbody);
        leave(p);
        pvec_push(p, &cases, c);
    }
    s->u.sw.rbrace = p->lx.pos;
    s->u.sw.rbrace_blank = p->lx.blank_before;
    want(p, LANG_TOK_RBRACE);
    s->u.sw.ncases = cases.n;
    s->u.sw.cases = pnew(p, (cases.n + 1) * sizeof(lang_case));
    for (uint32_t i = 0; i < cases.n; i++)
        s->u.sw.cases[i] = *(lang_case *)cases.v[i];
    return s;
}

static lang_stmt *select_stmt(parser *p)
{
    lang_stmt *s = new_stmt(p, LANG_S_SELECT, p->lx.pos);
    want(p, LANG_TOK_SELECT);
    if (!got(p, LANG_TOK_LBRACE))
        syntax_error(p, "missing { after select clause");
    pvec cases = {0};
    while (p->lx.tok != LANG_TOK_EOF && p->lx.tok != LANG_TOK_RBRACE) {
        lang_comm *c = pnew(p, sizeof *c);
        c->pos = p->lx.pos;
        c->blank_before = p->lx.blank_before;
        if (p->lx.tok == LANG_TOK_CASE) {
            next(p);
            c->comm = simple_stmt(p, NULL, LANG_TOK_EOF);
        } else if (p->lx.tok == LANG_TOK_DEFAULT) {
            next(p);
            c->kind = LANG_COMM_DEFAULT;
        } else {
            syntax_error(p, "expecting case or default or }");
        }
        want(p, LANG_TOK_COLON);
        enter(p);
        c->body = stmt_list(p, &c->nbody);
        leave(p);
        pvec_push(p, &cases, c);
    }
    s->u.sel.rbrace = p->lx.pos;
    s->u.sel.rbrace_blank = p->lx.blank_before;
    want(p, LANG_TOK_RBRACE);
    s->u.sel.ncases = cases.n;
    s->u.sel.cases = pnew(p, (cases.n + 1) * sizeof(lang_comm));
    for (uint32_t i = 0; i < cases.n; i++)
        s->u.sel.cases[i] = *(lang_comm *)cases.v[i];
    return s;
}

/* The position gc's parser gives an expression node (not its start):
 * the dot of a selector, the operator of a binary expression, the { of a
 * composite literal. */
static lang_pos gc_node_pos(const lang_expr *x)
{
    switch (x->kind) {
    case LANG_E_SELECTOR:
        return x->u.sel.dot_pos;
    case LANG_E_BINARY:
        return x->u.binary.op_pos;
    case LANG_E_COMPOSITE:
        return x->u.comp.lbrace;
    case LANG_E_CALL:
        return x->u.call.lparen;
    default:
        return x->pos;
    }
}

static lang_stmt *call_stmt(parser *p)
{
    lang_tok tok = p->lx.tok;
    const char *kw = tok == LANG_TOK_GO ? "go" : "defer";
    lang_stmt *s = new_stmt(p, tok == LANG_TOK_GO ? LANG_S_GO : LANG_S_DEFER, p->lx.pos);
    next(p);
    lang_expr *x = pexpr(p, NULL, p->lx.tok == LANG_TOK_LPAREN);
    lang_expr *t = unparen(x);
    if (t != x) {
        soft_error(p, x->pos, "expression in %s must not be parenthesized", kw);
        x = t;
    }
    if (x->kind != LANG_E_CALL) {
        soft_error(p, gc_node_pos(x), "expression in %s must be function call", kw);
        lang_expr *c = new_expr(p, LANG_E_CALL, x->pos);
        c->u.call.fun = x;
        c->u.call.lparen = x->pos;
        c->site = new_site(p, x->pos);
        x = c;
    }
    s->u.godefer.call = x;
    return s;
}

/* ------------------------------------------------------------ declarations */

typedef lang_spec *(*spec_fn)(parser *p, lang_decl *d);

typedef struct group_ctx {
    lang_decl *d;
    spec_fn fn;
    pvec specs;
} group_ctx;

static void group_elem(parser *p, void *ctx)
{
    group_ctx *c = ctx;
    bool blank = p->lx.blank_before;
    lang_spec *s = c->fn(p, c->d);
    if (s) {
        s->blank_before = blank;
        pvec_push(p, &c->specs, s);
    }
}

/* gc's appendGroup: f | "(" { f ";" } ")". */
static void go_parser_expected(parser *p, const char *what);

static void append_group(parser *p, lang_decl *d, spec_fn fn)
{
    group_ctx c = {d, fn, {0}};
    if (p->lx.tok == LANG_TOK_LPAREN) {
        d->grouped = true;
        next(p);
        if (d->kind == LANG_D_IMPORT) {
            /* go/parser's rules for the import section */
            while (p->lx.tok != LANG_TOK_EOF && p->lx.tok != LANG_TOK_RPAREN) {
                group_elem(p, &c);
                if (p->lx.tok != LANG_TOK_RPAREN && !got(p, LANG_TOK_SEMI))
                    go_parser_expected(p, "';'");
            }
            d->rparen_blank = p->lx.blank_before;
            if (!got(p, LANG_TOK_RPAREN))
                go_parser_expected(p, "')'");
        } else {
            plist(p, "grouped declaration", LANG_TOK_SEMI, LANG_TOK_RPAREN, group_elem, &c,
                  &d->rparen_blank);
        }
    } else {
        lang_spec *s = fn(p, d);
        if (s)
            pvec_push(p, &c.specs, s);
    }
    d->specs = (lang_spec **)c.specs.v;
    d->nspecs = c.specs.n;
}

static void go_parser_expected(parser *p, const char *what);

static lang_spec *import_spec(parser *p, lang_decl *d)
{
    (void)d;
    lang_spec *s = pnew(p, sizeof *s);
    s->pos = p->lx.pos;
    if (p->lx.tok == LANG_TOK_NAME) {
        s->import_name = tok_text(p);
        next(p);
    } else if (p->lx.tok == LANG_TOK_DOT) {
        s->import_name = ".";
        next(p);
    }
    /* the go command reads imports with go/parser before the compiler runs */
    if (p->lx.tok != LANG_TOK_LITERAL || (p->lx.kind != LANG_LEX_STRING && !p->lx.bad))
        go_parser_expected(p, "'STRING'");
    s->path = tok_text(p);
    if (p->lx.bad)
        s->path = NULL;
    s->path_pos = p->lx.pos;
    next(p);
    return s;
}

static void name_list(parser *p, lang_spec *s)
{
    pvec v = {0};
    pvec_push(p, &v, name(p));
    while (got(p, LANG_TOK_COMMA))
        pvec_push(p, &v, name(p));
    s->nnames = v.n;
    s->names = pnew(p, v.n * sizeof *s->names);
    s->name_pos = pnew(p, v.n * sizeof *s->name_pos);
    for (uint32_t i = 0; i < v.n; i++) {
        lang_expr *n = v.v[i];
        s->names[i] = n->u.ident.name;
        s->name_pos[i] = n->pos;
    }
}

static bool got_assign(parser *p)
{
    if (p->lx.tok == LANG_TOK_DEFINE)
        syntax_error(p, "expecting =");
    return got(p, LANG_TOK_ASSIGN);
}

static lang_spec *const_spec(parser *p, lang_decl *d)
{
    (void)d;
    lang_spec *s = pnew(p, sizeof *s);
    s->pos = p->lx.pos;
    name_list(p, s);
    if (p->lx.tok != LANG_TOK_EOF && p->lx.tok != LANG_TOK_SEMI && p->lx.tok != LANG_TOK_RPAREN) {
        s->texpr = type_or_nil(p);
        if (got_assign(p)) {
            elist l = expr_list(p);
            s->values = l.v;
            s->nvalues = l.n;
        }
    }
    return s;
}

static lang_spec *var_spec(parser *p, lang_decl *d)
{
    (void)d;
    lang_spec *s = pnew(p, sizeof *s);
    s->pos = p->lx.pos;
    name_list(p, s);
    if (got_assign(p)) {
        elist l = expr_list(p);
        s->values = l.v;
        s->nvalues = l.n;
    } else {
        s->texpr = type_(p);
        if (got_assign(p)) {
            elist l = expr_list(p);
            s->values = l.v;
            s->nvalues = l.n;
        }
    }
    return s;
}

static lang_spec *type_spec(parser *p, lang_decl *d)
{
    (void)d;
    lang_spec *s = pnew(p, sizeof *s);
    s->pos = p->lx.pos;
    lang_typedecl *td = pnew(p, sizeof *td);
    s->tdecl = td;
    td->pos = p->lx.pos;
    lang_expr *nm = name(p);
    td->name = nm->u.ident.name;
    if (p->lx.tok == LANG_TOK_LBRACK) {
        lang_pos pos = p->lx.pos;
        next(p);
        if (got(p, LANG_TOK_RBRACK)) {
            type_(p);
            unsupported(p, pos, "slice type");
            td->texpr = bad_expr(p, pos, true);
            return s;
        }
        fatal_unsupported(p, pos, "type parameters or array type");
    }
    lang_pos apos = p->lx.pos;
    bool alias = got_assign(p);
    td->texpr = type_or_nil(p);
    if (!td->texpr)
        syntax_error(p, "in type declaration");
    if (alias) {
        unsupported(p, apos, "type alias");
        td->texpr = bad_expr(p, td->texpr->pos, true);
    }
    return s;
}

static lang_decl *new_decl(parser *p, lang_dkind k)
{
    lang_decl *d = pnew(p, sizeof *d);
    d->kind = k;
    d->pos = p->lx.pos;
    d->blank_before = p->lx.blank_before;
    return d;
}

static lang_decl *decl_group(parser *p, lang_dkind k, spec_fn fn)
{
    lang_decl *d = new_decl(p, k);
    next(p); /* keyword */
    append_group(p, d, fn);
    return d;
}

static lang_decl *func_decl(parser *p)
{
    lang_decl *d = new_decl(p, LANG_D_FUNC);
    lang_func *fn = pnew(p, sizeof *fn);
    d->fn = fn;
    fn->pos = p->lx.pos;
    next(p); /* func */
    if (got(p, LANG_TOK_LPAREN)) {
        lang_field_group *g;
        uint32_t ng;
        param_list(p, LANG_TOK_RPAREN, &g, &ng);
        lang_pos rpos = p->lx.pos; /* gc reports at the token after the receiver */
        uint32_t nrecv = 0;
        for (uint32_t i = 0; i < ng; i++)
            nrecv += g[i].nnames ? g[i].nnames : 1;
        if (nrecv == 0) {
            soft_error(p, rpos, "method has no receiver");
        } else {
            if (nrecv > 1)
                soft_error(p, rpos, "method has multiple receivers");
            fn->recv = &g[0];
        }
    }
    if (p->lx.tok != LANG_TOK_NAME)
        syntax_error(p, "expecting name or (");
    fn->name_pos = p->lx.pos;
    fn->name = tok_text(p);
    next(p);
    func_type(p, &fn->sig, fn->recv ? "method" : "");
    fn->id = p->funcs.n;
    pvec_push(p, &p->funcs, fn);
    if (p->lx.tok == LANG_TOK_LBRACE) {
        p->curfn = fn;
        fn->body = func_body(p, fn);
        p->curfn = NULL;
    }
    return d;
}

/* ------------------------------------------------------------ statements (cont.) */

static lang_stmt *labeled_stmt(parser *p, lang_expr *label)
{
    lang_stmt *s = new_stmt(p, LANG_S_LABELED, label->pos);
    s->u.labeled.label = label->u.ident.name;
    lang_pos colon = p->lx.pos;
    want(p, LANG_TOK_COLON);
    if (p->lx.tok == LANG_TOK_RBRACE) {
        s->u.labeled.stmt = new_stmt(p, LANG_S_EMPTY, p->lx.pos);
        return s;
    }
    s->u.labeled.stmt = stmt_or_nil(p);
    if (!s->u.labeled.stmt)
        syntax_error_at(p, colon, "missing statement after label");
    return s;
}

static lang_stmt *decl_stmt(parser *p, lang_dkind k, spec_fn fn)
{
    lang_pos pos = p->lx.pos;
    lang_decl *d = decl_group(p, k, fn);
    lang_stmt *s;
    if (k == LANG_D_TYPE) {
        unsupported(p, pos, "type declaration inside a function");
        s = new_stmt(p, LANG_S_BAD, pos);
    } else {
        s = new_stmt(p, k == LANG_D_VAR ? LANG_S_VAR : LANG_S_CONST, pos);
        s->u.decl.decl = d;
    }
    return s;
}

/* gc's stmtOrNil. */
static lang_stmt *stmt_or_nil(parser *p)
{
    lang_stmt *s = NULL;
    lang_pos pos = p->lx.pos;
    if (p->lx.tok == LANG_TOK_NAME) {
        elist lhs = expr_list(p);
        if (lhs.n == 1 && lhs.v[0]->kind == LANG_E_IDENT && p->lx.tok == LANG_TOK_COLON) {
            /* chains of labels nest */
            enter(p);
            s = labeled_stmt(p, lhs.v[0]);
            leave(p);
        } else {
            s = simple_stmt(p, &lhs, LANG_TOK_EOF);
        }
        return s;
    }
    switch (p->lx.tok) {
    case LANG_TOK_VAR:
        s = decl_stmt(p, LANG_D_VAR, var_spec);
        break;
    case LANG_TOK_CONST:
        s = decl_stmt(p, LANG_D_CONST, const_spec);
        break;
    case LANG_TOK_TYPE:
        s = decl_stmt(p, LANG_D_TYPE, type_spec);
        break;
    case LANG_TOK_LBRACE:
        s = new_stmt(p, LANG_S_BLOCK, pos);
        s->u.block.body = block_stmt(p, "");
        break;
    case LANG_TOK_OPERATOR:
    case LANG_TOK_STAR:
        switch (p->lx.op) {
        case LANG_OP_ADD:
        case LANG_OP_SUB:
        case LANG_OP_MUL:
        case LANG_OP_AND:
        case LANG_OP_XOR:
        case LANG_OP_NOT:
            s = simple_stmt(p, NULL, LANG_TOK_EOF);
            break;
        default:
            break;
        }
        break;
    case LANG_TOK_LITERAL:
    case LANG_TOK_FUNC:
    case LANG_TOK_LPAREN:
    case LANG_TOK_LBRACK:
    case LANG_TOK_STRUCT:
    case LANG_TOK_MAP:
    case LANG_TOK_CHAN:
    case LANG_TOK_INTERFACE:
    case LANG_TOK_ARROW:
        s = simple_stmt(p, NULL, LANG_TOK_EOF);
        break;
    case LANG_TOK_FOR:
        s = for_stmt(p);
        break;
    case LANG_TOK_SWITCH:
        s = switch_stmt(p);
        break;
    case LANG_TOK_SELECT:
        s = select_stmt(p);
        break;
    case LANG_TOK_IF:
        s = if_stmt(p);
        break;
    case LANG_TOK_FALLTHROUGH:
        s = new_stmt(p, LANG_S_FALLTHROUGH, pos);
        next(p);
        break;
    case LANG_TOK_BREAK:
    case LANG_TOK_CONTINUE:
        s = new_stmt(p, p->lx.tok == LANG_TOK_BREAK ? LANG_S_BREAK : LANG_S_CONTINUE, pos);
        next(p);
        if (p->lx.tok == LANG_TOK_NAME) {
            s->u.branch.label_pos = p->lx.pos;
            s->u.branch.label = tok_text(p);
            next(p);
        }
        break;
    case LANG_TOK_GO:
    case LANG_TOK_DEFER:
        s = call_stmt(p);
        break;
    case LANG_TOK_GOTO: {
        s = new_stmt(p, LANG_S_BAD, pos);
        next(p);
        lang_expr *l = name(p);
        s->u.branch.label = l->u.ident.name;
        s->u.branch.label_pos = l->pos;
        unsupported(p, pos, "goto");
        break;
    }
    case LANG_TOK_RETURN: {
        s = new_stmt(p, LANG_S_RETURN, pos);
        next(p);
        if (p->lx.tok != LANG_TOK_SEMI && p->lx.tok != LANG_TOK_RBRACE) {
            elist l = expr_list(p);
            s->u.ret.results = l.v;
            s->u.ret.nresults = l.n;
        }
        break;
    }
    case LANG_TOK_SEMI:
        s = new_stmt(p, LANG_S_EMPTY, pos);
        break;
    default:
        break;
    }
    return s;
}

static lang_stmt **stmt_list(parser *p, uint32_t *n)
{
    pvec v = {0};
    while (p->lx.tok != LANG_TOK_EOF && p->lx.tok != LANG_TOK_RBRACE &&
           p->lx.tok != LANG_TOK_CASE && p->lx.tok != LANG_TOK_DEFAULT) {
        bool blank = p->lx.blank_before;
        lang_stmt *s = stmt_or_nil(p);
        if (!s)
            break;
        s->blank_before = blank;
        if (s->kind != LANG_S_EMPTY)
            pvec_push(p, &v, s);
        if (!got(p, LANG_TOK_SEMI) && p->lx.tok != LANG_TOK_RBRACE)
            syntax_error(p, "at end of statement");
    }
    *n = v.n;
    return (lang_stmt **)v.v;
}

/* ------------------------------------------------------------ branches */

/* gc's checkBranches (syntax/branches.go): label and break/continue/
 * fallthrough rules, reported without stopping; also links every break
 * and continue to the statement it leaves or continues. */
typedef struct blabel {
    const char *name;
    lang_stmt *lstmt; /* the S_LABELED */
    bool used;
} blabel;

typedef struct bscope {
    blabel *labels;
    uint32_t n, cap;
    uint32_t *index; /* hash of labels by name: label index + 1, 0 = empty */
    uint32_t index_size;
    parser *p;
} bscope;

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

typedef struct bblock {
    const struct bblock *parent;
    lang_stmt *lstmt; /* labeled statement whose body this block is, or NULL */
} bblock;

typedef struct btargets {
    lang_stmt *breaks;    /* FOR, RANGE, SWITCH, SELECT, or NULL */
    lang_stmt *continues; /* FOR or RANGE, or NULL */
    int case_index;       /* index of the enclosing switch case, or -1 */
    lang_stmt *sw;        /* the switch of case_index */
} btargets;

static blabel *bfind(bscope *ls, const char *name)
{
    if (!ls->index_size)
        return NULL;
    for (uint32_t h = name_hash(name) & (ls->index_size - 1); ls->index[h];
         h = (h + 1) & (ls->index_size - 1))
        if (strcmp(ls->labels[ls->index[h] - 1].name, name) == 0)
            return &ls->labels[ls->index[h] - 1];
    return NULL;
}

static void bindex(bscope *ls, uint32_t i)
{
    uint32_t h = name_hash(ls->labels[i].name) & (ls->index_size - 1);
    while (ls->index[h])
        h = (h + 1) & (ls->index_size - 1);
    ls->index[h] = i + 1;
}

static blabel *bdeclare(bscope *ls, lang_stmt *s)
{
    const char *name = s->u.labeled.label;
    blabel *alt = bfind(ls, name);
    if (alt) {
        lang__err_at(ls->p->errs, s->pos, "label %s already defined at %s:%u:%u", name,
                     ls->p->errs->filename, alt->lstmt->pos.line, alt->lstmt->pos.col);
        return alt;
    }
    if (ls->n == ls->cap) {
        uint32_t cap = ls->cap ? ls->cap * 2 : 4;
        blabel *nl = lang__arena_alloc(ls->p->a, cap * sizeof *nl);
        if (ls->n)
            memcpy(nl, ls->labels, ls->n * sizeof *nl);
        ls->labels = nl;
        ls->cap = cap;
    }
    blabel *l = &ls->labels[ls->n++];
    l->name = name;
    l->lstmt = s;
    l->used = false;
    if (ls->n * 2 > ls->index_size) {
        ls->index_size = ls->index_size ? ls->index_size * 2 : 16;
        ls->index = lang__arena_alloc(ls->p->a, ls->index_size * sizeof *ls->index);
        for (uint32_t i = 0; i < ls->n; i++)
            bindex(ls, i);
    } else {
        bindex(ls, ls->n - 1);
    }
    return l;
}

static void bblock_stmts(bscope *ls, const bblock *parent, btargets ctxt, lang_stmt *lstmt,
                         lang_stmt **list, uint32_t n);

/* The statement a labeled statement labels, through nested labels. */
static lang_stmt *unlabel(lang_stmt *s)
{
    while (s && s->kind == LANG_S_LABELED)
        s = s->u.labeled.stmt;
    return s;
}

static void bbranch(bscope *ls, const bblock *b, btargets ctxt, lang_stmt *s, uint32_t idx,
                    uint32_t n)
{
    lang_errs *errs = ls->p->errs;
    if (s->kind == LANG_S_FALLTHROUGH) {
        const char *msg = "fallthrough statement out of place";
        if (ctxt.breaks && ctxt.breaks->kind == LANG_S_SWITCH && ctxt.sw == ctxt.breaks) {
            if (ctxt.case_index < 0 || idx + 1 < n) {
                /* nested in a block or not the last statement */
            } else if ((uint32_t)ctxt.case_index + 1 == ctxt.sw->u.sw.ncases) {
                msg = "cannot fallthrough final case in switch";
            } else {
                s->u.branch.target = ctxt.sw;
                return;
            }
        }
        lang__err_at(errs, s->pos, "%s", msg);
        return;
    }
    const char *name = s->u.branch.label;
    if (!name) {
        if (s->kind == LANG_S_BREAK) {
            if (ctxt.breaks)
                s->u.branch.target = ctxt.breaks;
            else
                lang__err_at(errs, s->pos, "break is not in a loop, switch, or select");
        } else {
            if (ctxt.continues)
                s->u.branch.target = ctxt.continues;
            else
                lang__err_at(errs, s->pos, "continue is not in a loop");
        }
        return;
    }
    blabel *l = bfind(ls, name);
    lang_stmt *t = NULL;
    bool invalid = false;
    if (l) {
        l->used = true;
        for (; b; b = b->parent)
            if (b->lstmt == l->lstmt) {
                t = l->lstmt;
                break;
            }
        if (!t)
            invalid = true;
    }
    const char *kw = s->kind == LANG_S_BREAK ? "break" : "continue";
    if (!l) {
        lang__err_at(errs, s->u.branch.label_pos, "%s label not defined: %s", kw, name);
        return;
    }
    lang_stmt *inner = t ? unlabel(t) : NULL;
    if (s->kind == LANG_S_BREAK) {
        if (!invalid && inner &&
            (inner->kind == LANG_S_FOR || inner->kind == LANG_S_RANGE ||
             inner->kind == LANG_S_SWITCH || inner->kind == LANG_S_SELECT)) {
            s->u.branch.target = inner;
            return;
        }
        lang__err_at(errs, s->u.branch.label_pos, "invalid break label %s", name);
    } else {
        if (!invalid && inner && (inner->kind == LANG_S_FOR || inner->kind == LANG_S_RANGE)) {
            s->u.branch.target = inner;
            return;
        }
        lang__err_at(errs, s->u.branch.label_pos, "invalid continue label %s", name);
    }
}

static void bblock_stmts(bscope *ls, const bblock *parent, btargets ctxt, lang_stmt *lstmt,
                         lang_stmt **list, uint32_t n)
{
    bblock b = {parent, lstmt};
    for (uint32_t i = 0; i < n; i++) {
        lang_stmt *s = list[i];
        lstmt = NULL;
        while (s->kind == LANG_S_LABELED) {
            if (strcmp(s->u.labeled.label, "_") != 0) {
                bdeclare(ls, s);
                lstmt = s;
            }
            s = s->u.labeled.stmt;
        }
        btargets inner = {ctxt.breaks, ctxt.continues, -1, NULL};
        switch (s->kind) {
        case LANG_S_BREAK:
        case LANG_S_CONTINUE:
        case LANG_S_FALLTHROUGH:
            bbranch(ls, &b, ctxt, s, i, n);
            break;
        case LANG_S_BAD:
            if (s->u.branch.label) { /* goto */
                blabel *l = bfind(ls, s->u.branch.label);
                if (l)
                    l->used = true;
            }
            break;
        case LANG_S_BLOCK:
            bblock_stmts(ls, &b, inner, lstmt, s->u.block.body->stmts, s->u.block.body->n);
            break;
        case LANG_S_IF:
            bblock_stmts(ls, &b, inner, lstmt, s->u.ifs.then->stmts, s->u.ifs.then->n);
            if (s->u.ifs.els)
                bblock_stmts(ls, &b, inner, lstmt, &s->u.ifs.els, 1);
            break;
        case LANG_S_FOR:
            inner.breaks = inner.continues = s;
            bblock_stmts(ls, &b, inner, lstmt, s->u.fors.body->stmts, s->u.fors.body->n);
            break;
        case LANG_S_RANGE:
            inner.breaks = inner.continues = s;
            bblock_stmts(ls, &b, inner, lstmt, s->u.range.body->stmts, s->u.range.body->n);
            break;
        case LANG_S_SWITCH:
            inner.breaks = s;
            inner.sw = s;
            for (uint32_t k = 0; k < s->u.sw.ncases; k++) {
                inner.case_index = (int)k;
                bblock_stmts(ls, &b, inner, lstmt, s->u.sw.cases[k].body, s->u.sw.cases[k].nbody);
            }
            break;
        case LANG_S_SELECT:
            inner.breaks = s;
            for (uint32_t k = 0; k < s->u.sel.ncases; k++)
                bblock_stmts(ls, &b, inner, lstmt, s->u.sel.cases[k].body, s->u.sel.cases[k].nbody);
            break;
        default:
            break;
        }
    }
}

static void check_branches(parser *p, lang_block *body)
{
    bscope ls = {NULL, 0, 0, NULL, 0, p};
    btargets none = {NULL, NULL, -1, NULL};
    bblock_stmts(&ls, NULL, none, NULL, body->stmts, body->n);
    for (uint32_t i = 0; i < ls.n; i++)
        if (!ls.labels[i].used)
            lang__err_at(p->errs, ls.labels[i].lstmt->pos, "label %s defined and not used",
                         ls.labels[i].name);
}

static lang_block *func_body(parser *p, lang_func *fn)
{
    p->fnest++;
    lang_block *b = block_stmt(p, "");
    p->fnest--;
    fn->end_site = new_site(p, b->rbrace);
    check_branches(p, b);
    return b;
}

/* ------------------------------------------------------------ file */

/* go/parser's errorExpected, for the package clause the go command checks
 * before the compiler runs. Stops the parse. */
static void go_parser_expected(parser *p, const char *what)
{
    const char *kw = NULL;
    switch (p->lx.tok) {
    case LANG_TOK_NAME:
    case LANG_TOK_LITERAL:
        lang__err_at(p->errs, p->lx.pos, "expected %s, found %.*s", what, (int)p->lx.litlen,
                     p->lx.lit);
        bail(p);
        break;
    case LANG_TOK_SEMI:
        if (p->lx.litlen == 7 && memcmp(p->lx.lit, "newline", 7) == 0) {
            lang__err_at(p->errs, p->lx.pos, "expected %s, found newline", what);
            bail(p);
        }
        kw = p->lx.litlen == 3 ? "EOF" : ";";
        break;
    case LANG_TOK_OPERATOR:
    case LANG_TOK_STAR:
        kw = p->lx.op == LANG_OP_NONE ? "~" : lang__lex_opstring(p->lx.op);
        break;
    case LANG_TOK_COMMA:
        kw = ",";
        break;
    default:
        kw = lang__lex_tokstring(p->lx.tok);
    }
    lang__err_at(p->errs, p->lx.pos, "expected %s, found '%s'", what, kw);
    bail(p);
}

static void parse_file(parser *p)
{
    lang_program *prog = p->prog;
    prog->pkg_pos = p->lx.pos;
    /* the go command reads the package clause with go/parser first */
    if (!got(p, LANG_TOK_PACKAGE))
        go_parser_expected(p, "'package'");
    if (p->lx.tok != LANG_TOK_NAME)
        go_parser_expected(p, "'IDENT'");
    lang_expr *nm = name(p);
    prog->pkg_name = nm->u.ident.name;
    want(p, LANG_TOK_SEMI);
    pvec decls = {0};
    while (p->lx.tok == LANG_TOK_IMPORT) {
        pvec_push(p, &decls, decl_group(p, LANG_D_IMPORT, import_spec));
        want(p, LANG_TOK_SEMI);
    }
    while (p->lx.tok != LANG_TOK_EOF) {
        switch (p->lx.tok) {
        case LANG_TOK_CONST:
            pvec_push(p, &decls, decl_group(p, LANG_D_CONST, const_spec));
            break;
        case LANG_TOK_TYPE:
            pvec_push(p, &decls, decl_group(p, LANG_D_TYPE, type_spec));
            break;
        case LANG_TOK_VAR:
            pvec_push(p, &decls, decl_group(p, LANG_D_VAR, var_spec));
            break;
        case LANG_TOK_FUNC:
            pvec_push(p, &decls, func_decl(p));
            break;
        default: {
            lang_decl *last = decls.n ? decls.v[decls.n - 1] : NULL;
            if (p->lx.tok == LANG_TOK_LBRACE && last && last->kind == LANG_D_FUNC &&
                !last->fn->body)
                syntax_error(p, "unexpected semicolon or newline before {");
            else
                syntax_error(p, "non-declaration statement outside function body");
        }
        }
        if (p->lx.tok != LANG_TOK_EOF && !got(p, LANG_TOK_SEMI))
            syntax_error(p, "after top level declaration");
    }
    prog->decls = (lang_decl **)decls.v;
    prog->ndecls = decls.n;
}

bool lang__parse_file(lang_program *prog, const char *src, size_t len, lang_errs *errs)
{
    parser *p = lang__xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    p->prog = prog;
    p->a = &prog->arena;
    p->errs = errs;
    lang__lex_init(&p->lx, src, len, errs);
    bool ok = true;
    if (setjmp(p->fail) == 0) {
        lang__lex_next(&p->lx);
        parse_file(p);
    } else {
        ok = false;
    }
    if (p->lx.non_ascii)
        lang__err_at(errs, p->lx.non_ascii_pos, "unsupported: non-ASCII identifier");
    prog->nsites = p->sites.n + 1;
    prog->sites = lang__arena_alloc(p->a, prog->nsites * sizeof *prog->sites);
    for (uint32_t i = 0; i < p->sites.n; i++)
        prog->sites[i + 1] = *(lang_pos *)p->sites.v[i];
    prog->nfuncs = p->funcs.n;
    prog->funcs = (lang_func **)p->funcs.v;
    free(p);
    return ok;
}
