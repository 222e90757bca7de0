/* oracle.h - public interface of the oracles: independent checkers of Go
 * semantics over the runtime's event trace.
 *
 * The oracles read events (rt_event, from rt.h) and nothing else: no
 * runtime internals, no rt_result. Each checker keeps its own model of
 * what Go would do, built from the events, and compares it with what
 * happened. Two kinds of result, never mixed up:
 *   - a violation: the runtime broke Go semantics (a bug in deferfuzz);
 *   - a finding: the program under test has a bug (the product's output).
 *
 * Online use: attach oracle_observer() to rt_config.observers; after
 * rt_run() returns call oracle_finish(). Offline use: oracle_check_trace()
 * over a recorded binary trace. An oracle_set is reused across executions
 * (oracle_reset) without allocating in steady state. */
#ifndef DEFERFUZZ_ORACLE_H
#define DEFERFUZZ_ORACLE_H

#include "rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Finding ids (DESIGN.md): stable names for dedup and --fail-on. */
typedef enum oracle_finding_id {
    OF_PANIC = 0,          /* "panic": an unrecovered panic (other than the ones below) */
    OF_SEND_ON_CLOSED,     /* "send-on-closed" */
    OF_CLOSE_OF_CLOSED,    /* "close-of-closed" */
    OF_CLOSE_OF_NIL,       /* "close-of-nil" */
    OF_NEGATIVE_WAITGROUP, /* "negative-waitgroup" */
    OF_UNLOCK_OF_UNLOCKED, /* "unlock-of-unlocked" */
    OF_DEADLOCK,           /* "deadlock": every goroutine blocked */
    OF_LEAK,               /* "leak": goroutines still blocked when the program ended */
    OF_SKIPPED_CLEANUP,    /* "skipped-cleanup": deferred calls that never ran */
    OF_CLOSE_SEND_RACE,    /* "close-send-race": close and send not ordered by happens-before */
    OF_BUDGET_EXHAUSTED,   /* "budget-exhausted" */
    OF__COUNT
} oracle_finding_id;

/* The checkers; a violation names the one that saw it. */
typedef enum oracle_id {
    ORC_DEFER_ORDER = 0, /* "defer-order": LIFO per frame, each exactly once, at frame end */
    ORC_ARG_TIMING,  /* "arg-timing": arguments captured at registration, reads see latest write */
    ORC_RECOVER,     /* "recover": R1-R6, the printed panic chain P5 */
    ORC_GOEXIT,      /* "goexit": G1-G6 */
    ORC_CHANNEL,     /* "channel": a model of every channel and select (C, S) */
    ORC_SYNC,        /* "sync": WaitGroup and Mutex models (W, M) */
    ORC_SCHEDULER,   /* "scheduler": decisions among the runnable, only runnable goroutines run */
    ORC_PROGRAM_END, /* "program-end": exit code and messages agree with the end (X, K1) */
    ORC__COUNT
} oracle_id;

const char *oracle_finding_name(oracle_finding_id id);
const char *oracle_name(oracle_id id);
/* Parses a finding name; returns -1 when unknown. */
int oracle_finding_parse(const char *name);

#define ORACLE_MAX_REFS 4

/* A bug in the program under test. */
typedef struct oracle_finding {
    oracle_finding_id id;
    const char *message;                  /* one line, no newline */
    uint32_t goroutines[ORACLE_MAX_REFS]; /* goroutines involved (for display only) */
    uint32_t ngoroutines;
    uint32_t sites[ORACLE_MAX_REFS]; /* source sites involved, ascending */
    uint32_t nsites;
    uint64_t key; /* dedup key: hash of id and sites only */
    uint64_t seq; /* event number where it was seen */
} oracle_finding;

/* A bug in the runtime. */
typedef struct oracle_violation {
    oracle_id oracle;
    const char *message; /* one line, no newline */
    uint64_t seq;        /* event number where it was seen */
    uint32_t g;
} oracle_violation;

typedef struct oracle_verdict {
    const oracle_finding *findings;
    size_t nfindings;
    const oracle_violation *violations;
    size_t nviolations;
    uint64_t events; /* events checked */
} oracle_verdict;

typedef struct oracle_set oracle_set;

/* Turns a site id into text ("prog.go:12:5") for messages; NULL = "site N". */
typedef const char *(*oracle_site_namer)(void *ctx, uint32_t site);

/* Which checkers run: one bit per checker. The eight that can report a
 * violation are named by oracle_id; cleanup and race report findings only.
 *
 * The findings come from five checkers: channel (send-on-closed,
 * close-of-closed, close-of-nil), sync (negative-waitgroup,
 * unlock-of-unlocked), program-end (panic, deadlock, budget-exhausted),
 * cleanup (leak, skipped-cleanup) and race (close-send-race). The checkers
 * never read each other's state, so any set that holds those five reports
 * exactly the findings of the full set, in the same order, with the same
 * messages and keys: ORACLE_CHECKS_FINDINGS is the cheap set for hunting
 * findings (fuzz_schedule). Violations come only from enabled checkers
 * (the ones the full set reports from them, unless the full set reached
 * its cap on violations per execution first): hunting them
 * (fuzz_conformance) wants ORACLE_CHECKS_ALL. */
#define ORACLE_CHECK(id)     (1u << (id)) /* the checker of an oracle_id */
#define ORACLE_CHECK_CLEANUP (1u << ORC__COUNT)
#define ORACLE_CHECK_RACE    (1u << (ORC__COUNT + 1))
#define ORACLE_CHECKS_ALL    ((1u << (ORC__COUNT + 2)) - 1u)
#define ORACLE_CHECKS_FINDINGS                                                                     \
    (ORACLE_CHECK(ORC_CHANNEL) | ORACLE_CHECK(ORC_SYNC) | ORACLE_CHECK(ORC_PROGRAM_END) |          \
     ORACLE_CHECK_CLEANUP | ORACLE_CHECK_RACE)

/* For hunting findings (fuzz_schedule): the checkers that have a light
 * variant use it, which reports the same findings at the same events but
 * none of the violations its full form looks for, at a fraction of the
 * cost. Today the channel checker (chan_findings.c: closed channels and
 * who a close woke, no model of buffers, queues or select readiness).
 * Fixed when the set is made (oracle_new_with); oracle_set_enabled keeps
 * it. */
#define ORACLE_LIGHT (1u << 30)

/* For tests of the oracles themselves: each checker sees every event
 * through its full handler, as if no checker declared the kinds it needs
 * (oi.h). Much slower; the verdict must be the same. */
#define ORACLE_EVERY_EVENT (1u << 31)

/* A set with every checker (ORACLE_CHECKS_ALL). */
oracle_set *oracle_new(void);
/* A set with the checkers in checks, plus ORACLE_EVERY_EVENT if wanted
 * (other bits above ORACLE_CHECKS_ALL are ignored). */
oracle_set *oracle_new_with(uint32_t checks);
void oracle_free(oracle_set *o);
/* Chooses the checkers that run from now on (checks as for
 * oracle_new_with) and resets the set; call it between executions. */
void oracle_set_enabled(oracle_set *o, uint32_t checks);
/* The checkers that run (ORACLE_CHECK* bits, without ORACLE_EVERY_EVENT). */
uint32_t oracle_enabled(const oracle_set *o);
void oracle_set_site_namer(oracle_set *o, oracle_site_namer fn, void *ctx);
/* Chooses the Go version whose rules the checkers apply (R9). */
void oracle_set_lang(oracle_set *o, rt_lang lang);
/* Forgets the previous execution. */
void oracle_reset(oracle_set *o);
/* An observer that feeds every event to the checkers (each checker sees
 * the kinds of event it judges, oi.h). */
rt_observer oracle_observer(oracle_set *o);
/* Feeds one event. */
void oracle_event(oracle_set *o, const rt_event *ev);
/* Ends the execution and returns the verdict; valid until the next reset. */
const oracle_verdict *oracle_finish(oracle_set *o);
/* Resets, feeds a whole binary trace and finishes. NULL if the trace is
 * malformed. */
const oracle_verdict *oracle_check_trace(oracle_set *o, const uint8_t *trace, size_t len);

/* Writes the verdict as text lines ("finding send-on-closed: ..." and
 * "violation channel: ...") to buf; returns the length it needed. */
size_t oracle_verdict_format(const oracle_verdict *v, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_ORACLE_H */
