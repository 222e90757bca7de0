/* fuzz_conformance.c - fuzz target: does deferfuzz itself keep Go's rules?
 *
 * An input is a fz input (fz.h) that carries its program: generator bytes
 * (FZ_PROG_GEN, always a well-typed program) or Go source
 * (FZ_PROG_SOURCE, what `deferfuzz pack` writes), then the schedule.
 * Inputs without a program, and sources that do not load, are rejected
 * (-1). Each input runs once with the oracles and the concurrency
 * coverage. Findings are the program's business and never crash this
 * target; it crashes (one-line "==deferfuzz== ..." summary, then abort)
 * only on what is a bug of deferfuzz:
 *   - a violation: the runtime or interpreter broke Go's rules;
 *   - nondeterminism: every input about to crash, and a sample of the
 *     others (1 in SAMPLE_EVERY, chosen by a hash of the input so that a
 *     crash reproduces), runs twice more with the trace recorded. Both
 *     traces must hash the same, and all three runs must agree on
 *     output, exit, steps, decisions and verdict;
 *   - a generated program that does not load (fz_generate's contract).
 *
 * Programs are cached: while inputs carry the same program bytes (the
 * fuzzer mutating the schedule) the loaded program is reused - except
 * under AFL++, which runs an input several times to tell stable edges
 * from unstable ones: a load skipped the second time would make every
 * edge of the front end look unstable, and AFL++ would ignore them.
 * The input's header chooses the Go rules and the preemption (any, unless
 * DEFERFUZZ_LANG / DEFERFUZZ_PREEMPT pin them). The step budget defaults
 * to CONFORMANCE_MAX_STEPS (DEFERFUZZ_MAX_STEPS overrides it) so that a
 * mutated source with an endless loop costs milliseconds, not a second.
 * 20,000: a generated program makes at most FZ_GEN_MAX_COST (4,000)
 * statement executions, each at most a statement point, a loop back edge
 * and one runtime point; the longest execution in a corpus grown from
 * every seed (4,774 executions) that ended before the budget took 1,086
 * steps. With 100,000, the 2% of executions that spin (a mutated
 * `select` loop whose return was deleted) took 70% of the time:
 * 20,000 runs 2.4-3.9x more executions per CPU second (two libFuzzer
 * sessions of 30,000 runs: 1,640 and 784 -> 3,870 and 3,070) and reaches
 * the same coverage (cov 4,839 / 4,858 -> 4,845 / 4,855).
 */
#include "fuzz_common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SAMPLE_EVERY          64u
#define CONFORMANCE_MAX_STEPS 20000u
#define CACHE_PROGRAMS        (FUZZ_ENGINE != FUZZ_ENGINE_AFL)

static struct {
    bool ready;
    fuzz_env env;
    fuzz_exec exec;
    /* The program of the last input, with the bytes it came from. */
    lang_program *prog;
    fz_prog_kind kind;
    lang_version lang;
    uint8_t *bytes;
    size_t len;
} S;

static void init(void)
{
    if (S.ready)
        return;
    fuzz_env_init(&S.env, "fuzz_conformance", FUZZ_ANY, CONFORMANCE_MAX_STEPS, ORACLE_CHECKS_ALL,
                  0);
    fuzz_exec_init(&S.exec, &S.env);
    S.ready = true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    init();
    return 0;
}

/* ================================================================ programs */

/* The generated source of in, malloc'd (for crash dumps only). */
static char *source_of(const fz_input *in, size_t *len)
{
    if (in->kind == FZ_PROG_GEN)
        return fz_generate(in->prog, in->prog_len, len);
    char *s = malloc(in->prog_len + 1);
    if (s) {
        memcpy(s, in->prog, in->prog_len);
        s[in->prog_len] = 0;
        *len = in->prog_len;
    }
    return s;
}

/* The loaded program of in, or NULL when its source does not load. */
static lang_program *load(const fz_input *in)
{
    lang_version lang = fuzz_input_lang(in);
    if (CACHE_PROGRAMS && S.prog && S.kind == in->kind && S.lang == lang && S.len == in->prog_len &&
        (in->prog_len == 0 || memcmp(S.bytes, in->prog, in->prog_len) == 0))
        return S.prog;
    lang_free(S.prog);
    free(S.bytes);
    S.prog = NULL;
    S.bytes = NULL;
    lang_options lo = {lang, 0};
    char *err = NULL;
    lang_program *p = fz_load(in, &lo, &err);
    if (!p) {
        if (in->kind == FZ_PROG_GEN) {
            char what[1024];
            snprintf(what, sizeof what, "a generated program does not load: %s",
                     err ? err : "(no message)");
            fuzz_repro rp = {in, NULL, NULL, NULL, 0, NULL};
            rp.src = source_of(in, &rp.src_len);
            fuzz_crash_other(&S.env, &rp, "generator", what);
            free((char *)rp.src);
        }
        free(err);
        return NULL;
    }
    S.bytes = malloc(in->prog_len ? in->prog_len : 1);
    if (!S.bytes) {
        lang_free(p);
        return NULL;
    }
    if (in->prog_len)
        memcpy(S.bytes, in->prog, in->prog_len);
    S.len = in->prog_len;
    S.kind = in->kind;
    S.lang = lang;
    S.prog = p;
    return p;
}

/* ================================================================ determinism */

/* What two runs of one input must agree on. */
typedef struct run_sig {
    uint64_t hash;       /* output, exit, steps, decisions, verdict */
    uint64_t trace_hash; /* 0 when the trace was not recorded */
} run_sig;

static uint64_t mix(uint64_t h, uint64_t v)
{
    return rt_fnv1a64(&v, sizeof v, h);
}

static run_sig signature(const rt_result *r, const oracle_verdict *v)
{
    uint64_t h = RT_FNV_OFFSET;
    h = mix(h, (uint64_t)r->end);
    h = mix(h, (uint64_t)r->fatal);
    h = mix(h, (uint64_t)(int64_t)r->exit_code);
    h = rt_fnv1a64(r->out, r->out_len, mix(h, r->out_len));
    h = rt_fnv1a64(r->err, r->err_len, mix(h, r->err_len));
    h = mix(h, r->steps);
    h = mix(h, r->goroutines);
    h = mix(h, r->nalive);
    h = mix(h, r->events);
    h = mix(h, (uint64_t)r->clock);
    h = mix(h, r->ndecisions);
    for (size_t i = 0; i < r->ndecisions; i++)
        h = mix(h, (uint64_t)r->decisions[i].nopts << 32 | r->decisions[i].taken);
    h = mix(h, v->nfindings);
    for (size_t i = 0; i < v->nfindings; i++)
        h = mix(h, v->findings[i].key);
    h = mix(h, v->nviolations);
    for (size_t i = 0; i < v->nviolations; i++) {
        h = mix(h, (uint64_t)v->violations[i].oracle);
        h = rt_fnv1a64(v->violations[i].message, strlen(v->violations[i].message), h);
    }
    run_sig s = {h, r->trace_hash};
    return s;
}

static const oracle_verdict *run(const lang_program *p, const fz_input *in, bool trace,
                                 rt_result *r, run_sig *sig)
{
    const oracle_verdict *v = fuzz_exec_run(&S.exec, p, in, trace, r);
    *sig = signature(r, v);
    return v;
}

/* Runs in twice more with the trace on; crashes unless all three runs
 * agree. Returns the verdict of the last run (in *r). */
static const oracle_verdict *check_determinism(const lang_program *p, const fz_input *in,
                                               run_sig first, rt_result *r, fuzz_repro *rp)
{
    run_sig a, b;
    run(p, in, true, r, &a);
    const oracle_verdict *v = run(p, in, true, r, &b);
    const char *what = NULL;
    char buf[256];
    if (a.trace_hash != b.trace_hash) {
        snprintf(buf, sizeof buf,
                 "two runs of one input recorded different traces (hash %016" PRIx64
                 " then %016" PRIx64 ")",
                 a.trace_hash, b.trace_hash);
        what = buf;
    } else if (a.hash != b.hash || first.hash != a.hash) {
        snprintf(buf, sizeof buf,
                 "runs of one input differ in output, exit, steps, decisions or verdict "
                 "(%016" PRIx64 ", %016" PRIx64 ", %016" PRIx64 ")",
                 first.hash, a.hash, b.hash);
        what = buf;
    }
    if (what) {
        rp->result = r;
        fuzz_crash_other(&S.env, rp, "nondeterminism", what);
    }
    return v;
}

/* ================================================================ the target */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    fz_input in;
    char err[128];
    if (fz_decode(data, size, &in, err, sizeof err) != FZ_OK || in.kind == FZ_PROG_NONE ||
        !fuzz_env_accepts(&S.env, &in))
        return -1;
    lang_program *p = load(&in);
    if (!p)
        return -1;
    rt_result r;
    run_sig first;
    const oracle_verdict *v = run(p, &in, false, &r, &first);
    bool crash = v->nviolations > 0;
    bool sample = rt_fnv1a64(data, size, RT_FNV_OFFSET) % SAMPLE_EVERY == 0;
    if (!crash && !sample)
        return 0;
    fuzz_repro rp = {&in, p, NULL, NULL, 0, &r};
    if (S.env.dump_dir)
        rp.src = source_of(&in, &rp.src_len);
    v = check_determinism(p, &in, first, &r, &rp);
    fuzz_crash_violations(&S.env, &rp, v);
    free((char *)rp.src);
    return 0;
}
