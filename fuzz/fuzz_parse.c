/* fuzz_parse.c - libFuzzer target for the Go front end (lang/).
 *
 * Arbitrary bytes go through lang_load(); whatever loads is printed,
 * loaded again and printed again, and the two printings must be equal.
 * Inputs that do not type-check are also parsed alone (LANG_PARSE_ONLY)
 * and put through the same round trip, so the printer sees far more
 * shapes than type-correct programs give. The target aborts on any
 * violated property; ASan/UBSan catch the rest. Never hangs: the front
 * end bounds input size and nesting.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *a, size_t na, const char *b, size_t nb)
{
    fprintf(stderr, "fuzz_parse: %s\n--- first:\n%.*s\n--- second:\n%.*s\n", what, (int)na,
            a ? a : "", (int)nb, b ? b : "");
    abort();
}

/* An error must read "fuzz.go:LINE:COL: message". */
static void check_error(const char *err)
{
    unsigned line, col;
    int n = 0;
    if (!err || sscanf(err, "fuzz.go:%u:%u: %n", &line, &col, &n) != 2 || n == 0 || err[n] == 0 ||
        line == 0 || col == 0)
        fail("malformed error", err, err ? strlen(err) : 0, "", 0);
}

static void round_trip(lang_program *p, const lang_options *opts)
{
    size_t n1, n2;
    char *s1 = lang_print(p, &n1);
    char *err = NULL;
    lang_program *q = lang_load("fuzz.go", s1, n1, opts, &err);
    if (!q)
        fail("printed program does not load", s1, n1, err, err ? strlen(err) : 0);
    char *s2 = lang_print(q, &n2);
    if (n1 != n2 || memcmp(s1, s2, n1) != 0)
        fail("printing is not stable", s1, n1, s2, n2);
    /* every site maps to a position */
    uint32_t nsites = lang_site_count(q);
    for (uint32_t i = 1; i <= nsites; i++) {
        char buf[64];
        uint32_t line, col;
        if (!lang_site_pos(q, i, &line, &col) || line == 0 || col == 0)
            fail("bad site", s1, n1, "", 0);
        lang_site_text(q, i, buf, sizeof buf);
    }
    free(s1);
    free(s2);
    lang_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lang_options opts;
    memset(&opts, 0, sizeof opts);
    char *err = NULL;
    lang_program *p = lang_load("fuzz.go", (const char *)data, size, &opts, &err);
    if (p) {
        round_trip(p, &opts);
        lang_free(p);
        return 0;
    }
    check_error(err);
    free(err);
    opts.flags = LANG_PARSE_ONLY;
    p = lang_load("fuzz.go", (const char *)data, size, &opts, &err);
    if (p) {
        round_trip(p, &opts);
        lang_free(p);
        return 0;
    }
    check_error(err);
    free(err);
    return 0;
}
