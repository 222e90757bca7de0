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
 *   5       1     PCT depth: 1 + byte % RT_PCT_MAX_DEPTH (only for FZ_STRAT_PCT)
 *   6       1     program kind: byte % 3 = fz_prog_kind
 *   7       4     program length, u32 little-endian, clamped to what is left
 *   11      n     program bytes (Go source text, or generator bytes)
 *   11+n    ...   schedule bytes: the rest of the input
 *
 * Only the magic and the version can make an input invalid: once they
 * match, every byte string decodes (fields are reduced modulo their range,
 * lengths are clamped), generator bytes always give a well-typed program,
 * and schedule bytes always give a valid choice stream. A Go-source
 * program that does not load is the one other refusal (fz_load says why).
 *
 * Schedule strategies:
 *   FZ_STRAT_RAW   one byte per decision (option = byte % nopts), then
 *                  "keep running" when the bytes run out: a one-byte
 *                  mutation changes one decision;
 *   FZ_STRAT_PRNG  the first 8 bytes (LE, zero-padded) seed the PRNG;
 *   FZ_STRAT_PCT   the first 8 bytes seed PCT (rt_pct_chooser) with the
 *                  header's depth; bytes 8..11 (LE u32, default 64) give k,
 *                  the number of decisions change points are drawn from.
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
    fz_prog_kind kind;
    const uint8_t *prog;
    size_t prog_len;
    const uint8_t *sched;
    size_t sched_len;
} fz_input;

/* Status codes. */
#define FZ_OK       0
#define FZ_EMAGIC   (-1) /* not a deferfuzz input (magic, or shorter than the header) */
#define FZ_EVERSION (-2) /* a deferfuzz input of another version */
#define FZ_ELOAD    (-3) /* the Go source in the input does not load */
#define FZ_ENOMEM   (-4)

/* Decodes data[0..len). Returns FZ_OK, FZ_EMAGIC or FZ_EVERSION; on error
 * err (cap bytes) holds a message such as "input version 7, this deferfuzz
 * reads version 1". */
int fz_decode(const uint8_t *data, size_t len, fz_input *in, char *err, size_t cap);

/* Encodes in into a malloc'd buffer (*out, returns its length; 0 and *out
 * NULL when out of memory). Decoding the result gives back in's fields. */
size_t fz_encode(const fz_input *in, uint8_t **out);

/* Generates a Go program of the deferfuzz subset from generator bytes:
 * always well-typed (lang_load accepts it with go1.22 and go1.19 rules),
 * gofmt-formatted, bounded in size and running time (every loop is
 * bounded). Returns malloc'd NUL-terminated source, its length in *len. */
char *fz_generate(const uint8_t *bytes, size_t len, size_t *srclen);

/* Loads the program of in (source, or generated from its bytes) with
 * opts; for FZ_PROG_NONE returns NULL with FZ_ELOAD. *err as lang_load. */
lang_program *fz_load(const fz_input *in, const lang_options *opts, char **err);

/* The choice source an input's schedule drives (no allocation). */
typedef struct fz_chooser {
    union {
        rt_chooser base;
        rt_bytes_chooser bytes;
        rt_prng_chooser prng;
        rt_pct_chooser pct;
    } u;
} fz_chooser;
rt_chooser *fz_chooser_init(fz_chooser *c, const fz_input *in);

#ifdef __cplusplus
}
#endif
#endif /* DEFERFUZZ_FZ_H */
