/* lex.c - the lexer: Go tokens with semicolon insertion.
 *
 * A port of gc's scanner (cmd/compile/internal/syntax/scanner.go and
 * source.go, Go 1.19) so that lexical errors carry gc's messages and
 * positions. Lexical errors never stop the scan: like gc, the lexer
 * reports them and goes on, and the program fails at the end of loading.
 *
 * It must never read outside src[0..len): every read goes through
 * lex_nextch(), which stops at len.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"

/* ------------------------------------------------------------ characters */

/* Decodes one UTF-8 sequence at s[0..n); returns the rune and its width,
 * or -2 with width 1 for an invalid encoding (like utf8.DecodeRune). */
static int32_t decode_utf8(const unsigned char *s, size_t n, uint32_t *w)
{
    unsigned c = s[0];
    *w = 1;
    if (c < 0x80)
        return (int32_t)c;
    uint32_t need, min;
    int32_t r;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, min = 0x80, r = (int32_t)(c & 0x1F);
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, min = 0x800, r = (int32_t)(c & 0x0F);
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, min = 0x10000, r = (int32_t)(c & 0x07);
    } else {
        return -2;
    }
    if (n < need + 1)
        return -2;
    for (uint32_t i = 1; i <= need; i++) {
        unsigned d = s[i];
        if ((d & 0xC0) != 0x80)
            return -2;
        r = (r << 6) | (int32_t)(d & 0x3F);
    }
    if ((uint32_t)r < min || r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        return -2;
    *w = need + 1;
    return r;
}

static lang_pos lex_here(const lang_lexer *lx)
{
    lang_pos p = {lx->line + 1, lx->col + 1};
    return p;
}

/* Reports an error at the current character. */
#define lex_error(lx, ...) lang__err_at((lx)->errs, lex_here(lx), __VA_ARGS__)

/* Reports an error at a byte offset from the start of the current token. */
static void lex_error_at_tok(lang_lexer *lx, uint32_t off, const char *msg)
{
    lang_pos p = lx->pos;
    p.col += off;
    lang__err_at(lx->errs, p, "%s", msg);
}

/* Reads the next character into ch (source.go nextch). */
static void lex_nextch(lang_lexer *lx)
{
redo:
    lx->col += lx->chw;
    if (lx->ch == '\n') {
        lx->line++;
        lx->col = 0;
        if (!lx->line_content)
            lx->pending_blank = true;
        lx->line_content = false;
    }
    if (lx->r >= lx->len) {
        lx->ch = -1;
        lx->chw = 0;
        return;
    }
    unsigned c = lx->src[lx->r];
    if (c < 0x80) {
        lx->r++;
        lx->chw = 1;
        lx->ch = (int32_t)c;
        if (c == 0) {
            lex_error(lx, "invalid NUL character");
            goto redo;
        }
        return;
    }
    uint32_t w;
    int32_t r = decode_utf8(lx->src + lx->r, lx->len - lx->r, &w);
    lx->r += w;
    lx->chw = w;
    lx->ch = r;
    if (r == -2) {
        lx->ch = 0xFFFD;
        lex_error(lx, "invalid UTF-8 encoding");
        goto redo;
    }
    if (r == 0xFEFF) {
        if (lx->line > 0 || lx->col > 0)
            lex_error(lx, "invalid BOM in the middle of the file");
        goto redo;
    }
}

static bool is_letter(int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_decimal(int32_t c)
{
    return c >= '0' && c <= '9';
}

static int32_t lower(int32_t c)
{
    return ('a' - 'A') | c;
}

static bool is_hex(int32_t c)
{
    return is_decimal(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

void lang__lex_init(lang_lexer *lx, const char *src, size_t len, lang_errs *errs)
{
    memset(lx, 0, sizeof *lx);
    lx->src = (const unsigned char *)src;
    lx->len = len;
    lx->errs = errs;
    lx->ch = ' ';
    lx->chw = 0;
    lx->line_content = true;
    lex_nextch(lx);
    /* the first character's column is 0 */
}

/* The bytes of the current token so far. */
static void lex_set_lit(lang_lexer *lx)
{
    size_t end = lx->r - lx->chw;
    if (lx->ch < 0)
        end = lx->len;
    lx->lit = (const char *)lx->src + lx->seg;
    lx->litlen = (uint32_t)(end - lx->seg);
}

/* ------------------------------------------------------------ keywords */

static const char *const tok_names[LANG_TOK__COUNT] = {
    [LANG_TOK_EOF] = "EOF",
    [LANG_TOK_NAME] = "name",
    [LANG_TOK_LITERAL] = "literal",
    [LANG_TOK_OPERATOR] = "op",
    [LANG_TOK_ASSIGNOP] = "op=",
    [LANG_TOK_INCOP] = "opop",
    [LANG_TOK_ASSIGN] = "=",
    [LANG_TOK_DEFINE] = ":=",
    [LANG_TOK_ARROW] = "<-",
    [LANG_TOK_STAR] = "*",
    [LANG_TOK_LPAREN] = "(",
    [LANG_TOK_LBRACK] = "[",
    [LANG_TOK_LBRACE] = "{",
    [LANG_TOK_RPAREN] = ")",
    [LANG_TOK_RBRACK] = "]",
    [LANG_TOK_RBRACE] = "}",
    [LANG_TOK_COMMA] = ",",
    [LANG_TOK_SEMI] = ";",
    [LANG_TOK_COLON] = ":",
    [LANG_TOK_DOT] = ".",
    [LANG_TOK_DOTDOTDOT] = "...",
    [LANG_TOK_BREAK] = "break",
    [LANG_TOK_CASE] = "case",
    [LANG_TOK_CHAN] = "chan",
    [LANG_TOK_CONST] = "const",
    [LANG_TOK_CONTINUE] = "continue",
    [LANG_TOK_DEFAULT] = "default",
    [LANG_TOK_DEFER] = "defer",
    [LANG_TOK_ELSE] = "else",
    [LANG_TOK_FALLTHROUGH] = "fallthrough",
    [LANG_TOK_FOR] = "for",
    [LANG_TOK_FUNC] = "func",
    [LANG_TOK_GO] = "go",
    [LANG_TOK_GOTO] = "goto",
    [LANG_TOK_IF] = "if",
    [LANG_TOK_IMPORT] = "import",
    [LANG_TOK_INTERFACE] = "interface",
    [LANG_TOK_MAP] = "map",
    [LANG_TOK_PACKAGE] = "package",
    [LANG_TOK_RANGE] = "range",
    [LANG_TOK_RETURN] = "return",
    [LANG_TOK_SELECT] = "select",
    [LANG_TOK_STRUCT] = "struct",
    [LANG_TOK_SWITCH] = "switch",
    [LANG_TOK_TYPE] = "type",
    [LANG_TOK_VAR] = "var",
};

const char *lang__lex_tokstring(lang_tok t)
{
    if (t == LANG_TOK_COMMA)
        return "comma";
    if (t == LANG_TOK_SEMI)
        return "semicolon or newline";
    if ((unsigned)t < LANG_TOK__COUNT && tok_names[t])
        return tok_names[t];
    return "?";
}

const char *lang__lex_opstring(lang_op op)
{
    switch (op) {
    case LANG_OP_ADD:
        return "+";
    case LANG_OP_SUB:
        return "-";
    case LANG_OP_MUL:
        return "*";
    case LANG_OP_DIV:
        return "/";
    case LANG_OP_REM:
        return "%";
    case LANG_OP_AND:
        return "&";
    case LANG_OP_OR:
        return "|";
    case LANG_OP_XOR:
        return "^";
    case LANG_OP_ANDNOT:
        return "&^";
    case LANG_OP_SHL:
        return "<<";
    case LANG_OP_SHR:
        return ">>";
    case LANG_OP_LAND:
        return "&&";
    case LANG_OP_LOR:
        return "||";
    case LANG_OP_EQ:
        return "==";
    case LANG_OP_NE:
        return "!=";
    case LANG_OP_LT:
        return "<";
    case LANG_OP_LE:
        return "<=";
    case LANG_OP_GT:
        return ">";
    case LANG_OP_GE:
        return ">=";
    case LANG_OP_NOT:
        return "!";
    case LANG_OP_RECV:
        return "<-";
    case LANG_OP_DEFINE:
        return ":=";
    case LANG_OP_ASSIGN:
        return "=";
    case LANG_OP_INC:
        return "++";
    case LANG_OP_DEC:
        return "--";
    default:
        return "?";
    }
}

static void lex_ident(lang_lexer *lx)
{
    while (is_letter(lx->ch) || is_decimal(lx->ch) || lx->ch >= 0x80) {
        if (lx->ch >= 0x80 && !lx->non_ascii) {
            lx->non_ascii = true;
            lx->non_ascii_pos = lex_here(lx);
        }
        lex_nextch(lx);
    }
    lex_set_lit(lx);
    for (int t = LANG_TOK_BREAK; t < LANG_TOK__COUNT; t++) {
        const char *k = tok_names[t];
        if (strlen(k) == lx->litlen && memcmp(k, lx->lit, lx->litlen) == 0) {
            lx->tok = (lang_tok)t;
            lx->nlsemi = t == LANG_TOK_BREAK || t == LANG_TOK_CONTINUE ||
                         t == LANG_TOK_FALLTHROUGH || t == LANG_TOK_RETURN;
            return;
        }
    }
    lx->nlsemi = true;
    lx->tok = LANG_TOK_NAME;
}

/* ------------------------------------------------------------ numbers */

static const char *base_name(int base)
{
    switch (base) {
    case 2:
        return "binary";
    case 8:
        return "octal";
    case 10:
        return "decimal";
    default:
        return "hexadecimal";
    }
}

static int lex_digits(lang_lexer *lx, int base, int *invalid)
{
    int digsep = 0;
    if (base <= 10) {
        int32_t max = '0' + base;
        while (is_decimal(lx->ch) || lx->ch == '_') {
            int ds = 1;
            if (lx->ch == '_')
                ds = 2;
            else if (lx->ch >= max && *invalid < 0)
                *invalid = (int)(lx->col + 1 - lx->pos.col);
            digsep |= ds;
            lex_nextch(lx);
        }
    } else {
        while (is_hex(lx->ch) || lx->ch == '_') {
            digsep |= lx->ch == '_' ? 2 : 1;
            lex_nextch(lx);
        }
    }
    return digsep;
}

/* Index of the first invalid '_' separator in x, or -1 (scanner.go). */
static int invalid_sep(const char *x, uint32_t n)
{
    int32_t x1 = ' ';
    int32_t d = '.';
    uint32_t i = 0;
    if (n >= 2 && x[0] == '0') {
        x1 = lower(x[1]);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
            d = '0';
            i = 2;
        }
    }
    for (; i < n; i++) {
        int32_t p = d;
        d = (unsigned char)x[i];
        if (d == '_') {
            if (p != '0')
                return (int)i;
        } else if (is_decimal(d) || (x1 == 'x' && is_hex(d))) {
            d = '0';
        } else {
            if (p == '_')
                return (int)i - 1;
            d = '.';
        }
    }
    if (d == '_')
        return (int)n - 1;
    return -1;
}

static void lex_number(lang_lexer *lx, bool seen_point)
{
    bool ok = true;
    lang_lexlit kind = LANG_LEX_INT;
    int base = 10;
    int32_t prefix = 0;
    int digsep = 0;
    int invalid = -1;
    char msg[96];

    if (!seen_point) {
        if (lx->ch == '0') {
            lex_nextch(lx);
            switch (lower(lx->ch)) {
            case 'x':
                lex_nextch(lx);
                base = 16, prefix = 'x';
                break;
            case 'o':
                lex_nextch(lx);
                base = 8, prefix = 'o';
                break;
            case 'b':
                lex_nextch(lx);
                base = 2, prefix = 'b';
                break;
            default:
                base = 8, prefix = '0';
                digsep = 1;
            }
        }
        digsep |= lex_digits(lx, base, &invalid);
        if (lx->ch == '.') {
            if (prefix == 'o' || prefix == 'b') {
                lex_error(lx, "invalid radix point in %s literal", base_name(base));
                ok = false;
            }
            lex_nextch(lx);
            seen_point = true;
        }
    }
    if (seen_point) {
        kind = LANG_LEX_FLOAT;
        digsep |= lex_digits(lx, base, &invalid);
    }
    if ((digsep & 1) == 0 && ok) {
        lex_error(lx, "%s literal has no digits", base_name(base));
        ok = false;
    }
    int32_t e = lower(lx->ch);
    if (e == 'e' || e == 'p') {
        if (ok) {
            if (e == 'e' && prefix != 0 && prefix != '0') {
                lex_error(lx, "'%c' exponent requires decimal mantissa", (char)lx->ch);
                ok = false;
            } else if (e == 'p' && prefix != 'x') {
                lex_error(lx, "'%c' exponent requires hexadecimal mantissa", (char)lx->ch);
                ok = false;
            }
        }
        lex_nextch(lx);
        kind = LANG_LEX_FLOAT;
        if (lx->ch == '+' || lx->ch == '-')
            lex_nextch(lx);
        int dummy = -1;
        digsep = lex_digits(lx, 10, &dummy) | (digsep & 2);
        if ((digsep & 1) == 0 && ok) {
            lex_error(lx, "exponent has no digits");
            ok = false;
        }
    } else if (prefix == 'x' && kind == LANG_LEX_FLOAT && ok) {
        lex_error(lx, "hexadecimal mantissa requires a 'p' exponent");
        ok = false;
    }
    if (lx->ch == 'i') {
        kind = LANG_LEX_IMAG;
        lex_nextch(lx);
    }
    lx->nlsemi = true;
    lx->tok = LANG_TOK_LITERAL;
    lx->kind = kind;
    lex_set_lit(lx);
    if (kind == LANG_LEX_INT && invalid >= 0 && ok) {
        char c = (unsigned)invalid < lx->litlen ? lx->lit[invalid] : '?';
        snprintf(msg, sizeof msg, "invalid digit '%c' in %s literal", c, base_name(base));
        lex_error_at_tok(lx, (uint32_t)invalid, msg);
        ok = false;
    }
    if ((digsep & 2) && ok) {
        int i = invalid_sep(lx->lit, lx->litlen);
        if (i >= 0) {
            lex_error_at_tok(lx, (uint32_t)i, "'_' must separate successive digits");
            ok = false;
        }
    }
    lx->bad = !ok;
}

/* ------------------------------------------------------------ strings */

/* Formats a rune as Go's %q does for the characters that can appear here. */
static void quote_rune(char *buf, size_t cap, int32_t c)
{
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
        snprintf(buf, cap, "'%c'", (char)c);
    else if (c == '\'')
        snprintf(buf, cap, "'\\''");
    else if (c == '\\')
        snprintf(buf, cap, "'\\\\'");
    else if (c == '\n')
        snprintf(buf, cap, "'\\n'");
    else if (c == '\t')
        snprintf(buf, cap, "'\\t'");
    else if (c == '\r')
        snprintf(buf, cap, "'\\r'");
    else if (c < 0x80)
        snprintf(buf, cap, "'\\x%02x'", (unsigned)c);
    else if (c < 0x10000)
        snprintf(buf, cap, "'\\u%04x'", (unsigned)c);
    else
        snprintf(buf, cap, "'\\U%08x'", (unsigned)c);
}

static bool lex_escape(lang_lexer *lx, int32_t quote)
{
    int n;
    uint32_t base, max;
    switch (lx->ch) {
    case 'a':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case '\\':
        lex_nextch(lx);
        return true;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
        n = 3, base = 8, max = 255;
        break;
    case 'x':
        lex_nextch(lx);
        n = 2, base = 16, max = 255;
        break;
    case 'u':
        lex_nextch(lx);
        n = 4, base = 16, max = 0x10FFFF;
        break;
    case 'U':
        lex_nextch(lx);
        n = 8, base = 16, max = 0x10FFFF;
        break;
    default:
        if (lx->ch == quote) {
            lex_nextch(lx);
            return true;
        }
        if (lx->ch < 0)
            return true;
        lex_error(lx, "unknown escape");
        return false;
    }
    uint32_t x = 0;
    for (int i = n; i > 0; i--) {
        if (lx->ch < 0)
            return true;
        uint32_t d = base;
        if (is_decimal(lx->ch))
            d = (uint32_t)(lx->ch - '0');
        else if (lower(lx->ch) >= 'a' && lower(lx->ch) <= 'f')
            d = (uint32_t)(lower(lx->ch) - 'a' + 10);
        if (d >= base) {
            char q[24];
            quote_rune(q, sizeof q, lx->ch);
            lex_error(lx, "invalid character %s in %s escape", q, base_name((int)base));
            return false;
        }
        x = x * base + d;
        lex_nextch(lx);
    }
    if (x > max && base == 8) {
        lex_error(lx, "octal escape value %u > 255", x);
        return false;
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        if (x <= 0xFFFF)
            lex_error(lx, "escape is invalid Unicode code point U+%04X", x);
        else
            lex_error(lx, "escape is invalid Unicode code point U+%X", x);
        return false;
    }
    return true;
}

static void lex_rune(lang_lexer *lx)
{
    bool ok = true;
    lex_nextch(lx);
    for (int n = 0;; n++) {
        if (lx->ch == '\'') {
            if (ok) {
                if (n == 0) {
                    lex_error(lx, "empty rune literal or unescaped '");
                    ok = false;
                } else if (n != 1) {
                    lex_error_at_tok(lx, 0, "more than one character in rune literal");
                    ok = false;
                }
            }
            lex_nextch(lx);
            break;
        }
        if (lx->ch == '\\') {
            lex_nextch(lx);
            if (!lex_escape(lx, '\''))
                ok = false;
            continue;
        }
        if (lx->ch == '\n') {
            if (ok) {
                lex_error(lx, "newline in rune literal");
                ok = false;
            }
            break;
        }
        if (lx->ch < 0) {
            if (ok) {
                lex_error_at_tok(lx, 0, "rune literal not terminated");
                ok = false;
            }
            break;
        }
        lex_nextch(lx);
    }
    lx->nlsemi = true;
    lx->tok = LANG_TOK_LITERAL;
    lx->kind = LANG_LEX_RUNE;
    lex_set_lit(lx);
    lx->bad = !ok;
}

static void lex_std_string(lang_lexer *lx)
{
    bool ok = true;
    lex_nextch(lx);
    for (;;) {
        if (lx->ch == '"') {
            lex_nextch(lx);
            break;
        }
        if (lx->ch == '\\') {
            lex_nextch(lx);
            if (!lex_escape(lx, '"'))
                ok = false;
            continue;
        }
        if (lx->ch == '\n') {
            lex_error(lx, "newline in string");
            ok = false;
            break;
        }
        if (lx->ch < 0) {
            lex_error_at_tok(lx, 0, "string not terminated");
            ok = false;
            break;
        }
        lex_nextch(lx);
    }
    lx->nlsemi = true;
    lx->tok = LANG_TOK_LITERAL;
    lx->kind = LANG_LEX_STRING;
    lex_set_lit(lx);
    lx->bad = !ok;
}

static void lex_raw_string(lang_lexer *lx)
{
    bool ok = true;
    lex_nextch(lx);
    for (;;) {
        if (lx->ch == '`') {
            lex_nextch(lx);
            break;
        }
        if (lx->ch < 0) {
            lex_error_at_tok(lx, 0, "string not terminated");
            ok = false;
            break;
        }
        lx->line_content = true;
        lex_nextch(lx);
        lx->line_content = true;
    }
    lx->nlsemi = true;
    lx->tok = LANG_TOK_LITERAL;
    lx->kind = LANG_LEX_STRING;
    lex_set_lit(lx);
    lx->bad = !ok;
}

/* ------------------------------------------------------------ comments */

static void lex_line_comment(lang_lexer *lx)
{
    while (lx->ch >= 0 && lx->ch != '\n')
        lex_nextch(lx);
}

/* Skips a block comment; returns false if unterminated. */
static bool lex_full_comment(lang_lexer *lx)
{
    while (lx->ch >= 0) {
        lx->line_content = true;
        while (lx->ch == '*') {
            lex_nextch(lx);
            lx->line_content = true;
            if (lx->ch == '/') {
                lex_nextch(lx);
                return true;
            }
        }
        lex_nextch(lx);
        lx->line_content = true;
    }
    lex_error_at_tok(lx, 0, "comment not terminated");
    return false;
}

/* ------------------------------------------------------------ tokens */

void lang__lex_next(lang_lexer *lx)
{
    bool nlsemi = lx->nlsemi;
    lx->nlsemi = false;
    lx->bad = false;
    lx->lit = NULL;
    lx->litlen = 0;

redo:
    while (lx->ch == ' ' || lx->ch == '\t' || (lx->ch == '\n' && !nlsemi) || lx->ch == '\r')
        lex_nextch(lx);

    lx->pos = lex_here(lx);
    lx->seg = lx->r - lx->chw;
    if (lx->ch < 0)
        lx->seg = lx->len;

    if (is_letter(lx->ch) || lx->ch >= 0x80) {
        lx->blank_before = lx->pending_blank;
        lx->pending_blank = false;
        lx->line_content = true;
        if (lx->ch >= 0x80 && !lx->non_ascii) {
            lx->non_ascii = true;
            lx->non_ascii_pos = lex_here(lx);
        }
        lex_nextch(lx);
        lex_ident(lx);
        return;
    }

    if (lx->ch == '/' && lx->r < lx->len && (lx->src[lx->r] == '/' || lx->src[lx->r] == '*')) {
        /* comments do not end a blank-line run's line content check */
        lx->line_content = true;
        lex_nextch(lx);
        if (lx->ch == '/') {
            lex_nextch(lx);
            lex_line_comment(lx);
            goto redo;
        }
        lex_nextch(lx);
        uint32_t start_line = lx->pos.line;
        lex_full_comment(lx);
        if (lx->line + 1 > start_line && nlsemi) {
            lx->lit = "newline";
            lx->litlen = 7;
            lx->tok = LANG_TOK_SEMI;
            return;
        }
        goto redo;
    }

    if (lx->ch != '\n' && lx->ch >= 0) {
        lx->blank_before = lx->pending_blank;
        lx->pending_blank = false;
        lx->line_content = true;
    } else {
        lx->blank_before = false;
    }

    switch (lx->ch) {
    case -1:
        if (nlsemi) {
            lx->lit = "EOF";
            lx->litlen = 3;
            lx->tok = LANG_TOK_SEMI;
            break;
        }
        lx->blank_before = lx->pending_blank;
        lx->tok = LANG_TOK_EOF;
        break;
    case '\n':
        lex_nextch(lx);
        lx->lit = "newline";
        lx->litlen = 7;
        lx->tok = LANG_TOK_SEMI;
        break;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        lex_number(lx, false);
        break;
    case '"':
        lex_std_string(lx);
        break;
    case '`':
        lex_raw_string(lx);
        break;
    case '\'':
        lex_rune(lx);
        break;
    case '(':
        lex_nextch(lx);
        lx->tok = LANG_TOK_LPAREN;
        break;
    case '[':
        lex_nextch(lx);
        lx->tok = LANG_TOK_LBRACK;
        break;
    case '{':
        lex_nextch(lx);
        lx->tok = LANG_TOK_LBRACE;
        break;
    case ',':
        lex_nextch(lx);
        lx->tok = LANG_TOK_COMMA;
        break;
    case ';':
        lex_nextch(lx);
        lx->lit = "semicolon";
        lx->litlen = 9;
        lx->tok = LANG_TOK_SEMI;
        break;
    case ')':
        lex_nextch(lx);
        lx->nlsemi = true;
        lx->tok = LANG_TOK_RPAREN;
        break;
    case ']':
        lex_nextch(lx);
        lx->nlsemi = true;
        lx->tok = LANG_TOK_RBRACK;
        break;
    case '}':
        lex_nextch(lx);
        lx->nlsemi = true;
        lx->tok = LANG_TOK_RBRACE;
        break;
    case ':':
        lex_nextch(lx);
        if (lx->ch == '=') {
            lex_nextch(lx);
            lx->tok = LANG_TOK_DEFINE;
            break;
        }
        lx->tok = LANG_TOK_COLON;
        break;
    case '.':
        lex_nextch(lx);
        if (is_decimal(lx->ch)) {
            lex_number(lx, true);
            break;
        }
        if (lx->ch == '.' && lx->r < lx->len && lx->src[lx->r] == '.') {
            lex_nextch(lx);
            lex_nextch(lx);
            lx->tok = LANG_TOK_DOTDOTDOT;
            break;
        }
        lx->tok = LANG_TOK_DOT;
        break;
    case '+':
        lex_nextch(lx);
        lx->op = LANG_OP_ADD, lx->prec = LANG_PREC_ADD;
        if (lx->ch != '+')
            goto assignop;
        lex_nextch(lx);
        lx->nlsemi = true;
        lx->tok = LANG_TOK_INCOP;
        break;
    case '-':
        lex_nextch(lx);
        lx->op = LANG_OP_SUB, lx->prec = LANG_PREC_ADD;
        if (lx->ch != '-')
            goto assignop;
        lex_nextch(lx);
        lx->nlsemi = true;
        lx->tok = LANG_TOK_INCOP;
        break;
    case '*':
        lex_nextch(lx);
        lx->op = LANG_OP_MUL, lx->prec = LANG_PREC_MUL;
        if (lx->ch == '=') {
            lex_nextch(lx);
            lx->tok = LANG_TOK_ASSIGNOP;
            break;
        }
        lx->tok = LANG_TOK_STAR;
        break;
    case '/':
        lex_nextch(lx);
        lx->op = LANG_OP_DIV, lx->prec = LANG_PREC_MUL;
        goto assignop;
    case '%':
        lex_nextch(lx);
        lx->op = LANG_OP_REM, lx->prec = LANG_PREC_MUL;
        goto assignop;
    case '&':
        lex_nextch(lx);
        if (lx->ch == '&') {
            lex_nextch(lx);
            lx->op = LANG_OP_LAND, lx->prec = LANG_PREC_ANDAND;
            lx->tok = LANG_TOK_OPERATOR;
            break;
        }
        lx->op = LANG_OP_AND, lx->prec = LANG_PREC_MUL;
        if (lx->ch == '^') {
            lex_nextch(lx);
            lx->op = LANG_OP_ANDNOT;
        }
        goto assignop;
    case '|':
        lex_nextch(lx);
        if (lx->ch == '|') {
            lex_nextch(lx);
            lx->op = LANG_OP_LOR, lx->prec = LANG_PREC_OROR;
            lx->tok = LANG_TOK_OPERATOR;
            break;
        }
        lx->op = LANG_OP_OR, lx->prec = LANG_PREC_ADD;
        goto assignop;
    case '^':
        lex_nextch(lx);
        lx->op = LANG_OP_XOR, lx->prec = LANG_PREC_ADD;
        goto assignop;
    case '<':
        lex_nextch(lx);
        if (lx->ch == '=') {
            lex_nextch(lx);
            lx->op = LANG_OP_LE, lx->prec = LANG_PREC_CMP;
            lx->tok = LANG_TOK_OPERATOR;
            break;
        }
        if (lx->ch == '<') {
            lex_nextch(lx);
            lx->op = LANG_OP_SHL, lx->prec = LANG_PREC_MUL;
            goto assignop;
        }
        if (lx->ch == '-') {
            lex_nextch(lx);
            lx->tok = LANG_TOK_ARROW;
            break;
        }
        lx->op = LANG_OP_LT, lx->prec = LANG_PREC_CMP;
        lx->tok = LANG_TOK_OPERATOR;
        break;
    case '>':
        lex_nextch(lx);
        if (lx->ch == '=') {
            lex_nextch(lx);
            lx->op = LANG_OP_GE, lx->prec = LANG_PREC_CMP;
            lx->tok = LANG_TOK_OPERATOR;
            break;
        }
        if (lx->ch == '>') {
            lex_nextch(lx);
            lx->op = LANG_OP_SHR, lx->prec = LANG_PREC_MUL;
            goto assignop;
        }
        lx->op = LANG_OP_GT, lx->prec = LANG_PREC_CMP;
        lx->tok = LANG_TOK_OPERATOR;
        break;
    case '=':
        lex_nextch(lx);
        if (lx->ch == '=') {
            lex_nextch(lx);
            lx->op = LANG_OP_EQ, lx->prec = LANG_PREC_CMP;
            lx->tok = LANG_TOK_OPERATOR;
            break;
        }
        lx->tok = LANG_TOK_ASSIGN;
        break;
    case '!':
        lex_nextch(lx);
        if (lx->ch == '=') {
            lex_nextch(lx);
            lx->op = LANG_OP_NE, lx->prec = LANG_PREC_CMP;
            lx->tok = LANG_TOK_OPERATOR;
            break;
        }
        lx->op = LANG_OP_NOT, lx->prec = 0;
        lx->tok = LANG_TOK_OPERATOR;
        break;
    case '~':
        lex_nextch(lx);
        lx->op = LANG_OP_NONE, lx->prec = 0;
        lx->tok = LANG_TOK_OPERATOR;
        break;
    default: {
        char q[24];
        int32_t c = lx->ch;
        if (c >= 0x20 && c < 0x7f)
            snprintf(q, sizeof q, "U+%04X '%c'", (unsigned)c, (char)c);
        else
            snprintf(q, sizeof q, "U+%04X", (unsigned)c);
        lex_error(lx, "invalid character %s", q);
        lex_nextch(lx);
        goto redo;
    }
    }
    return;

assignop:
    if (lx->ch == '=') {
        lex_nextch(lx);
        lx->tok = LANG_TOK_ASSIGNOP;
        return;
    }
    lx->tok = LANG_TOK_OPERATOR;
}

/* ------------------------------------------------------------ literal values */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return 99;
}

static void put_utf8(lang_buf *b, uint32_t r)
{
    char s[4];
    if (r < 0x80) {
        s[0] = (char)r;
        lang__buf_put(b, s, 1);
    } else if (r < 0x800) {
        s[0] = (char)(0xC0 | (r >> 6));
        s[1] = (char)(0x80 | (r & 0x3F));
        lang__buf_put(b, s, 2);
    } else if (r < 0x10000) {
        s[0] = (char)(0xE0 | (r >> 12));
        s[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        s[2] = (char)(0x80 | (r & 0x3F));
        lang__buf_put(b, s, 3);
    } else {
        s[0] = (char)(0xF0 | (r >> 18));
        s[1] = (char)(0x80 | ((r >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((r >> 6) & 0x3F));
        s[3] = (char)(0x80 | (r & 0x3F));
        lang__buf_put(b, s, 4);
    }
}

/* Decodes one escape at lit[*i] (after the backslash). Byte escapes (\x,
 * octal) append a raw byte; \u and \U append UTF-8. */
static bool unescape(const char *lit, uint32_t len, uint32_t *i, lang_buf *b, int64_t *rune,
                     bool *is_byte)
{
    if (*i >= len)
        return false;
    char c = lit[(*i)++];
    *is_byte = false;
    uint32_t v;
    switch (c) {
    case 'a':
        v = 7;
        break;
    case 'b':
        v = 8;
        break;
    case 'f':
        v = 12;
        break;
    case 'n':
        v = 10;
        break;
    case 'r':
        v = 13;
        break;
    case 't':
        v = 9;
        break;
    case 'v':
        v = 11;
        break;
    case '\\':
        v = '\\';
        break;
    case '\'':
        v = '\'';
        break;
    case '"':
        v = '"';
        break;
    case 'x':
    case 'u':
    case 'U': {
        int n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        v = 0;
        for (int k = 0; k < n; k++) {
            if (*i >= len)
                return false;
            int d = hexval((unsigned char)lit[(*i)++]);
            if (d > 15)
                return false;
            v = v * 16 + (uint32_t)d;
        }
        if (c == 'x') {
            *is_byte = true;
            break;
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
            return false;
        break;
    }
    default:
        if (c >= '0' && c <= '7') {
            v = (uint32_t)(c - '0');
            for (int k = 0; k < 2; k++) {
                if (*i >= len || lit[*i] < '0' || lit[*i] > '7')
                    return false;
                v = v * 8 + (uint32_t)(lit[(*i)++] - '0');
            }
            if (v > 255)
                return false;
            *is_byte = true;
            break;
        }
        return false;
    }
    *rune = v;
    if (b) {
        if (*is_byte) {
            char ch = (char)v;
            lang__buf_put(b, &ch, 1);
        } else {
            put_utf8(b, v);
        }
    }
    return true;
}

bool lang__lex_string_value(lang_arena *a, const char *lit, uint32_t len, const char **out,
                            uint32_t *outlen)
{
    lang_buf b = {0};
    bool ok = true;
    if (len < 2) {
        ok = false;
    } else if (lit[0] == '`') {
        for (uint32_t i = 1; i + 1 < len; i++)
            if (lit[i] != '\r')
                lang__buf_putc(&b, lit[i]);
    } else {
        uint32_t i = 1;
        while (i + 1 < len) {
            if (lit[i] == '\\') {
                i++;
                int64_t r;
                bool is_byte;
                if (!unescape(lit, len - 1, &i, &b, &r, &is_byte)) {
                    ok = false;
                    break;
                }
            } else {
                lang__buf_putc(&b, lit[i++]);
            }
        }
    }
    *out = lang__arena_strndup(a, b.data ? b.data : "", b.len);
    *outlen = (uint32_t)b.len;
    lang__buf_free(&b);
    return ok;
}

bool lang__lex_rune_value(const char *lit, uint32_t len, int64_t *out)
{
    *out = 0;
    if (len < 3 || lit[0] != '\'' || lit[len - 1] != '\'')
        return false;
    if (lit[1] == '\\') {
        uint32_t i = 2;
        bool is_byte;
        if (!unescape(lit, len - 1, &i, NULL, out, &is_byte))
            return false;
        return i == len - 1;
    }
    uint32_t w;
    int32_t r = decode_utf8((const unsigned char *)lit + 1, len - 2, &w);
    if (r < 0 || w != len - 2)
        return false;
    *out = r;
    return true;
}

bool lang__lex_int_value(const char *lit, uint32_t len, int64_t *out, bool *overflow)
{
    uint64_t v = 0;
    int base = 10;
    uint32_t i = 0;
    *overflow = false;
    *out = 0;
    if (len >= 2 && lit[0] == '0') {
        char c = (char)lower(lit[1]);
        if (c == 'x')
            base = 16, i = 2;
        else if (c == 'o')
            base = 8, i = 2;
        else if (c == 'b')
            base = 2, i = 2;
        else
            base = 8, i = 1;
    }
    for (; i < len; i++) {
        if (lit[i] == '_')
            continue;
        int d = hexval((unsigned char)lit[i]);
        if (d >= base)
            return false;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) {
            *overflow = true;
            return true;
        }
        v = v * (uint64_t)base + (uint64_t)d;
    }
    if (v > (uint64_t)INT64_MAX) {
        *overflow = true;
        return true;
    }
    *out = (int64_t)v;
    return true;
}
