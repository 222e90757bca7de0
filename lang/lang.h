/* lang.h - public interface of the deferfuzz Go-subset front end.
 *
 * lang_load() turns one Go source file into a checked program: it lexes,
 * parses and type-checks the file against the subset described in
 * DESIGN.md ("The Go subset"). A program that loads is one gc would
 * compile; a program gc rejects fails with gc's own message, and a
 * program outside the subset fails with "unsupported: <what>". Either
 * way the error is one line "FILE:LINE:COL: message" (gc's multi-line
 * messages keep their continuation lines).
 *
 * The front end never crashes, hangs or reads out of bounds on any input:
 * inputs above LANG_MAX_INPUT bytes and nesting deeper than LANG_MAX_DEPTH
 * levels are rejected with an error.
 *
 * lang_run() executes a loaded program on the runtime (rt.h). The
 * interpreter (lang/interp*.c) reads the checked AST through the internal
 * header lang/ast.h; everything else uses this header only.
 */
#ifndef DEFERFUZZ_LANG_H
#define DEFERFUZZ_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest source accepted, in bytes. */
#define LANG_MAX_INPUT (1u << 20)
/* Deepest nesting of blocks, statements and expressions accepted. */
#define LANG_MAX_DEPTH 200u

/* The Go language version whose rules apply (--lang). */
typedef enum lang_version {
    LANG_GO122 = 0, /* default: range over int, per-iteration loop variables */
    LANG_GO119 = 1  /* gc 1.19: "cannot range over 10 (untyped int constant)" */
} lang_version;

/* Load flags. */
#define LANG_PARSE_ONLY 1u /* stop after parsing: no type checking (print only) */

typedef struct lang_options {
    lang_version version; /* rules to apply */
    unsigned flags;       /* LANG_* flags */
} lang_options;

/* A loaded program (opaque here; lang/ast.h defines it). */
typedef struct lang_program lang_program;

/* Loads the program in src[0..len) named filename (used in messages and
 * site texts; it is copied). opts may be NULL for the defaults. On success
 * returns the program and leaves *err NULL. On failure returns NULL and
 * sets *err to a malloc'd "FILE:LINE:COL: message" the caller frees. */
lang_program *lang_load(const char *filename, const char *src, size_t len, const lang_options *opts,
                        char **err);

/* Reads the file at path and loads it; I/O errors are reported in *err as
 * "PATH: message". */
lang_program *lang_load_file(const char *path, const lang_options *opts, char **err);

/* Releases a program and everything it owns. NULL is ignored. */
void lang_free(lang_program *p);

/* Prints the program as gofmt-formatted Go source (comments are not
 * kept). Returns a malloc'd NUL-terminated string the caller frees and its
 * length in *len (len may be NULL). Printing a printed program again gives
 * the same text. */
char *lang_print(const lang_program *p, size_t *len);

/* Number of site ids: valid sites are 1 .. lang_site_count(p). */
uint32_t lang_site_count(const lang_program *p);

/* Line and column of a site; false (and 0s) for an invalid id. */
bool lang_site_pos(const lang_program *p, uint32_t site, uint32_t *line, uint32_t *col);

/* Writes "file:line:col" of a site into buf (always NUL-terminated when
 * cap > 0) and returns the length it needed; "?" for an invalid id. */
size_t lang_site_text(const lang_program *p, uint32_t site, char *buf, size_t cap);

/* The file name the program was loaded with. */
const char *lang_filename(const lang_program *p);

/* ------------------------------------------------------------ running
 *
 * lang_run() executes a program that lang_load() checked, on the
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
 */
/* Branch coverage, for fuzzing (fz_cov): when lang_run_opts.on_branch is
 * set, the interpreter calls it on the goroutine that acts each time a
 * statement chooses a way: an if (arm 0 = then, 1 = else or nothing), a
 * for condition (0 = another iteration, 1 = leave), a switch (the index
 * of the case taken, ncases for none). site is the statement's site, so a
 * fuzzer can key features on it (and count how often each way was taken:
 * how many iterations a loop made, how often a condition held), never on
 * addresses. */
typedef void (*lang_branch_fn)(void *ctx, uint32_t site, uint32_t arm);

/* Access tracking, for partial-order reduction (explore --strategy dfs).
 *
 * When lang_run_opts.on_access is set, the interpreter calls it, on the
 * goroutine that acts, for every read and write of memory that another
 * goroutine could reach, with an object id that is stable: the same object
 * gets the same id in every execution of the same program whose goroutines
 * did the same things so far (no addresses, no global allocation counters).
 * Reads and writes of locals that no closure captures and whose address is
 * never taken are not reported (no other goroutine can reach them).
 * Reporting more than that is harmless; reporting less would make a
 * reduction unsound, so where no precise id exists the id is coarser (one
 * object for all sync values' handles).
 *
 * Object ids: the kind in bits 59..62 (LANG_OBJ_KIND), the rest per kind:
 *   LANG_OBJ_GLOBAL  a package-level variable: its index;
 *   LANG_OBJ_CELL    a variable in a heap cell (captured by a closure or
 *                    addressed): (goroutine that made the cell << 32) | the
 *                    number of cells and structs that goroutine made so far;
 *   LANG_OBJ_FIELD   field f of a struct value's storage: (goroutine << 42) |
 *                    (its own number << 10) | f;
 *   LANG_OBJ_SYNC    the handle cells of every sync.WaitGroup/Mutex/RWMutex/
 *                    Once value, as one object (read by every method call
 *                    and copy, written when the first call creates the
 *                    runtime object and when a sync value is overwritten);
 *   LANG_OBJ_RT      runtime object n (a channel, WaitGroup, Mutex, RWMutex or
 *                    Once): n is the id the runtime's events carry (len of a
 *                    channel reads it);
 *   LANG_OBJ_RT_ALLOC the runtime's object id counter: written when a sync
 *                    method call creates its runtime object (channels show
 *                    as RT_EV_CHAN_MAKE events instead);
 *   LANG_OBJ_NGOROUTINE the number of live goroutines (read by
 *                    runtime.NumGoroutine).
 * Fields that do not fit fold into fewer bits: two objects may then share
 * an id, never one object get two. Kinds 8..15 are never reported: clients
 * may use them for objects of their own. What the runtime's events show
 * (channel operations, locks, output, goroutine creation, virtual time,
 * program end) is not reported again. */
enum lang_obj_kind {
    LANG_OBJ_GLOBAL = 1,
    LANG_OBJ_CELL = 2,
    LANG_OBJ_FIELD = 3,
    LANG_OBJ_SYNC = 4,
    LANG_OBJ_RT = 5,
    LANG_OBJ_RT_ALLOC = 6,
    LANG_OBJ_NGOROUTINE = 7
};
#define LANG_OBJ_SHIFT    59
#define LANG_OBJ_MASK     ((UINT64_C(1) << LANG_OBJ_SHIFT) - 1)
#define LANG_OBJ(kind, n) (((uint64_t)(kind) << LANG_OBJ_SHIFT) | ((uint64_t)(n)&LANG_OBJ_MASK))
#define LANG_OBJ_KIND(id) ((unsigned)((id) >> LANG_OBJ_SHIFT))

/* Reports one access: write is false for a read. */
typedef void (*lang_access_fn)(void *ctx, uint64_t obj, bool write);

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
    size_t stack_size;        /* per goroutine; 0 = 4 MB (16 MB under ASan), so that max_depth,
                                 not the C stack, ends a deep recursion */
    uint32_t max_depth;       /* Go call depth before "stack overflow"; 0 = runtime default */
    size_t max_output;        /* bytes of stdout+stderr kept; 0 = runtime default */
    lang_access_fn on_access; /* access tracking (see above); NULL = off, at no cost */
    void *access_ctx;         /* passed to on_access */
    lang_branch_fn on_branch; /* branch coverage (see above); NULL = off */
    void *branch_ctx;         /* passed to on_branch */
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
#endif /* DEFERFUZZ_LANG_H */
