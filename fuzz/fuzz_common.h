/* fuzz_common.h - what the execution fuzz targets (fuzz_schedule,
 * fuzz_conformance) share; internal to fuzz/.
 *
 * - the settings every target reads from the environment (fuzz_env);
 * - one execution of a loaded program with the oracles and the
 *   concurrency coverage attached (fuzz_exec);
 * - the crash report: one "==deferfuzz== ..." summary line on stderr that
 *   ci/fuzz.sh parses, then the whole verdict, then abort();
 * - in libFuzzer builds only, the structure-aware custom mutator
 *   (LLVMFuzzerCustomMutator, LLVMFuzzerCustomCrossOver over fz_mutate and
 *   fz_crossover; AFL++ gets them from afl_mutator.c instead).
 *
 * fuzz_common.c is compiled into every target binary with FUZZ_ENGINE
 * set to the engine it is linked with, so that the concurrency counters
 * go where that engine reads them (fuzz_counters).
 *
 * The Go rules (go1.19 or go1.22) and the preemption (stmt or sync) of an
 * execution are the input's (fz.h header options), so the fuzzer explores
 * both; the environment can pin either, and inputs asking for anything
 * else are then rejected (-1).
 *
 * Environment (all optional):
 *   DEFERFUZZ_LANG        go1.19 | go1.22 | any: the rules inputs may ask for
 *                         (default: the target's; fuzz_schedule: go1.22)
 *   DEFERFUZZ_PREEMPT     stmt | sync | any (default any)
 *   DEFERFUZZ_MAX_STEPS   step budget per execution (default: the target's)
 *   DEFERFUZZ_ORACLES     findings | all | none: the checkers that run
 *                         (oracle.h ORACLE_CHECKS_FINDINGS | ORACLE_LIGHT -
 *                         the same findings, few violations - or
 *                         ORACLE_CHECKS_ALL; default: the target's -
 *                         fuzz_schedule findings, for speed, fuzz_conformance
 *                         all, since it hunts violations). none runs no
 *                         checker and so finds nothing: it measures what the
 *                         checkers cost (bench/fuzz_exec.sh)
 *   DEFERFUZZ_FAIL_ON     finding ids that crash fuzz_schedule (see there)
 *   DEFERFUZZ_FAIL_KEY    crash only on the finding with this dedup key (hex),
 *                         so that minimizing a crash keeps the same finding
 *   DEFERFUZZ_IGNORE_KEYS comma-separated dedup keys (hex) never to crash on,
 *                         so that a campaign goes on past findings it has
 *   DEFERFUZZ_NO_CONC_COV 1: no concurrency coverage (to measure its worth)
 *   DEFERFUZZ_DUMP_DIR    on a crash, write the program (prog.go) and the
 *                         schedule (schedule.txt) into this directory
 *   DEFERFUZZ_EXEC_MEMO_MB fuzz_schedule's execution memo (fz.h), in MiB:
 *                         inputs that repeat an execution already run are
 *                         answered from it; 0 turns it off (default 64
 *                         under an engine without sanitizers; 0 in the
 *                         replay binaries and under ASan, whose leak
 *                         check runs an input twice; refused by a build
 *                         that instruments the runtime)
 *   DEFERFUZZ_EXEC_MEMO_VERIFY 1: run the inputs the memo knows all the
 *                         same, and report nondeterminism unless the run
 *                         takes the decisions and sets the counters the
 *                         memo holds (a check of the memo itself)
 */
#ifndef DEFERFUZZ_FUZZ_COMMON_H
#define DEFERFUZZ_FUZZ_COMMON_H

#include "fz.h"
#include "lang.h"
#include "oracle.h"
#include "rt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Engines a target binary can be linked with (FUZZ_ENGINE). */
/* DEFERFUZZ_ORACLES=findings: the checkers findings come from, the
 * channel checker in its light form (oracle.h ORACLE_LIGHT). */
#define FUZZ_CHECKS_FINDINGS (ORACLE_CHECKS_FINDINGS | ORACLE_LIGHT)

#define FUZZ_ENGINE_NONE      0 /* the replay binary: a plain main */
#define FUZZ_ENGINE_LIBFUZZER 1
#define FUZZ_ENGINE_AFL       2
#ifndef FUZZ_ENGINE
#define FUZZ_ENGINE FUZZ_ENGINE_NONE
#endif

#define FUZZ_MAX_IGNORED 64

/* What DEFERFUZZ_LANG / DEFERFUZZ_PREEMPT allow. */
#define FUZZ_ANY (-1)

/* Settings read once from the environment. */
typedef struct fuzz_env {
    const char *target;                 /* "fuzz_schedule", for messages */
    lang_run_opts run;                  /* everything but the input's own options: the budget */
    int lang;                           /* FUZZ_ANY or the lang_version inputs must ask for */
    int preempt_stmt;                   /* FUZZ_ANY, 1 (stmt) or 0 (sync) */
    uint32_t checks;                    /* oracle checkers (ORACLE_CHECKS_*) */
    uint32_t fail_on;                   /* bit per oracle_finding_id */
    bool have_fail_key;                 /* DEFERFUZZ_FAIL_KEY was given */
    uint64_t fail_key;                  /* the one finding to crash on */
    uint64_t ignored[FUZZ_MAX_IGNORED]; /* DEFERFUZZ_IGNORE_KEYS */
    size_t nignored;
    bool conc_cov;        /* concurrency coverage on */
    const char *dump_dir; /* DEFERFUZZ_DUMP_DIR or NULL */
    size_t memo_mb;       /* DEFERFUZZ_EXEC_MEMO_MB: the execution memo's size; 0 = off */
    bool memo_verify;     /* DEFERFUZZ_EXEC_MEMO_VERIFY: run known executions all the same */
} fuzz_env;

/* Reads the environment; a malformed value ends the process with a
 * message and exit status 2 (at start-up, before any input). The
 * defaults when a variable is unset: default_lang (FUZZ_ANY or a
 * lang_version), default_steps (0: the runtime's budget), default_checks
 * (ORACLE_CHECKS_*) and default_fail_on (finding mask). */
void fuzz_env_init(fuzz_env *e, const char *target, int default_lang, uint64_t default_steps,
                   uint32_t default_checks, uint32_t default_fail_on);

/* Whether the environment lets in run (its language and preemption). */
bool fuzz_env_accepts(const fuzz_env *e, const fz_input *in);

/* The language version in asks for. */
lang_version fuzz_input_lang(const fz_input *in);

/* Whether a crash with this dedup key may happen under e
 * (DEFERFUZZ_FAIL_KEY, DEFERFUZZ_IGNORE_KEYS). */
bool fuzz_env_crashes_on_key(const fuzz_env *e, uint64_t key);

/* Whether finding f should crash the target under e: its id is in
 * DEFERFUZZ_FAIL_ON (or it is DEFERFUZZ_FAIL_KEY) and its key is not
 * ignored. */
bool fuzz_env_fails_on(const fuzz_env *e, const oracle_finding *f);

/* The dedup key of a violation: its checker and its message without
 * digits (messages number goroutines, channels and events). */
uint64_t fuzz_violation_key(const oracle_violation *w);

/* The execution memo's default size under an engine (MiB), and the most
 * DEFERFUZZ_EXEC_MEMO_MB may ask for. */
#define FUZZ_MEMO_MB     64
#define FUZZ_MEMO_MAX_MB 1024

/* One execution context: the oracles and the coverage observer. */
typedef struct fuzz_exec {
    const fuzz_env *env;
    oracle_set *oracles;
    fz_cov *cov; /* NULL when concurrency coverage is off */
    rt_observer obs[2];
    size_t nobs;
    fz_memo *memo; /* NULL unless fuzz_exec_memoize turned it on */
    /* Set by fuzz_exec_run when the execution contradicted the memo: what
     * differed, for fuzz_crash_other(..., "nondeterminism", ...). */
    const char *memo_conflict;
    char memo_conflict_buf[192];
} fuzz_exec;

/* Creates the oracles (and the coverage observer when e->conc_cov and
 * the engine takes counters). Ends the process when out of memory. */
void fuzz_exec_init(fuzz_exec *x, const fuzz_env *e);

/* Turns the execution memo (fz.h) on, of e->memo_mb MiB, when that is not
 * 0 and concurrency coverage is on: for a target whose program never
 * changes (fuzz_schedule), and only under an engine by default
 * (fuzz_env_init). Ends the process when out of memory. */
void fuzz_exec_memoize(fuzz_exec *x);

/* Inputs that repeated a known execution so far, in the process's
 * memoizing fuzz_exec (0 when none): the replay binary's report. */
uint64_t fuzz_memo_hits(void);

/* Runs p once as input in says (schedule, language, preemption); trace
 * records the binary trace (for determinism checks). Fills *r and returns
 * the verdict (valid until the next run). A runtime that cannot start an
 * execution is a deferfuzz bug: reported and aborted.
 *
 * With the memo on and trace false, p must be the same program on every
 * call (one per language version). An input whose execution the memo
 * knows is not run: its counters are set as that execution set them, *r
 * is left alone and the verdict is an empty one. Only executions without
 * findings or violations are remembered, so the verdict is the one the
 * run would give. An execution that contradicts one run before (the
 * runtime was not deterministic) sets x->memo_conflict (else NULL): the
 * caller reports it as nondeterminism. */
const oracle_verdict *fuzz_exec_run(fuzz_exec *x, const lang_program *p, const fz_input *in,
                                    bool trace, rt_result *r);

/* The counters of this binary's engine (FUZZ_COV_COUNTERS bytes: see
 * fuzz_common.c); the replay binary has its own. */
uint8_t *fuzz_counters(void);

/* Replay binary only: how many counters the last input set (the features
 * an engine would have seen), clearing them all for the next one. */
size_t fuzz_counters_take(void);

/* Replay binary only: a hash of every counter index and value
 * fuzz_counters_take has taken so far, input by input: two runs of the
 * same inputs that gave an engine the same features hash the same. */
uint64_t fuzz_counters_hash(void);

/* ------------------------------------------------------------ crash reports */

/* What a crash report says about how to reproduce. */
typedef struct fuzz_repro {
    const fz_input *in;       /* its options become flags of the command */
    const lang_program *prog; /* for site names and DEFERFUZZ_DUMP_DIR */
    const char *prog_path;    /* the .go file, or NULL when the program is in the input */
    const char *src;          /* the input's program source (for DEFERFUZZ_DUMP_DIR), or NULL */
    size_t src_len;
    const rt_result *result; /* the decisions give the schedule */
} fuzz_repro;

/* Reports finding f of verdict v and aborts. */
__attribute__((noreturn)) void fuzz_crash_finding(const fuzz_env *e, const fuzz_repro *rp,
                                                  const oracle_verdict *v, const oracle_finding *f);
/* Reports the first violation of v whose key may crash, and aborts;
 * returns when every key is ignored. */
void fuzz_crash_violations(const fuzz_env *e, const fuzz_repro *rp, const oracle_verdict *v);
/* Reports anything else (nondeterminism, a broken contract) and aborts
 * (returns when its key is ignored): kind is one word
 * ("nondeterminism"), what one line. */
void fuzz_crash_other(const fuzz_env *e, const fuzz_repro *rp, const char *kind, const char *what);

#endif /* DEFERFUZZ_FUZZ_COMMON_H */
