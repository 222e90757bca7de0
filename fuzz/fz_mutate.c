/* fz_mutate.c - structure-aware mutation, crossover and trimming of fz
 * inputs (fz.h), for the engines' custom mutators.
 *
 * Every function here first brings its input into canonical form (the
 * layout fz_encode writes: [header | program | schedule] with the header's
 * program length the program part's), works on one part, and writes the
 * result in canonical form again, so that its output always decodes.
 * Randomness comes from the seed only (splitmix64), never from time or
 * addresses: equal inputs and seeds give equal outputs unless the caller
 * lends a byte mutator with randomness of its own. */
#include "fz.h"

#include <stdlib.h>
#include <string.h>

#define H FZ_HEADER_SIZE

/* ================================================================ randomness */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, n); 0 when n is 0. */
static size_t below(rng *r, size_t n)
{
    return n ? (size_t)(next(r) % n) : 0;
}

static size_t min_sz(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* ================================================================ canonical form */

/* The fields of a fresh input: what a foreign byte string gets. */
static fz_input fresh_input(void)
{
    fz_input in;
    memset(&in, 0, sizeof in);
    in.strategy = FZ_STRAT_RAW;
    in.pct_depth = 1;
    in.kind = FZ_PROG_NONE;
    return in;
}

/* Decodes data like fz_decode, but an input of another version is read as
 * if it were of this one (its version byte is not looked at). */
static int decode_any(const uint8_t *data, size_t size, fz_input *in)
{
    int rc = fz_decode(data, size, in, NULL, 0);
    if (rc != FZ_EVERSION)
        return rc;
    /* The header is all that differs: decode a patched copy of it and
     * point the parts back into data. */
    uint8_t head[H];
    size_t n = min_sz(size, H);
    memcpy(head, data, n);
    head[3] = (uint8_t)FZ_VERSION;
    fz_input h;
    fz_decode(head, n, &h, NULL, 0);
    uint64_t claim = 0;
    for (size_t i = 0; i < 4 && 7 + i < n; i++)
        claim |= (uint64_t)head[7 + i] << (8 * i);
    size_t rest = size > H ? size - H : 0;
    size_t p = claim < rest ? (size_t)claim : rest;
    if (p > FZ_MAX_INPUT)
        p = FZ_MAX_INPUT;
    *in = h;
    in->prog = p ? data + H : NULL;
    in->prog_len = p;
    in->sched = rest > p ? data + H + p : NULL;
    in->sched_len = rest - p;
    return FZ_OK;
}

/* Makes data[0..size) (room for max >= H bytes) a canonical input of at
 * most max bytes in place; *in describes it (pointing into data). Returns
 * its size; *repaired tells whether it was not an input of this version. */
static size_t canonical(uint8_t *data, size_t size, size_t max, fz_input *in, bool *repaired)
{
    fz_input d;
    *repaired = fz_decode(data, size, &d, NULL, 0) != FZ_OK;
    if (decode_any(data, size, &d) != FZ_OK) {
        /* Foreign bytes: a fresh header, the bytes as the schedule. */
        size_t n = min_sz(size, max - H);
        memmove(data + H, data, n);
        d = fresh_input();
        fz_put_header(data, &d, 0);
        fz_decode(data, H + n, in, NULL, 0);
        return H + n;
    }
    size_t p = d.kind == FZ_PROG_NONE ? 0 : d.prog_len;
    size_t s = d.sched_len;
    if (d.sched && p != d.prog_len)
        memmove(data + H + p, d.sched, s); /* drop the bytes of a program-less input */
    if (H + p + s > max) {
        if (H + p <= max) {
            s = max - H - p;
        } else {
            s = 0;
            p = max - H;
        }
    }
    fz_put_header(data, &d, p);
    fz_decode(data, H + p + s, in, NULL, 0);
    return H + p + s;
}

/* ================================================================ byte operations */

/* Moves d[at..n) k bytes up (room permitting: the caller checks). A loop
 * rather than memmove: gcc -O2 cannot see that at <= n and warns. */
static void open_gap(uint8_t *d, size_t n, size_t at, size_t k)
{
    for (size_t i = n; i > at; i--)
        d[i - 1 + k] = d[i - 1];
}

/* One own byte-level operation on d[0..n) (room for cap >= n bytes);
 * returns the new length. Small values matter: both the generator and
 * FZ_STRAT_RAW read a byte as a choice modulo a small number. */
static size_t byte_op(rng *r, uint8_t *d, size_t n, size_t cap)
{
    for (int tries = 0; tries < 16; tries++) {
        size_t room = cap - n;
        switch (below(r, 11)) {
        case 0: /* a random byte */
            if (!n)
                continue;
            d[below(r, n)] = (uint8_t)next(r);
            return n;
        case 1: /* a small value */
            if (!n)
                continue;
            d[below(r, n)] = (uint8_t)below(r, 8);
            return n;
        case 2: { /* add or subtract a little */
            if (!n)
                continue;
            size_t i = below(r, n);
            int delta = 1 + (int)below(r, 4);
            d[i] = (uint8_t)(below(r, 2) ? d[i] + delta : d[i] - delta);
            return n;
        }
        case 3: /* a bit */
            if (!n)
                continue;
            d[below(r, n)] ^= (uint8_t)(1u << below(r, 8));
            return n;
        case 4: { /* insert 1..4 bytes */
            if (!room)
                continue;
            size_t k = 1 + below(r, min_sz(room, 4));
            size_t at = below(r, n + 1);
            open_gap(d, n, at, k);
            for (size_t i = 0; i < k; i++)
                d[at + i] = (uint8_t)(below(r, 2) ? below(r, 8) : next(r));
            return n + k;
        }
        case 5: { /* erase 1..4 bytes */
            if (!n)
                continue;
            size_t at = below(r, n);
            size_t k = 1 + below(r, min_sz(n - at, 4));
            memmove(d + at, d + at + k, n - at - k);
            return n - k;
        }
        case 6: /* truncate */
            if (!n)
                continue;
            return below(r, n);
        case 7: { /* append 1..16 bytes */
            if (!room)
                continue;
            size_t k = 1 + below(r, min_sz(room, 16));
            for (size_t i = 0; i < k; i++)
                d[n + i] = (uint8_t)(below(r, 2) ? below(r, 8) : next(r));
            return n + k;
        }
        case 8: { /* duplicate a chunk */
            if (!n || !room)
                continue;
            uint8_t chunk[32];
            size_t from = below(r, n);
            size_t k = 1 + below(r, min_sz(min_sz(n - from, room), sizeof chunk));
            memcpy(chunk, d + from, k);
            size_t at = below(r, n + 1);
            open_gap(d, n, at, k);
            memcpy(d + at, chunk, k);
            return n + k;
        }
        case 9: { /* copy a chunk over another */
            if (n < 2)
                continue;
            size_t from = below(r, n), to = below(r, n);
            size_t k = 1 + below(r, min_sz(n - (from > to ? from : to), 32));
            memmove(d + to, d + from, k);
            return n;
        }
        default: { /* swap two bytes */
            if (n < 2)
                continue;
            size_t i = below(r, n), j = below(r, n);
            uint8_t t = d[i];
            d[i] = d[j];
            d[j] = t;
            return n;
        }
        }
    }
    return n;
}

/* The lent byte mutator on d[0..n) (room for cap bytes), its result
 * clamped to cap. */
static size_t lent_op(fz_byte_mutator bm, void *ctx, uint8_t *d, size_t n, size_t cap)
{
    size_t m = bm(d, n, cap, ctx);
    return m > cap ? cap : m;
}

/* ================================================================ schedule */

/* A seed operation of FZ_STRAT_PRNG / FZ_STRAT_PCT on the schedule
 * d[0..n) (room for cap bytes): a new seed, one seed bit flipped, or
 * (PCT) a new k. Returns the new length. */
static size_t seed_op(rng *r, fz_strategy st, uint8_t *d, size_t n, size_t cap)
{
    unsigned op = (unsigned)below(r, st == FZ_STRAT_PCT ? 5 : 3);
    if (op >= 3 && cap < 12)
        op = 0;
    if (op == 2 && n == 0)
        op = 0;
    if (op <= 1) { /* a new seed: 8 bytes, zero padding kept as such */
        size_t m = n < 8 ? min_sz(8, cap) : n;
        for (size_t i = 0; i < 8 && i < m; i++)
            d[i] = (uint8_t)next(r);
        return m;
    }
    if (op == 2) { /* one seed bit */
        d[below(r, min_sz(n, 8))] ^= (uint8_t)(1u << below(r, 8));
        return n;
    }
    /* k: small, medium or large numbers of decisions; 0 is the default */
    static const uint32_t scale[] = {0, 16, 256, 4096};
    uint32_t sc = scale[below(r, 4)];
    uint32_t k = sc ? 1u + (uint32_t)below(r, sc) : 0;
    if (n < 12) {
        memset(d + n, 0, 12 - n); /* a short seed reads as zero-padded */
        n = 12;
    }
    for (int i = 0; i < 4; i++)
        d[8 + i] = (uint8_t)(k >> (8 * i));
    return n;
}

static size_t mutate_schedule(rng *r, fz_strategy st, uint8_t *d, size_t n, size_t cap,
                              fz_byte_mutator bm, void *ctx)
{
    /* RAW: half the time the engine's mutator (dictionary, CMP hints);
     * seeded strategies: mostly seed operations. */
    unsigned roll = (unsigned)below(r, 4);
    if (bm && cap && (st == FZ_STRAT_RAW ? roll < 2 : roll == 0))
        return lent_op(bm, ctx, d, n, cap);
    if (st != FZ_STRAT_RAW && roll != 3)
        return seed_op(r, st, d, n, cap);
    return byte_op(r, d, n, cap);
}

/* ================================================================ program */

/* Line i of src[0..n): *at and its length with the '\n' (if any). */
static bool line_at(const uint8_t *src, size_t n, size_t i, size_t *at, size_t *len)
{
    size_t start = 0;
    for (size_t k = 0; k < i; k++) {
        const uint8_t *nl = memchr(src + start, '\n', n - start);
        if (!nl)
            return false;
        start = (size_t)(nl - src) + 1;
    }
    if (start >= n)
        return false;
    const uint8_t *nl = memchr(src + start, '\n', n - start);
    *at = start;
    *len = nl ? (size_t)(nl - src) + 1 - start : n - start;
    return true;
}

static size_t count_lines(const uint8_t *src, size_t n)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += src[i] == '\n';
    return lines + (n && src[n - 1] != '\n');
}

/* One line operation on the source src[0..n) into out (room for cap):
 * delete a line, duplicate one, or swap one with the next. Returns the
 * new length, or (size_t)-1 when the operation does not apply. */
static size_t line_op(rng *r, const uint8_t *src, size_t n, uint8_t *out, size_t cap)
{
    size_t lines = count_lines(src, n);
    if (!lines)
        return (size_t)-1;
    size_t i = below(r, lines), at, len;
    if (!line_at(src, n, i, &at, &len))
        return (size_t)-1;
    switch (below(r, 3)) {
    case 0: /* delete */
        memcpy(out, src, at);
        memcpy(out + at, src + at + len, n - at - len);
        return n - len;
    case 1: /* duplicate (a line ending in '\n') */
        if (src[at + len - 1] != '\n' || n + len > cap)
            return (size_t)-1;
        memcpy(out, src, at + len);
        memcpy(out + at + len, src + at, n - at);
        return n + len;
    default: { /* swap with the next line (both ending in '\n') */
        size_t at2, len2;
        if (!line_at(src, n, i + 1, &at2, &len2) || src[at2 + len2 - 1] != '\n')
            return (size_t)-1;
        memcpy(out, src, at);
        memcpy(out + at, src + at2, len2);
        memcpy(out + at + len2, src + at, len);
        memcpy(out + at + len + len2, src + at2 + len2, n - at2 - len2);
        return n;
    }
    }
}

/* Mutates the Go source of the canonical input in data[0..*size) (room
 * for max): a line operation whose result still loads, a few tries.
 * Returns false (data unchanged) when none did. */
static bool mutate_source(rng *r, const fz_input *in, uint8_t *data, size_t *size, size_t max)
{
    size_t p = in->prog_len, s = in->sched_len;
    /* room for the longest result: a line duplicated */
    size_t cap = min_sz(min_sz(max - H - s, FZ_MAX_INPUT), 2 * p);
    if (!p || cap < p)
        return false;
    uint8_t *buf = malloc(cap + s + 1);
    if (!buf)
        return false;
    bool done = false;
    for (int tries = 0; tries < 4 && !done; tries++) {
        size_t n = line_op(r, in->prog, p, buf, cap);
        if (n == (size_t)-1 || n == 0)
            continue;
        fz_input t = *in;
        t.prog = buf;
        t.prog_len = n;
        char *err = NULL;
        lang_program *lp = fz_load(&t, NULL, &err);
        free(err);
        if (!lp)
            continue;
        lang_free(lp);
        /* [source' | schedule] over the old parts */
        if (s)
            memcpy(buf + n, in->sched, s);
        memcpy(data + H, buf, n + s);
        fz_put_header(data, in, n);
        *size = H + n + s;
        done = true;
    }
    free(buf);
    return done;
}

/* Mutates the generator bytes of the canonical input in data[0..*size)
 * (room for max). Returns false when out of memory. */
static bool mutate_generator(rng *r, const fz_input *in, uint8_t *data, size_t *size, size_t max,
                             fz_byte_mutator bm, void *ctx)
{
    size_t p = in->prog_len, s = in->sched_len;
    uint8_t *sched = NULL;
    if (s) {
        sched = malloc(s);
        if (!sched)
            return false;
        memcpy(sched, in->sched, s);
    }
    size_t cap = min_sz(max - H - s, FZ_MAX_INPUT);
    uint8_t *prog = data + H;
    size_t n = bm && cap && below(r, 2) ? lent_op(bm, ctx, prog, p, cap) : byte_op(r, prog, p, cap);
    if (s)
        memcpy(data + H + n, sched, s);
    free(sched);
    fz_put_header(data, in, n);
    *size = H + n + s;
    return true;
}

/* ================================================================ header */

static void mutate_header(rng *r, fz_input *in)
{
    switch (below(r, 4)) {
    case 0: /* another strategy */
        in->strategy = (fz_strategy)(((unsigned)in->strategy + 1 + (unsigned)below(r, 2)) % 3);
        break;
    case 1: { /* another PCT depth (which only PCT reads) */
        uint32_t d = 1 + (uint32_t)below(r, RT_PCT_MAX_DEPTH);
        if (d == in->pct_depth && RT_PCT_MAX_DEPTH > 1)
            d = d % RT_PCT_MAX_DEPTH + 1;
        in->pct_depth = d;
        in->strategy = FZ_STRAT_PCT;
        break;
    }
    case 2:
        in->preempt_sync = !in->preempt_sync;
        break;
    default:
        in->go119 = !in->go119;
        break;
    }
}

/* ================================================================ fz_mutate */

/* The first max (< H) bytes of in's header. */
static size_t tiny(uint8_t *out, size_t max, const uint8_t *data, size_t size)
{
    fz_input in;
    if (decode_any(data, size, &in) != FZ_OK)
        in = fresh_input();
    uint8_t head[H];
    fz_put_header(head, &in, 0);
    if (max)
        memcpy(out, head, max);
    return max;
}

size_t fz_mutate(uint8_t *data, size_t size, size_t max_size, uint64_t seed,
                 fz_byte_mutator byte_mutate, void *ctx, fz_mut_part *part)
{
    fz_mut_part dummy;
    if (!part)
        part = &dummy;
    *part = FZ_MUT_REPAIR;
    if (max_size < H)
        return tiny(data, max_size, data, size);
    rng r = {seed ^ 0x6a09e667f3bcc908ull};
    fz_input in;
    bool repaired;
    size = canonical(data, size, max_size, &in, &repaired);
    if (repaired)
        return size;
    unsigned roll = (unsigned)below(&r, 16);
    if (roll < 2) {
        mutate_header(&r, &in);
        fz_put_header(data, &in, in.prog_len);
        *part = FZ_MUT_HEADER;
        return size;
    }
    if (roll < 8 && in.kind == FZ_PROG_GEN) {
        if (mutate_generator(&r, &in, data, &size, max_size, byte_mutate, ctx)) {
            *part = FZ_MUT_PROGRAM;
            return size;
        }
    } else if (roll < 8 && in.kind == FZ_PROG_SOURCE) {
        if (mutate_source(&r, &in, data, &size, max_size)) {
            *part = FZ_MUT_PROGRAM;
            return size;
        }
    }
    size_t off = H + in.prog_len;
    size_t n = mutate_schedule(&r, in.strategy, data + off, in.sched_len, max_size - off,
                               byte_mutate, ctx);
    *part = FZ_MUT_SCHEDULE;
    return off + n;
}

/* ================================================================ fz_crossover */

/* Appends src[0..n) to out[*len..cap), as much as fits. */
static void append(uint8_t *out, size_t *len, size_t cap, const uint8_t *src, size_t n)
{
    n = min_sz(n, cap - *len);
    if (n)
        memcpy(out + *len, src, n);
    *len += n;
}

/* in of data, a foreign input read as a schedule. */
static void decode_or_schedule(const uint8_t *data, size_t size, fz_input *in)
{
    if (decode_any(data, size, in) != FZ_OK) {
        *in = fresh_input();
        in->sched = size ? data : NULL;
        in->sched_len = size;
    }
    if (in->kind == FZ_PROG_NONE) {
        in->prog = NULL;
        in->prog_len = 0;
    }
}

size_t fz_crossover(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, uint8_t *out,
                    size_t max_out, uint64_t seed)
{
    if (max_out < H)
        return tiny(out, max_out, a, an);
    rng r = {seed ^ 0xbb67ae8584caa73bull};
    fz_input ia, ib;
    decode_or_schedule(a, an, &ia);
    decode_or_schedule(b, bn, &ib);
    fz_input head = ia;
    /* the parts of the result: program p1 + p2, schedule s1 + s2 */
    const uint8_t *p1 = ia.prog, *p2 = NULL, *s1 = ia.sched, *s2 = NULL;
    size_t p1n = ia.prog_len, p2n = 0, s1n = ia.sched_len, s2n = 0;
    unsigned op = (unsigned)below(&r, 4);
    if (op == 3 && !(ia.kind != FZ_PROG_NONE && ib.kind == ia.kind && ib.prog_len))
        op = 1;
    switch (op) {
    case 0: /* a's header and program, b's schedule */
        s1 = ib.sched;
        s1n = ib.sched_len;
        break;
    case 1: { /* a's schedule up to a cut, b's from another */
        size_t i = below(&r, ia.sched_len + 1), j = below(&r, ib.sched_len + 1);
        s1n = i;
        s2 = ib.sched ? ib.sched + j : NULL;
        s2n = ib.sched_len - j;
        break;
    }
    case 2: /* b's strategy and options */
        head.strategy = ib.strategy;
        head.pct_depth = ib.pct_depth;
        head.preempt_sync = ib.preempt_sync;
        head.go119 = ib.go119;
        break;
    default: /* programs */
        if (ia.kind == FZ_PROG_GEN) {
            size_t i = below(&r, ia.prog_len + 1), j = below(&r, ib.prog_len + 1);
            p1n = i;
            p2 = ib.prog + j;
            p2n = ib.prog_len - j;
        } else {
            p1 = ib.prog;
            p1n = ib.prog_len;
        }
        break;
    }
    size_t len = H;
    size_t pcap = H + min_sz(max_out - H, FZ_MAX_INPUT);
    append(out, &len, pcap, p1, p1n);
    append(out, &len, pcap, p2, p2n);
    size_t plen = len - H;
    append(out, &len, max_out, s1, s1n);
    append(out, &len, max_out, s2, s2n);
    fz_put_header(out, &head, plen);
    return len;
}

/* ================================================================ trimming */

/* A trimming candidate: the program without [p_at, p_at + p_len), the
 * schedule's first s_keep bytes. */
typedef struct cut {
    size_t p_at, p_len, s_keep;
} cut;

/* The number of candidates of in; candidate k in *c when k is below it.
 * An FZ_PROG_NONE input's program bytes are dropped by every candidate. */
static size_t cuts(const fz_input *in, size_t k, cut *c)
{
    size_t n = 0;
    size_t p = in->kind == FZ_PROG_NONE ? 0 : in->prog_len;
    size_t s = in->sched_len;
#define CANDIDATE(at, len, keep)                                                                   \
    do {                                                                                           \
        if (n == k) {                                                                              \
            c->p_at = (at);                                                                        \
            c->p_len = (len);                                                                      \
            c->s_keep = (keep);                                                                    \
        }                                                                                          \
        n++;                                                                                       \
    } while (0)
    if (in->kind == FZ_PROG_NONE && in->prog_len)
        CANDIDATE(0, 0, s);
    size_t seed_len = in->strategy == FZ_STRAT_PRNG ? 8 : in->strategy == FZ_STRAT_PCT ? 12 : 0;
    if (seed_len && s > seed_len)
        CANDIDATE(0, 0, seed_len);
    if (s >= 2)
        CANDIDATE(0, 0, s / 2);
    if (s >= 4)
        CANDIDATE(0, 0, s - s / 4);
    if (in->kind == FZ_PROG_GEN) {
        size_t prev = 0;
        for (size_t div = 2; div <= 16; div *= 2) {
            size_t chunk = p / div;
            if (!chunk)
                break;
            if (chunk == prev)
                continue;
            prev = chunk;
            for (size_t at = 0; at < p; at += chunk)
                CANDIDATE(at, min_sz(chunk, p - at), s);
        }
    }
    if (s)
        CANDIDATE(0, 0, s - 1);
    if (in->kind == FZ_PROG_GEN && p)
        CANDIDATE(p - 1, 1, s);
#undef CANDIDATE
    return n;
}

size_t fz_trim_count(const uint8_t *data, size_t size)
{
    fz_input in;
    if (size < H || fz_decode(data, size, &in, NULL, 0) != FZ_OK)
        return 0;
    cut c = {0, 0, 0};
    return cuts(&in, (size_t)-1, &c);
}

size_t fz_trim_candidate(const uint8_t *data, size_t size, size_t k, uint8_t *out)
{
    fz_input in;
    if (size < H || fz_decode(data, size, &in, NULL, 0) != FZ_OK)
        return 0;
    cut c = {0, 0, 0};
    if (k >= cuts(&in, k, &c))
        return 0;
    size_t p = in.kind == FZ_PROG_NONE ? 0 : in.prog_len;
    size_t len = H;
    if (p) {
        memcpy(out + len, in.prog, c.p_at);
        len += c.p_at;
        memcpy(out + len, in.prog + c.p_at + c.p_len, p - c.p_at - c.p_len);
        len += p - c.p_at - c.p_len;
    }
    fz_put_header(out, &in, len - H);
    if (c.s_keep)
        memcpy(out + len, in.sched, c.s_keep);
    return len + c.s_keep;
}
