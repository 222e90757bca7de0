/* test_lang_access.c - the interpreter's access tracking
 * (lang_run_opts.on_access, lang.h), which explore --strategy dfs uses to
 * tell independent steps apart: what is reported, with which object ids,
 * and that the ids are stable (the same object gets the same id under
 * every schedule) and tracking changes nothing a program shows.
 *
 * The end-to-end proof that the footprints are complete enough for the
 * pruned DFS to lose no outcome is cli/dfs_prune.sh over the dfs_*.go
 * programs of tests/lang_programs and every other program. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"

/* ------------------------------------------------------------ helpers */

typedef struct access {
    uint32_t g;
    uint64_t obj;
    bool write;
} access;

/* Every access of one execution, in order. */
typedef struct recorder {
    access *v;
    size_t n, cap;
} recorder;

static void on_access(void *ctx, uint64_t obj, bool write)
{
    recorder *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 256;
        r->v = realloc(r->v, r->cap * sizeof *r->v);
        cr_assert(r->v != NULL);
    }
    r->v[r->n++] = (access){rt_goid(), obj, write};
}

static char *dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    cr_assert(d != NULL);
    return strcpy(d, s);
}

static lang_program *load(const char *src)
{
    char *err = NULL;
    lang_program *p = lang_load("prog.go", src, strlen(src), NULL, &err);
    cr_assert(p != NULL, "lang_load failed: %s", err ? err : "?");
    free(err);
    return p;
}

/* Runs p under seed (0: no chooser) with --preempt stmt or sync, recording
 * into rec when it is not NULL. */
static rt_result run(const lang_program *p, uint64_t seed, bool stmt, recorder *rec)
{
    rt_prng_chooser c;
    lang_run_opts o = lang_run_opts_default();
    o.preempt_stmt = stmt;
    if (seed) {
        rt_prng_chooser_init(&c, seed);
        o.chooser = &c.base;
    }
    if (rec) {
        rec->n = 0;
        o.on_access = on_access;
        o.access_ctx = rec;
    }
    rt_result r;
    cr_assert_eq(lang_run(p, &o, &r), 0);
    return r;
}

/* The accesses of goroutine g, as a string of "kind:payload/rw" items. */
static char *of_goroutine(const recorder *r, uint32_t g)
{
    size_t cap = 64 + r->n * 40, len = 0;
    char *s = malloc(cap);
    cr_assert(s != NULL);
    s[0] = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->v[i].g == g)
            len += (size_t)snprintf(s + len, cap - len, "%u:%llx/%c ", LANG_OBJ_KIND(r->v[i].obj),
                                    (unsigned long long)(r->v[i].obj & LANG_OBJ_MASK),
                                    r->v[i].write ? 'w' : 'r');
    return s;
}

static size_t count_kind(const recorder *r, uint32_t g, unsigned kind, int write)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        if ((!g || r->v[i].g == g) && LANG_OBJ_KIND(r->v[i].obj) == kind &&
            (write < 0 || r->v[i].write == (write != 0)))
            n++;
    return n;
}

/* The objects of kind written by goroutine gw and read by goroutine gr. */
static bool shared(const recorder *r, unsigned kind, uint32_t gw, uint32_t gr)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->v[i].g != gw || !r->v[i].write || LANG_OBJ_KIND(r->v[i].obj) != kind)
            continue;
        for (size_t j = 0; j < r->n; j++)
            if (r->v[j].g == gr && !r->v[j].write && r->v[j].obj == r->v[i].obj)
                return true;
    }
    return false;
}

/* ------------------------------------------------------------ programs */

/* Every way the subset shares memory between goroutines: a global, a
 * captured variable, a field through a pointer passed as an argument, a
 * nested struct through a method, a struct copy, a sync value created on
 * first use, a channel's length. What each goroutine does does not depend
 * on the schedule (the values it reads may): main creates the mutex before
 * anyone races to. All three goroutines make structs or cells, in an
 * order that depends on the schedule. */
static const char SHARING[] = "package main\n"
                              "\n"
                              "import (\n"
                              "\t\"fmt\"\n"
                              "\t\"sync\"\n"
                              ")\n"
                              "\n"
                              "type inner struct{ n int }\n"
                              "\n"
                              "type T struct {\n"
                              "\tv  int\n"
                              "\tin inner\n"
                              "\tmu sync.Mutex\n"
                              "}\n"
                              "\n"
                              "func (t *T) bump() { t.in.n++ }\n"
                              "\n"
                              "var g int\n"
                              "\n"
                              "func work(t *T, c chan int, wg *sync.WaitGroup) {\n"
                              "\tdefer wg.Done()\n"
                              "\tt.mu.Lock()\n"
                              "\tt.v = 1\n"
                              "\tt.mu.Unlock()\n"
                              "\tt.bump()\n"
                              "\tg = 2\n"
                              "\tc <- len(c)\n"
                              "\tp := &inner{n: 1}\n"
                              "\tp.n++\n"
                              "}\n"
                              "\n"
                              "func main() {\n"
                              "\tx := 0\n"
                              "\tt := &T{}\n"
                              "\tc := make(chan int, 4)\n"
                              "\tt.mu.Lock() // creates the mutex: no race to create it\n"
                              "\tt.mu.Unlock()\n"
                              "\tvar wg sync.WaitGroup\n"
                              "\twg.Add(2)\n"
                              "\tgo work(t, c, &wg)\n"
                              "\tgo func() {\n"
                              "\t\tdefer wg.Done()\n"
                              "\t\tx = 3\n"
                              "\t\tz := 0\n"
                              "\t\tf := func() { z++ }\n"
                              "\t\tf()\n"
                              "\t}()\n"
                              "\tt.mu.Lock()\n"
                              "\ty := t.v + g + x\n"
                              "\tt.mu.Unlock()\n"
                              "\tcopy := *t\n"
                              "\twg.Wait()\n"
                              "\tfmt.Println(y, copy.in.n, len(c))\n"
                              "}\n";

/* ------------------------------------------------------------ tests */

/* Tracking changes nothing a program shows: same output, exit code and
 * decisions with and without it, under many schedules. */
Test(lang_access, tracking_changes_nothing)
{
    lang_program *p = load(SHARING);
    recorder rec = {0};
    for (uint64_t seed = 1; seed <= 60; seed++) {
        for (int stmt = 0; stmt < 2; stmt++) {
            rt_result a = run(p, seed, stmt, NULL);
            char *out = dup(a.out), *err = dup(a.err);
            int code = a.exit_code;
            size_t nd = a.ndecisions;
            uint32_t *taken = malloc(sizeof *taken * (nd + 1));
            for (size_t i = 0; i < nd; i++)
                taken[i] = a.decisions[i].taken;
            rt_result b = run(p, seed, stmt, &rec);
            cr_assert_str_eq(b.out, out, "seed %llu", (unsigned long long)seed);
            cr_assert_str_eq(b.err, err);
            cr_assert_eq(b.exit_code, code);
            cr_assert_eq(b.ndecisions, nd);
            for (size_t i = 0; i < nd; i++)
                cr_assert_eq(b.decisions[i].taken, taken[i]);
            cr_assert_gt(rec.n, 0);
            free(out);
            free(err);
            free(taken);
        }
    }
    free(rec.v);
    lang_free(p);
}

/* The same object gets the same id under every schedule: each goroutine
 * reports the same sequence of (object, read/write) whatever the order the
 * goroutines ran in. */
Test(lang_access, ids_are_stable_across_schedules)
{
    lang_program *p = load(SHARING);
    recorder rec = {0};
    char *want[4] = {0};
    for (uint64_t seed = 1; seed <= 100; seed++) {
        run(p, seed, true, &rec);
        for (uint32_t g = 1; g <= 3; g++) {
            char *s = of_goroutine(&rec, g);
            if (!want[g]) {
                want[g] = s;
                cr_assert_neq(s[0], 0, "goroutine %u reported nothing", g);
                continue;
            }
            cr_assert_str_eq(s, want[g], "goroutine %u, seed %llu:\n%s\nwant\n%s", g,
                             (unsigned long long)seed, s, want[g]);
            free(s);
        }
    }
    for (int g = 0; g < 4; g++)
        free(want[g]);
    free(rec.v);
    lang_free(p);
}

/* What one goroutine writes and another reads is reported with the same id,
 * for each kind of shared memory. */
Test(lang_access, shared_objects_have_one_id)
{
    lang_program *p = load(SHARING);
    recorder rec = {0};
    rt_result r = run(p, 0, true, &rec);
    cr_assert_eq(r.exit_code, 0, "%s", r.err);
    /* g2 = work: t.v through the pointer, g; g3 = the closure: x. */
    cr_assert(shared(&rec, LANG_OBJ_FIELD, 2, 1), "t.v: field through a pointer");
    cr_assert(shared(&rec, LANG_OBJ_GLOBAL, 2, 1), "g: a global");
    cr_assert(shared(&rec, LANG_OBJ_CELL, 3, 1), "x: a captured variable");
    /* t.bump() writes t.in.n, which main's copy of *t reads. */
    cr_assert_geq(count_kind(&rec, 2, LANG_OBJ_FIELD, 1), 2);
    cr_assert(shared(&rec, LANG_OBJ_FIELD, 2, 1));
    /* The mutex and the WaitGroup are created on first use: a write of the
     * sync handles and of the runtime's object counter, once each. */
    cr_assert_eq(count_kind(&rec, 0, LANG_OBJ_RT_ALLOC, 1), 2);
    cr_assert_eq(count_kind(&rec, 0, LANG_OBJ_SYNC, 1), 2);
    cr_assert_geq(count_kind(&rec, 0, LANG_OBJ_SYNC, 0), 6);
    /* len(c) reads the channel (main and work). */
    cr_assert_geq(count_kind(&rec, 1, LANG_OBJ_RT, 0), 1);
    cr_assert_geq(count_kind(&rec, 2, LANG_OBJ_RT, 0), 1);
    free(rec.v);
    lang_free(p);
}

/* Locals that no closure captures and whose address is never taken, and
 * function results, are not reported: no other goroutine can reach them. */
Test(lang_access, private_locals_are_not_reported)
{
    lang_program *p = load("package main\n"
                           "\n"
                           "import \"fmt\"\n"
                           "\n"
                           "func twice(n int) (r int) {\n"
                           "\tr = 2 * n\n"
                           "\treturn\n"
                           "}\n"
                           "\n"
                           "func main() {\n"
                           "\tx := 1\n"
                           "\tfor i := 0; i < 3; i++ {\n"
                           "\t\tx += twice(i)\n"
                           "\t}\n"
                           "\ts := \"a\"\n"
                           "\ts += \"b\"\n"
                           "\tfmt.Println(x, s)\n"
                           "}\n");
    recorder rec = {0};
    rt_result r = run(p, 0, true, &rec);
    cr_assert_str_eq(r.out, "7 ab\n");
    cr_assert_eq(rec.n, 0, "%zu accesses reported", rec.n);
    free(rec.v);
    lang_free(p);
}

/* A captured variable has one cell per instance: the go1.22 loop variable
 * of each iteration is its own object. runtime.NumGoroutine reads the
 * goroutine count. */
Test(lang_access, cells_per_instance_and_goroutine_count)
{
    lang_program *p = load("package main\n"
                           "\n"
                           "import (\n"
                           "\t\"fmt\"\n"
                           "\t\"runtime\"\n"
                           ")\n"
                           "\n"
                           "func main() {\n"
                           "\tdone := make(chan bool)\n"
                           "\tfor i := 0; i < 3; i++ {\n"
                           "\t\tgo func() {\n"
                           "\t\t\tfmt.Println(i)\n"
                           "\t\t\tdone <- true\n"
                           "\t\t}()\n"
                           "\t}\n"
                           "\tfor i := 0; i < 3; i++ {\n"
                           "\t\t<-done\n"
                           "\t}\n"
                           "\tfmt.Println(runtime.NumGoroutine() > 0)\n"
                           "}\n");
    recorder rec = {0};
    run(p, 0, true, &rec);
    /* Each goroutine reads the shared done cell and its own i: a cell no
     * other of the three reads, a different one each. */
    uint64_t own[5] = {0};
    for (uint32_t g = 2; g <= 4; g++) {
        for (size_t i = 0; i < rec.n; i++) {
            if (rec.v[i].g != g || LANG_OBJ_KIND(rec.v[i].obj) != LANG_OBJ_CELL)
                continue;
            bool others = false;
            for (size_t j = 0; j < rec.n; j++)
                if (rec.v[j].g >= 2 && rec.v[j].g != g && rec.v[j].obj == rec.v[i].obj)
                    others = true;
            if (!others) {
                cr_assert(own[g] == 0 || own[g] == rec.v[i].obj, "goroutine %u: two own cells", g);
                own[g] = rec.v[i].obj;
            }
        }
        cr_assert_neq(own[g], 0, "goroutine %u reads no cell of its own", g);
    }
    cr_assert(own[2] != own[3] && own[3] != own[4] && own[2] != own[4]);
    cr_assert_eq(count_kind(&rec, 1, LANG_OBJ_NGOROUTINE, 0), 1);
    free(rec.v);
    lang_free(p);
}

/* ---------------------------------------------------------------- branches */

/* lang_run_opts.on_branch: "line:arm" of every branch, in order. */
typedef struct branches {
    const lang_program *p;
    char text[512];
    size_t len;
} branches;

static void on_branch(void *ctx, uint32_t site, uint32_t arm)
{
    branches *b = ctx;
    uint32_t line = 0, col = 0;
    cr_assert(lang_site_pos(b->p, site, &line, &col), "branch at invalid site %u", site);
    int n = snprintf(b->text + b->len, sizeof b->text - b->len, "%s%u:%u", b->len ? " " : "", line,
                     arm);
    cr_assert(n > 0 && (size_t)n < sizeof b->text - b->len);
    b->len += (size_t)n;
}

/* Every if, for condition and switch reports the way it went, at its own
 * site, in execution order (fz_cov counts them for the fuzzer). */
Test(lang_branch, if_for_and_switch_report_their_way)
{
    lang_program *p = load("package main\n"
                           "\n"
                           "func main() {\n"
                           "\tn := 0\n"
                           "\tfor i := 0; i < 3; i++ {\n" /* line 5 */
                           "\t\tif i == 1 {\n"            /* line 6 */
                           "\t\t\tn++\n"
                           "\t\t}\n"
                           "\t\tswitch i {\n" /* line 9 */
                           "\t\tcase 0:\n"
                           "\t\tcase 2:\n"
                           "\t\tdefault:\n"
                           "\t\t}\n"
                           "\t}\n"
                           "\tfor n > 5 {\n" /* line 15: never entered */
                           "\t}\n"
                           "\tswitch {\n" /* line 17: no case holds, no default */
                           "\tcase n > 5:\n"
                           "\t}\n"
                           "\tprintln(n)\n"
                           "}\n");
    for (int stmt = 0; stmt < 2; stmt++) {
        branches b = {p, {0}, 0};
        lang_run_opts o = lang_run_opts_default();
        o.preempt_stmt = stmt;
        o.on_branch = on_branch;
        o.branch_ctx = &b;
        rt_result r;
        cr_assert_eq(lang_run(p, &o, &r), 0);
        /* i = 0: loop, if not taken, case 0; i = 1: loop, if taken, default
         * (index 2); i = 2: loop, if not taken, case 2 (index 1); i = 3:
         * leave; n > 5 fails at once; the tagless switch takes nothing (its
         * one case: arm 1). */
        cr_assert_str_eq(b.text, "5:0 6:1 9:0 5:0 6:0 9:2 5:0 6:1 9:1 5:1 15:1 17:1", "preempt %s",
                         stmt ? "stmt" : "sync");
    }
    /* Off by default: nothing else changes. */
    lang_run_opts o = lang_run_opts_default();
    rt_result r;
    cr_assert_eq(lang_run(p, &o, &r), 0);
    lang_free(p);
}
