/* test_lang_check.c - what lang_load() reports for programs gc rejects or
 * that lie outside the subset: one behaviour per test, each the exact
 * "FILE:LINE:COL: message" (continuation lines included).
 *
 * Every expectation for an error gc reports was produced by gc 1.19.8
 * itself: the same file, named prog.go, built with go build -gcflags=-e;
 * the expected text is gc's first error (gc sorts by position), with
 * "./prog.go" written "prog.go" because lang_load() names files as given.
 * The "unsupported:" expectations are ours (gc accepts those programs).
 * Programs expected to load are ones gc compiles.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

static void load_expect(const char *src, const lang_options *opts, const char *want)
{
    char *err = NULL;
    lang_program *p = lang_load("prog.go", src, strlen(src), opts, &err);
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

/* src must fail to load with exactly the error want. */
static void expect_error(const char *src, const char *want)
{
    load_expect(src, NULL, want);
}

/* src must load. */
static void expect_ok(const char *src)
{
    load_expect(src, NULL, NULL);
}

/* ------------------------------------------------------------ language versions */

/* gc 1.19 has no range over int: with --lang go1.19 we say what it says. */
Test(check, range_over_int_with_go119_is_what_gc_reports)
{
    lang_options o = {LANG_GO119, 0};
    load_expect("package main\n\nfunc main() {\n\tfor i := range 3 {\n\t\t_ = i\n\t}\n}\n", &o,
                "prog.go:4:17: cannot range over 3 (untyped int constant)");
}

Test(check, range_over_int_with_go122_declares_an_int)
{
    lang_options o = {LANG_GO122, 0};
    load_expect("package main\n\nfunc main() {\n\tfor i := range 3 {\n\t\tvar s string = i\n"
                "\t\t_ = s\n\t}\n}\n",
                &o,
                "prog.go:5:18: cannot use i (variable of type int) as type string in variable "
                "declaration");
}

/* ------------------------------------------------------------ one test per error */

Test(check, unused_variable_is_reported_at_its_declaration)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "}\n",
                 "prog.go:4:2: x declared but not used");
}

Test(check, unused_import_is_reported_at_the_import)
{
    expect_error("package main\n"
                 "\n"
                 "import \"os\"\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:8: imported and not used: \"os\"");
}

Test(check, unused_renamed_import_names_the_alias)
{
    expect_error("package main\n"
                 "\n"
                 "import o \"os\"\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:8: imported and not used: \"os\" as o");
}

Test(check, assignment_alone_is_not_a_use)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tx = 2\n"
                 "}\n",
                 "prog.go:4:2: x declared but not used");
}

Test(check, increment_counts_as_a_use)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tx++\n"
                 "\ty := 2\n"
                 "}\n",
                 "prog.go:6:2: y declared but not used");
}

Test(check, closure_assignment_is_not_a_use)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tz := 3\n"
                 "\tgo func() { z = 4 }()\n"
                 "}\n",
                 "prog.go:4:2: z declared but not used");
}

Test(check, undefined_name)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tfoo()\n"
                 "}\n",
                 "prog.go:4:2: undefined: foo");
}

Test(check, undefined_type)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar t T\n"
                 "\t_ = t\n"
                 "}\n",
                 "prog.go:4:8: undefined: T");
}

Test(check, undefined_package_member)
{
    expect_error("package main\n"
                 "\n"
                 "import \"fmt\"\n"
                 "\n"
                 "func main() {\n"
                 "\tfmt.Foo()\n"
                 "}\n",
                 "prog.go:6:6: undefined: fmt.Foo");
}

Test(check, missing_return_at_closing_brace)
{
    expect_error("package main\n"
                 "\n"
                 "func f(x int) int {\n"
                 "\tif x > 0 {\n"
                 "\t\treturn 1\n"
                 "\t}\n"
                 "}\n"
                 "\n"
                 "func main() { f(1) }\n",
                 "prog.go:7:1: missing return");
}

Test(check, missing_return_after_loop_with_break)
{
    expect_error("package main\n"
                 "\n"
                 "func f() int {\n"
                 "\tfor {\n"
                 "\t\tbreak\n"
                 "\t}\n"
                 "}\n"
                 "\n"
                 "func main() { f() }\n",
                 "prog.go:7:1: missing return");
}

Test(check, infinite_loop_needs_no_return)
{
    expect_ok("package main\n"
              "\n"
              "func f() int {\n"
              "\tfor {\n"
              "\t}\n"
              "}\n"
              "\n"
              "func main() { f() }\n");
}

Test(check, panic_terminates_a_function)
{
    expect_ok("package main\n"
              "\n"
              "func f() int {\n"
              "\tpanic(1)\n"
              "}\n"
              "\n"
              "func main() { f() }\n");
}

Test(check, not_enough_return_values)
{
    expect_error("package main\n"
                 "\n"
                 "func h() (int, string) {\n"
                 "\treturn 1\n"
                 "}\n"
                 "\n"
                 "func main() { h() }\n",
                 "prog.go:4:9: not enough return values\n"
                 "\thave (number)\n"
                 "\twant (int, string)");
}

Test(check, too_many_return_values)
{
    expect_error("package main\n"
                 "\n"
                 "func k() {\n"
                 "\treturn 1\n"
                 "}\n"
                 "\n"
                 "func main() { k() }\n",
                 "prog.go:4:9: too many return values\n"
                 "\thave (number)\n"
                 "\twant ()");
}

Test(check, no_new_variables_on_left_side)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tx := 2\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:5:4: no new variables on left side of :=");
}

Test(check, blank_alone_is_no_new_variable)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\t_ := 1\n"
                 "}\n",
                 "prog.go:4:4: no new variables on left side of :=");
}

Test(check, redeclared_in_block_names_other_declaration)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar y int\n"
                 "\tvar y string\n"
                 "\t_ = y\n"
                 "}\n",
                 "prog.go:5:6: y redeclared in this block\n"
                 "\tprog.go:4:6: other declaration of y");
}

Test(check, defer_requires_a_call)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tdefer x\n"
                 "}\n",
                 "prog.go:5:8: expression in defer must be function call");
}

Test(check, go_requires_a_call)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tf := func() {}\n"
                 "\tgo f\n"
                 "}\n",
                 "prog.go:5:5: expression in go must be function call");
}

Test(check, defer_must_not_be_parenthesized)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tdefer (println())\n"
                 "}\n",
                 "prog.go:4:8: expression in defer must not be parenthesized");
}

Test(check, defer_discards_result_of_len)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tdefer len(\"a\")\n"
                 "}\n",
                 "prog.go:4:8: defer discards result of len(\"a\") (constant 1 of type int)");
}

Test(check, go_of_conversion)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tgo int(3)\n"
        "}\n",
        "prog.go:4:5: go requires function call, not conversion int(3) (constant 3 of type int)");
}

Test(check, close_of_receive_only_channel)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar c <-chan int\n"
                 "\tclose(c)\n"
                 "}\n",
                 "prog.go:5:8: invalid operation: cannot close receive-only channel c (variable of "
                 "type <-chan int)");
}

Test(check, close_of_non_channel)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tx := 1\n"
        "\tclose(x)\n"
        "}\n",
        "prog.go:5:8: invalid operation: cannot close non-channel x (variable of type int)");
}

Test(check, send_to_receive_only_channel)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar c <-chan int\n"
                 "\tc <- 1\n"
                 "}\n",
                 "prog.go:5:2: invalid operation: cannot send to receive-only channel c (variable "
                 "of type <-chan int)");
}

Test(check, receive_from_send_only_channel)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar d chan<- int\n"
                 "\t<-d\n"
                 "}\n",
                 "prog.go:5:4: invalid operation: cannot receive from send-only channel d "
                 "(variable of type chan<- int)");
}

Test(check, range_over_send_only_channel)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar d chan<- int\n"
                 "\tfor range d {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:12: cannot range over d (variable of type chan<- int) (receive from "
                 "send-only channel)");
}

Test(check, range_over_channel_permits_one_variable)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar c chan int\n"
                 "\tfor i, v := range c {\n"
                 "\t\t_, _ = i, v\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:9: range over c (variable of type chan int) permits only one iteration "
                 "variable");
}

Test(check, send_of_wrong_type)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tc := make(chan int)\n"
                 "\tc <- \"x\"\n"
                 "}\n",
                 "prog.go:5:7: cannot use \"x\" (untyped string constant) as int value in send");
}

Test(check, untyped_constant_to_wrong_type)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar x int = \"a\"\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:14: cannot use \"a\" (untyped string constant) as int value in "
                 "variable declaration");
}

Test(check, typed_value_to_wrong_type)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar e error\n"
                 "\tvar s string = e\n"
                 "\t_ = s\n"
                 "}\n",
                 "prog.go:5:17: cannot use e (variable of type error) as type string in variable "
                 "declaration");
}

Test(check, any_needs_type_assertion)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tvar a any\n"
        "\tvar i int = a\n"
        "\t_ = i\n"
        "}\n",
        "prog.go:5:14: cannot use a (variable of type any) as type int in variable declaration:\n"
        "\tneed type assertion");
}

Test(check, int_does_not_implement_error)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tvar e error = 5\n"
        "\t_ = e\n"
        "}\n",
        "prog.go:4:16: cannot use 5 (constant of type int) as type error in variable declaration:\n"
        "\tint does not implement error (missing Error method)");
}

Test(check, struct_does_not_implement_error)
{
    expect_error(
        "package main\n"
        "\n"
        "type T struct{}\n"
        "\n"
        "func main() {\n"
        "\tvar e error = T{}\n"
        "\t_ = e\n"
        "}\n",
        "prog.go:6:16: cannot use T{} (value of type T) as type error in variable declaration:\n"
        "\tT does not implement error (missing Error method)");
}

Test(check, constant_overflows_int)
{
    expect_error("package main\n"
                 "\n"
                 "var x int = 1 << 63\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:13: cannot use 1 << 63 (untyped int constant 9223372036854775808) as "
                 "int value in variable declaration (overflows)");
}

Test(check, division_by_constant_zero)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\t_ = x / 0\n"
                 "}\n",
                 "prog.go:5:10: invalid operation: division by zero");
}

Test(check, mismatched_types_in_addition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\ts := \"a\"\n"
                 "\t_ = x + s\n"
                 "}\n",
                 "prog.go:6:6: invalid operation: x + s (mismatched types int and string)");
}

Test(check, mismatched_duration_and_int)
{
    expect_error(
        "package main\n"
        "\n"
        "import \"time\"\n"
        "\n"
        "func main() {\n"
        "\tn := 2\n"
        "\t_ = time.Second * n\n"
        "}\n",
        "prog.go:7:6: invalid operation: time.Second * n (mismatched types time.Duration and int)");
}

Test(check, int_variable_is_not_a_duration)
{
    expect_error("package main\n"
                 "\n"
                 "import \"time\"\n"
                 "\n"
                 "func main() {\n"
                 "\tn := 2\n"
                 "\ttime.Sleep(n)\n"
                 "}\n",
                 "prog.go:7:13: cannot use n (variable of type int) as type time.Duration in "
                 "argument to time.Sleep");
}

Test(check, operator_not_defined_on_bool)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tb := true\n"
        "\t_ = b + b\n"
        "}\n",
        "prog.go:5:6: invalid operation: operator + not defined on b (variable of type bool)");
}

Test(check, not_on_int)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tx := 1\n"
        "\t_ = !x\n"
        "}\n",
        "prog.go:5:7: invalid operation: operator ! not defined on x (variable of type int)");
}

Test(check, increment_of_string)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"a\"\n"
                 "\ts++\n"
                 "}\n",
                 "prog.go:5:2: invalid operation: s++ (non-numeric type string)");
}

Test(check, func_compared_to_func)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar f func()\n"
                 "\t_ = f == f\n"
                 "}\n",
                 "prog.go:5:6: invalid operation: f == f (func can only be compared to nil)");
}

Test(check, struct_with_func_field_is_not_comparable)
{
    expect_error(
        "package main\n"
        "\n"
        "type T struct{ f func() }\n"
        "\n"
        "func main() {\n"
        "\ta, b := T{}, T{}\n"
        "\t_ = a == b\n"
        "}\n",
        "prog.go:7:6: invalid operation: a == b (struct containing func() cannot be compared)");
}

Test(check, nil_compared_to_nil)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\t_ = nil == nil\n"
        "}\n",
        "prog.go:4:13: invalid operation: nil == nil (operator == not defined on untyped nil)");
}

Test(check, int_compared_to_nil)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tx := 1\n"
        "\t_ = x == nil\n"
        "}\n",
        "prog.go:5:11: invalid operation: x == nil (mismatched types int and untyped nil)");
}

Test(check, untyped_nil_in_short_declaration)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := nil\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:7: use of untyped nil in assignment");
}

Test(check, non_boolean_if_condition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tif x {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:5: non-boolean condition in if statement");
}

Test(check, non_boolean_for_condition)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"a\"\n"
                 "\tfor s {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:6: non-boolean condition in for statement");
}

Test(check, not_enough_arguments)
{
    expect_error("package main\n"
                 "\n"
                 "func g(a, b int) {}\n"
                 "\n"
                 "func main() { g(1) }\n",
                 "prog.go:5:17: not enough arguments in call to g\n"
                 "\thave (number)\n"
                 "\twant (int, int)");
}

Test(check, too_many_arguments)
{
    expect_error("package main\n"
                 "\n"
                 "func f(a int, b string) {}\n"
                 "\n"
                 "func main() { f(1, \"a\", 2) }\n",
                 "prog.go:5:25: too many arguments in call to f\n"
                 "\thave (number, string, number)\n"
                 "\twant (int, string)");
}

Test(check, multi_value_argument_mismatch)
{
    expect_error("package main\n"
                 "\n"
                 "func f(a int) {}\n"
                 "\n"
                 "func g() (int, int) { return 1, 2 }\n"
                 "\n"
                 "func main() { f(g()) }\n",
                 "prog.go:7:17: too many arguments in call to f\n"
                 "\thave (int, int)\n"
                 "\twant (int)");
}

Test(check, argument_of_wrong_type)
{
    expect_error(
        "package main\n"
        "\n"
        "func f(a int, b string) {}\n"
        "\n"
        "func main() { f(\"a\", 1) }\n",
        "prog.go:5:17: cannot use \"a\" (untyped string constant) as int value in argument to f");
}

Test(check, no_value_used_as_value)
{
    expect_error("package main\n"
                 "\n"
                 "func g() {}\n"
                 "\n"
                 "func main() {\n"
                 "\tx := g()\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:6:7: g() (no value) used as value");
}

Test(check, assignment_mismatch_with_call)
{
    expect_error("package main\n"
                 "\n"
                 "func f() (int, error) { return 0, nil }\n"
                 "\n"
                 "func main() {\n"
                 "\ta, b, c := f()\n"
                 "\t_, _, _ = a, b, c\n"
                 "}\n",
                 "prog.go:6:13: assignment mismatch: 3 variables but f returns 2 values");
}

Test(check, assignment_mismatch_of_values)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx, y := 1\n"
                 "\t_, _ = x, y\n"
                 "}\n",
                 "prog.go:4:10: assignment mismatch: 2 variables but 1 value");
}

Test(check, call_of_non_function)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tvar h int\n"
        "\th()\n"
        "}\n",
        "prog.go:5:2: invalid operation: cannot call non-function h (variable of type int)");
}

Test(check, value_is_not_used)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tx\n"
                 "}\n",
                 "prog.go:5:2: x (variable of type int) is not used");
}

Test(check, constant_expression_is_not_used)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\t1 + 2\n"
                 "}\n",
                 "prog.go:4:2: 1 + 2 (untyped int constant 3) is not used");
}

Test(check, builtin_must_be_called)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tprintln(len)\n"
                 "}\n",
                 "prog.go:4:10: len (built-in) must be called");
}

Test(check, package_function_is_not_used)
{
    expect_error(
        "package main\n"
        "\n"
        "import \"fmt\"\n"
        "\n"
        "func main() {\n"
        "\tfmt.Println\n"
        "}\n",
        "prog.go:6:2: fmt.Println (value of type func(a ...any) (n int, err error)) is not used");
}

Test(check, len_of_int)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = len(5)\n"
                 "}\n",
                 "prog.go:4:10: invalid argument: 5 (untyped int constant) for len");
}

Test(check, cap_of_string)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = cap(\"x\")\n"
                 "}\n",
                 "prog.go:4:10: invalid argument: \"x\" (untyped string constant) for cap");
}

Test(check, make_of_int)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\t_ = make(int)\n"
        "}\n",
        "prog.go:4:11: invalid argument: cannot make int; type must be slice, map, or channel");
}

Test(check, make_with_negative_size)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\t_ = make(chan int, -1)\n"
        "}\n",
        "prog.go:4:21: invalid argument: index -1 (constant of type int) must not be negative");
}

Test(check, too_many_arguments_for_recover)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\trecover(1)\n"
        "}\n",
        "prog.go:4:2: invalid operation: too many arguments for recover(1) (expected 0, found 1)");
}

Test(check, not_enough_arguments_for_panic)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tpanic()\n"
        "}\n",
        "prog.go:4:2: invalid operation: not enough arguments for panic() (expected 1, found 0)");
}

Test(check, cannot_convert_string_to_int)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"x\"\n"
                 "\t_ = int(s)\n"
                 "}\n",
                 "prog.go:5:10: cannot convert s (variable of type string) to type int");
}

Test(check, cannot_convert_to_struct)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a int }\n"
                 "\n"
                 "func main() { _ = T(5) }\n",
                 "prog.go:5:21: cannot convert 5 (untyped int constant) to type T");
}

Test(check, field_or_method_undefined)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a int }\n"
                 "\n"
                 "func main() {\n"
                 "\tvar t T\n"
                 "\tt.Q()\n"
                 "}\n",
                 "prog.go:7:4: t.Q undefined (type T has no field or method Q)");
}

Test(check, field_undefined_with_case_hint)
{
    expect_error(
        "package main\n"
        "\n"
        "type T struct{ Name string }\n"
        "\n"
        "func main() {\n"
        "\tvar t T\n"
        "\t_ = t.name\n"
        "}\n",
        "prog.go:7:8: t.name undefined (type T has no field or method name, but does have Name)");
}

Test(check, pointer_method_on_value_literal)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{}\n"
                 "\n"
                 "func (t *T) P() {}\n"
                 "\n"
                 "func main() {\n"
                 "\tT{}.P()\n"
                 "}\n",
                 "prog.go:8:6: cannot call pointer method P on T");
}

Test(check, method_redeclared)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{}\n"
                 "\n"
                 "func (T) M() {}\n"
                 "\n"
                 "func (t *T) M() {}\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:7:13: T.M redeclared in this block\n"
                 "\tprog.go:5:10: other declaration of M");
}

Test(check, field_and_method_with_same_name)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ M int }\n"
                 "\n"
                 "func (T) M() {}\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:5:10: field and method with the same name M\n"
                 "\tprog.go:3:16: other declaration of M");
}

Test(check, invalid_recursive_type)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ t T }\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:6: invalid recursive type T\n"
                 "\tprog.go:3:6: T refers to\n"
                 "\tprog.go:3:6: T");
}

Test(check, invalid_recursive_type_through_two_types)
{
    expect_error("package main\n"
                 "\n"
                 "type A struct{ b B }\n"
                 "\n"
                 "type B struct{ a A }\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:6: invalid recursive type A\n"
                 "\tprog.go:3:6: A refers to\n"
                 "\tprog.go:5:6: B refers to\n"
                 "\tprog.go:3:6: A");
}

Test(check, pointer_breaks_type_recursion)
{
    expect_ok("package main\n"
              "\n"
              "type T struct{ next *T }\n"
              "\n"
              "func main() {\n"
              "\tvar t T\n"
              "\t_ = t\n"
              "}\n");
}

Test(check, unknown_field_in_struct_literal)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a, b int }\n"
                 "\n"
                 "func main() { _ = T{a: 1, c: 2} }\n",
                 "prog.go:5:27: unknown field 'c' in struct literal of type T");
}

Test(check, too_few_values_in_struct_literal)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a, b int }\n"
                 "\n"
                 "func main() { _ = T{1} }\n",
                 "prog.go:5:22: too few values in T{\342\200\246}");
}

Test(check, too_many_values_in_struct_literal)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a, b int }\n"
                 "\n"
                 "func main() { _ = T{1, 2, 3} }\n",
                 "prog.go:5:27: too many values in T{\342\200\246}");
}

Test(check, mixture_of_keyed_and_positional_values)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a, b int }\n"
                 "\n"
                 "func main() { _ = T{a: 1, 2} }\n",
                 "prog.go:5:27: mixture of field:value and value elements in struct literal");
}

Test(check, duplicate_field_in_struct_literal)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{ a, b int }\n"
                 "\n"
                 "func main() { _ = T{a: 1, a: 2} }\n",
                 "prog.go:5:28: duplicate field name a in struct literal");
}

Test(check, constant_initializer_must_be_constant)
{
    expect_error("package main\n"
                 "\n"
                 "func f() int { return 1 }\n"
                 "\n"
                 "const c = f()\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:5:11: f() (value of type int) is not constant");
}

Test(check, iota_outside_constant_declaration)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := iota\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:7: cannot use iota outside constant declaration");
}

Test(check, initialization_loop)
{
    expect_error("package main\n"
                 "\n"
                 "var a = b\n"
                 "var b = a\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:5: initialization loop for a\n"
                 "\tprog.go:3:5: a refers to\n"
                 "\tprog.go:4:5: b refers to\n"
                 "\tprog.go:3:5: a");
}

Test(check, initialization_loop_through_function)
{
    expect_error("package main\n"
                 "\n"
                 "var x = f()\n"
                 "\n"
                 "func f() int { return x }\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:5: initialization loop for x\n"
                 "\tprog.go:3:5: x refers to\n"
                 "\tprog.go:5:6: f refers to\n"
                 "\tprog.go:3:5: x");
}

Test(check, missing_function_body)
{
    expect_error("package main\n"
                 "\n"
                 "func f()\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:6: missing function body");
}

Test(check, main_must_have_no_arguments)
{
    expect_error("package main\n"
                 "\n"
                 "func main(x int) {}\n",
                 "prog.go:3:6: func main must have no arguments and no return values");
}

Test(check, result_parameter_not_in_scope)
{
    expect_error("package main\n"
                 "\n"
                 "func f() (r int) {\n"
                 "\t{\n"
                 "\t\tr := 2\n"
                 "\t\t_ = r\n"
                 "\t\treturn\n"
                 "\t}\n"
                 "}\n"
                 "\n"
                 "func main() { f() }\n",
                 "prog.go:7:3: result parameter r not in scope at return\n"
                 "\tprog.go:5:3: inner declaration of var r int");
}

Test(check, invalid_case_type_in_switch)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tswitch x {\n"
                 "\tcase \"a\":\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:6:7: cannot convert \"a\" (untyped string constant) to int");
}

Test(check, duplicate_case_in_switch)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tswitch x {\n"
                 "\tcase 1:\n"
                 "\tcase 2, 1:\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:7:10: duplicate case 1 (constant of type int) in expression switch\n"
                 "\tprog.go:6:7: previous case");
}

Test(check, multiple_defaults_in_switch)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tswitch {\n"
                 "\tdefault:\n"
                 "\tdefault:\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:6:2: multiple defaults (first at prog.go:5:2)");
}

Test(check, select_case_must_be_a_communication)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := make(chan int)\n"
                 "\tselect {\n"
                 "\tcase x:\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:4:2: x declared but not used");
}

Test(check, cannot_assign_to_call_result)
{
    expect_error("package main\n"
                 "\n"
                 "func f() int { return 1 }\n"
                 "\n"
                 "func main() { f() = 1 }\n",
                 "prog.go:5:15: cannot assign to f() (value of type int)");
}

Test(check, cannot_assign_to_constant)
{
    expect_error("package main\n"
                 "\n"
                 "const c = 1\n"
                 "\n"
                 "func main() { c = 2 }\n",
                 "prog.go:5:15: cannot assign to c (untyped int constant 1)");
}

Test(check, cannot_take_address_of_constant)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tp := &1\n"
                 "\t_ = p\n"
                 "}\n",
                 "prog.go:4:8: invalid operation: cannot take address of 1 (untyped int constant)");
}

Test(check, cannot_indirect_int)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\t_ = *x\n"
                 "}\n",
                 "prog.go:5:7: invalid operation: cannot indirect x (variable of type int)");
}

Test(check, repeated_name_on_left_of_short_declaration)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx, x := 1, 2\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:5: x repeated on left side of :=");
}

Test(check, non_name_on_left_of_short_declaration)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\t1 := x\n"
                 "}\n",
                 "prog.go:5:2: non-name 1 on left side of :=");
}

Test(check, shift_count_must_be_integer)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 5\n"
                 "\t_ = x << \"a\"\n"
                 "}\n",
                 "prog.go:5:11: cannot convert \"a\" (untyped string constant) to uint");
}

Test(check, operator_not_defined_on_any)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar a any\n"
                 "\t_ = a + 1\n"
                 "}\n",
                 "prog.go:5:6: invalid operation: a + 1 (mismatched types any and int)");
}

Test(check, error_compared_to_string)
{
    expect_error("package main\n"
                 "\n"
                 "import \"errors\"\n"
                 "\n"
                 "func main() {\n"
                 "\te := errors.New(\"x\")\n"
                 "\t_ = e == \"x\"\n"
                 "}\n",
                 "prog.go:7:11: cannot convert \"x\" (untyped string constant) to "
                 "interface{Error() string}");
}

Test(check, waitgroup_add_needs_an_argument)
{
    expect_error("package main\n"
                 "\n"
                 "import \"sync\"\n"
                 "\n"
                 "func main() {\n"
                 "\tvar wg sync.WaitGroup\n"
                 "\twg.Add()\n"
                 "}\n",
                 "prog.go:7:2: not enough arguments in call to wg.Add\n"
                 "\thave ()\n"
                 "\twant (int)");
}

Test(check, waitgroup_has_no_such_method)
{
    expect_error("package main\n"
                 "\n"
                 "import \"sync\"\n"
                 "\n"
                 "func main() {\n"
                 "\tvar wg sync.WaitGroup\n"
                 "\twg.Foo()\n"
                 "}\n",
                 "prog.go:7:5: wg.Foo undefined (type sync.WaitGroup has no field or method Foo)");
}

Test(check, errors_new_needs_a_string)
{
    expect_error("package main\n"
                 "\n"
                 "import \"errors\"\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = errors.New(1)\n"
                 "}\n",
                 "prog.go:6:17: cannot use 1 (untyped int constant) as string value in argument to "
                 "errors.New");
}

Test(check, error_has_no_such_method)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar e error\n"
                 "\te.Foo()\n"
                 "}\n",
                 "prog.go:5:4: e.Foo undefined (type error has no field or method Foo)");
}

Test(check, label_defined_and_not_used)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "L:\n"
                 "\tfor {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:4:1: label L defined and not used");
}

Test(check, break_label_not_defined)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tfor {\n"
                 "\t\tbreak M\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:9: break label not defined: M");
}

Test(check, invalid_continue_label)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "L:\n"
                 "\tif true {\n"
                 "\t\tcontinue L\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:6:12: invalid continue label L");
}

Test(check, break_outside_loop)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tbreak\n"
                 "}\n",
                 "prog.go:4:2: break is not in a loop, switch, or select");
}

Test(check, continue_outside_loop)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tswitch {\n"
                 "\tcase true:\n"
                 "\t\tcontinue\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:6:3: continue is not in a loop");
}

Test(check, fallthrough_in_final_case)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tswitch 1 {\n"
                 "\tcase 1:\n"
                 "\t\tfallthrough\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:6:3: cannot fallthrough final case in switch");
}

Test(check, fallthrough_out_of_place)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tswitch 1 {\n"
                 "\tcase 1:\n"
                 "\t\tfallthrough\n"
                 "\t\tprintln()\n"
                 "\tcase 2:\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:6:3: fallthrough statement out of place");
}

Test(check, label_already_defined)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "L:\n"
                 "\tfor {\n"
                 "\t\tbreak L\n"
                 "\t}\n"
                 "L:\n"
                 "\tfor {\n"
                 "\t\tbreak L\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:8:1: label L already defined at prog.go:4:1");
}

Test(check, earliest_error_wins)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1\n"
                 "\tvar y int = \"a\"\n"
                 "\t_ = y\n"
                 "}\n",
                 "prog.go:4:2: x declared but not used");
}

Test(check, type_error_before_unused_import)
{
    expect_error("package main\n"
                 "\n"
                 "import \"os\"\n"
                 "\n"
                 "func main() {\n"
                 "\tvar y int = \"a\"\n"
                 "\t_ = y\n"
                 "}\n",
                 "prog.go:3:8: imported and not used: \"os\"");
}

Test(check, range_over_int_is_go122)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\tfor i := range 3 {\n"
              "\t\t_ = i\n"
              "\t}\n"
              "}\n");
}

Test(check, range_over_int_permits_one_variable)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\tfor i, v := range 10 {\n"
        "\t\t_, _ = i, v\n"
        "\t}\n"
        "}\n",
        "prog.go:4:9: range over 10 (untyped int constant) permits only one iteration variable");
}

Test(check, slice_type_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar s []int\n"
                 "\t_ = s\n"
                 "}\n",
                 "prog.go:4:8: unsupported: slice type");
}

/* The parser drops what an unsupported construct held, so s and i below
 * look unused (and fmt with them): the construct is what to tell, though
 * "declared but not used" comes first in the file. */
Test(check, unsupported_construct_is_told_before_the_unused_variables_it_held)
{
    expect_error("package main\n"
                 "\n"
                 "import \"fmt\"\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"abc\"\n"
                 "\ti := 5\n"
                 "\tfmt.Println(s[i])\n"
                 "}\n",
                 "prog.go:8:15: unsupported: index expression");
}

/* ... also when an earlier error of another kind was reported between them
 * (the "declared but not used" comes last, at the end of the function). */
Test(check, unsupported_construct_stays_before_unused_after_another_error)
{
    expect_error("package main\n"
                 "\n"
                 "import \"fmt\"\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"abc\"\n"
                 "\tvar t int = \"x\"\n"
                 "\t_ = t\n"
                 "\tfmt.Println(s[0])\n"
                 "}\n",
                 "prog.go:7:14: cannot use \"x\" (untyped string constant) as int value in "
                 "variable declaration");
}

/* Without an unsupported construct the earliest error stays first. */
Test(check, unused_variable_is_still_the_earliest_error)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\ts := \"abc\"\n"
                 "\tvar t int = \"x\"\n"
                 "\t_ = t\n"
                 "}\n",
                 "prog.go:4:2: s declared but not used");
}

Test(check, map_type_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar m map[string]int\n"
                 "\t_ = m\n"
                 "}\n",
                 "prog.go:4:8: unsupported: map type");
}

Test(check, float_literal_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx := 1.5\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:7: unsupported: floating-point literal");
}

Test(check, goto_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tgoto L\n"
                 "L:\n"
                 "\tprintln()\n"
                 "}\n",
                 "prog.go:4:2: unsupported: goto");
}

Test(check, generic_function_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func f[T any](x T) {}\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:7: unsupported: type parameters");
}

Test(check, interface_with_methods_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar x interface{ M() }\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:8: unsupported: interface type with methods");
}

Test(check, type_switch_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar x any\n"
                 "\tswitch x.(type) {\n"
                 "\t}\n"
                 "}\n",
                 "prog.go:5:10: unsupported: type switch");
}

Test(check, other_imports_are_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "import \"strings\"\n"
                 "\n"
                 "func main() {\n"
                 "\t_ = strings.ToUpper(\"a\")\n"
                 "}\n",
                 "prog.go:3:8: unsupported: import \"strings\"");
}

Test(check, printf_verb_outside_subset)
{
    expect_error("package main\n"
                 "\n"
                 "import \"fmt\"\n"
                 "\n"
                 "func main() {\n"
                 "\tfmt.Printf(\"%x\", 1)\n"
                 "}\n",
                 "prog.go:6:13: unsupported: format %x (only %d %s %v %t %q %%)");
}

Test(check, named_int_type_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "type State int\n"
                 "\n"
                 "func main() {}\n",
                 "prog.go:3:12: unsupported: type declaration of a non-struct type");
}

Test(check, int64_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar x int64\n"
                 "\t_ = x\n"
                 "}\n",
                 "prog.go:4:8: unsupported: type int64");
}

Test(check, append_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tappend()\n"
                 "}\n",
                 "prog.go:4:2: unsupported: builtin append");
}

Test(check, pointer_to_int_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tvar p *int\n"
                 "\t_ = p\n"
                 "}\n",
                 "prog.go:4:8: unsupported: pointer to int");
}

Test(check, method_expression_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "type T struct{}\n"
                 "\n"
                 "func (T) M() {}\n"
                 "\n"
                 "func main() {\n"
                 "\tf := T.M\n"
                 "\t_ = f\n"
                 "}\n",
                 "prog.go:8:7: unsupported: method expression");
}

Test(check, rune_default_type_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tr := 'a'\n"
                 "\t_ = r\n"
                 "}\n",
                 "prog.go:4:7: unsupported: rune value (use int)");
}

Test(check, user_error_type_is_unsupported)
{
    expect_error(
        "package main\n"
        "\n"
        "type E struct{}\n"
        "\n"
        "func (E) Error() string { return \"\" }\n"
        "\n"
        "func main() {\n"
        "\tvar e error = E{}\n"
        "\t_ = e\n"
        "}\n",
        "prog.go:8:16: unsupported: E used as error (only errors.New and fmt.Errorf values)");
}

Test(check, nesting_too_deep)
{
    expect_error(
        "package main\n"
        "\n"
        "func main() {\n"
        "\t_ = "
        "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
        "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
        "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
        "((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"
        "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"
        "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"
        ")))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n"
        "}\n",
        "prog.go:4:204: unsupported: nesting too deep");
}

Test(check, nesting_of_150_levels_is_fine)
{
    expect_ok("package main\n"
              "\n"
              "func main() {\n"
              "\t_ = "
              "(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
              "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1)))))))))))))))))"
              "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))"
              ")))))))))))))))))))))))))))))))))))))))))))))))))\n"
              "}\n");
}

Test(check, non_ascii_identifier_is_unsupported)
{
    expect_error("package main\n"
                 "\n"
                 "func main() {\n"
                 "\tx\303\251 := 1\n"
                 "\t_ = x\303\251\n"
                 "}\n",
                 "prog.go:4:3: unsupported: non-ASCII identifier");
}
