/* fuzz_schedule.c - fuzz target: the schedules of one fixed Go program.
 *
 * The program is the .go file named by DEFERFUZZ_PROGRAM, or else the file
 * next to the binary named like it plus ".go" (OSS-Fuzz installs one
 * binary per program: fuzz_schedule_P and fuzz_schedule_P.go). It is
 * loaded once at start-up; no program, or one that does not load, ends
 * the process with a message and exit status 2. An input is a fz input
 * (fz.h) of kind FZ_PROG_NONE: the header, an empty program part and the
 * schedule bytes; anything else is rejected (-1) so that it never enters
 * the corpus. Each input runs the program once under the input's choice
 * source with the oracles online and the concurrency coverage (fz_cov),
 * and crashes - a one-line "==deferfuzz== ..." summary with the finding
 * id, its site, its dedup key and the `deferfuzz run PROG --schedule
 * d1:...` command that replays it, then abort() - on
 *   - every violation (the runtime broke Go's rules: a deferfuzz bug) the
 *     checkers that run can see: by default only the checkers findings
 *     come from, the channel checker in its light form (FUZZ_CHECKS_FINDINGS:
 *     the same findings, much cheaper, few violations), DEFERFUZZ_ORACLES=all
 *     runs every checker in full;
 *   - every finding DEFERFUZZ_FAIL_ON selects (comma-separated ids, "all"
 *     or "none"; DEFERFUZZ_FAIL_KEY / DEFERFUZZ_IGNORE_KEYS narrow it
 *     to or away from single findings, see fuzz_common.h).
 *
 * Default DEFERFUZZ_FAIL_ON: every finding except budget-exhausted.
 *   - budget-exhausted is out: the fuzzer is an adversarial scheduler. It
 *     can keep running a goroutine that spins on a flag and never run the
 *     one that would set it, which exhausts the step budget of programs
 *     that are correct under Go's fair scheduler. That is a property of
 *     the schedule, not a bug of the program; DEFERFUZZ_FAIL_ON=all opts in.
 *   - leak and skipped-cleanup are in: a goroutine blocked forever (and the
 *     deferred cleanups it never ran) under some schedule is exactly the
 *     bug class people fuzz schedules for - the forgotten sender behind a
 *     timeout, the worker nobody drains. A program that leaks on purpose
 *     crashes on the first input, which is plain to see, and
 *     DEFERFUZZ_FAIL_ON or DEFERFUZZ_IGNORE_KEYS silences it.
 *
 * The input's header chooses the preemption (stmt or sync: the fuzzer
 * explores both) and the Go rules. DEFERFUZZ_LANG defaults to go1.22
 * here, so inputs asking for go1.19 are rejected unless it says go1.19 or
 * any: the loop-variable rules are the program author's choice, not a
 * schedule's. The step budget is `deferfuzz run`'s unless
 * DEFERFUZZ_MAX_STEPS says otherwise, and the reproduce command repeats
 * every option that differs from `deferfuzz run`'s defaults.
 *
 * Known executions are not run again. The program never changes and the
 * runtime is deterministic, so an input whose choice source takes the same
 * decisions as an earlier input's has the same execution; most mutated
 * schedules do (a byte the execution never reaches, another byte that
 * picks the same option). The execution memo (fz.h fz_memo, in
 * fuzz_common.c) remembers every execution that ended without a finding
 * and the counters it set; an input that walks its tree to a known end
 * gets those counters and returns: the engine gets the coverage a run
 * would have given it. What it does not get is the compare hints of the
 * run (libFuzzer intercepts memcmp and strcmp, which the interpreter uses
 * for the program's strings): fuzz_schedule.options turns them off
 * (use_cmp = 0), and libFuzzer then keeps the same corpus with and without
 * the memo (ci/test.sh). Executions with findings always run (and crash as
 * configured). Each execution that does run is checked against the memo:
 * one that meets another decision point after the same decisions is a
 * deferfuzz bug, reported as "nondeterminism" (DEFERFUZZ_EXEC_MEMO_VERIFY=1
 * runs the known ones too, to check the memo itself). DEFERFUZZ_EXEC_MEMO_MB
 * sizes the memo (default 64 MiB, dropped and restarted when full; 0
 * turns it off). The replay binary and the ASan builds leave it off
 * unless told (libFuzzer's leak check confirms a suspect input by running
 * it again, which the memo would answer without allocating); a build that
 * instruments the runtime refuses it. At exit a line says how many inputs
 * it answered.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every finding but budget-exhausted (see the file comment). */
#define DEFAULT_FAIL_ON (((1u << OF__COUNT) - 1) & ~(1u << OF_BUDGET_EXHAUSTED))

static struct {
    bool ready;
    fuzz_env env;
    fuzz_exec exec;
    const char *path;
    lang_program *prog[2]; /* by lang_version; NULL when not allowed or not loading */
} S;

/* "<this binary>.go" when that file exists, else NULL. */
static const char *program_beside_binary(void)
{
    static char path[PATH_MAX + 4];
    ssize_t n = readlink("/proc/self/exe", path, PATH_MAX);
    if (n <= 0)
        return NULL;
    memcpy(path + n, ".go", 4);
    return access(path, R_OK) == 0 ? path : NULL;
}

static void init(void)
{
    if (S.ready)
        return;
    fuzz_env_init(&S.env, "fuzz_schedule", LANG_GO122, 0, FUZZ_CHECKS_FINDINGS, DEFAULT_FAIL_ON);
    S.path = getenv("DEFERFUZZ_PROGRAM");
    if (!S.path || !*S.path)
        S.path = program_beside_binary();
    if (!S.path) {
        fputs("fuzz_schedule: set DEFERFUZZ_PROGRAM to the Go program whose schedules to fuzz,\n"
              "  e.g. DEFERFUZZ_PROGRAM=corpus/programs/workerpool3.go fuzz_schedule CORPUS_DIR\n"
              "  (or put it beside the binary as <binary>.go)\n",
              stderr);
        exit(2);
    }
    char *first_err = NULL;
    for (int v = LANG_GO122; v <= LANG_GO119; v++) {
        if (S.env.lang != FUZZ_ANY && S.env.lang != v)
            continue;
        lang_options lo = {(lang_version)v, 0};
        char *err = NULL;
        S.prog[v] = lang_load_file(S.path, &lo, &err);
        if (!S.prog[v] && !first_err)
            first_err = err;
        else
            free(err);
    }
    if (!S.prog[LANG_GO122] && !S.prog[LANG_GO119]) {
        fprintf(stderr, "fuzz_schedule: DEFERFUZZ_PROGRAM does not load: %s\n",
                first_err ? first_err : S.path);
        exit(2);
    }
    free(first_err);
    fuzz_exec_init(&S.exec, &S.env);
    fuzz_exec_memoize(&S.exec);
    S.ready = true;
}

/* The execution memo found this input's run at odds with an earlier one
 * (fuzz_common.h): a deferfuzz bug that this input alone does not show,
 * so no reproduce command. */
static void memo_conflict(const lang_program *p)
{
    char what[384];
    snprintf(what, sizeof what,
             "%s. The execution memo compares each run with the executions run before it in "
             "this process, so this input alone may not show it; rerun the session that found "
             "it with DEFERFUZZ_EXEC_MEMO_VERIFY=1 (DEFERFUZZ_EXEC_MEMO_MB=0 turns the check off)",
             S.exec.memo_conflict);
    fuzz_repro rp = {NULL, p, S.path, NULL, 0, NULL};
    fuzz_crash_other(&S.env, &rp, "nondeterminism", what);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    fz_input in;
    char err[128];
    if (fz_decode(data, size, &in, err, sizeof err) != FZ_OK || in.kind != FZ_PROG_NONE ||
        in.prog_len || !fuzz_env_accepts(&S.env, &in))
        return -1;
    const lang_program *p = S.prog[fuzz_input_lang(&in)];
    if (!p)
        return -1;
    rt_result r;
    const oracle_verdict *v = fuzz_exec_run(&S.exec, p, &in, false, &r);
    if (S.exec.memo_conflict)
        memo_conflict(p);
    if (v->nviolations == 0 && v->nfindings == 0)
        return 0;
    fuzz_repro rp = {&in, p, S.path, NULL, 0, &r};
    fuzz_crash_violations(&S.env, &rp, v);
    for (size_t i = 0; i < v->nfindings; i++)
        if (fuzz_env_fails_on(&S.env, &v->findings[i]))
            fuzz_crash_finding(&S.env, &rp, v, &v->findings[i]);
    return 0;
}
