/* trace.c - events: delivery to observers, the binary trace recorder, its
 * decoder, and the stable text rendering.
 *
 * Binary format, one record per event: kind (1 byte), a presence mask
 * (1 byte: g, site, a, b, c, value, bytes), then each present field as an
 * LEB128 varint; a value is its kind and flags bytes then a zigzag varint
 * (int, bool) or a length-prefixed string; bytes are length-prefixed. The
 * record never holds an address, so equal executions give equal bytes. */
#include "rti.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The recorder's buffer, reused from one execution to the next. */
static _Thread_local rt_buf trace_buf;

uint64_t rt_fnv1a64(const void *data, size_t n, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void rt__emit_slow(rt_exec *x, uint32_t kind, const rt_g *g, uint64_t a, uint64_t b, uint64_t c,
                   const rt_value *v, const void *bytes, uint32_t nbytes)
{
    /* Every field is set one by one: observers read fields, never the
     * padding, and a memset of the whole event cost more than the rest. */
    rt_event ev;
    ev.kind = kind;
    ev.g = g ? g->id : 0;
    ev.seq = x->nevents++;
    ev.site = g ? g->site : 0;
    ev.a = a;
    ev.b = b;
    ev.c = c;
    if (v)
        ev.v = *v;
    else
        ev.v = (rt_value){0};
    ev.bytes = bytes;
    ev.nbytes = nbytes;
    const rt_observer *o = x->obs, *end = o + x->nobs;
    for (; o < end; o++)
        o->on_event(o->ctx, &ev);
}

/* ================================================================ encoding */

enum { M_G = 1, M_SITE = 2, M_A = 4, M_B = 8, M_C = 16, M_V = 32, M_BYTES = 64 };

static void put_varint(rt_buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        unsigned char byte = v & 0x7f;
        v >>= 7;
        tmp[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    rt__buf_append(b, tmp, n);
}

void rt__trace_reset(void)
{
    trace_buf.len = 0;
}

const uint8_t *rt__trace_data(size_t *len)
{
    *len = trace_buf.len;
    return (const uint8_t *)trace_buf.p;
}

static bool has_value(uint32_t kind)
{
    return kind == RT_EV_PANIC || kind == RT_EV_RECOVER || kind == RT_EV_SEND ||
           kind == RT_EV_RECV || kind == RT_EV_CHAN_MAKE || kind == RT_EV_VAR_READ ||
           kind == RT_EV_VAR_WRITE || kind == RT_EV_PANIC_TEXT;
}

void rt__trace_observe(void *ctx, const rt_event *ev)
{
    RT_UNUSED(ctx);
    rt_buf *b = &trace_buf;
    unsigned char head[2];
    unsigned mask = (ev->g ? M_G : 0) | (ev->site ? M_SITE : 0) | (ev->a ? M_A : 0) |
                    (ev->b ? M_B : 0) | (ev->c ? M_C : 0) | (has_value(ev->kind) ? M_V : 0) |
                    (ev->nbytes ? M_BYTES : 0);
    head[0] = (unsigned char)ev->kind;
    head[1] = (unsigned char)mask;
    rt__buf_append(b, head, 2);
    if (mask & M_G)
        put_varint(b, ev->g);
    if (mask & M_SITE)
        put_varint(b, ev->site);
    if (mask & M_A)
        put_varint(b, ev->a);
    if (mask & M_B)
        put_varint(b, ev->b);
    if (mask & M_C)
        put_varint(b, ev->c);
    if (mask & M_V) {
        unsigned char vk[2] = {ev->v.kind, ev->v.flags};
        rt__buf_append(b, vk, 2);
        if (ev->v.kind == RT_V_INT || ev->v.kind == RT_V_BOOL) {
            uint64_t u = (uint64_t)ev->v.i;
            put_varint(b, (u << 1) ^ (uint64_t)(ev->v.i >> 63));
        } else if (ev->v.kind != RT_V_NIL && ev->v.kind != RT_V_EMPTY) {
            put_varint(b, ev->v.n);
            rt__buf_append(b, ev->v.s, ev->v.n);
        }
    }
    if (mask & M_BYTES) {
        put_varint(b, ev->nbytes);
        rt__buf_append(b, ev->bytes, ev->nbytes);
    }
}

/* ================================================================ decoding */

void rt_trace_iter_init(rt_trace_iter *it, const uint8_t *buf, size_t len)
{
    it->p = buf;
    it->end = buf ? buf + len : buf;
    it->seq = 0;
    it->error = false;
}

static bool get_varint(rt_trace_iter *it, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (it->p >= it->end)
            return false;
        unsigned char byte = *it->p++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static bool get_bytes(rt_trace_iter *it, const uint8_t **p, uint32_t *n)
{
    uint64_t len;
    if (!get_varint(it, &len) || len > (uint64_t)(it->end - it->p) || len > UINT32_MAX)
        return false;
    *p = it->p;
    *n = (uint32_t)len;
    it->p += len;
    return true;
}

bool rt_trace_next(rt_trace_iter *it, rt_event *ev)
{
    if (it->error || it->p >= it->end)
        return false;
    memset(ev, 0, sizeof *ev);
    if (it->end - it->p < 2)
        goto bad;
    ev->kind = *it->p++;
    unsigned mask = *it->p++;
    if (ev->kind == 0 || ev->kind >= RT_EV__COUNT || (mask & 0x80))
        goto bad;
    uint64_t t;
    if ((mask & M_G) && (!get_varint(it, &t) || t > UINT32_MAX || !(ev->g = (uint32_t)t)))
        goto bad;
    if ((mask & M_SITE) && (!get_varint(it, &t) || t > UINT32_MAX || !(ev->site = (uint32_t)t)))
        goto bad;
    if ((mask & M_A) && !get_varint(it, &ev->a))
        goto bad;
    if ((mask & M_B) && !get_varint(it, &ev->b))
        goto bad;
    if ((mask & M_C) && !get_varint(it, &ev->c))
        goto bad;
    if (mask & M_V) {
        if (it->end - it->p < 2)
            goto bad;
        ev->v.kind = *it->p++;
        ev->v.flags = *it->p++;
        if (ev->v.kind > RT_V_EMPTY)
            goto bad;
        if (ev->v.kind == RT_V_INT || ev->v.kind == RT_V_BOOL) {
            if (!get_varint(it, &t))
                goto bad;
            ev->v.i = (int64_t)(t >> 1) ^ -(int64_t)(t & 1);
        } else if (ev->v.kind != RT_V_NIL && ev->v.kind != RT_V_EMPTY) {
            const uint8_t *s;
            if (!get_bytes(it, &s, &ev->v.n))
                goto bad;
            ev->v.s = (const char *)s;
        }
    }
    if ((mask & M_BYTES) && !get_bytes(it, &ev->bytes, &ev->nbytes))
        goto bad;
    ev->seq = it->seq++;
    return true;
bad:
    it->error = true;
    return false;
}

/* ================================================================ text */

const char *rt_event_name(rt_event_kind k)
{
    static const char *const names[RT_EV__COUNT] = {[RT_EV_DECISION] = "decision",
                                                    [RT_EV_RUN] = "run",
                                                    [RT_EV_GO_CREATE] = "go",
                                                    [RT_EV_GO_END] = "goend",
                                                    [RT_EV_BLOCK] = "block",
                                                    [RT_EV_READY] = "ready",
                                                    [RT_EV_FRAME_ENTER] = "enter",
                                                    [RT_EV_FRAME_EXIT] = "leave",
                                                    [RT_EV_DEFER_REG] = "defer",
                                                    [RT_EV_DEFER_CALL] = "defer-call",
                                                    [RT_EV_DEFER_RET] = "defer-ret",
                                                    [RT_EV_PANIC] = "panic",
                                                    [RT_EV_RECOVER] = "recover",
                                                    [RT_EV_GOEXIT] = "goexit",
                                                    [RT_EV_PANIC_ABORT] = "abort",
                                                    [RT_EV_CHAN_MAKE] = "make",
                                                    [RT_EV_SEND] = "send",
                                                    [RT_EV_RECV] = "recv",
                                                    [RT_EV_CLOSE] = "close",
                                                    [RT_EV_SELECT] = "select",
                                                    [RT_EV_WG_ADD] = "wg-add",
                                                    [RT_EV_WG_WAIT] = "wg-wait",
                                                    [RT_EV_LOCK] = "lock",
                                                    [RT_EV_UNLOCK] = "unlock",
                                                    [RT_EV_ONCE] = "once",
                                                    [RT_EV_SLEEP] = "sleep",
                                                    [RT_EV_CLOCK] = "clock",
                                                    [RT_EV_PRINT] = "print",
                                                    [RT_EV_END] = "exit",
                                                    [RT_EV_CHAN_OP] = "chan-op",
                                                    [RT_EV_SELECT_BEGIN] = "select-begin",
                                                    [RT_EV_VAR_READ] = "read",
                                                    [RT_EV_VAR_WRITE] = "write",
                                                    [RT_EV_PANIC_TEXT] = "panic-text"};
    return (unsigned)k < RT_EV__COUNT && names[k] ? names[k] : "?";
}

/* A small appender over a fixed buffer that counts what it could not fit. */
typedef struct out {
    char *buf;
    size_t cap, len;
} out;

static void o_put(out *o, const char *s, size_t n)
{
    if (o->len < o->cap) {
        size_t room = o->cap - o->len - 1;
        memcpy(o->buf + o->len, s, n < room ? n : room);
        o->buf[o->len + (n < room ? n : room)] = 0;
    }
    o->len += n;
}

static void o_fmt(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void o_fmt(out *o, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        o_put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Quotes s as a Go string literal would (\n, \t, \", \\, \xNN). */
static void o_quote(out *o, const char *s, size_t n)
{
    o_put(o, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            char e[2] = {'\\', (char)ch};
            o_put(o, e, 2);
        } else if (ch == '\n') {
            o_put(o, "\\n", 2);
        } else if (ch == '\t') {
            o_put(o, "\\t", 2);
        } else if (ch < 0x20 || ch >= 0x7f) {
            o_fmt(o, "\\x%02x", ch);
        } else {
            o_put(o, (const char *)&ch, 1);
        }
    }
    o_put(o, "\"", 1);
}

static void o_value(out *o, const rt_value *v)
{
    static const char *const kinds[] = {"nil",   "int",     "bool", "str",
                                        "error", "rterror", "text", "{}"};
    switch (v->kind) {
    case RT_V_NIL:
    case RT_V_EMPTY:
        o_put(o, kinds[v->kind], strlen(kinds[v->kind]));
        break;
    case RT_V_INT:
        o_fmt(o, "int:%" PRId64, v->i);
        break;
    case RT_V_BOOL:
        o_put(o, v->i ? "bool:true" : "bool:false", v->i ? 9 : 10);
        break;
    default:
        o_fmt(o, "%s:", kinds[v->kind < 8 ? v->kind : 0]);
        o_quote(o, v->s, v->n);
        if (v->flags & RT_VF_LATE) /* its method runs before a report */
            o_put(o, " (late)", 7);
        break;
    }
}

static void o_hex(out *o, const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        o_fmt(o, "%02x", p[i]);
}

static const char *by_name(uint64_t by)
{
    return by == RT_BY_PANIC ? "panic" : by == RT_BY_GOEXIT ? "goexit" : "return";
}

static const char *fatal_name(uint64_t f)
{
    static const char *const n[] = {"none",   "deadlock",       "goexit-deadlock", "unlock",
                                    "go-nil", "stack-overflow", "other",           "panic-print"};
    return f < sizeof n / sizeof n[0] ? n[f] : "?";
}

static const char *lock_name(uint64_t op)
{
    return op == RT_LOCK_WRITE ? "rw-write" : op == RT_LOCK_READ ? "rw-read" : "mutex";
}

static void o_body(out *o, const rt_event *ev)
{
    switch (ev->kind) {
    case RT_EV_DECISION: {
        o_put(o, ev->a == RT_DEC_SELECT ? " select [" : " sched [", ev->a == RT_DEC_SELECT ? 9 : 8);
        for (uint32_t i = 0; i + 4 <= ev->nbytes; i += 4) {
            uint32_t opt;
            memcpy(&opt, ev->bytes + i, 4);
            o_fmt(o, i ? " %" PRIu32 : "%" PRIu32, opt);
        }
        o_fmt(o, "] took %" PRIu64, ev->c);
        break;
    }
    case RT_EV_GO_CREATE:
    case RT_EV_READY:
        o_fmt(o, " g%" PRIu64, ev->a);
        break;
    case RT_EV_GO_END:
        o_put(o, ev->a == RT_GOEND_GOEXIT ? " goexit" : " return", ev->a ? 7 : 7);
        break;
    case RT_EV_BLOCK:
        o_fmt(o, " [%s] obj %" PRIu64, rt_wait_name((rt_wait)ev->a), ev->b);
        break;
    case RT_EV_FRAME_ENTER:
        o_fmt(o, " f%" PRIu64 " depth %" PRIu64, ev->a, ev->b);
        break;
    case RT_EV_FRAME_EXIT:
        o_fmt(o, " f%" PRIu64 " %s", ev->a,
              ev->b == RT_FRAME_RECOVERED ? "recovered"
              : ev->b == RT_FRAME_UNWOUND ? "unwound"
                                          : "return");
        break;
    case RT_EV_DEFER_REG:
        o_fmt(o, " f%" PRIu64 " d%" PRIu64 "%s", ev->a, ev->b,
              ev->c == 1   ? " recover()"
              : ev->c == 2 ? " catch"
                           : "");
        if (ev->nbytes) {
            o_put(o, " args ", 6);
            o_hex(o, ev->bytes, ev->nbytes);
        }
        break;
    case RT_EV_DEFER_CALL:
        o_fmt(o, " f%" PRIu64 " d%" PRIu64 " by %s", ev->a, ev->b, by_name(ev->c));
        if (ev->nbytes) {
            o_put(o, " args ", 6);
            o_hex(o, ev->bytes, ev->nbytes);
        }
        break;
    case RT_EV_DEFER_RET:
        o_fmt(o, " f%" PRIu64 " d%" PRIu64, ev->a, ev->b);
        break;
    case RT_EV_PANIC:
        o_fmt(o, " p%" PRIu64 " ", ev->a);
        o_value(o, &ev->v);
        break;
    case RT_EV_PANIC_TEXT:
        if (ev->b == 2) {
            o_fmt(o, " p%" PRIu64 " begin", ev->a);
            break;
        }
        o_fmt(o, " p%" PRIu64 "%s ", ev->a, ev->b ? " kept" : "");
        o_value(o, &ev->v);
        break;
    case RT_EV_RECOVER:
        o_fmt(o, " p%" PRIu64 " %s from f%" PRIu64 " ", ev->a, ev->b ? "effective" : "nil", ev->c);
        o_value(o, &ev->v);
        break;
    case RT_EV_GOEXIT:
    case RT_EV_PANIC_ABORT:
        o_fmt(o, " p%" PRIu64, ev->a);
        break;
    case RT_EV_CHAN_MAKE:
        o_fmt(o, " c%" PRIu64 " cap %" PRId64 "%s zero ", ev->a, (int64_t)ev->b,
              ev->c ? " timer" : "");
        o_value(o, &ev->v);
        break;
    case RT_EV_CHAN_OP:
        o_fmt(o, " %s c%" PRIu64,
              ev->b == RT_OP_SEND   ? "send"
              : ev->b == RT_OP_RECV ? "recv"
                                    : "close",
              ev->a);
        break;
    case RT_EV_SELECT_BEGIN:
        o_fmt(o, " %" PRIu64 " cases%s", ev->b, ev->c ? " +default" : "");
        for (uint32_t i = 0; i + 8 <= ev->nbytes; i += 8) {
            uint32_t cid, dir;
            memcpy(&cid, ev->bytes + i, 4);
            memcpy(&dir, ev->bytes + i + 4, 4);
            o_fmt(o, " %s c%" PRIu32, dir == RT_SEND ? "send" : "recv", cid);
        }
        break;
    case RT_EV_VAR_READ:
    case RT_EV_VAR_WRITE:
        o_fmt(o, " v%" PRIu64 " ", ev->a);
        o_value(o, &ev->v);
        break;
    case RT_EV_SEND:
        o_fmt(o, " c%" PRIu64 " #%" PRIu64 " ", ev->a, ev->b);
        o_value(o, &ev->v);
        break;
    case RT_EV_RECV:
        o_fmt(o, " c%" PRIu64 " #%" PRIu64 " ok=%s ", ev->a, ev->b, ev->c ? "true" : "false");
        o_value(o, &ev->v);
        break;
    case RT_EV_CLOSE:
        o_fmt(o, " c%" PRIu64, ev->a);
        break;
    case RT_EV_SELECT:
        o_fmt(o, " case %" PRId64 " of %" PRIu64 " ready 0x%" PRIx64, (int64_t)ev->a, ev->b, ev->c);
        break;
    case RT_EV_WG_ADD:
        o_fmt(o, " wg%" PRIu64 " %+" PRId64 " -> %" PRId64, ev->a, (int64_t)ev->b, (int64_t)ev->c);
        break;
    case RT_EV_WG_WAIT:
        o_fmt(o, " wg%" PRIu64, ev->a);
        break;
    case RT_EV_LOCK:
    case RT_EV_UNLOCK:
        o_fmt(o, " m%" PRIu64 " %s", ev->a, lock_name(ev->b));
        break;
    case RT_EV_ONCE:
        o_fmt(o, " o%" PRIu64 " %s", ev->a, ev->b ? "runs" : "done");
        break;
    case RT_EV_SLEEP:
        o_fmt(o, " %" PRIu64 "ns until %" PRIu64, ev->a, ev->b);
        break;
    case RT_EV_CLOCK:
        o_fmt(o, " %" PRIu64 "ns", ev->a);
        break;
    case RT_EV_PRINT:
        o_put(o, ev->a == 2 ? " stderr " : " stdout ", 8);
        o_quote(o, (const char *)ev->bytes, ev->nbytes);
        break;
    case RT_EV_END:
        o_fmt(o, " %s code %" PRId64 " fatal %s", rt_end_name((rt_end)ev->a), (int64_t)ev->b,
              fatal_name(ev->c));
        break;
    default:
        break;
    }
}

size_t rt_event_format(const rt_event *ev, char *buf, size_t cap)
{
    out o = {buf, cap, 0};
    if (cap)
        buf[0] = 0;
    o_fmt(&o, "%06" PRIu64 " g%" PRIu32, ev->seq, ev->g);
    if (ev->site)
        o_fmt(&o, " @%" PRIu32, ev->site);
    o_put(&o, " ", 1);
    const char *name = rt_event_name((rt_event_kind)ev->kind);
    o_put(&o, name, strlen(name));
    o_body(&o, ev);
    return o.len;
}

char *rt_trace_render(const uint8_t *buf, size_t len, size_t *out_len)
{
    rt_buf b = {0};
    rt_trace_iter it;
    rt_event ev;
    char line[512];
    rt_trace_iter_init(&it, buf, len);
    if (!rt__buf_reserve(&b, 0))
        return NULL;
    b.p[0] = 0;
    while (rt_trace_next(&it, &ev)) {
        size_t n = rt_event_format(&ev, line, sizeof line);
        if (n < sizeof line) {
            rt__buf_append(&b, line, n);
        } else {
            char *big = malloc(n + 1);
            if (!big) {
                rt__buf_free(&b);
                return NULL;
            }
            rt_event_format(&ev, big, n + 1);
            rt__buf_append(&b, big, n);
            free(big);
        }
        rt__buf_append(&b, "\n", 1);
    }
    if (it.error) {
        rt__buf_free(&b);
        return NULL;
    }
    if (out_len)
        *out_len = b.len;
    return b.p;
}
