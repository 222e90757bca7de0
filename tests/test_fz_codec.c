/* test_fz_codec.c - the fuzzing module's input format and generator (fz.h):
 * encode/decode round trips, total decoding once magic and version match
 * (random bytes, cut-off headers, huge length claims), refusal of other
 * versions, the choice source of each strategy, and the generator: every
 * byte string gives a program that loads with go1.22 and go1.19 rules and
 * prints back to itself (gofmt layout), covering the constructs it
 * promises, and generated programs run without crashing the runtime or
 * upsetting the oracles.
 *
 * DEFERFUZZ_FZ_GEN_COUNT (default 200000) is how many random byte strings
 * the generator suite loads (a hundredth of them also run); the valgrind
 * and sanitizer runs set it lower (tests/CMakeLists.txt). */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "fz.h"
#include "oracle.h"

/* ================================================================ helpers */

/* xorshift64*: the tests' own deterministic bytes. */
static uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

static void fill(uint64_t *s, uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(rnd(s) >> 32);
}

/* lang_load frees everything it allocates per program: keep glibc from
 * returning the heap to the kernel after every program (brk calls cost
 * more than the load itself on some kernels). */
static void fast_malloc(void)
{
#if defined(__GLIBC__)
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
}

static size_t gen_count(void)
{
    const char *s = getenv("DEFERFUZZ_FZ_GEN_COUNT");
    return s && *s ? (size_t)strtoull(s, NULL, 10) : 200000;
}

static void header(uint8_t *b, uint8_t strat, uint8_t opt, uint8_t kind, uint32_t plen)
{
    memcpy(b, "DFZ", 3);
    b[3] = FZ_VERSION;
    b[4] = strat;
    b[5] = opt;
    b[6] = kind;
    for (int i = 0; i < 4; i++)
        b[7 + i] = (uint8_t)(plen >> (8 * i));
}

/* A decision with nopts options, goroutine ids 1..nopts, keep as given. */
static rt_decision decision(uint32_t *opts, uint32_t nopts, int32_t keep, uint64_t index)
{
    for (uint32_t i = 0; i < nopts; i++)
        opts[i] = i + 1;
    rt_decision d = {RT_DEC_SCHED, nopts, opts, keep, index};
    return d;
}

/* ================================================================ codec */

Test(fz_codec, round_trip)
{
    uint64_t s = 1;
    uint8_t prog[300], sched[300];
    for (int i = 0; i < 3000; i++) {
        fz_input in;
        memset(&in, 0, sizeof in);
        in.strategy = (fz_strategy)(i % 3);
        in.kind = (fz_prog_kind)((i / 3) % 3);
        in.pct_depth = 1 + (uint32_t)(rnd(&s) % RT_PCT_MAX_DEPTH);
        in.preempt_sync = (i / 9) % 2;
        in.go119 = (i / 18) % 2;
        size_t pl = rnd(&s) % sizeof prog, sl = rnd(&s) % sizeof sched;
        if (i % 7 == 0)
            pl = 0;
        if (i % 11 == 0)
            sl = 0;
        fill(&s, prog, pl);
        fill(&s, sched, sl);
        in.prog = pl ? prog : NULL;
        in.prog_len = pl;
        in.sched = sl ? sched : NULL;
        in.sched_len = sl;
        uint8_t *b = NULL;
        size_t n = fz_encode(&in, &b);
        cr_assert_eq(n, FZ_HEADER_SIZE + pl + sl);
        cr_assert_not_null(b);
        cr_assert(!fz_truncated(b, n));
        fz_input out;
        char err[128];
        cr_assert_eq(fz_decode(b, n, &out, err, sizeof err), FZ_OK, "%s", err);
        cr_assert_eq(out.strategy, in.strategy);
        cr_assert_eq(out.kind, in.kind);
        cr_assert_eq(out.pct_depth, in.pct_depth);
        cr_assert_eq(out.preempt_sync, in.preempt_sync);
        cr_assert_eq(out.go119, in.go119);
        cr_assert_eq(out.prog_len, pl);
        cr_assert_eq(out.sched_len, sl);
        cr_assert(pl == 0 || !memcmp(out.prog, prog, pl));
        cr_assert(sl == 0 || !memcmp(out.sched, sched, sl));
        /* and encoding the decoded input gives the same bytes */
        uint8_t *b2 = NULL;
        size_t n2 = fz_encode(&out, &b2);
        cr_assert_eq(n2, n);
        cr_assert(!memcmp(b, b2, n));
        free(b);
        free(b2);
    }
}

Test(fz_codec, header_fields)
{
    uint8_t b[32];
    header(b, 4, 0x3f, 5, 3); /* 4 % 3 = prng; depth 16, sync, go1.19; 5 % 3 = gen */
    memcpy(b + 11, "abcdef", 6);
    fz_input in;
    cr_assert_eq(fz_decode(b, 17, &in, NULL, 0), FZ_OK);
    cr_assert_eq(in.strategy, FZ_STRAT_PRNG);
    cr_assert_eq(in.pct_depth, 16);
    cr_assert(in.preempt_sync);
    cr_assert(in.go119);
    cr_assert_eq(in.kind, FZ_PROG_GEN);
    cr_assert_eq(in.prog_len, 3);
    cr_assert(!memcmp(in.prog, "abc", 3));
    cr_assert_eq(in.sched_len, 3);
    cr_assert(!memcmp(in.sched, "def", 3));

    header(b, 2, 0xc2, 1, 0); /* bits 6-7 ignored: depth 3, stmt, go1.22 */
    cr_assert_eq(fz_decode(b, 11, &in, NULL, 0), FZ_OK);
    cr_assert_eq(in.strategy, FZ_STRAT_PCT);
    cr_assert_eq(in.pct_depth, 3);
    cr_assert(!in.preempt_sync);
    cr_assert(!in.go119);
    cr_assert_eq(in.kind, FZ_PROG_SOURCE);
    cr_assert_eq(in.prog_len, 0);
    cr_assert_eq(in.sched_len, 0);

    /* the encoder writes bits 6-7 as zero */
    in.pct_depth = 5;
    in.preempt_sync = true;
    uint8_t *e = NULL;
    size_t n = fz_encode(&in, &e);
    cr_assert_eq(n, 11);
    cr_assert_eq(e[4], 2);
    cr_assert_eq(e[5], 0x14);
    cr_assert_eq(e[6], 1);
    free(e);
}

Test(fz_codec, refuses_other_magic_and_versions)
{
    char err[128];
    fz_input in;
    uint8_t b[16];
    header(b, 0, 0, 1, 0);
    b[3] = 7;
    cr_assert_eq(fz_decode(b, sizeof b, &in, err, sizeof err), FZ_EVERSION);
    cr_assert_str_eq(err, "input version 7, this deferfuzz reads version 1");
    for (unsigned v = 0; v < 256; v++) {
        b[3] = (uint8_t)v;
        int rc = fz_decode(b, sizeof b, &in, err, sizeof err);
        cr_assert_eq(rc, v == FZ_VERSION ? FZ_OK : FZ_EVERSION, "version %u", v);
        cr_assert(v == FZ_VERSION || !fz_truncated(b, sizeof b));
    }
    b[3] = FZ_VERSION;
    b[0] = 'd';
    cr_assert_eq(fz_decode(b, sizeof b, &in, err, sizeof err), FZ_EMAGIC);
    cr_assert_str_eq(err, "not a deferfuzz input (no DFZ header)");
    const char *texts[] = {"", "D", "DF", "package main\n", "\177ELF"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        cr_assert_eq(fz_decode((const uint8_t *)texts[i], strlen(texts[i]), &in, err, sizeof err),
                     FZ_EMAGIC, "%s", texts[i]);
    cr_assert_eq(fz_decode(NULL, 0, &in, err, sizeof err), FZ_EMAGIC);
    /* magic without a version byte */
    cr_assert_eq(fz_decode((const uint8_t *)"DFZ", 3, &in, err, sizeof err), FZ_EMAGIC);
    cr_assert(strstr(err, "truncated"), "%s", err);
    /* a tiny err buffer is never overrun */
    char small[8];
    memset(small, 'x', sizeof small);
    b[3] = 9;
    b[0] = 'D';
    cr_assert_eq(fz_decode(b, sizeof b, &in, small, 4), FZ_EVERSION);
    cr_assert_eq(small[3], '\0');
    cr_assert_eq(small[4], 'x');
}

Test(fz_codec, truncated_headers_decode)
{
    uint8_t b[FZ_HEADER_SIZE];
    header(b, 2, 0x25, 2, 100);
    for (size_t len = 4; len <= FZ_HEADER_SIZE; len++) {
        fz_input in;
        cr_assert_eq(fz_decode(b, len, &in, NULL, 0), FZ_OK, "len %zu", len);
        cr_assert(fz_truncated(b, len), "len %zu", len);
        cr_assert_eq(in.prog_len, 0);
        cr_assert_eq(in.sched_len, 0);
        cr_assert_eq(in.strategy, len > 4 ? FZ_STRAT_PCT : FZ_STRAT_RAW);
        cr_assert_eq(in.pct_depth, len > 5 ? 6u : 1u);
        cr_assert_eq(in.go119, len > 5);
        cr_assert_eq(in.kind, len > 6 ? FZ_PROG_GEN : FZ_PROG_NONE);
        /* a decoded input always runs: the generator and the chooser take it */
        char *err = NULL;
        if (in.kind == FZ_PROG_GEN) {
            lang_program *p = fz_load(&in, NULL, &err);
            cr_assert_not_null(p, "%s", err);
            lang_free(p);
        }
        fz_chooser c;
        uint32_t o[3];
        rt_decision d = decision(o, 3, 1, 0);
        rt_chooser *ch = fz_chooser_init(&c, &in);
        cr_assert_lt(ch->choose(ch, &d), 3u);
    }
    cr_assert(!fz_truncated(b, 3));
}

Test(fz_codec, huge_length_claims_are_clamped)
{
    uint8_t b[20];
    header(b, 0, 0, 1, 0xffffffffu);
    memset(b + 11, 'x', 9);
    fz_input in;
    cr_assert_eq(fz_decode(b, sizeof b, &in, NULL, 0), FZ_OK);
    cr_assert_eq(in.prog_len, 9);
    cr_assert_eq(in.sched_len, 0);
    cr_assert(fz_truncated(b, sizeof b));
    header(b, 0, 0, 1, 10);
    cr_assert(fz_truncated(b, sizeof b));
    header(b, 0, 0, 1, 9);
    cr_assert(!fz_truncated(b, sizeof b));

    /* past FZ_MAX_INPUT the rest is schedule */
    size_t n = FZ_HEADER_SIZE + FZ_MAX_INPUT + 100;
    uint8_t *big = calloc(1, n);
    cr_assert_not_null(big);
    header(big, 0, 0, 2, FZ_MAX_INPUT + 50);
    cr_assert_eq(fz_decode(big, n, &in, NULL, 0), FZ_OK);
    cr_assert_eq(in.prog_len, FZ_MAX_INPUT);
    cr_assert_eq(in.sched_len, 100);
    cr_assert_eq(in.sched, big + FZ_HEADER_SIZE + FZ_MAX_INPUT);
    /* the encoder refuses what the decoder would clamp */
    fz_input e = {.kind = FZ_PROG_SOURCE, .prog = big, .prog_len = FZ_MAX_INPUT + 1};
    uint8_t *out = (uint8_t *)1;
    cr_assert_eq(fz_encode(&e, &out), 0);
    cr_assert_null(out);
    free(big);
}

/* Any bytes after a valid magic and version decode, stay inside the
 * input, split it exactly, and drive a valid choice stream; generator
 * bytes always load. */
Test(fz_codec, total_decoding_of_random_bytes)
{
    fast_malloc();
    uint64_t s = 42;
    uint8_t buf[600];
    for (int i = 0; i < 20000; i++) {
        size_t len = 4 + rnd(&s) % (sizeof buf - 4);
        if (i % 4 == 0)
            len = 4 + rnd(&s) % 16;
        fill(&s, buf, len);
        memcpy(buf, "DFZ", 3);
        buf[3] = FZ_VERSION;
        if (i % 3 == 0) /* plausible length claims too */
            buf[7 + 0] = (uint8_t)(rnd(&s) % 64), buf[8] = buf[9] = buf[10] = 0;
        fz_input in;
        char err[128];
        cr_assert_eq(fz_decode(buf, len, &in, err, sizeof err), FZ_OK, "%s", err);
        size_t rest = len > FZ_HEADER_SIZE ? len - FZ_HEADER_SIZE : 0;
        cr_assert_eq(in.prog_len + in.sched_len, rest);
        cr_assert(in.prog_len == 0 || in.prog == buf + FZ_HEADER_SIZE);
        cr_assert(in.sched_len == 0 || in.sched == buf + FZ_HEADER_SIZE + in.prog_len);
        cr_assert(in.pct_depth >= 1 && in.pct_depth <= RT_PCT_MAX_DEPTH);
        cr_assert((unsigned)in.strategy < 3 && (unsigned)in.kind < 3);
        fz_chooser c;
        rt_chooser *ch = fz_chooser_init(&c, &in);
        uint32_t o[8];
        for (uint64_t k = 0; k < 20; k++) {
            uint32_t nopts = 2 + (uint32_t)(rnd(&s) % 7);
            rt_decision d = decision(o, nopts, (int32_t)(rnd(&s) % (nopts + 1)) - 1, k);
            cr_assert_lt(ch->choose(ch, &d), nopts);
        }
        if (in.kind == FZ_PROG_GEN && i % 4 == 1) {
            char *lerr = NULL;
            lang_program *p = fz_load(&in, NULL, &lerr);
            cr_assert_not_null(p, "generated program does not load: %s", lerr);
            lang_free(p);
        } else if (in.kind == FZ_PROG_SOURCE && i % 16 == 1) {
            char *lerr = NULL;
            lang_program *p = fz_load(&in, NULL, &lerr);
            cr_assert(p || lerr);
            lang_free(p);
            free(lerr);
        }
    }
}

Test(fz_codec, load_kinds)
{
    const char *src = "package main\n\nfunc main() {\n\tprintln(1)\n}\n";
    fz_input in = {.kind = FZ_PROG_SOURCE, .prog = (const uint8_t *)src, .prog_len = strlen(src)};
    char *err = NULL;
    lang_program *p = fz_load(&in, NULL, &err);
    cr_assert_not_null(p, "%s", err);
    cr_assert_str_eq(lang_filename(p), FZ_SOURCE_NAME);
    lang_free(p);
    in.prog_len -= 3; /* cut off: the front end's message */
    p = fz_load(&in, NULL, &err);
    cr_assert_null(p);
    cr_assert_not_null(err);
    cr_assert(strstr(err, FZ_SOURCE_NAME ":"), "%s", err);
    free(err);
    in.kind = FZ_PROG_NONE;
    p = fz_load(&in, NULL, &err);
    cr_assert_null(p);
    cr_assert_not_null(err);
    free(err);
    in.kind = FZ_PROG_GEN;
    in.prog = NULL;
    in.prog_len = 0;
    p = fz_load(&in, NULL, &err);
    cr_assert_not_null(p, "%s", err);
    cr_assert_str_eq(lang_filename(p), FZ_GEN_NAME);
    lang_free(p);
}

/* ================================================================ choosers */

Test(fz_chooser, raw_one_byte_per_decision)
{
    uint8_t sched[64];
    uint64_t s = 9;
    fill(&s, sched, sizeof sched);
    fz_input in = {.strategy = FZ_STRAT_RAW, .sched = sched, .sched_len = sizeof sched};
    uint32_t o[8];
    uint32_t nopts[80], got[80];
    for (int k = 0; k < 80; k++)
        nopts[k] = 2 + (uint32_t)(rnd(&s) % 7);
    fz_chooser c;
    rt_chooser *ch = fz_chooser_init(&c, &in);
    for (int k = 0; k < 80; k++) {
        int32_t keep = k % 3 == 0 ? -1 : (int32_t)(k % nopts[k]);
        rt_decision d = decision(o, nopts[k], keep, (uint64_t)k);
        got[k] = ch->choose(ch, &d);
        if (k < 64)
            cr_assert_eq(got[k], sched[k] % nopts[k], "decision %d", k);
        else /* bytes ran out: keep running, else option 0 */
            cr_assert_eq(got[k], keep >= 0 ? (uint32_t)keep : 0u, "decision %d", k);
    }
    /* a one-byte change changes exactly that decision */
    for (int i = 0; i < 64; i++) {
        uint8_t m[64];
        memcpy(m, sched, sizeof m);
        m[i] = (uint8_t)(m[i] + 1);
        fz_input mi = in;
        mi.sched = m;
        ch = fz_chooser_init(&c, &mi);
        for (int k = 0; k < 80; k++) {
            int32_t keep = k % 3 == 0 ? -1 : (int32_t)(k % nopts[k]);
            rt_decision d = decision(o, nopts[k], keep, (uint64_t)k);
            uint32_t v = ch->choose(ch, &d);
            if (k == i)
                cr_assert_eq(v, (got[k] + 1) % nopts[k]);
            else
                cr_assert_eq(v, got[k], "byte %d changed decision %d", i, k);
        }
    }
}

/* The same on a real execution: changing schedule byte i keeps decisions
 * 0..i-1 and takes the new option at decision i. */
Test(fz_chooser, raw_mutation_on_an_execution)
{
    const char *src = "package main\n\nimport \"sync\"\n\nfunc main() {\n"
                      "\tvar wg sync.WaitGroup\n\tc := make(chan int, 1)\n"
                      "\tfor i := 0; i < 3; i++ {\n\t\twg.Add(1)\n"
                      "\t\tgo func(v int) {\n\t\t\tdefer wg.Done()\n"
                      "\t\t\tselect {\n\t\t\tcase c <- v:\n\t\t\tcase x := <-c:\n"
                      "\t\t\t\tprintln(x)\n\t\t\t}\n\t\t}(i)\n\t}\n\twg.Wait()\n}\n";
    char *err = NULL;
    lang_program *p = lang_load("m.go", src, strlen(src), NULL, &err);
    cr_assert_not_null(p, "%s", err);
    uint8_t sched[24];
    uint64_t s = 5;
    fill(&s, sched, sizeof sched);
    fz_input in = {.strategy = FZ_STRAT_RAW, .sched = sched, .sched_len = sizeof sched};
    fz_chooser c;
    lang_run_opts o = lang_run_opts_default();
    o.chooser = fz_chooser_init(&c, &in);
    rt_result r;
    cr_assert_eq(lang_run(p, &o, &r), 0);
    size_t n = r.ndecisions < sizeof sched ? r.ndecisions : sizeof sched;
    cr_assert_gt(n, 4);
    rt_decision_rec base[sizeof sched];
    memcpy(base, r.decisions, n * sizeof *base);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(base[i].taken, sched[i] % base[i].nopts);
    for (size_t i = 0; i < n; i++) {
        uint8_t m[sizeof sched];
        memcpy(m, sched, sizeof m);
        m[i] = (uint8_t)(m[i] + 1);
        fz_input mi = in;
        mi.sched = m;
        o.chooser = fz_chooser_init(&c, &mi);
        cr_assert_eq(lang_run(p, &o, &r), 0);
        cr_assert_gt(r.ndecisions, i);
        for (size_t k = 0; k < i; k++)
            cr_assert_eq(r.decisions[k].taken, base[k].taken, "byte %zu changed decision %zu", i,
                         k);
        cr_assert_eq(r.decisions[i].taken, (base[i].taken + 1) % base[i].nopts);
    }
    lang_free(p);
    rt_shutdown();
}

/* Runs ch over a fixed list of decisions. */
static void drive(rt_chooser *ch, uint32_t *got, int n)
{
    uint32_t o[8];
    for (int k = 0; k < n; k++) {
        uint32_t nopts = 2 + (uint32_t)(k * 7 % 6);
        rt_decision d = decision(o, nopts, (int32_t)(k % nopts), (uint64_t)k);
        if (k % 5 == 0)
            d.kind = RT_DEC_SELECT;
        got[k] = ch->choose(ch, &d);
        cr_assert_lt(got[k], nopts);
    }
}

Test(fz_chooser, prng_is_the_seeded_prng)
{
    uint8_t sched[16] = {0x39, 0x30, 0, 0, 0, 0, 0, 0, 0xaa, 0xbb}; /* seed 12345 */
    fz_input in = {.strategy = FZ_STRAT_PRNG, .sched = sched, .sched_len = sizeof sched};
    cr_assert_eq(fz_sched_seed(&in), 12345u);
    uint32_t a[200], b[200], want[200];
    fz_chooser c;
    drive(fz_chooser_init(&c, &in), a, 200);
    drive(fz_chooser_init(&c, &in), b, 200);
    cr_assert(!memcmp(a, b, sizeof a), "same input, same choices");
    rt_prng_chooser pc;
    rt_prng_chooser_init(&pc, 12345);
    drive(&pc.base, want, 200);
    cr_assert(!memcmp(a, want, sizeof a), "the choices of run --seed 12345");
    /* bytes past the seed do not matter; a short seed is zero-padded */
    in.sched_len = 2;
    drive(fz_chooser_init(&c, &in), b, 200);
    cr_assert(!memcmp(a, b, sizeof a));
    sched[0]++;
    in.sched_len = 8;
    drive(fz_chooser_init(&c, &in), b, 200);
    cr_assert(memcmp(a, b, sizeof a), "another seed, other choices");
    in.sched_len = 0;
    cr_assert_eq(fz_sched_seed(&in), 0u);
}

Test(fz_chooser, pct_is_seeded_pct)
{
    uint8_t sched[12] = {7, 0, 0, 0, 0, 0, 0, 1, 10, 0, 0, 0};
    fz_input in = {.strategy = FZ_STRAT_PCT, .pct_depth = 4, .sched = sched, .sched_len = 8};
    cr_assert_eq(fz_sched_pct_k(&in), FZ_PCT_DEFAULT_K);
    uint32_t a[300], b[300], want[300];
    fz_chooser c;
    drive(fz_chooser_init(&c, &in), a, 300);
    drive(fz_chooser_init(&c, &in), b, 300);
    cr_assert(!memcmp(a, b, sizeof a), "same input, same choices");
    rt_pct_chooser pc;
    rt_pct_chooser_init(&pc, 7 | 1ull << 56, 4, FZ_PCT_DEFAULT_K);
    drive(&pc.base, want, 300);
    cr_assert(!memcmp(a, want, sizeof a));
    /* k from bytes 8..11 */
    in.sched_len = 12;
    cr_assert_eq(fz_sched_pct_k(&in), 10u);
    drive(fz_chooser_init(&c, &in), b, 300);
    rt_pct_chooser_init(&pc, 7 | 1ull << 56, 4, 10);
    drive(&pc.base, want, 300);
    cr_assert(!memcmp(b, want, sizeof b));
    /* k = 0 means the default */
    sched[8] = 0;
    cr_assert_eq(fz_sched_pct_k(&in), FZ_PCT_DEFAULT_K);
}

/* ================================================================ generator */

/* Loads src with both rules; its printed text must be src itself. */
static void expect_loads(const char *src, size_t len, const char *what)
{
    for (int v = 0; v < 2; v++) {
        lang_options lo = {v ? LANG_GO119 : LANG_GO122, 0};
        char *err = NULL;
        lang_program *p = lang_load("gen.go", src, len, &lo, &err);
        if (!p)
            cr_assert_fail("%s: generated program does not load (%s): %s\n%s", what,
                           v ? "go1.19" : "go1.22", err, src);
        if (v == 0) {
            size_t pl = 0;
            char *pr = lang_print(p, &pl);
            if (pl != len || memcmp(pr, src, len))
                cr_assert_fail(
                    "%s: generated program is not in gofmt layout:\n%s\n--- printed:\n%s", what,
                    src, pr);
            free(pr);
        }
        lang_free(p);
    }
}

Test(fz_gen, degenerate_inputs)
{
    size_t n;
    char *s = fz_generate(NULL, 0, &n);
    cr_assert_str_eq(s, "package main\n\nfunc main() {\n}\n");
    cr_assert_eq(n, strlen(s));
    free(s);
    uint8_t b[4096];
    memset(b, 0, sizeof b);
    s = fz_generate(b, sizeof b, &n);
    cr_assert_str_eq(s, "package main\n\nfunc main() {\n}\n");
    free(s);
    memset(b, 0xff, sizeof b);
    s = fz_generate(b, sizeof b, &n);
    expect_loads(s, n, "all 0xff");
    free(s);
    for (unsigned v = 0; v < 256; v++) {
        memset(b, (int)v, sizeof b);
        for (size_t len = 1; len <= sizeof b; len *= 4) {
            s = fz_generate(b, len, &n);
            char what[64];
            snprintf(what, sizeof what, "%zu bytes of 0x%02x", len, v);
            expect_loads(s, n, what);
            free(s);
        }
    }
}

Test(fz_gen, deterministic_and_bounded)
{
    uint64_t s = 77;
    uint8_t b[4096];
    for (int i = 0; i < 2000; i++) {
        size_t len = rnd(&s) % sizeof b;
        fill(&s, b, len);
        size_t n1, n2;
        char *a = fz_generate(b, len, &n1);
        char *c = fz_generate(b, len, &n2);
        cr_assert_eq(n1, n2);
        cr_assert_str_eq(a, c);
        cr_assert_lt(n1, 64 * 1024);
        int funcs = 0;
        for (const char *p = a; (p = strstr(p, "\nfunc ")) != NULL; p++)
            funcs++;
        cr_assert_leq(funcs, 8);
        free(a);
        free(c);
    }
    /* short inputs give small programs */
    for (int i = 0; i < 2000; i++) {
        size_t len = rnd(&s) % 4;
        fill(&s, b, len);
        size_t n;
        char *a = fz_generate(b, len, &n);
        cr_assert_lt(n, 400, "%zu bytes gave:\n%s", len, a);
        free(a);
    }
}

/* Does s contain pat, where '#' in pat stands for one or more digits? */
static bool has(const char *s, const char *pat)
{
    for (; *s; s++) {
        const char *a = s, *q = pat;
        while (*q) {
            if (*q == '#') {
                if (!isdigit((unsigned char)*a))
                    break;
                while (isdigit((unsigned char)*a))
                    a++;
                q++;
            } else if (*a == *q) {
                a++;
                q++;
            } else {
                break;
            }
        }
        if (!*q)
            return true;
    }
    return false;
}

Test(fz_gen, covers_the_constructs)
{
    static const char *const want[] = {
        "go func() {",
        "go func(p#",
        "go f#(",
        "defer func() {",
        "defer func(p#",
        "defer fmt.Print",
        "defer f#(",
        "defer close(",
        "defer wg.Done()",
        "defer mu.Unlock()",
        "defer recover()",
        "recover()",
        ":= recover(); r",
        "panic(",
        "panic(r#)",
        "panic(nil)",
        "runtime.Goexit()",
        "os.Exit(",
        "make(chan int)",
        "make(chan int, ",
        "var c# chan int",
        ", ok#",
        "close(",
        "for range ",
        " := range ",
        "select {",
        "default:",
        "case <-time.After(",
        "wg.Add(",
        ".Wait()",
        ".Lock()",
        ".Unlock()",
        "for i",
        "fmt.Println(",
        "fmt.Printf(",
        "println(",
        "var count int",
        "var msg string",
        " (r# int",
        " error) {",
        "count++",
        "break",
        "continue L",
        "switch {",
        "*sync.WaitGroup",
        "errors.New(",
        "runtime.Gosched()",
        "time.Sleep(",
        " <- ",
        "<-c#",
        "return",
        "var wg sync.WaitGroup",
        "= errors.New(fmt.Sprint(\"recovered: \", r#))",
        "\t\tr# = -1",
        "\t\tr# *= 2",
    };
    enum { NWANT = sizeof want / sizeof want[0] };
    int seen[NWANT] = {0};
    uint64_t s = 3;
    uint8_t b[2048];
    for (int i = 0; i < 3000; i++) {
        size_t len = 64 + rnd(&s) % (sizeof b - 64);
        fill(&s, b, len);
        char *a = fz_generate(b, len, NULL);
        for (int k = 0; k < NWANT; k++)
            seen[k] += has(a, want[k]);
        free(a);
    }
    for (int k = 0; k < NWANT; k++)
        cr_expect_gt(seen[k], 0, "no generated program has \"%s\"", want[k]);
}

/* Part `part` of 4 of DEFERFUZZ_FZ_GEN_COUNT random byte strings: every
 * one loads with both rules and prints back to itself. */
static void loads_part(int part)
{
    fast_malloc();
    size_t total = gen_count();
    size_t from = total * (size_t)part / 4, to = total * (size_t)(part + 1) / 4;
    uint64_t s = 0x9e3779b97f4a7c15ull * (uint64_t)(part + 1);
    static uint8_t b[4096];
    for (size_t i = from; i < to; i++) {
        /* mostly short strings: most of the generator's decisions come early */
        size_t cap = i % 3 == 0 ? 64 : i % 3 == 1 ? 512 : sizeof b;
        size_t len = rnd(&s) % cap;
        fill(&s, b, len);
        size_t n;
        char *src = fz_generate(b, len, &n);
        cr_assert_not_null(src);
        char what[64];
        snprintf(what, sizeof what, "random input %zu (part %d)", i, part);
        expect_loads(src, n, what);
        free(src);
    }
}

Test(fz_gen, random_inputs_load_0)
{
    loads_part(0);
}

Test(fz_gen, random_inputs_load_1)
{
    loads_part(1);
}

Test(fz_gen, random_inputs_load_2)
{
    loads_part(2);
}

Test(fz_gen, random_inputs_load_3)
{
    loads_part(3);
}

/* Generated programs run under several schedules without a runtime error,
 * within the step budget, and the oracles see no violation. */
Test(fz_gen, generated_programs_run)
{
    fast_malloc();
    size_t count = gen_count() / 100;
    if (count < 50)
        count = 50;
    oracle_set *os = oracle_new();
    cr_assert_not_null(os);
    uint64_t s = 2024;
    static uint8_t b[2048], sched[256];
    for (size_t i = 0; i < count; i++) {
        size_t len = rnd(&s) % (i % 2 ? 256 : sizeof b);
        fill(&s, b, len);
        size_t n;
        char *src = fz_generate(b, len, &n);
        for (int v = 0; v < 2; v++) {
            lang_options lo = {v ? LANG_GO119 : LANG_GO122, 0};
            char *err = NULL;
            lang_program *p = lang_load("gen.go", src, n, &lo, &err);
            cr_assert_not_null(p, "%s\n%s", err, src);
            for (int k = 0; k < 4; k++) {
                fz_input in = {.strategy = (fz_strategy)(k % 3), .pct_depth = 1 + (uint32_t)k};
                fill(&s, sched, sizeof sched);
                in.sched = sched;
                in.sched_len = k == 3 ? 0 : sizeof sched;
                fz_chooser fc;
                lang_run_opts o = lang_run_opts_default();
                o.version = lo.version;
                o.preempt_stmt = k % 2 == 0;
                o.chooser = fz_chooser_init(&fc, &in);
                oracle_set_lang(os, v ? RT_LANG_GO119 : RT_LANG_GO122);
                oracle_reset(os);
                rt_observer ob = oracle_observer(os);
                o.observers = &ob;
                o.nobservers = 1;
                rt_result r;
                cr_assert_eq(lang_run(p, &o, &r), 0);
                cr_assert_neq(r.end, RT_END_INTERNAL, "%s", src);
                cr_assert_neq(r.end, RT_END_BUDGET, "unbounded generated program:\n%s", src);
                const oracle_verdict *vd = oracle_finish(os);
                for (size_t j = 0; j < vd->nviolations; j++) {
                    const char *m = vd->violations[j].message;
                    cr_assert_fail("violation %s: %s (%s, strategy %d, preempt %s) on:\n%s",
                                   oracle_name(vd->violations[j].oracle), m,
                                   v ? "go1.19" : "go1.22", k % 3, o.preempt_stmt ? "stmt" : "sync",
                                   src);
                }
            }
            lang_free(p);
        }
        free(src);
    }
    oracle_free(os);
    rt_shutdown();
}

/* fz_cov_branch: one saturating counter per (site, way), counting how
 * often that way was taken; the same in every fz_cov. */
Test(fz_cov, branch_counts_per_site_and_way)
{
    static uint8_t ctr[2][256];
    for (int k = 0; k < 2; k++) {
        fz_cov *c = fz_cov_new(sizeof ctr[k]);
        cr_assert_not_null(c);
        fz_cov_begin(c, ctr[k]);
        for (int i = 0; i < 3; i++)
            fz_cov_branch(c, 7, 0);
        fz_cov_branch(c, 7, 1);
        for (int i = 0; i < 300; i++)
            fz_cov_branch(c, 9, 0);
        fz_cov_free(c);
    }
    cr_assert(memcmp(ctr[0], ctr[1], sizeof ctr[0]) == 0, "fz_cov differs between instances");
    size_t nonzero = 0, threes = 0, ones = 0, sat = 0;
    for (size_t i = 0; i < sizeof ctr[0]; i++) {
        nonzero += ctr[0][i] != 0;
        threes += ctr[0][i] == 3;
        ones += ctr[0][i] == 1;
        sat += ctr[0][i] == 255;
    }
    /* Three features (no two of them collide in 256 counters here). */
    cr_assert_eq(nonzero, 3);
    cr_assert_eq(threes, 1);
    cr_assert_eq(ones, 1);
    cr_assert_eq(sat, 1, "a count saturates at 255");
}
