/* common.c - option parsing, loading, schedules and output helpers shared
 * by the deferfuzz commands. */
#define _GNU_SOURCE
#include "cli.h"
#ifdef DEFERFUZZ_HAVE_FZ
#include "fz.h"
#endif

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

/* ================================================================ options */

const char *cli_command = NULL;

void die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("deferfuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    if (cli_command)
        fprintf(stderr, "\n(see deferfuzz %s --help)\n", cli_command);
    else
        fputs("\n(see deferfuzz --help)\n", stderr);
    va_end(ap);
    exit(EXIT_USAGE);
}

const char *const usage_top =
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

const char *const usage_common =
    "  --lang go1.19|go1.22  Go version rules: loop variables, panic(nil) (default go1.22)\n"
    "  --preempt sync|stmt   scheduling points at sync operations only, or before every\n"
    "                        statement too (default stmt)\n"
    "  --max-steps N         step budget per execution (default 1000000)\n"
    "\n"
    "environment:\n"
    "  DEFERFUZZ_RACE_MAX_MB  memory bound of the close/send race checker (run with the\n"
    "                         oracles: --report, explore, replay), in MiB (default 4096);\n"
    "                         it grows with the square of the goroutines alive at once,\n"
    "                         and past the bound the run stops with exit code 2\n";

const char *const usage_run =
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

const char *const usage_explore =
    "usage: deferfuzz explore PROG.go [--strategy random|pct|dfs] [--depth D] [--runs N]\n"
    "                         [--time S] [--json] [--fail-on IDS] [options]\n"
    "\n"
    "Runs PROG.go under many schedules and prints each distinct outcome (stdout,\n"
    "stderr, exit code, findings) with its count and a schedule that reproduces it.\n"
    "Exit code: 0 nothing found, 1 findings, 3 violations (a deferfuzz bug), 2 usage.\n"
    "\n"
    "  --strategy S   random (seeded PRNG, default), pct (probabilistic concurrency\n"
    "                 testing: random goroutine priorities, D-1 priority change points;\n"
    "                 finds any bug of depth D with probability >= 1/(n k^(D-1)) per run,\n"
    "                 n goroutines, k decisions) or dfs (every schedule, in order;\n"
    "                 complete: true when it finished)\n"
    "  --depth D      pct only: the bug depth D, 1..16 (default 3)\n"
    "  --runs N       at most N executions (default 1000; dfs default 100000)\n"
    "  --time S       stop after S seconds\n"
    "  --json         one JSON object on stdout\n"
    "  --fail-on IDS  comma-separated finding ids that make the exit code 1\n"
    "                 (default: every finding)\n";

uint64_t parse_u64(const char *flag, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        die_usage("%s wants a non-negative integer, got \"%s\"", flag, s);
    return v;
}

uint64_t parse_steps(const char *flag, const char *s)
{
    uint64_t v = parse_u64(flag, s);
    if (!v)
        die_usage("%s wants at least 1, got 0", flag);
    return v;
}

void check_output(const char *out, const char *in)
{
    struct stat so, si;
    if (stat(out, &so) == 0) {
        if (S_ISDIR(so.st_mode))
            die_usage("-o %s is a directory", out);
        if (in && stat(in, &si) == 0 && so.st_dev == si.st_dev && so.st_ino == si.st_ino)
            die_usage("-o %s is the input file: give another name (it would be overwritten)", out);
        if (access(out, W_OK) != 0)
            die_usage("-o %s: %s", out, strerror(errno));
        return;
    }
    /* a new file: its directory must take it */
    const char *slash = strrchr(out, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == out)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - out), out);
    if (access(dir, W_OK | X_OK) != 0)
        die_usage("-o %s: cannot create it in %s: %s", out, dir, strerror(errno));
}

const char *program_or_env(const char *given)
{
    const char *env = getenv("DEFERFUZZ_PROGRAM");
    return given ? given : env && *env ? env : NULL;
}

const char *sh(const char *s)
{
#ifdef DEFERFUZZ_HAVE_FZ
    static char *ring[8];
    static unsigned next;
    char *w = fz_shell_word(s);
    if (!w)
        die_usage("out of memory");
    unsigned i = next++ % 8;
    free(ring[i]);
    ring[i] = w;
    return w;
#else
    return s; /* built without fuzz/: unquoted */
#endif
}

const char *run_flags(const lang_run_opts *r)
{
    static char buf[96];
    lang_run_opts d = lang_run_opts_default();
    int n = 0;
    buf[0] = 0;
    if (r->preempt_stmt != d.preempt_stmt)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " --preempt %s",
                      r->preempt_stmt ? "stmt" : "sync");
    if (r->version != d.version)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " --lang %s",
                      r->version == LANG_GO119 ? "go1.19" : "go1.22");
    if (r->max_steps)
        snprintf(buf + n, sizeof buf - (size_t)n, " --max-steps %" PRIu64, r->max_steps);
    return buf;
}

uint32_t parse_fail_on(const char *s)
{
    uint32_t mask = 0;
    if (!s[strspn(s, ",")]) /* 0 would mean every finding */
        die_usage("--fail-on wants finding ids (comma-separated), got \"%s\"", s);
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

void parse_args(int argc, char **argv, bool explore, opts *o)
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
            o->run.max_steps = parse_steps(a, next);
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
            if (strcmp(next, "random") && strcmp(next, "pct") && strcmp(next, "dfs"))
                die_usage("--strategy wants random, pct or dfs, got \"%s\"", next);
            o->strategy = next;
        } else if (explore && !strcmp(a, "--depth")) {
            NEED();
            uint64_t d = parse_u64(a, next);
            if (d < 1 || d > RT_PCT_MAX_DEPTH)
                die_usage("--depth wants 1..%d, got \"%s\"", RT_PCT_MAX_DEPTH, next);
            o->depth = (uint32_t)d;
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

char *schedule_format(const rt_decision_rec *d, size_t n)
{
    char *s = rt_schedule_format(d, n);
    if (!s) {
        fputs("deferfuzz: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    return s;
}

uint32_t *schedule_parse(const char *s, size_t *n)
{
    uint32_t *v;
    char err[128];
    int rc = rt_schedule_parse(s, &v, n, err, sizeof err);
    if (rc == RT_ENOMEM)
        die_usage("out of memory");
    if (rc)
        die_usage("--schedule: %s", err);
    return v;
}

/* ================================================================ loading */

lang_program *load(const opts *o)
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

const char *site_namer(void *ctx, uint32_t site)
{
    static char buf[4][256];
    static unsigned k;
    char *b = buf[k++ % 4];
    lang_site_text(ctx, site, b, sizeof buf[0]);
    return b;
}

/* ================================================================ run */

/* One short description of an event for the timeline; false to skip it. */
static bool describe(const rt_event *ev, char *b, size_t cap)
{
    char v[96];
    switch ((rt_event_kind)ev->kind) {
    case RT_EV_GO_CREATE:
        snprintf(b, cap, "go -> g%" PRIu64, ev->a);
        return true;
    case RT_EV_GO_END:
        snprintf(b, cap, ev->a == RT_GOEND_GOEXIT ? "exits (Goexit)" : "returns (goroutine ends)");
        return true;
    case RT_EV_BLOCK:
        snprintf(b, cap, "blocks [%s]", rt_wait_name((rt_wait)ev->a));
        return true;
    case RT_EV_READY:
        if (ev->g == 0)
            snprintf(b, cap, "clock wakes g%" PRIu64, ev->a);
        else
            snprintf(b, cap, "wakes g%" PRIu64, ev->a);
        return true;
    case RT_EV_DEFER_REG:
        snprintf(b, cap, "%s (d%" PRIu64 ")",
                 ev->c == 2 ? "deferred recover around a String or Error method"
                            : "defer registered",
                 ev->b);
        return true;
    case RT_EV_DEFER_CALL:
        snprintf(b, cap, "deferred call d%" PRIu64 " runs%s", ev->b,
                 ev->c == RT_BY_PANIC    ? " (panicking)"
                 : ev->c == RT_BY_GOEXIT ? " (Goexit)"
                                         : "");
        return true;
    case RT_EV_PANIC:
        rt_value_format(ev->v, v, sizeof v);
        snprintf(b, cap, "panic: %s%s", v,
                 ev->v.flags & RT_VF_LATE ? " (its String/Error runs if it is printed)" : "");
        return true;
    case RT_EV_PANIC_TEXT:
        if (ev->b == 2) {
            snprintf(b, cap, "no deferred call left: panic values' methods run (p%" PRIu64 ")",
                     ev->a);
            return true;
        }
        rt_value_format(ev->v, v, sizeof v);
        snprintf(b, cap, "%s: %s",
                 ev->b                                     ? "panic value printed as it is"
                 : (ev->v.flags & RT_VF_PRINT_PANICS) != 0 ? "its method panicked"
                                                           : "panic value printed by its method",
                 v);
        return true;
    case RT_EV_RECOVER:
        if (ev->b) {
            rt_value_format(ev->v, v, sizeof v);
            snprintf(b, cap, "recover() = %s", v);
        } else {
            snprintf(b, cap, "recover() = nil");
        }
        return true;
    case RT_EV_GOEXIT:
        snprintf(b, cap, "runtime.Goexit()");
        return true;
    case RT_EV_CHAN_MAKE:
        if (ev->c)
            snprintf(b, cap, "time.After timer c%" PRIu64, ev->a);
        else
            snprintf(b, cap, "make c%" PRIu64 " (%s)", ev->a, ev->b ? "buffered" : "unbuffered");
        return true;
    case RT_EV_SEND:
        rt_value_format(ev->v, v, sizeof v);
        snprintf(b, cap, "c%" PRIu64 " <- %s", ev->a, v);
        return true;
    case RT_EV_RECV:
        if (!ev->c) {
            snprintf(b, cap, "<-c%" PRIu64 " (closed: zero value)", ev->a);
        } else {
            rt_value_format(ev->v, v, sizeof v);
            snprintf(b, cap, "<-c%" PRIu64 " = %s", ev->a, v);
        }
        return true;
    case RT_EV_CLOSE:
        snprintf(b, cap, "close(c%" PRIu64 ")", ev->a);
        return true;
    case RT_EV_SELECT:
        if (ev->a == (uint64_t)-1)
            snprintf(b, cap, "select: default");
        else
            snprintf(b, cap, "select: case %" PRIu64 " of %" PRIu64, ev->a + 1, ev->b);
        return true;
    case RT_EV_WG_ADD:
        snprintf(b, cap, "wg%" PRIu64 ".Add(%" PRId64 ") -> %" PRId64, ev->a, (int64_t)ev->b,
                 (int64_t)ev->c);
        return true;
    case RT_EV_WG_WAIT:
        snprintf(b, cap, "wg%" PRIu64 ".Wait() returns", ev->a);
        return true;
    case RT_EV_LOCK:
        snprintf(b, cap, "m%" PRIu64 ".%s()", ev->a, ev->b == RT_LOCK_READ ? "RLock" : "Lock");
        return true;
    case RT_EV_UNLOCK:
        snprintf(b, cap, "m%" PRIu64 ".%s()", ev->a, ev->b == RT_LOCK_READ ? "RUnlock" : "Unlock");
        return true;
    case RT_EV_ONCE:
        snprintf(b, cap, "once%" PRIu64 ".Do %s", ev->a, ev->b ? "runs f" : "(already done)");
        return true;
    case RT_EV_SLEEP:
        snprintf(b, cap, "sleep %" PRIu64 "ns", ev->a);
        return true;
    case RT_EV_CLOCK:
        snprintf(b, cap, "clock -> %" PRIu64 "ns", ev->a);
        return true;
    case RT_EV_PRINT: {
        size_t n = ev->nbytes;
        while (n && ev->bytes[n - 1] == '\n')
            n--;
        int w = n > 40 ? 40 : (int)n;
        snprintf(b, cap, "%s %.*s%s", ev->a == 2 ? "stderr:" : "prints", w, (const char *)ev->bytes,
                 n > 40 ? "..." : "");
        for (char *q = b; *q; q++)
            if (*q == '\n' || *q == '\t')
                *q = ' ';
        return true;
    }
    case RT_EV_END:
        snprintf(b, cap, "program ends, exit code %" PRIu64, ev->b);
        return true;
    default:
        return false;
    }
}

/* The text of line `line` of src (trimmed), or "". */
static void source_line(const char *src, size_t len, uint32_t line, char *b, size_t cap)
{
    b[0] = 0;
    if (!src || !line)
        return;
    size_t i = 0;
    for (uint32_t l = 1; l < line && i < len; i++)
        if (src[i] == '\n')
            l++;
    while (i < len && (src[i] == ' ' || src[i] == '\t'))
        i++;
    size_t j = i;
    while (j < len && src[j] != '\n')
        j++;
    size_t n = j - i;
    if (n >= cap)
        n = cap - 1;
    memcpy(b, src + i, n);
    b[n] = 0;
}

void print_timeline(FILE *out, const lang_program *p, const rt_result *r, const char *src,
                    size_t srclen)
{
    rt_trace_iter it;
    rt_event ev;
    /* which goroutines exist, for the lanes: created before the first
     * event that mentions them, ended at GO_END */
    enum { MAXLANES = 16 };
    uint32_t ngor = r->goroutines < MAXLANES ? r->goroutines : MAXLANES;
    bool alive[MAXLANES + 1] = {false};
    alive[1] = true;
    char desc[256], code[160], lanes[3 * MAXLANES + 8];
    fprintf(out, "--- interleaving: one lane per goroutine (* = the goroutine acting) ---\n");
    int n = 0;
    for (uint32_t g = 1; g <= ngor; g++)
        n += snprintf(lanes + n, sizeof lanes - (size_t)n, "g%-2" PRIu32, g);
    fprintf(out, "%s%s  %-6s %-34s %s\n", lanes, r->goroutines > MAXLANES ? "+" : "", "line",
            "event", "source");
    uint32_t last_g = 0;
    rt_trace_iter_init(&it, r->trace, r->trace_len);
    bool switched = false;
    while (rt_trace_next(&it, &ev)) {
        if (ev.kind == RT_EV_RUN && ev.g != last_g) {
            switched = last_g != 0; /* a context switch: a blank line between slices */
            last_g = ev.g;
        }
        if (!describe(&ev, desc, sizeof desc))
            continue;
        if (ev.kind == RT_EV_GO_END && ev.g == 1)
            snprintf(desc, sizeof desc, "main returns");
        n = 0;
        for (uint32_t g = 1; g <= ngor; g++)
            n += snprintf(lanes + n, sizeof lanes - (size_t)n, "%-3s",
                          g == ev.g  ? "*"
                          : alive[g] ? "|"
                                     : " ");
        uint32_t line = 0, col = 0;
        code[0] = 0;
        if (ev.site && lang_site_pos(p, ev.site, &line, &col))
            source_line(src, srclen, line, code, sizeof code);
        char where[16] = "";
        if (line)
            snprintf(where, sizeof where, "%" PRIu32, line);
        const char *who = "";
        char whobuf[16];
        if (ev.g > MAXLANES) {
            snprintf(whobuf, sizeof whobuf, "g%" PRIu32 ": ", ev.g);
            who = whobuf;
        }
        if (switched)
            fputc('\n', out);
        switched = false;
        fprintf(out, "%s%s  %-6s %s%-*s %s\n", lanes, r->goroutines > MAXLANES ? " " : "", where,
                who, 34 - (int)strlen(who), desc, code);
        if (ev.kind == RT_EV_GO_CREATE && ev.a <= MAXLANES)
            alive[ev.a] = true;
        if (ev.kind == RT_EV_GO_END && ev.g <= MAXLANES)
            alive[ev.g] = false;
    }
}

void json_str(const char *s, size_t n)
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

void print_findings_json(uint32_t f)
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

void print_indented(const char *label, const char *s, size_t n)
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

char *read_file(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *b = malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *nb = realloc(b, cap * 2);
        if (!nb) {
            free(b);
            b = NULL;
            break;
        }
        b = nb;
        cap *= 2;
    }
    fclose(f);
    if (b)
        *len = n;
    return b;
}
