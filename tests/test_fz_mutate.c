/* test_fz_mutate.c - the structure-aware mutators (fz.h, fz_mutate.c) and
 * AFL++'s custom mutator library (fuzz/afl_mutator.c):
 *   - fz_mutate: for random inputs (valid of every kind, cut off, of
 *     another version, foreign, empty), seeds and size limits the output
 *     decodes, fits, is canonical (the header's program length is the
 *     program part's), keeps the program kind, changes only the part it
 *     reports, and is deterministic in (input, seed); with a lent byte
 *     mutator too, also one that misbehaves;
 *   - fz_crossover: the output decodes, fits and has the first input's kind;
 *   - trimming: every candidate decodes, keeps the kind and is smaller;
 *   - libdeferfuzz_afl_mutator.so, dlopen()ed and driven as afl-fuzz
 *     drives it: init, fuzz (with and without a second input), describe,
 *     the trimming loop (init_trim, trim, post_trim), deinit.
 *
 * DEFERFUZZ_FZ_MUTATE_COUNT (default 4000) scales the random inputs of
 * each test (the valgrind run sets it lower: tests/CMakeLists.txt). */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"

/* ================================================================ helpers */

static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

static size_t below(uint64_t *s, size_t n)
{
    return n ? (size_t)(rnd(s) % n) : 0;
}

static size_t count(void)
{
    const char *s = getenv("DEFERFUZZ_FZ_MUTATE_COUNT");
    return s && *s ? (size_t)strtoull(s, NULL, 10) : 4000;
}

#define BIG 8192

/* Kinds of random inputs. */
enum { IN_VALID, IN_TRUNCATED, IN_OTHER_VERSION, IN_FOREIGN, IN_EMPTY, IN__COUNT };

/* A random input into b (room for BIG bytes); returns its size. Valid
 * inputs have a random kind: generator bytes, a Go source that loads
 * (a generated program) or none (sometimes with stray program bytes). */
static size_t random_input(uint64_t *s, uint8_t *b, int what)
{
    if (what == IN_EMPTY)
        return 0;
    if (what == IN_FOREIGN) {
        size_t n = below(s, 200);
        for (size_t i = 0; i < n; i++)
            b[i] = (uint8_t)rnd(s);
        if (n >= 3 && !memcmp(b, "DFZ", 3))
            b[0] = 'X';
        return n;
    }
    fz_input in;
    memset(&in, 0, sizeof in);
    in.strategy = (fz_strategy)below(s, 3);
    in.pct_depth = 1 + (uint32_t)below(s, RT_PCT_MAX_DEPTH);
    in.preempt_sync = below(s, 2);
    in.go119 = below(s, 2);
    in.kind = (fz_prog_kind)below(s, 3);
    uint8_t prog[256], sched[300];
    size_t pn = below(s, sizeof prog), sn = below(s, sizeof sched);
    for (size_t i = 0; i < pn; i++)
        prog[i] = (uint8_t)(below(s, 2) ? below(s, 8) : rnd(s));
    for (size_t i = 0; i < sn; i++)
        sched[i] = (uint8_t)(below(s, 2) ? below(s, 4) : rnd(s));
    char *src = NULL;
    if (in.kind == FZ_PROG_SOURCE) {
        size_t len;
        src = fz_generate(prog, pn % 24, &len);
        cr_assert(src);
        in.prog = (const uint8_t *)src;
        in.prog_len = len;
    } else if (in.kind == FZ_PROG_GEN || below(s, 4) == 0) {
        in.prog = pn ? prog : NULL;
        in.prog_len = pn;
    }
    in.sched = sn ? sched : NULL;
    in.sched_len = sn;
    uint8_t *enc;
    size_t n = fz_encode(&in, &enc);
    cr_assert(n && n <= BIG);
    memcpy(b, enc, n);
    free(enc);
    free(src);
    if (below(s, 8) == 0)
        b[5] |= 0xc0; /* bits the decoder ignores */
    if (what == IN_TRUNCATED)
        n = below(s, n);
    else if (what == IN_OTHER_VERSION && n > 3)
        b[3] = (uint8_t)(FZ_VERSION + 1 + below(s, 200));
    return n;
}

/* The output is a canonical input: decodes, the header's program length
 * is the program part's, nothing is cut off. */
static void check_canonical(const uint8_t *b, size_t n, fz_input *out)
{
    char err[128];
    cr_assert_eq(fz_decode(b, n, out, err, sizeof err), FZ_OK, "%s", err);
    cr_assert_geq(n, FZ_HEADER_SIZE);
    cr_assert(!fz_truncated(b, n));
    uint32_t claim =
        (uint32_t)b[7] | (uint32_t)b[8] << 8 | (uint32_t)b[9] << 16 | (uint32_t)b[10] << 24;
    cr_assert_eq(claim, out->prog_len);
    cr_assert_eq(FZ_HEADER_SIZE + out->prog_len + out->sched_len, n);
    cr_assert_eq(b[5] & 0xc0, 0);
    if (out->kind == FZ_PROG_NONE)
        cr_assert_eq(out->prog_len, 0);
}

static bool same_bytes(const uint8_t *a, size_t an, const uint8_t *b, size_t bn)
{
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static bool same_header(const fz_input *a, const fz_input *b)
{
    return a->strategy == b->strategy && a->pct_depth == b->pct_depth &&
           a->preempt_sync == b->preempt_sync && a->go119 == b->go119 && a->kind == b->kind;
}

/* A byte mutator as libFuzzer lends one, deterministic in its ctx. */
static size_t fake_bytes(uint8_t *d, size_t size, size_t max, void *ctx)
{
    uint64_t *s = ctx;
    cr_assert_geq(max, 1);
    cr_assert_leq(size, max);
    switch (below(s, 4)) {
    case 0:
        if (size) {
            d[below(s, size)] = (uint8_t)rnd(s);
            return size;
        }
        /* fall through */
    case 1:
        if (size < max) {
            d[size] = (uint8_t)rnd(s);
            return size + 1;
        }
        return size;
    case 2:
        return size ? size - 1 : 0;
    default: {
        size_t n = size + below(s, 64);
        if (n > max)
            n = max;
        for (size_t i = size; i < n; i++)
            d[i] = (uint8_t)rnd(s);
        return n;
    }
    }
}

/* One that claims more than it may (fz_mutate clamps it). */
static size_t greedy_bytes(uint8_t *d, size_t size, size_t max, void *ctx)
{
    (void)ctx;
    if (size)
        d[0] ^= 1;
    return max + 100;
}

/* ================================================================ fz_mutate */

Test(fz_mutate, outputs_decode_fit_and_keep_the_kind)
{
    uint64_t s = 0x1234567;
    uint8_t *b = malloc(BIG), *orig = malloc(BIG);
    size_t parts[4] = {0};
    size_t n_iter = count() * 4;
    for (size_t it = 0; it < n_iter; it++) {
        int what = (int)(it % IN__COUNT);
        size_t n = random_input(&s, b, what);
        memcpy(orig, b, n);
        fz_input before;
        int rc = fz_decode(orig, n, &before, NULL, 0);
        /* mostly room to grow; sometimes tight, sometimes below the input */
        size_t max;
        switch (below(&s, 4)) {
        case 0:
            max = FZ_HEADER_SIZE + below(&s, 64);
            break;
        case 1:
            max = n > FZ_HEADER_SIZE ? FZ_HEADER_SIZE + below(&s, n - FZ_HEADER_SIZE + 1)
                                     : FZ_HEADER_SIZE;
            break;
        default:
            max = BIG;
            break;
        }
        uint64_t seed = rnd(&s);
        uint64_t ctx = seed;
        fz_mut_part part = (fz_mut_part)99;
        size_t m = fz_mutate(b, n, max, seed, below(&s, 2) ? fake_bytes : NULL, &ctx, &part);
        cr_assert_leq(m, max);
        cr_assert(part <= FZ_MUT_SCHEDULE);
        parts[part]++;
        fz_input after;
        check_canonical(b, m, &after);
        if (rc == FZ_OK)
            cr_assert_eq(after.kind, before.kind, "kind %d became %d (input kind %d, size %zu)",
                         before.kind, after.kind, what, n);
        if (rc == FZ_EVERSION && n >= 7)
            cr_assert_eq(after.kind, orig[6] % 3);
        if (rc == FZ_EMAGIC)
            cr_assert_eq(part, FZ_MUT_REPAIR);
        if (rc != FZ_OK || max < n || part == FZ_MUT_REPAIR)
            continue;
        /* Room for the whole input: the parts not mutated are as they were. */
        const uint8_t *bp = before.kind == FZ_PROG_NONE ? NULL : before.prog;
        size_t bpn = before.kind == FZ_PROG_NONE ? 0 : before.prog_len;
        switch (part) {
        case FZ_MUT_HEADER:
            cr_assert(same_bytes(after.prog, after.prog_len, bp, bpn));
            cr_assert(same_bytes(after.sched, after.sched_len, before.sched, before.sched_len));
            cr_assert_eq(after.kind, before.kind);
            break;
        case FZ_MUT_PROGRAM:
            cr_assert_neq(before.kind, FZ_PROG_NONE);
            cr_assert(same_header(&after, &before));
            cr_assert(same_bytes(after.sched, after.sched_len, before.sched, before.sched_len));
            if (before.kind == FZ_PROG_SOURCE) {
                char *err = NULL;
                lang_program *p = fz_load(&after, NULL, &err);
                cr_assert(p, "a mutated source that does not load: %s", err);
                lang_free(p);
            }
            break;
        default:
            cr_assert(same_header(&after, &before));
            cr_assert(same_bytes(after.prog, after.prog_len, bp, bpn));
            break;
        }
    }
    /* Every part gets its turn. */
    for (int i = 0; i < 4; i++)
        cr_assert_gt(parts[i], 0, "part %d never mutated", i);
    free(b);
    free(orig);
}

Test(fz_mutate, deterministic_for_equal_seeds)
{
    uint64_t s = 99;
    uint8_t *in = malloc(BIG), *x = malloc(BIG), *y = malloc(BIG);
    size_t n_iter = count();
    size_t differ = 0, mutated = 0;
    for (size_t it = 0; it < n_iter; it++) {
        size_t n = random_input(&s, in, (int)(it % IN__COUNT));
        uint64_t seed = rnd(&s);
        bool lend = below(&s, 2);
        memcpy(x, in, n);
        memcpy(y, in, n);
        uint64_t cx = seed, cy = seed;
        fz_mut_part px, py;
        size_t a = fz_mutate(x, n, BIG, seed, lend ? fake_bytes : NULL, &cx, &px);
        size_t b = fz_mutate(y, n, BIG, seed, lend ? fake_bytes : NULL, &cy, &py);
        cr_assert_eq(px, py);
        cr_assert(same_bytes(x, a, y, b));
        /* another seed mostly gives another output (a repair has none) */
        if (px == FZ_MUT_REPAIR || lend)
            continue;
        mutated++;
        memcpy(y, in, n);
        b = fz_mutate(y, n, BIG, seed + 1, NULL, NULL, NULL);
        differ += !same_bytes(x, a, y, b);
    }
    cr_assert_gt(differ, mutated * 3 / 4, "%zu of %zu", differ, mutated);
    free(in);
    free(x);
    free(y);
}

Test(fz_mutate, chains_stay_valid_and_kinds_never_change)
{
    /* Mutating the output again and again, as a fuzzer does. */
    uint64_t s = 7;
    uint8_t *b = malloc(BIG);
    size_t chains = count() / 20 + 1;
    for (size_t c = 0; c < chains; c++) {
        size_t n = random_input(&s, b, IN_VALID);
        fz_input first;
        cr_assert_eq(fz_decode(b, n, &first, NULL, 0), FZ_OK);
        uint64_t ctx = c;
        for (int i = 0; i < 100; i++) {
            n = fz_mutate(b, n, 1024, rnd(&s), i % 3 ? NULL : fake_bytes, &ctx, NULL);
            fz_input in;
            check_canonical(b, n, &in);
            cr_assert_eq(in.kind, first.kind);
        }
    }
    free(b);
}

Test(fz_mutate, misbehaving_byte_mutator_is_clamped)
{
    uint64_t s = 5;
    uint8_t *b = malloc(BIG);
    for (size_t it = 0; it < count(); it++) {
        size_t n = random_input(&s, b, IN_VALID);
        size_t max = n + below(&s, 100);
        if (max < FZ_HEADER_SIZE)
            max = FZ_HEADER_SIZE;
        size_t m = fz_mutate(b, n, max, rnd(&s), greedy_bytes, NULL, NULL);
        cr_assert_leq(m, max);
        fz_input in;
        check_canonical(b, m, &in);
    }
    free(b);
}

Test(fz_mutate, repairs_foreign_inputs_and_other_versions)
{
    uint8_t b[64] = "hello, world";
    size_t n = fz_mutate(b, 12, sizeof b, 1, NULL, NULL, NULL);
    fz_input in;
    check_canonical(b, n, &in);
    cr_assert_eq(in.kind, FZ_PROG_NONE);
    cr_assert(same_bytes(in.sched, in.sched_len, (const uint8_t *)"hello, world", 12));

    /* another version: the version byte, the rest as it was */
    uint8_t v[] = {'D', 'F', 'Z', 9, 2, 0x13, 2, 3, 0, 0, 0, 'a', 'b', 'c', 7, 8};
    uint8_t w[64];
    memcpy(w, v, sizeof v);
    fz_mut_part part;
    n = fz_mutate(w, sizeof v, sizeof w, 1, NULL, NULL, &part);
    cr_assert_eq(part, FZ_MUT_REPAIR);
    check_canonical(w, n, &in);
    cr_assert_eq(in.kind, FZ_PROG_GEN);
    cr_assert_eq(in.strategy, FZ_STRAT_PCT);
    cr_assert_eq(in.pct_depth, 4);
    cr_assert(in.preempt_sync);
    cr_assert(same_bytes(in.prog, in.prog_len, (const uint8_t *)"abc", 3));
    cr_assert(same_bytes(in.sched, in.sched_len, (const uint8_t *)"\x07\x08", 2));

    /* no room for a header: a prefix of one, which decodes from 4 bytes */
    uint8_t t[8] = "xyz";
    n = fz_mutate(t, 3, 6, 1, NULL, NULL, NULL);
    cr_assert_eq(n, 6);
    cr_assert_eq(fz_decode(t, n, &in, NULL, 0), FZ_OK);
}

Test(fz_mutate, schedule_ops_know_the_strategy)
{
    /* PCT inputs see their k (bytes 8..11) and seed change, not only bytes. */
    uint64_t s = 11;
    size_t k_changed = 0, seed_changed = 0;
    for (size_t it = 0; it < count(); it++) {
        uint8_t b[256];
        fz_input in;
        memset(&in, 0, sizeof in);
        in.strategy = FZ_STRAT_PCT;
        in.pct_depth = 2;
        in.kind = FZ_PROG_NONE;
        uint8_t sched[4] = {1, 2, 3, 4};
        in.sched = sched;
        in.sched_len = sizeof sched;
        uint8_t *enc;
        size_t n = fz_encode(&in, &enc);
        memcpy(b, enc, n);
        free(enc);
        fz_mut_part part;
        n = fz_mutate(b, n, sizeof b, rnd(&s), NULL, NULL, &part);
        fz_input out;
        check_canonical(b, n, &out);
        if (part != FZ_MUT_SCHEDULE)
            continue;
        k_changed += fz_sched_pct_k(&out) != FZ_PCT_DEFAULT_K;
        seed_changed += fz_sched_seed(&out) != fz_sched_seed(&in);
    }
    cr_assert_gt(k_changed, 0);
    cr_assert_gt(seed_changed, count() / 4);
}

/* ================================================================ fz_crossover */

Test(fz_crossover, outputs_decode_and_keep_the_first_kind)
{
    uint64_t s = 0xabc;
    uint8_t *a = malloc(BIG), *b = malloc(BIG), *out = malloc(BIG);
    for (size_t it = 0; it < count() * 2; it++) {
        size_t an = random_input(&s, a, (int)below(&s, IN__COUNT));
        size_t bn = random_input(&s, b, (int)below(&s, IN__COUNT));
        size_t max = below(&s, 3) ? BIG : FZ_HEADER_SIZE + below(&s, 200);
        uint64_t seed = rnd(&s);
        size_t n = fz_crossover(a, an, b, bn, out, max, seed);
        cr_assert_leq(n, max);
        fz_input o, ia;
        check_canonical(out, n, &o);
        if (fz_decode(a, an, &ia, NULL, 0) == FZ_OK && an >= 7)
            cr_assert_eq(o.kind, ia.kind);
        else if (fz_decode(a, an, &ia, NULL, 0) == FZ_EMAGIC)
            cr_assert_eq(o.kind, FZ_PROG_NONE);
        uint8_t again[BIG];
        cr_assert(same_bytes(out, n, again, fz_crossover(a, an, b, bn, again, max, seed)));
    }
    free(a);
    free(b);
    free(out);
}

Test(fz_crossover, takes_parts_of_both)
{
    uint8_t a[] = {'D', 'F', 'Z', 1, 0, 0, 0, 0, 0, 0, 0, 'a', 'a', 'a', 'a'};
    uint8_t b[] = {'D', 'F', 'Z', 1, 1, 0x10, 0, 0, 0, 0, 0, 'b', 'b', 'b', 'b'};
    bool saw_b_sched = false, saw_b_header = false, saw_mix = false;
    for (uint64_t seed = 0; seed < 200; seed++) {
        uint8_t out[64];
        size_t n = fz_crossover(a, sizeof a, b, sizeof b, out, sizeof out, seed);
        fz_input o;
        check_canonical(out, n, &o);
        bool has_a = o.sched_len && memchr(o.sched, 'a', o.sched_len) != NULL;
        bool has_b = o.sched_len && memchr(o.sched, 'b', o.sched_len) != NULL;
        saw_b_sched |= has_b && !has_a;
        saw_mix |= has_a && has_b;
        saw_b_header |= o.strategy == FZ_STRAT_PRNG && o.preempt_sync;
    }
    cr_assert(saw_b_sched && saw_b_header && saw_mix);
}

/* ================================================================ trimming */

Test(fz_trim, candidates_decode_and_are_smaller)
{
    uint64_t s = 0x7777;
    uint8_t *b = malloc(BIG), *c = malloc(BIG);
    size_t total = 0;
    for (size_t it = 0; it < count(); it++) {
        int what = (int)below(&s, IN__COUNT);
        size_t n = random_input(&s, b, what);
        fz_input in;
        int rc = fz_decode(b, n, &in, NULL, 0);
        size_t k = fz_trim_count(b, n);
        if (rc != FZ_OK || n < FZ_HEADER_SIZE)
            cr_assert_eq(k, 0);
        total += k;
        for (size_t i = 0; i < k; i++) {
            size_t m = fz_trim_candidate(b, n, i, c);
            cr_assert_gt(m, 0);
            cr_assert_lt(m, n);
            fz_input t;
            check_canonical(c, m, &t);
            cr_assert_eq(t.kind, in.kind);
            cr_assert(same_header(&t, &in));
            if (in.kind == FZ_PROG_SOURCE) /* a source is never cut */
                cr_assert(same_bytes(t.prog, t.prog_len, in.prog, in.prog_len));
        }
        cr_assert_eq(fz_trim_candidate(b, n, k, c), 0);
    }
    cr_assert_gt(total, count());
    free(b);
    free(c);
}

Test(fz_trim, seeded_schedules_are_cut_to_the_seed_first)
{
    uint8_t b[40] = {'D', 'F', 'Z', 1, FZ_STRAT_PCT, 0, 0, 0, 0, 0, 0};
    for (int i = FZ_HEADER_SIZE; i < 40; i++)
        b[i] = (uint8_t)i;
    uint8_t c[40];
    cr_assert_gt(fz_trim_count(b, sizeof b), 0);
    cr_assert_eq(fz_trim_candidate(b, sizeof b, 0, c), FZ_HEADER_SIZE + 12);
    b[4] = FZ_STRAT_PRNG;
    cr_assert_eq(fz_trim_candidate(b, sizeof b, 0, c), FZ_HEADER_SIZE + 8);
}

/* ================================================================ the AFL++ library */

typedef void *(*init_fn)(void *, unsigned int);
typedef size_t (*fuzz_fn)(void *, uint8_t *, size_t, uint8_t **, uint8_t *, size_t, size_t);
typedef uint32_t (*fuzz_count_fn)(void *, const uint8_t *, size_t);
typedef const char *(*describe_fn)(void *, size_t);
typedef int32_t (*init_trim_fn)(void *, uint8_t *, size_t);
typedef size_t (*trim_fn)(void *, uint8_t **);
typedef int32_t (*post_trim_fn)(void *, unsigned char);
typedef void (*deinit_fn)(void *);

static void *sym(void *lib, const char *name)
{
    void *p = dlsym(lib, name);
    cr_assert(p, "%s: %s", name, dlerror());
    return p;
}

Test(afl_mutator, driven_like_afl_fuzz)
{
    void *lib = dlopen(AFL_MUTATOR_PATH, RTLD_NOW | RTLD_LOCAL);
    cr_assert(lib, "dlopen: %s", dlerror());
    init_fn init = (init_fn)sym(lib, "afl_custom_init");
    fuzz_fn fuzz = (fuzz_fn)sym(lib, "afl_custom_fuzz");
    fuzz_count_fn fuzz_count = (fuzz_count_fn)sym(lib, "afl_custom_fuzz_count");
    describe_fn describe = (describe_fn)sym(lib, "afl_custom_describe");
    init_trim_fn init_trim = (init_trim_fn)sym(lib, "afl_custom_init_trim");
    trim_fn trim = (trim_fn)sym(lib, "afl_custom_trim");
    post_trim_fn post_trim = (post_trim_fn)sym(lib, "afl_custom_post_trim");
    deinit_fn deinit = (deinit_fn)sym(lib, "afl_custom_deinit");
    /* only the API is exported, not fz's or the runtime's symbols */
    cr_assert_null(dlsym(lib, "fz_mutate"));

    void *m = init(NULL, 1234);
    cr_assert(m);
    uint64_t s = 42;
    uint8_t *buf = malloc(BIG), *add = malloc(BIG);
    const size_t max_file = 1u << 20; /* afl-fuzz's MAX_FILE */
    bool described = false;
    for (size_t it = 0; it < count(); it++) {
        size_t n = random_input(&s, buf, (int)(it % IN__COUNT));
        size_t an = random_input(&s, add, IN_VALID);
        /* a fixed number of mutations per queue entry, never AFL++'s
         * score-driven thousands, never 0 (the stage would be skipped) */
        uint32_t per_entry = fuzz_count(m, buf, n);
        cr_assert(per_entry >= 16 && per_entry <= 4096, "afl_custom_fuzz_count: %u", per_entry);
        uint8_t *out = NULL;
        size_t m_len = fuzz(m, buf, n, &out, below(&s, 2) ? add : NULL, an, max_file);
        cr_assert(out);
        fz_input in;
        check_canonical(out, m_len, &in);
        const char *d = describe(m, 64);
        cr_assert(d && !strncmp(d, "dfz", 3));
        described |= strcmp(d, "dfz") != 0;
        cr_assert_leq(strlen(describe(m, 5)), 5);

        /* trimming, as afl-fuzz's trim_case_custom runs it: a candidate
         * "keeps the coverage" here when it keeps the first schedule byte
         * and half the program */
        if (it % 4)
            continue;
        fz_input orig;
        bool decodes = fz_decode(buf, n, &orig, NULL, 0) == FZ_OK;
        int32_t stage_max = init_trim(m, buf, n);
        cr_assert_geq(stage_max, 0);
        if (!decodes)
            cr_assert_eq(stage_max, 0);
        int32_t stage_cur = 0;
        size_t len = n, runs = 0;
        while (stage_cur < stage_max) {
            uint8_t *t = NULL;
            size_t tn = trim(m, &t);
            cr_assert(t);
            cr_assert_lt(tn, len, "a trim candidate no smaller than its base");
            fz_input c;
            check_canonical(t, tn, &c);
            cr_assert_eq(c.kind, orig.kind);
            bool keep = c.prog_len * 2 >= orig.prog_len &&
                        (orig.sched_len == 0 || (c.sched_len && c.sched[0] == orig.sched[0]));
            if (keep)
                len = tn;
            stage_cur = post_trim(m, keep);
            cr_assert_geq(stage_cur, 0);
            cr_assert_lt(++runs, 100000, "trimming does not end");
        }
    }
    cr_assert(described);
    deinit(m);
    free(buf);
    free(add);
    dlclose(lib);
}
