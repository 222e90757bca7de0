/* fz_memo.c - the execution memo: a tree of the decision points of the
 * executions run so far (fz.h).
 *
 * The tree lives in one array of 32-bit words; a node is an offset into
 * it (0: none). Two kinds of node:
 *   decision  w[o] = nopts (>= 1), w[o+1] = kind | (keep + 1) << 1,
 *             w[o+2 ..] the nopts options, then nopts child offsets
 *             (the node after taking option t; 0 while unknown);
 *   leaf      w[o] = 0, w[o+1] = number of counters set, then one word
 *             per counter: index << 8 | value.
 * The recording of the current execution is a second array holding, per
 * decision, nopts, kind | (keep + 1) << 1, the options and the option
 * taken. */
#include "fz.h"

#include <stdlib.h>
#include <string.h>

#define MIN_BYTES ((size_t)64 << 10)

struct fz_memo {
    uint32_t *w; /* the tree; w[0] unused so that offset 0 means none */
    size_t len, cap, max_words;
    uint32_t root[FZ_MEMO_ROOTS];
    uint32_t *rec; /* the recording */
    size_t rec_len, rec_cap;
    bool rec_bad; /* the recording ran out of memory: not added */
    fz_memo_stats st;
};

fz_memo *fz_memo_new(size_t max_bytes)
{
    fz_memo *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    if (max_bytes < MIN_BYTES)
        max_bytes = MIN_BYTES;
    m->max_words = max_bytes / sizeof(uint32_t);
    if (m->max_words > UINT32_MAX)
        m->max_words = UINT32_MAX;
    m->cap = 4096;
    m->w = malloc(m->cap * sizeof *m->w);
    if (!m->w) {
        free(m);
        return NULL;
    }
    m->len = 1;
    return m;
}

void fz_memo_free(fz_memo *m)
{
    if (!m)
        return;
    free(m->w);
    free(m->rec);
    free(m);
}

void fz_memo_get_stats(const fz_memo *m, fz_memo_stats *s)
{
    *s = m->st;
    s->bytes = (m->cap + m->rec_cap) * sizeof(uint32_t) + sizeof *m;
}

/* ================================================================ lookup */

bool fz_memo_lookup(fz_memo *m, unsigned root, rt_chooser *ch, uint8_t *counters, size_t n)
{
    m->st.lookups++;
    if (root >= FZ_MEMO_ROOTS)
        return false;
    const uint32_t *w = m->w;
    uint32_t o = m->root[root];
    uint64_t index = 0;
    while (o) {
        uint32_t nopts = w[o];
        if (nopts == 0) {
            uint32_t nc = w[o + 1];
            for (uint32_t i = 0; i < nc; i++) {
                uint32_t e = w[o + 2 + i];
                if ((e >> 8) < n)
                    counters[e >> 8] = (uint8_t)e;
            }
            m->st.hits++;
            return true;
        }
        rt_decision d = {(rt_decision_kind)(w[o + 1] & 1u), nopts, w + o + 2,
                         (int32_t)(w[o + 1] >> 1) - 1, index++};
        uint32_t t = ch->choose(ch, &d) % nopts;
        o = w[o + 2 + nopts + t];
    }
    return false;
}

/* ================================================================ recording */

/* Grows *a (*cap words) to hold need words, doubling, to at most max
 * words; false when need exceeds max or memory runs out. */
static bool grow(uint32_t **a, size_t *cap, size_t need, size_t max)
{
    if (need <= *cap)
        return true;
    if (need > max)
        return false;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    if (c > max)
        c = max;
    uint32_t *p = realloc(*a, c * sizeof *p);
    if (!p)
        return false;
    *a = p;
    *cap = c;
    return true;
}

/* The recording takes at most a quarter of the bound: the tree would not
 * take more. */
static bool rec_reserve(fz_memo *m, size_t more)
{
    return grow(&m->rec, &m->rec_cap, m->rec_len + more, m->max_words / 4);
}

static uint32_t rec_choose(rt_chooser *self, const rt_decision *d)
{
    fz_memo_rec *r = (fz_memo_rec *)self;
    fz_memo *m = r->m;
    uint32_t nopts = d->nopts ? d->nopts : 1;
    uint32_t t = r->inner->choose(r->inner, d) % nopts;
    if (m->rec_bad || !rec_reserve(m, 3 + (size_t)nopts)) {
        m->rec_bad = true;
        return t;
    }
    uint32_t *p = m->rec + m->rec_len;
    p[0] = nopts;
    p[1] = ((uint32_t)d->kind & 1u) | (uint32_t)(d->keep + 1) << 1;
    memcpy(p + 2, d->opts, nopts * sizeof *p);
    p[2 + nopts] = t;
    m->rec_len += 3 + (size_t)nopts;
    return t;
}

rt_chooser *fz_memo_record(fz_memo *m, fz_memo_rec *rec, rt_chooser *inner)
{
    rec->base.choose = rec_choose;
    rec->inner = inner;
    rec->m = m;
    m->rec_len = 0;
    m->rec_bad = false;
    return &rec->base;
}

/* ================================================================ adding */

static void reset(fz_memo *m)
{
    memset(m->root, 0, sizeof m->root);
    m->len = 1;
    m->st.resets++;
}

/* Room for more words in the tree, growing it up to max_words. */
static bool tree_reserve(fz_memo *m, size_t more)
{
    return grow(&m->w, &m->cap, m->len + more, m->max_words);
}

/* The counters set, as leaf words, into out (room for n); returns how many.
 * A word at a time: some fifty counters set of 2048. */
static uint32_t counter_words(const uint8_t *c, size_t n, uint32_t *out)
{
    uint32_t k = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, c + i, sizeof word);
        if (!word)
            continue;
        for (size_t j = i; j < i + 8; j++)
            if (c[j])
                out[k++] = (uint32_t)j << 8 | c[j];
    }
    for (; i < n; i++)
        if (c[i])
            out[k++] = (uint32_t)i << 8 | c[i];
    return k;
}

/* Whether a[0..n) == b[0..n). Not memcmp: libFuzzer hooks memcmp and
 * takes the operands of every unequal call as hints for its mutations, so
 * a contradiction found here would leave hints a run without the memo
 * does not. */
static bool same_words(const uint32_t *a, const uint32_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

int fz_memo_add(fz_memo *m, unsigned root, const uint8_t *counters, size_t n, uint64_t *where)
{
    if (root >= FZ_MEMO_ROOTS || m->rec_bad || n > ((size_t)1 << 24))
        return 0;
    /* The most the new nodes can take: every decision new, every counter set. */
    size_t need = m->rec_len * 2 + 2 + n;
    if (need > m->max_words / 2) /* would leave room for little else: not kept */
        return 0;
    if (!tree_reserve(m, need)) {
        reset(m);
        if (!tree_reserve(m, need))
            return 0;
    }
    uint32_t *w = m->w; /* no reallocation from here on */
    uint32_t *slot = &m->root[root];
    uint64_t index = 0;
    for (size_t i = 0; i < m->rec_len; index++) {
        const uint32_t *r = m->rec + i;
        uint32_t nopts = r[0];
        uint32_t o = *slot;
        if (!o) {
            o = (uint32_t)m->len;
            w[o] = nopts;
            w[o + 1] = r[1];
            memcpy(w + o + 2, r + 2, nopts * sizeof *w);
            memset(w + o + 2 + nopts, 0, nopts * sizeof *w);
            m->len += 2 + 2 * (size_t)nopts;
            *slot = o;
        } else if (w[o] != nopts || w[o + 1] != r[1] || !same_words(w + o + 2, r + 2, nopts)) {
            *where = index;
            return -1;
        }
        slot = &w[o + 2 + nopts + r[2 + nopts]];
        i += 3 + (size_t)nopts;
    }
    uint32_t *leaf = w + m->len;
    uint32_t nc = counter_words(counters, n, leaf + 2);
    if (*slot) {
        /* Known already (added twice): the end and the counters must agree. */
        uint32_t o = *slot;
        if (w[o] != 0 || w[o + 1] != nc || !same_words(w + o + 2, leaf + 2, nc)) {
            *where = index;
            return -1;
        }
        return 0;
    }
    leaf[0] = 0;
    leaf[1] = nc;
    *slot = (uint32_t)m->len;
    m->len += 2 + (size_t)nc;
    m->st.added++;
    return 0;
}
