/* fz_shell.c - quoting for the shell commands deferfuzz prints. */
#include "fz.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool literal(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("_-./:=@%+,", c));
}

char *fz_shell_word(const char *s)
{
    size_t n = strlen(s), quotes = 0;
    bool plain = n > 0;
    for (size_t i = 0; i < n; i++) {
        plain = plain && literal((unsigned char)s[i]);
        quotes += s[i] == '\'';
    }
    char *w = malloc(plain ? n + 1 : n + 3 * quotes + 3);
    if (!w)
        return NULL;
    if (plain) {
        memcpy(w, s, n + 1);
        return w;
    }
    char *o = w;
    *o++ = '\'';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') {
            memcpy(o, "'\\''", 4); /* close, escaped quote, reopen */
            o += 4;
        } else {
            *o++ = s[i];
        }
    }
    *o++ = '\'';
    *o = 0;
    return w;
}
