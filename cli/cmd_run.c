/* cmd_run.c - deferfuzz run: one execution under one schedule. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_run(int argc, char **argv)
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
    if (o.trace) {
        size_t srclen = 0;
        char *src = read_file(o.prog, &srclen);
        print_timeline(stderr, p, &r, src, srclen);
        free(src);
    }
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
