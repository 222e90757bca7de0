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
 *   - how the execution ended.
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

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_FZ_H */
