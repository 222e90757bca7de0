/* arg_timing.c - the argument-timing checker (ORC_ARG_TIMING): a deferred
 * call gets the arguments captured when the defer statement ran, while a
 * closure's reads of captured variables see the latest write.
 *
 * It reads events only (never runtime internals). Rules of go-semantics.md
 * it checks:
 *
 *   D1/D2/D3  the bytes a DEFER_CALL passes are the bytes its DEFER_REG
 *             captured (same defer id): arguments, receivers and function
 *             values are evaluated at the defer statement, never at the
 *             call. The bytes of every registration are copied here, since
 *             the runtime may reuse its memory once the call starts.
 *   D4/L1     a VAR_READ of a variable sees the value of the last
 *             VAR_WRITE of that variable id, in trace order (closures
 *             capture by reference, so a deferred closure sees writes made
 *             after the defer statement). A read of a variable never
 *             written is not judged: the client reports only the writes it
 *             wants checked.
 *
 * The VAR_READ/VAR_WRITE events come from rt_note_read/rt_note_write: the
 * interpreter reports every read and write of a variable that a closure
 * captured, with its own id for the variable. The id must name one
 * variable instance, not its declaration: each call of a function, and
 * under go1.22 each loop iteration (L2), makes a new variable, and a
 * closure reads its own one, whatever the other instances were last set
 * to. Ids shared between instances make correct programs look wrong. */
#include "oi.h"

#include <stdio.h>
#include <stdlib.h>

/* Bytes of each side shown in a message. */
#define AT_SHOW 16

/* Arguments captured by one registration, still waiting for the call. */
typedef struct at_args {
    uint64_t id;  /* defer id */
    uint64_t reg; /* seq of the DEFER_REG */
    size_t off;   /* in bytes */
    uint32_t n;
    bool live; /* not called yet */
} at_args;

/* The last write of one variable (open addressing; valid when gen matches). */
typedef struct at_var {
    uint64_t id;
    uint64_t gen;
    uint64_t seq; /* event of the write */
    rt_value v;
} at_var;

typedef struct at_state {
    ovec args;  /* at_args, registration order; called ones at the end are dropped */
    ovec bytes; /* argument bytes of args */
    at_var *vars;
    size_t vcap, vcount;
    uint64_t gen; /* current execution; 0 marks a free slot */
} at_state;

static unsigned long long ull(uint64_t v)
{
    return (unsigned long long)v;
}

/* ================================================================ D1: arguments */

static at_args *args_at(const at_state *st, size_t i)
{
    return oracle__vec_at(&st->args, i);
}

static void on_defer_reg(at_state *st, const rt_event *ev)
{
    at_args *a = OI_PUSH(&st->args, at_args);
    a->id = ev->b;
    a->reg = ev->seq;
    a->off = st->bytes.n;
    a->n = ev->nbytes;
    a->live = true;
    if (ev->nbytes) {
        oracle__vec_grow_to(&st->bytes, a->off + ev->nbytes);
        memcpy((unsigned char *)st->bytes.p + a->off, ev->bytes, ev->nbytes);
    }
}

/* Drops the called registrations at the end, so LIFO use stays O(1). */
static void trim_args(at_state *st)
{
    while (st->args.n && !args_at(st, st->args.n - 1)->live)
        st->args.n--;
    st->bytes.n =
        st->args.n ? args_at(st, st->args.n - 1)->off + args_at(st, st->args.n - 1)->n : 0;
}

/* Up to AT_SHOW bytes of p as hex. */
static void hex(char *out, size_t cap, const uint8_t *p, uint32_t n)
{
    size_t at = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < n && i < AT_SHOW && at + 4 < cap; i++)
        at += (size_t)snprintf(out + at, cap - at, "%s%02x", i ? " " : "", p[i]);
    if (n > AT_SHOW && at + 5 < cap)
        snprintf(out + at, cap - at, " ...");
}

static void report_args(oracle_ctx *c, const rt_event *ev, const at_args *a, const uint8_t *reg)
{
    uint32_t diff = 0;
    while (diff < a->n && diff < ev->nbytes && reg[diff] == ev->bytes[diff])
        diff++;
    char got[AT_SHOW * 3 + 8], want[AT_SHOW * 3 + 8];
    hex(got, sizeof got, ev->bytes, ev->nbytes);
    hex(want, sizeof want, reg, a->n);
    oracle__violation(c, ORC_ARG_TIMING, ev,
                      "D1: defer d%llu of frame f%llu was called with arguments that differ from "
                      "those captured at its defer statement (event %llu), first at byte %u: got "
                      "%u bytes [%s], captured %u bytes [%s]",
                      ull(ev->b), ull(ev->a), ull(a->reg), diff, ev->nbytes, got, a->n, want);
}

static void on_defer_call(at_state *st, oracle_ctx *c, const rt_event *ev)
{
    for (size_t i = st->args.n; i-- > 0;) {
        at_args *a = args_at(st, i);
        if (a->id != ev->b || !a->live)
            continue;
        const uint8_t *reg = a->n ? (const uint8_t *)st->bytes.p + a->off : NULL;
        if (a->n != ev->nbytes || (a->n && memcmp(reg, ev->bytes, a->n) != 0))
            report_args(c, ev, a, reg);
        a->live = false;
        trim_args(st);
        return;
    }
    /* Never registered, or called twice: the defer-order checker says so. */
}

/* ================================================================ D4: variables */

static size_t var_slot(const at_state *st, uint64_t id)
{
    size_t mask = st->vcap - 1;
    size_t i = (size_t)((id * 0x9e3779b97f4a7c15ull) >> 17) & mask;
    while (st->vars[i].gen == st->gen && st->vars[i].id != id)
        i = (i + 1) & mask;
    return i;
}

static void vars_grow(at_state *st)
{
    size_t ocap = st->vcap;
    at_var *old = st->vars;
    st->vcap = ocap ? ocap * 2 : 64;
    st->vars = calloc(st->vcap, sizeof *st->vars);
    if (!st->vars) {
        fputs("deferfuzz oracles: out of memory\n", stderr);
        abort();
    }
    for (size_t i = 0; i < ocap; i++)
        if (old[i].gen == st->gen)
            st->vars[var_slot(st, old[i].id)] = old[i];
    free(old);
}

static void on_var_write(at_state *st, const rt_event *ev)
{
    if ((st->vcount + 1) * 2 > st->vcap)
        vars_grow(st);
    at_var *w = &st->vars[var_slot(st, ev->a)];
    if (w->gen != st->gen)
        st->vcount++;
    w->id = ev->a;
    w->gen = st->gen;
    w->seq = ev->seq;
    w->v = ev->v;
}

/* The value with its kind, so 1 and "1" read differently. */
static const char *describe(oracle_ctx *c, const rt_value *v, char *buf, size_t cap)
{
    static const char *const kinds[] = {"nil",   "int",           "bool",  "string",
                                        "error", "runtime error", "value", "struct{}"};
    const char *k = v->kind < sizeof kinds / sizeof kinds[0] ? kinds[v->kind] : "?";
    if (v->kind == RT_V_NIL || v->kind == RT_V_EMPTY)
        snprintf(buf, cap, "%s", k);
    else
        snprintf(buf, cap, "%s %s", k, oracle__value(c, v));
    return buf;
}

static void on_var_read(at_state *st, oracle_ctx *c, const rt_event *ev)
{
    if (!st->vcap)
        return;
    const at_var *w = &st->vars[var_slot(st, ev->a)];
    if (w->gen != st->gen || rt_value_equal(w->v, ev->v))
        return;
    char got[128], want[128];
    oracle__violation(c, ORC_ARG_TIMING, ev,
                      "D4: read of captured variable v%llu saw %s, but its last write (event "
                      "%llu) stored %s",
                      ull(ev->a), describe(c, &ev->v, got, sizeof got), ull(w->seq),
                      describe(c, &w->v, want, sizeof want));
}

/* ================================================================ checker */

static bool at_event(void *stp, oracle_ctx *c, const rt_event *ev)
{
    at_state *st = stp;
    switch (ev->kind) {
    case RT_EV_DEFER_REG:
        on_defer_reg(st, ev);
        break;
    case RT_EV_DEFER_CALL:
        on_defer_call(st, c, ev);
        break;
    case RT_EV_VAR_WRITE:
        on_var_write(st, ev);
        break;
    case RT_EV_VAR_READ:
        on_var_read(st, c, ev);
        break;
    default:
        break;
    }
    return false;
}

static void at_reset(void *stp)
{
    at_state *st = stp;
    if (st->args.elem == 0) {
        oracle__vec_init(&st->args, sizeof(at_args));
        oracle__vec_init(&st->bytes, 1);
    }
    oracle__vec_clear(&st->args);
    oracle__vec_clear(&st->bytes);
    st->gen++; /* every slot of the previous execution is free now */
    st->vcount = 0;
}

static void at_destroy(void *stp)
{
    at_state *st = stp;
    oracle__vec_free(&st->args);
    oracle__vec_free(&st->bytes);
    free(st->vars);
    st->vars = NULL;
}

const oracle_checker oracle__arg_timing = {
    .name = "arg-timing",
    .state_size = sizeof(at_state),
    .events = OI_EV(RT_EV_DEFER_REG) | OI_EV(RT_EV_DEFER_CALL) | OI_EV(RT_EV_VAR_WRITE) |
              OI_EV(RT_EV_VAR_READ),
    .findings = false,
    .reset = at_reset,
    .event = at_event,
    .on = NULL,
    .finish = NULL,
    .destroy = at_destroy,
};
