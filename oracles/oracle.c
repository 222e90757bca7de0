/* oracle.c - the oracle core: feeds events to the checkers and collects
 * their verdict (findings and violations) with stable dedup keys.
 *
 * It owns no model of Go itself; the checkers do (oi.h). Dispatch is by
 * event kind: tables built once per set hold, for each kind, the enabled
 * checkers that take it while quiet, with the handler to call. A checker
 * that asked for every event is armed (a bit in armed) until it says
 * otherwise; each event goes in table order to the checkers that take its
 * kind or are armed (through event() for the armed ones). */
#include "oi.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* Indexed by the bits of ORACLE_CHECK*: oracle_id order, then cleanup and
 * race. */
static const oracle_checker *const checkers[] = {
    &oracle__defer_order, &oracle__arg_timing, &oracle__recover,   &oracle__goexit,
    &oracle__channel,     &oracle__sync,       &oracle__scheduler, &oracle__program_end,
    &oracle__cleanup,     &oracle__race,
};
#define NCHECKERS (sizeof checkers / sizeof checkers[0])
_Static_assert(NCHECKERS == ORC__COUNT + 2, "checker table and ORACLE_CHECK* bits disagree");

/* Kinds with a slot of their own in the dispatch table; any other kind (0,
 * RT_EV__COUNT and above: never emitted) goes to every enabled checker. */
#define NKINDS 64

/* Caps per execution, so a broken runtime cannot flood the verdict. */
#define MAX_VIOLATIONS 256
#define MAX_FINDINGS   256

struct oracle_ctx {
    oracle_set *o;
};

/* A checker that takes a kind while quiet, and how: fn while quiet, full
 * (its event()) while armed. */
typedef struct oracle_route {
    oracle_handler fn, full;
    void *state;
    uint32_t bit;
} oracle_route;

struct oracle_set {
    const oracle_checker *chk[NCHECKERS]; /* checkers[], or their light variants */
    void *state[NCHECKERS];
    uint32_t enabled;                        /* ORACLE_CHECK* bits */
    bool every;                              /* ORACLE_EVERY_EVENT */
    uint32_t armed;                          /* checkers that asked for the next event */
    uint32_t by_kind[NKINDS];                /* enabled checkers that take each kind while quiet */
    uint8_t nroutes[NKINDS];                 /* routes[k][0 .. nroutes[k]) */
    oracle_route routes[NKINDS][NCHECKERS];  /* in table order */
    oracle_handler quiet[NKINDS][NCHECKERS]; /* the handler of each while quiet */
    oracle_prev prev;                        /* the previous event */
    oracle_ctx ctx;
    ovec findings;   /* oracle_finding */
    ovec violations; /* oracle_violation */
    ovec text;       /* bytes of the messages */
    ovec f_off;      /* size_t: offset in text of each finding's message */
    ovec v_off;      /* size_t: offset in text of each violation's message */
    oracle_verdict verdict;
    oracle_site_namer namer;
    void *namer_ctx;
    rt_lang lang;
    uint64_t events;
    bool finished;
    char names[8][96];
    unsigned next_name;
    char values[8][96];
    unsigned next_value;
};

/* ================================================================ names */

const char *oracle_finding_name(oracle_finding_id id)
{
    static const char *const n[OF__COUNT] = {"panic",
                                             "send-on-closed",
                                             "close-of-closed",
                                             "close-of-nil",
                                             "negative-waitgroup",
                                             "unlock-of-unlocked",
                                             "deadlock",
                                             "leak",
                                             "skipped-cleanup",
                                             "close-send-race",
                                             "budget-exhausted"};
    return (unsigned)id < OF__COUNT ? n[id] : "?";
}

const char *oracle_name(oracle_id id)
{
    static const char *const n[ORC__COUNT] = {"defer-order", "arg-timing", "recover",
                                              "goexit",      "channel",    "sync",
                                              "scheduler",   "program-end"};
    return (unsigned)id < ORC__COUNT ? n[id] : "?";
}

int oracle_finding_parse(const char *name)
{
    for (int i = 0; i < OF__COUNT; i++)
        if (strcmp(name, oracle_finding_name((oracle_finding_id)i)) == 0)
            return i;
    return -1;
}

/* ================================================================ vectors */

void oracle__vec_init(ovec *v, size_t elem)
{
    memset(v, 0, sizeof *v);
    v->elem = elem;
}

void oracle__vec_reserve_slow(ovec *v, size_t n)
{
    if (n > v->cap) {
        size_t cap = v->cap ? v->cap : 16;
        while (cap < n)
            cap *= 2;
        unsigned char *p = realloc(v->p, cap * v->elem);
        if (!p) {
            fputs("deferfuzz oracles: out of memory\n", stderr);
            abort();
        }
        v->p = p;
        v->cap = cap;
    }
}

void *oracle__vec_grow_slow(ovec *v, size_t n)
{
    oracle__vec_reserve_slow(v, n);
    if (n > v->n) {
        memset(v->p + v->n * v->elem, 0, (n - v->n) * v->elem);
        v->n = n;
    }
    return v->p;
}

void oracle__vec_free(ovec *v)
{
    free(v->p);
    v->p = NULL;
    v->n = v->cap = 0;
}

/* ================================================================ set */

/* The handler of checker i for an event of kind slot k while quiet. */
static oracle_handler quiet_handler(const oracle_set *o, size_t i, unsigned k)
{
    const oracle_checker *ck = o->chk[i];
    if (!o->every && k > 0 && k < RT_EV__COUNT && ck->on && ck->on[k])
        return ck->on[k];
    return ck->event;
}

/* Builds the dispatch tables of the enabled checkers. */
static void build_dispatch(oracle_set *o)
{
    for (unsigned k = 0; k < NKINDS; k++) {
        uint32_t bits = 0;
        o->nroutes[k] = 0;
        for (size_t i = 0; i < NCHECKERS; i++) {
            bool takes = o->every || k == 0 || k >= RT_EV__COUNT || (o->chk[i]->events >> k & 1u) ||
                         (o->chk[i]->on && o->chk[i]->on[k]);
            if (!(o->enabled >> i & 1u) || !takes)
                continue;
            bits |= 1u << i;
            o->quiet[k][i] = quiet_handler(o, i, k);
            o->routes[k][o->nroutes[k]++] =
                (oracle_route){o->quiet[k][i], o->chk[i]->event, o->state[i], 1u << i};
        }
        o->by_kind[k] = bits;
    }
}

oracle_set *oracle_new(void)
{
    return oracle_new_with(ORACLE_CHECKS_ALL);
}

/* The checkers that say they report findings. */
__attribute__((unused)) static uint32_t finding_checkers(void)
{
    uint32_t bits = 0;
    for (size_t i = 0; i < NCHECKERS; i++)
        if (checkers[i]->findings)
            bits |= 1u << i;
    return bits;
}

oracle_set *oracle_new_with(uint32_t checks)
{
    assert(finding_checkers() == ORACLE_CHECKS_FINDINGS);
    oracle_set *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->ctx.o = o;
    o->enabled = checks & ORACLE_CHECKS_ALL;
    o->every = (checks & ORACLE_EVERY_EVENT) != 0;
    for (size_t i = 0; i < NCHECKERS; i++) {
        o->chk[i] = checkers[i];
        if ((checks & ORACLE_LIGHT) && checkers[i] == &oracle__channel)
            o->chk[i] = &oracle__channel_findings;
        o->state[i] = calloc(1, o->chk[i]->state_size ? o->chk[i]->state_size : 1);
        if (!o->state[i]) {
            oracle_free(o);
            return NULL;
        }
    }
    build_dispatch(o);
    oracle__vec_init(&o->findings, sizeof(oracle_finding));
    oracle__vec_init(&o->violations, sizeof(oracle_violation));
    oracle__vec_init(&o->text, 1);
    oracle__vec_init(&o->f_off, sizeof(size_t));
    oracle__vec_init(&o->v_off, sizeof(size_t));
    oracle_reset(o);
    return o;
}

void oracle_free(oracle_set *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < NCHECKERS; i++) {
        if (o->state[i]) {
            if (o->chk[i]->destroy)
                o->chk[i]->destroy(o->state[i]);
            free(o->state[i]);
        }
    }
    oracle__vec_free(&o->findings);
    oracle__vec_free(&o->violations);
    oracle__vec_free(&o->text);
    oracle__vec_free(&o->f_off);
    oracle__vec_free(&o->v_off);
    free(o);
}

void oracle_set_site_namer(oracle_set *o, oracle_site_namer fn, void *ctx)
{
    o->namer = fn;
    o->namer_ctx = ctx;
}

void oracle_set_lang(oracle_set *o, rt_lang lang)
{
    o->lang = lang;
}

void oracle_set_enabled(oracle_set *o, uint32_t checks)
{
    o->enabled = checks & ORACLE_CHECKS_ALL;
    o->every = (checks & ORACLE_EVERY_EVENT) != 0;
    build_dispatch(o);
    oracle_reset(o);
}

uint32_t oracle_enabled(const oracle_set *o)
{
    return o->enabled;
}

void oracle_reset(oracle_set *o)
{
    for (size_t i = 0; i < NCHECKERS; i++)
        if ((o->enabled >> i & 1u) && o->chk[i]->reset)
            o->chk[i]->reset(o->state[i]);
    o->armed = 0;
    memset(&o->prev, 0, sizeof o->prev);
    oracle__vec_clear(&o->findings);
    oracle__vec_clear(&o->violations);
    oracle__vec_clear(&o->text);
    oracle__vec_clear(&o->f_off);
    oracle__vec_clear(&o->v_off);
    memset(&o->verdict, 0, sizeof o->verdict);
    o->events = 0;
    o->finished = false;
}

/* An armed checker does not take the event's kind while quiet: each
 * armed checker gets the event through event(), the quiet ones that take
 * its kind through their handler, in table order. */
__attribute__((noinline)) static void dispatch_armed(oracle_set *o, const rt_event *ev, unsigned k)
{
    uint32_t armed = o->armed, now = 0;
    uint32_t bits = o->by_kind[k] | armed;
    while (bits) {
        unsigned i = (unsigned)__builtin_ctz(bits);
        uint32_t bit = bits & -bits;
        bits &= bits - 1;
        oracle_handler fn = (armed & bit) ? o->chk[i]->event : o->quiet[k][i];
        if (fn(o->state[i], &o->ctx, ev))
            now |= bit;
    }
    o->armed = now;
}

static inline void event(oracle_set *o, const rt_event *ev)
{
    unsigned k = ev->kind < NKINDS ? ev->kind : 0;
    uint32_t armed = o->armed;
    o->events++;
    if (armed & ~o->by_kind[k]) {
        dispatch_armed(o, ev, k);
    } else { /* the routes of the kind reach every armed checker too */
        uint32_t now = 0;
        for (const oracle_route *r = o->routes[k], *end = r + o->nroutes[k]; r < end; r++)
            if (((armed & r->bit) ? r->full : r->fn)(r->state, &o->ctx, ev))
                now |= r->bit;
        o->armed = now;
    }
    o->prev.kind = ev->kind;
    o->prev.g = ev->g;
    o->prev.a = ev->a;
}

void oracle_event(oracle_set *o, const rt_event *ev)
{
    event(o, ev);
}

__attribute__((noinline)) static void observe_routed(oracle_set *o, const rt_event *ev)
{
    event(o, ev);
}

/* A kind no checker takes while none is armed (a scheduling decision,
 * mostly) only counts and becomes the previous event: a leaf then, without
 * the frame of the routing loop. */
static void observe(void *ctx, const rt_event *ev)
{
    oracle_set *o = ctx;
    unsigned k = ev->kind < NKINDS ? ev->kind : 0;
    if (o->armed | o->by_kind[k]) {
        observe_routed(o, ev);
        return;
    }
    o->events++;
    o->prev.kind = ev->kind;
    o->prev.g = ev->g;
    o->prev.a = ev->a;
}

rt_observer oracle_observer(oracle_set *o)
{
    rt_observer obs = {observe, o};
    return obs;
}

const oracle_verdict *oracle_finish(oracle_set *o)
{
    if (!o->finished) {
        for (size_t i = 0; i < NCHECKERS; i++)
            if ((o->enabled >> i & 1u) && o->chk[i]->finish)
                o->chk[i]->finish(o->state[i], &o->ctx);
        o->finished = true;
        /* Messages were kept as offsets while the text store could move. */
        for (size_t i = 0; i < o->findings.n; i++) {
            oracle_finding *f = oracle__vec_at(&o->findings, i);
            f->message = (const char *)o->text.p + *(size_t *)oracle__vec_at(&o->f_off, i);
        }
        for (size_t i = 0; i < o->violations.n; i++) {
            oracle_violation *v = oracle__vec_at(&o->violations, i);
            v->message = (const char *)o->text.p + *(size_t *)oracle__vec_at(&o->v_off, i);
        }
    }
    o->verdict.findings = (const oracle_finding *)o->findings.p;
    o->verdict.nfindings = o->findings.n;
    o->verdict.violations = (const oracle_violation *)o->violations.p;
    o->verdict.nviolations = o->violations.n;
    o->verdict.events = o->events;
    return &o->verdict;
}

const oracle_verdict *oracle_check_trace(oracle_set *o, const uint8_t *trace, size_t len)
{
    rt_trace_iter it;
    rt_event ev;
    oracle_reset(o);
    rt_trace_iter_init(&it, trace, len);
    while (rt_trace_next(&it, &ev))
        oracle_event(o, &ev);
    if (it.error)
        return NULL;
    return oracle_finish(o);
}

/* ================================================================ reporting */

/* Appends a formatted message to the text store; returns its offset. */
static size_t store_text(oracle_set *o, const char *fmt, va_list ap)
{
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof tmp)
        n = (int)sizeof tmp - 1;
    /* Keep messages on one line. */
    for (int i = 0; i < n; i++)
        if (tmp[i] == '\n' || tmp[i] == '\r')
            tmp[i] = ' ';
    size_t off = o->text.n;
    oracle__vec_grow_to(&o->text, off + (size_t)n + 1);
    memcpy(o->text.p + off, tmp, (size_t)n);
    o->text.p[off + (size_t)n] = 0;
    return off;
}

void oracle__violation(oracle_ctx *c, oracle_id who, const rt_event *ev, const char *fmt, ...)
{
    oracle_set *o = c->o;
    if (o->violations.n >= MAX_VIOLATIONS)
        return;
    va_list ap;
    va_start(ap, fmt);
    size_t off = store_text(o, fmt, ap);
    va_end(ap);
    oracle_violation *v = oracle__vec_push(&o->violations);
    v->oracle = who;
    v->seq = ev ? ev->seq : o->events;
    v->g = ev ? ev->g : 0;
    *(size_t *)oracle__vec_push(&o->v_off) = off;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

void oracle__finding(oracle_ctx *c, oracle_finding_id id, const rt_event *ev, const uint32_t *gs,
                     uint32_t ng, const uint32_t *sites, uint32_t ns, const char *fmt, ...)
{
    oracle_set *o = c->o;
    oracle_finding f;
    memset(&f, 0, sizeof f);
    f.id = id;
    f.seq = ev ? ev->seq : o->events;
    for (uint32_t i = 0; i < ng && f.ngoroutines < ORACLE_MAX_REFS; i++)
        f.goroutines[f.ngoroutines++] = gs[i];
    uint32_t tmp[64];
    uint32_t n = ns < 64 ? ns : 64;
    if (n)
        memcpy(tmp, sites, n * sizeof *tmp);
    qsort(tmp, n, sizeof *tmp, cmp_u32);
    uint64_t key = rt_fnv1a64(&f.id, sizeof f.id, RT_FNV_OFFSET);
    for (uint32_t i = 0; i < n; i++) {
        if (i && tmp[i] == tmp[i - 1])
            continue;
        key = rt_fnv1a64(&tmp[i], sizeof tmp[i], key);
        if (f.nsites < ORACLE_MAX_REFS)
            f.sites[f.nsites++] = tmp[i];
    }
    f.key = key;
    for (size_t i = 0; i < o->findings.n; i++)
        if (((oracle_finding *)oracle__vec_at(&o->findings, i))->key == key)
            return;
    if (o->findings.n >= MAX_FINDINGS)
        return;
    va_list ap;
    va_start(ap, fmt);
    size_t off = store_text(o, fmt, ap);
    va_end(ap);
    *(oracle_finding *)oracle__vec_push(&o->findings) = f;
    *(size_t *)oracle__vec_push(&o->f_off) = off;
}

const char *oracle__site(oracle_ctx *c, uint32_t site)
{
    oracle_set *o = c->o;
    char *b = o->names[o->next_name++ % 8];
    const char *name = (site && o->namer) ? o->namer(o->namer_ctx, site) : NULL;
    if (name)
        snprintf(b, sizeof o->names[0], "%s", name);
    else if (site)
        snprintf(b, sizeof o->names[0], "site %u", site);
    else
        snprintf(b, sizeof o->names[0], "?");
    return b;
}

rt_lang oracle__lang(const oracle_ctx *c)
{
    return c->o->lang;
}

uint64_t oracle__index(const oracle_ctx *c)
{
    return c->o->events - 1;
}

const oracle_prev *oracle__prev(const oracle_ctx *c)
{
    return &c->o->prev;
}

const char *oracle__value(oracle_ctx *c, const rt_value *v)
{
    oracle_set *o = c->o;
    char *b = o->values[o->next_value++ % 8];
    rt_value_format(*v, b, sizeof o->values[0]);
    return b;
}

size_t oracle_verdict_format(const oracle_verdict *v, char *buf, size_t cap)
{
    size_t len = 0;
    if (cap)
        buf[0] = 0;
    for (size_t i = 0; i < v->nfindings; i++) {
        int n =
            snprintf(len < cap ? buf + len : NULL, len < cap ? cap - len : 0, "finding %s: %s\n",
                     oracle_finding_name(v->findings[i].id), v->findings[i].message);
        len += n > 0 ? (size_t)n : 0;
    }
    for (size_t i = 0; i < v->nviolations; i++) {
        int n =
            snprintf(len < cap ? buf + len : NULL, len < cap ? cap - len : 0, "violation %s: %s\n",
                     oracle_name(v->violations[i].oracle), v->violations[i].message);
        len += n > 0 ? (size_t)n : 0;
    }
    return len;
}
