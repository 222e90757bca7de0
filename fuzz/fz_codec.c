/* fz_codec.c - the input format of fz.h: decoding, encoding, loading the
 * program of an input and the choice source its schedule drives.
 *
 * Decoding never fails once the magic and the version match: missing
 * header bytes read as 0, fields are reduced modulo their range, and the
 * program length is clamped to the bytes present (and to FZ_MAX_INPUT).
 * The input is only read, never written, and nothing is allocated. */
#include "fz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Header byte i of data[0..len), 0 past the end. */
static uint8_t hbyte(const uint8_t *data, size_t len, size_t i)
{
    return i < len ? data[i] : 0;
}

/* Little-endian integer of n bytes at p[0..len), zero-padded. */
static uint64_t le(const uint8_t *p, size_t len, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < len; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void set_err(char *err, size_t cap, const char *msg, unsigned version)
{
    if (err && cap)
        snprintf(err, cap, msg, version, FZ_VERSION);
}

int fz_decode(const uint8_t *data, size_t len, fz_input *in, char *err, size_t cap)
{
    memset(in, 0, sizeof *in);
    in->pct_depth = 1;
    if (err && cap)
        err[0] = '\0';
    if (!data || len < 3 || memcmp(data, FZ_MAGIC, 3) != 0) {
        set_err(err, cap, "not a deferfuzz input (no DFZ header)", 0);
        return FZ_EMAGIC;
    }
    if (len < 4) {
        set_err(err, cap, "truncated deferfuzz input (no version byte)", 0);
        return FZ_EMAGIC;
    }
    if (data[3] != FZ_VERSION) {
        set_err(err, cap, "input version %u, this deferfuzz reads version %u", data[3]);
        return FZ_EVERSION;
    }
    in->strategy = (fz_strategy)(hbyte(data, len, 4) % 3);
    uint8_t opt = hbyte(data, len, 5);
    in->pct_depth = 1u + (opt & 0x0f) % RT_PCT_MAX_DEPTH;
    in->preempt_sync = (opt & 0x10) != 0;
    in->go119 = (opt & 0x20) != 0;
    in->kind = (fz_prog_kind)(hbyte(data, len, 6) % 3);
    uint64_t claim = 0;
    for (size_t i = 0; i < 4; i++)
        claim |= (uint64_t)hbyte(data, len, 7 + i) << (8 * i);
    size_t rest = len > FZ_HEADER_SIZE ? len - FZ_HEADER_SIZE : 0;
    size_t n = claim < rest ? (size_t)claim : rest;
    if (n > FZ_MAX_INPUT)
        n = FZ_MAX_INPUT;
    in->prog = len > FZ_HEADER_SIZE ? data + FZ_HEADER_SIZE : NULL;
    in->prog_len = n;
    in->sched = len > FZ_HEADER_SIZE + n ? data + FZ_HEADER_SIZE + n : NULL;
    in->sched_len = rest - n;
    if (!in->prog_len)
        in->prog = NULL;
    return FZ_OK;
}

bool fz_truncated(const uint8_t *data, size_t len)
{
    if (!data || len < 4 || memcmp(data, FZ_MAGIC, 3) != 0 || data[3] != FZ_VERSION)
        return false;
    if (len < FZ_HEADER_SIZE)
        return true;
    return le(data + 7, 4, 4) > len - FZ_HEADER_SIZE;
}

void fz_put_header(uint8_t *b, const fz_input *in, size_t plen)
{
    memcpy(b, FZ_MAGIC, 3);
    b[3] = (uint8_t)FZ_VERSION;
    b[4] = (uint8_t)((unsigned)in->strategy % 3);
    uint32_t d = in->pct_depth;
    if (d < 1)
        d = 1;
    if (d > RT_PCT_MAX_DEPTH)
        d = RT_PCT_MAX_DEPTH;
    b[5] = (uint8_t)((d - 1) | (in->preempt_sync ? 0x10u : 0) | (in->go119 ? 0x20u : 0));
    b[6] = (uint8_t)((unsigned)in->kind % 3);
    for (int i = 0; i < 4; i++)
        b[7 + i] = (uint8_t)(plen >> (8 * i));
}

size_t fz_encode(const fz_input *in, uint8_t **out)
{
    *out = NULL;
    size_t plen = in->prog ? in->prog_len : 0;
    size_t slen = in->sched ? in->sched_len : 0;
    if (plen > FZ_MAX_INPUT)
        return 0;
    size_t total = FZ_HEADER_SIZE + plen + slen;
    if (total < slen) /* overflow */
        return 0;
    uint8_t *b = malloc(total ? total : 1);
    if (!b)
        return 0;
    fz_put_header(b, in, plen);
    if (plen)
        memcpy(b + FZ_HEADER_SIZE, in->prog, plen);
    if (slen)
        memcpy(b + FZ_HEADER_SIZE + plen, in->sched, slen);
    *out = b;
    return total;
}

static char *dup_msg(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

lang_program *fz_load(const fz_input *in, const lang_options *opts, char **err)
{
    lang_options dflt = {in->go119 ? LANG_GO119 : LANG_GO122, 0};
    if (!opts)
        opts = &dflt;
    *err = NULL;
    switch (in->kind) {
    case FZ_PROG_SOURCE:
        return lang_load(FZ_SOURCE_NAME, in->prog ? (const char *)in->prog : "",
                         in->prog ? in->prog_len : 0, opts, err);
    case FZ_PROG_GEN: {
        size_t n = 0;
        char *src = fz_generate(in->prog, in->prog_len, &n);
        if (!src) {
            *err = dup_msg("out of memory generating the program");
            return NULL;
        }
        lang_program *p = lang_load(FZ_GEN_NAME, src, n, opts, err);
        free(src);
        return p;
    }
    default:
        *err = dup_msg("the input holds no program (the fuzz target supplies one)");
        return NULL;
    }
}

uint64_t fz_sched_seed(const fz_input *in)
{
    return le(in->sched, in->sched ? in->sched_len : 0, 8);
}

uint32_t fz_sched_pct_k(const fz_input *in)
{
    size_t n = in->sched ? in->sched_len : 0;
    uint32_t k = n > 8 ? (uint32_t)le(in->sched + 8, n - 8, 4) : 0;
    return k ? k : FZ_PCT_DEFAULT_K;
}

rt_chooser *fz_chooser_init(fz_chooser *c, const fz_input *in)
{
    switch (in->strategy) {
    case FZ_STRAT_PRNG:
        rt_prng_chooser_init(&c->u.prng, fz_sched_seed(in));
        return &c->u.prng.base;
    case FZ_STRAT_PCT:
        rt_pct_chooser_init(&c->u.pct, fz_sched_seed(in), in->pct_depth, fz_sched_pct_k(in));
        return &c->u.pct.base;
    default:
        rt_bytes_chooser_init(&c->u.bytes, in->sched, in->sched ? in->sched_len : 0);
        return &c->u.bytes.base;
    }
}
