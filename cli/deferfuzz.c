/* deferfuzz.c - the deferfuzz command: run and explore Go-subset programs.
 *
 *   deferfuzz run PROG.go [--schedule S | --seed N] [--report] [--trace] ...
 *   deferfuzz explore PROG.go [--strategy random|dfs] [--runs N] [--time S]
 *                              [--json] [--fail-on IDS] ...
 *
 * The CLI is the one place that turns status codes into messages and exit
 * codes (DESIGN.md "Contracts"): explore and replay exit 0 when nothing was
 * found, 1 on findings, 3 on violations, 2 on bad usage or input. */
#define _GNU_SOURCE
#include "lang.h"
#include "oracle.h"
#include "rt.h"
#include "run.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_FOUND     1
#define EXIT_USAGE     2
#define EXIT_VIOLATION 3

/* ================================================================ options */

typedef struct opts {
    const char *prog;
    const char *schedule; /* run: --schedule */
    bool have_seed;
    uint64_t seed;
    bool report, trace, json;
    const char *strategy; /* explore: random | dfs */
    uint64_t runs;
    double seconds;
    uint32_t fail_on; /* bit per oracle_finding_id; 0 = every finding */
    lang_run_opts run;
} opts;

static void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("deferfuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n(see deferfuzz --help)\n", stderr);
    va_end(ap);
    exit(EXIT_USAGE);
}

static const char *const usage_top =
    "usage: deferfuzz <command> [arguments]\n"
    "\n"
    "deferfuzz runs Go-subset programs on a deterministic runtime and finds the\n"
    "schedules under which they break.\n"
    "\n"
    "commands:\n"
    "  run       run a program once under one schedule, as the compiled Go program would\n"
    "  explore   run a program under many schedules and list its distinct outcomes\n"
    "\n"
    "deferfuzz <command> --help describes a command.\n";

static const char *const usage_common =
    "  --lang go1.19|go1.22  Go version rules: loop variables, panic(nil) (default go1.22)\n"
    "  --preempt sync|stmt   scheduling points at sync operations only, or before every\n"
    "                        statement too (default stmt)\n"
    "  --max-steps N         step budget per execution (default 1000000)\n";

static const char *const usage_run =
    "usage: deferfuzz run PROG.go [--schedule S | --seed N] [--report] [--trace] [options]\n"
    "\n"
    "Runs PROG.go once and prints exactly what the compiled Go program prints with\n"
    "GOTRACEBACK=none under that schedule; exits with its exit code (-1 budget: 124).\n"
    "Without --schedule or --seed: keep running the current goroutine, else the lowest id.\n"
    "\n"
    "  --schedule S   replay schedule S (as printed by explore)\n"
    "  --seed N       choose with the seeded PRNG\n"
    "  --report       after the run, print the oracles' findings and violations to stderr\n"
    "  --trace        after the run, print the event timeline to stderr\n";

static const char *const usage_explore =
    "usage: deferfuzz explore PROG.go [--strategy random|dfs] [--runs N] [--time S]\n"
    "                         [--json] [--fail-on IDS] [options]\n"
    "\n"
    "Runs PROG.go under many schedules and prints each distinct outcome (stdout,\n"
    "stderr, exit code, findings) with its count and a schedule that reproduces it.\n"
    "Exit code: 0 nothing found, 1 findings, 3 violations (a deferfuzz bug), 2 usage.\n"
    "\n"
    "  --strategy S   random (seeded PRNG, default) or dfs (every schedule, in order;\n"
    "                 complete: true when it finished)\n"
    "  --runs N       at most N executions (default 1000; dfs default 100000)\n"
    "  --time S       stop after S seconds\n"
    "  --json         one JSON object on stdout\n"
    "  --fail-on IDS  comma-separated finding ids that make the exit code 1\n"
    "                 (default: every finding)\n";

static uint64_t parse_u64(const char *flag, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        die_usage("%s wants a non-negative integer, got \"%s\"", flag, s);
    return v;
}

static uint32_t parse_fail_on(const char *s)
{
    uint32_t mask = 0;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        int id = oracle_finding_parse(tok);
        if (id < 0)
            die_usage("--fail-on: unknown finding id \"%s\"", tok);
        mask |= 1u << id;
    }
    return mask;
}

static void parse_args(int argc, char **argv, bool explore, opts *o)
{
    memset(o, 0, sizeof *o);
    o->run = lang_run_opts_default();
    o->strategy = "random";
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED()                                                                                     \
    do {                                                                                           \
        if (!next)                                                                                 \
            die_usage("%s needs a value", a);                                                      \
        i++;                                                                                       \
    } while (0)
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(explore ? usage_explore : usage_run, stdout);
            fputs("\ncommon options:\n", stdout);
            fputs(usage_common, stdout);
            exit(0);
        } else if (!strcmp(a, "--lang")) {
            NEED();
            if (!strcmp(next, "go1.19"))
                o->run.version = LANG_GO119;
            else if (!strcmp(next, "go1.22"))
                o->run.version = LANG_GO122;
            else
                die_usage("--lang wants go1.19 or go1.22, got \"%s\"", next);
        } else if (!strcmp(a, "--preempt")) {
            NEED();
            if (!strcmp(next, "sync"))
                o->run.preempt_stmt = false;
            else if (!strcmp(next, "stmt"))
                o->run.preempt_stmt = true;
            else
                die_usage("--preempt wants sync or stmt, got \"%s\"", next);
        } else if (!strcmp(a, "--max-steps")) {
            NEED();
            o->run.max_steps = parse_u64(a, next);
        } else if (!explore && !strcmp(a, "--schedule")) {
            NEED();
            o->schedule = next;
        } else if (!explore && !strcmp(a, "--seed")) {
            NEED();
            o->have_seed = true;
            o->seed = parse_u64(a, next);
        } else if (!explore && !strcmp(a, "--report")) {
            o->report = true;
        } else if (!explore && !strcmp(a, "--trace")) {
            o->trace = true;
        } else if (explore && !strcmp(a, "--strategy")) {
            NEED();
            if (strcmp(next, "random") && strcmp(next, "dfs"))
                die_usage("--strategy wants random or dfs, got \"%s\"", next);
            o->strategy = next;
        } else if (explore && !strcmp(a, "--runs")) {
            NEED();
            o->runs = parse_u64(a, next);
            if (!o->runs)
                die_usage("--runs must be at least 1");
        } else if (explore && !strcmp(a, "--time")) {
            NEED();
            char *end;
            o->seconds = strtod(next, &end);
            if (*end || o->seconds <= 0)
                die_usage("--time wants a positive number of seconds, got \"%s\"", next);
        } else if (explore && !strcmp(a, "--json")) {
            o->json = true;
        } else if (explore && !strcmp(a, "--fail-on")) {
            NEED();
            o->fail_on = parse_fail_on(next);
        } else if (a[0] == '-') {
            die_usage("unknown option %s", a);
        } else if (!o->prog) {
            o->prog = a;
        } else {
            die_usage("more than one program given (%s, %s)", o->prog, a);
        }
#undef NEED
    }
    if (!o->prog)
        die_usage("no program given");
    if (o->schedule && o->have_seed)
        die_usage("--schedule and --seed exclude each other");
}

/* ================================================================ schedules */

/* A schedule string is "d1:" followed by one character per decision: the
 * index taken, in 0-9a-zA-Z for 0..61, or "(N)" for bigger indexes. It is
 * printable and replays the same execution byte for byte. */
static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

static char *schedule_format(const rt_decision_rec *d, size_t n)
{
    size_t cap = 4 + n * 12, len = 0;
    char *s = malloc(cap);
    if (!s) {
        fputs("deferfuzz: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    len += (size_t)snprintf(s, cap, "d1:");
    for (size_t i = 0; i < n; i++) {
        if (d[i].taken < 62)
            s[len++] = digits[d[i].taken];
        else
            len += (size_t)snprintf(s + len, cap - len, "(%" PRIu32 ")", d[i].taken);
    }
    s[len] = 0;
    return s;
}

static uint32_t *schedule_parse(const char *s, size_t *n)
{
    if (strncmp(s, "d1:", 3) != 0)
        die_usage("--schedule: not a deferfuzz schedule (it starts with \"d1:\")");
    s += 3;
    uint32_t *v = malloc((strlen(s) + 1) * sizeof *v);
    size_t k = 0;
    while (*s) {
        const char *p = strchr(digits, *s);
        if (*s == '(') {
            char *end;
            unsigned long x = strtoul(s + 1, &end, 10);
            if (*end != ')' || x > UINT32_MAX)
                die_usage("--schedule: bad escape near \"%.8s\"", s);
            v[k++] = (uint32_t)x;
            s = end + 1;
        } else if (p && *s) {
            v[k++] = (uint32_t)(p - digits);
            s++;
        } else {
            die_usage("--schedule: unexpected character '%c'", *s);
        }
    }
    *n = k;
    return v;
}

/* ================================================================ loading */

static lang_program *load(const opts *o)
{
    char *err = NULL;
    lang_options lo = {o->run.version, 0};
    lang_program *p = lang_load_file(o->prog, &lo, &err);
    if (!p) {
        fprintf(stderr, "%s\n", err ? err : "deferfuzz: cannot load program");
        free(err);
        exit(EXIT_USAGE);
    }
    return p;
}

static const char *site_namer(void *ctx, uint32_t site)
{
    static char buf[4][256];
    static unsigned k;
    char *b = buf[k++ % 4];
    lang_site_text(ctx, site, b, sizeof buf[0]);
    return b;
}

/* ================================================================ run */

static void print_timeline(const lang_program *p, const rt_result *r)
{
    rt_trace_iter it;
    rt_event ev;
    char line[1024], site[256];
    rt_trace_iter_init(&it, r->trace, r->trace_len);
    fputs("--- timeline (goroutine, source site, event) ---\n", stderr);
    while (rt_trace_next(&it, &ev)) {
        if (ev.kind == RT_EV_FRAME_ENTER || ev.kind == RT_EV_FRAME_EXIT ||
            ev.kind == RT_EV_DECISION || ev.kind == RT_EV_VAR_READ || ev.kind == RT_EV_VAR_WRITE)
            continue;
        rt_event_format(&ev, line, sizeof line);
        if (ev.site)
            lang_site_text(p, ev.site, site, sizeof site);
        else
            snprintf(site, sizeof site, "-");
        int indent = ev.g > 1 ? (int)(2 * (ev.g - 1)) : 0;
        fprintf(stderr, "%*sg%-3" PRIu32 " %-24s %s\n", indent > 16 ? 16 : indent, "", ev.g, site,
                line);
    }
}

static int cmd_run(int argc, char **argv)
{
    opts o;
    parse_args(argc, argv, false, &o);
    lang_program *p = load(&o);
    rt_bytes_chooser none;
    rt_prng_chooser prng;
    rt_replay_chooser rep;
    uint32_t *taken = NULL;
    if (o.schedule) {
        size_t n;
        taken = schedule_parse(o.schedule, &n);
        rt_replay_chooser_init(&rep, taken, n);
        o.run.chooser = &rep.base;
    } else if (o.have_seed) {
        rt_prng_chooser_init(&prng, o.seed);
        o.run.chooser = &prng.base;
    } else {
        rt_bytes_chooser_init(&none, NULL, 0);
        o.run.chooser = &none.base;
    }
    oracle_set *os = NULL;
    rt_observer obs;
    if (o.report) {
        os = oracle_new();
        oracle_set_site_namer(os, site_namer, p);
        oracle_set_lang(os, o.run.version == LANG_GO119 ? RT_LANG_GO119 : RT_LANG_GO122);
        oracle_reset(os);
        obs = oracle_observer(os);
        o.run.observers = &obs;
        o.run.nobservers = 1;
    }
    o.run.trace = o.trace;
    rt_result r;
    int rc = lang_run(p, &o.run, &r);
    if (rc) {
        fprintf(stderr, "deferfuzz: %s\n", rt_strerror(rc));
        return EXIT_USAGE;
    }
    fwrite(r.out, 1, r.out_len, stdout);
    fflush(stdout);
    fwrite(r.err, 1, r.err_len, stderr);
    if (o.schedule && rep.diverged)
        fputs("deferfuzz: warning: the schedule does not fit this program (it diverged)\n", stderr);
    if (r.end == RT_END_BUDGET)
        fprintf(stderr, "deferfuzz: step budget exhausted after %" PRIu64 " steps\n", r.steps);
    if (o.trace)
        print_timeline(p, &r);
    if (os) {
        const oracle_verdict *v = oracle_finish(os);
        char *sch = schedule_format(r.decisions, r.ndecisions);
        fprintf(stderr, "--- deferfuzz report: %zu finding(s), %zu violation(s); schedule %s ---\n",
                v->nfindings, v->nviolations, sch);
        free(sch);
        size_t need = oracle_verdict_format(v, NULL, 0);
        char *text = malloc(need + 1);
        oracle_verdict_format(v, text, need + 1);
        fputs(text, stderr);
        free(text);
        oracle_free(os);
    }
    free(taken);
    int code = r.end == RT_END_BUDGET ? 124 : r.exit_code;
    lang_free(p);
    rt_shutdown();
    return code;
}

/* ================================================================ explore */

/* One distinct outcome. */
typedef struct outcome {
    char *out, *err;
    size_t out_len, err_len;
    int exit_code;
    uint32_t findings; /* bit per finding id */
    uint64_t count;
    char *schedule;
    uint64_t hash;
} outcome;

typedef struct explorer {
    outcome *v;
    size_t n, cap;
    char **violations;
    size_t nviol;
    uint64_t schedules;
} explorer;

static char *dup_bytes(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static void record(explorer *e, const rt_result *r, const oracle_verdict *v)
{
    uint32_t f = 0;
    for (size_t i = 0; i < v->nfindings; i++)
        f |= 1u << v->findings[i].id;
    int code = r->end == RT_END_BUDGET ? -1 : r->exit_code;
    uint64_t h = rt_fnv1a64(r->out, r->out_len, RT_FNV_OFFSET);
    h = rt_fnv1a64("\0", 1, h);
    h = rt_fnv1a64(r->err, r->err_len, h);
    h = rt_fnv1a64(&code, sizeof code, h);
    h = rt_fnv1a64(&f, sizeof f, h);
    e->schedules++;
    for (size_t i = 0; i < v->nviolations && e->nviol < 64; i++) {
        char *sch = schedule_format(r->decisions, r->ndecisions);
        size_t n = strlen(v->violations[i].message) + strlen(sch) + 64;
        char *m = malloc(n);
        snprintf(m, n, "%s: %s (schedule %s)", oracle_name(v->violations[i].oracle),
                 v->violations[i].message, sch);
        free(sch);
        e->violations = realloc(e->violations, (e->nviol + 1) * sizeof *e->violations);
        e->violations[e->nviol++] = m;
    }
    for (size_t i = 0; i < e->n; i++) {
        outcome *o = &e->v[i];
        if (o->hash == h && o->exit_code == code && o->findings == f && o->out_len == r->out_len &&
            o->err_len == r->err_len && !memcmp(o->out, r->out, r->out_len) &&
            !memcmp(o->err, r->err, r->err_len)) {
            o->count++;
            return;
        }
    }
    if (e->n == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 16;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
    }
    outcome *o = &e->v[e->n++];
    o->out = dup_bytes(r->out, r->out_len);
    o->err = dup_bytes(r->err, r->err_len);
    o->out_len = r->out_len;
    o->err_len = r->err_len;
    o->exit_code = code;
    o->findings = f;
    o->count = 1;
    o->schedule = schedule_format(r->decisions, r->ndecisions);
    o->hash = h;
}

static void explorer_free(explorer *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].out);
        free(e->v[i].err);
        free(e->v[i].schedule);
    }
    free(e->v);
    for (size_t i = 0; i < e->nviol; i++)
        free(e->violations[i]);
    free(e->violations);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* DFS over the decision tree: replays the prefix of the previous path and
 * moves its last decision with options left one step on. */
typedef struct dfs_chooser {
    rt_chooser base;
    rt_decision_rec *path; /* decisions of the current path */
    size_t len, cap, pos;
} dfs_chooser;

static uint32_t dfs_choose(rt_chooser *self, const rt_decision *d)
{
    dfs_chooser *c = (dfs_chooser *)self;
    if (c->pos < c->len) {
        rt_decision_rec *r = &c->path[c->pos++];
        if (r->nopts != d->nopts) /* the program is not deterministic: should not happen */
            r->nopts = d->nopts;
        return r->taken < d->nopts ? r->taken : 0;
    }
    if (c->len == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->path = realloc(c->path, c->cap * sizeof *c->path);
    }
    c->path[c->len++] = (rt_decision_rec){d->kind, d->nopts, 0};
    c->pos++;
    return 0;
}

/* Moves to the next path; false when the tree is exhausted. */
static bool dfs_next(dfs_chooser *c)
{
    while (c->len > 0) {
        rt_decision_rec *r = &c->path[c->len - 1];
        if (r->taken + 1 < r->nopts) {
            r->taken++;
            c->pos = 0;
            return true;
        }
        c->len--;
    }
    return false;
}

static void json_str(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", stdout);
        else if (ch == '\t')
            fputs("\\t", stdout);
        else if (ch < 0x20)
            printf("\\u%04x", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static void print_findings_json(uint32_t f)
{
    putchar('[');
    bool first = true;
    for (int i = 0; i < OF__COUNT; i++)
        if (f & (1u << i)) {
            printf("%s\"%s\"", first ? "" : ", ", oracle_finding_name((oracle_finding_id)i));
            first = false;
        }
    putchar(']');
}

static void print_indented(const char *label, const char *s, size_t n)
{
    if (!n) {
        printf("  %s: (empty)\n", label);
        return;
    }
    printf("  %s:\n    ", label);
    for (size_t i = 0; i < n; i++) {
        putchar(s[i]);
        if (s[i] == '\n' && i + 1 < n)
            fputs("    ", stdout);
    }
    if (s[n - 1] != '\n')
        putchar('\n');
}

static void report(const explorer *e, const opts *o, bool complete)
{
    if (o->json) {
        printf("{\"schedules\": %" PRIu64 ", \"complete\": %s, \"violations\": [", e->schedules,
               complete ? "true" : "false");
        for (size_t i = 0; i < e->nviol; i++) {
            if (i)
                fputs(", ", stdout);
            json_str(e->violations[i], strlen(e->violations[i]));
        }
        fputs("], \"outcomes\": [", stdout);
        for (size_t i = 0; i < e->n; i++) {
            const outcome *x = &e->v[i];
            printf("%s{\"stdout\": ", i ? ", " : "");
            json_str(x->out, x->out_len);
            fputs(", \"stderr\": ", stdout);
            json_str(x->err, x->err_len);
            printf(", \"exit_code\": %d, \"findings\": ", x->exit_code);
            print_findings_json(x->findings);
            printf(", \"count\": %" PRIu64 ", \"schedule\": ", x->count);
            json_str(x->schedule, strlen(x->schedule));
            putchar('}');
        }
        fputs("]}\n", stdout);
        return;
    }
    printf("%s: %" PRIu64 " schedules (%s), %zu distinct outcomes%s\n", o->prog, e->schedules,
           o->strategy, e->n, complete ? ", complete" : "");
    for (size_t i = 0; i < e->n; i++) {
        const outcome *x = &e->v[i];
        printf("\noutcome %zu: %" PRIu64 " runs, exit code %d\n", i + 1, x->count, x->exit_code);
        print_indented("stdout", x->out, x->out_len);
        print_indented("stderr", x->err, x->err_len);
        if (x->findings) {
            fputs("  findings:", stdout);
            for (int k = 0; k < OF__COUNT; k++)
                if (x->findings & (1u << k))
                    printf(" %s", oracle_finding_name((oracle_finding_id)k));
            putchar('\n');
        }
        printf("  reproduce: deferfuzz run %s --schedule %s\n", o->prog, x->schedule);
    }
    for (size_t i = 0; i < e->nviol; i++)
        printf("\nVIOLATION (a deferfuzz bug) %s\n", e->violations[i]);
}

static int cmd_explore(int argc, char **argv)
{
    opts o;
    parse_args(argc, argv, true, &o);
    bool dfs = !strcmp(o.strategy, "dfs");
    if (!o.runs)
        o.runs = dfs ? 100000 : 1000;
    lang_program *p = load(&o);
    oracle_set *os = oracle_new();
    oracle_set_site_namer(os, site_namer, p);
    oracle_set_lang(os, o.run.version == LANG_GO119 ? RT_LANG_GO119 : RT_LANG_GO122);
    rt_observer obs = oracle_observer(os);
    o.run.observers = &obs;
    o.run.nobservers = 1;
    explorer e = {0};
    dfs_chooser dc = {{dfs_choose}, NULL, 0, 0, 0};
    bool complete = false;
    double t0 = now_s(), last = t0;
    for (uint64_t i = 0; i < o.runs; i++) {
        rt_prng_chooser prng;
        if (dfs) {
            dc.pos = 0;
            o.run.chooser = &dc.base;
        } else {
            rt_prng_chooser_init(&prng, i);
            o.run.chooser = &prng.base;
        }
        oracle_reset(os);
        rt_result r;
        int rc = lang_run(p, &o.run, &r);
        if (rc) {
            fprintf(stderr, "deferfuzz: %s\n", rt_strerror(rc));
            return EXIT_USAGE;
        }
        record(&e, &r, oracle_finish(os));
        if (dfs && !dfs_next(&dc)) {
            complete = true;
            break;
        }
        double t = now_s();
        if (t - last >= 1.0) {
            fprintf(stderr, "explore: %" PRIu64 " schedules, %zu outcomes, %.0f/s\n", e.schedules,
                    e.n, (double)e.schedules / (t - t0));
            last = t;
        }
        if (o.seconds > 0 && t - t0 >= o.seconds)
            break;
    }
    report(&e, &o, complete);
    int code = 0;
    for (size_t i = 0; i < e.n; i++)
        if (e.v[i].findings & (o.fail_on ? o.fail_on : ~0u))
            code = EXIT_FOUND;
    if (e.nviol)
        code = EXIT_VIOLATION;
    explorer_free(&e);
    free(dc.path);
    oracle_free(os);
    lang_free(p);
    rt_shutdown();
    return code;
}

/* ================================================================ main */

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        fputs(usage_top, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc, argv);
    if (!strcmp(argv[1], "explore"))
        return cmd_explore(argc, argv);
    fprintf(stderr, "deferfuzz: unknown command \"%s\"\n", argv[1]);
    fputs(usage_top, stderr);
    return EXIT_USAGE;
}
