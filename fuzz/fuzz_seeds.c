/* fuzz_seeds.c - writes the binary seed inputs of the fuzz targets from
 * readable Go programs (the .go files of corpus/programs).
 *
 * usage: fuzz_seeds OUTDIR PROG.go...
 *
 * For each program P that loads:
 *   OUTDIR/schedule/P/     fz inputs of kind FZ_PROG_NONE for fuzz_schedule
 *                          run with DEFERFUZZ_PROGRAM=P.go
 *   OUTDIR/conformance/    the same schedules with P's source inside
 *                          (FZ_PROG_SOURCE), for fuzz_conformance
 * The schedules, each with --preempt stmt and with --preempt sync (go1.22
 * rules): the empty raw schedule (keep running), alternating and
 * round-robin raw bytes, PRNG seeds, PCT seeds of depth 1 to 3, and raw
 * byte strings recorded from PRNG runs (one byte per decision taken:
 * realistic lengths for the fuzzer to mutate one decision at a time).
 * OUTDIR/conformance/ also gets generator-byte inputs (FZ_PROG_GEN).
 * Everything is deterministic: the same programs give the same files. A
 * program that does not load is reported and skipped.
 */
#define _GNU_SOURCE
#include "fz.h"
#include "lang.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RECORDED_RUNS 6
#define GEN_INPUTS    16

static int failures;

static void mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(buf, 0777);
            *p = '/';
        }
    mkdir(buf, 0777);
}

static void write_input(const char *dir, const char *name, const fz_input *in)
{
    uint8_t *bytes;
    size_t n = fz_encode(in, &bytes);
    if (!bytes) {
        fprintf(stderr, "fuzz_seeds: out of memory\n");
        exit(2);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "fuzz_seeds: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    free(bytes);
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* One schedule variant: a name and the header fields plus bytes. */
typedef struct variant {
    char name[48];
    bool sync; /* --preempt sync */
    fz_strategy strategy;
    uint32_t depth;
    uint8_t bytes[512];
    size_t len;
} variant;

static size_t fixed_variants(variant *v)
{
    size_t n = 0;
    memset(v, 0, 9 * sizeof *v);
    snprintf(v[n].name, sizeof v[n].name, "raw-empty");
    v[n].strategy = FZ_STRAT_RAW;
    v[n].depth = 1;
    n++;
    snprintf(v[n].name, sizeof v[n].name, "raw-alternate");
    v[n].strategy = FZ_STRAT_RAW;
    v[n].depth = 1;
    v[n].len = 64;
    for (size_t i = 0; i < 64; i++)
        v[n].bytes[i] = (uint8_t)(i & 1);
    n++;
    snprintf(v[n].name, sizeof v[n].name, "raw-roundrobin");
    v[n].strategy = FZ_STRAT_RAW;
    v[n].depth = 1;
    v[n].len = 64;
    for (size_t i = 0; i < 64; i++)
        v[n].bytes[i] = (uint8_t)i;
    n++;
    for (uint64_t s = 1; s <= 3; s++, n++) {
        snprintf(v[n].name, sizeof v[n].name, "prng-%llu", (unsigned long long)s);
        v[n].strategy = FZ_STRAT_PRNG;
        v[n].depth = 1;
        v[n].len = 8;
        put_le64(v[n].bytes, s);
    }
    for (uint32_t d = 1; d <= 3; d++, n++) {
        snprintf(v[n].name, sizeof v[n].name, "pct-d%u", d);
        v[n].strategy = FZ_STRAT_PCT;
        v[n].depth = d;
        v[n].len = 12;
        put_le64(v[n].bytes, 1000 + d);
        v[n].bytes[8] = 64; /* k = 64, little-endian u32 */
    }
    return n;
}

/* Raw byte strings recorded from PRNG runs of p: byte i is the option
 * taken at decision i, so the raw input replays the PRNG's schedule. */
static size_t recorded_variants(const lang_program *p, bool sync, variant *v)
{
    size_t n = 0;
    for (uint64_t seed = 1; seed <= RECORDED_RUNS; seed++) {
        rt_prng_chooser prng;
        rt_prng_chooser_init(&prng, seed * 7919);
        lang_run_opts o = lang_run_opts_default();
        o.preempt_stmt = !sync;
        o.chooser = &prng.base;
        rt_result r;
        if (lang_run(p, &o, &r) != 0)
            break;
        variant *x = &v[n];
        memset(x, 0, sizeof *x);
        x->sync = sync;
        x->strategy = FZ_STRAT_RAW;
        x->depth = 1;
        for (size_t i = 0; i < r.ndecisions && x->len < sizeof x->bytes; i++)
            x->bytes[x->len++] = (uint8_t)(r.decisions[i].taken < 256 ? r.decisions[i].taken : 0);
        bool dup = false;
        for (size_t j = 0; j < n; j++)
            dup |= v[j].len == x->len && memcmp(v[j].bytes, x->bytes, x->len) == 0;
        if (dup)
            continue;
        snprintf(x->name, sizeof x->name, "raw-recorded-%llu", (unsigned long long)seed);
        n++;
    }
    return n;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    fclose(f);
    if (s) {
        s[n] = 0;
        *len = (size_t)n;
    }
    return s;
}

static void seed_program(const char *outdir, const char *path)
{
    size_t srclen;
    char *src = read_file(path, &srclen);
    char *err = NULL;
    lang_program *p = src ? lang_load(path, src, srclen, NULL, &err) : NULL;
    if (!p) {
        fprintf(stderr, "fuzz_seeds: skipping %s: %s\n", path,
                src ? (err ? err : "does not load") : strerror(errno));
        free(err);
        free(src);
        failures++;
        return;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char stem[256];
    snprintf(stem, sizeof stem, "%.*s", (int)strcspn(base, "."), base);

    variant v[2 * (16 + RECORDED_RUNS)];
    size_t n = fixed_variants(v);
    for (size_t i = 0; i < n; i++) {
        v[n + i] = v[i];
        v[n + i].sync = true;
    }
    n *= 2;
    n += recorded_variants(p, false, v + n);
    n += recorded_variants(p, true, v + n);

    char sdir[4096], cdir[4096];
    snprintf(sdir, sizeof sdir, "%s/schedule/%s", outdir, stem);
    snprintf(cdir, sizeof cdir, "%s/conformance", outdir);
    mkdirs(sdir);
    mkdirs(cdir);
    for (size_t i = 0; i < n; i++) {
        fz_input in = {.strategy = v[i].strategy,
                       .pct_depth = v[i].depth,
                       .preempt_sync = v[i].sync,
                       .kind = FZ_PROG_NONE,
                       .sched = v[i].bytes,
                       .sched_len = v[i].len};
        char name[512];
        snprintf(name, sizeof name, "%s-%.47s", v[i].sync ? "sync" : "stmt", v[i].name);
        write_input(sdir, name, &in);
        in.kind = FZ_PROG_SOURCE;
        in.prog = (const uint8_t *)src;
        in.prog_len = srclen;
        snprintf(name, sizeof name, "%.255s-%s-%.47s", stem, v[i].sync ? "sync" : "stmt",
                 v[i].name);
        write_input(cdir, name, &in);
    }
    lang_free(p);
    free(src);
}

/* Generator inputs: fixed pseudo-random byte strings of growing length. */
static void seed_generated(const char *outdir)
{
    char cdir[4096];
    snprintf(cdir, sizeof cdir, "%s/conformance", outdir);
    mkdirs(cdir);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < GEN_INPUTS; i++) {
        uint8_t prog[256], sched[64];
        size_t plen = 16 + (size_t)i * 15;
        for (size_t k = 0; k < plen; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            prog[k] = (uint8_t)x;
        }
        for (size_t k = 0; k < sizeof sched; k++)
            sched[k] = (uint8_t)(k % 3);
        fz_input in = {.strategy = (fz_strategy)(i % 3),
                       .pct_depth = 1 + (uint32_t)(i % 3),
                       .preempt_sync = i % 4 == 3,
                       .kind = FZ_PROG_GEN,
                       .prog = prog,
                       .prog_len = plen,
                       .sched = sched,
                       .sched_len = (size_t)(i % 2 ? sizeof sched : 12)};
        char name[64];
        snprintf(name, sizeof name, "gen-%02d", i);
        write_input(cdir, name, &in);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fuzz_seeds OUTDIR PROG.go...\n");
        return 2;
    }
    mkdirs(argv[1]);
    for (int i = 2; i < argc; i++)
        seed_program(argv[1], argv[i]);
    seed_generated(argv[1]);
    rt_shutdown();
    printf("fuzz_seeds: %d programs, %d skipped\n", argc - 2 - failures, failures);
    return 0;
}
