/* interp_fmt.c - fmt's formatting for the values of the subset (a port of
 * the parts of Go 1.19's fmt/print.go, fmt/format.go and strconv/quote.go
 * that the subset reaches), time.Duration's String, and the runtime's
 * formatting of the print/println builtins.
 *
 * Addresses are never printed: where Go would print one (a pointer at
 * depth > 0, a channel, a function, an interface word for println) a fixed
 * fake address keeps outputs deterministic.
 */
#include <string.h>

#include "interp.h"

#define FAKE_ADDR 0xc000012120ull
#define FAKE_TYPE 0x4b2ea0ull
static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

/* ================================================================ UTF-8 */

#define RUNE_ERROR 0xFFFD

/* Decodes the rune at s[0..n) like utf8.DecodeRuneInString: invalid input
 * gives (RUNE_ERROR, 1). */
static int32_t decode_rune(const unsigned char *s, int64_t n, int *width)
{
    *width = 1;
    if (n <= 0)
        return RUNE_ERROR;
    unsigned c = s[0];
    if (c < 0x80)
        return (int32_t)c;
    int need;
    int32_t r, min;
    if ((c & 0xE0) == 0xC0) {
        need = 1;
        r = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 2;
        r = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 3;
        r = c & 0x07;
        min = 0x10000;
    } else {
        return RUNE_ERROR;
    }
    if (n < need + 1)
        return RUNE_ERROR;
    for (int i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return RUNE_ERROR;
        r = (r << 6) | (s[i] & 0x3F);
    }
    if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        return RUNE_ERROR;
    *width = need + 1;
    return r;
}

static int encode_rune(char *p, int32_t r)
{
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        r = RUNE_ERROR;
    if (r < 0x80) {
        p[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        p[0] = (char)(0xC0 | (r >> 6));
        p[1] = (char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r < 0x10000) {
        p[0] = (char)(0xE0 | (r >> 12));
        p[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        p[2] = (char)(0x80 | (r & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (r >> 18));
    p[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    p[3] = (char)(0x80 | (r & 0x3F));
    return 4;
}

static int64_t rune_count(const char *s, int64_t n)
{
    int64_t c = 0;
    for (int64_t i = 0; i < n; c++) {
        int w;
        decode_rune((const unsigned char *)s + i, n - i, &w);
        i += w;
    }
    return c;
}

/* unicode.IsPrint, approximated outside ASCII: the C1 controls, the soft
 * hyphen and the non-characters are not printable. */
static bool is_print(int32_t r)
{
    if (r < 0x20 || r == 0x7F)
        return false;
    if (r < 0x7F)
        return true;
    if (r < 0xA0 || r == 0xAD)
        return false;
    if ((r & 0xFFFE) == 0xFFFE || (r >= 0xFDD0 && r <= 0xFDEF))
        return false;
    if (r >= 0x2028 && r <= 0x2029)
        return false;
    return true;
}

/* ================================================================ strconv quoting */

static void put_hex(isb *b, const char *prefix, uint32_t v, int digits)
{
    lang__sb_puts(b, prefix);
    for (int i = digits - 1; i >= 0; i--)
        lang__sb_putc(b, ldigits[(v >> (4 * i)) & 0xF]);
}

/* strconv's appendEscapedRune. */
static void escaped_rune(isb *b, int32_t r, char quote, bool ascii_only)
{
    char tmp[4];
    if (r == quote || r == '\\') {
        lang__sb_putc(b, '\\');
        lang__sb_putc(b, (char)r);
        return;
    }
    if (ascii_only ? (r < 0x80 && is_print(r)) : is_print(r)) {
        lang__sb_put(b, tmp, (size_t)encode_rune(tmp, r));
        return;
    }
    switch (r) {
    case '\a':
        lang__sb_puts(b, "\\a");
        return;
    case '\b':
        lang__sb_puts(b, "\\b");
        return;
    case '\f':
        lang__sb_puts(b, "\\f");
        return;
    case '\n':
        lang__sb_puts(b, "\\n");
        return;
    case '\r':
        lang__sb_puts(b, "\\r");
        return;
    case '\t':
        lang__sb_puts(b, "\\t");
        return;
    case '\v':
        lang__sb_puts(b, "\\v");
        return;
    default:
        break;
    }
    if (r < ' ' || r == 0x7F)
        put_hex(b, "\\x", (uint32_t)r, 2);
    else if (r < 0x10000)
        put_hex(b, "\\u", (uint32_t)r, 4);
    else
        put_hex(b, "\\U", (uint32_t)r, 8);
}

/* strconv.Quote / QuoteToASCII. */
static void quote(isb *b, const char *s, int64_t n, bool ascii_only)
{
    lang__sb_putc(b, '"');
    for (int64_t i = 0; i < n;) {
        int w;
        int32_t r = decode_rune((const unsigned char *)s + i, n - i, &w);
        if (w == 1 && r == RUNE_ERROR) {
            put_hex(b, "\\x", (unsigned char)s[i], 2);
            i++;
            continue;
        }
        escaped_rune(b, r, '"', ascii_only);
        i += w;
    }
    lang__sb_putc(b, '"');
}

/* strconv.QuoteRune / QuoteRuneToASCII. */
static void quote_rune(isb *b, int64_t r, bool ascii_only)
{
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        r = RUNE_ERROR;
    lang__sb_putc(b, '\'');
    escaped_rune(b, (int32_t)r, '\'', ascii_only);
    lang__sb_putc(b, '\'');
}

static bool can_backquote(const char *s, int64_t n)
{
    for (int64_t i = 0; i < n;) {
        int w;
        int32_t r = decode_rune((const unsigned char *)s + i, n - i, &w);
        if (w == 1 && r == RUNE_ERROR)
            return false;
        if (r == '`' || r == RUNE_ERROR || r == 0xFEFF)
            return false;
        if (r < ' ' && r != '\t')
            return false;
        if (r == 0x7F)
            return false;
        i += w;
    }
    return true;
}

/* ================================================================ time.Duration */

void lang__fmt_duration(isb *b, int64_t d)
{
    char buf[40];
    int w = (int)sizeof buf;
    uint64_t u = (uint64_t)d;
    bool neg = d < 0;
    if (neg)
        u = 0 - u;
    if (u < 1000000000ull) {
        int prec;
        buf[--w] = 's';
        w--;
        if (u == 0) {
            lang__sb_puts(b, "0s");
            return;
        } else if (u < 1000ull) {
            prec = 0;
            buf[w] = 'n';
        } else if (u < 1000000ull) {
            prec = 3;
            w--; /* U+00B5 'µ' is two bytes */
            buf[w] = (char)0xC2;
            buf[w + 1] = (char)0xB5;
        } else {
            prec = 6;
            buf[w] = 'm';
        }
        bool print = false;
        for (int i = 0; i < prec; i++) {
            unsigned digit = (unsigned)(u % 10);
            print = print || digit != 0;
            if (print)
                buf[--w] = (char)('0' + digit);
            u /= 10;
        }
        if (print)
            buf[--w] = '.';
        if (u == 0)
            buf[--w] = '0';
        for (; u > 0; u /= 10)
            buf[--w] = (char)('0' + u % 10);
    } else {
        buf[--w] = 's';
        bool print = false;
        for (int i = 0; i < 9; i++) {
            unsigned digit = (unsigned)(u % 10);
            print = print || digit != 0;
            if (print)
                buf[--w] = (char)('0' + digit);
            u /= 10;
        }
        if (print)
            buf[--w] = '.';
        uint64_t s = u % 60;
        if (s == 0)
            buf[--w] = '0';
        for (; s > 0; s /= 10)
            buf[--w] = (char)('0' + s % 10);
        u /= 60;
        if (u > 0) {
            buf[--w] = 'm';
            uint64_t m = u % 60;
            if (m == 0)
                buf[--w] = '0';
            for (; m > 0; m /= 10)
                buf[--w] = (char)('0' + m % 10);
            u /= 60;
            if (u > 0) {
                buf[--w] = 'h';
                for (; u > 0; u /= 10)
                    buf[--w] = (char)('0' + u % 10);
            }
        }
    }
    if (neg)
        buf[--w] = '-';
    lang__sb_put(b, buf + w, sizeof buf - (size_t)w);
}

/* ================================================================ the printer state */

typedef struct pp {
    interp *I;
    isb *b;
    bool plus, minus, sharp, space, zero, plus_v, sharp_v;
    bool wid_present, prec_present;
    int64_t wid, prec;
    bool erroring;  /* printing a bad-verb report: no methods */
    bool panicking; /* printing what a String or Error method panicked with */
    bool wrap;      /* Errorf: %w is allowed */
    /* what a bad-verb report names: the argument (arg_t) or, inside
     * printValue, the value being printed (value_t) */
    const lang_type *arg_t, *value_t;
    iv arg_v, value_v;
    bool value_ro;
} pp;

static void clear_flags(pp *p)
{
    p->plus = p->minus = p->sharp = p->space = p->zero = false;
    p->plus_v = p->sharp_v = false;
    p->wid_present = p->prec_present = false;
    p->wid = p->prec = 0;
}

static void write_padding(pp *p, int64_t n)
{
    char c = p->zero ? '0' : ' ';
    for (int64_t i = 0; i < n; i++)
        lang__sb_putc(p->b, c);
}

/* fmt.pad / padString: width counts runes. */
static void pad(pp *p, const char *s, int64_t n)
{
    if (!p->wid_present || p->wid == 0) {
        lang__sb_put(p->b, s, (size_t)n);
        return;
    }
    int64_t width = p->wid - rune_count(s, n);
    if (!p->minus) {
        write_padding(p, width);
        lang__sb_put(p->b, s, (size_t)n);
    } else {
        lang__sb_put(p->b, s, (size_t)n);
        write_padding(p, width);
    }
}

static void pad_str(pp *p, const char *s)
{
    pad(p, s, (int64_t)strlen(s));
}

static void print_arg(pp *p, const lang_type *t, iv v, int verb);
static void print_value(pp *p, const lang_type *t, iv v, int verb, int depth, bool ro);

static void put_verb(pp *p, int verb)
{
    char tmp[4];
    lang__sb_put(p->b, tmp, (size_t)encode_rune(tmp, verb));
}

static void bad_verb(pp *p, int verb)
{
    p->erroring = true;
    lang__sb_puts(p->b, "%!");
    put_verb(p, verb);
    lang__sb_putc(p->b, '(');
    if (p->arg_t) {
        lang__val_type_name(p->b, p->arg_t);
        lang__sb_putc(p->b, '=');
        print_arg(p, p->arg_t, p->arg_v, 'v');
    } else if (p->value_t) {
        lang__val_type_name(p->b, p->value_t);
        lang__sb_putc(p->b, '=');
        print_value(p, p->value_t, p->value_v, 'v', 0, p->value_ro);
    } else {
        lang__sb_puts(p->b, "<nil>");
    }
    lang__sb_putc(p->b, ')');
    p->erroring = false;
}

/* ================================================================ numbers, booleans, strings */

/* fmt.fmtInteger. */
static void fmt_integer_base(pp *p, uint64_t u, int base, bool is_signed, int verb,
                             const char *digits)
{
    bool negative = is_signed && (int64_t)u < 0;
    if (negative)
        u = 0 - u;
    char small[80];
    size_t size = sizeof small;
    if (p->wid_present || p->prec_present) {
        size_t need = (size_t)(3 + p->wid + p->prec);
        if (need > size)
            size = need;
    }
    char *buf = size > sizeof small ? lang__interp_alloc(size) : small;
    int64_t prec = 0;
    if (p->prec_present) {
        prec = p->prec;
        if (prec == 0 && u == 0) {
            bool old = p->zero;
            p->zero = false;
            write_padding(p, p->wid);
            p->zero = old;
            return;
        }
    } else if (p->zero && p->wid_present) {
        prec = p->wid;
        if (negative || p->plus || p->space)
            prec--;
    }
    size_t i = size;
    switch (base) {
    case 10:
        for (; u >= 10; u /= 10)
            buf[--i] = (char)('0' + u % 10);
        break;
    case 16:
        for (; u >= 16; u >>= 4)
            buf[--i] = digits[u & 0xF];
        break;
    case 8:
        for (; u >= 8; u >>= 3)
            buf[--i] = (char)('0' + (u & 7));
        break;
    case 2:
        for (; u >= 2; u >>= 1)
            buf[--i] = (char)('0' + (u & 1));
        break;
    default:
        break;
    }
    buf[--i] = digits[u];
    while (i > 0 && prec > (int64_t)(size - i))
        buf[--i] = '0';
    if (p->sharp) {
        switch (base) {
        case 2:
            buf[--i] = 'b';
            buf[--i] = '0';
            break;
        case 8:
            if (buf[i] != '0')
                buf[--i] = '0';
            break;
        case 16:
            buf[--i] = digits[16];
            buf[--i] = '0';
            break;
        default:
            break;
        }
    }
    if (verb == 'O') {
        buf[--i] = 'o';
        buf[--i] = '0';
    }
    if (negative)
        buf[--i] = '-';
    else if (p->plus)
        buf[--i] = '+';
    else if (p->space)
        buf[--i] = ' ';
    bool old = p->zero;
    p->zero = false;
    pad(p, buf + i, (int64_t)(size - i));
    p->zero = old;
}

static void fmt_0x64(pp *p, uint64_t v, bool leading0x)
{
    bool sharp = p->sharp;
    p->sharp = leading0x;
    fmt_integer_base(p, v, 16, false, 'v', ldigits);
    p->sharp = sharp;
}

static void fmt_c(pp *p, uint64_t c)
{
    char tmp[4];
    int32_t r = c > 0x10FFFF ? RUNE_ERROR : (int32_t)c;
    pad(p, tmp, encode_rune(tmp, r));
}

static void fmt_qc(pp *p, uint64_t c)
{
    char small[32];
    isb b;
    lang__sb_init(&b, small, sizeof small);
    quote_rune(&b, c > 0x10FFFF ? RUNE_ERROR : (int64_t)c, p->plus);
    pad(p, b.p, (int64_t)b.len);
}

static void fmt_unicode(pp *p, uint64_t u)
{
    char tmp[40];
    isb b;
    lang__sb_init(&b, tmp, sizeof tmp);
    lang__sb_puts(&b, "U+");
    char hex[20];
    int n = 0;
    for (uint64_t x = u; x > 0 || n == 0; x >>= 4)
        hex[n++] = udigits[x & 0xF];
    for (int i = n; i < 4; i++)
        lang__sb_putc(&b, '0');
    while (n > 0)
        lang__sb_putc(&b, hex[--n]);
    if (p->sharp && u <= 0x10FFFF && is_print((int32_t)u)) {
        char r[4];
        lang__sb_puts(&b, " '");
        lang__sb_put(&b, r, (size_t)encode_rune(r, (int32_t)u));
        lang__sb_putc(&b, '\'');
    }
    bool old = p->zero;
    p->zero = false;
    pad(p, b.p, (int64_t)b.len);
    p->zero = old;
}

/* pp.fmtInteger. */
static void fmt_integer(pp *p, uint64_t v, bool is_signed, int verb)
{
    switch (verb) {
    case 'v':
        if (p->sharp_v && !is_signed)
            fmt_0x64(p, v, true);
        else
            fmt_integer_base(p, v, 10, is_signed, verb, ldigits);
        return;
    case 'd':
        fmt_integer_base(p, v, 10, is_signed, verb, ldigits);
        return;
    case 'b':
        fmt_integer_base(p, v, 2, is_signed, verb, ldigits);
        return;
    case 'o':
    case 'O':
        fmt_integer_base(p, v, 8, is_signed, verb, ldigits);
        return;
    case 'x':
        fmt_integer_base(p, v, 16, is_signed, verb, ldigits);
        return;
    case 'X':
        fmt_integer_base(p, v, 16, is_signed, verb, udigits);
        return;
    case 'c':
        fmt_c(p, v);
        return;
    case 'q':
        fmt_qc(p, v);
        return;
    case 'U':
        fmt_unicode(p, v);
        return;
    default:
        bad_verb(p, verb);
        return;
    }
}

static void fmt_bool(pp *p, bool v, int verb)
{
    if (verb == 't' || verb == 'v')
        pad_str(p, v ? "true" : "false");
    else
        bad_verb(p, verb);
}

/* Truncates s to the precision, in runes. */
static int64_t truncated(const pp *p, const char *s, int64_t n)
{
    if (!p->prec_present)
        return n;
    int64_t i = 0;
    for (int64_t k = 0; i < n && k < p->prec; k++) {
        int w;
        decode_rune((const unsigned char *)s + i, n - i, &w);
        i += w;
    }
    return i;
}

static void fmt_sx(pp *p, const char *s, int64_t n, const char *digits)
{
    char small[128];
    isb b;
    lang__sb_init(&b, small, sizeof small);
    int64_t len = n;
    if (p->prec_present && p->prec < len)
        len = p->prec;
    for (int64_t i = 0; i < len; i++) {
        if (p->space && i > 0)
            lang__sb_putc(&b, ' ');
        if (p->sharp && (p->space || i == 0)) {
            lang__sb_putc(&b, '0');
            lang__sb_putc(&b, digits[16]);
        }
        unsigned char c = (unsigned char)s[i];
        lang__sb_putc(&b, digits[c >> 4]);
        lang__sb_putc(&b, digits[c & 0xF]);
    }
    pad(p, b.p, (int64_t)b.len);
}

static void fmt_q(pp *p, const char *s, int64_t n)
{
    n = truncated(p, s, n);
    char small[128];
    isb b;
    lang__sb_init(&b, small, sizeof small);
    if (p->sharp && can_backquote(s, n)) {
        lang__sb_putc(&b, '`');
        lang__sb_put(&b, s, (size_t)n);
        lang__sb_putc(&b, '`');
    } else {
        quote(&b, s, n, p->plus);
    }
    pad(p, b.p, (int64_t)b.len);
}

static void fmt_string(pp *p, const char *s, int64_t n, int verb)
{
    switch (verb) {
    case 'v':
        if (p->sharp_v)
            fmt_q(p, s, n);
        else
            pad(p, s, truncated(p, s, n));
        return;
    case 's':
        pad(p, s, truncated(p, s, n));
        return;
    case 'x':
        fmt_sx(p, s, n, ldigits);
        return;
    case 'X':
        fmt_sx(p, s, n, udigits);
        return;
    case 'q':
        fmt_q(p, s, n);
        return;
    default:
        bad_verb(p, verb);
        return;
    }
}

/* ================================================================ methods */

static bool is_error_payload(const lang_type *t)
{
    return t == &lang__it_errstring || t == &lang__it_wraperror || t == &lang__it_rterror ||
           t == &lang__it_plainerror;
}

static bool is_duration(const lang_type *t)
{
    return t && t->kind == LANG_T_NAMED && !t->decl && !is_error_payload(t) &&
           lang__val_under(t)->kind == LANG_T_INT64;
}

/* What catchPanic knows: the printer, the argument, the verb, the method. */
typedef struct fmt_catch {
    pp *p;
    const lang_type *t;
    iv v;
    int verb;
    const char *method;
} fmt_catch;

/* pp.catchPanic, inside the deferred call that recovered pv (not nil). */
static void catch_panic(void *ctx, rt_value pv)
{
    fmt_catch *k = ctx;
    pp *p = k->p;
    const lang_type *u = lang__val_under(k->t);
    if (u && u->kind == LANG_T_POINTER && !k->v.u.p) {
        pad_str(p, "<nil>"); /* a nil pointer receiver: "<nil>" */
        return;
    }
    if (p->panicking) /* nested: printing the panic value cannot succeed */
        rt_panic(pv);
    pp saved = *p;
    clear_flags(p);
    lang__sb_puts(p->b, "%!");
    put_verb(p, k->verb);
    lang__sb_puts(p->b, "(PANIC=");
    lang__sb_puts(p->b, k->method);
    lang__sb_puts(p->b, " method: ");
    p->panicking = true;
    static const lang_type any_t = {.kind = LANG_T_ANY};
    print_arg(p, &any_t, lang__val_from_recover(pv), 'v');
    lang__sb_putc(p->b, ')');
    *p = saved; /* the flags and what a bad-verb report names, as they were */
}

/* pp.handleMethods: Error() then String() for %v %s %x %X %q. */
static bool handle_methods(pp *p, const lang_type *t, iv v, int *verb)
{
    if (p->erroring)
        return false;
    if (*verb == 'w') {
        if (!p->wrap || !(is_error_payload(t) || lang__val_is_iface(t))) {
            bad_verb(p, *verb);
            return true;
        }
        *verb = 'v';
    }
    if (p->sharp_v)
        return false;
    switch (*verb) {
    case 'v':
    case 's':
    case 'x':
    case 'X':
    case 'q':
        break;
    default:
        return false;
    }
    if (is_error_payload(t)) {
        const ierr *e = v.u.p;
        fmt_string(p, e->s, e->n, *verb);
        return true;
    }
    if (is_duration(t)) {
        char small[40];
        isb b;
        lang__sb_init(&b, small, sizeof small);
        lang__fmt_duration(&b, v.u.i);
        fmt_string(p, b.p, (int64_t)b.len, *verb);
        return true;
    }
    bool deref;
    const char *method = "Error";
    const lang_func *m = lang__call_find_method(t, method, &deref);
    if (!m)
        m = lang__call_find_method(t, method = "String", &deref);
    if (!m)
        return false;
    if (deref && !v.u.p) {
        /* The method would panic on the nil receiver; fmt prints <nil>. */
        pad_str(p, "<nil>");
        return true;
    }
    /* fmt's catchPanic: the method runs with a deferred recover */
    fmt_catch k = {p, t, v, *verb, method};
    rt_value pv;
    int how;
    iv s = lang__call_string_method_caught(p->I, m, t, v, deref, catch_panic, &k, &how, &pv);
    if (how == 0)
        fmt_string(p, s.u.s, s.n, *verb);
    return true;
}

/* ================================================================ values */

static void fmt_pointer(pp *p, const lang_type *t, iv v, int verb)
{
    uint64_t u = v.u.p ? FAKE_ADDR : 0;
    switch (verb) {
    case 'v':
        if (p->sharp_v) {
            lang__sb_putc(p->b, '(');
            lang__val_type_name(p->b, t);
            lang__sb_puts(p->b, ")(");
            if (u == 0)
                lang__sb_puts(p->b, "nil");
            else
                fmt_0x64(p, u, true);
            lang__sb_putc(p->b, ')');
        } else if (u == 0) {
            pad_str(p, "<nil>");
        } else {
            fmt_0x64(p, u, !p->sharp);
        }
        return;
    case 'p':
        fmt_0x64(p, u, !p->sharp);
        return;
    case 'b':
    case 'o':
    case 'd':
    case 'x':
    case 'X':
        fmt_integer(p, u, false, verb);
        return;
    default:
        bad_verb(p, verb);
        return;
    }
}

/* sync values print as Go 1.19's structs would in their zero state (the
 * runtime's state of a lock is not shown). */
static void print_sync(pp *p, lang_tkind k)
{
    const char *plain = "{0 0}", *plus = "{state:0 sema:0}";
    switch (k) {
    case LANG_T_WAITGROUP:
        plain = "{{} 0 0}";
        plus = "{noCopy:{} state1:0 state2:0}";
        break;
    case LANG_T_RWMUTEX:
        plain = "{{0 0} 0 0 0 0}";
        plus = "{w:{state:0 sema:0} writerSem:0 readerSem:0 readerCount:0 readerWait:0}";
        break;
    case LANG_T_ONCE:
        plain = "{0 {0 0}}";
        plus = "{done:0 m:{state:0 sema:0}}";
        break;
    default:
        break;
    }
    lang__sb_puts(p->b, p->plus_v ? plus : plain);
}

static bool exported(const char *name)
{
    return name && name[0] >= 'A' && name[0] <= 'Z';
}

static void print_struct(pp *p, const lang_type *t, const lang_type *u, iv v, int verb, int depth,
                         bool ro)
{
    if (p->sharp_v)
        lang__val_type_name(p->b, t);
    lang__sb_putc(p->b, '{');
    const iv *st = v.u.p;
    if (lang__acc_fn)
        lang__acc_fields(u, st, false);
    for (uint32_t i = 0; i < u->nfields; i++) {
        if (i > 0)
            lang__sb_puts(p->b, p->sharp_v ? ", " : " ");
        if (p->plus_v || p->sharp_v) {
            lang__sb_puts(p->b, u->fields[i].name);
            lang__sb_putc(p->b, ':');
        }
        print_value(p, u->fields[i].type, st[i], verb, depth + 1,
                    ro || !exported(u->fields[i].name));
    }
    lang__sb_putc(p->b, '}');
}

/* Virtual time as a time.Time: the epoch plus the virtual clock. */
static void print_time(pp *p, int64_t ns)
{
    char small[64];
    isb b;
    lang__sb_init(&b, small, sizeof small);
    lang__sb_puts(&b, "1970-01-01 00:00:00 +0000 UTC m=+");
    lang__sb_int(&b, ns / 1000000000);
    lang__sb_putc(&b, '.');
    char frac[10];
    int64_t f = ns % 1000000000;
    for (int i = 8; i >= 0; i--, f /= 10)
        frac[i] = (char)('0' + f % 10);
    lang__sb_put(&b, frac, 9);
    pad(p, b.p, (int64_t)b.len);
}

/* The pseudo types when their methods were not used (%d of an error). */
static void print_error_payload(pp *p, const lang_type *t, iv v, int verb, int depth)
{
    const ierr *e = v.u.p;
    static const lang_type strt = {.kind = LANG_T_STRING};
    iv s = lang__val_str(e->s, e->n);
    if (t == &lang__it_rterror || t == &lang__it_plainerror) {
        p->value_t = t;
        fmt_string(p, e->s, e->n, verb);
        return;
    }
    /* *errors.errorString{s string} and *fmt.wrapError{msg string, ...} */
    if (depth > 0) {
        fmt_pointer(p, t, v, verb);
        return;
    }
    lang__sb_puts(p->b, "&{");
    print_value(p, &strt, s, verb, depth + 1, true);
    lang__sb_putc(p->b, '}');
}

/* pp.printValue. */
static void print_value(pp *p, const lang_type *t, iv v, int verb, int depth, bool ro)
{
    if (depth > 0 && !ro) {
        p->arg_t = t;
        p->arg_v = v;
        if (handle_methods(p, t, v, &verb))
            return;
    }
    p->arg_t = NULL;
    p->value_t = t;
    p->value_v = v;
    p->value_ro = ro;
    if (is_error_payload(t)) {
        print_error_payload(p, t, v, verb, depth);
        return;
    }
    const lang_type *u = lang__val_under(t);
    switch (u->kind) {
    case LANG_T_BOOL:
        fmt_bool(p, v.u.i != 0, verb);
        return;
    case LANG_T_INT:
    case LANG_T_INT64:
        fmt_integer(p, (uint64_t)v.u.i, true, verb);
        return;
    case LANG_T_STRING:
        fmt_string(p, v.u.s, v.n, verb);
        return;
    case LANG_T_TIME:
        print_time(p, v.u.i);
        return;
    case LANG_T_STRUCT:
        print_struct(p, t, u, v, verb, depth, ro);
        return;
    case LANG_T_ANY:
    case LANG_T_ERROR: {
        const ibox *b = v.u.p;
        if (!b) {
            if (p->sharp_v) {
                lang__val_type_name(p->b, t);
                lang__sb_puts(p->b, "(nil)");
            } else {
                pad_str(p, "<nil>");
            }
            return;
        }
        print_value(p, b->t, b->v, verb, depth + 1, ro);
        return;
    }
    case LANG_T_POINTER:
        if (depth == 0 && v.u.p) {
            const lang_type *eu = lang__val_under(u->elem);
            if (eu->kind == LANG_T_STRUCT) {
                lang__sb_putc(p->b, '&');
                print_value(p, u->elem, v, verb, depth + 1, ro);
                return;
            }
            if (lang__val_is_sync(u->elem)) {
                lang__sb_putc(p->b, '&');
                print_sync(p, eu->kind);
                return;
            }
        }
        fmt_pointer(p, t, v, verb);
        return;
    case LANG_T_CHAN:
    case LANG_T_FUNC:
        fmt_pointer(p, t, v, verb);
        return;
    case LANG_T_WAITGROUP:
    case LANG_T_MUTEX:
    case LANG_T_RWMUTEX:
    case LANG_T_ONCE:
        print_sync(p, u->kind);
        return;
    default:
        /* Not a type of the subset (a checker gap): print it as a pointer. */
        fmt_pointer(p, t, v, verb);
        return;
    }
}

/* pp.printArg. */
static void print_arg(pp *p, const lang_type *t, iv v, int verb)
{
    iv dv;
    const lang_type *dt = lang__val_dynamic(t, v, &dv);
    p->arg_t = dt;
    p->arg_v = dv;
    p->value_t = NULL;
    if (!dt) {
        if (verb == 'T' || verb == 'v')
            pad_str(p, "<nil>");
        else
            bad_verb(p, verb);
        return;
    }
    if (verb == 'T') {
        char small[64];
        isb b;
        lang__sb_init(&b, small, sizeof small);
        lang__val_type_name(&b, dt);
        fmt_string(p, b.p, (int64_t)b.len, 's');
        return;
    }
    if (verb == 'p') {
        fmt_pointer(p, dt, dv, 'p');
        return;
    }
    /* Basic types are printed directly (no methods to look for). */
    switch (dt->kind) {
    case LANG_T_BOOL:
        fmt_bool(p, dv.u.i != 0, verb);
        return;
    case LANG_T_INT:
    case LANG_T_INT64:
        fmt_integer(p, (uint64_t)dv.u.i, true, verb);
        return;
    case LANG_T_STRING:
        fmt_string(p, dv.u.s, dv.n, verb);
        return;
    default:
        break;
    }
    if (handle_methods(p, dt, dv, &verb))
        return;
    print_value(p, dt, dv, verb, 0, false);
}

/* ================================================================ Print, Println, Printf */

static void pp_init(pp *p, interp *I, isb *b)
{
    memset(p, 0, sizeof *p);
    p->I = I;
    p->b = b;
}

void lang__fmt_sprint(interp *I, isb *b, const iv *vals, const lang_type *const *types, uint32_t n,
                      bool ln)
{
    pp p;
    pp_init(&p, I, b);
    bool prev_string = false;
    for (uint32_t i = 0; i < n; i++) {
        if (ln) {
            if (i > 0)
                lang__sb_putc(b, ' ');
        } else {
            /* Print: a space between operands when neither is a string. */
            iv dv;
            const lang_type *dt = lang__val_dynamic(types[i], vals[i], &dv);
            const lang_type *du = dt ? lang__val_under(dt) : NULL;
            bool is_string = du && du->kind == LANG_T_STRING && !is_error_payload(dt);
            if (i > 0 && !is_string && !prev_string)
                lang__sb_putc(b, ' ');
            prev_string = is_string;
        }
        clear_flags(&p);
        print_arg(&p, types[i], vals[i], 'v');
    }
    if (ln)
        lang__sb_putc(b, '\n');
}

/* Parses a decimal number at fmt[*i]; false if there is none. */
static bool parse_num(const char *s, int64_t end, int64_t *i, int64_t *num)
{
    if (*i >= end || s[*i] < '0' || s[*i] > '9')
        return false;
    int64_t v = 0;
    for (; *i < end && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
        if (v > 1000000)
            return false; /* fmt's tooLarge */
        v = v * 10 + (s[*i] - '0');
    }
    *num = v;
    return true;
}

/* A '*' width or precision: the next argument, which must be an int. */
static bool int_arg(const iv *vals, const lang_type *const *types, uint32_t n, uint32_t *argnum,
                    int64_t *out)
{
    if (*argnum >= n)
        return false;
    iv dv;
    const lang_type *dt = lang__val_dynamic(types[*argnum], vals[*argnum], &dv);
    (*argnum)++;
    const lang_type *du = dt ? lang__val_under(dt) : NULL;
    if (!du || (du->kind != LANG_T_INT && du->kind != LANG_T_INT64))
        return false;
    *out = dv.u.i;
    return *out >= -1000000 && *out <= 1000000;
}

void lang__fmt_sprintf(interp *I, isb *b, iv format, const iv *vals, const lang_type *const *types,
                       uint32_t n)
{
    pp p;
    pp_init(&p, I, b);
    p.wrap = true;
    const char *s = format.u.s;
    int64_t end = format.n;
    uint32_t argnum = 0;
    for (int64_t i = 0; i < end;) {
        int64_t lasti = i;
        while (i < end && s[i] != '%')
            i++;
        if (i > lasti)
            lang__sb_put(b, s + lasti, (size_t)(i - lasti));
        if (i >= end)
            break;
        i++; /* skip % */
        clear_flags(&p);
        bool fast = false;
        for (; i < end; i++) {
            char c = s[i];
            if (c == '#') {
                p.sharp = true;
            } else if (c == '0') {
                p.zero = !p.minus;
            } else if (c == '+') {
                p.plus = true;
            } else if (c == '-') {
                p.minus = true;
                p.zero = false;
            } else if (c == ' ') {
                p.space = true;
            } else {
                if (c >= 'a' && c <= 'z' && argnum < n) {
                    if (c == 'v') {
                        p.sharp_v = p.sharp;
                        p.sharp = false;
                        p.plus_v = p.plus;
                        p.plus = false;
                    }
                    print_arg(&p, types[argnum], vals[argnum], c);
                    argnum++;
                    i++;
                    fast = true;
                }
                break;
            }
        }
        if (fast)
            continue;
        /* width */
        if (i < end && s[i] == '*') {
            i++;
            p.wid_present = int_arg(vals, types, n, &argnum, &p.wid);
            if (!p.wid_present)
                lang__sb_puts(b, "%!(BADWIDTH)");
            if (p.wid < 0) {
                p.wid = -p.wid;
                p.minus = true;
                p.zero = false;
            }
        } else {
            p.wid_present = parse_num(s, end, &i, &p.wid);
        }
        /* precision */
        if (i + 1 < end && s[i] == '.') {
            i++;
            if (s[i] == '*') {
                i++;
                p.prec_present = int_arg(vals, types, n, &argnum, &p.prec);
                if (p.prec < 0) {
                    p.prec = 0;
                    p.prec_present = false;
                }
                if (!p.prec_present)
                    lang__sb_puts(b, "%!(BADPREC)");
            } else {
                p.prec_present = parse_num(s, end, &i, &p.prec);
                if (!p.prec_present) {
                    p.prec = 0;
                    p.prec_present = true;
                }
            }
        }
        if (i >= end) {
            lang__sb_puts(b, "%!(NOVERB)");
            break;
        }
        int w;
        int32_t verb = decode_rune((const unsigned char *)s + i, end - i, &w);
        i += w;
        if (verb == '%') {
            lang__sb_putc(b, '%');
        } else if (argnum >= n) {
            lang__sb_puts(b, "%!");
            put_verb(&p, verb);
            lang__sb_puts(b, "(MISSING)");
        } else {
            if (verb == 'v') {
                p.sharp_v = p.sharp;
                p.sharp = false;
                p.plus_v = p.plus;
                p.plus = false;
            }
            print_arg(&p, types[argnum], vals[argnum], verb);
            argnum++;
        }
    }
    if (argnum < n) {
        clear_flags(&p);
        lang__sb_puts(b, "%!(EXTRA ");
        for (uint32_t k = argnum; k < n; k++) {
            if (k > argnum)
                lang__sb_puts(b, ", ");
            iv dv;
            const lang_type *dt = lang__val_dynamic(types[k], vals[k], &dv);
            if (!dt) {
                lang__sb_puts(b, "<nil>");
            } else {
                lang__val_type_name(b, dt);
                lang__sb_putc(b, '=');
                print_arg(&p, types[k], vals[k], 'v');
            }
        }
        lang__sb_putc(b, ')');
    }
}

/* ================================================================ print, println */

static void print_hex(isb *b, uint64_t v)
{
    char tmp[24];
    int i = (int)sizeof tmp;
    do {
        tmp[--i] = ldigits[v & 0xF];
        v >>= 4;
    } while (v);
    tmp[--i] = 'x';
    tmp[--i] = '0';
    lang__sb_put(b, tmp + i, sizeof tmp - (size_t)i);
}

void lang__fmt_print_builtin(isb *b, const iv *vals, const lang_type *const *types, uint32_t n,
                             bool ln)
{
    for (uint32_t i = 0; i < n; i++) {
        if (ln && i > 0)
            lang__sb_putc(b, ' ');
        const lang_type *t = types[i];
        const lang_type *u = lang__val_under(t);
        switch (u ? u->kind : LANG_T_UNTYPED_NIL) {
        case LANG_T_BOOL:
            lang__sb_puts(b, vals[i].u.i ? "true" : "false");
            break;
        case LANG_T_INT:
        case LANG_T_INT64:
            lang__sb_int(b, vals[i].u.i);
            break;
        case LANG_T_STRING:
            lang__sb_put(b, vals[i].u.s, (size_t)vals[i].n);
            break;
        case LANG_T_ANY:
        case LANG_T_ERROR:
            /* printeface / printiface: (type word, data word) */
            lang__sb_putc(b, '(');
            print_hex(b, vals[i].u.p ? FAKE_TYPE : 0);
            lang__sb_putc(b, ',');
            print_hex(b, vals[i].u.p ? FAKE_ADDR : 0);
            lang__sb_putc(b, ')');
            break;
        case LANG_T_UNTYPED_NIL:
            lang__sb_puts(b, "nil");
            break;
        default:
            print_hex(b, vals[i].u.p ? FAKE_ADDR : 0);
            break;
        }
    }
    if (ln)
        lang__sb_putc(b, '\n');
}
