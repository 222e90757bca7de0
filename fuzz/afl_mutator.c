/* afl_mutator.c - AFL++'s custom mutator library for deferfuzz's inputs
 * (libdeferfuzz_afl_mutator.so; ci/fuzz.sh --engine afl hands it to
 * afl-fuzz in AFL_CUSTOM_MUTATOR_LIBRARY).
 *
 * AFL++ dlopen()s the library and calls, per its custom mutator API
 * (docs/custom_mutators.md, 4.x):
 *   afl_custom_init       once: our state, seeded by afl-fuzz's seed;
 *   afl_custom_fuzz_count how many times the custom stage mutates a
 *                         queue entry: FUZZ_COUNT (256), whatever the
 *                         entry's score. AFL++'s own count grows with the
 *                         score, and a fast, small schedule input scores
 *                         high: it spent the first 60,000 executions on
 *                         the seed alone before trying what the seed had
 *                         found. Executions to reverse_turns.go's
 *                         panic (bench/first_finding.sh ENGINE=afl,
 *                         median of 10 sessions): 66,601 before, 1,958
 *                         with this and AFL_CUSTOM_MUTATOR_ONLY (below);
 *                         in 6 sessions each, about 35,000 with either
 *                         alone, and 4,600 / 3,000 / 7,300 with 64 / 256
 *                         / 1,024 per entry;
 *   afl_custom_fuzz       in the custom stage, before havoc: one
 *                         structure-aware mutation (fz_mutate), or, one
 *                         time in eight when AFL++ offers a second queue
 *                         entry, a crossover with it (fz_crossover);
 *   afl_custom_describe   what the last afl_custom_fuzz did, for the
 *                         names of the queue entries it found
 *                         ("dfz-schedule", ...);
 *   afl_custom_init_trim / afl_custom_trim / afl_custom_post_trim
 *                         trimming (it replaces AFL++'s byte-range
 *                         trimming, which cuts through the header and
 *                         the program length): the candidates of
 *                         fz_trim_candidate, tried in order. A candidate
 *                         that keeps the coverage becomes the new base and
 *                         the same step is tried again on it (it is
 *                         smaller, so this ends); one that does not moves
 *                         to the next step;
 *   afl_custom_deinit     at exit.
 * AFL++'s own stages (deterministic, havoc, splice) still run unless
 * AFL_CUSTOM_MUTATOR_ONLY is set; inputs they break are rejected by the
 * targets and mended by the next afl_custom_fuzz. ci/fuzz.sh sets it: the
 * havoc stage's count also grows with the score, its byte flips mostly
 * break the header or the program length, and fz_mutate makes byte-level
 * changes of its own inside one part.
 *
 * The afl_state_t pointer is not used (NULL is fine), so the library
 * needs none of AFL++'s headers. It is built uninstrumented and without
 * sanitizers (fuzz/CMakeLists.txt): afl-fuzz is neither. */
#include "fz.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef struct afl_mutator {
    uint64_t rng;
    const char *last; /* afl_custom_describe */
    uint8_t *out;     /* afl_custom_fuzz's result */
    size_t out_cap;
    /* trimming: the current base, the candidate handed out, the step */
    uint8_t *base;
    size_t base_len, base_cap;
    uint8_t *cand;
    size_t cand_len, cand_cap;
    size_t step;
    int32_t steps;
} afl_mutator;

EXPORT void *afl_custom_init(void *afl, unsigned int seed);
EXPORT size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                              uint8_t *add_buf, size_t add_buf_size, size_t max_size);
EXPORT uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size);
EXPORT const char *afl_custom_describe(void *data, size_t max_description_len);
EXPORT int32_t afl_custom_init_trim(void *data, uint8_t *buf, size_t buf_size);
EXPORT size_t afl_custom_trim(void *data, uint8_t **out_buf);
EXPORT int32_t afl_custom_post_trim(void *data, unsigned char success);
EXPORT void afl_custom_deinit(void *data);

static uint64_t next_seed(afl_mutator *m)
{
    uint64_t z = (m->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Makes *buf hold at least n bytes (and at least one). */
static bool reserve(uint8_t **buf, size_t *cap, size_t n)
{
    if (n < FZ_HEADER_SIZE)
        n = FZ_HEADER_SIZE;
    if (*cap >= n)
        return true;
    uint8_t *b = realloc(*buf, n);
    if (!b)
        return false;
    *buf = b;
    *cap = n;
    return true;
}

void *afl_custom_init(void *afl, unsigned int seed)
{
    (void)afl;
    afl_mutator *m = calloc(1, sizeof *m);
    if (!m) {
        perror("deferfuzz afl mutator");
        return NULL;
    }
    m->rng = seed;
    m->last = "dfz";
    return m;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
                       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
    afl_mutator *m = data;
    size_t cap = buf_size > max_size ? buf_size : max_size;
    if (!reserve(&m->out, &m->out_cap, cap)) {
        *out_buf = buf; /* out of memory: the input as it is, skipped */
        return 0;
    }
    *out_buf = m->out;
    uint64_t seed = next_seed(m);
    if (add_buf && add_buf_size && seed % 8 == 0) {
        m->last = "dfz-splice";
        return fz_crossover(buf, buf_size, add_buf, add_buf_size, m->out, max_size, seed >> 3);
    }
    if (buf_size)
        memcpy(m->out, buf, buf_size);
    fz_mut_part part;
    size_t n = fz_mutate(m->out, buf_size, max_size, seed >> 3, NULL, NULL, &part);
    static const char *names[] = {"dfz-repair", "dfz-header", "dfz-program", "dfz-schedule"};
    m->last = names[part];
    return n;
}

/* Mutations per queue entry and cycle (see the file comment). */
#define FUZZ_COUNT 256u

uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size)
{
    (void)data;
    (void)buf;
    (void)buf_size;
    return FUZZ_COUNT;
}

const char *afl_custom_describe(void *data, size_t max_description_len)
{
    afl_mutator *m = data;
    static char text[32];
    snprintf(text, sizeof text, "%s", m->last);
    if (max_description_len < sizeof text)
        text[max_description_len] = '\0';
    return text;
}

int32_t afl_custom_init_trim(void *data, uint8_t *buf, size_t buf_size)
{
    afl_mutator *m = data;
    m->step = 0;
    m->steps = 0;
    if (!reserve(&m->base, &m->base_cap, buf_size) || !reserve(&m->cand, &m->cand_cap, buf_size))
        return 0; /* no trimming */
    if (buf_size)
        memcpy(m->base, buf, buf_size);
    m->base_len = buf_size;
    size_t n = fz_trim_count(m->base, m->base_len);
    m->steps = n > INT32_MAX ? INT32_MAX : (int32_t)n;
    return m->steps;
}

size_t afl_custom_trim(void *data, uint8_t **out_buf)
{
    afl_mutator *m = data;
    size_t n = fz_trim_candidate(m->base, m->base_len, m->step, m->cand);
    if (!n) { /* past the last candidate (post_trim prevents it): the base */
        memcpy(m->cand, m->base, m->base_len);
        n = m->base_len;
    }
    m->cand_len = n;
    *out_buf = m->cand;
    return n;
}

int32_t afl_custom_post_trim(void *data, unsigned char success)
{
    afl_mutator *m = data;
    if (success && m->cand_len < m->base_len) {
        memcpy(m->base, m->cand, m->cand_len); /* the same step again, on the smaller input */
        m->base_len = m->cand_len;
    } else {
        m->step++;
    }
    if (m->step >= fz_trim_count(m->base, m->base_len))
        return m->steps; /* done: AFL++ stops at steps */
    return (int32_t)m->step;
}

void afl_custom_deinit(void *data)
{
    afl_mutator *m = data;
    if (!m)
        return;
    free(m->out);
    free(m->base);
    free(m->cand);
    free(m);
}
