/* cmd_replay.c - deferfuzz replay and minimize: fuzzer inputs (fz.h) as a
 * user meets them, a crash file in hand.
 *
 *   deferfuzz replay FILE [--program PROG.go] [--fail-on IDS]
 *   deferfuzz minimize FILE -o OUT [--program PROG.go] [--fail-on IDS]
 *
 * replay prints the program as Go source, the interleaving as a
 * per-goroutine timeline, the program's output, the verdict, and the one
 * command that reproduces the execution with `deferfuzz run`.
 *
 * minimize keeps what the input fails with (its first finding selected by
 * --fail-on, or its first violation) and shrinks it: the program by delta
 * debugging over its lines (a candidate must load and still fail the same
 * way), then the schedule: fewest decisions (the rest keep running), then
 * fewest preemptions (each forced switch becomes "keep running" whenever
 * the failure stays the same: same finding dedup key once the program is
 * fixed). The result is a raw-strategy input with a Go-source program. */
#define _GNU_SOURCE
#include "cli.h"
#ifdef DEFERFUZZ_HAVE_FZ
#include "fz.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage_replay =
    "usage: deferfuzz replay FILE [--program PROG.go] [--fail-on IDS]\n"
    "\n"
    "Runs a fuzzer input (a crash, a corpus entry, or what `deferfuzz pack` wrote)\n"
    "once and prints the program as Go source, the interleaving as one lane per\n"
    "goroutine, the program's output, the oracles' verdict, and the command that\n"
    "reproduces it. Exit code: 0 nothing found, 1 findings, 3 violations, 2 usage or\n"
    "a bad input file.\n"
    "\n"
    "  --program P    the program of a schedule-only input (fuzz_schedule's inputs);\n"
    "                 default: $DEFERFUZZ_PROGRAM\n"
    "  --fail-on IDS  finding ids that make the exit code 1 (default: every finding)\n"
    "\n"
    "DEFERFUZZ_RACE_MAX_MB bounds the close/send race checker's memory (deferfuzz run\n"
    "--help).\n";

static const char *const usage_minimize =
    "usage: deferfuzz minimize FILE -o OUT [--program PROG.go] [--fail-on IDS]\n"
    "\n"
    "Shrinks a failing input while it fails the same way: the program by delta\n"
    "debugging over its lines, then the schedule to the fewest decisions and the\n"
    "fewest preemptions. Writes OUT (a raw-schedule input that replay, the fuzz\n"
    "targets, libFuzzer -minimize_crash and afl-tmin accept) and prints the sizes\n"
    "before and after. Exit code: 0 written, 2 usage, bad input, or an input that\n"
    "does not fail.\n"
    "\n"
    "  -o OUT         where to write the minimized input\n"
    "  --program P    the program of a schedule-only input; default: $DEFERFUZZ_PROGRAM\n"
    "  --fail-on IDS  which findings count as the failure (default: every finding)\n"
    "\n"
    "DEFERFUZZ_RACE_MAX_MB bounds the close/send race checker's memory (deferfuzz run\n"
    "--help).\n";

/* ================================================================ cases */

typedef struct fzcase {
    const char *path;
    uint8_t *bytes;
    size_t len;
    fz_input in;
    char *src; /* the program's text (malloc'd) */
    size_t srclen;
    char *progname;    /* file name used in sites and in the printed commands */
    bool external;     /* the program came from --program (schedule-only input) */
    lang_run_opts run; /* options from the header */
    const char *flags; /* the same as command-line options, for printed commands */
    uint32_t fail_on;  /* bit per finding id; 0 = all */
} fzcase;

static void case_open(fzcase *c, const char *path, const char *program)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    c->bytes = (uint8_t *)read_file(path, &c->len);
    if (!c->bytes) {
        fprintf(stderr, "deferfuzz: %s: cannot read the file\n", path);
        exit(EXIT_USAGE);
    }
    char err[256];
    if (fz_decode(c->bytes, c->len, &c->in, err, sizeof err) != FZ_OK) {
        fprintf(stderr, "deferfuzz: %s: %s\n", path, err);
        exit(EXIT_USAGE);
    }
    if (input_truncated(c->bytes, c->len, err, sizeof err))
        /* A fuzzer runs every byte string, a cut one too (fz.h): replay
         * it as the targets read it, but say so - the program may be a
         * cut of the one the input was made from. */
        fprintf(stderr, "deferfuzz: %s: warning: %s; running it as the fuzz targets read it\n",
                path, err);
    c->run = lang_run_opts_default();
    c->run.preempt_stmt = !c->in.preempt_sync;
    c->run.version = c->in.go119 ? LANG_GO119 : LANG_GO122;
    c->flags = run_flags(&c->run);
    if (c->in.kind == FZ_PROG_NONE) {
        program = program_or_env(program);
        if (!program)
            die_usage("%s holds only a schedule: name its program with --program PROG.go "
                      "(or DEFERFUZZ_PROGRAM)",
                      path);
        c->src = read_file(program, &c->srclen);
        if (!c->src)
            die_usage("--program %s: cannot read the file", program);
        c->progname = strdup(program);
        c->external = true;
    } else {
        if (c->in.kind == FZ_PROG_SOURCE) {
            c->src = malloc(c->in.prog_len + 1);
            memcpy(c->src, c->in.prog, c->in.prog_len);
            c->src[c->in.prog_len] = 0;
            c->srclen = c->in.prog_len;
        } else {
            c->src = fz_generate(c->in.prog, c->in.prog_len, &c->srclen);
        }
        /* the program is named after the input: FILE.go */
        size_t n = strlen(path);
        c->progname = malloc(n + 4);
        snprintf(c->progname, n + 4, "%s.go", path);
    }
}

static void case_close(fzcase *c)
{
    free(c->bytes);
    free(c->src);
    free(c->progname);
}

static lang_program *load_text(const fzcase *c, const char *src, size_t len, char **err)
{
    lang_options lo = {c->run.version, 0};
    return lang_load(c->progname, src, len, &lo, err);
}

/* What one execution did, reduced to what replay and minimize compare. */
typedef struct verdict {
    bool fails;      /* a selected finding or a violation */
    int what;        /* finding id, or 100 + oracle id for a violation */
    uint64_t key;    /* the finding's dedup key (0 for a violation) */
    uint32_t *taken; /* decisions taken (malloc'd) */
    int32_t *keep;   /* index of the running goroutine at each decision, -1 if none */
    size_t n;
} verdict;

/* Replays taken[0..n) and records each decision's keep index. */
typedef struct keep_chooser {
    rt_chooser base;
    rt_chooser *inner;
    int32_t *keep;
    size_t n, cap;
} keep_chooser;

static uint32_t keep_choose(rt_chooser *self, const rt_decision *d)
{
    keep_chooser *k = (keep_chooser *)self;
    if (k->n == k->cap) {
        k->cap = k->cap ? 2 * k->cap : 64;
        k->keep = realloc(k->keep, k->cap * sizeof *k->keep);
    }
    k->keep[k->n++] = d->keep;
    return k->inner->choose(k->inner, d);
}

static int pick_failure(const oracle_verdict *v, uint32_t fail_on, uint64_t *key)
{
    for (size_t i = 0; i < v->nviolations; i++) {
        *key = 0;
        return 100 + (int)v->violations[i].oracle;
    }
    for (size_t i = 0; i < v->nfindings; i++)
        if ((fail_on ? fail_on : ~0u) & (1u << v->findings[i].id)) {
            *key = v->findings[i].key;
            return (int)v->findings[i].id;
        }
    return -1;
}

/* Runs p once with chooser ch; fills *out (taken/keep owned by the caller). */
static void run_once(const fzcase *c, const lang_program *p, rt_chooser *ch, verdict *out,
                     rt_result *r, oracle_set *os, bool trace)
{
    keep_chooser k = {{keep_choose}, ch, NULL, 0, 0};
    lang_run_opts ro = c->run;
    rt_observer obs = oracle_observer(os);
    ro.chooser = &k.base;
    ro.observers = &obs;
    ro.nobservers = 1;
    ro.trace = trace;
    oracle_set_site_namer(os, site_namer, (void *)p);
    oracle_set_lang(os, ro.version == LANG_GO119 ? RT_LANG_GO119 : RT_LANG_GO122);
    oracle_reset(os);
    int rc = lang_run(p, &ro, r);
    if (rc) {
        fprintf(stderr, "deferfuzz: %s\n", rt_strerror(rc));
        exit(EXIT_USAGE);
    }
    const oracle_verdict *v = oracle_finish(os);
    memset(out, 0, sizeof *out);
    out->what = pick_failure(v, c->fail_on, &out->key);
    out->fails = out->what >= 0;
    out->n = r->ndecisions;
    out->taken = malloc((out->n + 1) * sizeof *out->taken);
    for (size_t i = 0; i < out->n; i++)
        out->taken[i] = r->decisions[i].taken;
    out->keep = k.keep; /* k.n == r->ndecisions */
}

static void verdict_free(verdict *v)
{
    free(v->taken);
    free(v->keep);
}

static void parse_case_args(int argc, char **argv, const char *usage, const char **file,
                            const char **program, const char **outp, uint32_t *fail_on)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            exit(0);
        } else if (!strcmp(a, "--program") || (outp && !strcmp(a, "-o")) ||
                   !strcmp(a, "--fail-on")) {
            if (!next)
                die_usage("%s needs a value", a);
            i++;
            if (a[1] == 'o')
                *outp = next;
            else if (!strcmp(a, "--program"))
                *program = next;
            else
                *fail_on = parse_fail_on(next);
        } else if (a[0] == '-') {
            die_usage("unknown option %s", a);
        } else if (!*file) {
            *file = a;
        } else {
            die_usage("more than one input given (%s, %s)", *file, a);
        }
    }
    if (!*file)
        die_usage("no input file given");
    if (outp && !*outp)
        die_usage("minimize needs -o OUT");
}

/* Opens file as case c (case_open) and loads its program; on failure says
 * why, closes c and returns NULL. */
static lang_program *case_load(fzcase *c, const char *file, const char *program, uint32_t fail_on)
{
    case_open(c, file, program);
    c->fail_on = fail_on;
    char *err = NULL;
    lang_program *p = load_text(c, c->src, c->srclen, &err);
    if (!p) {
        fprintf(stderr, "deferfuzz: %s: the program does not load:\n%s\n", file, err);
        free(err);
        case_close(c);
    }
    return p;
}

/* ================================================================ replay */

int cmd_replay(int argc, char **argv)
{
    const char *file = NULL, *program = NULL;
    uint32_t fail_on = 0;
    parse_case_args(argc, argv, usage_replay, &file, &program, NULL, &fail_on);
    fzcase c;
    lang_program *p = case_load(&c, file, program, fail_on);
    if (!p)
        return EXIT_USAGE;
    static const char *const strat[] = {"raw decisions", "PRNG seed", "PCT"};
    printf("=== program: %s (%s, %s%s%s) ===\n", c.progname,
           c.external                 ? "given with --program"
           : c.in.kind == FZ_PROG_GEN ? "generated from the input"
                                      : "Go source in the input",
           strat[c.in.strategy], c.in.preempt_sync ? ", --preempt sync" : "",
           c.in.go119 ? ", --lang go1.19" : "");
    if (!c.external) {
        fwrite(c.src, 1, c.srclen, stdout);
        if (c.srclen && c.src[c.srclen - 1] != '\n')
            putchar('\n');
    }
    fflush(stdout);

    oracle_set *os = oracle_new();
    fz_chooser fc;
    rt_result r;
    verdict v;
    run_once(&c, p, fz_chooser_init(&fc, &c.in), &v, &r, os, true);
    uint64_t hash1 = r.trace_hash;
    char *sched = schedule_format(r.decisions, r.ndecisions);
    /* output first: r is overwritten by the determinism check below */
    putchar('\n');
    print_timeline(stdout, p, &r, c.src, c.srclen);
    printf("\n=== output (exit code %d) ===\n", r.end == RT_END_BUDGET ? 124 : r.exit_code);
    print_indented("stdout", r.out, r.out_len);
    print_indented("stderr", r.err, r.err_len);
    const oracle_verdict *ov = oracle_finish(os);
    size_t need = oracle_verdict_format(ov, NULL, 0);
    char *text = malloc(need + 1);
    oracle_verdict_format(ov, text, need + 1);
    int code = 0;
    for (size_t i = 0; i < ov->nfindings; i++)
        if ((fail_on ? fail_on : ~0u) & (1u << ov->findings[i].id))
            code = EXIT_FOUND;
    if (ov->nviolations)
        code = EXIT_VIOLATION;
    printf("\n=== verdict: %zu finding(s), %zu violation(s) ===\n%s", ov->nfindings,
           ov->nviolations, text);
    free(text);

    /* the same input must give the same execution */
    verdict v2;
    run_once(&c, p, fz_chooser_init(&fc, &c.in), &v2, &r, os, true);
    if (r.trace_hash != hash1) {
        printf("\nDETERMINISM FAILURE: a second run of this input gave another trace "
               "(hash %016" PRIx64 ", then %016" PRIx64 ") - a deferfuzz bug\n",
               hash1, r.trace_hash);
        code = EXIT_VIOLATION;
    }
    printf("\n=== reproduce ===\n");
    if (c.external)
        printf("deferfuzz run %s --schedule %s%s\n", sh(c.progname), sh(sched), c.flags);
    else
        printf("deferfuzz unpack %s > %s && deferfuzz run %s --schedule %s%s\n", sh(file),
               sh(c.progname), sh(c.progname), sh(sched), c.flags);
    free(sched);
    verdict_free(&v);
    verdict_free(&v2);
    oracle_free(os);
    lang_free(p);
    case_close(&c);
    rt_shutdown();
    return code;
}

/* ================================================================ minimize */

/* Does the program text fail the same way (same finding id or violating
 * oracle)? First under the current decisions (*taken, defaults after),
 * then under a few PRNG seeds: removing code shifts the decisions, and a
 * smaller program that fails under another schedule is still smaller. On
 * success *taken becomes the failing run's decisions. */
#define SHRINK_SEEDS 24
static bool text_fails(const fzcase *c, const char *src, size_t len, uint32_t **taken, size_t *n,
                       int what, oracle_set *os, uint64_t *runs)
{
    char *err = NULL;
    lang_program *p = load_text(c, src, len, &err);
    free(err);
    if (!p)
        return false;
    bool same = false;
    for (uint64_t seed = 0; seed <= SHRINK_SEEDS && !same; seed++) {
        rt_replay_chooser rep;
        rt_prng_chooser prng;
        rt_chooser *ch;
        if (seed == 0) {
            rt_replay_chooser_init(&rep, *taken, *n);
            ch = &rep.base;
        } else {
            rt_prng_chooser_init(&prng, seed);
            ch = &prng.base;
        }
        verdict v;
        rt_result r;
        run_once(c, p, ch, &v, &r, os, false);
        (*runs)++;
        same = v.fails && v.what == what;
        if (same) {
            free(*taken);
            *taken = v.taken;
            *n = v.n;
            v.taken = NULL;
        }
        verdict_free(&v);
    }
    lang_free(p);
    return same;
}

/* Splits text into lines (pointers into it). */
static size_t split_lines(const char *s, size_t len, const char ***lines, size_t **lens)
{
    size_t n = 0, cap = 64;
    *lines = malloc(cap * sizeof **lines);
    *lens = malloc(cap * sizeof **lens);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '\n')
            j++;
        if (n == cap) {
            cap *= 2;
            *lines = realloc(*lines, cap * sizeof **lines);
            *lens = realloc(*lens, cap * sizeof **lens);
        }
        (*lines)[n] = s + i;
        (*lens)[n] = j - i + (j < len);
        n++;
        i = j + 1;
    }
    return n;
}

static char *join_lines(const char **lines, const size_t *lens, const bool *keep, size_t n,
                        size_t *len)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i])
            total += lens[i];
    char *s = malloc(total + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (keep[i]) {
            memcpy(s + k, lines[i], lens[i]);
            k += lens[i];
        }
    s[k] = 0;
    *len = k;
    return s;
}

static size_t count_go(const char *s)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, "go ")) != NULL; p += 3)
        if ((p == s || p[-1] == '\t' || p[-1] == ' ' || p[-1] == '\n'))
            n++;
    return n;
}

/* Delta debugging over lines: remove chunks while the failure stays. */
static char *shrink_program(const fzcase *c, const char *src, size_t len, uint32_t **taken,
                            size_t *n, int what, oracle_set *os, uint64_t *runs, size_t *outlen)
{
    const char **lines;
    size_t *lens;
    size_t nl = split_lines(src, len, &lines, &lens);
    bool *keep = malloc(nl + 1);
    memset(keep, 1, nl + 1);
    size_t live = nl;
    /* first whole blocks: a line that opens a brace up to the line that
     * closes it (a go statement with its closure, a loop, a function),
     * outermost first, until nothing more goes */
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < nl; i++) {
            if (!keep[i] || lens[i] < 2)
                continue;
            size_t e = lens[i] - (lines[i][lens[i] - 1] == '\n');
            if (e == 0 || lines[i][e - 1] != '{')
                continue;
            long depth = 0;
            size_t j = i;
            for (; j < nl; j++) {
                if (!keep[j])
                    continue;
                for (size_t k = 0; k < lens[j]; k++)
                    depth += lines[j][k] == '{' ? 1 : lines[j][k] == '}' ? -1 : 0;
                if (depth <= 0)
                    break;
            }
            if (j >= nl || depth != 0)
                continue;
            bool *save = malloc(nl + 1);
            memcpy(save, keep, nl + 1);
            size_t removed = 0;
            for (size_t k = i; k <= j; k++)
                if (keep[k]) {
                    keep[k] = false;
                    removed++;
                }
            size_t tl;
            char *t = join_lines(lines, lens, keep, nl, &tl);
            if (text_fails(c, t, tl, taken, n, what, os, runs)) {
                live -= removed;
                again = true;
            } else {
                memcpy(keep, save, nl + 1);
            }
            free(save);
            free(t);
        }
    }
    for (size_t chunk = nl / 2 ? nl / 2 : 1;; chunk = chunk / 2 ? chunk / 2 : 1) {
        bool progress = false;
        for (size_t start = 0; start < nl; start++) {
            if (!keep[start])
                continue;
            /* the chunk: the next `chunk` live lines from start */
            size_t idx[4096], k = 0;
            for (size_t i = start; i < nl && k < chunk && k < 4096; i++)
                if (keep[i])
                    idx[k++] = i;
            for (size_t i = 0; i < k; i++)
                keep[idx[i]] = false;
            size_t tl;
            char *t = join_lines(lines, lens, keep, nl, &tl);
            if (text_fails(c, t, tl, taken, n, what, os, runs)) {
                live -= k;
                progress = true;
            } else {
                for (size_t i = 0; i < k; i++)
                    keep[idx[i]] = true;
            }
            free(t);
        }
        if (chunk == 1 && !progress)
            break;
        if (live == 0)
            break;
    }
    char *out = join_lines(lines, lens, keep, nl, outlen);
    free(keep);
    free(lines);
    free(lens);
    return out;
}

static size_t count_preemptions(const verdict *v)
{
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++)
        if (v->keep[i] >= 0 && v->taken[i] != (uint32_t)v->keep[i])
            k++;
    return k;
}

/* Does program p fail with the same dedup key under taken[0..n)? On
 * success *best is replaced by the run's verdict. */
static bool sched_fails(const fzcase *c, const lang_program *p, const uint32_t *taken, size_t n,
                        const verdict *want, oracle_set *os, uint64_t *runs, verdict *best)
{
    rt_replay_chooser rep;
    rt_replay_chooser_init(&rep, taken, n);
    verdict v;
    rt_result r;
    run_once(c, p, &rep.base, &v, &r, os, false);
    (*runs)++;
    if (v.fails && v.what == want->what && v.key == want->key) {
        verdict_free(best);
        *best = v;
        return true;
    }
    verdict_free(&v);
    return false;
}

int cmd_minimize(int argc, char **argv)
{
    const char *file = NULL, *program = NULL, *outp = NULL;
    uint32_t fail_on = 0;
    parse_case_args(argc, argv, usage_minimize, &file, &program, &outp, &fail_on);
    check_output(outp, program_or_env(program)); /* -o IN is fine: IN is read first */
    fzcase c;
    lang_program *p = case_load(&c, file, program, fail_on);
    if (!p)
        return EXIT_USAGE;
    oracle_set *os = oracle_new();
    fz_chooser fc;
    rt_result r;
    verdict orig;
    run_once(&c, p, fz_chooser_init(&fc, &c.in), &orig, &r, os, false);
    if (!orig.fails) {
        fprintf(stderr,
                "deferfuzz: %s does not fail (no selected finding, no violation): "
                "nothing to minimize\n",
                file);
        verdict_free(&orig);
        lang_free(p);
        oracle_free(os);
        case_close(&c);
        rt_shutdown();
        return EXIT_USAGE;
    }
    const char *what = orig.what >= 100 ? oracle_name((oracle_id)(orig.what - 100))
                                        : oracle_finding_name((oracle_finding_id)orig.what);
    size_t lines0 = 0;
    for (size_t i = 0; i < c.srclen; i++)
        lines0 += c.src[i] == '\n';
    size_t go0 = count_go(c.src), dec0 = orig.n, pre0 = count_preemptions(&orig);
    fprintf(stderr,
            "minimize: %s fails with %s%s; %zu lines, %zu go statements, %zu decisions, "
            "%zu preemptions\n",
            file, orig.what >= 100 ? "a violation of " : "", what, lines0, go0, dec0, pre0);
    uint64_t runs = 0;

    /* 1. the program (not for a program given with --program) */
    char *src = c.src;
    size_t srclen = c.srclen;
    if (!c.external) {
        src = shrink_program(&c, c.src, c.srclen, &orig.taken, &orig.n, orig.what, os, &runs,
                             &srclen);
        fprintf(stderr, "minimize: program shrunk after %" PRIu64 " runs\n", runs);
    }
    char *err = NULL;
    if (!c.external) {
        /* print it as gofmt would, when the printed program still fails */
        lang_program *shrunk = load_text(&c, src, srclen, &err);
        size_t plen = 0;
        char *printed = shrunk ? lang_print(shrunk, &plen) : NULL;
        if (printed && text_fails(&c, printed, plen, &orig.taken, &orig.n, orig.what, os, &runs)) {
            if (src != c.src)
                free(src);
            src = printed;
            srclen = plen;
        } else {
            free(printed);
        }
        lang_free(shrunk);
        free(err);
        err = NULL;
    }
    lang_program *q = load_text(&c, src, srclen, &err);
    if (!q) { /* cannot happen: every accepted candidate loaded */
        fprintf(stderr, "deferfuzz: internal error: minimized program does not load: %s\n", err);
        return EXIT_USAGE;
    }
    /* the failure's dedup key on the minimized program */
    rt_replay_chooser rep;
    rt_replay_chooser_init(&rep, orig.taken, orig.n);
    verdict best;
    run_once(&c, q, &rep.base, &best, &r, os, false);
    if (!best.fails || best.what != orig.what) {
        /* the shrunk program failed under these decisions in text_fails */
        fprintf(stderr, "deferfuzz: internal error: minimized program does not fail\n");
        return EXIT_USAGE;
    }
    verdict want = {0};
    want.what = best.what;
    want.key = best.key;

    /* 2. fewest decisions: the shortest prefix that still fails the same way */
    size_t lo = 0, hi = best.n;
    uint32_t *t = malloc((best.n + 1) * sizeof *t);
    memcpy(t, best.taken, best.n * sizeof *t);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sched_fails(&c, q, t, mid, &want, os, &runs, &best))
            hi = mid;
        else
            lo = mid + 1;
    }
    size_t tn = hi;
    /* 3. fewest preemptions: forced switches become "keep running", when
     * the run still fails and has fewer preemptions in all (a decision
     * made "keep" changes what keeping means at the ones after it) */
    for (bool again = true; again;) {
        again = false;
        verdict cur;
        rt_replay_chooser_init(&rep, t, tn);
        run_once(&c, q, &rep.base, &cur, &r, os, false);
        size_t pre = count_preemptions(&cur);
        for (size_t i = tn; i-- > 0;) {
            if (i >= cur.n || cur.keep[i] < 0 || t[i] == (uint32_t)cur.keep[i])
                continue;
            uint32_t old = t[i];
            t[i] = (uint32_t)cur.keep[i];
            if (sched_fails(&c, q, t, tn, &want, os, &runs, &best) &&
                count_preemptions(&best) < pre) {
                again = true;
                break;
            }
            t[i] = old;
        }
        verdict_free(&cur);
    }
    /* drop trailing decisions equal to the default (keep, or 0 without keep) */
    verdict fin;
    rt_replay_chooser_init(&rep, t, tn);
    run_once(&c, q, &rep.base, &fin, &r, os, false);
    while (tn > 0 && tn <= fin.n &&
           t[tn - 1] == (fin.keep[tn - 1] >= 0 ? (uint32_t)fin.keep[tn - 1] : 0))
        tn--;
    verdict_free(&fin);
    rt_replay_chooser_init(&rep, t, tn);
    run_once(&c, q, &rep.base, &fin, &r, os, false);
    if (!fin.fails || fin.what != want.what || fin.key != want.key) {
        fprintf(stderr, "deferfuzz: internal error: minimized schedule lost the failure\n");
        return EXIT_USAGE;
    }
    /* Write what the run chose: after a flip to "keep", a later t[i] may
     * name an option the changed decision no longer has; the replay
     * chooser takes the default there, raw bytes would take t[i] modulo
     * the options - another execution. */
    for (size_t i = 0; i < tn && i < fin.n; i++)
        t[i] = fin.taken[i];
    for (size_t i = 0; i < tn; i++)
        if (t[i] > 255) {
            fprintf(stderr, "deferfuzz: a decision index above 255 cannot be stored raw\n");
            return EXIT_USAGE;
        }

    /* 4. write: raw decisions, the program as source (or none) */
    uint8_t *sb = malloc(tn + 1);
    for (size_t i = 0; i < tn; i++)
        sb[i] = (uint8_t)t[i];
    fz_input in = c.in;
    in.strategy = FZ_STRAT_RAW;
    in.sched = sb;
    in.sched_len = tn;
    if (!c.external) {
        in.kind = FZ_PROG_SOURCE;
        in.prog = (const uint8_t *)src;
        in.prog_len = srclen;
    }
    uint8_t *bytes;
    size_t blen = fz_encode(&in, &bytes);
    FILE *f = blen ? fopen(outp, "wb") : NULL;
    if (!f || fwrite(bytes, 1, blen, f) != blen || fclose(f) != 0) {
        fprintf(stderr, "deferfuzz: %s: cannot write the output\n", outp);
        return EXIT_USAGE;
    }
    size_t lines1 = 0;
    for (size_t i = 0; i < srclen; i++)
        lines1 += src[i] == '\n';
    printf("minimized %s -> %s (%" PRIu64 " runs): fails with %s\n", file, outp, runs, what);
    printf("  program lines  %zu -> %zu\n", lines0, lines1);
    printf("  go statements  %zu -> %zu\n", go0, count_go(src));
    printf("  decisions      %zu -> %zu\n", dec0, tn);
    printf("  preemptions    %zu -> %zu\n", pre0, count_preemptions(&fin));
    printf("  input bytes    %zu -> %zu\n", c.len, blen);
    verdict_free(&fin);
    free(bytes);
    free(sb);
    free(t);
    verdict_free(&best);
    verdict_free(&orig);
    if (src != c.src)
        free(src);
    lang_free(q);
    lang_free(p);
    oracle_free(os);
    case_close(&c);
    rt_shutdown();
    return 0;
}
#endif /* DEFERFUZZ_HAVE_FZ */
