/* test_lang_parse.c - the lexer and parser: semicolon insertion, literal
 * forms, the declarations and statements of the subset, syntax and lexical
 * errors, limits on input size and nesting, and source sites.
 *
 * Expected errors are gc 1.19.8's first error for the same file named
 * prog.go (go build -gcflags=-e), except for the package clause, which the
 * go command itself checks with go/parser ("expected 'package', ..."), and
 * the "unsupported:" messages, which are ours.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

static void load_expect(const char *src, size_t len, const lang_options *opts, const char *want)
{
    char *err = NULL;
    lang_program *p = lang_load("prog.go", src, len, opts, &err);
    if (!want) {
        cr_assert_not_null(p, "unexpected error: %s", err ? err : "(null)");
        cr_assert_null(err);
        lang_free(p);
        return;
    }
    cr_assert_null(p, "program loaded; want error: %s", want);
    cr_assert_not_null(err);
    cr_assert_str_eq(err, want);
    free(err);
}

static void expect_error(const char *src, const char *want)
{
    load_expect(src, strlen(src), NULL, want);
}

static void expect_ok(const char *src)
{
    load_expect(src, strlen(src), NULL, NULL);
}

/* ------------------------------------------------------------ limits */

Test(parse, input_larger_than_one_mebibyte_is_rejected)
{
    size_t n = LANG_MAX_INPUT + 1;
    char *src = malloc(n);
    cr_assert_not_null(src);
    memset(src, ' ', n);
    memcpy(src, "package main\n", 13);
    load_expect(src, n, NULL, "prog.go:1:1: unsupported: file too large (more than 1048576 bytes)");
    free(src);
}

Test(parse, deep_nesting_is_rejected_not_crashing)
{
    /* 100000 nested blocks would overflow any recursive pass */
    size_t depth = 100000;
    size_t n = 32 + 2 * depth;
    char *src = malloc(n);
    cr_assert_not_null(src);
    size_t k = (size_t)sprintf(src, "package main\nfunc main() {");
    for (size_t i = 0; i < depth; i++)
        src[k++] = '{';
    for (size_t i = 0; i < depth; i++)
        src[k++] = '}';
    src[k++] = '}';
    load_expect(src, k, NULL, "prog.go:2:214: unsupported: nesting too deep");
    free(src);
}

Test(parse, long_binary_chain_is_rejected_not_crashing)
{
    size_t terms = 100000;
    char *src = malloc(64 + 2 * terms);
    cr_assert_not_null(src);
    size_t k = (size_t)sprintf(src, "package main\nfunc main() { _ = 1");
    for (size_t i = 1; i < terms; i++) {
        src[k++] = '+';
        src[k++] = '1';
    }
    k += (size_t)sprintf(src + k, " }\n");
    char *err = NULL;
    lang_program *p = lang_load("prog.go", src, k, NULL, &err);
    cr_assert_null(p);
    cr_assert(strstr(err, "unsupported: nesting too deep") != NULL, "%s", err);
    free(err);
    free(src);
}

Test(parse, arbitrary_bytes_give_an_error_not_a_crash)
{
    unsigned char src[256];
    for (int i = 0; i < 256; i++)
        src[i] = (unsigned char)(255 - i);
    char *err = NULL;
    lang_program *p = lang_load("prog.go", (const char *)src, sizeof src, NULL, &err);
    cr_assert_null(p);
    cr_assert(strncmp(err, "prog.go:", 8) == 0, "%s", err);
    free(err);
}

/* ------------------------------------------------------------ options and API */

Test(parse, parse_only_accepts_a_program_with_type_errors)
{
    const char *src = "package main\n\nfunc main() {\n\tvar x int = \"a\"\n}\n";
    lang_options o = {LANG_GO122, LANG_PARSE_ONLY};
    load_expect(src, strlen(src), &o, NULL);
}

Test(parse, parse_only_still_reports_syntax_errors)
{
    const char *src = "package main\n\nfunc main() {\n\tx :=\n}\n";
    lang_options o = {LANG_GO122, LANG_PARSE_ONLY};
    load_expect(src, strlen(src), &o,
                "prog.go:5:1: syntax error: unexpected }, expecting expression");
}

Test(parse, load_file_reports_a_missing_file)
{
    char *err = NULL;
    lang_program *p = lang_load_file("/nonexistent/prog.go", NULL, &err);
    cr_assert_null(p);
    cr_assert_str_eq(err, "/nonexistent/prog.go: No such file or directory");
    free(err);
}

Test(parse, filename_is_kept_as_given)
{
    const char *src = "package main\n\nfunc main() {\n\tx := 1\n}\n";
    char *err = NULL;
    lang_program *p = lang_load("dir/my prog.go", src, strlen(src), NULL, &err);
    cr_assert_null(p);
    cr_assert_str_eq(err, "dir/my prog.go:4:2: x declared but not used");
    free(err);
}

/* ------------------------------------------------------------ sites */

Test(parse, every_statement_and_call_has_a_dense_site)
{
    const char *src = "package main\n\nfunc f() int { return 1 }\n\nfunc main() {\n"
                      "\tx := f()\n\tprintln(x)\n}\n";
    char *err = NULL;
    lang_program *p = lang_load("prog.go", src, strlen(src), NULL, &err);
    cr_assert_not_null(p, "%s", err);
    /* return, } of f; f(), x := f(), println(x) call and statement, } of main */
    cr_assert_eq(lang_site_count(p), 7);
    bool seen[8] = {false};
    char buf[64];
    for (uint32_t s = 1; s <= lang_site_count(p); s++) {
        uint32_t line, col;
        cr_assert(lang_site_pos(p, s, &line, &col));
        size_t n = lang_site_text(p, s, buf, sizeof buf);
        cr_assert_eq(n, strlen(buf));
        if (strcmp(buf, "prog.go:3:16") == 0)
            seen[0] = true; /* return */
        if (strcmp(buf, "prog.go:6:7") == 0)
            seen[1] = true; /* f() */
        if (strcmp(buf, "prog.go:6:2") == 0)
            seen[2] = true; /* x := f() */
        if (strcmp(buf, "prog.go:7:2") == 0)
            seen[3] = true; /* println(x), call and statement */
        if (strcmp(buf, "prog.go:8:1") == 0)
            seen[4] = true; /* closing brace of main */
    }
    for (int i = 0; i < 5; i++)
        cr_assert(seen[i], "site %d missing", i);
    cr_assert_not(lang_site_pos(p, 0, NULL, NULL));
    cr_assert_not(lang_site_pos(p, 8, NULL, NULL));
    lang_site_text(p, 99, buf, sizeof buf);
    cr_assert_str_eq(buf, "?");
    cr_assert_str_eq(lang_filename(p), "prog.go");
    lang_free(p);
}

/* ------------------------------------------------------------ grammar and errors */

Test(parse, semicolon_inserted_after_identifier_at_newline)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := 1\n"
              "\ty := x\n"
              "\t_ = y\n"
              "}\n");
}

Test(parse, no_semicolon_after_binary_operator)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := 1 +\n"
              "\t\t2\n"
              "\t_ = x\n"
              "}\n");
}

Test(parse, no_semicolon_after_comma_in_call)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tprintln(1,\n"
              "\t\t2)\n"
              "}\n");
}

Test(parse, explicit_semicolons)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := 1; y := 2; _, _ = x, y\n"
              "}\n");
}

Test(parse, block_comment_spanning_lines_ends_statement)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := 1 /* a\n"
              "\tb */\n"
              "\t_ = x\n"
              "}\n");
}

Test(parse, line_comments_are_ignored)
{
    expect_ok("package main\n"
              "\n"
              "// doc\n"
              "func main() { // trailing\n"
              "\t// inside\n"
              "}\n");
}

Test(parse, return_ends_at_newline)
{
    expect_ok("package main\n"
              "\n"
              "func f() {\n"
              "\treturn\n"
              "}\n"
              "\n"
              "func main() { f() }\n");
}

Test(parse, missing_closing_paren_in_call)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tprintln(\"a\"\n"
                 "}\n",
                 "prog.go:4:13: syntax error: unexpected newline in argument list; possibly "
                 "missing comma or )");
}

Test(parse, missing_expression_after_define)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx :=\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:5:4: syntax error: unexpected = at end of statement");
}

Test(parse, else_without_block)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tif x > 0 {\n"
                 "\t} else x\n"
                 "}\n",
                 "prog.go:6:9: syntax error: else must be followed by if or statement block");
}

Test(parse, else_on_its_own_line)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tif x > 0 {\n"
                 "\t}\n"
                 "\telse {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:7:2: syntax error: unexpected else, expecting }");
}

Test(parse, statement_outside_function_body)
{
    expect_error("package main\n"
                 "\n"
                 "x := 1\n"
                 "func main() {}\n",
                 "prog.go:3:1: syntax error: non-declaration statement outside function body");
}

Test(parse, brace_on_next_line_after_func)
{
    expect_error("package main\n"
                 "\n"
                 "func main()\n"
                 "{\n"
                 "}\n",
                 "prog.go:4:1: syntax error: unexpected semicolon or newline before {");
}

Test(parse, import_after_declarations)
{
    expect_error("package main\n"
                 "\n"
                 "import \"fmt\"\n"
                 "func main() { fmt.Println() }\n"
                 "import \"os\"\n",
                 "prog.go:5:1: syntax error: non-declaration statement outside function body");
}

Test(parse, short_declaration_as_if_condition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tif x := 1 {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:4:7: syntax error: cannot use x := 1 as value");
}

Test(parse, assignment_as_if_condition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 0\n"
                 "\tif x = 1 {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:7: syntax error: cannot use assignment (x) = (1) as value");
}

Test(parse, declaration_in_for_post_statement)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tfor i := 0; i < 3; j := 1 {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:4:23: syntax error: cannot declare in post statement of for loop");
}

Test(parse, missing_if_condition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tif {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:4:5: syntax error: missing condition in if statement");
}

Test(parse, if_condition_then_newline)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := true\n"
                 "\tif x\n"
                 "\t{\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:6: syntax error: unexpected newline, expecting { after if clause");
}

Test(parse, else_if_without_condition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tif true {\n"
                 "\t} else if {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:12: syntax error: missing condition in if statement");
}

Test(parse, mixed_named_and_unnamed_parameters)
{
    expect_error("package main\n"
                 "\n"
                 "func f(a int, b) {}\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:15: syntax error: mixed named and unnamed parameters");
}

Test(parse, case_outside_switch)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tcase 1:\n"
                 "}\n",
                 "prog.go:4:2: syntax error: unexpected case, expecting }");
}

Test(parse, unexpected_eof_in_block)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tfor {\n"
                 "\t\n"
                 "}\n",
                 "prog.go:7:1: syntax error: unexpected EOF, expecting }");
}

Test(parse, unexpected_eof_in_file)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n",
                 "prog.go:4:1: syntax error: unexpected EOF, expecting }");
}

Test(parse, var_without_type_or_value)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar x\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:7: syntax error: unexpected newline, expecting type");
}

Test(parse, missing_package_clause)
{
    expect_error("func main() {}\n", "prog.go:1:1: expected 'package', found 'func'");
}

Test(parse, empty_file)
{
    expect_error("", "prog.go:1:1: expected 'package', found 'EOF'");
}

Test(parse, package_without_name)
{
    expect_error("package\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:1: expected 'IDENT', found 'func'");
}

Test(parse, defer_of_non_call)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tf := func() {}\n"
                 "\tdefer f\n"
                 "}\n",
                 "prog.go:5:8: expression in defer must be function call");
}

Test(parse, parenthesized_go_call)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tgo (println())\n"
                 "}\n",
                 "prog.go:4:5: expression in go must not be parenthesized");
}

Test(parse, label_on_nothing_before_closing_brace)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tfor {\n"
                 "\tL:\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:2: label L defined and not used");
}

Test(parse, label_on_empty_statement_at_end)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tgoto L\n"
                 "L:\n"
                 "\n"
                 "}\n",
                 "prog.go:4:2: unsupported: goto");
}

Test(parse, var_in_if_initializer)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tif var x = 1; x > 0 {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:4:9: syntax error: var declaration not allowed in if initializer");
}

Test(parse, unexpected_rparen)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1)\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:8: syntax error: unexpected ) at end of statement");
}

Test(parse, composite_literal_type_in_parentheses)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{}\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = (T){}\n"
                 "}\n",
                 "prog.go:6:9: syntax error: cannot parenthesize type in composite literal");
}

Test(parse, receive_from_receive_only_type_expression)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar c <-<-chan int\n"
                 "\t_ = c\n"
                 "}\n",
                 "prog.go:4:10: syntax error: unexpected <-, expecting chan");
}

Test(parse, method_without_receiver)
{
    expect_error("package main\n"
                 "\n"
                 "func () M() {}\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:9: method has no receiver");
}

Test(parse, method_with_two_receivers)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{}\n"
                 "\n"
                 "func (a, b T) M() {}\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:5:15: method has multiple receivers");
}

Test(parse, newline_in_string)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"abc\n"
                 "\t_ = s\n"
                 "}\n",
                 "prog.go:4:11: newline in string");
}

Test(parse, string_not_terminated)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := `abc\n"
                 "}\n",
                 "prog.go:4:7: string not terminated");
}

Test(parse, invalid_digit_in_octal_literal)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 08\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:8: invalid digit '8' in octal literal");
}

Test(parse, hexadecimal_literal_without_digits)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 0x\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:9: hexadecimal literal has no digits");
}

Test(parse, underscore_must_separate_digits)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1__0\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:9: '_' must separate successive digits");
}

Test(parse, more_than_one_character_in_rune)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 'ab'\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:7: more than one character in rune literal");
}

Test(parse, empty_rune_literal)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := ''\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:8: empty rune literal or unescaped '");
}

Test(parse, unknown_escape_in_string)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"\\q\"\n"
                 "\t_ = s\n"
                 "}\n",
                 "prog.go:4:9: unknown escape");
}

Test(parse, invalid_character)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1 @ 2\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:9: invalid character U+0040 '@'");
}

Test(parse, comment_not_terminated)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\t/* unterminated\n"
                 "}\n",
                 "prog.go:4:2: comment not terminated");
}

Test(parse, invalid_nul_character)
{
    static const char src[] = "package main\n"
                              "\n"
                              "func main() {\n"
                              "\tx := 1 \000\n"
                              "\t_ = x\n"
                              "}\n";
    load_expect(src, sizeof src - 1, NULL, "prog.go:4:9: invalid NUL character");
}

Test(parse, invalid_utf8_in_comment)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\t// \377\376\n"
                 "\tx := 1\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:5: invalid UTF-8 encoding");
}

Test(parse, bom_in_the_middle)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\357\273\277\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:7: malformed constant: 1\357\273\277");
}

Test(parse, lexical_error_after_earlier_type_error)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\ts := \"abc\n"
                 "\t_ = s\n"
                 "}\n",
                 "prog.go:4:2: x declared but not used");
}

Test(parse, integer_literal_forms)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := 42 + 0x2A + 0X2a + 0o52 + 0O52 + 052 + 0b101010 + 0B101010 + 4_2\n"
              "\t_ = x\n"
              "}\n");
}

Test(parse, string_literal_forms)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\ts := \"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\" + \"\\x41\\101\\u00e9\\U0001F600\" + `raw\n"
              "\\n`\n"
              "\t_ = s\n"
              "}\n");
}

Test(parse, rune_literals_are_int_constants)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := int('a') + '\\n' + '\\x41' + '\\u00e9' + '\\''\n"
              "\t_ = x\n"
              "}\n");
}

Test(parse, integer_too_large_for_64_bits)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tconst c = 100000000000000000000\n"
                 "\tprintln(c / 10000000000)\n"
                 "}\n",
                 "prog.go:4:12: unsupported: integer constant larger than 64 bits");
}

Test(parse, grouped_and_single_declarations)
{
    expect_ok("package main\n"
              "\n"
              "import (\n"
              "\t\"fmt\"\n"
              "\t\"os\"\n"
              ")\n"
              "\n"
              "const (\n"
              "\ta = iota\n"
              "\tb\n"
              ")\n"
              "\n"
              "var (\n"
              "\tx = 1\n"
              "\ty int\n"
              ")\n"
              "\n"
              "type (\n"
              "\tT struct{ a int }\n"
              "\tU struct{}\n"
              ")\n"
              "\n"
              "func main() {\n"
              "\tfmt.Println(a, b, x, y, T{}, U{})\n"
              "\tos.Exit(0)\n"
              "}\n");
}

Test(parse, methods_with_both_receiver_kinds)
{
    expect_ok("package main\n"
              "\n"
              "type T struct{ n int }\n"
              "\n"
              "func (t T) Get() int { return t.n }\n"
              "\n"
              "func (t *T) Set(n int) { t.n = n }\n"
              "\n"
              "func main() {\n"
              "\tvar t T\n"
              "\tt.Set(1)\n"
              "\t_ = t.Get()\n"
              "}\n");
}

Test(parse, multiple_and_named_results)
{
    expect_ok("package main\n"
              "\n"
              "func f() (a, b int, err error) {\n"
              "\treturn\n"
              "}\n"
              "\n"
              "func g() (int, error) { return f2() }\n"
              "\n"
              "func f2() (int, error) { return 0, nil }\n"
              "\n"
              "func main() {\n"
              "\tf()\n"
              "\tg()\n"
              "}\n");
}

Test(parse, closures_and_func_types)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tvar f func(int) (int, bool)\n"
              "\tf = func(x int) (int, bool) { return x, true }\n"
              "\tg := func() func() int { return func() int { return 1 } }\n"
              "\t_, _ = f(1)\n"
              "\t_ = g()()\n"
              "}\n");
}

Test(parse, select_forms)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tc := make(chan int, 1)\n"
              "\tvar v int\n"
              "\tvar ok bool\n"
              "\tselect {\n"
              "\tcase c <- 1:\n"
              "\tcase <-c:\n"
              "\tcase v = <-c:\n"
              "\tcase v, ok = <-c:\n"
              "\tcase w := <-c:\n"
              "\t\t_ = w\n"
              "\tcase w, ok2 := <-c:\n"
              "\t\t_, _ = w, ok2\n"
              "\tdefault:\n"
              "\t}\n"
              "\t_, _ = v, ok\n"
              "}\n");
}

Test(parse, for_forms)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tfor i := 0; i < 3; i++ {\n"
              "\t}\n"
              "\tn := 0\n"
              "\tfor n < 3 {\n"
              "\t\tn++\n"
              "\t}\n"
              "\tfor {\n"
              "\t\tbreak\n"
              "\t}\n"
              "\tc := make(chan int)\n"
              "\tclose(c)\n"
              "\tfor v := range c {\n"
              "\t\t_ = v\n"
              "\t}\n"
              "\tfor range c {\n"
              "\t}\n"
              "\tfor i := range 3 {\n"
              "\t\t_ = i\n"
              "\t}\n"
              "}\n");
}

Test(parse, switch_forms)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tswitch x := 1; x {\n"
              "\tcase 1, 2:\n"
              "\t\tfallthrough\n"
              "\tcase 3:\n"
              "\tdefault:\n"
              "\t}\n"
              "\tswitch {\n"
              "\tcase true:\n"
              "\t}\n"
              "}\n");
}

Test(parse, labeled_break_and_continue)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "outer:\n"
              "\tfor {\n"
              "\t\tfor {\n"
              "\t\t\tcontinue outer\n"
              "\t\t}\n"
              "\t\tbreak outer\n"
              "\t}\n"
              "}\n");
}

Test(parse, all_operator_precedences)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\ta, b := 1, 2\n"
              "\tx := a + b*a - b/a%b<<1>>1&a|b^a&^b\n"
              "\ty := a < b || a == b && a != b && !(a >= b) || a <= b && a > b\n"
              "\t_, _ = x, y\n"
              "\t_ = -a + +b + ^a\n"
              "}\n");
}

Test(parse, op_assign_and_inc_dec)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tx := 1\n"
              "\tx += 1\n"
              "\tx -= 1\n"
              "\tx *= 2\n"
              "\tx /= 2\n"
              "\tx %= 5\n"
              "\tx <<= 1\n"
              "\tx >>= 1\n"
              "\tx &= 3\n"
              "\tx |= 4\n"
              "\tx ^= 1\n"
              "\tx &^= 2\n"
              "\tx++\n"
              "\tx--\n"
              "}\n");
}

Test(parse, conversions_and_durations)
{
    expect_ok("package main\n"
              "\n"
              "import \"time\"\n"
              "\n"
              "func main() {\n"
              "\tn := 3\n"
              "\td := time.Duration(n) * time.Millisecond\n"
              "\tm := int(d / time.Millisecond)\n"
              "\t_ = m\n"
              "\ttime.Sleep(100 * time.Microsecond)\n"
              "}\n");
}

Test(parse, method_value_without_call)
{
    expect_ok("package main\n"
              "\n"
              "type T struct{}\n"
              "\n"
              "func (T) M() {}\n"
              "\n"
              "func main() {\n"
              "\tvar t T\n"
              "\tf := t.M\n"
              "\tf()\n"
              "}\n");
}

Test(parse, struct_literal_forms)
{
    expect_ok("package main\n"
              "\n"
              "type P struct{ X, Y int }\n"
              "\n"
              "func main() {\n"
              "\ta := P{1, 2}\n"
              "\tb := P{X: 1}\n"
              "\tc := &P{Y: 2}\n"
              "\td := struct{}{}\n"
              "\t_, _, _, _ = a, b, c, d\n"
              "}\n");
}

Test(parse, any_and_error_values)
{
    expect_ok("package main\n"
              "\n"
              "import \"errors\"\n"
              "\n"
              "func main() {\n"
              "\tvar a any = 1\n"
              "\tvar e error = errors.New(\"x\")\n"
              "\tif a != nil && e != nil {\n"
              "\t\tprintln(e.Error())\n"
              "\t}\n"
              "}\n");
}
