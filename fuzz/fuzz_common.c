/* fuzz_common.c - settings, execution and crash reports shared by the
 * execution fuzz targets (fuzz_common.h).
 *
 * Compiled once per target binary, with FUZZ_ENGINE naming the engine the
 * binary is linked with: that decides where the concurrency counters live
 * (libFuzzer's extra-counters section, AFL++'s shared map, or nowhere).
 * Nothing here may depend on an address or on time: an input must crash
 * or pass the same way in every process.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ================================================================ engine counters */

/* How many counters this target gives fz_cov: FZ_COV_COUNTERS unless the
 * target's build says otherwise (fuzz_common.c is compiled once per
 * target). The engine reads and clears all of them after every input, so
 * fuzz_schedule, whose one program has a few hundred interleaving features,
 * takes 2048 (6% fewer instructions per execution than 8192);
 * fuzz_conformance, whose generated programs bring new sites all the time,
 * keeps 8192 to keep hash collisions rare. */
#ifndef FUZZ_COV_COUNTERS
#define FUZZ_COV_COUNTERS FZ_COV_COUNTERS
#endif

#if FUZZ_ENGINE != FUZZ_ENGINE_LIBFUZZER
/* Counters that this file reads itself after every input (AFL++, the
 * replay): calls each (when not NULL) with every set counter and its
 * value, clears it, and returns how many were set. A word at a time: a few
 * set counters in a mostly clear array should not cost a pass per byte. */
static size_t counters_drain(uint8_t *ctr, void (*each)(uint32_t i, uint8_t v))
{
    size_t n = 0;
    for (uint32_t k = 0; k < FUZZ_COV_COUNTERS; k += 8) {
        uint64_t word;
        memcpy(&word, ctr + k, sizeof word);
        if (!word)
            continue;
        for (uint32_t i = k; i < k + 8; i++)
            if (ctr[i]) {
                if (each)
                    each(i, ctr[i]);
                ctr[i] = 0;
                n++;
            }
    }
    return n;
}
#endif

#if FUZZ_ENGINE == FUZZ_ENGINE_LIBFUZZER

/* libFuzzer reads every byte of this section as coverage counters after
 * each input (and clears them before the next one). */
static uint8_t fuzz_extra_counters[FUZZ_COV_COUNTERS]
    __attribute__((used, section("__libfuzzer_extra_counters")));

uint8_t *fuzz_counters(void)
{
    return fuzz_extra_counters;
}

/* Structure-aware mutation (fz_mutate, fz_crossover): with these defined,
 * libFuzzer mutates only through them, and fz_mutate lends libFuzzer's
 * own byte mutations (LLVMFuzzerMutate: dictionary, CMP hints) to the one
 * part of the input it mutates. Only libFuzzer builds define them; an
 * engine that links this build without LLVMFuzzerMutate (weak) gets fz's
 * own byte operations. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size,
                                 unsigned int seed);

static size_t libfuzzer_bytes(uint8_t *d, size_t size, size_t max, void *ctx)
{
    (void)ctx;
    return LLVMFuzzerMutate(d, size, max);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    return fz_mutate(data, size, max_size, seed, LLVMFuzzerMutate ? libfuzzer_bytes : NULL, NULL,
                     NULL);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size, unsigned int seed)
{
    return fz_crossover(data1, size1, data2, size2, out, max_out_size, seed);
}

#elif FUZZ_ENGINE == FUZZ_ENGINE_AFL

/* AFL++ (4.04c) has no extra counters. Its map is indexed by the values
 * __sanitizer_cov_trace_pc_guard_init hands out, one per instrumented
 * edge, counting up from __afl_final_loc: registering our own guards
 * before the fork server starts reserves FUZZ_COV_COUNTERS entries of the
 * map that afl-fuzz then treats like any edge (the map size it is told
 * includes them). The counters are a private array folded into the map
 * after each execution with __afl_coverage_interesting (map[id] = value):
 * naming __afl_area_ptr here would not link, since AFL++'s pass declares
 * it in every module it instruments and renames any other declaration. */
void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop);
void __afl_coverage_interesting(uint8_t val, uint32_t id);

static uint32_t afl_guards[FUZZ_COV_COUNTERS];
static uint8_t afl_counters[FUZZ_COV_COUNTERS];

__attribute__((constructor)) static void afl_reserve(void)
{
    __sanitizer_cov_trace_pc_guard_init(afl_guards, afl_guards + FUZZ_COV_COUNTERS);
}

uint8_t *fuzz_counters(void)
{
    return afl_counters;
}

static void afl_fold(uint32_t i, uint8_t v)
{
    if (afl_guards[i])
        __afl_coverage_interesting(v, afl_guards[i]);
}

static void fuzz_counters_flush(void)
{
    counters_drain(afl_counters, afl_fold);
}

#else

/* The replay binary: counters of its own, so that fz_cov runs (and is
 * checked by the sanitizers) as it does under an engine. Like an engine,
 * the replay reads and clears them after every input
 * (fuzz_counters_take), which tells how many features an execution
 * gives the engine. */
static uint8_t replay_counters[FUZZ_COV_COUNTERS];

uint8_t *fuzz_counters(void)
{
    return replay_counters;
}

/* FNV-1a over every (index, value) fuzz_counters_take saw, in order. */
static uint64_t replay_hash = RT_FNV_OFFSET;

static void hash_counter(uint32_t i, uint8_t v)
{
    uint8_t b[5] = {(uint8_t)i, (uint8_t)(i >> 8), (uint8_t)(i >> 16), (uint8_t)(i >> 24), v};
    replay_hash = rt_fnv1a64(b, sizeof b, replay_hash);
}

size_t fuzz_counters_take(void)
{
    /* a separator per input: the same counters split otherwise differ */
    replay_hash = rt_fnv1a64("|", 1, replay_hash);
    return counters_drain(replay_counters, hash_counter);
}

uint64_t fuzz_counters_hash(void)
{
    return replay_hash;
}

#endif

/* ================================================================ environment */

/* The execution memo's default size (fuzz_schedule.c; DEFERFUZZ_EXEC_MEMO_MB).
 * Off in the replay binary, whose runs reproduce crashes and measure the
 * target's own cost. Off under AddressSanitizer: libFuzzer confirms a
 * suspected leak by running the input again, and the memo would answer that
 * run without allocating anything. Off, and refused, when the build
 * instruments the runtime and the interpreter (fuzz/CMakeLists.txt defines
 * FUZZ_MEMO_UNFAITHFUL then): their code coverage is feedback the memo does
 * not hold. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define FUZZ_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_UNDER_ASAN 1
#endif
#ifndef FUZZ_MEMO_UNFAITHFUL
#define FUZZ_MEMO_UNFAITHFUL 0
#endif
#if FUZZ_ENGINE == FUZZ_ENGINE_NONE || defined(FUZZ_UNDER_ASAN) || FUZZ_MEMO_UNFAITHFUL
#define MEMO_DEFAULT_MB 0
#else
#define MEMO_DEFAULT_MB FUZZ_MEMO_MB
#endif

/* A decimal number without sign into *v; false unless s is all of one. */
static bool env_number(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-')
        return false;
    *v = n;
    return true;
}

__attribute__((noreturn, format(printf, 2, 3))) static void env_die(const fuzz_env *e,
                                                                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", e->target);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static uint64_t parse_hex(const fuzz_env *e, const char *var, const char *s, size_t n)
{
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        env_die(e, "%s: \"%.*s\" is not a finding key (16 hex digits)", var, (int)n, s);
    memcpy(buf, s, n);
    buf[n] = 0;
    char *end;
    errno = 0;
    uint64_t v = strtoull(buf, &end, 16);
    if (errno || *end)
        env_die(e, "%s: \"%s\" is not a finding key (16 hex digits)", var, buf);
    return v;
}

/* "all", "none", or comma-separated finding ids. */
static uint32_t parse_fail_on(const fuzz_env *e, const char *s)
{
    if (!strcmp(s, "all"))
        return (1u << OF__COUNT) - 1;
    if (!strcmp(s, "none") || !*s)
        return 0;
    uint32_t mask = 0;
    while (*s) {
        size_t n = strcspn(s, ",");
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)n, s);
        int id = oracle_finding_parse(name);
        if (id < 0)
            env_die(e,
                    "DEFERFUZZ_FAIL_ON: unknown finding id \"%s\" (ids: panic, send-on-closed, "
                    "close-of-closed, close-of-nil, negative-waitgroup, unlock-of-unlocked, "
                    "deadlock, leak, skipped-cleanup, close-send-race, budget-exhausted; "
                    "or all, none)",
                    name);
        mask |= 1u << id;
        s += n;
        if (*s == ',')
            s++;
    }
    return mask;
}

/* DEFERFUZZ_IGNORE_KEYS: comma-separated hex keys. */
static void parse_ignored(fuzz_env *e, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, ",");
        if (n) {
            if (e->nignored == FUZZ_MAX_IGNORED)
                env_die(e, "DEFERFUZZ_IGNORE_KEYS: more than %d keys", FUZZ_MAX_IGNORED);
            e->ignored[e->nignored++] = parse_hex(e, "DEFERFUZZ_IGNORE_KEYS", s, n);
        }
        s += n;
        if (*s == ',')
            s++;
    }
}

/* One of a variable's words: values[i] for names[i] ("a|b|c" lists them
 * for the message); def when the variable is unset or empty. */
static int env_word(const fuzz_env *e, const char *var, const char *names, const int *values,
                    int def)
{
    const char *s = getenv(var);
    if (!s || !*s)
        return def;
    const char *p = names;
    for (int i = 0; *p; i++) {
        size_t n = strcspn(p, "|");
        if (strlen(s) == n && !strncmp(s, p, n))
            return values[i];
        p += n + (p[n] == '|');
    }
    env_die(e, "%s must be one of %s, not \"%s\"", var, names, s);
}

void fuzz_env_init(fuzz_env *e, const char *target, int default_lang, uint64_t default_steps,
                   uint32_t default_checks, uint32_t default_fail_on)
{
    static const int langs[] = {LANG_GO119, LANG_GO122, FUZZ_ANY};
    static const int preempts[] = {1, 0, FUZZ_ANY};
    static const int checks[] = {(int)FUZZ_CHECKS_FINDINGS, (int)ORACLE_CHECKS_ALL, 0};
    memset(e, 0, sizeof *e);
    e->target = target;
    e->run = lang_run_opts_default();
    e->run.max_steps = default_steps;
    e->lang = env_word(e, "DEFERFUZZ_LANG", "go1.19|go1.22|any", langs, default_lang);
    e->preempt_stmt = env_word(e, "DEFERFUZZ_PREEMPT", "stmt|sync|any", preempts, FUZZ_ANY);
    e->checks = (uint32_t)env_word(e, "DEFERFUZZ_ORACLES", "findings|all|none", checks,
                                   (int)default_checks);
    const char *s;
    if ((s = getenv("DEFERFUZZ_MAX_STEPS")) && *s && !env_number(s, &e->run.max_steps))
        env_die(e, "DEFERFUZZ_MAX_STEPS must be a number, not \"%s\"", s);
    s = getenv("DEFERFUZZ_FAIL_ON");
    e->fail_on = s ? parse_fail_on(e, s) : default_fail_on;
    if ((s = getenv("DEFERFUZZ_FAIL_KEY")) && *s) {
        e->have_fail_key = true;
        e->fail_key = parse_hex(e, "DEFERFUZZ_FAIL_KEY", s, strlen(s));
    }
    if ((s = getenv("DEFERFUZZ_IGNORE_KEYS")))
        parse_ignored(e, s);
    s = getenv("DEFERFUZZ_NO_CONC_COV");
    e->conc_cov = fuzz_counters() != NULL && !(s && *s && strcmp(s, "0"));
    s = getenv("DEFERFUZZ_DUMP_DIR");
    e->dump_dir = s && *s ? s : NULL;
    e->memo_mb = MEMO_DEFAULT_MB;
    if ((s = getenv("DEFERFUZZ_EXEC_MEMO_MB")) && *s) {
        uint64_t mb;
        if (!env_number(s, &mb) || mb > FUZZ_MEMO_MAX_MB)
            env_die(e,
                    "DEFERFUZZ_EXEC_MEMO_MB must be a number of MiB from 0 (off) to %d, not \"%s\"",
                    FUZZ_MEMO_MAX_MB, s);
#if FUZZ_MEMO_UNFAITHFUL
        if (mb)
            env_die(e, "DEFERFUZZ_EXEC_MEMO_MB: this build instruments the runtime and the "
                       "interpreter for code coverage, which an execution the memo answers would "
                       "not give the engine; the memo needs the build that leaves them out "
                       "(fuzz/fuzz_schedule.ignorelist)");
#endif
        e->memo_mb = (size_t)mb;
    }
    s = getenv("DEFERFUZZ_EXEC_MEMO_VERIFY");
    e->memo_verify = s && *s && strcmp(s, "0");
}

lang_version fuzz_input_lang(const fz_input *in)
{
    return in->go119 ? LANG_GO119 : LANG_GO122;
}

bool fuzz_env_accepts(const fuzz_env *e, const fz_input *in)
{
    if (e->lang != FUZZ_ANY && (int)fuzz_input_lang(in) != e->lang)
        return false;
    return e->preempt_stmt == FUZZ_ANY || e->preempt_stmt == !in->preempt_sync;
}

bool fuzz_env_crashes_on_key(const fuzz_env *e, uint64_t key)
{
    if (e->have_fail_key)
        return key == e->fail_key;
    for (size_t i = 0; i < e->nignored; i++)
        if (e->ignored[i] == key)
            return false;
    return true;
}

bool fuzz_env_fails_on(const fuzz_env *e, const oracle_finding *f)
{
    if (!fuzz_env_crashes_on_key(e, f->key))
        return false;
    return e->have_fail_key || ((e->fail_on >> f->id) & 1u);
}

/* ================================================================ execution */

/* Site names for the oracles' messages ("prog.go:12:5"). */
static const char *site_namer(void *ctx, uint32_t site)
{
    static char buf[8][256];
    static unsigned k;
    char *b = buf[k++ % 8];
    lang_site_text(ctx, site, b, sizeof buf[0]);
    return b;
}

void fuzz_exec_init(fuzz_exec *x, const fuzz_env *e)
{
    memset(x, 0, sizeof *x);
    x->env = e;
    x->oracles = oracle_new_with(e->checks);
    if (!x->oracles) {
        fprintf(stderr, "%s: out of memory\n", e->target);
        exit(2);
    }
    if (e->checks) /* DEFERFUZZ_ORACLES=none: the set stays empty, never fed */
        x->obs[x->nobs++] = oracle_observer(x->oracles);
    if (e->conc_cov) {
        x->cov = fz_cov_new(FUZZ_COV_COUNTERS);
        if (!x->cov) {
            fprintf(stderr, "%s: out of memory\n", e->target);
            exit(2);
        }
        x->obs[x->nobs++] = fz_cov_observer(x->cov);
    }
}

static void memo_report(void);
static const fuzz_exec *memo_owner;

void fuzz_exec_memoize(fuzz_exec *x)
{
    if (!x->env->memo_mb || !x->cov || x->memo)
        return;
    x->memo = fz_memo_new(x->env->memo_mb << 20);
    if (!x->memo) {
        fprintf(stderr, "%s: out of memory\n", x->env->target);
        exit(2);
    }
    if (!memo_owner) {
        memo_owner = x;
        atexit(memo_report);
    }
}

/* One line at exit (libFuzzer exits at the end of a session): how many
 * inputs repeated a known execution. */
static void memo_report(void)
{
    fz_memo_stats st;
    fz_memo_get_stats(memo_owner->memo, &st);
    if (!st.lookups)
        return;
    fprintf(stderr,
            "%s: execution memo: %" PRIu64 " of %" PRIu64 " inputs (%.1f%%) repeated a known "
            "execution and %s; %" PRIu64 " executions remembered, %" PRIu64
            " resets, %zu KiB, the tree using %zu KiB (DEFERFUZZ_EXEC_MEMO_MB=%zu; 0 turns it "
            "off)\n",
            memo_owner->env->target, st.hits, st.lookups,
            100.0 * (double)st.hits / (double)st.lookups,
            memo_owner->env->memo_verify
                ? "were run again all the same, each agreeing with it (DEFERFUZZ_EXEC_MEMO_VERIFY)"
                : "were not run again",
            st.added, st.resets, st.bytes >> 10, st.tree_bytes >> 10, memo_owner->env->memo_mb);
}

uint64_t fuzz_memo_hits(void)
{
    fz_memo_stats st;
    if (!memo_owner)
        return 0;
    fz_memo_get_stats(memo_owner->memo, &st);
    return st.hits;
}

/* The memo tree of the options, besides the choices, that decide an
 * execution of the one program. */
static unsigned memo_root(const fz_input *in)
{
    return (in->go119 ? 2u : 0u) | (in->preempt_sync ? 1u : 0u);
}

const oracle_verdict *fuzz_exec_run(fuzz_exec *x, const lang_program *p, const fz_input *in,
                                    bool trace, rt_result *r)
{
    static const oracle_verdict known; /* no findings, no violations */
    fz_memo *memo = trace ? NULL : x->memo;
    bool was_known = false;
    x->memo_conflict = NULL;
    if (memo) {
        fz_chooser probe;
        if (fz_memo_lookup(memo, memo_root(in), fz_chooser_init(&probe, in), fuzz_counters(),
                           FUZZ_COV_COUNTERS)) {
            if (!x->env->memo_verify) {
#if FUZZ_ENGINE == FUZZ_ENGINE_AFL
                fuzz_counters_flush();
#endif
                return &known;
            }
            /* Run it all the same: adding it checks decisions and counters. */
            memset(fuzz_counters(), 0, FUZZ_COV_COUNTERS);
            was_known = true;
        }
    }
    lang_version lang = fuzz_input_lang(in);
    oracle_set_site_namer(x->oracles, site_namer, (void *)p);
    oracle_set_lang(x->oracles, lang == LANG_GO119 ? RT_LANG_GO119 : RT_LANG_GO122);
    oracle_reset(x->oracles);
    if (x->cov)
        fz_cov_begin(x->cov, fuzz_counters());
    fz_chooser ch;
    lang_run_opts o = x->env->run;
    o.version = lang;
    o.preempt_stmt = !in->preempt_sync;
    o.chooser = fz_chooser_init(&ch, in);
    fz_memo_rec rec;
    if (memo)
        o.chooser = fz_memo_record(memo, &rec, o.chooser);
    o.trace = trace;
    o.observers = x->obs;
    o.nobservers = x->nobs;
    if (x->cov) {
        o.on_branch = fz_cov_branch;
        o.branch_ctx = x->cov;
    }
    int rc = lang_run(p, &o, r);
    if (rc) {
        fprintf(stderr, "==deferfuzz== error %s | lang_run could not run the program: %s\n",
                x->env->target, rt_strerror(rc));
        abort();
    }
    const oracle_verdict *v = oracle_finish(x->oracles);
    uint64_t where;
    if (was_known && (v->nfindings || v->nviolations)) {
        /* DEFERFUZZ_EXEC_MEMO_VERIFY ran a known execution: it had none */
        snprintf(x->memo_conflict_buf, sizeof x->memo_conflict_buf,
                 "an execution the memo knows ended without findings or violations; run again, "
                 "it has %zu findings and %zu violations",
                 v->nfindings, v->nviolations);
        x->memo_conflict = x->memo_conflict_buf;
    } else if (memo && !v->nfindings && !v->nviolations &&
               fz_memo_add(memo, memo_root(in), fuzz_counters(), FUZZ_COV_COUNTERS, &where) != 0) {
        if (where == 0 && r->ndecisions > 0)
            snprintf(x->memo_conflict_buf, sizeof x->memo_conflict_buf,
                     "the first decision point differs from an earlier execution's");
        else if (where < r->ndecisions)
            snprintf(x->memo_conflict_buf, sizeof x->memo_conflict_buf,
                     "after the same %" PRIu64 " decisions as an earlier execution, this one met "
                     "another decision point",
                     where);
        else
            snprintf(x->memo_conflict_buf, sizeof x->memo_conflict_buf,
                     "after the same %" PRIu64 " decisions as an earlier execution, this one "
                     "ended differently or set other coverage counters",
                     where);
        x->memo_conflict = x->memo_conflict_buf;
    }
#if FUZZ_ENGINE == FUZZ_ENGINE_AFL
    if (x->cov)
        fuzz_counters_flush();
#endif
    return v;
}

/* ================================================================ crash reports */

/* FNV-1a of s without its digits: violation messages name goroutines,
 * channels and events by number, which vary between inputs that show the
 * same bug. */
static uint64_t text_key(uint64_t h, const char *s)
{
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            h = rt_fnv1a64(s, 1, h);
    return h;
}

static void write_file(const char *dir, const char *name, const char *data, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "==deferfuzz== cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    fwrite(data, 1, n, f);
    fclose(f);
}

/* The program file the reproduce command names: the target's program, or
 * the program of the input written to DEFERFUZZ_DUMP_DIR. */
static const char *repro_path(const fuzz_env *e, const fuzz_repro *rp, char *buf, size_t cap)
{
    if (rp->prog_path)
        return rp->prog_path;
    if (e->dump_dir) {
        snprintf(buf, cap, "%s/prog.go", e->dump_dir);
        return buf;
    }
    return "PROG.go";
}

/* Writes prog.go and schedule.txt to DEFERFUZZ_DUMP_DIR. prog.go is the
 * input's own source when it is known (sites of a printed program may lie
 * elsewhere than in the original), else the loaded program printed. */
static void dump(const fuzz_env *e, const fuzz_repro *rp, const char *schedule)
{
    if (!e->dump_dir)
        return;
    mkdir(e->dump_dir, 0777);
    if (!rp->prog_path && rp->src) {
        write_file(e->dump_dir, "prog.go", rp->src, rp->src_len);
    } else if (!rp->prog_path && rp->prog) {
        size_t n;
        char *src = lang_print(rp->prog, &n);
        if (src)
            write_file(e->dump_dir, "prog.go", src, n);
        free(src);
    }
    write_file(e->dump_dir, "schedule.txt", schedule, strlen(schedule));
}

/* " | reproduce: deferfuzz run PROG --schedule S [flags] --report\n" */
static void print_repro(const fuzz_env *e, const fuzz_repro *rp)
{
    char path[4096];
    char *sch = rt_schedule_format(rp->result->decisions, rp->result->ndecisions);
    dump(e, rp, sch ? sch : "");
    /* shell words: a path with spaces, a schedule with "(70)" */
    char *qp = fz_shell_word(repro_path(e, rp, path, sizeof path));
    char *qs = fz_shell_word(sch ? sch : "d1:");
    fprintf(stderr, " | reproduce: deferfuzz run %s --schedule %s", qp ? qp : "PROG.go",
            qs ? qs : "d1:");
    free(qp);
    free(qs);
    if (rp->in && rp->in->go119)
        fputs(" --lang go1.19", stderr);
    if (rp->in && rp->in->preempt_sync)
        fputs(" --preempt sync", stderr);
    if (e->run.max_steps)
        fprintf(stderr, " --max-steps %" PRIu64, e->run.max_steps);
    fputs(" --report\n", stderr);
    free(sch);
}

/* After the summary line: the whole verdict and the program's output. */
static void print_details(const fuzz_repro *rp, const oracle_verdict *v)
{
    if (v) {
        size_t need = oracle_verdict_format(v, NULL, 0);
        char *text = malloc(need + 1);
        if (text) {
            oracle_verdict_format(v, text, need + 1);
            fprintf(stderr, "--- verdict\n%s", text);
            if (need && text[need - 1] != '\n')
                fputc('\n', stderr);
            free(text);
        }
    }
    const rt_result *r = rp->result;
    fprintf(stderr, "--- end %s, exit code %d, %zu decisions\n", rt_end_name(r->end), r->exit_code,
            r->ndecisions);
    if (r->out_len)
        fprintf(stderr, "--- stdout\n%.*s%s", (int)(r->out_len > 2048 ? 2048 : r->out_len), r->out,
                r->out[r->out_len - 1] == '\n' ? "" : "\n");
    if (r->err_len)
        fprintf(stderr, "--- stderr\n%.*s%s", (int)(r->err_len > 2048 ? 2048 : r->err_len), r->err,
                r->err[r->err_len - 1] == '\n' ? "" : "\n");
}

/* The site a finding is about. f->sites are sorted by id, not by role;
 * the oracles' messages name the primary site first ("send on closed
 * channel at A (closed at B)"), so the site named earliest wins. */
static void primary_site(const lang_program *p, const oracle_finding *f, char *buf, size_t cap)
{
    const char *best = NULL;
    for (uint32_t i = 0; i < f->nsites; i++) {
        char text[256];
        lang_site_text(p, f->sites[i], text, sizeof text);
        const char *at = strstr(f->message, text);
        if (i == 0)
            snprintf(buf, cap, "%s", text); /* when the message names none */
        if (at && (!best || at < best)) {
            best = at;
            snprintf(buf, cap, "%s", text);
        }
    }
}

void fuzz_crash_finding(const fuzz_env *e, const fuzz_repro *rp, const oracle_verdict *v,
                        const oracle_finding *f)
{
    char site[256] = "-";
    primary_site(rp->prog, f, site, sizeof site);
    fprintf(stderr, "==deferfuzz== finding %s at %s key=%016" PRIx64 " | %s",
            oracle_finding_name(f->id), site, f->key, f->message);
    print_repro(e, rp);
    print_details(rp, v);
    fflush(stderr);
    abort();
}

uint64_t fuzz_violation_key(const oracle_violation *w)
{
    uint32_t id = (uint32_t)w->oracle;
    return text_key(rt_fnv1a64(&id, sizeof id, RT_FNV_OFFSET), w->message);
}

void fuzz_crash_violations(const fuzz_env *e, const fuzz_repro *rp, const oracle_verdict *v)
{
    const oracle_violation *w = NULL;
    uint64_t key = 0;
    for (size_t i = 0; i < v->nviolations && !w; i++) {
        key = fuzz_violation_key(&v->violations[i]);
        if (fuzz_env_crashes_on_key(e, key))
            w = &v->violations[i];
    }
    if (!w)
        return;
    fprintf(stderr, "==deferfuzz== violation %s at event %" PRIu64 " key=%016" PRIx64 " | %s",
            oracle_name(w->oracle), w->seq, key, w->message);
    print_repro(e, rp);
    print_details(rp, v);
    fflush(stderr);
    abort();
}

void fuzz_crash_other(const fuzz_env *e, const fuzz_repro *rp, const char *kind, const char *what)
{
    uint64_t key = text_key(text_key(RT_FNV_OFFSET, kind), what);
    if (!fuzz_env_crashes_on_key(e, key))
        return;
    fprintf(stderr, "==deferfuzz== %s in %s key=%016" PRIx64 " | %s", kind, e->target, key, what);
    if (rp && rp->result) {
        print_repro(e, rp);
        print_details(rp, NULL);
    } else {
        fputc('\n', stderr);
        if (rp && rp->src) {
            if (e->dump_dir) {
                mkdir(e->dump_dir, 0777);
                write_file(e->dump_dir, "prog.go", rp->src, rp->src_len);
            }
            fprintf(stderr, "--- program\n%.*s\n", (int)rp->src_len, rp->src);
        }
    }
    fflush(stderr);
    abort();
}
