/* cmd_explore.c - deferfuzz explore: many schedules, distinct outcomes. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int cmd_explore(int argc, char **argv)
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
