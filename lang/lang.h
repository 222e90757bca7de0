/* lang.h - public interface of the deferfuzz Go-subset front end.
 *
 * lang_load() turns one Go source file into a checked program: it lexes,
 * parses and type-checks the file against the subset described in
 * DESIGN.md ("The Go subset"). A program that loads is one gc would
 * compile; a program gc rejects fails with gc's own message, and a
 * program outside the subset fails with "unsupported: <what>". Either
 * way the error is one line "FILE:LINE:COL: message" (gc's multi-line
 * messages keep their continuation lines).
 *
 * The front end never crashes, hangs or reads out of bounds on any input:
 * inputs above LANG_MAX_INPUT bytes and nesting deeper than LANG_MAX_DEPTH
 * levels are rejected with an error.
 *
 * The interpreter (lang/interp*.c) reads the checked AST through the
 * internal header lang/ast.h; everything else uses this header only.
 */
#ifndef DEFERFUZZ_LANG_H
#define DEFERFUZZ_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest source accepted, in bytes. */
#define LANG_MAX_INPUT (1u << 20)
/* Deepest nesting of blocks, statements and expressions accepted. */
#define LANG_MAX_DEPTH 200u

/* The Go language version whose rules apply (--lang). */
typedef enum lang_version {
    LANG_GO122 = 0, /* default: range over int, per-iteration loop variables */
    LANG_GO119 = 1  /* gc 1.19: "cannot range over 10 (untyped int constant)" */
} lang_version;

/* Load flags. */
#define LANG_PARSE_ONLY 1u /* stop after parsing: no type checking (print only) */

typedef struct lang_options {
    lang_version version; /* rules to apply */
    unsigned flags;       /* LANG_* flags */
} lang_options;

/* A loaded program (opaque here; lang/ast.h defines it). */
typedef struct lang_program lang_program;

/* Loads the program in src[0..len) named filename (used in messages and
 * site texts; it is copied). opts may be NULL for the defaults. On success
 * returns the program and leaves *err NULL. On failure returns NULL and
 * sets *err to a malloc'd "FILE:LINE:COL: message" the caller frees. */
lang_program *lang_load(const char *filename, const char *src, size_t len, const lang_options *opts,
                        char **err);

/* Reads the file at path and loads it; I/O errors are reported in *err as
 * "PATH: message". */
lang_program *lang_load_file(const char *path, const lang_options *opts, char **err);

/* Releases a program and everything it owns. NULL is ignored. */
void lang_free(lang_program *p);

/* Prints the program as gofmt-formatted Go source (comments are not
 * kept). Returns a malloc'd NUL-terminated string the caller frees and its
 * length in *len (len may be NULL). Printing a printed program again gives
 * the same text. */
char *lang_print(const lang_program *p, size_t *len);

/* Number of site ids: valid sites are 1 .. lang_site_count(p). */
uint32_t lang_site_count(const lang_program *p);

/* Line and column of a site; false (and 0s) for an invalid id. */
bool lang_site_pos(const lang_program *p, uint32_t site, uint32_t *line, uint32_t *col);

/* Writes "file:line:col" of a site into buf (always NUL-terminated when
 * cap > 0) and returns the length it needed; "?" for an invalid id. */
size_t lang_site_text(const lang_program *p, uint32_t site, char *buf, size_t cap);

/* The file name the program was loaded with. */
const char *lang_filename(const lang_program *p);

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_LANG_H */
