/* value.c - constructors for rt_value and the text Go's panic prints (P3). */
#include "rti.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

rt_value rt_nil(void)
{
    rt_value v = {0};
    return v;
}

rt_value rt_int(int64_t i)
{
    rt_value v = {0};
    v.kind = RT_V_INT;
    v.i = i;
    return v;
}

rt_value rt_bool(bool b)
{
    rt_value v = {0};
    v.kind = RT_V_BOOL;
    v.i = b ? 1 : 0;
    return v;
}

rt_value rt_strn(const char *s, size_t n)
{
    rt_value v = {0};
    v.kind = RT_V_STR;
    v.s = s;
    v.n = (uint32_t)n;
    return v;
}

rt_value rt_str(const char *s)
{
    return rt_strn(s, strlen(s));
}

rt_value rt_error(const char *text)
{
    rt_value v = rt_str(text);
    v.kind = RT_V_ERROR;
    return v;
}

rt_value rt_empty(void)
{
    rt_value v = {0};
    v.kind = RT_V_EMPTY;
    return v;
}

bool rt_value_equal(rt_value a, rt_value b)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case RT_V_NIL:
    case RT_V_EMPTY:
        return true;
    case RT_V_INT:
    case RT_V_BOOL:
        return a.i == b.i;
    default:
        return a.n == b.n && (a.n == 0 || memcmp(a.s, b.s, a.n) == 0) && a.p == b.p;
    }
}

static size_t put(char *buf, size_t cap, size_t at, const char *s, size_t n)
{
    if (at < cap) {
        size_t room = cap - at - 1;
        memcpy(buf + at, s, n < room ? n : room);
        buf[at + (n < room ? n : room)] = 0;
    }
    return at + n;
}

/* Go's printpanicval: strings raw, errors by Error(), ints in decimal. */
size_t rt_value_format(rt_value v, char *buf, size_t cap)
{
    char tmp[32];
    if (cap)
        buf[0] = 0;
    switch (v.kind) {
    case RT_V_NIL:
        return put(buf, cap, 0, "nil", 3);
    case RT_V_INT:
        return put(buf, cap, 0, tmp, (size_t)snprintf(tmp, sizeof tmp, "%" PRId64, v.i));
    case RT_V_BOOL:
        return v.i ? put(buf, cap, 0, "true", 4) : put(buf, cap, 0, "false", 5);
    case RT_V_EMPTY:
        return put(buf, cap, 0, "{}", 2);
    default:
        return put(buf, cap, 0, v.s ? v.s : "", v.s ? v.n : 0);
    }
}
