/* cmd_pack.c - deferfuzz pack and unpack: a Go program and a schedule in
 * the fuzzers' input format (fz.h), and back.
 *
 *   deferfuzz pack PROG.go [--schedule S | --seed N | --pct-seed N [--depth D] [--pct-k K]]
 *                          [--lang go1.19|go1.22] [--preempt sync|stmt] -o FILE
 *   deferfuzz unpack FILE [--program PROG.go] [-o OUT.go] [--max-steps N]
 *
 * pack stores the program as lang_print() prints it (gofmt layout, no
 * comments), so unpack gives back a formatted program that loads to the
 * same program. A --schedule is stored raw, one byte per decision (the
 * index taken; indexes above 255 cannot be stored); --seed and --pct-seed
 * store the seed (and PCT's depth and k). --lang and --preempt go to the
 * header's option bits.
 *
 * unpack prints the program (the source, or the program the generator
 * makes from a generated-kind input), a blank line, then comment lines: the
 * input's strategy, the decisions its schedule takes (found by running the
 * program once: a raw byte means option = byte % nopts, so the bytes alone
 * do not say which index was taken) and the `deferfuzz run` command that
 * replays it. Bad input (unreadable, not a deferfuzz input, another
 * version, cut off, a program that does not load) exits 2 with a message. */
#define _GNU_SOURCE
#include "cli.h"
#ifdef DEFERFUZZ_HAVE_FZ
#include "fz.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage_pack =
    "usage: deferfuzz pack PROG.go [--schedule S | --seed N | --pct-seed N [--depth D]\n"
    "                      [--pct-k K]] [--lang go1.19|go1.22] [--preempt sync|stmt] -o FILE\n"
    "\n"
    "Writes PROG.go and a schedule as one fuzzer input (the format of the fuzz\n"
    "targets, deferfuzz replay, minimize and unpack). The program is stored as\n"
    "deferfuzz prints it (gofmt layout, comments dropped). Without a schedule option\n"
    "the input keeps running the current goroutine, as `deferfuzz run` does.\n"
    "\n"
    "  --schedule S   a schedule string (as explore prints it), stored raw: one byte per\n"
    "                 decision, so every index must be at most 255\n"
    "  --seed N       the seeded PRNG of `deferfuzz run --seed N`\n"
    "  --pct-seed N   PCT with seed N\n"
    "  --depth D      PCT's bug depth, 1..16 (default 3): D-1 priority change points\n"
    "  --pct-k K      PCT draws its change points among the first K decisions\n"
    "                 (default 64)\n"
    "  --lang V       go1.19 or go1.22 rules (default go1.22), stored in the input\n"
    "  --preempt P    sync or stmt scheduling points (default stmt), stored in the input\n"
    "  -o FILE        where to write the input (required)\n";

static const char *const usage_unpack =
    "usage: deferfuzz unpack FILE [--program PROG.go] [-o OUT.go] [--max-steps N]\n"
    "\n"
    "Prints the Go program of a fuzzer input (its source, or the program generated\n"
    "from its bytes), then comment lines: the input's strategy, the decisions its\n"
    "schedule takes (from running the program once) as a schedule string, and the\n"
    "`deferfuzz run` command that replays the same execution. Exit code 0, or 2 for\n"
    "a bad input file (unreadable, not a deferfuzz input, another version, cut off,\n"
    "a program that does not load).\n"
    "\n"
    "  --program P    the program of a schedule-only input (fuzz_schedule's inputs);\n"
    "                 default: $DEFERFUZZ_PROGRAM\n"
    "  -o OUT.go      write the program and the comments to OUT.go instead of stdout\n"
    "                 (the comments are also printed on stdout)\n"
    "  --max-steps N  step budget of the run (default 1000000)\n";

static void die_file(const char *path, const char *what)
{
    fprintf(stderr, "deferfuzz: %s: %s\n", path, what);
    exit(EXIT_USAGE);
}

static void write_all(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die_file(path, strerror(errno));
    size_t w = fwrite(data, 1, n, f);
    int e = w == n ? 0 : errno ? errno : EIO;
    if (fclose(f) && !e)
        e = errno ? errno : EIO;
    if (e) {
        remove(path);
        die_file(path, strerror(e));
    }
}

static void put_le(uint8_t *b, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

/* ================================================================ pack */

int cmd_pack(int argc, char **argv)
{
    const char *prog = NULL, *out = NULL, *sched = NULL;
    bool have_seed = false, have_pct = false, have_depth = false, have_k = false;
    uint64_t seed = 0, pct_seed = 0, depth = 3, k = FZ_PCT_DEFAULT_K;
    lang_version version = LANG_GO122;
    bool preempt_sync = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "-o") || !strcmp(a, "--schedule") || !strcmp(a, "--seed") ||
                     !strcmp(a, "--pct-seed") || !strcmp(a, "--depth") || !strcmp(a, "--pct-k") ||
                     !strcmp(a, "--lang") || !strcmp(a, "--preempt");
        if (takes && !next)
            die_usage("%s needs a value", a);
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_pack, stdout);
            exit(0);
        } else if (!strcmp(a, "-o")) {
            out = next;
        } else if (!strcmp(a, "--schedule")) {
            sched = next;
        } else if (!strcmp(a, "--seed")) {
            have_seed = true;
            seed = parse_u64(a, next);
        } else if (!strcmp(a, "--pct-seed")) {
            have_pct = true;
            pct_seed = parse_u64(a, next);
        } else if (!strcmp(a, "--depth")) {
            have_depth = true;
            depth = parse_u64(a, next);
            if (depth < 1 || depth > RT_PCT_MAX_DEPTH)
                die_usage("--depth wants 1..%u, got \"%s\"", RT_PCT_MAX_DEPTH, next);
        } else if (!strcmp(a, "--pct-k")) {
            have_k = true;
            k = parse_u64(a, next);
            if (k < 1 || k > UINT32_MAX)
                die_usage("--pct-k wants 1..%" PRIu32 ", got \"%s\"", UINT32_MAX, next);
        } else if (!strcmp(a, "--lang")) {
            if (!strcmp(next, "go1.19"))
                version = LANG_GO119;
            else if (!strcmp(next, "go1.22"))
                version = LANG_GO122;
            else
                die_usage("--lang wants go1.19 or go1.22, got \"%s\"", next);
        } else if (!strcmp(a, "--preempt")) {
            if (!strcmp(next, "sync"))
                preempt_sync = true;
            else if (!strcmp(next, "stmt"))
                preempt_sync = false;
            else
                die_usage("--preempt wants sync or stmt, got \"%s\"", next);
        } else if (a[0] == '-') {
            die_usage("pack: unknown option %s", a);
        } else if (!prog) {
            prog = a;
        } else {
            die_usage("pack: more than one program given (%s, %s)", prog, a);
        }
        if (takes)
            i++;
    }
    if (!prog)
        die_usage("pack: no program given");
    if (!out)
        die_usage("pack needs -o FILE");
    check_output(out, prog);
    if ((sched != NULL) + have_seed + have_pct > 1)
        die_usage("--schedule, --seed and --pct-seed exclude each other");
    if ((have_depth || have_k) && !have_pct)
        die_usage("--depth and --pct-k go with --pct-seed");

    char *err = NULL;
    lang_options lo = {version, 0};
    lang_program *p = lang_load_file(prog, &lo, &err);
    if (!p) {
        fprintf(stderr, "%s\n", err ? err : "deferfuzz: cannot load the program");
        free(err);
        return EXIT_USAGE;
    }
    size_t srclen = 0;
    char *src = lang_print(p, &srclen);
    lang_free(p);
    if (!src)
        die_usage("out of memory");

    fz_input in;
    memset(&in, 0, sizeof in);
    in.kind = FZ_PROG_SOURCE;
    in.prog = (const uint8_t *)src;
    in.prog_len = srclen;
    in.pct_depth = 1;
    in.preempt_sync = preempt_sync;
    in.go119 = version == LANG_GO119;
    uint8_t seedbuf[12];
    uint8_t *raw = NULL;
    if (sched) {
        size_t n;
        uint32_t *taken = schedule_parse(sched, &n);
        raw = malloc(n ? n : 1);
        if (!raw)
            die_usage("out of memory");
        for (size_t i = 0; i < n; i++) {
            if (taken[i] > 255)
                die_usage("--schedule: decision %zu takes option %" PRIu32
                          ", but a raw schedule stores one byte per decision (options "
                          "0..255); use --seed or --pct-seed for this program",
                          i, taken[i]);
            raw[i] = (uint8_t)taken[i];
        }
        free(taken);
        in.strategy = FZ_STRAT_RAW;
        in.sched = raw;
        in.sched_len = n;
    } else if (have_seed) {
        put_le(seedbuf, seed, 8);
        in.strategy = FZ_STRAT_PRNG;
        in.sched = seedbuf;
        in.sched_len = 8;
    } else if (have_pct) {
        put_le(seedbuf, pct_seed, 8);
        put_le(seedbuf + 8, k, 4);
        in.strategy = FZ_STRAT_PCT;
        in.pct_depth = (uint32_t)depth;
        in.sched = seedbuf;
        in.sched_len = k == FZ_PCT_DEFAULT_K ? 8 : 12;
    } else {
        in.strategy = FZ_STRAT_RAW; /* no bytes: keep running, lowest id */
    }
    uint8_t *bytes = NULL;
    size_t n = fz_encode(&in, &bytes);
    if (!n)
        die_usage("%s: the program is too large for an input (%zu bytes, at most %u)", prog, srclen,
                  FZ_MAX_INPUT);
    write_all(out, bytes, n);
    static const char *const strat[] = {"raw", "prng", "pct"};
    printf("wrote %s: %zu bytes (program %zu bytes, %s schedule %zu bytes)\n", out, n, srclen,
           strat[in.strategy], in.sched_len);
    free(bytes);
    free(raw);
    free(src);
    return 0;
}

/* ================================================================ unpack */

static char *dup_text(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        die_usage("out of memory");
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

bool input_truncated(const uint8_t *data, size_t len, char *msg, size_t cap)
{
    if (!fz_truncated(data, len))
        return false;
    if (len < FZ_HEADER_SIZE)
        snprintf(msg, cap, "truncated deferfuzz input: %zu bytes, shorter than the %u-byte header",
                 len, FZ_HEADER_SIZE);
    else
        snprintf(msg, cap,
                 "truncated deferfuzz input: the header claims %" PRIu32
                 " program bytes, %zu are there",
                 (uint32_t)data[7] | (uint32_t)data[8] << 8 | (uint32_t)data[9] << 16 |
                     (uint32_t)data[10] << 24,
                 len - FZ_HEADER_SIZE);
    return true;
}

int cmd_unpack(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *program = NULL;
    uint64_t max_steps = 0;
    bool have_steps = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "-o") || !strcmp(a, "--program") || !strcmp(a, "--max-steps");
        if (takes && !next)
            die_usage("%s needs a value", a);
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_unpack, stdout);
            exit(0);
        } else if (!strcmp(a, "-o")) {
            out = next;
        } else if (!strcmp(a, "--program")) {
            program = next;
        } else if (!strcmp(a, "--max-steps")) {
            max_steps = parse_steps(a, next);
            have_steps = true;
        } else if (a[0] == '-') {
            die_usage("unpack: unknown option %s", a);
        } else if (!file) {
            file = a;
        } else {
            die_usage("unpack: more than one input given (%s, %s)", file, a);
        }
        if (takes)
            i++;
    }
    if (!file)
        die_usage("unpack: no input file given");
    program = program_or_env(program);
    if (out) {
        check_output(out, file);
        if (program)
            check_output(out, program);
    }

    size_t len = 0;
    errno = 0;
    uint8_t *data = (uint8_t *)read_file(file, &len);
    if (!data)
        die_file(file, errno ? strerror(errno) : "cannot read");
    fz_input in;
    char msg[256];
    if (fz_decode(data, len, &in, msg, sizeof msg) != FZ_OK)
        die_file(file, msg);
    if (input_truncated(data, len, msg, sizeof msg)) {
        die_file(file, msg);
    }

    /* the program text */
    lang_version version = in.go119 ? LANG_GO119 : LANG_GO122;
    lang_options lo = {version, 0};
    char *src = NULL, *err = NULL;
    size_t srclen = 0;
    const char *name = FZ_SOURCE_NAME;
    lang_program *p = NULL;
    if (in.kind == FZ_PROG_NONE) {
        if (!program)
            die_file(file, "the input holds no program (a fuzz_schedule input): give it "
                           "with --program PROG.go");
        p = lang_load_file(program, &lo, &err);
        if (!p) {
            fprintf(stderr, "%s\n", err ? err : "deferfuzz: cannot load the program");
            free(err);
            free(data);
            return EXIT_USAGE;
        }
        src = lang_print(p, &srclen);
        name = program;
    } else {
        if (in.kind == FZ_PROG_GEN) {
            src = fz_generate(in.prog, in.prog_len, &srclen);
            name = FZ_GEN_NAME;
        } else {
            src = dup_text(in.prog ? (const char *)in.prog : "", in.prog_len);
            srclen = in.prog_len;
        }
        if (!src)
            die_usage("out of memory");
        p = lang_load(name, src, srclen, &lo, &err);
        if (!p) {
            /* show what is there, then why it is refused */
            fwrite(src, 1, srclen, stdout);
            if (srclen && src[srclen - 1] != '\n')
                putchar('\n');
            fflush(stdout);
            fprintf(stderr, "deferfuzz: %s: the program in the input does not load%s\n%s\n", file,
                    in.kind == FZ_PROG_GEN ? " (a generator bug)" : "", err ? err : "");
            free(err);
            free(src);
            free(data);
            return EXIT_USAGE;
        }
    }

    /* run once for the decisions the schedule takes */
    fz_chooser fc;
    lang_run_opts ro = lang_run_opts_default();
    ro.version = version;
    ro.preempt_stmt = !in.preempt_sync;
    if (have_steps)
        ro.max_steps = max_steps;
    ro.chooser = fz_chooser_init(&fc, &in);
    rt_result r;
    int rc = lang_run(p, &ro, &r);
    if (rc) {
        fprintf(stderr, "deferfuzz: %s\n", rt_strerror(rc));
        return EXIT_USAGE;
    }
    char *taken = schedule_format(r.decisions, r.ndecisions);

    char flags[96];
    snprintf(flags, sizeof flags, "%s%s", in.preempt_sync ? " --preempt sync" : "",
             in.go119 ? " --lang go1.19" : "");
    if (have_steps)
        snprintf(flags + strlen(flags), sizeof flags - strlen(flags), " --max-steps %" PRIu64,
                 max_steps);
    const char *target = out ? out : "PROG.go";
    static const char *const kinds[] = {"no program (given with --program)", "Go source",
                                        "generated program"};
    char strategy[160];
    if (in.strategy == FZ_STRAT_PRNG)
        snprintf(strategy, sizeof strategy, "prng seed %" PRIu64, fz_sched_seed(&in));
    else if (in.strategy == FZ_STRAT_PCT)
        snprintf(strategy, sizeof strategy, "pct seed %" PRIu64 " depth %" PRIu32 " k %" PRIu32,
                 fz_sched_seed(&in), in.pct_depth, fz_sched_pct_k(&in));
    else
        snprintf(strategy, sizeof strategy, "raw, %zu schedule bytes", in.sched_len);

    size_t clen = 0;
    char *comments = NULL;
    FILE *cm = open_memstream(&comments, &clen);
    if (!cm)
        die_usage("out of memory");
    fprintf(cm, "// deferfuzz unpack %s: %s, %s%s\n", sh(file), kinds[in.kind],
            in.preempt_sync ? "--preempt sync" : "--preempt stmt",
            in.go119 ? ", --lang go1.19" : ", --lang go1.22");
    fprintf(cm, "// strategy: %s\n", strategy);
    fprintf(cm, "// schedule: %s\n", taken);
    /* quoted for the shell (an index above 61 prints as "(N)") */
    fprintf(cm, "// run: deferfuzz run %s --schedule %s%s\n", sh(target), sh(taken), flags);
    if (in.strategy == FZ_STRAT_PRNG)
        fprintf(cm, "// or:  deferfuzz run %s --seed %" PRIu64 "%s\n", sh(target),
                fz_sched_seed(&in), flags);
    if (fclose(cm))
        die_usage("out of memory");

    /* the program, one blank line, the comments */
    const char *sep = srclen && src[srclen - 1] != '\n' ? "\n\n" : "\n";
    if (out) {
        size_t slen = strlen(sep), total = srclen + slen + clen;
        char *all = malloc(total + 1);
        if (!all)
            die_usage("out of memory");
        memcpy(all, src, srclen);
        memcpy(all + srclen, sep, slen);
        memcpy(all + srclen + slen, comments, clen);
        write_all(out, all, total);
        free(all);
        fwrite(comments, 1, clen, stdout);
    } else {
        fwrite(src, 1, srclen, stdout);
        fputs(sep, stdout);
        fwrite(comments, 1, clen, stdout);
    }
    free(comments);
    free(taken);
    free(src);
    free(data);
    lang_free(p);
    rt_shutdown();
    return 0;
}

#endif /* DEFERFUZZ_HAVE_FZ */
