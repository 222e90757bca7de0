/* test_lang_interp.c - the interpreter (lang/interp*.c): one test per Go
 * rule it implements, each a small Go program loaded with lang_load() and
 * run with lang_run().
 *
 * The expected stdout, stderr and exit code of every go1.19 test are what
 * the gc 1.19.8 binary of the same program printed with GOTRACEBACK=none,
 * never what our interpreter printed. The one deliberate difference: our
 * "[signal SIGSEGV ...]" line says pc=0x0. Programs with one outcome must
 * print exactly that under every schedule we try, with --preempt stmt and
 * sync; for programs with several outcomes every output gc printed over
 * 20 runs must be among ours. The go1.22 tests cannot be run with gc 1.19:
 * their expectations come from the rules in go-semantics.md (L2, R9).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "oracle.h"

/* ------------------------------------------------------------ helpers */

/* What a user of the program sees. */
typedef struct outcome {
    const char *out;
    const char *err;
    int rc;
} outcome;

#define SEEDS_STMT 8   /* schedules tried with --preempt stmt */
#define SEEDS_SYNC 3   /* and with --preempt sync */
#define SEEDS_MANY 300 /* schedules tried to find the outcomes of a racy program */

/* s with newlines and tabs made visible, for failure messages. */
static const char *esc(const char *s)
{
    static char bufs[4][4096];
    static unsigned next;
    char *b = bufs[next++ % 4];
    size_t n = 0;
    if (!s)
        return "(null)";
    for (; *s && n + 3 < sizeof bufs[0]; s++) {
        if (*s == '\n' || *s == '\t') {
            b[n++] = '\\';
            b[n++] = *s == '\n' ? 'n' : 't';
        } else {
            b[n++] = *s;
        }
    }
    b[n] = 0;
    return b;
}

/* strndup is POSIX, not C11. */
static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    cr_assert(d != NULL);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static lang_program *load(const char *src, lang_version v)
{
    lang_options o = {v, 0};
    char *err = NULL;
    lang_program *p = lang_load("prog.go", src, strlen(src), &o, &err);
    cr_assert(p != NULL, "lang_load failed: %s", err ? err : "?");
    free(err);
    return p;
}

/* Runs p once under the seeded PRNG schedule; the outputs are copied into
 * *o (malloc'd) because rt_result's strings live only until the next run. */
static rt_result run_once(const lang_program *p, lang_version v, bool stmt, uint64_t seed,
                          outcome *o)
{
    rt_prng_chooser ch;
    rt_prng_chooser_init(&ch, seed);
    lang_run_opts opts = lang_run_opts_default();
    opts.version = v;
    opts.preempt_stmt = stmt;
    opts.chooser = &ch.base;
    rt_result r;
    int rc = lang_run(p, &opts, &r);
    cr_assert_eq(rc, 0, "lang_run: %s", rt_strerror(rc));
    o->out = dupn(r.out, r.out_len);
    o->err = dupn(r.err, r.err_len);
    o->rc = r.exit_code;
    return r;
}

static void outcome_free(outcome *o)
{
    free((char *)o->out);
    free((char *)o->err);
}

static bool outcome_eq(const outcome *a, const outcome *b)
{
    return strcmp(a->out, b->out) == 0 && strcmp(a->err, b->err) == 0 && a->rc == b->rc;
}

/* The program has one outcome: every schedule gives exactly it. */
static void expect_single(const char *src, lang_version v, const char *out, const char *err, int rc)
{
    lang_program *p = load(src, v);
    outcome want = {out, err, rc};
    for (int mode = 0; mode < 2; mode++) {
        bool stmt = mode == 0;
        for (uint64_t seed = 1; seed <= (stmt ? SEEDS_STMT : SEEDS_SYNC); seed++) {
            outcome got;
            run_once(p, v, stmt, seed, &got);
            bool ok = outcome_eq(&got, &want);
            cr_expect(ok,
                      "--preempt %s seed %llu:\n  stdout got  \"%s\"\n         want \"%s\"\n"
                      "  stderr got  \"%s\"\n         want \"%s\"\n  exit got %d want %d",
                      stmt ? "stmt" : "sync", (unsigned long long)seed, esc(got.out), esc(want.out),
                      esc(got.err), esc(want.err), got.rc, want.rc);
            outcome_free(&got);
            if (!ok) {
                lang_free(p);
                return;
            }
        }
    }
    lang_free(p);
}

/* Collects the distinct outcomes of p over many schedules (--preempt
 * stmt). Returns how many; fills outs (caller frees). */
static size_t explore(const lang_program *p, lang_version v, outcome *outs, size_t cap)
{
    size_t n = 0;
    for (uint64_t seed = 1; seed <= SEEDS_MANY; seed++) {
        outcome got;
        run_once(p, v, true, seed, &got);
        size_t i;
        for (i = 0; i < n; i++)
            if (outcome_eq(&outs[i], &got))
                break;
        if (i == n && n < cap)
            outs[n++] = got;
        else
            outcome_free(&got);
    }
    return n;
}

/* Every outcome gc printed must be one of ours. */
static void expect_includes(const char *src, lang_version v, const outcome *gc, size_t ngc)
{
    lang_program *p = load(src, v);
    outcome outs[64];
    size_t n = explore(p, v, outs, 64);
    for (size_t k = 0; k < ngc; k++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = outcome_eq(&outs[i], &gc[k]);
        cr_expect(found, "gc outcome not among ours: stdout \"%s\" stderr \"%s\" exit %d",
                  esc(gc[k].out), esc(gc[k].err), gc[k].rc);
    }
    for (size_t i = 0; i < n; i++)
        outcome_free(&outs[i]);
    lang_free(p);
}

/* Every outcome prints the given lines in some order, and schedules make
 * at least two orders. */
static void expect_permutations(const char *src, lang_version v, const char *const *lines,
                                size_t nlines)
{
    lang_program *p = load(src, v);
    outcome outs[64];
    size_t n = explore(p, v, outs, 64);
    cr_expect(n >= 2, "only %zu outcome(s) over %d schedules", n, SEEDS_MANY);
    for (size_t i = 0; i < n; i++) {
        cr_expect_eq(outs[i].rc, 0);
        cr_expect_str_empty(outs[i].err);
        size_t seen = 0;
        const char *s = outs[i].out;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t len = nl ? (size_t)(nl - s) : strlen(s);
            bool known = false;
            for (size_t k = 0; k < nlines; k++)
                if (strlen(lines[k]) == len && strncmp(lines[k], s, len) == 0)
                    known = true;
            cr_expect(known, "unexpected line in \"%s\"", esc(outs[i].out));
            seen++;
            s += len + (nl ? 1 : 0);
        }
        cr_expect_eq(seen, nlines, "\"%s\" has %zu lines", esc(outs[i].out), seen);
        outcome_free(&outs[i]);
    }
    lang_free(p);
}

/* ------------------------------------------------------------ rules, with gc's outputs */

/* D1: the arguments of a deferred call are evaluated when the defer statement runs; a call among
 * them runs at once. */
static const char d1_defer_evaluates_arguments_at_the_statement_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func side() string {\n"
    "\tfmt.Println(\"side evaluated\")\n"
    "\treturn \"S\"\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tx := 1\n"
    "\tdefer fmt.Println(\"deferred x =\", x)\n"
    "\tdefer fmt.Println(\"A\", side())\n"
    "\tx = 3\n"
    "\tfmt.Println(\"x =\", x)\n"
    "}\n";
Test(interp, d1_defer_evaluates_arguments_at_the_statement)
{
    expect_single(d1_defer_evaluates_arguments_at_the_statement_src, LANG_GO119,
                  "side evaluated\n"
                  "x = 3\n"
                  "A S\n"
                  "deferred x = 1\n",
                  "", 0);
}

/* D2: a value receiver is copied at the defer statement, a pointer receiver sees later writes. */
static const char d2_receiver_evaluated_at_defer_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func (t T) Val()  { fmt.Println(\"Val sees\", t.n) }\n"
    "func (t *T) Ptr() { fmt.Println(\"Ptr sees\", t.n) }\n"
    "\n"
    "func main() {\n"
    "\tt := T{1}\n"
    "\tdefer t.Val()\n"
    "\tdefer t.Ptr()\n"
    "\tt.n = 2\n"
    "}\n";
Test(interp, d2_receiver_evaluated_at_defer)
{
    expect_single(d2_receiver_evaluated_at_defer_src, LANG_GO119,
                  "Ptr sees 2\n"
                  "Val sees 1\n",
                  "", 0);
}

/* D3: defer f() uses the function value f had at the statement; a deferred closure looks g up when
 * it runs. */
static const char d3_function_value_evaluated_at_defer_src[] = "package main\n"
                                                               "\n"
                                                               "import \"fmt\"\n"
                                                               "\n"
                                                               "func A() { fmt.Println(\"A\") }\n"
                                                               "func B() { fmt.Println(\"B\") }\n"
                                                               "\n"
                                                               "func main() {\n"
                                                               "\tf := A\n"
                                                               "\tdefer f()\n"
                                                               "\tg := A\n"
                                                               "\tdefer func() { g() }()\n"
                                                               "\tf = B\n"
                                                               "\tg = B\n"
                                                               "}\n";
Test(interp, d3_function_value_evaluated_at_defer)
{
    expect_single(d3_function_value_evaluated_at_defer_src, LANG_GO119,
                  "B\n"
                  "A\n",
                  "", 0);
}

/* D4: a deferred closure reads variables when it executes; a pointer argument is copied but its
 * pointee read later. */
static const char d4_closure_reads_variables_when_it_runs_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func show(p *T, n int) { fmt.Println(\"pointee\", p.n, \"copied\", n) }\n"
    "\n"
    "func main() {\n"
    "\tx := 1\n"
    "\tdefer func() { fmt.Println(\"closure sees\", x) }()\n"
    "\tt := &T{1}\n"
    "\tdefer show(t, t.n)\n"
    "\tx = 3\n"
    "\tt.n = 5\n"
    "}\n";
Test(interp, d4_closure_reads_variables_when_it_runs)
{
    expect_single(d4_closure_reads_variables_when_it_runs_src, LANG_GO119,
                  "pointee 5 copied 1\n"
                  "closure sees 3\n",
                  "", 0);
}

/* D5: defers are function-scoped and run LIFO when the function returns, innermost frame first. */
static const char d5_defers_run_lifo_per_function_src[] = "package main\n"
                                                          "\n"
                                                          "import \"fmt\"\n"
                                                          "\n"
                                                          "func f() {\n"
                                                          "\tfor i := 0; i < 3; i++ {\n"
                                                          "\t\tdefer fmt.Print(i, \" \")\n"
                                                          "\t}\n"
                                                          "\tfmt.Println(\"f body done\")\n"
                                                          "}\n"
                                                          "\n"
                                                          "func main() {\n"
                                                          "\tdefer fmt.Println(\"main defer\")\n"
                                                          "\tf()\n"
                                                          "\tfmt.Println()\n"
                                                          "}\n";
Test(interp, d5_defers_run_lifo_per_function)
{
    expect_single(d5_defers_run_lifo_per_function_src, LANG_GO119,
                  "f body done\n"
                  "2 1 0 \n"
                  "main defer\n",
                  "", 0);
}

/* D6: a defer statement that is not reached registers nothing. */
static const char d6_only_executed_defer_statements_register_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func f(b bool) {\n"
    "\tif b {\n"
    "\t\tdefer fmt.Println(\"deferred because b\")\n"
    "\t}\n"
    "\tfmt.Println(\"f\", b)\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tf(false)\n"
    "\tf(true)\n"
    "}\n";
Test(interp, d6_only_executed_defer_statements_register)
{
    expect_single(d6_only_executed_defer_statements_register_src, LANG_GO119,
                  "f false\n"
                  "f true\n"
                  "deferred because b\n",
                  "", 0);
}

/* D7: when evaluating the arguments panics, the call is never registered. */
static const char d7_panicking_defer_arguments_register_nothing_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tdefer func() { fmt.Println(\"recovered:\", recover()) }()\n"
    "\tzero := 0\n"
    "\tdefer fmt.Println(\"never registered\", 1/zero)\n"
    "\tfmt.Println(\"not reached\")\n"
    "}\n";
Test(interp, d7_panicking_defer_arguments_register_nothing)
{
    expect_single(d7_panicking_defer_arguments_register_nothing_src, LANG_GO119,
                  "recovered: runtime error: integer divide by zero\n", "", 0);
}

/* D8: deferring a nil func value panics only when it is invoked; earlier defers still run and can
 * recover. */
static const char d8_nil_func_panics_when_invoked_src[] = "package main\n"
                                                          "\n"
                                                          "import \"fmt\"\n"
                                                          "\n"
                                                          "func main() {\n"
                                                          "\tdefer func() {\n"
                                                          "\t\tr := recover()\n"
                                                          "\t\tfmt.Println(\"recovered:\", r)\n"
                                                          "\t}()\n"
                                                          "\tvar nf func()\n"
                                                          "\tdefer nf()\n"
                                                          "\tfmt.Println(\"body continues\")\n"
                                                          "}\n";
Test(interp, d8_nil_func_panics_when_invoked)
{
    expect_single(d8_nil_func_panics_when_invoked_src, LANG_GO119,
                  "body continues\n"
                  "recovered: runtime error: invalid memory address or nil pointer dereference\n",
                  "", 0);
}

/* D8: the nil-func panic at exit is an ordinary nil-dereference crash. */
static const char d8_nil_func_unrecovered_crashes_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tdefer fmt.Println(\"earlier defer runs\")\n"
    "\tvar nf func()\n"
    "\tdefer nf()\n"
    "\tfmt.Println(\"body continues\")\n"
    "}\n";
Test(interp, d8_nil_func_unrecovered_crashes)
{
    expect_single(d8_nil_func_unrecovered_crashes_src, LANG_GO119,
                  "body continues\n"
                  "earlier defer runs\n",
                  "panic: runtime error: invalid memory address or nil pointer dereference\n"
                  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
                  2);
}

/* D9: the method value p.Val with a nil *T fails at the defer statement (gc). */
static const char d9_nil_receiver_fails_at_defer_statement_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func (t T) Val() { fmt.Println(\"Val\", t.n) }\n"
    "\n"
    "func main() {\n"
    "\tdefer fmt.Println(\"earlier defer runs\")\n"
    "\tvar p *T\n"
    "\tdefer p.Val()\n"
    "\tfmt.Println(\"not reached\")\n"
    "}\n";
Test(interp, d9_nil_receiver_fails_at_defer_statement)
{
    expect_single(d9_nil_receiver_fails_at_defer_statement_src, LANG_GO119, "earlier defer runs\n",
                  "panic: runtime error: invalid memory address or nil pointer dereference\n"
                  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
                  2);
}

/* D10: go evaluates the function value and arguments in the calling goroutine. */
static const char d10_go_evaluates_arguments_at_the_statement_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"sync\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tvar wg sync.WaitGroup\n"
    "\tx := 1\n"
    "\twg.Add(1)\n"
    "\tgo func(v int) {\n"
    "\t\tdefer wg.Done()\n"
    "\t\tfmt.Println(\"goroutine got\", v)\n"
    "\t}(x)\n"
    "\tx = 2\n"
    "\twg.Wait()\n"
    "\tfmt.Println(\"x =\", x)\n"
    "}\n";
Test(interp, d10_go_evaluates_arguments_at_the_statement)
{
    expect_single(d10_go_evaluates_arguments_at_the_statement_src, LANG_GO119,
                  "goroutine got 1\n"
                  "x = 2\n",
                  "", 0);
}

/* D10: go of a nil func value is a fatal error that recover cannot stop. */
static const char d10_go_of_nil_func_is_fatal_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tdefer func() { fmt.Println(\"recovered?\", recover()) }()\n"
    "\tvar f func()\n"
    "\tgo f()\n"
    "\tfmt.Println(\"not reached\")\n"
    "}\n";
Test(interp, d10_go_of_nil_func_is_fatal)
{
    expect_single(d10_go_of_nil_func_is_fatal_src, LANG_GO119, "",
                  "fatal error: go of nil func value\n", 2);
}

/* D11: defers of a deferred function run when it returns, before the next outer defer. */
static const char d11_defers_inside_a_deferred_function_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tdefer fmt.Println(\"outer 1\")\n"
    "\tdefer func() {\n"
    "\t\tdefer fmt.Println(\"inner deferred\")\n"
    "\t\tfmt.Println(\"in deferred\")\n"
    "\t}()\n"
    "\tdefer fmt.Println(\"outer 2\")\n"
    "}\n";
Test(interp, d11_defers_inside_a_deferred_function)
{
    expect_single(d11_defers_inside_a_deferred_function_src, LANG_GO119,
                  "outer 2\n"
                  "in deferred\n"
                  "inner deferred\n"
                  "outer 1\n",
                  "", 0);
}

/* D12: defer close(c), defer panic(v) with v evaluated at the statement, defer println. */
static const char d12_deferred_builtins_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tc := make(chan int, 1)\n"
    "\tfunc() {\n"
    "\t\tdefer close(c)\n"
    "\t\tc <- 7\n"
    "\t}()\n"
    "\tv, ok := <-c\n"
    "\tfmt.Println(v, ok)\n"
    "\tv, ok = <-c\n"
    "\tfmt.Println(v, ok)\n"
    "\tdefer func() { fmt.Println(\"recovered\", recover()) }()\n"
    "\tmsg := \"first\"\n"
    "\tdefer panic(msg)\n"
    "\tmsg = \"second\"\n"
    "\tdefer println(\"println deferred\", msg)\n"
    "}\n";
Test(interp, d12_deferred_builtins)
{
    expect_single(d12_deferred_builtins_src, LANG_GO119,
                  "7 true\n"
                  "0 false\n"
                  "recovered first\n",
                  "println deferred second\n", 0);
}

/* R2/R3: defer recover() in the panicking function has no effect; inside a deferred closure it
 * recovers. */
static const char d_defer_recover_directly_does_not_recover_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func a() {\n"
    "\tdefer func() {\n"
    "\t\tdefer recover()\n"
    "\t}()\n"
    "\tpanic(\"a\")\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\ta()\n"
    "\tfmt.Println(\"a recovered\")\n"
    "\tdefer recover()\n"
    "\tpanic(\"main\")\n"
    "}\n";
Test(interp, d_defer_recover_directly_does_not_recover)
{
    expect_single(d_defer_recover_directly_does_not_recover_src, LANG_GO119, "a recovered\n",
                  "panic: main\n", 2);
}

/* N1: return 5 stores 5 into r, then the defer doubles it. */
static const char n1_deferred_closure_changes_named_result_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func a() (r int) {\n"
    "\tdefer func() { r *= 2 }()\n"
    "\treturn 5\n"
    "}\n"
    "\n"
    "func main() { fmt.Println(a()) }\n";
Test(interp, n1_deferred_closure_changes_named_result)
{
    expect_single(n1_deferred_closure_changes_named_result_src, LANG_GO119, "10\n", "", 0);
}

/* N2: with an unnamed result the value is fixed before the defers run. */
static const char n2_unnamed_result_fixed_before_defers_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func a() int {\n"
    "\tr := 5\n"
    "\tdefer func() { r *= 2 }()\n"
    "\treturn r\n"
    "}\n"
    "\n"
    "func main() { fmt.Println(a()) }\n";
Test(interp, n2_unnamed_result_fixed_before_defers)
{
    expect_single(n2_unnamed_result_fixed_before_defers_src, LANG_GO119, "5\n", "", 0);
}

/* N3: defer r++ then defer r *= 10, return 1 gives 11. */
static const char n3_defers_compose_lifo_src[] = "package main\n"
                                                 "\n"
                                                 "import \"fmt\"\n"
                                                 "\n"
                                                 "func a() (r int) {\n"
                                                 "\tdefer func() { r++ }()\n"
                                                 "\tdefer func() { r *= 10 }()\n"
                                                 "\treturn 1\n"
                                                 "}\n"
                                                 "\n"
                                                 "func main() { fmt.Println(a()) }\n";
Test(interp, n3_defers_compose_lifo)
{
    expect_single(n3_defers_compose_lifo_src, LANG_GO119, "11\n", "", 0);
}

/* N4: an argument copied at the defer statement, later return 7, gives 100. */
static const char n4_parameter_copied_at_defer_src[] = "package main\n"
                                                       "\n"
                                                       "import \"fmt\"\n"
                                                       "\n"
                                                       "func a() (r int) {\n"
                                                       "\tdefer func(v int) { r = v + 100 }(r)\n"
                                                       "\treturn 7\n"
                                                       "}\n"
                                                       "\n"
                                                       "func main() { fmt.Println(a()) }\n";
Test(interp, n4_parameter_copied_at_defer)
{
    expect_single(n4_parameter_copied_at_defer_src, LANG_GO119, "100\n", "", 0);
}

/* N5: after a recover the function returns its current named results, unnamed ones as zero. */
static const char n5_recovered_function_returns_current_named_results_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"errors\"\n"
    "\t\"fmt\"\n"
    ")\n"
    "\n"
    "func named() (r int) {\n"
    "\tdefer func() { recover() }()\n"
    "\tr = 3\n"
    "\tpanic(\"boom\")\n"
    "}\n"
    "\n"
    "func unnamed() int {\n"
    "\tdefer func() { recover() }()\n"
    "\tr := 3\n"
    "\tif r > 0 {\n"
    "\t\tpanic(\"boom\")\n"
    "\t}\n"
    "\treturn r\n"
    "}\n"
    "\n"
    "func safeDiv(a, b int) (q int, err error) {\n"
    "\tdefer func() {\n"
    "\t\tif r := recover(); r != nil {\n"
    "\t\t\terr = errors.New(fmt.Sprint(\"recovered: \", r))\n"
    "\t\t}\n"
    "\t}()\n"
    "\tq = a / b\n"
    "\treturn q, nil\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tfmt.Println(named(), unnamed())\n"
    "\tfmt.Println(safeDiv(7, 2))\n"
    "\tfmt.Println(safeDiv(7, 0))\n"
    "}\n";
Test(interp, n5_recovered_function_returns_current_named_results)
{
    expect_single(n5_recovered_function_returns_current_named_results_src, LANG_GO119,
                  "3 0\n"
                  "3 <nil>\n"
                  "0 recovered: runtime error: integer divide by zero\n",
                  "", 0);
}

/* N6: return y() with several values, then a deferred a++. */
static const char n6_return_of_multi_value_call_then_defer_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func y() (int, string) { return 1, \"one\" }\n"
    "\n"
    "func f() (a int, s string) {\n"
    "\tdefer func() { a++ }()\n"
    "\treturn y()\n"
    "}\n"
    "\n"
    "func main() { fmt.Println(f()) }\n";
Test(interp, n6_return_of_multi_value_call_then_defer)
{
    expect_single(n6_return_of_multi_value_call_then_defer_src, LANG_GO119, "2 one\n", "", 0);
}

/* L1: under go1.19 a loop has one variable: deferred closures print 333; defer f(i) copies (L3). */
static const char l1_go119_one_variable_per_loop_src[] = "package main\n"
                                                         "\n"
                                                         "import \"fmt\"\n"
                                                         "\n"
                                                         "func main() {\n"
                                                         "\tfor i := 0; i < 3; i++ {\n"
                                                         "\t\tdefer func() { fmt.Print(i) }()\n"
                                                         "\t}\n"
                                                         "\tfor i := 0; i < 3; i++ {\n"
                                                         "\t\tdefer fmt.Print(i)\n"
                                                         "\t}\n"
                                                         "}\n";
Test(interp, l1_go119_one_variable_per_loop)
{
    expect_single(l1_go119_one_variable_per_loop_src, LANG_GO119, "210333", "", 0);
}

/* L2: under go1.22 each iteration has its own variable: the closures print 210 (spec; gc 1.19
 * cannot run it). */
static const char l2_go122_one_variable_per_iteration_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tfor i := 0; i < 3; i++ {\n"
    "\t\tdefer func() { fmt.Print(i) }()\n"
    "\t}\n"
    "\tfor i := 0; i < 3; i++ {\n"
    "\t\tdefer fmt.Print(i)\n"
    "\t}\n"
    "}\n";
Test(interp, l2_go122_one_variable_per_iteration)
{
    expect_single(l2_go122_one_variable_per_iteration_src, LANG_GO122, "210210", "", 0);
}

/* L1: the spec example prints 6 6 6 under go1.19. */
static const char l1_go119_spec_example_src[] = "package main\n"
                                                "\n"
                                                "import \"fmt\"\n"
                                                "\n"
                                                "func main() {\n"
                                                "\tvar f0, f1, f2 func()\n"
                                                "\tn := 0\n"
                                                "\tfor i := 0; i < 5; i++ {\n"
                                                "\t\tf := func() { fmt.Print(i, \" \") }\n"
                                                "\t\tif n == 0 {\n"
                                                "\t\t\tf0 = f\n"
                                                "\t\t} else if n == 1 {\n"
                                                "\t\t\tf1 = f\n"
                                                "\t\t} else {\n"
                                                "\t\t\tf2 = f\n"
                                                "\t\t}\n"
                                                "\t\tn++\n"
                                                "\t\ti++\n"
                                                "\t}\n"
                                                "\tf0()\n"
                                                "\tf1()\n"
                                                "\tf2()\n"
                                                "\tfmt.Println()\n"
                                                "}\n";
Test(interp, l1_go119_spec_example)
{
    expect_single(l1_go119_spec_example_src, LANG_GO119, "6 6 6 \n", "", 0);
}

/* L2: the spec example prints 1 3 5 under go1.22 (spec). */
static const char l2_go122_spec_example_src[] = "package main\n"
                                                "\n"
                                                "import \"fmt\"\n"
                                                "\n"
                                                "func main() {\n"
                                                "\tvar f0, f1, f2 func()\n"
                                                "\tn := 0\n"
                                                "\tfor i := 0; i < 5; i++ {\n"
                                                "\t\tf := func() { fmt.Print(i, \" \") }\n"
                                                "\t\tif n == 0 {\n"
                                                "\t\t\tf0 = f\n"
                                                "\t\t} else if n == 1 {\n"
                                                "\t\t\tf1 = f\n"
                                                "\t\t} else {\n"
                                                "\t\t\tf2 = f\n"
                                                "\t\t}\n"
                                                "\t\tn++\n"
                                                "\t\ti++\n"
                                                "\t}\n"
                                                "\tf0()\n"
                                                "\tf1()\n"
                                                "\tf2()\n"
                                                "\tfmt.Println()\n"
                                                "}\n";
Test(interp, l2_go122_spec_example)
{
    expect_single(l2_go122_spec_example_src, LANG_GO122, "1 3 5 \n", "", 0);
}

/* L1: range over a channel shares one variable under go1.19. */
static const char l1_go119_range_variable_shared_src[] = "package main\n"
                                                         "\n"
                                                         "import \"fmt\"\n"
                                                         "\n"
                                                         "func main() {\n"
                                                         "\tc := make(chan int, 3)\n"
                                                         "\tc <- 1\n"
                                                         "\tc <- 2\n"
                                                         "\tc <- 3\n"
                                                         "\tclose(c)\n"
                                                         "\tfor v := range c {\n"
                                                         "\t\tdefer func() { fmt.Print(v) }()\n"
                                                         "\t}\n"
                                                         "}\n";
Test(interp, l1_go119_range_variable_shared)
{
    expect_single(l1_go119_range_variable_shared_src, LANG_GO119, "333", "", 0);
}

/* L2: one variable per iteration for range under go1.22. */
static const char l2_go122_range_variable_per_iteration_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tc := make(chan int, 3)\n"
    "\tc <- 1\n"
    "\tc <- 2\n"
    "\tc <- 3\n"
    "\tclose(c)\n"
    "\tfor v := range c {\n"
    "\t\tdefer func() { fmt.Print(v) }()\n"
    "\t}\n"
    "}\n";
Test(interp, l2_go122_range_variable_per_iteration)
{
    expect_single(l2_go122_range_variable_per_iteration_src, LANG_GO122, "321", "", 0);
}

/* L2: range over an int (go1.22 only) with per-iteration variables. */
static const char l2_go122_range_over_int_src[] = "package main\n"
                                                  "\n"
                                                  "import \"fmt\"\n"
                                                  "\n"
                                                  "func main() {\n"
                                                  "\tfor i := range 3 {\n"
                                                  "\t\tdefer func() { fmt.Print(i) }()\n"
                                                  "\t}\n"
                                                  "\tfmt.Print(\"|\")\n"
                                                  "}\n";
Test(interp, l2_go122_range_over_int)
{
    expect_single(l2_go122_range_over_int_src, LANG_GO122, "|210", "", 0);
}

/* L1: goroutines reading the loop variable: every gc output is one of ours. */
static const char l1_go119_goroutines_share_the_loop_variable_src[] = "package main\n"
                                                                      "\n"
                                                                      "import (\n"
                                                                      "\t\"fmt\"\n"
                                                                      "\t\"sync\"\n"
                                                                      ")\n"
                                                                      "\n"
                                                                      "func main() {\n"
                                                                      "\tvar wg sync.WaitGroup\n"
                                                                      "\tfor i := 0; i < 3; i++ {\n"
                                                                      "\t\twg.Add(1)\n"
                                                                      "\t\tgo func() {\n"
                                                                      "\t\t\tdefer wg.Done()\n"
                                                                      "\t\t\tfmt.Println(i)\n"
                                                                      "\t\t}()\n"
                                                                      "\t}\n"
                                                                      "\twg.Wait()\n"
                                                                      "}\n";
static const outcome l1_go119_goroutines_share_the_loop_variable_gc[] = {{"3\n"
                                                                          "3\n"
                                                                          "3\n",
                                                                          "", 0}};
Test(interp, l1_go119_goroutines_share_the_loop_variable)
{
    expect_includes(l1_go119_goroutines_share_the_loop_variable_src, LANG_GO119,
                    l1_go119_goroutines_share_the_loop_variable_gc, 1);
}

/* L2: under go1.22 every outcome is a permutation of 0 1 2. */
static const char l2_go122_goroutines_get_their_own_variable_src[] = "package main\n"
                                                                     "\n"
                                                                     "import (\n"
                                                                     "\t\"fmt\"\n"
                                                                     "\t\"sync\"\n"
                                                                     ")\n"
                                                                     "\n"
                                                                     "func main() {\n"
                                                                     "\tvar wg sync.WaitGroup\n"
                                                                     "\tfor i := 0; i < 3; i++ {\n"
                                                                     "\t\twg.Add(1)\n"
                                                                     "\t\tgo func() {\n"
                                                                     "\t\t\tdefer wg.Done()\n"
                                                                     "\t\t\tfmt.Println(i)\n"
                                                                     "\t\t}()\n"
                                                                     "\t}\n"
                                                                     "\twg.Wait()\n"
                                                                     "}\n";
Test(interp, l2_go122_goroutines_get_their_own_variable)
{
    static const char *const lines[] = {"0", "1", "2"};
    expect_permutations(l2_go122_goroutines_get_their_own_variable_src, LANG_GO122, lines, 3);
}

/* S1: every channel operand and send value is evaluated once, in source order, chosen or not. */
static const char s1_select_evaluates_operands_once_in_source_order_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "var n int\n"
    "\n"
    "func ch(name string, c chan int) chan int {\n"
    "\tn++\n"
    "\tfmt.Println(\"eval chan\", name)\n"
    "\treturn c\n"
    "}\n"
    "\n"
    "func val(v int) int {\n"
    "\tn++\n"
    "\tfmt.Println(\"eval value\", v)\n"
    "\treturn v\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\ta := make(chan int)\n"
    "\tb := make(chan int, 1)\n"
    "\tvar nilc chan int\n"
    "\tb <- 9\n"
    "\tselect {\n"
    "\tcase a <- val(1):\n"
    "\t\tfmt.Println(\"sent to a\")\n"
    "\tcase v := <-ch(\"b\", b):\n"
    "\t\tfmt.Println(\"received\", v)\n"
    "\tcase ch(\"nil\", nilc) <- val(2):\n"
    "\t\tfmt.Println(\"impossible\")\n"
    "\t}\n"
    "\tselect {\n"
    "\tcase <-ch(\"nil again\", nilc):\n"
    "\t\tfmt.Println(\"impossible\")\n"
    "\tcase ch(\"a\", a) <- val(3):\n"
    "\t\tfmt.Println(\"impossible\")\n"
    "\tdefault:\n"
    "\t\tfmt.Println(\"default\")\n"
    "\t}\n"
    "\tfmt.Println(\"evaluations:\", n)\n"
    "}\n";
Test(interp, s1_select_evaluates_operands_once_in_source_order)
{
    expect_single(s1_select_evaluates_operands_once_in_source_order_src, LANG_GO119,
                  "eval value 1\n"
                  "eval chan b\n"
                  "eval chan nil\n"
                  "eval value 2\n"
                  "received 9\n"
                  "eval chan nil again\n"
                  "eval chan a\n"
                  "eval value 3\n"
                  "default\n"
                  "evaluations: 7\n",
                  "", 0);
}

/* S2: with two ready cases either may win: every gc output is one of ours. */
static const char s2_select_chooses_among_ready_cases_src[] = "package main\n"
                                                              "\n"
                                                              "import \"fmt\"\n"
                                                              "\n"
                                                              "func main() {\n"
                                                              "\ta := make(chan int, 1)\n"
                                                              "\tb := make(chan int, 1)\n"
                                                              "\ta <- 1\n"
                                                              "\tb <- 2\n"
                                                              "\tselect {\n"
                                                              "\tcase v := <-a:\n"
                                                              "\t\tfmt.Println(\"a\", v)\n"
                                                              "\tcase v := <-b:\n"
                                                              "\t\tfmt.Println(\"b\", v)\n"
                                                              "\t}\n"
                                                              "}\n";
static const outcome s2_select_chooses_among_ready_cases_gc[] = {{"b 2\n", "", 0},
                                                                 {"a 1\n", "", 0}};
Test(interp, s2_select_chooses_among_ready_cases)
{
    expect_includes(s2_select_chooses_among_ready_cases_src, LANG_GO119,
                    s2_select_chooses_among_ready_cases_gc, 2);
}

/* Closures share the variables they capture with their function and each other. */
static const char closures_capture_by_reference_src[] = "package main\n"
                                                        "\n"
                                                        "import \"fmt\"\n"
                                                        "\n"
                                                        "func counter() func() int {\n"
                                                        "\tn := 0\n"
                                                        "\treturn func() int {\n"
                                                        "\t\tn++\n"
                                                        "\t\treturn n\n"
                                                        "\t}\n"
                                                        "}\n"
                                                        "\n"
                                                        "func main() {\n"
                                                        "\tc := counter()\n"
                                                        "\tc()\n"
                                                        "\tc()\n"
                                                        "\td := counter()\n"
                                                        "\tfmt.Println(c(), d())\n"
                                                        "\tx := 1\n"
                                                        "\tinc := func() { x++ }\n"
                                                        "\tget := func() int { return x }\n"
                                                        "\tinc()\n"
                                                        "\tinc()\n"
                                                        "\tfmt.Println(x, get())\n"
                                                        "\tx = 10\n"
                                                        "\tfmt.Println(get())\n"
                                                        "}\n";
Test(interp, closures_capture_by_reference)
{
    expect_single(closures_capture_by_reference_src, LANG_GO119,
                  "3 1\n"
                  "3 3\n"
                  "10\n",
                  "", 0);
}

/* A method value binds its receiver when evaluated: a copy for a value receiver, the pointer
 * otherwise. */
static const char method_values_bind_the_receiver_src[] = "package main\n"
                                                          "\n"
                                                          "import \"fmt\"\n"
                                                          "\n"
                                                          "type T struct{ n int }\n"
                                                          "\n"
                                                          "func (t T) Val() int  { return t.n }\n"
                                                          "func (t *T) Ptr() int { return t.n }\n"
                                                          "\n"
                                                          "func main() {\n"
                                                          "\tt := T{1}\n"
                                                          "\tv := t.Val\n"
                                                          "\tp := t.Ptr\n"
                                                          "\tt.n = 2\n"
                                                          "\tfmt.Println(v(), p(), t.Val())\n"
                                                          "}\n";
Test(interp, method_values_bind_the_receiver)
{
    expect_single(method_values_bind_the_receiver_src, LANG_GO119, "1 2 2\n", "", 0);
}

/* A value receiver works on a copy; a pointer receiver on the variable (auto & and *). */
static const char value_and_pointer_receivers_src[] = "package main\n"
                                                      "\n"
                                                      "import \"fmt\"\n"
                                                      "\n"
                                                      "type T struct{ n int }\n"
                                                      "\n"
                                                      "func (t T) SetVal(n int)  { t.n = n }\n"
                                                      "func (t *T) SetPtr(n int) { t.n = n }\n"
                                                      "\n"
                                                      "func main() {\n"
                                                      "\tt := T{1}\n"
                                                      "\tt.SetVal(5)\n"
                                                      "\tfmt.Println(t.n)\n"
                                                      "\tt.SetPtr(6)\n"
                                                      "\tfmt.Println(t.n)\n"
                                                      "\tpt := &t\n"
                                                      "\tpt.SetVal(7)\n"
                                                      "\tfmt.Println(pt.n)\n"
                                                      "\tpt.SetPtr(8)\n"
                                                      "\tfmt.Println(t.n, *pt)\n"
                                                      "}\n";
Test(interp, value_and_pointer_receivers)
{
    expect_single(value_and_pointer_receivers_src, LANG_GO119,
                  "1\n"
                  "6\n"
                  "6\n"
                  "8 {8}\n",
                  "", 0);
}

/* Struct assignment copies (nested structs too); pointers share the storage. */
static const char structs_are_values_pointers_share_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type In struct{ v int }\n"
    "type T struct {\n"
    "\tn  int\n"
    "\tin In\n"
    "\ts  string\n"
    "}\n"
    "\n"
    "func mod(t T) T {\n"
    "\tt.n = 100\n"
    "\tt.in.v = 100\n"
    "\treturn t\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\ta := T{1, In{2}, \"a\"}\n"
    "\tb := a\n"
    "\tb.n = 10\n"
    "\tb.in.v = 20\n"
    "\tfmt.Println(a, b)\n"
    "\tp := &a\n"
    "\tp.in.v = 30\n"
    "\tc := mod(a)\n"
    "\tfmt.Println(a, c, p.in == a.in, a.in == b.in)\n"
    "\tq := &T{s: \"q\"}\n"
    "\t*q = a\n"
    "\tq.n = 99\n"
    "\tfmt.Println(*q, a.n, new(T) != nil)\n"
    "}\n";
Test(interp, structs_are_values_pointers_share)
{
    expect_single(structs_are_values_pointers_share_src, LANG_GO119,
                  "{1 {2} a} {10 {20} a}\n"
                  "{1 {30} a} {100 {100} a} true false\n"
                  "{99 {30} a} 1 true\n",
                  "", 0);
}

/* Unbuffered hand-off and close: the outcome does not depend on the schedule. */
static const char goroutines_and_channels_in_order_src[] = "package main\n"
                                                           "\n"
                                                           "import \"fmt\"\n"
                                                           "\n"
                                                           "func producer(c chan<- int, n int) {\n"
                                                           "\tdefer close(c)\n"
                                                           "\tfor i := 1; i <= n; i++ {\n"
                                                           "\t\tc <- i * i\n"
                                                           "\t}\n"
                                                           "}\n"
                                                           "\n"
                                                           "func main() {\n"
                                                           "\tc := make(chan int)\n"
                                                           "\tgo producer(c, 4)\n"
                                                           "\tsum := 0\n"
                                                           "\tfor v := range c {\n"
                                                           "\t\tsum += v\n"
                                                           "\t\tfmt.Println(\"got\", v)\n"
                                                           "\t}\n"
                                                           "\tfmt.Println(\"sum\", sum)\n"
                                                           "}\n";
Test(interp, goroutines_and_channels_in_order)
{
    expect_single(goroutines_and_channels_in_order_src, LANG_GO119,
                  "got 1\n"
                  "got 4\n"
                  "got 9\n"
                  "got 16\n"
                  "sum 30\n",
                  "", 0);
}

/* Integer division by zero panics with Go's message. */
static const char runtime_error_integer_divide_by_zero_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\ta, b := 7, 0\n"
    "\tdefer fmt.Println(\"deferred runs\")\n"
    "\tfmt.Println(a / b)\n"
    "}\n";
Test(interp, runtime_error_integer_divide_by_zero)
{
    expect_single(runtime_error_integer_divide_by_zero_src, LANG_GO119, "deferred runs\n",
                  "panic: runtime error: integer divide by zero\n", 2);
}

/* Remainder by zero is the same run-time error. */
static const char runtime_error_remainder_by_zero_src[] = "package main\n"
                                                          "\n"
                                                          "import \"fmt\"\n"
                                                          "\n"
                                                          "func main() {\n"
                                                          "\ta, b := 7, 0\n"
                                                          "\tfmt.Println(a % b)\n"
                                                          "}\n";
Test(interp, runtime_error_remainder_by_zero)
{
    expect_single(runtime_error_remainder_by_zero_src, LANG_GO119, "",
                  "panic: runtime error: integer divide by zero\n", 2);
}

/* A nil pointer dereference panics with the [signal SIGSEGV] line (ours says pc=0x0). */
static const char runtime_error_nil_pointer_dereference_src[] = "package main\n"
                                                                "\n"
                                                                "import \"fmt\"\n"
                                                                "\n"
                                                                "type T struct{ n int }\n"
                                                                "\n"
                                                                "func main() {\n"
                                                                "\tvar p *T\n"
                                                                "\tfmt.Println(p.n)\n"
                                                                "}\n";
Test(interp, runtime_error_nil_pointer_dereference)
{
    expect_single(runtime_error_nil_pointer_dereference_src, LANG_GO119, "",
                  "panic: runtime error: invalid memory address or nil pointer dereference\n"
                  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
                  2);
}

/* A negative shift count panics. */
static const char runtime_error_negative_shift_amount_src[] = "package main\n"
                                                              "\n"
                                                              "import \"fmt\"\n"
                                                              "\n"
                                                              "func main() {\n"
                                                              "\ts := -1\n"
                                                              "\tfmt.Println(1 << s)\n"
                                                              "}\n";
Test(interp, runtime_error_negative_shift_amount)
{
    expect_single(runtime_error_negative_shift_amount_src, LANG_GO119, "",
                  "panic: runtime error: negative shift amount\n", 2);
}

/* A recovered run-time error prints its Error() text. */
static const char runtime_error_recovered_is_runtime_error_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func try(f func()) {\n"
    "\tdefer func() { fmt.Println(\"recovered:\", recover()) }()\n"
    "\tf()\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tzero := 0\n"
    "\ttry(func() { fmt.Println(1 / zero) })\n"
    "\ttry(func() {\n"
    "\t\tvar p *T\n"
    "\t\tp.n = 1\n"
    "\t})\n"
    "\ttry(func() { fmt.Println(1 >> -zero, 1 << (zero - 1)) })\n"
    "\tc := make(chan int)\n"
    "\tclose(c)\n"
    "\ttry(func() { close(c) })\n"
    "\ttry(func() { c <- 1 })\n"
    "\tvar e error\n"
    "\ttry(func() { fmt.Println(e.Error()) })\n"
    "}\n";
Test(interp, runtime_error_recovered_is_runtime_error)
{
    expect_single(runtime_error_recovered_is_runtime_error_src, LANG_GO119,
                  "recovered: runtime error: integer divide by zero\n"
                  "recovered: runtime error: invalid memory address or nil pointer dereference\n"
                  "recovered: runtime error: negative shift amount\n"
                  "recovered: close of closed channel\n"
                  "recovered: send on closed channel\n"
                  "recovered: runtime error: invalid memory address or nil pointer dereference\n",
                  "", 0);
}

/* int is 64-bit two's complement and wraps on overflow. */
static const char integer_arithmetic_wraps_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tx := 9223372036854775807\n"
    "\tx++\n"
    "\tfmt.Println(x, -x, x/-1, x%-1)\n"
    "\ty := 1\n"
    "\tfmt.Println(y<<63, y<<64, -8>>1, -8>>70, 7&^5, 6^3, ^0)\n"
    "}\n";
Test(interp, integer_arithmetic_wraps)
{
    expect_single(integer_arithmetic_wraps_src, LANG_GO119,
                  "-9223372036854775808 -9223372036854775808 -9223372036854775808 0\n"
                  "-9223372036854775808 0 -4 -1 2 5 -1\n",
                  "", 0);
}

/* P3: a panic with an error prints its Error() text (main's defers ran first). */
static const char panic_values_print_like_go_src[] = "package main\n"
                                                     "\n"
                                                     "import (\n"
                                                     "\t\"errors\"\n"
                                                     "\t\"fmt\"\n"
                                                     ")\n"
                                                     "\n"
                                                     "func main() {\n"
                                                     "\tdefer fmt.Println(\"main defer\")\n"
                                                     "\tpanic(errors.New(\"an error\"))\n"
                                                     "}\n";
Test(interp, panic_values_print_like_go)
{
    expect_single(panic_values_print_like_go_src, LANG_GO119, "main defer\n", "panic: an error\n",
                  2);
}

/* P3: a value whose type has Error() or String() prints that text. */
static const char panic_value_custom_stringer_and_error_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type E struct{ code int }\n"
    "\n"
    "func (e E) Error() string { return fmt.Sprint(\"E-error \", e.code) }\n"
    "\n"
    "type S struct{ n int }\n"
    "\n"
    "func (s *S) String() string { return fmt.Sprint(\"S#\", s.n) }\n"
    "\n"
    "func main() {\n"
    "\tdefer func() {\n"
    "\t\tfmt.Println(\"recovered\", recover())\n"
    "\t\tpanic(&S{4})\n"
    "\t}()\n"
    "\tpanic(E{3})\n"
    "}\n";
Test(interp, panic_value_custom_stringer_and_error)
{
    expect_single(panic_value_custom_stringer_and_error_src, LANG_GO119, "recovered E-error 3\n",
                  "panic: E-error 3 [recovered]\n"
                  "\tpanic: S#4\n",
                  2);
}

/* gc's preprintpanics: when the String method of an unrecovered panic's
 * value panics, the program ends with "fatal error: panic while printing
 * panic value: " and the inner value if it is a string, else its type
 * (plus the signal line after a nil dereference), exit 2; the deferred
 * calls ran before. (gc adds a runtime traceback, addresses only.) */
static const char panic_value_whose_string_panics_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type B struct{}\n"
    "\n"
    "func (b B) String() string { panic(\"boom\") }\n"
    "\n"
    "func main() {\n"
    "\tdefer fmt.Println(\"deferred\")\n"
    "\tpanic(B{})\n"
    "}\n";
Test(interp, panic_value_whose_string_panics_is_a_fatal_error)
{
    expect_single(panic_value_whose_string_panics_src, LANG_GO119, "deferred\n",
                  "fatal error: panic while printing panic value: boom\n", 2);
}

static const char panic_value_whose_string_panics_type_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"errors\"\n"
    "\t\"fmt\"\n"
    ")\n"
    "\n"
    "type In struct{ n int }\n"
    "\n"
    "type E struct{}\n"
    "\n"
    "func (e E) String() string { panic(errors.New(\"inner\")) }\n"
    "\n"
    "type N struct{ p *In }\n"
    "\n"
    "func (n N) String() string { return fmt.Sprint(n.p.n) }\n"
    "\n"
    "func main() {\n"
    "\tdefer func() {\n"
    "\t\tfmt.Println(\"recovered\", recover())\n"
    "\t\tpanic(N{})\n"
    "\t}()\n"
    "\tpanic(E{})\n"
    "}\n";
Test(interp, panic_value_whose_string_panics_names_the_type)
{
    /* The first panic was recovered (its value prints through fmt's
     * catchPanic); the second's String dereferences nil. */
    expect_single(panic_value_whose_string_panics_type_src, LANG_GO119,
                  "recovered %!v(PANIC=String method: inner)\n",
                  "fatal error: panic while printing panic value: type runtime.errorString\n"
                  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
                  2);
}

/* More of preprintpanics, each checked against gc 1.19: a value method
 * called through a nil pointer (gc's wrapper panics with a
 * runtime.plainError); a String that panics with a value whose String
 * panics too, while fmt prints it (the chain still holds the recovered
 * panics: the innermost text is thrown); a String that panics with its own
 * type (no recursion); a message with a NUL byte. */
static const char pp_nil_value_receiver_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func (t T) String() string { return fmt.Sprint(\"T\", t.n) }\n"
    "\n"
    "func main() {\n"
    "\tvar p *T\n"
    "\tfmt.Println(p)\n"
    "\tpanic(p)\n"
    "}\n";
static const char pp_nested_src[] = "package main\n"
                                    "\n"
                                    "import \"fmt\"\n"
                                    "\n"
                                    "type A struct{}\n"
                                    "type B struct{}\n"
                                    "\n"
                                    "func (A) String() string { panic(B{}) }\n"
                                    "func (B) String() string { panic(\"bee\") }\n"
                                    "\n"
                                    "func main() {\n"
                                    "\tfmt.Println(\"x\", A{})\n"
                                    "}\n";
static const char pp_self_src[] = "package main\n"
                                  "\n"
                                  "type T struct{}\n"
                                  "\n"
                                  "func (T) String() string { panic(T{}) }\n"
                                  "\n"
                                  "func main() {\n"
                                  "\tpanic(T{})\n"
                                  "}\n";
static const char pp_nul_src[] = "package main\n"
                                 "\n"
                                 "type T struct{}\n"
                                 "\n"
                                 "func (T) String() string { panic(\"a\\x00b\") }\n"
                                 "\n"
                                 "func main() {\n"
                                 "\tpanic(T{})\n"
                                 "}\n";
Test(interp, panic_value_whose_method_panics_more_cases)
{
    expect_single(pp_nil_value_receiver_src, LANG_GO119, "<nil>\n",
                  "fatal error: panic while printing panic value: type runtime.plainError\n", 2);
    expect_single(pp_nested_src, LANG_GO119, "",
                  "fatal error: panic while printing panic value: bee\n", 2);
    expect_single(pp_self_src, LANG_GO119, "",
                  "fatal error: panic while printing panic value: type main.T\n", 2);
    /* the NUL is printed: compare bytes, not C strings */
    lang_program *p = load(pp_nul_src, LANG_GO119);
    outcome o;
    rt_result r = run_once(p, LANG_GO119, true, 1, &o);
    static const char want[] = "fatal error: panic while printing panic value: a\0b\n";
    cr_expect_eq(r.err_len, sizeof want - 1, "%zu bytes on stderr", r.err_len);
    cr_expect(r.err_len == sizeof want - 1 && memcmp(o.err, want, sizeof want - 1) == 0);
    cr_expect_eq(o.rc, 2);
    outcome_free(&o);
    lang_free(p);
}

/* preprintpanics stops at a method that panics with nil: under go1.19 the
 * panic is recovered as nil, so that value and the older ones print as
 * they are (gc 1.19 prints the same two lines with real addresses in place
 * of our fixed one); under go1.22 the nil is a *runtime.PanicNilError and
 * the program ends with the fatal error naming that type (Go's source;
 * only gc 1.19 is installed here). The deferred call that panicked N ran
 * first, and only N's method was called. */
static const char pp_kept_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type A struct{ n int }\n"
    "\n"
    "func (A) String() string { fmt.Println(\"A.String\"); return \"a\" }\n"
    "\n"
    "type N struct{ n int }\n"
    "\n"
    "func (N) String() string { fmt.Println(\"N.String\"); panic(nil) }\n"
    "\n"
    "func main() {\n"
    "\tdefer func() { panic(N{2}) }()\n"
    "\tpanic(A{1})\n"
    "}\n";
Test(interp, panic_value_method_that_panics_with_nil_keeps_the_values)
{
    expect_single(pp_kept_src, LANG_GO119, "N.String\n",
                  "panic: (main.A) 0xc000012120\n"
                  "\tpanic: (main.N) 0xc000012120\n",
                  2);
    expect_single(pp_kept_src, LANG_GO122, "N.String\n",
                  "fatal error: panic while printing panic value: type *runtime.PanicNilError\n",
                  2);
}

/* preprintpanics throws inside its deferred recover: a String that calls
 * Goexit and then panics in its own deferred call ends the program with
 * the fatal error (the Goexit does not resume); a recovered panic still on
 * the chain (its deferred call panicked again) has its Error called too.
 * Both as gc 1.19 prints them (plus a traceback). */
static const char pp_goexit_src[] = "package main\n"
                                    "\n"
                                    "import (\n"
                                    "\t\"fmt\"\n"
                                    "\t\"runtime\"\n"
                                    ")\n"
                                    "\n"
                                    "type S struct{}\n"
                                    "\n"
                                    "func (s S) String() string {\n"
                                    "\tdefer func() { panic(\"late\") }()\n"
                                    "\tfmt.Println(\"String goexits\")\n"
                                    "\truntime.Goexit()\n"
                                    "\treturn \"S\"\n"
                                    "}\n"
                                    "\n"
                                    "func main() {\n"
                                    "\tgo func() { panic(S{}) }()\n"
                                    "\tvar block chan int\n"
                                    "\t<-block\n"
                                    "}\n";
static const char pp_recovered_on_chain_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type E struct{}\n"
    "\n"
    "func (e E) Error() string { fmt.Println(\"E.Error\"); panic(\"in E\") }\n"
    "\n"
    "func main() {\n"
    "\tdefer func() {\n"
    "\t\tr := recover()\n"
    "\t\tfmt.Println(\"recovered\", r != nil)\n"
    "\t\tpanic(\"second\")\n"
    "\t}()\n"
    "\tpanic(E{})\n"
    "}\n";
Test(interp, preprint_throws_inside_its_deferred_recover)
{
    expect_single(pp_goexit_src, LANG_GO119, "String goexits\n",
                  "fatal error: panic while printing panic value: late\n", 2);
    expect_single(pp_recovered_on_chain_src, LANG_GO119, "recovered true\nE.Error\n",
                  "fatal error: panic while printing panic value: in E\n", 2);
    /* the finding names the panic whose method panicked, not "second" */
    lang_program *p = load(pp_recovered_on_chain_src, LANG_GO119);
    oracle_set *os = oracle_new();
    cr_assert(os != NULL);
    oracle_set_lang(os, RT_LANG_GO119);
    rt_observer obs = oracle_observer(os);
    lang_run_opts o = lang_run_opts_default();
    o.version = LANG_GO119;
    o.observers = &obs;
    o.nobservers = 1;
    rt_result r;
    cr_assert_eq(lang_run(p, &o, &r), 0);
    const oracle_verdict *v = oracle_finish(os);
    cr_expect_eq(v->nviolations, 0);
    cr_assert_eq(v->nfindings, 1);
    cr_expect(strstr(v->findings[0].message, "panic while printing panic value: in E") != NULL,
              "finding: %s", v->findings[0].message);
    oracle_free(os);
    lang_free(p);
}

/* P3: a Stringer prints String(); time.Duration is one. */
static const char panic_value_stringer_and_duration_src[] = "package main\n"
                                                            "\n"
                                                            "import \"time\"\n"
                                                            "\n"
                                                            "func main() {\n"
                                                            "\tpanic(1500 * time.Millisecond)\n"
                                                            "}\n";
Test(interp, panic_value_stringer_and_duration)
{
    expect_single(panic_value_stringer_and_duration_src, LANG_GO119, "", "panic: 1.5s\n", 2);
}

/* P3: panic(42) prints 42. */
static const char panic_value_int_and_bool_src[] = "package main\n"
                                                   "\n"
                                                   "func main() {\n"
                                                   "\tdefer func() {\n"
                                                   "\t\tr := recover()\n"
                                                   "\t\tprintln(\"recovered\", r == 42)\n"
                                                   "\t\tpanic(true)\n"
                                                   "\t}()\n"
                                                   "\tpanic(42)\n"
                                                   "}\n";
Test(interp, panic_value_int_and_bool)
{
    expect_single(panic_value_int_and_bool_src, LANG_GO119, "",
                  "recovered true\n"
                  "panic: 42 [recovered]\n"
                  "\tpanic: true\n",
                  2);
}

/* P5: a panic in a deferred call prints the chain. */
static const char p5_panic_chain_printed_oldest_first_src[] = "package main\n"
                                                              "\n"
                                                              "func main() {\n"
                                                              "\tdefer func() {\n"
                                                              "\t\trecover()\n"
                                                              "\t\tpanic(\"B\")\n"
                                                              "\t}()\n"
                                                              "\tpanic(\"A\")\n"
                                                              "}\n";
Test(interp, p5_panic_chain_printed_oldest_first)
{
    expect_single(p5_panic_chain_printed_oldest_first_src, LANG_GO119, "",
                  "panic: A [recovered]\n"
                  "\tpanic: B\n",
                  2);
}

/* R5: recover gives back the value with its dynamic type; re-panicking prints it again. */
static const char r_recover_returns_the_original_value_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"errors\"\n"
    "\t\"fmt\"\n"
    ")\n"
    "\n"
    "var ErrX = errors.New(\"x failed\")\n"
    "\n"
    "func f() (err error) {\n"
    "\tdefer func() {\n"
    "\t\tif r := recover(); r != nil {\n"
    "\t\t\tfmt.Println(\"recovered\", r, r == ErrX)\n"
    "\t\t\tpanic(r)\n"
    "\t\t}\n"
    "\t}()\n"
    "\tpanic(ErrX)\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tdefer func() {\n"
    "\t\tr := recover()\n"
    "\t\tfmt.Println(\"main recovered\", r, r == ErrX)\n"
    "\t}()\n"
    "\tf()\n"
    "}\n";
Test(interp, r_recover_returns_the_original_value)
{
    expect_single(r_recover_returns_the_original_value_src, LANG_GO119,
                  "recovered x failed true\n"
                  "main recovered x failed true\n",
                  "", 0);
}

/* R9: under go1.19 recover returns nil for panic(nil) yet stops the panic. */
static const char r9_go119_panic_nil_src[] = "package main\n"
                                             "\n"
                                             "import \"fmt\"\n"
                                             "\n"
                                             "func f() (ok bool) {\n"
                                             "\tdefer func() {\n"
                                             "\t\tr := recover()\n"
                                             "\t\tfmt.Println(\"recover() =\", r)\n"
                                             "\t}()\n"
                                             "\tpanic(nil)\n"
                                             "}\n"
                                             "\n"
                                             "func main() {\n"
                                             "\tfmt.Println(f())\n"
                                             "\tpanic(nil)\n"
                                             "}\n";
Test(interp, r9_go119_panic_nil)
{
    expect_single(r9_go119_panic_nil_src, LANG_GO119,
                  "recover() = <nil>\n"
                  "false\n",
                  "panic: nil\n", 2);
}

/* R9: under go1.22 panic(nil) is a *runtime.PanicNilError (Go 1.21+ source). */
static const char r9_go122_panic_nil_src[] = "package main\n"
                                             "\n"
                                             "import \"fmt\"\n"
                                             "\n"
                                             "func f() (ok bool) {\n"
                                             "\tdefer func() {\n"
                                             "\t\tr := recover()\n"
                                             "\t\tfmt.Println(\"recover() =\", r)\n"
                                             "\t}()\n"
                                             "\tpanic(nil)\n"
                                             "}\n"
                                             "\n"
                                             "func main() {\n"
                                             "\tfmt.Println(f())\n"
                                             "\tpanic(nil)\n"
                                             "}\n";
Test(interp, r9_go122_panic_nil)
{
    expect_single(r9_go122_panic_nil_src, LANG_GO122,
                  "recover() = panic called with nil argument\n"
                  "false\n",
                  "panic: panic called with nil argument\n", 2);
}

/* G1: Goexit runs the goroutine's defers and ends it; recover returns nil (G2). */
static const char goexit_runs_deferred_calls_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"runtime\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tdone := make(chan bool)\n"
    "\tgo func() {\n"
    "\t\tdefer close(done)\n"
    "\t\tdefer func() { fmt.Println(\"recover during Goexit:\", recover()) }()\n"
    "\t\tdefer fmt.Println(\"deferred in goroutine\")\n"
    "\t\truntime.Goexit()\n"
    "\t\tfmt.Println(\"not reached\")\n"
    "\t}()\n"
    "\t<-done\n"
    "\tfmt.Println(\"main done\")\n"
    "}\n";
Test(interp, goexit_runs_deferred_calls)
{
    expect_single(goexit_runs_deferred_calls_src, LANG_GO119,
                  "deferred in goroutine\n"
                  "recover during Goexit: <nil>\n"
                  "main done\n",
                  "", 0);
}

/* G6: Goexit in main with no goroutines left is a fatal error. */
static const char goexit_in_main_then_deadlock_src[] = "package main\n"
                                                       "\n"
                                                       "import (\n"
                                                       "\t\"fmt\"\n"
                                                       "\t\"runtime\"\n"
                                                       ")\n"
                                                       "\n"
                                                       "func main() {\n"
                                                       "\tdefer fmt.Println(\"main defer\")\n"
                                                       "\truntime.Goexit()\n"
                                                       "}\n";
Test(interp, goexit_in_main_then_deadlock)
{
    expect_single(goexit_in_main_then_deadlock_src, LANG_GO119, "main defer\n",
                  "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n", 2);
}

/* X2: os.Exit ends the program at once; no deferred call runs. */
static const char os_exit_skips_defers_src[] = "package main\n"
                                               "\n"
                                               "import (\n"
                                               "\t\"fmt\"\n"
                                               "\t\"os\"\n"
                                               ")\n"
                                               "\n"
                                               "func main() {\n"
                                               "\tdefer fmt.Println(\"never printed\")\n"
                                               "\tfmt.Println(\"exiting\")\n"
                                               "\tos.Exit(3)\n"
                                               "}\n";
Test(interp, os_exit_skips_defers)
{
    expect_single(os_exit_skips_defers_src, LANG_GO119, "exiting\n", "", 3);
}

/* P1/R7: a child goroutine's panic kills the program; main's defers and recover never run. */
static const char recover_in_parent_does_not_catch_child_panic_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"time\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tdefer func() { fmt.Println(\"main recovered\", recover()) }()\n"
    "\tgo func() {\n"
    "\t\tdefer fmt.Println(\"child defer\")\n"
    "\t\tpanic(\"child boom\")\n"
    "\t}()\n"
    "\ttime.Sleep(time.Second)\n"
    "\tfmt.Println(\"not reached\")\n"
    "}\n";
Test(interp, recover_in_parent_does_not_catch_child_panic)
{
    expect_single(recover_in_parent_does_not_catch_child_panic_src, LANG_GO119, "child defer\n",
                  "panic: child boom\n", 2);
}

/* R7: the remedy: recover inside the child and send the value back. */
static const char recover_inside_child_goroutine_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\terrc := make(chan string)\n"
    "\tgo func() {\n"
    "\t\tdefer func() { errc <- fmt.Sprint(recover()) }()\n"
    "\t\tpanic(\"child boom\")\n"
    "\t}()\n"
    "\tfmt.Println(\"child said:\", <-errc)\n"
    "}\n";
Test(interp, recover_inside_child_goroutine)
{
    expect_single(recover_inside_child_goroutine_src, LANG_GO119, "child said: child boom\n", "",
                  0);
}

/* X1: when main returns, other goroutines and their defers are abandoned. */
static const char main_return_abandons_goroutines_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tc := make(chan int)\n"
    "\tgo func() {\n"
    "\t\tdefer fmt.Println(\"never printed\")\n"
    "\t\t<-c\n"
    "\t}()\n"
    "\tfmt.Println(\"main returns\")\n"
    "}\n";
Test(interp, main_return_abandons_goroutines)
{
    expect_single(main_return_abandons_goroutines_src, LANG_GO119, "main returns\n", "", 0);
}

/* More goroutines than the runtime keeps stacks for (1,024), each left
 * blocked inside a call when main returns, in several executions of one
 * process: the stacks beyond the cache are unmapped with their frames'
 * redzones still poisoned, and under ASan the next execution's stacks
 * mapped at those addresses made ASan fail a check of its own (a crash,
 * not a report). Every build runs it; the ASan one is the test. */
static const char abandoned_stacks_beyond_the_cache_src[] =
    "package main\n"
    "\n"
    "import \"sync\"\n"
    "\n"
    "func park(ready *sync.WaitGroup, ch chan int) int {\n"
    "\tready.Done()\n"
    "\treturn <-ch\n"
    "}\n"
    "\n"
    "func worker(ready *sync.WaitGroup, ch chan int) {\n"
    "\tdefer func() { recover() }()\n"
    "\tpark(ready, ch)\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tvar ready sync.WaitGroup\n"
    "\tch := make(chan int)\n"
    "\tready.Add(1500)\n"
    "\tfor i := 0; i < 1500; i++ {\n"
    "\t\tgo worker(&ready, ch)\n"
    "\t}\n"
    "\tready.Wait()\n"
    "\tprintln(\"main returns\")\n"
    "}\n";
Test(interp, abandoned_stacks_beyond_the_cache_are_reused_cleanly)
{
    lang_program *p = load(abandoned_stacks_beyond_the_cache_src, LANG_GO122);
    for (uint64_t seed = 1; seed <= 3; seed++) {
        outcome o;
        run_once(p, LANG_GO122, false, seed, &o);
        cr_assert_str_eq(o.out, "");
        cr_assert_str_eq(o.err, "main returns\n");
        cr_assert_eq(o.rc, 0);
        outcome_free(&o);
    }
    lang_free(p);
}

/* K1: every goroutine blocked is the deadlock fatal error. */
static const char deadlock_is_fatal_src[] = "package main\n"
                                            "\n"
                                            "import (\n"
                                            "\t\"fmt\"\n"
                                            "\t\"sync\"\n"
                                            ")\n"
                                            "\n"
                                            "func main() {\n"
                                            "\tvar mu sync.Mutex\n"
                                            "\tdefer fmt.Println(\"never printed\")\n"
                                            "\tmu.Lock()\n"
                                            "\tmu.Lock()\n"
                                            "}\n";
Test(interp, deadlock_is_fatal)
{
    expect_single(deadlock_is_fatal_src, LANG_GO119, "",
                  "fatal error: all goroutines are asleep - deadlock!\n", 2);
}

/* W2: a negative WaitGroup counter panics with a string value. */
static const char waitgroup_negative_counter_panics_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"sync\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tvar wg sync.WaitGroup\n"
    "\tdefer func() { fmt.Println(\"recovered:\", recover()) }()\n"
    "\twg.Done()\n"
    "}\n";
Test(interp, waitgroup_negative_counter_panics)
{
    expect_single(waitgroup_negative_counter_panics_src, LANG_GO119,
                  "recovered: sync: negative WaitGroup counter\n", "", 0);
}

/* M2: unlocking an unlocked mutex is fatal; defers do not run. */
static const char unlock_of_unlocked_mutex_is_fatal_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"sync\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tvar mu sync.Mutex\n"
    "\tdefer func() { fmt.Println(\"recovered?\", recover()) }()\n"
    "\tmu.Unlock()\n"
    "}\n";
Test(interp, unlock_of_unlocked_mutex_is_fatal)
{
    expect_single(unlock_of_unlocked_mutex_is_fatal_src, LANG_GO119, "",
                  "fatal error: sync: unlock of unlocked mutex\n", 2);
}

/* sync values as struct fields and through pointers; Once runs f once. */
static const char sync_types_in_structs_and_once_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"sync\"\n"
    ")\n"
    "\n"
    "type Counter struct {\n"
    "\tmu sync.Mutex\n"
    "\tn  int\n"
    "}\n"
    "\n"
    "func (c *Counter) Inc() {\n"
    "\tc.mu.Lock()\n"
    "\tdefer c.mu.Unlock()\n"
    "\tc.n++\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tc := &Counter{}\n"
    "\tvar wg sync.WaitGroup\n"
    "\tvar once sync.Once\n"
    "\tfor i := 0; i < 5; i++ {\n"
    "\t\twg.Add(1)\n"
    "\t\tgo func() {\n"
    "\t\t\tdefer wg.Done()\n"
    "\t\t\tonce.Do(func() { fmt.Println(\"once\") })\n"
    "\t\t\tc.Inc()\n"
    "\t\t}()\n"
    "\t}\n"
    "\twg.Wait()\n"
    "\tfmt.Println(\"count\", c.n)\n"
    "}\n";
Test(interp, sync_types_in_structs_and_once)
{
    expect_single(sync_types_in_structs_and_once_src, LANG_GO119,
                  "once\n"
                  "count 5\n",
                  "", 0);
}

/* Virtual time: Sleep and After order goroutines by their deadlines. */
static const char time_sleep_and_after_src[] = "package main\n"
                                               "\n"
                                               "import (\n"
                                               "\t\"fmt\"\n"
                                               "\t\"time\"\n"
                                               ")\n"
                                               "\n"
                                               "func main() {\n"
                                               "\tdone := make(chan string)\n"
                                               "\tgo func() {\n"
                                               "\t\ttime.Sleep(20 * time.Millisecond)\n"
                                               "\t\tdone <- \"slow\"\n"
                                               "\t}()\n"
                                               "\tgo func() {\n"
                                               "\t\ttime.Sleep(10 * time.Millisecond)\n"
                                               "\t\tdone <- \"fast\"\n"
                                               "\t}()\n"
                                               "\tfmt.Println(<-done, <-done)\n"
                                               "\tselect {\n"
                                               "\tcase <-time.After(time.Second):\n"
                                               "\t\tfmt.Println(\"timeout\")\n"
                                               "\tcase s := <-done:\n"
                                               "\t\tfmt.Println(s)\n"
                                               "\t}\n"
                                               "}\n";
Test(interp, time_sleep_and_after)
{
    expect_single(time_sleep_and_after_src, LANG_GO119,
                  "fast slow\n"
                  "timeout\n",
                  "", 0);
}

/* runtime.NumGoroutine counts live goroutines. */
static const char runtime_numgoroutine_and_gosched_src[] = "package main\n"
                                                           "\n"
                                                           "import (\n"
                                                           "\t\"fmt\"\n"
                                                           "\t\"runtime\"\n"
                                                           ")\n"
                                                           "\n"
                                                           "func main() {\n"
                                                           "\tc := make(chan int)\n"
                                                           "\tfor i := 0; i < 3; i++ {\n"
                                                           "\t\tgo func() { <-c }()\n"
                                                           "\t}\n"
                                                           "\truntime.Gosched()\n"
                                                           "\tfmt.Println(runtime.NumGoroutine())\n"
                                                           "\tclose(c)\n"
                                                           "}\n";
Test(interp, runtime_numgoroutine_and_gosched)
{
    expect_single(runtime_numgoroutine_and_gosched_src, LANG_GO119, "4\n", "", 0);
}

/* fmt.Println separates with spaces; Print only between non-strings. */
static const char fmt_println_and_print_spacing_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tfmt.Println(\"a\", 1, true, \"b\")\n"
    "\tfmt.Print(\"a\", 1, 2, \"b\", \"c\", 3, true, false, \"\\n\")\n"
    "\tfmt.Print()\n"
    "\tfmt.Println()\n"
    "\ts := fmt.Sprint(1, 2, \"x\", 3) + fmt.Sprintln(\"y\", 4)\n"
    "\tfmt.Print(s)\n"
    "}\n";
Test(interp, fmt_println_and_print_spacing)
{
    expect_single(fmt_println_and_print_spacing_src, LANG_GO119,
                  "a 1 true b\n"
                  "a1 2bc3 true false\n"
                  "\n"
                  "1 2x3y 4\n",
                  "", 0);
}

/* fmt formats structs, pointers, errors, nil, Duration and struct{}. */
static const char fmt_values_of_the_subset_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"errors\"\n"
    "\t\"fmt\"\n"
    "\t\"time\"\n"
    ")\n"
    "\n"
    "type T struct {\n"
    "\tA int\n"
    "\tb string\n"
    "}\n"
    "\n"
    "type E struct{ code int }\n"
    "\n"
    "func (e E) Error() string { return fmt.Sprint(\"E\", e.code) }\n"
    "\n"
    "type S struct{ n int }\n"
    "\n"
    "func (s S) String() string { return fmt.Sprint(\"S#\", s.n) }\n"
    "\n"
    "type W struct {\n"
    "\tD time.Duration\n"
    "\td time.Duration\n"
    "\tE error\n"
    "\tT *T\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tvar err error\n"
    "\tvar a any\n"
    "\tvar p *T\n"
    "\tvar c chan int\n"
    "\tvar f func()\n"
    "\tfmt.Println(T{1, \"x\"}, &T{2, \"y\"}, struct{}{}, err, a, p, c == nil, f == nil)\n"
    "\tfmt.Println(time.Second, 1500*time.Millisecond, time.Duration(0), 3*time.Microsecond, "
    "90*time.Minute, 42*time.Nanosecond)\n"
    "\tfmt.Println(errors.New(\"plain\"), E{7}, S{3}, &S{4})\n"
    "\tfmt.Println(W{time.Second, time.Second, errors.New(\"e1\"), nil})\n"
    "\terr = errors.New(\"e9\")\n"
    "\ta = 5\n"
    "\tfmt.Println(err, a)\n"
    "}\n";
Test(interp, fmt_values_of_the_subset)
{
    expect_single(fmt_values_of_the_subset_src, LANG_GO119,
                  "{1 x} &{2 y} {} <nil> <nil> <nil> true true\n"
                  "1s 1.5s 0s 3\302\265s 1h30m0s 42ns\n"
                  "plain E7 S#3 S#4\n"
                  "{1s 1000000000 e1 <nil>}\n"
                  "e9 5\n",
                  "", 0);
}

/* Printf: %d %s %v %t %q and the reports of bad verbs, missing and extra arguments. */
static const char fmt_printf_verbs_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"errors\"\n"
    "\t\"fmt\"\n"
    "\t\"time\"\n"
    ")\n"
    "\n"
    "type T struct {\n"
    "\tA int\n"
    "\tb string\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tfmt.Printf(\"%d %s %v %t %q|\\n\", 42, \"str\", T{1, \"x\"}, true, \"q\\\"s\\n\")\n"
    "\tfmt.Printf(\"%d %s %v %t %q|\\n\", \"x\", 5, nil, 1, 65)\n"
    "\tfmt.Printf(\"%d %d\\n\", 1)\n"
    "\tfmt.Printf(\"%d\\n\", 1, \"a\", true)\n"
    "\tfmt.Printf(\"%d|%s|%v\\n\", errors.New(\"x\"), errors.New(\"y\"), errors.New(\"z\"))\n"
    "\tfmt.Printf(\"%d %v %s %q\\n\", time.Second, time.Second, time.Second, time.Second)\n"
    "\tfmt.Printf(\"%s %d %%\\n\", nil, nil)\n"
    "\tfmt.Printf(\"%q %q %v %q\\n\", \"\\x01\303\251\\t\", 233, 97, 10)\n"
    "\ts := fmt.Sprintf(\"%v-%v\", 1, \"two\")\n"
    "\te := fmt.Errorf(\"wrapped %v: %d\", s, 3)\n"
    "\tfmt.Println(s, e)\n"
    "}\n";
Test(interp, fmt_printf_verbs)
{
    expect_single(fmt_printf_verbs_src, LANG_GO119,
                  "42 str {1 x} true \"q\\\"s\\n\"|\n"
                  "%!d(string=x) %!s(int=5) <nil> %!t(int=1) 'A'|\n"
                  "1 %!d(MISSING)\n"
                  "1\n"
                  "%!(EXTRA string=a, bool=true)&{%!d(string=x)}|y|z\n"
                  "1000000000 1s 1s \"1s\"\n"
                  "%!s(<nil>) %!d(<nil>) %\n"
                  "\"\\x01\303\251\\t\" '\303\251' 97 '\\n'\n"
                  "1-two wrapped 1-two: 3\n",
                  "", 0);
}

/* print/println write to stderr with the runtime's formatting. */
static const char println_builtin_formatting_src[] =
    "package main\n"
    "\n"
    "import \"time\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func main() {\n"
    "\tvar e error\n"
    "\tvar a any\n"
    "\tvar p *T\n"
    "\tprintln(1, true, \"s\", e, a, p == nil, time.Second, -5)\n"
    "\tprint(1, 2, \"x\", false, \"\\n\")\n"
    "\tprintln()\n"
    "\tprintln(p)\n"
    "}\n";
Test(interp, println_builtin_formatting)
{
    expect_single(println_builtin_formatting_src, LANG_GO119, "",
                  "1 true s (0x0,0x0) (0x0,0x0) true 1000000000 -5\n"
                  "12xfalse\n"
                  "\n"
                  "0x0\n",
                  0);
}

/* switch with fallthrough, tagless switch, labeled break and continue. */
static const char switch_and_labeled_loops_src[] = "package main\n"
                                                   "\n"
                                                   "import \"fmt\"\n"
                                                   "\n"
                                                   "func kind(n int) string {\n"
                                                   "\tswitch {\n"
                                                   "\tcase n < 0:\n"
                                                   "\t\treturn \"neg\"\n"
                                                   "\tcase n == 0:\n"
                                                   "\t\treturn \"zero\"\n"
                                                   "\t}\n"
                                                   "\treturn \"pos\"\n"
                                                   "}\n"
                                                   "\n"
                                                   "func main() {\n"
                                                   "\tfor i := 0; i < 4; i++ {\n"
                                                   "\t\tswitch i {\n"
                                                   "\t\tcase 0:\n"
                                                   "\t\t\tfmt.Print(\"zero \")\n"
                                                   "\t\t\tfallthrough\n"
                                                   "\t\tcase 1:\n"
                                                   "\t\t\tfmt.Print(\"one-ish \")\n"
                                                   "\t\tcase 2, 3:\n"
                                                   "\t\t\tfmt.Print(\"big \")\n"
                                                   "\t\t\tif i == 3 {\n"
                                                   "\t\t\t\tbreak\n"
                                                   "\t\t\t}\n"
                                                   "\t\t\tfmt.Print(\"two \")\n"
                                                   "\t\tdefault:\n"
                                                   "\t\t\tfmt.Print(\"never \")\n"
                                                   "\t\t}\n"
                                                   "\t}\n"
                                                   "\tfmt.Println(kind(-1), kind(0), kind(5))\n"
                                                   "outer:\n"
                                                   "\tfor i := 0; i < 3; i++ {\n"
                                                   "\t\tfor j := 0; j < 3; j++ {\n"
                                                   "\t\t\tif j == 2 {\n"
                                                   "\t\t\t\tcontinue outer\n"
                                                   "\t\t\t}\n"
                                                   "\t\t\tif i == 2 {\n"
                                                   "\t\t\t\tbreak outer\n"
                                                   "\t\t\t}\n"
                                                   "\t\t\tfmt.Print(i, j, \" \")\n"
                                                   "\t\t}\n"
                                                   "\t}\n"
                                                   "\tfmt.Println()\n"
                                                   "}\n";
Test(interp, switch_and_labeled_loops)
{
    expect_single(switch_and_labeled_loops_src, LANG_GO119,
                  "zero one-ish one-ish big two big neg zero pos\n"
                  "0 0 0 1 1 0 1 1 \n",
                  "", 0);
}

/* gc's order: in a statement, calls run before variables are read (fmt.Println(x, f()) sees f's
 * write); defer and go evaluate strictly left to right. */
static const char gc_evaluates_calls_before_variables_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tx := 1\n"
    "\tf := func() int {\n"
    "\t\tx = 2\n"
    "\t\treturn 3\n"
    "\t}\n"
    "\tfmt.Println(x, f())\n"
    "\tx = 1\n"
    "\ty := x + f()\n"
    "\tfmt.Println(y)\n"
    "\tx = 1\n"
    "\tx += f()\n"
    "\tfmt.Println(x)\n"
    "\tx = 1\n"
    "\tfmt.Println(x == 1, f())\n"
    "\tx = 1\n"
    "\tdefer fmt.Println(\"deferred\", x, f())\n"
    "}\n";
Test(interp, gc_evaluates_calls_before_variables)
{
    expect_single(gc_evaluates_calls_before_variables_src, LANG_GO119,
                  "2 3\n"
                  "5\n"
                  "5\n"
                  "true 3\n"
                  "deferred 1 3\n",
                  "", 0);
}

/* Bare returns, multiple results and := redeclaration. */
static const char named_results_and_shadowing_src[] = "package main\n"
                                                      "\n"
                                                      "import (\n"
                                                      "\t\"errors\"\n"
                                                      "\t\"fmt\"\n"
                                                      ")\n"
                                                      "\n"
                                                      "func div(a, b int) (q, r int, err error) {\n"
                                                      "\tif b == 0 {\n"
                                                      "\t\terr = errors.New(\"division by zero\")\n"
                                                      "\t\treturn\n"
                                                      "\t}\n"
                                                      "\tq, r = a/b, a%b\n"
                                                      "\treturn\n"
                                                      "}\n"
                                                      "\n"
                                                      "func main() {\n"
                                                      "\tq, r, err := div(7, 2)\n"
                                                      "\tfmt.Println(q, r, err)\n"
                                                      "\tq, r, err = div(1, 0)\n"
                                                      "\tfmt.Println(q, r, err)\n"
                                                      "\ta, b := 1, 2\n"
                                                      "\ta, b = b, a\n"
                                                      "\tfmt.Println(a, b)\n"
                                                      "\tif x, _, err := div(9, 3); err == nil {\n"
                                                      "\t\tfmt.Println(\"x\", x)\n"
                                                      "\t}\n"
                                                      "}\n";
Test(interp, named_results_and_shadowing)
{
    expect_single(named_results_and_shadowing_src, LANG_GO119,
                  "3 1 <nil>\n"
                  "0 0 division by zero\n"
                  "2 1\n"
                  "x 3\n",
                  "", 0);
}

/* Package-level variables are initialised dependencies first. */
static const char global_variables_initialised_in_dependency_order_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "var a = b + 1\n"
    "var b = f()\n"
    "var c int\n"
    "\n"
    "func f() int {\n"
    "\tfmt.Println(\"f runs\")\n"
    "\treturn 41\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tc++\n"
    "\tfmt.Println(a, b, c)\n"
    "}\n";
Test(interp, global_variables_initialised_in_dependency_order)
{
    expect_single(global_variables_initialised_in_dependency_order_src, LANG_GO119,
                  "f runs\n"
                  "42 41 1\n",
                  "", 0);
}

/* D9/D10: go p.Val() evaluates the method value in the calling goroutine: a nil *T panics there. */
static const char d9_go_with_nil_receiver_panics_in_the_caller_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type T struct{ n int }\n"
    "\n"
    "func (t T) Val() { fmt.Println(\"Val\", t.n) }\n"
    "\n"
    "func main() {\n"
    "\tdefer func() { fmt.Println(\"main recovered:\", recover()) }()\n"
    "\tvar p *T\n"
    "\tgo p.Val()\n"
    "\tfmt.Println(\"not reached\")\n"
    "}\n";
Test(interp, d9_go_with_nil_receiver_panics_in_the_caller)
{
    expect_single(
        d9_go_with_nil_receiver_panics_in_the_caller_src, LANG_GO119,
        "main recovered: runtime error: invalid memory address or nil pointer dereference\n", "",
        0);
}

/* R3: a deferred method whose body calls recover is called directly by the panic sequence: it
 * recovers. */
static const char r3_deferred_method_value_recovers_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "type R struct{ name string }\n"
    "\n"
    "func (r R) M() { fmt.Println(r.name, \"recovered\", recover()) }\n"
    "\n"
    "func helper() { fmt.Println(\"helper got\", recover()) }\n"
    "\n"
    "func f() {\n"
    "\tdefer R{\"method\"}.M()\n"
    "\tdefer func() { helper() }()\n"
    "\tpanic(\"boom\")\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tf()\n"
    "\tfmt.Println(\"main continues\")\n"
    "}\n";
Test(interp, r3_deferred_method_value_recovers)
{
    expect_single(r3_deferred_method_value_recovers_src, LANG_GO119,
                  "helper got <nil>\n"
                  "method recovered boom\n"
                  "main continues\n",
                  "", 0);
}

/* S4/C7/S5: a for-select loop over channels that get closed, with v, ok receives and a labeled
 * break. */
static const char select_loops_break_and_closed_channels_src[] = "package main\n"
                                                                 "\n"
                                                                 "import \"fmt\"\n"
                                                                 "\n"
                                                                 "func main() {\n"
                                                                 "\ta := make(chan int)\n"
                                                                 "\tb := make(chan string)\n"
                                                                 "\tgo func() {\n"
                                                                 "\t\tfor i := 0; i < 3; i++ {\n"
                                                                 "\t\t\ta <- i\n"
                                                                 "\t\t}\n"
                                                                 "\t\tclose(a)\n"
                                                                 "\t}()\n"
                                                                 "\tgo func() {\n"
                                                                 "\t\tb <- \"hello\"\n"
                                                                 "\t\tclose(b)\n"
                                                                 "\t}()\n"
                                                                 "\tna, nb := 0, 0\n"
                                                                 "loop:\n"
                                                                 "\tfor {\n"
                                                                 "\t\tselect {\n"
                                                                 "\t\tcase v, ok := <-a:\n"
                                                                 "\t\t\tif !ok {\n"
                                                                 "\t\t\t\ta = nil\n"
                                                                 "\t\t\t\tif b == nil {\n"
                                                                 "\t\t\t\t\tbreak loop\n"
                                                                 "\t\t\t\t}\n"
                                                                 "\t\t\t\tcontinue\n"
                                                                 "\t\t\t}\n"
                                                                 "\t\t\tna += v + 1\n"
                                                                 "\t\tcase s, ok := <-b:\n"
                                                                 "\t\t\tif !ok {\n"
                                                                 "\t\t\t\tb = nil\n"
                                                                 "\t\t\t\tif a == nil {\n"
                                                                 "\t\t\t\t\tbreak loop\n"
                                                                 "\t\t\t\t}\n"
                                                                 "\t\t\t\tbreak\n"
                                                                 "\t\t\t}\n"
                                                                 "\t\t\tnb += len(s)\n"
                                                                 "\t\t}\n"
                                                                 "\t}\n"
                                                                 "\tfmt.Println(na, nb)\n"
                                                                 "}\n";
Test(interp, select_loops_break_and_closed_channels)
{
    expect_single(select_loops_break_and_closed_channels_src, LANG_GO119, "6 5\n", "", 0);
}

/* Strings, recursion, conversions to time.Duration. */
static const char strings_recursion_and_conversions_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"time\"\n"
    ")\n"
    "\n"
    "func fib(n int) int {\n"
    "\tif n < 2 {\n"
    "\t\treturn n\n"
    "\t}\n"
    "\treturn fib(n-1) + fib(n-2)\n"
    "}\n"
    "\n"
    "func repeat(s string, n int) string {\n"
    "\tr := \"\"\n"
    "\tfor i := 0; i < n; i++ {\n"
    "\t\tr += s\n"
    "\t}\n"
    "\treturn r\n"
    "}\n"
    "\n"
    "func main() {\n"
    "\tfmt.Println(fib(15), repeat(\"ab\", 3), len(repeat(\"xyz\", 4)))\n"
    "\tfmt.Println(\"abc\" < \"abd\", \"b\" > \"abc\", \"x\" == \"x\", \"\" < \"a\")\n"
    "\td := time.Duration(250) * time.Millisecond\n"
    "\tstart := 0\n"
    "\ttime.Sleep(d)\n"
    "\tfmt.Println(d, d*4, time.Duration(start))\n"
    "\tswitch s := repeat(\"a\", 2); s {\n"
    "\tdefault:\n"
    "\t\tfmt.Println(\"default\")\n"
    "\tcase \"a\":\n"
    "\t\tfmt.Println(\"one\")\n"
    "\tcase \"aa\":\n"
    "\t\tfmt.Println(\"two\")\n"
    "\t}\n"
    "}\n";
Test(interp, strings_recursion_and_conversions)
{
    expect_single(strings_recursion_and_conversions_src, LANG_GO119,
                  "610 ababab 12\n"
                  "true true true true\n"
                  "250ms 1s 0s\n"
                  "two\n",
                  "", 0);
}

/* G6: after main calls Goexit the program keeps running the other goroutines; os.Exit(3) ends it.
 */
static const char g6_goexit_in_main_lets_others_finish_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"os\"\n"
    "\t\"runtime\"\n"
    "\t\"time\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tgo func() {\n"
    "\t\ttime.Sleep(time.Millisecond)\n"
    "\t\tfmt.Println(\"other goroutine exits the program\")\n"
    "\t\tos.Exit(3)\n"
    "\t}()\n"
    "\tdefer fmt.Println(\"main's defers run\")\n"
    "\truntime.Goexit()\n"
    "}\n";
Test(interp, g6_goexit_in_main_lets_others_finish)
{
    expect_single(g6_goexit_in_main_lets_others_finish_src, LANG_GO119,
                  "main's defers run\n"
                  "other goroutine exits the program\n",
                  "", 3);
}

/* G6: main's goroutine record is recycled for a goroutine started after
 * main's Goexit; when that one returns, the program must not end as if main
 * returned (it did: exit 0 instead of the fatal error). */
static const char g6_goexit_then_grandchild_src[] = "package main\n"
                                                    "\n"
                                                    "import \"runtime\"\n"
                                                    "\n"
                                                    "func main() {\n"
                                                    "\tgo func() {\n"
                                                    "\t\tgo func() {\n"
                                                    "\t\t\tprintln(\"inner\")\n"
                                                    "\t\t}()\n"
                                                    "\t}()\n"
                                                    "\truntime.Goexit()\n"
                                                    "}\n";
Test(interp, g6_goexit_then_grandchild)
{
    expect_single(g6_goexit_then_grandchild_src, LANG_GO119, "",
                  "inner\n"
                  "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n",
                  2);
}

/* W3: an Add after the counter reached 0 and woke a Wait, before that Wait
 * returned, makes the Wait panic (gc's state check after the wakeup). */
static const char w3_waitgroup_reused_before_wait_returned_src[] = "package main\n"
                                                                   "\n"
                                                                   "import \"sync\"\n"
                                                                   "\n"
                                                                   "func main() {\n"
                                                                   "\tvar wg sync.WaitGroup\n"
                                                                   "\twg.Add(1)\n"
                                                                   "\tgo func() {\n"
                                                                   "\t\twg.Done()\n"
                                                                   "\t\twg.Add(1)\n"
                                                                   "\t}()\n"
                                                                   "\twg.Wait()\n"
                                                                   "\tprintln(\"waited\")\n"
                                                                   "}\n";
Test(interp, w3_waitgroup_reused_before_wait_returned)
{
    const outcome gc[] = {
        {"", "waited\n", 0},
        {"", "panic: sync: WaitGroup is reused before previous Wait has returned\n", 2},
    };
    expect_includes(w3_waitgroup_reused_before_wait_returned_src, LANG_GO119, gc, 2);
}

/* X2: os.Exit from a deferred call while panicking: no panic message, the exit code is the
 * argument. */
static const char x2_os_exit_in_a_deferred_call_while_panicking_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"os\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tdefer os.Exit(3)\n"
    "\tdefer fmt.Println(\"deferred print\")\n"
    "\tpanic(\"boom\")\n"
    "}\n";
Test(interp, x2_os_exit_in_a_deferred_call_while_panicking)
{
    expect_single(x2_os_exit_in_a_deferred_call_while_panicking_src, LANG_GO119, "deferred print\n",
                  "", 3);
}

/* G4: Goexit in a deferred call while panicking abandons the panic; the goroutine exits quietly. */
static const char g4_goexit_from_deferred_call_while_panicking_src[] =
    "package main\n"
    "\n"
    "import (\n"
    "\t\"fmt\"\n"
    "\t\"runtime\"\n"
    ")\n"
    "\n"
    "func main() {\n"
    "\tdone := make(chan bool)\n"
    "\tgo func() {\n"
    "\t\tdefer close(done)\n"
    "\t\tdefer runtime.Goexit()\n"
    "\t\tpanic(\"abandoned\")\n"
    "\t}()\n"
    "\t<-done\n"
    "\tfmt.Println(\"program continues\")\n"
    "}\n";
Test(interp, g4_goexit_from_deferred_call_while_panicking)
{
    expect_single(g4_goexit_from_deferred_call_while_panicking_src, LANG_GO119,
                  "program continues\n", "", 0);
}

/* D9: defer e.Error() with a nil error evaluates the method value of a nil interface: it panics at
 * the defer statement. */
static const char d9_nil_error_interface_fails_at_defer_statement_src[] =
    "package main\n"
    "\n"
    "import \"fmt\"\n"
    "\n"
    "func main() {\n"
    "\tdefer fmt.Println(\"first defer\")\n"
    "\tvar e error\n"
    "\tdefer e.Error()\n"
    "\tfmt.Println(\"after defer\")\n"
    "}\n";
Test(interp, d9_nil_error_interface_fails_at_defer_statement)
{
    expect_single(d9_nil_error_interface_fails_at_defer_statement_src, LANG_GO119, "first defer\n",
                  "panic: runtime error: invalid memory address or nil pointer dereference\n"
                  "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n",
                  2);
}

/* Every program above, for the tests that run them all. */
static const struct {
    const char *name;
    const char *src;
    lang_version v;
} all_programs[] = {
    {"d1_defer_evaluates_arguments_at_the_statement",
     d1_defer_evaluates_arguments_at_the_statement_src, LANG_GO119},
    {"d2_receiver_evaluated_at_defer", d2_receiver_evaluated_at_defer_src, LANG_GO119},
    {"d3_function_value_evaluated_at_defer", d3_function_value_evaluated_at_defer_src, LANG_GO119},
    {"d4_closure_reads_variables_when_it_runs", d4_closure_reads_variables_when_it_runs_src,
     LANG_GO119},
    {"d5_defers_run_lifo_per_function", d5_defers_run_lifo_per_function_src, LANG_GO119},
    {"d6_only_executed_defer_statements_register", d6_only_executed_defer_statements_register_src,
     LANG_GO119},
    {"d7_panicking_defer_arguments_register_nothing",
     d7_panicking_defer_arguments_register_nothing_src, LANG_GO119},
    {"d8_nil_func_panics_when_invoked", d8_nil_func_panics_when_invoked_src, LANG_GO119},
    {"d8_nil_func_unrecovered_crashes", d8_nil_func_unrecovered_crashes_src, LANG_GO119},
    {"d9_nil_receiver_fails_at_defer_statement", d9_nil_receiver_fails_at_defer_statement_src,
     LANG_GO119},
    {"d10_go_evaluates_arguments_at_the_statement", d10_go_evaluates_arguments_at_the_statement_src,
     LANG_GO119},
    {"d10_go_of_nil_func_is_fatal", d10_go_of_nil_func_is_fatal_src, LANG_GO119},
    {"d11_defers_inside_a_deferred_function", d11_defers_inside_a_deferred_function_src,
     LANG_GO119},
    {"d12_deferred_builtins", d12_deferred_builtins_src, LANG_GO119},
    {"d_defer_recover_directly_does_not_recover", d_defer_recover_directly_does_not_recover_src,
     LANG_GO119},
    {"n1_deferred_closure_changes_named_result", n1_deferred_closure_changes_named_result_src,
     LANG_GO119},
    {"n2_unnamed_result_fixed_before_defers", n2_unnamed_result_fixed_before_defers_src,
     LANG_GO119},
    {"n3_defers_compose_lifo", n3_defers_compose_lifo_src, LANG_GO119},
    {"n4_parameter_copied_at_defer", n4_parameter_copied_at_defer_src, LANG_GO119},
    {"n5_recovered_function_returns_current_named_results",
     n5_recovered_function_returns_current_named_results_src, LANG_GO119},
    {"n6_return_of_multi_value_call_then_defer", n6_return_of_multi_value_call_then_defer_src,
     LANG_GO119},
    {"l1_go119_one_variable_per_loop", l1_go119_one_variable_per_loop_src, LANG_GO119},
    {"l2_go122_one_variable_per_iteration", l2_go122_one_variable_per_iteration_src, LANG_GO122},
    {"l1_go119_spec_example", l1_go119_spec_example_src, LANG_GO119},
    {"l2_go122_spec_example", l2_go122_spec_example_src, LANG_GO122},
    {"l1_go119_range_variable_shared", l1_go119_range_variable_shared_src, LANG_GO119},
    {"l2_go122_range_variable_per_iteration", l2_go122_range_variable_per_iteration_src,
     LANG_GO122},
    {"l2_go122_range_over_int", l2_go122_range_over_int_src, LANG_GO122},
    {"l1_go119_goroutines_share_the_loop_variable", l1_go119_goroutines_share_the_loop_variable_src,
     LANG_GO119},
    {"l2_go122_goroutines_get_their_own_variable", l2_go122_goroutines_get_their_own_variable_src,
     LANG_GO122},
    {"s1_select_evaluates_operands_once_in_source_order",
     s1_select_evaluates_operands_once_in_source_order_src, LANG_GO119},
    {"s2_select_chooses_among_ready_cases", s2_select_chooses_among_ready_cases_src, LANG_GO119},
    {"closures_capture_by_reference", closures_capture_by_reference_src, LANG_GO119},
    {"method_values_bind_the_receiver", method_values_bind_the_receiver_src, LANG_GO119},
    {"value_and_pointer_receivers", value_and_pointer_receivers_src, LANG_GO119},
    {"structs_are_values_pointers_share", structs_are_values_pointers_share_src, LANG_GO119},
    {"goroutines_and_channels_in_order", goroutines_and_channels_in_order_src, LANG_GO119},
    {"runtime_error_integer_divide_by_zero", runtime_error_integer_divide_by_zero_src, LANG_GO119},
    {"runtime_error_remainder_by_zero", runtime_error_remainder_by_zero_src, LANG_GO119},
    {"runtime_error_nil_pointer_dereference", runtime_error_nil_pointer_dereference_src,
     LANG_GO119},
    {"runtime_error_negative_shift_amount", runtime_error_negative_shift_amount_src, LANG_GO119},
    {"runtime_error_recovered_is_runtime_error", runtime_error_recovered_is_runtime_error_src,
     LANG_GO119},
    {"integer_arithmetic_wraps", integer_arithmetic_wraps_src, LANG_GO119},
    {"panic_values_print_like_go", panic_values_print_like_go_src, LANG_GO119},
    {"panic_value_custom_stringer_and_error", panic_value_custom_stringer_and_error_src,
     LANG_GO119},
    {"panic_value_stringer_and_duration", panic_value_stringer_and_duration_src, LANG_GO119},
    {"panic_value_int_and_bool", panic_value_int_and_bool_src, LANG_GO119},
    {"panic_value_whose_string_panics", panic_value_whose_string_panics_src, LANG_GO119},
    {"panic_value_whose_string_panics_type", panic_value_whose_string_panics_type_src, LANG_GO119},
    {"pp_nil_value_receiver", pp_nil_value_receiver_src, LANG_GO119},
    {"pp_nested", pp_nested_src, LANG_GO119},
    {"pp_self", pp_self_src, LANG_GO119},
    {"pp_nul", pp_nul_src, LANG_GO119},
    {"pp_kept_go119", pp_kept_src, LANG_GO119},
    {"pp_kept_go122", pp_kept_src, LANG_GO122},
    {"pp_goexit", pp_goexit_src, LANG_GO119},
    {"pp_recovered_on_chain", pp_recovered_on_chain_src, LANG_GO119},
    {"p5_panic_chain_printed_oldest_first", p5_panic_chain_printed_oldest_first_src, LANG_GO119},
    {"r_recover_returns_the_original_value", r_recover_returns_the_original_value_src, LANG_GO119},
    {"r9_go119_panic_nil", r9_go119_panic_nil_src, LANG_GO119},
    {"r9_go122_panic_nil", r9_go122_panic_nil_src, LANG_GO122},
    {"goexit_runs_deferred_calls", goexit_runs_deferred_calls_src, LANG_GO119},
    {"goexit_in_main_then_deadlock", goexit_in_main_then_deadlock_src, LANG_GO119},
    {"os_exit_skips_defers", os_exit_skips_defers_src, LANG_GO119},
    {"recover_in_parent_does_not_catch_child_panic",
     recover_in_parent_does_not_catch_child_panic_src, LANG_GO119},
    {"recover_inside_child_goroutine", recover_inside_child_goroutine_src, LANG_GO119},
    {"main_return_abandons_goroutines", main_return_abandons_goroutines_src, LANG_GO119},
    {"deadlock_is_fatal", deadlock_is_fatal_src, LANG_GO119},
    {"waitgroup_negative_counter_panics", waitgroup_negative_counter_panics_src, LANG_GO119},
    {"unlock_of_unlocked_mutex_is_fatal", unlock_of_unlocked_mutex_is_fatal_src, LANG_GO119},
    {"sync_types_in_structs_and_once", sync_types_in_structs_and_once_src, LANG_GO119},
    {"time_sleep_and_after", time_sleep_and_after_src, LANG_GO119},
    {"runtime_numgoroutine_and_gosched", runtime_numgoroutine_and_gosched_src, LANG_GO119},
    {"fmt_println_and_print_spacing", fmt_println_and_print_spacing_src, LANG_GO119},
    {"fmt_values_of_the_subset", fmt_values_of_the_subset_src, LANG_GO119},
    {"fmt_printf_verbs", fmt_printf_verbs_src, LANG_GO119},
    {"println_builtin_formatting", println_builtin_formatting_src, LANG_GO119},
    {"switch_and_labeled_loops", switch_and_labeled_loops_src, LANG_GO119},
    {"gc_evaluates_calls_before_variables", gc_evaluates_calls_before_variables_src, LANG_GO119},
    {"named_results_and_shadowing", named_results_and_shadowing_src, LANG_GO119},
    {"global_variables_initialised_in_dependency_order",
     global_variables_initialised_in_dependency_order_src, LANG_GO119},
    {"d9_go_with_nil_receiver_panics_in_the_caller",
     d9_go_with_nil_receiver_panics_in_the_caller_src, LANG_GO119},
    {"r3_deferred_method_value_recovers", r3_deferred_method_value_recovers_src, LANG_GO119},
    {"select_loops_break_and_closed_channels", select_loops_break_and_closed_channels_src,
     LANG_GO119},
    {"strings_recursion_and_conversions", strings_recursion_and_conversions_src, LANG_GO119},
    {"g6_goexit_in_main_lets_others_finish", g6_goexit_in_main_lets_others_finish_src, LANG_GO119},
    {"x2_os_exit_in_a_deferred_call_while_panicking",
     x2_os_exit_in_a_deferred_call_while_panicking_src, LANG_GO119},
    {"g4_goexit_from_deferred_call_while_panicking",
     g4_goexit_from_deferred_call_while_panicking_src, LANG_GO119},
    {"d9_nil_error_interface_fails_at_defer_statement",
     d9_nil_error_interface_fails_at_defer_statement_src, LANG_GO119},
};

/* ------------------------------------------------------------ interpreter behaviour */

/* Records the events an observer sees. */
typedef struct evlog {
    rt_event ev[256];
    size_t n;
} evlog;

static void log_event(void *ctx, const rt_event *ev)
{
    evlog *l = ctx;
    if (ev->kind != RT_EV_VAR_READ && ev->kind != RT_EV_VAR_WRITE && ev->kind != RT_EV_DEFER_REG &&
        ev->kind != RT_EV_GO_CREATE)
        return;
    if (l->n < 256)
        l->ev[l->n++] = *ev;
}

static rt_result run_observed(const lang_program *p, evlog *l)
{
    rt_observer obs = {log_event, l};
    lang_run_opts o = lang_run_opts_default();
    o.observers = &obs;
    o.nobservers = 1;
    rt_result r;
    cr_assert_eq(lang_run(p, &o, &r), 0);
    return r;
}

/* The argument-timing oracle sees every write and read of a captured
 * variable, with the value, under the variable's id. */
Test(interp, captured_variable_reads_and_writes_are_noted)
{
    static const char src[] = "package main\n"
                              "\n"
                              "func main() {\n"
                              "\tx := 1\n"
                              "\ty := 5\n"
                              "\tf := func() { x = x + 1 }\n"
                              "\tf()\n"
                              "\tprintln(x, y)\n"
                              "}\n";
    lang_program *p = load(src, LANG_GO122);
    evlog l = {0};
    rt_result r = run_observed(p, &l);
    cr_expect_str_eq(r.err, "2 5\n");
    static const struct {
        uint32_t kind;
        int64_t v;
    } want[] = {
        {RT_EV_VAR_WRITE, 1}, {RT_EV_VAR_READ, 1}, {RT_EV_VAR_WRITE, 2}, {RT_EV_VAR_READ, 2}};
    cr_assert_eq(l.n, 4, "got %zu variable events", l.n);
    for (size_t i = 0; i < 4; i++) {
        cr_expect_eq(l.ev[i].kind, want[i].kind, "event %zu", i);
        cr_expect_eq(l.ev[i].v.kind, RT_V_INT);
        cr_expect_eq(l.ev[i].v.i, want[i].v, "event %zu value", i);
        cr_expect_eq(l.ev[i].a, l.ev[0].a, "one variable instance");
    }
    cr_expect_neq(l.ev[0].a, 0);
    lang_free(p);
}

/* Events carry the site of the statement that caused them. */
Test(interp, events_carry_statement_sites)
{
    static const char src[] = "package main\n"
                              "\n"
                              "func main() {\n"
                              "\tdefer println(\"a\")\n"
                              "\tgo func() {}()\n"
                              "}\n";
    lang_program *p = load(src, LANG_GO122);
    evlog l = {0};
    run_observed(p, &l);
    cr_assert_eq(l.n, 2);
    uint32_t line, col;
    cr_assert(lang_site_pos(p, l.ev[0].site, &line, &col));
    cr_expect_eq(l.ev[0].kind, RT_EV_DEFER_REG);
    cr_expect_eq(line, 4);
    cr_assert(lang_site_pos(p, l.ev[1].site, &line, &col));
    cr_expect_eq(l.ev[1].kind, RT_EV_GO_CREATE);
    cr_expect_eq(line, 5);
    lang_free(p);
}

/* An endless loop ends as out of budget, whatever the preemption mode. */
Test(interp, endless_loop_runs_out_of_budget)
{
    static const char src[] = "package main\n"
                              "\n"
                              "func main() {\n"
                              "\tx := 0\n"
                              "\tfor {\n"
                              "\t\tx++\n"
                              "\t}\n"
                              "}\n";
    static const char empty[] = "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n";
    const char *srcs[] = {src, empty};
    for (int k = 0; k < 2; k++) {
        lang_program *p = load(srcs[k], LANG_GO122);
        for (int mode = 0; mode < 2; mode++) {
            lang_run_opts o = lang_run_opts_default();
            o.preempt_stmt = mode == 0;
            o.max_steps = 5000;
            rt_result r;
            cr_assert_eq(lang_run(p, &o, &r), 0);
            cr_expect_eq(r.end, RT_END_BUDGET, "program %d mode %d: %s", k, mode,
                         rt_end_name(r.end));
            cr_expect_eq(r.exit_code, -1);
        }
        lang_free(p);
    }
}

/* --preempt stmt interleaves plain statements (a lost update is
 * possible); --preempt sync switches only at synchronisation. */
Test(interp, preempt_stmt_interleaves_statements_sync_does_not)
{
    static const char src[] = "package main\n"
                              "\n"
                              "var n int\n"
                              "\n"
                              "func main() {\n"
                              "\tdone := make(chan bool)\n"
                              "\tfor i := 0; i < 2; i++ {\n"
                              "\t\tgo func() {\n"
                              "\t\t\tfor j := 0; j < 3; j++ {\n"
                              "\t\t\t\tv := n\n"
                              "\t\t\t\tn = v + 1\n"
                              "\t\t\t}\n"
                              "\t\t\tdone <- true\n"
                              "\t\t}()\n"
                              "\t}\n"
                              "\t<-done\n"
                              "\t<-done\n"
                              "\tprintln(n)\n"
                              "}\n";
    lang_program *p = load(src, LANG_GO122);
    bool lost = false;
    for (uint64_t seed = 1; seed <= 100; seed++) {
        outcome o;
        run_once(p, LANG_GO122, false, seed, &o);
        cr_expect_str_eq(o.err, "6\n", "sync seed %llu", (unsigned long long)seed);
        outcome_free(&o);
        run_once(p, LANG_GO122, true, seed, &o);
        if (strcmp(o.err, "6\n") != 0)
            lost = true;
        outcome_free(&o);
    }
    cr_expect(lost, "no schedule lost an update with --preempt stmt");
    lang_free(p);
}

/* The same program and schedule give the same trace, byte for byte, even
 * from two copies of the program at different addresses: no address ever
 * reaches the trace. */
Test(interp, executions_are_deterministic)
{
    static const char src[] = "package main\n"
                              "\n"
                              "import \"fmt\"\n"
                              "\n"
                              "type T struct{ n int }\n"
                              "\n"
                              "func (t *T) show(s string) { fmt.Println(s, t.n) }\n"
                              "\n"
                              "func main() {\n"
                              "\tc := make(chan int)\n"
                              "\tt := &T{1}\n"
                              "\tfor i := 0; i < 3; i++ {\n"
                              "\t\tgo func(v int) { c <- v }(i)\n"
                              "\t\tdefer t.show(\"deferred\")\n"
                              "\t\tdefer fmt.Println(\"i\", i, t)\n"
                              "\t}\n"
                              "\tfmt.Println(<-c, <-c, <-c)\n"
                              "}\n";
    lang_program *p[2] = {load(src, LANG_GO122), load(src, LANG_GO122)};
    for (uint64_t seed = 1; seed <= 20; seed++) {
        uint64_t h[2];
        char *out[2];
        for (int k = 0; k < 2; k++) {
            rt_prng_chooser ch;
            rt_prng_chooser_init(&ch, seed);
            lang_run_opts o = lang_run_opts_default();
            o.chooser = &ch.base;
            o.trace = true;
            rt_result r;
            cr_assert_eq(lang_run(p[k], &o, &r), 0);
            h[k] = r.trace_hash;
            out[k] = dupn(r.out, r.out_len);
        }
        cr_expect_eq(h[0], h[1], "seed %llu", (unsigned long long)seed);
        cr_expect_str_eq(out[0], out[1]);
        free(out[0]);
        free(out[1]);
    }
    lang_free(p[0]);
    lang_free(p[1]);
}

Test(interp, run_rejects_bad_arguments)
{
    rt_result r;
    cr_expect_eq(lang_run(NULL, NULL, &r), RT_EINVAL);
    lang_program *p = load("package main\n\nfunc main() {\n}\n", LANG_GO122);
    cr_expect_eq(lang_run(p, NULL, NULL), RT_EINVAL);
    cr_expect_eq(lang_run(p, NULL, &r), 0);
    cr_expect_eq(r.end, RT_END_RETURN);
    lang_free(p);
}

/* The oracles (issue 3) watch every program above under many schedules
 * and both preemption modes: the interpreter must never make the runtime
 * break a Go rule. */
Test(interp, oracles_see_no_violation_in_any_program, .timeout = 240)
{
    oracle_set *os = oracle_new();
    cr_assert(os != NULL);
    for (size_t k = 0; k < sizeof all_programs / sizeof *all_programs; k++) {
        lang_program *p = load(all_programs[k].src, all_programs[k].v);
        oracle_set_lang(os, all_programs[k].v == LANG_GO119 ? RT_LANG_GO119 : RT_LANG_GO122);
        for (uint64_t seed = 1; seed <= 12; seed++) {
            oracle_reset(os);
            rt_observer obs = oracle_observer(os);
            rt_prng_chooser ch;
            rt_prng_chooser_init(&ch, seed);
            lang_run_opts o = lang_run_opts_default();
            o.version = all_programs[k].v;
            o.preempt_stmt = seed % 3 != 0;
            o.chooser = &ch.base;
            o.observers = &obs;
            o.nobservers = 1;
            rt_result r;
            cr_assert_eq(lang_run(p, &o, &r), 0);
            const oracle_verdict *v = oracle_finish(os);
            if (v->nviolations) {
                char buf[2048];
                oracle_verdict_format(v, buf, sizeof buf);
                cr_expect_fail("%s seed %llu: %s", all_programs[k].name, (unsigned long long)seed,
                               buf);
                break;
            }
        }
        lang_free(p);
    }
    oracle_free(os);
}

/* The deferred recover around a String or Error method (fmt's and
 * preprintpanics' catchPanic, DEFER_REG c=2) is not a cleanup of the
 * program: when the method blocks forever, the deadlock is the finding,
 * with no skipped-cleanup for it; a defer statement of the program that
 * never ran still is one. */
static const char catch_is_no_cleanup_src[] = "package main\n"
                                              "\n"
                                              "import \"fmt\"\n"
                                              "\n"
                                              "type E struct{}\n"
                                              "\n"
                                              "func (E) Error() string { select {} }\n"
                                              "\n"
                                              "func main() {\n"
                                              "\tdefer fmt.Println(\"deferred\")\n"
                                              "\tif len(\"x\") == %d {\n"
                                              "\t\tfmt.Println(E{})\n"
                                              "\t}\n"
                                              "\tpanic(E{})\n"
                                              "}\n";
Test(interp, deferred_recover_around_a_method_is_no_skipped_cleanup)
{
    oracle_set *os = oracle_new();
    cr_assert(os != NULL);
    for (int in_fmt = 0; in_fmt < 2; in_fmt++) {
        char src[sizeof catch_is_no_cleanup_src + 8];
        snprintf(src, sizeof src, catch_is_no_cleanup_src, in_fmt);
        lang_program *p = load(src, LANG_GO119);
        oracle_reset(os);
        rt_observer obs = oracle_observer(os);
        lang_run_opts o = lang_run_opts_default();
        o.version = LANG_GO119;
        o.observers = &obs;
        o.nobservers = 1;
        rt_result r;
        cr_assert_eq(lang_run(p, &o, &r), 0);
        const oracle_verdict *v = oracle_finish(os);
        cr_expect_eq(v->nviolations, 0);
        int deadlock = 0, skipped = 0;
        for (size_t i = 0; i < v->nfindings; i++) {
            deadlock += v->findings[i].id == OF_DEADLOCK;
            skipped += v->findings[i].id == OF_SKIPPED_CLEANUP;
        }
        cr_expect_eq(deadlock, 1, "in fmt %d", in_fmt);
        /* fmt blocks before the panic: main's own defer never ran */
        cr_expect_eq(skipped, in_fmt, "in fmt %d: %d skipped-cleanup findings", in_fmt, skipped);
        cr_expect_eq(r.exit_code, 2);
        lang_free(p);
    }
    oracle_free(os);
}

/* The binary trace holds no host address: the runtime's own deferred
 * calls (sync.Once's finish, the recover around a String method) carry
 * pointers as arguments, which must not reach DEFER_REG or DEFER_CALL.
 * Two runs whose goroutine stacks sit at other addresses (another stack
 * size) give the same trace. */
static const char no_address_src[] = "package main\n"
                                     "\n"
                                     "import (\n"
                                     "\t\"fmt\"\n"
                                     "\t\"sync\"\n"
                                     ")\n"
                                     "\n"
                                     "type B struct{ n int }\n"
                                     "\n"
                                     "func (b B) String() string {\n"
                                     "\tif b.n == 0 {\n"
                                     "\t\tpanic(\"boom\")\n"
                                     "\t}\n"
                                     "\treturn \"b\"\n"
                                     "}\n"
                                     "\n"
                                     "func main() {\n"
                                     "\tvar once sync.Once\n"
                                     "\tonce.Do(func() { fmt.Println(\"once\") })\n"
                                     "\tfmt.Println(B{0}, B{1})\n"
                                     "\tpanic(B{1})\n"
                                     "}\n";
Test(interp, trace_holds_no_host_address)
{
    lang_program *p = load(no_address_src, LANG_GO119);
    uint64_t hash[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        lang_run_opts o = lang_run_opts_default();
        o.version = LANG_GO119;
        o.trace = true;
        o.stack_size = k ? (2u << 20) : (1u << 20);
        rt_result r;
        cr_assert_eq(lang_run(p, &o, &r), 0);
        cr_expect_eq(r.exit_code, 2);
        hash[k] = r.trace_hash;
    }
    cr_expect_eq(hash[0], hash[1], "trace hashes %llx and %llx", (unsigned long long)hash[0],
                 (unsigned long long)hash[1]);
    lang_free(p);
}

/* ------------------------------------------------------------ examples/go */

/* examples/go/NAME: from the repository root the build gives us, else
 * from this file's path. */
static const char *example_path(const char *name)
{
    static char buf[4096];
#ifdef LANG_SOURCE_DIR
    snprintf(buf, sizeof buf, "%s/examples/go/%s", LANG_SOURCE_DIR, name);
#else
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    size_t dir = slash ? (size_t)(slash - file) : 0;
    snprintf(buf, sizeof buf, "%.*s%s../examples/go/%s", (int)dir, file, dir ? "/" : "", name);
#endif
    return buf;
}

static lang_program *load_example(const char *name, lang_version v)
{
    lang_options o = {v, 0};
    char *err = NULL;
    lang_program *p = lang_load_file(example_path(name), &o, &err);
    cr_assert(p != NULL, "%s", err ? err : "?");
    return p;
}

/* The examples with one outcome print what gc printed, under both --lang. */
Test(examples, single_outcome_examples_match_gc)
{
    static const struct {
        const char *name;
        outcome want;
    } ex[] = {
        {"defer_loop.go",
         {"open 0\nopen 1\nopen 2\nall open\nclose 2\nclose 1\nclose 0\nback in main\n", "", 0}},
        {"defer_args.go",
         {"main body ends with x = 2\nreport old\npointer receiver sees 2\nvalue receiver sees 1\n"
          "closure x = 2\nargument x = 1\n",
          "", 0}},
        {"recover_child.go", {"child's defer runs\n", "panic: child failed\n", 2}},
        {"goexit_defers.go",
         {"recover during Goexit: <nil>\nworker cleanup runs\nmain continues\n", "", 0}},
        {"os_exit.go", {"goroutine exits the program\n", "", 3}},
        {"named_result_recover.go",
         {"25 <nil>\n0 recovered: runtime error: integer divide by zero\n0\n", "", 0}},
    };
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        for (int v = 0; v < 2; v++) {
            lang_version ver = v ? LANG_GO119 : LANG_GO122;
            lang_program *p = load_example(ex[i].name, ver);
            for (uint64_t seed = 1; seed <= 20; seed++) {
                outcome got;
                run_once(p, ver, seed % 2, seed, &got);
                cr_expect(outcome_eq(&got, &ex[i].want), "%s seed %llu: \"%s\" \"%s\" %d",
                          ex[i].name, (unsigned long long)seed, esc(got.out), esc(got.err), got.rc);
                outcome_free(&got);
            }
            lang_free(p);
        }
    }
}

/* loopvar.go under go1.19: each line is "goroutine sees V", V never
 * decreases, the k-th line has V >= k-1 and V <= 3 (README); under go1.22
 * the lines are a permutation of 0 1 2. */
Test(examples, loopvar_outcomes_follow_the_loop_variable_rules)
{
    lang_program *p = load_example("loopvar.go", LANG_GO119);
    outcome outs[64];
    size_t n = explore(p, LANG_GO119, outs, 64);
    cr_expect_geq(n, 8, "only %zu outcomes", n);
    for (size_t i = 0; i < n; i++) {
        int v[3], prev = 0;
        int got = sscanf(outs[i].out, "goroutine sees %d\ngoroutine sees %d\ngoroutine sees %d\n",
                         &v[0], &v[1], &v[2]);
        cr_expect_eq(got, 3, "\"%s\"", esc(outs[i].out));
        for (int k = 0; k < 3 && got == 3; k++) {
            cr_expect(v[k] >= prev && v[k] >= k && v[k] <= 3, "\"%s\"", esc(outs[i].out));
            prev = v[k];
        }
        outcome_free(&outs[i]);
    }
    lang_free(p);
    static const char *const lines[] = {"goroutine sees 0", "goroutine sees 1", "goroutine sees 2"};
    char *src = NULL;
    FILE *f = fopen(example_path("loopvar.go"), "rb");
    cr_assert(f != NULL);
    src = calloc(1, 1 << 16);
    size_t len = fread(src, 1, (1 << 16) - 1, f);
    fclose(f);
    cr_assert(len > 0);
    expect_permutations(src, LANG_GO122, lines, 3);
    free(src);
}

/* close_race.go: every outcome is one the README lists (or the panic after
 * "done"), and random schedules find the crash. */
Test(examples, close_race_outcomes_are_the_documented_ones)
{
    static const outcome known[] = {
        {"got 100\ngot 1\ngot 2\ndone\n", "", 0},
        {"got 1\ngot 100\ngot 2\ndone\n", "", 0},
        {"got 1\ngot 2\ngot 100\ndone\n", "", 0},
        {"got 1\ngot 2\n", "panic: send on closed channel\n", 2},
        {"got 1\n", "panic: send on closed channel\n", 2},
        {"got 1\ngot 2\ndone\n", "", 0},
        {"got 1\ngot 2\ndone\n", "panic: send on closed channel\n", 2},
    };
    lang_program *p = load_example("close_race.go", LANG_GO122);
    outcome outs[64];
    size_t n = explore(p, LANG_GO122, outs, 64);
    bool crash = false;
    for (size_t i = 0; i < n; i++) {
        bool ok = false;
        for (size_t k = 0; k < sizeof known / sizeof *known && !ok; k++)
            ok = outcome_eq(&outs[i], &known[k]);
        cr_expect(ok, "undocumented outcome \"%s\" \"%s\" %d", esc(outs[i].out), esc(outs[i].err),
                  outs[i].rc);
        crash |= outs[i].rc == 2;
        outcome_free(&outs[i]);
    }
    cr_expect(crash, "no schedule crashed");
    lang_free(p);
}

/* leaked_goroutine.go: the watcher prints before main, after it (between
 * main's last statement and the exit, as gc does now and then), or not at
 * all; its cleanup never runs. */
Test(examples, leaked_goroutine_never_runs_its_cleanup)
{
    static const outcome gc[] = {
        {"event start\nmain returns without closing events\n", "", 0},
        {"main returns without closing events\n", "", 0},
        {"main returns without closing events\nevent start\n", "", 0},
    };
    lang_program *p = load_example("leaked_goroutine.go", LANG_GO122);
    outcome outs[64];
    size_t n = explore(p, LANG_GO122, outs, 64);
    cr_expect_eq(n, 3);
    for (size_t i = 0; i < n; i++) {
        cr_expect(outcome_eq(&outs[i], &gc[0]) || outcome_eq(&outs[i], &gc[1]) ||
                      outcome_eq(&outs[i], &gc[2]),
                  "\"%s\"", esc(outs[i].out));
        outcome_free(&outs[i]);
    }
    lang_free(p);
}
