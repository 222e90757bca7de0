/* tabwriter.c - the layout stage of the Go printer: a port of Go's
 * text/tabwriter with gofmt's settings (minwidth 0, tabwidth 8, padding 1,
 * padchar ' ', DiscardEmptyColumns | TabIndent) followed by go/printer's
 * trimmer (drops escape bytes and trailing blanks, turns \f into \n).
 *
 * Input: cells terminated by '\t' (hard: indentation) or '\v' (soft:
 * alignment), lines by '\n' or '\f' (which also ends every column
 * block), and LANG_TAB_ESC-delimited text copied verbatim.
 */
#include <stdlib.h>
#include <string.h>

#include "front.h"

typedef struct tcell {
    size_t size;  /* bytes of text */
    size_t width; /* runes of text, escapes excluded */
    bool htab;    /* terminated by '\t' */
} tcell;

typedef struct tline {
    tcell *cells;
    size_t n, cap;
} tline;

typedef struct tw {
    lang_buf buf;   /* text of all cells */
    size_t pos;     /* width computed up to here */
    tcell cell;     /* current incomplete cell */
    bool in_escape; /* inside LANG_TAB_ESC ... LANG_TAB_ESC */
    tline *lines;
    size_t nlines, caplines;
    size_t *widths;
    size_t nwidths, capwidths;
    /* trimmer state */
    lang_buf *out;
    lang_buf space; /* pending blanks */
    int tstate;     /* 0 in space, 1 in escape, 2 in text */
} tw;

/* ------------------------------------------------------------ trimmer */

static void trim_write(tw *t, const char *data, size_t len)
{
    size_t m = 0;
    for (size_t n = 0; n < len; n++) {
        char b = data[n];
        if (b == '\v')
            b = '\t';
        switch (t->tstate) {
        case 0:
            if (b == '\t' || b == ' ') {
                lang__buf_putc(&t->space, b);
            } else if (b == '\n' || b == '\f') {
                t->space.len = 0;
                lang__buf_putc(t->out, '\n');
            } else if (b == LANG_TAB_ESC) {
                lang__buf_put(t->out, t->space.data, t->space.len);
                t->space.len = 0;
                t->tstate = 1;
                m = n + 1;
            } else {
                lang__buf_put(t->out, t->space.data, t->space.len);
                t->space.len = 0;
                t->tstate = 2;
                m = n;
            }
            break;
        case 1:
            if (b == LANG_TAB_ESC) {
                lang__buf_put(t->out, data + m, n - m);
                t->space.len = 0;
                t->tstate = 0;
            }
            break;
        default:
            if (b == '\t' || b == ' ') {
                lang__buf_put(t->out, data + m, n - m);
                t->space.len = 0;
                t->tstate = 0;
                lang__buf_putc(&t->space, b);
            } else if (b == '\n' || b == '\f') {
                lang__buf_put(t->out, data + m, n - m);
                t->space.len = 0;
                t->tstate = 0;
                lang__buf_putc(t->out, '\n');
            } else if (b == LANG_TAB_ESC) {
                lang__buf_put(t->out, data + m, n - m);
                t->tstate = 1;
                m = n + 1;
            }
        }
    }
    if (t->tstate == 1 || t->tstate == 2) {
        lang__buf_put(t->out, data + m, len - m);
        t->space.len = 0;
        t->tstate = 0;
        /* a text or escape run that ends a write continues in the next one */
    }
}

/* ------------------------------------------------------------ tabwriter */

static void add_line(tw *t)
{
    if (t->nlines == t->caplines) {
        t->caplines = t->caplines ? t->caplines * 2 : 16;
        t->lines = lang__xrealloc(t->lines, t->caplines * sizeof *t->lines);
    }
    tline *l = &t->lines[t->nlines++];
    l->cells = NULL;
    l->n = l->cap = 0;
}

static void reset(tw *t)
{
    for (size_t i = 0; i < t->nlines; i++)
        free(t->lines[i].cells);
    t->buf.len = 0;
    t->pos = 0;
    memset(&t->cell, 0, sizeof t->cell);
    t->in_escape = false;
    t->nlines = 0;
    t->nwidths = 0;
    add_line(t);
}

static size_t rune_count(const char *s, size_t n)
{
    size_t r = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            r++;
    return r;
}

static void tw_append(tw *t, const char *s, size_t n)
{
    lang__buf_put(&t->buf, s, n);
    t->cell.size += n;
}

static void update_width(tw *t)
{
    t->cell.width += rune_count(t->buf.data + t->pos, t->buf.len - t->pos);
    t->pos = t->buf.len;
}

static size_t terminate_cell(tw *t, bool htab)
{
    t->cell.htab = htab;
    tline *l = &t->lines[t->nlines - 1];
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->cells = lang__xrealloc(l->cells, l->cap * sizeof *l->cells);
    }
    l->cells[l->n++] = t->cell;
    memset(&t->cell, 0, sizeof t->cell);
    return l->n;
}

static void write_padding(tw *t, lang_buf *o, size_t textw, size_t cellw, bool use_tabs)
{
    if (use_tabs) {
        cellw = (cellw + 7) / 8 * 8;
        size_t n = cellw - textw;
        for (size_t k = 0; k < (n + 7) / 8; k++)
            lang__buf_putc(o, '\t');
        return;
    }
    (void)t;
    for (size_t k = textw; k < cellw; k++)
        lang__buf_putc(o, ' ');
}

static size_t write_lines(tw *t, lang_buf *o, size_t pos, size_t line0, size_t line1)
{
    for (size_t i = line0; i < line1; i++) {
        tline *l = &t->lines[i];
        bool use_tabs = true;
        for (size_t j = 0; j < l->n; j++) {
            tcell *c = &l->cells[j];
            if (c->size == 0) {
                if (j < t->nwidths)
                    write_padding(t, o, c->width, t->widths[j], use_tabs);
            } else {
                use_tabs = false;
                lang__buf_put(o, t->buf.data + pos, c->size);
                pos += c->size;
                if (j < t->nwidths)
                    write_padding(t, o, c->width, t->widths[j], false);
            }
        }
        if (i + 1 == t->nlines) {
            lang__buf_put(o, t->buf.data + pos, t->cell.size);
            pos += t->cell.size;
        } else {
            lang__buf_putc(o, '\n');
        }
    }
    return pos;
}

static size_t format(tw *t, lang_buf *o, size_t pos, size_t line0, size_t line1)
{
    size_t column = t->nwidths;
    for (size_t this = line0; this < line1; this ++) {
        tline *l = &t->lines[this];
        if (!(l->n > 0 && column < l->n - 1))
            continue;
        pos = write_lines(t, o, pos, line0, this);
        line0 = this;
        size_t width = 0;
        bool discardable = true;
        for (; this < line1; this ++) {
            l = &t->lines[this];
            if (!(l->n > 0 && column < l->n - 1))
                break;
            tcell *c = &l->cells[column];
            if (c->width + 1 > width)
                width = c->width + 1;
            if (c->width > 0 || c->htab)
                discardable = false;
        }
        if (discardable)
            width = 0;
        if (t->nwidths == t->capwidths) {
            t->capwidths = t->capwidths ? t->capwidths * 2 : 16;
            t->widths = lang__xrealloc(t->widths, t->capwidths * sizeof *t->widths);
        }
        t->widths[t->nwidths++] = width;
        pos = format(t, o, pos, line0, this);
        t->nwidths--;
        line0 = this;
    }
    return write_lines(t, o, pos, line0, line1);
}

static void flush(tw *t)
{
    if (t->cell.size > 0) {
        if (t->in_escape) {
            update_width(t);
            t->cell.width -= 2;
            t->pos = t->buf.len;
            t->in_escape = false;
        }
        terminate_cell(t, false);
    }
    lang_buf o = {0};
    format(t, &o, 0, 0, t->nlines);
    if (o.len)
        trim_write(t, o.data, o.len);
    lang__buf_free(&o);
    reset(t);
}

void lang__tab_format(const char *in, size_t len, lang_buf *out)
{
    tw t;
    memset(&t, 0, sizeof t);
    t.out = out;
    reset(&t);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = in[i];
        if (!t.in_escape) {
            if (ch == '\t' || ch == '\v' || ch == '\n' || ch == '\f') {
                tw_append(&t, in + n, i - n);
                update_width(&t);
                n = i + 1;
                size_t ncells = terminate_cell(&t, ch == '\t');
                if (ch == '\n' || ch == '\f') {
                    add_line(&t);
                    if (ch == '\f' || ncells == 1)
                        flush(&t);
                }
            } else if (ch == LANG_TAB_ESC) {
                tw_append(&t, in + n, i - n);
                update_width(&t);
                n = i;
                t.in_escape = true;
            }
        } else if (ch == LANG_TAB_ESC) {
            tw_append(&t, in + n, i + 1 - n);
            n = i + 1;
            update_width(&t);
            t.cell.width -= 2;
            t.pos = t.buf.len;
            t.in_escape = false;
        }
    }
    tw_append(&t, in + n, len - n);
    flush(&t);
    for (size_t i = 0; i < t.nlines; i++)
        free(t.lines[i].cells);
    free(t.lines);
    free(t.widths);
    lang__buf_free(&t.buf);
    lang__buf_free(&t.space);
}
