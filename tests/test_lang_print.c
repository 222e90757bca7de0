/* test_lang_print.c - the Go printer: gofmt layout, and the round trip
 * print(load(src)) == print(load(print(load(src)))) on every Go program in
 * the repository, with gofmt -l agreeing when gofmt is installed.
 *
 * Every expected text below is what gofmt 1.19 prints for the input (the
 * printer keeps no comments, so for inputs with comments the expectation
 * is gofmt's output with the comments removed).
 */
#define _DEFAULT_SOURCE /* mkstemps, popen */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang.h"

#ifndef LANG_SOURCE_DIR
#define LANG_SOURCE_DIR "."
#endif

static char *print_of(const char *name, const char *src, size_t len, const lang_options *o)
{
    char *err = NULL;
    lang_program *p = lang_load(name, src, len, o, &err);
    cr_assert_not_null(p, "%s", err ? err : "(null)");
    char *s = lang_print(p, NULL);
    lang_free(p);
    return s;
}

/* The printed text of src must be want, and printing it again gives it
 * back. */
static void expect_print(const char *src, const char *want)
{
    char *got = print_of("prog.go", src, strlen(src), NULL);
    cr_assert_str_eq(got, want);
    char *again = print_of("prog.go", got, strlen(got), NULL);
    cr_assert_str_eq(again, got);
    free(got);
    free(again);
}

/* The same for a program that only parses (LANG_PARSE_ONLY). */
static void expect_print_parse_only(const char *src, const char *want)
{
    lang_options o = {LANG_GO122, LANG_PARSE_ONLY};
    char *got = print_of("prog.go", src, strlen(src), &o);
    cr_assert_str_eq(got, want);
    char *again = print_of("prog.go", got, strlen(got), &o);
    cr_assert_str_eq(again, got);
    free(got);
    free(again);
}

static bool have_gofmt(void)
{
    static int have = -1;
    if (have < 0)
        have = system("command -v gofmt >/dev/null 2>&1") == 0;
    return have == 1;
}

/* gofmt -l on text: true when gofmt would leave it unchanged. */
static bool gofmt_agrees(const char *text)
{
    char path[] = "/tmp/lang_print_XXXXXX.go";
    int fd = mkstemps(path, 3);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "gofmt -l %s 2>&1", path);
    FILE *pipe = popen(cmd, "r");
    cr_assert_not_null(pipe);
    char out[512];
    size_t n = fread(out, 1, sizeof out - 1, pipe);
    pclose(pipe);
    unlink(path);
    return n == 0;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t k;
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Round trip of one file; returns 1 if it was checked, 0 if skipped
 * because it does not even parse (error seeds of the fuzz corpus). */
static int round_trip_file(const char *path)
{
    size_t len;
    char *src = read_file(path, &len);
    cr_assert_not_null(src, "cannot read %s", path);
    lang_options opts = {LANG_GO122, 0};
    char *err = NULL;
    lang_program *p = lang_load(path, src, len, &opts, &err);
    if (!p) {
        free(err);
        opts.flags = LANG_PARSE_ONLY;
        p = lang_load(path, src, len, &opts, &err);
        if (!p) {
            free(err);
            free(src);
            return 0;
        }
    }
    size_t n1, n2;
    char *s1 = lang_print(p, &n1);
    lang_free(p);
    lang_program *q = lang_load(path, s1, n1, &opts, &err);
    cr_assert_not_null(q, "%s: printed program does not load: %s\n%s", path, err, s1);
    char *s2 = lang_print(q, &n2);
    lang_free(q);
    cr_assert_str_eq(s2, s1, "%s: printing is not stable", path);
    if (have_gofmt())
        cr_assert(gofmt_agrees(s1), "%s: gofmt would change the printed program:\n%s", path, s1);
    free(s1);
    free(s2);
    free(src);
    return 1;
}

static int round_trip_dir(const char *rel, int *loaded_dir)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", LANG_SOURCE_DIR, rel);
    DIR *d = opendir(dir);
    int n = 0;
    *loaded_dir = 0;
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".go") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        n += round_trip_file(path);
        (*loaded_dir)++;
    }
    closedir(d);
    return n;
}

/* Under valgrind, with gofmt run per file, this takes minutes. */
Test(print, every_go_program_in_the_repository_round_trips, .timeout = 600)
{
    static const char *const dirs[] = {"tests/lang_programs", "examples/go", "corpus/programs",
                                       "corpus/parse"};
    int checked = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        int files;
        int n = round_trip_dir(dirs[i], &files);
        if (i == 0) {
            cr_assert_geq(files, 12, "tests/lang_programs has %d programs", files);
            cr_assert_eq(n, files, "every program of tests/lang_programs must load");
        }
        checked += n;
    }
    cr_assert_geq(checked, 12);
}

Test(print, test_programs_load_and_print_as_gofmt_would)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/lang_programs", LANG_SOURCE_DIR);
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".go") != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *err = NULL;
        lang_program *p = lang_load_file(path, NULL, &err);
        cr_assert_not_null(p, "%s", err);
        char *s = lang_print(p, NULL);
        if (have_gofmt())
            cr_assert(gofmt_agrees(s), "%s:\n%s", path, s);
        free(s);
        lang_free(p);
        n++;
    }
    closedir(d);
    cr_assert_geq(n, 12);
}

/* ------------------------------------------------------------ layout, one rule per test */

Test(print, struct_fields_are_aligned)
{
    expect_print("package main\n"
                 "type T struct {\n"
                 "a int\n"
                 "longer string\n"
                 "c chan int\n"
                 "}\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "type T struct {\n"
                 "\ta      int\n"
                 "\tlonger string\n"
                 "\tc      chan int\n"
                 "}\n"
                 "\n"
                 "func main() {}\n");
}

Test(print, single_field_struct_stays_on_one_line)
{
    expect_print("package main\n"
                 "type T struct{ a int }\n"
                 "func main() { _ = struct{ x, y int }{} }\n",
                 "package main\n"
                 "\n"
                 "type T struct{ a int }\n"
                 "\n"
                 "func main() { _ = struct{ x, y int }{} }\n");
}

Test(print, const_group_aligns_names_and_values)
{
    expect_print("package main\n"
                 "const (\n"
                 "a = 1\n"
                 "bbb = 22\n"
                 "cc int = 3\n"
                 ")\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "const (\n"
                 "\ta       = 1\n"
                 "\tbbb     = 22\n"
                 "\tcc  int = 3\n"
                 ")\n"
                 "\n"
                 "func main() {}\n");
}

Test(print, iota_group_keeps_implicit_lines)
{
    expect_print("package main\n"
                 "const (\n"
                 "Red = iota\n"
                 "Green\n"
                 "Blue\n"
                 ")\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "const (\n"
                 "\tRed = iota\n"
                 "\tGreen\n"
                 "\tBlue\n"
                 ")\n"
                 "\n"
                 "func main() {}\n");
}

Test(print, var_group_with_types_and_values)
{
    expect_print("package main\n"
                 "var (\n"
                 "x int\n"
                 "longer = 2\n"
                 "y, z string\n"
                 ")\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "var (\n"
                 "\tx      int\n"
                 "\tlonger = 2\n"
                 "\ty, z   string\n"
                 ")\n"
                 "\n"
                 "func main() {}\n");
}

Test(print, keyed_composite_literal_aligns_values)
{
    expect_print("package main\n"
                 "type T struct{ a, bbbb int }\n"
                 "func main() {\n"
                 "_ = T{\n"
                 "a: 1,\n"
                 "bbbb: 2,\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "type T struct{ a, bbbb int }\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = T{\n"
                 "\t\ta:    1,\n"
                 "\t\tbbbb: 2,\n"
                 "\t}\n"
                 "}\n");
}

Test(print, composite_literal_on_one_line_stays)
{
    expect_print("package main\n"
                 "type T struct{ a, b int }\n"
                 "func main() { _ = T{a: 1, b: 2} }\n",
                 "package main\n"
                 "\n"
                 "type T struct{ a, b int }\n"
                 "\n"
                 "func main() { _ = T{a: 1, b: 2} }\n");
}

Test(print, call_arguments_broken_over_lines_get_trailing_comma)
{
    expect_print("package main\n"
                 "func f(a, b int) {}\n"
                 "func main() {\n"
                 "f(1,\n"
                 "2)\n"
                 "f(\n"
                 "1,\n"
                 "2,\n"
                 ")\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func f(a, b int) {}\n"
                 "func main() {\n"
                 "\tf(1,\n"
                 "\t\t2)\n"
                 "\tf(\n"
                 "\t\t1,\n"
                 "\t\t2,\n"
                 "\t)\n"
                 "}\n");
}

Test(print, one_line_functions_are_aligned)
{
    expect_print("package main\n"
                 "type T struct{}\n"
                 "func (T) A() int { return 1 }\n"
                 "func (T) Longer() int { return 2 }\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "type T struct{}\n"
                 "\n"
                 "func (T) A() int      { return 1 }\n"
                 "func (T) Longer() int { return 2 }\n"
                 "func main()           {}\n");
}

Test(print, long_one_line_function_is_broken)
{
    expect_print("package main\n"
                 "func f() int { return 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 "
                 "+ 15 + 16 + 17 + 18 + 19 + 20 }\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "func f() int {\n"
                 "\treturn 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + "
                 "17 + 18 + 19 + 20\n"
                 "}\n"
                 "func main() {}\n");
}

Test(print, blank_lines_are_kept_once)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "x := 1\n"
                 "\n"
                 "\n"
                 "\n"
                 "y := 2\n"
                 "_, _ = x, y\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\n"
                 "\ty := 2\n"
                 "\t_, _ = x, y\n"
                 "}\n");
}

Test(print, blank_line_separates_declaration_kinds)
{
    expect_print("package main\n"
                 "import \"fmt\"\n"
                 "var x = 1\n"
                 "func main() { fmt.Println(x) }\n",
                 "package main\n"
                 "\n"
                 "import \"fmt\"\n"
                 "\n"
                 "var x = 1\n"
                 "\n"
                 "func main() { fmt.Println(x) }\n");
}

Test(print, imports_are_sorted_within_a_block)
{
    expect_print("package main\n"
                 "import (\n"
                 "\"sync\"\n"
                 "\"fmt\"\n"
                 "\n"
                 "\"time\"\n"
                 "\"os\"\n"
                 ")\n"
                 "func main() { fmt.Println(); var wg sync.WaitGroup; wg.Wait(); time.Sleep(1); "
                 "os.Exit(0) }\n",
                 "package main\n"
                 "\n"
                 "import (\n"
                 "\t\"fmt\"\n"
                 "\t\"sync\"\n"
                 "\n"
                 "\t\"os\"\n"
                 "\t\"time\"\n"
                 ")\n"
                 "\n"
                 "func main() { fmt.Println(); var wg sync.WaitGroup; wg.Wait(); time.Sleep(1); "
                 "os.Exit(0) }\n");
}

Test(print, control_clause_parentheses_are_removed)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "x := 1\n"
                 "if (x > 0) {\n"
                 "}\n"
                 "for (x < 3) {\n"
                 "x++\n"
                 "}\n"
                 "switch (x) {\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tif x > 0 {\n"
                 "\t}\n"
                 "\tfor x < 3 {\n"
                 "\t\tx++\n"
                 "\t}\n"
                 "\tswitch x {\n"
                 "\t}\n"
                 "}\n");
}

Test(print, binary_spacing_follows_precedence)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "a, b, c := 1, 2, 3\n"
                 "_ = a*b + c\n"
                 "_ = a * b\n"
                 "_ = (a+b)*c\n"
                 "_ = a<<2 | b\n"
                 "println(a*b+c, a+b)\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\ta, b, c := 1, 2, 3\n"
                 "\t_ = a*b + c\n"
                 "\t_ = a * b\n"
                 "\t_ = (a + b) * c\n"
                 "\t_ = a<<2 | b\n"
                 "\tprintln(a*b+c, a+b)\n"
                 "}\n");
}

Test(print, infinite_loop_loses_semicolons)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "for ;; {\n"
                 "break\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tfor {\n"
                 "\t\tbreak\n"
                 "\t}\n"
                 "}\n");
}

Test(print, receive_only_channel_element_keeps_parentheses)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "var c chan (<-chan int)\n"
                 "_ = c\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar c chan (<-chan int)\n"
                 "\t_ = c\n"
                 "}\n");
}

Test(print, number_prefixes_are_lower_cased)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "_ = 0X1F + 0B1 + 0O7\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = 0x1F + 0b1 + 0o7\n"
                 "}\n");
}

Test(print, comments_are_dropped)
{
    expect_print("package main\n"
                 "\n"
                 "// doc\n"
                 "func main() { // trailing\n"
                 "\t/* block */ x := 1 // end\n"
                 "\t_ = x\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\t_ = x\n"
                 "}\n");
}

Test(print, labels_are_outdented_on_their_own_line)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "outer: for {\n"
                 "break outer\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "outer:\n"
                 "\tfor {\n"
                 "\t\tbreak outer\n"
                 "\t}\n"
                 "}\n");
}

Test(print, function_literal_body_stays_on_one_line)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "defer func() { recover() }()\n"
                 "go func() {\n"
                 "println()\n"
                 "}()\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tdefer func() { recover() }()\n"
                 "\tgo func() {\n"
                 "\t\tprintln()\n"
                 "\t}()\n"
                 "}\n");
}

Test(print, empty_select_stays_on_one_line)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "select {\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tselect {}\n"
                 "}\n");
}

Test(print, switch_and_select_clauses)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "c := make(chan int)\n"
                 "switch x := 1; x {\n"
                 "case 1, 2:\n"
                 "println()\n"
                 "\n"
                 "default:\n"
                 "}\n"
                 "select {\n"
                 "case v, ok := <-c:\n"
                 "_, _ = v, ok\n"
                 "case c <- 1:\n"
                 "default:\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tc := make(chan int)\n"
                 "\tswitch x := 1; x {\n"
                 "\tcase 1, 2:\n"
                 "\t\tprintln()\n"
                 "\n"
                 "\tdefault:\n"
                 "\t}\n"
                 "\tselect {\n"
                 "\tcase v, ok := <-c:\n"
                 "\t\t_, _ = v, ok\n"
                 "\tcase c <- 1:\n"
                 "\tdefault:\n"
                 "\t}\n"
                 "}\n");
}

Test(print, statements_on_one_line_are_split)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "x := 1; x++; println(x)\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tx++\n"
                 "\tprintln(x)\n"
                 "}\n");
}

Test(print, else_if_chains)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "x := 1\n"
                 "if x > 1 {\n"
                 "} else if x > 0 {\n"
                 "println()\n"
                 "} else {\n"
                 "}\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tif x > 1 {\n"
                 "\t} else if x > 0 {\n"
                 "\t\tprintln()\n"
                 "\t} else {\n"
                 "\t}\n"
                 "}\n");
}

Test(print, signatures_with_named_and_grouped_params)
{
    expect_print("package main\n"
                 "func f(a, b int, c string) (n int, err error) { return }\n"
                 "func g() (int) { return 1 }\n"
                 "func main() { f(1, 2, \"\"); g() }\n",
                 "package main\n"
                 "\n"
                 "func f(a, b int, c string) (n int, err error) { return }\n"
                 "func g() int                                  { return 1 }\n"
                 "func main()                                   { f(1, 2, \"\"); g() }\n");
}

Test(print, unary_operators_keep_their_tokens_apart)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "x := 1\n"
                 "_ = - -x\n"
                 "_ = x - -x\n"
                 "_ = ^x\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\t_ = - -x\n"
                 "\t_ = x - -x\n"
                 "\t_ = ^x\n"
                 "}\n");
}

Test(print, nested_struct_type_in_declaration)
{
    expect_print("package main\n"
                 "type T struct {\n"
                 "a struct {\n"
                 "b int\n"
                 "cc string\n"
                 "}\n"
                 "d int\n"
                 "}\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "type T struct {\n"
                 "\ta struct {\n"
                 "\t\tb  int\n"
                 "\t\tcc string\n"
                 "\t}\n"
                 "\td int\n"
                 "}\n"
                 "\n"
                 "func main() {}\n");
}

Test(print, grouped_type_declarations_align)
{
    expect_print("package main\n"
                 "type (\n"
                 "A struct{}\n"
                 "Longer struct{ x int }\n"
                 ")\n"
                 "func main() {}\n",
                 "package main\n"
                 "\n"
                 "type (\n"
                 "\tA      struct{}\n"
                 "\tLonger struct{ x int }\n"
                 ")\n"
                 "\n"
                 "func main() {}\n");
}

Test(print, raw_strings_are_printed_verbatim)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "s := `a\n"
                 "\tb`\n"
                 "println(s)\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := `a\n"
                 "\tb`\n"
                 "\tprintln(s)\n"
                 "}\n");
}

Test(print, call_on_one_line_loses_trailing_comma)
{
    expect_print("package main\n"
                 "func main() {\n"
                 "println(1,\n"
                 ")\n"
                 "println(1, 2,\n"
                 ")\n"
                 "}\n",
                 "package main\n"
                 "\n"
                 "func main() {\n"
                 "\tprintln(1)\n"
                 "\tprintln(1, 2)\n"
                 "}\n");
}

Test(print, parse_only_repeated_import_is_dropped)
{
    expect_print_parse_only("package main\n"
                            "import (\n"
                            "\"os\"\n"
                            "\"fmt\"\n"
                            "\"os\"\n"
                            ")\n"
                            "func main() {}\n",
                            "package main\n"
                            "\n"
                            "import (\n"
                            "\t\"fmt\"\n"
                            "\t\"os\"\n"
                            ")\n"
                            "\n"
                            "func main() {}\n");
}

Test(print, parse_only_program_with_type_errors_prints)
{
    expect_print_parse_only("package main\n"
                            "func main() {\n"
                            "var x int = \"a\"\n"
                            "}\n",
                            "package main\n"
                            "\n"
                            "func main() {\n"
                            "\tvar x int = \"a\"\n"
                            "}\n");
}
