/* rt.h - public interface of the deferfuzz runtime.
 *
 * A deterministic, single-threaded coroutine runtime with Go's semantics:
 * goroutines, frames with defer, panic/recover, Goexit, channels, select,
 * WaitGroup, Mutex, RWMutex, Once and virtual time. Every scheduling
 * decision (which goroutine runs next, which ready select case wins) is read
 * from a choice source, so an execution is fully determined by the program
 * and the sequence of decisions.
 *
 * Usage: fill an rt_config, call rt_run() with the function that plays
 * Go's main. Inside that function (and every goroutine it starts) call the
 * rt_* operations below. Every rt_* operation except rt_run() and the
 * trace/choice helpers must be called from inside an execution.
 *
 * What the runtime never does: read the wall clock, call libc rand(), or
 * let an address reach anything observable (output, trace, result).
 *
 * Memory: channels, sync objects and rt_alloc() memory belong to the
 * execution and are released when rt_run() returns. Goroutines abandoned
 * when the program ends are not unwound: C code running on the runtime
 * must not hold malloc'd memory across a blocking operation (use
 * rt_alloc()).
 */
#ifndef DEFERFUZZ_RT_H
#define DEFERFUZZ_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define RT_NORETURN __attribute__((noreturn))
#else
#define RT_NORETURN
#endif

/* ------------------------------------------------------------------ values */

/* Kinds of the values that travel through channels, panics and recover. */
typedef enum rt_vkind {
    RT_V_NIL = 0, /* nil interface (also the zero value of rt_value) */
    RT_V_INT,     /* int: field i */
    RT_V_BOOL,    /* bool: field i is 0 or 1 */
    RT_V_STR,     /* string: s with n bytes (may contain NUL) */
    RT_V_ERROR,   /* an error value: s/n is its Error() text */
    RT_V_RTERROR, /* a runtime.Error: s/n is its Error() text (R8) */
    RT_V_TEXT,    /* any other value: s/n is how panic prints it */
    RT_V_EMPTY    /* struct{}{} */
} rt_vkind;

/* Flag on RT_V_RTERROR values raised by a nil dereference: the crash
 * report adds Go's "[signal SIGSEGV ...]" line. */
#define RT_VF_SIGSEGV 1u
/* Flag on a panic value whose String or Error method panicked when the
 * client made it printable: s[0..n) is the message gc's preprintpanics
 * throws, "panic while printing panic value: ...". A panic chain holding
 * one (recovered ones included) ends the program with that fatal error,
 * RT_FATAL_PANIC_PRINT, exit 2, instead of its report. */
#define RT_VF_PRINT_PANICS 2u
/* Flag on a panic value that has a String or Error method, which gc calls
 * only when the panic is about to be printed (preprintpanics), after every
 * deferred call ran: s[0..n) is how the value prints without its method.
 * Before the report of a fatal panic, the runtime hands each such value of
 * the chain, newest first, to rt_config.preprint on the panicking
 * goroutine and emits RT_EV_PANIC_TEXT with what it returned. */
#define RT_VF_LATE 4u

/* A Go value as the runtime sees it. The runtime never frees s; it must
 * stay valid for the whole execution (string literals or rt_alloc()).
 * p is the client's own payload and is carried untouched. */
typedef struct rt_value {
    uint8_t kind;  /* rt_vkind */
    uint8_t flags; /* RT_VF_* */
    uint16_t pad_; /* zero */
    uint32_t n;    /* length of s */
    int64_t i;     /* integer payload of INT and BOOL */
    const char *s; /* text payload of STR, ERROR, RTERROR, TEXT */
    void *p;       /* client payload, never read by the runtime */
} rt_value;

rt_value rt_nil(void);
rt_value rt_int(int64_t i);
rt_value rt_bool(bool b);
rt_value rt_str(const char *s);              /* s must outlive the execution */
rt_value rt_strn(const char *s, size_t n);   /* idem */
rt_value rt_error(const char *text);         /* errors.New(text) */
rt_value rt_empty(void);                     /* struct{}{} */
bool rt_value_equal(rt_value a, rt_value b); /* same kind and payload */

/* Appends to buf (size cap, always NUL-terminated when cap > 0) the text
 * Go's panic prints for v (P3) and returns the full length it needed. */
size_t rt_value_format(rt_value v, char *buf, size_t cap);

/* ------------------------------------------------------------ choices */

/* What a decision is about. */
typedef enum rt_decision_kind {
    RT_DEC_SCHED = 0, /* which goroutine runs next; options are goroutine ids */
    RT_DEC_SELECT = 1 /* which ready select case wins; options are case indexes */
} rt_decision_kind;

/* A decision the runtime asks a choice source to take. It is asked only
 * when there are two or more options; the answer must be < nopts. */
typedef struct rt_decision {
    rt_decision_kind kind;
    uint32_t nopts;       /* >= 2 */
    const uint32_t *opts; /* ascending goroutine ids or case indexes */
    int32_t keep;         /* index of the running goroutine in opts, or -1 */
    uint64_t index;       /* 0-based number of this decision in the execution */
} rt_decision;

/* A choice source: choose() returns the index of the option taken. It may
 * instead end the execution with rt_abort() (a search that knows the rest
 * of the execution is redundant). */
typedef struct rt_chooser rt_chooser;
struct rt_chooser {
    uint32_t (*choose)(rt_chooser *self, const rt_decision *d);
};

/* Byte stream: one byte per decision, option = byte % nopts. When the bytes
 * run out: keep running the current goroutine if it is an option, else
 * take option 0 (the lowest id / first ready case). Every byte string is
 * a valid stream. The bytes are not copied and must outlive its use. */
typedef struct rt_bytes_chooser {
    rt_chooser base;
    const uint8_t *data;
    size_t len, pos;
} rt_bytes_chooser;
void rt_bytes_chooser_init(rt_bytes_chooser *c, const uint8_t *data, size_t len);

/* Seeded PRNG (xoshiro-style, own implementation): uniform over options. */
typedef struct rt_prng_chooser {
    rt_chooser base;
    uint64_t s[4];
} rt_prng_chooser;
void rt_prng_chooser_init(rt_prng_chooser *c, uint64_t seed);
uint64_t rt_prng_next(rt_prng_chooser *c); /* next raw 64-bit output */

/* Replay of a recorded list of taken indexes (rt_result.decisions). An
 * entry that is out of range, or a list that runs out, marks the chooser
 * diverged and falls back to the byte-stream default. */
typedef struct rt_replay_chooser {
    rt_chooser base;
    const uint32_t *taken;
    size_t len, pos;
    bool diverged;
} rt_replay_chooser;
void rt_replay_chooser_init(rt_replay_chooser *c, const uint32_t *taken, size_t len);

/* PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010):
 * every goroutine gets a random priority when it first appears; a
 * scheduling decision runs the runnable goroutine of highest priority;
 * at depth-1 change points, drawn uniformly among the first k decisions,
 * the goroutine about to run drops below every initial priority (change
 * point i gives it priority i). A bug of depth d shows with probability at
 * least 1/(n k^(d-1)) per execution for n goroutines. Select decisions
 * are uniform. Everything derives from seed: no allocation. */
#define RT_PCT_MAX_DEPTH 16u
typedef struct rt_pct_chooser {
    rt_chooser base;
    rt_prng_chooser rng;
    uint64_t seed;
    uint32_t depth;                     /* d, 1..RT_PCT_MAX_DEPTH */
    uint64_t change[RT_PCT_MAX_DEPTH];  /* decision index of change point i+1 */
    uint32_t demoted[RT_PCT_MAX_DEPTH]; /* goroutine demoted at change point i+1 (0: none) */
    uint32_t ndemoted;
    /* Caches, derived from the above: bit (i & 63) is set for every change
     * point index i, and init[g] is goroutine g's initial priority once bit
     * g of known is set (g < 64). */
    uint64_t change_bits;
    uint64_t known;
    uint64_t init[64];
} rt_pct_chooser;
/* depth is clamped to 1..RT_PCT_MAX_DEPTH, k (decisions expected per
 * execution) to at least 1. */
void rt_pct_chooser_init(rt_pct_chooser *c, uint64_t seed, uint32_t depth, uint64_t k);

/* ------------------------------------------------------------ events */

/* Every semantic event of an execution. Fields a, b, c and v of rt_event
 * mean what the comment of each kind says. g is the goroutine the event
 * is about (the running goroutine unless said otherwise). */
typedef enum rt_event_kind {
    RT_EV_DECISION = 1, /* a=rt_decision_kind b=nopts c=taken; bytes=opts (u32 LE) */
    RT_EV_RUN,          /* goroutine g starts or resumes running */
    RT_EV_GO_CREATE,    /* g created goroutine a; site = go statement */
    RT_EV_GO_END,       /* g ended; a=rt_go_end */
    RT_EV_BLOCK,        /* g blocks; a=rt_wait b=object id */
    RT_EV_READY,        /* goroutine a made runnable (by g, or by the clock when g=0) */
    RT_EV_FRAME_ENTER,  /* a=frame id b=depth */
    RT_EV_FRAME_EXIT,   /* a=frame id b=rt_frame_exit */
    RT_EV_DEFER_REG,   /* a=frame id b=defer id c=1 builtin recover, 2 rt_defer_catch; bytes=args */
    RT_EV_DEFER_CALL,  /* a=frame id b=defer id c=rt_defer_by; bytes=args */
    RT_EV_DEFER_RET,   /* a=frame id b=defer id */
    RT_EV_PANIC,       /* a=panic id v=value */
    RT_EV_RECOVER,     /* a=panic id (0 if none) b=1 if effective c=caller frame id; v=returned */
    RT_EV_GOEXIT,      /* g called Goexit; a=pseudo-panic id */
    RT_EV_PANIC_ABORT, /* panic a was aborted by a newer panic or Goexit */
    RT_EV_CHAN_MAKE,   /* a=chan id b=capacity c=1 for a time.After channel v=zero value */
    RT_EV_SEND,        /* a=chan id b=message serial v=value (g = sender) */
    RT_EV_RECV,        /* a=chan id b=message serial (0 if by close) c=ok v=value */
    RT_EV_CLOSE,       /* a=chan id */
    RT_EV_SELECT,      /* a=case taken (-1 = default, as u64) b=ncases c=ready mask (first 64) */
    RT_EV_WG_ADD,      /* a=wg id b=delta (i64) c=new counter (i64) */
    RT_EV_WG_WAIT,     /* a=wg id; Wait returned */
    RT_EV_LOCK,        /* a=mutex id b=rt_lock_op */
    RT_EV_UNLOCK,      /* a=mutex id b=rt_lock_op */
    RT_EV_ONCE,        /* a=once id b=1 if this call ran f */
    RT_EV_SLEEP,       /* a=duration ns b=wake time */
    RT_EV_CLOCK,       /* virtual clock advanced to a */
    RT_EV_PRINT,       /* a=fd (1 or 2); bytes=text */
    RT_EV_END,         /* a=rt_end b=exit code c=rt_fatal */
    RT_EV_CHAN_OP,     /* g starts an operation: a=chan id (0 = nil) b=rt_chan_op */
    RT_EV_SELECT_BEGIN, /* b=ncases c=1 if default; bytes=cases as {u32 chan id, u32 rt_dir} LE */
    RT_EV_VAR_READ,     /* a=variable id v=value read (rt_note_read) */
    RT_EV_VAR_WRITE,    /* a=variable id v=value written (rt_note_write) */
    RT_EV_PANIC_TEXT,   /* gc's preprintpanics, before a fatal panic's report: b=2 first, a=the
                           newest panic, whose loop ran out of deferred calls; then, newest
                           first, a=panic id b=0 v=its RT_VF_LATE value made printable, or b=1
                           v=left as it is (the method panicked with nil, go1.19: the older
                           ones stay too) */
    RT_EV__COUNT
} rt_event_kind;

/* Why a goroutine ended. */
typedef enum rt_go_end { RT_GOEND_RETURN = 0, RT_GOEND_GOEXIT = 1 } rt_go_end;

/* How a frame was left. */
typedef enum rt_frame_exit {
    RT_FRAME_RETURN = 0,    /* normal return */
    RT_FRAME_RECOVERED = 1, /* returned normally after a recover in its defer (R4) */
    RT_FRAME_UNWOUND = 2    /* discarded by a recovery in an older frame or by Goexit */
} rt_frame_exit;

/* Who invoked a deferred call. */
typedef enum rt_defer_by { RT_BY_RETURN = 0, RT_BY_PANIC = 1, RT_BY_GOEXIT = 2 } rt_defer_by;

/* Channel operations announced by RT_EV_CHAN_OP. */
typedef enum rt_chan_op { RT_OP_SEND = 1, RT_OP_RECV = 2, RT_OP_CLOSE = 3 } rt_chan_op;

/* Kinds of lock operation for RT_EV_LOCK/RT_EV_UNLOCK. */
typedef enum rt_lock_op { RT_LOCK_MUTEX = 0, RT_LOCK_WRITE = 1, RT_LOCK_READ = 2 } rt_lock_op;

/* What a blocked goroutine waits on (K1 names them). */
typedef enum rt_wait {
    RT_WAIT_NONE = 0,
    RT_WAIT_CHAN_RECV,    /* "chan receive" */
    RT_WAIT_CHAN_SEND,    /* "chan send" */
    RT_WAIT_NIL_RECV,     /* "chan receive (nil chan)" */
    RT_WAIT_NIL_SEND,     /* "chan send (nil chan)" */
    RT_WAIT_SELECT,       /* "select" */
    RT_WAIT_SELECT_EMPTY, /* "select (no cases)" */
    RT_WAIT_WG,           /* "sync.WaitGroup.Wait" */
    RT_WAIT_MUTEX,        /* "sync.Mutex.Lock" */
    RT_WAIT_RWMUTEX_W,    /* "sync.RWMutex.Lock" */
    RT_WAIT_RWMUTEX_R,    /* "sync.RWMutex.RLock" */
    RT_WAIT_ONCE,         /* waiting for another goroutine's Once.Do */
    RT_WAIT_SLEEP         /* "sleep" (time.Sleep) */
} rt_wait;
const char *rt_wait_name(rt_wait w);

/* One event, as observers receive it and as rt_trace_next() decodes it. */
typedef struct rt_event {
    uint32_t kind;        /* rt_event_kind */
    uint32_t g;           /* goroutine id, 1 = main */
    uint64_t seq;         /* 0-based event number */
    uint32_t site;        /* client source site (rt_set_site), 0 if none */
    uint64_t a, b, c;     /* kind-specific */
    rt_value v;           /* kind-specific value */
    const uint8_t *bytes; /* kind-specific bytes */
    uint32_t nbytes;
} rt_event;

/* An observer receives every event of an execution, in order. */
typedef struct rt_observer {
    void (*on_event)(void *ctx, const rt_event *ev);
    void *ctx;
} rt_observer;

const char *rt_event_name(rt_event_kind k);

/* ------------------------------------------------------------ execution */

/* How the program ended. */
typedef enum rt_end {
    RT_END_RETURN = 0, /* main returned: exit 0 (X1) */
    RT_END_EXIT,       /* os.Exit(n) (X2) */
    RT_END_PANIC,      /* an unrecovered panic: exit 2 (P1) */
    RT_END_FATAL,      /* a fatal error: exit 2 (X4); see rt_fatal_kind */
    RT_END_BUDGET,     /* the step budget ran out; exit code -1 */
    RT_END_INTERNAL,   /* misuse of the runtime by its client; exit code -1 */
    RT_END_ABORT       /* rt_abort(), e.g. from the choice source; exit code -1 */
} rt_end;

/* Which fatal error ended the program. */
typedef enum rt_fatal_kind {
    RT_FATAL_NONE = 0,
    RT_FATAL_DEADLOCK,        /* all goroutines are asleep - deadlock! */
    RT_FATAL_GOEXIT_DEADLOCK, /* no goroutines (main called runtime.Goexit) - deadlock! */
    RT_FATAL_UNLOCK,          /* sync: unlock of unlocked mutex (and RWMutex forms) */
    RT_FATAL_GO_NIL,          /* go of nil func value */
    RT_FATAL_STACK_OVERFLOW,  /* stack overflow */
    RT_FATAL_OTHER,           /* rt_fatal() from the client */
    RT_FATAL_PANIC_PRINT      /* panic while printing panic value: ... (RT_VF_PRINT_PANICS) */
} rt_fatal_kind;

const char *rt_end_name(rt_end e);

/* A deferred call that never ran. */
typedef struct rt_defer_info {
    uint32_t site;  /* site of the defer statement */
    uint64_t frame; /* frame id */
    uint64_t id;    /* defer id */
} rt_defer_info;

/* A goroutine still alive when the program ended. */
typedef struct rt_gor_info {
    uint32_t id;
    rt_wait wait;                /* RT_WAIT_NONE if it was runnable */
    uint64_t wait_obj;           /* id of the channel/WaitGroup/mutex waited on */
    uint32_t site;               /* last site it set */
    uint32_t go_site;            /* site of the go statement that created it */
    const rt_defer_info *defers; /* pending defers, newest first */
    uint32_t ndefers;
} rt_gor_info;

/* One recorded decision. */
typedef struct rt_decision_rec {
    uint32_t kind; /* rt_decision_kind */
    uint32_t nopts;
    uint32_t taken;
} rt_decision_rec;

/* Schedule strings: "d1:" followed by one character per decision, the
 * index taken, in 0-9a-zA-Z for 0..61, or "(N)" for larger indexes. They
 * are printable, pasteable into a bug report, and replay the same
 * execution byte for byte through rt_replay_chooser. */

/* Formats n decisions; returns a malloc'd string (NULL when out of memory). */
char *rt_schedule_format(const rt_decision_rec *d, size_t n);

/* Same, from a plain list of taken indexes. */
char *rt_schedule_format_taken(const uint32_t *taken, size_t n);

/* Parses s into a malloc'd list of taken indexes (*taken, *n; free it).
 * Returns 0, or RT_EINVAL with a message in err (cap bytes, NUL-terminated)
 * for a string that is not a schedule, or RT_ENOMEM. */
int rt_schedule_parse(const char *s, uint32_t **taken, size_t *n, char *err, size_t cap);

/* Which Go language version decides version-dependent behaviour (R9). */
typedef enum rt_lang { RT_LANG_GO122 = 0, RT_LANG_GO119 = 1 } rt_lang;

/* Observers an execution can have (rt_config.nobservers), besides the
 * trace recorder. */
#define RT_MAX_OBSERVERS 7

/* gc's preprintpanics for one RT_VF_LATE value (rt_config.preprint): runs
 * on the panicking goroutine, may run Go code and block. Returns the value
 * to print (a panicking method: one flagged RT_VF_PRINT_PANICS), or, with
 * *keep set, nothing: the value and the older ones print as they are. */
typedef rt_value (*rt_preprint_fn)(void *ctx, const rt_value *v, bool *keep);
/* gc's preprintpanics throwing from its deferred recover: the method the
 * preprint hook called panicked with a value it recovered, v is the fatal
 * error's text (RT_VF_PRINT_PANICS). It becomes the value being made
 * printable (RT_EV_PANIC_TEXT) and the program ends at once with
 * RT_FATAL_PANIC_PRINT, even when a Goexit was unwinding below the call
 * (gc's throw ends everything). */
RT_NORETURN void rt_preprint_throw(rt_value v);

typedef struct rt_config {
    rt_chooser *chooser;          /* NULL: keep running / lowest id */
    uint64_t max_steps;           /* step budget; 0 = RT_DEFAULT_MAX_STEPS */
    bool trace;                   /* record the binary trace */
    const rt_observer *observers; /* called on every event */
    size_t nobservers;            /* at most RT_MAX_OBSERVERS, else rt_run: RT_EINVAL */
    size_t stack_size;            /* per goroutine; 0 = default */
    uint32_t max_depth;           /* frame depth before stack overflow; 0 = default */
    size_t max_output;            /* bytes of stdout+stderr kept; 0 = default */
    rt_lang lang;
    rt_preprint_fn preprint; /* NULL: RT_VF_LATE values print as they are */
    void *preprint_ctx;
} rt_config;

#define RT_DEFAULT_MAX_STEPS  1000000u
#define RT_DEFAULT_MAX_DEPTH  1000u
#define RT_DEFAULT_MAX_OUTPUT (16u << 20)

/* The outcome of one execution. Pointers stay valid until the next rt_run()
 * or rt_shutdown() on this thread. */
typedef struct rt_result {
    rt_end end;
    rt_fatal_kind fatal;
    int exit_code;   /* what the Go process would exit with; -1 for BUDGET */
    const char *out; /* stdout bytes, NUL-terminated */
    size_t out_len;
    const char *err; /* stderr bytes as Go prints them with GOTRACEBACK=none */
    size_t err_len;
    bool output_truncated;    /* max_output was reached */
    uint64_t steps;           /* scheduling points passed */
    uint32_t goroutines;      /* goroutines created, main included */
    const rt_gor_info *alive; /* goroutines alive at the end, by id: every goroutine not
                                 ended, the one that ended the program included;
                                 main is left out once it has returned */
    size_t nalive;
    const rt_decision_rec *decisions; /* every decision taken, in order */
    size_t ndecisions;
    const uint8_t *trace; /* binary trace (NULL unless cfg.trace) */
    size_t trace_len;
    uint64_t trace_hash; /* FNV-1a 64 of the trace (0 unless cfg.trace) */
    uint64_t events;     /* number of events emitted */
    int64_t clock;       /* virtual time at the end, ns */
} rt_result;

/* A goroutine body, a deferred call, or a function run in a frame. */
typedef void (*rt_fn)(void *arg);

/* Runs one execution: main_fn(arg) plays Go's main. Fills *out and returns 0,
 * or returns a negative error code (rt_strerror) if the execution could not
 * start (no memory for stacks, nested rt_run). */
int rt_run(const rt_config *cfg, rt_fn main_fn, void *arg, rt_result *out);

/* Releases the cached stacks and buffers of this thread. */
void rt_shutdown(void);

const char *rt_strerror(int err);
#define RT_ENOMEM (-1)
#define RT_EBUSY  (-2)
#define RT_EINVAL (-3)

/* ------------------------------------------------------------ goroutines */

/* go fn(arg): arg (argsize bytes) is copied now (D10); the new goroutine
 * gets a pointer to its own copy. fn == NULL is "fatal error: go of nil
 * func value". A scheduling point follows. */
void rt_go(rt_fn fn, const void *arg, size_t argsize);
void rt_gosched(void);            /* runtime.Gosched */
RT_NORETURN void rt_goexit(void); /* runtime.Goexit (G1-G6) */
int rt_num_goroutine(void);       /* runtime.NumGoroutine */
uint32_t rt_goid(void);           /* id of the running goroutine, main = 1 */
void rt_preempt_point(void);      /* an extra scheduling point */
void rt_set_site(uint32_t site);  /* source site of what runs next */
uint32_t rt_site(void);
void *rt_alloc(size_t n);                   /* zeroed, lives until the execution ends */
RT_NORETURN void rt_exit(int code);         /* os.Exit: no defer runs (X2); status code & 0xff */
RT_NORETURN void rt_fatal(const char *msg); /* "fatal error: msg", exit 2 */
/* Ends the execution at once as RT_END_ABORT (exit code -1): no deferred
 * call runs, every goroutine is abandoned. Callable from goroutine code
 * and from a choice source's choose(), whose decision is then not
 * recorded; never from an observer. */
RT_NORETURN void rt_abort(void);
/* fd 1 = stdout, 2 = stderr. */
void rt_write(int fd, const char *s, size_t n);
/* Reports a read or write of a variable that a closure captured, so the
 * argument-timing oracle can check that reads see the latest write. var
 * is the client's id for the variable. Only an event; no scheduling point. */
void rt_note_read(uint64_t var, rt_value v);
void rt_note_write(uint64_t var, rt_value v);

/* ------------------------------------------------------------ frames, defer, panic */

/* Calls fn(arg) in a new frame: defers registered inside run LIFO when it
 * returns (D5) and recover() is checked against it (R1). Returns normally
 * also when a panic was recovered by one of its deferred calls (R4). */
void rt_call(rt_fn fn, void *arg);

/* defer fn(args): the argsize bytes at arg are copied now (D1); the
 * deferred call receives a pointer to the copy. fn == NULL registers a call
 * that panics with a nil dereference when invoked (D8). */
void rt_defer(rt_fn fn, const void *arg, size_t argsize);
/* rt_defer for the client's own machinery, not a defer statement of the
 * program (gc's catchPanic around a String method in fmt or when a panic
 * value is printed): its DEFER_REG has c=2, and skipping it is no lost
 * cleanup; its arguments (host pointers, as a rule) are not in the events. */
void rt_defer_catch(rt_fn fn, const void *arg, size_t argsize);

/* defer recover(): the builtin deferred directly. It is effective only in a
 * deferred function run by a panic (R3), not in the panicking one (R2). */
void rt_defer_recover(void);

RT_NORETURN void rt_panic(rt_value v);
/* panic(runtime error): v is an RT_V_RTERROR with text msg (no copy). */
RT_NORETURN void rt_panic_rterror(const char *msg);
/* The nil-dereference runtime error (adds the [signal SIGSEGV] line). */
RT_NORETURN void rt_panic_nil_deref(void);

/* recover(). Returns the panic value when effective (R1), else nil. */
rt_value rt_recover(void);
/* recover() also telling whether it stopped a panic (panic(nil) in go1.19
 * is stopped while the value is nil, R9). */
rt_value rt_recover2(bool *effective);

/* ------------------------------------------------------------ channels */

typedef struct rt_chan rt_chan;

/* make(chan T, cap) with the element type's zero value. cap < 0 panics
 * with "makechan: size out of range" (C1). NULL is the nil channel. */
rt_chan *rt_chan_make(int64_t cap, rt_value zero);
void rt_chan_send(rt_chan *c, rt_value v);
rt_value rt_chan_recv(rt_chan *c, bool *ok); /* ok may be NULL */
void rt_chan_close(rt_chan *c);
int64_t rt_chan_len(const rt_chan *c);
int64_t rt_chan_cap(const rt_chan *c);
uint64_t rt_chan_id(const rt_chan *c); /* 0 for nil */

typedef enum rt_dir { RT_RECV = 0, RT_SEND = 1 } rt_dir;

/* One select case. For RT_SEND, val is sent; for RT_RECV, val and ok are
 * filled in when the case is chosen. */
typedef struct rt_select_case {
    rt_chan *c;
    rt_dir dir;
    rt_value val;
    bool ok;
} rt_select_case;

/* select: returns the index of the case taken, or -1 for default (only
 * when has_default). Which ready case wins is a decision (S2). */
int rt_select(rt_select_case *cases, size_t n, bool has_default);

/* ------------------------------------------------------------ sync */

typedef struct rt_waitgroup rt_waitgroup;
typedef struct rt_mutex rt_mutex;
typedef struct rt_rwmutex rt_rwmutex;
typedef struct rt_once rt_once;

rt_waitgroup *rt_wg_new(void);
void rt_wg_add(rt_waitgroup *wg, int64_t delta);
void rt_wg_done(rt_waitgroup *wg);
void rt_wg_wait(rt_waitgroup *wg);

rt_mutex *rt_mutex_new(void);
void rt_mutex_lock(rt_mutex *m);
void rt_mutex_unlock(rt_mutex *m);
bool rt_mutex_trylock(rt_mutex *m);

rt_rwmutex *rt_rwmutex_new(void);
void rt_rw_lock(rt_rwmutex *m);
void rt_rw_unlock(rt_rwmutex *m);
void rt_rw_rlock(rt_rwmutex *m);
void rt_rw_runlock(rt_rwmutex *m);

rt_once *rt_once_new(void);
/* once.Do(f): f(arg) runs in its own frame; Do counts as done even when f
 * panics, as in Go. */
void rt_once_do(rt_once *o, rt_fn f, void *arg);

/* ------------------------------------------------------------ virtual time */

/* time.Sleep(ns): the clock advances only when every goroutine is blocked. */
void rt_sleep(int64_t ns);
/* time.After(ns): a channel (capacity 1) that receives the wake time. */
rt_chan *rt_after(int64_t ns);
int64_t rt_now(void); /* virtual nanoseconds since the execution started */

/* ------------------------------------------------------------ trace */

/* Iterates a binary trace (rt_result.trace). */
typedef struct rt_trace_iter {
    const uint8_t *p, *end;
    uint64_t seq;
    bool error; /* set when the bytes are not a well-formed trace */
} rt_trace_iter;
void rt_trace_iter_init(rt_trace_iter *it, const uint8_t *buf, size_t len);
/* Decodes the next event; false at the end or on malformed input. Pointers
 * in *ev point into the trace buffer. */
bool rt_trace_next(rt_trace_iter *it, rt_event *ev);

/* Renders one event as a line of text (no newline) into buf; returns the
 * length it needed. The rendering is stable: tests and tools may diff it. */
size_t rt_event_format(const rt_event *ev, char *buf, size_t cap);

/* Renders a whole trace, one event per line, to a malloc'd string the caller
 * frees; *len gets its length. NULL on malformed input or no memory. */
char *rt_trace_render(const uint8_t *buf, size_t len, size_t *out_len);

uint64_t rt_fnv1a64(const void *data, size_t n, uint64_t h);
#define RT_FNV_OFFSET 0xcbf29ce484222325ull

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_RT_H */
