/* run.h - public interface of the deferfuzz Go-subset interpreter.
 *
 * lang_run() executes a program that lang_load() (lang.h) checked, on the
 * deterministic runtime (rt.h): Go's main is rt_run's main function, every
 * goroutine is one coroutine, every Go call is an rt_call frame, and every
 * defer, go, channel, select and sync operation is the runtime's. The
 * result is what the compiled Go program would print with
 * GOTRACEBACK=none under the schedule the chooser picks (stdout, stderr,
 * exit code), plus the runtime's outcome record.
 *
 * An execution allocates only from the runtime (rt_alloc): goroutines may
 * be abandoned at any point. The program is never modified, so one loaded
 * program may be run any number of times.
 *
 * What an execution shows the observers, beyond the runtime's own events:
 *   - every event carries the site of the statement being executed
 *     (lang_site_text() names it); a deferred call's events carry the
 *     site of its defer statement, a function's implicit return the site
 *     of its closing brace;
 *   - RT_EV_VAR_WRITE / RT_EV_VAR_READ for every write and read of a
 *     variable that a closure captures (int, bool and string values
 *     only), for the argument-timing oracle. The variable id is
 *     (instance << 32) | lang_var.id: each execution of a declaration (and
 *     each iteration of a go1.22 loop) makes a new instance;
 *   - RT_EV_DEFER_REG / RT_EV_DEFER_CALL bytes: a packet number, the
 *     argument count, and one 64-bit word per argument (an int or bool's
 *     value, a string's length, whether anything else is non-nil). They
 *     never hold an address, so traces are equal across processes.
 *
 * Scheduling points: with preempt_stmt, before every statement and at
 * every loop back edge, plus the runtime's own (channel, select, sync, go,
 * Gosched, Sleep). Without it, only the runtime's own. The step budget
 * (max_steps) bounds the scheduling points; without preempt_stmt it also
 * bounds statements: past max_steps statements the execution ends as
 * RT_END_BUDGET.
 *
 * Evaluation order is gc's: within a statement, calls and receives run
 * first (in source order) and plain variables are read afterwards, so
 * fmt.Println(x, f()) prints the x that f left; defer and go evaluate
 * their operands strictly left to right.
 *
 * To be merged into lang.h by the lead (one public header per module).
 */
#ifndef DEFERFUZZ_LANG_RUN_H
#define DEFERFUZZ_LANG_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How to run a program. Zero-initialised options are valid: go1.22 rules,
 * scheduling points at sync operations only, the runtime's defaults. */
typedef struct lang_run_opts {
    lang_version version;         /* --lang: loop variables (L1/L2) and panic(nil) (R9) */
    bool preempt_stmt;            /* --preempt stmt: every statement is a scheduling point;
                                     false = sync: only synchronisation operations */
    uint64_t max_steps;           /* step budget (also bounds statements); 0 = runtime default */
    rt_chooser *chooser;          /* choice source; NULL = keep running / lowest id */
    bool trace;                   /* record the binary trace (rt_result.trace) */
    const rt_observer *observers; /* observers of every event (oracles, recorders) */
    size_t nobservers;
    size_t stack_size;  /* per goroutine; 0 = 4 MB (16 MB under ASan), so that max_depth,
                           not the C stack, ends a deep recursion */
    uint32_t max_depth; /* Go call depth before "stack overflow"; 0 = runtime default */
    size_t max_output;  /* bytes of stdout+stderr kept; 0 = runtime default */
} lang_run_opts;

/* The options the CLI uses by default: go1.22, --preempt stmt. */
lang_run_opts lang_run_opts_default(void);

/* Runs program p once with options o (NULL = lang_run_opts_default()) and
 * fills *out (valid until the next run on this thread, see rt_result).
 * Returns 0, or a negative rt error code (rt_strerror) when the execution
 * could not start; RT_EINVAL for a program that was not type-checked. */
int lang_run(const lang_program *p, const lang_run_opts *o, rt_result *out);

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_LANG_RUN_H */
