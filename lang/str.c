/* str.c - expressions and simple statements as gc writes them in error
 * messages (cmd/compile/internal/syntax printer, ShortForm): one line,
 * single spaces around binary operators, and "…" in place of non-empty
 * function bodies and composite literal contents.
 *
 * Used only to build messages; the Go printer is print.c.
 */
#include <string.h>

#include "front.h"
#include "str.h"

static void str_sig(lang_buf *b, const lang_sig *sig);

static void str_groups(lang_buf *b, const lang_field_group *g, uint32_t n)
{
    lang__buf_putc(b, '(');
    bool first = true;
    for (uint32_t i = 0; i < n; i++) {
        if (g[i].nnames == 0) {
            if (!first)
                lang__buf_puts(b, ", ");
            first = false;
            lang__str_expr(b, g[i].type);
            continue;
        }
        for (uint32_t k = 0; k < g[i].nnames; k++) {
            if (!first)
                lang__buf_puts(b, ", ");
            first = false;
            lang__buf_puts(b, g[i].names[k]);
        }
        lang__buf_putc(b, ' ');
        lang__str_expr(b, g[i].type);
    }
    lang__buf_putc(b, ')');
}

static void str_sig(lang_buf *b, const lang_sig *sig)
{
    str_groups(b, sig->params, sig->nparams);
    if (sig->nresults == 0)
        return;
    lang__buf_putc(b, ' ');
    if (sig->nresults == 1 && sig->results[0].nnames == 0)
        lang__str_expr(b, sig->results[0].type);
    else
        str_groups(b, sig->results, sig->nresults);
}

void lang__str_expr(lang_buf *b, const lang_expr *e)
{
    if (!e) {
        return;
    }
    switch (e->kind) {
    case LANG_E_BAD:
        lang__buf_puts(b, "<bad expr>");
        break;
    case LANG_E_IDENT:
        lang__buf_puts(b, e->u.ident.name);
        break;
    case LANG_E_LITERAL:
        lang__buf_put(b, e->u.lit.text, e->u.lit.len);
        break;
    case LANG_E_COMPOSITE:
        lang__str_expr(b, e->u.comp.texpr);
        lang__buf_puts(b, e->u.comp.nelts ? "{…}" : "{}");
        break;
    case LANG_E_FUNC_LIT:
        lang__buf_puts(b, "func");
        str_sig(b, &e->u.funclit.fn->sig);
        lang__buf_puts(b, e->u.funclit.fn->body && e->u.funclit.fn->body->n ? " {…}" : " {}");
        break;
    case LANG_E_PAREN:
        lang__buf_putc(b, '(');
        lang__str_expr(b, e->u.paren.x);
        lang__buf_putc(b, ')');
        break;
    case LANG_E_SELECTOR:
        lang__str_expr(b, e->u.sel.x);
        lang__buf_putc(b, '.');
        lang__buf_puts(b, e->u.sel.sel);
        break;
    case LANG_E_CALL:
        lang__str_expr(b, e->u.call.fun);
        lang__buf_putc(b, '(');
        for (uint32_t i = 0; i < e->u.call.nargs; i++) {
            if (i)
                lang__buf_puts(b, ", ");
            lang__str_expr(b, e->u.call.args[i]);
        }
        lang__buf_putc(b, ')');
        break;
    case LANG_E_UNARY:
        if (e->implicit) {
            lang__str_expr(b, e->u.unary.x);
            break;
        }
        lang__buf_puts(b, lang__lex_opstring(e->u.unary.op));
        lang__str_expr(b, e->u.unary.x);
        break;
    case LANG_E_STAR:
        if (!e->implicit)
            lang__buf_putc(b, '*');
        lang__str_expr(b, e->u.star.x);
        break;
    case LANG_E_BINARY:
        lang__str_expr(b, e->u.binary.x);
        lang__buf_putc(b, ' ');
        lang__buf_puts(b, lang__lex_opstring(e->u.binary.op));
        lang__buf_putc(b, ' ');
        lang__str_expr(b, e->u.binary.y);
        break;
    case LANG_E_KEYVALUE:
        lang__str_expr(b, e->u.kv.key);
        lang__buf_puts(b, ": ");
        lang__str_expr(b, e->u.kv.value);
        break;
    case LANG_E_CHAN_TYPE: {
        if (e->u.chantype.dir == LANG_CHAN_RECV)
            lang__buf_puts(b, "<-");
        lang__buf_puts(b, "chan");
        if (e->u.chantype.dir == LANG_CHAN_SEND)
            lang__buf_puts(b, "<-");
        lang__buf_putc(b, ' ');
        const lang_expr *el = e->u.chantype.elem;
        if (e->u.chantype.dir == LANG_CHAN_BOTH && el && el->kind == LANG_E_CHAN_TYPE &&
            el->u.chantype.dir == LANG_CHAN_RECV) {
            lang__buf_putc(b, '(');
            lang__str_expr(b, el);
            lang__buf_putc(b, ')');
        } else {
            lang__str_expr(b, el);
        }
        break;
    }
    case LANG_E_FUNC_TYPE:
        lang__buf_puts(b, "func");
        str_sig(b, &e->u.functype.sig);
        break;
    case LANG_E_STRUCT_TYPE:
        lang__buf_puts(b, "struct{");
        for (uint32_t i = 0; i < e->u.structtype.ngroups; i++) {
            const lang_field_group *g = &e->u.structtype.groups[i];
            if (i)
                lang__buf_puts(b, "; ");
            for (uint32_t k = 0; k < g->nnames; k++) {
                if (k)
                    lang__buf_puts(b, ", ");
                lang__buf_puts(b, g->names[k]);
            }
            if (g->nnames)
                lang__buf_putc(b, ' ');
            lang__str_expr(b, g->type);
        }
        lang__buf_putc(b, '}');
        break;
    case LANG_E_INTERFACE_TYPE:
        lang__buf_puts(b, "interface{}");
        break;
    }
}

static void str_list(lang_buf *b, lang_expr *const *v, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            lang__buf_puts(b, ", ");
        lang__str_expr(b, v[i]);
    }
}

void lang__str_stmt(lang_buf *b, const lang_stmt *s)
{
    switch (s->kind) {
    case LANG_S_EXPR:
        lang__str_expr(b, s->u.expr.x);
        break;
    case LANG_S_SEND:
        lang__str_expr(b, s->u.send.chan);
        lang__buf_puts(b, " <- ");
        lang__str_expr(b, s->u.send.value);
        break;
    case LANG_S_INCDEC:
        lang__str_expr(b, s->u.incdec.x);
        lang__buf_puts(b, s->u.incdec.op == LANG_OP_INC ? "++" : "--");
        break;
    case LANG_S_ASSIGN:
        str_list(b, s->u.assign.lhs, s->u.assign.nlhs);
        lang__buf_putc(b, ' ');
        if (s->u.assign.op == LANG_OP_DEFINE || s->u.assign.op == LANG_OP_ASSIGN)
            lang__buf_puts(b, lang__lex_opstring(s->u.assign.op));
        else
            lang__buf_printf(b, "%s=", lang__lex_opstring(s->u.assign.op));
        lang__buf_putc(b, ' ');
        str_list(b, s->u.assign.rhs, s->u.assign.nrhs);
        break;
    default:
        lang__buf_puts(b, "<stmt>");
        break;
    }
}

void lang__str_list(lang_buf *b, lang_expr *const *v, uint32_t n)
{
    str_list(b, v, n);
}
