/* choice.c - the built-in choice sources: byte stream, seeded PRNG, PCT,
 * replay; schedule strings.
 *
 * A choice source only ever sees decisions with two or more options and
 * must answer with an index below nopts; the scheduler still reduces the
 * answer modulo nopts so a faulty source cannot pick outside the options. */
#include "rti.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Default when a stream has no more to say: keep running the current
 * goroutine when it is an option, else the first option. */
static uint32_t default_choice(const rt_decision *d)
{
    return d->keep >= 0 ? (uint32_t)d->keep : 0;
}

static uint32_t bytes_choose(rt_chooser *self, const rt_decision *d)
{
    rt_bytes_chooser *c = (rt_bytes_chooser *)self;
    if (c->pos >= c->len)
        return default_choice(d);
    return c->data[c->pos++] % d->nopts;
}

void rt_bytes_chooser_init(rt_bytes_chooser *c, const uint8_t *data, size_t len)
{
    c->base.choose = bytes_choose;
    c->data = data;
    c->len = len;
    c->pos = 0;
}

/* splitmix64 expands the seed; xoshiro256** produces the stream. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t rt_prng_next(rt_prng_chooser *c)
{
    uint64_t *s = c->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

static uint32_t prng_choose(rt_chooser *self, const rt_decision *d)
{
    rt_prng_chooser *c = (rt_prng_chooser *)self;
    /* Multiply-shift maps 32 random bits onto [0, nopts) without a division. */
    uint64_t r = rt_prng_next(c) >> 32;
    return (uint32_t)((r * d->nopts) >> 32);
}

void rt_prng_chooser_init(rt_prng_chooser *c, uint64_t seed)
{
    c->base.choose = prng_choose;
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        c->s[i] = splitmix64(&x);
}

/* ------------------------------------------------------------ PCT */

/* Initial priority of goroutine g: a hash of (seed, g) above every
 * change-point priority (1..depth-1). */
static uint64_t pct_initial(const rt_pct_chooser *c, uint32_t g)
{
    uint64_t x = c->seed ^ ((uint64_t)g * 0xd1b54a32d192ed03ull);
    uint64_t h = splitmix64(&x);
    return (h | (1ull << 62)) & ~(1ull << 63);
}

static uint64_t pct_priority(rt_pct_chooser *c, uint32_t g)
{
    /* the latest demotion wins: change point i gives priority i */
    for (uint32_t i = c->ndemoted; i-- > 0;)
        if (c->demoted[i] == g)
            return i + 1;
    if (g >= 64)
        return pct_initial(c, g);
    if (!(c->known >> g & 1u)) {
        c->init[g] = pct_initial(c, g);
        c->known |= 1ull << g;
    }
    return c->init[g];
}

static uint32_t pct_best(rt_pct_chooser *c, const rt_decision *d)
{
    uint32_t best = 0;
    uint64_t bp = pct_priority(c, d->opts[0]);
    for (uint32_t i = 1; i < d->nopts; i++) {
        uint64_t p = pct_priority(c, d->opts[i]);
        if (p > bp) {
            bp = p;
            best = i;
        }
    }
    return best;
}

static uint32_t pct_choose(rt_chooser *self, const rt_decision *d)
{
    rt_pct_chooser *c = (rt_pct_chooser *)self;
    if (d->kind != RT_DEC_SCHED)
        return prng_choose(&c->rng.base, d);
    uint32_t best = pct_best(c, d);
    if (!(c->change_bits >> (d->index & 63) & 1u))
        return best; /* no change point at this decision */
    /* change points at this decision demote the goroutine about to run */
    for (uint32_t i = 0; i + 1 < c->depth; i++) {
        if (c->change[i] == d->index && c->ndemoted < RT_PCT_MAX_DEPTH) {
            c->demoted[c->ndemoted++] = d->opts[best];
            best = pct_best(c, d);
        }
    }
    return best;
}

void rt_pct_chooser_init(rt_pct_chooser *c, uint64_t seed, uint32_t depth, uint64_t k)
{
    memset(c, 0, sizeof *c);
    c->base.choose = pct_choose;
    c->seed = seed;
    rt_prng_chooser_init(&c->rng, seed ^ 0x5bd1e9955bd1e995ull);
    c->depth = depth < 1 ? 1 : depth > RT_PCT_MAX_DEPTH ? RT_PCT_MAX_DEPTH : depth;
    if (k < 1)
        k = 1;
    for (uint32_t i = 0; i + 1 < c->depth; i++) {
        c->change[i] = rt_prng_next(&c->rng) % k;
        c->change_bits |= 1ull << (c->change[i] & 63);
    }
}

static uint32_t replay_choose(rt_chooser *self, const rt_decision *d)
{
    rt_replay_chooser *c = (rt_replay_chooser *)self;
    if (c->pos >= c->len) {
        c->diverged = true;
        return default_choice(d);
    }
    uint32_t t = c->taken[c->pos++];
    if (t >= d->nopts) {
        c->diverged = true;
        return default_choice(d);
    }
    return t;
}

void rt_replay_chooser_init(rt_replay_chooser *c, const uint32_t *taken, size_t len)
{
    c->base.choose = replay_choose;
    c->taken = taken;
    c->len = len;
    c->pos = 0;
    c->diverged = false;
}

/* ------------------------------------------------------------ schedule strings */

static const char sched_digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

char *rt_schedule_format_taken(const uint32_t *taken, size_t n)
{
    if (n > (SIZE_MAX - 4) / 12)
        return NULL;
    size_t cap = 4 + n * 12, len = 3;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    memcpy(s, "d1:", 3);
    for (size_t i = 0; i < n; i++) {
        if (taken[i] < 62)
            s[len++] = sched_digits[taken[i]];
        else
            len += (size_t)snprintf(s + len, cap - len, "(%" PRIu32 ")", taken[i]);
    }
    s[len] = 0;
    return s;
}

char *rt_schedule_format(const rt_decision_rec *d, size_t n)
{
    uint32_t *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++)
        t[i] = d[i].taken;
    char *s = rt_schedule_format_taken(t, n);
    free(t);
    return s;
}

int rt_schedule_parse(const char *s, uint32_t **taken, size_t *n, char *err, size_t cap)
{
    *taken = NULL;
    *n = 0;
    if (strncmp(s, "d1:", 3) != 0) {
        snprintf(err, cap, "not a deferfuzz schedule (it starts with \"d1:\")");
        return RT_EINVAL;
    }
    s += 3;
    uint32_t *v = malloc((strlen(s) + 1) * sizeof *v);
    if (!v)
        return RT_ENOMEM;
    size_t k = 0;
    while (*s) {
        const char *p = strchr(sched_digits, *s);
        if (*s == '(') {
            uint64_t x = 0;
            const char *q = s + 1;
            while (*q >= '0' && *q <= '9' && x <= UINT32_MAX)
                x = x * 10 + (uint64_t)(*q++ - '0');
            if (q == s + 1 || *q != ')' || x > UINT32_MAX) {
                snprintf(err, cap, "bad escape near \"%.8s\"", s);
                free(v);
                return RT_EINVAL;
            }
            v[k++] = (uint32_t)x;
            s = q + 1;
        } else if (p) {
            v[k++] = (uint32_t)(p - sched_digits);
            s++;
        } else {
            snprintf(err, cap, "unexpected character '%c' (0x%02x)",
                     isprint((unsigned char)*s) ? *s : '?', (unsigned char)*s);
            free(v);
            return RT_EINVAL;
        }
    }
    *taken = v;
    *n = k;
    return 0;
}
