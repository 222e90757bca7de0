/* choice.c - the built-in choice sources: byte stream, seeded PRNG, replay.
 *
 * A choice source only ever sees decisions with two or more options and
 * must answer with an index below nopts; the scheduler still reduces the
 * answer modulo nopts so a faulty source cannot pick outside the options. */
#include "rti.h"

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
