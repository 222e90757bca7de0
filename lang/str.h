/* str.h - gc's one-line rendering of expressions for error messages. */
#ifndef DEFERFUZZ_LANG_STR_H
#define DEFERFUZZ_LANG_STR_H

#include "ast.h"

/* Appends e as gc's syntax.String prints it (ShortForm). */
void lang__str_expr(lang_buf *b, const lang_expr *e);
/* Appends a simple statement (expression, send, inc/dec, assignment). */
void lang__str_stmt(lang_buf *b, const lang_stmt *s);
/* Appends a comma-separated list of expressions. */
void lang__str_list(lang_buf *b, lang_expr *const *v, uint32_t n);

#endif
