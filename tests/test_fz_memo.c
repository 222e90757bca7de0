/* test_fz_memo.c - the execution memo (fz.h fz_memo): an execution added
 * is found again by every choice source that takes its decisions (the byte
 * stream with unused or equivalent bytes, the PRNG, PCT), and set the same
 * counters; one that takes another decision is not found and leaves the
 * counters alone; the trees of different roots are apart; a recording that
 * contradicts the tree (other options, another end, other counters after
 * the same decisions) is refused with the index where it differs; memory
 * stays within the bound, the memo starting afresh when full, and a small
 * bound takes no huge page; a bound the address space cannot hold is
 * halved; a node with many children grows by the children only.
 *
 * The executions are those of a toy deterministic scheduler (toy_run):
 * three goroutines with a few steps each, a decision whenever two or more
 * can run, every fifth one a select-like decision, and a counter per
 * (goroutine, steps left) - enough to give the memo real trees without
 * the interpreter. The fuzz targets' use of it is checked by
 * fuzz/memo_check.sh (ctest fuzz_memo) and ci/test.sh. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "rt_testutil.h"

#define NCTR 256

/* What can make the toy misbehave, as a runtime with a bug would. */
typedef struct toy_fault {
    uint32_t id_shift;   /* goroutine ids offset by this */
    uint64_t stop_after; /* end after this many decisions (UINT64_MAX: never early) */
    uint32_t extra_ctr;  /* also set this counter (0: none) */
} toy_fault;

static const toy_fault no_fault = {0, UINT64_MAX, 0};

/* Runs the toy under ch; counters into ctr (cleared first). Returns the
 * number of decisions taken. */
static uint64_t toy_run(rt_chooser *ch, uint8_t *ctr, toy_fault f)
{
    uint32_t left[3] = {4, 3, 5};
    uint32_t cur = 0;
    uint64_t index = 0;
    memset(ctr, 0, NCTR);
    for (;;) {
        uint32_t opts[3], nopts = 0;
        int32_t keep = -1;
        for (uint32_t g = 0; g < 3; g++)
            if (left[g]) {
                if (g == cur)
                    keep = (int32_t)nopts;
                opts[nopts++] = g + 1 + f.id_shift;
            }
        if (nopts == 0 || index == f.stop_after)
            break;
        uint32_t t = 0;
        if (nopts >= 2) {
            bool sel = index % 5 == 4;
            rt_decision d = {sel ? RT_DEC_SELECT : RT_DEC_SCHED, nopts, opts, sel ? -1 : keep,
                             index++};
            t = ch->choose(ch, &d) % nopts;
        }
        cur = opts[t] - 1 - f.id_shift;
        left[cur]--;
        ctr[(cur * 31 + left[cur] * 7) % NCTR]++;
        ctr[128 + cur] += 2; /* counts above 1, even ones too */
    }
    if (f.extra_ctr)
        ctr[f.extra_ctr % NCTR] = 9;
    return index;
}

/* Runs the toy under a byte stream, recording, and adds it under root. */
static int run_and_add(fz_memo *m, unsigned root, const uint8_t *b, size_t n, toy_fault f,
                       uint64_t *where, uint8_t *ctr)
{
    rt_bytes_chooser bc;
    rt_bytes_chooser_init(&bc, b, n);
    fz_memo_rec rec;
    toy_run(fz_memo_record(m, &rec, &bc.base), ctr, f);
    return fz_memo_add(m, root, ctr, NCTR, where);
}

static bool lookup_bytes(fz_memo *m, unsigned root, const uint8_t *b, size_t n, uint8_t *ctr)
{
    rt_bytes_chooser bc;
    rt_bytes_chooser_init(&bc, b, n);
    memset(ctr, 0, NCTR);
    return fz_memo_lookup(m, root, &bc.base, ctr, NCTR);
}

Test(fz_memo, finds_an_added_execution_with_its_counters)
{
    fz_memo *m = fz_memo_new(1 << 20);
    cr_assert(m);
    uint8_t b[16] = {0, 1, 2, 1, 0, 2, 1, 1, 0, 2, 2, 1, 0, 1, 2, 0};
    uint8_t ran[NCTR], got[NCTR];
    uint64_t where = 99;
    cr_assert(!lookup_bytes(m, 0, b, sizeof b, got), "an empty memo knows nothing");
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, no_fault, &where, ran), 0);
    cr_assert(lookup_bytes(m, 0, b, sizeof b, got));
    cr_assert_arr_eq(got, ran, NCTR, "the counters of a known execution are those it set");
    size_t set = 0;
    for (size_t i = 0; i < NCTR; i++)
        set += ran[i] != 0;
    cr_assert_gt(set, 3);
    fz_memo_stats st;
    fz_memo_get_stats(m, &st);
    cr_assert_eq(st.lookups, 2);
    cr_assert_eq(st.hits, 1);
    cr_assert_eq(st.added, 1);
    fz_memo_free(m);
}

Test(fz_memo, equivalent_streams_hit_and_other_choices_miss)
{
    fz_memo *m = fz_memo_new(1 << 20);
    uint8_t b[12] = {1, 0, 2, 1, 1, 0, 2, 0, 1, 1, 0, 2};
    uint8_t ran[NCTR], got[NCTR];
    uint64_t where;
    rt_bytes_chooser bc;
    rt_bytes_chooser_init(&bc, b, sizeof b);
    uint64_t ndec = toy_run(&bc.base, ran, no_fault);
    cr_assert_lt(ndec, sizeof b, "the toy must leave bytes unused");
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, no_fault, &where, ran), 0);

    /* Bytes past the last decision are never read. */
    uint8_t tail[sizeof b + 4];
    memcpy(tail, b, sizeof b);
    memset(tail + ndec, 0xee, sizeof tail - ndec);
    cr_assert(lookup_bytes(m, 0, tail, sizeof tail, got));
    cr_assert_arr_eq(got, ran, NCTR);
    /* 6 more picks the same option whether there are 2 or 3. */
    uint8_t same[sizeof b];
    for (size_t i = 0; i < sizeof b; i++)
        same[i] = (uint8_t)(b[i] + 6);
    cr_assert(lookup_bytes(m, 0, same, sizeof same, got));

    /* Another answer to the first decision is another execution. */
    uint8_t other[sizeof b];
    memcpy(other, b, sizeof b);
    other[0] = (uint8_t)(b[0] + 1);
    memset(got, 0, sizeof got);
    cr_assert(!lookup_bytes(m, 0, other, sizeof other, got));
    for (size_t i = 0; i < NCTR; i++)
        cr_assert_eq(got[i], 0, "a miss sets no counter");
    /* ... and the same bytes under another root too. */
    cr_assert(!lookup_bytes(m, 1, b, sizeof b, got));
    cr_assert(!lookup_bytes(m, FZ_MEMO_ROOTS, b, sizeof b, got));
    fz_memo_free(m);
}

Test(fz_memo, stateful_choice_sources_walk_the_tree_as_they_run)
{
    fz_memo *m = fz_memo_new(1 << 20);
    uint8_t ran[NCTR], got[NCTR];
    uint64_t where;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        rt_pct_chooser pc;
        rt_pct_chooser_init(&pc, seed, 3, 12);
        fz_memo_rec rec;
        toy_run(fz_memo_record(m, &rec, &pc.base), ran, no_fault);
        cr_assert_eq(fz_memo_add(m, 2, ran, NCTR, &where), 0);
        rt_pct_chooser again;
        rt_pct_chooser_init(&again, seed, 3, 12);
        memset(got, 0, sizeof got);
        cr_assert(fz_memo_lookup(m, 2, &again.base, got, NCTR), "PCT seed %llu",
                  (unsigned long long)seed);
        cr_assert_arr_eq(got, ran, NCTR);

        rt_prng_chooser rc;
        rt_prng_chooser_init(&rc, seed);
        toy_run(fz_memo_record(m, &rec, &rc.base), ran, no_fault);
        cr_assert_eq(fz_memo_add(m, 3, ran, NCTR, &where), 0);
        rt_prng_chooser_init(&rc, seed);
        memset(got, 0, sizeof got);
        cr_assert(fz_memo_lookup(m, 3, &rc.base, got, NCTR));
        cr_assert_arr_eq(got, ran, NCTR);
    }
    fz_memo_free(m);
}

Test(fz_memo, refuses_a_recording_that_contradicts_the_tree)
{
    fz_memo *m = fz_memo_new(1 << 20);
    uint8_t b[16] = {2, 1, 0, 1, 2, 2, 0, 1, 0, 0, 1, 2, 1, 0, 2, 1};
    uint8_t ctr[NCTR], got[NCTR];
    uint64_t where = 0;
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, no_fault, &where, ctr), 0);
    /* The same execution again: nothing to add, nothing wrong. */
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, no_fault, &where, ctr), 0);

    /* Other goroutine ids at the first decision (state that outlived an
     * execution). */
    toy_fault ids = no_fault;
    ids.id_shift = 3;
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, ids, &where, ctr), -1);
    cr_assert_eq(where, 0);
    /* The same decisions, then an early end. */
    toy_fault early = no_fault;
    early.stop_after = 4;
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, early, &where, ctr), -1);
    cr_assert_eq(where, 4);
    /* The same decisions, other counters. */
    toy_fault more = no_fault;
    more.extra_ctr = 200;
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, more, &where, ctr), -1);
    cr_assert_gt(where, 4);
    /* A refused recording changed nothing. */
    uint8_t ran[NCTR];
    rt_bytes_chooser bc;
    rt_bytes_chooser_init(&bc, b, sizeof b);
    toy_run(&bc.base, ran, no_fault);
    cr_assert(lookup_bytes(m, 0, b, sizeof b, got));
    cr_assert_arr_eq(got, ran, NCTR);
    fz_memo_stats st;
    fz_memo_get_stats(m, &st);
    cr_assert_eq(st.added, 1);
    fz_memo_free(m);
}

Test(fz_memo, stays_within_its_bound_and_starts_afresh_when_full)
{
    const size_t max = 64 << 10;
    fz_memo *m = fz_memo_new(max);
    uint8_t ctr[NCTR], got[NCTR];
    uint64_t where, s = 0x9e3779b97f4a7c15ull;
    uint8_t b[16];
    for (int i = 0; i < 20000; i++) {
        for (size_t k = 0; k < sizeof b; k++) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            b[k] = (uint8_t)s;
        }
        cr_assert_eq(
            run_and_add(m, (unsigned)i % FZ_MEMO_ROOTS, b, sizeof b, no_fault, &where, ctr), 0);
        cr_assert(lookup_bytes(m, (unsigned)i % FZ_MEMO_ROOTS, b, sizeof b, got),
                  "the execution just added is known (%d)", i);
        cr_assert_arr_eq(got, ctr, NCTR);
        fz_memo_stats st;
        fz_memo_get_stats(m, &st);
        /* the tree's bound, and the recording of one toy execution and
         * its counters on top */
        cr_assert_leq(st.bytes, max + 8192, "%zu bytes in use", st.bytes);
    }
    fz_memo_stats st;
    fz_memo_get_stats(m, &st);
    cr_assert_gt(st.resets, 0, "20,000 executions of this toy do not fit in 64 KiB");
    cr_assert_gt(st.added, 1000);
    fz_memo_free(m);
}

/* A second toy: ngor goroutines of two steps each, ids from idbase + 1, a
 * decision whenever two or more can run (options: every one that can).
 * Many options per decision, ids that do not fit in a byte. */
static void many_run(rt_chooser *ch, uint8_t *ctr, uint32_t ngor, uint32_t idbase)
{
    uint32_t left[300], opts[300];
    uint64_t index = 0;
    cr_assert_leq(ngor, 300);
    for (uint32_t g = 0; g < ngor; g++)
        left[g] = 2;
    memset(ctr, 0, NCTR);
    for (;;) {
        uint32_t nopts = 0;
        for (uint32_t g = 0; g < ngor; g++)
            if (left[g])
                opts[nopts++] = idbase + g + 1;
        if (nopts == 0)
            break;
        uint32_t t = 0;
        if (nopts >= 2) {
            rt_decision d = {RT_DEC_SCHED, nopts, opts, -1, index++};
            t = ch->choose(ch, &d) % nopts;
        }
        uint32_t g = opts[t] - idbase - 1;
        left[g]--;
        ctr[(g * 13 + left[g] * 101 + index) % NCTR]++;
    }
}

/* A byte stream that also hashes every decision it is asked (kind,
 * options, running goroutine, index): a walk of the memo must ask what the
 * execution asked. */
typedef struct spy_chooser {
    rt_chooser base;
    rt_bytes_chooser bytes;
    uint64_t hash;
} spy_chooser;

static uint32_t spy_choose(rt_chooser *self, const rt_decision *d)
{
    spy_chooser *s = (spy_chooser *)self;
    uint64_t v[4] = {d->kind, d->nopts, (uint64_t)(int64_t)d->keep, d->index};
    for (size_t i = 0; i < 4; i++)
        s->hash = (s->hash ^ v[i]) * 0x100000001b3ull;
    for (uint32_t i = 0; i < d->nopts; i++)
        s->hash = (s->hash ^ d->opts[i]) * 0x100000001b3ull;
    return s->bytes.base.choose(&s->bytes.base, d);
}

static rt_chooser *spy_init(spy_chooser *s, const uint8_t *b, size_t n)
{
    s->base.choose = spy_choose;
    rt_bytes_chooser_init(&s->bytes, b, n);
    s->hash = 0xcbf29ce484222325ull;
    return &s->base;
}

static void xorshift_bytes(uint64_t *s, uint8_t *b, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        b[k] = (uint8_t)*s;
    }
}

Test(fz_memo, every_execution_added_is_found_later_wide_ids_and_many_branches_too)
{
    /* Narrow nodes (at most four options, each below 256: one word) and
     * wide ones (more options, or larger ids: ids 253 to 256 make the
     * last option wide); four or six goroutines so that nodes get up to
     * five other children, each added one at a time. Every execution is
     * looked up again after all were added. */
    static const uint32_t bases[] = {0, 0, 252, 250, 70000}, gors[] = {4, 6, 4, 6, 6};
    for (size_t bi = 0; bi < sizeof bases / sizeof *bases; bi++) {
        uint32_t ng = gors[bi];
        fz_memo *m = fz_memo_new(1 << 24);
        enum { N = 400, LEN = 12 };
        static uint8_t in[N][LEN], ctr[N][NCTR];
        static uint64_t asked[N];
        uint8_t got[NCTR];
        uint64_t s = 0x2545f4914f6cdd1dull + bi, where;
        for (int i = 0; i < N; i++) {
            xorshift_bytes(&s, in[i], LEN);
            in[i][0] %= (uint8_t)ng; /* a crowded first decision */
            spy_chooser sc;
            fz_memo_rec rec;
            many_run(fz_memo_record(m, &rec, spy_init(&sc, in[i], LEN)), ctr[i], ng, bases[bi]);
            asked[i] = sc.hash;
            cr_assert_eq(fz_memo_add(m, (unsigned)i % 2, ctr[i], NCTR, &where), 0, "base %u, %d",
                         bases[bi], i);
        }
        for (int i = 0; i < N; i++) {
            spy_chooser sc;
            memset(got, 0, sizeof got);
            cr_assert(fz_memo_lookup(m, (unsigned)i % 2, spy_init(&sc, in[i], LEN), got, NCTR),
                      "base %u, %d", bases[bi], i);
            cr_assert_arr_eq(got, ctr[i], NCTR);
            cr_assert_eq(sc.hash, asked[i], "the walk asked the decisions the run asked");
            /* Another answer to the first decision: if the memo knows
             * that execution, it gives that execution's counters. */
            uint8_t other[LEN];
            memcpy(other, in[i], LEN);
            other[0] = (uint8_t)(in[i][0] + ng * 7 + 1);
            rt_bytes_chooser a, b;
            rt_bytes_chooser_init(&a, other, LEN);
            rt_bytes_chooser_init(&b, other, LEN);
            uint8_t ran[NCTR];
            many_run(&a.base, ran, ng, bases[bi]);
            memset(got, 0, sizeof got);
            if (fz_memo_lookup(m, (unsigned)i % 2, &b.base, got, NCTR))
                cr_assert_arr_eq(got, ran, NCTR, "a hit is that execution's counters");
        }
        fz_memo_stats st;
        fz_memo_get_stats(m, &st);
        cr_assert_eq(st.resets, 0);
        cr_assert_gt(st.added, N / 2, "base %u: %llu distinct executions", bases[bi],
                     (unsigned long long)st.added);
        fz_memo_free(m);
    }
}

Test(fz_memo, a_decision_of_over_255_options_is_run_but_not_kept)
{
    fz_memo *m = fz_memo_new(1 << 24);
    uint8_t b[64], ctr[NCTR], got[NCTR];
    uint64_t s = 7, where;
    xorshift_bytes(&s, b, sizeof b);
    fz_memo_rec rec;
    rt_bytes_chooser bc;
    /* 255 runnable goroutines: kept */
    rt_bytes_chooser_init(&bc, b, sizeof b);
    many_run(fz_memo_record(m, &rec, &bc.base), ctr, 255, 0);
    cr_assert_eq(fz_memo_add(m, 0, ctr, NCTR, &where), 0);
    cr_assert(lookup_bytes(m, 0, b, sizeof b, got));
    cr_assert_arr_eq(got, ctr, NCTR);
    /* 256: the recording runs, the chooser answers, nothing is kept */
    rt_bytes_chooser_init(&bc, b, sizeof b);
    many_run(fz_memo_record(m, &rec, &bc.base), ctr, 256, 0);
    uint8_t plain[NCTR];
    rt_bytes_chooser_init(&bc, b, sizeof b);
    many_run(&bc.base, plain, 256, 0);
    cr_assert_arr_eq(plain, ctr, NCTR, "recording does not change the answers");
    cr_assert_eq(fz_memo_add(m, 1, ctr, NCTR, &where), 0);
    cr_assert(!lookup_bytes(m, 1, b, sizeof b, got));
    fz_memo_stats st;
    fz_memo_get_stats(m, &st);
    cr_assert_eq(st.added, 1);
    fz_memo_free(m);
}

/* One decision among FAN goroutines, then the end; the counter says which
 * one ran. */
#define FAN 200
static void fan_run(rt_chooser *ch, uint8_t *ctr)
{
    uint32_t opts[FAN];
    for (uint32_t g = 0; g < FAN; g++)
        opts[g] = g + 1;
    rt_decision d = {RT_DEC_SCHED, FAN, opts, -1, 0};
    memset(ctr, 0, NCTR);
    ctr[(ch->choose(ch, &d) % FAN) % NCTR] = 1;
}

Test(fz_memo, a_node_with_many_children_grows_by_the_children_only)
{
    /* Every child of a decision has its word in the node: adding one
     * writes the new chain and that word, nothing else. (The list of
     * children it replaced was written anew, one pair longer, for every
     * child: 200 children of one node took some 40,000 words.) */
    fz_memo *m = fz_memo_new(1 << 24);
    uint8_t ctr[NCTR], got[NCTR];
    uint64_t where;
    fz_memo_rec rec;
    rt_bytes_chooser bc;
    for (uint32_t i = 0; i < FAN; i++) {
        uint8_t b = (uint8_t)i;
        rt_bytes_chooser_init(&bc, &b, 1);
        fan_run(fz_memo_record(m, &rec, &bc.base), ctr);
        cr_assert_eq(fz_memo_add(m, 0, ctr, NCTR, &where), 0);
    }
    for (uint32_t i = 0; i < FAN; i++) {
        uint8_t b = (uint8_t)i;
        cr_assert(lookup_bytes(m, 0, &b, 1, got), "child %u", i);
        cr_assert_eq(got[i % NCTR], 1);
    }
    fz_memo_stats st;
    fz_memo_get_stats(m, &st);
    cr_assert_eq(st.added, FAN);
    /* the node: header, 200 options, 199 children; 200 leaves of 3 words */
    cr_assert_leq(st.tree_bytes, (1 + 1 + FAN + FAN - 1 + 3 * FAN) * sizeof(uint32_t), "%zu",
                  st.tree_bytes);
    fz_memo_free(m);
}

Test(fz_memo, a_small_memo_takes_no_more_than_its_bound)
{
    /* Huge pages only inside the bound: a 64 KiB memo whose whole mapping
     * was given MADV_HUGEPAGE took a 2 MiB page at its first add (where
     * transparent huge pages are on, as on the CI's machines). */
    long before = tu_rss_anon_kib();
    if (before < 0)
        cr_skip_test("no /proc/self/status");
    fz_memo *m = fz_memo_new(64 << 10);
    cr_assert(m);
    uint8_t b[16] = {0, 1, 2, 1, 0, 2, 1, 1, 0, 2, 2, 1, 0, 1, 2, 0}, ctr[NCTR];
    uint64_t where;
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, no_fault, &where, ctr), 0);
    long grew = tu_rss_anon_kib() - before;
    cr_assert_lt(grew, 1024, "one small execution added: %ld KiB more", grew);
    fz_memo_free(m);
}

/* Not under ASan, which maps terabytes of shadow memory at start-up. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMO_TEST_ASAN 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(MEMO_TEST_ASAN)
#include <sys/resource.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* Mapped size of this process in bytes (statm), 0 when unknown. */
static size_t vm_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * 4096;
}

Test(fz_memo, a_bound_the_address_space_cannot_hold_is_halved)
{
    /* ulimit -v or AFL++'s -m: 1 GiB cannot be mapped, the memo takes
     * what can be (it used to grow by realloc and never asked for more). */
    if (RUNNING_ON_VALGRIND) /* the limit would be valgrind's own (and a */
        return;              /* skipped test leaks criterion's message) */
    size_t vm = vm_bytes();
    if (!vm)
        cr_skip_test("no /proc/self/statm");
    struct rlimit rl = {vm + (256u << 20), vm + (256u << 20)};
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        cr_skip_test("setrlimit");
    fz_memo *m = fz_memo_new((size_t)1 << 30);
    cr_assert(m, "a memo within the address space left");
    uint8_t b[16] = {2, 1, 0, 1, 0, 2, 1, 1, 0, 2, 2, 1, 0, 1, 2, 0}, ctr[NCTR], got[NCTR];
    uint64_t where;
    cr_assert_eq(run_and_add(m, 0, b, sizeof b, no_fault, &where, ctr), 0);
    cr_assert(lookup_bytes(m, 0, b, sizeof b, got));
    cr_assert_arr_eq(got, ctr, NCTR);
    fz_memo_free(m);
}
#endif
