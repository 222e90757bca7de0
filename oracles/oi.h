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

/* One checker. The core allocates state_size zeroed bytes once, calls
 * reset() before every execution (keep buffers, forget contents), event()
 * for every event in order, finish() once after the last event, and
 * destroy() to free what the state owns. */
typedef struct oracle_checker {
    const char *name;
    size_t state_size;
    void (*reset)(void *st);
    void (*event)(void *st, oracle_ctx *c, const rt_event *ev);
    void (*finish)(void *st, oracle_ctx *c);
    void (*destroy)(void *st);
} oracle_checker;

/* The checkers (one per file). */
extern const oracle_checker oracle__defer_order; /* defer_order.c */
extern const oracle_checker oracle__arg_timing;  /* arg_timing.c */
extern const oracle_checker oracle__recover;     /* recover.c */
extern const oracle_checker oracle__goexit;      /* goexit.c */
extern const oracle_checker oracle__channel;     /* chan_model.c */
extern const oracle_checker oracle__sync;        /* sync_model.c */
extern const oracle_checker oracle__scheduler;   /* sched_model.c */
extern const oracle_checker oracle__program_end; /* program_end.c */
extern const oracle_checker oracle__cleanup;     /* cleanup.c: leak, skipped-cleanup */
extern const oracle_checker oracle__race;        /* race.c: close-send-race */

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

/* ---------------------------------------------------------------- vectors */

/* A growable array of fixed-size elements; grow_to zero-fills. */
typedef struct ovec {
    unsigned char *p;
    size_t n, cap, elem;
} ovec;

void oracle__vec_init(ovec *v, size_t elem);
void *oracle__vec_push(ovec *v);              /* zeroed new element */
void *oracle__vec_grow_to(ovec *v, size_t n); /* ensures n elements; returns p */
void oracle__vec_clear(ovec *v);              /* n = 0, keeps memory */
void oracle__vec_free(ovec *v);

/* Element i (i < n). Inline: the checkers call it on every event. */
static inline void *oracle__vec_at(const ovec *v, size_t i)
{
    return v->p + i * v->elem;
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
