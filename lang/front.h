/* front.h - what the front-end passes (lexer, parser, checker, printer)
 * share: tokens, the lexer state, the error collector and the entry points
 * of each pass. Internal to lang/; the interpreter needs only ast.h.
 */
#ifndef DEFERFUZZ_LANG_FRONT_H
#define DEFERFUZZ_LANG_FRONT_H

#include "ast.h"

/* ------------------------------------------------------------ errors */

/* Collects the errors of one load and keeps the one gc would print first:
 * gc sorts its errors by position (stably), so the earliest position wins
 * and among equal positions the first reported. */
typedef struct lang_errs {
    const char *filename; /* for the FILE: prefix and "other declaration" lines */
    bool has;             /* an error was reported */
    lang_pos pos;         /* position of the kept error */
    char *msg;            /* message of the kept error (malloc'd) */
    uint32_t count;       /* errors reported */
    uint8_t kept_class;   /* what the kept error is: 0 other, 1 unsupported, 2 unused */
    bool unsupported;     /* an "unsupported:" error was reported (kept or not) */
} lang_errs;

/* Reports an error at pos. */
void lang__err_at(lang_errs *e, lang_pos pos, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Compares positions: <0, 0, >0. */
int lang__pos_cmp(lang_pos a, lang_pos b);

/* ------------------------------------------------------------ tokens */

typedef enum lang_tok {
    LANG_TOK_EOF = 0,
    LANG_TOK_NAME,      /* identifier */
    LANG_TOK_LITERAL,   /* number, rune or string */
    LANG_TOK_OPERATOR,  /* binary/unary operator other than * (op, prec) */
    LANG_TOK_ASSIGNOP,  /* op= */
    LANG_TOK_INCOP,     /* ++ or -- (op ADD or SUB) */
    LANG_TOK_ASSIGN,    /* = */
    LANG_TOK_DEFINE,    /* := */
    LANG_TOK_ARROW,     /* <- */
    LANG_TOK_STAR,      /* * */
    LANG_TOK_LPAREN,    /* ( */
    LANG_TOK_LBRACK,    /* [ */
    LANG_TOK_LBRACE,    /* { */
    LANG_TOK_RPAREN,    /* ) */
    LANG_TOK_RBRACK,    /* ] */
    LANG_TOK_RBRACE,    /* } */
    LANG_TOK_COMMA,     /* , */
    LANG_TOK_SEMI,      /* ; or an inserted semicolon (lit says which) */
    LANG_TOK_COLON,     /* : */
    LANG_TOK_DOT,       /* . */
    LANG_TOK_DOTDOTDOT, /* ... */
    /* keywords, in gc's order */
    LANG_TOK_BREAK,
    LANG_TOK_CASE,
    LANG_TOK_CHAN,
    LANG_TOK_CONST,
    LANG_TOK_CONTINUE,
    LANG_TOK_DEFAULT,
    LANG_TOK_DEFER,
    LANG_TOK_ELSE,
    LANG_TOK_FALLTHROUGH,
    LANG_TOK_FOR,
    LANG_TOK_FUNC,
    LANG_TOK_GO,
    LANG_TOK_GOTO,
    LANG_TOK_IF,
    LANG_TOK_IMPORT,
    LANG_TOK_INTERFACE,
    LANG_TOK_MAP,
    LANG_TOK_PACKAGE,
    LANG_TOK_RANGE,
    LANG_TOK_RETURN,
    LANG_TOK_SELECT,
    LANG_TOK_STRUCT,
    LANG_TOK_SWITCH,
    LANG_TOK_TYPE,
    LANG_TOK_VAR,
    LANG_TOK__COUNT
} lang_tok;

/* Literal kinds as the lexer sees them. */
typedef enum lang_lexlit {
    LANG_LEX_INT = 0,
    LANG_LEX_FLOAT,
    LANG_LEX_IMAG,
    LANG_LEX_RUNE,
    LANG_LEX_STRING
} lang_lexlit;

/* Operator precedences (gc's). */
enum { LANG_PREC_OROR = 1, LANG_PREC_ANDAND, LANG_PREC_CMP, LANG_PREC_ADD, LANG_PREC_MUL };

/* The lexer: a port of gc's scanner (cmd/compile/internal/syntax), with
 * the current token in its fields. */
typedef struct lang_lexer {
    const unsigned char *src; /* input */
    size_t len;               /* input length */
    size_t r;                 /* offset of the byte after ch */
    int32_t ch;               /* current character (-1 at EOF) */
    uint32_t chw;             /* byte width of ch */
    uint32_t line, col;       /* 0-based line and byte column of ch */
    size_t seg;               /* offset where the current token started */
    bool nlsemi;              /* a newline or EOF now yields ';' */
    bool line_content;        /* the current line has a token or comment so far */
    bool pending_blank;       /* an empty line was seen since the last token */
    lang_errs *errs;          /* where lexical errors go (they do not stop lexing) */
    /* current token */
    lang_tok tok;      /* kind */
    lang_pos pos;      /* start position */
    const char *lit;   /* NAME/LITERAL: text; SEMI: "semicolon", "newline" or "EOF" */
    uint32_t litlen;   /* length of lit */
    lang_lexlit kind;  /* LITERAL: kind */
    bool bad;          /* LITERAL: malformed (an error was reported) */
    lang_op op;        /* OPERATOR/ASSIGNOP/INCOP/STAR: operator */
    int prec;          /* OPERATOR/STAR: binary precedence (0 for unary-only) */
    bool blank_before; /* an empty line came between the previous token and this one */
    bool non_ascii;    /* a non-ASCII identifier character was seen (unsupported) */
    lang_pos non_ascii_pos;
} lang_lexer;

void lang__lex_init(lang_lexer *lx, const char *src, size_t len, lang_errs *errs);
/* Advances to the next token. */
void lang__lex_next(lang_lexer *lx);
/* The text gc uses for a token kind in messages ("name", "(", "comma", ...). */
const char *lang__lex_tokstring(lang_tok t);
/* The spelling of an operator ("+", "&^", "<-", ...). */
const char *lang__lex_opstring(lang_op op);
/* Rewinds to the '.' just read as the first of "..". Only for the parser. */

/* Decodes the value of a string literal (interpreted or raw) into the
 * arena; returns false if malformed. */
bool lang__lex_string_value(lang_arena *a, const char *lit, uint32_t len, const char **out,
                            uint32_t *outlen);
/* Value of a rune literal; false if malformed. */
bool lang__lex_rune_value(const char *lit, uint32_t len, int64_t *out);
/* Value of an integer literal; *overflow set when it does not fit in
 * int64 (gc accepts big constants; the subset does not). */
bool lang__lex_int_value(const char *lit, uint32_t len, int64_t *out, bool *overflow);

/* ------------------------------------------------------------ passes */

/* Parses src into p (decls, funcs, sites). Returns false after a syntax
 * error (the AST is then incomplete and must not be checked). */
bool lang__parse_file(lang_program *p, const char *src, size_t len, lang_errs *errs);

/* Type-checks p, resolving everything ast.h promises. Errors go to errs. */
void lang__check_program(lang_program *p, lang_errs *errs);

/* Prints p as gofmt-formatted source into out. */
void lang__print_program(const lang_program *p, lang_buf *out);

/* Layout pass of the printer (tabwriter.c): a port of Go's text/tabwriter
 * with gofmt's settings (tabwidth 8, padding 1, spaces, TabIndent,
 * DiscardEmptyColumns). in holds cells separated by '\t' (hard) or '\v'
 * (soft), lines ended by '\n' or '\f' (flush), and text between
 * LANG_TAB_ESC bytes that is copied verbatim. */
#define LANG_TAB_ESC '\xff'
void lang__tab_format(const char *in, size_t len, lang_buf *out);

#endif /* DEFERFUZZ_LANG_FRONT_H */
