/* types.c - checked types: the shared basic types, identity, underlying
 * types, and the way gc writes types in messages (types2 TypeString with
 * the main package unqualified).
 */
#include <string.h>

#include "ast.h"

#define BASIC(k)                                                                                   \
    {                                                                                              \
        .kind = (k)                                                                                \
    }

static lang_type basic_types[] = {
    BASIC(LANG_T_INVALID),     BASIC(LANG_T_BOOL),         BASIC(LANG_T_INT),
    BASIC(LANG_T_INT64),       BASIC(LANG_T_STRING),       BASIC(LANG_T_UNTYPED_BOOL),
    BASIC(LANG_T_UNTYPED_INT), BASIC(LANG_T_UNTYPED_RUNE), BASIC(LANG_T_UNTYPED_STRING),
    BASIC(LANG_T_UNTYPED_NIL), BASIC(LANG_T_ANY),          BASIC(LANG_T_ERROR),
    BASIC(LANG_T_STRUCT),      BASIC(LANG_T_POINTER),      BASIC(LANG_T_CHAN),
    BASIC(LANG_T_FUNC),        BASIC(LANG_T_TUPLE),        BASIC(LANG_T_NAMED),
    BASIC(LANG_T_WAITGROUP),   BASIC(LANG_T_MUTEX),        BASIC(LANG_T_RWMUTEX),
    BASIC(LANG_T_ONCE),        BASIC(LANG_T_TIME),
};

static lang_type any_literal = {.kind = LANG_T_ANY};

static lang_type duration_type = {
    .kind = LANG_T_NAMED,
    .name = "Duration",
    .pkg = "time",
    .under = &basic_types[LANG_T_INT64],
};

lang_type *lang__type_basic(lang_tkind k)
{
    if ((size_t)k >= sizeof basic_types / sizeof basic_types[0])
        return &basic_types[0];
    return &basic_types[k];
}

lang_type *lang__type_duration(void)
{
    return &duration_type;
}

lang_type *lang__type_any_literal(void)
{
    return &any_literal;
}

const lang_type *lang__type_under(const lang_type *t)
{
    while (t && t->kind == LANG_T_NAMED && t->under)
        t = t->under;
    return t;
}

bool lang__type_identical(const lang_type *a, const lang_type *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case LANG_T_NAMED:
        return false; /* defined types are identical only to themselves */
    case LANG_T_POINTER:
        return lang__type_identical(a->elem, b->elem);
    case LANG_T_CHAN:
        return a->dir == b->dir && lang__type_identical(a->elem, b->elem);
    case LANG_T_STRUCT:
        if (a->nfields != b->nfields)
            return false;
        for (uint32_t i = 0; i < a->nfields; i++)
            if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
                !lang__type_identical(a->fields[i].type, b->fields[i].type))
                return false;
        return true;
    case LANG_T_FUNC:
        if (a->nparams != b->nparams || a->nresults != b->nresults)
            return false;
        for (uint32_t i = 0; i < a->nparams; i++)
            if (!lang__type_identical(a->params[i], b->params[i]))
                return false;
        for (uint32_t i = 0; i < a->nresults; i++)
            if (!lang__type_identical(a->results[i], b->results[i]))
                return false;
        return true;
    case LANG_T_TUPLE:
        if (a->nresults != b->nresults)
            return false;
        for (uint32_t i = 0; i < a->nresults; i++)
            if (!lang__type_identical(a->results[i], b->results[i]))
                return false;
        return true;
    default:
        return true; /* basic kinds */
    }
}

static void write_tuple(lang_buf *b, lang_type *const *ts, const char *const *names, uint32_t n)
{
    lang__buf_putc(b, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            lang__buf_puts(b, ", ");
        if (names && names[i] && names[i][0]) {
            lang__buf_puts(b, names[i]);
            lang__buf_putc(b, ' ');
        }
        lang__type_write(b, ts[i]);
    }
    lang__buf_putc(b, ')');
}

void lang__type_write(lang_buf *b, const lang_type *t)
{
    if (!t) {
        lang__buf_puts(b, "<nil>");
        return;
    }
    switch (t->kind) {
    case LANG_T_INVALID:
        lang__buf_puts(b, "invalid type");
        break;
    case LANG_T_BOOL:
        lang__buf_puts(b, "bool");
        break;
    case LANG_T_INT:
        lang__buf_puts(b, "int");
        break;
    case LANG_T_INT64:
        lang__buf_puts(b, "int64");
        break;
    case LANG_T_STRING:
        lang__buf_puts(b, "string");
        break;
    case LANG_T_UNTYPED_BOOL:
        lang__buf_puts(b, "untyped bool");
        break;
    case LANG_T_UNTYPED_INT:
        lang__buf_puts(b, "untyped int");
        break;
    case LANG_T_UNTYPED_RUNE:
        lang__buf_puts(b, "untyped rune");
        break;
    case LANG_T_UNTYPED_STRING:
        lang__buf_puts(b, "untyped string");
        break;
    case LANG_T_UNTYPED_NIL:
        lang__buf_puts(b, "untyped nil");
        break;
    case LANG_T_ANY:
        lang__buf_puts(b, t == &any_literal ? "interface{}" : "any");
        break;
    case LANG_T_ERROR:
        lang__buf_puts(b, "error");
        break;
    case LANG_T_WAITGROUP:
        lang__buf_puts(b, "sync.WaitGroup");
        break;
    case LANG_T_MUTEX:
        lang__buf_puts(b, "sync.Mutex");
        break;
    case LANG_T_RWMUTEX:
        lang__buf_puts(b, "sync.RWMutex");
        break;
    case LANG_T_ONCE:
        lang__buf_puts(b, "sync.Once");
        break;
    case LANG_T_TIME:
        lang__buf_puts(b, "time.Time");
        break;
    case LANG_T_NAMED:
        if (t->pkg && strcmp(t->pkg, "main") != 0) {
            lang__buf_puts(b, t->pkg);
            lang__buf_putc(b, '.');
        }
        lang__buf_puts(b, t->name);
        break;
    case LANG_T_POINTER:
        lang__buf_putc(b, '*');
        lang__type_write(b, t->elem);
        break;
    case LANG_T_CHAN: {
        bool parens = false;
        if (t->dir == LANG_CHAN_BOTH) {
            lang__buf_puts(b, "chan ");
            parens = t->elem && t->elem->kind == LANG_T_CHAN && t->elem->dir == LANG_CHAN_RECV;
        } else if (t->dir == LANG_CHAN_SEND) {
            lang__buf_puts(b, "chan<- ");
        } else {
            lang__buf_puts(b, "<-chan ");
        }
        if (parens)
            lang__buf_putc(b, '(');
        lang__type_write(b, t->elem);
        if (parens)
            lang__buf_putc(b, ')');
        break;
    }
    case LANG_T_STRUCT:
        lang__buf_puts(b, "struct{");
        for (uint32_t i = 0; i < t->nfields; i++) {
            if (i)
                lang__buf_puts(b, "; ");
            lang__buf_puts(b, t->fields[i].name);
            lang__buf_putc(b, ' ');
            lang__type_write(b, t->fields[i].type);
        }
        lang__buf_putc(b, '}');
        break;
    case LANG_T_FUNC:
        lang__buf_puts(b, "func");
        write_tuple(b, t->params, t->pnames, t->nparams);
        if (t->nresults == 1 && !(t->rnames && t->rnames[0] && t->rnames[0][0])) {
            lang__buf_putc(b, ' ');
            lang__type_write(b, t->results[0]);
        } else if (t->nresults > 0) {
            lang__buf_putc(b, ' ');
            write_tuple(b, t->results, t->rnames, t->nresults);
        }
        break;
    case LANG_T_TUPLE:
        write_tuple(b, t->results, t->rnames, t->nresults);
        break;
    }
}
