/* arena.c - memory of a loaded program: an arena that frees everything at
 * once, a growable byte buffer, and malloc wrappers.
 *
 * Every AST node, type and string of a program comes from its arena, so
 * lang_free() is one walk over a list of blocks. Nothing here is freed
 * piecemeal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

/* One block of arena memory; data follows the header. */
struct lang_arena_block {
    lang_arena_block *next; /* older block */
    size_t used;            /* bytes handed out from data */
    size_t cap;             /* bytes in data */
    max_align_t data[];     /* the memory */
};

#define ARENA_BLOCK (64u * 1024u)
#define ARENA_ALIGN (sizeof(max_align_t))

void *lang__xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("deferfuzz: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *lang__xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("deferfuzz: out of memory\n", stderr);
        abort();
    }
    return q;
}

void *lang__arena_alloc(lang_arena *a, size_t n)
{
    n = (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    if (n == 0)
        n = ARENA_ALIGN;
    lang_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK / 2 ? n : ARENA_BLOCK;
        b = lang__xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        if (cap == n && a->head) {
            /* A big block: keep filling the current one afterwards. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *lang__arena_strndup(lang_arena *a, const char *s, size_t n)
{
    char *p = lang__arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void lang__arena_free(lang_arena *a)
{
    lang_arena_block *b = a->head;
    while (b) {
        lang_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* ------------------------------------------------------------ buffers */

static void buf_grow(lang_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = lang__xrealloc(b->data, cap);
    b->cap = cap;
}

void lang__buf_put(lang_buf *b, const char *s, size_t n)
{
    buf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void lang__buf_puts(lang_buf *b, const char *s)
{
    lang__buf_put(b, s, strlen(s));
}

void lang__buf_putc(lang_buf *b, char c)
{
    lang__buf_put(b, &c, 1);
}

void lang__buf_printf(lang_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        lang__buf_put(b, small, (size_t)n);
        return;
    }
    buf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void lang__buf_free(lang_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
