/* oi.h - internal interface between the oracle core (oracle.c) and the
 * checkers (one file each). Nothing outside oracles/ includes it.
 *
 * A checker sees events only. It must never include runtime internals
 * (rti.h) or look at rt_result: its model of Go is its own. */
#ifndef DEFERFUZZ_OI_H
#define DEFERFUZZ_OI_H

#include "oracle.h"

#include <stdarg.h>
#include <string.h>

typedef struct oracle_ctx oracle_ctx;

/* Bit of an event kind in a checker's event mask. */
#define OI_EV(k) (1ull << (k))
/* Every kind: for a checker that judges what every event follows. */
#define OI_EV_ALL (~0ull)

/* Handles one event; returns whether the checker must see the next event
 * whatever its kind (see oracle_checker). */
typedef bool (*oracle_handler)(void *st, oracle_ctx *c, const rt_event *ev);

/* One checker. The core allocates state_size zeroed bytes once, calls
 * reset() before every execution (keep buffers, forget contents), hands it
 * events in order, calls finish() once after the last event, and
 * destroy() to free what the state owns.
 *
 * Which events it sees: event() handles any event in any state and
 * returns true when the checker must see the next event whatever its kind
 * (while it waits for "the next event of goroutine g", say): the checker
 * is then armed. While it is quiet (not armed) it sees only the kinds in
 * events (OI_EV bits) and those with an on[] handler; an event of any
 * other kind must do nothing to a quiet checker: no check, no change of
 * state. The core dispatches each event to the checkers that take its
 * kind or are armed, in the order of the checker table, so the verdict is
 * the one every checker seeing every event would give (ORACLE_EVERY_EVENT
 * makes the core do just that, for the tests).
 *
 * on: NULL, or a table indexed by kind (RT_EV__COUNT entries) of handlers
 * that the core calls instead of event() for that kind while the checker
 * is quiet; each must do exactly what event() would do then (they skip
 * what only matters when armed). A NULL entry means event().
 *
 * findings: the checker reports findings (oracle__finding): exactly the
 * checkers of ORACLE_CHECKS_FINDINGS (oracle_new_with asserts it). */
typedef struct oracle_checker {
    const char *name;
    size_t state_size;
    uint64_t events;
    bool findings;
    void (*reset)(void *st);
    oracle_handler event;
    const oracle_handler *on;
    void (*finish)(void *st, oracle_ctx *c);
    void (*destroy)(void *st);
} oracle_checker;

/* The checkers (one per file). */
extern const oracle_checker oracle__defer_order; /* defer_order.c */
extern const oracle_checker oracle__arg_timing;  /* arg_timing.c */
extern const oracle_checker oracle__recover;     /* recover.c */
extern const oracle_checker oracle__goexit;      /* goexit.c */
extern const oracle_checker oracle__channel;     /* chan_model.c */
/* The channel checker of a set made with ORACLE_LIGHT: its findings only. */
extern const oracle_checker oracle__channel_findings; /* chan_findings.c */
extern const oracle_checker oracle__sync;             /* sync_model.c */
extern const oracle_checker oracle__scheduler;        /* sched_model.c */
extern const oracle_checker oracle__program_end;      /* program_end.c */
extern const oracle_checker oracle__cleanup;          /* cleanup.c: leak, skipped-cleanup */
extern const oracle_checker oracle__race;             /* race.c: close-send-race */

/* For a function that only reports what went wrong: kept out of line so
 * the hot paths that call it stay small (no message buffers on their
 * stack). */
#define OI_COLD __attribute__((noinline, cold))

/* Reports a violation seen by checker who at event ev (may be NULL at
 * finish). The message is formatted and copied. */
void oracle__violation(oracle_ctx *c, oracle_id who, const rt_event *ev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports a finding. gs/sites may be NULL when ng/ns are 0; sites are
 * sorted and deduplicated by the core, which also computes the key. The
 * core keeps one finding per key per execution. */
void oracle__finding(oracle_ctx *c, oracle_finding_id id, const rt_event *ev, const uint32_t *gs,
                     uint32_t ng, const uint32_t *sites, uint32_t ns, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Text for a site in messages: the namer's text or "site N" ("?" for 0).
 * The result lives until the next 8 calls. */
const char *oracle__site(oracle_ctx *c, uint32_t site);
rt_lang oracle__lang(const oracle_ctx *c);

/* Formats v as rt_value_format does into a rotating buffer (8 live). */
const char *oracle__value(oracle_ctx *c, const rt_value *v);

/* 0-based number of the event being dispatched in this execution (every
 * event counts, whichever checkers see it). A checker that must know
 * whether two events it saw were adjacent compares these. */
uint64_t oracle__index(const oracle_ctx *c);

/* The event before the one being dispatched, whichever checkers saw it:
 * its kind, g and a (all 0 before the first event). */
typedef struct oracle_prev {
    uint32_t kind, g;
    uint64_t a;
} oracle_prev;
const oracle_prev *oracle__prev(const oracle_ctx *c);

/* ---------------------------------------------------------------- vectors */

/* A growable array of fixed-size elements; grow_to zero-fills. */
typedef struct ovec {
    unsigned char *p;
    size_t n, cap, elem;
} ovec;

void oracle__vec_init(ovec *v, size_t elem);
void oracle__vec_free(ovec *v);
/* Out of line: makes room for n elements and zero-fills [v->n, n). */
void *oracle__vec_grow_slow(ovec *v, size_t n);

/* Element i (i < n). Inline: the checkers call it on every event. */
static inline void *oracle__vec_at(const ovec *v, size_t i)
{
    return v->p + i * v->elem;
}

/* Ensures n elements (new ones zeroed); returns p. */
static inline void *oracle__vec_grow_to(ovec *v, size_t n)
{
    return n <= v->n ? v->p : oracle__vec_grow_slow(v, n);
}

/* A zeroed new element. */
static inline void *oracle__vec_push(ovec *v)
{
    if (v->n < v->cap) {
        unsigned char *p = v->p + v->n++ * v->elem;
        memset(p, 0, v->elem);
        return p;
    }
    oracle__vec_grow_slow(v, v->n + 1);
    return v->p + (v->n - 1) * v->elem;
}

/* A zeroed new element of type T (the size known at compile time). */
#define OI_PUSH(v, T) ((T *)oracle__vec_push_sized((v), sizeof(T)))
static inline void *oracle__vec_push_sized(ovec *v, size_t elem)
{
    if (v->n < v->cap) {
        unsigned char *p = v->p + v->n++ * elem;
        memset(p, 0, elem);
        return p;
    }
    oracle__vec_grow_slow(v, v->n + 1);
    return v->p + (v->n - 1) * elem;
}

/* Out of line: makes room for n elements (contents unspecified). */
void oracle__vec_reserve_slow(ovec *v, size_t n);

/* Sets the length to n without zeroing anything: the caller fills the
 * elements. Returns p. */
static inline void *oracle__vec_resize(ovec *v, size_t n)
{
    if (n > v->cap)
        oracle__vec_reserve_slow(v, n);
    v->n = n;
    return v->p;
}

/* n = 0, keeps memory. */
static inline void oracle__vec_clear(ovec *v)
{
    v->n = 0;
}

/* Decodes the u32 options of a DECISION event or the {u32 chan, u32 dir}
 * pairs of a SELECT_BEGIN event (little endian). */
static inline uint32_t oracle__u32_at(const uint8_t *b, size_t i)
{
    uint32_t v;
    memcpy(&v, b + 4 * i, 4);
    return v;
}

#endif
