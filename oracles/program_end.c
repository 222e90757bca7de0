/* program_end.c - the program-end checker (ORC_PROGRAM_END): the exit
 * code and the last stderr lines agree with how the program ended; and the
 * findings panic, deadlock and budget-exhausted.
 *
 * It reads events only. Its model: which goroutines are alive (main from
 * the first event, others from GO_CREATE, until GO_END), which are blocked
 * and on what (BLOCK; READY and RUN clear it), each goroutine's panics
 * (PANIC, with the text PANIC_TEXT gives a late value; an effective
 * RECOVER drops the recovered one and, R6, the ones it aborted,
 * PANIC_ABORT), so that its newest live panic is the one that
 * ends the program (a panic recovered inside a deferred call lets the
 * older one resume, P5 RecursivePanic3), how main
 * ended (GO_END a=0 return, a=1 Goexit), and the bytes of the stderr PRINT
 * events that come right before END (the runtime prints crash messages
 * there). Checks at END, by its kind:
 *
 *   return  exit code 0, and the event just before END is main's GO_END
 *           with a=0; main returning ends the program at once (X1): the
 *           event after main's GO_END return is END return. Not legal after
 *           main called Goexit (G6).
 *   exit    os.Exit prints nothing (X2). A user's own println may come
 *           right before os.Exit, so the only thing checked is that the
 *           exiting goroutine's pending panic was not printed.
 *   panic   exit code 2 (P1); stderr ends with the line of the goroutine's
 *           newest panic, "panic: <v>" (a tab before it when it is not the
 *           first of the chain, P5), then the [signal SIGSEGV ...] line for
 *           a nil dereference.
 *   fatal   exit code 2 (X4); stderr ends with "fatal error: <msg>\n" with
 *           the message of the fatal kind (K1, G6, M2, D10, stack
 *           overflow). A deadlock is legal only when every live goroutine
 *           is blocked and none sleeps on a timer (K1, K2); the Goexit
 *           deadlock only when main called Goexit and no goroutine is
 *           alive (G6).
 *   budget  exit code -1 (the program did not end); internal likewise.
 * No event may follow END.
 *
 * Findings:
 *   panic            END panic whose newest panic value is not one of the
 *                    misuse panics other checkers report (send on closed
 *                    channel, close of closed/nil channel, negative
 *                    WaitGroup counter): "panic: <v>" and the PANIC site.
 *   deadlock         END fatal deadlock or Goexit deadlock, with every
 *                    blocked goroutine's wait reason and site.
 *   budget-exhausted END budget.
 *
 * Not checkable from events: the code os.Exit was given (END b is the only
 * record of it), and pending time.After timers (a deadlock with one pending
 * would be a runtime bug, but no event announces the timer). */
#include "oi.h"

#include <stdio.h>

/* Bytes of the trailing stderr kept (the end of the crash report). */
#define PE_TAIL 1024

static const char SIGSEGV_LINE[] =
    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n";

/* Where a goroutine is, in the model. */
typedef enum pe_where { PE_RUNNABLE = 0, PE_RUNNING, PE_BLOCKED } pe_where;

/* What the checker knows of one goroutine, by id. */
typedef struct pe_gor {
    bool alive;
    uint8_t where;       /* pe_where */
    uint32_t wait;       /* rt_wait while blocked */
    uint32_t block_site; /* site of its BLOCK */
    bool sigsegv;        /* one of its panics was a nil dereference */
} pe_gor;

/* A panic raised and not yet recovered. */
typedef struct pe_panic {
    uint32_t g;
    uint32_t site;
    uint64_t id;
    rt_value v;
    bool aborted; /* PANIC_ABORT: gone once a newer panic is recovered (R6) */
    bool gone;    /* recovered, or aborted and then dropped */
} pe_panic;

typedef struct pe_state {
    ovec gors;          /* pe_gor by goroutine id */
    ovec panics;        /* pe_panic, oldest first */
    char tail[PE_TAIL]; /* last bytes of the trailing stderr block: the PRINT events */
    size_t tail_len;    /* bytes in tail */
    uint64_t block_len; /* bytes of the trailing block (may exceed tail) */
    uint64_t tail_next; /* ...right before the event whose oracle__index this is */
    bool main_returned; /* GO_END g1 a=0 */
    bool main_goexited; /* GO_END g1 a=1 */
    uint32_t main_end_site;
    bool ended;         /* END seen */
    bool late_reported; /* an event after END was reported */
} pe_state;

static pe_gor *gor(pe_state *st, uint32_t g)
{
    if (g >= st->gors.n)
        oracle__vec_grow_to(&st->gors, (size_t)g + 1);
    return oracle__vec_at(&st->gors, g);
}

/* ================================================================ stderr tail */

static void tail_append(pe_state *st, const uint8_t *p, size_t n)
{
    st->block_len += n;
    if (n >= PE_TAIL) {
        memcpy(st->tail, p + n - PE_TAIL, PE_TAIL);
        st->tail_len = PE_TAIL;
        return;
    }
    if (st->tail_len + n > PE_TAIL) {
        size_t drop = st->tail_len + n - PE_TAIL;
        memmove(st->tail, st->tail + drop, st->tail_len - drop);
        st->tail_len -= drop;
    }
    if (n) /* p may be NULL for an empty print (damaged traces) */
        memcpy(st->tail + st->tail_len, p, n);
    st->tail_len += n;
}

/* Does the trailing stderr block end with s[0..n)? When the block was
 * longer than what is kept, the kept part must match the end of s. */
static bool tail_ends_with(const pe_state *st, size_t keep_off, const char *s, size_t n)
{
    size_t have = st->tail_len - keep_off;
    if (n > have) {
        if (st->block_len <= st->tail_len)
            return false;
        return memcmp(st->tail, s + n - have, have) == 0;
    }
    return memcmp(st->tail + have - n, s, n) == 0;
}

/* ================================================================ END return / exit */

static void check_return(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    const oracle_prev *prev = oracle__prev(c);
    if (ev->b != 0)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "X1: main returned but the exit code is %lld, not 0",
                          (long long)(int64_t)ev->b);
    if (st->main_goexited)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "G6: END return after main called Goexit (main never returns then)");
    else if (!(prev->kind == RT_EV_GO_END && prev->g == 1 && prev->a == RT_GOEND_RETURN))
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "X1: END return not right after main's GO_END return (previous event %s "
                          "g%u)",
                          rt_event_name((rt_event_kind)prev->kind), prev->g);
}

/* Writes "panic: <v>\n" for v into buf; returns its length, or 0 if it
 * does not fit. */
static size_t panic_line(const rt_value *v, char *buf, size_t cap)
{
    memcpy(buf, "panic: ", 7);
    size_t n = rt_value_format(*v, buf + 7, cap - 8);
    if (n + 8 >= cap)
        return 0;
    buf[7 + n] = '\n';
    return 8 + n;
}

/* The newest panic of goroutine g still live, or NULL. */
static pe_panic *live_panic(pe_state *st, uint32_t g)
{
    for (size_t i = st->panics.n; i-- > 0;) {
        pe_panic *p = oracle__vec_at(&st->panics, i);
        if (p->g == g && !p->gone)
            return p;
    }
    return NULL;
}

/* Does stderr end with panic p's line (and the signal line)? */
static bool ends_with_panic(pe_state *st, const pe_gor *g, const pe_panic *p)
{
    char line[512];
    size_t off = 0;
    size_t sl = sizeof SIGSEGV_LINE - 1;
    if (g->sigsegv && tail_ends_with(st, 0, SIGSEGV_LINE, sl))
        off = sl;
    size_t n = panic_line(&p->v, line, sizeof line);
    if (n == 0) /* too long to compare: the block at least ends a line */
        return st->tail_len > off && st->tail[st->tail_len - off - 1] == '\n';
    return tail_ends_with(st, off, line, n);
}

/* X2: os.Exit skips everything, the crash report of a pending panic too. */
static void check_exit(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    pe_gor *g = gor(st, ev->g);
    pe_panic *p = live_panic(st, ev->g);
    if (p && st->block_len && ends_with_panic(st, g, p))
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "X2: os.Exit(%lld) printed the pending panic of g%u; os.Exit prints "
                          "nothing",
                          (long long)(int64_t)ev->b, ev->g);
}

/* ================================================================ END panic */

/* The misuse panics that have their own finding id. */
static bool misuse_panic(const rt_value *v)
{
    static const char *const rt_msgs[] = {"send on closed channel", "close of closed channel",
                                          "close of nil channel"};
    const char *wg = "sync: negative WaitGroup counter";
    if (v->kind == RT_V_RTERROR) {
        for (size_t i = 0; i < 3; i++)
            if (v->n == strlen(rt_msgs[i]) && memcmp(v->s, rt_msgs[i], v->n) == 0)
                return true;
    }
    return v->kind == RT_V_STR && v->n == strlen(wg) && memcmp(v->s, wg, v->n) == 0;
}

/* The newest panic of g whose value's String or Error method panicked
 * (RT_VF_PRINT_PANICS), or NULL: gc's preprintpanics throws. Live ones
 * only, or (gone) also the recovered ones, which stay on gc's chain while
 * the deferred call that recovered them has not returned (the model keeps
 * them only until the next panic). */
static pe_panic *unprintable_panic(pe_state *st, uint32_t g, bool gone)
{
    for (size_t i = st->panics.n; i-- > 0;) {
        pe_panic *p = oracle__vec_at(&st->panics, i);
        if (p->g == g && (gone || !p->gone) && (p->v.flags & RT_VF_PRINT_PANICS))
            return p;
    }
    return NULL;
}

static void check_panic(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (unprintable_panic(st, ev->g, false))
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "P5: g%u's panic chain holds a value whose method panicked while it "
                          "was made printable; gc ends with \"fatal error: panic while printing "
                          "panic value\", not a panic report",
                          ev->g);
    pe_gor *g = gor(st, ev->g);
    if (ev->b != 2)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "P1: an unrecovered panic ended the program with exit code %lld, not 2",
                          (long long)(int64_t)ev->b);
    pe_panic *p = live_panic(st, ev->g);
    if (!p) {
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "P1: END panic from g%u, which has no unrecovered panic", ev->g);
        return;
    }
    if (!ends_with_panic(st, g, p))
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "P1/P5: stderr does not end with the newest panic's line \"panic: %s\"",
                          oracle__value(c, &p->v));
    if (!misuse_panic(&p->v))
        oracle__finding(c, OF_PANIC, ev, &ev->g, 1, &p->site, 1, "panic: %s at %s",
                        oracle__value(c, &p->v), oracle__site(c, p->site));
}

/* ================================================================ END fatal */

/* K1: the blocked goroutines as "g1 [chan receive] at site 4, ...". */
static void report_deadlock(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    char msg[448];
    uint32_t sites[64], gs[ORACLE_MAX_REFS];
    uint32_t ns = 0, ng = 0;
    int len = snprintf(msg, sizeof msg, "all goroutines are asleep:");
    for (uint32_t id = 1; id < st->gors.n; id++) {
        pe_gor *g = gor(st, id);
        if (!g->alive || g->where != PE_BLOCKED)
            continue;
        if (len < (int)sizeof msg)
            len += snprintf(msg + len, sizeof msg - (size_t)len, "%s g%u [%s] at %s", ns ? "," : "",
                            id, rt_wait_name((rt_wait)g->wait), oracle__site(c, g->block_site));
        if (ns < 64)
            sites[ns++] = g->block_site;
        if (ng < ORACLE_MAX_REFS)
            gs[ng++] = id;
    }
    oracle__finding(c, OF_DEADLOCK, ev, gs, ng, sites, ns, "%s", msg);
}

/* K1/K2: a deadlock needs every live goroutine blocked, none asleep. */
static void check_deadlock(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    uint32_t alive = 0;
    for (uint32_t id = 1; id < st->gors.n; id++) {
        pe_gor *g = gor(st, id);
        if (!g->alive)
            continue;
        alive++;
        if (g->where != PE_BLOCKED)
            oracle__violation(c, ORC_PROGRAM_END, ev, "K1: deadlock reported while g%u is %s", id,
                              g->where == PE_RUNNING ? "running" : "runnable");
        else if (g->wait == RT_WAIT_SLEEP)
            oracle__violation(c, ORC_PROGRAM_END, ev,
                              "K2: deadlock reported while g%u sleeps on a timer", id);
    }
    if (alive == 0)
        oracle__violation(
            c, ORC_PROGRAM_END, ev, "K1: \"all goroutines are asleep\" with no goroutine alive%s",
            st->main_goexited ? " (main called Goexit: G6 wants the Goexit deadlock)" : "");
    report_deadlock(st, c, ev);
}

/* G6: the Goexit deadlock needs main gone by Goexit and nothing alive. */
static void check_goexit_deadlock(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (!st->main_goexited)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "G6: Goexit deadlock but main did not call Goexit");
    for (uint32_t id = 1; id < st->gors.n; id++)
        if (gor(st, id)->alive) {
            oracle__violation(c, ORC_PROGRAM_END, ev,
                              "G6: Goexit deadlock while g%u is still alive", id);
            break;
        }
    uint32_t site = st->main_end_site, one = 1;
    oracle__finding(c, OF_DEADLOCK, ev, &one, 1, &site, 1,
                    "no goroutines (main called runtime.Goexit at %s) - deadlock!",
                    oracle__site(c, site));
}

/* The stderr text each fatal kind must end with; NULL for OTHER/UNLOCK. */
static const char *fatal_text(uint64_t kind)
{
    switch (kind) {
    case RT_FATAL_DEADLOCK:
        return "fatal error: all goroutines are asleep - deadlock!\n";
    case RT_FATAL_GOEXIT_DEADLOCK:
        return "fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n";
    case RT_FATAL_GO_NIL:
        return "fatal error: go of nil func value\n";
    case RT_FATAL_STACK_OVERFLOW:
        return "runtime: goroutine stack exceeds 1000000000-byte limit\n"
               "fatal error: stack overflow\n";
    default:
        return NULL;
    }
}

/* Does stderr end with a "fatal error: ...\n" line? */
static bool ends_with_fatal_line(const pe_state *st)
{
    if (st->tail_len == 0 || st->tail[st->tail_len - 1] != '\n')
        return false;
    size_t i = st->tail_len - 1;
    while (i > 0 && st->tail[i - 1] != '\n')
        i--;
    return st->tail_len - i > 13 && memcmp(st->tail + i, "fatal error: ", 13) == 0;
}

/* M2: one of the three sync messages. */
static bool ends_with_unlock(const pe_state *st)
{
    static const char *const m[] = {"fatal error: sync: unlock of unlocked mutex\n",
                                    "fatal error: sync: Unlock of unlocked RWMutex\n",
                                    "fatal error: sync: RUnlock of unlocked RWMutex\n"};
    for (size_t i = 0; i < 3; i++)
        if (tail_ends_with(st, 0, m[i], strlen(m[i])))
            return true;
    return false;
}

static void check_fatal(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (ev->b != 2)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "X4: a fatal error ended the program with exit code %lld, not 2",
                          (long long)(int64_t)ev->b);
    const char *want = fatal_text(ev->c);
    size_t want_len = want ? strlen(want) : 0;
    char line[512];
    const pe_panic *unprintable = NULL;
    if (ev->c == RT_FATAL_PANIC_PRINT) {
        unprintable = unprintable_panic(st, ev->g, false);
        if (!unprintable) /* the model may have dropped it: then any fatal line */
            unprintable = unprintable_panic(st, ev->g, true);
    }
    if (unprintable) { /* preprintpanics: exactly its line (if it is not too long to compare) */
        memcpy(line, "fatal error: ", 13);
        size_t n = rt_value_format(unprintable->v, line + 13, sizeof line - 14);
        if (n + 14 < sizeof line) {
            line[13 + n] = '\n';
            want = line;
            want_len = 14 + n;
        }
    }
    bool text_ok = want                       ? tail_ends_with(st, 0, want, want_len)
                   : ev->c == RT_FATAL_UNLOCK ? ends_with_unlock(st)
                                              : ends_with_fatal_line(st);
    if (ev->c == RT_FATAL_NONE || ev->c > RT_FATAL_PANIC_PRINT)
        oracle__violation(c, ORC_PROGRAM_END, ev, "X4: END fatal with unknown fatal kind %llu",
                          (unsigned long long)ev->c);
    else if (!text_ok)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "X4: stderr does not end with the fatal error line of this kind "
                          "(%s%s)",
                          want ? "want " : "",
                          want                       ? want
                          : ev->c == RT_FATAL_UNLOCK ? "a sync unlock message, M2"
                                                     : "a \"fatal error: \" line");
    if (ev->c == RT_FATAL_PANIC_PRINT) {
        const pe_panic *p = unprintable ? unprintable : live_panic(st, ev->g);
        uint32_t site = p ? p->site : ev->site;
        oracle__finding(c, OF_PANIC, ev, &ev->g, 1, &site, 1, "panic at %s: %s",
                        oracle__site(c, site),
                        p ? oracle__value(c, &p->v) : "panic while printing panic value");
    }
    if (ev->c == RT_FATAL_DEADLOCK)
        check_deadlock(st, c, ev);
    else if (ev->c == RT_FATAL_GOEXIT_DEADLOCK)
        check_goexit_deadlock(st, c, ev);
}

/* ================================================================ END */

static void on_end(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    st->ended = true;
    if (ev->a != RT_END_FATAL && ev->c != RT_FATAL_NONE)
        oracle__violation(c, ORC_PROGRAM_END, ev, "END %s carries fatal kind %llu",
                          rt_end_name((rt_end)ev->a), (unsigned long long)ev->c);
    switch (ev->a) {
    case RT_END_RETURN:
        check_return(st, c, ev);
        break;
    case RT_END_EXIT:
        check_exit(st, c, ev);
        break;
    case RT_END_PANIC:
        check_panic(st, c, ev);
        break;
    case RT_END_FATAL:
        check_fatal(st, c, ev);
        break;
    case RT_END_BUDGET:
    case RT_END_INTERNAL:
        if ((int64_t)ev->b != -1)
            oracle__violation(c, ORC_PROGRAM_END, ev, "END %s with exit code %lld, not -1",
                              rt_end_name((rt_end)ev->a), (long long)(int64_t)ev->b);
        if (ev->a == RT_END_BUDGET)
            oracle__finding(c, OF_BUDGET_EXHAUSTED, ev, &ev->g, 1, NULL, 0,
                            "the step budget ran out after %llu events (g%u at %s)",
                            (unsigned long long)ev->seq, ev->g, oracle__site(c, ev->site));
        break;
    default:
        oracle__violation(c, ORC_PROGRAM_END, ev, "END of unknown kind %llu",
                          (unsigned long long)ev->a);
    }
}

/* ================================================================ model */

static void on_panic(pe_state *st, const rt_event *ev)
{
    /* Drop the gone panics at the end so a panic loop stays small. */
    while (st->panics.n && ((pe_panic *)oracle__vec_at(&st->panics, st->panics.n - 1))->gone)
        st->panics.n--;
    pe_panic *p = oracle__vec_push(&st->panics);
    p->g = ev->g;
    p->site = ev->site;
    p->id = ev->a;
    p->v = ev->v;
    if (ev->v.flags & RT_VF_SIGSEGV)
        gor(st, ev->g)->sigsegv = true;
}

/* PANIC_TEXT: the value of panic a made printable. A recovered panic the
 * model dropped may still be on gc's chain (the deferred call that
 * recovered it panicked): when its method panicked, it comes back, gone,
 * so that the fatal error it causes is checked and reported (at the site
 * where the program ends: its own is forgotten). */
static void on_panic_text(pe_state *st, const rt_event *ev)
{
    for (size_t i = st->panics.n; i-- > 0;) {
        pe_panic *p = oracle__vec_at(&st->panics, i);
        if (p->g == ev->g && p->id == ev->a) {
            p->v = ev->v;
            return;
        }
    }
    if (ev->v.flags & RT_VF_PRINT_PANICS) {
        pe_panic *p = oracle__vec_push(&st->panics);
        *p = (pe_panic){.g = ev->g, .site = ev->site, .id = ev->a, .v = ev->v, .gone = true};
    }
}

/* PANIC_ABORT a (mark = 1) or an effective RECOVER of a (mark = 2): the
 * recovered panic is gone, and so are the aborted ones of g (R6). */
static void mark_panic(pe_state *st, uint32_t g, uint64_t id, int mark)
{
    for (size_t i = st->panics.n; i-- > 0;) {
        pe_panic *p = oracle__vec_at(&st->panics, i);
        if (p->g != g)
            continue;
        if (p->id == id && mark == 1)
            p->aborted = true;
        else if (p->id == id || (mark == 2 && p->aborted))
            p->gone = true;
    }
}

static void on_go_end(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    gor(st, ev->g)->alive = false;
    if (ev->g != 1)
        return;
    st->main_end_site = ev->site;
    if (ev->a == RT_GOEND_GOEXIT)
        st->main_goexited = true;
    else
        st->main_returned = true;
    (void)c;
}

static void update_model(pe_state *st, oracle_ctx *c, const rt_event *ev)
{
    pe_gor *g = gor(st, ev->g);
    switch (ev->kind) {
    case RT_EV_RUN:
        g->alive = true;
        g->where = PE_RUNNING;
        break;
    case RT_EV_GO_CREATE:
        *gor(st, (uint32_t)ev->a) = (pe_gor){.alive = true, .where = PE_RUNNABLE};
        break;
    case RT_EV_BLOCK:
        g->where = PE_BLOCKED;
        g->wait = (uint32_t)ev->a;
        g->block_site = ev->site;
        break;
    case RT_EV_READY:
        gor(st, (uint32_t)ev->a)->where = PE_RUNNABLE;
        break;
    case RT_EV_GO_END:
        on_go_end(st, c, ev);
        break;
    case RT_EV_PANIC:
        on_panic(st, ev);
        break;
    case RT_EV_PANIC_ABORT:
        mark_panic(st, ev->g, ev->a, 1);
        break;
    case RT_EV_PANIC_TEXT: /* preprintpanics made a late value printable */
        if (ev->b != 2)
            on_panic_text(st, ev);
        break;
    case RT_EV_RECOVER:
        if (ev->b == 1)
            mark_panic(st, ev->g, ev->a, 2);
        break;
    default:
        break;
    }
}

/* The checker sees the events its model and the stderr tail need, and
 * every event once main returned (X1) or the program ended. */
static bool end_event(void *p, oracle_ctx *c, const rt_event *ev)
{
    pe_state *st = p;
    if (st->ended) {
        if (!st->late_reported)
            oracle__violation(c, ORC_PROGRAM_END, ev, "%s after END: the program had ended",
                              rt_event_name((rt_event_kind)ev->kind));
        st->late_reported = true;
        return false;
    }
    if (st->main_returned && ev->kind != RT_EV_END)
        oracle__violation(c, ORC_PROGRAM_END, ev,
                          "X1: %s g%u after main returned; the program must end at once",
                          rt_event_name((rt_event_kind)ev->kind), ev->g);
    /* The trailing block is the stderr PRINTs right before this event:
     * any other event in between (seen here or not) ends it. */
    uint64_t idx = oracle__index(c);
    if (st->tail_next != idx) {
        st->tail_len = 0;
        st->block_len = 0;
    }
    if (ev->kind == RT_EV_PRINT && ev->a == 2) {
        tail_append(st, ev->bytes, ev->nbytes);
        st->tail_next = idx + 1;
    } else if (ev->kind == RT_EV_END) {
        on_end(st, c, ev);
    }
    update_model(st, c, ev);
    return st->ended ? !st->late_reported : st->main_returned;
}

/* While the checker is quiet main has not returned and, if the program
 * ended, the late event was reported already: end_event then judges
 * nothing up front, and only PRINT and END need the stderr tail (an event
 * in between shows as a gap in the indexes). */

static bool q_model(void *p, oracle_ctx *c, const rt_event *ev)
{
    pe_state *st = p;
    if (st->ended)
        return false;
    update_model(st, c, ev);
    return st->main_returned;
}

static bool q_tail(void *p, oracle_ctx *c, const rt_event *ev)
{
    pe_state *st = p;
    if (st->ended)
        return false;
    return end_event(p, c, ev);
}

static const oracle_handler end_on[RT_EV__COUNT] = {
    [RT_EV_PRINT] = q_tail,      [RT_EV_END] = q_tail,         [RT_EV_RUN] = q_model,
    [RT_EV_GO_CREATE] = q_model, [RT_EV_BLOCK] = q_model,      [RT_EV_READY] = q_model,
    [RT_EV_GO_END] = q_model,    [RT_EV_PANIC] = q_model,      [RT_EV_PANIC_ABORT] = q_model,
    [RT_EV_RECOVER] = q_model,   [RT_EV_PANIC_TEXT] = q_model,
};

/* ================================================================ lifecycle */

static void end_reset(void *p)
{
    pe_state *st = p;
    if (!st->gors.elem) {
        oracle__vec_init(&st->gors, sizeof(pe_gor));
        oracle__vec_init(&st->panics, sizeof(pe_panic));
    }
    oracle__vec_clear(&st->gors);
    oracle__vec_clear(&st->panics);
    gor(st, 1)->alive = true; /* main runs from the first event: it has no GO_CREATE */
    st->tail_len = 0;
    st->block_len = 0;
    st->tail_next = 0;
    st->main_returned = false;
    st->main_goexited = false;
    st->main_end_site = 0;
    st->ended = false;
    st->late_reported = false;
}

static void end_destroy(void *p)
{
    pe_state *st = p;
    oracle__vec_free(&st->gors);
    oracle__vec_free(&st->panics);
}

const oracle_checker oracle__program_end = {
    .name = "program-end",
    .state_size = sizeof(pe_state),
    .events = 0, /* the kinds of end_on */
    .findings = true,
    .reset = end_reset,
    .event = end_event,
    .on = end_on,
    .finish = NULL,
    .destroy = end_destroy,
};
