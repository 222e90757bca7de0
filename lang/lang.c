/* lang.c - the public API of the front end: load (parse + check), free,
 * print, sites, and the error collector every pass reports to.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front.h"

/* ------------------------------------------------------------ errors */

int lang__pos_cmp(lang_pos a, lang_pos b)
{
    if (a.line != b.line)
        return a.line < b.line ? -1 : 1;
    if (a.col != b.col)
        return a.col < b.col ? -1 : 1;
    return 0;
}

void lang__err_at(lang_errs *e, lang_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (e->count > 0) {
        /* types2's cheap trick: after a first error, messages that mention
         * "invalid operand" or "invalid type" (not at their start) are
         * follow-on errors and are dropped */
        char probe[512];
        va_list aq;
        va_copy(aq, ap);
        vsnprintf(probe, sizeof probe, fmt, aq);
        va_end(aq);
        const char *a = strstr(probe, "invalid operand"), *b = strstr(probe, "invalid type");
        if ((a && a != probe) || (b && b != probe)) {
            va_end(ap);
            return;
        }
    }
    e->count++;
    /* The earliest error is kept, with one exception: a construct outside
     * the subset is told before "x declared but not used" or "imported and
     * not used", which may only follow from it (the parser drops what the
     * construct held: s in s[i] reads as unused). */
    uint8_t cls =
        strncmp(fmt, "unsupported:", 12) == 0 ? 1
        : strstr(fmt, "declared but not used") || strncmp(fmt, "imported and not used", 21) == 0
            ? 2
            : 0;
    bool later = e->has && lang__pos_cmp(pos, e->pos) >= 0;
    if (cls == 2 && e->unsupported)
        later = true; /* whatever displaced the unsupported error */
    else if (e->has && e->kept_class == 2 && cls == 1)
        later = false;
    if (cls == 1)
        e->unsupported = true;
    if (later) {
        va_end(ap);
        return;
    }
    lang_buf b = {0};
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        va_end(ap);
        return;
    }
    if ((size_t)n < sizeof small) {
        lang__buf_put(&b, small, (size_t)n);
    } else {
        char *big = lang__xmalloc((size_t)n + 1);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        lang__buf_put(&b, big, (size_t)n);
        free(big);
    }
    va_end(ap);
    free(e->msg);
    e->msg = b.data;
    e->pos = pos;
    e->has = true;
    e->kept_class = cls;
}

/* ------------------------------------------------------------ load */

static char *format_error(const char *filename, const lang_errs *e)
{
    lang_buf b = {0};
    lang__buf_printf(&b, "%s:%u:%u: %s", filename, e->pos.line ? e->pos.line : 1,
                     e->pos.col ? e->pos.col : 1, e->msg ? e->msg : "error");
    return b.data;
}

static char *simple_error(const char *filename, const char *msg)
{
    lang_buf b = {0};
    lang__buf_printf(&b, "%s:1:1: %s", filename, msg);
    return b.data;
}

lang_program *lang_load(const char *filename, const char *src, size_t len, const lang_options *opts,
                        char **err)
{
    *err = NULL;
    if (!filename)
        filename = "<input>";
    if (len > LANG_MAX_INPUT) {
        char msg[96];
        snprintf(msg, sizeof msg, "unsupported: file too large (more than %u bytes)",
                 (unsigned)LANG_MAX_INPUT);
        *err = simple_error(filename, msg);
        return NULL;
    }
    if (!src && len)
        len = 0;
    lang_program *p = lang__xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    if (opts)
        p->opts = *opts;
    p->filename = lang__arena_strndup(&p->arena, filename, strlen(filename));
    lang_errs errs;
    memset(&errs, 0, sizeof errs);
    errs.filename = p->filename;
    bool ok = lang__parse_file(p, src ? src : "", len, &errs);
    if (ok && !(p->opts.flags & LANG_PARSE_ONLY)) {
        lang__check_program(p, &errs);
        p->checked = true;
    }
    if (!ok || errs.has) {
        if (!errs.has)
            lang__err_at(&errs, p->pkg_pos, "syntax error");
        *err = format_error(p->filename, &errs);
        free(errs.msg);
        lang_free(p);
        return NULL;
    }
    free(errs.msg);
    return p;
}

lang_program *lang_load_file(const char *path, const lang_options *opts, char **err)
{
    *err = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        lang_buf b = {0};
        lang__buf_printf(&b, "%s: %s", path, strerror(errno));
        *err = b.data;
        return NULL;
    }
    lang_buf data = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        lang__buf_put(&data, chunk, n);
        if (data.len > LANG_MAX_INPUT)
            break;
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        lang__buf_free(&data);
        lang_buf b = {0};
        lang__buf_printf(&b, "%s: read error", path);
        *err = b.data;
        return NULL;
    }
    lang_program *p = lang_load(path, data.data ? data.data : "", data.len, opts, err);
    lang__buf_free(&data);
    return p;
}

void lang_free(lang_program *p)
{
    if (!p)
        return;
    lang_arena a = p->arena;
    free(p);
    lang__arena_free(&a);
}

/* ------------------------------------------------------------ print */

char *lang_print(const lang_program *p, size_t *len)
{
    lang_buf out = {0};
    lang__print_program(p, &out);
    if (!out.data)
        lang__buf_puts(&out, "");
    if (len)
        *len = out.len;
    return out.data;
}

/* ------------------------------------------------------------ sites */

uint32_t lang_site_count(const lang_program *p)
{
    return p && p->nsites ? p->nsites - 1 : 0;
}

bool lang_site_pos(const lang_program *p, uint32_t site, uint32_t *line, uint32_t *col)
{
    if (!p || site == 0 || site >= p->nsites) {
        if (line)
            *line = 0;
        if (col)
            *col = 0;
        return false;
    }
    if (line)
        *line = p->sites[site].line;
    if (col)
        *col = p->sites[site].col;
    return true;
}

size_t lang_site_text(const lang_program *p, uint32_t site, char *buf, size_t cap)
{
    uint32_t line, col;
    int n;
    if (!lang_site_pos(p, site, &line, &col))
        n = snprintf(buf, cap, "?");
    else
        n = snprintf(buf, cap, "%s:%u:%u", p->filename, line, col);
    return n < 0 ? 0 : (size_t)n;
}

const char *lang_filename(const lang_program *p)
{
    return p ? p->filename : NULL;
}
