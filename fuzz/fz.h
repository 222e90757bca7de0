/* fz.h - public interface of deferfuzz's fuzzing module: the input format
 * shared by the fuzz targets and by `deferfuzz pack / unpack / replay /
 * minimize`, the program generator, and the choice source a decoded input
 * drives.
 *
 * An input file is [header | program | schedule]:
 *
 *   offset  size  field
 *   0       3     magic "DFZ"
 *   3       1     version (FZ_VERSION); any other value is refused
 *   4       1     strategy: byte % 3 = fz_strategy
 *   5       1     options: bits 0-3: PCT depth - 1 (1 + byte % RT_PCT_MAX_DEPTH,
 *                 used by FZ_STRAT_PCT only); bit 4: --preempt sync (clear:
 *                 stmt, the default); bit 5: --lang go1.19 rules (clear:
 *                 go1.22); bits 6-7: zero when written, ignored when read
 *   6       1     program kind: byte % 3 = fz_prog_kind
 *   7       4     program length, u32 little-endian, clamped to what is left
 *   11      n     program bytes (Go source text, or generator bytes)
 *   11+n    ...   schedule bytes: the rest of the input
 *
 * Only the magic and the version can make an input invalid: once they
 * match, every byte string decodes (header bytes past the end read as 0,
 * fields are reduced modulo their range, the program length is clamped
 * to the bytes present and to FZ_MAX_INPUT), generator bytes always give
 * a well-typed program, and schedule bytes always give a valid choice
 * stream. A Go-source program that does not load is the one other
 * refusal (fz_load says why). Tools that want to refuse a cut-off file
 * (deferfuzz unpack) ask fz_truncated().
 *
 * Schedule strategies:
 *   FZ_STRAT_RAW   one byte per decision (option = byte % nopts), then
 *                  "keep running" when the bytes run out: a one-byte
 *                  mutation changes one decision;
 *   FZ_STRAT_PRNG  the first 8 bytes (LE, zero-padded) seed the PRNG;
 *   FZ_STRAT_PCT   the first 8 bytes seed PCT (rt_pct_chooser) with the
 *                  header's depth; bytes 8..11 (LE u32, zero-padded; absent
 *                  or 0 means FZ_PCT_DEFAULT_K) give k, the number of
 *                  decisions change points are drawn from.
 */
#ifndef DEFERFUZZ_FZ_H
#define DEFERFUZZ_FZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "rt.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FZ_MAGIC       "DFZ"
#define FZ_VERSION     1u
#define FZ_HEADER_SIZE 11u
/* Largest program part accepted by the decoder (bytes); longer claims are
 * clamped to what is there, and a source longer than LANG_MAX_INPUT does
 * not load. */
#define FZ_MAX_INPUT (1u << 20)
/* k of FZ_STRAT_PCT when the schedule does not give one. */
#define FZ_PCT_DEFAULT_K 64u
/* File names fz_load gives the programs (they appear in messages). */
#define FZ_SOURCE_NAME "input.go"
#define FZ_GEN_NAME    "generated.go"

typedef enum fz_strategy { FZ_STRAT_RAW = 0, FZ_STRAT_PRNG = 1, FZ_STRAT_PCT = 2 } fz_strategy;

typedef enum fz_prog_kind {
    FZ_PROG_NONE = 0,   /* no program: the target supplies one (fuzz_schedule) */
    FZ_PROG_SOURCE = 1, /* Go source text (what `deferfuzz pack` writes) */
    FZ_PROG_GEN = 2     /* generator bytes (fz_generate) */
} fz_prog_kind;

/* A decoded input. The pointers point into the bytes given to fz_decode. */
typedef struct fz_input {
    fz_strategy strategy;
    uint32_t pct_depth; /* 1..RT_PCT_MAX_DEPTH */
    bool preempt_sync;  /* run with --preempt sync (lang_run_opts.preempt_stmt = false) */
    bool go119;         /* run and load with go1.19 rules */
    fz_prog_kind kind;
    const uint8_t *prog;
    size_t prog_len;
    const uint8_t *sched;
    size_t sched_len;
} fz_input;

/* Status codes. */
#define FZ_OK       0
#define FZ_EMAGIC   (-1) /* not a deferfuzz input (no magic, or no version byte) */
#define FZ_EVERSION (-2) /* a deferfuzz input of another version */
#define FZ_ELOAD    (-3) /* the Go source in the input does not load */
#define FZ_ENOMEM   (-4)

/* Decodes data[0..len). Returns FZ_OK, FZ_EMAGIC or FZ_EVERSION; on error
 * err (cap bytes) holds a message such as "input version 7, this deferfuzz
 * reads version 1". */
int fz_decode(const uint8_t *data, size_t len, fz_input *in, char *err, size_t cap);

/* True for an input whose magic and version match but which was cut off:
 * shorter than the header, or holding fewer program bytes than the header
 * claims. fz_decode still decodes it (zeros, clamped length). */
bool fz_truncated(const uint8_t *data, size_t len);

/* Encodes in into a malloc'd buffer (*out, returns its length; 0 and *out
 * NULL when out of memory or prog_len > FZ_MAX_INPUT). Decoding the result
 * gives back in's fields (pct_depth clamped to 1..RT_PCT_MAX_DEPTH; a NULL
 * pointer with length 0 for an empty part). */
size_t fz_encode(const fz_input *in, uint8_t **out);

/* Writes the FZ_HEADER_SIZE header bytes of in into b, with program length
 * plen (what fz_encode writes first; fz_mutate writes headers in place). */
void fz_put_header(uint8_t *b, const fz_input *in, size_t plen);

/* Generates a Go program of the deferfuzz subset from generator bytes:
 * always well-typed (lang_load accepts it with go1.22 and go1.19 rules,
 * gc 1.19 compiles it), gofmt-formatted (lang_print gives the same text),
 * bounded in size and running time (every loop is bounded, no recursion).
 * One byte per decision, 0 when the bytes run out, so short inputs give
 * small programs (fz_gen.c describes the mapping). Any bytes (NULL with
 * len 0 too) give a program. Returns malloc'd NUL-terminated source and
 * its length in *srclen (srclen may be NULL); NULL when out of memory. */
char *fz_generate(const uint8_t *bytes, size_t len, size_t *srclen);

/* Loads the program of in (source, or generated from its bytes) with
 * opts (NULL: the version of in->go119). On failure returns NULL and sets *err as
 * lang_load does (a malloc'd message), also for FZ_PROG_NONE. A generated
 * program that does not load is a generator bug. */
lang_program *fz_load(const fz_input *in, const lang_options *opts, char **err);

/* The PRNG or PCT seed of in's schedule (first 8 bytes, LE, zero-padded)
 * and PCT's k (FZ_PCT_DEFAULT_K unless bytes 8..11 give a nonzero one). */
uint64_t fz_sched_seed(const fz_input *in);
uint32_t fz_sched_pct_k(const fz_input *in);

/* The choice source an input's schedule drives (no allocation); it reads
 * in->sched, which must outlive its use. */
typedef struct fz_chooser {
    union {
        rt_chooser base;
        rt_bytes_chooser bytes;
        rt_prng_chooser prng;
        rt_pct_chooser pct;
    } u;
} fz_chooser;
rt_chooser *fz_chooser_init(fz_chooser *c, const fz_input *in);

/* ------------------------------------------------------------ structure-aware mutation
 * (fz_mutate.c)
 *
 * What the engines' custom mutators call (libFuzzer's
 * LLVMFuzzerCustomMutator / LLVMFuzzerCustomCrossOver in fuzz_common.c,
 * AFL++'s custom mutator library afl_mutator.c). A byte-level mutation of
 * a whole input mostly breaks what the input means: it moves the border
 * between program and schedule, changes the program kind (which the
 * targets then reject) or changes the header when the schedule was meant.
 * These functions mutate one part at a time and always write a canonical
 * input: the current magic and version, header fields in range, bits 6-7
 * of the options zero, and a program length that is the program part's.
 *
 * Guarantees, for every byte string given (other versions, foreign bytes,
 * cut-off headers, empty ones) and max_size >= FZ_HEADER_SIZE: the output
 * decodes with FZ_OK, fits max_size and is deterministic in (input, seed)
 * unless a byte mutator with its own randomness is lent. An input that
 * decodes keeps its program kind; one of kind FZ_PROG_NONE keeps an empty
 * program part (program bytes it carried, which fuzz_schedule rejects, are
 * dropped). An input of another version is given this version's byte; a
 * foreign one becomes a header (FZ_STRAT_RAW, FZ_PROG_NONE) followed by
 * its bytes as the schedule. When the program does not fit max_size it is
 * cut (generator bytes still give a program; a cut source may not load).
 * Below FZ_HEADER_SIZE there is no room for a header: the output is the
 * first max_size bytes of one (it decodes when max_size >= 4).
 *
 * What is mutated, one part per call, chosen from the seed:
 *   header    the strategy, the PCT depth, the preemption or the Go rules;
 *   program   FZ_PROG_GEN: the generator bytes, byte by byte (the lent
 *             byte mutator on just them, or own operations: set, small
 *             value, add, bit flip, insert, erase, truncate, append, copy
 *             or duplicate a chunk); FZ_PROG_SOURCE: one line deleted,
 *             duplicated or swapped with the next, kept only when the
 *             result still loads (fz_load, the input's Go rules; a few
 *             tries, else the schedule is mutated instead);
 *             FZ_PROG_NONE has no program: never chosen;
 *   schedule  the lent byte mutator on just the schedule, or own
 *             operations: the byte operations above (FZ_STRAT_RAW reads
 *             one byte per decision, so small values matter), and for
 *             FZ_STRAT_PRNG / FZ_STRAT_PCT a new seed, one seed bit
 *             flipped, or (PCT) a new k. */

/* A byte-level mutator lent by the engine (libFuzzer's LLVMFuzzerMutate):
 * mutates d[0..size) in place into at most max bytes (max >= 1 when
 * called) and returns the new size. */
typedef size_t (*fz_byte_mutator)(uint8_t *d, size_t size, size_t max, void *ctx);

/* The part one fz_mutate call changed. */
typedef enum fz_mut_part {
    FZ_MUT_REPAIR = 0, /* the input was not of this version: made into one, nothing else */
    FZ_MUT_HEADER = 1,
    FZ_MUT_PROGRAM = 2,
    FZ_MUT_SCHEDULE = 3
} fz_mut_part;

/* Mutates the input data[0..size) in place (data holds max_size bytes)
 * and returns its new size (<= max_size). byte_mutate (may be NULL: own
 * operations only) gets ctx. *part (part may be NULL) says what changed:
 * for FZ_MUT_SCHEDULE the header and the program part are unchanged (up to
 * canonical encoding), for FZ_MUT_PROGRAM the header and the schedule, for
 * FZ_MUT_HEADER the program and the schedule. */
size_t fz_mutate(uint8_t *data, size_t size, size_t max_size, uint64_t seed,
                 fz_byte_mutator byte_mutate, void *ctx, fz_mut_part *part);

/* Writes into out (max_out bytes) an input made from inputs a and b,
 * returns its size. It has a's program kind (FZ_PROG_NONE when a does not
 * decode) and one of: a's header and program with b's schedule; a's
 * schedule up to a cut point followed by b's from another; b's strategy
 * and options on a's program and schedule; or, when both have a program
 * of a's kind, a's generator bytes spliced with b's (FZ_PROG_GEN) or b's
 * source (FZ_PROG_SOURCE) with a's header and schedule. Same guarantees as
 * fz_mutate. */
size_t fz_crossover(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, uint8_t *out,
                    size_t max_out, uint64_t seed);

/* Structure-aware trimming (AFL++'s afl_custom_trim): the candidates of
 * an input, smaller inputs in the order worth trying: the program part of
 * an FZ_PROG_NONE input dropped; a PRNG schedule cut to its 8 seed bytes,
 * a PCT one to its 12; the schedule cut to a half, then to three
 * quarters; chunks of the generator bytes dropped (halves, quarters,
 * eighths, sixteenths, in order); the last schedule byte dropped; the last
 * generator byte dropped. Every candidate decodes (FZ_OK, same kind) and
 * is strictly smaller than the input; a Go source is never cut. An input
 * that does not decode, or is shorter than the header, has none.
 * fz_trim_count says how many there are; fz_trim_candidate writes
 * candidate k (< count) into out (room for size bytes) and returns its
 * size, 0 when k is out of range. */
size_t fz_trim_count(const uint8_t *data, size_t size);
size_t fz_trim_candidate(const uint8_t *data, size_t size, size_t k, uint8_t *out);

/* ------------------------------------------------------------ concurrency coverage (fz_cov.c)
 *
 * Code coverage says little about schedules: two interleavings of the
 * same program run the same code. fz_cov is an observer that turns what an
 * execution did concurrently into coverage counters for the fuzzing
 * engine (libFuzzer's extra counters, AFL++'s map). Its features:
 *   - the site pair of every context switch (where one goroutine stopped,
 *     where the next one resumed);
 *   - which send site synchronised with which receive site (by message),
 *     and which close a receive saw;
 *   - which site woke a blocked goroutine, and where that one was blocked;
 *   - which select case won at which site, with which cases ready;
 *   - which close site came before an operation on the same channel, and
 *     which send site was the last before a close;
 *   - which unlock site handed a mutex to which lock site;
 *   - which write site a read of a captured variable saw, from another
 *     goroutine;
 *   - how many goroutines were blocked at each decision, and its site;
 *   - which defer sites a panic or Goexit ran, which recovers worked;
 *   - how the execution ended;
 *   - which way each if, for condition and switch went, and how often
 *     (the engine buckets the counts): the program's own state, such as
 *     how many turns a condition saw, through fz_cov_branch.
 * Features are keyed by source sites and small numbers only (never
 * addresses or object ids), so an input gives the same counters in every
 * run and every process. Each feature hashes to one saturating 8-bit
 * counter; the caller owns the counters and clears them between
 * executions (both engines do it for theirs). No allocation after
 * fz_cov_new. */

/* Counters a fuzz target gives fz_cov (a power of two). */
#define FZ_COV_COUNTERS 8192u

typedef struct fz_cov fz_cov;

/* A coverage observer writing to n counters (n a power of two, >= 64).
 * NULL when out of memory or n is not a power of two. */
fz_cov *fz_cov_new(size_t n);
void fz_cov_free(fz_cov *c);

/* Starts an execution: forgets everything about the previous one; the
 * features of this one are counted in counters[0..n). */
void fz_cov_begin(fz_cov *c, uint8_t *counters);

/* The observer to attach to lang_run_opts.observers. */
rt_observer fz_cov_observer(fz_cov *c);

/* lang_run_opts.on_branch, with branch_ctx the fz_cov. */
void fz_cov_branch(void *ctx, uint32_t site, uint32_t arm);

/* ------------------------------------------------------------ execution memo (fz_memo.c)
 *
 * fuzz_schedule runs one fixed program, and the runtime is deterministic:
 * under the same run options (language version, preemption) an execution
 * is a function of the decisions taken, and the decision point that
 * follows a prefix of taken decisions is always the same one (kind,
 * options, running goroutine). Most inputs a fuzzing engine runs repeat an
 * execution it has already run: a mutated byte the schedule never
 * reaches, or one that picks the same option (about 61% of the inputs of
 * a 200,000-run libFuzzer session on workerpool3.go).
 *
 * fz_memo keeps the executions run so far as a tree of decision points,
 * one tree per run-option combination (root < FZ_MEMO_ROOTS), each path a
 * sequence of taken decisions ending at a leaf that holds the coverage
 * counters that execution set. fz_memo_lookup walks a tree asking an
 * input's choice source each decision as the runtime would; reaching a
 * leaf means the input's execution is one already run, and its counters
 * are set again without running it. An execution is added (fz_memo_add)
 * only after it ran; the caller decides which ones (fuzz_schedule: those
 * that ended without findings, so that a known execution needs nothing
 * but its counters).
 *
 * Memory is bounded: when the tree would outgrow max_bytes it is dropped
 * and started afresh (a reset). The recording of the execution being run
 * comes on top, at most max_bytes / 4 (some 12 to 16 bytes per decision); an
 * execution whose worst case needs more than half the tree is run every
 * time, not kept, and so is one that meets a decision of more than 255
 * options. Adding an execution also checks it: a decision point
 * that differs from the one an earlier execution met after the same
 * decisions means the runtime is not deterministic. */

#define FZ_MEMO_ROOTS 4u

typedef struct fz_memo fz_memo;

/* A memo whose tree takes at most max_bytes (at least 64 KiB is used;
 * the bound is halved until its mapping fits where the address space is
 * limited). NULL when out of memory. */
fz_memo *fz_memo_new(size_t max_bytes);
void fz_memo_free(fz_memo *m);

/* Looks the execution ch would choose up in tree root: ch, fresh, is asked
 * the decisions of the known executions it follows. True when it reaches
 * a known execution: counters[0..n) (clear on entry) are set as that
 * execution set them. */
bool fz_memo_lookup(fz_memo *m, unsigned root, rt_chooser *ch, uint8_t *counters, size_t n);

/* Recording an execution: the chooser to give the runtime, which asks
 * inner and records every decision and answer in m (the previous
 * recording is forgotten). */
typedef struct fz_memo_rec {
    rt_chooser base;
    rt_chooser *inner;
    fz_memo *m;
} fz_memo_rec;
rt_chooser *fz_memo_record(fz_memo *m, fz_memo_rec *rec, rt_chooser *inner);

/* Adds the recorded execution to tree root, with the counters it set (the
 * non-zero ones of counters[0..n), n <= 2^24). Returns 0; or -1 when the
 * recording contradicts the tree (nondeterminism): *where is the index of
 * the first decision that differs (the number of decisions when the end
 * or the counters differ). An execution too large for the memo is not
 * added (0). */
int fz_memo_add(fz_memo *m, unsigned root, const uint8_t *counters, size_t n, uint64_t *where);

typedef struct fz_memo_stats {
    uint64_t lookups;  /* fz_memo_lookup calls */
    uint64_t hits;     /* ... that found a known execution */
    uint64_t added;    /* executions added (since the start, resets included) */
    uint64_t resets;   /* times the tree outgrew max_bytes and was dropped */
    size_t bytes;      /* memory taken now */
    size_t tree_bytes; /* ... of it, the part of the tree in use */
} fz_memo_stats;
void fz_memo_get_stats(const fz_memo *m, fz_memo_stats *s);

/* ------------------------------------------------------------ printed commands (fz_shell.c) */

/* s as one word of a POSIX shell command: unchanged when every byte is one
 * the shell takes literally (letters, digits, _-./:=@%+,), else in single
 * quotes, a quote written '\''. For the commands deferfuzz prints (file
 * names with spaces, schedules with "(70)"). malloc'd; NULL when out of
 * memory. */
char *fz_shell_word(const char *s);

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_FZ_H */
