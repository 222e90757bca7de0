/* rt_testutil.c - helpers shared by the Criterion suites (see rt_testutil.h). */
#include "rt_testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rt_result tu_run_cfg(const rt_config *cfg, rt_fn main_fn, void *arg)
{
    rt_result r;
    int rc = rt_run(cfg, main_fn, arg, &r);
    if (rc != 0) {
        fprintf(stderr, "rt_run failed: %s\n", rt_strerror(rc));
        abort();
    }
    return r;
}

rt_result tu_run(rt_fn main_fn, void *arg)
{
    rt_config cfg = {0};
    return tu_run_cfg(&cfg, main_fn, arg);
}

rt_result tu_run_bytes(rt_fn main_fn, void *arg, const uint8_t *data, size_t len)
{
    rt_bytes_chooser bc;
    rt_bytes_chooser_init(&bc, data, len);
    rt_config cfg = {0};
    cfg.chooser = &bc.base;
    return tu_run_cfg(&cfg, main_fn, arg);
}

rt_result tu_run_seed(rt_fn main_fn, void *arg, uint64_t seed)
{
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, seed);
    rt_config cfg = {0};
    cfg.chooser = &pc.base;
    return tu_run_cfg(&cfg, main_fn, arg);
}

rt_result tu_run_seed_traced(rt_fn main_fn, void *arg, uint64_t seed)
{
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, seed);
    rt_config cfg = {0};
    cfg.chooser = &pc.base;
    cfg.trace = true;
    return tu_run_cfg(&cfg, main_fn, arg);
}

static void tu_vwrite(int fd, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *buf = rt_alloc((size_t)n + 1);
    vsnprintf(buf, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    rt_write(fd, buf, (size_t)n);
}

void tu_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tu_vwrite(1, fmt, ap);
    va_end(ap);
}

void tu_eprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tu_vwrite(2, fmt, ap);
    va_end(ap);
}

long tu_rss_anon_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "RssAnon:", 8) == 0)
            v = atol(line + 8);
    fclose(f);
    return v;
}
